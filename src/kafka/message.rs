//! What crosses the Kafka edge: plain data, never an rdkafka type.
//!
//! Invariant: a value here owns its bytes, so it outlives the librdkafka message it was
//! copied from.

/// A message read from the input topic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Inbound {
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
