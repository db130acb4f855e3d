//! `pnr-screen demo`: the real pipeline against librdkafka's in-process mock cluster.
//!
//! [`run`] generates demo traffic ([`crate::testkit::traffic`]), feeds it to a mock
//! cluster, runs the same pipeline as `pnr-screen run` until every message is accounted
//! for, and reads back the alerts and dead letters for a summary that checks each planted
//! traveller was found.
//!
//! Invariant: the demo stops by itself once all generated messages completed (or on
//! Ctrl-C / its deadline).

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use serde_json::Value;
use tokio_util::sync::CancellationToken;

use super::run::{load, run_pipeline, serve, shared};
use crate::config::Config;
use crate::kafka::mock::{read_topic, MockBroker};
use crate::kafka::{KafkaError, Producer};
use crate::pipeline::headers;
use crate::telemetry::Metrics;
use crate::testkit::traffic::{generate, Planted};

/// Options of `pnr-screen demo`.
#[derive(Debug, Clone)]
pub(crate) struct DemoOptions {
    pub messages: usize,
    pub seed: u64,
    pub deadline: Duration,
}

/// What the demo observed.
#[derive(Debug, Clone, Default)]
pub(crate) struct DemoReport {
    pub messages: usize,
    pub completed: u64,
    pub travellers: u64,
    pub alerts: Vec<Value>,
    pub dead_letters: BTreeMap<String, usize>,
    pub expected_dead_letters: usize,
    pub planted: usize,
    pub planted_found: usize,
    pub metrics_addr: String,
    pub elapsed: Duration,
}

impl DemoReport {
    /// Human-readable summary (stdout of `pnr-screen demo`).
    pub(crate) fn render(&self) -> String {
        let mut s = String::new();
        let dl: usize = self.dead_letters.values().sum();
        s.push_str(&format!(
            "\npnr-screen demo: {} messages in {:.1} s against the in-process mock cluster\n",
            self.messages,
            self.elapsed.as_secs_f64()
        ));
        s.push_str(&format!(
            "  messages completed (offsets stored): {}\n",
            self.completed
        ));
        s.push_str(&format!(
            "  travellers screened:                 {}\n",
            self.travellers
        ));
        s.push_str(&format!(
            "  alerts on the alerts topic:          {}\n",
            self.alerts.len()
        ));
        s.push_str(&format!(
            "  planted watchlist travellers found:  {}/{}\n",
            self.planted_found, self.planted
        ));
        let count = |has: fn(&Value) -> bool| self.alerts.iter().filter(|a| has(a)).count();
        s.push_str(&format!(
            "  unscreenable travellers alerted:     {}\n",
            count(|a| a.get("unscreenable").is_some())
        ));
        s.push_str(&format!(
            "  alerts naming unusable fields:       {}\n",
            count(|a| {
                a.get("data_quality")
                    .and_then(Value::as_array)
                    .is_some_and(|d| !d.is_empty())
            })
        ));
        s.push_str(&format!(
            "  dead letters:                        {dl} (expected {})\n",
            self.expected_dead_letters
        ));
        for (reason, n) in &self.dead_letters {
            s.push_str(&format!("    {reason:<24} {n}\n"));
        }
        s.push_str(&format!(
            "  metrics were served on http://{}/metrics\n",
            self.metrics_addr
        ));
        for alert in self.alerts.iter().take(2) {
            s.push_str("\nexample alert:\n");
            s.push_str(&serde_json::to_string_pretty(alert).unwrap_or_default());
            s.push('\n');
        }
        s
    }
}

/// Runs the demo: mock cluster, generated input, the real pipeline, a summary.
///
/// # Errors
/// Watchlists fail to load, the mock cluster or a client cannot start, or the metrics
/// port cannot be bound.
pub(crate) async fn run(
    mut config: Config,
    options: DemoOptions,
    shutdown: CancellationToken,
) -> anyhow::Result<DemoReport> {
    let started = Instant::now();
    config.require_watchlists()?;
    let k = config.kafka.clone();
    let broker = MockBroker::start(&[
        (&k.input_topic, 3),
        (&k.alerts_topic, 3),
        (&k.dead_letter_topic, 1),
    ])
    .context("Failed to start the mock Kafka cluster")?;
    config.kafka.bootstrap_servers = broker.bootstrap_servers();
    config.kafka.group_id = format!("pnr-screen-demo-{}", uuid::Uuid::new_v4());
    config.kafka.client_properties.clear();

    let metrics = Metrics::new();
    let (snapshot, rules) = load(&config.sources(), &metrics).await?;
    let generated = generate(&snapshot, options.messages, options.seed);
    let shared = shared(&config, snapshot, rules, metrics);

    let producer = Producer::new(&config.kafka).context("Failed to create the demo producer")?;
    for (i, body) in generated.messages.iter().enumerate() {
        let key = i.to_string();
        producer
            .send(&config.kafka.input_topic, Some(key.as_bytes()), body, &[])
            .await
            .context("Failed to feed the mock cluster")?;
    }

    let stop = shutdown.child_token();
    let (addr, http) = serve(&config, shared.clone(), stop.clone()).await?;
    let watcher = {
        let shared = shared.clone();
        let stop = stop.clone();
        let n = options.messages as u64;
        let deadline = options.deadline;
        tokio::spawn(async move {
            let t0 = Instant::now();
            while shared.metrics.messages_completed_count() < n
                && t0.elapsed() < deadline
                && !stop.is_cancelled()
            {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            stop.cancel();
        })
    };
    run_pipeline(&config, shared.clone(), stop.clone()).await?;
    let _ = watcher.await;
    let _ = http.await;

    let (alerts, dead_letters) = read_back(&config).await?;
    drop(broker);
    let found = |p: &Planted| {
        alerts.iter().any(|a| {
            a["record_locator"] == p.record_locator.as_str()
                && a["matches"].as_array().is_some_and(|ms| {
                    ms.iter().any(|m| {
                        m["list"] == p.list.as_str() && m["entry_id"] == p.entry_id.as_str()
                    })
                })
        })
    };
    let planted_found = generated.planted.iter().filter(|p| found(p)).count();
    let mut sorted = alerts;
    // Show planted hits first.
    sorted.sort_by_key(|a| {
        !generated
            .planted
            .iter()
            .any(|p| a["record_locator"] == p.record_locator.as_str())
    });
    Ok(DemoReport {
        messages: options.messages,
        completed: shared.metrics.messages_completed_count(),
        travellers: shared.metrics.travellers_screened_count(),
        alerts: sorted,
        dead_letters,
        expected_dead_letters: generated.malformed.len(),
        planted: generated.planted.len(),
        planted_found,
        metrics_addr: addr.to_string(),
        elapsed: started.elapsed(),
    })
}

/// Reads back the alerts topic (as JSON values) and the dead-letter topic (counted by
/// reason header) of the demo's cluster.
async fn read_back(config: &Config) -> anyhow::Result<(Vec<Value>, BTreeMap<String, usize>)> {
    let bootstrap = config.kafka.bootstrap_servers.clone();
    let (alerts_topic, dlq_topic) = (
        config.kafka.alerts_topic.clone(),
        config.kafka.dead_letter_topic.clone(),
    );
    let (alerts, dead) = tokio::task::spawn_blocking(move || {
        let idle = Duration::from_secs(2);
        let deadline = Duration::from_secs(20);
        Ok::<_, KafkaError>((
            read_topic(&bootstrap, &alerts_topic, None, idle, deadline)?,
            read_topic(&bootstrap, &dlq_topic, None, idle, deadline)?,
        ))
    })
    .await
    .context("Reading back the demo topics failed")??;
    let alerts: Vec<Value> = alerts
        .iter()
        .filter_map(|r| {
            r.payload
                .as_deref()
                .and_then(|p| serde_json::from_slice(p).ok())
        })
        .collect();
    let mut dead_letters = BTreeMap::new();
    for r in &dead {
        let reason = r
            .headers
            .iter()
            .find(|(k, _)| k == headers::REASON)
            .map(|(_, v)| String::from_utf8_lossy(v).into_owned())
            .unwrap_or_default();
        *dead_letters.entry(reason).or_insert(0) += 1;
    }
    Ok((alerts, dead_letters))
}
