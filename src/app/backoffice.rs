//! What the back office reads and keeps beside orders: the orders list with its counts, an order
//! whole, the papers to print, search, a customer's card and staff's note on them, the provider
//! events that matched no order. The staff pages and the API call these, not the store.

use super::App;
use super::access::{Actor, Audited, audit};
use crate::domain::{FulfilmentStatus, Order};
use crate::notify::NoticeQueue;
use crate::store::{Listed, OrderPage, OrderStore, OrderSummary, Pointer, StaffNote, StoreError, UnmatchedEvent};

/// Orders on one page of a status.
const PAGE: usize = 25;

/// Which list the orders page shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Listing {
    /// The orders in a status, newest first, from a page's cursor.
    Status { status: FulfilmentStatus, after: Option<String> },
    /// The orders with a return or complaint still open.
    AfterSales,
    /// The delivered cash-on-delivery orders whose money the courier has not (wholly) handed over.
    Cash,
}

/// The orders page, as the lists read orders ([`crate::store::Listed`]): how many wait in each
/// working status, the orders with open after-sales cases and those with cash to reconcile, and the
/// page of the list shown.
pub struct OrdersList {
    /// The statuses an order works through, with how many wait in each; then the finished ones, uncounted.
    pub counts: Vec<(FulfilmentStatus, Option<usize>)>,
    pub after_sales: Vec<Order>,
    pub cash: Vec<Order>,
    /// The page of a status, newest first (a finished status lists those still waiting on staff
    /// first); empty for the after-sales and cash lists.
    pub page: Listed,
}

/// One read of the orders waiting on staff gives the counts, the after-sales and cash lists, and a
/// working status's page; a finished status's page takes a second.
pub async fn orders_list<S: OrderStore, Q: NoticeQueue>(
    app: &App<S, Q>,
    listing: &Listing,
) -> Result<OrdersList, StoreError> {
    use strum::IntoEnumIterator;
    let open = app.store.open_orders().await?;
    let count = |status: FulfilmentStatus| open.iter().filter(|o| o.status == status).count();
    let working = FulfilmentStatus::iter().filter(|s| !s.is_finished()).map(|s| (s, Some(count(s))));
    let counts = working.chain(FulfilmentStatus::iter().filter(|s| s.is_finished()).map(|s| (s, None))).collect();
    let after_sales = open.iter().filter(|o| o.has_open_case()).cloned().collect();
    let cash = open.iter().filter(|o| o.cash_to_reconcile()).cloned().collect();
    let page = match listing {
        Listing::Status { status, after } => of_status(app, &open, *status, PAGE, after.as_deref()).await?,
        Listing::AfterSales | Listing::Cash => Listed::default(),
    };
    Ok(OrdersList { counts, after_sales, cash, page })
}

/// One page of the orders in `status`, newest first, `limit` at a time (the API's list).
pub async fn status_page<S: OrderStore, Q: NoticeQueue>(
    app: &App<S, Q>,
    status: FulfilmentStatus,
    limit: usize,
    after: Option<&str>,
) -> Result<OrderPage, StoreError> {
    // Past the orders waiting on staff (a finished status's later pages), they need not be read.
    let finished_phase = after.is_some_and(|a| a.starts_with("d."));
    let open = if finished_phase { Vec::new() } else { app.store.open_orders().await? };
    let page = of_status(app, &open, status, limit, after).await?;
    Ok(OrderPage { orders: page.orders.iter().map(OrderSummary::of).collect(), next: page.next })
}

/// The orders in `status` of those waiting on staff (`open`, newest first), then, for a finished
/// status, those that wait on nobody; the cursor says which of the two a page ends in (`o.` or `d.`).
async fn of_status<S: OrderStore, Q: NoticeQueue>(
    app: &App<S, Q>,
    open: &[Order],
    status: FulfilmentStatus,
    limit: usize,
    after: Option<&str>,
) -> Result<Listed, StoreError> {
    let (finished, after) = match after.and_then(|a| a.split_once('.')) {
        Some(("d", cursor)) => (true, Some(cursor).filter(|c| !c.is_empty())),
        Some((_, cursor)) => (false, Some(cursor)),
        None => (false, None),
    };
    let mut page = Listed::default();
    if !finished {
        page = Listed::page(open.iter().filter(|o| o.status == status), after, limit);
        if let Some(next) = page.next.take() {
            page.next = Some(format!("o.{next}"));
            return Ok(page);
        }
        if !status.is_finished() {
            return Ok(page);
        }
        if page.orders.len() >= limit {
            page.next = Some("d.".into());
            return Ok(page);
        }
    }
    let rest = limit - page.orders.len();
    let done = app.store.finished_page(status, rest as i32, if finished { after } else { None }).await?;
    page.orders.extend(done.orders);
    page.next = done.next.map(|next| format!("d.{next}"));
    Ok(page)
}

/// What staff searched for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Found {
    Order(String),
    /// A customer, by one of their orders (their card is shown from it).
    Customer(String),
}

/// An order by its number (as the shop writes it) or its id.
pub async fn order_by_number<S: OrderStore, Q: NoticeQueue>(
    app: &App<S, Q>,
    number: &str,
) -> Result<Option<String>, StoreError> {
    if let Some(id) = app.store.find_pointer(&Pointer::number(number)).await? {
        return Ok(Some(id));
    }
    Ok(app.store.get(number).await?.map(|order| order.id))
}

/// What staff typed: an email's customer; else the order of that number or id; else the customer of
/// that phone number, written with or without its country code.
pub async fn find<S: OrderStore, Q: NoticeQueue>(app: &App<S, Q>, typed: &str) -> Result<Option<Found>, StoreError> {
    let customer = |ids: Vec<String>| ids.into_iter().next().map(Found::Customer);
    if typed.contains('@') {
        return app.store.pointed_orders(&Pointer::customer(typed)).await.map(customer);
    }
    if let Some(id) = order_by_number(app, typed).await? {
        return Ok(Some(Found::Order(id)));
    }
    match app.settings.intake.phone_e164(typed) {
        Some(phone) => app.store.pointed_orders(&Pointer::customer(&phone)).await.map(customer),
        None => Ok(None),
    }
}

/// An order with its whole history, for the pages that show it.
pub async fn order_whole<S: OrderStore, Q: NoticeQueue>(
    app: &App<S, Q>,
    order_id: &str,
) -> Result<Option<Order>, StoreError> {
    app.store.get_with_history(order_id).await
}

/// One order's paper: its packing slip, or its invoice and the invoice's number.
pub struct Paper {
    pub order: Order,
    /// Taken from the shop's sequence on the invoice's first print, the same after it.
    pub invoice_number: Option<u64>,
}

/// The most papers printed at once.
pub const PAPERS: usize = 50;

/// Packing slips or invoices for up to [`PAPERS`] orders; `Err(id)` names an order that is not there.
pub async fn papers<S: OrderStore, Q: NoticeQueue>(
    app: &App<S, Q>,
    ids: &[String],
    invoice: bool,
) -> Result<Result<Vec<Paper>, String>, StoreError> {
    let mut papers = Vec::new();
    for id in ids.iter().take(PAPERS) {
        let Some(order) = app.store.get(id).await? else { return Ok(Err(id.clone())) };
        let invoice_number = match invoice {
            true => Some(app.store.invoice_number(&order.id).await?),
            false => None,
        };
        papers.push(Paper { order, invoice_number });
    }
    Ok(Ok(papers))
}

/// The keys a customer is found by: each contact their order gives.
pub fn customer_of(order: &Order) -> Vec<Pointer> {
    [order.customer.email.as_ref(), order.customer.phone.as_ref()]
        .into_iter()
        .flatten()
        .map(|contact| Pointer::customer(contact.expose()))
        .collect()
}

/// A customer as their card shows them, found from one of their orders.
pub struct CustomerCard {
    pub order: Order,
    /// Their orders by any contact of this one, newest first, at most [`CARD_ORDERS`].
    pub orders: Vec<Order>,
    pub note: Option<StaffNote>,
}

/// Orders a customer card shows.
pub const CARD_ORDERS: usize = 20;

/// The card of the customer of `order_id`, the opening on the audit trail (by the order, so that no
/// contact detail is on it); `None` when there is no such order.
pub async fn customer_card<S: OrderStore, Q: NoticeQueue>(
    app: &App<S, Q>,
    actor: &Actor,
    order_id: &str,
) -> Result<Option<CustomerCard>, StoreError> {
    let Some(order) = app.store.get(order_id).await? else { return Ok(None) };
    audit(app, actor, Audited::CustomerCard, &format!("customer-of:{order_id}"), true).await?;
    let keys = customer_of(&order);
    let mut ids: Vec<String> = Vec::new();
    for key in &keys {
        for id in app.store.pointed_orders(key).await? {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    let note = match keys.first() {
        Some(key) => app.store.customer_note(key).await?,
        None => None,
    };
    let mut orders = Vec::new();
    for id in ids.iter().take(CARD_ORDERS) {
        orders.extend(app.store.get(id).await?);
    }
    Ok(Some(CustomerCard { order, orders, note }))
}

/// What became of a note on a customer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoteSaved {
    Saved,
    NoSuchOrder,
    /// The order gives no contact to keep a note under.
    NoContact,
}

/// Keeps staff's note on the customer of `order_id` (cut to its limit), by `by`.
pub async fn save_customer_note<S: OrderStore, Q: NoticeQueue>(
    app: &App<S, Q>,
    order_id: &str,
    text: &str,
    by: &str,
) -> Result<NoteSaved, StoreError> {
    let Some(order) = app.store.get(order_id).await? else { return Ok(NoteSaved::NoSuchOrder) };
    let Some(key) = customer_of(&order).into_iter().next() else { return Ok(NoteSaved::NoContact) };
    let text = crate::domain::limits::cut(text, crate::domain::limits::NOTE);
    let note = StaffNote { text: crate::domain::Private::new(text), by: by.to_string(), at: app.clock.now() };
    app.store.set_customer_note(&key, &note).await?;
    Ok(NoteSaved::Saved)
}

/// Provider events that named no order this shop knows, latest first.
pub async fn unmatched<S: OrderStore, Q: NoticeQueue>(app: &App<S, Q>) -> Result<Vec<UnmatchedEvent>, StoreError> {
    app.store.unmatched_events().await
}
