//! The pure core: orders, their statuses, what to tell whom. No I/O and no AWS types here.

pub mod attention;
pub mod fulfilment;
pub mod intake;
pub mod limits;
pub mod money;
pub mod notice;
pub mod order;
pub mod payment;
pub mod private;
pub mod quiet;
pub mod timeline;
#[cfg(test)]
pub(crate) mod testing;

pub use attention::{HoldReason, Problem, ProblemKind};
pub use intake::{DetailsDraft, DetailsUpdate, IntakeDefaults, InvalidField, OrderDraft, Reception};
pub use money::{Currency, Money};
pub use notice::{Audience, Notice, NoticeKind, NoticeState};
pub use order::{Channel, FulfilmentStatus, Order, OrderSource, PaymentMethod, PaymentStatus};
pub use payment::{CancelCause, PaymentChange, PaymentEvent, PaymentOutcome, PaymentProvider, PaymentTerms};
pub use private::Private;
pub use timeline::{TimelineEntry, TimelineEvent};

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
    /// Not now (quiet hours): queued again for `until`.
    Deferred {
        until: Timestamp,
    },
}

impl Order {
    /// Applies a worker's delivery outcome to the ledger. Returns `false` when the notice is unknown
    /// or already settled, so nothing needs writing. A customer notice refused on one channel is
    /// sent once on the other, when the customer gave one, and later notices use that channel.
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
            DeliveryOutcome::Deferred { until } => {
                notice.redrive_at = *until;
                NoticeState::Queued
            }
            DeliveryOutcome::Refused { .. } => NoticeState::Failed { at },
        };
        let notice = notice.clone();
        if let DeliveryOutcome::Refused { reason } = outcome {
            let (channel, audience) = (notice.channel.as_str(), notice.audience.as_str());
            let note = format!("{channel} to the {audience} could not be delivered: {reason}");
            self.record(at, TimelineEvent::NotificationFailed, &format!("notify-{channel}"), Some(notice_id), Some(note));
            self.fall_back(&notice, at);
        }
        true
    }

    /// Queues `refused` again on the customer's other channel, once.
    fn fall_back(&mut self, refused: &Notice, at: Timestamp) {
        let other = match refused.channel {
            Channel::Email => Channel::Sms,
            Channel::Sms => Channel::Email,
        };
        if refused.audience != Audience::Customer || self.customer.contact(other).is_none() {
            return;
        }
        let mut fallback = Notice::new(refused.kind, Audience::Customer, other, at);
        fallback.id = format!("{}.fallback", refused.id.replace(refused.channel.as_str(), other.as_str()));
        fallback.amount_minor = refused.amount_minor;
        fallback.redrive_at = at; // no queue in the worker: the scheduler sends it on its next run
        if self.notices.contains_key(&fallback.id) || refused.id.ends_with(".fallback") {
            return;
        }
        self.customer.channel = other;
        let note = format!("{} refused; sent by {} instead", refused.channel.as_str(), other.as_str());
        self.record(at, TimelineEvent::NotificationFallback, "notify", Some(&refused.id), Some(note));
        self.notices.insert(fallback.id.clone(), fallback);
    }
}
