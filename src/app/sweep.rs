//! The scheduler's sweep: orders whose due time has come, found through the sparse `by-due` index.
//! Payment reminders and deadline cancellations, stock defaults, stuck-shipment alerts, follow-ups,
//! archiving and, once an archived order's retention period is over, the erasure of its customer's
//! personal data are applied, money held for cancelled orders is released through the provider's
//! API, and notices still undelivered (a crash between a write and its enqueue, a worker whose
//! lease ran out) are put on their queue again. One order that cannot be handled (unreadable, or its
//! writes failing) is skipped and moved back, never holding up the rest.

use super::{App, enqueue_after_write, update_order};
use crate::domain::{Authorization, Order, ReleaseAnswer};
use crate::metrics::{self, Metric, NoticeOutcome};
use crate::notify::NoticeQueue;
use crate::providers::capture::CaptureError;
use crate::store::{OrderStore, StoreError};
use jiff::SignedDuration;

/// Orders looked at per run; the next run takes the rest.
const BATCH: i32 = 100;

/// Holds released per run, and the time they may take in all: each is a call to a provider that
/// may take seconds, and the run must end within the function's minute. The others stay due for the
/// next run.
const RELEASES: usize = 5;
const RELEASE_TIME: std::time::Duration = std::time::Duration::from_secs(20);

/// How far a skipped order is moved back in the due index: later runs start with the others, and it
/// is tried again (and counted again in the `SweepSkipped` metric) this often.
pub const SKIPPED_RETRY: SignedDuration = SignedDuration::from_mins(30);

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SweepReport {
    pub orders: usize,
    /// Notices put on a queue: re-driven ones and new ones (reminders, cancellations).
    pub notices_queued: usize,
    /// Due orders that could not be handled this run, each moved back by [`SKIPPED_RETRY`].
    pub skipped: Vec<String>,
}

pub async fn sweep<S: OrderStore, Q: NoticeQueue>(app: &App<S, Q>) -> Result<SweepReport, StoreError> {
    let now = app.clock.now();
    let mut report = SweepReport::default();
    let mut releases = Releases { left: RELEASES, until: std::time::Instant::now() + RELEASE_TIME };
    for order_id in app.store.due_orders(now, BATCH).await? {
        // Boxed: one order's work (a provider call, several writes) is a large future in itself.
        match Box::pin(sweep_order(app, &order_id, &mut releases)).await {
            Ok(queued) => {
                report.orders += 1;
                report.notices_queued += queued;
            }
            Err(error) => {
                tracing::error!(order_id = %order_id, %error, "order skipped by the sweep");
                if let Err(error) = app.store.postpone(&order_id, now + SKIPPED_RETRY).await {
                    tracing::error!(order_id = %order_id, %error, "skipped order could not be moved back");
                }
                report.skipped.push(order_id);
            }
        }
    }
    Ok(report)
}

/// Applies what is due to one order; returns how many notices it queued.
async fn sweep_order<S: OrderStore, Q: NoticeQueue>(
    app: &App<S, Q>,
    order_id: &str,
    releases: &mut Releases,
) -> Result<usize, StoreError> {
    let (now, after) = (app.clock.now(), app.settings.after_sales);
    let Some(order) = app.store.get(order_id).await? else {
        return Ok(0);
    };
    let mut due = Vec::new();
    let open: Vec<_> = order.undelivered_notices().map(|n| (n.id.clone(), n.channel)).collect();
    let released = match order.hold_to_release(now).filter(|_| releases.take()) {
        Some(held) => Some((release_hold(app, &order, &held).await, held.reference)),
        None => None,
    };
    // Always written: the write also refreshes the order's due time in the index.
    let written = update_order(&app.store, order, |o| {
        let mut new = match &released {
            Some((answer, reference)) => o.hold_release_answered(reference, answer.clone(), now),
            None => Vec::new(),
        };
        new.extend(o.run_payment_deadlines(now));
        new.extend(o.run_fulfilment_duties(now, after));
        due = o.redrive_due_notices(now);
        due.extend(new);
        true
    })
    .await?;
    let Some(order) = written else { return Ok(0) };
    if order.erasure_due(now) {
        // Boxed: the sweep's own future stays small (it runs on the scheduler's one thread).
        Box::pin(super::privacy::erase_order(&app.store, &order.id, now)).await?;
    }
    for (id, channel) in open {
        if order.notices().get(&id).is_some_and(|n| n.state.is_failed()) {
            metrics::record_of(&app.settings.shop, Metric::Notice { channel, outcome: NoticeOutcome::Failed });
        }
    }
    if !due.is_empty() {
        tracing::info!(order_id = %order.id, notices = due.len(), "queueing due notices");
    }
    enqueue_after_write(app, &order, &due).await;
    Ok(due.len())
}

/// What this run may still spend on releasing holds.
struct Releases {
    left: usize,
    until: std::time::Instant,
}

impl Releases {
    /// Takes one release, if any is left.
    fn take(&mut self) -> bool {
        let can = self.left > 0 && std::time::Instant::now() < self.until;
        self.left -= usize::from(can);
        can
    }
}

/// Asks the provider to give back the money `held` for the cancelled `order`. Each attempt has its
/// own idempotency key: the providers answer a repeated key with its first answer, even a failure.
async fn release_hold<S: OrderStore, Q: NoticeQueue>(
    app: &App<S, Q>,
    order: &Order,
    held: &Authorization,
) -> ReleaseAnswer {
    let attempt = held.release.map_or(0, |r| r.attempts);
    let key = format!("orderflow-release-{}-{}-{attempt}", order.id, held.reference);
    let provider = held.provider.as_str();
    match app.capture.release(held, &key).await {
        Ok(()) => {
            tracing::info!(order_id = %order.id, source = provider, "held payment released");
            ReleaseAnswer::Released
        }
        Err(error @ CaptureError::Unavailable(_)) => {
            tracing::warn!(order_id = %order.id, source = provider, %error, attempt, "hold not released now");
            ReleaseAnswer::Unavailable(error.to_string())
        }
        Err(error) => {
            tracing::warn!(order_id = %order.id, source = provider, %error, "hold release refused");
            ReleaseAnswer::Refused(error.to_string())
        }
    }
}
