//! Decoding PNR JSON (wire format v1) into the [`Pnr`] model.
//!
//! The decoder is the data-protection gate: fields outside the model (i.e. outside
//! Annex I) are dropped and only counted, special service requests whose code is not on
//! the allow-list (meals, medical, free-text `OTHS`, …) are dropped and counted, card
//! numbers are masked as they are read, and oversized messages or absurd counts are
//! refused before any screening work is done. A traveller arrives in split names or the
//! airline name form ([`WireTraveller`]); both become one [`PersonName`].
//!
//! Invariants: a [`DecodeError`] names the JSON path and the reason but never quotes a
//! received value (values are personal data); decoding never panics on any input.

use serde::{Deserialize, Deserializer};

use super::limits::DecodeLimits;
use super::outcome::{DecodeError, DecodeReport, Decoded};
use crate::pnr::model::{
    optional_country, CheckInStatus, CountryCode, Date, FrequentFlyer, Gender, PassengerType,
    PersonName, Pnr, Seat, TravelDocument, Traveller,
};
use crate::pnr::name::{parse_airline_name, placeholder_to_empty, take_title};

/// SSR codes kept on receipt (Annex I items 12, 14, 16, 18 and contact/ticketing codes).
/// Every other code, including meal (`AVML`, `MOML`, `KSML`, …) and medical/disability
/// (`WCHR`, `MEDA`, `BLND`, …) codes and free text (`OTHS`), is dropped.
pub(crate) const ALLOWED_SSR_CODES: &[&str] = &[
    "CBBG", "CKIN", "CTCE", "CTCH", "CTCM", "DOCA", "DOCO", "DOCS", "EXST", "FOID", "FQTV", "GRPS",
    "INFT", "NSSA", "NSST", "RQST", "SEAT", "TKNE", "UMNR", "XBAG",
];

/// Decodes one JSON message.
///
/// # Errors
/// The message is too large or empty, is not JSON, a field is missing or invalid (the
/// error names its path), or a list exceeds its limit.
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
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let mut track = serde_path_to_error::Track::new();
    let result = {
        let tracked = serde_path_to_error::Deserializer::new(&mut de, &mut track);
        serde_ignored::deserialize(tracked, |path| {
            let p = path.to_string();
            if p == "remarks" || p.starts_with("remarks.") || p.ends_with(".remarks") {
                // Counted once per remarks field below.
            } else {
                report.dropped_fields += 1;
            }
        })
    };
    let mut pnr: Pnr = match result {
        Ok(pnr) => pnr,
        Err(e) => return Err(to_decode_error(e, track.path().to_string())),
    };
    if let Err(e) = de.end() {
        return Err(to_decode_error(e, String::new()));
    }
    report.dropped_remarks = count_remarks(bytes);
    let before = pnr.special_services.len();
    pnr.special_services
        .retain(|s| ALLOWED_SSR_CODES.contains(&s.code.trim().to_ascii_uppercase().as_str()));
    report.dropped_special_services =
        u32::try_from(before - pnr.special_services.len()).unwrap_or(u32::MAX);
    validate(&pnr, limits)?;
    Ok(Decoded { pnr, report })
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

fn to_decode_error(e: serde_json::Error, path: String) -> DecodeError {
    use serde_json::error::Category;
    let reason = redact_quoted(&strip_position(&e.to_string()));
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

/// Replaces every double-quoted value in a serde message by `"…"` so that no received
/// value (a name, a document number) ends up in an error string.
fn redact_quoted(msg: &str) -> String {
    let mut out = String::with_capacity(msg.len());
    let mut inside = false;
    for c in msg.chars() {
        if c == '"' {
            if inside {
                out.push_str("…\"");
            } else {
                out.push('"');
            }
            inside = !inside;
        } else if !inside {
            out.push(c);
        }
    }
    out
}

fn validate(pnr: &Pnr, limits: &DecodeLimits) -> Result<(), DecodeError> {
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
    for (i, t) in pnr.travellers.iter().enumerate() {
        for (name, len) in [
            ("documents", t.documents.len()),
            ("frequent_flyer", t.frequent_flyer.len()),
            ("seats", t.seats.len()),
        ] {
            check_count(&format!("travellers[{i}].{name}"), len, limits.max_items)?;
        }
        for (j, d) in t.documents.iter().enumerate() {
            if d.number.trim().is_empty() || d.number.len() > 40 {
                return Err(field(
                    &format!("travellers[{i}].documents[{j}].number"),
                    "expected 1 to 40 characters",
                ));
            }
        }
    }
    for (i, s) in pnr.segments.iter().enumerate() {
        for (name, code) in [("origin", &s.origin), ("destination", &s.destination)] {
            if code.len() != 3 || !code.chars().all(|c| c.is_ascii_alphabetic()) {
                return Err(field(
                    &format!("segments[{i}].{name}"),
                    "expected a 3-letter IATA airport code",
                ));
            }
        }
    }
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

/// A traveller as it arrives: split names or the airline name form (`SMITH/JOHN MR`).
#[derive(Debug, Deserialize)]
struct WireTraveller {
    #[serde(default)]
    surname: Option<String>,
    #[serde(default)]
    given_names: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    date_of_birth: Option<Date>,
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

impl TryFrom<WireTraveller> for Traveller {
    type Error = String;

    fn try_from(w: WireTraveller) -> Result<Self, String> {
        let name = match (w.surname, w.name) {
            (Some(surname), name) if !surname.trim().is_empty() => {
                let mut given = w.given_names.unwrap_or_default().trim().to_owned();
                // Split names copied from a PNRGOV name element keep its glued title.
                let mut title = w
                    .title
                    .map(|t| t.trim().to_owned())
                    .filter(|t| !t.is_empty());
                if title.is_none() {
                    title = take_title(&mut given);
                }
                let as_received = name.unwrap_or_else(|| {
                    let mut s = format!("{}/{}", surname.trim(), given.trim());
                    if let Some(t) = &title {
                        s.push(' ');
                        s.push_str(t.trim());
                    }
                    s
                });
                PersonName {
                    surname: placeholder_to_empty(surname.trim()),
                    given_names: placeholder_to_empty(given.trim()),
                    title,
                    as_received,
                }
            }
            (_, Some(name)) if !name.trim().is_empty() => parse_airline_name(&name),
            _ => return Err(
                "a traveller needs `surname` (with `given_names`) or `name` (SURNAME/GIVEN TITLE)"
                    .to_owned(),
            ),
        };
        if name.surname.len() > 100 || name.given_names.len() > 200 {
            return Err(
                "name is longer than 100 (surname) / 200 (given names) characters".to_owned(),
            );
        }
        Ok(Traveller {
            name,
            date_of_birth: w.date_of_birth,
            gender: w.gender,
            nationality: w.nationality,
            passenger_type: w.passenger_type,
            residence_country: w.residence_country,
            documents: w.documents,
            frequent_flyer: w.frequent_flyer,
            seats: w.seats,
            check_in: w.check_in,
        })
    }
}

/// The model's traveller is read through its wire shape (as `#[serde(try_from)]` would),
/// so that the model does not depend on the decoder.
impl<'de> Deserialize<'de> for Traveller {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wire = WireTraveller::deserialize(deserializer)?;
        Traveller::try_from(wire).map_err(serde::de::Error::custom)
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

    #[test]
    fn errors_name_the_field_path_without_values() {
        let json = r#"{"record_locator":"ABC123","travellers":[{"surname":"SMITH","date_of_birth":"12/05/1970"}]}"#;
        let e = decode_json(json.as_bytes(), &DecodeLimits::default()).expect_err("bad date");
        assert_eq!(e.path(), Some("travellers[0].date_of_birth"));
        assert!(e.to_string().contains("YYYY-MM-DD"), "{e}");
        assert!(!e.to_string().contains("12/05/1970"), "{e}");

        let json = r#"{"record_locator":"ABC123","travellers":[{"surname":"SECRETNAME","nationality":42}]}"#;
        let e = decode_json(json.as_bytes(), &DecodeLimits::default()).expect_err("bad type");
        assert_eq!(e.path(), Some("travellers[0].nationality"));

        let e =
            decode_json(br#"{"travellers":[]}"#, &DecodeLimits::default()).expect_err("missing");
        assert!(e.to_string().contains("record_locator"), "{e}");

        let json = r#"{"record_locator":"ABC123","travellers":[{"surname":"S","documents":[{"type":"P","number":"X1","issuing_country":"Narnia"}]}]}"#;
        let e = decode_json(json.as_bytes(), &DecodeLimits::default()).expect_err("country");
        assert_eq!(e.path(), Some("travellers[0].documents[0].issuing_country"));
        assert!(!e.to_string().contains("Narnia"));
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
