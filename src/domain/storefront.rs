//! What staff do to an order in the storefront's own admin (Shopify, WooCommerce): mark it paid,
//! fulfil it, cancel or refund it, in the domain's words. Applied by the same rules as the back
//! office's actions and the providers' events (`rules/storefront.rs`).

use super::{CancelCause, CarrierStatus, OrderSource, limits};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// One storefront webhook: its changes, applied together and once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StorefrontEvent {
    pub source: OrderSource,
    /// The storefront's delivery id (a retry carries the same).
    pub event_id: String,
    pub order_id: String,
    /// The storefront's name for it (`orders/paid`, `order.updated`), for the timeline.
    pub topic: String,
    /// When the storefront last modified the order, as the signed body says (Shopify's
    /// `updated_at`, WooCommerce's `date_modified_gmt`); `None` for bodies that are not the order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified_at: Option<Timestamp>,
    pub changes: Vec<StorefrontChange>,
}

/// What the storefront says happened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StorefrontChange {
    /// The storefront counts this much as paid in all.
    Paid {
        paid_minor: i64,
    },
    /// Money went back: one refund's amount, or the running total refunded.
    Refunded {
        amount_minor: Option<i64>,
        total_minor: Option<i64>,
    },
    PaymentFailed,
    Cancelled {
        cause: CancelCause,
        reason: Option<String>,
    },
    /// Handed to a carrier (or fulfilled without one), perhaps with how far the parcel got.
    Fulfilled(Fulfilment),
    /// The order was deleted in the storefront.
    Deleted,
    /// The contact and delivery details as the storefront now has them (checked like staff's).
    Details(Box<super::DetailsDraft>),
}

/// A storefront's fulfilment: the parcel and, when the storefront follows it, its status.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fulfilment {
    pub carrier: Option<String>,
    pub tracking_number: Option<crate::domain::TrackingNumber>,
    pub tracking_url: Option<String>,
    /// Mapped through the carrier-status table; `None` when the storefront does not say.
    pub status: Option<CarrierStatus>,
    /// The storefront's own word for the status.
    pub raw_status: Option<String>,
    pub at: Option<Timestamp>,
}

impl StorefrontEvent {
    pub fn dedupe_key(&self) -> String {
        format!("{}:{}", self.source.as_str(), self.event_id)
    }

    /// Identifiers within their limits (else a 400 naming them); free text cut to its limit.
    pub fn bounded(mut self) -> Result<Self, super::InvalidField> {
        limits::identifier("event_id", &self.event_id, limits::EVENT_ID)?;
        limits::identifier("order_id", &self.order_id, limits::ORDER_ID)?;
        for change in &mut self.changes {
            match change {
                StorefrontChange::Paid { paid_minor } => {
                    limits::amount("amount", *paid_minor)?;
                }
                StorefrontChange::Refunded { amount_minor, total_minor } => {
                    for amount in [amount_minor, total_minor].into_iter().flatten() {
                        limits::amount("amount", *amount)?;
                    }
                }
                StorefrontChange::Cancelled { reason, .. } => {
                    *reason = reason.take().map(|r| limits::cut(&r, limits::TEXT))
                }
                StorefrontChange::Fulfilled(fulfilment) => {
                    if let Some(number) = &fulfilment.tracking_number {
                        limits::identifier("tracking_number", number.as_str(), limits::TRACKING_NUMBER)?;
                    }
                    fulfilment.carrier = fulfilment.carrier.take().map(|c| limits::cut(&c, limits::SHORT_TEXT));
                    fulfilment.tracking_url =
                        fulfilment.tracking_url.take().filter(|u| u.len() <= limits::TRACKING_URL);
                    fulfilment.raw_status = fulfilment.raw_status.take().map(|r| limits::cut(&r, limits::TEXT));
                }
                StorefrontChange::PaymentFailed | StorefrontChange::Deleted | StorefrontChange::Details(_) => {}
            }
        }
        Ok(self)
    }
}
