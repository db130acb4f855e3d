//! OFAC legacy CSV loader: `sdn.csv` (primary records) plus optional `alt.csv` (aliases).
//!
//! Both files have no header, `"` quoting, CRLF line ends, `-0- ` for an empty value and a
//! trailing 0x1A (Ctrl-Z) byte, which is skipped. `sdn.csv` has 12 columns (`ent_num,
//! SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type, Tonnage, GRT, Vess_flag,
//! Vess_owner, Remarks`), `alt.csv` has 5 (`ent_num, alt_num, alt_type, alt_name,
//! alt_remarks`). Individuals are printed `SURNAME, Given names`. The `Remarks` bag
//! (`;`-separated, possibly truncated) yields dates of birth, nationalities and
//! citizenships, gender, identity documents and weak `a.k.a. '…'` aliases.
//!
//! Invariants: every entry of `sdn.csv` is returned (all kinds; the caller filters
//! persons) with `entry_id` = ent_num; a structurally malformed record (wrong column count,
//! non-numeric ent_num or alt_num, unknown SDN_Type or alt_type, empty SDN_Name, duplicate
//! ent_num, invalid UTF-8) refuses the whole file with its 1-based line; a remark fragment
//! that is not recognised, an unknown country name or an unterminated quoted alias is
//! ignored, never an error; aliases whose ent_num is not in `sdn.csv` are ignored. Names
//! come primary first, then strong (alt.csv) and weak (remarks) aliases.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;

use super::{DateOfBirth, Entry, EntryKind, ListDocument, ListName, NameQuality, WatchlistError};
use crate::pnr::model::{CountryCode, Gender};

const SDN_FIELDS: usize = 12;
const ALT_FIELDS: usize = 5;

/// Remark prefixes of identity documents (after any `alt. `) and the document type they
/// are stored under; other document kinds in remarks are ignored.
const DOCUMENT_PREFIXES: &[(&str, &str)] = &[
    ("Diplomatic Passport", "passport"),
    ("Passport", "passport"),
    ("National ID No.", "national_id"),
    ("Cedula No.", "cedula"),
    ("Tax ID No.", "tax_id"),
    ("Identification Number", "identification_number"),
    ("C.U.R.P.", "curp"),
    ("D.N.I.", "dni"),
    ("SSN", "ssn"),
];

/// Where a document number ends inside its remark fragment.
const NUMBER_ENDS: &[&str] = &[" (", ",", " issued", " expires", " and "];

/// Parses `sdn.csv` and, when given, joins the aliases of `alt.csv` onto its entries.
///
/// # Errors
/// A record is malformed (see the module invariants); the error names the file and line.
pub fn parse(
    path: &Path,
    sdn: &[u8],
    alt: Option<(&Path, &[u8])>,
) -> Result<Vec<Entry>, WatchlistError> {
    let mut entries: Vec<Entry> = Vec::new();
    let mut index: HashMap<String, (usize, u64)> = HashMap::new();
    for_each_record(path, sdn, |line, record| {
        let entry = sdn_entry(path, line, record)?;
        if let Some((_, first)) = index.get(&entry.entry_id) {
            return Err(WatchlistError::parse(
                path,
                line,
                format!(
                    "duplicate ent_num {} (first on line {first})",
                    entry.entry_id
                ),
            ));
        }
        index.insert(entry.entry_id.clone(), (entries.len(), line));
        entries.push(entry);
        Ok(())
    })?;
    if let Some((alt_path, alt_bytes)) = alt {
        for_each_record(alt_path, alt_bytes, |line, record| {
            let Some((ent_num, name)) = alt_alias(alt_path, line, record)? else {
                return Ok(());
            };
            let target = index.get(&ent_num).and_then(|(i, _)| entries.get_mut(*i));
            if let Some(entry) = target {
                let alias = list_name(name, entry.kind, NameQuality::Strong);
                entry.names.push(alias);
            }
            Ok(())
        })?;
    }
    for entry in &mut entries {
        // Stable: the primary name stays first, aliases keep their order within a quality.
        entry.names.sort_by_key(|n| n.quality);
    }
    Ok(entries)
}

/// Runs `f` on every record of an OFAC CSV file with the record's 1-based line.
fn for_each_record(
    path: &Path,
    bytes: &[u8],
    mut f: impl FnMut(u64, &csv::StringRecord) -> Result<(), WatchlistError>,
) -> Result<(), WatchlistError> {
    let bytes = strip_end_of_file(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut lines = LineCounter::new(bytes);
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => return Ok(()),
            Err(e) => return Err(csv_error(path, &e, &mut lines)),
        }
        let line = lines.line_at(record.position());
        f(line, &record)?;
    }
}

/// Drops the trailing Ctrl-Z (and any line ends around it) that OFAC files end with.
fn strip_end_of_file(mut bytes: &[u8]) -> &[u8] {
    while let [rest @ .., last] = bytes {
        if !matches!(last, 0x1A | b'\r' | b'\n') {
            break;
        }
        bytes = rest;
    }
    bytes
}

/// Turns csv byte positions into 1-based line numbers.
///
/// The csv crate's own `Position::line` lags by one after a CRLF (a record is reported
/// as starting on the `\n` that ends the previous one), so lines are counted here, going
/// forward only, from the first byte of each record.
struct LineCounter<'a> {
    bytes: &'a [u8],
    offset: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        LineCounter {
            bytes,
            offset: 0,
            line: 1,
        }
    }

    fn line_at(&mut self, position: Option<&csv::Position>) -> u64 {
        let Some(position) = position else {
            return self.line;
        };
        let mut start = usize::try_from(position.byte()).map_or(self.bytes.len(), |b| b);
        while let Some(b'\r' | b'\n') = self.bytes.get(start) {
            start += 1;
        }
        if let Some(skipped) = self.bytes.get(self.offset..start) {
            let newlines = skipped.iter().filter(|b| **b == b'\n').count();
            self.line += u64::try_from(newlines).unwrap_or(0);
            self.offset = start;
        }
        self.line
    }
}

fn csv_error(path: &Path, error: &csv::Error, lines: &mut LineCounter<'_>) -> WatchlistError {
    let line = lines.line_at(error.position());
    let reason = match error.kind() {
        csv::ErrorKind::Utf8 { err, .. } => {
            format!("invalid UTF-8 in field {}", err.field() + 1)
        }
        _ => format!("malformed CSV record: {error}"),
    };
    WatchlistError::parse(path, line, reason)
}

/// A field's value, or `None` for OFAC's `-0-` and empty fields.
fn value(record: &csv::StringRecord, index: usize) -> Option<&str> {
    record
        .get(index)
        .map(str::trim)
        .filter(|v| !v.is_empty() && *v != "-0-")
}

fn number(
    path: &Path,
    line: u64,
    record: &csv::StringRecord,
    index: usize,
    column: &str,
) -> Result<u64, WatchlistError> {
    let raw = record.get(index).map(str::trim).unwrap_or("");
    raw.parse::<u64>()
        .map_err(|_| WatchlistError::parse(path, line, format!("{column} `{raw}` is not a number")))
}

fn sdn_entry(path: &Path, line: u64, record: &csv::StringRecord) -> Result<Entry, WatchlistError> {
    if record.len() != SDN_FIELDS {
        let reason = format!("expected {SDN_FIELDS} fields, found {}", record.len());
        return Err(WatchlistError::parse(path, line, reason));
    }
    let ent_num = number(path, line, record, 0, "ent_num")?;
    let kind = sdn_kind(value(record, 2)).ok_or_else(|| {
        let raw = record.get(2).unwrap_or("").trim();
        WatchlistError::parse(path, line, format!("unknown SDN_Type `{raw}`"))
    })?;
    let name =
        value(record, 1).ok_or_else(|| WatchlistError::parse(path, line, "empty SDN_Name"))?;
    let mut entry = Entry {
        entry_id: ent_num.to_string(),
        kind,
        names: vec![list_name(name, kind, NameQuality::Primary)],
        dates_of_birth: Vec::new(),
        nationalities: Vec::new(),
        gender: None,
        documents: Vec::new(),
        programs: value(record, 3).map(programs).unwrap_or_default(),
    };
    if let Some(remarks) = value(record, 11) {
        apply_remarks(&mut entry, remarks);
    }
    Ok(entry)
}

fn sdn_kind(raw: Option<&str>) -> Option<EntryKind> {
    match raw {
        None => Some(EntryKind::Entity),
        Some(t) if t.eq_ignore_ascii_case("individual") => Some(EntryKind::Person),
        Some(t) if t.eq_ignore_ascii_case("vessel") => Some(EntryKind::Vessel),
        Some(t) if t.eq_ignore_ascii_case("aircraft") => Some(EntryKind::Aircraft),
        Some(_) => None,
    }
}

/// `SDGT] [IFSR` → `["SDGT", "IFSR"]`.
fn programs(raw: &str) -> Vec<String> {
    raw.split("] [")
        .map(|p| p.trim_matches(|c: char| c == '[' || c == ']' || c.is_whitespace()))
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Builds a name; individuals' names are split at the first `, ` into surname and given.
fn list_name(full: &str, kind: EntryKind, quality: NameQuality) -> ListName {
    let (surname, given) = match (kind, full.split_once(", ")) {
        (EntryKind::Person, Some((surname, given))) => (non_empty(surname), non_empty(given)),
        _ => (None, None),
    };
    ListName {
        full: full.trim().to_owned(),
        surname,
        given,
        quality,
    }
}

fn non_empty(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

/// Reads one `alt.csv` record: `(ent_num, alias name)`, or `None` when the name is empty.
fn alt_alias<'r>(
    path: &Path,
    line: u64,
    record: &'r csv::StringRecord,
) -> Result<Option<(String, &'r str)>, WatchlistError> {
    if record.len() != ALT_FIELDS {
        let reason = format!("expected {ALT_FIELDS} fields, found {}", record.len());
        return Err(WatchlistError::parse(path, line, reason));
    }
    let ent_num = number(path, line, record, 0, "ent_num")?;
    number(path, line, record, 1, "alt_num")?;
    let alt_type = value(record, 2).unwrap_or("");
    if !["aka", "fka", "nka"]
        .iter()
        .any(|t| alt_type.eq_ignore_ascii_case(t))
    {
        let reason = format!("unknown alt_type `{alt_type}` (expected aka, fka or nka)");
        return Err(WatchlistError::parse(path, line, reason));
    }
    Ok(value(record, 3).map(|name| (ent_num.to_string(), name)))
}

/// Applies every recognised fragment of a `Remarks` bag to the entry.
fn apply_remarks(entry: &mut Entry, remarks: &str) {
    for fragment in remarks.split(';') {
        apply_remark(entry, fragment.trim());
    }
}

fn apply_remark(entry: &mut Entry, fragment: &str) {
    if let Some(alias) = weak_alias(fragment) {
        entry.names.push(alias);
        return;
    }
    let fact = fragment.trim_end_matches('.').trim_end();
    let fact = fact.strip_prefix("alt. ").unwrap_or(fact);
    if let Some(dob) = fact.strip_prefix("DOB ").and_then(parse_dob) {
        entry.dates_of_birth.push(dob);
    } else if let Some(country) = country_fact(fact) {
        if !entry.nationalities.contains(&country) {
            entry.nationalities.push(country);
        }
    } else if let Some(gender) = fact.strip_prefix("Gender ").and_then(gender) {
        entry.gender.get_or_insert(gender);
    } else if let Some(document) = document(fact) {
        entry.documents.push(document);
    }
}

/// `a.k.a. 'ABU MUSA'` (also f.k.a./n.k.a.): the text between the first and last quote.
fn weak_alias(fragment: &str) -> Option<ListName> {
    let rest = ["a.k.a. ", "f.k.a. ", "n.k.a. "]
        .iter()
        .find_map(|p| fragment.strip_prefix(p))?;
    let open = rest.find('\'')?;
    let close = rest.rfind('\'')?;
    let name = rest.get(open + 1..close)?.trim();
    (!name.is_empty()).then(|| ListName {
        full: name.to_owned(),
        surname: None,
        given: None,
        quality: NameQuality::Weak,
    })
}

/// `nationality Iran`, `citizen Iran`, `citizenship Iran` → the country, when known.
fn country_fact(fact: &str) -> Option<CountryCode> {
    let name = ["nationality ", "citizenship ", "citizen "]
        .iter()
        .find_map(|p| fact.strip_prefix(p))?;
    country(name)
}

fn country(name: &str) -> Option<CountryCode> {
    crate::country::name_to_alpha3(name).map(CountryCode::from_alpha3_bytes)
}

fn gender(text: &str) -> Option<Gender> {
    match text.trim() {
        t if t.eq_ignore_ascii_case("male") => Some(Gender::Male),
        t if t.eq_ignore_ascii_case("female") => Some(Gender::Female),
        _ => None,
    }
}

/// `Passport 1084010 (Egypt) issued …` → passport `1084010`, country EGY.
fn document(fact: &str) -> Option<ListDocument> {
    let (rest, doc_type) = DOCUMENT_PREFIXES.iter().find_map(|(prefix, doc_type)| {
        let rest = fact.strip_prefix(prefix)?;
        rest.starts_with([' ', ':']).then_some((rest, *doc_type))
    })?;
    let rest = strip_number_label(rest);
    let end = NUMBER_ENDS
        .iter()
        .filter_map(|marker| rest.find(marker))
        .min()
        .unwrap_or(rest.len());
    let number = rest.get(..end)?.trim().trim_end_matches('.').trim_end();
    if !number.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(ListDocument {
        doc_type: Some(doc_type.to_owned()),
        number: number.to_owned(),
        country: parenthesised(rest).and_then(country),
    })
}

/// Drops labels printed between a document type and its number (`No.:`, `Booklet:`).
fn strip_number_label(rest: &str) -> &str {
    let mut rest = rest.trim_start_matches([' ', ':']);
    for label in ["No.", "Booklet"] {
        if let Some(after) = rest.strip_prefix(label) {
            rest = after.trim_start_matches([' ', ':']);
        }
    }
    rest
}

/// The text inside the first `( … )` of `text`.
fn parenthesised(text: &str) -> Option<&str> {
    let open = text.find('(')?;
    let inner = text.get(open + 1..)?;
    let close = inner.find(')')?;
    inner.get(..close)
}

/// A point in time as OFAC prints it: `10 Dec 1948`, `Dec 1948` or `1948`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Point {
    year: i32,
    month: Option<u32>,
    day: Option<u32>,
}

impl Point {
    fn parse(text: &str) -> Option<Point> {
        let words: Vec<&str> = text.split_whitespace().collect();
        let (day, month, year) = match words.as_slice() {
            [day, month, year] => (Some(day_number(day)?), Some(month_number(month)?), year),
            [month, year] => (None, Some(month_number(month)?), year),
            [year] => (None, None, year),
            _ => return None,
        };
        let point = Point {
            year: year_number(year)?,
            month,
            day,
        };
        point.to_dob().map(|_| point)
    }

    fn to_dob(self) -> Option<DateOfBirth> {
        match (self.month, self.day) {
            (Some(month), Some(day)) => NaiveDate::from_ymd_opt(self.year, month, day)
                .map(|date| DateOfBirth::Date { date }),
            (Some(month), None) => Some(DateOfBirth::Month {
                year: self.year,
                month,
            }),
            _ => Some(DateOfBirth::Year { year: self.year }),
        }
    }
}

/// Parses the text after `DOB `: a point, `A to B`, `circa …` or `circa YYYY-YYYY`.
fn parse_dob(text: &str) -> Option<DateOfBirth> {
    let text = text.trim();
    if let Some(rest) = text.strip_prefix("circa ") {
        return parse_circa(rest.trim());
    }
    if let Some((from, to)) = text.split_once(" to ") {
        return range(Point::parse(from)?, Point::parse(to)?);
    }
    Point::parse(text)?.to_dob()
}

fn parse_circa(text: &str) -> Option<DateOfBirth> {
    if let Some((from, to)) = text.split_once('-') {
        let from = Point::parse(from)?;
        let to = Point::parse(to)?;
        return range(from, to);
    }
    let year = Point::parse(text)?.year;
    Some(DateOfBirth::Circa { year })
}

/// A span between two points, kept at the finest precision both ends share.
fn range(from: Point, to: Point) -> Option<DateOfBirth> {
    if from == to {
        return from.to_dob();
    }
    if from.year > to.year {
        return None;
    }
    if from.year < to.year {
        return Some(DateOfBirth::Range {
            from: from.year,
            to: to.year,
        });
    }
    match (from.month, to.month) {
        (Some(a), Some(b)) if a == b => Some(DateOfBirth::Month {
            year: from.year,
            month: a,
        }),
        _ => Some(DateOfBirth::Year { year: from.year }),
    }
}

fn day_number(text: &str) -> Option<u32> {
    let valid = (1..=2).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit());
    valid.then(|| text.parse().ok()).flatten()
}

fn year_number(text: &str) -> Option<i32> {
    let valid = text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit());
    valid.then(|| text.parse().ok()).flatten()
}

fn month_number(text: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let lower = text.to_ascii_lowercase();
    let position = MONTHS.iter().position(|full| {
        *full == lower || (lower.len() == 3 && full.starts_with(lower.as_str()))
    })?;
    u32::try_from(position + 1).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SDN: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/watchlists/ofac_sdn.csv"
    );
    const ALT: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/watchlists/ofac_alt.csv"
    );

    fn p() -> &'static Path {
        Path::new("sdn.csv")
    }

    fn row(ent: &str, name: &str, kind: &str, remarks: &str) -> String {
        format!(
            "{ent},\"{name}\",{kind},\"SDGT] [IRGC\",\
             -0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,{remarks}\r\n"
        )
    }

    fn one(remarks: &str) -> Entry {
        let csv = row(
            "1",
            "DOE, John",
            "\"individual\"",
            &format!("\"{remarks}\""),
        );
        let mut entries = parse(p(), csv.as_bytes(), None).expect("parses");
        assert_eq!(entries.len(), 1);
        entries.remove(0)
    }

    fn dob(text: &str) -> Option<DateOfBirth> {
        parse_dob(text)
    }

    fn date(y: i32, m: u32, d: u32) -> DateOfBirth {
        DateOfBirth::Date {
            date: NaiveDate::from_ymd_opt(y, m, d).expect("valid date"),
        }
    }

    fn line_of(err: WatchlistError) -> u64 {
        match err {
            WatchlistError::Parse { line, .. } => line,
            other => panic!("expected a parse error, got {other}"),
        }
    }

    #[test]
    fn dob_forms() {
        assert_eq!(dob("10 Dec 1948"), Some(date(1948, 12, 10)));
        assert_eq!(dob("1 Jun 1960"), Some(date(1960, 6, 1)));
        assert_eq!(
            dob("Jun 1960"),
            Some(DateOfBirth::Month {
                year: 1960,
                month: 6
            })
        );
        assert_eq!(dob("1960"), Some(DateOfBirth::Year { year: 1960 }));
        assert_eq!(
            dob("1960 to 1962"),
            Some(DateOfBirth::Range {
                from: 1960,
                to: 1962
            })
        );
        assert_eq!(dob("circa 1960"), Some(DateOfBirth::Circa { year: 1960 }));
        assert_eq!(
            dob("circa 07 Jul 1966"),
            Some(DateOfBirth::Circa { year: 1966 })
        );
        assert_eq!(
            dob("circa 1979-1982"),
            Some(DateOfBirth::Range {
                from: 1979,
                to: 1982
            })
        );
        assert_eq!(
            dob("01 Jan 1961 to 31 Dec 1963"),
            Some(DateOfBirth::Range {
                from: 1961,
                to: 1963
            })
        );
        assert_eq!(
            dob("01 Jan 1973 to 31 Dec 1973"),
            Some(DateOfBirth::Year { year: 1973 })
        );
        assert_eq!(
            dob("01 Oct 1992 to 31 Oct 1992"),
            Some(DateOfBirth::Month {
                year: 1992,
                month: 10
            })
        );
        assert_eq!(
            dob("Mar 1962 to Feb 1963"),
            Some(DateOfBirth::Range {
                from: 1962,
                to: 1963
            })
        );
        // Not recognised: ignored.
        assert_eq!(dob("31 Feb 1960"), None);
        assert_eq!(dob("1962 to 1960"), None);
        assert_eq!(dob("19"), None);
        assert_eq!(dob("unknown"), None);
        assert_eq!(dob("10 Foo 1948"), None);
    }

    #[test]
    fn remarks_dobs_nationality_gender() {
        let e = one(
            "DOB 10 Dec 1948; alt. DOB 1950; POB Giza, Egypt; nationality Iran; \
             alt. nationality Korea, North; citizen Iran; citizenship Atlantis; Gender Male.",
        );
        assert_eq!(
            e.dates_of_birth,
            vec![date(1948, 12, 10), DateOfBirth::Year { year: 1950 }]
        );
        let nat: Vec<&str> = e.nationalities.iter().map(CountryCode::as_str).collect();
        assert_eq!(nat, ["IRN", "PRK"]);
        assert_eq!(e.gender, Some(Gender::Male));
        assert_eq!(one("Gender Female").gender, Some(Gender::Female));
        assert_eq!(e.programs, ["SDGT", "IRGC"]);
    }

    #[test]
    fn remarks_documents() {
        let e = one(
            "Passport 1084010 (Egypt); alt. Passport 19820215; National ID No. 123 (Iran); \
             Passport G 649385 issued 08 Sep 2006 expires 17 Jul 2011; \
             Passport issued in Sarajevo, Bosnia-Herzegovina; Cedula No. 6068015 (Colombia); \
             Passport No.: 0310857, Eritrea; Diplomatic Passport A0002987 (Iran).",
        );
        let docs: Vec<(&str, &str, Option<&str>)> = e
            .documents
            .iter()
            .map(|d| {
                (
                    d.doc_type.as_deref().unwrap_or(""),
                    d.number.as_str(),
                    d.country.as_ref().map(CountryCode::as_str),
                )
            })
            .collect();
        assert_eq!(
            docs,
            [
                ("passport", "1084010", Some("EGY")),
                ("passport", "19820215", None),
                ("national_id", "123", Some("IRN")),
                ("passport", "G 649385", None),
                ("cedula", "6068015", Some("COL")),
                ("passport", "0310857", None),
                ("passport", "A0002987", Some("IRN")),
            ]
        );
    }

    #[test]
    fn remarks_weak_aliases() {
        let e = one("a.k.a. 'ABU MUSA'; a.k.a. 'ABU-'UMAR'.; f.k.a. 'OLD NAME'; a.k.a. 'TRUNC");
        let weak: Vec<&str> = e
            .names
            .iter()
            .filter(|n| n.quality == NameQuality::Weak)
            .map(|n| n.full.as_str())
            .collect();
        assert_eq!(weak, ["ABU MUSA", "ABU-'UMAR", "OLD NAME"]);
        assert!(e
            .names
            .iter()
            .skip(1)
            .all(|n| n.surname.is_none() && n.given.is_none()));
    }

    #[test]
    fn names_kinds_and_null_fields() {
        let csv = [
            row("1", "DOE, John Paul", "\"individual\"", "-0- "),
            row("2", "ACME, LTD.", "-0- ", "-0- "),
            row("3", "SEA STAR", "\"vessel\"", "-0- "),
            row("4", "EP-ABC", "\"aircraft\"", "-0- "),
            row("5", "MADONNA", "\"individual\"", "-0- "),
        ]
        .concat()
            + "\u{1a}";
        let e = parse(p(), csv.as_bytes(), None).expect("parses");
        let kinds: Vec<EntryKind> = e.iter().map(|e| e.kind).collect();
        use EntryKind::*;
        assert_eq!(kinds, [Person, Entity, Vessel, Aircraft, Person]);
        let john = e.first().and_then(|e| e.names.first()).expect("name");
        assert_eq!(john.full, "DOE, John Paul");
        assert_eq!(john.surname.as_deref(), Some("DOE"));
        assert_eq!(john.given.as_deref(), Some("John Paul"));
        let acme = e.get(1).and_then(|e| e.names.first()).expect("name");
        assert_eq!(
            (acme.surname.as_deref(), acme.given.as_deref()),
            (None, None)
        );
        let madonna = e.get(4).and_then(|e| e.names.first()).expect("name");
        assert_eq!(
            (madonna.surname.as_deref(), madonna.given.as_deref()),
            (None, None)
        );
        assert!(e
            .iter()
            .all(|e| e.dates_of_birth.is_empty() && e.documents.is_empty()));
    }

    #[test]
    fn alt_aliases_join_by_ent_num() {
        let sdn = row("7", "DOE, John", "\"individual\"", "\"a.k.a. 'JD'\"");
        let alt = "7,1,\"aka\",\"DOE, Johnny\",-0- \r\n7,2,\"fka\",\"SMITH, J.\",-0- \r\n\
                   99,3,\"aka\",\"NOBODY\",-0- \r\n\u{1a}";
        let e = parse(
            p(),
            sdn.as_bytes(),
            Some((Path::new("alt.csv"), alt.as_bytes())),
        )
        .expect("parses");
        let names: Vec<(&str, NameQuality, Option<&str>)> = e
            .iter()
            .flat_map(|e| &e.names)
            .map(|n| (n.full.as_str(), n.quality, n.surname.as_deref()))
            .collect();
        assert_eq!(
            names,
            [
                ("DOE, John", NameQuality::Primary, Some("DOE")),
                ("DOE, Johnny", NameQuality::Strong, Some("DOE")),
                ("SMITH, J.", NameQuality::Strong, Some("SMITH")),
                ("JD", NameQuality::Weak, None),
            ]
        );
    }

    #[test]
    fn errors_name_the_line() {
        let good = row("1", "A, B", "\"individual\"", "-0- ");
        let cases = [
            format!(
                "{good}x{}",
                &row("2", "C, D", "\"individual\"", "-0- ")[1..]
            ),
            format!("{good}{good}"),
            format!("{good}3,\"E\",\"individual\",-0- \r\n"),
            format!("{good}{}", row("4", "F", "\"submarine\"", "-0- ")),
            format!("{good}{}", row("5", "", "\"individual\"", "-0- ")),
        ];
        for case in cases {
            let err = parse(p(), case.as_bytes(), None).expect_err(&case);
            assert!(err.to_string().starts_with("sdn.csv:2: "), "{err}");
            assert_eq!(line_of(err), 2);
        }
        let mut bad_utf8 = good.clone().into_bytes();
        bad_utf8.extend_from_slice(
            b"6,\"\xff\",\"individual\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n",
        );
        assert_eq!(line_of(parse(p(), &bad_utf8, None).expect_err("utf8")), 2);
        // A quoted field spanning lines: the next record starts on line 3.
        let multi = format!(
            "{}{}",
            row("1", "A,\r\nB", "-0- ", "-0- "),
            row("x", "C", "-0- ", "-0- ")
        );
        assert_eq!(
            line_of(parse(p(), multi.as_bytes(), None).expect_err("multi")),
            3
        );
    }

    #[test]
    fn alt_errors_name_the_line() {
        let sdn = row("1", "A, B", "\"individual\"", "-0- ");
        let alt_path = Path::new("alt.csv");
        for alt in [
            "1,1,\"aka\",\"X\",-0- \r\n1,x,\"aka\",\"Y\",-0- \r\n",
            "1,1,\"aka\",\"X\",-0- \r\n1,2,\"bogus\",\"Y\",-0- \r\n",
            "1,1,\"aka\",\"X\",-0- \r\n1,2,\"aka\"\r\n",
        ] {
            let err = parse(p(), sdn.as_bytes(), Some((alt_path, alt.as_bytes()))).expect_err(alt);
            assert!(err.to_string().starts_with("alt.csv:2: "), "{err}");
        }
    }

    #[test]
    fn fixture_error_line_is_the_physical_line() {
        let sdn = String::from_utf8(std::fs::read(SDN).expect("fixture sdn")).expect("utf-8");
        let mut lines: Vec<String> = sdn.split("\r\n").map(str::to_owned).collect();
        if let Some(line) = lines.get_mut(9_999) {
            line.insert(0, 'x');
        }
        let broken = lines.join("\r\n");
        let err = parse(Path::new("sdn.csv"), broken.as_bytes(), None).expect_err("broken");
        assert_eq!(line_of(err), 10_000);
    }

    #[test]
    fn fixture_sdn_and_alt() {
        let sdn = std::fs::read(SDN).expect("fixture sdn");
        let alt = std::fs::read(ALT).expect("fixture alt");
        let all =
            parse(Path::new(SDN), &sdn, Some((Path::new(ALT), &alt))).expect("fixture parses");
        assert_eq!(all.len(), 14_965);
        let persons: Vec<&Entry> = all.iter().filter(|e| e.kind == EntryKind::Person).collect();
        assert_eq!(persons.len(), 6_854);
        let count = |f: &dyn Fn(&Entry) -> bool| persons.iter().filter(|e| f(e)).count();
        let with_dob = count(&|e| !e.dates_of_birth.is_empty());
        let with_passport = count(&|e| {
            e.documents
                .iter()
                .any(|d| d.doc_type.as_deref() == Some("passport"))
        });
        let with_nationality = count(&|e| !e.nationalities.is_empty());
        let names = |q: NameQuality| {
            persons
                .iter()
                .flat_map(|e| &e.names)
                .filter(|n| n.quality == q)
                .count()
        };
        eprintln!(
            "ofac persons={} dob={with_dob} passport={with_passport} \
             nationality={with_nationality} strong={} weak={}",
            persons.len(),
            names(NameQuality::Strong),
            names(NameQuality::Weak)
        );
        assert!(with_dob >= 6_000, "{with_dob}");
        assert!(with_passport >= 1_500, "{with_passport}");
        assert!(with_nationality >= 4_000, "{with_nationality}");
        assert!(names(NameQuality::Strong) > 0 && names(NameQuality::Weak) > 0);

        let zawahiri = all.iter().find(|e| e.entry_id == "2676").expect("ent 2676");
        assert_eq!(zawahiri.kind, EntryKind::Person);
        assert_eq!(zawahiri.primary_name(), "AL ZAWAHIRI, Dr. Ayman");
        assert_eq!(
            zawahiri.names.first().and_then(|n| n.surname.as_deref()),
            Some("AL ZAWAHIRI")
        );
        assert!(zawahiri.dates_of_birth.contains(&date(1951, 6, 19)));
        assert!(zawahiri.documents.iter().any(|d| d.number == "1084010"
            && d.doc_type.as_deref() == Some("passport")
            && d.country.as_ref().map(CountryCode::as_str) == Some("EGY")));
        assert_eq!(zawahiri.programs, ["SDGT"]);
    }
}
