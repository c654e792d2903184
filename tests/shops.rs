//! Shops on one deployment: two shops share the table, the queues and the emulator, and receive
//! orders with the same WooCommerce ids (which are per shop and sequential); each shop's orders,
//! pointers, lists, due items and invoice numbers stay its own.

mod support;

use axum::body::Body;
use http::Request;
use http::StatusCode;
use jiff::SignedDuration;
use orderflow::app::feed::Feed;
use orderflow::aws;
use orderflow::domain::ShopId;
use orderflow::domain::usage::{Meter, month_of};
use orderflow::domain::{CarrierProvider, FulfilmentStatus, OrderSource};
use orderflow::domain::{Channel, NoticeState, Order};
use orderflow::feed::SIGNATURE_HEADER;
use orderflow::local::pump::{pump_once, pump_with};
use orderflow::providers::sign_order;
use orderflow::providers::signature::verify_timestamped;
use orderflow::shops::NewShop;
use orderflow::shops::sealed::SealingKey;
use orderflow::shops::serve::{deliver, deliver_feed_of_every_shop};
use orderflow::store::prelude::*;
use orderflow::store::{ShopDirectory, StoreError};
use serde_json::Value;
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};
use support::{ADMIN_TOKEN, SHOPS_KEY, WOOCOMMERCE_SECRET};
use support::{Stack, big_id, sample_body, unique};
use tower::ServiceExt;

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

/// Adds shop `north` to `stack`'s deployment, as `orderflow shops add` does, with a feed
/// subscriber at `feed`; its generated secrets.
async fn add_north(stack: &Stack, feed: &str) -> BTreeMap<String, String> {
    let settings: BTreeMap<String, String> = [
        ("SHOP_NAME", "North Goods"),
        ("SENDER_EMAIL", "orders@north.example"),
        ("OWNER_EMAIL", "owner@north.example"),
        ("SHOP_LOCALE", "de"),
    ]
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .into();
    let key = SealingKey::read(SHOPS_KEY).unwrap();
    let north = ShopId::parse("north").unwrap();
    let subscribers = json!([{ "name": "warehouse", "url": feed, "secret": NORTH_FEED_SECRET }]).to_string();
    let given = BTreeMap::from([("FEED_SUBSCRIBERS".to_string(), subscribers)]);
    let shop = NewShop::new(north, settings, given, &key, &stack.vars, stack.clock.now()).unwrap();
    stack.app.store.put_shop(&shop.record, true).await.unwrap();
    aws::add_sender(&stack.config, "orders@north.example").await.unwrap();
    assert!(matches!(stack.app.store.put_shop(&shop.record, true).await, Err(StoreError::Conflict)), "added once");
    shop.generated
}

fn woocommerce(path: &str, secret: &str, body: &str, now: jiff::Timestamp) -> Request<Body> {
    let (header, signature) = sign_order(OrderSource::Woocommerce, secret, body.as_bytes(), now);
    Request::post(path)
        .header("content-type", "application/json")
        .header("x-wc-webhook-topic", "order.created")
        .header(header, signature)
        .body(Body::from(body.to_string()))
        .unwrap()
}

#[tokio::test]
async fn an_added_shop_is_served_under_its_own_path_with_its_own_secrets_and_words() {
    // Each shop's feed has a subscriber named "warehouse", each at its own address.
    let (received, feed_url) = feed_receiver().await;
    let feed_received = received.clone();
    // The deployment's own shop also has the host's subscribers, for each shop's usage.closed: its
    // billing (down the whole test, and first) and "host".
    let default_feed = json!([
        { "name": "warehouse", "url": format!("{feed_url}/default"), "secret": DEFAULT_FEED_SECRET },
        { "name": "billing", "url": "http://127.0.0.1:9/usage", "secret": "whsec-billing", "kinds": ["usage.closed"] },
        { "name": "host", "url": format!("{feed_url}/host"), "secret": HOST_FEED_SECRET, "kinds": ["usage.closed"] }
    ]);
    let stack = Stack::with_vars(&[("FEED_SUBSCRIBERS", &default_feed.to_string())]).await;
    let secrets = add_north(&stack, &format!("{feed_url}/north")).await;
    let routers =
        stack.shops(|config, settings, clock| orderflow::http::router(aws::whole_app(config, settings, clock))).await;
    let front = orderflow::http::shops::front(routers);
    let send = |request: Request<Body>| Stack::request_via(front.clone(), request);

    let id = big_id();
    let mut body = sample_body("order-placed/woocommerce-order-created.json");
    body["id"] = serde_json::from_str(&id).unwrap();
    body["billing"]["email"] = json!(format!("kunde+{id}@example.org"));
    let body = body.to_string();
    let now = stack.clock.now();
    let north_secret = secrets["WOOCOMMERCE_WEBHOOK_SECRET"].as_str();
    let hooks = "/webhooks/orders/woocommerce";

    // Each shop's signature on its own path only; an unknown shop is no shop.
    let (status, _, problem) = send(woocommerce(&format!("/s/north{hooks}"), WOOCOMMERCE_SECRET, &body, now)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "the default shop's secret on the north's path: {problem}");
    let (status, _, problem) = send(woocommerce(hooks, north_secret, &body, now)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "the north's secret on the default path: {problem}");
    let (status, _, problem) = send(woocommerce(&format!("/s/nowhere{hooks}"), north_secret, &body, now)).await;
    assert_eq!((status, problem["type"].as_str()), (StatusCode::NOT_FOUND, Some("/problems/unknown-shop")));
    assert_eq!(stack.item_count().await, 1, "nothing written but the shop's record");
    let (status, _, answer) = send(woocommerce(&format!("/s/north{hooks}"), north_secret, &body, now)).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let (status, _, answer) = send(woocommerce(hooks, WOOCOMMERCE_SECRET, &body, now)).await;
    assert_eq!(status, StatusCode::OK, "the same order id in the default shop: {answer}");
    assert_eq!(stack.order_count().await, 2);

    // The admin API: each shop's token on its own path only.
    let admin = |path: String, token: &str| {
        let request = Request::get(path).header("authorization", format!("Bearer {token}"));
        send(request.body(Body::empty()).unwrap())
    };
    let north_token = secrets["ADMIN_TOKEN"].as_str();
    assert_eq!(admin(format!("/s/north/admin/orders/{id}"), north_token).await.0, StatusCode::OK);
    assert_eq!(admin(format!("/s/north/admin/orders/{id}"), ADMIN_TOKEN).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(admin(format!("/admin/orders/{id}"), north_token).await.0, StatusCode::UNAUTHORIZED);
    let (status, _, order) = admin(format!("/s/north/admin/orders/{id}"), north_token).await;
    assert_eq!((status, order["status"].as_str()), (StatusCode::OK, Some("received")));

    // The north's staff sign in on the north's pages, with the north's token only; their session
    // opens the north's pages, not the default shop's.
    let sign_in = |path: &str, token: &str| {
        let form = [("name", "admin"), ("token", token)];
        front.clone().oneshot(support::page_post(path, &form, "same-origin"))
    };
    let refused = sign_in("/s/north/staff/sign-in", ADMIN_TOKEN).await.unwrap();
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED, "the default shop's token on the north's pages");
    let signed_in = sign_in("/s/north/staff/sign-in", north_token).await.unwrap();
    assert_eq!(signed_in.headers()["location"], "/s/north/staff/orders");
    let cookie = signed_in.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.contains("Path=/s/north/staff;"), "{cookie}");
    let cookie = cookie.split(';').next().unwrap().to_string();
    let page = |path: &str| {
        let request = Request::get(path).header("cookie", cookie.as_str()).body(Body::empty()).unwrap();
        front.clone().oneshot(request)
    };
    let list = page("/s/north/staff/orders?status=received").await.unwrap();
    assert_eq!(list.status(), StatusCode::OK);
    let html = axum::body::to_bytes(list.into_body(), usize::MAX).await.unwrap();
    let html = String::from_utf8_lossy(&html);
    assert!(html.contains(&format!("href=\"/s/north/staff/orders/{id}\"")), "links stay in the north: {html}");
    assert!(!html.contains("href=\"/staff/"), "no link to the default shop's pages");
    let elsewhere = page("/staff/orders").await.unwrap();
    assert_eq!(elsewhere.headers()["location"], "/staff/sign-in", "the north's session is not the default shop's");

    // Each shop's worker tells its own customer, from its own sender, in its own words.
    let workers = stack.shops(aws::email_worker).await;
    let queue = stack.settings.email_queue_url.clone();
    while pump_with(&stack.sqs, &queue, 0, |event| deliver(&workers, event)).await.unwrap().received > 0 {}
    let north_mail = stack.emails_to(&format!("kunde+{id}@example.org")).await;
    assert_eq!(north_mail.len(), 2, "one order in each shop, each told once");
    let senders: BTreeSet<&str> = north_mail.iter().filter_map(|m| m["source"].as_str()).collect();
    let expected = BTreeSet::from(["orders@north.example", stack.settings.sender_email.as_str()]);
    assert_eq!(senders, expected, "{north_mail:?}");
    assert_eq!(stack.emails_to("owner@north.example").await.len(), 1, "the north's owner hears of the north's order");
    assert_eq!(stack.emails_to(&stack.owner_email).await.len(), 1, "and the default shop's of its own");

    // Each shop's feed tells its own subscriber of its own order, signed with that subscriber's secret.
    let feeds = stack.shops(|config, settings, clock| Arc::new(Feed::new(config, settings, clock))).await;
    let mut stream = stack.stream().await;
    stream.pump_shops(&feeds).await.unwrap();
    let feed_queue = stack.settings.feed.queue_url.clone().unwrap();
    let deliver = |event| deliver_feed_of_every_shop(&feeds, event);
    while pump_with(&stack.sqs, &feed_queue, 0, deliver).await.unwrap().received > 0 {}
    let received = received.lock().unwrap().clone();
    for (who, secret) in [("north", NORTH_FEED_SECRET), ("default", DEFAULT_FEED_SECRET)] {
        let events: Vec<&(String, String, Vec<u8>)> = received.iter().filter(|(to, _, _)| to == who).collect();
        assert!(!events.is_empty(), "{who} told");
        for (_, signature, body) in events {
            let event: Value = serde_json::from_slice(body).unwrap();
            assert_eq!(event["order_id"], json!(id), "{who}: its own order");
            let checked = verify_timestamped(SIGNATURE_HEADER, Some(signature), secret, body, stack.clock.now());
            assert!(checked.is_ok(), "{who}: signed with its subscriber's secret");
        }
    }
    let north_events = received.iter().filter(|(to, _, _)| to == "north").count();
    assert_eq!(north_events, received.len() - north_events, "one order each, the same events each");

    // Each shop's usage of the month is its own: one order, two emails (the customer, the owner), and
    // the feed's deliveries to its subscriber.
    let north_store = stack.app.store.clone().for_shop(&ShopId::parse("north").unwrap());
    let month = month_of(stack.clock.now());
    for (who, usage) in [("north", north_store.usage(&month).await), ("default", stack.app.store.usage(&month).await)] {
        let usage = usage.unwrap();
        let counts = [Meter::Orders, Meter::Emails, Meter::FeedDeliveries].map(|m| usage.get(m));
        assert_eq!(counts, [1, 2, north_events as u64], "{who}: {usage:?}");
    }

    // The north's customer page is under the north's path, and so is where its forms lead.
    let token = north_store.get(&id).await.unwrap().unwrap().status_token.expose().clone();
    let page = Request::get(format!("/s/north/track/{id}?token={token}")).body(Body::empty()).unwrap();
    let response = front.clone().oneshot(page).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let html = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
    let html = String::from_utf8_lossy(&html);
    assert!(html.contains("North Goods"), "the north's name on its page");
    let fields = [("token", token.as_str()), ("key", &support::page_key(&html))];
    let cancel = support::page_post(&format!("/s/north/track/{id}/cancel"), &fields, "same-origin");
    let response = front.clone().oneshot(cancel).await.unwrap();
    let location = response.headers().get("location").map(|l| l.to_str().unwrap().to_string());
    assert_eq!(location, Some(format!("/s/north/track/{id}?token={token}")), "{}", response.status());

    // The month closes: the scheduler counts what each shop stores and sends the host each shop's
    // usage.closed, once, signed with the host subscriber's secret; no shop's own subscriber gets
    // one; a subscriber down holds none of it back, and what was sent is not sent again.
    stack.clock.set("2026-12-01T01:00:00Z".parse().unwrap());
    let schedulers = stack
        .shops(|config, settings, clock| {
            let sender = Arc::new(aws::email_sender(config, &settings));
            (aws::scheduler_app(config, settings, clock), sender)
        })
        .await;
    for _ in 0..5 {
        orderflow::shops::serve::sweep_every_shop(&schedulers).await.unwrap();
    }
    let received = feed_received.lock().unwrap().clone();
    let closed: Vec<Value> = received
        .iter()
        .filter(|(to, _, _)| to == "host")
        .map(|(_, signature, body)| {
            let checked =
                verify_timestamped(SIGNATURE_HEADER, Some(signature), HOST_FEED_SECRET, body, stack.clock.now());
            assert!(checked.is_ok(), "signed with the host subscriber's secret");
            serde_json::from_slice(body).unwrap()
        })
        .collect();
    let shops: BTreeSet<&str> = closed.iter().filter_map(|e| e["shop"].as_str()).collect();
    assert_eq!((closed.len(), shops), (2, BTreeSet::from(["default", "north"])), "one each, once: {closed:?}");
    for event in &closed {
        assert_eq!((event["kind"].as_str(), event["month"].as_str()), (Some("usage.closed"), Some(month.as_str())));
        assert_eq!(event["counts"]["orders"], 1, "{event}");
        assert!(event["counts"]["stored_items"].as_u64().unwrap() > 3, "its order's items counted: {event}");
        assert!(event["counts"]["stored_bytes"].as_u64().unwrap() > 1000, "{event}");
        assert!(event["estimated_usd"].as_f64().unwrap() > 0.0);
    }
    assert!(
        received.iter().all(|(to, _, body)| to == "host" || !String::from_utf8_lossy(body).contains("usage.closed"))
    );
    let close = stack.app.store.month_close(&month).await.unwrap().expect("the month's close");
    assert!(!close.done, "open while the billing subscriber has not had it");
    assert!(close.has_sent("host", &ShopId::parse("north").unwrap()) && !close.has_sent("billing", &ShopId::default()));
    let stored = north_store.usage(&month).await.unwrap().get(Meter::StoredItems);
    assert_eq!(json!(stored), closed.iter().find(|e| e["shop"] == "north").unwrap()["counts"]["stored_items"]);
}

const NORTH_FEED_SECRET: &str = "whsec-north-feed";
const HOST_FEED_SECRET: &str = "whsec-host-usage";
const DEFAULT_FEED_SECRET: &str = "whsec-default-feed";

/// A feed subscriber's endpoint on loopback: what reached `/<who>`, with its signature and body.
/// What reached the receiver: to whom (the path), the signature, the body.
type Received = Arc<Mutex<Vec<(String, String, Vec<u8>)>>>;

async fn feed_receiver() -> (Received, String) {
    let received: Received = Arc::default();
    let keep = received.clone();
    let app = axum::Router::new().route(
        "/{who}",
        axum::routing::post(
            move |axum::extract::Path(who): axum::extract::Path<String>,
                  headers: http::HeaderMap,
                  body: axum::body::Bytes| {
                let keep = keep.clone();
                async move {
                    let signature = headers[SIGNATURE_HEADER].to_str().unwrap().to_string();
                    keep.lock().unwrap().push((who, signature, body.to_vec()));
                    StatusCode::NO_CONTENT
                }
            },
        ),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (received, url)
}

#[tokio::test]
async fn a_shops_limits_hold_its_orders_per_minute_and_its_messages_per_day() {
    // No reminder of a late order on the second day: only the first day's messages are at stake.
    let limits = [("ORDERS_PER_MINUTE", "2"), ("MESSAGES_PER_DAY", "3"), ("PROCESSING_SLA_HOURS", "1000")];
    let stack = Stack::with_vars(&limits).await;
    let order =
        |n: u32| support::unpaid_generic_order(&format!("LIM-{n}-{}", unique("")), &format!("lim{n}@example.net"));
    for n in 0..2 {
        let (status, _, answer) = stack.post_order(OrderSource::Generic, &order(n).to_string(), &[]).await;
        assert_eq!(status, StatusCode::OK, "{answer}");
    }
    let request = stack.signed_order(OrderSource::Generic, &order(2).to_string(), &[]);
    let response = orderflow::http::router(stack.app.clone()).oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(response.headers()["retry-after"], "60");
    assert_eq!(stack.order_count().await, 2, "the third written nowhere, for the storefront to send again");
    stack.clock.advance(SignedDuration::from_mins(1));
    let (status, _, answer) = stack.post_order(OrderSource::Generic, &order(2).to_string(), &[]).await;
    assert_eq!(status, StatusCode::OK, "the next minute: {answer}");

    // Three orders ask for six emails (each customer and the owner): three go today, the rest wait
    // for tomorrow, then go.
    stack.drain().await;
    let sent = || async {
        let mut sent = stack.emails_to(&stack.owner_email).await.len();
        for n in 0..3 {
            sent += stack.emails_to(&format!("lim{n}@example.net")).await.len();
        }
        sent
    };
    assert_eq!(sent().await, 3, "the day's limit");
    stack.clock.advance(SignedDuration::from_hours(24));
    orderflow::app::sweep::sweep(&stack.app).await.unwrap();
    stack.drain().await;
    assert_eq!(sent().await, 6, "the rest the next day, each once");
    for n in 0..3 {
        assert_eq!(stack.emails_to(&format!("lim{n}@example.net")).await.len(), 1, "customer {n}");
    }
}

#[tokio::test]
async fn past_its_sms_budget_a_shop_tells_customers_by_email_and_its_owner_once() {
    let stack = Stack::with_vars(&[("SMS_SEGMENTS_PER_MONTH", "1"), ("PROCESSING_SLA_HOURS", "1000")]).await;
    stack.clock.set("2026-11-23T12:00:00Z".parse().unwrap());
    let place = |id: &str, customer: Value| {
        let mut body = sample_body("order-placed/generic-order-email.json");
        body["order_id"] = json!(id);
        body["order_number"] = json!(id);
        body["customer"] = customer;
        let stack = &stack;
        async move {
            let (status, _, answer) = stack.post_order(OrderSource::Generic, &body.to_string(), &[]).await;
            assert_eq!(status, StatusCode::OK, "{answer}");
            stack.drain().await;
            orderflow::app::sweep::sweep(&stack.app).await.unwrap();
            stack.drain().await;
        }
    };
    let budget_told = || async {
        let subjects = stack.subjects_to(&stack.owner_email).await;
        subjects.iter().filter(|s| s.contains("SMS budget")).count()
    };
    // The first text is within the budget (one segment) and spends it.
    let first = unique("SMS-A-");
    place(&first, json!({ "name": "Ada", "phone": "+33 6 12 34 56 71", "preferred_channel": "sms" })).await;
    assert_eq!(stack.sms_mentioning(&first).await.len(), 1);
    assert_eq!(budget_told().await, 0);
    let month = month_of(stack.clock.now());
    let spent = stack.app.store.usage(&month).await.unwrap().get(Meter::SmsSegments);
    assert!(spent >= 1, "its segments counted");

    // Past it: a customer who prefers texts but gave an email hears by email; the owner is told once.
    for (n, phone) in ["+33 6 12 34 56 72", "+33 6 12 34 56 73"].into_iter().enumerate() {
        let id = unique(&format!("SMS-{n}-"));
        let email = format!("{}@example.net", id.to_lowercase());
        place(&id, json!({ "name": "Bo", "email": email, "phone": phone, "preferred_channel": "sms" })).await;
        assert!(stack.sms_mentioning(&id).await.is_empty(), "no text past the budget");
        assert_eq!(stack.emails_to(&email).await.len(), 1, "by email instead, once");
        let order = stack.order(&id).await.unwrap();
        assert_eq!(order.customer.channel, Channel::Email, "later messages by email too");
        assert_eq!(budget_told().await, 1, "the owner told once a month");
    }
    assert_eq!(stack.app.store.usage(&month).await.unwrap().get(Meter::SmsSegments), spent, "none spent since");
}
