//! Reading and writing an order: its items, its history, the claims on its notices.

use super::*;

impl Orders for DynamoStore {
    async fn get(&self, order_id: &str) -> Result<Option<Order>, StoreError> {
        for _ in 0..3 {
            let (mut head, mut details, mut lines, mut notices, mut cases, mut legacy) =
                (None, None, Vec::new(), Vec::new(), Vec::new(), None);
            for item in self.order_items(order_id).await? {
                let sk = item.get("sk").and_then(|v| v.as_s().ok()).cloned().unwrap_or_default();
                match sk.as_str() {
                    HEAD_SK => head = Some(from_item::<HeadItem>(item)?.head),
                    DETAILS_SK => details = Some(from_item::<DetailsItem>(item)?.details),
                    LEGACY_SK if item.contains_key(MOVED) => {}
                    LEGACY_SK => legacy = Some(from_item::<LegacyItem>(item)?.order),
                    sk if sk.starts_with(LINES_PREFIX) => lines.push((sk.to_string(), from_item::<LinesItem>(item)?)),
                    sk if sk.starts_with(NOTICE_PREFIX) => notices.push(from_item::<NoticeItem>(item)?.notice),
                    sk if sk.starts_with(CASE_PREFIX) => cases.push(from_item::<CaseItem>(item)?.case),
                    _ => {}
                }
            }
            match (head, details, legacy) {
                (Some(head), Some(details), _) => {
                    // Only the chunks the details count (one left by an older write is not read).
                    let counted = |sk: &str| {
                        sk.strip_prefix(LINES_PREFIX)
                            .and_then(|n| n.parse::<u32>().ok())
                            .is_some_and(|n| n <= details.chunks)
                    };
                    lines.retain(|(sk, _)| counted(sk));
                    lines.sort_by(|a, b| a.0.cmp(&b.0));
                    let more = lines.into_iter().flat_map(|(_, chunk)| chunk.lines).collect();
                    return Ok(Some(layout::assemble(head, details, more, notices, cases)));
                }
                (_, _, Some(legacy)) if !self.moves => return Ok(Some(legacy)),
                (_, _, Some(legacy)) => match self.migrate(legacy).await {
                    Ok(order) => return Ok(Some(order)),
                    Err(StoreError::Conflict | StoreError::Duplicate) => continue,
                    Err(error) => return Err(error),
                },
                _ => return Ok(None),
            }
        }
        Err(StoreError::Unavailable("the order kept changing while it was moved to the new layout".into()))
    }

    async fn status_token(&self, order_id: &str) -> Result<Option<crate::domain::Private<String>>, StoreError> {
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .key("pk", AttributeValue::S(self.scope.order(order_id)))
            .key("sk", AttributeValue::S(DETAILS_SK.into()))
            .projection_expression("status_token")
            .send()
            .await
            .map_err(unavailable)?;
        match output.item.as_ref().and_then(|item| item.get("status_token")).and_then(|v| v.as_s().ok()) {
            Some(token) => Ok(Some(crate::domain::Private::new(token.clone()))),
            // An order still in the former layout has no details item: read it whole (which moves it).
            None => Ok(self.get(order_id).await?.map(|order| order.status_token)),
        }
    }

    async fn save(&self, before: Option<&Order>, after: &Order, atomicity: Atomicity) -> Result<(), StoreError> {
        let plan = Plan::of(before, after);
        if plan.is_empty() {
            return Ok(());
        }
        let relaxed = plan.relaxed(atomicity);
        // A line chunk an order no longer fills is left in place: reading counts only the chunks
        // the details name, and a put-only write needs no delete permission.
        let mut writes = self.writes(&plan, before, after)?;
        if writes.len() == 1 || relaxed {
            for write in writes.drain(..) {
                self.put_one(write).await?;
            }
            return Ok(());
        }
        self.transact(writes).await
    }

    async fn claim_notice(
        &self,
        order_id: &str,
        notice_id: &crate::domain::NoticeId,
        now: Timestamp,
        lease_until: Timestamp,
        attempt: u64,
    ) -> Result<Option<Order>, StoreError> {
        for _ in 0..2 {
            let result = self
                .client
                .update_item()
                .table_name(&self.table)
                .key("pk", AttributeValue::S(self.scope.order(order_id)))
                .key("sk", AttributeValue::S(format!("{NOTICE_PREFIX}{notice_id}")))
                .update_expression(
                    "SET #state = :sending, lease_until = :lease, attempt = :attempt, attempts = attempts + :one, \
                     revision = revision + :one",
                )
                .condition_expression("#state = :queued OR (#state = :sending AND lease_until <= :now)")
                .expression_attribute_names("#state", "state")
                .expression_attribute_values(":sending", AttributeValue::S("sending".into()))
                .expression_attribute_values(":queued", AttributeValue::S("queued".into()))
                .expression_attribute_values(":lease", AttributeValue::N(lease_until.as_second().to_string()))
                .expression_attribute_values(":attempt", AttributeValue::N(attempt.to_string()))
                .expression_attribute_values(":now", AttributeValue::N(now.as_second().to_string()))
                .expression_attribute_values(":one", AttributeValue::N("1".into()))
                .send()
                .await;
            match result {
                Ok(_) => return self.get(order_id).await,
                Err(error) if is_condition_failure(&error) => {
                    // An order still in the former layout has no notice items yet: move it, then claim.
                    let legacy = self.order_items(order_id).await?.iter().any(|item| {
                        let sk = item.get("sk").and_then(|v| v.as_s().ok());
                        sk.is_some_and(|sk| sk == LEGACY_SK) && !item.contains_key(MOVED)
                    });
                    if !legacy {
                        return Ok(None);
                    }
                    self.get(order_id).await?;
                }
                Err(error) => return Err(unavailable(error)),
            }
        }
        Ok(None)
    }
}

impl History for DynamoStore {
    async fn history(&self, order_id: &str) -> Result<Vec<TimelineEntry>, StoreError> {
        let events = self.query(order_id, "begins_with(sk, :first)", EVENT_PREFIX, None, false).await?;
        let records = events.into_iter().map(|item| Ok(from_item::<EventItem>(item)?.record));
        Ok(EventRecord::timeline(records.collect::<Result<Vec<_>, StoreError>>()?))
    }

    async fn erase_history(&self, order_id: &str) -> Result<(), StoreError> {
        for item in self.query(order_id, "begins_with(sk, :first)", EVENT_PREFIX, None, true).await? {
            let mut kept: EventItem = from_item(item)?;
            let Some(entry) = kept.record.entry.as_mut().filter(|e| e.note.is_some()) else { continue };
            entry.note = None;
            let item = to_item(kept)?;
            self.put_plain(item).await?;
        }
        Ok(())
    }
}

impl DynamoStore {
    /// Writes again every head written before the lists read `by-stage` (one without `stage`), so
    /// that it enters `by-stage` and leaves `by-status`, and moves every order still in the former
    /// one-item layout (which the move writes as a head of today); an order changed meanwhile was
    /// written by that change. A head that still holds its returns and complaints gets their items
    /// first, as any write of it would. Returns how many orders were written. Run once after
    /// upgrading; running it again finds nothing to do.
    pub async fn restage(&self) -> Result<usize, StoreError> {
        let mut restaged = 0;
        let mut start = None;
        loop {
            let output = self
                .client
                .scan()
                .table_name(&self.table)
                .filter_expression(
                    "(sk = :head AND attribute_not_exists(stage)) OR (sk = :legacy AND attribute_not_exists(#moved))",
                )
                .expression_attribute_names("#moved", MOVED)
                .expression_attribute_values(":head", AttributeValue::S(HEAD_SK.into()))
                .expression_attribute_values(":legacy", AttributeValue::S(LEGACY_SK.into()))
                .projection_expression("pk, sk")
                .set_exclusive_start_key(start)
                .send()
                .await
                .map_err(unavailable)?;
            for item in output.items() {
                let Some(id) = item.get("pk").and_then(|pk| self.scope.order_id(pk.as_s().ok()?)) else {
                    continue;
                };
                let legacy = item.get("sk").and_then(|sk| sk.as_s().ok()).is_some_and(|sk| sk == LEGACY_SK);
                // Reading an order in the former layout moves it (this store moves what it reads).
                let Some(order) = self.get(id).await? else { continue };
                if legacy {
                    restaged += 1;
                    continue;
                }
                if order.cases_in_head {
                    for case in layout::cases(&order) {
                        let sk = format!("{CASE_PREFIX}{}", case.key());
                        self.put_plain(to_item(CaseItem { pk: self.scope.order(&order.id), sk, case })?).await?;
                    }
                }
                let result = self
                    .client
                    .put_item()
                    .table_name(&self.table)
                    .set_item(Some(to_item(HeadItem::of(&self.scope, &order, layout::head_due(&order)))?))
                    .condition_expression("version = :read AND attribute_not_exists(stage)")
                    .expression_attribute_values(":read", AttributeValue::N(order.version.to_string()))
                    .send()
                    .await;
                match result {
                    Ok(_) => restaged += 1,
                    Err(error) if is_condition_failure(&error) => {}
                    Err(error) => return Err(unavailable(error)),
                }
            }
            match output.last_evaluated_key {
                Some(key) => start = Some(key),
                None => return Ok(restaged),
            }
        }
    }
}
