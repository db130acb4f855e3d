//! Watchlists: loading real lists into one entry model, shared as immutable snapshots.
//!
//! Each configured list (`[[watchlists]]` in the config) is read by the loader for its
//! format (`ofac`, `un`, `jsonl`) into [`Entry`] values that keep the list's own id
//! (`entry_id`: OFAC ent_num, UN reference number, national list id). A [`Snapshot`](crate::matcher::Snapshot) holds
//! every list plus the matcher index built from them; the pipeline shares it as an
//! `Arc<Snapshot>` and a reload swaps the whole snapshot (arc-swap), never mutates it.
//!
//! Invariants: a list that fails to load is refused whole with file, line and reason
//! ([`WatchlistError`]); names are kept as the list prints them here and normalised only by
//! [`crate::matcher`]; dates of birth keep the precision the list gives ([`DateOfBirth`]).

mod config;
mod entry;
mod error;
mod jsonl;
mod list;
mod ofac;
mod un;

pub(crate) use config::check_threshold;
pub use config::{ListSpec, RawList};
pub use entry::{DateOfBirth, Entry, EntryKind, ListDocument, ListFormat, ListName, NameQuality};
pub use error::WatchlistError;
pub use list::Watchlist;
