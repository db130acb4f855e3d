//! The `[rules]` configuration section: the rule folder, the alerting severity and the
//! bounds of the cross-PNR window.
//!
//! Invariants: a [`RulesConfig`] has a known severity and window bounds greater than zero.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::severity::Severity;

/// The `[rules]` section as written.
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

/// Rule settings after validation.
#[derive(Debug, Clone, PartialEq)]
pub struct RulesConfig {
    /// Folder of rule files, if rules are enabled (absolute).
    pub dir: Option<PathBuf>,
    pub min_severity: Severity,
    pub window_max_entries: usize,
    pub window_max_age: Duration,
}

impl RulesConfig {
    /// Checks the section, resolving a relative folder against `base_dir`.
    ///
    /// # Errors
    /// `(key, reason)` of the first value out of range.
    pub(crate) fn try_from_raw(r: RawRules, base_dir: &Path) -> Result<Self, (String, String)> {
        let min_severity = Severity::parse(&r.min_severity).ok_or_else(|| {
            (
                "rules.min_severity".to_owned(),
                "must be low, medium, high or critical".to_owned(),
            )
        })?;
        if r.window_max_entries == 0 || r.window_max_age_secs == 0 {
            return Err((
                "rules.window_*".to_owned(),
                "window bounds must be greater than 0".to_owned(),
            ));
        }
        Ok(RulesConfig {
            dir: r.dir.map(|d| base_dir.join(d)),
            min_severity,
            window_max_entries: r.window_max_entries,
            window_max_age: Duration::from_secs(r.window_max_age_secs),
        })
    }
}
