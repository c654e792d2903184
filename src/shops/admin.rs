//! `orderflow shops …`: adding a shop to a deployed stack, listing them, suspending and resuming.

use super::connect::{self, Storefront};
use super::sealed::SealingKey;
use super::{NewShop, ShopRecord};
use crate::config::Vars;
use crate::domain::usage::{Meter, estimated_cost};
use crate::domain::{CarrierProvider, OrderSource, PaymentProvider, ShopId, ShopState};
use crate::http::shops::BasePath;
use crate::store::{DynamoStore, Meters, ShopDirectory, StoreError};
use aws_types::SdkConfig;
use std::collections::BTreeMap;
use std::fmt::Write;
use strum::IntoEnumIterator;

/// The deployment of the shops: its table; to add one, also its queues, public address and
/// secret (`SECRETS_ID`, which holds `SHOPS_KEY`).
pub struct Deployment<'a> {
    pub config: &'a SdkConfig,
    pub table: &'a str,
    pub adding: Option<Adding<'a>>,
}

pub struct Adding<'a> {
    pub email_queue: &'a str,
    pub sms_queue: &'a str,
    pub api_url: &'a str,
    pub secrets_id: &'a str,
}

impl Deployment<'_> {
    fn store(&self) -> DynamoStore {
        DynamoStore::new(aws_sdk_dynamodb::Client::new(self.config), self.table, None)
    }

    fn adding(&self) -> Result<&Adding<'_>, String> {
        self.adding.as_ref().ok_or_else(|| "adding a shop needs the stack's queues, API address and secret".into())
    }

    async fn key(&self) -> Result<SealingKey, String> {
        let secret = crate::secrets::SecretStore::new(self.config, self.adding()?.secrets_id).read().await;
        let key = secret.map_err(|e| e.to_string())?.var("SHOPS_KEY").ok_or(
            "the deployment's secret has no SHOPS_KEY: add one (random text, 24 characters or more) and run again",
        )?;
        SealingKey::read(&key).map_err(|e| e.to_string())
    }

    /// The current value of shop `id`'s secret `name`: the default shop's from the deployment's
    /// secret, another's from its sealed record (during a rotation, the new one).
    async fn secret_of(&self, id: &ShopId, name: &str) -> Result<String, String> {
        let value = if id.is_default() {
            let secret = crate::secrets::SecretStore::new(self.config, self.adding()?.secrets_id).read().await;
            secret.map_err(|e| e.to_string())?.var(name)
        } else {
            let record = self.store().shop(id).await.map_err(|e| e.to_string())?.ok_or(format!("no shop {id}"))?;
            let secrets = self.key().await?.open(id, &record.secrets).map_err(|e| e.to_string())?;
            secrets.get(name).cloned()
        };
        let value = value.unwrap_or_default();
        let current = value.split_whitespace().next().ok_or(format!("shop {id} has no {name}"))?;
        Ok(current.to_string())
    }

    fn vars(&self) -> Result<BTreeMap<String, String>, String> {
        let adding = self.adding()?;
        let vars = [
            ("TABLE_NAME", self.table),
            ("EMAIL_QUEUE_URL", adding.email_queue),
            ("SMS_QUEUE_URL", adding.sms_queue),
            ("PUBLIC_BASE_URL", adding.api_url),
        ];
        Ok(vars.map(|(k, v)| (k.to_string(), v.to_string())).into())
    }
}

/// Adds shop `id` with `settings` and the secrets `given` (a provider's signing secret, say); makes
/// the others, seals them into the shop's record, makes its sender an SES identity; says where its
/// webhooks go and what was made for it (shown this once).
pub async fn add(
    deployment: &Deployment<'_>,
    id: &str,
    settings: BTreeMap<String, String>,
    given: BTreeMap<String, String>,
) -> Result<String, String> {
    let id = ShopId::parse(id).map_err(|e| e.to_string())?;
    let key = deployment.key().await?;
    let shop = NewShop::new(id, settings, given, &key, &deployment.vars()?, jiff::Timestamp::now())
        .map_err(|e| e.to_string())?;
    // The sender first: a shop whose sender SES refuses is not added (run again once it is fixed).
    let sender = shop.record.settings.get("SENDER_EMAIL").cloned().unwrap_or_default();
    crate::aws::add_sender(deployment.config, &sender).await?;
    match deployment.store().put_shop(&shop.record, true).await {
        Err(StoreError::Conflict) => return Err(format!("shop {} exists already", shop.record.id)),
        other => other.map_err(|e| e.to_string())?,
    }
    let mut out = String::new();
    let base = format!("{}/s/{}", deployment.adding()?.api_url.trim_end_matches('/'), shop.record.id);
    let _ = writeln!(out, "shop {} added; SES asks {sender} to confirm it can send from there", shop.record.id);
    let _ = writeln!(out, "\nwebhooks (each verified with this shop's secrets only):");
    for source in OrderSource::iter() {
        let _ = writeln!(out, "  {base}/webhooks/orders/{}", source.as_str());
    }
    for provider in PaymentProvider::iter() {
        let _ = writeln!(out, "  {base}/webhooks/payments/{}", provider.as_str());
    }
    for provider in CarrierProvider::iter() {
        let _ = writeln!(out, "  {base}/webhooks/carriers/{}", provider.as_str());
    }
    let _ = writeln!(out, "\nadmin API: {base}/admin/orders  (Authorization: Bearer ADMIN_TOKEN below)");
    let _ = writeln!(out, "customers' pages: {base}/track/…  (linked from every message)");
    let _ = writeln!(
        out,
        "staff sign-in: {base}/staff/sign-in  (the accounts of its STAFF_ACCOUNTS, or \"admin\" with ADMIN_TOKEN below)"
    );
    let _ = writeln!(out, "\nmade for this shop, shown this once (kept sealed in its record):");
    for (name, value) in &shop.generated {
        let _ = writeln!(out, "  {name}={value}");
    }
    Ok(out)
}

/// How `shops connect` reaches a storefront's API (see [`connect::Storefront`]).
pub enum Access {
    Shopify { store: String, token: String },
    Woocommerce { store: String, key: String, secret: String },
}

/// Registers every webhook topic orderflow follows with shop `id`'s storefront, at the shop's
/// addresses (`apply`), or says which are missing; either way changes nothing that is there.
pub async fn connect(deployment: &Deployment<'_>, id: &str, access: Access, apply: bool) -> Result<String, String> {
    let id = ShopId::parse(id).map_err(|e| e.to_string())?;
    let base = format!("{}{}", deployment.adding()?.api_url.trim_end_matches('/'), BasePath::of(&id).join(""));
    let storefront = match access {
        Access::Shopify { store, token } => Storefront::Shopify { store, token },
        Access::Woocommerce { store, key, secret } => {
            let webhook_secret = deployment.secret_of(&id, "WOOCOMMERCE_WEBHOOK_SECRET").await?;
            Storefront::Woocommerce { store, key, secret, webhook_secret }
        }
    };
    if !id.is_default() && deployment.store().shop(&id).await.map_err(|e| e.to_string())?.is_none() {
        return Err(format!("no shop {id}"));
    }
    let connection = connect::connect(&storefront, &base, apply).await?;
    let mut out = connection.report(storefront.source());
    if !apply && connection.missing.is_empty() {
        let _ = writeln!(out, "every topic reaches {base}");
    }
    match apply || connection.missing.is_empty() {
        true => Ok(out),
        false => Err(format!("{out}run `orderflow shops connect` to subscribe them")),
    }
}

/// Every shop of the deployment: name, state, when added, sender.
pub async fn list(deployment: &Deployment<'_>) -> Result<String, String> {
    let shops = deployment.store().shops().await.map_err(|e| e.to_string())?;
    let mut out = format!("{:<32} {:<10} {:<26} sender\n", "shop", "state", "added");
    let _ = writeln!(out, "{:<32} {:<10} {:<26} (the deployment's)", ShopId::DEFAULT, "active", "-");
    for shop in shops {
        let sender = shop.settings.get("SENDER_EMAIL").map_or("", String::as_str);
        let _ = write!(out, "{:<32} {:<10} {:<26} {sender}", shop.id, shop.state.as_str(), shop.created_at);
        let _ = match shop.erase_after {
            Some(at) => writeln!(out, "  (erased from {at})"),
            None => writeln!(out),
        };
    }
    Ok(out)
}

/// Suspends or resumes shop `id`: a suspended shop's webhooks and pages answer 404 and its
/// messages wait, its data kept (functions see the change within a minute). A removed shop resumed
/// before its grace period ends is a shop again; after it, it is gone.
pub async fn set_state(deployment: &Deployment<'_>, id: &str, state: ShopState) -> Result<String, String> {
    let id = ShopId::parse(id).map_err(|e| e.to_string())?;
    let store = deployment.store();
    let record: ShopRecord = store.shop(&id).await.map_err(|e| e.to_string())?.ok_or(format!("no shop {id}"))?;
    if record.erased_to.is_some() || record.erase_after.is_some_and(|at| at <= jiff::Timestamp::now()) {
        return Err(format!("shop {id} was removed and its data is being erased"));
    }
    if record.state == ShopState::Removed && state != ShopState::Active {
        return Err(format!("shop {id} is removed: `orderflow shops resume {id}` keeps it"));
    }
    let record = ShopRecord { state, erase_after: None, ..record };
    store.put_shop(&record, false).await.map_err(|e| e.to_string())?;
    Ok(format!("shop {id} is {}\n", state.as_str()))
}

/// The days a removed shop's data is kept unless told otherwise.
pub const GRACE_DAYS: u16 = 30;

/// The least time between a shop's removal and its erasure, whatever the grace period: functions
/// serve a shop from their registry for up to a minute after its record changes, and a worker's
/// run started before then ends within its timeout; by then nothing writes under its keys again
/// (an item written after the erasure's scan had passed it would outlive the shop, and be found
/// by a new shop of the same name).
pub const ERASE_NOT_SOONER: jiff::SignedDuration = jiff::SignedDuration::from_mins(10);

/// Removes shop `id`: refused from now on as a suspended shop is, its data (orders, customers,
/// messages' ledger, audit, usage) and record erased by the scheduler once `grace_days` have passed.
pub async fn remove(deployment: &Deployment<'_>, id: &str, grace_days: u16) -> Result<String, String> {
    let id = ShopId::parse(id).map_err(|e| e.to_string())?;
    if id.is_default() {
        return Err("the default shop is the deployment's own: delete the stack to remove it".into());
    }
    let store = deployment.store();
    let record: ShopRecord = store.shop(&id).await.map_err(|e| e.to_string())?.ok_or(format!("no shop {id}"))?;
    if record.state == ShopState::Removed {
        let at = record.erase_after.map(|at| at.to_string()).unwrap_or_default();
        return Err(format!("shop {id} is removed already (erased from {at})"));
    }
    let grace = jiff::SignedDuration::from_hours(24 * i64::from(grace_days)).max(ERASE_NOT_SOONER);
    let erase_after = jiff::Timestamp::now() + grace;
    let removed = ShopRecord { state: ShopState::Removed, erase_after: Some(erase_after), ..record };
    store.put_shop(&removed, false).await.map_err(|e| e.to_string())?;
    let month = crate::domain::usage::month_of(jiff::Timestamp::now());
    Ok(format!(
        "shop {id} is removed: its webhooks, pages and messages are refused from now on (within a minute)\n\
         its data and record are erased from {erase_after} (UTC); until then `orderflow shops resume {id}` keeps them\n\
         its usage goes with them: `orderflow usage --shop {id} --month {month}` for its last bill\n"
    ))
}

/// `month`'s usage of every shop (or of `only`): a table, or CSV (`shop,month,meter,count` rows,
/// and each shop's `estimated_usd`).
pub async fn usage(deployment: &Deployment<'_>, month: &str, only: Option<&str>, csv: bool) -> Result<String, String> {
    let store = deployment.store();
    let mut shops = vec![ShopId::default()];
    shops.extend(store.shops().await.map_err(|e| e.to_string())?.into_iter().map(|shop| shop.id));
    if let Some(only) = only {
        let only = ShopId::parse(only).map_err(|e| e.to_string())?;
        shops.retain(|shop| *shop == only);
        if shops.is_empty() {
            return Err(format!("no shop {only}"));
        }
    }
    let mut out = match csv {
        true => "shop,month,meter,count\n".to_string(),
        false => format!(
            "{:<32} {:>8} {:>8} {:>8} {:>6} {:>9} {:>8} {:>9} {:>9} {:>10}\n",
            "shop", "orders", "events", "emails", "sms", "segments", "feed", "items", "MB", "est. $"
        ),
    };
    for shop in shops {
        let usage = store.clone().for_shop(&shop).usage(month).await.map_err(|e| e.to_string())?;
        let cost = estimated_cost(&usage);
        if csv {
            for (meter, count) in usage.counts() {
                let _ = writeln!(out, "{shop},{month},{meter},{count}");
            }
            let _ = writeln!(out, "{shop},{month},estimated_usd,{cost:.4}");
            continue;
        }
        let get = |meter| usage.get(meter);
        let _ = writeln!(
            out,
            "{:<32} {:>8} {:>8} {:>8} {:>6} {:>9} {:>8} {:>9} {:>9.3} {:>10.4}",
            shop.as_str(),
            get(Meter::Orders),
            get(Meter::Events),
            get(Meter::Emails),
            get(Meter::Sms),
            get(Meter::SmsSegments),
            get(Meter::FeedDeliveries),
            get(Meter::StoredItems),
            get(Meter::StoredBytes) as f64 / 1e6,
            cost
        );
        let countries: Vec<String> = usage.segments_by_country().map(|(c, n)| format!("{c} {n}")).collect();
        if !countries.is_empty() {
            let _ = writeln!(out, "{:<32} SMS segments by country: {}", "", countries.join(", "));
        }
    }
    Ok(out)
}
