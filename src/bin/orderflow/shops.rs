//! `orderflow shops …`: the operator's commands for the shops of a deployment.

use crate::{Target, operate};
use clap::Subcommand;
use orderflow::domain::{Channel, ShopState};
use orderflow::ops::Resources;
use orderflow::shops::admin::{self, Adding, Deployment};

#[derive(Subcommand)]
pub enum ShopsCommand {
    /// Add a shop: its settings (`--set NAME=VALUE`, at least SENDER_EMAIL and OWNER_EMAIL; the
    /// names of the README's Configuration) and the secrets its providers gave (`--secret
    /// NAME=VALUE`); prints its webhook addresses and the secrets made for it, once.
    Add {
        /// 1 to 32 lowercase letters, digits and hyphens: its path is /s/<name>.
        name: String,
        #[arg(long = "set", value_parser = name_value)]
        settings: Vec<(String, String)>,
        #[arg(long = "secret", value_parser = name_value)]
        secrets: Vec<(String, String)>,
        #[arg(long, env = "SECRETS_ID")]
        secrets_id: String,
        #[command(flatten)]
        target: Target,
    },
    List {
        #[command(flatten)]
        target: Target,
    },
    /// Subscribe a storefront's webhooks, every topic orderflow follows, to the shop's addresses
    /// through the storefront's API; what is subscribed already is left as it is.
    Connect {
        #[command(subcommand)]
        storefront: StorefrontArgs,
    },
    /// Say which of the topics orderflow follows a storefront does not send to the shop (exits
    /// non-zero when one is missing); changes nothing.
    Check {
        #[command(subcommand)]
        storefront: StorefrontArgs,
    },
    /// Refuse a shop's webhooks, pages and messages, keeping its data.
    Suspend {
        name: String,
        #[command(flatten)]
        target: Target,
    },
    /// Serve a suspended shop again, or keep a removed one whose data is not erased yet.
    Resume {
        name: String,
        #[command(flatten)]
        target: Target,
    },
    /// Remove a shop: refused at once, its data and record erased after the grace period.
    Remove {
        name: String,
        /// Days its data is kept (resume it before they end to keep it); 0: erased from ten minutes on.
        #[arg(long, default_value_t = orderflow::shops::admin::GRACE_DAYS)]
        grace_days: u16,
        #[command(flatten)]
        target: Target,
    },
}

#[derive(Subcommand)]
pub enum StorefrontArgs {
    /// Through Shopify's Admin API, with a custom app's access token (scopes read_orders and
    /// read_fulfillments; the app's secret is the shop's SHOPIFY_WEBHOOK_SECRET).
    Shopify {
        /// The orderflow shop (`default` for the deployment's own).
        name: String,
        /// The store: `x.myshopify.com`.
        #[arg(long)]
        store: String,
        #[arg(long, env = "SHOPIFY_ACCESS_TOKEN")]
        token: String,
        #[command(flatten)]
        deployment: ConnectTarget,
    },
    /// Through WooCommerce's REST API, with a key of read/write permission (WooCommerce →
    /// Settings → Advanced → REST API); each webhook signs with the shop's WOOCOMMERCE_WEBHOOK_SECRET.
    Woocommerce {
        name: String,
        /// The site: `shop.example.com`.
        #[arg(long)]
        store: String,
        #[arg(long, env = "WOOCOMMERCE_KEY")]
        key: String,
        #[arg(long, env = "WOOCOMMERCE_SECRET")]
        secret: String,
        #[command(flatten)]
        deployment: ConnectTarget,
    },
}

#[derive(clap::Args)]
pub struct ConnectTarget {
    #[arg(long, env = "SECRETS_ID")]
    secrets_id: String,
    #[command(flatten)]
    target: Target,
}

fn name_value(text: &str) -> Result<(String, String), String> {
    let (name, value) = text.split_once('=').ok_or("NAME=VALUE")?;
    Ok((name.trim().to_string(), value.to_string()))
}

pub async fn run(command: ShopsCommand) -> Result<(), String> {
    async fn set_state(target: Target, name: &str, state: ShopState) -> Result<String, String> {
        let (config, resources) = operate(target).await?;
        admin::set_state(&Deployment { config: &config, table: resources.table()?, adding: None }, name, state).await
    }
    async fn connect(storefront: StorefrontArgs, apply: bool) -> Result<String, String> {
        let (name, access, ConnectTarget { secrets_id, target }) = match storefront {
            StorefrontArgs::Shopify { name, store, token, deployment } => {
                (name, admin::Access::Shopify { store, token }, deployment)
            }
            StorefrontArgs::Woocommerce { name, store, key, secret, deployment } => {
                (name, admin::Access::Woocommerce { store, key, secret }, deployment)
            }
        };
        let (config, resources) = operate(target).await?;
        let deployment =
            Deployment { config: &config, table: resources.table()?, adding: Some(adding(&resources, &secrets_id)?) };
        admin::connect(&deployment, &name, access, apply).await
    }
    let out = match command {
        ShopsCommand::Add { name, settings, secrets, secrets_id, target } => {
            let (config, resources) = operate(target).await?;
            let deployment = Deployment {
                config: &config,
                table: resources.table()?,
                adding: Some(adding(&resources, &secrets_id)?),
            };
            admin::add(&deployment, &name, settings.into_iter().collect(), secrets.into_iter().collect()).await?
        }
        ShopsCommand::List { target } => {
            let (config, resources) = operate(target).await?;
            admin::list(&Deployment { config: &config, table: resources.table()?, adding: None }).await?
        }
        ShopsCommand::Connect { storefront } => connect(storefront, true).await?,
        ShopsCommand::Check { storefront } => connect(storefront, false).await?,
        ShopsCommand::Suspend { name, target } => set_state(target, &name, ShopState::Suspended).await?,
        ShopsCommand::Resume { name, target } => set_state(target, &name, ShopState::Active).await?,
        ShopsCommand::Remove { name, grace_days, target } => {
            let (config, resources) = operate(target).await?;
            let deployment = Deployment { config: &config, table: resources.table()?, adding: None };
            admin::remove(&deployment, &name, grace_days).await?
        }
    };
    print!("{out}");
    Ok(())
}

/// What adding a shop or connecting its storefront needs of the deployment: its queues, its API's
/// address and the secret store the shop's secrets go to.
fn adding<'a>(resources: &'a Resources, secrets_id: &'a str) -> Result<Adding<'a>, String> {
    let ((email_queue, _), (sms_queue, _)) = (resources.queues(Channel::Email)?, resources.queues(Channel::Sms)?);
    Ok(Adding { email_queue, sms_queue, api_url: resources.api_url()?, secrets_id })
}
