//! Bounds on what one message may hold: the `[limits]` configuration section, shared by
//! every decoder.
//!
//! Invariants: every bound is greater than zero once [`DecodeLimits::check`] passed; a
//! message over a bound is refused before any screening work is done.

use serde::Deserialize;

/// Bounds on what a single message may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecodeLimits {
    #[serde(default = "default_max_message_bytes")]
    pub max_message_bytes: usize,
    #[serde(default = "default_max_travellers")]
    pub max_travellers: usize,
    #[serde(default = "default_max_segments")]
    pub max_segments: usize,
    /// Bound on every other list (documents, payments, contacts, history, …).
    #[serde(default = "default_max_items")]
    pub max_items: usize,
}

const fn default_max_message_bytes() -> usize {
    1024 * 1024
}
const fn default_max_travellers() -> usize {
    99
}
const fn default_max_segments() -> usize {
    64
}
const fn default_max_items() -> usize {
    500
}

impl Default for DecodeLimits {
    fn default() -> Self {
        DecodeLimits {
            max_message_bytes: default_max_message_bytes(),
            max_travellers: default_max_travellers(),
            max_segments: default_max_segments(),
            max_items: default_max_items(),
        }
    }
}

impl DecodeLimits {
    /// The configuration check of the `[limits]` section.
    ///
    /// # Errors
    /// A bound is zero (the message names the keys).
    pub(crate) fn check(&self) -> Result<(), &'static str> {
        if self.max_message_bytes == 0
            || self.max_travellers == 0
            || self.max_segments == 0
            || self.max_items == 0
        {
            return Err("every limit must be greater than 0");
        }
        Ok(())
    }
}
