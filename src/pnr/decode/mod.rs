//! Decoders: wire bytes → the [`Pnr`](crate::pnr::model::Pnr) model, refusing only what
//! screening cannot work with.
//!
//! `json` reads pnr-screen's JSON wire format (v1, `deploy/schemas/pnr.v1.schema.json`).
//! Every decoder shares the [`DecodeLimits`] of the `[limits]` configuration section and
//! returns a [`Decoded`] PNR with its [`DecodeReport`] of what was dropped on receipt, or a
//! [`DecodeError`] with a bounded reason code.
//!
//! Invariants: decoding never panics and never quotes a received value in an error; card
//! numbers are masked and sensitive data dropped before anything else sees the PNR.

mod json;
mod limits;
mod outcome;
mod repair;

pub use json::decode_json;
pub use limits::DecodeLimits;
pub use outcome::{DecodeError, DecodeReport, Decoded};
pub(crate) use repair::shape;
