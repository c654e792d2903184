//! scheduler: run by an EventBridge schedule; for every shop, does whatever is due (see
//! `orderflow::app::sweep`) and sends the owner's weekly digest (`orderflow::app::digest`).

use aws_lambda_events::event::eventbridge::EventBridgeEvent;
use lambda_runtime::{Error, LambdaEvent, service_fn};
use orderflow::metrics::{self, Metric};
use orderflow::shops::serve::sweep_every_shop;
use orderflow::{aws, clock::Clock, telemetry};
use std::sync::Arc;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    telemetry::init_json();
    let services = aws::shops(|config, settings| {
        let sender = Arc::new(aws::email_sender(config, &settings));
        (aws::scheduler_app(config, settings, Clock::system()), sender)
    })
    .await?;
    lambda_runtime::run(service_fn(move |_: LambdaEvent<EventBridgeEvent>| {
        let services = services.clone();
        async move {
            let report = sweep_every_shop(&services).await?;
            let (orders, skipped, notices_queued) = (report.orders, report.skipped.len(), report.notices_queued);
            metrics::record(Metric::Sweep { orders, skipped, notices_queued });
            tracing::info!(orders, notices = notices_queued, skipped, "sweep done");
            Ok::<(), Error>(())
        }
    }))
    .await
}
