//! Where a message's results go: its alerts to the alerts topic, or the message itself to
//! the dead-letter topic with a typed [`DeadLetterReason`] in its headers.
//!
//! Invariants: a record counts as delivered only when the broker acknowledged it; a
//! retriable failure is retried with backoff, never skipped; the dead-letter topic is
//! retried until it accepts (it must take what the input topic took). Headers and logs
//! carry reason codes, field paths and Kafka positions, never a received value.

use std::time::Duration;

use super::shared::Shared;
use crate::alert::Alert;
use crate::kafka::{KafkaError, Producer};
use crate::pnr::decode::DecodeError;

/// Header names on dead letters.
pub mod headers {
    pub const REASON: &str = "pnr-screen-reason";
    pub const ERROR: &str = "pnr-screen-error";
    pub const SOURCE_TOPIC: &str = "pnr-screen-source-topic";
    pub const SOURCE_PARTITION: &str = "pnr-screen-source-partition";
    pub const SOURCE_OFFSET: &str = "pnr-screen-source-offset";
}

/// Why a message goes to the dead-letter topic.
#[derive(Debug)]
pub(crate) enum DeadLetterReason {
    /// The decoder refused the message.
    Undecodable(DecodeError),
    /// An alert of the message could not be serialised.
    AlertSerialization,
    /// The broker refused an alert of the message for good (a librdkafka error-code name).
    AlertRejected { code: String },
    /// Decoding or screening panicked.
    Internal,
}

/// Detail header of both alert failures: the message is kept for replay.
const ALERT_REJECTED_DETAIL: &str =
    "an alert for this message was refused by the broker; the message is kept here for replay";

impl DeadLetterReason {
    /// The `pnr-screen-reason` header: a code from a closed set.
    pub(crate) fn code(&self) -> &'static str {
        match self {
            DeadLetterReason::Undecodable(error) => error.reason_code(),
            DeadLetterReason::AlertSerialization | DeadLetterReason::AlertRejected { .. } => {
                "alert_rejected"
            }
            DeadLetterReason::Internal => "internal_error",
        }
    }

    /// The `pnr-screen-error` header: what went wrong, with field paths but no values.
    fn detail(&self) -> String {
        match self {
            DeadLetterReason::Undecodable(error) => error.to_string(),
            DeadLetterReason::AlertSerialization | DeadLetterReason::AlertRejected { .. } => {
                ALERT_REJECTED_DETAIL.to_owned()
            }
            DeadLetterReason::Internal => "screening failed unexpectedly".to_owned(),
        }
    }

    /// The `reason` label of `pnr_messages_dead_lettered_total`.
    fn metric_label(&self) -> String {
        match self {
            DeadLetterReason::AlertSerialization => "alert_serialization".to_owned(),
            DeadLetterReason::AlertRejected { code } => format!("alert_rejected_{code}"),
            other => other.code().to_owned(),
        }
    }
}

/// Where the message being handled was read from.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Position<'a> {
    pub(crate) topic: &'a str,
    pub(crate) partition: i32,
    pub(crate) offset: i64,
}

/// Delivers `alerts` in order, keyed by record locator. Stops at the first alert that
/// cannot be delivered and says why (the caller dead-letters the message).
pub(crate) async fn deliver_alerts(
    shared: &Shared,
    producer: &Producer,
    alerts: &[Alert],
    at: Position<'_>,
) -> Result<(), DeadLetterReason> {
    let metrics = &shared.metrics;
    for alert in alerts {
        for m in &alert.matches {
            metrics.matched(&m.list);
        }
        let Ok(body) = serde_json::to_vec(alert) else {
            return Err(DeadLetterReason::AlertSerialization);
        };
        let key = alert.record_locator.as_bytes();
        match deliver(
            producer,
            shared,
            "alerts",
            &shared.alerts_topic,
            Some(key),
            &body,
            &[],
            at,
        )
        .await
        {
            Ok(()) => metrics.alert_delivered(),
            Err(code) => return Err(DeadLetterReason::AlertRejected { code }),
        }
    }
    Ok(())
}

/// Sends the message to the dead-letter topic with `reason` and its source position in
/// the headers, retrying until the topic accepts it.
pub(crate) async fn dead_letter(
    shared: &Shared,
    producer: &Producer,
    payload: &[u8],
    reason: &DeadLetterReason,
    at: Position<'_>,
) {
    let detail = reason.detail();
    let partition_s = at.partition.to_string();
    let offset_s = at.offset.to_string();
    let hdrs: [(&str, &[u8]); 5] = [
        (headers::REASON, reason.code().as_bytes()),
        (headers::ERROR, detail.as_bytes()),
        (headers::SOURCE_TOPIC, at.topic.as_bytes()),
        (headers::SOURCE_PARTITION, partition_s.as_bytes()),
        (headers::SOURCE_OFFSET, offset_s.as_bytes()),
    ];
    // The dead-letter topic must accept what the input topic accepted: retry until it does.
    loop {
        let sent = deliver(
            producer,
            shared,
            "dead_letter",
            &shared.dead_letter_topic,
            None,
            payload,
            &hdrs,
            at,
        )
        .await;
        match sent {
            Ok(()) => break,
            Err(code) => {
                tracing::error!(error = %code, partition = at.partition, offset = at.offset, "Dead-letter topic refused a message; retrying.");
                tokio::time::sleep(Duration::from_secs(5)).await;
            }
        }
    }
    shared.metrics.dead_lettered(&reason.metric_label());
}

/// Sends one record, retrying retriable failures with backoff. Returns the error code of
/// a permanent failure.
#[allow(clippy::too_many_arguments)]
async fn deliver(
    producer: &Producer,
    shared: &Shared,
    kind: &str,
    topic: &str,
    key: Option<&[u8]>,
    payload: &[u8],
    hdrs: &[(&str, &[u8])],
    at: Position<'_>,
) -> Result<(), String> {
    let mut backoff = Duration::from_millis(100);
    loop {
        let (code, retriable) = match producer.send(topic, key, payload, hdrs).await {
            Ok(_) => return Ok(()),
            Err(KafkaError::Produce { code, retriable }) => (code, retriable),
            Err(_) => ("Other".to_owned(), true),
        };
        shared.metrics.delivery_failed(kind, &code);
        tracing::warn!(
            topic = kind,
            error = code.as_str(),
            partition = at.partition,
            offset = at.offset,
            "Delivery failed; retrying."
        );
        if !retriable {
            return Err(code);
        }
        tokio::time::sleep(backoff).await;
        backoff = (backoff * 2).min(Duration::from_secs(5));
    }
}
