//! The rule set: loading a directory of rule files and evaluating PNRs against it.
//!
//! [`RuleSet::evaluate`] computes the features of a PNR once, converts them once to the
//! expression engine's value (once more per traveller when traveller-scope rules exist),
//! then runs each rule: its `all` conditions in file order (stopping at the first that does
//! not hold), its `any` conditions (at least one must hold), then its exonerating
//! conditions. A rule fires when `all` and `any` hold and no exonerating condition holds;
//! a fired rule becomes a [`RuleHit`] listing every condition with the feature values it
//! read. A hit suppressed by an exonerating condition is not returned by `evaluate`;
//! [`RuleSet::evaluate_full`] returns it apart, with `exonerated_by` set.
//!
//! Invariants: a condition holds only when it evaluates to `true`; a condition reading an
//! unknown (`null`) feature does not hold (so unknown data never incriminates nor
//! exonerates); evaluation never panics; the non-firing path allocates nothing per rule.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use zen_expression::variable::Variable;
use zen_expression::vm::VM;
use zen_expression::Scope;

use super::error::{RuleError, RuleFileError};
use super::features::{features, FeatureScope, Features};
use super::schema::{parse_rule, Condition, Rule, MAX_CONDITIONS};
use super::severity::Severity;
use super::window::Window;
use crate::pnr::model::Pnr;

/// Which part of a rule a condition belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    /// `when.all`: every one must hold.
    All,
    /// `when.any`: at least one must hold.
    Any,
    /// `exonerating`: any one holding suppresses the hit.
    Exonerating,
}

/// One condition's result, with the feature values it read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConditionOutcome {
    #[serde(serialize_with = "text")]
    pub id: Arc<str>,
    pub section: Section,
    #[serde(serialize_with = "text")]
    pub expression: Arc<str>,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "opt_text")]
    pub description: Option<Arc<str>>,
    pub held: bool,
    /// The condition read an unknown (`null`) feature, so it could not hold.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub unknown: bool,
    /// Feature name → value read (serialised as a JSON object).
    pub values: Values,
}

/// The feature values a condition read, in name order; serialised as a JSON object.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Values(pub(crate) Vec<(&'static str, serde_json::Value)>);

impl Values {
    /// The value read for a feature name.
    pub fn get(&self, name: &str) -> Option<&serde_json::Value> {
        self.0.iter().find(|(k, _)| *k == name).map(|(_, v)| v)
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = (&'static str, &serde_json::Value)> {
        self.0.iter().map(|(k, v)| (*k, v))
    }
}

impl Serialize for Values {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (*k, v)))
    }
}

/// A rule that fired on a PNR (or on one traveller of it).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleHit {
    #[serde(serialize_with = "text")]
    pub rule_id: Arc<str>,
    pub version: u32,
    #[serde(serialize_with = "text")]
    pub title: Arc<str>,
    pub severity: Severity,
    /// Annex II category slug.
    pub category: &'static str,
    /// The traveller index for traveller-scope rules; `None` for PNR-level rules.
    pub traveller: Option<usize>,
    /// The `all` and `any` conditions, in file order, each with the values it read.
    pub conditions: Vec<ConditionOutcome>,
    /// The exonerating conditions that were checked (none held on a returned hit).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub exonerating: Vec<ConditionOutcome>,
    /// Ids of the exonerating conditions that held (only in [`Evaluation::exonerated`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[serde(serialize_with = "texts")]
    pub exonerated_by: Vec<Arc<str>>,
    /// What the human reviewer must check.
    #[serde(serialize_with = "text")]
    pub guidance: Arc<str>,
}

/// Everything one evaluation produced.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Evaluation {
    /// Rules that fired.
    pub hits: Vec<RuleHit>,
    /// Rules whose criteria held but an exonerating condition suppressed them.
    pub exonerated: Vec<RuleHit>,
    /// Conditions that failed to evaluate on known values (an engine error):
    /// `(index into RuleSet::rules(), condition id)`. Counted as not holding.
    pub errors: Vec<(usize, Arc<str>)>,
}

/// `Arc<str>` as a JSON string (without relying on serde's `rc` feature).
fn text<S: serde::Serializer>(v: &Arc<str>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(v)
}

fn opt_text<S: serde::Serializer>(v: &Option<Arc<str>>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => s.serialize_some(&**v),
        None => s.serialize_none(),
    }
}

fn texts<S: serde::Serializer>(v: &[Arc<str>], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(v.iter().map(|t| &**t))
}

/// An immutable, validated set of rules.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    rules: Vec<Rule>,
    traveller_rules: bool,
}

// The set is shared across screening threads.
const _: () = {
    const fn send_sync<T: Send + Sync>() {}
    send_sync::<RuleSet>();
};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Status {
    Held,
    NotHeld,
    Unknown,
    Error,
}

thread_local! {
    static VM_CELL: RefCell<VM> = RefCell::new(VM::new());
}

impl RuleSet {
    /// Loads every `*.toml` file of `dir` (sorted by name; one rule per file; hidden files
    /// and other extensions ignored).
    ///
    /// # Errors
    /// [`RuleError::Io`] if the directory or a file cannot be read; [`RuleError::Invalid`]
    /// listing every problem of every file (with file and line), including rule ids used
    /// by more than one file. Nothing is loaded unless everything is valid.
    pub fn load_dir(dir: &Path) -> Result<RuleSet, RuleError> {
        let io = |source| RuleError::Io {
            path: dir.to_owned(),
            source,
        };
        let mut paths: Vec<PathBuf> = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(io)? {
            let path = entry.map_err(io)?.path();
            let hidden = path
                .file_name()
                .and_then(|n| n.to_str())
                .is_none_or(|n| n.starts_with('.'));
            if !hidden && path.extension().is_some_and(|e| e == "toml") && path.is_file() {
                paths.push(path);
            }
        }
        paths.sort();
        let mut sources = Vec::with_capacity(paths.len());
        for path in paths {
            let text = std::fs::read_to_string(&path).map_err(|source| RuleError::Io {
                path: path.clone(),
                source,
            })?;
            sources.push((path, text));
        }
        RuleSet::from_sources(sources)
    }

    /// Builds a set from `(path, TOML text)` pairs, as [`RuleSet::load_dir`] does.
    ///
    /// # Errors
    /// [`RuleError::Invalid`] with every problem found.
    pub fn from_sources(
        sources: impl IntoIterator<Item = (PathBuf, String)>,
    ) -> Result<RuleSet, RuleError> {
        let today = Utc::now().date_naive();
        RuleSet::from_sources_on(sources, today)
    }

    pub(crate) fn from_sources_on(
        sources: impl IntoIterator<Item = (PathBuf, String)>,
        today: NaiveDate,
    ) -> Result<RuleSet, RuleError> {
        let mut rules: Vec<Rule> = Vec::new();
        let mut errors: Vec<RuleFileError> = Vec::new();
        for (path, text) in sources {
            match parse_rule(&path, &text, today) {
                Ok(rule) => {
                    if let Some(first) = rules.iter().find(|r| r.id == rule.id) {
                        errors.push(RuleFileError {
                            line: id_line(&text),
                            reason: format!(
                                "rule id `{}` is already used by {}",
                                rule.id,
                                first.path.display()
                            ),
                            path,
                        });
                    } else {
                        rules.push(rule);
                    }
                }
                Err(mut e) => errors.append(&mut e),
            }
        }
        if !errors.is_empty() {
            return Err(RuleError::Invalid { errors });
        }
        let traveller_rules = rules.iter().any(|r| r.scope == FeatureScope::Traveller);
        Ok(RuleSet {
            rules,
            traveller_rules,
        })
    }

    /// The rules, in load order (file name order).
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    pub fn len(&self) -> usize {
        self.rules.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The rules that fired on `pnr` (exonerated ones excluded).
    pub fn evaluate(&self, pnr: &Pnr, window: &Window, now: DateTime<Utc>) -> Vec<RuleHit> {
        self.evaluate_full(pnr, window, now).hits
    }

    /// Hits, exonerated hits and evaluation errors for `pnr`.
    pub fn evaluate_full(&self, pnr: &Pnr, window: &Window, now: DateTime<Utc>) -> Evaluation {
        let mut out = Evaluation::default();
        if self.rules.is_empty() {
            return out;
        }
        let feats = features(pnr, window, now);
        self.run(&feats, None, &mut out);
        out
    }

    /// Runs all rules (or only `only`) over computed features.
    fn run(&self, feats: &Features, only: Option<usize>, out: &mut Evaluation) {
        let base = feats.pnr_map();
        let travellers: Vec<Scope> = if self.traveller_rules {
            (0..feats.traveller_count())
                .map(|t| Scope::new(feats.traveller_variable(&base, t)))
                .collect()
        } else {
            Vec::new()
        };
        let pnr_scope = Scope::new(Variable::from_object(base));
        with_vm(|vm| {
            for (index, rule) in self.rules.iter().enumerate() {
                if only.is_some_and(|o| o != index) {
                    continue;
                }
                match rule.scope {
                    FeatureScope::Pnr => {
                        evaluate_rule(index, rule, feats, &pnr_scope, None, vm, out);
                    }
                    FeatureScope::Traveller => {
                        for (t, scope) in travellers.iter().enumerate() {
                            evaluate_rule(index, rule, feats, scope, Some(t), vm, out);
                        }
                    }
                }
            }
        });
    }

    /// Evaluates one rule (by index) on `pnr`, for `rules test`.
    pub(crate) fn evaluate_one(
        &self,
        index: usize,
        pnr: &Pnr,
        window: &Window,
        now: DateTime<Utc>,
    ) -> (Evaluation, Features) {
        let mut out = Evaluation::default();
        let feats = features(pnr, window, now);
        self.run(&feats, Some(index), &mut out);
        (out, feats)
    }

    /// Every condition of one rule on one PNR (or traveller), without short-circuit: the
    /// full explanation, for `rules test` failures and analyst tooling.
    pub(crate) fn explain(
        &self,
        rule: &Rule,
        feats: &Features,
        traveller: Option<usize>,
    ) -> Vec<ConditionOutcome> {
        let base = feats.pnr_map();
        let scope = match traveller {
            Some(t) => Scope::new(feats.traveller_variable(&base, t)),
            None => Scope::new(Variable::from_object(base)),
        };
        with_vm(|vm| {
            sections(rule)
                .map(|(section, c)| {
                    let status = eval(c, feats, &scope, traveller, vm);
                    outcome(c, section, status, feats, traveller)
                })
                .collect()
        })
    }
}

/// Line of the `id = …` key, for duplicate-id errors.
fn id_line(text: &str) -> usize {
    text.lines()
        .position(|l| l.trim_start().starts_with("id ") || l.trim_start().starts_with("id="))
        .map_or(0, |i| i + 1)
}

fn sections(rule: &Rule) -> impl Iterator<Item = (Section, &Condition)> {
    rule.all
        .iter()
        .map(|c| (Section::All, c))
        .chain(rule.any.iter().map(|c| (Section::Any, c)))
        .chain(rule.exonerating.iter().map(|c| (Section::Exonerating, c)))
}

/// Runs `f` with this thread's VM (a fresh one if it is already in use).
fn with_vm<T>(f: impl FnOnce(&mut VM) -> T) -> T {
    VM_CELL.with(|cell| match cell.try_borrow_mut() {
        Ok(mut vm) => f(&mut vm),
        Err(_) => f(&mut VM::new()),
    })
}

fn eval(
    c: &Condition,
    feats: &Features,
    scope: &Scope,
    traveller: Option<usize>,
    vm: &mut VM,
) -> Status {
    let reads_null = || c.reads.iter().any(|r| feats.value(*r, traveller).is_null());
    match c.compiled.evaluate_with_scope(scope, vm) {
        Ok(Variable::Bool(true)) => Status::Held,
        Ok(Variable::Bool(false)) => Status::NotHeld,
        Ok(Variable::Null) => Status::Unknown,
        _ if reads_null() => Status::Unknown,
        _ => Status::Error,
    }
}

fn outcome(
    c: &Condition,
    section: Section,
    status: Status,
    feats: &Features,
    traveller: Option<usize>,
) -> ConditionOutcome {
    ConditionOutcome {
        id: c.id.clone(),
        section,
        expression: c.expression.clone(),
        description: c.description.clone(),
        held: status == Status::Held,
        unknown: status == Status::Unknown,
        values: Values(
            c.reads
                .iter()
                .map(|r| (r.def().name, feats.value(*r, traveller).to_json()))
                .collect(),
        ),
    }
}

fn evaluate_rule(
    index: usize,
    rule: &Rule,
    feats: &Features,
    scope: &Scope,
    traveller: Option<usize>,
    vm: &mut VM,
    out: &mut Evaluation,
) {
    let mut note_error = |c: &Condition, s: Status| {
        if s == Status::Error {
            out.errors.push((index, c.id.clone()));
        }
    };
    for c in &rule.all {
        let s = eval(c, feats, scope, traveller, vm);
        if s != Status::Held {
            note_error(c, s);
            return;
        }
    }
    let mut any = [Status::NotHeld; MAX_CONDITIONS];
    for (slot, c) in any.iter_mut().zip(&rule.any) {
        *slot = eval(c, feats, scope, traveller, vm);
        note_error(c, *slot);
    }
    if !rule.any.is_empty() && !any.contains(&Status::Held) {
        return;
    }
    let mut exo = [Status::NotHeld; MAX_CONDITIONS];
    for (slot, c) in exo.iter_mut().zip(&rule.exonerating) {
        *slot = eval(c, feats, scope, traveller, vm);
        note_error(c, *slot);
    }
    // The rule fired: build the explanation.
    let conditions = rule
        .all
        .iter()
        .map(|c| outcome(c, Section::All, Status::Held, feats, traveller))
        .chain(
            rule.any
                .iter()
                .zip(any)
                .map(|(c, s)| outcome(c, Section::Any, s, feats, traveller)),
        )
        .collect();
    let exonerating: Vec<ConditionOutcome> = rule
        .exonerating
        .iter()
        .zip(exo)
        .map(|(c, s)| outcome(c, Section::Exonerating, s, feats, traveller))
        .collect();
    let exonerated_by: Vec<Arc<str>> = exonerating
        .iter()
        .filter(|o| o.held)
        .map(|o| o.id.clone())
        .collect();
    let hit = RuleHit {
        rule_id: rule.id.clone(),
        version: rule.version,
        title: rule.title.clone(),
        severity: rule.severity,
        category: rule.category,
        traveller,
        conditions,
        exonerating,
        guidance: rule.guidance.clone(),
        exonerated_by,
    };
    if hit.exonerated_by.is_empty() {
        out.hits.push(hit);
    } else {
        out.exonerated.push(hit);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pnr::decode::{decode_json, DecodeLimits};

    const RULE: &str = r#"
id = "T-CASH"
version = 2
title = "Late cash booking"
purpose = "Testing."
category = "drug_trafficking"
owner = "Test desk"
approved_at = 2026-01-01
review_by = 2026-07-01
severity = "high"
guidance = "Check the booking."

[when]
all = [
  { id = "cash", expr = "paid_cash" },
  { id = "late", expr = "hours_booked_before_departure <= 48" },
]
any = [
  { id = "one_way", expr = "trip_type == \"one_way\"" },
  { id = "short_stay", expr = "stay_hours < 72" },
]

[[exonerating]]
id = "frequent_flyers"
expr = "frequent_flyer_count > 0"
"#;

    const TRAVELLER_RULE: &str = r#"
id = "T-MINOR"
version = 1
title = "Minor without document"
purpose = "Testing."
category = "trafficking_in_human_beings"
owner = "Test desk"
approved_at = 2026-01-01
review_by = 2026-07-01
severity = "medium"
guidance = "Check."
scope = "traveller"

[when]
all = [{ id = "minor", expr = "minor and not has_document" }]
"#;

    fn set() -> RuleSet {
        RuleSet::from_sources_on(
            [
                (PathBuf::from("a.toml"), RULE.to_owned()),
                (PathBuf::from("b.toml"), TRAVELLER_RULE.to_owned()),
            ],
            NaiveDate::from_ymd_opt(2026, 3, 1).expect("date"),
        )
        .expect("valid rules")
    }

    fn pnr(extra: &str) -> Pnr {
        let json = format!(
            r#"{{"record_locator":"E1","booked_at":"2026-03-01T10:00:00Z",
                "travellers":[{{"surname":"A","date_of_birth":"1980-01-01"}},{{"surname":"B","date_of_birth":"2015-05-05"}}],
                "segments":[{{"origin":"LHR","destination":"JFK","departure":"2026-03-02T10:00"}}]{extra}}}"#
        );
        decode_json(json.as_bytes(), &DecodeLimits::default())
            .expect("test PNR decodes")
            .pnr
    }

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-03-01T12:00:00Z")
            .expect("valid")
            .with_timezone(&Utc)
    }

    #[test]
    fn fires_and_explains_with_values() {
        let hits = set().evaluate(
            &pnr(r#","payments":[{"form":"cash"}]"#),
            &Window::default(),
            now(),
        );
        assert_eq!(hits.len(), 2, "{hits:#?}");
        let h = &hits[0];
        assert_eq!((&*h.rule_id, h.version, h.traveller), ("T-CASH", 2, None));
        assert_eq!(h.severity, Severity::High);
        let late = &h.conditions[1];
        assert!(late.held);
        assert_eq!(
            late.values.get("hours_booked_before_departure"),
            Some(&serde_json::json!(24))
        );
        let any: Vec<(&str, bool, bool)> = h.conditions[2..]
            .iter()
            .map(|c| (&*c.id, c.held, c.unknown))
            .collect();
        assert_eq!(any, [("one_way", true, false), ("short_stay", false, true)]);
        assert_eq!(h.exonerating.len(), 1);
        assert!(!h.exonerating[0].held);
        // The traveller rule fires on the child (index 1) only.
        assert_eq!((&*hits[1].rule_id, hits[1].traveller), ("T-MINOR", Some(1)));
        let json = serde_json::to_value(h).expect("serialises");
        assert_eq!(json["conditions"][0]["values"]["paid_cash"], true);
        assert_eq!(json["severity"], "high");
    }

    #[test]
    fn exonerated_hits_are_kept_apart() {
        let p = pnr(r#","payments":[{"form":"cash"}]"#).clone();
        let mut p = p;
        p.travellers[0]
            .frequent_flyer
            .push(crate::pnr::model::FrequentFlyer {
                airline: "BA".into(),
                number: "1".into(),
                tier: None,
            });
        let e = set().evaluate_full(&p, &Window::default(), now());
        assert!(e.hits.iter().all(|h| &*h.rule_id != "T-CASH"));
        assert_eq!(e.exonerated.len(), 1);
        assert_eq!(&*e.exonerated[0].exonerated_by[0], "frequent_flyers");
        assert!(e.errors.is_empty());
    }

    #[test]
    fn unknown_values_never_fire() {
        // No booking date: `late` reads null and does not hold; no error is counted.
        let mut p = pnr(r#","payments":[{"form":"cash"}]"#);
        p.booked_at = None;
        let e = set().evaluate_full(&p, &Window::default(), now());
        assert!(e.hits.iter().all(|h| &*h.rule_id != "T-CASH"));
        assert!(e.errors.is_empty(), "{:?}", e.errors);
        assert!(set().evaluate(&pnr(""), &Window::default(), now()).len() == 1);
    }

    #[test]
    fn duplicate_ids_are_refused() {
        let e = RuleSet::from_sources([
            (PathBuf::from("a.toml"), RULE.to_owned()),
            (PathBuf::from("b.toml"), RULE.to_owned()),
        ])
        .expect_err("duplicate");
        let RuleError::Invalid { errors } = e else {
            panic!("expected Invalid");
        };
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].path, PathBuf::from("b.toml"));
        assert_eq!(errors[0].line, 2);
        assert!(errors[0].reason.contains("already used by a.toml"));
    }

    #[test]
    fn load_dir_collects_errors_of_every_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("a.toml"), RULE).expect("write");
        std::fs::write(dir.path().join("b.toml"), "id = \n").expect("write");
        std::fs::write(
            dir.path().join("c.toml"),
            RULE.replace("T-CASH", "T-C")
                .replace("paid_cash\"", "remarks\""),
        )
        .expect("write");
        std::fs::write(dir.path().join("README.md"), "not a rule").expect("write");
        std::fs::write(dir.path().join(".#a.toml"), "junk").expect("write");
        let RuleError::Invalid { errors } = RuleSet::load_dir(dir.path()).expect_err("invalid")
        else {
            panic!("expected Invalid");
        };
        let files: Vec<String> = errors
            .iter()
            .map(|e| {
                format!(
                    "{}:{}",
                    e.path.file_name().and_then(|n| n.to_str()).unwrap_or(""),
                    e.line
                )
            })
            .collect();
        assert_eq!(files, ["b.toml:1", "c.toml:15"], "{errors:#?}");
        assert!(errors[1].reason.contains("free-text"));
        std::fs::remove_file(dir.path().join("b.toml")).expect("rm");
        std::fs::remove_file(dir.path().join("c.toml")).expect("rm");
        assert_eq!(RuleSet::load_dir(dir.path()).expect("valid").len(), 1);
        assert!(matches!(
            RuleSet::load_dir(&dir.path().join("missing")),
            Err(RuleError::Io { .. })
        ));
    }
}
