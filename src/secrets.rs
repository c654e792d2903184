//! Secrets read at run time from the Secrets Manager secret named by `SECRETS_ID` (a JSON object of
//! names to values), never from a function's configuration. A function reads it at cold start and
//! again once its time to live (`SECRETS_TTL_SECONDS`, default 300) has passed, and rebuilds its
//! services when the secret's version changed: a rotation needs no redeploy.

use crate::config::{SettingError, Settings, Vars, WebhookSecrets};
use aws_types::SdkConfig;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Every name the secret may hold. Where `SECRETS_ID` is set, the secret's value wins; the
/// environment is consulted only for a name the secret lacks (a developer's shell under `orderflow
/// dev`): the template gives no function any of them.
pub fn names() -> impl Iterator<Item = &'static str> {
    WebhookSecrets::NAMES.into_iter().chain(PROVIDER_KEYS_AND_LISTS)
}

/// Whether `name` is one the secret holds.
pub fn is_secret(name: &str) -> bool {
    names().any(|secret| secret == name)
}

/// The secret's names beyond the checked tokens of [`WebhookSecrets::NAMES`]: the providers' API
/// keys, the staff accounts and the feed's subscribers.
const PROVIDER_KEYS_AND_LISTS: [&str; 4] =
    ["STRIPE_SECRET_KEY", "PAYPAL_CLIENT_SECRET", "STAFF_ACCOUNTS", "FEED_SUBSCRIBERS"];

/// The secret's values as read, with its version.
#[derive(Clone, Default)]
pub struct SecretValues {
    version: Option<String>,
    values: BTreeMap<String, String>,
}

impl SecretValues {
    /// Values given directly (tests, `orderflow dev` without the emulator's secret).
    pub fn of(values: BTreeMap<String, String>) -> Self {
        Self { version: None, values }
    }
}

impl Vars for SecretValues {
    fn var(&self, name: &str) -> Option<String> {
        self.values.get(name).map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
    }
}

/// The variables a function reads: a secret's names from the secret first, the rest from the
/// environment.
struct Layered<'a, V> {
    secret: Option<&'a SecretValues>,
    env: &'a V,
}

impl<V: Vars> Vars for Layered<'_, V> {
    fn var(&self, name: &str) -> Option<String> {
        match self.secret {
            Some(secret) if is_secret(name) => secret.var(name).or_else(|| self.env.var(name)),
            _ => self.env.var(name),
        }
    }
}

/// The secret named by `SECRETS_ID`.
#[derive(Clone)]
pub struct SecretStore {
    client: aws_sdk_secretsmanager::Client,
    id: String,
}

impl SecretStore {
    pub fn new(config: &SdkConfig, id: impl Into<String>) -> Self {
        Self { client: aws_sdk_secretsmanager::Client::new(config), id: id.into() }
    }

    /// Its current values.
    pub async fn read(&self) -> Result<SecretValues, SettingError> {
        let output = self.client.get_secret_value().secret_id(&self.id).send().await.map_err(|e| {
            SettingError::Invalid(format!(
                "the secret {} could not be read: {}",
                self.id,
                aws_sdk_secretsmanager::error::DisplayErrorContext(e)
            ))
        })?;
        let text = output.secret_string.unwrap_or_default();
        let json: BTreeMap<String, serde_json::Value> = serde_json::from_str(&text)
            .map_err(|e| SettingError::Invalid(format!("the secret {} is not a JSON object: {e}", self.id)))?;
        let values = json
            .into_iter()
            .filter_map(|(name, value)| match value {
                serde_json::Value::String(text) => Some((name, text)),
                serde_json::Value::Null => None,
                // A list (FEED_SUBSCRIBERS) may be kept as JSON rather than as text.
                other => Some((name, other.to_string())),
            })
            .collect();
        Ok(SecretValues { version: output.version_id, values })
    }
}

/// Settings from `env` and, when `SECRETS_ID` names one, the secret.
pub async fn load(config: &SdkConfig, env: &impl Vars) -> Result<(Settings, Option<SecretValues>), SettingError> {
    let secret = match env.var("SECRETS_ID") {
        Some(id) => Some(SecretStore::new(config, id).read().await?),
        None => None,
    };
    let settings = Settings::from_vars(&Layered { secret: secret.as_ref(), env })?;
    Ok((settings, secret))
}

/// How a function's services are built from its settings.
type Build<T> = Box<dyn Fn(&SdkConfig, Arc<Settings>) -> T + Send + Sync>;

/// A function's services, built from the settings and rebuilt when the secret changes.
pub struct Fresh<T> {
    config: SdkConfig,
    env: BTreeMap<String, String>,
    store: Option<SecretStore>,
    build: Build<T>,
    ttl: Duration,
    state: tokio::sync::Mutex<State<T>>,
}

/// The services, the settings they were built from, the secret's version and when it was read.
struct State<T> {
    services: T,
    settings: Arc<Settings>,
    version: Option<String>,
    read_at: Instant,
}

impl<T: Clone> Fresh<T> {
    /// Reads the settings (the secret included) and builds the services: a function's cold start.
    pub async fn start(
        config: SdkConfig,
        env: BTreeMap<String, String>,
        build: impl Fn(&SdkConfig, Arc<Settings>) -> T + Send + Sync + 'static,
    ) -> Result<Arc<Self>, SettingError> {
        let (settings, secret) = load(&config, &env).await?;
        let ttl = env.var("SECRETS_TTL_SECONDS").and_then(|s| s.parse().ok()).unwrap_or(300);
        let store = env.var("SECRETS_ID").map(|id| SecretStore::new(&config, id));
        let settings = Arc::new(settings);
        let services = build(&config, settings.clone());
        let version = secret.and_then(|s| s.version);
        Ok(Arc::new(Self {
            config,
            env,
            store,
            build: Box::new(build),
            ttl: Duration::from_secs(ttl),
            state: tokio::sync::Mutex::new(State { services, settings, version, read_at: Instant::now() }),
        }))
    }

    /// The process's environment, for [`Fresh::start`].
    pub fn process_env() -> BTreeMap<String, String> {
        std::env::vars().collect()
    }

    /// The services, rebuilt first if the time to live has passed and the secret has a new version.
    /// If the secret cannot be read then, the services built before go on, and it is read again
    /// after another time to live.
    pub async fn current(&self) -> T {
        self.current_with_settings().await.0
    }

    /// [`Fresh::current`] and the settings they were built from.
    pub async fn current_with_settings(&self) -> (T, Arc<Settings>) {
        let mut state = self.state.lock().await;
        if let Some(store) = self.store.as_ref().filter(|_| state.read_at.elapsed() >= self.ttl) {
            state.read_at = Instant::now();
            match store.read().await {
                Ok(secret) if secret.version.is_some() && secret.version != state.version => {
                    match Settings::from_vars(&Layered { secret: Some(&secret), env: &self.env }) {
                        Ok(settings) => {
                            let settings = Arc::new(settings);
                            state.services = (self.build)(&self.config, settings.clone());
                            state.settings = settings;
                            state.version = secret.version;
                            tracing::info!("the secret changed: settings read again");
                        }
                        Err(error) => tracing::error!(%error, "the new secret is not valid: the previous one is kept"),
                    }
                }
                Ok(_) => {}
                Err(error) => tracing::warn!(%error, "the secret could not be read again: the previous one is kept"),
            }
        }
        (state.services.clone(), state.settings.clone())
    }

    /// The SDK configuration and the environment the services are built with.
    pub fn config(&self) -> &SdkConfig {
        &self.config
    }

    pub fn env(&self) -> &BTreeMap<String, String> {
        &self.env
    }

    /// Builds services as this function does, from other settings (another shop's).
    pub fn build(&self, settings: Arc<Settings>) -> T {
        (self.build)(&self.config, settings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secrets_names_come_from_the_secret_first_when_one_is_named() {
        let env: BTreeMap<String, String> =
            [("ADMIN_TOKEN", "from-env"), ("SHOP_NAME", "Env Shop")].map(|(k, v)| (k.into(), v.into())).into();
        let secret = SecretValues::of([("ADMIN_TOKEN".to_string(), "from-secret".to_string())].into());
        let layered = Layered { secret: Some(&secret), env: &env };
        assert_eq!(layered.var("ADMIN_TOKEN").as_deref(), Some("from-secret"));
        assert_eq!(layered.var("SHOP_NAME").as_deref(), Some("Env Shop"));
        let empty = SecretValues::default();
        assert_eq!(Layered { secret: Some(&empty), env: &env }.var("ADMIN_TOKEN").as_deref(), Some("from-env"));
        assert_eq!(Layered { secret: None, env: &env }.var("ADMIN_TOKEN").as_deref(), Some("from-env"));
    }

    #[test]
    fn no_function_of_the_template_is_given_a_secret_in_its_configuration() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/infra/template.yaml");
        let template: serde_yaml::Value = serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let mut environments = vec![("Globals", &template["Globals"]["Function"]["Environment"]["Variables"])];
        for (name, resource) in template["Resources"].as_mapping().unwrap() {
            environments.push((name.as_str().unwrap(), &resource["Properties"]["Environment"]["Variables"]));
        }
        let mut reading = 0;
        for (function, variables) in environments {
            let Some(variables) = variables.as_mapping() else { continue };
            for (name, value) in variables {
                let name = name.as_str().unwrap();
                assert!(!is_secret(name), "{function} is given {name} in its configuration");
                let text = serde_yaml::to_string(value).unwrap();
                assert!(
                    !text.contains("resolve:secretsmanager"),
                    "{function}: {name} resolves a secret at deploy time"
                );
            }
            reading += usize::from(variables.contains_key("SECRETS_ID"));
        }
        assert!(reading >= 7, "the functions that need secrets read them at run time");
    }
}
