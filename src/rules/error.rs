//! Why a rule set could not be built: [`RuleError`], listing every [`RuleFileError`].
//!
//! A leaf: [`super::schema`] collects one [`RuleFileError`] per problem of a file,
//! [`super::engine`] adds cross-file problems (duplicate ids) and wraps them all, with I/O
//! failures, in the one error enum callers match on.
//!
//! Invariants: every problem names its file and (when it concerns a place in the file) its
//! 1-based line; reasons never quote personal data (example PNR values are redacted by the
//! decoder before they reach a reason).

use std::fmt;
use std::path::PathBuf;

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
