//! Messages customers like: their language, their channel (and the other one when it fails), no
//! texts at night, never twice, and no markup injected through a name.

mod support;

use http::StatusCode;
use jiff::{SignedDuration, Timestamp};
use orderflow::app::sweep;
use orderflow::domain::CarrierProvider;
use orderflow::domain::TimelineEvent;
use orderflow::domain::{Channel, OrderSource};
use serde_json::{Value, json};
use support::{Stack, sample_body, unique};

fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

/// A generic order; `customer` and `shipping` replace the sample's.
fn order(id: &str, locale: &str, customer: Value, shipping: Value) -> String {
    let mut body = sample_body("order-placed/generic-order-email.json");
    body["order_id"] = json!(id);
    body["order_number"] = json!(id);
    body["locale"] = json!(locale);
    body["customer"] = customer;
    body["shipping"] = shipping;
    body.to_string()
}

fn warsaw_address() -> Value {
    json!({ "method": "Kurier", "type": "ship", "address": { "line1": "ul. Freta 16", "city": "Warszawa", "postal_code": "00-227", "country": "PL" } })
}

async fn sweep_and_drain(stack: &Stack) {
    sweep(&stack.app).await.unwrap();
    stack.drain().await;
}

#[tokio::test]
async fn customers_hear_back_in_their_own_language() {
    let stack = Stack::new().await;
    let cases = [
        ("fr", "Nous avons bien reçu votre commande"),
        ("pl", "Otrzymaliśmy zamówienie"),
        ("ru", "Мы получили ваш заказ"),
        ("de", "We have your order"),
    ];
    for (locale, subject) in cases {
        let id = unique("L-");
        let email = format!("{id}@example.net");
        let body = order(&id, locale, json!({ "name": "Ada", "email": email }), warsaw_address());
        assert_eq!(stack.post_order(OrderSource::Generic, &body, &[]).await.0, StatusCode::OK);
        stack.drain().await;
        let mail = stack.emails_to(&email).await;
        assert_eq!(mail.len(), 1);
        assert!(mail[0]["subject"].as_str().unwrap().starts_with(subject), "{locale}: {}", mail[0]["subject"]);
        let html = mail[0]["body"].as_str().unwrap();
        let expected_lang = if locale == "de" { "en" } else { locale };
        assert!(
            html.contains(&format!("lang=\"{expected_lang}\"")),
            "a language without a file falls back to the shop's"
        );
    }
}

#[tokio::test]
async fn sms_wait_for_the_morning_in_the_customers_time_zone_unless_urgent() {
    let stack = Stack::new().await;
    stack.clock.set(at("2026-11-23T21:30:00Z")); // 22:30 in Warsaw, 16:30 in New York
    let warsaw = unique("Q-");
    let body = order(&warsaw, "pl", json!({ "name": "Maria", "phone": "+48 601 234 567" }), warsaw_address());
    assert_eq!(stack.post_order(OrderSource::Generic, &body, &[]).await.0, StatusCode::OK);
    let us = unique("Q-");
    let pickup = json!({ "method": "Pick up in store", "type": "pickup" });
    let body = order(&us, "en", json!({ "name": "Grace", "phone": "+1 202 555 0147" }), pickup);
    assert_eq!(stack.post_order(OrderSource::Generic, &body, &[]).await.0, StatusCode::OK);
    stack.drain().await;

    assert_eq!(stack.sms_mentioning(&us).await.len(), 1, "afternoon in the US: sent at once");
    assert!(stack.sms_mentioning(&warsaw).await.is_empty(), "night in Warsaw: it waits");
    assert_eq!(stack.queued(&stack.settings.sms_queue_url).await, 0, "waiting in the ledger, not in the queue");

    // Urgent news goes at once, even at night.
    let tracking = unique("1Z");
    // An invoice order, shipped before it is paid on staff's word.
    let ship = json!({ "carrier": "InPost", "tracking_number": tracking, "ship_unpaid": true });
    assert_eq!(stack.admin(&format!("/admin/orders/{warsaw}/ship"), Some(ship)).await.0, StatusCode::OK);
    stack.drain().await;
    let tracking_update = json!({ "event_id": unique("g-"), "tracking_number": tracking, "status": "out_for_delivery", "occurred_at": "2026-11-23T21:31:00Z" });
    assert_eq!(stack.post_tracking(CarrierProvider::Generic, &tracking_update.to_string()).await.0, StatusCode::OK);
    stack.drain().await;
    let sent: Vec<String> =
        stack.sms_mentioning(&warsaw).await.iter().map(|m| m["message"].as_str().unwrap().to_string()).collect();
    assert_eq!(sent.len(), 1, "only the urgent one: {sent:?}");
    assert!(sent[0].contains("dziś"), "out for delivery, in Polish: {sent:?}");

    stack.clock.set(at("2026-11-24T06:59:00Z"));
    sweep_and_drain(&stack).await;
    assert_eq!(stack.sms_mentioning(&warsaw).await.len(), 1, "07:59 in Warsaw: still waiting");
    stack.clock.set(at("2026-11-24T07:00:30Z"));
    sweep_and_drain(&stack).await;
    let sent: Vec<String> =
        stack.sms_mentioning(&warsaw).await.iter().map(|m| m["message"].as_str().unwrap().to_string()).collect();
    assert_eq!(sent.len(), 3, "08:00 in Warsaw: the order received and shipped texts go: {sent:?}");
    sweep_and_drain(&stack).await;
    assert_eq!(stack.sms_mentioning(&warsaw).await.len(), 3, "and only once");
}

#[tokio::test]
async fn a_refused_email_falls_back_to_sms_once() {
    // SES refuses mail from an unverified sender: every email is refused for good.
    let stack = Stack::with_vars(&[("SENDER_EMAIL", "unverified@example.org")]).await;
    stack.clock.set(at("2026-11-23T12:00:00Z"));
    let id = unique("F-");
    let email = format!("{id}@example.net");
    let body = order(
        &id,
        "en",
        json!({ "name": "Ada", "email": email, "phone": "+33 6 12 34 56 78" }),
        json!({ "method": "Colissimo", "type": "ship", "address": { "line1": "1 rue de Rivoli", "city": "Paris", "country": "FR" } }),
    );
    assert_eq!(stack.post_order(OrderSource::Generic, &body, &[]).await.0, StatusCode::OK);
    stack.drain().await;
    assert!(stack.emails_to(&email).await.is_empty());
    let order = stack.order(&id).await.unwrap();
    assert_eq!(order.customer.channel, Channel::Sms, "later messages go by SMS");
    let fallback =
        order.timeline().iter().find(|e| e.event == TimelineEvent::NotificationFallback).expect("the timeline says so");
    assert_eq!(fallback.note.as_deref(), Some("email refused; sent by sms instead"));

    for _ in 0..3 {
        sweep_and_drain(&stack).await;
        stack.clock.advance(SignedDuration::from_mins(5));
    }
    let sms = stack.sms_mentioning(&id).await;
    assert_eq!(sms.len(), 1, "{sms:?}");
    assert_eq!(sms[0]["phone_number"], "+33612345678");
}

#[tokio::test]
async fn the_ledger_stops_repeats_from_webhook_retries_queue_redelivery_and_scheduler_reruns() {
    let stack = Stack::new().await;
    stack.clock.set(at("2026-11-23T12:00:00Z"));
    let id = unique("D-");
    let email = format!("{id}@example.net");
    let body = order(&id, "en", json!({ "name": "Ada", "email": email }), warsaw_address());
    for _ in 0..3 {
        assert_eq!(stack.post_order(OrderSource::Generic, &body, &[]).await.0, StatusCode::OK);
    }
    stack.drain().await;
    let redelivery = support::sqs_event(&[support::notice_ref(&id, "order_received.customer.email")]);
    orderflow::app::deliver_batch(&stack.email, redelivery.clone()).await;
    orderflow::app::deliver_batch(&stack.email, redelivery).await;
    for _ in 0..3 {
        stack.clock.advance(SignedDuration::from_mins(10));
        sweep_and_drain(&stack).await;
    }
    assert_eq!(stack.emails_to(&email).await.len(), 1);
}

#[tokio::test]
async fn markup_in_names_is_shown_as_text_in_emails_and_on_the_status_page() {
    let stack = Stack::new().await;
    let id = unique("X-");
    let email = format!("{id}@example.net");
    let mut body: Value = serde_json::from_str(&order(
        &id,
        "en",
        json!({ "name": "<script>alert(1)</script> Ada", "email": email }),
        warsaw_address(),
    ))
    .unwrap();
    body["items"][0]["name"] = json!("<img src=x onerror=alert(2)> Poster");
    assert_eq!(stack.post_order(OrderSource::Generic, &body.to_string(), &[]).await.0, StatusCode::OK);
    stack.drain().await;
    let html = stack.emails_to(&email).await[0]["body"].as_str().unwrap().to_string();
    assert!(!html.contains("<script>") && !html.contains("<img src=x"), "{html}");
    assert!(html.contains("&#60;script&#62;") || html.contains("&lt;script&gt;"));

    let token = stack.order(&id).await.unwrap().status_token.expose().clone();
    let request = http::Request::get(format!("/track/{id}?token={token}")).body(axum::body::Body::empty()).unwrap();
    let response = tower::ServiceExt::oneshot(orderflow::http::router(stack.app.clone()), request).await.unwrap();
    let page =
        String::from_utf8(axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap().to_vec()).unwrap();
    assert!(page.contains("Poster") && !page.contains("<img src=x") && !page.contains("<script>alert"), "{page}");
}

#[tokio::test]
async fn the_status_page_speaks_the_customers_language() {
    let stack = Stack::new().await;
    let id = unique("P-");
    let body = order(&id, "pl", json!({ "name": "Maria", "email": format!("{id}@example.net") }), warsaw_address());
    assert_eq!(stack.post_order(OrderSource::Generic, &body, &[]).await.0, StatusCode::OK);
    let token = stack.order(&id).await.unwrap().status_token.expose().clone();
    let request = http::Request::get(format!("/track/{id}?token={token}")).body(axum::body::Body::empty()).unwrap();
    let response = tower::ServiceExt::oneshot(orderflow::http::router(stack.app.clone()), request).await.unwrap();
    let page =
        String::from_utf8(axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap().to_vec()).unwrap();
    for polish in ["lang=\"pl\"", "Zamówienie", "Zamówienie przyjęte", "Historia", "Razem: 25,50 EUR"] {
        assert!(page.contains(polish), "{polish} missing from {page}");
    }
}

#[tokio::test]
async fn every_email_carries_a_reply_to_that_reaches_a_person() {
    use axum::routing::post;
    let stack = Stack::with_vars(&[("SUPPORT_EMAIL", "help@shop.example")]).await;
    // SES v2 on loopback, keeping each SendEmail request as the SDK sent it.
    let requests = std::sync::Arc::new(std::sync::Mutex::new(Vec::<Value>::new()));
    let kept = requests.clone();
    let ses = axum::Router::new().route(
        "/v2/email/outbound-emails",
        post(move |body: axum::body::Bytes| {
            let kept = kept.clone();
            async move {
                kept.lock().unwrap().push(serde_json::from_slice(&body).unwrap());
                axum::Json(json!({ "MessageId": "m-1" }))
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, ses).await });
    let services = orderflow::aws::ServiceEndpoints::default().with("SESv2", &url);
    let config = orderflow::aws::emulator_config_with(&stack.endpoint, services);
    let worker = orderflow::aws::email_worker(&config, stack.settings.clone(), stack.clock.clone());

    let id = unique("R-");
    let body = order(&id, "en", json!({ "name": "Ada", "email": format!("{id}@example.net") }), warsaw_address());
    assert_eq!(stack.post_order(OrderSource::Generic, &body, &[]).await.0, StatusCode::OK);
    orderflow::local::pump::pump_once(&stack.sqs, &stack.settings.email_queue_url, &worker, 0).await.unwrap();
    let requests = requests.lock().unwrap().clone();
    assert_eq!(requests.len(), 2, "the customer's and the owner's");
    for request in &requests {
        assert_eq!(request["ReplyToAddresses"], json!(["help@shop.example"]), "{request}");
    }
}
