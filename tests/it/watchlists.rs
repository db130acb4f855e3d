//! Watchlist loading through the configuration, and refusal of bad list files.

use std::io::Write as _;

use pnr_screen::watchlist::{ListFormat, ListSpec, Watchlist, WatchlistError};

use crate::helpers::snapshot;

#[test]
fn configured_lists_load_with_versions_and_counts() {
    let s = snapshot();
    let ids: Vec<&str> = s.lists.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ids, ["ofac-sdn", "un-sc", "national"]);
    let ofac = &s.lists[0];
    assert_eq!(ofac.entries.len(), 6854, "OFAC 2024-05 SDN individuals");
    assert!(ofac.skipped_non_person > 8000);
    assert!(ofac.version.starts_with("sha256:"));
    assert_eq!(s.lists[1].entries.len(), 730, "UN individuals");
    assert_eq!(s.lists[2].entries.len(), 3);
}

#[test]
fn a_bad_jsonl_list_is_refused_with_file_and_line() {
    let mut f = tempfile::NamedTempFile::new().expect("temp");
    writeln!(f, "{{\"id\": \"A1\", \"name\": \"Some One\"}}").expect("w");
    writeln!(f, "# comment").expect("w");
    writeln!(f, "{{\"id\": \"A2\", \"nmae\": \"Typo\"}}").expect("w");
    let spec = ListSpec {
        id: "x".into(),
        name: "X".into(),
        legal_basis: None,
        format: ListFormat::Jsonl,
        path: f.path().to_path_buf(),
        alt_path: None,
        threshold: 0.9,
    };
    match Watchlist::load(&spec) {
        Err(e @ WatchlistError::Parse { line: 3, .. }) => {
            assert!(
                e.to_string().contains(&f.path().display().to_string()),
                "{e}"
            )
        }
        other => panic!("expected a parse error on line 3, got {other:?}"),
    }
}

#[test]
fn a_missing_file_is_refused() {
    let spec = ListSpec {
        id: "x".into(),
        name: "X".into(),
        legal_basis: None,
        format: ListFormat::UnXml,
        path: "/nonexistent/list.xml".into(),
        alt_path: None,
        threshold: 0.9,
    };
    assert!(matches!(
        Watchlist::load(&spec),
        Err(WatchlistError::Io { .. })
    ));
}
