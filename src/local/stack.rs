//! One local stack, as `orderflow dev`, the integration tests and the bench all need it: the
//! template's resources created in the emulator under a prefix, the settings a deployed function
//! would read, and the use cases and queue workers wired to the real AWS SDK.

use super::provision::provision;
use crate::app::feed::Feed;
use crate::app::{App, Worker};
use crate::aws;
use crate::clock::Clock;
use crate::config::{ProcessEnv, Settings, Vars, WebhookSecrets};
use crate::notify::ses::SesEmail;
use crate::notify::sns::SnsSms;
use crate::notify::sqs::SqsQueue;
use crate::secrets::Fresh;
use crate::shops::Shops;
use crate::store::DynamoStore;
use aws_types::SdkConfig;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

/// How to build a [`LocalStack`].
pub struct StackOptions<'a> {
    /// Prefixes every resource name, so that stacks share an emulator without seeing each other.
    pub prefix: &'a str,
    /// The template's parameters (`SenderEmail`…).
    pub parameters: HashMap<String, String>,
    /// Variables over the template's (an empty value unsets one).
    pub overrides: Vec<(String, String)>,
    /// Whether this process's environment comes first (`orderflow dev`).
    pub process_env: bool,
    /// Whether secrets left unset get the development defaults (`orderflow dev`, the bench).
    pub dev_secrets: bool,
    pub clock: Clock,
}

pub struct LocalStack {
    pub config: SdkConfig,
    /// The variables a deployed function would get (without the emulator's endpoint).
    pub vars: BTreeMap<String, String>,
    pub settings: Arc<Settings>,
    /// Secrets given their development default, to print.
    pub filled: Vec<(&'static str, String)>,
    pub clock: Clock,
    pub app: Arc<App<DynamoStore, SqsQueue>>,
    pub email: Arc<Worker<DynamoStore, SesEmail>>,
    pub sms: Arc<Worker<DynamoStore, SnsSms>>,
    /// The status feed's publisher and deliverer.
    pub feed: Arc<Feed>,
    /// What the functions' settings are read from: `vars`, under this process's environment when
    /// it comes first (`orderflow dev`).
    env: BTreeMap<String, String>,
}

impl LocalStack {
    pub async fn build(config: SdkConfig, template: &Path, options: StackOptions<'_>) -> Result<Self, String> {
        let provisioned =
            provision(&config, template, options.prefix, &options.parameters).await.map_err(|e| e.to_string())?;
        let mut vars = provisioned.env;
        // Subscribers on this machine (the tests' receivers, a developer's) get the feed.
        vars.insert("FEED_ALLOW_LOOPBACK".into(), "1".into());
        for (name, value) in options.overrides {
            vars.insert(name, value);
        }
        // The secrets go to the emulator's Secrets Manager, as in AWS, and the settings read them
        // from there: none stays in the functions' variables.
        let mut secret = BTreeMap::new();
        let mut filled = Vec::new();
        for name in crate::secrets::names() {
            let from_shell = if options.process_env { ProcessEnv.var(name) } else { None };
            let value = from_shell.or_else(|| vars.remove(name).filter(|v| !v.trim().is_empty()));
            vars.remove(name);
            match value {
                Some(value) => {
                    secret.insert(name.to_string(), value);
                }
                None if options.dev_secrets && WebhookSecrets::NAMES.contains(&name) => {
                    filled.push((name, WebhookSecrets::dev_default(name)));
                    secret.insert(name.to_string(), WebhookSecrets::dev_default(name));
                }
                None => {}
            }
        }
        let secret_id = format!("{}-secrets", options.prefix);
        put_secret(&config, &secret_id, &secret).await?;
        vars.insert("SECRETS_ID".into(), secret_id);
        let (settings, _) = match options.process_env {
            true => crate::secrets::load(&config, &(ProcessEnv, vars.clone())).await,
            false => crate::secrets::load(&config, &vars).await,
        }
        .map_err(|e| e.to_string())?;
        let settings = Arc::new(settings);
        let clock = options.clock;
        let mut env = vars.clone();
        if options.process_env {
            env.extend(std::env::vars().filter(|(_, value)| !value.trim().is_empty()));
        }
        Ok(Self {
            env,
            app: aws::whole_app(&config, settings.clone(), clock.clone()),
            email: aws::email_worker(&config, settings.clone(), clock.clone()),
            sms: aws::sms_worker(&config, settings.clone(), clock.clone()),
            feed: Arc::new(Feed::new(&config, settings.clone(), clock.clone())),
            config,
            vars,
            settings,
            filled,
            clock,
        })
    }
}

impl LocalStack {
    /// Every shop's services as a function builds them: the default shop's from this stack's
    /// variables and secret, another shop's from its record.
    pub async fn shops<T: Clone>(
        &self,
        build: impl Fn(&SdkConfig, Arc<Settings>) -> T + Send + Sync + 'static,
    ) -> Result<Arc<Shops<T>>, String> {
        let fresh = Fresh::start(self.config.clone(), self.env.clone(), build).await.map_err(|e| e.to_string())?;
        Ok(Shops::new(fresh))
    }
}

/// Creates the secret `id` in the emulator with `values` (a JSON object), or gives it them as its
/// new version.
pub async fn put_secret(config: &SdkConfig, id: &str, values: &BTreeMap<String, String>) -> Result<(), String> {
    let client = aws_sdk_secretsmanager::Client::new(config);
    let text = serde_json::to_string(values).map_err(|e| e.to_string())?;
    let created = client.create_secret().name(id).secret_string(&text).send().await;
    match created {
        Ok(_) => Ok(()),
        Err(e) if e.as_service_error().is_some_and(|s| s.is_resource_exists_exception()) => {
            client.put_secret_value().secret_id(id).secret_string(&text).send().await.map(|_| ()).map_err(|e| {
                format!("cannot update the secret {id}: {}", aws_sdk_secretsmanager::error::DisplayErrorContext(e))
            })
        }
        Err(e) => {
            Err(format!("cannot create the secret {id}: {}", aws_sdk_secretsmanager::error::DisplayErrorContext(e)))
        }
    }
}
