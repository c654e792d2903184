//! Order intake end to end: storefront webhook → DynamoDB → SQS → SES / SNS, against the emulator.

mod support;

use axum::body::Body;
use http::{Request, StatusCode};
use orderflow::domain::Delivery;
use orderflow::domain::TimelineEvent;
use orderflow::domain::{Channel, FulfilmentStatus, OrderSource, PaymentMethod, PaymentStatus};
use serde_json::{Value, json};
use support::{Stack, big_id, sample_body, unique};

fn shopify_order(id: &str, email: &str) -> Value {
    let mut body = sample_body("order-placed/shopify-orders-create.json");
    body["id"] = serde_json::from_str(id).unwrap();
    body["name"] = json!(format!("#{id}"));
    body["email"] = json!(email);
    body["contact_email"] = json!(email);
    body
}

fn generic_order(id: &str) -> Value {
    let mut body = sample_body("order-placed/generic-order-email.json");
    body["order_id"] = json!(id);
    body["order_number"] = json!(id);
    body["customer"]["email"] = json!(format!("{id}@example.net"));
    body
}

fn assert_problem(status: StatusCode, content_type: &str, body: &Value, expected: StatusCode) {
    assert_eq!(status, expected, "{body}");
    assert_eq!(content_type, "application/problem+json");
    assert_eq!(body["status"], expected.as_u16());
    for field in ["type", "title", "detail"] {
        assert!(body[field].is_string(), "problem without {field}: {body}");
    }
}

#[tokio::test]
async fn a_shopify_order_is_recorded_and_customer_and_owner_are_emailed() {
    let stack = Stack::new().await;
    let id = big_id();
    let email = format!("ada+{id}@example.com");
    let body = shopify_order(&id, &email).to_string();

    let (status, _, answer) =
        stack.post_order(OrderSource::Shopify, &body, &[("X-Shopify-Topic", "orders/create")]).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["result"], "recorded");
    assert_eq!(answer["order_id"], id.as_str(), "ids above 2^53 are kept exactly");

    let order = stack.order(&id).await.expect("the order is stored");
    assert_eq!(order.id, id);
    assert_eq!(order.number, format!("#{id}"));
    assert_eq!(order.status, FulfilmentStatus::Received);
    assert_eq!((order.payment.method, order.payment.status), (Some(PaymentMethod::Prepaid), PaymentStatus::Paid));
    assert_eq!(order.customer.channel, Channel::Email);
    assert_eq!(order.customer.locale, "en");
    assert_eq!(order.customer.phone.as_ref().map(|p| p.expose().as_str()), Some("+442079460958"));
    assert_eq!(order.items.len(), 2);
    assert_eq!(order.totals.total_minor, 9_470);
    assert_eq!(order.totals.shipping_minor, 490);
    assert_eq!(order.shipping.delivery, Delivery::Ship);
    assert_eq!(order.timeline().len(), 1);
    assert_eq!(order.timeline()[0].event, TimelineEvent::OrderReceived);
    assert_eq!(order.status_token.expose().len(), 24);

    stack.drain().await;
    let customer = stack.emails_to(&email).await;
    assert_eq!(customer.len(), 1, "one email to the customer");
    assert!(customer[0]["subject"].as_str().unwrap().contains(&format!("#{id}")));
    assert!(customer[0]["body"].as_str().unwrap().contains("Analytical Engine Notebook"));
    let owner = stack.emails_to(&stack.owner_email).await;
    assert_eq!(owner.len(), 1, "one email to the owner");
    let order = stack.order(&id).await.unwrap();
    assert!(order.undelivered_notices().next().is_none(), "both notices settled");
}

#[tokio::test]
async fn the_owner_email_carries_no_payment_data() {
    let stack = Stack::new().await;
    let id = big_id();
    let body = shopify_order(&id, &format!("ada+{id}@example.com")).to_string();
    let (status, _, _) = stack.post_order(OrderSource::Shopify, &body, &[]).await;
    assert_eq!(status, StatusCode::OK);
    stack.drain().await;

    let owner = stack.emails_to(&stack.owner_email).await;
    assert_eq!(owner.len(), 1);
    let html = owner[0]["body"].as_str().unwrap();
    // What the owner needs: items, totals, shipping method and address.
    for expected in ["Analytical Engine Notebook", "94.70 EUR", "Standard", "SW1Y 4JH", "Ada Lovelace"] {
        assert!(html.contains(expected), "owner email lacks {expected}");
    }
    // And nothing about the payment: card, gateway, status, checkout or transaction ids.
    let lowered = html.to_lowercase();
    for forbidden in ["4242", "visa", "shopify_payments", "c1a2b3c4", "paid", "payment", "card", "gateway"] {
        assert!(!lowered.contains(forbidden), "owner email mentions {forbidden}");
    }
}

#[tokio::test]
async fn a_woocommerce_order_is_recorded_and_its_setup_ping_is_acknowledged() {
    let stack = Stack::new().await;
    let (status, _, answer) = stack
        .request(
            Request::post("/webhooks/orders/woocommerce")
                .header("content-type", "application/x-www-form-urlencoded")
                .body(Body::from("webhook_id=12"))
                .unwrap(),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(answer["result"], "ignored");
    assert_eq!(stack.item_count().await, 0, "a ping writes nothing");

    let mut body = sample_body("order-placed/woocommerce-order-created.json");
    let id = big_id();
    body["id"] = serde_json::from_str(&id).unwrap();
    let email = format!("maria+{id}@example.org");
    body["billing"]["email"] = json!(email);
    // Billed to her institute, delivered home.
    body["billing"]["company"] = json!("Instytut Radowy");
    body["billing"]["address_1"] = json!("ul. Wawelska 15");
    body["billing"]["postcode"] = json!("02-034");
    let (status, _, answer) =
        stack.post_order(OrderSource::Woocommerce, &body.to_string(), &[("X-WC-Webhook-Topic", "order.created")]).await;
    assert_eq!(status, StatusCode::OK, "{answer}");

    let order = stack.order(&id).await.expect("stored");
    assert_eq!(order.number, "#4711");
    assert_eq!(order.customer.locale, "pl", "language from the WPML meta data");
    assert_eq!(order.customer.phone.as_ref().map(|p| p.expose().as_str()), Some("+48601234567"));
    assert_eq!(order.totals.currency.code(), "PLN");
    assert_eq!(order.totals.total_minor, 23_098);
    assert_eq!(order.items[1].unit_price_minor, 813);
    // Each line's tax and its rate (from the order's tax lines), on prices given without tax.
    let taxes: Vec<_> = order.items.iter().map(|i| (i.tax_minor, i.tax_rate.map(|r| r.to_string()))).collect();
    assert_eq!(taxes, [(Some(3740), Some("23 %".to_string())), (Some(374), Some("23 %".to_string()))]);
    assert!(!order.totals.prices_include_tax);
    assert_eq!((order.payment.method, order.payment.status), (Some(PaymentMethod::Prepaid), PaymentStatus::Paid));
    let billing = order.billing_address().unwrap();
    assert_eq!(
        (billing.company.as_deref(), billing.lines.as_slice(), billing.recipient.as_deref()),
        (Some("Instytut Radowy"), ["ul. Wawelska 15".to_string()].as_slice(), Some("Maria Skłodowska"))
    );
    assert_eq!(order.shipping.address.as_ref().unwrap().expose().lines, ["ul. Freta 16"], "delivered home");
    stack.drain().await;
    assert_eq!(stack.emails_to(&email).await.len(), 1);
}

#[tokio::test]
async fn a_customer_who_gave_only_a_phone_gets_an_sms_and_the_owner_an_email() {
    let stack = Stack::new().await;
    let id = unique("G-");
    let mut body = sample_body("order-placed/generic-order-sms-pickup.json");
    body["order_id"] = json!(id);
    body["order_number"] = json!(id);
    let (status, _, answer) = stack.post_order(OrderSource::Generic, &body.to_string(), &[]).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let order = stack.order(&id).await.unwrap();
    assert_eq!(order.customer.channel, Channel::Sms);
    assert_eq!(order.shipping.delivery, Delivery::Pickup);
    assert_eq!(order.payment.method, Some(PaymentMethod::CashOnDelivery));

    stack.drain().await;
    let sms = stack.sms_mentioning(&id).await;
    assert_eq!(sms.len(), 1, "one SMS");
    assert_eq!(sms[0]["phone_number"], "+12025550147");
    assert!(sms[0]["message"].as_str().unwrap().len() <= 160, "fits one SMS segment");
    assert_eq!(stack.emails_to(&stack.owner_email).await.len(), 1);
}

#[tokio::test]
async fn bad_or_missing_signatures_get_401_and_write_nothing() {
    let stack = Stack::new().await;
    let body = shopify_order(&big_id(), "x@example.com").to_string();
    let cases = [
        ("/webhooks/orders/shopify", Some(("X-Shopify-Hmac-Sha256", "bm90IHRoZSBzaWduYXR1cmU="))),
        ("/webhooks/orders/shopify", None),
        ("/webhooks/orders/woocommerce", Some(("X-WC-Webhook-Signature", "bm90IHRoZSBzaWduYXR1cmU="))),
        ("/webhooks/orders/generic", Some(("X-Orderflow-Signature", "t=1,v1=00"))),
    ];
    for (path, header) in cases {
        let mut request = Request::post(path).header("content-type", "application/json");
        if let Some((name, value)) = header {
            request = request.header(name, value);
        }
        let (status, content_type, problem) = stack.request(request.body(Body::from(body.clone())).unwrap()).await;
        assert_problem(status, &content_type, &problem, StatusCode::UNAUTHORIZED);
    }
    // A body signed correctly but then altered in transit.
    let (header, signature) = orderflow::providers::sign_order(
        OrderSource::Shopify,
        support::SHOPIFY_SECRET,
        body.as_bytes(),
        stack.clock.now(),
    );
    let tampered = body.replace("24.90", "0.01");
    let request =
        Request::post("/webhooks/orders/shopify").header(header, signature).body(Body::from(tampered)).unwrap();
    let (status, content_type, problem) = stack.request(request).await;
    assert_problem(status, &content_type, &problem, StatusCode::UNAUTHORIZED);
    assert_eq!(stack.item_count().await, 0);
}

#[tokio::test]
async fn a_source_without_a_configured_secret_rejects_everything() {
    let stack = Stack::with_vars(&[("GENERIC_ORDER_SECRET", "")]).await;
    let body = generic_order(&unique("G-")).to_string();
    let (status, content_type, problem) = stack.post_order(OrderSource::Generic, &body, &[]).await;
    assert_problem(status, &content_type, &problem, StatusCode::UNAUTHORIZED);
    assert!(problem["detail"].as_str().unwrap().contains("not configured"));
    assert_eq!(stack.item_count().await, 0);
}

/// What cannot be read as an order is refused, naming the field in the sender's words.
#[tokio::test]
async fn unreadable_bodies_get_400_naming_the_field_and_write_nothing() {
    let stack = Stack::new().await;
    let id = big_id();
    let shopify = |change: &dyn Fn(&mut Value)| {
        let mut body = shopify_order(&id, "ada@example.com");
        change(&mut body);
        (OrderSource::Shopify, body.to_string())
    };
    let generic = |change: &dyn Fn(&mut Value)| {
        let mut body = generic_order("G-invalid");
        change(&mut body);
        (OrderSource::Generic, body.to_string())
    };
    let cases: Vec<((OrderSource, String), &str)> = vec![
        ((OrderSource::Shopify, "{not json".to_string()), "body"),
        ((OrderSource::Shopify, "42".to_string()), "body"),
        (shopify(&|b| b["id"] = json!(null)), "id"),
        (shopify(&|b| b["line_items"][0]["quantity"] = json!("two")), "line_items[0].quantity"),
        (shopify(&|b| b["line_items"][0]["price"] = json!("free")), "line_items[0].price"),
        (shopify(&|b| b["currency"] = json!("EURO")), "currency"),
        (shopify(&|b| b["total_price"] = json!("9,99")), "total_price"),
        (shopify(&|b| b["total_price"] = json!("-94.70")), "total_price"),
        (generic(&|b| b["payment"]["method"] = json!("bitcoin")), "payment.method"),
        (generic(&|b| b["order_id"] = json!("has spaces/and slashes")), "order_id"),
        (generic(&|b| b["surprise"] = json!(true)), "surprise"),
    ];
    for ((source, body), field) in cases {
        let (status, content_type, problem) = stack.post_order(source, &body, &[]).await;
        assert_problem(status, &content_type, &problem, StatusCode::BAD_REQUEST);
        assert_eq!(problem["field"], field, "{problem}");
    }
    assert_eq!(stack.item_count().await, 0);
}

/// What the storefront took but left incomplete is kept, needing attention, and the back office
/// names each problem's field in the sender's words.
#[tokio::test]
async fn readable_orders_that_fail_a_business_check_are_kept_as_needing_attention() {
    let stack = Stack::new().await;
    type Change = dyn Fn(&mut Value);
    let cases: Vec<(&Change, Vec<(&str, &str)>)> = vec![
        (&|b| b["line_items"][1]["quantity"] = json!(0), vec![("bad_item", "line_items[1].quantity")]),
        (&|b| b["line_items"] = json!([]), vec![("no_items", "line_items")]),
        (
            &|b| {
                b["email"] = json!(null);
                b["contact_email"] = json!(null);
                b["customer"] = json!(null);
                b["shipping_address"]["phone"] = json!(null);
                b["billing_address"]["phone"] = json!(null);
            },
            vec![("no_contact", "email")],
        ),
        (&|b| b["shipping_lines"] = json!([]), vec![("no_shipping_method", "shipping_lines[0].title")]),
        (&|b| b["shipping_address"] = json!(null), vec![("no_address", "shipping_address")]),
        (
            &|b| {
                b["shipping_address"]["address1"] = json!("");
                b["shipping_address"]["address2"] = json!(null);
                b["shipping_address"]["country_code"] = json!("Poland");
            },
            vec![("no_street", "shipping_address.address1"), ("bad_country", "shipping_address.country_code")],
        ),
    ];
    for (change, expected) in cases {
        let id = big_id();
        let mut body = shopify_order(&id, &format!("ada+{id}@example.com"));
        change(&mut body);
        let (status, _, answer) = stack.post_order(OrderSource::Shopify, &body.to_string(), &[]).await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        assert_eq!((answer["result"].as_str(), answer["status"].as_str()), (Some("recorded"), Some("on_hold")));
        let (status, _, listed) = stack.admin("/admin/orders?status=on_hold", None).await;
        assert_eq!(status, StatusCode::OK);
        assert!(listed.to_string().contains(&id), "listed among held orders: {listed}");
        // Cancelling answers the order as staff see it, problems included.
        let (status, _, answer) =
            stack.admin(&format!("/admin/orders/{id}/cancel"), Some(json!({ "cause": "shop" }))).await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        let found: Vec<(&str, &str)> = answer["attention"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p["problem"].as_str().unwrap(), p["field"].as_str().unwrap()))
            .collect();
        assert_eq!(found, expected);
    }
    // A phone that does not parse is kept as given and is no reason to hold an order with an email.
    let (body, id) = (generic_order("G-phone"), "G-phone");
    let mut body = body;
    body["customer"]["phone"] = json!("12");
    let (status, _, answer) = stack.post_order(OrderSource::Generic, &body.to_string(), &[]).await;
    assert_eq!((status, answer["status"].as_str()), (StatusCode::OK, Some("received")), "{answer}");
    assert_eq!(stack.order(id).await.unwrap().customer.phone_as_given.unwrap().expose(), "12");
}

#[tokio::test]
async fn wrong_content_type_size_route_or_source_get_their_problem() {
    let stack = Stack::new().await;
    let body = generic_order(&unique("G-")).to_string();
    let signed = |content_type: &str, path: &str, body: String| {
        let (header, signature) = orderflow::providers::sign_order(
            OrderSource::Generic,
            support::GENERIC_ORDER_SECRET,
            body.as_bytes(),
            stack.clock.now(),
        );
        Request::post(path)
            .header("content-type", content_type)
            .header(header, signature)
            .body(Body::from(body))
            .unwrap()
    };
    let cases = [
        (signed("text/plain", "/webhooks/orders/generic", body.clone()), StatusCode::UNSUPPORTED_MEDIA_TYPE),
        (signed("application/json", "/webhooks/orders/generic", "x".repeat(300 * 1024)), StatusCode::PAYLOAD_TOO_LARGE),
        (signed("application/json", "/webhooks/orders/magento", body.clone()), StatusCode::NOT_FOUND),
        (signed("application/json", "/nothing/here", body.clone()), StatusCode::NOT_FOUND),
    ];
    for (request, expected) in cases {
        let (status, content_type, problem) = stack.request(request).await;
        assert_problem(status, &content_type, &problem, expected);
    }
    assert_eq!(stack.item_count().await, 0);
}

/// A wholesale order of 200 lines is kept, every line reaches both emails, and it ships.
#[tokio::test]
async fn a_200_line_order_is_recorded_told_and_shipped() {
    let stack = Stack::new().await;
    let id = unique("G-");
    let mut body = generic_order(&id);
    let items: Vec<Value> = (1..=200)
        .map(|n| {
            json!({ "sku": format!("SKU-{n:03}"), "name": format!("Spare part number {n:03}"),
                         "quantity": n, "unit_price": "1.25" })
        })
        .collect();
    body["items"] = json!(items);
    body["totals"] = json!({ "total": "25125.00" });
    let (status, _, answer) = stack.post_order(OrderSource::Generic, &body.to_string(), &[]).await;
    assert_eq!((status, answer["status"].as_str()), (StatusCode::OK, Some("received")), "{answer}");
    let order = stack.order(&id).await.unwrap();
    assert_eq!((order.items.len(), order.totals.subtotal_minor), (200, 2_512_500));

    stack.drain().await;
    for to in [body["customer"]["email"].as_str().unwrap(), stack.owner_email.as_str()] {
        let emails = stack.emails_to(to).await;
        assert_eq!(emails.len(), 1);
        let html = emails[0]["body"].as_str().unwrap();
        assert!(html.contains("Spare part number 001") && html.contains("Spare part number 200"), "every line");
    }
    // A wholesale invoice, shipped before payment on staff's word.
    let ship = json!({ "carrier": "DHL", "tracking_number": unique("JJD"), "ship_unpaid": true });
    let (status, _, answer) = stack.admin(&format!("/admin/orders/{id}/ship"), Some(ship)).await;
    assert_eq!((status, answer["status"].as_str()), (StatusCode::OK, Some("shipped")), "{answer}");
}

#[tokio::test]
async fn a_rotated_secret_accepts_the_current_and_the_previous_and_each_kind_has_its_own() {
    let stack = Stack::with_vars(&[("GENERIC_ORDER_SECRET", "new-order-secret old-order-secret")]).await;
    let signed = |secret: &str, body: &str| {
        let (header, signature) =
            orderflow::providers::sign_order(OrderSource::Generic, secret, body.as_bytes(), stack.clock.now());
        Request::post("/webhooks/orders/generic")
            .header("content-type", "application/json")
            .header(header, signature)
            .body(Body::from(body.to_string()))
            .unwrap()
    };
    for secret in ["new-order-secret", "old-order-secret"] {
        let body = generic_order(&unique("R-")).to_string();
        let (status, _, answer) = stack.request(signed(secret, &body)).await;
        assert_eq!((status, answer["result"].as_str()), (StatusCode::OK, Some("recorded")), "{secret}: {answer}");
    }
    let before = stack.item_count().await;
    let payment_secret = stack.settings.secrets.payment_secret(orderflow::domain::PaymentProvider::Generic).unwrap();
    for secret in ["new-order-secret old-order-secret", payment_secret, "older-order-secret"] {
        let (status, _, problem) = stack.request(signed(secret, &generic_order(&unique("R-")).to_string())).await;
        assert_eq!((status, problem["type"].as_str()), (StatusCode::UNAUTHORIZED, Some("/problems/bad-signature")));
    }
    assert_eq!(stack.item_count().await, before, "a rejected order writes nothing");
}

#[tokio::test]
async fn a_customers_note_reaches_staff_and_never_other_customers() {
    let stack = Stack::new().await;
    // Shopify `note`.
    let id = big_id();
    let email = format!("note+{id}@example.com");
    let mut body = shopify_order(&id, &email);
    body["note"] = json!("A gift for my mother: please leave the price off.");
    assert_eq!(stack.post_order(OrderSource::Shopify, &body.to_string(), &[]).await.0, StatusCode::OK);
    stack.drain().await;
    let owner: Vec<_> = stack
        .emails_to(&stack.owner_email)
        .await
        .into_iter()
        .filter(|m| m["subject"].as_str().unwrap().contains(&id))
        .collect();
    assert!(owner[0]["body"].as_str().unwrap().contains("A gift for my mother"), "the owner reads it");
    let customer = stack.emails_to(&email).await;
    assert!(!customer[0]["body"].as_str().unwrap().contains("A gift for my mother"), "not in the customer's mail");
    let (_, _, staff) = stack.admin(&format!("/admin/orders/{id}"), None).await;
    assert_eq!(staff["customer"]["note"], "A gift for my mother: please leave the price off.");
    let token = stack.order(&id).await.unwrap().status_token.expose().clone();
    let status = Request::get(format!("/orders/{id}?token={token}")).body(Body::empty()).unwrap();
    let (_, _, view) = stack.request(status).await;
    assert!(!view.to_string().contains("A gift"), "the status page shows no note: {view}");

    // WooCommerce `customer_note`, and the generic `note`, cut to 500 characters.
    let mut woo = sample_body("order-placed/woocommerce-order-created.json");
    woo["id"] = json!(big_id().parse::<u64>().unwrap());
    woo["customer_note"] = json!("Ring twice");
    let (_, _, answer) = stack.post_order(OrderSource::Woocommerce, &woo.to_string(), &[]).await;
    let woo_id = answer["order_id"].as_str().unwrap().to_string();
    let note = |order: orderflow::domain::Order| order.customer.note.map(|n| n.expose().clone());
    assert_eq!(note(stack.order(&woo_id).await.unwrap()).as_deref(), Some("Ring twice"));
    let generic_id = unique("N-");
    let mut generic = generic_order(&generic_id);
    generic["note"] = json!("x".repeat(600));
    assert_eq!(stack.post_order(OrderSource::Generic, &generic.to_string(), &[]).await.0, StatusCode::OK);
    assert_eq!(note(stack.order(&generic_id).await.unwrap()).map(|n| n.chars().count()), Some(500));
}

/// A Shopify order the customer paid in euros in a dollar shop (presentment money): the customer is
/// told in euros; the owner's email and the invoice give both; a Stripe capture in euros pays it.
#[tokio::test]
async fn an_order_paid_in_the_customers_currency_is_told_in_it_and_the_owner_sees_both() {
    let stack = Stack::new().await;
    let id = big_id();
    let email = format!("ada+{id}@example.com");
    let mut body = shopify_order(&id, &email);
    body["currency"] = json!("USD");
    body["presentment_currency"] = json!("EUR");
    body["financial_status"] = json!("pending");
    body["total_price_set"] = json!({ "shop_money": { "amount": "94.70", "currency_code": "USD" },
                                      "presentment_money": { "amount": "86.90", "currency_code": "EUR" } });
    let (status, _, answer) = stack.post_order(OrderSource::Shopify, &body.to_string(), &[]).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let order = stack.order(&id).await.unwrap();
    assert_eq!(order.totals.presentment.map(|p| (p.currency.code(), p.total_minor)), Some(("EUR", 8_690)));
    stack.drain().await;
    let told = stack.emails_to(&email).await[0]["body"].as_str().unwrap().to_string();
    assert!(told.contains("86.90 EUR") && !told.contains("94.70") && !told.contains("USD"), "{told}");
    let owner = stack.emails_to(&stack.owner_email).await[0]["body"].as_str().unwrap().to_string();
    assert!(owner.contains("94.70") && owner.contains("86.90"), "{owner}");

    // The Stripe capture in euros: the whole order paid, told in euros.
    let object = json!({ "id": unique("pi_"), "object": "payment_intent", "amount": 8690, "amount_received": 8690,
                         "currency": "eur", "status": "succeeded", "metadata": { "order_id": id } });
    let event = json!({ "id": unique("evt_"), "type": "payment_intent.succeeded", "created": 1_795_000_000,
                        "data": { "object": object } });
    let (status, _, answer) = stack.post_payment(orderflow::domain::PaymentProvider::Stripe, &event.to_string()).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let order = stack.order(&id).await.unwrap();
    assert_eq!(
        (order.payment.status, order.payment.received_minor(), order.hold_reason),
        (PaymentStatus::Paid, 9_470, None)
    );
    let invoice = stack.staff_page(&format!("/staff/orders/{id}/invoice")).await;
    assert!(invoice.contains("Paid in EUR") && invoice.contains("86.90") && invoice.contains("94.70"), "{invoice}");
}
