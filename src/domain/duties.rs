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
}

impl Default for AfterSales {
    fn default() -> Self {
        Self {
            follow_up_after: SignedDuration::from_hours(3 * 24),
            archive_after: SignedDuration::from_hours(30 * 24),
            stuck_after: SignedDuration::from_hours(5 * 24),
            processing_sla: SignedDuration::from_hours(24),
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
}
