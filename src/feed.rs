//! The status feed: every change of an order's status, payment or shipment as one event, for the
//! shop's other systems (accounting, warehouse, CRM). Events come from the table's stream (each
//! write of an order's head, old and new), so no change is missed and none is invented; they go to
//! the EventBridge bus and, signed, to the webhook subscribers the shop configures.

use crate::domain::{Address, CancelCause, FulfilmentStatus, Order, OrderSource, PaymentStatus, Private};
use crate::store::layout::Head;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// The version of the event format (`events/schemas/feed-event.schema.json`).
pub const SCHEMA_VERSION: u32 = 1;
/// `t={unix seconds},v1={hex HMAC-SHA256 of "{t}.{body}"}` with the subscriber's secret.
pub const SIGNATURE_HEADER: &str = "Orderflow-Signature";
pub const EVENT_ID_HEADER: &str = "Orderflow-Event-Id";
/// The events' `source` on EventBridge.
pub const SOURCE: &str = "orderflow";

/// What changed: the EventBridge `detail-type`, and what a subscriber chooses to receive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, strum::IntoStaticStr)]
pub enum FeedKind {
    #[serde(rename = "order.received")]
    #[strum(serialize = "order.received")]
    OrderReceived,
    #[serde(rename = "order.status")]
    #[strum(serialize = "order.status")]
    OrderStatus,
    #[serde(rename = "payment.status")]
    #[strum(serialize = "payment.status")]
    PaymentStatus,
    #[serde(rename = "shipment.updated")]
    #[strum(serialize = "shipment.updated")]
    ShipmentUpdated,
    /// A shop's usage of a month, once the month is over ([`UsageClosed`]): for the host, so only
    /// to a subscriber of the deployment's own shop that names it among its kinds.
    #[serde(rename = "usage.closed")]
    #[strum(serialize = "usage.closed")]
    UsageClosed,
}

impl FeedKind {
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// One change of one order, with the order's state after it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeedEvent {
    /// `{order id}/{sequence}/{kind}`: the same change always has the same id (dedupe by it).
    pub id: String,
    pub schema_version: u32,
    pub kind: FeedKind,
    pub order_id: String,
    pub order_number: String,
    pub source: OrderSource,
    /// The order's version after the change: increases with every change of the order.
    pub sequence: u64,
    pub occurred_at: Timestamp,
    pub status: FulfilmentStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_status: Option<FulfilmentStatus>,
    pub payment: PaymentView,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipment: Option<ShipmentView>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancellation: Option<CancellationView>,
    /// Only for subscribers configured to receive it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<CustomerView>,
    /// Only for subscribers configured to receive it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipping_address: Option<Address>,
    /// Only for subscribers configured to receive it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing_address: Option<Address>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentView {
    pub status: PaymentStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_status: Option<PaymentStatus>,
    pub currency: String,
    /// Decimal strings in the currency: `"94.70"`.
    pub total: String,
    pub received: String,
    pub refunded: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShipmentView {
    pub carrier: Option<String>,
    pub tracking_number: Option<String>,
    pub tracking_url: Option<String>,
    pub estimated_delivery: Option<Timestamp>,
    pub shipped_at: Option<Timestamp>,
    pub delivered_at: Option<Timestamp>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CancellationView {
    pub cause: CancelCause,
    pub stage: FulfilmentStatus,
    pub actor: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerView {
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

fn shipment(head: &Head) -> Option<ShipmentView> {
    let s = &head.shipment;
    (s.shipped_at.is_some() || s.tracking_number.is_some()).then(|| ShipmentView {
        carrier: s.carrier.clone(),
        tracking_number: s.tracking_number.as_ref().map(|n| n.to_string()),
        tracking_url: s.tracking_url.clone(),
        estimated_delivery: s.estimated_delivery,
        shipped_at: s.shipped_at,
        delivered_at: s.delivered_at,
    })
}

/// The events one write of an order's head makes: `old` is the head before it (`None` for a new
/// order), `at` when it was written.
pub fn changes(old: Option<&Head>, new: &Head, at: Timestamp) -> Vec<FeedEvent> {
    if old.is_some_and(|old| old.version >= new.version) {
        return Vec::new();
    }
    let money = |minor: i64| crate::domain::Money::new(minor, new.totals.currency).decimal();
    let event = |kind: FeedKind| FeedEvent {
        id: format!("{}/{}/{}", new.id, new.version, kind.as_str()),
        schema_version: SCHEMA_VERSION,
        kind,
        order_id: new.id.clone(),
        order_number: new.number.clone(),
        source: new.source,
        sequence: new.version,
        occurred_at: at,
        status: new.status,
        previous_status: old.map(|o| o.status).filter(|s| *s != new.status),
        payment: PaymentView {
            status: new.payment.status,
            previous_status: old.map(|o| o.payment.status).filter(|s| *s != new.payment.status),
            currency: new.totals.currency.code().to_string(),
            total: money(new.totals.total_minor),
            received: money(new.payment.received_minor()),
            refunded: money(new.payment.refunded_minor()),
        },
        shipment: shipment(new),
        cancellation: new.cancellation.as_ref().map(|c| CancellationView {
            cause: c.cause,
            stage: c.stage,
            actor: c.actor.clone(),
        }),
        customer: None,
        shipping_address: None,
        billing_address: None,
    };
    let Some(old) = old else { return vec![event(FeedKind::OrderReceived)] };
    let money_moved = |h: &Head| (h.payment.status, h.payment.received_minor(), h.payment.refunded_minor());
    let parcel = |h: &Head| {
        let s = &h.shipment;
        (s.carrier.clone(), s.tracking_number.clone(), s.tracking_url.clone(), s.estimated_delivery)
    };
    let mut events = Vec::new();
    if old.status != new.status {
        events.push(event(FeedKind::OrderStatus));
    }
    if money_moved(old) != money_moved(new) {
        events.push(event(FeedKind::PaymentStatus));
    }
    if parcel(old) != parcel(new) {
        events.push(event(FeedKind::ShipmentUpdated));
    }
    events
}

/// Personal data a subscriber may receive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PersonalData {
    /// The customer's name, email and phone (a CRM, accounting).
    Contact,
    /// The delivery address (a warehouse).
    ShippingAddress,
    /// Who pays: the billing address, else the shipping address (accounting).
    BillingAddress,
}

/// A shop's usage of a month, sent to the host once the month is over (`usage.closed`): what
/// `orderflow usage` reports, with the shop's stored items and bytes as the month's close counted
/// them, and the estimated cost.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UsageClosed {
    /// `usage.closed/{shop}/{month}`: the same close always has the same id (dedupe by it).
    pub id: String,
    pub schema_version: u32,
    pub kind: FeedKind,
    pub shop: crate::domain::ShopId,
    /// `2026-12` (UTC).
    pub month: String,
    /// By meter (`orders`, `events`, `emails`, `sms`, `sms_segments`, `sms_segments.<country>`,
    /// `feed_deliveries`, `stored_items`, `stored_bytes`).
    pub counts: std::collections::BTreeMap<String, u64>,
    pub estimated_usd: f64,
    pub closed_at: Timestamp,
}

impl UsageClosed {
    pub fn new(shop: &crate::domain::ShopId, month: &str, usage: &crate::domain::usage::Usage, at: Timestamp) -> Self {
        Self {
            id: format!("usage.closed/{shop}/{month}"),
            schema_version: SCHEMA_VERSION,
            kind: FeedKind::UsageClosed,
            shop: shop.clone(),
            month: month.to_string(),
            counts: usage.counts().clone(),
            estimated_usd: (crate::domain::usage::estimated_cost(usage) * 10_000.0).round() / 10_000.0,
            closed_at: at,
        }
    }
}

/// A system the shop sends the feed to (`FEED_SUBSCRIBERS`, a JSON list).
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Subscriber {
    /// Names its queue messages and its delivery log: letters, digits, `-` and `_`.
    pub name: String,
    pub url: String,
    /// Signs every delivery; a value may hold the new and the previous secret during a rotation
    /// (each signs: the header carries a `v1` per secret, so the receiver may switch at any time).
    pub secret: Private<String>,
    /// The kinds it wants; all when empty.
    #[serde(default)]
    pub kinds: Vec<FeedKind>,
    #[serde(default)]
    pub personal: Vec<PersonalData>,
}

impl std::fmt::Debug for Subscriber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Subscriber").field("name", &self.name).field("kinds", &self.kinds).finish_non_exhaustive()
    }
}

impl Subscriber {
    /// An order's events when it names no kinds; `usage.closed` only when it names it.
    pub fn wants(&self, kind: FeedKind) -> bool {
        self.kinds.contains(&kind) || (self.kinds.is_empty() && kind != FeedKind::UsageClosed)
    }

    /// The event as this subscriber receives it: with the personal data it is configured for.
    pub fn view(&self, mut event: FeedEvent, order: Option<&Order>) -> FeedEvent {
        if let Some(order) = order {
            if self.personal.contains(&PersonalData::Contact) {
                let expose = |p: &Option<Private<String>>| p.as_ref().map(|v| v.expose().clone());
                event.customer = Some(CustomerView {
                    name: expose(&order.customer.name),
                    email: expose(&order.customer.email),
                    phone: expose(&order.customer.phone),
                });
            }
            if self.personal.contains(&PersonalData::ShippingAddress) {
                event.shipping_address = order.shipping.address.as_ref().map(|a| a.expose().clone());
            }
            if self.personal.contains(&PersonalData::BillingAddress) {
                event.billing_address = order.billing_address().cloned();
            }
        }
        event
    }

    /// The `Orderflow-Signature` of `body` sent at `at`.
    pub fn sign(&self, body: &[u8], at: Timestamp) -> String {
        let secrets: Vec<&str> = self.secret.expose().split_whitespace().collect();
        crate::providers::signature::sign_timestamped_with_each(&secrets, body, at)
    }
}

/// Where a subscriber may be: a signed event carries personal data, so it never goes to this
/// machine (the Lambda runtime API is on loopback), the cloud's metadata service (link-local) or
/// a private network, whatever its name resolves to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reach {
    Public,
    /// Public addresses and loopback: development and tests.
    PublicAndLoopback,
}

impl Reach {
    pub fn allows(self, ip: std::net::IpAddr) -> bool {
        use std::net::IpAddr;
        let public = match ip {
            IpAddr::V4(v4) => {
                let [a, b, ..] = v4.octets();
                !(v4.is_loopback()
                    || v4.is_private()
                    || v4.is_link_local()
                    || v4.is_unspecified()
                    || v4.is_broadcast()
                    || v4.is_multicast()
                    || v4.is_documentation()
                    || a == 0
                    || (a == 100 && (64..128).contains(&b)))
            }
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => return self.allows(IpAddr::V4(v4)),
                None => {
                    let first = v6.segments()[0];
                    !(v6.is_loopback()
                        || v6.is_unspecified()
                        || v6.is_multicast()
                        || (first & 0xfe00) == 0xfc00
                        || (first & 0xffc0) == 0xfe80)
                }
            },
        };
        public || (self == Reach::PublicAndLoopback && ip.is_loopback())
    }

    /// Whether a subscriber's URL names an address this reach refuses (an IP literal, which no
    /// name lookup sees).
    pub fn refuses_literal(self, url: &str) -> bool {
        let host = url::Url::parse(url).ok().and_then(|u| u.host().map(|h| h.to_owned()));
        match host {
            Some(url::Host::Ipv4(ip)) => !self.allows(ip.into()),
            Some(url::Host::Ipv6(ip)) => !self.allows(ip.into()),
            Some(url::Host::Domain(_)) => false,
            None => true,
        }
    }
}

/// Reads `FEED_SUBSCRIBERS`: a JSON list of subscribers, names unique and plain.
pub fn read_subscribers(json: &str) -> Result<Vec<Subscriber>, String> {
    let subscribers: Vec<Subscriber> =
        serde_json::from_str(json).map_err(|e| format!("FEED_SUBSCRIBERS is not a list of subscribers: {e}"))?;
    for (i, s) in subscribers.iter().enumerate() {
        let plain = !s.name.is_empty()
            && s.name.len() <= 40
            && s.name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !plain {
            return Err(format!("FEED_SUBSCRIBERS[{i}].name must be 1 to 40 letters, digits, - or _"));
        }
        if subscribers[..i].iter().any(|other| other.name == s.name) {
            return Err(format!("FEED_SUBSCRIBERS[{i}].name {:?} is used twice", s.name));
        }
        crate::domain::link::web_link(&format!("FEED_SUBSCRIBERS[{i}].url"), &s.url).map_err(|e| e.to_string())?;
    }
    Ok(subscribers)
}

/// One event for one subscriber of one shop: the feed queue's message (the default shop left out,
/// as in every message of before shops).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Delivery {
    #[serde(default, skip_serializing_if = "crate::domain::ShopId::is_default")]
    pub shop: crate::domain::ShopId,
    pub subscriber: String,
    pub event: FeedEvent,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testing;

    #[test]
    fn a_write_makes_one_event_per_thing_that_changed_and_a_rewrite_none() {
        let order = testing::receive_draft(testing::draft()).unwrap();
        let new = Head::of(&order);
        let at = order.received_at;
        let received = changes(None, &new, at);
        assert_eq!(received.iter().map(|e| e.kind).collect::<Vec<_>>(), [FeedKind::OrderReceived]);
        assert_eq!(received[0].id, format!("{}/{}/order.received", order.id, order.version));

        let mut shipped = new.clone();
        shipped.version += 1;
        shipped.status = FulfilmentStatus::Shipped;
        shipped.shipment.tracking_number = Some("1Z".into());
        shipped.shipment.shipped_at = Some(at);
        let events = changes(Some(&new), &shipped, at);
        assert_eq!(
            events.iter().map(|e| e.kind).collect::<Vec<_>>(),
            [FeedKind::OrderStatus, FeedKind::ShipmentUpdated]
        );
        assert_eq!(events[0].previous_status, Some(new.status));
        assert!(events.iter().all(|e| e.customer.is_none() && e.shipping_address.is_none()), "no personal data");
        // The same version written again (a retried stream batch, a due-time rewrite): nothing.
        assert!(changes(Some(&shipped), &shipped, at).is_empty());
    }

    #[test]
    fn subscribers_are_checked_when_read() {
        let ok = r#"[{"name":"warehouse","url":"https://wms.example/hook","secret":"s","kinds":["shipment.updated"],"personal":["shipping_address"]}]"#;
        let subscribers = read_subscribers(ok).unwrap();
        assert!(subscribers[0].wants(FeedKind::ShipmentUpdated) && !subscribers[0].wants(FeedKind::OrderStatus));
        assert!(read_subscribers(r#"[{"name":"a b","url":"https://x","secret":"s"}]"#).is_err());
        assert!(read_subscribers(r#"[{"name":"a","url":"http://x","secret":"s"}]"#).is_err());
        // Checked as a link, not by its first characters.
        for url in ["http://localhost.evil.example/hook", "http://127.0.0.1.evil.example/", "javascript:x", "/hook"] {
            let json = format!(r#"[{{"name":"a","url":"{url}","secret":"s"}}]"#);
            assert!(read_subscribers(&json).unwrap_err().contains("FEED_SUBSCRIBERS[0].url"), "{url}");
        }
        assert!(read_subscribers(r#"[{"name":"a","url":"http://127.0.0.1:9000/hook","secret":"s"}]"#).is_ok());
        assert!(read_subscribers(r#"[{"name":"a","url":"https://x","secret":"s","colour":1}]"#).is_err());
    }

    #[test]
    fn a_subscriber_with_two_secrets_gets_a_signature_by_each() {
        let json = r#"[{"name":"wms","url":"https://wms.example/hook","secret":"new-secret old-secret"}]"#;
        let subscriber = read_subscribers(json).unwrap().remove(0);
        let at = Timestamp::from_second(1_700_000_000).unwrap();
        let header = subscriber.sign(b"{}", at);
        for secret in ["new-secret", "old-secret"] {
            let alone = crate::providers::signature::sign_timestamped(secret, b"{}", at);
            assert!(header.contains(alone.split_once(',').unwrap().1), "{header}");
            let checked = crate::providers::signature::verify_timestamped(
                "Orderflow-Signature",
                Some(&header),
                secret,
                b"{}",
                at,
            );
            assert!(checked.is_ok(), "a receiver on {secret} accepts it");
        }
    }
}
