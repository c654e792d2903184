//! DynamoDB adapter. One item per order (`pk = ORDER#<id>`, `sk = ORDER`), with two sparse GSIs:
//! `by-due` (`due_shard`, `due_at`) for the scheduler and `by-status` (`status`, `placed_ms`) for the
//! back office. Every write is conditional on the version it read. Beside each order item:
//! payment events parked before their order (`sk = PARKED#…`, with a TTL), and pointers from payment
//! references (`pk = REF#<provider>#<id>`) and tracking numbers (`pk = TRACK#<number>`) to orders.

use super::{Expect, OrderPage, OrderStore, OrderSummary, Pointer, StoreError};
use crate::domain::{FulfilmentStatus, Order, PaymentEvent};
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_dynamodb::types::{AttributeValue, ReturnValue};
use base64::Engine;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

const ORDER_SK: &str = "ORDER";
const PARKED_PREFIX: &str = "PARKED#";
const POINTER_SK: &str = "POINTER";
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

fn pointer_key(pointer: &Pointer) -> String {
    match pointer {
        Pointer::Payment(provider, reference) => format!("REF#{}#{reference}", provider.as_str()),
        Pointer::Tracking(number) => format!("TRACK#{number}"),
    }
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

    fn order_from(item: HashMap<String, AttributeValue>) -> Result<Order, StoreError> {
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

    async fn put_pointer(&self, pointer: &Pointer, order_id: &str) -> Result<(), StoreError> {
        self.client
            .put_item()
            .table_name(&self.table)
            .item("pk", AttributeValue::S(pointer_key(pointer)))
            .item("sk", AttributeValue::S(POINTER_SK.into()))
            .item("order_id", AttributeValue::S(order_id.into()))
            .send()
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    async fn find_pointer(&self, pointer: &Pointer) -> Result<Option<String>, StoreError> {
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .key("pk", AttributeValue::S(pointer_key(pointer)))
            .key("sk", AttributeValue::S(POINTER_SK.into()))
            .consistent_read(true)
            .send()
            .await
            .map_err(unavailable)?;
        Ok(output.item.and_then(|item| item.get("order_id")?.as_s().ok().cloned()))
    }

    async fn list_by_status(
        &self,
        status: FulfilmentStatus,
        limit: i32,
        after: Option<&str>,
    ) -> Result<OrderPage, StoreError> {
        let start = after.and_then(decode_cursor).map(|(placed_ms, order_id)| {
            HashMap::from([
                ("pk".to_string(), AttributeValue::S(order_key(&order_id))),
                ("sk".to_string(), AttributeValue::S(ORDER_SK.into())),
                ("status".to_string(), AttributeValue::S(status.as_str().into())),
                ("placed_ms".to_string(), AttributeValue::N(placed_ms.to_string())),
            ])
        });
        let output = self
            .client
            .query()
            .table_name(&self.table)
            .index_name(STATUS_INDEX)
            .key_condition_expression("#s = :status")
            .expression_attribute_names("#s", "status")
            .expression_attribute_values(":status", AttributeValue::S(status.as_str().into()))
            .scan_index_forward(false)
            .limit(limit)
            .set_exclusive_start_key(start)
            .send()
            .await
            .map_err(unavailable)?;
        let orders = output
            .items
            .unwrap_or_default()
            .into_iter()
            .map(|item| {
                let line: SummaryItem =
                    serde_dynamo::from_item(item).map_err(|e| StoreError::Corrupt(e.to_string()))?;
                Ok(OrderSummary {
                    total: crate::domain::Money::new(line.totals.total_minor, line.totals.currency).to_string(),
                    order_id: line.id,
                    number: line.number,
                    status: line.status,
                    payment_status: line.payment.status,
                    placed_at: line.placed_at,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let next = output.last_evaluated_key.and_then(|key| {
            let placed_ms = key.get("placed_ms")?.as_n().ok()?.clone();
            let order_id = key.get("pk")?.as_s().ok()?.strip_prefix("ORDER#")?.to_string();
            Some(encode_cursor(&placed_ms, &order_id))
        });
        Ok(OrderPage { orders, next })
    }
}

/// The attributes the `by-status` index projects: enough for a list line.
#[derive(Deserialize)]
struct SummaryItem {
    id: String,
    number: String,
    status: FulfilmentStatus,
    payment: crate::domain::order::Payment,
    totals: crate::domain::order::Totals,
    placed_at: Timestamp,
}

fn encode_cursor(placed_ms: &str, order_id: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("{placed_ms}|{order_id}"))
}

fn decode_cursor(cursor: &str) -> Option<(i64, String)> {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(cursor).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let (placed_ms, order_id) = text.split_once('|')?;
    Some((placed_ms.parse().ok()?, order_id.to_string()))
}
