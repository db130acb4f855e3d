//! Watchlists: loading real lists into one entry model, shared as immutable snapshots.
//!
//! Each configured list (`[[watchlists]]` in the config) is read by the loader for its
//! format ([`ofac`], [`un`], [`jsonl`]) into [`Entry`] values that keep the list's own id
//! (`entry_id`: OFAC ent_num, UN reference number, national list id). A [`Snapshot`](crate::matcher::Snapshot) holds
//! every list plus the matcher index built from them; the pipeline shares it as an
//! `Arc<Snapshot>` and a reload swaps the whole snapshot (arc-swap), never mutates it.
//!
//! Invariants: a list that fails to load is refused whole with file, line and reason
//! ([`WatchlistError`]); names are kept as the list prints them here and normalised only by
//! [`crate::matcher`]; dates of birth keep the precision the list gives ([`DateOfBirth`]).

pub mod jsonl;
pub mod ofac;
pub mod synthetic;
pub mod un;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::pnr::model::{CountryCode, Gender};

/// Why a watchlist file was refused.
#[derive(Debug, thiserror::Error)]
pub enum WatchlistError {
    #[error("{}: cannot read watchlist file: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}:{line}: {reason}", path.display())]
    Parse {
        path: PathBuf,
        line: u64,
        reason: String,
    },
    #[error("{}: the list holds no screenable person entries", path.display())]
    Empty { path: PathBuf },
}

impl WatchlistError {
    pub(crate) fn parse(path: &Path, line: u64, reason: impl Into<String>) -> Self {
        WatchlistError::Parse {
            path: path.to_path_buf(),
            line,
            reason: reason.into(),
        }
    }

    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        WatchlistError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// The formats a list can be loaded from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ListFormat {
    /// OFAC legacy CSV: `sdn.csv` plus optional `alt.csv` aliases.
    OfacCsv,
    /// UN Security Council consolidated list XML.
    UnXml,
    /// pnr-screen's native JSON-lines format for national lists.
    Jsonl,
}

/// What kind of subject an entry is; only people are screened against travellers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    Person,
    Entity,
    Vessel,
    Aircraft,
}

/// How much a name on the list can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NameQuality {
    /// The entry's primary name.
    Primary,
    /// A strong alias (OFAC a.k.a./f.k.a./n.k.a., UN "Good" quality).
    Strong,
    /// A weak alias (OFAC quoted a.k.a. in remarks, UN "Low" quality).
    Weak,
}

/// One name of an entry, as printed on the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListName {
    /// The full name as the list prints it (`AL ZAWAHIRI, Dr. Ayman`).
    pub full: String,
    /// The surname, when the list marks it (OFAC `SURNAME, Given`; UN name parts).
    pub surname: Option<String>,
    /// The given names, when the list separates them.
    pub given: Option<String>,
    pub quality: NameQuality,
}

/// A date of birth at the precision the list gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "precision", rename_all = "snake_case")]
pub enum DateOfBirth {
    Date {
        date: NaiveDate,
    },
    Month {
        year: i32,
        month: u32,
    },
    Year {
        year: i32,
    },
    /// An inclusive range of years (`1960 to 1962`, UN BETWEEN).
    Range {
        from: i32,
        to: i32,
    },
    /// An approximate year (`circa 1960`, UN APPROXIMATELY).
    Circa {
        year: i32,
    },
}

impl std::fmt::Display for DateOfBirth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DateOfBirth::Date { date } => write!(f, "{}", date.format("%Y-%m-%d")),
            DateOfBirth::Month { year, month } => write!(f, "{year:04}-{month:02}"),
            DateOfBirth::Year { year } => write!(f, "{year:04}"),
            DateOfBirth::Range { from, to } => write!(f, "{from:04}..{to:04}"),
            DateOfBirth::Circa { year } => write!(f, "circa {year:04}"),
        }
    }
}

/// An identity or travel document number the list gives for an entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListDocument {
    /// `passport`, `national_id`, … as the list names it, lower-cased.
    pub doc_type: Option<String>,
    /// The number as printed.
    pub number: String,
    pub country: Option<CountryCode>,
}

/// One listed subject.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The list's own identifier (OFAC ent_num, UN reference number, …).
    pub entry_id: String,
    pub kind: EntryKind,
    /// The primary name first, then aliases.
    pub names: Vec<ListName>,
    pub dates_of_birth: Vec<DateOfBirth>,
    pub nationalities: Vec<CountryCode>,
    pub gender: Option<Gender>,
    pub documents: Vec<ListDocument>,
    /// Sanctions programmes or list sections (`SDGT`, `QDi`, …).
    pub programs: Vec<String>,
}

impl Entry {
    /// The entry's primary name (the first name loaded).
    pub fn primary_name(&self) -> &str {
        self.names.first().map(|n| n.full.as_str()).unwrap_or("")
    }
}

/// Configuration of one list, as given in `[[watchlists]]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListSpec {
    pub id: String,
    pub name: String,
    pub legal_basis: Option<String>,
    pub format: ListFormat,
    pub path: PathBuf,
    /// OFAC only: the alias file (`alt.csv`).
    pub alt_path: Option<PathBuf>,
    /// Score at or above which a candidate becomes a hit for this list.
    pub threshold: f64,
}

/// One loaded list.
#[derive(Debug, Clone)]
pub struct Watchlist {
    pub id: String,
    pub name: String,
    pub legal_basis: Option<String>,
    /// Content version: a hash of the source files (`sha256:` + 16 hex digits).
    pub version: String,
    pub threshold: f64,
    pub entries: Vec<Entry>,
    /// Entries of other kinds (entities, vessels, aircraft) that were not kept.
    pub skipped_non_person: usize,
}

impl Watchlist {
    /// Loads one list from its files.
    ///
    /// # Errors
    /// The file cannot be read, a record is malformed (with file and line), or the list
    /// holds no person entries.
    pub fn load(spec: &ListSpec) -> Result<Self, WatchlistError> {
        let mut hasher = Sha256::new();
        let mut read = |path: &Path| -> Result<Vec<u8>, WatchlistError> {
            let bytes = std::fs::read(path).map_err(|e| WatchlistError::io(path, e))?;
            hasher.update(&bytes);
            Ok(bytes)
        };
        let all = match spec.format {
            ListFormat::OfacCsv => {
                let sdn = read(&spec.path)?;
                let alt = match &spec.alt_path {
                    Some(p) => Some((p.as_path(), read(p)?)),
                    None => None,
                };
                ofac::parse(
                    &spec.path,
                    &sdn,
                    alt.as_ref().map(|(p, b)| (*p, b.as_slice())),
                )?
            }
            ListFormat::UnXml => un::parse(&spec.path, &read(&spec.path)?)?,
            ListFormat::Jsonl => jsonl::parse(&spec.path, &read(&spec.path)?)?,
        };
        let total = all.len();
        let entries: Vec<Entry> = all
            .into_iter()
            .filter(|e| e.kind == EntryKind::Person)
            .collect();
        if entries.is_empty() {
            return Err(WatchlistError::Empty {
                path: spec.path.clone(),
            });
        }
        let digest = hasher.finalize();
        let version = format!(
            "sha256:{}",
            digest[..8]
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        );
        Ok(Watchlist {
            id: spec.id.clone(),
            name: spec.name.clone(),
            legal_basis: spec.legal_basis.clone(),
            version,
            threshold: spec.threshold,
            skipped_non_person: total - entries.len(),
            entries,
        })
    }
}
