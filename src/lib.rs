//! orderflow: serverless order fulfilment for online shops. See docs/ARCHITECTURE.md for the
//! picture; this crate holds everything but the thin Lambda entry points in `functions/`.

pub mod app;
pub mod aws;
pub mod clock;
pub mod config;
pub mod domain;
pub mod http;
pub mod local;
pub mod notify;
pub mod providers;
pub mod store;
pub mod telemetry;
