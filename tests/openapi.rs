//! `docs/openapi.yaml` against what is deployed and served: every API route of the template is in
//! it and the router answers every path it describes; the samples' bodies and the answers recorded
//! from the real handlers validate against its schemas (with the project venv's `jsonschema`).

mod support;

use axum::body::Body;
use http::{Request, StatusCode};
use orderflow::domain::OrderSource;
use serde_json::{Value, json};
use std::collections::BTreeSet;
use support::{ADMIN_TOKEN, Stack, sample_body, unique};
use tower::ServiceExt;

fn yaml(path: &str) -> serde_yaml::Value {
    serde_yaml::from_str(&std::fs::read_to_string(orderflow::local::repo_root().join(path)).unwrap()).unwrap()
}

/// `(METHOD, path)` of every HTTP API route in the template (the staff pages are HTML, in the README),
/// an added shop's (`/s/{shop}/…`, the same routes under the shop's path) as the default shop's.
fn template_routes() -> BTreeSet<(String, String)> {
    let (default, shops): (BTreeSet<_>, BTreeSet<_>) =
        deployed_routes().into_iter().partition(|(_, path)| !path.starts_with("/s/{shop}/"));
    let shops: BTreeSet<_> =
        shops.into_iter().map(|(method, path)| (method, path.replacen("/s/{shop}", "", 1))).collect();
    assert_eq!(default, shops, "every route of the default shop's is an added shop's too");
    default
}

fn deployed_routes() -> BTreeSet<(String, String)> {
    let template = yaml("infra/template.yaml");
    let mut routes = BTreeSet::new();
    for (_, resource) in template["Resources"].as_mapping().unwrap() {
        let Some(events) = resource["Properties"]["Events"].as_mapping() else { continue };
        for (_, event) in events {
            if event["Type"].as_str() == Some("HttpApi") {
                let path = event["Properties"]["Path"].as_str().unwrap().to_string();
                let method = event["Properties"]["Method"].as_str().unwrap().to_uppercase();
                if !path.replacen("/s/{shop}", "", 1).starts_with("/staff") {
                    routes.insert((method, path));
                }
            }
        }
    }
    routes
}

fn documented_routes() -> BTreeSet<(String, String)> {
    let doc = yaml("docs/openapi.yaml");
    let mut routes = BTreeSet::new();
    for (path, operations) in doc["paths"].as_mapping().unwrap() {
        for (method, _) in operations.as_mapping().unwrap() {
            routes.insert((method.as_str().unwrap().to_uppercase(), path.as_str().unwrap().to_string()));
        }
    }
    routes
}

#[test]
fn every_deployed_route_is_described_and_nothing_else() {
    assert_eq!(template_routes(), documented_routes());
}

/// The actions described are the domain's list of actions (and `collected`, `deliver`'s other name).
#[test]
fn the_described_actions_are_the_domains() {
    use strum::IntoEnumIterator;
    let doc = yaml("docs/openapi.yaml");
    let parameters = doc["paths"]["/admin/orders/{order_id}/{action}"]["post"]["parameters"].as_sequence().unwrap();
    let action = parameters.iter().find(|p| p["name"].as_str() == Some("action")).unwrap();
    let described: BTreeSet<&str> =
        action["schema"]["enum"].as_sequence().unwrap().iter().filter_map(|a| a.as_str()).collect();
    let mut domain: BTreeSet<&str> = orderflow::domain::ActionKind::iter().map(|k| k.as_str()).collect();
    domain.insert("collected");
    assert_eq!(described, domain);
}

#[tokio::test]
async fn the_router_serves_every_described_path_and_its_answers_match_the_schemas() {
    let stack = Stack::new().await;
    let router = orderflow::http::router(stack.app.clone());
    // Every described route is served: no "no such route", no "method not allowed".
    for (method, path) in documented_routes() {
        let concrete = path
            .replace("{source}", "generic")
            .replace("{provider}", "generic")
            .replace("{order_id}", "nope")
            .replace("{action}", "confirm")
            .replace("{account}", "admin")
            .replace("{token}", "0123456789abcdef01234567");
        let request = Request::builder().method(method.as_str()).uri(&concrete).body(Body::empty()).unwrap();
        let response = router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let body = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
        let text = String::from_utf8_lossy(&body);
        assert!(
            status != StatusCode::METHOD_NOT_ALLOWED && !text.contains("no such route"),
            "{method} {concrete}: {text}"
        );
    }

    // Answers recorded from the real handlers, each with the schema it must match.
    let mut recorded: Vec<(&str, Value)> = Vec::new();
    let id = unique("API-");
    let email = format!("{id}@example.net");
    let order = support::unpaid_generic_order(&id, &email);
    let (status, _, answer) = stack.post_order(OrderSource::Generic, &order.to_string(), &[]).await;
    assert_eq!(status, StatusCode::OK);
    recorded.push(("Accepted", answer));
    recorded.push(("GenericOrder", order));
    recorded.push(("GenericOrder", sample_body("order-placed/generic-order-email.json")));
    recorded.push(("GenericPayment", sample_body("payment-captured/4-generic-payment-refunded.json")));
    recorded.push(("GenericTracking", sample_body("carrier-webhook/generic-in-transit.json")));
    let other = unique("API-");
    let order = support::unpaid_generic_order(&other, &format!("{other}@example.net"));
    assert_eq!(stack.post_order(OrderSource::Generic, &order.to_string(), &[]).await.0, StatusCode::OK);
    // The back office's sample requests, each against its action's body, and a body for every
    // action the page's forms send.
    let bodies = [
        ("3-ship.json", "ShipBody"),
        ("4-out-of-stock.json", "OutOfStockBody"),
        ("6-update-address.json", "UpdateBody"),
        ("7-ship-capturing-held-payment.json", "ShipBody"),
    ];
    for (file, schema) in bodies {
        recorded.push((schema, sample_body(&format!("backoffice/{file}"))));
    }
    for (schema, body) in [
        ("ReadyForPickupBody", json!({ "place": "Shop counter", "opening_hours": "9-18", "unpaid": true })),
        ("StockChoiceBody", json!({ "choice": "cancel_missing" })),
        ("CancelBody", json!({ "cause": "customer", "fault": "carrier", "cost": "9.80" })),
        ("CallBody", json!({ "outcome": "no_answer", "next_call_at": "2026-12-01T10:00:00Z" })),
        ("ReturnApproveBody", json!({ "return": 1, "instructions": "Use the label" })),
        ("ReturnRejectBody", json!({ "return": 1, "reason": "Worn" })),
        ("ReturnReceivedBody", json!({ "return": 1 })),
        ("ComplaintResolveBody", json!({ "complaint": 1, "resolution": "replacement", "tracking_number": "1Z" })),
        ("RefundBody", json!({ "amount": "12.50", "note": "bank transfer" })),
    ] {
        // The API reads what the schema describes: the order may refuse the action, never the body.
        let action: String = schema
            .trim_end_matches("Body")
            .chars()
            .enumerate()
            .flat_map(|(i, c)| match c.is_uppercase() && i > 0 {
                true => vec!['-', c.to_ascii_lowercase()],
                false => vec![c.to_ascii_lowercase()],
            })
            .collect();
        let (status, _, answer) = stack.admin(&format!("/admin/orders/{other}/{action}"), Some(body.clone())).await;
        assert_ne!(status, StatusCode::BAD_REQUEST, "{action}: {answer}");
        assert_ne!(status, StatusCode::NOT_FOUND, "{action}: {answer}");
        recorded.push((schema, body));
    }
    let (_, _, problem) = stack.post_order(OrderSource::Generic, "{\"order_id\": 1}", &[]).await;
    recorded.push(("Problem", problem));
    let unsigned = Request::post("/webhooks/orders/generic").body(Body::from("{}")).unwrap();
    recorded.push(("Problem", stack.request(unsigned).await.2));
    recorded.push(("OrderPage", stack.admin("/admin/orders?status=received", None).await.2));
    recorded.push(("ActionResult", stack.admin(&format!("/admin/orders/{id}/confirm"), None).await.2));
    recorded.push(("AdminOrder", stack.admin(&format!("/admin/orders/{id}"), None).await.2));
    recorded.push(("AuditTrail", stack.admin("/admin/audit?day=2026-11-23", None).await.2));
    recorded.push(("Problem", stack.admin(&format!("/admin/orders/{id}/confirm"), None).await.2));
    recorded.push(("Problem", stack.admin("/admin/orders/nope/confirm", None).await.2));
    let mut wrong = Request::get("/admin/orders").body(Body::empty()).unwrap();
    wrong.headers_mut().insert("authorization", format!("Bearer {ADMIN_TOKEN}x").parse().unwrap());
    recorded.push(("Problem", stack.request(wrong).await.2));
    let token = stack.order(&id).await.unwrap().status_token.expose().clone();
    let status_json = Request::get(format!("/orders/{id}?token={token}")).body(Body::empty()).unwrap();
    recorded.push(("StatusView", stack.request(status_json).await.2));
    let missing = Request::get(format!("/orders/{id}?token=0123456789abcdef01234567")).body(Body::empty()).unwrap();
    recorded.push(("Problem", stack.request(missing).await.2));

    let file = std::env::temp_dir().join(format!("{}.json", unique("openapi-recorded-")));
    std::fs::write(&file, serde_json::to_vec(&recorded).unwrap()).unwrap();
    let script = "import json, sys, yaml, jsonschema; \
        doc = json.loads(json.dumps(yaml.safe_load(open(sys.argv[1])))); \
        [jsonschema.Draft202012Validator({'$ref': '#/components/schemas/' + name, 'components': doc['components']}).validate(body) \
         for name, body in json.load(open(sys.argv[2]))]; print(len(json.load(open(sys.argv[2]))), 'valid')";
    let output = std::process::Command::new(orderflow::local::emulator::venv_python())
        .args(["-c", script])
        .arg(orderflow::local::repo_root().join("docs/openapi.yaml"))
        .arg(&file)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(String::from_utf8_lossy(&output.stdout).contains(&format!("{} valid", recorded.len())));
}
