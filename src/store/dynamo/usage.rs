//! Each shop's usage by month: one item, `USAGE#<month>`, its counts added to with `ADD` (so that
//! concurrent counts never overwrite each other).

use super::*;
use crate::domain::usage::{Meter, Usage};
use crate::shops::TableKey;
use std::collections::{BTreeMap, BTreeSet};

const USAGE_SK: &str = "USAGE";

impl Meters for DynamoStore {
    async fn count(&self, month: &str, usage: &Usage) -> Result<(), StoreError> {
        if usage.is_empty() {
            return Ok(());
        }
        let mut update = self
            .client
            .update_item()
            .table_name(&self.table)
            .key("pk", AttributeValue::S(self.scope.key(&format!("USAGE#{month}"))))
            .key("sk", AttributeValue::S(USAGE_SK.into()));
        let mut adds = Vec::new();
        for (n, (name, count)) in usage.counts().iter().enumerate() {
            adds.push(format!("#m{n} :m{n}"));
            update = update
                .expression_attribute_names(format!("#m{n}"), name)
                .expression_attribute_values(format!(":m{n}"), AttributeValue::N(count.to_string()));
        }
        update.update_expression(format!("ADD {}", adds.join(", "))).send().await.map_err(unavailable)?;
        Ok(())
    }

    async fn tally(&self, what: &str, window: &str, keep_until: Timestamp) -> Result<u64, StoreError> {
        let output = self
            .client
            .update_item()
            .table_name(&self.table)
            .key("pk", AttributeValue::S(self.scope.key(&format!("TALLY#{what}"))))
            .key("sk", AttributeValue::S(window.into()))
            .update_expression("ADD tally :one SET expires_at = :until")
            .expression_attribute_values(":one", AttributeValue::N("1".into()))
            .expression_attribute_values(":until", AttributeValue::N(keep_until.as_second().to_string()))
            .return_values(aws_sdk_dynamodb::types::ReturnValue::UpdatedNew)
            .send()
            .await
            .map_err(unavailable)?;
        let tally = output.attributes.as_ref().and_then(|a| a.get("tally")?.as_n().ok()?.parse().ok());
        tally.ok_or_else(|| StoreError::Corrupt("a tally without its count".into()))
    }

    async fn usage(&self, month: &str) -> Result<Usage, StoreError> {
        let item = self.get_one(self.scope.key(&format!("USAGE#{month}")), USAGE_SK, true).await?;
        let counts = item
            .unwrap_or_default()
            .into_iter()
            .filter(|(name, _)| name != "pk" && name != "sk")
            .filter_map(|(name, value)| Some((name, value.as_n().ok()?.parse().ok()?)))
            .collect();
        Ok(Usage::of(counts))
    }
}

/// A month's close, as the scheduler goes through it over its runs (one item for the deployment,
/// `CLOSE#<month>`): the table's census (where it goes on from, items and bytes by shop so far),
/// then each shop's `usage.closed` sent to the host.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct MonthClose {
    pub month: String,
    #[serde(default)]
    pub from: Option<TableKey>,
    #[serde(default)]
    pub counted: bool,
    /// Items and bytes by shop.
    #[serde(default)]
    pub stored: BTreeMap<ShopId, (u64, u64)>,
    /// The shops whose `usage.closed` each of the host's subscribers has, by the subscriber's name.
    #[serde(default)]
    pub sent: BTreeMap<String, BTreeSet<ShopId>>,
    #[serde(default)]
    pub done: bool,
}

#[derive(Serialize, Deserialize)]
struct MonthCloseItem {
    pk: String,
    sk: String,
    #[serde(flatten)]
    close: MonthClose,
}

impl MonthClose {
    pub fn has_sent(&self, subscriber: &str, shop: &ShopId) -> bool {
        self.sent.get(subscriber).is_some_and(|shops| shops.contains(shop))
    }

    pub fn mark_sent(&mut self, subscriber: &str, shop: &ShopId) {
        self.sent.entry(subscriber.to_string()).or_default().insert(shop.clone());
    }
}

impl DynamoStore {
    pub async fn month_close(&self, month: &str) -> Result<Option<MonthClose>, StoreError> {
        let item = self.get_one(format!("CLOSE#{month}"), "CLOSE", true).await?;
        item.map(|item| Ok(from_item::<MonthCloseItem>(item)?.close)).transpose()
    }

    pub async fn put_month_close(&self, close: &MonthClose) -> Result<(), StoreError> {
        let pk = format!("CLOSE#{}", close.month);
        self.put_plain(to_item(MonthCloseItem { pk, sk: "CLOSE".into(), close: close.clone() })?).await
    }

    /// Counts up to `pages` pages of the table from after `close.from` into `close.stored` (each
    /// item's shop by its key, its size as DynamoDB bills it); `close.counted` once the last is.
    pub async fn census(&self, close: &mut MonthClose, pages: usize) -> Result<(), StoreError> {
        for _ in 0..pages {
            let (items, next) = self.scan_page(None, None, close.from.take()).await?;
            for item in &items {
                let Some(shop) = item.get("pk").and_then(|pk| pk.as_s().ok()).and_then(|pk| shop_of_key(pk)) else {
                    continue;
                };
                let counted = close.stored.entry(shop).or_default();
                counted.0 += 1;
                counted.1 += item.iter().map(|(name, value)| (name.len() + size_of(value)) as u64).sum::<u64>();
            }
            close.from = next;
            if close.from.is_none() {
                close.counted = true;
                return Ok(());
            }
        }
        Ok(())
    }

    /// Sets this shop's stored items and bytes in `month`'s usage (a count taken once, so set,
    /// not added: the same census written twice is the same figure).
    pub async fn record_stored(&self, month: &str, items: u64, bytes: u64) -> Result<(), StoreError> {
        self.client
            .update_item()
            .table_name(&self.table)
            .key("pk", AttributeValue::S(self.scope.key(&format!("USAGE#{month}"))))
            .key("sk", AttributeValue::S(USAGE_SK.into()))
            .update_expression("SET #items = :items, #bytes = :bytes")
            .expression_attribute_names("#items", Meter::StoredItems.as_str())
            .expression_attribute_names("#bytes", Meter::StoredBytes.as_str())
            .expression_attribute_values(":items", AttributeValue::N(items.to_string()))
            .expression_attribute_values(":bytes", AttributeValue::N(bytes.to_string()))
            .send()
            .await
            .map_err(unavailable)?;
        Ok(())
    }
}

/// A value's size as DynamoDB counts it for storage: strings and binaries by their bytes, numbers
/// by about a byte per two digits, lists and maps by their members and 3 bytes besides.
fn size_of(value: &AttributeValue) -> usize {
    let number = |n: &String| n.len() / 2 + 1;
    match value {
        AttributeValue::S(s) => s.len(),
        AttributeValue::N(n) => number(n),
        AttributeValue::B(b) => b.as_ref().len(),
        AttributeValue::Ss(v) => v.iter().map(String::len).sum(),
        AttributeValue::Ns(v) => v.iter().map(number).sum(),
        AttributeValue::Bs(v) => v.iter().map(|b| b.as_ref().len()).sum(),
        AttributeValue::L(v) => 3 + v.iter().map(|x| 1 + size_of(x)).sum::<usize>(),
        AttributeValue::M(m) => 3 + m.iter().map(|(k, x)| 1 + k.len() + size_of(x)).sum::<usize>(),
        _ => 1,
    }
}
