//! Generated data with known answers, for the demo, the tests and the benchmarks: synthetic
//! watchlists of any size ([`synthetic`]) and demo PNR traffic with planted travellers and
//! malformed messages ([`traffic`]).
//!
//! Behind the Cargo feature `testkit` (on by default, since `pnr-screen demo` needs it); a
//! production build may leave it out with `--no-default-features`. Invariant: everything
//! here is deterministic for its seed.

pub mod synthetic;
pub mod traffic;
