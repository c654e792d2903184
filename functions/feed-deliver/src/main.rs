//! feed-deliver: the status feed's queue → each shop's subscribers' webhooks, signed, with retries (see
//! `orderflow::app::feed::deliver_feed`).

use aws_lambda_events::event::sqs::{SqsBatchResponse, SqsEvent};
use lambda_runtime::{Error, LambdaEvent, service_fn};
use orderflow::app::feed::Feed;
use orderflow::shops::serve::deliver_feed_of_every_shop;
use orderflow::{aws, clock::Clock, telemetry};
use std::sync::Arc;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    telemetry::init_json();
    let feeds = aws::shops(|config, settings| Arc::new(Feed::new(config, settings, Clock::system()))).await?;
    lambda_runtime::run(service_fn(move |event: LambdaEvent<SqsEvent>| {
        let feeds = feeds.clone();
        async move { Ok::<SqsBatchResponse, Error>(deliver_feed_of_every_shop(&feeds, event.payload).await) }
    }))
    .await
}
