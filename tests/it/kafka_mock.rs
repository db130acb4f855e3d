//! The pipeline on librdkafka's in-process mock cluster (fast; no broker needed).

use std::time::Duration;

use pnr_screen::kafka::mock::MockBroker;

use crate::helpers::{run_until, shared};
use crate::scenario;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_message_is_screened_or_dead_lettered_on_the_mock_cluster() {
    let probe = scenario::config_without_rules("127.0.0.1:1", "mock");
    let k = &probe.kafka;
    let broker = MockBroker::start(&[
        (&k.input_topic, 3),
        (&k.alerts_topic, 3),
        (&k.dead_letter_topic, 1),
    ])
    .expect("mock cluster");
    let mut config = probe.clone();
    config.kafka.bootstrap_servers = broker.bootstrap_servers();
    let input = scenario::produce(&config, 80, 11).await;
    let shared = shared(&config);
    run_until(&config, shared.clone(), Duration::from_secs(60), |s| {
        s.metrics.messages_completed_count() >= 80
    })
    .await;
    let m = &shared.metrics;
    assert_eq!(m.messages_completed_count(), 80);
    let dead: u64 = input
        .generated
        .malformed
        .values()
        .map(|r| m.dead_lettered_count(r))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .sum();
    assert!(dead > 0);
    // Messages 11 and 61 carry a placeholder traveller (`FNU/FNU`): screened, alerted as
    // unscreenable, counted and flagged.
    assert_eq!(m.unscreenable_count("placeholder"), 2);
    assert_eq!(
        m.data_quality_count("travellers[].name", "unusable_name"),
        2
    );
    scenario::verify(&config, &input).await;
    drop(broker);
}
