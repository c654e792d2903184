//! The status feed's archive: events kept for replays, each subscriber's deliveries.

use super::*;

/// The status feed's records in the table: every event published, by day (`FEED#<date>`), for
/// replays; and each subscriber's deliveries (`FEEDLOG#<subscriber>`), newest first. Both expire.
#[derive(Serialize, Deserialize)]
struct FeedItem {
    pk: String,
    sk: String,
    event: crate::feed::FeedEvent,
    expires_at: i64,
}

/// One attempt to deliver an event to a subscriber.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryRecord {
    pub at: Timestamp,
    /// 1 for the first attempt at this event.
    pub attempt: u32,
    pub event_id: String,
    pub order_id: String,
    /// The subscriber's HTTP status; none when it could not be reached.
    pub status: Option<u16>,
    pub delivered: bool,
    /// Why it failed (no personal data: a status line or a connection error).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct DeliveryItem {
    pk: String,
    sk: String,
    #[serde(flatten)]
    record: DeliveryRecord,
    expires_at: i64,
}

const FEED_KEPT: jiff::SignedDuration = jiff::SignedDuration::from_hours(90 * 24);
const DELIVERIES_KEPT: jiff::SignedDuration = jiff::SignedDuration::from_hours(30 * 24);

fn feed_day(at: Timestamp) -> String {
    format!("FEED#{}", at.to_zoned(jiff::tz::TimeZone::UTC).date())
}

/// Epoch milliseconds, zero-padded: sorts as text the way times sort.
fn sort_time(at: Timestamp) -> String {
    format!("{:015}", at.as_millisecond())
}

impl FeedArchive for DynamoStore {
    /// Keeps a published event for replays (idempotent: the same event has the same key).
    async fn keep_feed_event(&self, event: &crate::feed::FeedEvent) -> Result<(), StoreError> {
        let item = FeedItem {
            pk: self.scope.key(&feed_day(event.occurred_at)),
            sk: format!("{}#{}", sort_time(event.occurred_at), event.id),
            event: event.clone(),
            expires_at: (event.occurred_at + FEED_KEPT).as_second(),
        };
        self.put_plain(to_item(item)?).await?;
        Ok(())
    }

    /// The events published from `since` to `until`, oldest first.
    async fn feed_events(&self, since: Timestamp, until: Timestamp) -> Result<Vec<crate::feed::FeedEvent>, StoreError> {
        let mut events = Vec::new();
        let mut day = since.to_zoned(jiff::tz::TimeZone::UTC).date();
        let last = until.to_zoned(jiff::tz::TimeZone::UTC).date();
        while day <= last {
            let pk = self.scope.key(&format!("FEED#{day}"));
            let items = self.query_partition(&pk, "sk >= :first", &sort_time(since), None, true).await?;
            for item in items {
                let kept: FeedItem = from_item(item)?;
                if kept.event.occurred_at <= until {
                    events.push(kept.event);
                }
            }
            day = day.tomorrow().map_err(|e| StoreError::Corrupt(e.to_string()))?;
        }
        Ok(events)
    }

    /// Records one delivery attempt to `subscriber`.
    async fn log_delivery(&self, subscriber: &str, record: &DeliveryRecord) -> Result<(), StoreError> {
        let item = DeliveryItem {
            pk: self.scope.key(&format!("FEEDLOG#{subscriber}")),
            sk: format!("{}#{}#{}", sort_time(record.at), record.event_id, record.attempt),
            record: record.clone(),
            expires_at: (record.at + DELIVERIES_KEPT).as_second(),
        };
        self.put_plain(to_item(item)?).await?;
        Ok(())
    }

    /// `subscriber`'s latest delivery attempts, newest first.
    async fn deliveries(&self, subscriber: &str, limit: i32) -> Result<Vec<DeliveryRecord>, StoreError> {
        let output = self
            .client
            .query()
            .table_name(&self.table)
            .key_condition_expression("pk = :pk")
            .expression_attribute_values(":pk", AttributeValue::S(self.scope.key(&format!("FEEDLOG#{subscriber}"))))
            .scan_index_forward(false)
            .limit(limit)
            .send()
            .await
            .map_err(unavailable)?;
        output.items.unwrap_or_default().into_iter().map(|item| Ok(from_item::<DeliveryItem>(item)?.record)).collect()
    }
}
