//! Payments against an order: captures, failures and refunds from any provider, checked against the
//! order's total in minor units; deadlines, reminders and cancellation for unpaid orders.

use super::{FulfilmentStatus, Notice, PaymentMethod, PaymentStatus};
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

vocabulary! {
    /// Who reported a payment.
    pub enum PaymentProvider {
        Stripe,
        Paypal,
        Generic,
    }
}

impl PaymentProvider {
    /// As people write it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Stripe => "Stripe",
            Self::Paypal => "PayPal",
            Self::Generic => "the payment provider",
        }
    }

    pub fn from_path(segment: &str) -> Option<Self> {
        segment.parse().ok()
    }
}

/// What happened to the money. Amounts are minor units of `currency` (an ISO code as sent).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PaymentChange {
    /// The money is held on the customer's card or account, to be captured when the order ships
    /// (Stripe manual capture, PayPal authorisations).
    Authorized {
        amount_minor: i64,
        currency: String,
    },
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
            PaymentChange::Captured { amount_minor, .. } | PaymentChange::Authorized { amount_minor, .. } => {
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

/// Why an order was cancelled, by whom, and at what stage; after shipping, who was at fault and what
/// it cost the shop.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cancellation {
    pub cause: CancelCause,
    pub actor: String,
    pub stage: FulfilmentStatus,
    pub at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fault: Option<Fault>,
    /// What the cancellation cost the shop (postage both ways, say), in the order's currency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost_minor: Option<i64>,
}

vocabulary! {
    /// Who was at fault for a cancellation.
    pub enum Fault {
        Customer,
        Shop,
        Carrier,
    }
}

vocabulary! {
    pub enum CancelCause {
        Customer,
        PaymentTimeout,
        OutOfStock,
        Fraud,
        Shop,
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    /// `None` when the storefront did not say (the order then needs attention).
    pub method: Option<PaymentMethod>,
    pub status: PaymentStatus,
    /// What has been received so far, in the order's currency: the greater of the reports
    /// ([`Payment::reports`]), never less than before. Written by the domain's payment rules only.
    pub(super) received_minor: i64,
    /// What has gone back so far, never less than before; as `received_minor`.
    #[serde(default)]
    pub(super) refunded_minor: i64,
    /// Unpaid prepaid and invoice orders are cancelled at this moment.
    #[serde(default)]
    pub due_at: Option<Timestamp>,
    /// When the payment reminder goes out; cleared once it has.
    #[serde(default)]
    pub reminder_at: Option<Timestamp>,
    /// Money held at checkout, captured when the order is handed over.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization: Option<Authorization>,
    /// Who reported the money: `received_minor` and `refunded_minor` are the greater of the
    /// storefront's figure and the providers', since the storefront's "paid" and the provider's
    /// capture of the same payment are one payment.
    #[serde(default, skip_serializing_if = "Reports::is_empty")]
    pub reports: Reports,
    /// What the courier collected on delivery, once staff recorded it (cash on delivery).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collection: Option<Collection>,
}

/// The courier's collection of a cash-on-delivery order against what the order expected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Collection {
    pub collected_minor: i64,
    pub expected_minor: i64,
    /// When staff recorded it.
    pub at: Timestamp,
}

/// The money in and out as the storefront and the payment providers each report it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reports {
    #[serde(default)]
    pub storefront_paid_minor: i64,
    #[serde(default)]
    pub providers_paid_minor: i64,
    #[serde(default)]
    pub storefront_refunded_minor: i64,
    #[serde(default)]
    pub providers_refunded_minor: i64,
}

impl Reports {
    fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// Who reports money.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reporter {
    Storefront,
    Provider,
}

impl Payment {
    /// What has been received so far, in the order's currency.
    pub fn received_minor(&self) -> i64 {
        self.received_minor
    }

    /// What has gone back so far, in the order's currency.
    pub fn refunded_minor(&self) -> i64 {
        self.refunded_minor
    }

    /// The amounts a message preview shows, whatever the rules would have made of them.
    #[cfg(any(test, feature = "dev"))]
    pub(crate) fn preview_amounts(&mut self, received_minor: i64, refunded_minor: i64) {
        (self.received_minor, self.refunded_minor) = (received_minor, refunded_minor);
    }

    /// The reports, for a record kept before they were: what it had received came with the order
    /// (the storefront's), what it had refunded from the providers.
    pub fn reports(&self) -> Reports {
        if self.reports.is_empty() {
            return Reports {
                storefront_paid_minor: self.received_minor,
                providers_refunded_minor: self.refunded_minor,
                ..Reports::default()
            };
        }
        self.reports
    }
}

/// Money a provider holds for the order until the shop captures it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Authorization {
    pub provider: PaymentProvider,
    /// The provider's id of what to capture: a Stripe PaymentIntent, a PayPal authorization.
    pub reference: String,
    pub amount_minor: i64,
    /// Why the last capture (or, on a cancelled order, the release) was refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure: Option<String>,
    /// On a cancelled order: when the scheduler releases the hold through the provider's API.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub release: Option<Release>,
}

/// A hold to give back to the customer: due now, or after a failed attempt, later.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Release {
    pub due_at: Timestamp,
    /// Attempts that found the provider unavailable.
    #[serde(default)]
    pub attempts: u32,
}

/// What the provider answered when asked to release a hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReleaseAnswer {
    Released,
    /// It will not (already captured or released, no credentials): the owner sees to it.
    Refused(String),
    /// Not now: the scheduler tries again.
    Unavailable(String),
}
