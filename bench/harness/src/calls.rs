//! AWS calls per order lifecycle, counted by an SDK interceptor on every client, with the DynamoDB
//! request units they consume (computed from the item sizes, as DynamoDB bills them), through the
//! real handlers, workers and scheduler in one process against the emulator.

use crate::stack::Stack;
use aws_sdk_dynamodb::config::{ConfigBag, Intercept, RuntimeComponents};
use aws_sdk_dynamodb::operation::{
    delete_item::DeleteItemOutput, get_item::GetItemOutput, put_item::PutItemInput, query::QueryOutput,
    transact_write_items::TransactWriteItemsInput, update_item::UpdateItemOutput,
};
use aws_sdk_dynamodb::types::AttributeValue;
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::{
    BeforeSerializationInterceptorContextRef, FinalizerInterceptorContextRef,
};
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use orderflow::app::feed::Feed;
use orderflow::app::{App, Worker, sweep};
use orderflow::clock::Clock;
use orderflow::local::lifecycle::{self, BenchOrder};
use orderflow::local::pump::{pump_feed, pump_once};
use orderflow::local::stream::StreamPump;
use orderflow::notify::{ses::SesEmail, sns::SnsSms, sqs::SqsQueue};
use orderflow::store::DynamoStore;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use tower::ServiceExt;

/// Calls by (service, operation), and DynamoDB units.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tally {
    pub calls: BTreeMap<(String, String), u64>,
    /// Write request units: 1 per started KB of each item written (2 in a transaction), plus the
    /// index entries written (see [`CallCounter::index_writes`]).
    pub write_units: f64,
    /// Read request units: 1 per started 4 KB read strongly consistent, half that eventually consistent.
    pub read_units: f64,
}

impl Tally {
    pub fn total(&self) -> u64 {
        self.calls.values().sum()
    }

    pub fn of_service(&self, service: &str) -> u64 {
        self.calls.iter().filter(|((s, _), _)| s == service).map(|(_, n)| n).sum()
    }

    /// What happened between `earlier` and `self`.
    pub fn since(&self, earlier: &Tally) -> Tally {
        let calls = self
            .calls
            .iter()
            .map(|(key, n)| (key.clone(), n - earlier.calls.get(key).copied().unwrap_or(0)))
            .filter(|(_, n)| *n > 0)
            .collect();
        Tally {
            calls,
            write_units: self.write_units - earlier.write_units,
            read_units: self.read_units - earlier.read_units,
        }
    }

    /// Leaves out `n` calls of `operation` (polls that found nothing: Lambda's pollers make those
    /// whether or not there are orders).
    fn without(mut self, service: &str, operation: &str, n: u64) -> Tally {
        if let Some(count) = self.calls.get_mut(&(service.to_string(), operation.to_string())) {
            *count = count.saturating_sub(n);
        }
        self.calls.retain(|_, count| *count > 0);
        self
    }

    pub fn add(&mut self, other: &Tally) {
        for (key, n) in &other.calls {
            *self.calls.entry(key.clone()).or_default() += n;
        }
        self.write_units += other.write_units;
        self.read_units += other.read_units;
    }
}

pub use orderflow::local::provision::Index;

type Image = HashMap<String, AttributeValue>;

/// The interceptor: one shared tally for every client it is added to.
#[derive(Clone, Debug, Default)]
pub struct CallCounter {
    tally: Arc<Mutex<Tally>>,
    indexes: Arc<Vec<Index>>,
    /// The last image written of each item (by pk and sk), to tell which index entries a write changes.
    images: Arc<Mutex<HashMap<(String, String), Image>>>,
}

fn key_of(item: &Image) -> (String, String) {
    let part = |name: &str| item.get(name).and_then(|v| v.as_s().ok()).cloned().unwrap_or_default();
    (part("pk"), part("sk"))
}

impl CallCounter {
    pub fn new(indexes: Vec<Index>) -> Self {
        Self { tally: Arc::default(), indexes: Arc::new(indexes), images: Arc::default() }
    }

    pub fn snapshot(&self) -> Tally {
        self.tally.lock().expect("the tally lock").clone()
    }

    /// Index writes as DynamoDB bills them when `new` replaces the item (`None`: it is deleted):
    /// entering or leaving an index is one write, a changed index key two (delete and put), a changed
    /// projected attribute one, and nothing else none.
    fn index_writes(&self, key: (String, String), new: Option<&Image>) -> f64 {
        let mut images = self.images.lock().expect("the images lock");
        let old = images.get(&key);
        let mut writes = 0.0;
        for index in self.indexes.iter() {
            let within = |image: Option<&Image>| image.is_some_and(|i| index.keys.iter().all(|k| i.contains_key(k)));
            let value = |image: Option<&Image>, name: &String| image.and_then(|i| i.get(name)).cloned();
            writes += match (within(old), within(new)) {
                (false, false) => 0.0,
                (true, false) | (false, true) => 1.0,
                (true, true) if index.keys.iter().any(|k| value(old, k) != value(new, k)) => 2.0,
                (true, true) if index.projected.iter().any(|p| value(old, p) != value(new, p)) => 1.0,
                (true, true) => 0.0,
            };
        }
        match new {
            Some(image) => images.insert(key, image.clone()),
            None => images.remove(&key),
        };
        writes
    }
}

/// DynamoDB's item size: attribute names plus values (numbers ~1 byte per 2 digits, +1; 3 bytes of
/// overhead for lists and maps, 1 per element).
pub fn item_size(item: &HashMap<String, AttributeValue>) -> usize {
    item.iter().map(|(name, value)| name.len() + value_size(value)).sum()
}

fn value_size(value: &AttributeValue) -> usize {
    match value {
        AttributeValue::S(s) => s.len(),
        AttributeValue::N(n) => n.len().div_ceil(2) + 1,
        AttributeValue::B(b) => b.as_ref().len(),
        AttributeValue::Bool(_) | AttributeValue::Null(_) => 1,
        AttributeValue::Ss(v) => v.iter().map(String::len).sum(),
        AttributeValue::Ns(v) => v.iter().map(|n| n.len().div_ceil(2) + 1).sum(),
        AttributeValue::Bs(v) => v.iter().map(|b| b.as_ref().len()).sum(),
        AttributeValue::L(v) => 3 + v.iter().map(|e| 1 + value_size(e)).sum::<usize>(),
        AttributeValue::M(m) => 3 + m.iter().map(|(k, e)| 1 + k.len() + value_size(e)).sum::<usize>(),
        _ => 0,
    }
}

fn units(bytes: usize, unit: usize) -> f64 {
    bytes.div_ceil(unit).max(1) as f64
}

impl Intercept for CallCounter {
    fn name(&self) -> &'static str {
        "CallCounter"
    }

    fn read_before_execution(
        &self,
        context: &BeforeSerializationInterceptorContextRef<'_>,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        // A put is billed on the item sent, whether or not its condition holds.
        if let Some(put) = context.input().downcast_ref::<PutItemInput>()
            && let Some(item) = &put.item
        {
            let index = self.index_writes(key_of(item), Some(item));
            let mut tally = self.tally.lock().expect("the tally lock");
            tally.write_units += units(item_size(item), 1024) + index;
        }
        // A transaction bills two units per started KB of each item, whether or not it commits;
        // the index entries of the items it writes are ordinary writes.
        if let Some(transaction) = context.input().downcast_ref::<TransactWriteItemsInput>() {
            let mut units_written = 0.0;
            for item in transaction.transact_items.iter().flatten() {
                if let Some(put) = item.put() {
                    let index = self.index_writes(key_of(put.item()), Some(put.item()));
                    units_written += 2.0 * units(item_size(put.item()), 1024) + index;
                } else if let Some(delete) = item.delete() {
                    units_written += 2.0 + self.index_writes(key_of(delete.key()), None);
                }
            }
            self.tally.lock().expect("the tally lock").write_units += units_written;
        }
        Ok(())
    }

    fn read_after_execution(
        &self,
        context: &FinalizerInterceptorContextRef<'_>,
        _components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let Some(metadata) = cfg.load::<Metadata>() else {
            return Ok(());
        };
        let mut tally = self.tally.lock().expect("the tally lock");
        *tally.calls.entry((metadata.service().to_string(), metadata.name().to_string())).or_default() += 1;
        let Some(Ok(output)) = context.output_or_error() else {
            if metadata.name() == "UpdateItem" || metadata.name() == "DeleteItem" {
                tally.write_units += 1.0; // a failed condition still costs a write
            }
            return Ok(());
        };
        if let Some(get) = output.downcast_ref::<GetItemOutput>() {
            // The store reads orders strongly consistent.
            tally.read_units += units(get.item.as_ref().map_or(0, item_size), 4096);
        } else if let Some(query) = output.downcast_ref::<QueryOutput>() {
            let bytes: usize = query.items.iter().flatten().map(item_size).sum();
            tally.read_units += units(bytes, 4096) / 2.0;
        } else if let Some(update) = output.downcast_ref::<UpdateItemOutput>() {
            // The store's updates (a notice's claim) touch no indexed or projected attribute.
            let item = update.attributes.clone().unwrap_or_default();
            tally.write_units += units(item_size(&item), 1024);
        } else if output.downcast_ref::<DeleteItemOutput>().is_some() {
            tally.write_units += 1.0;
        }
        Ok(())
    }
}

/// The services wired as the functions wire them, but with every client counting its calls.
pub struct Counted {
    pub counter: CallCounter,
    /// The same configuration without the counter, for looking at what was stored.
    counter_free_config: aws_sdk_dynamodb::Config,
    pub app: Arc<App<DynamoStore, SqsQueue>>,
    pub email: Arc<Worker<DynamoStore, SesEmail>>,
    pub sms: Arc<Worker<DynamoStore, SnsSms>>,
    pub sqs: aws_sdk_sqs::Client,
}

impl Counted {
    pub fn new(stack: &Stack, clock: Clock) -> Self {
        Self::with_settings(stack, stack.settings.clone(), clock)
    }

    /// As [`Counted::new`], with other settings (staff accounts, say).
    pub fn with_settings(stack: &Stack, settings: Arc<orderflow::config::Settings>, clock: Clock) -> Self {
        let template = orderflow::local::repo_root().join("infra/template.yaml");
        let indexes = orderflow::local::provision::table_indexes(&template, "OrdersTable").expect("the template");
        let counter = CallCounter::new(indexes);
        let config = &stack.config;
        let dynamodb = aws_sdk_dynamodb::Client::from_conf(
            aws_sdk_dynamodb::config::Builder::from(config).interceptor(counter.clone()).build(),
        );
        let sqs = aws_sdk_sqs::Client::from_conf(
            aws_sdk_sqs::config::Builder::from(config).interceptor(counter.clone()).build(),
        );
        let ses = aws_sdk_sesv2::Client::from_conf(
            aws_sdk_sesv2::config::Builder::from(config).interceptor(counter.clone()).build(),
        );
        let sns = aws_sdk_sns::Client::from_conf(
            aws_sdk_sns::config::Builder::from(config).interceptor(counter.clone()).build(),
        );
        let counter_free_config = aws_sdk_dynamodb::config::Builder::from(config).build();
        let store = DynamoStore::new(dynamodb, &settings.table_name, settings.lookup.clone());
        let queue = SqsQueue::new(sqs.clone(), &settings.email_queue_url, &settings.sms_queue_url);
        let app = Arc::new(App::new(store.clone(), queue, settings.clone(), clock.clone()));
        let email = Arc::new(Worker {
            store: store.clone(),
            sender: SesEmail::new(ses, &settings),
            settings: settings.clone(),
            clock: clock.clone(),
        });
        let sms = Arc::new(Worker { store, sender: SnsSms::new(sns), settings, clock });
        Self { counter, counter_free_config, app, email, sms, sqs }
    }

    /// Delivers everything queued, as the queue triggers would: the calls made (empty polls left
    /// out) and the worker invocations.
    pub async fn drain(&self) -> Result<(Tally, u64), String> {
        let before = self.counter.snapshot();
        let (mut invocations, mut empty_polls) = (0, 0);
        loop {
            let email = pump_once(&self.sqs, &self.app.settings.email_queue_url, &self.email, 0).await?;
            let sms = pump_once(&self.sqs, &self.app.settings.sms_queue_url, &self.sms, 0).await?;
            for pumped in [email, sms] {
                if pumped.received > 0 {
                    invocations += 1;
                } else {
                    empty_polls += 1;
                }
            }
            if email.received == 0 && sms.received == 0 {
                let calls = self.counter.snapshot().since(&before).without("SQS", "ReceiveMessage", empty_polls);
                return Ok((calls, invocations));
            }
        }
    }
}

/// One step of the lifecycle: the calls made before the answer, and by the workers after.
#[derive(Debug)]
pub struct Step {
    pub name: String,
    pub before_answer: Tally,
    pub after: Tally,
    pub worker_invocations: u64,
}

/// What one whole lifecycle cost.
#[derive(Debug)]
pub struct LifecycleCalls {
    pub steps: Vec<Step>,
    /// One scheduler run with nothing due (it runs every minute whether or not there are orders).
    pub idle_sweep: Tally,
    /// What the status feed adds, apart: not every shop has it subscribed to.
    pub feed: FeedCalls,
}

/// The status feed's part of one lifecycle: the head writes the table's stream carried, the events
/// they made (kept for replays, put on the bus, queued for the subscriber) and their delivery to one
/// webhook subscriber (received, posted, logged, deleted).
#[derive(Clone, Debug, Default)]
pub struct FeedCalls {
    /// One `feed-publish` invocation each in AWS, where they come apart in time.
    pub head_writes: u64,
    /// One `feed-deliver` invocation each per subscriber.
    pub events: u64,
    pub publish: Tally,
    pub deliver: Tally,
}

impl LifecycleCalls {
    pub fn total(&self) -> Tally {
        let mut total = Tally::default();
        for step in &self.steps {
            total.add(&step.before_answer);
            total.add(&step.after);
        }
        total
    }

    /// Emails sent (SES `SendEmail`).
    pub fn emails(&self) -> u64 {
        self.total().calls.iter().filter(|((_, op), _)| op == "SendEmail").map(|(_, n)| *n).sum()
    }

    pub fn function_invocations(&self) -> u64 {
        self.steps.iter().map(|s| u64::from(s.name != "follow-up") + s.worker_invocations).sum::<u64>()
    }
}

/// What an order with many carrier checkpoints cost: each checkpoint's write units early and late in
/// its history, and the largest item stored.
#[derive(Debug)]
pub struct Checkpoints {
    pub count: usize,
    /// Write units of the 3rd checkpoint, and of the last.
    pub early_units: f64,
    pub late_units: f64,
    pub calls_per_checkpoint: u64,
    pub largest_item: usize,
    pub whole_lifecycle_units: f64,
}

/// The largest item stored for `order_id`, in bytes.
async fn largest_item(counted: &Counted, order_id: &str) -> Result<usize, String> {
    let client = aws_sdk_dynamodb::Client::from_conf(counted.counter_free_config.clone());
    let mut largest = 0;
    let mut start = None;
    loop {
        let output = client
            .query()
            .table_name(&counted.app.settings.table_name)
            .key_condition_expression("pk = :pk")
            .expression_attribute_values(":pk", AttributeValue::S(format!("ORDER#{order_id}")))
            .set_exclusive_start_key(start)
            .send()
            .await
            .map_err(|e| e.to_string())?;
        largest = output.items().iter().map(item_size).fold(largest, usize::max);
        match output.last_evaluated_key {
            Some(key) => start = Some(key),
            None => return Ok(largest),
        }
    }
}

/// Places, pays, ships and then sends `count` in-transit checkpoints and the delivery for one order.
pub async fn checkpoints(stack: &Stack, index: usize, count: usize) -> Result<Checkpoints, String> {
    let counted = Counted::new(stack, Clock::fixed(jiff::Timestamp::now()));
    let router = orderflow::http::router(counted.app.clone());
    let order = BenchOrder::new(index, false);
    let secrets = &stack.settings.secrets;
    let start = counted.counter.snapshot();
    let send = async |call: lifecycle::Call| -> Result<Tally, String> {
        let before = counted.counter.snapshot();
        let response = router.clone().oneshot(call.to_request()).await.map_err(|e| e.to_string())?;
        if !response.status().is_success() {
            return Err(format!("{} answered {}", call.step, response.status()));
        }
        let answered = counted.counter.snapshot().since(&before);
        let (after, _) = counted.drain().await?;
        let mut step = answered;
        step.add(&after);
        Ok(step)
    };
    for call in lifecycle::lifecycle(&order, secrets).into_iter().take(5) {
        send(call).await?;
    }
    let (mut early, mut late) = (Tally::default(), Tally::default());
    for n in 1..=count {
        let step = send(lifecycle::scan(&order, n, secrets)).await?;
        if n == 3 {
            early = step;
        } else if n == count {
            late = step;
        }
    }
    send(lifecycle::carrier(&order, lifecycle::CARRIER_STATUSES.len() - 1, secrets)).await?;
    Ok(Checkpoints {
        count,
        early_units: early.write_units,
        late_units: late.write_units,
        calls_per_checkpoint: late.total(),
        largest_item: largest_item(&counted, &order.id).await?,
        whole_lifecycle_units: counted.counter.snapshot().since(&start).write_units,
    })
}

/// A 200-line order: accepted, both emails rendered and sent, shipped; its largest item.
pub async fn long_order(stack: &Stack, index: usize, lines: usize) -> Result<usize, String> {
    let counted = Counted::new(stack, Clock::fixed(jiff::Timestamp::now()));
    let router = orderflow::http::router(counted.app.clone());
    let order = BenchOrder::new(index, false);
    let secrets = &stack.settings.secrets;
    for call in [lifecycle::long_order(&order, lines, secrets), lifecycle::admin(&order, "ship", secrets)] {
        let response = router.clone().oneshot(call.to_request()).await.map_err(|e| e.to_string())?;
        if !response.status().is_success() {
            return Err(format!("{} answered {}", call.step, response.status()));
        }
        counted.drain().await?;
    }
    let sent = counted.counter.snapshot().calls.get(&("SESv2".to_string(), "SendEmail".to_string())).copied();
    if sent.unwrap_or(0) < 2 {
        return Err(format!("the {lines}-line order's emails were not both sent"));
    }
    largest_item(&counted, &order.id).await
}

/// Runs one order from placed to the follow-up message through the real handlers, counting.
pub async fn lifecycle(stack: &Stack) -> Result<LifecycleCalls, String> {
    let clock = Clock::fixed(jiff::Timestamp::now());
    let counted = Counted::new(stack, clock.clone());
    let router = orderflow::http::router(counted.app.clone());
    let order = BenchOrder::new(900_000, false);
    // What the lifecycle writes, for the status feed (measured apart, at the end).
    let mut stream = StreamPump::open_at_end(&stack.config, &stack.settings.table_name).await?;
    let mut steps = Vec::new();
    for call in lifecycle::lifecycle(&order, &stack.settings.secrets) {
        let before = counted.counter.snapshot();
        let response = router.clone().oneshot(call.to_request()).await.map_err(|e| e.to_string())?;
        let answered = counted.counter.snapshot();
        if !response.status().is_success() {
            return Err(format!("{} answered {}", call.step, response.status()));
        }
        let (after, worker_invocations) = counted.drain().await?;
        steps.push(Step {
            name: call.step.to_string(),
            before_answer: answered.since(&before),
            after,
            worker_invocations,
        });
    }
    // The follow-up: the scheduler finds it due once the after-sales delay has passed.
    let follow_up = stack.settings.after_sales.follow_up_after;
    clock.advance(follow_up + jiff::SignedDuration::from_hours(1));
    let before = counted.counter.snapshot();
    sweep(&counted.app).await.map_err(|e| e.to_string())?;
    let mut after = counted.counter.snapshot().since(&before);
    let (delivered, worker_invocations) = counted.drain().await?;
    after.add(&delivered);
    steps.push(Step { name: "follow-up".into(), before_answer: Tally::default(), after, worker_invocations });
    let before = counted.counter.snapshot();
    sweep(&counted.app).await.map_err(|e| e.to_string())?;
    let idle_sweep = counted.counter.snapshot().since(&before);
    let feed = feed_calls(stack, &counted, &mut stream, clock).await?;
    Ok(LifecycleCalls { steps, idle_sweep, feed })
}

/// What the back office's pages cost to show: the orders list (its first tab, with `orders`
/// received orders in it) and one order's page, each rendered once by an owner signed in.
pub struct BackOfficeCalls {
    pub orders: usize,
    pub list: Tally,
    pub order_page: Tally,
}

/// Places `orders` orders (not counted), signs an owner in, and counts the calls of one render of
/// the orders list and of one order's page.
pub async fn back_office(stack: &Stack, first: usize, orders: usize) -> Result<BackOfficeCalls, String> {
    use sha2::Digest;
    const TOKEN: &str = "bench-owner-token-4e1a9c7f2b";
    let mut settings = (*stack.settings).clone();
    let account = format!("bench:{}:owner", hex::encode(sha2::Sha256::digest(TOKEN)));
    settings.staff =
        orderflow::config::StaffAccounts::read(Some(&account), None, Some("bench-session-key-7c2e9a4f1b8d"))?;
    let counted = Counted::with_settings(stack, Arc::new(settings), Clock::system());
    let router = orderflow::http::router(counted.app.clone());
    let mut ids = Vec::new();
    for index in first..first + orders {
        let order = BenchOrder::new(index, false);
        let placed = lifecycle::lifecycle(&order, &stack.settings.secrets).into_iter().next().ok_or("no steps")?;
        let response = router.clone().oneshot(placed.to_request()).await.map_err(|e| e.to_string())?;
        if !response.status().is_success() {
            return Err(format!("placing {} answered {}", order.id, response.status()));
        }
        ids.push(order.id);
    }
    let peer = std::net::SocketAddr::from(([198, 51, 100, 7], 40000));
    let sign_in = http::Request::post("/staff/sign-in")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin")
        .extension(axum::extract::ConnectInfo(peer))
        .body(axum::body::Body::from(format!("name=bench&token={TOKEN}")))
        .map_err(|e| e.to_string())?;
    let response = router.clone().oneshot(sign_in).await.map_err(|e| e.to_string())?;
    let cookie = response
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .ok_or_else(|| format!("sign-in answered {} without a session", response.status()))?
        .to_string();
    let render = |path: String| {
        let (router, cookie, counter) = (router.clone(), cookie.clone(), counted.counter.clone());
        async move {
            let request = http::Request::get(&path)
                .header("cookie", cookie)
                .body(axum::body::Body::empty())
                .map_err(|e| e.to_string())?;
            let before = counter.snapshot();
            let response = router.oneshot(request).await.map_err(|e| e.to_string())?;
            if !response.status().is_success() {
                return Err(format!("{path} answered {}", response.status()));
            }
            Ok::<Tally, String>(counter.snapshot().since(&before))
        }
    };
    let list = render("/staff/orders".into()).await?;
    let order_page = render(format!("/staff/orders/{}", ids.last().ok_or("no orders")?)).await?;
    Ok(BackOfficeCalls { orders, list, order_page })
}

/// Publishes what the lifecycle wrote to the stream and delivers it to one subscriber on loopback,
/// through the same publisher and deliverer as the feed functions, with counting clients.
async fn feed_calls(
    stack: &Stack,
    counted: &Counted,
    stream: &mut StreamPump,
    clock: Clock,
) -> Result<FeedCalls, String> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.map_err(|e| e.to_string())?;
    let url = format!("http://{}/hook", listener.local_addr().map_err(|e| e.to_string())?);
    let receiver = axum::Router::new().route("/hook", axum::routing::post(|| async { "ok" }));
    tokio::spawn(async move { axum::serve(listener, receiver).await });
    let mut settings = (*stack.settings).clone();
    let subscriber = serde_json::json!([{ "name": "bench", "url": url, "secret": "bench-secret" }]);
    settings.feed.subscribers = orderflow::feed::read_subscribers(&subscriber.to_string())?;
    let bus = aws_sdk_eventbridge::Client::from_conf(
        aws_sdk_eventbridge::config::Builder::from(&stack.config).interceptor(counted.counter.clone()).build(),
    );
    let feed = std::sync::Arc::new(Feed {
        store: counted.app.store.clone(),
        bus,
        sqs: counted.sqs.clone(),
        http: orderflow::app::feed::delivery_client(orderflow::feed::Reach::PublicAndLoopback),
        reach: orderflow::feed::Reach::PublicAndLoopback,
        settings: Arc::new(settings),
        clock,
    });
    let before = counted.counter.snapshot();
    let events = stream.pump_once(&feed).await?;
    let publish = counted.counter.snapshot().since(&before);
    let before = counted.counter.snapshot();
    let mut polls = 0;
    loop {
        polls += 1;
        if pump_feed(&counted.sqs, &feed, 0).await?.received == 0 {
            break;
        }
    }
    // The last poll found nothing: Lambda's poller makes those whether or not there are orders.
    let deliver = counted.counter.snapshot().since(&before).without("SQS", "ReceiveMessage", 1);
    if polls < 2 {
        return Err("the feed delivered nothing".into());
    }
    Ok(FeedCalls { head_writes: stream.head_writes as u64, events: events as u64, publish, deliver })
}
