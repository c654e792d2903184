//! The real Lambda binaries (`functions/*`), run against a local Lambda Runtime API and the
//! emulator, fed the sample events in `events/`: the entry points, their configuration and the
//! samples all work as deployed. `make test` builds the binaries first.

mod support;

use orderflow::local::replay::signature_for;
use orderflow::local::runtime_api::{FunctionProcess, Outcome};
use serde_json::{Value, json};
use support::{Stack, binary};

/// A function process serving its own runtime API; stopped when dropped.
struct Function(FunctionProcess);

impl Function {
    async fn start(stack: &Stack, name: &str) -> Self {
        let mut vars = stack.vars.clone();
        for (key, value) in
            [("AWS_REGION", "us-east-1"), ("AWS_ACCESS_KEY_ID", "local"), ("AWS_SECRET_ACCESS_KEY", "local")]
        {
            vars.insert(key.into(), value.into());
        }
        Self(FunctionProcess::start(&binary(name), name, &vars).await.unwrap_or_else(|error| panic!("{error}")))
    }

    async fn invoke(&self, event: &Value) -> Outcome {
        self.0.invoke(event).await.expect("an answer within 30 s").0
    }
}

/// A sample from `events/`, signed again as its sender would sign it now.
fn sample(stack: &Stack, path: &str) -> Value {
    let file = orderflow::local::repo_root().join("events").join(path);
    let mut event: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    if let (Some(raw_path), Some(body)) = (event["rawPath"].as_str(), event.get("body").and_then(Value::as_str)) {
        if let Some((header, value)) = signature_for(raw_path, body, &stack.settings.secrets) {
            event["headers"][header.to_ascii_lowercase()] = json!(value);
        }
    } else if let Some(raw_path) = event["rawPath"].as_str()
        && let Some((header, value)) = signature_for(raw_path, "", &stack.settings.secrets)
    {
        event["headers"][header.to_ascii_lowercase()] = json!(value);
    }
    event
}

/// The HTTP status and JSON body of an API Gateway response.
fn http(outcome: Outcome) -> (u64, Value) {
    let response = outcome.expect("an HTTP response, not a function error");
    let body = response["body"].as_str().and_then(|b| serde_json::from_str(b).ok()).unwrap_or(Value::Null);
    (response["statusCode"].as_u64().unwrap_or(0), body)
}

#[tokio::test]
async fn every_function_binary_handles_its_sample_events() {
    // The back office captures held payments through the local stand-in of Stripe's API.
    let payment_api = orderflow::local::payment_api::FakePaymentApi::start().await.unwrap();
    let mut vars = payment_api.vars();
    // The status feed's subscriber: a receiver on loopback that counts the signed deliveries.
    let (subscriber_url, received) = feed_receiver().await;
    let subscribers = json!([{ "name": "warehouse", "url": subscriber_url, "secret": "whsec-lambda" }]).to_string();
    vars.push(("FEED_SUBSCRIBERS", subscribers));
    let stack = Stack::with_vars(&vars.iter().map(|(n, v)| (*n, v.as_str())).collect::<Vec<_>>()).await;
    let shopify = "5923712008421457921";

    let intake = Function::start(&stack, "order-placed").await;
    for file in [
        "shopify-orders-create.json",
        "woocommerce-order-created.json",
        "shopify-draft-order-no-street.json",
        "generic-order-email.json",
        "generic-order-sms-pickup.json",
        "generic-order-card-hold.json",
        "woocommerce-ping.json",
    ] {
        let (status, body) = http(intake.invoke(&sample(&stack, &format!("order-placed/{file}"))).await);
        assert_eq!(status, 200, "{file}: {body}");
    }
    assert!(stack.order(shopify).await.is_some() && stack.order("G-2002").await.is_some());
    let draft = "5923712008421457999";
    assert!(stack.order(draft).await.unwrap().needs_attention(), "kept, on hold: its address has no street");

    let backoffice = Function::start(&stack, "backoffice").await;
    for file in ["1-confirm.json", "2-pack.json", "3-ship.json", "5-list-received.json", "6-update-address.json"] {
        let (status, body) = http(backoffice.invoke(&sample(&stack, &format!("backoffice/{file}"))).await);
        assert_eq!(status, 200, "{file}: {body}");
    }

    assert_eq!(stack.order(draft).await.unwrap().status.as_str(), "received", "staff completed the address");

    let carriers = Function::start(&stack, "carrier-webhook").await;
    for file in ["1-easypost-in_transit.json", "2-easypost-out_for_delivery.json", "3-easypost-delivered.json"] {
        let (status, body) = http(carriers.invoke(&sample(&stack, &format!("carrier-webhook/{file}"))).await);
        assert_eq!(status, 200, "{file}: {body}");
    }
    assert_eq!(stack.order(shopify).await.unwrap().status.as_str(), "delivered");

    let payments = Function::start(&stack, "payment-captured").await;
    for file in [
        "1-stripe-payment-intent-succeeded.json",
        "2-stripe-charge-refunded.json",
        "5-stripe-payment-intent-authorized.json",
    ] {
        let (status, body) = http(payments.invoke(&sample(&stack, &format!("payment-captured/{file}"))).await);
        assert_eq!(status, 200, "{file}: {body}");
    }
    assert_eq!(stack.order("G-2001").await.unwrap().payment.refunded_minor, 500);
    // The shop's own admin in Shopify: marked paid (already counted), then a refund.
    // WooCommerce's admin: paid (processing), completed with a parcel, a partial refund; cancelled
    // after that, the parcel comes back as a return, as when staff cancel a shipped order.
    for file in [
        "shopify-orders-paid.json",
        "shopify-refunds-create.json",
        "woocommerce-order-updated-processing.json",
        "woocommerce-order-updated-completed.json",
        "woocommerce-order-updated-refunded.json",
        "woocommerce-order-updated-cancelled.json",
    ] {
        let (status, body) = http(intake.invoke(&sample(&stack, &format!("storefront-admin/{file}"))).await);
        assert_eq!(status, 200, "{file}: {body}");
    }
    let refunded = stack.order(shopify).await.unwrap().payment;
    assert_eq!((refunded.received_minor, refunded.refunded_minor), (9470, 4000));
    let woo = stack.order("4711").await.unwrap();
    assert_eq!((woo.status.as_str(), woo.payment.received_minor, woo.payment.refunded_minor), ("shipped", 23098, 2000));
    assert_eq!(woo.after_delivery.returns.len(), 1, "cancelled after shipping: taken back");
    let held = stack.order("G-2004").await.unwrap();
    assert_eq!((held.payment.status.as_str(), held.payment.received_minor), ("authorized", 0));

    let (status, body) =
        http(backoffice.invoke(&sample(&stack, "backoffice/7-ship-capturing-held-payment.json")).await);
    assert_eq!((status, body["payment_status"].as_str()), (200, Some("paid")), "{body}");
    let captures = payment_api.captures();
    assert_eq!(captures.len(), 1, "{captures:?}");
    assert_eq!((captures[0].reference.as_str(), captures[0].amount.as_str()), ("pi_3QxSAMPLE2004", "20399"));

    let status_page = Function::start(&stack, "order-status").await;
    let token = stack.order(shopify).await.unwrap().status_token.expose().clone();
    let mut event = sample(&stack, "order-status/status-json.json");
    event["rawQueryString"] = json!(format!("token={token}"));
    event["queryStringParameters"] = json!({ "token": token });
    let (status, body) = http(status_page.invoke(&event).await);
    assert_eq!((status, body["status"].as_str()), (200, Some("delivered")), "{body}");

    let email = Function::start(&stack, "notify-email").await;
    let answer = email.invoke(&sample(&stack, "notify-email/sqs-batch.json")).await.expect("a batch response");
    assert_eq!(answer["batchItemFailures"], json!([]), "{answer}");
    assert_eq!(stack.emails_to("ada.lovelace@example.com").await.len(), 1);
    assert_eq!(stack.emails_to(&stack.owner_email).await.len(), 1);

    let sms = Function::start(&stack, "notify-sms").await;
    let answer = sms.invoke(&sample(&stack, "notify-sms/sqs-batch.json")).await.expect("a batch response");
    assert_eq!(answer["batchItemFailures"], json!([]), "sent, or kept for the morning by quiet hours: {answer}");

    // SES reports that the email to Ada bounced: the message goes out by SMS instead, once.
    let feedback = Function::start(&stack, "email-feedback").await;
    let bounce = sample(&stack, "email-feedback/bounce.json");
    for _ in 0..2 {
        feedback.invoke(&bounce).await.expect("the bounce is applied");
    }
    let order = stack.order(shopify).await.unwrap();
    assert!(order.notices()["order_received.customer.email"].state.is_failed());
    let fallbacks: Vec<_> = order.notices().keys().filter(|id| id.ends_with(".fallback")).collect();
    assert_eq!(fallbacks, ["order_received.customer.sms.fallback"]);
    assert_eq!(order.customer.channel.as_str(), "sms", "later messages go by SMS");

    let scheduler = Function::start(&stack, "scheduler").await;
    scheduler.invoke(&sample(&stack, "scheduler/schedule.json")).await.expect("the scheduler runs");

    // The status feed: a stream batch (G-2001 confirmed) is kept and queued; a delivery is POSTed.
    let publisher = Function::start(&stack, "feed-publish").await;
    publisher.invoke(&sample(&stack, "feed-publish/stream-batch.json")).await.expect("the batch is published");
    let since = "2026-11-23T00:00:00Z".parse().unwrap();
    let kept = stack.feed.store.feed_events(since, jiff::Timestamp::now()).await.unwrap();
    assert!(kept.iter().any(|e| e.order_id == "G-2001" && e.kind.as_str() == "order.status"), "{kept:?}");
    let deliverer = Function::start(&stack, "feed-deliver").await;
    let answer = deliverer.invoke(&sample(&stack, "feed-deliver/sqs-batch.json")).await.expect("a batch response");
    assert_eq!(answer["batchItemFailures"], json!([]), "{answer}");
    assert_eq!(received.load(std::sync::atomic::Ordering::SeqCst), 1);
}

/// A feed subscriber on loopback: counts the POSTs that carry a signature.
async fn feed_receiver() -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    let count = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = count.clone();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |headers: http::HeaderMap| {
            let counted = counted.clone();
            async move {
                if headers.contains_key(orderflow::feed::SIGNATURE_HEADER) {
                    counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                }
                http::StatusCode::OK
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, count)
}
