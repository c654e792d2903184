//! Stands in for Lambda's SQS event source mapping: receive a batch, hand it to the same worker
//! handler the Lambda runs, delete what succeeded and leave the reported failures for redelivery.

use crate::app::feed::{Feed, deliver_feed};
use crate::app::{Worker, deliver_batch};
use crate::notify::Sender;
use crate::store::OrderStore;
use aws_lambda_events::event::sqs::{SqsBatchResponse, SqsEvent, SqsMessage};
use aws_sdk_sqs::error::DisplayErrorContext;
use aws_sdk_sqs::types::{DeleteMessageBatchRequestEntry, Message, MessageSystemAttributeName};

/// What one batch did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pumped {
    pub received: usize,
    pub failed: usize,
}

/// Receives up to 10 messages (waiting up to `wait_seconds`) and delivers them.
pub async fn pump_once<S: OrderStore, D: Sender>(
    sqs: &aws_sdk_sqs::Client,
    queue_url: &str,
    worker: &Worker<S, D>,
    wait_seconds: i32,
) -> Result<Pumped, String> {
    pump_with(sqs, queue_url, wait_seconds, |event| deliver_batch(worker, event)).await
}

/// Receives up to 10 messages of the status feed's queue and delivers them to the subscribers.
pub async fn pump_feed(sqs: &aws_sdk_sqs::Client, feed: &Feed, wait_seconds: i32) -> Result<Pumped, String> {
    let Some(queue_url) = feed.settings.feed.queue_url.clone() else { return Ok(Pumped::default()) };
    pump_with(sqs, &queue_url, wait_seconds, |event| deliver_feed(feed, event)).await
}

/// Receives a batch, hands it to `handle` as the trigger would, and deletes what did not fail.
pub async fn pump_with<F, Fut>(
    sqs: &aws_sdk_sqs::Client,
    queue_url: &str,
    wait_seconds: i32,
    handle: F,
) -> Result<Pumped, String>
where
    F: FnOnce(SqsEvent) -> Fut,
    Fut: std::future::Future<Output = SqsBatchResponse>,
{
    let received = sqs
        .receive_message()
        .queue_url(queue_url)
        .max_number_of_messages(10)
        .wait_time_seconds(wait_seconds)
        .message_system_attribute_names(MessageSystemAttributeName::ApproximateReceiveCount)
        .send()
        .await
        .map_err(|e| DisplayErrorContext(e).to_string())?;
    let messages = received.messages.unwrap_or_default();
    if messages.is_empty() {
        return Ok(Pumped::default());
    }
    let response = handle(sqs_event(&messages)).await;
    let failed: Vec<&str> = response.batch_item_failures.iter().map(|f| f.item_identifier.as_str()).collect();
    delete_delivered(sqs, queue_url, &messages, &failed).await?;
    Ok(Pumped { received: messages.len(), failed: failed.len() })
}

/// The Lambda event the SQS trigger makes of received messages.
pub fn sqs_event(messages: &[Message]) -> SqsEvent {
    let mut event = SqsEvent::default();
    event.records = messages
        .iter()
        .map(|m| {
            let mut record = SqsMessage::default();
            record.message_id = m.message_id.clone();
            record.receipt_handle = m.receipt_handle.clone();
            record.body = m.body.clone();
            record.event_source = Some("aws:sqs".into());
            record.attributes =
                m.attributes.iter().flatten().map(|(name, value)| (name.as_str().to_string(), value.clone())).collect();
            record
        })
        .collect();
    event
}

/// Deletes the messages the worker did not report as failed (by message id), as the trigger does.
pub async fn delete_delivered(
    sqs: &aws_sdk_sqs::Client,
    queue_url: &str,
    messages: &[Message],
    failed: &[&str],
) -> Result<(), String> {
    let done = messages
        .iter()
        .filter(|m| !failed.contains(&m.message_id.as_deref().unwrap_or_default()))
        .enumerate()
        .map(|(i, m)| {
            DeleteMessageBatchRequestEntry::builder()
                .id(i.to_string())
                .receipt_handle(m.receipt_handle.clone().unwrap_or_default())
                .build()
                .map_err(|e| e.to_string())
        })
        .collect::<Result<Vec<_>, _>>()?;
    if !done.is_empty() {
        sqs.delete_message_batch()
            .queue_url(queue_url)
            .set_entries(Some(done))
            .send()
            .await
            .map_err(|e| DisplayErrorContext(e).to_string())?;
    }
    Ok(())
}
