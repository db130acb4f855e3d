//! pnr-screen: screens the PNR stream airlines push against watchlists and publishes
//! explained hits. Modules in the order a PNR flows through them:
//!
//! - [`config`]: layered configuration (defaults → TOML → `PNR_SCREEN__…` env), checked.
//! - [`kafka`]: the only `rdkafka` importer: consumer, producer, in-process mock cluster.
//! - [`pnr`]: the Annex I model and the JSON decoder (masking, sensitive-data filter, limits).
//! - [`watchlist`]: OFAC, UN and JSON-lines list loaders into one entry model.
//! - [`matcher`]: pure, synchronous name + evidence matching over a watchlist snapshot.
//! - [`alert`]: explained alerts (schema v1) and the pure PNR → alerts step.
//! - [`pipeline`]: consume → screen on rayon → produce → store offsets (at-least-once).
//! - [`metrics`], [`http`]: Prometheus metrics and `/metrics`, `/healthz`, `/readyz`.
//! - [`shutdown`]: Ctrl-C / SIGTERM → drain → flush → commit.
//! - [`app`], [`demo`], [`offline`], [`cli`]: the `run`, `demo`, `screen` commands.
//! - [`country`]: country names and codes → ISO 3166-1 alpha-3.

pub mod alert;
pub mod app;
pub mod cli;
pub mod config;
pub mod country;
pub mod demo;
pub mod http;
pub mod kafka;
pub mod matcher;
pub mod metrics;
pub mod offline;
pub mod pipeline;
pub mod pnr;
pub mod shutdown;
pub mod watchlist;
