//! The operator's command line: `orderflow dev` runs the local stack, `orderflow replay` sends the
//! sample events to it, `orderflow preview` renders every message, `orderflow provision` creates the
//! template's resources in an emulator. Against a deployed stack: `orders show`, `notices resend`,
//! `dlq list|redrive`, `events replay`, `shops add|list|connect|check|suspend|resume|remove` and `usage`.

mod shops;

use clap::{Parser, Subcommand};
use orderflow::config::{ProcessEnv, Vars, WebhookSecrets};
use orderflow::domain::Channel;
use orderflow::local::{self, dev::DevOptions};
use orderflow::notify::sqs::SqsQueue;
use orderflow::ops::{self, Resources};
use orderflow::store::DynamoStore;
use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

#[derive(Parser)]
#[command(name = "orderflow", version, about = "Order fulfilment for online shops: local stack and operator tools")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run everything locally: AWS emulator, HTTP routes, queue workers and scheduler.
    Dev {
        #[arg(long, env = "PORT", default_value_t = 3000)]
        port: u16,
        #[arg(long, env = "AWS_ENDPOINT_URL", default_value = "http://127.0.0.1:4566")]
        endpoint: String,
        /// Seconds between scheduler runs.
        #[arg(long, default_value_t = 15)]
        sweep_every: u64,
    },
    /// Send the API Gateway request samples in files or folders, freshly signed, to a running `dev`.
    Replay {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, env = "ORDERFLOW_URL", default_value = "http://127.0.0.1:3000")]
        url: String,
    },
    /// Render every message (kind × locale × channel) for a sample order into a folder, with an index page.
    Preview {
        #[arg(long, default_value = "previews")]
        out: PathBuf,
    },
    /// A deployed order: status, timeline and notices (personal data masked unless --reveal).
    Orders {
        #[command(subcommand)]
        command: OrdersCommand,
    },
    /// Notices of a deployed order.
    Notices {
        #[command(subcommand)]
        command: NoticesCommand,
    },
    /// A deployed stack's dead-letter queues.
    Dlq {
        #[command(subcommand)]
        command: DlqCommand,
    },
    /// Provider events for a deployed stack.
    Events {
        #[command(subcommand)]
        command: EventsCommand,
    },
    /// A deployed stack's customers: erasure of their personal data.
    Customers {
        #[command(subcommand)]
        command: CustomersCommand,
    },
    /// The status feed of a deployed stack: replays, delivery logs.
    Feed {
        #[command(subcommand)]
        command: FeedCommand,
    },
    /// The shops of a deployed stack beside its default one: add, list, connect, check, suspend, resume, remove.
    Shops {
        #[command(subcommand)]
        command: shops::ShopsCommand,
    },
    /// What each shop used in a month (orders, lifecycle events, emails, SMS and their segments by
    /// country, feed deliveries) and its estimated cost, as a table or CSV.
    Usage {
        /// `2026-12`; this month when left out.
        #[arg(long)]
        month: Option<String>,
        /// One shop only.
        #[arg(long)]
        shop: Option<String>,
        #[arg(long)]
        csv: bool,
        #[command(flatten)]
        target: Target,
    },
    /// Create the template's tables, queues and email identity in an emulator; print the environment.
    Provision {
        #[arg(long, env = "AWS_ENDPOINT_URL", default_value = "http://127.0.0.1:4566")]
        endpoint: String,
        #[arg(long, default_value = "orderflow")]
        prefix: String,
    },
}

/// Which deployed stack: its outputs (`--stack`), or each resource named (these win over the outputs).
#[derive(clap::Args)]
struct Target {
    #[arg(long, env = "ORDERFLOW_STACK")]
    stack: Option<String>,
    #[arg(long, env = "TABLE_NAME")]
    table: Option<String>,
    #[arg(long, env = "EMAIL_QUEUE_URL")]
    email_queue: Option<String>,
    #[arg(long, env = "SMS_QUEUE_URL")]
    sms_queue: Option<String>,
    #[arg(long)]
    email_dead_letters: Option<String>,
    #[arg(long)]
    sms_dead_letters: Option<String>,
    #[arg(long, env = "ORDERFLOW_URL")]
    api_url: Option<String>,
    #[arg(long, env = "FEED_QUEUE_URL")]
    feed_queue: Option<String>,
    #[arg(long)]
    feed_dead_letters: Option<String>,
}

impl Target {
    async fn resolve(self, config: &aws_types::SdkConfig) -> Result<Resources, String> {
        let named = Resources {
            table: self.table,
            email_queue: self.email_queue,
            sms_queue: self.sms_queue,
            email_dead_letters: self.email_dead_letters,
            sms_dead_letters: self.sms_dead_letters,
            api_url: self.api_url,
            feed_queue: self.feed_queue,
            feed_dead_letters: self.feed_dead_letters,
        };
        match self.stack {
            Some(stack) => Ok(Resources::of_stack(config, &stack).await?.or(named)),
            None => Ok(named),
        }
    }
}

#[derive(Subcommand)]
enum OrdersCommand {
    /// Once after upgrading from a release whose lists read `by-status`: writes every order's head
    /// again so that the lists see it (orders written since are there already).
    Restage {
        #[command(flatten)]
        target: Target,
    },
    Show {
        order_id: String,
        /// Show names, contacts and addresses as they are.
        #[arg(long)]
        reveal: bool,
        #[command(flatten)]
        target: Target,
    },
}

#[derive(Subcommand)]
enum CustomersCommand {
    /// Erase a customer's personal data from every one of their orders (name, contacts, addresses,
    /// notes), keeping amounts, ids and dates for the accounts. The lookup key is read from the
    /// stack's secret (`--secrets-id`, `SECRETS_ID`) or `LOOKUP_KEY`.
    Erase {
        /// Their email, or their phone number (with its country code, or in the shop's region).
        contact: String,
        /// Erase without asking.
        #[arg(long)]
        yes: bool,
        #[arg(long, env = "SECRETS_ID")]
        secrets_id: Option<String>,
        /// The shop's phone region, to read a number given without its country code.
        #[arg(long, env = "SHOP_PHONE_REGION", default_value = "US")]
        phone_region: String,
        #[command(flatten)]
        target: Target,
    },
}

#[derive(Subcommand)]
enum NoticesCommand {
    /// Send a notice again on purpose (recorded on the order's timeline), e.g. `order_received.customer.email`.
    Resend {
        order_id: String,
        notice_id: String,
        #[command(flatten)]
        target: Target,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Queue {
    /// Email notices.
    Email,
    /// SMS notices.
    Sms,
    /// Deliveries to the feed's subscribers.
    Feed,
}

impl From<Queue> for ops::Queue {
    fn from(queue: Queue) -> Self {
        match queue {
            Queue::Email => ops::Queue::Email,
            Queue::Sms => ops::Queue::Sms,
            Queue::Feed => ops::Queue::Feed,
        }
    }
}

#[derive(Subcommand)]
enum DlqCommand {
    /// How many messages wait in a dead-letter queue, and the first ten.
    List {
        queue: Queue,
        #[command(flatten)]
        target: Target,
    },
    /// Move every message of a dead-letter queue back to its queue.
    Redrive {
        queue: Queue,
        /// Say how many would move; move nothing.
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        target: Target,
    },
}

#[derive(Subcommand)]
enum FeedCommand {
    /// Send the events published since a time to one subscriber again (the kinds it wants).
    Replay {
        /// RFC 3339, e.g. 2026-11-30T08:00:00Z.
        #[arg(long)]
        since: jiff::Timestamp,
        #[arg(long)]
        subscriber: String,
        #[command(flatten)]
        target: Target,
    },
    /// A subscriber's latest delivery attempts, newest first.
    Log {
        subscriber: String,
        #[arg(long, default_value_t = 50)]
        limit: i32,
        #[command(flatten)]
        target: Target,
    },
}

#[derive(Subcommand)]
enum EventsCommand {
    /// Send API Gateway request events (files or folders: a saved webhook, say) to the stack's API,
    /// signed afresh with the secrets in the environment (`SHOPIFY_WEBHOOK_SECRET`…).
    Replay {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        target: Target,
    },
}

/// Runs an operator command: the SDK configuration from the usual chain, the resources resolved.
async fn operate(target: Target) -> Result<(aws_types::SdkConfig, Resources), String> {
    let config = ops::operator_config().await;
    let resources = target.resolve(&config).await?;
    Ok((config, resources))
}

/// Prints what each replayed request got; returns how many were not accepted.
fn report(results: &[local::replay::Replayed]) -> usize {
    for r in results {
        println!("{:<44} {} → {} {}", r.file.display(), r.request, r.status, r.body);
    }
    let failed = results.iter().filter(|r| r.status >= 300).count();
    println!("{} requests replayed, {failed} not accepted", results.len());
    failed
}

async fn run(cli: Cli) -> Result<(), String> {
    let root = local::repo_root();
    match cli.command {
        Command::Dev { port, endpoint, sweep_every } => {
            orderflow::telemetry::init_text();
            local::dev::run(DevOptions {
                port,
                endpoint,
                template: root.join("infra/template.yaml"),
                python: orderflow::local::emulator::venv_python(),
                emulator_log: root.join(".run/moto.log"),
                sweep_every: Duration::from_secs(sweep_every),
            })
            .await
        }
        Command::Replay { paths, url } => {
            let mut secrets = WebhookSecrets::from_vars(&ProcessEnv);
            secrets.fill_dev_defaults();
            report(&local::replay::replay(&paths, &url, &secrets).await?);
            Ok(())
        }
        Command::Preview { out } => {
            let index = orderflow::notify::preview::write(&out).map_err(|e| e.to_string())?;
            println!("previews written; open {}", index.display());
            Ok(())
        }
        Command::Orders { command: OrdersCommand::Restage { target } } => {
            let (config, resources) = operate(target).await?;
            let store = DynamoStore::new(aws_sdk_dynamodb::Client::new(&config), resources.table()?, None);
            println!("{} orders restaged", store.restage().await.map_err(|e| e.to_string())?);
            Ok(())
        }
        Command::Orders { command: OrdersCommand::Show { order_id, reveal, target } } => {
            let (config, resources) = operate(target).await?;
            let store = DynamoStore::new(aws_sdk_dynamodb::Client::new(&config), resources.table()?, None);
            print!("{}", ops::show_order(&store, &order_id, reveal).await?);
            Ok(())
        }
        Command::Notices { command: NoticesCommand::Resend { order_id, notice_id, target } } => {
            let (config, resources) = operate(target).await?;
            let store = DynamoStore::new(aws_sdk_dynamodb::Client::new(&config), resources.table()?, None);
            let (email, _) = resources.queues(Channel::Email)?;
            let (sms, _) = resources.queues(Channel::Sms)?;
            let queue = SqsQueue::new(aws_sdk_sqs::Client::new(&config), email, sms);
            println!(
                "{}",
                ops::resend_notice(
                    &store,
                    &queue,
                    &order_id,
                    &orderflow::domain::NoticeId::new(notice_id),
                    jiff::Timestamp::now()
                )
                .await?
            );
            Ok(())
        }
        Command::Dlq { command: DlqCommand::List { queue, target } } => {
            let (config, resources) = operate(target).await?;
            let (_, dead) = resources.dead_letter_pair(queue.into())?;
            let (count, letters) = ops::dead_letters(&aws_sdk_sqs::Client::new(&config), dead).await?;
            println!("{count} messages in {dead}");
            for letter in letters {
                println!("  {} (received {} times) {}", letter.message_id, letter.receives, letter.body);
            }
            Ok(())
        }
        Command::Dlq { command: DlqCommand::Redrive { queue, dry_run, target } } => {
            let (config, resources) = operate(target).await?;
            let (to, dead) = resources.dead_letter_pair(queue.into())?;
            let moved = ops::redrive(&aws_sdk_sqs::Client::new(&config), dead, to, dry_run).await?;
            match dry_run {
                true => println!("dry run: {moved} messages would move from {dead} to {to}"),
                false => println!("{moved} messages moved from {dead} to {to}"),
            }
            Ok(())
        }
        Command::Events { command: EventsCommand::Replay { paths, target } } => {
            let (_, resources) = operate(target).await?;
            let secrets = WebhookSecrets::from_vars(&ProcessEnv);
            let results = local::replay::replay(&paths, resources.api_url()?, &secrets).await?;
            match report(&results) {
                0 => Ok(()),
                failed => Err(format!("{failed} events were not accepted")),
            }
        }
        Command::Customers { command: CustomersCommand::Erase { contact, yes, secrets_id, phone_region, target } } => {
            let (config, resources) = operate(target).await?;
            let lookup = match secrets_id {
                Some(id) => orderflow::secrets::SecretStore::new(&config, id)
                    .read()
                    .await
                    .map_err(|e| e.to_string())?
                    .var("LOOKUP_KEY"),
                None => ProcessEnv.var("LOOKUP_KEY"),
            };
            let lookup = orderflow::store::lookup::LookupKeys::read(lookup.as_deref())?;
            let store = DynamoStore::new(aws_sdk_dynamodb::Client::new(&config), resources.table()?, Some(lookup));
            let defaults = orderflow::domain::IntakeDefaults { locale: "en".into(), phone_region };
            let contact = match contact.contains('@') {
                true => contact,
                false => defaults
                    .phone_e164(&contact)
                    .ok_or(format!("{contact:?} is neither an email nor a phone number"))?,
            };
            let orders =
                orderflow::store::Pointers::pointed_orders(&store, &orderflow::store::Pointer::customer(&contact))
                    .await
                    .map_err(|e| e.to_string())?;
            println!("{} orders of this customer: {}", orders.len(), orders.join(", "));
            if !yes {
                return Err("nothing erased: run again with --yes to erase them".into());
            }
            let erased = orderflow::app::privacy::erase_customer(&store, &contact, jiff::Timestamp::now())
                .await
                .map_err(|e| e.to_string())?;
            println!("personal data erased from {} orders", erased.orders.len());
            Ok(())
        }
        Command::Feed { command: FeedCommand::Replay { since, subscriber, target } } => {
            let (config, resources) = operate(target).await?;
            let store = DynamoStore::new(aws_sdk_dynamodb::Client::new(&config), resources.table()?, None);
            let sqs = aws_sdk_sqs::Client::new(&config);
            let (queue, now) = (resources.feed_queue()?, jiff::Timestamp::now());
            let shop = orderflow::domain::ShopId::default();
            let sent = orderflow::app::feed::replay(&shop, &store, &sqs, queue, &subscriber, since, now)
                .await
                .map_err(|e| e.to_string())?;
            println!("{sent} events since {since} queued again for {subscriber}");
            Ok(())
        }
        Command::Feed { command: FeedCommand::Log { subscriber, limit, target } } => {
            let (config, resources) = operate(target).await?;
            let store = DynamoStore::new(aws_sdk_dynamodb::Client::new(&config), resources.table()?, None);
            print!("{}", ops::delivery_log(&store, &subscriber, limit).await?);
            Ok(())
        }
        Command::Shops { command } => shops::run(command).await,
        Command::Usage { month, shop, csv, target } => {
            let (config, resources) = operate(target).await?;
            let month = month.unwrap_or_else(|| orderflow::domain::usage::month_of(jiff::Timestamp::now()));
            let deployment =
                orderflow::shops::admin::Deployment { config: &config, table: resources.table()?, adding: None };
            print!("{}", orderflow::shops::admin::usage(&deployment, &month, shop.as_deref(), csv).await?);
            Ok(())
        }
        Command::Provision { endpoint, prefix } => {
            let config = orderflow::aws::emulator_config(&endpoint);
            let template = root.join("infra/template.yaml");
            let provisioned = local::provision::provision(&config, &template, &prefix, &HashMap::new())
                .await
                .map_err(|e| e.to_string())?;
            for (name, value) in provisioned.env {
                println!("{name}={value}");
            }
            Ok(())
        }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    match run(Cli::parse()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("orderflow: {error}");
            ExitCode::FAILURE
        }
    }
}
