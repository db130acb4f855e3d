//! Dates and times as PNRs carry them: calendar dates, dates of birth at the precision
//! given, and points in time with an offset, in airport time, or as a day only.
//!
//! Invariants: a value of these types is a real calendar date (`1951-02-30` is refused,
//! with [`IMPOSSIBLE_DATE`] in the reason); the wire form of each is its string form.

use std::fmt;

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// A calendar date, `YYYY-MM-DD` on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Date(pub NaiveDate);

impl TryFrom<String> for Date {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        match date_numbers(s.trim()) {
            Some((y, m, d)) => calendar_date(y, m, d).map(Date),
            None => Err("expected a date as YYYY-MM-DD".to_owned()),
        }
    }
}

impl From<Date> for String {
    fn from(d: Date) -> String {
        d.0.format("%Y-%m-%d").to_string()
    }
}

/// What an impossible calendar date is told by, in parse errors (the decoder's problem
/// code `Problem::ImpossibleDate` keys on it).
pub(crate) const IMPOSSIBLE_DATE: &str = "no such date";

/// Reads `YYYY-MM-DD` or `YYYYMMDD` into its numbers, without checking the calendar.
fn date_numbers(s: &str) -> Option<(i32, u32, u32)> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        let part = s.get(r)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse::<u32>().ok())?
    };
    let (y, m, d) = match b.len() {
        10 if b[4] == b'-' && b[7] == b'-' => (digits(0..4)?, digits(5..7)?, digits(8..10)?),
        8 => (digits(0..4)?, digits(4..6)?, digits(6..8)?),
        _ => return None,
    };
    Some((i32::try_from(y).ok()?, m, d))
}

/// A calendar date from its numbers, or why not.
fn calendar_date(y: i32, m: u32, d: u32) -> Result<NaiveDate, String> {
    if y == 0 {
        return Err(format!("{IMPOSSIBLE_DATE} (year 0)"));
    }
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| IMPOSSIBLE_DATE.to_owned())
}

/// A date of birth at the precision it was given: a day, a month or a year.
///
/// On the wire: `YYYY-MM-DD` or `YYYYMMDD`; `YYYY-MM`; `YYYY`. API data writes an unknown
/// month or day as `00` (`1951-00-00`, `1951-06-00`), read as year or month precision.
/// A date that does not exist (`1951-02-30`, `0000-00-00`) is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum BirthDate {
    Day(NaiveDate),
    Month { year: i32, month: u32 },
    Year(i32),
}

impl BirthDate {
    /// The earliest and the latest day the date of birth can be.
    pub fn bounds(&self) -> (NaiveDate, NaiveDate) {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN);
        match *self {
            BirthDate::Day(d) => (d, d),
            BirthDate::Month { year, month } => {
                let first = day(year, month, 1);
                let last = first
                    .checked_add_months(chrono::Months::new(1))
                    .and_then(|n| n.pred_opt())
                    .unwrap_or(first);
                (first, last)
            }
            BirthDate::Year(y) => (day(y, 1, 1), day(y, 12, 31)),
        }
    }
}

impl TryFrom<String> for BirthDate {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        const EXPECTED: &str = "expected a date of birth as YYYY-MM-DD, YYYYMMDD, YYYY-MM or YYYY";
        let s = s.trim();
        let year = |t: &str| {
            (t.len() == 4 && t.bytes().all(|c| c.is_ascii_digit()))
                .then(|| t.parse::<i32>().ok())
                .flatten()
        };
        if let Some(y) = year(s) {
            return if y == 0 {
                Err(format!("{IMPOSSIBLE_DATE} (year 0)"))
            } else {
                Ok(BirthDate::Year(y))
            };
        }
        if s.len() == 7 && s.as_bytes()[4] == b'-' {
            let (y, m) = (year(&s[..4]), s[5..].parse::<u32>().ok());
            return match (y, m) {
                (Some(0), Some(_)) => Err(format!("{IMPOSSIBLE_DATE} (year 0)")),
                (Some(y), Some(0)) => Ok(BirthDate::Year(y)),
                (Some(y), Some(m @ 1..=12)) => Ok(BirthDate::Month { year: y, month: m }),
                (Some(_), Some(_)) => Err(IMPOSSIBLE_DATE.to_owned()),
                _ => Err(EXPECTED.to_owned()),
            };
        }
        let (y, m, d) = date_numbers(s).ok_or_else(|| EXPECTED.to_owned())?;
        match (m, d) {
            _ if y == 0 => Err(format!("{IMPOSSIBLE_DATE} (year 0)")),
            (0, 0) => Ok(BirthDate::Year(y)),
            (1..=12, 0) => Ok(BirthDate::Month { year: y, month: m }),
            _ => calendar_date(y, m, d).map(BirthDate::Day),
        }
    }
}

impl From<BirthDate> for String {
    fn from(d: BirthDate) -> String {
        d.to_string()
    }
}

impl fmt::Display for BirthDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BirthDate::Day(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            BirthDate::Month { year, month } => write!(f, "{year:04}-{month:02}"),
            BirthDate::Year(y) => write!(f, "{y:04}"),
        }
    }
}

/// A point in time: RFC 3339 with an offset, or a local date-time (airport time) without
/// one, or only the local day when no time was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum DateTime {
    Zoned(chrono::DateTime<chrono::FixedOffset>),
    Local(NaiveDateTime),
    /// A local day without a time (`2026-03-01`).
    Day(NaiveDate),
}

impl DateTime {
    /// The wall-clock time, ignoring any offset (for day arithmetic on local times); a day
    /// without a time is taken at noon, at most twelve hours off.
    pub fn naive_local(&self) -> NaiveDateTime {
        match self {
            DateTime::Zoned(t) => t.naive_local(),
            DateTime::Local(t) => *t,
            DateTime::Day(d) => d.and_time(chrono::NaiveTime::MIN) + chrono::Duration::hours(12),
        }
    }

    /// Whether the time of day is known (not [`DateTime::Day`]).
    pub fn has_time(&self) -> bool {
        !matches!(self, DateTime::Day(_))
    }
}

impl TryFrom<String> for DateTime {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        if let Ok(t) = chrono::DateTime::parse_from_rfc3339(&s) {
            return Ok(DateTime::Zoned(t));
        }
        if let Ok(t) = chrono::DateTime::parse_from_str(&s, "%Y-%m-%dT%H:%M%:z") {
            return Ok(DateTime::Zoned(t));
        }
        for fmt in [
            "%Y-%m-%dT%H:%M:%S",
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%d %H:%M",
        ] {
            if let Ok(t) = NaiveDateTime::parse_from_str(&s, fmt) {
                return Ok(DateTime::Local(t));
            }
        }
        if let Some((y, m, d)) = date_numbers(s.trim()) {
            return calendar_date(y, m, d).map(DateTime::Day);
        }
        Err(
            "expected an RFC 3339 date-time, a local date-time YYYY-MM-DDTHH:MM[:SS] or a day \
             YYYY-MM-DD"
                .to_owned(),
        )
    }
}

impl From<DateTime> for String {
    fn from(d: DateTime) -> String {
        match d {
            DateTime::Zoned(t) => t.to_rfc3339(),
            DateTime::Local(t) => t.format("%Y-%m-%dT%H:%M:%S").to_string(),
            DateTime::Day(d) => d.format("%Y-%m-%d").to_string(),
        }
    }
}
