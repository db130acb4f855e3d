//! Rule files: the TOML shape (serde) and its validation into [`Rule`]s.
//!
//! One rule per file. The raw shape mirrors `rules/README.md`; [`parse_rule`] turns it into
//! a [`Rule`] whose conditions are compiled and checked by [`super::lawful`], whose metadata
//! is complete (purpose, Annex II category, owner, approval and review dates, severity,
//! reviewer guidance), and whose embedded examples are decoded PNRs.
//!
//! Invariants: every problem found in a file is reported, each with the file's line
//! (from TOML spans); a syntax or shape error stops that file only; a returned [`Rule`] is
//! fully valid; errors never quote example PNR values (the decoder redacts them).

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::Deserialize;
use toml::Spanned;
use zen_expression::expression::Standard;
use zen_expression::Expression;

use super::error::RuleFileError;
use super::features::{FeatureRef, FeatureScope};
use super::lawful;
use super::severity::Severity;
use crate::pnr::model::Pnr;
use crate::pnr::parse::{decode_json, DecodeError, DecodeLimits};

/// Most conditions per section (`all`, `any`, `exonerating`).
pub const MAX_CONDITIONS: usize = 32;
/// Largest accepted rule file.
pub const MAX_FILE_BYTES: usize = 1024 * 1024;
/// Review periods longer than this draw a warning (criteria must be reviewed regularly).
pub const MAX_REVIEW_DAYS: i64 = 366;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: Option<Spanned<String>>,
    version: Option<Spanned<i64>>,
    title: Option<Spanned<String>>,
    purpose: Option<Spanned<String>>,
    #[serde(default)]
    rationale: Option<String>,
    category: Option<Spanned<String>>,
    owner: Option<Spanned<String>>,
    approved_at: Option<Spanned<toml::Value>>,
    review_by: Option<Spanned<toml::Value>>,
    severity: Option<Spanned<Severity>>,
    #[serde(default)]
    scope: Option<FeatureScope>,
    guidance: Option<Spanned<String>>,
    when: Option<Spanned<RawWhen>>,
    #[serde(default)]
    exonerating: Vec<RawCondition>,
    #[serde(default)]
    data_protection_review: Option<Spanned<RawReview>>,
    #[serde(default)]
    examples: Vec<Spanned<RawExample>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWhen {
    #[serde(default)]
    all: Vec<RawCondition>,
    #[serde(default)]
    any: Vec<RawCondition>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCondition {
    id: Spanned<String>,
    expr: Spanned<String>,
    #[serde(default)]
    description: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReview {
    reviewer: String,
    date: Spanned<toml::Value>,
    reference: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExample {
    name: String,
    expect: Expect,
    #[serde(default)]
    traveller: Option<usize>,
    #[serde(default)]
    now: Option<Spanned<toml::Value>>,
    pnr: Spanned<String>,
    #[serde(default)]
    window: Vec<Spanned<String>>,
}

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
    /// Annex II category slug (see [`lawful::CATEGORIES`]).
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

/// 1-based line of a byte offset.
pub(crate) fn line_of(src: &str, offset: usize) -> usize {
    let end = offset.min(src.len());
    src.as_bytes()[..end]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

struct Ctx<'a> {
    path: &'a Path,
    src: &'a str,
    errors: Vec<RuleFileError>,
}

impl Ctx<'_> {
    fn err(&mut self, span: Option<Range<usize>>, reason: impl Into<String>) {
        self.errors.push(RuleFileError {
            path: self.path.to_owned(),
            line: span.map_or(0, |s| line_of(self.src, s.start)),
            reason: reason.into(),
        });
    }

    /// A required non-empty text field.
    fn text(&mut self, field: &str, v: Option<Spanned<String>>, max: usize) -> Option<String> {
        let Some(v) = v else {
            self.err(Some(0..0), format!("missing required field `{field}`"));
            return None;
        };
        let span = v.span();
        let s = v.into_inner().trim().to_owned();
        if s.is_empty() {
            self.err(Some(span), format!("`{field}` must not be empty"));
            return None;
        }
        if s.chars().count() > max {
            self.err(
                Some(span),
                format!("`{field}` is longer than {max} characters"),
            );
            return None;
        }
        Some(s)
    }

    fn date(&mut self, field: &str, v: Option<Spanned<toml::Value>>) -> Option<NaiveDate> {
        let Some(v) = v else {
            self.err(Some(0..0), format!("missing required field `{field}`"));
            return None;
        };
        let span = v.span();
        let parsed = match v.get_ref() {
            toml::Value::Datetime(d) if d.time.is_none() => {
                NaiveDate::parse_from_str(&d.to_string(), "%Y-%m-%d").ok()
            }
            toml::Value::String(s) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok(),
            _ => None,
        };
        if parsed.is_none() {
            self.err(
                Some(span),
                format!("`{field}` must be a date such as 2026-11-28"),
            );
        }
        parsed
    }
}

/// Parses a point in time: RFC 3339, or a date-time / date without offset taken as UTC.
fn instant(v: &toml::Value) -> Option<DateTime<Utc>> {
    let text = match v {
        toml::Value::Datetime(d) => d.to_string(),
        toml::Value::String(s) => s.trim().to_owned(),
        _ => return None,
    };
    if let Ok(t) = DateTime::parse_from_rfc3339(&text) {
        return Some(t.with_timezone(&Utc));
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(&text, fmt) {
            return Some(t.and_utc());
        }
    }
    NaiveDate::parse_from_str(&text, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc())
}

fn valid_id(s: &str, extra: &[char]) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || extra.contains(&c))
}

/// Parses and validates one rule file's text. `today` dates the review warnings.
///
/// # Errors
/// Every problem found, each with the file's line.
pub fn parse_rule(path: &Path, src: &str, today: NaiveDate) -> Result<Rule, Vec<RuleFileError>> {
    let mut cx = Ctx {
        path,
        src,
        errors: Vec::new(),
    };
    if src.len() > MAX_FILE_BYTES {
        cx.err(
            None,
            format!("the file is larger than {MAX_FILE_BYTES} bytes"),
        );
        return Err(cx.errors);
    }
    let raw: RawRule = match toml::from_str(src) {
        Ok(r) => r,
        Err(e) => {
            cx.err(e.span(), e.message().trim().to_owned());
            return Err(cx.errors);
        }
    };

    let id = raw.id.and_then(|v| {
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
    let version = match raw.version {
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
    };
    let title = cx.text("title", raw.title, 200);
    let purpose = cx.text("purpose", raw.purpose, 4000);
    let owner = cx.text("owner", raw.owner, 200);
    let guidance = cx.text("guidance", raw.guidance, 8000);
    let category = raw.category.and_then(|c| {
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
    let scope = raw.scope.unwrap_or(FeatureScope::Pnr);
    let mut warnings = Vec::new();
    if let (Some(a), Some(r)) = (approved_at, review_by) {
        if r <= a {
            cx.err(
                review_span.clone(),
                "`review_by` must be after `approved_at`",
            );
        } else if (r - a).num_days() > MAX_REVIEW_DAYS {
            warnings.push(format!(
                "review period is longer than {MAX_REVIEW_DAYS} days: criteria must be reviewed regularly (Art. 6(4))"
            ));
        }
        if r < today {
            warnings.push(format!("review overdue since {r}"));
        }
    }

    // Conditions.
    let mut seen_ids: Vec<String> = Vec::new();
    let mut section = |cx: &mut Ctx<'_>, name: &str, raw: Vec<RawCondition>| -> Vec<Condition> {
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
    };
    let when_span = raw.when.as_ref().map(Spanned::span);
    let (all, any) = match raw.when {
        Some(w) => {
            let span = w.span();
            let w = w.into_inner();
            if w.all.is_empty() && w.any.is_empty() {
                cx.err(
                    Some(span),
                    "`[when]` needs at least one condition in `all` or `any`",
                );
            }
            let all = section(&mut cx, "when.all", w.all);
            let any = section(&mut cx, "when.any", w.any);
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
    let exonerating = section(&mut cx, "exonerating", raw.exonerating);

    // Data-protection review and the nationality-only check.
    let review = raw.data_protection_review.and_then(|r| {
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
    });
    let criteria: Vec<FeatureRef> = all
        .iter()
        .chain(&any)
        .flat_map(|c| c.reads.clone())
        .collect();
    let proxies: Vec<&str> = {
        let mut p: Vec<&str> = all
            .iter()
            .chain(&any)
            .chain(&exonerating)
            .flat_map(|c| c.reads.iter())
            .filter(|r| r.def().proxy)
            .map(|r| r.def().name)
            .collect();
        p.sort_unstable();
        p.dedup();
        p
    };
    if lawful::proxy_only(&criteria) && review.is_none() {
        cx.err(
            when_span.or(Some(0..0)),
            format!(
                "the rule's criteria read only nationality-style features ({}): such a rule is \
                 refused unless a `[data_protection_review]` (reviewer, date, reference) is \
                 recorded, because it risks indirect discrimination (Directive 2016/681 \
                 Art. 6(4), C-817/19)",
                proxies.join(", ")
            ),
        );
    } else if !proxies.is_empty() && review.is_none() {
        warnings.push(format!(
            "reads nationality-style features ({}) without a recorded data-protection review",
            proxies.join(", ")
        ));
    }

    // Examples.
    let limits = DecodeLimits::default();
    let mut examples = Vec::with_capacity(raw.examples.len());
    for ex in raw.examples {
        let ex_span = ex.span();
        let ex_line = line_of(src, ex_span.start);
        let ex = ex.into_inner();
        let name = ex.name.trim().to_owned();
        let now = match &ex.now {
            Some(v) => match instant(v.get_ref()) {
                Some(t) => Some(t),
                None => {
                    cx.err(
                        Some(v.span()),
                        format!("example `{name}`: `now` must be a date-time such as 2026-11-28T12:00:00Z"),
                    );
                    None
                }
            },
            None => None,
        };
        let decode = |cx: &mut Ctx<'_>, text: &Spanned<String>, what: &str| -> Option<Pnr> {
            match decode_json(text.get_ref().as_bytes(), &limits) {
                Ok(d) => Some(d.pnr),
                Err(e) => {
                    let start = text.span().start;
                    let mut line = line_of(src, start);
                    if let DecodeError::Syntax { line: l, .. } = &e {
                        let opens_on_own_line = src
                            .get(start..)
                            .is_some_and(|s| s.starts_with("'''\n") || s.starts_with("\"\"\"\n"));
                        line += l.saturating_sub(usize::from(!opens_on_own_line));
                    }
                    cx.errors.push(RuleFileError {
                        path: cx.path.to_owned(),
                        line,
                        reason: format!("example `{name}`: {what} is not a valid PNR: {e}"),
                    });
                    None
                }
            }
        };
        let pnr = decode(&mut cx, &ex.pnr, "`pnr`");
        let window: Vec<Option<Pnr>> = ex
            .window
            .iter()
            .map(|w| decode(&mut cx, w, "a `window` entry"))
            .collect();
        let Some(pnr) = pnr else { continue };
        if let Some(t) = ex.traveller {
            if scope == FeatureScope::Pnr {
                cx.err(
                    Some(ex_span.clone()),
                    format!("example `{name}`: `traveller` is only for rules with `scope = \"traveller\"`"),
                );
            } else if t >= pnr.travellers.len() {
                cx.err(
                    Some(ex_span.clone()),
                    format!(
                        "example `{name}`: `traveller = {t}` but the PNR has {} traveller(s)",
                        pnr.travellers.len()
                    ),
                );
            }
        }
        let now = now.unwrap_or_else(|| default_now(&pnr));
        examples.push(Example {
            name,
            line: ex_line,
            expect: ex.expect,
            traveller: ex.traveller,
            now,
            pnr,
            window: window.into_iter().flatten().collect(),
        });
    }
    if examples.is_empty() && cx.errors.is_empty() {
        warnings.push("the rule has no examples (`rules test` will fail it)".to_owned());
    }

    match (
        cx.errors.is_empty(),
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
    ) {
        (
            true,
            Some(id),
            Some(version),
            Some(title),
            Some(purpose),
            Some(category),
            Some(owner),
            Some(approved_at),
            Some(review_by),
            Some(severity),
            Some(guidance),
        ) => Ok(Rule {
            id: id.into(),
            version,
            title: title.into(),
            purpose,
            rationale: raw.rationale.filter(|r| !r.trim().is_empty()),
            category,
            owner,
            approved_at,
            review_by,
            severity,
            scope,
            guidance: guidance.into(),
            data_protection_review: review,
            path: path.to_owned(),
            warnings,
            all,
            any,
            exonerating,
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

/// The screening moment of an example without `now`: the last change, else the booking,
/// else one day before the first departure, else the Unix epoch.
fn default_now(pnr: &Pnr) -> DateTime<Utc> {
    let to_utc = |t: &crate::pnr::model::DateTime| match t {
        crate::pnr::model::DateTime::Zoned(z) => z.with_timezone(&Utc),
        crate::pnr::model::DateTime::Local(l) => l.and_utc(),
    };
    pnr.last_modified_at
        .as_ref()
        .or(pnr.booked_at.as_ref())
        .map(to_utc)
        .or_else(|| {
            pnr.segments
                .first()
                .and_then(|s| to_utc(&s.departure).checked_sub_signed(chrono::TimeDelta::days(1)))
        })
        .unwrap_or(DateTime::<Utc>::UNIX_EPOCH)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) const VALID: &str = r#"
id = "T-1"
version = 1
title = "Test rule"
purpose = "Testing."
category = "drug_trafficking"
owner = "Test desk"
approved_at = 2026-01-01
review_by = 2026-07-01
severity = "high"
guidance = "Check."

[when]
all = [
  { id = "cash", expr = "paid_cash" },
  { id = "late", expr = "hours_booked_before_departure <= 48" },
]

[[exonerating]]
id = "airline_office"
expr = "agency_type == \"airline\""

[[examples]]
name = "fires"
expect = "fire"
pnr = '''
{"record_locator":"E1","booked_at":"2026-03-01T10:00:00Z","travellers":[{"surname":"A"}],
 "segments":[{"origin":"LHR","destination":"JFK","departure":"2026-03-02T10:00"}],
 "payments":[{"form":"cash"}]}
'''
"#;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 1).expect("valid date")
    }

    fn parse(src: &str) -> Result<Rule, Vec<RuleFileError>> {
        parse_rule(Path::new("rules/t.toml"), src, today())
    }

    fn errors(src: &str) -> Vec<(usize, String)> {
        parse(src)
            .expect_err("should be refused")
            .into_iter()
            .map(|e| (e.line, e.reason))
            .collect()
    }

    #[test]
    fn parses_a_valid_rule() {
        let r = parse(VALID).expect("valid rule");
        assert_eq!(&*r.id, "T-1");
        assert_eq!(r.severity, Severity::High);
        assert_eq!(r.all.len(), 2);
        assert_eq!(r.exonerating.len(), 1);
        assert_eq!(r.examples.len(), 1);
        assert_eq!(r.examples[0].line, 23);
        assert_eq!(
            r.features_read(),
            ["agency_type", "hours_booked_before_departure", "paid_cash"]
        );
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    }

    #[test]
    fn sensitive_field_is_refused_with_file_line_and_reason() {
        let src = VALID.replace(
            r#"{ id = "late", expr = "hours_booked_before_departure <= 48" },"#,
            r#"{ id = "late", expr = "meal_code == \"MOML\"" },"#,
        );
        let errs = parse(&src).expect_err("refused");
        assert_eq!(errs[0].path, Path::new("rules/t.toml"));
        assert_eq!(errs[0].line, 16);
        assert!(errs[0]
            .reason
            .contains("condition `late`: `meal_code` is refused"));
        assert!(errs[0].reason.contains("Art. 13(4)"), "{}", errs[0].reason);
    }

    #[test]
    fn malformed_toml_reports_its_line() {
        let src = VALID.replace("severity = \"high\"", "severity = \"high");
        let e = errors(&src);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].0, 10, "{e:?}");
        let e = errors(&VALID.replace("severity = \"high\"", "severity = \"urgent\""));
        assert_eq!(e[0].0, 10);
        assert!(e[0].1.contains("unknown variant"), "{e:?}");
        let e = errors(&VALID.replace("owner = ", "ownr = "));
        assert!(e[0].1.contains("unknown field `ownr`"), "{e:?}");
    }

    #[test]
    fn collects_every_problem_in_a_file() {
        let src = VALID
            .replace(
                "category = \"drug_trafficking\"",
                "category = \"illegal_immigration\"",
            )
            .replace("review_by = 2026-07-01", "review_by = 2025-07-01")
            .replace("title = \"Test rule\"\n", "")
            .replace("agency_type == \\\"airline\\\"", "religion == 1");
        let e = errors(&src);
        let text = format!("{e:?}");
        assert!(text.contains("missing required field `title`"), "{text}");
        assert!(text.contains("Annex II"), "{text}");
        assert!(text.contains("`review_by` must be after"), "{text}");
        assert!(text.contains("`religion` is refused"), "{text}");
        assert!(e.len() >= 4);
    }

    #[test]
    fn nationality_only_rule_needs_a_review() {
        let src = VALID
            .replace("[when]", "scope = \"traveller\"\n[when]")
            .replace(
                r#"  { id = "cash", expr = "paid_cash" },
  { id = "late", expr = "hours_booked_before_departure <= 48" },"#,
                r#"  { id = "nat", expr = "nationality in [\"XXA\"]" },"#,
            );
        let e = errors(&src);
        assert!(
            e.iter()
                .any(|(_, r)| r.contains("only nationality-style features (nationality)")),
            "{e:?}"
        );
        let reviewed = format!(
            "{src}\n[data_protection_review]\nreviewer = \"DPO\"\ndate = 2026-02-01\nreference = \"DPIA-1\"\n"
        );
        let r = parse(&reviewed).expect("reviewed rule loads");
        assert_eq!(
            r.data_protection_review
                .as_ref()
                .map(|d| d.reference.as_str()),
            Some("DPIA-1")
        );
        // Mixed with a behavioural criterion: loads, with a warning.
        let mixed = VALID
            .replace("[when]", "scope = \"traveller\"\n[when]")
            .replace(
                r#"{ id = "cash", expr = "paid_cash" },"#,
                r#"{ id = "cash", expr = "paid_cash and nationality == \"XXA\"" },"#,
            );
        let r = parse(&mixed).expect("mixed rule loads");
        assert!(
            r.warnings.iter().any(|w| w.contains("nationality")),
            "{:?}",
            r.warnings
        );
    }

    #[test]
    fn example_errors_point_into_the_json() {
        let src = VALID.replace(
            r#""payments":[{"form":"cash"}]}"#,
            r#""payments":[{"form":"cash"}]"#,
        );
        let e = errors(&src);
        assert!(
            e[0].1.contains("example `fires`: `pnr` is not a valid PNR"),
            "{e:?}"
        );
        assert_eq!(e[0].0, 30, "{e:?}");
        let src = VALID.replace(
            r#""surname":"A""#,
            r#""surname":"SECRET","date_of_birth":"1/2/3""#,
        );
        let e = errors(&src);
        assert!(
            !e[0].1.contains("SECRET") && !e[0].1.contains("1/2/3"),
            "{e:?}"
        );
    }

    #[test]
    fn review_warnings() {
        let r = parse_rule(
            Path::new("x.toml"),
            VALID,
            NaiveDate::from_ymd_opt(2027, 1, 1).expect("date"),
        )
        .expect("valid");
        assert!(r.warnings.iter().any(|w| w.contains("overdue")));
        assert!(r.review_overdue(NaiveDate::from_ymd_opt(2027, 1, 1).expect("date")));
    }
}
