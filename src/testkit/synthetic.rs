//! Synthetic watchlists of any size, for scale benchmarks and equivalence tests.
//!
//! Names are built from given names (the nickname table's formal names and common
//! international names) and surnames made of 2-3 syllables, so a million entries have
//! realistic token frequencies: a few hundred very common given names, hundreds of
//! thousands of distinct surnames. A fifth of the entries carry a misspelled alias.
//!
//! Invariants: deterministic for a seed; entry ids are `SYN-<n>`; no real person's record
//! is reproduced (names are random combinations).

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::pnr::model::CountryCode;
use crate::watchlist::{DateOfBirth, Entry, EntryKind, ListName, NameQuality, Watchlist};

const SYLLABLES: &[&str] = &[
    "AB", "AL", "AN", "AR", "BA", "BEN", "BER", "CA", "CHE", "DA", "DEL", "DO", "EL", "FA", "FER",
    "GA", "GOR", "HA", "HAS", "IB", "IS", "JA", "KA", "KO", "LA", "LI", "LO", "MA", "MEN", "MI",
    "MO", "NA", "NI", "NO", "OR", "PA", "PE", "RA", "RI", "RO", "SA", "SEN", "SHI", "SO", "TA",
    "TER", "TO", "UL", "VA", "VI", "WA", "YA", "ZA", "ZE", "KOV", "SKI", "SON", "MAN", "BERG",
    "STEIN",
];

const GIVEN: &[&str] = &[
    "JOHN", "MARIA", "AHMED", "MOHAMMED", "ANNA", "PETER", "FATIMA", "IVAN", "OLGA", "WEI", "JUAN",
    "CARLOS", "ALI", "HASSAN", "SARAH", "DAVID", "MICHAEL", "ELENA", "YUSUF", "OMAR", "LUCAS",
    "SOFIA", "HANS", "PIERRE", "KENJI", "MIN", "JOSE", "LUIS", "ABDUL", "KARIM", "LEILA", "NADIA",
    "SERGEI", "DMITRI", "PAOLO", "GIULIA", "TOMAS",
];

fn given(rng: &mut StdRng) -> String {
    // Mostly from the short common list, sometimes from the nickname table's formal names.
    if rng.random_bool(0.7) {
        GIVEN[rng.random_range(0..GIVEN.len())].to_owned()
    } else {
        static POOL: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
        let pool = POOL.get_or_init(crate::matcher::symbols::formal_names);
        pool.get(rng.random_range(0..pool.len().max(1)))
            .cloned()
            .unwrap_or_else(|| "ALEX".to_owned())
    }
}

fn surname(rng: &mut StdRng) -> String {
    let parts = rng.random_range(2..=3);
    (0..parts)
        .map(|_| SYLLABLES[rng.random_range(0..SYLLABLES.len())])
        .collect()
}

fn misspell(rng: &mut StdRng, s: &str) -> String {
    let mut b: Vec<u8> = s.bytes().collect();
    if b.len() > 3 {
        let i = rng.random_range(1..b.len() - 1);
        b.swap(i, i + 1);
    }
    String::from_utf8(b).unwrap_or_else(|_| s.to_owned())
}

/// A synthetic list of `n` person entries.
pub fn generate(n: usize, seed: u64) -> Watchlist {
    let mut rng = StdRng::seed_from_u64(seed);
    let countries = [
        "DEU", "FRA", "IRN", "SYR", "RUS", "CHN", "NGA", "BRA", "USA", "PAK",
    ];
    let entries = (0..n)
        .map(|i| {
            let sur = surname(&mut rng);
            let mut giv = given(&mut rng);
            if rng.random_bool(0.25) {
                giv.push(' ');
                giv.push_str(&given(&mut rng));
            }
            let mut names = vec![ListName {
                full: format!("{sur}, {giv}"),
                surname: Some(sur.clone()),
                given: Some(giv.clone()),
                quality: NameQuality::Primary,
            }];
            if rng.random_bool(0.2) {
                let alias_sur = misspell(&mut rng, &sur);
                names.push(ListName {
                    full: format!("{alias_sur}, {giv}"),
                    surname: Some(alias_sur),
                    given: Some(giv),
                    quality: NameQuality::Strong,
                });
            }
            let year = rng.random_range(1940..2005);
            Entry {
                entry_id: format!("SYN-{i}"),
                kind: EntryKind::Person,
                names,
                dates_of_birth: vec![if rng.random_bool(0.8) {
                    DateOfBirth::Date {
                        date: chrono::NaiveDate::from_ymd_opt(
                            year,
                            rng.random_range(1..13),
                            rng.random_range(1..29),
                        )
                        .unwrap_or_default(),
                    }
                } else {
                    DateOfBirth::Year { year }
                }],
                nationalities: CountryCode::parse(countries[rng.random_range(0..countries.len())])
                    .into_iter()
                    .collect(),
                gender: None,
                documents: Vec::new(),
                programs: Vec::new(),
            }
        })
        .collect();
    Watchlist {
        id: "synthetic".to_owned(),
        name: format!("Synthetic list ({n} entries, seed {seed})"),
        legal_basis: None,
        version: format!("synthetic:{n}:{seed}"),
        threshold: 0.88,
        entries,
        skipped_non_person: 0,
    }
}
