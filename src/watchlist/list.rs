//! One loaded list: its entries, its content version and its threshold.
//!
//! Invariants: a list loads whole or not at all ([`WatchlistError`]); only person entries
//! are kept (the others are counted); the version is a hash of the source files, so the
//! same files always give the same version.

use std::path::Path;

use sha2::{Digest, Sha256};

use super::config::ListSpec;
use super::entry::{Entry, EntryKind, ListFormat};
use super::error::WatchlistError;
use super::{jsonl, ofac, un};

/// One loaded list.
#[derive(Debug, Clone)]
pub struct Watchlist {
    pub id: String,
    pub name: String,
    pub legal_basis: Option<String>,
    /// Content version: a hash of the source files (`sha256:` + 16 hex digits).
    pub version: String,
    pub threshold: f64,
    pub entries: Vec<Entry>,
    /// Entries of other kinds (entities, vessels, aircraft) that were not kept.
    pub skipped_non_person: usize,
}

impl Watchlist {
    /// Loads one list from its files.
    ///
    /// # Errors
    /// The file cannot be read, a record is malformed (with file and line), or the list
    /// holds no person entries.
    pub fn load(spec: &ListSpec) -> Result<Self, WatchlistError> {
        let mut hasher = Sha256::new();
        let mut read = |path: &Path| -> Result<Vec<u8>, WatchlistError> {
            let bytes = std::fs::read(path).map_err(|e| WatchlistError::io(path, e))?;
            hasher.update(&bytes);
            Ok(bytes)
        };
        let all = match spec.format {
            ListFormat::OfacCsv => {
                let sdn = read(&spec.path)?;
                let alt = match &spec.alt_path {
                    Some(p) => Some((p.as_path(), read(p)?)),
                    None => None,
                };
                ofac::parse(
                    &spec.path,
                    &sdn,
                    alt.as_ref().map(|(p, b)| (*p, b.as_slice())),
                )?
            }
            ListFormat::UnXml => un::parse(&spec.path, &read(&spec.path)?)?,
            ListFormat::Jsonl => jsonl::parse(&spec.path, &read(&spec.path)?)?,
        };
        let total = all.len();
        let entries: Vec<Entry> = all
            .into_iter()
            .filter(|e| e.kind == EntryKind::Person)
            .collect();
        if entries.is_empty() {
            return Err(WatchlistError::Empty {
                path: spec.path.clone(),
            });
        }
        let digest = hasher.finalize();
        let version = format!(
            "sha256:{}",
            digest[..8]
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        );
        Ok(Watchlist {
            id: spec.id.clone(),
            name: spec.name.clone(),
            legal_basis: spec.legal_basis.clone(),
            version,
            threshold: spec.threshold,
            skipped_non_person: total - entries.len(),
            entries,
        })
    }
}
