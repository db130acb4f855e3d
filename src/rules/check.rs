//! Tooling behind `pnr-screen rules check DIR` and `pnr-screen rules test DIR`.
//!
//! `check` loads a directory exactly as the service does and summarises each rule (or
//! returns every problem with file and line). `test` also runs each rule's embedded
//! examples: the example's window PNRs are recorded into a fresh [`Window`], then the
//! rule alone is evaluated on the example PNR at the example's `now`, and the outcome is
//! compared with `expect` (for a given `traveller` when set). Every rule must carry at
//! least one `fire` and one `no_fire` example.
//!
//! Invariants: results are in file order; failure details name conditions and the
//! feature values they read (derived values, never names, documents, cards or contacts).

use std::fmt;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;

use super::engine::{ConditionOutcome, RuleHit, RuleSet, Section};
use super::error::RuleError;
use super::features::FeatureScope;
use super::schema::{Example, Expect, Rule};
use super::severity::Severity;
use super::window::Window;

/// One line of `rules check`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct RuleSummary {
    pub(crate) path: PathBuf,
    pub(crate) id: String,
    pub(crate) version: u32,
    pub(crate) title: String,
    pub(crate) severity: Severity,
    pub(crate) category: &'static str,
    pub(crate) scope: FeatureScope,
    pub(crate) conditions: usize,
    pub(crate) exonerating: usize,
    pub(crate) examples: usize,
    pub(crate) review_by: NaiveDate,
    pub(crate) features: Vec<&'static str>,
    pub(crate) warnings: Vec<String>,
}

impl fmt::Display for RuleSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "ok  {} v{} [{} {}] {}: {} condition(s), {} exonerating, {} example(s), review by {}",
            self.id,
            self.version,
            self.severity,
            self.category,
            self.path.display(),
            self.conditions,
            self.exonerating,
            self.examples,
            self.review_by
        )?;
        for w in &self.warnings {
            write!(f, "\n    warning: {w}")?;
        }
        Ok(())
    }
}

impl RuleSummary {
    fn of(r: &Rule) -> RuleSummary {
        RuleSummary {
            path: r.path.clone(),
            id: r.id.to_string(),
            version: r.version,
            title: r.title.to_string(),
            severity: r.severity,
            category: r.category,
            scope: r.scope,
            conditions: r.all.len() + r.any.len(),
            exonerating: r.exonerating.len(),
            examples: r.examples.len(),
            review_by: r.review_by,
            features: r.features_read(),
            warnings: r.warnings.clone(),
        }
    }
}

/// Validates every rule file of `dir` (what `rules check` prints).
///
/// # Errors
/// As [`RuleSet::load_dir`]: every problem, with file and line.
pub(crate) fn check_dir(dir: &Path) -> Result<Vec<RuleSummary>, RuleError> {
    Ok(RuleSet::load_dir(dir)?
        .rules()
        .iter()
        .map(RuleSummary::of)
        .collect())
}

/// The outcome of one embedded example (or of a rule-level requirement).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct ExampleResult {
    pub(crate) path: PathBuf,
    pub(crate) rule_id: String,
    /// The example's name (or `(examples)` for a rule-level requirement).
    pub(crate) example: String,
    pub(crate) line: usize,
    pub(crate) passed: bool,
    /// Why it failed, or what happened when it passed.
    pub(crate) detail: String,
}

/// What `rules test` prints.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct TestReport {
    pub(crate) results: Vec<ExampleResult>,
}

impl TestReport {
    pub(crate) fn passed(&self) -> usize {
        self.results.iter().filter(|r| r.passed).count()
    }

    pub(crate) fn failed(&self) -> usize {
        self.results.len() - self.passed()
    }

    pub fn all_passed(&self) -> bool {
        self.failed() == 0
    }
}

impl fmt::Display for TestReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for r in &self.results {
            let verdict = if r.passed { "PASS" } else { "FAIL" };
            writeln!(
                f,
                "{verdict} {} / {} ({}:{}): {}",
                r.rule_id,
                r.example,
                r.path.display(),
                r.line,
                r.detail
            )?;
        }
        write!(f, "{} passed, {} failed", self.passed(), self.failed())
    }
}

/// Loads `dir` and runs every rule's embedded examples (what `rules test` prints).
///
/// # Errors
/// As [`RuleSet::load_dir`]; example failures are in the report, not errors.
pub fn test_dir(dir: &Path) -> Result<TestReport, RuleError> {
    Ok(test_set(&RuleSet::load_dir(dir)?))
}

/// Runs every embedded example of an already loaded set.
pub(crate) fn test_set(set: &RuleSet) -> TestReport {
    let mut report = TestReport::default();
    for (index, rule) in set.rules().iter().enumerate() {
        let has = |e: Expect| rule.examples.iter().any(|x| x.expect == e);
        if !has(Expect::Fire) || !has(Expect::NoFire) {
            report.results.push(ExampleResult {
                path: rule.path.clone(),
                rule_id: rule.id.to_string(),
                example: "(examples)".to_owned(),
                line: 0,
                passed: false,
                detail: "a rule needs at least one `fire` and one `no_fire` example".to_owned(),
            });
        }
        for ex in &rule.examples {
            report.results.push(run_example(set, index, rule, ex));
        }
    }
    report
}

fn run_example(set: &RuleSet, index: usize, rule: &Rule, ex: &Example) -> ExampleResult {
    let window = Window::default();
    for p in &ex.window {
        window.record(p, ex.now);
    }
    let (eval, feats) = set.evaluate_one(index, &ex.pnr, &window, ex.now);
    let targets = |h: &&RuleHit| ex.traveller.is_none() || h.traveller == ex.traveller;
    let fired: Vec<&RuleHit> = eval.hits.iter().filter(targets).collect();
    let who =
        |t: Option<usize>| t.map_or_else(|| "the PNR".to_owned(), |t| format!("traveller {t}"));
    let subjects: Vec<Option<usize>> = match (rule.scope, ex.traveller) {
        (FeatureScope::Pnr, _) => vec![None],
        (FeatureScope::Traveller, Some(t)) => vec![Some(t)],
        (FeatureScope::Traveller, None) => (0..feats.traveller_count()).map(Some).collect(),
    };
    let explain_all = || {
        subjects
            .iter()
            .map(|&t| format!("{}: {}", who(t), why_not(&set.explain(rule, &feats, t))))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let (passed, detail) = match ex.expect {
        Expect::Fire if !fired.is_empty() => (
            true,
            format!(
                "fired on {}",
                fired
                    .iter()
                    .map(|h| who(h.traveller))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
        Expect::Fire => (false, format!("expected fire, but {}", explain_all())),
        Expect::NoFire if fired.is_empty() => (true, format!("did not fire: {}", explain_all())),
        Expect::NoFire => {
            let h = fired[0];
            (
                false,
                format!(
                    "expected no fire, but it fired on {}: {}",
                    who(h.traveller),
                    h.conditions
                        .iter()
                        .filter(|c| c.held)
                        .map(describe)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
        }
    };
    ExampleResult {
        path: rule.path.clone(),
        rule_id: rule.id.to_string(),
        example: ex.name.clone(),
        line: ex.line,
        passed,
        detail,
    }
}

/// `` `id` (feature = value, …)``.
fn describe(c: &ConditionOutcome) -> String {
    let values: Vec<String> = c.values.iter().map(|(k, v)| format!("{k} = {v}")).collect();
    format!("`{}` ({})", c.id, values.join(", "))
}

/// Why a rule did not fire, from its full explanation.
fn why_not(outcomes: &[ConditionOutcome]) -> String {
    let mut parts: Vec<String> = outcomes
        .iter()
        .filter(|c| c.section == Section::All && !c.held)
        .map(|c| format!("{} did not hold", describe(c)))
        .collect();
    let any: Vec<&ConditionOutcome> = outcomes
        .iter()
        .filter(|c| c.section == Section::Any)
        .collect();
    if !any.is_empty() && !any.iter().any(|c| c.held) {
        parts.push(format!(
            "none of {} held",
            any.iter()
                .map(|c| describe(c))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let exonerated: Vec<String> = outcomes
        .iter()
        .filter(|c| c.section == Section::Exonerating && c.held)
        .map(describe)
        .collect();
    if !exonerated.is_empty() {
        parts.push(format!("exonerated by {}", exonerated.join(", ")));
    }
    if parts.is_empty() {
        "no condition explains it".to_owned()
    } else {
        parts.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every shipped rule loads and every embedded example passes.
    #[test]
    fn shipped_rules_load_and_pass_their_examples() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
        let summaries = check_dir(&dir).unwrap_or_else(|e| panic!("{e}"));
        assert!(summaries.len() >= 15, "{} rules", summaries.len());
        let report = test_dir(&dir).unwrap_or_else(|e| panic!("{e}"));
        assert!(report.all_passed(), "\n{report}");
        assert!(report.passed() >= 2 * summaries.len());
        for s in &summaries {
            assert!(s.warnings.iter().all(|w| !w.contains("no examples")), "{s}");
        }
        // The README's example PNR: evaluation works and hits quote no personal data.
        let set = RuleSet::load_dir(&dir).unwrap_or_else(|e| panic!("{e}"));
        let json = std::fs::read("tests/data/pnr/example.json").expect("fixture");
        let pnr = crate::pnr::decode::decode_json(&json, &Default::default())
            .expect("fixture decodes")
            .pnr;
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-21T09:00:00Z")
            .expect("valid")
            .with_timezone(&chrono::Utc);
        let eval = set.evaluate_full(&pnr, &Window::default(), now);
        assert!(eval.errors.is_empty(), "{:?}", eval.errors);
        let text = serde_json::to_string(&eval.hits).expect("hits serialise");
        for personal in ["ZAWAHIRI", "SMITH", "1084010", "4111", "example.org", "555"] {
            assert!(!text.contains(personal), "{personal} in {text}");
        }
    }

    #[test]
    fn failing_examples_say_why() {
        let src = super::super::schema::tests::VALID.to_owned()
            + r#"
[[examples]]
name = "wrongly expected to fire"
expect = "fire"
pnr = '''
{"record_locator":"E2","booked_at":"2026-02-01T10:00:00Z","travellers":[{"surname":"A"}],
 "segments":[{"origin":"LHR","destination":"JFK","departure":"2026-03-02T10:00"}],
 "payments":[{"form":"cash"}]}
'''

[[examples]]
name = "wrongly expected not to fire"
expect = "no_fire"
pnr = '''
{"record_locator":"E3","booked_at":"2026-03-01T10:00:00Z","travellers":[{"surname":"A"}],
 "segments":[{"origin":"LHR","destination":"JFK","departure":"2026-03-02T10:00"}],
 "payments":[{"form":"cash"}]}
'''
"#;
        let set = RuleSet::from_sources([(PathBuf::from("t.toml"), src)]).expect("valid");
        let report = test_set(&set);
        assert_eq!((report.passed(), report.failed()), (1, 2), "{report}");
        let text = report.to_string();
        assert!(
            text.contains("`late` (hours_booked_before_departure = 696) did not hold"),
            "{text}"
        );
        assert!(
            text.contains("expected no fire, but it fired on the PNR"),
            "{text}"
        );
        assert!(text.ends_with("1 passed, 2 failed"), "{text}");
    }
}

#[cfg(test)]
mod readme_tests {
    use super::*;
    use crate::rules::features::{PNR_FEATURES, TRAVELLER_FEATURES};
    use crate::rules::lawful::CATEGORIES;

    fn readme() -> String {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/README.md");
        std::fs::read_to_string(path).expect("rules/README.md is readable")
    }

    /// The first ```toml block of the README is a complete rule whose examples pass.
    #[test]
    fn readme_example_rule_loads_and_passes() {
        let text = readme();
        let start = text.find("```toml\n").expect("a toml block") + "```toml\n".len();
        let len = text[start..].find("```").expect("closed block");
        let rule = text[start..start + len].to_owned();
        let set = RuleSet::from_sources([(PathBuf::from("readme.toml"), rule)])
            .unwrap_or_else(|e| panic!("{e}"));
        let report = test_set(&set);
        assert!(report.all_passed() && report.passed() >= 2, "\n{report}");
    }

    /// Every feature and category is documented, with its exact name.
    #[test]
    fn readme_documents_every_feature_and_category() {
        let text = readme();
        for d in PNR_FEATURES.iter().chain(TRAVELLER_FEATURES) {
            assert!(
                text.contains(&format!("| `{}` |", d.name)),
                "{} undocumented",
                d.name
            );
        }
        for (slug, _) in CATEGORIES {
            assert!(text.contains(&format!("`{slug}`")), "{slug} undocumented");
        }
    }

    /// The expression examples of the README's language table are accepted.
    #[test]
    fn readme_expression_examples_are_valid() {
        use crate::rules::features::FeatureScope;
        use crate::rules::lawful::check_expression;
        for expr in [
            "agency_iata in [\"99999991\", \"99999992\"]",
            "hours_booked_before_departure in [0..48]",
            "hours_booked_before_departure in (0..48)",
            "\"IST\" in transit_airports",
            "len(airports) > 2",
            "contains(airports, \"IST\")",
            "some(transit_airports, # in [\"LIS\", \"MAD\"])",
            "all(connection_minutes, # < 240)",
            "none(connection_minutes, # < 30)",
            "count(connection_minutes, # < 60) >= 2",
            "max(connection_minutes) > 60 or min(connection_minutes) < 40 or sum(connection_minutes) > 300",
            "some(connection_minutes as m, m < 90)",
            "startsWith(agency_office_id, \"LOS\") or endsWith(agency_office_id, \"01\")",
            "upper(trim(agency_office_id)) == \"X\" or lower(agency_office_id) == \"x\"",
            "matches(agency_office_id, \"^LOS[A-Z]{2}\")",
            "abs(stay_hours - 24) < 2 or round(route_ratio) == 2 or floor(stay_hours) == 3 or ceil(stay_hours) == 4",
            "(paid_cash ? cash_amount : payment_total) >= 1000",
            "party_size % 2 == 0 and party_size ^ 2 > 4 and !split_pnr and not group_booking",
        ] {
            check_expression(expr, FeatureScope::Pnr).unwrap_or_else(|e| panic!("{expr}: {e:?}"));
        }
    }
}
