//! What the decoder found wrong in a received PNR: data-quality flags and the reasons a
//! traveller's name cannot be screened.
//!
//! Invariants: [`Problem`] and [`UnusableName`] are closed sets (metric labels); a
//! [`QualityFlag`] holds a field path and a problem code, and a raw value only of codes and
//! dates, never of names, numbers or free text.

use serde::Serialize;

/// One problem the decoder found in a received PNR.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QualityFlag {
    /// Where: the JSON path (`travellers[0].date_of_birth`).
    pub path: String,
    pub problem: Problem,
    /// The value as received, kept for codes and dates only (`ZZZ`, `1951-02-30`): never
    /// a name, a number or free text, and at most 40 characters.
    pub raw: Option<String>,
}

/// What was wrong with a received field: a closed set, used as a metric label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    /// A JSON type other than the one expected (a number for a string, …); left out.
    WrongType,
    /// Not in any accepted format; left out.
    InvalidFormat,
    /// A code that no table knows (a country, a passenger type, …): left out, or kept as
    /// `other` where the field has that value.
    UnknownCode,
    /// A date that does not exist (`1951-02-30`, `0000-00-00`); left out.
    ImpossibleDate,
    /// A required part is missing, so the element it belongs to is left out.
    Missing,
    /// Longer than the field allows; left out.
    TooLong,
    /// A departure or arrival given as a day without a time: kept at day precision.
    DateWithoutTime,
    /// `name` and `surname`/`given_names` disagree: both are screened.
    NamesDisagree,
    /// The traveller's name cannot be screened (see [`UnusableName`]).
    UnusableName,
}

impl Problem {
    pub fn as_str(&self) -> &'static str {
        match self {
            Problem::WrongType => "wrong_type",
            Problem::InvalidFormat => "invalid_format",
            Problem::UnknownCode => "unknown_code",
            Problem::ImpossibleDate => "impossible_date",
            Problem::Missing => "missing",
            Problem::TooLong => "too_long",
            Problem::DateWithoutTime => "date_without_time",
            Problem::NamesDisagree => "names_disagree",
            Problem::UnusableName => "unusable_name",
        }
    }

    /// Every problem, for initialising metric series.
    pub const ALL: [Problem; 9] = [
        Problem::WrongType,
        Problem::InvalidFormat,
        Problem::UnknownCode,
        Problem::ImpossibleDate,
        Problem::Missing,
        Problem::TooLong,
        Problem::DateWithoutTime,
        Problem::NamesDisagree,
        Problem::UnusableName,
    ];
}

/// Why a traveller's name cannot be screened; such a traveller is alerted as unscreenable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnusableName {
    /// No name at all (no `surname`, no `name`, or only blanks).
    Missing,
    /// Only placeholders: `FNU`, `LNU`, `UNKNOWN`, `*`, `/`, `-`, `?`, `X`.
    Placeholder,
    /// Nothing a name is made of is left after normalisation (digits, symbols, single
    /// letters).
    NoLetters,
}

impl UnusableName {
    pub fn as_str(&self) -> &'static str {
        match self {
            UnusableName::Missing => "missing",
            UnusableName::Placeholder => "placeholder",
            UnusableName::NoLetters => "no_letters",
        }
    }

    pub const ALL: [UnusableName; 3] = [
        UnusableName::Missing,
        UnusableName::Placeholder,
        UnusableName::NoLetters,
    ];
}
