//! The store's ports, one small trait per concern; [`OrderStore`] is all of them, what the
//! application's use cases are given. [`super::dynamo::DynamoStore`] implements each,
//! [`super::memory::MemoryStore`] all but the feed's archive.

use super::DeliveryRecord;
use super::{Atomicity, AuditEntry, Listed, ParkedEvent, Pointer, StaffNote, StoreError, UnmatchedEvent};
use crate::domain::ShopId;
use crate::domain::usage::Usage;
use crate::domain::{FulfilmentStatus, Order, Private, TimelineEntry};
use crate::feed::FeedEvent;
use crate::shops::{ShopRecord, TableKey};
use jiff::Timestamp;
use std::future::Future;

/// An order's current state, and the writes that change it.
pub trait Orders: Send + Sync + 'static {
    /// The order's current state: head, details and notice ledger. Its `timeline` and `seen_events`
    /// are empty: they hold only what a change adds (see [`History::history`]).
    fn get(&self, order_id: &str) -> impl Future<Output = Result<Option<Order>, StoreError>> + Send;

    /// The token that opens the order's status page, read alone (one small item) so that a wrong
    /// token costs the public status route almost nothing.
    fn status_token(&self, order_id: &str) -> impl Future<Output = Result<Option<Private<String>>, StoreError>> + Send;

    /// Writes what changed from `before` (as read; `None` for a new order) to `after`: the head
    /// conditional on the version read (or on not existing), the details and notices that changed,
    /// one item per new timeline entry or provider event (a provider event's item is its dedupe).
    /// [`StoreError::Conflict`] when the order changed since it was read, [`StoreError::Duplicate`]
    /// when an event in the change was applied before.
    fn save(
        &self,
        before: Option<&Order>,
        after: &Order,
        atomicity: Atomicity,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Takes a worker's lease on a queued notice (or one whose lease ran out) under the claim's own
    /// `attempt` token, returning the order as it is after the claim; `None` when the notice is
    /// settled or another worker holds it.
    fn claim_notice(
        &self,
        order_id: &str,
        notice_id: &crate::domain::NoticeId,
        now: Timestamp,
        lease_until: Timestamp,
        attempt: u64,
    ) -> impl Future<Output = Result<Option<Order>, StoreError>> + Send;
}

/// An order's timeline, kept as one item per entry.
pub trait History: Orders {
    /// The order's timeline, oldest first.
    fn history(&self, order_id: &str) -> impl Future<Output = Result<Vec<TimelineEntry>, StoreError>> + Send;

    /// The order with its whole timeline, for the pages that show it.
    fn get_with_history(&self, order_id: &str) -> impl Future<Output = Result<Option<Order>, StoreError>> + Send {
        async move {
            let Some(mut order) = self.get(order_id).await? else { return Ok(None) };
            order.timeline = self.history(order_id).await?;
            Ok(Some(order))
        }
    }

    /// Rewrites the order's stored history without the free-text notes of its entries (ids, kinds,
    /// sources and dates stay): what erasing its customer leaves of it.
    fn erase_history(&self, order_id: &str) -> impl Future<Output = Result<(), StoreError>> + Send;
}

/// Events that came before their order.
pub trait Parking: Send + Sync + 'static {
    /// Keeps an event for an order that has not arrived yet (idempotent per event).
    fn park(&self, event: &ParkedEvent, keep_until: Timestamp) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// The events parked for `order_id`.
    fn parked(&self, order_id: &str) -> impl Future<Output = Result<Vec<ParkedEvent>, StoreError>> + Send;

    fn unpark(&self, event: &ParkedEvent) -> impl Future<Output = Result<(), StoreError>> + Send;
}

/// Keys that lead to orders: payment references, tracking numbers, customers, after-sales work.
pub trait Pointers: Send + Sync + 'static {
    /// The order a key leads to (payment references, tracking numbers), for provider events that do
    /// not name the order; the keys are written with the change that gives them ([`super::Plan::pointers`]).
    fn find_pointer(&self, pointer: &Pointer) -> impl Future<Output = Result<Option<String>, StoreError>> + Send;

    /// The orders a pointer with one item per order leads to (a customer's, those with after-sales
    /// cases), newest first.
    fn pointed_orders(&self, pointer: &Pointer) -> impl Future<Output = Result<Vec<String>, StoreError>> + Send;

    /// Removes `order_id` from the customer's orders (under every key the pointer may be kept).
    fn unlink_customer(
        &self,
        customer: &Pointer,
        order_id: &str,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
}

/// The table's indexes: orders by stage (the staff list, the API's list) and by what is due (the sweep).
pub trait Listings: Send + Sync + 'static {
    /// Every order waiting on staff ([`Order::waits_on_staff`]), newest first, as the list reads
    /// them ([`Listed`]): one read where there are fewer than about a thousand.
    fn open_orders(&self) -> impl Future<Output = Result<Vec<Order>, StoreError>> + Send;

    /// The orders finished in `status` that wait on nobody, newest first, `limit` at a time, as the
    /// list reads them; `after` is the previous page's cursor.
    fn finished_page(
        &self,
        status: FulfilmentStatus,
        limit: i32,
        after: Option<&str>,
    ) -> impl Future<Output = Result<Listed, StoreError>> + Send;

    /// Ids of orders with something due at or before `now` (a duty, or a notice to put on its queue
    /// again), earliest first.
    fn due_orders(&self, now: Timestamp, limit: i32) -> impl Future<Output = Result<Vec<String>, StoreError>> + Send;

    /// Moves every due item of an order that the sweep could not handle (unreadable, or failing) to
    /// `until`, so the next runs start with the others; any later write of the order sets its due
    /// time afresh.
    fn postpone(&self, order_id: &str, until: Timestamp) -> impl Future<Output = Result<(), StoreError>> + Send;
}

/// Staff's sign-ins: failed attempts counted per client, and each account's session version.
pub trait Sessions: Send + Sync + 'static {
    /// Counts a failed sign-in by `who` (a digest of where it came from) and returns how many there
    /// were since the first of them, within `window`.
    fn count_failed_sign_in(
        &self,
        who: &str,
        now: Timestamp,
        window: jiff::SignedDuration,
    ) -> impl Future<Output = Result<u32, StoreError>> + Send;

    /// How many failed sign-ins by `who` are still within their window.
    fn failed_sign_ins(&self, who: &str, now: Timestamp) -> impl Future<Output = Result<u32, StoreError>> + Send;

    /// The session version of a staff account (0 until its sessions are first ended): a session made
    /// under an older version is over.
    fn session_version(&self, account: &str) -> impl Future<Output = Result<u64, StoreError>> + Send;

    /// Ends every session of `account` made so far: its version goes up by one; returns the new one.
    fn end_sessions(&self, account: &str) -> impl Future<Output = Result<u64, StoreError>> + Send;
}

/// What staff wrote about a customer.
pub trait CustomerNotes: Send + Sync + 'static {
    /// Staff's note about a customer.
    fn customer_note(&self, customer: &Pointer) -> impl Future<Output = Result<Option<StaffNote>, StoreError>> + Send;

    fn set_customer_note(
        &self,
        customer: &Pointer,
        note: &StaffNote,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Removes staff's note about the customer.
    fn forget_customer_note(&self, customer: &Pointer) -> impl Future<Output = Result<(), StoreError>> + Send;
}

/// The shop's numbers and once-only marks: invoice numbers, digests sent.
pub trait Sequences: Send + Sync + 'static {
    /// The order's invoice number: taken from the shop's sequence the first time it is asked for,
    /// with no gap and no number used twice, then always the same.
    fn invoice_number(&self, order_id: &str) -> impl Future<Output = Result<u64, StoreError>> + Send;

    /// Whether `key` (a weekly digest's, say) was marked done; [`Sequences::mark_done`] marks it.
    fn is_done(&self, key: &str) -> impl Future<Output = Result<bool, StoreError>> + Send;

    fn mark_done(&self, key: &str, keep_until: Timestamp) -> impl Future<Output = Result<(), StoreError>> + Send;
}

/// What is kept for the owner to read: the audit trail, provider events that matched no order.
pub trait Trails: Send + Sync + 'static {
    /// Adds a line to the audit trail, kept for [`super::AUDIT_KEPT`].
    fn record_audit(&self, entry: &AuditEntry) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// The audit trail of one day (UTC), latest first (at most 500 lines).
    fn audit_trail(&self, day: jiff::civil::Date) -> impl Future<Output = Result<Vec<AuditEntry>, StoreError>> + Send;

    /// Notes a provider event that matches no order (`key`: provider and event id), kept for
    /// [`super::UNMATCHED_KEPT`]; returns when it was first seen.
    fn note_unmatched(&self, event: &UnmatchedEvent) -> impl Future<Output = Result<Timestamp, StoreError>> + Send;

    /// The provider events noted as matching no order, latest first (at most 100).
    fn unmatched_events(&self) -> impl Future<Output = Result<Vec<UnmatchedEvent>, StoreError>> + Send;
}

/// The status feed's archive: events kept for replays, each subscriber's deliveries.
pub trait FeedArchive: Send + Sync + 'static {
    /// Keeps a published event for replays (idempotent: the same event has the same key).
    fn keep_feed_event(&self, event: &FeedEvent) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// The events published from `since` to `until`, oldest first.
    fn feed_events(
        &self,
        since: Timestamp,
        until: Timestamp,
    ) -> impl Future<Output = Result<Vec<FeedEvent>, StoreError>> + Send;

    /// Records one delivery attempt to `subscriber`.
    fn log_delivery(
        &self,
        subscriber: &str,
        record: &DeliveryRecord,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// `subscriber`'s latest delivery attempts, newest first.
    fn deliveries(
        &self,
        subscriber: &str,
        limit: i32,
    ) -> impl Future<Output = Result<Vec<DeliveryRecord>, StoreError>> + Send;
}

/// The deployment's shops other than the default one: their records, kept apart from any shop's
/// items. Only the DynamoDB adapter keeps them.
pub trait ShopDirectory: Send + Sync + 'static {
    /// The record of `shop`, read strongly (a shop just added is found at once).
    fn shop(&self, shop: &ShopId) -> impl Future<Output = Result<Option<ShopRecord>, StoreError>> + Send;

    /// Every record, in the order of their names.
    fn shops(&self) -> impl Future<Output = Result<Vec<ShopRecord>, StoreError>> + Send;

    /// Writes `record` whole; `new` when it must not exist yet ([`StoreError::Conflict`] if it does).
    fn put_shop(&self, record: &ShopRecord, new: bool) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Erases what is left of removed shop `shop`'s items after `from`, reading at most `pages`
    /// pages of the table; once none is left, its record too. Where to go on from, or none when
    /// the shop is gone; and how many items went.
    fn erase_shop(
        &self,
        shop: &ShopId,
        from: Option<TableKey>,
        pages: usize,
    ) -> impl Future<Output = Result<(Option<TableKey>, usize), StoreError>> + Send;
}

/// What the shop used, by month ([`Usage`]): counted as the work happens, read to bill by.
pub trait Meters: Send + Sync + 'static {
    /// Adds `usage` to `month`'s counts (`2026-12`).
    fn count(&self, month: &str, usage: &Usage) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// `month`'s counts so far.
    fn usage(&self, month: &str) -> impl Future<Output = Result<Usage, StoreError>> + Send;

    /// Adds one to `what`'s count in `window` (a minute, a day) and answers the count; forgotten
    /// after `keep_until`. What a shop's limits are checked against.
    fn tally(
        &self,
        what: &str,
        window: &str,
        keep_until: Timestamp,
    ) -> impl Future<Output = Result<u64, StoreError>> + Send;
}

/// Every port: the store a use case is given.
pub trait OrderStore:
    Orders + History + Parking + Pointers + Listings + Sessions + CustomerNotes + Sequences + Trails + Meters
{
}

impl<S> OrderStore for S where
    S: Orders + History + Parking + Pointers + Listings + Sessions + CustomerNotes + Sequences + Trails + Meters
{
}
