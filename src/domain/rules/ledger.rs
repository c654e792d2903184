//! The notice ledger: every message an order asks for, told once per order × kind × audience ×
//! channel; what a delivery attempt did to it; the channel fallback; what the scheduler re-drives.

use crate::domain::{Audience, Channel, Notice, NoticeKind, NoticeState, Order, TimelineEvent, notice::REDRIVE_AFTER};
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
                notice.redrive_at = at + REDRIVE_AFTER;
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
            self.record(
                at,
                TimelineEvent::NotificationFailed,
                &format!("notify-{channel}"),
                Some(notice_id),
                Some(note),
            );
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

impl Order {
    pub(crate) fn add_notice(
        &mut self,
        kind: NoticeKind,
        audience: Audience,
        at: Timestamp,
        amount_minor: Option<i64>,
    ) -> Option<Notice> {
        let channel = match audience {
            Audience::Customer if !self.customer.is_reachable() => return None,
            Audience::Customer => self.customer.channel,
            Audience::Owner => Channel::Email,
        };
        let mut notice = Notice::new(kind, audience, channel, at);
        notice.amount_minor = amount_minor;
        if kind.repeats() {
            let sequence = self.notices.values().filter(|n| n.kind == kind && n.audience == audience).count();
            if sequence > 0 {
                notice.id = format!("{}.{}", notice.id, sequence + 1);
            }
        }
        if self.notices.contains_key(&notice.id) {
            return None;
        }
        self.notices.insert(notice.id.clone(), notice.clone());
        Some(notice)
    }
    /// Notices not yet delivered (queued, or claimed by a worker whose lease may run out).
    pub fn undelivered_notices(&self) -> impl Iterator<Item = &Notice> {
        self.notices.values().filter(|n| n.state.is_open())
    }
    /// When the scheduler should next look at this order, if ever: the earliest moment an
    /// undelivered notice needs to be put on its queue again (or a worker's lease runs out), or a
    /// payment reminder or deadline falls due.
    pub fn next_due_at(&self) -> Option<Timestamp> {
        self.undelivered_notices()
            .map(|n| match n.state {
                NoticeState::Sending { lease_until } => lease_until,
                _ => n.redrive_at,
            })
            .chain(self.next_payment_duty())
            .chain(self.next_fulfilment_duty())
            .min()
    }
    /// Notices the sweep must put on their queue again at `now`; they are marked queued with a new
    /// redrive time, so the caller writes the order first and enqueues after.
    pub fn redrive_due_notices(&mut self, now: Timestamp) -> Vec<Notice> {
        let mut due = Vec::new();
        for notice in self.notices.values_mut() {
            let is_due = match notice.state {
                NoticeState::Queued => notice.redrive_at <= now,
                NoticeState::Sending { lease_until } => lease_until <= now,
                _ => false,
            };
            if is_due {
                notice.state = NoticeState::Queued;
                notice.redrive_at = now + REDRIVE_AFTER;
                due.push(notice.clone());
            }
        }
        due
    }
}
