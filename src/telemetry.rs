//! Logging: JSON lines in Lambda (CloudWatch), compact text in `orderflow dev`. `RUST_LOG` filters.
//! Personal data never reaches a log line: it lives in `Private`, which prints `[redacted]`.

use tracing_subscriber::EnvFilter;

fn filter() -> EnvFilter {
    EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"))
}

/// For Lambda: JSON, no ANSI colours, no timestamps (CloudWatch adds them).
pub fn init_json() {
    tracing_subscriber::fmt()
        .json()
        .with_env_filter(filter())
        .with_current_span(true)
        .with_ansi(false)
        .without_time()
        .init();
}

/// For the local stack: one compact line per event.
pub fn init_text() {
    tracing_subscriber::fmt().compact().with_env_filter(filter()).with_target(false).init();
}
