//! The deployment's shop records: `pk = SHOPS`, `sk = <shop>`, outside any shop's keys.

use super::*;
use crate::shops::{ShopRecord, TableKey};
use aws_sdk_dynamodb::types::{DeleteRequest, WriteRequest};

const SHOPS_PK: &str = "SHOPS";

/// Items a page of a scan reads at most.
const SCAN_PAGE_ITEMS: i32 = 1000;

#[derive(Serialize, Deserialize)]
struct ShopItem {
    pk: String,
    sk: String,
    #[serde(flatten)]
    record: ShopRecord,
}

impl ShopDirectory for DynamoStore {
    async fn shop(&self, shop: &ShopId) -> Result<Option<ShopRecord>, StoreError> {
        let item = self.get_one(SHOPS_PK.into(), shop.as_str(), true).await?;
        item.map(|item| Ok(from_item::<ShopItem>(item)?.record)).transpose()
    }

    async fn shops(&self) -> Result<Vec<ShopRecord>, StoreError> {
        // Every name begins with a letter or digit, none before "0".
        let items = self.query_partition(SHOPS_PK, "sk >= :first", "0", None, true).await?;
        items.into_iter().map(|item| Ok(from_item::<ShopItem>(item)?.record)).collect()
    }

    async fn put_shop(&self, record: &ShopRecord, new: bool) -> Result<(), StoreError> {
        let item = to_item(ShopItem { pk: SHOPS_PK.into(), sk: record.id.to_string(), record: record.clone() })?;
        let put = self.client.put_item().table_name(&self.table).set_item(Some(item));
        let put = if new { put.condition_expression("attribute_not_exists(pk)") } else { put };
        match put.send().await {
            Ok(_) => Ok(()),
            Err(error) if is_condition_failure(&error) => Err(StoreError::Conflict),
            Err(error) => Err(unavailable(error)),
        }
    }

    async fn erase_shop(
        &self,
        shop: &ShopId,
        from: Option<TableKey>,
        pages: usize,
    ) -> Result<(Option<TableKey>, usize), StoreError> {
        if shop.is_default() {
            return Err(StoreError::Corrupt("the default shop is never erased".into()));
        }
        let mut start = from;
        let mut erased = 0;
        for _ in 0..pages {
            // The shop's keys are spread over the whole table: a scan, keys only, once per shop.
            let shop_keys = ("begins_with(pk, :shop)", Scope::of(shop).key(""));
            let (keys, next) = self.scan_page(Some(shop_keys), Some("pk, sk"), start).await?;
            for chunk in keys.chunks(25) {
                self.delete_all(chunk.to_vec()).await?;
            }
            erased += keys.len();
            match next {
                Some(next) => start = Some(next),
                None => {
                    self.delete_one(SHOPS_PK.into(), shop.as_str()).await?;
                    return Ok((None, erased));
                }
            }
        }
        Ok((start, erased))
    }
}

impl DynamoStore {
    /// One page (up to [`SCAN_PAGE_ITEMS`] items, 1 MB read) of a scan of the table from after `from`: the items (those
    /// `filter`'s expression keeps, with `:shop` its value; the attributes `projection` names), and
    /// where the next page begins, none after the last.
    pub(super) async fn scan_page(
        &self,
        filter: Option<(&str, String)>,
        projection: Option<&str>,
        from: Option<TableKey>,
    ) -> Result<(Vec<Item>, Option<TableKey>), StoreError> {
        let text = |value: &str| AttributeValue::S(value.to_string());
        // At most SCAN_PAGE_ITEMS a call, so that each stays well within a call's timeout.
        let mut scan = self
            .client
            .scan()
            .table_name(&self.table)
            .limit(SCAN_PAGE_ITEMS)
            .set_projection_expression(projection.map(String::from));
        if let Some((expression, value)) = filter {
            scan = scan.filter_expression(expression).expression_attribute_values(":shop", text(&value));
        }
        if let Some(point) = &from {
            scan = scan.exclusive_start_key("pk", text(&point.pk)).exclusive_start_key("sk", text(&point.sk));
        }
        let page = scan.send().await.map_err(unavailable)?;
        let last = page.last_evaluated_key.as_ref();
        let key = |name: &str| last.and_then(|k| k.get(name)).and_then(|v| v.as_s().ok()).cloned();
        let next = key("pk").zip(key("sk")).map(|(pk, sk)| TableKey { pk, sk });
        Ok((page.items.unwrap_or_default(), next))
    }

    /// Deletes up to 25 items by their keys, again for any DynamoDB left unprocessed.
    async fn delete_all(&self, keys: Vec<Item>) -> Result<(), StoreError> {
        let mut requests: Vec<WriteRequest> = keys
            .into_iter()
            .map(|key| {
                let delete = DeleteRequest::builder().set_key(Some(key)).build();
                delete.map(|d| WriteRequest::builder().delete_request(d).build())
            })
            .collect::<Result<_, _>>()
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        for attempt in 0..8u32 {
            if requests.is_empty() {
                return Ok(());
            }
            if attempt > 0 {
                let (first, cap) = (jiff::SignedDuration::from_millis(100), jiff::SignedDuration::from_secs(3));
                let wait = crate::primitives::backoff(first, 2, attempt, cap);
                tokio::time::sleep(wait.try_into().unwrap_or_default()).await;
            }
            let output = self
                .client
                .batch_write_item()
                .request_items(&self.table, requests)
                .send()
                .await
                .map_err(unavailable)?;
            requests = output.unprocessed_items.and_then(|mut left| left.remove(&self.table)).unwrap_or_default();
        }
        Err(StoreError::Unavailable("DynamoDB left deletes unprocessed eight times".into()))
    }
}
