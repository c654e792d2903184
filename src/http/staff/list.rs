//! The orders list: a tab per status, the after-sales and cash tabs, search.

use super::*;
use crate::app::backoffice::{self, Found, Listing};

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
pub(super) struct OrdersPage<'a> {
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
pub(super) struct ListQuery {
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

pub(super) async fn orders_page<S: OrderStore, Q: NoticeQueue>(
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
        match backoffice::order_by_number(&app, number).await {
            Ok(Some(id)) => return Redirect::to(&order_path(&app, &id)).into_response(),
            Ok(None) => notice = Some(w.t1("staff-no-such-number", "number", number)),
            Err(error) => return crate::http::Problem::from(AppError::Store(error)).into_response(),
        }
    }
    let status = query.status.unwrap_or(FulfilmentStatus::Received);
    let listing = match (query.after_sales, query.cash) {
        (true, _) => Listing::AfterSales,
        (false, true) => Listing::Cash,
        (false, false) => Listing::Status { status, after: query.after.clone() },
    };
    let list = match backoffice::orders_list(&app, &listing).await {
        Ok(list) => list,
        Err(error) => return crate::http::Problem::from(AppError::Store(error)).into_response(),
    };
    let zone = &app.settings.branding.time_zone;
    let now = app.clock.now();
    let rows = match listing {
        Listing::AfterSales => {
            list.after_sales.iter().map(|order| Row::of(order, &w, zone, waiting(&w, order), false)).collect()
        }
        Listing::Cash => list.cash.iter().map(|order| Row::of(order, &w, zone, cash_due(&w, order), true)).collect(),
        Listing::Status { .. } => list
            .page
            .orders
            .iter()
            .map(|order| {
                let (next, late) = next_step(&w, order, now, zone);
                Row::of(order, &w, zone, next, late)
            })
            .collect(),
    };
    let form_token = session.form_token();
    let page = OrdersPage {
        w: &w,
        shop: &app.settings.branding.name,
        staff: session.name(),
        form_token: &form_token,
        owner: session.may(Role::Owner),
        status,
        after_sales: listing == Listing::AfterSales,
        after_sales_count: list.after_sales.len(),
        cash: listing == Listing::Cash,
        cash_count: list.cash.len(),
        tabs: list.counts,
        rows,
        next: list.page.next,
        notice,
    };
    render(StatusCode::OK, &page)
}

/// What waits on an order's open returns and complaints, in words.
fn waiting(w: &Words, order: &Order) -> String {
    use crate::domain::ReturnState;
    let number = |n: u32| n.to_string();
    let returns = order.after_delivery.returns.iter().filter_map(|r| match r.state {
        ReturnState::Requested => Some(w.t1("staff-case-return-decide", "number", &number(r.number))),
        ReturnState::Approved { .. } => Some(w.t1("staff-case-return-coming", "number", &number(r.number))),
        ReturnState::Received { .. } => Some(w.t1("staff-case-return-refund", "number", &number(r.number))),
        _ => None,
    });
    let complaints = order.after_delivery.complaints.iter().filter(|c| c.resolved.is_none());
    let complaints = complaints.map(|c| w.t1("staff-case-complaint", "number", &number(c.number)));
    returns.chain(complaints).collect::<Vec<_>>().join(" · ")
}

/// What the shop must still get from the courier for a cash-on-delivery order.
fn cash_due(w: &Words, order: &Order) -> String {
    match order.payment.collection {
        Some(_) => {
            let short = order.money(order.totals.total_minor - order.payment.received_minor()).to_string();
            w.t1("staff-case-short", "amount", &short)
        }
        None => w.t("staff-case-no-collection"),
    }
}

/// What needs doing next about `order`, and whether it is late: the reason it is held (details
/// missing, the customer's answer about missing items, a payment to check), a payment falling due
/// within a day, a parcel without carrier news, an order waiting more than a day; else its status's
/// next step.
pub(super) fn next_step(w: &Words, order: &Order, now: Timestamp, zone: &jiff::tz::TimeZone) -> (String, bool) {
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

/// `POST /staff/search`: an order number, an email or a phone (posted, so that no contact detail
/// is in a URL): the order, or the customer's card.
pub(super) async fn search<S: OrderStore, Q: NoticeQueue>(
    State(app): State<Arc<App<S, Q>>>,
    posted: Posted,
) -> Response {
    let w = Words::of(&app);
    let typed = posted.field("q").unwrap_or_default().to_string();
    match backoffice::find(&app, &typed).await {
        Ok(Some(Found::Order(id))) => Redirect::to(&order_path(&app, &id)).into_response(),
        Ok(Some(Found::Customer(id))) => Redirect::to(&format!("{}/customer", order_path(&app, &id))).into_response(),
        Ok(None) => message_page(&app, StatusCode::NOT_FOUND, &w.t("staff-nothing-found")),
        Err(error) => crate::http::Problem::from(AppError::Store(error)).into_response(),
    }
}
