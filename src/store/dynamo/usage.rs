//! Each shop's usage by month: one item, `USAGE#<month>`, its counts added to with `ADD` (so that
//! concurrent counts never overwrite each other).

use super::*;
use crate::domain::usage::Usage;

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
