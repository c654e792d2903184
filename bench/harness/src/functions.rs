//! The function binaries from `make build`: cold starts, then a burst of events through each with the
//! AWS calls going to the emulator (warm latency, peak RSS), in the order an order's life needs them.

use crate::stack::Stack;
use crate::stats::Sample;
use orderflow::aws;
use orderflow::local::lifecycle::{self, BenchOrder, Call};
use orderflow::local::pump::{delete_delivered, sqs_event};
use orderflow::local::runtime_api::FunctionProcess;
use orderflow::store::prelude::*;
use serde_json::{Value, json};
use std::path::PathBuf;
use std::time::Duration;

pub const HELLO_WORLD: &str = "hello-world";

/// `target/lambda/<name>/bootstrap`, as `make build` leaves it.
pub fn bootstrap(name: &str) -> PathBuf {
    orderflow::local::repo_root().join("target/lambda").join(name).join("bootstrap")
}

/// Cold starts: every binary started `starts` times, round-robin so that machine noise spreads evenly.
pub async fn cold_starts(stack: &Stack, starts: usize) -> Result<Vec<(String, Sample)>, String> {
    let functions = orderflow::local::functions();
    let names: Vec<&str> = std::iter::once(HELLO_WORLD).chain(functions.iter().map(String::as_str)).collect();
    let mut inits: Vec<Vec<Duration>> = vec![Vec::new(); names.len()];
    for _ in 0..starts {
        for (name, times) in names.iter().zip(&mut inits) {
            let process = FunctionProcess::start(&bootstrap(name), name, &stack.vars).await?;
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

/// A function process and the time each of its invocations took.
struct Running {
    name: &'static str,
    process: FunctionProcess,
    took: Vec<Duration>,
}

impl Running {
    async fn start(stack: &Stack, name: &'static str) -> Result<Self, String> {
        Ok(Self { name, process: FunctionProcess::start(&bootstrap(name), name, &stack.vars).await?, took: Vec::new() })
    }

    /// Invokes with each event; API Gateway answers must be 2xx.
    async fn send(&mut self, events: impl IntoIterator<Item = Value>) -> Result<Vec<Value>, String> {
        let mut answers = Vec::new();
        for event in events {
            let (outcome, duration) = self.process.invoke(&event).await?;
            let answer = match outcome {
                Ok(answer) => answer,
                // A scheduler run that fails (an emulator call past its timeout) is done again by
                // the next minute's: counted, as in AWS, not the end of the burst.
                Err(error) if self.name == "scheduler" => {
                    eprintln!("a scheduler run failed (the next one goes on): {error}");
                    self.took.push(duration);
                    continue;
                }
                Err(error) => return Err(format!("{} reported an error: {error}", self.name)),
            };
            if let Some(status) = answer.get("statusCode").and_then(Value::as_u64)
                && !(200..300).contains(&status)
            {
                return Err(format!("{} answered {status}: {answer}", self.name));
            }
            self.took.push(duration);
            answers.push(answer);
        }
        Ok(answers)
    }

    fn finish(self) -> Burst {
        Burst {
            function: self.name.to_string(),
            events: self.took.len(),
            first: self.took.first().copied().unwrap_or_default(),
            peak_rss: self.process.peak_rss().unwrap_or(0),
            warm: Sample::new(self.took.into_iter().skip(1).collect()),
        }
    }
}

fn apigw(calls: impl IntoIterator<Item = Call>) -> Vec<Value> {
    calls.into_iter().map(|call| call.to_apigw_event()).collect()
}

/// Orders go through in rounds of this many, so the queues stay short (the emulator's FIFO queues
/// slow down with depth, which Amazon SQS does not).
pub const ROUND: usize = 30;

/// A burst of about `events` events through each function, every process started once and fed in
/// rounds the way an order's life needs them: orders placed and paid; a third of them confirmed,
/// packed and shipped, then three carrier updates each; status lookups; every queued email and SMS in
/// batches of up to 10. Then `sweeps` scheduler runs. One customer in four has only a phone.
pub async fn bursts(stack: &Stack, events: usize, sweeps: usize) -> Result<Vec<Burst>, String> {
    let secrets = &stack.settings.secrets;
    let mut hello = Running::start(stack, HELLO_WORLD).await?;
    hello.send((0..events).map(|n| json!({ "n": n }))).await?;
    let mut placed = Running::start(stack, "order-placed").await?;
    let mut payments = Running::start(stack, "payment-captured").await?;
    let mut backoffice = Running::start(stack, "backoffice").await?;
    let mut carriers = Running::start(stack, "carrier-webhook").await?;
    let mut status = Running::start(stack, "order-status").await?;
    let mut email = Running::start(stack, "notify-email").await?;
    let mut sms = Running::start(stack, "notify-sms").await?;
    let store = aws::store(&stack.config, &stack.settings);
    for first in (0..events).step_by(ROUND) {
        let orders: Vec<BenchOrder> =
            (first..events.min(first + ROUND)).map(|i| BenchOrder::new(i, i % 4 == 3)).collect();
        let shipped = &orders[..orders.len() / 3];
        placed.send(apigw(orders.iter().map(|o| lifecycle::placed(o, secrets)))).await?;
        payments.send(apigw(orders.iter().map(|o| lifecycle::paid(o, secrets)))).await?;
        let actions = shipped.iter().flat_map(|o| ["confirm", "pack", "ship"].map(|a| lifecycle::admin(o, a, secrets)));
        backoffice.send(apigw(actions)).await?;
        let updates =
            [1, 3, 4].into_iter().flat_map(|n| shipped.iter().map(move |o| lifecycle::carrier(o, n, secrets)));
        carriers.send(apigw(updates)).await?;
        let mut lookups = Vec::with_capacity(orders.len());
        for order in &orders {
            let record = store.get(&order.id).await.map_err(|e| e.to_string())?.ok_or("an order went missing")?;
            lookups.push(lifecycle::status(order, record.status_token.expose()).to_apigw_event());
        }
        status.send(lookups).await?;
        drain(stack, &mut email, &stack.settings.email_queue_url).await?;
        drain(stack, &mut sms, &stack.settings.sms_queue_url).await?;
    }
    let mut scheduler = Running::start(stack, "scheduler").await?;
    let schedule = json!({"version": "0", "id": "bench", "detail-type": "Scheduled Event", "source": "aws.events",
        "account": "123456789012", "time": "2026-11-23T18:00:00Z", "region": "us-east-1", "resources": [], "detail": {}});
    scheduler.send(vec![schedule; sweeps]).await?;
    Ok([hello, placed, payments, backoffice, carriers, status, email, sms, scheduler]
        .into_iter()
        .map(Running::finish)
        .collect())
}

/// Runs a queue worker as Lambda's SQS trigger would: receive up to 10, invoke, delete what it did
/// not report as failed; until the queue is empty.
async fn drain(stack: &Stack, worker: &mut Running, queue_url: &str) -> Result<(), String> {
    let sqs = stack.sqs();
    loop {
        let received = sqs
            .receive_message()
            .queue_url(queue_url)
            .max_number_of_messages(10)
            .send()
            .await
            .map_err(|e| aws_sdk_sqs::error::DisplayErrorContext(e).to_string())?;
        let messages = received.messages.unwrap_or_default();
        if messages.is_empty() {
            return Ok(());
        }
        let answers = worker.send([serde_json::to_value(sqs_event(&messages)).map_err(|e| e.to_string())?]).await?;
        let failed: Vec<&str> = answers[0]["batchItemFailures"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|f| f["itemIdentifier"].as_str())
            .collect();
        delete_delivered(&sqs, queue_url, &messages, &failed).await?;
    }
}
