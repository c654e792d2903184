//! Provider webhooks: storefront orders, payments, carrier tracking.

use super::{Accepted, Problem, Segments, body_problem};
use crate::app::fulfilment::{TrackingReceipt, track_shipment};
use crate::app::{App, PaymentReceipt, Receipt, capture_payment, receive_order};
use crate::domain::CarrierProvider;
use crate::domain::{OrderSource, PaymentProvider};
use crate::metrics::{self, Metric, WebhookKind};
use crate::notify::NoticeQueue;
use crate::store::OrderStore;
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use std::sync::Arc;

/// The source named in the path and the body, or the problem that answers the request instead:
/// 404 for a source this route does not know, 413/400 for a body that cannot be read.
fn webhook_input<P>(
    parsed: Option<P>,
    kind: &str,
    named: &str,
    body: Result<Bytes, BytesRejection>,
) -> Result<(P, Bytes), Problem> {
    let source = parsed.ok_or_else(|| {
        let detail = format!("no {kind} named {named:?}");
        Problem::new(StatusCode::NOT_FOUND, "unknown-source", "Unknown source", detail)
    })?;
    let body = body.map_err(body_problem)?;
    Ok((source, body))
}

/// Answers a webhook and counts its outcome (see [`crate::metrics`]).
fn answer(kind: WebhookKind, result: Result<Accepted, Problem>) -> Response {
    match result {
        Ok(accepted) => {
            metrics::record(Metric::Webhook { kind, outcome: accepted.result, reason: None });
            (StatusCode::OK, axum::Json(accepted)).into_response()
        }
        Err(problem) => {
            let slug = problem.kind.trim_start_matches("/problems/");
            let (outcome, reason) = match problem.status {
                500.. => ("unavailable", None),
                _ => ("rejected", Some(slug)),
            };
            let outcome = if slug.starts_with("unmatched") { "unmatched" } else { outcome };
            metrics::record(Metric::Webhook { kind, outcome, reason });
            problem.into_response()
        }
    }
}

async fn order_webhook<S: OrderStore, Q: NoticeQueue>(
    State(app): State<Arc<App<S, Q>>>,
    Segments(source): Segments<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let result = match webhook_input(OrderSource::from_path(&source), "order source", &source, body) {
        Ok((source, body)) => {
            let receipt = receive_order(&app, source, &headers, &body).await;
            if let Ok(Receipt::Recorded { .. }) = receipt {
                metrics::record_of(&app.settings.shop, Metric::OrderReceived { source });
            }
            receipt.map(Accepted::from).map_err(Problem::from)
        }
        Err(problem) => Err(problem),
    };
    answer(WebhookKind::Orders, result)
}

async fn payment_webhook<S: OrderStore, Q: NoticeQueue>(
    State(app): State<Arc<App<S, Q>>>,
    Segments(provider): Segments<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let result = match webhook_input(PaymentProvider::from_path(&provider), "payment provider", &provider, body) {
        Ok((provider, body)) => match capture_payment(&app, provider, &headers, &body).await {
            // Not acknowledged: the provider retries until the payment it refers to is known.
            Ok(PaymentReceipt::Unmatched) => Err(Problem::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "unmatched-payment",
                "Payment not matched to an order yet",
                "the event names no order and its payment is not known yet; retry later",
            )),
            receipt => receipt.map(Accepted::from).map_err(Problem::from),
        },
        Err(problem) => Err(problem),
    };
    answer(WebhookKind::Payments, result)
}

async fn carrier_webhook<S: OrderStore, Q: NoticeQueue>(
    State(app): State<Arc<App<S, Q>>>,
    Segments(provider): Segments<String>,
    uri: axum::http::Uri,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let result = match webhook_input(CarrierProvider::from_path(&provider), "carrier provider", &provider, body) {
        Ok((provider, body)) => match track_shipment(&app, provider, &headers, uri.query(), &body).await {
            Ok(TrackingReceipt::Applied { order_id, status }) => Ok(Accepted {
                result: "applied",
                order_id: Some(order_id),
                status: Some(status.as_str()),
                reason: None,
            }),
            Ok(TrackingReceipt::Duplicate { order_id }) => Ok(Accepted::about("duplicate", order_id)),
            Ok(TrackingReceipt::Ignored { reason }) => {
                Ok(Accepted { result: "ignored", order_id: None, status: None, reason: Some(reason) })
            }
            Ok(TrackingReceipt::SetAside) => Ok(super::Accepted::set_aside()),
            // Not acknowledged: the carrier retries until the shipment is known (shipped in the back office).
            Ok(TrackingReceipt::Unmatched) => Err(Problem::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "unmatched-shipment",
                "Shipment not matched to an order yet",
                "no order is known for this parcel yet; retry later",
            )),
            Err(error) => Err(Problem::from(error)),
        },
        Err(problem) => Err(problem),
    };
    answer(WebhookKind::Carriers, result)
}

/// Checks `Authorization: Bearer $ADMIN_TOKEN` in constant time; an unset token admits nobody.
pub(super) fn orders<S: OrderStore, Q: NoticeQueue>() -> Router<Arc<App<S, Q>>> {
    Router::new().route("/webhooks/orders/{source}", post(order_webhook::<S, Q>))
}

pub(super) fn payments<S: OrderStore, Q: NoticeQueue>() -> Router<Arc<App<S, Q>>> {
    Router::new().route("/webhooks/payments/{provider}", post(payment_webhook::<S, Q>))
}

pub(super) fn carriers<S: OrderStore, Q: NoticeQueue>() -> Router<Arc<App<S, Q>>> {
    Router::new().route("/webhooks/carriers/{provider}", post(carrier_webhook::<S, Q>))
}
