//! backoffice: /admin/... (shop staff and the warehouse system, bearer token).

use orderflow::{aws, clock::Clock, http, telemetry};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    telemetry::init_json();
    aws::serve_http(|config, settings| http::backoffice_routes(aws::backoffice_app(config, settings, Clock::system())))
        .await
}
