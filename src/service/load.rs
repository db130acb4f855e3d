//! Loading what screening works with ([`Sources`]): every configured watchlist into one
//! matcher snapshot, and the rule folder into a rule set.
//!
//! Used at start-up, by the reloader and by the offline commands. Invariants: lists load
//! in parallel and a snapshot is built only when every list loaded (the first refusal is
//! returned with file, line and reason); a rule set is built only when every file is valid.

use std::path::PathBuf;

use anyhow::Context as _;
use rayon::prelude::*;

use crate::matcher::{Settings, Snapshot};
use crate::rules::RuleSet;
use crate::telemetry::Metrics;
use crate::watchlist::{ListSpec, Watchlist, WatchlistError};

/// Where the watchlists and rules come from, and how the matcher indexes the lists.
#[derive(Debug, Clone, PartialEq)]
pub struct Sources {
    pub watchlists: Vec<ListSpec>,
    pub matcher: Settings,
    /// Folder of rule files; no rules when `None`.
    pub rules_dir: Option<PathBuf>,
}

impl Sources {
    /// Loads every configured list (in parallel) and builds the matcher index.
    ///
    /// # Errors
    /// The first list that fails to load, with file, line and reason.
    pub fn load_snapshot(&self) -> Result<Snapshot, WatchlistError> {
        let started = std::time::Instant::now();
        let lists: Vec<Watchlist> = self
            .watchlists
            .par_iter()
            .map(Watchlist::load)
            .collect::<Result<_, _>>()?;
        let mut snapshot = Snapshot::build(lists, self.matcher);
        snapshot.load_seconds = started.elapsed().as_secs_f64();
        tracing::info!(
            names = snapshot.name_count(),
            seconds = started.elapsed().as_secs_f64(),
            "Watchlist snapshot built."
        );
        Ok(snapshot)
    }

    /// Loads the configured rule folder (an empty set when rules are not configured).
    ///
    /// # Errors
    /// A rule file is refused (every error with file, line and reason).
    pub fn load_rules(&self) -> anyhow::Result<RuleSet> {
        match &self.rules_dir {
            None => Ok(RuleSet::default()),
            Some(dir) => {
                let rules = RuleSet::load_dir(dir)
                    .with_context(|| format!("Failed to load rules from {}", dir.display()))?;
                for rule in rules.rules() {
                    for warning in &rule.warnings {
                        tracing::warn!(rule = %rule.id, %warning, "Rule loaded with a warning.");
                    }
                }
                Ok(rules)
            }
        }
    }
}

/// Publishes per-list gauges for a snapshot.
pub(crate) fn record_snapshot(metrics: &Metrics, snapshot: &Snapshot) {
    metrics.snapshot_loaded(snapshot.load_seconds);
    for list in &snapshot.lists {
        let names: usize = list.entries.iter().map(|e| e.names.len()).sum();
        metrics.watchlist_loaded(&list.id, &list.version, list.entries.len(), names);
        tracing::info!(
            list = %list.id,
            version = %list.version,
            entries = list.entries.len(),
            names,
            skipped_non_person = list.skipped_non_person,
            "Watchlist loaded."
        );
    }
}
