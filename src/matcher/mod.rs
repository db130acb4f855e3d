//! Fuzzy matching of travellers against a watchlist snapshot.
//!
//! The matcher is pure and synchronous: given a
//! [`Traveller`](crate::pnr::model::Traveller) and an immutable [`Snapshot`] it returns
//! scored, explained [`Match`]es. It knows nothing about Kafka or tokio;
//! [`crate::pipeline`] runs it on rayon, off the async threads.
//!
//! How a traveller is screened ([`Snapshot::screen`], in `screen.rs`):
//! 1. Both sides are normalised into tokens ([`normalize`]); list names are also indexed in
//!    their ICAO spelling (MÜLLER → MULLER and MUELLER); surnames are marked where known.
//! 2. Retrieval (`retrieve.rs`): for each traveller token, every dictionary token that can
//!    align with it (similarity ≥ `similarity::TOKEN_FLOOR`) is found: exact, symbol-table
//!    relatives, truncations, tokens spelled alike by sound, and Jaro-Winkler through a
//!    character-count bound that provably keeps every pair that can reach the floor
//!    (`histogram.rs`).
//! 3. Candidates (`candidates.rs`): the names posted under those tokens, pruned by a bound
//!    that provably keeps every name that can reach its threshold, plus the names posted
//!    under the traveller's joined runs of 2-3 tokens and those a travel document reached.
//!    A name outside them has no substantive aligned unit or cannot reach its threshold,
//!    so retrieval loses nothing relative to scoring every name
//!    ([`Snapshot::screen_exhaustive`]).
//! 4. Each candidate is aligned and scored (`score::align`); the best name per entry wins.
//! 5. DOB, nationality, gender and document evidence ([`evidence`]) are reported separately
//!    and move the score by the documented [`Weights`]; a [`Band`] is assigned
//!    (`evaluate.rs`).
//!
//! Files, leaves first (each imports only files above it):
//! - `settings.rs`: [`Weights`] and [`Settings`]; `config.rs`: the `[matcher]` section
//!   ([`MatcherConfig`]) that yields them.
//! - [`normalize`], `symbols.rs`, `phonetic.rs`: names into tokens; name tables; sound keys.
//! - `similarity.rs`: the similarity of two tokens ([`Kind`]); `score.rs`: the name score
//!   ([`Alignment`]).
//! - [`evidence`]: DOB, nationality, gender, document; `report.rs`: what a [`Match`]
//!   reports.
//! - `dictionary.rs`, `histogram.rs`, `row.rs`: the index's token interner, fuzzy-scan
//!   filter and retrieval rows; `index.rs`: the [`Snapshot`] and its build.
//! - `retrieve.rs` → `candidates.rs` → `evaluate.rs` → `screen.rs`: the steps above, each
//!   adding methods to [`Snapshot`].
//!
//! Invariants: scores are in `0.0..=1.0`; the snapshot is immutable after `build` except
//! for a bounded cache of per-token retrieval results; this file only declares modules and
//! re-exports the public types.

mod candidates;
mod config;
mod dictionary;
mod evaluate;
pub mod evidence;
mod histogram;
mod index;
pub mod normalize;
mod phonetic;
mod report;
mod retrieve;
mod row;
mod score;
mod screen;
mod settings;
mod similarity;
pub(crate) mod symbols;

pub use config::{MatcherConfig, RawMatcher};
pub use index::Snapshot;
pub use report::{Band, Match, NameEvidence, TokenPair};
pub use score::{Alignment, Unit};
pub use settings::{Settings, Weights};
pub use similarity::Kind;
