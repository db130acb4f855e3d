//! Native JSON-lines loader for national lists: one JSON object per line.
//!
//! Blank lines and lines starting with `#` are skipped. Fields: `id` (required, the
//! entry id), `type` (`person` by default, `entity`, `vessel`, `aircraft`), `name`
//! (required, the full name as printed), `surname`, `given_names`, `aliases` (strings are
//! strong aliases; objects `{"name", "quality": "strong" | "weak"}`), `dates_of_birth`
//! (`YYYY-MM-DD`, `YYYY-MM`, `YYYY`, `YYYY..YYYY` range, `~YYYY` circa), `nationalities`
//! (ISO 3166-1 alpha-3 or alpha-2), `gender` (`M`, `F`, `X`), `documents` (`{"type",
//! "number", "country"}`, only `number` required) and `programs`. A worked example:
//!
//! ```text
//! # NL national terrorism list, 2026-03-01
//! {"id": "NL-0001", "name": "DOE, John", "surname": "DOE", "given_names": "John", "aliases": ["Johnny DOE", {"name": "Abu John", "quality": "weak"}], "dates_of_birth": ["1970-05-17", "~1969"], "nationalities": ["NLD", "BE"], "gender": "M", "documents": [{"type": "passport", "number": "NX1234567", "country": "NLD"}], "programs": ["NL-TERR"]}
//! {"id": "NL-0002", "name": "Jane ROE", "dates_of_birth": ["1980-02", "1979..1981"]}
//! {"id": "NL-0003", "type": "entity", "name": "ACME TRADING B.V.", "aliases": ["ACME"]}
//! ```
//!
//! Invariants: every entry is returned (all kinds; the caller filters persons) with
//! `entry_id` = the trimmed `id`; unknown fields, a missing or empty `id` or `name`, an
//! unknown type, country code, gender or date form, invalid UTF-8, or an `id` already used
//! on an earlier line refuses the whole file, naming the 1-based line (and for JSON errors
//! serde's message and column). Document types are stored lower-cased.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;

use super::entry::{DateOfBirth, Entry, EntryKind, ListDocument, ListName, NameQuality};
use super::error::WatchlistError;
use crate::pnr::model::{CountryCode, Gender};

/// One line of the file, as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Record {
    id: String,
    #[serde(rename = "type", default)]
    kind: Kind,
    name: String,
    surname: Option<String>,
    given_names: Option<String>,
    #[serde(default)]
    aliases: Vec<Alias>,
    #[serde(default)]
    dates_of_birth: Vec<Dob>,
    #[serde(default)]
    nationalities: Vec<Country>,
    gender: Option<Gender>,
    #[serde(default)]
    documents: Vec<Document>,
    #[serde(default)]
    programs: Vec<String>,
}

#[derive(Debug, Default, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Kind {
    #[default]
    Person,
    Entity,
    Vessel,
    Aircraft,
}

impl From<Kind> for EntryKind {
    fn from(kind: Kind) -> Self {
        match kind {
            Kind::Person => EntryKind::Person,
            Kind::Entity => EntryKind::Entity,
            Kind::Vessel => EntryKind::Vessel,
            Kind::Aircraft => EntryKind::Aircraft,
        }
    }
}

#[derive(Debug, Default, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
enum AliasQuality {
    #[default]
    Strong,
    Weak,
}

/// An alias: a plain string (strong) or `{"name", "quality"}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AliasObject {
    name: String,
    #[serde(default)]
    quality: AliasQuality,
}

#[derive(Debug)]
struct Alias(AliasObject);

impl<'de> Deserialize<'de> for Alias {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AliasVisitor;

        impl<'de> Visitor<'de> for AliasVisitor {
            type Value = Alias;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an alias name or an object {\"name\", \"quality\"}")
            }

            fn visit_str<E: de::Error>(self, name: &str) -> Result<Alias, E> {
                Ok(Alias(AliasObject {
                    name: name.to_owned(),
                    quality: AliasQuality::Strong,
                }))
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Alias, A::Error> {
                AliasObject::deserialize(de::value::MapAccessDeserializer::new(map)).map(Alias)
            }
        }

        deserializer.deserialize_any(AliasVisitor)
    }
}

/// A date of birth in one of the file's five forms.
#[derive(Debug, Deserialize)]
#[serde(try_from = "String")]
struct Dob(DateOfBirth);

impl TryFrom<String> for Dob {
    type Error = String;

    fn try_from(text: String) -> Result<Self, String> {
        parse_dob(text.trim()).map(Dob).ok_or_else(|| {
            format!("date of birth `{text}` is not YYYY-MM-DD, YYYY-MM, YYYY, YYYY..YYYY or ~YYYY")
        })
    }
}

/// An ISO 3166-1 alpha-3 or alpha-2 code.
#[derive(Debug, Deserialize)]
#[serde(try_from = "String")]
struct Country(CountryCode);

impl TryFrom<String> for Country {
    type Error = String;

    fn try_from(code: String) -> Result<Self, String> {
        CountryCode::parse(&code).map(Country).ok_or_else(|| {
            format!("unknown country code `{code}` (expected ISO 3166-1 alpha-3 or alpha-2)")
        })
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Document {
    #[serde(rename = "type")]
    doc_type: Option<String>,
    number: String,
    country: Option<Country>,
}

/// Parses a JSON-lines list into entries of every kind.
///
/// # Errors
/// A line is not valid UTF-8 or JSON, does not fit the format, or repeats an earlier id;
/// the error names the file and line.
pub(crate) fn parse(path: &Path, bytes: &[u8]) -> Result<Vec<Entry>, WatchlistError> {
    let mut entries = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    for (index, raw) in bytes.split(|b| *b == b'\n').enumerate() {
        let line = u64::try_from(index).map_or(u64::MAX, |i| i + 1);
        let text = std::str::from_utf8(raw)
            .map_err(|_| WatchlistError::parse(path, line, "invalid UTF-8"))?;
        let text = text.trim_start_matches('\u{feff}').trim();
        if text.is_empty() || text.starts_with('#') {
            continue;
        }
        let record: Record = serde_json::from_str(text).map_err(|e| json_error(path, line, &e))?;
        let entry = entry(record).map_err(|reason| WatchlistError::parse(path, line, reason))?;
        if let Some(first) = seen.insert(entry.entry_id.clone(), line) {
            let reason = format!(
                "duplicate id `{}`: already used on line {first}, again on line {line}",
                entry.entry_id
            );
            return Err(WatchlistError::parse(path, line, reason));
        }
        entries.push(entry);
    }
    Ok(entries)
}

/// serde's message with its column; the line is the file's, not serde's (always 1).
fn json_error(path: &Path, line: u64, error: &serde_json::Error) -> WatchlistError {
    let message = error.to_string();
    let position = format!(" at line {} column {}", error.line(), error.column());
    let message = message.strip_suffix(&position).unwrap_or(&message);
    WatchlistError::parse(path, line, format!("{message} (column {})", error.column()))
}

/// Checks what serde cannot (required text is not blank) and builds the entry.
fn entry(record: Record) -> Result<Entry, String> {
    let entry_id = required(&record.id, "id")?;
    let kind = EntryKind::from(record.kind);
    let mut names = vec![ListName {
        full: required(&record.name, "name")?,
        surname: record.surname.as_deref().and_then(non_empty),
        given: record.given_names.as_deref().and_then(non_empty),
        quality: NameQuality::Primary,
    }];
    for Alias(alias) in record.aliases {
        names.push(ListName {
            full: required(&alias.name, "alias name")?,
            surname: None,
            given: None,
            quality: match alias.quality {
                AliasQuality::Strong => NameQuality::Strong,
                AliasQuality::Weak => NameQuality::Weak,
            },
        });
    }
    names.sort_by_key(|n| n.quality);
    let documents = record
        .documents
        .into_iter()
        .map(document)
        .collect::<Result<Vec<_>, String>>()?;
    let mut nationalities: Vec<CountryCode> = Vec::new();
    for Country(code) in record.nationalities {
        if !nationalities.contains(&code) {
            nationalities.push(code);
        }
    }
    Ok(Entry {
        entry_id,
        kind,
        names,
        dates_of_birth: record.dates_of_birth.into_iter().map(|Dob(d)| d).collect(),
        nationalities,
        gender: record.gender,
        documents,
        programs: record
            .programs
            .iter()
            .filter_map(|p| non_empty(p))
            .collect(),
    })
}

fn document(document: Document) -> Result<ListDocument, String> {
    Ok(ListDocument {
        doc_type: document
            .doc_type
            .as_deref()
            .and_then(non_empty)
            .map(|t| t.to_lowercase()),
        number: required(&document.number, "document number")?,
        country: document.country.map(|Country(c)| c),
    })
}

fn required(value: &str, field: &str) -> Result<String, String> {
    non_empty(value).ok_or_else(|| format!("`{field}` is empty"))
}

fn non_empty(value: &str) -> Option<String> {
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_owned())
}

/// `YYYY-MM-DD`, `YYYY-MM`, `YYYY`, `YYYY..YYYY` or `~YYYY`.
fn parse_dob(text: &str) -> Option<DateOfBirth> {
    if let Some(year) = text.strip_prefix('~') {
        return year_number(year).map(|year| DateOfBirth::Circa { year });
    }
    if let Some((from, to)) = text.split_once("..") {
        let (from, to) = (year_number(from)?, year_number(to)?);
        return (from <= to).then_some(DateOfBirth::Range { from, to });
    }
    match text.len() {
        10 => NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .ok()
            .map(|date| DateOfBirth::Date { date }),
        7 => {
            let (year, month) = text.split_once('-')?;
            let month = two_digits(month).filter(|m| (1..=12).contains(m))?;
            Some(DateOfBirth::Month {
                year: year_number(year)?,
                month,
            })
        }
        _ => year_number(text).map(|year| DateOfBirth::Year { year }),
    }
}

fn year_number(text: &str) -> Option<i32> {
    let valid = text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit());
    valid.then(|| text.parse().ok()).flatten()
}

fn two_digits(text: &str) -> Option<u32> {
    let valid = text.len() == 2 && text.bytes().all(|b| b.is_ascii_digit());
    valid.then(|| text.parse().ok()).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> &'static Path {
        Path::new("nl.jsonl")
    }

    fn one(line: &str) -> Entry {
        let mut entries = parse(p(), line.as_bytes()).expect("parses");
        assert_eq!(entries.len(), 1);
        entries.remove(0)
    }

    fn error(text: &str) -> (u64, String) {
        match parse(p(), text.as_bytes()).expect_err(text) {
            WatchlistError::Parse { line, reason, .. } => (line, reason),
            other => panic!("expected a parse error, got {other}"),
        }
    }

    /// The worked example of the module header.
    const EXAMPLE: &str = r#"# NL national terrorism list, 2026-03-01
{"id": "NL-0001", "name": "DOE, John", "surname": "DOE", "given_names": "John", "aliases": ["Johnny DOE", {"name": "Abu John", "quality": "weak"}], "dates_of_birth": ["1970-05-17", "~1969"], "nationalities": ["NLD", "BE"], "gender": "M", "documents": [{"type": "passport", "number": "NX1234567", "country": "NLD"}], "programs": ["NL-TERR"]}
{"id": "NL-0002", "name": "Jane ROE", "dates_of_birth": ["1980-02", "1979..1981"]}
{"id": "NL-0003", "type": "entity", "name": "ACME TRADING B.V.", "aliases": ["ACME"]}
"#;

    #[test]
    fn worked_example() {
        let entries = parse(p(), EXAMPLE.as_bytes()).expect("example parses");
        assert_eq!(entries.len(), 3);
        let doe = entries.first().expect("doe");
        assert_eq!(doe.entry_id, "NL-0001");
        assert_eq!(doe.kind, EntryKind::Person);
        let primary = doe.names.first().expect("primary");
        assert_eq!(primary.full, "DOE, John");
        assert_eq!(primary.surname.as_deref(), Some("DOE"));
        assert_eq!(primary.given.as_deref(), Some("John"));
        let names: Vec<(&str, NameQuality)> = doe
            .names
            .iter()
            .map(|n| (n.full.as_str(), n.quality))
            .collect();
        assert_eq!(
            names,
            [
                ("DOE, John", NameQuality::Primary),
                ("Johnny DOE", NameQuality::Strong),
                ("Abu John", NameQuality::Weak),
            ]
        );
        let date = NaiveDate::from_ymd_opt(1970, 5, 17).expect("valid");
        assert_eq!(
            doe.dates_of_birth,
            [
                DateOfBirth::Date { date },
                DateOfBirth::Circa { year: 1969 }
            ]
        );
        let nat: Vec<&str> = doe.nationalities.iter().map(CountryCode::as_str).collect();
        assert_eq!(nat, ["NLD", "BEL"]);
        assert_eq!(doe.gender, Some(Gender::Male));
        let passport = doe.documents.first().expect("document");
        assert_eq!(passport.doc_type.as_deref(), Some("passport"));
        assert_eq!(passport.number, "NX1234567");
        assert_eq!(
            passport.country.as_ref().map(CountryCode::as_str),
            Some("NLD")
        );
        assert_eq!(doe.programs, ["NL-TERR"]);

        let roe = entries.get(1).expect("roe");
        assert_eq!(
            roe.dates_of_birth,
            [
                DateOfBirth::Month {
                    year: 1980,
                    month: 2
                },
                DateOfBirth::Range {
                    from: 1979,
                    to: 1981
                }
            ]
        );
        assert_eq!(roe.names.first().and_then(|n| n.surname.as_deref()), None);
        assert_eq!(entries.get(2).map(|e| e.kind), Some(EntryKind::Entity));
    }

    #[test]
    fn dob_forms() {
        let date = NaiveDate::from_ymd_opt(1960, 1, 31).expect("valid");
        assert_eq!(parse_dob("1960-01-31"), Some(DateOfBirth::Date { date }));
        assert_eq!(
            parse_dob("1960-12"),
            Some(DateOfBirth::Month {
                year: 1960,
                month: 12
            })
        );
        assert_eq!(parse_dob("1960"), Some(DateOfBirth::Year { year: 1960 }));
        assert_eq!(
            parse_dob("1960..1962"),
            Some(DateOfBirth::Range {
                from: 1960,
                to: 1962
            })
        );
        assert_eq!(parse_dob("~1960"), Some(DateOfBirth::Circa { year: 1960 }));
        for bad in [
            "1960-02-30",
            "1960-13",
            "1960-1",
            "60",
            "1962..1960",
            "~60",
            "",
            "circa 1960",
        ] {
            assert_eq!(parse_dob(bad), None, "{bad}");
        }
    }

    #[test]
    fn kinds_gender_and_blank_lines() {
        let text = "\n# comment\n  \r\n{\"id\":\"a\",\"type\":\"vessel\",\"name\":\"V\"}\r\n\
                    {\"id\":\"b\",\"type\":\"aircraft\",\"name\":\"A\",\"gender\":\"X\"}\n";
        let entries = parse(p(), text.as_bytes()).expect("parses");
        let kinds: Vec<EntryKind> = entries.iter().map(|e| e.kind).collect();
        assert_eq!(kinds, [EntryKind::Vessel, EntryKind::Aircraft]);
        assert_eq!(
            entries.get(1).and_then(|e| e.gender),
            Some(Gender::Unspecified)
        );
        assert_eq!(
            one(r#"{"id":"x","name":"Y","gender":"F"}"#).gender,
            Some(Gender::Female)
        );
        let e = one(r#"{"id":" x ","name":"Y","documents":[{"number":"1","type":"National ID"}]}"#);
        assert_eq!(e.entry_id, "x");
        let doc = e.documents.first().expect("document");
        assert_eq!(
            (doc.doc_type.as_deref(), doc.country),
            (Some("national id"), None)
        );
        assert!(parse(p(), b"").expect("empty file").is_empty());
    }

    #[test]
    fn errors_name_line_and_reason() {
        let ok = "{\"id\":\"a\",\"name\":\"A\"}\n";
        let cases: [(&str, &str); 14] = [
            (
                r#"{"id":"b","name":"B","colour":"red"}"#,
                "unknown field `colour`",
            ),
            (r#"{"name":"B"}"#, "missing field `id`"),
            (r#"{"id":"b"}"#, "missing field `name`"),
            (r#"{"id":" ","name":"B"}"#, "`id` is empty"),
            (r#"{"id":"b","name":""}"#, "`name` is empty"),
            (
                r#"{"id":"b","name":"B","type":"ship"}"#,
                "unknown variant `ship`",
            ),
            (
                r#"{"id":"b","name":"B","nationalities":["ZZZ"]}"#,
                "unknown country code `ZZZ`",
            ),
            (
                r#"{"id":"b","name":"B","dates_of_birth":["1960/01/01"]}"#,
                "date of birth `1960/01/01`",
            ),
            (
                r#"{"id":"b","name":"B","gender":"Q"}"#,
                "expected M, F or X",
            ),
            (
                r#"{"id":"b","name":"B","aliases":[{"name":"C","quality":"primary"}]}"#,
                "unknown variant `primary`",
            ),
            (
                r#"{"id":"b","name":"B","aliases":[{"name":"C","note":"x"}]}"#,
                "unknown field `note`",
            ),
            (
                r#"{"id":"b","name":"B","aliases":[7]}"#,
                "expected an alias name or an object",
            ),
            (
                r#"{"id":"b","name":"B","documents":[{"type":"passport"}]}"#,
                "missing field `number`",
            ),
            (r#"{"id":"b","name":"B"} {}"#, "trailing characters"),
        ];
        for (line, expected) in cases {
            let (at, reason) = error(&format!("{ok}# comment\n{line}\n"));
            assert_eq!(at, 3, "{line}");
            assert!(reason.contains(expected), "{line}: {reason}");
        }
        let (at, reason) = error(&format!("{ok}{{\"id\":"));
        assert_eq!(at, 2);
        assert!(reason.contains("column"), "{reason}");
        let (at, reason) = error(&format!("{ok}\n{ok}"));
        assert_eq!(at, 3);
        assert!(
            reason.contains("line 1") && reason.contains("line 3"),
            "{reason}"
        );
        let mut bad = ok.as_bytes().to_vec();
        bad.extend_from_slice(b"{\"id\":\"\xff\",\"name\":\"B\"}\n");
        match parse(p(), &bad).expect_err("utf-8") {
            WatchlistError::Parse { line, reason, .. } => {
                assert_eq!((line, reason.as_str()), (2, "invalid UTF-8"));
            }
            other => panic!("expected a parse error, got {other}"),
        }
    }
}
