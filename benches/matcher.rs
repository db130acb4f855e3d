//! Matcher throughput: travellers screened per second against the OFAC SDN (+aliases),
//! UN and example national lists, on generated traffic with planted hits.
//!
//! Run: `cargo bench --bench matcher`. Figures are ratios on the machine at hand.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use pnr_screen::config::Config;
use pnr_screen::pnr::decode::{decode_json, DecodeLimits};

fn bench(c: &mut Criterion) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = Config::load(
        Some(&root.join("deploy/pnr-screen.example.toml")),
        Some(Default::default()),
    )
    .expect("example config");
    let snapshot = config.sources().load_snapshot().expect("lists");
    let generated = pnr_screen::testkit::traffic::generate(&snapshot, 200, 1);
    let pnrs: Vec<_> = generated
        .messages
        .iter()
        .filter_map(|m| decode_json(m, &DecodeLimits::default()).ok())
        .map(|d| d.pnr)
        .collect();
    let travellers: Vec<_> = pnrs
        .iter()
        .flat_map(|p| p.travellers.iter().cloned())
        .collect();

    let mut g = c.benchmark_group("pnr_screen::matcher::Snapshot::screen");
    g.throughput(Throughput::Elements(travellers.len() as u64));
    g.sample_size(10);
    g.bench_function("ofac_un_national", |b| {
        b.iter(|| {
            travellers
                .iter()
                .map(|t| snapshot.screen(t).len())
                .sum::<usize>()
        })
    });
    g.finish();

    let mut g = c.benchmark_group("pnr_screen::pnr::decode::decode_json");
    g.throughput(Throughput::Elements(generated.messages.len() as u64));
    g.bench_function("generated", |b| {
        b.iter_batched(
            || generated.messages.clone(),
            |msgs| {
                msgs.iter()
                    .filter(|m| decode_json(m, &DecodeLimits::default()).is_ok())
                    .count()
            },
            BatchSize::SmallInput,
        )
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
