//! The back office as pages, against the emulator: sign-in (named tokens, a pause after wrong
//! ones), the session cookie and the form token, finding and shipping an order, cancelling one,
//! printing a packing slip and invoices; a staff member's day driven in headless Chromium over the
//! DevTools protocol, and the pages rendered there at phone and desktop widths.

mod support;

use axum::body::Body;
use http::{Request, StatusCode, header};
use orderflow::domain::TimelineEvent;
use orderflow::domain::{CancelCause, CarrierProvider, FulfilmentStatus, OrderSource};
use serde_json::json;
use sha2::Digest;
use std::future::IntoFuture;
use support::{Stack, unique};
use tower::ServiceExt;

const ALICE_TOKEN: &str = "alice-token-3f9a7c2e-5d1b8e4a9c";

async fn staff_stack() -> Stack {
    let accounts = format!("alice:{}:owner", hex::encode(sha2::Sha256::digest(ALICE_TOKEN)));
    Stack::with_vars(&[
        ("STAFF_ACCOUNTS", accounts.as_str()),
        ("SHOP_LEGAL_NAME", "Test Shop Ltd"),
        ("SHOP_TAX_ID", "GB123456789"),
        ("SHOP_PHONE_REGION", "FR"),
    ])
    .await
}

/// A response's status, headers and text.
async fn send(stack: &Stack, request: Request<Body>) -> (StatusCode, http::HeaderMap, String) {
    let response = orderflow::http::router(stack.app.clone()).oneshot(request).await.unwrap();
    let (status, headers) = (response.status(), response.headers().clone());
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
    (status, headers, String::from_utf8_lossy(&bytes).into_owned())
}

fn form(path: &str, fields: &[(&str, &str)], cookie: Option<&str>, from: &str) -> Request<Body> {
    let body: String = fields
        .iter()
        .map(|(k, v)| {
            format!("{k}={}", v.replace('%', "%25").replace('&', "%26").replace('+', "%2B").replace(' ', "+"))
        })
        .collect::<Vec<_>>()
        .join("&");
    // `from` is the address the platform saw (API Gateway's source address, the socket's peer).
    let peer = std::net::SocketAddr::new(from.parse().unwrap(), 40000);
    let mut request = Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .extension(axum::extract::ConnectInfo(peer))
        .header("sec-fetch-site", "same-origin");
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    request.body(Body::from(body)).unwrap()
}

fn page(path: &str, cookie: &str) -> Request<Body> {
    Request::get(path).header(header::COOKIE, cookie).body(Body::empty()).unwrap()
}

/// Signs in with `token`; returns the `name=value` of the session cookie.
async fn sign_in(stack: &Stack, token: &str) -> String {
    let (status, headers, _) =
        send(stack, form("/staff/sign-in", &[("name", "alice"), ("token", token)], None, "198.51.100.7")).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let set = headers[header::SET_COOKIE].to_str().unwrap().to_string();
    assert!(set.contains("HttpOnly") && set.contains("SameSite=Strict") && set.contains("Path=/staff"), "{set}");
    set.split(';').next().unwrap().to_string()
}

/// A paid order shipped and delivered; its id, its status token and the key its page's forms carry.
async fn delivered_with_page(stack: &Stack) -> (String, String, String) {
    let (id, _) = paid_order(stack).await;
    let ship = json!({ "carrier": "UPS", "tracking_number": unique("1Z") });
    assert_eq!(stack.admin(&format!("/admin/orders/{id}/ship"), Some(ship)).await.0, StatusCode::OK);
    assert_eq!(stack.admin(&format!("/admin/orders/{id}/deliver"), None).await.0, StatusCode::OK);
    let token = stack.order(&id).await.unwrap().status_token.expose().clone();
    let html = stack.raw(Request::get(format!("/track/{id}?token={token}")).body(Body::empty()).unwrap()).await.2;
    let start = html.find("name=\"key\" value=\"").unwrap() + "name=\"key\" value=\"".len();
    let key = html[start..].split('"').next().unwrap().to_string();
    (id, token, key)
}

fn form_token(html: &str) -> String {
    let start = html.find("name=\"form_token\" value=\"").expect("a form token") + "name=\"form_token\" value=\"".len();
    html[start..start + html[start..].find('"').unwrap()].to_string()
}

/// A paid generic order for a new customer; returns its id and email.
async fn paid_order(stack: &Stack) -> (String, String) {
    let id = unique("S-");
    let email = format!("{id}@example.net");
    let mut body = support::unpaid_generic_order(&id, &email);
    body["payment"] = json!({ "method": "prepaid", "status": "paid" });
    body["note"] = json!("Gift: no prices inside please");
    body["items"][0]["tax"] = json!("3.17");
    body["items"][0]["tax_rate"] = json!(20);
    body["totals"]["prices_include_tax"] = json!(true);
    body["customer"]["billing_address"] = json!({
        "recipient": "Sophie Germain", "company": "Lumière Éditions SARL", "line1": "8 boulevard Haussmann",
        "city": "Paris", "postal_code": "75009", "country": "FR"
    });
    assert_eq!(stack.post_order(OrderSource::Generic, &body.to_string(), &[]).await.0, StatusCode::OK);
    (id, email)
}

#[tokio::test]
async fn staff_sign_in_find_ship_and_cancel_orders_and_print_their_papers() {
    let stack = staff_stack().await;
    let (id, email) = paid_order(&stack).await;
    let (other, _) = paid_order(&stack).await;

    // Signed out: the pages send to the sign-in; a wrong token is refused.
    let (status, headers, _) = send(&stack, Request::get("/staff/orders").body(Body::empty()).unwrap()).await;
    assert_eq!((status, headers[header::LOCATION].to_str().unwrap()), (StatusCode::SEE_OTHER, "/staff/sign-in"));
    let (status, _, html) =
        send(&stack, form("/staff/sign-in", &[("name", "alice"), ("token", "guess")], None, "198.51.100.7")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(html.contains("do not match an account"), "{html}");
    let cookie = sign_in(&stack, ALICE_TOKEN).await;

    // The list counts what waits; a number typed in the search opens its order.
    let (status, headers, html) = send(&stack, page("/staff/orders", &cookie)).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("Received (2)") && html.contains(&id), "{html}");
    assert!(headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap().contains("default-src 'none'"));
    let (status, headers, _) = send(&stack, page(&format!("/staff/orders?number=%23{id}"), &cookie)).await;
    assert_eq!(
        (status, headers[header::LOCATION].to_str().unwrap()),
        (StatusCode::SEE_OTHER, format!("/staff/orders/{id}").as_str())
    );
    let (_, _, html) = send(&stack, page(&format!("/staff/orders/{id}"), &cookie)).await;
    assert!(
        html.contains("id=\"action-ship\"")
            && html.contains("id=\"action-deliver\"")
            && !html.contains("id=\"action-send-again\"")
            && html.contains("id=\"action-refund\"")
            && !html.contains("id=\"action-payment-received\""),
        "only what the order allows: handed over by the shop's own courier, nothing lost to send again, paid"
    );
    assert!(html.contains("Gift: no prices inside please"));
    let token = form_token(&html);

    // A post without the page's form token, or from another site, is refused.
    let ship = [("carrier", "UPS"), ("tracking_number", "1ZSTAFF0001")];
    let (status, _, _) =
        send(&stack, form(&format!("/staff/orders/{id}/ship"), &ship, Some(&cookie), "198.51.100.7")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let with_token = [ship[0], ship[1], ("form_token", token.as_str())];
    let mut cross = form(&format!("/staff/orders/{id}/ship"), &with_token, Some(&cookie), "198.51.100.7");
    cross.headers_mut().insert("sec-fetch-site", "cross-site".parse().unwrap());
    assert_eq!(send(&stack, cross).await.0, StatusCode::FORBIDDEN);
    assert_eq!(stack.order(&id).await.unwrap().status, FulfilmentStatus::Received);

    // Shipped from the page; a double click applies it once; the timeline says who.
    for _ in 0..2 {
        let (status, headers, html) =
            send(&stack, form(&format!("/staff/orders/{id}/ship"), &with_token, Some(&cookie), "198.51.100.7")).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{html}");
        assert_eq!(
            (status, headers[header::LOCATION].to_str().unwrap()),
            (StatusCode::SEE_OTHER, format!("/staff/orders/{id}").as_str())
        );
    }
    let order = stack.order(&id).await.unwrap();
    assert_eq!(
        (order.status, order.shipment.tracking_number.as_ref().map(|n| n.as_str())),
        (FulfilmentStatus::Shipped, Some("1ZSTAFF0001"))
    );
    assert!(
        order.timeline().iter().any(|e| e.event == TimelineEvent::Status(orderflow::domain::FulfilmentStatus::Shipped)
            && e.source == "staff:alice")
    );
    stack.drain().await;
    let shipped =
        stack.emails_to(&email).await.iter().filter(|m| m["subject"].as_str().unwrap().contains("on its way")).count();
    assert_eq!(shipped, 1, "the customer is told once");

    // Another order cancelled with its cause.
    let (_, _, html) = send(&stack, page(&format!("/staff/orders/{other}"), &cookie)).await;
    assert!(html.contains("Bill to") && html.contains("Lumière Éditions SARL"), "the billing address apart: {html}");
    let cancel = [("cause", "customer"), ("note", "Asked by phone"), ("form_token", &form_token(&html))];
    send(&stack, form(&format!("/staff/orders/{other}/cancel"), &cancel, Some(&cookie), "198.51.100.7")).await;
    let cancelled = stack.order(&other).await.unwrap();
    assert_eq!(
        (cancelled.status, cancelled.cancellation.unwrap().cause),
        (FulfilmentStatus::Cancelled, CancelCause::Customer)
    );

    // The packing slip: what to pack and where, no prices; several orders in one print.
    let (status, _, slip) =
        send(&stack, page(&format!("/staff/orders/{id}/packing-slip?orders={other}"), &cookie)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        slip.contains("PRIME-01") && slip.contains("26 rue Saint-Denis") && slip.contains("Gift: no prices"),
        "{slip}"
    );
    assert!(!slip.contains("19.00") && slip.matches("<article>").count() == 2, "{slip}");
    assert!(!slip.contains("Haussmann"), "the packing slip goes where the goods go: {slip}");
    // The same from the list: the orders ticked there, as the list's form sends them.
    let (_, _, list) = send(&stack, page("/staff/orders?status=shipped", &cookie)).await;
    assert!(list.contains("action=\"/staff/packing-slips\"") && list.contains("name=\"orders\""), "{list}");
    let ticked = format!("/staff/packing-slips?orders={id}&orders={other}&paper=letter");
    let (status, _, slips) = send(&stack, page(&ticked, &cookie)).await;
    assert_eq!((status, slips.matches("<article>").count()), (StatusCode::OK, 2), "{slips}");
    assert!(slips.contains("letter"), "{slips}");
    let (status, _, _) = send(&stack, page("/staff/packing-slips", &cookie)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "nothing ticked");
    // Invoices take gapless numbers, kept on reprint.
    let invoice = |order: String| {
        let stack = &stack;
        let cookie = cookie.clone();
        async move { send(stack, page(&format!("/staff/orders/{order}/invoice?paper=letter"), &cookie)).await.2 }
    };
    let first = invoice(id.clone()).await;
    assert!(
        first.contains("Invoice 000001") && first.contains("Test Shop Ltd") && first.contains("GB123456789"),
        "{first}"
    );
    assert!(first.contains("19.00 EUR") && first.contains("size: letter"), "{first}");
    // Billed to who pays, as the customer gave it, not to where the goods went.
    assert!(
        first.contains("Lumière Éditions SARL")
            && first.contains("8 boulevard Haussmann")
            && first.contains("75009 Paris"),
        "{first}"
    );
    assert!(!first.contains("26 rue Saint-Denis"), "{first}");
    // Each line with its tax rate and tax, and whether the prices include it.
    assert!(first.contains("Tax rate") && first.contains("20 %") && first.contains("3.17 EUR"), "{first}");
    assert!(first.contains("Prices include tax."), "{first}");
    assert!(invoice(other.clone()).await.contains("Invoice 000002"));
    assert!(invoice(id.clone()).await.contains("Invoice 000001"));

    // After eight hours the session has ended.
    stack.clock.advance(jiff::SignedDuration::from_hours(9));
    let (status, headers, _) = send(&stack, page("/staff/orders", &cookie)).await;
    assert_eq!((status, headers[header::LOCATION].to_str().unwrap()), (StatusCode::SEE_OTHER, "/staff/sign-in"));
}

#[tokio::test]
async fn staff_see_what_an_order_lacks_and_correct_it_from_its_page() {
    let stack = staff_stack().await;
    let id = unique("S-");
    let email = format!("{id}@example.net");
    let mut body = support::unpaid_generic_order(&id, &email);
    body["payment"] = json!({ "method": "prepaid", "status": "paid" });
    body["shipping"]["address"].as_object_mut().unwrap().remove("line1");
    assert_eq!(stack.post_order(OrderSource::Generic, &body.to_string(), &[]).await.0, StatusCode::OK);
    assert!(stack.order(&id).await.unwrap().needs_attention(), "no street");
    let cookie = sign_in(&stack, ALICE_TOKEN).await;
    let path = format!("/staff/orders/{id}");

    // The page says what is missing, and its forms start from what the order has.
    let (_, _, html) = send(&stack, page(&path, &cookie)).await;
    assert!(html.contains("Needs attention") && html.contains("the address has no street"), "{html}");
    assert!(html.contains("id=\"action-update-address\"") && html.contains("value=\"75001\""), "{html}");
    let token = form_token(&html);
    let post = |action: &str, fields: &[(&str, &str)]| {
        let mut all = vec![("form_token", token.as_str()), ("nonce", "n1")];
        all.extend_from_slice(fields);
        form(&format!("{path}/{action}"), &all, Some(&cookie), "198.51.100.7")
    };
    let address = |country: &'static str| {
        [
            ("shipping.address.recipient", "Sophie Germain"),
            ("shipping.address.line1", "26 rue Saint-Denis"),
            ("shipping.address.postal_code", "75001"),
            ("shipping.address.city", "Paris"),
            ("shipping.address.country", country),
        ]
    };

    // A country that is not a code is refused with the reason on the page, and nothing changes.
    let version = stack.order(&id).await.unwrap().version();
    let (status, _, html) = send(&stack, post("update-address", &address("France"))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("two-letter ISO 3166 code"), "{html}");
    assert_eq!(stack.order(&id).await.unwrap().version(), version);

    // The street given: the order goes on, the customer is told the confirmed details once.
    let (status, _, _) = send(&stack, post("update-address", &address("fr"))).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let order = stack.order(&id).await.unwrap();
    assert!(!order.needs_attention(), "{:?}", order.attention);
    assert_eq!(order.shipping.address.as_ref().unwrap().expose().lines, ["26 rue Saint-Denis"]);
    for event in [TimelineEvent::DetailsUpdated, TimelineEvent::AttentionResolved] {
        let entry = order.timeline().iter().find(|e| e.event == event).expect("recorded");
        assert_eq!(entry.source, "staff:alice", "{event} says who");
    }
    let (_, _, html) = send(&stack, page(&path, &cookie)).await;
    assert!(!html.contains("id=\"problems\""), "nothing left to fix: {html}");
    // The same form sent again (a double click) changes nothing more.
    send(&stack, post("update-address", &address("fr"))).await;
    stack.drain().await;
    let confirmed = stack.emails_to(&email).await;
    let confirmed = confirmed.iter().filter(|m| m["subject"].as_str().unwrap().contains("are confirmed")).count();
    assert_eq!(confirmed, 1, "told once");

    // A phone written as the customer said it, read in the shop's region.
    let (status, _, _) = send(&stack, post("update-contact", &[("customer.phone", "06 12 34 56 78")])).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let phone = stack.order(&id).await.unwrap().customer.phone.unwrap();
    assert_eq!(phone.expose(), "+33612345678");

    // The invoice to the customer's company, from the billing form.
    let billing = [
        ("customer.billing_address.company", "Lumière SARL"),
        ("customer.billing_address.line1", "8 boulevard Haussmann"),
        ("customer.billing_address.postal_code", "75009"),
        ("customer.billing_address.city", "Paris"),
        ("customer.billing_address.country", "FR"),
    ];
    assert_eq!(send(&stack, post("update-billing", &billing)).await.0, StatusCode::SEE_OTHER);
    let (_, _, invoice) = send(&stack, page(&format!("{path}/invoice"), &cookie)).await;
    assert!(invoice.contains("Lumière SARL") && invoice.contains("8 boulevard Haussmann"), "{invoice}");
    assert!(invoice.contains("Sophie Germain"), "named as the customer: {invoice}");
    let (_, _, slip) = send(&stack, page(&format!("{path}/packing-slip"), &cookie)).await;
    assert!(slip.contains("26 rue Saint-Denis") && !slip.contains("Haussmann"), "{slip}");
}

#[tokio::test]
async fn repeated_wrong_tokens_pause_sign_in_from_that_place() {
    let stack = staff_stack().await;
    let from = "203.0.113.9";
    let attempt = |name: &'static str, token: &'static str, from: &'static str| {
        form("/staff/sign-in", &[("name", name), ("token", token)], None, from)
    };
    let mut statuses = Vec::new();
    for _ in 0..5 {
        statuses.push(send(&stack, attempt("bob", "guess", from)).await.0);
    }
    assert_eq!(statuses, [401, 401, 401, 401, 429].map(|s| StatusCode::from_u16(s).unwrap()));
    let (status, _, html) = send(&stack, attempt("alice", ALICE_TOKEN, from)).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "even the right token waits");
    assert!(html.contains("try again in 15 minutes"));
    assert_eq!(send(&stack, attempt("alice", ALICE_TOKEN, "198.51.100.8")).await.0, StatusCode::SEE_OTHER);
    stack.clock.advance(jiff::SignedDuration::from_mins(16));
    assert_eq!(send(&stack, attempt("alice", ALICE_TOKEN, from)).await.0, StatusCode::SEE_OTHER);
}

/// The pause is keyed on the address the platform saw, not on `X-Forwarded-For`, whose first entry
/// the client writes: a new first entry does not buy new guesses, nor does writing the shop's own
/// address pause the shop's office.
#[tokio::test]
async fn rotating_the_forwarded_for_header_neither_resets_nor_moves_the_pause() {
    let stack = staff_stack().await;
    let guess = |forwarded: String| {
        let mut request = form("/staff/sign-in", &[("name", "bob"), ("token", "guess")], None, "203.0.113.10");
        request.headers_mut().insert("x-forwarded-for", format!("{forwarded}, 203.0.113.10").parse().unwrap());
        request
    };
    let mut statuses = Vec::new();
    for n in 0..8 {
        statuses.push(send(&stack, guess(format!("10.0.0.{n}"))).await.0.as_u16());
    }
    assert_eq!(statuses, [401, 401, 401, 401, 429, 429, 429, 429]);
    // The office (another real address) named in the header by the attacker is not paused.
    let mut office = form("/staff/sign-in", &[("name", "alice"), ("token", ALICE_TOKEN)], None, "198.51.100.30");
    office.headers_mut().insert("x-forwarded-for", "203.0.113.10".parse().unwrap());
    assert_eq!(send(&stack, office).await.0, StatusCode::SEE_OTHER);
}

/// Guesses at one account from many addresses pause sign-in to that account (and to it only).
#[tokio::test]
async fn guesses_at_one_account_from_many_addresses_pause_that_account() {
    let stack = staff_stack().await;
    let mut statuses = Vec::new();
    for n in 0..21 {
        let from = format!("203.0.113.{}", 100 + n);
        let request = form("/staff/sign-in", &[("name", "Alice"), ("token", "guess")], None, &from);
        statuses.push(send(&stack, request).await.0.as_u16());
    }
    assert!(statuses[..19].iter().all(|s| *s == 401) && statuses[19..] == [429, 429], "{statuses:?}");
    let right = form("/staff/sign-in", &[("name", "alice"), ("token", ALICE_TOKEN)], None, "198.51.100.31");
    assert_eq!(send(&stack, right).await.0, StatusCode::TOO_MANY_REQUESTS, "the account waits");
    let admin = [("name", "admin"), ("token", support::ADMIN_TOKEN)];
    assert_eq!(send(&stack, form("/staff/sign-in", &admin, None, "198.51.100.31")).await.0, StatusCode::SEE_OTHER);
    // A token under 128 bits never signs in, even when an account's digest is of it.
    let weak = format!("weak:{}", hex::encode(sha2::Sha256::digest("password1")));
    let stack = Stack::with_vars(&[("STAFF_ACCOUNTS", weak.as_str())]).await;
    let request = form("/staff/sign-in", &[("name", "weak"), ("token", "password1")], None, "198.51.100.32");
    assert_eq!(send(&stack, request).await.0, StatusCode::UNAUTHORIZED);
}

/// The admin API's bearer check pauses an address's guesses after five wrong tokens, as sign-in
/// does; the right token (128 bits at least) is still admitted from there, so a stranger guessing
/// behind the office's address does not lock the shop's integrations out.
#[tokio::test]
async fn wrong_bearer_tokens_pause_the_admin_api_for_that_address() {
    let stack = staff_stack().await;
    let call = |token: &str, from: &str| {
        let peer = std::net::SocketAddr::new(from.parse().unwrap(), 40000);
        Request::get("/admin/orders?status=received")
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header("x-forwarded-for", format!("10.9.8.{}", from.len()))
            .extension(axum::extract::ConnectInfo(peer))
            .body(Body::empty())
            .unwrap()
    };
    let mut statuses = Vec::new();
    for _ in 0..6 {
        statuses.push(send(&stack, call("guess", "203.0.113.40")).await.0.as_u16());
    }
    assert_eq!(statuses, [401, 401, 401, 401, 429, 429]);
    let (_, headers, body) = send(&stack, call("guess", "203.0.113.40")).await;
    assert!(body.contains("/problems/paused") && headers.contains_key(header::RETRY_AFTER), "{body}");
    assert_eq!(send(&stack, call(support::ADMIN_TOKEN, "203.0.113.40")).await.0, StatusCode::OK);
    assert_eq!(send(&stack, call("guess", "203.0.113.41")).await.0, StatusCode::UNAUTHORIZED, "another address");
}

/// The pages in a real browser, signed in (a loopback server adds the session cookie, as the
/// browser would): phone and desktop screenshots kept in `test-artifacts/`.
#[tokio::test]
async fn the_pages_render_in_a_real_browser_on_a_phone_and_a_desktop() {
    let stack = staff_stack().await;
    let (id, _) = paid_order(&stack).await;
    let cookie = sign_in(&stack, ALICE_TOKEN).await;
    let value: http::HeaderValue = cookie.parse().unwrap();
    let router = orderflow::http::router(stack.app.clone()).layer(axum::middleware::map_request(
        move |mut request: Request<Body>| {
            let value = value.clone();
            async move {
                request.headers_mut().insert(header::COOKIE, value);
                request
            }
        },
    ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(axum::serve(listener, router).into_future());

    let dom = support::chromium(&format!("{base}/staff/orders/{id}"), &["--dump-dom".to_string()]).await;
    let dom = String::from_utf8_lossy(&dom.stdout).to_string();
    assert!(dom.contains(&format!("Order {id}")) && dom.contains("Start packing"), "{dom}");
    for (path, name) in [("/staff/orders", "staff-orders"), (&format!("/staff/orders/{id}") as &str, "staff-order")] {
        support::screenshot(&format!("{base}{path}"), &format!("{name}-phone.png")).await;
        let desktop = orderflow::local::repo_root().join("test-artifacts").join(format!("{name}-desktop.png"));
        let shot = format!("--screenshot={}", desktop.display());
        support::chromium(&format!("{base}{path}"), &[shot, "--window-size=1280,900".to_string()]).await;
        assert!(std::fs::read(&desktop).unwrap().starts_with(b"\x89PNG"));
    }
}

#[tokio::test]
async fn the_customer_card_finds_their_other_orders_by_email_and_keeps_staffs_note() {
    let stack = staff_stack().await;
    let email = format!("{}@example.net", unique("card-"));
    let mut ids = Vec::new();
    for hour in [10, 11] {
        let id = unique("C-");
        let mut body = support::unpaid_generic_order(&id, &email);
        body["customer"]["email"] = json!(email.to_uppercase());
        body["customer"]["phone"] = json!("+33 6 12 34 56 78");
        body["placed_at"] = json!(format!("2026-11-23T{hour}:00:00Z"));
        assert_eq!(stack.post_order(OrderSource::Generic, &body.to_string(), &[]).await.0, StatusCode::OK);
        stack.clock.advance(jiff::SignedDuration::from_mins(5));
        ids.push(id);
    }
    stack.drain().await;
    let cookie = sign_in(&stack, ALICE_TOKEN).await;
    let (_, _, html) = send(&stack, page("/staff/orders", &cookie)).await;
    let token = form_token(&html);

    // Found by email, typed in another case, in a post: no address in any URL.
    let search = [("q", email.as_str()), ("form_token", token.as_str())];
    let (status, headers, _) = send(&stack, form("/staff/search", &search, Some(&cookie), "198.51.100.7")).await;
    let card = headers[header::LOCATION].to_str().unwrap().to_string();
    assert_eq!((status, card.as_str()), (StatusCode::SEE_OTHER, format!("/staff/orders/{}/customer", ids[1]).as_str()));
    assert!(!card.contains('@'));
    let (_, _, html) = send(&stack, page(&card, &cookie)).await;
    assert!(ids.iter().all(|id| html.contains(id.as_str())), "both orders: {html}");
    assert!(html.contains("Order received"), "what they were sent: {html}");

    let note = [("note", "Prefers a call before noon"), ("form_token", token.as_str())];
    let (status, _, _) =
        send(&stack, form(&format!("/staff/orders/{}/customer-note", ids[0]), &note, Some(&cookie), "198.51.100.7"))
            .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, _, html) = send(&stack, page(&card, &cookie)).await;
    assert!(html.contains("Prefers a call before noon") && html.contains("alice"), "{html}");
    // Found by phone as staff write it in the shop's country, without the country code.
    let search = [("q", "06 12 34 56 78"), ("form_token", token.as_str())];
    let (status, headers, _) = send(&stack, form("/staff/search", &search, Some(&cookie), "198.51.100.7")).await;
    assert_eq!((status, headers[header::LOCATION].to_str().unwrap()), (StatusCode::SEE_OTHER, card.as_str()));
    let nothing = [("q", "nobody@example.org"), ("form_token", token.as_str())];
    assert_eq!(
        send(&stack, form("/staff/search", &nothing, Some(&cookie), "198.51.100.7")).await.0,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_list_says_what_each_order_waits_for() {
    let stack = staff_stack().await;
    let held = unique("H-");
    let mut body = support::unpaid_generic_order(&held, &format!("{held}@example.net"));
    body["shipping"]["address"]["line1"] = json!(null);
    assert_eq!(stack.post_order(OrderSource::Generic, &body.to_string(), &[]).await.0, StatusCode::OK);
    let unpaid = unique("U-");
    let body = support::unpaid_generic_order(&unpaid, &format!("{unpaid}@example.net"));
    assert_eq!(stack.post_order(OrderSource::Generic, &body.to_string(), &[]).await.0, StatusCode::OK);
    stack.clock.advance(jiff::SignedDuration::from_hours(50)); // due 72 h after intake
    let cookie = sign_in(&stack, ALICE_TOKEN).await;
    let (_, _, html) = send(&stack, page("/staff/orders?status=on_hold", &cookie)).await;
    assert!(html.contains(&held) && html.contains("Needs you: details missing"), "{html}");
    let (_, _, html) = send(&stack, page("/staff/orders?status=received", &cookie)).await;
    assert!(html.contains(&unpaid) && html.contains("Payment due") && html.contains("class=\"late\""), "{html}");
}

#[tokio::test]
async fn staff_accept_and_receive_a_return_from_the_orders_page() {
    let stack = staff_stack().await;
    // The customer asks on their page.
    let (id, token, key) = delivered_with_page(&stack).await;
    let ask = [("token", token.as_str()), ("key", key.as_str()), ("quantity-0", "1"), ("reason", "wrong_item")];
    assert_eq!(
        send(&stack, form(&format!("/track/{id}/return"), &ask, None, "198.51.100.7")).await.0,
        StatusCode::SEE_OTHER
    );

    let cookie = sign_in(&stack, ALICE_TOKEN).await;
    let (_, _, html) = send(&stack, page("/staff/orders", &cookie)).await;
    assert!(html.contains("Returns and complaints (1)"), "{html}");
    let (_, _, html) = send(&stack, page("/staff/orders?after_sales=true", &cookie)).await;
    assert!(html.contains(&id) && html.contains("Return 1 to decide"), "{html}");
    let (_, _, html) = send(&stack, page(&format!("/staff/orders/{id}"), &cookie)).await;
    assert!(
        html.contains("Return 1") && html.contains("1 × Prime Numbers Poster") && html.contains("Wrong item"),
        "{html}"
    );
    let token = form_token(&html);
    let approve =
        [("return", "1"), ("instructions", "Use the prepaid label in the box"), ("form_token", token.as_str())];
    assert_eq!(
        send(&stack, form(&format!("/staff/orders/{id}/return-approve"), &approve, Some(&cookie), "198.51.100.7"))
            .await
            .0,
        StatusCode::SEE_OTHER
    );
    let (_, _, html) = send(&stack, page(&format!("/staff/orders/{id}"), &cookie)).await;
    assert!(html.contains("id=\"return-1-received\""), "{html}");
    let received = [("return", "1"), ("form_token", token.as_str())];
    send(&stack, form(&format!("/staff/orders/{id}/return-received"), &received, Some(&cookie), "198.51.100.7")).await;
    let order = stack.order(&id).await.unwrap();
    assert!(matches!(order.after_delivery.returns[0].state, orderflow::domain::ReturnState::Received { .. }));
    assert!(order.timeline().iter().any(|e| e.event == TimelineEvent::ReturnUpdated && e.source == "staff:alice"));
}

/// Posts the order page's form for `action` with `fields` (and the page's form token); answers the
/// status and the page shown after (the order again, with an error when refused).
async fn act(stack: &Stack, cookie: &str, id: &str, action: &str, fields: &[(&str, &str)]) -> (StatusCode, String) {
    let (_, _, html) = send(stack, page(&format!("/staff/orders/{id}"), cookie)).await;
    assert!(html.contains(&format!("id=\"action-{action}\"")), "no {action} form: {html}");
    let (token, nonce) = (form_token(&html), nonce(&html));
    let mut fields = fields.to_vec();
    fields.extend([("form_token", token.as_str()), ("nonce", nonce.as_str())]);
    let path = format!("/staff/orders/{id}/{action}");
    let (status, _, html) = send(stack, form(&path, &fields, Some(cookie), "198.51.100.7")).await;
    (status, html)
}

/// The page's nonce, which its forms carry.
fn nonce(html: &str) -> String {
    let start = html.find("name=\"nonce\" value=\"").expect("a nonce") + "name=\"nonce\" value=\"".len();
    html[start..start + html[start..].find('"').unwrap()].to_string()
}

#[tokio::test]
async fn missing_stock_a_call_the_customers_choice_and_refunds_are_recorded_from_the_order_page() {
    let stack = staff_stack().await;
    let cookie = sign_in(&stack, ALICE_TOKEN).await;
    let (id, _) = paid_order(&stack).await;
    let (_, _, html) = send(&stack, page(&format!("/staff/orders/{id}"), &cookie)).await;
    for action in ["ship", "ready-for-pickup", "out-of-stock", "call", "refund", "cancel"] {
        assert!(html.contains(&format!("id=\"action-{action}\"")), "{action}: {html}");
    }
    assert!(!html.contains("id=\"action-stock-choice\""), "no question open yet");

    let missing = [
        ("items", "PRIME-01"),
        ("offer", "wait"),
        ("offer", "cancel_missing"),
        ("offer", "cancel"),
        ("default", "wait"),
        ("expected_on", "2027-02-01"),
        ("answer_within_hours", "24"),
    ];
    assert_eq!(act(&stack, &cookie, &id, "out-of-stock", &missing).await.0, StatusCode::SEE_OTHER);
    let order = stack.order(&id).await.unwrap();
    let issue = order.stock_issue.as_ref().expect("the question is open");
    use orderflow::domain::StockOption as O;
    assert_eq!((issue.offer.as_slice(), issue.default), ([O::Wait, O::CancelMissing, O::Cancel].as_slice(), O::Wait));
    assert_eq!(issue.expected_on, Some(jiff::civil::date(2027, 2, 1)));
    assert_eq!(issue.decide_by, stack.clock.now() + jiff::SignedDuration::from_hours(24));

    let call = [("outcome", "no_answer"), ("note", "rang at noon")];
    assert_eq!(act(&stack, &cookie, &id, "call", &call).await.0, StatusCode::SEE_OTHER);
    let (_, html) = act(&stack, &cookie, &id, "stock-choice", &[("choice", "wait")]).await;
    assert!(html.is_empty() || !html.contains("role=\"alert\""), "{html}");
    let order = stack.order(&id).await.unwrap();
    let decision = order.stock_issue.as_ref().and_then(|i| i.decision).expect("decided");
    assert_eq!((decision.choice, decision.by), (O::Wait, orderflow::domain::Decider::Staff));
    assert!(order.timeline().iter().any(|e| e.event == TimelineEvent::CallAttempt && e.source == "staff:alice"));

    // A double click on one form is one refund; the same refund sent again from the page shown
    // after it is a second one, and so is another amount. A second call is a second call.
    let (_, _, html) = send(&stack, page(&format!("/staff/orders/{id}"), &cookie)).await;
    let (token, nonce) = (form_token(&html), nonce(&html));
    let first = [("amount", "5.00"), ("note", "bank transfer"), ("form_token", &token), ("nonce", &nonce)];
    for _ in 0..2 {
        let path = format!("/staff/orders/{id}/refund");
        assert_eq!(send(&stack, form(&path, &first, Some(&cookie), "198.51.100.7")).await.0, StatusCode::SEE_OTHER);
    }
    assert_eq!(stack.order(&id).await.unwrap().payment.refunded_minor(), 500, "a double click");
    assert_eq!(act(&stack, &cookie, &id, "refund", &first[..2]).await.0, StatusCode::SEE_OTHER);
    assert_eq!(act(&stack, &cookie, &id, "refund", &[("amount", "2.00")]).await.0, StatusCode::SEE_OTHER);
    assert_eq!(stack.order(&id).await.unwrap().payment.refunded_minor(), 1200);
    assert_eq!(act(&stack, &cookie, &id, "call", &call).await.0, StatusCode::SEE_OTHER);
    let calls =
        stack.order(&id).await.unwrap().timeline().iter().filter(|e| e.event == TimelineEvent::CallAttempt).count();
    assert_eq!(calls, 2);
    let (status, html) = act(&stack, &cookie, &id, "refund", &[("amount", "100.00")]).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(html.contains("more than was paid"), "{html}");
}

#[tokio::test]
async fn an_unpaid_order_is_made_ready_for_pickup_only_on_staffs_word() {
    let stack = staff_stack().await;
    let cookie = sign_in(&stack, ALICE_TOKEN).await;
    let id = unique("S-");
    let body = support::unpaid_generic_order(&id, &format!("{id}@example.net"));
    assert_eq!(stack.post_order(OrderSource::Generic, &body.to_string(), &[]).await.0, StatusCode::OK);
    let place = [("place", "Shop counter, 12 Main Street"), ("opening_hours", "Mon-Sat 9-18")];
    let (status, html) = act(&stack, &cookie, &id, "ready-for-pickup", &place).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(html.contains("not paid"), "{html}");
    assert_eq!(stack.order(&id).await.unwrap().status, FulfilmentStatus::Received);
    // Collected at the counter without being made ready: refused the same way on the API.
    let (status, _, problem) = stack.admin(&format!("/admin/orders/{id}/collected"), None).await;
    assert_eq!((status, problem["type"].as_str()), (StatusCode::CONFLICT, Some("/problems/payment-required")));

    let anyway = [place[0], place[1], ("unpaid", "yes")];
    assert_eq!(act(&stack, &cookie, &id, "ready-for-pickup", &anyway).await.0, StatusCode::SEE_OTHER);
    let order = stack.order(&id).await.unwrap();
    assert_eq!(order.status, FulfilmentStatus::AvailableForPickup);
    assert_eq!(order.shipment.pickup_location.as_deref(), Some("Shop counter, 12 Main Street"));
    assert!(order.timeline().iter().any(|e| e.event == TimelineEvent::ShippedUnpaid && e.source == "staff:alice"));

    // Never collected, and cancelled: it never left the shop, so nothing is asked back.
    let cancel = [("cause", "customer")];
    assert_eq!(act(&stack, &cookie, &id, "cancel", &cancel).await.0, StatusCode::SEE_OTHER);
    let order = stack.order(&id).await.unwrap();
    assert_eq!((order.status, order.after_delivery.returns.len()), (FulfilmentStatus::Cancelled, 0));
}

#[tokio::test]
async fn a_complaint_is_settled_from_the_order_page_with_the_replacements_tracking_number() {
    let stack = staff_stack().await;
    let (id, token, key) = delivered_with_page(&stack).await;
    let report =
        [("token", token.as_str()), ("key", key.as_str()), ("kind", "defect"), ("description", "Torn in the corner")];
    let path = format!("/track/{id}/complaint");
    assert_eq!(send(&stack, form(&path, &report, None, "198.51.100.7")).await.0, StatusCode::SEE_OTHER);

    let cookie = sign_in(&stack, ALICE_TOKEN).await;
    let (_, _, html) = send(&stack, page(&format!("/staff/orders/{id}"), &cookie)).await;
    assert!(html.contains("id=\"complaint-1-resolve\"") && html.contains("Torn in the corner"), "{html}");
    let tracking = unique("1ZR");
    let resolve = [
        ("complaint", "1"),
        ("resolution", "replacement"),
        ("note", "A new poster leaves today"),
        ("carrier", "UPS"),
        ("tracking_number", tracking.as_str()),
        ("form_token", form_token(&html).leak()),
    ];
    let (status, _, html) =
        send(&stack, form(&format!("/staff/orders/{id}/complaint-resolve"), &resolve, Some(&cookie), "198.51.100.7"))
            .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{html}");
    let order = stack.order(&id).await.unwrap();
    let resolved = order.after_delivery.complaints[0].resolved.as_ref().expect("settled");
    assert_eq!(resolved.resolution, orderflow::domain::Resolution::Replacement);
    assert_eq!(resolved.replacement.as_ref().map(|r| r.tracking_number.as_str()), Some(tracking.as_str()));
    assert!(order.timeline().iter().any(|e| e.event == TimelineEvent::ComplaintResolved && e.source == "staff:alice"));
    let (_, _, html) = send(&stack, page(&format!("/staff/orders/{id}"), &cookie)).await;
    assert!(!html.contains("id=\"complaint-1-resolve\""), "settled: no form any more");
}

#[tokio::test]
async fn the_history_and_the_messages_are_in_the_shops_language() {
    let accounts = format!("alice:{}", hex::encode(sha2::Sha256::digest(ALICE_TOKEN)));
    let stack = Stack::with_vars(&[("STAFF_ACCOUNTS", accounts.as_str()), ("SHOP_LOCALE", "fr")]).await;
    let (id, _) = paid_order(&stack).await;
    let cookie = sign_in(&stack, ALICE_TOKEN).await;
    let call = [("outcome", "no_answer")];
    assert_eq!(act(&stack, &cookie, &id, "call", &call).await.0, StatusCode::SEE_OTHER);
    let tracking = unique("1Z");
    let ship = json!({ "carrier": "UPS", "tracking_number": tracking });
    assert_eq!(stack.admin(&format!("/admin/orders/{id}/ship"), Some(ship)).await.0, StatusCode::OK);
    let update = json!({ "event_id": unique("t-"), "tracking_number": tracking, "status": "in_transit",
                         "occurred_at": stack.clock.now().to_string() });
    stack.post_tracking(orderflow::domain::CarrierProvider::Generic, &update.to_string()).await;
    let (_, _, html) = send(&stack, page(&format!("/staff/orders/{id}"), &cookie)).await;
    let history = &html[html.find("id=\"timeline\"").unwrap()..];
    for words in ["Commande reçue", "Appel", "Expédiée", "Transporteur"] {
        assert!(history.contains(words), "{words}: {history}");
    }
    assert!(!history.contains("call_attempt") && !history.contains("call attempt"), "{history}");
    let messages = &html[html.find("id=\"messages\"").unwrap()..html.find("id=\"timeline\"").unwrap()];
    assert!(messages.contains("Nouvelle commande") && messages.contains("à la boutique"), "{messages}");
    assert!(messages.contains("au client") && !messages.contains("new_order"), "{messages}");
    // Why an action is refused, in the shop's language too; nothing changes.
    let version = stack.order(&id).await.unwrap().version();
    let (status, refused) = act(&stack, &cookie, &id, "delay", &[("until", "2020-01-06")]).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(refused.contains("Le 2020-01-06 est passé"), "{refused}");
    assert_eq!(stack.order(&id).await.unwrap().version(), version);
}

#[tokio::test]
async fn staff_run_their_day_in_a_real_browser() {
    let stack = staff_stack().await;
    let (id, email) = paid_order(&stack).await;
    let (other, _) = paid_order(&stack).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(axum::serve(listener, orderflow::http::router(stack.app.clone())).into_future());
    let mut browser = support::browser::Browser::start(412, 915).await;

    // A wrong token is refused; the right one opens the orders.
    browser.open(&format!("{base}/staff")).await;
    assert!(browser.url().await.ends_with("/staff/sign-in"), "signed out: the sign-in page");
    browser.submit("form", &[("name", "alice"), ("token", "not-a-staff-token")]).await;
    assert!(browser.text().await.contains("do not match an account"), "{}", browser.text().await);
    browser.submit("form", &[("name", "alice"), ("token", ALICE_TOKEN)]).await;
    assert!(browser.url().await.ends_with("/staff/orders"), "{}", browser.url().await);
    browser.expect("form[role=search]").await;
    browser.screenshot("staff-orders-browser-phone.png").await;

    // Found by its number, shipped with a tracking number.
    browser.submit("form[role=search]", &[("q", &format!("#{id}"))]).await;
    assert!(browser.url().await.ends_with(&format!("/staff/orders/{id}")), "{}", browser.url().await);
    browser.expect("#action-ship input[name=tracking_number]").await;
    let tracking = unique("1Z");
    browser.submit("#action-ship", &[("carrier", "UPS"), ("tracking_number", &tracking)]).await;
    let shown = browser.text().await;
    assert!(shown.contains("Shipped") && !shown.contains("Start packing"), "{shown}");
    assert_eq!(
        stack.order(&id).await.unwrap().shipment.tracking_number.as_ref().map(|n| n.as_str()),
        Some(tracking.as_str())
    );

    // The papers: a packing slip without prices, an invoice with the seller and the total.
    browser.click("#slip").await;
    let slip = browser.text().await;
    assert!(slip.contains("PRIME-01") && slip.contains("26 rue Saint-Denis") && !slip.contains("19.00"), "{slip}");
    browser.open(&format!("{base}/staff/orders/{id}")).await;
    browser.click("#invoice").await;
    let invoice = browser.text().await;
    assert!(
        invoice.contains("Test Shop Ltd") && invoice.contains("GB123456789") && invoice.contains("25.50"),
        "{invoice}"
    );

    // The customer card.
    browser.open(&format!("{base}/staff/orders/{id}")).await;
    browser.expect("#customer-card").await;
    browser.click("#customer-card").await;
    assert!(browser.text().await.contains(&email), "{}", browser.text().await);

    // Another order cancelled with a cause.
    browser.open(&format!("{base}/staff/orders/{other}")).await;
    browser.submit("#action-cancel", &[("cause", "fraud"), ("note", "Card reported stolen")]).await;
    let cancelled = stack.order(&other).await.unwrap();
    assert_eq!(
        (cancelled.status, cancelled.cancellation.unwrap().cause),
        (FulfilmentStatus::Cancelled, CancelCause::Fraud)
    );

    // A form that lost its form token is refused, and changes nothing.
    browser.open(&format!("{base}/staff/orders/{id}")).await;
    browser.eval("document.querySelector('#action-deliver input[name=form_token]').remove()").await;
    browser.submit("#action-deliver", &[]).await;
    assert!(browser.text().await.contains("Not accepted"), "{}", browser.text().await);
    assert_eq!(stack.order(&id).await.unwrap().status, FulfilmentStatus::Shipped);

    // Nine hours later the session has ended.
    stack.clock.advance(jiff::SignedDuration::from_hours(9));
    browser.open(&format!("{base}/staff/orders/{id}")).await;
    assert!(browser.url().await.ends_with("/staff/sign-in"), "{}", browser.url().await);

    // The customer heard once that it shipped.
    stack.drain().await;
    let shipped = stack.emails_to(&email).await;
    let shipped = shipped.iter().filter(|m| m["subject"].as_str().unwrap().contains("on its way")).count();
    assert_eq!(shipped, 1);
}

/// The forms for money that arrives outside the providers, a call-back time and a lost parcel sent
/// again, filled in a real browser: each does what the API's action does.
#[tokio::test]
async fn staff_record_a_transfer_a_call_back_and_a_parcel_sent_again_in_a_real_browser() {
    let stack = staff_stack().await;
    let id = unique("B-");
    let email = format!("{id}@example.net");
    let body = support::unpaid_generic_order(&id, &email);
    assert_eq!(stack.post_order(OrderSource::Generic, &body.to_string(), &[]).await.0, StatusCode::OK);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(axum::serve(listener, orderflow::http::router(stack.app.clone())).into_future());
    let mut browser = support::browser::Browser::start(1280, 900).await;
    browser.open(&format!("{base}/staff/sign-in")).await;
    browser.submit("form", &[("name", "alice"), ("token", ALICE_TOKEN)]).await;
    let page = format!("{base}/staff/orders/{id}");

    // No answer; staff will call again tomorrow at ten, shop time (UTC here).
    browser.open(&page).await;
    let fields = [("outcome", "no_answer"), ("next_call_at", "2026-11-24T10:00"), ("note", "voicemail")];
    browser.submit("#action-call", &fields).await;
    let order = stack.order(&id).await.unwrap();
    assert_eq!(order.customer.calls.next_at.map(|t| t.to_string()).as_deref(), Some("2026-11-24T10:00:00Z"));

    // The bank transfer arrives: the form offers what is owed.
    browser.open(&page).await;
    let owed = browser.eval("document.querySelector('#received-amount').value").await;
    assert_eq!(owed, "25.50");
    let fields = [("method", "bank_transfer"), ("reference", "ORDER B"), ("received_on", "2026-11-23")];
    browser.submit("#action-payment-received", &fields).await;
    let order = stack.order(&id).await.unwrap();
    assert_eq!((order.payment.status.as_str(), order.payment.received_minor()), ("paid", 2550));
    assert!(!browser.text().await.contains("Record a payment received"), "nothing more is owed");

    // Shipped, lost by the carrier, sent again from the page with the cost of the first parcel.
    browser.submit("#action-ship", &[("carrier", "UPS"), ("tracking_number", "1ZLOST1")]).await;
    let lost = json!({ "event_id": unique("lost-"), "tracking_number": "1ZLOST1", "status": "lost",
                       "occurred_at": stack.clock.now().to_string() });
    assert_eq!(stack.post_tracking(CarrierProvider::Generic, &lost.to_string()).await.0, StatusCode::OK);
    browser.open(&page).await;
    let fields = [("carrier", "DPD"), ("tracking_number", "01505AGAIN"), ("cost", "7.90")];
    browser.submit("#action-send-again", &fields).await;
    let order = stack.order(&id).await.unwrap();
    assert_eq!(
        (order.status, order.shipment.tracking_number.as_ref().map(|n| n.as_str())),
        (FulfilmentStatus::Shipped, Some("01505AGAIN"))
    );
    let shown = browser.text().await;
    assert!(shown.contains("Sent again") && shown.contains("cost: 7.90"), "{shown}");
    // Delivered by the carrier; the customer heard of the payment, the first parcel and the second.
    stack.drain().await;
    let subjects = stack.subjects_to(&email).await;
    for step in ["Payment received", "on its way", "sent it again"] {
        assert_eq!(support::count(&subjects, step), 1, "{step}: {subjects:?}");
    }
}

const BOB_TOKEN: &str = "bob-token-7c2e9a4f-1b8d5e3a6c";
const VERA_TOKEN: &str = "vera-token-5a1c8e3b-9d2f7a4e6b";

/// A stack with an owner (alice), a member of staff (bob) and a viewer (vera).
async fn roles_stack() -> Stack {
    let digest = |token: &str| hex::encode(sha2::Sha256::digest(token));
    let accounts =
        format!("alice:{}:owner,bob:{},vera:{}:viewer", digest(ALICE_TOKEN), digest(BOB_TOKEN), digest(VERA_TOKEN));
    Stack::with_vars(&[("STAFF_ACCOUNTS", accounts.as_str())]).await
}

async fn sign_in_as(stack: &Stack, name: &str, token: &str) -> String {
    let (status, headers, html) =
        send(stack, form("/staff/sign-in", &[("name", name), ("token", token)], None, "198.51.100.9")).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{html}");
    headers[header::SET_COOKIE].to_str().unwrap().split(';').next().unwrap().to_string()
}

/// An API call as an account (`Basic name:token`).
async fn api_as(
    stack: &Stack,
    name: &str,
    token: &str,
    path: &str,
    body: Option<serde_json::Value>,
) -> (StatusCode, serde_json::Value) {
    use base64::Engine as _;
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("{name}:{token}"));
    let request = match body {
        Some(body) => Request::post(path).header("content-type", "application/json").body(Body::from(body.to_string())),
        None => Request::get(path).body(Body::empty()),
    };
    let mut request = request.unwrap();
    request.headers_mut().insert(header::AUTHORIZATION, format!("Basic {basic}").parse().unwrap());
    let (status, _, json) = stack.request(request).await;
    (status, json)
}

#[tokio::test]
async fn only_the_owner_refunds_through_the_api_and_the_page_and_every_action_and_card_view_is_audited() {
    let stack = roles_stack().await;
    let (id, _) = paid_order(&stack).await;
    let refund = json!({ "amount": "5.00", "note": "goodwill" });

    // A member of staff: 403 with the role needed, on the API and the page, and nothing written.
    let (status, problem) =
        api_as(&stack, "bob", BOB_TOKEN, &format!("/admin/orders/{id}/refund"), Some(refund.clone())).await;
    assert_eq!(
        (status, problem["type"].as_str(), problem["role"].as_str()),
        (StatusCode::FORBIDDEN, Some("/problems/role-required"), Some("owner")),
        "{problem}"
    );
    let bob = sign_in_as(&stack, "bob", BOB_TOKEN).await;
    let (_, _, html) = send(&stack, page(&format!("/staff/orders/{id}"), &bob)).await;
    assert!(
        html.contains("id=\"action-ship\"") && !html.contains("id=\"action-refund\""),
        "staff ship, never refund: {html}"
    );
    assert!(!html.contains("name=\"ship_unpaid\""), "shipping unpaid is the owner's: {html}");
    let (token, nonce) = (form_token(&html), nonce(&html));
    let fields = [("amount", "5.00"), ("form_token", token.as_str()), ("nonce", nonce.as_str())];
    let (status, _, html) =
        send(&stack, form(&format!("/staff/orders/{id}/refund"), &fields, Some(&bob), "198.51.100.9")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(html.contains("This needs the owner role"), "{html}");
    assert_eq!(stack.order(&id).await.unwrap().payment.refunded_minor(), 0, "nothing refunded");
    // Staff do their work: a call is theirs to record.
    let call = json!({ "outcome": "no_answer" });
    assert_eq!(
        api_as(&stack, "bob", BOB_TOKEN, &format!("/admin/orders/{id}/call"), Some(call)).await.0,
        StatusCode::OK
    );
    let (status, html) = (send(&stack, page(&format!("/staff/orders/{id}/customer"), &bob)).await.0, ());
    assert_eq!((status, html), (StatusCode::OK, ()));

    // A viewer reads but acts on nothing: no forms, and a post is refused.
    let vera = sign_in_as(&stack, "vera", VERA_TOKEN).await;
    let (status, _, html) = send(&stack, page(&format!("/staff/orders/{id}"), &vera)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains("id=\"action-"), "no action offered to a viewer: {html}");
    let confirm = json!({});
    assert_eq!(
        api_as(&stack, "vera", VERA_TOKEN, &format!("/admin/orders/{id}/confirm"), Some(confirm)).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(send(&stack, page(&format!("/staff/orders/{id}/customer"), &vera)).await.0, StatusCode::FORBIDDEN);

    // The owner refunds, on the page and through the API.
    let (status, body) =
        api_as(&stack, "alice", ALICE_TOKEN, &format!("/admin/orders/{id}/refund"), Some(refund)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let alice = sign_in_as(&stack, "alice", ALICE_TOKEN).await;
    assert_eq!(act(&stack, &alice, &id, "refund", &[("amount", "2.00")]).await.0, StatusCode::SEE_OTHER);
    let order = stack.order(&id).await.unwrap();
    assert_eq!(order.payment.refunded_minor(), 700);
    assert!(order.timeline().iter().any(|e| e.source == "staff:alice"), "the timeline names who refunded");

    // Cancelling by another name is a cancel: staff may not take the customer's "cancel" for them,
    // nor make cancelling the default, nor let goods go first by changing how it is paid.
    let missing = json!({ "items": ["PRIME-01"], "offer": ["wait", "cancel"], "default": "wait" });
    assert_eq!(
        api_as(&stack, "bob", BOB_TOKEN, &format!("/admin/orders/{id}/out-of-stock"), Some(missing)).await.0,
        StatusCode::OK
    );
    let cancel = json!({ "choice": "cancel" });
    let (status, problem) =
        api_as(&stack, "bob", BOB_TOKEN, &format!("/admin/orders/{id}/stock-choice"), Some(cancel)).await;
    assert_eq!((status, problem["role"].as_str()), (StatusCode::FORBIDDEN, Some("owner")), "{problem}");
    let (_, _, html) = send(&stack, page(&format!("/staff/orders/{id}"), &bob)).await;
    assert!(html.contains("id=\"action-stock-choice\"") && !html.contains("<option value=\"cancel\">"), "{html}");
    let cod = json!({ "payment": { "method": "cash_on_delivery" } });
    assert_eq!(
        api_as(&stack, "bob", BOB_TOKEN, &format!("/admin/orders/{id}/update"), Some(cod)).await.0,
        StatusCode::FORBIDDEN
    );
    assert!(stack.order(&id).await.unwrap().cancellation.is_none(), "still going");

    // The audit trail: the owner's alone, with everyone's actions, refusals and card views.
    assert_eq!(api_as(&stack, "bob", BOB_TOKEN, "/admin/audit", None).await.0, StatusCode::FORBIDDEN);
    let (status, trail) = api_as(&stack, "alice", ALICE_TOKEN, "/admin/audit", None).await;
    assert_eq!(status, StatusCode::OK, "{trail}");
    let lines: Vec<(String, String, String, String)> = trail["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let s = |k: &str| e[k].as_str().unwrap().to_string();
            (s("account"), s("what"), s("via"), s("outcome"))
        })
        .collect();
    let has = |account: &str, what: &str, via: &str, outcome: &str| {
        lines.iter().any(|l| l == &(account.to_string(), what.to_string(), via.to_string(), outcome.to_string()))
    };
    assert!(has("bob", "refund", "api", "refused") && has("bob", "refund", "page", "refused"), "{lines:?}");
    assert!(has("bob", "call", "api", "done") && has("bob", "customer-card", "page", "done"), "{lines:?}");
    assert!(has("vera", "confirm", "api", "refused"), "{lines:?}");
    assert!(has("alice", "refund", "api", "done") && has("alice", "refund", "page", "done"), "{lines:?}");
    let card = trail["entries"].as_array().unwrap().iter().find(|e| e["what"] == "customer-card").unwrap();
    assert!(
        card["subject"].as_str().unwrap().starts_with("customer-of:") && !trail.to_string().contains("@example.net"),
        "no contact detail on the trail: {trail}"
    );
    let (status, _, html) = send(&stack, page("/staff/audit", &alice)).await;
    assert!(status == StatusCode::OK && html.contains("customer-card") && html.contains("refused"), "{html}");
    assert_eq!(send(&stack, page("/staff/audit", &bob)).await.0, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_session_copied_before_sign_out_everywhere_is_refused_after_it() {
    let stack = roles_stack().await;
    let (laptop, phone) =
        (sign_in_as(&stack, "alice", ALICE_TOKEN).await, sign_in_as(&stack, "alice", ALICE_TOKEN).await);
    let copied = phone.clone();
    assert_eq!(send(&stack, page("/staff/orders", &copied)).await.0, StatusCode::OK);
    let (_, _, html) = send(&stack, page("/staff/orders", &laptop)).await;
    assert!(html.contains("id=\"sign-out-everywhere\""), "{html}");
    let token = form_token(&html);
    let (status, headers, _) =
        send(&stack, form("/staff/sign-out-everywhere", &[("form_token", &token)], Some(&laptop), "198.51.100.9"))
            .await;
    assert_eq!((status, headers[header::LOCATION].to_str().unwrap()), (StatusCode::SEE_OTHER, "/staff/sign-in"));
    for cookie in [&laptop, &phone, &copied] {
        let (status, headers, _) = send(&stack, page("/staff/orders", cookie)).await;
        assert_eq!((status, headers[header::LOCATION].to_str().unwrap()), (StatusCode::SEE_OTHER, "/staff/sign-in"));
    }
    // Signing in again works; other accounts were never touched.
    let again = sign_in_as(&stack, "alice", ALICE_TOKEN).await;
    let bob = sign_in_as(&stack, "bob", BOB_TOKEN).await;
    assert_eq!(send(&stack, page("/staff/orders", &again)).await.0, StatusCode::OK);
    // The owner ends bob's sessions through the API (a lost phone); bob may not end alice's.
    let path = "/admin/staff/alice/sign-out";
    assert_eq!(api_as(&stack, "bob", BOB_TOKEN, path, Some(json!({}))).await.0, StatusCode::FORBIDDEN);
    assert_eq!(send(&stack, page("/staff/orders", &again)).await.0, StatusCode::OK);
    let (status, body) = api_as(&stack, "alice", ALICE_TOKEN, "/admin/staff/bob/sign-out", Some(json!({}))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(send(&stack, page("/staff/orders", &bob)).await.0, StatusCode::SEE_OTHER);
    assert_eq!(send(&stack, page("/staff/orders", &again)).await.0, StatusCode::OK);
}

/// Every item of the stack's table, as text.
async fn whole_table(stack: &Stack) -> String {
    let mut text = String::new();
    let mut start = None;
    loop {
        let output = stack
            .dynamodb
            .scan()
            .table_name(&stack.settings.table_name)
            .set_exclusive_start_key(start)
            .send()
            .await
            .unwrap();
        for item in output.items() {
            text.push_str(&format!("{item:?}\n"));
        }
        start = output.last_evaluated_key().cloned();
        if start.is_none() {
            return text;
        }
    }
}

#[tokio::test]
async fn the_owner_erases_a_customer_with_three_orders_and_nothing_of_them_is_left_but_the_accounts() {
    let stack = roles_stack().await;
    let tag = unique("erase");
    let (name, email, phone) = (format!("Ada {tag}"), format!("{tag}@example.net"), "+33612345678".to_string());
    let street = format!("{tag} rue Saint-Denis");
    let mut ids = Vec::new();
    for n in 0..3 {
        let id = unique("ER-");
        let mut body = support::unpaid_generic_order(&id, &email);
        body["customer"]["name"] = json!(name);
        body["customer"]["phone"] = json!(phone);
        body["customer"]["billing_address"]["recipient"] = json!(name);
        body["shipping"]["address"]["recipient"] = json!(name);
        body["shipping"]["address"]["line1"] = json!(street);
        body["note"] = json!(format!("please ring {name}"));
        if n == 1 {
            body["payment"] = json!({ "method": "prepaid", "status": "paid" });
        }
        assert_eq!(stack.post_order(OrderSource::Generic, &body.to_string(), &[]).await.0, StatusCode::OK);
        ids.push(id);
    }
    stack.drain().await;
    // Staff's words about them: a call's note, and their note on the customer's card.
    let call = json!({ "outcome": "reached", "note": format!("{name} asked for a blue box") });
    assert_eq!(stack.admin(&format!("/admin/orders/{}/call", ids[0]), Some(call)).await.0, StatusCode::OK);
    let alice = sign_in_as(&stack, "alice", ALICE_TOKEN).await;
    let (_, _, card) = send(&stack, page(&format!("/staff/orders/{}/customer", ids[0]), &alice)).await;
    assert!(card.contains(&ids[1]) && card.contains(&ids[2]), "the card lists their three orders");
    let token = form_token(&card);
    let note = [("form_token", token.as_str()), ("note", "regular, prefers mornings")];
    let path = format!("/staff/orders/{}/customer-note", ids[0]);
    assert_eq!(send(&stack, form(&path, &note, Some(&alice), "198.51.100.9")).await.0, StatusCode::SEE_OTHER);
    let before: Vec<_> = futures::future::join_all(ids.iter().map(|id| stack.order(id))).await;
    assert!(whole_table(&stack).await.contains(&email), "the table holds them before");

    // A member of staff may not; the owner, on the card, once confirmed.
    let bob = sign_in_as(&stack, "bob", BOB_TOKEN).await;
    let (_, _, card) = send(&stack, page(&format!("/staff/orders/{}/customer", ids[0]), &bob)).await;
    assert!(!card.contains("customer-erase"), "not offered to staff");
    let erase = format!("/staff/orders/{}/customer-erase", ids[0]);
    let token = form_token(&card);
    let fields = [("form_token", token.as_str()), ("confirm", "erase")];
    assert_eq!(send(&stack, form(&erase, &fields, Some(&bob), "198.51.100.9")).await.0, StatusCode::FORBIDDEN);
    assert!(whole_table(&stack).await.contains(&email), "nothing erased by staff");
    let (_, _, card) = send(&stack, page(&format!("/staff/orders/{}/customer", ids[0]), &alice)).await;
    assert!(card.contains("id=\"customer-erase\""), "{card}");
    let token = form_token(&card);
    let unconfirmed = [("form_token", token.as_str()), ("confirm", "")];
    assert_eq!(send(&stack, form(&erase, &unconfirmed, Some(&alice), "198.51.100.9")).await.0, StatusCode::BAD_REQUEST);
    let fields = [("form_token", token.as_str()), ("confirm", "erase")];
    assert_eq!(send(&stack, form(&erase, &fields, Some(&alice), "198.51.100.9")).await.0, StatusCode::SEE_OTHER);

    // Nothing of them anywhere in the table: not their name, email, phone, street nor staff's words.
    let table = whole_table(&stack).await;
    for needle in
        [name.as_str(), email.as_str(), phone.as_str(), "612345678", street.as_str(), "blue box", "prefers mornings"]
    {
        assert!(!table.contains(needle), "{needle} is still in the table");
    }
    // The accounts are whole: ids, numbers, amounts, payments, statuses and dates.
    for (id, before) in ids.iter().zip(before) {
        let (before, after) = (before.unwrap(), stack.order(id).await.unwrap());
        assert_eq!(
            (&after.id, &after.number, after.totals, after.placed_at),
            (&before.id, &before.number, before.totals, before.placed_at)
        );
        assert_eq!(
            (after.payment.received_minor(), after.payment.status, after.status),
            (before.payment.received_minor(), before.payment.status, before.status)
        );
        assert_eq!(after.items, before.items);
        assert_eq!(after.customer.name.as_ref().map(|n| n.expose().as_str()), Some("[erased]"));
        assert!(after.timeline().iter().any(|e| e.event == TimelineEvent::PersonalDataErased));
    }
    let customer = orderflow::store::Pointer::customer(&email);
    assert!(orderflow::store::Pointers::pointed_orders(&stack.app.store, &customer).await.unwrap().is_empty());
    let (status, trail) = api_as(&stack, "alice", ALICE_TOKEN, "/admin/audit", None).await;
    assert_eq!(status, StatusCode::OK);
    let erases: Vec<_> = trail["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["what"] == "erase")
        .map(|e| (e["account"].as_str(), e["outcome"].as_str()))
        .collect();
    assert!(
        erases.contains(&(Some("alice"), Some("done"))) && erases.contains(&(Some("bob"), Some("refused"))),
        "{erases:?}"
    );
}

#[tokio::test]
async fn an_archived_order_keeps_its_customer_for_the_retention_period_then_the_sweep_erases_them() {
    let stack = Stack::with_vars(&[("RETENTION_DAYS", "30"), ("ARCHIVE_HOURS", "24"), ("FOLLOW_UP_HOURS", "1")]).await;
    let id = unique("RT-");
    let email = format!("{id}@example.net");
    let body = support::unpaid_generic_order(&id, &email);
    assert_eq!(stack.post_order(OrderSource::Generic, &body.to_string(), &[]).await.0, StatusCode::OK);
    let ship = json!({ "carrier": "UPS", "tracking_number": unique("1Z"), "ship_unpaid": true });
    assert_eq!(stack.admin(&format!("/admin/orders/{id}/ship"), Some(ship)).await.0, StatusCode::OK);
    assert_eq!(stack.admin(&format!("/admin/orders/{id}/deliver"), None).await.0, StatusCode::OK);
    let start = stack.clock.now();
    stack.clock.set(start + jiff::SignedDuration::from_hours(25));
    orderflow::app::sweep(&stack.app).await.unwrap();
    let archived = stack.order(&id).await.unwrap();
    assert_eq!(archived.status, FulfilmentStatus::Archived);
    assert!(archived.customer.email.is_some(), "kept while the retention period runs");
    stack.clock.set(start + jiff::SignedDuration::from_hours(25 + 29 * 24));
    orderflow::app::sweep(&stack.app).await.unwrap();
    assert!(stack.order(&id).await.unwrap().customer.email.is_some(), "not before its time");
    stack.clock.set(start + jiff::SignedDuration::from_hours(26 + 30 * 24));
    orderflow::app::sweep(&stack.app).await.unwrap();
    let erased = stack.order(&id).await.unwrap();
    assert!(
        erased.customer.email.is_none() && erased.shipping.address.is_none() && erased.customer.erased_at.is_some()
    );
    assert_eq!(erased.totals, archived.totals);
    assert!(!whole_table(&stack).await.contains(&email), "nothing of the customer is left");
}
