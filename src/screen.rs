//! Screening: the pure step from one decoded PNR to its alerts, shared by every command.
//!
//! [`screen_pnr`] compares every traveller with the watchlist snapshot (in parallel on
//! rayon), records the PNR in the cross-PNR window and evaluates the risk rules, then
//! builds the [`Alert`]s: one per traveller with a match or an alerting rule hit, with the
//! PNR-level hits riding along, or one PNR alert when only PNR-level rules hit. The
//! service, the demo and the offline `screen` command all call it.
//!
//! Invariants: no I/O and no clock of its own (the caller passes `screened_at`); alerts
//! come in traveller order; a rule hit below the alerting severity is counted in the
//! [`Screening`] but never alerted.

use rayon::prelude::*;

use crate::alert::{Alert, AlertMatch, AlertTraveller, Evidence, Source, SCHEMA_VERSION};
use crate::matcher::{Match, Snapshot};
use crate::pnr::model::{Pnr, Traveller};
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
    let found: Vec<Vec<Match>> = pnr
        .travellers
        .par_iter()
        .map(|t| snapshot.screen(t))
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
    let new_alert =
        |traveller: Option<usize>, matches: Vec<AlertMatch>, rule_hits: Vec<RuleHit>| Alert {
            schema_version: SCHEMA_VERSION,
            alert_id: source.alert_id(traveller),
            record_locator: pnr.record_locator.clone(),
            screened_at,
            source: source.clone(),
            traveller: traveller.and_then(|i| pnr.travellers.get(i).map(|t| alert_traveller(i, t))),
            matches,
            rule_hits,
            weights: snapshot.weights(),
        };
    let mut alerts = Vec::new();
    for (i, matches) in found.into_iter().enumerate() {
        let own: Vec<RuleHit> = alerting
            .iter()
            .filter(|h| h.traveller == Some(i))
            .map(|h| (*h).clone())
            .collect();
        if matches.is_empty() && own.is_empty() {
            continue;
        }
        let matches = matches
            .into_iter()
            .filter_map(|m| alert_match(snapshot, m))
            .collect();
        let mut rule_hits = own;
        rule_hits.extend(pnr_level.iter().cloned());
        alerts.push(new_alert(Some(i), matches, rule_hits));
    }
    if alerts.is_empty() && !pnr_level.is_empty() {
        alerts.push(new_alert(None, Vec::new(), pnr_level));
    }
    Screening { alerts, rules }
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

fn alert_match(snapshot: &Snapshot, m: Match) -> Option<AlertMatch> {
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
