//! Prometheus metrics: one method per event, primitive arguments, private series.
//!
//! [`Metrics`] owns a Prometheus registry with the service's metrics (prefix `pnr_`) and
//! the process collector (bare `process_*`). Callers record an event by calling the method
//! named after it and log it themselves, where it happened; nothing here logs. Reading a
//! value back (tests, the demo's summary) goes through the `*_count` accessors; reading a
//! labelled series that was never counted creates it at zero.
//!
//! Invariants: label values are bounded: topic names and list ids from the config,
//! reason codes from fixed enums, Kafka error-code names. No label carries a name, a
//! document number, a card number or a record locator.

use std::time::Duration;

use prometheus::{
    Encoder, Histogram, HistogramOpts, IntCounter, IntCounterVec, IntGauge, IntGaugeVec, Opts,
    Registry, TextEncoder,
};

/// The service's metrics.
#[derive(Clone)]
pub struct Metrics {
    registry: Registry,
    messages_consumed: IntCounterVec,
    messages_decoded: IntCounter,
    messages_dead_lettered: IntCounterVec,
    messages_completed: IntCounter,
    fields_dropped: IntCounterVec,
    data_quality: IntCounterVec,
    unscreenable: IntCounterVec,
    travellers_screened: IntCounter,
    matches: IntCounterVec,
    alerts_produced: IntCounter,
    delivery_failures: IntCounterVec,
    consumer_errors: IntCounterVec,
    offsets_stored: IntCounter,
    screening_seconds: Histogram,
    in_flight: IntGauge,
    watchlist_entries: IntGaugeVec,
    watchlist_names: IntGaugeVec,
    watchlist_loaded: IntGaugeVec,
    watchlist_info: IntGaugeVec,
    snapshot_build_seconds: prometheus::Gauge,
    rule_evaluations: IntCounterVec,
    rule_hits: IntCounterVec,
    rule_exonerated: IntCounterVec,
    rules_loaded: IntGauge,
    reloads: IntCounterVec,
}

/// Registers `metric` in `registry` and hands it back.
fn register<M: prometheus::core::Collector + Clone + 'static>(registry: &Registry, metric: M) -> M {
    registry
        .register(Box::new(metric.clone()))
        .expect("each metric is registered once");
    metric
}

fn counter_vec(registry: &Registry, name: &str, help: &str, labels: &[&str]) -> IntCounterVec {
    let c = IntCounterVec::new(Opts::new(name, help), labels)
        .expect("metric names and labels are static and valid");
    register(registry, c)
}

fn counter(registry: &Registry, name: &str, help: &str) -> IntCounter {
    register(
        registry,
        IntCounter::new(name, help).expect("metric names are static and valid"),
    )
}

fn gauge_vec(registry: &Registry, name: &str, help: &str, labels: &[&str]) -> IntGaugeVec {
    let g = IntGaugeVec::new(Opts::new(name, help), labels)
        .expect("metric names and labels are static and valid");
    register(registry, g)
}

fn int_gauge(registry: &Registry, name: &str, help: &str) -> IntGauge {
    register(
        registry,
        IntGauge::new(name, help).expect("metric names are static and valid"),
    )
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
        let snapshot_build_seconds = prometheus::Gauge::new(
            "pnr_watchlist_snapshot_build_seconds",
            "Time to load every list and build the index of the snapshot in service.",
        )
        .expect("static gauge options are valid");
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
            data_quality: counter_vec(
                &registry,
                "pnr_data_quality_flags_total",
                "Received fields left out as unusable or kept as `other`, by field (path without indices) and problem.",
                &["field", "problem"],
            ),
            unscreenable: counter_vec(
                &registry,
                "pnr_unscreenable_travellers_total",
                "Travellers whose name could not be screened (alerted as unscreenable), by reason.",
                &["reason"],
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
            screening_seconds: register(&registry, screening_seconds),
            in_flight: int_gauge(&registry, "pnr_in_flight_messages", "Messages being decoded, screened or produced."),
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
            snapshot_build_seconds: register(&registry, snapshot_build_seconds),
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
            rules_loaded: int_gauge(&registry, "pnr_rules_loaded", "Risk rules in the current rule set."),
            reloads: counter_vec(
                &registry,
                "pnr_reloads_total",
                "Hot reloads of watchlists or rules, by what and result (ok, refused).",
                &["what", "result"],
            ),
            registry,
        }
    }

    /// Renders the Prometheus text exposition.
    pub(crate) fn render(&self) -> String {
        let mut buf = Vec::new();
        let encoder = TextEncoder::new();
        if encoder.encode(&self.registry.gather(), &mut buf).is_err() {
            return String::new();
        }
        String::from_utf8(buf).unwrap_or_default()
    }

    /// A message was read from `topic`.
    pub(crate) fn consumed(&self, topic: &str) {
        self.messages_consumed.with_label_values(&[topic]).inc();
    }

    /// A message entered the pipeline.
    pub(crate) fn started(&self) {
        self.in_flight.inc();
    }

    /// A message's outputs were all delivered; its offset may be committed.
    pub(crate) fn completed(&self) {
        self.in_flight.dec();
        self.messages_completed.inc();
    }

    /// The finished prefix of a partition grew and its offset was stored for commit.
    pub(crate) fn offset_stored(&self) {
        self.offsets_stored.inc();
    }

    /// A message was decoded into a PNR of `travellers` travellers and screened in
    /// `elapsed`; the decoder dropped the given counts of fields, sensitive SSRs and remarks.
    pub(crate) fn decoded(
        &self,
        travellers: usize,
        elapsed: Duration,
        dropped_fields: u32,
        dropped_special_services: u32,
        dropped_remarks: u32,
    ) {
        self.messages_decoded.inc();
        self.travellers_screened.inc_by(travellers as u64);
        self.screening_seconds.observe(elapsed.as_secs_f64());
        for (kind, n) in [
            ("non_annex_field", dropped_fields),
            ("sensitive_special_service", dropped_special_services),
            ("free_text_remark", dropped_remarks),
        ] {
            if n > 0 {
                self.fields_dropped
                    .with_label_values(&[kind])
                    .inc_by(u64::from(n));
            }
        }
    }

    /// The decoder flagged field `field` (a path without indices) with `problem`.
    pub(crate) fn data_quality_flag(&self, field: &str, problem: &str) {
        self.data_quality.with_label_values(&[field, problem]).inc();
    }

    /// A traveller's name could not be screened, for `reason`.
    pub(crate) fn unscreenable(&self, reason: &str) {
        self.unscreenable.with_label_values(&[reason]).inc();
    }

    /// Rule `rule` was evaluated on a PNR.
    pub(crate) fn rule_evaluated(&self, rule: &str) {
        self.rule_evaluations.with_label_values(&[rule]).inc();
    }

    /// Rule `rule` hit (at any severity).
    pub(crate) fn rule_hit(&self, rule: &str) {
        self.rule_hits.with_label_values(&[rule]).inc();
    }

    /// A hit of rule `rule` was suppressed by an exonerating condition.
    pub(crate) fn rule_exonerated(&self, rule: &str) {
        self.rule_exonerated.with_label_values(&[rule]).inc();
    }

    /// A message went to the dead-letter topic for `reason`.
    pub(crate) fn dead_lettered(&self, reason: &str) {
        self.messages_dead_lettered
            .with_label_values(&[reason])
            .inc();
    }

    /// A traveller matched an entry of list `list`.
    pub(crate) fn matched(&self, list: &str) {
        self.matches.with_label_values(&[list]).inc();
    }

    /// An alert was acknowledged by the broker.
    pub(crate) fn alert_delivered(&self) {
        self.alerts_produced.inc();
    }

    /// An attempt to deliver to a topic of `topic_kind` failed with `error` (retried).
    pub(crate) fn delivery_failed(&self, topic_kind: &str, error: &str) {
        self.delivery_failures
            .with_label_values(&[topic_kind, error])
            .inc();
    }

    /// Reading from Kafka failed with `error`.
    pub(crate) fn consumer_error(&self, error: &str) {
        self.consumer_errors.with_label_values(&[error]).inc();
    }

    /// A new watchlist snapshot went into service, built in `build_seconds`; the
    /// per-list series of the previous one are cleared.
    pub(crate) fn snapshot_loaded(&self, build_seconds: f64) {
        self.watchlist_info.reset();
        self.snapshot_build_seconds.set(build_seconds);
    }

    /// List `list` at `version` is in service with `entries` entries and `names` names.
    pub(crate) fn watchlist_loaded(&self, list: &str, version: &str, entries: usize, names: usize) {
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

    /// A rule set of `rules` rules went into service.
    pub(crate) fn rules_loaded(&self, rules: usize) {
        self.rules_loaded.set(rules as i64);
    }

    /// A hot reload of `what` (`watchlists`, `rules`) was accepted (`ok`) or refused.
    pub(crate) fn reloaded(&self, what: &str, ok: bool) {
        let result = if ok { "ok" } else { "refused" };
        self.reloads.with_label_values(&[what, result]).inc();
    }

    /// Messages fully handled so far.
    pub fn messages_completed_count(&self) -> u64 {
        self.messages_completed.get()
    }

    /// Travellers screened so far.
    pub fn travellers_screened_count(&self) -> u64 {
        self.travellers_screened.get()
    }

    /// Fields flagged so far at `field` (a path without indices) with `problem`.
    pub fn data_quality_count(&self, field: &str, problem: &str) -> u64 {
        self.data_quality.with_label_values(&[field, problem]).get()
    }

    /// Travellers alerted as unscreenable so far for `reason`.
    pub fn unscreenable_count(&self, reason: &str) -> u64 {
        self.unscreenable.with_label_values(&[reason]).get()
    }

    /// Messages dead-lettered so far for `reason`.
    pub fn dead_lettered_count(&self, reason: &str) -> u64 {
        self.messages_dead_lettered
            .with_label_values(&[reason])
            .get()
    }

    /// Hot reloads of `what` so far with `result` (`ok`, `refused`).
    pub fn reloads_count(&self, what: &str, result: &str) -> u64 {
        self.reloads.with_label_values(&[what, result]).get()
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}
