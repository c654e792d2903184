//! Notices: the messages an order asks to have sent. Each lives in the order's ledger under an id
//! that is unique per order × kind × audience × channel, which is what makes "told once" hold.

use jiff::SignedDuration;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

vocabulary! {
    /// What a message says.
    pub enum NoticeKind {
        /// To the customer: we have your order.
        OrderReceived,
        /// To the shop owner: a new order to fulfil (never carries payment data).
        NewOrder,
        /// To the customer: money received (all of it, or part with what remains).
        PaymentReceived,
        /// To the customer: the payment did not go through; how to pay.
        PaymentFailed,
        /// To the customer: the order is unpaid and will be cancelled at the deadline.
        PaymentReminder,
        /// To the customer: money returned (the notice carries the amount).
        Refunded,
        /// To the customer and the owner: the order is cancelled, and why.
        OrderCancelled,
        /// To the owner: a payment that needs the shop (wrong currency, too much, too little, after
        /// cancellation).
        PaymentAlert,
        /// To the customer: the shop has confirmed the order.
        OrderConfirmed,
        /// To the customer: your order is being assembled.
        BeingAssembled,
        /// To the customer: items are missing; the options offered and the default.
        OutOfStock,
        /// To the customer: on its way, with the tracking link.
        Shipped,
        OutForDelivery,
        /// To the customer: ready to collect, and where.
        AvailableForPickup,
        /// To the customer: a delivery problem (failed attempt, delay, loss) and what happens next.
        DeliveryException,
        /// To the customer: delivery will be later than promised (told once).
        DeliveryDelayed,
        Delivered,
        /// To the customer, some days after delivery: did it arrive in good condition?
        FollowUp,
        /// To the owner: a shipment has had no carrier update for days.
        ShipmentStuck,
        /// To the owner, instead of "new order": the order was recorded but needs the shop first; what
        /// to fix.
        NeedsAttention,
        /// To the customer: the shop has confirmed (or corrected) the order's delivery details.
        DetailsConfirmed,
        /// To the owner, once per order: a message to the customer could not be delivered on any of
        /// their channels; someone should get in touch.
        CustomerUnreachable,
        /// To the customer: what happens to the missing items now (their choice, or the default).
        StockDecided,
        /// To the owner: what the customer chose about missing items.
        StockAnswered,
        /// To the owner: an order still received or confirmed past the processing time.
        ProcessingLate,
        /// To the owner: the carrier lost the parcel, or it is going back to the shop.
        ParcelLost,
        /// To the customer: a reminder that their order waits to be collected.
        PickupReminder,
        /// To the owner: an order ready to collect was never collected.
        PickupExpired,
        /// To the customer, after unanswered calls: we could not reach you, and when we call again.
        CouldNotReach,
        /// To the owner: the money held at checkout could not be captured, so the order did not ship.
        CaptureFailed,
        /// To the owner: the money held for a cancelled order could not be given back; release it by hand.
        HoldNotReleased,
        /// To the owner: lines came off an order already paid for; the difference is to refund.
        RefundDue,
        /// To the owner: the customer says the order did not arrive in good condition.
        ArrivalProblem,
        /// To the customer (we have your request) and the owner (a return to decide).
        ReturnRequested,
        /// To the customer: the return is accepted, and how to send it back.
        ReturnApproved,
        /// To the customer: the return is refused, and why.
        ReturnRejected,
        /// To the customer: the returned parcel arrived; the refund follows.
        ReturnReceived,
        /// To the customer (we have it) and the owner (to settle): a complaint from the page.
        ComplaintOpened,
        /// To the customer: how their complaint was settled.
        ComplaintResolved,
        /// To the customer: the replacement sent for their complaint was delivered.
        ReplacementDelivered,
        /// To the customer (please pay) and the owner (to chase): an order handed over unpaid on staff's
        /// word is past its payment deadline. It is never cancelled for it.
        PaymentOverdue,
        /// To the customer: a new parcel is on its way for one the carrier lost or sent back.
        SentAgain,
        /// To the customer: the shop announces the order will be later, and the new date.
        DelayAnnounced,
        /// To the owner: the customer asks to cancel an order being packed; cancel it or decline.
        CancelRequested,
        /// To the customer: the shop could not cancel the order; a return after delivery is possible.
        CancelDeclined,
        /// To the owner, once a month: the shop's SMS budget is spent; customers are told by email
        /// until the month ends (on the order whose text was the first refused).
        SmsBudgetSpent,
    }
}

impl NoticeKind {
    /// Who a kind is for.
    pub fn audiences(self) -> &'static [Audience] {
        match self {
            Self::NewOrder
            | Self::PaymentAlert
            | Self::ShipmentStuck
            | Self::NeedsAttention
            | Self::CustomerUnreachable
            | Self::StockAnswered
            | Self::ProcessingLate
            | Self::ParcelLost
            | Self::PickupExpired
            | Self::CaptureFailed
            | Self::HoldNotReleased
            | Self::RefundDue
            | Self::ArrivalProblem
            | Self::CancelRequested
            | Self::SmsBudgetSpent => &[Audience::Owner],
            Self::ReturnRequested | Self::ComplaintOpened => &[Audience::Customer, Audience::Owner],
            Self::OrderCancelled | Self::PaymentFailed | Self::PaymentOverdue => &[Audience::Customer, Audience::Owner],
            _ => &[Audience::Customer],
        }
    }

    /// Kinds worth waking someone for: an SMS that cannot wait for the morning.
    pub fn is_urgent(self) -> bool {
        matches!(self, Self::OutForDelivery | Self::AvailableForPickup)
    }

    /// Kinds that may be told more than once per order, each time about a new event (every refund,
    /// every payment part, every payment alert). The others are told once.
    pub fn repeats(self) -> bool {
        matches!(
            self,
            Self::PaymentReceived
                | Self::Refunded
                | Self::PaymentAlert
                | Self::DeliveryException
                | Self::DetailsConfirmed
                | Self::StockDecided
                | Self::StockAnswered
                | Self::CouldNotReach
                | Self::ReturnRequested
                | Self::ReturnApproved
                | Self::ReturnRejected
                | Self::ReturnReceived
                | Self::ComplaintOpened
                | Self::ComplaintResolved
                | Self::ReplacementDelivered
                | Self::SentAgain
                | Self::DelayAnnounced
        )
    }
}

vocabulary! {
    /// Who a message is for.
    pub enum Audience {
        Customer,
        Owner,
    }
}

/// Where a notice is in its life. `Sending` is a worker's claim, good until its lease runs out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum NoticeState {
    Queued,
    Sending {
        /// Stored as epoch seconds so the claim can compare it in a condition expression.
        #[serde(with = "jiff::fmt::serde::timestamp::second::required")]
        lease_until: Timestamp,
        /// The claim's own token: only the worker that drew it may settle the notice.
        #[serde(default)]
        attempt: u64,
    },
    Sent {
        at: Timestamp,
    },
    /// The provider refused it for good (invalid address or number); not retried.
    Failed {
        at: Timestamp,
    },
}

impl NoticeState {
    /// Still to be delivered.
    pub fn is_open(&self) -> bool {
        matches!(self, Self::Queued | Self::Sending { .. })
    }

    pub fn is_failed(&self) -> bool {
        matches!(self, Self::Failed { .. })
    }
}

/// A notice's name within its order, `<kind>.<audience>.<channel>` (`shipped.customer.email`): a
/// type of its own, so that it is never taken for an order id or a tracking number.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct NoticeId(String);

impl NoticeId {
    pub fn new(id: impl Into<String>) -> Self {
        Self(id.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The same notice told on `to` instead of `from` (`refund.customer.sms.fallback`).
    pub(crate) fn fallback(&self, from: Channel, to: Channel) -> Self {
        Self(format!("{}.fallback", self.0.replace(from.as_str(), to.as_str())))
    }

    pub(crate) fn is_fallback(&self) -> bool {
        self.0.ends_with(".fallback")
    }

    /// The `n`th notice of a kind that may be sent more than once (`payment_received.customer.email.2`).
    pub(crate) fn nth(&self, n: usize) -> Self {
        Self(format!("{}.{n}", self.0))
    }
}

impl From<&str> for NoticeId {
    fn from(id: &str) -> Self {
        Self(id.to_string())
    }
}

/// The ledger is looked up by a name as written (`notices().get("shipped.customer.email")`).
impl std::borrow::Borrow<str> for NoticeId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for NoticeId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    pub id: NoticeId,
    pub kind: NoticeKind,
    pub audience: Audience,
    pub channel: Channel,
    pub created_at: Timestamp,
    /// When the sweep puts this notice on its queue again if it is still queued by then.
    pub redrive_at: Timestamp,
    #[serde(flatten)]
    pub state: NoticeState,
    pub attempts: u32,
    /// The amount this notice is about (a payment, a refund), in the order's currency.
    #[serde(default)]
    pub amount_minor: Option<i64>,
    /// Bumped by the store on every write of this notice; writes are conditional on it.
    #[serde(default)]
    pub revision: u32,
}

impl Notice {
    pub fn new(kind: NoticeKind, audience: Audience, channel: Channel, created_at: Timestamp) -> Self {
        Self {
            id: Self::id_for(kind, audience, channel),
            kind,
            audience,
            channel,
            created_at,
            redrive_at: created_at + REDRIVE_AFTER,
            state: NoticeState::Queued,
            attempts: 0,
            amount_minor: None,
            revision: 0,
        }
    }

    pub fn id_for(kind: NoticeKind, audience: Audience, channel: Channel) -> NoticeId {
        NoticeId(format!("{}.{}.{}", kind.as_str(), audience.as_str(), channel.as_str()))
    }
}

vocabulary! {
    /// A channel a person can be told something on.
    #[derive(PartialOrd, Ord)]
    pub enum Channel {
        Email,
        Sms,
    }
}

/// How long a notice may stay queued before the sweep puts it on the queue again.
pub const REDRIVE_AFTER: SignedDuration = SignedDuration::from_secs(120);

/// Attempts to deliver one notice (claims by a worker, quiet-hours deferrals not counted) before it
/// is marked failed and the owner is told.
pub const MAX_ATTEMPTS: u32 = 8;
