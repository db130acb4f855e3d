//! The end-to-end Kafka scenario shared by the mock-cluster and real-broker tests:
//! produce generated PNRs (planted hits, clean, malformed), run the pipeline, and check
//! that every input offset ended as screened (its exact alerts present) or dead-lettered,
//! and that the group's committed offsets reached the end of every partition.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use pnr_screen::alert::Source;
use pnr_screen::config::Config;
use pnr_screen::kafka::mock::read_topic;
use pnr_screen::kafka::Producer;
use pnr_screen::pipeline::headers;
use pnr_screen::pnr::decode::decode_json;
use pnr_screen::testkit::traffic::{generate, Generated};
use rdkafka::consumer::{BaseConsumer, Consumer as _};
use rdkafka::{ClientConfig, Offset, TopicPartitionList};

use crate::helpers::{example_config, header, snapshot};

/// A configuration pointing at `bootstrap` with fresh topics and group.
pub fn config(bootstrap: &str, tag: &str) -> Config {
    let id = uuid::Uuid::new_v4().simple().to_string();
    let input = format!("pnr-{tag}-{id}");
    let alerts = format!("alerts-{tag}-{id}");
    let dlq = format!("dlq-{tag}-{id}");
    let group = format!("group-{tag}-{id}");
    example_config(&[
        ("PNR_SCREEN__KAFKA__BOOTSTRAP_SERVERS", bootstrap),
        ("PNR_SCREEN__KAFKA__INPUT_TOPIC", &input),
        ("PNR_SCREEN__KAFKA__ALERTS_TOPIC", &alerts),
        ("PNR_SCREEN__KAFKA__DEAD_LETTER_TOPIC", &dlq),
        ("PNR_SCREEN__KAFKA__GROUP_ID", &group),
        ("PNR_SCREEN__KAFKA__COMMIT_INTERVAL_MS", "200"),
        ("PNR_SCREEN__KAFKA__SESSION_TIMEOUT_MS", "10000"),
        ("PNR_SCREEN__PIPELINE__DRAIN_TIMEOUT_MS", "5000"),
        ("PNR_SCREEN__PIPELINE__MAX_IN_FLIGHT", "32"),
    ])
}

/// Rules are left out of the Kafka scenarios: their cross-PNR window makes outcomes
/// depend on processing order, which these tests do not control.
pub fn config_without_rules(bootstrap: &str, tag: &str) -> Config {
    let mut c = config(bootstrap, tag);
    c.rules.dir = None;
    c
}

/// The produced input: generated messages and where each landed.
pub struct Input {
    pub generated: Generated,
    pub positions: Vec<(i32, i64)>,
}

pub async fn produce(config: &Config, n: usize, seed: u64) -> Input {
    let generated = generate(&snapshot(), n, seed);
    let producer = Producer::new(&config.kafka).expect("producer");
    let mut positions = Vec::with_capacity(n);
    for (i, body) in generated.messages.iter().enumerate() {
        let key = format!("k{i}");
        let pos = producer
            .send(&config.kafka.input_topic, Some(key.as_bytes()), body, &[])
            .await
            .expect("input produced");
        positions.push(pos);
    }
    Input {
        generated,
        positions,
    }
}

/// End offset (next offset) of every input partition that received messages.
pub fn end_offsets(input: &Input) -> BTreeMap<i32, i64> {
    let mut ends = BTreeMap::new();
    for &(p, o) in &input.positions {
        let e = ends.entry(p).or_insert(0);
        *e = (*e).max(o + 1);
    }
    ends
}

/// The group's committed offsets for the input topic.
pub fn committed(config: &Config, partitions: &[i32]) -> BTreeMap<i32, i64> {
    let consumer: BaseConsumer = ClientConfig::new()
        .set("bootstrap.servers", &config.kafka.bootstrap_servers)
        .set("group.id", &config.kafka.group_id)
        .set("broker.address.family", "v4")
        .create()
        .expect("committed-offsets client");
    let mut tpl = TopicPartitionList::new();
    for &p in partitions {
        tpl.add_partition(&config.kafka.input_topic, p);
    }
    let got = consumer
        .committed_offsets(tpl, Duration::from_secs(10))
        .expect("committed offsets");
    got.elements()
        .iter()
        .filter_map(|e| match e.offset() {
            Offset::Offset(o) => Some((e.partition(), o)),
            _ => None,
        })
        .collect()
}

/// True once the group committed every partition to its end.
pub fn fully_committed(config: &Config, ends: &BTreeMap<i32, i64>) -> bool {
    let parts: Vec<i32> = ends.keys().copied().collect();
    committed(config, &parts) == *ends
}

/// Checks the outputs against what screening each input offset must produce.
pub async fn verify(config: &Config, input: &Input) {
    let topic = config.kafka.input_topic.clone();
    let mut expected_alerts: BTreeMap<uuid::Uuid, BTreeSet<(String, String)>> = BTreeMap::new();
    let mut expected_dead: BTreeSet<(i32, i64)> = BTreeSet::new();
    let mut expected_unscreenable = 0usize;
    for (i, body) in input.generated.messages.iter().enumerate() {
        let (partition, offset) = input.positions[i];
        match decode_json(body, &config.limits) {
            Ok(d) => {
                let source = Source::Kafka {
                    topic: topic.clone(),
                    partition,
                    offset,
                };
                for a in crate::helpers::screen_lists(&d.pnr, &source) {
                    expected_unscreenable += usize::from(a.unscreenable.is_some());
                    let ids = a
                        .matches
                        .iter()
                        .map(|m| (m.list.clone(), m.entry_id.clone()))
                        .collect();
                    expected_alerts.insert(a.alert_id, ids);
                }
            }
            Err(_) => {
                assert!(
                    input.generated.malformed.contains_key(&i),
                    "message {i} should decode"
                );
                expected_dead.insert((partition, offset));
            }
        }
    }
    assert_eq!(expected_dead.len(), input.generated.malformed.len());

    let (bootstrap, alerts_topic, dlq_topic) = (
        config.kafka.bootstrap_servers.clone(),
        config.kafka.alerts_topic.clone(),
        config.kafka.dead_letter_topic.clone(),
    );
    let n_alerts = expected_alerts.len();
    let n_dead = expected_dead.len();
    let (alerts, dead) = tokio::task::spawn_blocking(move || {
        let idle = Duration::from_secs(3);
        let deadline = Duration::from_secs(30);
        (
            read_topic(&bootstrap, &alerts_topic, Some(n_alerts), idle, deadline).expect("alerts"),
            read_topic(&bootstrap, &dlq_topic, Some(n_dead), idle, deadline).expect("dead letters"),
        )
    })
    .await
    .expect("reader");

    let mut got_alerts: BTreeMap<uuid::Uuid, BTreeSet<(String, String)>> = BTreeMap::new();
    let mut got_unscreenable: BTreeSet<uuid::Uuid> = BTreeSet::new();
    for r in &alerts {
        let v: serde_json::Value =
            serde_json::from_slice(r.payload.as_deref().expect("payload")).expect("alert json");
        let id: uuid::Uuid = v["alert_id"].as_str().expect("id").parse().expect("uuid");
        if v["unscreenable"].is_string() {
            got_unscreenable.insert(id);
        }
        let rl = v["record_locator"].as_str().expect("rl");
        assert_eq!(
            r.key.as_deref(),
            Some(rl.as_bytes()),
            "alerts are keyed by record locator"
        );
        let ids = v["matches"]
            .as_array()
            .expect("matches")
            .iter()
            .map(|m| {
                (
                    m["list"].as_str().unwrap_or("").to_owned(),
                    m["entry_id"].as_str().unwrap_or("").to_owned(),
                )
            })
            .collect();
        got_alerts.insert(id, ids); // duplicates after a restart are allowed (at-least-once)
    }
    assert_eq!(
        got_alerts, expected_alerts,
        "every screened offset's exact alerts are on the alerts topic"
    );
    assert!(
        expected_unscreenable > 0,
        "the traffic has placeholder travellers"
    );
    assert_eq!(
        got_unscreenable.len(),
        expected_unscreenable,
        "every unscreenable traveller is alerted"
    );

    let mut got_dead = BTreeSet::new();
    for r in &dead {
        let reason = header(r, headers::REASON).expect("reason header");
        assert!(!reason.is_empty());
        assert!(header(r, headers::ERROR).is_some());
        assert_eq!(
            header(r, headers::SOURCE_TOPIC).as_deref(),
            Some(topic.as_str())
        );
        let p: i32 = header(r, headers::SOURCE_PARTITION)
            .expect("partition")
            .parse()
            .expect("int");
        let o: i64 = header(r, headers::SOURCE_OFFSET)
            .expect("offset")
            .parse()
            .expect("int");
        let i = input
            .positions
            .iter()
            .position(|&x| x == (p, o))
            .expect("dead letter points at an input");
        assert_eq!(
            Some(&reason.as_str()),
            input.generated.malformed.get(&i),
            "reason of message {i}"
        );
        got_dead.insert((p, o));
    }
    assert_eq!(
        got_dead, expected_dead,
        "every malformed offset is dead-lettered"
    );

    for p in &input.generated.planted {
        assert!(
            expected_alerts
                .values()
                .any(|ids| ids.contains(&(p.list.clone(), p.entry_id.clone()))),
            "planted {p:?} found"
        );
    }
    let ends = end_offsets(input);
    let cfg = config.clone();
    let ok = tokio::task::spawn_blocking(move || {
        for _ in 0..50 {
            if fully_committed(&cfg, &ends) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        false
    })
    .await
    .expect("committed check");
    assert!(ok, "committed offsets reach the end of every partition");
}
