//! The driver: one rule file's text → a validated [`Rule`], or every problem in it.
//!
//! The file is read (size, TOML syntax and shape), then each section goes to its
//! validator in file order: metadata, conditions, data-protection review, examples. A
//! [`Rule`] is built only when no validator found a problem.
//!
//! Invariants: a file too large or not valid TOML of the rule shape reports that one
//! problem and stops; otherwise every problem of every section is reported, each with its
//! line.

use std::path::Path;

use chrono::NaiveDate;

use super::conditions::conditions;
use super::context::Ctx;
use super::examples::examples;
use super::metadata::metadata;
use super::raw::{RawMetadata, RawRule};
use super::review::{nationality_only, review};
use super::rule::Rule;
use crate::rules::error::RuleFileError;
use crate::rules::features::FeatureScope;

/// Largest accepted rule file.
pub(crate) const MAX_FILE_BYTES: usize = 1024 * 1024;

/// Parses and validates one rule file's text. `today` dates the review warnings.
///
/// # Errors
/// Every problem found, each with the file's line.
pub(crate) fn parse_rule(
    path: &Path,
    src: &str,
    today: NaiveDate,
) -> Result<Rule, Vec<RuleFileError>> {
    let mut cx = Ctx::new(path, src);
    let Some(raw) = read(&mut cx) else {
        return Err(cx.errors);
    };
    let RawRule {
        id,
        version,
        title,
        purpose,
        rationale,
        category,
        owner,
        approved_at,
        review_by,
        severity,
        scope,
        guidance,
        when,
        exonerating,
        data_protection_review,
        examples: raw_examples,
    } = raw;
    let raw_metadata = RawMetadata {
        id,
        version,
        title,
        purpose,
        category,
        owner,
        approved_at,
        review_by,
        severity,
        guidance,
    };
    let mut warnings = Vec::new();
    let metadata = metadata(&mut cx, raw_metadata, today, &mut warnings);
    let scope = scope.unwrap_or(FeatureScope::Pnr);
    let conditions = conditions(&mut cx, when, exonerating, scope);
    let review = review(&mut cx, data_protection_review);
    nationality_only(&mut cx, &conditions, review.is_some(), &mut warnings);
    let examples = examples(&mut cx, raw_examples, scope);
    if examples.is_empty() && cx.errors.is_empty() {
        warnings.push("the rule has no examples (`rules test` will fail it)".to_owned());
    }

    match (cx.errors.is_empty(), metadata) {
        (true, Some(m)) => Ok(Rule {
            id: m.id.into(),
            version: m.version,
            title: m.title.into(),
            purpose: m.purpose,
            rationale: rationale.filter(|r| !r.trim().is_empty()),
            category: m.category,
            owner: m.owner,
            approved_at: m.approved_at,
            review_by: m.review_by,
            severity: m.severity,
            scope,
            guidance: m.guidance.into(),
            data_protection_review: review,
            path: path.to_owned(),
            warnings,
            all: conditions.all,
            any: conditions.any,
            exonerating: conditions.exonerating,
            examples,
        }),
        _ => {
            if cx.errors.is_empty() {
                cx.err(None, "the rule is incomplete");
            }
            Err(cx.errors)
        }
    }
}

/// The file's TOML in the rule shape, or `None` with the one problem that stopped it.
fn read(cx: &mut Ctx<'_>) -> Option<RawRule> {
    if cx.src.len() > MAX_FILE_BYTES {
        cx.err(
            None,
            format!("the file is larger than {MAX_FILE_BYTES} bytes"),
        );
        return None;
    }
    match toml::from_str(cx.src) {
        Ok(r) => Some(r),
        Err(e) => {
            cx.err(e.span(), e.message().trim().to_owned());
            None
        }
    }
}
