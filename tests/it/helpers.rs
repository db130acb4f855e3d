//! Shared test fixtures: the test configuration, a loaded snapshot, pipeline runners.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use pnr_screen::alert::{Alert, Source};
use pnr_screen::config::Config;
use pnr_screen::matcher::Snapshot;
use pnr_screen::pipeline::Shared;
use pnr_screen::pnr::model::Pnr;
use pnr_screen::rules::{RuleSet, Severity, Window};
use pnr_screen::screen::{screen_pnr, Screener, Screening};
use pnr_screen::telemetry::Metrics;
use tokio_util::sync::CancellationToken;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shipped example configuration, with the given environment overrides.
pub fn example_config(env: &[(&str, &str)]) -> Config {
    let env: BTreeMap<String, String> = env
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    Config::load(
        Some(&root().join("deploy/pnr-screen.example.toml")),
        Some(env),
    )
    .expect("example config loads")
}

/// The example configuration's lists (OFAC SDN + aliases, UN, national example), loaded once.
pub fn snapshot() -> Arc<Snapshot> {
    static SNAPSHOT: OnceLock<Arc<Snapshot>> = OnceLock::new();
    SNAPSHOT
        .get_or_init(|| {
            Arc::new(
                example_config(&[])
                    .sources()
                    .load_snapshot()
                    .expect("fixtures load"),
            )
        })
        .clone()
}

/// The shipped rules (`rules/`), loaded once.
pub fn rules() -> Arc<RuleSet> {
    static RULES: OnceLock<Arc<RuleSet>> = OnceLock::new();
    RULES
        .get_or_init(|| {
            Arc::new(RuleSet::load_dir(&root().join("rules")).expect("shipped rules load"))
        })
        .clone()
}

/// Screens one PNR with the test snapshot and the shipped rules (fresh cross-PNR window).
pub fn screen_with_rules(pnr: &Pnr, source: &Source) -> Screening {
    let (snapshot, rules) = (snapshot(), rules());
    let window = Window::new(1000, std::time::Duration::from_secs(3600));
    let screener = Screener {
        snapshot: &snapshot,
        rules: &rules,
        window: &window,
        min_severity: Severity::Medium,
    };
    screen_pnr(pnr, &screener, source, chrono::Utc::now())
}

/// Screens one PNR with the test snapshot and no rules.
pub fn screen_lists(pnr: &Pnr, source: &Source) -> Vec<Alert> {
    let snapshot = snapshot();
    let (rules, window) = (
        RuleSet::default(),
        Window::new(1, std::time::Duration::from_secs(1)),
    );
    let screener = Screener {
        snapshot: &snapshot,
        rules: &rules,
        window: &window,
        min_severity: Severity::Medium,
    };
    screen_pnr(pnr, &screener, source, chrono::Utc::now()).alerts
}

/// Builds shared pipeline state over the test snapshot for `config`, without rules.
pub fn shared(config: &Config) -> Arc<Shared> {
    let snap = snapshot();
    let lists = snap.lists.clone();
    let rebuilt = Snapshot::build(lists, config.matcher.settings);
    pnr_screen::commands::run::shared(config, rebuilt, RuleSet::default(), Metrics::new())
}

/// Runs the pipeline until `done(shared)` holds (checked every 100 ms) or `deadline`.
pub async fn run_until(
    config: &Config,
    shared: Arc<Shared>,
    deadline: Duration,
    done: impl Fn(&Shared) -> bool + Send + 'static,
) {
    let stop = CancellationToken::new();
    let watcher = {
        let (shared, stop) = (shared.clone(), stop.clone());
        tokio::spawn(async move {
            let t0 = Instant::now();
            while !done(&shared) && t0.elapsed() < deadline {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            stop.cancel();
        })
    };
    pnr_screen::commands::run::run_pipeline(config, shared, stop)
        .await
        .expect("pipeline runs");
    watcher.await.expect("watcher");
}

/// Header value of a record as a string.
pub fn header(r: &pnr_screen::kafka::Record, name: &str) -> Option<String> {
    r.headers
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| String::from_utf8_lossy(v).into_owned())
}
