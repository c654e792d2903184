//! Shops on one deployment: two shops share the table, the queues and the emulator, and receive
//! orders with the same WooCommerce ids (which are per shop and sequential); each shop's orders,
//! pointers, lists, due items and invoice numbers stay its own.

mod support;

use http::StatusCode;
use jiff::SignedDuration;
use orderflow::domain::{CarrierProvider, FulfilmentStatus, OrderSource};
use orderflow::domain::{Channel, NoticeState, Order};
use orderflow::local::pump::pump_once;
use orderflow::store::prelude::*;
use serde_json::json;
use support::{Stack, big_id, sample_body, unique};

const NORTH_WOOCOMMERCE_SECRET: &str = "test-north-woocommerce-secret";

/// The same WooCommerce order (id `id`) placed in `stack`'s shop.
async fn place(stack: &Stack, id: &str, email: &str) {
    let mut body = sample_body("order-placed/woocommerce-order-created.json");
    body["id"] = serde_json::from_str(id).unwrap();
    body["billing"]["email"] = json!(email);
    let topic = [("X-WC-Webhook-Topic", "order.created")];
    let (status, _, answer) = stack.post_order(OrderSource::Woocommerce, &body.to_string(), &topic).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
}

async fn listed(stack: &Stack, status: &str) -> Vec<String> {
    let (code, _, page) = stack.admin(&format!("/admin/orders?status={status}"), None).await;
    assert_eq!(code, StatusCode::OK, "{page}");
    page["orders"].as_array().unwrap().iter().map(|o| o["order_id"].as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn two_shops_with_the_same_order_ids_keep_their_orders_apart() {
    let south = Stack::new().await;
    let north = south.shop("north", &[("WOOCOMMERCE_WEBHOOK_SECRET", NORTH_WOOCOMMERCE_SECRET)]);
    let id = big_id();
    place(&south, &id, &format!("south+{id}@example.org")).await;
    place(&north, &id, &format!("north+{id}@example.org")).await;
    let (south_order, north_order) = (south.order(&id).await.unwrap(), north.order(&id).await.unwrap());
    assert_ne!(south_order.customer.email, north_order.customer.email, "two orders, not one written twice");
    assert_eq!(south.order_count().await, 2, "one head per shop in the one table");

    // Both shops' notices are queued (the same order id and notice do not make the second a
    // repeat for the queue), and a shop's worker delivers its own only.
    let emails = |order: &Order| order.notices().values().filter(|n| n.channel == Channel::Email).count();
    let queue = south.settings.email_queue_url.clone();
    assert_eq!(south.queued(&queue).await, emails(&south_order) + emails(&north_order));
    while pump_once(&south.sqs, &queue, &south.email, 0).await.unwrap().received > 0 {}
    assert_eq!(south.emails_to(&format!("south+{id}@example.org")).await.len(), 1);
    assert!(south.emails_to(&format!("north+{id}@example.org")).await.is_empty(), "left for the north's worker");
    let placed =
        |order: Order| order.notices().values().filter(|n| matches!(n.state, NoticeState::Sent { .. })).count();
    assert_eq!(placed(north.order(&id).await.unwrap()), 0, "none of the north's taken by the south");

    // A signature of one shop's secret places nothing in the other.
    let mut body = sample_body("order-placed/woocommerce-order-created.json");
    let other = big_id();
    body["id"] = serde_json::from_str(&other).unwrap();
    let request = north.signed_order(OrderSource::Woocommerce, &body.to_string(), &[]);
    let (status, _, _) = south.request(request).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(south.order_count().await, 2, "nothing written");

    // North ships its order; the south's stays where it was, and each list shows its own.
    let tracking = unique("1Z");
    for action in ["confirm", "pack"] {
        let (status, _, answer) = north.admin(&format!("/admin/orders/{id}/{action}"), None).await;
        assert_eq!(status, StatusCode::OK, "{action}: {answer}");
    }
    let ship = json!({ "carrier": "UPS", "tracking_number": tracking });
    let (status, _, answer) = north.admin(&format!("/admin/orders/{id}/ship"), Some(ship)).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(north.order(&id).await.unwrap().status, FulfilmentStatus::Shipped);
    assert_eq!(south.order(&id).await.unwrap().status, FulfilmentStatus::Received);
    assert_eq!(listed(&north, "shipped").await, std::slice::from_ref(&id));
    assert!(listed(&south, "shipped").await.is_empty());
    assert_eq!(listed(&south, "received").await, std::slice::from_ref(&id));
    assert!(listed(&north, "received").await.is_empty());

    // The parcel's number leads to the north's order only: the south does not know it.
    let update = json!({ "id": unique("evt_"), "object": "Event", "description": "tracker.updated",
        "result": { "id": "trk_1", "object": "Tracker", "tracking_code": tracking, "status": "delivered", "carrier": "UPS",
                    "tracking_details": [{ "datetime": north.clock.now().to_string(), "status": "delivered",
                                           "message": "delivered", "tracking_location": { "city": "Leeds" } }] } });
    let (status, _, _) = south.post_tracking(CarrierProvider::Easypost, &update.to_string()).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "unknown here: the carrier is asked to retry");
    assert_eq!(north.order(&id).await.unwrap().status, FulfilmentStatus::Shipped);
    assert_eq!(south.app.store.unmatched_events().await.unwrap().len(), 1, "noted in the south");
    assert!(north.app.store.unmatched_events().await.unwrap().is_empty(), "not in the north");
    let (status, _, answer) = north.post_tracking(CarrierProvider::Easypost, &update.to_string()).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(north.order(&id).await.unwrap().status, FulfilmentStatus::Delivered);
    assert_eq!(south.order(&id).await.unwrap().status, FulfilmentStatus::Received);

    // Invoice numbers are counted per shop: each shop's first is 1.
    assert_eq!(north.app.store.invoice_number(&id).await.unwrap(), 1);
    assert_eq!(south.app.store.invoice_number(&id).await.unwrap(), 1);
    assert_eq!(south.app.store.invoice_number(&id).await.unwrap(), 1, "an order keeps its number");

    // Each shop's sweep finds and does its own duties only: the north's follow-up after delivery.
    north.clock.advance(SignedDuration::from_hours(24 * 4));
    let now = north.clock.now();
    assert_eq!(north.app.store.due_orders(now, 50).await.unwrap(), std::slice::from_ref(&id));
    let before = south.order(&id).await.unwrap();
    orderflow::app::sweep::sweep(&north.app).await.unwrap();
    assert!(north.order(&id).await.unwrap().notices().keys().any(|n| n.as_str().starts_with("follow_up.")));
    assert_eq!(south.order(&id).await.unwrap().version(), before.version(), "the north's sweep left the south's order");
}
