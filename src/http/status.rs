//! What customers open: the order's status as JSON and as a page, and the short link from SMS.

use super::{Problem, Segments, order_not_found};
use crate::app::status::{StatusView, find_with_token};
use crate::app::{App, AppError};
use crate::notify::NoticeQueue;
use crate::notify::locale::catalog;
use crate::store::OrderStore;
use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
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
        Ok(Some(order)) => axum::Json(StatusView::of(&order, &customer_locale(&app, &order))).into_response(),
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
    axum::extract::Query(query): axum::extract::Query<TokenQuery>,
) -> Response {
    let order = match find_with_token(&app.store, &order_id, query.token.as_deref().unwrap_or_default()).await {
        Ok(Some(order)) => order,
        Ok(None) => {
            let page = "<!DOCTYPE html><html lang=\"en\"><meta charset=\"utf-8\"><title>Order not found</title><p>We could not find this order. Please use the link from your latest message.</p></html>";
            return (StatusCode::NOT_FOUND, axum::response::Html(page)).into_response();
        }
        Err(error) => return Problem::from(AppError::Store(error)).into_response(),
    };
    let locale = customer_locale(&app, &order);
    let view = StatusView::of(&order, &locale);
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
        eta: shipment.and_then(|s| s.estimated_delivery).map(|at| say("page-eta", &[("eta", words.date(&locale, at))])),
        collect: shipment.and_then(|s| s.pickup_location.clone()).map(|p| say("page-collect", &[("place", p)])),
        follow: say("page-follow", &[]),
        history: say("page-history", &[]),
        items: say("page-items", &[]),
        total: say("page-total", &[("total", view.total.clone())]),
        needed: (!view.needed_from_you.is_empty())
            .then(|| say("page-needs-address", &[("shop", app.settings.branding.name.clone())])),
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
        Ok(html) => ([(header::CACHE_CONTROL, "no-store")], axum::response::Html(html)).into_response(),
        Err(error) => {
            tracing::error!(%error, "status page template failed");
            Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "Internal error", "retry later").into_response()
        }
    }
}

/// `/t/{id}/{token}`: the short link in SMS, redirected to the status page.
async fn short_link(Segments((order_id, short)): Segments<(String, String)>) -> Response {
    use base64::Engine;
    match base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(short.as_bytes()) {
        Ok(token) if token.len() == 12 => {
            axum::response::Redirect::to(&format!("/track/{order_id}?token={}", hex::encode(token))).into_response()
        }
        _ => order_not_found().into_response(),
    }
}

pub(super) fn routes<S: OrderStore, Q: NoticeQueue>() -> Router<Arc<App<S, Q>>> {
    Router::new()
        .route("/orders/{order_id}", get(status_json::<S, Q>))
        .route("/track/{order_id}", get(status_page::<S, Q>))
        .route("/t/{order_id}/{token}", get(short_link))
}
