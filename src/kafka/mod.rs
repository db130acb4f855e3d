//! The Kafka edge of the service: the only place that imports `rdkafka`.
//!
//! [`consumer::Consumer`] reads the input topic with manual offset storage and reports
//! rebalances; [`producer::Producer`] delivers alerts and dead letters and says whether a
//! failure is worth retrying; [`mock`] runs librdkafka's in-process mock cluster for the
//! demo and fast tests. Everything crossing this boundary is plain data ([`Inbound`],
//! [`Record`]), so the pipeline never sees an rdkafka type.
//!
//! Invariants: `enable.auto.offset.store=false` on every consumer this module builds, so an
//! offset is only committed after the pipeline stored it; pass-through properties from the
//! config are applied after the defaults and cannot touch the reserved keys (checked in
//! [`crate::config`]).

pub mod consumer;
pub mod mock;
pub mod producer;

use rdkafka::config::ClientConfig;

use crate::config::KafkaConfig;

/// A message read from the input topic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inbound {
    pub topic: String,
    pub partition: i32,
    pub offset: i64,
    pub payload: Option<Vec<u8>>,
}

/// A record read back from a topic (demo summary and tests).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub partition: i32,
    pub offset: i64,
    pub key: Option<Vec<u8>>,
    pub payload: Option<Vec<u8>>,
    pub headers: Vec<(String, Vec<u8>)>,
}

/// Errors of the Kafka edge. Codes are librdkafka error-code names (bounded).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KafkaError {
    #[error("cannot create the Kafka {client}: {message}")]
    Create {
        client: &'static str,
        message: String,
    },
    #[error("Kafka consumer error {code}")]
    Consume { code: String },
    #[error("Kafka delivery failed: {code}")]
    Produce { code: String, retriable: bool },
    #[error("Kafka offset commit failed: {code}")]
    Commit { code: String },
    #[error("mock cluster: {message}")]
    Mock { message: String },
}

pub(crate) fn error_code(e: &rdkafka::error::KafkaError) -> String {
    match e.rdkafka_error_code() {
        Some(code) => format!("{code:?}"),
        None => match e {
            rdkafka::error::KafkaError::Canceled => "Canceled".to_owned(),
            rdkafka::error::KafkaError::NoMessageReceived => "NoMessageReceived".to_owned(),
            _ => "Other".to_owned(),
        },
    }
}

/// The client configuration shared by consumer and producer.
pub(crate) fn base_config(cfg: &KafkaConfig) -> ClientConfig {
    let mut c = ClientConfig::new();
    c.set("bootstrap.servers", &cfg.bootstrap_servers)
        .set("client.id", "pnr-screen")
        .set("broker.address.family", "v4");
    for (k, v) in &cfg.client_properties {
        c.set(k, v);
    }
    c
}
