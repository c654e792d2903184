//! Orders in the shapes real storefronts send (`tests/corpus/`, see its README): every one is kept,
//! answered 200, and whoever can be reached is told once; a retried delivery is a duplicate. Orders
//! that need the shop are fixed or accepted by staff and go on like any other.

mod support;

use http::StatusCode;
use orderflow::domain::Delivery;
use orderflow::domain::TimelineEvent;
use orderflow::domain::{Channel, FulfilmentStatus, OrderSource, PaymentMethod, PaymentStatus, ProblemKind};
use serde_json::{Value, json};
use support::{Stack, big_id, sample_body, unique};

/// Who hears "we have your order".
#[derive(Clone, Copy, Debug, PartialEq)]
enum Told {
    Email(&'static str),
    Sms,
    Nobody,
}

struct Case {
    source: OrderSource,
    file: &'static str,
    status: FulfilmentStatus,
    delivery: Delivery,
    problems: &'static [ProblemKind],
    customer: Told,
    /// Words the customer's message must contain.
    says: &'static [&'static str],
}

const SHOPIFY: OrderSource = OrderSource::Shopify;
const WOO: OrderSource = OrderSource::Woocommerce;
const RECEIVED: FulfilmentStatus = FulfilmentStatus::Received;
const HELD: FulfilmentStatus = FulfilmentStatus::OnHold;

fn cases() -> Vec<Case> {
    use ProblemKind as P;
    let case = |source, file, status, delivery, problems, customer, says| Case {
        source,
        file,
        status,
        delivery,
        problems,
        customer,
        says,
    };
    vec![
        case(
            SHOPIFY,
            "draft-no-customer",
            HELD,
            Delivery::Ship,
            &[P::NoContact, P::NoShippingMethod],
            Told::Nobody,
            &[],
        ),
        case(
            SHOPIFY,
            "no-email-address-without-name",
            HELD,
            Delivery::Ship,
            &[P::NoRecipient],
            Told::Sms,
            &["address needed"],
        ),
        case(
            SHOPIFY,
            "address-no-street",
            HELD,
            Delivery::Ship,
            &[P::NoStreet],
            Told::Email("minh.tran@example.org"),
            &["we still need your full delivery address"],
        ),
        case(SHOPIFY, "pos", RECEIVED, Delivery::NotNeeded, &[], Told::Nobody, &[]),
        case(
            SHOPIFY,
            "digital-no-shipping",
            RECEIVED,
            Delivery::NotNeeded,
            &[],
            Told::Email("avery.sample@example.com"),
            &[],
        ),
        case(
            SHOPIFY,
            "local-pickup",
            RECEIVED,
            Delivery::Pickup,
            &[],
            Told::Email("luca.exempju@example.com"),
            &["collect it in store"],
        ),
        case(
            SHOPIFY,
            "discounts",
            RECEIVED,
            Delivery::Ship,
            &[],
            Told::Email("jonas.beispiel@example.com"),
            &["Discount", "−8.48 EUR", "76.32 EUR", "81.22 EUR"],
        ),
        case(
            SHOPIFY,
            "locale-zh-tw",
            RECEIVED,
            Delivery::Ship,
            &[],
            Told::Email("yating.test@example.com"),
            &["Thank you for your order"],
        ),
        case(SHOPIFY, "guest-checkout-phone-only", RECEIVED, Delivery::Ship, &[], Told::Sms, &["received"]),
        case(SHOPIFY, "empty-strings", RECEIVED, Delivery::Ship, &[], Told::Email("aoife.sampla@example.com"), &[]),
        case(
            SHOPIFY,
            "invalid-phone",
            RECEIVED,
            Delivery::Ship,
            &[],
            Told::Email("dana.testperson@example.com"),
            &["does not look right"],
        ),
        case(SHOPIFY, "cod", RECEIVED, Delivery::Ship, &[], Told::Email("piotr.testowy@example.com"), &[]),
        case(
            WOO,
            "guest-invalid-phone",
            RECEIVED,
            Delivery::Ship,
            &[],
            Told::Email("lena.beispiel@example.com"),
            &["does not look right"],
        ),
        case(
            WOO,
            "virtual-no-shipping",
            RECEIVED,
            Delivery::NotNeeded,
            &[],
            Told::Email("oliver.testfield@example.com"),
            &[],
        ),
        case(WOO, "empty-billing-phone", RECEIVED, Delivery::Ship, &[], Told::Email("marta.przyklad@example.com"), &[]),
        case(WOO, "local-pickup", RECEIVED, Delivery::Pickup, &[], Told::Email("sanne.voorbeeld@example.com"), &[]),
        case(
            WOO,
            "coupon-discount",
            RECEIVED,
            Delivery::Ship,
            &[],
            Told::Email("casey.example@example.com"),
            &["Discount"],
        ),
        case(WOO, "bacs", RECEIVED, Delivery::Ship, &[], Told::Email("harriet.placeholder@example.com"), &[]),
    ]
}

/// A corpus payload with a fresh id and number (so that runs never meet), its structure untouched.
fn corpus_body(source: OrderSource, file: &str) -> (Value, String, String) {
    let folder = match source {
        OrderSource::Shopify => "shopify",
        OrderSource::Woocommerce => "woocommerce",
        OrderSource::Generic => "generic",
    };
    let path = orderflow::local::repo_root().join(format!("tests/corpus/{folder}/{file}.json"));
    let mut body: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let id = big_id();
    let number = unique("C");
    body["id"] = serde_json::from_str(&id).unwrap();
    match source {
        OrderSource::Woocommerce => body["number"] = json!(number),
        _ => body["name"] = json!(format!("#{number}")),
    }
    (body, id, number)
}

async fn customer_messages(stack: &Stack, told: Told, number: &str) -> Vec<String> {
    match told {
        Told::Email(to) => stack
            .emails_to(to)
            .await
            .into_iter()
            .filter(|m| m["subject"].as_str().is_some_and(|s| s.contains(number)))
            .map(|m| m["body"].as_str().unwrap_or_default().to_string())
            .collect(),
        Told::Sms | Told::Nobody => stack
            .sms_mentioning(number)
            .await
            .into_iter()
            .map(|m| m["message"].as_str().unwrap_or_default().to_string())
            .collect(),
    }
}

async fn owner_subjects(stack: &Stack, number: &str) -> Vec<String> {
    stack
        .emails_to(&stack.owner_email)
        .await
        .into_iter()
        .filter_map(|m| m["subject"].as_str().map(str::to_string))
        .filter(|s| s.contains(number))
        .collect()
}

#[tokio::test]
async fn every_real_shaped_order_is_kept_and_whoever_can_be_reached_is_told_once() {
    let stack = Stack::new().await;
    let cases = cases();
    assert!(cases.iter().filter(|c| c.source == SHOPIFY).count() >= 10);
    assert!(cases.iter().filter(|c| c.source == WOO).count() >= 5);
    let mut posted = Vec::new();
    for case in &cases {
        let (body, id, number) = corpus_body(case.source, case.file);
        let (status, _, answer) = stack.post_order(case.source, &body.to_string(), &[]).await;
        assert_eq!(status, StatusCode::OK, "{}: {answer}", case.file);
        assert_eq!(answer["result"], "recorded", "{}", case.file);
        assert_eq!(answer["status"], case.status.as_str(), "{}: {:?}", case.file, {
            let order = stack.order(&id).await.unwrap();
            order.attention.iter().map(|p| (p.kind(), p.field().to_string())).collect::<Vec<_>>()
        });
        posted.push((case, body, id, number));
    }
    stack.drain().await;
    for (case, body, id, number) in &posted {
        let order = stack.order(id).await.unwrap_or_else(|| panic!("{} is stored", case.file));
        assert_eq!(order.status, case.status, "{}", case.file);
        assert_eq!(order.shipping.delivery, case.delivery, "{}", case.file);
        let problems: Vec<ProblemKind> = order.attention.iter().map(|p| p.kind()).collect();
        assert_eq!(problems, case.problems, "{}", case.file);

        let messages = customer_messages(&stack, case.customer, number).await;
        match case.customer {
            Told::Nobody => assert!(messages.is_empty(), "{}: nobody to tell", case.file),
            Told::Email(_) | Told::Sms => assert_eq!(messages.len(), 1, "{}: told once", case.file),
        }
        for words in case.says {
            assert!(messages.iter().any(|m| m.contains(words)), "{}: {words:?} not in {messages:?}", case.file);
        }
        if case.customer == Told::Sms {
            assert_eq!(order.customer.channel, Channel::Sms, "{}", case.file);
        }
        let owner = owner_subjects(&stack, number).await;
        assert_eq!(owner.len(), 1, "{}: one owner email: {owner:?}", case.file);
        let expected = if case.problems.is_empty() { "New order" } else { "needs attention" };
        assert!(owner[0].contains(expected), "{}: {owner:?}", case.file);

        // The storefront retries: a duplicate, and nobody hears anything twice.
        let (status, _, answer) = stack.post_order(case.source, &body.to_string(), &[]).await;
        assert_eq!((status, answer["result"].as_str()), (StatusCode::OK, Some("duplicate")), "{}", case.file);
    }
    stack.drain().await;
    for (case, _, _, number) in &posted {
        let expected = usize::from(case.customer != Told::Nobody);
        assert_eq!(customer_messages(&stack, case.customer, number).await.len(), expected, "{}", case.file);
        assert_eq!(owner_subjects(&stack, number).await.len(), 1, "{}", case.file);
    }
}

#[tokio::test]
async fn what_the_corpus_orders_keep() {
    let stack = Stack::new().await;
    let keep = |source, file| {
        let (body, id, _) = corpus_body(source, file);
        (body.to_string(), id)
    };
    let mut stored = Vec::new();
    for (source, file) in [
        (SHOPIFY, "discounts"),
        (SHOPIFY, "locale-zh-tw"),
        (SHOPIFY, "invalid-phone"),
        (SHOPIFY, "cod"),
        (SHOPIFY, "no-email-address-without-name"),
        (WOO, "coupon-discount"),
        (WOO, "bacs"),
        (WOO, "virtual-no-shipping"),
    ] {
        let (body, id) = keep(source, file);
        assert_eq!(stack.post_order(source, &body, &[]).await.0, StatusCode::OK, "{file}");
        stored.push(stack.order(&id).await.unwrap());
    }
    let [discounts, zh, invalid_phone, cod, phone_only, coupon, bacs, virtual_goods] = stored.try_into().unwrap();
    assert_eq!(
        (discounts.totals.discount_minor, discounts.totals.subtotal_minor, discounts.totals.total_minor),
        (848, 7_632, 8_122),
        "the storefront's totals, kept as sent"
    );
    assert_eq!(zh.customer.locale, "zh", "kept; messages fall back to the shop's language");
    assert_eq!(invalid_phone.customer.phone, None);
    assert_eq!(invalid_phone.customer.phone_as_given.as_ref().unwrap().expose(), "call me after 6");
    assert_eq!(cod.payment.method, Some(PaymentMethod::CashOnDelivery));
    assert_eq!(phone_only.customer.phone.as_ref().unwrap().expose(), "+447911123461", "the address's phone");
    assert_eq!(coupon.totals.discount_minor, 1_500);
    assert_eq!(coupon.items[0].unit_price_minor, 2_000, "before the coupon, which has its own line");
    assert_eq!((bacs.payment.method, bacs.payment.status), (Some(PaymentMethod::Invoice), PaymentStatus::Unpaid));
    assert!(bacs.payment.due_at.is_none(), "an unpaid invoice falls due from the shop's confirmation");
    assert_eq!(virtual_goods.payment.status, PaymentStatus::Paid);
}

fn generic(change: impl Fn(&mut Value)) -> (Value, String) {
    let id = unique("G-");
    let mut body = sample_body("order-placed/generic-order-email.json");
    body["order_id"] = json!(id);
    body["order_number"] = json!(id);
    body["customer"]["email"] = json!(format!("{id}@example.net"));
    change(&mut body);
    (body, id)
}

#[tokio::test]
async fn generic_orders_with_gaps_are_kept_too() {
    use ProblemKind as P;
    let stack = Stack::new().await;
    let cases: Vec<(Value, String, &[ProblemKind], FulfilmentStatus)> = vec![
        {
            let (body, id) = generic(|b| {
                b["customer"] = json!({ "name": "Walk-in" });
            });
            (body, id, &[P::NoContact][..], HELD)
        },
        {
            let (body, id) = generic(|b| {
                b["payment"] = json!({});
                b["shipping"]["method"] = json!("");
            });
            (body, id, &[P::NoShippingMethod, P::NoPaymentMethod][..], HELD)
        },
        {
            let (body, id) = generic(|b| {
                b["shipping"] = json!({ "type": "none" });
                b["customer"] = json!({});
            });
            (body, id, &[][..], RECEIVED)
        },
        {
            let (body, id) = generic(|b| b["items"] = json!([]));
            (body, id, &[P::NoItems][..], HELD)
        },
    ];
    for (body, id, problems, status) in cases {
        let (answer_status, _, answer) = stack.post_order(OrderSource::Generic, &body.to_string(), &[]).await;
        assert_eq!(answer_status, StatusCode::OK, "{answer}");
        let order = stack.order(&id).await.expect("kept");
        assert_eq!(order.attention.iter().map(|p| p.kind()).collect::<Vec<_>>(), problems);
        assert_eq!(order.status, status);
    }
}

/// An order that needs attention, as a Shopify draft without a street: staff add the address, the
/// order goes on as received, and the customer is told what the shop confirmed, once.
#[tokio::test]
async fn staff_complete_an_order_and_it_goes_on() {
    let stack = Stack::new().await;
    let (body, id, number) = corpus_body(SHOPIFY, "address-no-street");
    assert_eq!(stack.post_order(SHOPIFY, &body.to_string(), &[]).await.0, StatusCode::OK);
    let path = format!("/admin/orders/{id}/update");

    // Staff input is checked strictly, naming the field; nothing changes.
    let (status, _, problem) =
        stack.admin(&path, Some(json!({ "shipping": { "address": { "line1": "12 Lê Lợi", "country": "VN" } } }))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{problem}");
    assert_eq!(problem["field"], "shipping.address.city");
    let (status, _, problem) = stack.admin(&path, Some(json!({ "customer": { "email": "nope" } }))).await;
    assert_eq!((status, problem["field"].as_str()), (StatusCode::BAD_REQUEST, Some("customer.email")));
    assert!(stack.order(&id).await.unwrap().needs_attention());
    let token = stack.order(&id).await.unwrap().status_token.expose().clone();
    let status_page = format!("/orders/{id}?token={token}");
    let (_, _, page) = stack.request(http::Request::get(&status_page).body(axum::body::Body::empty()).unwrap()).await;
    assert_eq!(page["needed_from_you"], json!(["delivery_address"]), "the customer's page asks too");

    // Confirming is still possible, but shipping waits for the problems to be dealt with.
    let ship = json!({ "carrier": "VNPost", "tracking_number": unique("VN") });
    let (status, _, _) = stack.admin(&format!("/admin/orders/{id}/ship"), Some(ship)).await;
    assert_eq!(status, StatusCode::CONFLICT);

    let address = json!({ "shipping": { "address": {
        "line1": "12 Lê Lợi", "city": "Hội An", "postal_code": "560000", "country": "vn"
    } } });
    let (status, _, answer) = stack.admin(&path, Some(address.clone())).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["status"], "received");
    assert_eq!(answer["attention"], json!([]));
    let order = stack.order(&id).await.unwrap();
    let address_now = order.shipping.address.as_ref().unwrap().expose();
    assert_eq!((address_now.country.as_str(), address_now.recipient.as_deref()), ("VN", Some("Minh Trần-Example")));
    assert!(order.timeline().iter().any(|e| e.event == TimelineEvent::AttentionResolved));
    let (_, _, page) = stack.request(http::Request::get(&status_page).body(axum::body::Body::empty()).unwrap()).await;
    assert_eq!(page["needed_from_you"], json!([]));

    stack.drain().await;
    let messages = customer_messages(&stack, Told::Email("minh.tran@example.org"), &number).await;
    assert_eq!(messages.len(), 2, "we have your order, then the confirmed details");
    assert!(messages.iter().any(|m| m.contains("We have confirmed the delivery details") && m.contains("12 Lê Lợi")));

    // A retried update changes nothing and tells nobody again.
    let (status, _, _) = stack.admin(&path, Some(address)).await;
    assert_eq!(status, StatusCode::OK);
    stack.drain().await;
    assert_eq!(customer_messages(&stack, Told::Email("minh.tran@example.org"), &number).await.len(), 2);
    let (status, _, _) = stack.admin(&format!("/admin/orders/{id}/confirm"), None).await;
    assert_eq!(status, StatusCode::OK);
}

/// A draft without a customer cannot be completed with a contact the shop does not have: staff
/// confirm it as it is; payments and carrier events are applied as for any order.
#[tokio::test]
async fn staff_accept_an_order_as_it_is_and_payments_and_tracking_apply() {
    let stack = Stack::new().await;
    let (body, id, number) = corpus_body(SHOPIFY, "draft-no-customer");
    assert_eq!(stack.post_order(SHOPIFY, &body.to_string(), &[]).await.0, StatusCode::OK);
    let order = stack.order(&id).await.unwrap();
    assert!(!order.customer.is_reachable());
    assert_eq!(order.payment.method, Some(PaymentMethod::Invoice));
    // Staff open the order and see what to fix, in Shopify's words.
    let (status, _, shown) = stack.admin(&format!("/admin/orders/{id}"), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        shown["attention"],
        json!([
            { "problem": "no_contact", "field": "email" },
            { "problem": "no_shipping_method", "field": "shipping_lines[0].title" },
        ])
    );
    assert_eq!((shown["status"].as_str(), shown["hold_reason"].as_str()), (Some("on_hold"), Some("needs_attention")));
    assert_eq!(shown["customer"]["reachable"], false);
    assert_eq!(shown["customer"]["name"], "Zofia Przykładowa", "the address's name");

    // The money arrives while the order waits for the shop: applied as usual.
    let payment = json!({
        "event_id": unique("evt-"), "order_id": id, "type": "captured",
        "amount": format!("{}.{:02}", order.totals.total_minor / 100, order.totals.total_minor % 100),
        "currency": order.totals.currency.code(),
    });
    let (status, _, answer) =
        stack.post_payment(orderflow::domain::PaymentProvider::Generic, &payment.to_string()).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let order = stack.order(&id).await.unwrap();
    assert_eq!(order.payment.status, PaymentStatus::Paid);
    assert!(order.needs_attention(), "still waiting for the shop");

    let (status, _, answer) = stack.admin(&format!("/admin/orders/{id}/confirm"), None).await;
    assert_eq!((status, answer["status"].as_str()), (StatusCode::OK, Some("confirmed")), "{answer}");
    let order = stack.order(&id).await.unwrap();
    assert!(order.attention.is_empty());
    let accepted = order.timeline().iter().find(|e| e.event == TimelineEvent::AttentionAccepted).expect("recorded");
    assert_eq!(accepted.note.as_deref(), Some("no_contact, no_shipping_method"));

    // Staff find the customer's email: from now on they hear about their order, starting with the order itself.
    let email = format!("{}@example.org", unique("zofia-"));
    let (status, _, _) =
        stack.admin(&format!("/admin/orders/{id}/update"), Some(json!({ "customer": { "email": email } }))).await;
    assert_eq!(status, StatusCode::OK);

    let tracking = json!({
        "event_id": unique("trk-"), "order_id": id, "status": "delivered",
        "occurred_at": stack.clock.now().to_string(),
    });
    let (status, _, answer) =
        stack.post_tracking(orderflow::domain::CarrierProvider::Generic, &tracking.to_string()).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(stack.order(&id).await.unwrap().status, FulfilmentStatus::Delivered);

    stack.drain().await;
    assert!(stack.sms_mentioning(&number).await.is_empty(), "no SMS: the customer gave no phone");
    let subjects: Vec<String> =
        stack.emails_to(&email).await.iter().map(|m| m["subject"].as_str().unwrap().to_string()).collect();
    assert_eq!(subjects, [format!("We have your order #{number}"), format!("Order #{number} has been delivered")]);
    let owner = owner_subjects(&stack, &number).await;
    assert_eq!(owner.len(), 1, "{owner:?}");
    assert!(owner[0].contains("needs attention"));
}

/// The customer opens the link from "address needed" in a real browser: the page asks for the
/// address, and shows nothing personal.
#[tokio::test]
async fn the_status_page_asks_for_a_missing_address_in_a_real_browser() {
    let stack = Stack::new().await;
    let (body, id, _) = corpus_body(SHOPIFY, "address-no-street");
    assert_eq!(stack.post_order(SHOPIFY, &body.to_string(), &[]).await.0, StatusCode::OK);
    let token = stack.order(&id).await.unwrap().status_token.expose().clone();
    let url = stack.serve(&format!("/track/{id}?token={token}")).await;

    let dom = support::chromium(&url, &["--dump-dom".to_string()]).await;
    let dom = String::from_utf8_lossy(&dom.stdout).to_string();
    let needed = dom.find("id=\"needed\"").expect("the request is on the page");
    assert!(dom[needed..].contains("We still need your full delivery address"), "{dom}");
    assert!(!dom.contains("minh.tran") && !dom.contains("Hội An"), "no personal data on the page");
    support::screenshot(&url, "status-page-address-needed.png").await;
}
