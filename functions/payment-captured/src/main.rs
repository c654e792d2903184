//! payment-captured: `POST /webhooks/payments/{provider}` behind API Gateway.

use orderflow::{aws, clock::Clock, http, telemetry};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    telemetry::init_json();
    aws::serve_http(|config, settings| http::payment_routes(aws::payments_app(config, settings, Clock::system()))).await
}
