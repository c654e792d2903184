//! The order's life driven from the storefront's own admin: Shopify's and WooCommerce's lifecycle
//! webhooks through the real order route and the emulator, with no back-office call.

mod support;

use http::StatusCode;
use orderflow::domain::TimelineEvent;
use orderflow::domain::{CancelCause, FulfilmentStatus, OrderSource, PaymentProvider, PaymentStatus};
use serde_json::{Value, json};
use support::{Stack, big_id, count, sample_body, unique};

/// POSTs a Shopify webhook of `topic` under a delivery id (a retry sends the same).
async fn shopify(stack: &Stack, topic: &str, webhook_id: &str, body: &Value) -> Value {
    let headers = [("X-Shopify-Topic", topic), ("X-Shopify-Webhook-Id", webhook_id)];
    let (status, _, answer) = stack.post_order(OrderSource::Shopify, &body.to_string(), &headers).await;
    assert_eq!(status, StatusCode::OK, "{topic}: {answer}");
    answer
}

async fn woocommerce(stack: &Stack, topic: &str, body: &Value) -> Value {
    let delivery = unique("wc-");
    let headers = [("X-WC-Webhook-Topic", topic), ("X-WC-Webhook-Delivery-ID", delivery.as_str())];
    let (status, _, answer) = stack.post_order(OrderSource::Woocommerce, &body.to_string(), &headers).await;
    assert_eq!(status, StatusCode::OK, "{topic}: {answer}");
    answer
}

/// The Shopify sample order as a new order for `email`, waiting for a bank transfer.
fn shopify_order(id: &str, email: &str) -> Value {
    let mut order = sample_body("order-placed/shopify-orders-create.json");
    order["id"] = serde_json::from_str(id).unwrap();
    order["name"] = json!(format!("#{id}"));
    order["email"] = json!(email);
    order["financial_status"] = json!("pending");
    order["payment_gateway_names"] = json!(["Bank Deposit"]);
    order
}

fn fulfilment(order_id: &str, tracking: &str, shipment_status: Option<&str>) -> Value {
    let mut body = sample_body("storefront-admin/shopify-fulfillments-create.json");
    body["order_id"] = serde_json::from_str(order_id).unwrap();
    body["tracking_number"] = json!(tracking);
    body["tracking_numbers"] = json!([tracking]);
    body["shipment_status"] = json!(shipment_status);
    body
}

#[tokio::test]
async fn a_shop_run_from_shopify_alone_takes_the_customer_from_order_to_refund_telling_each_step_once() {
    let stack = Stack::new().await;
    let id = big_id();
    let email = format!("ada+{id}@example.com");
    let mut order = shopify_order(&id, &email);
    assert_eq!(shopify(&stack, "orders/create", &unique("w-"), &order).await["result"], "recorded");
    assert_eq!(stack.order(&id).await.unwrap().payment.status, PaymentStatus::Unpaid);

    // Staff mark it paid in Shopify; Shopify retries the webhook: applied once.
    order["financial_status"] = json!("paid");
    order["total_outstanding"] = json!("0.00");
    let paid_id = unique("w-");
    assert_eq!(shopify(&stack, "orders/paid", &paid_id, &order).await["result"], "applied");
    assert_eq!(shopify(&stack, "orders/paid", &paid_id, &order).await["result"], "duplicate");
    // orders/updated repeats what is known: nothing written, nobody told.
    assert_eq!(shopify(&stack, "orders/updated", &unique("w-"), &order).await["result"], "duplicate");
    let stored = stack.order(&id).await.unwrap();
    assert_eq!((stored.payment.status, stored.payment.received_minor()), (PaymentStatus::Paid, 9470));

    // Fulfilled in Shopify with a tracking number, then Shopify follows the parcel.
    let tracking = unique("JD");
    shopify(&stack, "fulfillments/create", &unique("w-"), &fulfilment(&id, &tracking, None)).await;
    let stored = stack.order(&id).await.unwrap();
    assert_eq!(stored.status, FulfilmentStatus::Shipped);
    assert_eq!(stored.shipment.tracking_number.as_ref().map(|n| n.as_str()), Some(tracking.as_str()));
    assert_eq!(stored.shipment.carrier.as_deref(), Some("DHL Express"));
    for status in ["in_transit", "out_for_delivery", "delivered"] {
        shopify(&stack, "fulfillments/update", &unique("w-"), &fulfilment(&id, &tracking, Some(status))).await;
    }
    // A late "in transit" after delivery moves nothing back.
    shopify(&stack, "fulfillments/update", &unique("w-"), &fulfilment(&id, &tracking, Some("in_transit"))).await;
    assert_eq!(stack.order(&id).await.unwrap().status, FulfilmentStatus::Delivered);

    // A refund in Shopify, and Shopify's orders/updated carrying the same refund: told once.
    let mut refund = sample_body("storefront-admin/shopify-refunds-create.json");
    refund["order_id"] = serde_json::from_str(&id).unwrap();
    shopify(&stack, "refunds/create", &unique("w-"), &refund).await;
    order["financial_status"] = json!("partially_refunded");
    order["refunds"] = json!([refund]);
    shopify(&stack, "orders/updated", &unique("w-"), &order).await;
    let stored = stack.order(&id).await.unwrap();
    assert_eq!((stored.payment.status, stored.payment.refunded_minor()), (PaymentStatus::PartiallyRefunded, 4000));
    let sources: Vec<_> = stored
        .timeline()
        .iter()
        .filter(|e| e.event == TimelineEvent::StorefrontUpdate)
        .map(|e| e.note.clone())
        .collect();
    assert_eq!(sources.len(), 7, "every webhook that changed something, with its topic: {sources:?}");

    stack.drain().await;
    let subjects = stack.subjects_to(&email).await;
    for (needle, times) in [
        ("Payment received", 1),
        ("is on its way", 1),
        ("out for delivery", 1),
        ("delivered", 1),
        ("Refund of 40.00 EUR", 1),
    ] {
        assert_eq!(count(&subjects, needle), times, "{needle}: {subjects:?}");
    }
}

#[tokio::test]
async fn a_payment_reported_by_the_storefront_and_by_stripe_counts_once() {
    let stack = Stack::new().await;
    let id = big_id();
    let email = format!("ada+{id}@example.com");
    let mut order = shopify_order(&id, &email);
    order["financial_status"] = json!("paid");
    order["payment_gateway_names"] = json!(["stripe"]);
    shopify(&stack, "orders/create", &unique("w-"), &order).await;
    let intent = json!({ "id": unique("pi_"), "object": "payment_intent", "amount": 9470, "amount_received": 9470,
                         "currency": "eur", "metadata": { "order_id": id }, "status": "succeeded" });
    let event = json!({ "id": unique("evt_"), "object": "event", "type": "payment_intent.succeeded",
                        "created": 1_795_428_000, "data": { "object": intent } });
    let (status, _, answer) = stack.post_payment(PaymentProvider::Stripe, &event.to_string()).await;
    assert_eq!((status, answer["result"].as_str()), (StatusCode::OK, Some("applied")), "{answer}");
    let stored = stack.order(&id).await.unwrap();
    assert_eq!((stored.status, stored.payment.received_minor()), (FulfilmentStatus::Received, 9470), "not overpaid");
    assert!(stored.timeline().iter().any(|e| e.event == TimelineEvent::PaymentReconciled && e.source == "stripe"));
    stack.drain().await;
    let owner = stack.subjects_to(&stack.owner_email).await;
    assert!(!owner.iter().any(|s| s.contains(&id) && s.contains("needs you")), "no payment alert: {owner:?}");
}

#[tokio::test]
async fn storefront_updates_before_their_order_wait_for_it_and_cancellations_stop_what_follows() {
    let stack = Stack::new().await;
    let id = big_id();
    let email = format!("ada+{id}@example.com");
    let tracking = unique("JD");
    // Fulfilled and delivered arrive before the order itself (webhooks race): kept, then applied.
    let answer =
        shopify(&stack, "fulfillments/update", &unique("w-"), &fulfilment(&id, &tracking, Some("delivered"))).await;
    assert_eq!(answer["result"], "parked");
    let mut order = shopify_order(&id, &email);
    order["financial_status"] = json!("paid");
    shopify(&stack, "orders/create", &unique("w-"), &order).await;
    let stored = stack.order(&id).await.unwrap();
    assert_eq!(stored.status, FulfilmentStatus::Delivered);
    assert_eq!(stored.shipment.tracking_number.as_ref().map(|n| n.as_str()), Some(tracking.as_str()));

    // Cancelled in Shopify with its reason; a fulfilment after that is recorded and ignored.
    let other = big_id();
    let mut cancelled = shopify_order(&other, &format!("ada+{other}@example.com"));
    shopify(&stack, "orders/create", &unique("w-"), &cancelled).await;
    cancelled["cancelled_at"] = json!("2026-11-24T08:00:00+01:00");
    cancelled["cancel_reason"] = json!("customer");
    shopify(&stack, "orders/cancelled", &unique("w-"), &cancelled).await;
    shopify(&stack, "fulfillments/create", &unique("w-"), &fulfilment(&other, &unique("JD"), None)).await;
    let stored = stack.order(&other).await.unwrap();
    assert_eq!(stored.status, FulfilmentStatus::Cancelled);
    let cancellation = stored.cancellation.as_ref().unwrap();
    assert_eq!((cancellation.cause, cancellation.actor.as_str()), (CancelCause::Customer, "shopify"));
    let ignored = stored.timeline().iter().find(|e| e.event == TimelineEvent::StorefrontIgnored).expect("recorded");
    assert_eq!(ignored.note.as_deref(), Some("fulfilled: the order is cancelled already"));
    assert_eq!(stored.shipment.tracking_number, None);
}

#[tokio::test]
async fn a_woocommerce_order_follows_its_status_changes_and_tracking_once_each() {
    let stack = Stack::new().await;
    let id = big_id();
    let email = format!("{id}@example.org");
    let mut order = sample_body("order-placed/woocommerce-order-created.json");
    order["id"] = serde_json::from_str(&id).unwrap();
    order["number"] = json!(id);
    order["billing"]["email"] = json!(email);
    order["payment_method"] = json!("bacs");
    order["status"] = json!("on-hold");
    order["date_paid_gmt"] = Value::Null;
    assert_eq!(woocommerce(&stack, "order.created", &order).await["result"], "recorded");
    assert_eq!(woocommerce(&stack, "order.updated", &order).await["result"], "duplicate", "on-hold changes nothing");

    // The transfer arrives: processing, paid. WooCommerce sends order.updated on every save.
    order["status"] = json!("processing");
    order["date_paid_gmt"] = json!("2026-11-24T09:00:00");
    for _ in 0..2 {
        woocommerce(&stack, "order.updated", &order).await;
    }
    assert_eq!(stack.order(&id).await.unwrap().payment.status, PaymentStatus::Paid);

    // Completed with a Shipment Tracking parcel.
    order["status"] = json!("completed");
    order["meta_data"] = json!([{ "id": 1, "key": "_wc_shipment_tracking_items", "value": [{
        "tracking_provider": "royal-mail", "custom_tracking_provider": "", "custom_tracking_link": "",
        "tracking_number": "RN123456785GB", "date_shipped": "1795996800", "tracking_id": "abc" }] }]);
    for _ in 0..2 {
        woocommerce(&stack, "order.updated", &order).await;
    }
    let stored = stack.order(&id).await.unwrap();
    assert_eq!(stored.status, FulfilmentStatus::Shipped);
    assert_eq!(
        (stored.shipment.carrier.as_deref(), stored.shipment.tracking_number.as_ref().map(|n| n.as_str())),
        (Some("royal-mail"), Some("RN123456785GB"))
    );

    // Refunded in full.
    order["status"] = json!("refunded");
    order["refunds"] = json!([{ "id": 9, "reason": "", "total": format!("-{}", order["total"].as_str().unwrap()) }]);
    woocommerce(&stack, "order.updated", &order).await;
    assert_eq!(stack.order(&id).await.unwrap().payment.status, PaymentStatus::Refunded);

    // Trashed in the admin afterwards: housekeeping, recorded; nothing is asked back.
    woocommerce(&stack, "order.deleted", &json!({ "id": order["id"] })).await;
    let stored = stack.order(&id).await.unwrap();
    assert_eq!((stored.status, stored.after_delivery.returns.len()), (FulfilmentStatus::Shipped, 0));
    assert!(stored.timeline().iter().any(|e| e.event == TimelineEvent::StorefrontIgnored));

    stack.drain().await;
    let subjects = stack.subjects_to(&email).await;
    assert_eq!(subjects.len(), 4, "received, paid, shipped, refunded: {subjects:?}");
}

#[tokio::test]
async fn an_address_completed_in_shopify_releases_an_order_that_needed_it() {
    let stack = Stack::new().await;
    let id = big_id();
    let mut order = sample_body("order-placed/shopify-draft-order-no-street.json");
    order["id"] = serde_json::from_str(&id).unwrap();
    order["name"] = json!(format!("#D{id}"));
    shopify(&stack, "orders/create", &unique("w-"), &order).await;
    assert!(stack.order(&id).await.unwrap().needs_attention(), "no street");
    // Unchanged, it stays as it is (and says why on the timeline).
    shopify(&stack, "orders/updated", &unique("w-"), &order).await;
    assert!(stack.order(&id).await.unwrap().needs_attention());

    // Completed in Shopify, where its billing address is the same place.
    for address in ["shipping_address", "billing_address"] {
        order[address]["address1"] = json!("12 Cheyne Walk");
    }
    assert_eq!(shopify(&stack, "orders/updated", &unique("w-"), &order).await["result"], "applied");
    let stored = stack.order(&id).await.unwrap();
    assert!(!stored.needs_attention(), "{:?}", stored.attention);
    assert_eq!(stored.status, FulfilmentStatus::Received);
    let updated = stored.timeline().iter().find(|e| e.event == TimelineEvent::DetailsUpdated).expect("recorded");
    assert_eq!((updated.source.as_str(), updated.note.as_deref()), ("shopify", Some("shipping.address")));
}

/// Shopify's `orders/fulfilled` and `orders/partially_fulfilled` carry the order with its
/// fulfilments: the parcel is taken from them, as from `orders/updated`.
#[tokio::test]
async fn shopify_orders_fulfilled_ships_the_order_with_its_parcel() {
    let stack = Stack::new().await;
    for topic in ["orders/fulfilled", "orders/partially_fulfilled"] {
        let id = big_id();
        let mut order = shopify_order(&id, &format!("ada+{id}@example.com"));
        order["financial_status"] = json!("paid");
        order["total_outstanding"] = json!("0.00");
        assert_eq!(shopify(&stack, "orders/create", &unique("w-"), &order).await["result"], "recorded");
        let tracking = unique("0150");
        order["fulfillment_status"] = json!("fulfilled");
        order["fulfillments"] = json!([{ "id": 1, "order_id": order["id"], "status": "success",
            "tracking_company": "DPD", "tracking_number": tracking, "tracking_numbers": [tracking] }]);
        let answer = shopify(&stack, topic, &unique("w-"), &order).await;
        assert_eq!(answer["result"], "applied", "{topic}: {answer}");
        let stored = stack.order(&id).await.unwrap();
        assert_eq!(stored.status, FulfilmentStatus::Shipped, "{topic}");
        assert_eq!(stored.shipment.tracking_number.as_ref().map(|n| n.as_str()), Some(tracking.as_str()));
    }
}

/// A WooCommerce update whose billing phone is empty, and another whose email is unusable, still
/// bring the rest of the details: each field is taken or left out on its own.
#[tokio::test]
async fn a_storefront_update_takes_each_usable_field_and_leaves_out_the_others() {
    let stack = Stack::new().await;
    let id = big_id();
    let mut order = sample_body("order-placed/woocommerce-order-created.json");
    order["id"] = serde_json::from_str(&id).unwrap();
    order["number"] = json!(id);
    assert_eq!(woocommerce(&stack, "order.created", &order).await["result"], "recorded");

    order["billing"]["phone"] = json!("");
    order["shipping"]["address_1"] = json!("ul. Nowy Świat 5");
    order["billing"]["address_1"] = json!("ul. Nowy Świat 5");
    order["billing"]["email"] = json!("maria.new@example.org");
    assert_eq!(woocommerce(&stack, "order.updated", &order).await["result"], "applied");
    let stored = stack.order(&id).await.unwrap();
    let address = stored.shipping.address.as_ref().unwrap().expose().clone();
    assert_eq!(address.lines.first().map(String::as_str), Some("ul. Nowy Świat 5"));
    assert_eq!(stored.customer.email.as_ref().unwrap().expose(), "maria.new@example.org");
    assert!(stored.customer.phone.is_some(), "an empty phone is no news: the one known stays");

    order["billing"]["email"] = json!("not an address");
    order["shipping"]["city"] = json!("Kraków");
    order["billing"]["city"] = json!("Kraków");
    assert_eq!(woocommerce(&stack, "order.updated", &order).await["result"], "applied");
    let stored = stack.order(&id).await.unwrap();
    assert_eq!(stored.shipping.address.as_ref().unwrap().expose().city, "Kraków");
    assert_eq!(stored.customer.email.as_ref().unwrap().expose(), "maria.new@example.org");
    let notes: Vec<_> = stored.timeline().iter().filter_map(|e| e.note.clone()).collect();
    assert!(notes.iter().any(|n| n.starts_with("details not taken: customer.email")), "{notes:?}");
}
