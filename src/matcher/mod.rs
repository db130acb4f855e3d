//! Fuzzy matching of travellers against a watchlist snapshot.
//!
//! The matcher is pure and synchronous: given a [`Traveller`] and an immutable
//! [`Snapshot`] it returns scored, explained [`Match`]es. It knows nothing about Kafka or
//! tokio; [`crate::pipeline`] runs it on rayon, off the async threads.
//!
//! How a traveller is screened:
//! 1. Both sides are normalised into tokens ([`normalize`]); list names are also indexed in
//!    their ICAO spelling (MÜLLER → MULLER and MUELLER); surnames are marked where known.
//! 2. Retrieval: for each traveller token, every dictionary token that can align with it
//!    (similarity ≥ [`score::TOKEN_FLOOR`]) is found: exact, symbol-table relatives,
//!    truncations, and Jaro-Winkler through a character-count bound that provably keeps
//!    every pair that can reach the floor ([`Snapshot::similar_tokens`]). Joined runs of
//!    2-3 tokens are looked up on both sides. The names posted under those tokens are the
//!    candidates; a name outside them has no substantive aligned unit and scores 0, so
//!    retrieval loses nothing relative to scoring every name.
//! 3. Each candidate is aligned and scored ([`score::align`]); the best name per entry wins.
//! 4. DOB, nationality, gender and document evidence ([`evidence`]) are reported separately
//!    and move the score by the documented [`Weights`]; a [`Band`] is assigned.
//!
//! Invariants: scores are in `0.0..=1.0`; the snapshot is immutable after `build` except
//! for a bounded cache of per-token retrieval results.

mod config;
pub mod dictionary;
pub mod evidence;
pub mod normalize;
pub mod score;
pub mod symbols;

pub use config::{MatcherConfig, RawMatcher};
use foldhash::{HashMap, HashMapExt};
use std::sync::{Arc, RwLock};

use serde::Serialize;

use crate::pnr::model::Traveller;
use crate::watchlist::{NameQuality, Watchlist};
use evidence::{Feature, Outcome};
use normalize::NameToken;
use score::{Kind, Token, TOKEN_FLOOR};

/// How evidence moves the name score and where the bands lie. Documented in the README;
/// copied into each alert.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Weights {
    #[serde(default = "w_dob_match")]
    pub dob_match: f64,
    #[serde(default = "w_dob_mismatch")]
    pub dob_mismatch: f64,
    #[serde(default = "w_nationality_match")]
    pub nationality_match: f64,
    #[serde(default = "w_nationality_mismatch")]
    pub nationality_mismatch: f64,
    #[serde(default = "w_gender_mismatch")]
    pub gender_mismatch: f64,
    /// Weak aliases (OFAC quoted a.k.a., UN "Low") have their name score multiplied by this.
    #[serde(default = "w_weak_alias")]
    pub weak_alias_factor: f64,
    /// Floor applied to the score when a travel document matches.
    #[serde(default = "w_document_match")]
    pub document_match_floor: f64,
    /// Years of tolerance around a list's approximate ("circa") year of birth.
    #[serde(default = "w_circa_years")]
    pub circa_years: i32,
    /// Score at or above which a hit with two agreeing tokens or a matching DOB is `strong`.
    #[serde(default = "w_strong")]
    pub strong_threshold: f64,
}

const fn w_dob_match() -> f64 {
    0.05
}
const fn w_dob_mismatch() -> f64 {
    -0.15
}
const fn w_nationality_match() -> f64 {
    0.02
}
const fn w_nationality_mismatch() -> f64 {
    -0.05
}
const fn w_gender_mismatch() -> f64 {
    -0.10
}
const fn w_weak_alias() -> f64 {
    0.95
}
const fn w_document_match() -> f64 {
    0.98
}
const fn w_circa_years() -> i32 {
    2
}
const fn w_strong() -> f64 {
    0.95
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            dob_match: w_dob_match(),
            dob_mismatch: w_dob_mismatch(),
            nationality_match: w_nationality_match(),
            nationality_mismatch: w_nationality_mismatch(),
            gender_mismatch: w_gender_mismatch(),
            weak_alias_factor: w_weak_alias(),
            document_match_floor: w_document_match(),
            circa_years: w_circa_years(),
            strong_threshold: w_strong(),
        }
    }
}

/// Matcher settings taken from the configuration.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    pub weights: Weights,
    /// At most this many matches are reported per traveller (best first).
    pub max_matches: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            weights: Weights::default(),
            max_matches: 10,
        }
    }
}

/// How strong a hit is for the reviewing analyst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    /// A document match, or a score at or above `strong_threshold` with two agreeing
    /// tokens or a matching date of birth.
    Strong,
    /// At or above the list's threshold otherwise.
    Possible,
}

/// One aligned unit, for the explanation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TokenPair {
    pub traveller: String,
    pub list: String,
    pub similarity: f64,
    pub kind: Kind,
}

/// The name comparison behind a match.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NameEvidence {
    pub result: Outcome,
    pub score: f64,
    /// The traveller's name as normalised.
    pub traveller: String,
    /// The list name that scored best, as normalised.
    pub list: String,
    pub pairs: Vec<TokenPair>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unmatched_traveller_tokens: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unmatched_list_tokens: Vec<String>,
}

/// A scored match of one traveller against one list entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Match {
    /// Index into [`Snapshot::lists`].
    #[serde(skip)]
    pub list: usize,
    /// Index into that list's entries.
    #[serde(skip)]
    pub entry: usize,
    /// Index into the entry's names.
    #[serde(skip)]
    pub name: usize,
    pub score: f64,
    pub band: Band,
    pub name_evidence: NameEvidence,
    pub date_of_birth: Feature,
    pub nationality: Feature,
    pub gender: Feature,
    pub document: Feature,
}

#[derive(Debug, Clone, Copy)]
struct TokenRef {
    id: u32,
    surname: bool,
    particle: bool,
    /// Its part in a long name ([`score::name_parts`]).
    part: score::NamePart,
}

#[derive(Debug)]
struct PreparedName {
    list: u16,
    entry: u32,
    name: u16,
    quality: NameQuality,
    tokens: Vec<TokenRef>,
    /// Σ of the tokens' weights (set after the dictionary's rarities are known).
    weight: f64,
}

/// [`score::name_parts`] of a list name's tokens: a `person`'s only (an organisation's
/// name is kept whole).
fn name_parts(tokens: &[NameToken], person: bool) -> Vec<score::NamePart> {
    if !person {
        return vec![score::NamePart::Whole; tokens.len()];
    }
    let flags: Vec<(bool, bool)> = tokens
        .iter()
        .map(|t| (t.surname, t.substantive()))
        .collect();
    score::name_parts(&flags)
}

/// Characters are counted in 32 bins (A-Z, digits folded into 6): merging bins only
/// raises the bound, so it stays an upper bound on matching characters.
type Histogram = [u8; 32];

fn histogram(token: &str) -> Histogram {
    let mut h = [0u8; 32];
    for b in token.bytes() {
        let bin = match b {
            b'A'..=b'Z' => usize::from(b - b'A'),
            b'0'..=b'9' => 26 + usize::from(b - b'0') % 6,
            _ => 31,
        };
        h[bin] = h[bin].saturating_add(1);
    }
    h
}

/// The first four bytes (zero-padded), compared as one integer.
fn prefix4(token: &str) -> u32 {
    let mut p = [0u8; 4];
    for (i, b) in token.bytes().take(4).enumerate() {
        p[i] = b;
    }
    u32::from_le_bytes(p)
}

/// Dictionary tokens of one length, with what the fuzzy scan's filter reads.
#[derive(Debug, Default)]
struct LengthBucket {
    ids: Vec<u32>,
    keys: Vec<(Histogram, u32)>,
}

/// Retrieval result of one traveller token.
#[derive(Debug)]
pub struct RowData {
    /// Dictionary ids (sorted) whose similarity reaches the floor, with that similarity.
    pairs: Vec<(u32, f64, Kind)>,
    /// Per pair, for the retrieval bound: the most similarity a unit through that id can
    /// score, and the most its list side can weigh.
    bounds: Vec<(f64, f64)>,
    /// The largest weight any of those tokens can carry in a list name (for the bound).
    max_weight: f64,
    /// How many names are posted under those tokens (the cost of enumerating them).
    volume: usize,
}

type Row = Arc<RowData>;

impl RowData {
    fn similarity(&self, id: u32) -> (f64, Kind) {
        match self.pairs.binary_search_by_key(&id, |(id, _, _)| *id) {
            Ok(i) => self
                .pairs
                .get(i)
                .map_or((0.0, Kind::Fuzzy), |(_, s, k)| (*s, *k)),
            Err(_) => (0.0, Kind::Fuzzy),
        }
    }

    /// Dictionary ids in the row.
    pub fn ids(&self) -> impl Iterator<Item = u32> + '_ {
        self.pairs.iter().map(|(id, _, _)| *id)
    }
}

/// Per-thread scratch for candidate enumeration: "seen" flags per indexed name, reset after
/// each traveller through the list of touched names (so a traveller costs O(postings)).
/// Also, per dictionary id, where the traveller's row entries for it start in `entries`
/// (+1; 0 = in no row), so probing a name's posted ids is one array read each.
#[derive(Default)]
struct ProbeScratch {
    /// Per name: bit 0 set once reached by the heavy rows; bit k + 1 once reached by the
    /// k-th covering row, or by a heavy entry that covers it.
    seen: Vec<u8>,
    touched: Vec<u32>,
    slot: Vec<u32>,
    /// One bit per dictionary id: set iff `slot` is (a cache-resident first check).
    in_rows: Vec<u64>,
    /// (id, traveller token, similarity bound, list weight bound), grouped by id.
    entries: Vec<(u32, usize, f64, f64)>,
    /// Per traveller token, its best gains under the probed name (see `Probe`), and the
    /// most its unit's list side can weigh there.
    best: Vec<Option<[f64; 4]>>,
}

/// The per-name retrieval test's parts for one name at one threshold t (see
/// `Snapshot::candidates`): the necessary margin without the name's unaligned tokens, the
/// margins before their `−t·u·L` term at u = 2·EXTRA_LIST and at u = 2·MISSING_LIST, the
/// weight of traveller tokens that can reach the name and the cost of those that cannot,
/// and whether a list-side joined unit can form; then the same necessary margin and cost
/// when the whole list name aligns (unaligned given names at their covered cost), how many
/// tokens with a row reach the name, and the most their units' list sides can weigh.
#[derive(Debug, Clone, Copy)]
struct Probe {
    tight: f64,
    margin: f64,
    margin_missing: f64,
    reached: f64,
    missed: f64,
    list_joins: bool,
    tight_covered: f64,
    missed_covered: f64,
    reached_rows: usize,
    list_side: f64,
}

/// A covering row is scanned when its postings number at most this many times the names
/// enumerated: a posting is a sequential read and a flag update in a byte per name (1.2 MB
/// at a million names, within L2 on the benchmark machine); a probe is a few misses in far
/// larger arrays. On the 1M bench a budget of 1000 beat 32 in every run (probing 277
/// instead of 395 names per traveller); 256 caps the worst case.
const SCAN_PER_PROBE: usize = 256;

/// The most a unit of similarity at most `s` for a traveller token of weight `w`, whose
/// list side weighs at most `p`, adds to `Σ (sᵤ − t)·Wᵤ` (list side x = p if s ≥ t, else
/// none).
fn tight_gain(s: f64, t: f64, w: f64, p: f64) -> f64 {
    (s - t) * (w + if s >= t { p } else { 0.0 })
}

thread_local! {
    static PROBE: std::cell::RefCell<ProbeScratch> = std::cell::RefCell::new(ProbeScratch::default());
}

/// Bound on cached retrieval rows per snapshot.
const ROW_CACHE_CAPACITY: usize = 200_000;

/// Every list of one load, with the index built over them. Immutable once built.
#[derive(Debug)]
pub struct Snapshot {
    pub lists: Vec<Watchlist>,
    settings: Settings,
    /// Distinct list tokens (and joined runs), by id.
    dictionary: dictionary::Dictionary,
    /// Dictionary ids sorted by text, for truncation (prefix) lookups.
    sorted: Vec<u32>,
    /// (hash of the phonetic key, id) of list tokens whose key differs from their text,
    /// sorted: with the dictionary (tokens that are their own key), every token spelled
    /// alike by sound is one lookup away ([`score::phonetic_key`]).
    phonetic: Vec<(u64, u32)>,
    rarity: Vec<f32>,
    /// Dictionary tokens of 3+ letters by length, for the fuzzy scan.
    by_length: Vec<LengthBucket>,
    /// Ids that are only ever joined runs, by length: they matter to a traveller token
    /// only as one unit within one edit of it ([`score::align`]), so they are scanned
    /// apart, for long tokens and adjacent lengths only.
    joined_by_length: Vec<LengthBucket>,
    names: Vec<PreparedName>,
    /// Token id → prepared-name ids posted under it (every token and joined run), as
    /// `postings[postings_at[id]..postings_at[id + 1]]`.
    postings: Vec<u32>,
    postings_at: Vec<u32>,
    /// The inverse: name id → the ids it is posted under, as `posted[posted_at[n]..posted_at[n + 1]]`.
    posted: Vec<u32>,
    posted_at: Vec<u32>,
    /// Token id → [`ROLE_TOKEN`] and/or [`ROLE_JOINED`].
    roles: Vec<u8>,
    /// Normalised document number → (list, entry).
    documents: HashMap<String, Vec<(u16, u32)>>,
    rows: RwLock<HashMap<Box<str>, Row>>,
    /// The same for a booking's possibly cut last token ([`score::Token::tail`]).
    tail_rows: RwLock<HashMap<Box<str>, Row>>,
    /// When the snapshot was built.
    pub loaded_at: chrono::DateTime<chrono::Utc>,
    /// Seconds spent loading the lists and building the index (set by the loader).
    pub load_seconds: f64,
    /// The largest total token weight of any indexed name (for the retrieval bound).
    max_name_weight: f64,
    /// The largest weight of a list token, overall and by first letter A-Z (for the bound).
    max_token_weight: f64,
    max_token_weight_by_letter: [f64; 26],
}

struct Builder {
    dictionary: dictionary::Dictionary,
    /// Per token: the last name posted under it (a name posts a token once).
    last_name: Vec<u32>,
    /// Per token: how many names it is posted under as a substantive token or joined run
    /// (its rarity; particles and initials are posted for retrieval but not counted).
    df: Vec<u32>,
    /// Per name (contiguous, in name order): the ids it is posted under.
    posted: Vec<u32>,
    posted_at: Vec<u32>,
    /// Per token: [`ROLE_TOKEN`] and/or [`ROLE_JOINED`].
    roles: Vec<u8>,
}

/// The id is a token of some name.
const ROLE_TOKEN: u8 = 1;
/// The id is a joined run (2-3 adjacent tokens) of some name.
const ROLE_JOINED: u8 = 2;

impl Builder {
    fn id(&mut self, text: &str) -> u32 {
        let id = self.dictionary.intern(text);
        if id as usize != self.last_name.len() {
            return id; // known
        }
        self.last_name.push(u32::MAX);
        self.df.push(0);
        self.roles.push(0);
        id
    }

    fn post(&mut self, token: u32, name: u32, counted: bool) {
        if let Some(last) = self.last_name.get_mut(token as usize) {
            if *last != name {
                *last = name;
                self.posted.push(token);
                if let Some(df) = self.df.get_mut(token as usize).filter(|_| counted) {
                    *df += 1;
                }
            }
        }
    }

    /// The postings (token → names, in name order) as one flat array with offsets,
    /// inverted from `posted` by a counting sort.
    fn postings(&self) -> (Vec<u32>, Vec<u32>) {
        let mut at = vec![0u32; self.dictionary.len() + 1];
        for &id in &self.posted {
            if let Some(c) = at.get_mut(id as usize + 1) {
                *c += 1;
            }
        }
        for i in 1..at.len() {
            at[i] += at[i - 1];
        }
        let mut next = at.clone();
        let mut flat = vec![0u32; self.posted.len()];
        for (name, w) in self.posted_at.windows(2).enumerate() {
            let ids = self.posted.get(w[0] as usize..w[1] as usize).unwrap_or(&[]);
            for &id in ids {
                if let Some(slot) = next.get_mut(id as usize) {
                    if let Some(f) = flat.get_mut(*slot as usize) {
                        *f = u32::try_from(name).unwrap_or(u32::MAX);
                    }
                    *slot += 1;
                }
            }
        }
        (flat, at)
    }
}

impl Snapshot {
    /// Builds the index over the given lists.
    pub fn build(lists: Vec<Watchlist>, settings: Settings) -> Self {
        let mut b = Builder {
            dictionary: dictionary::Dictionary::default(),
            last_name: Vec::new(),
            df: Vec::new(),
            roles: Vec::new(),
            posted: Vec::new(),
            posted_at: Vec::new(),
        };
        let mut names = Vec::new();
        let mut documents: HashMap<String, Vec<(u16, u32)>> = HashMap::new();
        for (li, list) in lists.iter().enumerate() {
            let li = u16::try_from(li).unwrap_or(u16::MAX);
            for (ei, entry) in list.entries.iter().enumerate() {
                let ei = u32::try_from(ei).unwrap_or(u32::MAX);
                for (ni, name) in entry.names.iter().enumerate() {
                    let plain = match &name.surname {
                        Some(s) => normalize::tokens_split(s, name.given.as_deref().unwrap_or("")),
                        None => normalize::tokens_full(&name.full),
                    };
                    let icao = normalize::icao_variant(
                        name.surname.as_deref(),
                        name.given.as_deref(),
                        &name.full,
                    );
                    for tokens in std::iter::once(plain).chain(icao) {
                        if tokens.is_empty() {
                            continue;
                        }
                        let name_id = u32::try_from(names.len()).unwrap_or(u32::MAX);
                        b.posted_at
                            .push(u32::try_from(b.posted.len()).unwrap_or(u32::MAX));
                        let parts =
                            name_parts(&tokens, entry.kind == crate::watchlist::EntryKind::Person);
                        let refs: Vec<TokenRef> = tokens
                            .iter()
                            .zip(&parts)
                            .map(|(t, part)| TokenRef {
                                id: b.id(&t.text),
                                surname: t.surname,
                                particle: t.particle,
                                part: *part,
                            })
                            .collect();
                        // Every token is posted (an initial or particle can align too); only
                        // substantive tokens and joined runs count towards rarity.
                        for (t, r) in tokens.iter().zip(&refs) {
                            b.post(r.id, name_id, t.substantive());
                            if let Some(role) = b.roles.get_mut(r.id as usize) {
                                *role |= ROLE_TOKEN;
                            }
                        }
                        for joined in joined_runs(&tokens) {
                            let id = b.id(&joined);
                            b.post(id, name_id, true);
                            if let Some(r) = b.roles.get_mut(id as usize) {
                                *r |= ROLE_JOINED;
                            }
                        }
                        names.push(PreparedName {
                            list: li,
                            entry: ei,
                            name: u16::try_from(ni).unwrap_or(u16::MAX),
                            quality: name.quality,
                            tokens: refs,
                            weight: 0.0,
                        });
                    }
                }
                for doc in &entry.documents {
                    let key = evidence::normalize_document(&doc.number);
                    if key.len() >= evidence::MIN_DOCUMENT_LEN {
                        documents.entry(key).or_default().push((li, ei));
                    }
                }
            }
        }
        b.posted_at
            .push(u32::try_from(b.posted.len()).unwrap_or(u32::MAX));
        let total = names.len().max(1) as f64;
        let (postings, postings_at) = b.postings();
        let rarity =
            b.df.iter()
                .map(|df| rarity_of(*df as usize, total) as f32)
                .collect();
        let mut sorted: Vec<u32> =
            (0..u32::try_from(b.dictionary.len()).unwrap_or(u32::MAX)).collect();
        sorted.sort_by(|x, y| b.dictionary.get(*x).cmp(b.dictionary.get(*y)));
        let mut phonetic: Vec<(u64, u32)> = b
            .dictionary
            .iter()
            .filter(|(id, _)| {
                b.roles
                    .get(*id as usize)
                    .is_some_and(|r| r & ROLE_TOKEN != 0)
            })
            .filter_map(|(id, text)| {
                let key = score::phonetic_key(text)?;
                (key.as_str() != text).then(|| (phonetic_hash(&key), id))
            })
            .collect();
        phonetic.sort_unstable();
        phonetic.shrink_to_fit();
        b.dictionary.shrink_to_fit();
        Snapshot {
            by_length: length_buckets(&b.dictionary, &b.roles, true),
            joined_by_length: length_buckets(&b.dictionary, &b.roles, false),
            rarity,
            sorted,
            phonetic,
            dictionary: b.dictionary,
            postings,
            postings_at,
            posted: b.posted,
            posted_at: b.posted_at,
            roles: b.roles,
            lists,
            settings,
            names,
            documents,
            rows: RwLock::new(HashMap::new()),
            tail_rows: RwLock::new(HashMap::new()),
            loaded_at: chrono::Utc::now(),
            load_seconds: 0.0,
            max_name_weight: 0.0,
            max_token_weight: 0.0,
            max_token_weight_by_letter: [0.0; 26],
        }
        .with_max_name_weight()
    }

    fn with_max_name_weight(mut self) -> Self {
        let weights: Vec<f64> = self
            .names
            .iter()
            .map(|name| self.list_tokens(name).iter().map(Token::weight).sum())
            .collect();
        for (name, w) in self.names.iter_mut().zip(&weights) {
            name.weight = *w;
        }
        self.max_name_weight = weights.into_iter().fold(0.0, f64::max);
        let mut by_letter = [0.0_f64; 26];
        let mut overall = 0.0_f64;
        for t in self.names.iter().flat_map(|n| &n.tokens) {
            let w = self.list_token_bound(t.id);
            overall = overall.max(w);
            if let Some(b) = self
                .token_text(t.id)
                .bytes()
                .next()
                .and_then(|c| by_letter.get_mut(usize::from(c.wrapping_sub(b'A'))))
            {
                *b = b.max(w);
            }
        }
        self.max_token_weight = overall;
        self.max_token_weight_by_letter = by_letter;
        self
    }

    /// The most a dictionary token can weigh as a list token (as a surname).
    fn list_token_bound(&self, id: u32) -> f64 {
        let len = self.token_text(id).len();
        let rarity = self.rarity.get(id as usize).map_or(1.0, |r| f64::from(*r));
        len as f64 * rarity * score::SURNAME_WEIGHT
    }

    /// The most the list side of a unit pairing `token` with row entry `id` (reached as
    /// `kind`) can weigh: as a single list token, its own bound; as a joined run (several
    /// tokens, each with its own rarity ≤ 1), only when equal, related or one slip away
    /// can it form a unit ([`score::align`]), weighing at most its length × the surname
    /// factor.
    fn partner_weight(&self, token: &str, id: u32, kind: Kind) -> f64 {
        let role = self.roles.get(id as usize).copied().unwrap_or(u8::MAX);
        let len = self.token_text(id).len();
        let as_token = if role & ROLE_TOKEN != 0 {
            self.list_token_bound(id)
        } else {
            0.0
        };
        let joinable = matches!(kind, Kind::Exact | Kind::Variant | Kind::Nickname)
            || len.abs_diff(token.len()) <= 1;
        let as_joined = if role & ROLE_JOINED != 0 && joinable {
            len as f64 * score::SURNAME_WEIGHT
        } else {
            0.0
        };
        as_token.max(as_joined)
    }

    /// The evidence weights in force.
    pub fn weights(&self) -> Weights {
        self.settings.weights
    }

    /// Number of indexed names (primary names, aliases and their ICAO spellings).
    pub fn name_count(&self) -> usize {
        self.names.len()
    }

    /// Rarity (0.35..=1) of a token in the watchlists; unknown tokens are rare.
    pub fn rarity(&self, token: &str) -> f64 {
        self.dictionary
            .id(token)
            .and_then(|id| self.rarity.get(id as usize))
            .map_or(1.0, |r| f64::from(*r))
    }

    /// Aligns two names with this snapshot's token rarities: the name score used for
    /// screening, exposed for pairwise evaluation. The query is not a booking, so its last
    /// token is never read as a cut ([`score::Token::tail`]); a `person`'s list name has
    /// middle and family names ([`score::name_parts`]).
    pub fn name_score(
        &self,
        query: &[NameToken],
        list: &[NameToken],
        person: bool,
    ) -> score::Alignment {
        let q = self.tokens(query);
        let mut l = self.tokens(list);
        for (t, part) in l.iter_mut().zip(name_parts(list, person)) {
            t.part = part;
        }
        score::align(&q, &l, |i, j| score::pair_similarity(&q[i], &l[j]))
    }

    fn tokens<'a>(&self, tokens: &'a [NameToken]) -> Vec<Token<'a>> {
        tokens
            .iter()
            .map(|t| Token {
                text: &t.text,
                surname: t.surname,
                particle: t.particle,
                rarity: self.rarity(&t.text),
                tail: false,
                part: score::NamePart::Whole,
            })
            .collect()
    }

    /// A traveller's name tokens, and the tokens to align: the last one is marked as a
    /// possible cut ([`score::Token::tail`]) when the name is long enough to have been cut.
    fn traveller_tokens<'a>(
        &self,
        query: &'a [NameToken],
        traveller: &Traveller,
    ) -> Vec<Token<'a>> {
        let name = &traveller.name;
        let long =
            name.surname.trim().chars().count() + 1 + name.given_names.trim().chars().count()
                >= score::TAIL_NAME_MIN_LEN;
        let mut q = self.tokens(query);
        // Only the booking's last word can be cut: not when a title or a repeated token
        // ended the name and normalising dropped it.
        let raw = if name.given_names.trim().is_empty() {
            &name.surname
        } else {
            &name.given_names
        };
        let last_word = raw
            .rsplit(|c: char| !c.is_alphanumeric())
            .find(|w| !w.is_empty())
            .unwrap_or("");
        if let Some(last) = q
            .last_mut()
            .filter(|t| long && !t.particle && last_word.eq_ignore_ascii_case(t.text))
        {
            last.tail = true;
        }
        q
    }

    /// Screens one traveller; returns hits at or above each list's threshold, best first.
    pub fn screen(&self, traveller: &Traveller) -> Vec<Match> {
        self.screen_with(traveller, false)
    }

    /// Screens one traveller by scoring every indexed name (no retrieval): the reference
    /// the indexed [`Snapshot::screen`] must equal (tests and benchmarks only; slow).
    pub fn screen_exhaustive(&self, traveller: &Traveller) -> Vec<Match> {
        self.screen_with(traveller, true)
    }

    /// How far below a threshold a traveller's name score can be and still make a hit:
    /// evidence adds at most the DOB bonus (if the traveller has a DOB) and the nationality
    /// bonus (if a nationality or document country), and alert scores are rounded to 4
    /// decimals. Bookings made days before departure often carry neither.
    fn evidence_slack(&self, traveller: &Traveller) -> f64 {
        let country = traveller.nationality.is_some()
            || traveller
                .documents
                .iter()
                .any(|d| d.issuing_country.is_some());
        self.slack(traveller.date_of_birth.is_some(), country)
    }

    /// [`Self::evidence_slack`] for a traveller with or without a DOB and a country.
    fn slack(&self, dob: bool, country: bool) -> f64 {
        let w = &self.settings.weights;
        let bonus = |given: bool, weight: f64| if given { weight.max(0.0) } else { 0.0 };
        bonus(dob, w.dob_match) + bonus(country, w.nationality_match) + 0.5e-4 + 1e-9
    }

    /// How many indexed names the traveller is aligned with (diagnostics for benchmarks:
    /// the retrieval's selectivity).
    pub fn candidate_count(&self, traveller: &Traveller) -> usize {
        let query = normalize::tokens_split(&traveller.name.surname, &traveller.name.given_names);
        let q = self.traveller_tokens(&query, traveller);
        let rows = self.rows_for(&q, false);
        let doc_entries = self.document_entries(traveller);
        let slack = self.evidence_slack(traveller);
        self.candidates(&query, &q, &rows, &doc_entries, slack)
            .len()
    }

    fn rows_for(&self, q: &[Token], exhaustive: bool) -> Vec<Option<Row>> {
        if exhaustive {
            return vec![None; q.len()];
        }
        q.iter()
            .map(|t| {
                (t.text.len() >= 2 && !t.particle).then(|| self.similar_tokens_as(t.text, t.tail))
            })
            .collect()
    }

    /// Entries reached through a document number (always evaluated).
    fn document_entries(&self, traveller: &Traveller) -> Vec<(u16, u32)> {
        let mut out = Vec::new();
        for doc in &traveller.documents {
            let key = evidence::normalize_document(&doc.number);
            if let Some(hits) = self.documents.get(&key) {
                out.extend_from_slice(hits);
            }
        }
        out
    }

    fn screen_with(&self, traveller: &Traveller, exhaustive: bool) -> Vec<Match> {
        let query = normalize::tokens_split(&traveller.name.surname, &traveller.name.given_names);
        let q = self.traveller_tokens(&query, traveller);
        let rows = self.rows_for(&q, exhaustive);
        let doc_entries = self.document_entries(traveller);
        let slack = self.evidence_slack(traveller);

        let mut best: HashMap<(u16, u32), (f64, u32)> = HashMap::new();
        let mut list_tokens = Vec::new();
        let mut scratch = score::Scratch::default();
        let mut consider = |ni: u32, joins, best: &mut HashMap<(u16, u32), (f64, u32)>| {
            let Some(name) = self.names.get(ni as usize) else {
                return;
            };
            self.fill_list_tokens(name, &mut list_tokens);
            let (mut s, _) = score::align_score(
                &q,
                &list_tokens,
                |qi, li| self.pair_similarity(&q, &rows, &list_tokens, name, qi, li),
                joins,
                &mut scratch,
            );
            if name.quality == NameQuality::Weak {
                s *= self.settings.weights.weak_alias_factor;
            }
            let slot = best.entry((name.list, name.entry)).or_insert((-1.0, ni));
            if s > slot.0 {
                *slot = (s, ni);
            }
        };
        if exhaustive {
            for ni in 0..u32::try_from(self.names.len()).unwrap_or(u32::MAX) {
                consider(ni, score::Joins::ALL, &mut best);
            }
        } else {
            for (ni, joins) in self.candidates(&query, &q, &rows, &doc_entries, slack) {
                consider(ni, joins, &mut best);
            }
        }
        // Entries reached through a document number, whatever their name score.
        for &(li, ei) in &doc_entries {
            if let Some(ni) = self.first_name_of(li, ei) {
                best.entry((li, ei)).or_insert((0.0, ni));
            }
        }

        // Only entries whose name score can still reach the threshold (or that a document
        // reached) are evaluated and explained. The exhaustive reference allows any
        // traveller the largest bonus, so that tests comparing both check this traveller's.
        let slack = if exhaustive {
            self.slack(true, true)
        } else {
            slack
        };
        let mut matches: Vec<Match> = best
            .into_iter()
            .filter(|(key, (s, _))| {
                let threshold = self
                    .lists
                    .get(usize::from(key.0))
                    .map_or(0.0, |l| l.threshold);
                s + slack >= threshold || doc_entries.contains(key)
            })
            .filter_map(|((li, ei), (_, ni))| {
                self.evaluate(traveller, &query, &q, &rows, li, ei, ni)
            })
            .collect();
        matches.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(a.list.cmp(&b.list))
                .then(a.entry.cmp(&b.entry))
        });
        matches.truncate(self.settings.max_matches);
        matches
    }

    fn first_name_of(&self, list: u16, entry: u32) -> Option<u32> {
        let i = self
            .names
            .partition_point(|n| (n.list, n.entry) < (list, entry));
        let n = self.names.get(i)?;
        ((n.list, n.entry) == (list, entry)).then(|| u32::try_from(i).unwrap_or(u32::MAX))
    }

    fn postings_of(&self, id: u32) -> &[u32] {
        let at = |i: usize| self.postings_at.get(i).map_or(0, |x| *x as usize);
        let i = id as usize;
        self.postings.get(at(i)..at(i + 1)).unwrap_or(&[])
    }

    fn posted_of(&self, name: u32) -> &[u32] {
        let at = |n: usize| self.posted_at.get(n).map_or(0, |x| *x as usize);
        let n = name as usize;
        self.posted.get(at(n)..at(n + 1)).unwrap_or(&[])
    }

    fn token_text(&self, id: u32) -> &str {
        self.dictionary.get(id)
    }

    fn list_tokens(&self, name: &PreparedName) -> Vec<Token<'_>> {
        let mut out = Vec::with_capacity(name.tokens.len());
        self.fill_list_tokens(name, &mut out);
        out
    }

    fn fill_list_tokens<'s>(&'s self, name: &PreparedName, out: &mut Vec<Token<'s>>) {
        out.clear();
        out.extend(name.tokens.iter().map(|t| {
            Token {
                text: self.token_text(t.id),
                surname: t.surname,
                particle: t.particle,
                rarity: self
                    .rarity
                    .get(t.id as usize)
                    .map_or(1.0, |r| f64::from(*r)),
                tail: false,
                part: t.part,
            }
        }));
    }

    /// The most any list tokens aligned in one unit with traveller token `t` can weigh
    /// (surname factor included). With a retrieval row, every list token `t` can pair
    /// with is in the row (particles and initials are posted too), and so is every joined
    /// run of list tokens that can align with it as one unit (equal, a relative, or one
    /// slip away); units joining several traveller tokens are never pruned (see
    /// `candidates`). Tokens without a row pair through [`score::pair_similarity`]: an
    /// initial with any token of its letter, a long token with its truncations, anything
    /// else only with a relative (at most [`symbols::length_spread`] longer) or within one
    /// edit (a particle pairs with nothing by sound), at rarity ≤ 1.
    fn partner_bound(&self, t: &Token, row: Option<&RowData>) -> f64 {
        let len = t.text.len();
        // A relative is at most `length_spread` longer; a token spelled alike by sound at
        // most three letters per letter of its key (TCH, SCH, DZH).
        let near =
            score::SURNAME_WEIGHT * (len + symbols::length_spread().max(1)).max(3 * len) as f64;
        match row {
            Some(r) => r.max_weight,
            None if len == 1 => t
                .text
                .bytes()
                .next()
                .and_then(|c| {
                    self.max_token_weight_by_letter
                        .get(usize::from(c.wrapping_sub(b'A')))
                })
                .copied()
                .unwrap_or(self.max_token_weight),
            None if len >= score::TRUNCATION_MIN_LEN => self.max_token_weight,
            None => near,
        }
    }

    /// The names that can reach their list's threshold. Provably complete: a name is left
    /// out only if no alignment can lift it (plus the evidence bonus this traveller's data
    /// can earn and the score's rounding to 4 decimals) to its list's threshold.
    ///
    /// A name scores `Σ sᵤ·Wᵤ / (Σ Wᵤ + E + X)` over its aligned units u (similarity s,
    /// weight W of both sides), E the cost of traveller tokens left unaligned and X that
    /// of its own unaligned tokens; it reaches t iff `Σ (sᵤ − t)·Wᵤ − t·(E + X) ≥ 0`.
    /// Relaxing that: each traveller token i either aligns through some id of its
    /// retrieval row posted under the name (its best s and a list side of at most p, so
    /// `W ∈ [wᵢ, wᵢ + p]`) or costs cᵢ; tokens without a row (particles, initials) align at
    /// s = 1 with [`Self::partner_bound`]; X is `u·(L − Σ list sides)`, L the name's
    /// weight and u = 2·EXTRA_LIST, or 2·MISSING_LIST if every traveller token aligns;
    /// units joining several traveller tokens are never pruned. When every list token
    /// aligns (X = 0; possible only if two traveller tokens with a row reach the name and
    /// the list sides' bounds add up to L, and then with at least two agreeing units),
    /// unaligned traveller given names cost their covered cost c'ᵢ ≤ cᵢ: the name is then
    /// also kept if `Σᵢ max(tight gain, −t·c'ᵢ) ≥ 0` and `(Q + L) / (Q + L + E')` ≥ t.
    /// Every step that must hold either way (enumeration, covering rows, the first test)
    /// uses the covered costs. Otherwise a name is kept iff
    /// `Σᵢ max(best (s − t)·W + t·u·x over the box, −t·cᵢ) − t·u·L ≥ 0` (x the unit's
    /// list side) for u = 2·EXTRA_LIST, or for either u when no traveller token is sure
    /// to stay unaligned, and also its score bound
    /// `(Q + L) / (Q + L + E)` (Q the weight of traveller tokens that reach it, L its own
    /// weight) reaches t.
    ///
    /// Enumeration: the traveller tokens H costliest to miss per name enumerated are
    /// chosen so that a name reached by none of them stays below the lowest threshold
    /// (bound `A / (A + E_H)`, A the aligned-weight bound of the other tokens, at full
    /// costs, and at covered costs too while two tokens with a row stay outside H); only names
    /// posted under H's rows (or under the traveller's joined runs, or reached by a
    /// document) are considered. Since X ≥ 0, `Σ (sᵤ − t)·Wᵤ − t·E ≥ 0` is necessary too,
    /// and needs no name weight: it is tested first, and before any name is read, rows of
    /// other tokens that a name must reach to pass it (unless its heavy units gain
    /// enough) are scanned to flag the names they reach. `slack` is the most the
    /// traveller's own evidence can add (no DOB, no DOB bonus).
    fn candidates(
        &self,
        query: &[NameToken],
        q: &[Token],
        rows: &[Option<Row>],
        doc_entries: &[(u16, u32)],
        slack: f64,
    ) -> Vec<(u32, score::Joins)> {
        let t_min = self
            .lists
            .iter()
            .map(|l| l.threshold)
            .fold(1.0_f64, f64::min);
        let target = t_min - slack;
        let ub = |a: f64, e: f64| if a <= 0.0 { 0.0 } else { a / (a + e) };
        let row_of = |i: usize| rows.get(i).and_then(Option::as_deref);
        let weights: Vec<f64> = q.iter().map(Token::weight).collect();
        // Full costs apply unless the whole list name aligns, covered costs then (lower):
        // every test that must hold in both cases uses the covered ones.
        let full_costs: Vec<f64> = q
            .iter()
            .map(|t| 2.0 * t.unmatched_query_cost() * t.weight())
            .collect();
        let costs: Vec<f64> = q
            .iter()
            .map(|t| 2.0 * t.covered_query_cost() * t.weight())
            .collect();
        let partners: Vec<f64> = q
            .iter()
            .enumerate()
            .map(|(i, t)| self.partner_bound(t, row_of(i)))
            .collect();
        // Heavy set H: tokens with a row, the most cost to miss per name enumerated first.
        let mut order: Vec<usize> = (0..q.len()).filter(|i| row_of(*i).is_some()).collect();
        let per_name = |i: usize| costs[i] / (row_of(i).map_or(0, |r| r.volume) as f64 + 1.0);
        order.sort_by(|a, b| per_name(*b).total_cmp(&per_name(*a)));
        let total_w: f64 = weights.iter().sum();
        let total_a: f64 = weights.iter().sum::<f64>() + partners.iter().sum::<f64>();
        let mut heavy: Vec<usize> = Vec::new();
        let (mut w_heavy, mut a_heavy, mut e_heavy, mut e_heavy_full) = (0.0, 0.0, 0.0, 0.0);
        for (k, &i) in order.iter().enumerate() {
            let missed = |e: f64| {
                ub(total_w - w_heavy + self.max_name_weight, e).min(ub(total_a - a_heavy, e))
            };
            // Covered costs need the list name aligned in two agreeing units, so two
            // traveller tokens with a row outside H.
            let covered_possible = order.len() - k >= 2;
            let refused =
                missed(e_heavy_full) < target && (!covered_possible || missed(e_heavy) < target);
            if !heavy.is_empty() && refused {
                break;
            }
            heavy.push(i);
            w_heavy += weights[i];
            a_heavy += weights[i] + partners[i];
            e_heavy += costs[i];
            e_heavy_full += full_costs[i];
        }
        let mut out: Vec<(u32, score::Joins)> = Vec::new();
        PROBE.with_borrow_mut(|scratch| {
            let ProbeScratch {
                seen,
                touched,
                slot,
                in_rows,
                entries,
                best,
            } = scratch;
            if seen.len() < self.names.len() {
                seen.resize(self.names.len(), 0);
            }
            if slot.len() < self.dictionary.len() {
                slot.resize(self.dictionary.len(), 0);
                in_rows.resize(self.dictionary.len().div_ceil(64), 0);
            }
            entries.clear();
            for (i, row) in rows.iter().enumerate() {
                let Some(row) = row else { continue };
                for (k, id) in row.ids().enumerate() {
                    if let Some(&(s, p)) = row.bounds.get(k) {
                        entries.push((id, i, s, p));
                    }
                }
            }
            entries.sort_unstable_by_key(|e| e.0);
            for (k, e) in entries.iter().enumerate().rev() {
                if let Some(x) = slot.get_mut(e.0 as usize) {
                    *x = u32::try_from(k + 1).unwrap_or(u32::MAX);
                }
                if let Some(b) = in_rows.get_mut(e.0 as usize / 64) {
                    *b |= 1 << (e.0 % 64);
                }
            }
            // Covering rows. The per-name test below needs, at its loosest (threshold
            // `target`, no unaligned list tokens), `Σᵢ max(gᵢ, −t·cᵢ) ≥ 0` over the name's
            // best unit gains gᵢ, each at most its token's best over all entries, topᵢ. A
            // name that misses token i's row must therefore gain at least
            // `coverᵢ = t·cᵢ − Σ_{j ∉ H, j ≠ i} topⱼ` from the heavy tokens H. A row whose
            // postings are cheap to scan next to probing (see `SCAN_PER_PROBE`) gets a flag
            // bit: set by a heavy entry that covers it (its gain plus the other heavy tokens'
            // tops reaching coverᵢ) or by the row's own postings. A name is probed only
            // with every bit set; the others fail the test.
            let mut top: Vec<f64> = (0..q.len())
                .map(|i| match row_of(i) {
                    Some(_) => -target * costs[i],
                    None => {
                        tight_gain(1.0, target, weights[i], partners[i]).max(-target * costs[i])
                    }
                })
                .collect();
            for &(_, i, s, p) in entries.iter() {
                if let (Some(x), Some(&w)) = (top.get_mut(i), weights.get(i)) {
                    *x = x.max(tight_gain(s, target, w, p));
                }
            }
            let heavy_top: f64 = heavy.iter().filter_map(|h| top.get(*h)).sum();
            let rest_top: f64 = top.iter().sum::<f64>() - heavy_top;
            let heavy_gain = |h: usize, k: usize| {
                let (s, p) = row_of(h)
                    .and_then(|r| r.bounds.get(k))
                    .copied()
                    .unwrap_or((1.0, f64::INFINITY));
                tight_gain(s, target, weights[h], p).max(-target * costs[h]) + heavy_top - top[h]
            };
            let volume: usize = heavy
                .iter()
                .filter_map(|h| row_of(*h))
                .map(|r| r.volume)
                .sum();
            let budget = SCAN_PER_PROBE * volume;
            let mut covers: Vec<(usize, u8, f64)> = Vec::new();
            let mut need = 1u8;
            for (i, row) in rows.iter().enumerate() {
                let Some(row) = row else { continue };
                if heavy.contains(&i) || row.volume > budget || need == u8::MAX {
                    continue;
                }
                let cover = target * costs[i] - (rest_top - top[i]);
                let useful = heavy.iter().any(|&h| {
                    row_of(h).is_some_and(|r| (0..r.bounds.len()).any(|k| heavy_gain(h, k) < cover))
                });
                if useful {
                    let bit = need.wrapping_add(1) & !need; // the lowest unused bit
                    covers.push((i, bit, cover));
                    need |= bit;
                }
            }
            for &h in &heavy {
                let Some(row) = row_of(h) else { continue };
                for (k, id) in row.ids().enumerate() {
                    let g = heavy_gain(h, k);
                    let mask = covers.iter().filter(|c| g >= c.2).fold(1u8, |m, c| m | c.1);
                    for &ni in self.postings_of(id) {
                        if let Some(m) = seen.get_mut(ni as usize) {
                            if *m == 0 {
                                touched.push(ni);
                            }
                            *m |= mask;
                        }
                    }
                }
            }
            for &(i, bit, _) in &covers {
                for id in row_of(i).into_iter().flat_map(RowData::ids) {
                    for &ni in self.postings_of(id) {
                        if let Some(m) = seen.get_mut(ni as usize).filter(|m| **m != 0) {
                            *m |= bit;
                        }
                    }
                }
            }
            // With X = u·(L − aligned list weight), u = 2·EXTRA_LIST, or 2·MISSING_LIST when
            // every traveller token aligns, a unit of similarity s whose list side weighs x
            // adds (s − t)(w + x) + t·u·x: increasing in x (s ≥ floor = 0.8 ≥ t·(1 − u) for
            // any t ≤ 1), so x = p is the best case.
            let (extra, missing) = (2.0 * score::EXTRA_LIST, 2.0 * score::MISSING_LIST);
            // The test for one name at threshold t (see `Probe`). Tokens without a row align
            // at s = 1.
            let mut probe = |ni: u32, t: f64| {
                // Three gains per entry: without the name's unaligned tokens (X ≥ 0, so
                // `Σ (sᵤ − t)·Wᵤ − t·E ≥ 0` is necessary, and a unit's best case is x = p if
                // s ≥ t, x = 0 otherwise), and with them at either list cost u.
                let gain = |i: usize, s: f64, p: f64| {
                    let loose = |u: f64| (s - t) * (weights[i] + p) + t * u * p;
                    [
                        tight_gain(s, t, weights[i], p),
                        loose(extra),
                        loose(missing),
                        p,
                    ]
                };
                best.clear();
                best.extend(
                    rows.iter()
                        .enumerate()
                        .map(|(i, r)| r.is_none().then(|| gain(i, 1.0, partners[i]))),
                );
                let mut list_joins = false;
                for &id in self.posted_of(ni) {
                    // The bitmap is cache-resident; `slot` is read only for the ids it marks.
                    let marked = in_rows
                        .get(id as usize / 64)
                        .is_some_and(|b| b & (1 << (id % 64)) != 0);
                    if !marked {
                        continue;
                    }
                    let start = slot.get(id as usize).copied().unwrap_or(0) as usize;
                    if start == 0 {
                        continue;
                    }
                    list_joins |= self
                        .roles
                        .get(id as usize)
                        .is_none_or(|r| r & ROLE_JOINED != 0);
                    for &(_, i, s, p) in entries
                        .get(start - 1..)
                        .unwrap_or(&[])
                        .iter()
                        .take_while(|e| e.0 == id)
                    {
                        if let Some(b) = best.get_mut(i) {
                            let g = gain(i, s, p);
                            *b = Some(b.map_or(g, |x| {
                                [
                                    x[0].max(g[0]),
                                    x[1].max(g[1]),
                                    x[2].max(g[2]),
                                    x[3].max(g[3]),
                                ]
                            }));
                        }
                    }
                }
                let (mut qa, mut e, mut margins) = (0.0, 0.0, [0.0; 3]);
                let (mut e_covered, mut tight_covered) = (0.0, 0.0);
                let (mut reached_rows, mut list_side) = (0, 0.0);
                for (i, b) in best.iter().enumerate() {
                    let (wi, ci, cc) = (weights[i], full_costs[i], costs[i]);
                    match *b {
                        Some(g) => {
                            qa += wi;
                            for (m, g) in margins.iter_mut().zip(g) {
                                *m += g.max(-t * ci);
                            }
                            tight_covered += g[0].max(-t * cc);
                            reached_rows += usize::from(rows[i].is_some());
                            list_side += g[3];
                        }
                        None => {
                            e += ci;
                            e_covered += cc;
                            for m in &mut margins {
                                *m -= t * ci;
                            }
                            tight_covered -= t * cc;
                        }
                    }
                }
                let [tight, margin, margin_missing] = margins;
                Probe {
                    tight,
                    margin,
                    margin_missing,
                    reached: qa,
                    missed: e,
                    list_joins,
                    tight_covered,
                    missed_covered: e_covered,
                    reached_rows,
                    list_side,
                }
            };
            let t_low = t_min - slack;
            for &ni in touched.iter() {
                let Some(m) = seen.get_mut(ni as usize) else {
                    continue;
                };
                let reached_all = *m == need;
                *m = 0;
                if !reached_all {
                    continue;
                }
                // First at the lowest threshold, without the name's unaligned tokens (both
                // only loosen the test), so most names are refused without reading them.
                let first = probe(ni, t_low);
                if first.tight_covered < 0.0 || (first.tight < 0.0 && first.reached_rows < 2) {
                    continue;
                }
                let Some(name) = self.names.get(ni as usize) else {
                    continue;
                };
                let t = self
                    .lists
                    .get(usize::from(name.list))
                    .map_or(t_min, |x| x.threshold)
                    - slack;
                let at_t = if t == t_low { first } else { probe(ni, t) };
                let Probe {
                    tight,
                    reached: qa,
                    missed: e,
                    list_joins,
                    ..
                } = at_t;
                let mut margin = at_t.margin - t * extra * name.weight;
                // The margin is not monotone in u, so when no traveller token is known to
                // stay unaligned (e = 0: the cheaper list cost may apply) both are tried.
                if margin < 0.0 && e <= 0.0 {
                    margin = at_t.margin_missing - t * missing * name.weight;
                }
                let margin = margin.min(tight);
                let some_list_token_unaligned = margin >= 0.0 && ub(qa + name.weight, e) >= t;
                // Every list token aligned (X = 0), in two agreeing units, each list side at
                // most its token's bound: unaligned traveller given names cost less.
                let list_aligned = at_t.tight_covered >= 0.0
                    && at_t.reached_rows >= 2
                    && at_t.list_side >= name.weight * (1.0 - 1e-9)
                    && ub(qa + name.weight, at_t.missed_covered) >= t;
                if some_list_token_unaligned || list_aligned {
                    // A traveller-side joined unit needs the name among those below.
                    let joins = score::Joins {
                        query: false,
                        list: list_joins,
                    };
                    out.push((ni, joins));
                }
            }
            touched.clear();
            for e in entries.iter() {
                if let Some(x) = slot.get_mut(e.0 as usize) {
                    *x = 0;
                }
                if let Some(b) = in_rows.get_mut(e.0 as usize / 64) {
                    *b = 0;
                }
            }
        });
        // Names reached by joined runs or documents are never pruned.
        for joined in joined_runs(query) {
            let glued: Vec<String> = score::glued_variants(&joined).collect();
            let ids = self
                .dictionary
                .id(&joined)
                .into_iter()
                .chain(symbols::related(&joined).filter_map(|r| self.dictionary.id(r)))
                .chain(glued.iter().filter_map(|g| self.dictionary.id(g)));
            for id in ids {
                let names = self.postings_of(id);
                out.extend(names.iter().map(|ni| (*ni, score::Joins::ALL)));
            }
        }
        for &(li, ei) in doc_entries {
            let start = self.names.partition_point(|n| (n.list, n.entry) < (li, ei));
            for (ni, n) in self.names.iter().enumerate().skip(start) {
                if (n.list, n.entry) != (li, ei) {
                    break;
                }
                out.push((u32::try_from(ni).unwrap_or(u32::MAX), score::Joins::ALL));
            }
        }
        out.sort_unstable_by_key(|(ni, _)| *ni);
        out.dedup_by(|next, kept| {
            let same = next.0 == kept.0;
            if same {
                kept.1.query |= next.1.query;
                kept.1.list |= next.1.list;
            }
            same
        });
        out
    }

    fn align_candidate(
        &self,
        q: &[Token],
        rows: &[Option<Row>],
        name: &PreparedName,
    ) -> score::Alignment {
        let l = self.list_tokens(name);
        score::align(q, &l, |qi, li| {
            self.pair_similarity(q, rows, &l, name, qi, li)
        })
    }

    /// Similarity of traveller token `qi` and list token `li`: substantive pairs come from
    /// the retrieval row (absent = below the floor), others are computed.
    fn pair_similarity(
        &self,
        q: &[Token],
        rows: &[Option<Row>],
        l: &[Token],
        name: &PreparedName,
        qi: usize,
        li: usize,
    ) -> (f64, Kind) {
        let (Some(qt), Some(lt), Some(r)) = (q.get(qi), l.get(li), name.tokens.get(li)) else {
            return (0.0, Kind::Fuzzy);
        };
        match rows.get(qi).and_then(Option::as_ref) {
            Some(row) if !r.particle && lt.text.len() >= 2 => row.similarity(r.id),
            _ => score::pair_similarity(qt, lt),
        }
    }

    /// Every dictionary token whose similarity with `token` reaches the floor, sorted by
    /// id. Cached per snapshot (bounded).
    pub fn similar_tokens(&self, token: &str) -> Row {
        self.similar_tokens_as(token, false)
    }

    /// [`Self::similar_tokens`], for a booking's possibly cut last token when `tail`.
    fn similar_tokens_as(&self, token: &str, tail: bool) -> Row {
        let cache = if tail { &self.tail_rows } else { &self.rows };
        if let Ok(cache) = cache.read() {
            if let Some(row) = cache.get(token) {
                return row.clone();
            }
        }
        let pairs = self.compute_similar(token, tail);
        let bounds: Vec<(f64, f64)> = pairs
            .iter()
            .map(|(id, sim, kind)| {
                // A joined run related to the token forms a unit at the variant similarity
                // whatever the relation ([`score::align`]).
                let joined = self
                    .roles
                    .get(*id as usize)
                    .is_none_or(|r| r & ROLE_JOINED != 0);
                let sim = if joined && *kind == Kind::Nickname {
                    sim.max(score::VARIANT_SIMILARITY)
                } else {
                    *sim
                };
                (sim, self.partner_weight(token, *id, *kind))
            })
            .collect();
        let max_weight = bounds.iter().map(|(_, w)| *w).fold(0.0, f64::max);
        let volume = pairs
            .iter()
            .map(|(id, _, _)| self.postings_of(*id).len())
            .sum();
        let row = Arc::new(RowData {
            pairs,
            bounds,
            max_weight,
            volume,
        });
        if let Ok(mut cache) = cache.write() {
            if cache.len() < ROW_CACHE_CAPACITY {
                cache.insert(token.into(), row.clone());
            }
        }
        row
    }

    fn compute_similar(&self, token: &str, tail: bool) -> Vec<(u32, f64, Kind)> {
        let mut found: HashMap<u32, (f64, Kind)> = HashMap::new();
        let consider = |id: u32, found: &mut HashMap<u32, (f64, Kind)>| {
            if found.contains_key(&id) {
                return;
            }
            let (s, k) = score::token_similarity(token, self.token_text(id), None);
            if s >= TOKEN_FLOOR {
                found.insert(id, (s, k));
            }
        };
        if let Some(id) = self.dictionary.id(token) {
            consider(id, &mut found);
        }
        // A list initial of the same letter.
        if let Some(id) = token
            .get(..1)
            .filter(|_| token.len() >= 2)
            .and_then(|i| self.dictionary.id(i))
        {
            consider(id, &mut found);
        }
        for r in symbols::related(token) {
            if let Some(id) = self.dictionary.id(r) {
                consider(id, &mut found);
            }
        }
        for glued in score::glued_variants(token) {
            if let Some(id) = self.dictionary.id(&glued) {
                consider(id, &mut found);
            }
        }
        if let Some(key) = score::phonetic_key(token) {
            if let Some(id) = self.dictionary.id(key.as_str()) {
                consider(id, &mut found);
            }
            let h = phonetic_hash(&key);
            let start = self.phonetic.partition_point(|e| e.0 < h);
            for &(_, id) in self.phonetic[start..].iter().take_while(|e| e.0 == h) {
                consider(id, &mut found);
            }
        }
        if token.len() >= score::TRUNCATION_MIN_LEN {
            // Longer list tokens this one may be a truncation of …
            for id in self.beginning_with(token) {
                consider(id, &mut found);
            }
            // … and shorter list tokens that may be truncations of it.
            for end in score::TRUNCATION_MIN_LEN..token.len() {
                if let Some(id) = token.get(..end).and_then(|p| self.dictionary.id(p)) {
                    consider(id, &mut found);
                }
            }
        }
        if token.len() >= 3 {
            self.fuzzy_scan(token, &mut found);
        }
        if tail && token.len() >= score::TAIL_MIN_LEN {
            // List tokens a cut last token begins (`score::pair_similarity`).
            for id in self.beginning_with(token) {
                let is_token = self
                    .roles
                    .get(id as usize)
                    .is_some_and(|r| r & ROLE_TOKEN != 0);
                let cut = score::tail_similarity(token, self.token_text(id));
                let Some(cut) = cut.filter(|_| is_token) else {
                    continue;
                };
                let plain = found.get(&id).map_or(0.0, |f| f.0);
                if cut.0 > plain {
                    found.insert(id, cut);
                }
            }
        }
        let mut row: Vec<(u32, f64, Kind)> =
            found.into_iter().map(|(id, (s, k))| (id, s, k)).collect();
        row.sort_unstable_by_key(|(id, _, _)| *id);
        row
    }

    /// Dictionary ids whose text begins with `prefix` (itself included), from the sorted order.
    fn beginning_with<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = u32> + 'a {
        let start = self
            .sorted
            .partition_point(|id| self.token_text(*id) < prefix);
        self.sorted
            .get(start..)
            .unwrap_or(&[])
            .iter()
            .copied()
            .take_while(move |id| self.token_text(*id).starts_with(prefix))
    }

    /// Fuzzy pairs over the dictionary, skipping tokens that provably cannot align:
    /// a fuzzy pair needs Jaro-Winkler ≥ t and an edit distance d within the budget of the
    /// shorter token. jw ≥ t needs j ≥ (t − 0.1ℓ)/(1 − 0.1ℓ) for common prefix ℓ ≤ 4, hence
    /// m ≥ (3j − 1)/(1/|a| + 1/|b|) matching characters; d ≤ k needs ||a| − |b|| ≤ k and
    /// an L1 histogram distance ≤ 2k. Both m and the L1 bound are checked through the
    /// character-count overlap C = Σ min(h_a, h_b) (m ≤ C; L1 = |a| + |b| − 2C).
    ///
    /// Only lengths within the budget are scanned (tokens bucketed by length). Ids that
    /// are only joined runs are scanned for one edit, as a joined unit allows.
    fn fuzzy_scan(&self, token: &str, found: &mut HashMap<u32, (f64, Kind)>) {
        let la = token.len();
        let reach = score::edit_budget(la);
        self.scan_buckets(token, &self.by_length, reach, found);
        if la >= score::JOINED_SLIP_MIN_LEN {
            self.scan_buckets(token, &self.joined_by_length, 1, found);
        }
    }

    fn scan_buckets(
        &self,
        token: &str,
        buckets: &[LengthBucket],
        reach: usize,
        found: &mut HashMap<u32, (f64, Kind)>,
    ) {
        let hq = histogram(token);
        let pq = prefix4(token);
        let la = token.len();
        for lb in la.saturating_sub(reach).max(3)..=la + reach {
            let Some(bucket) = buckets.get(lb) else {
                continue;
            };
            let budget = score::edit_budget(la.min(lb)).min(reach);
            if la.abs_diff(lb) > budget || bucket.ids.is_empty() {
                continue;
            }
            let needed = min_matches(la, lb);
            for (&id, key) in bucket.ids.iter().zip(&bucket.keys) {
                if !may_reach_floor((&hq, pq, la), (key, lb), &needed, budget)
                    || found.contains_key(&id)
                {
                    continue;
                }
                let (s, k) = score::token_similarity(token, self.token_text(id), None);
                if s >= TOKEN_FLOOR {
                    found.insert(id, (s, k));
                }
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn evaluate(
        &self,
        traveller: &Traveller,
        query: &[NameToken],
        q: &[Token],
        rows: &[Option<Row>],
        li: u16,
        ei: u32,
        ni: u32,
    ) -> Option<Match> {
        let list = self.lists.get(usize::from(li))?;
        let entry = list.entries.get(ei as usize)?;
        let name = self.names.get(ni as usize)?;
        let w = &self.settings.weights;
        let alignment = self.align_candidate(q, rows, name);
        let mut name_score = alignment.score;
        if name.quality == NameQuality::Weak {
            name_score *= w.weak_alias_factor;
        }
        let dob = evidence::date_of_birth(
            traveller.date_of_birth,
            &entry.dates_of_birth,
            w.circa_years,
        );
        let nationality = evidence::nationality(
            traveller.nationality,
            &traveller.documents,
            &entry.nationalities,
        );
        let gender = evidence::gender(
            traveller.gender,
            traveller.name.title.as_deref(),
            entry.gender,
        );
        let document = evidence::document(&traveller.documents, &entry.documents);

        let mut total = name_score;
        total += match dob.result {
            Outcome::Match => w.dob_match,
            Outcome::Mismatch => w.dob_mismatch,
            Outcome::Partial | Outcome::Unknown => 0.0,
        };
        total += match nationality.result {
            Outcome::Match => w.nationality_match,
            Outcome::Mismatch => w.nationality_mismatch,
            Outcome::Partial | Outcome::Unknown => 0.0,
        };
        if gender.result == Outcome::Mismatch {
            total += w.gender_mismatch;
        }
        if document.result == Outcome::Match {
            total = total.max(w.document_match_floor);
        }
        let total = round4(total.clamp(0.0, 1.0));
        if total < list.threshold {
            return None;
        }
        let band = if document.result == Outcome::Match
            || (total >= w.strong_threshold
                && (alignment.agreeing >= 2 || dob.result == Outcome::Match))
        {
            Band::Strong
        } else {
            Band::Possible
        };
        let l_text = |i: usize| name.tokens.get(i).map_or("", |t| self.token_text(t.id));
        let join = |texts: Vec<&str>| texts.join(" ");
        let name_evidence = NameEvidence {
            result: if name_score >= list.threshold {
                Outcome::Match
            } else if alignment.agreeing > 0 {
                Outcome::Partial
            } else {
                Outcome::Mismatch
            },
            score: round4(name_score),
            traveller: join(query.iter().map(|t| t.text.as_str()).collect()),
            list: join((0..name.tokens.len()).map(l_text).collect()),
            pairs: alignment
                .units
                .iter()
                .map(|u| TokenPair {
                    traveller: join(
                        query[u.query.clone()]
                            .iter()
                            .map(|t| t.text.as_str())
                            .collect(),
                    ),
                    list: join(u.list.clone().map(l_text).collect()),
                    similarity: round4(u.similarity),
                    kind: u.kind,
                })
                .collect(),
            unmatched_traveller_tokens: query
                .iter()
                .zip(&alignment.query_used)
                .filter(|(_, used)| !**used)
                .map(|(t, _)| t.text.clone())
                .collect(),
            unmatched_list_tokens: (0..name.tokens.len())
                .zip(&alignment.list_used)
                .filter(|(_, used)| !**used)
                .map(|(i, _)| l_text(i).to_owned())
                .collect(),
        };
        Some(Match {
            list: usize::from(li),
            entry: ei as usize,
            name: usize::from(name.name),
            score: total,
            band,
            name_evidence,
            date_of_birth: dob,
            nationality,
            gender,
            document,
        })
    }
}

/// Characters two tokens of lengths `la` and `lb` must have in common for Jaro-Winkler to
/// reach the floor, for each common-prefix length ℓ = 0..=4 (see [`Snapshot::fuzzy_scan`]).
fn min_matches(la: usize, lb: usize) -> [f64; 5] {
    std::array::from_fn(|l| {
        let jmin = (TOKEN_FLOOR - 0.1 * l as f64) / (1.0 - 0.1 * l as f64);
        (3.0 * jmin - 1.0) / (1.0 / la as f64 + 1.0 / lb as f64) - 1e-9
    })
}

/// The fuzzy scan's filter: false only if the pair provably cannot be a fuzzy pair at the
/// floor (too few characters in common for Jaro-Winkler, or for `budget` edits).
fn may_reach_floor(
    (ha, pa, la): (&Histogram, u32, usize),
    ((hb, pb), lb): (&(Histogram, u32), usize),
    needed: &[f64; 5],
    budget: usize,
) -> bool {
    let diff = pa ^ pb;
    let prefix = if diff == 0 {
        4
    } else {
        diff.trailing_zeros() as usize / 8
    };
    let overlap: u32 = ha
        .iter()
        .zip(hb.iter())
        .map(|(a, b)| u32::from(*a.min(b)))
        .sum();
    let needed = needed
        .get(prefix.min(la).min(lb).min(4))
        .copied()
        .unwrap_or(0.0);
    f64::from(overlap) >= needed && la + lb <= 2 * overlap as usize + 2 * budget
}

/// Dictionary ids of 3+ letters by length: the tokens of names (`tokens`), or the ids that
/// are only joined runs (`!tokens`).
fn length_buckets(
    dictionary: &dictionary::Dictionary,
    roles: &[u8],
    tokens: bool,
) -> Vec<LengthBucket> {
    let longest = dictionary.iter().map(|(_, t)| t.len()).max().unwrap_or(0);
    let mut buckets: Vec<LengthBucket> = (0..=longest).map(|_| LengthBucket::default()).collect();
    for (id, t) in dictionary.iter() {
        let is_token = roles.get(id as usize).is_none_or(|r| r & ROLE_TOKEN != 0);
        if is_token != tokens {
            continue;
        }
        if let Some(b) = buckets.get_mut(t.len()).filter(|_| t.len() >= 3) {
            b.ids.push(id);
            b.keys.push((histogram(t), prefix4(t)));
        }
    }
    buckets
}

/// A fixed hash of a phonetic key (the index is built and read in one process).
fn phonetic_hash(key: &score::PhoneticKey) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::with_seed(0x5eed).hash_one(key)
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// Rarity of a token posted under `df` of `total` names: 1 for rare tokens, down to 0.35
/// for the most common ones (log-scaled inverse document frequency).
fn rarity_of(df: usize, total: f64) -> f64 {
    let idf = (total / (df.max(1) as f64)).ln();
    let cap = total.ln().max(1.0);
    (0.35 + 0.65 * (idf / (0.6 * cap)).min(1.0)).clamp(0.35, 1.0)
}

/// Joined runs of 2 or 3 adjacent tokens (ABDUL RAHMAN → ABDULRAHMAN).
fn joined_runs(tokens: &[NameToken]) -> Vec<String> {
    let mut out = Vec::new();
    for start in 0..tokens.len() {
        let mut joined = tokens[start].text.clone();
        for t in tokens.iter().skip(start + 1).take(2) {
            joined.push_str(&t.text);
            out.push(joined.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_bound_never_drops_a_pair_at_the_floor() {
        // Every fuzzy pair at the floor (by the scorer itself) passes the scan's filter.
        let words = [
            "ABCDEFGHIJKLMNOP",
            "ABCDFEHGJILKNMPO",
            "MOHAMMED",
            "MUHAMMAD",
            "MOHAMED",
            "SMITH",
            "SMYTHE",
            "SMIHT",
            "DIXON",
            "DICKSONX",
            "MARTHA",
            "MARHTA",
            "JONES",
            "JOHNSON",
            "ZAWAHIRI",
            "ZAWAHARI",
            "ALEXANDR",
            "ALEKSANDR",
            "ABC",
            "ACB",
            "ABCD",
            "KARIMOV",
            "KARIMOVA",
            "KAIRMOV",
            "ANDERSON",
            "ANDERSSON",
            "ANDRESON",
            "BUCHENBERG",
            "BUHCENBERG",
        ];
        let mut pairs = 0;
        for a in words {
            for b in words {
                let (s, kind) = score::token_similarity(a, b, None);
                if s < TOKEN_FLOOR || kind != Kind::Fuzzy {
                    continue;
                }
                pairs += 1;
                let (la, lb) = (a.len(), b.len());
                let budget = score::edit_budget(la.min(lb));
                let key = (histogram(b), prefix4(b));
                assert!(
                    may_reach_floor(
                        (&histogram(a), prefix4(a), la),
                        (&key, lb),
                        &min_matches(la, lb),
                        budget
                    ),
                    "{a} {b} {s}"
                );
            }
        }
        assert!(pairs >= 10, "{pairs}");
    }

    #[test]
    fn rarity_is_bounded() {
        assert!((rarity_of(1, 40_000.0) - 1.0).abs() < 1e-9);
        assert!(rarity_of(4_000, 40_000.0) < 0.7);
        assert!(rarity_of(40_000, 40_000.0) >= 0.35);
    }
}
