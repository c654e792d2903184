//! The storefront's own admin actions (Shopify, WooCommerce webhooks on the order route): applied to
//! the order by the same rules as the back office's, once each, or kept until the order arrives.

use super::parked::order_or_park;
use super::{App, Receipt, enqueue_after_write, update_order};
use crate::domain::{Order, StorefrontEvent, StorefrontOutcome};
use crate::notify::NoticeQueue;
use crate::store::{OrderStore, ParkedEvent, StoreError};

/// Applies a storefront event, or parks it until its order is recorded.
pub async fn follow_storefront<S: OrderStore, Q: NoticeQueue>(
    app: &App<S, Q>,
    event: StorefrontEvent,
) -> Result<Receipt, StoreError> {
    let order_id = event.order_id.clone();
    let Some(order) = order_or_park(app, &ParkedEvent::Storefront(event.clone())).await? else {
        return Ok(Receipt::Parked { order_id });
    };
    if let Some(reason) = order.storefront_stale(&event) {
        tracing::info!(order_id = %order_id, topic = %event.topic, %reason, "storefront body ignored");
        return Ok(Receipt::Ignored { reason });
    }
    Ok(match apply(app, &event, order).await? {
        true => Receipt::Applied { order_id },
        false => Receipt::Duplicate { order_id },
    })
}

/// Applies one storefront event to its order as read; `false` when it was applied before.
pub(super) async fn apply<S: OrderStore, Q: NoticeQueue>(
    app: &App<S, Q>,
    event: &StorefrontEvent,
    order: Order,
) -> Result<bool, StoreError> {
    let (now, after) = (app.clock.now(), app.settings.after_sales);
    let mut notices = Vec::new();
    let defaults = &app.settings.intake;
    let written = update_order(&app.store, order, |o| match o.apply_storefront(event, now, after, defaults) {
        StorefrontOutcome::Applied(added) => {
            notices = added;
            true
        }
        StorefrontOutcome::Duplicate | StorefrontOutcome::Unchanged => false,
    })
    .await?;
    let Some(order) = written else {
        tracing::info!(order_id = %event.order_id, source = event.source.as_str(), "duplicate storefront event");
        return Ok(false);
    };
    tracing::info!(order_id = %order.id, source = event.source.as_str(), topic = %event.topic, status = %order.status, "storefront event applied");
    enqueue_after_write(app, &order, &notices).await;
    Ok(true)
}
