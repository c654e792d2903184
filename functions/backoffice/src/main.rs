//! backoffice: /admin/... (shop staff and the warehouse system, bearer token).

use orderflow::{aws, clock::Clock, config::Settings, http, telemetry};
use std::sync::Arc;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    telemetry::init_json();
    let settings = Arc::new(Settings::from_env()?);
    let app = aws::backoffice_app(&aws::sdk_config(), settings, Clock::system());
    lambda_http::run(http::backoffice_routes(app)).await
}
