//! Validates `[data_protection_review]` and applies the nationality-only check.
//!
//! A rule whose criteria (`all` and `any`) read nothing but nationality-style features
//! (the catalogue's `proxy` entries) risks indirect discrimination (Directive 2016/681
//! Art. 6(4), C-817/19): it is refused unless a data-protection review is recorded. A rule
//! that reads such features among others loads with a warning when no review is recorded.
//!
//! Invariants: a recorded review has a non-empty reviewer and reference and a valid date;
//! exonerating conditions never make a rule nationality-only (they can only suppress).

use toml::Spanned;

use super::conditions::Conditions;
use super::context::Ctx;
use super::raw::RawReview;
use super::rule::DataProtectionReview;
use crate::rules::features::FeatureRef;
use crate::rules::lawful;

/// The recorded review, if the file has a complete one.
pub(super) fn review(
    cx: &mut Ctx<'_>,
    raw: Option<Spanned<RawReview>>,
) -> Option<DataProtectionReview> {
    raw.and_then(|r| {
        let span = r.span();
        let r = r.into_inner();
        let date = cx.date("data_protection_review.date", Some(r.date));
        let (reviewer, reference) = (r.reviewer.trim().to_owned(), r.reference.trim().to_owned());
        if reviewer.is_empty() || reference.is_empty() {
            cx.err(
                Some(span),
                "`data_protection_review` needs a `reviewer`, a `date` and a `reference`",
            );
            return None;
        }
        date.map(|date| DataProtectionReview {
            reviewer,
            date,
            reference,
        })
    })
}

/// Refuses nationality-only criteria without a review (`reviewed`), and warns about
/// nationality-style features read without one.
pub(super) fn nationality_only(
    cx: &mut Ctx<'_>,
    conditions: &Conditions,
    reviewed: bool,
    warnings: &mut Vec<String>,
) {
    let Conditions {
        all,
        any,
        exonerating,
        when_span,
    } = conditions;
    let criteria: Vec<FeatureRef> = all
        .iter()
        .chain(any)
        .flat_map(|c| c.reads.clone())
        .collect();
    let proxies: Vec<&str> = {
        let mut p: Vec<&str> = all
            .iter()
            .chain(any)
            .chain(exonerating)
            .flat_map(|c| c.reads.iter())
            .filter(|r| r.def().proxy)
            .map(|r| r.def().name)
            .collect();
        p.sort_unstable();
        p.dedup();
        p
    };
    if lawful::proxy_only(&criteria) && !reviewed {
        cx.err(
            when_span.clone().or(Some(0..0)),
            format!(
                "the rule's criteria read only nationality-style features ({}): such a rule is \
                 refused unless a `[data_protection_review]` (reviewer, date, reference) is \
                 recorded, because it risks indirect discrimination (Directive 2016/681 \
                 Art. 6(4), C-817/19)",
                proxies.join(", ")
            ),
        );
    } else if !proxies.is_empty() && !reviewed {
        warnings.push(format!(
            "reads nationality-style features ({}) without a recorded data-protection review",
            proxies.join(", ")
        ));
    }
}
