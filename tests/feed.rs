//! The status feed end to end: an order's life through the real routes, the table's stream in the
//! emulator, the publisher and the deliverer; a subscriber on loopback that checks every signature
//! and is down for part of the run; the EventBridge copy read back and checked against its schema.

mod support;

use http::StatusCode;
use orderflow::app::feed::replay;
use orderflow::feed::{EVENT_ID_HEADER, SIGNATURE_HEADER};
use orderflow::local::lifecycle::{BenchOrder, lifecycle};
use orderflow::providers::signature::verify_timestamped;
use orderflow::store::prelude::*;
use serde_json::{Value, json};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use support::Stack;

const SECRET: &str = "whsec-feed-test";

/// A subscriber's endpoint: verifies the signature, keeps what it accepted (per path), answers 503
/// while `down`.
#[derive(Clone, Default)]
struct Receiver {
    accepted: Arc<Mutex<Vec<(String, Value)>>>,
    down: Arc<AtomicBool>,
    now: Arc<Mutex<Option<jiff::Timestamp>>>,
}

impl Receiver {
    async fn start(&self) -> String {
        let me = self.clone();
        let app = axum::Router::new().route(
            "/{who}",
            axum::routing::post(
                move |axum::extract::Path(who): axum::extract::Path<String>,
                      headers: http::HeaderMap,
                      body: axum::body::Bytes| {
                    let me = me.clone();
                    async move {
                        if me.down.load(Ordering::SeqCst) {
                            return StatusCode::SERVICE_UNAVAILABLE;
                        }
                        let signature = headers.get(SIGNATURE_HEADER).and_then(|v| v.to_str().ok());
                        let now = me.now.lock().unwrap().expect("the test's clock");
                        verify_timestamped(SIGNATURE_HEADER, signature, SECRET, &body, now).expect("a valid signature");
                        let event: Value = serde_json::from_slice(&body).unwrap();
                        assert_eq!(headers[EVENT_ID_HEADER].to_str().unwrap(), event["id"].as_str().unwrap());
                        me.accepted.lock().unwrap().push((who, event));
                        StatusCode::NO_CONTENT
                    }
                },
            ),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        base
    }

    fn of(&self, who: &str) -> Vec<Value> {
        self.accepted.lock().unwrap().iter().filter(|(w, _)| w == who).map(|(_, e)| e.clone()).collect()
    }
}

fn ids(events: &[Value]) -> Vec<String> {
    events.iter().map(|e| e["id"].as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn every_change_reaches_each_subscriber_signed_in_order_once_even_after_it_was_down() {
    let receiver = Receiver::default();
    let base = receiver.start().await;
    let subscribers = json!([
        { "name": "warehouse", "url": format!("{base}/warehouse"), "secret": SECRET, "personal": ["shipping_address"] },
        { "name": "bi", "url": format!("{base}/bi"), "secret": SECRET, "kinds": ["order.status"] },
        { "name": "accounting", "url": format!("{base}/accounting"), "secret": SECRET, "kinds": ["payment.status"],
          "personal": ["contact", "billing_address"] },
    ])
    .to_string();
    let stack = Stack::with_vars(&[("FEED_SUBSCRIBERS", subscribers.as_str()), ("FEED_RETRY_SECONDS", "1")]).await;
    // The providers' signatures in the lifecycle are made with the real time.
    stack.clock.set(jiff::Timestamp::now());
    *receiver.now.lock().unwrap() = Some(stack.clock.now());

    // The EventBridge copy: a rule on the stack's bus that sends everything from orderflow to a queue.
    let bus = stack.settings.feed.bus_name.clone().expect("the template's bus");
    let copy = stack.sqs.create_queue().queue_name(support::unique("feed-copy-")).send().await.unwrap();
    let copy_url = copy.queue_url.unwrap();
    let attributes = stack
        .sqs
        .get_queue_attributes()
        .queue_url(&copy_url)
        .attribute_names(aws_sdk_sqs::types::QueueAttributeName::QueueArn)
        .send()
        .await
        .unwrap();
    let copy_arn = attributes.attributes.unwrap()[&aws_sdk_sqs::types::QueueAttributeName::QueueArn].clone();
    let events = aws_sdk_eventbridge::Client::new(&stack.config);
    let rule = support::unique("feed-rule-");
    events
        .put_rule()
        .name(&rule)
        .event_bus_name(&bus)
        .event_pattern(json!({ "source": ["orderflow"] }).to_string())
        .send()
        .await
        .unwrap();
    let target = aws_sdk_eventbridge::types::Target::builder().id("copy").arn(&copy_arn).build().unwrap();
    events.put_targets().rule(&rule).event_bus_name(&bus).targets(target).send().await.unwrap();

    let mut stream = stack.stream().await;
    let order = BenchOrder::new(1, false);
    let calls = lifecycle(&order, &stack.settings.secrets);
    for (n, call) in calls.iter().enumerate() {
        // Down for the middle of the order's life: confirm, pack and ship are missed at first.
        receiver.down.store((2..5).contains(&n), Ordering::SeqCst);
        let (status, _, answer) = stack.request(call.to_request()).await;
        assert!(status.is_success(), "{}: {answer}", call.step);
        stack.pump_feed(&mut stream).await;
    }
    receiver.down.store(false, Ordering::SeqCst);
    // Back up: the missed deliveries come again after their retry delay (1 s here, 30 s by default).
    let since = stack.clock.now() - jiff::SignedDuration::from_hours(1);
    let kept = stack.feed.store.feed_events(since, stack.clock.now()).await.unwrap().len();
    for _ in 0..40 {
        if receiver.of("warehouse").len() >= kept {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
        stack.pump_feed(&mut stream).await;
    }

    // Everything that changed, from the bus's copy (no personal data there).
    let mut published = Vec::new();
    loop {
        let batch = stack.sqs.receive_message().queue_url(&copy_url).max_number_of_messages(10).send().await.unwrap();
        let messages = batch.messages.unwrap_or_default();
        if messages.is_empty() {
            break;
        }
        for message in messages {
            let envelope: Value = serde_json::from_str(message.body.as_deref().unwrap()).unwrap();
            assert_eq!(envelope["source"], "orderflow");
            assert_eq!(envelope["detail-type"], envelope["detail"]["kind"]);
            published.push(envelope["detail"].clone());
        }
    }
    published.sort_by_key(|e| (e["sequence"].as_u64(), e["id"].as_str().map(str::to_string)));
    let kinds: Vec<&str> = published.iter().map(|e| e["kind"].as_str().unwrap()).collect();
    for kind in ["order.received", "order.status", "payment.status", "shipment.updated"] {
        assert!(kinds.contains(&kind), "{kind} in {kinds:?}");
    }
    let statuses: Vec<&str> =
        published.iter().filter(|e| e["kind"] == "order.status").map(|e| e["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["confirmed", "packing", "shipped", "in_transit", "out_for_delivery", "delivered"]);
    assert!(published.iter().all(|e| e.get("shipping_address").is_none() && e.get("customer").is_none()));
    schema_check(&published);

    // The warehouse got every event, each once, in the order's order, with the address it needs.
    let warehouse = receiver.of("warehouse");
    assert_eq!(ids(&warehouse), ids(&published), "all of them, once each, in order");
    assert!(warehouse.iter().all(|e| e["shipping_address"]["city"].is_string() && e.get("customer").is_none()));
    // BI asked for status changes only, and no personal data.
    let bi = receiver.of("bi");
    let status_events: Vec<Value> = published.iter().filter(|e| e["kind"] == "order.status").cloned().collect();
    assert_eq!(ids(&bi), ids(&status_events));
    assert!(bi.iter().all(|e| e.get("shipping_address").is_none()));
    // Accounting asked for payments, with who pays and where the invoice goes (not the delivery).
    let accounting = receiver.of("accounting");
    let payments: Vec<Value> = published.iter().filter(|e| e["kind"] == "payment.status").cloned().collect();
    assert_eq!(ids(&accounting), ids(&payments));
    for event in &accounting {
        assert_eq!(event["customer"]["name"], "Ada Lovelace");
        assert_eq!(
            (&event["billing_address"]["company"], &event["billing_address"]["city"]),
            (&json!("Analytical Engines Ltd"), &json!("Cambridge"))
        );
        assert!(event.get("shipping_address").is_none(), "{event}");
    }
    schema_check(&accounting);
    schema_check(&warehouse);

    // The delivery log shows the refusals while it was down, then the deliveries.
    let log = stack.feed.store.deliveries("warehouse", 100).await.unwrap();
    assert!(log.iter().any(|r| !r.delivered && r.status == Some(503)), "{log:?}");
    assert_eq!(log.iter().filter(|r| r.delivered).count(), warehouse.len());

    // A replay re-sends BI's events from the start: the same ids, which BI dedupes.
    let queue = stack.settings.feed.queue_url.clone().unwrap();
    let (store, now) = (&stack.feed.store, stack.clock.now());
    let sent =
        replay(&Default::default(), store, &stack.sqs, &queue, "bi", now - jiff::SignedDuration::from_hours(1), now)
            .await
            .unwrap();
    assert_eq!(sent, published.len(), "every event is queued; BI's deliverer sends the kinds it wants");
    stack.pump_feed(&mut stream).await;
    let again = receiver.of("bi");
    assert_eq!(ids(&again[status_events.len()..]), ids(&status_events));
}

/// Validates events against `events/schemas/feed-event.schema.json` with the project venv's
/// `jsonschema` (as `make schema` does for the samples).
fn schema_check(events: &[Value]) {
    let file = std::env::temp_dir().join(format!("{}.json", support::unique("feed-events-")));
    std::fs::write(&file, serde_json::to_vec(events).unwrap()).unwrap();
    let root = orderflow::local::repo_root();
    let script = "import json, sys, jsonschema; \
        schema = json.load(open(sys.argv[1])); jsonschema.Draft202012Validator.check_schema(schema); \
        [jsonschema.validate(e, schema) for e in json.load(open(sys.argv[2]))]";
    let output = std::process::Command::new(orderflow::local::emulator::venv_python())
        .args(["-c", script])
        .arg(root.join("events/schemas/feed-event.schema.json"))
        .arg(&file)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
}
