//! The name score's tests: token similarity (spelling, sound, symbols) and alignment costs.

use super::*;
use crate::matcher::phonetic::phonetic_key;
use crate::matcher::similarity::{glued_variants, jaro_winkler, PHONETIC_SIMILARITY};

fn toks<'a>(words: &[&'a str]) -> Vec<Token<'a>> {
    words
        .iter()
        .map(|w| Token {
            text: w,
            surname: false,
            particle: super::super::normalize::is_particle(w),
            rarity: 1.0,
            tail: false,
            part: NamePart::Whole,
        })
        .collect()
}

/// `words` as tokens, the first `surnames` of them surnames.
fn named<'a>(words: &[&'a str], surnames: usize) -> Vec<Token<'a>> {
    let mut t = toks(words);
    for x in t.iter_mut().take(surnames) {
        x.surname = true;
    }
    t
}

/// The name score of two token lists, as `align` with `pair_similarity`.
fn s(q: &[Token], l: &[Token]) -> f64 {
    align(q, l, |i, j| pair_similarity(&q[i], &l[j])).score
}

fn score(a: &[&str], b: &[&str]) -> f64 {
    let (q, l) = (toks(a), toks(b));
    align(&q, &l, |i, j| token_similarity(q[i].text, l[j].text, None)).score
}

#[test]
fn equal_reordered_and_joined_names_score_high() {
    assert_eq!(score(&["JOHN", "SMITH"], &["JOHN", "SMITH"]), 1.0);
    assert_eq!(score(&["SMITH", "JOHN"], &["JOHN", "SMITH"]), 1.0);
    assert_eq!(
        score(&["ABDULRAHMAN", "SALEH"], &["ABDUL", "RAHMAN", "SALEH"]),
        1.0
    );
    assert_eq!(score(&["ABD", "AL", "RAHMAN"], &["ABDALRAHMAN"]), 1.0);
    assert!(score(&["MUHAMMAD", "ALI"], &["MOHAMED", "ALI"]) >= 0.95);
    assert!(score(&["BILL", "CLINTON"], &["WILLIAM", "CLINTON"]) >= 0.9);
}

#[test]
fn tokens_spelled_alike_by_sound() {
    let same =
        |a: &str, b: &str| token_similarity(a, b, None) == (PHONETIC_SIMILARITY, Kind::Phonetic);
    assert!(same("ANEES", "ANIS"));
    // A particle glued to a name, written another way.
    let glued = |a: &str, b: &str| token_similarity(a, b, None).0 == VARIANT_SIMILARITY;
    assert!(glued("ELASSAD", "ALASSAD"));
    assert!(glued("BENALI", "BINALI"));
    assert!(glued("ABOUBAKR", "ABUBAKR"));
    assert!(!glued("ELMA", "ALMA"), "the rest is too short to be a name");
    let mut v: Vec<String> = glued_variants("ELASSAD").collect();
    v.sort();
    assert_eq!(v, vec!["ALASSAD", "ULASSAD"]);
    // A patronymic is the father's name, not a cut of the traveller's; a cut
    // patronymic is still a truncation.
    assert!(token_similarity("RAMZAN", "RAMZANOVNA", None).0 < TOKEN_FLOOR);
    assert!(token_similarity("ALEKSANDROVICH", "ALEKSANDR", None).0 < TOKEN_FLOOR);
    assert!(token_similarity("ALIAKSANDR", "ALIAKSANDRAVICH", None).0 < TOKEN_FLOOR);
    assert_eq!(
        token_similarity("VLADIMIRO", "VLADIMIROVICH", None).1,
        Kind::Truncation
    );
    assert!(same("PUTEEN", "PUTIN"));
    assert!(same("SCHUKRY", "SHUKRI"));
    assert!(same("ZOUHEIR", "ZUHAIR"));
    assert!(same("DJAMAL", "JAMAAL"));
    assert!(!same("ANIS", "ANAS"));
    assert!(!same("SAMI", "SAMIR"));
    assert!(same("TADITCH", "TADIC"));
    assert!(same("GHASEMI", "QASEMI"));
    assert!(same("HSIAOBING", "XIAOBING"));
    assert!(same("HAGH", "HAQ"));
    assert_eq!(phonetic_key("MILOSEVICH"), phonetic_key("MILOSEVIC"));
    assert!(same("OUALI", "WALI"));
    assert!(same("AOUADI", "AWADI"));
    assert_eq!(phonetic_key("LOUIS"), phonetic_key("LUIS"));
    assert_ne!(phonetic_key("LOUIS"), phonetic_key("LVIS"));
    // Spelled alike by letters already: the string similarity stands.
    assert_eq!(
        token_similarity("JOHANSSON", "JOHANSON", None).1,
        Kind::Fuzzy
    );
    assert_eq!(phonetic_key("AB"), None);
    assert_eq!(phonetic_key("ÄBC"), None);
    assert_eq!(
        phonetic_key("TCHAIKOVSKY")
            .map(|k| k.as_str().to_owned())
            .as_deref(),
        Some("CEKOVSKI")
    );
}

#[test]
fn short_names_one_letter_apart_align_only_at_the_floor() {
    let sim = |a: &str, b: &str| token_similarity(a, b, None).0;
    // Another syllable, not a typo: aligned, but at the floor.
    for (a, b) in [
        ("PING", "BING"),
        ("CHEN", "CHIN"),
        ("WANG", "KANG"),
        ("LEI", "LEO"),
    ] {
        assert_eq!(sim(a, b), TOKEN_FLOOR, "{a} / {b}");
    }
    // Inserted, dropped and swapped letters, and longer names, keep Jaro-Winkler.
    for (a, b) in [("YUSF", "YUSUF"), ("AFIZ", "FAIZ"), ("HASAN", "HASIN")] {
        assert_eq!(sim(a, b), jaro_winkler(a, b), "{a} / {b}");
    }
    // Two neighbours swapped in three letters (Jaro-Winkler: 0.56) align at the floor.
    assert_eq!(sim("KMI", "KIM"), TOKEN_FLOOR);
    assert_eq!(sim("AIL", "ALI"), TOKEN_FLOOR);
    assert!(sim("MKI", "KIM") < TOKEN_FLOOR, "not one swap");
    // One letter replaced in a longer name is worth at least 1 − 1/n.
    assert!((sim("AHADAFI", "KHADAFI") - 6.0 / 7.0).abs() < 1e-9);
    // So is one letter dropped, added or swapped early (Jaro-Winkler 0.87, 0.83, 0.81).
    assert!((sim("TBATABAEI", "TABATABAEI") - 0.9).abs() < 1e-9);
    assert!((sim("TKRITI", "TIKRITI") - 6.0 / 7.0).abs() < 1e-9);
    assert!((sim("INVIDIA", "NVIDIA") - 6.0 / 7.0).abs() < 1e-9);
    // Later edits keep Jaro-Winkler's higher value.
    assert_eq!(
        sim("SHAIDKHEL", "SHAHIDKHEL"),
        jaro_winkler("SHAIDKHEL", "SHAHIDKHEL")
    );
    // The surname matched, the given name one syllable off and a list given name
    // left over: under the default threshold (0.88).
    assert!(score(&["CHEN", "PING"], &["CHEN", "BING", "SHEN"]) < 0.88);
}

#[test]
fn a_booking_surname_spent_on_list_given_names_replaces_the_list_surname() {
    // SONG/YAN against JI, Songyan: the booking's surname went into the list's given
    // name and the list's surname aligned with nothing, so JI (2 × 1.25 = 2.5) counts
    // as replaced (CONFLICT_LIST), not left out (EXTRA_LIST). The joined unit weighs
    // SONG 5 + YAN 3 + SONGYAN 7 = 15.
    let list = named(&["JI", "SONGYAN"], 1);
    let lost = s(&named(&["SONG", "YAN"], 1), &list);
    assert!(
        (lost - 15.0 / (15.0 + 2.0 * CONFLICT_LIST * 2.5)).abs() < 1e-9,
        "{lost}"
    );
    assert!(lost < 0.88, "{lost}");
    // The list's surname aligned (a swapped booking): no replacement.
    let swapped = s(&named(&["SONGYAN", "JI"], 1), &list);
    assert!((swapped - (1.0 - SWAPPED_COST)).abs() < 1e-9, "{swapped}");
}

#[test]
fn a_surname_paired_with_a_given_name_costs_a_little() {
    let list = named(&["SMITH", "JOHN"], 1);
    // Swapped fields, spelled right: 1 − SWAPPED_COST, still a match.
    let swapped = s(&named(&["JOHN", "SMITH"], 1), &list);
    assert!((swapped - (1.0 - SWAPPED_COST)).abs() < 1e-9, "{swapped}");
    assert_eq!(s(&named(&["SMITH", "JOHN"], 1), &list), 1.0);
    // Without marked surnames on both sides there is no swap to see.
    assert_eq!(s(&toks(&["JOHN", "SMITH"]), &list), 1.0);
    // Swapped and misspelled (SERGEEV/MIKHAIL against MIKHAILOV, Sergey): both units
    // pay, whatever their similarity.
    let list = named(&["MIKHAILOV", "SERGEY"], 1);
    let unmarked = s(&toks(&["SERGEEV", "MIKHAIL"]), &list);
    let swapped = s(&named(&["SERGEEV", "MIKHAIL"], 1), &list);
    assert!(swapped < unmarked - 0.04, "{unmarked} {swapped}");
}

#[test]
fn pinyin_given_names_two_edits_apart_do_not_align() {
    let sim = |a: &str, b: &str| token_similarity(a, b, None).0;
    // Another character, another name (Jaro-Winkler 0.91 to 0.93 for these).
    for (a, b) in [
        ("JIANLIANG", "JIANPING"),
        ("MINGZHU", "MINGFU"),
        ("SHUZHEN", "SHUSHENG"),
        ("JINLONG", "JIANTONG"),
    ] {
        assert!(jaro_winkler(a, b) >= TOKEN_FLOOR, "{a} / {b}");
        assert!(sim(a, b) < TOKEN_FLOOR, "{a} / {b}");
    }
    // One edit is a typo and keeps its similarity, unless both are one syllable.
    assert_eq!(
        sim("ZHIQIANG", "ZHIQING"),
        jaro_winkler("ZHIQIANG", "ZHIQING")
    );
    for (a, b) in [
        ("CHEN", "CHENG"),
        ("YUAN", "YAN"),
        ("ZHENG", "ZHANG"),
        ("CAO", "CHAO"),
    ] {
        assert!(jaro_winkler(a, b) > TOKEN_FLOOR, "{a} / {b}");
        assert_eq!(sim(a, b), TOKEN_FLOOR, "{a} / {b}");
    }
    // Two edits between tokens that are not both pinyin stay within the budget.
    assert_eq!(
        sim("MOHAMMED", "MAHAMED"),
        jaro_winkler("MOHAMMED", "MAHAMED")
    );
    assert!(sim("JIANLIANG", "JIANLIANGS") >= TOKEN_FLOOR);
    // The surname matched, the given name another syllable off: no alert.
    assert!(score(&["WANG", "JIANLIANG"], &["WANG", "JIANPING"]) < 0.88);
}

#[test]
fn a_long_list_names_middle_names_weigh_little() {
    // (surname, substantive) per token.
    let (sur, g, p) = ((true, true), (false, true), (false, false));
    use NamePart::{Family as F, Middle as M, Whole as W};
    // BAKR, Osama Abdelmongy Abdalla: the names after the first given name.
    assert_eq!(name_parts(&[sur, g, g, g]), [W, W, M, M]);
    // Two given names are a first and a second name, both kept whole.
    assert_eq!(name_parts(&[sur, sur, g, g]), [W; 4]);
    // NOOR BARZAN IBRAHIM HASAN AL TIKRITI, surname unmarked: between first and last.
    assert_eq!(name_parts(&[g, g, g, g, p, g]), [W, M, M, M, W, F]);
    assert_eq!(name_parts(&[g, g, g]), [W; 3]);
    // Middle names are a list-side notion: bookings are read as they come.
    let named = |words: &[&'static str], surnames: usize, list: bool| {
        let mut t = toks(words);
        let flags: Vec<(bool, bool)> = (0..t.len())
            .map(|i| (i < surnames, t[i].substantive()))
            .collect();
        for (i, (x, part)) in t.iter_mut().zip(name_parts(&flags)).enumerate() {
            x.surname = i < surnames;
            if list {
                x.part = part;
            }
        }
        t
    };
    let s = |q: &[Token], l: &[Token]| align(q, l, |i, j| pair_similarity(&q[i], &l[j])).score;
    let list = named(&["BAKR", "OSAMA", "ABDELMONGY", "ABDALLA"], 1, true);
    // Surname and first name, the father's and grandfather's names left out (0.10 of
    // 0.35 × 17): 20 / (20 + 1.19). At full weight it was 20 / (20 + 3.4) = 0.855.
    let short = s(&named(&["BAKR", "OSAMA"], 1, false), &list);
    assert!((short - 20.0 / 21.19).abs() < 1e-9, "{short}");
    // A middle name replaced by another counts in full: ABDELMONGY costs 0.75 × 10,
    // not 0.75 × 3.5.
    let booked = named(&["BAKR", "OSAMA", "KHALED", "ABDALLA"], 1, false);
    let replaced = s(&booked, &list);
    let aligned = 20.0 + 7.0 + 7.0 * 0.35;
    let expected = aligned / (aligned + 2.0 * 0.4 * 6.0 + 2.0 * 0.75 * 10.0);
    assert!((replaced - expected).abs() < 1e-9, "{replaced} {expected}");
}

#[test]
fn a_particle_is_no_nickname() {
    let (q, l) = (toks(&["ALEXANDER", "LAM"]), toks(&["AL", "LAMI"]));
    let a = align(&q, &l, |i, j| pair_similarity(&q[i], &l[j]));
    assert!(a.units.iter().all(|u| u.kind != Kind::Nickname), "{a:?}");
}

#[test]
fn extra_list_tokens_cost_little_unmatched_traveller_tokens_a_lot() {
    let middle = score(&["NICOLAS", "MADURO"], &["NICOLAS", "MADURO", "MOROS"]);
    assert!(middle > 0.85, "{middle}");
    let bush = score(&["GEORGE", "BUSH"], &["GEORGE", "HABBASH"]);
    assert!(bush < 0.7, "{bush}");
    assert_eq!(
        score(&["AL"], &["AL", "QAIDA"]),
        0.0,
        "a particle alone never matches"
    );
}

#[test]
fn a_replaced_name_costs_more_than_a_missing_one() {
    let list = ["SAYED", "KARIM", "WALI", "HAIDARI"];
    let missing = score(&["SAYED", "KARIM", "HAIDARI"], &list);
    let replaced = score(&["SAYED", "KARIM", "NAZIR", "HAIDARI"], &list);
    // ABDUL heads a name: standing where WALI stood, it replaced it.
    let headed = score(&["SAYED", "KARIM", "ABDUL", "HAIDARI"], &list);
    assert!(missing > 0.9, "{missing}");
    assert!(replaced < 0.85, "{replaced}");
    assert!(headed < 0.88, "{headed}");
    // A joining particle in its place is no other name.
    let joined = score(&["SAYED", "KARIM", "BIN", "HAIDARI"], &list);
    assert!(joined > headed, "{joined} {headed}");
    // Nor is a possibly cut last token, nor a two-letter one (JOSE LU of JOSE LUIS).
    let l = toks(&["ORTEGA", "RAFAEL", "ANTONIO"]);
    let mut q = toks(&["ORTEGA", "RAFAEL", "ALVA"]);
    let whole = align(&q, &l, |i, j| pair_similarity(&q[i], &l[j])).score;
    q[2].tail = true;
    let cut = align(&q, &l, |i, j| pair_similarity(&q[i], &l[j])).score;
    assert!(cut > whole, "{cut} {whole}");
    assert!(
        score(
            &["ORTEGA", "RAFAEL", "AL"],
            &["ORTEGA", "RAFAEL", "ANTONIO"]
        ) > whole
    );
}

#[test]
fn list_given_names_are_missing_cheaply_only_beside_a_matched_one() {
    let list = named(&["ROJAS", "FRANCO", "JAIME", "ALBERTO"], 2);
    // Weights (rarity 1): ROJAS 6.25 a side, FRANCO 7.5 as a list surname and 6 as a
    // given name, JAIME 5, ALBERTO 7.
    // The booking's given name is one of the list's: ALBERTO is missing (0.10), the
    // list surname FRANCO unmatched (0.25).
    let jaime = s(&named(&["ROJAS", "JAIME"], 1), &list);
    assert!((jaime - 22.5 / (22.5 + 3.75 + 1.4)).abs() < 1e-9, "{jaime}");
    // A booking that names only a later given name leaves the first unmatched (0.25),
    // not missing (0.10: it would be 0.848): bookings carry the first given name.
    let alberto = s(&named(&["ROJAS", "ALBERTO"], 1), &list);
    assert!(
        (alberto - 26.5 / (26.5 + 3.75 + 2.5)).abs() < 1e-9,
        "{alberto}"
    );
    // The booking's given name went to a list surname beside the surname, and none
    // of the list's given names aligned: JAIME and ALBERTO were replaced (0.75), not
    // missing (0.10: it would be 0.915) nor merely unmatched (0.25: 0.813); the given
    // name paired with a surname also costs SWAPPED_COST on its unit (13.5).
    let franco = s(&named(&["ROJAS", "FRANCO"], 1), &list);
    assert!(
        (franco - (26.0 - SWAPPED_COST * 13.5) / (26.0 + 7.5 + 10.5)).abs() < 1e-9,
        "{franco}"
    );
    // Swapped parts are no such spending: JAIME / ROJAS aligns given with surname
    // and surname with given (0.773, of which SWAPPED_COST took 0.05; spent, it
    // would be 0.576).
    let swapped = s(&named(&["JAIME", "ROJAS"], 1), &list);
    assert!(swapped > 0.75, "{swapped}");
    // A list initial is no given name matched: TORRES/JO against TORRES, Manuel J
    // leaves MANUEL unmatched (0.25), not missing (0.10: it would be 0.914).
    let jo = s(
        &named(&["TORRES", "JO"], 1),
        &named(&["TORRES", "MANUEL", "J"], 1),
    );
    assert!((jo - 17.55 / 21.0).abs() < 1e-9, "{jo}");
    // A list name without marked surname starts with its first given name: HANY is
    // unmatched (0.25), not missing (0.10: it would be 0.974). ELSAYED weighs 8.75
    // as the booking's surname.
    let unmarked = s(
        &named(&["ELSAYED", "YOUSSEF"], 1),
        &named(&["HANY", "ELSAYED", "YOUSSEF"], 0),
    );
    assert!((unmarked - 29.75 / 31.75).abs() < 1e-9, "{unmarked}");
    // A booking without given names (a title was all it had) keeps the cheap cost.
    let surname_only = s(&named(&["ROJAS", "FRANCO"], 2), &list);
    assert!(surname_only > franco, "{surname_only} {franco}");
}

#[test]
fn a_booking_first_given_name_left_out_names_another_person() {
    let list = named(&["MAHMOUDI", "MOHAMMED"], 1);
    // Weights (rarity 1): MAHMOUDI 10 a side, MOHAMMED 8 a side, NABIL 5. A middle
    // name the list does not record costs COVERED_QUERY_GIVEN (0.10)…
    let middle = s(&named(&["MAHMOUDI", "MOHAMMED", "NABIL"], 1), &list);
    assert!((middle - 36.0 / 37.0).abs() < 1e-9, "{middle}");
    // …but the booking's first given name left out costs as unmatched (0.40): NABIL
    // MOHAMMED MAHMOUDI is Nabil, son of Mohammed, not the listed Mohammed.
    let first = s(&named(&["MAHMOUDI", "NABIL", "MOHAMMED"], 1), &list);
    assert!((first - 36.0 / 40.0).abs() < 1e-9, "{first}");
    // A booking without marked surname has no first given name to tell.
    let unmarked = s(&named(&["NABIL", "MOHAMMED", "MAHMOUDI"], 0), &list);
    assert!(unmarked > first, "{unmarked} {first}");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20_000))]
    /// The fast kernels equal strsim exactly (the JW score to the bit).
    #[test]
    fn kernels_equal_strsim(a in "[A-HÄ]{0,24}", b in "[A-HÄ]{0,24}", k in 0usize..5) {
        proptest::prop_assert_eq!(
            jaro_winkler(&a, &b).to_bits(),
            strsim::jaro_winkler(&a, &b).to_bits()
        );
        proptest::prop_assert_eq!(within_edits(&a, &b, k), strsim::osa_distance(&a, &b) <= k);
    }
}

#[test]
fn patronymics_weigh_little_among_given_names_only() {
    assert!(is_patronymic("VLADIMIROVICH") && is_patronymic("VIKTOROVNA"));
    assert!(!is_patronymic("IVANOV") && !is_patronymic("OVICH"));
    let token = |surname| Token {
        text: "ABRAMOVICH",
        surname,
        particle: false,
        rarity: 1.0,
        tail: false,
        part: NamePart::Whole,
    };
    assert!(token(false).weight() < 0.5 * token(true).weight());
    // A traveller's patronymic the list lacks costs little.
    let s = score(
        &["VLADIMIR", "VLADIMIROVICH", "PUTIN"],
        &["VLADIMIR", "PUTIN"],
    );
    assert!(s >= 0.88, "{s}");
}

#[test]
fn initials_truncations_and_short_tokens() {
    assert!(score(&["J", "SMITH"], &["JOHN", "SMITH"]) > 0.8);
    assert!(score(&["JOHNSONGREYKING"], &["JOHNSONGREYKINGSLEY"]) >= 0.93);
    assert_eq!(token_similarity("KO", "KI", None).0, 0.0);
}
