//! The producer for alerts and dead letters.
//!
//! Idempotent, `acks=all`; a send resolves only when the broker acknowledged the record
//! (or librdkafka gave up after `message_timeout_ms`). A full local queue is backpressure:
//! the send waits for room rather than failing.
//!
//! Invariants: the pipeline treats a record as delivered only when [`Producer::send`]
//! returned `Ok`; failures carry the librdkafka error-code name and whether a retry can
//! help.

use std::time::Duration;

use rdkafka::message::{Header, OwnedHeaders};
use rdkafka::producer::{FutureProducer, FutureRecord, Producer as _};
use rdkafka::types::RDKafkaErrorCode;

use super::config::KafkaConfig;
use super::error::{error_code, KafkaError};

/// Delivers records to Kafka.
#[derive(Clone)]
pub struct Producer {
    inner: FutureProducer,
}

impl Producer {
    /// Creates the producer.
    ///
    /// # Errors
    /// librdkafka refuses the configuration.
    pub fn new(cfg: &KafkaConfig) -> Result<Self, KafkaError> {
        let mut c = cfg.client();
        c.set("enable.idempotence", "true")
            .set("acks", "all")
            .set("linger.ms", "5")
            .set("message.timeout.ms", cfg.message_timeout_ms.to_string());
        for (k, v) in &cfg.producer_properties {
            c.set(k, v);
        }
        let inner = c.create().map_err(|e| KafkaError::Create {
            client: "producer",
            message: e.to_string(),
        })?;
        Ok(Producer { inner })
    }

    /// Sends one record and waits for the broker's acknowledgement; returns the record's
    /// partition and offset.
    ///
    /// # Errors
    /// Delivery failed; `retriable` says whether sending again may succeed.
    pub async fn send(
        &self,
        topic: &str,
        key: Option<&[u8]>,
        payload: &[u8],
        headers: &[(&str, &[u8])],
    ) -> Result<(i32, i64), KafkaError> {
        let mut h = OwnedHeaders::new_with_capacity(headers.len());
        for (k, v) in headers {
            h = h.insert(Header {
                key: k,
                value: Some(*v),
            });
        }
        let mut record = FutureRecord::<[u8], [u8]>::to(topic)
            .payload(payload)
            .headers(h);
        if let Some(k) = key {
            record = record.key(k);
        }
        match self.inner.send(record, rdkafka::util::Timeout::Never).await {
            Ok(delivery) => Ok((delivery.partition, delivery.offset)),
            Err((e, _)) => {
                let retriable = !matches!(
                    e.rdkafka_error_code(),
                    Some(
                        RDKafkaErrorCode::MessageSizeTooLarge
                            | RDKafkaErrorCode::InvalidMessageSize
                            | RDKafkaErrorCode::TopicAuthorizationFailed
                            | RDKafkaErrorCode::InvalidTopic
                    )
                );
                Err(KafkaError::Produce {
                    code: error_code(&e),
                    retriable,
                })
            }
        }
    }

    /// Waits until every queued record is delivered or `timeout` passes.
    ///
    /// # Errors
    /// Records were still queued when the timeout passed.
    pub fn flush(&self, timeout: Duration) -> Result<(), KafkaError> {
        self.inner.flush(timeout).map_err(|e| KafkaError::Produce {
            code: error_code(&e),
            retriable: true,
        })
    }
}
