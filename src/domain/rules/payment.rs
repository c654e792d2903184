//! Payments against an order: captures, failures and refunds from any provider, checked against the
//! order's total in minor units; deadlines, reminders and cancellation for unpaid orders.

use crate::domain::{
    Audience, Authorization, CancelCause, Cancellation, FulfilmentStatus, HoldReason, Notice, NoticeKind, Order,
    PaymentChange, PaymentEvent, PaymentMethod, PaymentOutcome, PaymentProvider, PaymentStatus, PaymentTerms, Reporter,
    StaffAction, TimelineEvent,
};
use jiff::Timestamp;

/// A refund as reported: this refund's amount, or the running total refunded (Stripe).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Refund {
    pub this_minor: Option<i64>,
    pub total_minor: Option<i64>,
}

impl Order {
    /// Sets the payment deadline and reminder, counted from `from`, for an unpaid order that pays
    /// before shipping: a prepaid order from intake, an invoice from the shop's confirmation.
    pub fn set_payment_terms(&mut self, from: Timestamp, terms: PaymentTerms) {
        let pays_first = matches!(self.payment.method, Some(PaymentMethod::Prepaid | PaymentMethod::Invoice));
        if pays_first && self.payment.status == PaymentStatus::Unpaid {
            let due = from + terms.window;
            self.payment.due_at = Some(due);
            self.payment.reminder_at = Some(due - terms.reminder_before).filter(|r| *r > from);
        }
    }

    /// Applies a provider's payment event once, by its event id.
    pub fn apply_payment(&mut self, event: &PaymentEvent, at: Timestamp) -> PaymentOutcome {
        if !self.seen_events.insert(event.dedupe_key()) {
            return PaymentOutcome::Duplicate;
        }
        let source = event.provider.as_str();
        let mut notices = Vec::new();
        match &event.change {
            PaymentChange::Authorized { amount_minor, currency } => {
                let Some(reference) = event.reference.clone() else {
                    self.record(at, TimelineEvent::PaymentRepeated, source, Some(&event.event_id), None);
                    return PaymentOutcome::Applied(notices);
                };
                if !currency.eq_ignore_ascii_case(self.totals.currency.code()) {
                    self.record(
                        at,
                        TimelineEvent::PaymentCurrencyMismatch,
                        source,
                        Some(&event.event_id),
                        Some(format!("{amount_minor} {currency}")),
                    );
                    self.hold(HoldReason::PaymentCurrency);
                    notices.extend(self.add_notice(NoticeKind::PaymentAlert, Audience::Owner, at, Some(*amount_minor)));
                    return PaymentOutcome::Applied(notices);
                }
                let note = Some(self.money(*amount_minor).to_string());
                self.record(at, TimelineEvent::PaymentAuthorized, source, Some(&event.event_id), note);
                if self.status == FulfilmentStatus::Cancelled {
                    // Held money on a cancelled order: the owner releases it in the provider's dashboard.
                    notices.extend(self.add_notice(NoticeKind::PaymentAlert, Audience::Owner, at, Some(*amount_minor)));
                } else if matches!(self.payment.status, PaymentStatus::Unpaid | PaymentStatus::Failed) {
                    self.payment.status = PaymentStatus::Authorized;
                    self.payment.authorization = Some(Authorization {
                        provider: event.provider,
                        reference,
                        amount_minor: *amount_minor,
                        failure: None,
                    });
                    // Held money is not chased: no reminder, no cancellation at the deadline.
                    self.payment.due_at = None;
                    self.payment.reminder_at = None;
                    if *amount_minor < self.totals.total_minor {
                        notices.extend(self.add_notice(
                            NoticeKind::PaymentAlert,
                            Audience::Owner,
                            at,
                            Some(*amount_minor),
                        ));
                    }
                }
            }
            PaymentChange::Captured { amount_minor, currency } => {
                let capture_key = event.reference.as_ref().map(|r| format!("{source}:capture:{r}"));
                if capture_key.is_some_and(|key| !self.seen_events.insert(key)) {
                    self.record(at, TimelineEvent::PaymentRepeated, source, Some(&event.event_id), None);
                    return PaymentOutcome::Applied(notices);
                }
                if !currency.eq_ignore_ascii_case(self.totals.currency.code()) {
                    self.record(
                        at,
                        TimelineEvent::PaymentCurrencyMismatch,
                        source,
                        Some(&event.event_id),
                        Some(format!("{amount_minor} {currency}")),
                    );
                    self.hold(HoldReason::PaymentCurrency);
                    notices.extend(self.add_notice(NoticeKind::PaymentAlert, Audience::Owner, at, Some(*amount_minor)));
                    return PaymentOutcome::Applied(notices);
                }
                // The capture of money held at checkout: the customer was told of the order already,
                // and the charge is what they agreed to then.
                let held = self.payment.authorization.take_if(|held| held.provider == event.provider);
                let tell = held.is_none();
                notices.extend(self.credit(Reporter::Provider, *amount_minor, tell, source, Some(&event.event_id), at));
            }
            PaymentChange::Failed { reason } => {
                self.record(at, TimelineEvent::PaymentFailed, source, Some(&event.event_id), reason.clone());
                // A hold released or expired at the provider: nothing is held any more.
                let released = self.payment.authorization.take_if(|held| {
                    held.provider == event.provider && event.reference.as_deref() == Some(held.reference.as_str())
                });
                if released.is_some() || matches!(self.payment.status, PaymentStatus::Unpaid | PaymentStatus::Failed) {
                    self.payment.status = PaymentStatus::Failed;
                    notices.extend(self.add_notice(NoticeKind::PaymentFailed, Audience::Customer, at, None));
                    notices.extend(self.add_notice(NoticeKind::PaymentFailed, Audience::Owner, at, None));
                }
            }
            PaymentChange::Refunded { amount_minor, total_refunded_minor, currency } => {
                if !currency.eq_ignore_ascii_case(self.totals.currency.code()) {
                    self.record(at, TimelineEvent::RefundIgnored, source, Some(&event.event_id), None);
                    return PaymentOutcome::Applied(notices);
                }
                let refund = Refund { this_minor: *amount_minor, total_minor: *total_refunded_minor };
                notices.extend(self.debit(Reporter::Provider, refund, source, Some(&event.event_id), at));
            }
        }
        PaymentOutcome::Applied(notices)
    }

    /// Counts money `reporter` says came in: a provider's capture adds to what the providers
    /// reported, the storefront's figure is its running total paid. The order has received the
    /// greater of the two, so a payment that both report counts once. `tell`: whether the customer
    /// hears of it. The first timeline entry carries `event_id` (the event's dedupe).
    pub(crate) fn credit(
        &mut self,
        reporter: Reporter,
        amount: i64,
        tell: bool,
        source: &str,
        event_id: Option<&str>,
        at: Timestamp,
    ) -> Vec<Notice> {
        let mut reports = self.payment.reports();
        match reporter {
            Reporter::Provider => reports.providers_paid_minor = reports.providers_paid_minor.saturating_add(amount),
            Reporter::Storefront => reports.storefront_paid_minor = reports.storefront_paid_minor.max(amount),
        }
        // The storefront repeating what it reported before (it sends the order with every update).
        if reporter == Reporter::Storefront && reports == self.payment.reports() {
            return Vec::new();
        }
        self.payment.reports = reports;
        let received = reports.storefront_paid_minor.max(reports.providers_paid_minor);
        let added = received - self.payment.received_minor;
        if added <= 0 {
            let note = Some(format!("{} counted already", self.money(amount)));
            self.record(at, TimelineEvent::PaymentReconciled, source, event_id, note);
            return Vec::new();
        }
        self.payment.received_minor = received;
        self.record(at, TimelineEvent::PaymentReceived, source, event_id, Some(self.money(added).to_string()));
        let total = self.totals.total_minor;
        let mut notices = Vec::new();
        if self.status == FulfilmentStatus::Cancelled {
            notices.extend(self.add_notice(NoticeKind::PaymentAlert, Audience::Owner, at, Some(added)));
        } else if received > total {
            self.payment.status = PaymentStatus::Paid;
            self.hold(HoldReason::Overpaid);
            notices.extend(self.add_notice(NoticeKind::PaymentAlert, Audience::Owner, at, Some(added)));
        } else {
            self.payment.status = if received == total { PaymentStatus::Paid } else { PaymentStatus::PartiallyPaid };
            if tell {
                notices.extend(self.add_notice(NoticeKind::PaymentReceived, Audience::Customer, at, Some(added)));
            }
            if received < total {
                notices.extend(self.add_notice(NoticeKind::PaymentAlert, Audience::Owner, at, Some(added)));
            }
        }
        if self.payment.status == PaymentStatus::Paid {
            self.payment.due_at = None;
            self.payment.reminder_at = None;
        }
        notices
    }

    /// Counts money `reporter` says went back, as [`Order::credit`] counts money in: the order has
    /// refunded the greater of the storefront's and the providers' figures.
    pub(crate) fn debit(
        &mut self,
        reporter: Reporter,
        refund: Refund,
        source: &str,
        event_id: Option<&str>,
        at: Timestamp,
    ) -> Vec<Notice> {
        let mut reports = self.payment.reports();
        let reported = match reporter {
            Reporter::Storefront => &mut reports.storefront_refunded_minor,
            Reporter::Provider => &mut reports.providers_refunded_minor,
        };
        *reported = match (refund.total_minor, refund.this_minor) {
            (Some(total), _) => total.max(*reported),
            (None, Some(amount)) => reported.saturating_add(amount.max(0)),
            (None, None) => *reported,
        };
        if reporter == Reporter::Storefront && reports == self.payment.reports() {
            return Vec::new();
        }
        self.payment.reports = reports;
        let before = self.payment.refunded_minor;
        let after = reports.storefront_refunded_minor.max(reports.providers_refunded_minor).max(before);
        let refunded_now = after - before;
        if refunded_now <= 0 {
            self.record(at, TimelineEvent::RefundIgnored, source, event_id, Some("counted already".into()));
            return Vec::new();
        }
        self.payment.refunded_minor = after;
        self.payment.status = if after >= self.payment.received_minor.max(self.totals.total_minor) {
            PaymentStatus::Refunded
        } else {
            PaymentStatus::PartiallyRefunded
        };
        self.record(at, TimelineEvent::PaymentRefunded, source, event_id, Some(self.money(refunded_now).to_string()));
        self.settle_returns(source, at);
        self.add_notice(NoticeKind::Refunded, Audience::Customer, at, Some(refunded_now)).into_iter().collect()
    }

    /// The money to capture before `action` hands the goods over (ship, ready for pickup, deliver):
    /// what is held, up to what is still owed. `None` when nothing is held, or staff ship unpaid.
    pub fn capture_before(&self, action: &StaffAction) -> Option<(Authorization, i64)> {
        let hands_over = match action {
            StaffAction::Ship(ship) => !ship.ship_unpaid,
            StaffAction::ReadyForPickup(_) | StaffAction::Deliver => true,
            _ => false,
        };
        let held = self.payment.authorization.as_ref().filter(|_| hands_over)?;
        let owed = (self.totals.total_minor - self.payment.received_minor).max(0);
        (self.payment.status == PaymentStatus::Authorized && owed > 0)
            .then(|| (held.clone(), held.amount_minor.min(owed)))
    }

    /// The provider refused to capture the held money: the order stays where it is, the reason is
    /// kept on the order, and the owner is told (once per order: staff retry, or ship unpaid).
    pub fn capture_refused(&mut self, provider: PaymentProvider, reason: &str, at: Timestamp) -> Vec<Notice> {
        let reason = crate::domain::limits::cut(reason, crate::domain::limits::TEXT);
        if let Some(held) = self.payment.authorization.as_mut() {
            held.failure = Some(reason.clone());
        }
        self.record(at, TimelineEvent::CaptureFailed, provider.as_str(), None, Some(reason));
        self.add_notice(NoticeKind::CaptureFailed, Audience::Owner, at, None).into_iter().collect()
    }

    fn hold(&mut self, reason: HoldReason) {
        if !matches!(self.status, FulfilmentStatus::Cancelled | FulfilmentStatus::OnHold) {
            self.hold_reason = Some(reason);
            self.status = FulfilmentStatus::OnHold;
        }
    }

    /// Nothing received yet on an order that must be paid before it ships (a partial payment is the
    /// owner's to resolve, never cancelled automatically).
    pub fn is_awaiting_payment(&self) -> bool {
        matches!(self.payment.status, PaymentStatus::Unpaid | PaymentStatus::Failed)
            && self.status != FulfilmentStatus::Cancelled
    }

    /// Cancels the order, recording cause, actor and stage; tells the customer and the owner.
    pub fn cancel(&mut self, cause: CancelCause, actor: &str, at: Timestamp) -> Vec<Notice> {
        if self.status == FulfilmentStatus::Cancelled {
            return Vec::new();
        }
        self.cancellation = Some(Cancellation {
            cause,
            actor: actor.to_string(),
            stage: self.status,
            at,
            fault: None,
            cost_minor: None,
        });
        self.status = FulfilmentStatus::Cancelled;
        self.payment.due_at = None;
        self.payment.reminder_at = None;
        self.record(at, TimelineEvent::OrderCancelled, actor, None, Some(format!("{cause:?}")));
        [
            self.add_notice(NoticeKind::OrderCancelled, Audience::Customer, at, None),
            self.add_notice(NoticeKind::OrderCancelled, Audience::Owner, at, None),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    /// Payment duties that are due at `now`: the reminder (once), then cancellation at the deadline.
    pub fn run_payment_deadlines(&mut self, now: Timestamp) -> Vec<Notice> {
        if !self.is_awaiting_payment() {
            return Vec::new();
        }
        if self.payment.due_at.is_some_and(|due| due <= now) {
            return self.cancel(CancelCause::PaymentTimeout, "scheduler", now);
        }
        match self.payment.reminder_at {
            Some(reminder) if reminder <= now => {
                self.payment.reminder_at = None;
                self.record(now, TimelineEvent::PaymentReminder, "scheduler", None, None);
                self.add_notice(NoticeKind::PaymentReminder, Audience::Customer, now, None).into_iter().collect()
            }
            _ => Vec::new(),
        }
    }

    /// The next payment duty, if the order is still waiting for money.
    pub fn next_payment_duty(&self) -> Option<Timestamp> {
        if !self.is_awaiting_payment() {
            return None;
        }
        [self.payment.reminder_at, self.payment.due_at].into_iter().flatten().min()
    }
}
