//! The running service's parts around the pipeline: loading what screening works with,
//! hot reload, the operator endpoints and shutdown signals.
//!
//! Read in this order: [`Sources`] (load the watchlists into a snapshot and the rules into
//! a rule set), `reload` (swap them without pausing the stream), `http` (`/metrics`,
//! `/healthz`, `/readyz`, `POST /reload`), `shutdown` (Ctrl-C / SIGTERM). Each part takes
//! its own configuration section, never the whole configuration; the `run` and `demo`
//! commands wire them together.
//!
//! Invariants: a list, rule or file that fails to load is refused with file, line and
//! reason and the last good version stays in service; nothing here blocks the pipeline.

pub(crate) mod http;
mod load;
pub(crate) mod reload;
pub(crate) mod shutdown;

pub use http::{HttpConfig, RawHttp};
pub(crate) use load::record_snapshot;
pub use load::Sources;
pub use reload::{reload_rules, reload_watchlists, RawReload, ReloadConfig};
