//! `pnr-screen eval`: the matcher's quality on labelled data, in one run.
//!
//! Reads the labelled evaluation sets from the folder given with `--data` and reports:
//! - precision, recall and F1 of the name score at the configured default threshold on the
//!   826 labelled name pairs (nomenklatura name_bench), overall, per quality tier and per
//!   schema, on the **report split**, beside OpenSanctions logic-v2's frozen scores at its
//!   0.7 threshold on the same pairs. Pairs are split by a hash of their text: the
//!   **tuning split** (hash even) is the only one weights and thresholds were tuned on;
//!   the report split (hash odd) is reported. Both are printed, labelled.
//! - recall of the 683 UN positives, untreated and "treated" (typos, reorderings), screened
//!   with their DOB and nationality against the UN list of the configuration;
//! - false alerts per 1,000 travellers for the synthetic negatives (global and US, 50,000
//!   each) against the OFAC and UN lists of the configuration;
//! - the cross-script pairs (query script → Latin): how many reach their expected minimum.
//!
//! Invariants: the same matcher code and configuration as the service; nothing is tuned
//! here; a missing fixture file is an error naming it.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::config::Config;
use crate::matcher::normalize::{tokens_full, tokens_organisation};
use crate::matcher::Snapshot;
use crate::pnr::model::{BirthDate, CountryCode, Gender, PersonName, Traveller};
use crate::watchlist::{ListFormat, Watchlist};

/// Why an evaluation could not run.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("{}: {reason}", path.display())]
    Data { path: PathBuf, reason: String },
    #[error(transparent)]
    Watchlist(#[from] crate::watchlist::WatchlistError),
    #[error("the configuration has no {0} list to evaluate against")]
    NoList(&'static str),
}

/// Precision / recall / F1 of a set of labelled decisions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Prf {
    pub pairs: usize,
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    fn from_counts(pairs: usize, tp: usize, fp: usize, fn_: usize) -> Self {
        let precision = if tp + fp == 0 {
            0.0
        } else {
            tp as f64 / (tp + fp) as f64
        };
        let recall = if tp + fn_ == 0 {
            0.0
        } else {
            tp as f64 / (tp + fn_) as f64
        };
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Prf {
            pairs,
            tp,
            fp,
            fn_,
            precision,
            recall,
            f1,
        }
    }

    fn of(items: &[(bool, bool)]) -> Self {
        let tp = items.iter().filter(|(p, t)| *p && *t).count();
        let fp = items.iter().filter(|(p, t)| *p && !*t).count();
        let fn_ = items.iter().filter(|(p, t)| !*p && *t).count();
        Prf::from_counts(items.len(), tp, fp, fn_)
    }
}

/// Name-bench results for one split.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SplitReport {
    pub ours: Prf,
    /// logic-v2 at 0.7 on the pairs of this split that have a frozen score.
    pub logic_v2: Prf,
    pub by_quality: Vec<(String, Prf)>,
    pub by_schema: Vec<(String, Prf)>,
    pub person: Prf,
    pub logic_v2_person: Prf,
}

/// Recall of screened positives.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Recall {
    pub travellers: usize,
    pub found: usize,
    pub recall: f64,
}

/// False alerts on negatives.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct FalseAlerts {
    pub travellers: usize,
    pub alerted: usize,
    pub per_1000: f64,
}

/// Everything `pnr-screen eval` reports.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct EvalReport {
    pub threshold: f64,
    pub tuning: SplitReport,
    pub report: SplitReport,
    pub un_untreated: Recall,
    pub un_treated: Recall,
    pub negatives_global: FalseAlerts,
    pub negatives_us: FalseAlerts,
    pub cross_script: Recall,
}

/// Options: where the fixtures are, and how many negatives to screen (all by default).
#[derive(Debug, Clone)]
pub struct EvalOptions {
    pub data_dir: PathBuf,
    pub negatives_limit: Option<usize>,
    /// Print the tuning split's misclassified pairs (never the report split's) to stderr.
    pub show_tuning_errors: bool,
}

fn read_csv(path: &Path) -> Result<Vec<HashMap<String, String>>, EvalError> {
    let data = |reason: String| EvalError::Data {
        path: path.to_path_buf(),
        reason,
    };
    let text = std::fs::read_to_string(path).map_err(|e| data(e.to_string()))?;
    let body: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with('#') && !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .from_reader(body.as_bytes());
    // A file may document its columns in a `# Format: a,b,c` comment instead of a header.
    let declared = text
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("# Format:"))
        .map(|cols| csv::StringRecord::from(cols.split(',').map(str::trim).collect::<Vec<_>>()));
    let mut records = reader.records();
    let headers = match declared {
        Some(h) => h,
        None => match records.next() {
            Some(r) => r.map_err(|e| data(e.to_string()))?,
            None => return Ok(Vec::new()),
        },
    };
    let mut out = Vec::new();
    for record in records {
        let record = record.map_err(|e| data(e.to_string()))?;
        out.push(
            headers
                .iter()
                .zip(record.iter())
                .map(|(h, v)| (h.to_owned(), v.to_owned()))
                .collect(),
        );
    }
    Ok(out)
}

fn is_report_split(group: &str, a: &str, b: &str) -> bool {
    let mut h = Sha256::new();
    h.update(group.as_bytes());
    h.update([0]);
    h.update(a.as_bytes());
    h.update([0]);
    h.update(b.as_bytes());
    h.finalize()[0] % 2 == 1
}

fn name_bench(
    snapshot: &Snapshot,
    dir: &Path,
    threshold: f64,
    show: bool,
) -> Result<(SplitReport, SplitReport), EvalError> {
    let cases = read_csv(&dir.join("nomenklatura_name_bench_cases.csv"))?;
    let frozen = read_csv(&dir.join("nomenklatura_name_bench_logicv2_scores.csv"))?;
    let reference: HashMap<(String, String), f64> = frozen
        .iter()
        .filter_map(|r| {
            let s: f64 = r.get("score")?.parse().ok()?;
            Some(((r.get("name1")?.clone(), r.get("name2")?.clone()), s))
        })
        .collect();
    struct Case {
        report: bool,
        truth: bool,
        ours: bool,
        logic_v2: Option<bool>,
        quality: String,
        schema: String,
    }
    let scored: Vec<Case> = cases
        .par_iter()
        .map(|c| {
            let get = |k: &str| c.get(k).map(String::as_str).unwrap_or("");
            let (a, b) = (get("name1"), get("name2"));
            // Legal forms are folded only in organisations' names, as a list entry's type
            // would say.
            let person = get("schema") == "Person";
            let tokens = if person {
                tokens_full
            } else {
                tokens_organisation
            };
            let score = snapshot.name_score(&tokens(a), &tokens(b), person).score;
            let report = is_report_split(get("case_group"), a, b);
            let truth = get("is_match") == "true";
            if show && !report && (score >= threshold) != truth {
                eprintln!(
                    "tuning {} {score:.3} [{}|{}] {a} | {b}",
                    if truth { "FN" } else { "FP" },
                    get("schema"),
                    get("category")
                );
            }
            Case {
                report,
                truth: get("is_match") == "true",
                ours: score >= threshold,
                logic_v2: reference
                    .get(&(a.to_owned(), b.to_owned()))
                    .map(|s| *s >= 0.7),
                quality: get("quality").to_owned(),
                schema: get("schema").to_owned(),
            }
        })
        .collect();
    let split = |report: bool| {
        let cases: Vec<&Case> = scored.iter().filter(|c| c.report == report).collect();
        let ours: Vec<(bool, bool)> = cases.iter().map(|c| (c.ours, c.truth)).collect();
        let lv2: Vec<(bool, bool)> = cases
            .iter()
            .filter_map(|c| c.logic_v2.map(|p| (p, c.truth)))
            .collect();
        let group = |key: fn(&Case) -> &str| {
            let mut keys: Vec<&str> = cases.iter().map(|c| key(c)).collect();
            keys.sort_unstable();
            keys.dedup();
            keys.into_iter()
                .map(|k| {
                    let items: Vec<(bool, bool)> = cases
                        .iter()
                        .filter(|c| key(c) == k)
                        .map(|c| (c.ours, c.truth))
                        .collect();
                    (k.to_owned(), Prf::of(&items))
                })
                .collect()
        };
        let person: Vec<&&Case> = cases.iter().filter(|c| c.schema == "Person").collect();
        SplitReport {
            ours: Prf::of(&ours),
            logic_v2: Prf::of(&lv2),
            by_quality: group(|c| c.quality.as_str()),
            by_schema: group(|c| c.schema.as_str()),
            person: Prf::of(&person.iter().map(|c| (c.ours, c.truth)).collect::<Vec<_>>()),
            logic_v2_person: Prf::of(
                &person
                    .iter()
                    .filter_map(|c| c.logic_v2.map(|p| (p, c.truth)))
                    .collect::<Vec<_>>(),
            ),
        }
    };
    Ok((split(false), split(true)))
}

/// A traveller built from an evaluation record (full name, DOB, nationality, gender).
fn traveller(row: &HashMap<String, String>) -> Traveller {
    let get = |k: &str| row.get(k).map(String::as_str).unwrap_or("").trim();
    let full = get("full_name");
    let dob = chrono::NaiveDate::parse_from_str(get("date_of_birth"), "%Y-%m-%d")
        .ok()
        .map(BirthDate::Day);
    let nationality =
        crate::pnr::country::name_to_alpha3(get("nationality")).map(CountryCode::from_alpha3_bytes);
    Traveller {
        date_of_birth: dob,
        gender: Gender::parse(get("gender")),
        nationality,
        ..Traveller::named(PersonName {
            surname: String::new(),
            given_names: full.to_owned(),
            title: None,
            as_received: full.to_owned(),
        })
    }
}

fn snapshot_of(config: &Config, formats: &[ListFormat]) -> Result<Snapshot, EvalError> {
    let lists: Vec<Watchlist> = config
        .watchlists
        .par_iter()
        .filter(|s| formats.contains(&s.format))
        .map(Watchlist::load)
        .collect::<Result<_, _>>()?;
    Ok(Snapshot::build(lists, config.matcher.settings))
}

fn un_recall(un: &Snapshot, dir: &Path, show: bool) -> Result<(Recall, Recall), EvalError> {
    let untreated = read_csv(&dir.join("yente_positives_un_untreated.csv"))?;
    let treated = read_csv(&dir.join("yente_positives_un_treated.csv"))?;
    // Ground truth: the UN entries whose name is exactly the untreated record's name.
    let mut by_name: HashMap<Vec<String>, Vec<(usize, usize)>> = HashMap::new();
    for (li, list) in un.lists.iter().enumerate() {
        for (ei, e) in list.entries.iter().enumerate() {
            for n in &e.names {
                let mut key: Vec<String> =
                    tokens_full(&n.full).into_iter().map(|t| t.text).collect();
                key.sort();
                by_name.entry(key).or_default().push((li, ei));
            }
        }
    }
    let truth: Vec<Option<Vec<(usize, usize)>>> = untreated
        .iter()
        .map(|r| {
            let mut key: Vec<String> = tokens_full(r.get("full_name").map_or("", String::as_str))
                .into_iter()
                .map(|t| t.text)
                .collect();
            key.sort();
            by_name.get(&key).cloned()
        })
        .collect();
    let recall = |rows: &[HashMap<String, String>]| {
        let found: Vec<Option<bool>> = rows
            .par_iter()
            .zip(truth.par_iter())
            .map(|(row, truth)| {
                let truth = truth.as_ref()?;
                let matches = un.screen(&traveller(row));
                let found = matches.iter().any(|m| truth.contains(&(m.list, m.entry)));
                let name = row.get("full_name").map_or("", String::as_str);
                if show && !found && !is_report_split("un", name, "") {
                    let best = un
                        .lists
                        .first()
                        .and_then(|l| l.entries.get(truth[0].1))
                        .map_or("", |e| e.primary_name());
                    eprintln!(
                        "tuning UN miss: {name} | {} {} | {best} {:?}",
                        row.get("date_of_birth").map_or("", String::as_str),
                        row.get("nationality").map_or("", String::as_str),
                        un.lists
                            .first()
                            .and_then(|l| l.entries.get(truth[0].1))
                            .map(|e| (&e.dates_of_birth, &e.nationalities))
                    );
                }
                Some(found)
            })
            .collect();
        let known: Vec<bool> = found.into_iter().flatten().collect();
        let hits = known.iter().filter(|f| **f).count();
        Recall {
            travellers: known.len(),
            found: hits,
            recall: if known.is_empty() {
                0.0
            } else {
                hits as f64 / known.len() as f64
            },
        }
    };
    Ok((recall(&untreated), recall(&treated)))
}

fn false_alerts(
    snapshot: &Snapshot,
    path: &Path,
    limit: Option<usize>,
) -> Result<FalseAlerts, EvalError> {
    let mut rows = read_csv(path)?;
    if let Some(n) = limit {
        rows.truncate(n);
    }
    let alerted = rows
        .par_iter()
        .filter(|r| !snapshot.screen(&traveller(r)).is_empty())
        .count();
    Ok(FalseAlerts {
        travellers: rows.len(),
        alerted,
        per_1000: if rows.is_empty() {
            0.0
        } else {
            1000.0 * alerted as f64 / rows.len() as f64
        },
    })
}

fn cross_script(snapshot: &Snapshot, dir: &Path) -> Result<Recall, EvalError> {
    let rows = read_csv(&dir.join("watchman_cross_script_pairs.csv"))?;
    let mut found = 0;
    for r in &rows {
        let get = |k: &str| r.get(k).map(String::as_str).unwrap_or("");
        let min: f64 = get("Min Score").trim().parse().unwrap_or(1.0);
        let s = snapshot
            .name_score(
                &tokens_full(get("Query")),
                &tokens_full(get("Expected Match")),
                true,
            )
            .score;
        if s >= min {
            found += 1;
        }
    }
    Ok(Recall {
        travellers: rows.len(),
        found,
        recall: if rows.is_empty() {
            0.0
        } else {
            found as f64 / rows.len() as f64
        },
    })
}

/// Runs every evaluation.
///
/// # Errors
/// A fixture is missing or malformed, or a configured list fails to load.
pub fn run(config: &Config, options: &EvalOptions) -> Result<EvalReport, EvalError> {
    let dir = &options.data_dir;
    let threshold = config.matcher.default_threshold;
    let both = snapshot_of(config, &[ListFormat::OfacCsv, ListFormat::UnXml])?;
    if !both.lists.iter().any(|l| {
        config
            .watchlists
            .iter()
            .any(|s| s.id == l.id && s.format == ListFormat::UnXml)
    }) {
        return Err(EvalError::NoList("un_xml"));
    }
    let un = snapshot_of(config, &[ListFormat::UnXml])?;
    let (tuning, report) = name_bench(&both, dir, threshold, options.show_tuning_errors)?;
    let (un_untreated, un_treated) = un_recall(&un, dir, options.show_tuning_errors)?;
    Ok(EvalReport {
        threshold,
        tuning,
        report,
        un_untreated,
        un_treated,
        negatives_global: false_alerts(
            &both,
            &dir.join("yente_negatives_global.csv"),
            options.negatives_limit,
        )?,
        negatives_us: false_alerts(
            &both,
            &dir.join("yente_negatives_us.csv"),
            options.negatives_limit,
        )?,
        cross_script: cross_script(&both, dir)?,
    })
}

fn prf_line(out: &mut String, label: &str, p: &Prf) {
    let _ = writeln!(
        out,
        "  {label:<28} pairs {:>4}  P {:.3}  R {:.3}  F1 {:.3}",
        p.pairs, p.precision, p.recall, p.f1
    );
}

impl EvalReport {
    /// The human-readable report.
    pub fn render(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "pnr-screen matcher evaluation (name threshold {:.2})\n",
            self.threshold
        );
        for (label, split) in [
            ("REPORT split (never tuned on)", &self.report),
            ("tuning split (weights/thresholds tuned here)", &self.tuning),
        ] {
            let _ = writeln!(s, "name_bench, {label}:");
            prf_line(&mut s, "pnr-screen, all schemas", &split.ours);
            prf_line(&mut s, "logic-v2 @0.7, all schemas", &split.logic_v2);
            prf_line(&mut s, "pnr-screen, Person", &split.person);
            prf_line(&mut s, "logic-v2 @0.7, Person", &split.logic_v2_person);
            for (q, p) in &split.by_quality {
                prf_line(&mut s, &format!("  quality {q}"), p);
            }
            for (q, p) in &split.by_schema {
                prf_line(&mut s, &format!("  schema {q}"), p);
            }
            s.push('\n');
        }
        let _ = writeln!(
            s,
            "UN positives vs UN list (DOB + nationality): untreated recall {}/{} = {:.4}; treated recall {}/{} = {:.4}",
            self.un_untreated.found,
            self.un_untreated.travellers,
            self.un_untreated.recall,
            self.un_treated.found,
            self.un_treated.travellers,
            self.un_treated.recall
        );
        for (label, n) in [
            ("global", &self.negatives_global),
            ("us", &self.negatives_us),
        ] {
            let _ = writeln!(
                s,
                "negatives ({label}) vs OFAC + UN: {} of {} travellers alerted = {:.2} per 1,000",
                n.alerted, n.travellers, n.per_1000
            );
        }
        let _ = writeln!(
            s,
            "cross-script pairs reaching their expected minimum: {}/{}",
            self.cross_script.found, self.cross_script.travellers
        );
        s
    }
}
