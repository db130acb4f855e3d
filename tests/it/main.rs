//! Integration tests, one module per behaviour (a single test binary, as in ripgrep).
//!
//! `kafka_real` runs against a real Apache Kafka broker when `PNR_SCREEN_TEST_BOOTSTRAP`
//! is set (the README's test command, `deploy/test.sh`, starts one and sets it); without
//! it those tests say so and skip. Everything else runs anywhere.

mod config;
mod decode;
mod equivalence;
mod helpers;
mod kafka_mock;
mod kafka_real;
mod messy;
mod quality;
mod rules;
mod scenario;
mod schema;
mod screen;
mod watchlists;
