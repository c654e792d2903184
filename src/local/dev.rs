//! `orderflow dev`: the whole system on loopback. Starts the emulator unless one already answers at
//! the endpoint, creates the template's resources, then serves every HTTP route and runs the email
//! and SMS queue workers and the scheduler, in one process. Ctrl-C stops all of it.

use super::emulator::{Emulator, is_listening};
use super::payment_api::FakePaymentApi;
use super::pump::pump_with;
use super::stack::{LocalStack, StackOptions};
use super::stream::StreamPump;
use crate::app::Worker;
use crate::app::feed::Feed;
use crate::clock::Clock;
use crate::config::{ProcessEnv, Vars};
use crate::notify::Sender;
use crate::shops::Shops;
use crate::store::OrderStore;
use crate::{aws, http};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::Arc;
use std::time::Duration;

pub struct DevOptions {
    pub port: u16,
    /// The emulator's URL (`AWS_ENDPOINT_URL`).
    pub endpoint: String,
    pub template: PathBuf,
    /// The Python that runs the emulator (the project venv's).
    pub python: PathBuf,
    /// Where the emulator's request log goes.
    pub emulator_log: PathBuf,
    pub sweep_every: Duration,
}

fn endpoint_addr(endpoint: &str) -> Option<SocketAddr> {
    let host_port = endpoint.split("://").nth(1)?.trim_end_matches('/');
    host_port.replace("localhost", "127.0.0.1").parse().ok()
}

/// Starts the emulator unless something already listens at the endpoint.
fn emulator(options: &DevOptions) -> Result<Option<Emulator>, String> {
    let addr = endpoint_addr(&options.endpoint).ok_or(format!("cannot read the endpoint {}", options.endpoint))?;
    if is_listening(addr) {
        println!("using the AWS emulator already running at {}", options.endpoint);
        return Ok(None);
    }
    if !addr.ip().is_loopback() {
        return Err(format!("nothing answers at {} and it is not on loopback", options.endpoint));
    }
    if let Some(dir) = options.emulator_log.parent() {
        std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    }
    let log = std::fs::File::create(&options.emulator_log).map_err(|e| e.to_string())?;
    let emulator = Emulator::start(&options.python, addr.port(), Stdio::from(log)).map_err(|e| e.to_string())?;
    println!("started the AWS emulator (moto) at {} (log: {})", emulator.endpoint, options.emulator_log.display());
    Ok(Some(emulator))
}

/// Concurrent receivers on each queue.
const QUEUE_POLLERS: usize = 2;

async fn pump_forever<S: OrderStore, D: Sender>(
    sqs: aws_sdk_sqs::Client,
    queue_url: String,
    workers: Arc<Shops<Arc<Worker<S, D>>>>,
) {
    loop {
        // Short polls: the local emulator answers one request at a time, so a long poll would hold it.
        let pumped = pump_with(&sqs, &queue_url, 0, |event| crate::shops::serve::deliver(&workers, event)).await;
        match pumped {
            Ok(pumped) if pumped.received > 0 => {}
            Ok(_) => tokio::time::sleep(Duration::from_millis(250)).await,
            Err(error) => {
                tracing::warn!(%error, "queue receive failed; retrying");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }
}

pub async fn run(options: DevOptions) -> Result<(), String> {
    let emulator = emulator(&options)?;
    let mut parameters = HashMap::new();
    if let Some(sender) = ProcessEnv.var("SENDER_EMAIL") {
        parameters.insert("SenderEmail".to_string(), sender);
    }
    // Captures go to the local stand-in unless this shell configures a provider's API itself.
    let payment_api = FakePaymentApi::start().await.map_err(|e| format!("cannot start the payment API: {e}"))?;
    let provider_of = |name: &str| if name.starts_with("STRIPE") { "STRIPE_SECRET_KEY" } else { "PAYPAL_CLIENT_ID" };
    let overrides = payment_api
        .vars()
        .into_iter()
        .filter(|(name, _)| ProcessEnv.var(provider_of(name)).is_none())
        .map(|(name, value)| (name.to_string(), value))
        .collect();
    let stack_options = StackOptions {
        prefix: "orderflow",
        parameters,
        overrides,
        process_env: true,
        dev_secrets: true,
        clock: Clock::system(),
    };
    let stack = LocalStack::build(aws::emulator_config(&options.endpoint), &options.template, stack_options).await?;
    // Every shop's services, as the functions build them: the default shop's and each added one's.
    let routers =
        stack.shops(|config, settings| http::router(aws::whole_app(config, settings, Clock::system()))).await?;
    let emails = stack.shops(|config, settings| aws::email_worker(config, settings, Clock::system())).await?;
    let texts = stack.shops(|config, settings| aws::sms_worker(config, settings, Clock::system())).await?;
    let schedulers = stack
        .shops(|config, settings| {
            let sender = Arc::new(aws::email_sender(config, &settings));
            (aws::scheduler_app(config, settings, Clock::system()), sender)
        })
        .await?;
    let feeds = stack.shops(|config, settings| Arc::new(Feed::new(config, settings, Clock::system()))).await?;
    let secret_id = stack.vars.get("SECRETS_ID").cloned().unwrap_or_default();
    let LocalStack { config, settings, filled, .. } = stack;
    let feed_queue = settings.feed.queue_url.clone().unwrap_or_default();

    let listener = tokio::net::TcpListener::bind(("127.0.0.1", options.port))
        .await
        .map_err(|e| format!("cannot listen on 127.0.0.1:{}: {e}", options.port))?;
    println!("\norderflow dev is up:");
    println!(
        "  HTTP        http://127.0.0.1:{}  (POST /webhooks/orders/{{shopify|woocommerce|generic}})",
        options.port
    );
    println!("  table       {}", settings.table_name);
    println!("  queues      {}\n              {}", settings.email_queue_url, settings.sms_queue_url);
    println!("  secret      {secret_id}  (the default shop's secrets and SHOPS_KEY)");
    println!("  sent mail   {}/moto-api/data.json  (ses.Message, sns.SMS)", options.endpoint);
    println!("  payments    {}  (Stripe and PayPal captures; ids with \"expired\" are refused)", payment_api.base);
    for (name, value) in &filled {
        println!("  {name}={value}  (dev default)");
    }
    println!("  replay the samples:  cargo orderflow replay events/order-placed\n");

    let sqs = aws_sdk_sqs::Client::new(&config);
    // Several pollers per queue, as Lambda runs several workers: FIFO message groups keep each order's
    // notices in sequence however many there are.
    let mut tasks = Vec::new();
    for _ in 0..QUEUE_POLLERS {
        tasks.push(tokio::spawn(pump_forever(sqs.clone(), settings.email_queue_url.clone(), emails.clone())));
        tasks.push(tokio::spawn(pump_forever(sqs.clone(), settings.sms_queue_url.clone(), texts.clone())));
    }
    // The status feed: the table's stream to the bus and the subscribers' queue, then deliveries.
    let mut stream = StreamPump::open(&config, &settings.table_name).await?;
    tasks.push(tokio::spawn({
        let sqs = sqs.clone();
        async move {
            loop {
                if let Err(error) = stream.pump_shops(&feeds).await {
                    tracing::warn!(%error, "feed publishing failed");
                }
                let deliver = |event| crate::shops::serve::deliver_feed_of_every_shop(&feeds, event);
                if let Err(error) = pump_with(&sqs, &feed_queue, 1, deliver).await {
                    tracing::warn!(%error, "feed delivery failed");
                }
            }
        }
    }));
    tasks.push(tokio::spawn({
        let every = options.sweep_every;
        async move {
            loop {
                tokio::time::sleep(every).await;
                if let Err(error) = crate::shops::serve::sweep_every_shop(&schedulers).await {
                    tracing::warn!(%error, "sweep failed");
                }
            }
        }
    }));
    // The peer's address is what sign-in limits count by, as API Gateway's source address in AWS.
    let routes = http::shops::front(routers).into_make_service_with_connect_info::<std::net::SocketAddr>();
    let served = axum::serve(listener, routes)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
            println!("\nstopping");
        })
        .await;
    for task in tasks {
        task.abort();
    }
    drop(emulator);
    served.map_err(|e| e.to_string())
}
