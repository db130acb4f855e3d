//! Errors of the Kafka edge, with librdkafka's error-code names as bounded codes.
//!
//! Invariant: a code is the name of a librdkafka error code (or `Canceled`,
//! `NoMessageReceived`, `Other`), never a message text that could quote data.

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
