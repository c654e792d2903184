//! HTTP routers mounted both by the Lambda functions and by `orderflow dev`. Errors are
//! `application/problem+json` (RFC 9457) and never leak internals.

use crate::app::fulfilment::{ActError, TrackingReceipt, act_on_order, track_shipment};
use crate::app::status::{StatusView, find_with_token};
use crate::app::{App, AppError, PaymentReceipt, Receipt, capture_payment, receive_order};
use crate::domain::FulfilmentStatus;
use crate::domain::fulfilment::{CarrierProvider, StaffAction};
use crate::domain::{OrderSource, PaymentProvider};
use crate::notify::NoticeQueue;
use crate::notify::locale::catalog;
use crate::providers::{ProviderError, SignatureError};
use crate::store::{OrderStore, StoreError};
use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Serialize;
use std::sync::Arc;
use subtle::ConstantTimeEq;

/// Largest request body accepted (413 beyond).
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// An RFC 9457 problem. `field` names the offending field for 400s.
#[derive(Debug, Serialize)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: &'static str,
    pub status: u16,
    pub detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl Problem {
    pub fn new(status: StatusCode, slug: &str, title: &'static str, detail: impl Into<String>) -> Self {
        Self { kind: format!("/problems/{slug}"), title, status: status.as_u16(), detail: detail.into(), field: None }
    }

    fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "not-found", "Not found", "no such route")
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&self).expect("a problem serialises");
        (status, [(header::CONTENT_TYPE, "application/problem+json")], body).into_response()
    }
}

impl From<AppError> for Problem {
    fn from(error: AppError) -> Self {
        match error {
            AppError::Provider(ProviderError::Unauthorized(e @ SignatureError::VerifierUnavailable(_))) => {
                tracing::warn!(error = %e, "signature verifier unavailable");
                Problem::new(StatusCode::SERVICE_UNAVAILABLE, "unavailable", "Temporarily unavailable", "retry later")
            }
            AppError::Provider(ProviderError::Unauthorized(e)) => {
                Problem::new(StatusCode::UNAUTHORIZED, "bad-signature", "Signature check failed", e.to_string())
            }
            AppError::Provider(ProviderError::Invalid(invalid)) => Problem {
                field: Some(invalid.field.clone()),
                ..Problem::new(StatusCode::BAD_REQUEST, "invalid-field", "Invalid request", invalid.to_string())
            },
            AppError::Provider(e @ ProviderError::UnsupportedMediaType) => Problem::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type",
                "Unsupported media type",
                e.to_string(),
            ),
            AppError::Store(error) => {
                tracing::error!(%error, "store failure");
                let detail = match error {
                    StoreError::Conflict => "the order changed concurrently; retry",
                    _ => "the order could not be recorded; retry later",
                };
                Problem::new(StatusCode::SERVICE_UNAVAILABLE, "unavailable", "Temporarily unavailable", detail)
            }
        }
    }
}

/// Turns a body rejection (too large, unreadable) into a problem.
fn body_problem(rejection: BytesRejection) -> Problem {
    match rejection.status() {
        StatusCode::PAYLOAD_TOO_LARGE => Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too-large",
            "Request body too large",
            format!("the body is over {} KiB", MAX_BODY_BYTES / 1024),
        ),
        status => Problem::new(status, "unreadable-body", "Unreadable body", rejection.body_text()),
    }
}

#[derive(Serialize)]
struct Accepted {
    result: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    order_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
}

impl Accepted {
    fn about(result: &'static str, order_id: String) -> Self {
        Accepted { result, order_id: Some(order_id), status: None, reason: None }
    }
}

impl From<PaymentReceipt> for Accepted {
    fn from(receipt: PaymentReceipt) -> Self {
        match receipt {
            PaymentReceipt::Applied { order_id } => Accepted::about("applied", order_id),
            PaymentReceipt::Duplicate { order_id } => Accepted::about("duplicate", order_id),
            PaymentReceipt::Parked { order_id } => Accepted::about("parked", order_id),
            PaymentReceipt::Ignored { reason } => {
                Accepted { result: "ignored", order_id: None, status: None, reason: Some(reason) }
            }
            PaymentReceipt::Unmatched => Accepted { result: "unmatched", order_id: None, status: None, reason: None },
        }
    }
}

impl From<Receipt> for Accepted {
    fn from(receipt: Receipt) -> Self {
        match receipt {
            Receipt::Recorded { order_id, status } => {
                Accepted { result: "recorded", order_id: Some(order_id), status: Some(status.as_str()), reason: None }
            }
            Receipt::Duplicate { order_id } => {
                Accepted { result: "duplicate", order_id: Some(order_id), status: None, reason: None }
            }
            Receipt::Ignored { reason } => {
                Accepted { result: "ignored", order_id: None, status: None, reason: Some(reason) }
            }
        }
    }
}

async fn order_webhook<S: OrderStore, Q: NoticeQueue>(
    State(app): State<Arc<App<S, Q>>>,
    Path(source): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let Some(source) = OrderSource::from_path(&source) else {
        return Problem::new(
            StatusCode::NOT_FOUND,
            "unknown-source",
            "Unknown source",
            format!("no order source named {source:?}"),
        )
        .into_response();
    };
    let body = match body {
        Ok(body) => body,
        Err(rejection) => return body_problem(rejection).into_response(),
    };
    match receive_order(&app, source, &headers, &body).await {
        Ok(receipt) => (StatusCode::OK, axum::Json(Accepted::from(receipt))).into_response(),
        Err(error) => Problem::from(error).into_response(),
    }
}

async fn payment_webhook<S: OrderStore, Q: NoticeQueue>(
    State(app): State<Arc<App<S, Q>>>,
    Path(provider): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let Some(provider) = PaymentProvider::from_path(&provider) else {
        let detail = format!("no payment provider named {provider:?}");
        return Problem::new(StatusCode::NOT_FOUND, "unknown-source", "Unknown source", detail).into_response();
    };
    let body = match body {
        Ok(body) => body,
        Err(rejection) => return body_problem(rejection).into_response(),
    };
    match capture_payment(&app, provider, &headers, &body).await {
        // Not acknowledged: the provider retries until the payment it refers to is known.
        Ok(PaymentReceipt::Unmatched) => Problem::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "unmatched-payment",
            "Payment not matched to an order yet",
            "the event names no order and its payment is not known yet; retry later",
        )
        .into_response(),
        Ok(receipt) => (StatusCode::OK, axum::Json(Accepted::from(receipt))).into_response(),
        Err(error) => Problem::from(error).into_response(),
    }
}

async fn carrier_webhook<S: OrderStore, Q: NoticeQueue>(
    State(app): State<Arc<App<S, Q>>>,
    Path(provider): Path<String>,
    uri: axum::http::Uri,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let Some(provider) = CarrierProvider::from_path(&provider) else {
        let detail = format!("no carrier provider named {provider:?}");
        return Problem::new(StatusCode::NOT_FOUND, "unknown-source", "Unknown source", detail).into_response();
    };
    let body = match body {
        Ok(body) => body,
        Err(rejection) => return body_problem(rejection).into_response(),
    };
    match track_shipment(&app, provider, &headers, uri.query(), &body).await {
        Ok(TrackingReceipt::Applied { order_id, status }) => {
            let accepted =
                Accepted { result: "applied", order_id: Some(order_id), status: Some(status.as_str()), reason: None };
            (StatusCode::OK, axum::Json(accepted)).into_response()
        }
        Ok(TrackingReceipt::Duplicate { order_id }) => {
            (StatusCode::OK, axum::Json(Accepted::about("duplicate", order_id))).into_response()
        }
        Ok(TrackingReceipt::Ignored { reason }) => {
            let accepted = Accepted { result: "ignored", order_id: None, status: None, reason: Some(reason) };
            (StatusCode::OK, axum::Json(accepted)).into_response()
        }
        // Not acknowledged: the carrier retries until the shipment is known (shipped in the back office).
        Ok(TrackingReceipt::Unmatched) => Problem::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "unmatched-shipment",
            "Shipment not matched to an order yet",
            "no order is known for this parcel yet; retry later",
        )
        .into_response(),
        Err(error) => Problem::from(error).into_response(),
    }
}

/// Checks `Authorization: Bearer $ADMIN_TOKEN` in constant time; an unset token admits nobody.
async fn require_admin<S: OrderStore, Q: NoticeQueue>(
    State(app): State<Arc<App<S, Q>>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let expected = app.settings.secrets.get("ADMIN_TOKEN").unwrap_or_default();
    let given = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    let admitted = !expected.is_empty() && bool::from(given.as_bytes().ct_eq(expected.as_bytes()));
    if !admitted {
        return Problem::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "Unauthorized",
            "a valid admin bearer token is required",
        )
        .into_response();
    }
    next.run(request).await
}

fn invalid_body(error: impl std::fmt::Display, field: Option<String>) -> Problem {
    Problem { field, ..Problem::new(StatusCode::BAD_REQUEST, "invalid-field", "Invalid request", error.to_string()) }
}

/// Builds the staff action named in the path from its JSON body.
fn staff_action(action: &str, body: &[u8]) -> Result<StaffAction, Problem> {
    let parse = |body: &[u8]| -> Result<serde_json::Value, Problem> {
        if body.is_empty() {
            Ok(serde_json::json!({}))
        } else {
            serde_json::from_slice(body).map_err(|e| invalid_body(e, Some("body".into())))
        }
    };
    let typed = |value: serde_json::Value, action: &str| -> Result<StaffAction, Problem> {
        let mut tagged = value;
        if let Some(object) = tagged.as_object_mut() {
            object.insert("action".into(), serde_json::Value::String(action.into()));
        }
        serde_path_to_error::deserialize(tagged).map_err(|e| {
            let invalid = crate::providers::invalid_from_serde(e);
            invalid_body(invalid.reason, Some(invalid.field))
        })
    };
    match action {
        "confirm" => Ok(StaffAction::Confirm),
        "pack" => Ok(StaffAction::Pack),
        "deliver" => Ok(StaffAction::Deliver),
        "ship" | "out-of-stock" | "cancel" => typed(parse(body)?, action),
        other => Err(Problem::new(
            StatusCode::NOT_FOUND,
            "unknown-action",
            "Unknown action",
            format!("no action named {other:?}"),
        )),
    }
}

async fn admin_action<S: OrderStore, Q: NoticeQueue>(
    State(app): State<Arc<App<S, Q>>>,
    Path((order_id, action)): Path<(String, String)>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let body = match body {
        Ok(body) => body,
        Err(rejection) => return body_problem(rejection).into_response(),
    };
    let action = match staff_action(&action, &body) {
        Ok(action) => action,
        Err(problem) => return problem.into_response(),
    };
    match act_on_order(&app, &order_id, &action).await {
        Ok(order) => axum::Json(serde_json::json!({
            "order_id": order.id,
            "status": order.status,
            "payment_status": order.payment.status,
        }))
        .into_response(),
        Err(ActError::NotFound) => order_not_found().into_response(),
        Err(ActError::Impossible(error)) => {
            Problem::new(StatusCode::CONFLICT, "impossible-transition", "Impossible transition", error.to_string())
                .into_response()
        }
        Err(ActError::Store(error)) => Problem::from(AppError::Store(error)).into_response(),
    }
}

#[derive(serde::Deserialize)]
struct ListQuery {
    status: Option<String>,
    limit: Option<i32>,
    after: Option<String>,
}

async fn admin_list<S: OrderStore, Q: NoticeQueue>(
    State(app): State<Arc<App<S, Q>>>,
    axum::extract::Query(query): axum::extract::Query<ListQuery>,
) -> Response {
    let status = query.status.as_deref().unwrap_or("received");
    let Ok(status) = serde_json::from_value::<FulfilmentStatus>(serde_json::Value::String(status.into())) else {
        return invalid_body(format!("no status named {status:?}"), Some("status".into())).into_response();
    };
    let limit = query.limit.unwrap_or(50).clamp(1, 100);
    match app.store.list_by_status(status, limit, query.after.as_deref()).await {
        Ok(page) => axum::Json(page).into_response(),
        Err(error) => Problem::from(AppError::Store(error)).into_response(),
    }
}

fn order_not_found() -> Problem {
    Problem::new(StatusCode::NOT_FOUND, "not-found", "Not found", "no such order")
}

#[derive(serde::Deserialize)]
struct TokenQuery {
    token: Option<String>,
}

async fn status_json<S: OrderStore, Q: NoticeQueue>(
    State(app): State<Arc<App<S, Q>>>,
    Path(order_id): Path<String>,
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
    Path(order_id): Path<String>,
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
async fn short_link(Path((order_id, short)): Path<(String, String)>) -> Response {
    use base64::Engine;
    match base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(short.as_bytes()) {
        Ok(token) if token.len() == 12 => {
            axum::response::Redirect::to(&format!("/track/{order_id}?token={}", hex::encode(token))).into_response()
        }
        _ => order_not_found().into_response(),
    }
}

async fn not_found() -> Problem {
    Problem::not_found()
}

/// `POST /webhooks/orders/{source}`: the order-placed function.
pub fn order_routes<S: OrderStore, Q: NoticeQueue>(app: Arc<App<S, Q>>) -> Router {
    with_defaults(Router::new().route("/webhooks/orders/{source}", post(order_webhook::<S, Q>)), app)
}

/// `POST /webhooks/payments/{provider}`: the payment-captured function.
pub fn payment_routes<S: OrderStore, Q: NoticeQueue>(app: Arc<App<S, Q>>) -> Router {
    with_defaults(Router::new().route("/webhooks/payments/{provider}", post(payment_webhook::<S, Q>)), app)
}

/// Problem+json for unknown routes and methods, and the body size limit.
fn with_defaults<S: OrderStore, Q: NoticeQueue>(routes: Router<Arc<App<S, Q>>>, app: Arc<App<S, Q>>) -> Router {
    routes
        .fallback(not_found)
        .method_not_allowed_fallback(|| async {
            Problem::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "method-not-allowed",
                "Method not allowed",
                "see the route's method",
            )
        })
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(app)
}

/// `POST /webhooks/carriers/{provider}`: the carrier-webhook function.
pub fn carrier_routes<S: OrderStore, Q: NoticeQueue>(app: Arc<App<S, Q>>) -> Router {
    with_defaults(carriers::<S, Q>(), app)
}

/// `/admin/...`: the backoffice function.
pub fn backoffice_routes<S: OrderStore, Q: NoticeQueue>(app: Arc<App<S, Q>>) -> Router {
    with_defaults(admin(app.clone()), app)
}

/// `GET /orders/{id}` and `GET /track/{id}`: the order-status function.
pub fn status_routes<S: OrderStore, Q: NoticeQueue>(app: Arc<App<S, Q>>) -> Router {
    with_defaults(status::<S, Q>(), app)
}

fn carriers<S: OrderStore, Q: NoticeQueue>() -> Router<Arc<App<S, Q>>> {
    Router::new().route("/webhooks/carriers/{provider}", post(carrier_webhook::<S, Q>))
}

fn admin<S: OrderStore, Q: NoticeQueue>(app: Arc<App<S, Q>>) -> Router<Arc<App<S, Q>>> {
    Router::new()
        .route("/admin/orders", get(admin_list::<S, Q>))
        .route("/admin/orders/{order_id}/{action}", post(admin_action::<S, Q>))
        .route_layer(axum::middleware::from_fn_with_state(app, require_admin::<S, Q>))
}

fn status<S: OrderStore, Q: NoticeQueue>() -> Router<Arc<App<S, Q>>> {
    Router::new()
        .route("/orders/{order_id}", get(status_json::<S, Q>))
        .route("/track/{order_id}", get(status_page::<S, Q>))
        .route("/t/{order_id}/{token}", get(short_link))
}

/// Every route of the system, for `orderflow dev`.
pub fn router<S: OrderStore, Q: NoticeQueue>(app: Arc<App<S, Q>>) -> Router {
    let routes = Router::new()
        .route("/webhooks/orders/{source}", post(order_webhook::<S, Q>))
        .route("/webhooks/payments/{provider}", post(payment_webhook::<S, Q>))
        .merge(carriers::<S, Q>())
        .merge(admin(app.clone()))
        .merge(status::<S, Q>());
    with_defaults(routes, app)
}
