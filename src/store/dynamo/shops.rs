//! The deployment's shop records: `pk = SHOPS`, `sk = <shop>`, outside any shop's keys.

use super::*;
use crate::shops::ShopRecord;

const SHOPS_PK: &str = "SHOPS";

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
}
