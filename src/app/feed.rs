//! The status feed's use cases: publish what a batch of the table's stream says changed, and
//! deliver each event to the subscribers that want it, signed, in order per order, with retries.

use crate::clock::Clock;
use crate::config::Settings;
use crate::domain::usage::{Meter, Usage};
pub use crate::feed::Reach;
use crate::feed::{self, Delivery, FeedEvent};
use crate::store::layout::Head;
use crate::store::{DeliveryRecord, DynamoStore, FeedArchive, Orders, StoreError};
use aws_lambda_events::event::sqs::{SqsBatchResponse, SqsEvent, SqsMessage};
use aws_sdk_eventbridge::types::PutEventsRequestEntry;
use jiff::{SignedDuration, Timestamp};
use sha2::{Digest, Sha256};
use std::sync::Arc;
use std::time::Duration;

/// What the feed functions work with.
pub struct Feed {
    pub store: DynamoStore,
    pub bus: aws_sdk_eventbridge::Client,
    pub sqs: aws_sdk_sqs::Client,
    /// Posts to subscribers ([`delivery_client`]).
    pub http: reqwest::Client,
    /// Which addresses subscribers may be at ([`Reach::Public`] in AWS).
    pub reach: Reach,
    pub settings: Arc<Settings>,
    pub clock: Clock,
}

impl Feed {
    pub fn new(config: &aws_types::SdkConfig, settings: Arc<Settings>, clock: Clock) -> Self {
        Self {
            // It reads orders (for subscribers given personal data) and never moves one.
            store: DynamoStore::new(aws_sdk_dynamodb::Client::new(config), &settings.table_name, None)
                .for_shop(&settings.shop)
                .reading_only(),
            bus: aws_sdk_eventbridge::Client::new(config),
            sqs: aws_sdk_sqs::Client::new(config),
            http: delivery_client(settings.feed.reach),
            reach: settings.feed.reach,
            settings,
            clock,
        }
    }
}

/// Resolves a subscriber's name to the addresses its [`Reach`] allows; none allowed is an error.
struct Resolver(Reach);

impl reqwest::dns::Resolve for Resolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let reach = self.0;
        Box::pin(async move {
            let found = tokio::net::lookup_host((name.as_str(), 0)).await?;
            let allowed: Vec<std::net::SocketAddr> = found.filter(|a| reach.allows(a.ip())).collect();
            if allowed.is_empty() {
                return Err("the subscriber's name resolves to no address it may be at".into());
            }
            Ok(Box::new(allowed.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// The subscribers' HTTP client: no redirects followed (a subscriber could send signed personal
/// data on elsewhere), names resolved to allowed addresses only, within the deliver function's
/// timeout for a batch of one group's records.
pub fn delivery_client(reach: Reach) -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .user_agent("orderflow-feed/1")
        .redirect(reqwest::redirect::Policy::none())
        .dns_resolver(Arc::new(Resolver(reach)))
        .build()
        .expect("an HTTP client")
}

/// One write of an order's head, from the table's stream.
#[derive(Clone, Debug)]
pub struct HeadChange {
    pub old: Option<Head>,
    pub new: Option<Head>,
    pub at: Timestamp,
}

/// The writes of `shop`'s order heads in a batch of the table's stream (other items are left out;
/// the trigger's filter leaves out all but heads in AWS already).
pub fn head_changes(
    shop: &crate::domain::ShopId,
    event: &aws_lambda_events::event::dynamodb::Event,
) -> Result<Vec<HeadChange>, StoreError> {
    let mut changes = Vec::new();
    for record in &event.records {
        let old = crate::store::dynamo::head_of_image(shop, record.change.old_image.clone())?;
        let new = crate::store::dynamo::head_of_image(shop, record.change.new_image.clone())?;
        let written = record.change.approximate_creation_date_time.timestamp_millis();
        let at = Timestamp::from_millisecond(written).unwrap_or_else(|_| Timestamp::now());
        if old.is_some() || new.is_some() {
            changes.push(HeadChange { old, new, at });
        }
    }
    Ok(changes)
}

#[derive(Debug, thiserror::Error)]
pub enum FeedError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("publishing failed: {0}")]
    Publish(String),
}

/// Publishes the events a batch of head writes makes: each is kept (for replays), put on the bus,
/// and queued once for every subscriber that wants its kind. An error fails the batch, which the
/// stream delivers again: the events keep their ids, so receivers see repeats, never new ones.
pub async fn publish(feed: &Feed, changes: &[HeadChange]) -> Result<usize, FeedError> {
    let events: Vec<FeedEvent> = changes
        .iter()
        .filter_map(|change| Some((change, change.new.as_ref()?)))
        .flat_map(|(change, new)| feed::changes(change.old.as_ref(), new, change.at))
        .collect();
    for event in &events {
        feed.store.keep_feed_event(event).await?;
    }
    put_on_bus(feed, &events).await?;
    let deliveries = events.iter().flat_map(|event| {
        let wanting = feed.settings.feed.subscribers.iter().filter(|s| s.wants(event.kind));
        let shop = &feed.settings.shop;
        wanting.map(|s| Delivery { shop: shop.clone(), subscriber: s.name.clone(), event: event.clone() })
    });
    let deliveries: Vec<Delivery> = deliveries.collect();
    enqueue(feed, &deliveries, None).await?;
    tracing::info!(events = events.len(), deliveries = deliveries.len(), "feed published");
    super::deliver::count(&feed.store, feed.clock.now(), &usage_of(changes)).await;
    Ok(events.len())
}

/// What a batch of head writes counts for: orders received (a head's first write) and changes of
/// status (each order's lifecycle events).
fn usage_of(changes: &[HeadChange]) -> Usage {
    let mut usage = Usage::default();
    for change in changes {
        match (&change.old, &change.new) {
            (None, Some(_)) => usage.add(Meter::Orders, 1).add(Meter::Events, 1),
            (Some(old), Some(new)) if old.status != new.status => usage.add(Meter::Events, 1),
            _ => &mut usage,
        };
    }
    usage
}

async fn put_on_bus(feed: &Feed, events: &[FeedEvent]) -> Result<(), FeedError> {
    let Some(bus) = &feed.settings.feed.bus_name else { return Ok(()) };
    for chunk in events.chunks(10) {
        let entries = chunk
            .iter()
            .map(|event| {
                let detail = serde_json::to_string(event).map_err(|e| FeedError::Publish(e.to_string()))?;
                Ok(PutEventsRequestEntry::builder()
                    .event_bus_name(bus)
                    .source(feed::SOURCE)
                    .detail_type(event.kind.as_str())
                    .detail(detail)
                    .resources(format!("orderflow:order:{}", event.order_id))
                    .build())
            })
            .collect::<Result<Vec<_>, FeedError>>()?;
        let output = feed
            .bus
            .put_events()
            .set_entries(Some(entries))
            .send()
            .await
            .map_err(|e| FeedError::Publish(aws_sdk_eventbridge::error::DisplayErrorContext(e).to_string()))?;
        if output.failed_entry_count > 0 {
            return Err(FeedError::Publish(format!("{} events refused by the bus", output.failed_entry_count)));
        }
    }
    Ok(())
}

/// Queues deliveries on the FIFO feed queue: one message group per subscriber and order, so each
/// subscriber gets an order's events in order. `replay` makes the deduplication ids new (a replay
/// within SQS's five-minute window would otherwise be dropped as a repeat).
pub async fn enqueue(feed: &Feed, deliveries: &[Delivery], replay: Option<&str>) -> Result<(), FeedError> {
    let Some(queue_url) = &feed.settings.feed.queue_url else { return Ok(()) };
    enqueue_on(&feed.sqs, queue_url, deliveries, replay).await
}

/// [`enqueue`] on a queue named directly (the operator's replay).
pub async fn enqueue_on(
    sqs: &aws_sdk_sqs::Client,
    queue_url: &str,
    deliveries: &[Delivery],
    replay: Option<&str>,
) -> Result<(), FeedError> {
    for delivery in deliveries {
        let body = serde_json::to_string(delivery).map_err(|e| FeedError::Publish(e.to_string()))?;
        let digest = |text: String| hex::encode(Sha256::digest(text.as_bytes()));
        // A shop's subscriber and order, apart from another shop's of the same names (the default
        // shop's as before shops).
        let shop = if delivery.shop.is_default() { String::new() } else { format!("{}/", delivery.shop) };
        let group = digest(format!("{shop}{}/{}", delivery.subscriber, delivery.event.order_id));
        let dedupe =
            digest(format!("{shop}{}/{}/{}", delivery.subscriber, delivery.event.id, replay.unwrap_or_default()));
        sqs.send_message()
            .queue_url(queue_url)
            .message_body(body)
            .message_group_id(group)
            .message_deduplication_id(dedupe)
            .send()
            .await
            .map_err(|e| FeedError::Publish(aws_sdk_sqs::error::DisplayErrorContext(e).to_string()))?;
    }
    Ok(())
}

/// How long a failed delivery waits before SQS offers it again: `base` (30 s unless configured),
/// doubling with each receive, at most 15 minutes.
pub fn retry_after(base: SignedDuration, receives: u32) -> SignedDuration {
    crate::primitives::backoff(base, 2, receives.min(6), SignedDuration::from_mins(15))
}

/// Delivers a batch from the feed queue: each event POSTed to its subscriber, signed; a subscriber
/// that answers anything but 2xx (or not at all) gets it again later, and its later events for the
/// same order wait behind it. Every attempt goes to the subscriber's delivery log.
pub async fn deliver_feed(feed: &Feed, event: SqsEvent) -> SqsBatchResponse {
    let group_of = |record: &SqsMessage| {
        let delivery: Delivery = serde_json::from_str(record.body.as_deref().unwrap_or_default()).ok()?;
        Some(format!("{}/{}/{}", delivery.shop, delivery.subscriber, delivery.event.order_id))
    };
    let response = super::fifo_batch(&event, group_of, |record| deliver_record(feed, record)).await;
    for failure in &response.batch_item_failures {
        let record = event.records.iter().find(|r| r.message_id.as_deref() == Some(failure.item_identifier.as_str()));
        if let Some(record) = record {
            back_off(feed, record).await;
        }
    }
    response
}

/// How many times SQS has offered this message (1 the first time).
fn receives(record: &SqsMessage) -> u32 {
    record.attributes.get("ApproximateReceiveCount").and_then(|n| n.parse().ok()).unwrap_or(1)
}

async fn deliver_record(feed: &Feed, record: &SqsMessage) -> Result<(), String> {
    let attempt = receives(record);
    let body = record.body.as_deref().unwrap_or_default();
    let Ok(delivery) = serde_json::from_str::<Delivery>(body) else {
        tracing::error!(message_id = record.message_id.as_deref().unwrap_or(""), "unreadable feed message dropped");
        return Ok(());
    };
    if delivery.shop != feed.settings.shop {
        // Never delivered with this shop's subscribers and secrets: left for its own shop.
        return Err(format!("a delivery of shop {}, which this deliverer does not serve", delivery.shop));
    }
    let Some(subscriber) = feed.settings.feed.subscriber(&delivery.subscriber) else {
        tracing::warn!(subscriber = %delivery.subscriber, "feed message for a subscriber no longer configured: dropped");
        return Ok(());
    };
    if !subscriber.wants(delivery.event.kind) {
        return Ok(());
    }
    let order = match subscriber.personal.is_empty() {
        true => None,
        false => feed.store.get(&delivery.event.order_id).await.map_err(|e| e.to_string())?,
    };
    let event = subscriber.view(delivery.event, order.as_ref());
    let payload = serde_json::to_vec(&event).map_err(|e| e.to_string())?;
    let now = feed.clock.now();
    if feed.reach.refuses_literal(&subscriber.url) {
        tracing::warn!(subscriber = %subscriber.name, "subscriber at an address it may not be at: not delivered");
        return Err("the subscriber's address is not allowed".into());
    }
    let answer = feed
        .http
        .post(&subscriber.url)
        .header("content-type", "application/json")
        .header(feed::SIGNATURE_HEADER, subscriber.sign(&payload, now))
        .header(feed::EVENT_ID_HEADER, &event.id)
        .body(payload)
        .send()
        .await;
    let (status, error) = match &answer {
        Ok(response) if response.status().is_success() => (Some(response.status().as_u16()), None),
        Ok(response) => (Some(response.status().as_u16()), Some(format!("answered {}", response.status()))),
        Err(e) if e.is_timeout() => (None, Some("no answer in time".to_string())),
        Err(e) if e.is_connect() => (None, Some("could not connect".to_string())),
        Err(_) => (None, Some("the request failed".to_string())),
    };
    let record = DeliveryRecord {
        at: now,
        attempt,
        event_id: event.id.clone(),
        order_id: event.order_id.clone(),
        status,
        delivered: error.is_none(),
        error: error.clone(),
    };
    if let Err(e) = feed.store.log_delivery(&subscriber.name, &record).await {
        tracing::warn!(subscriber = %subscriber.name, error = %e, "delivery not logged");
    }
    tracing::info!(subscriber = %subscriber.name, event_id = %event.id, ?status, delivered = error.is_none(), "feed delivery");
    match error {
        None => {
            super::deliver::count(&feed.store, now, Usage::default().add(Meter::FeedDeliveries, 1)).await;
            Ok(())
        }
        Some(error) => Err(error),
    }
}

/// Makes a failed message wait [`retry_after`] its receives before SQS offers it again.
async fn back_off(feed: &Feed, record: &SqsMessage) {
    let (Some(queue_url), Some(handle)) = (&feed.settings.feed.queue_url, &record.receipt_handle) else { return };
    let wait = retry_after(feed.settings.feed.retry_base, receives(record)).as_secs() as i32;
    let changed = feed
        .sqs
        .change_message_visibility()
        .queue_url(queue_url)
        .receipt_handle(handle)
        .visibility_timeout(wait)
        .send()
        .await;
    if let Err(error) = changed {
        tracing::warn!(error = %aws_sdk_sqs::error::DisplayErrorContext(error), "retry delay not set");
    }
}

/// Re-sends the events published from `since` until `now` to one subscriber of `shop` (whose
/// archive `store` is), oldest first, on `queue_url`; the deliverer sends only the kinds the
/// subscriber wants. Returns how many.
pub async fn replay(
    shop: &crate::domain::ShopId,
    store: &impl FeedArchive,
    sqs: &aws_sdk_sqs::Client,
    queue_url: &str,
    subscriber: &str,
    since: Timestamp,
    now: Timestamp,
) -> Result<usize, FeedError> {
    let events = store.feed_events(since, now).await?;
    let deliveries: Vec<Delivery> = events
        .into_iter()
        .map(|event| Delivery { shop: shop.clone(), subscriber: subscriber.to_string(), event })
        .collect();
    enqueue_on(sqs, queue_url, &deliveries, Some(&now.as_millisecond().to_string())).await?;
    Ok(deliveries.len())
}
