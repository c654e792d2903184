//! Notice → message. The words come from the locale catalog (`locales/*.ftl`); the layout from
//! compile-time checked askama templates (`templates/email/`); what each kind of notice says and
//! shows is decided here, once for every locale.

use super::locale::{Catalog, TextError, catalog};
use super::sms;
use crate::domain::Delivery;
use crate::domain::{Audience, Channel, FulfilmentStatus, HoldReason, Notice, NoticeKind, Order, PaymentMethod};
use crate::domain::{ExceptionKind, StockOption};
use askama::Template;
use fluent_bundle::FluentArgs;

mod email;

/// How the shop presents itself in messages.
#[derive(Clone, Debug)]
pub struct ShopBranding {
    pub name: String,
    /// CSS colour of the header rule in emails.
    pub accent: String,
    /// Shown instead of the name in email headers when set.
    pub logo_url: Option<String>,
    /// Base of the customer's status links, e.g. `https://orders.example.com`.
    pub public_base_url: String,
    /// The shop's language: the owner's messages, and customers whose language has no file.
    pub locale: String,
    /// How customers pay an order that pays before shipping.
    pub how_to_pay: HowToPay,
    /// After sales: where a happy customer leaves a review (`REVIEW_URL`), and how to send a return
    /// back (`RETURN_INSTRUCTIONS`); both may name `{number}` (the order) and `{return}`.
    pub after_sales: AfterSalesWords,
    /// The shop's time zone (`SHOP_TIME_ZONE`): the owner's messages, and customers of unknown zone.
    pub time_zone: jiff::tz::TimeZone,
}

/// The shop's after-sales texts, in its own words.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AfterSalesWords {
    pub review_url: Option<String>,
    pub return_instructions: Option<String>,
}

impl AfterSalesWords {
    /// `template` with the order number and the return's number filled in.
    pub fn fill(template: &str, number: &str, return_number: u32) -> String {
        template.replace("{number}", number.trim_start_matches('#')).replace("{return}", &return_number.to_string())
    }
}

/// The shop's payment directions (`PAYMENT_INSTRUCTIONS`, `PAYMENT_LINK`), in its own words: they may
/// name `{amount}`, `{currency}`, `{reference}` (the order number) and `{due}`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HowToPay {
    pub instructions: Option<String>,
    /// A URL template; `{amount}` there is a plain decimal.
    pub link: Option<String>,
}

impl ShopBranding {
    fn base(&self) -> &str {
        self.public_base_url.trim_end_matches('/')
    }

    /// The customer's status page for `order`, opened by its token.
    pub fn status_url(&self, order: &Order) -> String {
        format!("{}/track/{}?token={}", self.base(), order.id, order.status_token.expose())
    }

    /// The same page by a short link that fits an SMS (`/t/{id}/{token as base64url}`).
    pub fn short_status_url(&self, order: &Order) -> String {
        use base64::Engine;
        let token = hex::decode(order.status_token.expose()).unwrap_or_default();
        let short = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(token);
        format!("{}/t/{}/{short}", self.base(), order.id)
    }
}

/// The most SMS parts a message may take.
pub const MAX_SMS_PARTS: usize = 2;

/// A message ready for its channel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Message {
    Email { subject: String, html: String, text: String },
    Sms { text: String },
}

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error(transparent)]
    Text(#[from] TextError),
    #[error(transparent)]
    Template(#[from] askama::Error),
}

/// Everything an email template shows, already in the reader's language.
struct View {
    locale: String,
    subject: String,
    shop: String,
    accent: String,
    logo_url: Option<String>,
    number: String,
    greeting: Option<String>,
    paragraphs: Vec<String>,
    items: Option<ItemsBlock>,
    blocks: Vec<Block>,
    links: Vec<Link>,
}

struct ItemsBlock {
    rows: Vec<ItemRow>,
    totals: Vec<TotalLine>,
}

struct ItemRow {
    name: String,
    sku: Option<String>,
    quantity: u32,
    amount: String,
}

struct TotalLine {
    label: String,
    amount: String,
}

/// A labelled group of lines: an address, a contact.
struct Block {
    label: String,
    lines: Vec<String>,
}

struct Link {
    label: String,
    url: String,
}

#[derive(Template)]
#[template(path = "email/message.html")]
struct EmailHtml<'a> {
    view: &'a View,
}

#[derive(Template)]
#[template(path = "email/message.txt")]
struct EmailText<'a> {
    view: &'a View,
}

/// Renders `notice` about `order` for its channel, in the reader's language.
pub fn render(notice: &Notice, order: &Order, shop: &ShopBranding) -> Result<Message, RenderError> {
    let words = Words::new(notice, order, shop);
    match notice.channel {
        Channel::Email => {
            let view = words.email_view()?;
            Ok(Message::Email {
                html: EmailHtml { view: &view }.render()?,
                text: EmailText { view: &view }.render()?,
                subject: view.subject,
            })
        }
        Channel::Sms => Ok(Message::Sms { text: words.sms()? }),
    }
}

/// The catalog, the reader's locale and the values every message may use.
struct Words<'a> {
    catalog: &'static Catalog,
    locale: String,
    notice: &'a Notice,
    order: &'a Order,
    shop: &'a ShopBranding,
    /// Where the reader is: the customer's zone, or the shop's for the owner.
    zone: jiff::tz::TimeZone,
    args: FluentArgs<'static>,
}

fn stock_key(option: StockOption) -> &'static str {
    option.into()
}

fn exception_key(kind: Option<ExceptionKind>) -> &'static str {
    kind.map_or("other", <&str>::from)
}

/// Which alert a payment alert is (the owner's language decides the words).
fn alert_key(order: &Order) -> &'static str {
    if order.status == FulfilmentStatus::Cancelled {
        "alert-cancelled"
    } else if order.hold_reason == Some(HoldReason::PaymentCurrency) {
        "alert-currency"
    } else if order.payment.received_minor() > order.totals.total_minor {
        "alert-overpaid"
    } else if order.payment.received_minor() < order.totals.total_minor {
        "alert-partial"
    } else {
        "alert-check"
    }
}

impl<'a> Words<'a> {
    fn new(notice: &'a Notice, order: &'a Order, shop: &'a ShopBranding) -> Self {
        let catalog = catalog();
        let locale = match notice.audience {
            Audience::Customer => catalog.resolve(&order.customer.locale, &shop.locale),
            Audience::Owner => catalog.resolve(&shop.locale, &shop.locale),
        }
        .to_string();
        let zone = match notice.audience {
            Audience::Customer => order.customer_time_zone(&shop.time_zone),
            Audience::Owner => shop.time_zone.clone(),
        };
        let mut words = Self { catalog, locale, notice, order, shop, zone, args: FluentArgs::new() };
        words.args = words.values();
        words
    }

    /// An amount of the order: to the customer in the currency they paid in; to the owner in the
    /// shop's, followed by the customer's when it differs.
    fn money(&self, minor: i64) -> String {
        let totals = &self.order.totals;
        match (self.notice.audience, totals.presented(minor)) {
            (Audience::Customer, _) => self.catalog.money(&self.locale, totals.customer_money(minor)),
            (Audience::Owner, Some(paid)) => format!(
                "{} ({})",
                self.catalog.money(&self.locale, totals.money(minor)),
                self.catalog.money(&self.locale, paid)
            ),
            (Audience::Owner, None) => self.catalog.money(&self.locale, totals.money(minor)),
        }
    }

    fn plain(&self, key: &str) -> String {
        self.catalog.text(&self.locale, key, None).unwrap_or_default()
    }

    fn text(&self, key: &str) -> Result<String, TextError> {
        self.catalog.text(&self.locale, key, Some(&self.args))
    }

    /// Every value any message may name.
    fn values(&self) -> FluentArgs<'static> {
        let (order, notice, shop) = (self.order, self.notice, self.shop);
        let shipment = &order.shipment;
        let stock = order.stock_issue.as_ref();
        let payment = &order.payment;
        let when = |at| self.catalog.datetime(&self.locale, at, &self.zone);
        let mut args = FluentArgs::new();
        args.set("shop", shop.name.clone());
        let name = order.customer.name.as_ref().map(|n| n.expose().clone());
        args.set("name", name.unwrap_or_else(|| self.plain("customer-no-name")));
        args.set("number", order.number.clone());
        args.set("total", self.money(order.totals.total_minor));
        args.set("amount", self.money(notice.amount_minor.unwrap_or_default()));
        args.set("received", self.money(payment.received_minor()));
        args.set("remaining", self.money((order.totals.total_minor - payment.received_minor()).max(0)));
        args.set("refunded", self.money(payment.refunded_minor()));
        args.set("full", if payment.received_minor() >= order.totals.total_minor { "yes" } else { "no" });
        // More was paid than the order now comes to (lines came off it): the difference goes back.
        args.set("paid", if payment.received_minor() > order.totals.total_minor { "yes" } else { "no" });
        args.set("due", payment.due_at.map(when).unwrap_or_default());
        args.set(
            "due_date",
            payment.due_at.map(|at| self.catalog.date(&self.locale, at, &self.zone)).unwrap_or_default(),
        );
        let method = Some(order.shipping.method.clone()).filter(|m| !m.is_empty());
        args.set("method", method.unwrap_or_else(|| "—".into()));
        args.set("missing", if order.asks_customer() { "address" } else { "none" });
        args.set("problems", order.attention.len());
        args.set("phone", order.customer.phone_as_given.as_ref().map(|p| p.expose().clone()).unwrap_or_default());
        args.set("carrier", shipment.carrier.clone().unwrap_or_else(|| "—".into()));
        args.set("tracking", shipment.tracking_number.as_ref().map_or("none".to_string(), |n| n.to_string()));
        args.set(
            "eta",
            shipment.estimated_delivery.map(|at| self.catalog.date(&self.locale, at, &self.zone)).unwrap_or_default(),
        );
        args.set("since", shipment.last_update_at.map(when).unwrap_or_default());
        args.set("until", shipment.announced_by.map(|d| self.catalog.day(&self.locale, d)).unwrap_or_default());
        args.set("place", shipment.pickup_location.clone().unwrap_or_else(|| self.plain("pickup-point")));
        args.set("code", shipment.pickup_code.clone().unwrap_or_else(|| "none".into()));
        let held = payment.authorization.as_ref();
        args.set("provider", held.map_or("—", |h| h.provider.name()));
        args.set("failure", held.and_then(|h| h.failure.clone()).unwrap_or_else(|| "—".into()));
        args.set("next_call", order.customer.calls.next_at.map(when).unwrap_or_else(|| "none".into()));
        // The complaint the notice is about: the latest settled for "settled", else the latest.
        let settled = order.after_delivery.complaints.iter().filter(|c| c.resolved.is_some());
        let complaint = match notice.kind {
            NoticeKind::ComplaintResolved => settled.max_by_key(|c| c.resolved.as_ref().map(|r| r.at)),
            _ => order.after_delivery.complaints.last(),
        };
        let resolved = complaint.and_then(|c| c.resolved.as_ref());
        let replacement = resolved.and_then(|r| r.replacement.as_ref());
        // Only web links, whatever was stored before links were checked.
        let web = |url: &&String| crate::domain::link::is_web_link(url);
        let replacement_url = replacement.and_then(|r| r.tracking_url.as_ref()).filter(web);
        // The parcel's link: staff's, else the carrier's own page, else the customer's page.
        let link = match (notice.kind, shipment.tracking_link(), replacement_url) {
            (NoticeKind::Shipped | NoticeKind::OutForDelivery | NoticeKind::SentAgain, Some(url), _) => url,
            (NoticeKind::ComplaintResolved, _, Some(url)) => url.clone(),
            _ => shop.short_status_url(order),
        };
        args.set("link", link);
        let quantity: u32 = order.items.iter().map(|i| i.quantity).sum();
        let count = match (notice.kind, stock) {
            (NoticeKind::OutOfStock, Some(issue)) => issue.items.len() as u32,
            _ => quantity,
        };
        args.set("count", count);
        // The lines' own names once they came off the order, else staff's words for what is missing.
        let items = stock.map(|i| match i.removed.as_slice() {
            [] => i.items.join(", "),
            removed => removed.iter().map(|l| l.name.as_str()).collect::<Vec<_>>().join(", "),
        });
        args.set("items", items.unwrap_or_default());
        let options = stock.map(|i| {
            i.offer.iter().map(|o| self.plain(&format!("stock-option-{}", stock_key(*o)))).collect::<Vec<_>>()
        });
        args.set("options", options.map(|o| o.join(", ")).unwrap_or_default());
        args.set(
            "default",
            stock.map(|i| self.plain(&format!("stock-default-{}", stock_key(i.default)))).unwrap_or_default(),
        );
        args.set("by", stock.map(|i| when(i.decide_by)).unwrap_or_default());
        let choice = stock.and_then(|i| i.decision).map(|d| <&str>::from(d.choice));
        args.set("choice", choice.unwrap_or("wait"));
        let expected = stock.and_then(|i| i.expected_on).map(|day| self.catalog.day(&self.locale, day));
        args.set("expected", expected.unwrap_or_else(|| "none".into()));
        if let Some(cancellation) = &order.cancellation {
            let cause: &str = cancellation.cause.into();
            args.set("reason", self.plain(&format!("cancel-reason-{cause}")));
            args.set("stage", cancellation.stage.as_str().replace('_', " "));
            args.set("actor", cancellation.actor.clone());
        }
        // The latest return (each return's messages go out as it moves).
        let last_return = order.after_delivery.returns.last();
        args.set("return_number", last_return.map_or(0, |r| r.number));
        let returned = last_return.map(|r| {
            let line =
                |l: &crate::domain::ReturnLine| order.items.get(l.line).map(|i| format!("{} × {}", l.quantity, i.name));
            r.lines.iter().filter_map(line).collect::<Vec<_>>().join(", ")
        });
        args.set("return_items", returned.unwrap_or_default());
        args.set(
            "return_reason",
            last_return.map(|r| self.plain(&format!("return-reason-{}", r.reason.as_str()))).unwrap_or_default(),
        );
        let instructions =
            match last_return.map(|r| &r.state) {
                Some(crate::domain::ReturnState::Approved { instructions: Some(given) }) => Some(given.clone()),
                _ => shop.after_sales.return_instructions.as_deref().map(|t| {
                    super::render::AfterSalesWords::fill(t, &order.number, last_return.map_or(0, |r| r.number))
                }),
            };
        args.set("instructions", instructions.unwrap_or_else(|| "none".into()));
        let refusal = match last_return.map(|r| &r.state) {
            Some(crate::domain::ReturnState::Rejected { reason }) => reason.clone(),
            _ => String::new(),
        };
        args.set("refusal", refusal);
        args.set("complaint_number", complaint.map_or(0, |c| c.number));
        args.set(
            "complaint_kind",
            complaint.map(|c| self.plain(&format!("complaint-kind-{}", c.kind.as_str()))).unwrap_or_default(),
        );
        args.set("resolution", resolved.map_or("none", |r| r.resolution.as_str()));
        let parcel = replacement.map(|r| format!("{} {}", r.carrier, r.tracking_number).trim().to_string());
        args.set("replacement", parcel.unwrap_or_else(|| "none".into()));
        args.set("resolution_note", resolved.and_then(|r| r.note.clone()).unwrap_or_default());
        args.set("alert", self.plain(alert_key(order)));
        let exception = exception_key(order.exception);
        args.set("problem", self.plain(&format!("exception-{exception}")));
        args.set("next", self.plain(&format!("exception-{exception}-next")));
        args
    }

    /// The SMS, kept to two parts: with the link if it fits, else without it, else shortened.
    fn sms(&self) -> Result<String, TextError> {
        let key = format!("{}-sms", self.notice.kind.as_str());
        let text = self.text(&key)?.trim().to_string();
        if sms::segments(&text).1 <= MAX_SMS_PARTS {
            return Ok(text);
        }
        tracing::warn!(order_id = %self.order.id, notice = %key, "SMS too long with its link: sent without it");
        let mut args = self.values();
        args.set("link", "");
        let mut text = self.catalog.text(&self.locale, &key, Some(&args))?.trim().to_string();
        while sms::segments(&text).1 > MAX_SMS_PARTS {
            text.pop();
            text = format!("{}…", text.trim_end_matches('…'));
            text.pop();
        }
        Ok(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::intake::{AddressDraft, ItemDraft, OrderDraft, Reception, receive};
    use crate::domain::{IntakeDefaults, OrderSource, PaymentMethod};
    use jiff::Timestamp;
    use strum::IntoEnumIterator;

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
                ..Default::default()
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
            processing_sla: None,
        };
        receive(draft, reception).unwrap()
    }

    fn shop() -> ShopBranding {
        ShopBranding {
            name: "Test Shop".into(),
            accent: "#123456".into(),
            logo_url: None,
            public_base_url: "https://shop.test".into(),
            locale: "en".into(),
            how_to_pay: HowToPay::default(),
            after_sales: AfterSalesWords::default(),
            time_zone: jiff::tz::TimeZone::UTC,
        }
    }

    fn email(order: &Order, kind: NoticeKind, audience: Audience) -> (String, String, String) {
        match render(&Notice::new(kind, audience, Channel::Email, Timestamp::UNIX_EPOCH), order, &shop()).unwrap() {
            Message::Email { subject, html, text } => (subject, html, text),
            Message::Sms { .. } => unreachable!("an email notice renders an email"),
        }
    }

    /// A delivery problem of every kind, in every locale, says what happened and what comes next.
    #[test]
    fn every_delivery_problem_has_its_words() {
        use strum::IntoEnumIterator;
        for locale in catalog().locales() {
            for kind in ExceptionKind::iter().map(Some).chain([None]) {
                let key = exception_key(kind);
                for key in [format!("exception-{key}"), format!("exception-{key}-next")] {
                    assert!(catalog().has(locale, &key), "{locale}: {key}");
                }
            }
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
        assert_eq!(subject, "New order #1001 (2 items, 9.00 GBP)");
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
        assert!(text.contains("#1001") && text.contains("https://shop.test/t/A-1/"), "{text}");
        assert!(text.chars().count() <= 160, "{} characters", text.chars().count());
    }

    #[test]
    fn every_kind_renders_in_every_locale_and_channel_and_every_sms_fits_two_parts() {
        use crate::notify::preview;
        let previews = preview::all().expect("every kind renders in every locale: no missing message or value");
        let messages_per_locale: usize = NoticeKind::iter().map(|k| k.audiences().len() * 2).sum();
        assert_eq!(previews.len(), catalog().locales().count() * messages_per_locale);
        let mut too_long = Vec::new();
        for p in &previews {
            match &p.message {
                Message::Email { subject, html, text } => {
                    assert!(
                        !subject.is_empty() && html.contains("#100012345") && text.contains("#100012345"),
                        "{}",
                        p.name()
                    );
                    assert!(html.contains(&format!("lang=\"{}\"", p.locale)));
                }
                Message::Sms { text } => {
                    let (_, parts) = crate::notify::sms::segments(text);
                    if parts > MAX_SMS_PARTS || (wants_link(p.kind, p.locale) && !text.contains("https://")) {
                        too_long.push(format!("{} in {}: {text}", p.name(), p.locale));
                    }
                }
            }
        }
        // A UCS-2 shop name on top: still two parts at most, links kept.
        for locale in catalog().locales() {
            let order = preview::sample_order(locale);
            let shop = ShopBranding { name: "Herbaciarnia Złoty Smok".into(), ..preview::sample_shop(locale) };
            for kind in NoticeKind::iter().filter(|k| k.audiences().contains(&Audience::Customer)) {
                let notice = Notice::new(kind, Audience::Customer, Channel::Sms, Timestamp::UNIX_EPOCH);
                let Message::Sms { text } = render(&notice, &order, &shop).unwrap() else { unreachable!("an SMS") };
                if crate::notify::sms::segments(&text).1 > MAX_SMS_PARTS
                    || (wants_link(kind, locale) && !text.contains("https://"))
                {
                    too_long.push(format!("{kind:?} in {locale} with a UCS-2 shop name: {text}"));
                }
            }
        }
        assert!(
            too_long.is_empty(),
            "SMS over two parts, or shortened so that they lost their link:\n{}",
            too_long.join("\n")
        );
    }

    /// Whether `kind`'s SMS in `locale` names the link (rendered with a marker in its place).
    fn wants_link(kind: NoticeKind, locale: &str) -> bool {
        let order = crate::notify::preview::sample_order(locale);
        let shop = crate::notify::preview::sample_shop(locale);
        let notice = Notice::new(kind, kind.audiences()[0], Channel::Sms, Timestamp::UNIX_EPOCH);
        let mut words = Words::new(&notice, &order, &shop);
        words.args.set("link", "LINK-MARKER");
        words.text(&format!("{}-sms", kind.as_str())).unwrap().contains("LINK-MARKER")
    }

    /// The words customers read, in every locale: a change shows up here for review.
    #[test]
    fn rendered_messages_match_their_snapshots() {
        for locale in catalog().locales() {
            let mut shown = String::new();
            for p in crate::notify::preview::all().unwrap().into_iter().filter(|p| p.locale == locale) {
                match &p.message {
                    Message::Email { subject, text, .. } => {
                        shown.push_str(&format!("== {}\nSubject: {subject}\n{text}\n", p.name()))
                    }
                    Message::Sms { text } => shown.push_str(&format!("== {}\n{text}\n\n", p.name())),
                }
            }
            insta::assert_snapshot!(format!("messages_{locale}"), shown);
        }
    }
}
