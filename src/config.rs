//! Configuration: built-in defaults → TOML file → `PNR_SCREEN__…` environment variables.
//!
//! Each component owns its section, raw and validated ([`crate::kafka::KafkaConfig`],
//! [`crate::pipeline::PipelineConfig`], [`crate::pnr::decode::DecodeLimits`],
//! [`crate::service::HttpConfig`], [`crate::matcher::MatcherConfig`],
//! [`crate::watchlist::ListSpec`], [`crate::rules::RulesConfig`],
//! [`crate::service::ReloadConfig`]); this file only assembles them. [`RawConfig`] is the
//! serde shape (every key has a default, unknown keys are refused); [`Config::load`] reads
//! the file strictly first so that a bad key or value is reported with its file, line and
//! reason, then layers the environment over it with the `config` crate, lets each section
//! check itself and runs the checks that span sections in [`Config::try_from_raw`].
//!
//! Invariants: a [`Config`] value has passed every check; watchlist and rule paths are
//! absolute (relative ones are resolved against the config file's folder); Kafka
//! pass-through properties cannot switch off the at-least-once settings.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::kafka::{KafkaConfig, RawKafka};
use crate::matcher::{MatcherConfig, RawMatcher};
use crate::pipeline::{PipelineConfig, RawPipeline};
use crate::pnr::decode::DecodeLimits;
use crate::rules::{RawRules, RulesConfig};
use crate::service::{HttpConfig, RawHttp, RawReload, ReloadConfig, Sources};
use crate::watchlist::{ListSpec, RawList};

/// Prefix of environment overrides: `PNR_SCREEN__KAFKA__BOOTSTRAP_SERVERS`.
pub const ENV_PREFIX: &str = "PNR_SCREEN";

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

/// A section's `(key, reason)` refusal as a [`ConfigError`].
fn refused((key, message): (String, String)) -> ConfigError {
    invalid(key, message)
}

/// The configuration file's shape: one section per component.
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

/// A configuration that passed every check.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub kafka: KafkaConfig,
    pub pipeline: PipelineConfig,
    pub limits: DecodeLimits,
    pub http: HttpConfig,
    pub matcher: MatcherConfig,
    pub watchlists: Vec<ListSpec>,
    pub rules: RulesConfig,
    pub reload: ReloadConfig,
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

    /// Lets each section check itself, then runs the checks that span sections.
    ///
    /// # Errors
    /// A value is out of range or inconsistent with another (the error names the key).
    pub fn try_from_raw(raw: RawConfig, base_dir: &Path) -> Result<Self, ConfigError> {
        let kafka = KafkaConfig::try_from_raw(raw.kafka).map_err(refused)?;
        let pipeline = PipelineConfig::try_from_raw(raw.pipeline).map_err(refused)?;
        if pipeline.drain_timeout.as_millis() >= u128::from(kafka.session_timeout_ms) {
            return Err(invalid(
                "pipeline.drain_timeout_ms",
                "must be shorter than kafka.session_timeout_ms, or the group evicts the consumer while it drains",
            ));
        }
        raw.limits.check().map_err(|m| invalid("limits.*", m))?;
        let http = HttpConfig::try_from_raw(raw.http).map_err(refused)?;
        let matcher = MatcherConfig::try_from_raw(raw.matcher).map_err(refused)?;
        let watchlists =
            ListSpec::try_from_raw(raw.watchlists, matcher.default_threshold, base_dir)
                .map_err(refused)?;
        let rules = RulesConfig::try_from_raw(raw.rules, base_dir).map_err(refused)?;
        let reload = ReloadConfig::try_from_raw(raw.reload).map_err(refused)?;
        Ok(Config {
            kafka,
            pipeline,
            limits: raw.limits,
            http,
            matcher,
            watchlists,
            rules,
            reload,
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

    /// What the service loads: the watchlists, the matcher settings and the rule folder.
    pub fn sources(&self) -> Sources {
        Sources {
            watchlists: self.watchlists.clone(),
            matcher: self.matcher.settings,
            rules_dir: self.rules.dir.clone(),
        }
    }
}
