//! Retrieval of one traveller token: every dictionary token whose similarity with it
//! reaches [`TOKEN_FLOOR`], as a cached [`Row`].
//!
//! Each source of similar tokens is its own function: the token itself, a list initial of
//! its letter, symbol-table relatives (transliteration family, nickname), glued-particle
//! spellings, tokens spelled alike by sound, truncations both ways, the Jaro-Winkler scan
//! over length buckets (filtered by a bound that provably keeps every pair at the floor,
//! [`histogram`](super::histogram)), and, for a booking's possibly cut last token, the list
//! tokens it begins. Together they find every token [`token_similarity`] puts at or above
//! the floor, so a name none of them reaches has no substantive aligned unit.
//!
//! Invariants: a row is sorted by id, each similarity exactly [`token_similarity`]'s (or
//! [`tail_similarity`]'s when higher, for a cut token); rows are cached per snapshot, at
//! most [`ROW_CACHE_CAPACITY`] per kind, so a snapshot's memory stays bounded.

use std::sync::Arc;

use foldhash::{HashMap, HashMapExt};

use super::histogram::{histogram, may_reach_floor, min_matches, prefix4, LengthBucket};
use super::index::{Snapshot, ROLE_JOINED, ROLE_TOKEN};
use super::phonetic::{phonetic_hash, phonetic_key};
use super::row::{Row, RowData};
use super::score::{CUT_LENGTHS, SURNAME_WEIGHT};
use super::similarity::{
    edit_budget, glued_variants, tail_similarity, token_similarity, Kind, JOINED_SLIP_MIN_LEN,
    TAIL_MIN_LEN, TOKEN_FLOOR, TRUNCATION_MIN_LEN, VARIANT_SIMILARITY,
};
use super::symbols;

/// Bound on cached retrieval rows per snapshot.
const ROW_CACHE_CAPACITY: usize = 200_000;

/// Similar tokens found so far: dictionary id → (similarity, kind).
type Found = HashMap<u32, (f64, Kind)>;

impl Snapshot {
    /// Every dictionary token whose similarity with `token` reaches the floor, sorted by
    /// id, as a booking's possibly cut last token when `tail`. Cached per snapshot
    /// (bounded).
    pub(crate) fn similar_tokens(&self, token: &str, tail: bool) -> Row {
        let cache = if tail { &self.tail_rows } else { &self.rows };
        if let Ok(cache) = cache.read() {
            if let Some(row) = cache.get(token) {
                return row.clone();
            }
        }
        let pairs = self.similar_pairs(token, tail);
        let bounds: Vec<(f64, f64)> = pairs
            .iter()
            .map(|(id, sim, kind)| {
                // A joined run related to the token forms a unit at the variant similarity
                // whatever the relation ([`align`](super::score::align)).
                let joined = self
                    .roles
                    .get(*id as usize)
                    .is_none_or(|r| r & ROLE_JOINED != 0);
                let sim = if joined && *kind == Kind::Nickname {
                    sim.max(VARIANT_SIMILARITY)
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

    /// The most the list side of a unit pairing `token` with row entry `id` (reached as
    /// `kind`) can weigh: as a single list token, its own bound; as a joined run (several
    /// tokens, each with its own rarity ≤ 1), only when equal, related, one slip away or
    /// cut by an airline can it form a unit ([`align`](super::score::align)), weighing at most its length × the surname
    /// factor.
    fn partner_weight(&self, token: &str, id: u32, kind: Kind) -> f64 {
        let role = self.roles.get(id as usize).copied().unwrap_or(u8::MAX);
        let len = self.token_text(id).len();
        let as_token = if role & ROLE_TOKEN != 0 {
            self.list_token_bound(id)
        } else {
            0.0
        };
        // A token of a cut length also forms a unit with a run it begins and ends inside
        // the last token of (`score::CUT_LENGTHS`).
        let joinable = matches!(kind, Kind::Exact | Kind::Variant | Kind::Nickname)
            || len.abs_diff(token.len()) <= 1
            || (kind == Kind::Truncation
                && CUT_LENGTHS.contains(&token.len())
                && self.may_cut_inside_last(token, id));
        let as_joined = if role & ROLE_JOINED != 0 && joinable {
            len as f64 * SURNAME_WEIGHT
        } else {
            0.0
        };
        as_token.max(as_joined)
    }

    /// Whether joined run `id` may split into earlier tokens (a dictionary id) and a last
    /// list token that `cut` ends inside, as `score::joined_units` needs of a cut run.
    fn may_cut_inside_last(&self, cut: &str, id: u32) -> bool {
        let text = self.token_text(id);
        (1..cut.len().min(text.len())).any(|p| {
            let last = text.get(p..).and_then(|t| self.dictionary.id(t));
            last.is_some_and(|l| {
                self.roles
                    .get(l as usize)
                    .is_some_and(|r| r & ROLE_TOKEN != 0)
            }) && text.get(..p).and_then(|t| self.dictionary.id(t)).is_some()
        })
    }

    /// The pairs of a row: every source below, then sorted by id.
    fn similar_pairs(&self, token: &str, tail: bool) -> Vec<(u32, f64, Kind)> {
        let mut found: Found = HashMap::new();
        self.exact(token, &mut found);
        self.initial(token, &mut found);
        self.relatives(token, &mut found);
        self.glued(token, &mut found);
        self.sound_alike(token, &mut found);
        if token.len() >= TRUNCATION_MIN_LEN {
            self.truncations(token, &mut found);
        }
        if token.len() >= 3 {
            self.fuzzy_scan(token, &mut found);
        }
        if tail && token.len() >= TAIL_MIN_LEN {
            self.cut_from(token, &mut found);
        }
        let mut row: Vec<(u32, f64, Kind)> =
            found.into_iter().map(|(id, (s, k))| (id, s, k)).collect();
        row.sort_unstable_by_key(|(id, _, _)| *id);
        row
    }

    /// Adds `id` with its similarity to `token`, if not found yet and at the floor.
    #[inline]
    fn consider(&self, token: &str, id: u32, found: &mut Found) {
        if found.contains_key(&id) {
            return;
        }
        let (s, k) = token_similarity(token, self.token_text(id), None);
        if s >= TOKEN_FLOOR {
            found.insert(id, (s, k));
        }
    }

    /// The token itself, when a list has it.
    fn exact(&self, token: &str, found: &mut Found) {
        if let Some(id) = self.dictionary.id(token) {
            self.consider(token, id, found);
        }
    }

    /// A list initial of the same letter.
    fn initial(&self, token: &str, found: &mut Found) {
        if let Some(id) = token
            .get(..1)
            .filter(|_| token.len() >= 2)
            .and_then(|i| self.dictionary.id(i))
        {
            self.consider(token, id, found);
        }
    }

    /// Symbol-table relatives: the token's transliteration family and nicknames.
    fn relatives(&self, token: &str, found: &mut Found) {
        for r in symbols::related(token) {
            if let Some(id) = self.dictionary.id(r) {
                self.consider(token, id, found);
            }
        }
    }

    /// The token with a leading particle written another way (ELASSAD → ALASSAD).
    fn glued(&self, token: &str, found: &mut Found) {
        for glued in glued_variants(token) {
            if let Some(id) = self.dictionary.id(&glued) {
                self.consider(token, id, found);
            }
        }
    }

    /// List tokens spelled alike by sound: the key itself, and every token whose key
    /// hashes alike ([`Snapshot::phonetic`]).
    fn sound_alike(&self, token: &str, found: &mut Found) {
        if let Some(key) = phonetic_key(token) {
            if let Some(id) = self.dictionary.id(key.as_str()) {
                self.consider(token, id, found);
            }
            let h = phonetic_hash(&key);
            let start = self.phonetic.partition_point(|e| e.0 < h);
            for &(_, id) in self.phonetic[start..].iter().take_while(|e| e.0 == h) {
                self.consider(token, id, found);
            }
        }
    }

    /// Truncations: longer list tokens this one may be a truncation of, and shorter list
    /// tokens that may be truncations of it.
    fn truncations(&self, token: &str, found: &mut Found) {
        // Longer list tokens this one may be a truncation of …
        for id in self.beginning_with(token) {
            self.consider(token, id, found);
        }
        // … and shorter list tokens that may be truncations of it.
        for end in TRUNCATION_MIN_LEN..token.len() {
            if let Some(id) = token.get(..end).and_then(|p| self.dictionary.id(p)) {
                self.consider(token, id, found);
            }
        }
    }

    /// List tokens a cut last token begins ([`tail_similarity`]), where that scores
    /// higher than the plain similarity.
    fn cut_from(&self, token: &str, found: &mut Found) {
        // As `score::pair_similarity` pairs them.
        for id in self.beginning_with(token) {
            let is_token = self
                .roles
                .get(id as usize)
                .is_some_and(|r| r & ROLE_TOKEN != 0);
            let cut = tail_similarity(token, self.token_text(id));
            let Some(cut) = cut.filter(|_| is_token) else {
                continue;
            };
            let plain = found.get(&id).map_or(0.0, |f| f.0);
            if cut.0 > plain {
                found.insert(id, cut);
            }
        }
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

    /// Jaro-Winkler: fuzzy pairs over the dictionary, skipping tokens that provably cannot
    /// align ([`may_reach_floor`]). Only lengths within the edit budget are scanned
    /// (tokens bucketed by length). Ids that are only joined runs are scanned for one
    /// edit, as a joined unit allows.
    fn fuzzy_scan(&self, token: &str, found: &mut Found) {
        let la = token.len();
        let reach = edit_budget(la);
        self.scan_buckets(token, &self.by_length, reach, found);
        if la >= JOINED_SLIP_MIN_LEN {
            self.scan_buckets(token, &self.joined_by_length, 1, found);
        }
    }

    /// [`Self::fuzzy_scan`] over `buckets`, for lengths within `reach` of the token's.
    fn scan_buckets(&self, token: &str, buckets: &[LengthBucket], reach: usize, found: &mut Found) {
        let hq = histogram(token);
        let pq = prefix4(token);
        let la = token.len();
        for lb in la.saturating_sub(reach).max(3)..=la + reach {
            let Some(bucket) = buckets.get(lb) else {
                continue;
            };
            let budget = edit_budget(la.min(lb)).min(reach);
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
                let (s, k) = token_similarity(token, self.token_text(id), None);
                if s >= TOKEN_FLOOR {
                    found.insert(id, (s, k));
                }
            }
        }
    }
}
