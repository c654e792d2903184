//! `orderflow replay`: sends the API Gateway request samples in `events/` to a running
//! `orderflow dev`: webhooks signed afresh with the configured secrets, admin requests with the
//! admin token.

use crate::config::WebhookSecrets;
use crate::domain::CarrierProvider;
use crate::domain::{OrderSource, PaymentProvider};
use crate::providers::{sign_order, sign_payment, sign_tracking};
use jiff::Timestamp;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The parts of an API Gateway HTTP API (v2) request event that replay needs.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct HttpEvent {
    raw_path: String,
    #[serde(default)]
    raw_query_string: String,
    #[serde(default)]
    headers: BTreeMap<String, String>,
    #[serde(default)]
    body: Option<String>,
    request_context: RequestContext,
}

#[derive(Deserialize)]
struct RequestContext {
    http: Method,
}

#[derive(Deserialize)]
struct Method {
    method: String,
}

/// One replayed request and its answer.
#[derive(Debug)]
pub struct Replayed {
    pub file: PathBuf,
    pub request: String,
    pub status: u16,
    pub body: String,
}

/// Every `.json` file under `paths`, in name order.
fn event_files(paths: &[PathBuf]) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut entries: Vec<PathBuf> =
                std::fs::read_dir(path)?.map(|e| e.map(|e| e.path())).collect::<Result<_, _>>()?;
            entries.sort();
            files.extend(event_files(&entries)?);
        } else if path.extension().is_some_and(|e| e == "json") {
            files.push(path.clone());
        }
    }
    Ok(files)
}

/// Signs an order or payment webhook body the way its source does; other routes go as they are.
fn sign(event: &mut HttpEvent, secrets: &WebhookSecrets) {
    if let Some((header, value)) = signature_for(&event.raw_path, event.body.as_deref().unwrap_or_default(), secrets) {
        event.headers.retain(|name, _| !name.eq_ignore_ascii_case(header));
        event.headers.insert(header.to_ascii_lowercase(), value);
    }
}

/// The header that authenticates a request to `path` with `body`, as its sender would make it:
/// webhooks signed now with the configured secrets, admin requests with the admin token.
pub fn signature_for(path: &str, body: &str, secrets: &WebhookSecrets) -> Option<(&'static str, String)> {
    let body = body.as_bytes();
    if let Some(source) = path.strip_prefix("/webhooks/orders/").and_then(OrderSource::from_path) {
        secrets.order_secret(source).map(|secret| sign_order(source, secret, body, Timestamp::now()))
    } else if let Some(provider) = path.strip_prefix("/webhooks/payments/").and_then(PaymentProvider::from_path) {
        secrets.payment_secret(provider).map(|secret| sign_payment(provider, secret, body, Timestamp::now()))
    } else if let Some(provider) = path.strip_prefix("/webhooks/carriers/").and_then(CarrierProvider::from_path) {
        secrets.carrier_secret(provider).map(|secret| sign_tracking(provider, secret, body, Timestamp::now()))
    } else if path.starts_with("/admin/") {
        secrets.get("ADMIN_TOKEN").map(|token| ("Authorization", format!("Bearer {token}")))
    } else {
        None
    }
}

fn read_event(file: &Path) -> Option<HttpEvent> {
    serde_json::from_slice(&std::fs::read(file).ok()?).ok()
}

/// One HTTP request sample of `events/`, as sent.
#[derive(Clone, Debug)]
pub struct Sample {
    pub file: PathBuf,
    pub method: String,
    pub path: String,
    pub query: String,
    pub headers: BTreeMap<String, String>,
    pub body: String,
}

impl Sample {
    /// The request's authentication header made afresh for `body` (see [`signature_for`]).
    pub fn signed(&self, body: &str, secrets: &WebhookSecrets) -> BTreeMap<String, String> {
        let mut headers = self.headers.clone();
        if let Some((header, value)) = signature_for(&self.path, body, secrets) {
            headers.retain(|name, _| !name.eq_ignore_ascii_case(header));
            headers.insert(header.to_ascii_lowercase(), value);
        }
        headers
    }
}

/// Every HTTP request sample under `paths` (queue and schedule events are not HTTP requests).
pub fn samples(paths: &[PathBuf]) -> std::io::Result<Vec<Sample>> {
    Ok(event_files(paths)?
        .into_iter()
        .filter_map(|file| {
            let event = read_event(&file)?;
            Some(Sample {
                method: event.request_context.http.method,
                path: event.raw_path,
                query: event.raw_query_string,
                headers: event.headers,
                body: event.body.unwrap_or_default(),
                file,
            })
        })
        .collect())
}

/// Replays every HTTP request sample found under `paths` against `base_url`. Files that are not
/// HTTP requests (queue or schedule events) are skipped.
pub async fn replay(paths: &[PathBuf], base_url: &str, secrets: &WebhookSecrets) -> Result<Vec<Replayed>, String> {
    let client = reqwest::Client::new();
    let mut results = Vec::new();
    for file in event_files(paths).map_err(|e| e.to_string())? {
        let Some(mut event) = read_event(&file) else {
            continue;
        };
        sign(&mut event, secrets);
        let query =
            if event.raw_query_string.is_empty() { String::new() } else { format!("?{}", event.raw_query_string) };
        let url = format!("{}{}{query}", base_url.trim_end_matches('/'), event.raw_path);
        let method =
            reqwest::Method::from_bytes(event.request_context.http.method.as_bytes()).map_err(|e| e.to_string())?;
        let mut request = client.request(method.clone(), &url).body(event.body.clone().unwrap_or_default());
        for (name, value) in &event.headers {
            request = request.header(name, value);
        }
        let response = request.send().await.map_err(|e| format!("{url}: {e}"))?;
        results.push(Replayed {
            file,
            request: format!("{method} {}", event.raw_path),
            status: response.status().as_u16(),
            body: response.text().await.unwrap_or_default(),
        });
    }
    Ok(results)
}
