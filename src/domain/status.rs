//! The order's vocabulary of states: where it came from, where the goods are, whether the money is in.

use std::fmt;

vocabulary! {
    /// Where an order came from.
    pub enum OrderSource {
        Shopify,
        Woocommerce,
        Generic,
    }
}

impl OrderSource {
    pub fn from_path(segment: &str) -> Option<Self> {
        segment.parse().ok()
    }
}

vocabulary! {
    /// Where the goods are. Side states: `on_hold`, `delivery_exception`, `cancelled`,
    /// `returned`.
    #[derive(Default)]
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
}

impl FulfilmentStatus {
    /// Where an order ends: nothing more is done to it but its after-sales cases and cash.
    pub fn is_finished(self) -> bool {
        matches!(self, Self::Delivered | Self::Cancelled | Self::Returned | Self::Archived)
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

vocabulary! {
    /// Whether the money is in.
    pub enum PaymentStatus {
        Unpaid,
        Authorized,
        Paid,
        PartiallyPaid,
        Refunded,
        PartiallyRefunded,
        Failed,
    }
}

impl PaymentStatus {
    /// The money is in (a part may have been refunded since).
    pub fn is_settled(self) -> bool {
        matches!(self, Self::Paid | Self::PartiallyRefunded)
    }
}

vocabulary! {
    /// How the customer pays: at checkout, after the shop confirms, or to the courier.
    pub enum PaymentMethod {
        Prepaid,
        Invoice,
        CashOnDelivery,
    }
}
