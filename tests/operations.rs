//! The operator's commands against a stack (here the emulator's, named resource by resource as
//! `--stack` would find them in the outputs): the `orderflow` binary as an operator runs it, AWS
//! credentials and endpoint from the environment.

mod support;

use orderflow::config::WebhookSecrets;
use orderflow::domain::OrderSource;
use orderflow::domain::TimelineEvent;
use support::{Stack, binary, unique, unpaid_generic_order};

/// Runs `orderflow args…` against `stack`; returns whether it succeeded and what it printed.
async fn orderflow(stack: &Stack, args: &[&str]) -> (bool, String) {
    let email_queue = &stack.settings.email_queue_url;
    let email_dead = email_queue.replace("EmailQueue", "EmailDeadLetterQueue");
    let sms_queue = &stack.settings.sms_queue_url;
    let sms_dead = sms_queue.replace("SmsQueue", "SmsDeadLetterQueue");
    let output = tokio::process::Command::new(binary("orderflow"))
        .args(args)
        .args(["--table", &stack.settings.table_name, "--email-queue", email_queue, "--sms-queue", sms_queue])
        .args(["--email-dead-letters", &email_dead, "--sms-dead-letters", &sms_dead])
        .args(["--feed-queue", stack.settings.feed.queue_url.as_deref().unwrap_or_default()])
        .args(["--feed-dead-letters", &feed_dead_letters(stack)])
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("AWS_ENDPOINT_URL", &stack.endpoint)
        .env("AWS_ACCESS_KEY_ID", "local")
        .env("AWS_SECRET_ACCESS_KEY", "local")
        .env("AWS_REGION", "us-east-1")
        .envs(
            WebhookSecrets::NAMES
                .iter()
                .filter(|name| name.ends_with("_SECRET"))
                .filter_map(|name| stack.settings.secrets.get(name).map(|value| (*name, value))),
        )
        .output()
        .await
        .expect("orderflow runs");
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    (output.status.success(), text)
}

#[tokio::test]
async fn an_operator_reads_an_order_masked_and_resends_a_notice_on_purpose() {
    let stack = Stack::new().await;
    let id = unique("O-");
    let email = format!("{id}@example.net");
    let body = unpaid_generic_order(&id, &email).to_string();
    stack.post_order(OrderSource::Generic, &body, &[]).await;
    stack.drain().await;

    let (ok, shown) = orderflow(&stack, &["orders", "show", &id]).await;
    assert!(ok, "{shown}");
    assert!(shown.contains("status received") && shown.contains("order_received"), "{shown}");
    assert!(!shown.contains(&email), "masked unless asked: {shown}");
    assert!(shown.contains("order_received.customer.email") && shown.contains("sent "), "{shown}");
    let (_, revealed) = orderflow(&stack, &["orders", "show", &id, "--reveal"]).await;
    assert!(revealed.contains(&email), "{revealed}");
    let (ok, missing) = orderflow(&stack, &["orders", "show", "NO-SUCH-ORDER"]).await;
    assert!(!ok && missing.contains("no order NO-SUCH-ORDER"), "{missing}");
    // Written by this release: in the lists already (tests/fulfilment.rs restages a former head).
    let (ok, restaged) = orderflow(&stack, &["orders", "restage"]).await;
    assert!(ok && restaged.contains("0 orders restaged"), "{restaged}");

    let (ok, resent) = orderflow(&stack, &["notices", "resend", &id, "order_received.customer.email"]).await;
    assert!(ok, "{resent}");
    stack.drain().await;
    assert_eq!(stack.emails_to(&email).await.len(), 2, "sent again, once");
    let order = stack.order(&id).await.unwrap();
    let entry =
        order.timeline().iter().find(|e| e.event == TimelineEvent::NotificationResent).expect("on the timeline");
    assert_eq!(
        (entry.source.as_str(), entry.note.as_deref()),
        ("operator", Some("sent again on request (it was sent)"))
    );
    let (ok, unknown) = orderflow(&stack, &["notices", "resend", &id, "nothing.customer.email"]).await;
    assert!(!ok && unknown.contains("has no notice"), "{unknown}");
}

#[tokio::test]
async fn dead_letters_are_listed_and_moved_back_after_a_dry_run() {
    let stack = Stack::new().await;
    let dead = stack.settings.email_queue_url.replace("EmailQueue", "EmailDeadLetterQueue");
    let id = unique("Q-");
    let body = unpaid_generic_order(&id, &format!("{id}@example.net")).to_string();
    stack.post_order_with_queue_down(OrderSource::Generic, &body).await;
    stack
        .sqs
        .send_message()
        .queue_url(&dead)
        .message_body(support::notice_ref(&id, "order_received.customer.email"))
        .message_group_id(&id)
        .message_deduplication_id("dead-1")
        .send()
        .await
        .unwrap();

    let (ok, listed) = orderflow(&stack, &["dlq", "list", "email"]).await;
    assert!(ok && listed.contains("1 messages") && listed.contains("order_received.customer.email"), "{listed}");
    let (ok, dry) = orderflow(&stack, &["dlq", "redrive", "email", "--dry-run"]).await;
    assert!(ok && dry.contains("dry run: 1 messages would move"), "{dry}");
    assert_eq!(stack.queued(&dead).await, 1, "a dry run moves nothing");
    let (ok, moved) = orderflow(&stack, &["dlq", "redrive", "email"]).await;
    assert!(ok && moved.contains("1 messages moved"), "{moved}");
    assert_eq!(stack.queued(&dead).await, 0);
    stack.drain().await;
    assert_eq!(stack.emails_to(&format!("{id}@example.net")).await.len(), 1, "the redriven notice is delivered");
}

fn feed_dead_letters(stack: &Stack) -> String {
    stack.settings.feed.queue_url.as_deref().unwrap_or_default().replace("FeedQueue", "FeedDeadLetterQueue")
}

#[tokio::test]
async fn a_feed_delivery_that_died_is_listed_and_moved_back_in_its_group() {
    let stack = Stack::new().await;
    let queue = stack.settings.feed.queue_url.clone().expect("the template's feed queue");
    let dead = feed_dead_letters(&stack);
    let group = format!("warehouse/{}", unique("F-"));
    let body = r#"{"subscriber":"warehouse","event_id":"F-1/3/order.status"}"#;
    let sent = stack.sqs.send_message().queue_url(&dead).message_body(body).message_group_id(&group);
    sent.message_deduplication_id("dead-feed-1").send().await.unwrap();

    let (ok, listed) = orderflow(&stack, &["dlq", "list", "feed"]).await;
    assert!(ok && listed.contains("1 messages") && listed.contains("order.status"), "{listed}");
    let (ok, moved) = orderflow(&stack, &["dlq", "redrive", "feed"]).await;
    assert!(ok && moved.contains("1 messages moved"), "{moved}");
    assert_eq!(stack.queued(&dead).await, 0);
    // Back on the feed queue in the group it died in: that subscriber and order, in order.
    let received = stack
        .sqs
        .receive_message()
        .queue_url(&queue)
        .message_system_attribute_names(aws_sdk_sqs::types::MessageSystemAttributeName::MessageGroupId)
        .send()
        .await
        .unwrap();
    let message = &received.messages()[0];
    assert_eq!(message.body(), Some(body));
    let attributes = message.attributes().unwrap();
    assert_eq!(attributes.get(&aws_sdk_sqs::types::MessageSystemAttributeName::MessageGroupId), Some(&group));
}

#[tokio::test]
async fn provisioning_twice_against_the_same_emulator_changes_nothing_and_fails_nothing() {
    let stack = Stack::new().await;
    let prefix = unique("again-");
    for round in ["first", "second"] {
        let output = tokio::process::Command::new(binary("orderflow"))
            .args(["provision", "--endpoint", &stack.endpoint, "--prefix", &prefix])
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("AWS_ACCESS_KEY_ID", "local")
            .env("AWS_SECRET_ACCESS_KEY", "local")
            .env("AWS_REGION", "us-east-1")
            .output()
            .await
            .expect("orderflow runs");
        let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
        assert!(output.status.success(), "the {round} time: {text}");
        assert!(text.contains(&format!("{prefix}-OrdersTable")), "the {round} time: {text}");
    }
}

#[tokio::test]
async fn a_saved_webhook_is_replayed_to_the_stack_signed_afresh() {
    let stack = Stack::new().await;
    stack.clock.set(jiff::Timestamp::now());
    let url = stack.serve("").await;
    let sample = orderflow::local::repo_root().join("events/order-placed/shopify-orders-create.json");
    let (ok, replayed) = orderflow(&stack, &["events", "replay", sample.to_str().unwrap(), "--api-url", &url]).await;
    assert!(ok && replayed.contains("→ 200") && replayed.contains("recorded"), "{replayed}");
    assert_eq!(stack.order_count().await, 1);
}

#[tokio::test]
async fn an_operator_replays_the_feed_to_a_subscriber_and_reads_its_delivery_log() {
    let stack = Stack::new().await;
    let mut stream = stack.stream().await;
    for id in [unique("F-"), unique("F-")] {
        let email = format!("{id}@example.net");
        let body = unpaid_generic_order(&id, &email);
        assert_eq!(stack.post_order(OrderSource::Generic, &body.to_string(), &[]).await.0, 200);
    }
    stream.pump_once(&stack.feed).await.unwrap();
    let since = (stack.clock.now() - jiff::SignedDuration::from_hours(1)).to_string();
    let (ok, out) = orderflow(&stack, &["feed", "replay", "--since", &since, "--subscriber", "warehouse"]).await;
    assert!(ok && out.contains("2 events since"), "{out}");
    let queue = stack.settings.feed.queue_url.clone().unwrap();
    let waiting = stack.sqs.receive_message().queue_url(&queue).max_number_of_messages(10).send().await.unwrap();
    let bodies: Vec<String> = waiting.messages.unwrap_or_default().into_iter().filter_map(|m| m.body).collect();
    assert_eq!(bodies.len(), 2);
    assert!(bodies.iter().all(|b| b.contains("\"subscriber\":\"warehouse\"") && b.contains("order.received")));
    let (ok, out) = orderflow(&stack, &["feed", "log", "warehouse"]).await;
    assert!(ok && out.contains("no deliveries to warehouse"), "{out}");
}

/// The stack's secret in the emulator's Secrets Manager, as a JSON object.
async fn secret_values(stack: &Stack) -> std::collections::BTreeMap<String, String> {
    let client = aws_sdk_secretsmanager::Client::new(&stack.config);
    let output = client.get_secret_value().secret_id(&stack.vars["SECRETS_ID"]).send().await.unwrap();
    serde_json::from_str(output.secret_string().unwrap()).unwrap()
}

#[tokio::test]
async fn a_rotated_secret_is_read_without_a_redeploy_and_both_values_work_while_it_changes() {
    use axum::body::Body;
    use http::{Request, StatusCode};
    use orderflow::secrets::Fresh;
    use tower::ServiceExt;
    let stack = Stack::new().await;
    // A function as deployed: its settings from the secret, read again at each request (no wait).
    let mut env = stack.vars.clone();
    env.insert("SECRETS_TTL_SECONDS".into(), "0".into());
    assert!(WebhookSecrets::NAMES.iter().all(|name| !env.contains_key(*name)), "no secret in its variables");
    let clock = stack.clock.clone();
    let function = Fresh::start(stack.config.clone(), env, move |config, settings| {
        orderflow::http::router(orderflow::aws::whole_app(config, settings, clock.clone()))
    })
    .await
    .unwrap();
    let call = |request: Request<Body>| {
        let function = function.clone();
        async move { function.current().await.oneshot(request).await.unwrap().status() }
    };
    let order = |secret: &str| {
        let id = unique("ROT-");
        let body = unpaid_generic_order(&id, &format!("{id}@example.net")).to_string();
        let (header, signature) =
            orderflow::providers::sign_order(OrderSource::Generic, secret, body.as_bytes(), stack.clock.now());
        Request::post("/webhooks/orders/generic").header(header, signature).body(Body::from(body)).unwrap()
    };
    let admin = |token: &str| {
        Request::get("/admin/orders").header("authorization", format!("Bearer {token}")).body(Body::empty()).unwrap()
    };
    let (old_secret, old_token) = (support::GENERIC_ORDER_SECRET, support::ADMIN_TOKEN);
    let (new_secret, new_token) = ("rotated-generic-order-secret", "rotated-admin-token-2f8e4c1a9b7d3e5f");
    assert_eq!(call(order(old_secret)).await, StatusCode::OK);
    assert_eq!(call(admin(new_token)).await, StatusCode::UNAUTHORIZED);

    // During the change: both values, without a redeploy.
    let mut values = secret_values(&stack).await;
    values.insert("GENERIC_ORDER_SECRET".into(), format!("{new_secret} {old_secret}"));
    values.insert("ADMIN_TOKEN".into(), format!("{new_token} {old_token}"));
    orderflow::local::stack::put_secret(&stack.config, &stack.vars["SECRETS_ID"], &values).await.unwrap();
    for secret in [new_secret, old_secret] {
        assert_eq!(call(order(secret)).await, StatusCode::OK, "{secret}");
    }
    for token in [new_token, old_token] {
        assert_eq!(call(admin(token)).await, StatusCode::OK, "{token}");
    }

    // After it: the new values alone.
    values.insert("GENERIC_ORDER_SECRET".into(), new_secret.into());
    values.insert("ADMIN_TOKEN".into(), new_token.into());
    orderflow::local::stack::put_secret(&stack.config, &stack.vars["SECRETS_ID"], &values).await.unwrap();
    assert_eq!(call(order(new_secret)).await, StatusCode::OK);
    assert_eq!(call(order(old_secret)).await, StatusCode::UNAUTHORIZED);
    assert_eq!(call(admin(new_token)).await, StatusCode::OK);
    assert_eq!(call(admin(old_token)).await, StatusCode::UNAUTHORIZED);

    // A secret made invalid (a weak admin token) is not taken: the function goes on with the last good one.
    values.insert("ADMIN_TOKEN".into(), "short".into());
    orderflow::local::stack::put_secret(&stack.config, &stack.vars["SECRETS_ID"], &values).await.unwrap();
    assert_eq!(call(admin(new_token)).await, StatusCode::OK);
}

#[tokio::test]
async fn an_operator_erases_a_customer_from_the_stacks_secret_lookup_key_after_seeing_their_orders() {
    let stack = Stack::new().await;
    let id = unique("OPE-");
    let email = format!("{id}@example.net");
    let (status, _, _) =
        stack.post_order(OrderSource::Generic, &unpaid_generic_order(&id, &email).to_string(), &[]).await;
    assert_eq!(status, http::StatusCode::OK);
    let secret = &stack.vars["SECRETS_ID"];

    // Without --yes: the orders are listed, nothing is erased.
    let (ok, text) = orderflow(&stack, &["customers", "erase", &email, "--secrets-id", secret]).await;
    assert!(!ok && text.contains(&id) && text.contains("--yes"), "{text}");
    assert!(stack.order(&id).await.unwrap().customer.email.is_some());

    let (ok, text) =
        orderflow(&stack, &["customers", "erase", &email.to_uppercase(), "--secrets-id", secret, "--yes"]).await;
    assert!(ok && text.contains("erased from 1 orders"), "{text}");
    let order = stack.order(&id).await.unwrap();
    assert!(order.customer.email.is_none() && order.customer.erased_at.is_some());
    let (ok, text) = orderflow(&stack, &["customers", "erase", "not an email", "--secrets-id", secret, "--yes"]).await;
    assert!(!ok && text.contains("neither an email nor a phone"), "{text}");
}

/// A WooCommerce order (`id`) signed with `secret` to `/s/north/…`, through a registry of the
/// deployment's shops as a function starting now builds it: the answer's status.
async fn north_order(stack: &Stack, secret: &str, id: serde_json::Value) -> http::StatusCode {
    let routers = stack
        .shops(|config, settings, clock| orderflow::http::router(orderflow::aws::whole_app(config, settings, clock)))
        .await;
    let mut body = support::sample_body("order-placed/woocommerce-order-created.json");
    body["id"] = id;
    let body = body.to_string();
    let (header, signature) =
        orderflow::providers::sign_order(OrderSource::Woocommerce, secret, body.as_bytes(), stack.clock.now());
    let request = http::Request::post("/s/north/webhooks/orders/woocommerce")
        .header("content-type", "application/json")
        .header("x-wc-webhook-topic", "order.created")
        .header(header, signature)
        .body(axum::body::Body::from(body))
        .unwrap();
    Stack::request_via(orderflow::http::shops::front(routers), request).await.0
}

#[tokio::test]
async fn an_operator_adds_a_shop_whose_printed_secrets_work_under_its_path_then_suspends_it() {
    let stack = Stack::new().await;
    let secret = stack.vars["SECRETS_ID"].clone();
    let add = |settings: &'static [&'static str]| {
        let mut args = vec!["shops", "add", "north", "--secrets-id", &secret, "--api-url", "https://api.example.com/"];
        for setting in settings {
            args.extend(["--set", setting]);
        }
        let stack = &stack;
        async move { orderflow(stack, &args).await }
    };
    let (ok, text) = add(&["SENDER_EMAIL=orders@north.example"]).await;
    assert!(!ok && text.contains("OWNER_EMAIL"), "{text}");
    let (ok, text) = add(&["SENDER_EMAIL=orders@north.example", "OWNER_EMAIL=owner@north.example"]).await;
    assert!(ok && text.contains("https://api.example.com/s/north/webhooks/orders/woocommerce"), "{text}");
    assert!(text.contains("staff sign-in: https://api.example.com/s/north/staff/sign-in"), "{text}");
    let printed = |name: &str| {
        let line = text.lines().find_map(|l| l.trim().strip_prefix(&format!("{name}=")).map(str::to_string));
        line.unwrap_or_else(|| panic!("{name} printed: {text}"))
    };
    let woocommerce = printed("WOOCOMMERCE_WEBHOOK_SECRET");
    assert!(!printed("ADMIN_TOKEN").is_empty());
    let (ok, again) = add(&["SENDER_EMAIL=orders@north.example", "OWNER_EMAIL=owner@north.example"]).await;
    assert!(!ok && again.contains("exists already"), "{again}");

    let served = || north_order(&stack, &woocommerce, serde_json::from_str(&support::big_id()).unwrap());
    // Signed with the printed secret, a WooCommerce order is the north's.
    assert_eq!(served().await, http::StatusCode::OK);

    let (ok, list) = orderflow(&stack, &["shops", "list"]).await;
    assert!(ok && list.contains("north") && list.contains("active") && list.contains("orders@north.example"), "{list}");
    let (ok, text) = orderflow(&stack, &["shops", "suspend", "north"]).await;
    assert!(ok && text.contains("suspended"), "{text}");
    assert_eq!(served().await, http::StatusCode::NOT_FOUND, "a suspended shop is no shop");
    assert!(orderflow(&stack, &["shops", "resume", "north"]).await.0);
    assert_eq!(served().await, http::StatusCode::OK);
    assert_eq!(stack.order_count().await, 2, "one before the suspension, one after it");
}

#[tokio::test]
async fn the_usage_report_counts_what_was_done_for_each_shop() {
    let stack = Stack::new().await;
    let (body, _, email) = support::shopify_sample_order();
    let (status, _, _) = stack.post_order(OrderSource::Shopify, &body.to_string(), &[]).await;
    assert_eq!(status, http::StatusCode::OK);
    stack.drain().await;
    let mut stream = stack.stream().await;
    stack.pump_feed(&mut stream).await;
    let sent = stack.emails_to(&email).await.len() + stack.emails_to(&stack.owner_email).await.len();
    assert!(sent >= 2, "the customer and the owner told");

    let month = orderflow::domain::usage::month_of(stack.clock.now());
    let (ok, csv) = orderflow(&stack, &["usage", "--month", &month, "--csv"]).await;
    assert!(ok, "{csv}");
    let count = |meter: &str| {
        csv.lines()
            .find_map(|line| line.strip_prefix(&format!("default,{month},{meter},")))
            .map_or(0.0, |n| n.parse::<f64>().unwrap())
    };
    assert_eq!(count("orders"), 1.0, "{csv}");
    assert_eq!(count("events"), 1.0, "received");
    assert_eq!(count("emails"), sent as f64, "every email sent, once");
    assert!(count("estimated_usd") > 0.0, "{csv}");
    let (ok, table) = orderflow(&stack, &["usage", "--month", &month]).await;
    assert!(ok && table.lines().nth(1).is_some_and(|l| l.starts_with("default")), "{table}");
    let (ok, text) = orderflow(&stack, &["usage", "--month", &month, "--shop", "nowhere"]).await;
    assert!(!ok && text.contains("no shop nowhere"), "{text}");
}

#[tokio::test]
async fn an_operator_connects_a_shops_storefronts_once_and_checks_them() {
    use orderflow::local::storefront_api::{FakeStorefronts, SHOPIFY_TOKEN, WOOCOMMERCE_KEY};
    let stack = Stack::new().await;
    let fakes = FakeStorefronts::start().await.unwrap();
    let secret = stack.vars["SECRETS_ID"].clone();
    let api = "https://api.example.com/";
    let settings = ["--set", "SENDER_EMAIL=orders@north.example", "--set", "OWNER_EMAIL=owner@north.example"];
    let mut add = vec!["shops", "add", "north", "--secrets-id", &secret, "--api-url", api];
    add.extend(settings);
    let (ok, added) = orderflow(&stack, &add).await;
    assert!(ok, "{added}");
    let woo_secret = added.lines().find_map(|l| l.trim().strip_prefix("WOOCOMMERCE_WEBHOOK_SECRET=")).unwrap();
    // Another app's subscription of a topic orderflow follows, to its own address.
    fakes.add_shopify("ORDERS_CREATE", "https://elsewhere.example/hooks");
    let shopify = |command: &'static str, token: &'static str| {
        let args = ["shops", command, "shopify", "north", "--store", &fakes.base, "--token", token];
        let args: Vec<&str> = args.into_iter().chain(["--secrets-id", &secret, "--api-url", api]).collect();
        let stack = &stack;
        async move { orderflow(stack, &args).await }
    };

    let (ok, text) = shopify("check", SHOPIFY_TOKEN).await;
    assert!(!ok && text.contains("missing: orders/create, orders/paid"), "{text}");
    assert_eq!(fakes.shopify().len(), 1, "a check subscribes nothing");
    let (ok, text) = shopify("connect", "shpat_wrong").await;
    assert!(!ok && text.contains("refused the credentials"), "{text}");

    let (ok, text) = shopify("connect", SHOPIFY_TOKEN).await;
    assert!(ok && text.contains("subscribed now: orders/create"), "{text}");
    let made = fakes.shopify();
    assert_eq!(made.len(), 11, "ten topics beside the other app's: {made:?}");
    for topic in orderflow::providers::shopify::ORDER_TOPICS {
        let wanted = topic.to_uppercase().replace('/', "_");
        let at = "https://api.example.com/s/north/webhooks/orders/shopify";
        assert_eq!(made.iter().filter(|s| s.topic == wanted && s.address == at).count(), 1, "{topic}");
    }
    let tracking = made.iter().find(|s| s.topic == "FULFILLMENT_EVENTS_CREATE").unwrap();
    assert_eq!(tracking.address, "https://api.example.com/s/north/webhooks/carriers/shopify");
    assert!(made.iter().any(|s| s.address == "https://elsewhere.example/hooks"), "the other app's left alone");

    let (ok, text) = shopify("connect", SHOPIFY_TOKEN).await;
    assert!(ok && text.contains("subscribed already") && !text.contains("subscribed now"), "{text}");
    assert_eq!(fakes.shopify(), made, "twice changes nothing");
    let (ok, text) = shopify("check", SHOPIFY_TOKEN).await;
    assert!(ok && text.contains("every topic reaches https://api.example.com/s/north"), "{text}");

    // WooCommerce: each webhook signs with the shop's own secret; one WooCommerce disabled after
    // failed deliveries is missing to a check and active again after a connect.
    let woocommerce = |command: &'static str, shop: &'static str| {
        let args = ["shops", command, "woocommerce", shop, "--store", &fakes.base];
        let credentials = ["--key", WOOCOMMERCE_KEY.0, "--secret", WOOCOMMERCE_KEY.1];
        let args: Vec<&str> =
            args.into_iter().chain(credentials).chain(["--secrets-id", &secret, "--api-url", api]).collect();
        let stack = &stack;
        async move { orderflow(stack, &args).await }
    };
    let (ok, text) = woocommerce("connect", "north").await;
    assert!(ok && text.contains("subscribed now: order.created, order.updated, order.deleted"), "{text}");
    let hooks = fakes.woocommerce();
    assert_eq!(hooks.len(), 3);
    assert!(hooks.iter().all(|h| h.address == "https://api.example.com/s/north/webhooks/orders/woocommerce"
        && h.secret.as_deref() == Some(woo_secret)
        && h.status == "active"));
    fakes.disable_woocommerce("order.updated");
    let (ok, text) = woocommerce("check", "north").await;
    assert!(!ok && text.contains("missing: order.updated"), "{text}");
    assert!(woocommerce("connect", "north").await.0);
    let hooks = fakes.woocommerce();
    assert_eq!(hooks.len(), 3, "activated again, not made twice");
    assert!(hooks.iter().all(|h| h.status == "active"));

    // The default shop's webhooks go to the deployment's own paths, with the stack's secret.
    let (ok, text) = woocommerce("connect", "default").await;
    assert!(ok, "{text}");
    let default = fakes.woocommerce().into_iter().skip(3).collect::<Vec<_>>();
    assert_eq!(default.len(), 3);
    let stack_secret = stack.settings.secrets.get("WOOCOMMERCE_WEBHOOK_SECRET").unwrap().to_string();
    assert!(default.iter().all(|h| h.address == "https://api.example.com/webhooks/orders/woocommerce"
        && h.secret.as_deref() == Some(stack_secret.split_whitespace().next().unwrap())));
    let (ok, text) = woocommerce("connect", "nowhere").await;
    assert!(!ok && text.contains("no shop nowhere"), "{text}");
}

/// Items whose partition key begins with `prefix`.
async fn items_keyed(stack: &Stack, prefix: &str) -> i32 {
    let scan = stack.dynamodb.scan().table_name(&stack.settings.table_name).filter_expression("begins_with(pk, :p)");
    let scan = scan.expression_attribute_values(":p", aws_sdk_dynamodb::types::AttributeValue::S(prefix.into()));
    scan.send().await.unwrap().count
}

#[tokio::test]
async fn a_removed_shop_is_refused_at_once_and_erased_after_its_grace_period_unless_resumed() {
    use orderflow::aws;
    use std::sync::Arc;
    let stack = Stack::new().await;
    let secret = stack.vars["SECRETS_ID"].clone();
    let add = ["shops", "add", "north", "--secrets-id", &secret, "--api-url", "https://api.example.com/"];
    let settings = ["--set", "SENDER_EMAIL=orders@north.example", "--set", "OWNER_EMAIL=owner@north.example"];
    let add: Vec<&str> = add.into_iter().chain(settings).collect();
    let (ok, text) = orderflow(&stack, &add).await;
    assert!(ok, "{text}");
    let woocommerce = text.lines().find_map(|l| l.trim().strip_prefix("WOOCOMMERCE_WEBHOOK_SECRET=")).unwrap();
    assert_eq!(north_order(&stack, woocommerce, 1001.into()).await, http::StatusCode::OK);
    let (body, default_order, _) = support::shopify_sample_order();
    let (status, _, _) = stack.post_order(OrderSource::Shopify, &body.to_string(), &[]).await;
    assert_eq!(status, http::StatusCode::OK, "the default shop's order");
    let (default_items, north_items) =
        (items_keyed(&stack, "ORDER#").await, items_keyed(&stack, "S#north#ORDER#").await);
    assert!(default_items > 0 && north_items > 0);

    let sweep = || async {
        let services = stack
            .shops(|config, settings, clock| {
                let sender = Arc::new(aws::email_sender(config, &settings));
                (aws::scheduler_app(config, settings, clock), sender)
            })
            .await;
        orderflow::shops::serve::sweep_every_shop(&services).await.unwrap();
    };
    let (ok, text) = orderflow(&stack, &["shops", "remove", "default"]).await;
    assert!(!ok && text.contains("the default shop"), "{text}");
    let (ok, text) = orderflow(&stack, &["shops", "remove", "north"]).await;
    assert!(ok && text.contains("erased from") && text.contains("usage --shop north"), "{text}");
    // A function starting now finds it removed (one running finds so within a minute).
    let refused = north_order(&stack, woocommerce, 1002.into()).await;
    assert_eq!(refused, http::StatusCode::NOT_FOUND, "a removed shop is no shop");
    sweep().await;
    assert_eq!(items_keyed(&stack, "S#north#ORDER#").await, north_items, "kept through the grace period");
    let (ok, text) = orderflow(&stack, &["shops", "suspend", "north"]).await;
    assert!(!ok && text.contains("resume"), "a removed shop is not suspended (which would keep it): {text}");
    assert!(orderflow(&stack, &["shops", "resume", "north"]).await.0, "resumed in time");
    let (ok, list) = orderflow(&stack, &["shops", "list"]).await;
    assert!(ok && list.lines().any(|l| l.starts_with("north") && l.contains("active")), "{list}");

    // No grace: still not at once, while functions may serve it from their registry.
    assert!(orderflow(&stack, &["shops", "remove", "north", "--grace-days", "0"]).await.0);
    sweep().await;
    assert_eq!(items_keyed(&stack, "S#north#ORDER#").await, north_items, "kept while it may still be served");
    stack.clock.set(jiff::Timestamp::now() + jiff::SignedDuration::from_mins(11));
    sweep().await;
    assert_eq!(items_keyed(&stack, "S#north#").await, 0, "every item of the north erased");
    assert!(items_keyed(&stack, "ORDER#").await >= default_items, "the default shop's untouched");
    assert!(stack.order(&default_order).await.is_some());
    let (ok, list) = orderflow(&stack, &["shops", "list"]).await;
    assert!(ok && !list.contains("north"), "{list}");
    let (ok, text) = orderflow(&stack, &["shops", "resume", "north"]).await;
    assert!(!ok && text.contains("no shop north"), "{text}");
    assert!(orderflow(&stack, &add).await.0, "the name is free again");
}
