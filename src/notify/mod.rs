//! Telling people: rendering a notice into a message, the senders that deliver it (SES v2 email,
//! SNS SMS) and the queue producer that hands notices to the workers.

pub mod locale;
#[cfg(any(test, feature = "dev"))]
pub mod memory;
#[cfg(any(test, feature = "dev"))]
pub mod preview;
pub mod render;
pub mod ses;
pub mod sms;
pub mod sns;
pub mod sqs;

use crate::domain::{DeliveryOutcome, Notice, Private};
use aws_sdk_sesv2::error::{ProvideErrorMetadata, SdkError};
use serde::{Deserialize, Serialize};
use std::future::Future;

pub use render::{HowToPay, Message, RenderError, ShopBranding, render};

/// The body of a queue message: which notice of which order to deliver. Carries no personal data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeRef {
    pub order_id: String,
    pub notice_id: crate::domain::NoticeId,
}

#[derive(Debug, thiserror::Error)]
#[error("could not enqueue notices: {0}")]
pub struct QueueError(pub String);

/// Hands notices to the workers of their channel.
pub trait NoticeQueue: Send + Sync + 'static {
    fn enqueue(&self, order_id: &str, notices: &[Notice]) -> impl Future<Output = Result<(), QueueError>> + Send;
}

/// Delivers a rendered message to one recipient on one channel; `about` names the notice, for the
/// provider's later reports on it.
pub trait Sender: Send + Sync + 'static {
    fn send(
        &self,
        about: &NoticeRef,
        to: &Private<String>,
        message: &Message,
    ) -> impl Future<Output = DeliveryOutcome> + Send;
}

/// Classifies a provider call: sent, refused for good (an error code in `refusals`: retrying cannot
/// fix it), or to be retried (throttling, outages, anything unknown).
fn outcome<T, E: ProvideErrorMetadata, R>(result: Result<T, SdkError<E, R>>, refusals: &[&str]) -> DeliveryOutcome {
    match result {
        Ok(_) => DeliveryOutcome::Sent,
        Err(error) => match error.as_service_error().and_then(|e| e.code()) {
            Some(code) if refusals.contains(&code) => DeliveryOutcome::Refused { reason: code.to_string() },
            _ => DeliveryOutcome::Retry,
        },
    }
}
