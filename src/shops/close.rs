//! The close of a month, by the scheduler once the month is over: the table counted (each item's
//! size, by the shop its key names) into every shop's usage of the month, then each shop's
//! `usage.closed` sent, signed, to the host: the deployment's own subscribers that name
//! `usage.closed` among their kinds. Spread over runs (a few pages of the table each, then up to
//! 20 s of sending), going on where the last ended; at least once per host and shop (what each
//! host has is kept after each shop; a host that fails is tried again next run, the others go on;
//! a host dedupes by the event's id).

use crate::config::Settings;
use crate::domain::usage::{month_before, previous_month};
use crate::domain::{ShopId, ShopState};
use crate::feed::{FeedKind, SIGNATURE_HEADER, UsageClosed};
use crate::store::dynamo::MonthClose;
use crate::store::{DynamoStore, Meters, ShopDirectory, StoreError};
use jiff::Timestamp;
use std::collections::BTreeSet;
use std::sync::Mutex;

/// Pages of the table (1,000 items or 1 MB each) one run counts.
const CENSUS_PAGES_PER_RUN: usize = 8;

/// How long one run goes on sending `usage.closed` events (each POST may take the feed's timeout):
/// well inside the scheduler's minute; the next run goes on from there.
const SENDING_PER_RUN: std::time::Duration = std::time::Duration::from_secs(20);

/// The months this process knows are closed, by table: a warm scheduler reads a close's item only
/// until it is done.
static CLOSED: Mutex<BTreeSet<(String, String)>> = Mutex::new(BTreeSet::new());

/// Goes on with closing the month before `now`'s, after the month before that if its close is not
/// done (a host down when its month ended still gets it); `settings` are the deployment's own shop's.
pub async fn close_month(directory: &DynamoStore, settings: &Settings, now: Timestamp) -> Result<(), StoreError> {
    let month = previous_month(now);
    let until = std::time::Instant::now() + SENDING_PER_RUN;
    if let Some(before) = month_before(&month) {
        go_on_with(directory, settings, before, false, now, until).await?;
    }
    go_on_with(directory, settings, month, true, now, until).await
}

/// `month`'s close gone on with; `begin`: started when it has no item yet.
async fn go_on_with(
    directory: &DynamoStore,
    settings: &Settings,
    month: String,
    begin: bool,
    now: Timestamp,
    until: std::time::Instant,
) -> Result<(), StoreError> {
    let memo = (settings.table_name.clone(), month.clone());
    if CLOSED.lock().expect("the closed months").contains(&memo) {
        return Ok(());
    }
    let close = match directory.month_close(&month).await? {
        Some(close) => Some(close),
        None if begin => Some(MonthClose { month, ..Default::default() }),
        None => None,
    };
    let Some(mut close) = close else {
        // Never begun: a month before this deployment's first close, or closed by a process gone.
        CLOSED.lock().expect("the closed months").insert(memo);
        return Ok(());
    };
    if !close.done {
        go_on(directory, settings, &mut close, now, until).await?;
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
    until: std::time::Instant,
) -> Result<(), StoreError> {
    let month = close.month.clone();
    if !close.counted {
        directory.census(close, CENSUS_PAGES_PER_RUN).await?;
        if !close.counted {
            return Ok(());
        }
        // The shops of the deployment: every shop with a record (none of its items counted is
        // counted as none), not one whose erasure may have begun since its items were counted.
        let records = directory.shops().await?;
        let kept =
            |r: &&crate::shops::ShopRecord| r.state != ShopState::Removed || r.erase_after.is_some_and(|at| at > now);
        let live: BTreeSet<ShopId> =
            std::iter::once(ShopId::default()).chain(records.iter().filter(kept).map(|r| r.id.clone())).collect();
        close.stored.retain(|shop, _| live.contains(shop));
        for shop in live {
            close.stored.entry(shop).or_default();
        }
        for (shop, (items, bytes)) in &close.stored {
            directory.clone().for_shop(shop).record_stored(&month, *items, *bytes).await?;
        }
        tracing::info!(%month, shops = close.stored.len(), "the month's census is done");
    }
    let (hosts, unreachable): (Vec<_>, Vec<_>) = settings
        .feed
        .subscribers
        .iter()
        .filter(|s| s.wants(FeedKind::UsageClosed))
        .partition(|s| !settings.feed.reach.refuses_literal(&s.url));
    for host in unreachable {
        tracing::warn!(subscriber = %host.name, %month, "usage.closed is not sent to an address refused by FEED_REACH");
    }
    let http = crate::app::feed::delivery_client(settings.feed.reach);
    // The hosts that failed this run are tried again next run; the others go on.
    let mut down: BTreeSet<&str> = BTreeSet::new();
    let shops: Vec<ShopId> = close.stored.keys().cloned().collect();
    for shop in shops {
        let waiting: Vec<_> =
            hosts.iter().filter(|h| !down.contains(h.name.as_str()) && !close.has_sent(&h.name, &shop)).collect();
        if waiting.is_empty() {
            continue;
        }
        if std::time::Instant::now() > until {
            return Ok(());
        }
        let usage = directory.clone().for_shop(&shop).usage(&month).await?;
        let event = UsageClosed::new(&shop, &month, &usage, now);
        let body = serde_json::to_vec(&event).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let mut delivered = false;
        for host in waiting {
            let post = http.post(&host.url).header("content-type", "application/json");
            let post =
                post.header(SIGNATURE_HEADER, host.sign(&body, now)).header(crate::feed::EVENT_ID_HEADER, &event.id);
            match post.body(body.clone()).send().await {
                Ok(answer) if answer.status().is_success() => {
                    close.mark_sent(&host.name, &shop);
                    delivered = true;
                }
                _ => {
                    tracing::warn!(subscriber = %host.name, %shop, %month, "usage.closed not delivered: again next run");
                    down.insert(&host.name);
                }
            }
        }
        // What is sent is kept at once: a run cut short sends none of it again (and while a host
        // is down, nothing is written for the shops only it lacks).
        if delivered {
            directory.put_month_close(close).await?;
        }
    }
    close.done = down.is_empty();
    Ok(())
}
