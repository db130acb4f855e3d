//! The snapshot: every list of one load, and the index built over them once.
//!
//! [`Snapshot::build`] normalises each list name (and its ICAO spelling) into a
//! [`PreparedName`] of dictionary ids and posts the name under each of its tokens and
//! joined runs (2-3 adjacent tokens, ABDUL RAHMAN → ABDULRAHMAN). The index holds the
//! token dictionary, the postings (id → names) and their inverse (name → ids), each
//! token's rarity and roles, the ids sorted by text (prefix lookups), the phonetic table,
//! the length buckets the fuzzy scan reads ([`histogram`](super::histogram)), document
//! numbers → entries, and the weight bounds retrieval prunes with.
//!
//! Invariants: immutable once built, except the bounded cache of per-token retrieval rows
//! (`retrieve`); names are stored in (list, entry) order; dictionary ids are dense and
//! every posting list is in name order.

use std::sync::RwLock;

use foldhash::{HashMap, HashMapExt};

use super::dictionary::Dictionary;
use super::evidence;
use super::histogram::{histogram, prefix4, LengthBucket};
use super::normalize::{self, NameToken};
use super::phonetic::{phonetic_hash, phonetic_key};
use super::row::Row;
use super::score::{self, NamePart, Token};
use super::settings::{Settings, Weights};
use crate::watchlist::{Entry, EntryKind, ListName, NameQuality, Watchlist};

/// One token of a prepared list name: its dictionary id and how it counts.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TokenRef {
    pub(crate) id: u32,
    pub(crate) surname: bool,
    pub(crate) particle: bool,
    /// Its part in a long name ([`score::name_parts`]).
    pub(crate) part: NamePart,
}

/// One indexed spelling of a list name (plain or ICAO), as dictionary ids.
#[derive(Debug)]
pub(crate) struct PreparedName {
    pub(crate) list: u16,
    pub(crate) entry: u32,
    pub(crate) name: u16,
    pub(crate) quality: NameQuality,
    pub(crate) tokens: Vec<TokenRef>,
    /// Σ of the tokens' weights (set after the dictionary's rarities are known).
    pub(crate) weight: f64,
}

/// [`score::name_parts`] of a list name's tokens: a `person`'s only (an organisation's
/// name is kept whole).
pub(crate) fn name_parts(tokens: &[NameToken], person: bool) -> Vec<NamePart> {
    if !person {
        return vec![NamePart::Whole; tokens.len()];
    }
    let flags: Vec<(bool, bool)> = tokens
        .iter()
        .map(|t| (t.surname, t.substantive()))
        .collect();
    score::name_parts(&flags)
}

/// Every list of one load, with the index built over them. Immutable once built.
#[derive(Debug)]
pub struct Snapshot {
    pub lists: Vec<Watchlist>,
    pub(crate) settings: Settings,
    /// Distinct list tokens (and joined runs), by id.
    pub(crate) dictionary: Dictionary,
    /// Dictionary ids sorted by text, for truncation (prefix) lookups.
    pub(crate) sorted: Vec<u32>,
    /// (hash of the phonetic key, id) of list tokens whose key differs from their text,
    /// sorted: with the dictionary (tokens that are their own key), every token spelled
    /// alike by sound is one lookup away ([`phonetic_key`]).
    pub(crate) phonetic: Vec<(u64, u32)>,
    pub(crate) rarity: Vec<f32>,
    /// Dictionary tokens of 3+ letters by length, for the fuzzy scan.
    pub(crate) by_length: Vec<LengthBucket>,
    /// Ids that are only ever joined runs, by length: they matter to a traveller token
    /// only as one unit within one edit of it ([`score::align`]), so they are scanned
    /// apart, for long tokens and adjacent lengths only.
    pub(crate) joined_by_length: Vec<LengthBucket>,
    pub(crate) names: Vec<PreparedName>,
    /// Token id → prepared-name ids posted under it (every token and joined run), as
    /// `postings[postings_at[id]..postings_at[id + 1]]`.
    pub(crate) postings: Vec<u32>,
    pub(crate) postings_at: Vec<u32>,
    /// The inverse: name id → the ids it is posted under, as `posted[posted_at[n]..posted_at[n + 1]]`.
    pub(crate) posted: Vec<u32>,
    pub(crate) posted_at: Vec<u32>,
    /// Token id → [`ROLE_TOKEN`] and/or [`ROLE_JOINED`].
    pub(crate) roles: Vec<u8>,
    /// Normalised document number → (list, entry).
    pub(crate) documents: HashMap<String, Vec<(u16, u32)>>,
    /// Cached retrieval rows by traveller token (bounded; see `retrieve`).
    pub(crate) rows: RwLock<HashMap<Box<str>, Row>>,
    /// The same for a booking's possibly cut last token ([`score::Token::tail`]).
    pub(crate) tail_rows: RwLock<HashMap<Box<str>, Row>>,
    /// Seconds spent loading the lists and building the index (set by the loader).
    pub(crate) load_seconds: f64,
    /// The largest total token weight of any indexed name (for the retrieval bound).
    pub(crate) max_name_weight: f64,
    /// The largest weight of a list token, overall and by first letter A-Z (for the bound).
    pub(crate) max_token_weight: f64,
    pub(crate) max_token_weight_by_letter: [f64; 26],
}

/// The id is a token of some name.
pub(crate) const ROLE_TOKEN: u8 = 1;
/// The id is a joined run (2-3 adjacent tokens) of some name.
pub(crate) const ROLE_JOINED: u8 = 2;

/// The index while it is built: the dictionary and, per name, the ids it is posted under.
#[derive(Default)]
struct Builder {
    dictionary: Dictionary,
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
    /// The prepared names, in (list, entry) order.
    names: Vec<PreparedName>,
    /// Normalised document number → (list, entry).
    documents: HashMap<String, Vec<(u16, u32)>>,
}

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

    /// Indexes every spelling of every name of `entry`, then its documents.
    fn add_entry(&mut self, entry: &Entry, li: u16, ei: u32) {
        let person = entry.kind == EntryKind::Person;
        for (ni, name) in entry.names.iter().enumerate() {
            for tokens in spellings(name) {
                if tokens.is_empty() {
                    continue;
                }
                let ni = u16::try_from(ni).unwrap_or(u16::MAX);
                self.add_name(&tokens, person, (li, ei, ni), name.quality);
            }
        }
        for doc in &entry.documents {
            let key = evidence::normalize_document(&doc.number);
            if key.len() >= evidence::MIN_DOCUMENT_LEN {
                self.documents.entry(key).or_default().push((li, ei));
            }
        }
    }

    /// Indexes one spelling of a list name (`tokens`, of list, entry and name `at`) as the
    /// next prepared name: interns its tokens and joined runs and posts the name under each.
    fn add_name(
        &mut self,
        tokens: &[NameToken],
        person: bool,
        (list, entry, name): (u16, u32, u16),
        quality: NameQuality,
    ) {
        let name_id = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        self.posted_at
            .push(u32::try_from(self.posted.len()).unwrap_or(u32::MAX));
        let parts = name_parts(tokens, person);
        let refs: Vec<TokenRef> = tokens
            .iter()
            .zip(&parts)
            .map(|(t, part)| TokenRef {
                id: self.id(&t.text),
                surname: t.surname,
                particle: t.particle,
                part: *part,
            })
            .collect();
        // Every token is posted (an initial or particle can align too); only
        // substantive tokens and joined runs count towards rarity.
        for (t, r) in tokens.iter().zip(&refs) {
            self.post(r.id, name_id, t.substantive());
            if let Some(role) = self.roles.get_mut(r.id as usize) {
                *role |= ROLE_TOKEN;
            }
        }
        for joined in joined_runs(tokens) {
            let id = self.id(&joined);
            self.post(id, name_id, true);
            if let Some(r) = self.roles.get_mut(id as usize) {
                *r |= ROLE_JOINED;
            }
        }
        self.names.push(PreparedName {
            list,
            entry,
            name,
            quality,
            tokens: refs,
            weight: 0.0,
        });
    }
}

/// A list name's tokens as the list writes it (split into surname and given names when
/// the list does), then in its ICAO spelling if it has one (MÜLLER → MUELLER).
fn spellings(name: &ListName) -> impl Iterator<Item = Vec<NameToken>> {
    let plain = match &name.surname {
        Some(s) => normalize::tokens_split(s, name.given.as_deref().unwrap_or("")),
        None => normalize::tokens_full(&name.full),
    };
    let icao = normalize::icao_variant(name.surname.as_deref(), name.given.as_deref(), &name.full);
    std::iter::once(plain).chain(icao)
}

impl Snapshot {
    /// Builds the index over the given lists.
    pub fn build(lists: Vec<Watchlist>, settings: Settings) -> Self {
        let mut b = Builder::default();
        for (li, list) in lists.iter().enumerate() {
            let li = u16::try_from(li).unwrap_or(u16::MAX);
            for (ei, entry) in list.entries.iter().enumerate() {
                let ei = u32::try_from(ei).unwrap_or(u32::MAX);
                b.add_entry(entry, li, ei);
            }
        }
        b.posted_at
            .push(u32::try_from(b.posted.len()).unwrap_or(u32::MAX));
        Self::from_builder(b, lists, settings).with_max_name_weight()
    }

    /// The snapshot over what `b` indexed: postings inverted, rarities, the sorted and
    /// phonetic orders, length buckets (weight bounds still unset).
    fn from_builder(mut b: Builder, lists: Vec<Watchlist>, settings: Settings) -> Self {
        let total = b.names.len().max(1) as f64;
        let (postings, postings_at) = b.postings();
        let rarity =
            b.df.iter()
                .map(|df| rarity_of(*df as usize, total) as f32)
                .collect();
        let sorted = sorted_by_text(&b.dictionary);
        let phonetic = phonetic_table(&b.dictionary, &b.roles);
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
            names: b.names,
            documents: b.documents,
            rows: RwLock::new(HashMap::new()),
            tail_rows: RwLock::new(HashMap::new()),
            load_seconds: 0.0,
            max_name_weight: 0.0,
            max_token_weight: 0.0,
            max_token_weight_by_letter: [0.0; 26],
        }
    }

    /// Sets each name's weight and the weight bounds retrieval prunes with (they need the
    /// rarities).
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
    pub(crate) fn list_token_bound(&self, id: u32) -> f64 {
        let len = self.token_text(id).len();
        let rarity = self.rarity.get(id as usize).map_or(1.0, |r| f64::from(*r));
        len as f64 * rarity * score::SURNAME_WEIGHT
    }

    /// The evidence weights in force.
    pub(crate) fn weights(&self) -> Weights {
        self.settings.weights
    }

    /// Number of indexed names (primary names, aliases and their ICAO spellings).
    pub fn name_count(&self) -> usize {
        self.names.len()
    }

    /// Rarity (0.35..=1) of a token in the watchlists; unknown tokens are rare.
    pub(crate) fn rarity(&self, token: &str) -> f64 {
        self.dictionary
            .id(token)
            .and_then(|id| self.rarity.get(id as usize))
            .map_or(1.0, |r| f64::from(*r))
    }

    /// The first prepared name of `entry` of `list`, if it has one.
    pub(crate) fn first_name_of(&self, list: u16, entry: u32) -> Option<u32> {
        let i = self
            .names
            .partition_point(|n| (n.list, n.entry) < (list, entry));
        let n = self.names.get(i)?;
        ((n.list, n.entry) == (list, entry)).then(|| u32::try_from(i).unwrap_or(u32::MAX))
    }

    /// The prepared names posted under dictionary id `id`, in name order.
    pub(crate) fn postings_of(&self, id: u32) -> &[u32] {
        let at = |i: usize| self.postings_at.get(i).map_or(0, |x| *x as usize);
        let i = id as usize;
        self.postings.get(at(i)..at(i + 1)).unwrap_or(&[])
    }

    /// The dictionary ids prepared name `name` is posted under.
    pub(crate) fn posted_of(&self, name: u32) -> &[u32] {
        let at = |n: usize| self.posted_at.get(n).map_or(0, |x| *x as usize);
        let n = name as usize;
        self.posted.get(at(n)..at(n + 1)).unwrap_or(&[])
    }

    /// The text of dictionary id `id`.
    pub(crate) fn token_text(&self, id: u32) -> &str {
        self.dictionary.get(id)
    }

    /// A prepared name's tokens, ready to align.
    pub(crate) fn list_tokens(&self, name: &PreparedName) -> Vec<Token<'_>> {
        let mut out = Vec::with_capacity(name.tokens.len());
        self.fill_list_tokens(name, &mut out);
        out
    }

    /// [`Self::list_tokens`] into a reused buffer (the scoring loop's).
    pub(crate) fn fill_list_tokens<'s>(&'s self, name: &PreparedName, out: &mut Vec<Token<'s>>) {
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
}

/// Dictionary ids sorted by text, for truncation (prefix) lookups.
fn sorted_by_text(dictionary: &Dictionary) -> Vec<u32> {
    let mut sorted: Vec<u32> = (0..u32::try_from(dictionary.len()).unwrap_or(u32::MAX)).collect();
    sorted.sort_by(|x, y| dictionary.get(*x).cmp(dictionary.get(*y)));
    sorted
}

/// (hash of the phonetic key, id) of the list tokens whose key differs from their text,
/// sorted (see [`Snapshot::phonetic`]).
fn phonetic_table(dictionary: &Dictionary, roles: &[u8]) -> Vec<(u64, u32)> {
    let mut phonetic: Vec<(u64, u32)> = dictionary
        .iter()
        .filter(|(id, _)| roles.get(*id as usize).is_some_and(|r| r & ROLE_TOKEN != 0))
        .filter_map(|(id, text)| {
            let key = phonetic_key(text)?;
            (key.as_str() != text).then(|| (phonetic_hash(&key), id))
        })
        .collect();
    phonetic.sort_unstable();
    phonetic.shrink_to_fit();
    phonetic
}

/// Dictionary ids of 3+ letters by length: the tokens of names (`tokens`), or the ids that
/// are only joined runs (`!tokens`).
fn length_buckets(dictionary: &Dictionary, roles: &[u8], tokens: bool) -> Vec<LengthBucket> {
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

/// Rarity of a token posted under `df` of `total` names: 1 for rare tokens, down to 0.35
/// for the most common ones (log-scaled inverse document frequency).
fn rarity_of(df: usize, total: f64) -> f64 {
    let idf = (total / (df.max(1) as f64)).ln();
    let cap = total.ln().max(1.0);
    (0.35 + 0.65 * (idf / (0.6 * cap)).min(1.0)).clamp(0.35, 1.0)
}

/// Joined runs of 2 or 3 adjacent tokens (ABDUL RAHMAN → ABDULRAHMAN).
pub(crate) fn joined_runs(tokens: &[NameToken]) -> Vec<String> {
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
    fn rarity_is_bounded() {
        assert!((rarity_of(1, 40_000.0) - 1.0).abs() < 1e-9);
        assert!(rarity_of(4_000, 40_000.0) < 0.7);
        assert!(rarity_of(40_000, 40_000.0) >= 0.35);
    }
}
