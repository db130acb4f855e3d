//! Traveller names as airlines send them: the airline name form `SURNAME/GIVEN NAMES TITLE`,
//! titles glued to the last given name (`JOHNMR`), and placeholders for "no name" (`FNU`).
//!
//! Invariants: the name as received is kept verbatim in [`PersonName::as_received`]; a
//! title is only taken off when what stays is still a plausible name (`AMR`, `NUMR` stay).

use crate::pnr::model::PersonName;

/// Titles recognised after the given names in the airline name form, as their own word.
const TITLES: &[&str] = &[
    "MR", "MRS", "MS", "MX", "MISS", "MSTR", "MSTER", "DR", "PROF", "REV", "SIR", "LADY", "CAPT",
    "SHEIKH", "SHEIKHA", "HAJI", "HAJJI", "MME", "MLLE", "CHD", "INF",
];
/// Titles that may be glued to the last given name (`JOHNMR`, `AHMEDSHEIKH`): the ones no
/// name ends in. `MS`, `DR`, `SIR`, `REV` and `LADY` are left on a glued token, since
/// names end in them (WILLIAMS, ALEXANDR, YASIR, NASIR); longer titles come first
/// (`MRS` before `MR`, `SHEIKHA` before `SHEIKH`).
const GLUED_TITLES: &[&str] = &[
    "MRS", "MISS", "MSTR", "MSTER", "MR", "PROF", "CAPT", "SHEIKHA", "SHEIKH",
];
/// Titles that may be glued to the last given name but that names also end in (ALEXANDR,
/// WILLIAMS, YASIR, ANDREV): a name ending in one is screened both as sent and without it
/// ([`without_ambiguous_title`]).
const AMBIGUOUS_GLUED_TITLES: &[&str] = &["DR", "MS", "REV", "SIR", "LADY"];
/// Particles that a name may end in before SHEIKH (`ALSHEIKH`, `ABUSHEIKH`, a family name
/// written as one word): what stays would be no name.
const SHEIKH_PARTICLES: &[&str] = &["AL", "EL", "ABU", "ABOU", "BIN", "IBN", "BEN", "ABD", "UMM"];

/// Removes a title glued to the end of `token` (`JOHNMR`, `OLGAMRS`, `LIMRS`) and returns
/// it; the token must keep at least three letters before MR (`AMR`, `OMR`, `NUMR` stay as
/// they are), two before the longer titles, which no name ends in, and before SHEIKH a
/// name, not a particle (`ALSHEIKH` stays).
fn strip_glued_title(token: &mut String) -> Option<String> {
    let upper = token.to_ascii_uppercase();
    let title = GLUED_TITLES.iter().find(|t| {
        let keep = if t.len() == 2 { 3 } else { 2 };
        let Some(rest) = upper.strip_suffix(**t).filter(|rest| rest.len() >= keep) else {
            return false;
        };
        !(t.starts_with("SHEIKH") && SHEIKH_PARTICLES.contains(&rest))
    })?;
    token.truncate(token.len() - title.len());
    Some((*title).to_owned())
}

/// Takes the title off the end of the given names: their last word when it is one
/// (`MARY MISS`, `MR` alone, as the airline name form ends), or a title glued to it
/// (`MARYMISS`, [`strip_glued_title`]).
pub(crate) fn take_title(given: &mut String) -> Option<String> {
    let last_start = given.rfind(' ').map_or(0, |i| i + 1);
    let mut last = given.split_off(last_start);
    if let Some(t) = TITLES.iter().find(|t| t.eq_ignore_ascii_case(&last)) {
        given.truncate(given.trim_end().len());
        return Some((*t).to_owned());
    }
    let title = strip_glued_title(&mut last);
    given.push_str(&last);
    title
}

/// The given names read without a title glued to their last word that names also end in
/// (`AYMANDR` → `AYMAN`, `ALEXANDR` → `ALEXAN`), when at least three letters stay; `None`
/// when the last word ends in no such title. Both readings are screened, so the one that
/// is a name wins.
pub(crate) fn without_ambiguous_title(given: &str) -> Option<String> {
    let trimmed = given.trim_end();
    let last_start = trimmed.rfind(' ').map_or(0, |i| i + 1);
    let last = trimmed.get(last_start..)?.as_bytes();
    let title = AMBIGUOUS_GLUED_TITLES.iter().find(|t| {
        let Some(cut) = last.len().checked_sub(t.len()) else {
            return false;
        };
        let (rest, end) = last.split_at(cut);
        end.eq_ignore_ascii_case(t.as_bytes())
            && rest.len() >= 3
            && rest.iter().all(u8::is_ascii_alphabetic)
    })?;
    Some(trimmed[..trimmed.len() - title.len()].to_owned())
}

/// FNU / LNU ("first/last name unknown") and similar placeholders mean "no name".
pub(crate) fn placeholder_to_empty(s: &str) -> String {
    if is_placeholder(s) {
        String::new()
    } else {
        s.to_owned()
    }
}

/// Words that stand for "no name".
const PLACEHOLDERS: &[&str] = &["FNU", "LNU", "UNK", "UNKNOWN", "XX", "NONAME"];

/// Whether `word` is a placeholder for "no name" (`FNU`, `UNKNOWN`, …), in any case.
pub(crate) fn is_placeholder(word: &str) -> bool {
    PLACEHOLDERS.iter().any(|p| p.eq_ignore_ascii_case(word))
}

/// Parses the airline name form `SURNAME/GIVEN NAMES[ ]TITLE`, also without a slash.
pub(crate) fn parse_airline_name(raw: &str) -> PersonName {
    // Name remarks follow `*` in GDS entries (`SMITH/JOHN MR*P-C08`).
    let text = raw.split('*').next().unwrap_or("").trim();
    let (surname, rest) = match text.split_once('/') {
        Some((s, r)) => (s.trim(), r.trim()),
        None => (text, ""),
    };
    let mut given = rest.split_whitespace().collect::<Vec<_>>().join(" ");
    let title = take_title(&mut given);
    PersonName {
        surname: placeholder_to_empty(surname),
        given_names: placeholder_to_empty(&given),
        title,
        as_received: raw.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn airline_name_forms() {
        let n = parse_airline_name("SMITH/JOHN MR");
        assert_eq!(
            (n.surname.as_str(), n.given_names.as_str()),
            ("SMITH", "JOHN")
        );
        assert_eq!(n.title.as_deref(), Some("MR"));
        let n = parse_airline_name("SMITHJR/JOHNMR");
        assert_eq!(
            (n.surname.as_str(), n.given_names.as_str()),
            ("SMITHJR", "JOHN")
        );
        let n = parse_airline_name("MOUSSA/AMR");
        assert_eq!(n.given_names, "AMR");
        assert_eq!(n.title, None);
        // Two letters are enough before MRS (no name ends in it), not before MR.
        let n = parse_airline_name("MYINT/LIMRS");
        assert_eq!(
            (n.given_names.as_str(), n.title.as_deref()),
            ("LI", Some("MRS"))
        );
        assert_eq!(parse_airline_name("SAID/NUMR").given_names, "NUMR");
        let n = parse_airline_name("WILLIAMS/ANNA MARIA MRS");
        assert_eq!(n.given_names, "ANNA MARIA");
        let n = parse_airline_name("THOMPSON/FNU");
        assert_eq!(n.given_names, "");
        let n = parse_airline_name("SMITH/JOHN MR*P-C08");
        assert_eq!(n.given_names, "JOHN");
    }

    #[test]
    fn ambiguous_glued_titles_give_a_second_reading() {
        for (given, without) in [
            ("AYMANDR", Some("AYMAN")),
            ("AYMANMS", Some("AYMAN")),
            ("MARIA ANNAMS", Some("MARIA ANNA")),
            ("AYMANREV", Some("AYMAN")),
            ("AYMANSIR", Some("AYMAN")),
            ("ALEXANDR", Some("ALEXAN")),
            ("YASIR", None),
            ("WILLIAMS", Some("WILLIA")),
            ("AMS", None),
            ("AYMAN", None),
            ("", None),
        ] {
            assert_eq!(
                without_ambiguous_title(given).as_deref(),
                without,
                "{given}"
            );
        }
    }

    /// Every title taken off the given names, as their own last word or glued where no
    /// name ends in it; names that end like a title keep it.
    #[test]
    fn titles_as_their_own_word_or_glued() {
        for title in TITLES {
            let n = parse_airline_name(&format!("ZAWAHIRI/AYMAN {title}"));
            assert_eq!(n.given_names, "AYMAN", "{title}");
            assert_eq!(n.title.as_deref(), Some(*title));
        }
        for title in GLUED_TITLES {
            let n = parse_airline_name(&format!("ZAWAHIRI/AYMAN{title}"));
            assert_eq!(n.given_names, "AYMAN", "{title}");
            assert_eq!(n.title.as_deref(), Some(*title));
        }
        for name in [
            "WILLIAMS",
            "ALEXANDR",
            "YASIR",
            "NASIR",
            "AMR",
            "ALSHEIKH",
            "ABUSHEIKH",
            "GLADY",
        ] {
            let n = parse_airline_name(&format!("SMITH/{name}"));
            assert_eq!((n.given_names.as_str(), n.title), (name, None));
        }
        let n = parse_airline_name("HASAN/AHMEDSHEIKHA");
        assert_eq!(
            (n.given_names.as_str(), n.title.as_deref()),
            ("AHMED", Some("SHEIKHA"))
        );
    }
}
