//! The orders list: a tab per status, the after-sales and cash tabs, search.

use super::*;

/// The statuses an order waits in for staff: each gets its count.
pub(super) const WORK: [FulfilmentStatus; 9] = [
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
pub(super) const DONE: [FulfilmentStatus; 4] =
    [FulfilmentStatus::Delivered, FulfilmentStatus::Cancelled, FulfilmentStatus::Returned, FulfilmentStatus::Archived];

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
        let found = match app.store.find_pointer(&Pointer::number(number)).await {
            Ok(Some(id)) => Some(id),
            Ok(None) => app.store.get(number).await.ok().flatten().map(|o| o.id),
            Err(error) => return crate::http::Problem::from(AppError::Store(error)).into_response(),
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
            Err(error) => return crate::http::Problem::from(AppError::Store(error)).into_response(),
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
        Err(error) => return crate::http::Problem::from(AppError::Store(error)).into_response(),
    };
    let cash_rows = match cash_to_reconcile(&app, &w, zone).await {
        Ok(rows) => rows,
        Err(error) => return crate::http::Problem::from(AppError::Store(error)).into_response(),
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
        Err(error) => return crate::http::Problem::from(AppError::Store(error)).into_response(),
    };
    let mut rows = Vec::new();
    for o in &page.orders {
        // The whole order (a page is 25): what needs doing next is in its hold reason and duties.
        let order = match app.store.get(&o.order_id).await {
            Ok(order) => order,
            Err(error) => return crate::http::Problem::from(AppError::Store(error)).into_response(),
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
pub(super) async fn open_after_sales<S: OrderStore, Q: NoticeQueue>(
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
pub(super) async fn cash_to_reconcile<S: OrderStore, Q: NoticeQueue>(
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
    headers: HeaderMap,
    crate::http::FormBody(form): crate::http::FormBody<HashMap<String, String>>,
) -> Response {
    if let Err(refused) = posted(&app, &headers, &form).await {
        return *refused;
    }
    let w = Words::of(&app);
    let typed = form.get("q").map(|q| q.trim().to_string()).unwrap_or_default();
    match find(&app, &typed).await {
        Ok(Some(path)) => Redirect::to(&path).into_response(),
        Ok(None) => message_page(&app, StatusCode::NOT_FOUND, &w.t("staff-nothing-found")),
        Err(error) => crate::http::Problem::from(AppError::Store(error)).into_response(),
    }
}

/// The page for what staff typed: an email's customer card; else the order of that number or id;
/// else the customer card of that phone number, written with or without its country code.
pub(super) async fn find<S: OrderStore, Q: NoticeQueue>(
    app: &App<S, Q>,
    typed: &str,
) -> Result<Option<String>, StoreError> {
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
