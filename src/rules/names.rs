//! Name tokens: how rules compare traveller names without exposing them.
//!
//! A leaf shared by [`super::window`] (surnames decide whether two PNRs are related) and
//! [`mod@super::features`] (distinct surnames, card holder vs travellers). Tokens are only
//! ever compared or hashed; no feature, error or log line carries one.
//!
//! Invariants: tokens are upper case, purely alphabetic, never empty, in name order; the
//! titles of [`NAME_TITLES`] are dropped.

/// Titles dropped when comparing a card holder with traveller names.
const NAME_TITLES: &[&str] = &[
    "MR", "MRS", "MS", "MISS", "MSTR", "DR", "PROF", "REV", "SIR", "CHD", "INF",
];

/// Upper-case alphabetic tokens of a name, titles dropped.
pub(crate) fn name_tokens(name: &str) -> Vec<String> {
    name.split(|c: char| !c.is_alphabetic())
        .filter(|t| !t.is_empty())
        .map(str::to_uppercase)
        .filter(|t| !NAME_TITLES.contains(&t.as_str()))
        .collect()
}
