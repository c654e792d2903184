//! The scheduler's sweep: orders whose due time has come, found through the sparse `by-due` index.
//! Payment reminders and deadline cancellations, stock defaults, stuck-shipment alerts, follow-ups
//! and archiving are applied, and notices still undelivered (a crash between a write and its
//! enqueue, a worker whose lease ran out) are put on their queue again.

use super::{App, enqueue_after_write, update_order};
use crate::notify::NoticeQueue;
use crate::store::{OrderStore, StoreError};

/// Orders looked at per run; the next run takes the rest.
const BATCH: i32 = 100;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SweepReport {
    pub orders: usize,
    /// Notices put on a queue: re-driven ones and new ones (reminders, cancellations).
    pub notices_queued: usize,
}

pub async fn sweep<S: OrderStore, Q: NoticeQueue>(app: &App<S, Q>) -> Result<SweepReport, StoreError> {
    let (now, after) = (app.clock.now(), app.settings.after_sales);
    let mut report = SweepReport::default();
    for order_id in app.store.due_orders(now, BATCH).await? {
        let Some(order) = app.store.get(&order_id).await? else {
            continue;
        };
        let mut due = Vec::new();
        // Always written: the write also refreshes the order's due time in the index.
        let written = update_order(&app.store, order, |o| {
            let mut new = o.run_payment_deadlines(now);
            new.extend(o.run_fulfilment_duties(now, after));
            due = o.redrive_due_notices(now);
            due.extend(new);
            true
        })
        .await?;
        if let Some(order) = written {
            if !due.is_empty() {
                tracing::info!(order_id = %order.id, notices = due.len(), "queueing due notices");
            }
            enqueue_after_write(app, &order, &due).await;
            report.orders += 1;
            report.notices_queued += due.len();
        }
    }
    Ok(report)
}
