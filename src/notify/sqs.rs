//! Queue producer: one SQS FIFO queue per channel, one message group per order; the message says
//! which notice of which order to send.

use super::{NoticeQueue, NoticeRef, QueueError};
use crate::domain::{Channel, Notice, ShopId};
use aws_sdk_sqs::Client;
use aws_sdk_sqs::error::DisplayErrorContext;
use aws_sdk_sqs::types::SendMessageBatchRequestEntry;

#[derive(Clone)]
pub struct SqsQueue {
    client: Client,
    email_queue_url: String,
    sms_queue_url: String,
    /// The shop whose notices this producer queues.
    shop: ShopId,
}

impl SqsQueue {
    pub fn new(client: Client, email_queue_url: impl Into<String>, sms_queue_url: impl Into<String>) -> Self {
        let (email_queue_url, sms_queue_url) = (email_queue_url.into(), sms_queue_url.into());
        Self { client, email_queue_url, sms_queue_url, shop: ShopId::default() }
    }

    /// The same producer for `shop`'s notices.
    pub fn for_shop(self, shop: &ShopId) -> Self {
        Self { shop: shop.clone(), ..self }
    }

    fn url(&self, channel: Channel) -> &str {
        match channel {
            Channel::Email => &self.email_queue_url,
            Channel::Sms => &self.sms_queue_url,
        }
    }

    async fn send_batch(&self, channel: Channel, order_id: &str, notices: &[&Notice]) -> Result<(), QueueError> {
        let entries = notices
            .iter()
            .enumerate()
            .map(|(i, notice)| {
                let reference = NoticeRef::new(&self.shop, order_id, notice.id.clone());
                let body = serde_json::to_string(&reference).expect("a notice reference serialises");
                // FIFO: one message group per order keeps its notices in order; a redrive gets a new
                // deduplication id, since FIFO drops repeats within five minutes.
                SendMessageBatchRequestEntry::builder()
                    .id(i.to_string())
                    .message_body(body)
                    .message_group_id(reference.group())
                    .message_deduplication_id(deduplication_id(&reference, notice))
                    .build()
            })
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| QueueError(e.to_string()))?;
        let output = self
            .client
            .send_message_batch()
            .queue_url(self.url(channel))
            .set_entries(Some(entries))
            .send()
            .await
            .map_err(|e| QueueError(DisplayErrorContext(e).to_string()))?;
        match output.failed().first() {
            Some(failure) => Err(QueueError(format!("{}: {}", failure.code(), failure.message().unwrap_or_default()))),
            None => Ok(()),
        }
    }
}

/// FIFO deduplicates per queue across all message groups, for five minutes: the id names the order
/// (its group: the shop and the order id), the notice and its redrive round, hashed to fit SQS's
/// 128 characters.
fn deduplication_id(reference: &NoticeRef, notice: &Notice) -> String {
    use sha2::Digest;
    let key = format!("{}\n{}\n{}", reference.group(), notice.id, notice.redrive_at.as_second());
    hex::encode(sha2::Sha256::digest(key.as_bytes()))
}

impl NoticeQueue for SqsQueue {
    /// One batch per channel, sent concurrently (a batch holds at most 10; an order asks for fewer).
    async fn enqueue(&self, order_id: &str, notices: &[Notice]) -> Result<(), QueueError> {
        let batches = [Channel::Email, Channel::Sms].map(|channel| {
            let chunk: Vec<&Notice> = notices.iter().filter(|n| n.channel == channel).collect();
            async move {
                for part in chunk.chunks(10) {
                    self.send_batch(channel, order_id, part).await?;
                }
                Ok::<_, QueueError>(())
            }
        });
        let [email, sms] = batches;
        let (email, sms) = futures::join!(email, sms);
        email.and(sms)
    }
}
