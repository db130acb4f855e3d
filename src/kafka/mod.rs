//! The Kafka edge of the service: the only place that imports `rdkafka`.
//!
//! `Consumer` reads the input topic with manual offset storage and reports rebalances;
//! [`Producer`] delivers alerts and dead letters and says whether a failure is worth
//! retrying; [`mock`] runs librdkafka's in-process mock cluster for the demo and fast tests.
//! The `[kafka]` configuration section is [`KafkaConfig`]. Everything crossing this boundary
//! is plain data (`Inbound`, [`Record`]), so the pipeline never sees an rdkafka type.
//!
//! Invariants: `enable.auto.offset.store=false` on every consumer this module builds, so an
//! offset is only committed after the pipeline stored it; pass-through properties from the
//! config are applied after the defaults and cannot touch the reserved keys.

mod config;
mod consumer;
mod error;
mod message;
pub mod mock;
mod producer;

pub use config::{KafkaConfig, RawKafka};
pub(crate) use consumer::{Consumer, RebalanceEvent};
pub use error::KafkaError;
pub(crate) use message::Inbound;
pub use message::Record;
pub use producer::Producer;
