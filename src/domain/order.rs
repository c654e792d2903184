//! The order aggregate: everything the shop knows about one order, kept as a single record so that
//! a status change, its timeline entry and the notifications it implies are stored in one write.

use super::money::{Currency, Money};
use super::notice::{Notice, NoticeState};
use super::timeline::{TimelineEntry, TimelineEvent};
use super::private::Private;
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// Where an order came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderSource {
    Shopify,
    Woocommerce,
    Generic,
}

impl OrderSource {
    pub const ALL: [OrderSource; 3] = [Self::Shopify, Self::Woocommerce, Self::Generic];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Shopify => "shopify",
            Self::Woocommerce => "woocommerce",
            Self::Generic => "generic",
        }
    }

    pub fn from_path(segment: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == segment)
    }
}

/// Where the goods are. Side states: `on_hold`, `delivery_exception`, `cancelled`,
/// `returned`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FulfilmentStatus {
    Received,
    Confirmed,
    Packing,
    Shipped,
    InTransit,
    OutForDelivery,
    AvailableForPickup,
    Delivered,
    Archived,
    OnHold,
    DeliveryException,
    Cancelled,
    Returned,
}

impl FulfilmentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Received => "received",
            Self::Confirmed => "confirmed",
            Self::Packing => "packing",
            Self::Shipped => "shipped",
            Self::InTransit => "in_transit",
            Self::OutForDelivery => "out_for_delivery",
            Self::AvailableForPickup => "available_for_pickup",
            Self::Delivered => "delivered",
            Self::Archived => "archived",
            Self::OnHold => "on_hold",
            Self::DeliveryException => "delivery_exception",
            Self::Cancelled => "cancelled",
            Self::Returned => "returned",
        }
    }
}

impl fmt::Display for FulfilmentStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether the money is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentStatus {
    Unpaid,
    Authorized,
    Paid,
    PartiallyPaid,
    Refunded,
    PartiallyRefunded,
    Failed,
}

/// How the customer pays: at checkout, after the shop confirms, or to the courier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethod {
    Prepaid,
    Invoice,
    CashOnDelivery,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    /// `None` when the storefront did not say (the order then needs attention).
    pub method: Option<PaymentMethod>,
    pub status: PaymentStatus,
    /// What has been received so far, in the order's currency.
    pub received_minor: i64,
    #[serde(default)]
    pub refunded_minor: i64,
    /// Unpaid prepaid and invoice orders are cancelled at this moment.
    #[serde(default)]
    pub due_at: Option<Timestamp>,
    /// When the payment reminder goes out; cleared once it has.
    #[serde(default)]
    pub reminder_at: Option<Timestamp>,
}

/// A channel a person can be told something on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Email,
    Sms,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Email => "email",
            Self::Sms => "sms",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Customer {
    /// `None` when the storefront sent no name anywhere (a draft order without a customer).
    pub name: Option<Private<String>>,
    pub email: Option<Private<String>>,
    /// E.164, e.g. `+48601234567`.
    pub phone: Option<Private<String>>,
    /// An email address that could not be read, kept as given for the shop; never written to.
    #[serde(default)]
    pub email_as_given: Option<Private<String>>,
    /// A phone number that could not be read, kept as given for the shop; never used for SMS.
    #[serde(default)]
    pub phone_as_given: Option<Private<String>>,
    /// The channel the customer hears back on (when they can be reached at all).
    pub channel: Channel,
    /// Lower-case language tag, e.g. `en`, `fr`.
    pub locale: String,
}

impl Customer {
    /// The address or number to reach the customer on `channel`, if they gave one.
    pub fn contact(&self, channel: Channel) -> Option<&Private<String>> {
        match channel {
            Channel::Email => self.email.as_ref(),
            Channel::Sms => self.phone.as_ref(),
        }
    }

    /// Whether any message can reach the customer.
    pub fn is_reachable(&self) -> bool {
        self.email.is_some() || self.phone.is_some()
    }

    /// The channel to use: SMS when preferred and possible, else email when given, else SMS.
    pub fn choose_channel(&mut self, preferred: Option<Channel>) {
        self.channel = match (preferred, &self.email, &self.phone) {
            (Some(Channel::Sms), _, Some(_)) => Channel::Sms,
            (_, None, Some(_)) => Channel::Sms,
            _ => Channel::Email,
        };
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    pub recipient: Option<String>,
    pub lines: Vec<String>,
    /// Empty when the storefront sent none (the order then needs attention).
    pub city: String,
    pub region: Option<String>,
    pub postal_code: Option<String>,
    /// ISO 3166-1 alpha-2, upper case; kept as given when it is not one (the order then needs
    /// attention).
    pub country: String,
}

impl Address {
    pub fn has_country_code(&self) -> bool {
        self.country.len() == 2 && self.country.chars().all(|c| c.is_ascii_uppercase())
    }
}

/// Whether a carrier brings the goods, the customer collects them, or there is nothing to deliver
/// (digital goods, a sale handed over at the till).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    #[default]
    Ship,
    Pickup,
    #[serde(rename = "none")]
    NotNeeded,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shipping {
    /// The storefront's name for the method, e.g. "Standard shipping"; empty when none was chosen.
    pub method: String,
    pub delivery: Delivery,
    pub address: Option<Private<Address>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineItem {
    pub sku: Option<String>,
    pub name: String,
    pub quantity: u32,
    pub unit_price_minor: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    pub currency: Currency,
    pub subtotal_minor: i64,
    pub shipping_minor: i64,
    pub tax_minor: i64,
    pub total_minor: i64,
    /// Discounts at order and line level together, as the storefront computed them.
    #[serde(default)]
    pub discount_minor: i64,
}

impl Totals {
    pub fn money(&self, minor: i64) -> Money {
        Money::new(minor, self.currency)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Order {
    /// The storefront's order id, kept exactly as sent (Shopify ids exceed 2^53).
    pub id: String,
    /// The number the customer sees, e.g. `#1001`.
    pub number: String,
    pub source: OrderSource,
    pub placed_at: Timestamp,
    pub received_at: Timestamp,
    pub status: FulfilmentStatus,
    pub payment: Payment,
    pub customer: Customer,
    pub shipping: Shipping,
    pub items: Vec<LineItem>,
    pub totals: Totals,
    /// Unguessable token that opens the customer's status page.
    pub status_token: Private<String>,
    pub timeline: Vec<TimelineEntry>,
    /// Notification ledger and outbox: every notice this order has asked for, by id.
    pub notices: BTreeMap<String, Notice>,
    /// Provider event ids already applied (dedupe for payment and carrier events).
    pub seen_events: BTreeSet<String>,
    /// Why the order is on hold, for the shop.
    #[serde(default)]
    pub hold_reason: Option<super::attention::HoldReason>,
    /// What the shop must fix or accept, while the order needs attention.
    #[serde(default)]
    pub attention: Vec<super::attention::Problem>,
    #[serde(default)]
    pub cancellation: Option<super::payment::Cancellation>,
    #[serde(default)]
    pub shipment: super::fulfilment::Shipment,
    #[serde(default)]
    pub stock_issue: Option<super::fulfilment::StockIssue>,
    /// What went wrong, while the order is in `delivery_exception`.
    #[serde(default)]
    pub exception: Option<super::fulfilment::ExceptionKind>,
    #[serde(default)]
    pub duties: super::fulfilment::Duties,
    /// Incremented by every write; writes are conditional on the version they read.
    pub version: u64,
}

/// How long a notice may stay queued before the sweep puts it on the queue again.
pub const REDRIVE_AFTER: SignedDuration = SignedDuration::from_secs(120);

impl Order {
    pub fn record(
        &mut self,
        at: Timestamp,
        event: TimelineEvent,
        source: &str,
        event_id: Option<&str>,
        note: Option<String>,
    ) {
        self.timeline.push(TimelineEntry {
            at,
            event,
            source: source.to_string(),
            event_id: event_id.map(str::to_string),
            note,
        });
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

    pub fn money(&self, minor: i64) -> Money {
        self.totals.money(minor)
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
