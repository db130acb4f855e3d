//! pnr-screen: screens the PNR stream airlines push against watchlists and risk rules and
//! publishes explained hits. Modules in the order a PNR flows through them:
//!
//! - [`commands`]: the command line and one file per command (`run`, `demo`, `screen`,
//!   `eval`, `rules`, `check-config`); they wire the parts below together.
//! - [`config`]: layered configuration (defaults → TOML → `PNR_SCREEN__…` env); it only
//!   assembles the sections each component owns and checks what spans sections.
//! - [`service`]: loading lists and rules, hot reload, `/metrics` `/healthz` `/readyz`
//!   `POST /reload`, shutdown signals.
//! - [`pipeline`]: consume → decode and screen on rayon → produce → store offsets
//!   (at-least-once).
//! - [`kafka`]: the only `rdkafka` importer: consumer, producer, in-process mock cluster.
//! - [`screen`]: the pure step from a decoded PNR to its alerts, shared by every command.
//! - [`alert`]: the explained alert (schema v2).
//! - [`rules`]: analyst-written risk rules (TOML + ZEN expressions), lawful by construction.
//! - [`matcher`]: pure, synchronous name + evidence matching over a watchlist snapshot.
//! - [`watchlist`]: OFAC, UN and JSON-lines list loaders into one entry model.
//! - [`pnr`]: the Annex I model, country codes and the JSON decoder (masking,
//!   sensitive-data filter, limits).
//! - [`telemetry`]: Prometheus metrics, one method per event.
//! - `testkit`: synthetic lists and demo traffic (Cargo feature `testkit`, on by default).

pub mod alert;
pub mod commands;
pub mod config;
pub mod kafka;
pub mod matcher;
pub mod pipeline;
pub mod pnr;
pub mod rules;
pub mod screen;
pub mod service;
pub mod telemetry;
#[cfg(feature = "testkit")]
pub mod testkit;
pub mod watchlist;
