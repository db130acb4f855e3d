//! The one entry model every list format loads into: names with their quality, dates of
//! birth at the precision the list gives, nationalities, gender, documents, programmes.
//!
//! Invariants: names are kept as the list prints them (normalised only by the matcher);
//! an entry keeps the list's own id (`entry_id`: OFAC ent_num, UN reference number, …).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::pnr::model::{CountryCode, Gender};

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
