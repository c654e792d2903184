//! EasyPost `tracker.updated` webhooks. Signed with `X-Hmac-Signature: hmac-sha256-hex=…`, the hex
//! HMAC-SHA256 of the body keyed with the NFKD-normalised secret.

use super::{ProviderError, SignatureError, TrackingIntake, WebhookRequest, carrier_time, parse_json};
use crate::domain::{CarrierProvider, TrackingEvent, carrier_status};
use hmac::Mac;
use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;

pub const SIGNATURE_HEADER: &str = "X-Hmac-Signature";
const PREFIX: &str = "hmac-sha256-hex=";

fn mac(secret: &str, body: &[u8]) -> hmac::Hmac<sha2::Sha256> {
    let key: String = secret.nfkd().collect();
    crate::primitives::hmac(key.as_bytes(), &[body])
}

#[cfg(any(test, feature = "dev"))]
pub fn sign(secret: &str, body: &[u8]) -> String {
    format!("{PREFIX}{}", hex::encode(mac(secret, body).finalize().into_bytes()))
}

fn verify(request: &WebhookRequest<'_>) -> Result<(), SignatureError> {
    request.verify(|secret| {
        let value = request.header(SIGNATURE_HEADER).ok_or(SignatureError::Missing(SIGNATURE_HEADER))?;
        let hex_digest = value.trim().strip_prefix(PREFIX).ok_or(SignatureError::Malformed(SIGNATURE_HEADER))?;
        let expected = hex::decode(hex_digest).map_err(|_| SignatureError::Malformed(SIGNATURE_HEADER))?;
        mac(secret, request.body).verify_slice(&expected).map_err(|_| SignatureError::Mismatch)
    })
}

#[derive(Deserialize)]
struct Event {
    id: String,
    description: String,
    result: Tracker,
}

#[derive(Deserialize)]
struct Tracker {
    tracking_code: Option<String>,
    status: String,
    est_delivery_date: Option<String>,
    updated_at: Option<String>,
    #[serde(default)]
    tracking_details: Vec<Detail>,
}

#[derive(Deserialize)]
struct Detail {
    datetime: Option<String>,
    message: Option<String>,
    tracking_location: Option<Location>,
}

#[derive(Deserialize)]
struct Location {
    city: Option<String>,
}

pub fn read_tracking(request: &WebhookRequest<'_>) -> Result<TrackingIntake, ProviderError> {
    verify(request)?;
    request.require_json()?;
    let event: Event = parse_json(request.body)?;
    if !matches!(event.description.as_str(), "tracker.updated" | "tracker.created") {
        return Ok(TrackingIntake::Ignored { reason: format!("event {} is not handled", event.description) });
    }
    let tracker = event.result;
    // The latest checkpoint by its time, wherever the carrier put it in the list.
    let last = tracker.tracking_details.iter().max_by_key(|d| carrier_time(d.datetime.as_deref()));
    let occurred_at = carrier_time(last.and_then(|d| d.datetime.as_deref()))
        .or_else(|| carrier_time(tracker.updated_at.as_deref()))
        .unwrap_or(request.now);
    Ok(TrackingIntake::Tracking(Box::new(TrackingEvent {
        provider: CarrierProvider::Easypost,
        event_id: event.id,
        order_id: None,
        tracking_number: tracker.tracking_code.map(Into::into),
        status: carrier_status(CarrierProvider::Easypost, &tracker.status),
        raw_status: last.and_then(|d| d.message.clone()).unwrap_or(tracker.status),
        occurred_at,
        estimated_delivery: carrier_time(tracker.est_delivery_date.as_deref()),
        location: last.and_then(|d| d.tracking_location.as_ref()?.city.clone()),
    })))
}
