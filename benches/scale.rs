//! Scale benchmark (load command): index build time, memory per name, and travellers/s of
//! the indexed matcher against exhaustive scoring with the same rule, in one run, on
//! (a) OFAC SDN + aliases + UN, (b) 100k and (c) 1M synthetic names.
//!
//!     cargo bench --bench scale                      # all three
//!     cargo bench --bench scale -- 1000000           # one synthetic size
//!     cargo bench --bench scale -- lists             # the real lists only
//!     cargo bench --bench scale -- lists --profile   # warm passes only (for perf record)
//!     cargo bench --bench scale -- 1000000 --apis    # travellers with DOB + nationality
//!     cargo bench --bench scale -- --dump /tmp/names # also write names + queries for
//!                                                    # benches/rapidfuzz_compare.py
//!
//! Build time and added RSS cover loading the real lists from their files and indexing
//! them; synthetic lists are generated first, so only their indexing is counted.
//!
//! Travellers: half are list names with one typo (hits), half fresh random names (misses);
//! like a PNR name, each has a surname (unsplit list names are split at their last word).
//! They carry no DOB or nationality, as bookings made days before departure often do not;
//! with `--apis` each carries both (as after check-in), which lets the DOB and nationality
//! bonuses lift weaker names to a hit, so retrieval must keep more candidates.
//! Both matchers run on all cores (rayon); exhaustive scoring is sampled. The run also
//! checks that both return exactly the same hits on the sample.

use std::io::Write as _;
use std::time::Instant;

use pnr_screen::matcher::{Settings, Snapshot};
use pnr_screen::pnr::model::{BirthDate, CountryCode, PersonName, Traveller};
use pnr_screen::watchlist::DateOfBirth;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rayon::prelude::*;

/// The allocator of the `pnr-screen` binary, so the figures are the service's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn rss_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

/// CPU seconds (user + system) this process has used: steadier than wall time on a shared
/// VM, whose other tenants take cycles from our cores.
fn cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            let fields: Vec<&str> = s.rsplit_once(')')?.1.split_whitespace().collect();
            let ticks: f64 =
                fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
            Some(ticks / 100.0)
        })
        .unwrap_or(0.0)
}

fn traveller(surname: &str, given: &str) -> Traveller {
    Traveller::named(PersonName {
        surname: surname.into(),
        given_names: given.into(),
        title: None,
        as_received: String::new(),
    })
}

fn queries(snapshot: &Snapshot, n: usize, apis: bool) -> Vec<Traveller> {
    let mut rng = StdRng::seed_from_u64(99);
    // A listed person travels on their own DOB and nationality where the list gives them.
    let with_apis = |mut t: Traveller, entry: Option<&pnr_screen::watchlist::Entry>| {
        if apis {
            let listed = entry.and_then(|e| {
                e.dates_of_birth.iter().find_map(|d| match d {
                    DateOfBirth::Date { date } => Some(*date),
                    _ => None,
                })
            });
            t.date_of_birth = listed
                .or_else(|| chrono::NaiveDate::from_ymd_opt(1975, 5, 5))
                .map(BirthDate::Day);
            t.nationality = entry
                .and_then(|e| e.nationalities.first().copied())
                .or_else(|| CountryCode::parse("FRA"));
        }
        t
    };
    let fresh = pnr_screen::testkit::synthetic::generate(n, 4242);
    (0..n)
        .map(|i| {
            if i % 2 == 0 {
                let list = &snapshot.lists[rng.random_range(0..snapshot.lists.len())];
                let e = &list.entries[rng.random_range(0..list.entries.len())];
                let name = &e.names[0];
                // A PNR name always has a surname: split unsplit list names at the last word.
                let (s, g) = match (&name.surname, &name.given) {
                    (Some(s), g) => (s.clone(), g.clone().unwrap_or_default()),
                    _ => match name.full.trim().rsplit_once(' ') {
                        Some((g, s)) => (s.to_owned(), g.to_owned()),
                        None => (name.full.clone(), String::new()),
                    },
                };
                // One typo: swap two inner letters of the surname (or of the full name).
                let mut target = if s.len() > 4 { s.clone() } else { g.clone() };
                if target.len() > 4 && target.is_ascii() {
                    let k = rng.random_range(1..target.len() - 2);
                    let mut b = target.into_bytes();
                    b.swap(k, k + 1);
                    target = String::from_utf8(b).unwrap_or_default();
                }
                let t = if s.len() > 4 {
                    traveller(&target, &g)
                } else {
                    traveller(&s, &target)
                };
                with_apis(t, Some(e))
            } else {
                let name = &fresh.entries[i].names[0];
                let t = traveller(
                    name.surname.as_deref().unwrap_or(""),
                    name.given.as_deref().unwrap_or(""),
                );
                with_apis(t, None)
            }
        })
        .collect()
}

fn run(
    label: &str,
    build: impl FnOnce() -> Snapshot,
    n_queries: usize,
    n_exhaustive: usize,
    dump: Option<&str>,
    apis: bool,
) {
    let rss0 = rss_kib("VmRSS:");
    let t = Instant::now();
    let snapshot = build();
    let build_s = t.elapsed().as_secs_f64();
    let rss1 = rss_kib("VmRSS:");
    let names = snapshot.name_count();
    let qs = queries(&snapshot, n_queries, apis);

    // Warm the per-token cache the way a stream does, then measure.
    let t = Instant::now();
    let hits: usize = qs
        .par_iter()
        .map(|q| usize::from(!snapshot.screen(q).is_empty()))
        .sum();
    let cold = qs.len() as f64 / t.elapsed().as_secs_f64();
    let (t, cpu) = (Instant::now(), cpu_seconds());
    let _: usize = qs.par_iter().map(|q| snapshot.screen(q).len()).sum();
    let warm = qs.len() as f64 / t.elapsed().as_secs_f64();
    let warm_cpu_us = (cpu_seconds() - cpu) * 1e6 / qs.len() as f64;
    let mut counts: Vec<usize> = qs.par_iter().map(|q| snapshot.candidate_count(q)).collect();
    let per_traveller = counts.iter().sum::<usize>() as f64 / qs.len() as f64;
    counts.sort_unstable();
    let pct = |p: usize| counts.get(counts.len() * p / 100).copied().unwrap_or(0);
    println!(
        "{label:<22} candidates/traveller: mean {per_traveller:.1}, p50 {}, p90 {}, p99 {}, max {}",
        pct(50),
        pct(90),
        pct(99),
        counts.last().copied().unwrap_or(0)
    );

    if n_exhaustive == 0 {
        // Profiling mode: repeat the warm pass, skip the exhaustive reference.
        let (t, cpu) = (Instant::now(), cpu_seconds());
        for _ in 0..10 {
            let _: usize = qs.par_iter().map(|q| snapshot.screen(q).len()).sum();
        }
        let rate = 10.0 * qs.len() as f64 / t.elapsed().as_secs_f64();
        let cpu_us = (cpu_seconds() - cpu) * 1e6 / (10.0 * qs.len() as f64);
        println!(
            "{label:<22} indexed {warm:>9.0}/s warm, {rate:>9.0}/s over 10 more passes ({cpu_us:.1} CPU µs/traveller), {per_traveller:.1} candidates/traveller"
        );
        return;
    }
    let sample: Vec<&Traveller> = qs.iter().take(n_exhaustive).collect();
    let t = Instant::now();
    let exhaustive: Vec<_> = sample
        .par_iter()
        .map(|q| snapshot.screen_exhaustive(q))
        .collect();
    let ex_rate = sample.len() as f64 / t.elapsed().as_secs_f64();
    let key = |ms: &[pnr_screen::matcher::Match]| -> Vec<(usize, usize, u64)> {
        let mut k: Vec<_> = ms
            .iter()
            .map(|m| (m.list, m.entry, m.score.to_bits()))
            .collect();
        k.sort_unstable();
        k
    };
    let same = sample
        .iter()
        .zip(&exhaustive)
        .all(|(q, ex)| key(&snapshot.screen(q)) == key(ex));

    println!(
        "{label:<22} names {names:>8}  build {build_s:>6.2} s  rss +{:>5} MiB ({:>4} B/name)  peak {:>5} MiB",
        (rss1.saturating_sub(rss0)) / 1024,
        (rss1.saturating_sub(rss0) * 1024) / names.max(1) as u64,
        rss_kib("VmHWM:") / 1024
    );
    println!(
        "{:<22} indexed {cold:>9.0} travellers/s first pass, {warm:>9.0}/s warm ({warm_cpu_us:.0} CPU µs each), {per_traveller:.1} candidates/traveller  |  exhaustive {ex_rate:>8.1}/s  |  ratio {:>7.0}x (warm)  |  hits {hits}/{}  |  identical hits on {} sampled: {same}",
        "",
        warm / ex_rate,
        qs.len(),
        sample.len()
    );
    assert!(same, "indexed and exhaustive matchers disagree");
    if let Some(dir) = dump {
        std::fs::create_dir_all(dir).expect("dump dir");
        let mut f = std::io::BufWriter::new(
            std::fs::File::create(format!("{dir}/{label}.names.txt")).expect("file"),
        );
        for l in &snapshot.lists {
            for e in &l.entries {
                for n in &e.names {
                    let _ = writeln!(f, "{}", pnr_screen::matcher::normalize::fold(&n.full));
                }
            }
        }
        let mut f = std::io::BufWriter::new(
            std::fs::File::create(format!("{dir}/{label}.queries.txt")).expect("file"),
        );
        for q in &qs {
            let _ = writeln!(
                f,
                "{}",
                pnr_screen::matcher::normalize::fold(&format!(
                    "{} {}",
                    q.name.surname, q.name.given_names
                ))
            );
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let dump = args
        .iter()
        .position(|a| a == "--dump")
        .and_then(|i| args.get(i + 1))
        .cloned();
    let sizes: Vec<usize> = args.iter().filter_map(|a| a.parse().ok()).collect();
    let only_lists = args.iter().any(|a| a == "lists");
    let profile = args.iter().any(|a| a == "--profile");
    let apis = args.iter().any(|a| a == "--apis");
    let sampled = |n: usize| if profile { 0 } else { n };
    let settings = Settings::default();
    if sizes.is_empty() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let config = pnr_screen::config::Config::load(
            Some(&root.join("deploy/demo.toml")),
            Some(Default::default()),
        )
        .expect("demo config");
        run(
            "ofac_sdn_alt_un",
            || config.sources().load_snapshot().expect("lists"),
            5_000,
            sampled(60),
            dump.as_deref(),
            apis,
        );
    }
    for n in if only_lists {
        vec![]
    } else if sizes.is_empty() {
        vec![100_000, 1_000_000]
    } else {
        sizes
    } {
        let label = format!("synthetic_{n}");
        let exhaustive = if n >= 1_000_000 { 4 } else { 20 };
        // Generated before the clock starts: only indexing is timed (and counted in the
        // added RSS; the peak includes the list).
        let list = pnr_screen::testkit::synthetic::generate(n, 7);
        run(
            &label,
            move || Snapshot::build(vec![list], settings),
            5_000,
            sampled(exhaustive),
            dump.as_deref(),
            apis,
        );
    }
}
