//! Failures of the system's own parts: AWS calls failing (before they reach the service, or after
//! it applied them with the answer lost) while providers and staff retry as they do; one order that
//! the scheduler cannot handle; a message that can never be delivered.

mod support;

use http::StatusCode;
use jiff::SignedDuration;
use orderflow::app::sweep;
use orderflow::domain::TimelineEvent;
use orderflow::domain::{Audience, FulfilmentStatus, NoticeState, Order};
use orderflow::local::faults::Faults;
use orderflow::local::lifecycle::{self, BenchOrder, Call};
use orderflow::local::pump::pump_once;
use std::collections::BTreeSet;
use std::time::Duration;
use support::Stack;

/// Order lives played with AWS calls failing, and the share of calls that fail (per mille).
const LIFECYCLES: usize = 60;
const FAULTS_PER_MILLE: u32 = 200;

/// Sends `call` as a provider or a warehouse system does: again after every 5xx, with backoff, up to
/// their patience. Returns the final status and how many retries it took.
async fn send_until_answered(stack: &Stack, call: &Call) -> (StatusCode, u32) {
    let mut retries = 0;
    loop {
        let (status, _, _) = stack.request(call.to_request()).await;
        if !status.is_server_error() || retries == 30 {
            return (status, retries);
        }
        retries += 1;
        tokio::time::sleep(Duration::from_millis(u64::from(retries.min(5)) * 2)).await;
    }
}

/// Runs the queue workers until both queues look empty; pump errors (the faults) are retried.
async fn drain_through_faults(stack: &Stack) {
    for _ in 0..200 {
        let email = pump_once(&stack.sqs, &stack.settings.email_queue_url, &stack.email, 0).await;
        let sms = pump_once(&stack.sqs, &stack.settings.sms_queue_url, &stack.sms, 0).await;
        if matches!((&email, &sms), (Ok(e), Ok(s)) if e.received == 0 && s.received == 0) {
            return;
        }
    }
}

/// What one order's customer and owner received.
struct Received {
    customer: usize,
    owner: usize,
}

fn received(order: &BenchOrder, emails: &[serde_json::Value], sms: &[serde_json::Value], owner: &str) -> Received {
    let number = format!("#B{}", &order.id[order.id.len() - 6..]);
    let to = |m: &serde_json::Value, address: &str| m["destinations"]["ToAddresses"][0] == address;
    let customer_email = format!("customer-{}@example.com", order.id);
    let customer = if order.sms {
        sms.iter().filter(|m| m["message"].as_str().is_some_and(|t| t.contains(&number))).count()
    } else {
        emails.iter().filter(|m| to(m, &customer_email)).count()
    };
    let owner =
        emails.iter().filter(|m| to(m, owner) && m["subject"].as_str().is_some_and(|s| s.contains(&number))).count();
    Received { customer, owner }
}

fn notice_ids(order: &Order) -> BTreeSet<String> {
    order.notices().keys().map(|id| id.to_string()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_a_fifth_of_aws_calls_failing_no_event_is_lost_and_no_message_goes_out_twice() {
    let seed: u64 = std::env::var("FAULT_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(20_261_129);
    let faults = Faults::new(FAULTS_PER_MILLE, seed);
    let stack = Stack::with_faults(&faults).await;
    let secrets = &stack.settings.secrets;
    let started = std::time::Instant::now();
    // The lifecycle signs its webhooks as of now, as providers do.
    stack.clock.set(jiff::Timestamp::now());
    // Two reference lives without faults, one per channel: what every order should end with.
    let references = [BenchOrder::new(0, false), BenchOrder::new(1, true)];
    for order in &references {
        for call in lifecycle::lifecycle(order, secrets) {
            assert_eq!(send_until_answered(&stack, &call).await.0, StatusCode::OK, "{} {}", order.id, call.step);
        }
    }
    stack.drain().await;
    // Every fourth customer has only a phone.
    let orders: Vec<BenchOrder> = (0..LIFECYCLES).map(|i| BenchOrder::new(100 + i, i % 4 == 3)).collect();
    faults.start();
    let (mut requests, mut retries, mut refused) = (0, 0, Vec::new());
    for order in &orders {
        stack.clock.set(jiff::Timestamp::now());
        for call in lifecycle::lifecycle(order, secrets) {
            let (status, tries) = send_until_answered(&stack, &call).await;
            requests += 1;
            retries += tries;
            if status != StatusCode::OK {
                refused.push(format!("{} {}: {status}", order.id, call.step));
            }
        }
        drain_through_faults(&stack).await;
    }
    let injected = faults.counts();
    faults.stop();
    // The faults are over: the workers and the scheduler catch up (notices whose lease or retry
    // time has to pass first, SMS held for the morning).
    let all: Vec<&BenchOrder> = references.iter().chain(&orders).collect();
    let mut rounds = 0;
    loop {
        let report = sweep(&stack.app).await.expect("the sweep runs");
        assert!(report.skipped.is_empty(), "{:?}", report.skipped);
        stack.drain().await;
        let mut open = 0;
        for order in &all {
            open += stack.order(&order.id).await.map_or(0, |o| o.undelivered_notices().count());
        }
        rounds += 1;
        if open == 0 || rounds == 48 {
            break;
        }
        stack.clock.advance(SignedDuration::from_hours(1));
    }

    let (emails, sms) = stack.sent_messages().await;
    let expected: Vec<Order> = {
        let mut expected = Vec::new();
        for order in &references {
            expected.push(stack.order(&order.id).await.expect("the reference order"));
        }
        expected
    };
    for (order, reference) in references.iter().zip(&expected) {
        let got = received(order, &emails, &sms, &stack.owner_email);
        let customer = reference.notices().values().filter(|n| n.audience == Audience::Customer).count();
        assert_eq!(
            (got.customer, got.owner),
            (customer, reference.notices().len() - customer),
            "reference {}",
            order.id
        );
    }
    let (mut lost, mut doubled, mut notices) = (Vec::new(), Vec::new(), 0);
    for order in &orders {
        let reference = &expected[usize::from(order.sms)];
        let Some(stored) = stack.order(&order.id).await else {
            lost.push(format!("{}: no order", order.id));
            continue;
        };
        if (stored.status, stored.payment.status) != (FulfilmentStatus::Delivered, reference.payment.status) {
            lost.push(format!("{}: {} / {:?}", order.id, stored.status, stored.payment.status));
        }
        if notice_ids(&stored) != notice_ids(reference) {
            lost.push(format!("{}: notices {:?}", order.id, notice_ids(&stored)));
        }
        let unsent: Vec<&orderflow::domain::NoticeId> =
            stored.notices().values().filter(|n| !matches!(n.state, NoticeState::Sent { .. })).map(|n| &n.id).collect();
        if !unsent.is_empty() {
            lost.push(format!("{}: not sent {unsent:?}", order.id));
        }
        let customer = stored.notices().values().filter(|n| n.audience == Audience::Customer).count();
        let owner = stored.notices().len() - customer;
        notices += stored.notices().len();
        let got = received(order, &emails, &sms, &stack.owner_email);
        for (who, sent, wanted) in [("customer", got.customer, customer), ("owner", got.owner, owner)] {
            match sent.cmp(&wanted) {
                std::cmp::Ordering::Greater => doubled.push(format!("{}: {who} got {sent} of {wanted}", order.id)),
                std::cmp::Ordering::Less => lost.push(format!("{}: {who} got {sent} of {wanted}", order.id)),
                std::cmp::Ordering::Equal => {}
            }
        }
    }
    let dead = stack.dead_letters().await;
    let figures = format!(
        "fault suite (seed {seed}): {LIFECYCLES} lifecycles, {requests} requests ({retries} retries by providers and \
         staff), {calls} AWS calls with {before} failed before the service and {after} after it (answer lost); \
         {notices} notices; lost {lost}, doubled {doubled}, refused {refused}, dead letters {dead}; settled in \
         {rounds} scheduler rounds; {secs:.0} s",
        calls = injected.calls,
        before = injected.failed_before,
        after = injected.failed_after,
        lost = lost.len(),
        doubled = doubled.len(),
        refused = refused.len(),
        secs = started.elapsed().as_secs_f64(),
    );
    println!("{figures}");
    let artifacts = orderflow::local::repo_root().join("test-artifacts");
    std::fs::create_dir_all(&artifacts).unwrap();
    std::fs::write(artifacts.join("fault-suite.txt"), format!("{figures}\n")).unwrap();
    assert!(injected.failed_before + injected.failed_after > injected.calls / 10, "{figures}");
    assert!(refused.is_empty(), "{figures}\n{refused:#?}");
    assert!(lost.is_empty(), "{figures}\n{lost:#?}");
    assert!(doubled.is_empty(), "{figures}\n{doubled:#?}");
    assert_eq!(dead, 0, "{figures}");
}

/// An order's head that no version of the code can read, due before everything else.
async fn put_unreadable_order(stack: &Stack, id: &str) {
    use aws_sdk_dynamodb::types::AttributeValue::{N, S};
    stack
        .dynamodb
        .put_item()
        .table_name(&stack.settings.table_name)
        .item("pk", S(format!("ORDER#{id}")))
        .item("sk", S("A#HEAD".into()))
        .item("due_shard", S("DUE".into()))
        .item("due_at", N("1".into()))
        .item("version", S("not a number".into()))
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn the_sweep_skips_an_order_it_cannot_read_and_serves_every_other_due_order_in_the_same_run() {
    let stack = Stack::new().await;
    let mut emails = Vec::new();
    for _ in 0..3 {
        let id = support::unique("S-");
        let email = format!("{id}@example.net");
        let body = support::unpaid_generic_order(&id, &email).to_string();
        // Stored with its notices, none of them queued: the sweep has to send them.
        assert_eq!(
            stack.post_order_with_queue_down(orderflow::domain::OrderSource::Generic, &body).await,
            StatusCode::OK
        );
        emails.push(email);
    }
    put_unreadable_order(&stack, "BROKEN-1").await;
    stack.clock.advance(SignedDuration::from_mins(5));

    let report = sweep(&stack.app).await.expect("one bad order does not fail the run");
    assert_eq!(report.skipped, ["BROKEN-1"]);
    assert_eq!(report.orders, 3);
    stack.drain().await;
    for email in &emails {
        assert_eq!(stack.emails_to(email).await.len(), 1, "{email} was told in the same run");
    }
    // The next runs start with the others; the bad order comes round again half an hour later.
    stack.clock.advance(SignedDuration::from_mins(1));
    assert!(sweep(&stack.app).await.unwrap().skipped.is_empty());
    stack.clock.advance(orderflow::app::sweep::SKIPPED_RETRY);
    assert_eq!(sweep(&stack.app).await.unwrap().skipped, ["BROKEN-1"]);
}

#[tokio::test]
async fn a_message_that_can_never_be_delivered_stops_after_its_attempts_and_the_owner_is_told_once() {
    let stack = Stack::new().await;
    // SMS go to a service that never answers: every attempt fails as a timeout or outage would.
    let broken = orderflow::aws::emulator_config_with(
        &stack.endpoint,
        orderflow::aws::ServiceEndpoints::default().with("SNS", "http://127.0.0.1:9"),
    );
    let broken = broken.to_builder().retry_config(aws_sdk_dynamodb::config::retry::RetryConfig::disabled()).build();
    let sms = orderflow::aws::sms_worker(&broken, stack.settings.clone(), stack.clock.clone());
    let id = support::unique("U-");
    let mut body = support::unpaid_generic_order(&id, "unused@example.net");
    body["customer"] = serde_json::json!({ "name": "Ada", "phone": "+44 20 7946 0958" });
    assert_eq!(
        stack.post_order(orderflow::domain::OrderSource::Generic, &body.to_string(), &[]).await.0,
        StatusCode::OK
    );
    let message = support::sqs_event(&[support::notice_ref(&id, "order_received.customer.sms")]);
    for _ in 0..40 {
        orderflow::app::deliver_batch(&sms, message.clone()).await;
        stack.clock.advance(SignedDuration::from_hours(1));
        sweep(&stack.app).await.unwrap();
        stack.drain_email().await;
    }
    let order = stack.order(&id).await.unwrap();
    let notice = &order.notices()["order_received.customer.sms"];
    assert!(notice.state.is_failed(), "{:?}", notice.state);
    assert_eq!(notice.attempts, orderflow::domain::notice::MAX_ATTEMPTS);
    let failed =
        order.timeline().iter().find(|e| e.event == TimelineEvent::NotificationFailed).expect("on the timeline");
    assert_eq!(failed.note.as_deref(), Some("sms to the customer could not be delivered: no success after 8 attempts"));
    let alerts: Vec<_> = stack
        .emails_to(&stack.owner_email)
        .await
        .into_iter()
        .filter(|m| m["subject"].as_str().is_some_and(|s| s.contains("could not reach the customer")))
        .collect();
    assert_eq!(alerts.len(), 1, "the owner is told once");
    assert!(alerts[0]["body"].as_str().unwrap().contains("+442079460958"), "with the number to try");
}

#[test]
fn a_claim_outlasts_the_queues_redelivery_and_the_workers_timeout() {
    let template: serde_yaml::Value =
        serde_yaml::from_slice(&std::fs::read(orderflow::local::repo_root().join("infra/template.yaml")).unwrap())
            .unwrap();
    let lease = orderflow::app::deliver::LEASE.as_secs();
    for queue in ["EmailQueue", "SmsQueue"] {
        let visibility = template["Resources"][queue]["Properties"]["VisibilityTimeout"].as_i64().unwrap();
        assert!(lease > visibility, "{queue}: lease {lease} s, redelivery after {visibility} s");
    }
    for worker in ["NotifyEmailFunction", "NotifySmsFunction"] {
        let timeout = template["Resources"][worker]["Properties"]["Timeout"]
            .as_i64()
            .or(template["Globals"]["Function"]["Timeout"].as_i64())
            .unwrap();
        assert!(lease > timeout, "{worker}: lease {lease} s, timeout {timeout} s");
    }
}
