//! librdkafka's in-process mock cluster, and a topic reader, for the demo and fast tests.
//!
//! The mock cluster speaks the Kafka protocol on a random 127.0.0.1 port inside this
//! process; it supports consumer groups, commits and produce/fetch, but not the admin API
//! or real transactions. Tests of Kafka behaviour also run against a real broker
//! (`deploy/kafka.sh`); this is the embedded default for `pnr-screen demo`.
//!
//! Invariants: topics are created up front (the admin API is unavailable on the mock);
//! the cluster lives as long as the [`MockBroker`] value.

use std::time::{Duration, Instant};

use rdkafka::consumer::{BaseConsumer, Consumer as _};
use rdkafka::message::Headers as _;
use rdkafka::mocking::MockCluster;
use rdkafka::producer::DefaultProducerContext;
use rdkafka::{ClientConfig, Message, Offset, TopicPartitionList};

use super::error::{error_code, KafkaError};
use super::message::Record;

/// An in-process Kafka cluster.
pub struct MockBroker {
    cluster: MockCluster<'static, DefaultProducerContext>,
}

impl MockBroker {
    /// Starts a one-broker cluster and creates `topics` (name, partitions).
    ///
    /// # Errors
    /// librdkafka could not start the mock cluster or create a topic.
    pub fn start(topics: &[(&str, i32)]) -> Result<Self, KafkaError> {
        let cluster = MockCluster::new(1).map_err(|e| KafkaError::Mock {
            message: e.to_string(),
        })?;
        for (name, partitions) in topics {
            cluster
                .create_topic(name, *partitions, 1)
                .map_err(|e| KafkaError::Mock {
                    message: e.to_string(),
                })?;
        }
        Ok(MockBroker { cluster })
    }

    /// `host:port` of the cluster's broker.
    pub fn bootstrap_servers(&self) -> String {
        self.cluster.bootstrap_servers()
    }
}

/// Reads every record of `topic` from the beginning until `expected` records were seen
/// or nothing new arrived for `idle` (bounded by `deadline` overall).
///
/// # Errors
/// The reading consumer cannot be created or assigned.
pub fn read_topic(
    bootstrap: &str,
    topic: &str,
    expected: Option<usize>,
    idle: Duration,
    deadline: Duration,
) -> Result<Vec<Record>, KafkaError> {
    let consumer: BaseConsumer = ClientConfig::new()
        .set("bootstrap.servers", bootstrap)
        .set(
            "group.id",
            format!("pnr-screen-reader-{}", uuid::Uuid::new_v4()),
        )
        .set("enable.auto.commit", "false")
        .set("broker.address.family", "v4")
        .set("isolation.level", "read_committed")
        .create()
        .map_err(|e| KafkaError::Create {
            client: "reader",
            message: e.to_string(),
        })?;
    let metadata = consumer
        .fetch_metadata(Some(topic), Duration::from_secs(10))
        .map_err(|e| KafkaError::Consume {
            code: error_code(&e),
        })?;
    let mut tpl = TopicPartitionList::new();
    for t in metadata.topics() {
        for p in t.partitions() {
            tpl.add_partition_offset(topic, p.id(), Offset::Beginning)
                .map_err(|e| KafkaError::Consume {
                    code: error_code(&e),
                })?;
        }
    }
    consumer.assign(&tpl).map_err(|e| KafkaError::Consume {
        code: error_code(&e),
    })?;
    let start = Instant::now();
    let mut last = Instant::now();
    let mut out = Vec::new();
    while start.elapsed() < deadline && last.elapsed() < idle {
        if expected.is_some_and(|n| out.len() >= n) {
            break;
        }
        if let Some(Ok(m)) = consumer.poll(Duration::from_millis(100)) {
            {
                last = Instant::now();
                let headers = m
                    .headers()
                    .map(|h| {
                        h.iter()
                            .map(|h| {
                                (
                                    h.key.to_owned(),
                                    h.value.map(<[u8]>::to_vec).unwrap_or_default(),
                                )
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                out.push(Record {
                    partition: m.partition(),
                    offset: m.offset(),
                    key: m.key().map(<[u8]>::to_vec),
                    payload: m.payload().map(<[u8]>::to_vec),
                    headers,
                });
            }
        }
    }
    Ok(out)
}
