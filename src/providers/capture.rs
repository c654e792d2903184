//! Capturing money held at checkout, through the provider's API: Stripe PaymentIntents created with
//! manual capture ([`super::stripe::StripeApi`]) and PayPal authorizations
//! ([`super::paypal::PaypalApi`]). Each capture carries an idempotency key, so a retry after a lost
//! answer takes the money once.

use crate::domain::{Authorization, Currency, PaymentProvider};
use futures::future::BoxFuture;
use std::sync::Arc;

/// The money taken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Captured {
    /// The provider's id for the capture, as its later webhook names it (Stripe: the PaymentIntent;
    /// PayPal: the capture, not the authorization).
    pub reference: String,
    pub amount_minor: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum CaptureError {
    /// The provider answered no: an expired or released authorization, a declined card.
    #[error("{0}")]
    Refused(String),
    /// The provider could not be reached, failed, or refused our credentials: try again later.
    #[error("{0}")]
    Unavailable(String),
    #[error("no API credentials are configured for {0}")]
    NotConfigured(&'static str),
}

/// What to capture, for whom.
pub struct CaptureRequest<'a> {
    pub held: &'a Authorization,
    pub amount_minor: i64,
    pub currency: Currency,
    /// The same for every attempt at the same capture.
    pub idempotency_key: &'a str,
}

/// Takes held money through a provider's API.
pub trait PaymentCapture: Send + Sync + 'static {
    fn capture<'a>(&'a self, request: &'a CaptureRequest<'a>) -> BoxFuture<'a, Result<Captured, CaptureError>>;
}

/// The providers' APIs that are configured (the back office's); a provider without credentials
/// refuses every capture with [`CaptureError::NotConfigured`].
#[derive(Default)]
pub struct PaymentApis {
    pub stripe: Option<super::stripe::StripeApi>,
    pub paypal: Option<Arc<super::paypal::PaypalApi>>,
}

impl PaymentCapture for PaymentApis {
    fn capture<'a>(&'a self, request: &'a CaptureRequest<'a>) -> BoxFuture<'a, Result<Captured, CaptureError>> {
        Box::pin(async move {
            match request.held.provider {
                PaymentProvider::Stripe => match &self.stripe {
                    Some(api) => api.capture(request).await,
                    None => Err(CaptureError::NotConfigured("Stripe (STRIPE_SECRET_KEY)")),
                },
                PaymentProvider::Paypal => match &self.paypal {
                    Some(api) => api.capture(request).await,
                    None => Err(CaptureError::NotConfigured("PayPal (PAYPAL_CLIENT_ID, PAYPAL_CLIENT_SECRET)")),
                },
                PaymentProvider::Generic => Err(CaptureError::NotConfigured("generic payments (no capture API)")),
            }
        })
    }
}

/// The provider's answer to a failed capture: its own words when it gave a reason (4xx), else
/// "unavailable" (5xx, throttling, credentials refused, no answer).
pub(crate) fn refusal_or_outage(provider: &str, status: reqwest::StatusCode, reason: Option<String>) -> CaptureError {
    let refused = status.is_client_error()
        && !matches!(status.as_u16(), 401 | 403 | 408 | 429)
        && reason.as_ref().is_some_and(|r| !r.is_empty());
    match reason {
        Some(reason) if refused => CaptureError::Refused(reason),
        reason => CaptureError::Unavailable(format!(
            "{provider} answered {status}{}",
            reason.map(|r| format!(": {r}")).unwrap_or_default()
        )),
    }
}
