//! After delivery, from the customer's page and the back office: "did it arrive in good
//! condition?" answered, and a return of one item of two, approved, received and refunded by
//! Stripe's `charge.refunded`, with one message per step; a return after the window is refused.

mod support;

use http::StatusCode;
use orderflow::domain::TimelineEvent;
use orderflow::domain::{FulfilmentStatus, OrderSource, PaymentProvider, PaymentStatus, ReturnState};
use serde_json::json;
use std::future::IntoFuture;
use support::{Stack, count, unique};

/// A paid Shopify order (two notebooks at 24.90 and a pen at 40.00, paid 94.70 with Stripe),
/// shipped and delivered; returns its id, email and PaymentIntent.
async fn delivered_order(stack: &Stack) -> (String, String, String) {
    let (body, id, email) = support::shopify_sample_order();
    assert_eq!(stack.post_order(OrderSource::Shopify, &body.to_string(), &[]).await.0, StatusCode::OK);
    let tracking = unique("1Z");
    let ship = json!({ "carrier": "UPS", "tracking_number": tracking });
    assert_eq!(stack.admin(&format!("/admin/orders/{id}/ship"), Some(ship)).await.0, StatusCode::OK);
    assert_eq!(stack.admin(&format!("/admin/orders/{id}/deliver"), None).await.0, StatusCode::OK);
    (id, email, unique("pi_"))
}

#[tokio::test]
async fn a_return_of_one_item_of_two_is_approved_received_and_refunded_one_message_per_step() {
    let stack = Stack::with_vars(&[(
        "RETURN_INSTRUCTIONS",
        "Post it to 1 Return Lane, quoting return {return} of order {number}.",
    )])
    .await;
    let (id, email, _) = delivered_order(&stack).await;
    let (token, html) = stack.customer_page(&id).await;
    assert!(html.contains("id=\"return-form\"") && html.contains("Difference Engine Pen"), "{html}");
    let key = support::page_key(&html);

    // Forged from another site: refused, nothing asked.
    let fields = [("token", token.as_str()), ("key", key.as_str()), ("quantity-1", "1"), ("reason", "damaged")];
    assert_eq!(
        stack.raw(support::page_post(&format!("/track/{id}/return"), &fields, "cross-site")).await.0,
        StatusCode::FORBIDDEN
    );
    let (status, location, _) =
        stack.raw(support::page_post(&format!("/track/{id}/return"), &fields, "same-origin")).await;
    assert_eq!((status, location), (StatusCode::SEE_OTHER, format!("/track/{id}?token={token}")));
    let order = stack.order(&id).await.unwrap();
    let case = &order.after_delivery.returns[0];
    assert_eq!((case.number, case.amount_minor, &case.state), (1, 4000, &ReturnState::Requested));
    assert_eq!(order.status, FulfilmentStatus::Delivered, "the order stays delivered");
    // The pen cannot be asked for twice.
    assert_eq!(
        stack.raw(support::page_post(&format!("/track/{id}/return"), &fields, "same-origin")).await.0,
        StatusCode::CONFLICT
    );

    let approve = json!({ "return": 1 });
    let (status, _, answer) = stack.admin(&format!("/admin/orders/{id}/return-approve"), Some(approve.clone())).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let (status, _, problem) = stack.admin(&format!("/admin/orders/{id}/return-approve"), Some(approve)).await;
    assert_eq!((status, problem["type"].as_str()), (StatusCode::CONFLICT, Some("/problems/return-refused")));
    let received = json!({ "return": 1, "condition": "broken as described" });
    assert_eq!(stack.admin(&format!("/admin/orders/{id}/return-received"), Some(received)).await.0, StatusCode::OK);

    // Stripe reports the refund of that amount: the return is refunded, the rest stays delivered.
    let charge = json!({ "id": unique("ch_"), "object": "charge", "amount": 9470, "amount_refunded": 4000, "currency": "eur",
                         "metadata": { "order_id": id }, "payment_intent": unique("pi_") });
    let event =
        json!({ "id": unique("evt_"), "object": "event", "type": "charge.refunded", "data": { "object": charge } });
    let (status, _, answer) = stack.post_payment(PaymentProvider::Stripe, &event.to_string()).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let order = stack.order(&id).await.unwrap();
    assert!(
        matches!(order.after_delivery.returns[0].state, ReturnState::Refunded { .. }),
        "{:?}",
        order.after_delivery
    );
    assert_eq!((order.status, order.payment.status), (FulfilmentStatus::Delivered, PaymentStatus::PartiallyRefunded));

    stack.drain().await;
    let subjects = stack.subjects_to(&email).await;
    for (needle, times) in
        [("Your return request", 1), ("is accepted", 1), ("We received your return", 1), ("Refund of 40.00 EUR", 1)]
    {
        assert_eq!(count(&subjects, needle), times, "{needle}: {subjects:?}");
    }
    let approved = stack
        .emails_to(&email)
        .await
        .into_iter()
        .find(|m| m["subject"].as_str().unwrap().contains("is accepted"))
        .unwrap();
    assert!(approved["body"].as_str().unwrap().contains(&format!("quoting return 1 of order {id}")), "{approved}");
    let owner = stack.subjects_to(&stack.owner_email).await;
    assert_eq!(count(&owner, "a return to decide"), 1, "{owner:?}");
}

#[tokio::test]
async fn a_no_to_arrived_well_alerts_the_owner_once_and_a_late_return_is_refused_on_the_page() {
    let stack = Stack::with_vars(&[("REVIEW_URL", "https://reviews.example/{number}")]).await;
    let (id, _, _) = delivered_order(&stack).await;
    let (token, html) = stack.customer_page(&id).await;
    assert!(html.contains("Did your order arrive in good condition?"), "{html}");
    let key = support::page_key(&html);
    let no = [("token", token.as_str()), ("key", key.as_str()), ("answer", "no"), ("note", "The box was crushed")];
    for _ in 0..2 {
        stack.raw(support::page_post(&format!("/track/{id}/arrival"), &no, "same-origin")).await;
    }
    let order = stack.order(&id).await.unwrap();
    assert!(!order.after_delivery.arrival.as_ref().unwrap().ok);
    assert_eq!(order.after_delivery.complaints.len(), 1, "a no is a complaint, once");
    stack.drain().await;
    let owner = stack.subjects_to(&stack.owner_email).await;
    assert_eq!(count(&owner, "did not arrive in good condition"), 1, "{owner:?}");
    let (_, html) = stack.customer_page(&id).await;
    assert!(html.contains("We are sorry") && !html.contains("review-link"), "{html}");

    // A happy customer is offered the review link.
    let (happy, _, _) = delivered_order(&stack).await;
    let (token, html) = stack.customer_page(&happy).await;
    let key = support::page_key(&html);
    let yes = [("token", token.as_str()), ("key", key.as_str()), ("answer", "yes")];
    stack.raw(support::page_post(&format!("/track/{happy}/arrival"), &yes, "same-origin")).await;
    let (_, html) = stack.customer_page(&happy).await;
    assert!(html.contains(&format!("href=\"https://reviews.example/{happy}\"")), "{html}");

    // Fifteen days after delivery, the window (14 by default) is closed: said on the page, refused.
    stack.clock.advance(jiff::SignedDuration::from_hours(15 * 24));
    let (_, html) = stack.customer_page(&happy).await;
    assert!(html.contains("id=\"return-closed\"") && !html.contains("id=\"return-form\""), "{html}");
    let late = [("token", token.as_str()), ("key", key.as_str()), ("quantity-0", "1"), ("reason", "changed_mind")];
    let (status, _, text) =
        stack.raw(support::page_post(&format!("/track/{happy}/return"), &late, "same-origin")).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(text.contains("The return window closed on"), "{text}");
    // In the customer's browser's language.
    let mut in_french = support::page_post(&format!("/track/{happy}/return"), &late, "same-origin");
    in_french.headers_mut().insert("accept-language", "fr-FR,fr;q=0.9,en;q=0.5".parse().unwrap());
    let (status, _, text) = stack.raw(in_french).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(text.contains("Le délai de retour a pris fin le") && text.contains("lang=\"fr\""), "{text}");
}

#[tokio::test]
async fn a_complaint_from_the_page_is_settled_by_staff_and_the_customer_told_each_step() {
    let stack = Stack::new().await;
    let (id, email, _) = delivered_order(&stack).await;
    // Months later, past the return window but within the warranty.
    stack.clock.advance(jiff::SignedDuration::from_hours(200 * 24));
    let (token, html) = stack.customer_page(&id).await;
    assert!(html.contains("id=\"complaint-form\"") && html.contains("id=\"return-closed\""), "{html}");
    let key = support::page_key(&html);
    let report =
        [("token", token.as_str()), ("key", key.as_str()), ("kind", "defect"), ("description", "The pen leaks")];
    assert_eq!(
        stack.raw(support::page_post(&format!("/track/{id}/complaint"), &report, "cross-site")).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        stack.raw(support::page_post(&format!("/track/{id}/complaint"), &report, "same-origin")).await.0,
        StatusCode::SEE_OTHER
    );
    let tracking = unique("1ZR");
    let resolve = json!({ "complaint": 1, "resolution": "replacement", "note": "A new pen leaves today.",
                          "carrier": "UPS", "tracking_number": tracking });
    let (status, _, answer) =
        stack.admin(&format!("/admin/orders/{id}/complaint-resolve"), Some(resolve.clone())).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(
        stack.admin(&format!("/admin/orders/{id}/complaint-resolve"), Some(resolve)).await.0,
        StatusCode::CONFLICT
    );
    let order = stack.order(&id).await.unwrap();
    let complaint = &order.after_delivery.complaints[0];
    assert_eq!(complaint.resolved.as_ref().unwrap().resolution, orderflow::domain::Resolution::Replacement);
    assert!(order.timeline().iter().any(|e| e.event == TimelineEvent::ComplaintResolved && e.source == "backoffice"));
    stack.drain().await;
    let subjects = stack.subjects_to(&email).await;
    assert_eq!(count(&subjects, "We have your message"), 1, "{subjects:?}");
    let settled = stack
        .emails_to(&email)
        .await
        .into_iter()
        .find(|m| m["subject"].as_str().unwrap().contains("About your report"))
        .unwrap();
    assert!(
        settled["body"]
            .as_str()
            .unwrap()
            .contains(&format!("We have sent you a replacement: UPS {tracking}. A new pen leaves today.")),
        "{settled}"
    );
    assert_eq!(count(&stack.subjects_to(&stack.owner_email).await, "a complaint to settle"), 1);

    // The replacement tracks to delivered by its own number; the customer hears of it once.
    for (n, status) in ["in_transit", "delivered", "delivered"].iter().enumerate() {
        let at = (stack.clock.now() + jiff::SignedDuration::from_hours(n as i64)).to_string();
        let update =
            json!({ "event_id": unique("rep-"), "tracking_number": tracking, "status": status, "occurred_at": at });
        let (status, _, answer) =
            stack.post_tracking(orderflow::domain::CarrierProvider::Generic, &update.to_string()).await;
        assert_eq!(status, StatusCode::OK, "{answer}");
    }
    let order = stack.order(&id).await.unwrap();
    let replacement = order.after_delivery.complaints[0].resolved.as_ref().unwrap().replacement.clone().unwrap();
    assert!(replacement.delivered_at.is_some() && order.status == FulfilmentStatus::Delivered);
    let (_, html) = stack.customer_page(&id).await;
    assert!(html.contains(&format!("a replacement is coming · UPS {tracking} · Delivered")), "{html}");
    stack.drain().await;
    assert_eq!(count(&stack.subjects_to(&email).await, "replacement for order"), 1);

    // After the warranty (730 days), no more reports.
    stack.clock.advance(jiff::SignedDuration::from_hours(600 * 24));
    let (status, _, text) =
        stack.raw(support::page_post(&format!("/track/{id}/complaint"), &report, "same-origin")).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(text.contains("The warranty ended on"), "{text}");
}

#[tokio::test]
async fn a_cancellation_after_delivery_is_a_return_with_fault_and_cost_recorded() {
    let stack = Stack::new().await;
    let (id, email, _) = delivered_order(&stack).await;
    let cancel =
        json!({ "cause": "customer", "note": "Changed their mind by phone", "fault": "customer", "cost": "9.80" });
    let (status, _, answer) = stack.admin(&format!("/admin/orders/{id}/cancel"), Some(cancel)).await;
    assert_eq!((status, answer["status"].as_str()), (StatusCode::OK, Some("delivered")), "{answer}");
    let order = stack.order(&id).await.unwrap();
    let case = &order.after_delivery.returns[0];
    assert_eq!((case.amount_minor, case.lines.len()), (8980, 2), "everything comes back");
    assert!(matches!(case.state, ReturnState::Approved { .. }));
    let cancellation = order.cancellation.as_ref().unwrap();
    assert_eq!(
        (cancellation.stage, cancellation.fault, cancellation.cost_minor),
        (FulfilmentStatus::Delivered, Some(orderflow::domain::Fault::Customer), Some(980))
    );
    let note =
        order.timeline().iter().find(|e| e.event == TimelineEvent::CancellationNote).unwrap().note.clone().unwrap();
    assert!(note.contains("fault: customer") && note.contains("cost: 9.80 EUR"), "{note}");
    // Nothing is left to take back a second time.
    assert_eq!(
        stack.admin(&format!("/admin/orders/{id}/cancel"), Some(json!({ "cause": "shop" }))).await.0,
        StatusCode::CONFLICT
    );
    stack.drain().await;
    assert_eq!(count(&stack.subjects_to(&email).await, "is accepted"), 1);
}

/// The after-delivery page driven in a real browser: the arrival answered, a return asked for, a
/// problem reported; a forged post from another site refused.
#[tokio::test]
async fn the_after_delivery_forms_work_in_a_real_browser_and_refuse_a_forged_post() {
    let stack = Stack::new().await;
    let (id, _, _) = delivered_order(&stack).await;
    let token = stack.order(&id).await.unwrap().status_token.expose().clone();
    let url = stack.serve(&format!("/track/{id}?token={token}")).await;
    let mut browser = support::browser::Browser::start(412, 915).await;
    browser.open(&url).await;
    browser.expect("#return-form select[name=reason]").await;
    let shown = browser.text().await;
    assert!(shown.contains("Did your order arrive in good condition?") && shown.contains("Difference Engine Pen"));
    browser.screenshot("status-page-after-delivery.png").await;

    browser.submit_pressing("#arrival-form", &[("note", "The box was crushed")], "button[value=no]").await;
    let order = stack.order(&id).await.unwrap();
    assert!(!order.after_delivery.arrival.as_ref().expect("answered").ok);
    assert_eq!(order.after_delivery.complaints.len(), 1, "a no is a complaint");

    browser.submit("#return-form", &[("quantity-0", "1"), ("reason", "wrong_item")]).await;
    let order = stack.order(&id).await.unwrap();
    assert_eq!(order.after_delivery.returns.len(), 1);
    assert_eq!(order.after_delivery.returns[0].reason, orderflow::domain::ReturnReason::WrongItem);
    assert!(browser.url().await.contains(&format!("/track/{id}")), "back on the page: {}", browser.url().await);

    browser.submit("#complaint-form", &[("kind", "defect"), ("description", "The pen leaks")]).await;
    assert_eq!(stack.order(&id).await.unwrap().after_delivery.complaints.len(), 2);

    // Another site posts the same form, with the page's own token and key: refused, nothing kept.
    let (key, action) = (
        support::page_key(
            &stack
                .raw(http::Request::get(format!("/track/{id}?token={token}")).body(axum::body::Body::empty()).unwrap())
                .await
                .2,
        ),
        url.split("/track/").next().unwrap().to_string(),
    );
    let forged = format!(
        "<!doctype html><form method=post action=\"{action}/track/{id}/complaint\" id=forged>\
         <input name=token value=\"{token}\"><input name=key value=\"{key}\">\
         <input name=kind value=defect><input name=description value=\"forged\"><button>go</button></form>"
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let attacker =
        axum::Router::new().route("/", axum::routing::get(move || async move { axum::response::Html(forged) }));
    tokio::spawn(axum::serve(listener, attacker).into_future());
    // `localhost` is another site than `127.0.0.1`.
    browser.open(&format!("http://localhost:{port}/")).await;
    browser.submit("#forged", &[]).await;
    assert!(browser.url().await.starts_with(&action), "the post reached orderflow: {}", browser.url().await);
    assert!(browser.text().await.contains("open your order's page again"), "{}", browser.text().await);
    assert_eq!(stack.order(&id).await.unwrap().after_delivery.complaints.len(), 2, "nothing kept");
}

#[tokio::test]
async fn the_owner_gets_one_weekly_digest_of_returns_and_complaints_by_reason() {
    // Monday 2026-11-23 18:00 UTC is the test clock's start: the cases fall in that week.
    let stack = Stack::with_vars(&[("SHOP_TIME_ZONE", "UTC")]).await;
    let (id, _, _) = delivered_order(&stack).await;
    let (token, html) = stack.customer_page(&id).await;
    let key = support::page_key(&html);
    let ask = [("token", token.as_str()), ("key", key.as_str()), ("quantity-1", "1"), ("reason", "damaged")];
    stack.raw(support::page_post(&format!("/track/{id}/return"), &ask, "same-origin")).await;
    let report =
        [("token", token.as_str()), ("key", key.as_str()), ("kind", "missing_item"), ("description", "No cap")];
    stack.raw(support::page_post(&format!("/track/{id}/complaint"), &report, "same-origin")).await;

    // Not before Monday 08:00 of the next week; then once.
    stack.clock.set("2026-11-30T07:59:00Z".parse().unwrap());
    assert!(orderflow::app::digest::weekly_digest(&stack.app, &stack.email.sender).await.unwrap().is_none());
    stack.clock.set("2026-11-30T08:01:00Z".parse().unwrap());
    let digest = orderflow::app::digest::weekly_digest(&stack.app, &stack.email.sender).await.unwrap().expect("due");
    assert_eq!((digest.returns.len(), digest.complaints.len()), (1, 1));
    assert!(orderflow::app::digest::weekly_digest(&stack.app, &stack.email.sender).await.unwrap().is_none(), "once");
    let emails = stack.emails_to(&stack.owner_email).await;
    let sent: Vec<_> =
        emails.iter().filter(|m| m["subject"].as_str().unwrap().contains("Returns and complaints")).collect();
    assert_eq!(sent.len(), 1);
    let text = sent[0]["body"].as_str().unwrap();
    assert!(text.contains("1 return: Damaged") && text.contains("1 complaint: An item is missing"), "{text}");

    // A week that brought nothing says nothing: no email the Monday after.
    stack.clock.set("2026-12-07T09:00:00Z".parse().unwrap());
    assert!(orderflow::app::digest::weekly_digest(&stack.app, &stack.email.sender).await.unwrap().is_none());
    let emails = stack.emails_to(&stack.owner_email).await;
    let digests = emails.iter().filter(|m| m["subject"].as_str().unwrap().contains("Returns and complaints"));
    assert_eq!(digests.count(), 1, "still the one");
}

#[tokio::test]
async fn staff_record_a_refund_paid_outside_the_providers_and_it_settles_the_return() {
    let stack = Stack::new().await;
    let (id, email, _) = delivered_order(&stack).await;
    let (token, html) = stack.customer_page(&id).await;
    let ask = [
        ("token", token.as_str()),
        ("key", &support::page_key(&html) as &str),
        ("quantity-0", "2"),
        ("reason", "changed_mind"),
    ];
    assert_eq!(
        stack.raw(support::page_post(&format!("/track/{id}/return"), &ask, "same-origin")).await.0,
        StatusCode::SEE_OTHER
    );
    stack.admin(&format!("/admin/orders/{id}/return-approve"), Some(json!({ "return": 1 }))).await;
    stack.admin(&format!("/admin/orders/{id}/return-received"), Some(json!({ "return": 1 }))).await;
    let too_much = json!({ "amount": "500.00" });
    let (status, _, problem) = stack.admin(&format!("/admin/orders/{id}/refund"), Some(too_much)).await;
    assert_eq!(
        (status, problem["type"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("/problems/amount-refused"))
    );
    let refund = json!({ "amount": "49.80", "note": "Bank transfer, ref. R-77" });
    let (status, _, answer) = stack.admin(&format!("/admin/orders/{id}/refund"), Some(refund)).await;
    assert_eq!((status, answer["payment_status"].as_str()), (StatusCode::OK, Some("partially_refunded")), "{answer}");
    let order = stack.order(&id).await.unwrap();
    assert!(matches!(order.after_delivery.returns[0].state, ReturnState::Refunded { .. }));
    assert!(order.timeline().iter().any(|e| e.event == TimelineEvent::RefundNote));
    stack.drain().await;
    assert_eq!(count(&stack.subjects_to(&email).await, "Refund of 49.80 EUR"), 1);
}
