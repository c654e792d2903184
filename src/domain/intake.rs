//! Order intake: what a storefront sent ([`OrderDraft`], every field optional), checked field by field
//! into a new [`Order`] with its first timeline entry and the notices it asks for.

use super::{
    Address, Audience, Channel, Currency, Customer, Delivery, DetailsUpdate, InvalidField, LineItem, NoticeKind, Order,
    OrderSource, Payment, PaymentMethod, PaymentStatus, Private, Problem, ProblemKind, Shipping, TimelineEvent, Totals,
    limits,
};
use jiff::Timestamp;
use std::collections::{BTreeMap, BTreeSet};

mod details;
pub use details::{DetailsDraft, IntakeDefaults};

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
    /// Who pays, when the storefront gave it apart from the shipping address.
    pub billing_address: Option<AddressDraft>,
    pub payment_method: Option<PaymentMethod>,
    pub payment_status: Option<PaymentStatus>,
    pub currency: Option<String>,
    /// The currency the customer saw and paid in, and the total in it, when not the shop's.
    pub presentment_currency: Option<String>,
    pub presentment_total: Option<String>,
    pub items: Vec<ItemDraft>,
    pub subtotal: Option<String>,
    pub shipping_price: Option<String>,
    pub tax: Option<String>,
    pub total: Option<String>,
    /// Order and line discounts together, as the storefront computed them.
    pub discount: Option<String>,
    /// Whether the items' prices include their tax.
    pub prices_include_tax: bool,
    /// The customer's note: Shopify `note`, WooCommerce `customer_note`, the generic `note`.
    pub note: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AddressDraft {
    pub recipient: Option<String>,
    pub company: Option<String>,
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
    /// The taxes on the whole line, decimal strings (added up).
    pub taxes: Vec<String>,
    pub tax_rate: Option<super::TaxRate>,
}

/// Everything that intake decided besides the draft: the shop's defaults, the moment, the status token.
pub struct Reception<'a> {
    pub source: OrderSource,
    pub defaults: &'a IntakeDefaults,
    pub now: Timestamp,
    pub status_token: String,
    pub event_id: Option<String>,
    pub terms: super::PaymentTerms,
    /// The owner is told if the order is not packed or shipped within this (`None`: never).
    pub processing_sla: Option<jiff::SignedDuration>,
}

/// Builds the new order from `draft`. Only what makes the request unreadable as an order is an error:
/// no usable order id, no currency, amounts that cannot be read. Everything else the storefront may
/// have left out (a contact, an address, a delivery or payment method, sound items) is recorded and
/// puts the order on hold as needing attention, with the list of problems.
///
/// The notices: "order received" to the customer on their channel (when they can be reached), and to
/// the owner by email "new order", or "order needs attention" listing what to fix.
/// The currency the customer saw and paid in, when the storefront says it is not the shop's and
/// gives the total in it; an unreadable one is left out (the shop's currency is told instead).
fn presentment(draft: &OrderDraft, shop: Currency, shop_total_minor: i64) -> Option<super::order::Presentment> {
    let currency = Currency::parse(draft.presentment_currency.as_deref()?.trim())?;
    let total_minor = currency.parse_amount(draft.presentment_total.as_deref()?).filter(|t| *t > 0)?;
    let presented = super::order::Presentment { currency, total_minor, shop_total_minor };
    (currency != shop && shop_total_minor > 0).then_some(presented)
}

pub fn receive(draft: OrderDraft, reception: Reception<'_>) -> Result<Order, InvalidField> {
    let id = order_id(draft.id.as_deref())?;
    let number = text(draft.number.clone(), limits::ORDER_NUMBER + 1);
    if let Some(number) = &number {
        limits::identifier("order_number", number, limits::ORDER_NUMBER)?;
    }
    let currency = required(draft.currency.as_deref(), "currency")?;
    let currency =
        Currency::parse(currency).ok_or_else(|| InvalidField::new("currency", "not an ISO 4217 currency code"))?;
    let (items, item_problems) = items(&draft.items, currency)?;
    let amount = |value: Option<&str>, field: &str| -> Result<i64, InvalidField> {
        match value.map(str::trim).filter(|v| !v.is_empty()) {
            None => Ok(0),
            Some(text) => currency
                .parse_amount(text)
                .ok_or_else(|| InvalidField::new(field, format!("not an amount in {}", currency.code()))),
        }
    };
    let total = required(draft.total.as_deref(), "totals.total")?;
    let discount_minor = amount(draft.discount.as_deref(), "totals.discount")?;
    let subtotal_minor = match draft.subtotal.as_deref() {
        Some(subtotal) => amount(Some(subtotal), "totals.subtotal")?,
        None => items_sum(&items)?.checked_sub(discount_minor).filter(|s| *s >= 0).unwrap_or(0),
    };
    let totals = Totals {
        currency,
        subtotal_minor,
        shipping_minor: amount(draft.shipping_price.as_deref(), "totals.shipping")?,
        tax_minor: amount(draft.tax.as_deref(), "totals.tax")?,
        total_minor: amount(Some(total), "totals.total")?,
        discount_minor,
        prices_include_tax: draft.prices_include_tax,
        presentment: None,
    };
    let totals = Totals { presentment: presentment(&draft, currency, totals.total_minor), ..totals };
    let nothing_to_pay = totals.total_minor == 0;
    let payment_method = draft.payment_method.or(nothing_to_pay.then_some(PaymentMethod::Prepaid));
    let payment_status =
        if nothing_to_pay { PaymentStatus::Paid } else { draft.payment_status.unwrap_or(PaymentStatus::Unpaid) };
    let received_minor = if payment_status == PaymentStatus::Paid { totals.total_minor } else { 0 };
    let now = reception.now;
    let address = draft.address.as_ref().map(address_of);
    let customer = customer(&draft, address.as_ref(), reception.defaults);
    let address = address.map(|mut address| {
        address.recipient = address.recipient.or_else(|| customer.name.as_ref().map(|n| n.expose().clone()));
        address
    });

    let mut order = Order {
        number: number.unwrap_or_else(|| id.clone()),
        id,
        source: reception.source,
        placed_at: draft.placed_at.unwrap_or(now),
        received_at: now,
        status: super::FulfilmentStatus::Received,
        payment: Payment {
            method: payment_method,
            status: payment_status,
            received_minor,
            refunded_minor: 0,
            due_at: None,
            reminder_at: None,
            authorization: None,
            reports: super::payment::Reports { storefront_paid_minor: received_minor, ..Default::default() },
            collection: None,
        },
        customer,
        shipping: Shipping {
            method: text(draft.shipping_method, limits::SHORT_TEXT).unwrap_or_default(),
            delivery: draft.delivery,
            address: address.filter(|_| draft.delivery == Delivery::Ship).map(Private::new),
        },
        items,
        totals,
        status_token: Private::new(reception.status_token),
        timeline: Vec::new(),
        notices: BTreeMap::new(),
        seen_events: BTreeSet::new(),
        hold_reason: None,
        attention: Vec::new(),
        cancellation: None,
        shipment: Default::default(),
        stock_issue: None,
        exception: None,
        duties: super::Duties { late_at: reception.processing_sla.map(|sla| now + sla), ..Default::default() },
        after_delivery: Default::default(),
        cancel_request: None,
        storefront_at: None,
        cases_in_head: false,
        version: 0,
    };
    if order.payment.method == Some(PaymentMethod::Prepaid) {
        order.set_payment_terms(order.received_at, reception.terms);
    }
    order.record(now, TimelineEvent::OrderReceived, reception.source.as_str(), reception.event_id.as_deref(), None);
    order.hold_for_attention(item_problems);
    let owner = if order.needs_attention() { NoticeKind::NeedsAttention } else { NoticeKind::NewOrder };
    order.add_notice(NoticeKind::OrderReceived, Audience::Customer, now, None);
    order.add_notice(owner, Audience::Owner, now, None);
    Ok(order)
}

fn required<'a>(value: Option<&'a str>, field: &str) -> Result<&'a str, InvalidField> {
    value.map(str::trim).filter(|v| !v.is_empty()).ok_or_else(|| InvalidField::new(field, "required"))
}

/// Trimmed, cut to `max` characters, and `None` when empty.
fn text(value: Option<String>, max: usize) -> Option<String> {
    let value = value?;
    let value = value.trim();
    (!value.is_empty()).then(|| limits::cut(value, max))
}

/// Order ids end up in URLs and keys: letters, digits, `-`, `_`, `.`, at most 128.
fn order_id(value: Option<&str>) -> Result<String, InvalidField> {
    let id = required(value, "order_id")?;
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    if id.len() > limits::ORDER_ID || !id.chars().all(allowed) {
        return Err(InvalidField::new("order_id", "use at most 128 letters, digits, '-', '_' or '.'"));
    }
    Ok(id.to_string())
}

/// Whatever the storefront said about the customer; contacts that cannot be used are kept as given.
fn customer(draft: &OrderDraft, address: Option<&Address>, defaults: &IntakeDefaults) -> Customer {
    let region = phone_region(address, defaults);
    let email = text(draft.email.clone(), limits::TEXT);
    let phone = text(draft.phone.clone(), limits::SHORT_TEXT);
    let usable_phone = phone.as_deref().and_then(|p| e164(p, region).ok());
    let name = text(draft.customer_name.clone(), limits::TEXT);
    let addressed = |mut address: Address| {
        address.recipient = address.recipient.or_else(|| name.clone());
        address
    };
    // Kept only when it is not the shipping address (Shopify sends both, alike).
    let billing_address = draft
        .billing_address
        .as_ref()
        .and_then(billing_address_of)
        .map(addressed)
        .and_then(|billing| billing.apart_from(address.cloned().map(addressed).as_ref()));
    let mut customer = Customer {
        name: name.clone().map(Private::new),
        email: email.clone().filter(|e| is_email(e)).map(Private::new),
        email_as_given: email.filter(|e| !is_email(e)).map(Private::new),
        phone: usable_phone.clone().map(Private::new),
        phone_as_given: phone.filter(|_| usable_phone.is_none()).map(Private::new),
        channel: Channel::Email,
        locale: locale(draft.locale.as_deref()).unwrap_or_else(|| defaults.locale.clone()),
        note: text(draft.note.clone(), limits::NOTE).map(Private::new),
        calls: Default::default(),
        billing_address: billing_address.map(Private::new),
        erased_at: None,
    };
    customer.choose_channel(draft.preferred_channel);
    customer
}

/// The region national phone numbers are read in: the address country when it is one, else the shop's.
fn phone_region<'a>(address: Option<&'a Address>, defaults: &'a IntakeDefaults) -> &'a str {
    address.filter(|a| a.has_country_code()).map_or(defaults.phone_region.as_str(), |a| a.country.as_str())
}

fn is_email(text: &str) -> bool {
    email_address::EmailAddress::parse_with_options(text, Default::default()).is_ok()
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

/// The address as given: missing parts stay empty (and make the order need attention).
fn address_of(draft: &AddressDraft) -> Address {
    Address {
        recipient: text(draft.recipient.clone(), limits::TEXT),
        company: text(draft.company.clone(), limits::TEXT),
        lines: draft.lines.iter().filter_map(|l| text(Some(l.clone()), limits::TEXT)).take(3).collect(),
        city: text(draft.city.clone(), limits::SHORT_TEXT).unwrap_or_default(),
        region: text(draft.region.clone(), limits::SHORT_TEXT),
        postal_code: text(draft.postal_code.clone(), limits::SHORT_TEXT),
        country: text(draft.country.clone(), limits::SHORT_TEXT).unwrap_or_default().to_ascii_uppercase(),
    }
}

/// A billing address as given; `None` when it says nothing at all. It is printed on the invoice
/// as it is: nothing in it holds the order up.
fn billing_address_of(draft: &AddressDraft) -> Option<Address> {
    let address = address_of(draft);
    let said = [&address.recipient, &address.company].into_iter().any(Option::is_some)
        || !address.lines.is_empty()
        || !address.city.is_empty()
        || address.postal_code.is_some();
    said.then_some(address)
}

/// The items as given, and what is wrong with them. Only an amount that cannot be read is an error.
fn items(drafts: &[ItemDraft], currency: Currency) -> Result<(Vec<LineItem>, Vec<Problem>), InvalidField> {
    let mut problems = Vec::new();
    if drafts.is_empty() {
        problems.push(Problem::new(ProblemKind::NoItems, "items"));
    }
    if drafts.len() > limits::ITEMS {
        return Err(InvalidField::new("items", format!("more than {} lines", limits::ITEMS)));
    }
    let mut items = Vec::with_capacity(drafts.len());
    for (i, item) in drafts.iter().enumerate() {
        let field = |name: &str| format!("items[{i}].{name}");
        let sku = text(item.sku.clone(), limits::SHORT_TEXT);
        let name = text(item.name.clone(), limits::TEXT).or_else(|| sku.clone()).unwrap_or_else(|| {
            problems.push(Problem::new(ProblemKind::BadItem, field("name")));
            String::new()
        });
        let quantity = match item.quantity {
            Some(q) if q > limits::QUANTITY => {
                return Err(InvalidField::new(field("quantity"), format!("more than {}", limits::QUANTITY)));
            }
            Some(q) if q > 0 => q as u32,
            _ => {
                problems.push(Problem::new(ProblemKind::BadItem, field("quantity")));
                0
            }
        };
        let unit_price_minor = match item.unit_price.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
            Some(price) => currency.parse_amount(price).ok_or_else(|| {
                InvalidField::new(field("unit_price"), format!("not an amount in {}", currency.code()))
            })?,
            None => {
                problems.push(Problem::new(ProblemKind::BadItem, field("unit_price")));
                0
            }
        };
        // Only shown on the invoice: a tax that cannot be read is left out, never a reason to
        // refuse the order.
        let tax_minor = (!item.taxes.is_empty())
            .then(|| item.taxes.iter().try_fold(0i64, |sum, tax| sum.checked_add(currency.parse_amount(tax.trim())?)))
            .flatten();
        items.push(LineItem { sku, name, quantity, unit_price_minor, tax_minor, tax_rate: item.tax_rate });
    }
    Ok((items, problems))
}

/// What the items come to, or an error when that is beyond any real order.
fn items_sum(items: &[LineItem]) -> Result<i64, InvalidField> {
    items
        .iter()
        .try_fold(0i64, |sum, item| item.unit_price_minor.checked_mul(i64::from(item.quantity))?.checked_add(sum))
        .ok_or_else(|| InvalidField::new("items", "the items' amounts add up to more than can be recorded"))
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
        let ids: Vec<_> = order.notices.keys().map(|id| id.as_str()).collect();
        assert_eq!(ids, ["new_order.owner.email", "order_received.customer.email"]);
        assert_eq!(order.next_due_at(), Some(order.received_at + crate::domain::notice::REDRIVE_AFTER));
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
    fn a_billing_address_is_kept_only_when_it_says_something_else() {
        let shipping = draft().address.unwrap();
        let billed = |billing: AddressDraft| {
            receive_draft(OrderDraft { billing_address: Some(billing), ..draft() }).unwrap().customer.billing_address
        };
        assert_eq!(billed(shipping.clone()), None, "the same address is not kept twice");
        assert_eq!(billed(AddressDraft { company: Some("  ".into()), ..Default::default() }), None, "nothing said");
        let company = AddressDraft { company: Some("Acme Sp. z o.o.".into()), ..shipping.clone() };
        let kept = billed(company).unwrap();
        assert_eq!(kept.expose().company.as_deref(), Some("Acme Sp. z o.o."));
        // Incomplete is fine: an invoice address holds nothing up.
        let order = receive_draft(OrderDraft {
            billing_address: Some(AddressDraft { recipient: Some("Jan".into()), ..Default::default() }),
            ..draft()
        })
        .unwrap();
        assert!(!order.needs_attention());
        assert_eq!(order.billing_address().unwrap().label(), ["Jan"]);
        let unnamed = AddressDraft { recipient: None, company: Some("Acme".into()), ..shipping.clone() };
        let named = billed(unnamed).unwrap();
        assert_eq!(named.expose().recipient, draft().customer_name, "named as the customer, like the parcel");
        let shipped_only = receive_draft(draft()).unwrap();
        assert_eq!(shipped_only.billing_address(), shipped_only.shipping.address.as_ref().map(|a| a.expose()));
    }

    #[test]
    fn a_lines_taxes_add_up_and_one_that_cannot_be_read_is_left_out() {
        let taxed = |taxes: &[&str]| {
            let mut draft = draft();
            draft.items[0].taxes = taxes.iter().map(|t| t.to_string()).collect();
            receive_draft(draft).unwrap().items[0].tax_minor
        };
        assert_eq!(taxed(&["1.50", "0.75"]), Some(225), "GST and PST");
        assert_eq!(taxed(&[]), None);
        assert_eq!(taxed(&["1.50", "n/a"]), None, "the order is kept, without a tax to show");
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
    fn only_what_cannot_be_read_is_refused_naming_its_field() {
        let cases: Vec<(OrderDraft, &str)> = vec![
            (OrderDraft { id: None, ..draft() }, "order_id"),
            (OrderDraft { id: Some("a/b".into()), ..draft() }, "order_id"),
            (OrderDraft { currency: None, ..draft() }, "currency"),
            (OrderDraft { currency: Some("ZZZ".into()), ..draft() }, "currency"),
            (OrderDraft { total: Some("-3".into()), ..draft() }, "totals.total"),
            (OrderDraft { tax: Some("1.234".into()), ..draft() }, "totals.tax"),
            (OrderDraft { discount: Some("ten".into()), ..draft() }, "totals.discount"),
        ];
        for (draft, field) in cases {
            assert_eq!(receive_draft(draft).unwrap_err().field, field);
        }
        let mut absurd = draft();
        absurd.items[0].unit_price = Some("10000000000000.00".into());
        absurd.items[0].quantity = Some(1_000_000);
        assert_eq!(receive_draft(absurd).unwrap_err().field, "items", "no wrapped sum");
        let mut unreadable_price = draft();
        unreadable_price.items[0].unit_price = Some("free".into());
        assert_eq!(receive_draft(unreadable_price).unwrap_err().field, "items[0].unit_price");
    }

    /// What a storefront took but left incomplete is kept, on hold, with each problem named.
    #[test]
    fn a_readable_order_with_problems_is_kept_and_needs_attention() {
        use super::super::ProblemKind as P;
        let no_street = AddressDraft { lines: vec![" ".into()], city: Some("Warszawa".into()), ..Default::default() };
        let cases: Vec<(OrderDraft, Vec<(P, &str)>)> = vec![
            (OrderDraft { email: None, phone: None, ..draft() }, vec![(P::NoContact, "customer.email")]),
            (
                OrderDraft { email: Some("not-an-address".into()), phone: Some("12".into()), ..draft() },
                vec![(P::NoContact, "customer.email")],
            ),
            (
                OrderDraft { shipping_method: Some("".into()), ..draft() },
                vec![(P::NoShippingMethod, "shipping.method")],
            ),
            (OrderDraft { address: None, ..draft() }, vec![(P::NoAddress, "shipping.address")]),
            (
                OrderDraft { address: Some(no_street), customer_name: None, ..draft() },
                vec![
                    (P::NoRecipient, "shipping.address.recipient"),
                    (P::NoStreet, "shipping.address.line1"),
                    (P::BadCountry, "shipping.address.country"),
                ],
            ),
            (OrderDraft { payment_method: None, ..draft() }, vec![(P::NoPaymentMethod, "payment.method")]),
            (OrderDraft { items: vec![], ..draft() }, vec![(P::NoItems, "items")]),
            (
                OrderDraft {
                    items: vec![ItemDraft { quantity: Some(-1), unit_price: Some("1".into()), ..Default::default() }],
                    ..draft()
                },
                vec![(P::BadItem, "items[0].name"), (P::BadItem, "items[0].quantity")],
            ),
        ];
        for (draft, expected) in cases {
            let order = receive_draft(draft).expect("kept");
            let found: Vec<(P, &str)> = order.attention.iter().map(|p| (p.kind(), p.field())).collect();
            assert_eq!(found, expected);
            assert!(order.needs_attention());
            let owner: Vec<&str> =
                order.notices.values().filter(|n| n.audience == Audience::Owner).map(|n| n.id.as_str()).collect();
            assert_eq!(owner, ["needs_attention.owner.email"], "one owner email listing what to fix");
        }
    }

    #[test]
    fn an_unreachable_customer_is_not_told_and_a_bad_phone_is_kept_as_given() {
        let unreachable = receive_draft(OrderDraft { email: Some(" ".into()), phone: None, ..draft() }).unwrap();
        assert!(!unreachable.customer.is_reachable());
        let kinds: Vec<_> = unreachable.notices.values().map(|n| n.kind).collect();
        assert_eq!(kinds, [NoticeKind::NeedsAttention], "only the owner is told");

        let bad_phone = receive_draft(OrderDraft { phone: Some("call me after 6".into()), ..draft() }).unwrap();
        assert!(!bad_phone.needs_attention(), "another contact works");
        assert_eq!(bad_phone.customer.phone, None, "never used for SMS");
        assert_eq!(bad_phone.customer.phone_as_given.unwrap().expose(), "call me after 6");
    }

    #[test]
    fn nothing_to_deliver_needs_no_address_method_or_contact() {
        let till = OrderDraft {
            delivery: Delivery::NotNeeded,
            address: None,
            shipping_method: None,
            email: None,
            customer_name: None,
            ..draft()
        };
        let order = receive_draft(till).unwrap();
        assert_eq!(order.status, FulfilmentStatus::Received);
        assert!(order.attention.is_empty());
        let kinds: Vec<_> = order.notices.values().map(|n| n.kind).collect();
        assert_eq!(kinds, [NoticeKind::NewOrder]);
    }

    /// Display text is cut to its limit; identifiers, counts and amounts beyond theirs are refused.
    #[test]
    fn stored_values_are_bounded() {
        let long = |n: usize| "x".repeat(n);
        let mut verbose = draft();
        verbose.customer_name = Some(long(5_000));
        verbose.items[0].name = Some(long(5_000));
        verbose.items[0].sku = Some(long(5_000));
        verbose.shipping_method = Some(long(5_000));
        verbose.address.as_mut().unwrap().lines = vec![long(5_000); 10];
        let order = receive_draft(verbose).expect("kept, with its text cut");
        assert_eq!(order.customer.name.unwrap().expose().len(), limits::TEXT);
        assert_eq!((order.items[0].name.len(), order.items[0].sku.as_ref().unwrap().len()), (200, 100));
        assert_eq!(order.shipping.method.len(), limits::SHORT_TEXT);
        let lines = &order.shipping.address.as_ref().unwrap().expose().lines;
        assert_eq!((lines.len(), lines[0].len()), (3, 200));

        let refused: Vec<(OrderDraft, &str)> = vec![
            (OrderDraft { number: Some(long(65)), ..draft() }, "order_number"),
            (OrderDraft { id: Some(long(129)), ..draft() }, "order_id"),
            (OrderDraft { total: Some("10000000000000.01".into()), ..draft() }, "totals.total"),
            (OrderDraft { items: vec![draft().items[0].clone(); 1_001], ..draft() }, "items"),
            (
                OrderDraft {
                    items: vec![ItemDraft { quantity: Some(1_000_001), ..draft().items[0].clone() }],
                    ..draft()
                },
                "items[0].quantity",
            ),
        ];
        for (draft, field) in refused {
            assert_eq!(receive_draft(draft).unwrap_err().field, field);
        }
    }

    #[test]
    fn discounts_are_kept_and_the_subtotal_follows_them() {
        let discounted = OrderDraft { discount: Some("2.10".into()), total: Some("23.90".into()), ..draft() };
        let order = receive_draft(discounted).unwrap();
        assert_eq!(
            (order.totals.discount_minor, order.totals.subtotal_minor, order.totals.total_minor),
            (210, 1_890, 2_390)
        );
    }
}
