//! Screening against the real OFAC and UN lists: right entries, evidence, determinism.

use pnr_screen::alert::{Alert, Source};
use pnr_screen::pnr::decode::{decode_json, DecodeLimits};
use serde_json::{json, Value};

use crate::helpers::{root, screen_lists, snapshot};

fn source(offset: i64) -> Source {
    Source::Kafka {
        topic: "pnr".into(),
        partition: 0,
        offset,
    }
}

fn screen(pnr: &Value, offset: i64) -> Vec<Alert> {
    let d = decode_json(pnr.to_string().as_bytes(), &DecodeLimits::default()).expect("decodes");
    screen_lists(&d.pnr, &source(offset))
}

fn one(traveller: Value) -> Vec<Alert> {
    screen(
        &json!({"record_locator": "T1", "travellers": [traveller]}),
        1,
    )
}

fn find<'a>(
    alerts: &'a [Alert],
    list: &str,
    entry: &str,
) -> Option<&'a pnr_screen::alert::AlertMatch> {
    alerts
        .iter()
        .flat_map(|a| &a.matches)
        .find(|m| m.list == list && m.entry_id == entry)
}

#[test]
fn example_pnr_names_ofac_and_un_entries_with_evidence() {
    let pnr: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/data/pnr/example.json")).expect("example"),
    )
    .expect("json");
    let alerts = screen(&pnr, 42);
    assert_eq!(
        alerts.len(),
        1,
        "only the listed traveller alerts: {alerts:#?}"
    );
    let a = &alerts[0];
    assert_eq!(a.traveller.as_ref().map(|t| t.index), Some(0));
    assert_eq!(a.record_locator, "ZX4K2P");
    let ofac = find(&alerts, "ofac-sdn", "2676").expect("OFAC ent_num 2676");
    assert_eq!(
        ofac.evidence.document.result,
        pnr_screen::matcher::evidence::Outcome::Match
    );
    assert_eq!(
        ofac.evidence.date_of_birth.result,
        pnr_screen::matcher::evidence::Outcome::Match
    );
    assert_eq!(ofac.band, pnr_screen::matcher::Band::Strong);
    assert!(ofac.list_version.starts_with("sha256:"));
    let un = find(&alerts, "un-sc", "QDi.006").expect("UN QDi.006");
    assert_eq!(
        un.evidence.nationality.result,
        pnr_screen::matcher::evidence::Outcome::Match
    );
    assert!(un.score >= un.threshold);
}

#[test]
fn airline_name_form_and_aliases_match() {
    let alerts = one(json!({"name": "AL ZAWAHIRI/AYMAN DR", "date_of_birth": "1951-06-19"}));
    assert!(find(&alerts, "ofac-sdn", "2676").is_some(), "{alerts:#?}");
    // UN alias "Ayman Al-Zawahari" (one letter off) with reordered tokens.
    let alerts = one(json!({"surname": "AL-ZAWAHARI", "given_names": "AYMAN"}));
    assert!(find(&alerts, "un-sc", "QDi.006").is_some(), "{alerts:#?}");
}

#[test]
fn a_different_date_of_birth_lowers_the_score_and_says_so() {
    let right = one(
        json!({"surname": "AL ZAWAHIRI", "given_names": "AYMAN", "date_of_birth": "1951-06-19"}),
    );
    let wrong = one(
        json!({"surname": "AL ZAWAHIRI", "given_names": "AYMAN", "date_of_birth": "1990-01-01"}),
    );
    let r = find(&right, "ofac-sdn", "2676").expect("hit with right DOB");
    // Below the threshold it is a different person with the same name; above, it says why.
    if let Some(w) = find(&wrong, "ofac-sdn", "2676") {
        assert!(w.score < r.score);
        assert_eq!(
            w.evidence.date_of_birth.result,
            pnr_screen::matcher::evidence::Outcome::Mismatch
        );
    }
}

#[test]
fn national_list_ranges_transliteration_and_documents() {
    let alerts =
        one(json!({"surname": "SOKOLOV", "given_names": "DMITRI", "date_of_birth": "1967-05-01"}));
    let m = find(&alerts, "national", "NL-2026-0003").expect("range DOB hit");
    assert_eq!(
        m.evidence.date_of_birth.result,
        pnr_screen::matcher::evidence::Outcome::Match
    );
    // A document number alone finds the entry, whatever the name.
    let alerts = one(json!({"surname": "DOE", "given_names": "JOHN",
        "documents": [{"type": "P", "number": "NX4K81P92", "issuing_country": "NLD"}]}));
    let m = find(&alerts, "national", "NL-2026-0001").expect("document hit");
    assert_eq!(
        m.evidence.document.result,
        pnr_screen::matcher::evidence::Outcome::Match
    );
    assert_eq!(m.band, pnr_screen::matcher::Band::Strong);
}

#[test]
fn clean_travellers_produce_no_alert() {
    for t in [
        json!({"surname": "JOHANSSON", "given_names": "ERIK", "date_of_birth": "1980-04-02"}),
        json!({"name": "NGUYEN/THI MAI MS"}),
        json!({"surname": "BUSH", "given_names": "GEORGE"}),
    ] {
        assert!(one(t.clone()).is_empty(), "{t}");
    }
}

#[test]
fn alert_ids_are_deterministic_per_source_position() {
    let t = json!({"record_locator": "T1", "travellers": [{"surname": "AL ZAWAHIRI", "given_names": "AYMAN"}]});
    let a = screen(&t, 7);
    let b = screen(&t, 7);
    let c = screen(&t, 8);
    assert_eq!(a[0].alert_id, b[0].alert_id);
    assert_ne!(a[0].alert_id, c[0].alert_id);
}

/// Screens `input` as the file `in.jsonl` with the test lists and no rules; returns the
/// summary, the alert lines and the error lines.
fn screen_file(
    input: &[u8],
    limits: &DecodeLimits,
) -> (pnr_screen::commands::screen::Summary, Vec<u8>, Vec<u8>) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let summary = pnr_screen::commands::screen::screen_lines(
        input,
        &mut out,
        &mut err,
        &pnr_screen::screen::Screener {
            snapshot: &snapshot(),
            rules: &pnr_screen::rules::RuleSet::default(),
            window: &pnr_screen::rules::Window::new(10, std::time::Duration::from_secs(60)),
            min_severity: pnr_screen::rules::Severity::Medium,
        },
        limits,
        "in.jsonl",
    )
    .expect("screens");
    (summary, out, err)
}

#[test]
fn offline_screen_reports_bad_lines_and_keeps_going() {
    let input = [
        json!({"record_locator": "L1", "travellers": [{"surname": "AL ZAWAHIRI", "given_names": "AYMAN"}]}).to_string(),
        "{broken".to_owned(),
        String::new(),
        json!({"record_locator": "L3", "travellers": [{"surname": "JOHANSSON", "given_names": "ERIK"}]}).to_string(),
    ]
    .join("\n");
    let (s, out, err) = screen_file(input.as_bytes(), &DecodeLimits::default());
    assert_eq!((s.pnrs, s.errors, s.alerts), (2, 1, 1));
    let err = String::from_utf8(err).expect("utf8");
    assert!(err.starts_with("in.jsonl:2: json_syntax"), "{err}");
    let alert: Value =
        serde_json::from_slice(out.split(|b| *b == b'\n').next().expect("line")).expect("json");
    assert_eq!(alert["source"]["line"], 1);
}

#[test]
fn offline_screen_refuses_invalid_utf8_and_oversized_lines_and_keeps_going() {
    let good = json!({"record_locator": "L1", "travellers": [{"surname": "AL ZAWAHIRI", "given_names": "AYMAN"}]}).to_string();
    let mut input = good.clone().into_bytes();
    input.extend_from_slice(
        b"\n{\"record_locator\":\"L2\",\"travellers\":[{\"surname\":\"\xff\xfe\"}]}\n",
    );
    input.extend_from_slice(&vec![b' '; 300]);
    input.extend_from_slice(b"x\n");
    input.extend_from_slice(good.as_bytes());
    let limits = DecodeLimits {
        max_message_bytes: 200,
        ..DecodeLimits::default()
    };
    let (s, _, err) = screen_file(&input, &limits);
    assert_eq!((s.lines, s.pnrs, s.errors, s.alerts), (4, 2, 2, 2));
    let err = String::from_utf8(err).expect("error lines are UTF-8");
    let mut refused = err.lines();
    assert!(
        refused
            .next()
            .is_some_and(|l| l.starts_with("in.jsonl:2: json_syntax")),
        "{err}"
    );
    assert!(
        refused
            .next()
            .is_some_and(|l| l.starts_with("in.jsonl:3: too_large (message is 301 bytes")),
        "{err}"
    );
}

/// The exit status says whether every line was screened (0) or some were refused (2).
#[test]
fn screen_exit_status_tells_refused_lines_apart() {
    let dir = tempfile::tempdir().expect("temp dir");
    let good = json!({"record_locator": "L1", "travellers": [{"surname": "JOHANSSON", "given_names": "ERIK"}]}).to_string();
    let run = |name: &str, content: String| {
        let path = dir.path().join(name);
        std::fs::write(&path, content).expect("write input");
        std::process::Command::new(env!("CARGO_BIN_EXE_pnr-screen"))
            .args(["screen", "-c"])
            .arg(root().join("deploy/pnr-screen.example.toml"))
            .arg("-i")
            .arg(&path)
            .args(["-o", "-"])
            .output()
            .expect("runs")
    };
    let clean = run("clean.jsonl", format!("{good}\n{good}\n"));
    assert_eq!(clean.status.code(), Some(0), "{clean:?}");
    let partly = run("partly.jsonl", format!("{good}\n{{broken\n"));
    assert_eq!(partly.status.code(), Some(2), "{partly:?}");
    let stderr = String::from_utf8_lossy(&partly.stderr);
    assert!(stderr.contains(":2: json_syntax"), "{stderr}");
    assert!(stderr.contains("1 lines refused"), "{stderr}");
}

/// Each way of writing a listed surname that hides it from a plain comparison still finds
/// the listed person (AL ZAWAHIRI, Dr. Ayman: OFAC 2676, UN QDi.006).
#[test]
fn evasion_forms_of_a_listed_name_still_alert() {
    let forms = [
        ("spaced letters", "Z A W A H I R I"),
        ("hyphenated letters", "Z-A-W-A-H-I-R-I"),
        ("dotted letters", "Z.A.W.A.H.I.R.I."),
        ("slashed letters", "Z/A/W/A/H/I/R/I"),
        ("particle and spaced letters", "AL Z A W A H I R I"),
        ("zero-width space", "ZAWA\u{200B}HIRI"),
        ("zero-width joiner", "ZAWA\u{200D}HIRI"),
        ("Mongolian vowel separator", "ZAWA\u{180E}HIRI"),
        ("soft hyphen", "ZAWA\u{00AD}HIRI"),
        ("word joiner", "ZAWA\u{2060}HIRI"),
        ("byte order mark", "\u{FEFF}ZAWAHIRI"),
        ("bidi override", "\u{202E}ZAWAHIRI\u{202C}"),
        ("bidi isolate", "\u{2067}ZAWAHIRI\u{2069}"),
        ("variation selector", "ZAWA\u{FE0F}HIRI"),
        ("combining grapheme joiner", "ZAWA\u{034F}HIRI"),
        ("emoji", "ZAWA\u{1F600}HIRI"),
        ("emoji with skin tone", "ZAWA\u{1F44D}\u{1F3FD}HIRI"),
        ("symbol", "ZAWA\u{2665}HIRI"),
        ("trade mark sign", "ZAWA\u{2122}HIRI"),
        (
            "fullwidth letters",
            "\u{FF3A}\u{FF21}\u{FF37}\u{FF21}\u{FF28}\u{FF29}\u{FF32}\u{FF29}",
        ),
        (
            "circled letters",
            "\u{24CF}\u{24B6}\u{24CC}\u{24B6}\u{24BD}\u{24BE}\u{24C7}\u{24BE}",
        ),
    ];
    for (what, surname) in forms {
        let alerts = one(json!({"surname": surname, "given_names": "AYMAN"}));
        assert!(
            alerts
                .iter()
                .flat_map(|a| &a.matches)
                .any(|m| m.entry_name.contains("ZAWAHIRI")),
            "{what} hides the listed name: {:?}",
            alerts
                .iter()
                .flat_map(|a| &a.matches)
                .map(|m| (&m.entry_name, m.score))
                .collect::<Vec<_>>()
        );
    }
}

/// The score of the OFAC entry of AL ZAWAHIRI, Dr. Ayman (2676) for `traveller`, if it
/// alerts, with the traveller tokens its evidence reports unaligned.
fn zawahiri(traveller: Value) -> Option<(f64, Vec<String>)> {
    let alerts = one(traveller);
    find(&alerts, "ofac-sdn", "2676")
        .map(|m| (m.score, m.evidence.name.unmatched_traveller_tokens.clone()))
}

/// A listed name whose tokens all align still alerts when the booking adds a token to the
/// surname (before or after it) or to the given names: the extra token costs (the score
/// is below the exact form's, and the evidence names the token) but does not hide it.
#[test]
fn an_extra_token_costs_but_does_not_hide_a_listed_name() {
    let (exact, _) = zawahiri(json!({"surname": "AL ZAWAHIRI", "given_names": "AYMAN"}))
        .expect("the exact form alerts");
    let forms = [
        (
            "extra surname token after",
            "AL ZAWAHIRI XYZ",
            "AYMAN",
            "XYZ",
        ),
        ("extra surname token before", "X AL ZAWAHIRI", "AYMAN", "X"),
        ("extra particle after", "AL ZAWAHIRI BIN", "AYMAN", "BIN"),
        (
            "extra given name after",
            "AL ZAWAHIRI",
            "AYMAN KARIM",
            "KARIM",
        ),
        (
            "extra given name before",
            "AL ZAWAHIRI",
            "KARIM AYMAN",
            "KARIM",
        ),
    ];
    for (what, surname, given, extra) in forms {
        let Some((score, unmatched)) = zawahiri(json!({"surname": surname, "given_names": given}))
        else {
            panic!("{what} hides the listed name");
        };
        assert!(score < exact, "{what}: {score} vs exact {exact}");
        assert_eq!(unmatched, [extra], "{what}");
    }
}

/// Airline systems cut a long or compound surname at 7 or 8 characters: the cut surname
/// still finds the listed person when the given names (and DOB, if sent) agree.
#[test]
fn a_surname_cut_at_7_or_8_characters_still_alerts() {
    for (surname, dob) in [
        ("ALZAWAHI", None),
        ("ALZAWAH", None),
        ("ALZAWAHI", Some("1951-06-19")),
        ("ALZAWAH", Some("1951-06-19")),
        ("AL ZAWAHI", None),
    ] {
        let mut t = json!({"surname": surname, "given_names": "AYMAN"});
        if let Some(dob) = dob {
            t["date_of_birth"] = json!(dob);
        }
        assert!(zawahiri(t).is_some(), "{surname} {dob:?}");
    }
    // ALZAWAHIRI cut at 6 is no airline cut, and a cut needs the given names to agree.
    assert!(zawahiri(json!({"surname": "ALZAWA", "given_names": "AYMAN"})).is_none());
    assert!(zawahiri(json!({"surname": "ALZAWAHI", "given_names": "JOHN"})).is_none());
}

/// A title sent as the given names' last word, or glued to the last given name, does not
/// prevent a match.
#[test]
fn titles_alone_or_glued_do_not_prevent_a_match() {
    let alone = [
        "MR", "MRS", "MS", "MX", "MISS", "MSTR", "DR", "PROF", "REV", "SIR", "LADY", "CAPT",
        "SHEIKH", "SHEIKHA", "HAJI",
    ];
    for title in alone {
        let given = format!("AYMAN {title}");
        assert!(
            zawahiri(json!({"surname": "AL ZAWAHIRI", "given_names": given})).is_some(),
            "{given}"
        );
        let name = format!("AL ZAWAHIRI/AYMAN {title}");
        assert!(zawahiri(json!({ "name": name })).is_some(), "{name}");
    }
    let glued = [
        "MR", "MRS", "MISS", "MSTR", "PROF", "CAPT", "SHEIKH", "SHEIKHA",
    ];
    for title in glued {
        let given = format!("AYMAN{title}");
        assert!(
            zawahiri(json!({"surname": "AL ZAWAHIRI", "given_names": given})).is_some(),
            "{given}"
        );
        let name = format!("AL ZAWAHIRI/AYMAN{title}");
        assert!(zawahiri(json!({ "name": name })).is_some(), "{name}");
    }
    // Titles that names also end in (ALEXANDR, WILLIAMS, YASIR): the name is screened as
    // sent and without the title, and the match says which reading it came from.
    for title in ["DR", "MS", "REV", "SIR", "LADY"] {
        let given = format!("AYMAN{title}");
        let alerts = one(json!({"surname": "AL ZAWAHIRI", "given_names": given}));
        let m = find(&alerts, "ofac-sdn", "2676").unwrap_or_else(|| panic!("{given}"));
        assert_eq!(
            m.name_form,
            Some(pnr_screen::alert::NameForm::WithoutGluedTitle),
            "{given}"
        );
        let name = format!("AL ZAWAHIRI/AYMAN{title}");
        assert!(zawahiri(json!({ "name": name })).is_some(), "{name}");
    }
}

/// A stateless or refugee document (ICAO codes XXA, XXB) says nothing of a nationality: the
/// evidence is unknown, neither a match nor a mismatch.
#[test]
fn a_status_code_is_no_nationality_in_the_evidence() {
    for code in ["XXA", "XXB", "UNO"] {
        let alerts =
            one(json!({"surname": "AL ZAWAHIRI", "given_names": "AYMAN", "nationality": code}));
        let m = find(&alerts, "ofac-sdn", "2676").expect("still found by name");
        assert_eq!(
            m.evidence.nationality.result,
            pnr_screen::matcher::evidence::Outcome::Unknown,
            "{code}"
        );
        assert_eq!(m.evidence.nationality.traveller.as_deref(), Some(code));
    }
}

/// A listed traveller whose co-traveller carries odd values in every optional field is
/// still screened and found; the alert lists what was left out, by path and problem only.
#[test]
fn a_messy_co_traveller_never_hides_a_listed_one() {
    let alerts = screen(
        &json!({"record_locator": "T2", "travellers": [
            {"surname": "CLEAN", "given_names": "ANNA", "date_of_birth": "1951-02-30",
             "nationality": "ZZZ", "passenger_type": "YTH", "gender": "Q",
             "documents": [{"type": "P", "number": ""}]},
            {"surname": "AL ZAWAHIRI", "given_names": "AYMAN", "date_of_birth": "1951"}],
            "segments": [{"origin": "HECA", "destination": "LTFM", "departure": "2026-12-03"}],
            "contacts": [{"type": "pager", "value": "1"}]}),
        3,
    );
    let a = alerts
        .iter()
        .find(|a| a.traveller.as_ref().is_some_and(|t| t.index == 1))
        .expect("the listed traveller alerts");
    let m = find(&alerts, "ofac-sdn", "2676").expect("found");
    assert_eq!(
        m.evidence.date_of_birth.result,
        pnr_screen::matcher::evidence::Outcome::Match,
        "a year of birth is compared at year precision"
    );
    let dq: Vec<(&str, &str)> = a
        .data_quality
        .iter()
        .map(|f| (f.path.as_str(), f.problem.as_str()))
        .collect();
    // The PNR's own flags ride along; the co-traveller's stay on its own alert, if any.
    assert_eq!(
        dq,
        [
            ("contacts[0].type", "unknown_code"),
            ("segments[0].departure", "date_without_time")
        ]
    );
    let json = serde_json::to_string(a).expect("json");
    for value in ["ZZZ", "YTH", "1951-02-30", "pager"] {
        assert!(!json.contains(value), "{value} in {json}");
    }
}

/// A traveller whose name cannot be screened is itself an alert, with the reason.
#[test]
fn an_unscreenable_name_is_an_alert() {
    use pnr_screen::pnr::model::UnusableName;
    for (traveller, reason) in [
        (json!({"name": "*"}), UnusableName::Placeholder),
        (json!({"name": "/"}), UnusableName::Placeholder),
        (
            json!({"surname": "FNU", "given_names": "FNU"}),
            UnusableName::Placeholder,
        ),
        (json!({"surname": "  "}), UnusableName::Missing),
        (
            json!({"date_of_birth": "1970-01-01"}),
            UnusableName::Missing,
        ),
        (
            json!({"surname": "1234", "given_names": "5"}),
            UnusableName::NoLetters,
        ),
        (
            json!({"surname": "\u{1F600}\u{200B}"}),
            UnusableName::Placeholder,
        ),
        (
            json!({"surname": "X", "given_names": "Y"}),
            UnusableName::NoLetters,
        ),
    ] {
        let alerts = one(traveller.clone());
        assert_eq!(alerts.len(), 1, "{traveller}");
        assert_eq!(alerts[0].unscreenable, Some(reason), "{traveller}");
        assert!(alerts[0].matches.is_empty());
        assert!(
            alerts[0]
                .data_quality
                .iter()
                .any(|f| f.path == "travellers[0].name" && f.problem.as_str() == "unusable_name"),
            "{traveller}"
        );
    }
    // A clean name is no such alert.
    assert!(one(json!({"surname": "SMITH", "given_names": "JOHN"})).is_empty());
    // An unscreenable name is still looked up by its travel document: the listed passport
    // is found and shown on the unscreenable alert.
    let alerts = one(json!({"surname": "FNU", "given_names": "FNU",
        "documents": [{"type": "P", "number": "1084010", "issuing_country": "EGY"}]}));
    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0].unscreenable, Some(UnusableName::Placeholder));
    assert!(
        find(&alerts, "ofac-sdn", "2676").is_some(),
        "found by document: {alerts:#?}"
    );
}

/// When `name` and `surname`/`given_names` disagree, both are screened and the match says
/// which form it came from.
#[test]
fn both_name_forms_are_screened_when_they_disagree() {
    use pnr_screen::alert::NameForm;
    for (traveller, form) in [
        (
            json!({"surname": "SMITH", "given_names": "JOHN", "name": "AL ZAWAHIRI/AYMAN MR"}),
            NameForm::Name,
        ),
        (
            json!({"surname": "AL ZAWAHIRI", "given_names": "AYMAN", "name": "SMITH/JOHN MR"}),
            NameForm::SurnameGivenNames,
        ),
    ] {
        let alerts = one(traveller.clone());
        let m = find(&alerts, "ofac-sdn", "2676").expect("found in either form");
        assert_eq!(m.name_form, Some(form), "{traveller}");
        assert!(alerts[0]
            .data_quality
            .iter()
            .any(|f| f.problem.as_str() == "names_disagree"));
    }
    // Agreeing forms: one screening, no form named.
    let alerts = one(
        json!({"surname": "AL ZAWAHIRI", "given_names": "AYMAN", "name": "AL ZAWAHIRI/AYMAN MR"}),
    );
    let m = find(&alerts, "ofac-sdn", "2676").expect("found");
    assert_eq!(m.name_form, None);
}
