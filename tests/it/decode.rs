//! Decoding the documented JSON format: the README example, errors, data protection.

use pnr_screen::pnr::decode::{decode_json, DecodeLimits};

use crate::helpers::root;

fn example() -> String {
    std::fs::read_to_string(root().join("tests/data/pnr/example.json")).expect("example")
}

#[test]
fn the_readme_example_is_the_tested_example() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README");
    assert!(
        readme.contains(example().trim()),
        "README must embed tests/data/pnr/example.json verbatim"
    );
}

#[test]
fn the_example_decodes_with_every_annex_i_group() {
    let d = decode_json(example().as_bytes(), &DecodeLimits::default()).expect("example decodes");
    let p = &d.pnr;
    assert_eq!(p.record_locator, "ZX4K2P");
    assert_eq!(p.travellers.len(), 2);
    assert_eq!(p.travellers[1].name.surname, "SMITH");
    assert_eq!(p.travellers[1].name.given_names, "ANNA");
    assert_eq!(p.travellers[1].name.title.as_deref(), Some("MRS"));
    assert_eq!(p.segments.len(), 2);
    assert_eq!(p.segments[0].operating_carrier.as_deref(), Some("TK"));
    assert_eq!(
        p.payments[0].card_number.as_ref().map(|c| c.as_str()),
        Some("XXXXXXXXXXXX1111")
    );
    assert!(
        p.agency.is_some() && p.split.is_some() && !p.tickets.is_empty() && !p.baggage.is_empty()
    );
    assert!(!p.history.is_empty() && p.number_in_party == Some(2));
    // MOML (a religious meal) is dropped on receipt, SEAT kept; the remark is dropped.
    assert_eq!(p.special_services.len(), 1);
    assert_eq!(d.report.dropped_special_services, 1);
    assert_eq!(d.report.dropped_remarks, 1);
    let reencoded = serde_json::to_string(p).expect("serialize");
    assert!(
        !reencoded.contains("4111111111111111")
            && !reencoded.contains("MOML")
            && !reencoded.contains("AISLE")
    );
}

/// A bad value deep in the PNR is left out and flagged at its path; the rest of the PNR,
/// and every traveller, stays.
#[test]
fn nested_bad_fields_are_flagged_at_their_path() {
    let flagged = |edit: &dyn Fn(&mut serde_json::Value)| {
        let mut v: serde_json::Value = serde_json::from_str(&example()).expect("json");
        edit(&mut v);
        let d = decode_json(v.to_string().as_bytes(), &DecodeLimits::default()).expect("decodes");
        assert_eq!(d.pnr.travellers.len(), 2);
        d.pnr
            .data_quality
            .iter()
            .map(|f| (f.path.clone(), f.problem.as_str()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        flagged(&|v| v["segments"][0]["departure"] = serde_json::json!("tomorrow")),
        [("segments[0].departure".to_owned(), "invalid_format")]
    );
    assert_eq!(
        flagged(&|v| v["segments"][0]["origin"] = serde_json::json!("CAIRO")),
        [("segments[0].origin".to_owned(), "invalid_format")]
    );
    assert_eq!(
        flagged(&|v| v["travellers"][0] = serde_json::json!({"date_of_birth": "1951-06-19"})),
        [("travellers[0].name".to_owned(), "unusable_name")]
    );
}

#[test]
fn error_strings_and_flags_never_quote_received_values() {
    let json = r#"{"record_locator":["SECRETNAME"],"travellers":[{"surname":"X"}]}"#;
    let e = decode_json(json.as_bytes(), &DecodeLimits::default()).expect_err("bad type");
    assert!(!e.to_string().contains("SECRETNAME"), "{e}");
    let json = r#"{"record_locator":"ABC123","travellers":"SECRETVALUE"}"#;
    let e = decode_json(json.as_bytes(), &DecodeLimits::default()).expect_err("bad travellers");
    assert!(!e.to_string().contains("SECRETVALUE"), "{e}");
    let json = r#"{"record_locator":"ABC123","travellers":[{"surname":["SECRETNAME"],"gender":"SECRETVALUE",
        "documents":[{"type":"P","number":["SECRETDOC"]}]}]}"#;
    let d = decode_json(json.as_bytes(), &DecodeLimits::default()).expect("decodes");
    let shown = format!("{:?}", d.pnr.data_quality);
    assert!(
        !shown.contains("SECRETNAME") && !shown.contains("SECRETDOC"),
        "{shown}"
    );
    assert_eq!(d.pnr.data_quality.len(), 4, "{shown}");
}

/// Travel documents' codes for statuses and organisations are kept and shown, and say
/// nothing of a nationality: a stateless traveller neither matches nor contradicts the
/// list's nationality.
#[test]
fn icao_document_codes_are_kept_and_count_as_no_nationality() {
    let json = r#"{"record_locator":"ABC123","travellers":[
        {"surname":"SMITH","nationality":"XXA","documents":[{"type":"P","number":"X1","issuing_country":"d"}]},
        {"surname":"JONES","nationality":"unk"}]}"#;
    let d = decode_json(json.as_bytes(), &DecodeLimits::default()).expect("decodes");
    let [a, b] = &d.pnr.travellers[..] else {
        panic!("two travellers")
    };
    assert_eq!(a.nationality.map(|c| c.to_string()).as_deref(), Some("XXA"));
    assert_eq!(
        a.documents[0]
            .issuing_country
            .map(|c| c.to_string())
            .as_deref(),
        Some("DEU")
    );
    assert_eq!(b.nationality.map(|c| c.to_string()).as_deref(), Some("RKS"));
    assert!(!a.nationality.expect("code").is_state());
    assert!(b.nationality.expect("code").is_state());
}
