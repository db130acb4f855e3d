//! A traveller token's retrieval row: every dictionary id whose similarity with the token
//! reaches the floor, with what the retrieval bound reads (see `retrieve` and
//! `candidates`).
//!
//! Invariants: `pairs` is sorted by id and `bounds` runs parallel to it; a row is
//! immutable once built and shared (`Arc`) through the snapshot's cache.

use std::sync::Arc;

use super::similarity::Kind;

/// Retrieval result of one traveller token.
#[derive(Debug)]
pub(crate) struct RowData {
    /// Dictionary ids (sorted) whose similarity reaches the floor, with that similarity.
    pub(crate) pairs: Vec<(u32, f64, Kind)>,
    /// Per pair, for the retrieval bound: the most similarity a unit through that id can
    /// score, and the most its list side can weigh.
    pub(crate) bounds: Vec<(f64, f64)>,
    /// The largest weight any of those tokens can carry in a list name (for the bound).
    pub(crate) max_weight: f64,
    /// How many names are posted under those tokens (the cost of enumerating them).
    pub(crate) volume: usize,
}

/// A shared row, as the snapshot's cache hands it out.
pub(crate) type Row = Arc<RowData>;

impl RowData {
    /// The similarity (and kind) of `id` with the row's token; 0 when `id` is not in the row
    /// (below the floor).
    pub(crate) fn similarity(&self, id: u32) -> (f64, Kind) {
        match self.pairs.binary_search_by_key(&id, |(id, _, _)| *id) {
            Ok(i) => self
                .pairs
                .get(i)
                .map_or((0.0, Kind::Fuzzy), |(_, s, k)| (*s, *k)),
            Err(_) => (0.0, Kind::Fuzzy),
        }
    }

    /// Dictionary ids in the row.
    pub(crate) fn ids(&self) -> impl Iterator<Item = u32> + '_ {
        self.pairs.iter().map(|(id, _, _)| *id)
    }
}
