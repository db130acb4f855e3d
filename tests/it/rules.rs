//! Risk rules in the screening path: shipped rules, alerts with rule hits, PNR alerts,
//! refusal of unlawful rules, hot reload keeping the last good set.

use std::sync::Arc;

use pnr_screen::alert::Source;
use pnr_screen::pnr::decode::{decode_json, DecodeLimits};
use pnr_screen::rules::{RuleError, RuleSet};
use serde_json::json;

use crate::helpers::{example_config, root, rules, screen_with_rules};

fn decode(v: &serde_json::Value) -> pnr_screen::pnr::model::Pnr {
    decode_json(v.to_string().as_bytes(), &DecodeLimits::default())
        .expect("decodes")
        .pnr
}

fn source() -> Source {
    Source::File {
        file: "t.jsonl".into(),
        line: 1,
    }
}

#[test]
fn every_shipped_rule_passes_its_own_examples() {
    let report = pnr_screen::rules::test_dir(&root().join("rules")).expect("rules load");
    assert!(report.all_passed(), "{report}");
    assert!(rules().len() >= 15);
}

#[test]
fn a_courier_profile_pnr_alerts_without_any_watchlist_match() {
    let pnr = decode(
        &json!({"record_locator":"CUR001","booked_at":"2026-12-01T08:00:00Z",
        "travellers":[{"surname":"DOE","given_names":"JOHN","date_of_birth":"1990-04-02"}],
        "segments":[{"origin":"GRU","destination":"LIS","departure":"2026-12-02T18:30","arrival":"2026-12-03T07:40"}],
        "payments":[{"form":"cash","amount":1450,"currency":"EUR"}],
        "tickets":[{"number":"0470000000001","traveller":0,"issued_at":"2026-12-01T08:05:00Z","one_way":true}]}),
    );
    let s = screen_with_rules(&pnr, &source());
    let hit = s
        .alerts
        .iter()
        .flat_map(|a| &a.rule_hits)
        .find(|h| &*h.rule_id == "R01-COURIER-PROFILE")
        .unwrap_or_else(|| panic!("courier rule fires: {:#?}", s.alerts));
    assert!(s.alerts.iter().all(|a| a.matches.is_empty()));
    assert!(hit.conditions.iter().all(|c| c.held));
    let late = hit
        .conditions
        .iter()
        .find(|c| &*c.id == "late_booking")
        .expect("condition");
    assert!(
        late.values.get("hours_booked_before_departure").is_some(),
        "the value that held is shown"
    );
    let v = serde_json::to_value(&s.alerts[0]).expect("json");
    assert_eq!(v["schema_version"], 3);
    assert!(v["rule_hits"][0]["conditions"][0]["values"].is_object());
}

#[test]
fn a_rule_reading_sensitive_data_is_refused_with_file_line_and_reason() {
    let dir = tempfile::tempdir().expect("temp dir");
    let shipped = std::fs::read_to_string(root().join("rules/r01-courier-late-cash-one-way.toml"))
        .expect("rule");
    let sensitive = shipped.replace("expr = \"paid_cash\"", "expr = \"meal == 'MOML'\"");
    assert_ne!(shipped, sensitive);
    std::fs::write(dir.path().join("bad.toml"), &sensitive).expect("write");
    match RuleSet::load_dir(dir.path()) {
        Err(RuleError::Invalid { errors }) => {
            let e = &errors[0];
            assert!(e.path.ends_with("bad.toml"));
            assert!(e.line > 1, "{e}");
            assert!(e.to_string().to_lowercase().contains("meal"), "{e}");
        }
        other => panic!("expected refusal, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hot_reload_swaps_good_rules_and_keeps_the_last_good_set() {
    let dir = tempfile::tempdir().expect("temp dir");
    let src = root().join("rules");
    for f in [
        "r01-courier-late-cash-one-way.toml",
        "r02-third-party-payment.toml",
    ] {
        std::fs::copy(src.join(f), dir.path().join(f)).expect("copy");
    }
    let mut config = example_config(&[]);
    config.rules.dir = Some(dir.path().to_path_buf());
    let shared = crate::helpers::shared(&config);
    assert!(pnr_screen::service::reload_rules(&config.sources(), &shared).await);
    assert_eq!(shared.rules.load().len(), 2);

    std::fs::write(
        dir.path().join("broken.toml"),
        "id = \"X\"\nversion = \"one\"\n",
    )
    .expect("write");
    assert!(
        !pnr_screen::service::reload_rules(&config.sources(), &shared).await,
        "a broken file is refused"
    );
    assert_eq!(shared.rules.load().len(), 2, "the last good set stays");
    assert_eq!(shared.metrics.reloads_count("rules", "refused"), 1);

    std::fs::remove_file(dir.path().join("broken.toml")).expect("rm");
    std::fs::copy(
        src.join("r03-card-shared-unrelated-pnrs.toml"),
        dir.path().join("r03.toml"),
    )
    .expect("copy");
    assert!(pnr_screen::service::reload_rules(&config.sources(), &shared).await);
    assert_eq!(shared.rules.load().len(), 3);

    // Watchlists: a refused list keeps the old snapshot.
    let before = Arc::as_ptr(&shared.snapshot.load_full());
    let mut bad = config.clone();
    bad.watchlists[2].path = dir.path().join("missing.jsonl");
    assert!(!pnr_screen::service::reload_watchlists(&bad.sources(), &shared).await);
    assert_eq!(Arc::as_ptr(&shared.snapshot.load_full()), before);
}
