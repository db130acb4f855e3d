//! `pnr-screen demo`: the real pipeline against librdkafka's in-process mock cluster.
//!
//! [`generate`] builds PNR messages in the documented JSON format: clean travellers,
//! travellers planted from real watchlist entries (name spelled as the list or in airline
//! form, with the list's DOB and nationality where it gives them), and malformed messages
//! of several kinds. [`run`] feeds them to a mock cluster, runs the same pipeline as
//! `pnr-screen run` until every message is accounted for, and reads back the alerts and
//! dead letters for a summary that checks each planted traveller was found.
//!
//! Invariants: generation is deterministic for a seed; the demo stops by itself once all
//! generated messages completed (or on Ctrl-C / its deadline).

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};
use tokio_util::sync::CancellationToken;

use crate::config::Config;
use crate::kafka::mock::{read_topic, MockBroker};
use crate::kafka::producer::Producer;
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
    if rng.random_bool(0.5) {
        json!({"name": format!("{surname}/{given} MR"), "date_of_birth": dob, "gender": "M", "nationality": "GBR"})
    } else {
        json!({"surname": surname, "given_names": given, "date_of_birth": dob, "gender": "F", "nationality": "DEU",
               "documents": [{"type": "P", "number": format!("C{}", rng.random_range(10_000_000..99_999_999)), "issuing_country": "DEU"}]})
    }
}

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
                    json!({"record_locator": rl, "travellers": [{"surname": "DOE", "date_of_birth": "31/12/1980"}]})
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

/// Options of `pnr-screen demo`.
#[derive(Debug, Clone)]
pub struct DemoOptions {
    pub messages: usize,
    pub seed: u64,
    pub deadline: Duration,
}

/// What the demo observed.
#[derive(Debug, Clone, Default)]
pub struct DemoReport {
    pub messages: usize,
    pub completed: u64,
    pub travellers: u64,
    pub alerts: Vec<Value>,
    pub dead_letters: BTreeMap<String, usize>,
    pub expected_dead_letters: usize,
    pub planted: usize,
    pub planted_found: usize,
    pub metrics_addr: String,
    pub elapsed: Duration,
}

impl DemoReport {
    /// Human-readable summary (stdout of `pnr-screen demo`).
    pub fn render(&self) -> String {
        let mut s = String::new();
        let dl: usize = self.dead_letters.values().sum();
        s.push_str(&format!(
            "\npnr-screen demo: {} messages in {:.1} s against the in-process mock cluster\n",
            self.messages,
            self.elapsed.as_secs_f64()
        ));
        s.push_str(&format!(
            "  messages completed (offsets stored): {}\n",
            self.completed
        ));
        s.push_str(&format!(
            "  travellers screened:                 {}\n",
            self.travellers
        ));
        s.push_str(&format!(
            "  alerts on the alerts topic:          {}\n",
            self.alerts.len()
        ));
        s.push_str(&format!(
            "  planted watchlist travellers found:  {}/{}\n",
            self.planted_found, self.planted
        ));
        s.push_str(&format!(
            "  dead letters:                        {dl} (expected {})\n",
            self.expected_dead_letters
        ));
        for (reason, n) in &self.dead_letters {
            s.push_str(&format!("    {reason:<24} {n}\n"));
        }
        s.push_str(&format!(
            "  metrics were served on http://{}/metrics\n",
            self.metrics_addr
        ));
        for alert in self.alerts.iter().take(2) {
            s.push_str("\nexample alert:\n");
            s.push_str(&serde_json::to_string_pretty(alert).unwrap_or_default());
            s.push('\n');
        }
        s
    }
}

/// Runs the demo: mock cluster, generated input, the real pipeline, a summary.
///
/// # Errors
/// Watchlists fail to load, the mock cluster or a client cannot start, or the metrics
/// port cannot be bound.
pub async fn run(
    mut config: Config,
    options: DemoOptions,
    shutdown: CancellationToken,
) -> anyhow::Result<DemoReport> {
    let started = Instant::now();
    config.require_watchlists()?;
    let k = config.kafka.clone();
    let broker = MockBroker::start(&[
        (&k.input_topic, 3),
        (&k.alerts_topic, 3),
        (&k.dead_letter_topic, 1),
    ])
    .context("Failed to start the mock Kafka cluster")?;
    config.kafka.bootstrap_servers = broker.bootstrap_servers();
    config.kafka.group_id = format!("pnr-screen-demo-{}", uuid::Uuid::new_v4());
    config.kafka.client_properties.clear();

    let metrics = crate::metrics::Metrics::new();
    let cfg = config.clone();
    let snapshot = tokio::task::spawn_blocking(move || crate::app::load_snapshot(&cfg))
        .await
        .context("Watchlist loading task failed")?
        .context("Failed to load watchlists")?;
    crate::app::record_snapshot(&metrics, &snapshot);
    let generated = generate(&snapshot, options.messages, options.seed);
    let rules = crate::app::load_rules(&config)?;
    let shared = crate::app::shared(&config, snapshot, rules, metrics);

    let producer = Producer::new(&config.kafka).context("Failed to create the demo producer")?;
    for (i, body) in generated.messages.iter().enumerate() {
        let key = i.to_string();
        producer
            .send(&config.kafka.input_topic, Some(key.as_bytes()), body, &[])
            .await
            .context("Failed to feed the mock cluster")?;
    }

    let stop = shutdown.child_token();
    let (addr, http) = crate::http::serve(config.http_listen, shared.clone(), stop.clone())
        .await
        .with_context(|| {
            format!(
                "Failed to bind the metrics endpoint on {}",
                config.http_listen
            )
        })?;
    let watcher = {
        let shared = shared.clone();
        let stop = stop.clone();
        let n = options.messages as u64;
        let deadline = options.deadline;
        tokio::spawn(async move {
            let t0 = Instant::now();
            while shared.metrics.messages_completed.get() < n
                && t0.elapsed() < deadline
                && !stop.is_cancelled()
            {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            stop.cancel();
        })
    };
    crate::app::run_pipeline(&config, shared.clone(), stop.clone()).await?;
    let _ = watcher.await;
    let _ = http.await;

    let bootstrap = config.kafka.bootstrap_servers.clone();
    let (alerts_topic, dlq_topic) = (
        config.kafka.alerts_topic.clone(),
        config.kafka.dead_letter_topic.clone(),
    );
    let (alerts, dead) = tokio::task::spawn_blocking(move || {
        let idle = Duration::from_secs(2);
        let deadline = Duration::from_secs(20);
        Ok::<_, crate::kafka::KafkaError>((
            read_topic(&bootstrap, &alerts_topic, None, idle, deadline)?,
            read_topic(&bootstrap, &dlq_topic, None, idle, deadline)?,
        ))
    })
    .await
    .context("Reading back the demo topics failed")??;
    drop(broker);

    let alerts: Vec<Value> = alerts
        .iter()
        .filter_map(|r| {
            r.payload
                .as_deref()
                .and_then(|p| serde_json::from_slice(p).ok())
        })
        .collect();
    let mut dead_letters = BTreeMap::new();
    for r in &dead {
        let reason = r
            .headers
            .iter()
            .find(|(k, _)| k == crate::pipeline::headers::REASON)
            .map(|(_, v)| String::from_utf8_lossy(v).into_owned())
            .unwrap_or_default();
        *dead_letters.entry(reason).or_insert(0) += 1;
    }
    let found = |p: &Planted| {
        alerts.iter().any(|a| {
            a["record_locator"] == p.record_locator.as_str()
                && a["matches"].as_array().is_some_and(|ms| {
                    ms.iter().any(|m| {
                        m["list"] == p.list.as_str() && m["entry_id"] == p.entry_id.as_str()
                    })
                })
        })
    };
    let planted_found = generated.planted.iter().filter(|p| found(p)).count();
    let mut sorted = alerts;
    // Show planted hits first.
    sorted.sort_by_key(|a| {
        !generated
            .planted
            .iter()
            .any(|p| a["record_locator"] == p.record_locator.as_str())
    });
    Ok(DemoReport {
        messages: options.messages,
        completed: shared.metrics.messages_completed.get(),
        travellers: shared.metrics.travellers_screened.get(),
        alerts: sorted,
        dead_letters,
        expected_dead_letters: generated.malformed.len(),
        planted: generated.planted.len(),
        planted_found,
        metrics_addr: addr.to_string(),
        elapsed: started.elapsed(),
    })
}
