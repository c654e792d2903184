//! Where orders are kept. [`OrderStore`] is the ports' sum, one small trait per concern ([`ports`]); [`dynamo::DynamoStore`] the DynamoDB adapter,
//! [`memory::MemoryStore`] an in-memory one with the same semantics for tests and benchmarks. An
//! order is stored as a small head, its details, one item per notice and one per event
//! ([`layout`]); a change writes only what it changed ([`Plan`]).

pub mod dynamo;
pub mod layout;
pub mod lookup;
#[cfg(any(test, feature = "dev"))]
pub mod memory;
mod ports;

use crate::domain::{FulfilmentStatus, Notice, Order, PaymentEvent, PaymentProvider, PaymentStatus};
use crate::domain::{Private, TimelineEntry};
use jiff::Timestamp;

pub use dynamo::{DeliveryRecord, DynamoStore};

/// Every port in scope, for code that calls an adapter's methods directly (operators' commands, tests).
pub mod prelude {
    pub use super::ports::{
        CustomerNotes as _, FeedArchive as _, History as _, Listings as _, Meters as _, Orders as _, Parking as _,
        Pointers as _, Sequences as _, Sessions as _, ShopDirectory as _, Trails as _,
    };
}
pub use ports::{
    CustomerNotes, FeedArchive, History, Listings, Meters, OrderStore, Orders, Parking, Pointers, Sequences, Sessions,
    ShopDirectory, Trails,
};

/// What staff wrote about a customer, who and when.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StaffNote {
    pub text: Private<String>,
    pub by: String,
    pub at: Timestamp,
}

/// One line of the back office's audit trail: who did or saw what, through which door, and whether
/// it was done. No personal data: orders by id, customers by their lookup key.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AuditEntry {
    pub at: Timestamp,
    pub account: String,
    pub role: crate::domain::Role,
    /// `page` or `api`.
    pub via: String,
    /// An action's name (`refund`), or what was read or done besides (`customer-card`, `order-read`,
    /// `sessions-ended`, `erase`).
    pub what: String,
    /// The order's id, or `customer:<lookup key>`, or the account whose sessions were ended.
    pub subject: String,
    /// `done`, or `refused` (the role did not allow it).
    pub outcome: String,
}

/// How long the audit trail keeps a line.
pub const AUDIT_KEPT: jiff::SignedDuration = jiff::SignedDuration::from_hours(400 * 24);

/// An event that came before its order (a payment, a storefront update), kept until it arrives.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(untagged)]
pub enum ParkedEvent {
    Storefront(crate::domain::StorefrontEvent),
    Payment(PaymentEvent),
}

impl ParkedEvent {
    pub fn order_id(&self) -> &str {
        match self {
            Self::Storefront(event) => &event.order_id,
            Self::Payment(event) => &event.order_id,
        }
    }

    pub fn dedupe_key(&self) -> String {
        match self {
            Self::Storefront(event) => event.dedupe_key(),
            Self::Payment(event) => event.dedupe_key(),
        }
    }
}
#[cfg(any(test, feature = "dev"))]
pub use memory::MemoryStore;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The write's condition failed: the order exists already, or changed since it was read.
    #[error("the order changed concurrently or exists already")]
    Conflict,
    /// A provider event in the change was applied before (its event item exists): nothing written.
    #[error("the event was applied before")]
    Duplicate,
    #[error("the order store is unavailable: {0}")]
    Unavailable(String),
    #[error("a stored order could not be read: {0}")]
    Corrupt(String),
}

/// How a change may be written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Atomicity {
    /// Every item of the change in one transaction.
    All,
    /// The change is idempotent (a carrier update: the greatest tracking key wins), so when it asks
    /// for no notice the head may be written first and its one event item after it, in two plain
    /// writes at half a transaction's price. A crash between them leaves the state right and the
    /// event unrecorded, so the provider's retry applies it again (to the same result) and records it.
    Idempotent,
}

/// How long an event that matches no order is remembered (and listed for the owner).
pub const UNMATCHED_KEPT: jiff::SignedDuration = jiff::SignedDuration::from_hours(30 * 24);

/// A provider's event that names no order orderflow knows: a payment whose order or reference is not
/// known, a parcel no order has. No personal data: the provider, its event id, and what it named.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct UnmatchedEvent {
    /// `stripe`, `easypost`…
    pub provider: String,
    pub event_id: String,
    /// What it named: `payment pi_…`, `tracking 1Z…`, `order 1001`.
    pub named: String,
    pub first_at: Timestamp,
}

impl UnmatchedEvent {
    pub fn key(&self) -> String {
        format!("{}#{}", self.provider, self.event_id)
    }
}

/// What a change writes, worked out once for both adapters.
pub struct Plan<'a> {
    /// The head is written (conditional on the version read, or on not existing).
    pub head: bool,
    pub details: bool,
    /// Notices that are new (`true`: must not exist yet) or changed (conditional on their revision).
    pub notices: Vec<(&'a Notice, bool)>,
    pub events: Vec<EventRecord>,
    /// Keys that lead to this order from now on (a tracking number handed over, a payment reference
    /// captured): written with the change, so the first event that names only them finds the order.
    pub pointers: Vec<Pointer>,
    /// Returns and complaints new or changed ([`layout::Case`]): written with the head.
    pub cases: Vec<layout::Case>,
}

/// One new event item: a provider event's dedupe key (its conditional put is the dedupe), a timeline
/// entry, or both.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct EventRecord {
    /// `E#<provider>:<event id>` for a provider event, `V<version>#<n>` otherwise.
    pub key: String,
    /// Sorts entries written at the same instant.
    pub seq: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry: Option<TimelineEntry>,
}

impl EventRecord {
    pub fn is_dedupe(&self) -> bool {
        self.key.starts_with("E#")
    }

    /// The timeline entries among `records`, oldest first (entries of one change in their order).
    pub fn timeline(records: impl IntoIterator<Item = EventRecord>) -> Vec<TimelineEntry> {
        let mut entries: Vec<(u64, TimelineEntry)> =
            records.into_iter().filter_map(|r| r.entry.map(|e| (r.seq, e))).collect();
        entries.sort_by_key(|(seq, entry)| (entry.at, *seq));
        entries.into_iter().map(|(_, entry)| entry).collect()
    }
}

impl<'a> Plan<'a> {
    pub fn of(before: Option<&Order>, after: &'a Order) -> Self {
        let known = before.map_or(0, |b| b.timeline.len());
        let mut seen: Vec<&String> =
            after.seen_events.iter().filter(|k| before.is_none_or(|b| !b.seen_events.contains(*k))).collect();
        let mut events = Vec::new();
        for (n, entry) in after.timeline.iter().enumerate().skip(known) {
            let seq = after.version * 1_000_000 + n as u64;
            let provider_key = entry.event_id.as_ref().map(|id| format!("{}:{id}", entry.source));
            let key = match provider_key.and_then(|k| seen.iter().position(|s| **s == k)) {
                Some(i) => format!("E#{}", seen.remove(i)),
                None => format!("V{:012}#{n:03}", after.version),
            };
            events.push(EventRecord { key, seq, entry: Some(entry.clone()) });
        }
        events.extend(seen.into_iter().map(|k| EventRecord {
            key: format!("E#{k}"),
            seq: after.version * 1_000_000,
            entry: None,
        }));
        let notices: Vec<(&Notice, bool)> = after
            .notices
            .values()
            .filter_map(|n| match before.and_then(|b| b.notices.get(&n.id)) {
                None => Some((n, true)),
                Some(old) if old != n => Some((n, false)),
                Some(_) => None,
            })
            .collect();
        let mut pointers: Vec<Pointer> = events
            .iter()
            .filter_map(|r| r.key.strip_prefix("E#")?.split_once(":capture:"))
            .filter_map(|(provider, reference)| {
                Some(Pointer::Payment(PaymentProvider::from_path(provider)?, reference.to_string()))
            })
            .collect();
        if before.is_none() {
            pointers.push(Pointer::number(&after.number));
        }
        let has_cases = |o: &Order| !o.after_delivery.returns.is_empty() || !o.after_delivery.complaints.is_empty();
        if has_cases(after) && before.is_none_or(|b| !has_cases(b)) {
            pointers.push(Pointer::AfterSales);
        }
        let contacts = |o: &Order| [o.customer.email.clone(), o.customer.phone.clone()];
        for contact in contacts(after).into_iter().flatten() {
            if before.is_none_or(|b| !contacts(b).contains(&Some(contact.clone()))) {
                pointers.push(Pointer::customer(contact.expose()));
            }
        }
        // Replacements sent for complaints are found by their tracking numbers too.
        let replacements = |o: &Order| {
            o.after_delivery
                .complaints
                .iter()
                .filter_map(|c| Some(c.resolved.as_ref()?.replacement.as_ref()?.tracking_number.clone()))
                .collect::<Vec<_>>()
        };
        let known = before.map(replacements).unwrap_or_default();
        pointers.extend(replacements(after).into_iter().filter(|n| !known.contains(n)).map(Pointer::Tracking));
        let tracking = after.shipment.tracking_number.as_ref();
        if tracking.is_some_and(|t| before.is_none_or(|b| b.shipment.tracking_number.as_ref() != Some(t))) {
            pointers.extend(tracking.map(|t| Pointer::Tracking(t.clone())));
        }
        let details = before.is_none_or(|b| !layout::same_details(b, after));
        let cases = layout::changed_cases(before, after);
        let head =
            before.is_none_or(|b| !layout::same_head(b, after)) || details || !events.is_empty() || !cases.is_empty();
        Plan { head, details, notices, events, pointers, cases }
    }

    pub fn is_empty(&self) -> bool {
        !self.head && self.notices.is_empty()
    }

    /// Whether the head and its one event can go as two plain writes (see [`Atomicity::Idempotent`]).
    pub fn relaxed(&self, atomicity: Atomicity) -> bool {
        atomicity == Atomicity::Idempotent
            && self.notices.is_empty()
            && self.cases.is_empty()
            && self.pointers.is_empty()
            && !self.details
            && self.events.len() <= 1
    }
}

/// A key that leads to an order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pointer {
    /// A payment provider's payment id (a Stripe PaymentIntent).
    Payment(PaymentProvider, String),
    /// A parcel's tracking number.
    Tracking(crate::domain::TrackingNumber),
    /// The order number the shop and the customer use (`#1001`), as [`Pointer::number`] reads it.
    Number(String),
    /// One of a customer's orders, by their email or phone ([`Pointer::customer`]), kept under a
    /// keyed digest of it: a customer has many, so each order is its own pointer.
    Customer(Private<String>),
    /// An order with returns or complaints (one pointer per order): the weekly digest's source.
    AfterSales,
}

impl Pointer {
    /// A customer's pointer, by their email (any case) or phone (digits and `+` only); the store
    /// keys it by a keyed digest ([`lookup::LookupKeys`]), so that no contact detail is a key.
    pub fn customer(contact: &str) -> Self {
        Self::Customer(Private::new(lookup::normal(contact)))
    }

    /// The pointer of an order number as typed: case, spaces and a leading `#` do not matter.
    pub fn number(typed: &str) -> Self {
        Self::Number(typed.trim().trim_start_matches('#').trim().to_lowercase())
    }
}

/// One line of the API's order list.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct OrderSummary {
    pub order_id: String,
    pub number: String,
    pub status: FulfilmentStatus,
    pub payment_status: PaymentStatus,
    pub total: String,
    pub placed_at: Timestamp,
}

impl OrderSummary {
    pub fn of(order: &Order) -> Self {
        OrderSummary {
            order_id: order.id.clone(),
            number: order.number.clone(),
            status: order.status,
            payment_status: order.payment.status,
            total: order.money(order.totals.total_minor).to_string(),
            placed_at: order.placed_at,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct OrderPage {
    pub orders: Vec<OrderSummary>,
    /// Pass as `after` for the next page; absent on the last page.
    pub next: Option<String>,
}

/// Where the lists find an order: with every order waiting on staff ([`Order::waits_on_staff`]),
/// or with the finished orders of its status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    Open,
    Finished(FulfilmentStatus),
}

impl Stage {
    pub fn of(order: &Order) -> Self {
        if order.waits_on_staff() { Stage::Open } else { Stage::Finished(order.status) }
    }
}

/// A page of orders as the lists read them: each one's head and open returns and complaints, its
/// details unread (no customer, address or lines, no notices): what a list line and what needs doing
/// next are made of.
#[derive(Clone, Debug, Default)]
pub struct Listed {
    pub orders: Vec<Order>,
    /// Pass as `after` for the next page; absent on the last page.
    pub next: Option<String>,
}

impl Listed {
    /// The page of `orders` (newest first, then by id) that comes after the cursor `after`, `limit`
    /// long. The cursor is the last order's time placed and id (`<ms>|<id>`), so a page goes on
    /// where the last one ended even when that order has left the list since.
    pub fn page<'a>(orders: impl IntoIterator<Item = &'a Order>, after: Option<&str>, limit: usize) -> Self {
        let key = |o: &Order| (o.placed_at.as_millisecond(), o.id.clone());
        let from = after.and_then(|cursor| {
            let (ms, id) = cursor.split_once('|')?;
            Some((ms.parse::<i64>().ok()?, id.to_string()))
        });
        let mut rest = orders.into_iter().filter(|o| from.as_ref().is_none_or(|from| key(o) < *from)).peekable();
        let page: Vec<Order> = rest.by_ref().take(limit.max(1)).cloned().collect();
        let next = rest.peek().and(page.last()).map(|o| format!("{}|{}", o.placed_at.as_millisecond(), o.id));
        Listed { orders: page, next }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testing::{draft, receive_draft};

    fn placed(id: &str, minute: i64) -> Order {
        let mut order = receive_draft(draft()).unwrap();
        order.id = id.into();
        order.placed_at = jiff::Timestamp::from_second(1_796_000_000 + minute * 60).unwrap();
        order
    }

    #[test]
    fn a_page_goes_on_after_the_last_order_shown_even_when_it_left_the_list() {
        let orders = [placed("c", 3), placed("b", 2), placed("a", 1)];
        let first = Listed::page(&orders, None, 1);
        assert_eq!(first.orders.iter().map(|o| o.id.as_str()).collect::<Vec<_>>(), ["c"]);
        // "c" was confirmed meanwhile: the next page still starts after it, with "b".
        let second = Listed::page(&orders[1..], first.next.as_deref(), 1);
        assert_eq!(second.orders.iter().map(|o| o.id.as_str()).collect::<Vec<_>>(), ["b"]);
        let last = Listed::page(&orders[1..], second.next.as_deref(), 1);
        assert_eq!((last.orders.len(), last.next), (1, None));
        assert_eq!(Listed::page(&orders, Some("not a cursor"), 5).orders.len(), 3, "from the top");
    }
}
