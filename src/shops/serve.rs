//! What a function does for every shop it serves: a queue batch split by the shops its messages
//! name, the scheduler's run over every shop, an SES report handed to its email's shop.

use super::{ShopRecord, Shops};
use crate::app::feedback::{FeedbackReceipt, email_feedback};
use crate::app::sweep::{SweepReport, sweep};
use crate::app::{App, Worker, deliver_batch};
use crate::domain::ShopId;
use crate::notify::ses::{Feedback, read_feedback};
use crate::notify::{NoticeQueue, NoticeRef, Sender};
use crate::store::{OrderStore, ShopDirectory, StoreError};
use aws_lambda_events::event::sqs::{BatchItemFailure, SqsBatchResponse, SqsEvent};
use std::sync::Arc;

/// Delivers a batch of notice messages, each by the worker of the shop it names (a message that
/// names none is the default shop's, as every message of before shops). The messages of a shop
/// that is not served (unknown, suspended, its settings unreadable) are reported failed, so that
/// SQS keeps them and in the end moves them to the dead-letter queue.
pub async fn deliver<S: OrderStore, D: Sender>(
    workers: &Shops<Arc<Worker<S, D>>>,
    event: SqsEvent,
) -> SqsBatchResponse {
    let shop_of = |body: &str| serde_json::from_str::<NoticeRef>(body).map(|r| r.shop).unwrap_or_default();
    by_shop(workers, event, shop_of, |worker, batch| async move { deliver_batch(&worker, batch).await }).await
}

/// Splits a queue batch by the shop each message names and hands each part to that shop's
/// services; the parts of a shop that is not served are reported failed (kept on the queue).
async fn by_shop<T, F, Fut>(
    services: &Shops<T>,
    event: SqsEvent,
    shop_of: impl Fn(&str) -> ShopId,
    handle: F,
) -> SqsBatchResponse
where
    T: Clone,
    F: Fn(T, SqsEvent) -> Fut,
    Fut: std::future::Future<Output = SqsBatchResponse>,
{
    let mut batches: Vec<(ShopId, SqsEvent)> = Vec::new();
    for record in event.records {
        let shop = shop_of(record.body.as_deref().unwrap_or_default());
        match batches.iter_mut().find(|(known, _)| *known == shop) {
            Some((_, batch)) => batch.records.push(record),
            None => {
                let mut batch = SqsEvent::default();
                batch.records.push(record);
                batches.push((shop, batch));
            }
        }
    }
    let handle = &handle;
    let answers = futures::future::join_all(batches.into_iter().map(|(shop, batch)| async move {
        match services.get(&shop).await {
            Ok(Some(services)) => handle(services, batch).await.batch_item_failures,
            answer => {
                match answer {
                    Err(error) => tracing::error!(%shop, %error, "messages of a shop that cannot be served now"),
                    _ => tracing::warn!(%shop, "messages of a shop that is not served"),
                }
                batch.records.iter().map(|r| failure(r.message_id.clone().unwrap_or_default())).collect()
            }
        }
    }))
    .await;
    let mut response = SqsBatchResponse::default();
    response.batch_item_failures = answers.into_iter().flatten().collect();
    response
}

fn failure(item_identifier: String) -> BatchItemFailure {
    let mut failure = BatchItemFailure::default();
    failure.item_identifier = item_identifier;
    failure
}

/// What the scheduler has for each shop: its services and its email sender (the owner's digest).
pub type SchedulerServices<S, Q, D> = (Arc<App<S, Q>>, Arc<D>);

/// Publishes a batch of the table's stream: each shop's head writes by that shop's feed (its
/// subscribers, its archive). A shop that is not served publishes nothing; a shop whose feed cannot
/// be had fails the batch, which the stream delivers again.
pub async fn publish_every_shop(
    feeds: &Shops<Arc<crate::app::feed::Feed>>,
    event: &aws_lambda_events::event::dynamodb::Event,
) -> Result<usize, crate::app::feed::FeedError> {
    use crate::app::feed::{FeedError, head_changes, publish};
    let mut shops: Vec<ShopId> = Vec::new();
    for record in &event.records {
        let pk = record.change.keys.get("pk");
        let shop = match pk {
            Some(serde_dynamo::AttributeValue::S(pk)) => crate::store::dynamo::shop_of_key(pk),
            _ => None,
        };
        if let Some(shop) = shop.filter(|shop| !shops.contains(shop)) {
            shops.push(shop);
        }
    }
    let mut published = 0;
    for shop in shops {
        match feeds.get(&shop).await.map_err(|e| FeedError::Publish(e.to_string()))? {
            Some(feed) => published += publish(&feed, &head_changes(&shop, event)?).await?,
            None => tracing::warn!(%shop, "head writes of a shop that is not served: not published"),
        }
    }
    Ok(published)
}

/// Delivers a batch of the feed's queue, each message by the feed of the shop it names; a shop
/// that is not served keeps its messages on the queue.
pub async fn deliver_feed_of_every_shop(
    feeds: &Shops<Arc<crate::app::feed::Feed>>,
    event: SqsEvent,
) -> SqsBatchResponse {
    let shop_of = |body: &str| serde_json::from_str::<crate::feed::Delivery>(body).map(|d| d.shop).unwrap_or_default();
    by_shop(feeds, event, shop_of, |feed, batch| async move { crate::app::feed::deliver_feed(&feed, batch).await })
        .await
}

/// Shops swept at once by one scheduler run.
const SWEEPS_AT_ONCE: usize = 4;

/// The scheduler's run: every served shop swept (and its weekly digest sent) with its own limits,
/// so that one shop's backlog takes none of another's; a shop that fails is logged and the others
/// go on. The reports of all shops added up; an error when any shop failed (the run is retried,
/// and a sweep is safe to repeat).
pub async fn sweep_every_shop<S: OrderStore, Q: NoticeQueue, D: Sender>(
    shops: &Shops<SchedulerServices<S, Q, D>>,
) -> Result<SweepReport, StoreError> {
    use futures::StreamExt;
    let survey = shops.survey().await.map_err(|e| StoreError::Unavailable(e.to_string()))?;
    let now = survey.served.first().map(|(_, (app, _))| app.clock.now()).unwrap_or_else(jiff::Timestamp::now);
    let default = survey.served.first().map(|(_, (app, _))| app.settings.clone());
    let directory = &survey.directory;
    let housekeeping = async move {
        let erased = erase_removed(directory, survey.removed, now).await;
        let closed = match default {
            Some(settings) => super::close::close_month(directory, &settings, now).await,
            None => Ok(()),
        };
        erased.and(closed)
    };
    let runs = futures::stream::iter(survey.served.into_iter().map(|(shop, (app, sender))| async move {
        let report = sweep(&app).await;
        let digest = crate::app::digest::weekly_digest(&app, sender.as_ref()).await;
        (shop, report, digest)
    }))
    .buffer_unordered(SWEEPS_AT_ONCE)
    .collect::<Vec<_>>();
    let (runs, housekept) = futures::join!(runs, housekeeping);
    let (mut total, mut failed) = (SweepReport::default(), housekept.err());
    for (shop, report, digest) in runs {
        match (report, digest) {
            (Ok(report), Ok(_)) => {
                total.orders += report.orders;
                total.notices_queued += report.notices_queued;
                total.skipped.extend(report.skipped);
            }
            (Err(error), _) | (_, Err(error)) => {
                tracing::error!(%shop, %error, "a shop's sweep failed: the others went on");
                failed = Some(error);
            }
        }
    }
    failed.map_or(Ok(total), Err)
}

/// Pages of the table one run reads to erase one removed shop (1,000 items or 1 MB each): a large shop's erasure
/// spreads over runs, each going on where the last ended.
const ERASE_PAGES_PER_RUN: usize = 8;

/// Erases the removed shops whose grace period ended by `now`: their items, then their records. A
/// shop whose erasure fails is logged and the others go on; the error is the run's.
async fn erase_removed(
    directory: &impl ShopDirectory,
    removed: Vec<ShopRecord>,
    now: jiff::Timestamp,
) -> Result<(), StoreError> {
    let mut failed = None;
    for record in removed.into_iter().filter(|r| r.erase_after.is_some_and(|at| at <= now)) {
        let shop = record.id.clone();
        if let Err(error) = erase_some(directory, record).await {
            tracing::error!(%shop, %error, "a removed shop's erasure failed: again next run");
            failed = Some(error);
        }
    }
    failed.map_or(Ok(()), Err)
}

/// One run's part of erasing `record`'s shop, and where the next goes on from.
async fn erase_some(directory: &impl ShopDirectory, record: ShopRecord) -> Result<(), StoreError> {
    let shop = record.id.clone();
    let (left, erased) = directory.erase_shop(&shop, record.erased_to.clone(), ERASE_PAGES_PER_RUN).await?;
    match left {
        None => tracing::info!(%shop, erased, "a removed shop's data is erased"),
        Some(point) => {
            tracing::info!(%shop, erased, "a removed shop's erasure goes on next run");
            directory.put_shop(&ShopRecord { erased_to: Some(point), ..record }, false).await?;
        }
    }
    Ok(())
}

/// An SES report on an email, applied by the shop that sent it.
pub async fn email_feedback_of_shop<S: OrderStore, Q: NoticeQueue>(
    apps: &Shops<Arc<App<S, Q>>>,
    detail: &serde_json::Value,
) -> Result<FeedbackReceipt, StoreError> {
    let shop = match read_feedback(detail) {
        Feedback::Undeliverable { about, .. } => about.shop,
        Feedback::Ignored { reason } => return Ok(FeedbackReceipt::Ignored { reason }),
    };
    match apps.get(&shop).await.map_err(|e| StoreError::Unavailable(e.to_string()))? {
        Some(app) => email_feedback(&app, detail).await,
        None => Ok(FeedbackReceipt::Ignored { reason: format!("an email of shop {shop}, which is not served") }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shops::TableKey;
    use std::sync::Mutex;

    /// A directory whose shops take `runs` erasures each, saying what was written.
    #[derive(Default)]
    struct Directory {
        runs_left: Mutex<usize>,
        written: Mutex<Vec<ShopRecord>>,
        erased_from: Mutex<Vec<Option<TableKey>>>,
        /// A shop whose erasure fails.
        failing: Option<&'static str>,
    }

    impl ShopDirectory for Directory {
        async fn shop(&self, _: &ShopId) -> Result<Option<ShopRecord>, StoreError> {
            Ok(None)
        }
        async fn shops(&self) -> Result<Vec<ShopRecord>, StoreError> {
            Ok(Vec::new())
        }
        async fn put_shop(&self, record: &ShopRecord, _: bool) -> Result<(), StoreError> {
            self.written.lock().unwrap().push(record.clone());
            Ok(())
        }
        async fn erase_shop(
            &self,
            shop: &ShopId,
            from: Option<TableKey>,
            _: usize,
        ) -> Result<(Option<TableKey>, usize), StoreError> {
            if self.failing == Some(shop.as_str()) {
                return Err(StoreError::Unavailable("throttled".into()));
            }
            self.erased_from.lock().unwrap().push(from);
            let mut left = self.runs_left.lock().unwrap();
            *left -= 1;
            let point = TableKey { pk: format!("S#x#ORDER#{left}"), sk: "A#HEAD".into() };
            Ok(((*left > 0).then_some(point), 10))
        }
    }

    fn removed(name: &str, erase_after: &str) -> ShopRecord {
        let key = crate::shops::sealed::SealingKey::read("a-random-key-of-enough-length-31f9").unwrap();
        let strings = |pairs: &[(&str, &str)]| -> std::collections::BTreeMap<String, String> {
            pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
        };
        let settings = strings(&[("SENDER_EMAIL", "s@x.example"), ("OWNER_EMAIL", "o@x.example")]);
        let deployment = strings(&[("TABLE_NAME", "t"), ("EMAIL_QUEUE_URL", "e"), ("SMS_QUEUE_URL", "s")]);
        let (id, now) = (ShopId::parse(name).unwrap(), jiff::Timestamp::UNIX_EPOCH);
        let shop = crate::shops::NewShop::new(id, settings, Default::default(), &key, &deployment, now);
        let mut record = shop.unwrap().record;
        record.state = crate::domain::ShopState::Removed;
        record.erase_after = Some(erase_after.parse().unwrap());
        record
    }

    /// A large shop's erasure goes on over runs, each from where the last ended; a shop whose grace
    /// period has not ended is not touched.
    #[tokio::test]
    async fn an_erasure_goes_on_where_the_last_run_ended() {
        let directory = Directory { runs_left: Mutex::new(2), ..Default::default() };
        let now: jiff::Timestamp = "2026-12-04T12:00:00Z".parse().unwrap();
        let shops = vec![removed("big", "2026-12-01T00:00:00Z"), removed("later", "2026-12-05T00:00:00Z")];
        erase_removed(&directory, shops, now).await.unwrap();
        let written = directory.written.lock().unwrap().clone();
        assert_eq!(written.len(), 1, "only the shop due, and only its place");
        assert_eq!(written[0].id.as_str(), "big");
        let point = written[0].erased_to.clone().unwrap();
        assert_eq!(point.pk, "S#x#ORDER#1");
        erase_removed(&directory, written, now).await.unwrap();
        assert_eq!(*directory.erased_from.lock().unwrap(), [None, Some(point)]);
        assert_eq!(directory.written.lock().unwrap().len(), 1, "done: nothing more to write");
    }

    /// A shop whose erasure fails holds none of the others back; the run reports the failure.
    #[tokio::test]
    async fn one_failing_erasure_leaves_the_others_going() {
        let directory = Directory { runs_left: Mutex::new(2), failing: Some("stuck"), ..Default::default() };
        let now: jiff::Timestamp = "2026-12-04T12:00:00Z".parse().unwrap();
        let shops = vec![removed("stuck", "2026-12-01T00:00:00Z"), removed("big", "2026-12-01T00:00:00Z")];
        assert!(erase_removed(&directory, shops, now).await.is_err(), "the run fails, to be retried");
        let written = directory.written.lock().unwrap().clone();
        assert_eq!(written.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), ["big"], "the next shop went on");
    }
}
