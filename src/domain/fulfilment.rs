//! Fulfilment: the shop's actions (confirm, pack, ship, out of stock, cancel, deliver) and the
//! carriers' tracking events, as rules on the order rather than `if`s in handlers.
//!
//! Carrier events are ordered by a key (phase, rank, time) and the order keeps the greatest key it
//! has seen: the result does not depend on the order in which events arrive, a duplicate changes
//! nothing, and a late event (an `in_transit` after `delivered`) is recorded and ignored.

use super::timeline::TimelineEvent;
use super::attention::HoldReason;
use super::intake::DetailsUpdate;
use super::limits;
use super::notice::{Audience, Notice, NoticeKind};
use super::order::{FulfilmentStatus, Order, PaymentMethod, PaymentStatus};
use super::payment::CancelCause;
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

/// Who reports tracking.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CarrierProvider {
    Easypost,
    Aftership,
    Shippo,
    Shopify,
    Generic,
}

impl CarrierProvider {
    pub const ALL: [CarrierProvider; 5] = [Self::Easypost, Self::Aftership, Self::Shippo, Self::Shopify, Self::Generic];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Easypost => "easypost",
            Self::Aftership => "aftership",
            Self::Shippo => "shippo",
            Self::Shopify => "shopify",
            Self::Generic => "generic",
        }
    }

    pub fn from_path(segment: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == segment)
    }
}

/// What went wrong on the way.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExceptionKind {
    FailedAttempt,
    Delayed,
    Lost,
    ReturningToSender,
    Other,
}

/// The one tracking vocabulary every carrier's statuses map onto.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "status", content = "exception")]
pub enum CarrierStatus {
    PreTransit,
    InTransit,
    OutForDelivery,
    AvailableForPickup,
    Delivered,
    Exception(ExceptionKind),
    /// Nothing we can act on (recorded in the timeline only).
    Unknown,
}

use CarrierStatus as S;
use ExceptionKind as X;

/// Every carrier status we know, per provider. One table, tested row by row.
pub const CARRIER_STATUSES: &[(CarrierProvider, &str, CarrierStatus)] = &[
    (CarrierProvider::Easypost, "pre_transit", S::PreTransit),
    (CarrierProvider::Easypost, "in_transit", S::InTransit),
    (CarrierProvider::Easypost, "out_for_delivery", S::OutForDelivery),
    (CarrierProvider::Easypost, "delivered", S::Delivered),
    (CarrierProvider::Easypost, "available_for_pickup", S::AvailableForPickup),
    (CarrierProvider::Easypost, "return_to_sender", S::Exception(X::ReturningToSender)),
    (CarrierProvider::Easypost, "failure", S::Exception(X::Other)),
    (CarrierProvider::Easypost, "cancelled", S::Exception(X::Other)),
    (CarrierProvider::Easypost, "error", S::Exception(X::Other)),
    (CarrierProvider::Easypost, "unknown", S::Unknown),
    (CarrierProvider::Aftership, "Pending", S::Unknown),
    (CarrierProvider::Aftership, "InfoReceived", S::PreTransit),
    (CarrierProvider::Aftership, "InTransit", S::InTransit),
    (CarrierProvider::Aftership, "OutForDelivery", S::OutForDelivery),
    (CarrierProvider::Aftership, "AttemptFail", S::Exception(X::FailedAttempt)),
    (CarrierProvider::Aftership, "Delivered", S::Delivered),
    (CarrierProvider::Aftership, "AvailableForPickup", S::AvailableForPickup),
    (CarrierProvider::Aftership, "Exception", S::Exception(X::Other)),
    (CarrierProvider::Aftership, "Expired", S::Exception(X::Lost)),
    (CarrierProvider::Shippo, "PRE_TRANSIT", S::PreTransit),
    (CarrierProvider::Shippo, "TRANSIT", S::InTransit),
    (CarrierProvider::Shippo, "DELIVERED", S::Delivered),
    (CarrierProvider::Shippo, "RETURNED", S::Exception(X::ReturningToSender)),
    (CarrierProvider::Shippo, "FAILURE", S::Exception(X::Other)),
    (CarrierProvider::Shippo, "UNKNOWN", S::Unknown),
    (CarrierProvider::Shopify, "label_printed", S::PreTransit),
    (CarrierProvider::Shopify, "label_purchased", S::PreTransit),
    (CarrierProvider::Shopify, "confirmed", S::PreTransit),
    (CarrierProvider::Shopify, "carrier_picked_up", S::InTransit),
    (CarrierProvider::Shopify, "in_transit", S::InTransit),
    (CarrierProvider::Shopify, "out_for_delivery", S::OutForDelivery),
    (CarrierProvider::Shopify, "attempted_delivery", S::Exception(X::FailedAttempt)),
    (CarrierProvider::Shopify, "ready_for_pickup", S::AvailableForPickup),
    (CarrierProvider::Shopify, "picked_up", S::Delivered),
    (CarrierProvider::Shopify, "delivered", S::Delivered),
    (CarrierProvider::Shopify, "failure", S::Exception(X::Other)),
    (CarrierProvider::Shopify, "delayed", S::Exception(X::Delayed)),
    (CarrierProvider::Generic, "pre_transit", S::PreTransit),
    (CarrierProvider::Generic, "in_transit", S::InTransit),
    (CarrierProvider::Generic, "out_for_delivery", S::OutForDelivery),
    (CarrierProvider::Generic, "available_for_pickup", S::AvailableForPickup),
    (CarrierProvider::Generic, "delivered", S::Delivered),
    (CarrierProvider::Generic, "failed_attempt", S::Exception(X::FailedAttempt)),
    (CarrierProvider::Generic, "delayed", S::Exception(X::Delayed)),
    (CarrierProvider::Generic, "lost", S::Exception(X::Lost)),
    (CarrierProvider::Generic, "returning_to_sender", S::Exception(X::ReturningToSender)),
    (CarrierProvider::Generic, "exception", S::Exception(X::Other)),
];

/// A provider's status in our vocabulary; anything not in the table is `Unknown`.
pub fn carrier_status(provider: CarrierProvider, raw: &str) -> CarrierStatus {
    CARRIER_STATUSES.iter().find(|(p, r, _)| *p == provider && *r == raw).map_or(S::Unknown, |(_, _, s)| *s)
}

impl CarrierStatus {
    /// (phase, rank): in transit < out for delivery / pickup < a delivery exception (which only
    /// `delivered` ends) < delivered. `None` for statuses that change nothing.
    fn rank(self) -> Option<(u8, u8)> {
        match self {
            S::PreTransit => Some((3, 0)),
            S::InTransit => Some((4, 0)),
            S::OutForDelivery | S::AvailableForPickup => Some((4, 1)),
            S::Exception(_) => Some((4, 2)),
            S::Delivered => Some((5, 0)),
            S::Unknown => None,
        }
    }

    fn fulfilment(self) -> FulfilmentStatus {
        match self {
            S::PreTransit => FulfilmentStatus::Shipped,
            S::InTransit => FulfilmentStatus::InTransit,
            S::OutForDelivery => FulfilmentStatus::OutForDelivery,
            S::AvailableForPickup => FulfilmentStatus::AvailableForPickup,
            S::Exception(_) => FulfilmentStatus::DeliveryException,
            S::Delivered => FulfilmentStatus::Delivered,
            S::Unknown => FulfilmentStatus::InTransit,
        }
    }

    /// Every status, for reading one back from its label.
    pub const ALL: [CarrierStatus; 11] = [
        S::PreTransit,
        S::InTransit,
        S::OutForDelivery,
        S::AvailableForPickup,
        S::Delivered,
        S::Exception(X::FailedAttempt),
        S::Exception(X::Delayed),
        S::Exception(X::Lost),
        S::Exception(X::ReturningToSender),
        S::Exception(X::Other),
        S::Unknown,
    ];

    pub fn from_label(label: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.label() == label)
    }

    pub fn label(self) -> &'static str {
        match self {
            S::PreTransit => "pre_transit",
            S::InTransit => "in_transit",
            S::OutForDelivery => "out_for_delivery",
            S::AvailableForPickup => "available_for_pickup",
            S::Delivered => "delivered",
            S::Exception(X::FailedAttempt) => "failed_attempt",
            S::Exception(X::Delayed) => "delayed",
            S::Exception(X::Lost) => "lost",
            S::Exception(X::ReturningToSender) => "returning_to_sender",
            S::Exception(X::Other) => "exception",
            S::Unknown => "unknown",
        }
    }
}

/// A tracking update from a carrier or aggregator, in our words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackingEvent {
    pub provider: CarrierProvider,
    /// Unique per update (providers' event ids; for Shippo, tracking number + status + time).
    pub event_id: String,
    pub order_id: Option<String>,
    pub tracking_number: Option<String>,
    pub status: CarrierStatus,
    /// The provider's own word for it, for the timeline.
    pub raw_status: String,
    pub occurred_at: Timestamp,
    pub estimated_delivery: Option<Timestamp>,
    /// Where a parcel waits for pickup, or where the scan was.
    pub location: Option<String>,
}

impl TrackingEvent {
    /// Identifiers within their limits (else a 400 naming them); display text cut to its limit.
    pub fn bounded(mut self) -> Result<Self, super::InvalidField> {
        limits::identifier("event_id", &self.event_id, limits::EVENT_ID)?;
        if let Some(order_id) = &self.order_id {
            limits::identifier("order_id", order_id, limits::ORDER_ID)?;
        }
        if let Some(number) = &self.tracking_number {
            limits::identifier("tracking_number", number, limits::TRACKING_NUMBER)?;
        }
        self.raw_status = limits::cut(&self.raw_status, limits::TEXT);
        self.location = self.location.map(|l| limits::cut(&l, limits::TEXT));
        Ok(self)
    }
}

/// The parcel, once the shop hands it over.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shipment {
    pub carrier: Option<String>,
    pub tracking_number: Option<String>,
    pub tracking_url: Option<String>,
    /// The delivery date promised when it shipped.
    pub promised_delivery: Option<Timestamp>,
    /// The latest estimate.
    pub estimated_delivery: Option<Timestamp>,
    pub shipped_at: Option<Timestamp>,
    pub delivered_at: Option<Timestamp>,
    pub last_update_at: Option<Timestamp>,
    /// The greatest carrier key applied: (phase, rank, epoch milliseconds).
    pub best: Option<(u8, u8, i64)>,
    pub pickup_location: Option<String>,
}

/// What staff tell the shop to do with an order.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(tag = "action", rename_all = "kebab-case")]
pub enum StaffAction {
    Confirm,
    Pack,
    Ship(ShipRequest),
    OutOfStock(OutOfStockRequest),
    Cancel {
        cause: CancelCause,
        note: Option<String>,
    },
    /// Collected in store (or handed over by the shop itself).
    Deliver,
    /// Corrected or completed contact, delivery and payment details (checked before they get here).
    #[serde(skip)]
    Update(Box<DetailsUpdate>),
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShipRequest {
    pub carrier: String,
    pub tracking_number: String,
    pub tracking_url: Option<String>,
    pub estimated_delivery: Option<Timestamp>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StockOption {
    Substitute,
    Wait,
    Cancel,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutOfStockRequest {
    /// The items (names or SKUs) that are missing.
    pub items: Vec<String>,
    pub offer: Vec<StockOption>,
    /// Applied when the customer has not answered in time.
    pub default: StockOption,
    /// How long the customer has to answer (default 48 h).
    pub answer_within_hours: Option<i64>,
}

impl StaffAction {
    /// Staff input within the stored limits; a 400 names what is too long.
    pub fn check(&self) -> Result<(), super::InvalidField> {
        use super::InvalidField;
        match self {
            StaffAction::Ship(ship) => {
                limits::identifier("carrier", &ship.carrier, limits::SHORT_TEXT)?;
                limits::identifier("tracking_number", &ship.tracking_number, limits::TRACKING_NUMBER)?;
                if ship.tracking_number.trim().is_empty() {
                    return Err(InvalidField::new("tracking_number", "required"));
                }
                if let Some(url) = &ship.tracking_url {
                    limits::identifier("tracking_url", url, limits::TRACKING_URL)?;
                }
            }
            StaffAction::OutOfStock(request) => {
                if request.items.is_empty() || request.items.len() > limits::STOCK_ITEMS {
                    let reason = format!("name between 1 and {} items", limits::STOCK_ITEMS);
                    return Err(InvalidField::new("items", reason));
                }
                for (i, item) in request.items.iter().enumerate() {
                    limits::identifier(&format!("items[{i}]"), item, limits::TEXT)?;
                }
            }
            StaffAction::Cancel { note: Some(note), .. } => limits::identifier("note", note, limits::NOTE)?,
            _ => {}
        }
        Ok(())
    }
}

/// A missing-stock question put to the customer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockIssue {
    pub items: Vec<String>,
    pub offer: Vec<StockOption>,
    pub default: StockOption,
    pub decide_by: Timestamp,
    /// The status to return to when the order goes on.
    pub resume_at: FulfilmentStatus,
}

/// Why a staff action was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("cannot {action} an order that is {status}")]
pub struct ImpossibleTransition {
    pub action: &'static str,
    pub status: FulfilmentStatus,
}

/// When the scheduler's after-sales duties fall due.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AfterSales {
    pub follow_up_after: SignedDuration,
    pub archive_after: SignedDuration,
    pub stuck_after: SignedDuration,
}

impl Default for AfterSales {
    fn default() -> Self {
        Self {
            follow_up_after: SignedDuration::from_hours(3 * 24),
            archive_after: SignedDuration::from_hours(30 * 24),
            stuck_after: SignedDuration::from_hours(5 * 24),
        }
    }
}

const IN_FLIGHT: [FulfilmentStatus; 5] = [
    FulfilmentStatus::Shipped,
    FulfilmentStatus::InTransit,
    FulfilmentStatus::OutForDelivery,
    FulfilmentStatus::AvailableForPickup,
    FulfilmentStatus::DeliveryException,
];

impl Order {
    fn customer_notice(&mut self, kind: NoticeKind, at: Timestamp) -> Option<Notice> {
        self.add_notice(kind, Audience::Customer, at, None)
    }

    /// Applies a staff action; returns the notices it asks for.
    pub fn act(
        &mut self,
        action: &StaffAction,
        now: Timestamp,
        after: AfterSales,
    ) -> Result<Vec<Notice>, ImpossibleTransition> {
        use FulfilmentStatus as F;
        let refuse = |action: &'static str, status: F| ImpossibleTransition { action, status };
        let mut notices = Vec::new();
        match action {
            StaffAction::Confirm => {
                if !matches!(self.status, F::Received | F::OnHold) {
                    return Err(refuse("confirm", self.status));
                }
                self.stock_issue = None;
                self.hold_reason = None;
                self.accept_as_it_is(now);
                self.set_status(F::Confirmed, now, "backoffice", None);
                notices.extend(self.customer_notice(NoticeKind::OrderConfirmed, now));
            }
            StaffAction::Pack => {
                if !matches!(self.status, F::Received | F::Confirmed) {
                    return Err(refuse("pack", self.status));
                }
                self.set_status(F::Packing, now, "backoffice", None);
                notices.extend(self.customer_notice(NoticeKind::BeingAssembled, now));
            }
            StaffAction::Ship(ship) => {
                if !matches!(self.status, F::Received | F::Confirmed | F::Packing) {
                    return Err(refuse("ship", self.status));
                }
                self.shipment = Shipment {
                    carrier: Some(ship.carrier.clone()),
                    tracking_number: Some(ship.tracking_number.clone()),
                    tracking_url: ship.tracking_url.clone(),
                    promised_delivery: ship.estimated_delivery,
                    estimated_delivery: ship.estimated_delivery,
                    shipped_at: Some(now),
                    last_update_at: Some(now),
                    best: Some((3, 0, now.as_millisecond())),
                    ..Shipment::default()
                };
                self.duties.stuck_at = Some(now + after.stuck_after);
                self.set_status(F::Shipped, now, "backoffice", Some(ship.carrier.clone()));
                notices.extend(self.customer_notice(NoticeKind::Shipped, now));
            }
            StaffAction::OutOfStock(request) => {
                if !matches!(self.status, F::Received | F::Confirmed | F::Packing) {
                    return Err(refuse("report missing stock for", self.status));
                }
                let within = SignedDuration::from_hours(request.answer_within_hours.unwrap_or(48).max(1));
                self.stock_issue = Some(StockIssue {
                    items: request.items.clone(),
                    offer: request.offer.clone(),
                    default: request.default,
                    decide_by: now + within,
                    resume_at: self.status,
                });
                self.hold_reason = Some(HoldReason::OutOfStock);
                self.set_status(F::OnHold, now, "backoffice", Some(request.items.join(", ")));
                notices.extend(self.customer_notice(NoticeKind::OutOfStock, now));
            }
            StaffAction::Cancel { cause, note } => {
                if matches!(self.status, F::Delivered | F::Archived | F::Cancelled | F::Returned) {
                    return Err(refuse("cancel", self.status));
                }
                notices.extend(self.cancel(*cause, "backoffice", now));
                if let Some(note) = note {
                    self.record(now, TimelineEvent::CancellationNote, "backoffice", None, Some(note.clone()));
                }
            }
            StaffAction::Deliver => {
                if !matches!(self.status, F::Received | F::Confirmed | F::Packing | F::AvailableForPickup | F::OnHold)
                    && !IN_FLIGHT.contains(&self.status)
                {
                    return Err(refuse("deliver", self.status));
                }
                notices.extend(self.mark_delivered(now, now, "backoffice", after));
            }
            StaffAction::Update(update) => {
                if !matches!(self.status, F::Received | F::Confirmed | F::Packing | F::OnHold) {
                    return Err(refuse("update", self.status));
                }
                notices.extend(self.update_details(update, now));
            }
        }
        Ok(notices)
    }

    fn set_status(&mut self, status: FulfilmentStatus, at: Timestamp, source: &str, note: Option<String>) {
        self.status = status;
        self.record(at, TimelineEvent::Status(status), source, None, note);
    }

    /// `at` is when it happened (a carrier's time); `now` when we learned it, which bounds `at`
    /// so that a carrier clock running ahead cannot postpone the follow-up.
    fn mark_delivered(&mut self, at: Timestamp, now: Timestamp, source: &str, after: AfterSales) -> Vec<Notice> {
        let at = at.min(now);
        self.shipment.delivered_at = Some(at);
        self.duties = Duties {
            follow_up_at: Some(at + after.follow_up_after),
            archive_at: Some(at + after.archive_after),
            stuck_at: None,
        };
        self.set_status(FulfilmentStatus::Delivered, at, source, None);
        if self.payment.method == Some(PaymentMethod::CashOnDelivery)
            && matches!(
                self.payment.status,
                PaymentStatus::Unpaid | PaymentStatus::Failed | PaymentStatus::PartiallyPaid
            )
        {
            self.payment.received_minor = self.totals.total_minor;
            self.payment.status = PaymentStatus::Paid;
            self.record(at, TimelineEvent::PaidOnDelivery, source, None, Some(self.money(self.totals.total_minor).to_string()));
        }
        self.customer_notice(NoticeKind::Delivered, at).into_iter().collect()
    }

    /// Applies a carrier's tracking update once; returns the notices it asks for.
    pub fn apply_tracking(&mut self, event: &TrackingEvent, now: Timestamp, after: AfterSales) -> Option<Vec<Notice>> {
        use FulfilmentStatus as F;
        if !self.seen_events.insert(format!("{}:{}", event.provider.as_str(), event.event_id)) {
            return None;
        }
        let source = event.provider.as_str();
        self.record(
            event.occurred_at,
            TimelineEvent::Carrier(event.status),
            source,
            Some(&event.event_id),
            Some(event.raw_status.clone()),
        );
        self.shipment.last_update_at = Some(now);
        if self.shipment.tracking_number.is_none() {
            self.shipment.tracking_number = event.tracking_number.clone();
        }
        let mut notices = Vec::new();
        if let Some(eta) = event.estimated_delivery {
            notices.extend(self.update_estimate(eta, now));
        }
        let Some((phase, rank)) = event.status.rank() else { return Some(notices) };
        let key = (phase, rank, event.occurred_at.as_millisecond());
        // An order that needs attention may well have been shipped from the storefront all the same.
        let trackable = matches!(self.status, F::Received | F::Confirmed | F::Packing)
            || IN_FLIGHT.contains(&self.status)
            || self.needs_attention();
        if !trackable || self.shipment.best.is_some_and(|best| key <= best) {
            return Some(notices); // late, duplicate in effect, or the order is past tracking
        }
        self.shipment.best = Some(key);
        let previous = self.status;
        let next = event.status.fulfilment();
        if next == previous && !matches!(event.status, S::Exception(_)) {
            return Some(notices);
        }
        if self.shipment.shipped_at.is_none() {
            self.shipment.shipped_at = Some(event.occurred_at);
        }
        self.duties.stuck_at = Some(now + after.stuck_after);
        match event.status {
            S::Delivered => notices.extend(self.mark_delivered(event.occurred_at, now, source, after)),
            S::OutForDelivery => {
                self.set_status(next, event.occurred_at, source, None);
                notices.extend(self.customer_notice(NoticeKind::OutForDelivery, now));
            }
            S::AvailableForPickup => {
                self.shipment.pickup_location = event.location.clone();
                self.set_status(next, event.occurred_at, source, event.location.clone());
                notices.extend(self.customer_notice(NoticeKind::AvailableForPickup, now));
            }
            S::Exception(kind) => {
                self.exception = Some(kind);
                self.set_status(next, event.occurred_at, source, None);
                if previous != F::DeliveryException {
                    notices.extend(self.add_notice(NoticeKind::DeliveryException, Audience::Customer, now, None));
                }
            }
            S::PreTransit | S::InTransit | S::Unknown => self.set_status(next, event.occurred_at, source, None),
        }
        Some(notices)
    }

    /// Keeps a new delivery estimate; a first slip past the promised date is told once.
    fn update_estimate(&mut self, eta: Timestamp, now: Timestamp) -> Option<Notice> {
        self.shipment.estimated_delivery = Some(eta);
        let promised = *self.shipment.promised_delivery.get_or_insert(eta);
        let late_by_a_day = eta > promised + SignedDuration::from_hours(12);
        if late_by_a_day && self.status != FulfilmentStatus::Delivered {
            return self.customer_notice(NoticeKind::DeliveryDelayed, now);
        }
        None
    }

    /// After-sales and stock duties due at `now`: a default for an unanswered stock question, the
    /// stuck-shipment alert, the follow-up after delivery, archiving.
    pub fn run_fulfilment_duties(&mut self, now: Timestamp, after: AfterSales) -> Vec<Notice> {
        use FulfilmentStatus as F;
        let due = |at: Option<Timestamp>| at.is_some_and(|t| t <= now);
        let mut notices = Vec::new();
        if let Some(issue) = self.stock_issue.clone().filter(|i| i.decide_by <= now && self.status == F::OnHold) {
            self.stock_issue = None;
            self.hold_reason = None;
            let default = format!("{:?}", issue.default).to_lowercase();
            self.record(now, TimelineEvent::StockDefaultApplied, "scheduler", None, Some(default));
            match issue.default {
                StockOption::Cancel => notices.extend(self.cancel(CancelCause::OutOfStock, "scheduler", now)),
                StockOption::Wait | StockOption::Substitute => self.set_status(issue.resume_at, now, "scheduler", None),
            }
        }
        if due(self.duties.stuck_at) {
            // Scans that do not change the status leave the alarm where it was (so that they write no
            // index entry); it is pushed back here to the last update's time plus the quiet period.
            let quiet_until = self.shipment.last_update_at.map(|at| at + after.stuck_after).filter(|at| *at > now);
            self.duties.stuck_at = quiet_until.filter(|_| IN_FLIGHT.contains(&self.status));
            if self.duties.stuck_at.is_none() && IN_FLIGHT.contains(&self.status) {
                notices.extend(self.add_notice(NoticeKind::ShipmentStuck, Audience::Owner, now, None));
            }
        }
        if due(self.duties.follow_up_at) {
            self.duties.follow_up_at = None;
            if self.status == F::Delivered {
                notices.extend(self.customer_notice(NoticeKind::FollowUp, now));
            }
        }
        if due(self.duties.archive_at) {
            self.duties.archive_at = None;
            if self.status == F::Delivered {
                self.set_status(F::Archived, now, "scheduler", None);
            }
        }
        notices
    }

    /// The next fulfilment duty, if any.
    pub fn next_fulfilment_duty(&self) -> Option<Timestamp> {
        let stock = self.stock_issue.as_ref().filter(|_| self.status == FulfilmentStatus::OnHold).map(|i| i.decide_by);
        [stock, self.duties.stuck_at, self.duties.follow_up_at, self.duties.archive_at].into_iter().flatten().min()
    }
}

/// Moments at which the scheduler has something to do for an order after it shipped.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Duties {
    /// Alert the owner if no carrier update arrives before this.
    pub stuck_at: Option<Timestamp>,
    pub follow_up_at: Option<Timestamp>,
    pub archive_at: Option<Timestamp>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::intake::OrderDraft;

    /// Each provider's documented vocabulary, row by row, and what it must mean.
    #[test]
    fn every_carrier_status_maps_as_the_table_says() {
        use CarrierProvider::*;
        let expected: &[(CarrierProvider, &str, CarrierStatus)] = &[
            (Easypost, "pre_transit", S::PreTransit),
            (Easypost, "in_transit", S::InTransit),
            (Easypost, "out_for_delivery", S::OutForDelivery),
            (Easypost, "delivered", S::Delivered),
            (Easypost, "available_for_pickup", S::AvailableForPickup),
            (Easypost, "return_to_sender", S::Exception(X::ReturningToSender)),
            (Easypost, "failure", S::Exception(X::Other)),
            (Easypost, "cancelled", S::Exception(X::Other)),
            (Easypost, "unknown", S::Unknown),
            (Aftership, "InfoReceived", S::PreTransit),
            (Aftership, "InTransit", S::InTransit),
            (Aftership, "OutForDelivery", S::OutForDelivery),
            (Aftership, "AttemptFail", S::Exception(X::FailedAttempt)),
            (Aftership, "Delivered", S::Delivered),
            (Aftership, "AvailableForPickup", S::AvailableForPickup),
            (Aftership, "Exception", S::Exception(X::Other)),
            (Aftership, "Expired", S::Exception(X::Lost)),
            (Shippo, "PRE_TRANSIT", S::PreTransit),
            (Shippo, "TRANSIT", S::InTransit),
            (Shippo, "DELIVERED", S::Delivered),
            (Shippo, "RETURNED", S::Exception(X::ReturningToSender)),
            (Shippo, "FAILURE", S::Exception(X::Other)),
            (Shopify, "label_printed", S::PreTransit),
            (Shopify, "confirmed", S::PreTransit),
            (Shopify, "in_transit", S::InTransit),
            (Shopify, "out_for_delivery", S::OutForDelivery),
            (Shopify, "attempted_delivery", S::Exception(X::FailedAttempt)),
            (Shopify, "ready_for_pickup", S::AvailableForPickup),
            (Shopify, "delivered", S::Delivered),
            (Shopify, "failure", S::Exception(X::Other)),
            (Shopify, "delayed", S::Exception(X::Delayed)),
        ];
        for (provider, raw, status) in expected {
            assert_eq!(carrier_status(*provider, raw), *status, "{provider:?} {raw}");
        }
        assert_eq!(carrier_status(Shippo, "transit"), S::Unknown, "statuses are matched exactly");
        assert_eq!(carrier_status(Aftership, "Teleported"), S::Unknown);
    }

    fn shipped_order() -> Order {
        let cash_on_delivery = OrderDraft {
            payment_method: Some(crate::domain::PaymentMethod::CashOnDelivery),
            payment_status: None,
            ..crate::domain::testing::draft()
        };
        let mut order = crate::domain::testing::receive_draft(cash_on_delivery).unwrap();
        let ship = ShipRequest {
            carrier: "UPS".into(),
            tracking_number: "1Z".into(),
            tracking_url: None,
            estimated_delivery: None,
        };
        order.act(&StaffAction::Ship(ship), order.received_at, AfterSales::default()).unwrap();
        order
    }

    fn event(n: u32, status: CarrierStatus, minute: i64) -> TrackingEvent {
        TrackingEvent {
            provider: CarrierProvider::Generic,
            event_id: format!("e{n}"),
            order_id: None,
            tracking_number: Some("1Z".into()),
            status,
            raw_status: status.label().into(),
            occurred_at: Timestamp::from_second(1_800_000_000 + minute * 60).unwrap(),
            estimated_delivery: None,
            location: None,
        }
    }

    /// Replays `events` in order, twice each (duplicates), and returns what a customer would see.
    fn replay(events: &[TrackingEvent]) -> (FulfilmentStatus, Vec<NoticeKind>, PaymentStatus) {
        let mut order = shipped_order();
        let now = Timestamp::from_second(1_900_000_000).unwrap();
        for event in events.iter().chain(events) {
            order.apply_tracking(event, now, AfterSales::default());
        }
        let mut kinds: Vec<NoticeKind> = order.notices.values().map(|n| n.kind).collect();
        kinds.sort_by_key(|k| k.as_str());
        (order.status, kinds, order.payment.status)
    }

    #[test]
    fn any_arrival_order_of_a_lifecycle_ends_the_same() {
        let lifecycle = vec![
            event(1, S::PreTransit, 0),
            event(2, S::InTransit, 60),
            event(3, S::InTransit, 120),
            event(4, S::OutForDelivery, 180),
            event(5, S::Exception(X::FailedAttempt), 240),
            event(6, S::OutForDelivery, 1_500),
            event(7, S::Delivered, 1_560),
        ];
        let expected = replay(&lifecycle);
        assert_eq!(expected.0, FulfilmentStatus::Delivered);
        assert_eq!(expected.2, PaymentStatus::Paid, "cash on delivery is paid when delivered");
        // xorshift: a fixed seed, so a failure is reproducible.
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        for round in 0..200 {
            let mut shuffled = lifecycle.clone();
            for i in (1..shuffled.len()).rev() {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                shuffled.swap(i, (seed % (i as u64 + 1)) as usize);
            }
            let (status, _, payment) = replay(&shuffled);
            assert_eq!(
                (status, payment),
                (expected.0, expected.2),
                "permutation {round}: {:?}",
                shuffled.iter().map(|e| &e.event_id).collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn a_delivered_order_never_moves_back() {
        let mut order = shipped_order();
        let now = Timestamp::from_second(1_900_000_000).unwrap();
        order.apply_tracking(&event(1, S::Delivered, 100), now, AfterSales::default());
        for (n, late) in [S::InTransit, S::OutForDelivery, S::Exception(X::Lost), S::PreTransit].into_iter().enumerate()
        {
            let before = order.timeline.len();
            let notices = order.apply_tracking(&event(10 + n as u32, late, 200), now, AfterSales::default()).unwrap();
            assert_eq!(order.status, FulfilmentStatus::Delivered);
            assert!(notices.is_empty(), "{late:?} tells nobody anything");
            assert_eq!(order.timeline.len(), before + 1, "{late:?} is kept in the timeline");
        }
        assert!(
            order.apply_tracking(&event(10, S::InTransit, 200), now, AfterSales::default()).is_none(),
            "a duplicate is not even recorded"
        );
    }

    /// Scans that repeat the status move nothing the scheduler indexes, yet still keep the
    /// stuck-shipment alarm away; once they stop, the owner is alerted after the quiet period.
    #[test]
    fn repeated_scans_postpone_the_stuck_alarm_without_moving_it() {
        let mut order = shipped_order();
        let after = AfterSales::default();
        let shipped = order.received_at;
        let alarm = order.duties.stuck_at.expect("set at shipping");
        let day = SignedDuration::from_hours(24);
        order.apply_tracking(&event(1, S::InTransit, 0), shipped, after);
        let alarm_after_first = order.duties.stuck_at;
        for n in 2..6 {
            order.apply_tracking(&event(n, S::InTransit, 60 * i64::from(n)), shipped + day * (n as i32), after);
            assert_eq!(order.duties.stuck_at, alarm_after_first, "a repeated status moves no duty");
        }
        assert!(alarm_after_first.unwrap() >= alarm);
        let fired = order.run_fulfilment_duties(alarm_after_first.unwrap(), after);
        assert!(fired.is_empty(), "scanned a day ago: not stuck");
        let last_scan = shipped + day * 5;
        assert_eq!(order.duties.stuck_at, Some(last_scan + after.stuck_after));
        let fired = order.run_fulfilment_duties(last_scan + after.stuck_after, after);
        assert_eq!(fired.iter().map(|n| n.kind).collect::<Vec<_>>(), [NoticeKind::ShipmentStuck]);
    }

    #[test]
    fn in_transit_scans_tell_nothing_and_a_delay_is_told_once() {
        let mut order = shipped_order();
        let now = Timestamp::from_second(1_900_000_000).unwrap();
        let after = AfterSales::default();
        let promised = Timestamp::from_second(1_800_000_000 + 3 * 86_400).unwrap();
        order.shipment.promised_delivery = Some(promised);
        for n in 0..3 {
            let notices = order.apply_tracking(&event(n, S::InTransit, 60 * i64::from(n)), now, after).unwrap();
            assert!(notices.is_empty());
        }
        let mut late = event(9, S::InTransit, 500);
        late.estimated_delivery = Some(promised + SignedDuration::from_hours(48));
        let told = order.apply_tracking(&late, now, after).unwrap();
        assert_eq!(told.iter().map(|n| n.kind).collect::<Vec<_>>(), [NoticeKind::DeliveryDelayed]);
        late.event_id = "e10".into();
        late.estimated_delivery = Some(promised + SignedDuration::from_hours(72));
        assert!(order.apply_tracking(&late, now, after).unwrap().is_empty(), "told once");
        assert_eq!(order.shipment.estimated_delivery, late.estimated_delivery, "the newest estimate is kept");
    }
}
