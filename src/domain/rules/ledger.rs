//! The notice ledger: every message an order asks for, told once per order × kind × audience ×
//! channel; what a delivery attempt did to it; the channel fallback; what the scheduler re-drives.

use crate::domain::notice::{MAX_ATTEMPTS, REDRIVE_AFTER};
use crate::domain::{Audience, Channel, Notice, NoticeKind, NoticeState, Order, TimelineEvent};
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

/// How long a notice waits for the sweep's next attempt: [`REDRIVE_AFTER`], doubling with each
/// attempt made, at most an hour.
pub fn retry_delay(attempts: u32) -> jiff::SignedDuration {
    let factor = 1i64 << attempts.saturating_sub(1).min(5);
    (REDRIVE_AFTER * factor as i32).min(jiff::SignedDuration::from_hours(1))
}

impl Order {
    /// Applies a worker's delivery outcome to the ledger. Returns `false` when the notice is unknown
    /// or already settled, so nothing needs writing. A customer notice refused on one channel is
    /// sent once on the other, when the customer gave one, and later notices use that channel.
    /// Settles the notice claimed under `attempt`, if that claim still holds it: a worker whose
    /// lease ran out and whose notice another worker claimed since settles nothing.
    pub fn settle_claim(
        &mut self,
        notice_id: &crate::domain::NoticeId,
        attempt: u64,
        outcome: &DeliveryOutcome,
        at: Timestamp,
    ) -> bool {
        let holds = self
            .notices
            .get(notice_id)
            .is_some_and(|n| matches!(n.state, NoticeState::Sending { attempt: claimed, .. } if claimed == attempt));
        holds && self.settle_notice(notice_id, outcome, at)
    }

    pub fn settle_notice(
        &mut self,
        notice_id: &crate::domain::NoticeId,
        outcome: &DeliveryOutcome,
        at: Timestamp,
    ) -> bool {
        let Some(notice) = self.notices.get_mut(notice_id).filter(|n| n.state.is_open()) else {
            return false;
        };
        let gave_up = *outcome == DeliveryOutcome::Retry && notice.attempts >= MAX_ATTEMPTS;
        notice.state = match outcome {
            DeliveryOutcome::Sent => NoticeState::Sent { at },
            DeliveryOutcome::Retry if gave_up => NoticeState::Failed { at },
            DeliveryOutcome::Retry => {
                notice.redrive_at = at + retry_delay(notice.attempts);
                NoticeState::Queued
            }
            DeliveryOutcome::Deferred { until } => {
                // Waiting for the morning is not a failed attempt.
                notice.attempts = notice.attempts.saturating_sub(1);
                notice.redrive_at = *until;
                NoticeState::Queued
            }
            DeliveryOutcome::Refused { .. } => NoticeState::Failed { at },
        };
        let notice = notice.clone();
        let reason = match outcome {
            DeliveryOutcome::Refused { reason } => reason.clone(),
            _ if gave_up => format!("no success after {} attempts", notice.attempts),
            _ => return true,
        };
        self.give_up(&notice, &reason, at);
        true
    }

    /// An email the provider accepted that bounced for good or drew a complaint afterwards: the
    /// notice is refused as if at send time (recorded; a customer's message goes out once on their
    /// other channel, which later messages then use, or the owner is told that nobody can be
    /// reached). `None` when the notice is unknown, not an email, or refused already, so that a
    /// repeated report changes nothing.
    pub fn email_undeliverable(
        &mut self,
        notice_id: &crate::domain::NoticeId,
        reason: &str,
        at: Timestamp,
    ) -> Option<Vec<Notice>> {
        let notice = self.notices.get_mut(notice_id).filter(|n| n.channel == Channel::Email && !n.state.is_failed())?;
        notice.state = NoticeState::Failed { at };
        let notice = notice.clone();
        Some(self.give_up(&notice, reason, at).into_iter().collect())
    }

    /// Queues a notice again on an operator's explicit request, whatever became of it (sent, failed),
    /// with its attempts afresh, and says so on the timeline. `None` for an unknown notice.
    pub fn resend_notice(&mut self, notice_id: &crate::domain::NoticeId, at: Timestamp, by: &str) -> Option<Notice> {
        let notice = self.notices.get_mut(notice_id)?;
        let was = match notice.state {
            NoticeState::Sent { .. } => "sent",
            NoticeState::Failed { .. } => "failed",
            NoticeState::Queued | NoticeState::Sending { .. } => "not delivered yet",
        };
        notice.state = NoticeState::Queued;
        notice.attempts = 0;
        notice.redrive_at = at + REDRIVE_AFTER;
        let notice = notice.clone();
        let note = format!("sent again on request (it was {was})");
        self.record(at, TimelineEvent::NotificationResent, by, Some(notice_id.as_str()), Some(note));
        Some(notice)
    }

    /// Records that `notice` will not be delivered, and why; a customer's message goes out once on
    /// their other channel when they gave one, else the owner is told once so that someone calls.
    /// Returns that message, due now (the worker has no queue: the scheduler sends it).
    fn give_up(&mut self, notice: &Notice, reason: &str, at: Timestamp) -> Option<Notice> {
        let (channel, audience) = (notice.channel.as_str(), notice.audience.as_str());
        let note = format!("{channel} to the {audience} could not be delivered: {reason}");
        self.record(
            at,
            TimelineEvent::NotificationFailed,
            &format!("notify-{channel}"),
            Some(notice.id.as_str()),
            Some(note),
        );
        if notice.audience != Audience::Customer {
            return None;
        }
        let mut next = match self.fall_back(notice, at) {
            Some(fallback) => fallback,
            None => self.add_notice(NoticeKind::CustomerUnreachable, Audience::Owner, at, None)?,
        };
        next.redrive_at = at;
        self.notices.insert(next.id.clone(), next.clone());
        Some(next)
    }

    /// Queues `refused` again on the customer's other channel, once; `None` when there is none.
    fn fall_back(&mut self, refused: &Notice, at: Timestamp) -> Option<Notice> {
        let other = match refused.channel {
            Channel::Email => Channel::Sms,
            Channel::Sms => Channel::Email,
        };
        if refused.audience != Audience::Customer || self.customer.contact(other).is_none() {
            return None;
        }
        let mut fallback = Notice::new(refused.kind, Audience::Customer, other, at);
        fallback.id = refused.id.fallback(refused.channel, other);
        fallback.amount_minor = refused.amount_minor;
        fallback.redrive_at = at; // no queue in the worker: the scheduler sends it on its next run
        if self.notices.contains_key(&fallback.id) || refused.id.is_fallback() {
            return None;
        }
        self.customer.channel = other;
        let note = format!("{} refused; sent by {} instead", refused.channel.as_str(), other.as_str());
        self.record(at, TimelineEvent::NotificationFallback, "notify", Some(refused.id.as_str()), Some(note));
        self.notices.insert(fallback.id.clone(), fallback.clone());
        Some(fallback)
    }
}

impl Order {
    /// Tells the owner `kind` about this order, sent by the scheduler's next run (a worker has no
    /// queue to add it to); nothing when it was told already.
    pub fn tell_owner_soon(&mut self, kind: NoticeKind, at: Timestamp) {
        if let Some(notice) = self.add_notice(kind, Audience::Owner, at, None) {
            self.notices.get_mut(&notice.id).into_iter().for_each(|n| n.redrive_at = at);
        }
    }

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
        self.add_notice_on(kind, audience, channel, at, amount_minor)
    }

    /// [`Order::add_notice`] on a chosen channel, which the recipient must have.
    pub(crate) fn add_notice_on(
        &mut self,
        kind: NoticeKind,
        audience: Audience,
        channel: Channel,
        at: Timestamp,
        amount_minor: Option<i64>,
    ) -> Option<Notice> {
        if audience == Audience::Customer && self.customer.contact(channel).is_none() {
            return None;
        }
        let mut notice = Notice::new(kind, audience, channel, at);
        notice.amount_minor = amount_minor;
        if kind.repeats() {
            let day_ago = at - jiff::SignedDuration::from_hours(24);
            let same = || self.notices.values().filter(|n| n.kind == kind && n.audience == audience);
            if same().filter(|n| n.created_at > day_ago).count() >= crate::domain::limits::MESSAGES_PER_KIND_PER_DAY {
                return None;
            }
            let sequence = same().count();
            if sequence > 0 {
                notice.id = notice.id.nth(sequence + 1);
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
                NoticeState::Sending { lease_until, .. } => lease_until,
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
                NoticeState::Sending { lease_until, .. } => lease_until <= now,
                _ => false,
            };
            if is_due {
                notice.state = NoticeState::Queued;
                notice.redrive_at = now + retry_delay(notice.attempts);
                due.push(notice.clone());
            }
        }
        // A worker that took its lease as often as allowed and never settled (it crashed, or its
        // send kept timing out) has had its attempts.
        let (spent, mut due): (Vec<Notice>, Vec<Notice>) = due.into_iter().partition(|n| n.attempts >= MAX_ATTEMPTS);
        for notice in spent {
            if let Some(stored) = self.notices.get_mut(&notice.id) {
                stored.state = NoticeState::Failed { at: now };
            }
            due.extend(self.give_up(&notice, &format!("no success after {} attempts", notice.attempts), now));
        }
        due
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testing::{draft, receive_draft};

    /// A notice claimed and failed `times` times, as the worker's claim and settle leave it.
    fn fail(order: &mut Order, id: &crate::domain::NoticeId, times: u32, mut at: Timestamp) -> Timestamp {
        for _ in 0..times {
            let notice = order.notices.get_mut(id).unwrap();
            notice.attempts += 1;
            notice.state = NoticeState::Sending { lease_until: at + jiff::SignedDuration::from_mins(5), attempt: 0 };
            order.settle_notice(id, &DeliveryOutcome::Retry, at);
            at = order.notices[id].redrive_at;
        }
        at
    }

    #[test]
    fn a_notice_that_always_fails_stops_after_its_attempts_and_the_owner_is_told_once() {
        let mut order = receive_draft(draft()).unwrap();
        let id = Notice::id_for(NoticeKind::OrderReceived, Audience::Customer, Channel::Email);
        let start = order.notices[&id].created_at;
        let at = fail(&mut order, &id, MAX_ATTEMPTS - 1, start);
        assert_eq!(order.notices[&id].state, NoticeState::Queued, "still tried again");
        assert!(at.duration_since(start) >= jiff::SignedDuration::from_hours(2), "attempts spread out");
        fail(&mut order, &id, 1, at);
        assert!(order.notices[&id].state.is_failed());
        let alerts: Vec<&Notice> =
            order.notices.values().filter(|n| n.kind == NoticeKind::CustomerUnreachable).collect();
        assert_eq!(alerts.len(), 1);
        assert_eq!((alerts[0].audience, alerts[0].redrive_at), (Audience::Owner, at), "due at once, for the sweep");
        assert!(order.timeline.iter().any(|e| e.event == TimelineEvent::NotificationFailed));
        // A second customer message failing for good does not alert the owner again.
        let other = Notice::id_for(NoticeKind::OrderConfirmed, Audience::Customer, Channel::Email);
        order
            .notices
            .insert(other.clone(), Notice::new(NoticeKind::OrderConfirmed, Audience::Customer, Channel::Email, at));
        fail(&mut order, &other, MAX_ATTEMPTS, at);
        assert_eq!(order.notices.values().filter(|n| n.kind == NoticeKind::CustomerUnreachable).count(), 1);
        // Settled notices are never re-driven.
        let far = at + jiff::SignedDuration::from_hours(48);
        assert!(order.redrive_due_notices(far).iter().all(|n| n.id != id && n.id != other));
    }

    #[test]
    fn a_worker_that_never_settles_uses_up_the_attempts_too() {
        let mut order = receive_draft(draft()).unwrap();
        let id = Notice::id_for(NoticeKind::OrderReceived, Audience::Customer, Channel::Email);
        let mut at = order.notices[&id].created_at;
        for _ in 0..MAX_ATTEMPTS {
            let notice = order.notices.get_mut(&id).unwrap();
            notice.attempts += 1;
            notice.state = NoticeState::Sending { lease_until: at, attempt: 0 };
            at += jiff::SignedDuration::from_hours(2);
            order.redrive_due_notices(at);
        }
        assert!(order.notices[&id].state.is_failed());
        assert_eq!(order.notices.values().filter(|n| n.kind == NoticeKind::CustomerUnreachable).count(), 1);
    }

    #[test]
    fn quiet_hours_do_not_use_up_attempts() {
        let mut order = receive_draft(draft()).unwrap();
        let id = Notice::id_for(NoticeKind::OrderReceived, Audience::Customer, Channel::Email);
        let at = order.notices[&id].created_at;
        for _ in 0..MAX_ATTEMPTS * 2 {
            order.notices.get_mut(&id).unwrap().attempts += 1;
            order.settle_notice(&id, &DeliveryOutcome::Deferred { until: at }, at);
        }
        assert_eq!((order.notices[&id].attempts, order.notices[&id].state), (0, NoticeState::Queued));
    }
}
