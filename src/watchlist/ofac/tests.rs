//! Tests of the OFAC CSV loader: record and alias parsing, remarks, dates, refusals.

use super::*;

const SDN: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/watchlists/ofac_sdn.csv"
);
const ALT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/watchlists/ofac_alt.csv"
);

fn p() -> &'static Path {
    Path::new("sdn.csv")
}

fn row(ent: &str, name: &str, kind: &str, remarks: &str) -> String {
    format!(
        "{ent},\"{name}\",{kind},\"SDGT] [IRGC\",\
             -0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,{remarks}\r\n"
    )
}

fn one(remarks: &str) -> Entry {
    let csv = row(
        "1",
        "DOE, John",
        "\"individual\"",
        &format!("\"{remarks}\""),
    );
    let mut entries = parse(p(), csv.as_bytes(), None).expect("parses");
    assert_eq!(entries.len(), 1);
    entries.remove(0)
}

fn dob(text: &str) -> Option<DateOfBirth> {
    parse_dob(text)
}

fn date(y: i32, m: u32, d: u32) -> DateOfBirth {
    DateOfBirth::Date {
        date: NaiveDate::from_ymd_opt(y, m, d).expect("valid date"),
    }
}

fn line_of(err: WatchlistError) -> u64 {
    match err {
        WatchlistError::Parse { line, .. } => line,
        other => panic!("expected a parse error, got {other}"),
    }
}

#[test]
fn dob_forms() {
    assert_eq!(dob("10 Dec 1948"), Some(date(1948, 12, 10)));
    assert_eq!(dob("1 Jun 1960"), Some(date(1960, 6, 1)));
    assert_eq!(
        dob("Jun 1960"),
        Some(DateOfBirth::Month {
            year: 1960,
            month: 6
        })
    );
    assert_eq!(dob("1960"), Some(DateOfBirth::Year { year: 1960 }));
    assert_eq!(
        dob("1960 to 1962"),
        Some(DateOfBirth::Range {
            from: 1960,
            to: 1962
        })
    );
    assert_eq!(dob("circa 1960"), Some(DateOfBirth::Circa { year: 1960 }));
    assert_eq!(
        dob("circa 07 Jul 1966"),
        Some(DateOfBirth::Circa { year: 1966 })
    );
    assert_eq!(
        dob("circa 1979-1982"),
        Some(DateOfBirth::Range {
            from: 1979,
            to: 1982
        })
    );
    assert_eq!(
        dob("01 Jan 1961 to 31 Dec 1963"),
        Some(DateOfBirth::Range {
            from: 1961,
            to: 1963
        })
    );
    assert_eq!(
        dob("01 Jan 1973 to 31 Dec 1973"),
        Some(DateOfBirth::Year { year: 1973 })
    );
    assert_eq!(
        dob("01 Oct 1992 to 31 Oct 1992"),
        Some(DateOfBirth::Month {
            year: 1992,
            month: 10
        })
    );
    assert_eq!(
        dob("Mar 1962 to Feb 1963"),
        Some(DateOfBirth::Range {
            from: 1962,
            to: 1963
        })
    );
    // Not recognised: ignored.
    assert_eq!(dob("31 Feb 1960"), None);
    assert_eq!(dob("1962 to 1960"), None);
    assert_eq!(dob("19"), None);
    assert_eq!(dob("unknown"), None);
    assert_eq!(dob("10 Foo 1948"), None);
}

#[test]
fn remarks_dobs_nationality_gender() {
    let e = one(
        "DOB 10 Dec 1948; alt. DOB 1950; POB Giza, Egypt; nationality Iran; \
             alt. nationality Korea, North; citizen Iran; citizenship Atlantis; Gender Male.",
    );
    assert_eq!(
        e.dates_of_birth,
        vec![date(1948, 12, 10), DateOfBirth::Year { year: 1950 }]
    );
    let nat: Vec<&str> = e.nationalities.iter().map(CountryCode::as_str).collect();
    assert_eq!(nat, ["IRN", "PRK"]);
    assert_eq!(e.gender, Some(Gender::Male));
    assert_eq!(one("Gender Female").gender, Some(Gender::Female));
    assert_eq!(e.programs, ["SDGT", "IRGC"]);
}

#[test]
fn remarks_documents() {
    let e = one(
        "Passport 1084010 (Egypt); alt. Passport 19820215; National ID No. 123 (Iran); \
             Passport G 649385 issued 08 Sep 2006 expires 17 Jul 2011; \
             Passport issued in Sarajevo, Bosnia-Herzegovina; Cedula No. 6068015 (Colombia); \
             Passport No.: 0310857, Eritrea; Diplomatic Passport A0002987 (Iran).",
    );
    let docs: Vec<(&str, &str, Option<&str>)> = e
        .documents
        .iter()
        .map(|d| {
            (
                d.doc_type.as_deref().unwrap_or(""),
                d.number.as_str(),
                d.country.as_ref().map(CountryCode::as_str),
            )
        })
        .collect();
    assert_eq!(
        docs,
        [
            ("passport", "1084010", Some("EGY")),
            ("passport", "19820215", None),
            ("national_id", "123", Some("IRN")),
            ("passport", "G 649385", None),
            ("cedula", "6068015", Some("COL")),
            ("passport", "0310857", None),
            ("passport", "A0002987", Some("IRN")),
        ]
    );
}

#[test]
fn remarks_weak_aliases() {
    let e = one("a.k.a. 'ABU MUSA'; a.k.a. 'ABU-'UMAR'.; f.k.a. 'OLD NAME'; a.k.a. 'TRUNC");
    let weak: Vec<&str> = e
        .names
        .iter()
        .filter(|n| n.quality == NameQuality::Weak)
        .map(|n| n.full.as_str())
        .collect();
    assert_eq!(weak, ["ABU MUSA", "ABU-'UMAR", "OLD NAME"]);
    assert!(e
        .names
        .iter()
        .skip(1)
        .all(|n| n.surname.is_none() && n.given.is_none()));
}

#[test]
fn names_kinds_and_null_fields() {
    let csv = [
        row("1", "DOE, John Paul", "\"individual\"", "-0- "),
        row("2", "ACME, LTD.", "-0- ", "-0- "),
        row("3", "SEA STAR", "\"vessel\"", "-0- "),
        row("4", "EP-ABC", "\"aircraft\"", "-0- "),
        row("5", "MADONNA", "\"individual\"", "-0- "),
    ]
    .concat()
        + "\u{1a}";
    let e = parse(p(), csv.as_bytes(), None).expect("parses");
    let kinds: Vec<EntryKind> = e.iter().map(|e| e.kind).collect();
    use EntryKind::*;
    assert_eq!(kinds, [Person, Entity, Vessel, Aircraft, Person]);
    let john = e.first().and_then(|e| e.names.first()).expect("name");
    assert_eq!(john.full, "DOE, John Paul");
    assert_eq!(john.surname.as_deref(), Some("DOE"));
    assert_eq!(john.given.as_deref(), Some("John Paul"));
    let acme = e.get(1).and_then(|e| e.names.first()).expect("name");
    assert_eq!(
        (acme.surname.as_deref(), acme.given.as_deref()),
        (None, None)
    );
    let madonna = e.get(4).and_then(|e| e.names.first()).expect("name");
    assert_eq!(
        (madonna.surname.as_deref(), madonna.given.as_deref()),
        (None, None)
    );
    assert!(e
        .iter()
        .all(|e| e.dates_of_birth.is_empty() && e.documents.is_empty()));
}

#[test]
fn alt_aliases_join_by_ent_num() {
    let sdn = row("7", "DOE, John", "\"individual\"", "\"a.k.a. 'JD'\"");
    let alt = "7,1,\"aka\",\"DOE, Johnny\",-0- \r\n7,2,\"fka\",\"SMITH, J.\",-0- \r\n\
                   99,3,\"aka\",\"NOBODY\",-0- \r\n\u{1a}";
    let e = parse(
        p(),
        sdn.as_bytes(),
        Some((Path::new("alt.csv"), alt.as_bytes())),
    )
    .expect("parses");
    let names: Vec<(&str, NameQuality, Option<&str>)> = e
        .iter()
        .flat_map(|e| &e.names)
        .map(|n| (n.full.as_str(), n.quality, n.surname.as_deref()))
        .collect();
    assert_eq!(
        names,
        [
            ("DOE, John", NameQuality::Primary, Some("DOE")),
            ("DOE, Johnny", NameQuality::Strong, Some("DOE")),
            ("SMITH, J.", NameQuality::Strong, Some("SMITH")),
            ("JD", NameQuality::Weak, None),
        ]
    );
}

#[test]
fn errors_name_the_line() {
    let good = row("1", "A, B", "\"individual\"", "-0- ");
    let cases = [
        format!(
            "{good}x{}",
            &row("2", "C, D", "\"individual\"", "-0- ")[1..]
        ),
        format!("{good}{good}"),
        format!("{good}3,\"E\",\"individual\",-0- \r\n"),
        format!("{good}{}", row("4", "F", "\"submarine\"", "-0- ")),
        format!("{good}{}", row("5", "", "\"individual\"", "-0- ")),
    ];
    for case in cases {
        let err = parse(p(), case.as_bytes(), None).expect_err(&case);
        assert!(err.to_string().starts_with("sdn.csv:2: "), "{err}");
        assert_eq!(line_of(err), 2);
    }
    let mut bad_utf8 = good.clone().into_bytes();
    bad_utf8.extend_from_slice(
        b"6,\"\xff\",\"individual\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n",
    );
    assert_eq!(line_of(parse(p(), &bad_utf8, None).expect_err("utf8")), 2);
    // A quoted field spanning lines: the next record starts on line 3.
    let multi = format!(
        "{}{}",
        row("1", "A,\r\nB", "-0- ", "-0- "),
        row("x", "C", "-0- ", "-0- ")
    );
    assert_eq!(
        line_of(parse(p(), multi.as_bytes(), None).expect_err("multi")),
        3
    );
}

#[test]
fn alt_errors_name_the_line() {
    let sdn = row("1", "A, B", "\"individual\"", "-0- ");
    let alt_path = Path::new("alt.csv");
    for alt in [
        "1,1,\"aka\",\"X\",-0- \r\n1,x,\"aka\",\"Y\",-0- \r\n",
        "1,1,\"aka\",\"X\",-0- \r\n1,2,\"bogus\",\"Y\",-0- \r\n",
        "1,1,\"aka\",\"X\",-0- \r\n1,2,\"aka\"\r\n",
    ] {
        let err = parse(p(), sdn.as_bytes(), Some((alt_path, alt.as_bytes()))).expect_err(alt);
        assert!(err.to_string().starts_with("alt.csv:2: "), "{err}");
    }
}

#[test]
fn fixture_error_line_is_the_physical_line() {
    let sdn = String::from_utf8(std::fs::read(SDN).expect("fixture sdn")).expect("utf-8");
    let mut lines: Vec<String> = sdn.split("\r\n").map(str::to_owned).collect();
    if let Some(line) = lines.get_mut(9_999) {
        line.insert(0, 'x');
    }
    let broken = lines.join("\r\n");
    let err = parse(Path::new("sdn.csv"), broken.as_bytes(), None).expect_err("broken");
    assert_eq!(line_of(err), 10_000);
}

#[test]
fn fixture_sdn_and_alt() {
    let sdn = std::fs::read(SDN).expect("fixture sdn");
    let alt = std::fs::read(ALT).expect("fixture alt");
    let all = parse(Path::new(SDN), &sdn, Some((Path::new(ALT), &alt))).expect("fixture parses");
    assert_eq!(all.len(), 14_965);
    let persons: Vec<&Entry> = all.iter().filter(|e| e.kind == EntryKind::Person).collect();
    assert_eq!(persons.len(), 6_854);
    let count = |f: &dyn Fn(&Entry) -> bool| persons.iter().filter(|e| f(e)).count();
    let with_dob = count(&|e| !e.dates_of_birth.is_empty());
    let with_passport = count(&|e| {
        e.documents
            .iter()
            .any(|d| d.doc_type.as_deref() == Some("passport"))
    });
    let with_nationality = count(&|e| !e.nationalities.is_empty());
    let names = |q: NameQuality| {
        persons
            .iter()
            .flat_map(|e| &e.names)
            .filter(|n| n.quality == q)
            .count()
    };
    eprintln!(
        "ofac persons={} dob={with_dob} passport={with_passport} \
             nationality={with_nationality} strong={} weak={}",
        persons.len(),
        names(NameQuality::Strong),
        names(NameQuality::Weak)
    );
    assert!(with_dob >= 6_000, "{with_dob}");
    assert!(with_passport >= 1_500, "{with_passport}");
    assert!(with_nationality >= 4_000, "{with_nationality}");
    assert!(names(NameQuality::Strong) > 0 && names(NameQuality::Weak) > 0);

    let zawahiri = all.iter().find(|e| e.entry_id == "2676").expect("ent 2676");
    assert_eq!(zawahiri.kind, EntryKind::Person);
    assert_eq!(zawahiri.primary_name(), "AL ZAWAHIRI, Dr. Ayman");
    assert_eq!(
        zawahiri.names.first().and_then(|n| n.surname.as_deref()),
        Some("AL ZAWAHIRI")
    );
    assert!(zawahiri.dates_of_birth.contains(&date(1951, 6, 19)));
    assert!(zawahiri.documents.iter().any(|d| d.number == "1084010"
        && d.doc_type.as_deref() == Some("passport")
        && d.country.as_ref().map(CountryCode::as_str) == Some("EGY")));
    assert_eq!(zawahiri.programs, ["SDGT"]);
}
