//! Decoding PNR JSON (wire format v1) into the [`Pnr`] model.
//!
//! The decoder is the data-protection gate: fields outside the model (i.e. outside
//! Annex I) are dropped and only counted, special service requests whose code is not on
//! the allow-list (meals, medical, free-text `OTHS`, …) are dropped and counted, card
//! numbers are masked as they are read, and oversized messages or absurd counts are
//! refused before any screening work is done. A traveller arrives in split names or the
//! airline name form ([`WireTraveller`]); both become one [`PersonName`], and when both are
//! sent and disagree, the airline form is kept beside it to be screened too.
//!
//! It is also lenient: a message is refused only when it is not JSON, has no usable record
//! locator or no travellers array, or breaks a limit. Any other field that fails validation
//! is left out (or an unknown code kept as `other`) by [`super::repair`] and reported in
//! [`Pnr::data_quality`]; a traveller without a usable name stays on the PNR, marked
//! [`Traveller::unusable_name`], to be alerted as unscreenable.
//!
//! Invariants: a [`DecodeError`] names the JSON path and the reason but never quotes a
//! received value (values are personal data); decoding never panics on any input; a PNR
//! that decodes without a flag took the strict path and is exactly what it was before
//! lenient decoding existed.

use serde::{Deserialize, Deserializer};
use serde_json::Value;

use super::limits::DecodeLimits;
use super::outcome::{DecodeError, DecodeReport, Decoded};
use super::repair::Repair;
use crate::pnr::model::{
    optional_country, BirthDate, CheckInStatus, CountryCode, FrequentFlyer, Gender, PassengerType,
    PersonName, Pnr, Problem, QualityFlag, Seat, TravelDocument, Traveller, UnusableName,
};
use crate::pnr::name::{is_placeholder, parse_airline_name, placeholder_to_empty, take_title};

/// SSR codes kept on receipt (Annex I items 12, 14, 16, 18 and contact/ticketing codes).
/// Every other code, including meal (`AVML`, `MOML`, `KSML`, …) and medical/disability
/// (`WCHR`, `MEDA`, `BLND`, …) codes and free text (`OTHS`), is dropped.
pub(crate) const ALLOWED_SSR_CODES: &[&str] = &[
    "CBBG", "CKIN", "CTCE", "CTCH", "CTCM", "DOCA", "DOCO", "DOCS", "EXST", "FOID", "FQTV", "GRPS",
    "INFT", "NSSA", "NSST", "RQST", "SEAT", "TKNE", "UMNR", "XBAG",
];

/// Repairs tried on one message before it is refused as `too_many_problems`: as many as
/// fit in [`REPAIR_BUDGET_BYTES`] of decoding (each repair decodes the message again), at
/// least [`MIN_REPAIRS`] and at most [`MAX_REPAIRS`]. A 99-traveller group booking of
/// 30 KB with three odd fields per traveller fits; a 1 MiB message gets 64.
const REPAIR_BUDGET_BYTES: usize = 64 << 20;
const MIN_REPAIRS: usize = 64;
const MAX_REPAIRS: usize = 4096;

/// Longest surname and given names read, in characters; a longer one is left out and
/// flagged (and a traveller left without a name is alerted as unscreenable).
const MAX_SURNAME: usize = 100;
const MAX_GIVEN_NAMES: usize = 200;

/// Decodes one JSON message.
///
/// # Errors
/// The message is too large or empty, is not JSON, has no usable record locator or
/// travellers, a list exceeds its limit, or it has more problems than can be repaired.
pub fn decode_json(bytes: &[u8], limits: &DecodeLimits) -> Result<Decoded, DecodeError> {
    if bytes.len() > limits.max_message_bytes {
        return Err(DecodeError::TooLarge {
            size: bytes.len(),
            limit: limits.max_message_bytes,
        });
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(DecodeError::Empty);
    }
    let mut report = DecodeReport::default();
    // A PNR is a JSON object: serde would also read a struct written as an array, whose
    // fields a repair could shift.
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return Err(DecodeError::Field {
            path: "$".to_owned(),
            reason: "expected a JSON object".to_owned(),
        });
    }
    // Any other error sends the message the lenient way, which tells syntax errors apart
    // itself (serde_json reports some type errors as syntax: `null` for an enumeration).
    // A key given twice is ambiguous (parsers disagree on which one counts): refused.
    let (mut pnr, repair) = match strict(bytes, &mut report.dropped_fields) {
        Ok(pnr) => (pnr, Repair::default()),
        Err(e) if e.to_string().starts_with("duplicate field") => {
            return Err(to_decode_error(&e, String::new()));
        }
        Err(_) => lenient(bytes, limits, &mut report.dropped_fields)?,
    };
    report.dropped_remarks = count_remarks(bytes);
    let before = pnr.special_services.len();
    pnr.special_services
        .retain(|s| ALLOWED_SSR_CODES.contains(&s.code.trim().to_ascii_uppercase().as_str()));
    report.dropped_special_services =
        u32::try_from(before - pnr.special_services.len()).unwrap_or(u32::MAX);
    validate(&mut pnr, limits, &repair)?;
    Ok(Decoded { pnr, report })
}

/// Counts a field outside the model (free-text remarks are counted apart).
fn count_ignored(path: &serde_ignored::Path<'_>, dropped: &mut u32) {
    let p = path.to_string();
    if !(p == "remarks" || p.starts_with("remarks.") || p.ends_with(".remarks")) {
        *dropped += 1;
    }
}

/// Decodes the message as it is.
fn strict(bytes: &[u8], dropped: &mut u32) -> Result<Pnr, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let pnr: Pnr = serde_ignored::deserialize(&mut de, |path| count_ignored(&path, dropped))?;
    de.end()?;
    Ok(pnr)
}

/// Decodes the message leniently: parsed once, then repaired field by field until it
/// decodes (see [`super::repair`]).
fn lenient(
    bytes: &[u8],
    limits: &DecodeLimits,
    dropped: &mut u32,
) -> Result<(Pnr, Repair), DecodeError> {
    let mut value: Value =
        serde_json::from_slice(bytes).map_err(|e| to_decode_error(&e, String::new()))?;
    // Absurd counts are refused before any repair work.
    if let Some(travellers) = value.get("travellers").and_then(Value::as_array) {
        check_count("travellers", travellers.len(), limits.max_travellers)?;
    }
    // Each repair decodes the message again: the number allowed shrinks as the message
    // grows, so that no message costs more than about REPAIR_BUDGET_BYTES of decoding.
    let max_repairs = (REPAIR_BUDGET_BYTES / bytes.len().max(1)).clamp(MIN_REPAIRS, MAX_REPAIRS);
    let mut repair = Repair::default();
    for _ in 0..max_repairs {
        *dropped = 0;
        let mut track = serde_path_to_error::Track::new();
        let result: Result<Pnr, serde_json::Error> = {
            let tracked = serde_path_to_error::Deserializer::new(&value, &mut track);
            serde_ignored::deserialize(tracked, |path| count_ignored(&path, dropped))
        };
        match result {
            Ok(mut pnr) => {
                pnr.data_quality = std::mem::take(&mut repair.flags);
                return Ok((pnr, repair));
            }
            Err(e) => {
                let path = track.path();
                if repair.fix(&mut value, &path, &e.to_string()).is_err() {
                    return Err(to_decode_error(&e, path.to_string()));
                }
            }
        }
    }
    Err(DecodeError::TooManyProblems { limit: max_repairs })
}

/// Counts `remarks` entries without keeping them (they are free text, never processed).
fn count_remarks(bytes: &[u8]) -> u32 {
    #[derive(Deserialize)]
    struct Remarks {
        #[serde(default)]
        remarks: Option<serde::de::IgnoredAny>,
    }
    #[derive(Deserialize)]
    struct RemarkCount {
        #[serde(default)]
        remarks: Vec<serde::de::IgnoredAny>,
    }
    match serde_json::from_slice::<Remarks>(bytes) {
        Ok(Remarks { remarks: Some(_) }) => serde_json::from_slice::<RemarkCount>(bytes)
            .map(|r| u32::try_from(r.remarks.len()).unwrap_or(u32::MAX))
            .unwrap_or(1),
        _ => 0,
    }
}

fn to_decode_error(e: &serde_json::Error, path: String) -> DecodeError {
    use serde_json::error::Category;
    let reason = redact(&strip_position(&e.to_string()));
    match e.classify() {
        Category::Syntax | Category::Eof | Category::Io => DecodeError::Syntax {
            line: e.line(),
            column: e.column(),
            reason,
        },
        Category::Data => DecodeError::Field {
            path: if path.is_empty() || path == "." {
                "$".to_owned()
            } else {
                path
            },
            reason,
        },
    }
}

/// serde_json appends " at line L column C"; the path says where instead.
fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_owned(),
        None => msg.to_owned(),
    }
}

/// A serde message without any received value in it. serde quotes values after its data
/// error kinds (`invalid type: string "X", expected …`, `unknown variant `X`, expected …`),
/// escaped, so the message is rebuilt from the kind and what follows `expected` (the
/// model's own words); field names (`missing field `number``) stay; any other message
/// (syntax errors, the model's own reasons) has every double-quoted span replaced by `…`.
fn redact(msg: &str) -> String {
    for kind in [
        "invalid type",
        "invalid value",
        "invalid length",
        "unknown variant",
    ] {
        if msg.starts_with(kind) {
            return match msg.rfind(", expected") {
                Some(i) => format!("{kind}{}", &msg[i..]),
                None => kind.to_owned(),
            };
        }
    }
    if ["missing field", "duplicate field"]
        .iter()
        .any(|p| msg.starts_with(p))
    {
        return msg.to_owned();
    }
    let mut out = String::with_capacity(msg.len());
    let mut inside = false;
    let mut escaped = false;
    for c in msg.chars() {
        if inside {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                out.push_str("…\"");
                inside = false;
            }
        } else {
            out.push(c);
            inside = c == '"';
        }
    }
    out
}

/// Checks what the types cannot: refuses a PNR without a usable record locator or
/// travellers, or over a limit; leaves out (and flags) documents without a usable
/// number and unusable airport codes; flags days without a time and travellers' names.
/// Paths name elements by their index as received (`repair` knows what it removed).
fn validate(pnr: &mut Pnr, limits: &DecodeLimits, repair: &Repair) -> Result<(), DecodeError> {
    let field = |path: &str, reason: &str| DecodeError::Field {
        path: path.to_owned(),
        reason: reason.to_owned(),
    };
    let rl = pnr.record_locator.trim();
    if rl.is_empty() || rl.len() > 20 || !rl.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(field(
            "record_locator",
            "expected 1 to 20 letters or digits",
        ));
    }
    if pnr.travellers.is_empty() {
        return Err(field("travellers", "a PNR needs at least one traveller"));
    }
    check_count("travellers", pnr.travellers.len(), limits.max_travellers)?;
    check_count("segments", pnr.segments.len(), limits.max_segments)?;
    for (name, len) in [
        ("contacts", pnr.contacts.len()),
        ("addresses", pnr.addresses.len()),
        ("payments", pnr.payments.len()),
        ("tickets", pnr.tickets.len()),
        ("baggage", pnr.baggage.len()),
        ("special_services", pnr.special_services.len()),
        ("history", pnr.history.len()),
    ] {
        check_count(name, len, limits.max_items)?;
    }
    let mut flags = Vec::new();
    let mut flag = |path: String, problem: Problem| {
        flags.push(QualityFlag {
            path,
            problem,
            raw: None,
        });
    };
    for (i, t) in pnr.travellers.iter_mut().enumerate() {
        for (name, len) in [
            ("documents", t.documents.len()),
            ("frequent_flyer", t.frequent_flyer.len()),
            ("seats", t.seats.len()),
        ] {
            check_count(&format!("travellers[{i}].{name}"), len, limits.max_items)?;
        }
        let mut j = 0;
        t.documents.retain(|d| {
            let number = d.number.trim();
            let problem = if number.is_empty() {
                Some(Problem::Missing)
            } else if number.len() > 40 {
                Some(Problem::TooLong)
            } else {
                None
            };
            if let Some(p) = problem {
                let documents = format!("travellers[{i}].documents");
                let j = repair.original_index(&documents, j);
                flag(format!("{documents}[{j}].number"), p);
            }
            j += 1;
            problem.is_none()
        });
        if t.unusable_name.is_some() {
            flag(format!("travellers[{i}].name"), Problem::UnusableName);
        }
        if t.other_name.is_some() {
            flag(format!("travellers[{i}].name"), Problem::NamesDisagree);
        }
    }
    for (now, s) in pnr.segments.iter_mut().enumerate() {
        let i = repair.original_index("segments", now);
        for (name, code) in [
            ("origin", &mut s.origin),
            ("destination", &mut s.destination),
        ] {
            let trimmed = code.trim();
            // IATA: three letters; ICAO: four characters, the first a letter (K1G4).
            let usable = match trimmed.as_bytes() {
                [a, b, c] => [a, b, c].iter().all(|x| x.is_ascii_alphabetic()),
                [a, rest @ ..] if rest.len() == 3 => {
                    a.is_ascii_alphabetic() && rest.iter().all(u8::is_ascii_alphanumeric)
                }
                _ => false,
            };
            if usable {
                if trimmed.len() != code.len() {
                    *code = trimmed.to_owned();
                }
                code.make_ascii_uppercase();
            } else {
                // An unknown airport: features that need it become unknown.
                flag(format!("segments[{i}].{name}"), Problem::InvalidFormat);
                code.clear();
            }
        }
        if !s.departure.has_time() {
            flag(format!("segments[{i}].departure"), Problem::DateWithoutTime);
        }
        if s.arrival.as_ref().is_some_and(|a| !a.has_time()) {
            flag(format!("segments[{i}].arrival"), Problem::DateWithoutTime);
        }
    }
    pnr.data_quality.extend(flags);
    Ok(())
}

fn check_count(path: &str, count: usize, limit: usize) -> Result<(), DecodeError> {
    if count > limit {
        return Err(DecodeError::TooMany {
            path: path.to_owned(),
            count,
            limit,
        });
    }
    Ok(())
}

/// A name field: a string of at most `N` characters once trimmed.
fn bounded_name<'de, D: Deserializer<'de>, const N: usize>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    let s: Option<String> = Option::deserialize(deserializer)?;
    match s {
        Some(s) if s.trim().chars().count() > N => Err(serde::de::Error::custom(format!(
            "too long: over {N} characters"
        ))),
        s => Ok(s),
    }
}

/// A traveller as it arrives: split names or the airline name form (`SMITH/JOHN MR`).
#[derive(Debug, Deserialize)]
struct WireTraveller {
    #[serde(default, deserialize_with = "bounded_name::<_, MAX_SURNAME>")]
    surname: Option<String>,
    #[serde(default, deserialize_with = "bounded_name::<_, MAX_GIVEN_NAMES>")]
    given_names: Option<String>,
    #[serde(default)]
    title: Option<String>,
    /// The airline name form holds both.
    #[serde(
        default,
        deserialize_with = "bounded_name::<_, { MAX_SURNAME + MAX_GIVEN_NAMES + 16 }>"
    )]
    name: Option<String>,
    #[serde(default)]
    date_of_birth: Option<BirthDate>,
    #[serde(default)]
    gender: Option<Gender>,
    #[serde(default, deserialize_with = "optional_country")]
    nationality: Option<CountryCode>,
    #[serde(default)]
    passenger_type: Option<PassengerType>,
    #[serde(default, deserialize_with = "optional_country")]
    residence_country: Option<CountryCode>,
    #[serde(default)]
    documents: Vec<TravelDocument>,
    #[serde(default)]
    frequent_flyer: Vec<FrequentFlyer>,
    #[serde(default)]
    seats: Vec<Seat>,
    #[serde(default)]
    check_in: Option<CheckInStatus>,
}

/// Whether a name part holds nothing but placeholders (`FNU`, `*`, `-`, `?`, `X`): no
/// letter or digit outside a placeholder word.
fn only_placeholders(s: &str) -> bool {
    s.split(|c: char| c.is_whitespace() || c == '/')
        .filter(|w| !w.is_empty())
        .all(|w| {
            !w.chars().any(char::is_alphanumeric)
                || is_placeholder(w)
                || w.eq_ignore_ascii_case("X")
        })
}

/// The traveller's names from split fields, when a surname is given.
fn split_name(w: &mut WireTraveller) -> Option<PersonName> {
    let surname = w.surname.take().filter(|s| !s.trim().is_empty())?;
    let mut given = w.given_names.take().unwrap_or_default().trim().to_owned();
    // Split names copied from a PNRGOV name element keep its glued title.
    let mut title = w
        .title
        .take()
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty());
    if title.is_none() {
        title = take_title(&mut given);
    }
    let mut as_received = format!("{}/{}", surname.trim(), given.trim());
    if let Some(t) = &title {
        as_received.push(' ');
        as_received.push_str(t.trim());
    }
    Some(PersonName {
        surname: placeholder_to_empty(surname.trim()),
        given_names: placeholder_to_empty(given.trim()),
        title,
        as_received,
    })
}

/// The letters and digits of a name, upper-cased, for telling whether two forms agree.
fn name_key(n: &PersonName) -> String {
    format!("{} {}", n.surname, n.given_names)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect()
}

impl From<WireTraveller> for Traveller {
    fn from(mut w: WireTraveller) -> Self {
        let raw_name = w.name.take().filter(|n| !n.trim().is_empty());
        let had_text = [&w.surname, &w.given_names, &raw_name]
            .iter()
            .any(|s| s.as_deref().is_some_and(|s| !s.trim().is_empty()));
        let split = split_name(&mut w);
        let airline = raw_name.as_deref().map(parse_airline_name);
        let (mut name, other_name) = match (split, airline) {
            (Some(mut split), Some(airline)) => {
                let disagree = name_key(&split) != name_key(&airline);
                split.as_received = airline.as_received.clone();
                (split, disagree.then_some(airline))
            }
            (Some(split), None) => (split, None),
            (None, Some(airline)) => (airline, None),
            (None, None) => (
                PersonName {
                    surname: String::new(),
                    given_names: w.given_names.take().unwrap_or_default(),
                    title: None,
                    as_received: String::new(),
                },
                None,
            ),
        };
        if only_placeholders(&name.surname) {
            name.surname.clear();
        }
        if only_placeholders(&name.given_names) {
            name.given_names.clear();
        }
        let usable = |n: &PersonName| !n.surname.is_empty() || !n.given_names.is_empty();
        // The airline form is the one screened when the split form holds nothing usable.
        let (name, other_name) = match other_name {
            Some(other) if !usable(&name) && usable(&other) => (other, None),
            other => (name, other.filter(usable)),
        };
        let unusable_name = if usable(&name) {
            None
        } else if had_text {
            Some(UnusableName::Placeholder)
        } else {
            Some(UnusableName::Missing)
        };
        Traveller {
            name,
            other_name,
            unusable_name,
            date_of_birth: w.date_of_birth,
            gender: w.gender,
            nationality: w.nationality,
            passenger_type: w.passenger_type,
            residence_country: w.residence_country,
            documents: w.documents,
            frequent_flyer: w.frequent_flyer,
            seats: w.seats,
            check_in: w.check_in,
        }
    }
}

/// The model's traveller is read through its wire shape (as `#[serde(from)]` would), so
/// that the model does not depend on the decoder.
impl<'de> Deserialize<'de> for Traveller {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        WireTraveller::deserialize(deserializer).map(Traveller::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minimal(extra: &str) -> String {
        format!(
            r#"{{"record_locator":"ABC123","travellers":[{{"surname":"SMITH","given_names":"JOHN"}}]{extra}}}"#
        )
    }

    #[test]
    fn split_names_lose_a_title_unless_a_title_is_given() {
        let decode = |traveller: &str| {
            let json = format!(r#"{{"record_locator":"ABC123","travellers":[{traveller}]}}"#);
            let d = decode_json(json.as_bytes(), &DecodeLimits::default()).expect("valid");
            let n = d.pnr.travellers[0].name.clone();
            (n.given_names, n.title)
        };
        assert_eq!(
            decode(r#"{"surname":"SMITH","given_names":"Anna MariaMRS"}"#),
            ("Anna Maria".to_owned(), Some("MRS".to_owned()))
        );
        assert_eq!(
            decode(r#"{"surname":"MOUSSA","given_names":"AMR"}"#),
            ("AMR".to_owned(), None)
        );
        // A title as the last word of the given names, as the airline name form has it.
        assert_eq!(
            decode(r#"{"surname":"TAYLOR","given_names":"MARY Miss"}"#),
            ("MARY".to_owned(), Some("MISS".to_owned()))
        );
        assert_eq!(
            decode(r#"{"surname":"SMITH","given_names":"DR"}"#),
            (String::new(), Some("DR".to_owned()))
        );
        assert_eq!(
            decode(r#"{"surname":"SMITH","given_names":"JOHNMR","title":"DR"}"#),
            ("JOHNMR".to_owned(), Some("DR".to_owned()))
        );
    }

    #[test]
    fn decodes_minimal_and_masks_cards() {
        let json = minimal(r#","payments":[{"form":"card","card_number":"4111 1111 1111 1234"}]"#);
        let d = decode_json(json.as_bytes(), &DecodeLimits::default()).expect("valid");
        let card = d.pnr.payments[0].card_number.as_ref().expect("card");
        assert_eq!(card.as_str(), "XXXXXXXXXXXX1234");
        assert!(!serde_json::to_string(&d.pnr).expect("ser").contains("4111"));
    }

    /// The flags of a decoded message: path, problem, raw value.
    fn flags(json: &str) -> (Pnr, Vec<(String, Problem, Option<String>)>) {
        let d = decode_json(json.as_bytes(), &DecodeLimits::default()).expect("decodes");
        let f = d
            .pnr
            .data_quality
            .iter()
            .map(|f| (f.path.clone(), f.problem, f.raw.clone()))
            .collect();
        (d.pnr, f)
    }

    #[test]
    fn only_the_record_locator_and_the_travellers_array_refuse() {
        let e =
            decode_json(br#"{"travellers":[]}"#, &DecodeLimits::default()).expect_err("missing");
        assert!(e.to_string().contains("record_locator"), "{e}");
        for bad in [
            r#"{"record_locator":42,"travellers":[{"surname":"A"}]}"#,
            r#"{"record_locator":"AB C","travellers":[{"surname":"A"}]}"#,
            r#"{"record_locator":"ABC","travellers":{"surname":"A"}}"#,
            r#"{"record_locator":"ABC","travellers":[]}"#,
            r#"[1,2]"#,
        ] {
            let e = decode_json(bad.as_bytes(), &DecodeLimits::default()).expect_err(bad);
            assert_eq!(e.reason_code(), "invalid_field", "{bad}");
        }
    }

    #[test]
    fn a_bad_optional_field_is_left_out_and_flagged_without_its_value() {
        let (pnr, f) = flags(
            r#"{"record_locator":"ABC123","travellers":[{"surname":"SECRETNAME","nationality":42,"date_of_birth":"12/05/1970"},
                {"surname":"CLEAN","gender":"Q","documents":[{"type":"P","number":"X1","issuing_country":"Narnia"},{"type":"P","number":"X2","issuing_country":"ZZZ"}]}]}"#,
        );
        assert_eq!(pnr.travellers.len(), 2);
        assert_eq!(pnr.travellers[0].name.surname, "SECRETNAME");
        assert_eq!(pnr.travellers[0].nationality, None);
        assert_eq!(pnr.travellers[0].date_of_birth, None);
        assert_eq!(pnr.travellers[1].documents.len(), 2, "documents are kept");
        assert!(pnr.travellers[1]
            .documents
            .iter()
            .all(|d| d.issuing_country.is_none()));
        assert_eq!(
            f,
            vec![
                (
                    "travellers[0].nationality".to_owned(),
                    Problem::WrongType,
                    Some("42".to_owned())
                ),
                (
                    "travellers[0].date_of_birth".to_owned(),
                    Problem::InvalidFormat,
                    Some("12/05/1970".to_owned())
                ),
                (
                    "travellers[1].gender".to_owned(),
                    Problem::UnknownCode,
                    Some("Q".to_owned())
                ),
                (
                    "travellers[1].documents[0].issuing_country".to_owned(),
                    Problem::UnknownCode,
                    Some("Narnia".to_owned())
                ),
                (
                    "travellers[1].documents[1].issuing_country".to_owned(),
                    Problem::UnknownCode,
                    Some("ZZZ".to_owned())
                ),
            ]
        );
    }

    #[test]
    fn impossible_dates_and_partial_dates_of_birth() {
        let dob = |d: &str| {
            flags(&format!(
                r#"{{"record_locator":"A","travellers":[{{"surname":"S","date_of_birth":"{d}"}}]}}"#
            ))
        };
        for (given, kept) in [
            ("1951", "1951"),
            ("1951-06", "1951-06"),
            ("19510619", "1951-06-19"),
            ("1951-00-00", "1951"),
            ("1951-06-00", "1951-06"),
        ] {
            let (pnr, f) = dob(given);
            assert!(f.is_empty(), "{given}: {f:?}");
            assert_eq!(
                pnr.travellers[0].date_of_birth.map(String::from).as_deref(),
                Some(kept)
            );
        }
        for impossible in ["1951-02-30", "0000-00-00", "1951-13-01", "1951-13"] {
            let (pnr, f) = dob(impossible);
            assert_eq!(pnr.travellers[0].date_of_birth, None);
            assert_eq!(f[0].1, Problem::ImpossibleDate, "{impossible}");
        }
    }

    #[test]
    fn unknown_codes_of_enumerations_are_kept_as_other() {
        let (pnr, f) = flags(
            r#"{"record_locator":"A","travellers":[{"surname":"S","passenger_type":"YTH","check_in":"LOST"}],
                "contacts":[{"type":"pager","value":"+44 20 7946 0000"}],"payments":[{"form":"VOUCHER"}]}"#,
        );
        assert_eq!(pnr.travellers[0].passenger_type, Some(PassengerType::Other));
        assert_eq!(pnr.travellers[0].check_in, Some(CheckInStatus::Other));
        assert_eq!(pnr.contacts[0].kind, crate::pnr::model::ContactKind::Other);
        assert_eq!(pnr.contacts[0].value, "+44 20 7946 0000");
        assert_eq!(pnr.payments[0].form, crate::pnr::model::PaymentForm::Other);
        let codes: Vec<_> = f
            .iter()
            .map(|(p, c, r)| (p.as_str(), *c, r.as_deref()))
            .collect();
        assert_eq!(
            codes,
            [
                (
                    "travellers[0].passenger_type",
                    Problem::UnknownCode,
                    Some("YTH")
                ),
                ("travellers[0].check_in", Problem::UnknownCode, Some("LOST")),
                ("contacts[0].type", Problem::UnknownCode, Some("pager")),
                ("payments[0].form", Problem::UnknownCode, Some("VOUCHER")),
            ]
        );
    }

    #[test]
    fn removed_elements_keep_their_received_index_and_no_value_of_theirs() {
        let (pnr, f) = flags(
            r#"{"record_locator":"A","travellers":[{"surname":"S"}],
                "segments":[{"origin":"LHR","destination":"JFK","departure":"bad"},
                            {"origin":"JFK","destination":"LHR","departure":"2026-03-02T10:00"},
                            {"origin":"LHR","destination":"CDG"},
                            {"origin":"CDG","destination":"EGLL","departure":"2026-03-04"}],
                "payments":[{"form":"card","card_number":4111111111111111}],
                "special_services":[{"code":42}]}"#,
        );
        assert_eq!(pnr.segments.len(), 2);
        assert_eq!(pnr.segments[1].destination, "EGLL", "ICAO codes are kept");
        let codes: Vec<_> = f
            .iter()
            .map(|(p, c, r)| (p.as_str(), *c, r.clone()))
            .collect();
        assert_eq!(
            codes,
            [
                (
                    "segments[0].departure",
                    Problem::InvalidFormat,
                    Some("bad".to_owned())
                ),
                ("segments[2]", Problem::Missing, None),
                ("payments[0].card_number", Problem::WrongType, None),
                ("special_services[0].code", Problem::WrongType, None),
                ("segments[3].departure", Problem::DateWithoutTime, None),
            ]
        );
        assert!(pnr.payments[0].card_number.is_none());
        assert!(pnr.special_services.is_empty());
    }

    #[test]
    fn travellers_without_a_usable_name_stay_and_are_marked() {
        let (pnr, f) = flags(
            r#"{"record_locator":"A","travellers":[{"surname":"FNU","given_names":"FNU"},{"name":"*"},{"name":"/"},{},42,
                {"surname":"SMITH","given_names":"JOHN","name":"JONES/JOHN MR"},
                {"surname":"-","name":"DOE/JANE"}]}"#,
        );
        let unusable: Vec<_> = pnr.travellers.iter().map(|t| t.unusable_name).collect();
        assert_eq!(
            unusable,
            [
                Some(UnusableName::Placeholder),
                Some(UnusableName::Placeholder),
                Some(UnusableName::Placeholder),
                Some(UnusableName::Missing),
                Some(UnusableName::Missing),
                None,
                None,
            ]
        );
        let smith = &pnr.travellers[5];
        assert_eq!(smith.name.surname, "SMITH");
        assert_eq!(
            smith.other_name.as_ref().map(|n| n.surname.as_str()),
            Some("JONES")
        );
        // The split surname is a placeholder: the airline form is the name.
        assert_eq!(pnr.travellers[6].name.surname, "DOE");
        assert!(pnr.travellers[6].other_name.is_none());
        assert!(f.contains(&("travellers[4]".to_owned(), Problem::WrongType, None)));
        assert!(f.contains(&(
            "travellers[5].name".to_owned(),
            Problem::NamesDisagree,
            None
        )));
        assert_eq!(f.iter().filter(|x| x.1 == Problem::UnusableName).count(), 5);
    }

    #[test]
    fn refusal_reasons_never_quote_values() {
        let e = decode_json(
            br#"{"record_locator":"SECRET LOCATOR","travellers":[{"surname":"A"}]}"#,
            &DecodeLimits::default(),
        )
        .expect_err("locator");
        assert!(!e.to_string().contains("SECRET"), "{e}");
        for msg in [
            "invalid type: string `SECRET`, expected a number",
            "unknown variant `SECRET`, expected one of `a`, `b`",
            r#"invalid value: "SECRET", expected x"#,
        ] {
            let r = redact(msg);
            assert!(!r.contains("SECRET"), "{r}");
            assert!(r.contains("expected"), "{r}");
        }
        assert_eq!(redact("missing field `number`"), "missing field `number`");
        // serde escapes quotes inside a value; the escape is no end of it.
        for body in [
            r#"{"record_locator":"ABC","travellers":"x\"ZAWAHIRI"}"#,
            r#"{"record_locator":"ABC","travellers":"a, expected ZAWAHIRI"}"#,
        ] {
            let e = decode_json(body.as_bytes(), &DecodeLimits::default()).expect_err(body);
            assert!(!e.to_string().contains("ZAWAHIRI"), "{e}");
        }
    }

    #[test]
    fn review_cases_decode_as_documented() {
        // A padded surname is trimmed, not dropped as too long.
        let padded = format!(
            r#"{{"record_locator":"A","travellers":[{{"surname":"ZAWAHIRI{}","given_names":"AYMAN"}}]}}"#,
            " ".repeat(120)
        );
        let (pnr, f) = flags(&padded);
        assert_eq!(pnr.travellers[0].name.surname, "ZAWAHIRI");
        assert!(f.is_empty(), "{f:?}");
        // A key given twice is refused: parsers disagree on which one counts.
        let e = decode_json(
            br#"{"record_locator":"A","travellers":[{"surname":"ZAWAHIRI","surname":"SMITH"}]}"#,
            &DecodeLimits::default(),
        )
        .expect_err("duplicate");
        assert_eq!(e.reason_code(), "invalid_field");
        // An element left out for a missing part is flagged, whatever else was wrong in it.
        let (pnr, f) = flags(
            r#"{"record_locator":"A","travellers":[{"surname":"S"}],
                "segments":[{"origin":"LHR","destination":"JFK","arrival":"bad"}],
                "contacts":[{"type":"pager"}]}"#,
        );
        assert!(pnr.segments.is_empty() && pnr.contacts.is_empty());
        let paths: Vec<(&str, Problem)> = f.iter().map(|(p, c, _)| (p.as_str(), *c)).collect();
        assert_eq!(
            paths,
            [
                ("segments[0].arrival", Problem::InvalidFormat),
                ("segments[0]", Problem::Missing),
                ("contacts[0].type", Problem::UnknownCode),
                ("contacts[0]", Problem::Missing),
            ]
        );
        // A group booking with three odd fields on each of 99 travellers is screened.
        let traveller = r#"{"surname":"GROUP","date_of_birth":"12/05/1970","nationality":"British","gender":"Q"}"#;
        let group = format!(
            r#"{{"record_locator":"G","travellers":[{}]}}"#,
            vec![traveller; 99].join(",")
        );
        let (pnr, f) = flags(&group);
        assert_eq!((pnr.travellers.len(), f.len()), (99, 297));
    }

    #[test]
    fn refuses_oversized_and_absurd_counts() {
        let limits = DecodeLimits {
            max_message_bytes: 50,
            ..DecodeLimits::default()
        };
        let e = decode_json(minimal("").as_bytes(), &limits).expect_err("too large");
        assert_eq!(e.reason_code(), "too_large");

        let travellers: Vec<String> = (0..100).map(|_| r#"{"surname":"A"}"#.to_owned()).collect();
        let json = format!(
            r#"{{"record_locator":"X","travellers":[{}]}}"#,
            travellers.join(",")
        );
        let e = decode_json(json.as_bytes(), &DecodeLimits::default()).expect_err("too many");
        assert_eq!(e.reason_code(), "too_many_items");
        assert_eq!(e.path(), Some("travellers"));
    }

    #[test]
    fn drops_sensitive_services_and_remarks() {
        let json = minimal(
            r#","special_services":[{"code":"MOML","traveller":0},{"code":"WCHR"},{"code":"UMNR","traveller":0}],"remarks":["VIP","NEEDS WHEELCHAIR"],"meal":"x""#,
        );
        let d = decode_json(json.as_bytes(), &DecodeLimits::default()).expect("valid");
        assert_eq!(d.pnr.special_services.len(), 1);
        assert_eq!(d.pnr.special_services[0].code, "UMNR");
        assert_eq!(d.report.dropped_special_services, 2);
        assert_eq!(d.report.dropped_remarks, 2);
        assert_eq!(d.report.dropped_fields, 1);
    }

    #[test]
    fn syntax_errors_and_trailing_garbage() {
        let e = decode_json(b"{not json", &DecodeLimits::default()).expect_err("syntax");
        assert_eq!(e.reason_code(), "json_syntax");
        let e = decode_json(
            format!("{} x", minimal("")).as_bytes(),
            &DecodeLimits::default(),
        )
        .expect_err("trailing");
        assert_eq!(e.reason_code(), "json_syntax");
        assert_eq!(
            decode_json(b"  ", &DecodeLimits::default()).expect_err("empty"),
            DecodeError::Empty
        );
    }
}
