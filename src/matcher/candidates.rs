//! The names worth scoring for one traveller, and why every other name can be skipped.
//!
//! Three sources of candidates, each its own function: names posted under the traveller
//! tokens' retrieval rows that pass a provable score bound ([`Snapshot::bounded_names`]),
//! names posted under the traveller's joined runs ([`Snapshot::joined_run_names`]), and
//! the names of entries a travel document reached ([`Snapshot::document_names`]). The
//! bound is documented on [`Snapshot::candidates`]; its steps follow it: per-token
//! bounds, the heavy set, flagging names through the heavy and covering rows, and the
//! per-name probe and test.
//!
//! Invariants: complete — a name is left out only if no alignment can lift it (plus the
//! evidence bonus the traveller's data can earn and the rounding to 4 decimals) to its
//! list's threshold, which `tests/it/equivalence.rs` checks against exhaustive scoring;
//! per traveller the cost is O(postings of the rows read + names probed), with
//! per-thread scratch reset through the touched names only.

use super::evidence;
use super::index::{joined_runs, Snapshot, ROLE_JOINED};
use super::normalize::NameToken;
use super::row::{Row, RowData};
use super::score::{Joins, Token, EXTRA_LIST, MISSING_LIST, SURNAME_WEIGHT};
use super::similarity::{glued_variants, TRUNCATION_MIN_LEN};
use super::symbols;
use crate::pnr::model::Traveller;

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
/// when the whole list name aligns (unaligned traveller tokens at their covered cost), how many
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

/// The most the aligned weight `a` scores against the unaligned cost `e`: `a / (a + e)`.
#[inline]
fn ub(a: f64, e: f64) -> f64 {
    if a <= 0.0 {
        0.0
    } else {
        a / (a + e)
    }
}

/// What the bound knows of each traveller token: its retrieval row (none for particles and
/// initials), its weight, its cost when left unaligned (full, and covered: when the whole
/// list name aligns, lower), and the most a partner of it can weigh.
struct TokenBounds<'r> {
    rows: &'r [Option<Row>],
    weights: Vec<f64>,
    full_costs: Vec<f64>,
    costs: Vec<f64>,
    partners: Vec<f64>,
}

impl TokenBounds<'_> {
    #[inline]
    fn row_of(&self, i: usize) -> Option<&RowData> {
        self.rows.get(i).and_then(Option::as_deref)
    }
}

/// The traveller's row entries grouped by dictionary id, as the probe reads them
/// (borrowed from [`ProbeScratch`]).
struct EntriesById<'s> {
    entries: &'s [(u32, usize, f64, f64)],
    slot: &'s [u32],
    in_rows: &'s [u64],
}

/// Per traveller token its best gain over all its row entries at the loosest test
/// (`topᵢ`), and the sums of those over the heavy set H and over the other tokens.
struct Tops {
    top: Vec<f64>,
    heavy_top: f64,
    rest_top: f64,
}

impl Snapshot {
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
    /// unaligned traveller tokens cost their covered cost c'ᵢ ≤ cᵢ (a given name's fixed, a
    /// surname's, beside another, at least as for its own weight over the other tokens'):
    /// the name is then
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
    pub(crate) fn candidates(
        &self,
        query: &[NameToken],
        q: &[Token],
        rows: &[Option<Row>],
        doc_entries: &[(u16, u32)],
        slack: f64,
    ) -> Vec<(u32, Joins)> {
        let t_min = self
            .lists
            .iter()
            .map(|l| l.threshold)
            .fold(1.0_f64, f64::min);
        let bounds = self.token_bounds(q, rows);
        let mut out: Vec<(u32, Joins)> = Vec::new();
        PROBE.with_borrow_mut(|scratch| {
            self.bounded_names(&bounds, t_min, slack, scratch, &mut out);
        });
        // Names reached by joined runs or documents are never pruned.
        self.joined_run_names(query, &mut out);
        self.document_names(doc_entries, &mut out);
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

    /// Per traveller token, what the bound reads ([`TokenBounds`]).
    fn token_bounds<'r>(&self, q: &[Token], rows: &'r [Option<Row>]) -> TokenBounds<'r> {
        let row_of = |i: usize| rows.get(i).and_then(Option::as_deref);
        let weights: Vec<f64> = q.iter().map(Token::weight).collect();
        // Full costs apply unless the whole list name aligns, covered costs then (lower):
        // every test that must hold in both cases uses the covered ones.
        let full_costs: Vec<f64> = q
            .iter()
            .map(|t| 2.0 * t.unmatched_query_cost() * t.weight())
            .collect();
        // A surname's covered cost scales with the booking's unaligned over aligned weight
        // when another of its surname tokens aligned: at least the token's own weight over
        // the others' when it stays unaligned, and in full without another surname token.
        let total: f64 = weights.iter().sum();
        let costs: Vec<f64> = q
            .iter()
            .zip(&weights)
            .enumerate()
            .map(|(i, (t, w))| {
                let rest = total - w;
                let other_surname = q
                    .iter()
                    .enumerate()
                    .any(|(j, o)| j != i && o.surname && o.substantive());
                let least = if rest > 0.0 && other_surname {
                    w / rest
                } else {
                    1.0
                };
                2.0 * t.covered_query_cost(least) * w
            })
            .collect();
        let partners: Vec<f64> = q
            .iter()
            .enumerate()
            .map(|(i, t)| self.partner_bound(t, row_of(i)))
            .collect();
        TokenBounds {
            rows,
            weights,
            full_costs,
            costs,
            partners,
        }
    }

    /// The most any list tokens aligned in one unit with traveller token `t` can weigh
    /// (surname factor included). With a retrieval row, every list token `t` can pair
    /// with is in the row (particles and initials are posted too), and so is every joined
    /// run of list tokens that can align with it as one unit (equal, a relative, or one
    /// slip away); units joining several traveller tokens are never pruned (see
    /// `candidates`). Tokens without a row pair through [`pair_similarity`](super::score::pair_similarity): an
    /// initial with any token of its letter, a long token with its truncations, anything
    /// else only with a relative (at most [`symbols::length_spread`] longer) or within one
    /// edit (a particle pairs with nothing by sound), at rarity ≤ 1.
    fn partner_bound(&self, t: &Token, row: Option<&RowData>) -> f64 {
        let len = t.text.len();
        // A relative is at most `length_spread` longer; a token spelled alike by sound at
        // most three letters per letter of its key (TCH, SCH, DZH).
        let near = SURNAME_WEIGHT * (len + symbols::length_spread().max(1)).max(3 * len) as f64;
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
            None if len >= TRUNCATION_MIN_LEN => self.max_token_weight,
            None => near,
        }
    }

    /// The heavy set H: the traveller tokens with a row costliest to miss per name
    /// enumerated, added until a name reached by none of them stays below `target` (see
    /// [`Self::candidates`]).
    fn heavy_set(&self, bounds: &TokenBounds, target: f64) -> Vec<usize> {
        let (weights, full_costs, costs, partners) = (
            &bounds.weights,
            &bounds.full_costs,
            &bounds.costs,
            &bounds.partners,
        );
        // Heavy set H: tokens with a row, the most cost to miss per name enumerated first.
        let mut order: Vec<usize> = (0..weights.len())
            .filter(|i| bounds.row_of(*i).is_some())
            .collect();
        let per_name =
            |i: usize| costs[i] / (bounds.row_of(i).map_or(0, |r| r.volume) as f64 + 1.0);
        order.sort_by(|x, y| per_name(*y).total_cmp(&per_name(*x)));
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
        heavy
    }

    /// The bounded source of candidates: the names the heavy rows reach that every covering
    /// row also reaches (or a heavy entry covers) and that pass the per-name test, into
    /// `out`; `scratch` is left reset.
    fn bounded_names(
        &self,
        bounds: &TokenBounds,
        t_min: f64,
        slack: f64,
        scratch: &mut ProbeScratch,
        out: &mut Vec<(u32, Joins)>,
    ) {
        let target = t_min - slack;
        let heavy = self.heavy_set(bounds, target);
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
        load_entries(bounds.rows, entries, slot, in_rows);
        let tops = Tops::new(bounds, &heavy, entries, target);
        let (covers, need) = covering_rows(bounds, &heavy, &tops, target);
        self.flag_names(bounds, &heavy, &tops, &covers, target, seen, touched);
        let by_id = EntriesById {
            entries,
            slot,
            in_rows,
        };
        for &ni in touched.iter() {
            let Some(m) = seen.get_mut(ni as usize) else {
                continue;
            };
            let reached_all = *m == need;
            *m = 0;
            if !reached_all {
                continue;
            }
            if let Some(joins) = self.test_name(bounds, &by_id, best, ni, t_min, slack) {
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
    }

    /// Flags, in `seen`, the names the heavy rows reach (bit 0, and the bits of the
    /// covering rows each heavy entry covers), listing them in `touched`; then the bits of
    /// the covering rows, for names already reached.
    #[allow(clippy::too_many_arguments)]
    fn flag_names(
        &self,
        bounds: &TokenBounds,
        heavy: &[usize],
        tops: &Tops,
        covers: &[(usize, u8, f64)],
        target: f64,
        seen: &mut [u8],
        touched: &mut Vec<u32>,
    ) {
        for &h in heavy {
            let Some(row) = bounds.row_of(h) else {
                continue;
            };
            for (k, id) in row.ids().enumerate() {
                let g = tops.heavy_gain(bounds, h, k, target);
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
        for &(i, bit, _) in covers {
            for id in bounds.row_of(i).into_iter().flat_map(RowData::ids) {
                for &ni in self.postings_of(id) {
                    if let Some(m) = seen.get_mut(ni as usize).filter(|m| **m != 0) {
                        *m |= bit;
                    }
                }
            }
        }
    }

    /// The test for one name at threshold t (see [`Probe`]). Tokens without a row align
    /// at s = 1.
    ///
    /// With X = u·(L − aligned list weight), u = 2·EXTRA_LIST, or 2·MISSING_LIST when
    /// every traveller token aligns, a unit of similarity s whose list side weighs x
    /// adds (s − t)(w + x) + t·u·x: increasing in x (s ≥ floor = 0.8 ≥ t·(1 − u) for
    /// any t ≤ 1), so x = p is the best case.
    #[inline]
    fn probe(
        &self,
        bounds: &TokenBounds,
        by_id: &EntriesById,
        best: &mut Vec<Option<[f64; 4]>>,
        ni: u32,
        t: f64,
    ) -> Probe {
        let (rows, weights, full_costs, costs, partners) = (
            bounds.rows,
            &bounds.weights,
            &bounds.full_costs,
            &bounds.costs,
            &bounds.partners,
        );
        let (extra, missing) = (2.0 * EXTRA_LIST, 2.0 * MISSING_LIST);
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
            let marked = by_id
                .in_rows
                .get(id as usize / 64)
                .is_some_and(|b| b & (1 << (id % 64)) != 0);
            if !marked {
                continue;
            }
            let start = by_id.slot.get(id as usize).copied().unwrap_or(0) as usize;
            if start == 0 {
                continue;
            }
            list_joins |= self
                .roles
                .get(id as usize)
                .is_none_or(|r| r & ROLE_JOINED != 0);
            for &(_, i, s, p) in by_id
                .entries
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
    }

    /// The per-name test (see [`Self::candidates`]) for name `ni`, reached by every row it
    /// must be: `Some` with the joins to try when the name may reach its list's threshold.
    fn test_name(
        &self,
        bounds: &TokenBounds,
        by_id: &EntriesById,
        best: &mut Vec<Option<[f64; 4]>>,
        ni: u32,
        t_min: f64,
        slack: f64,
    ) -> Option<Joins> {
        let (extra, missing) = (2.0 * EXTRA_LIST, 2.0 * MISSING_LIST);
        let t_low = t_min - slack;
        // First at the lowest threshold, without the name's unaligned tokens (both
        // only loosen the test), so most names are refused without reading them.
        let first = self.probe(bounds, by_id, best, ni, t_low);
        if first.tight_covered < 0.0 || (first.tight < 0.0 && first.reached_rows < 2) {
            return None;
        }
        let name = self.names.get(ni as usize)?;
        let t = self
            .lists
            .get(usize::from(name.list))
            .map_or(t_min, |x| x.threshold)
            - slack;
        let at_t = if t == t_low {
            first
        } else {
            self.probe(bounds, by_id, best, ni, t)
        };
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
        // A traveller-side joined unit needs the name among those below.
        (some_list_token_unaligned || list_aligned).then_some(Joins {
            query: false,
            list: list_joins,
        })
    }

    /// The joined-run source: names posted under a joined run of the traveller's tokens
    /// (or a relative or glued spelling of it), with every join tried; never pruned.
    fn joined_run_names(&self, query: &[NameToken], out: &mut Vec<(u32, Joins)>) {
        for joined in joined_runs(query) {
            let glued: Vec<String> = glued_variants(&joined).collect();
            let ids = self
                .dictionary
                .id(&joined)
                .into_iter()
                .chain(symbols::related(&joined).filter_map(|r| self.dictionary.id(r)))
                .chain(glued.iter().filter_map(|g| self.dictionary.id(g)));
            for id in ids {
                let names = self.postings_of(id);
                out.extend(names.iter().map(|ni| (*ni, Joins::ALL)));
            }
        }
    }

    /// The document source: every name of the entries a travel document reached, with
    /// every join tried; never pruned.
    fn document_names(&self, doc_entries: &[(u16, u32)], out: &mut Vec<(u32, Joins)>) {
        for &(li, ei) in doc_entries {
            let start = self.names.partition_point(|n| (n.list, n.entry) < (li, ei));
            for (ni, n) in self.names.iter().enumerate().skip(start) {
                if (n.list, n.entry) != (li, ei) {
                    break;
                }
                out.push((u32::try_from(ni).unwrap_or(u32::MAX), Joins::ALL));
            }
        }
    }

    /// Entries reached through a document number (always evaluated).
    pub(crate) fn document_entries(&self, traveller: &Traveller) -> Vec<(u16, u32)> {
        let mut out = Vec::new();
        for doc in &traveller.documents {
            let key = evidence::normalize_document(&doc.number);
            if let Some(hits) = self.documents.get(&key) {
                out.extend_from_slice(hits);
            }
        }
        out
    }
}

/// Lists the traveller's row entries in `entries`, grouped by id, and marks each id's
/// first entry in `slot` (+1) and `in_rows`.
fn load_entries(
    rows: &[Option<Row>],
    entries: &mut Vec<(u32, usize, f64, f64)>,
    slot: &mut [u32],
    in_rows: &mut [u64],
) {
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
}

impl Tops {
    /// Each token's best gain over all its entries at the loosest test (threshold
    /// `target`, no unaligned list tokens): at least `−t·cᵢ` (left unaligned); a token
    /// without a row aligns at s = 1.
    fn new(
        bounds: &TokenBounds,
        heavy: &[usize],
        entries: &[(u32, usize, f64, f64)],
        target: f64,
    ) -> Self {
        let (weights, costs, partners) = (&bounds.weights, &bounds.costs, &bounds.partners);
        let mut top: Vec<f64> = (0..weights.len())
            .map(|i| match bounds.row_of(i) {
                Some(_) => -target * costs[i],
                None => tight_gain(1.0, target, weights[i], partners[i]).max(-target * costs[i]),
            })
            .collect();
        for &(_, i, s, p) in entries.iter() {
            if let (Some(x), Some(&w)) = (top.get_mut(i), weights.get(i)) {
                *x = x.max(tight_gain(s, target, w, p));
            }
        }
        let heavy_top: f64 = heavy.iter().filter_map(|h| top.get(*h)).sum();
        let rest_top: f64 = top.iter().sum::<f64>() - heavy_top;
        Tops {
            top,
            heavy_top,
            rest_top,
        }
    }

    /// The most the heavy tokens gain when heavy token `h` aligns through its `k`-th row
    /// entry and the others at their tops.
    #[inline]
    fn heavy_gain(&self, bounds: &TokenBounds, h: usize, k: usize, target: f64) -> f64 {
        let (s, p) = bounds
            .row_of(h)
            .and_then(|r| r.bounds.get(k))
            .copied()
            .unwrap_or((1.0, f64::INFINITY));
        tight_gain(s, target, bounds.weights[h], p).max(-target * bounds.costs[h]) + self.heavy_top
            - self.top[h]
    }
}

/// Covering rows. The per-name test needs, at its loosest (threshold `target`, no
/// unaligned list tokens), `Σᵢ max(gᵢ, −t·cᵢ) ≥ 0` over the name's best unit gains gᵢ,
/// each at most its token's best over all entries, topᵢ. A name that misses token i's
/// row must therefore gain at least `coverᵢ = t·cᵢ − Σ_{j ∉ H, j ≠ i} topⱼ` from the heavy
/// tokens H. A row whose postings are cheap to scan next to probing (see
/// [`SCAN_PER_PROBE`]) gets a flag bit: set by a heavy entry that covers it (its gain plus
/// the other heavy tokens' tops reaching coverᵢ) or by the row's own postings. A name is
/// probed only with every bit set; the others fail the test.
///
/// Returns (token, bit, coverᵢ) per covering row, and the mask of every bit a name needs.
fn covering_rows(
    bounds: &TokenBounds,
    heavy: &[usize],
    tops: &Tops,
    target: f64,
) -> (Vec<(usize, u8, f64)>, u8) {
    let volume: usize = heavy
        .iter()
        .filter_map(|h| bounds.row_of(*h))
        .map(|r| r.volume)
        .sum();
    let budget = SCAN_PER_PROBE * volume;
    let mut covers: Vec<(usize, u8, f64)> = Vec::new();
    let mut need = 1u8;
    for (i, row) in bounds.rows.iter().enumerate() {
        let Some(row) = row else { continue };
        if heavy.contains(&i) || row.volume > budget || need == u8::MAX {
            continue;
        }
        let cover = target * bounds.costs[i] - (tops.rest_top - tops.top[i]);
        let useful = heavy.iter().any(|&h| {
            bounds.row_of(h).is_some_and(|r| {
                (0..r.bounds.len()).any(|k| tops.heavy_gain(bounds, h, k, target) < cover)
            })
        });
        if useful {
            let bit = need.wrapping_add(1) & !need; // the lowest unused bit
            covers.push((i, bit, cover));
            need |= bit;
        }
    }
    (covers, need)
}
