//! Hostile input, generated: every provider parser, the back office and the status routes get
//! bodies, headers and paths made from the real samples in `events/` (a field replaced by any JSON
//! value or removed, any JSON, any text), signed as their sender signs so that they reach the
//! parser; the customer's forms and the staff pages get any form fields, with and without their
//! tokens. Whatever arrives gets a 4xx or a 200, never a 5xx (bar the deliberate 503 that makes a
//! provider retry an event for an order not known yet) and never a panic (a panic aborts a release
//! build: an outage of that function instance), and a rejected request writes nothing.

mod support;

use axum::body::Body;
use http::{Request, StatusCode};
use orderflow::app::App;
use orderflow::clock::Clock;
use orderflow::config::Settings;
use orderflow::local::replay::{Sample, samples, signature_for};
use orderflow::notify::NoticeQueue;
use orderflow::notify::memory::MemoryQueue;
use orderflow::store::{MemoryStore, OrderStore};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::Value;
use std::sync::Arc;
use tower::ServiceExt;

/// Cases per route family against the in-memory store.
const CASES: u32 = 10_000;
/// Cases per route family against the emulator, whose store is DynamoDB's (item sizes, conditions,
/// transactions): the emulator answers one request at a time and each case scans the table, so
/// 10,000 per family would take hours; every family's refusals and answers are met all the same.
const EMULATOR_CASES: u32 = 18;

fn app() -> Arc<App<MemoryStore, MemoryQueue>> {
    let mut settings = Settings::example(&[]);
    settings.secrets.fill_dev_defaults();
    // The staff pages' sign-in: the admin account.
    let (admin, key) = (settings.secrets.get("ADMIN_TOKEN"), settings.secrets.get("SESSION_KEY"));
    settings.staff = orderflow::config::StaffAccounts::read(None, admin, key).unwrap();
    let settings = Arc::new(settings);
    let paypal = orderflow::aws::paypal_verifier(&settings);
    Arc::new(App { paypal, ..App::new(MemoryStore::new(), MemoryQueue::default(), settings, Clock::system()) })
}

/// Any JSON value: what a confused or hostile sender might put anywhere.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        prop_oneof![
            Just(String::new()),
            Just("-1".to_string()),
            Just("1e400".to_string()),
            Just("99999999999999999999999.99".to_string()),
            Just("0.001".to_string()),
            Just("NaN".to_string()),
            Just("<script>alert(1)</script>".to_string()),
            "\\PC{0,40}",
            "[0-9.,-]{1,12}",
        ]
        .prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{0,12}", inner, 0..5)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Every JSON pointer in `value`.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            map.iter().for_each(|(k, v)| pointers(v, format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")), out))
        }
        Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| pointers(v, format!("{at}/{i}"), out)),
        _ => {}
    }
    out.push(at);
}

/// `sample`'s body with one field replaced by `replacement` (or removed when `None`).
fn mutated(body: &Value, paths: &[String], pick: usize, replacement: Option<Value>) -> String {
    let mut body = body.clone();
    let path = &paths[pick % paths.len()];
    match (replacement, path.rsplit_once('/')) {
        (Some(value), _) if path.is_empty() => body = value,
        (Some(value), _) => *body.pointer_mut(path).unwrap() = value,
        (None, Some((parent, key))) => match body.pointer_mut(parent) {
            Some(Value::Object(map)) => drop(map.remove(key)),
            Some(Value::Array(items)) => {
                if let Ok(i) = key.parse::<usize>() {
                    items.remove(i);
                }
            }
            _ => {}
        },
        (None, None) => body = Value::Null,
    }
    body.to_string()
}

/// One generated request.
#[derive(Clone, Debug)]
struct Case {
    sample: usize,
    body: Body_,
    content_type: Option<&'static str>,
    signature: Signature,
    path: Option<String>,
}

#[derive(Clone, Debug)]
enum Body_ {
    Mutated { pick: usize, replacement: Option<Value> },
    Json(Value),
    Text(String),
}

#[derive(Clone, Copy, Debug)]
enum Signature {
    Valid,
    Missing,
    Corrupt,
}

fn case(samples: usize, segments: bool) -> impl Strategy<Value = Case> {
    let body = prop_oneof![
        6 => (any::<usize>(), prop::option::weighted(0.8, any_json()))
            .prop_map(|(pick, replacement)| Body_::Mutated { pick, replacement }),
        2 => any_json().prop_map(Body_::Json),
        1 => "\\PC{0,200}".prop_map(Body_::Text),
    ];
    let content_type = prop::option::weighted(
        0.9,
        prop::sample::select(vec![
            "application/json",
            "application/json; charset=utf-8",
            "text/plain",
            "application/x-www-form-urlencoded",
        ]),
    );
    let signature =
        prop_oneof![8 => Just(Signature::Valid), 1 => Just(Signature::Missing), 1 => Just(Signature::Corrupt)];
    // Another path segment in place of one of the sample's: ids, sources, actions, tokens.
    let path = if segments {
        prop::option::weighted(0.3, "[A-Za-z0-9%._~!$&'()*+,;=:@-]{0,30}").boxed()
    } else {
        Just(None).boxed()
    };
    (0..samples, body, content_type, signature, path).prop_map(|(sample, body, content_type, signature, path)| Case {
        sample,
        body,
        content_type,
        signature,
        path,
    })
}

fn request(settings: &Settings, samples: &[(Sample, Value, Vec<String>)], case: &Case) -> Option<Request<Body>> {
    let (sample, json, paths) = &samples[case.sample];
    let body = match &case.body {
        Body_::Mutated { .. } if sample.body.is_empty() => String::new(),
        Body_::Mutated { pick, replacement } => mutated(json, paths, *pick, replacement.clone()),
        Body_::Json(value) => value.to_string(),
        Body_::Text(text) => text.clone(),
    };
    let mut path = sample.path.clone();
    if let Some(segment) = &case.path {
        let mut parts: Vec<&str> = path.split('/').collect();
        let last = parts.len() - 1;
        parts[1 + segment.len() % last] = segment;
        path = parts.join("/");
    }
    let mut headers = sample.signed(&body, &settings.secrets);
    let auth = signature_for(&sample.path, &body, &settings.secrets).map(|(name, _)| name.to_ascii_lowercase());
    let is_auth = |name: &String| auth.as_deref() == Some(name.to_ascii_lowercase().as_str());
    match case.signature {
        Signature::Valid => {}
        Signature::Missing => headers.retain(|name, _| !is_auth(name)),
        Signature::Corrupt => headers.iter_mut().filter(|(name, _)| is_auth(name)).for_each(|(_, v)| v.push('0')),
    }
    headers.retain(|name, _| !name.eq_ignore_ascii_case("content-type"));
    let query = if sample.query.is_empty() { String::new() } else { format!("?{}", sample.query) };
    // Each case from its own address, so that wrong bearer tokens do not pause the rest of the run.
    static ADDRESS: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = ADDRESS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let peer = std::net::SocketAddr::from((std::net::Ipv4Addr::from(0x0a00_0000 | n), 40000));
    let mut builder = Request::builder()
        .method(sample.method.as_str())
        .uri(format!("{path}{query}"))
        .extension(axum::extract::ConnectInfo(peer));
    for (name, value) in &headers {
        builder = builder.header(name, value);
    }
    if let Some(content_type) = case.content_type {
        builder = builder.header("content-type", content_type);
    }
    builder.body(Body::from(body)).ok()
}

/// Runs [`CASES`] generated requests against the samples under `events/{dir}` whose path starts
/// with `route`.
fn fuzz(dir: &str, route: &str, segments: bool) {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let app = app();
    fuzz_on(&runtime, &app, &|| app.store.fingerprint(), dir, route, segments, CASES);
}

/// [`fuzz`] against any stack: `fingerprint` says what it stores.
fn fuzz_on<S: OrderStore, Q: NoticeQueue>(
    runtime: &tokio::runtime::Runtime,
    app: &Arc<App<S, Q>>,
    fingerprint: &dyn Fn() -> String,
    dir: &str,
    route: &str,
    segments: bool,
    cases: u32,
) {
    let files = samples(&[orderflow::local::repo_root().join("events").join(dir)]).unwrap();
    let samples: Vec<(Sample, Value, Vec<String>)> = files
        .into_iter()
        .filter(|s| s.path.starts_with(route))
        .map(|s| {
            let json: Value = serde_json::from_str(&s.body).unwrap_or(Value::Null);
            let mut paths = Vec::new();
            pointers(&json, String::new(), &mut paths);
            (s, json, paths)
        })
        .collect();
    assert!(!samples.is_empty(), "samples for {route}");
    let router = orderflow::http::router(app.clone());
    if !route.starts_with("/webhooks/") {
        // Orders for the back office and the status routes to find.
        let orders =
            orderflow::local::replay::samples(&[orderflow::local::repo_root().join("events/order-placed")]).unwrap();
        for sample in orders {
            let mut request = Request::post(&sample.path);
            for (name, value) in sample.signed(&sample.body, &app.settings.secrets) {
                request = request.header(name, value);
            }
            let response = runtime.block_on(router.clone().oneshot(request.body(Body::from(sample.body)).unwrap()));
            assert!(response.unwrap().status().is_success());
        }
    }
    let config = Config { cases, failure_persistence: None, ..Config::default() };
    let mut runner = runner(config);
    // What the cases got, so that a run whose every case bounced off the signature check fails.
    let seen = std::cell::RefCell::new(std::collections::BTreeSet::new());
    let result = runner.run(&case(samples.len(), segments), |case| {
        let Some(request) = request(&app.settings, &samples, &case) else { return Ok(()) };
        let request_path = request.uri().path().to_string();
        let before = fingerprint();
        let (status, content_type, body) = runtime.block_on(async {
            let response = router.clone().oneshot(request).await.unwrap();
            let status = response.status();
            let content_type = response.headers().get("content-type").map(|v| v.to_str().unwrap_or("").to_string());
            let body = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
            (status, content_type.unwrap_or_default(), serde_json::from_slice::<Value>(&body).unwrap_or(Value::Null))
        });
        seen.borrow_mut().insert(status.as_u16());
        let retry_later = status == StatusCode::SERVICE_UNAVAILABLE
            && body["type"].as_str().is_some_and(|t| t.starts_with("/problems/unmatched-"));
        prop_assert!(!status.is_server_error() || retry_later, "{status} {body}");
        if status.is_client_error() || retry_later {
            // The customer's page answers people with a page; every other route with problem+json.
            let page = request_path.starts_with("/track/") && content_type.starts_with("text/html");
            prop_assert!(page || content_type == "application/problem+json", "{status} {content_type} {body}");
            // A refused capture is recorded on purpose (the reason, and the owner told once).
            let recorded = body["type"] == "/problems/capture-failed";
            prop_assert!(
                recorded || fingerprint() == before,
                "a rejected request wrote something: {} {}",
                status,
                body
            );
        }
        Ok(())
    });
    if let Err(failure) = result {
        panic!("{route}: {failure}");
    }
    // Past the signature and the media type: the parser (or the order lookup after it) answered.
    let seen = seen.into_inner();
    assert!(seen.iter().any(|s| ![401, 413, 415].contains(s)), "{route}: only {seen:?}");
    let few = cases < 1_000;
    assert!(few || seen.contains(&401) || !route.starts_with("/webhooks/"), "{route}: unsigned requests got {seen:?}");
}

#[test]
fn shopify_orders() {
    fuzz("order-placed", "/webhooks/orders/shopify", false);
}

#[test]
fn woocommerce_orders() {
    fuzz("order-placed", "/webhooks/orders/woocommerce", false);
}

#[test]
fn shopify_admin_lifecycle() {
    fuzz("storefront-admin", "/webhooks/orders/shopify", false);
}

#[test]
fn woocommerce_admin_lifecycle() {
    fuzz("storefront-admin", "/webhooks/orders/woocommerce", false);
}

#[test]
fn generic_orders() {
    fuzz("order-placed", "/webhooks/orders/generic", true);
}

#[test]
fn stripe_payments() {
    fuzz("payment-captured", "/webhooks/payments/stripe", false);
}

#[test]
fn paypal_payments() {
    fuzz("payment-captured", "/webhooks/payments/paypal", false);
}

#[test]
fn generic_payments() {
    fuzz("payment-captured", "/webhooks/payments/generic", true);
}

#[test]
fn easypost_tracking() {
    fuzz("carrier-webhook", "/webhooks/carriers/easypost", false);
}

#[test]
fn aftership_tracking() {
    fuzz("carrier-webhook", "/webhooks/carriers/aftership", false);
}

#[test]
fn shippo_tracking() {
    fuzz("carrier-webhook", "/webhooks/carriers/shippo", false);
}

#[test]
fn shopify_tracking() {
    fuzz("carrier-webhook", "/webhooks/carriers/shopify", false);
}

#[test]
fn generic_tracking() {
    fuzz("carrier-webhook", "/webhooks/carriers/generic", true);
}

#[test]
fn back_office() {
    fuzz("backoffice", "/admin/", true);
}

#[test]
fn status_routes() {
    fuzz("order-status", "/", true);
}

#[test]
fn customer_form_samples() {
    fuzz("customer-forms", "/track/", true);
}

/// A runner of `config.cases`: seeded afresh for the long in-memory runs, the same every time for
/// the short emulator runs (so that what CI runs is what passed here).
fn runner(config: Config) -> TestRunner {
    if config.cases < 1_000 {
        let rng = proptest::test_runner::TestRng::deterministic_rng(config.rng_algorithm);
        return TestRunner::new_with_rng(config, rng);
    }
    TestRunner::new(config)
}

/// Form fields: the names the pages use and others (deeply dotted ones too), with any values.
fn any_form() -> impl Strategy<Value = Vec<(String, String)>> {
    const NAMES: &[&str] = &[
        "kind",
        "description",
        "reason",
        "answer",
        "note",
        "choice",
        "quantity-0",
        "quantity-1",
        "quantity-01",
        "carrier",
        "tracking_number",
        "tracking_url",
        "cause",
        "place",
        "unpaid",
        "ship_unpaid",
        "items",
        "offer",
        "return",
        "complaint",
        "resolution",
        "amount",
        "outcome",
        "customer.email",
        "customer.phone",
        "shipping.address.line1",
        "shipping.address.country",
        "billing_address.postal_code",
        "q",
        "name",
        "token",
        "key",
        "form_token",
        "nonce",
        "paper",
        "orders",
        "method",
        "reference",
        "received_on",
        "until",
        "cost",
        "next_call_at",
        "estimated_delivery",
        "shipping.method",
        "payment.method",
        "customer.preferred_channel",
    ];
    let name = prop_oneof![
        5 => prop::sample::select(NAMES.to_vec()).prop_map(str::to_string),
        1 => "[a-z_.-]{0,24}",
        1 => (2usize..3000).prop_map(|n| vec!["a"; n].join(".")),
        1 => "quantity-[0-9]{1,24}",
    ];
    let value = prop_oneof![
        3 => prop::sample::select(vec![
            "yes", "no", "damaged", "defect", "missing_item", "changed_mind", "other", "substitute", "wait", "cancel",
            "replacement", "refund", "repair", "rejected", "customer", "fraud", "1", "2", "0", "-1", "12.50",
            "99999999999999999999", "UPS", "1Z999AA10123456784", "https://carrier.example/t/1",
            "javascript:alert(1)", "<script>alert(1)</script>", "letter", "A4", "bank_transfer", "cash_on_delivery",
            "card_terminal", "2026-12-01", "2026-12-01T10:00", "sms", "invoice",
        ])
        .prop_map(str::to_string),
        2 => "\\PC{0,80}",
        1 => Just(String::new()),
    ];
    prop::collection::vec((name, value), 0..14)
}

/// A form as one of the customer's pages sends it, with any other fields after it.
fn customer_form() -> impl Strategy<Value = Vec<(String, String)>> {
    let sent: Vec<Vec<(&str, &str)>> = vec![
        vec![("kind", "damaged"), ("description", "Torn in the corner")],
        vec![("kind", "defect"), ("description", "Stopped working")],
        vec![("answer", "no"), ("note", "The box was crushed")],
        vec![("answer", "yes")],
        vec![("quantity-0", "1"), ("reason", "other")],
        vec![("quantity-1", "1"), ("reason", "damaged")],
        vec![("choice", "wait")],
    ];
    let sent = prop::sample::select(sent)
        .prop_map(|fields| fields.into_iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<Vec<_>>());
    prop_oneof![
        2 => any_form(),
        1 => (sent, any_form()).prop_map(|(mut fields, extra)| {
            fields.extend(extra.into_iter().take(3));
            fields
        }),
    ]
}

fn form_encoded(fields: &[(String, String)]) -> String {
    url::form_urlencoded::Serializer::new(String::new()).extend_pairs(fields).finish()
}

/// The in-memory stack with the order samples recorded, the first of them shipped and delivered
/// (so that the after-delivery forms are open); the orders' ids, delivered first.
fn seeded<S: OrderStore, Q: NoticeQueue>(
    runtime: &tokio::runtime::Runtime,
    app: &Arc<App<S, Q>>,
) -> (axum::Router, Vec<String>) {
    let router = orderflow::http::router(app.clone());
    let orders = samples(&[orderflow::local::repo_root().join("events/order-placed")]).unwrap();
    for sample in orders {
        let mut request = Request::post(&sample.path);
        for (name, value) in sample.signed(&sample.body, &app.settings.secrets) {
            request = request.header(name, value);
        }
        let response = runtime.block_on(router.clone().oneshot(request.body(Body::from(sample.body)).unwrap()));
        assert!(response.unwrap().status().is_success());
    }
    let mut ids: Vec<String> = runtime.block_on(async {
        let mut ids = Vec::new();
        for status in [orderflow::domain::FulfilmentStatus::Received, orderflow::domain::FulfilmentStatus::OnHold] {
            let page = orderflow::app::backoffice::status_page(app, status, 50, None).await.unwrap();
            ids.extend(page.orders.into_iter().map(|o| o.order_id));
        }
        ids
    });
    ids.sort();
    let bearer = format!("Bearer {}", app.settings.secrets.get("ADMIN_TOKEN").unwrap());
    let act = |id: &str, action: &str, body: &'static str| {
        let request = Request::post(format!("/admin/orders/{id}/{action}"))
            .header("authorization", &bearer)
            .header("content-type", "application/json")
            .body(Body::from(body))
            .unwrap();
        runtime.block_on(router.clone().oneshot(request)).unwrap().status().is_success()
    };
    // The first order that can be shipped and delivered goes first (another run may have moved some).
    let ship = r#"{"carrier": "UPS", "tracking_number": "1ZHOSTILE0001", "ship_unpaid": true}"#;
    let delivered = ids.iter().position(|id| act(id, "ship", ship) && act(id, "deliver", "")).expect("one delivered");
    ids.swap(0, delivered);
    (router, ids)
}

/// Sends one generated request: whatever it is, no 5xx and no panic; a refusal (4xx) writes
/// nothing but what refusing counts (wrong tokens), and answers with a page or a problem.
fn answered_safely(
    runtime: &tokio::runtime::Runtime,
    fingerprint: &dyn Fn() -> String,
    router: &axum::Router,
    request: Request<Body>,
) -> Result<u16, TestCaseError> {
    let before = fingerprint();
    let (status, content_type, body) = runtime.block_on(async {
        let response = router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let content_type = response.headers().get("content-type").map(|v| v.to_str().unwrap_or("").to_string());
        let body = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
        (status, content_type.unwrap_or_default(), String::from_utf8_lossy(&body).into_owned())
    });
    prop_assert!(!status.is_server_error(), "{status} {body}");
    if status.is_client_error() {
        let answered = content_type.starts_with("text/html") || content_type == "application/problem+json";
        prop_assert!(answered, "{status} {content_type} {body}");
        prop_assert_eq!(fingerprint(), before, "a refused request wrote something: {} {}", status, body);
    }
    Ok(status.as_u16())
}

/// The customer's forms, as anyone holding (or guessing) an order's link posts them: any fields,
/// the right token and key or not, from this site or another. Every list they can grow stays
/// within its cap.
#[test]
fn customer_forms() {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let app = app();
    customer_forms_on(&runtime, &app, &|| app.store.fingerprint(), CASES);
}

fn customer_forms_on<S: OrderStore, Q: NoticeQueue>(
    runtime: &tokio::runtime::Runtime,
    app: &Arc<App<S, Q>>,
    fingerprint: &dyn Fn() -> String,
    cases: u32,
) {
    let (router, ids) = seeded(runtime, app);
    let tokens: Vec<(String, String)> = ids
        .iter()
        .map(|id| (id.clone(), runtime.block_on(app.store.get(id)).unwrap().unwrap().status_token.expose().clone()))
        .collect();
    let page = |id: &str, token: &str| {
        let request = Request::get(format!("/track/{id}?token={token}")).body(Body::empty()).unwrap();
        let response = runtime.block_on(router.clone().oneshot(request)).unwrap();
        let bytes = runtime.block_on(axum::body::to_bytes(response.into_body(), usize::MAX)).unwrap();
        let html = String::from_utf8_lossy(&bytes).into_owned();
        html.split("name=\"key\" value=\"").nth(1).map(|rest| rest.split('"').next().unwrap().to_string())
    };
    let key = page(&tokens[0].0, &tokens[0].1).expect("the delivered order's page has forms");
    let strategy = (
        0..tokens.len(),
        prop::sample::select(vec!["stock", "arrival", "return", "complaint", "cancel"]),
        prop::bool::weighted(0.85),
        prop::bool::weighted(0.1),
        customer_form(),
        prop::option::weighted(0.1, "[A-Za-z0-9%._~-]{0,30}"),
    );
    let config = Config { cases, failure_persistence: None, ..Config::default() };
    let seen = std::cell::RefCell::new(std::collections::BTreeSet::new());
    let result = runner(config).run(&strategy, |(order, form, credentials, cross_site, mut fields, segment)| {
        let (id, token) = &tokens[order];
        if credentials {
            fields.push(("token".into(), token.clone()));
            fields.push(("key".into(), key.clone()));
        }
        let id = segment.unwrap_or_else(|| id.clone());
        let request = Request::post(format!("/track/{id}/{form}"))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("sec-fetch-site", if cross_site { "cross-site" } else { "same-origin" })
            .body(Body::from(form_encoded(&fields)))
            .unwrap();
        seen.borrow_mut().insert(answered_safely(runtime, fingerprint, &router, request)?);
        Ok(())
    });
    if let Err(failure) = result {
        panic!("customer forms: {failure}");
    }
    let seen = seen.into_inner();
    // Enough cases meet every answer: taken, refused as forged, refused past a cap.
    assert!(cases < 1_000 || (seen.contains(&303) && seen.contains(&403) && seen.contains(&409)), "{seen:?}");
    let delivered = runtime.block_on(app.store.get(&tokens[0].0)).unwrap().unwrap();
    let cases = &delivered.after_delivery;
    assert!(
        cases.complaints.len() <= 10 && cases.returns.len() <= 5,
        "{} {}",
        cases.complaints.len(),
        cases.returns.len()
    );
    assert!(cases.complaints.iter().filter(|c| c.resolved.is_none()).count() <= 3);
    let day = delivered.notices().values().filter(|n| n.kind.as_str() == "complaint_opened");
    assert!(day.count() <= 2 * 5, "messages within the daily cap");
}

/// The staff pages, signed in and not: any page, any action on any order, any fields, with the
/// page's form token or without.
#[test]
fn staff_pages() {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let app = app();
    staff_pages_on(&runtime, &app, &|| app.store.fingerprint(), CASES);
}

fn staff_pages_on<S: OrderStore, Q: NoticeQueue>(
    runtime: &tokio::runtime::Runtime,
    app: &Arc<App<S, Q>>,
    fingerprint: &dyn Fn() -> String,
    cases: u32,
) {
    let (router, ids) = seeded(runtime, app);
    let admin = app.settings.secrets.get("ADMIN_TOKEN").unwrap().to_string();
    let sign_in = Request::post("/staff/sign-in")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .body(Body::from(form_encoded(&[("name".into(), "admin".into()), ("token".into(), admin)])))
        .unwrap();
    let response = runtime.block_on(router.clone().oneshot(sign_in)).unwrap();
    let cookie = response.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string();
    let orders_page = Request::get("/staff/orders").header("cookie", &cookie).body(Body::empty()).unwrap();
    let response = runtime.block_on(router.clone().oneshot(orders_page)).unwrap();
    let bytes = runtime.block_on(axum::body::to_bytes(response.into_body(), usize::MAX)).unwrap();
    let html = String::from_utf8_lossy(&bytes).into_owned();
    let form_token =
        html.split("name=\"form_token\" value=\"").nth(1).map(|rest| rest.split('"').next().unwrap().to_string());
    let form_token = form_token.expect("a form token on the orders page");
    // Every action the domain has, the page's own forms, and some that are none.
    let actions: Vec<&'static str> = {
        use strum::IntoEnumIterator;
        let pages = ["collected", "update-contact", "update-method", "customer-note", "invoice", "packing-slip"];
        orderflow::domain::ActionKind::iter()
            .map(|kind| kind.as_str())
            .chain(pages)
            .chain(["customer", "nonsense"])
            .collect()
    };
    let path = prop_oneof![
        Just("/staff".to_string()),
        Just("/staff/orders".to_string()),
        Just("/staff/search".to_string()),
        Just("/staff/sign-in".to_string()),
        Just("/staff/sign-out".to_string()),
        Just("/staff/unmatched".to_string()),
        (0..ids.len(), prop::sample::select(actions))
            .prop_map(move |(n, action)| format!("/staff/orders/{}/{action}", ids[n])),
        "[A-Za-z0-9%._~-]{0,30}".prop_map(|id| format!("/staff/orders/{id}")),
        Just("/staff/packing-slips".to_string()),
    ];
    let query = prop::option::weighted(
        0.3,
        prop_oneof![
            Just("status=received".to_string()),
            Just("after_sales=true".to_string()),
            Just("paper=letter".to_string()),
            "[a-z_]{1,12}=\\PC{0,20}".prop_map(|q| q.replace(['#', ' '], "")),
        ],
    );
    let strategy = (path, query, prop::bool::ANY, prop::bool::weighted(0.8), prop::bool::weighted(0.8), any_form());
    let config = Config { cases, failure_persistence: None, ..Config::default() };
    let seen = std::cell::RefCell::new(std::collections::BTreeSet::new());
    let result = runner(config).run(&strategy, |(path, query, post, signed_in, with_token, mut fields)| {
        let uri = match query {
            Some(query) => format!("{path}?{}", query.replace(|c: char| c.is_control(), "")),
            None => path,
        };
        if with_token {
            fields.push(("form_token".into(), form_token.clone()));
        }
        let builder = match post {
            true => Request::post(&uri).header("content-type", "application/x-www-form-urlencoded"),
            false => Request::get(&uri),
        };
        let mut builder = builder.header("sec-fetch-site", "same-origin");
        if signed_in {
            builder = builder.header("cookie", &cookie);
        }
        let body = if post { Body::from(form_encoded(&fields)) } else { Body::empty() };
        let Ok(request) = builder.body(body) else { return Ok(()) };
        seen.borrow_mut().insert(answered_safely(runtime, fingerprint, &router, request)?);
        Ok(())
    });
    if let Err(failure) = result {
        panic!("staff pages: {failure}");
    }
    let seen = seen.into_inner();
    assert!(
        cases < 1_000 || (seen.contains(&200) && seen.contains(&303) && seen.iter().any(|s| *s >= 400)),
        "{seen:?}"
    );
}

/// Every route family again, fewer cases each, against the emulator-backed store: what DynamoDB
/// refuses (an item over its size, a failed condition) shows here and not in memory. The
/// fingerprint is every item of the table but the sign-in counters and unmatched-event notes.
#[test]
fn every_route_family_against_the_emulator() {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let stack = runtime.block_on(support::Stack::new());
    let fingerprint = || runtime.block_on(table_fingerprint(&stack));
    for (dir, route, segments) in [
        ("order-placed", "/webhooks/orders/shopify", false),
        ("order-placed", "/webhooks/orders/woocommerce", false),
        ("storefront-admin", "/webhooks/orders/shopify", false),
        ("storefront-admin", "/webhooks/orders/woocommerce", false),
        ("order-placed", "/webhooks/orders/generic", true),
        ("payment-captured", "/webhooks/payments/stripe", false),
        ("payment-captured", "/webhooks/payments/paypal", false),
        ("payment-captured", "/webhooks/payments/generic", true),
        ("carrier-webhook", "/webhooks/carriers/easypost", false),
        ("carrier-webhook", "/webhooks/carriers/aftership", false),
        ("carrier-webhook", "/webhooks/carriers/shippo", false),
        ("carrier-webhook", "/webhooks/carriers/shopify", false),
        ("carrier-webhook", "/webhooks/carriers/generic", true),
        ("backoffice", "/admin/", true),
        ("order-status", "/", true),
        ("customer-forms", "/track/", true),
    ] {
        // The samples are signed now (Stripe's, PayPal's and Shippo's signatures carry the time).
        stack.clock.set(jiff::Timestamp::now());
        fuzz_on(&runtime, &stack.app, &fingerprint, dir, route, segments, EMULATOR_CASES);
    }
    stack.clock.set(jiff::Timestamp::now());
    customer_forms_on(&runtime, &stack.app, &fingerprint, EMULATOR_CASES);
    staff_pages_on(&runtime, &stack.app, &fingerprint, EMULATOR_CASES);
}

/// Every item's keys and what changes when it is written (version, revision, state), sorted.
async fn table_fingerprint(stack: &support::Stack) -> String {
    use aws_sdk_dynamodb::types::AttributeValue;
    let mut lines = Vec::new();
    let mut start = None;
    loop {
        let page = stack
            .dynamodb
            .scan()
            .table_name(&stack.settings.table_name)
            .consistent_read(true)
            .set_exclusive_start_key(start)
            .send()
            .await
            .unwrap();
        for item in page.items() {
            let text = |name: &str| match item.get(name) {
                Some(AttributeValue::S(s)) => s.clone(),
                Some(AttributeValue::N(n)) => n.clone(),
                Some(other) => format!("{other:?}"),
                None => String::new(),
            };
            let pk = text("pk");
            // Any shop's (an added shop's keys begin `S#<shop>#`).
            let own = orderflow::store::dynamo::shop_of_key(&pk)
                .map_or(pk.as_str(), |shop| pk.strip_prefix(&format!("S#{shop}#")).unwrap_or(&pk));
            if own.starts_with("SIGNIN#") || own == "UNMATCHED" {
                continue;
            }
            lines.push(format!("{pk}|{}|{}|{}|{}", text("sk"), text("version"), text("revision"), text("state")));
        }
        start = page.last_evaluated_key().cloned();
        if start.is_none() {
            break;
        }
    }
    lines.sort();
    lines.join("\n")
}

/// The `/s/<shop>/` paths: any shop name (the added shop's, the default's, any text) before any
/// sample's path, signed with the default shop's secrets. A name that is no shop is a 404 problem
/// before any handler; the added shop refuses the default shop's signatures and tokens; nothing a
/// refused request carries is written, and nothing answers 5xx.
#[test]
fn shop_paths_against_the_emulator() {
    use orderflow::shops::{NewShop, sealed::SealingKey};
    use orderflow::store::ShopDirectory;
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let stack = runtime.block_on(support::Stack::new());
    stack.clock.set(jiff::Timestamp::now());
    let key = SealingKey::read(support::SHOPS_KEY).unwrap();
    let settings = [("SENDER_EMAIL", "orders@north.example"), ("OWNER_EMAIL", "owner@north.example")];
    let settings = settings.map(|(k, v)| (k.to_string(), v.to_string())).into();
    let north = orderflow::domain::ShopId::parse("north").unwrap();
    let shop = NewShop::new(north, settings, Default::default(), &key, &stack.vars, stack.clock.now()).unwrap();
    runtime.block_on(stack.app.store.put_shop(&shop.record, true)).unwrap();
    let routers =
        runtime.block_on(stack.shops(|config, settings, clock| {
            orderflow::http::router(orderflow::aws::whole_app(config, settings, clock))
        }));
    let front = orderflow::http::shops::front(routers);
    let root = orderflow::local::repo_root().join("events");
    let dirs = ["order-placed", "payment-captured", "carrier-webhook", "backoffice", "customer-forms"];
    let all = samples(&dirs.map(|d| root.join(d))).unwrap();
    let fingerprint = || runtime.block_on(table_fingerprint(&stack));
    let shop_name = prop_oneof![
        2 => Just("north".to_string()),
        1 => Just("default".to_string()),
        3 => "[A-Za-z0-9%._~!$&'()*+,;=:@-]{0,40}",
    ];
    let mut runner = runner(Config { cases: 160, failure_persistence: None, ..Config::default() });
    let result = runner.run(&(0..all.len(), shop_name), |(pick, shop)| {
        let sample = &all[pick];
        let mut request = Request::builder().method(sample.method.as_str()).uri(format!("/s/{shop}{}", sample.path));
        for (name, value) in sample.signed(&sample.body, &stack.settings.secrets) {
            request = request.header(name, value);
        }
        let Ok(request) = request.body(Body::from(sample.body.clone())) else { return Ok(()) };
        let before = fingerprint();
        let (status, content_type) = runtime.block_on(async {
            let response = front.clone().oneshot(request).await.unwrap();
            let content_type = response.headers().get("content-type").map(|v| v.to_str().unwrap_or("").to_string());
            (response.status(), content_type.unwrap_or_default())
        });
        prop_assert!(!status.is_server_error(), "/s/{shop}{}: {status}", sample.path);
        if shop != "north" {
            prop_assert_eq!(status, StatusCode::NOT_FOUND, "/s/{}{}: no such shop", shop, sample.path);
        }
        if status.is_client_error() {
            let page = content_type.starts_with("text/html");
            prop_assert!(page || content_type == "application/problem+json", "{status} {content_type}");
            prop_assert!(fingerprint() == before, "a refused request wrote something: /s/{shop}{}", sample.path);
        }
        Ok(())
    });
    if let Err(failure) = result {
        panic!("{failure}");
    }
}
