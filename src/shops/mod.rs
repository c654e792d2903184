//! The shops of one deployment. The default shop is configured as a single-shop deployment is (the
//! functions' variables and the deployment's secret); every other shop is a record in the table:
//! its settings by variable name and its secrets sealed ([`sealed`]). A function builds a shop's
//! services from its record on first use and keeps them a while ([`registry`]).

/// The operator's commands for shops (`orderflow shops …`).
#[cfg(feature = "dev")]
pub mod admin;
pub mod close;
/// `orderflow shops connect|check`: the storefronts' webhooks registered through their APIs.
#[cfg(feature = "dev")]
pub mod connect;
pub mod registry;
pub mod sealed;
pub mod serve;

use crate::config::{SettingError, Settings, Vars};
use crate::domain::{ShopId, ShopState};
use jiff::Timestamp;
use sealed::{Sealed, SealingKey};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub use registry::Shops;

/// A shop other than the default one, as its record keeps it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ShopRecord {
    pub id: ShopId,
    #[serde(default)]
    pub state: ShopState,
    /// The shop's settings by their variable names (`SHOP_NAME`, `OWNER_EMAIL`, `SENDER_EMAIL`,
    /// `SHOP_LOCALE`, `SHOP_TIME_ZONE`, …, as in the README's "Configuration"): never a secret, nor
    /// one of the deployment's [`SHARED`] names.
    pub settings: BTreeMap<String, String>,
    /// The shop's secrets (webhook secrets, admin token, session and lookup keys, provider keys).
    pub secrets: Sealed,
    pub created_at: Timestamp,
    /// A removed shop's: when its data goes (the scheduler erases it from then on).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub erase_after: Option<Timestamp>,
    /// A removed shop's erasure under way: the last key erased, where the next run goes on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub erased_to: Option<TableKey>,
}

/// A key of the table: where a scan over it (a shop's erasure, a month's census) goes on from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableKey {
    pub pk: String,
    pub sk: String,
}

/// The names every shop takes from the deployment: its table, queues, feed bus and queue, and the
/// limits the template sets. Anything else a shop has of its own, or not at all: a shop never falls
/// back to the default shop's owner, sender, words or secrets.
pub const SHARED: [&str; 12] = [
    "TABLE_NAME",
    "EMAIL_QUEUE_URL",
    "SMS_QUEUE_URL",
    "SES_CONFIGURATION_SET",
    "FEED_BUS_NAME",
    "FEED_QUEUE_URL",
    "FEED_RETRY_SECONDS",
    "FEED_ALLOW_LOOPBACK",
    "FUNCTION_TIMEOUT_SECONDS",
    "QUEUE_VISIBILITY_SECONDS",
    "STRIPE_API_BASE",
    "PAYPAL_API_BASE",
];

/// A shop's variables: its record's settings, its opened secrets, and of the deployment's only the
/// [`SHARED`] names. Its public address is the deployment's with `/s/<shop>` unless it has its own.
pub struct ShopVars<'a, E> {
    pub record: &'a ShopRecord,
    pub secrets: &'a BTreeMap<String, String>,
    pub deployment: &'a E,
}

impl<E: Vars> Vars for ShopVars<'_, E> {
    fn var(&self, name: &str) -> Option<String> {
        let own = |values: &BTreeMap<String, String>| {
            values.get(name).map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
        };
        match name {
            "SHOP_ID" => Some(self.record.id.to_string()),
            "PUBLIC_BASE_URL" => own(&self.record.settings).or_else(|| {
                let base = self.deployment.var(name).unwrap_or_else(|| "http://127.0.0.1:3000".into());
                Some(format!("{}/s/{}", base.trim_end_matches('/'), self.record.id))
            }),
            name if crate::secrets::is_secret(name) => own(self.secrets),
            name if SHARED.contains(&name) => self.deployment.var(name),
            _ => own(&self.record.settings),
        }
    }
}

impl ShopRecord {
    /// A new shop's record: `settings` checked (no secret, nothing shared, the settings complete
    /// and valid together with the deployment's), `secrets` sealed with `key`.
    pub fn new(
        id: ShopId,
        settings: BTreeMap<String, String>,
        secrets: &BTreeMap<String, String>,
        key: &SealingKey,
        deployment: &impl Vars,
        now: Timestamp,
    ) -> Result<Self, SettingError> {
        if id.is_default() {
            return Err(SettingError::Invalid("the default shop is the deployment's own, not a record".into()));
        }
        for name in settings.keys() {
            if crate::secrets::is_secret(name) || SHARED.contains(&name.as_str()) || name == "SHOP_ID" {
                return Err(SettingError::Invalid(format!("{name} is not a shop's setting")));
            }
        }
        if let Some(name) = secrets.keys().find(|name| !crate::secrets::is_secret(name) || *name == "SHOPS_KEY") {
            return Err(SettingError::Invalid(format!("{name} is not a shop's secret")));
        }
        let sealed = key.seal(&id, secrets);
        let record = Self {
            id,
            state: ShopState::Active,
            settings,
            secrets: sealed,
            created_at: now,
            erase_after: None,
            erased_to: None,
        };
        record.settings_with(secrets, deployment)?;
        Ok(record)
    }

    /// The shop's settings, its secrets opened with `key`.
    pub fn settings(&self, key: &SealingKey, deployment: &impl Vars) -> Result<Settings, SettingError> {
        let secrets = key.open(&self.id, &self.secrets).map_err(|e| SettingError::Invalid(e.to_string()))?;
        self.settings_with(&secrets, deployment)
    }

    fn settings_with(
        &self,
        secrets: &BTreeMap<String, String>,
        deployment: &impl Vars,
    ) -> Result<Settings, SettingError> {
        Settings::from_vars(&ShopVars { record: self, secrets, deployment })
    }
}

/// The secrets orderflow makes for a new shop: its tokens and keys, and the webhook secrets that
/// the shop gives its providers (WooCommerce and the generic webhooks take any). The providers
/// that make their own (Shopify, Stripe, EasyPost, AfterShip, Shippo) are given as they made them.
pub const GENERATED: [&str; 8] = [
    "ADMIN_TOKEN",
    "SESSION_KEY",
    "LOOKUP_KEY",
    "WOOCOMMERCE_WEBHOOK_SECRET",
    "GENERIC_ORDER_SECRET",
    "GENERIC_PAYMENT_SECRET",
    "GENERIC_CARRIER_SECRET",
    "SHIPPO_URL_TOKEN",
];

/// A new shop's record and the secrets made for it (to be shown once, to whoever adds the shop).
pub struct NewShop {
    pub record: ShopRecord,
    pub generated: BTreeMap<String, String>,
}

impl NewShop {
    /// The record of shop `id` with `settings`, the secrets `given` and those [`GENERATED`] that
    /// were not given, sealed with `key`.
    pub fn new(
        id: ShopId,
        settings: BTreeMap<String, String>,
        given: BTreeMap<String, String>,
        key: &SealingKey,
        deployment: &impl Vars,
        now: Timestamp,
    ) -> Result<Self, SettingError> {
        let generated: BTreeMap<String, String> = GENERATED
            .iter()
            .filter(|name| !given.contains_key(**name))
            .map(|name| {
                let mut bytes = [0u8; 24];
                getrandom::fill(&mut bytes).expect("the system random source is available");
                (name.to_string(), hex::encode(bytes))
            })
            .collect();
        let mut secrets = given;
        secrets.extend(generated.clone());
        Ok(Self { record: ShopRecord::new(id, settings, &secrets, key, deployment, now)?, generated })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deployment() -> BTreeMap<String, String> {
        [
            ("TABLE_NAME", "orders"),
            ("EMAIL_QUEUE_URL", "email"),
            ("SMS_QUEUE_URL", "sms"),
            ("SENDER_EMAIL", "default-shop@example.com"),
            ("OWNER_EMAIL", "default-owner@example.com"),
            ("SHOP_NAME", "The Default Shop"),
            ("PUBLIC_BASE_URL", "https://orders.example.com/"),
            ("WOOCOMMERCE_WEBHOOK_SECRET", "the-default-shops-secret"),
        ]
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .into()
    }

    fn strings(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn a_shop_has_its_own_settings_and_secrets_and_only_the_deployments_shared_ones() {
        let key = SealingKey::read("a-random-key-of-enough-length-31f9").unwrap();
        let north = ShopId::parse("north").unwrap();
        let settings = strings(&[("SENDER_EMAIL", "north@example.com"), ("OWNER_EMAIL", "owner@north.example")]);
        let secrets = strings(&[("ADMIN_TOKEN", "north-admin-token-7d1e9a3c5b")]);
        let record =
            ShopRecord::new(north.clone(), settings, &secrets, &key, &deployment(), Timestamp::UNIX_EPOCH).unwrap();
        let shop = record.settings(&key, &deployment()).unwrap();
        assert_eq!(shop.shop, north);
        assert_eq!(
            (shop.sender_email.as_str(), shop.owner_email.expose().as_str()),
            ("north@example.com", "owner@north.example")
        );
        assert_eq!(shop.table_name, "orders", "shared");
        assert_eq!(shop.branding.name, "Our shop", "not the default shop's name");
        assert_eq!(shop.branding.public_base_url, "https://orders.example.com/s/north");
        assert_eq!(shop.secrets.get("WOOCOMMERCE_WEBHOOK_SECRET"), None, "never the default shop's secret");
        assert_eq!(shop.secrets.get("ADMIN_TOKEN"), Some("north-admin-token-7d1e9a3c5b"));
        let stored = serde_json::to_string(&record).unwrap();
        assert!(!stored.contains("north-admin-token"), "sealed in the record: {stored}");
    }

    #[test]
    fn a_record_refuses_secrets_among_its_settings_and_settings_it_cannot_run_with() {
        let key = SealingKey::read("a-random-key-of-enough-length-31f9").unwrap();
        let north = ShopId::parse("north").unwrap();
        let complete = strings(&[("SENDER_EMAIL", "north@example.com"), ("OWNER_EMAIL", "owner@north.example")]);
        let record = |settings: &[(&str, &str)], secrets: &[(&str, &str)]| {
            let mut all = complete.clone();
            all.extend(strings(settings));
            ShopRecord::new(north.clone(), all, &strings(secrets), &key, &deployment(), Timestamp::UNIX_EPOCH)
        };
        assert!(record(&[], &[]).is_ok());
        assert!(record(&[("ADMIN_TOKEN", "in-the-clear-1234567890")], &[]).is_err(), "a secret as a setting");
        assert!(record(&[("TABLE_NAME", "another")], &[]).is_err(), "the deployment's");
        assert!(record(&[], &[("SHOP_NAME", "North")]).is_err(), "a setting as a secret");
        assert!(record(&[], &[("SHOPS_KEY", "the-deployments-own-key-123")]).is_err());
        assert!(record(&[("PUBLIC_BASE_URL", "javascript:alert(1)")], &[]).is_err(), "checked as the deployment's are");
        let incomplete = ShopRecord::new(
            north,
            strings(&[("SENDER_EMAIL", "n@example.com")]),
            &BTreeMap::new(),
            &key,
            &deployment(),
            Timestamp::UNIX_EPOCH,
        );
        assert!(incomplete.unwrap_err().to_string().contains("OWNER_EMAIL"), "no owner of the default shop's");
    }
}
