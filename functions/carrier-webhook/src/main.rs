//! carrier-webhook: POST /webhooks/carriers/{provider} behind API Gateway.

use orderflow::{aws, clock::Clock, http, telemetry};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    telemetry::init_json();
    aws::serve_http(|config, settings| http::carrier_routes(aws::app(config, settings, Clock::system()))).await
}
