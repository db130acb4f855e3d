//! Configuration: the shipped files load, layering works, bad input is refused clearly.

use std::collections::BTreeMap;
use std::io::Write as _;

use pnr_screen::config::{Config, ConfigError};

use crate::helpers::{example_config, root};

fn load_text(text: &str, env: &[(&str, &str)]) -> Result<Config, ConfigError> {
    let mut f = tempfile::NamedTempFile::new().expect("temp file");
    f.write_all(text.as_bytes()).expect("write");
    let env: BTreeMap<String, String> = env
        .iter()
        .map(|(k, v)| ((*k).into(), (*v).into()))
        .collect();
    Config::load(Some(f.path()), Some(env))
}

#[test]
fn shipped_configs_load_with_their_lists() {
    let c = example_config(&[]);
    assert_eq!(c.kafka.input_topic, "pnr");
    assert_eq!(c.watchlists.len(), 3);
    assert!(c
        .watchlists
        .iter()
        .all(|w| w.path.is_absolute() && w.path.exists()));
    let demo = Config::load(
        Some(&root().join("deploy/demo.toml")),
        Some(BTreeMap::new()),
    )
    .expect("demo config");
    assert_eq!(demo.watchlists.len(), 2);
}

#[test]
fn environment_overrides_file_and_defaults() {
    let c = example_config(&[
        (
            "PNR_SCREEN__KAFKA__BOOTSTRAP_SERVERS",
            "10.0.0.1:9092,10.0.0.2:9092",
        ),
        ("PNR_SCREEN__PIPELINE__MAX_IN_FLIGHT", "17"),
        (
            "PNR_SCREEN__KAFKA__CLIENT_PROPERTIES__SASL_PASSWORD",
            "secret",
        ),
    ]);
    assert_eq!(c.kafka.bootstrap_servers, "10.0.0.1:9092,10.0.0.2:9092");
    assert_eq!(c.pipeline.max_in_flight, 17);
    assert_eq!(
        c.kafka
            .client_properties
            .get("sasl.password")
            .map(String::as_str),
        Some("secret")
    );
}

#[test]
fn unknown_keys_are_refused_with_file_line_and_name() {
    let e = load_text(
        "[kafka]\ninput_topic = \"pnr\"\nbootstrap_server = \"x\"\n",
        &[],
    )
    .expect_err("unknown key");
    let msg = e.to_string();
    assert!(msg.contains("bootstrap_server"), "{msg}");
    assert!(msg.contains("line 3"), "{msg}");
    let e =
        load_text("", &[("PNR_SCREEN__PIPELINE__MAX_INFLIGHT", "3")]).expect_err("unknown env key");
    assert!(e.to_string().contains("max_inflight"), "{e}");
}

#[test]
fn bad_values_and_cross_field_checks_name_the_key() {
    let e = load_text("[pipeline]\nmax_in_flight = \"many\"\n", &[]).expect_err("type");
    assert!(e.to_string().contains("line 2"), "{e}");
    let e = load_text("[pipeline]\ndrain_timeout_ms = 60000\n", &[]).expect_err("drain");
    assert!(e.to_string().contains("pipeline.drain_timeout_ms"), "{e}");
    let e = load_text("[kafka]\nalerts_topic = \"pnr\"\n", &[]).expect_err("same topic");
    assert!(e.to_string().contains("topic"), "{e}");
    let e = load_text(
        "[kafka.consumer_properties]\n\"enable.auto.offset.store\" = \"true\"\n",
        &[],
    )
    .expect_err("reserved");
    assert!(e.to_string().contains("enable.auto.offset.store"), "{e}");
    let e = load_text(
        "[[watchlists]]\nid = \"a\"\nname = \"A\"\nformat = \"un_xml\"\npath = \"x.xml\"\nthreshold = 1.5\n",
        &[],
    )
    .expect_err("threshold");
    assert!(e.to_string().contains("watchlists[0].threshold"), "{e}");
    let e = load_text(
        "[[watchlists]]\nid = \"a\"\nname = \"A\"\nformat = \"pdf\"\npath = \"x\"\n",
        &[],
    )
    .expect_err("format");
    assert!(e.to_string().contains("line 4"), "{e}");
}

#[test]
fn a_run_without_watchlists_is_refused() {
    let c = load_text("", &[]).expect("defaults are valid");
    assert!(c.require_watchlists().is_err());
}
