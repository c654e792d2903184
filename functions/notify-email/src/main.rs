//! notify-email: the email queue worker (SES v2); one SQS batch per invocation, partial batch responses.

use orderflow::{aws, clock::Clock, telemetry};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_runtime::Error> {
    telemetry::init_json();
    aws::run_queue_worker(|config, settings| aws::email_worker(config, settings, Clock::system())).await
}
