//! Fulfilment use cases: staff actions from the back office, tracking updates from carriers.

use super::access::{Actor, Audited, audit};
use super::{App, AppError, enqueue_after_write, update_order, update_order_with};
use crate::domain::{Authorization, Order, PaymentChange, PaymentEvent, PaymentOutcome};
use crate::domain::{CarrierProvider, Decider, Refusal, StaffAction, StockOption};
use crate::notify::NoticeQueue;
use crate::providers::capture::{CaptureError, CaptureRequest};
use crate::providers::{self, TrackingIntake, WebhookRequest};
use crate::store::{Atomicity, OrderStore, Pointer, StoreError};
use http::HeaderMap;

/// Why an action on an order (by staff, or by the customer on their page) was not applied.
#[derive(Debug, thiserror::Error)]
pub enum ActError {
    /// No such order (or, for the customer, a token that does not open it: they look the same).
    #[error("no such order")]
    NotFound,
    #[error(transparent)]
    Refused(#[from] Refusal),
    /// The account's role does not allow it; the role it needs.
    #[error("this needs the {} role", .0.as_str())]
    Forbidden(crate::domain::Role),
    /// The money held at checkout could not be taken, so the goods were not handed over.
    #[error("the payment could not be captured: {0}")]
    Capture(CaptureError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Applies a staff action to an order and queues the notices it implies. With an idempotency key
/// (the `Idempotency-Key` header), the action is applied once per key: a retry of an action that
/// was applied, its answer lost, gets the order as it is instead of an impossible transition.
pub async fn act_on_order<S: OrderStore, Q: NoticeQueue>(
    app: &App<S, Q>,
    order_id: &str,
    action: &StaffAction,
    key: Option<&str>,
    by: &Actor,
) -> Result<Order, ActError> {
    let order = app.store.get(order_id).await?.ok_or(ActError::NotFound)?;
    let needed = order.role_needed(action);
    let what = Audited::Action(action.kind());
    if by.role < needed {
        audit(app, by, what, order_id, false).await?;
        return Err(ActError::Forbidden(needed));
    }
    let now = app.clock.now();
    let (after, terms) = (app.settings.after_sales, app.settings.payment_terms);
    // Money held at checkout is taken before the goods are handed over; if it cannot be, they are not.
    let (order, captured) = match order.capture_before(action) {
        Some((held, amount)) => capture_held(app, order, &held, amount).await?,
        None => (order, None),
    };
    let (mut outcome, mut notices, mut forbidden) = (Ok(()), Vec::new(), None);
    let source = by.source();
    let written = update_order(&app.store, order, |o| {
        notices.clear();
        // Read again after a conflict, the order may now need more (money arrived meanwhile).
        forbidden = Some(o.role_needed(action)).filter(|needed| by.role < *needed);
        if forbidden.is_some() {
            return false;
        }
        let paid = captured.as_ref().map(|event| o.apply_payment(event, now));
        if let Some(PaymentOutcome::Applied(added)) = &paid {
            notices.extend_from_slice(added);
        }
        outcome = o.act(action, &source, now, after, terms).map(|added| notices.extend(added));
        if let (Ok(_), Some(key)) = (&outcome, key) {
            o.mark_request(&source, key);
        }
        outcome.is_ok() || matches!(paid, Some(PaymentOutcome::Applied(_)))
    })
    .await?;
    let applied_before = match (&written, key) {
        (None, Some(key)) => app.store.history(order_id).await?.iter().any(|e| e.is_request(&source, key)),
        _ => false,
    };
    if applied_before {
        tracing::info!(order_id, source, "staff action applied before under this key");
        return app.store.get(order_id).await?.ok_or(ActError::NotFound);
    }
    if let Some(needed) = forbidden {
        audit(app, by, what, order_id, false).await?;
        return Err(ActError::Forbidden(needed));
    }
    if let Some(order) = &written {
        enqueue_after_write(app, order, &notices).await;
    }
    outcome?;
    let order = written.ok_or(ActError::NotFound)?;
    audit(app, by, what, order_id, true).await?;
    tracing::info!(order_id = %order.id, source, status = %order.status, "staff action applied");
    Ok(order)
}

/// How long a Stripe capture's idempotency key is reused.
const CAPTURE_KEY_WINDOW_SECONDS: i64 = 600;

/// Captures `amount` of the money `held` for `order` through the provider's API, as a payment event
/// to apply with the action. A capture the provider refuses is recorded on the order and the owner
/// told; one that could not be tried (the provider unreachable) is only logged, for staff to retry.
async fn capture_held<S: OrderStore, Q: NoticeQueue>(
    app: &App<S, Q>,
    order: Order,
    held: &Authorization,
    amount: i64,
) -> Result<(Order, Option<PaymentEvent>), ActError> {
    // Stripe: one key per ten minutes. A retry after a lost answer takes the money once, and one
    // after Stripe failed is not answered that failure again (Stripe replays a key's first answer,
    // even a 500); a capture made under an earlier key is recognised by its PaymentIntent. PayPal's
    // refusal of a second capture does not say what the first took: its key stays the same.
    let mut key = format!("orderflow-capture-{}-{}-{amount}", order.id, held.reference);
    if held.provider == crate::domain::PaymentProvider::Stripe {
        key = format!("{key}-{}", app.clock.now().as_second() / CAPTURE_KEY_WINDOW_SECONDS);
    }
    let currency = order.totals.currency;
    let request = CaptureRequest { held, amount_minor: amount, currency, idempotency_key: &key };
    let provider = held.provider.as_str();
    let reason = match app.capture.capture(&request).await {
        Ok(captured) => {
            tracing::info!(order_id = %order.id, source = provider, "held payment captured");
            let event = PaymentEvent {
                provider: held.provider,
                event_id: format!("capture-{}", captured.reference),
                order_id: order.id.clone(),
                reference: Some(captured.reference),
                change: PaymentChange::Captured {
                    amount_minor: captured.amount_minor,
                    currency: currency.code().into(),
                },
            };
            return Ok((order, Some(event)));
        }
        Err(error @ CaptureError::Unavailable(_)) => {
            tracing::error!(order_id = %order.id, source = provider, %error, "capture not possible now");
            return Err(ActError::Capture(error));
        }
        Err(error) => error,
    };
    tracing::warn!(order_id = %order.id, source = provider, error = %reason, "capture refused");
    let (now, order_id) = (app.clock.now(), order.id.clone());
    let mut notices = Vec::new();
    let written = update_order(&app.store, order, |o| {
        notices = o.capture_refused(held.provider, &reason.to_string(), now);
        true
    })
    .await?;
    match written {
        Some(order) => enqueue_after_write(app, &order, &notices).await,
        None => tracing::warn!(order_id, "the refused capture could not be recorded"),
    }
    Err(ActError::Capture(reason))
}

/// The customer's answer from the status page (opened by `token`): the order goes on as they chose,
/// and both they and the owner are told. Answering again with the choice already made changes
/// nothing (a double click, a reload).
pub async fn answer_stock_question<S: OrderStore, Q: NoticeQueue>(
    app: &App<S, Q>,
    order_id: &str,
    token: &str,
    choice: StockOption,
) -> Result<(), ActError> {
    from_the_page(app, order_id, token, "missing-stock question answered", |o, now| {
        let decided = o.stock_issue.as_ref().and_then(|i| i.decision);
        if decided.is_some_and(|d| d.choice == choice && d.by == Decider::Customer) {
            return Ok(None);
        }
        o.decide_stock(choice, Decider::Customer, "customer", now).map(Some)
    })
    .await
}

/// The customer's cancel from their page (opened by `token`): at once before packing (both told, a
/// held payment released), else a request the shop answers; a second click changes nothing.
pub async fn customer_cancel<S: OrderStore, Q: NoticeQueue>(
    app: &App<S, Q>,
    order_id: &str,
    token: &str,
) -> Result<(), ActError> {
    from_the_page(app, order_id, token, "customer's cancel", |o, now| Ok(o.customer_cancels(now)?)).await
}

/// What the customer tells from their page after delivery: whether it arrived well (a "no" tells
/// the owner), or a return they ask for.
pub async fn after_delivery<S: OrderStore, Q: NoticeQueue>(
    app: &App<S, Q>,
    order_id: &str,
    token: &str,
    request: AfterDeliveryRequest,
) -> Result<(), ActError> {
    let (window, warranty) = (app.settings.after_sales.return_window, app.settings.after_sales.warranty);
    from_the_page(app, order_id, token, "after-delivery answer", |o, now| match &request {
        AfterDeliveryRequest::Arrival { ok, note } => o.answer_arrival(*ok, note.clone(), now).map(Some),
        AfterDeliveryRequest::Return { lines, reason } => o.request_return(lines, *reason, now, window).map(Some),
        AfterDeliveryRequest::Complaint { kind, description } => {
            o.open_complaint(*kind, description.clone(), now, warranty).map(Some)
        }
    })
    .await
}

/// A customer's request from the status page.
#[derive(Clone, Debug)]
pub enum AfterDeliveryRequest {
    Arrival { ok: bool, note: Option<String> },
    Return { lines: Vec<crate::domain::ReturnLine>, reason: crate::domain::ReturnReason },
    Complaint { kind: crate::domain::ComplaintKind, description: String },
}

/// Applies `change` to the order the customer's `token` opens (`Ok(None)`: nothing to do), writes
/// it and queues its notices.
async fn from_the_page<S: OrderStore, Q: NoticeQueue>(
    app: &App<S, Q>,
    order_id: &str,
    token: &str,
    what: &str,
    mut change: impl FnMut(&mut Order, jiff::Timestamp) -> Result<Option<Vec<crate::domain::Notice>>, Refusal>,
) -> Result<(), ActError> {
    if !crate::app::status::opens(&app.store, order_id, token).await? {
        return Err(ActError::NotFound);
    }
    let order = app.store.get(order_id).await?.ok_or(ActError::NotFound)?;
    let now = app.clock.now();
    let mut outcome = Ok(None);
    let written = update_order(&app.store, order, |o| {
        outcome = change(o, now);
        matches!(outcome, Ok(Some(_)))
    })
    .await?;
    let notices = outcome?.unwrap_or_default();
    if let Some(order) = written {
        tracing::info!(order_id = %order.id, source = "customer", "{what}");
        enqueue_after_write(app, &order, &notices).await;
    }
    Ok(())
}

/// What became of a carrier webhook.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TrackingReceipt {
    Applied {
        order_id: String,
        status: crate::domain::FulfilmentStatus,
    },
    Duplicate {
        order_id: String,
    },
    Ignored {
        reason: String,
    },
    /// No order is known for this parcel yet: not acknowledged, so the carrier retries.
    Unmatched,
    /// The same, retried for [`super::parked::UNMATCHED_RETRIED_FOR`]: set aside for the owner.
    SetAside,
}

pub async fn track_shipment<S: OrderStore, Q: NoticeQueue>(
    app: &App<S, Q>,
    provider: CarrierProvider,
    headers: &HeaderMap,
    query: Option<&str>,
    body: &[u8],
) -> Result<TrackingReceipt, AppError> {
    let secret = app.settings.secrets.carrier_secret(provider);
    let url_token =
        (provider == CarrierProvider::Shippo).then(|| app.settings.secrets.get("SHIPPO_URL_TOKEN")).flatten();
    let request = WebhookRequest { headers, query, body, secret, url_token, order_keys: &[], now: app.clock.now() };
    let event = match providers::read_tracking(provider, &request)? {
        TrackingIntake::Ignored { reason } => return Ok(TrackingReceipt::Ignored { reason }),
        TrackingIntake::Tracking(event) => event,
    };
    let order_id = match (&event.order_id, &event.tracking_number) {
        (Some(id), _) => Some(id.clone()),
        (None, Some(number)) => app.store.find_pointer(&Pointer::Tracking(number.clone())).await?,
        (None, None) => None,
    };
    let Some(order) = (match order_id {
        Some(id) => app.store.get(&id).await?,
        None => None,
    }) else {
        tracing::warn!(source = provider.as_str(), event_id = %event.event_id, "tracking update for no known order");
        let named = match (&event.tracking_number, &event.order_id) {
            (Some(number), _) => format!("tracking {number}"),
            (None, Some(id)) => format!("order {id}"),
            (None, None) => "nothing".into(),
        };
        return Ok(match super::parked::set_aside(app, provider.as_str(), &event.event_id, named).await? {
            true => TrackingReceipt::SetAside,
            false => TrackingReceipt::Unmatched,
        });
    };
    let (now, after) = (app.clock.now(), app.settings.after_sales);
    let mut notices = Vec::new();
    // Tracking is idempotent (the greatest key wins): an update that tells nobody is two plain writes.
    let written =
        update_order_with(&app.store, order, Atomicity::Idempotent, |o| match o.apply_tracking(&event, now, after) {
            Some(added) => {
                notices = added;
                true
            }
            None => false,
        })
        .await?;
    let Some(order) = written else {
        return Ok(TrackingReceipt::Duplicate { order_id: event.order_id.clone().unwrap_or_default() });
    };
    tracing::info!(order_id = %order.id, source = provider.as_str(), event_type = "tracking", status = %order.status, "tracking applied");
    enqueue_after_write(app, &order, &notices).await;
    Ok(TrackingReceipt::Applied { order_id: order.id, status: order.status })
}
