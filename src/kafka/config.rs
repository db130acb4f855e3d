//! The `[kafka]` configuration section: brokers, group, topics, timeouts and librdkafka
//! pass-through properties, and the client configuration both clients start from.
//!
//! Invariants: a [`KafkaConfig`] has three distinct non-empty topics and timeouts in the
//! ranges librdkafka accepts; pass-through properties cannot touch the keys pnr-screen sets
//! itself for at-least-once delivery ([`RESERVED_PROPERTIES`]).

use std::collections::BTreeMap;

use rdkafka::config::ClientConfig;
use serde::{Deserialize, Serialize};

/// Kafka properties the service sets itself and a pass-through may not change.
const RESERVED_PROPERTIES: &[&str] = &[
    "enable.auto.offset.store",
    "enable.auto.commit",
    "group.id",
    "bootstrap.servers",
];

/// The `[kafka]` section as written.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawKafka {
    #[serde(default = "d_bootstrap")]
    pub bootstrap_servers: String,
    #[serde(default = "d_group")]
    pub group_id: String,
    #[serde(default = "d_input")]
    pub input_topic: String,
    #[serde(default = "d_alerts")]
    pub alerts_topic: String,
    #[serde(default = "d_dlq")]
    pub dead_letter_topic: String,
    /// `earliest` or `latest`: where a new consumer group starts.
    #[serde(default = "d_reset")]
    pub auto_offset_reset: String,
    #[serde(default = "d_commit_interval")]
    pub commit_interval_ms: u64,
    #[serde(default = "d_session_timeout")]
    pub session_timeout_ms: u64,
    /// How long the producer tries to deliver one alert before reporting a failure
    /// (the pipeline then retries; the offset is never stored before delivery).
    #[serde(default = "d_message_timeout")]
    pub message_timeout_ms: u64,
    /// librdkafka properties for both clients (e.g. `security.protocol`, `sasl.*`, `ssl.*`).
    #[serde(default)]
    pub client_properties: BTreeMap<String, String>,
    #[serde(default)]
    pub consumer_properties: BTreeMap<String, String>,
    #[serde(default)]
    pub producer_properties: BTreeMap<String, String>,
}

fn d_bootstrap() -> String {
    "127.0.0.1:9092".into()
}
fn d_group() -> String {
    "pnr-screen".into()
}
fn d_input() -> String {
    "pnr".into()
}
fn d_alerts() -> String {
    "pnr-alerts".into()
}
fn d_dlq() -> String {
    "pnr-dead-letter".into()
}
fn d_reset() -> String {
    "earliest".into()
}
const fn d_commit_interval() -> u64 {
    1000
}
const fn d_session_timeout() -> u64 {
    30_000
}
const fn d_message_timeout() -> u64 {
    30_000
}

impl Default for RawKafka {
    fn default() -> Self {
        RawKafka {
            bootstrap_servers: d_bootstrap(),
            group_id: d_group(),
            input_topic: d_input(),
            alerts_topic: d_alerts(),
            dead_letter_topic: d_dlq(),
            auto_offset_reset: d_reset(),
            commit_interval_ms: d_commit_interval(),
            session_timeout_ms: d_session_timeout(),
            message_timeout_ms: d_message_timeout(),
            client_properties: BTreeMap::new(),
            consumer_properties: BTreeMap::new(),
            producer_properties: BTreeMap::new(),
        }
    }
}

/// Kafka settings after validation.
#[derive(Debug, Clone, PartialEq)]
pub struct KafkaConfig {
    pub bootstrap_servers: String,
    pub group_id: String,
    pub input_topic: String,
    pub alerts_topic: String,
    pub dead_letter_topic: String,
    pub auto_offset_reset: String,
    pub commit_interval_ms: u64,
    pub session_timeout_ms: u64,
    pub message_timeout_ms: u64,
    pub client_properties: BTreeMap<String, String>,
    pub consumer_properties: BTreeMap<String, String>,
    pub producer_properties: BTreeMap<String, String>,
}

impl KafkaConfig {
    /// Checks the section.
    ///
    /// # Errors
    /// `(key, reason)` of the first value that is out of range or inconsistent.
    pub(crate) fn try_from_raw(k: RawKafka) -> Result<Self, (String, String)> {
        let invalid = |key: &str, reason: &str| Err((key.to_owned(), reason.to_owned()));
        for (key, v) in [
            ("kafka.bootstrap_servers", &k.bootstrap_servers),
            ("kafka.group_id", &k.group_id),
            ("kafka.input_topic", &k.input_topic),
            ("kafka.alerts_topic", &k.alerts_topic),
            ("kafka.dead_letter_topic", &k.dead_letter_topic),
        ] {
            if v.trim().is_empty() {
                return invalid(key, "must not be empty");
            }
        }
        if k.input_topic == k.alerts_topic
            || k.input_topic == k.dead_letter_topic
            || k.alerts_topic == k.dead_letter_topic
        {
            return invalid(
                "kafka.*_topic",
                "input_topic, alerts_topic and dead_letter_topic must be three different topics",
            );
        }
        if !matches!(k.auto_offset_reset.as_str(), "earliest" | "latest") {
            return invalid("kafka.auto_offset_reset", "must be `earliest` or `latest`");
        }
        if k.session_timeout_ms < 6000 || k.session_timeout_ms > 300_000 {
            return invalid(
                "kafka.session_timeout_ms",
                "must be between 6000 and 300000",
            );
        }
        if k.commit_interval_ms == 0 || k.message_timeout_ms < 1000 {
            return invalid(
                "kafka.commit_interval_ms / kafka.message_timeout_ms",
                "commit interval must be > 0 and message timeout >= 1000 ms",
            );
        }
        Ok(KafkaConfig {
            client_properties: properties("client_properties", k.client_properties)?,
            consumer_properties: properties("consumer_properties", k.consumer_properties)?,
            producer_properties: properties("producer_properties", k.producer_properties)?,
            bootstrap_servers: k.bootstrap_servers,
            group_id: k.group_id,
            input_topic: k.input_topic,
            alerts_topic: k.alerts_topic,
            dead_letter_topic: k.dead_letter_topic,
            auto_offset_reset: k.auto_offset_reset,
            commit_interval_ms: k.commit_interval_ms,
            session_timeout_ms: k.session_timeout_ms,
            message_timeout_ms: k.message_timeout_ms,
        })
    }

    /// The client configuration shared by consumer and producer.
    pub(crate) fn client(&self) -> ClientConfig {
        let mut c = ClientConfig::new();
        c.set("bootstrap.servers", &self.bootstrap_servers)
            .set("client.id", "pnr-screen")
            .set("broker.address.family", "v4");
        for (k, v) in &self.client_properties {
            c.set(k, v);
        }
        c
    }
}

/// Normalises pass-through property names and refuses the reserved ones.
fn properties(
    section: &str,
    map: BTreeMap<String, String>,
) -> Result<BTreeMap<String, String>, (String, String)> {
    map.into_iter()
        .map(|(key, v)| {
            // Environment keys cannot hold dots: `SASL_PASSWORD` means `sasl.password`.
            let key = key.to_ascii_lowercase().replace('_', ".");
            if RESERVED_PROPERTIES.contains(&key.as_str()) {
                Err((
                    format!("kafka.{section}.{key}"),
                    "is set by pnr-screen itself (at-least-once delivery); use the dedicated key"
                        .to_owned(),
                ))
            } else {
                Ok((key, v))
            }
        })
        .collect()
}
