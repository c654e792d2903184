//! Fault injection: an HTTP client for the AWS SDK that fails a chosen share of calls, as a flaky
//! network or a service outage would. A DynamoDB or SQS call fails either before it reaches the
//! service or after the service applied it, its answer lost; an SES or SNS call fails before (a lost
//! answer to a send cannot be told from a send that did not happen: no system can avoid repeating
//! it). The choices come from a seeded generator, so a failing run replays with the same seed.

use aws_sdk_dynamodb::config::retry::RetryConfig;
use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpClient, SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use aws_smithy_runtime_api::client::result::ConnectorError;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_types::SdkConfig;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// Which service a request is for, told from its headers and path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Service {
    DynamoDb,
    Sqs,
    Ses,
    Sns,
}

impl Service {
    fn of(request: &HttpRequest) -> Self {
        let target = request.headers().get("x-amz-target").unwrap_or_default();
        if target.starts_with("DynamoDB") {
            Self::DynamoDb
        } else if target.starts_with("AmazonSQS") {
            Self::Sqs
        } else if request.uri().contains("/v2/email") {
            Self::Ses
        } else {
            Self::Sns
        }
    }

    /// Whether a call may fail after it was applied (its answer lost).
    fn may_lose_answers(self) -> bool {
        matches!(self, Self::DynamoDb | Self::Sqs)
    }
}

/// What the layer did, for the suite's report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FaultCounts {
    pub calls: u64,
    pub failed_before: u64,
    pub failed_after: u64,
}

/// The share of calls to fail, the seeded generator, and the counts. Shared by every client.
#[derive(Debug)]
pub struct Faults {
    per_mille: u32,
    on: AtomicBool,
    rng: Mutex<fastrand::Rng>,
    calls: AtomicU64,
    before: AtomicU64,
    after: AtomicU64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fault {
    Before,
    After,
}

impl Faults {
    /// Fails `per_mille` calls in a thousand once [`Faults::start`] is called.
    pub fn new(per_mille: u32, seed: u64) -> Arc<Self> {
        Arc::new(Self {
            per_mille,
            on: AtomicBool::new(false),
            rng: Mutex::new(fastrand::Rng::with_seed(seed)),
            calls: AtomicU64::new(0),
            before: AtomicU64::new(0),
            after: AtomicU64::new(0),
        })
    }

    pub fn start(&self) {
        self.on.store(true, Ordering::SeqCst);
    }

    pub fn stop(&self) {
        self.on.store(false, Ordering::SeqCst);
    }

    pub fn counts(&self) -> FaultCounts {
        FaultCounts {
            calls: self.calls.load(Ordering::SeqCst),
            failed_before: self.before.load(Ordering::SeqCst),
            failed_after: self.after.load(Ordering::SeqCst),
        }
    }

    fn choose(&self, service: Service) -> Option<Fault> {
        if !self.on.load(Ordering::SeqCst) {
            return None;
        }
        self.calls.fetch_add(1, Ordering::SeqCst);
        let (roll, half) = {
            let mut rng = self.rng.lock().expect("the fault generator");
            (rng.u32(0..1000), rng.bool())
        };
        if roll >= self.per_mille {
            return None;
        }
        if half && service.may_lose_answers() {
            self.after.fetch_add(1, Ordering::SeqCst);
            Some(Fault::After)
        } else {
            self.before.fetch_add(1, Ordering::SeqCst);
            Some(Fault::Before)
        }
    }

    /// `config` with its HTTP client wrapped in this layer. The SDK retries as it does in Lambda
    /// (standard mode, three attempts), in compressed time: its backoff starts at milliseconds.
    pub fn wrap(self: &Arc<Self>, config: &SdkConfig) -> SdkConfig {
        let inner = config.http_client().expect("the configuration has an HTTP client");
        let client = FaultyClient { inner, faults: self.clone() };
        let retry = RetryConfig::standard().with_initial_backoff(std::time::Duration::from_millis(2));
        config.to_builder().http_client(SharedHttpClient::new(client)).retry_config(retry).build()
    }
}

#[derive(Debug)]
struct FaultyClient {
    inner: SharedHttpClient,
    faults: Arc<Faults>,
}

impl HttpClient for FaultyClient {
    fn http_connector(&self, settings: &HttpConnectorSettings, components: &RuntimeComponents) -> SharedHttpConnector {
        let inner = self.inner.http_connector(settings, components);
        SharedHttpConnector::new(FaultyConnector { inner, faults: self.faults.clone() })
    }
}

#[derive(Debug)]
struct FaultyConnector {
    inner: SharedHttpConnector,
    faults: Arc<Faults>,
}

impl HttpConnector for FaultyConnector {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        let service = Service::of(&request);
        match self.faults.choose(service) {
            None => self.inner.call(request),
            Some(Fault::Before) => {
                HttpConnectorFuture::ready(Err(ConnectorError::io(format!("injected: {service:?} unreachable").into())))
            }
            Some(Fault::After) => {
                let applied = self.inner.call(request);
                HttpConnectorFuture::new(async move {
                    let _ = applied.await;
                    Err(ConnectorError::io(format!("injected: {service:?} answer lost").into()))
                })
            }
        }
    }
}
