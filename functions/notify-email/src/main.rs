//! notify-email: the email queue worker (SES v2); one SQS batch per invocation, partial batch responses.

use orderflow::{aws, clock::Clock, config::Settings, telemetry};
use std::sync::Arc;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_runtime::Error> {
    telemetry::init_json();
    let settings = Arc::new(Settings::from_env()?);
    aws::run_queue_worker(aws::email_worker(&aws::sdk_config(), settings, Clock::system())).await
}
