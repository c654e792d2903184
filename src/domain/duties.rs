//! What the scheduler does for an order after it ships, and when.

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

/// When the scheduler's after-sales duties fall due.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AfterSales {
    pub follow_up_after: SignedDuration,
    pub archive_after: SignedDuration,
    pub stuck_after: SignedDuration,
    /// How long an order may stay received or confirmed before the owner is told.
    pub processing_sla: SignedDuration,
    /// After this long ready to collect, the customer is reminded.
    pub pickup_reminder_after: SignedDuration,
    /// After this long ready to collect, the owner is told it was not collected.
    pub pickup_expiry_after: SignedDuration,
    /// Unanswered calls after which the customer gets a message (and again after as many more).
    pub calls_before_message: u32,
    /// How long after delivery the customer may ask for a return.
    pub return_window: SignedDuration,
    /// How long after delivery the customer may report a problem (the warranty).
    pub warranty: SignedDuration,
    /// How long an archived order keeps its customer's personal data (`RETENTION_DAYS`); none: kept.
    pub retention: Option<SignedDuration>,
}

impl Default for AfterSales {
    fn default() -> Self {
        Self {
            follow_up_after: SignedDuration::from_hours(3 * 24),
            archive_after: SignedDuration::from_hours(30 * 24),
            stuck_after: SignedDuration::from_hours(5 * 24),
            processing_sla: SignedDuration::from_hours(24),
            return_window: SignedDuration::from_hours(14 * 24),
            warranty: SignedDuration::from_hours(730 * 24),
            pickup_reminder_after: SignedDuration::from_hours(3 * 24),
            pickup_expiry_after: SignedDuration::from_hours(7 * 24),
            calls_before_message: 2,
            retention: None,
        }
    }
}

/// Moments at which the scheduler has something to do for an order after it shipped.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Duties {
    /// Alert the owner if no carrier update arrives before this.
    pub stuck_at: Option<Timestamp>,
    pub follow_up_at: Option<Timestamp>,
    pub archive_at: Option<Timestamp>,
    /// Alert the owner if the order is still received or confirmed by then.
    #[serde(default)]
    pub late_at: Option<Timestamp>,
    /// Remind the customer of a parcel waiting to be collected.
    #[serde(default)]
    pub pickup_reminder_at: Option<Timestamp>,
    /// Tell the owner the parcel was not collected.
    #[serde(default)]
    pub pickup_expires_at: Option<Timestamp>,
    /// Erase the customer's personal data (archived for the retention period).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub erase_at: Option<Timestamp>,
}
