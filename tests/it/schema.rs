//! The shipped JSON Schemas describe what the code reads and writes.

use pnr_screen::alert::Source;
use pnr_screen::pnr::decode::{decode_json, DecodeLimits};
use serde_json::{json, Value};

use crate::helpers::{root, screen_with_rules};

fn schema(name: &str) -> jsonschema::Validator {
    let text =
        std::fs::read_to_string(root().join("deploy/schemas").join(name)).expect("schema file");
    let v: Value = serde_json::from_str(&text).expect("schema json");
    jsonschema::options()
        .should_validate_formats(true)
        .build(&v)
        .expect("valid schema")
}

/// Asserts that `v` follows schema `s`, listing every error with its instance path.
fn assert_valid(s: &jsonschema::Validator, v: &Value) {
    let errors: Vec<String> = s
        .iter_errors(v)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}\n{v:#}");
}

fn example() -> Value {
    serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/data/pnr/example.json")).expect("example"),
    )
    .expect("json")
}

#[test]
fn the_example_pnr_and_its_reencoding_follow_the_pnr_schema() {
    let s = schema("pnr.v1.schema.json");
    let ex = example();
    assert_valid(&s, &ex);
    let d = decode_json(ex.to_string().as_bytes(), &DecodeLimits::default()).expect("decodes");
    let re = serde_json::to_value(&d.pnr).expect("serialize");
    assert_valid(&s, &re);
}

#[test]
fn produced_alerts_follow_the_alert_schema() {
    let s = schema("alert.v3.schema.json");
    let d =
        decode_json(example().to_string().as_bytes(), &DecodeLimits::default()).expect("decodes");
    for source in [
        Source::Kafka {
            topic: "pnr".into(),
            partition: 2,
            offset: 9,
        },
        Source::File {
            file: "in.jsonl".into(),
            line: 3,
        },
    ] {
        let alerts = screen_with_rules(&d.pnr, &source).alerts;
        assert!(!alerts.is_empty());
        for a in alerts {
            let v = serde_json::to_value(&a).expect("serialize");
            assert_valid(&s, &v);
        }
    }
}

/// Every way a name pair can align is a value the schema allows: a sound-alike pair
/// (ANEES / ANIS) and a cut last token (LIDY ALEJ / Lidy Alejandra) among them.
#[test]
fn alerts_with_every_pair_kind_follow_the_alert_schema() {
    let s = schema("alert.v3.schema.json");
    let pnr = serde_json::json!({"record_locator": "KINDS", "travellers": [
        {"surname": "ANEES", "given_names": "SAMIH"},
        {"surname": "SANDOVAL LOPEZ", "given_names": "LIDY ALEJ"}]});
    let d = decode_json(pnr.to_string().as_bytes(), &DecodeLimits::default()).expect("decodes");
    let source = Source::File {
        file: "in.jsonl".into(),
        line: 1,
    };
    let alerts = screen_with_rules(&d.pnr, &source).alerts;
    let text = serde_json::to_string(&alerts).expect("serialize");
    assert!(
        text.contains("\"phonetic\"") && text.contains("\"truncation\""),
        "{text}"
    );
    for a in alerts {
        let v = serde_json::to_value(&a).expect("serialize");
        assert_valid(&s, &v);
    }
}

/// Country codes: what the schema allows, the decoder accepts, and the other way round.
#[test]
fn schema_and_decoder_agree_on_country_codes() {
    let s = schema("pnr.v1.schema.json");
    let pnr = |code: &str| {
        serde_json::json!({
            "record_locator": "ABC123",
            "travellers": [{"surname": "SMITH", "nationality": code,
                "documents": [{"type": "P", "number": "X1", "issuing_country": code}]}]
        })
    };
    let accepted = [
        "GBR", "gbr", "GB", "D", "d", "XXA", "XXB", "XXC", "XXX", "UNO", "UNA", "UNK", "RKS",
        "EUE", "GBD", "GBN", "GBO", "GBP", "GBS", "XOM", "", " ",
    ];
    for code in accepted {
        let v = pnr(code);
        assert!(s.is_valid(&v), "schema refuses {code:?}");
        let d = decode_json(v.to_string().as_bytes(), &DecodeLimits::default())
            .unwrap_or_else(|e| panic!("decoder refuses {code:?}: {e}"));
        let t = &d.pnr.travellers[0];
        assert_eq!(t.nationality.is_none(), code.trim().is_empty(), "{code:?}");
        assert_eq!(t.nationality, t.documents[0].issuing_country, "{code:?}");
    }
    for code in ["Narnia", "ZZZ", "1", "G B R"] {
        let v = pnr(code);
        let d = decode_json(v.to_string().as_bytes(), &DecodeLimits::default())
            .unwrap_or_else(|e| panic!("decoder refuses {code:?}: {e}"));
        let flagged: Vec<&str> = d.pnr.data_quality.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            flagged,
            [
                "travellers[0].nationality",
                "travellers[0].documents[0].issuing_country"
            ],
            "{code:?}"
        );
    }
    for code in ["Narnia", "1", "G B R"] {
        assert!(!s.is_valid(&pnr(code)), "schema allows {code:?}");
    }
}

/// The codes airlines send for passenger types, contacts and forms of payment: the schema
/// allows each one the decoder reads, and the decoder reads it as the documented value.
#[test]
fn schema_and_decoder_agree_on_airline_codes() {
    let s = schema("pnr.v1.schema.json");
    let decode = |v: &Value| {
        assert!(s.is_valid(v), "schema refuses {v}");
        decode_json(v.to_string().as_bytes(), &DecodeLimits::default())
            .unwrap_or_else(|e| panic!("decoder refuses {v}: {e}"))
            .pnr
    };
    for (code, want) in [
        ("ADT", "adult"),
        ("adt", "adult"),
        ("CHD", "child"),
        ("CNN", "child"),
        ("INF", "infant"),
        ("INS", "infant"),
    ] {
        let v = serde_json::json!({"record_locator": "A1",
            "travellers": [{"surname": "SMITH", "passenger_type": code}]});
        let t = serde_json::to_value(&decode(&v).travellers[0]).expect("json");
        assert_eq!(t["passenger_type"], want, "{code}");
    }
    for (code, want) in [
        ("mobile", "phone"),
        ("FAX", "phone"),
        ("CTCM", "phone"),
        ("e-mail", "email"),
        ("CTCE", "email"),
    ] {
        let v = serde_json::json!({"record_locator": "A1", "travellers": [{"surname": "SMITH"}],
            "contacts": [{"type": code, "value": "x"}]});
        let pnr = serde_json::to_value(decode(&v)).expect("json");
        assert_eq!(pnr["contacts"][0]["type"], want, "{code}");
    }
    for (code, want) in [
        ("CC", "card"),
        ("CA", "cash"),
        ("CK", "cheque"),
        ("MS", "other"),
    ] {
        let v = serde_json::json!({"record_locator": "A1", "travellers": [{"surname": "SMITH"}],
            "payments": [{"form": code}]});
        let pnr = serde_json::to_value(decode(&v)).expect("json");
        assert_eq!(pnr["payments"][0]["form"], want, "{code}");
    }
}

/// Converts a JSON pointer (`/travellers/0/nationality`) to the decoder's path form
/// (`travellers[0].nationality`).
fn pointer_to_path(pointer: &str) -> String {
    let mut out = String::new();
    for part in pointer.split('/').filter(|p| !p.is_empty()) {
        if part.chars().all(|c| c.is_ascii_digit()) {
            out.push_str(&format!("[{part}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(part);
        }
    }
    out
}

/// The schema describes a clean PNR: on a corpus of single-field changes to the example,
/// a message the schema accepts decodes without a validation flag, and one it refuses is
/// refused by the decoder or decoded with validation flags, each at or under a path the
/// schema names.
#[test]
fn schema_and_decoder_agree_on_a_corpus() {
    use pnr_screen::pnr::model::Problem;
    let s = schema("pnr.v1.schema.json");
    let base = example();
    let set = |pointer: &str, value: Value| {
        let mut v = base.clone();
        *v.pointer_mut(pointer)
            .unwrap_or_else(|| panic!("{pointer}")) = value;
        v
    };
    let t0 = "/travellers/0";
    let mut corpus: Vec<(String, Value)> = Vec::new();
    let mut add = |what: String, v: Value| corpus.push((what, v));
    for dob in [
        "1951-06-19",
        "19510619",
        "1951-06",
        "1951",
        "1951-00-00",
        "1951-06-00",
        "1951-02-30",
        "0000-00-00",
        "1951-13-01",
        "1951-13",
        "12/05/1970",
        "195106",
        "19510600",
        "1951-0600",
        "",
        "51",
    ] {
        add(
            format!("dob {dob}"),
            set(&format!("{t0}/date_of_birth"), json!(dob)),
        );
    }
    for (field, values) in [
        ("gender", vec![json!("M"), json!("f"), json!("Q"), json!(1)]),
        (
            "passenger_type",
            vec![json!("ADT"), json!("other"), json!("YTH"), json!(true)],
        ),
        ("check_in", vec![json!("boarded"), json!("LOST")]),
        // The schema checks a country code's shape; which codes exist is the decoder's
        // table (`ZZZ` is flagged unknown_code by the decoder, allowed by the schema).
        (
            "nationality",
            vec![json!("EGY"), json!("XXA"), json!("1"), json!(42)],
        ),
        (
            "surname",
            vec![json!("X".repeat(100)), json!("X".repeat(101)), json!(["A"])],
        ),
        (
            "documents",
            vec![
                json!([{"type": "P", "number": ""}]),
                json!("P123"),
                json!([{"type": "P"}]),
            ],
        ),
    ] {
        for v in values {
            add(format!("{field} {v}"), set(&format!("{t0}/{field}"), v));
        }
    }
    for (field, values) in [
        (
            "departure",
            vec![
                json!("2026-12-03T09:15"),
                json!("2026-12-03"),
                json!("2026-12-03T09:15+02:00"),
                json!("20261203"),
                json!("tomorrow"),
                json!("2026-02-30"),
            ],
        ),
        (
            "origin",
            vec![
                json!("CAI"),
                json!("HECA"),
                json!("CAIRO"),
                json!("C1"),
                json!(5),
            ],
        ),
    ] {
        for v in values {
            add(
                format!("segment {field} {v}"),
                set(&format!("/segments/0/{field}"), v),
            );
        }
    }
    for v in [json!("phone"), json!("pager"), json!(7)] {
        add(format!("contact type {v}"), set("/contacts/0/type", v));
    }
    for v in [json!("CC"), json!("VOUCHER")] {
        add(format!("payment form {v}"), set("/payments/0/form", v));
    }
    for v in [json!("ZX4K2P"), json!(""), json!("AB CD"), json!(12)] {
        add(format!("record locator {v}"), set("/record_locator", v));
    }
    for v in [json!([]), json!({}), json!([42])] {
        add(format!("travellers {v}"), set("/travellers", v));
    }

    let validation = |p: Problem| {
        !matches!(
            p,
            Problem::DateWithoutTime | Problem::NamesDisagree | Problem::UnusableName
        )
    };
    for (what, v) in corpus {
        let schema_paths: Vec<String> = s
            .iter_errors(&v)
            .map(|e| pointer_to_path(&e.instance_path().to_string()))
            .collect();
        match decode_json(v.to_string().as_bytes(), &DecodeLimits::default()) {
            Err(e) => assert!(
                !schema_paths.is_empty(),
                "{what}: the decoder refuses ({e}) what the schema accepts"
            ),
            Ok(d) => {
                let flags: Vec<String> = d
                    .pnr
                    .data_quality
                    .iter()
                    .filter(|f| validation(f.problem))
                    .map(|f| f.path.clone())
                    .collect();
                assert_eq!(
                    flags.is_empty(),
                    schema_paths.is_empty(),
                    "{what}: flags {flags:?}, schema errors at {schema_paths:?}"
                );
                for f in &flags {
                    assert!(
                        schema_paths.iter().any(|p| f.starts_with(p.as_str())),
                        "{what}: flag at {f}, schema errors at {schema_paths:?}"
                    );
                }
            }
        }
    }
}

/// Alerts about messy bookings (unscreenable travellers, data-quality flags, name forms)
/// follow the alert schema too.
#[test]
fn alerts_about_messy_bookings_follow_the_alert_schema() {
    let s = schema("alert.v3.schema.json");
    let pnr = json!({"record_locator": "M1", "travellers": [
        {"name": "*"},
        {"surname": "SMITH", "given_names": "JOHN", "name": "AL ZAWAHIRI/AYMAN MR",
         "date_of_birth": "1951", "nationality": "ZZZ"},
        {"surname": "CLEAN", "date_of_birth": "1951-02-30", "passenger_type": "YTH"}],
        "segments": [{"origin": "HECA", "destination": "LTFM", "departure": "2026-12-03"}]});
    let d = decode_json(pnr.to_string().as_bytes(), &DecodeLimits::default()).expect("decodes");
    let alerts = screen_with_rules(
        &d.pnr,
        &Source::File {
            file: "in.jsonl".into(),
            line: 1,
        },
    )
    .alerts;
    assert!(alerts.len() >= 2, "{alerts:#?}");
    for a in &alerts {
        assert_valid(&s, &serde_json::to_value(a).expect("json"));
    }
}
