//! Order intake: storefront webhook → validated order → one conditional write → notices queued.

use super::parked::apply_parked;
use super::{App, AppError, enqueue_after_write};
use crate::domain::{FulfilmentStatus, InvalidField, OrderSource, Reception, intake};
use crate::notify::NoticeQueue;
use crate::providers::{self, OrderIntake, WebhookRequest};
use crate::store::{Atomicity, OrderStore, StoreError};
use http::HeaderMap;

/// What became of an order webhook.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Receipt {
    Recorded {
        order_id: String,
        status: FulfilmentStatus,
    },
    /// The order was recorded before; nothing changed.
    Duplicate {
        order_id: String,
    },
    Ignored {
        reason: String,
    },
    /// A storefront update applied to its order.
    Applied {
        order_id: String,
    },
    /// A storefront update for an order not recorded yet: kept, and applied when it is.
    Parked {
        order_id: String,
    },
}

pub async fn receive_order<S: OrderStore, Q: NoticeQueue>(
    app: &App<S, Q>,
    source: OrderSource,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Receipt, AppError> {
    let now = app.clock.now();
    let secret = app.settings.secrets.order_secret(source);
    let request = WebhookRequest { headers, query: None, body, secret, url_token: None, order_keys: &[], now };
    let (draft, event_id) = match providers::read_order(source, &request)? {
        OrderIntake::Ignored { reason } => {
            tracing::info!(source = source.as_str(), event_type = "order_placed", %reason, "webhook ignored");
            return Ok(Receipt::Ignored { reason });
        }
        OrderIntake::Order { draft, event_id } => (draft, event_id),
        OrderIntake::Event(event) => return Ok(super::storefront::follow_storefront(app, *event).await?),
    };
    let reception = Reception {
        source,
        defaults: &app.settings.intake,
        now,
        status_token: status_token(),
        event_id,
        terms: app.settings.payment_terms,
        processing_sla: Some(app.settings.after_sales.processing_sla),
    };
    let order = intake::receive(*draft, reception)
        .map_err(|e| InvalidField { field: providers::payload_field(source, &e.field), reason: e.reason })?;
    if let Some(limit) = app.settings.limits.orders_per_minute {
        let minute = now.to_zoned(jiff::tz::TimeZone::UTC).strftime("%Y-%m-%dT%H:%M").to_string();
        let seen = app.store.tally("orders", &minute, now + jiff::SignedDuration::from_mins(2)).await?;
        if seen > limit {
            tracing::warn!(
                source = source.as_str(),
                limit,
                "order webhooks over the shop's limit this minute: refused"
            );
            return Err(AppError::Limited { what: "orders per minute", retry_after: 60 });
        }
    }
    match app.store.save(None, &order, Atomicity::All).await {
        Ok(()) => {}
        Err(StoreError::Conflict) => {
            tracing::info!(order_id = %order.id, source = source.as_str(), event_type = "order_placed", "duplicate delivery");
            // A retry after a failure below must still bring in payments that came first.
            apply_parked(app, &order.id).await?;
            return Ok(Receipt::Duplicate { order_id: order.id });
        }
        Err(error) => return Err(error.into()),
    }
    tracing::info!(order_id = %order.id, source = source.as_str(), event_type = "order_placed", "order recorded");
    let notices: Vec<_> = order.notices.values().cloned().collect();
    enqueue_after_write(app, &order, &notices).await;
    apply_parked(app, &order.id).await?;
    Ok(Receipt::Recorded { order_id: order.id, status: order.status })
}

/// 96 random bits, hex: the token that opens the customer's status page (short enough for an SMS
/// link, far too many to guess).
fn status_token() -> String {
    let mut bytes = [0u8; 12];
    getrandom::fill(&mut bytes).expect("the system random source is available");
    hex::encode(bytes)
}
