//! Unit tests of rule-file validation; `VALID` is a complete rule other tests build on.

use std::path::Path;

use chrono::NaiveDate;

use super::parse::parse_rule;
use super::rule::Rule;
use crate::rules::error::RuleFileError;
use crate::rules::severity::Severity;

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
