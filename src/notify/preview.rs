//! Previews: every kind of notice, in every locale, on every channel, rendered for a sample order
//! that has every detail a message may name (`orderflow preview` writes them with an index page).

use super::render::{HowToPay, Message, ShopBranding, render};
use super::{locale::catalog, sms};
use crate::domain::intake::{AddressDraft, ItemDraft, OrderDraft, Reception, receive};
use crate::domain::{
    Audience, Channel, FulfilmentStatus, HoldReason, IntakeDefaults, Notice, NoticeKind, Order, OrderSource,
    PaymentMethod, Private, Problem, ProblemKind,
};
use crate::domain::{Authorization, CancelCause, Cancellation, PaymentProvider};
use crate::domain::{ExceptionKind, StockIssue, StockOption};
use crate::primitives::escape_html as escape;
use jiff::Timestamp;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use strum::IntoEnumIterator;

fn at(second: i64) -> Timestamp {
    Timestamp::from_second(second).expect("a valid time")
}

/// An order with long, realistic values and every detail set: shipped with a tracking link, a stock
/// question, a cancellation, a delivery problem, a payment deadline.
pub fn sample_order(locale: &str) -> Order {
    let draft = OrderDraft {
        id: Some("5923712008421457921".into()),
        number: Some("#100012345".into()),
        customer_name: Some("Maximilian Alexander Wolfeschlegelsteinhausen-Bergdorff".into()),
        email: Some("max@example.com".into()),
        phone: Some("+48 601 234 567".into()),
        locale: Some(locale.into()),
        shipping_method: Some("DHL Express".into()),
        address: Some(AddressDraft {
            recipient: Some("Maximilian Wolfeschlegelsteinhausen-Bergdorff".into()),
            lines: vec!["ul. Marszałkowska 140 m. 12".into()],
            city: Some("Warszawa".into()),
            postal_code: Some("00-061".into()),
            country: Some("PL".into()),
            ..Default::default()
        }),
        payment_method: Some(PaymentMethod::Prepaid),
        currency: Some("EUR".into()),
        items: vec![
            ItemDraft {
                sku: Some("NB-A5-DOT".into()),
                name: Some("Analytical Engine Notebook - A5 / Dotted".into()),
                quantity: Some(2),
                unit_price: Some("24.90".into()),
                ..Default::default()
            },
            ItemDraft {
                sku: None,
                name: Some("Difference Engine Pen".into()),
                quantity: Some(1),
                unit_price: Some("1240.00".into()),
                ..Default::default()
            },
        ],
        shipping_price: Some("4.90".into()),
        tax: Some("241.25".into()),
        total: Some("1294.70".into()),
        ..Default::default()
    };
    let defaults = IntakeDefaults { locale: "en".into(), phone_region: "PL".into() };
    let reception = Reception {
        source: OrderSource::Generic,
        defaults: &defaults,
        now: at(1_795_428_000),
        status_token: "0123456789abcdef01234567".into(),
        event_id: None,
        terms: Default::default(),
        processing_sla: None,
    };
    let mut order = receive(draft, reception).expect("the sample order is valid");
    order.payment.preview_amounts(50_000, 2_500);
    order.shipment.carrier = Some("DHL Parcel International".into());
    order.shipment.tracking_number = Some("JJD000390007783459182".into());
    order.shipment.tracking_url = Some("https://www.dhl.com/track?id=JJD000390007783459182".into());
    order.shipment.estimated_delivery = Some(at(1_795_700_000));
    order.shipment.announced_by = Some(jiff::civil::date(2026, 12, 9));
    order.shipment.last_update_at = Some(at(1_795_500_000));
    order.shipment.pickup_location = Some("Paczkomat WAW123M, ul. Marszałkowska 140".into());
    order.shipment.pickup_hours = Some("24/7".into());
    order.shipment.pickup_code = Some("482913".into());
    order.stock_issue = Some(StockIssue {
        items: vec!["Difference Engine Pen".into()],
        offer: vec![StockOption::Substitute, StockOption::Wait, StockOption::CancelMissing, StockOption::Cancel],
        default: StockOption::Wait,
        decide_by: at(1_795_600_000),
        resume_at: FulfilmentStatus::Confirmed,
        expected_on: Some(jiff::civil::date(2026, 12, 14)),
        decision: None,
        removed: Vec::new(),
    });
    order.cancellation = Some(Cancellation {
        cause: CancelCause::PaymentTimeout,
        actor: "scheduler".into(),
        stage: FulfilmentStatus::Received,
        at: at(1_795_600_000),
        fault: None,
        cost_minor: None,
    });
    order.exception = Some(ExceptionKind::FailedAttempt);
    order.payment.authorization = Some(Authorization {
        provider: PaymentProvider::Stripe,
        reference: "pi_3QAbCdEfGhIjKlMn".into(),
        amount_minor: 50_000,
        failure: Some("charge_expired_for_capture: the authorization has expired".into()),
        release: None,
    });
    // Needs the shop: an address without a street (the customer is asked for it) and no payment
    // method; a phone number that could not be read.
    order.status = FulfilmentStatus::OnHold;
    order.hold_reason = Some(HoldReason::NeedsAttention);
    order.attention = vec![
        Problem::new(ProblemKind::NoStreet, "shipping.address.line1"),
        Problem::new(ProblemKind::NoPaymentMethod, "payment.method"),
    ];
    order.customer.phone_as_given = Some(Private::new("0601 23".into()));
    order.customer.note = Some(Private::new("A gift: please leave the price off, and ring twice.".into()));
    order.status_token = Private::new("0123456789abcdef01234567".into());
    order
}

pub fn sample_shop(locale: &str) -> ShopBranding {
    ShopBranding {
        name: "Northern Lights Tea Company".into(),
        accent: "#0f766e".into(),
        logo_url: None,
        public_base_url: "https://orders.example-shop.com".into(),
        locale: locale.into(),
        how_to_pay: HowToPay {
            instructions: Some(
                "Bank transfer: PL61 1090 1014 0000 0712 1981 2874, {amount}, reference {reference}.".into(),
            ),
            link: Some("https://pay.example-shop.com/{reference}?amount={amount}&currency={currency}".into()),
        },
        time_zone: jiff::tz::TimeZone::get("Europe/Warsaw").expect("a bundled zone"),
        after_sales: super::render::AfterSalesWords {
            review_url: Some("https://reviews.example-shop.com/order/{number}".into()),
            return_instructions: Some("Send it to Northern Lights Tea, ul. Prosta 1, 00-850 Warszawa, with return {return} of order {number} inside.".into()),
        },
    }
}

/// One rendered notice.
pub struct Preview {
    pub locale: &'static str,
    pub kind: NoticeKind,
    pub audience: Audience,
    pub channel: Channel,
    pub message: Message,
}

impl Preview {
    /// `order_received.customer.email`
    pub fn name(&self) -> String {
        format!("{}.{}.{}", self.kind.as_str(), self.audience.as_str(), self.channel.as_str())
    }
}

/// Every kind × locale × audience × channel, rendered.
pub fn all() -> Result<Vec<Preview>, super::RenderError> {
    let mut previews = Vec::new();
    for locale in catalog().locales() {
        let order = sample_order(locale);
        let shop = sample_shop(locale);
        for kind in NoticeKind::iter() {
            for audience in kind.audiences() {
                for channel in [Channel::Email, Channel::Sms] {
                    let mut notice = Notice::new(kind, *audience, channel, at(1_795_500_000));
                    notice.amount_minor = Some(25_000);
                    let message = render(&notice, &order, &shop)?;
                    previews.push(Preview { locale, kind, audience: *audience, channel, message });
                }
            }
        }
    }
    Ok(previews)
}

/// Writes every preview under `dir/{locale}/` and an `index.html` that lists them all.
pub fn write(dir: &Path) -> std::io::Result<PathBuf> {
    let previews = all().map_err(std::io::Error::other)?;
    let mut index = String::from(
        "<!DOCTYPE html><html lang=\"en\"><meta charset=\"utf-8\"><title>Message previews</title>\
         <style>body{font-family:system-ui,sans-serif;margin:2rem}td,th{padding:.3rem .6rem;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}</style>\
         <h1>Message previews</h1><table><tr><th>locale</th><th>notice</th><th>subject or text</th><th>SMS parts</th></tr>",
    );
    for preview in &previews {
        let folder = dir.join(preview.locale);
        std::fs::create_dir_all(&folder)?;
        let name = preview.name();
        let (link, summary, parts) = match &preview.message {
            Message::Email { subject, html, text } => {
                std::fs::write(folder.join(format!("{name}.html")), html)?;
                std::fs::write(folder.join(format!("{name}.txt")), text)?;
                (format!("<a href=\"{}/{name}.html\">{name}</a>", preview.locale), escape(subject), String::new())
            }
            Message::Sms { text } => {
                std::fs::write(folder.join(format!("{name}.txt")), text)?;
                let (encoding, parts) = sms::segments(text);
                (
                    format!("<a href=\"{}/{name}.txt\">{name}</a>", preview.locale),
                    escape(text),
                    format!("{parts} ({encoding:?})"),
                )
            }
        };
        let _ = write!(index, "<tr><td>{}</td><td>{link}</td><td>{summary}</td><td>{parts}</td></tr>", preview.locale);
    }
    index.push_str("</table></html>");
    let path = dir.join("index.html");
    std::fs::write(&path, index)?;
    Ok(path)
}
