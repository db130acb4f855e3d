//! UN Security Council consolidated list loader (XML, root `CONSOLIDATED_LIST`).
//!
//! Reads `INDIVIDUALS/INDIVIDUAL` as persons and `ENTITIES/ENTITY` as entities. A person's
//! primary name is `FIRST_NAME` … `FOURTH_NAME` joined by spaces (the UN does not mark
//! surnames reliably, so `surname`/`given` stay `None`); an entity's is `FIRST_NAME`.
//! `NAME_ORIGINAL_SCRIPT` is a strong alias; `*_ALIAS` of quality `Low` are weak, any other
//! quality (`Good`, `a.k.a.`, `f.k.a.`) strong. Dates of birth map EXACT `DATE` → date,
//! EXACT `YEAR` → year, APPROXIMATELY → circa, BETWEEN → range. `NATIONALITY/VALUE` country
//! names, `GENDER`, `INDIVIDUAL_DOCUMENT` (type lower-cased with `_` for spaces) and
//! `UN_LIST_TYPE` (as the programme) are kept.
//!
//! Invariants: every INDIVIDUAL and ENTITY is returned with `entry_id` = its trimmed
//! `REFERENCE_NUMBER`; malformed XML, invalid UTF-8, a wrong root element, a record
//! without reference number or name, or a duplicate reference number refuses the whole
//! file with the XML line; an empty or unrecognised date, an unknown country name or a
//! document without number is ignored, never an error. Text is whitespace-collapsed.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use roxmltree::{Document, Node};

use super::entry::{DateOfBirth, Entry, EntryKind, ListDocument, ListName, NameQuality};
use super::error::WatchlistError;
use crate::pnr::model::{CountryCode, Gender};

const NAME_PARTS: [&str; 4] = ["FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"];

/// Parses the consolidated list into entries of every kind.
///
/// # Errors
/// The XML is malformed or a record lacks its reference number or name (see the module
/// invariants); the error names the file and line.
pub(crate) fn parse(path: &Path, xml: &[u8]) -> Result<Vec<Entry>, WatchlistError> {
    let text = std::str::from_utf8(xml).map_err(|e| {
        let before = xml.get(..e.valid_up_to()).unwrap_or_default();
        let line = 1 + before.iter().filter(|b| **b == b'\n').count();
        WatchlistError::parse(path, u64::try_from(line).unwrap_or(0), "invalid UTF-8")
    })?;
    let doc = Document::parse(text).map_err(|e| {
        WatchlistError::parse(path, u64::from(e.pos().row), format!("malformed XML: {e}"))
    })?;
    let root = doc.root_element();
    if !root.has_tag_name("CONSOLIDATED_LIST") {
        let reason = format!(
            "root element is {}, expected CONSOLIDATED_LIST",
            root.tag_name().name()
        );
        return Err(WatchlistError::parse(path, line_of(&doc, root), reason));
    }
    let mut entries = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    for (section, record) in [("INDIVIDUALS", "INDIVIDUAL"), ("ENTITIES", "ENTITY")] {
        for node in children(root, section).flat_map(|s| children(s, record)) {
            let entry = entry(path, &doc, node)?;
            let line = line_of(&doc, node);
            if let Some(first) = seen.insert(entry.entry_id.clone(), line) {
                let reason = format!(
                    "duplicate REFERENCE_NUMBER {} (first on line {first})",
                    entry.entry_id
                );
                return Err(WatchlistError::parse(path, line, reason));
            }
            entries.push(entry);
        }
    }
    Ok(entries)
}

/// The 1-based line a node starts on.
fn line_of(doc: &Document<'_>, node: Node<'_, '_>) -> u64 {
    u64::from(doc.text_pos_at(node.range().start).row)
}

/// Child elements of `node` named `tag`.
fn children<'a, 'input>(
    node: Node<'a, 'input>,
    tag: &'static str,
) -> impl Iterator<Item = Node<'a, 'input>> {
    node.children().filter(move |c| c.has_tag_name(tag))
}

/// The whitespace-collapsed text of an element, `None` when empty.
fn text(node: Node<'_, '_>) -> Option<String> {
    let collapsed = node
        .text()
        .unwrap_or("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    (!collapsed.is_empty()).then_some(collapsed)
}

/// The text of the first child element named `tag`, `None` when absent or empty.
fn child_text(node: Node<'_, '_>, tag: &'static str) -> Option<String> {
    children(node, tag).next().and_then(text)
}

/// One INDIVIDUAL (person) or ENTITY.
fn entry(path: &Path, doc: &Document<'_>, node: Node<'_, '_>) -> Result<Entry, WatchlistError> {
    let is_person = node.has_tag_name("INDIVIDUAL");
    let record = node.tag_name().name();
    let entry_id = child_text(node, "REFERENCE_NUMBER").ok_or_else(|| {
        WatchlistError::parse(
            path,
            line_of(doc, node),
            format!("{record} without REFERENCE_NUMBER"),
        )
    })?;
    let primary = if is_person {
        person_name(node)
    } else {
        child_text(node, "FIRST_NAME")
    }
    .ok_or_else(|| {
        let reason = format!("{record} {entry_id} has no name");
        WatchlistError::parse(path, line_of(doc, node), reason)
    })?;
    let mut entry = Entry {
        entry_id,
        kind: if is_person {
            EntryKind::Person
        } else {
            EntryKind::Entity
        },
        names: vec![name(primary, NameQuality::Primary)],
        dates_of_birth: Vec::new(),
        nationalities: Vec::new(),
        gender: None,
        documents: Vec::new(),
        programs: child_text(node, "UN_LIST_TYPE").into_iter().collect(),
    };
    if let Some(original) = child_text(node, "NAME_ORIGINAL_SCRIPT") {
        entry.names.push(name(original, NameQuality::Strong));
    }
    let alias_tag = if is_person {
        "INDIVIDUAL_ALIAS"
    } else {
        "ENTITY_ALIAS"
    };
    entry
        .names
        .extend(children(node, alias_tag).filter_map(alias));
    entry.names.sort_by_key(|n| n.quality);
    if is_person {
        add_person_details(&mut entry, node);
    }
    Ok(entry)
}

fn add_person_details(entry: &mut Entry, node: Node<'_, '_>) {
    entry.dates_of_birth = children(node, "INDIVIDUAL_DATE_OF_BIRTH")
        .filter_map(date_of_birth)
        .collect();
    for value in children(node, "NATIONALITY").flat_map(|n| children(n, "VALUE")) {
        if let Some(code) = text(value).as_deref().and_then(country) {
            if !entry.nationalities.contains(&code) {
                entry.nationalities.push(code);
            }
        }
    }
    entry.gender = child_text(node, "GENDER").as_deref().and_then(gender);
    entry.documents = children(node, "INDIVIDUAL_DOCUMENT")
        .filter_map(document)
        .collect();
}

/// FIRST_NAME … FOURTH_NAME joined by spaces, skipping empty parts.
fn person_name(node: Node<'_, '_>) -> Option<String> {
    let parts: Vec<String> = NAME_PARTS
        .iter()
        .filter_map(|tag| child_text(node, tag))
        .collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}

fn name(full: String, quality: NameQuality) -> ListName {
    ListName {
        full,
        surname: None,
        given: None,
        quality,
    }
}

/// An `INDIVIDUAL_ALIAS` / `ENTITY_ALIAS`: `Low` quality is weak, anything else strong.
fn alias(node: Node<'_, '_>) -> Option<ListName> {
    let full = child_text(node, "ALIAS_NAME")?;
    let quality = match child_text(node, "QUALITY") {
        Some(q) if q.eq_ignore_ascii_case("low") => NameQuality::Weak,
        _ => NameQuality::Strong,
    };
    Some(name(full, quality))
}

fn date_of_birth(node: Node<'_, '_>) -> Option<DateOfBirth> {
    let year = |tag| child_text(node, tag).as_deref().and_then(year_number);
    let date = child_text(node, "DATE").as_deref().and_then(full_date);
    match child_text(node, "TYPE_OF_DATE")?
        .to_ascii_uppercase()
        .as_str()
    {
        "EXACT" => date
            .map(|date| DateOfBirth::Date { date })
            .or_else(|| year("YEAR").map(|year| DateOfBirth::Year { year })),
        "APPROXIMATELY" => year("YEAR")
            .or_else(|| date.map(|d| chrono::Datelike::year(&d)))
            .map(|year| DateOfBirth::Circa { year }),
        "BETWEEN" => match (year("FROM_YEAR"), year("TO_YEAR")) {
            (Some(from), Some(to)) if from <= to => Some(DateOfBirth::Range { from, to }),
            _ => None,
        },
        _ => None,
    }
}

/// `YYYY-MM-DD`, possibly followed by a time (`1978-04-28T00:00:00`).
fn full_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()
}

fn year_number(text: &str) -> Option<i32> {
    let valid = text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit());
    valid.then(|| text.parse().ok()).flatten()
}

fn country(name: &str) -> Option<CountryCode> {
    crate::pnr::country::name_to_alpha3(name).map(CountryCode::from_alpha3_bytes)
}

fn gender(text: &str) -> Option<Gender> {
    match text {
        t if t.eq_ignore_ascii_case("male") => Some(Gender::Male),
        t if t.eq_ignore_ascii_case("female") => Some(Gender::Female),
        _ => None,
    }
}

fn document(node: Node<'_, '_>) -> Option<ListDocument> {
    let number = child_text(node, "NUMBER")?;
    let country = ["ISSUING_COUNTRY", "COUNTRY_OF_ISSUE"]
        .iter()
        .filter_map(|tag| child_text(node, tag))
        .find_map(|name| country(&name));
    Some(ListDocument {
        doc_type: child_text(node, "TYPE_OF_DOCUMENT").map(|t| document_type(&t)),
        number,
        country,
    })
}

/// `Passport` → `passport`, `National Identification Number` →
/// `national_identification_number`; French and Spanish passport labels → `passport`.
fn document_type(label: &str) -> String {
    let lower = label.to_lowercase();
    if ["passport", "passeport", "pasaporte"]
        .iter()
        .any(|p| lower.contains(p))
    {
        return "passport".to_owned();
    }
    lower.split_whitespace().collect::<Vec<_>>().join("_")
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURE: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/watchlists/un_consolidated.xml"
    );

    fn p() -> &'static Path {
        Path::new("un.xml")
    }

    fn list(individuals: &str, entities: &str) -> String {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CONSOLIDATED_LIST>\n\
             <INDIVIDUALS>\n{individuals}</INDIVIDUALS>\n<ENTITIES>\n{entities}</ENTITIES>\n\
             </CONSOLIDATED_LIST>\n"
        )
    }

    fn person(body: &str) -> Entry {
        let xml = list(
            &format!(
                "<INDIVIDUAL><REFERENCE_NUMBER> QDi.001 </REFERENCE_NUMBER>\
                 <FIRST_NAME>AYMAN</FIRST_NAME>\
             <SECOND_NAME>AL-ZAWAHIRI</SECOND_NAME>{body}</INDIVIDUAL>\n"
            ),
            "",
        );
        let mut entries = parse(p(), xml.as_bytes()).expect("parses");
        assert_eq!(entries.len(), 1);
        entries.remove(0)
    }

    fn dob(body: &str) -> Vec<DateOfBirth> {
        person(&format!(
            "<INDIVIDUAL_DATE_OF_BIRTH>{body}</INDIVIDUAL_DATE_OF_BIRTH>"
        ))
        .dates_of_birth
    }

    fn line_of_err(err: WatchlistError) -> u64 {
        match err {
            WatchlistError::Parse { line, .. } => line,
            other => panic!("expected a parse error, got {other}"),
        }
    }

    #[test]
    fn names_and_aliases() {
        let e = person(
            "<THIRD_NAME/><FOURTH_NAME>X</FOURTH_NAME><UN_LIST_TYPE>Al-Qaida</UN_LIST_TYPE>\
             <NAME_ORIGINAL_SCRIPT>أيمن الظواهري</NAME_ORIGINAL_SCRIPT>\
             <INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY>\
             <ALIAS_NAME>Abu Muhammad</ALIAS_NAME></INDIVIDUAL_ALIAS>\
             <INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY>\
             <ALIAS_NAME>Ayman  al\n Zawahiri</ALIAS_NAME></INDIVIDUAL_ALIAS>\
             <INDIVIDUAL_ALIAS><QUALITY/><ALIAS_NAME/></INDIVIDUAL_ALIAS>",
        );
        assert_eq!(e.entry_id, "QDi.001");
        assert_eq!(e.kind, EntryKind::Person);
        assert_eq!(e.programs, ["Al-Qaida"]);
        let names: Vec<(&str, NameQuality)> = e
            .names
            .iter()
            .map(|n| (n.full.as_str(), n.quality))
            .collect();
        assert_eq!(
            names,
            [
                ("AYMAN AL-ZAWAHIRI X", NameQuality::Primary),
                ("أيمن الظواهري", NameQuality::Strong),
                ("Ayman al Zawahiri", NameQuality::Strong),
                ("Abu Muhammad", NameQuality::Weak),
            ]
        );
        assert!(e
            .names
            .iter()
            .all(|n| n.surname.is_none() && n.given.is_none()));
    }

    #[test]
    fn date_of_birth_forms() {
        let date = |y, m, d| DateOfBirth::Date {
            date: NaiveDate::from_ymd_opt(y, m, d).expect("valid"),
        };
        assert_eq!(
            dob("<TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1951-06-19</DATE>"),
            [date(1951, 6, 19)]
        );
        assert_eq!(
            dob("<TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1951-06-19T00:00:00</DATE>"),
            [date(1951, 6, 19)]
        );
        assert_eq!(
            dob("<TYPE_OF_DATE>EXACT</TYPE_OF_DATE><YEAR>1971</YEAR>"),
            [DateOfBirth::Year { year: 1971 }]
        );
        assert_eq!(
            dob("<TYPE_OF_DATE>APPROXIMATELY</TYPE_OF_DATE><YEAR>1960</YEAR>"),
            [DateOfBirth::Circa { year: 1960 }]
        );
        assert_eq!(
            dob("<TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE>\
                 <FROM_YEAR>1960</FROM_YEAR><TO_YEAR>1962</TO_YEAR>"),
            [DateOfBirth::Range {
                from: 1960,
                to: 1962
            }]
        );
        assert!(dob("<TYPE_OF_DATE/>").is_empty());
        assert!(dob("<TYPE_OF_DATE>EXACT</TYPE_OF_DATE><NOTE>unknown</NOTE>").is_empty());
        assert!(dob("<TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1951-02-30</DATE>").is_empty());
        let reversed = "<TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE>\
                        <FROM_YEAR>1962</FROM_YEAR><TO_YEAR>1960</TO_YEAR>";
        assert!(dob(reversed).is_empty());
    }

    #[test]
    fn nationality_gender_documents() {
        let e = person(
            "<GENDER>Female</GENDER>\
             <NATIONALITY><VALUE>Democratic People's Republic of Korea</VALUE><VALUE>Egypt</VALUE>\
             <VALUE>former Soviet Union</VALUE></NATIONALITY>\
             <INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>Passport</TYPE_OF_DOCUMENT>\
             <NUMBER>1084010</NUMBER>\
             <ISSUING_COUNTRY>Egypt</ISSUING_COUNTRY></INDIVIDUAL_DOCUMENT>\
             <INDIVIDUAL_DOCUMENT>\
             <TYPE_OF_DOCUMENT>National Identification\n   Number</TYPE_OF_DOCUMENT>\
             <NUMBER>123</NUMBER><COUNTRY_OF_ISSUE>Iraq</COUNTRY_OF_ISSUE></INDIVIDUAL_DOCUMENT>\
             <INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>Numéro de passeport</TYPE_OF_DOCUMENT>\
             <NUMBER>P9</NUMBER></INDIVIDUAL_DOCUMENT>\
             <INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>Passport</TYPE_OF_DOCUMENT>\
             <NOTE>lost</NOTE></INDIVIDUAL_DOCUMENT>\
             <INDIVIDUAL_DOCUMENT/>",
        );
        assert_eq!(e.gender, Some(Gender::Female));
        let nat: Vec<&str> = e.nationalities.iter().map(CountryCode::as_str).collect();
        assert_eq!(nat, ["PRK", "EGY"]);
        let docs: Vec<(Option<&str>, &str, Option<&str>)> = e
            .documents
            .iter()
            .map(|d| {
                (
                    d.doc_type.as_deref(),
                    d.number.as_str(),
                    d.country.as_ref().map(CountryCode::as_str),
                )
            })
            .collect();
        assert_eq!(
            docs,
            [
                (Some("passport"), "1084010", Some("EGY")),
                (Some("national_identification_number"), "123", Some("IRQ")),
                (Some("passport"), "P9", None),
            ]
        );
        assert_eq!(person("<GENDER>Male</GENDER>").gender, Some(Gender::Male));
    }

    #[test]
    fn entities() {
        let xml = list(
            "",
            "<ENTITY><FIRST_NAME>AL-QAIDA</FIRST_NAME><UN_LIST_TYPE>Al-Qaida</UN_LIST_TYPE>\
             <REFERENCE_NUMBER>QDe.004</REFERENCE_NUMBER>\
             <ENTITY_ALIAS><QUALITY>a.k.a.</QUALITY>\
             <ALIAS_NAME>The Base</ALIAS_NAME></ENTITY_ALIAS>\
             <ENTITY_ALIAS><QUALITY>Low</QUALITY>\
             <ALIAS_NAME>AQ</ALIAS_NAME></ENTITY_ALIAS></ENTITY>\n",
        );
        let e = parse(p(), xml.as_bytes()).expect("parses");
        let first = e.first().expect("one entity");
        assert_eq!(first.kind, EntryKind::Entity);
        assert_eq!(first.entry_id, "QDe.004");
        let names: Vec<(&str, NameQuality)> = first
            .names
            .iter()
            .map(|n| (n.full.as_str(), n.quality))
            .collect();
        assert_eq!(
            names,
            [
                ("AL-QAIDA", NameQuality::Primary),
                ("The Base", NameQuality::Strong),
                ("AQ", NameQuality::Weak),
            ]
        );
    }

    #[test]
    fn errors_name_the_line() {
        let ok = "<INDIVIDUAL><REFERENCE_NUMBER>A</REFERENCE_NUMBER>\
                  <FIRST_NAME>X</FIRST_NAME></INDIVIDUAL>\n";
        // Lines: 1 declaration, 2 root, 3 INDIVIDUALS, 4 first record, 5 second record.
        let cases = [
            list(
                &format!("{ok}<INDIVIDUAL><FIRST_NAME>Y</FIRST_NAME></INDIVIDUAL>\n"),
                "",
            ),
            list(
                &format!(
                    "{ok}<INDIVIDUAL><REFERENCE_NUMBER>B</REFERENCE_NUMBER>\
                           <FIRST_NAME/></INDIVIDUAL>\n"
                ),
                "",
            ),
            list(&format!("{ok}{ok}"), ""),
            list(
                &format!("{ok}<INDIVIDUAL><FIRST_NAME>Y</FIRST_NAME></INDIVIDUL>\n"),
                "",
            ),
        ];
        for xml in &cases {
            let err = parse(p(), xml.as_bytes()).expect_err(xml);
            assert!(err.to_string().starts_with("un.xml:5: "), "{err}");
        }
        let entity = list(
            "",
            "\n\n<ENTITY><REFERENCE_NUMBER>E</REFERENCE_NUMBER></ENTITY>\n",
        );
        assert_eq!(
            line_of_err(parse(p(), entity.as_bytes()).expect_err("no name")),
            8
        );
        let mut bad = list(ok, "").into_bytes();
        bad.splice(0..0, b"\n\n\xff".iter().copied());
        assert_eq!(line_of_err(parse(p(), &bad).expect_err("utf-8")), 3);
        let root = "<?xml version=\"1.0\"?>\n\n<OTHER/>";
        assert_eq!(
            line_of_err(parse(p(), root.as_bytes()).expect_err("root")),
            3
        );
        assert_eq!(line_of_err(parse(p(), b"").expect_err("empty")), 1);
    }

    #[test]
    fn fixture_consolidated_list() {
        let xml = std::fs::read(FIXTURE).expect("fixture");
        let all = parse(Path::new(FIXTURE), &xml).expect("fixture parses");
        let persons: Vec<&Entry> = all.iter().filter(|e| e.kind == EntryKind::Person).collect();
        assert_eq!(persons.len(), 730);
        assert_eq!(all.len() - persons.len(), 273);
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
        let dobs: usize = persons.iter().map(|e| e.dates_of_birth.len()).sum();
        eprintln!(
            "un persons={} dob={with_dob} dobs={dobs} passport={with_passport} \
             nationality={with_nationality} strong={} weak={}",
            persons.len(),
            names(NameQuality::Strong),
            names(NameQuality::Weak)
        );
        // 454 exact dates + 262 exact years + 116 approximate + 31 ranges (58 empty or
        // note-only dates are ignored).
        assert_eq!(dobs, 863);
        // 1,524 "Good" aliases + 336 names in original script.
        assert_eq!(names(NameQuality::Strong), 1_860);
        assert_eq!(names(NameQuality::Weak), 615);
        assert!(with_passport >= 200, "{with_passport}");
        assert!(with_nationality >= 550, "{with_nationality}");
        assert!(all
            .iter()
            .all(|e| !e.entry_id.is_empty() && !e.primary_name().is_empty()));
        let badege = all
            .iter()
            .find(|e| e.entry_id == "CDi.001")
            .expect("CDi.001");
        assert_eq!(badege.primary_name(), "ERIC BADEGE");
        assert_eq!(badege.dates_of_birth, [DateOfBirth::Year { year: 1971 }]);
        assert_eq!(badege.gender, Some(Gender::Male));
        assert_eq!(badege.programs, ["DRC"]);
        let nat: Vec<&str> = badege
            .nationalities
            .iter()
            .map(CountryCode::as_str)
            .collect();
        assert_eq!(nat, ["COD"]);
    }
}
