//! Notification workers: SQS batch → claim each notice in the order's ledger → render → send →
//! settle. A notice that is already settled or claimed sends nothing (redelivery is harmless).

use super::update_order;
use crate::clock::Clock;
use crate::config::Settings;
use crate::domain::usage::{Meter, Usage, month_of};
use crate::domain::{Audience, Channel, DeliveryOutcome, NoticeKind, Order};
use crate::metrics::{self, Metric, NoticeOutcome};
use crate::notify::{Message, NoticeRef, Sender, render};
use crate::store::{OrderStore, StoreError};
use aws_lambda_events::event::sqs::{SqsBatchResponse, SqsEvent, SqsMessage};
use jiff::SignedDuration;
use std::sync::Arc;

/// How long a claimed notice is reserved for the worker that claimed it: longer than the workers'
/// timeout and the queues' visibility timeout together (checked at start-up, see
/// [`crate::config::Settings`]), so that SQS redelivering a message whose worker died finds the
/// notice still claimed, and only the sweep tries it again, after the lease (the attempt is
/// counted). Settling is tied to the claim's token: a worker never settles another's claim.
pub const LEASE: SignedDuration = SignedDuration::from_secs(300);

/// Attempts to record a settled notice before the worker gives up on it (the lease then runs out
/// and the sweep tries the notice again: for a sent one, the single way it can go out twice).
const SETTLE_ATTEMPTS: u32 = 6;

pub struct Worker<S, D> {
    pub store: S,
    pub sender: D,
    pub settings: Arc<Settings>,
    pub clock: Clock,
}

#[derive(Debug, thiserror::Error)]
enum DeliverError {
    #[error("message body is not a notice reference: {0}")]
    Malformed(String),
    #[error("delivery will be retried")]
    Retry,
    #[error("a notice of shop {0}, which this worker does not serve")]
    OtherShop(crate::domain::ShopId),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Handles one SQS batch, reporting only the records that must be retried
/// (`ReportBatchItemFailures`), so one bad record never replays the others. One order's notices are
/// delivered in the order they were queued (different orders concurrently); after a failure, that
/// order's later records are reported too, as FIFO queues require.
pub async fn deliver_batch<S: OrderStore, D: Sender>(worker: &Worker<S, D>, event: SqsEvent) -> SqsBatchResponse {
    let order_of = |record: &SqsMessage| {
        serde_json::from_str::<NoticeRef>(record.body.as_deref().unwrap_or_default()).ok().map(|r| r.group())
    };
    super::fifo_batch(&event, order_of, |record| async move {
        deliver_record(worker, record).await.map_err(|error| error.to_string())
    })
    .await
}

async fn deliver_record<S: OrderStore, D: Sender>(
    worker: &Worker<S, D>,
    record: &SqsMessage,
) -> Result<(), DeliverError> {
    let body = record.body.as_deref().unwrap_or_default();
    let reference: NoticeRef = serde_json::from_str(body).map_err(|e| DeliverError::Malformed(e.to_string()))?;
    if reference.shop != worker.settings.shop {
        // Never applied to this shop's order of the same id: left on the queue for its own shop.
        return Err(DeliverError::OtherShop(reference.shop));
    }
    deliver(worker, &reference).await
}

async fn deliver<S: OrderStore, D: Sender>(worker: &Worker<S, D>, reference: &NoticeRef) -> Result<(), DeliverError> {
    let now = worker.clock.now();
    let token = claim_token();
    let claimed = worker.store.claim_notice(&reference.order_id, &reference.notice_id, now, now + LEASE, token).await?;
    let Some(order) = claimed else {
        tracing::info!(order_id = %reference.order_id, notice = %reference.notice_id, "already delivered or in hand");
        return Ok(());
    };
    // The send must end within the lease: a worker that got here too late leaves the notice to the
    // claim that follows its lease, and sends nothing.
    if worker.clock.now() + SignedDuration::try_from(crate::aws::OPERATION_TIMEOUT).unwrap_or(LEASE) >= now + LEASE {
        tracing::warn!(order_id = %order.id, notice = %reference.notice_id, "lease too short to send: left");
        return Err(DeliverError::Retry);
    }
    let budget = match order.notices.get(&reference.notice_id) {
        Some(notice) if notice.channel == Channel::Sms => sms_budget_spent(worker, reference).await,
        _ => None,
    };
    let (outcome, used) = match budget {
        // Refused: the customer hears it by email instead where they gave one (the ledger's
        // fallback), and the owner is told once a month.
        Some(_) => (
            DeliveryOutcome::Refused { reason: "the shop's SMS budget of the month is spent".into() },
            Usage::default(),
        ),
        None => attempt(worker, &order, &reference.notice_id).await,
    };
    tracing::info!(
        order_id = %order.id,
        notice = %reference.notice_id,
        outcome = ?outcome,
        "notification attempt"
    );
    let channel = order.notices.get(&reference.notice_id).map(|n| n.channel);
    let tell_owner = budget.is_some_and(|first| first).then_some(NoticeKind::SmsBudgetSpent);
    let settled = settle(worker, order, &reference.notice_id, token, &outcome, tell_owner).await?;
    if let Some(channel) = channel {
        let gave_up = settled.is_some_and(|o| o.notices.get(&reference.notice_id).is_some_and(|n| n.state.is_failed()));
        let observed = match &outcome {
            DeliveryOutcome::Sent => NoticeOutcome::Sent,
            DeliveryOutcome::Deferred { .. } => NoticeOutcome::Deferred,
            DeliveryOutcome::Refused { .. } => NoticeOutcome::Refused,
            DeliveryOutcome::Retry if gave_up => NoticeOutcome::Failed,
            DeliveryOutcome::Retry => NoticeOutcome::Retried,
        };
        metrics::record_of(&worker.settings.shop, Metric::Notice { channel, outcome: observed });
        if gave_up {
            // Given up: nothing for SQS to deliver again.
            return Ok(());
        }
    }
    if matches!(outcome, DeliveryOutcome::Sent) {
        count(&worker.store, worker.clock.now(), &used).await;
    }
    match outcome {
        DeliveryOutcome::Retry => Err(DeliverError::Retry),
        DeliveryOutcome::Sent | DeliveryOutcome::Refused { .. } | DeliveryOutcome::Deferred { .. } => Ok(()),
    }
}

/// Records what became of an attempt, retrying with backoff: after a send, losing this write would
/// send the message again once the lease runs out.
async fn settle<S: OrderStore, D>(
    worker: &Worker<S, D>,
    order: Order,
    notice_id: &crate::domain::NoticeId,
    token: u64,
    outcome: &DeliveryOutcome,
    tell_owner: Option<NoticeKind>,
) -> Result<Option<Order>, StoreError> {
    for attempt in 1..=SETTLE_ATTEMPTS {
        let at = worker.clock.now();
        let change = |o: &mut Order| {
            let settled = o.settle_claim(notice_id, token, outcome, at);
            if let Some(kind) = tell_owner.filter(|_| settled) {
                o.tell_owner_soon(kind, at);
            }
            settled
        };
        match update_order(&worker.store, order.clone(), change).await {
            Ok(written) => return Ok(written),
            Err(error) if attempt == SETTLE_ATTEMPTS => return Err(error),
            Err(error) => {
                tracing::warn!(order_id = %order.id, notice = %notice_id, %error, attempt, "settling again");
                let pause = crate::primitives::backoff(
                    jiff::SignedDuration::from_millis(50),
                    3,
                    attempt,
                    jiff::SignedDuration::from_secs(5),
                );
                tokio::time::sleep(pause.unsigned_abs()).await;
            }
        }
    }
    Ok(None)
}

/// A claim's own token: random, so that no two claims of a notice share one.
fn claim_token() -> u64 {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).expect("the system random source is available");
    u64::from_le_bytes(bytes)
}

/// When the shop has sent its `MESSAGES_PER_DAY` today (UTC): the start of tomorrow, when this
/// message may go. A count that cannot be had lets the message go (a limit, not a guarantee).
async fn over_daily_limit<S: OrderStore, D>(worker: &Worker<S, D>) -> Option<jiff::Timestamp> {
    let limit = worker.settings.limits.messages_per_day?;
    let now = worker.clock.now();
    let today = now.to_zoned(jiff::tz::TimeZone::UTC).date();
    let tomorrow = today.tomorrow().ok()?.to_zoned(jiff::tz::TimeZone::UTC).ok()?.timestamp();
    match worker.store.tally("messages", &today.to_string(), tomorrow + SignedDuration::from_hours(24)).await {
        Ok(sent) if sent > limit => {
            tracing::warn!(limit, "messages over the shop's limit today: the rest wait for tomorrow");
            Some(tomorrow)
        }
        Ok(_) => None,
        Err(error) => {
            tracing::warn!(%error, "the day's messages could not be counted: sent");
            None
        }
    }
}

/// When the shop's `SMS_SEGMENTS_PER_MONTH` are spent this month (UTC): whether the owner is told
/// with this text's refusal: the month's first refused text is, and stays the one (marked as such)
/// until its refusal is recorded, however often it is tried again. A count that cannot be had lets
/// the text go; texts sent at the same moment may pass the budget by a few segments.
async fn sms_budget_spent<S: OrderStore, D>(worker: &Worker<S, D>, reference: &NoticeRef) -> Option<bool> {
    let budget = worker.settings.limits.sms_segments_per_month?;
    let now = worker.clock.now();
    let month = month_of(now);
    let used = match worker.store.usage(&month).await {
        Ok(usage) => usage.get(Meter::SmsSegments),
        Err(error) => {
            tracing::warn!(%error, "the month's SMS could not be counted: sent");
            return None;
        }
    };
    if used < budget {
        return None;
    }
    let keep = now + SignedDuration::from_hours(24 * 62);
    let first = format!("sms_budget_spent#{month}#{}#{}", reference.order_id, reference.notice_id);
    let tell = match worker.store.tally("sms_budget_spent", &month, keep).await {
        Ok(1) => {
            if let Err(error) = worker.store.mark_done(&first, keep).await {
                tracing::warn!(%error, "the month's first refused text not marked: the owner told only if it settles now");
            }
            Ok(true)
        }
        _ => worker.store.is_done(&first).await,
    };
    tracing::warn!(budget, "the shop's SMS budget of the month is spent: texts go by email");
    Some(tell.unwrap_or(false))
}

/// Adds what was used to the shop's usage of the month. A count that cannot be written is logged,
/// never retried with the work it counts (which would do the work twice).
pub(crate) async fn count<S: OrderStore>(store: &S, now: jiff::Timestamp, used: &Usage) {
    if let Err(error) = store.count(&month_of(now), used).await {
        tracing::warn!(%error, "usage not counted");
    }
}

/// Renders and sends one claimed notice: what became of it, and what it used when sent.
async fn attempt<S: OrderStore, D: Sender>(
    worker: &Worker<S, D>,
    order: &Order,
    notice_id: &crate::domain::NoticeId,
) -> (DeliveryOutcome, Usage) {
    let outcome = |outcome| (outcome, Usage::default());
    let Some(notice) = order.notices.get(notice_id) else {
        return outcome(DeliveryOutcome::Refused { reason: "unknown notice".into() });
    };
    let recipient = match notice.audience {
        Audience::Customer => order.customer.contact(notice.channel).cloned(),
        Audience::Owner => Some(worker.settings.owner_email.clone()),
    };
    let Some(recipient) = recipient else {
        return outcome(DeliveryOutcome::Refused { reason: format!("no {} contact", notice.channel.as_str()) });
    };
    if notice.channel == Channel::Sms && notice.audience == Audience::Customer && !notice.kind.is_urgent() {
        let zones = order.customer_time_zones(&worker.settings.branding.time_zone);
        if let Some(until) = worker.settings.quiet_hours.next_allowed(worker.clock.now(), &zones) {
            return outcome(DeliveryOutcome::Deferred { until });
        }
    }
    if let Some(until) = over_daily_limit(worker).await {
        return outcome(DeliveryOutcome::Deferred { until });
    }
    match render(notice, order, &worker.settings.branding) {
        Ok(message) => {
            let about = NoticeRef::new(&worker.settings.shop, order.id.clone(), notice_id.clone());
            let sent = worker.sender.send(&about, &recipient, &message).await;
            let mut used = Usage::default();
            match &message {
                Message::Email { .. } => used.add(Meter::Emails, 1),
                Message::Sms { text } => {
                    let (_, segments) = crate::notify::sms::segments(text);
                    used.sms(segments as u64, &phone_country(recipient.expose()))
                }
            };
            (sent, used)
        }
        Err(error) => {
            tracing::error!(order_id = %order.id, notice = %notice_id, %error, "template failed");
            outcome(DeliveryOutcome::Retry)
        }
    }
}

/// The country of a phone number in E.164 (`??` when it cannot be told).
fn phone_country(phone: &str) -> String {
    let country = phonenumber::parse(None, phone).ok().and_then(|n| Some(n.country().id()?.as_ref().to_string()));
    country.unwrap_or_else(|| "??".into())
}
