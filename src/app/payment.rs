//! Payment webhooks: verify → match to the order → apply once (or park until the order arrives).

use super::parked::order_or_park;
use super::{App, AppError, enqueue_after_write, update_order};
use crate::domain::{Order, PaymentEvent, PaymentOutcome, PaymentProvider};
use crate::notify::NoticeQueue;
use crate::providers::{self, PaymentIntake, WebhookRequest};
use crate::store::{OrderStore, ParkedEvent, Pointer, StoreError};
use http::HeaderMap;

/// What became of a payment webhook.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PaymentReceipt {
    Applied {
        order_id: String,
    },
    Duplicate {
        order_id: String,
    },
    /// The order has not arrived yet; the payment is kept and applied when it does.
    Parked {
        order_id: String,
    },
    Ignored {
        reason: String,
    },
    /// The event does not name its order and its payment reference is not known yet.
    Unmatched,
    /// The same, retried for [`super::parked::UNMATCHED_RETRIED_FOR`]: set aside for the owner.
    SetAside,
}

pub async fn capture_payment<S: OrderStore, Q: NoticeQueue>(
    app: &App<S, Q>,
    provider: PaymentProvider,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<PaymentReceipt, AppError> {
    let request = WebhookRequest {
        headers,
        query: None,
        body,
        secret: app.settings.secrets.payment_secret(provider),
        url_token: None,
        order_keys: &app.settings.stripe_order_keys,
        now: app.clock.now(),
    };
    let mut event = match providers::read_payment(provider, &request, app.paypal.as_ref()).await? {
        PaymentIntake::Ignored { reason } => {
            tracing::info!(source = provider.as_str(), event_type = "payment", %reason, "webhook ignored");
            return Ok(PaymentReceipt::Ignored { reason });
        }
        PaymentIntake::Payment(event) => event,
    };
    if event.order_id.is_empty() {
        let known = match &event.reference {
            Some(reference) => app.store.find_pointer(&Pointer::Payment(provider, reference.clone())).await?,
            None => None,
        };
        let Some(order_id) = known else {
            tracing::warn!(source = provider.as_str(), event_id = %event.event_id, "payment names no known order");
            let named = format!("payment {}", event.reference.as_deref().unwrap_or("without a reference"));
            return Ok(match super::parked::set_aside(app, provider.as_str(), &event.event_id, named).await? {
                true => PaymentReceipt::SetAside,
                false => PaymentReceipt::Unmatched,
            });
        };
        event.order_id = order_id;
    }
    let order_id = event.order_id.clone();
    let Some(order) = order_or_park(app, &ParkedEvent::Payment(event.clone())).await? else {
        return Ok(PaymentReceipt::Parked { order_id });
    };
    Ok(match apply(app, &event, order).await? {
        true => PaymentReceipt::Applied { order_id },
        false => PaymentReceipt::Duplicate { order_id },
    })
}

/// Applies one payment event to its order as read; `false` when it was applied before.
pub(super) async fn apply<S: OrderStore, Q: NoticeQueue>(
    app: &App<S, Q>,
    event: &PaymentEvent,
    order: Order,
) -> Result<bool, StoreError> {
    let now = app.clock.now();
    let mut notices = Vec::new();
    let written = update_order(&app.store, order, |o| match o.apply_payment(event, now) {
        PaymentOutcome::Applied(added) => {
            notices = added;
            true
        }
        PaymentOutcome::Duplicate => false,
    })
    .await?;
    let Some(order) = written else {
        tracing::info!(order_id = %event.order_id, source = event.provider.as_str(), "duplicate payment event");
        return Ok(false);
    };
    tracing::info!(order_id = %order.id, source = event.provider.as_str(), event_type = "payment", payment = ?order.payment.status, "payment applied");
    enqueue_after_write(app, &order, &notices).await;
    Ok(true)
}
