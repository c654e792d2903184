//! One local stack, as `orderflow dev`, the integration tests and the bench all need it: the
//! template's resources created in the emulator under a prefix, the settings a deployed function
//! would read, and the use cases and queue workers wired to the real AWS SDK.

use super::provision::provision;
use crate::app::feed::Feed;
use crate::app::{App, Worker};
use crate::aws;
use crate::clock::Clock;
use crate::config::{ProcessEnv, Settings};
use crate::notify::ses::SesEmail;
use crate::notify::sns::SnsSms;
use crate::notify::sqs::SqsQueue;
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
        let mut settings = if options.process_env {
            Settings::from_vars(&(ProcessEnv, vars.clone()))
        } else {
            Settings::from_vars(&vars)
        }
        .map_err(|e| e.to_string())?;
        let filled = if options.dev_secrets { settings.secrets.fill_dev_defaults() } else { Vec::new() };
        for (name, value) in &filled {
            vars.insert(name.to_string(), value.clone());
        }
        if !filled.is_empty() {
            // The back-office page signs in with the development admin token too.
            let accounts = vars.get("STAFF_ACCOUNTS").map(String::as_str);
            let (admin, key) = (settings.secrets.get("ADMIN_TOKEN"), settings.secrets.get("SESSION_KEY"));
            settings.staff = crate::config::StaffAccounts::read(accounts, admin, key)?;
        }
        let settings = Arc::new(settings);
        let clock = options.clock;
        Ok(Self {
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
