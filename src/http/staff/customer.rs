//! The customer card: their orders, staff's note, erasure.

use super::list::Row;
use super::order::Line;
use super::*;
use crate::app::backoffice::{self, NoteSaved};

#[derive(askama::Template)]
#[template(path = "staff/customer.html")]
pub(super) struct CustomerPage<'a> {
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

/// The customer card: their contact, their other orders (by email or phone), what they were sent,
/// and staff's note about them.
pub(super) async fn customer_card<S: OrderStore, Q: NoticeQueue>(
    app: &App<S, Q>,
    session: &Session,
    order_id: &str,
) -> Response {
    let w = Words::of(app);
    if !session.may(Role::Staff) {
        return message_page(app, StatusCode::FORBIDDEN, &w.t1("staff-role-needed", "role", Role::Staff.as_str()));
    }
    let card = match backoffice::customer_card(app, &session.actor(), order_id).await {
        Ok(Some(card)) => card,
        Ok(None) => return message_page(app, StatusCode::NOT_FOUND, &w.t("staff-not-found")),
        Err(error) => return crate::http::Problem::from(AppError::Store(error)).into_response(),
    };
    let (order, note) = (&card.order, card.note);
    let zone = &app.settings.branding.time_zone;
    let when = |at: Timestamp| catalog().datetime(&w.locale, at, zone);
    let (mut orders, mut messages) = (Vec::new(), Vec::new());
    for other in &card.orders {
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
        path: order_path(app, &order.id),
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

pub(super) async fn save_customer_note<S: OrderStore, Q: NoticeQueue>(
    app: &App<S, Q>,
    session: &Session,
    order_id: &str,
    text: Option<String>,
) -> Response {
    let w = Words::of(app);
    match backoffice::save_customer_note(app, order_id, &text.unwrap_or_default(), session.name()).await {
        Ok(NoteSaved::Saved) => Redirect::to(&format!("{}/customer", order_path(app, order_id))).into_response(),
        Ok(NoteSaved::NoSuchOrder) => message_page(app, StatusCode::NOT_FOUND, &w.t("staff-not-found")),
        Ok(NoteSaved::NoContact) => message_page(app, StatusCode::CONFLICT, &w.t("staff-no-contact")),
        Err(error) => crate::http::Problem::from(AppError::Store(error)).into_response(),
    }
}

/// `POST /staff/orders/{id}/customer-erase`: the owner erases the personal data of this order's
/// customer from every one of their orders (confirmed by typing `erase`).
pub(super) async fn erase_customer<S: OrderStore, Q: NoticeQueue>(
    app: &App<S, Q>,
    session: &Session,
    order_id: &str,
    confirm: Option<&str>,
) -> Response {
    let w = Words::of(app);
    let subject = format!("customer-of:{order_id}");
    if !session.may(Role::Owner) {
        if let Err(error) = audit(app, &session.actor(), Audited::Erase, &subject, false).await {
            return crate::http::Problem::from(AppError::Store(error)).into_response();
        }
        return message_page(app, StatusCode::FORBIDDEN, &w.t1("staff-role-needed", "role", Role::Owner.as_str()));
    }
    if confirm.map(str::trim) != Some("erase") {
        return message_page(app, StatusCode::BAD_REQUEST, &w.t("staff-erase-unconfirmed"));
    }
    let erased = match crate::app::privacy::erase_customer_of(&app.store, order_id, app.clock.now()).await {
        Ok(Some(_)) => Ok(()),
        Ok(None) => return message_page(app, StatusCode::NOT_FOUND, &w.t("staff-not-found")),
        Err(error) => Err(error),
    };
    let recorded = match erased {
        Ok(()) => audit(app, &session.actor(), Audited::Erase, &subject, true).await,
        Err(error) => Err(error),
    };
    match recorded {
        Ok(()) => Redirect::to(&order_path(app, order_id)).into_response(),
        Err(error) => crate::http::Problem::from(AppError::Store(error)).into_response(),
    }
}
