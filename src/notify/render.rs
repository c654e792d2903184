//! Notice → message, through compile-time checked askama templates in `templates/`.

use crate::domain::fulfilment::{ExceptionKind, StockOption};
use crate::domain::order::{Address, Delivery};
use crate::domain::{Audience, CancelCause, Channel, FulfilmentStatus, Notice, NoticeKind, Order};
use askama::Template;
use jiff::Timestamp;

/// How the shop presents itself in messages.
#[derive(Clone, Debug)]
pub struct ShopBranding {
    pub name: String,
    /// CSS colour of the header rule in emails.
    pub accent: String,
    /// Base of the customer's status links, e.g. `https://orders.example.com`.
    pub public_base_url: String,
}

impl ShopBranding {
    /// The customer's status page for `order`, opened by its token.
    pub fn status_url(&self, order: &Order) -> String {
        format!(
            "{}/track/{}?token={}",
            self.public_base_url.trim_end_matches('/'),
            order.id,
            order.status_token.expose()
        )
    }
}

/// A message ready for its channel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Message {
    Email { subject: String, html: String, text: String },
    Sms { text: String },
}

/// Everything a template may show, already formatted.
struct View {
    kind: NoticeKind,
    locale: String,
    shop: String,
    accent: String,
    number: String,
    customer_name: String,
    items: Vec<ItemView>,
    subtotal: String,
    shipping: String,
    tax: String,
    has_tax: bool,
    total: String,
    shipping_method: String,
    pickup: bool,
    address: Vec<String>,
    /// The customer's email and phone, for the owner only.
    contact: Vec<String>,
    for_owner: bool,
    /// The amount this notice is about (a payment, a refund).
    amount: String,
    received: String,
    /// What is left to pay after a part payment.
    remaining: Option<String>,
    refunded_total: String,
    /// The payment deadline, for people.
    due: Option<String>,
    cancel_reason: String,
    cancel_stage: String,
    cancel_actor: String,
    /// What a payment alert is about, for the owner.
    alert: String,
    /// The customer's status page (customers only).
    status_url: Option<String>,
    carrier: Option<String>,
    tracking_number: Option<String>,
    tracking_url: Option<String>,
    eta: Option<String>,
    pickup_location: Option<String>,
    exception: String,
    exception_next: String,
    last_update: String,
    stock_items: Vec<String>,
    stock_offer: Vec<String>,
    stock_default: String,
    stock_decide_by: Option<String>,
}

struct ItemView {
    name: String,
    sku: Option<String>,
    quantity: u32,
    line_total: String,
}

#[derive(Template)]
#[template(path = "email/message.html")]
struct EmailHtml<'a> {
    view: &'a View,
    subject: &'a str,
}

#[derive(Template)]
#[template(path = "email/message.txt")]
struct EmailText<'a> {
    view: &'a View,
}

#[derive(Template)]
#[template(path = "sms/message.txt")]
struct SmsText<'a> {
    view: &'a View,
}

/// Renders `notice` about `order` for its channel.
pub fn render(notice: &Notice, order: &Order, shop: &ShopBranding) -> Result<Message, askama::Error> {
    let view = view(notice, order, shop);
    Ok(match notice.channel {
        Channel::Email => {
            let subject = subject(&view);
            Message::Email {
                html: EmailHtml { view: &view, subject: &subject }.render()?,
                text: EmailText { view: &view }.render()?,
                subject,
            }
        }
        Channel::Sms => Message::Sms { text: SmsText { view: &view }.render()?.trim().to_string() },
    })
}

fn subject(view: &View) -> String {
    let number = &view.number;
    match view.kind {
        NoticeKind::OrderReceived => format!("We have your order {number}"),
        NoticeKind::NewOrder => format!("New order {number} ({})", view.total),
        NoticeKind::PaymentReceived => format!("Payment received for order {number}"),
        NoticeKind::PaymentFailed => format!("Your payment for order {number} did not go through"),
        NoticeKind::PaymentReminder => format!("Order {number} is waiting for payment"),
        NoticeKind::Refunded => format!("Refund of {} for order {number}", view.amount),
        NoticeKind::OrderCancelled => format!("Order {number} cancelled"),
        NoticeKind::PaymentAlert => format!("Order {number} needs you: {}", view.alert),
        NoticeKind::OrderConfirmed => format!("Order {number} is confirmed"),
        NoticeKind::BeingAssembled => format!("Order {number} is being assembled"),
        NoticeKind::OutOfStock => format!("Part of order {number} is out of stock: your choice"),
        NoticeKind::Shipped => format!("Order {number} is on its way"),
        NoticeKind::OutForDelivery => format!("Order {number} is out for delivery"),
        NoticeKind::AvailableForPickup => format!("Order {number} is ready to collect"),
        NoticeKind::DeliveryException => format!("A delivery problem with order {number}"),
        NoticeKind::DeliveryDelayed => format!("Order {number} is delayed"),
        NoticeKind::Delivered => format!("Order {number} has been delivered"),
        NoticeKind::FollowUp => format!("Did order {number} arrive in good condition?"),
        NoticeKind::ShipmentStuck => format!("Order {number} has had no carrier update"),
    }
}

/// 23 Nov 2026, 10:00 UTC
fn when(at: Timestamp) -> String {
    at.strftime("%-d %b %Y, %H:%M UTC").to_string()
}

/// Mon 23 Nov 2026
fn day(at: Timestamp) -> String {
    at.strftime("%a %-d %b %Y").to_string()
}

fn cancel_reason(order: &Order) -> String {
    let Some(cancellation) = &order.cancellation else { return String::new() };
    match cancellation.cause {
        CancelCause::PaymentTimeout => "the payment did not arrive in time".into(),
        CancelCause::Customer => "at your request".into(),
        CancelCause::OutOfStock => "the items are out of stock".into(),
        CancelCause::Fraud => "the payment could not be verified".into(),
        CancelCause::Shop => "the shop could not fulfil it".into(),
    }
}

/// A delivery problem in the customer's words, and what happens next.
fn exception(order: &Order) -> (String, String) {
    let (what, next) = match order.exception {
        Some(ExceptionKind::FailedAttempt) => {
            ("the carrier could not deliver it", "They will try again or leave a notice.")
        }
        Some(ExceptionKind::Delayed) => {
            ("it is delayed in transit", "It is still on its way; we will tell you when it is out for delivery.")
        }
        Some(ExceptionKind::Lost) => {
            ("the carrier has lost track of it", "We are looking into it with the carrier and will contact you.")
        }
        Some(ExceptionKind::ReturningToSender) => {
            ("it is being returned to us", "We will contact you about sending it again or a refund.")
        }
        Some(ExceptionKind::Other) | None => {
            ("the carrier reported a problem", "We are looking into it and will keep you posted.")
        }
    };
    (what.to_string(), next.to_string())
}

fn stock_option(option: StockOption) -> &'static str {
    match option {
        StockOption::Substitute => "a substitute",
        StockOption::Wait => "wait for new stock",
        StockOption::Cancel => "cancel the order",
    }
}

/// What a payment alert tells the owner.
fn alert(order: &Order) -> String {
    if order.status == FulfilmentStatus::Cancelled {
        "a payment arrived after the order was cancelled; refund it or restore the order".into()
    } else if let Some(reason) = &order.hold_reason {
        format!("{reason}; the order is on hold")
    } else if order.payment.received_minor < order.totals.total_minor {
        "only part of the total has been paid".into()
    } else {
        "check the payment".into()
    }
}

fn address_lines(address: &Address) -> Vec<String> {
    let mut lines: Vec<String> = address.recipient.iter().cloned().collect();
    lines.extend(address.lines.iter().cloned());
    let place = [address.postal_code.as_deref(), Some(address.city.as_str())].into_iter().flatten().collect::<Vec<_>>();
    lines.push(place.join(" "));
    if let Some(region) = &address.region {
        lines.push(region.clone());
    }
    lines.push(address.country.clone());
    lines
}

fn view(notice: &Notice, order: &Order, shop: &ShopBranding) -> View {
    let money = |minor: i64| order.money(minor).to_string();
    let customer = &order.customer;
    let stock = order.stock_issue.as_ref();
    let contact = match notice.audience {
        Audience::Owner => {
            [&customer.email, &customer.phone].into_iter().flatten().map(|c| c.expose().clone()).collect()
        }
        Audience::Customer => Vec::new(),
    };
    View {
        kind: notice.kind,
        locale: customer.locale.clone(),
        shop: shop.name.clone(),
        accent: shop.accent.clone(),
        number: order.number.clone(),
        customer_name: customer.name.expose().clone(),
        items: order
            .items
            .iter()
            .map(|item| ItemView {
                name: item.name.clone(),
                sku: item.sku.clone(),
                quantity: item.quantity,
                line_total: money(item.unit_price_minor * i64::from(item.quantity)),
            })
            .collect(),
        subtotal: money(order.totals.subtotal_minor),
        shipping: money(order.totals.shipping_minor),
        tax: money(order.totals.tax_minor),
        has_tax: order.totals.tax_minor != 0,
        total: money(order.totals.total_minor),
        shipping_method: order.shipping.method.clone(),
        pickup: order.shipping.delivery == Delivery::Pickup,
        address: order.shipping.address.as_ref().map(|a| address_lines(a.expose())).unwrap_or_default(),
        contact,
        for_owner: notice.audience == Audience::Owner,
        amount: money(notice.amount_minor.unwrap_or_default()),
        received: money(order.payment.received_minor),
        remaining: (order.payment.received_minor < order.totals.total_minor)
            .then(|| money(order.totals.total_minor - order.payment.received_minor)),
        refunded_total: money(order.payment.refunded_minor),
        due: order.payment.due_at.map(when),
        cancel_reason: cancel_reason(order),
        cancel_stage: order.cancellation.as_ref().map(|c| c.stage.as_str().replace('_', " ")).unwrap_or_default(),
        cancel_actor: order.cancellation.as_ref().map(|c| c.actor.clone()).unwrap_or_default(),
        alert: alert(order),
        status_url: (notice.audience == Audience::Customer).then(|| shop.status_url(order)),
        carrier: order.shipment.carrier.clone(),
        tracking_number: order.shipment.tracking_number.clone(),
        tracking_url: order.shipment.tracking_url.clone(),
        eta: order.shipment.estimated_delivery.map(day),
        pickup_location: order.shipment.pickup_location.clone(),
        exception: exception(order).0,
        exception_next: exception(order).1,
        last_update: order.shipment.last_update_at.map(when).unwrap_or_default(),
        stock_items: stock.map(|s| s.items.clone()).unwrap_or_default(),
        stock_offer: stock.map(|s| s.offer.iter().map(|o| stock_option(*o).to_string()).collect()).unwrap_or_default(),
        stock_default: stock.map(|s| stock_option(s.default).to_string()).unwrap_or_default(),
        stock_decide_by: stock.map(|s| when(s.decide_by)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::intake::{AddressDraft, ItemDraft, OrderDraft, Reception, receive};
    use crate::domain::{IntakeDefaults, OrderSource, PaymentMethod};
    use jiff::Timestamp;

    fn order(name: &str) -> Order {
        let draft = OrderDraft {
            id: Some("A-1".into()),
            number: Some("#1001".into()),
            customer_name: Some(name.into()),
            email: Some("ada@example.com".into()),
            phone: Some("+442079460958".into()),
            shipping_method: Some("Standard".into()),
            address: Some(AddressDraft {
                lines: vec!["1 Main St".into()],
                city: Some("London".into()),
                postal_code: Some("SW1Y 4JH".into()),
                country: Some("GB".into()),
                ..Default::default()
            }),
            payment_method: Some(PaymentMethod::Prepaid),
            currency: Some("GBP".into()),
            items: vec![ItemDraft {
                name: Some("Notebook".into()),
                quantity: Some(2),
                unit_price: Some("4.50".into()),
                sku: None,
            }],
            total: Some("9.00".into()),
            ..Default::default()
        };
        let defaults = IntakeDefaults { locale: "en".into(), phone_region: "GB".into() };
        let reception = Reception {
            source: OrderSource::Generic,
            defaults: &defaults,
            now: Timestamp::UNIX_EPOCH,
            status_token: "t".into(),
            event_id: None,
            terms: Default::default(),
        };
        receive(draft, reception).unwrap()
    }

    fn shop() -> ShopBranding {
        ShopBranding { name: "Test Shop".into(), accent: "#123456".into(), public_base_url: "https://shop.test".into() }
    }

    fn email(order: &Order, kind: NoticeKind, audience: Audience) -> (String, String, String) {
        match render(&Notice::new(kind, audience, Channel::Email, Timestamp::UNIX_EPOCH), order, &shop()).unwrap() {
            Message::Email { subject, html, text } => (subject, html, text),
            Message::Sms { .. } => unreachable!("an email notice renders an email"),
        }
    }

    #[test]
    fn customer_names_are_escaped_in_html() {
        let order = order("<script>alert(1)</script> Ada");
        let (_, html, text) = email(&order, NoticeKind::OrderReceived, Audience::Customer);
        assert!(!html.contains("<script>"));
        assert!(html.contains("&#60;script&#62;") || html.contains("&lt;script&gt;"), "{html}");
        assert!(text.contains("<script>alert(1)</script> Ada"), "plain text is not HTML-escaped");
    }

    #[test]
    fn the_customer_email_lists_items_totals_and_address() {
        let (subject, html, text) = email(&order("Ada"), NoticeKind::OrderReceived, Audience::Customer);
        assert_eq!(subject, "We have your order #1001");
        for body in [&html, &text] {
            for expected in ["2 ", "Notebook", "9.00 GBP", "SW1Y 4JH London", "Test Shop"] {
                assert!(body.contains(expected), "{expected} missing from {body}");
            }
        }
        assert!(!html.contains("+442079460958"), "the customer's own contact is not repeated");
    }

    #[test]
    fn the_owner_email_has_the_customer_contact_and_no_payment_data() {
        let (subject, html, text) = email(&order("Ada"), NoticeKind::NewOrder, Audience::Owner);
        assert_eq!(subject, "New order #1001 (9.00 GBP)");
        for body in [&html, &text] {
            assert!(body.contains("ada@example.com") && body.contains("+442079460958"));
            assert!(!body.to_lowercase().contains("prepaid") && !body.to_lowercase().contains("payment"));
        }
    }

    #[test]
    fn the_sms_fits_one_segment() {
        let order = order("Ada Lovelace");
        let notice = Notice::new(NoticeKind::OrderReceived, Audience::Customer, Channel::Sms, Timestamp::UNIX_EPOCH);
        let Message::Sms { text } = render(&notice, &order, &shop()).unwrap() else {
            unreachable!("an SMS notice renders an SMS")
        };
        assert!(text.contains("#1001") && text.contains("9.00 GBP"), "{text}");
        assert!(text.chars().count() <= 160, "{} characters", text.chars().count());
    }
}
