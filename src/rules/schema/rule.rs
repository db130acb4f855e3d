//! What a valid rule is: the types [`parse_rule`] returns and the engine runs.
//!
//! A [`Rule`] carries its metadata, its compiled [`Condition`]s (`all`, `any`,
//! `exonerating`), its embedded [`Example`]s and the non-fatal warnings found when it was
//! loaded.
//!
//! Invariants: a value of these types exists only once its file passed every check
//! (nothing here validates); conditions are compiled once and read only catalogue
//! features; `Condition::reads` is sorted, without repeats.
//!
//! [`parse_rule`]: super::parse::parse_rule

use std::path::PathBuf;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use zen_expression::expression::Standard;
use zen_expression::Expression;

use crate::pnr::model::Pnr;
use crate::rules::features::{FeatureRef, FeatureScope};
use crate::rules::severity::Severity;

/// What an embedded example expects of its rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Expect {
    Fire,
    NoFire,
}

/// The data-protection review that lets a rule read only nationality-style features.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DataProtectionReview {
    pub reviewer: String,
    pub date: NaiveDate,
    pub reference: String,
}

/// One compiled condition.
#[derive(Debug, Clone)]
pub struct Condition {
    pub id: Arc<str>,
    pub expression: Arc<str>,
    pub description: Option<Arc<str>>,
    pub(crate) compiled: Expression<Standard>,
    pub(crate) reads: Vec<FeatureRef>,
}

impl Condition {
    /// Names of the features the condition reads.
    pub fn reads(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.reads.iter().map(|r| r.def().name)
    }
}

/// An embedded example: a PNR (plus earlier PNRs for the window) and the expected outcome.
#[derive(Debug, Clone)]
pub struct Example {
    pub name: String,
    pub line: usize,
    pub expect: Expect,
    pub traveller: Option<usize>,
    pub now: DateTime<Utc>,
    pub pnr: Pnr,
    pub window: Vec<Pnr>,
}

/// A validated rule.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: Arc<str>,
    pub version: u32,
    pub title: Arc<str>,
    pub purpose: String,
    pub rationale: Option<String>,
    /// Annex II category slug (one of `lawful::CATEGORIES`).
    pub category: &'static str,
    pub owner: String,
    pub approved_at: NaiveDate,
    pub review_by: NaiveDate,
    pub severity: Severity,
    pub scope: FeatureScope,
    pub guidance: Arc<str>,
    pub data_protection_review: Option<DataProtectionReview>,
    /// The file the rule came from.
    pub path: PathBuf,
    /// Non-fatal findings for the operator's log (review overdue, proxy features, …).
    pub warnings: Vec<String>,
    pub all: Vec<Condition>,
    pub any: Vec<Condition>,
    pub exonerating: Vec<Condition>,
    pub examples: Vec<Example>,
}

impl Rule {
    /// Whether the review date has passed on `today`.
    pub fn review_overdue(&self, today: NaiveDate) -> bool {
        self.review_by < today
    }

    /// Every feature the rule's conditions read, sorted, without repeats.
    pub fn features_read(&self) -> Vec<&'static str> {
        let mut v: Vec<&'static str> = self
            .all
            .iter()
            .chain(&self.any)
            .chain(&self.exonerating)
            .flat_map(Condition::reads)
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }
}
