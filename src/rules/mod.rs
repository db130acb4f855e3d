//! Risk rules: analyst-written, explainable, lawful pre-determined criteria.
//!
//! Watchlists find known people; rules screen every PNR against criteria written by
//! analysts ("one-way ticket paid in cash, booked within 48 hours of departure") as
//! Directive (EU) 2016/681 Art. 6(3)(b) allows and the CJEU (C-817/19) constrains. A PNR
//! flows through this module in four steps, one file each:
//!
//! 1. [`schema`]: `rules/*.toml` → validated [`Rule`]s (metadata, conditions, examples);
//!    every error of every file is collected with its file and line.
//! 2. [`lawful`]: each condition is parsed with the expression engine's parser; it may
//!    read only allow-listed features, never sensitive data, and must be deterministic.
//! 3. [`mod@features`]: the PNR → named values (computed once per PNR, and per traveller),
//!    with cross-PNR counts from the bounded [`window`].
//! 4. [`engine`]: [`RuleSet::evaluate`] runs every rule's `all`/`any` conditions, then its
//!    exonerating conditions, and returns [`RuleHit`]s that say which conditions held and
//!    with which values. A hit suppressed by an exonerating condition is not returned by
//!    `evaluate` ([`RuleSet::evaluate_full`] lists it apart).
//!
//! [`check`] holds the `rules check` / `rules test` tooling. The expression language is
//! ZEN expressions (`zen-expression`, MIT): no loops or statements, compiled once at load.
//!
//! In the pipeline: keep one [`Window`] for the process, and for each decoded PNR call
//! `window.record(&pnr, now)` then `rule_set.evaluate(&pnr, &window, now)` (a PNR never
//! counts as sharing with itself, so the order only decides whether *later* PNRs see it).
//! On reload, build a new set with [`RuleSet::load_dir`] and swap it in only on `Ok`.
//!
//! Invariants: a [`RuleSet`] is immutable, `Send + Sync`, and either fully valid or not
//! built at all (callers keep their last good set on error); evaluation never panics,
//! computes features once per PNR and allocates per rule only for hits; no error string
//! quotes personal data.

pub mod airports;
pub mod check;
mod config;
pub mod engine;
pub mod features;
pub mod lawful;
pub mod schema;
pub mod window;

use std::fmt;
use std::path::PathBuf;

pub use check::{check_dir, test_dir, test_set, ExampleResult, RuleSummary, TestReport};
pub use config::{RawRules, RulesConfig};
pub use engine::{ConditionOutcome, Evaluation, RuleHit, RuleSet, Section, Values};
pub use features::{
    features, FeatureDef, FeatureKind, FeatureScope, FeatureValue, Features, PNR_FEATURES,
    TRAVELLER_FEATURES,
};
pub use schema::{Condition, DataProtectionReview, Example, Expect, Rule};
pub use window::{SharedCounts, Window};

/// How serious a hit is; alert thresholds compare severities (`Low < … < Critical`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub fn as_str(&self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    /// Parses `low`, `medium`, `high` or `critical` (case-insensitive).
    pub fn parse(s: &str) -> Option<Severity> {
        [
            Severity::Low,
            Severity::Medium,
            Severity::High,
            Severity::Critical,
        ]
        .into_iter()
        .find(|v| v.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem in one rule file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RuleFileError {
    pub path: PathBuf,
    /// 1-based line; 0 when the problem concerns the file as a whole.
    pub line: usize,
    pub reason: String,
}

impl fmt::Display for RuleFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.path.display(), self.reason)
        } else {
            write!(f, "{}:{}: {}", self.path.display(), self.line, self.reason)
        }
    }
}

/// Why a rule set could not be built.
#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    /// The directory (or a file in it) could not be read.
    #[error("cannot read rules from {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// One or more rule files are invalid; every problem found is listed.
    #[error("{} problem(s) in rule files:\n{}", errors.len(), list(errors))]
    Invalid { errors: Vec<RuleFileError> },
}

fn list(errors: &[RuleFileError]) -> String {
    errors
        .iter()
        .map(|e| format!("  {e}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severity_orders_and_parses() {
        assert!(Severity::Low < Severity::Medium && Severity::High < Severity::Critical);
        assert_eq!(Severity::parse(" HIGH "), Some(Severity::High));
        assert_eq!(Severity::parse("urgent"), None);
        assert_eq!(
            serde_json::to_string(&Severity::Critical).expect("ser"),
            "\"critical\""
        );
    }

    #[test]
    fn errors_print_file_and_line() {
        let e = RuleError::Invalid {
            errors: vec![RuleFileError {
                path: "rules/x.toml".into(),
                line: 7,
                reason: "bad".into(),
            }],
        };
        assert_eq!(
            e.to_string(),
            "1 problem(s) in rule files:\n  rules/x.toml:7: bad"
        );
    }
}
