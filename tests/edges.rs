//! What a stranger can reach without a secret, against the emulator: the customer's forms filled to
//! their caps (the owner told once, the order still working), captured storefront bodies posted
//! again under another topic or after a newer one, links that are not web links from staff and
//! storefronts, and the headers of every HTML page the routers serve.

mod support;

use axum::body::Body;
use http::{Request, StatusCode, header};
use orderflow::domain::{FulfilmentStatus, OrderSource, PaymentStatus};
use serde_json::{Value, json};
use sha2::Digest;
use support::{Stack, big_id, count, sample_body, unique};

/// A paid Shopify order (two notebooks and a pen), shipped and delivered; its id, email, page token
/// and the key its page's forms carry.
async fn delivered(stack: &Stack) -> (String, String, String, String) {
    let (body, id, email) = support::shopify_sample_order();
    assert_eq!(stack.post_order(OrderSource::Shopify, &body.to_string(), &[]).await.0, StatusCode::OK);
    let ship = json!({ "carrier": "UPS", "tracking_number": unique("1Z") });
    assert_eq!(stack.admin(&format!("/admin/orders/{id}/ship"), Some(ship)).await.0, StatusCode::OK);
    assert_eq!(stack.admin(&format!("/admin/orders/{id}/deliver"), None).await.0, StatusCode::OK);
    let (token, html) = stack.customer_page(&id).await;
    (id, email, token, support::page_key(&html))
}

fn post(path: &str, fields: &[(&str, &str)]) -> Request<Body> {
    let body: Vec<String> = fields.iter().map(|(k, v)| format!("{k}={}", v.replace(' ', "+"))).collect();
    Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .header(header::ACCEPT_LANGUAGE, "fr-FR,fr;q=0.9")
        .body(Body::from(body.join("&")))
        .unwrap()
}

#[tokio::test]
async fn a_complaint_flood_stops_at_the_cap_with_the_owner_told_once_and_the_order_still_works() {
    let stack = Stack::new().await;
    let (id, email, token, key) = delivered(&stack).await;
    let path = format!("/track/{id}/complaint");
    let report = |n: usize| {
        let description = format!("Report number {n}");
        post(&path, &[("token", &token), ("key", &key), ("kind", "damaged"), ("description", &description)])
    };
    let mut statuses = Vec::new();
    for n in 0..40 {
        statuses.push(stack.raw(report(n)).await.0.as_u16());
    }
    assert_eq!(statuses[..3], [303, 303, 303]);
    assert!(statuses[3..].iter().all(|s| *s == 409), "{statuses:?}");
    let (_, _, refused) = stack.raw(report(41)).await;
    assert!(
        refused.contains("3 problèmes") && refused.contains("lang=\"fr\""),
        "in the customer's language: {refused}"
    );
    let order = stack.order(&id).await.unwrap();
    assert_eq!(order.after_delivery.complaints.len(), 3, "nothing written past the cap");
    stack.drain().await;
    assert_eq!(count(&stack.subjects_to(&email).await, "We have your message"), 3);
    assert_eq!(count(&stack.subjects_to(&stack.owner_email).await, "a complaint to settle"), 1, "told once");

    // The order still takes staff actions and webhooks; settling one opens room for one more, and
    // the owner, with two still open, is not told again.
    for number in 1..=3 {
        let settle = json!({ "complaint": number, "resolution": "repair", "note": "Sent for repair" });
        let (status, _, answer) = stack.admin(&format!("/admin/orders/{id}/complaint-resolve"), Some(settle)).await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        if number == 1 {
            assert_eq!(stack.raw(report(100)).await.0, StatusCode::SEE_OTHER);
            assert_eq!(stack.raw(report(101)).await.0, StatusCode::CONFLICT);
        }
    }
    let refund = json!({ "amount": "1.00", "note": "goodwill" });
    assert_eq!(stack.admin(&format!("/admin/orders/{id}/refund"), Some(refund)).await.0, StatusCode::OK);
    stack.drain().await;
    assert_eq!(count(&stack.subjects_to(&stack.owner_email).await, "a complaint to settle"), 1);

    // Ten complaints on one order in all, however many are settled.
    let mut number = 4;
    while number < 10 {
        assert_eq!(stack.raw(report(200 + number)).await.0, StatusCode::SEE_OTHER, "complaint {}", number + 1);
        number += 1;
        let settle = json!({ "complaint": number, "resolution": "rejected", "note": "Seen" });
        assert_eq!(stack.admin(&format!("/admin/orders/{id}/complaint-resolve"), Some(settle)).await.0, StatusCode::OK);
    }
    let (status, _, refused) = stack.raw(report(300)).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(refused.contains("plus possible de signaler un problème"), "{refused}");
    let order = stack.order(&id).await.unwrap();
    assert_eq!(order.after_delivery.complaints.len(), 10);
    assert_eq!(order.status, FulfilmentStatus::Delivered);
    // However many complaints: at most five of one kind a day to the customer.
    stack.drain().await;
    assert!(count(&stack.subjects_to(&email).await, "We have your message") <= 5);
}

#[tokio::test]
async fn return_requests_stop_at_five_per_order() {
    let stack = Stack::new().await;
    let (id, email, token, key) = delivered(&stack).await;
    let path = format!("/track/{id}/return");
    let ask = || post(&path, &[("token", &token), ("key", &key), ("quantity-1", "1"), ("reason", "changed_mind")]);
    for number in 1..=5 {
        assert_eq!(stack.raw(ask()).await.0, StatusCode::SEE_OTHER, "return {number}");
        // The same line named twice counts once per name, never beyond what can go back.
        let twice = post(
            &path,
            &[("token", &token), ("key", &key), ("quantity-1", "1"), ("quantity-01", "1"), ("reason", "other")],
        );
        assert_eq!(stack.raw(twice).await.0, StatusCode::CONFLICT, "the pen is asked for already");
        let reject = json!({ "return": number, "reason": "Worn" });
        assert_eq!(stack.admin(&format!("/admin/orders/{id}/return-reject"), Some(reject)).await.0, StatusCode::OK);
    }
    let (status, _, refused) = stack.raw(ask()).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(refused.contains("plus possible de demander un retour"), "{refused}");
    assert_eq!(stack.order(&id).await.unwrap().after_delivery.returns.len(), 5);
    let order = stack.order(&id).await.unwrap();
    let asked = order.notices().values().filter(|n| n.kind.as_str() == "return_requested");
    let to_customer = asked.filter(|n| n.audience == orderflow::domain::Audience::Customer).count();
    assert_eq!(to_customer, 5, "one message per return asked");
    stack.drain().await;
    assert!(!stack.subjects_to(&email).await.is_empty());
}

/// The Shopify sample as a new unpaid order.
fn shopify_order(id: &str) -> Value {
    let mut order = sample_body("order-placed/shopify-orders-create.json");
    order["id"] = serde_json::from_str(id).unwrap();
    order["name"] = json!(format!("#{id}"));
    order["email"] = json!(format!("grace+{id}@example.com"));
    order["financial_status"] = json!("pending");
    order["payment_gateway_names"] = json!(["Bank Deposit"]);
    order["updated_at"] = json!("2026-11-20T10:00:00+01:00");
    order
}

async fn shopify(stack: &Stack, topic: &str, body: &Value) -> Value {
    let webhook = unique("w-");
    let headers = [("X-Shopify-Topic", topic), ("X-Shopify-Webhook-Id", webhook.as_str())];
    let (status, _, answer) = stack.post_order(OrderSource::Shopify, &body.to_string(), &headers).await;
    assert_eq!(status, StatusCode::OK, "{topic}: {answer}");
    answer
}

#[tokio::test]
async fn a_signed_shopify_body_posted_again_under_another_topic_changes_nothing() {
    let stack = Stack::new().await;
    let id = big_id();
    let order = shopify_order(&id);
    assert_eq!(shopify(&stack, "orders/create", &order).await["result"], "recorded");
    let items = stack.item_count().await;

    // The attack: the create body under `orders/cancelled` (and `orders/paid`) with new delivery ids.
    for topic in ["orders/cancelled", "orders/paid", "orders/cancelled"] {
        let answer = shopify(&stack, topic, &order).await;
        assert_eq!(answer["result"], "ignored", "{topic}: {answer}");
        assert!(answer["reason"].as_str().unwrap().contains("changes nothing"), "{answer}");
    }
    let stored = stack.order(&id).await.unwrap();
    assert_eq!((stored.status, stored.payment.status), (FulfilmentStatus::Received, PaymentStatus::Unpaid));
    assert!(stored.cancellation.is_none());
    assert_eq!(stack.item_count().await, items, "nothing written");

    // What the body says is applied, whatever the topic: paid, then a newer save cancels it.
    let mut paid = order.clone();
    paid["financial_status"] = json!("paid");
    paid["updated_at"] = json!("2026-11-21T10:00:00+01:00");
    assert_eq!(shopify(&stack, "orders/updated", &paid).await["result"], "applied");
    let mut cancelled = paid.clone();
    cancelled["cancelled_at"] = json!("2026-11-22T10:00:00+01:00");
    cancelled["cancel_reason"] = json!("customer");
    cancelled["updated_at"] = json!("2026-11-22T10:00:00+01:00");
    // An older save arriving late (or posted again) changes nothing.
    let answer = shopify(&stack, "orders/updated", &order).await;
    assert_eq!(answer["result"], "ignored");
    assert!(answer["reason"].as_str().unwrap().contains("older than the update applied"), "{answer}");
    assert_eq!(shopify(&stack, "orders/updated", &cancelled).await["result"], "applied");
    assert_eq!(stack.order(&id).await.unwrap().status, FulfilmentStatus::Cancelled);

    // A refund is counted by its own id: the same refund under new delivery ids adds nothing.
    let other = big_id();
    let mut order = shopify_order(&other);
    order["financial_status"] = json!("paid");
    assert_eq!(shopify(&stack, "orders/create", &order).await["result"], "recorded");
    let mut refund = sample_body("storefront-admin/shopify-refunds-create.json");
    refund["order_id"] = serde_json::from_str(&other).unwrap();
    assert_eq!(shopify(&stack, "refunds/create", &refund).await["result"], "applied");
    assert_eq!(shopify(&stack, "refunds/create", &refund).await["result"], "duplicate");
    let refunded = stack.order(&other).await.unwrap().payment.refunded_minor();
    assert!(refunded > 0);
    stack.drain().await;
    let subjects = stack.subjects_to(&format!("grace+{id}@example.com")).await;
    assert_eq!(subjects.iter().filter(|s| s.contains("cancelled")).count(), 1, "{subjects:?}");
}

#[tokio::test]
async fn a_signed_woocommerce_body_posted_again_as_deleted_or_late_changes_nothing() {
    let stack = Stack::new().await;
    let id = big_id();
    let mut order = sample_body("order-placed/woocommerce-order-created.json");
    order["id"] = serde_json::from_str(&id).unwrap();
    order["number"] = json!(id);
    order["billing"]["email"] = json!(format!("{id}@example.org"));
    order["date_modified_gmt"] = json!("2026-11-23T10:00:00");
    let post = |topic: &'static str, body: Value| {
        let stack = &stack;
        async move {
            let delivery = unique("wc-");
            let headers = [("X-WC-Webhook-Topic", topic), ("X-WC-Webhook-Delivery-ID", delivery.as_str())];
            let (status, _, answer) = stack.post_order(OrderSource::Woocommerce, &body.to_string(), &headers).await;
            assert_eq!(status, StatusCode::OK, "{topic}: {answer}");
            answer
        }
    };
    assert_eq!(post("order.created", order.clone()).await["result"], "recorded");
    let answer = post("order.deleted", order.clone()).await;
    assert_eq!(answer["result"], "ignored", "{answer}");
    assert!(stack.order(&id).await.unwrap().cancellation.is_none());

    let mut cancelled = order.clone();
    cancelled["status"] = json!("cancelled");
    cancelled["date_modified_gmt"] = json!("2026-11-24T10:00:00");
    assert_eq!(post("order.updated", cancelled).await["result"], "applied");
    // The earlier save (processing) arriving after it changes nothing.
    let answer = post("order.updated", order.clone()).await;
    assert_eq!(answer["result"], "ignored", "{answer}");
    assert_eq!(stack.order(&id).await.unwrap().status, FulfilmentStatus::Cancelled);
    // A real deletion is the id alone.
    assert_eq!(post("order.deleted", json!({ "id": order["id"] })).await["result"], "duplicate");
}

#[tokio::test]
async fn links_that_are_not_web_links_are_refused_from_staff_and_dropped_from_storefronts() {
    let stack = Stack::new().await;
    let id = big_id();
    let mut order = shopify_order(&id);
    order["financial_status"] = json!("paid");
    assert_eq!(shopify(&stack, "orders/create", &order).await["result"], "recorded");
    let items = stack.item_count().await;
    for url in ["javascript:alert(document.cookie)", "data:text/html,<b>x</b>", "/staff/orders", "http://evil.example/"]
    {
        let ship = json!({ "carrier": "UPS", "tracking_number": unique("1Z"), "tracking_url": url });
        let (status, _, problem) = stack.admin(&format!("/admin/orders/{id}/ship"), Some(ship)).await;
        assert_eq!((status, problem["field"].as_str()), (StatusCode::BAD_REQUEST, Some("tracking_url")), "{url}");
    }
    assert_eq!(stack.item_count().await, items, "nothing written");
    assert_eq!(stack.order(&id).await.unwrap().status, FulfilmentStatus::Received);

    // From the storefront: the parcel is taken, the link is not, and the timeline says why.
    let mut fulfilment = sample_body("storefront-admin/shopify-fulfillments-create.json");
    fulfilment["order_id"] = serde_json::from_str(&id).unwrap();
    fulfilment["tracking_url"] = json!("javascript:fetch('/staff/orders')");
    fulfilment["tracking_urls"] = json!(["javascript:fetch('/staff/orders')"]);
    assert_eq!(shopify(&stack, "fulfillments/create", &fulfilment).await["result"], "applied");
    let stored = stack.order(&id).await.unwrap();
    assert_eq!((stored.status, stored.shipment.tracking_url.as_deref()), (FulfilmentStatus::Shipped, None));
    assert!(
        stored.timeline().iter().any(|e| e.note.as_deref().is_some_and(|n| n.starts_with("tracking link dropped"))),
        "{:?}",
        stored.timeline()
    );
    let token = stored.status_token.expose().clone();
    let (_, _, html) = stack.raw(Request::get(format!("/track/{id}?token={token}")).body(Body::empty()).unwrap()).await;
    assert!(!html.contains("javascript:"), "{html}");

    // Settings: a link template that is not a web link stops the start, naming the setting.
    for (name, value) in [("REVIEW_URL", "javascript:alert(1)"), ("PAYMENT_LINK", "https://{reference}.pay.example/")] {
        let mut vars: std::collections::BTreeMap<String, String> = [
            ("TABLE_NAME", "t"),
            ("EMAIL_QUEUE_URL", "q"),
            ("SMS_QUEUE_URL", "q"),
            ("SENDER_EMAIL", "shop@example.com"),
            ("OWNER_EMAIL", "owner@example.com"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        assert!(orderflow::config::Settings::from_vars(&vars).is_ok());
        vars.insert(name.to_string(), value.to_string());
        let error = orderflow::config::Settings::from_vars(&vars).unwrap_err().to_string();
        assert!(error.contains(name), "{error}");
    }
}

/// Every page the routers serve, signed in and not, found or not, answered or refused, carries the
/// strict headers: a script-free CSP that no frame may embed, no referrer, no caching.
#[tokio::test]
async fn every_html_page_carries_the_strict_headers() {
    let alice = "alice-token-3f9a7c2e-5d1b8e4a9c";
    let accounts = format!("alice:{}", hex::encode(sha2::Sha256::digest(alice)));
    let stack = Stack::with_vars(&[("STAFF_ACCOUNTS", accounts.as_str())]).await;
    let (id, _, token, key) = delivered(&stack).await;
    let sign_in = post("/staff/sign-in", &[("name", "alice"), ("token", alice)]);
    let response = tower::ServiceExt::oneshot(orderflow::http::router(stack.app.clone()), sign_in).await.unwrap();
    let cookie = response.headers()[header::SET_COOKIE].to_str().unwrap().split(';').next().unwrap().to_string();

    // Every route the routers declare, read from their source.
    let mut routes = Vec::new();
    let mut files = vec![orderflow::local::repo_root().join("src/http")];
    while let Some(file) = files.pop() {
        if file.is_dir() {
            files.extend(std::fs::read_dir(&file).unwrap().map(|entry| entry.unwrap().path()));
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap();
        for part in text.split(".route(\"").skip(1) {
            routes.push(part.split('"').next().unwrap().to_string());
        }
    }
    assert!(routes.len() >= 20 && routes.contains(&"/track/{order_id}".to_string()), "{routes:?}");
    let mut pages = 0;
    for route in &routes {
        for (order, action) in [(id.as_str(), "invoice"), ("missing", "packing-slip"), (id.as_str(), "customer")] {
            let path = route
                .replace("{order_id}", order)
                .replace("{action}", action)
                .replace("{token}", "AAAAAAAAAAAAAAAA")
                .replace("{source}", "shopify")
                .replace("{provider}", "generic");
            for query in ["", &format!("?token={token}")] {
                for signed_in in [false, true] {
                    for method in ["GET", "POST"] {
                        let fields = [("token", token.as_str()), ("key", key.as_str()), ("kind", "nonsense")];
                        let mut request = match method {
                            "GET" => Request::get(format!("{path}{query}")).body(Body::empty()).unwrap(),
                            _ => post(&format!("{path}{query}"), &fields),
                        };
                        if signed_in {
                            request.headers_mut().insert(header::COOKIE, cookie.parse().unwrap());
                        }
                        let router = orderflow::http::router(stack.app.clone());
                        let response = tower::ServiceExt::oneshot(router, request).await.unwrap();
                        let headers = response.headers();
                        let kind = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
                        if !kind.starts_with("text/html") {
                            continue;
                        }
                        pages += 1;
                        let value = |name: header::HeaderName| {
                            headers.get(&name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string()
                        };
                        let csp = value(header::CONTENT_SECURITY_POLICY);
                        let what = format!("{method} {path}{query} signed in: {signed_in}");
                        assert!(csp.contains("default-src 'none'") && !csp.contains("script-src"), "{what}: {csp}");
                        assert!(csp.contains("frame-ancestors 'none'") && csp.contains("form-action 'self'"), "{what}");
                        assert_eq!(value(header::REFERRER_POLICY), "no-referrer", "{what}");
                        assert_eq!(value(header::CACHE_CONTROL), "no-store", "{what}");
                        assert_eq!(value(header::X_CONTENT_TYPE_OPTIONS), "nosniff", "{what}");
                    }
                }
            }
        }
    }
    assert!(pages >= 30, "pages seen: {pages}");
}

/// An event naming an order orderflow never heard of is answered 503 while the provider retries
/// for a day (the order or its payment may still come), then set aside: 200, and listed for the
/// owner on the staff pages, instead of failing until the provider disables the endpoint.
#[tokio::test]
async fn events_for_unknown_orders_are_set_aside_after_a_day_and_listed_for_the_owner() {
    let alice = "alice-token-3f9a7c2e-5d1b8e4a9c";
    let accounts = format!("alice:{}", hex::encode(sha2::Sha256::digest(alice)));
    let stack = Stack::with_vars(&[("STAFF_ACCOUNTS", accounts.as_str())]).await;
    let mut refund = sample_body("payment-captured/2-stripe-charge-refunded.json");
    refund["id"] = json!(unique("evt_"));
    refund["data"]["object"]["payment_intent"] = json!(unique("pi_unknown"));
    let parcel = unique("1ZUNKNOWN");
    let update = json!({ "event_id": unique("trk-"), "tracking_number": parcel, "status": "in_transit",
                         "occurred_at": stack.clock.now().to_string() });
    let send_both = || async {
        let payment = stack.post_payment(orderflow::domain::PaymentProvider::Stripe, &refund.to_string()).await;
        let tracking = stack.post_tracking(orderflow::domain::CarrierProvider::Generic, &update.to_string()).await;
        (payment, tracking)
    };
    let ((paid, _, problem), (tracked, _, _)) = send_both().await;
    assert_eq!((paid, tracked), (StatusCode::SERVICE_UNAVAILABLE, StatusCode::SERVICE_UNAVAILABLE), "{problem}");
    stack.clock.advance(jiff::SignedDuration::from_hours(23));
    assert_eq!(send_both().await.0.0, StatusCode::SERVICE_UNAVAILABLE, "still within the provider's retries");
    stack.clock.advance(jiff::SignedDuration::from_hours(2));
    let ((paid, _, answer), (tracked, _, tracking)) = send_both().await;
    assert_eq!((paid, answer["result"].as_str()), (StatusCode::OK, Some("unmatched")), "{answer}");
    assert_eq!((tracked, tracking["result"].as_str()), (StatusCode::OK, Some("unmatched")), "{tracking}");

    let sign_in = post("/staff/sign-in", &[("name", "alice"), ("token", alice)]);
    let response = tower::ServiceExt::oneshot(orderflow::http::router(stack.app.clone()), sign_in).await.unwrap();
    let cookie = response.headers()[header::SET_COOKIE].to_str().unwrap().split(';').next().unwrap().to_string();
    let list = Request::get("/staff/unmatched").header(header::COOKIE, cookie).body(Body::empty()).unwrap();
    let (status, _, html) = stack.raw(list).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&format!("tracking {parcel}")) && html.contains("payment pi_unknown"), "{html}");
}

/// An order of 45 lines that loses 20 (the customer takes the rest without the missing items) is
/// read back with 25: the line chunk it no longer fills stays, and is not read (the details count the chunks).
#[tokio::test]
async fn an_order_that_loses_lines_is_read_back_without_them() {
    let stack = Stack::new().await;
    let id = unique("L-");
    let mut body = support::unpaid_generic_order(&id, &format!("{id}@example.net"));
    let items: Vec<Value> = (0..45)
        .map(|n| json!({ "sku": format!("SKU-{n:02}"), "name": format!("Poster {n:02}"), "quantity": 1, "unit_price": "1.00" }))
        .collect();
    body["items"] = json!(items);
    body["totals"] = json!({ "subtotal": "45.00", "shipping": "0.00", "tax": "0.00", "total": "45.00" });
    assert_eq!(stack.post_order(OrderSource::Generic, &body.to_string(), &[]).await.0, StatusCode::OK);
    assert_eq!(stack.order(&id).await.unwrap().items.len(), 45);
    assert_eq!(stack.items_starting("A#LINES#").await, 1, "30 lines in the details, 15 in a chunk");

    let missing: Vec<String> = (25..45).map(|n| format!("SKU-{n:02}")).collect();
    let question = json!({ "items": missing, "offer": ["cancel_missing"], "default": "cancel_missing" });
    let (status, _, answer) = stack.admin(&format!("/admin/orders/{id}/out-of-stock"), Some(question)).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let choice = json!({ "choice": "cancel_missing" });
    let (status, _, answer) = stack.admin(&format!("/admin/orders/{id}/stock-choice"), Some(choice)).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let order = stack.order(&id).await.unwrap();
    let skus: Vec<&str> = order.items.iter().map(|i| i.sku.as_deref().unwrap_or_default()).collect();
    assert_eq!(skus.len(), 25, "{skus:?}");
    assert_eq!(skus.last(), Some(&"SKU-24"));
    // The chunk it no longer fills is left in place (a write of puts only) and never read back.
    assert_eq!(stack.items_starting("A#LINES#").await, 1, "left in place");
    // Its invoice and packing slip list the 25 lines once each.
    let (_, _, view) = stack.admin(&format!("/admin/orders/{id}"), None).await;
    assert_eq!(view["items"].as_array().map(Vec::len), Some(25), "{view}");
}
