//! Use cases, generic over the ports so that tests and benchmarks can swap the adapters.

pub mod access;
pub mod backoffice;
pub mod deliver;
pub mod digest;
pub mod feed;
pub mod feedback;
pub mod fulfilment;
pub mod parked;
pub mod payment;
pub mod privacy;
pub mod receive;
pub mod status;
pub mod storefront;
pub mod sweep;
pub mod throttle;

use crate::clock::Clock;
use crate::config::Settings;
use crate::domain::Order;
use crate::notify::NoticeQueue;
use crate::providers::ProviderError;
use crate::providers::capture::PaymentCapture;
use crate::providers::paypal::PaypalVerifier;
use crate::store::{Atomicity, OrderStore, StoreError};
use aws_lambda_events::event::sqs::{BatchItemFailure, SqsBatchResponse, SqsEvent, SqsMessage};
use std::sync::Arc;

pub use deliver::{Worker, deliver_batch};
pub use payment::{PaymentReceipt, capture_payment};
pub use receive::{Receipt, receive_order};
pub use sweep::sweep;

/// What the HTTP functions and the scheduler work with.
pub struct App<S, Q> {
    pub store: S,
    pub queue: Q,
    pub settings: Arc<Settings>,
    pub clock: Clock,
    pub paypal: Arc<dyn PaypalVerifier>,
    /// Captures money held at checkout when staff ship (the back office's).
    pub capture: Arc<dyn PaymentCapture>,
}

impl<S, Q> App<S, Q> {
    /// Services that accept no PayPal webhook and capture no payment (the functions' own are in
    /// [`crate::aws`]).
    pub fn new(store: S, queue: Q, settings: Arc<Settings>, clock: Clock) -> Self {
        let capture = Arc::new(crate::providers::capture::PaymentApis::default());
        Self { store, queue, settings, clock, paypal: Arc::new(crate::providers::paypal::PaypalNotConfigured), capture }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Provider(#[from] ProviderError),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Over one of the shop's limits: to be sent again after this many seconds.
    #[error("over the shop's limit of {what}: try again in {retry_after} s")]
    Limited { what: &'static str, retry_after: u32 },
}

impl From<crate::domain::InvalidField> for AppError {
    fn from(invalid: crate::domain::InvalidField) -> Self {
        Self::Provider(ProviderError::Invalid(invalid))
    }
}

/// How often a write that lost a race is re-read and re-applied before giving up.
const WRITE_ATTEMPTS: usize = 8;

/// Applies `change` to `order` and writes what it changed, conditionally on the version read; on a
/// lost race it re-reads and re-applies. `change` returns whether it changed anything (nothing to
/// write if not). Returns the order as written, or `None` when the order disappeared, nothing
/// changed, or the change's provider event was applied before.
pub(crate) async fn update_order<S: OrderStore>(
    store: &S,
    order: Order,
    change: impl FnMut(&mut Order) -> bool,
) -> Result<Option<Order>, StoreError> {
    update_order_with(store, order, Atomicity::All, change).await
}

/// [`update_order`] for a change that may be written with `atomicity`.
pub(crate) async fn update_order_with<S: OrderStore>(
    store: &S,
    mut order: Order,
    atomicity: Atomicity,
    mut change: impl FnMut(&mut Order) -> bool,
) -> Result<Option<Order>, StoreError> {
    for _ in 0..WRITE_ATTEMPTS {
        let before = order.clone();
        if !change(&mut order) {
            return Ok(None);
        }
        order.version = before.version + 1;
        match store.save(Some(&before), &order, atomicity).await {
            Ok(()) => return Ok(Some(order)),
            Err(StoreError::Duplicate) => return Ok(None),
            Err(StoreError::Conflict) => match store.get(&order.id).await? {
                Some(current) => order = current,
                None => return Ok(None),
            },
            Err(error) => return Err(error),
        }
    }
    Err(StoreError::Unavailable(format!("order kept changing for {WRITE_ATTEMPTS} attempts")))
}

/// Handles one SQS FIFO batch, reporting only the records to retry (`ReportBatchItemFailures`), so
/// one bad record never replays the others. Records of one group (`group_of`) are handled in the
/// order they came, groups concurrently; after a failure, the group's later records are reported
/// too, as FIFO queues require. A record without a group is a group of its own.
pub(crate) async fn fifo_batch<'a, F, Fut>(
    event: &'a SqsEvent,
    group_of: impl Fn(&SqsMessage) -> Option<String>,
    handle: F,
) -> SqsBatchResponse
where
    F: Fn(&'a SqsMessage) -> Fut,
    Fut: std::future::Future<Output = Result<(), String>>,
{
    let mut groups: Vec<(Option<String>, Vec<&SqsMessage>)> = Vec::new();
    for record in &event.records {
        let group = group_of(record);
        match groups.iter_mut().find(|(key, _)| group.is_some() && *key == group) {
            Some((_, records)) => records.push(record),
            None => groups.push((group, vec![record])),
        }
    }
    let handle = &handle;
    let failed = futures::future::join_all(groups.iter().map(|(_, records)| async move {
        let mut failed = Vec::new();
        for record in records {
            if !failed.is_empty() {
                failed.push(*record);
                continue;
            }
            if let Err(error) = handle(record).await {
                tracing::warn!(message_id = record.message_id.as_deref().unwrap_or(""), %error, "record failed");
                failed.push(*record);
            }
        }
        failed
    }))
    .await;
    let mut response = SqsBatchResponse::default();
    response.batch_item_failures = failed
        .into_iter()
        .flatten()
        .map(|record| {
            let mut failure = BatchItemFailure::default();
            failure.item_identifier = record.message_id.clone().unwrap_or_default();
            failure
        })
        .collect();
    response
}

/// Puts notices on their queues after the write that asked for them. A failure here loses nothing:
/// the notices are in the order's ledger and the sweep re-drives them.
pub(crate) async fn enqueue_after_write<S, Q: NoticeQueue>(
    app: &App<S, Q>,
    order: &Order,
    notices: &[crate::domain::Notice],
) {
    if notices.is_empty() {
        return;
    }
    let mut notices = notices.to_vec();
    notices.sort_by_key(|n| (n.created_at, n.audience == crate::domain::Audience::Owner));
    if let Err(error) = app.queue.enqueue(&order.id, &notices).await {
        tracing::warn!(order_id = %order.id, %error, "notices left for the sweep");
    }
}

/// The use cases on in-memory ports: fast checks of the logic, no emulator (`tests/` drives the real
/// adapters).
#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Channel, FulfilmentStatus, OrderSource};
    use crate::notify::memory::{MemoryQueue, MemorySender};
    use crate::providers::sign_order;
    use crate::store::MemoryStore;
    use crate::store::prelude::*;
    use aws_lambda_events::event::sqs::{SqsEvent, SqsMessage};

    fn settings() -> Arc<Settings> {
        Arc::new(Settings::example(&[("GENERIC_ORDER_SECRET", "secret")]))
    }

    fn stack() -> (App<MemoryStore, MemoryQueue>, Worker<MemoryStore, MemorySender>) {
        let (store, settings, clock) =
            (MemoryStore::new(), settings(), Clock::fixed("2026-11-23T18:00:00Z".parse().unwrap()));
        let app = App::new(store.clone(), MemoryQueue::default(), settings.clone(), clock.clone());
        let worker = Worker { store, sender: MemorySender::default(), settings, clock };
        (app, worker)
    }

    fn order_body() -> String {
        serde_json::json!({
            "order_id": "M-1", "customer": { "name": "Ada", "email": "ada@example.com" },
            "shipping": { "method": "Post", "address": { "line1": "1 Main St", "city": "Paris", "country": "FR" } },
            "payment": { "method": "prepaid", "status": "paid" }, "currency": "EUR",
            "items": [{ "name": "Pen", "quantity": 1, "unit_price": "3.00" }], "totals": { "total": "3.00" }
        })
        .to_string()
    }

    fn headers(app: &App<MemoryStore, MemoryQueue>, body: &str) -> http::HeaderMap {
        let (name, value) = sign_order(OrderSource::Generic, "secret", body.as_bytes(), app.clock.now());
        let mut headers = http::HeaderMap::new();
        headers.insert(name, value.parse().unwrap());
        headers
    }

    async fn deliver_queued(app: &App<MemoryStore, MemoryQueue>, worker: &Worker<MemoryStore, MemorySender>) {
        let mut event = SqsEvent::default();
        event.records = app
            .queue
            .take(Channel::Email)
            .into_iter()
            .map(|r| {
                let mut m = SqsMessage::default();
                m.message_id = Some(r.notice_id.to_string());
                m.body = Some(serde_json::to_string(&r).unwrap());
                m
            })
            .collect();
        assert!(deliver_batch(worker, event).await.batch_item_failures.is_empty());
    }

    #[tokio::test]
    async fn an_order_is_recorded_once_and_its_notices_sent_once() {
        let (app, worker) = stack();
        let body = order_body();
        let receipt = receive_order(&app, OrderSource::Generic, &headers(&app, &body), body.as_bytes()).await.unwrap();
        assert_eq!(receipt, Receipt::Recorded { order_id: "M-1".into(), status: FulfilmentStatus::Received });
        let again = receive_order(&app, OrderSource::Generic, &headers(&app, &body), body.as_bytes()).await.unwrap();
        assert_eq!(again, Receipt::Duplicate { order_id: "M-1".into() });
        deliver_queued(&app, &worker).await;
        let sent = worker.sender.sent();
        let to: Vec<&str> = sent.iter().map(|(to, _)| to.as_str()).collect();
        assert_eq!(to, ["ada@example.com", "owner@example.com"], "customer first, then owner; nothing twice");
        // A redelivery after everything was sent sends nothing.
        app.queue
            .enqueue("M-1", &app.store.get("M-1").await.unwrap().unwrap().notices.values().cloned().collect::<Vec<_>>())
            .await
            .unwrap();
        deliver_queued(&app, &worker).await;
        assert_eq!(worker.sender.sent().len(), 2);
    }

    /// Five workers on several threads with the same SQS message: the conditional claim lets one send.
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn concurrent_workers_with_the_same_message_send_once() {
        let (app, worker) = stack();
        let body = order_body();
        receive_order(&app, OrderSource::Generic, &headers(&app, &body), body.as_bytes()).await.unwrap();
        let customer = app.queue.take(Channel::Email).into_iter().next().unwrap();
        let mut event = SqsEvent::default();
        let mut message = SqsMessage::default();
        message.message_id = Some(customer.notice_id.to_string());
        message.body = Some(serde_json::to_string(&customer).unwrap());
        event.records = vec![message];
        let worker = Arc::new(worker);
        let deliveries: Vec<_> = (0..5)
            .map(|_| {
                let (worker, event) = (worker.clone(), event.clone());
                tokio::spawn(async move { deliver_batch(&worker, event).await })
            })
            .collect();
        for delivery in deliveries {
            delivery.await.unwrap();
        }
        assert_eq!(worker.sender.sent().len(), 1);
    }

    #[tokio::test]
    async fn twenty_concurrent_deliveries_record_once() {
        let (app, _) = stack();
        let body = order_body();
        let headers = headers(&app, &body);
        let receipts = futures::future::join_all(
            (0..20).map(|_| receive_order(&app, OrderSource::Generic, &headers, body.as_bytes())),
        )
        .await;
        let recorded = receipts.iter().filter(|r| matches!(r, Ok(Receipt::Recorded { .. }))).count();
        assert_eq!((recorded, app.store.len()), (1, 1));
        assert_eq!(app.queue.take(Channel::Email).len(), 2, "one customer and one owner notice, queued once");
    }
}
