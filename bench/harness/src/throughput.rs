//! Throughput: order lifecycles replayed concurrently over HTTP through `orderflow dev` (routes,
//! queue workers, scheduler) against a fresh emulator, then checked: every order delivered, every
//! notice its ledger asked for sent once — none lost, none sent twice.

use crate::stack::Emulators;
use orderflow::aws;
use orderflow::config::WebhookSecrets;
use orderflow::domain::{Audience, Channel, NoticeState, Order};
use orderflow::local::emulator::{free_port, is_listening};
use orderflow::local::lifecycle::{self, BenchOrder};
use orderflow::local::repo_root;
use orderflow::store::DynamoStore;
use orderflow::store::prelude::*;
use std::collections::HashMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;

pub struct Throughput {
    pub orders: usize,
    pub requests: usize,
    /// From the first request until the last notice was sent.
    pub completion: Duration,
    /// Until every webhook and back-office request had its answer.
    pub answered: Duration,
    pub emails_sent: usize,
    pub lost: usize,
    pub duplicates: usize,
}

/// Requests in flight at once (a storefront's and its providers' webhooks arriving together).
pub const IN_FLIGHT: usize = 16;
/// How long the notices may take to drain after the last answer.
const DRAIN_PATIENCE: Duration = Duration::from_secs(900);

/// `secrets`: the development defaults `orderflow dev` fills in (it runs with a cleared environment).
pub async fn run(orders: usize, secrets: &WebhookSecrets) -> Result<Throughput, String> {
    let emulators = Emulators::start()?;
    let emulator = &emulators.general;
    let port = free_port().map_err(|e| e.to_string())?;
    let mut dev = tokio::process::Command::new(repo_root().join("target/release/orderflow"))
        .args(["dev", "--port", &port.to_string(), "--endpoint", &emulator.endpoint, "--sweep-every", "30"])
        .env_clear()
        .env("RUST_LOG", "warn")
        .env("AWS_ENDPOINT_URL_DYNAMODB", &emulators.dynamodb.endpoint)
        // The feed reads the table's stream, which is where the table is.
        .env("AWS_ENDPOINT_URL_DYNAMODB_STREAMS", &emulators.dynamodb.endpoint)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| format!("target/release/orderflow: {e}"))?;
    let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let deadline = Instant::now() + Duration::from_secs(60);
    while !is_listening(address) {
        if Instant::now() > deadline {
            return Err("orderflow dev did not start in 60 s".into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    let base = format!("http://{address}");
    let client = reqwest::Client::new();
    let permits = Arc::new(Semaphore::new(IN_FLIGHT));
    let started = Instant::now();
    let tasks: Vec<_> = (0..orders)
        .map(|i| {
            let calls = lifecycle::lifecycle(&BenchOrder::new(i, false), secrets);
            let (client, permits, base) = (client.clone(), permits.clone(), base.clone());
            tokio::spawn(async move {
                let mut failures = 0;
                for call in calls {
                    let _permit = permits.acquire().await.expect("the semaphore stays open");
                    let mut request =
                        client.request(call.method.parse().expect("a method"), format!("{base}{}", call.path));
                    for (name, value) in &call.headers {
                        request = request.header(name, value);
                    }
                    match request.body(call.body.clone()).send().await {
                        Ok(response) if response.status().is_success() => {}
                        _ => failures += 1,
                    }
                }
                failures
            })
        })
        .collect();
    let mut failed_requests = 0;
    for task in tasks {
        failed_requests += task.await.map_err(|e| e.to_string())?;
    }
    let answered = started.elapsed();

    let config = emulators.config();
    let settings = settings_for_dev(&config).await?;
    let store = aws::store(&config, &settings);
    let sqs = aws_sdk_sqs::Client::new(&config);
    let ids: Vec<String> = (0..orders).map(|i| BenchOrder::new(i, false).id).collect();
    let deadline = Instant::now() + DRAIN_PATIENCE;
    // Wait for both queues to empty, then look at the ledgers; a notice still open there (its enqueue
    // failed) waits for the scheduler's re-drive.
    let (records, completion) = loop {
        if queued(&sqs, &settings.email_queue_url).await? + queued(&sqs, &settings.sms_queue_url).await? > 0 {
            if Instant::now() > deadline {
                return Err("the queues did not drain in time".into());
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
            continue;
        }
        let completion = started.elapsed();
        let records = read_orders(&store, &ids).await?;
        let open = records.iter().flatten().flat_map(|o| o.notices().values()).any(|n| n.state.is_open());
        if !open || Instant::now() > deadline {
            break (records, completion);
        }
        tokio::time::sleep(Duration::from_secs(5)).await;
    };
    // Nothing may send after the count.
    let _ = dev.kill().await;

    let data: serde_json::Value = reqwest::get(format!("{}/moto-api/data.json", emulator.endpoint))
        .await
        .map_err(|e| e.to_string())?
        .json()
        .await
        .map_err(|e| e.to_string())?;
    let mut sent_to: HashMap<String, usize> = HashMap::new();
    let messages = data["ses"]["Message"].as_array().cloned().unwrap_or_default();
    for message in &messages {
        for to in message["destinations"]["ToAddresses"].as_array().into_iter().flatten().filter_map(|a| a.as_str()) {
            *sent_to.entry(to.to_string()).or_default() += 1;
        }
    }
    let (lost, duplicates) = reconcile(&records, &sent_to);
    Ok(Throughput {
        orders,
        requests: orders * lifecycle::lifecycle(&BenchOrder::new(0, false), secrets).len(),
        completion,
        answered,
        emails_sent: messages.len(),
        lost: lost + failed_requests,
        duplicates,
    })
}

/// The settings `orderflow dev` runs with: the template's, as provisioned in its emulator.
async fn settings_for_dev(config: &aws_types::SdkConfig) -> Result<orderflow::config::Settings, String> {
    let template = repo_root().join("infra/template.yaml");
    let provisioned = orderflow::local::provision::provision(config, &template, "orderflow", &HashMap::new())
        .await
        .map_err(|e| e.to_string())?;
    orderflow::config::Settings::from_vars(&provisioned.env).map_err(|e| e.to_string())
}

/// Messages on a queue, visible or in flight.
async fn queued(sqs: &aws_sdk_sqs::Client, queue_url: &str) -> Result<u64, String> {
    use aws_sdk_sqs::types::QueueAttributeName::{ApproximateNumberOfMessages, ApproximateNumberOfMessagesNotVisible};
    let answer = sqs
        .get_queue_attributes()
        .queue_url(queue_url)
        .attribute_names(ApproximateNumberOfMessages)
        .attribute_names(ApproximateNumberOfMessagesNotVisible)
        .send()
        .await
        .map_err(|e| aws_sdk_sqs::error::DisplayErrorContext(e).to_string())?;
    let attributes = answer.attributes.unwrap_or_default();
    Ok([ApproximateNumberOfMessages, ApproximateNumberOfMessagesNotVisible]
        .iter()
        .filter_map(|name| attributes.get(name).and_then(|v| v.parse::<u64>().ok()))
        .sum())
}

async fn read_orders(store: &DynamoStore, ids: &[String]) -> Result<Vec<Option<Order>>, String> {
    let reads = ids.iter().map(|id| store.get(id));
    let results = futures::future::join_all(reads).await;
    results.into_iter().map(|r| r.map_err(|e| e.to_string())).collect()
}

/// Notices each ledger says were sent by email, against the emails the emulator holds per address:
/// (lost, duplicates). An order missing or not delivered counts as lost, as does any notice still open.
fn reconcile(records: &[Option<Order>], sent_to: &HashMap<String, usize>) -> (usize, usize) {
    let mut lost = 0;
    let mut expected: HashMap<String, usize> = HashMap::new();
    let mut owner_notices = 0usize;
    for record in records {
        let Some(order) = record else {
            lost += 1;
            continue;
        };
        if order.status.as_str() != "delivered" {
            lost += 1;
        }
        for notice in order.notices().values().filter(|n| n.channel == Channel::Email) {
            match (&notice.state, notice.audience) {
                (NoticeState::Sent { .. }, Audience::Customer) => {
                    if let Some(email) = order.customer.email.as_ref() {
                        *expected.entry(email.expose().clone()).or_default() += 1;
                    }
                }
                (NoticeState::Sent { .. }, Audience::Owner) => owner_notices += 1,
                (state, _) if state.is_open() => lost += 1,
                _ => {}
            }
        }
    }
    let mut duplicates = 0;
    for (address, want) in &expected {
        let got = sent_to.get(address).copied().unwrap_or(0);
        lost += want.saturating_sub(got);
        duplicates += got.saturating_sub(*want);
    }
    let customer_sent: usize = expected.keys().filter_map(|a| sent_to.get(a)).sum();
    let owner_sent = sent_to.values().sum::<usize>() - customer_sent;
    lost += owner_notices.saturating_sub(owner_sent);
    duplicates += owner_sent.saturating_sub(owner_notices);
    (lost, duplicates)
}
