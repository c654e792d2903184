//! The close of a month, by the scheduler once the month is over: the table counted (each item's
//! size, by the shop its key names) into every shop's usage of the month, then each shop's
//! `usage.closed` sent, signed, to the host: the deployment's own subscribers that name
//! `usage.closed` among their kinds. Spread over runs (a few pages of the table each), going on
//! where the last ended; at least once per host (a failed send is tried again next run, from that
//! shop on: a host dedupes by the event's id).

use crate::config::Settings;
use crate::domain::usage::previous_month;
use crate::domain::{ShopId, ShopState};
use crate::feed::{FeedKind, SIGNATURE_HEADER, UsageClosed};
use crate::store::dynamo::MonthClose;
use crate::store::{DynamoStore, Meters, ShopDirectory, StoreError};
use jiff::Timestamp;
use std::collections::BTreeSet;
use std::sync::Mutex;

/// Pages of the table (1,000 items or 1 MB each) one run counts.
const CENSUS_PAGES_PER_RUN: usize = 8;

/// The months this process knows are closed, by table: a warm scheduler reads a close's item only
/// until it is done.
static CLOSED: Mutex<BTreeSet<(String, String)>> = Mutex::new(BTreeSet::new());

/// Goes on with closing the month before `now`'s; `settings` are the deployment's own shop's.
pub async fn close_month(directory: &DynamoStore, settings: &Settings, now: Timestamp) -> Result<(), StoreError> {
    let month = previous_month(now);
    let memo = (settings.table_name.clone(), month.clone());
    if CLOSED.lock().expect("the closed months").contains(&memo) {
        return Ok(());
    }
    let mut close = directory.month_close(&month).await?.unwrap_or_else(|| MonthClose { month, ..Default::default() });
    if !close.done {
        go_on(directory, settings, &mut close, now).await?;
        directory.put_month_close(&close).await?;
    }
    if close.done {
        CLOSED.lock().expect("the closed months").insert(memo);
    }
    Ok(())
}

async fn go_on(
    directory: &DynamoStore,
    settings: &Settings,
    close: &mut MonthClose,
    now: Timestamp,
) -> Result<(), StoreError> {
    let month = close.month.clone();
    if !close.counted {
        directory.census(close, CENSUS_PAGES_PER_RUN).await?;
        if !close.counted {
            return Ok(());
        }
        // The shops of the deployment (not one removed or erased since its items were counted).
        let records = directory.shops().await?;
        let live =
            |shop: &ShopId| shop.is_default() || records.iter().any(|r| r.id == *shop && r.state != ShopState::Removed);
        close.stored.retain(|shop, _| live(shop));
        for (shop, (items, bytes)) in &close.stored {
            directory.clone().for_shop(shop).record_stored(&month, *items, *bytes).await?;
        }
        tracing::info!(%month, shops = close.stored.len(), "the month's census is done");
    }
    let hosts: Vec<_> = settings.feed.subscribers.iter().filter(|s| s.wants(FeedKind::UsageClosed)).collect();
    let http = crate::app::feed::delivery_client(settings.feed.reach);
    let shops: Vec<_> = close.stored.keys().filter(|shop| !close.sent.contains(*shop)).cloned().collect();
    for shop in shops.into_iter().filter(|_| !hosts.is_empty()) {
        let usage = directory.clone().for_shop(&shop).usage(&month).await?;
        let event = UsageClosed::new(&shop, &month, &usage, now);
        let body = serde_json::to_vec(&event).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        for host in &hosts {
            let sent = match settings.feed.reach.refuses_literal(&host.url) {
                true => None,
                false => {
                    let post = http.post(&host.url).header("content-type", "application/json");
                    let post = post
                        .header(SIGNATURE_HEADER, host.sign(&body, now))
                        .header(crate::feed::EVENT_ID_HEADER, &event.id);
                    post.body(body.clone()).send().await.ok()
                }
            };
            if !sent.is_some_and(|answer| answer.status().is_success()) {
                tracing::warn!(subscriber = %host.name, %shop, %month, "usage.closed not delivered: again next run");
                return Ok(());
            }
        }
        close.sent.insert(shop);
    }
    close.done = true;
    Ok(())
}
