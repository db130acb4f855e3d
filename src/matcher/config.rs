//! The `[matcher]` configuration section: the default threshold, how many matches a
//! traveller may report, and the evidence weights.
//!
//! Invariants: a [`MatcherConfig`] has a default threshold in `(0, 1]`, at least one match
//! per traveller, and weights whose factors are in `0..=1`.

use serde::{Deserialize, Serialize};

use super::settings::{Settings, Weights};
use crate::watchlist::check_threshold;

/// The `[matcher]` section as written.
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

/// Matcher settings after validation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MatcherConfig {
    pub settings: Settings,
    /// The name threshold for lists without their own (and for pairwise evaluation).
    pub default_threshold: f64,
}

impl MatcherConfig {
    /// Checks the section.
    ///
    /// # Errors
    /// `(key, reason)` of the first value out of range.
    pub(crate) fn try_from_raw(m: RawMatcher) -> Result<Self, (String, String)> {
        check_threshold("matcher.default_threshold", m.default_threshold)?;
        if m.max_matches_per_traveller == 0 {
            return Err((
                "matcher.max_matches_per_traveller".to_owned(),
                "must be at least 1".to_owned(),
            ));
        }
        let w = m.weights;
        if !(0.0..=1.0).contains(&w.weak_alias_factor)
            || !(0.0..=1.0).contains(&w.document_match_floor)
            || w.circa_years < 0
        {
            return Err((
                "matcher.weights".to_owned(),
                "weak_alias_factor and document_match_floor must be in 0..1 and circa_years >= 0"
                    .to_owned(),
            ));
        }
        Ok(MatcherConfig {
            settings: Settings {
                weights: w,
                max_matches: m.max_matches_per_traveller,
            },
            default_threshold: m.default_threshold,
        })
    }
}
