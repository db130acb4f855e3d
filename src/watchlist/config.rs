//! The `[[watchlists]]` configuration entries: which lists to load, from where, in which
//! format, and the score at which each list alerts.
//!
//! Invariants: a [`ListSpec`] has a unique id of 1 to 64 of `a-z 0-9 - _`, a non-empty name,
//! a threshold in `(0, 1]`, and absolute paths (relative ones are resolved against the
//! configuration file's folder); only the OFAC format has an alias file.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::entry::ListFormat;

/// One `[[watchlists]]` entry as written.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawList {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub legal_basis: Option<String>,
    pub format: ListFormat,
    pub path: PathBuf,
    #[serde(default)]
    pub alt_path: Option<PathBuf>,
    #[serde(default)]
    pub threshold: Option<f64>,
}

/// A configured list after validation.
#[derive(Debug, Clone, PartialEq)]
pub struct ListSpec {
    pub id: String,
    pub name: String,
    pub legal_basis: Option<String>,
    pub format: ListFormat,
    pub path: PathBuf,
    /// OFAC only: the alias file (`alt.csv`).
    pub alt_path: Option<PathBuf>,
    /// Score at or above which a candidate becomes a hit for this list.
    pub threshold: f64,
}

impl ListSpec {
    /// Checks the entries, giving lists without a threshold `default_threshold` and
    /// resolving relative paths against `base_dir`.
    ///
    /// # Errors
    /// `(key, reason)` of the first entry that is invalid or reuses an id.
    pub(crate) fn try_from_raw(
        raw: Vec<RawList>,
        default_threshold: f64,
        base_dir: &Path,
    ) -> Result<Vec<Self>, (String, String)> {
        let mut watchlists: Vec<ListSpec> = Vec::new();
        for (i, l) in raw.into_iter().enumerate() {
            let key = format!("watchlists[{i}]");
            let invalid = |field: &str, reason: String| Err((format!("{key}.{field}"), reason));
            if l.id.is_empty()
                || l.id.len() > 64
                || !l
                    .id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
            {
                return invalid("id", "must be 1 to 64 of a-z, 0-9, - and _".to_owned());
            }
            if watchlists.iter().any(|w| w.id == l.id) {
                return invalid("id", format!("`{}` is used by another list", l.id));
            }
            if l.name.trim().is_empty() {
                return invalid("name", "must not be empty".to_owned());
            }
            if l.alt_path.is_some() && l.format != ListFormat::OfacCsv {
                return invalid(
                    "alt_path",
                    "only the ofac_csv format has an alias file".to_owned(),
                );
            }
            let threshold = l.threshold.unwrap_or(default_threshold);
            check_threshold(&format!("{key}.threshold"), threshold)?;
            watchlists.push(ListSpec {
                id: l.id,
                name: l.name,
                legal_basis: l.legal_basis,
                format: l.format,
                path: base_dir.join(l.path),
                alt_path: l.alt_path.map(|p| base_dir.join(p)),
                threshold,
            });
        }
        Ok(watchlists)
    }
}

/// A score threshold must be in `(0, 1]`.
///
/// # Errors
/// `(key, reason)` when it is not.
pub(crate) fn check_threshold(key: &str, t: f64) -> Result<(), (String, String)> {
    if !(t > 0.0 && t <= 1.0) {
        return Err((key.to_owned(), "must be in (0, 1]".to_owned()));
    }
    Ok(())
}
