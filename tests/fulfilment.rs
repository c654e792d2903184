//! Fulfilment and tracking end to end: back-office actions, carrier webhooks of every provider,
//! after-sales duties on a controlled clock, and the customer's status page and JSON.

mod support;

use http::StatusCode;
use jiff::{SignedDuration, Timestamp};
use orderflow::app::sweep;
use orderflow::domain::CancelCause;
use orderflow::domain::CarrierProvider;
use orderflow::domain::TimelineEvent;
use orderflow::domain::{FulfilmentStatus, OrderSource};
use orderflow::store::prelude::*;
use serde_json::{Value, json};
use support::{Stack, unique};

/// A paid Shopify order for a unique customer; returns its id and the customer's email.
async fn placed_order(stack: &Stack) -> (String, String) {
    let (body, id, email) = support::shopify_sample_order();
    let (status, _, answer) = stack.post_order(OrderSource::Shopify, &body.to_string(), &[]).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    (id, email)
}

fn ship_body(tracking: &str) -> Value {
    json!({ "carrier": "UPS", "tracking_number": tracking, "tracking_url": format!("https://track.example/{tracking}"),
            "estimated_delivery": "2030-01-10T12:00:00Z" })
}

/// An EasyPost update `minute` minutes after `start`.
fn easypost(start: Timestamp, tracking: &str, status: &str, minute: i64) -> String {
    let at = start + SignedDuration::from_mins(minute);
    json!({ "id": unique("evt_"), "object": "Event", "description": "tracker.updated",
            "result": { "id": "trk_1", "object": "Tracker", "tracking_code": tracking, "status": status, "carrier": "UPS",
                        "est_delivery_date": null,
                        "tracking_details": [{ "datetime": at.to_string(), "status": status, "message": format!("{status} scan"),
                                               "tracking_location": { "city": "Leeds" } }] } })
    .to_string()
}

async fn advance_and_sweep(stack: &Stack, hours: i64) {
    stack.clock.advance(SignedDuration::from_hours(hours));
    sweep(&stack.app).await.unwrap();
    stack.drain().await;
}

#[tokio::test]
async fn a_full_lifecycle_tells_the_customer_exactly_what_happened_in_order() {
    let stack = Stack::new().await;
    let (id, email) = placed_order(&stack).await;
    let tracking = unique("1Z");
    for (action, body) in [("confirm", None), ("pack", None), ("ship", Some(ship_body(&tracking)))] {
        let (status, _, answer) = stack.admin(&format!("/admin/orders/{id}/{action}"), body).await;
        assert_eq!(status, StatusCode::OK, "{action}: {answer}");
        stack.drain().await;
    }
    for (n, status) in ["in_transit", "in_transit", "out_for_delivery", "delivered"].into_iter().enumerate() {
        let (code, _, answer) = stack
            .post_tracking(CarrierProvider::Easypost, &easypost(stack.clock.now(), &tracking, status, n as i64))
            .await;
        assert_eq!(code, StatusCode::OK, "{answer}");
        stack.drain().await;
    }
    assert_eq!(stack.order(&id).await.unwrap().status, FulfilmentStatus::Delivered);
    advance_and_sweep(&stack, 71).await;
    advance_and_sweep(&stack, 1).await; // 72 h after delivery: the follow-up
    advance_and_sweep(&stack, 30 * 24).await; // 30 days: archived
    assert_eq!(stack.order(&id).await.unwrap().status, FulfilmentStatus::Archived);

    let subjects = stack.subjects_to(&email).await;
    let expected = [
        "We have your order",
        "is confirmed",
        "is being assembled",
        "is on its way",
        "is out for delivery",
        "has been delivered",
        "arrive in good condition?",
    ];
    assert_eq!(subjects.len(), expected.len(), "{subjects:?}");
    for (subject, phrase) in subjects.iter().zip(expected) {
        assert!(subject.contains(phrase), "expected {phrase:?}, got {subject:?} in {subjects:?}");
    }
    let shipped = stack
        .emails_to(&email)
        .await
        .into_iter()
        .find(|m| m["subject"].as_str().unwrap().contains("on its way"))
        .unwrap();
    let html = shipped["body"].as_str().unwrap();
    assert!(html.contains(&format!("https://track.example/{tracking}")), "tracking link");
    assert!(html.contains(&format!("/track/{id}?token=")), "status page link");
}

#[tokio::test]
async fn every_provider_is_verified_and_moves_its_order() {
    let stack = Stack::new().await;
    let mut shipped = Vec::new();
    for _ in 0..4 {
        let (id, _) = placed_order(&stack).await;
        let tracking = unique("TRK");
        let (status, _, _) = stack.admin(&format!("/admin/orders/{id}/ship"), Some(ship_body(&tracking))).await;
        assert_eq!(status, StatusCode::OK);
        shipped.push((id, tracking));
    }
    let now = stack.clock.now().to_string();
    let aftership = json!({ "event": "tracking_update", "event_id": unique("as-"), "ts": 1,
                            "msg": { "tracking_number": shipped[0].1, "tag": "OutForDelivery", "updated_at": now, "checkpoints": [] } });
    let shippo = json!({ "event": "track_updated", "test": false,
                         "data": { "tracking_number": shipped[1].1, "tracking_status": { "status": "DELIVERED", "status_date": now } } });
    let shopify = json!({ "id": 1, "order_id": serde_json::from_str::<Value>(&shipped[2].0).unwrap(), "status": "ready_for_pickup",
                          "happened_at": now, "city": "Leeds" });
    let generic = json!({ "event_id": unique("g-"), "tracking_number": shipped[3].1, "status": "failed_attempt", "occurred_at": now });
    let cases = [
        (CarrierProvider::Aftership, aftership, FulfilmentStatus::OutForDelivery),
        (CarrierProvider::Shippo, shippo, FulfilmentStatus::Delivered),
        (CarrierProvider::Shopify, shopify, FulfilmentStatus::AvailableForPickup),
        (CarrierProvider::Generic, generic, FulfilmentStatus::DeliveryException),
    ];
    for ((provider, body, expected), (id, _)) in cases.into_iter().zip(&shipped) {
        let unsigned = http::Request::post(format!("/webhooks/carriers/{}", provider.as_str()))
            .header("content-type", "application/json")
            .body(axum::body::Body::from(body.to_string()))
            .unwrap();
        assert_eq!(stack.request(unsigned).await.0, StatusCode::UNAUTHORIZED, "{provider:?} unsigned");
        let (status, _, answer) = stack.post_tracking(provider, &body.to_string()).await;
        assert_eq!(status, StatusCode::OK, "{provider:?}: {answer}");
        assert_eq!(stack.order(id).await.unwrap().status, expected, "{provider:?}");
    }
    // Shippo webhooks may authenticate with a URL token instead of a signature: its own value, so the
    // signing secret is no token.
    let (id, tracking) = placed_order(&stack).await;
    stack.admin(&format!("/admin/orders/{id}/ship"), Some(ship_body(&tracking.to_string()))).await;
    let body = json!({ "event": "track_updated", "data": { "tracking_number": tracking, "tracking_status": { "status": "TRANSIT", "status_date": now } } });
    let tokens = [("wrong", StatusCode::UNAUTHORIZED), ("test-shippo-secret", StatusCode::UNAUTHORIZED)];
    for (token, expected) in tokens.into_iter().chain([("test-shippo-url-token", StatusCode::OK)]) {
        let request = http::Request::post(format!("/webhooks/carriers/shippo?token={token}"))
            .header("content-type", "application/json")
            .body(axum::body::Body::from(body.to_string()))
            .unwrap();
        assert_eq!(stack.request(request).await.0, expected);
    }
    assert_eq!(stack.order(&id).await.unwrap().status, FulfilmentStatus::InTransit);
}

#[tokio::test]
async fn tracking_for_an_unknown_parcel_is_not_acknowledged_and_only_noted() {
    let stack = Stack::new().await;
    let (status, content_type, problem) = stack
        .post_tracking(CarrierProvider::Easypost, &easypost(stack.clock.now(), "NOT-SHIPPED-YET", "in_transit", 0))
        .await;
    assert_eq!(
        (status, content_type.as_str()),
        (StatusCode::SERVICE_UNAVAILABLE, "application/problem+json"),
        "{problem}"
    );
    // Only the note that it came (so that it is set aside after a day of retries): no order.
    assert_eq!((stack.item_count().await, stack.order_count().await), (1, 0));
    let noted = stack.app.store.unmatched_events().await.unwrap();
    assert_eq!(noted.iter().map(|e| e.named.as_str()).collect::<Vec<_>>(), ["tracking NOT-SHIPPED-YET"]);
}

#[tokio::test]
async fn admin_routes_need_the_token_and_refuse_impossible_transitions() {
    let stack = Stack::new().await;
    let (id, _) = placed_order(&stack).await;
    let before = stack.order(&id).await.unwrap();
    for authorization in [None, Some("Bearer wrong-token"), Some("test-admin-token-8c1f5a9e3b7d2c6f")] {
        let mut request = http::Request::post(format!("/admin/orders/{id}/confirm"));
        if let Some(value) = authorization {
            request = request.header("authorization", value);
        }
        let (status, content_type, _) = stack.request(request.body(axum::body::Body::empty()).unwrap()).await;
        assert_eq!((status, content_type.as_str()), (StatusCode::UNAUTHORIZED, "application/problem+json"));
    }
    let list = http::Request::get("/admin/orders?status=received").body(axum::body::Body::empty()).unwrap();
    assert_eq!(stack.request(list).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(stack.order(&id).await.unwrap(), before, "nothing changed");

    let (status, _, problem) = stack.admin(&format!("/admin/orders/{id}/deliver"), None).await;
    assert_eq!(status, StatusCode::OK, "{problem}");
    let (status, _, problem) = stack.admin(&format!("/admin/orders/{id}/pack"), None).await;
    assert_eq!((status, problem["type"].as_str()), (StatusCode::CONFLICT, Some("/problems/impossible-transition")));
    let (status, _, _) = stack.admin("/admin/orders/no-such-order/confirm", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, problem) =
        stack.admin(&format!("/admin/orders/{id}/ship"), Some(json!({ "carrier": "UPS" }))).await;
    assert_eq!((status, problem["field"].as_str()), (StatusCode::BAD_REQUEST, Some("tracking_number")), "{problem}");
}

#[tokio::test]
async fn the_back_office_lists_orders_by_status_newest_first_in_pages() {
    let stack = Stack::new().await;
    let mut ids = Vec::new();
    for _ in 0..3 {
        let (id, _) = placed_order(&stack).await;
        ids.push(id);
    }
    let (_, _, confirmed) = stack.admin(&format!("/admin/orders/{}/confirm", ids[0]), None).await;
    assert_eq!(confirmed["status"], "confirmed");
    let (status, _, page) = stack.admin("/admin/orders?status=received&limit=1", None).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["orders"].as_array().unwrap().len(), 1);
    let mut seen = vec![page["orders"][0]["order_id"].as_str().unwrap().to_string()];
    let mut next = page["next"].as_str().map(str::to_string);
    while let Some(cursor) = next {
        let (_, _, page) = stack.admin(&format!("/admin/orders?status=received&limit=1&after={cursor}"), None).await;
        seen.extend(page["orders"].as_array().unwrap().iter().map(|o| o["order_id"].as_str().unwrap().to_string()));
        next = page["next"].as_str().map(str::to_string);
    }
    assert_eq!(seen.len(), 2, "the confirmed order is not listed as received: {seen:?}");
    assert!(seen.contains(&ids[1]) && seen.contains(&ids[2]));
    assert_eq!(page["orders"][0]["total"], "94.70 EUR");
}

#[tokio::test]
async fn an_order_written_before_the_lists_read_by_stage_is_listed_once_restaged() {
    use aws_sdk_dynamodb::types::AttributeValue;
    let stack = Stack::new().await;
    let (id, _) = placed_order(&stack).await;
    let key = |value: &str| AttributeValue::S(value.to_string());
    let table = stack.settings.table_name.clone();
    let head =
        stack.dynamodb.get_item().table_name(&table).key("pk", key(&format!("ORDER#{id}"))).key("sk", key("A#HEAD"));
    let mut former = head.send().await.unwrap().item.expect("the head");
    // As the former release wrote it: `placed_ms` for `by-status`, no stage.
    let placed = former.remove("stage_ms").expect("its time placed");
    assert!(former.remove("stage").is_some());
    former.insert("placed_ms".into(), placed);
    stack.dynamodb.put_item().table_name(&table).set_item(Some(former)).send().await.unwrap();
    let listed = || async {
        let (status, _, page) = stack.admin("/admin/orders?status=received", None).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        page["orders"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["order_id"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert!(listed().await.is_empty());
    assert_eq!(stack.order(&id).await.unwrap().status, FulfilmentStatus::Received, "still read whole");

    let store = orderflow::store::DynamoStore::new(stack.dynamodb.clone(), table, None);
    assert_eq!(store.restage().await.unwrap(), 1);
    assert_eq!(listed().await, std::slice::from_ref(&id));
    assert_eq!(store.restage().await.unwrap(), 0, "nothing left to restage");
    let head = stack.dynamodb.get_item().table_name(&stack.settings.table_name);
    let head = head.key("pk", key(&format!("ORDER#{id}"))).key("sk", key("A#HEAD")).send().await.unwrap().item.unwrap();
    assert!(!head.contains_key("placed_ms"), "out of by-status");
    assert_eq!(stack.order(&id).await.unwrap().status, FulfilmentStatus::Received);
}

#[tokio::test]
async fn an_unanswered_out_of_stock_question_applies_its_default() {
    let stack = Stack::new().await;
    let (id, email) = placed_order(&stack).await;
    let question = json!({ "items": ["Difference Engine Pen"], "offer": ["substitute", "wait", "cancel"], "default": "cancel",
                           "answer_within_hours": 24 });
    let (status, _, answer) = stack.admin(&format!("/admin/orders/{id}/out-of-stock"), Some(question)).await;
    assert_eq!((status, answer["status"].as_str()), (StatusCode::OK, Some("on_hold")), "{answer}");
    stack.drain().await;
    let asked = stack
        .emails_to(&email)
        .await
        .into_iter()
        .find(|m| m["subject"].as_str().unwrap().contains("out of stock"))
        .unwrap();
    let html = asked["body"].as_str().unwrap();
    assert!(
        html.contains("Difference Engine Pen") && html.contains("a substitute") && html.contains("cancel the order")
    );

    advance_and_sweep(&stack, 23).await;
    assert_eq!(stack.order(&id).await.unwrap().status, FulfilmentStatus::OnHold);
    advance_and_sweep(&stack, 1).await;
    let order = stack.order(&id).await.unwrap();
    assert_eq!(order.status, FulfilmentStatus::Cancelled);
    assert_eq!(
        order.cancellation.map(|c| (c.cause, c.stage)),
        Some((CancelCause::OutOfStock, FulfilmentStatus::OnHold))
    );
    assert_eq!(stack.subjects_to(&email).await.iter().filter(|s| s.contains("cancelled")).count(), 1);
}

#[tokio::test]
async fn a_shipment_without_carrier_updates_alerts_the_owner_once() {
    let stack = Stack::new().await;
    let (id, _) = placed_order(&stack).await;
    stack.admin(&format!("/admin/orders/{id}/ship"), Some(ship_body(&unique("1Z")))).await;
    advance_and_sweep(&stack, 4 * 24).await;
    let stuck =
        |subjects: Vec<String>| subjects.iter().filter(|s| s.contains(&id) && s.contains("no carrier update")).count();
    assert_eq!(stuck(stack.subjects_to(&stack.owner_email).await), 0);
    advance_and_sweep(&stack, 24).await;
    advance_and_sweep(&stack, 24).await;
    assert_eq!(stuck(stack.subjects_to(&stack.owner_email).await), 1);
}

#[tokio::test]
async fn the_status_json_needs_the_token_and_shows_no_personal_data() {
    let stack = Stack::new().await;
    let (id, _) = placed_order(&stack).await;
    let tracking = unique("1Z");
    stack.admin(&format!("/admin/orders/{id}/ship"), Some(ship_body(&tracking))).await;
    let token = stack.order(&id).await.unwrap().status_token.expose().clone();

    let get = |path: String| http::Request::get(path).body(axum::body::Body::empty()).unwrap();
    let (status, _, view) = stack.request(get(format!("/orders/{id}?token={token}"))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(view["status"], "shipped");
    assert_eq!(view["shipment"]["tracking_url"], format!("https://track.example/{tracking}"));
    let timeline: Vec<&str> =
        view["timeline"].as_array().unwrap().iter().map(|l| l["description"].as_str().unwrap()).collect();
    assert_eq!(timeline, ["Order received", "Handed to the carrier"]);
    let text = view.to_string().to_lowercase();
    for personal in ["ada", "lovelace", "@example.com", "+44", "7946", "james", "sw1y", "london"] {
        assert!(!text.contains(personal), "the status JSON exposes {personal:?}: {text}");
    }
    let flipped = if token.starts_with('0') { '1' } else { '0' };
    let (wrong, _, wrong_body) = stack.request(get(format!("/orders/{id}?token={flipped}{}", &token[1..]))).await;
    let (missing, _, missing_body) = stack.request(get(format!("/orders/no-such-order?token={token}"))).await;
    assert_eq!((wrong, missing), (StatusCode::NOT_FOUND, StatusCode::NOT_FOUND));
    assert_eq!(wrong_body, missing_body, "a wrong token looks exactly like a missing order");
    assert_eq!(stack.request(get(format!("/orders/{id}"))).await.0, StatusCode::NOT_FOUND);

    // The short link in SMS leads to the same page.
    let order = stack.order(&id).await.unwrap();
    let short = stack.settings.branding.short_status_url(&order);
    let path = short.split_once("://").unwrap().1.split_once('/').unwrap().1;
    let response =
        tower::ServiceExt::oneshot(orderflow::http::router(stack.app.clone()), get(format!("/{path}"))).await.unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()["location"], format!("/track/{id}?token={token}"));
}

/// The page a customer opens, rendered by headless Chromium; the screenshot is kept in
/// `test-artifacts/status-page.png`.
#[tokio::test]
async fn the_status_page_shows_the_timeline_and_tracking_link_in_a_real_browser() {
    let stack = Stack::new().await;
    let (id, _) = placed_order(&stack).await;
    let tracking = unique("1Z");
    stack.admin(&format!("/admin/orders/{id}/ship"), Some(ship_body(&tracking))).await;
    stack
        .post_tracking(CarrierProvider::Easypost, &easypost(stack.clock.now(), &tracking, "out_for_delivery", 1))
        .await;
    let token = stack.order(&id).await.unwrap().status_token.expose().clone();

    let url = stack.serve(&format!("/track/{id}?token={token}")).await;

    let dom = support::chromium(&url, &["--dump-dom".to_string()]).await;
    let dom = String::from_utf8_lossy(&dom.stdout).to_string();
    assert!(dom.contains(&format!("Order #{id}")), "{dom}");
    let timeline_start = dom.find("id=\"timeline\"").expect("a timeline");
    let timeline = &dom[timeline_start..];
    let positions: Vec<usize> = ["Order received", "Handed to the carrier", "Out for delivery"]
        .iter()
        .map(|step| timeline.find(step).unwrap_or_else(|| panic!("{step} missing from {timeline}")))
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "the timeline is in order");
    assert!(dom.contains(&format!("href=\"https://track.example/{tracking}\"")), "tracking link");
    assert!(!dom.contains("Lovelace") && !dom.contains("SW1Y"), "no personal data on the page");

    support::screenshot(&url, "status-page.png").await;
}

/// Stored values stay within their limits: a carrier's long message is cut, an over-long identifier
/// is a 400 that writes nothing, and staff input beyond a limit is refused naming the field.
#[tokio::test]
async fn long_values_are_cut_or_refused() {
    let stack = Stack::new().await;
    let (id, _) = placed_order(&stack).await;
    let path = format!("/admin/orders/{id}/ship");
    let (status, _, problem) = stack.admin(&path, Some(ship_body(&"9".repeat(65)))).await;
    assert_eq!((status, problem["field"].as_str()), (StatusCode::BAD_REQUEST, Some("tracking_number")), "{problem}");
    let (status, _, problem) = stack
        .admin(&format!("/admin/orders/{id}/cancel"), Some(json!({ "cause": "shop", "note": "n".repeat(501) })))
        .await;
    assert_eq!((status, problem["field"].as_str()), (StatusCode::BAD_REQUEST, Some("note")), "{problem}");
    assert_eq!(stack.order(&id).await.unwrap().status, FulfilmentStatus::Received, "nothing applied");

    let tracking = unique("1Z");
    assert_eq!(stack.admin(&path, Some(ship_body(&tracking))).await.0, StatusCode::OK);
    let chatty = easypost(stack.clock.now(), &tracking, "in_transit", 1).replace("in_transit scan", &"m".repeat(5_000));
    let (status, _, answer) = stack.post_tracking(CarrierProvider::Easypost, &chatty).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let order = stack.order(&id).await.unwrap();
    let scan = order
        .timeline()
        .iter()
        .find(|e| e.event == TimelineEvent::Carrier(orderflow::domain::CarrierStatus::InTransit))
        .expect("recorded");
    assert_eq!(scan.note.as_ref().unwrap().chars().count(), 200, "the carrier's message, cut");

    let before = stack.order(&id).await.unwrap().version();
    let long_id = json!({ "event_id": "e".repeat(201), "tracking_number": tracking, "status": "delivered",
                          "occurred_at": stack.clock.now().to_string() });
    let (status, _, problem) = stack.post_tracking(CarrierProvider::Generic, &long_id.to_string()).await;
    assert_eq!((status, problem["field"].as_str()), (StatusCode::BAD_REQUEST, Some("event_id")), "{problem}");
    assert_eq!(stack.order(&id).await.unwrap().version(), before, "a refused update writes nothing");
}

/// The value of the hidden form field `name` on a page.
fn form_field(html: &str, name: &str) -> String {
    let start = html.find(&format!("name=\"{name}\" value=\"")).expect("the field") + name.len() + 15;
    html[start..].split('"').next().unwrap().to_string()
}

fn stock_form(id: &str, token: &str, key: &str, choice: &str, site: &str) -> http::Request<axum::body::Body> {
    http::Request::post(format!("/track/{id}/stock"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("sec-fetch-site", site)
        .body(axum::body::Body::from(format!("token={token}&key={key}&choice={choice}")))
        .unwrap()
}

#[tokio::test]
async fn a_customer_answers_the_out_of_stock_question_on_the_page_and_both_sides_are_told() {
    let stack = Stack::new().await;
    let (id, email) = placed_order(&stack).await;
    let question = json!({ "items": ["Difference Engine Pen"], "offer": ["substitute", "wait"], "default": "cancel",
                           "expected_on": "2026-12-14" });
    let (status, _, answer) = stack.admin(&format!("/admin/orders/{id}/out-of-stock"), Some(question)).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let token = stack.order(&id).await.unwrap().status_token.expose().clone();

    // The page asks, one button per option offered.
    let page = http::Request::get(format!("/track/{id}?token={token}")).body(axum::body::Body::empty()).unwrap();
    let (status, _, html) = stack.raw(page).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Some items are out of stock: Difference Engine Pen"), "{html}");
    assert!(html.contains("New stock is expected on 14 Dec 2026."), "the date to weigh waiting: {html}");
    assert!(
        html.contains("value=\"substitute\"") && html.contains("value=\"wait\"") && !html.contains("value=\"cancel\"")
    );
    let key = form_field(&html, "key");

    // Posted from another site, or without the page's key: refused, nothing changes.
    for (key, site) in [(key.as_str(), "cross-site"), ("0123", "same-origin")] {
        let (status, _, _) = stack.raw(stock_form(&id, &token, key, "wait", site)).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    assert_eq!(stack.order(&id).await.unwrap().status, FulfilmentStatus::OnHold);

    // The customer chooses to wait; a second click changes nothing.
    for _ in 0..2 {
        let (status, location, _) = stack.raw(stock_form(&id, &token, &key, "wait", "same-origin")).await;
        assert_eq!((status, location), (StatusCode::SEE_OTHER, format!("/track/{id}?token={token}")));
    }
    let order = stack.order(&id).await.unwrap();
    assert_eq!(order.status, FulfilmentStatus::Received, "back where it was");
    let chosen = order.timeline().iter().find(|e| e.event == TimelineEvent::StockChosen).unwrap();
    assert_eq!((chosen.source.as_str(), chosen.note.as_deref()), ("customer", Some("wait")));
    stack.drain().await;
    let told: Vec<_> = stack
        .emails_to(&email)
        .await
        .into_iter()
        .filter(|m| m["subject"].as_str().unwrap().contains("About the missing items"))
        .collect();
    assert_eq!(told.len(), 1, "the customer is told once");
    assert!(told[0]["body"].as_str().unwrap().contains("wait for Difference Engine Pen"), "{}", told[0]["body"]);
    let owner = stack.subjects_to(&stack.owner_email).await;
    assert_eq!(owner.iter().filter(|s| s.contains(&id) && s.contains("the customer answered")).count(), 1);

    // Decided: the page no longer asks, and another answer is refused.
    let page = http::Request::get(format!("/track/{id}?token={token}")).body(axum::body::Body::empty()).unwrap();
    assert!(!stack.raw(page).await.2.contains("stock-question"));
    let (status, _, _) = stack.raw(stock_form(&id, &token, &key, "substitute", "same-origin")).await;
    assert_eq!(status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn staff_record_a_substitute_the_customer_asked_for_by_phone_in_french() {
    let stack = Stack::new().await;
    let id = unique("FR-");
    let email = format!("{id}@example.net");
    let mut body = support::unpaid_generic_order(&id, &email);
    body["payment"] = json!({ "method": "prepaid", "status": "paid" });
    body["locale"] = json!("fr");
    stack.post_order(OrderSource::Generic, &body.to_string(), &[]).await;
    let question = json!({ "items": ["Stylo"], "offer": ["substitute", "cancel"], "default": "cancel" });
    stack.admin(&format!("/admin/orders/{id}/out-of-stock"), Some(question)).await;
    let (status, _, answer) =
        stack.admin(&format!("/admin/orders/{id}/stock-choice"), Some(json!({ "choice": "substitute" }))).await;
    assert_eq!((status, answer["status"].as_str()), (StatusCode::OK, Some("received")), "{answer}");
    let (status, _, problem) =
        stack.admin(&format!("/admin/orders/{id}/stock-choice"), Some(json!({ "choice": "wait" }))).await;
    assert_eq!((status, problem["type"].as_str()), (StatusCode::CONFLICT, Some("/problems/no-open-question")));
    stack.drain().await;
    let subjects = stack.subjects_to(&email).await;
    assert_eq!(subjects.iter().filter(|s| s.contains("articles manquants")).count(), 1, "{subjects:?}");
    let owner = stack.subjects_to(&stack.owner_email).await;
    assert!(!owner.iter().any(|s| s.contains(&id) && s.contains("answered")), "staff need not be told what they did");
}

#[tokio::test]
async fn the_owner_hears_of_an_order_left_unsent_and_of_a_parcel_lost_once_each() {
    let stack = Stack::new().await;
    let (late, _) = placed_order(&stack).await;
    let (lost, _) = placed_order(&stack).await;
    let tracking = unique("1Z");
    stack.admin(&format!("/admin/orders/{lost}/ship"), Some(ship_body(&tracking))).await;
    let owner_about = |id: String, needle: &'static str| {
        let stack = &stack;
        async move {
            stack.subjects_to(&stack.owner_email).await.iter().filter(|s| s.contains(&id) && s.contains(needle)).count()
        }
    };
    advance_and_sweep(&stack, 23).await;
    assert_eq!(owner_about(late.clone(), "still waiting to be sent").await, 0);
    advance_and_sweep(&stack, 1).await; // PROCESSING_SLA_HOURS: 24 by default
    advance_and_sweep(&stack, 24).await;
    assert_eq!(owner_about(late.clone(), "still waiting to be sent").await, 1, "told once");
    assert_eq!(owner_about(lost.clone(), "still waiting to be sent").await, 0, "it was shipped in time");

    for minute in [0, 30] {
        let event = json!({ "event_id": unique("g-"), "tracking_number": tracking, "status": "lost",
                            "occurred_at": (stack.clock.now() + SignedDuration::from_mins(minute)).to_string() });
        let (status, _, answer) = stack.post_tracking(CarrierProvider::Generic, &event.to_string()).await;
        assert_eq!(status, StatusCode::OK, "{answer}");
    }
    stack.drain().await;
    assert_eq!(owner_about(lost.clone(), "needs you").await, 1, "told once");
    assert_eq!(stack.order(&lost).await.unwrap().status, FulfilmentStatus::DeliveryException);
}

#[tokio::test]
async fn an_order_ready_to_collect_is_reminded_then_collected_or_reported_uncollected() {
    let stack = Stack::new().await;
    let (waiting, email) = placed_order(&stack).await;
    let (collected, collected_email) = placed_order(&stack).await;
    let pickup =
        json!({ "place": "12 rue de Rivoli, Paris", "opening_hours": "Mon–Sat 10:00–19:00", "pickup_code": "4821" });
    for id in [&waiting, &collected] {
        let (status, _, answer) =
            stack.admin(&format!("/admin/orders/{id}/ready-for-pickup"), Some(pickup.clone())).await;
        assert_eq!((status, answer["status"].as_str()), (StatusCode::OK, Some("available_for_pickup")), "{answer}");
    }
    let (status, _, problem) = stack.admin(&format!("/admin/orders/{waiting}/ready-for-pickup"), Some(json!({}))).await;
    assert_eq!((status, problem["field"].as_str()), (StatusCode::BAD_REQUEST, Some("place")), "{problem}");
    stack.drain().await;
    let ready =
        stack.emails_to(&email).await.into_iter().find(|m| m["subject"].as_str().unwrap().contains("ready to collect"));
    let html = ready.expect("told where").as_object().unwrap()["body"].as_str().unwrap().to_string();
    assert!(
        html.contains("12 rue de Rivoli") && html.contains("Mon–Sat 10:00–19:00") && html.contains("4821"),
        "{html}"
    );

    // One is collected: delivered, and nothing more is said about collecting it.
    let (status, _, answer) = stack.admin(&format!("/admin/orders/{collected}/collected"), None).await;
    assert_eq!((status, answer["status"].as_str()), (StatusCode::OK, Some("delivered")), "{answer}");
    advance_and_sweep(&stack, 71).await;
    let reminded = |subjects: Vec<String>| subjects.iter().filter(|s| s.contains("is waiting for you")).count();
    assert_eq!(reminded(stack.subjects_to(&email).await), 0);
    advance_and_sweep(&stack, 1).await; // PICKUP_REMINDER_HOURS: 72 by default
    advance_and_sweep(&stack, 24).await;
    assert_eq!(reminded(stack.subjects_to(&email).await), 1, "reminded once");
    assert_eq!(reminded(stack.subjects_to(&collected_email).await), 0);
    advance_and_sweep(&stack, 4 * 24).await; // PICKUP_EXPIRY_HOURS: a week
    let owner = stack.subjects_to(&stack.owner_email).await;
    let uncollected = |id: &str| owner.iter().filter(|s| s.contains(id) && s.contains("was not collected")).count();
    assert_eq!((uncollected(&waiting), uncollected(&collected)), (1, 0));
}

#[tokio::test]
async fn unanswered_calls_never_cancel_and_after_two_the_customer_hears_when_we_call_again() {
    let stack = Stack::new().await;
    let id = unique("C-");
    let mut body = support::unpaid_generic_order(&id, &format!("{id}@example.net"));
    body["customer"]["phone"] = json!("+33 6 12 34 56 78");
    body["shipping"]["address"] = json!({ "line1": "1 rue de Rivoli", "city": "Paris", "country": "FR" });
    assert_eq!(stack.post_order(OrderSource::Generic, &body.to_string(), &[]).await.0, StatusCode::OK);
    stack.drain().await;
    let call = |outcome: &str| json!({ "outcome": outcome, "next_call_at": "2026-11-24T10:00:00Z" });
    let texts = || async {
        stack
            .sms_mentioning(&id)
            .await
            .into_iter()
            .filter(|m| m["message"].as_str().unwrap().contains("could not reach"))
            .count()
    };

    let (status, _, answer) = stack.admin(&format!("/admin/orders/{id}/call"), Some(call("no_answer"))).await;
    assert_eq!((status, answer["status"].as_str()), (StatusCode::OK, Some("received")), "{answer}");
    stack.drain().await;
    assert_eq!(texts().await, 0, "one missed call says nothing");
    stack.admin(&format!("/admin/orders/{id}/call"), Some(call("no_answer"))).await;
    stack.drain().await;
    assert_eq!(texts().await, 1, "the second does, by SMS");
    let sms = stack.sms_mentioning(&id).await;
    assert!(sms.iter().any(|m| m["message"].as_str().unwrap().contains("24 Nov 2026")), "{sms:?}");

    // Reached: the count starts again; one more miss says nothing. Nothing was cancelled.
    stack
        .admin(&format!("/admin/orders/{id}/call"), Some(json!({ "outcome": "reached", "note": "confirmed the size" })))
        .await;
    stack.admin(&format!("/admin/orders/{id}/call"), Some(call("no_answer"))).await;
    stack.drain().await;
    assert_eq!(texts().await, 1);
    let order = stack.order(&id).await.unwrap();
    assert_eq!(order.status, FulfilmentStatus::Received);
    let calls: Vec<_> = order
        .timeline()
        .iter()
        .filter(|e| e.event == TimelineEvent::CallAttempt)
        .map(|e| e.note.clone().unwrap())
        .collect();
    assert_eq!(calls, ["no_answer", "no_answer", "reached: confirmed the size", "no_answer"]);

    // A wrong number is not used again.
    stack.admin(&format!("/admin/orders/{id}/call"), Some(json!({ "outcome": "wrong_number" }))).await;
    let order = stack.order(&id).await.unwrap();
    assert_eq!(order.customer.phone, None);
    assert_eq!(order.customer.phone_as_given.unwrap().expose(), "+33612345678");
    let (_, _, staff) = stack.admin(&format!("/admin/orders/{id}"), None).await;
    assert_eq!(staff["customer"]["calls"]["missed"], 1, "{staff}");
}

#[tokio::test]
async fn a_customer_who_takes_the_rest_without_the_missing_items_pays_less_and_the_owner_refunds() {
    let stack = Stack::new().await;
    let (id, email) = placed_order(&stack).await; // paid 94.70: two notebooks and a pen (40.00)
    let path = format!("/admin/orders/{id}/out-of-stock");
    // Staff must name lines of the order to offer taking them off.
    let unknown = json!({ "items": ["Babbage Pencil"], "offer": ["cancel_missing"], "default": "wait" });
    let (status, _, problem) = stack.admin(&path, Some(unknown)).await;
    assert_eq!((status, problem["type"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("/problems/unknown-items")));
    assert!(problem["detail"].as_str().unwrap().contains("Babbage Pencil"), "{problem}");
    assert_eq!(stack.order(&id).await.unwrap().status, FulfilmentStatus::Received, "nothing asked");

    let question = json!({ "items": ["pen-de-01"], "offer": ["cancel_missing", "wait"], "default": "wait" });
    assert_eq!(stack.admin(&path, Some(question)).await.0, StatusCode::OK);
    let token = stack.order(&id).await.unwrap().status_token.expose().clone();
    let page = http::Request::get(format!("/track/{id}?token={token}")).body(axum::body::Body::empty()).unwrap();
    let html = stack.raw(page).await.2;
    assert!(html.contains("value=\"cancel_missing\""), "{html}");
    let key = form_field(&html, "key");
    let (status, _, _) = stack.raw(stock_form(&id, &token, &key, "cancel_missing", "same-origin")).await;
    assert_eq!(status, StatusCode::SEE_OTHER);

    let order = stack.order(&id).await.unwrap();
    assert_eq!(order.status, FulfilmentStatus::Received, "it goes on");
    assert_eq!(
        order.items.iter().map(|l| l.name.as_str()).collect::<Vec<_>>(),
        ["Analytical Engine Notebook - A5 / Dotted"]
    );
    assert_eq!((order.totals.total_minor, order.payment.received_minor()), (5470, 9470));
    let removed = order.timeline().iter().find(|e| e.event == TimelineEvent::ItemsRemoved).unwrap();
    assert_eq!(removed.note.as_deref(), Some("Difference Engine Pen (40.00 EUR)"));
    stack.drain().await;
    let told: Vec<_> = stack
        .emails_to(&email)
        .await
        .into_iter()
        .filter(|m| m["subject"].as_str().unwrap().contains("About the missing items"))
        .collect();
    assert_eq!(told.len(), 1);
    let text = told[0]["body"].as_str().unwrap();
    assert!(
        text.contains("without Difference Engine Pen") && text.contains("40.00 EUR less, which we will refund"),
        "{text}"
    );
    let owner = stack.subjects_to(&stack.owner_email).await;
    assert_eq!(owner.iter().filter(|s| s.contains(&id) && s.contains("refund 40.00 EUR")).count(), 1, "{owner:?}");
    assert_eq!(owner.iter().filter(|s| s.contains(&id) && s.contains("the customer answered")).count(), 1);

    // When every line is missing, taking them off is cancelling the order.
    let (other, _) = placed_order(&stack).await;
    let all = json!({ "items": ["PEN-DE-01", "NB-A5-DOT"], "offer": ["cancel_missing"], "default": "cancel_missing" });
    assert_eq!(stack.admin(&format!("/admin/orders/{other}/out-of-stock"), Some(all)).await.0, StatusCode::OK);
    let choice = json!({ "choice": "cancel_missing" });
    let (status, _, answer) = stack.admin(&format!("/admin/orders/{other}/stock-choice"), Some(choice)).await;
    assert_eq!((status, answer["status"].as_str()), (StatusCode::OK, Some("cancelled")), "{answer}");
}

#[tokio::test]
async fn a_missing_stock_question_cannot_be_given_an_absurd_time_to_answer() {
    let stack = Stack::new().await;
    let (id, _) = placed_order(&stack).await;
    for hours in [0i64, 745, 1_000_000_000_000_000] {
        let question = json!({ "items": ["Difference Engine Pen"], "offer": ["wait"], "default": "wait", "answer_within_hours": hours });
        let (status, _, problem) = stack.admin(&format!("/admin/orders/{id}/out-of-stock"), Some(question)).await;
        assert_eq!(
            (status, problem["field"].as_str()),
            (StatusCode::BAD_REQUEST, Some("answer_within_hours")),
            "{hours}"
        );
    }
    assert_eq!(stack.order(&id).await.unwrap().status, FulfilmentStatus::Received, "nothing written");
}

/// A parcel shipped with DPD and no link: the email names the tracking number and links DPD's own
/// tracking page; the SMS does too; so does the customer's page.
#[tokio::test]
async fn the_shipped_message_names_the_number_and_links_the_carriers_page() {
    let stack = Stack::new().await;
    let (id, email) = placed_order(&stack).await;
    let tracking = unique("0150");
    let ship = json!({ "carrier": "DPD", "tracking_number": tracking });
    assert_eq!(stack.admin(&format!("/admin/orders/{id}/ship"), Some(ship)).await.0, StatusCode::OK);
    stack.drain().await;
    let shipped = stack
        .emails_to(&email)
        .await
        .into_iter()
        .find(|m| m["subject"].as_str().unwrap().contains("on its way"))
        .expect("the shipped email");
    let body = shipped["body"].as_str().unwrap();
    let page = format!("https://tracking.dpd.de/parcelstatus?query={tracking}");
    assert!(body.contains(&format!("on its way with DPD, tracking number {tracking}.")), "{body}");
    assert!(body.contains(&page), "the carrier's page: {body}");
    let token = stack.order(&id).await.unwrap().status_token.expose().clone();
    let view = stack
        .raw(http::Request::get(format!("/orders/{id}?token={token}")).body(axum::body::Body::empty()).unwrap())
        .await
        .2;
    assert!(view.contains(&page), "{view}");
}

/// A carrier that lists its checkpoints newest first (or in any order): the latest by its time is
/// the one the order records.
#[tokio::test]
async fn the_latest_checkpoint_is_the_latest_by_its_time_not_its_place_in_the_list() {
    let stack = Stack::new().await;
    let (id, _) = placed_order(&stack).await;
    let tracking = unique("1Z");
    assert_eq!(stack.admin(&format!("/admin/orders/{id}/ship"), Some(ship_body(&tracking))).await.0, StatusCode::OK);
    let start = stack.clock.now();
    let at = |minutes: i64| (start + SignedDuration::from_mins(minutes)).to_string();
    let event = json!({ "id": unique("evt_"), "object": "Event", "description": "tracker.updated",
        "result": { "id": "trk_1", "object": "Tracker", "tracking_code": tracking, "status": "in_transit", "carrier": "UPS",
                    "tracking_details": [
                        { "datetime": at(90), "status": "in_transit", "message": "Arrived at the Leeds hub",
                          "tracking_location": { "city": "Leeds" } },
                        { "datetime": at(10), "status": "pre_transit", "message": "Label created",
                          "tracking_location": { "city": "London" } } ] } });
    let (status, _, answer) = stack.post_tracking(CarrierProvider::Easypost, &event.to_string()).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let order = stack.order(&id).await.unwrap();
    let scan = order
        .timeline()
        .iter()
        .find(|e| e.event == TimelineEvent::Carrier(orderflow::domain::CarrierStatus::InTransit))
        .expect("recorded");
    assert_eq!(scan.note.as_deref(), Some("Arrived at the Leeds hub"));
    assert_eq!(scan.at.to_string(), at(90));
}

/// A parcel the carrier lost: cancelling the order records the carrier's fault and the shop's cost,
/// and asks the customer to send back nothing (there is nothing to send).
#[tokio::test]
async fn cancelling_a_lost_parcels_order_asks_nothing_back() {
    let stack = Stack::new().await;
    let (id, email) = placed_order(&stack).await;
    let tracking = unique("1Z");
    assert_eq!(stack.admin(&format!("/admin/orders/{id}/ship"), Some(ship_body(&tracking))).await.0, StatusCode::OK);
    let lost = json!({ "event_id": unique("lost-"), "tracking_number": tracking, "status": "lost",
                       "occurred_at": stack.clock.now().to_string() });
    assert_eq!(stack.post_tracking(CarrierProvider::Generic, &lost.to_string()).await.0, StatusCode::OK);
    assert_eq!(stack.order(&id).await.unwrap().status, FulfilmentStatus::DeliveryException);
    let cancel = json!({ "cause": "shop", "fault": "carrier", "cost": "12.00", "note": "Lost by the carrier" });
    let (status, _, answer) = stack.admin(&format!("/admin/orders/{id}/cancel"), Some(cancel)).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let order = stack.order(&id).await.unwrap();
    assert_eq!((order.status, order.after_delivery.returns.len()), (FulfilmentStatus::Cancelled, 0));
    let cancellation = order.cancellation.unwrap();
    assert_eq!((cancellation.cost_minor, cancellation.stage), (Some(1200), FulfilmentStatus::DeliveryException));
    stack.drain().await;
    let subjects = stack.subjects_to(&email).await;
    assert!(subjects.iter().any(|s| s.contains("cancelled")), "{subjects:?}");
    assert!(!subjects.iter().any(|s| s.to_lowercase().contains("return")), "{subjects:?}");
}

/// A parcel the carrier lost is sent again: a new parcel with its own tracking number, followed to
/// delivered like any; the first parcel's late news changes nothing; the customer is told once per
/// step and the shop's cost is kept.
#[tokio::test]
async fn a_lost_parcel_is_sent_again_and_delivered_telling_the_customer_once_per_step() {
    let stack = Stack::new().await;
    let (id, email) = placed_order(&stack).await;
    let (first, second) = (unique("1Z"), unique("0150"));
    assert_eq!(stack.admin(&format!("/admin/orders/{id}/ship"), Some(ship_body(&first))).await.0, StatusCode::OK);
    let again = json!({ "carrier": "DPD", "tracking_number": second, "cost": "8.40" });
    let path = format!("/admin/orders/{id}/send-again");
    // Nothing is lost yet: nothing to send again.
    let (status, _, problem) = stack.admin(&path, Some(again.clone())).await;
    assert_eq!((status, problem["type"].as_str()), (StatusCode::CONFLICT, Some("/problems/impossible-transition")));
    let event = |number: &str, status: &str| {
        json!({ "event_id": unique("ev-"), "tracking_number": number, "status": status,
                "occurred_at": stack.clock.now().to_string() })
        .to_string()
    };
    assert_eq!(stack.post_tracking(CarrierProvider::Generic, &event(&first, "lost")).await.0, StatusCode::OK);
    // The lost parcel's own number again: refused, it would never be followed.
    let same = json!({ "carrier": "UPS", "tracking_number": first });
    let (status, _, problem) = stack.admin(&path, Some(same)).await;
    assert_eq!((status, problem["type"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("/problems/value-refused")));
    let (status, _, answer) = stack.admin(&path, Some(again.clone())).await;
    assert_eq!((status, answer["status"].as_str()), (StatusCode::OK, Some("shipped")), "{answer}");
    stack.drain().await;
    // The first parcel turns up on its way back: kept, changes nothing.
    stack.clock.advance(SignedDuration::from_hours(2));
    let returning = event(&first, "returning_to_sender");
    assert_eq!(stack.post_tracking(CarrierProvider::Generic, &returning).await.0, StatusCode::OK);
    let order = stack.order(&id).await.unwrap();
    assert_eq!(
        (order.status, order.shipment.tracking_number.as_ref().map(|n| n.as_str())),
        (FulfilmentStatus::Shipped, Some(&*second))
    );
    assert!(order.timeline().iter().any(|e| e.event == TimelineEvent::EarlierParcel));
    let resent = order.timeline().iter().find(|e| e.event == TimelineEvent::SentAgain).unwrap();
    let note = resent.note.as_deref().unwrap();
    assert!(note.contains(&first) && note.contains("8.40"), "{note}");
    stack.clock.advance(SignedDuration::from_hours(20));
    assert_eq!(stack.post_tracking(CarrierProvider::Generic, &event(&second, "delivered")).await.0, StatusCode::OK);
    // Sent again once more, now that it is delivered: refused.
    assert_eq!(stack.admin(&path, Some(again)).await.0, StatusCode::CONFLICT);
    stack.drain().await;
    assert_eq!(stack.order(&id).await.unwrap().status, FulfilmentStatus::Delivered);
    let subjects = stack.subjects_to(&email).await;
    for (step, times) in [("on its way", 1), ("we have sent it again", 1), ("delivered", 1), ("return", 0)] {
        assert_eq!(support::count(&subjects, step), times, "{step}: {subjects:?}");
    }
    // The new parcel's message names its number and DPD's own tracking page.
    let sent = stack.emails_to(&email).await;
    let text = sent.iter().map(|m| m.to_string()).find(|m| m.contains("sent it again")).unwrap();
    assert!(text.contains(&second) && text.contains("tracking.dpd.de"), "{text}");
}

/// A delay staff announce tells the customer the new date, on the channel they use.
#[tokio::test]
async fn a_delay_announced_by_staff_tells_the_customer_the_new_date() {
    let stack = Stack::new().await;
    let (id, email) = placed_order(&stack).await;
    let delay = json!({ "until": "2030-01-20", "note": "Supplier late" });
    let (status, _, answer) = stack.admin(&format!("/admin/orders/{id}/delay"), Some(delay)).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    stack.drain().await;
    let sent = stack.emails_to(&email).await;
    let text = sent.iter().map(|m| m.to_string()).find(|m| m.contains("will be later")).expect("told");
    assert!(text.contains("2030"), "{text}");
    let (status, _, problem) =
        stack.admin(&format!("/admin/orders/{id}/delay"), Some(json!({ "until": "soon" }))).await;
    assert_eq!((status, problem["type"].as_str()), (StatusCode::BAD_REQUEST, Some("/problems/invalid-field")));
    let past = json!({ "until": "2020-01-01" });
    let (status, _, problem) = stack.admin(&format!("/admin/orders/{id}/delay"), Some(past)).await;
    assert_eq!((status, problem["type"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("/problems/value-refused")));
    // Announced for a parcel on its way: the new date is its estimate on the customer's page.
    let ship = json!({ "carrier": "UPS", "tracking_number": unique("1Z") });
    assert_eq!(stack.admin(&format!("/admin/orders/{id}/ship"), Some(ship)).await.0, StatusCode::OK);
    let later = json!({ "until": "2030-02-03" });
    assert_eq!(stack.admin(&format!("/admin/orders/{id}/delay"), Some(later)).await.0, StatusCode::OK);
    let order = stack.order(&id).await.unwrap();
    assert_eq!(order.shipment.estimated_delivery.map(|t| t.to_string()).as_deref(), Some("2030-02-03T12:00:00Z"));
}
