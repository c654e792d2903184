//! email-feedback: SES's bounce and complaint events (EventBridge, through the configuration set's
//! event destination); see `orderflow::app::feedback`.

use aws_lambda_events::event::eventbridge::EventBridgeEvent;
use lambda_runtime::{Error, LambdaEvent, service_fn};
use orderflow::shops::serve::email_feedback_of_shop;
use orderflow::{aws, clock::Clock, telemetry};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    telemetry::init_json();
    let apps = aws::shops(|config, settings| aws::app(config, settings, Clock::system())).await?;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<EventBridgeEvent>| {
        let apps = apps.clone();
        async move {
            let receipt = email_feedback_of_shop(&apps, &event.payload.detail).await?;
            tracing::info!(?receipt, "email feedback");
            Ok::<(), Error>(())
        }
    }))
    .await
}
