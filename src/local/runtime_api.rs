//! A stand-in for the Lambda Runtime API on loopback, so the real function binaries can be run
//! and invoked locally (smoke tests; cold-start and warm-invoke measurements).

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;
use tokio::sync::{Notify, mpsc, oneshot};

/// What a function answered: its response, or the error it reported.
pub type Outcome = Result<serde_json::Value, serde_json::Value>;

struct Shared {
    events: tokio::sync::Mutex<mpsc::UnboundedReceiver<(String, Bytes)>>,
    waiting: Mutex<HashMap<String, oneshot::Sender<Outcome>>>,
    /// When the function first asked for work (its init is done).
    first_poll: Mutex<Option<Instant>>,
    polled: Notify,
    init_error: Mutex<Option<String>>,
}

pub struct RuntimeApi {
    pub address: String,
    sender: mpsc::UnboundedSender<(String, Bytes)>,
    shared: Arc<Shared>,
    next_id: Mutex<u64>,
}

async fn next(State(shared): State<Arc<Shared>>) -> Response {
    {
        let mut first = shared.first_poll.lock().expect("lock");
        first.get_or_insert_with(Instant::now);
    }
    shared.polled.notify_waiters();
    let Some((id, event)) = shared.events.lock().await.recv().await else {
        return StatusCode::GONE.into_response();
    };
    let mut headers = HeaderMap::new();
    headers.insert("lambda-runtime-aws-request-id", HeaderValue::from_str(&id).expect("an ASCII id"));
    headers.insert("lambda-runtime-deadline-ms", HeaderValue::from(u64::MAX / 2));
    headers.insert(
        "lambda-runtime-invoked-function-arn",
        HeaderValue::from_static("arn:aws:lambda:us-east-1:123456789012:function:local"),
    );
    headers.insert("lambda-runtime-trace-id", HeaderValue::from_static("Root=1-00000000-000000000000000000000000"));
    (headers, event).into_response()
}

fn settle(shared: &Shared, id: &str, outcome: Outcome) {
    if let Some(waiter) = shared.waiting.lock().expect("lock").remove(id) {
        let _ = waiter.send(outcome);
    }
}

fn json(body: &Bytes) -> serde_json::Value {
    serde_json::from_slice(body).unwrap_or(serde_json::Value::Null)
}

async fn response(State(shared): State<Arc<Shared>>, Path(id): Path<String>, body: Bytes) -> StatusCode {
    settle(&shared, &id, Ok(json(&body)));
    StatusCode::ACCEPTED
}

async fn error(State(shared): State<Arc<Shared>>, Path(id): Path<String>, body: Bytes) -> StatusCode {
    settle(&shared, &id, Err(json(&body)));
    StatusCode::ACCEPTED
}

async fn init_error(State(shared): State<Arc<Shared>>, body: Bytes) -> StatusCode {
    *shared.init_error.lock().expect("lock") = Some(String::from_utf8_lossy(&body).into_owned());
    shared.polled.notify_waiters();
    StatusCode::ACCEPTED
}

impl RuntimeApi {
    /// Serves the Runtime API on a free loopback port.
    pub async fn start() -> std::io::Result<Self> {
        let (sender, receiver) = mpsc::unbounded_channel();
        let shared = Arc::new(Shared {
            events: tokio::sync::Mutex::new(receiver),
            waiting: Mutex::new(HashMap::new()),
            first_poll: Mutex::new(None),
            polled: Notify::new(),
            init_error: Mutex::new(None),
        });
        let app = Router::new()
            .route("/2018-06-01/runtime/invocation/next", get(next))
            .route("/2018-06-01/runtime/invocation/{id}/response", post(response))
            .route("/2018-06-01/runtime/invocation/{id}/error", post(error))
            .route("/2018-06-01/runtime/init/error", post(init_error))
            .with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let address = listener.local_addr()?.to_string();
        tokio::spawn(async move { axum::serve(listener, app).await });
        Ok(Self { address, sender, shared, next_id: Mutex::new(0) })
    }

    /// The environment a function process needs besides its own settings.
    pub fn environment(&self, function: &str) -> Vec<(String, String)> {
        [
            ("AWS_LAMBDA_RUNTIME_API", self.address.as_str()),
            ("AWS_LAMBDA_FUNCTION_NAME", function),
            ("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128"),
            ("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST"),
            ("AWS_LAMBDA_LOG_STREAM_NAME", "local"),
            ("AWS_LAMBDA_LOG_GROUP_NAME", "local"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    }

    /// Waits until the function asks for its first event (or reports an init error); returns when.
    pub async fn first_poll(&self) -> Result<Instant, String> {
        loop {
            let notified = self.shared.polled.notified();
            if let Some(error) = self.shared.init_error.lock().expect("lock").clone() {
                return Err(error);
            }
            if let Some(at) = *self.shared.first_poll.lock().expect("lock") {
                return Ok(at);
            }
            notified.await;
        }
    }

    /// Hands `event` to the function and waits for its answer.
    pub async fn invoke(&self, event: &serde_json::Value) -> Outcome {
        let id = {
            let mut next = self.next_id.lock().expect("lock");
            *next += 1;
            format!("request-{next}")
        };
        let (tx, rx) = oneshot::channel();
        self.shared.waiting.lock().expect("lock").insert(id.clone(), tx);
        let body = Bytes::from(serde_json::to_vec(event).expect("an event serialises"));
        self.sender.send((id, body)).expect("the runtime API is running");
        rx.await.unwrap_or_else(|_| Err(serde_json::json!("the function went away")))
    }
}
