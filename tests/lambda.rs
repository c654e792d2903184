//! The real Lambda binaries (`functions/*`), run against a local Lambda Runtime API and the
//! emulator, fed the sample events in `events/`: the entry points, their configuration and the
//! samples all work as deployed. `make test` builds the binaries first.

mod support;

use orderflow::local::replay::signature_for;
use orderflow::local::runtime_api::{FunctionProcess, Outcome};
use orderflow::store::prelude::*;
use serde_json::{Value, json};
use support::iam::Recorded;
use support::{Stack, function_binary};

/// Grants whose calls these samples do not reach, each with the path that needs it and the test
/// that takes that path in process.
const REACHED_ELSEWHERE: [(&str, &str, &str); 6] = [
    (
        "scheduler",
        "dynamodb:PutItem on OrdersTable for SHOPS",
        "a removed shop's erasure of more than one run's pages saves where it goes on (src/shops/serve.rs's unit test)",
    ),
    (
        "scheduler",
        "dynamodb:UpdateItem on OrdersTable for ORDER#*",
        "an order the sweep cannot finish is postponed (tests/faults.rs, a broken order skipped)",
    ),
    ("scheduler", "ses:SendEmail on ses", "the owner's weekly digest, once a week (tests/returns.rs)"),
    (
        "scheduler",
        "dynamodb:DeleteItem on OrdersTable for CUSTOMER#*",
        "an archived order's customer erased after RETENTION_DAYS (tests/staff.rs)",
    ),
    (
        "notify-sms",
        "dynamodb:PutItem on OrdersTable for DONE#sms_budget_spent#*",
        "the month's first text past SMS_SEGMENTS_PER_MONTH marked (tests/shops.rs)",
    ),
    (
        "notify-sms",
        "dynamodb:GetItem on OrdersTable for DONE#sms_budget_spent#*",
        "a later text past SMS_SEGMENTS_PER_MONTH asks whether it is the month's first (tests/shops.rs)",
    ),
];

/// A function process serving its own runtime API; stopped when dropped.
struct Function(FunctionProcess);

impl Function {
    /// Function `name`, its AWS calls going through `recorded`'s proxy to the emulator.
    async fn start(stack: &Stack, name: &str, recorded: &Recorded) -> Self {
        let mut vars = stack.vars.clone();
        let prefix = stack.settings.table_name.trim_end_matches("-OrdersTable");
        vars.insert("AWS_ENDPOINT_URL".into(), recorded.proxy(name, &stack.endpoint, prefix).await);
        // As deployed: only the functions the template lets read the secret are told its name.
        let variables = &template()["Resources"][logical_id(name)]["Properties"]["Environment"]["Variables"];
        if variables.get("SECRETS_ID").is_none() {
            vars.remove("SECRETS_ID");
        }
        // No quiet hours: the SMS sample is sent whatever the time of day the test runs at (the
        // functions keep the system's clock), so the policy check sees its publish.
        for (key, value) in [
            ("AWS_REGION", "us-east-1"),
            ("AWS_ACCESS_KEY_ID", "local"),
            ("AWS_SECRET_ACCESS_KEY", "local"),
            ("QUIET_HOURS", "00:00-00:00"),
        ] {
            vars.insert(key.into(), value.into());
        }
        Self(
            FunctionProcess::start(&function_binary(name), name, &vars).await.unwrap_or_else(|error| panic!("{error}")),
        )
    }

    async fn invoke(&self, event: &Value) -> Outcome {
        self.0.invoke(event).await.expect("an answer within 30 s").0
    }
}

fn template() -> serde_yaml::Value {
    let path = orderflow::local::repo_root().join("infra/template.yaml");
    serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A function's logical id in the template: `order-placed` is `OrderPlacedFunction`.
fn logical_id(name: &str) -> String {
    name.split('-').map(|w| format!("{}{}", w[..1].to_uppercase(), &w[1..])).collect::<String>() + "Function"
}

/// A request to the back office as API Gateway hands it over, with the session's cookie.
fn staff_event(method: &'static str, path: &str, query: &str, form: &str, cookie: Option<&str>) -> Value {
    let mut headers = vec![("sec-fetch-site".to_string(), "same-origin".to_string())];
    if method == "POST" {
        headers.push(("content-type".into(), "application/x-www-form-urlencoded".into()));
    }
    if let Some(cookie) = cookie {
        headers.push(("cookie".into(), cookie.into()));
    }
    let call = orderflow::local::lifecycle::Call {
        step: "staff",
        method,
        path: path.into(),
        query: query.into(),
        body: form.into(),
        headers,
    };
    call.to_apigw_event()
}

/// The form token a staff page's forms carry.
fn form_token(html: &str) -> String {
    let start = html.find("name=\"form_token\" value=\"").expect("a form token") + "name=\"form_token\" value=\"".len();
    html[start..start + html[start..].find('"').unwrap()].to_string()
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

/// An event whose body was changed, signed again.
fn resign(stack: &Stack, mut event: Value) -> Value {
    let (raw_path, body) =
        (event["rawPath"].as_str().unwrap().to_string(), event["body"].as_str().unwrap().to_string());
    if let Some((header, value)) = signature_for(&raw_path, &body, &stack.settings.secrets) {
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
    let subscribers = json!([
        { "name": "warehouse", "url": subscriber_url, "secret": "whsec-lambda", "personal": ["contact"] },
        { "name": "crm", "url": "http://127.0.0.1:9/down", "secret": "whsec-down" },
        // The host, down: the scheduler reads each shop's usage of last month for it, and tries again next run.
        { "name": "host", "url": "http://127.0.0.1:9/usage", "secret": "whsec-host", "kinds": ["usage.closed"] }
    ])
    .to_string();
    vars.push(("FEED_SUBSCRIBERS", subscribers));
    // Limits far above what the samples do: checked (and so counted) on every order and message.
    vars.extend([
        ("ORDERS_PER_MINUTE", "1000".to_string()),
        ("MESSAGES_PER_DAY", "100000".to_string()),
        ("SMS_SEGMENTS_PER_MONTH", "100000".to_string()),
    ]);
    let stack = Stack::with_vars(&vars.iter().map(|(n, v)| (*n, v.as_str())).collect::<Vec<_>>()).await;
    let shopify = "5923712008421457921";
    let recorded = Recorded::default();

    // A refund that comes before its order is parked, and applied when the order arrives.
    let payments = Function::start(&stack, "payment-captured", &recorded).await;
    let (status, body) =
        http(payments.invoke(&sample(&stack, "payment-captured/4-generic-payment-refunded.json")).await);
    assert_eq!((status, body["result"].as_str()), (200, Some("parked")), "{body}");
    // A payment and a parcel that name no known order: noted for the owner (twice: once kept).
    let mut unknown_payment = sample(&stack, "payment-captured/1-stripe-payment-intent-succeeded.json");
    let body = unknown_payment["body"]
        .as_str()
        .unwrap()
        .replace("pi_3QxSAMPLE2001", "pi_3QxUNKNOWN")
        .replace("\"order_id\"", "\"note\"");
    unknown_payment["body"] = json!(body);
    let unknown_payment = resign(&stack, unknown_payment);
    let intake = Function::start(&stack, "order-placed", &recorded).await;
    for file in [
        "shopify-orders-create.json",
        "woocommerce-order-created.json",
        "shopify-draft-order-no-street.json",
        "generic-order-email.json",
        "generic-order-sms-pickup.json",
        "generic-order-card-hold.json",
        "generic-order-paypal.json",
        "woocommerce-ping.json",
    ] {
        let (status, body) = http(intake.invoke(&sample(&stack, &format!("order-placed/{file}"))).await);
        assert_eq!(status, 200, "{file}: {body}");
    }
    assert!(stack.order(shopify).await.is_some() && stack.order("G-2002").await.is_some());
    let draft = "5923712008421457999";
    assert!(stack.order(draft).await.unwrap().needs_attention(), "kept, on hold: its address has no street");

    let backoffice = Function::start(&stack, "backoffice", &recorded).await;
    for file in ["1-confirm.json", "2-pack.json", "3-ship.json", "5-list-received.json", "6-update-address.json"] {
        let (status, body) = http(backoffice.invoke(&sample(&stack, &format!("backoffice/{file}"))).await);
        assert_eq!(status, 200, "{file}: {body}");
    }

    assert_eq!(stack.order(draft).await.unwrap().status.as_str(), "received", "staff completed the address");

    let carriers = Function::start(&stack, "carrier-webhook", &recorded).await;
    for file in ["1-easypost-in_transit.json", "2-easypost-out_for_delivery.json", "3-easypost-delivered.json"] {
        let (status, body) = http(carriers.invoke(&sample(&stack, &format!("carrier-webhook/{file}"))).await);
        assert_eq!(status, 200, "{file}: {body}");
    }
    assert_eq!(stack.order(shopify).await.unwrap().status.as_str(), "delivered");
    let mut unknown_parcel = sample(&stack, "carrier-webhook/1-easypost-in_transit.json");
    let tracking =
        stack.order(shopify).await.unwrap().shipment.tracking_number.map(|n| n.to_string()).unwrap_or_default();
    let body = unknown_parcel["body"].as_str().unwrap().replace(&tracking, "9400UNKNOWN000000");
    unknown_parcel["body"] = json!(body);
    let unknown_parcel = resign(&stack, unknown_parcel);
    for _ in 0..2 {
        // Not acknowledged (the carrier tries again), and noted for the owner.
        let (status, body) = http(carriers.invoke(&unknown_parcel).await);
        assert_eq!(status, 503, "{body}");
    }

    for _ in 0..2 {
        let (status, body) = http(payments.invoke(&unknown_payment).await);
        assert!(status == 503 || status == 200, "{status}: {body}");
    }
    for file in [
        "1-stripe-payment-intent-succeeded.json",
        "2-stripe-charge-refunded.json",
        "5-stripe-payment-intent-authorized.json",
    ] {
        let (status, body) = http(payments.invoke(&sample(&stack, &format!("payment-captured/{file}"))).await);
        assert_eq!(status, 200, "{file}: {body}");
    }
    assert_eq!(stack.order("G-2001").await.unwrap().payment.refunded_minor(), 500);
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
    assert_eq!((refunded.received_minor(), refunded.refunded_minor()), (9470, 4000));
    let woo = stack.order("4711").await.unwrap();
    assert_eq!(
        (woo.status.as_str(), woo.payment.received_minor(), woo.payment.refunded_minor()),
        ("shipped", 23098, 2000)
    );
    assert_eq!(woo.after_delivery.returns.len(), 1, "cancelled after shipping: taken back");
    let held = stack.order("G-2004").await.unwrap();
    assert_eq!((held.payment.status.as_str(), held.payment.received_minor()), ("authorized", 0));

    let (status, body) =
        http(backoffice.invoke(&sample(&stack, "backoffice/7-ship-capturing-held-payment.json")).await);
    assert_eq!((status, body["payment_status"].as_str()), (200, Some("paid")), "{body}");
    // The back-office pages: sign-in (a wrong token first), the lists, a customer's card and note,
    // an invoice, the audit trail, unmatched events, a search, and signing out everywhere.
    let admin = support::ADMIN_TOKEN;
    for token in ["wrong-token-0000000000000000000000", "wrong-token-1111111111111111111111"] {
        let refused = backoffice
            .invoke(&staff_event("POST", "/staff/sign-in", "", &format!("name=admin&token={token}"), None))
            .await;
        assert_eq!(refused.unwrap()["statusCode"].as_u64(), Some(401));
    }
    let signed_in = backoffice
        .invoke(&staff_event("POST", "/staff/sign-in", "", &format!("name=admin&token={admin}"), None))
        .await
        .unwrap();
    let cookie = signed_in["cookies"][0]
        .as_str()
        .or_else(|| signed_in["headers"]["set-cookie"].as_str())
        .expect("a session cookie");
    let cookie = cookie.split(';').next().unwrap().to_string();
    let page = |method: &'static str, path: &str, query: &str, form: &str| {
        staff_event(method, path, query, form, Some(&cookie))
    };
    let html = |outcome: Outcome| {
        let response = outcome.expect("a page");
        assert!(response["statusCode"].as_u64().is_some_and(|s| s < 400), "{response}");
        response["body"].as_str().unwrap_or_default().to_string()
    };
    let orders = html(backoffice.invoke(&page("GET", "/staff/orders", "", "")).await);
    let token = form_token(&orders);
    for query in ["after_sales=true", "cash=true"] {
        html(backoffice.invoke(&page("GET", "/staff/orders", query, "")).await);
    }
    html(backoffice.invoke(&page("GET", &format!("/staff/orders/{shopify}/customer"), "", "")).await);
    html(
        backoffice
            .invoke(&page(
                "POST",
                &format!("/staff/orders/{shopify}/customer-note"),
                "",
                &format!("form_token={token}&note=prefers+mornings"),
            ))
            .await,
    );
    html(backoffice.invoke(&page("GET", &format!("/staff/orders/{shopify}/invoice"), "", "")).await);
    html(backoffice.invoke(&page("GET", "/staff/audit", "", "")).await);
    html(backoffice.invoke(&page("GET", "/staff/unmatched", "", "")).await);
    html(backoffice.invoke(&page("POST", "/staff/search", "", &format!("form_token={token}&q=%231001"))).await);
    // The owner erases a customer (WooCommerce's order 4711's) from the card.
    html(
        backoffice
            .invoke(&page(
                "POST",
                "/staff/orders/4711/customer-erase",
                "",
                &format!("form_token={token}&confirm=erase"),
            ))
            .await,
    );
    assert!(stack.order("4711").await.unwrap().customer.erased_at.is_some());
    html(backoffice.invoke(&page("POST", "/staff/sign-out-everywhere", "", &format!("form_token={token}"))).await);
    let after = backoffice.invoke(&page("GET", "/staff/orders", "", "")).await.unwrap();
    assert_eq!(after["statusCode"].as_u64(), Some(303), "the session ended: {after}");

    let captures = payment_api.captures();
    assert_eq!(captures.len(), 1, "{captures:?}");
    assert_eq!((captures[0].reference.as_str(), captures[0].amount.as_str()), ("pi_3QxSAMPLE2004", "20399"));

    let status_page = Function::start(&stack, "order-status", &recorded).await;
    let token = stack.order(shopify).await.unwrap().status_token.expose().clone();
    let mut event = sample(&stack, "order-status/status-json.json");
    event["rawQueryString"] = json!(format!("token={token}"));
    event["queryStringParameters"] = json!({ "token": token });
    let (status, body) = http(status_page.invoke(&event).await);
    assert_eq!((status, body["status"].as_str()), (200, Some("delivered")), "{body}");
    let mut page = sample(&stack, "order-status/status-page.json");
    page["rawQueryString"] = json!(format!("token={token}"));
    page["queryStringParameters"] = json!({ "token": token });
    let html = status_page.invoke(&page).await.expect("the page")["body"].as_str().unwrap().to_string();

    // The customer says all arrived well, from their page.
    let forms = Function::start(&stack, "customer-forms", &recorded).await;
    let mut answer = sample(&stack, "customer-forms/arrival-answer.json");
    let body = answer["body"].as_str().unwrap().replace("REPLACE_WITH_THE_ORDER_TOKEN", &token);
    answer["body"] = json!(body.replace("REPLACE_WITH_THE_PAGE_KEY", &support::page_key(&html)));
    let outcome = forms.invoke(&answer).await.expect("an HTTP response");
    assert_eq!(outcome["statusCode"].as_u64(), Some(303), "{outcome}");
    assert!(stack.order(shopify).await.unwrap().after_delivery.arrival.is_some(), "the answer is kept");

    let email = Function::start(&stack, "notify-email", &recorded).await;
    let answer = email.invoke(&sample(&stack, "notify-email/sqs-batch.json")).await.expect("a batch response");
    assert_eq!(answer["batchItemFailures"], json!([]), "{answer}");
    assert_eq!(stack.emails_to("ada.lovelace@example.com").await.len(), 1);
    assert_eq!(stack.emails_to(&stack.owner_email).await.len(), 1);

    let sms = Function::start(&stack, "notify-sms", &recorded).await;
    let answer = sms.invoke(&sample(&stack, "notify-sms/sqs-batch.json")).await.expect("a batch response");
    assert_eq!(answer["batchItemFailures"], json!([]), "sent: {answer}");

    // SES reports that the email to Ada bounced: the message goes out by SMS instead, once.
    let feedback = Function::start(&stack, "email-feedback", &recorded).await;
    let bounce = sample(&stack, "email-feedback/bounce.json");
    for _ in 0..2 {
        feedback.invoke(&bounce).await.expect("the bounce is applied");
    }
    let order = stack.order(shopify).await.unwrap();
    assert!(order.notices()["order_received.customer.email"].state.is_failed());
    let fallbacks: Vec<_> =
        order.notices().keys().map(|id| id.as_str()).filter(|id| id.ends_with(".fallback")).collect();
    assert_eq!(fallbacks, ["order_received.customer.sms.fallback"]);
    assert_eq!(order.customer.channel.as_str(), "sms", "later messages go by SMS");

    // A shop removed and past its grace period: the scheduler erases its items, then its record.
    let key = orderflow::shops::sealed::SealingKey::read(support::SHOPS_KEY).unwrap();
    let gone = orderflow::domain::ShopId::parse("gone").unwrap();
    let settings = [("SENDER_EMAIL", "orders@gone.example"), ("OWNER_EMAIL", "owner@gone.example")];
    let settings = settings.map(|(k, v)| (k.to_string(), v.to_string())).into();
    let shop = orderflow::shops::NewShop::new(
        gone.clone(),
        settings,
        Default::default(),
        &key,
        &stack.vars,
        jiff::Timestamp::now(),
    );
    let mut record = shop.unwrap().record;
    record.state = orderflow::domain::ShopState::Removed;
    record.erase_after = Some(jiff::Timestamp::UNIX_EPOCH);
    stack.app.store.put_shop(&record, true).await.unwrap();
    let text = |v: &str| aws_sdk_dynamodb::types::AttributeValue::S(v.into());
    let item = stack.dynamodb.put_item().table_name(&stack.settings.table_name);
    item.item("pk", text("S#gone#ORDER#1")).item("sk", text("A#HEAD")).send().await.unwrap();

    let scheduler = Function::start(&stack, "scheduler", &recorded).await;
    scheduler.invoke(&sample(&stack, "scheduler/schedule.json")).await.expect("the scheduler runs");
    assert!(stack.app.store.shop(&gone).await.unwrap().is_none(), "the removed shop's record erased");
    let left = stack.dynamodb.get_item().table_name(&stack.settings.table_name);
    let left = left.key("pk", text("S#gone#ORDER#1")).key("sk", text("A#HEAD")).send().await.unwrap();
    assert!(left.item.is_none(), "and its items");

    // The status feed: a stream batch (G-2001 confirmed) is kept and queued; a delivery is POSTed.
    let publisher = Function::start(&stack, "feed-publish", &recorded).await;
    publisher.invoke(&sample(&stack, "feed-publish/stream-batch.json")).await.expect("the batch is published");
    let since = "2026-11-23T00:00:00Z".parse().unwrap();
    let kept = stack.feed.store.feed_events(since, jiff::Timestamp::now()).await.unwrap();
    assert!(kept.iter().any(|e| e.order_id == "G-2001" && e.kind.as_str() == "order.status"), "{kept:?}");
    let deliverer = Function::start(&stack, "feed-deliver", &recorded).await;
    let answer = deliverer.invoke(&sample(&stack, "feed-deliver/sqs-batch.json")).await.expect("a batch response");
    assert_eq!(answer["batchItemFailures"], json!([]), "{answer}");
    assert_eq!(received.load(std::sync::atomic::Ordering::SeqCst), 1);
    // A subscriber that is down: the delivery is tried again later (its message kept out of sight).
    let mut down = sample(&stack, "feed-deliver/sqs-batch.json");
    let body = down["Records"][0]["body"]
        .as_str()
        .unwrap()
        .replace("\"subscriber\": \"warehouse\"", "\"subscriber\": \"crm\"");
    down["Records"][0]["body"] = json!(body);
    let answer = deliverer.invoke(&down).await.expect("a batch response");
    assert_eq!(answer["batchItemFailures"].as_array().map(Vec::len), Some(1), "{answer}");

    // A shop this deployment does not have: each function that may be asked for one looks for its
    // record (the only call an added shop's keys need beyond the default shop's, with its mark)
    // and serves nothing.
    let elsewhere = |mut event: Value| {
        let path = format!("/s/nowhere{}", event["rawPath"].as_str().unwrap());
        event["rawPath"] = json!(path);
        event["requestContext"]["http"]["path"] = json!(path);
        event
    };
    for (function, file) in [
        (&intake, "order-placed/woocommerce-order-created.json"),
        (&payments, "payment-captured/1-stripe-payment-intent-succeeded.json"),
        (&carriers, "carrier-webhook/1-easypost-in_transit.json"),
        (&backoffice, "backoffice/5-list-received.json"),
        (&status_page, "order-status/status-json.json"),
        (&forms, "customer-forms/arrival-answer.json"),
    ] {
        let (status, body) = http(function.invoke(&elsewhere(sample(&stack, file))).await);
        assert_eq!((status, body["type"].as_str()), (404, Some("/problems/unknown-shop")), "{file}: {body}");
    }
    for (function, file) in [(&email, "notify-email/sqs-batch.json"), (&sms, "notify-sms/sqs-batch.json")] {
        let mut batch = sample(&stack, file);
        let body = batch["Records"][0]["body"].as_str().unwrap().replacen('{', "{\"shop\": \"nowhere\", ", 1);
        batch["Records"][0]["body"] = json!(body);
        batch["Records"] = json!([batch["Records"][0].clone()]);
        let answer = function.invoke(&batch).await.expect("a batch response");
        assert_eq!(answer["batchItemFailures"].as_array().map(Vec::len), Some(1), "kept on the queue: {answer}");
    }
    let mut stream = sample(&stack, "feed-publish/stream-batch.json");
    stream["Records"][0]["dynamodb"]["Keys"]["pk"] = json!({ "S": "S#nowhere#ORDER#G-2001" });
    stream["Records"][0]["dynamodb"]["NewImage"]["pk"] = json!({ "S": "S#nowhere#ORDER#G-2001" });
    publisher.invoke(&stream).await.expect("a head write of no shop is passed over");
    let mut delivery = sample(&stack, "feed-deliver/sqs-batch.json");
    let body = delivery["Records"][0]["body"].as_str().unwrap().replacen('{', "{\"shop\": \"nowhere\", ", 1);
    delivery["Records"][0]["body"] = json!(body);
    let answer = deliverer.invoke(&delivery).await.expect("a batch response");
    assert_eq!(answer["batchItemFailures"].as_array().map(Vec::len), Some(1), "kept on the queue: {answer}");
    let mut bounce = sample(&stack, "email-feedback/bounce.json");
    let shop_tag = base64::Engine::encode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, "nowhere");
    bounce["detail"]["mail"]["tags"]["orderflow-shop"] = json!([shop_tag]);
    feedback.invoke(&bounce).await.expect("a report of no shop's email is ignored");

    // Least privilege: each function's policy allows every call it made, and nothing else.
    let template = template();
    let mut report = Vec::new();
    for name in orderflow::local::functions() {
        let name = name.as_str();
        let logical_id = logical_id(name);
        let calls = recorded.of(name);
        assert!(!calls.is_empty(), "{name} made no AWS call");
        if let Ok(dump) = std::env::var("IAM_DUMP") {
            use std::io::Write;
            let mut file = std::fs::OpenOptions::new().create(true).append(true).open(dump).unwrap();
            let seen: std::collections::BTreeSet<String> = calls
                .iter()
                .map(|n| {
                    format!(
                        "{name} {} {} {}",
                        n.action,
                        n.resource,
                        n.key.as_deref().map_or("", |k| k.split('#').next().unwrap())
                    )
                })
                .collect();
            for line in seen {
                writeln!(file, "{line}").unwrap();
            }
        }
        let (refused, mut unused) = support::iam::check(&template, &logical_id, &calls);
        // An added shop's grant (`S#*#…`) is reached where the default shop's is.
        unused.retain(|grant| {
            let grant = grant.replace(" for S#*#", " for ");
            !REACHED_ELSEWHERE.iter().any(|(f, g, _)| *f == name && *g == grant)
        });
        if !refused.is_empty() || !unused.is_empty() {
            report.push(format!("{name}: refused {refused:#?}\n  granted, never called: {unused:#?}"));
        }
    }
    assert!(report.is_empty(), "{}", report.join("\n"));
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
