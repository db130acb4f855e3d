//! `pnr-screen run`: the service. Loads watchlists and rules, starts the operator
//! endpoints and the reloader, builds the Kafka clients and runs the pipeline until
//! SIGTERM / Ctrl-C. [`shared`] and [`run_pipeline`] are the wiring `demo` and the tests
//! reuse.
//!
//! Invariants: nothing consumes before every configured list loaded (a bad list refuses
//! start-up with file, line and reason); the HTTP port is bound before consuming starts.

use std::net::SocketAddr;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use anyhow::Context as _;
use arc_swap::ArcSwap;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::config::Config;
use crate::kafka::{Consumer, Producer};
use crate::matcher::Snapshot;
use crate::pipeline::{Pipeline, Shared};
use crate::rules::{RuleSet, Window};
use crate::service::{http, record_snapshot, reload, Sources};
use crate::telemetry::Metrics;

/// Shared state for a pipeline over `snapshot` and `rules`.
pub fn shared(
    config: &Config,
    snapshot: Snapshot,
    rules: RuleSet,
    metrics: Metrics,
) -> Arc<Shared> {
    metrics.rules_loaded(rules.len());
    Arc::new(Shared {
        snapshot: ArcSwap::from_pointee(snapshot),
        rules: ArcSwap::from_pointee(rules),
        window: Window::new(config.rules.window_max_entries, config.rules.window_max_age),
        min_severity: config.rules.min_severity,
        metrics,
        limits: config.limits,
        alerts_topic: config.kafka.alerts_topic.clone(),
        dead_letter_topic: config.kafka.dead_letter_topic.clone(),
        ready: AtomicBool::new(false),
        reload: tokio::sync::Notify::new(),
    })
}

/// Loads the watchlists (on a blocking thread) into a snapshot, records it in `metrics`,
/// and loads the rules.
///
/// # Errors
/// A list or a rule file is refused (file, line, reason).
pub(crate) async fn load(
    sources: &Sources,
    metrics: &Metrics,
) -> anyhow::Result<(Snapshot, RuleSet)> {
    let loader = sources.clone();
    let snapshot = tokio::task::spawn_blocking(move || loader.load_snapshot())
        .await
        .context("Watchlist loading task failed")?
        .context("Failed to load watchlists")?;
    record_snapshot(metrics, &snapshot);
    let rules = sources.load_rules()?;
    tracing::info!(rules = rules.len(), "Rules loaded.");
    Ok((snapshot, rules))
}

/// Binds the operator endpoints on `http.listen` and serves them until `shutdown`.
///
/// # Errors
/// The address cannot be bound.
pub(crate) async fn serve(
    config: &Config,
    shared: Arc<Shared>,
    shutdown: CancellationToken,
) -> anyhow::Result<(SocketAddr, JoinHandle<()>)> {
    http::serve(config.http.listen, shared, shutdown)
        .await
        .with_context(|| {
            format!(
                "Failed to bind the metrics endpoint on {}",
                config.http.listen
            )
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
        config: config.pipeline,
    }
    .run(shutdown)
    .await;
    Ok(())
}

/// `pnr-screen run`: the service.
///
/// # Errors
/// A list fails to load, the HTTP port cannot be bound, or a Kafka client cannot be created.
pub(crate) async fn run(config: Config, shutdown: CancellationToken) -> anyhow::Result<()> {
    config.require_watchlists()?;
    let metrics = Metrics::new();
    let sources = config.sources();
    let (snapshot, rules) = load(&sources, &metrics).await?;
    let shared = shared(&config, snapshot, rules, metrics);
    let (addr, http) = serve(&config, shared.clone(), shutdown.clone()).await?;
    tracing::info!(%addr, "Serving /metrics, /healthz, /readyz and POST /reload.");
    let reloader = tokio::spawn(reload::run(
        sources,
        config.reload,
        shared.clone(),
        shutdown.clone(),
    ));
    run_pipeline(&config, shared, shutdown.clone()).await?;
    let _ = reloader.await;
    shutdown.cancel();
    let _ = http.await;
    Ok(())
}
