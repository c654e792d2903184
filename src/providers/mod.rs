//! Webhook sources, one module each: verify the signature over the raw bytes, then parse the
//! provider's payload into the domain's vocabulary.

pub mod aftership;
pub mod capture;
pub mod easypost;
pub mod generic;
pub mod paypal;
pub mod shippo;
pub mod shopify;
pub mod signature;
pub mod stripe;
pub mod woocommerce;

use crate::domain::{CarrierProvider, TrackingEvent};
use crate::domain::{InvalidField, OrderDraft, OrderSource, PaymentEvent, PaymentProvider};
use http::HeaderMap;
use jiff::Timestamp;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
pub use signature::SignatureError;

/// A webhook request as it arrived, plus the secret configured for its source.
pub struct WebhookRequest<'a> {
    pub headers: &'a HeaderMap,
    /// The URL's query string (Shippo may authenticate with a token there).
    pub query: Option<&'a str>,
    pub body: &'a [u8],
    pub secret: Option<&'a str>,
    /// A token the provider puts in the webhook URL instead of signing (Shippo), when configured.
    pub url_token: Option<&'a str>,
    /// The metadata keys that may name the order (Stripe: `STRIPE_ORDER_KEYS`).
    pub order_keys: &'a [String],
    pub now: Timestamp,
}

impl WebhookRequest<'_> {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Passes when `check` passes with one of the configured secrets (the current one, or the
    /// previous one during a rotation); fails closed when none is configured.
    pub fn verify_with(
        &self,
        secret: Option<&str>,
        check: impl Fn(&str) -> Result<(), SignatureError>,
    ) -> Result<(), SignatureError> {
        let mut first_error = SignatureError::NotConfigured;
        for (n, candidate) in secret.unwrap_or_default().split_whitespace().enumerate() {
            match check(candidate) {
                Ok(()) => return Ok(()),
                Err(error) if n == 0 => first_error = error,
                Err(_) => {}
            }
        }
        Err(first_error)
    }

    /// [`WebhookRequest::verify_with`] this source's secret.
    pub fn verify(&self, check: impl Fn(&str) -> Result<(), SignatureError>) -> Result<(), SignatureError> {
        self.verify_with(self.secret, check)
    }

    /// Checks a base64 HMAC-SHA256 of the body in `header` with this source's secret.
    pub fn check_base64(&self, header: &'static str) -> Result<(), SignatureError> {
        self.verify(|secret| signature::verify_base64(header, self.header(header), secret, self.body))
    }

    /// Checks a `t=…,v1=…` signature in `header` with this source's secret.
    pub fn check_timestamped(&self, header: &'static str) -> Result<(), SignatureError> {
        self.verify(|secret| signature::verify_timestamped(header, self.header(header), secret, self.body, self.now))
    }

    /// Rejects bodies that say they are something other than JSON.
    pub fn require_json(&self) -> Result<(), ProviderError> {
        match self.header("content-type") {
            None => Ok(()),
            Some(ct) => {
                let essence = ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
                if essence == "application/json" || essence.ends_with("+json") {
                    Ok(())
                } else {
                    Err(ProviderError::UnsupportedMediaType)
                }
            }
        }
    }
}

/// What a storefront webhook asks of us.
#[derive(Debug)]
pub enum OrderIntake {
    /// A new order to record. `event_id` is the provider's delivery id, for the timeline.
    Order { draft: Box<OrderDraft>, event_id: Option<String> },
    /// Something done to an order in the storefront's admin (paid, fulfilled, cancelled, refunded).
    Event(Box<crate::domain::StorefrontEvent>),
    /// Acknowledged and deliberately not acted on (a setup ping, a topic this route does not handle).
    Ignored { reason: String },
}

/// What a carrier webhook asks of us.
#[derive(Debug)]
pub enum TrackingIntake {
    Tracking(Box<TrackingEvent>),
    Ignored { reason: String },
}

/// Verifies and parses a tracking webhook from `provider`.
pub fn read_tracking(provider: CarrierProvider, request: &WebhookRequest<'_>) -> Result<TrackingIntake, ProviderError> {
    let intake = match provider {
        CarrierProvider::Easypost => easypost::read_tracking(request),
        CarrierProvider::Aftership => aftership::read_tracking(request),
        CarrierProvider::Shippo => shippo::read_tracking(request),
        CarrierProvider::Shopify => shopify::read_tracking(request),
        CarrierProvider::Generic => generic::read_tracking(request),
    }?;
    Ok(match intake {
        TrackingIntake::Tracking(event) => TrackingIntake::Tracking(Box::new(event.bounded()?)),
        ignored => ignored,
    })
}

/// Signs a carrier webhook body the way `provider` does. Used by `orderflow replay` and tests.
#[cfg(any(test, feature = "dev"))]
pub fn sign_tracking(provider: CarrierProvider, secret: &str, body: &[u8], now: Timestamp) -> (&'static str, String) {
    match provider {
        CarrierProvider::Easypost => (easypost::SIGNATURE_HEADER, easypost::sign(secret, body)),
        CarrierProvider::Aftership => (aftership::SIGNATURE_HEADER, signature::sign_base64(secret, body)),
        CarrierProvider::Shippo => (shippo::SIGNATURE_HEADER, signature::sign_timestamped(secret, body, now)),
        CarrierProvider::Shopify => (shopify::SIGNATURE_HEADER, signature::sign_base64(secret, body)),
        CarrierProvider::Generic => (generic::SIGNATURE_HEADER, signature::sign_timestamped(secret, body, now)),
    }
}

/// A time as carriers write it: RFC 3339, a local date-time taken as UTC, or a date (noon UTC).
pub(crate) fn carrier_time(text: Option<&str>) -> Option<Timestamp> {
    let text = text?.trim();
    if let Ok(at) = text.parse::<Timestamp>() {
        return Some(at);
    }
    if let Ok(at) = text.parse::<jiff::civil::DateTime>() {
        return at.to_zoned(jiff::tz::TimeZone::UTC).ok().map(|z| z.timestamp());
    }
    let date = text.parse::<jiff::civil::Date>().ok()?;
    date.at(12, 0, 0, 0).to_zoned(jiff::tz::TimeZone::UTC).ok().map(|z| z.timestamp())
}

/// What a payment webhook asks of us.
#[derive(Debug)]
pub enum PaymentIntake {
    Payment(PaymentEvent),
    Ignored { reason: String },
}

#[derive(Debug, thiserror::Error)]
pub enum ProviderError {
    #[error(transparent)]
    Unauthorized(#[from] SignatureError),
    #[error(transparent)]
    Invalid(#[from] InvalidField),
    #[error("the body must be JSON (Content-Type: application/json)")]
    UnsupportedMediaType,
}

/// Verifies and parses an order webhook from `source`. Parse errors name the payload's own fields.
pub fn read_order(source: OrderSource, request: &WebhookRequest<'_>) -> Result<OrderIntake, ProviderError> {
    match source {
        OrderSource::Shopify => shopify::read_order(request),
        OrderSource::Woocommerce => woocommerce::read_order(request),
        OrderSource::Generic => generic::read_order(request),
    }
}

/// Verifies and parses a payment webhook from `provider`.
pub async fn read_payment(
    provider: PaymentProvider,
    request: &WebhookRequest<'_>,
    paypal: &dyn paypal::PaypalVerifier,
) -> Result<PaymentIntake, ProviderError> {
    let intake = match provider {
        PaymentProvider::Stripe => stripe::read_payment(request),
        PaymentProvider::Paypal => paypal::read_payment(request, paypal).await,
        PaymentProvider::Generic => generic::read_payment(request),
    }?;
    Ok(match intake {
        PaymentIntake::Payment(event) => PaymentIntake::Payment(event.bounded()?),
        ignored => ignored,
    })
}

/// Signs a payment webhook body the way `provider` does (PayPal: the local verifier's scheme).
#[cfg(any(test, feature = "dev"))]
pub fn sign_payment(provider: PaymentProvider, secret: &str, body: &[u8], now: Timestamp) -> (&'static str, String) {
    match provider {
        PaymentProvider::Stripe => (stripe::SIGNATURE_HEADER, signature::sign_timestamped(secret, body, now)),
        PaymentProvider::Paypal => (paypal::LOCAL_SIGNATURE_HEADER, signature::sign_base64(secret, body)),
        PaymentProvider::Generic => (generic::SIGNATURE_HEADER, signature::sign_timestamped(secret, body, now)),
    }
}

/// Names a field of the generic schema the way the source's own payload does, so the sender can find
/// it. A `[*]` in a table entry stands for any index (`items[*].unit_price` → `line_items[*].price`).
pub fn payload_field(source: OrderSource, field: &str) -> String {
    let renames: &[(&str, &str)] = match source {
        OrderSource::Shopify => shopify::FIELD_NAMES,
        OrderSource::Woocommerce => woocommerce::FIELD_NAMES,
        OrderSource::Generic => &[],
    };
    renames.iter().find_map(|(ours, theirs)| rename(field, ours, theirs)).unwrap_or_else(|| field.to_string())
}

/// `field` with the leading `ours` replaced by `theirs`, if it starts with it.
fn rename(field: &str, ours: &str, theirs: &str) -> Option<String> {
    let Some((before, after)) = ours.split_once("[*]") else {
        return field.strip_prefix(ours).map(|rest| format!("{theirs}{rest}"));
    };
    let (their_before, their_after) = theirs.split_once("[*]")?;
    let index_and_rest = field.strip_prefix(before)?.strip_prefix('[')?;
    let (index, rest) = index_and_rest.split_once(']')?;
    let rest = rest.strip_prefix(after)?;
    index.bytes().all(|b| b.is_ascii_digit()).then(|| format!("{their_before}[{index}]{their_after}{rest}"))
}

/// Signs `body` the way `source` does: the header name and value. Used by `orderflow replay` and tests.
#[cfg(any(test, feature = "dev"))]
pub fn sign_order(source: OrderSource, secret: &str, body: &[u8], now: Timestamp) -> (&'static str, String) {
    match source {
        OrderSource::Shopify => (shopify::SIGNATURE_HEADER, signature::sign_base64(secret, body)),
        OrderSource::Woocommerce => (woocommerce::SIGNATURE_HEADER, signature::sign_base64(secret, body)),
        OrderSource::Generic => (generic::SIGNATURE_HEADER, signature::sign_timestamped(secret, body, now)),
    }
}

/// Parses JSON, naming the exact path of the first field that does not fit.
pub(crate) fn parse_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, InvalidField> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(&mut deserializer).map_err(invalid_from_serde)
}

/// Turns a serde error at a path into the field it is about. serde reports a missing field at its
/// parent's path, so its name is taken from the message.
pub fn invalid_from_serde<E: std::fmt::Display>(error: serde_path_to_error::Error<E>) -> InvalidField {
    let path = error.path().to_string();
    let message = error.into_inner().to_string();
    let parent = if path == "." || path == "?" { None } else { Some(path) };
    let missing = message.strip_prefix("missing field `").and_then(|rest| rest.split('`').next());
    let field = match (parent, missing) {
        (Some(parent), Some(name)) => format!("{parent}.{name}"),
        (None, Some(name)) => name.to_string(),
        (Some(parent), None) => parent,
        (None, None) => "body".to_string(),
    };
    InvalidField::new(field, message)
}

/// Accepts a JSON string or number and keeps it as text, exactly (ids above 2^53, decimal amounts).
pub(crate) fn text_or_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum TextOrNumber {
        Text(String),
        Number(serde_json::Number),
    }
    Ok(Option::<TextOrNumber>::deserialize(deserializer)?.map(|v| match v {
        TextOrNumber::Text(text) => text,
        TextOrNumber::Number(number) => number.to_string(),
    }))
}

/// `Some("a b")` from optional first and last names.
pub(crate) fn full_name(first: Option<&str>, last: Option<&str>) -> Option<String> {
    let name =
        [first, last].into_iter().flatten().map(str::trim).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ");
    (!name.is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rotation_accepts_the_current_and_the_previous_secret_only() {
        let headers = HeaderMap::new();
        let request = |secret| WebhookRequest {
            headers: &headers,
            query: None,
            body: b"{}",
            secret,
            url_token: None,
            order_keys: &[],
            now: Timestamp::UNIX_EPOCH,
        };
        let signed_with = |key: &'static str| {
            move |secret: &str| {
                if secret == key { Ok(()) } else { Err(SignatureError::Mismatch) }
            }
        };
        let rotating = request(Some("new old"));
        assert!(rotating.verify(signed_with("new")).is_ok());
        assert!(rotating.verify(signed_with("old")).is_ok());
        assert!(matches!(rotating.verify(signed_with("older")), Err(SignatureError::Mismatch)));
        assert!(matches!(request(Some("  ")).verify(signed_with("")), Err(SignatureError::NotConfigured)));
        assert!(matches!(request(None).verify(signed_with("new")), Err(SignatureError::NotConfigured)));
    }

    #[test]
    fn names_fields_in_the_providers_vocabulary() {
        assert_eq!(payload_field(OrderSource::Shopify, "items[2].quantity"), "line_items[2].quantity");
        assert_eq!(payload_field(OrderSource::Shopify, "items[12].unit_price"), "line_items[12].price");
        assert_eq!(payload_field(OrderSource::Woocommerce, "items[0].unit_price"), "line_items[0].subtotal");
        assert_eq!(payload_field(OrderSource::Woocommerce, "customer.email"), "billing.email");
        assert_eq!(payload_field(OrderSource::Generic, "items[2].quantity"), "items[2].quantity");
    }
}
