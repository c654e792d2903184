//! The order's history: one [`TimelineEntry`] per accepted change, what it was as a
//! [`TimelineEvent`] whose string form (`order_received`, `carrier_in_transit`…) is derived here once.

use super::{CarrierStatus, FulfilmentStatus};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;

/// What happened.
#[derive(
    Clone, Debug, PartialEq, Eq, Serialize, Deserialize, strum::IntoStaticStr, strum::EnumString, strum::EnumIter,
)]
#[serde(into = "String", from = "String")]
#[strum(serialize_all = "snake_case")]
pub enum TimelineEvent {
    OrderReceived,
    /// Recorded with problems for the shop to fix.
    NeedsAttention,
    /// Staff confirmed an order that needed attention as it was.
    AttentionAccepted,
    /// Nothing is missing any more.
    AttentionResolved,
    DetailsUpdated,
    /// The order moved to this fulfilment status (named by the status).
    #[strum(disabled)]
    Status(FulfilmentStatus),
    /// A carrier's update, in the common vocabulary (`carrier_` and its label).
    #[strum(disabled)]
    Carrier(CarrierStatus),
    CancellationNote,
    OrderCancelled,
    PaidOnDelivery,
    StockDefaultApplied,
    PaymentReceived,
    /// Money held at checkout, to capture on shipping.
    PaymentAuthorized,
    /// The provider refused to capture the held money (the reason in the note).
    CaptureFailed,
    /// The hold of a cancelled order given back through the provider's API.
    HoldReleased,
    /// The provider would not release the hold (the reason in the note): the owner is told.
    HoldNotReleased,
    /// A capture already counted, reported again under another event.
    PaymentRepeated,
    /// A payment the storefront and a provider both reported: counted once.
    PaymentReconciled,
    PaymentCurrencyMismatch,
    PaymentFailed,
    PaymentRefunded,
    RefundIgnored,
    PaymentReminder,
    /// The payment deadline of an order handed over unpaid passed: not cancelled, chased.
    PaymentOverdue,
    NotificationFailed,
    NotificationFallback,
    /// An operator sent a notice again on purpose (`orderflow notices resend`).
    NotificationResent,
    /// Shipped before the money was in, on staff's explicit word.
    ShippedUnpaid,
    /// The answer to a missing-stock question, from the customer or as staff heard it.
    StockChosen,
    /// Staff called the customer (the outcome in the note).
    CallAttempt,
    /// Missing items taken off the order (names and amount in the note).
    ItemsRemoved,
    /// A storefront webhook about the order (its topic in the note); what it changed follows.
    StorefrontUpdate,
    /// A storefront change the order is past, recorded and not applied.
    StorefrontIgnored,
    /// The customer said whether the order arrived in good condition.
    ArrivalAnswered,
    ReturnRequested,
    /// A return approved, rejected, received or refunded (which, in the note).
    ReturnUpdated,
    ComplaintOpened,
    /// How staff settled a complaint (in the note).
    ComplaintResolved,
    /// A carrier's update on a replacement sent for a complaint.
    ReplacementTracked,
    /// Staff's note on a refund they recorded.
    RefundNote,
    /// Money received outside the providers, as staff recorded it (how, reference, day in the note).
    PaymentRecorded,
    /// What the courier collected for a cash-on-delivery order, against what it expected.
    CashCollected,
    /// A new parcel for a lost or returned one (the first parcel and its cost in the note).
    SentAgain,
    /// News of a parcel a new one replaced: kept, not applied.
    EarlierParcel,
    /// Staff told the customer the order will be later (the new date in the note).
    DelayAnnounced,
    /// The customer asked from their page to cancel an order being packed.
    CancelRequested,
    /// Staff kept the order going despite the customer's request to cancel.
    CancelDeclined,
    /// The customer's personal data was erased (on request, or after the retention period).
    PersonalDataErased,
    /// An event this version does not know (kept as stored).
    #[strum(default)]
    Other(String),
}

use TimelineEvent as E;

const CARRIER_PREFIX: &str = "carrier_";

impl TimelineEvent {
    /// The string form: `order_received`, `confirmed`, `carrier_in_transit`…
    pub fn name(&self) -> Cow<'_, str> {
        match self {
            E::Status(status) => Cow::Borrowed(status.as_str()),
            E::Carrier(status) => Cow::Owned(format!("{CARRIER_PREFIX}{}", status.label())),
            E::Other(name) => Cow::Borrowed(name),
            named => Cow::Borrowed(named.into()),
        }
    }
}

impl fmt::Display for TimelineEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

impl From<TimelineEvent> for String {
    fn from(event: TimelineEvent) -> Self {
        event.to_string()
    }
}

impl From<String> for TimelineEvent {
    fn from(name: String) -> Self {
        if let Some(status) = name.strip_prefix(CARRIER_PREFIX).and_then(CarrierStatus::from_label) {
            return E::Carrier(status);
        }
        if let Ok(status) = name.parse() {
            return E::Status(status);
        }
        name.parse().unwrap_or(E::Other(name))
    }
}

/// One accepted change, as the customer page and the owner see it. Carries no personal data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    pub at: Timestamp,
    pub event: TimelineEvent,
    /// Who said so: a provider name, `backoffice`, `scheduler`, `notify-email`…
    pub source: String,
    pub event_id: Option<String>,
    pub note: Option<String>,
}

impl TimelineEntry {
    /// Whether this entry was made by the request `key` from `source` (see `Order::mark_request`).
    pub fn is_request(&self, source: &str, key: &str) -> bool {
        self.source == source && self.event_id.as_deref() == Some(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ExceptionKind;

    #[test]
    fn every_event_reads_back_from_its_string_form() {
        use strum::IntoEnumIterator;
        let mut events: Vec<TimelineEvent> =
            TimelineEvent::iter().filter(|e| !matches!(e, E::Other(_) | E::Status(_) | E::Carrier(_))).collect();
        assert_eq!(events.len(), 46, "every named event, derived");
        events.extend(CarrierStatus::all().map(E::Carrier));
        events.extend(FulfilmentStatus::iter().map(E::Status));
        events.push(E::Other("something_new".into()));
        for event in events {
            let name = event.to_string();
            assert!(!name.is_empty());
            assert_eq!(TimelineEvent::from(name.clone()), event, "{name}");
        }
        assert_eq!(E::Carrier(CarrierStatus::Exception(ExceptionKind::Lost)).to_string(), "carrier_lost");
        assert_eq!(serde_json::to_string(&E::Status(FulfilmentStatus::Confirmed)).unwrap(), "\"confirmed\"");
    }
}
