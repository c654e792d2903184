//! customer-forms: POST /track/{id}/… (the customer's answers about missing stock and arrival, a
//! return, a complaint, a cancel), opened by the order's token; the status views read only.

use orderflow::{aws, clock::Clock, http, telemetry};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    telemetry::init_json();
    aws::serve_http(|config, settings| http::customer_form_routes(aws::app(config, settings, Clock::system()))).await
}
