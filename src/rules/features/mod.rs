//! Derived features: what rule conditions read, computed once per PNR.
//!
//! A rule never sees the raw [`Pnr`]: it sees the named values of this module's catalogue
//! ([`PNR_FEATURES`] for the whole booking, [`TRAVELLER_FEATURES`] per traveller). The
//! catalogue *is* the allow-list of [`super::lawful`]: a name not in it cannot be referenced,
//! and nothing sensitive (SSR codes, free text, names, contacts, card numbers, sex) is ever
//! put in it. Cross-PNR counts come from the bounded [`Window`].
//!
//! Read in this order:
//!
//! 1. `catalogue`: the names, types, units and meanings (a table; `rules/README.md`
//!    documents the same entries).
//! 2. `value`: [`FeatureValue`], and [`Features`], the computed rows the engine reads.
//! 3. `compute`: [`features`], the driver, which calls one area after another:
//!    `itinerary` (trip shape, places, durations, distances, cabin), `booking` (lead
//!    times, tickets, agency, history, the cross-PNR window), `payment` (forms, amounts,
//!    cards, payer vs travellers) and `traveller` (the party, and one row per traveller).
//!
//! Invariants: feature names are stable (rules reference them) and unique across both
//! scopes; [`features`] never panics and never fails: a value that cannot be derived is
//! [`FeatureValue::Null`]; times are normalised to UTC with the airport table (local airport
//! times of unknown airports are taken as UTC); numbers are rounded to 2 decimals.
//!
//! [`Pnr`]: crate::pnr::model::Pnr
//! [`Window`]: super::window::Window
//! [`FeatureValue`]: value::FeatureValue
//! [`FeatureValue::Null`]: value::FeatureValue::Null

mod booking;
mod catalogue;
mod compute;
mod itinerary;
mod payment;
mod traveller;
mod value;

#[cfg(test)]
mod tests;

pub use catalogue::FeatureScope;
pub(crate) use catalogue::{resolve, FeatureKind, FeatureRef, PNR_FEATURES, TRAVELLER_FEATURES};
pub use compute::features;
pub use value::Features;
