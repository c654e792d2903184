//! Shopify webhooks. On the order route: `orders/create` (the REST Admin API order payload) and the
//! order's life in Shopify's admin: `orders/paid`, `orders/cancelled`, `orders/updated`,
//! `fulfillments/create`, `fulfillments/update`, `refunds/create`. On the carrier route:
//! `fulfillment_events/create`.

use super::{
    OrderIntake, ProviderError, TrackingIntake, WebhookRequest, carrier_time, full_name, parse_json, text_or_number,
};
use crate::domain::Delivery;
use crate::domain::InvalidField;
use crate::domain::intake::{AddressDraft, ItemDraft};
use crate::domain::{CancelCause, Currency, DetailsDraft, Fulfilment, StorefrontChange, StorefrontEvent};
use crate::domain::{CarrierProvider, OrderSource, TrackingEvent, carrier_status};
use crate::domain::{OrderDraft, PaymentMethod, PaymentStatus};
use jiff::Timestamp;
use serde::Deserialize;

pub const SIGNATURE_HEADER: &str = "X-Shopify-Hmac-Sha256";
const TOPIC: &str = "orders/create";

/// Every Shopify topic the order route follows (what `orderflow shops connect shopify` registers
/// there); the carrier route follows [`TRACKING_TOPIC`].
pub const ORDER_TOPICS: [&str; 9] = [
    TOPIC,
    "orders/paid",
    "orders/cancelled",
    "orders/updated",
    "orders/fulfilled",
    "orders/partially_fulfilled",
    "fulfillments/create",
    "fulfillments/update",
    "refunds/create",
];
pub const TRACKING_TOPIC: &str = "fulfillment_events/create";

/// Our field names → Shopify's, for error messages.
pub const FIELD_NAMES: &[(&str, &str)] = &[
    ("order_id", "id"),
    ("order_number", "name"),
    ("customer.name", "shipping_address.name"),
    ("customer.email", "email"),
    ("customer.phone", "phone"),
    ("shipping.method", "shipping_lines[0].title"),
    ("shipping.address.recipient", "shipping_address.name"),
    ("shipping.address.line1", "shipping_address.address1"),
    ("shipping.address.postal_code", "shipping_address.zip"),
    ("shipping.address.region", "shipping_address.province"),
    ("shipping.address.country", "shipping_address.country_code"),
    ("shipping.address.", "shipping_address."),
    ("shipping.address", "shipping_address"),
    ("payment.method", "payment_gateway_names"),
    ("items[*].unit_price", "line_items[*].price"),
    ("items", "line_items"),
    ("totals.total", "total_price"),
    ("totals.subtotal", "subtotal_price"),
    ("totals.tax", "total_tax"),
    ("totals.shipping", "total_shipping_price_set"),
    ("totals.discount", "total_discounts"),
];

#[derive(Deserialize)]
struct Order {
    #[serde(default, deserialize_with = "text_or_number")]
    id: Option<String>,
    name: Option<String>,
    created_at: Option<Timestamp>,
    email: Option<String>,
    contact_email: Option<String>,
    phone: Option<String>,
    customer: Option<Customer>,
    customer_locale: Option<String>,
    currency: Option<String>,
    #[serde(default, deserialize_with = "text_or_number")]
    subtotal_price: Option<String>,
    #[serde(default, deserialize_with = "text_or_number")]
    total_tax: Option<String>,
    #[serde(default, deserialize_with = "text_or_number")]
    total_price: Option<String>,
    /// The total in the shop's currency and in the customer's.
    total_price_set: Option<PriceSet>,
    total_shipping_price_set: Option<PriceSet>,
    shipping_address: Option<Address>,
    billing_address: Option<Address>,
    #[serde(default)]
    line_items: Vec<LineItem>,
    #[serde(default)]
    shipping_lines: Vec<ShippingLine>,
    financial_status: Option<String>,
    #[serde(default)]
    payment_gateway_names: Vec<String>,
    /// `web`, `pos`, `shopify_draft_order`, an app's id…
    source_name: Option<String>,
    #[serde(default, deserialize_with = "text_or_number")]
    total_discounts: Option<String>,
    note: Option<String>,
    /// Whether the prices include tax (as in most of Europe).
    taxes_included: Option<bool>,
    /// What is still to pay (`orders/paid`, `orders/updated`).
    #[serde(default, deserialize_with = "text_or_number")]
    total_outstanding: Option<String>,
    cancelled_at: Option<String>,
    /// When the order was last modified: a body older than one applied changes nothing.
    updated_at: Option<String>,
    /// `customer`, `inventory`, `fraud`, `declined`, `staff`, `other`.
    cancel_reason: Option<String>,
    #[serde(default)]
    fulfillments: Vec<Fulfillment>,
    #[serde(default)]
    refunds: Vec<Refund>,
}

#[derive(Clone, Deserialize)]
struct Fulfillment {
    #[serde(default, deserialize_with = "text_or_number")]
    order_id: Option<String>,
    /// `pending`, `open`, `success`, `cancelled`, `error`, `failure`.
    status: Option<String>,
    tracking_company: Option<String>,
    tracking_number: Option<String>,
    #[serde(default)]
    tracking_numbers: Vec<String>,
    tracking_url: Option<String>,
    #[serde(default)]
    tracking_urls: Vec<String>,
    /// Where the parcel is, as Shopify follows it (the carrier-status table's Shopify rows).
    shipment_status: Option<String>,
    updated_at: Option<Timestamp>,
}

impl Fulfillment {
    fn is_live(&self) -> bool {
        !matches!(self.status.as_deref(), Some("cancelled" | "error" | "failure"))
    }

    fn fulfilment(self) -> Fulfilment {
        let raw_status = self.shipment_status.filter(|s| !s.is_empty());
        Fulfilment {
            carrier: self.tracking_company.filter(|c| !c.trim().is_empty()),
            tracking_number: self
                .tracking_number
                .or(self.tracking_numbers.into_iter().next())
                .filter(|n| !n.trim().is_empty())
                .map(Into::into),
            tracking_url: self.tracking_url.or(self.tracking_urls.into_iter().next()).filter(|u| !u.trim().is_empty()),
            status: raw_status.as_deref().map(|raw| carrier_status(CarrierProvider::Shopify, raw)),
            raw_status,
            at: self.updated_at,
        }
    }
}

#[derive(Deserialize)]
struct Refund {
    #[serde(default, deserialize_with = "text_or_number")]
    id: Option<String>,
    #[serde(default, deserialize_with = "text_or_number")]
    order_id: Option<String>,
    #[serde(default)]
    transactions: Vec<Transaction>,
}

#[derive(Deserialize)]
struct Transaction {
    kind: Option<String>,
    status: Option<String>,
    #[serde(default, deserialize_with = "text_or_number")]
    amount: Option<String>,
    currency: Option<String>,
}

impl Refund {
    /// What this refund gave back: its successful refund transactions.
    fn amount(&self, currency: Option<&str>) -> Result<i64, InvalidField> {
        let mut total = 0i64;
        for (i, t) in self.transactions.iter().enumerate() {
            if t.kind.as_deref() != Some("refund") || t.status.as_deref().is_some_and(|s| s != "success") {
                continue;
            }
            let field = format!("transactions[{i}].amount");
            let code = t.currency.as_deref().or(currency).unwrap_or_default();
            total = total.saturating_add(money(code, t.amount.as_deref(), &field)?);
        }
        Ok(total)
    }
}

/// An amount in `currency`'s minor units, or a 400 naming `field`.
fn money(currency: &str, amount: Option<&str>, field: &str) -> Result<i64, InvalidField> {
    let currency = Currency::parse(currency).ok_or_else(|| InvalidField::new("currency", "not a known currency"))?;
    amount
        .and_then(|a| currency.parse_amount(a))
        .ok_or_else(|| InvalidField::new(field, "not an amount in the order's currency"))
}

#[derive(Deserialize)]
struct Customer {
    first_name: Option<String>,
    last_name: Option<String>,
    email: Option<String>,
    phone: Option<String>,
}

#[derive(Deserialize)]
struct PriceSet {
    shop_money: Amount,
    /// In the currency the customer saw and paid in.
    presentment_money: Option<Amount>,
}

#[derive(Deserialize)]
struct Amount {
    #[serde(default, deserialize_with = "text_or_number")]
    amount: Option<String>,
    currency_code: Option<String>,
}

#[derive(Deserialize)]
struct Address {
    name: Option<String>,
    first_name: Option<String>,
    last_name: Option<String>,
    address1: Option<String>,
    address2: Option<String>,
    city: Option<String>,
    province: Option<String>,
    zip: Option<String>,
    country_code: Option<String>,
    phone: Option<String>,
    company: Option<String>,
}

impl Address {
    fn name(&self) -> Option<String> {
        self.name
            .clone()
            .filter(|n| !n.trim().is_empty())
            .or_else(|| full_name(self.first_name.as_deref(), self.last_name.as_deref()))
    }

    fn draft(self) -> AddressDraft {
        AddressDraft {
            recipient: self.name(),
            company: self.company,
            lines: [self.address1, self.address2].into_iter().flatten().collect(),
            city: self.city,
            region: self.province,
            postal_code: self.zip,
            country: self.country_code,
        }
    }
}

#[derive(Deserialize)]
struct LineItem {
    title: Option<String>,
    name: Option<String>,
    quantity: Option<i64>,
    #[serde(default, deserialize_with = "text_or_number")]
    price: Option<String>,
    sku: Option<String>,
    /// Absent in old payloads: taken as physical goods.
    requires_shipping: Option<bool>,
    #[serde(default)]
    tax_lines: Vec<TaxLine>,
}

/// One tax on a line (VAT; or GST and PST, both).
#[derive(Deserialize)]
struct TaxLine {
    #[serde(default, deserialize_with = "text_or_number")]
    price: Option<String>,
    /// A fraction: `0.2`.
    rate: Option<f64>,
}

#[derive(Deserialize)]
struct ShippingLine {
    title: Option<String>,
    code: Option<String>,
    source: Option<String>,
    #[serde(default, deserialize_with = "text_or_number")]
    price: Option<String>,
}

impl ShippingLine {
    /// Shopify's local pickup lines say "pickup" in their code, title or source.
    fn is_pickup(&self) -> bool {
        [&self.code, &self.title, &self.source]
            .into_iter()
            .flatten()
            .any(|s| s.to_ascii_lowercase().replace(['-', '_', ' '], "").contains("pickup"))
    }

    fn is_free(&self) -> bool {
        self.price.as_deref().is_some_and(|p| p.trim().parse::<f64>().is_ok_and(|p| p == 0.0))
    }
}

pub fn read_order(request: &WebhookRequest<'_>) -> Result<OrderIntake, ProviderError> {
    request.check_base64(SIGNATURE_HEADER)?;
    request.require_json()?;
    let mut event_id =
        request.header("X-Shopify-Webhook-Id").or(request.header("X-Shopify-Event-Id")).map(str::to_string);
    let topic = request.header("X-Shopify-Topic").unwrap_or(TOPIC);
    if topic == TOPIC {
        let order: Order = parse_json(request.body)?;
        return Ok(OrderIntake::Order { draft: Box::new(draft(order)), event_id });
    }
    let mut modified_at = None;
    let (order_id, changes) = match topic {
        // The topic header is not signed: what changes is what the signed body says, whichever
        // of these topics it came under (a captured `orders/create` body posted again as
        // `orders/cancelled` says `cancelled_at: null`, and cancels nothing).
        "orders/paid" | "orders/cancelled" | "orders/updated" | "orders/fulfilled" | "orders/partially_fulfilled" => {
            let order: Order = parse_json(request.body)?;
            modified_at = order.updated_at.as_deref().and_then(|at| at.parse().ok());
            let mut changes = order_changes(&order)?;
            let details = DetailsDraft::of_order(&draft(parse_json(request.body)?));
            if !changes.is_empty() || topic == "orders/updated" {
                changes.push(StorefrontChange::Details(Box::new(details)));
            }
            (order.id, changes)
        }
        "fulfillments/create" | "fulfillments/update" => {
            let fulfillment: Fulfillment = parse_json(request.body)?;
            if !fulfillment.is_live() {
                return Ok(OrderIntake::Ignored { reason: "a cancelled or failed fulfillment".into() });
            }
            (fulfillment.order_id.clone(), vec![StorefrontChange::Fulfilled(fulfillment.fulfilment())])
        }
        "refunds/create" => {
            let refund: Refund = parse_json(request.body)?;
            let amount = refund.amount(None)?;
            // Counted once by the refund's own id, which the body signs (the delivery id is a
            // header anyone can change): the same refund posted again adds nothing.
            if let Some(id) = &refund.id {
                event_id = Some(format!("refund-{id}"));
            }
            (refund.order_id, vec![StorefrontChange::Refunded { amount_minor: Some(amount), total_minor: None }])
        }
        other => return Ok(OrderIntake::Ignored { reason: format!("topic {other} is not handled on this route") }),
    };
    if changes.is_empty() {
        return Ok(OrderIntake::Ignored { reason: format!("{topic} changes nothing orderflow follows") });
    }
    let event = StorefrontEvent {
        source: OrderSource::Shopify,
        event_id: event_id.ok_or_else(|| InvalidField::new("X-Shopify-Webhook-Id", "required"))?,
        order_id: order_id.ok_or_else(|| InvalidField::new("order_id", "required"))?,
        topic: topic.to_string(),
        modified_at,
        changes,
    };
    Ok(OrderIntake::Event(Box::new(event.bounded()?)))
}

/// What an order payload (`orders/paid`, `orders/cancelled`, `orders/updated`) says changed: paid so
/// far, cancelled, refunded in all, fulfilled. Each is applied only if it moves the order on.
fn order_changes(order: &Order) -> Result<Vec<StorefrontChange>, InvalidField> {
    let currency = order.currency.as_deref().unwrap_or_default();
    let mut changes = Vec::new();
    if order.cancelled_at.as_deref().is_some_and(|at| !at.trim().is_empty()) {
        let reason = order.cancel_reason.clone();
        let cause = match reason.as_deref() {
            Some("customer") => CancelCause::Customer,
            Some("inventory") => CancelCause::OutOfStock,
            Some("fraud") => CancelCause::Fraud,
            _ => CancelCause::Shop,
        };
        changes.push(StorefrontChange::Cancelled { cause, reason: reason.map(|r| format!("cancel_reason: {r}")) });
    }
    let paid_states = ["paid", "partially_paid", "partially_refunded", "refunded"];
    if order.financial_status.as_deref().is_some_and(|s| paid_states.contains(&s)) {
        let total = money(currency, order.total_price.as_deref(), "total_price")?;
        let outstanding = match order.total_outstanding.as_deref() {
            Some(text) => money(currency, Some(text), "total_outstanding")?,
            None => 0,
        };
        changes.push(StorefrontChange::Paid { paid_minor: (total - outstanding).max(0) });
    }
    let mut refunded = 0i64;
    for refund in &order.refunds {
        refunded = refunded.saturating_add(refund.amount(Some(currency))?);
    }
    if refunded > 0 {
        changes.push(StorefrontChange::Refunded { amount_minor: None, total_minor: Some(refunded) });
    }
    let live = order.fulfillments.iter().filter(|f| f.is_live());
    changes.extend(live.map(|f| StorefrontChange::Fulfilled(f.clone().fulfilment())));
    Ok(changes)
}

#[derive(Deserialize)]
struct FulfillmentEvent {
    #[serde(default, deserialize_with = "text_or_number")]
    id: Option<String>,
    #[serde(default, deserialize_with = "text_or_number")]
    order_id: Option<String>,
    status: String,
    message: Option<String>,
    happened_at: Option<String>,
    city: Option<String>,
    estimated_delivery_at: Option<String>,
}

pub fn read_tracking(request: &WebhookRequest<'_>) -> Result<TrackingIntake, ProviderError> {
    request.check_base64(SIGNATURE_HEADER)?;
    request.require_json()?;
    if let Some(topic) = request.header("X-Shopify-Topic").filter(|t| *t != TRACKING_TOPIC) {
        return Ok(TrackingIntake::Ignored { reason: format!("topic {topic} is not handled on this route") });
    }
    let event: FulfillmentEvent = parse_json(request.body)?;
    let event_id = event.id.ok_or_else(|| InvalidField::new("id", "required"))?;
    Ok(TrackingIntake::Tracking(Box::new(TrackingEvent {
        provider: CarrierProvider::Shopify,
        event_id,
        order_id: event.order_id,
        tracking_number: None,
        status: carrier_status(CarrierProvider::Shopify, &event.status),
        raw_status: event.message.unwrap_or(event.status),
        occurred_at: carrier_time(event.happened_at.as_deref()).unwrap_or(request.now),
        estimated_delivery: carrier_time(event.estimated_delivery_at.as_deref()),
        location: event.city,
    })))
}

fn draft(mut order: Order) -> OrderDraft {
    let customer = order.customer.as_ref();
    let shipping_line = order.shipping_lines.first();
    let delivery = match shipping_line {
        Some(line) if line.is_pickup() => Delivery::Pickup,
        // Shopify's local pickup names the location, not "pickup": a free line and no address.
        Some(line) if order.shipping_address.is_none() && line.is_free() => Delivery::Pickup,
        Some(_) => Delivery::Ship,
        // Digital goods and gift cards need no delivery; nor does a sale handed over at the till.
        None if order.line_items.iter().all(|i| i.requires_shipping == Some(false)) => Delivery::NotNeeded,
        None if order.source_name.as_deref() == Some("pos") => Delivery::NotNeeded,
        None => Delivery::Ship,
    };
    let cash_on_delivery = order.payment_gateway_names.iter().any(|g| {
        let g = g.to_ascii_lowercase();
        g.contains("cash on delivery") || g.contains("(cod)") || g == "cod"
    });
    let (payment_method, payment_status) = payment(order.financial_status.as_deref(), cash_on_delivery);
    let name = order
        .shipping_address
        .as_ref()
        .and_then(Address::name)
        .or_else(|| customer.and_then(|c| full_name(c.first_name.as_deref(), c.last_name.as_deref())))
        .or_else(|| order.billing_address.as_ref().and_then(Address::name));
    let email = [order.email.clone(), order.contact_email.clone(), customer.and_then(|c| c.email.clone())]
        .into_iter()
        .flatten()
        .find(|e| !e.trim().is_empty());
    let phone = [
        order.phone.clone(),
        customer.and_then(|c| c.phone.clone()),
        order.shipping_address.as_ref().and_then(|a| a.phone.clone()),
        order.billing_address.as_ref().and_then(|a| a.phone.clone()),
    ]
    .into_iter()
    .flatten()
    .find(|p| !p.trim().is_empty());
    let presented = order.total_price_set.take().and_then(|set| set.presentment_money);
    OrderDraft {
        id: order.id,
        number: order.name,
        placed_at: order.created_at,
        customer_name: name,
        email,
        phone,
        preferred_channel: None,
        locale: order.customer_locale,
        shipping_method: shipping_line.and_then(|l| l.title.clone()),
        delivery,
        address: order.shipping_address.map(Address::draft),
        billing_address: order.billing_address.map(Address::draft),
        payment_method: Some(payment_method),
        payment_status: Some(payment_status),
        currency: order.currency,
        presentment_currency: presented.as_ref().and_then(|p| p.currency_code.clone()),
        presentment_total: presented.and_then(|p| p.amount),
        items: order
            .line_items
            .into_iter()
            .map(|item| ItemDraft {
                // Taxes that apply together (GST and PST) add up, amounts and rates.
                tax_rate: (!item.tax_lines.is_empty())
                    .then(|| item.tax_lines.iter().filter_map(|t| t.rate).sum())
                    .and_then(crate::domain::TaxRate::from_fraction),
                taxes: item.tax_lines.into_iter().filter_map(|t| t.price).collect(),
                sku: item.sku,
                name: item.name.or(item.title),
                quantity: item.quantity,
                unit_price: item.price,
            })
            .collect(),
        subtotal: order.subtotal_price,
        shipping_price: order.total_shipping_price_set.and_then(|s| s.shop_money.amount),
        tax: order.total_tax,
        total: order.total_price,
        discount: order.total_discounts,
        prices_include_tax: order.taxes_included.unwrap_or(false),
        note: order.note,
    }
}

/// Shopify's `financial_status` and gateway → our payment method and status. A pending order that is
/// not cash on delivery was placed with a manual method (bank deposit, money order): an invoice.
fn payment(financial_status: Option<&str>, cash_on_delivery: bool) -> (PaymentMethod, PaymentStatus) {
    let status = match financial_status.unwrap_or("pending") {
        "paid" => PaymentStatus::Paid,
        "authorized" => PaymentStatus::Authorized,
        "partially_paid" => PaymentStatus::PartiallyPaid,
        "refunded" => PaymentStatus::Refunded,
        "partially_refunded" => PaymentStatus::PartiallyRefunded,
        _ => PaymentStatus::Unpaid,
    };
    let method = match (cash_on_delivery, status) {
        (true, _) => PaymentMethod::CashOnDelivery,
        (false, PaymentStatus::Unpaid) => PaymentMethod::Invoice,
        (false, _) => PaymentMethod::Prepaid,
    };
    (method, status)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> String {
        let event: serde_json::Value = serde_json::from_slice(
            &std::fs::read(crate::local::repo_root().join("events/order-placed/shopify-orders-create.json")).unwrap(),
        )
        .unwrap();
        event["body"].as_str().unwrap().to_string()
    }

    #[test]
    fn the_sample_maps_onto_a_draft() {
        let order: Order = parse_json(sample().as_bytes()).unwrap();
        let draft = draft(order);
        assert_eq!(draft.id.as_deref(), Some("5923712008421457921"));
        assert_eq!(draft.customer_name.as_deref(), Some("Ada Lovelace"));
        assert_eq!(draft.shipping_price.as_deref(), Some("4.90"));
        assert_eq!(draft.delivery, Delivery::Ship);
        assert_eq!(draft.items[0].name.as_deref(), Some("Analytical Engine Notebook - A5 / Dotted"));
        assert_eq!(
            (draft.items[0].taxes.as_slice(), draft.items[0].tax_rate, draft.prices_include_tax),
            (["8.30".to_string()].as_slice(), crate::domain::TaxRate::from_percent(20.0), true)
        );
        assert_eq!(
            (draft.payment_method, draft.payment_status),
            (Some(PaymentMethod::Prepaid), Some(PaymentStatus::Paid))
        );
    }

    #[test]
    fn payment_modes_follow_status_and_gateway() {
        assert_eq!(payment(Some("pending"), true), (PaymentMethod::CashOnDelivery, PaymentStatus::Unpaid));
        assert_eq!(payment(Some("pending"), false), (PaymentMethod::Invoice, PaymentStatus::Unpaid));
        assert_eq!(payment(Some("authorized"), false), (PaymentMethod::Prepaid, PaymentStatus::Authorized));
    }

    /// Each topic `shops connect` registers is one the route reads (a body of another kind is
    /// refused as such, never ignored as a topic the route does not follow).
    #[test]
    fn every_registered_topic_is_followed() {
        let body = sample();
        let now = jiff::Timestamp::UNIX_EPOCH;
        for topic in ORDER_TOPICS.into_iter().chain(["orders/deleted"]) {
            let (name, signature) = crate::providers::sign_order(OrderSource::Shopify, "s", body.as_bytes(), now);
            let mut headers = http::HeaderMap::new();
            headers.insert(name, signature.parse().unwrap());
            headers.insert("x-shopify-topic", topic.parse().unwrap());
            headers.insert("x-shopify-webhook-id", "w1".parse().unwrap());
            let request = WebhookRequest {
                headers: &headers,
                query: None,
                body: body.as_bytes(),
                secret: Some("s"),
                url_token: None,
                order_keys: &[],
                now,
            };
            let unfollowed =
                matches!(read_order(&request), Ok(OrderIntake::Ignored { reason }) if reason.contains("not handled"));
            assert_eq!(unfollowed, topic == "orders/deleted", "{topic}");
        }
    }

    #[test]
    fn local_pickup_lines_are_recognised() {
        let line =
            |code: &str| ShippingLine { title: Some("x".into()), code: Some(code.into()), source: None, price: None };
        assert!(line("Local Pickup").is_pickup());
        assert!(line("local_pickup").is_pickup());
        assert!(!line("Standard").is_pickup());
    }
}
