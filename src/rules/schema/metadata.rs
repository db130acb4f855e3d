//! Validates a rule's metadata: id, version, title, purpose, owner, guidance, Annex II
//! category, approval and review dates, severity.
//!
//! Invariants: every field is checked even when an earlier one failed (all problems are
//! reported, in this order); a rule whose review period is long or already over loads
//! with a warning, not an error.

use std::ops::Range;

use chrono::NaiveDate;
use toml::Spanned;

use super::context::{valid_id, Ctx};
use super::raw::RawMetadata;
use crate::rules::lawful;
use crate::rules::severity::Severity;

/// Review periods longer than this draw a warning (criteria must be reviewed regularly).
pub(crate) const MAX_REVIEW_DAYS: i64 = 366;

/// A rule's validated metadata.
pub(super) struct Metadata {
    pub(super) id: String,
    pub(super) version: u32,
    pub(super) title: String,
    pub(super) purpose: String,
    pub(super) category: &'static str,
    pub(super) owner: String,
    pub(super) approved_at: NaiveDate,
    pub(super) review_by: NaiveDate,
    pub(super) severity: Severity,
    pub(super) guidance: String,
}

/// Checks every metadata field; `None` if one is missing or invalid (the problems are in
/// `cx`). Review-period findings dated by `today` go to `warnings`.
pub(super) fn metadata(
    cx: &mut Ctx<'_>,
    raw: RawMetadata,
    today: NaiveDate,
    warnings: &mut Vec<String>,
) -> Option<Metadata> {
    let id = id(cx, raw.id);
    let version = version(cx, raw.version);
    let title = cx.text("title", raw.title, 200);
    let purpose = cx.text("purpose", raw.purpose, 4000);
    let owner = cx.text("owner", raw.owner, 200);
    let guidance = cx.text("guidance", raw.guidance, 8000);
    let category = category(cx, raw.category);
    let approved_at = cx.date("approved_at", raw.approved_at);
    let review_span = raw.review_by.as_ref().map(Spanned::span);
    let review_by = cx.date("review_by", raw.review_by);
    let severity = match raw.severity {
        Some(s) => Some(s.into_inner()),
        None => {
            cx.err(
                Some(0..0),
                "missing required field `severity` (low, medium, high or critical)",
            );
            None
        }
    };
    if let (Some(a), Some(r)) = (approved_at, review_by) {
        review_period(cx, a, r, review_span, today, warnings);
    }
    Some(Metadata {
        id: id?,
        version: version?,
        title: title?,
        purpose: purpose?,
        category: category?,
        owner: owner?,
        approved_at: approved_at?,
        review_by: review_by?,
        severity: severity?,
        guidance: guidance?,
    })
}

/// The rule id. Checked first: `cx` holds no other problem yet.
fn id(cx: &mut Ctx<'_>, raw: Option<Spanned<String>>) -> Option<String> {
    let id = raw.and_then(|v| {
        let span = v.span();
        let id = v.into_inner();
        if valid_id(&id, &['-', '.']) {
            Some(id)
        } else {
            cx.err(
                Some(span),
                "`id` must be 1 to 64 letters, digits, `_`, `-` or `.`",
            );
            None
        }
    });
    if id.is_none() && cx.errors.is_empty() {
        cx.err(Some(0..0), "missing required field `id`");
    }
    id
}

fn version(cx: &mut Ctx<'_>, raw: Option<Spanned<i64>>) -> Option<u32> {
    match raw {
        Some(v) => {
            let span = v.span();
            match u32::try_from(*v.get_ref()) {
                Ok(n) if n >= 1 => Some(n),
                _ => {
                    cx.err(Some(span), "`version` must be a whole number from 1");
                    None
                }
            }
        }
        None => {
            cx.err(Some(0..0), "missing required field `version`");
            None
        }
    }
}

/// The Annex II category (or terrorism), as its `'static` slug.
fn category(cx: &mut Ctx<'_>, raw: Option<Spanned<String>>) -> Option<&'static str> {
    let category = raw.and_then(|c| {
        let span = c.span();
        let slug = c.into_inner();
        let found = lawful::category(slug.trim());
        if found.is_none() {
            cx.err(
                Some(span),
                format!(
                    "`category` must be an Annex II crime category or `terrorism` (one of: {})",
                    lawful::CATEGORIES
                        .iter()
                        .map(|(s, _)| *s)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        }
        found
    });
    if category.is_none() && !cx.errors.iter().any(|e| e.reason.contains("`category`")) {
        cx.err(Some(0..0), "missing required field `category`");
    }
    category
}

/// `review_by` must follow `approved_at`; a long period or a past review date warns.
fn review_period(
    cx: &mut Ctx<'_>,
    approved_at: NaiveDate,
    review_by: NaiveDate,
    review_span: Option<Range<usize>>,
    today: NaiveDate,
    warnings: &mut Vec<String>,
) {
    let (a, r) = (approved_at, review_by);
    if r <= a {
        cx.err(review_span, "`review_by` must be after `approved_at`");
    } else if (r - a).num_days() > MAX_REVIEW_DAYS {
        warnings.push(format!(
            "review period is longer than {MAX_REVIEW_DAYS} days: criteria must be reviewed regularly (Art. 6(4))"
        ));
    }
    if r < today {
        warnings.push(format!("review overdue since {r}"));
    }
}
