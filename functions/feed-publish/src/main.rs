//! feed-publish: the table's stream (order heads only) → the status feed's bus and subscriber
//! queue (see `orderflow::app::feed::publish`).

use aws_lambda_events::event::dynamodb::Event;
use lambda_runtime::{Error, LambdaEvent, service_fn};
use orderflow::app::feed::Feed;
use orderflow::shops::serve::publish_every_shop;
use orderflow::{aws, clock::Clock, telemetry};
use std::sync::Arc;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    telemetry::init_json();
    let feeds = aws::shops(|config, settings| Arc::new(Feed::new(config, settings, Clock::system()))).await?;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<Event>| {
        let feeds = feeds.clone();
        async move {
            publish_every_shop(&feeds, &event.payload).await?;
            Ok::<(), Error>(())
        }
    }))
    .await
}
