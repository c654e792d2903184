//! Stands in for Lambda's DynamoDB stream trigger: reads the table's stream in the emulator and
//! hands each batch of head writes to the same publisher the `feed-publish` function runs. A batch
//! that fails is read again next time, as the trigger retries it.

use crate::app::feed::{Feed, HeadChange, publish};
use crate::domain::ShopId;
use crate::shops::Shops;
use crate::store::dynamo::{head_of_image, shop_of_key};
use aws_sdk_dynamodbstreams::error::DisplayErrorContext;
use aws_sdk_dynamodbstreams::types::ShardIteratorType;
use std::sync::Arc;

pub struct StreamPump {
    client: aws_sdk_dynamodbstreams::Client,
    /// Where each shard is read from next.
    iterators: Vec<String>,
    /// Order-head writes handed to the publisher so far (a `feed-publish` invocation each in AWS,
    /// where they come apart in time).
    pub head_writes: usize,
}

impl StreamPump {
    /// Opens the table's stream from its oldest record.
    pub async fn open(config: &aws_types::SdkConfig, table: &str) -> Result<Self, String> {
        Self::open_at(config, table, ShardIteratorType::TrimHorizon).await
    }

    /// Opens the table's stream after its latest record: only what is written from now on.
    pub async fn open_at_end(config: &aws_types::SdkConfig, table: &str) -> Result<Self, String> {
        Self::open_at(config, table, ShardIteratorType::Latest).await
    }

    async fn open_at(config: &aws_types::SdkConfig, table: &str, from: ShardIteratorType) -> Result<Self, String> {
        let error = |e: String| format!("the stream of {table}: {e}");
        let dynamodb = aws_sdk_dynamodb::Client::new(config);
        let described = dynamodb.describe_table().table_name(table).send().await;
        let described = described.map_err(|e| error(aws_sdk_dynamodb::error::DisplayErrorContext(e).to_string()))?;
        let arn = described.table.and_then(|t| t.latest_stream_arn).ok_or_else(|| error("no stream".into()))?;
        let client = aws_sdk_dynamodbstreams::Client::new(config);
        let stream = client.describe_stream().stream_arn(&arn).send().await;
        let stream = stream.map_err(|e| error(DisplayErrorContext(e).to_string()))?;
        let mut iterators = Vec::new();
        for shard in stream.stream_description.map(|d| d.shards.unwrap_or_default()).unwrap_or_default() {
            let iterator = client
                .get_shard_iterator()
                .stream_arn(&arn)
                .shard_id(shard.shard_id.unwrap_or_default())
                .shard_iterator_type(from.clone())
                .send()
                .await
                .map_err(|e| error(DisplayErrorContext(e).to_string()))?;
            iterators.extend(iterator.shard_iterator);
        }
        Ok(Self { client, iterators, head_writes: 0 })
    }

    /// Publishes what `feed`'s shop wrote since the last call (other shops' writes are passed
    /// over); returns how many events it made.
    pub async fn pump_once(&mut self, feed: &Arc<Feed>) -> Result<usize, String> {
        self.pump(Feeds::One(feed)).await
    }

    /// Publishes what every shop wrote since the last call, each by its own feed, as the
    /// `feed-publish` function does.
    pub async fn pump_shops(&mut self, feeds: &Shops<Arc<Feed>>) -> Result<usize, String> {
        self.pump(Feeds::Every(feeds)).await
    }

    async fn pump(&mut self, feeds: Feeds<'_>) -> Result<usize, String> {
        let mut published = 0;
        for iterator in &mut self.iterators {
            let records = self.client.get_records().shard_iterator(iterator.as_str()).send().await;
            let records = records.map_err(|e| DisplayErrorContext(e).to_string())?;
            let mut by_shop: Vec<(ShopId, Vec<_>)> = Vec::new();
            for record in records.records.unwrap_or_default() {
                let Some(change) = record.dynamodb else { continue };
                let pk = change.keys.as_ref().and_then(|keys| keys.get("pk")?.as_s().ok().cloned());
                let Some(shop) = pk.and_then(|pk| shop_of_key(&pk)) else { continue };
                match by_shop.iter_mut().find(|(known, _)| *known == shop) {
                    Some((_, changes)) => changes.push(change),
                    None => by_shop.push((shop, vec![change])),
                }
            }
            for (shop, records) in by_shop {
                let Some(feed) = feeds.of(&shop).await else { continue };
                let mut changes = Vec::new();
                for change in records {
                    // The stack's clock rather than the emulator's, so that a test's controlled time holds.
                    let at = feed.clock.now();
                    let head = |image| head_of_image(&shop, image);
                    let old = change.old_image.map(head).transpose().map_err(|e| e.to_string())?.flatten();
                    let new = change.new_image.map(head).transpose().map_err(|e| e.to_string())?.flatten();
                    if old.is_some() || new.is_some() {
                        changes.push(HeadChange { old, new, at });
                    }
                }
                published += publish(&feed, &changes).await.map_err(|e| e.to_string())?;
                self.head_writes += changes.len();
            }
            if let Some(next) = records.next_shard_iterator {
                *iterator = next;
            }
        }
        Ok(published)
    }
}

/// Whose writes a pump publishes: one shop's, or every shop's.
enum Feeds<'a> {
    One(&'a Arc<Feed>),
    Every(&'a Shops<Arc<Feed>>),
}

impl Feeds<'_> {
    async fn of(&self, shop: &ShopId) -> Option<Arc<Feed>> {
        match self {
            Feeds::One(feed) => (*shop == feed.settings.shop).then(|| Arc::clone(feed)),
            Feeds::Every(feeds) => feeds.get(shop).await.ok().flatten(),
        }
    }
}
