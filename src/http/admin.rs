//! The back office: staff actions and the order list, behind the admin bearer token.

use super::{Problem, body_problem, invalid_body, order_not_found};
use crate::app::fulfilment::{ActError, act_on_order};
use crate::app::{App, AppError};
use crate::domain::FulfilmentStatus;
use crate::domain::fulfilment::StaffAction;
use crate::notify::NoticeQueue;
use crate::store::OrderStore;
use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use std::sync::Arc;
use subtle::ConstantTimeEq;

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

pub(super) fn routes<S: OrderStore, Q: NoticeQueue>(app: Arc<App<S, Q>>) -> Router<Arc<App<S, Q>>> {
    Router::new()
        .route("/admin/orders", get(admin_list::<S, Q>))
        .route("/admin/orders/{order_id}/{action}", post(admin_action::<S, Q>))
        .route_layer(axum::middleware::from_fn_with_state(app, require_admin::<S, Q>))
}
