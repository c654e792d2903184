//! Parked events, pointers and the table's two indexes (the lists by stage, the sweep's due items).

use super::*;

impl Parking for DynamoStore {
    async fn park(&self, event: &ParkedEvent, keep_until: Timestamp) -> Result<(), StoreError> {
        let item = ParkedItem {
            pk: self.scope.order(event.order_id()),
            sk: parked_key(event),
            event: event.clone(),
            expires_at: keep_until.as_second(),
        };
        let result = self
            .client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(to_item(item)?))
            .condition_expression("attribute_not_exists(pk)")
            .send()
            .await;
        match result {
            Ok(_) => Ok(()),
            Err(error) if is_condition_failure(&error) => Ok(()),
            Err(error) => Err(unavailable(error)),
        }
    }

    async fn parked(&self, order_id: &str) -> Result<Vec<ParkedEvent>, StoreError> {
        let items = self.query(order_id, "begins_with(sk, :first)", PARKED_PREFIX, None, true).await?;
        items.into_iter().map(|item| Ok(from_item::<ParkedItem>(item)?.event)).collect()
    }

    async fn unpark(&self, event: &ParkedEvent) -> Result<(), StoreError> {
        self.delete_one(self.scope.order(event.order_id()), &parked_key(event)).await?;
        Ok(())
    }
}

impl Pointers for DynamoStore {
    async fn find_pointer(&self, pointer: &Pointer) -> Result<Option<String>, StoreError> {
        let output = self.get_one(self.pointer_key(pointer)?, POINTER_SK, true).await?;
        Ok(output.and_then(|item| item.get("order_id")?.as_s().ok().cloned()))
    }

    async fn pointed_orders(&self, pointer: &Pointer) -> Result<Vec<String>, StoreError> {
        let mut items = Vec::new();
        for pk in self.pointer_keys(pointer)? {
            items.extend(self.query_partition(&pk, "begins_with(sk, :first)", ORDER_SK_PREFIX, None, false).await?);
        }
        let mut orders: Vec<(i64, String)> = items
            .iter()
            .filter_map(|item| {
                let id = item.get("order_id")?.as_s().ok()?.clone();
                let placed =
                    item.get("placed_ms").and_then(|v| v.as_n().ok()).and_then(|n| n.parse().ok()).unwrap_or(0);
                Some((placed, id))
            })
            .collect();
        orders.sort_by(|a, b| b.cmp(a));
        orders.dedup_by(|a, b| a.1 == b.1);
        Ok(orders.into_iter().map(|(_, id)| id).collect())
    }

    async fn unlink_customer(&self, customer: &Pointer, order_id: &str) -> Result<(), StoreError> {
        for pk in self.pointer_keys(customer)? {
            self.delete_one(pk, &pointer_sk(customer, order_id)).await?;
        }
        Ok(())
    }
}

impl Listings for DynamoStore {
    /// Every page of the open stage, up to [`OPEN_READ`] orders.
    async fn open_orders(&self) -> Result<Vec<Order>, StoreError> {
        let mut orders = Vec::new();
        let mut start = None;
        loop {
            let (page, next) = self.stage_query(Stage::Open, None, start).await?;
            orders.extend(page);
            match next {
                Some(key) if orders.len() < OPEN_READ => start = Some(key),
                Some(_) => {
                    tracing::warn!(
                        read = orders.len(),
                        "more orders wait on staff than the lists read: the oldest left out"
                    );
                    break;
                }
                None => break,
            }
        }
        orders.sort_by(|a, b| (b.placed_at, &b.id).cmp(&(a.placed_at, &a.id)));
        Ok(orders)
    }

    async fn finished_page(
        &self,
        status: FulfilmentStatus,
        limit: i32,
        after: Option<&str>,
    ) -> Result<Listed, StoreError> {
        let stage = Stage::Finished(status);
        let start = after.and_then(decode_cursor).map(|(stage_ms, order_id)| {
            HashMap::from([
                ("pk".to_string(), AttributeValue::S(self.scope.order(&order_id))),
                ("sk".to_string(), AttributeValue::S(HEAD_SK.into())),
                ("stage".to_string(), AttributeValue::S(self.scope.stage(stage))),
                ("stage_ms".to_string(), AttributeValue::N(stage_ms.to_string())),
            ])
        });
        let (orders, last) = self.stage_query(stage, Some(limit), start).await?;
        let next = last.and_then(|key| {
            let stage_ms = key.get("stage_ms")?.as_n().ok()?.parse().ok()?;
            let order_id = self.scope.order_id(key.get("pk")?.as_s().ok()?)?;
            Some(encode_cursor(stage_ms, order_id))
        });
        Ok(Listed { orders, next })
    }

    /// Every shard read, `limit` from each, the earliest `limit` orders of them all kept.
    async fn due_orders(&self, now: Timestamp, limit: i32) -> Result<Vec<String>, StoreError> {
        let query = |shard: String| {
            self.client
                .query()
                .table_name(&self.table)
                .index_name(DUE_INDEX)
                .key_condition_expression("due_shard = :shard AND due_at <= :now")
                .expression_attribute_values(":shard", AttributeValue::S(shard))
                .expression_attribute_values(":now", AttributeValue::N(now.as_second().to_string()))
                .limit(limit)
                .send()
        };
        use futures::{StreamExt, TryStreamExt};
        let outputs: Vec<_> = futures::stream::iter(self.scope.due_shards().into_iter().map(query))
            .buffer_unordered(DUE_READS_AT_ONCE)
            .try_collect()
            .await
            .map_err(unavailable)?;
        let mut due: Vec<(i64, &str)> = outputs
            .iter()
            .flat_map(|output| output.items())
            .filter_map(|item| {
                let at = item.get("due_at")?.as_n().ok()?.parse().ok()?;
                Some((at, self.scope.order_id(item.get("pk")?.as_s().ok()?)?))
            })
            .collect();
        due.sort();
        let mut ids: Vec<String> = Vec::new();
        for (_, id) in due {
            if !ids.iter().any(|known| known == id) && ids.len() < limit.max(0) as usize {
                ids.push(id.to_string());
            }
        }
        Ok(ids)
    }

    async fn postpone(&self, order_id: &str, until: Timestamp) -> Result<(), StoreError> {
        // Raw items: an order that cannot be read must still be movable.
        for item in self.order_items(order_id).await? {
            let (Some(sk), true) = (item.get("sk"), item.contains_key("due_shard")) else { continue };
            let result = self
                .client
                .update_item()
                .table_name(&self.table)
                .key("pk", AttributeValue::S(self.scope.order(order_id)))
                .key("sk", sk.clone())
                .update_expression("SET due_at = :until")
                .condition_expression("attribute_exists(due_shard)")
                .expression_attribute_values(":until", AttributeValue::N(until.as_second().to_string()))
                .send()
                .await;
            match result {
                Err(error) if !is_condition_failure(&error) => return Err(unavailable(error)),
                _ => {}
            }
        }
        Ok(())
    }
}

/// Orders the lists read at most from the open stage (a megabyte's query holds about a thousand).
const OPEN_READ: usize = 5000;

/// What the `by-stage` index projects: the head's attributes a list line and what needs doing next
/// are made of, and the open cases.
#[derive(Deserialize)]
struct StagedItem {
    #[serde(flatten)]
    head: Head,
    #[serde(default)]
    open_cases: Vec<layout::Case>,
}

impl DynamoStore {
    /// One query of `by-stage`: `stage`'s orders, newest first, and where to go on from.
    async fn stage_query(
        &self,
        stage: Stage,
        limit: Option<i32>,
        start: Option<Item>,
    ) -> Result<(Vec<Order>, Option<Item>), StoreError> {
        let output = self
            .client
            .query()
            .table_name(&self.table)
            .index_name(STAGE_INDEX)
            .key_condition_expression("stage = :stage")
            .expression_attribute_values(":stage", AttributeValue::S(self.scope.stage(stage)))
            .scan_index_forward(false)
            .set_limit(limit)
            .set_exclusive_start_key(start)
            .send()
            .await
            .map_err(unavailable)?;
        let orders = output
            .items
            .unwrap_or_default()
            .into_iter()
            .map(|mut item| {
                // Not projected (every write changes it): a listed order is never written back.
                item.entry("version".into()).or_insert_with(|| AttributeValue::N("0".into()));
                let staged: StagedItem = from_item(item)?;
                Ok(layout::listed(staged.head, staged.open_cases))
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok((orders, output.last_evaluated_key))
    }
}

fn encode_cursor(stage_ms: i64, order_id: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("{stage_ms}|{order_id}"))
}

fn decode_cursor(cursor: &str) -> Option<(i64, String)> {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(cursor).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let (stage_ms, order_id) = text.split_once('|')?;
    let order_id = Some(order_id).filter(|id| !id.is_empty() && id.len() <= crate::domain::limits::ORDER_ID)?;
    Some((stage_ms.parse().ok()?, order_id.to_string()))
}
