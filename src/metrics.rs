//! Telemetry: every counted event is logged and counted in one place.
//!
//! [`Metrics`] owns a Prometheus registry with the service's metrics (prefix `pnr_`) and
//! the process collector (bare `process_*`). Each event method both updates the metric
//! and, where an operator needs it, writes the log line, so the two never drift apart.
//!
//! Invariants: label values are bounded: topic names and list ids from the config,
//! reason codes from fixed enums, Kafka error-code names. No label or log line carries a
//! name, a document number, a card number or a record locator; messages are pointed at by
//! partition and offset.

use std::time::Duration;

use prometheus::{
    Encoder, Histogram, HistogramOpts, IntCounter, IntCounterVec, IntGauge, IntGaugeVec, Opts,
    Registry, TextEncoder,
};

use crate::pnr::parse::{DecodeError, DecodeReport};

/// The service's metrics.
#[derive(Clone)]
pub struct Metrics {
    registry: Registry,
    pub messages_consumed: IntCounterVec,
    pub messages_decoded: IntCounter,
    pub messages_dead_lettered: IntCounterVec,
    pub messages_completed: IntCounter,
    pub fields_dropped: IntCounterVec,
    pub travellers_screened: IntCounter,
    pub matches: IntCounterVec,
    pub alerts_produced: IntCounter,
    pub delivery_failures: IntCounterVec,
    pub consumer_errors: IntCounterVec,
    pub offsets_stored: IntCounter,
    pub screening_seconds: Histogram,
    pub in_flight: IntGauge,
    pub watchlist_entries: IntGaugeVec,
    pub watchlist_names: IntGaugeVec,
    pub watchlist_loaded: IntGaugeVec,
    pub watchlist_info: IntGaugeVec,
    pub snapshot_build_seconds: prometheus::Gauge,
    pub rule_evaluations: IntCounterVec,
    pub rule_hits: IntCounterVec,
    pub rule_exonerated: IntCounterVec,
    pub rules_loaded: IntGauge,
    pub reloads: IntCounterVec,
}

fn counter_vec(registry: &Registry, name: &str, help: &str, labels: &[&str]) -> IntCounterVec {
    let c = IntCounterVec::new(Opts::new(name, help), labels)
        .expect("metric names and labels are static and valid");
    registry
        .register(Box::new(c.clone()))
        .expect("each metric is registered once");
    c
}

fn counter(registry: &Registry, name: &str, help: &str) -> IntCounter {
    let c = IntCounter::new(name, help).expect("metric names are static and valid");
    registry
        .register(Box::new(c.clone()))
        .expect("each metric is registered once");
    c
}

fn gauge_vec(registry: &Registry, name: &str, help: &str, labels: &[&str]) -> IntGaugeVec {
    let g = IntGaugeVec::new(Opts::new(name, help), labels)
        .expect("metric names and labels are static and valid");
    registry
        .register(Box::new(g.clone()))
        .expect("each metric is registered once");
    g
}

impl Metrics {
    /// Creates the registry and every metric.
    ///
    /// # Panics
    /// Never in practice: metric names are static and registered once per registry.
    pub fn new() -> Self {
        let registry = Registry::new();
        #[cfg(target_os = "linux")]
        {
            let pc = prometheus::process_collector::ProcessCollector::for_self();
            // A second registry in the same process (tests) may fail to read /proc; not fatal.
            let _ = registry.register(Box::new(pc));
        }
        let build_info = gauge_vec(
            &registry,
            "pnr_build_info",
            "Build information.",
            &["version"],
        );
        build_info
            .with_label_values(&[env!("CARGO_PKG_VERSION")])
            .set(1);
        let screening_seconds = Histogram::with_opts(
            HistogramOpts::new(
                "pnr_screening_duration_seconds",
                "Time to decode and screen one message (all its travellers).",
            )
            .buckets(vec![
                0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
            ]),
        )
        .expect("static histogram options are valid");
        registry
            .register(Box::new(screening_seconds.clone()))
            .expect("each metric is registered once");
        let in_flight = IntGauge::new(
            "pnr_in_flight_messages",
            "Messages being decoded, screened or produced.",
        )
        .expect("static gauge options are valid");
        registry
            .register(Box::new(in_flight.clone()))
            .expect("each metric is registered once");
        Metrics {
            messages_consumed: counter_vec(&registry, "pnr_messages_consumed_total", "Messages read from the input topic.", &["topic"]),
            messages_decoded: counter(&registry, "pnr_messages_decoded_total", "Messages decoded into a PNR."),
            messages_dead_lettered: counter_vec(
                &registry,
                "pnr_messages_dead_lettered_total",
                "Messages sent to the dead-letter topic, by reason.",
                &["reason"],
            ),
            messages_completed: counter(
                &registry,
                "pnr_messages_completed_total",
                "Messages fully handled (alerts or dead letter delivered); their offsets may be committed.",
            ),
            fields_dropped: counter_vec(
                &registry,
                "pnr_fields_dropped_total",
                "Data dropped on receipt (outside Annex I, sensitive SSRs, free-text remarks), by kind.",
                &["kind"],
            ),
            travellers_screened: counter(&registry, "pnr_travellers_screened_total", "Travellers screened."),
            matches: counter_vec(&registry, "pnr_matches_total", "Watchlist matches reported, by list.", &["list"]),
            alerts_produced: counter(&registry, "pnr_alerts_produced_total", "Alerts delivered to the alerts topic."),
            delivery_failures: counter_vec(
                &registry,
                "pnr_delivery_failures_total",
                "Failed attempts to deliver an alert or dead letter (retried), by topic kind and error.",
                &["topic", "error"],
            ),
            consumer_errors: counter_vec(&registry, "pnr_consumer_errors_total", "Errors reading from Kafka, by error.", &["error"]),
            offsets_stored: counter(&registry, "pnr_offsets_stored_total", "Offsets stored for commit after their messages completed."),
            screening_seconds,
            in_flight,
            watchlist_entries: gauge_vec(&registry, "pnr_watchlist_entries", "Person entries loaded, by list.", &["list"]),
            watchlist_names: gauge_vec(&registry, "pnr_watchlist_names", "Names and aliases indexed, by list.", &["list"]),
            watchlist_loaded: gauge_vec(
                &registry,
                "pnr_watchlist_loaded_timestamp_seconds",
                "When each list's current version was loaded (Unix time).",
                &["list"],
            ),
            watchlist_info: gauge_vec(
                &registry,
                "pnr_watchlist_info",
                "1 for the version of each list in service (the version is a hash of its files).",
                &["list", "version"],
            ),
            snapshot_build_seconds: {
                let g = prometheus::Gauge::new(
                    "pnr_watchlist_snapshot_build_seconds",
                    "Time to load every list and build the index of the snapshot in service.",
                )
                .expect("static gauge options are valid");
                registry.register(Box::new(g.clone())).expect("each metric is registered once");
                g
            },
            rule_evaluations: counter_vec(&registry, "pnr_rule_evaluations_total", "PNRs each rule was evaluated on.", &["rule"]),
            rule_hits: counter_vec(
                &registry,
                "pnr_rule_hits_total",
                "Rule hits (all severities; alerts only at or above rules.min_severity).",
                &["rule"],
            ),
            rule_exonerated: counter_vec(
                &registry,
                "pnr_rule_exonerated_total",
                "Rule hits suppressed by an exonerating condition.",
                &["rule"],
            ),
            rules_loaded: {
                let g = IntGauge::new("pnr_rules_loaded", "Risk rules in the current rule set.")
                    .expect("static gauge options are valid");
                registry.register(Box::new(g.clone())).expect("each metric is registered once");
                g
            },
            reloads: counter_vec(
                &registry,
                "pnr_reloads_total",
                "Hot reloads of watchlists or rules, by what and result (ok, refused).",
                &["what", "result"],
            ),
            registry,
        }
    }

    /// Counts one rule evaluation of a PNR: every rule evaluated, each hit, each exoneration.
    pub fn rules_evaluated(
        &self,
        rules: &crate::rules::RuleSet,
        evaluation: &crate::rules::Evaluation,
    ) {
        for rule in rules.rules() {
            self.rule_evaluations.with_label_values(&[&*rule.id]).inc();
        }
        for hit in &evaluation.hits {
            self.rule_hits.with_label_values(&[&*hit.rule_id]).inc();
        }
        for hit in &evaluation.exonerated {
            self.rule_exonerated
                .with_label_values(&[&*hit.rule_id])
                .inc();
        }
    }

    /// Renders the Prometheus text exposition.
    pub fn render(&self) -> String {
        let mut buf = Vec::new();
        let encoder = TextEncoder::new();
        if encoder.encode(&self.registry.gather(), &mut buf).is_err() {
            return String::new();
        }
        String::from_utf8(buf).unwrap_or_default()
    }

    pub fn consumed(&self, topic: &str) {
        self.messages_consumed.with_label_values(&[topic]).inc();
    }

    pub fn decoded(&self, report: &DecodeReport, travellers: usize, elapsed: Duration) {
        self.messages_decoded.inc();
        self.travellers_screened.inc_by(travellers as u64);
        self.screening_seconds.observe(elapsed.as_secs_f64());
        for (kind, n) in [
            ("non_annex_field", report.dropped_fields),
            ("sensitive_special_service", report.dropped_special_services),
            ("free_text_remark", report.dropped_remarks),
        ] {
            if n > 0 {
                self.fields_dropped
                    .with_label_values(&[kind])
                    .inc_by(u64::from(n));
            }
        }
    }

    pub fn undecodable(&self, error: &DecodeError, partition: i32, offset: i64) {
        tracing::warn!(
            reason = error.reason_code(),
            path = error.path().unwrap_or("-"),
            partition,
            offset,
            "Message could not be decoded; sending it to the dead-letter topic."
        );
    }

    pub fn dead_lettered(&self, reason: &str) {
        self.messages_dead_lettered
            .with_label_values(&[reason])
            .inc();
    }

    pub fn matched(&self, list: &str) {
        self.matches.with_label_values(&[list]).inc();
    }

    pub fn alert_delivered(&self) {
        self.alerts_produced.inc();
    }

    pub fn delivery_failed(&self, topic_kind: &str, error: &str, partition: i32, offset: i64) {
        self.delivery_failures
            .with_label_values(&[topic_kind, error])
            .inc();
        tracing::warn!(
            topic = topic_kind,
            error,
            partition,
            offset,
            "Delivery failed; retrying."
        );
    }

    pub fn consumer_error(&self, error: &str) {
        self.consumer_errors.with_label_values(&[error]).inc();
        tracing::warn!(error, "Kafka consumer error.");
    }

    pub fn watchlist_loaded(&self, list: &str, version: &str, entries: usize, names: usize) {
        self.watchlist_info
            .with_label_values(&[list, version])
            .set(1);
        self.watchlist_entries
            .with_label_values(&[list])
            .set(entries as i64);
        self.watchlist_names
            .with_label_values(&[list])
            .set(names as i64);
        self.watchlist_loaded
            .with_label_values(&[list])
            .set(chrono::Utc::now().timestamp());
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}
