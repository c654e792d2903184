//! Events that come before their order (a payment, a storefront update): kept, and applied the
//! moment the order is recorded.

use super::App;
use crate::domain::Order;
use crate::notify::NoticeQueue;
use crate::store::{OrderStore, ParkedEvent, StoreError};
use jiff::SignedDuration;

/// How long an event waits for its order: far beyond every storefront's retry window.
const PARK_FOR: SignedDuration = SignedDuration::from_hours(30 * 24);

/// How long an event that names no order orderflow knows is answered 503, so that the provider
/// retries while the order (or its payment reference, or its parcel) may still arrive. After that it
/// is set aside: answered 200 and listed for the owner, rather than failing until the provider
/// disables the endpoint.
pub const UNMATCHED_RETRIED_FOR: SignedDuration = SignedDuration::from_hours(24);

/// Notes an event that matches no order; whether it has been retried long enough to set aside.
pub(crate) async fn set_aside<S: OrderStore, Q: NoticeQueue>(
    app: &App<S, Q>,
    provider: &str,
    event_id: &str,
    named: String,
) -> Result<bool, StoreError> {
    let now = app.clock.now();
    let event =
        crate::store::UnmatchedEvent { provider: provider.into(), event_id: event_id.into(), named, first_at: now };
    let first = app.store.note_unmatched(&event).await?;
    let aside = now.duration_since(first) >= UNMATCHED_RETRIED_FOR;
    if aside {
        tracing::warn!(source = provider, event_id, "event for no known order set aside");
    }
    Ok(aside)
}

/// The event's order, to apply it to now; or, when the order is not there yet, the event parked
/// (`None`). After parking it looks again, so an order written meanwhile cannot miss it: it is
/// returned to apply the event to (its intake may have taken the parked copy too, applied once all
/// the same; one it did not see expires with the park).
pub(crate) async fn order_or_park<S: OrderStore, Q: NoticeQueue>(
    app: &App<S, Q>,
    event: &ParkedEvent,
) -> Result<Option<Order>, StoreError> {
    let order_id = event.order_id();
    if let Some(order) = app.store.get(order_id).await? {
        return Ok(Some(order));
    }
    app.store.park(event, app.clock.now() + PARK_FOR).await?;
    let order = app.store.get(order_id).await?;
    if order.is_none() {
        tracing::info!(order_id = %order_id, "event parked until its order arrives");
    }
    Ok(order)
}

async fn apply<S: OrderStore, Q: NoticeQueue>(
    app: &App<S, Q>,
    event: &ParkedEvent,
    order: Order,
) -> Result<bool, StoreError> {
    match event {
        ParkedEvent::Payment(event) => super::payment::apply(app, event, order).await,
        ParkedEvent::Storefront(event) => super::storefront::apply(app, event, order).await,
    }
}

/// Applies every event parked for `order_id`, then drops them. Safe to run more than once. The
/// rules do not depend on the order the events are applied in (never backwards; money counted by
/// reporter), so neither does this.
pub(crate) async fn apply_parked<S: OrderStore, Q: NoticeQueue>(
    app: &App<S, Q>,
    order_id: &str,
) -> Result<(), StoreError> {
    for event in app.store.parked(order_id).await? {
        if let Some(order) = app.store.get(order_id).await? {
            apply(app, &event, order).await?;
        }
        app.store.unpark(&event).await?;
    }
    Ok(())
}
