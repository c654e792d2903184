//! Throughput: order lifecycles of many shops replayed concurrently over HTTP through one
//! `orderflow dev` (routes, queue workers, scheduler) against a fresh emulator, then checked: every
//! order delivered, every notice its ledger asked for sent once (none lost, none sent twice), and
//! each shop's usage report counting what was done for it. Every shop's orders have the same ids,
//! as WooCommerce's sequential ids would.

use crate::stack::Emulators;
use orderflow::aws;
use orderflow::config::Settings;
use orderflow::config::WebhookSecrets;
use orderflow::domain::ShopId;
use orderflow::domain::usage::Meter;
use orderflow::domain::{Audience, Channel, NoticeState, Order};
use orderflow::http::shops::BasePath;
use orderflow::local::emulator::{Watched, free_port, is_listening};
use orderflow::local::lifecycle::{self, BenchOrder};
use orderflow::local::repo_root;
use orderflow::shops::NewShop;
use orderflow::shops::sealed::SealingKey;
use orderflow::store::DynamoStore;
use orderflow::store::prelude::*;
use orderflow::store::{Meters, ShopDirectory};
use std::collections::{BTreeMap, HashMap};
use std::net::{Ipv4Addr, SocketAddr};
use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;

pub struct Throughput {
    /// Shops, the default one and added ones, each with `orders / shops` lifecycles.
    pub shops: usize,
    pub orders: usize,
    pub requests: usize,
    /// From the first request until the last notice was sent.
    pub completion: Duration,
    /// Until every webhook and back-office request had its answer.
    pub answered: Duration,
    pub emails_sent: usize,
    pub lost: usize,
    pub duplicates: usize,
    /// Requests sent again after a 429 or 5xx, as their senders would.
    pub retried: usize,
    /// Shops whose usage report (orders received, emails sent) differs from what was done.
    pub usage_mismatches: Vec<String>,
    /// The build profile of the `orderflow` binary that ran (the harness's own).
    pub profile: &'static str,
}

/// Requests in flight at once (a storefront's and its providers' webhooks arriving together).
pub const IN_FLIGHT: usize = 16;
/// Messages waiting on the notice queues beyond which no new request is sent until they go down:
/// the emulator's FIFO receive slows with a queue's length, so a run that outpaces the workers
/// measures the emulator's collapse, not orderflow.
pub const PACE_AT: u64 = 150;

/// Where the run's `orderflow dev` writes its warnings.
pub const DEV_LOG: &str = "target/throughput-dev.log";

/// How often the scheduler sweeps every shop in the run. Not every minute as in AWS: 100 shops'
/// sweeps are a few hundred queries a minute that the one-request-at-a-time emulator answers
/// between the run's requests, and it slows as the run goes on. The run's notices are queued by the
/// handlers; the sweep re-drives only what failed (and sends the follow-ups that fall due).
pub const SWEEP_EVERY: Duration = Duration::from_secs(300);
/// Times a request answered 429 or 5xx (or not at all) is sent again, 2, 4, 8… seconds apart.
const RETRIES: u32 = 5;
/// How long the notices may take to drain after the last answer.
const DRAIN_PATIENCE: Duration = Duration::from_secs(900);

/// The shops of a run: the default shop, then `shop-1`, `shop-2`, … added as `orderflow shops add`
/// adds them (their own secrets, sender and owner).
fn shop_names(shops: usize) -> Vec<ShopId> {
    let added = (1..shops).map(|n| ShopId::parse(&format!("shop-{n}")).expect("a shop's name"));
    std::iter::once(ShopId::default()).chain(added).collect()
}

/// An added shop's own secrets: the development defaults, each made its own.
fn secrets_of(shop: &ShopId, defaults: &WebhookSecrets) -> WebhookSecrets {
    let mut secrets = defaults.clone();
    if !shop.is_default() {
        for name in WebhookSecrets::NAMES.iter().filter(|n| **n != "SHOPS_KEY") {
            secrets.set(name, format!("{}-{shop}", WebhookSecrets::dev_default(name)));
        }
    }
    secrets
}

/// Adds the shops after the default one to the table `orderflow dev` serves.
async fn add_shops(
    config: &aws_types::SdkConfig,
    settings: &Settings,
    shops: &[ShopId],
    defaults: &WebhookSecrets,
) -> Result<(), String> {
    let key = defaults.get("SHOPS_KEY").ok_or("no SHOPS_KEY")?;
    let key = SealingKey::read(key).map_err(|e| e.to_string())?;
    let deployment: BTreeMap<String, String> = [
        ("TABLE_NAME", settings.table_name.as_str()),
        ("EMAIL_QUEUE_URL", settings.email_queue_url.as_str()),
        ("SMS_QUEUE_URL", settings.sms_queue_url.as_str()),
    ]
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .into();
    let store = aws::store(config, settings);
    for shop in shops.iter().filter(|s| !s.is_default()) {
        let sender = format!("orders@{shop}.example");
        let settings: BTreeMap<String, String> = [
            ("SHOP_NAME".to_string(), format!("Shop {shop}")),
            ("SENDER_EMAIL".to_string(), sender.clone()),
            ("OWNER_EMAIL".to_string(), format!("owner@{shop}.example")),
        ]
        .into();
        let secrets = secrets_of(shop, defaults);
        let names = WebhookSecrets::NAMES.iter().filter(|n| **n != "SHOPS_KEY");
        let mut given: BTreeMap<String, String> =
            names.filter_map(|n| Some((n.to_string(), secrets.get(n)?.to_string()))).collect();
        given.insert("STRIPE_SECRET_KEY".into(), orderflow::local::payment_api::STRIPE_KEY.into());
        let record = NewShop::new(shop.clone(), settings, given, &key, &deployment, jiff::Timestamp::now())
            .map_err(|e| e.to_string())?
            .record;
        store.put_shop(&record, true).await.map_err(|e| e.to_string())?;
        aws::add_sender(config, &sender).await?;
    }
    Ok(())
}

/// `secrets`: the development defaults `orderflow dev` fills in (it runs with a cleared
/// environment). `shops` shops, `per_shop` lifecycles each.
pub async fn run(shops: usize, per_shop: usize, secrets: &WebhookSecrets) -> Result<Throughput, String> {
    let emulators = Emulators::start()?;
    let emulator = &emulators.general;
    let port = free_port().map_err(|e| e.to_string())?;
    // The `orderflow` built with the harness (`make bench`: the release one).
    let binary = std::env::current_exe().map_err(|e| e.to_string())?.with_file_name("orderflow");
    // Its warnings, for a run that goes wrong.
    let log_path = orderflow::local::repo_root().join(DEV_LOG);
    let log = std::fs::File::create(&log_path).map_err(|e| format!("{}: {e}", log_path.display()))?;
    // Watched: a bench stopped by a signal leaves no `orderflow dev` sending behind it.
    let mut command = Watched::command(&binary);
    command
        .args(["dev", "--port", &port.to_string(), "--endpoint", &emulator.endpoint])
        .args(["--sweep-every", &SWEEP_EVERY.as_secs().to_string()])
        .env_clear()
        .env("RUST_LOG", "warn")
        .env("AWS_ENDPOINT_URL_DYNAMODB", &emulators.dynamodb.endpoint)
        // The feed reads the table's stream, which is where the table is.
        .env("AWS_ENDPOINT_URL_DYNAMODB_STREAMS", &emulators.dynamodb.endpoint)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log);
    let dev = Watched::spawn(command).map_err(|e| format!("{}: {e}", binary.display()))?;
    let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let deadline = Instant::now() + Duration::from_secs(60);
    while !is_listening(address) {
        if Instant::now() > deadline {
            return Err("orderflow dev did not start in 60 s".into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let config = emulators.config();
    let settings = settings_for_dev(&config).await?;
    let names = shop_names(shops.max(1));
    add_shops(&config, &settings, &names, secrets).await?;

    let base = format!("http://{address}");
    let client = reqwest::Client::new();
    let permits = Arc::new(Semaphore::new(IN_FLIGHT));
    let sqs = aws_sdk_sqs::Client::new(&config);
    // The notice queues' length, looked at twice a second, paces the requests.
    let waiting = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let pacer = {
        let (sqs, waiting, settings) = (sqs.clone(), waiting.clone(), settings.clone());
        tokio::spawn(async move {
            loop {
                let email = queued(&sqs, &settings.email_queue_url).await.unwrap_or(0);
                let sms = queued(&sqs, &settings.sms_queue_url).await.unwrap_or(0);
                waiting.store(email + sms, std::sync::atomic::Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
        })
    };
    let retried = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let started = Instant::now();
    // Interleaved: the nth order of every shop before the next one's.
    let tasks: Vec<_> = (0..per_shop)
        .flat_map(|i| names.iter().map(move |shop| (i, shop.clone())))
        .map(|(i, shop)| {
            let shop_secrets = secrets_of(&shop, secrets);
            let calls = lifecycle::lifecycle(&BenchOrder::new(i, false), &shop_secrets);
            let prefix = BasePath::of(&shop);
            let (client, permits, base, waiting) = (client.clone(), permits.clone(), base.clone(), waiting.clone());
            let retried = retried.clone();
            tokio::spawn(async move {
                let mut failures = 0;
                for call in calls {
                    let _permit = permits.acquire().await.expect("the semaphore stays open");
                    while waiting.load(std::sync::atomic::Ordering::Relaxed) > PACE_AT {
                        tokio::time::sleep(Duration::from_millis(100)).await;
                    }
                    // Signed as it leaves: the run outlasts a signature's five minutes.
                    let call = call.resigned(&shop_secrets);
                    let url = format!("{base}{}", prefix.join(&call.path));
                    let mut request = client.request(call.method.parse().expect("a method"), url);
                    for (name, value) in &call.headers {
                        request = request.header(name, value);
                    }
                    // As the storefronts and providers do: a 429 or 5xx (the emulator overloaded past
                    // a call's timeout) is sent again later, a few times.
                    let mut attempt = 0;
                    loop {
                        let Some(request) = request.try_clone() else { break };
                        match request.body(call.body.clone()).send().await {
                            Ok(response) if response.status().is_success() => break,
                            Ok(response) if response.status().is_client_error() && response.status() != 429 => {
                                failures += 1;
                                break;
                            }
                            _ if attempt < RETRIES => {
                                attempt += 1;
                                retried.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                                tokio::time::sleep(Duration::from_secs(1 << attempt)).await;
                            }
                            _ => {
                                failures += 1;
                                break;
                            }
                        }
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
    pacer.abort();

    let store = aws::store(&config, &settings);
    let ids: Vec<String> = (0..per_shop).map(|i| BenchOrder::new(i, false).id).collect();
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
        let mut records = Vec::new();
        for shop in &names {
            records.push((shop.clone(), read_orders(&store.clone().for_shop(shop), &ids).await?));
        }
        let open = records
            .iter()
            .flat_map(|(_, r)| r.iter().flatten())
            .flat_map(|o| o.notices().values())
            .any(|n| n.state.is_open());
        if !open || Instant::now() > deadline {
            break (records, completion);
        }
        tokio::time::sleep(Duration::from_secs(5)).await;
    };
    // The usage the stream's publisher counts may lag the ledgers by a few pumps.
    let usage_mismatches = loop {
        let mismatches = usage_mismatches(&store, &records).await?;
        if mismatches.is_empty() || Instant::now() > deadline {
            break mismatches;
        }
        tokio::time::sleep(Duration::from_secs(2)).await;
    };
    // Nothing may send after the count.
    dev.kill();

    let data: serde_json::Value = reqwest::get(format!("{}/moto-api/data.json", emulator.endpoint))
        .await
        .map_err(|e| e.to_string())?
        .json()
        .await
        .map_err(|e| e.to_string())?;
    // Each email by its sender (one per shop) and address: the shops share order ids, and so
    // their customers' addresses; a shop's mail sent as another's counts as lost and doubled.
    let mut sent: HashMap<(String, String), usize> = HashMap::new();
    let messages = data["ses"]["Message"].as_array().cloned().unwrap_or_default();
    for message in &messages {
        let from = address_of(message["source"].as_str().unwrap_or_default());
        for to in message["destinations"]["ToAddresses"].as_array().into_iter().flatten().filter_map(|a| a.as_str()) {
            *sent.entry((from.clone(), address_of(to))).or_default() += 1;
        }
    }
    let orders = records.iter().map(|(_, r)| r.len()).sum::<usize>();
    let by_sender: Vec<(String, &[Option<Order>])> =
        records.iter().map(|(shop, r)| (sender_of(shop, &settings), r.as_slice())).collect();
    let (lost, duplicates) = reconcile(&by_sender, &sent);
    Ok(Throughput {
        shops: names.len(),
        orders,
        requests: orders * lifecycle::lifecycle(&BenchOrder::new(0, false), secrets).len(),
        completion,
        answered,
        emails_sent: messages.len(),
        lost: lost + failed_requests,
        duplicates,
        retried: retried.load(std::sync::atomic::Ordering::Relaxed),
        usage_mismatches,
        profile: if cfg!(debug_assertions) { "dev" } else { "release" },
    })
}

/// Each shop's usage of the month against its ledgers: orders received, and emails sent (every
/// email notice its orders' ledgers say was sent). The shops whose counts differ, with both.
async fn usage_mismatches(
    store: &DynamoStore,
    records: &[(ShopId, Vec<Option<Order>>)],
) -> Result<Vec<String>, String> {
    let month = orderflow::domain::usage::month_of(jiff::Timestamp::now());
    let mut mismatches = Vec::new();
    for (shop, orders) in records {
        let usage = store.clone().for_shop(shop).usage(&month).await.map_err(|e| e.to_string())?;
        let orders: Vec<&Order> = orders.iter().flatten().collect();
        let emails = orders
            .iter()
            .flat_map(|o| o.notices().values())
            .filter(|n| n.channel == Channel::Email && matches!(n.state, NoticeState::Sent { .. }))
            .count() as u64;
        let counted = (usage.get(Meter::Orders), usage.get(Meter::Emails));
        if counted != (orders.len() as u64, emails) {
            mismatches.push(format!("{shop}: counted {counted:?}, done {:?}", (orders.len(), emails)));
        }
    }
    Ok(mismatches)
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

/// A shop's sender: the deployment's own for the default shop, as [`add_shops`] gives the others.
fn sender_of(shop: &ShopId, settings: &Settings) -> String {
    match shop.is_default() {
        true => address_of(&settings.sender_email),
        false => format!("orders@{shop}.example"),
    }
}

/// The address of `Name <address>` or of a bare address.
fn address_of(text: &str) -> String {
    let inner = text.rsplit_once('<').and_then(|(_, rest)| rest.split_once('>')).map_or(text, |(address, _)| address);
    inner.trim().to_ascii_lowercase()
}

/// Notices each shop's ledgers say were sent by email, against the emails the emulator holds by
/// sender and address: (lost, duplicates). An order missing or not delivered counts as lost, as
/// does any notice still open; an email from a sender no shop has counts as a duplicate.
fn reconcile(shops: &[(String, &[Option<Order>])], sent: &HashMap<(String, String), usize>) -> (usize, usize) {
    let mut lost = 0;
    let mut expected: HashMap<(String, String), usize> = HashMap::new();
    let mut owner_notices: HashMap<String, usize> = HashMap::new();
    for (sender, records) in shops {
        owner_notices.entry(sender.clone()).or_default();
        for record in records.iter() {
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
                            *expected.entry((sender.clone(), address_of(email.expose()))).or_default() += 1;
                        }
                    }
                    (NoticeState::Sent { .. }, Audience::Owner) => {
                        *owner_notices.entry(sender.clone()).or_default() += 1
                    }
                    (state, _) if state.is_open() => lost += 1,
                    _ => {}
                }
            }
        }
    }
    let mut duplicates = 0;
    for (key, want) in &expected {
        let got = sent.get(key).copied().unwrap_or(0);
        lost += want.saturating_sub(got);
        duplicates += got.saturating_sub(*want);
    }
    // What each sender sent to addresses that are not its customers' is its owner's mail.
    let mut owner_sent: HashMap<String, usize> = HashMap::new();
    for (key, got) in sent.iter().filter(|(key, _)| !expected.contains_key(*key)) {
        *owner_sent.entry(key.0.clone()).or_default() += got;
    }
    for sender in owner_notices.keys().chain(owner_sent.keys()).collect::<std::collections::BTreeSet<_>>() {
        let (want, got) =
            (owner_notices.get(sender).copied().unwrap_or(0), owner_sent.get(sender).copied().unwrap_or(0));
        lost += want.saturating_sub(got);
        duplicates += got.saturating_sub(want);
    }
    (lost, duplicates)
}
