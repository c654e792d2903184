//! What customers open: the order's status as JSON and as a page, and the short link from SMS.

mod forms;

use super::shops::BasePath;
use super::{Problem, Segments, order_not_found};
use crate::app::fulfilment::{ActError, AfterDeliveryRequest, after_delivery, answer_stock_question};
use crate::app::status::{StatusView, find_with_token};
use crate::app::{App, AppError};
use crate::domain::{FulfilmentStatus, StockOption};
use crate::notify::NoticeQueue;
use crate::notify::locale::catalog;
use crate::store::OrderStore;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use std::collections::HashMap;
use std::sync::Arc;

#[derive(serde::Deserialize)]
struct TokenQuery {
    token: Option<String>,
}

async fn status_json<S: OrderStore, Q: NoticeQueue>(
    State(app): State<Arc<App<S, Q>>>,
    Segments(order_id): Segments<String>,
    axum::extract::Query(query): axum::extract::Query<TokenQuery>,
) -> Response {
    match find_with_token(&app.store, &order_id, query.token.as_deref().unwrap_or_default()).await {
        Ok(Some(order)) => {
            let zone = order.customer_time_zone(&app.settings.branding.time_zone);
            axum::Json(StatusView::of(&order, &customer_locale(&app, &order), &zone)).into_response()
        }
        Ok(None) => order_not_found().into_response(),
        Err(error) => Problem::from(AppError::Store(error)).into_response(),
    }
}

/// The language the customer reads: the order's, if there is a catalog for it, else the shop's.
fn customer_locale<S, Q>(app: &App<S, Q>, order: &crate::domain::Order) -> String {
    catalog().resolve(&order.customer.locale, &app.settings.branding.locale).to_string()
}

/// The status page's words, in the customer's language.
struct PageWords {
    title: String,
    parcel: String,
    carrier: Option<String>,
    tracking_number: Option<String>,
    eta: Option<String>,
    collect: Option<String>,
    follow: String,
    history: String,
    items: String,
    total: String,
    status: String,
    needed: Option<String>,
    stock: Option<StockQuestion>,
    after: Option<AfterDeliveryWords>,
    cancel: Option<CancelWords>,
}

/// Before the order leaves: the cancel form (at once, or asking the shop), or where the request is,
/// or, once it left, that a return is possible after delivery.
struct CancelWords {
    title: String,
    token: String,
    key: String,
    /// What happens if they press (cancelled at once, or the shop decides), while they can.
    offer: Option<String>,
    button: String,
    /// Where it stands otherwise: asked, declined, or too late.
    state: Option<String>,
}

/// After delivery: the arrival question or its answer, the return form or why it is closed, and the
/// customer's returns.
struct AfterDeliveryWords {
    token: String,
    key: String,
    /// The question, while it is open.
    arrival_question: Option<String>,
    arrival_yes: String,
    arrival_no: String,
    arrival_what: String,
    /// The answer's acknowledgement, once given.
    arrival_answered: Option<String>,
    review: Option<(String, String)>,
    return_title: String,
    /// Open: until when, the lines (position, name, how many can go back), the reasons.
    return_until: Option<String>,
    return_lines: Vec<(usize, String, Vec<u32>)>,
    reasons: Vec<(&'static str, String)>,
    reason_label: String,
    send: String,
    return_closed: Option<String>,
    returns_title: String,
    returns: Vec<String>,
    /// The complaint form while the warranty lasts: its title, kinds, labels.
    complaint_title: String,
    complaint_open: bool,
    complaint_kinds: Vec<(&'static str, String)>,
    complaint_what: String,
    complaint_send: String,
    complaints: Vec<String>,
}

/// The open missing-stock question, as the page asks it: one button per option offered.
struct StockQuestion {
    question: String,
    deadline: String,
    /// When the missing items are expected back, if staff said.
    expected: Option<String>,
    token: String,
    key: String,
    choices: Vec<(&'static str, String)>,
}

#[derive(askama::Template)]
#[template(path = "status.html")]
struct StatusPage<'a> {
    view: &'a StatusView,
    words: &'a PageWords,
    locale: &'a str,
    shop: &'a str,
    accent: &'a str,
}

async fn status_page<S: OrderStore, Q: NoticeQueue>(
    State(app): State<Arc<App<S, Q>>>,
    Segments(order_id): Segments<String>,
    headers: axum::http::HeaderMap,
    axum::extract::Query(query): axum::extract::Query<TokenQuery>,
) -> Response {
    let order = match find_with_token(&app.store, &order_id, query.token.as_deref().unwrap_or_default()).await {
        Ok(Some(order)) => order,
        Ok(None) => return Visitor::of(&app, &headers).not_found(),
        Err(error) => return Problem::from(AppError::Store(error)).into_response(),
    };
    let locale = customer_locale(&app, &order);
    let zone = order.customer_time_zone(&app.settings.branding.time_zone);
    let view = StatusView::of(&order, &locale, &zone);
    let words = catalog();
    let say = |key: &str, args: &[(&str, String)]| {
        let mut fluent = fluent_bundle::FluentArgs::new();
        for (name, value) in args {
            fluent.set(*name, value.clone());
        }
        words.text(&locale, key, Some(&fluent)).unwrap_or_default()
    };
    let shipment = view.shipment.as_ref();
    let page_words = PageWords {
        title: say("page-title", &[("number", view.number.clone())]),
        parcel: say("page-parcel", &[]),
        carrier: shipment.and_then(|s| s.carrier.clone()).map(|c| say("page-carrier", &[("carrier", c)])),
        tracking_number: shipment
            .and_then(|s| s.tracking_number.clone())
            .map(|t| say("page-tracking-number", &[("tracking", t)])),
        eta: shipment
            .and_then(|s| s.estimated_delivery)
            .map(|at| say("page-eta", &[("eta", words.date(&locale, at, &zone))])),
        collect: shipment.and_then(|s| s.pickup_location.clone()).map(|p| say("page-collect", &[("place", p)])),
        follow: say("page-follow", &[]),
        history: say("page-history", &[]),
        items: say("page-items", &[]),
        total: say("page-total", &[("total", view.total.clone())]),
        needed: (!view.needed_from_you.is_empty())
            .then(|| say("page-needs-address", &[("shop", app.settings.branding.name.clone())])),
        stock: order.open_stock_question().map(|issue| {
            let default: &str = issue.default.into();
            StockQuestion {
                question: say("page-stock-question", &[("items", issue.items.join(", "))]),
                deadline: say(
                    "page-stock-deadline",
                    &[
                        ("by", words.datetime(&locale, issue.decide_by, &zone)),
                        ("default", say(&format!("stock-default-{default}"), &[])),
                    ],
                ),
                expected: issue
                    .expected_on
                    .map(|day| say("page-stock-expected", &[("expected", words.day(&locale, day))])),
                token: order.status_token.expose().clone(),
                key: form_key(order.status_token.expose(), &order.id),
                choices: issue
                    .offer
                    .iter()
                    .map(|option| {
                        let name: &'static str = option.into();
                        (name, say(&format!("stock-default-{name}"), &[]))
                    })
                    .collect(),
            }
        }),
        after: after_delivery_words(&app, &order, &locale, &zone, &say),
        cancel: cancel_words(&order, &locale, &zone, &say),
        status: view
            .timeline
            .last()
            .map(|l| l.description.clone())
            .unwrap_or_else(|| view.status.as_str().replace('_', " ")),
    };
    let page = StatusPage {
        view: &view,
        words: &page_words,
        locale: &locale,
        shop: &app.settings.branding.name,
        accent: &app.settings.branding.accent,
    };
    match askama::Template::render(&page) {
        Ok(html) => super::page(StatusCode::OK, html),
        Err(error) => {
            tracing::error!(%error, "status page template failed");
            Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "Internal error", "retry later").into_response()
        }
    }
}

/// A page's words: a key and its values.
type Say<'a> = dyn Fn(&str, &[(&str, String)]) -> String + 'a;

fn cancel_words(
    order: &crate::domain::Order,
    locale: &str,
    zone: &jiff::tz::TimeZone,
    say: &Say<'_>,
) -> Option<CancelWords> {
    use FulfilmentStatus as F;
    let (offer, button) = if order.customer_may_cancel() {
        (Some(say("page-cancel-now-text", &[])), say("page-cancel-now", &[]))
    } else if order.customer_may_ask_to_cancel() {
        (Some(say("page-cancel-ask-text", &[])), say("page-cancel-ask", &[]))
    } else {
        (None, String::new())
    };
    let on_its_way = matches!(
        order.status,
        F::Shipped | F::InTransit | F::OutForDelivery | F::AvailableForPickup | F::DeliveryException
    );
    let state = match order.cancel_request {
        _ if offer.is_some() || order.status == F::Cancelled => None,
        Some(request) if request.declined_at.is_some() => Some(say("page-cancel-declined", &[])),
        Some(request) => Some(say("page-cancel-asked", &[("at", catalog().datetime(locale, request.at, zone))])),
        None if on_its_way => Some(say("page-cancel-after", &[])),
        None => None,
    };
    if offer.is_none() && state.is_none() {
        return None;
    }
    Some(CancelWords {
        title: say("page-cancel-title", &[]),
        token: order.status_token.expose().clone(),
        key: form_key(order.status_token.expose(), &order.id),
        offer,
        button,
        state,
    })
}

fn after_delivery_words<S, Q>(
    app: &App<S, Q>,
    order: &crate::domain::Order,
    locale: &str,
    zone: &jiff::tz::TimeZone,
    say: &Say<'_>,
) -> Option<AfterDeliveryWords> {
    let window = app.settings.after_sales.return_window;
    let until = order.return_until(window)?;
    let date = catalog().date(locale, until, zone);
    let open = app.clock.now() <= until;
    let arrival = order.after_delivery.arrival.as_ref();
    let review = app.settings.branding.after_sales.review_url.as_deref().filter(|_| arrival.is_some_and(|a| a.ok));
    let return_lines: Vec<(usize, String, Vec<u32>)> = order
        .items
        .iter()
        .enumerate()
        .map(|(n, item)| (n, item.name.clone(), (0..=order.returnable(n)).collect::<Vec<u32>>()))
        .filter(|(_, _, counts)| counts.len() > 1)
        .collect();
    let states =
        order.after_delivery.returns.iter().map(|r| {
            say("page-return-state", &[("number", r.number.to_string()), ("state", r.state.name().to_string())])
        });
    Some(AfterDeliveryWords {
        token: order.status_token.expose().clone(),
        key: form_key(order.status_token.expose(), &order.id),
        arrival_question: order.asks_about_arrival().then(|| say("page-arrival-question", &[])),
        arrival_yes: say("page-arrival-yes", &[]),
        arrival_no: say("page-arrival-no", &[]),
        arrival_what: say("page-arrival-what", &[]),
        arrival_answered: arrival.map(|a| say(if a.ok { "page-arrival-thanks" } else { "page-arrival-sorry" }, &[])),
        review: review
            .map(|url| (crate::notify::render::AfterSalesWords::fill(url, &order.number, 0), say("page-review", &[]))),
        return_title: say("page-return-title", &[]),
        return_until: (open && !return_lines.is_empty()).then(|| say("page-return-until", &[("until", date.clone())])),
        return_lines,
        reasons: <crate::domain::ReturnReason as strum::IntoEnumIterator>::iter()
            .map(|r| (r.as_str(), say(&format!("return-reason-{}", r.as_str()), &[])))
            .collect(),
        reason_label: say("page-return-reason", &[]),
        send: say("page-return-send", &[]),
        return_closed: (!open).then(|| say("page-return-closed", &[("until", date)])),
        returns_title: say("page-returns", &[]),
        returns: states.collect(),
        complaint_title: say("page-complaint-title", &[]),
        complaint_open: order.return_until(app.settings.after_sales.warranty).is_some_and(|end| app.clock.now() <= end),
        complaint_kinds: <crate::domain::ComplaintKind as strum::IntoEnumIterator>::iter()
            .map(|k| (k.as_str(), say(&format!("complaint-kind-{}", k.as_str()), &[])))
            .collect(),
        complaint_what: say("page-complaint-what", &[]),
        complaint_send: say("page-complaint-send", &[]),
        complaints: order
            .after_delivery
            .complaints
            .iter()
            .map(|c| {
                let state = c.resolved.as_ref().map_or("open", |r| r.resolution.as_str());
                let line =
                    say("page-complaint-state", &[("number", c.number.to_string()), ("state", state.to_string())]);
                // A replacement sent with a carrier: its parcel, to follow, and whether it arrived.
                match c.resolved.as_ref().and_then(|r| r.replacement.as_ref()) {
                    Some(parcel) => {
                        let arrived = parcel.delivered_at.map(|_| format!(" · {}", say("timeline-delivered", &[])));
                        format!("{line} · {} {}{}", parcel.carrier, parcel.tracking_number, arrived.unwrap_or_default())
                    }
                    None => line,
                }
            })
            .collect(),
    })
}

/// The value the status page's forms must carry back: derived from the order's token, so that a
/// page from elsewhere cannot make one (with `Sec-Fetch-Site` and `Origin` checked too).
fn form_key(token: &str, order_id: &str) -> String {
    crate::primitives::hmac_hex(token.as_bytes(), &[b"page-form:", order_id.as_bytes()], 16)
}

/// Whether the browser says the form was posted from another site.
pub(super) fn cross_site(headers: &axum::http::HeaderMap) -> bool {
    let value = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let fetch_site = value("sec-fetch-site").is_some_and(|site| !matches!(site, "same-origin" | "none"));
    let host = value("host").unwrap_or_default();
    let origin = value("origin")
        .is_some_and(|origin| origin != "null" && origin.split_once("://").map(|(_, rest)| rest) != Some(host));
    fetch_site || origin
}

#[derive(serde::Deserialize)]
struct StockForm {
    token: String,
    key: String,
    choice: StockOption,
}

/// Who a short page (a refusal, an error) speaks to: in their browser's language when the catalog
/// has it (`Accept-Language`), else the shop's; dates in the shop's time zone.
struct Visitor {
    locale: String,
    zone: jiff::tz::TimeZone,
}

impl Visitor {
    fn of<S, Q>(app: &App<S, Q>, headers: &axum::http::HeaderMap) -> Self {
        let words = catalog();
        let wanted = headers.get(axum::http::header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or_default();
        let locale = wanted
            .split(',')
            .filter_map(|range| range.split(';').next())
            .filter_map(|tag| tag.trim().split(['-', '_']).next())
            .map(str::to_ascii_lowercase)
            .find(|tag| words.locales().any(|known| known == tag))
            .unwrap_or_else(|| words.resolve(&app.settings.branding.locale, "en").to_string());
        Self { locale, zone: app.settings.branding.time_zone.clone() }
    }

    fn say(&self, key: &str, args: Option<&fluent_bundle::FluentArgs>) -> String {
        catalog().text(&self.locale, key, args).unwrap_or_else(|_| key.to_string())
    }

    /// A short page: `{key}-title` over `{key}-text`.
    fn page(&self, status: StatusCode, key: &str) -> Response {
        self.page_saying(status, key, &self.say(&format!("{key}-text"), None))
    }

    fn page_saying(&self, status: StatusCode, key: &str, text: &str) -> Response {
        let escape = crate::primitives::escape_html;
        let html = format!(
            "<!DOCTYPE html><html lang=\"{}\"><meta charset=\"utf-8\"><meta name=\"viewport\" \
             content=\"width=device-width, initial-scale=1\"><title>{}</title><h1>{}</h1><p>{}</p></html>",
            self.locale,
            escape(&self.say(&format!("{key}-title"), None)),
            escape(&self.say(&format!("{key}-title"), None)),
            escape(text),
        );
        super::page(status, html)
    }

    fn not_found(&self) -> Response {
        self.page(StatusCode::NOT_FOUND, "page-not-found")
    }

    /// Why what the customer asked is not possible, in their words.
    fn refused(&self, refusal: &crate::domain::Refusal) -> Response {
        use crate::domain::Refusal;
        let text = match refusal {
            Refusal::Customer(why) => {
                let mut args = fluent_bundle::FluentArgs::new();
                if let Some(until) = why.until() {
                    args.set("until", catalog().date(&self.locale, until, &self.zone));
                }
                if let Some(count) = why.count() {
                    args.set("count", count);
                }
                self.say(&why.key(), Some(&args))
            }
            Refusal::NoStockQuestion | Refusal::ChoiceNotOffered => self.say("page-stock-closed-text", None),
            _ => self.say("page-not-possible-text", None),
        };
        self.page_saying(StatusCode::CONFLICT, "page-not-possible", &text)
    }

    /// The answer to one of the page's forms: back to the page, or why not.
    fn answer(&self, base: &BasePath, order_id: &str, token: &str, result: Result<(), ActError>) -> Response {
        match result {
            Ok(()) => {
                axum::response::Redirect::to(&base.join(&format!("/track/{order_id}?token={token}"))).into_response()
            }
            // Customers act on their own order only; no role applies to them.
            Err(ActError::NotFound | ActError::Forbidden(_)) => self.not_found(),
            Err(ActError::Refused(refusal)) => self.refused(&refusal),
            Err(ActError::Capture(_)) => self.page(StatusCode::SERVICE_UNAVAILABLE, "page-try-again"),
            Err(ActError::Store(error)) => Problem::from(AppError::Store(error)).into_response(),
        }
    }
}

/// `POST /track/{id}/stock`: the customer's answer to a missing-stock question, from the page's form.
async fn stock_answer<S: OrderStore, Q: NoticeQueue>(
    State(app): State<Arc<App<S, Q>>>,
    base: BasePath,
    Segments(order_id): Segments<String>,
    headers: axum::http::HeaderMap,
    form: Result<axum::Form<StockForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let visitor = Visitor::of(&app, &headers);
    let Ok(axum::Form(form)) = form else {
        return visitor.page(StatusCode::BAD_REQUEST, "page-not-understood");
    };
    let expected = form_key(&form.token, &order_id);
    let key_ok = bool::from(subtle::ConstantTimeEq::ct_eq(expected.as_bytes(), form.key.as_bytes()));
    if !key_ok || cross_site(&headers) {
        return visitor.page(StatusCode::FORBIDDEN, "page-not-accepted");
    }
    let result = answer_stock_question(&app, &order_id, &form.token, form.choice).await;
    visitor.answer(&base, &order_id, &form.token, result)
}

/// Checks an after-delivery form's key and origin; returns its token.
fn page_form(
    visitor: &Visitor,
    headers: &axum::http::HeaderMap,
    order_id: &str,
    form: &HashMap<String, String>,
) -> Result<String, Box<Response>> {
    let token = form.get("token").cloned().unwrap_or_default();
    let expected = form_key(&token, order_id);
    let given = form.get("key").map(String::as_str).unwrap_or_default();
    let key_ok = bool::from(subtle::ConstantTimeEq::ct_eq(expected.as_bytes(), given.as_bytes()));
    if !key_ok || cross_site(headers) {
        return Err(Box::new(visitor.page(StatusCode::FORBIDDEN, "page-not-accepted")));
    }
    Ok(token)
}

/// `POST /track/{id}/cancel`: the customer cancels, or asks the shop to while it is being packed.
async fn cancel<S: OrderStore, Q: NoticeQueue>(
    State(app): State<Arc<App<S, Q>>>,
    base: BasePath,
    Segments(order_id): Segments<String>,
    headers: axum::http::HeaderMap,
    super::FormBody(form): super::FormBody<HashMap<String, String>>,
) -> Response {
    let visitor = Visitor::of(&app, &headers);
    let token = match page_form(&visitor, &headers, &order_id, &form) {
        Ok(token) => token,
        Err(refused) => return *refused,
    };
    let result = crate::app::fulfilment::customer_cancel(&app, &order_id, &token).await;
    visitor.answer(&base, &order_id, &token, result)
}

/// `/t/{id}/{token}`: the short link in SMS, redirected to the status page.
async fn short_link(base: BasePath, Segments((order_id, short)): Segments<(String, String)>) -> Response {
    use base64::Engine;
    match base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(short.as_bytes()) {
        Ok(token) if token.len() == 12 => {
            let page = format!("/track/{order_id}?token={}", hex::encode(token));
            axum::response::Redirect::to(&base.join(&page)).into_response()
        }
        _ => order_not_found().into_response(),
    }
}

/// What customers read: their order as JSON and as a page (the order-status function, read only).
pub(super) fn views<S: OrderStore, Q: NoticeQueue>() -> Router<Arc<App<S, Q>>> {
    Router::new()
        .route("/orders/{order_id}", get(status_json::<S, Q>))
        .route("/track/{order_id}", get(status_page::<S, Q>))
        .route("/t/{order_id}/{token}", get(short_link))
}

/// What customers send from their page (the customer-forms function).
pub(super) fn answers<S: OrderStore, Q: NoticeQueue>() -> Router<Arc<App<S, Q>>> {
    Router::new()
        .route("/track/{order_id}/stock", axum::routing::post(stock_answer::<S, Q>))
        .route("/track/{order_id}/arrival", axum::routing::post(forms::after_delivery_form::<S, Q, forms::ArrivalAsk>))
        .route("/track/{order_id}/return", axum::routing::post(forms::after_delivery_form::<S, Q, forms::ReturnAsk>))
        .route(
            "/track/{order_id}/complaint",
            axum::routing::post(forms::after_delivery_form::<S, Q, forms::ComplaintAsk>),
        )
        .route("/track/{order_id}/cancel", axum::routing::post(cancel::<S, Q>))
}
