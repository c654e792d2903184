//! The pure core: orders, their statuses, what to tell whom. No I/O and no AWS types here.

pub mod fulfilment;
pub mod intake;
pub mod money;
pub mod notice;
pub mod order;
pub mod payment;
pub mod private;

pub use intake::{IntakeDefaults, InvalidField, OrderDraft, Reception};
pub use money::{Currency, Money};
pub use notice::{Audience, Notice, NoticeKind, NoticeState};
pub use order::{Channel, FulfilmentStatus, Order, OrderSource, PaymentMethod, PaymentStatus};
pub use payment::{CancelCause, PaymentChange, PaymentEvent, PaymentOutcome, PaymentProvider, PaymentTerms};
pub use private::Private;

use jiff::Timestamp;

/// What became of one attempt to deliver a notice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DeliveryOutcome {
    Sent,
    /// Try again later (throttling, an outage).
    Retry,
    /// Refused for good; `reason` names the provider's error code, never the address.
    Refused {
        reason: String,
    },
}

impl Order {
    /// Applies a worker's delivery outcome to the ledger. Returns `false` when the notice is unknown
    /// or already settled, so nothing needs writing.
    pub fn settle_notice(&mut self, notice_id: &str, outcome: &DeliveryOutcome, at: Timestamp) -> bool {
        let Some(notice) = self.notices.get_mut(notice_id).filter(|n| n.state.is_open()) else {
            return false;
        };
        notice.state = match outcome {
            DeliveryOutcome::Sent => NoticeState::Sent { at },
            DeliveryOutcome::Retry => {
                notice.redrive_at = at + order::REDRIVE_AFTER;
                NoticeState::Queued
            }
            DeliveryOutcome::Refused { .. } => NoticeState::Failed { at },
        };
        if let DeliveryOutcome::Refused { reason } = outcome {
            let note = format!(
                "{} to the {} could not be delivered: {reason}",
                notice.channel.as_str(),
                notice.audience.as_str()
            );
            let source = format!("notify-{}", notice.channel.as_str());
            self.record(at, "notification_failed", &source, Some(notice_id), Some(note));
        }
        true
    }
}
