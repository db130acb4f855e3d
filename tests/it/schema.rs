//! The shipped JSON Schemas describe what the code reads and writes.

use pnr_screen::alert::Source;
use pnr_screen::pnr::decode::{decode_json, DecodeLimits};
use serde_json::Value;

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
    let s = schema("alert.v2.schema.json");
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
    let s = schema("alert.v2.schema.json");
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
        assert!(
            decode_json(v.to_string().as_bytes(), &DecodeLimits::default()).is_err(),
            "decoder accepts {code:?}"
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
