//! Hot reload of watchlists and rules, without pausing the stream.
//!
//! Every `reload.interval_ms` (and on `POST /reload`) the files behind the configured lists
//! and the rule folder are checked (size and modification time). When they changed, a new
//! snapshot or rule set is built on a blocking thread and swapped in atomically (arc-swap):
//! messages already being screened finish on the old one, the next ones use the new one.
//!
//! Invariants: a file that fails to load is refused with file, line and reason, and the
//! last good snapshot / rule set stays in service; the swap never blocks the pipeline.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};
use tokio_util::sync::CancellationToken;

use super::load::{record_snapshot, Sources};
use crate::pipeline::Shared;

/// The `[reload]` section as written.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawReload {
    /// How often watchlist and rule files are checked for changes (0 = never; `POST
    /// /reload` on the HTTP port reloads on demand).
    #[serde(default = "d_reload")]
    pub interval_ms: u64,
}

const fn d_reload() -> u64 {
    5000
}

impl Default for RawReload {
    fn default() -> Self {
        RawReload {
            interval_ms: d_reload(),
        }
    }
}

/// Reload settings after validation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReloadConfig {
    /// `None`: no periodic reload.
    pub interval: Option<Duration>,
}

impl ReloadConfig {
    /// Checks the section.
    ///
    /// # Errors
    /// `(key, reason)` when the interval is below 100 ms and not 0.
    pub(crate) fn try_from_raw(raw: RawReload) -> Result<Self, (String, String)> {
        let interval = match raw.interval_ms {
            0 => None,
            ms if ms < 100 => {
                return Err((
                    "reload.interval_ms".to_owned(),
                    "must be 0 (off) or at least 100".to_owned(),
                ))
            }
            ms => Some(Duration::from_millis(ms)),
        };
        Ok(ReloadConfig { interval })
    }
}

type Stamp = Vec<(PathBuf, Option<(SystemTime, u64)>)>;

fn stamp(paths: impl Iterator<Item = PathBuf>) -> Stamp {
    paths
        .map(|p| {
            let meta = std::fs::metadata(&p)
                .ok()
                .and_then(|m| Some((m.modified().ok()?, m.len())));
            (p, meta)
        })
        .collect()
}

fn watchlist_files(sources: &Sources) -> Stamp {
    stamp(
        sources
            .watchlists
            .iter()
            .flat_map(|w| std::iter::once(w.path.clone()).chain(w.alt_path.clone())),
    )
}

fn rule_files(sources: &Sources) -> Stamp {
    let Some(dir) = &sources.rules_dir else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut s = stamp(files.into_iter());
    s.push((dir.clone(), None)); // the set of files is part of the stamp
    s
}

/// Reloads the watchlists now; keeps the old snapshot if any list is refused.
pub async fn reload_watchlists(sources: &Sources, shared: &Shared) -> bool {
    let sources = sources.clone();
    match tokio::task::spawn_blocking(move || sources.load_snapshot()).await {
        Ok(Ok(snapshot)) => {
            record_snapshot(&shared.metrics, &snapshot);
            shared.snapshot.store(Arc::new(snapshot));
            shared.metrics.reloaded("watchlists", true);
            tracing::info!("Watchlists reloaded; new snapshot in service.");
            true
        }
        Ok(Err(error)) => {
            shared.metrics.reloaded("watchlists", false);
            tracing::error!(%error, "Watchlist reload refused; the previous snapshot stays in service.");
            false
        }
        Err(error) => {
            tracing::error!(%error, "Watchlist reload task failed.");
            false
        }
    }
}

/// Reloads the rules now; keeps the old rule set if any file is refused.
pub async fn reload_rules(sources: &Sources, shared: &Shared) -> bool {
    let sources = sources.clone();
    match tokio::task::spawn_blocking(move || sources.load_rules()).await {
        Ok(Ok(rules)) => {
            shared.metrics.rules_loaded(rules.len());
            tracing::info!(rules = rules.len(), "Rules reloaded.");
            shared.rules.store(Arc::new(rules));
            shared.metrics.reloaded("rules", true);
            true
        }
        Ok(Err(error)) => {
            shared.metrics.reloaded("rules", false);
            tracing::error!(
                error = format!("{error:#}"),
                "Rule reload refused; the previous rules stay in service."
            );
            false
        }
        Err(error) => {
            tracing::error!(%error, "Rule reload task failed.");
            false
        }
    }
}

/// Watches the files until `shutdown`; reloads what changed, or everything on a
/// `POST /reload` (`shared.reload` notified).
pub(crate) async fn run(
    sources: Sources,
    config: ReloadConfig,
    shared: Arc<Shared>,
    shutdown: CancellationToken,
) {
    let mut lists = watchlist_files(&sources);
    let mut rules = rule_files(&sources);
    let interval = config.interval;
    loop {
        let tick = async {
            match interval {
                Some(d) => tokio::time::sleep(d).await,
                None => std::future::pending().await,
            }
        };
        let forced = tokio::select! {
            () = shutdown.cancelled() => return,
            () = shared.reload.notified() => true,
            () = tick => false,
        };
        let (now_lists, now_rules) = (watchlist_files(&sources), rule_files(&sources));
        if forced || now_lists != lists {
            // A failed reload is retried at the next change (or request), not every tick.
            reload_watchlists(&sources, &shared).await;
            lists = now_lists;
        }
        if forced || now_rules != rules {
            reload_rules(&sources, &shared).await;
            rules = now_rules;
        }
    }
}
