//! The generic JSON for sources without a built-in integration: orders
//! (`events/schemas/generic-order.schema.json`) and payments (`generic-payment.schema.json`), signed
//! with `X-Orderflow-Signature`.

use super::{OrderIntake, PaymentIntake, ProviderError, TrackingIntake, WebhookRequest, parse_json, text_or_number};
use crate::domain::Delivery;
use crate::domain::intake::{AddressDraft, ItemDraft};
use crate::domain::{CarrierProvider, CarrierStatus, TrackingEvent, carrier_status};
use crate::domain::{Channel, DetailsDraft, OrderDraft, PaymentMethod, PaymentStatus};
use crate::domain::{Currency, InvalidField, PaymentChange, PaymentEvent, PaymentProvider, TaxRate};
use jiff::Timestamp;
use serde::Deserialize;

pub const SIGNATURE_HEADER: &str = "X-Orderflow-Signature";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Order {
    event_id: Option<String>,
    #[serde(default, deserialize_with = "text_or_number")]
    order_id: Option<String>,
    order_number: Option<String>,
    placed_at: Option<Timestamp>,
    locale: Option<String>,
    #[serde(default)]
    customer: Customer,
    #[serde(default)]
    shipping: Shipping,
    #[serde(default)]
    payment: Payment,
    currency: Option<String>,
    #[serde(default)]
    items: Vec<Item>,
    #[serde(default)]
    totals: Totals,
    /// The customer's note to the shop.
    note: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Customer {
    name: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    preferred_channel: Option<Channel>,
    /// Who pays, when not the shipping address: printed on the invoice.
    billing_address: Option<Address>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Shipping {
    method: Option<String>,
    #[serde(rename = "type", default)]
    delivery: Option<Delivery>,
    address: Option<Address>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Address {
    recipient: Option<String>,
    company: Option<String>,
    line1: Option<String>,
    line2: Option<String>,
    city: Option<String>,
    region: Option<String>,
    postal_code: Option<String>,
    country: Option<String>,
}

impl From<Address> for AddressDraft {
    fn from(a: Address) -> Self {
        AddressDraft {
            recipient: a.recipient,
            company: a.company,
            lines: [a.line1, a.line2].into_iter().flatten().collect(),
            city: a.city,
            region: a.region,
            postal_code: a.postal_code,
            country: a.country,
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Payment {
    method: Option<PaymentMethod>,
    status: Option<PaymentStatus>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Item {
    sku: Option<String>,
    name: Option<String>,
    quantity: Option<i64>,
    unit_price: Option<String>,
    /// The tax on the whole line.
    tax: Option<String>,
    /// In percent: `20`, `7.5`.
    tax_rate: Option<f64>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct Totals {
    subtotal: Option<String>,
    discount: Option<String>,
    shipping: Option<String>,
    tax: Option<String>,
    total: Option<String>,
    prices_include_tax: Option<bool>,
}

fn verify(request: &WebhookRequest<'_>) -> Result<(), ProviderError> {
    request.check_timestamped(SIGNATURE_HEADER)?;
    request.require_json()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PaymentBody {
    event_id: String,
    #[serde(default, deserialize_with = "text_or_number")]
    order_id: Option<String>,
    #[serde(rename = "type")]
    kind: PaymentKind,
    amount: Option<String>,
    currency: Option<String>,
    reference: Option<String>,
    reason: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum PaymentKind {
    Captured,
    Failed,
    Refunded,
}

pub fn read_payment(request: &WebhookRequest<'_>) -> Result<PaymentIntake, ProviderError> {
    verify(request)?;
    let payment: PaymentBody = parse_json(request.body)?;
    let order_id =
        payment.order_id.filter(|id| !id.is_empty()).ok_or_else(|| InvalidField::new("order_id", "required"))?;
    let money = || -> Result<(i64, String), InvalidField> {
        let code = payment.currency.clone().ok_or_else(|| InvalidField::new("currency", "required"))?;
        let currency =
            Currency::parse(&code).ok_or_else(|| InvalidField::new("currency", "not an ISO 4217 currency code"))?;
        let amount = payment.amount.as_deref().ok_or_else(|| InvalidField::new("amount", "required"))?;
        let minor = currency.parse_amount(amount).ok_or_else(|| InvalidField::new("amount", "not an amount"))?;
        Ok((minor, code))
    };
    let change = match payment.kind {
        PaymentKind::Captured => {
            let (amount_minor, currency) = money()?;
            PaymentChange::Captured { amount_minor, currency }
        }
        PaymentKind::Failed => PaymentChange::Failed { reason: payment.reason.clone() },
        PaymentKind::Refunded => {
            let (amount_minor, currency) = money()?;
            PaymentChange::Refunded { amount_minor: Some(amount_minor), total_refunded_minor: None, currency }
        }
    };
    Ok(PaymentIntake::Payment(PaymentEvent {
        provider: PaymentProvider::Generic,
        event_id: payment.event_id,
        order_id,
        reference: payment.reference,
        change,
    }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Tracking {
    event_id: String,
    #[serde(default, deserialize_with = "text_or_number")]
    order_id: Option<String>,
    tracking_number: Option<String>,
    status: String,
    occurred_at: Timestamp,
    estimated_delivery: Option<Timestamp>,
    location: Option<String>,
}

pub fn read_tracking(request: &WebhookRequest<'_>) -> Result<TrackingIntake, ProviderError> {
    verify(request)?;
    let tracking: Tracking = parse_json(request.body)?;
    let status = carrier_status(CarrierProvider::Generic, &tracking.status);
    if status == CarrierStatus::Unknown {
        return Err(InvalidField::new("status", "not a status of the generic tracking schema").into());
    }
    if tracking.order_id.is_none() && tracking.tracking_number.is_none() {
        return Err(InvalidField::new("tracking_number", "an order_id or a tracking_number is required").into());
    }
    Ok(TrackingIntake::Tracking(Box::new(TrackingEvent {
        provider: CarrierProvider::Generic,
        event_id: tracking.event_id,
        order_id: tracking.order_id,
        tracking_number: tracking.tracking_number.map(Into::into),
        status,
        raw_status: tracking.status,
        occurred_at: tracking.occurred_at,
        estimated_delivery: tracking.estimated_delivery,
        location: tracking.location,
    })))
}

/// Staff's corrections to an order (`POST /admin/orders/{id}/update`): the generic order's
/// `customer`, `shipping` and `payment` objects, every field optional.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Details {
    customer: Option<Customer>,
    shipping: Option<Shipping>,
    payment: Option<Payment>,
}

pub fn read_details(body: &[u8]) -> Result<DetailsDraft, InvalidField> {
    let details: Details = parse_json(body)?;
    let customer = details.customer.unwrap_or_default();
    let shipping = details.shipping.unwrap_or_default();
    Ok(DetailsDraft {
        name: customer.name,
        email: customer.email,
        phone: customer.phone,
        preferred_channel: customer.preferred_channel,
        shipping_method: shipping.method,
        delivery: shipping.delivery,
        address: shipping.address.map(AddressDraft::from),
        billing_address: customer.billing_address.map(AddressDraft::from),
        payment_method: details.payment.and_then(|p| p.method),
    })
}

pub fn read_order(request: &WebhookRequest<'_>) -> Result<OrderIntake, ProviderError> {
    verify(request)?;
    let order: Order = parse_json(request.body)?;
    let event_id = order.event_id.clone().or_else(|| request.header("X-Orderflow-Event-Id").map(str::to_string));
    Ok(OrderIntake::Order { draft: Box::new(draft(order)), event_id })
}

fn draft(order: Order) -> OrderDraft {
    OrderDraft {
        id: order.order_id,
        number: order.order_number,
        placed_at: order.placed_at,
        customer_name: order.customer.name,
        email: order.customer.email,
        phone: order.customer.phone,
        preferred_channel: order.customer.preferred_channel,
        locale: order.locale,
        shipping_method: order.shipping.method,
        delivery: order.shipping.delivery.unwrap_or(Delivery::Ship),
        address: order.shipping.address.map(AddressDraft::from),
        billing_address: order.customer.billing_address.map(AddressDraft::from),
        payment_method: order.payment.method,
        payment_status: order.payment.status,
        currency: order.currency,
        presentment_currency: None,
        presentment_total: None,
        items: order
            .items
            .into_iter()
            .map(|i| ItemDraft {
                sku: i.sku,
                name: i.name,
                quantity: i.quantity,
                unit_price: i.unit_price,
                taxes: i.tax.into_iter().collect(),
                tax_rate: i.tax_rate.and_then(TaxRate::from_percent),
            })
            .collect(),
        subtotal: order.totals.subtotal,
        shipping_price: order.totals.shipping,
        tax: order.totals.tax,
        total: order.totals.total,
        discount: order.totals.discount,
        prices_include_tax: order.totals.prices_include_tax.unwrap_or(false),
        note: order.note,
    }
}
