//! Order statistics of timed samples.

use std::time::Duration;

#[derive(Clone, Debug, Default)]
pub struct Sample {
    sorted: Vec<Duration>,
}

impl Sample {
    pub fn new(mut values: Vec<Duration>) -> Self {
        values.sort();
        Self { sorted: values }
    }

    /// The value below which `p` (0–1) of the sample lies (nearest rank).
    pub fn percentile(&self, p: f64) -> Duration {
        if self.sorted.is_empty() {
            return Duration::ZERO;
        }
        let rank = ((p * self.sorted.len() as f64).ceil() as usize).clamp(1, self.sorted.len());
        self.sorted[rank - 1]
    }

    pub fn median(&self) -> Duration {
        self.percentile(0.5)
    }

    pub fn mean(&self) -> Duration {
        if self.sorted.is_empty() {
            return Duration::ZERO;
        }
        self.sorted.iter().sum::<Duration>() / self.sorted.len() as u32
    }
}

/// Milliseconds with two decimals.
pub fn ms(duration: Duration) -> String {
    format!("{:.2}", duration.as_secs_f64() * 1000.0)
}

/// Megabytes (10^6 bytes) with two decimals.
pub fn mb(bytes: u64) -> String {
    format!("{:.2}", bytes as f64 / 1e6)
}
