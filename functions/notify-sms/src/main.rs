//! notify-sms: SMS queue worker (SNS), one SQS batch per invocation, partial batch responses.

use aws_lambda_events::event::sqs::{SqsBatchResponse, SqsEvent};
use lambda_runtime::{Error, LambdaEvent, service_fn};
use orderflow::{app::deliver_batch, aws, clock::Clock, config::Settings, telemetry};
use std::sync::Arc;

#[tokio::main]
async fn main() -> Result<(), Error> {
    telemetry::init_json();
    let settings = Arc::new(Settings::from_env()?);
    let worker = aws::sms_worker(&aws::sdk_config().await, settings, Clock::system());
    lambda_runtime::run(service_fn(move |event: LambdaEvent<SqsEvent>| {
        let worker = worker.clone();
        async move { Ok::<SqsBatchResponse, Error>(deliver_batch(&worker, event.payload).await) }
    }))
    .await
}
