//! feed-deliver: the status feed's queue → each subscriber's webhook, signed, with retries (see
//! `orderflow::app::feed::deliver_feed`).

use aws_lambda_events::event::sqs::{SqsBatchResponse, SqsEvent};
use lambda_runtime::{Error, LambdaEvent, service_fn};
use orderflow::app::feed::{Feed, deliver_feed};
use orderflow::{aws, clock::Clock, config::Settings, telemetry};
use std::sync::Arc;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    telemetry::init_json();
    let settings = Arc::new(Settings::from_env()?);
    let feed = Arc::new(Feed::new(&aws::sdk_config(), settings, Clock::system()));
    lambda_runtime::run(service_fn(move |event: LambdaEvent<SqsEvent>| {
        let feed = feed.clone();
        async move { Ok::<SqsBatchResponse, Error>(deliver_feed(&feed, event.payload).await) }
    }))
    .await
}
