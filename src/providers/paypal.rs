//! PayPal webhooks: `PAYMENT.AUTHORIZATION.CREATED` (money held, to capture on shipping),
//! `PAYMENT.AUTHORIZATION.VOIDED`, `PAYMENT.CAPTURE.COMPLETED`, `PAYMENT.CAPTURE.DENIED`,
//! `PAYMENT.CAPTURE.REFUNDED`; and the capture or void of authorizations ([`PaypalApi::capture`], [`PaypalApi::release`]).
//! The order is the resource's `custom_id` (or `invoice_id`). PayPal signs with certificates; the
//! message is checked by a [`PaypalVerifier`]: PayPal's own verify API in AWS ([`PaypalApi`]), a
//! shared-secret double locally ([`LocalPaypalVerifier`]).

use super::capture::{CaptureError, CaptureRequest, Captured, refusal_or_outage};
use super::{PaymentIntake, ProviderError, SignatureError, WebhookRequest, parse_json};
use crate::config::PaypalApiSettings;
use crate::domain::{Authorization, Currency, InvalidField, PaymentChange, PaymentEvent, PaymentProvider};
use futures::future::BoxFuture;
use http::HeaderMap;
use serde::Deserialize;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Checks that a webhook really comes from PayPal.
pub trait PaypalVerifier: Send + Sync + 'static {
    fn verify<'a>(&'a self, headers: &'a HeaderMap, body: &'a [u8]) -> BoxFuture<'a, Result<(), SignatureError>>;
}

/// Rejects everything: PayPal is not configured (fail closed).
pub struct PaypalNotConfigured;

impl PaypalVerifier for PaypalNotConfigured {
    fn verify<'a>(&'a self, _: &'a HeaderMap, _: &'a [u8]) -> BoxFuture<'a, Result<(), SignatureError>> {
        Box::pin(async { Err(SignatureError::NotConfigured) })
    }
}

/// The local double (built with the `dev` feature only, so no deployed function can use it):
/// `PAYPAL-TRANSMISSION-SIG` is the base64 HMAC-SHA256 of the body with a shared
/// secret. Used by `orderflow dev`, `orderflow replay` and the tests; never in AWS.
#[cfg(any(test, feature = "dev"))]
pub struct LocalPaypalVerifier(pub String);

#[cfg(any(test, feature = "dev"))]
pub const LOCAL_SIGNATURE_HEADER: &str = "PAYPAL-TRANSMISSION-SIG";

#[cfg(any(test, feature = "dev"))]
impl PaypalVerifier for LocalPaypalVerifier {
    fn verify<'a>(&'a self, headers: &'a HeaderMap, body: &'a [u8]) -> BoxFuture<'a, Result<(), SignatureError>> {
        let value = headers.get(LOCAL_SIGNATURE_HEADER).and_then(|v| v.to_str().ok());
        let result = super::signature::verify_base64(LOCAL_SIGNATURE_HEADER, value, &self.0, body);
        Box::pin(async move { result })
    }
}

/// PayPal's REST API with a cached OAuth token: `POST /v1/notifications/verify-webhook-signature`
/// (when a webhook id is configured) and the capture of authorizations.
pub struct PaypalApi {
    http: reqwest::Client,
    settings: PaypalApiSettings,
    token: Mutex<Option<(String, Instant)>>,
}

#[derive(Deserialize)]
struct Token {
    access_token: String,
    expires_in: u64,
}

#[derive(Deserialize)]
struct Verification {
    verification_status: String,
}

impl PaypalApi {
    pub fn new(settings: PaypalApiSettings) -> Self {
        let http = reqwest::Client::builder().timeout(Duration::from_secs(5)).build().expect("an HTTP client");
        Self { http, settings, token: Mutex::new(None) }
    }

    async fn token(&self) -> Result<String, SignatureError> {
        if let Some((token, until)) = self.token.lock().expect("token lock").clone()
            && Instant::now() < until
        {
            return Ok(token);
        }
        let response = self
            .http
            .post(format!("{}/v1/oauth2/token", self.settings.api_base))
            .basic_auth(&self.settings.client_id, Some(&self.settings.client_secret))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("grant_type=client_credentials")
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .map_err(|e| SignatureError::VerifierUnavailable(e.to_string()))?;
        let token: Token = response.json().await.map_err(|e| SignatureError::VerifierUnavailable(e.to_string()))?;
        let until = Instant::now() + Duration::from_secs(token.expires_in.saturating_sub(60));
        *self.token.lock().expect("token lock") = Some((token.access_token.clone(), until));
        Ok(token.access_token)
    }

    async fn check(&self, headers: &HeaderMap, body: &[u8]) -> Result<(), SignatureError> {
        let header = |name: &'static str| {
            headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_string).ok_or(SignatureError::Missing(name))
        };
        let event: &serde_json::value::RawValue =
            serde_json::from_slice(body).map_err(|_| SignatureError::Malformed("body"))?;
        let request = serde_json::json!({
            "auth_algo": header("PAYPAL-AUTH-ALGO")?,
            "cert_url": header("PAYPAL-CERT-URL")?,
            "transmission_id": header("PAYPAL-TRANSMISSION-ID")?,
            "transmission_sig": header("PAYPAL-TRANSMISSION-SIG")?,
            "transmission_time": header("PAYPAL-TRANSMISSION-TIME")?,
            "webhook_id": self.settings.webhook_id.as_deref().ok_or(SignatureError::NotConfigured)?,
            "webhook_event": event,
        });
        let response = self
            .http
            .post(format!("{}/v1/notifications/verify-webhook-signature", self.settings.api_base))
            .bearer_auth(self.token().await?)
            .json(&request)
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .map_err(|e| SignatureError::VerifierUnavailable(e.to_string()))?;
        let verification: Verification =
            response.json().await.map_err(|e| SignatureError::VerifierUnavailable(e.to_string()))?;
        if verification.verification_status == "SUCCESS" { Ok(()) } else { Err(SignatureError::Mismatch) }
    }
}

#[derive(Deserialize)]
struct CaptureAnswer {
    id: String,
    amount: Option<Amount>,
}

#[derive(Deserialize)]
struct ApiError {
    message: Option<String>,
    #[serde(default)]
    details: Vec<ApiErrorDetail>,
}

#[derive(Deserialize)]
struct ApiErrorDetail {
    issue: Option<String>,
    description: Option<String>,
}

impl PaypalApi {
    /// `POST /v2/payments/authorizations/{id}/capture`, final, for the amount asked.
    pub async fn capture(&self, request: &CaptureRequest<'_>) -> Result<Captured, CaptureError> {
        let token = self.token().await.map_err(|e| CaptureError::Unavailable(format!("PayPal: {e}")))?;
        let money = crate::domain::Money::new(request.amount_minor, request.currency);
        let body = serde_json::json!({
            "amount": { "currency_code": request.currency.code(), "value": money.decimal() },
            "final_capture": true,
        });
        let url = format!("{}/v2/payments/authorizations/{}/capture", self.settings.api_base, request.held.reference);
        let response = self
            .http
            .post(url)
            .bearer_auth(token)
            .header("PayPal-Request-Id", request.idempotency_key)
            .header("Prefer", "return=representation")
            .json(&body)
            .send()
            .await
            .map_err(|e| CaptureError::Unavailable(format!("PayPal: {e}")))?;
        let status = response.status();
        if status.is_success() {
            let answer: CaptureAnswer =
                response.json().await.map_err(|e| CaptureError::Unavailable(format!("PayPal's answer: {e}")))?;
            let amount_minor = answer.amount.and_then(|a| a.minor().ok()).unwrap_or(request.amount_minor);
            return Ok(Captured { reference: answer.id, amount_minor });
        }
        Err(refusal_or_outage("PayPal", status, Self::reason(response).await))
    }

    /// `POST /v2/payments/authorizations/{id}/void`: the held money goes back to the customer.
    pub async fn release(&self, held: &Authorization, idempotency_key: &str) -> Result<(), CaptureError> {
        let token = self.token().await.map_err(|e| CaptureError::Unavailable(format!("PayPal: {e}")))?;
        let url = format!("{}/v2/payments/authorizations/{}/void", self.settings.api_base, held.reference);
        let response = self
            .http
            .post(url)
            .bearer_auth(token)
            .header("PayPal-Request-Id", idempotency_key)
            .send()
            .await
            .map_err(|e| CaptureError::Unavailable(format!("PayPal: {e}")))?;
        let status = response.status();
        if status.is_success() {
            return Ok(());
        }
        match Self::reason(response).await {
            // Voided already: by an earlier attempt whose answer was lost, or by the shop.
            Some(reason) if reason.starts_with("PREVIOUSLY_VOIDED") => Ok(()),
            reason => Err(refusal_or_outage("PayPal", status, reason)),
        }
    }

    /// PayPal's first issue and its description, when its answer has them.
    async fn reason(response: reqwest::Response) -> Option<String> {
        let error = response.json::<ApiError>().await.ok()?;
        let detail = error.details.into_iter().next();
        let issue = detail.as_ref().and_then(|d| d.issue.clone());
        let description = detail.and_then(|d| d.description).or(error.message);
        Some([issue, description].into_iter().flatten().collect::<Vec<_>>().join(": "))
    }
}

impl PaypalVerifier for PaypalApi {
    fn verify<'a>(&'a self, headers: &'a HeaderMap, body: &'a [u8]) -> BoxFuture<'a, Result<(), SignatureError>> {
        Box::pin(self.check(headers, body))
    }
}

#[derive(Deserialize)]
struct Event {
    id: String,
    event_type: String,
    resource: Resource,
}

#[derive(Deserialize)]
struct Resource {
    id: Option<String>,
    amount: Option<Amount>,
    custom_id: Option<String>,
    invoice_id: Option<String>,
}

#[derive(Deserialize)]
struct Amount {
    currency_code: String,
    value: String,
}

impl Amount {
    fn minor(&self) -> Result<i64, InvalidField> {
        Currency::parse(&self.currency_code)
            .and_then(|c| c.parse_amount(&self.value))
            .ok_or_else(|| InvalidField::new("resource.amount", "not an amount in a known currency"))
    }
}

pub async fn read_payment(
    request: &WebhookRequest<'_>,
    verifier: &dyn PaypalVerifier,
) -> Result<PaymentIntake, ProviderError> {
    verifier.verify(request.headers, request.body).await?;
    request.require_json()?;
    let event: Event = parse_json(request.body)?;
    let resource = event.resource;
    let amount = || resource.amount.as_ref().ok_or_else(|| InvalidField::new("resource.amount", "required"));
    let change = match event.event_type.as_str() {
        "PAYMENT.AUTHORIZATION.CREATED" => {
            PaymentChange::Authorized { amount_minor: amount()?.minor()?, currency: amount()?.currency_code.clone() }
        }
        "PAYMENT.AUTHORIZATION.VOIDED" => PaymentChange::Failed { reason: Some("authorization voided".into()) },
        "PAYMENT.CAPTURE.COMPLETED" => {
            PaymentChange::Captured { amount_minor: amount()?.minor()?, currency: amount()?.currency_code.clone() }
        }
        "PAYMENT.CAPTURE.DENIED" => PaymentChange::Failed { reason: Some("denied".into()) },
        "PAYMENT.CAPTURE.REFUNDED" => PaymentChange::Refunded {
            amount_minor: Some(amount()?.minor()?),
            total_refunded_minor: None,
            currency: amount()?.currency_code.clone(),
        },
        other => return Ok(PaymentIntake::Ignored { reason: format!("event type {other} is not handled") }),
    };
    let order_id =
        resource.custom_id.or(resource.invoice_id).filter(|id| !id.is_empty()).ok_or_else(|| {
            InvalidField::new("resource.custom_id", "required: the order id (custom_id or invoice_id)")
        })?;
    Ok(PaymentIntake::Payment(PaymentEvent {
        provider: PaymentProvider::Paypal,
        event_id: event.id,
        order_id,
        reference: resource.id,
        change,
    }))
}
