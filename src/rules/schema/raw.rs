//! The rule file as serde reads it: the TOML shape of `rules/README.md`, before any check.
//!
//! Fields are optional and spanned so that the validators can report a missing or bad
//! field with its line; [`RawMetadata`] groups the top-level keys that
//! `super::metadata` validates.
//!
//! Invariants: unknown keys are refused (`deny_unknown_fields`), so a typo is an error
//! with its line, never a silently ignored setting.

use serde::Deserialize;
use toml::Spanned;

use super::rule::Expect;
use crate::rules::features::FeatureScope;
use crate::rules::severity::Severity;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRule {
    pub(super) id: Option<Spanned<String>>,
    pub(super) version: Option<Spanned<i64>>,
    pub(super) title: Option<Spanned<String>>,
    pub(super) purpose: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) rationale: Option<String>,
    pub(super) category: Option<Spanned<String>>,
    pub(super) owner: Option<Spanned<String>>,
    pub(super) approved_at: Option<Spanned<toml::Value>>,
    pub(super) review_by: Option<Spanned<toml::Value>>,
    pub(super) severity: Option<Spanned<Severity>>,
    #[serde(default)]
    pub(super) scope: Option<FeatureScope>,
    pub(super) guidance: Option<Spanned<String>>,
    pub(super) when: Option<Spanned<RawWhen>>,
    #[serde(default)]
    pub(super) exonerating: Vec<RawCondition>,
    #[serde(default)]
    pub(super) data_protection_review: Option<Spanned<RawReview>>,
    #[serde(default)]
    pub(super) examples: Vec<Spanned<RawExample>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawWhen {
    #[serde(default)]
    pub(super) all: Vec<RawCondition>,
    #[serde(default)]
    pub(super) any: Vec<RawCondition>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCondition {
    pub(super) id: Spanned<String>,
    pub(super) expr: Spanned<String>,
    #[serde(default)]
    pub(super) description: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawReview {
    pub(super) reviewer: String,
    pub(super) date: Spanned<toml::Value>,
    pub(super) reference: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawExample {
    pub(super) name: String,
    pub(super) expect: Expect,
    #[serde(default)]
    pub(super) traveller: Option<usize>,
    #[serde(default)]
    pub(super) now: Option<Spanned<toml::Value>>,
    pub(super) pnr: Spanned<String>,
    #[serde(default)]
    pub(super) window: Vec<Spanned<String>>,
}

/// The top-level keys of [`RawRule`] that describe the rule rather than test a PNR.
pub(super) struct RawMetadata {
    pub(super) id: Option<Spanned<String>>,
    pub(super) version: Option<Spanned<i64>>,
    pub(super) title: Option<Spanned<String>>,
    pub(super) purpose: Option<Spanned<String>>,
    pub(super) category: Option<Spanned<String>>,
    pub(super) owner: Option<Spanned<String>>,
    pub(super) approved_at: Option<Spanned<toml::Value>>,
    pub(super) review_by: Option<Spanned<toml::Value>>,
    pub(super) severity: Option<Spanned<Severity>>,
    pub(super) guidance: Option<Spanned<String>>,
}
