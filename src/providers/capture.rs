//! Capturing money held at checkout, through the provider's API: Stripe PaymentIntents created with
//! manual capture ([`super::stripe::StripeApi`]) and PayPal authorizations
//! ([`super::paypal::PaypalApi`]), and releasing what a cancelled order held. Each call carries an
//! idempotency key, so a retry after a lost answer takes the money (or gives it back) once.

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

/// Takes held money through a provider's API, or gives it back.
pub trait PaymentCapture: Send + Sync + 'static {
    fn capture<'a>(&'a self, request: &'a CaptureRequest<'a>) -> BoxFuture<'a, Result<Captured, CaptureError>>;
    /// Releases the whole hold (Stripe: cancels the PaymentIntent; PayPal: voids the authorization).
    fn release<'a>(
        &'a self,
        held: &'a Authorization,
        idempotency_key: &'a str,
    ) -> BoxFuture<'a, Result<(), CaptureError>>;
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
            match self.api(request.held.provider)? {
                Api::Stripe(api) => api.capture(request).await,
                Api::Paypal(api) => api.capture(request).await,
            }
        })
    }

    fn release<'a>(
        &'a self,
        held: &'a Authorization,
        idempotency_key: &'a str,
    ) -> BoxFuture<'a, Result<(), CaptureError>> {
        Box::pin(async move {
            match self.api(held.provider)? {
                Api::Stripe(api) => api.release(held, idempotency_key).await,
                Api::Paypal(api) => api.release(held, idempotency_key).await,
            }
        })
    }
}

enum Api<'a> {
    Stripe(&'a super::stripe::StripeApi),
    Paypal(&'a super::paypal::PaypalApi),
}

impl PaymentApis {
    fn api(&self, provider: PaymentProvider) -> Result<Api<'_>, CaptureError> {
        match provider {
            PaymentProvider::Stripe => {
                self.stripe.as_ref().map(Api::Stripe).ok_or(CaptureError::NotConfigured("Stripe (STRIPE_SECRET_KEY)"))
            }
            PaymentProvider::Paypal => self
                .paypal
                .as_deref()
                .map(Api::Paypal)
                .ok_or(CaptureError::NotConfigured("PayPal (PAYPAL_CLIENT_ID, PAYPAL_CLIENT_SECRET)")),
            PaymentProvider::Generic => Err(CaptureError::NotConfigured("generic payments (no capture API)")),
        }
    }
}

/// The provider's answer to a failed capture or release: its own words when it gave a reason (4xx), else
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
