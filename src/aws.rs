//! Building the AWS clients and the use-case services, once per process (outside any handler).

use crate::app::{App, Worker, deliver_batch};
use crate::clock::Clock;
use crate::config::Settings;
use crate::notify::Sender;
use crate::notify::{ses::SesEmail, sns::SnsSms, sqs::SqsQueue};
use crate::providers::paypal::{LocalPaypalVerifier, PaypalApi, PaypalNotConfigured, PaypalVerifier};
use crate::store::DynamoStore;
use crate::store::OrderStore;
use aws_config::{BehaviorVersion, SdkConfig};
use aws_lambda_events::event::sqs::{SqsBatchResponse, SqsEvent};
use std::sync::Arc;

/// The shared SDK configuration. `AWS_ENDPOINT_URL` (the local emulator) is honoured by the SDK itself.
pub async fn sdk_config() -> SdkConfig {
    aws_config::defaults(BehaviorVersion::latest()).load().await
}

/// The SDK configuration for an explicit endpoint with static credentials (the local emulator).
pub async fn emulator_config(endpoint: &str) -> SdkConfig {
    aws_config::defaults(BehaviorVersion::latest())
        .endpoint_url(endpoint)
        .region(aws_config::Region::new("us-east-1"))
        .credentials_provider(aws_sdk_dynamodb::config::Credentials::new("local", "local", None, None, "emulator"))
        .load()
        .await
}

pub fn store(config: &SdkConfig, settings: &Settings) -> DynamoStore {
    DynamoStore::new(aws_sdk_dynamodb::Client::new(config), &settings.table_name)
}

pub fn app(config: &SdkConfig, settings: Arc<Settings>, clock: Clock) -> Arc<App<DynamoStore, SqsQueue>> {
    let queue = SqsQueue::new(aws_sdk_sqs::Client::new(config), &settings.email_queue_url, &settings.sms_queue_url);
    let paypal = paypal_verifier(&settings);
    Arc::new(App { store: store(config, &settings), queue, settings, clock, paypal })
}

/// PayPal's verify API when it is configured; else the local shared-secret double when
/// `PAYPAL_WEBHOOK_SECRET` is set (`orderflow dev`, tests); else reject every PayPal webhook.
pub fn paypal_verifier(settings: &Settings) -> Arc<dyn PaypalVerifier> {
    match (&settings.paypal, settings.secrets.get("PAYPAL_WEBHOOK_SECRET")) {
        (Some(api), _) => Arc::new(PaypalApi::new(api.clone())),
        (None, Some(secret)) => Arc::new(LocalPaypalVerifier(secret.to_string())),
        (None, None) => Arc::new(PaypalNotConfigured),
    }
}

pub fn email_worker(config: &SdkConfig, settings: Arc<Settings>, clock: Clock) -> Arc<Worker<DynamoStore, SesEmail>> {
    let sender = SesEmail::new(aws_sdk_sesv2::Client::new(config), &settings.sender_email);
    Arc::new(Worker { store: store(config, &settings), sender, settings, clock })
}

pub fn sms_worker(config: &SdkConfig, settings: Arc<Settings>, clock: Clock) -> Arc<Worker<DynamoStore, SnsSms>> {
    let sender = SnsSms::new(aws_sdk_sns::Client::new(config));
    Arc::new(Worker { store: store(config, &settings), sender, settings, clock })
}

/// Runs a queue worker as a Lambda function: one SQS batch per invocation, partial batch responses.
pub async fn run_queue_worker<S: OrderStore, D: Sender>(
    worker: Arc<Worker<S, D>>,
) -> Result<(), lambda_runtime::Error> {
    lambda_runtime::run(lambda_runtime::service_fn(move |event: lambda_runtime::LambdaEvent<SqsEvent>| {
        let worker = worker.clone();
        async move { Ok::<SqsBatchResponse, lambda_runtime::Error>(deliver_batch(&worker, event.payload).await) }
    }))
    .await
}
