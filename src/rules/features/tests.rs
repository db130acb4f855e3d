//! Unit tests of the feature computation: the catalogue's names, the README example PNR,
//! trip types, third-party payment and minors, and inputs that must not panic.

use chrono::Utc;

use super::catalogue::{PNR_FEATURES, TRAVELLER_FEATURES};
use super::compute::features;
use super::payment::holder_matches;
use super::value::{FeatureValue, Features};
use crate::pnr::decode::{decode_json, DecodeLimits};
use crate::pnr::model::Pnr;
use crate::rules::names::name_tokens;
use crate::rules::window::Window;

fn pnr(json: &str) -> Pnr {
    decode_json(json.as_bytes(), &DecodeLimits::default())
        .expect("test PNR decodes")
        .pnr
}

fn now() -> chrono::DateTime<Utc> {
    chrono::DateTime::parse_from_rfc3339("2026-11-21T09:00:00Z")
        .expect("valid")
        .with_timezone(&Utc)
}

fn example() -> Features {
    let json = std::fs::read_to_string("tests/data/pnr/example.json").expect("fixture");
    features(&pnr(&json), &Window::default(), now())
}

fn num(f: &Features, name: &str) -> f64 {
    match f.get(name) {
        Some(FeatureValue::Number(n)) => *n,
        other => panic!("{name}: {other:?}"),
    }
}

#[test]
fn catalogue_names_are_unique_snake_case_and_not_sensitive() {
    let mut seen = std::collections::HashSet::new();
    for d in PNR_FEATURES.iter().chain(TRAVELLER_FEATURES) {
        assert!(seen.insert(d.name), "duplicate feature {}", d.name);
        assert!(d
            .name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'));
        assert!(
            super::super::lawful::sensitive_reason(d.name).is_none(),
            "{} looks sensitive",
            d.name
        );
        assert!(!d.meaning.is_empty());
    }
}

#[test]
fn example_pnr_features() {
    let f = example();
    // Booked 2026-11-20T10:15Z; CAI departure 09:15 local (07:15Z) on 2026-12-03.
    assert_eq!(num(&f, "hours_booked_before_departure"), 309.0);
    assert_eq!(num(&f, "days_booked_before_departure"), 12.88);
    assert_eq!(num(&f, "hours_ticketed_before_departure"), 308.92);
    assert_eq!(f.get("trip_type"), Some(&FeatureValue::Symbol("one_way")));
    assert_eq!(f.get("ticket_one_way"), Some(&FeatureValue::Bool(true)));
    // Arrive IST 11:05 local (08:05Z), leave 13:40+03:00 (10:40Z): 155 minutes.
    assert_eq!(
        f.get("connection_minutes"),
        Some(&FeatureValue::NumberList(vec![155.0]))
    );
    assert_eq!(
        f.get("transit_airports"),
        Some(&FeatureValue::TextList(vec!["IST".into()]))
    );
    assert_eq!(
        f.get("route_countries"),
        Some(&FeatureValue::TextList(vec![
            "EGY".into(),
            "TUR".into(),
            "DEU".into()
        ]))
    );
    assert_eq!(
        f.get("destination_airport"),
        Some(&FeatureValue::Text("FRA".into()))
    );
    assert_eq!(f.get("international"), Some(&FeatureValue::Bool(true)));
    assert_eq!(f.get("payment_form"), Some(&FeatureValue::Symbol("card")));
    // The card holder (ANNA SMITH) is traveller 1.
    assert_eq!(
        f.get("payer_not_traveller"),
        Some(&FeatureValue::Bool(false))
    );
    assert_eq!(num(&f, "party_size"), 2.0);
    assert_eq!(num(&f, "distinct_surnames"), 2.0);
    assert_eq!(num(&f, "bag_count"), 1.0);
    assert_eq!(f.get("split_pnr"), Some(&FeatureValue::Bool(true)));
    assert_eq!(
        f.get("booked_outside_origin_country"),
        Some(&FeatureValue::Bool(false))
    );
    assert_eq!(num(&f, "itinerary_change_count"), 1.0);
    assert_eq!(num(&f, "travellers_without_document"), 1.0);
    assert!(num(&f, "route_ratio") > 1.0 && num(&f, "route_ratio") < 1.2);
    assert_eq!(f.traveller(0, "age"), Some(&FeatureValue::Number(75.0)));
    assert_eq!(f.traveller(1, "age"), Some(&FeatureValue::Number(38.0)));
    assert_eq!(
        f.traveller(0, "document_issuer_differs_from_nationality"),
        Some(&FeatureValue::Bool(false))
    );
    assert_eq!(
        f.traveller(0, "frequent_flyer_tier"),
        Some(&FeatureValue::Text("GOLD".into()))
    );
    assert_eq!(
        f.traveller(1, "has_document"),
        Some(&FeatureValue::Bool(false))
    );
    // No feature exposes the meal request the decoder dropped.
    let json = f.to_json().to_string();
    assert!(!json.contains("MOML") && !json.contains("SMITH"), "{json}");
}

#[test]
fn trip_types_and_stays() {
    let seg = |o: &str, d: &str, dep: &str, arr: &str| {
        format!(r#"{{"origin":"{o}","destination":"{d}","departure":"{dep}","arrival":"{arr}"}}"#)
    };
    let build = |segs: Vec<String>| {
        pnr(&format!(
            r#"{{"record_locator":"T1","travellers":[{{"surname":"A"}}],"segments":[{}]}}"#,
            segs.join(",")
        ))
    };
    let ty = |p: &Pnr| {
        features(p, &Window::default(), now())
            .get("trip_type")
            .cloned()
    };
    let out = seg("LHR", "JFK", "2026-12-01T10:00", "2026-12-01T13:00");
    let back = seg("JFK", "LHR", "2026-12-03T18:00", "2026-12-04T06:00");
    let rt = build(vec![out.clone(), back]);
    assert_eq!(ty(&rt), Some(FeatureValue::Symbol("round_trip")));
    let f = features(&rt, &Window::default(), now());
    // Arrive JFK 13:00 local (18:00Z), leave 18:00 local on the 3rd (23:00Z): 53 h.
    assert_eq!(f.get("stay_hours"), Some(&FeatureValue::Number(53.0)));
    assert_eq!(f.get("long_haul"), Some(&FeatureValue::Bool(true)));
    let jaw = build(vec![
        out.clone(),
        seg("EWR", "LHR", "2026-12-05T18:00", "2026-12-06T06:00"),
    ]);
    assert_eq!(ty(&jaw), Some(FeatureValue::Symbol("open_jaw")));
    let multi = build(vec![
        out,
        seg("JFK", "MIA", "2026-12-05T08:00", "2026-12-05T11:00"),
        seg("MIA", "LHR", "2026-12-08T18:00", "2026-12-09T07:00"),
    ]);
    assert_eq!(ty(&multi), Some(FeatureValue::Symbol("multi_city")));
    let none = build(vec![]);
    assert_eq!(ty(&none), Some(FeatureValue::Symbol("none")));
    let f = features(&none, &Window::default(), now());
    assert!(f
        .get("hours_booked_before_departure")
        .is_some_and(FeatureValue::is_null));
    assert!(f.get("international").is_some_and(FeatureValue::is_null));
}

#[test]
fn third_party_payment_and_minors() {
    let p = pnr(
        r#"{"record_locator":"T2","travellers":[{"name":"DOE/JANE MS","date_of_birth":"2012-01-01"},{"surname":"DOE","given_names":"JOHN"}],
               "segments":[{"origin":"CDG","destination":"DXB","departure":"2026-12-01T10:00"}],
               "payments":[{"form":"card","card_holder":"MR PETER BLOGGS","card_number":"5555444433331111"},{"form":"cash","amount":100}],
               "unaccompanied_minor":{"traveller":0,"guardian_departure":"X"}}"#,
    );
    let f = features(&p, &Window::default(), now());
    assert_eq!(
        f.get("payer_not_traveller"),
        Some(&FeatureValue::Bool(true))
    );
    assert_eq!(f.get("payment_form"), Some(&FeatureValue::Symbol("cash")));
    assert_eq!(f.get("cash_amount"), Some(&FeatureValue::Number(100.0)));
    assert_eq!(f.get("card_count"), Some(&FeatureValue::Number(1.0)));
    assert_eq!(f.get("minor_count"), Some(&FeatureValue::Number(1.0)));
    assert_eq!(f.get("distinct_surnames"), Some(&FeatureValue::Number(1.0)));
    assert_eq!(
        f.get("unaccompanied_minor"),
        Some(&FeatureValue::Bool(true))
    );
    assert_eq!(f.get("um_guardian_info"), Some(&FeatureValue::Bool(false)));
    assert_eq!(
        f.traveller(0, "is_unaccompanied_minor"),
        Some(&FeatureValue::Bool(true))
    );
    assert_eq!(f.traveller(0, "age"), Some(&FeatureValue::Number(14.0)));
    assert!(holder_matches(
        &name_tokens("A. SMITH"),
        &name_tokens("SMITH"),
        &name_tokens("ANNA")
    ));
    assert!(!holder_matches(
        &name_tokens("BOB SMITH"),
        &name_tokens("SMITH"),
        &name_tokens("ANNA")
    ));
}

#[test]
fn odd_inputs_do_not_panic() {
    let p = pnr(
        r#"{"record_locator":"ODD","booked_at":"9999-12-31T23:59:59+14:00",
               "travellers":[{"surname":"-","date_of_birth":"9999-12-31","documents":[{"type":"V","number":"1","expires_on":"0001-01-01"}]},
                             {"name":"/"}],
               "segments":[{"origin":"AKL","destination":"AKL","departure":"0001-01-01T00:00"},
                           {"origin":"xxx","destination":"HNL","departure":"9999-12-31T23:59","arrival":"0001-01-01T00:00"}],
               "payments":[{"form":"cash","amount":-1e308},{"form":"cash","amount":1e308},{"form":"card","card_holder":"   "}],
               "baggage":[{"pieces":4294967295},{"pieces":4294967295,"weight_kg":-5}],
               "unaccompanied_minor":{"traveller":99}}"#,
    );
    for now in [
        chrono::DateTime::<Utc>::MIN_UTC,
        chrono::DateTime::<Utc>::MAX_UTC,
        now(),
    ] {
        let w = Window::new(1, std::time::Duration::MAX);
        w.record(&p, now);
        let f = features(&p, &w, now);
        assert_eq!(f.traveller_count(), 2);
        let _ = f.to_json();
    }
}
