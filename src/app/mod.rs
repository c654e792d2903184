//! Use cases, generic over the ports so that tests and benchmarks can swap the adapters.

pub mod deliver;
pub mod fulfilment;
pub mod payment;
pub mod receive;
pub mod status;
pub mod sweep;

use crate::clock::Clock;
use crate::config::Settings;
use crate::domain::Order;
use crate::notify::NoticeQueue;
use crate::providers::ProviderError;
use crate::providers::paypal::PaypalVerifier;
use crate::store::{Expect, OrderStore, StoreError};
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
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Provider(#[from] ProviderError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<crate::domain::InvalidField> for AppError {
    fn from(invalid: crate::domain::InvalidField) -> Self {
        Self::Provider(ProviderError::Invalid(invalid))
    }
}

/// How often a write that lost a race is re-read and re-applied before giving up.
const WRITE_ATTEMPTS: usize = 8;

/// Applies `change` to `order` and writes it conditionally on the version read; on a lost race it
/// re-reads and re-applies. `change` returns whether it changed anything (nothing to write if not).
/// Returns the order as written, or `None` when the order disappeared or nothing changed.
pub(crate) async fn update_order<S: OrderStore>(
    store: &S,
    mut order: Order,
    mut change: impl FnMut(&mut Order) -> bool,
) -> Result<Option<Order>, StoreError> {
    for _ in 0..WRITE_ATTEMPTS {
        let read_version = order.version;
        if !change(&mut order) {
            return Ok(None);
        }
        order.version = read_version + 1;
        match store.put(&order, Expect::Version(read_version)).await {
            Ok(()) => return Ok(Some(order)),
            Err(StoreError::Conflict) => match store.get(&order.id).await? {
                Some(current) => order = current,
                None => return Ok(None),
            },
            Err(error) => return Err(error),
        }
    }
    Err(StoreError::Unavailable(format!("order kept changing for {WRITE_ATTEMPTS} attempts")))
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
