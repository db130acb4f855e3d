//! Similarity of two tokens, and how it was reached ([`Kind`]).
//!
//! Token pairs are compared by [`token_similarity`]: equal; related through the symbol
//! tables (transliteration family, nickname); one a truncation of the other (airline
//! name fields cut long names); an initial against a token with the same first letter;
//! Jaro-Winkler within an edit budget (short names one letter apart only at the floor,
//! three-letter swaps at the floor, one edit in n letters (n ≥ 5) worth 1 − 1/n, two runs of
//! pinyin syllables no more than one edit apart, two single syllables at the floor); or
//! the same sound ([`phonetic_key`]) when that scores higher. Pairs below [`TOKEN_FLOOR`]
//! do not align. A booking's possibly cut last token also pairs with the list tokens it
//! begins ([`tail_similarity`]).
//!
//! Invariants: similarities are in `0.0..=1.0` and symmetric in the two tokens; tokens
//! are normalised (`[A-Z0-9]+`); nothing here allocates except [`glued_variants`].

use super::normalize;
use super::phonetic::phonetic_key;
use super::symbols::{self, Relation};

/// Token pairs below this similarity are not aligned.
pub(crate) const TOKEN_FLOOR: f64 = 0.80;
/// Similarity of an initial (`J`) with a token of the same first letter.
pub(crate) const INITIAL_SIMILARITY: f64 = 0.85;
/// Similarity of two spellings of one name (transliteration family).
pub(crate) const VARIANT_SIMILARITY: f64 = 0.95;
/// Similarity of a given name and one of its nicknames.
pub(crate) const NICKNAME_SIMILARITY: f64 = 0.90;
/// Similarity of two tokens spelled alike by sound ([`phonetic_key`]: ANEES / ANIS,
/// PUTEEN / PUTIN) that string similarity scores lower.
pub(crate) const PHONETIC_SIMILARITY: f64 = 0.92;
/// Similarity of a token with its truncation (at least [`TRUNCATION_MIN_LEN`] letters).
pub(crate) const TRUNCATION_SIMILARITY: f64 = 0.93;
pub(crate) const TRUNCATION_MIN_LEN: usize = 6;
/// Similarity of a booking's last token, when the name may have been cut there (see
/// [`Token::tail`](super::score::Token::tail)), with a longer list token it begins: shorter cuts than
/// [`TRUNCATION_MIN_LEN`] (ALEJ / ALEJANDRA), from [`TAIL_MIN_LEN`] letters.
pub(crate) const TAIL_SIMILARITY: f64 = 0.90;
pub(crate) const TAIL_MIN_LEN: usize = 3;
/// Airline name fields cut names at 20 characters or more (the boarding pass field holds
/// 20, reservation systems more); a booking whose `SURNAME/GIVEN` is shorter than this was
/// not cut, so its last token is not treated as a possible cut.
pub(crate) const TAIL_NAME_MIN_LEN: usize = 18;
/// A run of list tokens may align with one traveller token of at least this length that
/// is one edit away from the joined run.
pub(crate) const JOINED_SLIP_MIN_LEN: usize = 8;
/// Tokens of up to this length that differ in one letter (PING / BING, CHEN / CHIN,
/// WANG / KANG) align only at [`TOKEN_FLOOR`]: the letter is a quarter or more of the
/// name, and in syllabic romanisations (Chinese, Korean) it spells another syllable, so
/// the pair is as likely two names as one name with a typo. Inserted, dropped and swapped
/// letters (YUSF / YUSUF, AFIZ / FAIZ) keep their Jaro-Winkler similarity.
pub(crate) const SHORT_SUBSTITUTION_MAX_LEN: usize = 4;

/// Endings of East Slavic patronymics: Russian (-OVICH, -EVNA), Ukrainian (-OVYCH, -IVNA),
/// Belarusian (-AVICH, -AUNA).
const PATRONYMIC_SUFFIXES: &[&str] = &[
    "OVICH", "EVICH", "OVYCH", "EVYCH", "AVICH", "OVNA", "EVNA", "IVNA", "AUNA", "ICHNA",
];

/// Whether a given-name token has the form of an East Slavic patronymic.
pub(crate) fn is_patronymic(token: &str) -> bool {
    token.len() >= 7 && PATRONYMIC_SUFFIXES.iter().any(|s| token.ends_with(s))
}

/// Whether `long` is the patronymic formed from the name `short` (RAMZANOVNA from
/// RAMZAN, ALEKSANDROVICH from ALEKSANDR): the father's name, not a cut of the token.
fn is_patronymic_of(long: &str, short: &str) -> bool {
    is_patronymic(long)
        && PATRONYMIC_SUFFIXES
            .iter()
            .any(|s| long.strip_suffix(s) == Some(short))
}

/// How a unit aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Exact,
    Variant,
    Nickname,
    Phonetic,
    Truncation,
    Initial,
    Fuzzy,
    Joined,
}

/// Similarity of two tokens, and how it was reached. `jw` is their Jaro-Winkler
/// similarity when the caller already has it (`None` computes it).
pub(crate) fn token_similarity(a: &str, b: &str, jw: Option<f64>) -> (f64, Kind) {
    token_similarity_by(a, b, jw, true)
}

/// [`token_similarity`], with the same-sound pairing only `by_sound`.
pub(crate) fn token_similarity_by(
    a: &str,
    b: &str,
    jw: Option<f64>,
    by_sound: bool,
) -> (f64, Kind) {
    if a == b {
        return (1.0, Kind::Exact);
    }
    let (la, lb) = (a.len(), b.len());
    if la == 1 || lb == 1 {
        let same = a.as_bytes().first() == b.as_bytes().first();
        return if same {
            (INITIAL_SIMILARITY, Kind::Initial)
        } else {
            (0.0, Kind::Fuzzy)
        };
    }
    match symbols::relation(a, b) {
        Some(Relation::Variant) => return (VARIANT_SIMILARITY, Kind::Variant),
        Some(Relation::Nickname) => return (NICKNAME_SIMILARITY, Kind::Nickname),
        None => {}
    }
    if glued_particle_variant(a, b) {
        return (VARIANT_SIMILARITY, Kind::Variant);
    }
    if la <= 2 || lb <= 2 {
        return (0.0, Kind::Fuzzy); // no fuzzy credit for two-letter tokens
    }
    let plain = string_similarity(a, b, jw);
    if by_sound && plain.0 < PHONETIC_SIMILARITY {
        if let (Some(x), Some(y)) = (phonetic_key(a), phonetic_key(b)) {
            if x == y {
                return (PHONETIC_SIMILARITY, Kind::Phonetic);
            }
        }
    }
    plain
}

/// The shortest name a particle may be glued to for [`glued_particle_variant`].
const GLUED_REST_MIN_LEN: usize = 3;

/// The particles (of 2-4 letters) that `token` begins with, each with the rest of it
/// when that rest is a name of [`GLUED_REST_MIN_LEN`] or more letters.
fn glued_particles(token: &str) -> impl Iterator<Item = (&str, &str)> {
    (2..=4).filter_map(move |n| {
        let (p, rest) = (token.get(..n)?, token.get(n..)?);
        (rest.len() >= GLUED_REST_MIN_LEN && normalize::is_particle(p)).then_some((p, rest))
    })
}

/// Whether `a` and `b` are one name glued to particles that are spellings of each other:
/// ELASSAD / ALASSAD (AL ASSAD joined), BENALI / BINALI, ABOUBAKR / ABUBAKR.
pub(crate) fn glued_particle_variant(a: &str, b: &str) -> bool {
    // Cheap refusal first: the glued names end alike.
    if a.len().abs_diff(b.len()) > 2
        || a.len() < 2 + GLUED_REST_MIN_LEN
        || b.len() < 2 + GLUED_REST_MIN_LEN
        || a.as_bytes()[a.len() - GLUED_REST_MIN_LEN..]
            != b.as_bytes()[b.len() - GLUED_REST_MIN_LEN..]
    {
        return false;
    }
    glued_particles(a).any(|(p, rest)| {
        glued_particles(b).any(|(q, other)| {
            rest == other && p != q && symbols::relation(p, q) == Some(Relation::Variant)
        })
    })
}

/// The spellings of `token` with a leading particle written another way (ELASSAD →
/// ALASSAD, ULASSAD), for retrieval.
pub(crate) fn glued_variants(token: &str) -> impl Iterator<Item = String> + '_ {
    glued_particles(token).flat_map(|(p, rest)| {
        symbols::related(p)
            .filter(move |q| {
                normalize::is_particle(q) && symbols::relation(p, q) == Some(Relation::Variant)
            })
            .map(move |q| format!("{q}{rest}"))
    })
}

/// [`token_similarity`] from spelling alone (truncation, or Jaro-Winkler within the edit
/// budget, capped for [`SHORT_SUBSTITUTION_MAX_LEN`]; two tokens spelled of pinyin
/// syllables get a budget of one edit), for tokens of three or more letters.
fn string_similarity(a: &str, b: &str, jw: Option<f64>) -> (f64, Kind) {
    let (la, lb) = (a.len(), b.len());
    let jw = jw.unwrap_or_else(|| jaro_winkler(a, b));
    let truncated = la.min(lb) >= TRUNCATION_MIN_LEN
        && ((a.starts_with(b) && !is_patronymic_of(a, b))
            || (b.starts_with(a) && !is_patronymic_of(b, a)));
    if truncated {
        return (jw.max(TRUNCATION_SIMILARITY), Kind::Truncation);
    }
    if la == 3 && lb == 3 && swapped_neighbours(a, b) {
        // Jaro-Winkler's match window is empty at three letters: KMI / KIM scores 0.56.
        return (jw.max(TOKEN_FLOOR), Kind::Fuzzy);
    }
    // Looked up only for pairs that reach a rule that needs it.
    let syllables = || symbols::is_syllable(a) && symbols::is_syllable(b);
    if la == lb && la > SHORT_SUBSTITUTION_MAX_LEN && differ_in_one_letter(a, b) && !syllables() {
        // Jaro's greedy matching can misplace the letters around one substitution:
        // AHADAFI / KHADAFI scores 0.79. One letter in n is worth 1 − 1/n.
        return (jw.max(1.0 - 1.0 / la as f64), Kind::Fuzzy);
    }
    if jw < TOKEN_FLOOR || la.abs_diff(lb) > edit_budget(la.min(lb)) {
        return (jw.min(TOKEN_FLOOR - 0.01), Kind::Fuzzy);
    }
    // Jaro-Winkler alone is generous to shared prefixes (FEDERMAN / FEDERER); the edit
    // distance must also fit a budget that grows with the token's length.
    if !within_edits(a, b, edit_budget(la.min(lb))) {
        return (jw.min(TOKEN_FLOOR - 0.01), Kind::Fuzzy);
    }
    if la == lb && la <= SHORT_SUBSTITUTION_MAX_LEN && differ_in_one_letter(a, b) {
        return (jw.min(TOKEN_FLOOR), Kind::Fuzzy);
    }
    if syllables() {
        // Two pinyin syllables are two characters, whatever the edit (CHEN / CHENG, YUAN
        // / YAN, ZHENG / ZHANG): aligned, but only at the floor, like short names one
        // letter apart.
        return (jw.min(TOKEN_FLOOR), Kind::Fuzzy);
    }
    let one_edit = may_be_one_edit(a, b) && within_edits(a, b, 1);
    if one_edit && la.min(lb) > SHORT_SUBSTITUTION_MAX_LEN {
        // Jaro-Winkler's prefix weighting marks an early edit down (TBATABAEI / TABATABAEI
        // 0.87): one letter dropped, added or swapped in n is worth 1 − 1/n, as one
        // replaced.
        return (jw.max(1.0 - 1.0 / la.max(lb) as f64), Kind::Fuzzy);
    }
    if !one_edit && edit_budget(la.min(lb)) > 1 && symbols::is_pinyin(a) && symbols::is_pinyin(b) {
        // A Chinese given name is a run of syllables, one character each: two edits
        // between two such runs spell another character (JIANLIANG / JIANPING, MINGZHU /
        // MINGFU), another name, where a typo is one edit (ZHIQIANG / ZHIQING keeps its
        // similarity).
        return (jw.min(TOKEN_FLOOR - 0.01), Kind::Fuzzy);
    }
    (jw, Kind::Fuzzy)
}

/// Whether equal-length `a` and `b` differ by two neighbouring letters swapped.
fn swapped_neighbours(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let Some(i) = a.iter().zip(b).position(|(x, y)| x != y) else {
        return false;
    };
    a.get(i + 1) == b.get(i) && a.get(i) == b.get(i + 1) && a.get(i + 2..) == b.get(i + 2..)
}

/// Whether equal-length `a` and `b` differ in exactly one position.
fn differ_in_one_letter(a: &str, b: &str) -> bool {
    a.bytes().zip(b.bytes()).filter(|(x, y)| x != y).count() == 1
}

/// Similarity of a booking's possibly cut last token `tail` with list token `list`, when
/// the cut explains them: [`TAIL_SIMILARITY`] for cuts shorter than [`TRUNCATION_MIN_LEN`]
/// (longer cuts are truncations for any token), and [`TRUNCATION_SIMILARITY`] for a cut
/// that ends where a patronymic's ending begins (VLADIMIR of VLADIMIROVNA), which
/// [`token_similarity`] refuses for uncut tokens.
pub(crate) fn tail_similarity(tail: &str, list: &str) -> Option<(f64, Kind)> {
    if tail.len() < TAIL_MIN_LEN || list.len() <= tail.len() || !list.starts_with(tail) {
        return None;
    }
    if tail.len() < TRUNCATION_MIN_LEN {
        Some((TAIL_SIMILARITY, Kind::Truncation))
    } else {
        is_patronymic_of(list, tail).then_some((TRUNCATION_SIMILARITY, Kind::Truncation))
    }
}

/// Jaro-Winkler similarity (prefix weight 0.1, boost above 0.7): rapidfuzz's kernel,
/// bit-identical to `strsim::jaro_winkler` (the oracle in this module's tests), on bytes
/// when both tokens are ASCII (normalised tokens are) and on chars otherwise.
pub(crate) fn jaro_winkler(a: &str, b: &str) -> f64 {
    use rapidfuzz::distance::jaro_winkler::similarity;
    if a.is_ascii() && b.is_ascii() {
        similarity(a.bytes(), b.bytes())
    } else {
        similarity(a.chars(), b.chars())
    }
}

/// Whether the optimal-string-alignment distance (`strsim::osa_distance`) of `a` and `b`
/// is at most `budget`; rapidfuzz stops as soon as the budget is exceeded.
pub(crate) fn within_edits(a: &str, b: &str, budget: usize) -> bool {
    use rapidfuzz::distance::osa::{distance_with_args, Args};
    let args = Args::default().score_cutoff(budget);
    if a.is_ascii() && b.is_ascii() {
        distance_with_args(a.bytes(), b.bytes(), &args).is_some()
    } else {
        distance_with_args(a.chars(), b.chars(), &args).is_some()
    }
}

/// A quick necessary condition for an OSA distance ≤ 1: lengths within one, and the
/// common prefix and suffix leave at most two positions of the longer string uncovered.
pub(crate) fn may_be_one_edit(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let longest = a.len().max(b.len());
    if a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    prefix + suffix + 2 >= longest
}

/// Edits (insertions, deletions, substitutions, adjacent transpositions) a fuzzy token
/// pair may differ by, from the shorter token's length.
pub(crate) fn edit_budget(len: usize) -> usize {
    match len {
        0..=2 => 0,
        3..=5 => 1,
        6..=8 => 2,
        9..=12 => 3,
        _ => 4,
    }
}
