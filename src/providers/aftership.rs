//! AfterShip tracking webhooks (`tracking_update`), signed with `aftership-hmac-sha256`: the base64
//! HMAC-SHA256 of the body.

use super::{ProviderError, TrackingIntake, WebhookRequest, carrier_time, parse_json};
use crate::domain::{CarrierProvider, TrackingEvent, carrier_status};
use serde::Deserialize;

pub const SIGNATURE_HEADER: &str = "aftership-hmac-sha256";

#[derive(Deserialize)]
struct Event {
    event: Option<String>,
    event_id: Option<String>,
    msg: Tracking,
    ts: Option<i64>,
}

#[derive(Deserialize)]
struct Tracking {
    tracking_number: Option<String>,
    tag: String,
    subtag_message: Option<String>,
    expected_delivery: Option<String>,
    order_id: Option<String>,
    updated_at: Option<String>,
    #[serde(default)]
    checkpoints: Vec<Checkpoint>,
}

#[derive(Deserialize)]
struct Checkpoint {
    checkpoint_time: Option<String>,
    location: Option<String>,
    message: Option<String>,
}

pub fn read_tracking(request: &WebhookRequest<'_>) -> Result<TrackingIntake, ProviderError> {
    request.check_base64(SIGNATURE_HEADER)?;
    request.require_json()?;
    let event: Event = parse_json(request.body)?;
    if event.event.as_deref().is_some_and(|e| e != "tracking_update") {
        return Ok(TrackingIntake::Ignored { reason: "not a tracking update".into() });
    }
    let tracking = event.msg;
    // The latest checkpoint by its time, wherever the carrier put it in the list.
    let last = tracking.checkpoints.iter().max_by_key(|c| carrier_time(c.checkpoint_time.as_deref()));
    let occurred_at = carrier_time(last.and_then(|c| c.checkpoint_time.as_deref()))
        .or_else(|| carrier_time(tracking.updated_at.as_deref()))
        .unwrap_or(request.now);
    let event_id = event.event_id.unwrap_or_else(|| {
        format!(
            "{}:{}:{}",
            tracking.tracking_number.as_deref().unwrap_or(""),
            tracking.tag,
            event.ts.unwrap_or_default()
        )
    });
    Ok(TrackingIntake::Tracking(Box::new(TrackingEvent {
        provider: CarrierProvider::Aftership,
        event_id,
        order_id: tracking.order_id.filter(|id| !id.is_empty()),
        tracking_number: tracking.tracking_number.map(Into::into),
        status: carrier_status(CarrierProvider::Aftership, &tracking.tag),
        raw_status: tracking.subtag_message.or(last.and_then(|c| c.message.clone())).unwrap_or(tracking.tag),
        occurred_at,
        estimated_delivery: carrier_time(tracking.expected_delivery.as_deref()),
        location: last.and_then(|c| c.location.clone()),
    })))
}
