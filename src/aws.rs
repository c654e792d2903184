//! Building the AWS clients and the use-case services, once per process (outside any handler).

use crate::app::{App, Worker};
use crate::clock::Clock;
use crate::config::Settings;
use crate::notify::Sender;
use crate::notify::{ses::SesEmail, sns::SnsSms, sqs::SqsQueue};
use crate::providers::capture::{PaymentApis, PaymentCapture};
use crate::providers::paypal::{PaypalApi, PaypalNotConfigured, PaypalVerifier};
use crate::providers::stripe::StripeApi;
use crate::secrets::Fresh;
use crate::shops::Shops;
use crate::store::DynamoStore;
use crate::store::OrderStore;
use aws_lambda_events::event::sqs::{SqsBatchResponse, SqsEvent};
use aws_sdk_dynamodb::config::timeout::TimeoutConfig;
use aws_sdk_dynamodb::config::{BehaviorVersion, Credentials, Region, SharedAsyncSleep, SharedCredentialsProvider};
use aws_smithy_async::rt::sleep::TokioSleep;
use aws_smithy_http_client::tls::{Provider, TlsContext, TrustStore, rustls_provider::CryptoMode};
use aws_types::SdkConfig;
use aws_types::service_config::{LoadServiceConfig, ServiceConfigKey};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

/// The SDK configuration inside Lambda, read from the variables the Lambda service sets
/// (`AWS_REGION`, `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`) plus
/// `AWS_ENDPOINT_URL` (and `AWS_ENDPOINT_URL_<SERVICE>`) for the local emulator. Nothing else is consulted, so a cold start reads no
/// files and makes no calls, and the binaries carry no STS, SSO or instance-metadata code.
pub fn sdk_config() -> SdkConfig {
    let var = |name: &str| std::env::var(name).ok().filter(|value| !value.is_empty());
    let credentials = Credentials::new(
        var("AWS_ACCESS_KEY_ID").unwrap_or_default(),
        var("AWS_SECRET_ACCESS_KEY").unwrap_or_default(),
        var("AWS_SESSION_TOKEN"),
        None,
        "lambda-environment",
    );
    let region = var("AWS_REGION").or_else(|| var("AWS_DEFAULT_REGION")).unwrap_or_else(|| "us-east-1".into());
    let timeouts = TimeoutConfig::builder()
        .connect_timeout(Duration::from_secs(2))
        .operation_attempt_timeout(ATTEMPT_TIMEOUT)
        .operation_timeout(OPERATION_TIMEOUT)
        .build();
    config(region, credentials, var("AWS_ENDPOINT_URL"), ServiceEndpoints::from_env(), timeouts)
}

/// The longest any AWS call of a function may take, retries included: below the functions' timeout
/// (10 s), so that no call outlives its function, and a notice's send ends well within its lease.
pub const OPERATION_TIMEOUT: Duration = Duration::from_secs(6);
/// The longest one try of a call may take.
pub const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(3);

/// The SDK configuration for an explicit endpoint with static credentials (the local emulator);
/// `AWS_ENDPOINT_URL_<SERVICE>` variables still move single services elsewhere.
pub fn emulator_config(endpoint: &str) -> SdkConfig {
    emulator_config_with(endpoint, ServiceEndpoints::from_env())
}

/// [`emulator_config`] with explicit per-service endpoints.
pub fn emulator_config_with(endpoint: &str, services: ServiceEndpoints) -> SdkConfig {
    let credentials = Credentials::new("local", "local", None, None, "emulator");
    // The emulator answers one request at a time: a busy test suite may keep a call waiting.
    let timeouts = TimeoutConfig::builder().operation_timeout(Duration::from_secs(120)).build();
    config("us-east-1".into(), credentials, Some(endpoint.into()), services, timeouts)
}

/// Per-service endpoints, named as the AWS SDKs name them: `AWS_ENDPOINT_URL_DYNAMODB` overrides
/// `AWS_ENDPOINT_URL` for DynamoDB alone (and so on for `_SQS`, `_SESV2`, `_SNS`).
#[derive(Clone, Debug, Default)]
pub struct ServiceEndpoints(BTreeMap<String, String>);

impl ServiceEndpoints {
    const PREFIX: &'static str = "AWS_ENDPOINT_URL_";

    pub fn from_env() -> Self {
        Self(std::env::vars().filter(|(name, value)| name.starts_with(Self::PREFIX) && !value.is_empty()).collect())
    }

    /// Sends `service` (its SDK id, e.g. `DynamoDB`) to `endpoint`.
    pub fn with(mut self, service: &str, endpoint: &str) -> Self {
        self.0.insert(format!("{}{}", Self::PREFIX, service.to_ascii_uppercase().replace(' ', "_")), endpoint.into());
        self
    }
}

impl LoadServiceConfig for ServiceEndpoints {
    fn load_config(&self, key: ServiceConfigKey<'_>) -> Option<String> {
        let name = format!("{}_{}", key.env(), key.service_id().to_ascii_uppercase().replace(' ', "_"));
        self.0.get(&name).cloned()
    }
}

/// The roots every AWS service endpoint's certificate chains to (Amazon Trust Services).
const AMAZON_ROOTS: &[u8] = include_bytes!("amazon-roots.pem");

/// Trusts the Amazon roots, or the bundle named by `AWS_CA_BUNDLE` (the SDKs' variable for a proxy or
/// a private endpoint with another CA). Parsing five roots instead of the system's ~150 takes most
/// of the TLS set-up out of a cold start.
fn trust_store() -> TrustStore {
    let pem = std::env::var_os("AWS_CA_BUNDLE").and_then(|path| std::fs::read(path).ok());
    TrustStore::empty().with_native_roots(false).with_pem_certificate(pem.unwrap_or_else(|| AMAZON_ROOTS.to_vec()))
}

/// The HTTPS client every SDK client uses: rustls on ring, trusting [`trust_store`].
pub fn https_client() -> aws_smithy_runtime_api::client::http::SharedHttpClient {
    let tls = TlsContext::builder().with_trust_store(trust_store()).build().expect("a TLS context from PEM roots");
    aws_smithy_http_client::Builder::new()
        .tls_provider(Provider::Rustls(CryptoMode::Ring))
        .tls_context(tls)
        .build_https()
}

fn config(
    region: String,
    credentials: Credentials,
    endpoint: Option<String>,
    services: ServiceEndpoints,
    timeouts: TimeoutConfig,
) -> SdkConfig {
    let https = https_client();
    let mut builder = SdkConfig::builder()
        .timeout_config(timeouts)
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(region))
        .credentials_provider(SharedCredentialsProvider::new(credentials))
        .http_client(https)
        .sleep_impl(SharedAsyncSleep::new(TokioSleep::new()))
        .service_config(services);
    builder.set_endpoint_url(endpoint);
    builder.build()
}

pub fn store(config: &SdkConfig, settings: &Settings) -> DynamoStore {
    DynamoStore::new(aws_sdk_dynamodb::Client::new(config), &settings.table_name, settings.lookup.clone())
        .for_shop(&settings.shop)
}

/// The services of the HTTP functions. PayPal webhooks are refused here and no capture is possible:
/// only [`payments_app`] verifies PayPal webhooks, only [`backoffice_app`] captures payments and
/// only [`scheduler_app`] releases them.
pub fn app(config: &SdkConfig, settings: Arc<Settings>, clock: Clock) -> Arc<App<DynamoStore, SqsQueue>> {
    Arc::new(app_with(config, settings, clock, Arc::new(PaypalNotConfigured), Arc::new(PaymentApis::default())))
}

/// The order-status function's services: [`app`] over a store that only reads (an order in the
/// former layout is read as it is).
pub fn status_app(config: &SdkConfig, settings: Arc<Settings>, clock: Clock) -> Arc<App<DynamoStore, SqsQueue>> {
    let mut app = app_with(config, settings, clock, Arc::new(PaypalNotConfigured), Arc::new(PaymentApis::default()));
    app.store = app.store.reading_only();
    Arc::new(app)
}

/// The payment-captured function's services: [`app`] with PayPal's verifier.
pub fn payments_app(config: &SdkConfig, settings: Arc<Settings>, clock: Clock) -> Arc<App<DynamoStore, SqsQueue>> {
    let paypal = paypal_verifier(&settings);
    Arc::new(app_with(config, settings, clock, paypal, Arc::new(PaymentApis::default())))
}

/// The back office's services: [`app`] with the payment providers' capture APIs.
pub fn backoffice_app(config: &SdkConfig, settings: Arc<Settings>, clock: Clock) -> Arc<App<DynamoStore, SqsQueue>> {
    let capture = payment_apis(&settings);
    Arc::new(app_with(config, settings, clock, Arc::new(PaypalNotConfigured), capture))
}

/// The scheduler's services: [`app`] with the payment providers' APIs, to release the money held
/// for cancelled orders.
pub fn scheduler_app(config: &SdkConfig, settings: Arc<Settings>, clock: Clock) -> Arc<App<DynamoStore, SqsQueue>> {
    let capture = payment_apis(&settings);
    Arc::new(app_with(config, settings, clock, Arc::new(PaypalNotConfigured), capture))
}

/// Every service at once: the local stack of `orderflow dev`, the tests and the bench.
pub fn whole_app(config: &SdkConfig, settings: Arc<Settings>, clock: Clock) -> Arc<App<DynamoStore, SqsQueue>> {
    let (paypal, capture) = (paypal_verifier(&settings), payment_apis(&settings));
    Arc::new(app_with(config, settings, clock, paypal, capture))
}

fn app_with(
    config: &SdkConfig,
    settings: Arc<Settings>,
    clock: Clock,
    paypal: Arc<dyn PaypalVerifier>,
    capture: Arc<dyn PaymentCapture>,
) -> App<DynamoStore, SqsQueue> {
    let queue = SqsQueue::new(aws_sdk_sqs::Client::new(config), &settings.email_queue_url, &settings.sms_queue_url)
        .for_shop(&settings.shop);
    App { store: store(config, &settings), queue, settings, clock, paypal, capture }
}

/// The capture APIs of the providers whose credentials are set.
pub fn payment_apis(settings: &Settings) -> Arc<dyn PaymentCapture> {
    Arc::new(PaymentApis {
        stripe: settings.stripe.clone().map(StripeApi::new),
        paypal: settings.paypal.clone().map(|api| Arc::new(PaypalApi::new(api))),
    })
}

/// PayPal's verify API when it is configured with a webhook id; else, in a `dev` build (`orderflow dev`, tests), the
/// local shared-secret double when `PAYPAL_WEBHOOK_SECRET` is set; else reject every PayPal webhook.
/// A Lambda function is built without `dev`, so it has no other way to accept a PayPal webhook.
pub fn paypal_verifier(settings: &Settings) -> Arc<dyn PaypalVerifier> {
    if let Some(api) = settings.paypal.as_ref().filter(|api| api.webhook_id.is_some()) {
        return Arc::new(PaypalApi::new(api.clone()));
    }
    #[cfg(any(test, feature = "dev"))]
    if let Some(secret) = settings.secrets.get("PAYPAL_WEBHOOK_SECRET") {
        return Arc::new(crate::providers::paypal::LocalPaypalVerifier(secret.to_string()));
    }
    Arc::new(PaypalNotConfigured)
}

/// The email sender (the workers', and the scheduler's for the owner's weekly digest).
pub fn email_sender(config: &SdkConfig, settings: &Settings) -> SesEmail {
    SesEmail::new(aws_sdk_sesv2::Client::new(config), settings)
}

/// Makes `address` (or a domain) an SES sending identity, as a new shop's sender must be: SES
/// emails the address a link to confirm it (a domain is confirmed by its DKIM records). Already one:
/// nothing to do.
pub async fn add_sender(config: &SdkConfig, address: &str) -> Result<(), String> {
    let ses = aws_sdk_sesv2::Client::new(config);
    match ses.create_email_identity().email_identity(address).send().await {
        Ok(_) => Ok(()),
        Err(e)
            if e.as_service_error().and_then(|s| aws_sdk_sesv2::error::ProvideErrorMetadata::code(s))
                == Some("AlreadyExistsException") =>
        {
            Ok(())
        }
        Err(e) => Err(aws_sdk_sesv2::error::DisplayErrorContext(e).to_string()),
    }
}

pub fn email_worker(config: &SdkConfig, settings: Arc<Settings>, clock: Clock) -> Arc<Worker<DynamoStore, SesEmail>> {
    let sender = email_sender(config, &settings);
    Arc::new(Worker { store: store(config, &settings), sender, settings, clock })
}

pub fn sms_worker(config: &SdkConfig, settings: Arc<Settings>, clock: Clock) -> Arc<Worker<DynamoStore, SnsSms>> {
    let sender = SnsSms::new(aws_sdk_sns::Client::new(config));
    Arc::new(Worker { store: store(config, &settings), sender, settings, clock })
}

/// A function's services from its settings (the secret read at cold start), rebuilt when the
/// secret changes: see [`crate::secrets::Fresh`].
pub async fn fresh<T: Clone>(
    build: impl Fn(&SdkConfig, Arc<Settings>) -> T + Send + Sync + 'static,
) -> Result<Arc<Fresh<T>>, crate::config::SettingError> {
    Fresh::start(sdk_config(), Fresh::<T>::process_env(), build).await
}

/// Every shop's services as a function builds them: the default shop's from the deployment's
/// settings (read at cold start), another's from its record when first asked for.
pub async fn shops<T: Clone>(
    build: impl Fn(&SdkConfig, Arc<Settings>) -> T + Send + Sync + 'static,
) -> Result<Arc<Shops<T>>, crate::config::SettingError> {
    Ok(Shops::new(fresh(build).await?))
}

/// Runs an HTTP function: each request goes to the router of its shop ([`crate::http::shops`]).
pub async fn serve_http(
    routes: impl Fn(&SdkConfig, Arc<Settings>) -> axum::Router + Send + Sync + 'static,
) -> Result<(), lambda_http::Error> {
    let routers = shops(routes).await?;
    lambda_http::run(tower::service_fn(move |request: lambda_http::Request| {
        let routers = routers.clone();
        async move { Ok::<_, std::convert::Infallible>(crate::http::shops::dispatch(&routers, request).await) }
    }))
    .await
}

/// Runs a queue worker as a Lambda function: one SQS batch per invocation, each message delivered
/// by its shop's worker, partial batch responses.
pub async fn run_queue_worker<S: OrderStore, D: Sender>(
    build: impl Fn(&SdkConfig, Arc<Settings>) -> Arc<Worker<S, D>> + Send + Sync + 'static,
) -> Result<(), lambda_runtime::Error> {
    let workers = shops(build).await?;
    lambda_runtime::run(lambda_runtime::service_fn(move |event: lambda_runtime::LambdaEvent<SqsEvent>| {
        let workers = workers.clone();
        async move {
            Ok::<SqsBatchResponse, lambda_runtime::Error>(crate::shops::serve::deliver(&workers, event.payload).await)
        }
    }))
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(service: &'static str) -> ServiceConfigKey<'static> {
        ServiceConfigKey::builder().service_id(service).env("AWS_ENDPOINT_URL").profile("endpoint_url").build().unwrap()
    }

    #[test]
    fn a_service_endpoint_applies_to_its_service_only() {
        let services = ServiceEndpoints::default().with("DynamoDB", "http://127.0.0.1:9001");
        assert_eq!(services.load_config(key("DynamoDB")).as_deref(), Some("http://127.0.0.1:9001"));
        assert_eq!(services.load_config(key("SQS")), None);
    }

    #[tokio::test]
    async fn clients_build_with_the_bundled_amazon_roots() {
        assert_eq!(AMAZON_ROOTS.windows(27).filter(|w| w == b"-----BEGIN CERTIFICATE-----").count(), 5);
        // Building a client parses the TLS roots; a malformed bundle would panic here.
        let _ = aws_sdk_dynamodb::Client::new(&emulator_config("http://127.0.0.1:9000"));
    }
}
