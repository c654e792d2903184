//! Shippo `track_updated` webhooks. Authenticated by `Shippo-Auth-Signature: t=…,v1=…` (hex
//! HMAC-SHA256 of `"{t}.{body}"`, keyed with `SHIPPO_WEBHOOK_SECRET`) or, for webhooks set up with
//! a URL token, `?token=<SHIPPO_URL_TOKEN>`: a separate value, so a leaked URL cannot forge signatures.
//! Shippo sends no event id: the update is identified by tracking number, status and status time.

use super::{ProviderError, SignatureError, TrackingIntake, WebhookRequest, carrier_time, parse_json};
use crate::domain::{CarrierProvider, TrackingEvent, carrier_status};
use serde::Deserialize;
use subtle::ConstantTimeEq;

pub const SIGNATURE_HEADER: &str = "Shippo-Auth-Signature";

fn verify(request: &WebhookRequest<'_>) -> Result<(), SignatureError> {
    if request.header(SIGNATURE_HEADER).is_some() {
        return request.check_timestamped(SIGNATURE_HEADER);
    }
    let token = request.query.unwrap_or_default().split('&').find_map(|pair| pair.strip_prefix("token="));
    request.verify_with(request.url_token, |expected| match token {
        Some(token) if bool::from(token.as_bytes().ct_eq(expected.as_bytes())) => Ok(()),
        Some(_) => Err(SignatureError::Mismatch),
        None => Err(SignatureError::Missing(SIGNATURE_HEADER)),
    })
}

#[derive(Deserialize)]
struct Event {
    event: String,
    data: Track,
}

#[derive(Deserialize)]
struct Track {
    tracking_number: Option<String>,
    eta: Option<String>,
    tracking_status: Option<Status>,
}

#[derive(Deserialize)]
struct Status {
    status: String,
    status_details: Option<String>,
    status_date: Option<String>,
    location: Option<Location>,
}

#[derive(Deserialize)]
struct Location {
    city: Option<String>,
}

pub fn read_tracking(request: &WebhookRequest<'_>) -> Result<TrackingIntake, ProviderError> {
    verify(request)?;
    request.require_json()?;
    let event: Event = parse_json(request.body)?;
    if event.event != "track_updated" {
        return Ok(TrackingIntake::Ignored { reason: format!("event {} is not handled", event.event) });
    }
    let Some(status) = event.data.tracking_status else {
        return Ok(TrackingIntake::Ignored { reason: "no tracking status yet".into() });
    };
    let number = event.data.tracking_number.unwrap_or_default();
    let occurred_at = carrier_time(status.status_date.as_deref()).unwrap_or(request.now);
    Ok(TrackingIntake::Tracking(Box::new(TrackingEvent {
        provider: CarrierProvider::Shippo,
        event_id: format!("{number}:{}:{}", status.status, status.status_date.as_deref().unwrap_or("")),
        order_id: None,
        tracking_number: Some(number).filter(|n| !n.is_empty()).map(Into::into),
        status: carrier_status(CarrierProvider::Shippo, &status.status),
        raw_status: status.status_details.unwrap_or(status.status),
        occurred_at,
        estimated_delivery: carrier_time(event.data.eta.as_deref()),
        location: status.location.and_then(|l| l.city),
    })))
}
