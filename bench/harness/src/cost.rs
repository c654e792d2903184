//! What 1,000 order lifecycles cost, from the measured calls, units and durations.

use crate::calls::{FeedCalls, LifecycleCalls};

/// AWS list prices, us-east-1, on-demand, without free tiers.
pub struct Prices {
    pub as_of: &'static str,
    pub lambda_per_request: f64,
    pub lambda_per_gb_second_x86: f64,
    pub lambda_per_gb_second_arm: f64,
    pub dynamodb_per_write_unit: f64,
    pub dynamodb_per_read_unit: f64,
    pub sqs_fifo_per_request: f64,
    pub ses_per_email: f64,
    pub sns_sms_us_per_message: f64,
    pub http_api_per_request: f64,
    pub eventbridge_per_event: f64,
}

pub const PRICES: Prices = Prices {
    as_of: "2025 list prices (DynamoDB on-demand after its 2024-11-01 reduction)",
    lambda_per_request: 0.20 / 1e6,
    lambda_per_gb_second_x86: 0.000_016_666_7,
    lambda_per_gb_second_arm: 0.000_013_333_4,
    dynamodb_per_write_unit: 0.625 / 1e6,
    dynamodb_per_read_unit: 0.125 / 1e6,
    sqs_fifo_per_request: 0.50 / 1e6,
    ses_per_email: 0.10 / 1e3,
    sns_sms_us_per_message: 0.005_81,
    http_api_per_request: 1.00 / 1e6,
    eventbridge_per_event: 1.00 / 1e6,
};

/// What the status feed adds per 1,000 lifecycles: publishing (whatever the subscribers), and each
/// webhook subscriber.
pub struct FeedCost {
    pub publish: f64,
    pub per_subscriber: f64,
}

/// `invocation_ms`: the billed duration taken for one feed function invocation.
pub fn feed_per_thousand(feed: &FeedCalls, invocation_ms: f64, memory_mb: f64) -> FeedCost {
    let p = &PRICES;
    let invocation =
        p.lambda_per_request + invocation_ms.ceil() / 1000.0 * memory_mb / 1024.0 * p.lambda_per_gb_second_arm;
    let dynamodb =
        |t: &crate::calls::Tally| t.write_units * p.dynamodb_per_write_unit + t.read_units * p.dynamodb_per_read_unit;
    // The deliveries queued while publishing are the subscriber's.
    let queued = feed.publish.of_service("SQS") as f64;
    FeedCost {
        publish: 1000.0
            * (feed.head_writes as f64 * invocation
                + dynamodb(&feed.publish)
                + feed.events as f64 * p.eventbridge_per_event),
        per_subscriber: 1000.0
            * (feed.events as f64 * invocation
                + dynamodb(&feed.deliver)
                // Each delivery received and deleted on its own, as they come apart in time.
                + (queued + 2.0 * feed.events as f64) * p.sqs_fifo_per_request),
    }
}

/// Dollars per 1,000 lifecycles, by item.
pub struct Cost {
    pub lambda_requests: f64,
    pub lambda_compute_arm: f64,
    pub lambda_compute_x86: f64,
    pub dynamodb: f64,
    pub sqs: f64,
    pub ses: f64,
    pub sms_if_by_sms: f64,
    pub http_api: f64,
    /// The scheduler runs every minute whatever the volume: dollars per 30-day month.
    pub scheduler_per_month: f64,
}

impl Cost {
    /// The target's scope: Lambda (arm64, as deployed by default), DynamoDB and SQS.
    pub fn core(&self) -> f64 {
        self.lambda_requests + self.lambda_compute_arm + self.dynamodb + self.sqs
    }
}

/// `invocation_ms`: the mean billed duration of one function invocation, `memory_mb` as configured.
pub fn per_thousand(calls: &LifecycleCalls, invocation_ms: f64, memory_mb: f64, idle_sweep_ms: f64) -> Cost {
    let p = &PRICES;
    let total = calls.total();
    let invocations = calls.function_invocations() as f64;
    let gb_seconds = invocations * invocation_ms.ceil() / 1000.0 * memory_mb / 1024.0;
    let http_requests = calls.steps.iter().filter(|s| s.name != "follow-up").count() as f64;
    let emails = calls.emails() as f64;
    let sweeps_per_month = 30.0 * 24.0 * 60.0;
    let sweep_gb_seconds = idle_sweep_ms.ceil() / 1000.0 * memory_mb / 1024.0;
    let scheduler_per_month = sweeps_per_month
        * (p.lambda_per_request
            + sweep_gb_seconds * p.lambda_per_gb_second_arm
            + calls.idle_sweep.read_units * p.dynamodb_per_read_unit);
    Cost {
        lambda_requests: 1000.0 * invocations * p.lambda_per_request,
        lambda_compute_arm: 1000.0 * gb_seconds * p.lambda_per_gb_second_arm,
        lambda_compute_x86: 1000.0 * gb_seconds * p.lambda_per_gb_second_x86,
        dynamodb: 1000.0
            * (total.write_units * p.dynamodb_per_write_unit + total.read_units * p.dynamodb_per_read_unit),
        sqs: 1000.0 * total.of_service("SQS") as f64 * p.sqs_fifo_per_request,
        ses: 1000.0 * emails * p.ses_per_email,
        sms_if_by_sms: 1000.0 * emails * p.sns_sms_us_per_message,
        http_api: 1000.0 * http_requests * p.http_api_per_request,
        scheduler_per_month,
    }
}

/// CloudWatch, Secrets Manager and DynamoDB storage list prices (us-east-1), for what a deployment
/// and a shop cost a month whatever they do.
pub const ALARM_PER_MONTH: f64 = 0.10;
pub const DASHBOARD_PER_MONTH: f64 = 3.00;
pub const SECRET_PER_MONTH: f64 = 0.40;
pub const SECRET_PER_CALL: f64 = 0.05 / 1e4;
pub const STORAGE_PER_GB_MONTH: f64 = 0.25;
/// Runs of the scheduler in a 30-day month (one a minute).
pub const RUNS_PER_MONTH: f64 = 30.0 * 24.0 * 60.0;
/// Assumed, not measured (AWS does not publish it): Lambda's pollers make about 15 empty receives
/// a minute on each idle queue with a function trigger (five long polls of 20 s).
pub const IDLE_RECEIVES_PER_MINUTE: f64 = 15.0;

/// What the deployment costs a month doing nothing, by item.
pub struct Fixed {
    pub alarms: usize,
    pub dashboards: usize,
    pub triggered_queues: usize,
    pub scheduler: f64,
    /// The scheduler's secret read, every SECRETS_TTL_SECONDS (300) while warm.
    pub secret_reads: f64,
}

impl Fixed {
    /// Counted from the template's resources and events.
    pub fn of_template(template: &str, scheduler: f64) -> Self {
        let lines: Vec<&str> = template.lines().map(str::trim).collect();
        let count = |needle: &str| lines.iter().filter(|l| **l == needle).count();
        // A function's SQS event (`Type: SQS` then its `Properties`), not a failure destination.
        let triggers = lines.windows(2).filter(|w| w[0] == "Type: SQS" && w[1] == "Properties:").count();
        Self {
            alarms: count("Type: AWS::CloudWatch::Alarm"),
            dashboards: count("Type: AWS::CloudWatch::Dashboard"),
            triggered_queues: triggers,
            scheduler,
            secret_reads: RUNS_PER_MONTH / 5.0 * SECRET_PER_CALL,
        }
    }

    pub fn pollers(&self) -> f64 {
        self.triggered_queues as f64 * IDLE_RECEIVES_PER_MINUTE * RUNS_PER_MONTH * PRICES.sqs_fifo_per_request
    }

    pub fn total(&self) -> f64 {
        self.alarms as f64 * ALARM_PER_MONTH
            + self.dashboards as f64 * DASHBOARD_PER_MONTH
            + SECRET_PER_MONTH
            + self.secret_reads
            + self.scheduler
            + self.pollers()
    }
}

/// What one idle added shop adds a month: its part of each scheduler run (the run's extra
/// duration, its due partition's query, its share of reading the shops' records) and its record's
/// storage.
pub struct IdleShop {
    pub lambda: f64,
    pub dynamodb: f64,
    pub storage: f64,
}

impl IdleShop {
    /// `extra_ms`: a run's extra duration per shop; `record_bytes`: its record's size.
    pub fn new(extra_ms: f64, record_bytes: usize, memory_mb: f64) -> Self {
        let p = &PRICES;
        // Its due partition: one eventually consistent query that finds nothing (half a unit); its
        // record, read strongly with the others (a unit per 4 KB).
        let units = 0.5 + record_bytes as f64 / 4096.0;
        Self {
            lambda: RUNS_PER_MONTH * extra_ms.max(0.0) / 1000.0 * memory_mb / 1024.0 * p.lambda_per_gb_second_arm,
            dynamodb: RUNS_PER_MONTH * units * p.dynamodb_per_read_unit,
            storage: record_bytes as f64 / 1e9 * STORAGE_PER_GB_MONTH,
        }
    }

    pub fn total(&self) -> f64 {
        self.lambda + self.dynamodb + self.storage
    }
}
