//! Payments against an order: captures, failures and refunds from any provider, checked against the
//! order's total in minor units; deadlines, reminders and cancellation for unpaid orders.

use super::timeline::TimelineEvent;
use super::attention::HoldReason;
use super::notice::{Audience, Notice, NoticeKind};
use super::order::{Channel, FulfilmentStatus, Order, PaymentMethod, PaymentStatus};
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

/// Who reported a payment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentProvider {
    Stripe,
    Paypal,
    Generic,
}

impl PaymentProvider {
    pub const ALL: [PaymentProvider; 3] = [Self::Stripe, Self::Paypal, Self::Generic];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Stripe => "stripe",
            Self::Paypal => "paypal",
            Self::Generic => "generic",
        }
    }

    pub fn from_path(segment: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == segment)
    }
}

/// What happened to the money. Amounts are minor units of `currency` (an ISO code as sent).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PaymentChange {
    Captured {
        amount_minor: i64,
        currency: String,
    },
    Failed {
        reason: Option<String>,
    },
    /// `total_refunded_minor` when the provider reports the running total (Stripe), else
    /// `amount_minor` of this refund alone (PayPal, generic).
    Refunded {
        amount_minor: Option<i64>,
        total_refunded_minor: Option<i64>,
        currency: String,
    },
}

/// A provider's payment event, in our words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentEvent {
    pub provider: PaymentProvider,
    pub event_id: String,
    pub order_id: String,
    /// The provider's payment id (Stripe PaymentIntent, PayPal capture): one capture per reference.
    pub reference: Option<String>,
    pub change: PaymentChange,
}

impl PaymentEvent {
    /// Identifiers and amounts within their limits (else a 400 naming them); a reason cut to its limit.
    pub fn bounded(mut self) -> Result<Self, super::InvalidField> {
        use super::limits;
        limits::identifier("event_id", &self.event_id, limits::EVENT_ID)?;
        limits::identifier("order_id", &self.order_id, limits::ORDER_ID)?;
        if let Some(reference) = &self.reference {
            limits::identifier("reference", reference, limits::EVENT_ID)?;
        }
        match &mut self.change {
            PaymentChange::Captured { amount_minor, .. } => {
                limits::amount("amount", *amount_minor)?;
            }
            PaymentChange::Refunded { amount_minor, total_refunded_minor, .. } => {
                for amount in [amount_minor, total_refunded_minor].into_iter().flatten() {
                    limits::amount("amount", *amount)?;
                }
            }
            PaymentChange::Failed { reason } => *reason = reason.take().map(|r| limits::cut(&r, limits::TEXT)),
        }
        Ok(self)
    }

    pub fn dedupe_key(&self) -> String {
        format!("{}:{}", self.provider.as_str(), self.event_id)
    }
}

/// When unpaid orders fall due.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PaymentTerms {
    /// From intake to automatic cancellation.
    pub window: SignedDuration,
    /// How long before the deadline the reminder goes out.
    pub reminder_before: SignedDuration,
}

impl Default for PaymentTerms {
    fn default() -> Self {
        Self { window: SignedDuration::from_hours(72), reminder_before: SignedDuration::from_hours(24) }
    }
}

/// What applying a payment event did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PaymentOutcome {
    /// Applied; these notices were added to the ledger.
    Applied(Vec<Notice>),
    /// This event was applied before: nothing changed.
    Duplicate,
}

/// Why an order was cancelled, by whom, and at what stage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cancellation {
    pub cause: CancelCause,
    pub actor: String,
    pub stage: FulfilmentStatus,
    pub at: Timestamp,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CancelCause {
    Customer,
    PaymentTimeout,
    OutOfStock,
    Fraud,
    Shop,
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

    /// Sets the payment deadline and reminder for an unpaid order that pays before shipping.
    pub fn set_payment_terms(&mut self, terms: PaymentTerms) {
        let pays_first = matches!(self.payment.method, Some(PaymentMethod::Prepaid | PaymentMethod::Invoice));
        if pays_first && self.payment.status == PaymentStatus::Unpaid {
            let due = self.received_at + terms.window;
            self.payment.due_at = Some(due);
            self.payment.reminder_at = Some(due - terms.reminder_before).filter(|r| *r > self.received_at);
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
            PaymentChange::Captured { amount_minor, currency } => {
                let capture_key = event.reference.as_ref().map(|r| format!("{source}:capture:{r}"));
                if capture_key.is_some_and(|key| !self.seen_events.insert(key)) {
                    self.record(at, TimelineEvent::PaymentRepeated, source, Some(&event.event_id), None);
                    return PaymentOutcome::Applied(notices);
                }
                let note = Some(self.money(*amount_minor).to_string());
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
                self.payment.received_minor = self.payment.received_minor.saturating_add(*amount_minor);
                self.record(at, TimelineEvent::PaymentReceived, source, Some(&event.event_id), note);
                let total = self.totals.total_minor;
                let received = self.payment.received_minor;
                if self.status == FulfilmentStatus::Cancelled {
                    notices.extend(self.add_notice(NoticeKind::PaymentAlert, Audience::Owner, at, Some(*amount_minor)));
                } else if received > total {
                    self.payment.status = PaymentStatus::Paid;
                    self.hold(HoldReason::Overpaid);
                    notices.extend(self.add_notice(NoticeKind::PaymentAlert, Audience::Owner, at, Some(*amount_minor)));
                } else {
                    self.payment.status =
                        if received == total { PaymentStatus::Paid } else { PaymentStatus::PartiallyPaid };
                    notices.extend(self.add_notice(
                        NoticeKind::PaymentReceived,
                        Audience::Customer,
                        at,
                        Some(*amount_minor),
                    ));
                    if received < total {
                        notices.extend(self.add_notice(
                            NoticeKind::PaymentAlert,
                            Audience::Owner,
                            at,
                            Some(*amount_minor),
                        ));
                    }
                }
                if self.payment.status == PaymentStatus::Paid {
                    self.payment.due_at = None;
                    self.payment.reminder_at = None;
                }
            }
            PaymentChange::Failed { reason } => {
                self.record(at, TimelineEvent::PaymentFailed, source, Some(&event.event_id), reason.clone());
                if matches!(self.payment.status, PaymentStatus::Unpaid | PaymentStatus::Failed) {
                    self.payment.status = PaymentStatus::Failed;
                    notices.extend(self.add_notice(NoticeKind::PaymentFailed, Audience::Customer, at, None));
                }
            }
            PaymentChange::Refunded { amount_minor, total_refunded_minor, currency } => {
                let before = self.payment.refunded_minor;
                let after = match (total_refunded_minor, amount_minor) {
                    (Some(total), _) => (*total).max(before),
                    (None, Some(amount)) => before.saturating_add(*amount),
                    (None, None) => before,
                };
                let refunded_now = after - before;
                if refunded_now <= 0 || !currency.eq_ignore_ascii_case(self.totals.currency.code()) {
                    self.record(at, TimelineEvent::RefundIgnored, source, Some(&event.event_id), None);
                    return PaymentOutcome::Applied(notices);
                }
                self.payment.refunded_minor = after;
                self.payment.status = if after >= self.payment.received_minor.max(self.totals.total_minor) {
                    PaymentStatus::Refunded
                } else {
                    PaymentStatus::PartiallyRefunded
                };
                self.record(
                    at,
                    TimelineEvent::PaymentRefunded,
                    source,
                    Some(&event.event_id),
                    Some(self.money(refunded_now).to_string()),
                );
                notices.extend(self.add_notice(NoticeKind::Refunded, Audience::Customer, at, Some(refunded_now)));
            }
        }
        PaymentOutcome::Applied(notices)
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
        self.cancellation = Some(Cancellation { cause, actor: actor.to_string(), stage: self.status, at });
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
