//! Telemetry: the Prometheus metrics every component records its events in.
//!
//! Components call one [`Metrics`] method per event, with primitive arguments, and log the
//! event themselves where it happened, so a log line is attributed to the module that saw
//! it. Invariant: no metric label carries personal data or an unbounded value.

mod metrics;

pub use metrics::Metrics;
