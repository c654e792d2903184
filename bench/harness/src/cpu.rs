//! Handler CPU per event, in process, with the in-memory store, queue and sender (criterion): the
//! code a function runs for one event, without the network. Single-threaded, so time ≈ CPU.

use aws_lambda_events::event::sqs::{SqsEvent, SqsMessage};
use criterion::{BatchSize, Criterion};
use orderflow::app::{App, Worker, deliver_batch};
use orderflow::clock::Clock;
use orderflow::config::Settings;
use orderflow::domain::Channel;
use orderflow::local::lifecycle::{self, BenchOrder};
use orderflow::notify::memory::{MemoryQueue, MemorySender};
use orderflow::store::memory::MemoryStore;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tokio::runtime::Runtime;
use tower::ServiceExt;

type MemoryApp = Arc<App<MemoryStore, MemoryQueue>>;

fn memory_app(settings: &Arc<Settings>) -> MemoryApp {
    Arc::new(App::new(MemoryStore::default(), MemoryQueue::default(), settings.clone(), Clock::system()))
}

/// Sends `calls` through the whole router; each must succeed (setup, not measured).
fn prepare(runtime: &Runtime, app: &MemoryApp, calls: Vec<lifecycle::Call>) {
    for call in calls {
        let response =
            runtime.block_on(orderflow::http::router(app.clone()).oneshot(call.to_request())).expect("infallible");
        assert!(response.status().is_success(), "{} answered {}", call.step, response.status());
    }
}

/// The median time per event of each handler, in nanoseconds, as criterion estimated it.
pub fn handler_cpu(settings: &Arc<Settings>, criterion_home: &Path) -> Result<Vec<(String, f64)>, String> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| e.to_string())?;
    let secrets = &settings.secrets;
    let order = BenchOrder::new(1, false);
    let mut criterion = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .without_plots();

    let placed = lifecycle::placed(&order, secrets);
    criterion.bench_function("order-placed", |b| {
        b.iter_batched(
            || (orderflow::http::order_routes(memory_app(settings)), placed.to_request()),
            |(router, request)| runtime.block_on(router.oneshot(request)),
            BatchSize::PerIteration,
        )
    });

    let paid = lifecycle::paid(&order, secrets);
    criterion.bench_function("payment-captured", |b| {
        b.iter_batched(
            || {
                let app = memory_app(settings);
                prepare(&runtime, &app, vec![lifecycle::placed(&order, secrets)]);
                (orderflow::http::payment_routes(app), paid.to_request())
            },
            |(router, request)| runtime.block_on(router.oneshot(request)),
            BatchSize::PerIteration,
        )
    });

    let update = lifecycle::carrier(&order, 1, secrets);
    criterion.bench_function("carrier-webhook", |b| {
        b.iter_batched(
            || {
                let app = memory_app(settings);
                let mut calls = lifecycle::lifecycle(&order, secrets);
                calls.truncate(5); // placed, paid, confirmed, packed, shipped
                prepare(&runtime, &app, calls);
                (orderflow::http::carrier_routes(app), update.to_request())
            },
            |(router, request)| runtime.block_on(router.oneshot(request)),
            BatchSize::PerIteration,
        )
    });

    criterion.bench_function("notify-email", |b| {
        b.iter_batched(
            || {
                let app = memory_app(settings);
                prepare(&runtime, &app, vec![lifecycle::placed(&order, secrets)]);
                let worker = Worker {
                    store: app.store.clone(),
                    sender: MemorySender::default(),
                    settings: settings.clone(),
                    clock: Clock::system(),
                };
                let mut event = SqsEvent::default();
                event.records = app
                    .queue
                    .take(Channel::Email)
                    .into_iter()
                    .take(1)
                    .map(|notice| {
                        let mut record = SqsMessage::default();
                        record.message_id = Some(notice.notice_id.to_string());
                        record.body = Some(serde_json::to_string(&notice).expect("a notice serialises"));
                        record
                    })
                    .collect();
                (worker, event)
            },
            |(worker, event)| runtime.block_on(deliver_batch(&worker, event)),
            BatchSize::PerIteration,
        )
    });

    ["order-placed", "payment-captured", "carrier-webhook", "notify-email"]
        .into_iter()
        .map(|id| Ok((id.to_string(), median_ns(&criterion_home.join(id).join("new/estimates.json"))?)))
        .collect()
}

fn median_ns(estimates: &Path) -> Result<f64, String> {
    let text = std::fs::read_to_string(estimates).map_err(|e| format!("{}: {e}", estimates.display()))?;
    let json: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    json["median"]["point_estimate"].as_f64().ok_or_else(|| format!("{}: no median", estimates.display()))
}
