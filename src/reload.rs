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
use std::time::SystemTime;

use tokio_util::sync::CancellationToken;

use crate::config::Config;
use crate::pipeline::Shared;

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

fn watchlist_files(config: &Config) -> Stamp {
    stamp(
        config
            .watchlists
            .iter()
            .flat_map(|w| std::iter::once(w.path.clone()).chain(w.alt_path.clone())),
    )
}

fn rule_files(config: &Config) -> Stamp {
    let Some(dir) = &config.rules_dir else {
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
pub async fn reload_watchlists(config: &Config, shared: &Shared) -> bool {
    let cfg = config.clone();
    match tokio::task::spawn_blocking(move || crate::app::load_snapshot(&cfg)).await {
        Ok(Ok(snapshot)) => {
            crate::app::record_snapshot(&shared.metrics, &snapshot);
            shared.snapshot.store(Arc::new(snapshot));
            shared
                .metrics
                .reloads
                .with_label_values(&["watchlists", "ok"])
                .inc();
            tracing::info!("Watchlists reloaded; new snapshot in service.");
            true
        }
        Ok(Err(error)) => {
            shared
                .metrics
                .reloads
                .with_label_values(&["watchlists", "refused"])
                .inc();
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
pub async fn reload_rules(config: &Config, shared: &Shared) -> bool {
    let cfg = config.clone();
    match tokio::task::spawn_blocking(move || crate::app::load_rules(&cfg)).await {
        Ok(Ok(rules)) => {
            shared.metrics.rules_loaded.set(rules.len() as i64);
            tracing::info!(rules = rules.len(), "Rules reloaded.");
            shared.rules.store(Arc::new(rules));
            shared
                .metrics
                .reloads
                .with_label_values(&["rules", "ok"])
                .inc();
            true
        }
        Ok(Err(error)) => {
            shared
                .metrics
                .reloads
                .with_label_values(&["rules", "refused"])
                .inc();
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
pub async fn run(config: Config, shared: Arc<Shared>, shutdown: CancellationToken) {
    let mut lists = watchlist_files(&config);
    let mut rules = rule_files(&config);
    let interval = config.reload_interval;
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
        let (now_lists, now_rules) = (watchlist_files(&config), rule_files(&config));
        if forced || now_lists != lists {
            // A failed reload is retried at the next change (or request), not every tick.
            reload_watchlists(&config, &shared).await;
            lists = now_lists;
        }
        if forced || now_rules != rules {
            reload_rules(&config, &shared).await;
            rules = now_rules;
        }
    }
}
