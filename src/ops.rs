//! Operator commands against a deployed stack (`orderflow orders|notices|dlq|events`): AWS
//! credentials from the usual chain (environment, profiles, SSO), the table and queues found
//! through the stack's outputs or named directly. Personal data is masked unless asked for.

use crate::app::update_order;
use crate::domain::{Channel, NoticeState, Order};
use crate::notify::sqs::SqsQueue;
use crate::notify::{NoticeQueue, NoticeRef};
use crate::store::{DynamoStore, FeedArchive, History, Orders};
use aws_sdk_sqs::error::DisplayErrorContext;
use aws_sdk_sqs::types::{MessageSystemAttributeName, QueueAttributeName};
use aws_types::SdkConfig;
use jiff::Timestamp;
use std::fmt::Write;

/// The SDK configuration an operator's shell gives: credentials and region from the usual chain,
/// `AWS_ENDPOINT_URL` honoured (the emulator).
pub async fn operator_config() -> SdkConfig {
    aws_config::defaults(aws_config::BehaviorVersion::latest()).http_client(crate::aws::https_client()).load().await
}

/// The deployed resources the commands work on.
#[derive(Clone, Debug, Default)]
pub struct Resources {
    pub table: Option<String>,
    pub email_queue: Option<String>,
    pub sms_queue: Option<String>,
    pub email_dead_letters: Option<String>,
    pub sms_dead_letters: Option<String>,
    pub api_url: Option<String>,
    pub feed_queue: Option<String>,
    pub feed_dead_letters: Option<String>,
}

/// A queue with a dead-letter queue an operator looks into and moves back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Queue {
    /// Email notices.
    Email,
    /// SMS notices.
    Sms,
    /// Feed deliveries to subscribers.
    Feed,
}

impl Resources {
    /// The outputs of the CloudFormation stack `stack`.
    pub async fn of_stack(config: &SdkConfig, stack: &str) -> Result<Self, String> {
        let output = aws_sdk_cloudformation::Client::new(config)
            .describe_stacks()
            .stack_name(stack)
            .send()
            .await
            .map_err(|e| format!("stack {stack}: {}", aws_sdk_cloudformation::error::DisplayErrorContext(e)))?;
        let outputs = output.stacks().first().map(|s| s.outputs().to_vec()).unwrap_or_default();
        let get = |key: &str| {
            outputs.iter().find(|o| o.output_key() == Some(key)).and_then(|o| o.output_value()).map(str::to_string)
        };
        Ok(Self {
            table: get("OrdersTableName"),
            email_queue: get("EmailQueueUrl"),
            sms_queue: get("SmsQueueUrl"),
            email_dead_letters: get("EmailDeadLetterQueueUrl"),
            sms_dead_letters: get("SmsDeadLetterQueueUrl"),
            api_url: get("ApiUrl"),
            feed_queue: get("FeedQueueUrl"),
            feed_dead_letters: get("FeedDeadLetterQueueUrl"),
        })
    }

    /// `self` with every value `other` gives in its place.
    pub fn or(self, other: Self) -> Self {
        Self {
            table: other.table.or(self.table),
            email_queue: other.email_queue.or(self.email_queue),
            sms_queue: other.sms_queue.or(self.sms_queue),
            email_dead_letters: other.email_dead_letters.or(self.email_dead_letters),
            sms_dead_letters: other.sms_dead_letters.or(self.sms_dead_letters),
            api_url: other.api_url.or(self.api_url),
            feed_queue: other.feed_queue.or(self.feed_queue),
            feed_dead_letters: other.feed_dead_letters.or(self.feed_dead_letters),
        }
    }

    fn need<'a>(value: &'a Option<String>, what: &str) -> Result<&'a str, String> {
        value.as_deref().ok_or_else(|| format!("no {what}: give --stack or --{}", what.replace(' ', "-")))
    }

    pub fn table(&self) -> Result<&str, String> {
        Self::need(&self.table, "table")
    }

    pub fn api_url(&self) -> Result<&str, String> {
        Self::need(&self.api_url, "api url")
    }

    pub fn feed_queue(&self) -> Result<&str, String> {
        Self::need(&self.feed_queue, "feed queue")
    }

    /// The queue and its dead-letter queue.
    pub fn dead_letter_pair(&self, queue: Queue) -> Result<(&str, &str), String> {
        match queue {
            Queue::Email => self.queues(Channel::Email),
            Queue::Sms => self.queues(Channel::Sms),
            Queue::Feed => Ok((self.feed_queue()?, Self::need(&self.feed_dead_letters, "feed dead letters")?)),
        }
    }

    /// The queue of `channel` and its dead-letter queue.
    pub fn queues(&self, channel: Channel) -> Result<(&str, &str), String> {
        match channel {
            Channel::Email => Ok((
                Self::need(&self.email_queue, "email queue")?,
                Self::need(&self.email_dead_letters, "email dead letters")?,
            )),
            Channel::Sms => {
                Ok((Self::need(&self.sms_queue, "sms queue")?, Self::need(&self.sms_dead_letters, "sms dead letters")?))
            }
        }
    }
}

/// Personal data as `A** L*******`: the first character of each part, the rest starred.
pub fn mask(text: &str) -> String {
    let mut first = true;
    text.chars()
        .map(|c| {
            if !c.is_alphanumeric() {
                first = true;
                c
            } else if std::mem::take(&mut first) {
                c
            } else {
                '*'
            }
        })
        .collect()
}

/// `orders show`: status, contact (masked unless `reveal`), items, timeline and notices.
pub async fn show_order(store: &DynamoStore, order_id: &str, reveal: bool) -> Result<String, String> {
    let order = store.get_with_history(order_id).await.map_err(|e| e.to_string())?;
    let order = order.ok_or_else(|| format!("no order {order_id}"))?;
    Ok(describe(&order, reveal))
}

fn describe(order: &Order, reveal: bool) -> String {
    let private = |text: &str| if reveal { text.to_string() } else { mask(text) };
    let mut out = String::new();
    let source: &str = order.source.into();
    let _ = writeln!(out, "order {} ({}) from {source}, placed {}", order.id, order.number, order.placed_at);
    let hold = order.hold_reason.map(|r| format!(" ({})", <&str>::from(r))).unwrap_or_default();
    let _ = writeln!(out, "status {}{hold}, payment {:?}", order.status, order.payment.status);
    let customer = &order.customer;
    let contact: Vec<String> = [&customer.name, &customer.email, &customer.phone]
        .into_iter()
        .flatten()
        .map(|value| private(value.expose()))
        .collect();
    let channel = customer.channel.as_str();
    let _ = writeln!(out, "customer {} (by {channel}, {})", contact.join(", "), customer.locale);
    if let Some(address) = &order.shipping.address {
        let address = address.expose();
        let lines: Vec<String> = address.lines.iter().map(|l| private(l)).collect();
        let _ = writeln!(out, "ship to {}, {} {}", lines.join(", "), private(&address.city), address.country);
    }
    for item in &order.items {
        let _ = writeln!(out, "  {} × {}", item.quantity, item.name);
    }
    let _ = writeln!(out, "timeline:");
    for entry in order.timeline() {
        let note = entry.note.as_deref().map(|n| format!(" — {n}")).unwrap_or_default();
        let _ = writeln!(out, "  {} {} ({}){note}", entry.at, entry.event, entry.source);
    }
    let _ = writeln!(out, "notices:");
    for notice in order.notices().values() {
        let state = match notice.state {
            NoticeState::Queued => format!("queued, next try {}", notice.redrive_at),
            NoticeState::Sending { lease_until, .. } => format!("being sent (lease until {lease_until})"),
            NoticeState::Sent { at } => format!("sent {at}"),
            NoticeState::Failed { at } => format!("failed {at}"),
        };
        let _ = writeln!(out, "  {:<40} {state}, {} attempts", notice.id, notice.attempts);
    }
    out
}

/// `notices resend`: queues a notice again on purpose (whatever became of it) and says so on the
/// order's timeline.
pub async fn resend_notice(
    store: &DynamoStore,
    queue: &SqsQueue,
    order_id: &str,
    notice_id: &crate::domain::NoticeId,
    now: Timestamp,
) -> Result<String, String> {
    let order = store.get(order_id).await.map_err(|e| e.to_string())?.ok_or_else(|| format!("no order {order_id}"))?;
    if !order.notices().contains_key(notice_id) {
        let known: Vec<&str> = order.notices().keys().map(|id| id.as_str()).collect();
        return Err(format!("order {order_id} has no notice {notice_id}; it has {known:?}"));
    }
    let mut queued = None;
    update_order(store, order, |o| {
        queued = o.resend_notice(notice_id, now, "operator");
        queued.is_some()
    })
    .await
    .map_err(|e| e.to_string())?;
    let notice = queued.ok_or_else(|| format!("notice {notice_id} could not be queued"))?;
    // Should the queue fail now, the sweep puts the notice on it within minutes.
    queue.enqueue(order_id, std::slice::from_ref(&notice)).await.map_err(|e| e.0)?;
    Ok(format!("{notice_id} of order {order_id} queued again; the timeline says so"))
}

/// One message in a dead-letter queue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeadLetter {
    pub message_id: String,
    /// The notice reference it carries (no personal data).
    pub body: String,
    pub receives: u32,
}

/// `dlq list`: how many messages wait (SQS's approximate count) and the first ten of them.
pub async fn dead_letters(sqs: &aws_sdk_sqs::Client, url: &str) -> Result<(usize, Vec<DeadLetter>), String> {
    let count = approximate_count(sqs, url).await?;
    let received = sqs
        .receive_message()
        .queue_url(url)
        .max_number_of_messages(10)
        .visibility_timeout(0)
        .message_system_attribute_names(MessageSystemAttributeName::ApproximateReceiveCount)
        .send()
        .await
        .map_err(|e| DisplayErrorContext(e).to_string())?;
    let letters = received
        .messages()
        .iter()
        .map(|m| DeadLetter {
            message_id: m.message_id().unwrap_or_default().to_string(),
            body: m.body().unwrap_or_default().to_string(),
            receives: m
                .attributes()
                .and_then(|a| a.get(&MessageSystemAttributeName::ApproximateReceiveCount))
                .and_then(|n| n.parse().ok())
                .unwrap_or(0),
        })
        .collect();
    Ok((count, letters))
}

async fn approximate_count(sqs: &aws_sdk_sqs::Client, url: &str) -> Result<usize, String> {
    let attributes = sqs
        .get_queue_attributes()
        .queue_url(url)
        .attribute_names(QueueAttributeName::ApproximateNumberOfMessages)
        .send()
        .await
        .map_err(|e| DisplayErrorContext(e).to_string())?;
    Ok(attributes
        .attributes()
        .and_then(|a| a.get(&QueueAttributeName::ApproximateNumberOfMessages))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0))
}

/// `dlq redrive`: moves every dead letter back to its queue, in the message group it was sent in
/// (one per order, or per subscriber and order for the feed), deleting each only once it is re-sent. A dry run moves nothing and says how many
/// would go. Returns how many moved (or would).
pub async fn redrive(sqs: &aws_sdk_sqs::Client, dead: &str, queue: &str, dry_run: bool) -> Result<usize, String> {
    if dry_run {
        return approximate_count(sqs, dead).await;
    }
    let mut moved = 0;
    loop {
        let received = sqs
            .receive_message()
            .queue_url(dead)
            .max_number_of_messages(10)
            .visibility_timeout(60)
            .message_system_attribute_names(MessageSystemAttributeName::MessageGroupId)
            .send()
            .await
            .map_err(|e| DisplayErrorContext(e).to_string())?;
        if received.messages().is_empty() {
            return Ok(moved);
        }
        for message in received.messages() {
            let body = message.body().unwrap_or_default();
            let sent_in = message.attributes().and_then(|a| a.get(&MessageSystemAttributeName::MessageGroupId));
            let group = sent_in.cloned().unwrap_or_else(|| {
                serde_json::from_str::<NoticeRef>(body).map_or_else(|_| "redrive".to_string(), |r| r.order_id)
            });
            let id = message.message_id().unwrap_or_default();
            sqs.send_message()
                .queue_url(queue)
                .message_body(body)
                .message_group_id(group)
                .message_deduplication_id(format!("redrive-{id}"))
                .send()
                .await
                .map_err(|e| DisplayErrorContext(e).to_string())?;
            sqs.delete_message()
                .queue_url(dead)
                .receipt_handle(message.receipt_handle().unwrap_or_default())
                .send()
                .await
                .map_err(|e| DisplayErrorContext(e).to_string())?;
            moved += 1;
        }
    }
}

/// A subscriber's latest delivery attempts, one line each, newest first.
pub async fn delivery_log(store: &DynamoStore, subscriber: &str, limit: i32) -> Result<String, String> {
    let records = store.deliveries(subscriber, limit).await.map_err(|e| e.to_string())?;
    let mut out = String::new();
    for r in &records {
        let status = r.status.map_or("—".to_string(), |s| s.to_string());
        let outcome = if r.delivered { "delivered".to_string() } else { r.error.clone().unwrap_or_default() };
        let _ = writeln!(out, "{}  {}  attempt {}  {}  {}", r.at, r.event_id, r.attempt, status, outcome);
    }
    if records.is_empty() {
        let _ = writeln!(out, "no deliveries to {subscriber} in the last 30 days");
    }
    Ok(out)
}
