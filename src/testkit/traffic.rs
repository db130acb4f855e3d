//! Demo traffic: PNR messages in the documented JSON format, with known answers.
//!
//! [`generate`] builds clean travellers, travellers planted from real watchlist entries
//! (name spelled as the list or in airline form, with the list's DOB and nationality where
//! it gives them), and malformed messages of several kinds, and says which message holds
//! which planted traveller and which malformation, so a run can be checked.
//!
//! Invariant: generation is deterministic for a seed and a snapshot.

use std::collections::BTreeMap;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};

use crate::matcher::Snapshot;
use crate::watchlist::{DateOfBirth, Entry};

const SURNAMES: &[&str] = &[
    "SMITH",
    "JOHANSSON",
    "MUELLER",
    "GARCIA",
    "ROSSI",
    "DUBOIS",
    "KOWALSKI",
    "NOVAK",
    "SILVA",
    "TANAKA",
    "KIM",
    "NGUYEN",
    "OKAFOR",
    "MENSAH",
    "PETROV",
    "JENSEN",
    "VAN DER BERG",
    "OBRIEN",
    "MURPHY",
    "SCHMIDT",
    "FERREIRA",
    "LINDQVIST",
    "PAPADOPOULOS",
    "HORVATH",
    "YILMAZ",
    "CHEN",
    "WANG",
    "SATO",
    "MARTIN",
    "BERNARD",
];
const GIVEN: &[&str] = &[
    "JOHN", "ANNA", "MARIA", "PETER", "SOFIA", "LUCAS", "EMMA", "NOAH", "OLIVIA", "LIAM", "MIA",
    "ELIAS", "LEA", "JONAS", "CHLOE", "HUGO", "INES", "MATEO", "YUKI", "HANA", "CHIDI", "AMARA",
    "IVAN", "FREJA", "NIKOS", "ZSOFIA", "EMRE", "LI", "WEI", "CLAIRE",
];
const ROUTES: &[(&str, &str)] = &[
    ("LHR", "JFK"),
    ("FRA", "DXB"),
    ("CDG", "IST"),
    ("AMS", "NBO"),
    ("MAD", "BOG"),
    ("BRU", "DOH"),
    ("VIE", "TLV"),
];

/// A traveller planted from a watchlist entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planted {
    pub message: usize,
    pub record_locator: String,
    pub list: String,
    pub entry_id: String,
}

/// Generated input for the demo, tests and benchmarks.
#[derive(Debug, Clone, Default)]
pub struct Generated {
    pub messages: Vec<Vec<u8>>,
    pub planted: Vec<Planted>,
    /// Messages that must be dead-lettered, by the reason code expected.
    pub malformed: BTreeMap<usize, &'static str>,
}

fn record_locator(rng: &mut StdRng) -> String {
    const CHARS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    (0..6)
        .map(|_| char::from(CHARS[rng.random_range(0..CHARS.len())]))
        .collect()
}

fn segments(rng: &mut StdRng) -> Value {
    let (o, d) = ROUTES[rng.random_range(0..ROUTES.len())];
    let day = rng.random_range(1..28);
    json!([
        {"origin": o, "destination": d, "departure": format!("2026-12-{day:02}T09:15:00"),
         "marketing_carrier": "PS", "flight_number": format!("{}", rng.random_range(100..999)), "status": "HK"},
        {"origin": d, "destination": o, "departure": format!("2027-01-{day:02}T18:40:00"),
         "marketing_carrier": "PS", "flight_number": format!("{}", rng.random_range(100..999)), "status": "HK"}
    ])
}

fn clean_traveller(rng: &mut StdRng) -> Value {
    let surname = SURNAMES[rng.random_range(0..SURNAMES.len())];
    let given = GIVEN[rng.random_range(0..GIVEN.len())];
    let dob = format!(
        "{}-{:02}-{:02}",
        rng.random_range(1950..2010),
        rng.random_range(1..13),
        rng.random_range(1..29)
    );
    let mut t = if rng.random_bool(0.5) {
        json!({"name": format!("{surname}/{given} MR"), "date_of_birth": dob, "gender": "M", "nationality": "GBR"})
    } else {
        json!({"surname": surname, "given_names": given, "date_of_birth": dob, "gender": "F", "nationality": "DEU",
               "documents": [{"type": "P", "number": format!("C{}", rng.random_range(10_000_000..99_999_999)), "issuing_country": "DEU"}]})
    };
    // Real feeds are messy: a few travellers carry an odd value, which is flagged, never a
    // reason to refuse the booking.
    if rng.random_bool(0.05) {
        let (field, value) = MESSES[rng.random_range(0..MESSES.len())];
        t[field] = json!(value);
    }
    t
}

/// Odd values real feeds carry in optional traveller fields.
const MESSES: &[(&str, &str)] = &[
    ("date_of_birth", "1951-02-30"),
    ("date_of_birth", "1975"),
    ("date_of_birth", "19750812"),
    ("nationality", "XXA"),
    ("nationality", "ZZZ"),
    ("passenger_type", "ADT"),
    ("passenger_type", "YTH"),
    ("gender", "Q"),
];

/// A traveller built from a list entry, as an airline might send it.
fn planted_traveller(rng: &mut StdRng, entry: &Entry) -> Option<Value> {
    let name = entry.names.first()?;
    let (surname, given) = match (&name.surname, &name.given) {
        (Some(s), g) => (s.clone(), g.clone().unwrap_or_default()),
        _ => {
            let words: Vec<&str> = name.full.split_whitespace().collect();
            let (last, rest) = words.split_last()?;
            ((*last).to_owned(), rest.join(" "))
        }
    };
    let mut t = if rng.random_bool(0.5) {
        json!({"name": format!("{}/{} MR", surname.to_uppercase(), given.to_uppercase())})
    } else {
        json!({"surname": surname, "given_names": given})
    };
    let dob = entry.dates_of_birth.first().map(|d| match d {
        DateOfBirth::Date { date } => date.format("%Y-%m-%d").to_string(),
        DateOfBirth::Year { year } | DateOfBirth::Circa { year } => format!("{year:04}-06-15"),
        DateOfBirth::Month { year, month } => format!("{year:04}-{month:02}-15"),
        DateOfBirth::Range { from, .. } => format!("{from:04}-06-15"),
    });
    if let Some(d) = dob {
        t["date_of_birth"] = json!(d);
    }
    if let Some(n) = entry.nationalities.first() {
        t["nationality"] = json!(n.as_str());
    }
    Some(t)
}

fn pnr(rng: &mut StdRng, rl: &str, travellers: Vec<Value>) -> Value {
    let card = format!("4{:015}", rng.random_range(0..1_000_000_000_000_000u64));
    json!({
        "record_locator": rl,
        "booked_at": "2026-11-20T10:15:00Z",
        "carrier": "PS",
        "travellers": travellers,
        "segments": segments(rng),
        "payments": [{"form": "card", "card_vendor": "VI", "card_number": card, "amount": 812.40, "currency": "EUR"}],
        "contacts": [{"type": "email", "value": format!("{}@example.org", rl.to_lowercase())}],
        "special_services": [{"code": "AVML", "traveller": 0}, {"code": "SEAT", "traveller": 0, "segment": 0}],
        "remarks": ["PAX REQUESTS AISLE"]
    })
}

/// Generates `n` messages: about 10 % with a planted watchlist traveller, 5 % malformed.
pub fn generate(snapshot: &Snapshot, n: usize, seed: u64) -> Generated {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut out = Generated::default();
    let lists: Vec<_> = snapshot
        .lists
        .iter()
        .filter(|l| !l.entries.is_empty())
        .collect();
    for i in 0..n {
        let rl = record_locator(&mut rng);
        if i % 20 == 7 {
            let (body, reason): (Vec<u8>, &'static str) = match (i / 20) % 4 {
                0 => (b"{\"record_locator\": \"BROKEN\", \"travellers\": [".to_vec(), "json_syntax"),
                1 => (json!({"travellers": [{"surname": "X"}]}).to_string().into_bytes(), "invalid_field"),
                2 => (
                    json!({"record_locator": rl, "travellers": []})
                        .to_string()
                        .into_bytes(),
                    "invalid_field",
                ),
                _ => (
                    json!({"record_locator": rl, "travellers": vec![json!({"surname": "GROUP"}); 150]})
                        .to_string()
                        .into_bytes(),
                    "too_many_items",
                ),
            };
            out.malformed.insert(i, reason);
            out.messages.push(body);
            continue;
        }
        let mut travellers = vec![clean_traveller(&mut rng)];
        if i % 50 == 11 {
            // A placeholder traveller: alerted as unscreenable.
            travellers.push(json!({"surname": "FNU", "given_names": "FNU"}));
        }
        if i % 10 == 3 && !lists.is_empty() {
            let list = lists[rng.random_range(0..lists.len())];
            let entry = &list.entries[rng.random_range(0..list.entries.len())];
            if let Some(t) = planted_traveller(&mut rng, entry) {
                travellers.push(t);
                out.planted.push(Planted {
                    message: i,
                    record_locator: rl.clone(),
                    list: list.id.clone(),
                    entry_id: entry.entry_id.clone(),
                });
            }
        } else if rng.random_bool(0.4) {
            travellers.push(clean_traveller(&mut rng));
        }
        out.messages
            .push(pnr(&mut rng, &rl, travellers).to_string().into_bytes());
    }
    out
}
