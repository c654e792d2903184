//! orderflow: serverless order fulfilment for online shops. See docs/ARCHITECTURE.md for the
//! picture; this crate holds everything but the thin Lambda entry points in `functions/`.

pub mod app;
pub mod aws;
pub mod clock;
pub mod config;
pub mod domain;
pub mod feed;
pub mod http;
/// Development and test tooling (the emulator, the dev server, replay, a local Lambda Runtime
/// API): built with the `dev` feature, never into a Lambda function.
#[cfg(any(test, feature = "dev"))]
pub mod local;
pub mod metrics;
pub mod notify;
/// Operator commands against a deployed stack, for the `orderflow` command line.
#[cfg(feature = "dev")]
pub mod ops;
pub mod primitives;
pub mod providers;
pub mod secrets;
pub mod shops;
pub mod store;
pub mod telemetry;
