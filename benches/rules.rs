//! Rule-engine throughput: 100 rules evaluated per PNR on one core.
//!
//! The shipped `rules/*.toml` are replicated with varied thresholds up to 100 rules, then
//! [`RuleSet::evaluate`] runs on fixture PNRs: the README example (few rules get far) and
//! a courier-profile PNR that fires several rules (the hit path builds explanations). A
//! window holding 2 000 other PNRs makes the cross-PNR look-ups realistic. Target: at most
//! 100 µs per PNR for 100 rules.
//!
//! Invariants: fixtures come from `tests/data/` and `rules/`; measurement is short (the
//! machine is shared): 20 samples, 3 s.

use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, Utc};
use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use pnr_screen::pnr::decode::{decode_json, DecodeLimits};
use pnr_screen::pnr::model::Pnr;
use pnr_screen::rules::{features, RuleSet, Window};

const RULES: usize = 100;

fn rules_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("rules")
}

/// The shipped rules, replicated to `RULES` with ids made unique and thresholds varied.
fn hundred_rules() -> RuleSet {
    let mut shipped: Vec<(PathBuf, String)> = std::fs::read_dir(rules_dir())
        .expect("rules/ is readable")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("rule file is readable");
            (p, text)
        })
        .collect();
    shipped.sort();
    let mut sources = Vec::with_capacity(RULES);
    for n in 0..RULES {
        let (path, text) = &shipped[n % shipped.len()];
        let copy = n / shipped.len();
        let text = text
            .replacen("id = \"", &format!("id = \"V{copy}-"), 1)
            .replace("<= 48", &format!("<= {}", 40 + copy * 2))
            .replace("<= 72", &format!("<= {}", 60 + copy * 3))
            .replace(">= 1.8", &format!(">= {:.2}", 1.5 + copy as f64 * 0.05))
            .replace(">= 3000", &format!(">= {}", 2000 + copy * 250))
            .replace("<= 120", &format!("<= {}", 90 + copy * 10));
        sources.push((path.with_file_name(format!("v{copy}-{n}.toml")), text));
    }
    let set = RuleSet::from_sources(sources).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(set.len(), RULES);
    set
}

fn pnr(json: &[u8]) -> Pnr {
    decode_json(json, &DecodeLimits::default())
        .expect("fixture decodes")
        .pnr
}

const COURIER: &str = r#"{"record_locator":"BENCH1","booked_at":"2026-12-01T08:00:00Z",
 "travellers":[{"surname":"DOE","given_names":"JOHN","date_of_birth":"1990-04-02",
   "nationality":"BEL","documents":[{"type":"P","number":"X1","issuing_country":"ARG","expires_on":"2030-01-01"}]},
   {"surname":"ROE","given_names":"AMY","date_of_birth":"2013-01-01"}],
 "segments":[{"origin":"LIM","destination":"MAD","departure":"2026-12-02T19:00","arrival":"2026-12-03T13:30","booking_class":"J"},
             {"origin":"MAD","destination":"FRA","departure":"2026-12-03T15:05","arrival":"2026-12-03T17:40"}],
 "payments":[{"form":"cash","amount":6400,"currency":"EUR"}],
 "contacts":[{"type":"phone","value":"+51 1 555 0199"}],
 "tickets":[{"number":"0470000000001","traveller":0,"issued_at":"2026-12-01T08:05:00Z","one_way":true}]}"#;

fn bench(c: &mut Criterion) {
    let set = hundred_rules();
    let now: DateTime<Utc> = DateTime::parse_from_rfc3339("2026-12-01T12:00:00Z")
        .expect("valid")
        .with_timezone(&Utc);
    let window = Window::default();
    for i in 0..2000 {
        let json = format!(
            r#"{{"record_locator":"W{i}","travellers":[{{"surname":"S{i}"}}],
                "payments":[{{"form":"card","card_number":"4{i:015}"}}],
                "contacts":[{{"type":"email","value":"p{i}@example.org"}}]}}"#
        );
        window.record(&pnr(json.as_bytes()), now);
    }
    let example = pnr(&std::fs::read("tests/data/pnr/example.json").expect("fixture"));
    let courier = pnr(COURIER.as_bytes());
    let fired = set.evaluate(&courier, &window, now).len();
    assert!(
        fired >= 5,
        "the courier fixture fires several rules ({fired})"
    );
    let quiet = set.evaluate(&example, &window, now).len();
    eprintln!("{RULES} rules: the example PNR fires {quiet}, the courier PNR fires {fired}");

    let mut g = c.benchmark_group("pnr_screen::rules::RuleSet::evaluate");
    g.throughput(Throughput::Elements(1));
    g.bench_function("100_rules/example_pnr", |b| {
        b.iter(|| set.evaluate(black_box(&example), &window, now))
    });
    g.bench_function("100_rules/courier_pnr_with_hits", |b| {
        b.iter(|| set.evaluate(black_box(&courier), &window, now))
    });
    g.finish();

    let mut g = c.benchmark_group("pnr_screen::rules::features");
    g.throughput(Throughput::Elements(1));
    g.bench_function("example_pnr", |b| {
        b.iter(|| features(black_box(&example), &window, now))
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = bench
}
criterion_main!(benches);
