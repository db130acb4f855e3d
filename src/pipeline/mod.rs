//! The streaming pipeline: consume → decode and screen on rayon → produce → store offset.
//!
//! One loop owns the consumer and the [`OffsetTracker`]. Each message becomes a task that
//! decodes and screens it on the rayon pool (never on the async threads), then delivers
//! its alerts (keyed by record locator) or, if it cannot be decoded, a dead letter with
//! the reason in headers. When a task is done its offset is marked finished, and the
//! unbroken finished prefix of its partition is stored for commit. At most
//! `max_in_flight` messages are in progress; the loop drains finished tasks first
//! (`biased`) so acknowledgements never queue behind intake.
//!
//! Invariants (at-least-once): an offset is stored only after every alert or dead letter
//! of its message, and of every earlier message of its partition, was acknowledged by the
//! broker; a failed delivery is retried, never skipped; one bad message never stops the
//! stream. Shutdown: stop intake → drain with a deadline → flush → commit.

pub mod offsets;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use arc_swap::ArcSwap;
use futures::stream::{FuturesUnordered, StreamExt};
use tokio::sync::mpsc::UnboundedReceiver;
use tokio_util::sync::CancellationToken;

use crate::alert::{screen_pnr, Screener, Screening, Source};
use crate::kafka::consumer::{Consumer, RebalanceEvent};
use crate::kafka::producer::Producer;
use crate::kafka::{Inbound, KafkaError};
use crate::matcher::Snapshot;
use crate::metrics::Metrics;
use crate::pnr::parse::{decode_json, DecodeError, DecodeLimits, DecodeReport};
use offsets::OffsetTracker;

/// Header names on dead letters.
pub mod headers {
    pub const REASON: &str = "pnr-screen-reason";
    pub const ERROR: &str = "pnr-screen-error";
    pub const SOURCE_TOPIC: &str = "pnr-screen-source-topic";
    pub const SOURCE_PARTITION: &str = "pnr-screen-source-partition";
    pub const SOURCE_OFFSET: &str = "pnr-screen-source-offset";
}

/// State shared by the pipeline, the HTTP endpoints and the reloader.
pub struct Shared {
    pub snapshot: ArcSwap<Snapshot>,
    pub rules: ArcSwap<crate::rules::RuleSet>,
    /// Cross-PNR memory for the rules (bounded in entries and age).
    pub window: crate::rules::Window,
    pub min_severity: crate::rules::Severity,
    pub metrics: Metrics,
    pub limits: DecodeLimits,
    pub alerts_topic: String,
    pub dead_letter_topic: String,
    /// True while the pipeline is consuming; `/readyz` reports it.
    pub ready: AtomicBool,
    /// Notified by `POST /reload` to reload watchlists and rules now.
    pub reload: tokio::sync::Notify,
}

/// A running pipeline's parts.
pub struct Pipeline {
    pub consumer: Arc<Consumer>,
    pub producer: Producer,
    pub events: UnboundedReceiver<RebalanceEvent>,
    pub shared: Arc<Shared>,
    pub max_in_flight: usize,
    pub drain_timeout: Duration,
}

/// What a finished task reports back to the loop.
struct Done {
    partition: i32,
    offset: i64,
}

/// What decoding and screening one message produced (computed on rayon).
enum Screened {
    Alerts {
        report: DecodeReport,
        travellers: usize,
        screening: Screening,
    },
    Undecodable(DecodeError),
    Panicked,
}

impl Pipeline {
    /// Runs until `shutdown` is cancelled, then drains, flushes and commits.
    pub async fn run(mut self, shutdown: CancellationToken) {
        let metrics = self.shared.metrics.clone();
        let mut tracker = OffsetTracker::default();
        let mut in_flight = FuturesUnordered::new();
        self.shared.ready.store(true, Ordering::Relaxed);
        tracing::info!(max_in_flight = self.max_in_flight, "Pipeline started.");
        loop {
            tokio::select! {
                biased;
                Some(done) = in_flight.next(), if !in_flight.is_empty() => {
                    self.complete(&mut tracker, done);
                }
                Some(event) = self.events.recv() => {
                    if let RebalanceEvent::Revoked(parts) = event {
                        tracker.revoke(&parts);
                    }
                }
                () = shutdown.cancelled() => break,
                received = self.consumer.recv(), if in_flight.len() < self.max_in_flight => {
                    match received {
                        Ok(message) => {
                            tracker.start(message.partition, message.offset);
                            metrics.in_flight.inc();
                            in_flight.push(process(self.shared.clone(), self.producer.clone(), message));
                        }
                        Err(e) => {
                            let code = match &e { KafkaError::Consume { code } => code.as_str(), _ => "Other" };
                            metrics.consumer_error(code);
                            tokio::time::sleep(Duration::from_millis(200)).await;
                        }
                    }
                }
            }
        }

        self.shared.ready.store(false, Ordering::Relaxed);
        let pending = in_flight.len();
        tracing::info!(
            pending,
            "Shutting down: intake stopped, draining in-flight messages."
        );
        let deadline = tokio::time::Instant::now() + self.drain_timeout;
        while !in_flight.is_empty() {
            match tokio::time::timeout_at(deadline, in_flight.next()).await {
                Ok(Some(done)) => self.complete(&mut tracker, done),
                Ok(None) => break,
                Err(_) => {
                    tracing::warn!(
                        unfinished = in_flight.len(),
                        "Drain deadline passed; unfinished messages will be redelivered after restart."
                    );
                    break;
                }
            }
        }
        drop(in_flight);
        let producer = self.producer.clone();
        let consumer = self.consumer.clone();
        let flush_timeout = self.drain_timeout;
        let finished = tokio::task::spawn_blocking(move || {
            if let Err(e) = producer.flush(flush_timeout) {
                tracing::warn!(error = %e, "Producer flush did not complete.");
            }
            let result = consumer.commit_sync();
            consumer.unsubscribe();
            result
        })
        .await;
        match finished {
            Ok(Ok(())) => tracing::info!("Offsets committed; pipeline stopped."),
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "Final offset commit failed; uncommitted messages will be redelivered.")
            }
            Err(e) => tracing::warn!(error = %e, "Final commit task failed."),
        }
    }

    fn complete(&self, tracker: &mut OffsetTracker, done: Done) {
        let metrics = &self.shared.metrics;
        metrics.in_flight.dec();
        metrics.messages_completed.inc();
        if let Some(offset) = tracker.finish(done.partition, done.offset) {
            match self.consumer.store(done.partition, offset) {
                Ok(()) => metrics.offsets_stored.inc(),
                Err(e) => {
                    tracing::debug!(error = %e, partition = done.partition, "Offset not stored (partition revoked).")
                }
            }
        }
    }
}

/// Decodes and screens one message on rayon, then delivers its outputs.
async fn process(shared: Arc<Shared>, producer: Producer, message: Inbound) -> Done {
    let Inbound {
        topic,
        partition,
        offset,
        payload,
    } = message;
    shared.metrics.consumed(&topic);
    let payload = Arc::new(payload.unwrap_or_default());
    let source = Source::Kafka {
        topic: topic.clone(),
        partition,
        offset,
    };
    let (tx, rx) = tokio::sync::oneshot::channel();
    {
        let snapshot = shared.snapshot.load_full();
        let rules = shared.rules.load_full();
        let limits = shared.limits;
        let payload = payload.clone();
        let shared = shared.clone();
        rayon::spawn(move || {
            let started = Instant::now();
            let outcome =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    match decode_json(&payload, &limits) {
                        Ok(decoded) => {
                            let screener = Screener {
                                snapshot: &snapshot,
                                rules: &rules,
                                window: &shared.window,
                                min_severity: shared.min_severity,
                            };
                            Screened::Alerts {
                                report: decoded.report,
                                travellers: decoded.pnr.travellers.len(),
                                screening: screen_pnr(
                                    &decoded.pnr,
                                    &screener,
                                    &source,
                                    chrono::Utc::now(),
                                ),
                            }
                        }
                        Err(e) => Screened::Undecodable(e),
                    }
                }))
                .unwrap_or(Screened::Panicked);
            // The receiver is gone only if the pipeline was dropped mid-drain.
            let _ = tx.send((outcome, started.elapsed()));
        });
    }
    let (outcome, elapsed) = rx.await.unwrap_or((Screened::Panicked, Duration::ZERO));
    let metrics = &shared.metrics;
    // (header reason, detail, metric reason) when the message must be dead-lettered.
    let dead: Option<(String, String, String)> = match outcome {
        Screened::Alerts {
            report,
            travellers,
            screening,
        } => {
            metrics.decoded(&report, travellers, elapsed);
            metrics.rules_evaluated(&shared.rules.load(), &screening.rules);
            let mut rejected = None;
            for alert in &screening.alerts {
                for m in &alert.matches {
                    metrics.matched(&m.list);
                }
                let body = match serde_json::to_vec(alert) {
                    Ok(b) => b,
                    Err(_) => {
                        rejected = Some("alert_serialization".to_owned());
                        break;
                    }
                };
                let key = alert.record_locator.as_bytes();
                let sent = deliver(
                    &producer,
                    metrics,
                    "alerts",
                    &shared.alerts_topic,
                    Some(key),
                    &body,
                    &[],
                    partition,
                    offset,
                )
                .await;
                match sent {
                    Ok(()) => metrics.alert_delivered(),
                    Err(code) => {
                        rejected = Some(format!("alert_rejected_{code}"));
                        break;
                    }
                }
            }
            rejected.map(|metric_reason| {
                (
                    "alert_rejected".to_owned(),
                    "an alert for this message was refused by the broker; the message is kept here for replay"
                        .to_owned(),
                    metric_reason,
                )
            })
        }
        Screened::Undecodable(error) => {
            metrics.undecodable(&error, partition, offset);
            let code = error.reason_code().to_owned();
            Some((code.clone(), error.to_string(), code))
        }
        Screened::Panicked => {
            tracing::error!(
                partition,
                offset,
                "Screening panicked; sending the message to the dead-letter topic."
            );
            let code = "internal_error".to_owned();
            Some((
                code.clone(),
                "screening failed unexpectedly".to_owned(),
                code,
            ))
        }
    };
    if let Some((reason, detail, metric_reason)) = dead {
        dead_letter(
            &shared,
            &producer,
            &topic,
            partition,
            offset,
            &payload,
            &reason,
            &detail,
            &metric_reason,
        )
        .await;
    }
    Done { partition, offset }
}

#[allow(clippy::too_many_arguments)]
async fn dead_letter(
    shared: &Shared,
    producer: &Producer,
    topic: &str,
    partition: i32,
    offset: i64,
    payload: &[u8],
    reason: &str,
    detail: &str,
    metric_reason: &str,
) {
    let partition_s = partition.to_string();
    let offset_s = offset.to_string();
    let hdrs: [(&str, &[u8]); 5] = [
        (headers::REASON, reason.as_bytes()),
        (headers::ERROR, detail.as_bytes()),
        (headers::SOURCE_TOPIC, topic.as_bytes()),
        (headers::SOURCE_PARTITION, partition_s.as_bytes()),
        (headers::SOURCE_OFFSET, offset_s.as_bytes()),
    ];
    // The dead-letter topic must accept what the input topic accepted: retry until it does.
    loop {
        match deliver(
            producer,
            &shared.metrics,
            "dead_letter",
            &shared.dead_letter_topic,
            None,
            payload,
            &hdrs,
            partition,
            offset,
        )
        .await
        {
            Ok(()) => break,
            Err(code) => {
                tracing::error!(error = %code, partition, offset, "Dead-letter topic refused a message; retrying.");
                tokio::time::sleep(Duration::from_secs(5)).await;
            }
        }
    }
    shared.metrics.dead_lettered(metric_reason);
}

/// Sends one record, retrying retriable failures with backoff. Returns the error code of
/// a permanent failure.
#[allow(clippy::too_many_arguments)]
async fn deliver(
    producer: &Producer,
    metrics: &Metrics,
    kind: &str,
    topic: &str,
    key: Option<&[u8]>,
    payload: &[u8],
    hdrs: &[(&str, &[u8])],
    partition: i32,
    offset: i64,
) -> Result<(), String> {
    let mut backoff = Duration::from_millis(100);
    loop {
        match producer.send(topic, key, payload, hdrs).await {
            Ok(_) => return Ok(()),
            Err(KafkaError::Produce { code, retriable }) => {
                metrics.delivery_failed(kind, &code, partition, offset);
                if !retriable {
                    return Err(code);
                }
            }
            Err(_) => metrics.delivery_failed(kind, "Other", partition, offset),
        }
        tokio::time::sleep(backoff).await;
        backoff = (backoff * 2).min(Duration::from_secs(5));
    }
}
