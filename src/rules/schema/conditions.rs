//! Validates a rule's conditions: `[when]` (`all`, `any`) and `[[exonerating]]`.
//!
//! Each condition's expression goes through [`lawful::check_expression`], which compiles
//! it and refuses what a rule may not read; the condition keeps the compiled expression
//! and the features it reads.
//!
//! Invariants: at most [`MAX_CONDITIONS`] conditions per section (the engine sizes its
//! per-rule buffers with it); condition ids are unique across the rule's sections; every
//! refusal of an expression is reported on the expression's line.

use std::ops::Range;

use toml::Spanned;

use super::context::{valid_id, Ctx};
use super::raw::{RawCondition, RawWhen};
use super::rule::Condition;
use crate::rules::features::FeatureScope;
use crate::rules::lawful;

/// Most conditions per section (`all`, `any`, `exonerating`).
pub(crate) const MAX_CONDITIONS: usize = 32;

/// A rule's compiled conditions, by section.
pub(super) struct Conditions {
    pub(super) all: Vec<Condition>,
    pub(super) any: Vec<Condition>,
    pub(super) exonerating: Vec<Condition>,
    /// Where `[when]` is, for problems about the criteria as a whole.
    pub(super) when_span: Option<Range<usize>>,
}

/// Checks `[when]` (which must hold at least one condition) and the exonerating ones.
pub(super) fn conditions(
    cx: &mut Ctx<'_>,
    when: Option<Spanned<RawWhen>>,
    exonerating: Vec<RawCondition>,
    scope: FeatureScope,
) -> Conditions {
    let mut seen_ids: Vec<String> = Vec::new();
    let when_span = when.as_ref().map(Spanned::span);
    let (all, any) = match when {
        Some(w) => {
            let span = w.span();
            let w = w.into_inner();
            if w.all.is_empty() && w.any.is_empty() {
                cx.err(
                    Some(span),
                    "`[when]` needs at least one condition in `all` or `any`",
                );
            }
            let all = section(cx, &mut seen_ids, "when.all", w.all, scope);
            let any = section(cx, &mut seen_ids, "when.any", w.any, scope);
            (all, any)
        }
        None => {
            cx.err(
                Some(0..0),
                "missing required table `[when]` with `all` and/or `any` conditions",
            );
            (Vec::new(), Vec::new())
        }
    };
    let exonerating = section(cx, &mut seen_ids, "exonerating", exonerating, scope);
    Conditions {
        all,
        any,
        exonerating,
        when_span,
    }
}

/// One section's conditions, compiled; `seen_ids` holds the ids of earlier sections.
fn section(
    cx: &mut Ctx<'_>,
    seen_ids: &mut Vec<String>,
    name: &str,
    raw: Vec<RawCondition>,
    scope: FeatureScope,
) -> Vec<Condition> {
    if raw.len() > MAX_CONDITIONS {
        cx.err(
            Some(0..0),
            format!("`{name}` has more than {MAX_CONDITIONS} conditions"),
        );
    }
    let mut out = Vec::with_capacity(raw.len());
    for c in raw.into_iter().take(MAX_CONDITIONS) {
        let id_span = c.id.span();
        let cid = c.id.into_inner();
        if !valid_id(&cid, &[]) {
            cx.err(
                Some(id_span.clone()),
                "a condition `id` must be 1 to 64 letters, digits or `_`",
            );
        } else if seen_ids.contains(&cid) {
            cx.err(
                Some(id_span.clone()),
                format!("condition id `{cid}` is used twice in this rule"),
            );
        }
        seen_ids.push(cid.clone());
        let expr_span = c.expr.span();
        let expression = c.expr.into_inner();
        match lawful::check_expression(&expression, scope) {
            Ok(analysis) => out.push(Condition {
                id: cid.into(),
                expression: expression.into(),
                description: c
                    .description
                    .filter(|d| !d.trim().is_empty())
                    .map(|d| d.trim().into()),
                compiled: analysis.compiled,
                reads: analysis.reads,
            }),
            Err(reasons) => {
                for r in reasons {
                    cx.err(Some(expr_span.clone()), format!("condition `{cid}`: {r}"));
                }
            }
        }
    }
    out
}
