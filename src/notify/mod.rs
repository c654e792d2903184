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

/// The body of a queue message: which notice of which order of which shop to deliver. Carries no
/// personal data. The default shop is left out (as in every message of before shops).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeRef {
    #[serde(default, skip_serializing_if = "crate::domain::ShopId::is_default")]
    pub shop: crate::domain::ShopId,
    pub order_id: String,
    pub notice_id: crate::domain::NoticeId,
}

impl NoticeRef {
    pub fn new(shop: &crate::domain::ShopId, order_id: impl Into<String>, notice_id: crate::domain::NoticeId) -> Self {
        Self { shop: shop.clone(), order_id: order_id.into(), notice_id }
    }

    /// The order's FIFO message group, unique across shops: its notices go out in order, another
    /// shop's order of the same id in a group of its own.
    pub fn group(&self) -> String {
        match self.shop.is_default() {
            true => self.order_id.clone(),
            false => format!("{}/{}", self.shop, self.order_id),
        }
    }
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
