//! `pnr-screen check-config`: validates a configuration and loads every list it names.
//!
//! Invariant: prints "configuration OK" only when the configuration passed every check
//! and every list loaded; otherwise the error names the file, line or key and the reason.

use anyhow::Context as _;

use crate::config::Config;

/// Validates `config` and loads every list; returns the report to print.
///
/// # Errors
/// No list is configured, or a list fails to load (file, line, reason).
pub(crate) fn check(config: &Config) -> anyhow::Result<String> {
    config.require_watchlists()?;
    let snapshot = config
        .sources()
        .load_snapshot()
        .context("Failed to load watchlists")?;
    let mut out = String::from("configuration OK\n");
    for list in &snapshot.lists {
        out.push_str(&format!(
            "  {:<16} {:>7} person entries  version {}  threshold {}\n",
            list.id,
            list.entries.len(),
            list.version,
            list.threshold
        ));
    }
    out.push_str(&format!(
        "  {} names and aliases indexed\n",
        snapshot.name_count()
    ));
    Ok(out)
}
