//! A function binary run as Lambda runs it: exec'd with its environment, talking to a local Runtime
//! API. Measures init (exec to the first poll for work), each invocation, and peak RSS.

use orderflow::local::runtime_api::RuntimeApi;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

pub struct Process {
    api: RuntimeApi,
    child: tokio::process::Child,
    /// From exec to the first `GET /runtime/invocation/next`.
    pub init: Duration,
}

const PATIENCE: Duration = Duration::from_secs(30);

impl Process {
    pub async fn start(binary: &Path, name: &str, vars: &BTreeMap<String, String>) -> Result<Self, String> {
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

    /// Invokes the function with `event`; its answer and how long it took.
    pub async fn invoke(&self, event: &Value) -> Result<(Value, Duration), String> {
        let started = Instant::now();
        let outcome = tokio::time::timeout(PATIENCE, self.api.invoke(event)).await.map_err(|_| "no answer in 30 s")?;
        let took = started.elapsed();
        outcome.map(|answer| (answer, took)).map_err(|error| format!("the function reported an error: {error}"))
    }

    /// The process's peak resident set so far (`VmHWM`), in bytes.
    pub fn peak_rss(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()?)).ok()?;
        let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
        let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kib * 1024)
    }
}
