//! Where orders are kept. [`OrderStore`] is the port; [`dynamo::DynamoStore`] the DynamoDB adapter,
//! [`memory::MemoryStore`] an in-memory one with the same semantics for tests and benchmarks.

pub mod dynamo;
pub mod memory;

use crate::domain::{FulfilmentStatus, Order, PaymentEvent, PaymentProvider, PaymentStatus};
use jiff::Timestamp;
use std::future::Future;

pub use dynamo::DynamoStore;
pub use memory::MemoryStore;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The write's condition failed: the order exists already, or changed since it was read.
    #[error("the order changed concurrently or exists already")]
    Conflict,
    #[error("the order store is unavailable: {0}")]
    Unavailable(String),
    #[error("a stored order could not be read: {0}")]
    Corrupt(String),
}

/// What a write expects to find.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    /// No order with this id yet.
    New,
    /// The order as it was at this version.
    Version(u64),
}

pub trait OrderStore: Send + Sync + 'static {
    fn get(&self, order_id: &str) -> impl Future<Output = Result<Option<Order>, StoreError>> + Send;

    /// Writes the whole order if it is as `expect` says, else [`StoreError::Conflict`].
    fn put(&self, order: &Order, expect: Expect) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Takes a worker's lease on a queued notice (or one whose lease ran out), returning the order as
    /// it is after the claim; `None` when the notice is settled or another worker holds it.
    fn claim_notice(
        &self,
        order_id: &str,
        notice_id: &str,
        now: Timestamp,
        lease_until: Timestamp,
    ) -> impl Future<Output = Result<Option<Order>, StoreError>> + Send;

    /// Ids of orders whose next due time is at or before `now`, earliest first.
    fn due_orders(&self, now: Timestamp, limit: i32) -> impl Future<Output = Result<Vec<String>, StoreError>> + Send;

    /// Keeps a payment event for an order that has not arrived yet (idempotent per event).
    fn park(&self, event: &PaymentEvent, keep_until: Timestamp) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// The payment events parked for `order_id`.
    fn parked(&self, order_id: &str) -> impl Future<Output = Result<Vec<PaymentEvent>, StoreError>> + Send;

    fn unpark(&self, event: &PaymentEvent) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Remembers which order a key belongs to (payment references, tracking numbers), for
    /// provider events that do not name the order.
    fn put_pointer(&self, pointer: &Pointer, order_id: &str) -> impl Future<Output = Result<(), StoreError>> + Send;

    fn find_pointer(&self, pointer: &Pointer) -> impl Future<Output = Result<Option<String>, StoreError>> + Send;

    /// Orders in `status`, newest first, `limit` at a time; `after` is the previous page's cursor.
    fn list_by_status(
        &self,
        status: FulfilmentStatus,
        limit: i32,
        after: Option<&str>,
    ) -> impl Future<Output = Result<OrderPage, StoreError>> + Send;
}

/// A key that leads to an order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pointer {
    /// A payment provider's payment id (a Stripe PaymentIntent).
    Payment(PaymentProvider, String),
    /// A parcel's tracking number.
    Tracking(String),
}

/// One line of the back office's order list.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct OrderSummary {
    pub order_id: String,
    pub number: String,
    pub status: FulfilmentStatus,
    pub payment_status: PaymentStatus,
    pub total: String,
    pub placed_at: Timestamp,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct OrderPage {
    pub orders: Vec<OrderSummary>,
    /// Pass as `after` for the next page; absent on the last page.
    pub next: Option<String>,
}
