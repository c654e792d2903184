//! `orderflow shops connect|check`: a storefront's webhooks registered through the storefront's own
//! API, so that every topic orderflow follows reaches the shop's address. Shopify through its
//! GraphQL Admin API (`webhookSubscriptions`, `webhookSubscriptionCreate`), WooCommerce through
//! its REST API (`/wp-json/wc/v3/webhooks`). What is there already is left as it is: running it
//! again changes nothing, and subscriptions of other addresses (another app's) are never touched.

use crate::domain::OrderSource;
use crate::providers::{shopify, woocommerce};
use serde::Deserialize;
use serde_json::{Value, json};
use std::fmt::Write;
use std::time::Duration;

/// The Admin API version asked for: `uri` in subscriptions is 2025-10's.
pub const SHOPIFY_API_VERSION: &str = "2025-10";

/// A storefront and the credentials its API takes.
pub enum Storefront {
    /// A Shopify store (`x.myshopify.com`) and an Admin API access token of a custom app with the
    /// `read_orders` and `read_fulfillments` scopes (which its order and fulfilment topics need).
    /// Shopify signs what it sends with that app's secret: the shop's `SHOPIFY_WEBHOOK_SECRET`.
    Shopify { store: String, token: String },
    /// A WooCommerce site and a REST API key with read/write permission; each webhook is made
    /// with the shop's `WOOCOMMERCE_WEBHOOK_SECRET`, which WooCommerce signs with.
    Woocommerce { store: String, key: String, secret: String, webhook_secret: String },
}

impl Storefront {
    pub fn source(&self) -> OrderSource {
        match self {
            Self::Shopify { .. } => OrderSource::Shopify,
            Self::Woocommerce { .. } => OrderSource::Woocommerce,
        }
    }
}

/// A topic and the address it should be sent to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Wanted {
    pub topic: &'static str,
    pub address: String,
}

/// Every topic orderflow follows from `source`, at the shop's webhook addresses under `base`
/// (the deployment's API address and, for an added shop, `/s/<shop>`).
pub fn wanted(source: OrderSource, base: &str) -> Vec<Wanted> {
    let base = base.trim_end_matches('/');
    let at = |topic, route: &str| Wanted { topic, address: format!("{base}/webhooks/{route}") };
    match source {
        OrderSource::Shopify => {
            let mut topics: Vec<Wanted> = shopify::ORDER_TOPICS.into_iter().map(|t| at(t, "orders/shopify")).collect();
            topics.push(at(shopify::TRACKING_TOPIC, "carriers/shopify"));
            topics
        }
        OrderSource::Woocommerce => {
            woocommerce::ORDER_TOPICS.into_iter().map(|t| at(t, "orders/woocommerce")).collect()
        }
        OrderSource::Generic => Vec::new(),
    }
}

/// What `connect` or `check` found and did, topic by topic.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Connection {
    /// Subscribed to the shop's address already (and active).
    pub present: Vec<&'static str>,
    /// Subscribed now (or, for WooCommerce, a paused or disabled one activated again).
    pub made: Vec<&'static str>,
    /// Not subscribed (by `check`, which changes nothing).
    pub missing: Vec<&'static str>,
}

impl Connection {
    pub fn report(&self, source: OrderSource) -> String {
        let mut out = String::new();
        let lines = [("subscribed already", &self.present), ("subscribed now", &self.made), ("missing", &self.missing)];
        for (what, topics) in lines.into_iter().filter(|(_, topics)| !topics.is_empty()) {
            let _ = writeln!(out, "{} topics {what}: {}", source.as_str(), topics.join(", "));
        }
        out
    }
}

/// Subscribes every topic of [`wanted`] not subscribed yet to the shop's address (`apply`), or
/// only says which are missing.
pub async fn connect(storefront: &Storefront, base: &str, apply: bool) -> Result<Connection, String> {
    let http = reqwest::Client::builder().timeout(Duration::from_secs(20)).build().map_err(|e| e.to_string())?;
    let wanted = wanted(storefront.source(), base);
    let mut connection = Connection::default();
    match storefront {
        Storefront::Shopify { store, token } => {
            let admin = ShopifyAdmin {
                http,
                endpoint: api_url(store, &format!("admin/api/{SHOPIFY_API_VERSION}/graphql.json"))?,
                token,
            };
            let existing = admin.subscriptions().await?;
            for want in wanted {
                let topic = shopify_enum(want.topic);
                if existing.iter().any(|(t, uri)| *t == topic && *uri == want.address) {
                    connection.present.push(want.topic);
                } else if apply {
                    admin.subscribe(&topic, &want.address).await?;
                    connection.made.push(want.topic);
                } else {
                    connection.missing.push(want.topic);
                }
            }
        }
        Storefront::Woocommerce { store, key, secret, webhook_secret } => {
            let rest = WooRest { http, endpoint: api_url(store, "wp-json/wc/v3/webhooks")?, key, secret };
            let existing = rest.webhooks().await?;
            for want in wanted {
                let mine = existing.iter().find(|w| w.topic == want.topic && w.delivery_url == want.address);
                match mine {
                    Some(hook) if hook.status == "active" => connection.present.push(want.topic),
                    _ if !apply => connection.missing.push(want.topic),
                    Some(hook) => {
                        rest.activate(hook.id, webhook_secret).await?;
                        connection.made.push(want.topic);
                    }
                    None => {
                        rest.create(&want, webhook_secret).await?;
                        connection.made.push(want.topic);
                    }
                }
            }
        }
    }
    Ok(connection)
}

/// `https://<store>/<path>`: a store given as a host name is reached over HTTPS; one given with
/// its scheme as it is, plain HTTP only on this machine (a local fake's `http://127.0.0.1:…`): the
/// access token, the API key and the webhook secret never cross a network in the clear.
fn api_url(store: &str, path: &str) -> Result<String, String> {
    let store = store.trim().trim_end_matches('/');
    let base = if store.contains("://") { store.to_string() } else { format!("https://{store}") };
    let url = url::Url::parse(&format!("{base}/")).map_err(|e| format!("the store's address {store:?}: {e}"))?;
    let loopback = match url.host() {
        Some(url::Host::Domain(name)) => name == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    match url.scheme() {
        "https" => {}
        "http" if loopback => {}
        "http" if url.host().is_some() => {
            return Err(format!("the store's address {store:?}: HTTPS only (its API is given credentials)"));
        }
        _ => return Err(format!("the store's address {store:?} is not a web address")),
    }
    url.join(path).map(String::from).map_err(|e| e.to_string())
}

/// `orders/create` as the GraphQL enum names it: `ORDERS_CREATE`.
fn shopify_enum(topic: &str) -> String {
    topic.to_ascii_uppercase().replace(['/', '.'], "_")
}

/// What a refused call says, without the body of a page that is not an API's answer.
async fn refusal(what: &str, response: reqwest::Response) -> String {
    let status = response.status();
    let body = response.text().await.unwrap_or_default();
    let said = serde_json::from_str::<Value>(&body)
        .ok()
        .and_then(|v| v.get("message").or(v.get("errors")).map(|m| m.to_string()))
        .unwrap_or_default();
    match status.as_u16() {
        401 | 403 => format!("{what} refused the credentials ({status}): {said}"),
        _ => format!("{what} answered {status}: {said}"),
    }
}

struct ShopifyAdmin<'a> {
    http: reqwest::Client,
    endpoint: String,
    token: &'a str,
}

impl ShopifyAdmin<'_> {
    async fn graphql(&self, query: &str, variables: Value) -> Result<Value, String> {
        let response = self
            .http
            .post(&self.endpoint)
            .header("X-Shopify-Access-Token", self.token)
            .json(&json!({ "query": query, "variables": variables }))
            .send()
            .await
            .map_err(|e| format!("Shopify's Admin API: {e}"))?;
        if !response.status().is_success() {
            return Err(refusal("Shopify's Admin API", response).await);
        }
        let mut body: Value = response.json().await.map_err(|e| format!("Shopify's Admin API: {e}"))?;
        if let Some(errors) = body.get("errors").and_then(Value::as_array).filter(|e| !e.is_empty()) {
            let messages: Vec<&str> = errors.iter().filter_map(|e| e["message"].as_str()).collect();
            return Err(format!("Shopify's Admin API: {}", messages.join("; ")));
        }
        Ok(body["data"].take())
    }

    /// Every subscription of the app: topic (as the enum names it) and address.
    async fn subscriptions(&self) -> Result<Vec<(String, String)>, String> {
        const QUERY: &str = "query Subscriptions($after: String) {
  webhookSubscriptions(first: 250, after: $after) {
    nodes { id topic uri }
    pageInfo { hasNextPage endCursor }
  }
}";
        let mut found = Vec::new();
        let mut after = Value::Null;
        // A store has at most a few hundred subscriptions; 20 pages of 250 is far beyond them.
        for _ in 0..20 {
            let data = self.graphql(QUERY, json!({ "after": after })).await?;
            let page = &data["webhookSubscriptions"];
            for node in page["nodes"].as_array().into_iter().flatten() {
                let (topic, uri) = (node["topic"].as_str(), node["uri"].as_str());
                found.extend(topic.zip(uri).map(|(t, u)| (t.to_string(), u.to_string())));
            }
            if page["pageInfo"]["hasNextPage"].as_bool() != Some(true) {
                return Ok(found);
            }
            after = page["pageInfo"]["endCursor"].clone();
        }
        Err("Shopify's Admin API: more than 5,000 webhook subscriptions".into())
    }

    async fn subscribe(&self, topic: &str, uri: &str) -> Result<(), String> {
        const MUTATION: &str = "mutation Subscribe($topic: WebhookSubscriptionTopic!, $uri: String!) {
  webhookSubscriptionCreate(topic: $topic, webhookSubscription: { uri: $uri, format: JSON }) {
    webhookSubscription { id }
    userErrors { field message }
  }
}";
        let data = self.graphql(MUTATION, json!({ "topic": topic, "uri": uri })).await?;
        let created = &data["webhookSubscriptionCreate"];
        let errors: Vec<&str> =
            created["userErrors"].as_array().into_iter().flatten().filter_map(|e| e["message"].as_str()).collect();
        if !errors.is_empty() || created["webhookSubscription"]["id"].is_null() {
            return Err(format!("Shopify refused {topic}: {}", errors.join("; ")));
        }
        Ok(())
    }
}

struct WooRest<'a> {
    http: reqwest::Client,
    endpoint: String,
    key: &'a str,
    secret: &'a str,
}

#[derive(Deserialize)]
struct WooHook {
    id: u64,
    #[serde(default)]
    topic: String,
    #[serde(default)]
    delivery_url: String,
    #[serde(default)]
    status: String,
}

impl WooRest<'_> {
    async fn call(&self, request: reqwest::RequestBuilder) -> Result<reqwest::Response, String> {
        let response = request
            .basic_auth(self.key, Some(self.secret))
            .send()
            .await
            .map_err(|e| format!("WooCommerce's REST API: {e}"))?;
        if !response.status().is_success() {
            return Err(refusal("WooCommerce's REST API", response).await);
        }
        Ok(response)
    }

    async fn webhooks(&self) -> Result<Vec<WooHook>, String> {
        let mut found = Vec::new();
        for page in 1..=50 {
            let request = self.http.get(&self.endpoint).query(&[("per_page", "100"), ("page", &page.to_string())]);
            let hooks: Vec<WooHook> =
                self.call(request).await?.json().await.map_err(|e| format!("WooCommerce's REST API: {e}"))?;
            let last = hooks.len() < 100;
            found.extend(hooks);
            if last {
                return Ok(found);
            }
        }
        Err("WooCommerce's REST API: more than 5,000 webhooks".into())
    }

    async fn create(&self, want: &Wanted, webhook_secret: &str) -> Result<(), String> {
        let body = json!({
            "name": format!("orderflow {}", want.topic),
            "topic": want.topic,
            "delivery_url": want.address,
            "secret": webhook_secret,
            "status": "active",
        });
        self.call(self.http.post(&self.endpoint).json(&body)).await.map(drop)
    }

    /// A paused or disabled webhook (WooCommerce disables one after repeated failed deliveries)
    /// active again, signing with the shop's secret.
    async fn activate(&self, id: u64, webhook_secret: &str) -> Result<(), String> {
        let body = json!({ "status": "active", "secret": webhook_secret });
        self.call(self.http.put(format!("{}/{id}", self.endpoint)).json(&body)).await.map(drop)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topics_go_to_the_shops_routes_and_name_their_graphql_enum() {
        let shopify = wanted(OrderSource::Shopify, "https://api.example.com/s/north/");
        assert_eq!(shopify.len(), 10);
        assert_eq!(shopify[0].address, "https://api.example.com/s/north/webhooks/orders/shopify");
        let tracking = shopify.iter().find(|w| w.topic == "fulfillment_events/create").unwrap();
        assert_eq!(tracking.address, "https://api.example.com/s/north/webhooks/carriers/shopify");
        assert_eq!(shopify_enum("fulfillment_events/create"), "FULFILLMENT_EVENTS_CREATE");
        assert_eq!(wanted(OrderSource::Woocommerce, "https://a.example").len(), 3);
    }

    #[test]
    fn a_store_is_reached_over_https_and_plain_http_only_on_this_machine() {
        assert_eq!(api_url("north.myshopify.com", "admin/x").unwrap(), "https://north.myshopify.com/admin/x");
        assert_eq!(api_url("http://127.0.0.1:9/", "wp-json/wc").unwrap(), "http://127.0.0.1:9/wp-json/wc");
        assert!(api_url("ftp://north.example", "x").is_err());
        assert!(api_url("http://localhost:8080", "x").is_ok());
        let clear = api_url("http://north.example", "x").unwrap_err();
        assert!(clear.contains("HTTPS only"), "{clear}");
        assert!(api_url("", "x").is_err());
    }
}
