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
