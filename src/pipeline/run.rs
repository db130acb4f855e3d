//! The consume loop: one task per message, bounded in flight, offsets stored in order.
//!
//! One loop owns the consumer and the [`OffsetTracker`]. Each message becomes a task that
//! decodes and screens it on rayon ([`task`](super::task)), then delivers its alerts or
//! dead-letters it ([`sink`](super::sink)). When a task is done its offset is marked
//! finished, and the unbroken finished prefix of its partition is stored for commit. At
//! most `max_in_flight` messages are in progress; the loop drains finished tasks first
//! (`biased`) so acknowledgements never queue behind intake.
//!
//! Invariants (at-least-once): an offset is stored only after every alert or dead letter
//! of its message, and of every earlier message of its partition, was acknowledged by the
//! broker; one bad message never stops the stream. Shutdown: stop intake → drain with a
//! deadline → flush → commit.

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use futures::stream::{FuturesUnordered, StreamExt};
use tokio::sync::mpsc::UnboundedReceiver;
use tokio_util::sync::CancellationToken;

use super::config::PipelineConfig;
use super::offsets::OffsetTracker;
use super::shared::Shared;
use super::sink::{dead_letter, deliver_alerts, DeadLetterReason, Position};
use super::task::{decode_and_screen, Outcome};
use crate::alert::Source;
use crate::kafka::{Consumer, Inbound, KafkaError, Producer, RebalanceEvent};

/// A running pipeline's parts.
pub(crate) struct Pipeline {
    pub(crate) consumer: Arc<Consumer>,
    pub(crate) producer: Producer,
    pub(crate) events: UnboundedReceiver<RebalanceEvent>,
    pub(crate) shared: Arc<Shared>,
    pub(crate) config: PipelineConfig,
}

/// What a finished task reports back to the loop.
struct Done {
    partition: i32,
    offset: i64,
}

impl Pipeline {
    /// Runs until `shutdown` is cancelled, then drains, flushes and commits.
    pub(crate) async fn run(mut self, shutdown: CancellationToken) {
        let metrics = self.shared.metrics.clone();
        let mut tracker = OffsetTracker::default();
        let mut in_flight = FuturesUnordered::new();
        self.shared.ready.store(true, Ordering::Relaxed);
        tracing::info!(
            max_in_flight = self.config.max_in_flight,
            "Pipeline started."
        );
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
                received = self.consumer.recv(), if in_flight.len() < self.config.max_in_flight => {
                    match received {
                        Ok(message) => {
                            tracker.start(message.partition, message.offset);
                            metrics.started();
                            in_flight.push(process(self.shared.clone(), self.producer.clone(), message));
                        }
                        Err(e) => {
                            let code = match &e { KafkaError::Consume { code } => code.as_str(), _ => "Other" };
                            metrics.consumer_error(code);
                            tracing::warn!(error = code, "Kafka consumer error.");
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
        let deadline = tokio::time::Instant::now() + self.config.drain_timeout;
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
        let flush_timeout = self.config.drain_timeout;
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
        metrics.completed();
        if let Some(offset) = tracker.finish(done.partition, done.offset) {
            match self.consumer.store(done.partition, offset) {
                Ok(()) => metrics.offset_stored(),
                Err(e) => {
                    tracing::debug!(error = %e, partition = done.partition, "Offset not stored (partition revoked).")
                }
            }
        }
    }
}

/// Decodes and screens one message on rayon, then delivers its alerts or dead-letters it.
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
    let at = Position {
        topic: &topic,
        partition,
        offset,
    };
    let (outcome, elapsed) = decode_and_screen(&shared, payload.clone(), source).await;
    let metrics = &shared.metrics;
    let dead = match outcome {
        Outcome::Screened {
            report,
            travellers,
            flags,
            screening,
        } => {
            for (field, problem) in &flags {
                metrics.data_quality_flag(field, problem);
            }
            for alert in &screening.alerts {
                if let Some(reason) = alert.unscreenable {
                    metrics.unscreenable(reason.as_str());
                }
            }
            metrics.decoded(
                travellers,
                elapsed,
                report.dropped_fields,
                report.dropped_special_services,
                report.dropped_remarks,
            );
            for rule in shared.rules.load().rules() {
                metrics.rule_evaluated(&rule.id);
            }
            for hit in &screening.rules.hits {
                metrics.rule_hit(&hit.rule_id);
            }
            for hit in &screening.rules.exonerated {
                metrics.rule_exonerated(&hit.rule_id);
            }
            deliver_alerts(&shared, &producer, &screening.alerts, at)
                .await
                .err()
        }
        Outcome::Undecodable(error) => {
            tracing::warn!(
                reason = error.reason_code(),
                path = error.path().unwrap_or("-"),
                partition,
                offset,
                "Message could not be decoded; sending it to the dead-letter topic."
            );
            Some(DeadLetterReason::Undecodable(error))
        }
        Outcome::Panicked => {
            tracing::error!(
                partition,
                offset,
                "Screening panicked; sending the message to the dead-letter topic."
            );
            Some(DeadLetterReason::Internal)
        }
    };
    if let Some(reason) = dead {
        dead_letter(&shared, &producer, &payload, &reason, at).await;
    }
    Done { partition, offset }
}
