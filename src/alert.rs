//! Alerts: the explained hits published to the alerts topic (schema v3), and nothing else.
//!
//! One alert per traveller with at least one watchlist match or traveller rule hit at or
//! above the alerting severity; PNR-level rule hits ride along on those alerts, and when
//! no traveller alerts, PNR-level hits make one PNR alert (without `traveller`). Which
//! alerts a PNR gets is decided by [`crate::screen`]; this file is their shape.
//!
//! Invariants: `alert_id` is a UUIDv5 of the source position and traveller index (or
//! `pnr`), so a replay of the same input yields the same ids; every number in an alert
//! comes with the values that produced it (`evidence`, rule conditions with their values),
//! the list or rule version and the thresholds used. The schema is
//! `deploy/schemas/alert.v3.schema.json`; change both together. Data-quality flags carry a
//! path and a problem code, never a received value.

use serde::Serialize;
use uuid::Uuid;

use crate::matcher::evidence::Feature;
use crate::matcher::{Band, NameEvidence, Weights};
use crate::pnr::model::{Problem, UnusableName};
use crate::rules::RuleHit;
use crate::watchlist::NameQuality;

/// Version of the alert JSON schema.
pub const SCHEMA_VERSION: u32 = 3;

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
    /// The alert id of the traveller at `traveller` (`None`: the PNR alert) of the PNR read
    /// from this position: a UUIDv5, so a replay of the same input yields the same ids.
    pub(crate) fn alert_id(&self, traveller: Option<usize>) -> Uuid {
        let who = traveller.map_or_else(|| "pnr".to_owned(), |t| t.to_string());
        let key = match self {
            Source::Kafka {
                topic,
                partition,
                offset,
            } => format!("kafka:{topic}:{partition}:{offset}:{who}"),
            Source::File { file, line } => format!("file:{file}:{line}:{who}"),
        };
        Uuid::new_v5(&ALERT_NAMESPACE, key.as_bytes())
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
    /// Which of the traveller's name forms matched, when it has several: `name` and
    /// `surname`/`given_names` disagree, or a title may be glued to the last given name
    /// (every form is screened).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_form: Option<NameForm>,
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
    /// Set when the traveller's name cannot be screened: why. Such a traveller was
    /// compared with no list; an analyst has to look at the booking.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unscreenable: Option<UnusableName>,
    /// Watchlist matches, best first.
    pub matches: Vec<AlertMatch>,
    /// Risk-rule hits: this traveller's, then the PNR's.
    pub rule_hits: Vec<RuleHit>,
    /// Fields of this traveller and of the PNR that were left out as unusable (or kept
    /// as `other`), so an analyst knows what the screening could not use.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub data_quality: Vec<DataQuality>,
    /// The evidence weights in force, so every score can be recomputed.
    pub weights: Weights,
}

/// Which name form of a traveller matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NameForm {
    /// The split `surname` and `given_names`.
    SurnameGivenNames,
    /// The airline name form `name` (`SURNAME/GIVEN TITLE`).
    Name,
    /// The given names without a title glued to their last word that names also end in
    /// (`AYMANDR` read as `AYMAN`).
    WithoutGluedTitle,
}

/// A field that was unusable as received: where, and what was wrong (no value).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DataQuality {
    pub path: String,
    pub problem: Problem,
}
