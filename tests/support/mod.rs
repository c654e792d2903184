//! The integration-test stack: the real handlers and the real AWS SDK against the emulator. One
//! emulator per test binary on a free port; each test gets its own table and queues, created from
//! `infra/template.yaml` under a unique prefix, so tests run in parallel without seeing each other.
#![allow(dead_code)]

pub mod browser;
pub mod iam;

use aws_lambda_events::event::sqs::{SqsEvent, SqsMessage};
use axum::body::Body;
use http::{Request, StatusCode};
use orderflow::app::{App, Worker};
use orderflow::clock::Clock;
use orderflow::config::Settings;
use orderflow::domain::CarrierProvider;
use orderflow::domain::{Order, OrderSource, PaymentProvider};
use orderflow::local::emulator::{Emulator, free_port};
use orderflow::local::faults::Faults;
use orderflow::local::pump::pump_once;
use orderflow::local::stack::{LocalStack, StackOptions};
use orderflow::notify::ses::SesEmail;
use orderflow::notify::sns::SnsSms;
use orderflow::notify::sqs::SqsQueue;
use orderflow::notify::{NoticeQueue, NoticeRef};
use orderflow::providers::{sign_order, sign_payment, sign_tracking};
use orderflow::store::DynamoStore;
pub use orderflow::store::prelude::*;
use orderflow::{aws, http as routes, local};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::future::IntoFuture;
use std::process::Stdio;
use std::sync::{Arc, OnceLock};
use tower::ServiceExt;

static EMULATOR: OnceLock<Emulator> = OnceLock::new();

fn emulator() -> &'static Emulator {
    EMULATOR.get_or_init(|| {
        Emulator::start(&local::emulator::venv_python(), free_port().expect("a free port"), Stdio::null())
            .expect("the emulator starts")
    })
}

pub fn unique(prefix: &str) -> String {
    let mut bytes = [0u8; 4];
    getrandom::fill(&mut bytes).unwrap();
    format!("{prefix}{}", hex::encode(bytes))
}

/// A number above 2^53 that no other test uses (f64 would round it).
pub fn big_id() -> String {
    let mut bytes = [0u8; 4];
    getrandom::fill(&mut bytes).unwrap();
    (9_007_199_254_740_993u64 + u64::from(u32::from_le_bytes(bytes)) * 2).to_string()
}

pub struct Stack {
    pub endpoint: String,
    /// The settings' variables, as a function process would get them.
    pub vars: BTreeMap<String, String>,
    pub settings: Arc<Settings>,
    pub clock: Clock,
    pub app: Arc<App<DynamoStore, SqsQueue>>,
    pub email: Arc<Worker<DynamoStore, SesEmail>>,
    pub sms: Arc<Worker<DynamoStore, SnsSms>>,
    pub feed: Arc<orderflow::app::feed::Feed>,
    pub config: aws_types::SdkConfig,
    pub sqs: aws_sdk_sqs::Client,
    pub dynamodb: aws_sdk_dynamodb::Client,
    pub owner_email: String,
}

pub const SHOPIFY_SECRET: &str = "test-shopify-secret";
pub const WOOCOMMERCE_SECRET: &str = "test-woocommerce-secret";
pub const GENERIC_ORDER_SECRET: &str = "test-generic-order-secret";
pub const STRIPE_SECRET: &str = "test-stripe-secret";
pub const PAYPAL_SECRET: &str = "test-paypal-secret";
pub const ADMIN_TOKEN: &str = "test-admin-token-8c1f5a9e3b7d2c6f";
pub const SESSION_KEY: &str = "test-session-key-4e7b1d9a2c6f3e8b";
pub const SHOPS_KEY: &str = "test-shops-key-2f8a6c1e9b3d7a5c";

impl Stack {
    pub async fn new() -> Self {
        Self::with_vars(&[]).await
    }

    /// A stack whose settings are the template's environment plus test secrets, then `overrides`
    /// (an empty value unsets a variable).
    pub async fn with_vars(overrides: &[(&str, &str)]) -> Self {
        Self::build(overrides, None).await
    }

    /// A stack whose every AWS call (the handlers', the workers' and the queue pumps') goes through
    /// `faults`.
    pub async fn with_faults(faults: &Arc<Faults>) -> Self {
        Self::build(&[], Some(faults)).await
    }

    async fn build(overrides: &[(&str, &str)], faults: Option<&Arc<Faults>>) -> Self {
        let endpoint = emulator().endpoint.clone();
        let prefix = unique("t");
        let owner_email = format!("owner+{prefix}@example.com");
        let secrets = [
            ("SHOPIFY_WEBHOOK_SECRET", SHOPIFY_SECRET),
            ("WOOCOMMERCE_WEBHOOK_SECRET", WOOCOMMERCE_SECRET),
            ("GENERIC_ORDER_SECRET", GENERIC_ORDER_SECRET),
            ("GENERIC_PAYMENT_SECRET", "test-generic-payment-secret"),
            ("GENERIC_CARRIER_SECRET", "test-generic-carrier-secret"),
            ("STRIPE_WEBHOOK_SECRET", STRIPE_SECRET),
            ("EASYPOST_WEBHOOK_SECRET", "test-easypost-secret"),
            ("AFTERSHIP_WEBHOOK_SECRET", "test-aftership-secret"),
            ("SHIPPO_WEBHOOK_SECRET", "test-shippo-secret"),
            ("SHIPPO_URL_TOKEN", "test-shippo-url-token"),
            ("ADMIN_TOKEN", ADMIN_TOKEN),
            ("SESSION_KEY", SESSION_KEY),
            ("LOOKUP_KEY", "test-lookup-key-9d3b7e1a5c8f2e4b"),
            ("PAYPAL_WEBHOOK_SECRET", PAYPAL_SECRET),
            ("SHOPS_KEY", SHOPS_KEY),
            ("SHOP_NAME", "Test Shop"),
            ("OWNER_EMAIL", owner_email.as_str()),
        ];
        let overrides = secrets.iter().chain(overrides).map(|(n, v)| (n.to_string(), v.to_string())).collect();
        // A fixed afternoon that is daytime from Los Angeles to Warsaw, so quiet hours never make a
        // test depend on when it runs; tests move it as they need.
        let clock = Clock::fixed("2026-11-23T18:00:00Z".parse().expect("a timestamp"));
        let options = StackOptions {
            prefix: &prefix,
            parameters: HashMap::new(),
            overrides,
            process_env: false,
            dev_secrets: false,
            clock,
        };
        let template = local::repo_root().join("infra/template.yaml");
        let config = aws::emulator_config(&endpoint);
        let config = faults.map_or(config.clone(), |faults| faults.wrap(&config));
        let stack = LocalStack::build(config, &template, options).await.expect("provisioned");
        let mut vars = stack.vars;
        vars.insert("AWS_ENDPOINT_URL".into(), endpoint.clone());
        Self {
            app: stack.app,
            email: stack.email,
            sms: stack.sms,
            feed: stack.feed,
            sqs: aws_sdk_sqs::Client::new(&stack.config),
            config: stack.config.clone(),
            dynamodb: aws_sdk_dynamodb::Client::new(&stack.config),
            endpoint,
            vars,
            settings: stack.settings,
            clock: stack.clock,
            owner_email,
        }
    }

    /// Another shop on the same deployment (the same table, queues and emulator): this stack's
    /// settings with `SHOP_ID=<shop>`, the owner `owner+<shop>…`, and `secrets` in place of this
    /// stack's values of those names.
    pub fn shop(&self, shop: &str, secrets: &[(&'static str, &str)]) -> Self {
        let mut settings = (*self.settings).clone();
        settings.shop = orderflow::domain::ShopId::parse(shop).expect("a shop's name");
        let owner_email = self.owner_email.replace("owner+", &format!("owner+{shop}-"));
        settings.owner_email = orderflow::domain::Private::new(owner_email.clone());
        for (name, value) in secrets {
            settings.secrets.set(name, *value);
        }
        let settings = Arc::new(settings);
        let mut vars = self.vars.clone();
        vars.insert("SHOP_ID".into(), shop.into());
        let (config, clock) = (&self.config, self.clock.clone());
        Self {
            endpoint: self.endpoint.clone(),
            vars,
            app: aws::whole_app(config, settings.clone(), clock.clone()),
            email: aws::email_worker(config, settings.clone(), clock.clone()),
            sms: aws::sms_worker(config, settings.clone(), clock.clone()),
            feed: Arc::new(orderflow::app::feed::Feed::new(config, settings.clone(), clock.clone())),
            config: config.clone(),
            sqs: self.sqs.clone(),
            dynamodb: self.dynamodb.clone(),
            settings,
            clock,
            owner_email,
        }
    }

    /// Every shop's services as a function of this deployment builds them (the default shop's
    /// from this stack's variables and secret, an added shop's from its record), on this clock.
    pub async fn shops<T: Clone>(
        &self,
        build: impl Fn(&aws_types::SdkConfig, Arc<Settings>, Clock) -> T + Send + Sync + 'static,
    ) -> Arc<orderflow::shops::Shops<T>> {
        let clock = self.clock.clone();
        let build = move |config: &aws_types::SdkConfig, settings| build(config, settings, clock.clone());
        let fresh = orderflow::secrets::Fresh::start(self.config.clone(), self.vars.clone(), build).await;
        orderflow::shops::Shops::new(fresh.expect("the default shop's settings"))
    }

    /// The table's stream, read from its start (the feed publisher's trigger).
    pub async fn stream(&self) -> orderflow::local::stream::StreamPump {
        orderflow::local::stream::StreamPump::open(&self.config, &self.settings.table_name).await.expect("the stream")
    }

    /// Publishes what the stream holds, then delivers the feed queue until it is empty (failed
    /// deliveries stay for later, as SQS keeps them).
    pub async fn pump_feed(&self, stream: &mut orderflow::local::stream::StreamPump) {
        stream.pump_once(&self.feed).await.expect("published");
        while orderflow::local::pump::pump_feed(&self.sqs, &self.feed, 0).await.expect("delivered").received > 0 {}
    }

    /// The same stack with another queue producer.
    pub fn app_with_queue<Q: NoticeQueue>(&self, queue: Q) -> Arc<App<DynamoStore, Q>> {
        Arc::new(App {
            store: self.app.store.clone(),
            queue,
            settings: self.settings.clone(),
            clock: self.clock.clone(),
            paypal: self.app.paypal.clone(),
            capture: self.app.capture.clone(),
        })
    }

    /// Sends a request through the same router the Lambda functions mount.
    pub async fn request(&self, request: Request<Body>) -> (StatusCode, String, Value) {
        Self::request_via(routes::router(self.app.clone()), request).await
    }

    pub async fn request_via(router: axum::Router, request: Request<Body>) -> (StatusCode, String, Value) {
        let response = router.oneshot(request).await.expect("the router answers");
        let status = response.status();
        let content_type =
            response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
        (status, content_type, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
    }

    /// An order webhook signed the way `source` signs, with the stack's secret.
    pub fn signed_order(&self, source: OrderSource, body: &str, extra: &[(&str, &str)]) -> Request<Body> {
        let secret = self.settings.secrets.order_secret(source).unwrap_or("unset");
        let (header, signature) = sign_order(source, secret, body.as_bytes(), self.clock.now());
        let mut request = Request::post(format!("/webhooks/orders/{}", source.as_str()))
            .header("content-type", "application/json")
            .header(header, signature);
        for (name, value) in extra {
            request = request.header(*name, *value);
        }
        request.body(Body::from(body.to_string())).unwrap()
    }

    pub async fn post_order(
        &self,
        source: OrderSource,
        body: &str,
        extra: &[(&str, &str)],
    ) -> (StatusCode, String, Value) {
        self.request(self.signed_order(source, body, extra)).await
    }

    /// Posts an order through a stack whose queue is down: the order and its notices are stored,
    /// nothing reaches SQS (what a crash between the write and the enqueue leaves behind).
    pub async fn post_order_with_queue_down(&self, source: OrderSource, body: &str) -> StatusCode {
        let router = routes::router(self.app_with_queue(Unreachable));
        Self::request_via(router, self.signed_order(source, body, &[])).await.0
    }

    /// POSTs a payment webhook signed the way `provider` signs (PayPal: the local verifier).
    pub async fn post_payment(&self, provider: PaymentProvider, body: &str) -> (StatusCode, String, Value) {
        let secret = self.settings.secrets.payment_secret(provider).unwrap_or("unset");
        let (header, signature) = sign_payment(provider, secret, body.as_bytes(), self.clock.now());
        let request = Request::post(format!("/webhooks/payments/{}", provider.as_str()))
            .header("content-type", "application/json")
            .header(header, signature)
            .body(Body::from(body.to_string()))
            .unwrap();
        self.request(request).await
    }

    /// POSTs a carrier webhook signed the way `provider` signs.
    pub async fn post_tracking(&self, provider: CarrierProvider, body: &str) -> (StatusCode, String, Value) {
        let secret = self.settings.secrets.carrier_secret(provider).unwrap_or("unset");
        let (header, signature) = sign_tracking(provider, secret, body.as_bytes(), self.clock.now());
        let request = Request::post(format!("/webhooks/carriers/{}", provider.as_str()))
            .header("content-type", "application/json")
            .header(header, signature)
            .body(Body::from(body.to_string()))
            .unwrap();
        self.request(request).await
    }

    /// A back-office request with the admin token.
    pub async fn admin(&self, path: &str, body: Option<Value>) -> (StatusCode, String, Value) {
        let request = match body {
            Some(body) => {
                Request::post(path).header("content-type", "application/json").body(Body::from(body.to_string()))
            }
            // The list (`/admin/orders?…`) and one order (`/admin/orders/{id}`) are read; actions posted.
            None if path.contains("?") || path.matches('/').count() <= 3 => Request::get(path).body(Body::empty()),
            None => Request::post(path).body(Body::empty()),
        };
        let mut request = request.unwrap();
        let bearer = format!("Bearer {ADMIN_TOKEN}");
        request.headers_mut().insert("authorization", bearer.parse().unwrap());
        self.request(request).await
    }

    /// The customer's page of order `id`, opened by its token: the token and the page.
    pub async fn customer_page(&self, id: &str) -> (String, String) {
        let token = self.order(id).await.expect("the order").status_token.expose().clone();
        let request = Request::get(format!("/track/{id}?token={token}")).body(Body::empty()).unwrap();
        (token, self.raw(request).await.2)
    }

    /// A staff page read with the admin token's session (signed in from the office's address).
    pub async fn staff_page(&self, path: &str) -> String {
        let sign_in = Request::post("/staff/sign-in")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("sec-fetch-site", "same-origin")
            .body(Body::from(format!("name=admin&token={ADMIN_TOKEN}")))
            .unwrap();
        let response = routes::router(self.app.clone()).oneshot(sign_in).await.expect("the router answers");
        let cookie = response.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string();
        let page = Request::get(path).header("cookie", cookie).body(Body::empty()).unwrap();
        let (status, _, html) = self.raw(page).await;
        assert_eq!(status, StatusCode::OK, "{path}: {html}");
        html
    }

    /// A request through the routers, its answer's status, `location` header and body as text (pages).
    pub async fn raw(&self, request: Request<Body>) -> (StatusCode, String, String) {
        let response = routes::router(self.app.clone()).oneshot(request).await.expect("the router answers");
        let status = response.status();
        let location = response.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
        (status, location, String::from_utf8_lossy(&bytes).into_owned())
    }

    /// The order with its whole timeline.
    pub async fn order(&self, id: &str) -> Option<Order> {
        self.app.store.get_with_history(id).await.expect("the store answers")
    }

    /// How many items the table holds: proves that a rejected request wrote nothing.
    pub async fn item_count(&self) -> i32 {
        self.dynamodb.scan().table_name(&self.settings.table_name).send().await.unwrap().count
    }

    /// Serves every route on a free loopback port, for a browser; returns the URL of `path`.
    pub async fn serve(&self, path: &str) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}{path}", listener.local_addr().unwrap());
        tokio::spawn(axum::serve(listener, routes::router(self.app.clone())).into_future());
        url
    }

    /// How many orders the table holds (one head item each).
    pub async fn order_count(&self) -> i32 {
        self.items_starting("A#HEAD").await
    }

    /// How many items have a sort key starting with `prefix` (`PARKED#`, `A#NOTICE#`, `T#`…).
    pub async fn items_starting(&self, prefix: &str) -> i32 {
        let scan = self.dynamodb.scan().table_name(&self.settings.table_name).filter_expression("begins_with(sk, :p)");
        let scan = scan.expression_attribute_values(":p", aws_sdk_dynamodb::types::AttributeValue::S(prefix.into()));
        scan.send().await.unwrap().count
    }

    /// Runs both queue workers until their queues are empty.
    pub async fn drain(&self) {
        loop {
            let email = pump_once(&self.sqs, &self.settings.email_queue_url, &self.email, 0).await.unwrap();
            let sms = pump_once(&self.sqs, &self.settings.sms_queue_url, &self.sms, 0).await.unwrap();
            if email.received == 0 && sms.received == 0 {
                return;
            }
        }
    }

    /// Runs the email worker until its queue is empty.
    pub async fn drain_email(&self) {
        while pump_once(&self.sqs, &self.settings.email_queue_url, &self.email, 0).await.unwrap().received > 0 {}
    }

    pub async fn queued(&self, queue_url: &str) -> usize {
        let attributes = self
            .sqs
            .get_queue_attributes()
            .queue_url(queue_url)
            .attribute_names(aws_sdk_sqs::types::QueueAttributeName::ApproximateNumberOfMessages)
            .send()
            .await
            .unwrap()
            .attributes
            .unwrap_or_default();
        attributes.values().next().and_then(|v| v.parse().ok()).unwrap_or(0)
    }

    /// Messages waiting in both dead-letter queues (named after their queues, as the template does).
    pub async fn dead_letters(&self) -> usize {
        let mut total = 0;
        for (queue, dead) in [("EmailQueue", "EmailDeadLetterQueue"), ("SmsQueue", "SmsDeadLetterQueue")] {
            let url = if queue == "EmailQueue" { &self.settings.email_queue_url } else { &self.settings.sms_queue_url };
            total += self.queued(&url.replace(queue, dead)).await;
        }
        total
    }

    /// Every email and SMS the emulator has sent, for counting.
    pub async fn sent_messages(&self) -> (Vec<Value>, Vec<Value>) {
        let data = self.emulator_data().await;
        let list = |v: &Value| v.as_array().cloned().unwrap_or_default();
        (list(&data["ses"]["Message"]), list(&data["sns"]["SMS"]))
    }

    async fn emulator_data(&self) -> Value {
        reqwest::get(format!("{}/moto-api/data.json", self.endpoint)).await.unwrap().json().await.unwrap()
    }

    /// The subjects of the emails the emulator has sent to `to`, in order.
    pub async fn subjects_to(&self, to: &str) -> Vec<String> {
        self.emails_to(to).await.iter().map(|m| m["subject"].as_str().unwrap_or_default().to_string()).collect()
    }

    /// Emails the emulator has sent to `to`: `{subject, body (HTML), source, destinations}`.
    pub async fn emails_to(&self, to: &str) -> Vec<Value> {
        let data = self.emulator_data().await;
        let messages = data["ses"]["Message"].as_array().cloned().unwrap_or_default();
        messages
            .into_iter()
            .filter(|m| m["destinations"]["ToAddresses"].as_array().is_some_and(|a| a.iter().any(|d| d == to)))
            .collect()
    }

    /// SMS the emulator has sent whose text mentions `needle`: `{phone_number, message}`.
    pub async fn sms_mentioning(&self, needle: &str) -> Vec<Value> {
        let data = self.emulator_data().await;
        let messages = data["sns"]["SMS"].as_array().cloned().unwrap_or_default();
        messages.into_iter().filter(|m| m["message"].as_str().is_some_and(|t| t.contains(needle))).collect()
    }
}

/// An SQS event as Lambda delivers it, one record per body.
/// How many of `subjects` contain `needle`.
/// The key the customer's page puts in its forms.
pub fn page_key(html: &str) -> String {
    let start = html.find("name=\"key\" value=\"").expect("a page form") + "name=\"key\" value=\"".len();
    html[start..].split('"').next().unwrap().to_string()
}

/// A form posted as the customer's browser posts it; `site` is its `Sec-Fetch-Site`.
pub fn page_post(path: &str, fields: &[(&str, &str)], site: &str) -> Request<Body> {
    let body: Vec<String> = fields.iter().map(|(k, v)| format!("{k}={}", v.replace(' ', "+"))).collect();
    Request::post(path)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("sec-fetch-site", site)
        .body(Body::from(body.join("&")))
        .unwrap()
}

pub fn count(subjects: &[String], needle: &str) -> usize {
    subjects.iter().filter(|s| s.contains(needle)).count()
}

pub fn sqs_event(bodies: &[String]) -> SqsEvent {
    let mut event = SqsEvent::default();
    event.records = bodies
        .iter()
        .enumerate()
        .map(|(i, body)| {
            let mut record = SqsMessage::default();
            record.message_id = Some(format!("message-{i}"));
            record.body = Some(body.clone());
            record
        })
        .collect();
    event
}

pub fn notice_ref(order_id: &str, notice_id: &str) -> String {
    serde_json::to_string(&NoticeRef::new(&Default::default(), order_id, orderflow::domain::NoticeId::new(notice_id)))
        .unwrap()
}

/// The body of a sample event in `events/`.
pub fn sample_body(path: &str) -> Value {
    let event: Value =
        serde_json::from_slice(&std::fs::read(local::repo_root().join("events").join(path)).unwrap()).unwrap();
    serde_json::from_str(event["body"].as_str().unwrap()).unwrap()
}

/// The generic sample order as `id`, for `email`, prepaid and not yet paid, in English.
/// The Shopify sample order (two notebooks and a pen, paid) as a new order for a unique customer:
/// its body, id and email.
pub fn shopify_sample_order() -> (Value, String, String) {
    let id = big_id();
    let email = format!("ada+{id}@example.com");
    let mut body = sample_body("order-placed/shopify-orders-create.json");
    body["id"] = serde_json::from_str(&id).unwrap();
    body["name"] = serde_json::json!(format!("#{id}"));
    body["email"] = serde_json::json!(email);
    (body, id, email)
}

pub fn unpaid_generic_order(id: &str, email: &str) -> Value {
    let mut body = sample_body("order-placed/generic-order-email.json");
    body["order_id"] = serde_json::json!(id);
    body["order_number"] = serde_json::json!(id);
    body["customer"]["email"] = serde_json::json!(email);
    body["payment"] = serde_json::json!({ "method": "prepaid", "status": "unpaid" });
    body["locale"] = serde_json::json!("en");
    body
}

/// `target/debug/{name}`, next to the test's own binary: the operator CLI (built with `dev`).
pub fn binary(name: &str) -> std::path::PathBuf {
    let exe = std::env::current_exe().expect("the test binary");
    let dir = exe.parent().and_then(|deps| deps.parent()).expect("target/debug");
    let path = dir.join(name);
    assert!(path.exists(), "{} is missing: run `cargo build --bins --features dev` (make test does)", path.display());
    path
}

/// A Lambda function's binary as it ships: built alone, without the library's `dev` tooling
/// (`make test` builds them so, in `target/debug`). `ORDERFLOW_FUNCTIONS=target/release` runs the
/// release binaries of `make build` instead.
pub fn function_binary(name: &str) -> std::path::PathBuf {
    let path = match std::env::var_os("ORDERFLOW_FUNCTIONS") {
        Some(dir) => std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir).join(name),
        None => binary(name),
    };
    assert!(path.exists(), "{} is missing: run `make build` or `cargo build -p {name}`", path.display());
    path
}

/// A queue that is down.
pub struct Unreachable;

impl NoticeQueue for Unreachable {
    async fn enqueue(&self, _: &str, _: &[orderflow::domain::Notice]) -> Result<(), orderflow::notify::QueueError> {
        Err(orderflow::notify::QueueError("queue unreachable".into()))
    }
}

/// How every test starts headless Chromium: no sandbox, GPU, network chatter or scrollbars.
pub const CHROMIUM_FLAGS: [&str; 9] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
];

/// Headless Chromium (Debian's package, installed by `make test`) on `target`, with `extra` flags.
pub async fn chromium(target: &str, extra: &[String]) -> std::process::Output {
    let profile = std::env::temp_dir().join(unique("orderflow-chromium-"));
    std::fs::create_dir_all(&profile).unwrap();
    let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|s| s.to_string()).collect();
    args.push(format!("--user-data-dir={}", profile.display()));
    args.extend(extra.iter().cloned());
    args.push(target.to_string());
    let output = tokio::process::Command::new("chromium")
        .args(args)
        .output()
        .await
        .expect("chromium runs (make test installs it)");
    let _ = std::fs::remove_dir_all(&profile);
    output
}

/// Takes a phone-sized screenshot of `target` into `test-artifacts/{name}` and checks it is a picture.
pub async fn screenshot(target: &str, name: &str) -> std::path::PathBuf {
    let artifacts = local::repo_root().join("test-artifacts");
    std::fs::create_dir_all(&artifacts).unwrap();
    let path = artifacts.join(name);
    let _ = std::fs::remove_file(&path);
    chromium(target, &[format!("--screenshot={}", path.display()), "--window-size=412,915".to_string()]).await;
    let png = std::fs::read(&path).expect("a screenshot");
    assert!(png.starts_with(b"\x89PNG") && png.len() > 10_000, "{name} is a real picture");
    path
}
