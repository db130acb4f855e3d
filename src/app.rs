//! Start-up: load watchlists, start the operator endpoints, build the Kafka clients and run
//! the pipeline until shutdown. Used by `pnr-screen run` and `pnr-screen demo`.
//!
//! Invariants: nothing consumes before every configured list loaded (a bad list refuses
//! start-up with file, line and reason); the HTTP port is bound before consuming starts.

use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use arc_swap::ArcSwap;
use tokio_util::sync::CancellationToken;

use crate::config::Config;
use crate::kafka::consumer::Consumer;
use crate::kafka::producer::Producer;
use crate::matcher::Snapshot;
use crate::metrics::Metrics;
use crate::pipeline::{Pipeline, Shared};
use crate::watchlist::{Watchlist, WatchlistError};

/// Loads every configured list (in parallel) and builds the matcher index.
///
/// # Errors
/// The first list that fails to load, with file, line and reason.
pub fn load_snapshot(config: &Config) -> Result<Snapshot, WatchlistError> {
    use rayon::prelude::*;
    let started = std::time::Instant::now();
    let lists: Vec<Watchlist> = config
        .watchlists
        .par_iter()
        .map(Watchlist::load)
        .collect::<Result<_, _>>()?;
    let mut snapshot = Snapshot::build(lists, config.matcher);
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
pub fn load_rules(config: &Config) -> anyhow::Result<crate::rules::RuleSet> {
    match &config.rules_dir {
        None => Ok(crate::rules::RuleSet::default()),
        Some(dir) => {
            let rules = crate::rules::RuleSet::load_dir(dir)
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

/// Publishes per-list gauges for a snapshot.
pub fn record_snapshot(metrics: &Metrics, snapshot: &Snapshot) {
    metrics.watchlist_info.reset();
    metrics.snapshot_build_seconds.set(snapshot.load_seconds);
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

/// Shared state for a pipeline over `snapshot` and `rules`.
pub fn shared(
    config: &Config,
    snapshot: Snapshot,
    rules: crate::rules::RuleSet,
    metrics: Metrics,
) -> Arc<Shared> {
    metrics.rules_loaded.set(rules.len() as i64);
    Arc::new(Shared {
        snapshot: ArcSwap::from_pointee(snapshot),
        rules: ArcSwap::from_pointee(rules),
        window: crate::rules::Window::new(config.window_max_entries, config.window_max_age),
        min_severity: config.min_severity,
        metrics,
        limits: config.limits,
        alerts_topic: config.kafka.alerts_topic.clone(),
        dead_letter_topic: config.kafka.dead_letter_topic.clone(),
        ready: AtomicBool::new(false),
        reload: tokio::sync::Notify::new(),
    })
}

/// Builds the Kafka clients and runs the pipeline over `shared` until `shutdown`.
///
/// # Errors
/// A Kafka client cannot be created.
pub async fn run_pipeline(
    config: &Config,
    shared: Arc<Shared>,
    shutdown: CancellationToken,
) -> anyhow::Result<()> {
    let (consumer, events) =
        Consumer::subscribe(&config.kafka).context("Failed to create the Kafka consumer")?;
    let producer = Producer::new(&config.kafka).context("Failed to create the Kafka producer")?;
    Pipeline {
        consumer: Arc::new(consumer),
        producer,
        events,
        shared,
        max_in_flight: config.max_in_flight,
        drain_timeout: Duration::from_millis(config.drain_timeout_ms),
    }
    .run(shutdown)
    .await;
    Ok(())
}

/// `pnr-screen run`: the service.
///
/// # Errors
/// A list fails to load, the HTTP port cannot be bound, or a Kafka client cannot be created.
pub async fn run(config: Config, shutdown: CancellationToken) -> anyhow::Result<()> {
    config.require_watchlists()?;
    let metrics = Metrics::new();
    let cfg = config.clone();
    let snapshot = tokio::task::spawn_blocking(move || load_snapshot(&cfg))
        .await
        .context("Watchlist loading task failed")?
        .context("Failed to load watchlists")?;
    record_snapshot(&metrics, &snapshot);
    let rules = load_rules(&config)?;
    tracing::info!(rules = rules.len(), "Rules loaded.");
    let shared = shared(&config, snapshot, rules, metrics);
    let (addr, http) = crate::http::serve(config.http_listen, shared.clone(), shutdown.clone())
        .await
        .with_context(|| {
            format!(
                "Failed to bind the metrics endpoint on {}",
                config.http_listen
            )
        })?;
    tracing::info!(%addr, "Serving /metrics, /healthz, /readyz and POST /reload.");
    let reloader = tokio::spawn(crate::reload::run(
        config.clone(),
        shared.clone(),
        shutdown.clone(),
    ));
    run_pipeline(&config, shared, shutdown.clone()).await?;
    let _ = reloader.await;
    shutdown.cancel();
    let _ = http.await;
    Ok(())
}

/// `pnr-screen check-config`: validates the configuration and loads every list.
///
/// # Errors
/// A list fails to load (file, line, reason).
pub fn check(config: &Config) -> anyhow::Result<String> {
    config.require_watchlists()?;
    let snapshot = load_snapshot(config).context("Failed to load watchlists")?;
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
