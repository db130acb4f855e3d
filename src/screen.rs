//! Screening: the pure step from one decoded PNR to its alerts, shared by every command.
//!
//! [`screen_pnr`] compares every traveller with the watchlist snapshot (in parallel on
//! rayon), records the PNR in the cross-PNR window and evaluates the risk rules, then
//! builds the [`Alert`]s: one per traveller with a match or an alerting rule hit, with the
//! PNR-level hits riding along, or one PNR alert when only PNR-level rules hit. A
//! traveller whose name cannot be screened gets an alert saying so (`unscreenable`); one
//! whose `name` disagrees with `surname`/`given_names` is screened in both forms. The
//! service, the demo and the offline `screen` command all call it.
//!
//! Invariants: no I/O and no clock of its own (the caller passes `screened_at`); alerts
//! come in traveller order; a rule hit below the alerting severity is counted in the
//! [`Screening`] but never alerted; no traveller is skipped silently: it is screened or
//! alerted as unscreenable.

use rayon::prelude::*;

use crate::alert::{
    Alert, AlertMatch, AlertTraveller, DataQuality, Evidence, NameForm, Source, SCHEMA_VERSION,
};
use crate::matcher::{Match, Snapshot};
use crate::pnr::model::{Pnr, Problem, Traveller, UnusableName};
use crate::pnr::name::without_ambiguous_title;
use crate::rules::{Evaluation, RuleHit, RuleSet, Severity, Window};

/// What screening is done with: the watchlist snapshot and the risk rules.
pub struct Screener<'a> {
    pub snapshot: &'a Snapshot,
    pub rules: &'a RuleSet,
    pub window: &'a Window,
    /// Rule hits below this severity are not alerted.
    pub min_severity: Severity,
}

/// The result of screening one PNR.
#[derive(Debug, Clone, Default)]
pub struct Screening {
    pub alerts: Vec<Alert>,
    /// The full rule evaluation (for per-rule metrics), including hits below the
    /// alerting severity and exonerated ones.
    pub rules: Evaluation,
}

/// Screens every traveller of a PNR (in parallel) against the watchlists, evaluates the
/// rules, and returns the alerts.
pub fn screen_pnr(
    pnr: &Pnr,
    screener: &Screener<'_>,
    source: &Source,
    screened_at: chrono::DateTime<chrono::Utc>,
) -> Screening {
    let snapshot = screener.snapshot;
    let found: Vec<Found> = pnr
        .travellers
        .par_iter()
        .map(|t| screen_traveller(snapshot, t))
        .collect();
    let rules = if screener.rules.is_empty() {
        Evaluation::default()
    } else {
        screener.window.record(pnr, screened_at);
        screener
            .rules
            .evaluate_full(pnr, screener.window, screened_at)
    };
    let alerting: Vec<&RuleHit> = rules
        .hits
        .iter()
        .filter(|h| h.severity >= screener.min_severity)
        .collect();
    let pnr_level: Vec<RuleHit> = alerting
        .iter()
        .filter(|h| h.traveller.is_none())
        .map(|h| (*h).clone())
        .collect();
    let new_alert = |traveller: Option<usize>,
                     unscreenable: Option<UnusableName>,
                     matches: Vec<AlertMatch>,
                     rule_hits: Vec<RuleHit>| Alert {
        schema_version: SCHEMA_VERSION,
        alert_id: source.alert_id(traveller),
        record_locator: pnr.record_locator.clone(),
        screened_at,
        source: source.clone(),
        traveller: traveller.and_then(|i| pnr.travellers.get(i).map(|t| alert_traveller(i, t))),
        unscreenable,
        matches,
        rule_hits,
        data_quality: data_quality(pnr, traveller, unscreenable),
        weights: snapshot.weights(),
    };
    let mut alerts = Vec::new();
    for (i, found) in found.into_iter().enumerate() {
        let own: Vec<RuleHit> = alerting
            .iter()
            .filter(|h| h.traveller == Some(i))
            .map(|h| (*h).clone())
            .collect();
        let Found {
            matches,
            unscreenable,
        } = found;
        if matches.is_empty() && own.is_empty() && unscreenable.is_none() {
            continue;
        }
        let matches = matches
            .into_iter()
            .filter_map(|(m, form)| alert_match(snapshot, m, form))
            .collect();
        let mut rule_hits = own;
        rule_hits.extend(pnr_level.iter().cloned());
        alerts.push(new_alert(Some(i), unscreenable, matches, rule_hits));
    }
    if alerts.is_empty() && !pnr_level.is_empty() {
        alerts.push(new_alert(None, None, Vec::new(), pnr_level));
    }
    Screening { alerts, rules }
}

/// What screening one traveller found: matches, best first, each with the name form that
/// matched (`None` when the traveller has one form), and why the name could not be
/// screened, if it could not (its documents still were).
struct Found {
    matches: Vec<(Match, Option<NameForm>)>,
    unscreenable: Option<UnusableName>,
}

/// Screens one traveller in every form its name has, keeping the best match per list
/// entry: as sent; the airline form `name` when it disagrees with `surname`/`given_names`;
/// and each of those without a title glued to the last given name that names also end in
/// (`AYMANDR`: DR, MS, REV, SIR, LADY) unless the lists know that word as a name
/// (`ALEKSANDR`), so the reading that is a name wins. A traveller whose name cannot be
/// screened is still looked up by its travel documents.
fn screen_traveller(snapshot: &Snapshot, t: &Traveller) -> Found {
    let by_documents = |reason| Found {
        matches: snapshot.screen(t).into_iter().map(|m| (m, None)).collect(),
        unscreenable: Some(reason),
    };
    if let Some(reason) = t.unusable_name {
        return by_documents(reason);
    }
    let plain = |name: &crate::pnr::model::PersonName| {
        without_ambiguous_title(&name.given_names).filter(|_| {
            // A last given name the lists know (ALEKSANDR, WILLIAMS) is a name, not a
            // glued title.
            !name
                .given_names
                .split_whitespace()
                .last()
                .is_some_and(|w| snapshot.knows_name(w))
        })
    };
    // One form, the common case: no copies of the traveller.
    if t.other_name.is_none() {
        if let Some(given) = plain(&t.name) {
            let mut without = t.clone();
            without.name.given_names = given;
            return merge_forms(
                snapshot,
                t,
                &[
                    (NameForm::SurnameGivenNames, None),
                    (NameForm::WithoutGluedTitle, Some(without)),
                ],
            );
        }
        return match snapshot.try_screen(t) {
            Some(m) => Found {
                matches: m.into_iter().map(|m| (m, None)).collect(),
                unscreenable: None,
            },
            None => by_documents(UnusableName::NoLetters),
        };
    }
    let mut forms: Vec<(NameForm, Option<Traveller>)> = vec![(NameForm::SurnameGivenNames, None)];
    if let Some(other) = &t.other_name {
        let mut as_other = t.clone();
        as_other.name = other.clone();
        as_other.other_name = None;
        forms.push((NameForm::Name, Some(as_other)));
    }
    for i in 0..forms.len() {
        let name = forms[i].1.as_ref().map_or(&t.name, |o| &o.name);
        if let Some(given) = plain(name) {
            let mut without = forms[i].1.clone().unwrap_or_else(|| t.clone());
            without.name.given_names = given;
            without.other_name = None;
            forms.push((NameForm::WithoutGluedTitle, Some(without)));
        }
    }
    merge_forms(snapshot, t, &forms)
}

/// Screens each form (`None`: the traveller as it is) and keeps the best match per list
/// entry, at most the matcher's `max_matches`.
fn merge_forms(
    snapshot: &Snapshot,
    t: &Traveller,
    forms: &[(NameForm, Option<Traveller>)],
) -> Found {
    let mut screenable = false;
    let mut all: Vec<(Match, Option<NameForm>)> = Vec::new();
    for (form, traveller) in forms {
        let Some(matches) = snapshot.try_screen(traveller.as_ref().unwrap_or(t)) else {
            continue;
        };
        screenable = true;
        for m in matches {
            match all
                .iter_mut()
                .find(|(seen, _)| (seen.list, seen.entry) == (m.list, m.entry))
            {
                Some(slot) if slot.0.score >= m.score => {}
                Some(slot) => *slot = (m, Some(*form)),
                None => all.push((m, Some(*form))),
            }
        }
    }
    if !screenable {
        return Found {
            matches: snapshot.screen(t).into_iter().map(|m| (m, None)).collect(),
            unscreenable: Some(UnusableName::NoLetters),
        };
    }
    all.sort_by(|(a, _), (b, _)| {
        b.score
            .total_cmp(&a.score)
            .then(a.list.cmp(&b.list))
            .then(a.entry.cmp(&b.entry))
    });
    all.truncate(snapshot.max_matches());
    Found {
        matches: all,
        unscreenable: None,
    }
}

/// The data-quality flags an alert carries: a traveller alert its traveller's and the
/// PNR's own (not other travellers'), a PNR alert every flag; plus the unscreenable name
/// found in screening.
fn data_quality(
    pnr: &Pnr,
    traveller: Option<usize>,
    unscreenable: Option<UnusableName>,
) -> Vec<DataQuality> {
    let mine = traveller.map(|i| format!("travellers[{i}]"));
    let mut out: Vec<DataQuality> = pnr
        .data_quality
        .iter()
        .filter(|f| match (&mine, f.path.strip_prefix("travellers[")) {
            (_, None) => true,
            (None, Some(_)) => true,
            (Some(me), Some(_)) => f
                .path
                .strip_prefix(me.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('.')),
        })
        .map(|f| DataQuality {
            path: f.path.clone(),
            problem: f.problem,
        })
        .collect();
    if let (Some(me), Some(_)) = (&mine, unscreenable) {
        let path = format!("{me}.name");
        if !out
            .iter()
            .any(|f| f.path == path && f.problem == Problem::UnusableName)
        {
            out.push(DataQuality {
                path,
                problem: Problem::UnusableName,
            });
        }
    }
    out
}

fn alert_traveller(index: usize, t: &Traveller) -> AlertTraveller {
    AlertTraveller {
        index,
        name: if t.name.as_received.is_empty() {
            format!("{}/{}", t.name.surname, t.name.given_names)
        } else {
            t.name.as_received.clone()
        },
        surname: t.name.surname.clone(),
        given_names: t.name.given_names.clone(),
        date_of_birth: t.date_of_birth.map(String::from),
        nationality: t.nationality.map(String::from),
    }
}

fn alert_match(snapshot: &Snapshot, m: Match, name_form: Option<NameForm>) -> Option<AlertMatch> {
    let list = snapshot.lists.get(m.list)?;
    let entry = list.entries.get(m.entry)?;
    let name = entry.names.get(m.name)?;
    Some(AlertMatch {
        list: list.id.clone(),
        list_name: list.name.clone(),
        list_version: list.version.clone(),
        legal_basis: list.legal_basis.clone(),
        entry_id: entry.entry_id.clone(),
        entry_name: entry.primary_name().to_owned(),
        matched_name: name.full.clone(),
        matched_name_quality: name.quality,
        name_form,
        programs: entry.programs.clone(),
        score: m.score,
        threshold: list.threshold,
        band: m.band,
        evidence: Evidence {
            name: m.name_evidence,
            date_of_birth: m.date_of_birth,
            nationality: m.nationality,
            gender: m.gender,
            document: m.document,
        },
    })
}
