//! A stand-in for the Lambda Runtime API on loopback, so the real function binaries can be run
//! and invoked locally (smoke tests; cold-start and warm-invoke measurements).

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use std::collections::HashMap;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
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

/// A function binary run as Lambda runs it: exec'd with only `vars` and its Runtime API environment,
/// serving its own [`RuntimeApi`]. Killed when dropped.
pub struct FunctionProcess {
    api: RuntimeApi,
    child: tokio::process::Child,
    /// From exec to the first `GET /runtime/invocation/next`: the cold init.
    pub init: Duration,
}

/// How long a function may take to initialise or to answer.
const PATIENCE: Duration = Duration::from_secs(30);

impl FunctionProcess {
    pub async fn start<'a>(
        binary: &std::path::Path,
        name: &str,
        vars: impl IntoIterator<Item = (&'a String, &'a String)>,
    ) -> Result<Self, String> {
        let api = RuntimeApi::start().await.map_err(|e| e.to_string())?;
        let mut command = tokio::process::Command::new(binary);
        command
            .env_clear()
            .envs(vars)
            .envs(api.environment(name))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true);
        let started = Instant::now();
        let child = command.spawn().map_err(|e| format!("{}: {e}", binary.display()))?;
        let polled = tokio::time::timeout(PATIENCE, api.first_poll())
            .await
            .map_err(|_| format!("{name} did not initialise in {PATIENCE:?}"))?
            .map_err(|error| format!("{name} failed to initialise: {error}"))?;
        Ok(Self { api, child, init: polled.duration_since(started) })
    }

    /// Invokes the function with `event`: its outcome and how long it took.
    pub async fn invoke(&self, event: &serde_json::Value) -> Result<(Outcome, Duration), String> {
        let started = Instant::now();
        let outcome = tokio::time::timeout(PATIENCE, self.api.invoke(event)).await.map_err(|_| "no answer in 30 s")?;
        Ok((outcome, started.elapsed()))
    }

    /// The process's peak resident set so far (`VmHWM`), in bytes.
    pub fn peak_rss(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()?)).ok()?;
        let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
        let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kib * 1024)
    }
}
