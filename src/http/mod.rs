//! HTTP routers mounted both by the Lambda functions and by `orderflow dev`: one module per
//! audience (webhooks from providers, the back office, customers). Errors are
//! `application/problem+json` (RFC 9457) and never leak internals.

mod admin;
mod session;
pub mod shops;
mod staff;
mod status;
pub mod throttle;
mod webhooks;

use crate::app::{App, AppError, PaymentReceipt, Receipt};
use crate::notify::NoticeQueue;
use crate::providers::{ProviderError, SignatureError};
use crate::store::{OrderStore, StoreError};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::extract::rejection::BytesRejection;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use std::sync::Arc;

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
    /// For 403s: the role the request needs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<&'static str>,
    /// For 429s: seconds before the request may be sent again (the `Retry-After` header).
    #[serde(skip)]
    pub retry_after: Option<u32>,
}

impl Problem {
    pub fn new(status: StatusCode, slug: &str, title: &'static str, detail: impl Into<String>) -> Self {
        let (kind, status) = (format!("/problems/{slug}"), status.as_u16());
        Self { kind, title, status, detail: detail.into(), field: None, role: None, retry_after: None }
    }

    pub(crate) fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "not-found", "Not found", "no such route")
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&self).expect("a problem serialises");
        let mut response = (status, [(header::CONTENT_TYPE, "application/problem+json")], body).into_response();
        if let Some(seconds) = self.retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, header::HeaderValue::from(seconds));
        }
        response
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
            limited @ AppError::Limited { retry_after, .. } => Problem {
                retry_after: Some(retry_after),
                ..Problem::new(StatusCode::TOO_MANY_REQUESTS, "limited", "Over the shop's limit", limited.to_string())
            },
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

/// Path parameters, answered with a problem+json 400 when a segment cannot be read (a percent
/// escape that is not UTF-8, say) instead of axum's plain-text rejection.
pub(crate) struct Segments<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned + Send> axum::extract::FromRequestParts<S> for Segments<T> {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut http::request::Parts, state: &S) -> Result<Self, Problem> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Self(value)),
            Err(rejection) => {
                Err(Problem::new(StatusCode::BAD_REQUEST, "invalid-path", "Invalid path", rejection.body_text()))
            }
        }
    }
}

/// A form body (`application/x-www-form-urlencoded`), answered with a problem+json 4xx when it is
/// not one, too large or unreadable, instead of axum's plain-text rejection.
pub(crate) struct FormBody<T>(pub T);

impl<S: Send + Sync, T: serde::de::DeserializeOwned> axum::extract::FromRequest<S> for FormBody<T> {
    type Rejection = Problem;

    async fn from_request(request: axum::extract::Request, state: &S) -> Result<Self, Problem> {
        match axum::Form::<T>::from_request(request, state).await {
            Ok(axum::Form(value)) => Ok(Self(value)),
            Err(rejection) => Err(match rejection.status() {
                StatusCode::UNSUPPORTED_MEDIA_TYPE => Problem::new(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "unsupported-media-type",
                    "Unsupported media type",
                    "a form is sent as application/x-www-form-urlencoded",
                ),
                StatusCode::PAYLOAD_TOO_LARGE => Problem::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "too-large",
                    "Request body too large",
                    format!("the body is over {} KiB", MAX_BODY_BYTES / 1024),
                ),
                status => Problem::new(status, "unreadable-form", "Unreadable form", rejection.body_text()),
            }),
        }
    }
}

/// Turns a body rejection (too large, unreadable) into a problem.
pub(crate) fn body_problem(rejection: BytesRejection) -> Problem {
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
pub(crate) struct Accepted {
    result: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    order_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
}

impl Accepted {
    /// An event for no known order, retried long enough: acknowledged, and listed for the owner.
    pub(crate) fn set_aside() -> Self {
        let reason = "no order matched this event in 24 hours: set aside, listed for the shop at /staff/unmatched";
        Accepted { result: "unmatched", order_id: None, status: None, reason: Some(reason.into()) }
    }

    pub(crate) fn about(result: &'static str, order_id: String) -> Self {
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
            PaymentReceipt::SetAside => Accepted::set_aside(),
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
            Receipt::Applied { order_id } => Accepted::about("applied", order_id),
            Receipt::Parked { order_id } => Accepted::about("parked", order_id),
        }
    }
}

pub(crate) fn order_not_found() -> Problem {
    Problem::new(StatusCode::NOT_FOUND, "not-found", "Not found", "no such order")
}

/// A 400 naming the field that failed its check.
pub(crate) fn invalid_field(invalid: crate::domain::InvalidField) -> Problem {
    let field = invalid.field.clone();
    invalid_body(invalid, Some(field))
}

pub(crate) fn invalid_body(error: impl std::fmt::Display, field: Option<String>) -> Problem {
    Problem { field, ..Problem::new(StatusCode::BAD_REQUEST, "invalid-field", "Invalid request", error.to_string()) }
}

/// Every HTML page, the staff's and the customer's: never cached, never framed, no script at all,
/// no referrer (a page's URL may carry the customer's token), forms only to this site.
pub(crate) fn page(status: StatusCode, html: String) -> Response {
    use axum::http::HeaderValue;
    let mut response = (status, axum::response::Html(html)).into_response();
    let headers = response.headers_mut();
    let csp = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; \
               frame-ancestors 'none'; base-uri 'none'";
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(csp));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}

async fn not_found() -> Problem {
    Problem::not_found()
}

/// `POST /webhooks/orders/{source}`: the order-placed function.
pub fn order_routes<S: OrderStore, Q: NoticeQueue>(app: Arc<App<S, Q>>) -> Router {
    with_defaults(webhooks::orders(), app)
}

/// `POST /webhooks/payments/{provider}`: the payment-captured function.
pub fn payment_routes<S: OrderStore, Q: NoticeQueue>(app: Arc<App<S, Q>>) -> Router {
    with_defaults(webhooks::payments(), app)
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
    with_defaults(webhooks::carriers(), app)
}

/// `/admin/...` and the staff pages `/staff/...`: the backoffice function.
pub fn backoffice_routes<S: OrderStore, Q: NoticeQueue>(app: Arc<App<S, Q>>) -> Router {
    with_defaults(admin::routes(app.clone()).merge(staff::routes()), app)
}

/// `GET /orders/{id}` and `GET /track/{id}`: the order-status function, which reads only.
pub fn status_routes<S: OrderStore, Q: NoticeQueue>(app: Arc<App<S, Q>>) -> Router {
    with_defaults(status::views(), app)
}

/// `POST /track/{id}/…`: the customer's forms, the customer-forms function.
pub fn customer_form_routes<S: OrderStore, Q: NoticeQueue>(app: Arc<App<S, Q>>) -> Router {
    with_defaults(status::answers(), app)
}

/// Every route of the system, for `orderflow dev`.
pub fn router<S: OrderStore, Q: NoticeQueue>(app: Arc<App<S, Q>>) -> Router {
    let routes = webhooks::orders()
        .merge(webhooks::payments())
        .merge(webhooks::carriers())
        .merge(admin::routes(app.clone()))
        .merge(staff::routes())
        .merge(status::views())
        .merge(status::answers());
    with_defaults(routes, app)
}
