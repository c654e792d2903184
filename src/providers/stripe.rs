//! Stripe webhooks: `payment_intent.amount_capturable_updated` (money held, to capture on shipping),
//! `payment_intent.succeeded`, `charge.captured`, `charge.succeeded` (captured), `payment_intent.payment_failed`,
//! `payment_intent.canceled` (a hold released), `charge.refunded`; and the API that captures a hold or cancels it. The order is named in the object's metadata, under the first of `STRIPE_ORDER_KEYS` found (`order_id` by default); charges often lack it (Stripe
//! does not copy PaymentIntent metadata), so their `payment_intent` is returned as the reference.

use super::capture::{CaptureError, CaptureRequest, Captured, refusal_or_outage};
use super::{PaymentIntake, ProviderError, WebhookRequest, parse_json};
use crate::config::StripeApiSettings;
use crate::domain::{Authorization, InvalidField, PaymentChange, PaymentEvent, PaymentProvider};
use serde::Deserialize;
use std::time::Duration;

pub const SIGNATURE_HEADER: &str = "Stripe-Signature";

#[derive(Deserialize)]
struct Event {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    data: Data,
}

#[derive(Deserialize)]
struct Data {
    object: Object,
}

#[derive(Deserialize)]
struct Object {
    id: Option<String>,
    amount: Option<i64>,
    amount_received: Option<i64>,
    amount_capturable: Option<i64>,
    amount_captured: Option<i64>,
    amount_refunded: Option<i64>,
    currency: Option<String>,
    /// `{}` or, in old API versions, `[]` when empty.
    #[serde(default)]
    metadata: serde_json::Value,
    payment_intent: Option<String>,
    /// A charge: whether its money was taken (`false` for a hold).
    captured: Option<bool>,
    last_payment_error: Option<PaymentError>,
}

#[derive(Deserialize)]
struct PaymentError {
    code: Option<String>,
    decline_code: Option<String>,
}

pub fn read_payment(request: &WebhookRequest<'_>) -> Result<PaymentIntake, ProviderError> {
    request.check_timestamped(SIGNATURE_HEADER)?;
    request.require_json()?;
    let event: Event = parse_json(request.body)?;
    let object = event.data.object;
    let currency = || object.currency.clone().ok_or_else(|| InvalidField::new("data.object.currency", "required"));
    let amount = |value: Option<i64>, field: &str| value.ok_or_else(|| InvalidField::new(field, "required"));
    let (change, reference) = match event.kind.as_str() {
        "payment_intent.amount_capturable_updated" => (
            PaymentChange::Authorized {
                amount_minor: amount(object.amount_capturable, "data.object.amount_capturable")?,
                currency: currency()?,
            },
            object.id.clone(),
        ),
        "payment_intent.canceled" => {
            (PaymentChange::Failed { reason: Some("authorization released".into()) }, object.id.clone())
        }
        "payment_intent.succeeded" => (
            PaymentChange::Captured {
                amount_minor: amount(object.amount_received.or(object.amount), "data.object.amount_received")?,
                currency: currency()?,
            },
            object.id.clone(),
        ),
        // A charge taken at once (what the WooCommerce Stripe gateway listens to); a hold is
        // told by its PaymentIntent's `amount_capturable_updated`.
        "charge.succeeded" if object.captured != Some(true) => {
            return Ok(PaymentIntake::Ignored { reason: "a charge not captured yet".into() });
        }
        "charge.captured" | "charge.succeeded" => (
            PaymentChange::Captured {
                amount_minor: amount(object.amount_captured.or(object.amount), "data.object.amount_captured")?,
                currency: currency()?,
            },
            object.payment_intent.clone().or(object.id.clone()),
        ),
        "payment_intent.payment_failed" => {
            let reason = object.last_payment_error.as_ref().and_then(|e| e.decline_code.clone().or(e.code.clone()));
            (PaymentChange::Failed { reason }, object.id.clone())
        }
        "charge.refunded" => (
            PaymentChange::Refunded {
                amount_minor: None,
                total_refunded_minor: Some(amount(object.amount_refunded, "data.object.amount_refunded")?),
                currency: currency()?,
            },
            object.payment_intent.clone().or(object.id.clone()),
        ),
        other => return Ok(PaymentIntake::Ignored { reason: format!("event type {other} is not handled") }),
    };
    // The first of the configured metadata keys that names the order.
    let named = |key: &String| match object.metadata.get(key) {
        Some(serde_json::Value::String(id)) if !id.trim().is_empty() => Some(id.trim().to_string()),
        Some(serde_json::Value::Number(id)) => Some(id.to_string()),
        _ => None,
    };
    let default_keys = ["order_id".to_string()];
    let keys = if request.order_keys.is_empty() { &default_keys[..] } else { request.order_keys };
    let order_id = keys.iter().find_map(named).unwrap_or_default();
    Ok(PaymentIntake::Payment(PaymentEvent {
        provider: PaymentProvider::Stripe,
        event_id: event.id,
        order_id,
        reference,
        change,
    }))
}

/// Stripe's API, for capturing (or cancelling) PaymentIntents created with `capture_method: manual`.
pub struct StripeApi {
    http: reqwest::Client,
    settings: StripeApiSettings,
}

#[derive(Deserialize)]
struct Intent {
    id: String,
    #[serde(default)]
    status: String,
    amount_received: Option<i64>,
}

#[derive(Deserialize)]
struct ErrorBody {
    error: ErrorDetail,
}

#[derive(Deserialize)]
struct ErrorDetail {
    code: Option<String>,
    message: Option<String>,
    /// The PaymentIntent as it is, on an error about one.
    payment_intent: Option<Intent>,
}

/// Stripe's refusal, read: its code and message, and the PaymentIntent it is about.
struct Refusal {
    reason: Option<String>,
    intent: Option<Intent>,
}

impl StripeApi {
    pub fn new(settings: StripeApiSettings) -> Self {
        // Within the function's 10 s timeout, so that staff get an answer rather than a dropped request.
        let http = reqwest::Client::builder().timeout(Duration::from_secs(8)).build().expect("an HTTP client");
        Self { http, settings }
    }

    /// `POST /v1/payment_intents/{id}/capture` for the amount asked (at most what is held).
    pub async fn capture(&self, request: &CaptureRequest<'_>) -> Result<Captured, CaptureError> {
        let url = format!("{}/v1/payment_intents/{}/capture", self.settings.api_base, request.held.reference);
        let response = self
            .http
            .post(url)
            .bearer_auth(&self.settings.secret_key)
            .header("Idempotency-Key", request.idempotency_key)
            .form(&[("amount_to_capture", request.amount_minor.to_string())])
            .send()
            .await
            .map_err(|e| CaptureError::Unavailable(format!("Stripe: {e}")))?;
        let status = response.status();
        let captured = |intent: Intent| Captured {
            reference: intent.id,
            amount_minor: intent.amount_received.unwrap_or(request.amount_minor),
        };
        if status.is_success() {
            let intent: Intent =
                response.json().await.map_err(|e| CaptureError::Unavailable(format!("Stripe's answer: {e}")))?;
            return Ok(captured(intent));
        }
        // Captured already, by an earlier attempt whose answer was lost: the same money, taken once.
        match Self::refusal(response).await {
            Refusal { intent: Some(intent), .. } if intent.status == "succeeded" => Ok(captured(intent)),
            Refusal { reason, .. } => Err(refusal_or_outage("Stripe", status, reason)),
        }
    }

    /// `POST /v1/payment_intents/{id}/cancel`: the held money goes back to the customer.
    pub async fn release(&self, held: &Authorization, idempotency_key: &str) -> Result<(), CaptureError> {
        let url = format!("{}/v1/payment_intents/{}/cancel", self.settings.api_base, held.reference);
        let response = self
            .http
            .post(url)
            .bearer_auth(&self.settings.secret_key)
            .header("Idempotency-Key", idempotency_key)
            .send()
            .await
            .map_err(|e| CaptureError::Unavailable(format!("Stripe: {e}")))?;
        let status = response.status();
        if status.is_success() {
            return Ok(());
        }
        match Self::refusal(response).await {
            Refusal { intent: Some(intent), .. } if intent.status == "canceled" => Ok(()),
            Refusal { reason, .. } => Err(refusal_or_outage("Stripe", status, reason)),
        }
    }

    /// Stripe's error code and message, and the PaymentIntent, when its answer has them.
    async fn refusal(response: reqwest::Response) -> Refusal {
        match response.json::<ErrorBody>().await {
            Ok(ErrorBody { error }) => Refusal {
                reason: Some([error.code, error.message].into_iter().flatten().collect::<Vec<_>>().join(": ")),
                intent: error.payment_intent,
            },
            Err(_) => Refusal { reason: None, intent: None },
        }
    }
}
