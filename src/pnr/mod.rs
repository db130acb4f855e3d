//! PNRs: the canonical model and its decoders.
//!
//! [`model`] is the typed record every later stage works on; [`parse`] turns wire bytes
//! (the JSON format documented in the README) into it, refusing what it cannot trust.

pub mod model;
pub mod parse;
