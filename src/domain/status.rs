//! The order's vocabulary of states: where it came from, where the goods are, whether the money is in.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Where an order came from.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::EnumIter,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum OrderSource {
    Shopify,
    Woocommerce,
    Generic,
}

impl OrderSource {
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    pub fn from_path(segment: &str) -> Option<Self> {
        segment.parse().ok()
    }
}

/// Where the goods are. Side states: `on_hold`, `delivery_exception`, `cancelled`,
/// `returned`.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::EnumIter,
    Default,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum FulfilmentStatus {
    #[default]
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
        self.into()
    }
}

impl fmt::Display for FulfilmentStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for OrderSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether the money is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, strum::IntoStaticStr)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum PaymentStatus {
    Unpaid,
    Authorized,
    Paid,
    PartiallyPaid,
    Refunded,
    PartiallyRefunded,
    Failed,
}

impl PaymentStatus {
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// The money is in (a part may have been refunded since).
    pub fn is_settled(self) -> bool {
        matches!(self, Self::Paid | Self::PartiallyRefunded)
    }
}

/// How the customer pays: at checkout, after the shop confirms, or to the courier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, strum::IntoStaticStr)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum PaymentMethod {
    Prepaid,
    Invoice,
    CashOnDelivery,
}

impl PaymentMethod {
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}
