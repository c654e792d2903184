//! A local stand-in for the storefronts' webhook APIs, for the tests of `orderflow shops connect`:
//! Shopify's GraphQL Admin API (`webhookSubscriptions`, `webhookSubscriptionCreate`, behind
//! `X-Shopify-Access-Token`) and WooCommerce's REST webhooks (`GET`, `POST /wp-json/wc/v3/webhooks`,
//! `PUT …/{id}`, behind HTTP basic authentication with a key and secret), answering as they do:
//! Shopify refuses a second subscription of a topic to the same address and an address that is
//! not HTTPS; WooCommerce pages its list.

use axum::Json;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use base64::Engine;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// The Admin API access token the fake Shopify accepts.
pub const SHOPIFY_TOKEN: &str = "shpat_orderflow_local";
/// The REST API key and secret the fake WooCommerce accepts.
pub const WOOCOMMERCE_KEY: (&str, &str) = ("ck_orderflow_local", "cs_orderflow_local");

/// A subscription the fake holds: its topic as the storefront names it (`ORDERS_CREATE`,
/// `order.created`), address, status and (WooCommerce) signing secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FakeSubscription {
    pub id: u64,
    pub topic: String,
    pub address: String,
    pub status: String,
    pub secret: Option<String>,
}

#[derive(Default)]
struct Held {
    shopify: Vec<FakeSubscription>,
    woocommerce: Vec<FakeSubscription>,
    next: u64,
}

type Shared = Arc<Mutex<Held>>;

pub struct FakeStorefronts {
    /// `http://127.0.0.1:PORT`: the store's address for both.
    pub base: String,
    held: Shared,
}

impl FakeStorefronts {
    /// Serves on a free loopback port until the runtime stops.
    pub async fn start() -> std::io::Result<Self> {
        let held = Shared::default();
        let router = Router::new()
            .route("/admin/api/{version}/graphql.json", post(shopify_graphql))
            .route("/wp-json/wc/v3/webhooks", get(woo_list).post(woo_create))
            .route("/wp-json/wc/v3/webhooks/{id}", put(woo_update))
            .with_state(held.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let base = format!("http://{}", listener.local_addr()?);
        tokio::spawn(async move { axum::serve(listener, router).await });
        Ok(Self { base, held })
    }

    pub fn shopify(&self) -> Vec<FakeSubscription> {
        self.held.lock().expect("held").shopify.clone()
    }

    pub fn woocommerce(&self) -> Vec<FakeSubscription> {
        self.held.lock().expect("held").woocommerce.clone()
    }

    /// A subscription made by someone else (another app, or by hand).
    pub fn add_shopify(&self, topic: &str, address: &str) {
        let mut held = self.held.lock().expect("held");
        held.next += 1;
        let id = held.next;
        let status = "active".into();
        held.shopify.push(FakeSubscription { id, topic: topic.into(), address: address.into(), status, secret: None });
    }

    /// What WooCommerce does to a webhook whose deliveries kept failing.
    pub fn disable_woocommerce(&self, topic: &str) {
        let mut held = self.held.lock().expect("held");
        held.woocommerce.iter_mut().filter(|s| s.topic == topic).for_each(|s| s.status = "disabled".into());
    }
}

async fn shopify_graphql(State(held): State<Shared>, headers: HeaderMap, Json(body): Json<Value>) -> Response {
    if headers.get("x-shopify-access-token").and_then(|v| v.to_str().ok()) != Some(SHOPIFY_TOKEN) {
        let errors = "[API] Invalid API key or access token (unrecognized login or wrong password)";
        return (StatusCode::UNAUTHORIZED, Json(json!({ "errors": errors }))).into_response();
    }
    let query = body["query"].as_str().unwrap_or_default();
    let variables = &body["variables"];
    let mut held = held.lock().expect("held");
    if query.contains("webhookSubscriptionCreate") {
        let (topic, uri) =
            (variables["topic"].as_str().unwrap_or_default(), variables["uri"].as_str().unwrap_or_default());
        let refusal = if !uri.starts_with("https://") {
            Some("Address protocol http:// is not supported")
        } else if held.shopify.iter().any(|s| s.topic == topic && s.address == uri) {
            Some("Address for this topic has already been taken")
        } else {
            None
        };
        if let Some(message) = refusal {
            let errors = json!([{ "field": ["webhookSubscription", "callbackUrl"], "message": message }]);
            let data = json!({ "webhookSubscriptionCreate": { "webhookSubscription": null, "userErrors": errors } });
            return Json(json!({ "data": data })).into_response();
        }
        held.next += 1;
        let id = held.next;
        let (topic, address) = (topic.to_string(), uri.to_string());
        held.shopify.push(FakeSubscription { id, topic, address, status: "active".into(), secret: None });
        let made = json!({ "id": format!("gid://shopify/WebhookSubscription/{id}") });
        let data = json!({ "webhookSubscriptionCreate": { "webhookSubscription": made, "userErrors": [] } });
        return Json(json!({ "data": data })).into_response();
    }
    if !query.contains("webhookSubscriptions") {
        return Json(json!({ "errors": [{ "message": "the fake answers webhook subscriptions only" }] }))
            .into_response();
    }
    let first = variables["first"].as_u64().unwrap_or(250).min(250) as usize;
    let after: usize = variables["after"].as_str().and_then(|a| a.parse().ok()).unwrap_or(0);
    let nodes: Vec<Value> = held
        .shopify
        .iter()
        .skip(after)
        .take(first)
        .map(|s| json!({ "id": format!("gid://shopify/WebhookSubscription/{}", s.id), "topic": s.topic, "uri": s.address }))
        .collect();
    let end = after + nodes.len();
    let page = json!({ "hasNextPage": end < held.shopify.len(), "endCursor": end.to_string() });
    Json(json!({ "data": { "webhookSubscriptions": { "nodes": nodes, "pageInfo": page } } })).into_response()
}

fn woo_authorised(headers: &HeaderMap) -> bool {
    let expected =
        base64::engine::general_purpose::STANDARD.encode(format!("{}:{}", WOOCOMMERCE_KEY.0, WOOCOMMERCE_KEY.1));
    headers.get("authorization").and_then(|v| v.to_str().ok()) == Some(&format!("Basic {expected}"))
}

fn woo_refused() -> Response {
    let body = json!({ "code": "woocommerce_rest_cannot_view", "message": "Sorry, you cannot list resources.", "data": { "status": 401 } });
    (StatusCode::UNAUTHORIZED, Json(body)).into_response()
}

fn woo_hook(s: &FakeSubscription) -> Value {
    json!({ "id": s.id, "name": format!("webhook {}", s.id), "status": s.status, "topic": s.topic, "delivery_url": s.address })
}

async fn woo_list(
    State(held): State<Shared>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    if !woo_authorised(&headers) {
        return woo_refused();
    }
    let per_page: usize = query.get("per_page").and_then(|p| p.parse().ok()).unwrap_or(10).clamp(1, 100);
    let page: usize = query.get("page").and_then(|p| p.parse().ok()).unwrap_or(1).max(1);
    let held = held.lock().expect("held");
    let hooks: Vec<Value> = held.woocommerce.iter().skip((page - 1) * per_page).take(per_page).map(woo_hook).collect();
    Json(Value::Array(hooks)).into_response()
}

async fn woo_create(State(held): State<Shared>, headers: HeaderMap, Json(body): Json<Value>) -> Response {
    if !woo_authorised(&headers) {
        return woo_refused();
    }
    let mut held = held.lock().expect("held");
    held.next += 1;
    let made = FakeSubscription {
        id: held.next,
        topic: body["topic"].as_str().unwrap_or_default().into(),
        address: body["delivery_url"].as_str().unwrap_or_default().into(),
        status: body["status"].as_str().unwrap_or("active").into(),
        secret: body["secret"].as_str().map(str::to_string),
    };
    let answer = woo_hook(&made);
    held.woocommerce.push(made);
    (StatusCode::CREATED, Json(answer)).into_response()
}

async fn woo_update(
    State(held): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<u64>,
    Json(body): Json<Value>,
) -> Response {
    if !woo_authorised(&headers) {
        return woo_refused();
    }
    let mut held = held.lock().expect("held");
    let Some(hook) = held.woocommerce.iter_mut().find(|s| s.id == id) else {
        let body = json!({ "code": "woocommerce_rest_webhook_invalid_id", "message": "Invalid ID.", "data": { "status": 404 } });
        return (StatusCode::NOT_FOUND, Json(body)).into_response();
    };
    if let Some(status) = body["status"].as_str() {
        hook.status = status.into();
    }
    if let Some(secret) = body["secret"].as_str() {
        hook.secret = Some(secret.into());
    }
    Json(woo_hook(hook)).into_response()
}
