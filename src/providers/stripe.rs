//! Stripe webhooks: `payment_intent.succeeded`, `charge.captured`, `payment_intent.payment_failed`,
//! `charge.refunded`. The order is `metadata.order_id` of the object; charges often lack it (Stripe
//! does not copy PaymentIntent metadata), so their `payment_intent` is returned as the reference.

use super::{PaymentIntake, ProviderError, WebhookRequest, parse_json};
use crate::domain::{InvalidField, PaymentChange, PaymentEvent, PaymentProvider};
use serde::Deserialize;

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
    amount_captured: Option<i64>,
    amount_refunded: Option<i64>,
    currency: Option<String>,
    /// `{}` or, in old API versions, `[]` when empty.
    #[serde(default)]
    metadata: serde_json::Value,
    payment_intent: Option<String>,
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
        "payment_intent.succeeded" => (
            PaymentChange::Captured {
                amount_minor: amount(object.amount_received.or(object.amount), "data.object.amount_received")?,
                currency: currency()?,
            },
            object.id.clone(),
        ),
        "charge.captured" => (
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
    let order_id = match object.metadata.get("order_id") {
        Some(serde_json::Value::String(id)) => id.clone(),
        Some(serde_json::Value::Number(id)) => id.to_string(),
        _ => String::new(),
    };
    Ok(PaymentIntake::Payment(PaymentEvent {
        provider: PaymentProvider::Stripe,
        event_id: event.id,
        order_id,
        reference,
        change,
    }))
}
