//! What the back office keeps beside orders: sign-ins and sessions, notes on customers, the
//! invoice sequence and once-only marks, the audit trail and unmatched provider events.

use super::*;

impl Sessions for DynamoStore {
    async fn count_failed_sign_in(
        &self,
        who: &str,
        now: Timestamp,
        window: jiff::SignedDuration,
    ) -> Result<u32, StoreError> {
        let key = |item: &mut Item| {
            item.insert("pk".into(), AttributeValue::S(self.scope.key(&format!("SIGNIN#{who}"))));
            item.insert("sk".into(), AttributeValue::S("SIGNIN".into()));
        };
        let counted = self.failed_sign_ins(who, now).await?;
        let mut item = Item::new();
        key(&mut item);
        if counted == 0 {
            // A new window: its end is also when DynamoDB may remove the item.
            item.insert("failures".into(), AttributeValue::N("1".into()));
            item.insert("expires_at".into(), AttributeValue::N((now + window).as_second().to_string()));
            self.put_plain(item).await?;
            return Ok(1);
        }
        let output = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(item))
            .update_expression("ADD failures :one")
            .expression_attribute_values(":one", AttributeValue::N("1".into()))
            .return_values(aws_sdk_dynamodb::types::ReturnValue::UpdatedNew)
            .send()
            .await
            .map_err(unavailable)?;
        let failures = output.attributes.and_then(|a| a.get("failures").cloned());
        Ok(failures.and_then(|f| f.as_n().ok().and_then(|n| n.parse().ok())).unwrap_or(counted + 1))
    }

    async fn failed_sign_ins(&self, who: &str, now: Timestamp) -> Result<u32, StoreError> {
        let output = self.get_one(self.scope.key(&format!("SIGNIN#{who}")), "SIGNIN", true).await?;
        let Some(item) = output else { return Ok(0) };
        let number = |name: &str| item.get(name).and_then(|v| v.as_n().ok()).and_then(|n| n.parse::<i64>().ok());
        let live = number("expires_at").is_some_and(|until| until > now.as_second());
        Ok(if live { number("failures").unwrap_or(0) as u32 } else { 0 })
    }

    async fn session_version(&self, account: &str) -> Result<u64, StoreError> {
        let output = self.get_one(self.scope.key(&format!("STAFF#{account}")), "SESSIONS", true).await?;
        let version = output.and_then(|item| item.get("version").and_then(|v| v.as_n().ok()?.parse().ok()));
        Ok(version.unwrap_or(0))
    }

    async fn end_sessions(&self, account: &str) -> Result<u64, StoreError> {
        let output = self
            .client
            .update_item()
            .table_name(&self.table)
            .key("pk", AttributeValue::S(self.scope.key(&format!("STAFF#{account}"))))
            .key("sk", AttributeValue::S("SESSIONS".into()))
            .update_expression("ADD version :one")
            .expression_attribute_values(":one", AttributeValue::N("1".into()))
            .return_values(aws_sdk_dynamodb::types::ReturnValue::UpdatedNew)
            .send()
            .await
            .map_err(unavailable)?;
        let version = output.attributes.and_then(|a| a.get("version").and_then(|v| v.as_n().ok()?.parse().ok()));
        version.ok_or_else(|| StoreError::Corrupt("a session version with no number".into()))
    }
}

impl CustomerNotes for DynamoStore {
    async fn customer_note(&self, customer: &Pointer) -> Result<Option<crate::store::StaffNote>, StoreError> {
        for pk in self.pointer_keys(customer)? {
            let output = self.get_one(pk, NOTE_SK, false).await?;
            if let Some(item) = output {
                return Ok(Some(from_item::<NoteItem>(item)?.note));
            }
        }
        Ok(None)
    }

    async fn set_customer_note(&self, customer: &Pointer, note: &crate::store::StaffNote) -> Result<(), StoreError> {
        let item = NoteItem { pk: self.pointer_key(customer)?, sk: NOTE_SK.into(), note: note.clone() };
        self.put_plain(to_item(item)?).await?;
        Ok(())
    }

    async fn forget_customer_note(&self, customer: &Pointer) -> Result<(), StoreError> {
        for pk in self.pointer_keys(customer)? {
            self.delete_one(pk, NOTE_SK).await?;
        }
        Ok(())
    }
}

impl Sequences for DynamoStore {
    async fn invoice_number(&self, order_id: &str) -> Result<u64, StoreError> {
        let invoice_key = || {
            Item::from([
                ("pk".to_string(), AttributeValue::S(self.scope.order(order_id))),
                ("sk".to_string(), AttributeValue::S(INVOICE_SK.into())),
            ])
        };
        let sequence_key = || {
            Item::from([
                ("pk".to_string(), AttributeValue::S(self.scope.key("SEQ#INVOICE"))),
                ("sk".to_string(), AttributeValue::S("SEQ".into())),
            ])
        };
        let number_of = |item: Option<Item>, name: &str| {
            item.and_then(|i| i.get(name).and_then(|v| v.as_n().ok()).and_then(|n| n.parse::<u64>().ok()))
        };
        for _ in 0..10 {
            let given = self
                .client
                .get_item()
                .table_name(&self.table)
                .set_key(Some(invoice_key()))
                .consistent_read(true)
                .send();
            if let Some(number) = number_of(given.await.map_err(unavailable)?.item, "number") {
                return Ok(number);
            }
            let last = self
                .client
                .get_item()
                .table_name(&self.table)
                .set_key(Some(sequence_key()))
                .consistent_read(true)
                .send();
            let last = number_of(last.await.map_err(unavailable)?.item, "last");
            let next = last.unwrap_or(0) + 1;
            // The sequence moves on and the order takes the number together, or neither does.
            let advance = aws_sdk_dynamodb::types::Update::builder()
                .table_name(&self.table)
                .set_key(Some(sequence_key()))
                .update_expression("SET #last = :next")
                .condition_expression(match last {
                    Some(_) => "#last = :last",
                    None => "attribute_not_exists(#last)",
                })
                .expression_attribute_names("#last", "last")
                .set_expression_attribute_values(Some(
                    [(":next".to_string(), AttributeValue::N(next.to_string()))]
                        .into_iter()
                        .chain(last.map(|l| (":last".to_string(), AttributeValue::N(l.to_string()))))
                        .collect(),
                ))
                .build()
                .map_err(|e| StoreError::Corrupt(e.to_string()))?;
            let mut invoice = invoice_key();
            invoice.insert("number".into(), AttributeValue::N(next.to_string()));
            let take = Put::builder()
                .table_name(&self.table)
                .set_item(Some(invoice))
                .condition_expression("attribute_not_exists(pk)")
                .build()
                .map_err(|e| StoreError::Corrupt(e.to_string()))?;
            let written = self
                .client
                .transact_write_items()
                .transact_items(TransactWriteItem::builder().update(advance).build())
                .transact_items(TransactWriteItem::builder().put(take).build())
                .send()
                .await;
            match written {
                Ok(_) => return Ok(next),
                // Another order took this number, or this order got one meanwhile: read again.
                Err(error) if error.as_service_error().is_some_and(|e| e.is_transaction_canceled_exception()) => {}
                Err(error) => return Err(unavailable(error)),
            }
        }
        Err(StoreError::Unavailable("the invoice sequence kept changing".into()))
    }

    async fn is_done(&self, key: &str) -> Result<bool, StoreError> {
        let output = self.get_one(self.scope.key(&format!("DONE#{key}")), "DONE", true).await?;
        Ok(output.is_some())
    }

    async fn mark_done(&self, key: &str, keep_until: Timestamp) -> Result<(), StoreError> {
        let item = Item::from([
            ("pk".to_string(), AttributeValue::S(self.scope.key(&format!("DONE#{key}")))),
            ("sk".to_string(), AttributeValue::S("DONE".into())),
            ("expires_at".to_string(), AttributeValue::N(keep_until.as_second().to_string())),
        ]);
        self.put_plain(item).await?;
        Ok(())
    }
}

impl Trails for DynamoStore {
    async fn record_audit(&self, entry: &crate::store::AuditEntry) -> Result<(), StoreError> {
        let mut item = to_item(entry)?;
        let day = entry.at.to_zoned(jiff::tz::TimeZone::UTC).date();
        let mut nonce = [0u8; 4];
        getrandom::fill(&mut nonce).map_err(|e| StoreError::Corrupt(format!("no randomness: {e}")))?;
        let nonce = hex::encode(nonce);
        item.insert("pk".into(), AttributeValue::S(self.scope.key(&format!("AUDIT#{day}"))));
        // Fixed width, so that the sort key's order is the time's.
        item.insert("sk".into(), AttributeValue::S(format!("{:024}#{nonce}", entry.at.as_nanosecond())));
        let expires = (entry.at + crate::store::AUDIT_KEPT).as_second();
        item.insert("expires_at".into(), AttributeValue::N(expires.to_string()));
        self.put_plain(item).await?;
        Ok(())
    }

    async fn audit_trail(&self, day: jiff::civil::Date) -> Result<Vec<crate::store::AuditEntry>, StoreError> {
        let output = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression("pk = :pk")
            .expression_attribute_values(":pk", AttributeValue::S(self.scope.key(&format!("AUDIT#{day}"))))
            .scan_index_forward(false)
            .limit(500)
            .send()
            .await
            .map_err(unavailable)?;
        output.items.unwrap_or_default().into_iter().map(from_item).collect()
    }

    async fn note_unmatched(&self, event: &crate::store::UnmatchedEvent) -> Result<Timestamp, StoreError> {
        let mut item = to_item(event)?;
        item.insert("pk".into(), AttributeValue::S(self.scope.key("UNMATCHED")));
        item.insert("sk".into(), AttributeValue::S(event.key()));
        let expires = (event.first_at + crate::store::UNMATCHED_KEPT).as_second();
        item.insert("expires_at".into(), AttributeValue::N(expires.to_string()));
        let put = self
            .client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(item))
            .condition_expression("attribute_not_exists(pk)")
            .send()
            .await;
        match put {
            Ok(_) => Ok(event.first_at),
            Err(error) if is_condition_failure(&error) => {
                let stored = self.get_one(self.scope.key("UNMATCHED"), &event.key(), true).await?;
                let stored: Option<crate::store::UnmatchedEvent> = stored.map(from_item).transpose()?;
                Ok(stored.map_or(event.first_at, |s| s.first_at))
            }
            Err(error) => Err(unavailable(error)),
        }
    }

    async fn unmatched_events(&self) -> Result<Vec<crate::store::UnmatchedEvent>, StoreError> {
        let output = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression("pk = :pk")
            .expression_attribute_values(":pk", AttributeValue::S(self.scope.key("UNMATCHED")))
            .limit(100)
            .send()
            .await
            .map_err(unavailable)?;
        let mut events: Vec<crate::store::UnmatchedEvent> =
            output.items.unwrap_or_default().into_iter().map(from_item).collect::<Result<_, _>>()?;
        events.sort_by_key(|e| std::cmp::Reverse(e.first_at));
        Ok(events)
    }
}
