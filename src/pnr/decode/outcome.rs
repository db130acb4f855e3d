//! What a decoder returns: the decoded PNR with what was dropped on receipt, or why the
//! message was refused.
//!
//! Invariants: a [`DecodeError`] names a field path and a reason but never a received
//! value; [`DecodeError::reason_code`] is one of a closed set of codes, used as the
//! dead-letter reason header and metric label.

use crate::pnr::model::Pnr;

/// Why a message could not be turned into a [`Pnr`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("message is {size} bytes, over the limit of {limit} bytes")]
    TooLarge { size: usize, limit: usize },
    #[error("message is empty")]
    Empty,
    #[error("not valid JSON at line {line} column {column}: {reason}")]
    Syntax {
        line: usize,
        column: usize,
        reason: String,
    },
    #[error("{path}: {reason}")]
    Field { path: String, reason: String },
    #[error("{path}: {count} items, over the limit of {limit}")]
    TooMany {
        path: String,
        count: usize,
        limit: usize,
    },
    #[error("more than {limit} fields had to be left out")]
    TooManyProblems { limit: usize },
}

impl DecodeError {
    /// A short, bounded code for metrics labels and dead-letter headers.
    pub fn reason_code(&self) -> &'static str {
        match self {
            DecodeError::TooLarge { .. } => "too_large",
            DecodeError::Empty => "empty",
            DecodeError::Syntax { .. } => "json_syntax",
            DecodeError::Field { .. } => "invalid_field",
            DecodeError::TooMany { .. } => "too_many_items",
            DecodeError::TooManyProblems { .. } => "too_many_problems",
        }
    }

    /// The JSON path of the offending field, when there is one.
    pub fn path(&self) -> Option<&str> {
        match self {
            DecodeError::Field { path, .. } | DecodeError::TooMany { path, .. } => Some(path),
            _ => None,
        }
    }
}

/// What the decoder removed from a message on receipt (counts only, never content).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DecodeReport {
    /// Fields outside the model (not Annex I data).
    pub dropped_fields: u32,
    /// Special service requests whose code is not allow-listed (sensitive data).
    pub dropped_special_services: u32,
    /// Free-text remarks / OSI entries.
    pub dropped_remarks: u32,
}

/// A decoded PNR and what was dropped from it.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub pnr: Pnr,
    pub report: DecodeReport,
}
