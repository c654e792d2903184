//! The back office as pages for staff (`/staff/…`): sign-in with a named token, a session cookie
//! and a form token on every post; orders by status; an order with the actions its status allows;
//! packing slips and invoices to print. The JSON API (`/admin/…`) stays as it is for scripts.

use super::session::{self, Session};
use super::throttle::{Attempt, ClientAddress};
use super::{Segments, admin};
use crate::app::access::{Audited, audit};
use crate::app::fulfilment::{ActError, act_on_order};
use crate::app::{App, AppError};
use crate::domain::{FulfilmentStatus, Notice, Order, Role, TimelineEvent};
use crate::notify::NoticeQueue;
use crate::notify::locale::catalog;
use crate::store::{OrderStore, Pointer, StoreError};
use axum::Router;
use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use jiff::{SignedDuration, Timestamp};
use std::collections::HashMap;
use std::sync::Arc;

/// The statuses an order waits in for staff: each gets its count.
const WORK: [FulfilmentStatus; 9] = [
    FulfilmentStatus::Received,
    FulfilmentStatus::Confirmed,
    FulfilmentStatus::Packing,
    FulfilmentStatus::OnHold,
    FulfilmentStatus::Shipped,
    FulfilmentStatus::InTransit,
    FulfilmentStatus::OutForDelivery,
    FulfilmentStatus::AvailableForPickup,
    FulfilmentStatus::DeliveryException,
];
const DONE: [FulfilmentStatus; 4] =
    [FulfilmentStatus::Delivered, FulfilmentStatus::Cancelled, FulfilmentStatus::Returned, FulfilmentStatus::Archived];

/// The pages' words, in the shop's language.
pub struct Words {
    locale: String,
}

impl Words {
    fn of<S, Q>(app: &App<S, Q>) -> Self {
        Self { locale: catalog().resolve(&app.settings.branding.locale, "en").to_string() }
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

    /// A message's kind, who it was for and how it went, in the shop's words.
    fn notice(&self, notice: &Notice) -> (String, String) {
        let kind = notice.kind.as_str();
        (
            self.t_or(&format!("notice-{}", kind.replace('_', "-")), kind),
            self.t(&format!("staff-channel-{}", notice.channel.as_str())),
        )
    }
}

#[derive(askama::Template)]
#[template(path = "staff/sign_in.html")]
struct SignInPage<'a> {
    w: &'a Words,
    shop: &'a str,
    error: Option<String>,
}

fn sign_in_page<S, Q>(app: &App<S, Q>, status: StatusCode, error: Option<String>) -> Response {
    let w = Words::of(app);
    render(status, &SignInPage { w: &w, shop: &app.settings.branding.name, error })
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

async fn sign_in_form<S: OrderStore, Q: NoticeQueue>(
    State(app): State<Arc<App<S, Q>>>,
    headers: HeaderMap,
) -> Response {
    match session::open(&app, &headers).await {
        Ok(Some(_)) => Redirect::to("/staff/orders").into_response(),
        Ok(None) => sign_in_page(&app, StatusCode::OK, None),
        Err(error) => super::Problem::from(AppError::Store(error)).into_response(),
    }
}

async fn sign_in<S: OrderStore, Q: NoticeQueue>(
    State(app): State<Arc<App<S, Q>>>,
    address: ClientAddress,
    headers: HeaderMap,
    form: Result<Form<HashMap<String, String>>, axum::extract::rejection::FormRejection>,
) -> Response {
    let w = Words::of(&app);
    if super::status::cross_site(&headers) {
        return sign_in_page(&app, StatusCode::FORBIDDEN, Some(w.t("staff-refused")));
    }
    let field =
        |name: &str| form.as_ref().ok().and_then(|f| f.get(name)).map(|t| t.trim().to_string()).unwrap_or_default();
    let (account, token) = (field("name"), field("token"));
    let attempt = Attempt::new("staff", &address, Some(&account));
    let now = app.clock.now();
    match attempt.paused(&app.store, now).await {
        Ok(true) => return sign_in_page(&app, StatusCode::TOO_MANY_REQUESTS, Some(w.t("staff-paused"))),
        Ok(false) => {}
        Err(error) => return super::Problem::from(AppError::Store(error)).into_response(),
    }
    let Some(account) = app.settings.staff.sign_in(&account, &token) else {
        let paused = attempt.failed(&app.store, now).await;
        tracing::warn!(paused, "staff sign-in refused");
        let (status, key) = match paused {
            true => (StatusCode::TOO_MANY_REQUESTS, "staff-paused"),
            false => (StatusCode::UNAUTHORIZED, "staff-wrong-token"),
        };
        return sign_in_page(&app, status, Some(w.t(key)));
    };
    let cookie = match session::start(&app, account).await {
        Ok(Some(cookie)) => cookie,
        Ok(None) => return sign_in_page(&app, StatusCode::SERVICE_UNAVAILABLE, Some(w.t("staff-no-session-key"))),
        Err(error) => return super::Problem::from(AppError::Store(error)).into_response(),
    };
    tracing::info!(staff = %account.name(), role = account.role().as_str(), "staff signed in");
    let mut response = Redirect::to("/staff/orders").into_response();
    response.headers_mut().insert(header::SET_COOKIE, cookie);
    response
}

/// Checks a post: a live session, the page's form token, and no other site behind it.
async fn posted<S: OrderStore, Q: NoticeQueue>(
    app: &App<S, Q>,
    headers: &HeaderMap,
    form: &HashMap<String, String>,
) -> Result<Session, Box<Response>> {
    let session = match session::open(app, headers).await {
        Ok(Some(session)) => session,
        Ok(None) => return Err(Box::new(Redirect::to("/staff/sign-in").into_response())),
        Err(error) => return Err(Box::new(super::Problem::from(AppError::Store(error)).into_response())),
    };
    let given = form.get("form_token").map(String::as_str).unwrap_or_default();
    if !session.is_form_token(given) || super::status::cross_site(headers) {
        let w = Words::of(app);
        return Err(Box::new(message_page(app, StatusCode::FORBIDDEN, &w.t("staff-refused"))));
    }
    Ok(session)
}

async fn sign_out<S: OrderStore, Q: NoticeQueue>(
    State(app): State<Arc<App<S, Q>>>,
    headers: HeaderMap,
    super::FormBody(form): super::FormBody<HashMap<String, String>>,
) -> Response {
    if let Err(refused) = posted(&app, &headers, &form).await {
        return *refused;
    }
    let mut response = Redirect::to("/staff/sign-in").into_response();
    response.headers_mut().insert(header::SET_COOKIE, session::set_cookie(&app, "", 0));
    response
}

/// `POST /staff/sign-out-everywhere`: ends every session of the signed-in account, on every device
/// (a copied cookie included); an owner may end another account's (`account` in the form).
async fn sign_out_everywhere<S: OrderStore, Q: NoticeQueue>(
    State(app): State<Arc<App<S, Q>>>,
    headers: HeaderMap,
    super::FormBody(form): super::FormBody<HashMap<String, String>>,
) -> Response {
    let session = match posted(&app, &headers, &form).await {
        Ok(session) => session,
        Err(refused) => return *refused,
    };
    let named = form.get("account").map(|a| a.trim()).filter(|a| !a.is_empty()).unwrap_or(session.name());
    let w = Words::of(&app);
    // The account as configured (any case), or none: ending a name nobody has would end nothing.
    let Some(whose) = app.settings.staff.accounts().find(|a| a.name().eq_ignore_ascii_case(named)).map(|a| a.name())
    else {
        return message_page(&app, StatusCode::NOT_FOUND, &w.t("staff-not-found"));
    };
    if whose != session.name() && !session.may(Role::Owner) {
        return message_page(&app, StatusCode::FORBIDDEN, &w.t1("staff-role-needed", "role", Role::Owner.as_str()));
    }
    if let Err(error) = crate::app::access::end_sessions(&app, &session.actor(), whose).await {
        return super::Problem::from(AppError::Store(error)).into_response();
    }
    if whose != session.name() {
        return message_page(&app, StatusCode::OK, &w.t1("staff-sessions-ended", "account", whose));
    }
    let mut response = Redirect::to("/staff/sign-in").into_response();
    response.headers_mut().insert(header::SET_COOKIE, session::set_cookie(&app, "", 0));
    response
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

/// One line of the orders list.
pub struct Row {
    pub id: String,
    pub number: String,
    pub placed: String,
    pub total: String,
    pub payment: String,
    /// What needs doing next, in words.
    pub next: String,
    pub late: bool,
}

impl Row {
    /// A whole order's line: what waits, and whether it is late.
    fn of(order: &Order, w: &Words, zone: &jiff::tz::TimeZone, next: String, late: bool) -> Self {
        Row {
            id: order.id.clone(),
            number: order.number.clone(),
            placed: catalog().datetime(&w.locale, order.placed_at, zone),
            total: order.money(order.totals.total_minor).to_string(),
            payment: w.t(&format!("staff-payment-{}", order.payment.status.as_str())),
            next,
            late,
        }
    }
}

#[derive(askama::Template)]
#[template(path = "staff/orders.html")]
struct OrdersPage<'a> {
    w: &'a Words,
    shop: &'a str,
    staff: &'a str,
    form_token: &'a str,
    /// Whether the audit trail is offered.
    owner: bool,
    status: FulfilmentStatus,
    /// Showing the orders with open returns or complaints, and how many there are.
    after_sales: bool,
    after_sales_count: usize,
    /// Showing the cash-on-delivery orders to reconcile, and how many there are.
    cash: bool,
    cash_count: usize,
    tabs: Vec<(FulfilmentStatus, Option<usize>)>,
    rows: Vec<Row>,
    next: Option<String>,
    notice: Option<String>,
}

#[derive(serde::Deserialize)]
struct ListQuery {
    status: Option<FulfilmentStatus>,
    after: Option<String>,
    number: Option<String>,
    /// The orders with open returns or complaints instead of a status.
    #[serde(default)]
    after_sales: bool,
    /// The cash-on-delivery orders to reconcile instead of a status.
    #[serde(default)]
    cash: bool,
}

async fn orders_page<S: OrderStore, Q: NoticeQueue>(
    State(app): State<Arc<App<S, Q>>>,
    session: Session,
    query: Result<Query<ListQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let w = Words::of(&app);
    let query = query.map(|Query(q)| q).unwrap_or(ListQuery {
        status: None,
        after: None,
        number: None,
        after_sales: false,
        cash: false,
    });
    let mut notice = None;
    // A search by order number goes straight to the order.
    if let Some(number) = query.number.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        let found = match app.store.find_pointer(&Pointer::number(number)).await {
            Ok(Some(id)) => Some(id),
            Ok(None) => app.store.get(number).await.ok().flatten().map(|o| o.id),
            Err(error) => return super::Problem::from(AppError::Store(error)).into_response(),
        };
        match found {
            Some(id) => return Redirect::to(&order_path(&id)).into_response(),
            None => notice = Some(w.t1("staff-no-such-number", "number", number)),
        }
    }
    let status = query.status.unwrap_or(FulfilmentStatus::Received);
    let mut tabs = Vec::new();
    for tab in WORK {
        match app.store.list_by_status(tab, 100, None).await {
            Ok(page) => tabs.push((tab, Some(page.orders.len()).filter(|_| page.next.is_none()))),
            Err(error) => return super::Problem::from(AppError::Store(error)).into_response(),
        }
    }
    tabs.extend(DONE.into_iter().map(|s| (s, None)));
    let zone = &app.settings.branding.time_zone;
    let now = app.clock.now();
    let (open_cases, after_sales_count) = match open_after_sales(&app, &w, zone).await {
        Ok(found) => {
            let count = found.len();
            (found, count)
        }
        Err(error) => return super::Problem::from(AppError::Store(error)).into_response(),
    };
    let cash_rows = match cash_to_reconcile(&app, &w, zone).await {
        Ok(rows) => rows,
        Err(error) => return super::Problem::from(AppError::Store(error)).into_response(),
    };
    let cash_count = cash_rows.len();
    let form_token = session.form_token();
    if query.after_sales || query.cash {
        let page = OrdersPage {
            w: &w,
            shop: &app.settings.branding.name,
            staff: session.name(),
            form_token: &form_token,
            owner: session.may(Role::Owner),
            status,
            after_sales: query.after_sales,
            after_sales_count,
            cash: !query.after_sales,
            cash_count,
            tabs,
            rows: if query.after_sales { open_cases } else { cash_rows },
            next: None,
            notice,
        };
        return render(StatusCode::OK, &page);
    }
    let page = match app.store.list_by_status(status, 25, query.after.as_deref()).await {
        Ok(page) => page,
        Err(error) => return super::Problem::from(AppError::Store(error)).into_response(),
    };
    let mut rows = Vec::new();
    for o in &page.orders {
        // The whole order (a page is 25): what needs doing next is in its hold reason and duties.
        let order = match app.store.get(&o.order_id).await {
            Ok(order) => order,
            Err(error) => return super::Problem::from(AppError::Store(error)).into_response(),
        };
        let (next, late) = match &order {
            Some(order) => next_step(&w, order, now, zone),
            None => (w.t(&format!("staff-next-{}", o.status.as_str())), false),
        };
        rows.push(Row {
            id: o.order_id.clone(),
            number: o.number.clone(),
            placed: catalog().datetime(&w.locale, o.placed_at, zone),
            total: o.total.clone(),
            payment: w.t(&format!("staff-payment-{}", o.payment_status.as_str())),
            next,
            late,
        });
    }
    let page = OrdersPage {
        w: &w,
        shop: &app.settings.branding.name,
        staff: session.name(),
        form_token: &form_token,
        owner: session.may(Role::Owner),
        status,
        after_sales: false,
        after_sales_count,
        cash: false,
        cash_count,
        tabs,
        rows,
        next: page.next,
        notice,
    };
    render(StatusCode::OK, &page)
}

/// The orders with a return or complaint still open (the latest hundred that ever had one), each
/// with what waits.
async fn open_after_sales<S: OrderStore, Q: NoticeQueue>(
    app: &App<S, Q>,
    w: &Words,
    zone: &jiff::tz::TimeZone,
) -> Result<Vec<Row>, crate::store::StoreError> {
    use crate::domain::ReturnState;
    let mut rows = Vec::new();
    for id in app.store.pointed_orders(&Pointer::AfterSales).await?.into_iter().take(100) {
        let Some(order) = app.store.get(&id).await? else { continue };
        let mut waiting: Vec<String> = order
            .after_delivery
            .returns
            .iter()
            .filter_map(|r| match r.state {
                ReturnState::Requested => Some(w.t1("staff-case-return-decide", "number", &r.number.to_string())),
                ReturnState::Approved { .. } => Some(w.t1("staff-case-return-coming", "number", &r.number.to_string())),
                ReturnState::Received { .. } => Some(w.t1("staff-case-return-refund", "number", &r.number.to_string())),
                _ => None,
            })
            .collect();
        waiting.extend(
            order
                .after_delivery
                .complaints
                .iter()
                .filter(|c| c.resolved.is_none())
                .map(|c| w.t1("staff-case-complaint", "number", &c.number.to_string())),
        );
        if waiting.is_empty() {
            continue;
        }
        rows.push(Row::of(&order, w, zone, waiting.join(" · "), false));
    }
    Ok(rows)
}

/// The delivered cash-on-delivery orders (the latest hundred) whose collection by the courier is
/// not recorded, or was short: what the shop must still get from the courier.
async fn cash_to_reconcile<S: OrderStore, Q: NoticeQueue>(
    app: &App<S, Q>,
    w: &Words,
    zone: &jiff::tz::TimeZone,
) -> Result<Vec<Row>, crate::store::StoreError> {
    let mut rows = Vec::new();
    for id in app.store.pointed_orders(&Pointer::CashOnDelivery).await?.into_iter().take(100) {
        let Some(order) = app.store.get(&id).await?.filter(Order::cash_to_reconcile) else { continue };
        let next = match order.payment.collection {
            Some(_) => {
                let short = order.money(order.totals.total_minor - order.payment.received_minor).to_string();
                w.t1("staff-case-short", "amount", &short)
            }
            None => w.t("staff-case-no-collection"),
        };
        rows.push(Row::of(&order, w, zone, next, true));
    }
    Ok(rows)
}

/// What needs doing next about `order`, and whether it is late: the reason it is held (details
/// missing, the customer's answer about missing items, a payment to check), a payment falling due
/// within a day, a parcel without carrier news, an order waiting more than a day; else its status's
/// next step.
fn next_step(w: &Words, order: &Order, now: Timestamp, zone: &jiff::tz::TimeZone) -> (String, bool) {
    use crate::domain::HoldReason;
    use FulfilmentStatus as F;
    if order.open_cancel_request().is_some() {
        return (w.t("staff-hint-cancel-requested"), true);
    }
    if order.status == F::OnHold {
        let key = match order.hold_reason {
            Some(HoldReason::NeedsAttention) => "staff-hint-attention",
            Some(HoldReason::OutOfStock) => "staff-hint-stock",
            Some(HoldReason::PaymentCurrency | HoldReason::Overpaid) => "staff-hint-payment-check",
            None => "staff-next-on_hold",
        };
        return (w.t(key), order.hold_reason != Some(HoldReason::OutOfStock));
    }
    if order.is_awaiting_payment()
        && let Some(due) = order.payment.due_at.filter(|due| *due <= now + SignedDuration::from_hours(24))
    {
        return (w.t1("staff-hint-due", "due", &catalog().datetime(&w.locale, due, zone)), true);
    }
    // Handed over unpaid: on the list until paid, late once its deadline passed.
    if order.handed_over_unpaid() {
        let overdue = order.payment.due_at.is_none();
        return (w.t(if overdue { "staff-hint-overdue" } else { "staff-hint-unpaid" }), overdue);
    }
    if order.duties.stuck_at.is_some_and(|at| at <= now) {
        return (w.t("staff-hint-stuck"), true);
    }
    let waiting =
        matches!(order.status, F::Received | F::Confirmed) && order.received_at + SignedDuration::from_hours(24) < now;
    (w.t(&format!("staff-next-{}", order.status.as_str())), waiting)
}

fn order_path(id: &str) -> String {
    format!("/staff/orders/{}", url_segment(id))
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

/// One line of an order's history or messages, as staff read it.
pub struct Line {
    pub at: String,
    pub what: String,
    pub detail: String,
}

#[derive(askama::Template)]
#[template(path = "staff/order.html")]
struct OrderPage<'a> {
    w: &'a Words,
    shop: &'a str,
    staff: &'a str,
    form_token: &'a str,
    order: &'a Order,
    /// Whether the account may act at all (not a viewer), and whether on money (the owner).
    acts: bool,
    owner: bool,
    /// Whether it may cancel this order (the owner when money is held or received).
    may_cancel: bool,
    path: String,
    placed: String,
    total: String,
    subtotal: String,
    shipping: String,
    tax: String,
    discount: Option<String>,
    items: Vec<(String, String, u32, String)>,
    address: Vec<String>,
    /// The billing address, when the customer gave one apart from the shipping address.
    billing: Vec<String>,
    /// What the order needs before it can go on, in words (while it needs attention).
    problems: Vec<String>,
    /// What the correction forms start from.
    edit: Edit,
    contact: Vec<String>,
    note: Option<String>,
    payment: String,
    timeline: Vec<Line>,
    messages: Vec<Line>,
    actions: Vec<&'static str>,
    /// Fresh on every showing of the page: part of its forms' idempotency key.
    nonce: String,
    /// The choices the open missing-stock question offered the customer.
    stock_offer: Vec<&'static str>,
    /// The order's returns: number, what, why, amount, state, and whether staff can act on it.
    returns: Vec<ReturnRow>,
    /// The order's complaints: number, kind, the customer's words, and how settled (if it is).
    complaints: Vec<(u32, String, String, Option<String>)>,
    error: Option<String>,
}

/// A return as staff see it.
pub struct ReturnRow {
    pub number: u32,
    pub items: String,
    pub reason: String,
    pub amount: String,
    pub state: String,
    /// `decide` (approve or refuse) or `receive`, or nothing to do.
    pub next: Option<&'static str>,
}

/// The order's details as the correction forms show them, to change what is wrong.
#[derive(Default)]
struct Edit {
    name: String,
    email: String,
    phone: String,
    shipping_method: String,
    payment_method: &'static str,
    channel: &'static str,
    /// What is still owed, as a decimal (the payment form's amount).
    owed: String,
    cash_on_delivery: bool,
    address: AddressFields,
    billing: AddressFields,
}

#[derive(Default)]
struct AddressFields {
    recipient: String,
    company: String,
    line1: String,
    line2: String,
    postal_code: String,
    city: String,
    region: String,
    country: String,
}

impl AddressFields {
    fn of(address: Option<&crate::domain::Address>) -> Self {
        let Some(a) = address else { return Self::default() };
        let line = |n: usize| a.lines.get(n).cloned().unwrap_or_default();
        Self {
            recipient: a.recipient.clone().unwrap_or_default(),
            company: a.company.clone().unwrap_or_default(),
            line1: line(0),
            line2: a.lines.iter().skip(1).cloned().collect::<Vec<_>>().join(", "),
            postal_code: a.postal_code.clone().unwrap_or_default(),
            city: a.city.clone(),
            region: a.region.clone().unwrap_or_default(),
            country: a.country.clone(),
        }
    }
}

impl Edit {
    fn of(order: &Order) -> Self {
        let customer = &order.customer;
        let shown = |p: Option<&crate::domain::Private<String>>| p.map(|v| v.expose().clone()).unwrap_or_default();
        Self {
            name: shown(customer.name.as_ref()),
            email: shown(customer.email.as_ref().or(customer.email_as_given.as_ref())),
            phone: shown(customer.phone.as_ref().or(customer.phone_as_given.as_ref())),
            address: AddressFields::of(order.shipping.address.as_ref().map(|a| a.expose())),
            billing: AddressFields::of(customer.billing_address.as_ref().map(|a| a.expose())),
            shipping_method: order.shipping.method.clone(),
            payment_method: order.payment.method.map_or("", |m| m.as_str()),
            channel: customer.channel.as_str(),
            // What is owed; for the courier's collection not yet recorded, what they were to collect.
            owed: match order.cash_to_reconcile() && order.payment.collection.is_none() {
                true => order.money(order.totals.total_minor).decimal(),
                false => order.money((order.totals.total_minor - order.payment.received_minor).max(0)).decimal(),
            },
            cash_on_delivery: order.payment.method == Some(crate::domain::PaymentMethod::CashOnDelivery),
        }
    }
}

/// The correction forms: each sends the `update` action with its part of the details.
const UPDATES: [&str; 4] = ["update-contact", "update-address", "update-billing", "update-method"];

/// The forms the page offers: what the domain allows the order now ([`Order::allows`]), the
/// correction forms for `update`; returns and complaints have their forms by each case.
fn allowed(order: &Order, role: Role) -> Vec<&'static str> {
    use crate::domain::ActionKind as A;
    use strum::IntoEnumIterator;
    let mut actions = Vec::new();
    for kind in A::iter().filter(|kind| order.allows(*kind) && order.role_for(*kind) <= role) {
        match kind {
            A::Update => {
                let ships = order.shipping.delivery == crate::domain::Delivery::Ship;
                actions.extend(UPDATES.into_iter().filter(|u| ships || *u != "update-address"));
            }
            A::ReturnApprove | A::ReturnReject | A::ReturnReceived | A::ComplaintResolve => {}
            other => actions.push(other.as_str()),
        }
    }
    actions
}

async fn order_page<S: OrderStore, Q: NoticeQueue>(
    State(app): State<Arc<App<S, Q>>>,
    session: Session,
    Segments(order_id): Segments<String>,
) -> Response {
    show_order(&app, &session, &order_id, StatusCode::OK, None).await
}

async fn show_order<S: OrderStore, Q: NoticeQueue>(
    app: &App<S, Q>,
    session: &Session,
    order_id: &str,
    status: StatusCode,
    error: Option<String>,
) -> Response {
    let w = Words::of(app);
    let order = match app.store.get_with_history(order_id).await {
        Ok(Some(order)) => order,
        Ok(None) => return message_page(app, StatusCode::NOT_FOUND, &w.t("staff-not-found")),
        Err(error) => return super::Problem::from(AppError::Store(error)).into_response(),
    };
    let zone = &app.settings.branding.time_zone;
    let when = |at: Timestamp| catalog().datetime(&w.locale, at, zone);
    let money = |minor: i64| order.money(minor).to_string();
    // The total as the customer paid it too, when that was in another currency.
    let both = |minor: i64| match order.totals.presented(minor) {
        Some(paid) => format!("{} ({paid})", order.money(minor)),
        None => money(minor),
    };
    let expose = |p: &Option<crate::domain::Private<String>>| p.as_ref().map(|v| v.expose().clone());
    let address = order.shipping.address.as_ref().map(|a| a.expose().label()).unwrap_or_default();
    let billing = order.customer.billing_address.as_ref().map(|a| a.expose().label()).unwrap_or_default();
    let contact = [expose(&order.customer.name), expose(&order.customer.email), expose(&order.customer.phone)]
        .into_iter()
        .flatten()
        .collect();
    let timeline = order
        .timeline()
        .iter()
        .rev()
        .map(|e| Line {
            at: when(e.at),
            what: w.event(&e.event),
            detail: [Some(e.source.clone()), e.note.clone()].into_iter().flatten().collect::<Vec<_>>().join(" · "),
        })
        .collect();
    let messages = order
        .notices()
        .values()
        .map(|n| {
            let state = match n.state {
                crate::domain::NoticeState::Sent { at } => w.t1("staff-message-sent", "at", &when(at)),
                crate::domain::NoticeState::Failed { .. } => w.t("staff-message-failed"),
                _ => w.t("staff-message-waiting"),
            };
            let (kind, channel) = w.notice(n);
            let to = w.t(&format!("staff-to-{}", n.audience.as_str()));
            Line { at: when(n.created_at), what: kind, detail: format!("{to} · {channel} · {state}") }
        })
        .collect();
    let method = order.payment.method.map_or("—".to_string(), |m| w.t(&format!("staff-method-{}", m.as_str())));
    let page = OrderPage {
        w: &w,
        shop: &app.settings.branding.name,
        staff: session.name(),
        form_token: &session.form_token(),
        path: order_path(&order.id),
        placed: when(order.placed_at),
        total: both(order.totals.total_minor),
        subtotal: money(order.totals.subtotal_minor),
        shipping: format!("{} · {}", order.shipping.method, money(order.totals.shipping_minor)),
        tax: money(order.totals.tax_minor),
        discount: (order.totals.discount_minor != 0).then(|| money(order.totals.discount_minor)),
        items: order
            .items
            .iter()
            .map(|l| (l.sku.clone().unwrap_or_default(), l.name.clone(), l.quantity, money(l.unit_price_minor)))
            .collect(),
        address,
        billing,
        problems: order.attention.iter().map(|p| w.t(&format!("problem-{}", p.kind().as_str()))).collect(),
        edit: Edit::of(&order),
        contact,
        note: expose(&order.customer.note),
        payment: format!(
            "{method} · {} · {}",
            w.t(&format!("staff-payment-{}", order.payment.status.as_str())),
            money(order.payment.received_minor)
        ),
        timeline,
        messages,
        actions: allowed(&order, session.role()),
        acts: session.may(Role::Staff),
        owner: session.may(Role::Owner),
        may_cancel: session.may(order.role_for(crate::domain::ActionKind::Cancel)),
        nonce: {
            let mut bytes = [0u8; 8];
            getrandom::fill(&mut bytes).map_or_else(|_| String::new(), |()| hex::encode(bytes))
        },
        stock_offer: order.stock_issue.iter().flat_map(|issue| issue.offer.iter().map(|o| <&str>::from(*o))).collect(),
        returns: order
            .after_delivery
            .returns
            .iter()
            .map(|r| ReturnRow {
                number: r.number,
                items: r
                    .lines
                    .iter()
                    .filter_map(|l| order.items.get(l.line).map(|i| format!("{} × {}", l.quantity, i.name)))
                    .collect::<Vec<_>>()
                    .join(", "),
                reason: w.t(&format!("return-reason-{}", r.reason.as_str())),
                amount: money(r.amount_minor),
                state: w.t(&match r.state {
                    // "Mark received" is the action's label: the state has its own key.
                    crate::domain::ReturnState::Received { .. } => "staff-return-received-state".to_string(),
                    _ => format!("staff-return-{}", r.state.name()),
                }),
                next: match r.state {
                    crate::domain::ReturnState::Requested => Some("decide"),
                    crate::domain::ReturnState::Approved { .. } => Some("receive"),
                    _ => None,
                },
            })
            .collect(),
        complaints: order
            .after_delivery
            .complaints
            .iter()
            .map(|c| {
                let settled = c.resolved.as_ref().map(|r| {
                    let note = r.note.clone().map(|n| format!(" · {n}")).unwrap_or_default();
                    format!(
                        "{}{note} · {} · {}",
                        w.t(&format!("staff-resolution-{}", r.resolution.as_str())),
                        r.by,
                        when(r.at)
                    )
                });
                (c.number, w.t(&format!("complaint-kind-{}", c.kind.as_str())), c.description.expose().clone(), settled)
            })
            .collect(),
        error,
        order: &order,
    };
    render(status, &page)
}

/// `POST /staff/orders/{id}/{action}`: an action from the order's page, as the JSON API takes it.
async fn order_action<S: OrderStore, Q: NoticeQueue>(
    State(app): State<Arc<App<S, Q>>>,
    headers: HeaderMap,
    Segments((order_id, action)): Segments<(String, String)>,
    super::FormBody(fields): super::FormBody<Vec<(String, String)>>,
) -> Response {
    let form: HashMap<String, String> = fields.iter().cloned().collect();
    let session = match posted(&app, &headers, &form).await {
        Ok(session) => session,
        Err(refused) => return *refused,
    };
    if action == "customer-erase" {
        return erase_customer(&app, &session, &order_id, form.get("confirm").map(String::as_str)).await;
    }
    if !session.may(Role::Staff) {
        let refused = Words::of(&app).t1("staff-role-needed", "role", Role::Staff.as_str());
        return show_order(&app, &session, &order_id, StatusCode::FORBIDDEN, Some(refused)).await;
    }
    if action == "customer-note" {
        let note = form.get("note").map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        return save_customer_note(&app, &session, &order_id, note).await;
    }
    let body = form_body(&fields, &app.settings.branding.time_zone);
    let bytes = serde_json::to_vec(&body).unwrap_or_default();
    let named = if UPDATES.contains(&action.as_str()) { "update" } else { action.as_str() };
    let staff_action = match admin::staff_action(named, &bytes, &app.settings.intake) {
        Ok(staff_action) => staff_action,
        Err(problem) => {
            return show_order(&app, &session, &order_id, StatusCode::BAD_REQUEST, Some(problem.detail)).await;
        }
    };
    // The idempotency key: the form's token, the action, the page's nonce and a digest of what was
    // asked. A double click (the same page, the same fields) applies the action once; the same form
    // sent again from the page shown after it (a second call, a second refund of the same amount)
    // is another action.
    let asked = {
        use sha2::Digest;
        hex::encode(&sha2::Sha256::digest(&bytes)[..8])
    };
    let nonce = form.get("nonce").map(String::as_str).unwrap_or_default();
    let key = form.get("form_token").map(|t| format!("{t}-{action}-{nonce}-{asked}"));
    match act_on_order(&app, &order_id, &staff_action, key.as_deref(), &session.actor()).await {
        Ok(_) => Redirect::to(&order_path(&order_id)).into_response(),
        Err(ActError::NotFound) => message_page(&app, StatusCode::NOT_FOUND, &Words::of(&app).t("staff-not-found")),
        Err(ActError::Forbidden(role)) => {
            let refused = Words::of(&app).t1("staff-role-needed", "role", role.as_str());
            show_order(&app, &session, &order_id, StatusCode::FORBIDDEN, Some(refused)).await
        }
        Err(ActError::Store(error)) => super::Problem::from(AppError::Store(error)).into_response(),
        Err(error) => show_order(&app, &session, &order_id, StatusCode::CONFLICT, Some(error.to_string())).await,
    }
}

/// A staff form as the JSON body the same action takes on the API: blank fields are left out,
/// numbers and checkboxes take their type, a list is one value per line or per repeated field, a
/// dotted name (`shipping.address.city`) is a field of an object, and a time the browser gives
/// without a zone (a date, or a date and time) is the shop's local time.
fn form_body(fields: &[(String, String)], zone: &jiff::tz::TimeZone) -> serde_json::Value {
    const NUMBERS: [&str; 3] = ["return", "complaint", "answer_within_hours"];
    const LOCAL_TIMES: [&str; 2] = ["next_call_at", "estimated_delivery"];
    let local_time = |value: &str| -> Option<String> {
        let time = match value.contains('T') {
            true => value.parse::<jiff::civil::DateTime>().ok()?,
            // A day alone: its noon, which no zone moves to another day.
            false => value.parse::<jiff::civil::Date>().ok()?.at(12, 0, 0, 0),
        };
        Some(time.to_zoned(zone.clone()).ok()?.timestamp().to_string())
    };
    const FLAGS: [&str; 2] = ["ship_unpaid", "unpaid"];
    const LISTS: [&str; 2] = ["items", "offer"];
    const MAX_DEPTH: usize = 3;
    let mut body = serde_json::Map::new();
    for (name, value) in fields {
        let (name, value) = (name.as_str(), value.trim());
        if name == "form_token" || name == "nonce" || value.is_empty() {
            continue;
        }
        if LISTS.contains(&name) {
            let entry = body.entry(name).or_insert_with(|| serde_json::Value::Array(Vec::new()));
            if let Some(list) = entry.as_array_mut() {
                list.extend(value.lines().map(str::trim).filter(|l| !l.is_empty()).map(serde_json::Value::from));
            }
        } else if FLAGS.contains(&name) {
            body.insert(name.into(), serde_json::Value::Bool(true));
        } else if let Some(number) = value.parse::<i64>().ok().filter(|_| NUMBERS.contains(&name)) {
            body.insert(name.into(), number.into());
        } else if let Some(at) = local_time(value).filter(|_| LOCAL_TIMES.contains(&name)) {
            body.insert(name.into(), at.into());
        } else if name.split('.').count() > MAX_DEPTH {
            // Deeper than any body the API takes (`shipping.address.line1`): left out, as an
            // unknown field would be, rather than nested as deep as a stranger likes.
            continue;
        } else if let Some((object, field)) = name.rsplit_once('.') {
            let mut target = &mut body;
            for part in object.split('.') {
                let entry = target.entry(part).or_insert_with(|| serde_json::Value::Object(Default::default()));
                if !entry.is_object() {
                    // `a=1&a.b=2`: the object wins.
                    *entry = serde_json::Value::Object(Default::default());
                }
                target = entry.as_object_mut().expect("made an object above");
            }
            target.insert(field.into(), value.into());
        } else {
            body.insert(name.into(), value.into());
        }
    }
    serde_json::Value::Object(body)
}

#[derive(askama::Template)]
#[template(path = "staff/print.html")]
struct PrintPage<'a> {
    w: &'a Words,
    shop: &'a str,
    /// `A4` or `letter`.
    paper: &'a str,
    documents: Vec<Document>,
}

/// A packing slip or an invoice, ready to print.
pub struct Document {
    pub invoice: bool,
    pub title: String,
    pub number: String,
    pub date: String,
    pub seller: Vec<String>,
    pub address: Vec<String>,
    pub shipping_method: String,
    pub note: Option<String>,
    pub lines: Vec<DocumentLine>,
    /// Whether any line says its tax (the invoice then has the tax columns).
    pub taxed: bool,
    /// "Prices include tax", when they do.
    pub tax_note: Option<String>,
    pub totals: Vec<(String, String)>,
    pub payment: String,
}

/// One item on a packing slip or an invoice (prices on invoices only).
pub struct DocumentLine {
    pub sku: String,
    pub name: String,
    pub quantity: u32,
    pub price: String,
    /// The line's tax rate and tax, as the storefront gave them (empty when it did not).
    pub tax_rate: String,
    pub tax: String,
    pub total: String,
}

#[derive(serde::Deserialize)]
struct PrintQuery {
    paper: Option<String>,
    /// More orders' packing slips in one print: ids separated by commas.
    orders: Option<String>,
}

async fn print_page<S: OrderStore, Q: NoticeQueue>(
    State(app): State<Arc<App<S, Q>>>,
    session: Session,
    Segments((order_id, document)): Segments<(String, String)>,
    Query(query): Query<PrintQuery>,
) -> Response {
    let w = Words::of(&app);
    let invoice = match document.as_str() {
        "invoice" => true,
        "packing-slip" => false,
        "customer" => return customer_card(&app, &session, &order_id).await,
        _ => return message_page(&app, StatusCode::NOT_FOUND, &w.t("staff-not-found")),
    };
    let mut ids = vec![order_id];
    if !invoice {
        ids.extend(listed(query.orders.as_deref().unwrap_or_default()));
    }
    print(&app, &w, &ids, invoice, query.paper.as_deref()).await
}

/// Order ids separated by commas.
fn listed(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(',').map(str::trim).filter(|i| !i.is_empty()).map(String::from)
}

/// `GET /staff/packing-slips?orders=…&orders=…`: the packing slips of the orders ticked on the list.
async fn packing_slips<S: OrderStore, Q: NoticeQueue>(
    State(app): State<Arc<App<S, Q>>>,
    _session: Session,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    let w = Words::of(&app);
    let ids: Vec<String> = query.iter().filter(|(name, _)| name == "orders").flat_map(|(_, ids)| listed(ids)).collect();
    if ids.is_empty() {
        return message_page(&app, StatusCode::BAD_REQUEST, &w.t("staff-none-ticked"));
    }
    let paper = query.iter().find(|(name, _)| name == "paper").map(|(_, paper)| paper.as_str());
    print(&app, &w, &ids, false, paper).await
}

/// Up to 50 packing slips, or one invoice (numbered on its first print), ready to print.
async fn print<S: OrderStore, Q: NoticeQueue>(
    app: &App<S, Q>,
    w: &Words,
    ids: &[String],
    invoice: bool,
    paper: Option<&str>,
) -> Response {
    let mut documents = Vec::new();
    for id in ids.iter().take(50) {
        let order = match app.store.get(id).await {
            Ok(Some(order)) => order,
            Ok(None) => return message_page(app, StatusCode::NOT_FOUND, &w.t("staff-not-found")),
            Err(error) => return super::Problem::from(AppError::Store(error)).into_response(),
        };
        let number = match invoice {
            true => match app.store.invoice_number(&order.id).await {
                Ok(n) => format!("{}{n:06}", app.settings.invoice.prefix),
                Err(error) => return super::Problem::from(AppError::Store(error)).into_response(),
            },
            false => order.number.clone(),
        };
        documents.push(document_of(app, w, &order, invoice, number));
    }
    let paper = if paper == Some("letter") { "letter" } else { "A4" };
    render(StatusCode::OK, &PrintPage { w, shop: &app.settings.branding.name, paper, documents })
}

fn document_of<S, Q>(app: &App<S, Q>, w: &Words, order: &Order, invoice: bool, number: String) -> Document {
    let money = |minor: i64| order.money(minor).to_string();
    let zone = &app.settings.branding.time_zone;
    let seller = &app.settings.invoice;
    let mut totals = vec![(w.t("staff-subtotal"), money(order.totals.subtotal_minor))];
    if order.totals.discount_minor != 0 {
        totals.push((w.t("staff-discount"), format!("−{}", money(order.totals.discount_minor))));
    }
    totals.extend([
        (w.t("staff-shipping"), money(order.totals.shipping_minor)),
        (w.t("staff-tax"), money(order.totals.tax_minor)),
        (w.t("staff-total"), money(order.totals.total_minor)),
    ]);
    // Paid in another currency than the shop's: the total as the customer paid it, too.
    if let Some(paid) = order.totals.presented(order.totals.total_minor) {
        totals.push((w.t1("staff-paid-in", "currency", paid.currency.code()), paid.to_string()));
    }
    let method = order.payment.method.map_or("—".to_string(), |m| w.t(&format!("staff-method-{}", m.as_str())));
    Document {
        invoice,
        title: w.t(if invoice { "staff-invoice" } else { "staff-packing-slip" }),
        number,
        date: catalog().date(&w.locale, if invoice { app.clock.now() } else { order.placed_at }, zone),
        seller: [
            Some(seller.legal_name.clone()),
            seller.address.clone(),
            seller.tax_id.clone().map(|t| w.t1("staff-tax-id", "id", &t)),
        ]
        .into_iter()
        .flatten()
        .collect(),
        // The invoice to who pays, the packing slip to where the goods go.
        address: if invoice { order.billing_address() } else { order.shipping.address.as_ref().map(|a| a.expose()) }
            .map(crate::domain::Address::label)
            .unwrap_or_else(|| order.customer.name.iter().map(|n| n.expose().clone()).collect()),
        shipping_method: order.shipping.method.clone(),
        note: order.customer.note.as_ref().map(|n| n.expose().clone()).filter(|_| !invoice),
        lines: order
            .items
            .iter()
            .map(|l| DocumentLine {
                sku: l.sku.clone().unwrap_or_default(),
                name: l.name.clone(),
                quantity: l.quantity,
                price: money(l.unit_price_minor),
                tax_rate: l.tax_rate.map(|r| r.to_string()).unwrap_or_default(),
                tax: l.tax_minor.map(money).unwrap_or_default(),
                total: money(l.unit_price_minor.saturating_mul(i64::from(l.quantity))),
            })
            .collect(),
        taxed: order.items.iter().any(|l| l.tax_minor.is_some() || l.tax_rate.is_some()),
        tax_note: order.totals.prices_include_tax.then(|| w.t("staff-prices-include-tax")),
        totals: if invoice { totals } else { Vec::new() },
        payment: format!("{method} · {}", w.t(&format!("staff-payment-{}", order.payment.status.as_str()))),
    }
}

#[derive(askama::Template)]
#[template(path = "staff/customer.html")]
struct CustomerPage<'a> {
    w: &'a Words,
    shop: &'a str,
    staff: &'a str,
    form_token: &'a str,
    acts: bool,
    /// Whether erasing the customer is offered (the owner's).
    owner: bool,
    path: String,
    contact: Vec<String>,
    channel: String,
    note: Option<(String, String)>,
    orders: Vec<Row>,
    messages: Vec<Line>,
}

/// The customer's pointers: their email's, else their phone's (the card's key).
fn customer_of(order: &Order) -> Vec<Pointer> {
    [order.customer.email.as_ref(), order.customer.phone.as_ref()]
        .into_iter()
        .flatten()
        .map(|c| Pointer::customer(c.expose()))
        .collect()
}

/// The customer card: their contact, their other orders (by email or phone), what they were sent,
/// and staff's note about them.
async fn customer_card<S: OrderStore, Q: NoticeQueue>(app: &App<S, Q>, session: &Session, order_id: &str) -> Response {
    let w = Words::of(app);
    if !session.may(Role::Staff) {
        return message_page(app, StatusCode::FORBIDDEN, &w.t1("staff-role-needed", "role", Role::Staff.as_str()));
    }
    let order = match app.store.get(order_id).await {
        Ok(Some(order)) => order,
        Ok(None) => return message_page(app, StatusCode::NOT_FOUND, &w.t("staff-not-found")),
        Err(error) => return super::Problem::from(AppError::Store(error)).into_response(),
    };
    let keys = customer_of(&order);
    // The customer named by one of their orders: no contact detail on the trail.
    let subject = format!("customer-of:{order_id}");
    if let Err(error) = audit(app, &session.actor(), Audited::CustomerCard, &subject, true).await {
        return super::Problem::from(AppError::Store(error)).into_response();
    }
    let mut ids: Vec<String> = Vec::new();
    for key in &keys {
        match app.store.pointed_orders(key).await {
            Ok(found) => ids.extend(found.into_iter().filter(|id| !ids.contains(id)).collect::<Vec<_>>()),
            Err(error) => return super::Problem::from(AppError::Store(error)).into_response(),
        }
    }
    let note = match keys.first() {
        Some(key) => app.store.customer_note(key).await.ok().flatten(),
        None => None,
    };
    let zone = &app.settings.branding.time_zone;
    let when = |at: Timestamp| catalog().datetime(&w.locale, at, zone);
    let (mut orders, mut messages) = (Vec::new(), Vec::new());
    for id in ids.iter().take(20) {
        let Ok(Some(other)) = app.store.get(id).await else { continue };
        orders.push(Row {
            id: other.id.clone(),
            number: other.number.clone(),
            placed: when(other.placed_at),
            total: other.money(other.totals.total_minor).to_string(),
            payment: w.t(&format!("staff-payment-{}", other.payment.status.as_str())),
            next: w.status(&other.status),
            late: false,
        });
        let sent = other.notices().values().filter(|n| n.audience == crate::domain::Audience::Customer);
        messages.extend(sent.map(|n| {
            let (kind, channel) = w.notice(n);
            let state = if n.state.is_failed() { w.t("staff-message-failed") } else { w.t("staff-message-sent-short") };
            Line {
                at: when(n.created_at),
                what: format!("{} · {kind}", other.number),
                detail: format!("{channel} · {state}"),
            }
        }));
    }
    let expose = |p: &Option<crate::domain::Private<String>>| p.as_ref().map(|v| v.expose().clone());
    let page = CustomerPage {
        w: &w,
        shop: &app.settings.branding.name,
        staff: session.name(),
        acts: session.may(Role::Staff),
        owner: session.may(Role::Owner),
        form_token: &session.form_token(),
        path: order_path(&order.id),
        contact: [expose(&order.customer.name), expose(&order.customer.email), expose(&order.customer.phone)]
            .into_iter()
            .flatten()
            .collect(),
        channel: order.customer.channel.as_str().to_string(),
        note: note.map(|n| (n.text.expose().clone(), format!("{} · {}", n.by, when(n.at)))),
        orders,
        messages,
    };
    render(StatusCode::OK, &page)
}

async fn save_customer_note<S: OrderStore, Q: NoticeQueue>(
    app: &App<S, Q>,
    session: &Session,
    order_id: &str,
    text: Option<String>,
) -> Response {
    let w = Words::of(app);
    let order = match app.store.get(order_id).await {
        Ok(Some(order)) => order,
        Ok(None) => return message_page(app, StatusCode::NOT_FOUND, &w.t("staff-not-found")),
        Err(error) => return super::Problem::from(AppError::Store(error)).into_response(),
    };
    let Some(key) = customer_of(&order).into_iter().next() else {
        return message_page(app, StatusCode::CONFLICT, &w.t("staff-no-contact"));
    };
    let text = crate::domain::limits::cut(&text.unwrap_or_default(), crate::domain::limits::NOTE);
    let note = crate::store::StaffNote {
        text: crate::domain::Private::new(text),
        by: session.name().to_string(),
        at: app.clock.now(),
    };
    match app.store.set_customer_note(&key, &note).await {
        Ok(()) => Redirect::to(&format!("{}/customer", order_path(order_id))).into_response(),
        Err(error) => super::Problem::from(AppError::Store(error)).into_response(),
    }
}

/// `POST /staff/orders/{id}/customer-erase`: the owner erases the personal data of this order's
/// customer from every one of their orders (confirmed by typing `erase`).
async fn erase_customer<S: OrderStore, Q: NoticeQueue>(
    app: &App<S, Q>,
    session: &Session,
    order_id: &str,
    confirm: Option<&str>,
) -> Response {
    let w = Words::of(app);
    let subject = format!("customer-of:{order_id}");
    if !session.may(Role::Owner) {
        if let Err(error) = audit(app, &session.actor(), Audited::Erase, &subject, false).await {
            return super::Problem::from(AppError::Store(error)).into_response();
        }
        return message_page(app, StatusCode::FORBIDDEN, &w.t1("staff-role-needed", "role", Role::Owner.as_str()));
    }
    let order = match app.store.get(order_id).await {
        Ok(Some(order)) => order,
        Ok(None) => return message_page(app, StatusCode::NOT_FOUND, &w.t("staff-not-found")),
        Err(error) => return super::Problem::from(AppError::Store(error)).into_response(),
    };
    if confirm.map(str::trim) != Some("erase") {
        return message_page(app, StatusCode::BAD_REQUEST, &w.t("staff-erase-unconfirmed"));
    }
    let contact =
        [&order.customer.email, &order.customer.phone].into_iter().flatten().next().map(|c| c.expose().clone());
    let erased = match contact {
        Some(contact) => crate::app::privacy::erase_customer(&app.store, &contact, app.clock.now()).await.map(|_| ()),
        None => crate::app::privacy::erase_order(&app.store, order_id, app.clock.now()).await.map(|_| ()),
    };
    let recorded = match erased {
        Ok(()) => audit(app, &session.actor(), Audited::Erase, &subject, true).await,
        Err(error) => Err(error),
    };
    match recorded {
        Ok(()) => Redirect::to(&order_path(order_id)).into_response(),
        Err(error) => super::Problem::from(AppError::Store(error)).into_response(),
    }
}

/// `POST /staff/search`: an order number, an email or a phone (posted, so that no contact detail
/// is in a URL): the order, or the customer's card.
async fn search<S: OrderStore, Q: NoticeQueue>(
    State(app): State<Arc<App<S, Q>>>,
    headers: HeaderMap,
    super::FormBody(form): super::FormBody<HashMap<String, String>>,
) -> Response {
    if let Err(refused) = posted(&app, &headers, &form).await {
        return *refused;
    }
    let w = Words::of(&app);
    let typed = form.get("q").map(|q| q.trim().to_string()).unwrap_or_default();
    match find(&app, &typed).await {
        Ok(Some(path)) => Redirect::to(&path).into_response(),
        Ok(None) => message_page(&app, StatusCode::NOT_FOUND, &w.t("staff-nothing-found")),
        Err(error) => super::Problem::from(AppError::Store(error)).into_response(),
    }
}

/// The page for what staff typed: an email's customer card; else the order of that number or id;
/// else the customer card of that phone number, written with or without its country code.
async fn find<S: OrderStore, Q: NoticeQueue>(app: &App<S, Q>, typed: &str) -> Result<Option<String>, StoreError> {
    let card = |ids: Vec<String>| ids.into_iter().next().map(|id| format!("{}/customer", order_path(&id)));
    if typed.contains('@') {
        return app.store.pointed_orders(&Pointer::customer(typed)).await.map(card);
    }
    if let Some(id) = app.store.find_pointer(&Pointer::number(typed)).await? {
        return Ok(Some(order_path(&id)));
    }
    if let Some(order) = app.store.get(typed).await? {
        return Ok(Some(order_path(&order.id)));
    }
    match app.settings.intake.phone_e164(typed) {
        Some(phone) => app.store.pointed_orders(&Pointer::customer(&phone)).await.map(card),
        None => Ok(None),
    }
}

#[derive(askama::Template)]
#[template(path = "staff/unmatched.html")]
struct UnmatchedPage<'a> {
    w: &'a Words,
    shop: &'a str,
    staff: &'a str,
    form_token: &'a str,
    /// Source, what it named, its event id, when first seen.
    events: Vec<(String, String, String, String)>,
}

/// `/staff/unmatched`: provider events that named no order orderflow knows, set aside after a day of
/// retries (a payment for an order placed elsewhere, a parcel shipped outside orderflow).
async fn unmatched_page<S: OrderStore, Q: NoticeQueue>(
    State(app): State<Arc<App<S, Q>>>,
    session: Session,
) -> Response {
    let events = match app.store.unmatched_events().await {
        Ok(events) => events,
        Err(error) => return super::Problem::from(AppError::Store(error)).into_response(),
    };
    let w = Words::of(&app);
    let zone = &app.settings.branding.time_zone;
    let events = events
        .into_iter()
        .map(|e| (e.provider, e.named, e.event_id, catalog().datetime(w.lang(), e.first_at, zone)))
        .collect();
    let token = session.form_token();
    let page =
        UnmatchedPage { w: &w, shop: &app.settings.branding.name, staff: session.name(), form_token: &token, events };
    render(StatusCode::OK, &page)
}

#[derive(askama::Template)]
#[template(path = "staff/audit.html")]
struct AuditPage<'a> {
    w: &'a Words,
    shop: &'a str,
    staff: &'a str,
    form_token: &'a str,
    day: jiff::civil::Date,
    entries: Vec<(String, crate::store::AuditEntry)>,
}

#[derive(serde::Deserialize)]
struct AuditQuery {
    day: Option<jiff::civil::Date>,
}

/// `/staff/audit?day=2026-12-03`: who did and saw what that day (UTC), for the owner.
async fn audit_page<S: OrderStore, Q: NoticeQueue>(
    State(app): State<Arc<App<S, Q>>>,
    session: Session,
    query: Result<Query<AuditQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let w = Words::of(&app);
    if !session.may(Role::Owner) {
        return message_page(&app, StatusCode::FORBIDDEN, &w.t1("staff-role-needed", "role", Role::Owner.as_str()));
    }
    let today = app.clock.now().to_zoned(jiff::tz::TimeZone::UTC).date();
    let day = query.ok().and_then(|Query(q)| q.day).unwrap_or(today);
    let entries = match crate::app::access::trail(&app, &session.actor(), day).await {
        Ok(entries) => entries,
        Err(error) => return super::Problem::from(AppError::Store(error)).into_response(),
    };
    let zone = &app.settings.branding.time_zone;
    let entries = entries.into_iter().map(|e| (catalog().datetime(w.lang(), e.at, zone), e)).collect();
    let token = session.form_token();
    render(
        StatusCode::OK,
        &AuditPage {
            w: &w,
            shop: &app.settings.branding.name,
            staff: session.name(),
            form_token: &token,
            day,
            entries,
        },
    )
}

async fn home(_session: Session) -> Response {
    Redirect::to("/staff/orders").into_response()
}

pub(super) fn routes<S: OrderStore, Q: NoticeQueue>() -> Router<Arc<App<S, Q>>> {
    Router::new()
        .route("/staff", get(home))
        .route("/staff/sign-in", get(sign_in_form::<S, Q>).post(sign_in::<S, Q>))
        .route("/staff/sign-out", post(sign_out::<S, Q>))
        .route("/staff/sign-out-everywhere", post(sign_out_everywhere::<S, Q>))
        .route("/staff/audit", get(audit_page::<S, Q>))
        .route("/staff/orders", get(orders_page::<S, Q>))
        .route("/staff/unmatched", get(unmatched_page::<S, Q>))
        .route("/staff/search", post(search::<S, Q>))
        .route("/staff/packing-slips", get(packing_slips::<S, Q>))
        .route("/staff/orders/{order_id}", get(order_page::<S, Q>))
        .route("/staff/orders/{order_id}/{action}", get(print_page::<S, Q>).post(order_action::<S, Q>))
}

#[cfg(test)]
mod tests {
    use super::form_body;
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
