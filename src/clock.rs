//! The time, from the system or held by a test.

use jiff::{SignedDuration, Timestamp};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

/// System time by default; [`Clock::fixed`] gives a clock that only moves when told to.
#[derive(Clone, Debug, Default)]
pub struct Clock {
    fixed_ms: Option<Arc<AtomicI64>>,
}

impl Clock {
    pub fn system() -> Self {
        Self::default()
    }

    pub fn fixed(at: Timestamp) -> Self {
        Self { fixed_ms: Some(Arc::new(AtomicI64::new(at.as_millisecond()))) }
    }

    pub fn now(&self) -> Timestamp {
        match &self.fixed_ms {
            Some(ms) => Timestamp::from_millisecond(ms.load(Ordering::SeqCst)).expect("a valid fixed time"),
            None => Timestamp::now(),
        }
    }

    /// Sets a fixed clock (no effect on the system clock).
    pub fn set(&self, at: Timestamp) {
        if let Some(ms) = &self.fixed_ms {
            ms.store(at.as_millisecond(), Ordering::SeqCst);
        }
    }

    /// Moves a fixed clock forward (no effect on the system clock).
    pub fn advance(&self, by: SignedDuration) {
        if let Some(ms) = &self.fixed_ms {
            ms.fetch_add(by.as_millis() as i64, Ordering::SeqCst);
        }
    }
}
