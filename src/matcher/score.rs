//! The name score: how well a traveller's name tokens align with one list name's tokens.
//!
//! Token pairs are compared by [`pair_similarity`] ([`token_similarity`] plus a booking's
//! cut last token; a two-letter particle is no nickname). Adjacent tokens on either side
//! may also align as one when their joined text equals (or is a variant of) a single token
//! on the other side (ABDUL RAHMAN / ABDULRAHMAN, ABD AL RAHMAN / ABDALRAHMAN).
//!
//! [`align`] assigns aligned units greedily, best first, each token used once, and scores
//! `Σ sim·w / (Σ w_aligned + Σ w_unmatched·cost)`, where a token's weight `w` is its length
//! times its rarity in the watchlists (common tokens such as MOHAMMED or ALI weigh less),
//! halved for particles, raised for surnames and lowered for patronymics and a long list
//! name's middle names ([`name_parts`]); unmatched traveller tokens cost more than
//! unmatched list tokens (lists carry extra middle names and aliases) unless both sides
//! kept a name unaligned (one name replaced by another: [`CONFLICT_LIST`]), and unmatched list
//! given names cost least when every traveller token aligned (a booking that leaves out
//! the middle names and patronymic the list records, but keeps the first given name);
//! likewise unmatched traveller given
//! names when the whole list name aligned in two or more agreeing units (a passport middle
//! name the list does not record), except the booking's first given name, and then an
//! unmatched traveller surname beside one that aligned costs in proportion to the booking's unaligned weight over
//! its aligned weight (a stray token costs little, a second family name as heavy as the
//! names that aligned in full). A booking long
//! enough to have been cut may end in a cut token ([`tail_similarity`]).
//!
//! Invariants: the score is in `0.0..=1.0`; a name with no substantive aligned unit (both
//! sides a non-particle token of two or more letters) scores 0; equal token lists score 1.

use super::normalize;
use super::similarity::{
    glued_particle_variant, is_patronymic, may_be_one_edit, tail_similarity, token_similarity,
    token_similarity_by, within_edits, Kind, JOINED_SLIP_MIN_LEN, TOKEN_FLOOR, VARIANT_SIMILARITY,
};
use super::symbols;

/// The lengths at which airline systems cut a name field's surname (a compound surname
/// sent as `ALZAWAHI` or `ABDULRA`): a traveller token of such a length aligns with the
/// run of list tokens it begins ([`joined_units`]).
pub(crate) const CUT_LENGTHS: [usize; 2] = [7, 8];

/// Cost of an unmatched traveller surname token, relative to its weight; when the whole
/// list name aligned, times the booking's unaligned over aligned weight, if below 1
/// ([`Token::covered_query_cost`]).
const EXTRA_QUERY_SURNAME: f64 = 1.0;
/// The least similarity of every aligned unit for an extra booking surname token to cost
/// in proportion ([`add_query_costs`]): a variant or a truncation, not a fuzzy pair.
const CLOSE_UNIT: f64 = 0.9;
/// Cost of an unmatched traveller given-name token.
const EXTRA_QUERY_GIVEN: f64 = 0.4;
/// Cost of an unmatched traveller given-name token when every list token aligned in at
/// least two agreeing units: the booking (from the passport) carries a middle name the
/// list does not record. Mirrors [`MISSING_LIST`], and like it spares the first given
/// name of a booking that marks its surname (left out, it names another person).
pub(crate) const COVERED_QUERY_GIVEN: f64 = 0.10;
/// Cost of an unmatched list surname when every traveller token aligned, and of an
/// unmatched list particle (AL, BIN, VAN …) when some did not. Retrieval bounds use it as
/// the least cost of an unmatched list token the booking does not cover.
pub(crate) const EXTRA_LIST: f64 = 0.25;
/// Cost of an unmatched substantive list token when the traveller also has an unmatched
/// name ([`Token::may_replace`]), or spent its given name on a list surname while none of
/// the list's given names aligned, and of an unmatched list surname when none of the list's
/// surname aligned and the booking's surname went into the list's given names: a name
/// replaced by another (MIR / WALI; ROJAS / FRANCO against ROJAS FRANCO, Jaime; SONG / YAN
/// against JI, Songyan), a different person more often than not.
pub(crate) const CONFLICT_LIST: f64 = 0.75;
/// Cost of an unmatched list given-name token when every traveller token aligned and, if
/// both sides have given names, one of the list's given names (not a patronymic)
/// aligned: the list knows
/// more names than the booking (patronymics and middle names that passports and airline
/// name fields leave out), which is how most listed people travel. A list surname the
/// booking lacks keeps [`EXTRA_LIST`], as do the list's given names when the booking's
/// given name matched none of them (ROJAS/FRANCO against ROJAS FRANCO, Jaime), and so
/// does the list's first given name when the booking has given names of its own:
/// passports and bookings carry the first given name, so ROJAS/ALBERTO against ROJAS
/// FRANCO, Jaime Alberto leaves JAIME out rather than missing.
pub(crate) const MISSING_LIST: f64 = 0.10;
/// Similarity a unit loses when it pairs a surname with a given name: a booking whose
/// surname and given names were swapped is common enough to match (JOHN/SMITH against
/// SMITH, John scores 0.95), but a clean traveller whose surname is a listed person's
/// given name and whose given name is near that person's surname (SERGEEV/MIKHAIL
/// against MIKHAILOV, Sergey; NASSAR/IBRAHIM against IBRAHIM, Yassar) is far more common
/// than a swap with a typo on top.
pub(crate) const SWAPPED_COST: f64 = 0.05;
/// Weight factor of particles (AL, BIN, VAN, …).
const PARTICLE_WEIGHT: f64 = 0.5;
/// Weight factor of surname tokens.
pub(crate) const SURNAME_WEIGHT: f64 = 1.25;
/// Weight factor of East Slavic patronymics (VLADIMIROVICH, VIKTOROVNA): derived from the
/// father's (common) given name, printed on domestic documents and in lists but not on
/// passports, so present on one side as often as not.
const PATRONYMIC_WEIGHT: f64 = 0.3;
/// Weight factor of a long list name's middle names ([`name_parts`]).
pub(crate) const MIDDLE_WEIGHT: f64 = 0.35;
/// Given names a list name needs, beyond its first, for the others to be middle names.
pub(crate) const MIDDLE_MIN_GIVEN: usize = 3;

/// The part a list token plays in a long name ([`name_parts`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum NamePart {
    /// Any token of a short name, the first given name, a marked surname.
    #[default]
    Whole,
    /// A middle name: weighs [`MIDDLE_WEIGHT`].
    Middle,
    /// The last token of a long name without marked surnames: the family name as far as
    /// anyone can tell, so a booking that leaves it out does not pay the cheap
    /// [`MISSING_LIST`] cost of a left-out given name.
    Family,
}

/// The parts of a list name's tokens (each `(surname, substantive)`): with
/// [`MIDDLE_MIN_GIVEN`] or more substantive given names, every one after the first is a
/// middle name (the father's and grandfather's names of `BAKR, Osama Abdelmongy Abdalla`,
/// second and third names); in a name without marked surnames and of four or more
/// substantive tokens, those between the first and the last are, and the last is the
/// family name (`NOOR BARZAN IBRAHIM HASAN AL-TIKRITI`). Lists record middle names,
/// bookings and passports often do not, and each left out costs its weight: at full
/// weight, two or three missing names outweighed a matched surname and given name.
pub(crate) fn name_parts(tokens: &[(bool, bool)]) -> Vec<NamePart> {
    let mut out = vec![NamePart::Whole; tokens.len()];
    let marked = tokens.iter().any(|(surname, _)| *surname);
    let given: Vec<usize> = (0..tokens.len())
        .filter(|&i| tokens.get(i).is_some_and(|(s, sub)| !s && *sub))
        .collect();
    let middles = if marked {
        if given.len() < MIDDLE_MIN_GIVEN {
            return out;
        }
        given.get(1..).unwrap_or(&[])
    } else {
        if given.len() < MIDDLE_MIN_GIVEN + 1 {
            return out;
        }
        if let Some(p) = given.last().and_then(|&i| out.get_mut(i)) {
            *p = NamePart::Family;
        }
        given.get(1..given.len() - 1).unwrap_or(&[])
    };
    for &i in middles {
        if let Some(p) = out.get_mut(i) {
            *p = NamePart::Middle;
        }
    }
    out
}

/// One token to align.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Token<'a> {
    pub(crate) text: &'a str,
    pub(crate) surname: bool,
    pub(crate) particle: bool,
    /// 0.35..=1.0: how rare the token is in the watchlists (1 = rare).
    pub(crate) rarity: f64,
    /// The last token of a booking's name long enough to have been cut there (traveller
    /// side only): it also pairs with list tokens it begins ([`tail_similarity`]).
    pub(crate) tail: bool,
    /// The token's part in a long list name ([`name_parts`]; list side only).
    pub(crate) part: NamePart,
}

impl Token<'_> {
    /// Cost factor when this traveller-side token stays unaligned.
    pub(crate) fn unmatched_query_cost(&self) -> f64 {
        if self.surname {
            EXTRA_QUERY_SURNAME
        } else {
            EXTRA_QUERY_GIVEN
        }
    }

    /// Cost factor when this traveller-side token stays unaligned but the whole list name
    /// aligned (in two or more agreeing units): a given name costs [`COVERED_QUERY_GIVEN`],
    /// a surname [`EXTRA_QUERY_SURNAME`] times `unexplained` (capped at 1): the booking's
    /// unaligned weight over its aligned weight when another of its surname tokens aligned,
    /// else 1 (see [`add_query_costs`]). Retrieval passes the token's own weight over the
    /// rest of the booking's, the least that ratio can be when the token stays unaligned
    /// (1 when the booking has no other substantive surname token).
    pub(crate) fn covered_query_cost(&self, unexplained: f64) -> f64 {
        if self.surname {
            EXTRA_QUERY_SURNAME * unexplained.clamp(0.0, 1.0)
        } else {
            COVERED_QUERY_GIVEN
        }
    }

    pub(crate) fn substantive(&self) -> bool {
        !self.particle && self.text.len() >= 2
    }

    /// Whether this list token, aligned, is one of the list's given names matched: not a
    /// surname, an initial or a patronymic (the father's name).
    fn names_given(&self) -> bool {
        !self.surname && self.text.len() >= 2 && !is_patronymic(self.text)
    }

    /// [`Self::names_given`] and no particle: a given name proper (JAIME, not ABU of ABU
    /// BAKR).
    fn given_name(&self) -> bool {
        self.names_given() && !self.particle
    }

    /// Whether this traveller token, left unaligned, can stand for a list name replaced by
    /// another ([`CONFLICT_LIST`]): a name of three or more letters, not a joining
    /// particle (BIN, VAN; ABDUL and ABU head names) and not a possibly cut last token
    /// (JOSE LU of JOSE LUIS).
    pub(crate) fn may_replace(&self) -> bool {
        (!self.particle || normalize::heads_name(self.text)) && self.text.len() >= 3 && !self.tail
    }

    /// [`Self::weight`] as if the token were no middle name (≥ its weight).
    pub(crate) fn full_weight(&self) -> f64 {
        Token {
            part: NamePart::Whole,
            ..*self
        }
        .weight()
    }

    /// The token's weight in the name score: length × rarity, halved for particles,
    /// raised for surnames, lowered for patronymics among the given names and for middle
    /// names.
    pub(crate) fn weight(&self) -> f64 {
        let mut w = self.text.len() as f64 * self.rarity;
        if self.particle {
            w *= PARTICLE_WEIGHT;
        }
        if self.surname {
            w *= SURNAME_WEIGHT;
        } else if is_patronymic(self.text) {
            w *= PATRONYMIC_WEIGHT;
        } else if self.part == NamePart::Middle {
            w *= MIDDLE_WEIGHT;
        }
        w
    }
}

/// Similarity of traveller token `query` with list token `list`: [`token_similarity`],
/// raised by [`tail_similarity`] for a possibly cut last token. A two-letter particle is
/// no nickname of a name (AL of AL-LAMI is not ALEXANDER; BEN may be BENJAMIN), and a
/// particle pairs with a name by spelling, not by sound.
pub(crate) fn pair_similarity(query: &Token, list: &Token) -> (f64, Kind) {
    // Particles pair by spelling only: a sound-alike partner may be any length (doubled
    // letters fold to one), which the retrieval bound for tokens without a row excludes.
    let by_sound = !(query.particle || list.particle);
    let mut plain = token_similarity_by(query.text, list.text, None, by_sound);
    let particle = match (query.particle, list.particle) {
        (true, false) => Some(query),
        (false, true) => Some(list),
        _ => None,
    };
    if plain.1 == Kind::Nickname && particle.is_some_and(|p| p.text.len() <= 2) {
        plain = (0.0, Kind::Fuzzy);
    }
    match query
        .tail
        .then(|| tail_similarity(query.text, list.text))
        .flatten()
    {
        Some(cut) if cut.0 > plain.0 => cut,
        _ => plain,
    }
}

/// One aligned unit: one or more adjacent traveller tokens with one or more adjacent list
/// tokens (more than one on a side only for [`Kind::Joined`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    pub query: std::ops::Range<usize>,
    pub list: std::ops::Range<usize>,
    pub similarity: f64,
    pub kind: Kind,
}

/// The result of aligning two names.
#[derive(Debug, Clone, PartialEq)]
pub struct Alignment {
    pub score: f64,
    pub units: Vec<Unit>,
    pub query_used: Vec<bool>,
    pub list_used: Vec<bool>,
    /// Units where both sides are substantive tokens ("agreeing tokens").
    pub agreeing: usize,
}

/// Which sides' joined runs [`align_score`] tries: a caller that knows no joined unit can
/// form on one side (see `Snapshot::candidates`) skips it; [`align`] tries both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Joins {
    /// Runs of traveller tokens against single list tokens.
    pub(crate) query: bool,
    /// Runs of list tokens against single traveller tokens.
    pub(crate) list: bool,
}

impl Joins {
    pub(crate) const ALL: Joins = Joins {
        query: true,
        list: true,
    };
}

/// Reusable buffers for [`align_score`], so that scoring many candidates for one traveller
/// allocates only while the buffers grow.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    units: Vec<Unit>,
    chosen: Vec<usize>,
    query_used: Vec<bool>,
    list_used: Vec<bool>,
    joined: String,
}

/// Aligns `query` (traveller) with `list` tokens. `similarity(qi, li)` returns the pair
/// similarity of single tokens (callers may serve it from a cache).
pub(crate) fn align(
    query: &[Token],
    list: &[Token],
    similarity: impl FnMut(usize, usize) -> (f64, Kind),
) -> Alignment {
    let mut scratch = Scratch::default();
    let (score, agreeing) = align_score(query, list, similarity, Joins::ALL, &mut scratch);
    let Scratch {
        units,
        chosen,
        query_used,
        list_used,
        ..
    } = scratch;
    // `chosen` holds indices into the sorted units, ascending: best first.
    let units = chosen
        .iter()
        .filter_map(|i| units.get(*i).cloned())
        .collect();
    Alignment {
        score,
        units,
        query_used,
        list_used,
        agreeing,
    }
}

/// [`align`]'s score and agreeing-unit count, computed in `scratch` (no allocation once
/// the buffers have grown); the chosen units stay in the scratch until the next call.
pub(crate) fn align_score(
    query: &[Token],
    list: &[Token],
    similarity: impl FnMut(usize, usize) -> (f64, Kind),
    joins: Joins,
    scratch: &mut Scratch,
) -> (f64, usize) {
    let Scratch {
        units,
        chosen,
        query_used,
        list_used,
        joined,
    } = scratch;
    candidate_units(query, list, similarity, joins, units, joined);
    choose_units(
        units,
        chosen,
        query_used,
        list_used,
        query.len(),
        list.len(),
    );
    let tally = tally_units(query, list, units, chosen);
    let mut den = tally.den;
    add_query_costs(query, query_used, list_used, &tally, &mut den);
    add_list_costs(query, list, query_used, list_used, &tally, &mut den);
    let score = if tally.agreeing == 0 || den <= 0.0 {
        0.0
    } else {
        (tally.num / den).clamp(0.0, 1.0)
    };
    (score, tally.agreeing)
}

/// Every unit that can form, into `units`, best first: single token pairs at or above the
/// floor, then joined runs on the sides `joins` allows.
#[inline]
fn candidate_units(
    query: &[Token],
    list: &[Token],
    mut similarity: impl FnMut(usize, usize) -> (f64, Kind),
    joins: Joins,
    units: &mut Vec<Unit>,
    joined: &mut String,
) {
    units.clear();
    for qi in 0..query.len() {
        for li in 0..list.len() {
            let (s, kind) = similarity(qi, li);
            if s >= TOKEN_FLOOR {
                units.push(Unit {
                    query: qi..qi + 1,
                    list: li..li + 1,
                    similarity: s,
                    kind,
                });
            }
        }
    }
    if joins.query {
        joined_units(query, list, false, units, joined);
    }
    if joins.list {
        joined_units(list, query, true, units, joined);
    }
    units.sort_by(|a, b| {
        b.similarity
            .total_cmp(&a.similarity)
            .then((b.query.len() + b.list.len()).cmp(&(a.query.len() + a.list.len())))
            .then(a.query.start.cmp(&b.query.start))
            .then(a.list.start.cmp(&b.list.start))
    });
}

/// The greedy assignment: each unit, best first, is chosen (its index into `units` pushed
/// to `chosen`) when none of its tokens is used yet; `query_used` and `list_used` say
/// which tokens the chosen units took.
#[inline]
fn choose_units(
    units: &[Unit],
    chosen: &mut Vec<usize>,
    query_used: &mut Vec<bool>,
    list_used: &mut Vec<bool>,
    query_len: usize,
    list_len: usize,
) {
    chosen.clear();
    query_used.clear();
    query_used.resize(query_len, false);
    list_used.clear();
    list_used.resize(list_len, false);
    for (i, u) in units.iter().enumerate() {
        let free = |used: &[bool], r: &std::ops::Range<usize>| {
            used.get(r.clone()).is_some_and(|s| s.iter().all(|x| !*x))
        };
        if !free(query_used, &u.query) || !free(list_used, &u.list) {
            continue;
        }
        for x in query_used.get_mut(u.query.clone()).into_iter().flatten() {
            *x = true;
        }
        for x in list_used.get_mut(u.list.clone()).into_iter().flatten() {
            *x = true;
        }
        chosen.push(i);
    }
}

/// What the chosen units add up to (`Σ sim·w` and `Σ w`), how many agree, and how they
/// paired surnames and given names, for the costs of the tokens left unaligned.
struct Tally {
    num: f64,
    den: f64,
    agreeing: usize,
    /// The lowest similarity of a unit (1.0 without units).
    weakest: f64,
    /// A list surname aligned.
    list_surname_aligned: bool,
    /// A booking surname went into list given names only.
    surname_into_given: bool,
    /// List surnames took a booking surname …
    surname_to_surname: bool,
    /// … and a booking given name.
    given_to_surname: bool,
    /// Both names say which of their tokens are surnames (a crossed unit costs
    /// [`SWAPPED_COST`]).
    roles: bool,
    list_marks_surname: bool,
    booking_has_given: bool,
    booking_marks_surname: bool,
}

/// Sums the chosen units (in `chosen` order) into a [`Tally`].
#[inline]
fn tally_units(query: &[Token], list: &[Token], units: &[Unit], chosen: &[usize]) -> Tally {
    let (mut num, mut den, mut agreeing) = (0.0, 0.0, 0);
    let mut weakest: f64 = 1.0;
    // How the units paired surnames and given names, for the replacement costs below:
    // whether a list surname aligned, a booking surname went into list given names only,
    // and list surnames took a booking surname and a booking given name.
    let (mut list_surname_aligned, mut surname_into_given) = (false, false);
    let (mut surname_to_surname, mut given_to_surname) = (false, false);
    // Both names say which of their tokens are surnames: a unit pairing a surname with a
    // given name (a booking with its fields swapped) costs SWAPPED_COST.
    let list_marks_surname = list.iter().any(|t| t.surname);
    let booking_has_given = query.iter().any(|t| !t.surname);
    let booking_marks_surname = query.iter().any(|t| t.surname);
    let roles = list_marks_surname
        && booking_has_given
        && booking_marks_surname
        && list.iter().any(|t| !t.surname);
    for u in chosen.iter().filter_map(|i| units.get(*i)) {
        let (q, l) = (
            query.get(u.query.clone()).unwrap_or(&[]),
            list.get(u.list.clone()).unwrap_or(&[]),
        );
        let w: f64 = q.iter().chain(l).map(Token::weight).sum();
        let all = |ts: &[Token], surname: bool| ts.iter().all(|t| t.surname == surname);
        let (q_surname, q_given) = (all(q, true), all(q, false));
        let (l_surname, l_given) = (all(l, true), all(l, false));
        let crossed = roles && ((q_surname && l_given) || (q_given && l_surname));
        let sim = if crossed {
            u.similarity - SWAPPED_COST
        } else {
            u.similarity
        };
        num += sim * w;
        den += w;
        weakest = weakest.min(u.similarity);
        list_surname_aligned |= !l_given;
        surname_into_given |= !q_given && l_given;
        surname_to_surname |= l_surname && q_surname;
        given_to_surname |= l_surname && q_given;
        let subst = |ts: &[Token]| ts.iter().any(Token::substantive);
        if subst(q) && subst(l) && u.kind != Kind::Initial {
            agreeing += 1;
        }
    }
    Tally {
        num,
        den,
        agreeing,
        weakest,
        list_surname_aligned,
        surname_into_given,
        surname_to_surname,
        given_to_surname,
        roles,
        list_marks_surname,
        booking_has_given,
        booking_marks_surname,
    }
}

/// Adds to `den` the cost of each traveller token left unaligned: its covered cost when
/// the whole list name aligned in two or more agreeing units (for a surname beside one
/// that aligned, in proportion to the booking's unaligned weight over its aligned weight,
/// at most in full), its full cost otherwise.
#[inline]
fn add_query_costs(
    query: &[Token],
    query_used: &[bool],
    list_used: &[bool],
    tally: &Tally,
    den: &mut f64,
) {
    let list_aligned = tally.agreeing >= 2 && list_used.iter().all(|u| *u);
    // The booking's first given name, when the booking marks its surname: passports and
    // bookings carry it first, so left out while a later given name aligned (NABIL
    // MOHAMED against MOHAMMED), it names another person, not a middle name the list
    // lacks.
    let query_first_given = tally
        .booking_marks_surname
        .then(|| first_given_token(query, Token::substantive))
        .flatten();
    // How much the booking adds to what the list name explains: its unaligned weight over
    // its aligned weight. Once the whole list name aligned, extra surname tokens beside
    // one that aligned cost in proportion to it, so a stray token beside a listed name
    // costs little, while a second family name as heavy as the names that aligned
    // (ZERFAOUI PETERSEN / AHMAD against ZERFAOUI, Ahmad) costs in full.
    // Only beside a booking surname that aligned: a booking surname none of which aligned
    // names another family; and only when every unit aligned closely (a fuzzy pair such
    // as QAHTANI / HAITANI leaves doubt the extra token must not be excused from).
    let surname_aligned = query
        .iter()
        .zip(query_used.iter())
        .any(|(t, used)| *used && t.surname && t.substantive());
    let unexplained = if list_aligned && surname_aligned && tally.weakest >= CLOSE_UNIT {
        let (mut aligned, mut unaligned) = (0.0, 0.0);
        for (t, used) in query.iter().zip(query_used.iter()) {
            if *used {
                aligned += t.weight();
            } else {
                unaligned += t.weight();
            }
        }
        if aligned > 0.0 {
            unaligned / aligned
        } else {
            1.0
        }
    } else {
        1.0
    };
    for (i, (t, used)) in query.iter().zip(query_used.iter()).enumerate() {
        if !used {
            let cost = if list_aligned && query_first_given != Some(i) {
                t.covered_query_cost(unexplained)
            } else {
                t.unmatched_query_cost()
            };
            *den += 2.0 * cost * t.weight();
        }
    }
}

/// Adds to `den` the cost of each list token left unaligned: missing (a name the booking
/// leaves out), extra, or replaced by another name ([`CONFLICT_LIST`]).
#[inline]
fn add_list_costs(
    query: &[Token],
    list: &[Token],
    query_used: &[bool],
    list_used: &[bool],
    tally: &Tally,
    den: &mut f64,
) {
    let booking_aligned = query_used.iter().all(|u| *u)
        && (list
            .iter()
            .zip(list_used.iter())
            .any(|(t, used)| *used && t.names_given())
            || list.iter().all(|t| t.surname)
            || query.iter().all(|t| t.surname));
    let replaced = query
        .iter()
        .zip(query_used.iter())
        .any(|(t, used)| !used && t.may_replace())
        || given_taken_by_surnames(
            list,
            list_used,
            tally.surname_to_surname && tally.given_to_surname,
        );
    // The list's first given name, when either side marks its surname and the booking has
    // a given name (an unmarked list name starts with it: Hany Elsayed Youssef): left
    // out, it costs as an unmatched token, not as a missing one.
    let first_given = (tally.booking_has_given
        && (tally.list_marks_surname || tally.booking_marks_surname))
        .then(|| first_given_token(list, Token::given_name))
        .flatten();
    // The list's surname left out while the booking's surname went into the list's given
    // names (SONG/YAN against JI, Songyan; GAO/BIN against NI, Gaobin): the booking names
    // someone of another family, so the list's surname counts as replaced.
    let surname_lost = tally.roles && !tally.list_surname_aligned && tally.surname_into_given;
    for (i, (t, used)) in list.iter().zip(list_used.iter()).enumerate() {
        if !used {
            let cost = if surname_lost && t.surname {
                CONFLICT_LIST
            } else if booking_aligned
                && !t.surname
                && t.part != NamePart::Family
                && first_given != Some(i)
            {
                MISSING_LIST
            } else if replaced && t.substantive() {
                // A replaced name counts in full, middle or not.
                *den += 2.0 * CONFLICT_LIST * t.full_weight();
                continue;
            } else {
                EXTRA_LIST
            };
            *den += 2.0 * cost * t.weight();
        }
    }
}

/// The first token after the surnames, if it is `kind` of name: a name's first given name.
fn first_given_token<'a>(tokens: &[Token<'a>], kind: fn(&Token<'a>) -> bool) -> Option<usize> {
    tokens
        .iter()
        .position(|t| !t.surname)
        .filter(|&i| tokens.get(i).is_some_and(kind))
}

/// Whether the list's surnames took the booking's surname and given name alike
/// (`surnames_took_both`, from the units) while none of the list's given names aligned:
/// RODRIGUEZ / OLIVIA against RODRIGUEZ OLIVERA, Luis spends the booking's given name on
/// the list's second surname, so LUIS was replaced, not left out.
fn given_taken_by_surnames(list: &[Token], list_used: &[bool], surnames_took_both: bool) -> bool {
    surnames_took_both
        && list.iter().any(Token::given_name)
        && !list
            .iter()
            .zip(list_used)
            .any(|(t, used)| *used && t.given_name())
}

/// Whether `cut`, a traveller token of one of the lengths at which airline systems cut
/// names ([`CUT_LENGTHS`]), is a cut of the joined run `joined` of list tokens that ends
/// inside its last token (of `last_len` letters): the run's earlier tokens wholly, and
/// part of the last one.
fn cut_inside_last(cut: &str, joined: &str, last_len: usize) -> bool {
    CUT_LENGTHS.contains(&cut.len())
        && cut.len() + last_len > joined.len()
        && cut.len() < joined.len()
        && joined.starts_with(cut)
}

/// Units where 2 or 3 adjacent tokens of `many` joined equal (or are a variant of) one
/// token of `one`, or, on the list side, are one slip away from it or were cut to it
/// ([`cut_inside_last`]). `swapped` says `many` is the list side.
fn joined_units(
    many: &[Token],
    one: &[Token],
    swapped: bool,
    out: &mut Vec<Unit>,
    joined: &mut String,
) {
    // Symbol groups of `one`'s tokens, looked up once and only if a joined run has any.
    let mut one_groups: Vec<Option<&symbols::Groups>> = Vec::new();
    for start in 0..many.len() {
        joined.clear();
        joined.push_str(many[start].text);
        for (end, next) in many.iter().enumerate().take(start + 3).skip(start + 1) {
            joined.push_str(next.text);
            let joined_groups = symbols::groups(joined);
            if joined_groups.is_some() && one_groups.is_empty() {
                one_groups = one.iter().map(|o| symbols::groups(o.text)).collect();
            }
            for (oi, o) in one.iter().enumerate() {
                let related = match (joined_groups, one_groups.get(oi).copied().flatten()) {
                    (Some(j), Some(g)) => j.relation(g).is_some(),
                    _ => false,
                };
                let s = if o.text == joined {
                    1.0
                } else if related || glued_particle_variant(joined, o.text) {
                    VARIANT_SIMILARITY
                } else if swapped && cut_inside_last(o.text, joined, next.text.len()) {
                    // A compound surname cut by the airline (ALZAWAHI of AL ZAWAHIRI,
                    // ABDULRA of ABDUL RAHMAN): a truncation of the joined run, as
                    // retrieval finds it among the tokens the cut begins.
                    match token_similarity(o.text, joined, None) {
                        (s, Kind::Truncation) if s >= TOKEN_FLOOR => s,
                        _ => continue,
                    }
                } else if swapped
                    && o.text.len() >= JOINED_SLIP_MIN_LEN
                    && may_be_one_edit(joined, o.text)
                {
                    // One slip against a joined run of list tokens (FRIDRICHBUCHENBERG /
                    // FRIEDRICH BUCHENBERG); list runs are indexed, so retrieval finds it.
                    match token_similarity(joined, o.text, None) {
                        (s, Kind::Fuzzy | Kind::Phonetic)
                            if s >= TOKEN_FLOOR && within_edits(joined, o.text, 1) =>
                        {
                            s
                        }
                        _ => continue,
                    }
                } else {
                    continue;
                };
                let (query, list) = if swapped {
                    (oi..oi + 1, start..end + 1)
                } else {
                    (start..end + 1, oi..oi + 1)
                };
                out.push(Unit {
                    query,
                    list,
                    similarity: s,
                    kind: Kind::Joined,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests;
