//! What each function really calls on AWS, recorded by a proxy in front of the emulator, checked
//! against that function's policy in `infra/template.yaml`: every call allowed, and nothing allowed
//! that the function never called.

use serde_yaml::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};

/// One permission a call needs: the IAM action, the resource (a template logical id, or
/// `OrdersTable/index/by-stage`, `secret`, `ses`, `sns`), and for DynamoDB the partition key.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Need {
    pub action: String,
    pub resource: String,
    pub key: Option<String>,
}

/// The calls each function made, by function name.
#[derive(Clone, Default)]
pub struct Recorded(Arc<Mutex<BTreeMap<String, Vec<Need>>>>);

impl Recorded {
    pub fn of(&self, function: &str) -> Vec<Need> {
        self.0.lock().unwrap().get(function).cloned().unwrap_or_default()
    }

    /// A proxy for `function` to the emulator at `upstream`; its address, for `AWS_ENDPOINT_URL`.
    pub async fn proxy(&self, function: &str, upstream: &str, prefix: &str) -> String {
        let (recorded, function, upstream, prefix) =
            (self.0.clone(), function.to_string(), upstream.to_string(), prefix.to_string());
        let client = reqwest::Client::new();
        let app = axum::Router::new().fallback(move |request: axum::extract::Request| {
            let (recorded, function, upstream, prefix, client) =
                (recorded.clone(), function.clone(), upstream.clone(), prefix.clone(), client.clone());
            async move {
                let (parts, body) = request.into_parts();
                let body = axum::body::to_bytes(body, usize::MAX).await.unwrap();
                let needs = needs(&parts.method, parts.uri.path(), &parts.headers, &body, &prefix);
                recorded.lock().unwrap().entry(function).or_default().extend(needs);
                let url = format!("{upstream}{}", parts.uri.path_and_query().map(|p| p.as_str()).unwrap_or("/"));
                let mut forward = client.request(parts.method.clone(), url).body(body.to_vec());
                for (name, value) in &parts.headers {
                    if name != http::header::HOST && name != http::header::CONTENT_LENGTH {
                        forward = forward.header(name, value);
                    }
                }
                let answer = forward.send().await.unwrap();
                let mut response = http::Response::builder().status(answer.status());
                for (name, value) in answer.headers() {
                    if name != http::header::TRANSFER_ENCODING && name != http::header::CONTENT_LENGTH {
                        response = response.header(name, value);
                    }
                }
                response.body(axum::body::Body::from(answer.bytes().await.unwrap())).unwrap()
            }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        url
    }
}

/// The logical id of a resource the stack named `{prefix}-{LogicalId}` (a queue by its URL).
fn logical(name: &str, prefix: &str) -> String {
    let last = name.rsplit('/').next().unwrap_or(name);
    let last = last.strip_prefix(&format!("{prefix}-")).unwrap_or(last);
    last.trim_end_matches(".fifo").to_string()
}

/// The table's partition key in an item or key.
fn pk(value: &serde_json::Value) -> Option<String> {
    value["pk"]["S"].as_str().map(String::from)
}

/// The permissions one request needs.
fn needs(method: &http::Method, path: &str, headers: &http::HeaderMap, body: &[u8], prefix: &str) -> Vec<Need> {
    let target = headers.get("x-amz-target").and_then(|v| v.to_str().ok()).unwrap_or_default();
    let json: serde_json::Value = serde_json::from_slice(body).unwrap_or_default();
    let need = |action: &str, resource: String, key: Option<String>| Need { action: action.into(), resource, key };
    if let Some(operation) = target.strip_prefix("DynamoDB_20120810.") {
        let table = |j: &serde_json::Value| logical(j["TableName"].as_str().unwrap_or_default(), prefix);
        return match operation {
            "TransactWriteItems" => json["TransactItems"]
                .as_array()
                .into_iter()
                .flatten()
                .flat_map(|item| {
                    [
                        ("Put", "PutItem", "Item"),
                        ("Update", "UpdateItem", "Key"),
                        ("Delete", "DeleteItem", "Key"),
                        ("ConditionCheck", "ConditionCheckItem", "Key"),
                    ]
                    .into_iter()
                    .filter_map(|(kind, action, key)| {
                        let part = &item[kind];
                        part.is_object().then(|| need(&format!("dynamodb:{action}"), table(part), pk(&part[key])))
                    })
                    .collect::<Vec<_>>()
                })
                .collect(),
            "BatchGetItem" | "BatchWriteItem" => json["RequestItems"]
                .as_object()
                .into_iter()
                .flatten()
                .flat_map(|(name, request)| {
                    let keys: Vec<serde_json::Value> = match operation {
                        "BatchGetItem" => request["Keys"].as_array().cloned().unwrap_or_default(),
                        _ => {
                            let write = |w: &serde_json::Value| match w["DeleteRequest"]["Key"].is_object() {
                                true => w["DeleteRequest"]["Key"].clone(),
                                false => w["PutRequest"]["Item"].clone(),
                            };
                            request.as_array().into_iter().flatten().map(write).collect()
                        }
                    };
                    let table = logical(name, prefix);
                    keys.into_iter().map(move |k| Need {
                        action: format!("dynamodb:{operation}"),
                        resource: table.clone(),
                        key: pk(&k),
                    })
                })
                .collect(),
            "Query" => {
                let index = json["IndexName"].as_str();
                let resource = match index {
                    Some(index) => format!("{}/index/{index}", table(&json)),
                    None => table(&json),
                };
                // The table's partition key, as `pk = :name` names it (an index's keys are its own).
                let condition = json["KeyConditionExpression"].as_str().unwrap_or_default();
                let key = index.is_none().then(|| {
                    let name = condition.split("pk = ").nth(1).and_then(|rest| rest.split_whitespace().next());
                    name.and_then(|n| json["ExpressionAttributeValues"][n]["S"].as_str()).map(String::from)
                });
                vec![need("dynamodb:Query", resource, key.flatten())]
            }
            other => {
                let key = pk(&json["Key"]).or_else(|| pk(&json["Item"]));
                vec![need(&format!("dynamodb:{other}"), table(&json), key)]
            }
        };
    }
    if let Some(operation) = target.strip_prefix("AmazonSQS.") {
        // A batch needs the permission of its single action.
        let action = operation.trim_end_matches("Batch");
        return vec![need(
            &format!("sqs:{action}"),
            logical(json["QueueUrl"].as_str().unwrap_or_default(), prefix),
            None,
        )];
    }
    if let Some(operation) = target.strip_prefix("secretsmanager.") {
        return vec![need(&format!("secretsmanager:{operation}"), "secret".into(), None)];
    }
    if let Some(operation) = target.strip_prefix("AWSEvents.") {
        let bus = json["Entries"][0]["EventBusName"].as_str().unwrap_or_default();
        return vec![need(&format!("events:{operation}"), logical(bus, prefix), None)];
    }
    if path.starts_with("/v2/email/outbound-emails") && method == http::Method::POST {
        return vec![need("ses:SendEmail", "ses".into(), None)];
    }
    let form = String::from_utf8_lossy(body);
    if let Some(action) = form.split('&').find_map(|pair| pair.strip_prefix("Action=")) {
        return vec![need(&format!("sns:{action}"), "sns".into(), None)];
    }
    panic!("a call the policy check does not know: {method} {path} {target}");
}

/// One Allow statement of a function's policy, its resources as [`Need`] names them.
#[derive(Debug)]
pub struct Grant {
    pub actions: Vec<String>,
    pub resources: Vec<String>,
    /// `dynamodb:LeadingKeys` patterns (`ORDER#*`); none: any key.
    pub keys: Vec<String>,
}

fn strings(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) => vec![s.clone()],
        Value::Sequence(items) => items.iter().flat_map(strings).collect(),
        _ => Vec::new(),
    }
}

/// A policy resource as a logical name: `Fn::GetAtt [X, Arn]` is X, `${X.Arn}/index/i` is
/// `X/index/i`, the secret is `secret`, SES identities `ses`, SNS (granted by `NotResource`) `sns`.
fn resource_names(value: &Value) -> Vec<String> {
    if let Some(items) = value.as_sequence() {
        return items.iter().flat_map(resource_names).collect();
    }
    if let Some(att) = value.get("Fn::GetAtt").and_then(Value::as_sequence) {
        return vec![att[0].as_str().unwrap().to_string()];
    }
    let text =
        value.get("Fn::Sub").map_or_else(|| value.as_str().unwrap_or_default().to_string(), |s| strings(s).concat());
    if text.contains(":secret:") {
        return vec!["secret".into()];
    }
    if text.contains(":ses:") {
        return vec!["ses".into()];
    }
    if let Some(rest) = text.strip_prefix("${").and_then(|t| t.split_once(".Arn}")) {
        return vec![format!("{}{}", rest.0, rest.1)];
    }
    vec![text]
}

/// The Allow statements of function `logical_id`'s policies.
pub fn grants(template: &Value, logical_id: &str) -> Vec<Grant> {
    let policies = &template["Resources"][logical_id]["Properties"]["Policies"];
    let mut grants = Vec::new();
    for policy in policies.as_sequence().into_iter().flatten() {
        for statement in policy["Statement"].as_sequence().into_iter().flatten() {
            assert_eq!(statement["Effect"].as_str(), Some("Allow"), "{logical_id}: only Allow statements");
            let actions = strings(&statement["Action"]);
            let resources = match statement.get("NotResource") {
                Some(_) => actions.iter().map(|a| a.split(':').next().unwrap().to_string()).collect(),
                None => resource_names(&statement["Resource"]),
            };
            let keys = strings(&statement["Condition"]["ForAllValues:StringLike"]["dynamodb:LeadingKeys"]);
            grants.push(Grant { actions, resources, keys });
        }
    }
    grants
}

/// IAM's `StringLike`: `*` matches any run of characters (none included), anywhere.
fn like(pattern: &str, value: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = value.strip_prefix(first) else { return false };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else { return rest.is_empty() };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.ends_with(last)
}

impl Grant {
    fn allows(&self, need: &Need) -> bool {
        self.actions.contains(&need.action)
            && self.resources.contains(&need.resource)
            && (self.keys.is_empty() || need.key.as_deref().is_some_and(|k| self.keys.iter().any(|p| like(p, k))))
    }
}

/// Patterns and resources a call needs by the data it handles, not by the function: an order's save
/// writes its partition and the pointers its state has (a payment reference, a parcel, a number, its
/// customer, an after-sales case), and a notice goes to the queue of its
/// customer's channel. A grant of one of these sets is used when any of it is.
const SETS: [&[&str]; 2] =
    [&["ORDER#*", "REF#*", "TRACK#*", "NUMBER#*", "CUSTOMER#*", "AFTERSALES#*"], &["EmailQueue", "SmsQueue"]];

/// A set, and each of its patterns for the shops beside the default (`S#*#ORDER#*`): a shop's
/// grant is the default shop's with the shop's mark, used when the default's is (`tests/shops.rs`
/// runs added shops; this test runs the default one).
fn set_of(name: &str) -> Vec<String> {
    let name = name.strip_prefix(SHOP_MARK).unwrap_or(name);
    let set = SETS
        .iter()
        .find(|set| set.contains(&name))
        .map_or(vec![name.to_string()], |set| set.iter().map(|s| s.to_string()).collect());
    set.iter().flat_map(|p| [p.clone(), format!("{SHOP_MARK}{p}")]).collect()
}

/// What an added shop's keys begin with, as a pattern.
const SHOP_MARK: &str = "S#*#";

/// The queues Lambda itself sends to for the function, with its role (an asynchronous call's or a
/// stream batch's failure destination, a dead-letter queue): the function's code never does.
fn service_queues(properties: &Value) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    fn walk(value: &Value, under: bool, found: &mut BTreeSet<String>) {
        match value {
            Value::Mapping(map) => {
                for (key, inner) in map {
                    let key = key.as_str().unwrap_or_default();
                    if key == "Policies" {
                        continue;
                    }
                    if under && key == "Fn::GetAtt" {
                        found.insert(inner[0].as_str().unwrap_or_default().to_string());
                    }
                    walk(inner, under || key == "Destination" || key == "TargetArn", found);
                }
            }
            Value::Sequence(items) => items.iter().for_each(|i| walk(i, under, found)),
            _ => {}
        }
    }
    walk(properties, false, &mut found);
    found
}

/// What `function` called that its policy does not allow, and what its policy allows that it never
/// called (each action on each resource, and each key pattern).
pub fn check(template: &Value, logical_id: &str, calls: &[Need]) -> (BTreeSet<Need>, BTreeSet<String>) {
    let grants = grants(template, logical_id);
    let refused: BTreeSet<Need> = calls.iter().filter(|n| !grants.iter().any(|g| g.allows(n))).cloned().collect();
    let by_service = service_queues(&template["Resources"][logical_id]["Properties"]);
    let mut unused = BTreeSet::new();
    for grant in &grants {
        for action in &grant.actions {
            for resource in &grant.resources {
                if action == "sqs:SendMessage" && by_service.contains(resource) {
                    continue;
                }
                let resources = set_of(resource);
                let used = |patterns: &[String]| {
                    calls.iter().any(|n| {
                        &n.action == action
                            && resources.contains(&n.resource)
                            && (patterns.is_empty()
                                || n.key.as_deref().is_some_and(|k| patterns.iter().any(|p| like(p, k))))
                    })
                };
                if grant.keys.is_empty() {
                    if !used(&[]) {
                        unused.insert(format!("{action} on {resource}"));
                    }
                } else {
                    for pattern in &grant.keys {
                        if !used(&set_of(pattern)) {
                            unused.insert(format!("{action} on {resource} for {pattern}"));
                        }
                    }
                }
            }
        }
    }
    (refused, unused)
}
