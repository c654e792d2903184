//! notify-sms: the SMS queue worker (SNS); one SQS batch per invocation, partial batch responses.

use orderflow::{aws, clock::Clock, config::Settings, telemetry};
use std::sync::Arc;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_runtime::Error> {
    telemetry::init_json();
    let settings = Arc::new(Settings::from_env()?);
    aws::run_queue_worker(aws::sms_worker(&aws::sdk_config(), settings, Clock::system())).await
}
