//! Settings read once from the environment at cold start (names in the README's Configuration section).

use crate::domain::quiet::QuietHours;
use crate::domain::{AfterSales, CarrierProvider};
use crate::domain::{IntakeDefaults, OrderSource, PaymentProvider, PaymentTerms, Private, ShopId};
use crate::notify::{HowToPay, ShopBranding};
use jiff::SignedDuration;

mod accounts;
pub use accounts::{ADMIN_ACCOUNT, Account, StaffAccounts};

#[derive(Debug, thiserror::Error)]
pub enum SettingError {
    #[error("environment variable {0} is required")]
    Missing(&'static str),
    #[error("{0}")]
    Invalid(String),
}

#[derive(Clone, Debug)]
pub struct Settings {
    /// Which shop these settings are ([`ShopId`], `SHOP_ID`, default `default`): its items, and no
    /// other shop's, are the ones the services read and write.
    pub shop: ShopId,
    pub table_name: String,
    pub email_queue_url: String,
    pub sms_queue_url: String,
    pub sender_email: String,
    /// The SES configuration set whose event destination reports bounces and complaints.
    pub ses_configuration_set: Option<String>,
    pub owner_email: Private<String>,
    /// Where customers' replies to any email go (`SUPPORT_EMAIL`, else the owner).
    pub support_email: Private<String>,
    pub branding: ShopBranding,
    pub intake: IntakeDefaults,
    pub payment_terms: PaymentTerms,
    pub after_sales: AfterSales,
    /// When non-urgent SMS wait for the morning, in the customer's time zone.
    pub quiet_hours: QuietHours,
    /// For customers whose time zone nothing tells.
    pub paypal: Option<PaypalApiSettings>,
    /// Where the status feed goes.
    pub feed: FeedSettings,
    /// Who may sign in to the back-office pages.
    pub staff: StaffAccounts,
    /// The seller on invoices.
    pub invoice: InvoiceSettings,
    /// Stripe's API, to capture payments held at checkout (`STRIPE_SECRET_KEY`).
    pub stripe: Option<StripeApiSettings>,
    /// The metadata keys of a Stripe payment that may name its order, first found wins
    /// (`STRIPE_ORDER_KEYS`, default `order_id,orderId,order_number`).
    pub stripe_order_keys: Vec<String>,
    pub secrets: WebhookSecrets,
    /// What the shop may use of the deployment ([`Limits`]).
    pub limits: Limits,
    /// Keys customers' lookup digests (`LOOKUP_KEY`): the functions that find or link a customer's
    /// orders have it (intake, the back office, the scheduler's erasures); the others never need it.
    pub lookup: Option<crate::store::lookup::LookupKeys>,
}

/// A shop's limits, so that one shop cannot spend another's capacity: order webhooks per minute
/// (`ORDERS_PER_MINUTE`; more are answered 429, written nowhere, for the storefront to send again)
/// and messages per day (`MESSAGES_PER_DAY`, UTC; more wait for the next day), and the SMS
/// segments a month (`SMS_SEGMENTS_PER_MONTH`, UTC; past it, customers are told by email). Unset:
/// no limit.
#[derive(Clone, Copy, Debug, Default)]
pub struct Limits {
    pub orders_per_minute: Option<u64>,
    pub messages_per_day: Option<u64>,
    pub sms_segments_per_month: Option<u64>,
}

impl Limits {
    fn read(vars: &impl Vars) -> Result<Self, SettingError> {
        let limit = |name: &str| match vars.var(name) {
            None => Ok(None),
            Some(text) => match text.parse::<u64>() {
                Ok(n) if n > 0 => Ok(Some(n)),
                _ => Err(SettingError::Invalid(format!("{name} must be a whole number above 0, not {text:?}"))),
            },
        };
        Ok(Self {
            orders_per_minute: limit("ORDERS_PER_MINUTE")?,
            messages_per_day: limit("MESSAGES_PER_DAY")?,
            sms_segments_per_month: limit("SMS_SEGMENTS_PER_MONTH")?,
        })
    }
}

/// PayPal's REST API: webhook verification in AWS (with a webhook id) and captures.
#[derive(Clone)]
pub struct PaypalApiSettings {
    /// `https://api-m.paypal.com`, or the sandbox.
    pub api_base: String,
    pub client_id: String,
    pub client_secret: String,
    /// The webhook subscription's id: PayPal verifies webhooks only with it.
    pub webhook_id: Option<String>,
}

/// The seller as invoices name it: `SHOP_LEGAL_NAME` (default the shop's name), `SHOP_ADDRESS`,
/// `SHOP_TAX_ID`, and `INVOICE_PREFIX` before the gapless number.
#[derive(Clone, Debug, Default)]
pub struct InvoiceSettings {
    pub legal_name: String,
    pub address: Option<String>,
    pub tax_id: Option<String>,
    pub prefix: String,
}

/// The status feed: its bus, its delivery queue, and the webhook subscribers.
#[derive(Clone, Debug)]
pub struct FeedSettings {
    /// The EventBridge bus the events go to (`FEED_BUS_NAME`); none: not published there.
    pub bus_name: Option<String>,
    /// The FIFO queue of deliveries to subscribers (`FEED_QUEUE_URL`).
    pub queue_url: Option<String>,
    /// `FEED_SUBSCRIBERS`: a JSON list (see the README).
    pub subscribers: Vec<crate::feed::Subscriber>,
    /// The first wait before a failed delivery is tried again (`FEED_RETRY_SECONDS`, default 30);
    /// it doubles with each attempt, up to 15 minutes.
    pub retry_base: SignedDuration,
    /// Where subscribers may be: public addresses only, unless `FEED_ALLOW_LOOPBACK=1` (set by
    /// `orderflow dev` and the tests for subscribers on this machine; never in AWS).
    pub reach: crate::feed::Reach,
}

impl FeedSettings {
    pub fn subscriber(&self, name: &str) -> Option<&crate::feed::Subscriber> {
        self.subscribers.iter().find(|s| s.name == name)
    }
}

/// Stripe's API (captures of PaymentIntents held at checkout).
#[derive(Clone)]
pub struct StripeApiSettings {
    /// `https://api.stripe.com`, or the local fake.
    pub api_base: String,
    /// A secret or restricted key allowed to write PaymentIntents.
    pub secret_key: String,
}

impl std::fmt::Debug for StripeApiSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StripeApiSettings").field("api_base", &self.api_base).finish_non_exhaustive()
    }
}

impl std::fmt::Debug for PaypalApiSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PaypalApiSettings").field("api_base", &self.api_base).finish_non_exhaustive()
    }
}

/// Reads a variable by name; blank counts as unset.
pub trait Vars {
    fn var(&self, name: &str) -> Option<String>;
}

/// The process environment.
pub struct ProcessEnv;

impl Vars for ProcessEnv {
    fn var(&self, name: &str) -> Option<String> {
        std::env::var(name).ok().map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
    }
}

impl Vars for std::collections::BTreeMap<String, String> {
    fn var(&self, name: &str) -> Option<String> {
        self.get(name).map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
    }
}

/// The first source that has a variable wins.
impl<A: Vars, B: Vars> Vars for (A, B) {
    fn var(&self, name: &str) -> Option<String> {
        self.0.var(name).or_else(|| self.1.var(name))
    }
}

#[cfg(any(test, feature = "dev"))]
impl Settings {
    /// Settings for in-memory stacks and unit tests: example names for the table, queues and
    /// addresses, then `vars` (secrets, say).
    pub fn example(vars: &[(&str, &str)]) -> Self {
        let required = [
            ("TABLE_NAME", "orders"),
            ("EMAIL_QUEUE_URL", "email"),
            ("SMS_QUEUE_URL", "sms"),
            ("SENDER_EMAIL", "shop@example.com"),
            ("OWNER_EMAIL", "owner@example.com"),
            ("LOOKUP_KEY", "example-lookup-key-1f7c3a9e5b2d8e4a"),
        ];
        let vars: std::collections::BTreeMap<String, String> =
            required.iter().chain(vars).map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Self::from_vars(&vars).expect("the example settings are complete")
    }
}

impl Settings {
    pub fn from_env() -> Result<Self, SettingError> {
        Self::from_vars(&ProcessEnv)
    }

    pub fn from_vars(vars: &impl Vars) -> Result<Self, SettingError> {
        let var = |name: &str| vars.var(name);
        let required = |name: &'static str| vars.var(name).ok_or(SettingError::Missing(name));
        let public_base_url = var("PUBLIC_BASE_URL").unwrap_or_else(|| "http://127.0.0.1:3000".into());
        // Links that pages and messages show, or that customers follow: web links only.
        for name in ["PUBLIC_BASE_URL", "SHOP_LOGO_URL", "PAYMENT_LINK", "REVIEW_URL"] {
            if let Some(template) = var(name) {
                crate::domain::link::link_template(name, &template)
                    .map_err(|invalid| SettingError::Invalid(invalid.to_string()))?;
            }
        }
        // A queue worker's claim must outlive the worker and its message's invisibility together.
        let seconds = |name: &str| var(name).and_then(|v| v.parse::<i64>().ok());
        if let (Some(timeout), Some(visibility)) =
            (seconds("FUNCTION_TIMEOUT_SECONDS"), seconds("QUEUE_VISIBILITY_SECONDS"))
            && SignedDuration::from_secs(timeout + visibility) >= crate::app::deliver::LEASE
        {
            return Err(SettingError::Invalid(format!(
                "the notice lease ({} s) must be longer than the function's timeout ({timeout} s) and the queue's \
                 visibility timeout ({visibility} s) together",
                crate::app::deliver::LEASE.as_secs()
            )));
        }
        Ok(Self {
            shop: match var("SHOP_ID") {
                Some(name) => ShopId::parse(&name).map_err(|e| SettingError::Invalid(format!("SHOP_ID: {e}")))?,
                None => ShopId::default(),
            },
            table_name: required("TABLE_NAME")?,
            email_queue_url: required("EMAIL_QUEUE_URL")?,
            sms_queue_url: required("SMS_QUEUE_URL")?,
            sender_email: required("SENDER_EMAIL")?,
            ses_configuration_set: var("SES_CONFIGURATION_SET"),
            owner_email: Private::new(required("OWNER_EMAIL")?),
            support_email: Private::new(var("SUPPORT_EMAIL").map_or_else(|| required("OWNER_EMAIL"), Ok)?),
            branding: ShopBranding {
                name: var("SHOP_NAME").unwrap_or_else(|| "Our shop".into()),
                accent: var("SHOP_ACCENT_COLOUR").unwrap_or_else(|| "#2563eb".into()),
                logo_url: var("SHOP_LOGO_URL"),
                public_base_url,
                locale: var("SHOP_LOCALE").unwrap_or_else(|| "en".into()),
                how_to_pay: HowToPay { instructions: var("PAYMENT_INSTRUCTIONS"), link: var("PAYMENT_LINK") },
                after_sales: crate::notify::render::AfterSalesWords {
                    review_url: var("REVIEW_URL"),
                    return_instructions: var("RETURN_INSTRUCTIONS"),
                },
                time_zone: var("SHOP_TIME_ZONE")
                    .and_then(|name| jiff::tz::TimeZone::get(&name).ok())
                    .unwrap_or(jiff::tz::TimeZone::UTC),
            },
            intake: IntakeDefaults {
                locale: var("SHOP_LOCALE").unwrap_or_else(|| "en".into()),
                phone_region: var("SHOP_PHONE_REGION").unwrap_or_else(|| "US".into()),
            },
            payment_terms: PaymentTerms {
                window: hours(vars, "PAYMENT_WINDOW_HOURS", 72),
                reminder_before: hours(vars, "PAYMENT_REMINDER_HOURS", 24),
            },
            after_sales: AfterSales {
                follow_up_after: hours(vars, "FOLLOW_UP_HOURS", 3 * 24),
                archive_after: hours(vars, "ARCHIVE_HOURS", 30 * 24),
                stuck_after: hours(vars, "STUCK_SHIPMENT_HOURS", 5 * 24),
                processing_sla: hours(vars, "PROCESSING_SLA_HOURS", 24),
                pickup_reminder_after: hours(vars, "PICKUP_REMINDER_HOURS", 3 * 24),
                pickup_expiry_after: hours(vars, "PICKUP_EXPIRY_HOURS", 7 * 24),
                return_window: SignedDuration::from_hours(
                    24 * vars
                        .var("RETURN_WINDOW_DAYS")
                        .and_then(|d| d.parse().ok())
                        .filter(|d| (1..=3660).contains(d))
                        .unwrap_or(14),
                ),
                warranty: SignedDuration::from_hours(
                    24 * vars
                        .var("WARRANTY_DAYS")
                        .and_then(|d| d.parse().ok())
                        .filter(|d| (1..=3660).contains(d))
                        .unwrap_or(730),
                ),
                calls_before_message: vars
                    .var("CALL_ATTEMPTS_BEFORE_SMS")
                    .and_then(|n| n.parse().ok())
                    .filter(|n| *n > 0)
                    .unwrap_or(2),
                retention: match var("RETENTION_DAYS") {
                    None => None,
                    Some(days) => match days.parse::<i64>() {
                        Ok(days) if (1..=36600).contains(&days) => Some(SignedDuration::from_hours(24 * days)),
                        _ => {
                            return Err(SettingError::Invalid(format!(
                                "RETENTION_DAYS must be a number of days, not {days:?}"
                            )));
                        }
                    },
                },
            },
            quiet_hours: var("QUIET_HOURS").and_then(|q| QuietHours::parse(&q)).unwrap_or_default(),
            paypal: match (var("PAYPAL_CLIENT_ID"), var("PAYPAL_CLIENT_SECRET")) {
                (Some(client_id), Some(client_secret)) => Some(PaypalApiSettings {
                    api_base: var("PAYPAL_API_BASE").unwrap_or_else(|| "https://api-m.paypal.com".into()),
                    client_id,
                    client_secret,
                    webhook_id: var("PAYPAL_WEBHOOK_ID"),
                }),
                _ => None,
            },
            invoice: InvoiceSettings {
                legal_name: var("SHOP_LEGAL_NAME").or_else(|| var("SHOP_NAME")).unwrap_or_else(|| "Shop".into()),
                address: var("SHOP_ADDRESS"),
                tax_id: var("SHOP_TAX_ID"),
                prefix: var("INVOICE_PREFIX").unwrap_or_default(),
            },
            staff: StaffAccounts::read(
                var("STAFF_ACCOUNTS").as_deref(),
                var("ADMIN_TOKEN").as_deref(),
                var("SESSION_KEY").as_deref(),
            )
            .map_err(SettingError::Invalid)?,
            feed: FeedSettings {
                bus_name: var("FEED_BUS_NAME"),
                queue_url: var("FEED_QUEUE_URL"),
                subscribers: match var("FEED_SUBSCRIBERS") {
                    Some(json) => crate::feed::read_subscribers(&json).map_err(SettingError::Invalid)?,
                    None => Vec::new(),
                },
                retry_base: SignedDuration::from_secs(
                    var("FEED_RETRY_SECONDS").and_then(|s| s.parse().ok()).filter(|s| *s > 0).unwrap_or(30),
                ),
                reach: match var("FEED_ALLOW_LOOPBACK").as_deref() {
                    Some("1") => crate::feed::Reach::PublicAndLoopback,
                    _ => crate::feed::Reach::Public,
                },
            },
            stripe: var("STRIPE_SECRET_KEY").map(|secret_key| StripeApiSettings {
                api_base: var("STRIPE_API_BASE").unwrap_or_else(|| "https://api.stripe.com".into()),
                secret_key,
            }),
            stripe_order_keys: var("STRIPE_ORDER_KEYS")
                .unwrap_or_else(|| "order_id,orderId,order_number".into())
                .split(',')
                .map(|key| key.trim().to_string())
                .filter(|key| !key.is_empty())
                .collect(),
            secrets: WebhookSecrets::from_vars(vars),
            limits: Limits::read(vars)?,
            lookup: match var("LOOKUP_KEY") {
                Some(key) => Some(crate::store::lookup::LookupKeys::read(Some(&key)).map_err(SettingError::Invalid)?),
                None => None,
            },
        })
    }
}

fn hours(vars: &impl Vars, name: &str, default: i64) -> SignedDuration {
    // Ten years at most: beyond any real delay, and far below what a duration can hold.
    let hours = vars.var(name).and_then(|v| v.parse().ok()).filter(|h| (1..=10 * 366 * 24).contains(h));
    SignedDuration::from_hours(hours.unwrap_or(default))
}

/// Webhook secrets by source. A source whose secret is unset rejects every request (fail closed).
/// A value may hold the current secret and the previous one separated by a space, and both are
/// accepted: a secret is rotated without rejecting the webhooks signed while the provider switches.
#[derive(Clone, Default)]
pub struct WebhookSecrets {
    values: Vec<(&'static str, String)>,
}

impl std::fmt::Debug for WebhookSecrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.values.iter().map(|(name, _)| name)).finish()
    }
}

impl WebhookSecrets {
    /// Every secret the project knows of, by environment variable name.
    pub const NAMES: [&'static str; 15] = [
        "SHOPIFY_WEBHOOK_SECRET",
        "WOOCOMMERCE_WEBHOOK_SECRET",
        "STRIPE_WEBHOOK_SECRET",
        "EASYPOST_WEBHOOK_SECRET",
        "AFTERSHIP_WEBHOOK_SECRET",
        "SHIPPO_WEBHOOK_SECRET",
        // The token in Shippo's webhook URL (`?token=`), for webhooks set up without a signature.
        "SHIPPO_URL_TOKEN",
        // One secret per kind of generic webhook: a leaked carrier secret cannot place orders.
        "GENERIC_ORDER_SECRET",
        "GENERIC_PAYMENT_SECRET",
        "GENERIC_CARRIER_SECRET",
        "ADMIN_TOKEN",
        // Signs the back office's session cookies: random, its own (never derived from a token).
        "SESSION_KEY",
        // Keys customers' lookup digests.
        "LOOKUP_KEY",
        // Seals the secrets of every shop but the default one, kept in their records (the
        // deployment's alone: never in a shop's own secrets).
        "SHOPS_KEY",
        // Only for the local PayPal verifier of `orderflow dev` and the tests; AWS uses PayPal's API.
        "PAYPAL_WEBHOOK_SECRET",
    ];

    pub fn from_vars(vars: &impl Vars) -> Self {
        Self { values: Self::NAMES.iter().filter_map(|name| Some((*name, vars.var(name)?))).collect() }
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.values.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
    }

    pub fn set(&mut self, name: &'static str, value: impl Into<String>) {
        self.values.retain(|(n, _)| *n != name);
        self.values.push((name, value.into()));
    }

    /// The fixed development value of secret `name` (`orderflow dev`, the bench).
    pub fn dev_default(name: &str) -> String {
        format!("dev-{}-5b0c8e1f4a9d7c3e", name.to_ascii_lowercase().replace('_', "-"))
    }

    /// Fills every unset secret with its development value and returns the names it filled.
    pub fn fill_dev_defaults(&mut self) -> Vec<(&'static str, String)> {
        let missing: Vec<_> = Self::NAMES
            .iter()
            .filter(|name| self.get(name).is_none())
            .map(|name| (*name, Self::dev_default(name)))
            .collect();
        for (name, value) in &missing {
            self.set(name, value.clone());
        }
        missing
    }

    pub fn order_secret(&self, source: OrderSource) -> Option<&str> {
        self.get(match source {
            OrderSource::Shopify => "SHOPIFY_WEBHOOK_SECRET",
            OrderSource::Woocommerce => "WOOCOMMERCE_WEBHOOK_SECRET",
            OrderSource::Generic => "GENERIC_ORDER_SECRET",
        })
    }

    /// The secret a carrier or tracking aggregator signs with.
    pub fn carrier_secret(&self, provider: CarrierProvider) -> Option<&str> {
        self.get(match provider {
            CarrierProvider::Easypost => "EASYPOST_WEBHOOK_SECRET",
            CarrierProvider::Aftership => "AFTERSHIP_WEBHOOK_SECRET",
            CarrierProvider::Shippo => "SHIPPO_WEBHOOK_SECRET",
            CarrierProvider::Shopify => "SHOPIFY_WEBHOOK_SECRET",
            CarrierProvider::Generic => "GENERIC_CARRIER_SECRET",
        })
    }

    /// The HMAC secret of a payment provider. For PayPal it is the local verifier's secret, used
    /// only where PayPal's API is not configured (`orderflow dev`, tests).
    pub fn payment_secret(&self, provider: PaymentProvider) -> Option<&str> {
        self.get(match provider {
            PaymentProvider::Stripe => "STRIPE_WEBHOOK_SECRET",
            PaymentProvider::Generic => "GENERIC_PAYMENT_SECRET",
            PaymentProvider::Paypal => "PAYPAL_WEBHOOK_SECRET",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn a_worker_whose_timeout_and_visibility_outlast_the_lease_does_not_start() {
        let vars = |timeout: &str, visibility: &str| {
            let mut vars: std::collections::BTreeMap<String, String> = [
                ("TABLE_NAME", "t"),
                ("EMAIL_QUEUE_URL", "e"),
                ("SMS_QUEUE_URL", "s"),
                ("SENDER_EMAIL", "a@b.c"),
                ("OWNER_EMAIL", "o@b.c"),
            ]
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .into();
            vars.insert("FUNCTION_TIMEOUT_SECONDS".into(), timeout.into());
            vars.insert("QUEUE_VISIBILITY_SECONDS".into(), visibility.into());
            Settings::from_vars(&vars)
        };
        assert!(vars("10", "60").is_ok());
        assert!(vars("240", "60").unwrap_err().to_string().contains("notice lease"));
    }

    #[test]
    fn the_templates_workers_state_their_real_timeout_and_visibility() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/infra/template.yaml");
        let template: serde_yaml::Value = serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let timeout = template["Globals"]["Function"]["Timeout"].as_i64().unwrap();
        for (function, queue) in [("NotifyEmailFunction", "EmailQueue"), ("NotifySmsFunction", "SmsQueue")] {
            let properties = &template["Resources"][function]["Properties"];
            let variables = &properties["Environment"]["Variables"];
            let stated = |name: &str| variables[name].as_str().and_then(|v| v.parse::<i64>().ok());
            assert_eq!(
                properties.get("Timeout").and_then(|t| t.as_i64()).unwrap_or(timeout),
                stated("FUNCTION_TIMEOUT_SECONDS").unwrap(),
                "{function}"
            );
            let visibility = template["Resources"][queue]["Properties"]["VisibilityTimeout"].as_i64().unwrap();
            assert_eq!(visibility, stated("QUEUE_VISIBILITY_SECONDS").unwrap(), "{function}");
        }
    }
}
