//! pnr-screen: screens the PNR stream airlines push against watchlists and publishes
//! explained hits. Modules in the order a PNR flows through them:
//!
//! - [`config`]: layered configuration (defaults → TOML → `PNR_SCREEN__…` env), checked.
//! - [`kafka`]: the only `rdkafka` importer: consumer, producer, in-process mock cluster.
//! - [`pnr`]: the Annex I model and the JSON decoder (masking, sensitive-data filter, limits).
//! - [`watchlist`]: OFAC, UN and JSON-lines list loaders into one entry model.
//! - [`matcher`]: pure, synchronous name + evidence matching over a watchlist snapshot.
//! - [`rules`]: analyst-written risk rules (TOML + ZEN expressions), lawful by construction.
//! - [`alert`]: explained alerts (schema v2) and the pure PNR → alerts step.
//! - [`pipeline`]: consume → screen on rayon → produce → store offsets (at-least-once).
//! - [`metrics`], [`http`]: Prometheus metrics and `/metrics`, `/healthz`, `/readyz`.
//! - [`reload`]: hot reload of watchlists and rules (arc-swap; bad files keep the old).
//! - [`shutdown`]: Ctrl-C / SIGTERM → drain → flush → commit.
//! - [`app`], [`demo`], [`offline`], [`eval`], [`cli`]: the `run`, `demo`, `screen`, `eval`
//!   commands.
//! - [`country`]: country names and codes → ISO 3166-1 alpha-3.

pub mod alert;
pub mod app;
pub mod cli;
pub mod config;
pub mod country;
pub mod demo;
pub mod eval;
pub mod http;
pub mod kafka;
pub mod matcher;
pub mod metrics;
pub mod offline;
pub mod pipeline;
pub mod pnr;
pub mod reload;
pub mod rules;
pub mod shutdown;
pub mod watchlist;
