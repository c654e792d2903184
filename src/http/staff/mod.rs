//! The back office as pages for staff (`/staff/…`): sign-in with a named token, a session cookie
//! and a form token on every post; orders by status; an order with the actions its status allows;
//! packing slips and invoices to print. The JSON API (`/admin/…`) stays as it is for scripts.

mod customer;
mod list;
mod order;
mod print;
mod sign_in;
mod trail;

use super::session::{self, Session};
use super::throttle::{Attempt, ClientAddress};
use super::{Segments, admin};
use crate::app::access::{Audited, audit};
use crate::app::fulfilment::{ActError, act_on_order};
use crate::app::{App, AppError};
use crate::domain::{FulfilmentStatus, Notice, Order, Role, TimelineEvent};
use crate::notify::NoticeQueue;
use crate::notify::locale::catalog;
use crate::store::OrderStore;
use axum::Router;
use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use jiff::{SignedDuration, Timestamp};
use std::collections::HashMap;
use std::sync::Arc;

/// The pages' words, in the shop's language.
pub struct Words {
    locale: String,
    /// Where the shop's pages are: empty for the default shop, `/s/<shop>` for another.
    base: String,
}

impl Words {
    fn of<S, Q>(app: &App<S, Q>) -> Self {
        let locale = catalog().resolve(&app.settings.branding.locale, "en").to_string();
        Self { locale, base: staff_url(app, "") }
    }

    /// What every link and form of the pages begins with (before `/staff`).
    pub fn base(&self) -> &str {
        &self.base
    }

    /// The text of `key`.
    pub fn t(&self, key: &str) -> String {
        catalog().text(&self.locale, key, None).unwrap_or_else(|_| key.to_string())
    }

    /// The text of `key` with one value.
    pub fn t1(&self, key: &str, name: &str, value: &str) -> String {
        let mut args = fluent_bundle::FluentArgs::new();
        args.set(name.to_string(), value.to_string());
        catalog().text(&self.locale, key, Some(&args)).unwrap_or_else(|_| key.to_string())
    }

    /// The page's language tag.
    pub fn lang(&self) -> &str {
        &self.locale
    }

    pub fn status(&self, status: &FulfilmentStatus) -> String {
        self.t(&format!("staff-status-{}", status.as_str()))
    }

    /// The text of `key`, or `fallback` when the catalog has none.
    fn t_or(&self, key: &str, fallback: &str) -> String {
        catalog().text(&self.locale, key, None).unwrap_or_else(|_| fallback.replace('_', " "))
    }

    /// What a timeline entry says happened, in the shop's words.
    fn event(&self, event: &TimelineEvent) -> String {
        match event {
            TimelineEvent::Status(status) => self.status(status),
            TimelineEvent::Carrier(status) => {
                let what =
                    crate::app::status::describe(event).map_or_else(|| status.label().replace('_', " "), |k| self.t(k));
                format!("{}: {what}", self.t("staff-carrier-update"))
            }
            other => {
                let name = other.name();
                self.t_or(&format!("event-{}", name.replace('_', "-")), &name)
            }
        }
    }

    /// Why an action was refused, in the shop's words.
    fn refusal(&self, refusal: &crate::domain::Refusal) -> String {
        catalog().refusal(&self.locale, refusal, |name, value| match name {
            "status" => self.t(&format!("staff-status-{value}")),
            "payment" => self.t(&format!("staff-payment-{value}")),
            _ => value.to_string(),
        })
    }

    /// A message's kind, who it was for and how it went, in the shop's words.
    fn notice(&self, notice: &Notice) -> (String, String) {
        let kind = notice.kind.as_str();
        (
            self.t_or(&format!("notice-{}", kind.replace('_', "-")), kind),
            self.t(&format!("staff-channel-{}", notice.channel.as_str())),
        )
    }
}

fn render(status: StatusCode, page: &impl askama::Template) -> Response {
    match page.render() {
        Ok(html) => super::page(status, html),
        Err(error) => {
            tracing::error!(%error, "staff page template failed");
            super::page(StatusCode::INTERNAL_SERVER_ERROR, "<p>Internal error</p>".into())
        }
    }
}

/// Checks a post: a live session, the page's form token, and no other site behind it.
/// A form posted from one of the staff's pages, checked before its handler sees it: signed in
/// (else to the sign-in page), the form's token of this session, and not from another site (else
/// 403). Its fields in the order sent, and by name.
pub(super) struct Posted {
    session: Session,
    fields: Vec<(String, String)>,
    form: HashMap<String, String>,
}

impl<S: OrderStore, Q: NoticeQueue> axum::extract::FromRequest<Arc<App<S, Q>>> for Posted {
    type Rejection = Response;

    async fn from_request(request: axum::extract::Request, app: &Arc<App<S, Q>>) -> Result<Self, Response> {
        let headers = request.headers().clone();
        let super::FormBody(fields) = super::FormBody::<Vec<(String, String)>>::from_request(request, app)
            .await
            .map_err(IntoResponse::into_response)?;
        let form: HashMap<String, String> = fields.iter().cloned().collect();
        let session = match session::open(app, &headers).await {
            Ok(Some(session)) => session,
            Ok(None) => return Err(Redirect::to(&staff_url(app, "/staff/sign-in")).into_response()),
            Err(error) => return Err(super::Problem::from(AppError::Store(error)).into_response()),
        };
        let given = form.get("form_token").map(String::as_str).unwrap_or_default();
        if !session.is_form_token(given) || super::status::cross_site(&headers) {
            let w = Words::of(app);
            return Err(message_page(app, StatusCode::FORBIDDEN, &w.t("staff-refused")));
        }
        Ok(Posted { session, fields, form })
    }
}

impl Posted {
    /// A field by its name, trimmed; `None` when absent or blank.
    fn field(&self, name: &str) -> Option<&str> {
        self.form.get(name).map(|v| v.trim()).filter(|v| !v.is_empty())
    }
}

#[derive(askama::Template)]
#[template(path = "staff/message.html")]
struct MessagePage<'a> {
    w: &'a Words,
    shop: &'a str,
    text: &'a str,
}

fn message_page<S, Q>(app: &App<S, Q>, status: StatusCode, text: &str) -> Response {
    let w = Words::of(app);
    render(status, &MessagePage { w: &w, shop: &app.settings.branding.name, text })
}

/// `path` (`/staff/…`) among the pages of `app`'s shop.
fn staff_url<S, Q>(app: &App<S, Q>, path: &str) -> String {
    super::shops::BasePath::of(&app.settings.shop).join(path)
}

fn order_path<S, Q>(app: &App<S, Q>, id: &str) -> String {
    staff_url(app, &format!("/staff/orders/{}", url_segment(id)))
}

/// An id as one URL path segment.
fn url_segment(id: &str) -> String {
    id.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

async fn home<S: OrderStore, Q: NoticeQueue>(State(app): State<Arc<App<S, Q>>>, _session: Session) -> Response {
    Redirect::to(&staff_url(&app, "/staff/orders")).into_response()
}

pub(super) fn routes<S: OrderStore, Q: NoticeQueue>() -> Router<Arc<App<S, Q>>> {
    Router::new()
        .route("/staff", get(home::<S, Q>))
        .route("/staff/sign-in", get(sign_in::sign_in_form::<S, Q>).post(sign_in::sign_in::<S, Q>))
        .route("/staff/sign-out", post(sign_in::sign_out::<S, Q>))
        .route("/staff/sign-out-everywhere", post(sign_in::sign_out_everywhere::<S, Q>))
        .route("/staff/audit", get(trail::audit_page::<S, Q>))
        .route("/staff/orders", get(list::orders_page::<S, Q>))
        .route("/staff/unmatched", get(trail::unmatched_page::<S, Q>))
        .route("/staff/search", post(list::search::<S, Q>))
        .route("/staff/packing-slips", get(print::packing_slips::<S, Q>))
        .route("/staff/orders/{order_id}", get(order::order_page::<S, Q>))
        .route("/staff/orders/{order_id}/{action}", get(print::print_page::<S, Q>).post(order::order_action::<S, Q>))
}

#[cfg(test)]
mod tests {
    use super::order::form_body;
    use serde_json::json;

    fn body(fields: &[(&str, &str)]) -> serde_json::Value {
        let zone = jiff::tz::TimeZone::get("Europe/Paris").unwrap();
        form_body(&fields.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<Vec<_>>(), &zone)
    }

    #[test]
    fn a_form_becomes_the_apis_body() {
        assert_eq!(
            body(&[
                ("form_token", "t"),
                ("nonce", "n"),
                ("carrier", " UPS "),
                ("tracking_url", ""),
                ("ship_unpaid", "yes"),
                ("answer_within_hours", "48"),
                ("items", "A-1\nB-2\n"),
                ("offer", "wait"),
                ("offer", "cancel"),
            ]),
            json!({ "carrier": "UPS", "ship_unpaid": true, "answer_within_hours": 48, "items": ["A-1", "B-2"],
                    "offer": ["wait", "cancel"] })
        );
        assert_eq!(
            body(&[
                ("customer.billing_address.city", "Paris"),
                ("customer.billing_address.line2", " "),
                ("customer.name", "Sophie"),
                ("shipping.address.line1", "26 rue Saint-Denis"),
            ]),
            json!({ "customer": { "name": "Sophie", "billing_address": { "city": "Paris" } },
                    "shipping": { "address": { "line1": "26 rue Saint-Denis" } } })
        );
        // A name that is both a value and an object: the object wins, nothing panics.
        assert_eq!(body(&[("a", "1"), ("a.b", "2")]), json!({ "a": { "b": "2" } }));
        // The browser's times are the shop's: Paris is an hour ahead of UTC in December.
        assert_eq!(
            body(&[
                ("next_call_at", "2026-12-04T10:30"),
                ("estimated_delivery", "2026-12-07"),
                ("until", "2026-12-09")
            ]),
            json!({ "next_call_at": "2026-12-04T09:30:00Z", "estimated_delivery": "2026-12-07T11:00:00Z",
                    "until": "2026-12-09" })
        );
        // Not a time: passed on as typed, for the API to name the field.
        assert_eq!(body(&[("next_call_at", "soon")]), json!({ "next_call_at": "soon" }));
    }
}
