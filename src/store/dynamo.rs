//! DynamoDB adapter. One item per order (`pk = ORDER#<id>`, `sk = ORDER`), with two sparse GSIs:
//! `by-due` (`due_shard`, `due_at`) for the scheduler and `by-status` (`status`, `placed_ms`) for the
//! back office. Every write is conditional on the version it read. Beside each order item:
//! payment events parked before their order (`sk = PARKED#…`, with a TTL), and payment references
//! (`pk = REF#<provider>#<id>`) for provider events that do not name the order.

use super::{Expect, OrderStore, StoreError};
use crate::domain::{Order, PaymentEvent, PaymentProvider};
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_dynamodb::types::{AttributeValue, ReturnValue};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

const ORDER_SK: &str = "ORDER";
const PARKED_PREFIX: &str = "PARKED#";
const REFERENCE_SK: &str = "REF";
/// All due items share one GSI partition; the scheduler reads it in due-time order.
const DUE_SHARD: &str = "DUE";
pub const DUE_INDEX: &str = "by-due";
pub const STATUS_INDEX: &str = "by-status";

#[derive(Clone)]
pub struct DynamoStore {
    client: Client,
    table: String,
}

#[derive(Serialize, Deserialize)]
struct OrderItem {
    pk: String,
    sk: String,
    #[serde(flatten)]
    order: Order,
    /// Sort key of `by-status`: newest first when read backwards.
    placed_ms: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    due_shard: Option<String>,
    /// Epoch seconds of the order's next due time; absent when nothing is due.
    #[serde(skip_serializing_if = "Option::is_none")]
    due_at: Option<i64>,
}

fn order_key(order_id: &str) -> String {
    format!("ORDER#{order_id}")
}

fn parked_key(event: &PaymentEvent) -> String {
    format!("{PARKED_PREFIX}{}", event.dedupe_key())
}

fn reference_key(provider: PaymentProvider, reference: &str) -> String {
    format!("REF#{}#{reference}", provider.as_str())
}

#[derive(Serialize, Deserialize)]
struct ParkedItem {
    pk: String,
    sk: String,
    event: PaymentEvent,
    /// Epoch seconds; DynamoDB's TTL removes the item after it.
    expires_at: i64,
}

fn unavailable<E: std::error::Error + 'static, R: std::fmt::Debug>(error: SdkError<E, R>) -> StoreError {
    StoreError::Unavailable(DisplayErrorContext(error).to_string())
}

fn is_condition_failure<E: ProvideErrorMetadata, R>(error: &SdkError<E, R>) -> bool {
    error.as_service_error().and_then(|e| e.code()) == Some("ConditionalCheckFailedException")
}

impl DynamoStore {
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        Self { client, table: table.into() }
    }

    fn order_from(item: std::collections::HashMap<String, AttributeValue>) -> Result<Order, StoreError> {
        serde_dynamo::from_item::<_, OrderItem>(item).map(|i| i.order).map_err(|e| StoreError::Corrupt(e.to_string()))
    }
}

impl OrderStore for DynamoStore {
    async fn get(&self, order_id: &str) -> Result<Option<Order>, StoreError> {
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .key("pk", AttributeValue::S(order_key(order_id)))
            .key("sk", AttributeValue::S(ORDER_SK.into()))
            .consistent_read(true)
            .send()
            .await
            .map_err(unavailable)?;
        output.item.map(Self::order_from).transpose()
    }

    async fn put(&self, order: &Order, expect: Expect) -> Result<(), StoreError> {
        let due_at = order.next_due_at().map(|t| t.as_second());
        let record = OrderItem {
            pk: order_key(&order.id),
            sk: ORDER_SK.into(),
            order: order.clone(),
            placed_ms: order.placed_at.as_millisecond(),
            due_shard: due_at.map(|_| DUE_SHARD.into()),
            due_at,
        };
        let item = serde_dynamo::to_item(record).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let request = self.client.put_item().table_name(&self.table).set_item(Some(item));
        let request = match expect {
            Expect::New => request.condition_expression("attribute_not_exists(pk)"),
            Expect::Version(version) => request
                .condition_expression("#v = :expected")
                .expression_attribute_names("#v", "version")
                .expression_attribute_values(":expected", AttributeValue::N(version.to_string())),
        };
        match request.send().await {
            Ok(_) => Ok(()),
            Err(error) if is_condition_failure(&error) => Err(StoreError::Conflict),
            Err(error) => Err(unavailable(error)),
        }
    }

    async fn claim_notice(
        &self,
        order_id: &str,
        notice_id: &str,
        now: Timestamp,
        lease_until: Timestamp,
    ) -> Result<Option<Order>, StoreError> {
        let result = self
            .client
            .update_item()
            .table_name(&self.table)
            .key("pk", AttributeValue::S(order_key(order_id)))
            .key("sk", AttributeValue::S(ORDER_SK.into()))
            .update_expression(
                "SET notices.#n.#state = :sending, notices.#n.lease_until = :lease, \
                 notices.#n.attempts = notices.#n.attempts + :one, #v = #v + :one",
            )
            .condition_expression(
                "notices.#n.#state = :queued OR (notices.#n.#state = :sending AND notices.#n.lease_until <= :now)",
            )
            .expression_attribute_names("#n", notice_id)
            .expression_attribute_names("#state", "state")
            .expression_attribute_names("#v", "version")
            .expression_attribute_values(":sending", AttributeValue::S("sending".into()))
            .expression_attribute_values(":queued", AttributeValue::S("queued".into()))
            .expression_attribute_values(":lease", AttributeValue::N(lease_until.as_second().to_string()))
            .expression_attribute_values(":now", AttributeValue::N(now.as_second().to_string()))
            .expression_attribute_values(":one", AttributeValue::N("1".into()))
            .return_values(ReturnValue::AllNew)
            .send()
            .await;
        match result {
            Ok(output) => output.attributes.map(Self::order_from).transpose(),
            Err(error) if is_condition_failure(&error) => Ok(None),
            Err(error) => Err(unavailable(error)),
        }
    }

    async fn due_orders(&self, now: Timestamp, limit: i32) -> Result<Vec<String>, StoreError> {
        let output = self
            .client
            .query()
            .table_name(&self.table)
            .index_name(DUE_INDEX)
            .key_condition_expression("due_shard = :shard AND due_at <= :now")
            .expression_attribute_values(":shard", AttributeValue::S(DUE_SHARD.into()))
            .expression_attribute_values(":now", AttributeValue::N(now.as_second().to_string()))
            .limit(limit)
            .send()
            .await
            .map_err(unavailable)?;
        Ok(output
            .items()
            .iter()
            .filter_map(|item| item.get("pk")?.as_s().ok()?.strip_prefix("ORDER#").map(str::to_string))
            .collect())
    }

    async fn park(&self, event: &PaymentEvent, keep_until: Timestamp) -> Result<(), StoreError> {
        let item = ParkedItem {
            pk: order_key(&event.order_id),
            sk: parked_key(event),
            event: event.clone(),
            expires_at: keep_until.as_second(),
        };
        let item = serde_dynamo::to_item(item).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let result = self
            .client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(item))
            .condition_expression("attribute_not_exists(pk)")
            .send()
            .await;
        match result {
            Ok(_) => Ok(()),
            Err(error) if is_condition_failure(&error) => Ok(()),
            Err(error) => Err(unavailable(error)),
        }
    }

    async fn parked(&self, order_id: &str) -> Result<Vec<PaymentEvent>, StoreError> {
        let output = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression("pk = :pk AND begins_with(sk, :parked)")
            .expression_attribute_values(":pk", AttributeValue::S(order_key(order_id)))
            .expression_attribute_values(":parked", AttributeValue::S(PARKED_PREFIX.into()))
            .consistent_read(true)
            .send()
            .await
            .map_err(unavailable)?;
        output
            .items
            .unwrap_or_default()
            .into_iter()
            .map(|item| {
                serde_dynamo::from_item::<_, ParkedItem>(item)
                    .map(|p| p.event)
                    .map_err(|e| StoreError::Corrupt(e.to_string()))
            })
            .collect()
    }

    async fn unpark(&self, event: &PaymentEvent) -> Result<(), StoreError> {
        self.client
            .delete_item()
            .table_name(&self.table)
            .key("pk", AttributeValue::S(order_key(&event.order_id)))
            .key("sk", AttributeValue::S(parked_key(event)))
            .send()
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    async fn put_reference(
        &self,
        provider: PaymentProvider,
        reference: &str,
        order_id: &str,
    ) -> Result<(), StoreError> {
        self.client
            .put_item()
            .table_name(&self.table)
            .item("pk", AttributeValue::S(reference_key(provider, reference)))
            .item("sk", AttributeValue::S(REFERENCE_SK.into()))
            .item("order_id", AttributeValue::S(order_id.into()))
            .send()
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    async fn find_reference(&self, provider: PaymentProvider, reference: &str) -> Result<Option<String>, StoreError> {
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .key("pk", AttributeValue::S(reference_key(provider, reference)))
            .key("sk", AttributeValue::S(REFERENCE_SK.into()))
            .consistent_read(true)
            .send()
            .await
            .map_err(unavailable)?;
        Ok(output.item.and_then(|item| item.get("order_id")?.as_s().ok().cloned()))
    }
}
