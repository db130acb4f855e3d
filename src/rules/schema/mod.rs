//! Rule files: the TOML shape (serde) and its validation into [`Rule`]s.
//!
//! One rule per file. The raw shape mirrors `rules/README.md`; [`parse_rule`] turns it into
//! a [`Rule`] whose conditions are compiled and checked by [`super::lawful`], whose metadata
//! is complete (purpose, Annex II category, owner, approval and review dates, severity,
//! reviewer guidance), and whose embedded examples are decoded PNRs.
//!
//! Read in this order:
//!
//! 1. `rule`: what a valid rule is ([`Rule`], [`Condition`], [`Example`], …).
//! 2. `raw`: the file as serde reads it, before any check.
//! 3. `parse`: [`parse_rule`], the driver, which reads the TOML and runs one validator per
//!    section of the file, in file order, all reporting through `context`'s collector:
//!    `metadata` (id, version, texts, category, dates, severity), `conditions`
//!    (`[when]` and `[[exonerating]]`), `review` (`[data_protection_review]` and the
//!    nationality-only check) and `examples` (`[[examples]]`).
//!
//! Invariants: every problem found in a file is reported, each with the file's line
//! (from TOML spans); a syntax or shape error stops that file only; a returned [`Rule`] is
//! fully valid; errors never quote example PNR values (the decoder redacts them).

mod conditions;
mod context;
mod examples;
mod metadata;
mod parse;
mod raw;
mod review;
mod rule;

#[cfg(test)]
pub(crate) mod tests;

pub(crate) use conditions::MAX_CONDITIONS;
pub(crate) use parse::parse_rule;
pub use rule::{Condition, DataProtectionReview, Example, Expect, Rule};
