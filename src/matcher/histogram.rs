//! The fuzzy scan's filter: dictionary tokens bucketed by length, each with a character
//! histogram and its first four bytes, and the test [`may_reach_floor`] that skips a
//! pair only when it provably cannot be a fuzzy pair at the floor.
//!
//! A fuzzy pair needs Jaro-Winkler ≥ t and an edit distance d within the budget of the
//! shorter token. jw ≥ t needs j ≥ (t − 0.1ℓ)/(1 − 0.1ℓ) for common prefix ℓ ≤ 4, hence
//! m ≥ (3j − 1)/(1/|a| + 1/|b|) matching characters; d ≤ k needs ||a| − |b|| ≤ k and
//! an L1 histogram distance ≤ 2k. Both m and the L1 bound are checked through the
//! character-count overlap C = Σ min(h_a, h_b) (m ≤ C; L1 = |a| + |b| − 2C).
//!
//! Invariants: the filter never refuses a pair the scorer would align as fuzzy at
//! [`TOKEN_FLOOR`] (tested below); it reads only fixed-size keys, no token text.

use super::similarity::TOKEN_FLOOR;

/// Characters are counted in 32 bins (A-Z, digits folded into 6): merging bins only
/// raises the bound, so it stays an upper bound on matching characters.
pub(crate) type Histogram = [u8; 32];

pub(crate) fn histogram(token: &str) -> Histogram {
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
pub(crate) fn prefix4(token: &str) -> u32 {
    let mut p = [0u8; 4];
    for (i, b) in token.bytes().take(4).enumerate() {
        p[i] = b;
    }
    u32::from_le_bytes(p)
}

/// Dictionary tokens of one length, with what the fuzzy scan's filter reads.
#[derive(Debug, Default)]
pub(crate) struct LengthBucket {
    pub(crate) ids: Vec<u32>,
    pub(crate) keys: Vec<(Histogram, u32)>,
}

/// Characters two tokens of lengths `la` and `lb` must have in common for Jaro-Winkler to
/// reach the floor, for each common-prefix length ℓ = 0..=4 (see the module header).
pub(crate) fn min_matches(la: usize, lb: usize) -> [f64; 5] {
    std::array::from_fn(|l| {
        let jmin = (TOKEN_FLOOR - 0.1 * l as f64) / (1.0 - 0.1 * l as f64);
        (3.0 * jmin - 1.0) / (1.0 / la as f64 + 1.0 / lb as f64) - 1e-9
    })
}

/// The fuzzy scan's filter: false only if the pair provably cannot be a fuzzy pair at the
/// floor (too few characters in common for Jaro-Winkler, or for `budget` edits).
pub(crate) fn may_reach_floor(
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matcher::similarity::{self, Kind};

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
                let (s, kind) = similarity::token_similarity(a, b, None);
                if s < TOKEN_FLOOR || kind != Kind::Fuzzy {
                    continue;
                }
                pairs += 1;
                let (la, lb) = (a.len(), b.len());
                let budget = similarity::edit_budget(la.min(lb));
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
}
