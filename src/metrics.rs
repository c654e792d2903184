//! Operator metrics as CloudWatch Embedded Metric Format lines: one JSON object per line on stdout,
//! which Lambda ships to CloudWatch Logs and CloudWatch turns into metrics (namespace `Orderflow`),
//! with no call to the CloudWatch API. Written only inside Lambda (`AWS_LAMBDA_FUNCTION_NAME` set),
//! or when `ORDERFLOW_METRICS=stdout`. The dashboard and alarms in `infra/template.yaml` read them.

use crate::domain::{Channel, OrderSource};
use jiff::Timestamp;
use serde_json::{Map, Value, json};
use std::sync::OnceLock;

pub const NAMESPACE: &str = "Orderflow";

/// Which webhook route an outcome is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum WebhookKind {
    Orders,
    Payments,
    Carriers,
}

/// What became of a notice's delivery attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum NoticeOutcome {
    Sent,
    Deferred,
    Refused,
    Retried,
    /// Given up after its attempts.
    Failed,
}

/// One observation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Metric<'a> {
    OrderReceived {
        source: OrderSource,
    },
    /// A webhook's outcome: `recorded`, `applied`, `duplicate`, `parked`, `ignored`, `unmatched`,
    /// `unavailable`, or `rejected` with the problem's slug as the reason.
    Webhook {
        kind: WebhookKind,
        outcome: &'a str,
        reason: Option<&'a str>,
    },
    Notice {
        channel: Channel,
        outcome: NoticeOutcome,
    },
    Sweep {
        orders: usize,
        skipped: usize,
        notices_queued: usize,
    },
}

impl Metric<'_> {
    /// The EMF document: each metric with its own dimension set.
    pub fn document(&self, at: Timestamp) -> Value {
        let mut values = Map::new();
        let mut metrics: Vec<(&str, Vec<&str>, usize)> = Vec::new();
        match self {
            Self::OrderReceived { source } => {
                values.insert("Source".into(), json!(source.as_str()));
                metrics.push(("OrdersReceived", vec!["Source"], 1));
            }
            Self::Webhook { kind, outcome, reason } => {
                let kind: &str = kind.into();
                values.insert("Kind".into(), json!(kind));
                values.insert("Outcome".into(), json!(outcome));
                metrics.push(("Webhooks", vec!["Kind", "Outcome"], 1));
                if let Some(reason) = reason {
                    values.insert("Reason".into(), json!(reason));
                    metrics.push(("WebhooksRejected", vec!["Kind", "Reason"], 1));
                }
            }
            Self::Notice { channel, outcome } => {
                let outcome: &str = outcome.into();
                values.insert("Channel".into(), json!(channel.as_str()));
                values.insert("Outcome".into(), json!(outcome));
                metrics.push(("Notices", vec!["Channel", "Outcome"], 1));
                if *outcome == *<&str>::from(NoticeOutcome::Failed) {
                    metrics.push(("NoticesFailed", vec!["Channel"], 1));
                }
            }
            Self::Sweep { orders, skipped, notices_queued } => {
                metrics.push(("SweepRuns", vec![], 1));
                metrics.push(("SweepOrders", vec![], *orders));
                metrics.push(("SweepSkipped", vec![], *skipped));
                metrics.push(("SweepNoticesQueued", vec![], *notices_queued));
            }
        }
        let directives: Vec<Value> = metrics
            .iter()
            .map(|(name, dimensions, _)| {
                json!({ "Namespace": NAMESPACE, "Dimensions": [dimensions], "Metrics": [{ "Name": name, "Unit": "Count" }] })
            })
            .collect();
        for (name, _, value) in &metrics {
            values.insert((*name).into(), json!(value));
        }
        values.insert("_aws".into(), json!({ "Timestamp": at.as_millisecond(), "CloudWatchMetrics": directives }));
        Value::Object(values)
    }
}

fn enabled() -> bool {
    static ENABLED: OnceLock<bool> = OnceLock::new();
    *ENABLED.get_or_init(|| {
        std::env::var_os("AWS_LAMBDA_FUNCTION_NAME").is_some()
            || std::env::var("ORDERFLOW_METRICS").is_ok_and(|v| v == "stdout")
    })
}

/// Writes `metric` as one EMF line (inside Lambda).
pub fn record(metric: Metric<'_>) {
    if enabled() {
        println!("{}", metric.document(Timestamp::now()));
    }
}

/// [`record`] for one shop: the line names it in a `Shop` property, not a dimension (a dimension
/// would be a custom metric per shop, $0.30 a month each while the shop is busy), which the
/// dashboard's per-shop table reads with Logs Insights.
pub fn record_of(shop: &crate::domain::ShopId, metric: Metric<'_>) {
    if enabled() {
        println!("{}", of_shop(shop, metric.document(Timestamp::now())));
    }
}

fn of_shop(shop: &crate::domain::ShopId, mut document: Value) -> Value {
    document["Shop"] = json!(shop.as_str());
    document
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rejected_webhook_counts_as_an_outcome_and_a_reason() {
        let metric = Metric::Webhook { kind: WebhookKind::Orders, outcome: "rejected", reason: Some("bad-signature") };
        let doc = metric.document(Timestamp::UNIX_EPOCH);
        assert_eq!((doc["Kind"].as_str(), doc["Outcome"].as_str()), (Some("orders"), Some("rejected")));
        assert_eq!((doc["Webhooks"].as_u64(), doc["WebhooksRejected"].as_u64()), (Some(1), Some(1)));
        let directives = doc["_aws"]["CloudWatchMetrics"].as_array().unwrap();
        assert_eq!(directives[1]["Dimensions"], json!([["Kind", "Reason"]]));
        assert!(directives.iter().all(|d| d["Namespace"] == NAMESPACE));
    }

    /// A shop is named on the line, never among a metric's dimensions.
    #[test]
    fn a_shops_figures_name_it_without_a_dimension() {
        let north = crate::domain::ShopId::parse("north").unwrap();
        let doc =
            of_shop(&north, Metric::OrderReceived { source: OrderSource::Shopify }.document(Timestamp::UNIX_EPOCH));
        assert_eq!((doc["Shop"].as_str(), doc["OrdersReceived"].as_u64()), (Some("north"), Some(1)));
        assert_eq!(doc["_aws"]["CloudWatchMetrics"][0]["Dimensions"], json!([["Source"]]));
    }

    #[test]
    fn a_sweep_reports_runs_orders_and_skips() {
        let doc = Metric::Sweep { orders: 3, skipped: 1, notices_queued: 2 }.document(Timestamp::UNIX_EPOCH);
        assert_eq!(doc["SweepSkipped"], 1);
        assert_eq!(doc["SweepOrders"], 3);
        assert_eq!(doc["_aws"]["CloudWatchMetrics"][0]["Dimensions"], json!([[]]));
    }

    #[test]
    fn a_failed_notice_also_counts_in_the_alarmed_metric() {
        let doc =
            Metric::Notice { channel: Channel::Sms, outcome: NoticeOutcome::Failed }.document(Timestamp::UNIX_EPOCH);
        assert_eq!((doc["Notices"].as_u64(), doc["NoticesFailed"].as_u64()), (Some(1), Some(1)));
        assert_eq!(doc["Channel"], "sms");
    }
}
