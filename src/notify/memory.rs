//! In-memory queue and sender, for unit tests and benchmarks that must not depend on the emulator.

use super::{Message, NoticeQueue, NoticeRef, QueueError, Sender};
use crate::domain::{Channel, DeliveryOutcome, Notice, Private};
use std::sync::{Arc, Mutex};

/// Keeps what was enqueued, by channel, in order.
#[derive(Clone, Default)]
pub struct MemoryQueue {
    queued: Arc<Mutex<Vec<(Channel, NoticeRef)>>>,
}

impl MemoryQueue {
    /// Takes everything queued for `channel`, oldest first.
    pub fn take(&self, channel: Channel) -> Vec<NoticeRef> {
        let mut queued = self.queued.lock().expect("the queue lock");
        let (taken, kept) = queued.drain(..).partition(|(c, _)| *c == channel);
        *queued = kept;
        taken.into_iter().map(|(_, r)| r).collect()
    }
}

impl NoticeQueue for MemoryQueue {
    async fn enqueue(&self, order_id: &str, notices: &[Notice]) -> Result<(), QueueError> {
        let mut queued = self.queued.lock().expect("the queue lock");
        queued.extend(notices.iter().map(|n| (n.channel, NoticeRef::new(&Default::default(), order_id, n.id.clone()))));
        Ok(())
    }
}

/// Records every message it is asked to send, and sends it.
#[derive(Clone, Default)]
pub struct MemorySender {
    sent: Arc<Mutex<Vec<(String, Message)>>>,
}

impl MemorySender {
    /// Recipient and message of everything sent so far.
    pub fn sent(&self) -> Vec<(String, Message)> {
        self.sent.lock().expect("the sender lock").clone()
    }
}

impl Sender for MemorySender {
    async fn send(&self, _about: &NoticeRef, to: &Private<String>, message: &Message) -> DeliveryOutcome {
        self.sent.lock().expect("the sender lock").push((to.expose().clone(), message.clone()));
        DeliveryOutcome::Sent
    }
}
