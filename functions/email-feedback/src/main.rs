//! email-feedback: SES's bounce and complaint events (EventBridge, through the configuration set's
//! event destination); see `orderflow::app::feedback`.

use aws_lambda_events::event::eventbridge::EventBridgeEvent;
use lambda_runtime::{Error, LambdaEvent, service_fn};
use orderflow::app::feedback::email_feedback;
use orderflow::{aws, clock::Clock, config::Settings, telemetry};
use std::sync::Arc;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    telemetry::init_json();
    let settings = Arc::new(Settings::from_env()?);
    let app = aws::app(&aws::sdk_config(), settings, Clock::system());
    lambda_runtime::run(service_fn(move |event: LambdaEvent<EventBridgeEvent>| {
        let app = app.clone();
        async move {
            let receipt = email_feedback(&app, &event.payload.detail).await?;
            tracing::info!(?receipt, "email feedback");
            Ok::<(), Error>(())
        }
    }))
    .await
}
