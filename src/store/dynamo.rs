//! DynamoDB adapter. Each order's items share `pk = ORDER#<id>` ([`super::layout`]):
//!
//! | sk | item |
//! |---|---|
//! | `A#HEAD` | the head: statuses, summaries, duties, problems, version; `status`/`placed_ms` for `by-status`, `due_shard`/`due_at` for `by-due` |
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

use super::ParkedEvent;
use super::layout::{self, Details, Head};
use super::{Atomicity, EventRecord, OrderPage, OrderStore, OrderSummary, Plan, Pointer, StoreError};
use crate::domain::LineItem;
use crate::domain::TimelineEntry;
use crate::domain::{FulfilmentStatus, Notice, Order};
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
/// All due items share one GSI partition; the scheduler reads it in due-time order.
const DUE_SHARD: &str = "DUE";
pub const DUE_INDEX: &str = "by-due";
pub const STATUS_INDEX: &str = "by-status";
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
}

type Item = HashMap<String, AttributeValue>;

#[derive(Serialize, Deserialize)]
struct HeadItem {
    pk: String,
    sk: String,
    #[serde(flatten)]
    head: Head,
    /// Sort key of `by-status`: newest first when read backwards.
    placed_ms: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    due_shard: Option<String>,
    /// Epoch seconds of the next duty; absent when nothing is due.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    due_at: Option<i64>,
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

fn order_key(order_id: &str) -> String {
    format!("ORDER#{order_id}")
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
        Pointer::CashOnDelivery => "COD#DELIVERED".to_string(),
    }
}

/// A pointer's sort key: one item per key, or one per order for a customer's.
fn pointer_sk(pointer: &Pointer, order_id: &str) -> String {
    match pointer {
        Pointer::Customer(_) | Pointer::AfterSales | Pointer::CashOnDelivery => format!("{ORDER_SK_PREFIX}{order_id}"),
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

fn due(at: Option<Timestamp>) -> (Option<String>, Option<i64>) {
    (at.map(|_| DUE_SHARD.to_string()), at.map(|t| t.as_second()))
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
        Self { client, table: table.into(), lookup, moves: true }
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
                Ok(lookup.digests(contact.expose()).into_iter().map(|d| format!("CUSTOMER#{d}")).collect())
            }
            other => Ok(vec![pointer_key(other)]),
        }
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
        let pk = order_key(&after.id);
        let mut writes = Vec::new();
        if plan.head {
            let (due_shard, due_at) = due(layout::head_due(after));
            let item = to_item(HeadItem {
                pk: pk.clone(),
                sk: HEAD_SK.into(),
                head: Head::of(after),
                placed_ms: after.placed_at.as_millisecond(),
                due_shard,
                due_at,
            })?;
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
            let (due_shard, due_at) = due(layout::notice_due(notice));
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
        self.query_partition(&order_key(order_id), condition, first, last, consistent).await
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
            .item("pk", AttributeValue::S(order_key(&legacy.id)))
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

impl OrderStore for DynamoStore {
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

    async fn history(&self, order_id: &str) -> Result<Vec<TimelineEntry>, StoreError> {
        let events = self.query(order_id, "begins_with(sk, :first)", EVENT_PREFIX, None, false).await?;
        let records = events.into_iter().map(|item| Ok(from_item::<EventItem>(item)?.record));
        Ok(EventRecord::timeline(records.collect::<Result<Vec<_>, StoreError>>()?))
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
        notice_id: &str,
        now: Timestamp,
        lease_until: Timestamp,
        attempt: u64,
    ) -> Result<Option<Order>, StoreError> {
        for _ in 0..2 {
            let result = self
                .client
                .update_item()
                .table_name(&self.table)
                .key("pk", AttributeValue::S(order_key(order_id)))
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
        let mut ids: Vec<String> = Vec::new();
        for item in output.items() {
            let id = item.get("pk").and_then(|v| v.as_s().ok()).and_then(|pk| pk.strip_prefix("ORDER#"));
            if let Some(id) = id.filter(|id| !ids.iter().any(|known| known == id)) {
                ids.push(id.to_string());
            }
        }
        Ok(ids)
    }

    async fn status_token(&self, order_id: &str) -> Result<Option<crate::domain::Private<String>>, StoreError> {
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .key("pk", AttributeValue::S(order_key(order_id)))
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

    async fn postpone(&self, order_id: &str, until: Timestamp) -> Result<(), StoreError> {
        // Raw items: an order that cannot be read must still be movable.
        for item in self.order_items(order_id).await? {
            let (Some(sk), true) = (item.get("sk"), item.contains_key("due_shard")) else { continue };
            let result = self
                .client
                .update_item()
                .table_name(&self.table)
                .key("pk", AttributeValue::S(order_key(order_id)))
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

    async fn park(&self, event: &ParkedEvent, keep_until: Timestamp) -> Result<(), StoreError> {
        let item = ParkedItem {
            pk: order_key(event.order_id()),
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
        self.client
            .delete_item()
            .table_name(&self.table)
            .key("pk", AttributeValue::S(order_key(event.order_id())))
            .key("sk", AttributeValue::S(parked_key(event)))
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
            .key("pk", AttributeValue::S(self.pointer_key(pointer)?))
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
                ("sk".to_string(), AttributeValue::S(HEAD_SK.into())),
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
                let line: SummaryItem = from_item(item)?;
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

    async fn customer_note(&self, customer: &Pointer) -> Result<Option<super::StaffNote>, StoreError> {
        for pk in self.pointer_keys(customer)? {
            let output = self
                .client
                .get_item()
                .table_name(&self.table)
                .key("pk", AttributeValue::S(pk))
                .key("sk", AttributeValue::S(NOTE_SK.into()))
                .send()
                .await
                .map_err(unavailable)?;
            if let Some(item) = output.item {
                return Ok(Some(from_item::<NoteItem>(item)?.note));
            }
        }
        Ok(None)
    }

    async fn set_customer_note(&self, customer: &Pointer, note: &super::StaffNote) -> Result<(), StoreError> {
        let item = NoteItem { pk: self.pointer_key(customer)?, sk: NOTE_SK.into(), note: note.clone() };
        self.client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(to_item(item)?))
            .send()
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    async fn is_done(&self, key: &str) -> Result<bool, StoreError> {
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .key("pk", AttributeValue::S(format!("DONE#{key}")))
            .key("sk", AttributeValue::S("DONE".into()))
            .consistent_read(true)
            .send()
            .await
            .map_err(unavailable)?;
        Ok(output.item.is_some())
    }

    async fn mark_done(&self, key: &str, keep_until: Timestamp) -> Result<(), StoreError> {
        let item = Item::from([
            ("pk".to_string(), AttributeValue::S(format!("DONE#{key}"))),
            ("sk".to_string(), AttributeValue::S("DONE".into())),
            ("expires_at".to_string(), AttributeValue::N(keep_until.as_second().to_string())),
        ]);
        self.client.put_item().table_name(&self.table).set_item(Some(item)).send().await.map_err(unavailable)?;
        Ok(())
    }

    async fn count_failed_sign_in(
        &self,
        who: &str,
        now: Timestamp,
        window: jiff::SignedDuration,
    ) -> Result<u32, StoreError> {
        let key = |item: &mut Item| {
            item.insert("pk".into(), AttributeValue::S(format!("SIGNIN#{who}")));
            item.insert("sk".into(), AttributeValue::S("SIGNIN".into()));
        };
        let counted = self.failed_sign_ins(who, now).await?;
        let mut item = Item::new();
        key(&mut item);
        if counted == 0 {
            // A new window: its end is also when DynamoDB may remove the item.
            item.insert("failures".into(), AttributeValue::N("1".into()));
            item.insert("expires_at".into(), AttributeValue::N((now + window).as_second().to_string()));
            self.client.put_item().table_name(&self.table).set_item(Some(item)).send().await.map_err(unavailable)?;
            return Ok(1);
        }
        let output = self
            .client
            .update_item()
            .table_name(&self.table)
            .set_key(Some(item))
            .update_expression("ADD failures :one")
            .expression_attribute_values(":one", AttributeValue::N("1".into()))
            .return_values(aws_sdk_dynamodb::types::ReturnValue::UpdatedNew)
            .send()
            .await
            .map_err(unavailable)?;
        let failures = output.attributes.and_then(|a| a.get("failures").cloned());
        Ok(failures.and_then(|f| f.as_n().ok().and_then(|n| n.parse().ok())).unwrap_or(counted + 1))
    }

    async fn failed_sign_ins(&self, who: &str, now: Timestamp) -> Result<u32, StoreError> {
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .key("pk", AttributeValue::S(format!("SIGNIN#{who}")))
            .key("sk", AttributeValue::S("SIGNIN".into()))
            .consistent_read(true)
            .send()
            .await
            .map_err(unavailable)?;
        let Some(item) = output.item else { return Ok(0) };
        let number = |name: &str| item.get(name).and_then(|v| v.as_n().ok()).and_then(|n| n.parse::<i64>().ok());
        let live = number("expires_at").is_some_and(|until| until > now.as_second());
        Ok(if live { number("failures").unwrap_or(0) as u32 } else { 0 })
    }

    async fn erase_history(&self, order_id: &str) -> Result<(), StoreError> {
        for item in self.query(order_id, "begins_with(sk, :first)", EVENT_PREFIX, None, true).await? {
            let mut kept: EventItem = from_item(item)?;
            let Some(entry) = kept.record.entry.as_mut().filter(|e| e.note.is_some()) else { continue };
            entry.note = None;
            let item = to_item(kept)?;
            self.client.put_item().table_name(&self.table).set_item(Some(item)).send().await.map_err(unavailable)?;
        }
        Ok(())
    }

    async fn unlink_customer(&self, customer: &Pointer, order_id: &str) -> Result<(), StoreError> {
        for pk in self.pointer_keys(customer)? {
            self.client
                .delete_item()
                .table_name(&self.table)
                .key("pk", AttributeValue::S(pk))
                .key("sk", AttributeValue::S(pointer_sk(customer, order_id)))
                .send()
                .await
                .map_err(unavailable)?;
        }
        Ok(())
    }

    async fn forget_customer_note(&self, customer: &Pointer) -> Result<(), StoreError> {
        for pk in self.pointer_keys(customer)? {
            self.client
                .delete_item()
                .table_name(&self.table)
                .key("pk", AttributeValue::S(pk))
                .key("sk", AttributeValue::S(NOTE_SK.into()))
                .send()
                .await
                .map_err(unavailable)?;
        }
        Ok(())
    }

    async fn session_version(&self, account: &str) -> Result<u64, StoreError> {
        let output = self
            .client
            .get_item()
            .table_name(&self.table)
            .key("pk", AttributeValue::S(format!("STAFF#{account}")))
            .key("sk", AttributeValue::S("SESSIONS".into()))
            .consistent_read(true)
            .send()
            .await
            .map_err(unavailable)?;
        let version = output.item.and_then(|item| item.get("version").and_then(|v| v.as_n().ok()?.parse().ok()));
        Ok(version.unwrap_or(0))
    }

    async fn end_sessions(&self, account: &str) -> Result<u64, StoreError> {
        let output = self
            .client
            .update_item()
            .table_name(&self.table)
            .key("pk", AttributeValue::S(format!("STAFF#{account}")))
            .key("sk", AttributeValue::S("SESSIONS".into()))
            .update_expression("ADD version :one")
            .expression_attribute_values(":one", AttributeValue::N("1".into()))
            .return_values(aws_sdk_dynamodb::types::ReturnValue::UpdatedNew)
            .send()
            .await
            .map_err(unavailable)?;
        let version = output.attributes.and_then(|a| a.get("version").and_then(|v| v.as_n().ok()?.parse().ok()));
        version.ok_or_else(|| StoreError::Corrupt("a session version with no number".into()))
    }

    async fn record_audit(&self, entry: &super::AuditEntry) -> Result<(), StoreError> {
        let mut item = to_item(entry)?;
        let day = entry.at.to_zoned(jiff::tz::TimeZone::UTC).date();
        let mut nonce = [0u8; 4];
        getrandom::fill(&mut nonce).map_err(|e| StoreError::Corrupt(format!("no randomness: {e}")))?;
        let nonce = hex::encode(nonce);
        item.insert("pk".into(), AttributeValue::S(format!("AUDIT#{day}")));
        // Fixed width, so that the sort key's order is the time's.
        item.insert("sk".into(), AttributeValue::S(format!("{:024}#{nonce}", entry.at.as_nanosecond())));
        let expires = (entry.at + super::AUDIT_KEPT).as_second();
        item.insert("expires_at".into(), AttributeValue::N(expires.to_string()));
        self.client.put_item().table_name(&self.table).set_item(Some(item)).send().await.map_err(unavailable)?;
        Ok(())
    }

    async fn audit_trail(&self, day: jiff::civil::Date) -> Result<Vec<super::AuditEntry>, StoreError> {
        let output = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression("pk = :pk")
            .expression_attribute_values(":pk", AttributeValue::S(format!("AUDIT#{day}")))
            .scan_index_forward(false)
            .limit(500)
            .send()
            .await
            .map_err(unavailable)?;
        output.items.unwrap_or_default().into_iter().map(from_item).collect()
    }

    async fn note_unmatched(&self, event: &super::UnmatchedEvent) -> Result<Timestamp, StoreError> {
        let key = || {
            Item::from([
                ("pk".to_string(), AttributeValue::S("UNMATCHED".into())),
                ("sk".to_string(), AttributeValue::S(event.key())),
            ])
        };
        let mut item = to_item(event)?;
        item.extend(key());
        let expires = (event.first_at + super::UNMATCHED_KEPT).as_second();
        item.insert("expires_at".into(), AttributeValue::N(expires.to_string()));
        let put = self
            .client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(item))
            .condition_expression("attribute_not_exists(pk)")
            .send()
            .await;
        match put {
            Ok(_) => Ok(event.first_at),
            Err(error) if is_condition_failure(&error) => {
                let output = self
                    .client
                    .get_item()
                    .table_name(&self.table)
                    .set_key(Some(key()))
                    .consistent_read(true)
                    .send()
                    .await
                    .map_err(unavailable)?;
                let stored: Option<super::UnmatchedEvent> = output.item.map(from_item).transpose()?;
                Ok(stored.map_or(event.first_at, |s| s.first_at))
            }
            Err(error) => Err(unavailable(error)),
        }
    }

    async fn unmatched_events(&self) -> Result<Vec<super::UnmatchedEvent>, StoreError> {
        let output = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression("pk = :pk")
            .expression_attribute_values(":pk", AttributeValue::S("UNMATCHED".into()))
            .limit(100)
            .send()
            .await
            .map_err(unavailable)?;
        let mut events: Vec<super::UnmatchedEvent> =
            output.items.unwrap_or_default().into_iter().map(from_item).collect::<Result<_, _>>()?;
        events.sort_by_key(|e| std::cmp::Reverse(e.first_at));
        Ok(events)
    }

    async fn invoice_number(&self, order_id: &str) -> Result<u64, StoreError> {
        let invoice_key = || {
            Item::from([
                ("pk".to_string(), AttributeValue::S(order_key(order_id))),
                ("sk".to_string(), AttributeValue::S(INVOICE_SK.into())),
            ])
        };
        let sequence_key = || {
            Item::from([
                ("pk".to_string(), AttributeValue::S("SEQ#INVOICE".into())),
                ("sk".to_string(), AttributeValue::S("SEQ".into())),
            ])
        };
        let number_of = |item: Option<Item>, name: &str| {
            item.and_then(|i| i.get(name).and_then(|v| v.as_n().ok()).and_then(|n| n.parse::<u64>().ok()))
        };
        for _ in 0..10 {
            let given = self
                .client
                .get_item()
                .table_name(&self.table)
                .set_key(Some(invoice_key()))
                .consistent_read(true)
                .send();
            if let Some(number) = number_of(given.await.map_err(unavailable)?.item, "number") {
                return Ok(number);
            }
            let last = self
                .client
                .get_item()
                .table_name(&self.table)
                .set_key(Some(sequence_key()))
                .consistent_read(true)
                .send();
            let last = number_of(last.await.map_err(unavailable)?.item, "last");
            let next = last.unwrap_or(0) + 1;
            // The sequence moves on and the order takes the number together, or neither does.
            let advance = aws_sdk_dynamodb::types::Update::builder()
                .table_name(&self.table)
                .set_key(Some(sequence_key()))
                .update_expression("SET #last = :next")
                .condition_expression(match last {
                    Some(_) => "#last = :last",
                    None => "attribute_not_exists(#last)",
                })
                .expression_attribute_names("#last", "last")
                .set_expression_attribute_values(Some(
                    [(":next".to_string(), AttributeValue::N(next.to_string()))]
                        .into_iter()
                        .chain(last.map(|l| (":last".to_string(), AttributeValue::N(l.to_string()))))
                        .collect(),
                ))
                .build()
                .map_err(|e| StoreError::Corrupt(e.to_string()))?;
            let mut invoice = invoice_key();
            invoice.insert("number".into(), AttributeValue::N(next.to_string()));
            let take = Put::builder()
                .table_name(&self.table)
                .set_item(Some(invoice))
                .condition_expression("attribute_not_exists(pk)")
                .build()
                .map_err(|e| StoreError::Corrupt(e.to_string()))?;
            let written = self
                .client
                .transact_write_items()
                .transact_items(TransactWriteItem::builder().update(advance).build())
                .transact_items(TransactWriteItem::builder().put(take).build())
                .send()
                .await;
            match written {
                Ok(_) => return Ok(next),
                // Another order took this number, or this order got one meanwhile: read again.
                Err(error) if error.as_service_error().is_some_and(|e| e.is_transaction_canceled_exception()) => {}
                Err(error) => return Err(unavailable(error)),
            }
        }
        Err(StoreError::Unavailable("the invoice sequence kept changing".into()))
    }
}

/// The attributes the `by-status` index projects: enough for a list line.
#[derive(Deserialize)]
struct SummaryItem {
    id: String,
    number: String,
    status: FulfilmentStatus,
    payment: crate::domain::Payment,
    totals: crate::domain::Totals,
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

/// The status feed's records in the table: every event published, by day (`FEED#<date>`), for
/// replays; and each subscriber's deliveries (`FEEDLOG#<subscriber>`), newest first. Both expire.
#[derive(Serialize, Deserialize)]
struct FeedItem {
    pk: String,
    sk: String,
    event: crate::feed::FeedEvent,
    expires_at: i64,
}

/// One attempt to deliver an event to a subscriber.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryRecord {
    pub at: Timestamp,
    /// 1 for the first attempt at this event.
    pub attempt: u32,
    pub event_id: String,
    pub order_id: String,
    /// The subscriber's HTTP status; none when it could not be reached.
    pub status: Option<u16>,
    pub delivered: bool,
    /// Why it failed (no personal data: a status line or a connection error).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct DeliveryItem {
    pk: String,
    sk: String,
    #[serde(flatten)]
    record: DeliveryRecord,
    expires_at: i64,
}

const FEED_KEPT: jiff::SignedDuration = jiff::SignedDuration::from_hours(90 * 24);
const DELIVERIES_KEPT: jiff::SignedDuration = jiff::SignedDuration::from_hours(30 * 24);

fn feed_day(at: Timestamp) -> String {
    format!("FEED#{}", at.to_zoned(jiff::tz::TimeZone::UTC).date())
}

/// Epoch milliseconds, zero-padded: sorts as text the way times sort.
fn sort_time(at: Timestamp) -> String {
    format!("{:015}", at.as_millisecond())
}

/// The order head in a stream image of the table's items; `None` for any other item (details,
/// notices, events), or an image that is not there (a new item has no old image).
pub fn head_of_image<I: Into<serde_dynamo::Item>>(image: I) -> Result<Option<Head>, StoreError> {
    let image: serde_dynamo::Item = image.into();
    let is_head = matches!(image.get("sk"), Some(serde_dynamo::AttributeValue::S(sk)) if sk == HEAD_SK);
    if !is_head {
        return Ok(None);
    }
    serde_dynamo::from_item::<_, HeadItem>(image)
        .map(|item| Some(item.head))
        .map_err(|e| StoreError::Corrupt(e.to_string()))
}

impl DynamoStore {
    /// Keeps a published event for replays (idempotent: the same event has the same key).
    pub async fn keep_feed_event(&self, event: &crate::feed::FeedEvent) -> Result<(), StoreError> {
        let item = FeedItem {
            pk: feed_day(event.occurred_at),
            sk: format!("{}#{}", sort_time(event.occurred_at), event.id),
            event: event.clone(),
            expires_at: (event.occurred_at + FEED_KEPT).as_second(),
        };
        self.client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(to_item(item)?))
            .send()
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    /// The events published from `since` to `until`, oldest first.
    pub async fn feed_events(
        &self,
        since: Timestamp,
        until: Timestamp,
    ) -> Result<Vec<crate::feed::FeedEvent>, StoreError> {
        let mut events = Vec::new();
        let mut day = since.to_zoned(jiff::tz::TimeZone::UTC).date();
        let last = until.to_zoned(jiff::tz::TimeZone::UTC).date();
        while day <= last {
            let pk = format!("FEED#{day}");
            let items = self.query_partition(&pk, "sk >= :first", &sort_time(since), None, true).await?;
            for item in items {
                let kept: FeedItem = from_item(item)?;
                if kept.event.occurred_at <= until {
                    events.push(kept.event);
                }
            }
            day = day.tomorrow().map_err(|e| StoreError::Corrupt(e.to_string()))?;
        }
        Ok(events)
    }

    /// Records one delivery attempt to `subscriber`.
    pub async fn log_delivery(&self, subscriber: &str, record: &DeliveryRecord) -> Result<(), StoreError> {
        let item = DeliveryItem {
            pk: format!("FEEDLOG#{subscriber}"),
            sk: format!("{}#{}#{}", sort_time(record.at), record.event_id, record.attempt),
            record: record.clone(),
            expires_at: (record.at + DELIVERIES_KEPT).as_second(),
        };
        self.client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(to_item(item)?))
            .send()
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    /// `subscriber`'s latest delivery attempts, newest first.
    pub async fn deliveries(&self, subscriber: &str, limit: i32) -> Result<Vec<DeliveryRecord>, StoreError> {
        let output = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression("pk = :pk")
            .expression_attribute_values(":pk", AttributeValue::S(format!("FEEDLOG#{subscriber}")))
            .scan_index_forward(false)
            .limit(limit)
            .send()
            .await
            .map_err(unavailable)?;
        output.items.unwrap_or_default().into_iter().map(|item| Ok(from_item::<DeliveryItem>(item)?.record)).collect()
    }
}
