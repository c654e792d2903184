//! Notice → message, through compile-time checked askama templates in `templates/`.

use crate::domain::order::{Address, Delivery};
use crate::domain::{Audience, Channel, Notice, NoticeKind, Order};
use askama::Template;

/// How the shop presents itself in messages.
#[derive(Clone, Debug)]
pub struct ShopBranding {
    pub name: String,
    /// CSS colour of the header rule in emails.
    pub accent: String,
}

/// A message ready for its channel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Message {
    Email {
        subject: String,
        html: String,
        text: String,
    },
    Sms {
        text: String,
    },
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
pub fn render(
    notice: &Notice,
    order: &Order,
    shop: &ShopBranding,
) -> Result<Message, askama::Error> {
    let view = view(notice, order, shop);
    Ok(match notice.channel {
        Channel::Email => {
            let subject = subject(&view);
            Message::Email {
                html: EmailHtml {
                    view: &view,
                    subject: &subject,
                }
                .render()?,
                text: EmailText { view: &view }.render()?,
                subject,
            }
        }
        Channel::Sms => Message::Sms {
            text: SmsText { view: &view }.render()?.trim().to_string(),
        },
    })
}

fn subject(view: &View) -> String {
    match view.kind {
        NoticeKind::OrderReceived => format!("We have your order {}", view.number),
        NoticeKind::NewOrder => format!("New order {} ({})", view.number, view.total),
    }
}

fn address_lines(address: &Address) -> Vec<String> {
    let mut lines: Vec<String> = address.recipient.iter().cloned().collect();
    lines.extend(address.lines.iter().cloned());
    let place = [address.postal_code.as_deref(), Some(address.city.as_str())]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>();
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
    let contact = match notice.audience {
        Audience::Owner => [&customer.email, &customer.phone]
            .into_iter()
            .flatten()
            .map(|c| c.expose().clone())
            .collect(),
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
        address: order
            .shipping
            .address
            .as_ref()
            .map(|a| address_lines(a.expose()))
            .unwrap_or_default(),
        contact,
    }
}
