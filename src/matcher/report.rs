//! What the matcher reports for a traveller: one [`Match`] per list entry hit, with its
//! [`Band`] and the [`NameEvidence`] that explains the name score token by token.
//!
//! Invariants: plain serialisable data (copied into alerts); scores are in `0.0..=1.0`
//! and rounded to 4 decimals; `list`, `entry` and `name` index into the snapshot that
//! produced the match and are not serialised.

use serde::Serialize;

use super::evidence::{Feature, Outcome};
use super::similarity::Kind;

/// How strong a hit is for the reviewing analyst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    /// A document match, or a score at or above `strong_threshold` with two agreeing
    /// tokens or a matching date of birth.
    Strong,
    /// At or above the list's threshold otherwise.
    Possible,
}

/// One aligned unit, for the explanation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TokenPair {
    pub traveller: String,
    pub list: String,
    pub similarity: f64,
    pub kind: Kind,
}

/// The name comparison behind a match.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NameEvidence {
    pub result: Outcome,
    pub score: f64,
    /// The traveller's name as normalised.
    pub traveller: String,
    /// The list name that scored best, as normalised.
    pub list: String,
    pub pairs: Vec<TokenPair>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unmatched_traveller_tokens: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unmatched_list_tokens: Vec<String>,
}

/// A scored match of one traveller against one list entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Match {
    /// Index into [`Snapshot::lists`](super::index::Snapshot::lists).
    #[serde(skip)]
    pub list: usize,
    /// Index into that list's entries.
    #[serde(skip)]
    pub entry: usize,
    /// Index into the entry's names.
    #[serde(skip)]
    pub name: usize,
    pub score: f64,
    pub band: Band,
    pub name_evidence: NameEvidence,
    pub date_of_birth: Feature,
    pub nationality: Feature,
    pub gender: Feature,
    pub document: Feature,
}
