//! The customer's view of an order: what the status page and its JSON show. No personal data:
//! no name, email, phone or address; the timeline says what happened, not to whom.

use crate::domain::Shipment;
use crate::domain::{FulfilmentStatus, Order, PaymentStatus, TimelineEvent};
use crate::notify::locale::catalog;
use crate::store::{OrderStore, StoreError};
use jiff::Timestamp;
use serde::Serialize;
use subtle::ConstantTimeEq;

#[derive(Clone, Debug, Serialize)]
pub struct StatusView {
    pub order_id: String,
    pub number: String,
    pub status: FulfilmentStatus,
    pub payment_status: PaymentStatus,
    pub placed_at: Timestamp,
    pub items: Vec<ItemLine>,
    pub total: String,
    pub shipment: Option<ShipmentView>,
    pub timeline: Vec<TimelineLine>,
    /// What the shop still needs from the customer before the order can go on: `delivery_address`.
    pub needed_from_you: Vec<&'static str>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ItemLine {
    pub name: String,
    pub quantity: u32,
}

#[derive(Clone, Debug, Serialize)]
pub struct ShipmentView {
    pub carrier: Option<String>,
    pub tracking_number: Option<String>,
    pub tracking_url: Option<String>,
    pub estimated_delivery: Option<Timestamp>,
    pub pickup_location: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct TimelineLine {
    pub at: Timestamp,
    /// `at` in the customer's language and time zone.
    pub local: String,
    pub event: String,
    pub description: String,
}

/// Whether `token` opens the order `order_id`. Tokens are 24 hex digits: anything else is refused
/// without a read; then the token alone is read, never the order. A wrong token and a missing order
/// look the same.
pub async fn opens<S: OrderStore>(store: &S, order_id: &str, token: &str) -> Result<bool, StoreError> {
    if token.len() != 24 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(false);
    }
    let stored = store.status_token(order_id).await?;
    Ok(stored.is_some_and(|stored| bool::from(stored.expose().as_bytes().ct_eq(token.as_bytes()))))
}

/// The order behind `order_id`, with its history, if `token` opens it.
pub async fn find_with_token<S: OrderStore>(
    store: &S,
    order_id: &str,
    token: &str,
) -> Result<Option<Order>, StoreError> {
    if !opens(store, order_id, token).await? {
        return Ok(None);
    }
    store.get_with_history(order_id).await
}

/// The catalog key that says what a timeline event means to a customer; events they need not see
/// have none.
pub(crate) fn describe(event: &TimelineEvent) -> Option<&'static str> {
    use crate::domain::{CarrierStatus as C, ExceptionKind as X};
    use FulfilmentStatus as F;
    use TimelineEvent as E;
    Some(match event {
        E::OrderReceived => "timeline-received",
        E::PaymentReceived => "timeline-paid",
        E::PaymentFailed => "timeline-payment-failed",
        E::PaymentRefunded => "timeline-refunded",
        E::PaymentReminder => "timeline-reminder",
        E::PaidOnDelivery => "timeline-paid-on-delivery",
        E::OrderCancelled => "timeline-cancelled",
        E::Status(F::Confirmed) => "timeline-confirmed",
        E::Status(F::Packing) => "timeline-packing",
        E::Status(F::OnHold) => "timeline-on-hold",
        E::Status(F::Shipped) | E::Carrier(C::PreTransit) => "timeline-shipped",
        E::Status(F::InTransit) | E::Carrier(C::InTransit) => "timeline-in-transit",
        E::Status(F::OutForDelivery) | E::Carrier(C::OutForDelivery) => "timeline-out-for-delivery",
        E::Status(F::AvailableForPickup) | E::Carrier(C::AvailableForPickup) => "timeline-pickup",
        E::Status(F::DeliveryException) | E::Carrier(C::Exception(X::FailedAttempt)) => "timeline-failed-attempt",
        E::Carrier(C::Exception(X::Delayed)) => "timeline-delayed",
        E::Carrier(C::Exception(X::Lost | X::ReturningToSender | X::Other)) => "timeline-problem",
        E::Status(F::Delivered) | E::Carrier(C::Delivered) => "timeline-delivered",
        E::Status(F::Archived) => "timeline-completed",
        E::SentAgain => "timeline-sent-again",
        E::DelayAnnounced => "timeline-delay-announced",
        E::CancelRequested => "timeline-cancel-requested",
        E::CancelDeclined => "timeline-cancel-declined",
        _ => return None,
    })
}

impl StatusView {
    /// The order as its customer sees it, in `locale` (the customer's language, resolved).
    /// The view in `locale`, times in `zone` (the customer's).
    pub fn of(order: &Order, locale: &str, zone: &jiff::tz::TimeZone) -> Self {
        let words = catalog();
        let shipment = (order.shipment != Shipment::default()).then(|| ShipmentView {
            carrier: order.shipment.carrier.clone(),
            tracking_number: order.shipment.tracking_number.as_ref().map(|n| n.to_string()),
            // Staff's web link, else the carrier's own page (whatever was stored before links were checked).
            tracking_url: order.shipment.tracking_link(),
            estimated_delivery: order.shipment.estimated_delivery,
            pickup_location: order.shipment.pickup_location.clone(),
        });
        let mut timeline: Vec<TimelineLine> = Vec::new();
        for entry in &order.timeline {
            let Some(key) = describe(&entry.event) else { continue };
            let description = words.text(locale, key, None).unwrap_or_else(|_| key.to_string());
            // A carrier scan repeating the status just shown adds nothing for the customer.
            if timeline.last().is_some_and(|last| last.description == description) {
                continue;
            }
            let local = words.datetime(locale, entry.at, zone);
            timeline.push(TimelineLine { at: entry.at, local, event: entry.event.to_string(), description });
        }
        timeline.sort_by_key(|line| line.at);
        StatusView {
            order_id: order.id.clone(),
            number: order.number.clone(),
            status: order.status,
            payment_status: order.payment.status,
            placed_at: order.placed_at,
            items: order.items.iter().map(|i| ItemLine { name: i.name.clone(), quantity: i.quantity }).collect(),
            // In the currency the customer paid in.
            total: words.money(locale, order.totals.customer_money(order.totals.total_minor)),
            shipment,
            timeline,
            needed_from_you: if order.asks_customer() { vec!["delivery_address"] } else { Vec::new() },
        }
    }
}
