//! DynamoDB adapter. Each order's items share `pk = ORDER#<id>` ([`super::layout`]):
//!
//! | sk | item |
//! |---|---|
//! | `A#HEAD` | the head: statuses, summaries, duties, problems, open cases, version; `stage`/`stage_ms` for `by-stage`, `due_shard`/`due_at` for `by-due` |
//! | `A#DETAILS` | customer, shipping, status token, the first lines |
//! | `A#LINES#<n>` | further lines of a long order |
//! | `A#NOTICE#<id>` | one notice of the ledger; `due_shard`/`due_at` while it is undelivered |
//! | `A#CASE#R<n>`, `A#CASE#C<n>` | one return or complaint (what the customer's page adds) |
//! | `T#E#<provider>:<event id>` | a provider event (its conditional put is the dedupe) and its timeline entry |
//! | `T#V<version>#<n>` | any other timeline entry |
//! | `PARKED#<provider>:<event id>` | a payment event that came before its order (TTL) |
//! | `ORDER` | an order in the former one-item layout, moved to this one when it is first read |
//!
//! Reading an order is one `Query` for `sk BETWEEN "A#" AND "ORDER"` (head, details, lines, notices,
//! a former-layout item), never its history. Pointers from payment references (`pk = REF#…`) and
//! tracking numbers (`pk = TRACK#…`) lead to orders.

mod feed;
mod lists;
mod orders;
mod scope;
mod shops;
mod staff;
mod usage;

pub use feed::DeliveryRecord;
use scope::Scope;
pub use scope::shop_of_key;
pub use usage::MonthClose;

use super::ParkedEvent;
use super::layout::{self, Details, Head};
use super::{Atomicity, EventRecord, Listed, Plan, Pointer, Stage, StoreError};
use super::{CustomerNotes, FeedArchive, History, Listings, Orders, Parking, Pointers, Sequences, Sessions, Trails};
use super::{Meters, ShopDirectory};
use crate::domain::LineItem;
use crate::domain::TimelineEntry;
use crate::domain::{FulfilmentStatus, Notice, Order, ShopId};
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::types::{AttributeValue, Put, TransactWriteItem};
use base64::Engine;
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

const HEAD_SK: &str = "A#HEAD";
/// The order's invoice number, once it has one.
const INVOICE_SK: &str = "A#INVOICE";
const DETAILS_SK: &str = "A#DETAILS";
const LINES_PREFIX: &str = "A#LINES#";
const NOTICE_PREFIX: &str = "A#NOTICE#";
const CASE_PREFIX: &str = "A#CASE#";
const EVENT_PREFIX: &str = "T#";
const LEGACY_SK: &str = "ORDER";
const PARKED_PREFIX: &str = "PARKED#";
const POINTER_SK: &str = "POINTER";
/// A customer pointer's sort key before the order id.
const ORDER_SK_PREFIX: &str = "ORDER#";
/// The `by-due` index's partitions: an order's due items (its head and undelivered notices) all go
/// to one of these, chosen by its id, so that no one partition key takes every duty; the sweep reads
/// them [`DUE_READS_AT_ONCE`] at a time.
const DUE_SHARDS: u8 = 8;
/// Partitions the sweep queries at once: quick in DynamoDB, and no query waits long behind the
/// others where requests are served one at a time (the emulator).
const DUE_READS_AT_ONCE: usize = 4;
/// Where every due item was kept before they were sharded: read too, until the orders due there
/// have all been written again.
const LEGACY_DUE_SHARD: &str = "DUE";

fn due_shard(order_id: &str) -> String {
    use sha2::Digest;
    format!("DUE#{:02}", sha2::Sha256::digest(order_id.as_bytes())[0] % DUE_SHARDS)
}

pub const DUE_INDEX: &str = "by-due";
pub const STAGE_INDEX: &str = "by-stage";

/// `by-stage`'s partitions: `open`, and one per finished status (`delivered`, ...).
fn stage_key(stage: Stage) -> &'static str {
    match stage {
        Stage::Open => "open",
        Stage::Finished(status) => status.as_str(),
    }
}
/// Event items outlive any provider's retry window (Stripe and PayPal: 3 days) by far; DynamoDB's
/// TTL removes them after a year, long after the order is archived.
const EVENT_RETENTION: SignedDuration = SignedDuration::from_hours(366 * 24);

#[derive(Clone)]
pub struct DynamoStore {
    client: Client,
    table: String,
    lookup: Option<super::lookup::LookupKeys>,
    /// Whether reading an order in the former layout moves it (a function that may write orders).
    moves: bool,
    /// The shop whose items this store reads and writes.
    scope: Scope,
}

type Item = HashMap<String, AttributeValue>;

#[derive(Serialize, Deserialize)]
struct HeadItem {
    pk: String,
    sk: String,
    #[serde(flatten)]
    head: Head,
    /// Partition of `by-stage` ([`stage_key`]); absent from heads written before.
    #[serde(default)]
    stage: String,
    /// Sort key of `by-stage`: the time placed, in milliseconds.
    #[serde(default)]
    stage_ms: i64,
    /// The returns and complaints still open, for the lists (each is an item of its own too).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    open_cases: Vec<layout::Case>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    due_shard: Option<String>,
    /// Epoch seconds of the next duty; absent when nothing is due.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    due_at: Option<i64>,
}

impl HeadItem {
    fn of(scope: &Scope, order: &Order, due_at: Option<Timestamp>) -> Self {
        let (due_shard, due_at) = scope.due(&order.id, due_at);
        HeadItem {
            pk: scope.order(&order.id),
            sk: HEAD_SK.into(),
            head: Head::of(order),
            stage: scope.stage(Stage::of(order)),
            stage_ms: order.placed_at.as_millisecond(),
            open_cases: layout::open_cases(order),
            due_shard,
            due_at,
        }
    }
}

#[derive(Serialize, Deserialize)]
struct DetailsItem {
    pk: String,
    sk: String,
    #[serde(flatten)]
    details: Details,
}

#[derive(Serialize, Deserialize)]
struct LinesItem {
    pk: String,
    sk: String,
    lines: Vec<LineItem>,
}

#[derive(Serialize, Deserialize)]
struct CaseItem {
    pk: String,
    sk: String,
    #[serde(flatten)]
    case: layout::Case,
}

#[derive(Serialize, Deserialize)]
struct NoticeItem {
    pk: String,
    sk: String,
    #[serde(flatten)]
    notice: Notice,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    due_shard: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    due_at: Option<i64>,
}

#[derive(Serialize, Deserialize)]
struct EventItem {
    pk: String,
    sk: String,
    #[serde(flatten)]
    record: EventRecord,
    /// Epoch seconds; DynamoDB's TTL removes the item after it.
    expires_at: i64,
}

/// An order in the former layout: everything in one item.
#[derive(Serialize, Deserialize)]
struct LegacyItem {
    #[serde(flatten)]
    order: Order,
}

fn parked_key(event: &ParkedEvent) -> String {
    format!("{PARKED_PREFIX}{}", event.dedupe_key())
}

fn pointer_key(pointer: &Pointer) -> String {
    match pointer {
        Pointer::Payment(provider, reference) => format!("REF#{}#{reference}", provider.as_str()),
        Pointer::Tracking(number) => format!("TRACK#{number}"),
        Pointer::Number(number) => format!("NUMBER#{number}"),
        Pointer::Customer(_) => unreachable!("a customer's key is the store's (DynamoStore::pointer_keys)"),
        Pointer::AfterSales => "AFTERSALES#ALL".to_string(),
    }
}

/// A pointer's sort key: one item per key, or one per order for a customer's.
fn pointer_sk(pointer: &Pointer, order_id: &str) -> String {
    match pointer {
        Pointer::Customer(_) | Pointer::AfterSales => format!("{ORDER_SK_PREFIX}{order_id}"),
        _ => POINTER_SK.to_string(),
    }
}

/// Staff's note about a customer, next to the customer's pointers.
#[derive(Serialize, Deserialize)]
struct NoteItem {
    pk: String,
    sk: String,
    #[serde(flatten)]
    note: super::StaffNote,
}

const NOTE_SK: &str = "NOTE";

#[derive(Serialize, Deserialize)]
struct ParkedItem {
    pk: String,
    sk: String,
    event: ParkedEvent,
    /// Epoch seconds; DynamoDB's TTL removes the item after it.
    expires_at: i64,
}

fn unavailable<E: std::error::Error + 'static, R: std::fmt::Debug>(error: SdkError<E, R>) -> StoreError {
    StoreError::Unavailable(DisplayErrorContext(error).to_string())
}

fn is_condition_failure<E: ProvideErrorMetadata, R>(error: &SdkError<E, R>) -> bool {
    error.as_service_error().and_then(|e| e.code()) == Some("ConditionalCheckFailedException")
}

fn to_item<T: Serialize>(value: T) -> Result<Item, StoreError> {
    serde_dynamo::to_item(value).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn from_item<T: for<'de> Deserialize<'de>>(item: Item) -> Result<T, StoreError> {
    serde_dynamo::from_item(item).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// One write of a change, and what its condition means when it fails.
struct Write {
    put: Put,
    /// A failed condition here means the event was applied before (else: the order changed).
    dedupe: bool,
}

impl DynamoStore {
    /// The store of `table`; customers' pointers keyed with `lookup` (a store without it refuses to
    /// find or link a customer's orders).
    pub fn new(client: Client, table: impl Into<String>, lookup: Option<super::lookup::LookupKeys>) -> Self {
        Self { client, table: table.into(), lookup, moves: true, scope: Scope::default() }
    }

    /// The same store for `shop`'s items alone ([`Scope`]).
    pub fn for_shop(self, shop: &ShopId) -> Self {
        Self { scope: Scope::of(shop), ..self }
    }

    /// The same store for a function that only reads orders: one in the former layout is read as it
    /// is, and left for a writer to move.
    pub fn reading_only(self) -> Self {
        Self { moves: false, ..self }
    }

    /// The partition key a pointer is written under.
    fn pointer_key(&self, pointer: &Pointer) -> Result<String, StoreError> {
        Ok(self.pointer_keys(pointer)?.swap_remove(0))
    }

    /// Every partition key a pointer may be under: a customer's under each lookup key, and under the
    /// bare digest of before keys; others under one.
    fn pointer_keys(&self, pointer: &Pointer) -> Result<Vec<String>, StoreError> {
        match pointer {
            Pointer::Customer(contact) => {
                let lookup = self.lookup.as_ref().ok_or_else(|| {
                    StoreError::Corrupt("a customer's orders are looked up with LOOKUP_KEY, which is unset".into())
                })?;
                Ok(lookup
                    .digests(contact.expose())
                    .into_iter()
                    .map(|d| self.scope.key(&format!("CUSTOMER#{d}")))
                    .collect())
            }
            other => Ok(vec![self.scope.key(&pointer_key(other))]),
        }
    }

    /// The item at `pk`/`sk`, read strongly (`consistent`) or eventually; none when it is not there.
    async fn get_one(&self, pk: String, sk: &str, consistent: bool) -> Result<Option<Item>, StoreError> {
        let key = |value: &str| AttributeValue::S(value.to_string());
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .key("pk", key(&pk))
            .key("sk", key(sk))
            .consistent_read(consistent)
            .send()
            .await
            .map_err(unavailable)?;
        Ok(output.item)
    }

    /// Writes `item` whole, whatever was there.
    async fn put_plain(&self, item: Item) -> Result<(), StoreError> {
        self.client.put_item().table_name(&self.table).set_item(Some(item)).send().await.map_err(unavailable)?;
        Ok(())
    }

    /// Removes the item at `pk`/`sk` (nothing happens when there is none).
    async fn delete_one(&self, pk: String, sk: &str) -> Result<(), StoreError> {
        let key = |value: &str| AttributeValue::S(value.to_string());
        let request = self.client.delete_item().table_name(&self.table).key("pk", key(&pk)).key("sk", key(sk));
        request.send().await.map_err(unavailable)?;
        Ok(())
    }

    fn put(&self, item: Item, condition: Option<(&str, Vec<(&str, AttributeValue)>)>) -> Result<Put, StoreError> {
        let mut put = Put::builder().table_name(&self.table).set_item(Some(item));
        if let Some((expression, values)) = condition {
            put = put.condition_expression(expression);
            for (name, value) in values {
                put = put.expression_attribute_values(name, value);
            }
        }
        put.build().map_err(|e| StoreError::Corrupt(e.to_string()))
    }

    /// Every item a change writes, in order: head, details, lines, notices, events.
    fn writes(&self, plan: &Plan<'_>, before: Option<&Order>, after: &Order) -> Result<Vec<Write>, StoreError> {
        let pk = self.scope.order(&after.id);
        let mut writes = Vec::new();
        if plan.head {
            let item = to_item(HeadItem::of(&self.scope, after, layout::head_due(after)))?;
            let condition = match before {
                None => ("attribute_not_exists(pk)", vec![]),
                Some(before) => ("version = :read", vec![(":read", AttributeValue::N(before.version.to_string()))]),
            };
            writes.push(Write { put: self.put(item, Some(condition))?, dedupe: false });
        }
        if plan.details {
            let item = to_item(DetailsItem { pk: pk.clone(), sk: DETAILS_SK.into(), details: Details::of(after) })?;
            writes.push(Write { put: self.put(item, None)?, dedupe: false });
            if before.is_none_or(|b| b.items != after.items) {
                for (n, lines) in layout::chunks(after) {
                    let sk = format!("{LINES_PREFIX}{n:03}");
                    let item = to_item(LinesItem { pk: pk.clone(), sk, lines: lines.to_vec() })?;
                    writes.push(Write { put: self.put(item, None)?, dedupe: false });
                }
            }
        }
        for (notice, new) in &plan.notices {
            let mut stored = (*notice).clone();
            stored.revision = if *new { 0 } else { notice.revision + 1 };
            let (due_shard, due_at) = self.scope.due(&after.id, layout::notice_due(notice));
            let sk = format!("{NOTICE_PREFIX}{}", notice.id);
            let item = to_item(NoticeItem { pk: pk.clone(), sk, notice: stored, due_shard, due_at })?;
            let condition = if *new {
                ("attribute_not_exists(pk)", vec![])
            } else {
                ("revision = :read", vec![(":read", AttributeValue::N(notice.revision.to_string()))])
            };
            writes.push(Write { put: self.put(item, Some(condition))?, dedupe: false });
        }
        for case in &plan.cases {
            let item =
                to_item(CaseItem { pk: pk.clone(), sk: format!("{CASE_PREFIX}{}", case.key()), case: case.clone() })?;
            writes.push(Write { put: self.put(item, None)?, dedupe: false });
        }
        for pointer in &plan.pointers {
            let item = HashMap::from([
                ("pk".to_string(), AttributeValue::S(self.pointer_key(pointer)?)),
                ("sk".to_string(), AttributeValue::S(pointer_sk(pointer, &after.id))),
                ("order_id".to_string(), AttributeValue::S(after.id.clone())),
                ("placed_ms".to_string(), AttributeValue::N(after.placed_at.as_millisecond().to_string())),
            ]);
            writes.push(Write { put: self.put(item, None)?, dedupe: false });
        }
        let expires_at = (after.received_at.max(Timestamp::now()) + EVENT_RETENTION).as_second();
        for record in &plan.events {
            let dedupe = record.is_dedupe();
            let sk = format!("{EVENT_PREFIX}{}", record.key);
            let item = to_item(EventItem { pk: pk.clone(), sk, record: record.clone(), expires_at })?;
            let condition = dedupe.then(|| ("attribute_not_exists(pk)", vec![]));
            writes.push(Write { put: self.put(item, condition)?, dedupe });
        }
        Ok(writes)
    }

    /// One conditional `PutItem`.
    async fn put_one(&self, write: Write) -> Result<(), StoreError> {
        let put = write.put;
        let result = self
            .client
            .put_item()
            .table_name(put.table_name())
            .set_item(Some(put.item().clone()))
            .set_condition_expression(put.condition_expression().map(str::to_string))
            .set_expression_attribute_values(put.expression_attribute_values().cloned())
            .send()
            .await;
        match result {
            Ok(_) => Ok(()),
            Err(error) if is_condition_failure(&error) && write.dedupe => Err(StoreError::Duplicate),
            Err(error) if is_condition_failure(&error) => Err(StoreError::Conflict),
            Err(error) => Err(unavailable(error)),
        }
    }

    /// The writes (and deletes) in one transaction; a failed condition on an event item is a
    /// duplicate, on any other item a conflict.
    async fn transact(&self, writes: Vec<Write>) -> Result<(), StoreError> {
        let dedupe: Vec<bool> = writes.iter().map(|w| w.dedupe).collect();
        let items: Vec<TransactWriteItem> =
            writes.into_iter().map(|w| TransactWriteItem::builder().put(w.put).build()).collect();
        match self.client.transact_write_items().set_transact_items(Some(items)).send().await {
            Ok(_) => Ok(()),
            Err(error) => match error.as_service_error() {
                Some(TransactWriteItemsError::TransactionCanceledException(cancelled)) => {
                    let failed = |i: usize| {
                        cancelled.cancellation_reasons().get(i).and_then(|r| r.code()) == Some("ConditionalCheckFailed")
                    };
                    if (0..dedupe.len()).any(|i| dedupe[i] && failed(i)) {
                        Err(StoreError::Duplicate)
                    } else {
                        Err(StoreError::Conflict)
                    }
                }
                _ => Err(unavailable(error)),
            },
        }
    }

    /// All of an order's items but its events.
    async fn order_items(&self, order_id: &str) -> Result<Vec<Item>, StoreError> {
        self.query(order_id, "sk BETWEEN :first AND :last", "A#", Some(LEGACY_SK), true).await
    }

    /// Every item of an order's partition whose sort key meets `condition` (on `:first`, and
    /// `:last` when given), all pages.
    async fn query(
        &self,
        order_id: &str,
        condition: &str,
        first: &str,
        last: Option<&str>,
        consistent: bool,
    ) -> Result<Vec<Item>, StoreError> {
        self.query_partition(&self.scope.order(order_id), condition, first, last, consistent).await
    }

    /// Every item of partition `pk` whose sort key meets `condition` (`:first`, `:last`), in order.
    async fn query_partition(
        &self,
        pk: &str,
        condition: &str,
        first: &str,
        last: Option<&str>,
        consistent: bool,
    ) -> Result<Vec<Item>, StoreError> {
        let mut items = Vec::new();
        let mut start = None;
        loop {
            let mut query = self
                .client
                .query()
                .table_name(&self.table)
                .key_condition_expression(format!("pk = :pk AND {condition}"))
                .expression_attribute_values(":pk", AttributeValue::S(pk.into()))
                .expression_attribute_values(":first", AttributeValue::S(first.into()))
                .consistent_read(consistent)
                .set_exclusive_start_key(start);
            if let Some(last) = last {
                query = query.expression_attribute_values(":last", AttributeValue::S(last.into()));
            }
            let output = query.send().await.map_err(unavailable)?;
            items.extend(output.items.unwrap_or_default());
            match output.last_evaluated_key {
                Some(key) => start = Some(key),
                None => return Ok(items),
            }
        }
    }

    /// Moves an order kept in the former one-item layout to this one: its history first (plain,
    /// idempotent puts), then head, details, lines and notices in one transaction that also replaces
    /// the former item by a marker with nothing of the order, conditional on its version (a
    /// concurrent change wins, and the move is redone from what it wrote). Puts only: a function
    /// allowed to write an order's partition may move it.
    async fn migrate(&self, legacy: Order) -> Result<Order, StoreError> {
        let mut fresh = legacy.clone();
        fresh.timeline.clear();
        fresh.seen_events.clear();
        // Its pointers were items of their own in the former layout already: not written again (a
        // function without the lookup key, or without pointer grants, may move it).
        let mut plan = Plan::of(None, &legacy);
        plan.pointers.clear();
        let (events, mut current): (Vec<Write>, Vec<Write>) =
            self.writes(&plan, None, &legacy)?.into_iter().partition(|w| {
                w.put.item().get("sk").and_then(|v| v.as_s().ok()).is_some_and(|sk| sk.starts_with(EVENT_PREFIX))
            });
        for chunk in events.chunks(10) {
            let puts = chunk
                .iter()
                .map(|w| self.client.put_item().table_name(&self.table).set_item(Some(w.put.item().clone())).send());
            futures::future::try_join_all(puts).await.map_err(unavailable)?;
        }
        let moved = Put::builder()
            .table_name(&self.table)
            .item("pk", AttributeValue::S(self.scope.order(&legacy.id)))
            .item("sk", AttributeValue::S(LEGACY_SK.into()))
            .item(MOVED, AttributeValue::Bool(true))
            .condition_expression("version = :read")
            .expression_attribute_values(":read", AttributeValue::N(legacy.version.to_string()))
            .build()
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        current.push(Write { put: moved, dedupe: false });
        self.transact(current).await?;
        tracing::info!(order_id = %legacy.id, "order moved to the head, details, notices and events layout");
        Ok(fresh)
    }
}

/// Marks the former one-item layout's item of an order that was moved (it keeps nothing else).
const MOVED: &str = "moved";

/// The head of one of `shop`'s orders in a stream image of the table's items; `None` for any other
/// item (details, notices, events, another shop's), or an image that is not there (a new item has
/// no old image).
pub fn head_of_image<I: Into<serde_dynamo::Item>>(shop: &ShopId, image: I) -> Result<Option<Head>, StoreError> {
    let image: serde_dynamo::Item = image.into();
    let is_head = matches!(image.get("sk"), Some(serde_dynamo::AttributeValue::S(sk)) if sk == HEAD_SK);
    let ours =
        matches!(image.get("pk"), Some(serde_dynamo::AttributeValue::S(pk)) if Scope::of(shop).order_id(pk).is_some());
    if !is_head || !ours {
        return Ok(None);
    }
    serde_dynamo::from_item::<_, HeadItem>(image)
        .map(|item| Some(item.head))
        .map_err(|e| StoreError::Corrupt(e.to_string()))
}

#[cfg(test)]
mod tests {
    /// Orders spread over every shard, none taking much more than its share, an order's items
    /// always in one.
    #[test]
    fn due_items_spread_over_every_shard() {
        let mut counts = std::collections::BTreeMap::<String, u32>::new();
        for n in 0..800 {
            *counts.entry(super::due_shard(&format!("#{}", 1000 + n))).or_default() += 1;
        }
        assert_eq!(counts.len(), usize::from(super::DUE_SHARDS), "{counts:?}");
        assert!(counts.values().all(|&c| (60..=140).contains(&c)), "{counts:?}");
        assert_eq!(super::due_shard("#1001"), super::due_shard("#1001"));
        assert_eq!(super::Scope::default().due_shards().len(), 9, "the eight and the one of before");
    }
}
