//! Why a watchlist file was refused: unreadable, malformed at a line, or empty of people.
//!
//! Invariant: an error names the file and, for malformed input, the line and the reason;
//! it never quotes a listed name.

use std::path::{Path, PathBuf};

/// Why a watchlist file was refused.
#[derive(Debug, thiserror::Error)]
pub enum WatchlistError {
    #[error("{}: cannot read watchlist file: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}:{line}: {reason}", path.display())]
    Parse {
        path: PathBuf,
        line: u64,
        reason: String,
    },
    #[error("{}: the list holds no screenable person entries", path.display())]
    Empty { path: PathBuf },
}

impl WatchlistError {
    pub(crate) fn parse(path: &Path, line: u64, reason: impl Into<String>) -> Self {
        WatchlistError::Parse {
            path: path.to_path_buf(),
            line,
            reason: reason.into(),
        }
    }

    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        WatchlistError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}
