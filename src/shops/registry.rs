//! A function's services for every shop it is asked about: the default shop's from the
//! deployment's settings ([`Fresh`]), another shop's built from its record on first use and kept
//! for the secret's time to live (a suspended or changed shop is read again after it).

use super::sealed::SealingKey;
use crate::config::{SettingError, Settings};
use crate::domain::{ShopId, ShopState};
use crate::secrets::Fresh;
use crate::store::{DynamoStore, ShopDirectory, StoreError};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Shops whose services a function keeps at once; past it, the oldest is let go (read again when
/// asked). Names nobody has are not kept: a stranger's guesses cannot grow it.
const KEPT: usize = 512;

/// How long another shop's services are kept before its record is read again.
const KEEP_FOR: Duration = Duration::from_secs(60);

/// Why a shop's services could not be had.
#[derive(Debug, thiserror::Error)]
pub enum ShopError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("shop {shop}: {error}")]
    Settings { shop: ShopId, error: SettingError },
}

/// What [`Shops::survey`] found.
pub struct Survey<T> {
    pub served: Vec<(ShopId, T)>,
    pub removed: Vec<super::ShopRecord>,
    pub directory: DynamoStore,
}

pub struct Shops<T> {
    default: Arc<Fresh<T>>,
    kept: tokio::sync::Mutex<HashMap<ShopId, (T, Instant)>>,
}

impl<T: Clone> Shops<T> {
    pub fn new(default: Arc<Fresh<T>>) -> Arc<Self> {
        Arc::new(Self { default, kept: tokio::sync::Mutex::new(HashMap::new()) })
    }

    /// `shop`'s services; none when there is no such shop or it is suspended.
    pub async fn get(&self, shop: &ShopId) -> Result<Option<T>, ShopError> {
        if shop.is_default() {
            return Ok(Some(self.default.current().await));
        }
        if let Some((services, at)) = self.kept.lock().await.get(shop)
            && at.elapsed() < KEEP_FOR
        {
            return Ok(Some(services.clone()));
        }
        let (_, deployment) = self.default.current_with_settings().await;
        let Some(record) = self.directory(&deployment).shop(shop).await? else {
            self.kept.lock().await.remove(shop);
            return Ok(None);
        };
        let services = self.build(&deployment, &record)?;
        let mut kept = self.kept.lock().await;
        match &services {
            Some(services) => {
                if kept.len() >= KEPT && !kept.contains_key(shop) {
                    let oldest = kept.iter().min_by_key(|(_, (_, at))| *at).map(|(id, _)| id.clone());
                    oldest.map(|oldest| kept.remove(&oldest));
                }
                kept.insert(shop.clone(), (services.clone(), Instant::now()));
            }
            None => {
                kept.remove(shop);
            }
        }
        Ok(services)
    }

    /// Every shop's services that is served: the default shop's first, then each active shop's,
    /// in the order of their names. A shop whose settings cannot be read is left out and logged.
    pub async fn all(&self) -> Result<Vec<(ShopId, T)>, ShopError> {
        Ok(self.survey().await?.served)
    }

    /// Every shop's services that is served (as [`Self::all`]), the removed shops' records, and
    /// the directory they are in (to erase them).
    pub async fn survey(&self) -> Result<Survey<T>, ShopError> {
        let (default, deployment) = self.default.current_with_settings().await;
        let mut served = vec![(ShopId::default(), default)];
        let directory = self.directory(&deployment);
        let mut removed = Vec::new();
        for record in directory.shops().await? {
            if record.state == ShopState::Removed {
                removed.push(record);
                continue;
            }
            match self.build(&deployment, &record) {
                Ok(Some(services)) => served.push((record.id, services)),
                Ok(None) => {}
                Err(error) => tracing::error!(%error, "a shop's settings cannot be read: it is left out"),
            }
        }
        Ok(Survey { served, removed, directory })
    }

    fn directory(&self, deployment: &Settings) -> DynamoStore {
        DynamoStore::new(aws_sdk_dynamodb::Client::new(self.default.config()), &deployment.table_name, None)
    }

    /// The services of an active shop's record; none for a suspended one.
    fn build(&self, deployment: &Settings, record: &super::ShopRecord) -> Result<Option<T>, ShopError> {
        if record.state != ShopState::Active {
            return Ok(None);
        }
        let settings_error = |error| ShopError::Settings { shop: record.id.clone(), error };
        let key = deployment.secrets.get("SHOPS_KEY").ok_or_else(|| {
            settings_error(SettingError::Invalid("SHOPS_KEY is unset: no shop but the default is served".into()))
        })?;
        let key = SealingKey::read(key).map_err(|e| settings_error(SettingError::Invalid(e.to_string())))?;
        let settings = record.settings(&key, self.default.env()).map_err(settings_error)?;
        Ok(Some(self.default.build(Arc::new(settings))))
    }
}
