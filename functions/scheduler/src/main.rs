//! scheduler: run by an EventBridge schedule; does whatever is due (see `orderflow::app::sweep`) and
//! sends the owner's weekly digest (`orderflow::app::digest`).

use aws_lambda_events::event::eventbridge::EventBridgeEvent;
use lambda_runtime::{Error, LambdaEvent, service_fn};
use orderflow::app::digest::weekly_digest;
use orderflow::metrics::{self, Metric};
use orderflow::{app::sweep, aws, clock::Clock, telemetry};
use std::sync::Arc;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    telemetry::init_json();
    let services = aws::fresh(|config, settings| {
        let sender = Arc::new(aws::email_sender(config, &settings));
        (aws::scheduler_app(config, settings, Clock::system()), sender)
    })
    .await?;
    lambda_runtime::run(service_fn(move |_: LambdaEvent<EventBridgeEvent>| {
        let services = services.clone();
        async move {
            let (app, sender) = services.current().await;
            let report = sweep(&app).await?;
            weekly_digest(&app, sender.as_ref()).await?;
            let (orders, skipped, notices_queued) = (report.orders, report.skipped.len(), report.notices_queued);
            metrics::record(Metric::Sweep { orders, skipped, notices_queued });
            tracing::info!(orders, notices = notices_queued, skipped, "sweep done");
            Ok::<(), Error>(())
        }
    }))
    .await
}
