//! The requests of one order's life, defined once and sent four ways: through the in-process router
//! (the bench's AWS call counting and handler CPU, the fault suite), as API Gateway events to the
//! function binaries, and over HTTP to `orderflow dev` (throughput).

use crate::config::WebhookSecrets;
use crate::local::replay::signature_for;
use axum::body::Body;
use serde_json::{Value, json};

/// One HTTP request a shop, a provider or the back office would send.
#[derive(Clone, Debug)]
pub struct Call {
    pub step: &'static str,
    pub method: &'static str,
    pub path: String,
    pub query: String,
    pub body: String,
    pub headers: Vec<(String, String)>,
}

/// One benchmark order: a Shopify order paid through Stripe and shipped with EasyPost.
#[derive(Clone, Debug)]
pub struct BenchOrder {
    pub id: String,
    pub tracking: String,
    /// Phone-only customers are told by SMS.
    pub sms: bool,
}

impl BenchOrder {
    pub fn new(index: usize, sms: bool) -> Self {
        Self {
            id: (6_100_000_000_000_000_000u64 + index as u64).to_string(),
            tracking: format!("1ZBENCH{index:010}"),
            sms,
        }
    }
}

/// The order total the Shopify order states and the Stripe payment captures, in cents.
const TOTAL_MINOR: u64 = 9470;

/// The Carrier statuses of a shipment after it is handed over: four updates, then delivery.
pub const CARRIER_STATUSES: [&str; 5] = ["pre_transit", "in_transit", "in_transit", "out_for_delivery", "delivered"];

impl Call {
    fn new(step: &'static str, method: &'static str, path: String, body: String, secrets: &WebhookSecrets) -> Self {
        let headers = vec![("content-type".to_string(), "application/json".to_string())];
        Self { step, method, path, query: String::new(), body, headers }.resigned(secrets)
    }

    /// The call signed now (its signature header replaced): a webhook's signature carries its time,
    /// and the providers' schemes refuse one older than five minutes, so a call sent long after it
    /// was made is signed again as it leaves.
    pub fn resigned(mut self, secrets: &WebhookSecrets) -> Self {
        if let Some((name, value)) = signature_for(&self.path, &self.body, secrets) {
            let name = name.to_ascii_lowercase();
            self.headers.retain(|(header, _)| *header != name);
            self.headers.push((name, value));
        }
        self
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    pub fn to_request(&self) -> http::Request<Body> {
        let uri = if self.query.is_empty() { self.path.clone() } else { format!("{}?{}", self.path, self.query) };
        let mut request = http::Request::builder().method(self.method).uri(uri);
        for (name, value) in &self.headers {
            request = request.header(name, value);
        }
        request.body(Body::from(self.body.clone())).expect("a valid request")
    }

    /// The API Gateway HTTP API (payload 2.0) event Lambda would hand the function.
    pub fn to_apigw_event(&self) -> Value {
        let headers: serde_json::Map<String, Value> =
            self.headers.iter().map(|(name, value)| (name.clone(), json!(value))).collect();
        let query: serde_json::Map<String, Value> = self
            .query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .map(|(name, value)| (name.to_string(), json!(value)))
            .collect();
        json!({
            "version": "2.0",
            "routeKey": "$default",
            "rawPath": self.path,
            "rawQueryString": self.query,
            "headers": headers,
            "queryStringParameters": query,
            "requestContext": {
                "accountId": "123456789012", "apiId": "bench", "domainName": "bench.local", "domainPrefix": "bench",
                "http": { "method": self.method, "path": self.path, "protocol": "HTTP/1.1", "sourceIp": "127.0.0.1", "userAgent": "bench" },
                "requestId": "bench", "routeKey": "$default", "stage": "$default", "time": "23/Nov/2026:18:00:00 +0000", "timeEpoch": 0
            },
            "body": self.body,
            "isBase64Encoded": false
        })
    }
}

/// A realistic Shopify `orders/create` body of about 10 KB: twelve line items with properties,
/// tax lines and discounts, addresses, and the customer.
pub fn shopify_order_body(order: &BenchOrder) -> String {
    let (email, phone) = if order.sms {
        (Value::Null, json!("+44 20 7946 0958"))
    } else {
        (json!(format!("customer-{}@example.com", order.id)), Value::Null)
    };
    let line_items: Vec<Value> = (0..12)
        .map(|n| {
            json!({
                "id": 13_510_297_618_000u64 + n, "admin_graphql_api_id": format!("gid://shopify/LineItem/{}", 13_510_297_618_000u64 + n),
                "title": format!("Analytical Engine Notebook {n}"), "name": format!("Analytical Engine Notebook {n} - A5 / Dotted"),
                "variant_title": "A5 / Dotted", "vendor": "Babbage & Co", "quantity": 1, "price": "7.90", "sku": format!("NB-A5-DOT-{n:02}"),
                "variant_id": 40_000 + n, "product_id": 7_000 + n, "requires_shipping": true, "taxable": true, "gift_card": false,
                "fulfillment_service": "manual", "grams": 240, "total_discount": "0.00", "fulfillable_quantity": 1,
                "properties": [{"name": "Engraving", "value": "For Ada, with thanks"}, {"name": "Gift wrap", "value": "yes"}],
                "tax_lines": [{"title": "VAT", "price": "1.32", "rate": 0.2, "price_set": {"shop_money": {"amount": "1.32", "currency_code": "EUR"}, "presentment_money": {"amount": "1.32", "currency_code": "EUR"}}}],
                "price_set": {"shop_money": {"amount": "7.90", "currency_code": "EUR"}, "presentment_money": {"amount": "7.90", "currency_code": "EUR"}},
                "discount_allocations": []
            })
        })
        .collect();
    let address = json!({
        "first_name": "Ada", "last_name": "Lovelace", "name": "Ada Lovelace", "company": null, "address1": "12 St James's Square",
        "address2": "Flat 3", "city": "London", "province": "England", "province_code": "ENG", "zip": "SW1Y 4JH",
        "country": "United Kingdom", "country_code": "GB", "phone": phone, "latitude": 51.5074, "longitude": -0.1347
    });
    // The invoice goes to her company: accounting's feed carries this one.
    let billing = json!({
        "first_name": "Ada", "last_name": "Lovelace", "name": "Ada Lovelace", "company": "Analytical Engines Ltd",
        "address1": "1 Babbage Row", "address2": null, "city": "Cambridge", "province": "England", "province_code": "ENG",
        "zip": "CB2 1TN", "country": "United Kingdom", "country_code": "GB", "phone": phone
    });
    json!({
        "id": order.id.parse::<u64>().expect("a numeric id"), "admin_graphql_api_id": format!("gid://shopify/Order/{}", order.id),
        "name": format!("#B{}", &order.id[order.id.len() - 6..]), "order_number": 1001, "created_at": "2026-11-23T10:58:03+01:00",
        "email": email, "phone": phone, "contact_email": email, "customer_locale": "en-GB", "currency": "EUR",
        "presentment_currency": "EUR", "financial_status": "pending", "fulfillment_status": null, "gateway": "stripe",
        "payment_gateway_names": ["stripe"], "processing_method": "direct", "checkout_token": "c1a2b3c4d5e6f7a8b9c0",
        "subtotal_price": "94.80", "total_tax": "15.80", "total_price": format!("{}.{:02}", TOTAL_MINOR / 100, TOTAL_MINOR % 100),
        "total_discounts": "5.00", "discount_codes": [{"code": "WELCOME5", "amount": "5.00", "type": "fixed_amount"}],
        "total_shipping_price_set": {"shop_money": {"amount": "4.90", "currency_code": "EUR"}, "presentment_money": {"amount": "4.90", "currency_code": "EUR"}},
        "customer": {"id": 7_301_829_302_938_471_234u64, "email": email, "first_name": "Ada", "last_name": "Lovelace", "phone": phone, "state": "enabled", "verified_email": true, "tags": "vip"},
        "line_items": line_items,
        "shipping_lines": [{"id": 4_210_987_654u64, "title": "Standard", "code": "Standard", "source": "shopify", "price": "4.90"}],
        "shipping_address": address, "billing_address": billing,
        "note": "Please leave with the concierge", "note_attributes": [{"name": "gift", "value": "no"}], "tags": "bench", "test": false,
        "browser_ip": "192.0.2.10", "landing_site": "/collections/notebooks", "referring_site": "https://example.com/",
        "client_details": {"accept_language": "en-GB,en;q=0.9", "browser_height": 900, "browser_width": 1440, "user_agent": "Mozilla/5.0 (X11; Linux x86_64)"}
    })
    .to_string()
}

pub fn placed(order: &BenchOrder, secrets: &WebhookSecrets) -> Call {
    Call::new("placed", "POST", "/webhooks/orders/shopify".into(), shopify_order_body(order), secrets)
        .header("x-shopify-topic", "orders/create")
        .header("x-shopify-webhook-id", &format!("bench-{}", order.id))
}

pub fn paid(order: &BenchOrder, secrets: &WebhookSecrets) -> Call {
    let body = json!({
        "id": format!("evt_bench_{}", order.id), "object": "event", "api_version": "2025-10-29", "created": 1_795_436_800,
        "livemode": false, "pending_webhooks": 1, "type": "payment_intent.succeeded",
        "data": {"object": {"id": format!("pi_bench_{}", order.id), "object": "payment_intent", "amount": TOTAL_MINOR,
            "amount_received": TOTAL_MINOR, "currency": "eur", "status": "succeeded",
            "metadata": {"order_id": order.id}, "latest_charge": format!("ch_bench_{}", order.id)}}
    });
    Call::new("paid", "POST", "/webhooks/payments/stripe".into(), body.to_string(), secrets)
}

/// A back-office action: `confirm`, `pack` or `ship` (with the tracking number).
pub fn admin(order: &BenchOrder, action: &'static str, secrets: &WebhookSecrets) -> Call {
    let body = if action == "ship" {
        json!({"carrier": "UPS", "tracking_number": order.tracking, "tracking_url": format!("https://www.ups.com/track?tracknum={}", order.tracking)})
            .to_string()
    } else {
        String::new()
    };
    // As a warehouse system would: the same key on every retry of this one action.
    Call::new(action, "POST", format!("/admin/orders/{}/{action}", order.id), body, secrets)
        .header("idempotency-key", &format!("{}-{action}", order.id))
}

/// The `n`th EasyPost tracker update (see [`CARRIER_STATUSES`]).
pub fn carrier(order: &BenchOrder, n: usize, secrets: &WebhookSecrets) -> Call {
    let status = CARRIER_STATUSES[n];
    let at = format!("2026-11-24T{:02}:00:00Z", 8 + n);
    let body = json!({
        "id": format!("evt_bench_{}_{n}", order.id), "object": "Event", "description": "tracker.updated", "mode": "test",
        "result": {"id": format!("trk_{}", order.id), "object": "Tracker", "tracking_code": order.tracking, "status": status,
            "carrier": "UPS", "public_url": "https://track.easypost.com/bench", "updated_at": at,
            "tracking_details": [{"object": "TrackingDetail", "datetime": at, "status": status, "message": "Scanned",
                "tracking_location": {"city": "Croydon", "country": "GB"}}]}
    });
    let step = if status == "delivered" { "delivered" } else { "carrier update" };
    Call::new(step, "POST", "/webhooks/carriers/easypost".into(), body.to_string(), secrets)
}

/// The `n`th in-transit scan of a long journey (EasyPost), a minute apart.
pub fn scan(order: &BenchOrder, n: usize, secrets: &WebhookSecrets) -> Call {
    let at = (jiff::Timestamp::from_second(1_795_500_000).expect("a time") + jiff::SignedDuration::from_mins(n as i64))
        .to_string();
    let body = json!({
        "id": format!("evt_scan_{}_{n}", order.id), "object": "Event", "description": "tracker.updated", "mode": "test",
        "result": {"id": format!("trk_{}", order.id), "object": "Tracker", "tracking_code": order.tracking, "status": "in_transit",
            "carrier": "UPS", "public_url": "https://track.easypost.com/bench", "updated_at": at,
            "tracking_details": [{"object": "TrackingDetail", "datetime": at, "status": "in_transit", "message": "Arrived at sort facility",
                "tracking_location": {"city": "Croydon", "country": "GB"}}]}
    });
    Call::new("carrier update", "POST", "/webhooks/carriers/easypost".into(), body.to_string(), secrets)
}

/// A generic order of `lines` lines (a wholesale order), paid at checkout.
pub fn long_order(order: &BenchOrder, lines: usize, secrets: &WebhookSecrets) -> Call {
    let items: Vec<Value> = (1..=lines)
        .map(|n| json!({"sku": format!("PART-{n:05}"), "name": format!("Replacement part {n} for the Analytical Engine, brass"),
                        "quantity": 1 + n % 5, "unit_price": "2.50"}))
        .collect();
    let total: u64 = (1..=lines as u64).map(|n| (1 + n % 5) * 250).sum();
    let body = json!({
        "order_id": order.id, "order_number": format!("W{}", &order.id[order.id.len() - 6..]),
        "customer": {"name": "Ada Lovelace", "email": format!("wholesale-{}@example.com", order.id)},
        "shipping": {"method": "Pallet", "address": {"line1": "12 St James's Square", "city": "London", "postal_code": "SW1Y 4JH", "country": "GB"}},
        "payment": {"method": "prepaid", "status": "paid"}, "currency": "EUR", "items": items,
        "totals": {"total": format!("{}.{:02}", total / 100, total % 100)}
    });
    Call::new("placed", "POST", "/webhooks/orders/generic".into(), body.to_string(), secrets)
}

/// The customer's own status lookup.
pub fn status(order: &BenchOrder, token: &str) -> Call {
    Call {
        step: "status",
        method: "GET",
        path: format!("/orders/{}", order.id),
        query: format!("token={token}"),
        body: String::new(),
        headers: Vec::new(),
    }
}

/// Every webhook and back-office request of one order, in the order they happen.
pub fn lifecycle(order: &BenchOrder, secrets: &WebhookSecrets) -> Vec<Call> {
    let mut calls = vec![
        placed(order, secrets),
        paid(order, secrets),
        admin(order, "confirm", secrets),
        admin(order, "pack", secrets),
        admin(order, "ship", secrets),
    ];
    calls.extend((0..CARRIER_STATUSES.len()).map(|n| carrier(order, n, secrets)));
    calls
}
