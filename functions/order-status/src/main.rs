//! order-status: GET /orders/{id} and GET /track/{id}, opened by the order's token; it reads only
//! (the customer's forms post to customer-forms).

use orderflow::{aws, clock::Clock, http, telemetry};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    telemetry::init_json();
    aws::serve_http(|config, settings| http::status_routes(aws::status_app(config, settings, Clock::system()))).await
}
