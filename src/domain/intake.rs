//! Order intake: what a storefront sent ([`OrderDraft`], every field optional), checked field by field
//! into a new [`Order`] with its first timeline entry and the notices it asks for.

use super::money::Currency;
use super::notice::{Audience, Notice, NoticeKind};
use super::order::{
    Address, Channel, Customer, Delivery, LineItem, Order, OrderSource, Payment, PaymentMethod, PaymentStatus,
    Shipping, Totals,
};
use super::private::Private;
use jiff::Timestamp;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// An order as a storefront described it, before any checking. Amounts are decimal strings.
#[derive(Clone, Debug, Default)]
pub struct OrderDraft {
    pub id: Option<String>,
    pub number: Option<String>,
    pub placed_at: Option<Timestamp>,
    pub customer_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub preferred_channel: Option<Channel>,
    pub locale: Option<String>,
    pub shipping_method: Option<String>,
    pub delivery: Delivery,
    pub address: Option<AddressDraft>,
    pub payment_method: Option<PaymentMethod>,
    pub payment_status: Option<PaymentStatus>,
    pub currency: Option<String>,
    pub items: Vec<ItemDraft>,
    pub subtotal: Option<String>,
    pub shipping_price: Option<String>,
    pub tax: Option<String>,
    pub total: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub struct AddressDraft {
    pub recipient: Option<String>,
    pub lines: Vec<String>,
    pub city: Option<String>,
    pub region: Option<String>,
    pub postal_code: Option<String>,
    pub country: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub struct ItemDraft {
    pub sku: Option<String>,
    pub name: Option<String>,
    pub quantity: Option<i64>,
    pub unit_price: Option<String>,
}

/// A field that failed its check. `field` uses the generic schema's names (`customer.email`,
/// `items[0].quantity`); providers translate it to their own payload's names.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct InvalidField {
    pub field: String,
    pub reason: String,
}

impl InvalidField {
    pub fn new(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Self { field: field.into(), reason: reason.into() }
    }
}

/// Shop-wide defaults that intake falls back on.
#[derive(Clone, Debug)]
pub struct IntakeDefaults {
    pub locale: String,
    /// ISO 3166 region used to read phone numbers written without a country code.
    pub phone_region: String,
}

/// Everything that intake decided besides the draft: the shop's defaults, the moment, the status token.
pub struct Reception<'a> {
    pub source: OrderSource,
    pub defaults: &'a IntakeDefaults,
    pub now: Timestamp,
    pub status_token: String,
    pub event_id: Option<String>,
    pub terms: super::payment::PaymentTerms,
}

/// Checks `draft` and builds the new order: status `received`, one timeline entry, and the notices
/// "order received" (customer, on their channel) and "new order" (owner, by email).
pub fn receive(draft: OrderDraft, reception: Reception<'_>) -> Result<Order, InvalidField> {
    let id = order_id(draft.id.as_deref())?;
    let address_country = draft.address.as_ref().and_then(|a| a.country.as_deref()).map(str::to_ascii_uppercase);
    let customer = customer(&draft, address_country.as_deref(), reception.defaults)?;
    let shipping = shipping(&draft)?;
    let currency = required(draft.currency.as_deref(), "currency")?;
    let currency =
        Currency::parse(currency).ok_or_else(|| InvalidField::new("currency", "not an ISO 4217 currency code"))?;
    let items = items(&draft.items, currency)?;
    let amount = |value: Option<&str>, field: &str| -> Result<i64, InvalidField> {
        match value.map(str::trim).filter(|v| !v.is_empty()) {
            None => Ok(0),
            Some(text) => currency
                .parse_amount(text)
                .ok_or_else(|| InvalidField::new(field, format!("not an amount in {}", currency.code()))),
        }
    };
    let total = required(draft.total.as_deref(), "totals.total")?;
    let totals = Totals {
        currency,
        subtotal_minor: match draft.subtotal.as_deref() {
            Some(subtotal) => amount(Some(subtotal), "totals.subtotal")?,
            None => items.iter().map(|i| i.unit_price_minor * i64::from(i.quantity)).sum(),
        },
        shipping_minor: amount(draft.shipping_price.as_deref(), "totals.shipping")?,
        tax_minor: amount(draft.tax.as_deref(), "totals.tax")?,
        total_minor: amount(Some(total), "totals.total")?,
    };
    let payment_method = draft
        .payment_method
        .ok_or_else(|| InvalidField::new("payment.method", "required: prepaid, invoice or cash_on_delivery"))?;
    let payment_status = draft.payment_status.unwrap_or(PaymentStatus::Unpaid);
    let received_minor = if payment_status == PaymentStatus::Paid { totals.total_minor } else { 0 };
    let now = reception.now;

    let mut order = Order {
        number: draft.number.filter(|n| !n.trim().is_empty()).unwrap_or_else(|| id.clone()),
        id,
        source: reception.source,
        placed_at: draft.placed_at.unwrap_or(now),
        received_at: now,
        status: super::order::FulfilmentStatus::Received,
        payment: Payment {
            method: payment_method,
            status: payment_status,
            received_minor,
            refunded_minor: 0,
            due_at: None,
            reminder_at: None,
        },
        customer,
        shipping,
        items,
        totals,
        status_token: Private::new(reception.status_token),
        timeline: Vec::new(),
        notices: BTreeMap::new(),
        seen_events: BTreeSet::new(),
        hold_reason: None,
        cancellation: None,
        shipment: Default::default(),
        stock_issue: None,
        exception: None,
        duties: Default::default(),
        version: 0,
    };
    order.set_payment_terms(reception.terms);
    order.record(now, "order_received", reception.source.as_str(), reception.event_id.as_deref(), None);
    for notice in [
        Notice::new(NoticeKind::OrderReceived, Audience::Customer, order.customer.channel, now),
        Notice::new(NoticeKind::NewOrder, Audience::Owner, Channel::Email, now),
    ] {
        order.notices.insert(notice.id.clone(), notice);
    }
    Ok(order)
}

fn required<'a>(value: Option<&'a str>, field: &str) -> Result<&'a str, InvalidField> {
    value.map(str::trim).filter(|v| !v.is_empty()).ok_or_else(|| InvalidField::new(field, "required"))
}

fn non_empty(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
}

/// Order ids end up in URLs and keys: letters, digits, `-`, `_`, `.`, at most 128.
fn order_id(value: Option<&str>) -> Result<String, InvalidField> {
    let id = required(value, "order_id")?;
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    if id.len() > 128 || !id.chars().all(allowed) {
        return Err(InvalidField::new("order_id", "use at most 128 letters, digits, '-', '_' or '.'"));
    }
    Ok(id.to_string())
}

fn customer(draft: &OrderDraft, country: Option<&str>, defaults: &IntakeDefaults) -> Result<Customer, InvalidField> {
    let name = required(draft.customer_name.as_deref(), "customer.name")?;
    if name.chars().count() > 200 {
        return Err(InvalidField::new("customer.name", "longer than 200 characters"));
    }
    let email = match non_empty(draft.email.clone()) {
        Some(email) if email_address::EmailAddress::parse_with_options(&email, Default::default()).is_ok() => {
            Some(email)
        }
        Some(_) => {
            return Err(InvalidField::new("customer.email", "not a valid email address"));
        }
        None => None,
    };
    let phone = match non_empty(draft.phone.clone()) {
        Some(phone) => Some(e164(&phone, country.unwrap_or(&defaults.phone_region))?),
        None => None,
    };
    let channel = match (draft.preferred_channel, &email, &phone) {
        (Some(Channel::Sms), _, Some(_)) => Channel::Sms,
        (_, Some(_), _) => Channel::Email,
        (_, None, Some(_)) => Channel::Sms,
        (_, None, None) => {
            return Err(InvalidField::new("customer.email", "an email address or a phone number is required"));
        }
    };
    Ok(Customer {
        name: Private::new(name.to_string()),
        email: email.map(Private::new),
        phone: phone.map(Private::new),
        channel,
        locale: locale(draft.locale.as_deref()).unwrap_or_else(|| defaults.locale.clone()),
    })
}

/// Reads a phone number, with `region` for numbers written without a country code, into E.164.
fn e164(text: &str, region: &str) -> Result<String, InvalidField> {
    let invalid = || InvalidField::new("customer.phone", "not a valid phone number");
    let region = region.parse::<phonenumber::country::Id>().ok();
    let number = phonenumber::parse(region, text).map_err(|_| invalid())?;
    if !phonenumber::is_valid(&number) {
        return Err(invalid());
    }
    Ok(number.format().mode(phonenumber::Mode::E164).to_string())
}

/// `fr-CA` → `fr`; nothing usable → `None`.
fn locale(tag: Option<&str>) -> Option<String> {
    let primary = tag?.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    (primary.len() >= 2 && primary.len() <= 3 && primary.chars().all(|c| c.is_ascii_lowercase())).then_some(primary)
}

fn shipping(draft: &OrderDraft) -> Result<Shipping, InvalidField> {
    let method = required(draft.shipping_method.as_deref(), "shipping.method")?.to_string();
    let address = match (draft.delivery, &draft.address) {
        (Delivery::Ship, Some(address)) => Some(Private::new(address_of(address)?)),
        (Delivery::Ship, None) => {
            return Err(InvalidField::new("shipping.address", "required when the order is delivered"));
        }
        (Delivery::Pickup, _) => None,
    };
    Ok(Shipping { method, delivery: draft.delivery, address })
}

fn address_of(draft: &AddressDraft) -> Result<Address, InvalidField> {
    let lines: Vec<String> = draft.lines.iter().map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect();
    if lines.is_empty() {
        return Err(InvalidField::new("shipping.address.line1", "required"));
    }
    let city = required(draft.city.as_deref(), "shipping.address.city")?.to_string();
    let country = required(draft.country.as_deref(), "shipping.address.country")?.to_ascii_uppercase();
    if country.len() != 2 || !country.chars().all(|c| c.is_ascii_uppercase()) {
        return Err(InvalidField::new("shipping.address.country", "use the two-letter ISO 3166 code"));
    }
    Ok(Address {
        recipient: non_empty(draft.recipient.clone()),
        lines,
        city,
        region: non_empty(draft.region.clone()),
        postal_code: non_empty(draft.postal_code.clone()),
        country,
    })
}

fn items(drafts: &[ItemDraft], currency: Currency) -> Result<Vec<LineItem>, InvalidField> {
    if drafts.is_empty() {
        return Err(InvalidField::new("items", "at least one item is required"));
    }
    drafts
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let field = |name: &str| format!("items[{i}].{name}");
            let name = required(item.name.as_deref(), &field("name"))?.to_string();
            let quantity = match item.quantity {
                Some(q) if q > 0 && q <= i64::from(u32::MAX) => q as u32,
                _ => {
                    return Err(InvalidField::new(field("quantity"), "must be a whole number above 0"));
                }
            };
            let price = required(item.unit_price.as_deref(), &field("unit_price"))?;
            let unit_price_minor = currency.parse_amount(price).ok_or_else(|| {
                InvalidField::new(field("unit_price"), format!("not an amount in {}", currency.code()))
            })?;
            Ok(LineItem { sku: non_empty(item.sku.clone()), name, quantity, unit_price_minor })
        })
        .collect()
}

impl fmt::Display for OrderSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::FulfilmentStatus;
    use crate::domain::testing::{draft, receive_draft};

    #[test]
    fn a_valid_draft_becomes_a_received_order_with_two_notices() {
        let order = receive_draft(draft()).unwrap();
        assert_eq!(order.status, FulfilmentStatus::Received);
        assert_eq!(order.totals.subtotal_minor, 2_100, "subtotal defaults to the items");
        assert_eq!(order.payment.received_minor, 2_600);
        assert_eq!(order.shipping.address.as_ref().unwrap().expose().country, "PL");
        let ids: Vec<_> = order.notices.keys().map(String::as_str).collect();
        assert_eq!(ids, ["new_order.owner.email", "order_received.customer.email"]);
        assert_eq!(order.next_due_at(), Some(order.received_at + crate::domain::order::REDRIVE_AFTER));
    }

    #[test]
    fn the_customer_hears_back_on_the_channel_they_used() {
        let phone_only = OrderDraft { email: None, phone: Some("601 234 567".into()), ..draft() };
        let order = receive_draft(phone_only).unwrap();
        assert_eq!(order.customer.channel, Channel::Sms);
        assert_eq!(
            order.customer.phone.unwrap().expose(),
            "+48601234567",
            "national number read with the address country"
        );
        let prefers_sms =
            OrderDraft { phone: Some("+48 601 234 567".into()), preferred_channel: Some(Channel::Sms), ..draft() };
        assert_eq!(receive_draft(prefers_sms).unwrap().customer.channel, Channel::Sms);
        let prefers_sms_without_phone = OrderDraft { preferred_channel: Some(Channel::Sms), ..draft() };
        assert_eq!(receive_draft(prefers_sms_without_phone).unwrap().customer.channel, Channel::Email);
    }

    #[test]
    fn pickup_needs_no_address_and_locales_are_normalised() {
        let pickup = OrderDraft { delivery: Delivery::Pickup, address: None, locale: Some("fr-CA".into()), ..draft() };
        let order = receive_draft(pickup).unwrap();
        assert!(order.shipping.address.is_none());
        assert_eq!(order.customer.locale, "fr");
        let nonsense = OrderDraft { locale: Some("1234".into()), ..draft() };
        assert_eq!(receive_draft(nonsense).unwrap().customer.locale, "en");
    }

    #[test]
    fn each_rule_names_its_field() {
        let cases: Vec<(OrderDraft, &str)> = vec![
            (OrderDraft { id: Some("a/b".into()), ..draft() }, "order_id"),
            (OrderDraft { customer_name: Some("  ".into()), ..draft() }, "customer.name"),
            (OrderDraft { email: None, phone: None, ..draft() }, "customer.email"),
            (OrderDraft { phone: Some("123".into()), ..draft() }, "customer.phone"),
            (OrderDraft { shipping_method: None, ..draft() }, "shipping.method"),
            (OrderDraft { address: None, ..draft() }, "shipping.address"),
            (OrderDraft { payment_method: None, ..draft() }, "payment.method"),
            (OrderDraft { currency: Some("ZZZ".into()), ..draft() }, "currency"),
            (OrderDraft { items: vec![], ..draft() }, "items"),
            (OrderDraft { total: Some("-3".into()), ..draft() }, "totals.total"),
            (OrderDraft { tax: Some("1.234".into()), ..draft() }, "totals.tax"),
        ];
        for (draft, field) in cases {
            assert_eq!(receive_draft(draft).unwrap_err().field, field);
        }
        let mut bad_item = draft();
        bad_item.items.push(ItemDraft {
            name: Some("Pen".into()),
            quantity: Some(-1),
            unit_price: Some("1".into()),
            sku: None,
        });
        assert_eq!(receive_draft(bad_item).unwrap_err().field, "items[1].quantity");
    }
}
