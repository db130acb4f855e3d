//! The input-topic consumer: a consumer-group member with manual offset storage.
//!
//! Offsets are stored by the pipeline only for the unbroken run of finished messages of a
//! partition ([`Consumer::store`]); librdkafka's auto-commit writes stored offsets every
//! `commit_interval_ms`, and [`Consumer::commit_sync`] writes them at shutdown. Rebalances
//! are forwarded as [`RebalanceEvent`]s so the pipeline can forget revoked partitions.
//!
//! Invariants: `enable.auto.offset.store=false`; nothing is committed that the pipeline
//! did not store; a stored offset is the next offset to read (last finished + 1).

use rdkafka::config::RDKafkaLogLevel;
use rdkafka::consumer::{
    BaseConsumer, CommitMode, Consumer as _, ConsumerContext, Rebalance, StreamConsumer,
};
use rdkafka::{ClientContext, Message, TopicPartitionList};
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver, UnboundedSender};

use super::config::KafkaConfig;
use super::error::{error_code, KafkaError};
use super::message::Inbound;

/// A change of the partitions assigned to this consumer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RebalanceEvent {
    Assigned(Vec<i32>),
    Revoked(Vec<i32>),
}

struct Context {
    events: UnboundedSender<RebalanceEvent>,
}

impl ClientContext for Context {}

fn partitions(tpl: &TopicPartitionList) -> Vec<i32> {
    tpl.elements().iter().map(|e| e.partition()).collect()
}

impl ConsumerContext for Context {
    fn post_rebalance(&self, _consumer: &BaseConsumer<Self>, rebalance: &Rebalance<'_>) {
        let event = match rebalance {
            Rebalance::Assign(tpl) => RebalanceEvent::Assigned(partitions(tpl)),
            Rebalance::Revoke(tpl) => RebalanceEvent::Revoked(partitions(tpl)),
            Rebalance::Error(e) => {
                tracing::warn!(error = %e, "Rebalance error.");
                return;
            }
        };
        tracing::info!(?event, "Consumer group rebalanced.");
        // The receiver lives as long as the pipeline; after it stops, events are moot.
        let _ = self.events.send(event);
    }

    fn commit_callback(
        &self,
        result: rdkafka::error::KafkaResult<()>,
        _offsets: &TopicPartitionList,
    ) {
        if let Err(e) = result {
            if !matches!(
                e.rdkafka_error_code(),
                Some(rdkafka::types::RDKafkaErrorCode::NoOffset)
            ) {
                tracing::warn!(error = %e, "Offset commit failed.");
            }
        }
    }
}

/// The input-topic consumer.
pub(crate) struct Consumer {
    inner: StreamConsumer<Context>,
    topic: String,
}

impl Consumer {
    /// Creates the consumer and subscribes it to the input topic.
    ///
    /// # Errors
    /// librdkafka refuses the configuration (e.g. an unknown pass-through property).
    pub(crate) fn subscribe(
        cfg: &KafkaConfig,
    ) -> Result<(Self, UnboundedReceiver<RebalanceEvent>), KafkaError> {
        let (tx, rx) = unbounded_channel();
        let mut c = cfg.client();
        c.set("group.id", &cfg.group_id)
            .set("enable.auto.commit", "true")
            .set("enable.auto.offset.store", "false")
            .set(
                "auto.commit.interval.ms",
                cfg.commit_interval_ms.to_string(),
            )
            .set("auto.offset.reset", &cfg.auto_offset_reset)
            .set("session.timeout.ms", cfg.session_timeout_ms.to_string())
            .set("enable.partition.eof", "false")
            .set("isolation.level", "read_committed")
            .set("partition.assignment.strategy", "cooperative-sticky")
            .set_log_level(RDKafkaLogLevel::Warning);
        for (k, v) in &cfg.consumer_properties {
            c.set(k, v);
        }
        let inner: StreamConsumer<Context> = c
            .create_with_context(Context { events: tx })
            .map_err(|e| KafkaError::Create {
                client: "consumer",
                message: e.to_string(),
            })?;
        inner
            .subscribe(&[&cfg.input_topic])
            .map_err(|e| KafkaError::Create {
                client: "consumer",
                message: e.to_string(),
            })?;
        Ok((
            Consumer {
                inner,
                topic: cfg.input_topic.clone(),
            },
            rx,
        ))
    }

    /// Waits for the next message. Cancellation-safe.
    ///
    /// # Errors
    /// A consumer-level error (broker down, unknown topic); the caller counts and goes on.
    pub(crate) async fn recv(&self) -> Result<Inbound, KafkaError> {
        match self.inner.recv().await {
            Ok(m) => Ok(Inbound {
                topic: m.topic().to_owned(),
                partition: m.partition(),
                offset: m.offset(),
                payload: m.payload().map(<[u8]>::to_vec),
            }),
            Err(e) => Err(KafkaError::Consume {
                code: error_code(&e),
            }),
        }
    }

    /// Stores `offset` (the last finished message) of `partition` for the next commit.
    ///
    /// # Errors
    /// The partition is no longer assigned (benign after a revoke) or the store failed.
    pub(crate) fn store(&self, partition: i32, offset: i64) -> Result<(), KafkaError> {
        self.inner
            .store_offset(&self.topic, partition, offset)
            .map_err(|e| KafkaError::Commit {
                code: error_code(&e),
            })
    }

    /// Commits the stored offsets now and waits for the broker (call off the async threads).
    ///
    /// # Errors
    /// The commit failed; `NoOffset` (nothing to commit) is not an error.
    pub(crate) fn commit_sync(&self) -> Result<(), KafkaError> {
        match self.inner.commit_consumer_state(CommitMode::Sync) {
            Ok(()) => Ok(()),
            Err(e)
                if matches!(
                    e.rdkafka_error_code(),
                    Some(rdkafka::types::RDKafkaErrorCode::NoOffset)
                ) =>
            {
                Ok(())
            }
            Err(e) => Err(KafkaError::Commit {
                code: error_code(&e),
            }),
        }
    }

    /// Leaves the group cleanly.
    pub(crate) fn unsubscribe(&self) {
        self.inner.unsubscribe();
    }
}
