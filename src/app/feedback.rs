//! What SES reports about an email after accepting it: a permanent bounce or a complaint makes the
//! notice refused, as a refusal at send time does, and its message goes out once on the customer's
//! other channel.

use super::{App, enqueue_after_write, update_order};
use crate::notify::NoticeQueue;
use crate::notify::ses::{Feedback, read_feedback};
use crate::store::{OrderStore, StoreError};

/// What became of one SES event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FeedbackReceipt {
    /// The notice is refused; this many messages were queued instead (the other channel, or the
    /// owner's "could not reach").
    Applied {
        order_id: String,
        queued: usize,
    },
    /// Known already, or about an order or notice that is not there: nothing to change.
    Unchanged,
    Ignored {
        reason: String,
    },
}

/// Applies an SES event's `detail` (EventBridge). A store failure is an error, so that Lambda
/// retries the event.
pub async fn email_feedback<S: OrderStore, Q: NoticeQueue>(
    app: &App<S, Q>,
    detail: &serde_json::Value,
) -> Result<FeedbackReceipt, StoreError> {
    let (about, reason) = match read_feedback(detail) {
        Feedback::Undeliverable { about, reason } => (about, reason),
        Feedback::Ignored { reason } => return Ok(FeedbackReceipt::Ignored { reason }),
    };
    if about.shop != app.settings.shop {
        // Never applied to this shop's order of the same id.
        return Ok(FeedbackReceipt::Ignored { reason: format!("an email of shop {}, not served here", about.shop) });
    }
    let Some(order) = app.store.get(&about.order_id).await? else {
        tracing::warn!(order_id = %about.order_id, "email feedback for no known order");
        return Ok(FeedbackReceipt::Unchanged);
    };
    let now = app.clock.now();
    let mut queued = Vec::new();
    let written = update_order(&app.store, order, |o| match o.email_undeliverable(&about.notice_id, &reason, now) {
        Some(next) => {
            queued = next;
            true
        }
        None => false,
    })
    .await?;
    let Some(order) = written else { return Ok(FeedbackReceipt::Unchanged) };
    tracing::info!(order_id = %order.id, notice = %about.notice_id, %reason, "email undeliverable after sending");
    enqueue_after_write(app, &order, &queued).await;
    Ok(FeedbackReceipt::Applied { order_id: order.id, queued: queued.len() })
}
