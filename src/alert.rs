//! Alerts: the explained hits published to the alerts topic (schema v2).
//!
//! One alert per traveller with at least one watchlist match or traveller rule hit at or
//! above the alerting severity; PNR-level rule hits ride along on those alerts, and when
//! no traveller alerts, PNR-level hits make one PNR alert (without `traveller`).
//! [`screen_pnr`] is the pure step from a decoded PNR, a watchlist snapshot and a rule set
//! to alerts; it is what the service, the demo and the offline `screen` command all call.
//!
//! Invariants: `alert_id` is a UUIDv5 of the source position and traveller index (or
//! `pnr`), so a replay of the same input yields the same ids; every number in an alert
//! comes with the values that produced it (`evidence`, rule conditions with their values),
//! the list or rule version and the thresholds used. The schema is
//! `deploy/schemas/alert.v2.schema.json`; change both together.

use rayon::prelude::*;
use serde::Serialize;
use uuid::Uuid;

use crate::matcher::evidence::Feature;
use crate::matcher::{Band, Match, NameEvidence, Snapshot, Weights};
use crate::pnr::model::{Pnr, Traveller};
use crate::rules::{Evaluation, RuleHit, RuleSet, Severity, Window};
use crate::watchlist::NameQuality;

/// Version of the alert JSON schema.
pub const SCHEMA_VERSION: u32 = 2;

/// Namespace for alert ids (UUIDv5).
const ALERT_NAMESPACE: Uuid = Uuid::from_u128(0x6f1c_2c55_8d0e_4b59_a3a4_9b1e_0c7d_51a1);

/// Where the screened PNR came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Source {
    Kafka {
        topic: String,
        partition: i32,
        offset: i64,
    },
    File {
        file: String,
        line: u64,
    },
}

impl Source {
    fn id_key(&self, traveller: Option<usize>) -> String {
        let who = traveller.map_or_else(|| "pnr".to_owned(), |t| t.to_string());
        match self {
            Source::Kafka {
                topic,
                partition,
                offset,
            } => format!("kafka:{topic}:{partition}:{offset}:{who}"),
            Source::File { file, line } => format!("file:{file}:{line}:{who}"),
        }
    }
}

/// The traveller an alert is about, as received.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlertTraveller {
    /// Position in the PNR's `travellers` array.
    pub index: usize,
    /// The name as the carrier sent it.
    pub name: String,
    pub surname: String,
    pub given_names: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nationality: Option<String>,
}

/// Per-feature evidence for one match.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    pub name: NameEvidence,
    pub date_of_birth: Feature,
    pub nationality: Feature,
    pub gender: Feature,
    pub document: Feature,
}

/// One watchlist entry the traveller matched.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlertMatch {
    /// The list's configured id.
    pub list: String,
    pub list_name: String,
    pub list_version: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub legal_basis: Option<String>,
    /// The list's own id for the entry (OFAC ent_num, UN reference number, …).
    pub entry_id: String,
    /// The entry's primary name as the list prints it.
    pub entry_name: String,
    /// The list name (primary or alias) that matched, as the list prints it.
    pub matched_name: String,
    pub matched_name_quality: NameQuality,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub programs: Vec<String>,
    pub score: f64,
    pub threshold: f64,
    pub band: Band,
    pub evidence: Evidence,
}

/// An explained hit for one traveller (or, for PNR-level rule hits only, the PNR).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alert {
    pub schema_version: u32,
    pub alert_id: Uuid,
    pub record_locator: String,
    pub screened_at: chrono::DateTime<chrono::Utc>,
    pub source: Source,
    /// Absent on a PNR alert (PNR-level rule hits and no traveller alert).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub traveller: Option<AlertTraveller>,
    /// Watchlist matches, best first.
    pub matches: Vec<AlertMatch>,
    /// Risk-rule hits: this traveller's, then the PNR's.
    pub rule_hits: Vec<RuleHit>,
    /// The evidence weights in force, so every score can be recomputed.
    pub weights: Weights,
}

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
            alert_id: Uuid::new_v5(&ALERT_NAMESPACE, source.id_key(traveller).as_bytes()),
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
