//! Payments end to end: Stripe, PayPal and generic webhooks against the emulator; parking payments
//! that arrive before their order; deadlines, reminders and cancellation on a controlled clock.

mod support;

use http::StatusCode;
use jiff::SignedDuration;
use orderflow::app::sweep;
use orderflow::domain::CancelCause;
use orderflow::domain::TimelineEvent;
use orderflow::domain::{FulfilmentStatus, OrderSource, PaymentProvider, PaymentStatus};
use orderflow::local::payment_api::FakePaymentApi;
use serde_json::{Value, json};
use support::{Stack, count, sample_body, unique};

/// Records an unpaid order of 25.50 EUR paid by `method` and delivers its "order received" messages.
async fn unpaid_order(stack: &Stack, method: &str) -> (String, String) {
    let id = unique("PAY-");
    let email = format!("{id}@example.net");
    let mut body = sample_body("order-placed/generic-order-email.json");
    body["order_id"] = json!(id);
    body["order_number"] = json!(id);
    body["customer"]["email"] = json!(email);
    body["payment"] = json!({ "method": method, "status": "unpaid" });
    body["locale"] = json!("en");
    let (status, _, answer) = stack.post_order(OrderSource::Generic, &body.to_string(), &[]).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    stack.drain().await;
    (id, email)
}

fn stripe(kind: &str, event_id: &str, object: Value) -> String {
    json!({ "id": event_id, "object": "event", "type": kind, "created": 1_795_428_000, "data": { "object": object } })
        .to_string()
}

fn intent(id: &str, order_id: &str, amount: i64, currency: &str) -> Value {
    json!({ "id": id, "object": "payment_intent", "amount": amount, "amount_received": amount, "currency": currency,
            "metadata": { "order_id": order_id }, "status": "succeeded" })
}

/// Pays `order` through Stripe with a new PaymentIntent; returns the webhook's answer.
async fn pay(stack: &Stack, order: &str, amount: i64, currency: &str) -> Value {
    pay_with_intent(stack, &unique("pi_"), order, amount, currency).await
}

/// Pays `order` through Stripe with PaymentIntent `pi`.
async fn pay_with_intent(stack: &Stack, pi: &str, order: &str, amount: i64, currency: &str) -> Value {
    let event = stripe("payment_intent.succeeded", &unique("evt_"), intent(pi, order, amount, currency));
    stack.post_payment(PaymentProvider::Stripe, &event).await.2
}

fn paypal(kind: &str, event_id: &str, resource: Value) -> String {
    json!({ "id": event_id, "event_version": "1.0", "resource_type": "capture", "event_type": kind, "resource": resource }).to_string()
}

#[tokio::test]
async fn a_stripe_payment_marks_the_order_paid_and_tells_the_customer_once() {
    let stack = Stack::new().await;
    let (id, email) = unpaid_order(&stack, "prepaid").await;
    let event = stripe("payment_intent.succeeded", &unique("evt_"), intent(&unique("pi_"), &id, 2550, "eur"));
    let (status, _, answer) = stack.post_payment(PaymentProvider::Stripe, &event).await;
    assert_eq!((status, answer["result"].as_str()), (StatusCode::OK, Some("applied")));
    let (_, _, again) = stack.post_payment(PaymentProvider::Stripe, &event).await;
    assert_eq!(again["result"], "duplicate");

    let order = stack.order(&id).await.unwrap();
    assert_eq!(order.payment.status, PaymentStatus::Paid);
    assert_eq!(order.payment.received_minor(), 2550);
    assert_eq!(order.payment.due_at, None, "a paid order has no deadline");
    assert!(order.timeline().iter().any(|e| e.event == TimelineEvent::PaymentReceived && e.source == "stripe"));
    stack.drain().await;
    let subjects = stack.subjects_to(&email).await;
    assert_eq!(count(&subjects, "Payment received"), 1, "{subjects:?}");
    let body =
        stack.emails_to(&email).await.into_iter().find(|m| m["subject"].as_str().unwrap().contains("Payment")).unwrap();
    assert!(body["body"].as_str().unwrap().contains("25.50 EUR"));
}

#[tokio::test]
async fn a_charge_for_the_same_payment_intent_is_not_counted_twice() {
    let stack = Stack::new().await;
    let (id, _) = unpaid_order(&stack, "prepaid").await;
    let pi = unique("pi_");
    pay_with_intent(&stack, &pi, &id, 2550, "eur").await;
    // Stripe does not copy the intent's metadata onto the charge: matched through the intent id.
    let charge = json!({ "id": unique("ch_"), "object": "charge", "amount": 2550, "amount_captured": 2550, "currency": "eur",
                         "metadata": {}, "payment_intent": pi });
    let (status, _, answer) =
        stack.post_payment(PaymentProvider::Stripe, &stripe("charge.captured", &unique("evt_"), charge)).await;
    assert_eq!((status, answer["result"].as_str()), (StatusCode::OK, Some("duplicate")), "the same payment: {answer}");
    let order = stack.order(&id).await.unwrap();
    assert_eq!((order.payment.received_minor(), order.payment.status), (2550, PaymentStatus::Paid));
    assert_eq!(order.status, FulfilmentStatus::Received, "not put on hold as an overpayment");
}

#[tokio::test]
async fn a_failed_stripe_payment_tells_the_customer_how_to_retry() {
    let stack = Stack::new().await;
    let (id, email) = unpaid_order(&stack, "prepaid").await;
    let object = json!({ "id": unique("pi_"), "object": "payment_intent", "amount": 2550, "currency": "eur",
                         "metadata": { "order_id": id }, "last_payment_error": { "code": "card_declined", "decline_code": "insufficient_funds" } });
    let (status, _, _) = stack
        .post_payment(PaymentProvider::Stripe, &stripe("payment_intent.payment_failed", &unique("evt_"), object))
        .await;
    assert_eq!(status, StatusCode::OK);
    let order = stack.order(&id).await.unwrap();
    assert_eq!(order.payment.status, PaymentStatus::Failed);
    assert_eq!(order.timeline().last().unwrap().note.as_deref(), Some("insufficient_funds"));
    stack.drain().await;
    let failed: Vec<_> = stack
        .emails_to(&email)
        .await
        .into_iter()
        .filter(|m| m["subject"].as_str().unwrap().contains("did not go through"))
        .collect();
    assert_eq!(failed.len(), 1);
    let html = failed[0]["body"].as_str().unwrap();
    assert!(html.contains("try again") && html.contains("nothing was charged"), "{html}");
    // The owner hears of it too, once, without the card's details.
    let owner: Vec<_> = stack
        .emails_to(&stack.owner_email)
        .await
        .into_iter()
        .filter(|m| m["subject"].as_str().unwrap() == format!("A payment for order {id} failed"))
        .collect();
    assert_eq!(owner.len(), 1);
    assert!(!owner[0]["body"].as_str().unwrap().contains("insufficient_funds"));
}

#[tokio::test]
async fn stripe_refunds_record_the_amount_and_tell_the_customer_each_time() {
    let stack = Stack::new().await;
    let (id, email) = unpaid_order(&stack, "prepaid").await;
    let pi = unique("pi_");
    pay_with_intent(&stack, &pi, &id, 2550, "eur").await;
    let refund = |refunded: i64| {
        json!({ "id": "ch_1", "object": "charge", "amount": 2550, "amount_refunded": refunded, "currency": "eur",
                "metadata": [], "payment_intent": pi, "refunded": refunded == 2550 })
    };
    stack.post_payment(PaymentProvider::Stripe, &stripe("charge.refunded", &unique("evt_"), refund(1000))).await;
    let order = stack.order(&id).await.unwrap();
    assert_eq!((order.payment.status, order.payment.refunded_minor()), (PaymentStatus::PartiallyRefunded, 1000));
    stack.post_payment(PaymentProvider::Stripe, &stripe("charge.refunded", &unique("evt_"), refund(2550))).await;
    let order = stack.order(&id).await.unwrap();
    assert_eq!((order.payment.status, order.payment.refunded_minor()), (PaymentStatus::Refunded, 2550));

    stack.drain().await;
    let refunds: Vec<String> =
        stack.subjects_to(&email).await.into_iter().filter(|s| s.starts_with("Refund")).collect();
    assert_eq!(refunds.len(), 2, "{refunds:?}");
    assert!(refunds.iter().any(|s| s.contains("10.00 EUR")), "first refund: {refunds:?}");
    assert!(refunds.iter().any(|s| s.contains("15.50 EUR")), "second refund carries only its own amount: {refunds:?}");
}

#[tokio::test]
async fn paypal_captures_denials_and_refunds_change_the_order_once_each() {
    let stack = Stack::new().await;
    let (id, email) = unpaid_order(&stack, "prepaid").await;
    let capture = unique("CAP");
    let completed = paypal(
        "PAYMENT.CAPTURE.COMPLETED",
        &unique("WH-"),
        json!({ "id": capture, "status": "COMPLETED", "amount": { "currency_code": "EUR", "value": "25.50" }, "custom_id": id }),
    );
    let (status, _, answer) = stack.post_payment(PaymentProvider::Paypal, &completed).await;
    assert_eq!((status, answer["result"].as_str()), (StatusCode::OK, Some("applied")), "{answer}");
    assert_eq!(stack.order(&id).await.unwrap().payment.status, PaymentStatus::Paid);
    let refunded = paypal(
        "PAYMENT.CAPTURE.REFUNDED",
        &unique("WH-"),
        json!({ "id": unique("REF"), "status": "COMPLETED", "amount": { "currency_code": "EUR", "value": "5.00" }, "invoice_id": id }),
    );
    stack.post_payment(PaymentProvider::Paypal, &refunded).await;
    stack.post_payment(PaymentProvider::Paypal, &refunded).await;
    let order = stack.order(&id).await.unwrap();
    assert_eq!((order.payment.status, order.payment.refunded_minor()), (PaymentStatus::PartiallyRefunded, 500));

    let (other, _) = unpaid_order(&stack, "prepaid").await;
    let denied = paypal(
        "PAYMENT.CAPTURE.DENIED",
        &unique("WH-"),
        json!({ "id": unique("CAP"), "status": "DENIED", "custom_id": other }),
    );
    stack.post_payment(PaymentProvider::Paypal, &denied).await;
    assert_eq!(stack.order(&other).await.unwrap().payment.status, PaymentStatus::Failed);

    let forged = http::Request::post("/webhooks/payments/paypal")
        .header("PAYPAL-TRANSMISSION-SIG", "Zm9yZ2Vk")
        .body(axum::body::Body::from(completed))
        .unwrap();
    assert_eq!(stack.request(forged).await.0, StatusCode::UNAUTHORIZED);

    stack.drain().await;
    let subjects = stack.subjects_to(&email).await;
    assert_eq!((count(&subjects, "Payment received"), count(&subjects, "Refund of 5.00 EUR")), (1, 1), "{subjects:?}");
}

#[tokio::test]
async fn bad_or_stale_stripe_signatures_get_401_and_change_nothing() {
    let stack = Stack::new().await;
    let (id, _) = unpaid_order(&stack, "prepaid").await;
    let before = stack.order(&id).await.unwrap();
    let body = stripe("payment_intent.succeeded", &unique("evt_"), intent(&unique("pi_"), &id, 2550, "eur"));
    let stale = orderflow::providers::signature::sign_timestamped(
        support::STRIPE_SECRET,
        body.as_bytes(),
        stack.clock.now() - SignedDuration::from_secs(301),
    );
    let wrong = orderflow::providers::signature::sign_timestamped("not-the-secret", body.as_bytes(), stack.clock.now());
    for signature in [stale.as_str(), wrong.as_str(), "t=1,v1=zz"] {
        let request = http::Request::post("/webhooks/payments/stripe")
            .header("Stripe-Signature", signature)
            .body(axum::body::Body::from(body.clone()))
            .unwrap();
        let (status, content_type, problem) = stack.request(request).await;
        assert_eq!(
            (status, content_type.as_str()),
            (StatusCode::UNAUTHORIZED, "application/problem+json"),
            "{problem}"
        );
    }
    assert_eq!(stack.order(&id).await.unwrap(), before);
}

#[tokio::test]
async fn the_same_payment_twenty_times_at_once_changes_the_order_once_and_tells_once() {
    let stack = Stack::new().await;
    let (id, email) = unpaid_order(&stack, "prepaid").await;
    let version = stack.order(&id).await.unwrap().version();
    let event = stripe("payment_intent.succeeded", &unique("evt_"), intent(&unique("pi_"), &id, 2550, "eur"));
    let answers = futures::future::join_all((0..20).map(|_| stack.post_payment(PaymentProvider::Stripe, &event))).await;
    assert!(answers.iter().all(|(status, _, _)| *status == StatusCode::OK));
    assert_eq!(answers.iter().filter(|(_, _, a)| a["result"] == "applied").count(), 1);
    let order = stack.order(&id).await.unwrap();
    assert_eq!((order.version(), order.payment.received_minor()), (version + 1, 2550));
    stack.drain().await;
    assert_eq!(count(&stack.subjects_to(&email).await, "Payment received"), 1);
}

#[tokio::test]
async fn a_payment_that_arrives_before_its_order_is_applied_when_the_order_arrives() {
    let stack = Stack::new().await;
    let id = unique("EARLY-");
    let email = format!("{id}@example.net");
    let event = stripe("payment_intent.succeeded", &unique("evt_"), intent(&unique("pi_"), &id, 2550, "eur"));
    let (status, _, answer) = stack.post_payment(PaymentProvider::Stripe, &event).await;
    assert_eq!((status, answer["result"].as_str()), (StatusCode::OK, Some("parked")));
    let (_, _, again) = stack.post_payment(PaymentProvider::Stripe, &event).await;
    assert_eq!(again["result"], "parked", "a provider retry parks nothing new");

    let body = support::unpaid_generic_order(&id, &email);
    let (status, _, _) = stack.post_order(OrderSource::Generic, &body.to_string(), &[]).await;
    assert_eq!(status, StatusCode::OK);

    let order = stack.order(&id).await.unwrap();
    assert_eq!((order.payment.status, order.payment.received_minor()), (PaymentStatus::Paid, 2550));
    assert_eq!((stack.order_count().await, stack.items_starting("PARKED#").await), (1, 0), "nothing left parked");
    stack.drain().await;
    let subjects = stack.subjects_to(&email).await;
    assert_eq!((count(&subjects, "We have your order"), count(&subjects, "Payment received")), (1, 1), "{subjects:?}");
    let (_, _, late) = stack.post_payment(PaymentProvider::Stripe, &event).await;
    assert_eq!(late["result"], "duplicate");
}

#[tokio::test]
async fn amounts_that_do_not_match_put_the_order_on_hold_and_alert_the_owner() {
    let stack = Stack::new().await;
    let (too_much, _) = unpaid_order(&stack, "prepaid").await;
    let (other_currency, _) = unpaid_order(&stack, "prepaid").await;
    let (too_little, email) = unpaid_order(&stack, "prepaid").await;
    pay(&stack, &too_much, 3000, "eur").await;
    pay(&stack, &other_currency, 2550, "usd").await;
    pay(&stack, &too_little, 1000, "eur").await;

    for id in [&too_much, &other_currency] {
        let order = stack.order(id).await.unwrap();
        assert_eq!(order.status, FulfilmentStatus::OnHold, "{id}");
        assert!(order.hold_reason.is_some());
    }
    let partial = stack.order(&too_little).await.unwrap();
    assert_eq!((partial.payment.status, partial.status), (PaymentStatus::PartiallyPaid, FulfilmentStatus::Received));

    stack.drain().await;
    let alerts = stack.subjects_to(&stack.owner_email).await;
    for id in [&too_much, &other_currency, &too_little] {
        assert_eq!(
            alerts.iter().filter(|s| s.contains(id.as_str()) && s.contains("needs you")).count(),
            1,
            "{alerts:?}"
        );
    }
    let customer = stack.emails_to(&email).await;
    let received = customer.iter().find(|m| m["subject"].as_str().unwrap().contains("Payment received")).unwrap();
    assert!(received["body"].as_str().unwrap().contains("15.50 EUR of the 25.50 EUR total is still to be paid"));
}

#[tokio::test]
async fn unpaid_orders_get_one_reminder_then_one_cancellation_and_cod_or_paid_orders_none() {
    let stack = Stack::new().await;
    // Prepaid: due from intake (an invoice falls due from the confirmation, tested below).
    let (unpaid, email) = unpaid_order(&stack, "prepaid").await;
    let (cod, cod_email) = unpaid_order(&stack, "cash_on_delivery").await;
    let (paid, paid_email) = unpaid_order(&stack, "prepaid").await;
    pay(&stack, &paid, 2550, "eur").await;
    stack.drain().await;
    let sweep_at = |hours: i64| {
        let stack = &stack;
        async move {
            stack.clock.advance(SignedDuration::from_hours(hours));
            sweep(&stack.app).await.unwrap();
            sweep(&stack.app).await.unwrap();
            stack.drain().await;
        }
    };

    sweep_at(47).await; // 47 h after intake: before the reminder (deadline 72 h − 24 h)
    assert_eq!(count(&stack.subjects_to(&email).await, "waiting for payment"), 0);
    sweep_at(1).await; // 48 h
    assert_eq!(count(&stack.subjects_to(&email).await, "waiting for payment"), 1);
    sweep_at(23).await; // 71 h: reminded once, not cancelled
    assert_eq!(count(&stack.subjects_to(&email).await, "waiting for payment"), 1);
    assert_eq!(stack.order(&unpaid).await.unwrap().status, FulfilmentStatus::Received);
    sweep_at(1).await; // 72 h: the deadline
    let order = stack.order(&unpaid).await.unwrap();
    assert_eq!(order.status, FulfilmentStatus::Cancelled);
    let cancellation = order.cancellation.unwrap();
    assert_eq!(
        (cancellation.cause, cancellation.stage, cancellation.actor.as_str()),
        (CancelCause::PaymentTimeout, FulfilmentStatus::Received, "scheduler")
    );
    sweep_at(24).await;
    assert_eq!(count(&stack.subjects_to(&email).await, "cancelled"), 1);
    let owner = stack.subjects_to(&stack.owner_email).await;
    assert_eq!(owner.iter().filter(|s| s.contains(&unpaid) && s.contains("cancelled")).count(), 1, "{owner:?}");

    for (id, email) in [(&cod, &cod_email), (&paid, &paid_email)] {
        assert_ne!(stack.order(id).await.unwrap().status, FulfilmentStatus::Cancelled, "{id}");
        let subjects = stack.subjects_to(email).await;
        assert_eq!(count(&subjects, "waiting for payment") + count(&subjects, "cancelled"), 0, "{subjects:?}");
    }
}

/// A stand-in for PayPal's REST API on loopback: OAuth client credentials and
/// verify-webhook-signature, which answers SUCCESS only for the transmission signature "genuine".
async fn paypal_api_stub() -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use axum::routing::post;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let tokens = std::sync::Arc::new(AtomicUsize::new(0));
    let issued = tokens.clone();
    let app = axum::Router::new()
        .route(
            "/v1/oauth2/token",
            post(move |headers: http::HeaderMap| {
                let issued = issued.clone();
                async move {
                    assert!(headers["authorization"].to_str().unwrap().starts_with("Basic "));
                    issued.fetch_add(1, Ordering::SeqCst);
                    axum::Json(json!({ "access_token": "token-1", "token_type": "Bearer", "expires_in": 32400 }))
                }
            }),
        )
        .route(
            "/v1/notifications/verify-webhook-signature",
            post(|headers: http::HeaderMap, axum::Json(request): axum::Json<Value>| async move {
                assert_eq!(headers["authorization"], "Bearer token-1");
                assert_eq!(request["webhook_id"], "WH-SUBSCRIPTION");
                assert!(request["webhook_event"]["id"].is_string(), "the event is passed as JSON");
                let genuine = request["transmission_sig"] == "genuine" && request["auth_algo"] == "SHA256withRSA";
                axum::Json(json!({ "verification_status": if genuine { "SUCCESS" } else { "FAILURE" } }))
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (base, tokens)
}

#[tokio::test]
async fn paypal_webhooks_are_verified_through_paypals_api_when_configured() {
    let (base, tokens) = paypal_api_stub().await;
    let stack = Stack::with_vars(&[
        ("PAYPAL_API_BASE", base.as_str()),
        ("PAYPAL_CLIENT_ID", "client"),
        ("PAYPAL_CLIENT_SECRET", "secret"),
        ("PAYPAL_WEBHOOK_ID", "WH-SUBSCRIPTION"),
    ])
    .await;
    let (id, _) = unpaid_order(&stack, "prepaid").await;
    let send = |signature: &str, event_id: String| {
        let body = paypal(
            "PAYMENT.CAPTURE.COMPLETED",
            &event_id,
            json!({ "id": unique("CAP"), "amount": { "currency_code": "EUR", "value": "25.50" }, "custom_id": id }),
        );
        http::Request::post("/webhooks/payments/paypal")
            .header("content-type", "application/json")
            .header("PAYPAL-AUTH-ALGO", "SHA256withRSA")
            .header("PAYPAL-CERT-URL", "https://api.paypal.com/v1/notifications/certs/CERT-1")
            .header("PAYPAL-TRANSMISSION-ID", "tx-1")
            .header("PAYPAL-TRANSMISSION-SIG", signature)
            .header("PAYPAL-TRANSMISSION-TIME", "2026-11-23T10:00:00Z")
            .body(axum::body::Body::from(body))
            .unwrap()
    };
    let (status, _, problem) = stack.request(send("forged", unique("WH-"))).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{problem}");
    assert_eq!(stack.order(&id).await.unwrap().payment.status, PaymentStatus::Unpaid);
    let (status, _, answer) = stack.request(send("genuine", unique("WH-"))).await;
    assert_eq!((status, answer["result"].as_str()), (StatusCode::OK, Some("applied")), "{answer}");
    assert_eq!(stack.order(&id).await.unwrap().payment.status, PaymentStatus::Paid);
    assert_eq!(tokens.load(std::sync::atomic::Ordering::SeqCst), 1, "the OAuth token is reused");
}

/// A negative or absurd amount is never a wrapped value: a 400 naming the field, and nothing changes.
#[tokio::test]
async fn negative_or_absurd_amounts_are_refused() {
    let stack = Stack::new().await;
    let (id, _) = unpaid_order(&stack, "prepaid").await;
    let before = stack.order(&id).await.unwrap();
    for amount in [-2550, i64::MAX] {
        let event = stripe("payment_intent.succeeded", &unique("evt_"), intent(&unique("pi_"), &id, amount, "eur"));
        let (status, _, problem) = stack.post_payment(PaymentProvider::Stripe, &event).await;
        assert_eq!((status, problem["field"].as_str()), (StatusCode::BAD_REQUEST, Some("amount")), "{problem}");
    }
    let generic = json!({ "event_id": unique("g-"), "order_id": id, "type": "captured",
                          "amount": "99999999999999999.00", "currency": "EUR" });
    let (status, _, problem) = stack.post_payment(PaymentProvider::Generic, &generic.to_string()).await;
    assert_eq!((status, problem["field"].as_str()), (StatusCode::BAD_REQUEST, Some("amount")), "{problem}");
    assert_eq!(stack.order(&id).await.unwrap(), before, "nothing written");
}

#[tokio::test]
async fn an_unpaid_order_is_not_shipped_unless_staff_say_so_and_a_paid_one_is() {
    let stack = Stack::new().await;
    let (id, email) = unpaid_order(&stack, "prepaid").await;
    let ship = |tracking: &str| json!({ "carrier": "UPS", "tracking_number": tracking });
    let (status, _, problem) = stack.admin(&format!("/admin/orders/{id}/ship"), Some(ship("1ZUNPAID1"))).await;
    assert_eq!((status, problem["type"].as_str()), (StatusCode::CONFLICT, Some("/problems/payment-required")));
    assert!(problem["detail"].as_str().unwrap().contains("not paid (payment unpaid)"), "{problem}");
    let order = stack.order(&id).await.unwrap();
    assert_eq!((order.status, order.shipment.tracking_number), (FulfilmentStatus::Received, None));

    // Once the money is in, it ships.
    pay(&stack, &id, 2550, "eur").await;
    let (status, _, answer) = stack.admin(&format!("/admin/orders/{id}/ship"), Some(ship("1ZPAID1"))).await;
    assert_eq!((status, answer["status"].as_str()), (StatusCode::OK, Some("shipped")), "{answer}");
    stack.drain().await;
    assert_eq!(count(&stack.subjects_to(&email).await, "is on its way"), 1);

    // Staff may ship an unpaid invoice order on their word: the timeline keeps it.
    let (other, other_email) = unpaid_order(&stack, "invoice").await;
    let mut anyway = ship("1ZTRUSTED1");
    anyway["ship_unpaid"] = json!(true);
    let (status, _, answer) = stack.admin(&format!("/admin/orders/{other}/ship"), Some(anyway)).await;
    assert_eq!((status, answer["payment_status"].as_str()), (StatusCode::OK, Some("unpaid")), "{answer}");
    let order = stack.order(&other).await.unwrap();
    let entry = order.timeline().iter().find(|e| e.event == TimelineEvent::ShippedUnpaid).expect("recorded");
    assert_eq!(entry.note.as_deref(), Some("shipped on staff's word with payment unpaid"));
    stack.drain().await;
    assert_eq!(count(&stack.subjects_to(&other_email).await, "is on its way"), 1);
}

#[tokio::test]
async fn an_invoice_falls_due_from_the_confirmation_which_says_how_to_pay() {
    let stack = Stack::with_vars(&[
        ("PAYMENT_INSTRUCTIONS", "Transfer {amount} to FR76 3000 6000 0112 3456 7890 189, reference {reference}."),
        ("PAYMENT_LINK", "https://pay.example/{reference}?amount={amount}&currency={currency}"),
    ])
    .await;
    for (locale, pay_within) in [("en", "Please pay 25.50"), ("fr", "Merci de régler 25,50")] {
        let id = unique("INV-");
        let email = format!("{id}@example.net");
        let mut body = support::unpaid_generic_order(&id, &email);
        body["payment"] = json!({ "method": "invoice", "status": "unpaid" });
        body["locale"] = json!(locale);
        assert_eq!(stack.post_order(OrderSource::Generic, &body.to_string(), &[]).await.0, StatusCode::OK);
        assert_eq!(stack.order(&id).await.unwrap().payment.due_at, None, "not due before the shop confirms");
        // A week later the shop confirms: nothing was cancelled meanwhile, and it is due from now.
        stack.clock.advance(jiff::SignedDuration::from_hours(24 * 7));
        orderflow::app::sweep(&stack.app).await.unwrap();
        let (status, _, answer) = stack.admin(&format!("/admin/orders/{id}/confirm"), None).await;
        assert_eq!((status, answer["status"].as_str()), (StatusCode::OK, Some("confirmed")), "{answer}");
        let due = stack.order(&id).await.unwrap().payment.due_at;
        assert_eq!(due, Some(stack.clock.now() + jiff::SignedDuration::from_hours(72)));
        stack.drain().await;
        let emails = stack.emails_to(&email).await;
        let confirmation = emails.last().unwrap();
        let text = confirmation["body"].as_str().unwrap();
        assert!(text.contains(pay_within), "{locale}: {text}");
        assert!(text.contains(&format!("reference {id}")) && text.contains("FR76 3000"), "{locale}: {text}");
        let link = format!("https://pay.example/{id}?amount=25.50&#38;currency=EUR");
        assert!(text.contains(&link), "{locale}: the pay button, HTML-escaped: {text}");
    }
}

/// A stack whose Stripe and PayPal APIs are the local stand-in.
async fn stack_with_payment_api() -> (Stack, FakePaymentApi) {
    let api = FakePaymentApi::start().await.unwrap();
    let vars = api.vars();
    let vars: Vec<(&str, &str)> = vars.iter().map(|(n, v)| (*n, v.as_str())).collect();
    (Stack::with_vars(&vars).await, api)
}

/// PayPal says 25.50 EUR for `order` is held on `authorization`.
async fn hold_with_paypal(stack: &Stack, authorization: &str, order: &str) -> Value {
    let resource = json!({ "id": authorization, "status": "CREATED",
                           "amount": { "currency_code": "EUR", "value": "25.50" }, "custom_id": order });
    let event = paypal("PAYMENT.AUTHORIZATION.CREATED", &unique("WH-"), resource);
    stack.post_payment(PaymentProvider::Paypal, &event).await.2
}

/// Stripe says the money for `order` is held on PaymentIntent `pi` (manual capture).
async fn hold_with_stripe(stack: &Stack, pi: &str, order: &str, amount: i64) -> Value {
    let object = json!({ "id": pi, "object": "payment_intent", "amount": amount, "amount_capturable": amount,
                         "amount_received": 0, "capture_method": "manual", "currency": "eur",
                         "status": "requires_capture", "metadata": { "order_id": order } });
    let event = stripe("payment_intent.amount_capturable_updated", &unique("evt_"), object);
    stack.post_payment(PaymentProvider::Stripe, &event).await.2
}

#[tokio::test]
async fn money_held_at_checkout_is_captured_when_the_order_ships_and_only_then() {
    let (stack, api) = stack_with_payment_api().await;
    {
        let (id, email) = unpaid_order(&stack, "prepaid").await;
        let pi = unique("pi_held_");
        assert_eq!(hold_with_stripe(&stack, &pi, &id, 2550).await["result"], "applied");
        let order = stack.order(&id).await.unwrap();
        assert_eq!(order.payment.status, PaymentStatus::Authorized);
        assert_eq!((order.payment.received_minor(), order.payment.due_at), (0, None), "held money is not chased");
        assert!(order.timeline().iter().any(|e| e.event == TimelineEvent::PaymentAuthorized && e.source == "stripe"));
        // Held, not taken: a week later it is still there, not cancelled, nobody reminded.
        stack.clock.advance(SignedDuration::from_hours(24 * 7));
        sweep(&stack.app).await.unwrap();
        assert_eq!(stack.order(&id).await.unwrap().status, FulfilmentStatus::Received);
        assert!(api.captures().iter().all(|c| c.reference != pi), "nothing captured before shipping");

        let ship = json!({ "carrier": "UPS", "tracking_number": unique("1Z") });
        let path = format!("/admin/orders/{id}/ship");
        let (status, _, answer) = stack.admin(&path, Some(ship.clone())).await;
        assert_eq!(
            (status, answer["status"].as_str(), answer["payment_status"].as_str()),
            (StatusCode::OK, Some("shipped"), Some("paid")),
            "{answer}"
        );
        let captured: Vec<_> = api.captures().into_iter().filter(|c| c.reference == pi).collect();
        assert_eq!(captured.len(), 1, "{captured:?}");
        assert_eq!((captured[0].provider, captured[0].amount.as_str()), ("stripe", "2550"));
        let order = stack.order(&id).await.unwrap();
        assert_eq!((order.payment.received_minor(), order.payment.authorization), (2550, None));
        // Shipping again is refused as before, and takes nothing more.
        assert_eq!(stack.admin(&path, Some(ship)).await.0, StatusCode::CONFLICT);
        assert_eq!(api.captures().len(), 1);

        // Stripe's own webhook for the capture follows: counted once.
        let later = stripe("payment_intent.succeeded", &unique("evt_"), intent(&pi, &id, 2550, "eur"));
        assert_eq!(stack.post_payment(PaymentProvider::Stripe, &later).await.2["result"], "duplicate");
        assert_eq!(stack.order(&id).await.unwrap().payment.received_minor(), 2550);
        stack.drain().await;
        let subjects = stack.subjects_to(&email).await;
        assert_eq!(count(&subjects, "is on its way"), 1, "{subjects:?}");
        assert_eq!(count(&subjects, "Payment received"), 0, "the charge was agreed at checkout: {subjects:?}");
    }
}

#[tokio::test]
async fn a_refused_capture_leaves_the_order_unshipped_and_tells_the_owner_once() {
    for (shop_locale, subject, reason) in [
        ("en", "could not be captured", "through Stripe: charge_expired_for_capture"),
        ("fr", "n'a pas pu être encaissé", "via Stripe : charge_expired_for_capture"),
    ] {
        let api = FakePaymentApi::start().await.unwrap();
        let mut vars = api.vars();
        vars.push(("SHOP_LOCALE", shop_locale.into()));
        let vars: Vec<(&str, &str)> = vars.iter().map(|(n, v)| (*n, v.as_str())).collect();
        let stack = Stack::with_vars(&vars).await;
        let (id, email) = unpaid_order(&stack, "prepaid").await;
        // The fake refuses ids that say "expired", as Stripe refuses a hold older than seven days.
        let pi = unique("pi_expired_");
        hold_with_stripe(&stack, &pi, &id, 2550).await;
        let path = format!("/admin/orders/{id}/ship");
        let ship = json!({ "carrier": "UPS", "tracking_number": "1ZHELD1" });
        for _ in 0..2 {
            let (status, _, problem) = stack.admin(&path, Some(ship.clone())).await;
            assert_eq!((status, problem["type"].as_str()), (StatusCode::CONFLICT, Some("/problems/capture-failed")));
            assert!(problem["detail"].as_str().unwrap().contains("charge_expired_for_capture"), "{problem}");
        }
        let order = stack.order(&id).await.unwrap();
        assert_eq!(
            (order.status, order.shipment.tracking_number.as_ref().map(|n| n.as_str())),
            (FulfilmentStatus::Received, None)
        );
        assert_eq!(order.payment.status, PaymentStatus::Authorized);
        let held = order.payment.authorization.as_ref().expect("still held");
        assert!(held.failure.as_deref().unwrap().contains("expired"), "{held:?}");
        assert_eq!(order.timeline().iter().filter(|e| e.event == TimelineEvent::CaptureFailed).count(), 2);
        assert!(api.captures().is_empty());
        stack.drain().await;
        let owner = stack.emails_to(&stack.owner_email).await;
        let told: Vec<_> = owner.iter().filter(|m| m["subject"].as_str().unwrap().contains(subject)).collect();
        assert_eq!(told.len(), 1, "{shop_locale}: told once for two refusals: {owner:?}");
        assert!(told[0]["subject"].as_str().unwrap().contains(&id));
        assert!(told[0]["body"].as_str().unwrap().contains(reason), "{shop_locale}: {}", told[0]);
        assert_eq!(count(&stack.subjects_to(&email).await, "is on its way"), 0);

        // Staff decide to ship anyway: recorded, and nothing is captured.
        let mut anyway = ship.clone();
        anyway["ship_unpaid"] = json!(true);
        let (status, _, answer) = stack.admin(&path, Some(anyway)).await;
        assert_eq!((status, answer["payment_status"].as_str()), (StatusCode::OK, Some("authorized")), "{answer}");
        assert!(stack.order(&id).await.unwrap().timeline().iter().any(|e| e.event == TimelineEvent::ShippedUnpaid));
        assert!(api.captures().is_empty());
    }
}

#[tokio::test]
async fn an_unreachable_provider_changes_nothing_and_missing_credentials_are_named() {
    let (stack, api) = stack_with_payment_api().await;
    let (id, _) = unpaid_order(&stack, "prepaid").await;
    let pi = unique("pi_unavailable_");
    hold_with_stripe(&stack, &pi, &id, 2550).await;
    let path = format!("/admin/orders/{id}/ship");
    let ship = json!({ "carrier": "UPS", "tracking_number": "1ZHELD2" });
    let (status, _, problem) = stack.admin(&path, Some(ship.clone())).await;
    assert_eq!(
        (status, problem["type"].as_str()),
        (StatusCode::SERVICE_UNAVAILABLE, Some("/problems/capture-unavailable")),
        "{problem}"
    );
    let order = stack.order(&id).await.unwrap();
    assert_eq!((order.status, order.payment.status), (FulfilmentStatus::Received, PaymentStatus::Authorized));
    assert!(
        !order.timeline().iter().any(|e| e.event == TimelineEvent::CaptureFailed),
        "an outage is not the customer's"
    );
    stack.drain().await;
    assert!(!stack.subjects_to(&stack.owner_email).await.iter().any(|s| s.contains("could not be captured")));

    // Without credentials for the provider, the capture is refused and the owner told why.
    let bare = Stack::with_vars(&[("STRIPE_SECRET_KEY", "")]).await;
    let (other, _) = unpaid_order(&bare, "prepaid").await;
    hold_with_stripe(&bare, &unique("pi_"), &other, 2550).await;
    let (status, _, problem) = bare.admin(&format!("/admin/orders/{other}/ship"), Some(ship.clone())).await;
    assert_eq!((status, problem["type"].as_str()), (StatusCode::CONFLICT, Some("/problems/capture-failed")));
    assert!(problem["detail"].as_str().unwrap().contains("STRIPE_SECRET_KEY"), "{problem}");
    assert!(api.captures().is_empty());
}

#[tokio::test]
async fn a_paypal_authorization_is_captured_on_pickup_and_its_webhook_counted_once() {
    let (stack, api) = stack_with_payment_api().await;
    let (id, email) = unpaid_order(&stack, "prepaid").await;
    let authorization = unique("AUTH");
    assert_eq!(hold_with_paypal(&stack, &authorization, &id).await["result"], "applied");
    assert_eq!(stack.order(&id).await.unwrap().payment.status, PaymentStatus::Authorized);

    let pickup = json!({ "place": "Shop counter, 12 Main Street", "opening_hours": "Mon-Sat 9-18" });
    let (status, _, answer) = stack.admin(&format!("/admin/orders/{id}/ready-for-pickup"), Some(pickup)).await;
    assert_eq!((status, answer["payment_status"].as_str()), (StatusCode::OK, Some("paid")), "{answer}");
    let captured = api.captures();
    assert_eq!(captured.len(), 1);
    assert_eq!((captured[0].provider, captured[0].amount.as_str()), ("paypal", "25.50"));

    // PayPal's capture webhook names the capture (not the authorization): the same money, once.
    let completed = paypal(
        "PAYMENT.CAPTURE.COMPLETED",
        &unique("WH-"),
        json!({ "id": format!("CAP{authorization}"), "status": "COMPLETED",
                "amount": { "currency_code": "EUR", "value": "25.50" }, "custom_id": id }),
    );
    assert_eq!(stack.post_payment(PaymentProvider::Paypal, &completed).await.2["result"], "duplicate");
    let order = stack.order(&id).await.unwrap();
    assert_eq!((order.payment.received_minor(), order.status), (2550, FulfilmentStatus::AvailableForPickup));
    stack.drain().await;
    assert_eq!(count(&stack.subjects_to(&email).await, "Payment received"), 0);
}

#[tokio::test]
async fn a_released_hold_makes_the_order_unpaid_again_and_tells_both() {
    let (stack, _api) = stack_with_payment_api().await;
    let (id, email) = unpaid_order(&stack, "prepaid").await;
    let pi = unique("pi_");
    hold_with_stripe(&stack, &pi, &id, 2550).await;
    let released = stripe(
        "payment_intent.canceled",
        &unique("evt_"),
        json!({ "id": pi, "object": "payment_intent", "amount": 2550, "currency": "eur",
                "status": "canceled", "metadata": { "order_id": id } }),
    );
    assert_eq!(stack.post_payment(PaymentProvider::Stripe, &released).await.2["result"], "applied");
    let order = stack.order(&id).await.unwrap();
    assert_eq!((order.payment.status, order.payment.authorization), (PaymentStatus::Failed, None));
    stack.drain().await;
    assert_eq!(count(&stack.subjects_to(&email).await, "did not go through"), 1);
    let ship = json!({ "carrier": "UPS", "tracking_number": "1ZREL1" });
    let (status, _, problem) = stack.admin(&format!("/admin/orders/{id}/ship"), Some(ship)).await;
    assert_eq!((status, problem["type"].as_str()), (StatusCode::CONFLICT, Some("/problems/payment-required")));
}

#[tokio::test]
async fn cancelling_an_order_with_money_held_gives_the_hold_back_and_tells_nobody_of_a_failed_payment() {
    let (stack, api) = stack_with_payment_api().await;
    // Stripe: staff cancel; the next sweep cancels the PaymentIntent.
    let (id, email) = unpaid_order(&stack, "prepaid").await;
    let pi = unique("pi_");
    hold_with_stripe(&stack, &pi, &id, 2550).await;
    let cancel = json!({ "cause": "customer" });
    assert_eq!(stack.admin(&format!("/admin/orders/{id}/cancel"), Some(cancel.clone())).await.0, StatusCode::OK);
    assert!(api.releases().is_empty(), "released by the scheduler, not in staff's request");
    sweep(&stack.app).await.unwrap();
    sweep(&stack.app).await.unwrap();
    let released: Vec<_> = api.releases().into_iter().filter(|r| r.reference == pi).collect();
    assert_eq!(released.len(), 1, "released once: {released:?}");
    assert_eq!(released[0].provider, "stripe");
    let order = stack.order(&id).await.unwrap();
    assert_eq!((order.status, order.payment.status), (FulfilmentStatus::Cancelled, PaymentStatus::Unpaid));
    assert_eq!(order.payment.authorization, None);
    assert!(order.timeline().iter().any(|e| e.event == TimelineEvent::HoldReleased && e.source == "stripe"));
    // Stripe's webhook for the cancelled PaymentIntent follows: nobody hears of a failed payment.
    let canceled = stripe(
        "payment_intent.canceled",
        &unique("evt_"),
        json!({ "id": pi, "object": "payment_intent", "amount": 2550, "currency": "eur",
                "status": "canceled", "metadata": { "order_id": id } }),
    );
    assert_eq!(stack.post_payment(PaymentProvider::Stripe, &canceled).await.2["result"], "applied");
    assert_eq!(stack.order(&id).await.unwrap().payment.status, PaymentStatus::Unpaid);
    stack.drain().await;
    assert_eq!(count(&stack.subjects_to(&email).await, "did not go through"), 0);
    let owner = stack.subjects_to(&stack.owner_email).await;
    assert!(!owner.iter().any(|s| s.contains("release the money")), "{owner:?}");

    // PayPal: an authorization announced for an order already cancelled is voided too.
    let (late, _) = unpaid_order(&stack, "prepaid").await;
    assert_eq!(stack.admin(&format!("/admin/orders/{late}/cancel"), Some(cancel)).await.0, StatusCode::OK);
    let authorization = unique("AUTH");
    assert_eq!(hold_with_paypal(&stack, &authorization, &late).await["result"], "applied");
    sweep(&stack.app).await.unwrap();
    assert!(api.releases().iter().any(|r| r.provider == "paypal" && r.reference == authorization));
    assert_eq!(stack.order(&late).await.unwrap().payment.status, PaymentStatus::Unpaid);

    // PayPal voids, and its answer is lost: the next attempt hears "previously voided", which is done.
    let (lost, _) = unpaid_order(&stack, "prepaid").await;
    let authorization = unique("AUTHlost");
    assert_eq!(hold_with_paypal(&stack, &authorization, &lost).await["result"], "applied");
    let cancel = json!({ "cause": "customer" });
    assert_eq!(stack.admin(&format!("/admin/orders/{lost}/cancel"), Some(cancel)).await.0, StatusCode::OK);
    // Shipping the cancelled order is refused, and takes no money on the way.
    let ship = json!({ "carrier": "UPS", "tracking_number": "1ZCANCELLED" });
    assert_eq!(stack.admin(&format!("/admin/orders/{lost}/ship"), Some(ship)).await.0, StatusCode::CONFLICT);
    assert!(api.captures().iter().all(|c| c.reference != authorization), "nothing captured");
    sweep(&stack.app).await.unwrap();
    assert_eq!(stack.order(&lost).await.unwrap().payment.status, PaymentStatus::Authorized, "tried again later");
    stack.clock.advance(SignedDuration::from_mins(6));
    sweep(&stack.app).await.unwrap();
    let order = stack.order(&lost).await.unwrap();
    assert_eq!((order.payment.status, order.payment.authorization.as_ref()), (PaymentStatus::Unpaid, None));
    assert_eq!(api.releases().iter().filter(|r| r.reference == authorization).count(), 1);
    stack.drain().await;
    let owner = stack.subjects_to(&stack.owner_email).await;
    assert!(!owner.iter().any(|s| s.contains("release the money")), "{owner:?}");
}

#[tokio::test]
async fn a_hold_that_cannot_be_released_is_tried_again_then_left_to_the_owner_once() {
    let (stack, api) = stack_with_payment_api().await;
    let cancel = json!({ "cause": "customer" });
    // The provider stays unreachable: six attempts, further and further apart, then the owner.
    let (id, _) = unpaid_order(&stack, "prepaid").await;
    let pi = unique("pi_unavailable_");
    hold_with_stripe(&stack, &pi, &id, 2550).await;
    assert_eq!(stack.admin(&format!("/admin/orders/{id}/cancel"), Some(cancel.clone())).await.0, StatusCode::OK);
    sweep(&stack.app).await.unwrap();
    let order = stack.order(&id).await.unwrap();
    let release = order.payment.authorization.as_ref().and_then(|h| h.release).expect("still to release");
    assert_eq!(release.attempts, 1);
    assert_eq!(release.due_at, stack.clock.now() + SignedDuration::from_mins(5));
    // Due again only when its time comes.
    sweep(&stack.app).await.unwrap();
    assert_eq!(stack.order(&id).await.unwrap().payment.authorization.unwrap().release.unwrap().attempts, 1);
    for _ in 0..6 {
        stack.clock.advance(SignedDuration::from_mins(90));
        sweep(&stack.app).await.unwrap();
    }
    let order = stack.order(&id).await.unwrap();
    let held = order.payment.authorization.as_ref().expect("still held: the owner releases it");
    assert_eq!((held.release, order.payment.status), (None, PaymentStatus::Authorized));
    assert!(held.failure.as_deref().unwrap().contains("500"), "{held:?}");
    assert_eq!(order.timeline().iter().filter(|e| e.event == TimelineEvent::HoldNotReleased).count(), 1);

    // Refused: no credentials for the provider. The owner is told at once.
    let bare = Stack::with_vars(&[("STRIPE_SECRET_KEY", "")]).await;
    let (unconfigured, _) = unpaid_order(&bare, "prepaid").await;
    hold_with_stripe(&bare, &unique("pi_"), &unconfigured, 2550).await;
    assert_eq!(
        bare.admin(&format!("/admin/orders/{unconfigured}/cancel"), Some(cancel.clone())).await.0,
        StatusCode::OK
    );
    sweep(&bare.app).await.unwrap();
    let order = bare.order(&unconfigured).await.unwrap();
    assert!(order.payment.authorization.unwrap().failure.unwrap().contains("STRIPE_SECRET_KEY"));
    bare.drain().await;
    let told = bare.subjects_to(&bare.owner_email).await;
    assert_eq!(count(&told, "release the money held"), 1, "{told:?}");

    stack.drain().await;
    let owner = stack.emails_to(&stack.owner_email).await;
    let told: Vec<_> =
        owner.iter().filter(|m| m["subject"].as_str().unwrap().contains("release the money held")).collect();
    assert_eq!(told.len(), 1, "told once: {owner:?}");
    let body = told[0]["body"].as_str().unwrap();
    assert!(body.contains("25.50") && body.contains("Stripe dashboard"), "{body}");
    assert!(api.releases().is_empty());
}

#[tokio::test]
async fn a_capture_whose_answer_was_lost_is_recognised_when_staff_try_again_and_taken_once() {
    let (stack, api) = stack_with_payment_api().await;
    let (id, _) = unpaid_order(&stack, "prepaid").await;
    // Stripe captures, then its answer is a 500: staff see "try again".
    let pi = unique("pi_lost_");
    hold_with_stripe(&stack, &pi, &id, 2550).await;
    let path = format!("/admin/orders/{id}/ship");
    let ship = json!({ "carrier": "UPS", "tracking_number": "1ZLOST1" });
    for _ in 0..2 {
        // The same key within minutes: Stripe answers its first answer again.
        let (status, _, problem) = stack.admin(&path, Some(ship.clone())).await;
        assert_eq!(
            (status, problem["type"].as_str()),
            (StatusCode::SERVICE_UNAVAILABLE, Some("/problems/capture-unavailable"))
        );
    }
    assert_eq!(stack.order(&id).await.unwrap().status, FulfilmentStatus::Received);
    // Later, a new key: Stripe refuses because the PaymentIntent is captured already, and says so.
    stack.clock.advance(SignedDuration::from_mins(11));
    let (status, _, answer) = stack.admin(&path, Some(ship)).await;
    assert_eq!(
        (status, answer["status"].as_str(), answer["payment_status"].as_str()),
        (StatusCode::OK, Some("shipped"), Some("paid")),
        "{answer}"
    );
    assert_eq!(api.captures().iter().filter(|c| c.reference == pi).count(), 1, "taken once");
    let order = stack.order(&id).await.unwrap();
    assert_eq!((order.payment.received_minor(), order.payment.authorization.as_ref()), (2550, None));
    assert!(!order.timeline().iter().any(|e| e.event == TimelineEvent::CaptureFailed));
}

/// An order shipped unpaid on staff's word is a receivable: at its deadline it is not cancelled;
/// the customer is asked to pay and the owner alerted, once each; the staff list shows it until the
/// money arrives by bank transfer, which staff record, and the payment is then told once.
#[tokio::test]
async fn an_order_shipped_unpaid_is_chased_at_its_deadline_never_cancelled() {
    let stack = Stack::new().await;
    let id = unique("R-");
    let email = format!("{id}@example.net");
    let body = support::unpaid_generic_order(&id, &email);
    assert_eq!(stack.post_order(OrderSource::Generic, &body.to_string(), &[]).await.0, StatusCode::OK);
    let ship = json!({ "carrier": "DPD", "tracking_number": unique("0150"), "ship_unpaid": true });
    let (status, _, answer) = stack.admin(&format!("/admin/orders/{id}/ship"), Some(ship)).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert!(stack.order(&id).await.unwrap().payment.due_at.is_some(), "the deadline stands");

    for _ in 0..3 {
        stack.clock.advance(jiff::SignedDuration::from_hours(40));
        sweep(&stack.app).await.unwrap();
        stack.drain().await;
    }
    let order = stack.order(&id).await.unwrap();
    assert_eq!((order.status, order.cancellation.is_none()), (FulfilmentStatus::Shipped, true));
    assert!(order.timeline().iter().any(|e| e.event == TimelineEvent::PaymentOverdue));
    assert_eq!(count(&stack.subjects_to(&email).await, "your payment is overdue"), 1);
    assert_eq!(count(&stack.subjects_to(&stack.owner_email).await, "handed over unpaid, payment overdue"), 1);
    assert_eq!(count(&stack.subjects_to(&email).await, "cancelled"), 0);

    // On the staff list until paid.
    assert!(stack.staff_page("/staff/orders?status=shipped").await.contains("Handed over unpaid: payment overdue"));

    // The customer pays by bank transfer; staff record it: paid, told once, off the receivables.
    let path = format!("/admin/orders/{id}/payment-received");
    let transfer = json!({ "amount": "25.50", "method": "bank_transfer", "reference": format!("Order {id}"),
                           "received_on": "2026-12-01" });
    let (status, _, answer) = stack.admin(&path, Some(transfer.clone())).await;
    assert_eq!((status, answer["payment_status"].as_str()), (StatusCode::OK, Some("paid")), "{answer}");
    // Recorded again (a second member of staff with the same bank statement): refused, nothing changes.
    let (status, _, problem) = stack.admin(&path, Some(transfer)).await;
    assert_eq!(
        (status, problem["type"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("/problems/amount-refused"))
    );
    stack.drain().await;
    let order = stack.order(&id).await.unwrap();
    assert_eq!((order.payment.received_minor(), order.status), (2550, FulfilmentStatus::Shipped));
    let recorded = order.timeline().iter().find(|e| e.event == TimelineEvent::PaymentRecorded).expect("recorded");
    assert!(recorded.note.as_deref().unwrap().contains("bank transfer"), "{:?}", recorded.note);
    assert_eq!(count(&stack.subjects_to(&email).await, "Payment received"), 1);
    assert!(!stack.staff_page("/staff/orders?status=shipped").await.contains("Handed over unpaid"));
}

/// The WooCommerce Stripe gateway captures with a charge (`charge.succeeded`, `captured: true`)
/// naming the order in its metadata, under `order_id` or another configured key; a charge not
/// captured yet changes nothing.
#[tokio::test]
async fn a_captured_stripe_charge_pays_the_order_its_metadata_names() {
    let stack = Stack::new().await;
    for key in ["order_id", "orderId", "order_number"] {
        let id = unique("W-");
        let body = support::unpaid_generic_order(&id, &format!("{id}@example.net"));
        assert_eq!(stack.post_order(OrderSource::Generic, &body.to_string(), &[]).await.0, StatusCode::OK);
        let charge = |captured: bool| {
            json!({ "id": unique("ch_"), "object": "charge", "amount": 2550, "amount_captured": if captured { 2550 } else { 0 },
                    "currency": "eur", "captured": captured, "paid": true, "payment_intent": unique("pi_"),
                    "metadata": { key: id.clone(), "customer_name": "Ada" } })
        };
        let held = stripe("charge.succeeded", &unique("evt_"), charge(false));
        let (status, _, answer) = stack.post_payment(PaymentProvider::Stripe, &held).await;
        assert_eq!((status, answer["result"].as_str()), (StatusCode::OK, Some("ignored")), "{key}: {answer}");
        let taken = stripe("charge.succeeded", &unique("evt_"), charge(true));
        let (status, _, answer) = stack.post_payment(PaymentProvider::Stripe, &taken).await;
        assert_eq!((status, answer["result"].as_str()), (StatusCode::OK, Some("applied")), "{key}: {answer}");
        assert_eq!(stack.order(&id).await.unwrap().payment.status, PaymentStatus::Paid, "{key}");
    }
}

/// Cash on delivery: delivered is assumed paid until staff record what the courier collected. An
/// order without a recorded collection, or collected short, is on the staff's "cash to reconcile"
/// list; the rest paid another way takes it off.
#[tokio::test]
async fn cash_collected_short_by_the_courier_is_on_the_reconcile_view_until_settled() {
    let stack = Stack::new().await;
    let id = unique("C-");
    let email = format!("{id}@example.net");
    let mut body = support::unpaid_generic_order(&id, &email);
    body["payment"] = json!({ "method": "cash_on_delivery", "status": "unpaid" });
    assert_eq!(stack.post_order(OrderSource::Generic, &body.to_string(), &[]).await.0, StatusCode::OK);
    let ship = json!({ "carrier": "DPD", "tracking_number": unique("0150") });
    assert_eq!(stack.admin(&format!("/admin/orders/{id}/ship"), Some(ship)).await.0, StatusCode::OK);
    let path = format!("/admin/orders/{id}/payment-received");
    let early = json!({ "amount": "25.50", "method": "cash_on_delivery" });
    let (status, _, problem) = stack.admin(&path, Some(early)).await;
    assert_eq!(
        (status, problem["type"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("/problems/amount-refused"))
    );
    let (status, _, answer) = stack.admin(&format!("/admin/orders/{id}/deliver"), None).await;
    assert_eq!((status, answer["payment_status"].as_str()), (StatusCode::OK, Some("paid")), "assumed at the door");
    let number = stack.order(&id).await.unwrap().number;
    let page = stack.staff_page("/staff/orders?cash=true").await;
    assert!(page.contains(&number) && page.contains("Courier&#39;s collection not recorded"), "{page}");
    // Delivered and waiting on staff: listed as delivered too, first, and once over the pages.
    assert_eq!(delivered(&stack).await, std::slice::from_ref(&id));
    assert!(stack.staff_page("/staff/orders?status=delivered").await.contains(&number));

    let collected = json!({ "amount": "20.00", "method": "cash_on_delivery", "reference": "DPD remittance 7781" });
    let (status, _, answer) = stack.admin(&path, Some(collected.clone())).await;
    assert_eq!((status, answer["payment_status"].as_str()), (StatusCode::OK, Some("partially_paid")), "{answer}");
    let (status, _, problem) = stack.admin(&path, Some(collected)).await;
    assert_eq!(
        (status, problem["type"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("/problems/amount-refused"))
    );
    let order = stack.order(&id).await.unwrap();
    let collection = order.payment.collection.unwrap();
    assert_eq!((collection.collected_minor, collection.expected_minor), (2000, 2550));
    let page = stack.staff_page("/staff/orders?cash=true").await;
    assert!(page.contains(&number) && page.contains("Collected 5.50 EUR short"), "{page}");

    // The courier pays the rest over in cash at the counter: settled, and off the list.
    let rest = json!({ "amount": "5.50", "method": "cash" });
    let (status, _, answer) = stack.admin(&path, Some(rest)).await;
    assert_eq!((status, answer["payment_status"].as_str()), (StatusCode::OK, Some("paid")), "{answer}");
    assert!(!stack.staff_page("/staff/orders?cash=true").await.contains(&number));
    assert_eq!(delivered(&stack).await, std::slice::from_ref(&id), "finished, still listed as delivered");
    assert!(stack.staff_page("/staff/orders?status=delivered").await.contains(&number));
    stack.drain().await;
    assert_eq!(count(&stack.subjects_to(&email).await, "Payment received"), 1, "the counter's cash is told once");
}

/// Every delivered order, one per page through the API's cursor.
async fn delivered(stack: &Stack) -> Vec<String> {
    let (mut seen, mut after) = (Vec::new(), String::new());
    for _ in 0..5 {
        let (status, _, page) = stack.admin(&format!("/admin/orders?status=delivered&limit=1{after}"), None).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        seen.extend(page["orders"].as_array().unwrap().iter().map(|o| o["order_id"].as_str().unwrap().to_string()));
        match page["next"].as_str() {
            Some(next) => after = format!("&after={next}"),
            None => return seen,
        }
    }
    panic!("the pages never end: {seen:?}");
}

/// The customer cancels from their page. Before packing: cancelled at once, the money held on
/// their card released, both told. While packing: the shop is asked; staff keep it going, and the
/// customer is told; another order asked about is cancelled by staff. Once it has left: refused,
/// and the page says a return is possible after delivery.
#[tokio::test]
async fn the_customer_cancels_from_their_page_before_packing_and_asks_the_shop_once_it_is_being_packed() {
    let (stack, api) = stack_with_payment_api().await;
    // The page's cancel form, as the customer's browser keeps it (pressed again after a change).
    let form_of = |id: String| {
        let stack = &stack;
        async move {
            let (token, html) = stack.customer_page(&id).await;
            (id, token, support::page_key(&html))
        }
    };
    let press = |form: &(String, String, String)| {
        let (id, token, key) = form.clone();
        let stack = &stack;
        async move {
            let fields = [("token", token.as_str()), ("key", key.as_str())];
            stack.raw(support::page_post(&format!("/track/{id}/cancel"), &fields, "same-origin")).await.0
        }
    };
    let (id, email) = unpaid_order(&stack, "prepaid").await;
    let pi = unique("pi_");
    hold_with_stripe(&stack, &pi, &id, 2550).await;
    assert!(stack.customer_page(&id).await.1.contains("Cancel my order"));
    let form = form_of(id.clone()).await;
    assert_eq!(press(&form).await, StatusCode::SEE_OTHER);
    assert_eq!(press(&form).await, StatusCode::SEE_OTHER, "a second click changes nothing");
    sweep(&stack.app).await.unwrap();
    let order = stack.order(&id).await.unwrap();
    assert_eq!((order.status, order.payment.status), (FulfilmentStatus::Cancelled, PaymentStatus::Unpaid));
    assert_eq!(order.cancellation.unwrap().actor, "customer");
    assert_eq!(api.releases().iter().filter(|r| r.reference == pi).count(), 1, "the hold released once");
    stack.drain().await;
    assert_eq!(count(&stack.subjects_to(&email).await, "cancelled"), 1);
    assert_eq!(count(&stack.subjects_to(&stack.owner_email).await, &format!("Order {id} cancelled")), 1);

    // Being packed: the shop is asked, and keeps it going; the customer hears so.
    let (packed, email) = unpaid_order(&stack, "cash_on_delivery").await;
    assert_eq!(stack.admin(&format!("/admin/orders/{packed}/pack"), None).await.0, StatusCode::OK);
    assert!(stack.customer_page(&packed).await.1.contains("Ask the shop to cancel"));
    let form = form_of(packed.clone()).await;
    assert_eq!(press(&form).await, StatusCode::SEE_OTHER);
    assert_eq!(press(&form).await, StatusCode::SEE_OTHER);
    assert_eq!(stack.order(&packed).await.unwrap().status, FulfilmentStatus::Packing, "staff decide");
    assert!(stack.customer_page(&packed).await.1.contains("You asked to cancel this order"));
    let list = stack.staff_page("/staff/orders?status=packing").await;
    assert!(list.contains("Customer asks to cancel"), "{list}");
    let decline = json!({ "note": "Already with the courier" });
    assert_eq!(
        stack.admin(&format!("/admin/orders/{packed}/cancel-decline"), Some(decline.clone())).await.0,
        StatusCode::OK
    );
    let (status, _, problem) = stack.admin(&format!("/admin/orders/{packed}/cancel-decline"), Some(decline)).await;
    assert_eq!((status, problem["type"].as_str()), (StatusCode::CONFLICT, Some("/problems/impossible-transition")));
    assert!(stack.customer_page(&packed).await.1.contains("The shop could not cancel this order"));
    assert_eq!(press(&form).await, StatusCode::CONFLICT, "asked and answered");
    stack.drain().await;
    assert_eq!(count(&stack.subjects_to(&email).await, "could not be cancelled"), 1);
    assert_eq!(count(&stack.subjects_to(&stack.owner_email).await, "the customer asks to cancel"), 1);

    // Asked again on another order, which staff cancel: the customer hears it is cancelled.
    let (other, email) = unpaid_order(&stack, "cash_on_delivery").await;
    assert_eq!(stack.admin(&format!("/admin/orders/{other}/pack"), None).await.0, StatusCode::OK);
    assert_eq!(press(&form_of(other.clone()).await).await, StatusCode::SEE_OTHER);
    let cancel = json!({ "cause": "customer" });
    assert_eq!(stack.admin(&format!("/admin/orders/{other}/cancel"), Some(cancel)).await.0, StatusCode::OK);
    stack.drain().await;
    assert_eq!(count(&stack.subjects_to(&email).await, "cancelled"), 1);

    // Asked, and shipped without an answer: shipping is the answer, and the customer hears it.
    let (unanswered, email) = unpaid_order(&stack, "cash_on_delivery").await;
    assert_eq!(stack.admin(&format!("/admin/orders/{unanswered}/pack"), None).await.0, StatusCode::OK);
    assert_eq!(press(&form_of(unanswered.clone()).await).await, StatusCode::SEE_OTHER);
    let ship = json!({ "carrier": "DPD", "tracking_number": unique("0150") });
    assert_eq!(stack.admin(&format!("/admin/orders/{unanswered}/ship"), Some(ship)).await.0, StatusCode::OK);
    assert!(stack.order(&unanswered).await.unwrap().open_cancel_request().is_none());
    assert!(stack.customer_page(&unanswered).await.1.contains("The shop could not cancel this order"));
    stack.drain().await;
    assert_eq!(count(&stack.subjects_to(&email).await, "could not be cancelled"), 1);

    // Shipped: too late; the page offers a return once it arrives.
    let (shipped, _) = unpaid_order(&stack, "cash_on_delivery").await;
    let form = form_of(shipped.clone()).await;
    let ship = json!({ "carrier": "DPD", "tracking_number": unique("0150") });
    assert_eq!(stack.admin(&format!("/admin/orders/{shipped}/ship"), Some(ship)).await.0, StatusCode::OK);
    let html = stack.customer_page(&shipped).await.1;
    assert!(html.contains("Once it arrives, you can return it") && !html.contains("cancel-form"), "{html}");
    // The form of the page shown before it shipped, sent now.
    assert_eq!(press(&form).await, StatusCode::CONFLICT);
    assert_eq!(stack.order(&shipped).await.unwrap().status, FulfilmentStatus::Shipped);
}
