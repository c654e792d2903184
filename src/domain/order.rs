//! The order aggregate: everything the shop knows about one order. Its parts are the domain's other
//! types; the rules that change it are in `rules/`. The store keeps it as several small items
//! (`store::layout`), and a change's timeline entries and notices are written with it.

use super::{
    Currency, Customer, FulfilmentStatus, Money, Notice, NoticeId, OrderSource, Payment, Private, Shipping,
    TimelineEntry, TimelineEvent,
};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineItem {
    pub sku: Option<String>,
    pub name: String,
    pub quantity: u32,
    pub unit_price_minor: i64,
    /// The tax on the whole line, as the storefront computed it (`None`: it did not say).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax_minor: Option<i64>,
    /// The line's tax rate, when the storefront said it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax_rate: Option<super::TaxRate>,
}

impl LineItem {
    /// Whether staff's word for an item (its SKU or name, in any case) names this line.
    pub fn is(&self, item: &str) -> bool {
        let item = item.trim();
        self.sku.as_deref().is_some_and(|sku| sku.eq_ignore_ascii_case(item))
            || self.name.trim().eq_ignore_ascii_case(item)
    }
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
    /// Whether the items' prices include their tax (else it comes on top).
    #[serde(default)]
    pub prices_include_tax: bool,
    /// What the customer paid in, when the storefront showed them another currency than the shop's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub presentment: Option<Presentment>,
}

/// The order's total in the currency the customer saw and paid in (Shopify's presentment money):
/// other amounts are converted at the rate the two totals make.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Presentment {
    pub currency: Currency,
    pub total_minor: i64,
    /// The order's total in the shop's currency when it came in: with `total_minor`, the rate
    /// (lines taken off later change the total, not the rate).
    pub shop_total_minor: i64,
}

/// `minor × to ÷ from`, rounded half away from zero, in 128 bits.
fn scale(minor: i64, to: i64, from: i64) -> Option<i64> {
    if from == 0 {
        return None;
    }
    let (n, d) = (i128::from(minor) * i128::from(to), i128::from(from));
    let rounded = (2 * n + n.signum() * d.abs()) / (2 * d);
    i64::try_from(rounded).ok()
}

impl Totals {
    pub fn money(&self, minor: i64) -> Money {
        Money::new(minor, self.currency)
    }

    /// An amount of the order in the currency the customer paid in (the shop's when they are one).
    pub fn customer_money(&self, minor: i64) -> Money {
        match self.presentment {
            Some(p) if minor == p.shop_total_minor => Money::new(p.total_minor, p.currency),
            Some(p) => scale(minor, p.total_minor, p.shop_total_minor)
                .map_or_else(|| self.money(minor), |converted| Money::new(converted, p.currency)),
            None => self.money(minor),
        }
    }

    /// The other currency's amount, when the customer paid in one (for the owner and invoices,
    /// which show both).
    pub fn presented(&self, minor: i64) -> Option<Money> {
        self.presentment.map(|_| self.customer_money(minor))
    }

    /// An amount a payment provider reports in `currency`, in the shop's currency: as it is, or
    /// converted from the currency the customer paid in; `None` for any other currency.
    pub fn shop_minor(&self, minor: i64, currency: &str) -> Option<i64> {
        if currency.eq_ignore_ascii_case(self.currency.code()) {
            return Some(minor);
        }
        let p = self.presentment.filter(|p| currency.eq_ignore_ascii_case(p.currency.code()))?;
        if minor == p.total_minor {
            return Some(p.shop_total_minor);
        }
        scale(minor, p.shop_total_minor, p.total_minor)
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
    /// Append-only: [`Order::record`] adds to it. Holds what the order's history was read with (the
    /// store reads it only for the pages that show it) and what a change adds.
    pub(crate) timeline: Vec<TimelineEntry>,
    /// Notification ledger and outbox: every notice this order has asked for, by id.
    pub(crate) notices: BTreeMap<NoticeId, Notice>,
    /// Provider event ids already applied (dedupe for payment and carrier events).
    pub(crate) seen_events: BTreeSet<String>,
    /// Why the order is on hold, for the shop.
    #[serde(default)]
    pub hold_reason: Option<super::HoldReason>,
    /// What the shop must fix or accept, while the order needs attention.
    #[serde(default)]
    pub attention: Vec<super::Problem>,
    #[serde(default)]
    pub cancellation: Option<super::Cancellation>,
    #[serde(default)]
    pub shipment: super::Shipment,
    #[serde(default)]
    pub stock_issue: Option<super::StockIssue>,
    /// What went wrong, while the order is in `delivery_exception`.
    #[serde(default)]
    pub exception: Option<super::ExceptionKind>,
    #[serde(default)]
    pub duties: super::Duties,
    /// What happened after delivery: the arrival answer, returns.
    #[serde(default, skip_serializing_if = "super::AfterDelivery::is_empty")]
    pub after_delivery: super::AfterDelivery,
    /// The customer's request to cancel, asked from their page while the order was being packed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancel_request: Option<CancelRequest>,
    /// When the newest storefront body applied was modified (its `updated_at`,
    /// `date_modified_gmt`): an older body changes nothing.
    pub(crate) storefront_at: Option<Timestamp>,
    /// Read from a head that still held its returns and complaints (before they had items of their
    /// own): the next write writes them all as items.
    pub(crate) cases_in_head: bool,
    /// Incremented by every write; writes are conditional on the version they read.
    pub(crate) version: u64,
}

impl Order {
    /// What happened to the order, oldest first (as far as it was read, see [`Order::timeline`]).
    pub fn timeline(&self) -> &[TimelineEntry] {
        &self.timeline
    }

    /// The notice ledger, by notice id: entries are added only by the rules, once each.
    pub fn notices(&self) -> &BTreeMap<NoticeId, Notice> {
        &self.notices
    }

    /// The head's version: every write is conditional on the version it read.
    pub fn version(&self) -> u64 {
        self.version
    }

    /// For tests that build an order as an older version stored it.
    #[cfg(feature = "dev")]
    pub fn ledger_and_seen_events_mut(&mut self) -> (&mut BTreeMap<NoticeId, Notice>, &mut BTreeSet<String>) {
        (&mut self.notices, &mut self.seen_events)
    }

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

    /// Where the invoice goes: the billing address the storefront gave, else the shipping address.
    pub fn billing_address(&self) -> Option<&super::Address> {
        self.customer.billing_address.as_ref().or(self.shipping.address.as_ref()).map(|a| a.expose())
    }

    /// The customer's time zones: their address's country's, else their phone number's, else
    /// `shop`. A country with several zones gives them all (quiet hours respect every one).
    pub fn customer_time_zones(&self, shop: &jiff::tz::TimeZone) -> Vec<jiff::tz::TimeZone> {
        let address_country = self.shipping.address.as_ref().map(|a| a.expose().country.clone());
        let phone_country = self.customer.phone.as_ref().and_then(|phone| {
            let number = phonenumber::parse(None, phone.expose()).ok()?;
            Some(number.country().id()?.as_ref().to_string())
        });
        [address_country, phone_country]
            .into_iter()
            .flatten()
            .map(|country| super::quiet::zones_for_country(&country))
            .find(|zones| !zones.is_empty())
            .unwrap_or_else(|| vec![shop.clone()])
    }

    /// The zone the customer reads times in (the first of [`Order::customer_time_zones`]).
    pub fn customer_time_zone(&self, shop: &jiff::tz::TimeZone) -> jiff::tz::TimeZone {
        self.customer_time_zones(shop).swap_remove(0)
    }

    /// Marks the change being made as the request `key` from `source` (an idempotency key): its first
    /// timeline entry carries the key, and the store refuses a second change with it.
    pub fn mark_request(&mut self, source: &str, key: &str) {
        if let Some(entry) = self.timeline.iter_mut().find(|e| e.source == source && e.event_id.is_none()) {
            entry.event_id = Some(key.to_string());
        }
        self.seen_events.insert(format!("{source}:{key}"));
    }

    pub fn money(&self, minor: i64) -> Money {
        self.totals.money(minor)
    }
}

/// The customer asked to cancel while the order was being packed; staff cancel it or decline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CancelRequest {
    pub at: Timestamp,
    /// When staff said it goes on all the same (the customer is told).
    #[serde(default)]
    pub declined_at: Option<Timestamp>,
}

#[cfg(test)]
mod tests {
    use super::{Presentment, Totals};
    use crate::domain::Currency;

    #[test]
    fn amounts_convert_at_the_rate_the_two_totals_make_and_the_totals_exactly() {
        let eur = Currency::parse("EUR").unwrap();
        let totals = Totals {
            currency: Currency::parse("USD").unwrap(),
            subtotal_minor: 8_980,
            shipping_minor: 490,
            tax_minor: 0,
            total_minor: 9_470,
            discount_minor: 0,
            prices_include_tax: true,
            presentment: Some(Presentment { currency: eur, total_minor: 8_690, shop_total_minor: 9_470 }),
        };
        assert_eq!(totals.customer_money(9_470).minor, 8_690);
        assert_eq!(totals.customer_money(490).minor, 450, "4.90 USD × 86.90/94.70 = 4.4965 EUR");
        assert_eq!(totals.customer_money(-490).minor, -450, "rounded alike both ways");
        assert_eq!(totals.shop_minor(8_690, "eur"), Some(9_470));
        assert_eq!(totals.shop_minor(450, "EUR"), Some(490));
        assert_eq!((totals.shop_minor(100, "USD"), totals.shop_minor(100, "GBP")), (Some(100), None));
        let yen = Currency::parse("JPY").unwrap();
        let presentment = Some(Presentment { currency: yen, total_minor: 14_600, shop_total_minor: 9_470 });
        let japanese = Totals { presentment, ..totals };
        assert_eq!(japanese.customer_money(9_470).minor, 14_600, "minor units of each currency");
        assert_eq!(japanese.customer_money(100).minor, 154);
        // Lines came off: the new total converts at the rate the order came in with.
        let smaller = Totals { total_minor: 4_735, ..totals };
        assert_eq!(smaller.customer_money(4_735).minor, 4_345);
    }
}
