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

use super::entry::{DateOfBirth, Entry, EntryKind, ListDocument, ListName, NameQuality};
use super::error::WatchlistError;
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
pub(crate) fn parse(
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
    crate::pnr::country::name_to_alpha3(name).map(CountryCode::from_alpha3_bytes)
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
mod tests;
