//! Name normalisation shared by both sides of a comparison.
//!
//! A name becomes a list of [`NameToken`]s: Unicode-folded to upper-case ASCII (NFKC, then
//! `deunicode` for diacritics and non-Latin scripts, a run of Han, kana or Hangul
//! syllables kept as one word as passports print it), punctuation turned into separators,
//! titles (MR, MRS, DR, …) removed, and each token marked when it is known to be part of
//! the surname. Particles (AL, BIN, DE, VAN, …) are kept but flagged so that they count
//! less and never on their own; the Arabic article before a hyphen, assimilated or slipped
//! by a letter (AR-RASHID, ALL-RAWI), is read as AL. Repeated names stay repeated
//! (VALENZUELA VALENZUELA).
//!
//! What a name cannot hide behind: format and invisible characters (zero-width spaces,
//! bidi controls, U+180E, variation selectors), emoji and other symbols inside a name are
//! dropped (`drop_symbols`); letters spelled out one by one, spaced or punctuated
//! (`Z A W A H I R I`, `Z.A.W.A.H.I.R.I`), are joined back into the word they spell
//! (`join_spelled_letters`).
//!
//! Invariants: output tokens are non-empty `[A-Z0-9]+`; normalising is idempotent on the
//! token texts; the function never panics on any input.

use unicode_normalization::UnicodeNormalization;
use unicode_properties::{GeneralCategory, GeneralCategoryGroup, UnicodeGeneralCategory};

/// Honorifics and titles that carry no identity.
const TITLES: &[&str] = &[
    "MR", "MRS", "MS", "MISS", "MSTR", "MSTER", "DR", "PROF", "REV", "SIR", "CHD", "INF", "MME",
    "MLLE", "HERR", "FRAU", "SHEIKH", "SHEIKHA", "SHAYKH", "SHEIK", "CAPT", "HAJI", "HAJJI",
    "MAULANA", "MULLAH", "MAWLAWI", "MAULAWI", "QARI", "GENERAL", "COLONEL", "CAPTAIN", "JR", "SR",
];

/// Name particles: kept for scoring, down-weighted, never enough for a match alone.
const PARTICLES: &[&str] = &[
    "AL", "EL", "UL", "BIN", "BINT", "BENT", "IBN", "ABU", "ABOU", "ABD", "ABDUL", "UMM", "BEN",
    "BANI", "OULD", "DE", "DA", "DI", "DO", "DOS", "DAS", "DEL", "DELLA", "DER", "DEN", "DU", "LA",
    "LE", "VAN", "VON", "Y", "E", "MAC", "MC", "O",
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

impl NameToken {
    /// Whether the token can say who the person is on its own: no particle, two or more
    /// letters.
    pub fn substantive(&self) -> bool {
        !self.particle && self.text.len() >= 2
    }
}

/// Folds text to upper-case ASCII words: NFKC, transliteration, punctuation → space.
/// Diacritics are dropped (MÜLLER → MULLER); see `fold_icao` for the passport form.
pub fn fold(text: &str) -> String {
    fold_as(text, false)
}

/// [`fold`] for a whole name in one field, where a run of Hangul is surname and given
/// name ([`transliterate`]).
fn fold_as(text: &str, whole_name: bool) -> String {
    if text.is_ascii() {
        // NFKC and transliteration leave ASCII as it is
        return join_spelled_letters(fold_ascii(text), SPELLED_FIELD);
    }
    let nfkc = drop_symbols(text);
    join_spelled_letters(fold_ascii(&transliterate(&nfkc, whole_name)), SPELLED_FIELD)
}

/// NFKC of `text` without what can only hide a name: emoji and other symbols (Unicode
/// `S*` categories, emoji modifiers included: `ZAWA😀HIRI`), format characters (`Cf`:
/// zero-width spaces and joiners, bidi controls, soft hyphens, U+180E, tags) and the
/// combining marks that draw nothing (variation selectors, the combining grapheme joiner,
/// Mongolian free variation selectors). A symbol that NFKC spells as one letter (Ⓐ, ①)
/// is that letter; one it spells as several (™ → TM, ℡ → TEL) is dropped first. Combining
/// marks that write a vowel or a diacritic stay for transliteration.
fn drop_symbols(text: &str) -> String {
    let is_symbol = |c: char| c.general_category_group() == GeneralCategoryGroup::Symbol;
    let letters: String = text
        .chars()
        .filter(|&c| !is_symbol(c) || std::iter::once(c).nfkc().nth(1).is_none())
        .collect();
    letters
        .nfkc()
        .filter(|&c| {
            !is_symbol(c)
                && c.general_category() != GeneralCategory::Format
                && !is_invisible_mark(c)
        })
        .collect()
}

/// Combining marks that change no letter: variation selectors, the combining grapheme
/// joiner and the Mongolian free variation selectors.
fn is_invisible_mark(c: char) -> bool {
    matches!(c,
        '\u{FE00}'..='\u{FE0F}'
        | '\u{E0100}'..='\u{E01EF}'
        | '\u{034F}'
        | '\u{180B}'..='\u{180D}'
        | '\u{180F}'
    )
}

/// A run of one-letter words that makes up a whole field, at least this long, spells a
/// word (`A Y M A N`); a shorter one is initials (`J R R`).
const SPELLED_FIELD: usize = 4;
/// A surname field is never initials: three lone letters spell it (`A L I`).
const SPELLED_SURNAME: usize = 3;
/// A run this long spells a word wherever it stands (`AL Z A W A H I R I`): bookings give at
/// most four or five middle-name initials (`AYMAN S I H`).
const SPELLED_ANYWHERE: usize = 6;

/// Joins one-letter words back into the word they spell (`Z A W A H I R I` → `ZAWAHIRI`,
/// and so `Z-A-W-A-H-I-R-I` once punctuation became spaces): a run of them that is the
/// whole field and at least `whole_min` long, or any run of [`SPELLED_ANYWHERE`]. Shorter
/// runs beside other words stay, as the initials they are (`JOHN F`, `AYMAN S I H`).
/// Allocates only when something is joined.
fn join_spelled_letters(folded: String, whole_min: usize) -> String {
    let single = |w: &str| w.len() == 1 && w.as_bytes()[0].is_ascii_alphabetic();
    let (mut words, mut run, mut longest) = (0, 0, 0);
    for word in folded.split(' ') {
        words += 1;
        run = if single(word) { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let whole = longest == words && longest >= whole_min;
    if !whole && longest < SPELLED_ANYWHERE {
        return folded;
    }
    let min = if whole { whole_min } else { SPELLED_ANYWHERE };
    let words: Vec<&str> = folded.split(' ').collect();
    let mut out = String::with_capacity(folded.len());
    // Runs of one-letter words and runs of other words, in order.
    for group in words.chunk_by(|a, b| single(a) == single(b)) {
        let joined = single(group[0]) && group.len() >= min;
        for (i, word) in group.iter().enumerate() {
            if !out.is_empty() && (!joined || i == 0) {
                out.push(' ');
            }
            out.push_str(word);
        }
    }
    out
}

/// [`fold`] for a surname field, where three lone letters already spell the name.
fn fold_surname(text: &str) -> String {
    join_spelled_letters(fold(text), SPELLED_SURNAME)
}

/// Whether `c` is a syllable of a script written without spaces between the syllables of
/// one name (Han, kana, Hangul).
fn is_syllabic(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{309F}'     // hiragana
        | '\u{30A1}'..='\u{30FA}'   // katakana (not the ゠ and ・ separators)
        | '\u{30FC}'..='\u{30FF}'   // prolonged sound mark, iteration marks
        | '\u{3400}'..='\u{4DBF}'   // Han extension A
        | '\u{4E00}'..='\u{9FFF}'   // Han
        | '\u{AC00}'..='\u{D7AF}'   // Hangul syllables
        | '\u{F900}'..='\u{FAFF}'   // Han compatibility
        | '\u{20000}'..='\u{2FA1F}' // Han extensions B-F, compatibility supplement
    )
}

/// Whether `c` is a Hangul syllable.
fn is_hangul(c: char) -> bool {
    ('\u{AC00}'..='\u{D7AF}').contains(&c)
}

/// A Korean surname syllable that Revised Romanization spells as a lone vowel, as
/// passports spell it (이 YI, 오 OH, 우 WOO): a lone letter would read as an initial.
fn surname_spelling(spelled: &str) -> &str {
    match spelled {
        "i" => "yi",
        "o" => "oh",
        "u" => "woo",
        _ => spelled,
    }
}

/// `deunicode`, except that a run of Han, kana or Hangul syllables stays one word: 美珠
/// is MEIZHU and 성훈 SEONGHUN, as passports (and so bookings) print them, not MEI ZHU.
/// A `whole_name` in one run of two to four Hangul syllables is spelled a word per
/// syllable (김정은 GIM JEONG EUN, as the UN list writes KIM JONG UN); a given-name field
/// and given names in a name written with spaces stay joined, so that their syllables do
/// not pair with another name's. A one-syllable surname spelled as a lone vowel takes
/// its passport spelling ([`surname_spelling`]).
fn transliterate(text: &str, whole_name: bool) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    let mut rest = text;
    while !rest.is_empty() {
        let split = rest
            .char_indices()
            .find(|(_, c)| is_syllabic(*c))
            .map_or(rest.len(), |(i, _)| i);
        let (plain, syllabic) = rest.split_at(split);
        out.push_str(&deunicode::deunicode(plain));
        let end = syllabic
            .char_indices()
            .find(|(_, c)| !is_syllabic(*c))
            .map_or(syllabic.len(), |(i, _)| i);
        let (run, after) = syllabic.split_at(end);
        if !run.is_empty() {
            // A whole name written as one run of Hangul is a surname syllable and a given
            // name, which Latin spellings split into syllables (KIM JONG UN).
            let hangul = run.chars().all(is_hangul);
            let syllables = run.chars().count();
            let split = whole_name
                && hangul
                && run.len() == text.trim().len()
                && (2..=4).contains(&syllables);
            out.push(' ');
            for (i, c) in run.chars().enumerate() {
                let mut spelled = deunicode::deunicode_char(c).unwrap_or("");
                if hangul && i == 0 && (split || syllables == 1) {
                    spelled = surname_spelling(spelled);
                }
                out.extend(spelled.chars().filter(char::is_ascii_alphanumeric));
                if split {
                    out.push(' ');
                }
            }
            out.push(' ');
        }
        rest = after;
    }
    out
}

/// Folds like [`fold`] but spells umlauts and ligatures as ICAO Doc 9303 machine-readable
/// zones do (Ä→AE, Ö→OE, Ü→UE, Å→AA, Æ→AE, Ø→OE, ß→SS, Þ→TH), which is what passports and
/// hence API/PNR data print.
pub(crate) fn fold_icao(text: &str) -> String {
    let nfkc = drop_symbols(text);
    let mut mapped = String::with_capacity(nfkc.len() + 4);
    for c in nfkc.chars() {
        match c {
            'Ä' | 'ä' | 'Æ' | 'æ' => mapped.push_str("AE"),
            'Ö' | 'ö' | 'Ø' | 'ø' | 'Œ' | 'œ' => mapped.push_str("OE"),
            'Ü' | 'ü' => mapped.push_str("UE"),
            'Å' | 'å' => mapped.push_str("AA"),
            'ß' => mapped.push_str("SS"),
            'Þ' | 'þ' => mapped.push_str("TH"),
            _ => mapped.push(c),
        }
    }
    join_spelled_letters(fold_ascii(&transliterate(&mapped, false)), SPELLED_FIELD)
}

fn fold_ascii(ascii: &str) -> String {
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

/// Particles that head a name rather than join two (ABDUL RAHMAN, ABU BAKR, UMM KULTHUM):
/// one standing where the other side has a different name replaced it.
pub(crate) fn heads_name(token: &str) -> bool {
    matches!(token, "ABD" | "ABDUL" | "ABU" | "ABOU" | "UMM")
}

/// Whether a folded token of a person's name is a particle.
pub(crate) fn is_particle(token: &str) -> bool {
    PARTICLES.contains(&token)
}

/// Whether a folded token of an organisation's name is a particle or a legal form.
fn is_organisation_particle(token: &str) -> bool {
    is_particle(token) || LEGAL_SHORT.contains(&token)
}

/// Whose name is being tokenised: legal forms exist only in organisations' names (in a
/// person's name PAO, AO, SA or CO is a surname, not a company form).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Subject {
    Person,
    Organisation,
}

/// Legal forms of organisations, long form → canonical short form (whole-word phrases,
/// folded). The short forms are treated like particles: kept, weighted low, never enough.
const LEGAL_FORMS: &[(&str, &str)] = &[
    ("GESELLSCHAFT MIT BESCHRANKTER HAFTUNG", "GMBH"),
    ("SOCIETATEA CU RASPUNDERE LIMITATA", "SRL"),
    ("OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTIU", "OOO"),
    ("OBSHCHESTVO S OGRANICHENNOY OTVETSTVENNOSTYU", "OOO"),
    ("OPEN JOINT STOCK COMPANY", "JSC"),
    ("CLOSED JOINT STOCK COMPANY", "JSC"),
    ("PUBLIC JOINT STOCK COMPANY", "JSC"),
    ("JOINT STOCK COMPANY", "JSC"),
    ("AKTSIONERNOE OBSHCHESTVO", "JSC"),
    ("LIMITED LIABILITY COMPANY", "LLC"),
    ("LIMITED LIABILITY PARTNERSHIP", "LLP"),
    ("PUBLIC LIMITED COMPANY", "PLC"),
    ("AKTIENGESELLSCHAFT", "AG"),
    ("AKTIENGESELSCHAFT", "AG"),
    ("SOCIETE ANONYME", "SA"),
    ("SOCIEDAD ANONIMA", "SA"),
    ("INCORPORATED", "INC"),
    ("CORPORATION", "CORP"),
    ("LIMITED", "LTD"),
    ("COMPANY", "CO"),
    ("SP Z OO", "SPZOO"),
    ("OJSC", "JSC"),
    ("OAO", "JSC"),
    ("ZAO", "JSC"),
    ("PAO", "JSC"),
    ("AO", "JSC"),
];

/// Canonical legal-form tokens (treated as particles).
const LEGAL_SHORT: &[&str] = &[
    "GMBH", "SRL", "SPZOO", "OOO", "JSC", "LLC", "LLP", "PLC", "AG", "SA", "INC", "CORP", "LTD",
    "CO", "THE",
];

/// Rewrites legal-form phrases of a folded name to their short forms.
fn canonical_legal_forms(folded: &str) -> String {
    let mut text = format!(" {folded} ");
    for (long, short) in LEGAL_FORMS {
        if !text.contains(long) {
            continue; // the common case: no legal form, no allocation
        }
        let pat = format!(" {long} ");
        if text.contains(&pat) {
            text = text.replace(&pat, &format!(" {short} "));
        }
    }
    text.trim().to_owned()
}

/// Number words of organisations' names, as digits: cardinals, ordinals and the tens
/// (with the common misspelling FOURTY). 1ST, 2ND … lose their suffix.
const UNITS: &[&str] = &[
    "ZERO",
    "ONE",
    "TWO",
    "THREE",
    "FOUR",
    "FIVE",
    "SIX",
    "SEVEN",
    "EIGHT",
    "NINE",
    "TEN",
    "ELEVEN",
    "TWELVE",
    "THIRTEEN",
    "FOURTEEN",
    "FIFTEEN",
    "SIXTEEN",
    "SEVENTEEN",
    "EIGHTEEN",
    "NINETEEN",
];
const ORDINALS: &[&str] = &[
    "ZEROTH", "FIRST", "SECOND", "THIRD", "FOURTH", "FIFTH", "SIXTH", "SEVENTH", "EIGHTH", "NINTH",
    "TENTH", "ELEVENTH", "TWELFTH",
];
const TENS: &[(&str, u32)] = &[
    ("TWENTY", 20),
    ("THIRTY", 30),
    ("FORTY", 40),
    ("FOURTY", 40),
    ("FIFTY", 50),
    ("SIXTY", 60),
    ("SEVENTY", 70),
    ("EIGHTY", 80),
    ("NINETY", 90),
];

fn position(table: &[&str], word: &str) -> Option<u32> {
    table
        .iter()
        .position(|w| *w == word)
        .and_then(|i| u32::try_from(i).ok())
}

/// The value of a unit or ordinal word (ONE … NINETEEN, FIRST … TWELFTH).
fn unit_value(word: &str) -> Option<u32> {
    position(UNITS, word).or_else(|| position(ORDINALS, word))
}

/// The value of a tens word (TWENTY … NINETY).
fn tens_value(word: &str) -> Option<u32> {
    TENS.iter().find(|(w, _)| *w == word).map(|(_, n)| *n)
}

/// The value of a number word or an ordinal in digits (1ST, 22ND), if `word` is one.
fn number_value(word: &str) -> Option<u32> {
    if let Some(n) = unit_value(word).or_else(|| tens_value(word)) {
        return Some(n);
    }
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &word[digits.len()..];
    (!digits.is_empty() && matches!(suffix, "ST" | "ND" | "RD" | "TH"))
        .then(|| digits.parse().ok())
        .flatten()
}

/// Writes the number words and ordinals of a folded organisation name as digits, so
/// that THREE PERCENTERS is 3 PERCENTERS, BRIGADE FORTY FOUR is BRIGADE 44 and FIRST
/// INTERNATIONAL BANK is 1 INTERNATIONAL BANK.
fn canonical_numbers(folded: &str) -> String {
    let words: Vec<&str> = folded.split(' ').collect();
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut i = 0;
    while let Some(word) = words.get(i) {
        let unit = words
            .get(i + 1)
            .and_then(|w| unit_value(w))
            .filter(|u| (1..10).contains(u));
        if let (Some(tens), Some(unit)) = (tens_value(word), unit) {
            out.push((tens + unit).to_string());
            i += 2;
            continue;
        }
        out.push(number_value(word).map_or_else(|| (*word).to_owned(), |n| n.to_string()));
        i += 1;
    }
    out.join(" ")
}

/// Joins dotted initials (A.B.C. → ABC, U.S.A. → USA): in an organisation's name they
/// spell one abbreviation, where folding would leave single letters.
fn join_dotted_initials(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        // A run of (letter '.') pairs, two or more, starting at a word boundary.
        let boundary = i == 0 || chars.get(i - 1).is_some_and(|c| !c.is_alphanumeric());
        let mut end = i;
        while boundary
            && chars.get(end).is_some_and(|c| c.is_alphabetic())
            && chars.get(end + 1) == Some(&'.')
        {
            end += 2;
        }
        if end - i >= 4 {
            out.extend(chars[i..end].iter().step_by(2));
            // The abbreviation ends at the last dot: a following letter starts a word.
            out.push(' ');
            i = end;
        } else {
            if let Some(c) = chars.get(i) {
                out.push(*c);
            }
            i += 1;
        }
    }
    out
}

/// Placeholders that mean "no name" (first / last name unknown).
const PLACEHOLDERS: &[&str] = &["FNU", "LNU", "UNK", "UNKNOWN", "NFN", "NLN"];

fn push_tokens(out: &mut Vec<NameToken>, folded: &str, surname: bool, subject: Subject) {
    let canonical = match subject {
        Subject::Person => None,
        Subject::Organisation => Some(canonical_numbers(&canonical_legal_forms(folded))),
    };
    for word in canonical.as_deref().unwrap_or(folded).split(' ') {
        if word.is_empty() || TITLES.contains(&word) || PLACEHOLDERS.contains(&word) {
            continue;
        }
        out.push(NameToken {
            text: word.to_owned(),
            surname,
            particle: match subject {
                Subject::Person => is_particle(word),
                Subject::Organisation => is_organisation_particle(word),
            },
        });
    }
}

/// Tokens of a person's name given as surname and given names (`surname` tokens are
/// marked).
pub fn tokens_split(surname: &str, given: &str) -> Vec<NameToken> {
    let mut out = Vec::new();
    push_tokens(
        &mut out,
        &fold_surname(&articles(surname)),
        true,
        Subject::Person,
    );
    push_tokens(&mut out, &fold(&articles(given)), false, Subject::Person);
    out
}

/// Tokens of a person's full name whose surname is not marked.
pub fn tokens_full(full: &str) -> Vec<NameToken> {
    let mut out = Vec::new();
    push_tokens(
        &mut out,
        &fold_as(&articles(full), true),
        false,
        Subject::Person,
    );
    out
}

/// Three-letter words one letter away from the article that are names of their own.
const ARTICLE_LOOKALIKES: &[&str] = &["ALI", "ALA", "ELI", "ELA"];

/// The Arabic article as written before a hyphen, spelled AL (or EL): assimilated to a
/// sun letter (AR-RASHID, AS-SAYYID, AD-DIN: AL-RASHID …), and slipped by one letter in
/// three (ALL-RAWI, AHL-TIKRITI, NAL-MOUSSAWI, typed for AL-), unless that word is a
/// particle or a name of its own (DEL-, ALI-REZA, ALA-UDDIN). A slip in the article
/// otherwise leaves a three-letter token no list token pairs with, at a full surname's
/// cost.
fn articles(raw: &str) -> std::borrow::Cow<'_, str> {
    // The common cases (no hyphen; AL-ASSAD, KOWALCZYK-NOWAK) borrow: nothing to rewrite.
    if !raw.contains('-') || !raw.split(' ').any(|w| article_of(w).is_some()) {
        return std::borrow::Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    for (i, word) in raw.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        match article_of(word) {
            Some((article, rest)) => {
                out.push_str(article);
                out.push('-');
                out.push_str(rest);
            }
            None => out.push_str(word),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The article AL or EL that `word`'s hyphenated prefix stands for, and the rest after
/// the hyphen (see [`articles`]).
fn article_of(word: &str) -> Option<(&'static str, &str)> {
    let (prefix, rest) = word.split_once('-')?;
    if !(2..=3).contains(&prefix.len()) || !prefix.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None; // the common case (KOWALCZYK-NOWAK)
    }
    let first = rest
        .bytes()
        .find(u8::is_ascii_alphabetic)?
        .to_ascii_uppercase();
    // The prefix upper-cased on the stack (two or three ASCII letters).
    let mut buf = [0u8; 3];
    let upper = buf.get_mut(..prefix.len())?;
    upper.copy_from_slice(prefix.as_bytes());
    upper.make_ascii_uppercase();
    let p = std::str::from_utf8(upper).ok()?;
    match p.as_bytes() {
        [b'A', sun] => (b"TDSRZN".contains(sun) && *sun == first).then_some(("AL", rest)),
        [_, _, _] if !is_particle(p) && !ARTICLE_LOOKALIKES.contains(&p) => {
            ["AL", "EL"].into_iter().find_map(|article| {
                let slip = |drop: usize| {
                    p.bytes()
                        .enumerate()
                        .filter(|(i, _)| *i != drop)
                        .map(|(_, b)| b)
                        .eq(article.bytes())
                };
                (0..3).any(slip).then_some((article, rest))
            })
        }
        _ => None,
    }
}

/// Tokens of an organisation's name, legal forms in their short form (JOINT STOCK COMPANY
/// → JSC) and flagged like particles. Watchlist snapshots hold only people; this serves
/// the evaluation's organisation pairs.
pub fn tokens_organisation(full: &str) -> Vec<NameToken> {
    let mut out = Vec::new();
    let folded = fold(&join_dotted_initials(full));
    push_tokens(&mut out, &folded, false, Subject::Organisation);
    out
}

/// The ICAO-spelled tokens of a name, when they differ from the plain fold (MÜLLER →
/// MUELLER besides MULLER). Lists are indexed under both.
pub(crate) fn icao_variant(
    surname: Option<&str>,
    given: Option<&str>,
    full: &str,
) -> Option<Vec<NameToken>> {
    let mut out = Vec::new();
    match surname {
        Some(s) => {
            if fold_icao(s) == fold(s) && given.is_none_or(|g| fold_icao(g) == fold(g)) {
                return None;
            }
            push_tokens(&mut out, &fold_icao(s), true, Subject::Person);
            push_tokens(
                &mut out,
                &fold_icao(given.unwrap_or("")),
                false,
                Subject::Person,
            );
        }
        None => {
            let icao = fold_icao(full);
            if icao == fold(full) {
                return None;
            }
            push_tokens(&mut out, &icao, false, Subject::Person);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_spelled_out_are_joined_and_initials_kept() {
        assert_eq!(fold("Z A W A H I R I"), "ZAWAHIRI");
        assert_eq!(fold("Z-A-W-A-H-I-R-I"), "ZAWAHIRI");
        assert_eq!(fold("Z.A.W.A.H.I.R.I."), "ZAWAHIRI");
        assert_eq!(fold("A Y M A N"), "AYMAN", "a whole field of four or more");
        assert_eq!(
            fold("AL Z A W A H I R I"),
            "AL ZAWAHIRI",
            "six or more anywhere"
        );
        assert_eq!(fold("J R R"), "J R R", "three initials alone stay initials");
        assert_eq!(
            fold("AYMAN S I H"),
            "AYMAN S I H",
            "middle-name initials stay"
        );
        assert_eq!(fold("FAOUZI B M B A"), "FAOUZI B M B A");
        assert_eq!(fold("JOHN F"), "JOHN F");
        assert_eq!(fold_surname("A L I"), "ALI", "a surname is never initials");
        assert_eq!(fold_surname("N G"), "N G");
        let split = tokens_split("A-L-I", "H A S S A N");
        let texts: Vec<&str> = split.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts, ["ALI", "HASSAN"]);
    }

    #[test]
    fn symbols_and_invisible_characters_hide_nothing() {
        for hidden in [
            "ZAWA\u{200B}HIRI",
            "ZAWA\u{180E}HIRI",
            "ZAWA\u{200D}HIRI",
            "ZAWA\u{FE0F}HIRI",
            "ZAWA\u{00AD}HIRI",
            "\u{202E}ZAWAHIRI\u{202C}",
            "ZAWA\u{1F600}HIRI",
            "ZAWA\u{1F44D}\u{1F3FD}HIRI",
            "ZAWA\u{2665}HIRI",
            "ZAWA\u{2122}HIRI",
        ] {
            assert_eq!(fold(hidden), "ZAWAHIRI", "{hidden:?}");
        }
        assert_eq!(
            fold("\u{24CF}\u{24B6}\u{24CC}"),
            "ZAW",
            "circled letters are letters"
        );
        assert_eq!(fold_icao("M\u{1F600}ÜLLER"), "MUELLER");
    }

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
        // A name in Han, kana or Hangul is one word per run of syllables.
        assert_eq!(fold("陳 美珠"), "CHEN MEIZHU");
        assert_eq!(fold("김 성훈"), "GIM SEONGHUN");
        assert_eq!(fold("이"), "YI");
        assert_eq!(fold("성민"), "SEONGMIN");
        assert_eq!(fold_as("김정은", true), "GIM JEONG EUN");
        assert_eq!(fold_as("이민호", true), "YI MIN HO");
        assert_eq!(fold_as("김 성훈", true), "GIM SEONGHUN");
        assert_eq!(fold("Li·美珠-Wang"), "LI MEIZHU WANG");
        assert_eq!(fold("ジョン・スミス"), "ZIYON SUMISU");
    }

    #[test]
    fn titles_dropped_particles_flagged_surname_marked() {
        let t = tokens_split("AL ZAWAHIRI", "Dr. Ayman");
        assert_eq!(texts(&t), vec!["AL", "ZAWAHIRI", "AYMAN"]);
        assert!(t[0].particle && t[0].surname && t[1].surname && !t[2].surname);
        assert_eq!(texts(&tokens_full("MR JOHN SMITH")), vec!["JOHN", "SMITH"]);
    }

    #[test]
    fn icao_spelling_and_placeholders() {
        assert_eq!(fold_icao("Müller Øster Straße"), "MUELLER OESTER STRASSE");
        let v = icao_variant(Some("Müller"), Some("Jürgen"), "").expect("differs");
        assert_eq!(texts(&v), vec!["MUELLER", "JUERGEN"]);
        assert!(icao_variant(None, None, "John Smith").is_none());
        assert_eq!(texts(&tokens_split("THOMPSON", "FNU")), vec!["THOMPSON"]);
    }

    #[test]
    fn legal_forms_only_in_organisations_and_repeats() {
        assert_eq!(
            texts(&tokens_organisation("Siemens Aktiengesellschaft")),
            vec!["SIEMENS", "AG"]
        );
        assert_eq!(
            texts(&tokens_organisation("OAO Gazprom")),
            vec!["JSC", "GAZPROM"]
        );
        assert!(
            tokens_organisation("Lloyds Banking Group Public Limited Company")
                .iter()
                .any(|t| t.text == "PLC" && t.particle)
        );
        // In a person's name these are surnames: PAO, Yu Yi stays PAO, and weighs fully.
        let pao = tokens_split("PAO", "Yu Yi");
        assert_eq!(texts(&pao), vec!["PAO", "YU", "YI"]);
        assert!(!pao[0].particle);
        assert!(!tokens_full("Maria Sa").iter().any(|t| t.particle));
        // A repeated name is a name of its own, wherever it stands: VALENZUELA
        // VALENZUELA (both parents' surnames), MATUQ MOHAMMED MATUQ (named after the
        // grandfather), ISSA, Issa Osman. A typo in one of them leaves the other to align,
        // and FLORES/SAMUEL is not all of SAMUEL FLORES FLORES.
        assert_eq!(
            texts(&tokens_split("Valenzuela Valenzuela", "Juan")),
            vec!["VALENZUELA", "VALENZUELA", "JUAN"]
        );
        // The article before a hyphen: assimilated, or slipped by one letter.
        for (raw, expected) in [
            ("AR-RASHID", vec!["AL", "RASHID"]),
            ("as-Sayyid", vec!["AL", "SAYYID"]),
            ("ALL-RAWI", vec!["AL", "RAWI"]),
            ("AHL-TIKRITI", vec!["AL", "TIKRITI"]),
            ("NAL-MOUSSAWI", vec!["AL", "MOUSSAWI"]),
            ("ELL-BAZ", vec!["EL", "BAZ"]),
            ("AL-'ATA", vec!["AL", "ATA"]),
            ("ALI-REZA", vec!["ALI", "REZA"]),
            ("ALA-UDDIN", vec!["ALA", "UDDIN"]),
            ("DEL-RIO", vec!["DEL", "RIO"]),
            ("AR-MOUSSAWI", vec!["AR", "MOUSSAWI"]),
            ("ABD-AL-RAHMAN", vec!["ABD", "AL", "RAHMAN"]),
        ] {
            assert_eq!(texts(&tokens_full(raw)), expected, "{raw}");
        }
        assert_eq!(
            texts(&tokens_full("Matuq Mohammed Matuq")),
            vec!["MATUQ", "MOHAMMED", "MATUQ"]
        );
        assert_eq!(
            texts(&tokens_split("ISSA", "Issa Osman")),
            vec!["ISSA", "ISSA", "OSMAN"]
        );
    }

    #[test]
    fn organisation_numbers_and_dotted_abbreviations() {
        let t = |s: &str| {
            tokens_organisation(s)
                .into_iter()
                .map(|t| t.text)
                .collect::<Vec<_>>()
        };
        assert_eq!(t("Brigade Forty-Four"), t("Brigade 44"));
        assert_eq!(t("Three Percenters"), vec!["3", "PERCENTERS"]);
        assert_eq!(t("First International Bank"), t("1st International Bank"));
        assert_eq!(t("Twenty Twenty Ltd"), vec!["20", "20", "LTD"]);
        assert_eq!(t("Unit 42nd"), vec!["UNIT", "42"]);
        assert_eq!(t("A.B.C. Company"), vec!["ABC", "CO"]);
        assert_eq!(t("U.S.A.Holdings"), vec!["USA", "HOLDINGS"]);
        assert_eq!(t("FABERLIC Sp. z o.o."), vec!["FABERLIC", "SPZOO"]);
        // A lone initial is no abbreviation, and people's names keep their initials.
        assert_eq!(t("J. Smith Trading"), vec!["J", "SMITH", "TRADING"]);
        assert_eq!(
            texts(&tokens_full("J.R.R. Tolkien")),
            vec!["J", "R", "R", "TOLKIEN"]
        );
        assert_eq!(texts(&tokens_full("Forty Four")), vec!["FORTY", "FOUR"]);
    }

    #[test]
    fn fold_is_idempotent() {
        for s in ["Müller-Lüdenscheidt", "AL-QAIDA", "  x  y ", "李小龍"] {
            let once = fold(s);
            assert_eq!(fold(&once), once);
        }
    }
}
