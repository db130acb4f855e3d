//! PNRs: the canonical model and its decoders.
//!
//! [`model`] is the typed record every later stage works on, with its dates and times
//! (`time`) and the data-quality flags the decoders attach (`quality`), all re-exported
//! from `model`; [`decode`] turns wire bytes (the JSON format documented in the README)
//! into it, refusing only what screening cannot do without. `name` reads the airline name
//! form and `country` maps country names and codes to ISO 3166-1 alpha-3, for the decoders
//! and the watchlist loaders alike.

pub(crate) mod country;
pub mod decode;
pub mod model;
pub(crate) mod name;
mod quality;
pub(crate) mod time;
