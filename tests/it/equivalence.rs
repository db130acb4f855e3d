//! The indexed matcher returns exactly the hits of exhaustive scoring with the same rule:
//! on the real lists (OFAC SDN + aliases, UN, national example) and on a synthetic list.
//! (`cargo bench --bench scale` repeats the check on 1M synthetic names.)

use pnr_screen::matcher::{Match, Settings, Snapshot};
use pnr_screen::pnr::parse::{decode_json, DecodeLimits};

use crate::helpers::snapshot;

fn key(ms: &[Match]) -> Vec<(usize, usize, u64)> {
    let mut k: Vec<_> = ms
        .iter()
        .map(|m| (m.list, m.entry, m.score.to_bits()))
        .collect();
    k.sort_unstable();
    k
}

fn travellers(snapshot: &Snapshot, n: usize, seed: u64) -> Vec<pnr_screen::pnr::model::Traveller> {
    pnr_screen::demo::generate(snapshot, n, seed)
        .messages
        .iter()
        .filter_map(|m| decode_json(m, &DecodeLimits::default()).ok())
        .flat_map(|d| d.pnr.travellers)
        .collect()
}

/// Typo variants of listed names (one adjacent swap), to exercise fuzzy retrieval.
fn typos(snapshot: &Snapshot, n: usize) -> Vec<pnr_screen::pnr::model::Traveller> {
    let mut out = Vec::new();
    for (i, e) in snapshot
        .lists
        .iter()
        .flat_map(|l| &l.entries)
        .step_by(97)
        .take(n)
        .enumerate()
    {
        let mut full: Vec<u8> = e.names[0].full.bytes().collect();
        if full.len() > 6 && full.is_ascii() {
            let k = 2 + i % (full.len() - 4);
            full.swap(k, k + 1);
        }
        let name = String::from_utf8(full).unwrap_or_default();
        let json = serde_json::json!({"record_locator": "EQ", "travellers": [{"name": name}]});
        if let Ok(d) = decode_json(json.to_string().as_bytes(), &DecodeLimits::default()) {
            out.extend(d.pnr.travellers);
        }
    }
    out
}

#[test]
fn indexed_equals_exhaustive_on_the_real_lists() {
    let s = snapshot();
    let mut ts = travellers(&s, 60, 5);
    ts.extend(typos(&s, 60));
    let mut hits = 0;
    for t in &ts {
        let (a, b) = (s.screen(t), s.screen_exhaustive(t));
        assert_eq!(key(&a), key(&b), "traveller {:?}", t.name);
        hits += usize::from(!a.is_empty());
    }
    assert!(hits >= 20, "the sample must contain hits ({hits})");
}

#[test]
fn indexed_equals_exhaustive_on_a_synthetic_list() {
    let s = Snapshot::build(
        vec![pnr_screen::watchlist::synthetic::generate(50_000, 3)],
        Settings::default(),
    );
    let ts = typos(&s, 40);
    let mut hits = 0;
    for t in &ts {
        let (a, b) = (s.screen(t), s.screen_exhaustive(t));
        assert_eq!(key(&a), key(&b), "traveller {:?}", t.name);
        hits += usize::from(!a.is_empty());
    }
    assert!(hits >= 20, "the sample must contain hits ({hits})");
}
