//! The back office: staff actions and the order list, behind the admin bearer token.

use super::throttle::{Attempt, ClientAddress};
use super::{Problem, Segments, body_problem, invalid_body, invalid_field, order_not_found};
use crate::app::access::{Actor, Audited, Door, audit};
use crate::app::fulfilment::{ActError, act_on_order};
use crate::app::{App, AppError};
use crate::domain::{FulfilmentStatus, IntakeDefaults};
use crate::domain::{Role, StaffAction};
use crate::notify::NoticeQueue;
use crate::providers::capture::CaptureError;
use crate::store::OrderStore;
use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Extension, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use std::sync::Arc;

/// Who calls: `Authorization: Bearer <ADMIN_TOKEN>` (the owner's scripts, as `admin`) or `Basic`
/// with an account's name and token (`curl -u alice:TOKEN`), which acts with that account's role.
/// The right token is admitted at once, with no read: it has at least 128 bits (refused at start-up
/// otherwise), so no guesser reaches it, and the shop's own integrations behind the same address as a
/// stranger guessing are never locked out. A wrong token counts toward pausing its address, as on the
/// sign-in page: from the fifth, wrong tokens get 429 for [`super::throttle::PAUSE`] rather than 401,
/// so a guesser learns nothing more from that address.
async fn require_account<S: OrderStore, Q: NoticeQueue>(
    State(app): State<Arc<App<S, Q>>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let (mut parts, body) = request.into_parts();
    let given = parts.headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let staff = &app.settings.staff;
    let account = if let Some(token) = given.strip_prefix("Bearer ") {
        staff.admin(token.trim())
    } else if let Some(encoded) = given.strip_prefix("Basic ") {
        use base64::Engine as _;
        let decoded = base64::engine::general_purpose::STANDARD.decode(encoded.trim()).ok();
        let pair = decoded.and_then(|d| String::from_utf8(d).ok()).unwrap_or_default();
        pair.split_once(':').and_then(|(name, token)| staff.sign_in(name, token))
    } else {
        None
    };
    if let Some(account) = account {
        parts.extensions.insert(Actor::new(account, Door::Api));
        return next.run(axum::extract::Request::from_parts(parts, body)).await;
    }
    let attempt = Attempt::new("admin", &ClientAddress::of(&parts), None);
    if attempt.failed(&app).await {
        return paused();
    }
    Problem::new(
        StatusCode::UNAUTHORIZED,
        "unauthorized",
        "Unauthorized",
        "the admin bearer token, or an account's name and token (Basic), is required",
    )
    .into_response()
}

/// 403: the account's role does not reach `needed`.
pub(super) fn forbidden(actor: &Actor, what: &str, needed: Role) -> Problem {
    let detail = format!("{what} needs the {} role; {} is {}", needed.as_str(), actor.account, actor.role.as_str());
    Problem {
        role: Some(needed.as_str()),
        ..Problem::new(StatusCode::FORBIDDEN, "role-required", "Role required", detail)
    }
}

fn paused() -> Response {
    let mut response = Problem::new(
        StatusCode::TOO_MANY_REQUESTS,
        "paused",
        "Too many wrong tokens",
        "too many wrong tokens from this address: try again in 15 minutes",
    )
    .into_response();
    let wait = super::throttle::PAUSE.as_secs().to_string();
    response.headers_mut().insert(header::RETRY_AFTER, wait.parse().expect("digits"));
    response
}

/// Builds the staff action named in the path from its JSON body.
pub(super) fn staff_action(action: &str, body: &[u8], defaults: &IntakeDefaults) -> Result<StaffAction, Problem> {
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
    use crate::domain::ActionKind as A;
    // Collected in store (or from the locker): the same as delivered by the shop.
    let named = if action == "collected" { "deliver" } else { action };
    let Ok(kind) = named.parse::<A>() else {
        return Err(Problem::new(
            StatusCode::NOT_FOUND,
            "unknown-action",
            "Unknown action",
            format!("no action named {action:?}"),
        ));
    };
    match kind {
        A::Confirm => Ok(StaffAction::Confirm),
        A::Pack => Ok(StaffAction::Pack),
        A::Deliver => Ok(StaffAction::Deliver),
        A::Update => {
            let checked = crate::providers::generic::read_details(body).and_then(|draft| draft.check(defaults));
            checked.map(|update| StaffAction::Update(Box::new(update))).map_err(invalid_field)
        }
        _ => {
            let action = typed(parse(body)?, kind.as_str())?;
            action.check().map_err(invalid_field)?;
            Ok(action)
        }
    }
}

async fn admin_action<S: OrderStore, Q: NoticeQueue>(
    State(app): State<Arc<App<S, Q>>>,
    Extension(actor): Extension<Actor>,
    Segments((order_id, action)): Segments<(String, String)>,
    headers: axum::http::HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let body = match body {
        Ok(body) => body,
        Err(rejection) => return body_problem(rejection).into_response(),
    };
    let key = match idempotency_key(&headers) {
        Ok(key) => key,
        Err(problem) => return problem.into_response(),
    };
    let action = match staff_action(&action, &body, &app.settings.intake) {
        Ok(action) => action,
        Err(problem) => return problem.into_response(),
    };
    match act_on_order(&app, &order_id, &action, key, &actor).await {
        Ok(order) => axum::Json(serde_json::json!({
            "order_id": order.id,
            "status": order.status,
            "payment_status": order.payment.status,
            "attention": attention(&order),
        }))
        .into_response(),
        Err(ActError::NotFound) => order_not_found().into_response(),
        Err(ActError::Forbidden(needed)) => forbidden(&actor, action.kind().as_str(), needed).into_response(),
        Err(ActError::Refused(refusal)) => {
            use crate::domain::RefusalKind as K;
            let (status, kind, title) = match refusal.kind() {
                K::Transition => (StatusCode::CONFLICT, "impossible-transition", "Impossible transition"),
                K::Stock => (StatusCode::CONFLICT, "no-open-question", "No open question"),
                K::Return => (StatusCode::CONFLICT, "return-refused", "Return not possible"),
                K::Amount => (StatusCode::UNPROCESSABLE_ENTITY, "amount-refused", "Amount not accepted"),
                K::Value => (StatusCode::UNPROCESSABLE_ENTITY, "value-refused", "Not possible"),
                K::UnknownItems => (StatusCode::UNPROCESSABLE_ENTITY, "unknown-items", "Not in the order"),
                K::Unpaid => (StatusCode::CONFLICT, "payment-required", "Not paid yet"),
            };
            Problem::new(status, kind, title, refusal.to_string()).into_response()
        }
        Err(ActError::Capture(error @ CaptureError::Unavailable(_))) => Problem::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "capture-unavailable",
            "Payment provider unavailable",
            format!("{error}; the order is unchanged, try again"),
        )
        .into_response(),
        Err(ActError::Capture(error)) => Problem::new(
            StatusCode::CONFLICT,
            "capture-failed",
            "Payment not captured",
            format!(
                "the payment held at checkout could not be captured ({error}); the order is unchanged and the \
                 owner was told. Retry, or ship with \"ship_unpaid\": true on staff's word"
            ),
        )
        .into_response(),
        Err(ActError::Store(error)) => Problem::from(AppError::Store(error)).into_response(),
    }
}

/// The `Idempotency-Key` header, when given: 1 to 255 visible ASCII characters (a UUID, say).
fn idempotency_key(headers: &axum::http::HeaderMap) -> Result<Option<&str>, Problem> {
    let Some(value) = headers.get("idempotency-key") else { return Ok(None) };
    match value.to_str() {
        Ok(key) if (1..=255).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic()) => Ok(Some(key)),
        _ => Err(invalid_body(
            "Idempotency-Key must be 1 to 255 visible ASCII characters",
            Some("Idempotency-Key".into()),
        )),
    }
}

/// `GET /admin/orders/{id}`: the whole order as staff see it, contact details included.
async fn admin_order<S: OrderStore, Q: NoticeQueue>(
    State(app): State<Arc<App<S, Q>>>,
    Extension(actor): Extension<Actor>,
    Segments(order_id): Segments<String>,
) -> Response {
    let order = match crate::app::backoffice::order_whole(&app, &order_id).await {
        Ok(Some(order)) => order,
        Ok(None) => return order_not_found().into_response(),
        Err(error) => return Problem::from(AppError::Store(error)).into_response(),
    };
    // The whole order, contacts and addresses included: who read it is on the audit trail.
    if let Err(error) = audit(&app, &actor, Audited::OrderRead, &order.id, true).await {
        return Problem::from(AppError::Store(error)).into_response();
    }
    let customer = &order.customer;
    let unusable: Vec<_> = [&customer.email_as_given, &customer.phone_as_given].into_iter().flatten().collect();
    axum::Json(serde_json::json!({
        "order_id": order.id,
        "number": order.number,
        "source": order.source,
        "placed_at": order.placed_at,
        "status": order.status,
        "hold_reason": order.hold_reason,
        "attention": attention(&order),
        "customer": {
            "name": customer.name,
            "email": customer.email,
            "phone": customer.phone,
            "unusable": unusable,
            "reachable": customer.is_reachable(),
            "channel": customer.channel,
            "locale": customer.locale,
            "note": customer.note,
            "calls": customer.calls,
            "billing_address": customer.billing_address,
        },
        "shipping": order.shipping,
        "payment": order.payment,
        "items": order.items,
        "totals": order.totals,
        "shipment": order.shipment,
        "cancellation": order.cancellation,
        "stock_issue": order.stock_issue,
        "after_delivery": order.after_delivery,
        "timeline": order.timeline,
    }))
    .into_response()
}

/// The order's open problems, each naming its field as the order's source does.
fn attention(order: &crate::domain::Order) -> Vec<serde_json::Value> {
    let field = |problem: &crate::domain::Problem| crate::providers::payload_field(order.source, problem.field());
    order.attention.iter().map(|p| serde_json::json!({ "problem": p.kind(), "field": field(p) })).collect()
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
    let Ok(status) = status.parse::<FulfilmentStatus>() else {
        return invalid_body(format!("no status named {status:?}"), Some("status".into())).into_response();
    };
    let limit = query.limit.unwrap_or(50).clamp(1, 100) as usize;
    match crate::app::backoffice::status_page(&app, status, limit, query.after.as_deref()).await {
        Ok(page) => axum::Json(page).into_response(),
        Err(error) => Problem::from(AppError::Store(error)).into_response(),
    }
}

#[derive(serde::Deserialize)]
struct AuditQuery {
    day: Option<String>,
}

/// `GET /admin/audit?day=2026-12-03`: that day's audit trail (UTC, latest first), for the owner.
async fn admin_audit<S: OrderStore, Q: NoticeQueue>(
    State(app): State<Arc<App<S, Q>>>,
    Extension(actor): Extension<Actor>,
    axum::extract::Query(query): axum::extract::Query<AuditQuery>,
) -> Response {
    if actor.role < Role::Owner {
        return forbidden(&actor, "the audit trail", Role::Owner).into_response();
    }
    let day = match query.day.as_deref().map(str::parse::<jiff::civil::Date>) {
        None => app.clock.now().to_zoned(jiff::tz::TimeZone::UTC).date(),
        Some(Ok(day)) => day,
        Some(Err(_)) => return invalid_body("day must be a date (2026-12-03)", Some("day".into())).into_response(),
    };
    match crate::app::access::trail(&app, &actor, day).await {
        Ok(entries) => axum::Json(serde_json::json!({ "day": day, "entries": entries })).into_response(),
        Err(error) => Problem::from(AppError::Store(error)).into_response(),
    }
}

/// `POST /admin/staff/{account}/sign-out`: ends every session of `account` (a lost phone, a stolen
/// cookie, someone leaving): the owner for anyone, an account for itself.
async fn admin_end_sessions<S: OrderStore, Q: NoticeQueue>(
    State(app): State<Arc<App<S, Q>>>,
    Extension(actor): Extension<Actor>,
    Segments(account): Segments<String>,
) -> Response {
    if account != actor.account && actor.role < Role::Owner {
        return forbidden(&actor, "ending another account's sessions", Role::Owner).into_response();
    }
    if app.settings.staff.account(&account).is_none() {
        let detail = format!("no account named {account:?}");
        return Problem::new(StatusCode::NOT_FOUND, "no-such-account", "No such account", detail).into_response();
    }
    match crate::app::access::end_sessions(&app, &actor, &account).await {
        Ok(version) => {
            axum::Json(serde_json::json!({ "account": account, "session_version": version })).into_response()
        }
        Err(error) => Problem::from(AppError::Store(error)).into_response(),
    }
}

pub(super) fn routes<S: OrderStore, Q: NoticeQueue>(app: Arc<App<S, Q>>) -> Router<Arc<App<S, Q>>> {
    Router::new()
        .route("/admin/orders", get(admin_list::<S, Q>))
        .route("/admin/orders/{order_id}", get(admin_order::<S, Q>))
        .route("/admin/orders/{order_id}/{action}", post(admin_action::<S, Q>))
        .route("/admin/audit", get(admin_audit::<S, Q>))
        .route("/admin/staff/{account}/sign-out", post(admin_end_sessions::<S, Q>))
        .route_layer(axum::middleware::from_fn_with_state(app, require_account::<S, Q>))
}
