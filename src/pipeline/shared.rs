//! The state the running pipeline shares with the operator endpoints and the reloader.
//!
//! Invariants: the snapshot and the rule set are swapped whole (arc-swap), never mutated,
//! so a message screened during a reload sees either the old or the new version; `ready`
//! is true only while the pipeline consumes.

use std::sync::atomic::AtomicBool;

use arc_swap::ArcSwap;

use crate::matcher::Snapshot;
use crate::pnr::decode::DecodeLimits;
use crate::rules::{RuleSet, Severity, Window};
use crate::telemetry::Metrics;

/// State shared by the pipeline, the HTTP endpoints and the reloader.
pub struct Shared {
    pub snapshot: ArcSwap<Snapshot>,
    pub rules: ArcSwap<RuleSet>,
    /// Cross-PNR memory for the rules (bounded in entries and age).
    pub window: Window,
    pub min_severity: Severity,
    pub metrics: Metrics,
    pub limits: DecodeLimits,
    pub alerts_topic: String,
    pub dead_letter_topic: String,
    /// True while the pipeline is consuming; `/readyz` reports it.
    pub ready: AtomicBool,
    /// Notified by `POST /reload` to reload watchlists and rules now.
    pub reload: tokio::sync::Notify,
}
