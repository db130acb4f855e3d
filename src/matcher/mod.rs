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

pub mod evidence;
pub mod normalize;
pub mod score;
pub mod symbols;

use std::collections::HashMap;
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

fn prefix4(token: &str) -> [u8; 4] {
    let mut p = [0u8; 4];
    for (i, b) in token.bytes().take(4).enumerate() {
        p[i] = b;
    }
    p
}

/// Retrieval result of one traveller token: dictionary ids (sorted) with similarity.
type Row = Arc<Vec<(u32, f64, Kind)>>;

/// Bound on cached retrieval rows per snapshot.
const ROW_CACHE_CAPACITY: usize = 200_000;

/// Every list of one load, with the index built over them. Immutable once built.
#[derive(Debug)]
pub struct Snapshot {
    pub lists: Vec<Watchlist>,
    settings: Settings,
    /// Distinct list tokens (and joined runs), by id.
    dictionary: Vec<Box<str>>,
    ids: HashMap<Box<str>, u32>,
    /// Dictionary ids sorted by text, for truncation (prefix) lookups.
    sorted: Vec<u32>,
    rarity: Vec<f32>,
    lens: Vec<u8>,
    prefixes: Vec<[u8; 4]>,
    histograms: Vec<Histogram>,
    names: Vec<PreparedName>,
    /// Token id → prepared-name ids containing it (substantive tokens and joined runs).
    postings: Vec<Vec<u32>>,
    /// Normalised document number → (list, entry).
    documents: HashMap<String, Vec<(u16, u32)>>,
    rows: RwLock<HashMap<Box<str>, Row>>,
    /// When the snapshot was built.
    pub loaded_at: chrono::DateTime<chrono::Utc>,
    /// Seconds spent loading the lists and building the index (set by the loader).
    pub load_seconds: f64,
    /// The largest total token weight of any indexed name (for the retrieval bound).
    max_name_weight: f64,
}

struct Builder {
    dictionary: Vec<Box<str>>,
    ids: HashMap<Box<str>, u32>,
    postings: Vec<Vec<u32>>,
}

impl Builder {
    fn id(&mut self, text: &str) -> u32 {
        if let Some(&id) = self.ids.get(text) {
            return id;
        }
        let id = u32::try_from(self.dictionary.len()).unwrap_or(u32::MAX);
        self.dictionary.push(text.into());
        self.ids.insert(text.into(), id);
        self.postings.push(Vec::new());
        id
    }

    fn post(&mut self, token: u32, name: u32) {
        if let Some(p) = self.postings.get_mut(token as usize) {
            if p.last() != Some(&name) {
                p.push(name);
            }
        }
    }
}

impl Snapshot {
    /// Builds the index over the given lists.
    pub fn build(lists: Vec<Watchlist>, settings: Settings) -> Self {
        let mut b = Builder {
            dictionary: Vec::new(),
            ids: HashMap::new(),
            postings: Vec::new(),
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
                        let refs: Vec<TokenRef> = tokens
                            .iter()
                            .map(|t| TokenRef {
                                id: b.id(&t.text),
                                surname: t.surname,
                                particle: t.particle,
                            })
                            .collect();
                        for t in &tokens {
                            if !t.particle && t.text.len() >= 2 {
                                let id = b.id(&t.text);
                                b.post(id, name_id);
                            }
                        }
                        for joined in joined_runs(&tokens) {
                            let id = b.id(&joined);
                            b.post(id, name_id);
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
                    if key.len() >= 4 {
                        documents.entry(key).or_default().push((li, ei));
                    }
                }
            }
        }
        let total = names.len().max(1) as f64;
        let rarity = b
            .postings
            .iter()
            .map(|p| rarity_of(p.len(), total) as f32)
            .collect();
        let mut sorted: Vec<u32> =
            (0..u32::try_from(b.dictionary.len()).unwrap_or(u32::MAX)).collect();
        sorted.sort_by(|x, y| b.dictionary[*x as usize].cmp(&b.dictionary[*y as usize]));
        Snapshot {
            lens: b
                .dictionary
                .iter()
                .map(|t| u8::try_from(t.len()).unwrap_or(u8::MAX))
                .collect(),
            prefixes: b.dictionary.iter().map(|t| prefix4(t)).collect(),
            histograms: b.dictionary.iter().map(|t| histogram(t)).collect(),
            rarity,
            sorted,
            dictionary: b.dictionary,
            ids: b.ids,
            postings: b.postings,
            lists,
            settings,
            names,
            documents,
            rows: RwLock::new(HashMap::new()),
            loaded_at: chrono::Utc::now(),
            load_seconds: 0.0,
            max_name_weight: 0.0,
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
        self
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
        self.ids
            .get(token)
            .and_then(|id| self.rarity.get(*id as usize))
            .map_or(1.0, |r| f64::from(*r))
    }

    /// Aligns two names with this snapshot's token rarities: the name score used for
    /// screening, exposed for pairwise evaluation.
    pub fn name_score(&self, query: &[NameToken], list: &[NameToken]) -> score::Alignment {
        let q = self.tokens(query);
        let l = self.tokens(list);
        score::align(&q, &l, |i, j| {
            score::token_similarity(q[i].text, l[j].text, None)
        })
    }

    fn tokens<'a>(&self, tokens: &'a [NameToken]) -> Vec<Token<'a>> {
        tokens
            .iter()
            .map(|t| Token {
                text: &t.text,
                surname: t.surname,
                particle: t.particle,
                rarity: self.rarity(&t.text),
            })
            .collect()
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

    fn screen_with(&self, traveller: &Traveller, exhaustive: bool) -> Vec<Match> {
        let query = normalize::tokens_split(&traveller.name.surname, &traveller.name.given_names);
        let q = self.tokens(&query);
        let rows: Vec<Option<Row>> = if exhaustive {
            vec![None; query.len()]
        } else {
            query
                .iter()
                .map(|t| (t.text.len() >= 2 && !t.particle).then(|| self.similar_tokens(&t.text)))
                .collect()
        };

        // Entries reached through a document number are always evaluated.
        let mut doc_entries: Vec<(u16, u32)> = Vec::new();
        for doc in &traveller.documents {
            let key = evidence::normalize_document(&doc.number);
            if let Some(hits) = self.documents.get(&key) {
                doc_entries.extend_from_slice(hits);
            }
        }

        let mut best: HashMap<(u16, u32), (f64, u32)> = HashMap::new();
        let consider = |ni: u32, best: &mut HashMap<(u16, u32), (f64, u32)>| {
            let Some(name) = self.names.get(ni as usize) else {
                return;
            };
            let mut s = self.align_candidate(&q, &rows, name).score;
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
                consider(ni, &mut best);
            }
        } else {
            for (ni, _) in self.candidates(&query, &q, &rows, &doc_entries) {
                consider(ni, &mut best);
            }
        }
        // Entries reached through a document number, whatever their name score.
        for &(li, ei) in &doc_entries {
            if let Some(ni) = self.first_name_of(li, ei) {
                best.entry((li, ei)).or_insert((0.0, ni));
            }
        }

        let mut matches: Vec<Match> = best
            .into_iter()
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

    fn token_text(&self, id: u32) -> &str {
        self.dictionary.get(id as usize).map_or("", |t| t)
    }

    fn list_tokens(&self, name: &PreparedName) -> Vec<Token<'_>> {
        name.tokens
            .iter()
            .map(|t| Token {
                text: self.token_text(t.id),
                surname: t.surname,
                particle: t.particle,
                rarity: self
                    .rarity
                    .get(t.id as usize)
                    .map_or(1.0, |r| f64::from(*r)),
            })
            .collect()
    }

    /// The names that can reach their list's threshold, with an upper bound of their
    /// name score. Provably complete: a name is left out only if no alignment can lift
    /// it (plus the largest possible evidence bonus) to the lowest threshold.
    ///
    /// The bound: aligning a token is always worth at least leaving it out, so a name's
    /// score is at most (Q + L) / (Q + L + E), where Q is the weight of traveller tokens
    /// that can align with it, L its own total weight, and E the cost of traveller tokens
    /// that cannot. The heaviest traveller tokens H are chosen so that a name reached by
    /// none of them stays below the threshold even with the longest name in the index;
    /// only names posted under H's similar tokens (or under joined runs) are enumerated.
    fn candidates(
        &self,
        query: &[NameToken],
        q: &[Token],
        rows: &[Option<Row>],
        doc_entries: &[(u16, u32)],
    ) -> Vec<(u32, f64)> {
        let w = &self.settings.weights;
        let bonus = w.dob_match.max(0.0) + w.nationality_match.max(0.0);
        let t_min = self
            .lists
            .iter()
            .map(|l| l.threshold)
            .fold(1.0_f64, f64::min);
        let target = t_min - bonus;
        let weights: Vec<f64> = q.iter().map(Token::weight).collect();
        let costs: Vec<f64> = q
            .iter()
            .map(|t| 2.0 * t.unmatched_query_cost() * t.weight())
            .collect();
        // Heavy set H: substantive tokens with a row, costliest to miss first.
        let mut order: Vec<usize> = (0..q.len())
            .filter(|i| rows.get(*i).is_some_and(Option::is_some))
            .collect();
        order.sort_by(|a, b| costs[*b].total_cmp(&costs[*a]));
        let total_w: f64 = weights.iter().sum();
        let mut heavy: Vec<usize> = Vec::new();
        let (mut w_heavy, mut e_heavy) = (0.0, 0.0);
        for &i in &order {
            let light = total_w - w_heavy;
            let ub = (light + self.max_name_weight) / (light + self.max_name_weight + e_heavy);
            if !heavy.is_empty() && ub < target {
                break;
            }
            heavy.push(i);
            w_heavy += weights[i];
            e_heavy += costs[i];
        }
        // Enumerate names under H's rows, with the mask of H tokens that reach them.
        let mut masks: HashMap<u32, u64> = HashMap::new();
        for (bit, &i) in heavy.iter().enumerate() {
            if let Some(Some(row)) = rows.get(i) {
                for (id, _, _) in row.iter() {
                    for &ni in self
                        .postings
                        .get(*id as usize)
                        .map_or(&[][..], Vec::as_slice)
                    {
                        *masks.entry(ni).or_insert(0) |= 1 << bit.min(63);
                    }
                }
            }
        }
        // Names reached by joined runs or documents are never pruned.
        let mut keep_all: Vec<u32> = Vec::new();
        for joined in joined_runs(query) {
            let mut ids: Vec<u32> = self.ids.get(joined.as_str()).copied().into_iter().collect();
            ids.extend(symbols::related(&joined).filter_map(|r| self.ids.get(r).copied()));
            for id in ids {
                keep_all.extend_from_slice(
                    self.postings
                        .get(id as usize)
                        .map_or(&[][..], Vec::as_slice),
                );
            }
        }
        for &(li, ei) in doc_entries {
            let start = self.names.partition_point(|n| (n.list, n.entry) < (li, ei));
            for (ni, n) in self.names.iter().enumerate().skip(start) {
                if (n.list, n.entry) != (li, ei) {
                    break;
                }
                keep_all.push(u32::try_from(ni).unwrap_or(u32::MAX));
            }
        }
        let light_w = total_w - w_heavy;
        let mut out: Vec<(u32, f64)> = Vec::with_capacity(masks.len() + keep_all.len());
        for (ni, mask) in masks {
            let Some(name) = self.names.get(ni as usize) else {
                continue;
            };
            let (mut qa, mut e) = (light_w, 0.0);
            for (bit, &i) in heavy.iter().enumerate() {
                if mask & (1 << bit.min(63)) != 0 {
                    qa += weights[i];
                } else {
                    e += costs[i];
                }
            }
            let l = name.weight;
            let ub = if qa + l <= 0.0 {
                0.0
            } else {
                (qa + l) / (qa + l + e)
            };
            let threshold = self
                .lists
                .get(usize::from(name.list))
                .map_or(t_min, |x| x.threshold);
            if ub + bonus + 1e-9 >= threshold {
                out.push((ni, ub));
            }
        }
        out.extend(keep_all.into_iter().map(|ni| (ni, 1.0)));
        out.sort_unstable_by_key(|(ni, _)| *ni);
        out.dedup_by_key(|(ni, _)| *ni);
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
            let (qt, lt) = (&q[qi], &name.tokens[li]);
            match rows.get(qi).and_then(Option::as_ref) {
                // Substantive pairs come from the retrieval row (absent = below the floor).
                Some(row) if !lt.particle && l[li].text.len() >= 2 => {
                    match row.binary_search_by_key(&lt.id, |(id, _, _)| *id) {
                        Ok(i) => row.get(i).map_or((0.0, Kind::Fuzzy), |(_, s, k)| (*s, *k)),
                        Err(_) => (0.0, Kind::Fuzzy),
                    }
                }
                _ => score::token_similarity(qt.text, l[li].text, None),
            }
        })
    }

    /// Every dictionary token whose similarity with `token` reaches the floor, sorted by
    /// id. Cached per snapshot (bounded).
    pub fn similar_tokens(&self, token: &str) -> Row {
        if let Ok(cache) = self.rows.read() {
            if let Some(row) = cache.get(token) {
                return row.clone();
            }
        }
        let row = Arc::new(self.compute_similar(token));
        if let Ok(mut cache) = self.rows.write() {
            if cache.len() < ROW_CACHE_CAPACITY {
                cache.insert(token.into(), row.clone());
            }
        }
        row
    }

    fn compute_similar(&self, token: &str) -> Vec<(u32, f64, Kind)> {
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
        if let Some(&id) = self.ids.get(token) {
            consider(id, &mut found);
        }
        for r in symbols::related(token) {
            if let Some(&id) = self.ids.get(r) {
                consider(id, &mut found);
            }
        }
        if token.len() >= score::TRUNCATION_MIN_LEN {
            // Longer list tokens this one may be a truncation of …
            let start = self
                .sorted
                .partition_point(|id| self.token_text(*id) < token);
            for &id in self.sorted[start..]
                .iter()
                .take_while(|id| self.token_text(**id).starts_with(token))
            {
                consider(id, &mut found);
            }
            // … and shorter list tokens that may be truncations of it.
            for end in score::TRUNCATION_MIN_LEN..token.len() {
                if let Some(&id) = token.get(..end).and_then(|p| self.ids.get(p)) {
                    consider(id, &mut found);
                }
            }
        }
        if token.len() >= 3 {
            self.fuzzy_scan(token, &mut found);
        }
        let mut row: Vec<(u32, f64, Kind)> =
            found.into_iter().map(|(id, (s, k))| (id, s, k)).collect();
        row.sort_unstable_by_key(|(id, _, _)| *id);
        row
    }

    /// Fuzzy pairs over the dictionary, skipping tokens that provably cannot align:
    /// a fuzzy pair needs Jaro-Winkler ≥ t and an edit distance d within the budget of the
    /// shorter token. jw ≥ t needs j ≥ (t − 0.1ℓ)/(1 − 0.1ℓ) for common prefix ℓ ≤ 4, hence
    /// m ≥ (3j − 1)/(1/|a| + 1/|b|) matching characters; d ≤ k needs ||a| − |b|| ≤ k and
    /// an L1 histogram distance ≤ 2k. Both m and the L1 bound are checked through the
    /// character-count overlap C = Σ min(h_a, h_b) (m ≤ C; L1 = |a| + |b| − 2C).
    fn fuzzy_scan(&self, token: &str, found: &mut HashMap<u32, (f64, Kind)>) {
        let hq = histogram(token);
        let pq = prefix4(token);
        let la = token.len() as f64;
        let la_u = token.len();
        for (id, ((h, p), &lb)) in self
            .histograms
            .iter()
            .zip(&self.prefixes)
            .zip(&self.lens)
            .enumerate()
        {
            let lb_u = usize::from(lb);
            let budget = score::edit_budget(la_u.min(lb_u));
            if lb < 3 || la_u.abs_diff(lb_u) > budget {
                continue;
            }
            let mut l = 0;
            while l < 4 && p[l] == pq[l] && p[l] != 0 {
                l += 1;
            }
            let jmin = (TOKEN_FLOOR - 0.1 * l as f64) / (1.0 - 0.1 * l as f64);
            let mmin = (3.0 * jmin - 1.0) / (1.0 / la + 1.0 / f64::from(lb));
            let overlap: u32 = hq
                .iter()
                .zip(h.iter())
                .map(|(a, b)| u32::from(*a.min(b)))
                .sum();
            let overlap_u = overlap as usize;
            if f64::from(overlap) + 1e-9 < mmin || la_u + lb_u > 2 * overlap_u + 2 * budget {
                continue;
            }
            let id = u32::try_from(id).unwrap_or(u32::MAX);
            if found.contains_key(&id) {
                continue;
            }
            let (s, k) = score::token_similarity(token, self.token_text(id), None);
            if s >= TOKEN_FLOOR {
                found.insert(id, (s, k));
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
        let gender = evidence::gender(traveller.gender, entry.gender);
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
        // Exhaustive check of the bound against strsim on tricky pairs.
        let words = [
            "ABCDEFGHIJKLMNOP",
            "ABCDFEHGJILKNMPO",
            "MOHAMMED",
            "MUHAMMAD",
            "SMITH",
            "SMYTHE",
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
        ];
        for a in words {
            for b in words {
                let jw = strsim::jaro_winkler(a, b);
                if jw < TOKEN_FLOOR {
                    continue;
                }
                let (ha, hb) = (histogram(a), histogram(b));
                let (pa, pb) = (prefix4(a), prefix4(b));
                let mut l = 0;
                while l < 4 && pa[l] == pb[l] && pa[l] != 0 {
                    l += 1;
                }
                let jmin = (TOKEN_FLOOR - 0.1 * l as f64) / (1.0 - 0.1 * l as f64);
                let mmin = (3.0 * jmin - 1.0) / (1.0 / a.len() as f64 + 1.0 / b.len() as f64);
                let overlap: u32 = ha
                    .iter()
                    .zip(hb.iter())
                    .map(|(x, y)| u32::from(*x.min(y)))
                    .sum();
                assert!(f64::from(overlap) + 1e-9 >= mmin, "{a} {b} jw {jw}");
            }
        }
    }

    #[test]
    fn rarity_is_bounded() {
        assert!((rarity_of(1, 40_000.0) - 1.0).abs() < 1e-9);
        assert!(rarity_of(4_000, 40_000.0) < 0.7);
        assert!(rarity_of(40_000, 40_000.0) >= 0.35);
    }
}
