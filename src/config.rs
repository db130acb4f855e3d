//! Configuration: built-in defaults → TOML file → `PNR_SCREEN__…` environment variables.
//!
//! [`RawConfig`] is the serde shape (every key has a default, unknown keys are refused);
//! [`Config::load`] reads the file strictly first so that a bad key or value is reported
//! with its file, line and reason, then layers the environment over it with the `config`
//! crate and runs the cross-field checks in [`Config::try_from_raw`].
//!
//! Invariants: a [`Config`] value has passed every check; watchlist paths are absolute
//! (relative ones are resolved against the config file's folder); Kafka pass-through
//! properties cannot switch off the at-least-once settings.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::matcher::Weights;
use crate::pnr::parse::DecodeLimits;
use crate::watchlist::{ListFormat, ListSpec};

/// Prefix of environment overrides: `PNR_SCREEN__KAFKA__BOOTSTRAP_SERVERS`.
pub const ENV_PREFIX: &str = "PNR_SCREEN";

/// Kafka properties the service sets itself and a pass-through may not change.
const RESERVED_PROPERTIES: &[&str] = &[
    "enable.auto.offset.store",
    "enable.auto.commit",
    "group.id",
    "bootstrap.servers",
];

/// Why a configuration was refused.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{}: cannot read config file: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: {message}", path.display())]
    File { path: PathBuf, message: String },
    #[error("environment override {key}: {message}")]
    Env { key: String, message: String },
    #[error("invalid configuration: {key}: {message}")]
    Invalid { key: String, message: String },
}

fn invalid(key: impl Into<String>, message: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        key: key.into(),
        message: message.into(),
    }
}

/// The configuration file's shape.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    #[serde(default)]
    pub kafka: RawKafka,
    #[serde(default)]
    pub pipeline: RawPipeline,
    #[serde(default)]
    pub limits: DecodeLimits,
    #[serde(default)]
    pub http: RawHttp,
    #[serde(default)]
    pub matcher: RawMatcher,
    #[serde(default)]
    pub watchlists: Vec<RawList>,
    #[serde(default)]
    pub rules: RawRules,
    #[serde(default)]
    pub reload: RawReload,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRules {
    /// Folder of rule files (`*.toml`); no rules are evaluated when unset.
    #[serde(default)]
    pub dir: Option<PathBuf>,
    /// Rule hits below this severity are counted but do not alert.
    #[serde(default = "d_min_severity")]
    pub min_severity: String,
    /// Bound of the cross-PNR window (shared cards and contacts): entries …
    #[serde(default = "d_window_entries")]
    pub window_max_entries: usize,
    /// … and age.
    #[serde(default = "d_window_age")]
    pub window_max_age_secs: u64,
}

fn d_min_severity() -> String {
    "medium".into()
}
const fn d_window_entries() -> usize {
    100_000
}
const fn d_window_age() -> u64 {
    7 * 24 * 3600
}

impl Default for RawRules {
    fn default() -> Self {
        RawRules {
            dir: None,
            min_severity: d_min_severity(),
            window_max_entries: d_window_entries(),
            window_max_age_secs: d_window_age(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawReload {
    /// How often watchlist and rule files are checked for changes (0 = never; `POST
    /// /reload` on the HTTP port reloads on demand).
    #[serde(default = "d_reload")]
    pub interval_ms: u64,
}

const fn d_reload() -> u64 {
    5000
}

impl Default for RawReload {
    fn default() -> Self {
        RawReload {
            interval_ms: d_reload(),
        }
    }
}

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

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPipeline {
    /// Messages being decoded, screened or produced at once.
    #[serde(default = "d_in_flight")]
    pub max_in_flight: usize,
    /// On shutdown, how long in-flight messages may take to finish.
    #[serde(default = "d_drain")]
    pub drain_timeout_ms: u64,
}

const fn d_in_flight() -> usize {
    256
}
const fn d_drain() -> u64 {
    10_000
}

impl Default for RawPipeline {
    fn default() -> Self {
        RawPipeline {
            max_in_flight: d_in_flight(),
            drain_timeout_ms: d_drain(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHttp {
    /// Address of `/metrics`, `/healthz` and `/readyz`.
    #[serde(default = "d_listen")]
    pub listen: String,
}

fn d_listen() -> String {
    "127.0.0.1:9898".into()
}

impl Default for RawHttp {
    fn default() -> Self {
        RawHttp { listen: d_listen() }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMatcher {
    /// Threshold for lists that do not set their own.
    #[serde(default = "d_threshold")]
    pub default_threshold: f64,
    #[serde(default = "d_max_matches")]
    pub max_matches_per_traveller: usize,
    #[serde(default)]
    pub weights: Weights,
}

const fn d_threshold() -> f64 {
    0.88
}
const fn d_max_matches() -> usize {
    10
}

impl Default for RawMatcher {
    fn default() -> Self {
        RawMatcher {
            default_threshold: d_threshold(),
            max_matches_per_traveller: d_max_matches(),
            weights: Weights::default(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawList {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub legal_basis: Option<String>,
    pub format: ListFormat,
    pub path: PathBuf,
    #[serde(default)]
    pub alt_path: Option<PathBuf>,
    #[serde(default)]
    pub threshold: Option<f64>,
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

/// A configuration that passed every check.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub kafka: KafkaConfig,
    pub max_in_flight: usize,
    pub drain_timeout_ms: u64,
    pub limits: DecodeLimits,
    pub http_listen: SocketAddr,
    pub matcher: crate::matcher::Settings,
    /// The name threshold for lists without their own (and for pairwise evaluation).
    pub default_threshold: f64,
    pub watchlists: Vec<ListSpec>,
    /// Folder of rule files, if rules are enabled.
    pub rules_dir: Option<PathBuf>,
    pub min_severity: crate::rules::Severity,
    pub window_max_entries: usize,
    pub window_max_age: std::time::Duration,
    /// `None`: no periodic reload.
    pub reload_interval: Option<std::time::Duration>,
}

impl Config {
    /// Loads and checks the configuration: defaults, then `file` (if any), then the
    /// environment (`env` is the process environment unless a test passes its own).
    ///
    /// # Errors
    /// The file cannot be read or has an unknown key or a bad value (with line), an
    /// environment override is malformed, or a cross-field check fails.
    pub fn load(
        file: Option<&Path>,
        env: Option<BTreeMap<String, String>>,
    ) -> Result<Self, ConfigError> {
        let mut builder = config::Config::builder();
        let mut base_dir = std::env::current_dir().unwrap_or_default();
        if let Some(path) = file {
            let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Io {
                path: path.to_path_buf(),
                source,
            })?;
            // Strict pass over the file alone: unknown keys and bad values with line numbers.
            toml::from_str::<RawConfig>(&text).map_err(|e| ConfigError::File {
                path: path.to_path_buf(),
                message: e.to_string().trim_end().replace('\n', " "),
            })?;
            builder = builder.add_source(config::File::from_str(&text, config::FileFormat::Toml));
            if let Some(dir) = path.parent() {
                base_dir = if dir.is_absolute() {
                    dir.to_path_buf()
                } else {
                    base_dir.join(dir)
                };
            }
        }
        let mut environment = config::Environment::with_prefix(ENV_PREFIX)
            .prefix_separator("__")
            .separator("__")
            .try_parsing(true);
        if let Some(map) = env {
            environment = environment.source(Some(map.into_iter().collect()));
        }
        let merged = builder
            .add_source(environment)
            .build()
            .map_err(|e| ConfigError::Env {
                key: "?".into(),
                message: e.to_string(),
            })?;
        let raw: RawConfig =
            serde_path_to_error::deserialize(merged).map_err(|e| ConfigError::Env {
                key: format!(
                    "{}__{}",
                    ENV_PREFIX,
                    e.path().to_string().to_uppercase().replace('.', "__")
                ),
                message: e.inner().to_string(),
            })?;
        Config::try_from_raw(raw, &base_dir)
    }

    /// The cross-field checks.
    ///
    /// # Errors
    /// A value is out of range or inconsistent with another (the error names the key).
    pub fn try_from_raw(raw: RawConfig, base_dir: &Path) -> Result<Self, ConfigError> {
        let k = raw.kafka;
        for (key, v) in [
            ("kafka.bootstrap_servers", &k.bootstrap_servers),
            ("kafka.group_id", &k.group_id),
            ("kafka.input_topic", &k.input_topic),
            ("kafka.alerts_topic", &k.alerts_topic),
            ("kafka.dead_letter_topic", &k.dead_letter_topic),
        ] {
            if v.trim().is_empty() {
                return Err(invalid(key, "must not be empty"));
            }
        }
        if k.input_topic == k.alerts_topic
            || k.input_topic == k.dead_letter_topic
            || k.alerts_topic == k.dead_letter_topic
        {
            return Err(invalid(
                "kafka.*_topic",
                "input_topic, alerts_topic and dead_letter_topic must be three different topics",
            ));
        }
        if !matches!(k.auto_offset_reset.as_str(), "earliest" | "latest") {
            return Err(invalid(
                "kafka.auto_offset_reset",
                "must be `earliest` or `latest`",
            ));
        }
        if k.session_timeout_ms < 6000 || k.session_timeout_ms > 300_000 {
            return Err(invalid(
                "kafka.session_timeout_ms",
                "must be between 6000 and 300000",
            ));
        }
        if k.commit_interval_ms == 0 || k.message_timeout_ms < 1000 {
            return Err(invalid(
                "kafka.commit_interval_ms / kafka.message_timeout_ms",
                "commit interval must be > 0 and message timeout >= 1000 ms",
            ));
        }
        let props = |section: &str,
                     map: BTreeMap<String, String>|
         -> Result<BTreeMap<String, String>, ConfigError> {
            map.into_iter()
                .map(|(key, v)| {
                    // Environment keys cannot hold dots: `SASL_PASSWORD` means `sasl.password`.
                    let key = key.to_ascii_lowercase().replace('_', ".");
                    if RESERVED_PROPERTIES.contains(&key.as_str()) {
                        Err(invalid(
                            format!("kafka.{section}.{key}"),
                            "is set by pnr-screen itself (at-least-once delivery); use the dedicated key",
                        ))
                    } else {
                        Ok((key, v))
                    }
                })
                .collect()
        };
        let kafka = KafkaConfig {
            client_properties: props("client_properties", k.client_properties)?,
            consumer_properties: props("consumer_properties", k.consumer_properties)?,
            producer_properties: props("producer_properties", k.producer_properties)?,
            bootstrap_servers: k.bootstrap_servers,
            group_id: k.group_id,
            input_topic: k.input_topic,
            alerts_topic: k.alerts_topic,
            dead_letter_topic: k.dead_letter_topic,
            auto_offset_reset: k.auto_offset_reset,
            commit_interval_ms: k.commit_interval_ms,
            session_timeout_ms: k.session_timeout_ms,
            message_timeout_ms: k.message_timeout_ms,
        };

        let p = raw.pipeline;
        if p.max_in_flight == 0 || p.max_in_flight > 100_000 {
            return Err(invalid(
                "pipeline.max_in_flight",
                "must be between 1 and 100000",
            ));
        }
        if p.drain_timeout_ms >= kafka.session_timeout_ms {
            return Err(invalid(
                "pipeline.drain_timeout_ms",
                "must be shorter than kafka.session_timeout_ms, or the group evicts the consumer while it drains",
            ));
        }
        let l = raw.limits;
        if l.max_message_bytes == 0
            || l.max_travellers == 0
            || l.max_segments == 0
            || l.max_items == 0
        {
            return Err(invalid("limits.*", "every limit must be greater than 0"));
        }
        let http_listen: SocketAddr =
            raw.http.listen.parse().map_err(|_| {
                invalid("http.listen", "expected an address such as 127.0.0.1:9898")
            })?;

        let m = raw.matcher;
        check_threshold("matcher.default_threshold", m.default_threshold)?;
        if m.max_matches_per_traveller == 0 {
            return Err(invalid(
                "matcher.max_matches_per_traveller",
                "must be at least 1",
            ));
        }
        let w = m.weights;
        if !(0.0..=1.0).contains(&w.weak_alias_factor)
            || !(0.0..=1.0).contains(&w.document_match_floor)
            || w.circa_years < 0
        {
            return Err(invalid(
                "matcher.weights",
                "weak_alias_factor and document_match_floor must be in 0..1 and circa_years >= 0",
            ));
        }

        let mut watchlists: Vec<ListSpec> = Vec::new();
        for (i, l) in raw.watchlists.into_iter().enumerate() {
            let key = format!("watchlists[{i}]");
            if l.id.is_empty()
                || l.id.len() > 64
                || !l
                    .id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
            {
                return Err(invalid(
                    format!("{key}.id"),
                    "must be 1 to 64 of a-z, 0-9, - and _",
                ));
            }
            if watchlists.iter().any(|w| w.id == l.id) {
                return Err(invalid(
                    format!("{key}.id"),
                    format!("`{}` is used by another list", l.id),
                ));
            }
            if l.name.trim().is_empty() {
                return Err(invalid(format!("{key}.name"), "must not be empty"));
            }
            if l.alt_path.is_some() && l.format != ListFormat::OfacCsv {
                return Err(invalid(
                    format!("{key}.alt_path"),
                    "only the ofac_csv format has an alias file",
                ));
            }
            let threshold = l.threshold.unwrap_or(m.default_threshold);
            check_threshold(&format!("{key}.threshold"), threshold)?;
            watchlists.push(ListSpec {
                id: l.id,
                name: l.name,
                legal_basis: l.legal_basis,
                format: l.format,
                path: base_dir.join(l.path),
                alt_path: l.alt_path.map(|p| base_dir.join(p)),
                threshold,
            });
        }

        let r = raw.rules;
        let min_severity = crate::rules::Severity::parse(&r.min_severity).ok_or_else(|| {
            invalid(
                "rules.min_severity",
                "must be low, medium, high or critical",
            )
        })?;
        if r.window_max_entries == 0 || r.window_max_age_secs == 0 {
            return Err(invalid(
                "rules.window_*",
                "window bounds must be greater than 0",
            ));
        }
        let reload_interval = match raw.reload.interval_ms {
            0 => None,
            ms if ms < 100 => {
                return Err(invalid(
                    "reload.interval_ms",
                    "must be 0 (off) or at least 100",
                ))
            }
            ms => Some(std::time::Duration::from_millis(ms)),
        };

        Ok(Config {
            rules_dir: r.dir.map(|d| base_dir.join(d)),
            min_severity,
            window_max_entries: r.window_max_entries,
            window_max_age: std::time::Duration::from_secs(r.window_max_age_secs),
            reload_interval,
            kafka,
            max_in_flight: p.max_in_flight,
            drain_timeout_ms: p.drain_timeout_ms,
            limits: l,
            http_listen,
            matcher: crate::matcher::Settings {
                weights: w,
                max_matches: m.max_matches_per_traveller,
            },
            default_threshold: m.default_threshold,
            watchlists,
        })
    }

    /// Refuses a configuration without any watchlist (needed by `run` and `screen`).
    ///
    /// # Errors
    /// No `[[watchlists]]` entry is configured.
    pub fn require_watchlists(&self) -> Result<(), ConfigError> {
        if self.watchlists.is_empty() {
            return Err(invalid(
                "watchlists",
                "at least one [[watchlists]] entry is required",
            ));
        }
        Ok(())
    }
}

fn check_threshold(key: &str, t: f64) -> Result<(), ConfigError> {
    if !(t > 0.0 && t <= 1.0) {
        return Err(invalid(key, "must be in (0, 1]"));
    }
    Ok(())
}
