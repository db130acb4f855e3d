//! Corroborating evidence beside the name: date of birth, nationality, gender, document.
//!
//! Each feature is compared at the precision the list gives and reported as
//! [`Outcome::Match`], [`Outcome::Mismatch`] or [`Outcome::Unknown`] with the values that
//! decided it, so an analyst can see why a score moved.
//!
//! Invariants: a missing value on either side is `Unknown`, never `Mismatch`; document
//! numbers are compared after removing everything but letters and digits.

use serde::Serialize;

use crate::pnr::model::{BirthDate, CountryCode, Gender, TravelDocument};
use crate::watchlist::{DateOfBirth, ListDocument};

/// The result of comparing one feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Match,
    /// Close but not equal: a date of birth with day and month swapped; a name that aligns
    /// in part but stays below the threshold.
    Partial,
    Mismatch,
    Unknown,
}

/// One compared feature with the values behind the outcome.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Feature {
    pub result: Outcome,
    /// The traveller's value, as compared.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub traveller: Option<String>,
    /// The list's values, as compared (the matching one first when there is a match).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub list: Vec<String>,
}

impl Feature {
    fn unknown(traveller: Option<String>, list: Vec<String>) -> Self {
        Feature {
            result: Outcome::Unknown,
            traveller,
            list,
        }
    }
}

/// Whether a date of birth is compatible with one list DOB, compared at the coarser of
/// both precisions (a traveller's year against a listed day compares years). `circa_years`
/// widens approximate years.
pub(crate) fn dob_matches(dob: BirthDate, spec: &DateOfBirth, circa_years: i32) -> bool {
    use chrono::Datelike;
    let y = match dob {
        BirthDate::Day(d) => d.year(),
        BirthDate::Month { year, .. } | BirthDate::Year(year) => year,
    };
    let month = |listed: u32| match dob {
        BirthDate::Day(d) => d.month() == listed,
        BirthDate::Month { month, .. } => month == listed,
        BirthDate::Year(_) => true,
    };
    match *spec {
        DateOfBirth::Date { date } => match dob {
            BirthDate::Day(d) => date == d,
            _ => date.year() == y && month(date.month()),
        },
        DateOfBirth::Month { year, month: m } => year == y && month(m),
        DateOfBirth::Year { year } => year == y,
        DateOfBirth::Range { from, to } => (from..=to).contains(&y),
        DateOfBirth::Circa { year } => (year - circa_years..=year + circa_years).contains(&y),
    }
}

/// Whether `dob` is one slip away from a list DOB: day and month swapped (05/07 vs
/// 07/05; against a month and year, a day equal to the listed month), or exactly one of
/// year, month, day off by one (a keying error), at the coarser precision of both; for a
/// range or a circa year, a year one beyond its ends.
fn near_miss(dob: BirthDate, spec: &DateOfBirth, circa_years: i32) -> bool {
    use chrono::Datelike;
    // Year and month of the traveller's date, at its precision.
    let (y, m) = match dob {
        BirthDate::Day(d) => (d.year(), Some(d.month())),
        BirthDate::Month { year, month } => (year, Some(month)),
        BirthDate::Year(year) => (year, None),
    };
    // Year, then month, each one off with the rest equal.
    let one_off = |ly: i32, lm: Option<u32>| match (m, lm) {
        (Some(m), Some(lm)) => (ly == y && lm.abs_diff(m) == 1) || (ly.abs_diff(y) == 1 && lm == m),
        _ => ly.abs_diff(y) == 1,
    };
    match (dob, *spec) {
        (BirthDate::Day(dob), DateOfBirth::Date { date }) => {
            let (d, m) = (dob.day(), dob.month());
            let (ly, lm, ld) = (date.year(), date.month(), date.day());
            let swapped = ly == y && lm != m && ld == m && lm == d;
            let off = [ly.abs_diff(y), lm.abs_diff(m), ld.abs_diff(d)];
            let one_off = off.iter().filter(|x| **x == 1).count() == 1
                && off.iter().filter(|x| **x == 0).count() == 2;
            swapped || one_off
        }
        (_, DateOfBirth::Date { date }) => one_off(date.year(), Some(date.month())),
        (BirthDate::Day(dob), DateOfBirth::Month { year, month }) => {
            // The listed month read as the day: 1956-08-05 against May 1956.
            let swapped = year == y && month != dob.month() && dob.day() == month;
            swapped || one_off(year, Some(month))
        }
        (_, DateOfBirth::Month { year, month }) => one_off(year, Some(month)),
        (_, DateOfBirth::Year { year }) => year.abs_diff(y) == 1,
        (_, DateOfBirth::Range { from, to }) => y == from - 1 || y == to + 1,
        (_, DateOfBirth::Circa { year }) => (y - year).abs() == circa_years + 1,
    }
}

/// Compares the traveller's date of birth with every DOB the list gives, at each one's
/// precision; a day/month swap or a single component off by one is a partial match.
pub(crate) fn date_of_birth(
    traveller: Option<BirthDate>,
    list: &[DateOfBirth],
    circa_years: i32,
) -> Feature {
    let list_values: Vec<String> = list.iter().map(ToString::to_string).collect();
    let Some(dob) = traveller else {
        return Feature::unknown(None, list_values);
    };
    let shown = Some(dob.to_string());
    if list.is_empty() {
        return Feature::unknown(shown, list_values);
    }
    let found = list
        .iter()
        .position(|s| dob_matches(dob, s, circa_years))
        .map(|i| (i, Outcome::Match))
        .or_else(|| {
            list.iter()
                .position(|s| near_miss(dob, s, circa_years))
                .map(|i| (i, Outcome::Partial))
        });
    match found {
        Some((i, result)) => {
            let mut values = list_values;
            values.swap(0, i);
            Feature {
                result,
                traveller: shown,
                list: values,
            }
        }
        None => Feature {
            result: Outcome::Mismatch,
            traveller: shown,
            list: list_values,
        },
    }
}

/// Compares nationality; document issuing countries count as the traveller's too. Codes that
/// name no state (`XXA` stateless, `XXB` refugee, `UNO`, `GBN`, …) count as unknown.
pub(crate) fn nationality(
    traveller: Option<CountryCode>,
    documents: &[TravelDocument],
    list: &[CountryCode],
) -> Feature {
    let list_values: Vec<String> = list.iter().map(ToString::to_string).collect();
    // A status or an organisation (XXA stateless, XXB refugee, UNO, …) is no nationality:
    // it neither matches nor contradicts the list.
    let mut mine: Vec<CountryCode> = traveller
        .into_iter()
        .filter(CountryCode::is_state)
        .collect();
    mine.extend(
        documents
            .iter()
            .filter_map(|d| d.issuing_country)
            .filter(CountryCode::is_state),
    );
    mine.dedup();
    let shown = traveller
        .or_else(|| mine.first().copied())
        .map(|c| c.to_string());
    if mine.is_empty() || list.is_empty() {
        return Feature::unknown(shown, list_values);
    }
    match mine.iter().find(|c| list.contains(c)) {
        Some(c) => Feature {
            result: Outcome::Match,
            traveller: Some(c.to_string()),
            list: vec![c.to_string()],
        },
        None => Feature {
            result: Outcome::Mismatch,
            traveller: shown,
            list: list_values,
        },
    }
}

/// Compares genders; `X` on either side is treated as unknown. Without a declared gender
/// (API data, SSR DOCS) the traveller's is the one the booking's name title states
/// ([`Gender::of_title`]), shown as `F (title MISS)`.
pub(crate) fn gender(
    traveller: Option<Gender>,
    title: Option<&str>,
    list: Option<Gender>,
) -> Feature {
    let shown = |g: Option<Gender>| g.map(|g| g.as_str().to_owned());
    let titled = traveller
        .is_none()
        .then(|| title.and_then(|t| Some((Gender::of_title(t)?, t.trim()))))
        .flatten();
    let traveller = traveller.or(titled.map(|(g, _)| g));
    let traveller_shown = || match titled {
        Some((g, t)) => Some(format!("{} (title {t})", g.as_str())),
        None => shown(traveller),
    };
    match (traveller, list) {
        (Some(a), Some(b)) if a != Gender::Unspecified && b != Gender::Unspecified => Feature {
            result: if a == b {
                Outcome::Match
            } else {
                Outcome::Mismatch
            },
            traveller: traveller_shown(),
            list: shown(Some(b)).into_iter().collect(),
        },
        (_, b) => Feature::unknown(traveller_shown(), shown(b).into_iter().collect()),
    }
}

/// Normalises a document number for exact comparison: letters and digits, upper-case.
pub(crate) fn normalize_document(number: &str) -> String {
    number
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Normalised document numbers shorter than this never match (nor are they indexed): too
/// many documents share them for a match to identify anyone.
pub(crate) const MIN_DOCUMENT_LEN: usize = 4;

/// Compares travel documents. A match needs the same normalised number of at least
/// [`MIN_DOCUMENT_LEN`] characters and, when both sides give one, the same issuing country.
pub(crate) fn document(traveller: &[TravelDocument], list: &[ListDocument]) -> Feature {
    if traveller.is_empty() || list.is_empty() {
        return Feature::unknown(None, Vec::new());
    }
    for t in traveller {
        let tn = normalize_document(&t.number);
        if tn.len() < MIN_DOCUMENT_LEN {
            continue;
        }
        for l in list {
            let country_ok = match (t.issuing_country, l.country) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            };
            if country_ok && normalize_document(&l.number) == tn {
                return Feature {
                    result: Outcome::Match,
                    traveller: Some(describe(&t.doc_type, &t.number, t.issuing_country)),
                    list: vec![describe(
                        l.doc_type.as_deref().unwrap_or("document"),
                        &l.number,
                        l.country,
                    )],
                };
            }
        }
    }
    Feature {
        result: Outcome::Mismatch,
        traveller: None,
        list: Vec::new(),
    }
}

fn describe(kind: &str, number: &str, country: Option<CountryCode>) -> String {
    match country {
        Some(c) => format!("{kind} {number} ({c})"),
        None => format!("{kind} {number}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    fn b(s: &str) -> BirthDate {
        BirthDate::try_from(s.to_owned()).expect("date of birth")
    }

    #[test]
    fn dob_precision() {
        let dob = b("1960-06-10");
        assert!(dob_matches(
            dob,
            &DateOfBirth::Date {
                date: d("1960-06-10")
            },
            2
        ));
        assert!(!dob_matches(
            dob,
            &DateOfBirth::Date {
                date: d("1960-06-11")
            },
            2
        ));
        assert!(dob_matches(
            dob,
            &DateOfBirth::Month {
                year: 1960,
                month: 6
            },
            2
        ));
        assert!(dob_matches(dob, &DateOfBirth::Year { year: 1960 }, 2));
        assert!(!dob_matches(dob, &DateOfBirth::Year { year: 1961 }, 2));
        assert!(dob_matches(
            dob,
            &DateOfBirth::Range {
                from: 1958,
                to: 1962
            },
            2
        ));
        assert!(dob_matches(dob, &DateOfBirth::Circa { year: 1962 }, 2));
        assert!(!dob_matches(dob, &DateOfBirth::Circa { year: 1963 }, 2));
    }

    #[test]
    fn near_misses_are_partial() {
        let list = [DateOfBirth::Date {
            date: d("1970-05-07"),
        }];
        for partial in ["1970-07-05", "1971-05-07", "1970-06-07", "1970-05-08"] {
            assert_eq!(
                date_of_birth(Some(b(partial)), &list, 2).result,
                Outcome::Partial,
                "{partial}"
            );
        }
        for mismatch in ["1970-07-06", "1972-05-07", "1971-06-07", "1980-05-07"] {
            assert_eq!(
                date_of_birth(Some(b(mismatch)), &list, 2).result,
                Outcome::Mismatch,
                "{mismatch}"
            );
        }
        let year = [DateOfBirth::Year { year: 1970 }];
        assert_eq!(
            date_of_birth(Some(b("1971-01-01")), &year, 2).result,
            Outcome::Partial
        );
        // Against a month and year, a day equal to the listed month is a swap; a month
        // two away is not.
        let month = [DateOfBirth::Month {
            year: 1956,
            month: 5,
        }];
        for (dob, result) in [
            ("1956-08-05", Outcome::Partial),
            ("1956-05-20", Outcome::Match),
            ("1956-07-06", Outcome::Mismatch),
            ("1957-08-05", Outcome::Mismatch),
        ] {
            assert_eq!(
                date_of_birth(Some(b(dob)), &month, 2).result,
                result,
                "{dob}"
            );
        }
        // A year one beyond a range or a circa window (here ±2) is a slip too; two is not.
        let range = [DateOfBirth::Range {
            from: 1973,
            to: 1975,
        }];
        let circa = [DateOfBirth::Circa { year: 1960 }];
        for (dob, list, result) in [
            ("1972-02-15", &range[..], Outcome::Partial),
            ("1976-02-15", &range[..], Outcome::Partial),
            ("1971-02-15", &range[..], Outcome::Mismatch),
            ("1957-02-15", &circa[..], Outcome::Partial),
            ("1963-02-15", &circa[..], Outcome::Partial),
            ("1964-02-15", &circa[..], Outcome::Mismatch),
        ] {
            assert_eq!(date_of_birth(Some(b(dob)), list, 2).result, result, "{dob}");
        }
    }

    /// A traveller's DOB given as a year or a month is compared at that precision.
    #[test]
    fn a_year_or_month_of_birth_compares_at_its_precision() {
        let day = [DateOfBirth::Date {
            date: d("1951-06-19"),
        }];
        let month = [DateOfBirth::Month {
            year: 1951,
            month: 6,
        }];
        let year = [DateOfBirth::Year { year: 1951 }];
        for (dob, list, result) in [
            ("1951", &day[..], Outcome::Match),
            ("1951-06", &day[..], Outcome::Match),
            ("19510619", &day[..], Outcome::Match),
            ("1951-00-00", &day[..], Outcome::Match),
            ("1951-07", &day[..], Outcome::Partial),
            ("1952", &day[..], Outcome::Partial),
            ("1953", &day[..], Outcome::Mismatch),
            ("1951-09", &day[..], Outcome::Mismatch),
            ("1951-06", &month[..], Outcome::Match),
            ("1950-06", &month[..], Outcome::Partial),
            ("1951", &month[..], Outcome::Match),
            ("1951-03", &year[..], Outcome::Match),
            ("1950", &year[..], Outcome::Partial),
        ] {
            let f = date_of_birth(Some(b(dob)), list, 2);
            assert_eq!(f.result, result, "{dob} against {list:?}");
        }
        assert_eq!(
            date_of_birth(Some(b("1951-06")), &day, 2)
                .traveller
                .as_deref(),
            Some("1951-06")
        );
    }

    #[test]
    fn missing_values_are_unknown_not_mismatch() {
        assert_eq!(
            date_of_birth(None, &[DateOfBirth::Year { year: 1960 }], 2).result,
            Outcome::Unknown
        );
        assert_eq!(
            date_of_birth(Some(b("1960-01-01")), &[], 2).result,
            Outcome::Unknown
        );
        assert_eq!(
            gender(Some(Gender::Male), None, None).result,
            Outcome::Unknown
        );
        assert_eq!(
            gender(None, Some("DR"), Some(Gender::Male)).result,
            Outcome::Unknown
        );
        assert_eq!(nationality(None, &[], &[]).result, Outcome::Unknown);
        assert_eq!(document(&[], &[]).result, Outcome::Unknown);
    }

    #[test]
    fn a_name_title_states_a_gender_unless_one_is_declared() {
        let (m, f) = (Some(Gender::Male), Some(Gender::Female));
        let miss = gender(None, Some("MISS"), m);
        assert_eq!(miss.result, Outcome::Mismatch);
        assert_eq!(miss.traveller.as_deref(), Some("F (title MISS)"));
        assert_eq!(gender(None, Some("mr"), m).result, Outcome::Match);
        assert_eq!(gender(None, Some("MSTR"), f).result, Outcome::Mismatch);
        assert_eq!(
            gender(None, Some("MRS"), None).traveller.as_deref(),
            Some("F (title MRS)")
        );
        // A declared gender (API data) wins over the title.
        let declared = gender(m, Some("MRS"), m);
        assert_eq!(declared.result, Outcome::Match);
        assert_eq!(declared.traveller.as_deref(), Some("M"));
    }

    #[test]
    fn documents_compare_normalised_numbers_and_country() {
        let egy = CountryCode::parse("EGY");
        let t = vec![TravelDocument {
            doc_type: "P".into(),
            number: "1084-010".into(),
            issuing_country: egy,
            expires_on: None,
        }];
        let l = vec![ListDocument {
            doc_type: Some("passport".into()),
            number: "1084010".into(),
            country: egy,
        }];
        assert_eq!(document(&t, &l).result, Outcome::Match);
        let l2 = vec![ListDocument {
            country: CountryCode::parse("FRA"),
            ..l[0].clone()
        }];
        assert_eq!(document(&t, &l2).result, Outcome::Mismatch);
        // Numbers too short to be indexed never match either (the screen finds document
        // hits through the index).
        let short = |n: &str| {
            let t = vec![TravelDocument {
                number: n.into(),
                ..t[0].clone()
            }];
            let l = vec![ListDocument {
                number: n.into(),
                ..l[0].clone()
            }];
            document(&t, &l).result
        };
        assert_eq!(short("X-12"), Outcome::Mismatch);
        assert_eq!(short("X123"), Outcome::Match);
    }
}
