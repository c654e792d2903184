//! A local stand-in for the payment providers' capture APIs, for `orderflow dev` and the tests:
//! Stripe's `POST /v1/payment_intents/{id}/capture` and `/cancel`, PayPal's OAuth token and
//! `POST /v2/payments/authorizations/{id}/capture` and `/void`, answered as the providers answer them.
//!
//! What is captured is decided by the id: one containing `expired` is refused as an expired
//! authorization, one containing `unavailable` fails with a 500, one containing `lost` is captured
//! (or voided, for PayPal) but answered with a 500 the first time; any other is captured (or released) once, and a captured
//! one cannot be released, nor a released one captured (Stripe's refusal names the PaymentIntent's
//! status, as Stripe's does). A
//! repeated idempotency key (Stripe's `Idempotency-Key`, PayPal's `PayPal-Request-Id`) gets the first
//! answer again without capturing twice, as the providers do.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

/// The Stripe key the fake accepts.
pub const STRIPE_KEY: &str = "sk_test_orderflow_local";
const PAYPAL_CLIENT: (&str, &str) = ("orderflow-local-client", "orderflow-local-secret");
const PAYPAL_TOKEN: &str = "A21AA-orderflow-local";

/// A capture the fake made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FakeCapture {
    /// `stripe` or `paypal`.
    pub provider: &'static str,
    /// The PaymentIntent or authorization captured.
    pub reference: String,
    /// As sent: minor units for Stripe, a decimal string for PayPal.
    pub amount: String,
}

/// A hold the fake released.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FakeRelease {
    /// `stripe` or `paypal`.
    pub provider: &'static str,
    /// The PaymentIntent cancelled or the authorization voided.
    pub reference: String,
}

#[derive(Default)]
struct Ledger {
    answers: HashMap<String, (StatusCode, Value)>,
    /// Ids captured or released: done with.
    settled: HashSet<String>,
    captures: Vec<FakeCapture>,
    releases: Vec<FakeRelease>,
    /// Ids whose capture was answered with a failure although it was made.
    lost: HashSet<String>,
}

impl Ledger {
    /// A settled PaymentIntent's status: `succeeded` once captured, `canceled` once released.
    fn stripe_state(&self, id: &str) -> Option<&'static str> {
        if self.captures.iter().any(|c| c.reference == id) {
            Some("succeeded")
        } else if self.releases.iter().any(|r| r.reference == id) {
            Some("canceled")
        } else {
            None
        }
    }

    /// Stripe's refusal of an action a PaymentIntent's state does not allow, with the PaymentIntent.
    fn unexpected_state(&self, id: &str, message: &str) -> (StatusCode, Value) {
        let (status, mut body) = stripe_error(StatusCode::BAD_REQUEST, "payment_intent_unexpected_state", message);
        let received: i64 =
            self.captures.iter().filter(|c| c.reference == id).filter_map(|c| c.amount.parse::<i64>().ok()).sum();
        let state = self.stripe_state(id).unwrap_or("requires_capture");
        body["error"]["payment_intent"] =
            json!({ "id": id, "object": "payment_intent", "status": state, "amount_received": received });
        (status, body)
    }
}

type Shared = Arc<Mutex<Ledger>>;

pub struct FakePaymentApi {
    /// `http://127.0.0.1:PORT`, the API base of both providers.
    pub base: String,
    ledger: Shared,
}

impl FakePaymentApi {
    /// Serves on a free loopback port until the runtime stops.
    pub async fn start() -> std::io::Result<Self> {
        let ledger = Shared::default();
        let router = Router::new()
            .route("/v1/payment_intents/{id}/capture", post(stripe_capture))
            .route("/v1/payment_intents/{id}/cancel", post(stripe_cancel))
            .route("/v1/oauth2/token", post(paypal_token))
            .route("/v2/payments/authorizations/{id}/capture", post(paypal_capture))
            .route("/v2/payments/authorizations/{id}/void", post(paypal_void))
            .with_state(ledger.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let base = format!("http://{}", listener.local_addr()?);
        tokio::spawn(async move { axum::serve(listener, router).await });
        Ok(Self { base, ledger })
    }

    /// The settings that point both providers' APIs here.
    pub fn vars(&self) -> Vec<(&'static str, String)> {
        vec![
            ("STRIPE_API_BASE", self.base.clone()),
            ("STRIPE_SECRET_KEY", STRIPE_KEY.into()),
            ("PAYPAL_API_BASE", self.base.clone()),
            ("PAYPAL_CLIENT_ID", PAYPAL_CLIENT.0.into()),
            ("PAYPAL_CLIENT_SECRET", PAYPAL_CLIENT.1.into()),
        ]
    }

    /// Every capture made, in order (a repeated idempotency key adds none).
    pub fn captures(&self) -> Vec<FakeCapture> {
        self.ledger.lock().expect("ledger").captures.clone()
    }

    /// Every hold released, in order (a repeated idempotency key adds none).
    pub fn releases(&self) -> Vec<FakeRelease> {
        self.ledger.lock().expect("ledger").releases.clone()
    }
}

/// Answers once per idempotency key: the first answer is kept and given again.
fn once(ledger: &Shared, key: Option<&str>, answer: impl FnOnce(&mut Ledger) -> (StatusCode, Value)) -> Response {
    let mut ledger = ledger.lock().expect("ledger");
    if let Some(kept) = key.and_then(|k| ledger.answers.get(k)) {
        return (kept.0, axum::Json(kept.1.clone())).into_response();
    }
    let (status, body) = answer(&mut ledger);
    if let Some(key) = key {
        ledger.answers.insert(key.to_string(), (status, body.clone()));
    }
    (status, axum::Json(body)).into_response()
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

fn stripe_error(status: StatusCode, code: &str, message: &str) -> (StatusCode, Value) {
    (status, json!({ "error": { "type": "invalid_request_error", "code": code, "message": message } }))
}

fn stripe_unauthorized(headers: &HeaderMap) -> Option<Response> {
    let key = format!("Bearer {STRIPE_KEY}");
    (header(headers, "authorization") != Some(key.as_str())).then(|| {
        let (status, body) = stripe_error(StatusCode::UNAUTHORIZED, "api_key_invalid", "Invalid API Key provided");
        (status, axum::Json(body)).into_response()
    })
}

async fn stripe_cancel(State(ledger): State<Shared>, Path(id): Path<String>, headers: HeaderMap) -> Response {
    if let Some(refused) = stripe_unauthorized(&headers) {
        return refused;
    }
    once(&ledger, header(&headers, "idempotency-key"), |ledger| {
        if id.contains("unavailable") {
            return stripe_error(StatusCode::INTERNAL_SERVER_ERROR, "api_error", "An unknown error occurred");
        }
        if let Some(state) = ledger.stripe_state(&id) {
            let message = format!("You cannot cancel this PaymentIntent because it has a status of {state}.");
            return ledger.unexpected_state(&id, &message);
        }
        ledger.settled.insert(id.clone());
        ledger.releases.push(FakeRelease { provider: "stripe", reference: id.clone() });
        (StatusCode::OK, json!({ "id": id, "object": "payment_intent", "status": "canceled" }))
    })
}

async fn stripe_capture(
    State(ledger): State<Shared>,
    Path(id): Path<String>,
    headers: HeaderMap,
    axum::Form(form): axum::Form<HashMap<String, String>>,
) -> Response {
    if let Some(refused) = stripe_unauthorized(&headers) {
        return refused;
    }
    once(&ledger, header(&headers, "idempotency-key"), |ledger| {
        if id.contains("unavailable") {
            return stripe_error(StatusCode::INTERNAL_SERVER_ERROR, "api_error", "An unknown error occurred");
        }
        if id.contains("expired") {
            return stripe_error(
                StatusCode::BAD_REQUEST,
                "charge_expired_for_capture",
                "The charge has expired and can no longer be captured.",
            );
        }
        if let Some(state) = ledger.stripe_state(&id) {
            let message = format!("This PaymentIntent could not be captured because it has a status of {state}.");
            return ledger.unexpected_state(&id, &message);
        }
        ledger.settled.insert(id.clone());
        let amount = form.get("amount_to_capture").cloned().unwrap_or_default();
        ledger.captures.push(FakeCapture { provider: "stripe", reference: id.clone(), amount: amount.clone() });
        let received: i64 = amount.parse().unwrap_or_default();
        if id.contains("lost") && ledger.lost.insert(id.clone()) {
            // Captured, and then the answer is a failure (once): as when Stripe's answer is lost.
            return stripe_error(StatusCode::INTERNAL_SERVER_ERROR, "api_error", "An unknown error occurred");
        }
        (
            StatusCode::OK,
            json!({ "id": id, "object": "payment_intent", "status": "succeeded", "amount_received": received }),
        )
    })
}

async fn paypal_token(headers: HeaderMap) -> Response {
    use base64::Engine as _;
    let expected = base64::engine::general_purpose::STANDARD.encode(format!("{}:{}", PAYPAL_CLIENT.0, PAYPAL_CLIENT.1));
    if header(&headers, "authorization") != Some(&format!("Basic {expected}")) {
        let body = json!({ "error": "invalid_client", "error_description": "Client Authentication failed" });
        return (StatusCode::UNAUTHORIZED, axum::Json(body)).into_response();
    }
    axum::Json(json!({ "access_token": PAYPAL_TOKEN, "token_type": "Bearer", "expires_in": 32400 })).into_response()
}

fn paypal_unauthorized(headers: &HeaderMap) -> Option<Response> {
    let token = format!("Bearer {PAYPAL_TOKEN}");
    (header(headers, "authorization") != Some(token.as_str()))
        .then(|| (StatusCode::UNAUTHORIZED, axum::Json(json!({ "error": "invalid_token" }))).into_response())
}

fn unprocessable(issue: &str, description: &str) -> (StatusCode, Value) {
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        json!({
            "name": "UNPROCESSABLE_ENTITY",
            "message": "The requested action could not be performed, semantically incorrect, or failed business validation.",
            "details": [{ "issue": issue, "description": description }],
        }),
    )
}

async fn paypal_void(State(ledger): State<Shared>, Path(id): Path<String>, headers: HeaderMap) -> Response {
    if let Some(refused) = paypal_unauthorized(&headers) {
        return refused;
    }
    once(&ledger, header(&headers, "paypal-request-id"), |ledger| {
        if id.contains("unavailable") {
            return (StatusCode::INTERNAL_SERVER_ERROR, json!({ "name": "INTERNAL_SERVER_ERROR" }));
        }
        if ledger.releases.iter().any(|r| r.reference == id) {
            return unprocessable("PREVIOUSLY_VOIDED", "Authorization has been previously voided.");
        }
        if !ledger.settled.insert(id.clone()) {
            return unprocessable("PREVIOUSLY_CAPTURED", "Authorization has been previously captured.");
        }
        ledger.releases.push(FakeRelease { provider: "paypal", reference: id.clone() });
        if id.contains("lost") && ledger.lost.insert(id.clone()) {
            // Voided, and then the answer is a failure (once): as when PayPal's answer is lost.
            return (StatusCode::INTERNAL_SERVER_ERROR, json!({ "name": "INTERNAL_SERVER_ERROR" }));
        }
        (StatusCode::OK, json!({ "id": id, "status": "VOIDED" }))
    })
}

async fn paypal_capture(
    State(ledger): State<Shared>,
    Path(id): Path<String>,
    headers: HeaderMap,
    axum::Json(request): axum::Json<Value>,
) -> Response {
    if let Some(refused) = paypal_unauthorized(&headers) {
        return refused;
    }
    once(&ledger, header(&headers, "paypal-request-id"), |ledger| {
        if id.contains("unavailable") {
            return (StatusCode::INTERNAL_SERVER_ERROR, json!({ "name": "INTERNAL_SERVER_ERROR" }));
        }
        if id.contains("expired") {
            return unprocessable("AUTHORIZATION_EXPIRED", "Authorization has expired.");
        }
        if !ledger.settled.insert(id.clone()) {
            return unprocessable("AUTHORIZATION_ALREADY_CAPTURED", "Authorization has been previously captured.");
        }
        let amount = request["amount"].clone();
        let value = amount["value"].as_str().unwrap_or_default().to_string();
        ledger.captures.push(FakeCapture { provider: "paypal", reference: id.clone(), amount: value });
        (StatusCode::CREATED, json!({ "id": format!("CAP{id}"), "status": "COMPLETED", "amount": amount }))
    })
}
