//! The `[pipeline]` configuration section: how many messages are in progress at once and
//! how long a shutdown may drain them.
//!
//! Invariant: a [`PipelineConfig`] has `1..=100000` messages in flight; the drain deadline
//! is checked against the Kafka session timeout where both are known (`crate::config`).

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// The `[pipeline]` section as written.
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

/// Pipeline settings after validation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PipelineConfig {
    pub max_in_flight: usize,
    pub drain_timeout: Duration,
}

impl PipelineConfig {
    /// Checks the section.
    ///
    /// # Errors
    /// `(key, reason)` when `max_in_flight` is out of range.
    pub(crate) fn try_from_raw(p: RawPipeline) -> Result<Self, (String, String)> {
        if p.max_in_flight == 0 || p.max_in_flight > 100_000 {
            return Err((
                "pipeline.max_in_flight".to_owned(),
                "must be between 1 and 100000".to_owned(),
            ));
        }
        Ok(PipelineConfig {
            max_in_flight: p.max_in_flight,
            drain_timeout: Duration::from_millis(p.drain_timeout_ms),
        })
    }
}
