//! Messy input never blinds the screener: corrupting any one optional field of a valid PNR
//! leaves every traveller screened and the listed traveller's alerts as they were.

use std::collections::BTreeSet;

use pnr_screen::alert::Source;
use pnr_screen::pnr::decode::{decode_json, DecodeLimits};
use proptest::prelude::*;
use serde_json::{json, Value};

use crate::helpers::{root, screen_lists};

fn example() -> Value {
    serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/data/pnr/example.json")).expect("example"),
    )
    .expect("json")
}

/// Every JSON pointer of `v` that is optional for screening: all but the root, the record
/// locator, the travellers array, a traveller as a whole and a traveller's name fields.
fn optional_pointers(v: &Value, at: &str, out: &mut Vec<String>) {
    let essential = at.is_empty()
        || at == "/record_locator"
        || at == "/travellers"
        || (at.starts_with("/travellers/") && at.matches('/').count() == 2)
        || ["surname", "given_names", "name"].iter().any(|f| {
            at.starts_with("/travellers/")
                && at.matches('/').count() == 3
                && at.ends_with(&format!("/{f}"))
        });
    if !essential {
        out.push(at.to_owned());
    }
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                optional_pointers(child, &format!("{at}/{k}"), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                optional_pointers(child, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// What screening found: (traveller, list, entry) of every match, and the unscreenable
/// travellers.
fn found(pnr: &Value) -> (usize, BTreeSet<(usize, String, String)>, usize) {
    let d = decode_json(pnr.to_string().as_bytes(), &DecodeLimits::default())
        .unwrap_or_else(|e| panic!("refused: {e}"));
    let source = Source::File {
        file: "messy".into(),
        line: 1,
    };
    let alerts = screen_lists(&d.pnr, &source);
    let matches = alerts
        .iter()
        .flat_map(|a| {
            let t = a.traveller.as_ref().map_or(usize::MAX, |t| t.index);
            a.matches
                .iter()
                .map(move |m| (t, m.list.clone(), m.entry_id.clone()))
        })
        .collect();
    let unscreenable = alerts.iter().filter(|a| a.unscreenable.is_some()).count();
    (d.pnr.travellers.len(), matches, unscreenable)
}

fn corrupt_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<i64>().prop_map(|n| json!(n)),
        any::<bool>().prop_map(|b| json!(b)),
        Just(json!("")),
        "\\PC{0,24}".prop_map(|s| json!(s)),
        "[0-9/.-]{1,12}".prop_map(|s| json!(s)),
        Just(json!([])),
        Just(json!({})),
        Just(json!([1, "x", null])),
        Just(json!({"x": [1]})),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn corrupting_one_optional_field_never_unscreens_a_traveller(
        pick in any::<prop::sample::Index>(),
        bad in corrupt_value(),
    ) {
        let base = example();
        let (travellers, clean, unscreenable) = found(&base);
        prop_assert_eq!(unscreenable, 0);
        prop_assert!(clean.iter().any(|(t, l, e)| *t == 0 && l == "ofac-sdn" && e == "2676"));
        let mut pointers = Vec::new();
        optional_pointers(&base, "", &mut pointers);
        let pointer = pick.get(&pointers).clone();
        let mut messy = base.clone();
        *messy.pointer_mut(&pointer).expect("pointer") = bad.clone();
        let (t, m, u) = found(&messy);
        prop_assert_eq!(t, travellers, "{} = {}", pointer, bad);
        prop_assert_eq!(u, 0, "{} = {}", pointer, bad);
        prop_assert_eq!(m, clean, "{} = {}", pointer, bad);
    }
}
