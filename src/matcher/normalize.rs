//! Name normalisation shared by both sides of a comparison.
//!
//! A name becomes a list of [`NameToken`]s: Unicode-folded to upper-case ASCII (NFKC, then
//! `deunicode` for diacritics and non-Latin scripts), punctuation turned into separators,
//! titles (MR, MRS, DR, …) removed, and each token marked when it is known to be part of
//! the surname. Particles (AL, BIN, DE, VAN, …) are kept but flagged so that they count
//! less and never on their own.
//!
//! Invariants: output tokens are non-empty `[A-Z0-9]+`; normalising is idempotent on the
//! token texts; the function never panics on any input.

use unicode_normalization::UnicodeNormalization;

/// Honorifics and titles that carry no identity.
const TITLES: &[&str] = &[
    "MR", "MRS", "MS", "MISS", "MSTR", "MSTER", "DR", "PROF", "REV", "SIR", "CHD", "INF", "MME",
    "MLLE", "HERR", "FRAU", "SHEIKH", "SHAYKH", "SHEIK", "HAJI", "HAJJI", "MAULANA", "MULLAH",
    "MAWLAWI", "MAULAWI", "QARI", "GENERAL", "COLONEL", "CAPTAIN", "JR", "SR",
];

/// Name particles: kept for scoring, down-weighted, never enough for a match alone.
const PARTICLES: &[&str] = &[
    "AL", "EL", "BIN", "BINT", "IBN", "ABU", "ABD", "ABDUL", "UMM", "BEN", "BANI", "OULD", "DE",
    "DA", "DI", "DO", "DOS", "DAS", "DEL", "DELLA", "DER", "DEN", "DU", "LA", "LE", "VAN", "VON",
    "Y", "E", "MAC", "MC", "O",
];

/// One token of a normalised name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NameToken {
    pub text: String,
    /// The token belongs to the surname as the source marked it.
    pub surname: bool,
    /// The token is a particle (AL, BIN, VAN, …).
    pub particle: bool,
}

/// Folds text to upper-case ASCII words: NFKC, transliteration, punctuation → space.
pub fn fold(text: &str) -> String {
    let nfkc: String = text.nfkc().collect();
    let ascii = deunicode::deunicode(&nfkc);
    let mut out = String::with_capacity(ascii.len());
    let mut last_space = true;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_uppercase());
            last_space = false;
        } else if c == '\'' || c == '`' {
            // O'BRIEN → OBRIEN; apostrophes join rather than split.
        } else if !last_space {
            out.push(' ');
            last_space = true;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Whether a folded token is a particle.
pub fn is_particle(token: &str) -> bool {
    PARTICLES.contains(&token)
}

fn push_tokens(out: &mut Vec<NameToken>, text: &str, surname: bool) {
    for word in fold(text).split(' ') {
        if word.is_empty() || TITLES.contains(&word) {
            continue;
        }
        out.push(NameToken {
            text: word.to_owned(),
            surname,
            particle: is_particle(word),
        });
    }
}

/// Tokens of a name given as surname and given names (`surname` tokens are marked).
pub fn tokens_split(surname: &str, given: &str) -> Vec<NameToken> {
    let mut out = Vec::new();
    push_tokens(&mut out, surname, true);
    push_tokens(&mut out, given, false);
    out
}

/// Tokens of a full name whose surname is not marked.
pub fn tokens_full(full: &str) -> Vec<NameToken> {
    let mut out = Vec::new();
    push_tokens(&mut out, full, false);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(t: &[NameToken]) -> Vec<&str> {
        t.iter().map(|t| t.text.as_str()).collect()
    }

    #[test]
    fn folds_case_diacritics_scripts_and_punctuation() {
        assert_eq!(fold("José  Ñúñez-Pérez"), "JOSE NUNEZ PEREZ");
        assert_eq!(fold("O'Brien"), "OBRIEN");
        assert_eq!(fold("Владимир Путин"), "VLADIMIR PUTIN");
        assert_eq!(fold("ＡＢＣ"), "ABC");
        assert_eq!(fold("..."), "");
    }

    #[test]
    fn titles_dropped_particles_flagged_surname_marked() {
        let t = tokens_split("AL ZAWAHIRI", "Dr. Ayman");
        assert_eq!(texts(&t), vec!["AL", "ZAWAHIRI", "AYMAN"]);
        assert!(t[0].particle && t[0].surname && t[1].surname && !t[2].surname);
        assert_eq!(texts(&tokens_full("MR JOHN SMITH")), vec!["JOHN", "SMITH"]);
    }

    #[test]
    fn fold_is_idempotent() {
        for s in ["Müller-Lüdenscheidt", "AL-QAIDA", "  x  y ", "李小龍"] {
            let once = fold(s);
            assert_eq!(fold(&once), once);
        }
    }
}
