//! The indexed matcher returns exactly the hits of exhaustive scoring with the same rule:
//! on the real lists (OFAC SDN + aliases, UN, national example), on synthetic lists of 50k
//! and 1M names, and on adversarial name shapes.

use pnr_screen::matcher::{Match, Settings, Snapshot};
use pnr_screen::pnr::decode::{decode_json, DecodeLimits};
use pnr_screen::pnr::model::{BirthDate, CountryCode};

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
    pnr_screen::testkit::traffic::generate(snapshot, n, seed)
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

/// Asserts the indexed and exhaustive matchers agree on every traveller; returns how
/// many travellers had hits.
fn assert_equivalent(s: &Snapshot, ts: &[pnr_screen::pnr::model::Traveller]) -> usize {
    let mut hits = 0;
    for t in ts {
        let (a, b) = (s.screen(t), s.screen_exhaustive(t));
        assert_eq!(key(&a), key(&b), "traveller {:?}", t.name);
        hits += usize::from(!a.is_empty());
    }
    hits
}

#[test]
fn indexed_equals_exhaustive_on_the_real_lists() {
    let s = snapshot();
    let mut ts = travellers(&s, 60, 5);
    ts.extend(typos(&s, 60));
    let hits = assert_equivalent(&s, &ts);
    assert!(hits >= 20, "the sample must contain hits ({hits})");
}

#[test]
fn indexed_equals_exhaustive_on_a_synthetic_list() {
    let s = Snapshot::build(
        vec![pnr_screen::testkit::synthetic::generate(50_000, 3)],
        Settings::default(),
    );
    let ts = typos(&s, 40);
    let hits = assert_equivalent(&s, &ts);
    assert!(hits >= 20, "the sample must contain hits ({hits})");
}

/// The same on a million synthetic names (1.2M with aliases), the scale national lists
/// reach, on a few travellers (exhaustive scoring costs seconds per traveller there); half
/// give a DOB and nationality, which widen retrieval. `cargo bench --bench scale` repeats
/// the check on its own sample.
#[test]
fn indexed_equals_exhaustive_on_a_million_names() {
    let s = Snapshot::build(
        vec![pnr_screen::testkit::synthetic::generate(1_000_000, 7)],
        Settings::default(),
    );
    let mut ts = typos(&s, 8);
    for t in ts.iter_mut().step_by(2) {
        t.date_of_birth = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).map(BirthDate::Day);
        t.nationality = CountryCode::parse("FRA");
    }
    let hits = assert_equivalent(&s, &ts);
    assert!(hits >= 4, "the sample must contain hits ({hits})");
}

/// Names built to stress every way a unit can form without an ordinary token pair:
/// initials, particles, transliteration variants and nicknames, tokens spelled alike by
/// sound, joined and split runs, truncations, reordering, and one-letter typos, on both the
/// list and the traveller side.
#[test]
fn indexed_equals_exhaustive_on_adversarial_shapes() {
    use pnr_screen::watchlist::{Entry, EntryKind, ListName, NameQuality, Watchlist};
    use rand::rngs::StdRng;
    use rand::{Rng, SeedableRng};

    const WORDS: &[&str] = &[
        "J",
        "M",
        "A",
        "S",
        "AL",
        "BIN",
        "ABU",
        "ABDUL",
        "VAN",
        "DE",
        "EL",
        "Y",
        "O",
        "MC",
        "MOHAMMED",
        "MUHAMMAD",
        "MOHAMAD",
        "YUSUF",
        "YOUSSEF",
        "WILLIAM",
        "BILL",
        "ROBERT",
        "BOB",
        "RAHMAN",
        "ABDULRAHMAN",
        "SMITH",
        "SMYTH",
        "JOHN",
        "JOHNSON",
        "JOHNSONGREYKING",
        "JOHNSONGREY",
        "FRIEDRICH",
        "BUCHENBERG",
        "FRIEDRICHBUCHENBERG",
        "HASSAN",
        "HUSSEIN",
        "KARIMOV",
        "KARIMOVA",
        "VLADIMIROVICH",
        "VLADIMIROVNA",
        "PETROVICH",
        "VLADIMIR",
        "RAMZAN",
        "RAMZANOVNA",
        "ASSAD",
        "ELASSAD",
        "ULASSAD",
        "BENALI",
        "LI",
        "NG",
        "ANDERSSON",
        "ANDERSON",
        "ZAHIR",
        "ZAHER",
        "ALI",
        "ALIYEV",
        "OMAR",
        "UMAR",
        "SALEH",
        "SALIH",
        "QASIM",
        "KASSIM",
        "ANIS",
        "ANEES",
        "SHUKRI",
        "SCHUKRY",
        "ZOUHEIR",
        "ZUHAIR",
        "WAN",
        "DELLAH",
        "DELA",
    ];
    let mut rng = StdRng::seed_from_u64(11);
    let word = |rng: &mut StdRng| WORDS[rng.random_range(0..WORDS.len())].to_owned();
    let mut names: Vec<Vec<String>> = Vec::new();
    for _ in 0..600 {
        let n = rng.random_range(1..=4);
        names.push((0..n).map(|_| word(&mut rng)).collect());
    }
    let entries = names
        .iter()
        .enumerate()
        .map(|(i, tokens)| {
            let (surname, given) = tokens
                .split_last()
                .map_or((String::new(), String::new()), |(s, g)| {
                    (s.clone(), g.join(" "))
                });
            Entry {
                entry_id: format!("ADV-{i}"),
                kind: EntryKind::Person,
                names: vec![ListName {
                    full: tokens.join(" "),
                    // Half the names carry a surname split, half only a full name.
                    surname: (i % 2 == 0).then(|| surname.clone()),
                    given: (i % 2 == 0).then(|| given.clone()),
                    quality: if i % 7 == 0 {
                        NameQuality::Weak
                    } else {
                        NameQuality::Primary
                    },
                }],
                // A third carry the DOB and nationality that half the travellers give,
                // so the evidence bonuses lift names just below the threshold.
                dates_of_birth: (i % 3 == 0)
                    .then_some(pnr_screen::watchlist::DateOfBirth::Year { year: 1970 })
                    .into_iter()
                    .collect(),
                nationalities: (i % 3 == 0)
                    .then(|| CountryCode::parse("FRA").expect("a country"))
                    .into_iter()
                    .collect(),
                gender: None,
                documents: Vec::new(),
                programs: Vec::new(),
            }
        })
        .collect();
    let list = Watchlist {
        id: "adversarial".into(),
        name: "adversarial shapes".into(),
        legal_basis: None,
        version: "test".into(),
        threshold: 0.80,
        entries,
        skipped_non_person: 0,
    };
    let s = Snapshot::build(vec![list], Settings::default());

    // Travellers: list names transformed (initial, drop, join, split, truncate, typo,
    // swap order, add a token), plus random word salads.
    let mut hits = 0;
    for k in 0..1500 {
        let mut t: Vec<String> = names[rng.random_range(0..names.len())].clone();
        if k % 5 == 4 {
            let n = rng.random_range(1..=4);
            t = (0..n).map(|_| word(&mut rng)).collect();
        }
        for _ in 0..rng.random_range(0..3) {
            let i = rng.random_range(0..t.len());
            match rng.random_range(0..10) {
                0 => t[i] = t[i].chars().take(1).collect(),
                1 if t.len() > 1 => {
                    t.remove(i);
                }
                2 if i + 1 < t.len() => {
                    let next = t.remove(i + 1);
                    t[i].push_str(&next);
                }
                3 if t[i].len() > 5 => {
                    let cut = rng.random_range(2..t[i].len() - 2);
                    let tail = t[i].split_off(cut);
                    t.insert(i + 1, tail);
                }
                // Cut to 3 letters or more: a booking's last token may be cut short.
                4 if t[i].len() > 4 => {
                    let keep = rng.random_range(3..t[i].len());
                    t[i].truncate(keep);
                }
                // Neighbours swapped anywhere, three-letter tokens too (KIM → KMI).
                5 if t[i].len() >= 3 => {
                    let mut b = t[i].clone().into_bytes();
                    let j = rng.random_range(0..b.len() - 1);
                    b.swap(j, j + 1);
                    t[i] = String::from_utf8(b).expect("ASCII words");
                }
                6 => t.reverse(),
                // A particle glued to its name and spelled another way (AL ASSAD → ELASSAD).
                7 if i + 1 < t.len() => {
                    let other = match t[i].as_str() {
                        "AL" => Some("EL"),
                        "EL" => Some("UL"),
                        "BIN" => Some("BEN"),
                        "ABU" => Some("ABOU"),
                        _ => None,
                    };
                    if let Some(other) = other {
                        let next = t.remove(i + 1);
                        t[i] = format!("{other}{next}");
                    }
                }
                // One letter replaced anywhere, the first included (KHADAFI → AHADAFI).
                8 if t[i].len() >= 3 => {
                    let mut b = t[i].clone().into_bytes();
                    let j = rng.random_range(0..b.len());
                    b[j] = b'A' + rng.random_range(0..26u8);
                    t[i] = String::from_utf8(b).expect("ASCII words");
                }
                _ => t.push(word(&mut rng)),
            }
        }
        t.retain(|x| !x.is_empty());
        let Some((sur, giv)) = t.split_last() else {
            continue;
        };
        // Half the travellers give a DOB and nationality, which widen retrieval (their
        // bonuses can lift a name to the threshold); half give neither.
        let json = if k % 2 == 0 {
            serde_json::json!({"record_locator": "ADV", "travellers": [
                {"surname": sur, "given_names": giv.join(" "),
                 "date_of_birth": "1970-06-01", "nationality": "FRA"}
            ]})
        } else {
            serde_json::json!({"record_locator": "ADV", "travellers": [
                {"surname": sur, "given_names": giv.join(" ")}
            ]})
        };
        let d = decode_json(json.to_string().as_bytes(), &DecodeLimits::default())
            .expect("a valid PNR");
        hits += assert_equivalent(&s, &d.pnr.travellers);
    }
    assert!(hits >= 300, "the sample must contain hits ({hits})");
}

#[test]
fn glued_particles_spelled_another_way_are_retrieved() {
    let s = snapshot();
    let mut ts = Vec::new();
    for (surname, given) in [
        ("ELASSAD", ""),
        ("ELASSAD", "BASHAR"),
        ("ULASSAD", "BASHAR HAFEZ"),
        ("ELRAWI", "FAWZI MUTLAQ"),
        ("BENALI", "KHODR TAHER"),
    ] {
        let json = serde_json::json!({"record_locator": "GLU", "travellers": [
            {"surname": surname, "given_names": given}
        ]});
        let d = decode_json(json.to_string().as_bytes(), &DecodeLimits::default())
            .expect("a valid PNR");
        ts.extend(d.pnr.travellers);
    }
    let hits = assert_equivalent(&s, &ts);
    assert!(hits >= 4, "glued particle variants must hit ({hits})");
}
