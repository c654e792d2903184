//! order-placed: `POST /webhooks/orders/{source}` behind API Gateway.

use orderflow::{aws, clock::Clock, http, telemetry};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    telemetry::init_json();
    aws::serve_http(|config, settings| http::order_routes(aws::app(config, settings, Clock::system()))).await
}
