//! The function binaries from `make build`: cold starts, then a burst of events through each with the
//! AWS calls going to the emulator (warm latency, peak RSS), in the order an order's life needs them.

use crate::lifecycle::{self, BenchOrder, Call};
use crate::process::Process;
use crate::stack::Stack;
use crate::stats::Sample;
use aws_lambda_events::event::sqs::{SqsEvent, SqsMessage};
use orderflow::aws;
use orderflow::store::OrderStore;
use serde_json::{Value, json};
use std::path::PathBuf;
use std::time::Duration;

/// The deployed functions, in the order a burst can feed them.
pub const FUNCTIONS: [&str; 8] = [
    "order-placed",
    "payment-captured",
    "backoffice",
    "carrier-webhook",
    "order-status",
    "notify-email",
    "notify-sms",
    "scheduler",
];

pub const HELLO_WORLD: &str = "hello-world";

/// `target/lambda/<name>/bootstrap`, as `make build` leaves it.
pub fn bootstrap(name: &str) -> PathBuf {
    orderflow::local::repo_root().join("target/lambda").join(name).join("bootstrap")
}

/// Cold starts: every binary started `starts` times, round-robin so that machine noise spreads evenly.
pub async fn cold_starts(stack: &Stack, starts: usize) -> Result<Vec<(String, Sample)>, String> {
    let names: Vec<&str> = std::iter::once(HELLO_WORLD).chain(FUNCTIONS).collect();
    let mut inits: Vec<Vec<Duration>> = vec![Vec::new(); names.len()];
    for _ in 0..starts {
        for (name, times) in names.iter().zip(&mut inits) {
            let process = Process::start(&bootstrap(name), name, &stack.vars).await?;
            times.push(process.init);
        }
    }
    Ok(names.into_iter().map(String::from).zip(inits.into_iter().map(Sample::new)).collect())
}

/// What a burst through one function measured.
pub struct Burst {
    pub function: String,
    pub events: usize,
    pub first: Duration,
    pub warm: Sample,
    pub peak_rss: u64,
}

async fn burst(stack: &Stack, name: &str, events: Vec<Value>) -> Result<Burst, String> {
    let process = Process::start(&bootstrap(name), name, &stack.vars).await?;
    let mut took = Vec::with_capacity(events.len());
    for event in &events {
        let (answer, duration) = process.invoke(event).await?;
        check_http_answer(name, &answer)?;
        took.push(duration);
    }
    let first = took.first().copied().unwrap_or_default();
    Ok(Burst {
        function: name.to_string(),
        events: took.len(),
        first,
        warm: Sample::new(took.into_iter().skip(1).collect()),
        peak_rss: process.peak_rss().unwrap_or(0),
    })
}

/// An API Gateway answer must be a 2xx; a queue worker's or the scheduler's answer is whatever it is.
fn check_http_answer(name: &str, answer: &Value) -> Result<(), String> {
    match answer.get("statusCode").and_then(Value::as_u64) {
        Some(status) if !(200..300).contains(&status) => Err(format!("{name} answered {status}: {answer}")),
        _ => Ok(()),
    }
}

fn apigw(calls: impl IntoIterator<Item = Call>) -> Vec<Value> {
    calls.into_iter().map(|call| call.to_apigw_event()).collect()
}

/// Bursts of `events` through every function, in order, so each finds the orders the one before made:
/// `events` orders placed and paid; a third of them confirmed, packed and shipped; their carrier
/// updates; status lookups; every queued email and SMS; `sweeps` scheduler runs.
pub async fn bursts(stack: &Stack, events: usize, sweeps: usize) -> Result<Vec<Burst>, String> {
    let secrets = &stack.settings.secrets;
    // One customer in four has only a phone, so the SMS worker has work too.
    let orders: Vec<BenchOrder> = (0..events).map(|i| BenchOrder::new(i, i % 4 == 3)).collect();
    let shipped = &orders[..events / 3];
    let mut results = vec![
        burst(stack, "hello-world", (0..events).map(|i| json!({ "n": i })).collect()).await?,
        burst(stack, "order-placed", apigw(orders.iter().map(|o| lifecycle::placed(o, secrets)))).await?,
        burst(stack, "payment-captured", apigw(orders.iter().map(|o| lifecycle::paid(o, secrets)))).await?,
    ];
    let actions = shipped.iter().flat_map(|o| ["confirm", "pack", "ship"].map(|a| lifecycle::admin(o, a, secrets)));
    results.push(burst(stack, "backoffice", apigw(actions)).await?);
    let updates = (0..lifecycle::CARRIER_STATUSES.len())
        .flat_map(|n| shipped.iter().map(move |o| (o, n)))
        .map(|(o, n)| lifecycle::carrier(o, n, secrets));
    results.push(burst(stack, "carrier-webhook", apigw(updates.take(events))).await?);

    let store = aws::store(&stack.config, &stack.settings);
    let mut lookups = Vec::with_capacity(events);
    for order in &orders {
        let record = store.get(&order.id).await.map_err(|e| e.to_string())?.ok_or("an order went missing")?;
        lookups.push(lifecycle::status(order, record.status_token.expose()));
    }
    results.push(burst(stack, "order-status", apigw(lookups)).await?);
    results.push(drain(stack, "notify-email", &stack.settings.email_queue_url, events).await?);
    results.push(drain(stack, "notify-sms", &stack.settings.sms_queue_url, events).await?);
    let schedule = json!({"version": "0", "id": "bench", "detail-type": "Scheduled Event", "source": "aws.events",
        "account": "123456789012", "time": "2026-11-23T18:00:00Z", "region": "us-east-1", "resources": [], "detail": {}});
    results.push(burst(stack, "scheduler", vec![schedule; sweeps]).await?);
    Ok(results)
}

/// Runs a queue worker as Lambda's SQS trigger would: receive up to 10, invoke, delete what it did
/// not report as failed; until the queue is empty or `limit` invocations.
async fn drain(stack: &Stack, name: &str, queue_url: &str, limit: usize) -> Result<Burst, String> {
    let sqs = stack.sqs();
    let process = Process::start(&bootstrap(name), name, &stack.vars).await?;
    let mut took = Vec::new();
    while took.len() < limit {
        let received = sqs
            .receive_message()
            .queue_url(queue_url)
            .max_number_of_messages(10)
            .send()
            .await
            .map_err(|e| aws_sdk_sqs::error::DisplayErrorContext(e).to_string())?;
        let messages = received.messages.unwrap_or_default();
        if messages.is_empty() {
            break;
        }
        let mut event = SqsEvent::default();
        event.records = messages
            .iter()
            .map(|m| {
                let mut record = SqsMessage::default();
                record.message_id = m.message_id.clone();
                record.receipt_handle = m.receipt_handle.clone();
                record.body = m.body.clone();
                record.event_source = Some("aws:sqs".into());
                record
            })
            .collect();
        let (answer, duration) = process.invoke(&serde_json::to_value(&event).map_err(|e| e.to_string())?).await?;
        took.push(duration);
        let failed: Vec<&str> = answer["batchItemFailures"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|f| f["itemIdentifier"].as_str())
            .collect();
        for message in messages.iter().filter(|m| !failed.contains(&m.message_id.as_deref().unwrap_or_default())) {
            sqs.delete_message()
                .queue_url(queue_url)
                .receipt_handle(message.receipt_handle.clone().unwrap_or_default())
                .send()
                .await
                .map_err(|e| aws_sdk_sqs::error::DisplayErrorContext(e).to_string())?;
        }
    }
    Ok(Burst {
        function: name.to_string(),
        events: took.len(),
        first: took.first().copied().unwrap_or_default(),
        peak_rss: process.peak_rss().unwrap_or(0),
        warm: Sample::new(took.into_iter().skip(1).collect()),
    })
}
