//! Never lose, never double: duplicate webhooks, SQS redelivery, partial batch failures, permanent
//! provider refusals and the sweep that re-drives notices a crash left behind.

mod support;

use jiff::SignedDuration;
use orderflow::app::{deliver_batch, sweep};
use orderflow::domain::TimelineEvent;
use orderflow::domain::{NoticeState, OrderSource};
use orderflow::store::Atomicity;
use orderflow::store::prelude::*;
use serde_json::json;
use support::{Stack, notice_ref, sample_body, sqs_event, unique};

const CUSTOMER_EMAIL: &str = "order_received.customer.email";
const OWNER_EMAIL: &str = "new_order.owner.email";

fn generic_order(id: &str, email: &str) -> String {
    let mut body = sample_body("order-placed/generic-order-email.json");
    body["order_id"] = json!(id);
    body["order_number"] = json!(id);
    body["customer"]["email"] = json!(email);
    body.to_string()
}

#[tokio::test]
async fn the_same_delivery_twice_records_once_and_notifies_once() {
    let stack = Stack::new().await;
    let id = unique("D-");
    let email = format!("{id}@example.net");
    let body = generic_order(&id, &email);
    let (first, _, answer) = stack.post_order(OrderSource::Generic, &body, &[]).await;
    assert_eq!((first.as_u16(), answer["result"].as_str()), (200, Some("recorded")));
    stack.drain().await;
    let (second, _, answer) = stack.post_order(OrderSource::Generic, &body, &[]).await;
    assert_eq!((second.as_u16(), answer["result"].as_str()), (200, Some("duplicate")));
    stack.drain().await;

    assert_eq!(stack.order_count().await, 1);
    assert_eq!(stack.order(&id).await.unwrap().version(), 0, "claims and settles touch only the notices' own items");
    assert_eq!(stack.emails_to(&email).await.len(), 1);
    assert_eq!(stack.emails_to(&stack.owner_email).await.len(), 1);
}

#[tokio::test]
async fn twenty_concurrent_deliveries_record_once_and_notify_once() {
    let stack = Stack::new().await;
    let id = unique("C-");
    let email = format!("{id}@example.net");
    let body = generic_order(&id, &email);
    let answers = futures::future::join_all((0..20).map(|_| stack.post_order(OrderSource::Generic, &body, &[]))).await;
    assert!(answers.iter().all(|(status, _, _)| status.as_u16() == 200), "every delivery gets 200");
    let recorded = answers.iter().filter(|(_, _, a)| a["result"] == "recorded").count();
    let duplicates = answers.iter().filter(|(_, _, a)| a["result"] == "duplicate").count();
    assert_eq!((recorded, duplicates), (1, 19));

    stack.drain().await;
    assert_eq!(stack.order_count().await, 1);
    assert_eq!(stack.emails_to(&email).await.len(), 1, "one customer message");
    assert_eq!(stack.emails_to(&stack.owner_email).await.len(), 1, "one owner email");
}

#[tokio::test]
async fn a_message_redelivered_by_sqs_is_not_sent_twice() {
    let stack = Stack::new().await;
    let id = unique("R-");
    let email = format!("{id}@example.net");
    stack.post_order(OrderSource::Generic, &generic_order(&id, &email), &[]).await;
    stack.drain().await;
    assert_eq!(stack.emails_to(&email).await.len(), 1);

    // The same messages again, as SQS does when a delete is lost or a visibility timeout runs out.
    let event = sqs_event(&[notice_ref(&id, CUSTOMER_EMAIL), notice_ref(&id, OWNER_EMAIL)]);
    let response = deliver_batch(&stack.email, event.clone()).await;
    assert!(response.batch_item_failures.is_empty(), "a settled notice is acknowledged");
    deliver_batch(&stack.email, event).await;
    assert_eq!(stack.emails_to(&email).await.len(), 1);
    assert_eq!(stack.emails_to(&stack.owner_email).await.len(), 1);
}

/// The emulator answers one request at a time (`infra/emulator.py`), so its conditional writes are
/// atomic as DynamoDB's are; with moto's threaded server this test could pass a double send.
#[tokio::test]
async fn concurrent_workers_with_the_same_message_send_once() {
    let stack = Stack::new().await;
    let id = unique("W-");
    let email = format!("{id}@example.net");
    let status = stack.post_order_with_queue_down(OrderSource::Generic, &generic_order(&id, &email)).await;
    assert_eq!(status, 200);

    let event = sqs_event(&[notice_ref(&id, CUSTOMER_EMAIL)]);
    futures::future::join_all((0..5).map(|_| deliver_batch(&stack.email, event.clone()))).await;
    assert_eq!(stack.emails_to(&email).await.len(), 1);
}

#[tokio::test]
async fn a_failing_record_does_not_replay_the_others() {
    let stack = Stack::new().await;
    let ids = [unique("B-"), unique("B-")];
    for id in &ids {
        let status = stack
            .post_order_with_queue_down(OrderSource::Generic, &generic_order(id, &format!("{id}@example.net")))
            .await;
        assert_eq!(status, 200);
    }
    let event = sqs_event(&[
        notice_ref(&ids[0], CUSTOMER_EMAIL),
        "{ this is not a notice reference".to_string(),
        notice_ref(&ids[1], CUSTOMER_EMAIL),
    ]);
    let response = deliver_batch(&stack.email, event).await;
    let failed: Vec<_> = response.batch_item_failures.iter().map(|f| f.item_identifier.as_str()).collect();
    assert_eq!(failed, ["message-1"], "only the bad record is reported for retry");
    for id in &ids {
        assert_eq!(stack.emails_to(&format!("{id}@example.net")).await.len(), 1);
    }
}

#[tokio::test]
async fn a_number_the_provider_refuses_is_recorded_on_the_timeline_not_retried() {
    let stack = Stack::new().await;
    let id = unique("P-");
    let mut body = sample_body("order-placed/generic-order-sms-pickup.json");
    body["order_id"] = json!(id);
    let status = stack.post_order_with_queue_down(OrderSource::Generic, &body.to_string()).await;
    assert_eq!(status, 200);

    // The number passed our checks but the SMS provider refuses it (e.g. a number that was since
    // disconnected); the emulator refuses anything outside E.164, so the record is given such a number.
    let before = stack.app.store.get(&id).await.unwrap().unwrap();
    let mut order = before.clone();
    order.customer.phone = Some(orderflow::domain::Private::new("+0000".to_string()));
    stack.app.store.save(Some(&before), &order, Atomicity::All).await.unwrap();

    let notice = "order_received.customer.sms";
    let response = deliver_batch(&stack.sms, sqs_event(&[notice_ref(&id, notice)])).await;
    assert!(response.batch_item_failures.is_empty(), "a refusal is not retried");
    let order = stack.order(&id).await.unwrap();
    assert!(matches!(order.notices()[notice].state, NoticeState::Failed { .. }));
    let entry = order.timeline().last().unwrap();
    assert_eq!(entry.event, TimelineEvent::NotificationFailed);
    let note = entry.note.as_deref().unwrap();
    assert!(note.contains("sms to the customer") && note.contains("InvalidParameter"), "{note}");
    assert!(!note.contains("+0000"), "the timeline carries no phone number");
    assert!(stack.sms_mentioning(&id).await.is_empty());
}

#[tokio::test]
async fn notices_lost_between_the_write_and_the_queue_are_re_driven_by_the_sweep() {
    let stack = Stack::new().await;
    let id = unique("S-");
    let email = format!("{id}@example.net");
    let status = stack.post_order_with_queue_down(OrderSource::Generic, &generic_order(&id, &email)).await;
    assert_eq!(status, 200, "recorded even though the queue is down");
    stack.drain().await;
    assert!(stack.emails_to(&email).await.is_empty(), "nothing reached the queue");

    let report = sweep(&stack.app).await.unwrap();
    assert_eq!(report.notices_queued, 0, "not due yet");
    stack.clock.advance(SignedDuration::from_mins(3));
    let report = sweep(&stack.app).await.unwrap();
    assert_eq!(report.notices_queued, 2);
    stack.drain().await;
    assert_eq!(stack.emails_to(&email).await.len(), 1);
    assert_eq!(stack.emails_to(&stack.owner_email).await.len(), 1);

    stack.clock.advance(SignedDuration::from_mins(10));
    let report = sweep(&stack.app).await.unwrap();
    assert_eq!(report, Default::default(), "a delivered order leaves the due index");
    stack.drain().await;
    assert_eq!(stack.emails_to(&email).await.len(), 1);
}

/// SES's EventBridge event for an email it accepted that later bounced or drew a complaint.
fn ses_event(order_id: &str, notice_id: &str, kind: &str, report: serde_json::Value) -> serde_json::Value {
    let about =
        orderflow::notify::NoticeRef::new(&Default::default(), order_id, orderflow::domain::NoticeId::new(notice_id));
    let mut tags: serde_json::Map<String, serde_json::Value> =
        orderflow::notify::ses::email_tags(&about).iter().map(|t| (t.name().to_string(), json!([t.value()]))).collect();
    tags.insert("ses:configuration-set".into(), json!(["orderflow-EmailConfigurationSet"]));
    let mut detail = json!({ "eventType": kind, "mail": { "messageId": unique("m-"), "tags": tags } });
    detail.as_object_mut().unwrap().extend(report.as_object().unwrap().clone());
    detail
}

#[tokio::test]
async fn an_email_that_bounces_after_sending_goes_out_once_by_sms_and_later_ones_too() {
    use orderflow::app::feedback::{FeedbackReceipt, email_feedback};
    let stack = Stack::new().await;
    let id = unique("B-");
    let email = format!("{id}@example.net");
    let mut body = sample_body("order-placed/generic-order-email.json");
    body["order_id"] = json!(id);
    body["order_number"] = json!(id);
    body["locale"] = json!("en");
    body["customer"]["email"] = json!(email);
    body["customer"]["phone"] = json!("+33 6 12 34 56 78");
    assert_eq!(stack.post_order(OrderSource::Generic, &body.to_string(), &[]).await.0, 200);
    stack.drain().await;
    assert_eq!(stack.emails_to(&email).await.len(), 1, "SES accepted it");

    // A transient bounce is SES's to retry: nothing changes.
    let transient = ses_event(&id, CUSTOMER_EMAIL, "Bounce", json!({ "bounce": { "bounceType": "Transient" } }));
    assert!(matches!(email_feedback(&stack.app, &transient).await.unwrap(), FeedbackReceipt::Ignored { .. }));

    let bounced = ses_event(
        &id,
        CUSTOMER_EMAIL,
        "Bounce",
        json!({ "bounce": { "bounceType": "Permanent", "bounceSubType": "NoEmail",
                            "bouncedRecipients": [{ "emailAddress": email, "status": "5.1.1" }] } }),
    );
    let receipt = email_feedback(&stack.app, &bounced).await.unwrap();
    assert_eq!(receipt, FeedbackReceipt::Applied { order_id: id.clone(), queued: 1 });
    // EventBridge may deliver an event twice: the second changes nothing.
    assert_eq!(email_feedback(&stack.app, &bounced).await.unwrap(), FeedbackReceipt::Unchanged);
    stack.drain().await;
    let texts = stack.sms_mentioning(&id).await;
    assert_eq!(texts.len(), 1, "the order-received message, once by SMS: {texts:?}");
    let order = stack.order(&id).await.unwrap();
    assert!(order.notices()[CUSTOMER_EMAIL].state.is_failed());
    let failed = order.timeline().iter().find(|e| e.event == TimelineEvent::NotificationFailed).unwrap();
    let note = failed.note.as_deref().unwrap();
    assert!(note.contains("bounced (NoEmail)") && !note.contains(&email), "no address on the timeline: {note}");

    // The shop confirms: the customer hears it by SMS, the address that bounced is not used again.
    assert_eq!(stack.admin(&format!("/admin/orders/{id}/confirm"), None).await.0, 200);
    stack.drain().await;
    assert_eq!(stack.sms_mentioning(&id).await.len(), 2);
    assert_eq!(stack.emails_to(&email).await.len(), 1);
}

#[tokio::test]
async fn a_complaint_from_a_customer_with_only_an_email_tells_the_owner_once() {
    use orderflow::app::feedback::{FeedbackReceipt, email_feedback};
    let stack = Stack::new().await;
    let id = unique("C-");
    let email = format!("{id}@example.net");
    assert_eq!(stack.post_order(OrderSource::Generic, &generic_order(&id, &email), &[]).await.0, 200);
    stack.drain().await;
    let complaint =
        ses_event(&id, CUSTOMER_EMAIL, "Complaint", json!({ "complaint": { "complaintFeedbackType": "abuse" } }));
    let receipt = email_feedback(&stack.app, &complaint).await.unwrap();
    assert_eq!(receipt, FeedbackReceipt::Applied { order_id: id.clone(), queued: 1 });
    stack.drain().await;
    let owner = stack.emails_to(&stack.owner_email).await;
    let unreachable: Vec<_> = owner
        .iter()
        .filter(|m| m["subject"].as_str().unwrap().contains(&id) && m["subject"].as_str().unwrap().contains("reach"))
        .collect();
    assert_eq!(unreachable.len(), 1, "{owner:?}");
    // An email that is not ours, or about an order this stack does not have, changes nothing.
    let stranger = ses_event("no-such-order", CUSTOMER_EMAIL, "Complaint", json!({ "complaint": {} }));
    assert_eq!(email_feedback(&stack.app, &stranger).await.unwrap(), FeedbackReceipt::Unchanged);
}

/// An email sender that sends, then never returns: its worker is killed between send and settle.
struct SendsThenHangs {
    inner: orderflow::notify::ses::SesEmail,
    sent: std::sync::Arc<tokio::sync::Notify>,
}

impl orderflow::notify::Sender for SendsThenHangs {
    async fn send(
        &self,
        about: &orderflow::notify::NoticeRef,
        to: &orderflow::domain::Private<String>,
        message: &orderflow::notify::Message,
    ) -> orderflow::domain::DeliveryOutcome {
        let _sent = self.inner.send(about, to, message).await;
        self.sent.notify_one();
        std::future::pending().await
    }
}

#[tokio::test]
async fn a_worker_killed_between_send_and_settle_is_not_doubled_by_the_next_claim() {
    let stack = Stack::new().await;
    let id = unique("K-");
    let email = format!("{id}@example.net");
    stack.post_order(OrderSource::Generic, &generic_order(&id, &email), &[]).await;
    let sent = std::sync::Arc::new(tokio::sync::Notify::new());
    let dying = std::sync::Arc::new(orderflow::app::Worker {
        store: stack.email.store.clone(),
        sender: SendsThenHangs {
            inner: orderflow::aws::email_sender(&stack.config, &stack.settings),
            sent: sent.clone(),
        },
        settings: stack.settings.clone(),
        clock: stack.clock.clone(),
    });
    let event = sqs_event(&[notice_ref(&id, CUSTOMER_EMAIL)]);
    let task = tokio::spawn({
        let (dying, event) = (dying.clone(), event.clone());
        async move { deliver_batch(&dying, event).await }
    });
    sent.notified().await;
    task.abort();
    assert!(task.await.unwrap_err().is_cancelled(), "killed before it could settle");
    assert_eq!(stack.emails_to(&email).await.len(), 1);
    let claimed = stack.order(&id).await.unwrap().notices()[CUSTOMER_EMAIL].state;
    let NoticeState::Sending { attempt: first, lease_until } = claimed else { panic!("{claimed:?}") };

    // SQS hands the message to another worker once its visibility timeout is over: the notice is
    // still the first claim's, so nothing is sent again.
    stack.clock.set(stack.clock.now() + SignedDuration::from_secs(61));
    let response = deliver_batch(&stack.email, event.clone()).await;
    assert!(response.batch_item_failures.is_empty(), "acknowledged: another worker holds it");
    assert_eq!(stack.emails_to(&email).await.len(), 1, "not sent twice");

    // After the lease another claim takes it; the first worker, had it only stalled, could settle
    // nothing of that claim with its own token.
    stack.clock.set(lease_until + SignedDuration::from_secs(1));
    let now = stack.clock.now();
    let notice = orderflow::domain::NoticeId::new(CUSTOMER_EMAIL);
    let again = stack.app.store.claim_notice(&id, &notice, now, now + SignedDuration::from_secs(300), 7).await;
    let mut order = again.unwrap().expect("claimed once the lease ran out");
    assert!(!order.settle_claim(&notice, first, &orderflow::domain::DeliveryOutcome::Sent, now));
    assert!(matches!(order.notices()[CUSTOMER_EMAIL].state, NoticeState::Sending { attempt: 7, .. }));
    assert!(order.settle_claim(&notice, 7, &orderflow::domain::DeliveryOutcome::Sent, now));
}
