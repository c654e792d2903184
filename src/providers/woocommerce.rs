//! WooCommerce webhooks (REST API v3 order payload): `order.created`; the order's life in the
//! WooCommerce admin through `order.updated` (its status, refunds, and the parcel from the Shipment
//! Tracking extension's `_wc_shipment_tracking_items` meta) and `order.deleted`; and the unsigned
//! `webhook_id=N` ping WooCommerce sends when a webhook is saved.

use super::{OrderIntake, ProviderError, WebhookRequest, full_name, parse_json, text_or_number};
use crate::domain::intake::{AddressDraft, ItemDraft};
use crate::domain::{CancelCause, Currency, Delivery, Fulfilment, InvalidField, OrderSource};
use crate::domain::{DetailsDraft, StorefrontChange, StorefrontEvent};
use crate::domain::{OrderDraft, PaymentMethod, PaymentStatus};
use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use serde::Deserialize;

pub const SIGNATURE_HEADER: &str = "X-WC-Webhook-Signature";
const TOPIC: &str = "order.created";

/// Every WooCommerce topic the order route follows: what `orderflow shops connect woocommerce`
/// registers there.
pub const ORDER_TOPICS: [&str; 3] = [TOPIC, "order.updated", "order.deleted"];

/// Our field names → WooCommerce's, for error messages.
pub const FIELD_NAMES: &[(&str, &str)] = &[
    ("order_id", "id"),
    ("order_number", "number"),
    ("customer.name", "billing.first_name"),
    ("customer.email", "billing.email"),
    ("customer.phone", "billing.phone"),
    ("shipping.method", "shipping_lines[0].method_title"),
    ("shipping.address.recipient", "shipping.first_name"),
    ("shipping.address.line1", "shipping.address_1"),
    ("shipping.address.postal_code", "shipping.postcode"),
    ("shipping.address.region", "shipping.state"),
    ("shipping.address.", "shipping."),
    ("shipping.address", "shipping"),
    ("payment.method", "payment_method"),
    ("items[*].unit_price", "line_items[*].subtotal"),
    ("items", "line_items"),
    ("totals.total", "total"),
    ("totals.tax", "total_tax"),
    ("totals.shipping", "shipping_total"),
    ("totals.discount", "discount_total"),
];

#[derive(Deserialize)]
struct Order {
    #[serde(default, deserialize_with = "text_or_number")]
    id: Option<String>,
    #[serde(default, deserialize_with = "text_or_number")]
    number: Option<String>,
    /// A marketplace's sub-order (Dokan, WCFM) names the order the customer placed and paid.
    #[serde(default, deserialize_with = "text_or_number")]
    parent_id: Option<String>,
    status: Option<String>,
    currency: Option<String>,
    date_created_gmt: Option<String>,
    date_paid_gmt: Option<String>,
    /// When the order was last saved: a body older than one applied changes nothing.
    date_modified_gmt: Option<String>,
    #[serde(default, deserialize_with = "text_or_number")]
    total: Option<String>,
    #[serde(default, deserialize_with = "text_or_number")]
    total_tax: Option<String>,
    #[serde(default, deserialize_with = "text_or_number")]
    shipping_total: Option<String>,
    #[serde(default, deserialize_with = "text_or_number")]
    discount_total: Option<String>,
    billing: Option<Address>,
    shipping: Option<Address>,
    payment_method: Option<String>,
    #[serde(default)]
    line_items: Vec<LineItem>,
    #[serde(default)]
    shipping_lines: Vec<ShippingLine>,
    #[serde(default)]
    meta_data: Vec<Meta>,
    customer_note: Option<String>,
    #[serde(default)]
    refunds: Vec<Refund>,
    #[serde(default)]
    tax_lines: Vec<TaxLine>,
}

#[derive(Deserialize)]
struct Refund {
    /// Negative, as a decimal string: `"-5.00"`.
    #[serde(default, deserialize_with = "text_or_number")]
    total: Option<String>,
}

/// One parcel in the Shipment Tracking extension's `_wc_shipment_tracking_items`.
#[derive(Deserialize)]
struct TrackingItem {
    tracking_provider: Option<String>,
    custom_tracking_provider: Option<String>,
    custom_tracking_link: Option<String>,
    #[serde(default, deserialize_with = "text_or_number")]
    tracking_number: Option<String>,
    /// Unix seconds, as text.
    #[serde(default, deserialize_with = "text_or_number")]
    date_shipped: Option<String>,
}

#[derive(Deserialize, Default)]
struct Address {
    first_name: Option<String>,
    last_name: Option<String>,
    company: Option<String>,
    address_1: Option<String>,
    address_2: Option<String>,
    city: Option<String>,
    state: Option<String>,
    postcode: Option<String>,
    country: Option<String>,
    email: Option<String>,
    phone: Option<String>,
}

impl Address {
    /// Whether any part of a postal address was filled in (WooCommerce sends every field, empty).
    fn is_filled(&self) -> bool {
        [&self.address_1, &self.city, &self.postcode].into_iter().flatten().any(|a| !a.trim().is_empty())
    }

    /// The address, for `recipient` (the name on it, else the one the order goes by).
    fn draft(&self, recipient: Option<String>) -> AddressDraft {
        AddressDraft {
            recipient: full_name(self.first_name.as_deref(), self.last_name.as_deref()).or(recipient),
            company: self.company.clone(),
            lines: [self.address_1.clone(), self.address_2.clone()].into_iter().flatten().collect(),
            city: self.city.clone(),
            region: self.state.clone(),
            postal_code: self.postcode.clone(),
            country: self.country.clone(),
        }
    }
}

#[derive(Deserialize)]
struct LineItem {
    name: Option<String>,
    quantity: Option<i64>,
    sku: Option<String>,
    /// The line before discounts, a decimal string.
    #[serde(default, deserialize_with = "text_or_number")]
    subtotal: Option<String>,
    /// Unit price after discounts as a JSON number; WooCommerce may send more decimals than the
    /// currency has.
    price: Option<f64>,
    /// The line's tax, after discounts.
    #[serde(default, deserialize_with = "text_or_number")]
    total_tax: Option<String>,
    /// Each tax on the line, by the id of its rate in the order's `tax_lines`.
    #[serde(default)]
    taxes: Vec<LineTax>,
}

#[derive(Deserialize)]
struct LineTax {
    id: Option<u64>,
    #[serde(default, deserialize_with = "text_or_number")]
    total: Option<String>,
}

/// One tax rate the order used.
#[derive(Deserialize)]
struct TaxLine {
    rate_id: Option<u64>,
    rate_percent: Option<f64>,
}

impl LineItem {
    /// The rate of the line's one tax (a line taxed at several rates has none to show).
    fn tax_rate(&self, rates: &[TaxLine]) -> Option<crate::domain::TaxRate> {
        let charged =
            |t: &&LineTax| t.total.as_deref().and_then(|t| t.trim().parse::<f64>().ok()).unwrap_or(0.0) != 0.0;
        let mut taxes = self.taxes.iter().filter(charged);
        let (Some(tax), None) = (taxes.next(), taxes.next()) else { return None };
        let rate = rates.iter().find(|r| r.rate_id.is_some() && r.rate_id == tax.id)?;
        rate.rate_percent.and_then(crate::domain::TaxRate::from_percent)
    }

    /// The unit price before discounts (the order's discount is shown on its own line), rounded to
    /// cents: WooCommerce computes unit prices that may carry more decimals.
    fn unit_price(&self) -> Option<String> {
        let before_discounts =
            match (self.subtotal.as_deref().and_then(|s| s.trim().parse::<f64>().ok()), self.quantity) {
                (Some(subtotal), Some(quantity)) if quantity > 0 => Some(subtotal / quantity as f64),
                _ => None,
            };
        before_discounts.or(self.price).map(|p| format!("{p:.2}"))
    }
}

#[derive(Deserialize)]
struct ShippingLine {
    method_id: Option<String>,
    method_title: Option<String>,
}

#[derive(Deserialize)]
struct Meta {
    key: Option<String>,
    value: Option<serde_json::Value>,
}

pub fn read_order(request: &WebhookRequest<'_>) -> Result<OrderIntake, ProviderError> {
    if is_ping(request.body) {
        return Ok(OrderIntake::Ignored { reason: "webhook setup ping".into() });
    }
    request.check_base64(SIGNATURE_HEADER)?;
    request.require_json()?;
    let event_id = request.header("X-WC-Webhook-Delivery-ID").map(str::to_string);
    let topic = request.header("X-WC-Webhook-Topic").unwrap_or(TOPIC);
    let mut modified_at = None;
    let (order_id, changes) = match topic {
        TOPIC => {
            let order: Order = parse_json(request.body)?;
            return Ok(OrderIntake::Order { draft: Box::new(draft(order)), event_id });
        }
        // The topic header is not signed: an order body changes what its `status` and fields
        // say, whichever topic it came under.
        "order.updated" => {
            let order: Order = parse_json(request.body)?;
            modified_at = gmt(order.date_modified_gmt.as_deref());
            let mut changes = order_changes(&order)?;
            let details = DetailsDraft::of_order(&draft(parse_json(request.body)?));
            changes.push(StorefrontChange::Details(Box::new(details)));
            (order.id, changes)
        }
        // WooCommerce sends a deleted order as its id alone (a trashed one with `status: trash`):
        // a body that describes a live order (a captured `order.created` posted again as
        // `order.deleted`) deletes nothing.
        "order.deleted" => {
            let order: Order = parse_json(request.body)?;
            if order.status.as_deref().is_some_and(|status| status != "trash") {
                let reason = "order.deleted with a body that describes a live order".to_string();
                return Ok(OrderIntake::Ignored { reason });
            }
            (order.id, vec![StorefrontChange::Deleted])
        }
        other => return Ok(OrderIntake::Ignored { reason: format!("topic {other} is not handled on this route") }),
    };
    if changes.is_empty() {
        return Ok(OrderIntake::Ignored { reason: format!("{topic} changes nothing orderflow follows") });
    }
    let event = StorefrontEvent {
        source: OrderSource::Woocommerce,
        event_id: event_id.ok_or_else(|| InvalidField::new("X-WC-Webhook-Delivery-ID", "required"))?,
        order_id: order_id.ok_or_else(|| InvalidField::new("id", "required"))?,
        topic: topic.to_string(),
        modified_at,
        changes,
    };
    Ok(OrderIntake::Event(Box::new(event.bounded()?)))
}

/// What an updated order says: paid (once `date_paid_gmt` is set), refunded in all, shipped (a
/// Shipment Tracking parcel, or `completed`), cancelled, failed. WooCommerce sends `order.updated`
/// on every save: each change is applied only if it moves the order on.
fn order_changes(order: &Order) -> Result<Vec<StorefrontChange>, InvalidField> {
    let status = order.status.as_deref().unwrap_or_default();
    let currency = order.currency.as_deref().and_then(Currency::parse);
    let amount = |text: Option<&str>, field: &str| {
        currency
            .and_then(|c| c.parse_amount(text?.trim().trim_start_matches('-')))
            .ok_or_else(|| InvalidField::new(field, "not an amount in the order's currency"))
    };
    let mut changes = Vec::new();
    match status {
        "cancelled" => changes.push(StorefrontChange::Cancelled {
            cause: CancelCause::Shop,
            reason: Some("cancelled in WooCommerce".into()),
        }),
        "failed" => changes.push(StorefrontChange::PaymentFailed),
        _ => {}
    }
    if order.date_paid_gmt.as_deref().is_some_and(|d| !d.is_empty()) {
        changes.push(StorefrontChange::Paid { paid_minor: amount(order.total.as_deref(), "total")? });
    }
    let mut refunded = 0i64;
    for (i, refund) in order.refunds.iter().enumerate() {
        refunded = refunded.saturating_add(amount(refund.total.as_deref(), &format!("refunds[{i}].total"))?);
    }
    if status == "refunded" {
        refunded = refunded.max(amount(order.total.as_deref(), "total")?);
    }
    if refunded > 0 {
        changes.push(StorefrontChange::Refunded { amount_minor: None, total_minor: Some(refunded) });
    }
    let parcels = order.meta_data.iter().find(|m| m.key.as_deref() == Some("_wc_shipment_tracking_items"));
    let parcels: Vec<TrackingItem> =
        parcels.and_then(|m| serde_json::from_value(m.value.clone()?).ok()).unwrap_or_default();
    match parcels.into_iter().next() {
        Some(parcel) => changes.push(StorefrontChange::Fulfilled(Fulfilment {
            carrier: parcel.custom_tracking_provider.filter(|p| !p.is_empty()).or(parcel.tracking_provider),
            tracking_number: parcel.tracking_number.filter(|n| !n.trim().is_empty()).map(Into::into),
            tracking_url: parcel.custom_tracking_link.filter(|l| !l.is_empty()),
            at: parcel.date_shipped.and_then(|d| d.parse().ok()).and_then(|s| Timestamp::from_second(s).ok()),
            ..Fulfilment::default()
        })),
        // Completed without a tracked parcel: the shop sent or handed it over itself.
        None if status == "completed" => changes.push(StorefrontChange::Fulfilled(Fulfilment::default())),
        None => {}
    }
    Ok(changes)
}

/// WooCommerce's setup ping is the form body `webhook_id=N`, sent unsigned.
fn is_ping(body: &[u8]) -> bool {
    std::str::from_utf8(body)
        .ok()
        .and_then(|b| b.trim().strip_prefix("webhook_id="))
        .is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
}

/// WooCommerce's `*_gmt` fields are UTC civil times without an offset.
fn gmt(value: Option<&str>) -> Option<Timestamp> {
    value?.parse::<DateTime>().ok()?.to_zoned(TimeZone::UTC).ok().map(|z| z.timestamp())
}

fn draft(order: Order) -> OrderDraft {
    let billing = order.billing.unwrap_or_default();
    let shipping = order.shipping.filter(Address::is_filled);
    let line = order.shipping_lines.first();
    let delivery = match line {
        Some(line) if line.method_id.as_deref().is_some_and(|id| id.contains("pickup")) => Delivery::Pickup,
        Some(_) => Delivery::Ship,
        // Virtual and downloadable products have no shipping line.
        None => Delivery::NotNeeded,
    };
    let parent = order.parent_id.as_deref().map(str::trim).filter(|p| !p.is_empty() && *p != "0");
    let method = match order.payment_method.as_deref() {
        Some("cod") => Some(PaymentMethod::CashOnDelivery),
        Some("bacs" | "cheque") => Some(PaymentMethod::Invoice),
        Some(m) if !m.is_empty() => Some(PaymentMethod::Prepaid),
        // A sub-order is paid through its parent (the sub-order names no method of its own).
        _ if parent.is_some() => Some(PaymentMethod::Prepaid),
        _ => None,
    };
    let paid = order.date_paid_gmt.as_deref().is_some_and(|d| !d.is_empty())
        || (method == Some(PaymentMethod::Prepaid)
            && matches!(order.status.as_deref(), Some("processing" | "completed")));
    let locale = order.meta_data.iter().find_map(|m| match (m.key.as_deref(), &m.value) {
        (Some("wpml_language" | "locale"), Some(serde_json::Value::String(tag))) => Some(tag.clone()),
        _ => None,
    });
    let address_source = shipping.as_ref().unwrap_or(&billing);
    let name = shipping
        .as_ref()
        .and_then(|s| full_name(s.first_name.as_deref(), s.last_name.as_deref()))
        .or_else(|| full_name(billing.first_name.as_deref(), billing.last_name.as_deref()));
    OrderDraft {
        id: order.id,
        number: order.number.map(|n| format!("#{n}")),
        placed_at: gmt(order.date_created_gmt.as_deref()),
        customer_name: name.clone(),
        email: billing.email.clone(),
        phone: billing.phone.clone().or_else(|| shipping.as_ref().and_then(|s| s.phone.clone())),
        preferred_channel: None,
        locale,
        shipping_method: line.and_then(|l| l.method_title.clone()),
        delivery,
        address: address_source.is_filled().then(|| address_source.draft(name.clone())),
        // Only when it is not the address the goods go to (then that one is both).
        billing_address: (shipping.is_some() && billing.is_filled()).then(|| billing.draft(name)),
        payment_method: method,
        payment_status: Some(if paid { PaymentStatus::Paid } else { PaymentStatus::Unpaid }),
        currency: order.currency,
        presentment_currency: None,
        presentment_total: None,
        items: order
            .line_items
            .into_iter()
            .map(|item| ItemDraft {
                unit_price: item.unit_price(),
                tax_rate: item.tax_rate(&order.tax_lines),
                taxes: item.total_tax.into_iter().collect(),
                sku: item.sku,
                name: item.name,
                quantity: item.quantity,
            })
            .collect(),
        subtotal: None,
        shipping_price: order.shipping_total,
        tax: order.total_tax,
        total: order.total,
        discount: order.discount_total,
        // The unit prices are the lines' subtotals, which WooCommerce gives without tax.
        prices_include_tax: false,
        // A sub-order says which order the customer placed, for staff and the packing slip.
        note: match (parent, order.customer_note.clone().filter(|n| !n.trim().is_empty())) {
            (Some(parent), Some(note)) => Some(format!("{note}\n(Part of order #{parent})")),
            (Some(parent), None) => Some(format!("(Part of order #{parent})")),
            (None, note) => note,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_setup_ping_is_a_ping() {
        assert!(is_ping(b"webhook_id=12"));
        assert!(!is_ping(b"webhook_id="));
        assert!(!is_ping(b"webhook_id=12&x=1"));
        assert!(!is_ping(br#"{"id":12}"#));
    }

    /// A marketplace sub-order paid through its parent, with no payment method of its own, is not
    /// held for one; it says which order it is part of.
    #[test]
    fn a_sub_order_is_paid_through_its_parent() {
        let body = br#"{"id": 4712, "number": "4712", "parent_id": 4711, "status": "processing",
            "payment_method": "", "date_paid_gmt": "2026-11-23T10:05:00", "currency": "EUR", "total": "10.00",
            "line_items": [{"name": "Mug", "quantity": 1, "subtotal": "10.00"}]}"#;
        let draft = draft(parse_json(body).unwrap());
        assert_eq!(draft.payment_method, Some(PaymentMethod::Prepaid));
        assert_eq!(draft.payment_status, Some(PaymentStatus::Paid));
        assert_eq!(draft.note.as_deref(), Some("(Part of order #4711)"));
        let alone = br#"{"id": 4713, "parent_id": 0, "payment_method": "", "line_items": []}"#;
        let alone = super::draft(parse_json(alone).unwrap());
        assert_eq!((alone.payment_method, alone.note), (None, None));
    }

    #[test]
    fn gmt_times_are_utc() {
        assert_eq!(gmt(Some("2026-11-23T10:02:10")).unwrap().to_string(), "2026-11-23T10:02:10Z");
        assert_eq!(gmt(Some("yesterday")), None);
    }

    /// Each topic `shops connect` registers is one the route reads, and one it does not is refused
    /// as such.
    #[test]
    fn every_registered_topic_is_followed() {
        let body = br#"{"id": 4711, "number": "4711", "status": "trash", "currency": "EUR", "total": "10.00",
            "line_items": [{"name": "Mug", "quantity": 1, "subtotal": "10.00"}]}"#;
        let now = jiff::Timestamp::UNIX_EPOCH;
        for topic in ORDER_TOPICS.into_iter().chain(["coupon.created"]) {
            let (name, signature) = crate::providers::sign_order(OrderSource::Woocommerce, "s", body, now);
            let mut headers = http::HeaderMap::new();
            headers.insert(name, signature.parse().unwrap());
            headers.insert("x-wc-webhook-topic", topic.parse().unwrap());
            headers.insert("x-wc-webhook-delivery-id", "d1".parse().unwrap());
            headers.insert("content-type", "application/json".parse().unwrap());
            let request = WebhookRequest {
                headers: &headers,
                query: None,
                body,
                secret: Some("s"),
                url_token: None,
                order_keys: &[],
                now,
            };
            let read = read_order(&request);
            let unfollowed = matches!(&read, Ok(OrderIntake::Ignored { reason }) if reason.contains("not handled"));
            assert_eq!(unfollowed, topic == "coupon.created", "{topic}: {:?}", read.as_ref().err());
        }
    }
}
