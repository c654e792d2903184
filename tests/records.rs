//! How orders are stored: no item grows with the order's history, hundreds of carrier checkpoints
//! are all accepted, racing webhooks and workers lose nothing and double nothing, and an order kept
//! in the former one-item layout is moved to the new one with its history.

mod support;

use aws_sdk_dynamodb::types::AttributeValue;
use http::StatusCode;
use orderflow::app::deliver_batch;
use orderflow::domain::CarrierProvider;
use orderflow::domain::TimelineEvent;
use orderflow::domain::{FulfilmentStatus, NoticeState, Order, OrderSource, PaymentProvider, PaymentStatus};
use orderflow::store::prelude::*;
use serde::Serialize;
use serde_json::json;
use std::collections::HashMap;
use support::{Stack, notice_ref, sqs_event, unique};

/// An unpaid prepaid generic order for a unique customer.
async fn placed(stack: &Stack) -> (String, String) {
    let id = unique("R-");
    let email = format!("{id}@example.net");
    let body = support::unpaid_generic_order(&id, &email);
    let (status, _, answer) = stack.post_order(OrderSource::Generic, &body.to_string(), &[]).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    (id, email)
}

/// Every item stored for `order_id`, with its size as DynamoDB counts it (names and values).
async fn items(stack: &Stack, order_id: &str) -> Vec<(String, usize)> {
    let output = stack
        .dynamodb
        .query()
        .table_name(&stack.settings.table_name)
        .key_condition_expression("pk = :pk")
        .expression_attribute_values(":pk", AttributeValue::S(format!("ORDER#{order_id}")))
        .send()
        .await
        .unwrap();
    output
        .items()
        .iter()
        .map(|item| (item["sk"].as_s().unwrap().clone(), item.iter().map(|(k, v)| k.len() + size(v)).sum()))
        .collect()
}

fn size(value: &AttributeValue) -> usize {
    match value {
        AttributeValue::S(s) | AttributeValue::N(s) => s.len(),
        AttributeValue::Bool(_) | AttributeValue::Null(_) => 1,
        AttributeValue::L(list) => 3 + list.iter().map(|v| 1 + size(v)).sum::<usize>(),
        AttributeValue::M(map) => 3 + map.iter().map(|(k, v)| 1 + k.len() + size(v)).sum::<usize>(),
        _ => 0,
    }
}

fn largest(items: &[(String, usize)]) -> usize {
    items.iter().map(|(_, size)| *size).max().unwrap_or(0)
}

/// A placed order handed to the carrier: its id, the customer's email, the tracking number, and when.
async fn shipped(stack: &Stack) -> (String, String, String, jiff::Timestamp) {
    let (id, email) = placed(stack).await;
    let tracking = unique("TRK");
    // Unpaid, shipped on staff's word: these tests are about what the records keep.
    let ship = json!({ "carrier": "DHL", "tracking_number": tracking, "ship_unpaid": true });
    assert_eq!(stack.admin(&format!("/admin/orders/{id}/ship"), Some(ship)).await.0, StatusCode::OK);
    (id, email, tracking, stack.clock.now())
}

fn checkpoint(tracking: &str, n: i64, status: &str, start: jiff::Timestamp) -> String {
    json!({ "event_id": format!("{tracking}-{n}"), "tracking_number": tracking, "status": status,
            "occurred_at": (start + jiff::SignedDuration::from_mins(n)).to_string(),
            "location": format!("Sorting centre {n}") })
    .to_string()
}

#[tokio::test]
async fn three_hundred_checkpoints_are_all_kept_and_no_item_grows() {
    let stack = Stack::new().await;
    let (id, email, tracking, start) = shipped(&stack).await;
    let mut sizes = Vec::new();
    for n in 1..=300 {
        let (status, _, answer) =
            stack.post_tracking(CarrierProvider::Generic, &checkpoint(&tracking, n, "in_transit", start)).await;
        assert_eq!(status, StatusCode::OK, "checkpoint {n}: {answer}");
        if n == 3 || n == 300 {
            sizes.push(items(&stack, &id).await);
        }
    }
    let (status, _, answer) =
        stack.post_tracking(CarrierProvider::Generic, &checkpoint(&tracking, 301, "delivered", start)).await;
    assert_eq!((status, answer["status"].as_str()), (StatusCode::OK, Some("delivered")), "{answer}");
    // A provider retry of any of them changes nothing.
    let (_, _, again) =
        stack.post_tracking(CarrierProvider::Generic, &checkpoint(&tracking, 150, "in_transit", start)).await;
    assert_eq!(again["result"], "duplicate");

    let order = stack.order(&id).await.unwrap();
    assert_eq!(order.status, FulfilmentStatus::Delivered);
    let scans = order
        .timeline()
        .iter()
        .filter(|e| e.event == TimelineEvent::Carrier(orderflow::domain::CarrierStatus::InTransit))
        .count();
    assert_eq!(scans, 300, "every checkpoint is in the history");
    let head = |items: &[(String, usize)]| items.iter().find(|(sk, _)| sk == "A#HEAD").unwrap().1;
    let (after_3, after_300) = (&sizes[0], &sizes[1]);
    let (small, large) = (head(after_3), head(after_300));
    assert!(large <= small + 16, "the head does not grow with the history: {small} then {large} bytes");
    let all = items(&stack, &id).await;
    assert!(largest(&all) < 16 * 1024, "largest item {} bytes", largest(&all));
    assert!(all.len() > 300, "one item per event");

    stack.drain().await;
    let subjects: Vec<String> =
        stack.emails_to(&email).await.iter().map(|m| m["subject"].as_str().unwrap().to_string()).collect();
    let delivered = subjects.iter().filter(|s| s.contains("has been delivered")).count();
    let on_its_way = subjects.iter().filter(|s| s.contains("on its way")).count();
    assert_eq!((delivered, on_its_way), (1, 1), "no message per scan: {subjects:?}");
}

/// Two webhooks and two workers on one order at the same time: every change lands, and every notice
/// is sent once.
#[tokio::test]
async fn racing_webhooks_and_workers_lose_nothing_and_double_nothing() {
    let stack = Stack::new().await;
    let (id, email) = placed(&stack).await;
    let order = stack.order(&id).await.unwrap();
    let amount = format!("{}.{:02}", order.totals.total_minor / 100, order.totals.total_minor % 100);
    let currency = order.totals.currency.code().to_string();
    let payment = |event: &str| {
        json!({ "event_id": event, "order_id": id, "type": "captured", "amount": amount, "currency": currency })
            .to_string()
    };
    let notice = "order_received.customer.email";
    let (pay_body, confirm_path) = (payment("race-pay"), format!("/admin/orders/{id}/confirm"));
    let (pay, confirm, worker_a, worker_b) = tokio::join!(
        stack.post_payment(PaymentProvider::Generic, &pay_body),
        stack.admin(&confirm_path, None),
        deliver_batch(&stack.email, sqs_event(&[notice_ref(&id, notice)])),
        deliver_batch(&stack.email, sqs_event(&[notice_ref(&id, notice)])),
    );
    assert_eq!((pay.0, confirm.0), (StatusCode::OK, StatusCode::OK), "{pay:?} {confirm:?}");
    assert!(worker_a.batch_item_failures.is_empty() && worker_b.batch_item_failures.is_empty());
    let order = stack.order(&id).await.unwrap();
    assert_eq!((order.status, order.payment.status), (FulfilmentStatus::Confirmed, PaymentStatus::Paid), "both kept");

    stack.drain().await;
    let subjects: Vec<String> =
        stack.emails_to(&email).await.iter().map(|m| m["subject"].as_str().unwrap().to_string()).collect();
    for expected in ["We have your order", "Payment received", "is confirmed"] {
        assert_eq!(subjects.iter().filter(|s| s.contains(expected)).count(), 1, "{expected}: {subjects:?}");
    }
}

/// The former layout: the whole order in one item (`sk = ORDER`), its timeline, ledger and seen
/// event ids inside.
#[derive(Serialize)]
struct LegacyItem<'a> {
    pk: String,
    sk: &'static str,
    #[serde(flatten)]
    order: &'a Order,
    placed_ms: i64,
}

#[tokio::test]
async fn an_order_in_the_former_layout_is_moved_with_its_history_and_ledger() {
    let stack = Stack::new().await;
    let (id, email, tracking, start) = shipped(&stack).await;
    stack.post_tracking(CarrierProvider::Generic, &checkpoint(&tracking, 1, "in_transit", start)).await;

    // What such an order looked like: everything in one item, the customer's notice still queued.
    let mut old = stack.order(&id).await.unwrap();
    let queued = "order_received.customer.email";
    let (ledger, seen) = old.ledger_and_seen_events_mut();
    seen.insert(format!("generic:{tracking}-1"));
    ledger.get_mut(queued).unwrap().state = NoticeState::Queued;
    let history = old.timeline().to_vec();
    for (sk, _) in items(&stack, &id).await {
        let key = HashMap::from([
            ("pk".to_string(), AttributeValue::S(format!("ORDER#{id}"))),
            ("sk".to_string(), AttributeValue::S(sk)),
        ]);
        stack.dynamodb.delete_item().table_name(&stack.settings.table_name).set_key(Some(key)).send().await.unwrap();
    }
    let legacy = LegacyItem { pk: format!("ORDER#{id}"), sk: "ORDER", order: &old, placed_ms: 0 };
    let item: HashMap<String, AttributeValue> = serde_dynamo::to_item(legacy).unwrap();
    stack.dynamodb.put_item().table_name(&stack.settings.table_name).set_item(Some(item)).send().await.unwrap();

    // A function that only reads (the status page) reads it as it is, moves nothing, needs no key.
    let client = aws_sdk_dynamodb::Client::new(&stack.config);
    let reader = orderflow::store::DynamoStore::new(client, &stack.settings.table_name, None).reading_only();
    let seen = orderflow::store::Orders::get(&reader, &id).await.unwrap().expect("read as it is");
    assert_eq!((seen.status, seen.version()), (old.status, old.version()));
    assert_eq!(items(&stack, &id).await.len(), 1, "nothing written by a reader");

    // Read: moved, with its history; the former item is a marker that keeps nothing of the order.
    let moved = stack.order(&id).await.expect("found");
    assert_eq!((moved.status, moved.version()), (old.status, old.version()));
    assert_eq!(moved.timeline(), history);
    let stored = items(&stack, &id).await;
    let former = stored.iter().find(|(sk, _)| sk == "ORDER").map(|(_, size)| *size);
    assert!(former.is_some_and(|size| size < 40) && stored.iter().any(|(sk, _)| sk == "A#HEAD"), "{stored:?}");

    // Its seen events still dedupe, its ledger still sends once, and it moves on like any order.
    let (_, _, again) =
        stack.post_tracking(CarrierProvider::Generic, &checkpoint(&tracking, 1, "in_transit", start)).await;
    assert_eq!(again["result"], "duplicate");
    for _ in 0..2 {
        deliver_batch(&stack.email, sqs_event(&[notice_ref(&id, queued)])).await;
    }
    let received = stack
        .emails_to(&email)
        .await
        .iter()
        .filter(|m| m["subject"].as_str().unwrap().contains("We have your order"))
        .count();
    assert_eq!(received, 1);
    let (status, _, answer) =
        stack.post_tracking(CarrierProvider::Generic, &checkpoint(&tracking, 2, "delivered", start)).await;
    assert_eq!((status, answer["status"].as_str()), (StatusCode::OK, Some("delivered")), "{answer}");
    let order = stack.app.store.get(&id).await.unwrap().unwrap();
    assert_eq!(order.status, FulfilmentStatus::Delivered);
}

#[tokio::test]
async fn restaging_moves_an_order_of_the_former_layout_into_the_lists() {
    let stack = Stack::new().await;
    let (id, _, _, _) = shipped(&stack).await;
    let old = stack.order(&id).await.unwrap();
    for (sk, _) in items(&stack, &id).await {
        let key = HashMap::from([
            ("pk".to_string(), AttributeValue::S(format!("ORDER#{id}"))),
            ("sk".to_string(), AttributeValue::S(sk)),
        ]);
        stack.dynamodb.delete_item().table_name(&stack.settings.table_name).set_key(Some(key)).send().await.unwrap();
    }
    let legacy = LegacyItem { pk: format!("ORDER#{id}"), sk: "ORDER", order: &old, placed_ms: 0 };
    let item: HashMap<String, AttributeValue> = serde_dynamo::to_item(legacy).unwrap();
    stack.dynamodb.put_item().table_name(&stack.settings.table_name).set_item(Some(item)).send().await.unwrap();
    let listed = || async {
        let (status, _, page) = stack.admin("/admin/orders?status=shipped", None).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        page["orders"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["order_id"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert!(listed().await.is_empty(), "a former item is in no list");

    let store = orderflow::store::DynamoStore::new(stack.dynamodb.clone(), &stack.settings.table_name, None);
    assert_eq!(store.restage().await.unwrap(), 1);
    assert_eq!(listed().await, std::slice::from_ref(&id));
    assert_eq!(store.restage().await.unwrap(), 0, "moved once");
    let moved = stack.order(&id).await.unwrap();
    assert_eq!((moved.status, moved.version()), (old.status, old.version()));
}
