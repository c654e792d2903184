//! Hostile input, generated: every provider parser, the back office and the status routes get
//! bodies, headers and paths made from the real samples in `events/` (a field replaced by any JSON
//! value or removed, any JSON, any text), signed as their sender signs so that they reach the
//! parser. Whatever arrives gets a 4xx or a 200, never a 5xx (bar the deliberate 503 that makes a
//! provider retry an event for an order not known yet) and never a panic (a panic aborts a release
//! build: an outage of that function instance), and a rejected request writes nothing.

use axum::body::Body;
use http::{Request, StatusCode};
use orderflow::app::App;
use orderflow::clock::Clock;
use orderflow::config::Settings;
use orderflow::local::replay::{Sample, samples, signature_for};
use orderflow::notify::memory::MemoryQueue;
use orderflow::store::MemoryStore;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::Value;
use std::sync::Arc;
use tower::ServiceExt;

/// Cases per parser.
const CASES: u32 = 10_000;

fn app() -> Arc<App<MemoryStore, MemoryQueue>> {
    let mut settings = Settings::example(&[]);
    settings.secrets.fill_dev_defaults();
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

fn request(
    app: &App<MemoryStore, MemoryQueue>,
    samples: &[(Sample, Value, Vec<String>)],
    case: &Case,
) -> Option<Request<Body>> {
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
    let mut headers = sample.signed(&body, &app.settings.secrets);
    let auth = signature_for(&sample.path, &body, &app.settings.secrets).map(|(name, _)| name.to_ascii_lowercase());
    let is_auth = |name: &String| auth.as_deref() == Some(name.to_ascii_lowercase().as_str());
    match case.signature {
        Signature::Valid => {}
        Signature::Missing => headers.retain(|name, _| !is_auth(name)),
        Signature::Corrupt => headers.iter_mut().filter(|(name, _)| is_auth(name)).for_each(|(_, v)| v.push('0')),
    }
    headers.retain(|name, _| !name.eq_ignore_ascii_case("content-type"));
    let query = if sample.query.is_empty() { String::new() } else { format!("?{}", sample.query) };
    let mut builder = Request::builder().method(sample.method.as_str()).uri(format!("{path}{query}"));
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
    let app = app();
    let router = orderflow::http::router(app.clone());
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
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
    let config = Config { cases: CASES, failure_persistence: None, ..Config::default() };
    let mut runner = TestRunner::new(config);
    // What the cases got, so that a run whose every case bounced off the signature check fails.
    let seen = std::cell::RefCell::new(std::collections::BTreeSet::new());
    let result = runner.run(&case(samples.len(), segments), |case| {
        let Some(request) = request(&app, &samples, &case) else { return Ok(()) };
        let request_path = request.uri().path().to_string();
        let before = app.store.fingerprint();
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
            prop_assert_eq!(app.store.fingerprint(), before, "a rejected request wrote something: {} {}", status, body);
        }
        Ok(())
    });
    if let Err(failure) = result {
        panic!("{route}: {failure}");
    }
    // Past the signature and the media type: the parser (or the order lookup after it) answered.
    let seen = seen.into_inner();
    assert!(seen.iter().any(|s| ![401, 413, 415].contains(s)), "{route}: only {seen:?}");
    assert!(seen.contains(&401) || !route.starts_with("/webhooks/"), "{route}: unsigned requests got {seen:?}");
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
