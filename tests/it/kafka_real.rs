//! The pipeline against a real Apache Kafka broker (KRaft), started by `deploy/kafka.sh`.
//!
//! Set `PNR_SCREEN_TEST_BOOTSTRAP=127.0.0.1:39092` (the README's test command does) to run
//! these; without it they print why they skip.

use std::time::Duration;

use crate::helpers::{run_until, shared};
use crate::scenario;

fn bootstrap() -> Option<String> {
    match std::env::var("PNR_SCREEN_TEST_BOOTSTRAP") {
        Ok(b) if !b.is_empty() => Some(b),
        _ => {
            eprintln!("skipping real-broker test: PNR_SCREEN_TEST_BOOTSTRAP is not set (deploy/test.sh sets it)");
            None
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_broker_exact_alerts_and_dead_letters() {
    let Some(b) = bootstrap() else { return };
    let config = scenario::config_without_rules(&b, "real");
    let input = scenario::produce(&config, 150, 21).await;
    let shared = shared(&config);
    run_until(&config, shared.clone(), Duration::from_secs(120), |s| {
        s.metrics.messages_completed_count() >= 150
    })
    .await;
    assert_eq!(shared.metrics.messages_completed_count(), 150);
    scenario::verify(&config, &input).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_broker_stop_mid_stream_and_restart_loses_nothing() {
    let Some(b) = bootstrap() else { return };
    let config = scenario::config_without_rules(&b, "restart");
    let input = scenario::produce(&config, 400, 33).await;
    let ends = scenario::end_offsets(&input);

    // First run: stopped (as on SIGTERM) after about a third of the stream.
    let first = shared(&config);
    run_until(&config, first.clone(), Duration::from_secs(120), |s| {
        s.metrics.messages_completed_count() >= 130
    })
    .await;
    let done_first = first.metrics.messages_completed_count();
    assert!(
        (130..400).contains(&done_first),
        "stopped mid-stream after {done_first}"
    );
    let parts: Vec<i32> = ends.keys().copied().collect();
    let cfg = config.clone();
    let after_first = tokio::task::spawn_blocking(move || scenario::committed(&cfg, &parts))
        .await
        .expect("committed");
    assert!(
        after_first.values().sum::<i64>() > 0,
        "the first run committed its progress"
    );
    assert!(!scenario::fully_committed(&config, &ends));

    // Second run: same group, resumes from the committed offsets until everything is committed.
    let second = shared(&config);
    let (cfg, ends2) = (config.clone(), ends.clone());
    let check = std::sync::Arc::new(std::sync::Mutex::new(std::time::Instant::now()));
    run_until(
        &config,
        second.clone(),
        Duration::from_secs(120),
        move |_| {
            let mut last = check.lock().expect("lock");
            if last.elapsed() < Duration::from_millis(500) {
                return false;
            }
            *last = std::time::Instant::now();
            scenario::fully_committed(&cfg, &ends2)
        },
    )
    .await;
    let done_second = second.metrics.messages_completed_count();
    assert!(
        done_first + done_second >= 400,
        "{done_first} + {done_second} cover the stream"
    );
    scenario::verify(&config, &input).await;
}
