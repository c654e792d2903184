//! Payments against an order: captures, failures and refunds from any provider, checked against the
//! order's total in minor units; deadlines, reminders and cancellation for unpaid orders.

use crate::domain::payment::{Collection, Reports};
use crate::domain::{
    Audience, Authorization, CancelCause, Cancellation, FulfilmentStatus, HoldReason, Notice, NoticeKind, Order,
    PaymentChange, PaymentEvent, PaymentMethod, PaymentOutcome, PaymentProvider, PaymentStatus, PaymentTerms,
    ReceivedPayment, ReceivedVia, Refusal, Release, ReleaseAnswer, Reporter, StaffAction, TimelineEvent,
};
use jiff::{SignedDuration, Timestamp};

/// Attempts at releasing a hold while the provider is unavailable, before the owner is asked to.
pub const RELEASE_ATTEMPTS: u32 = 6;

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
                // Held money is captured later in the currency it is held in: only the shop's.
                if !currency.eq_ignore_ascii_case(self.totals.currency.code()) {
                    return PaymentOutcome::Applied(self.other_currency(event, *amount_minor, currency, at));
                }
                let note = Some(self.money(*amount_minor).to_string());
                self.record(at, TimelineEvent::PaymentAuthorized, source, Some(&event.event_id), note);
                let cancelled = self.status == FulfilmentStatus::Cancelled;
                if matches!(self.payment.status, PaymentStatus::Unpaid | PaymentStatus::Failed) {
                    self.payment.status = PaymentStatus::Authorized;
                    self.payment.authorization = Some(Authorization {
                        provider: event.provider,
                        reference,
                        amount_minor: *amount_minor,
                        failure: None,
                        // Held for an order already cancelled: the scheduler gives it back.
                        release: cancelled.then_some(Release { due_at: at, attempts: 0 }),
                    });
                    // Held money is not chased: no reminder, no cancellation at the deadline.
                    self.payment.due_at = None;
                    self.payment.reminder_at = None;
                    if *amount_minor < self.totals.total_minor && !cancelled {
                        notices.extend(self.add_notice(
                            NoticeKind::PaymentAlert,
                            Audience::Owner,
                            at,
                            Some(*amount_minor),
                        ));
                    }
                } else if cancelled {
                    notices.extend(self.add_notice(NoticeKind::PaymentAlert, Audience::Owner, at, Some(*amount_minor)));
                }
            }
            PaymentChange::Captured { amount_minor, currency } => {
                let capture_key = event.reference.as_ref().map(|r| format!("{source}:capture:{r}"));
                if capture_key.is_some_and(|key| !self.seen_events.insert(key)) {
                    self.record(at, TimelineEvent::PaymentRepeated, source, Some(&event.event_id), None);
                    return PaymentOutcome::Applied(notices);
                }
                let Some(amount_minor) = &self.totals.shop_minor(*amount_minor, currency) else {
                    return PaymentOutcome::Applied(self.other_currency(event, *amount_minor, currency, at));
                };
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
                if self.status == FulfilmentStatus::Cancelled {
                    // The hold of a cancelled order given back (by the shop, or lapsed): nothing to tell.
                    if released.is_some() && self.payment.status == PaymentStatus::Authorized {
                        self.payment.status = PaymentStatus::Unpaid;
                    }
                } else if released.is_some()
                    || matches!(self.payment.status, PaymentStatus::Unpaid | PaymentStatus::Failed)
                {
                    self.payment.status = PaymentStatus::Failed;
                    notices.extend(self.add_notice(NoticeKind::PaymentFailed, Audience::Customer, at, None));
                    notices.extend(self.add_notice(NoticeKind::PaymentFailed, Audience::Owner, at, None));
                }
            }
            PaymentChange::Refunded { amount_minor, total_refunded_minor, currency } => {
                let in_shop = |minor: &Option<i64>| minor.map(|m| self.totals.shop_minor(m, currency));
                let (this, total) = (in_shop(amount_minor), in_shop(total_refunded_minor));
                if this.is_some_and(|m| m.is_none()) || total.is_some_and(|m| m.is_none()) {
                    self.record(at, TimelineEvent::RefundIgnored, source, Some(&event.event_id), None);
                    return PaymentOutcome::Applied(notices);
                }
                let refund = Refund { this_minor: this.flatten(), total_minor: total.flatten() };
                notices.extend(self.debit(Reporter::Provider, refund, source, Some(&event.event_id), at));
            }
        }
        PaymentOutcome::Applied(notices)
    }

    /// Money in another currency than the order's: recorded, the order held, the owner told.
    fn other_currency(
        &mut self,
        event: &PaymentEvent,
        amount_minor: i64,
        currency: &str,
        at: Timestamp,
    ) -> Vec<Notice> {
        let note = Some(format!("{amount_minor} {currency}"));
        let source = event.provider.as_str();
        self.record(at, TimelineEvent::PaymentCurrencyMismatch, source, Some(&event.event_id), note);
        self.hold(HoldReason::PaymentCurrency);
        self.add_notice(NoticeKind::PaymentAlert, Audience::Owner, at, Some(amount_minor)).into_iter().collect()
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

    /// Money that reached the shop outside the providers, as staff recorded it. A bank transfer,
    /// cash or a card terminal pays the order (at most what is still owed) and tells the customer,
    /// counted with what the providers report (a storefront that also marks it paid is the same
    /// money). Cash on delivery is what the courier collected, recorded once against what the order
    /// expected: it replaces the "paid on delivery" assumed at delivery, so a shortfall shows.
    pub(crate) fn receive_outside(
        &mut self,
        payment: &ReceivedPayment,
        by: &str,
        now: Timestamp,
    ) -> Result<Vec<Notice>, Refusal> {
        let minor = self.amount(&payment.amount)?;
        let detail = [
            Some(payment.method.as_str().replace('_', " ")),
            payment.reference.clone(),
            payment.received_on.map(|d| d.to_string()),
        ];
        let detail: Vec<String> = detail.into_iter().flatten().collect();
        let expected = self.totals.total_minor;
        if payment.method == ReceivedVia::CashOnDelivery {
            if self.payment.method != Some(PaymentMethod::CashOnDelivery) {
                return Err(Refusal::NotCashOnDelivery);
            }
            if self.payment.collection.is_some() {
                return Err(Refusal::CollectionRecorded);
            }
            if self.shipment.delivered_at.is_none() {
                return Err(Refusal::NotDeliveredYet);
            }
            // What the courier had to collect: the total less what came in another way (a deposit).
            // The reports as kept: "paid on delivery" was assumed, never reported.
            let reports = self.payment.reports;
            let before = reports.storefront_paid_minor.max(reports.providers_paid_minor).min(expected);
            let owed = expected - before;
            self.payment.collection = Some(Collection { collected_minor: minor, expected_minor: owed, at: now });
            let note = format!("{} of {}; {}", self.money(minor), self.money(owed), detail.join("; "));
            self.record(now, TimelineEvent::CashCollected, by, None, Some(note));
            self.payment.reports = Reports { providers_paid_minor: reports.providers_paid_minor + minor, ..reports };
            self.payment.received_minor = before + minor;
            self.payment.status =
                if before + minor >= expected { PaymentStatus::Paid } else { PaymentStatus::PartiallyPaid };
            return Ok(Vec::new());
        }
        let owed = expected - self.payment.received_minor;
        if owed <= 0 {
            return Err(Refusal::PaidAlready(self.money(expected).to_string()));
        }
        if minor > owed {
            return Err(Refusal::OwedOnly(self.money(owed).to_string()));
        }
        self.record(now, TimelineEvent::PaymentRecorded, by, None, Some(detail.join("; ")));
        let notices = self.credit(Reporter::Provider, minor, true, by, None, now);
        // Paid another way: money still held on the customer's card goes back to them.
        if self.payment.status == PaymentStatus::Paid
            && let Some(held) = self.payment.authorization.as_mut().filter(|h| h.release.is_none())
        {
            held.release = Some(Release { due_at: now, attempts: 0 });
        }
        Ok(notices)
    }

    /// A cash-on-delivery order delivered without the courier's collection recorded, or recorded
    /// short of what it expected: the back office's "cash to reconcile".
    pub fn cash_to_reconcile(&self) -> bool {
        let delivered = matches!(self.status, FulfilmentStatus::Delivered | FulfilmentStatus::Archived);
        delivered
            && self.payment.method == Some(PaymentMethod::CashOnDelivery)
            && (self.payment.collection.is_none() || self.payment.received_minor < self.totals.total_minor)
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
            StaffAction::ReadyForPickup(pickup) => !pickup.unpaid,
            StaffAction::Deliver => true,
            _ => false,
        };
        // Nothing is taken for a cancelled order, nor for a hold being given back.
        let cancelled = self.status == FulfilmentStatus::Cancelled;
        let held = self.payment.authorization.as_ref().filter(|h| hands_over && !cancelled && h.release.is_none())?;
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
            self.hold_for(reason);
        }
    }

    /// Nothing received yet on an order that must be paid before it ships (a partial payment is the
    /// owner's to resolve, never cancelled automatically).
    pub fn is_awaiting_payment(&self) -> bool {
        matches!(self.payment.status, PaymentStatus::Unpaid | PaymentStatus::Failed)
            && self.status != FulfilmentStatus::Cancelled
    }

    /// An order that pays first, handed over (shipped, delivered, or made ready to collect) before
    /// its money was in: only staff's word does that, and it is never cancelled for the payment.
    pub fn handed_over_unpaid(&self) -> bool {
        let handed_over = super::fulfilment::IN_FLIGHT.contains(&self.status)
            || matches!(self.status, FulfilmentStatus::Delivered | FulfilmentStatus::Archived);
        handed_over && self.pays_first() && !self.payment.status.is_settled()
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
        self.lift_hold(FulfilmentStatus::Cancelled);
        self.payment.due_at = None;
        self.payment.reminder_at = None;
        // Money held for the order goes back to the customer: the scheduler releases it.
        if let Some(held) =
            self.payment.authorization.as_mut().filter(|_| self.payment.status == PaymentStatus::Authorized)
        {
            held.release = Some(Release { due_at: at, attempts: 0 });
        }
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
            if self.handed_over_unpaid() {
                // A receivable, not a cancellation: the goods are with the customer (or waiting at
                // the counter) on staff's word. Both are told once; the staff list shows it until paid.
                self.payment.due_at = None;
                self.payment.reminder_at = None;
                self.record(now, TimelineEvent::PaymentOverdue, "scheduler", None, None);
                return [
                    self.add_notice(NoticeKind::PaymentOverdue, Audience::Customer, now, None),
                    self.add_notice(NoticeKind::PaymentOverdue, Audience::Owner, now, None),
                ]
                .into_iter()
                .flatten()
                .collect();
            }
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
        let release = self.payment.authorization.as_ref().and_then(|held| held.release).map(|r| r.due_at);
        let deadlines =
            [self.payment.reminder_at, self.payment.due_at].into_iter().filter(|_| self.is_awaiting_payment());
        deadlines.flatten().chain(release).min()
    }

    /// The hold to give back at `now`: money still held for a cancelled order.
    pub fn hold_to_release(&self, now: Timestamp) -> Option<Authorization> {
        let held = self.payment.authorization.as_ref()?;
        held.release.is_some_and(|r| r.due_at <= now).then(|| held.clone())
    }

    /// Records the provider's answer to releasing the hold `reference`. Released: nothing is held
    /// any more. Refused: the owner is told once, to release it by hand. Unavailable: tried again
    /// later, up to [`RELEASE_ATTEMPTS`] times, then as refused.
    pub fn hold_release_answered(&mut self, reference: &str, answer: ReleaseAnswer, at: Timestamp) -> Vec<Notice> {
        let Some(held) =
            self.payment.authorization.as_mut().filter(|h| h.reference == reference && h.release.is_some())
        else {
            return Vec::new();
        };
        let (provider, amount) = (held.provider, held.amount_minor);
        let reason = match answer {
            ReleaseAnswer::Released => {
                self.payment.authorization = None;
                if self.payment.status == PaymentStatus::Authorized {
                    self.payment.status = PaymentStatus::Unpaid;
                }
                let note = Some(self.money(amount).to_string());
                self.record(at, TimelineEvent::HoldReleased, provider.as_str(), None, note);
                return Vec::new();
            }
            ReleaseAnswer::Unavailable(reason) => {
                let attempts = held.release.map_or(0, |r| r.attempts) + 1;
                if attempts < RELEASE_ATTEMPTS {
                    // 5 minutes, doubling: the last attempt about 2½ hours after the first.
                    let wait = SignedDuration::from_mins(5 * (1 << (attempts - 1)));
                    held.release = Some(Release { due_at: at + wait, attempts });
                    return Vec::new();
                }
                reason
            }
            ReleaseAnswer::Refused(reason) => reason,
        };
        let reason = crate::domain::limits::cut(&reason, crate::domain::limits::TEXT);
        held.release = None;
        held.failure = Some(reason.clone());
        self.record(at, TimelineEvent::HoldNotReleased, provider.as_str(), None, Some(reason));
        self.add_notice(NoticeKind::HoldNotReleased, Audience::Owner, at, Some(amount)).into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::OrderDraft;
    use crate::domain::testing::{draft, receive_draft};

    fn cancelled_with_hold() -> Order {
        let mut order = receive_draft(OrderDraft { payment_status: None, ..draft() }).unwrap();
        let at = order.received_at;
        let held = PaymentEvent {
            provider: PaymentProvider::Stripe,
            event_id: "evt_1".into(),
            order_id: order.id.clone(),
            reference: Some("pi_1".into()),
            change: PaymentChange::Authorized { amount_minor: order.totals.total_minor, currency: "PLN".into() },
        };
        assert!(matches!(order.apply_payment(&held, at), PaymentOutcome::Applied(_)));
        assert_eq!(order.payment.status, PaymentStatus::Authorized);
        assert_eq!(order.next_payment_duty(), None, "held money is not chased");
        order.cancel(CancelCause::Customer, "staff", at);
        order
    }

    #[test]
    fn a_cancelled_orders_hold_falls_due_at_once_and_an_unreachable_provider_is_asked_five_more_times() {
        let mut order = cancelled_with_hold();
        let at = order.received_at;
        assert_eq!(order.next_payment_duty(), Some(at));
        assert_eq!(order.hold_to_release(at).map(|h| h.reference), Some("pi_1".into()));
        // An answer about another hold (a race with a newer one) changes nothing.
        assert!(order.hold_release_answered("pi_other", ReleaseAnswer::Released, at).is_empty());
        assert!(order.payment.authorization.is_some());
        let mut now = at;
        let mut waits = Vec::new();
        for _ in 1..RELEASE_ATTEMPTS {
            assert!(order.hold_release_answered("pi_1", ReleaseAnswer::Unavailable("503".into()), now).is_empty());
            let due = order.next_payment_duty().unwrap();
            waits.push(due.duration_since(now).as_mins());
            assert_eq!(order.hold_to_release(now), None, "not before its time");
            now = due;
        }
        assert_eq!(waits, [5, 10, 20, 40, 80]);
        let told = order.hold_release_answered("pi_1", ReleaseAnswer::Unavailable("503".into()), now);
        assert_eq!(told.iter().map(|n| n.kind).collect::<Vec<_>>(), [NoticeKind::HoldNotReleased]);
        assert_eq!((order.next_payment_duty(), order.payment.status), (None, PaymentStatus::Authorized));
        assert!(order.hold_release_answered("pi_1", ReleaseAnswer::Unavailable("503".into()), now).is_empty());
    }

    #[test]
    fn a_hold_reason_lasts_only_while_the_order_is_on_hold() {
        use crate::domain::HoldReason;
        let mut order = receive_draft(draft()).unwrap();
        let at = order.received_at;
        let foreign = PaymentEvent {
            provider: PaymentProvider::Stripe,
            event_id: "evt_9".into(),
            order_id: order.id.clone(),
            reference: Some("pi_9".into()),
            change: PaymentChange::Captured { amount_minor: 1_000, currency: "EUR".into() },
        };
        order.apply_payment(&foreign, at);
        assert_eq!((order.status, order.hold_reason), (FulfilmentStatus::OnHold, Some(HoldReason::PaymentCurrency)));
        order.cancel(CancelCause::Customer, "staff", at);
        assert_eq!((order.status, order.hold_reason), (FulfilmentStatus::Cancelled, None));
    }

    #[test]
    fn money_in_another_currency_holds_the_order_and_tells_only_the_owner() {
        for change in [
            PaymentChange::Authorized { amount_minor: 1_000, currency: "EUR".into() },
            PaymentChange::Captured { amount_minor: 1_000, currency: "eur".into() },
        ] {
            let mut order = receive_draft(OrderDraft { payment_status: None, ..draft() }).unwrap();
            let at = order.received_at;
            let event = PaymentEvent {
                provider: PaymentProvider::Stripe,
                event_id: "evt_eur".into(),
                order_id: order.id.clone(),
                reference: Some("pi_eur".into()),
                change,
            };
            let PaymentOutcome::Applied(told) = order.apply_payment(&event, at) else { panic!("not applied") };
            let told: Vec<_> = told.iter().map(|n| (n.kind, n.audience)).collect();
            assert_eq!(told, [(NoticeKind::PaymentAlert, Audience::Owner)]);
            assert_eq!(
                (order.status, order.hold_reason),
                (FulfilmentStatus::OnHold, Some(HoldReason::PaymentCurrency))
            );
            assert_eq!((order.payment.status, order.payment.authorization.as_ref()), (PaymentStatus::Unpaid, None));
            let noted = order.timeline().iter().find(|e| e.event == TimelineEvent::PaymentCurrencyMismatch);
            let note = noted.and_then(|e| e.note.as_deref()).map(str::to_uppercase);
            assert_eq!(note.as_deref(), Some("1000 EUR"), "the amount as the provider sent it");
        }
    }

    #[test]
    fn nothing_is_captured_for_a_cancelled_order() {
        let order = cancelled_with_hold();
        assert_eq!(order.capture_before(&StaffAction::Deliver), None);
    }

    #[test]
    fn a_released_hold_leaves_the_cancelled_order_unpaid_with_nothing_held() {
        let mut order = cancelled_with_hold();
        let at = order.received_at;
        assert!(order.hold_release_answered("pi_1", ReleaseAnswer::Released, at).is_empty());
        assert_eq!((order.payment.status, order.payment.authorization.as_ref()), (PaymentStatus::Unpaid, None));
        assert_eq!(order.next_payment_duty(), None);
        assert!(order.timeline().iter().any(|e| e.event == TimelineEvent::HoldReleased));
    }
}
