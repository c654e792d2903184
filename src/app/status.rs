//! The customer's view of an order: what the status page and its JSON show. No personal data:
//! no name, email, phone or address; the timeline says what happened, not to whom.

use crate::domain::fulfilment::Shipment;
use crate::domain::{FulfilmentStatus, Order, PaymentStatus};
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
    pub event: String,
    pub description: String,
}

/// The order behind `order_id` if `token` opens it. A wrong token and a missing order look the same.
pub async fn find_with_token<S: OrderStore>(
    store: &S,
    order_id: &str,
    token: &str,
) -> Result<Option<Order>, StoreError> {
    let Some(order) = store.get(order_id).await? else { return Ok(None) };
    let opens = bool::from(order.status_token.expose().as_bytes().ct_eq(token.as_bytes()));
    Ok(opens.then_some(order))
}

/// What each timeline event means to a customer; events they need not see are left out.
fn describe(event: &str) -> Option<&'static str> {
    Some(match event {
        "order_received" => "Order received",
        "payment_received" => "Payment received",
        "payment_failed" => "Payment did not go through",
        "payment_refunded" => "Refund issued",
        "payment_reminder" => "Payment reminder sent",
        "paid_on_delivery" => "Paid on delivery",
        "order_cancelled" => "Order cancelled",
        "confirmed" => "Order confirmed",
        "packing" => "Being assembled",
        "on_hold" => "On hold",
        "shipped" | "carrier_pre_transit" => "Handed to the carrier",
        "in_transit" | "carrier_in_transit" => "In transit",
        "out_for_delivery" | "carrier_out_for_delivery" => "Out for delivery",
        "available_for_pickup" | "carrier_available_for_pickup" => "Ready to collect",
        "delivery_exception" | "carrier_failed_attempt" => "Delivery attempt failed",
        "carrier_delayed" => "Delayed in transit",
        "carrier_lost" | "carrier_returning_to_sender" | "carrier_exception" => "Delivery problem",
        "delivered" | "carrier_delivered" => "Delivered",
        "archived" => "Completed",
        _ => return None,
    })
}

impl StatusView {
    pub fn of(order: &Order) -> Self {
        let shipment = (order.shipment != Shipment::default()).then(|| ShipmentView {
            carrier: order.shipment.carrier.clone(),
            tracking_number: order.shipment.tracking_number.clone(),
            tracking_url: order.shipment.tracking_url.clone(),
            estimated_delivery: order.shipment.estimated_delivery,
            pickup_location: order.shipment.pickup_location.clone(),
        });
        let mut timeline: Vec<TimelineLine> = Vec::new();
        for entry in &order.timeline {
            let Some(description) = describe(&entry.event) else { continue };
            // A carrier scan repeating the status just shown adds nothing for the customer.
            if timeline.last().is_some_and(|last| last.description == description) {
                continue;
            }
            timeline.push(TimelineLine { at: entry.at, event: entry.event.clone(), description: description.into() });
        }
        timeline.sort_by_key(|line| line.at);
        StatusView {
            order_id: order.id.clone(),
            number: order.number.clone(),
            status: order.status,
            payment_status: order.payment.status,
            placed_at: order.placed_at,
            items: order.items.iter().map(|i| ItemLine { name: i.name.clone(), quantity: i.quantity }).collect(),
            total: order.money(order.totals.total_minor).to_string(),
            shipment,
            timeline,
        }
    }
}
