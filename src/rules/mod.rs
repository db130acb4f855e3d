//! Risk rules: analyst-written, explainable, lawful pre-determined criteria.
//!
//! Watchlists find known people; rules screen every PNR against criteria written by
//! analysts ("one-way ticket paid in cash, booked within 48 hours of departure") as
//! Directive (EU) 2016/681 Art. 6(3)(b) allows and the CJEU (C-817/19) constrains. A PNR
//! flows through this module in four steps; read the files in this order:
//!
//! 1. `schema/`: `rules/*.toml` → validated [`Rule`]s (metadata, conditions, examples),
//!    one validator per section of the file; every error of every file is collected with
//!    its file and line ([`RuleError`]).
//! 2. `lawful.rs`: each condition is parsed with the expression engine's parser; it may
//!    read only allow-listed features, never sensitive data, and must be deterministic.
//! 3. `features/`: the PNR → named values ([`features()`]: computed once per PNR, and per
//!    traveller), one file per area, with cross-PNR counts from the bounded [`Window`]
//!    (`window.rs`).
//! 4. `engine.rs`: [`RuleSet::evaluate`] runs every rule's `all`/`any` conditions, then its
//!    exonerating conditions, and returns [`RuleHit`]s that say which conditions held and
//!    with which values. A hit suppressed by an exonerating condition is not returned by
//!    `evaluate` ([`RuleSet::evaluate_full`] lists it apart).
//!
//! `check.rs` holds the `rules check` / `rules test` tooling ([`test_dir`]); `config.rs` the
//! `[rules]` configuration section ([`RulesConfig`]). Leaves: `severity.rs` ([`Severity`]),
//! `error.rs`, `names.rs` (name tokens, compared but never
//! exposed) and `airports.rs` (the airport table).
//!
//! Imports point one way: check → engine → schema → lawful → features → window → names,
//! with the leaves below everything. No two files import each other, and no file imports
//! from a `mod.rs` (they hold docs, `mod` lines and re-exports only). The expression
//! language is ZEN expressions (`zen-expression`, MIT): no loops or statements, compiled
//! once at load.
//!
//! In the pipeline: keep one [`Window`] for the process, and for each decoded PNR call
//! `window.record(&pnr, now)` then `rule_set.evaluate(&pnr, &window, now)` (a PNR never
//! counts as sharing with itself, so the order only decides whether *later* PNRs see it).
//! On reload, build a new set with [`RuleSet::load_dir`] and swap it in only on `Ok`.
//!
//! Invariants: a [`RuleSet`] is immutable, `Send + Sync`, and either fully valid or not
//! built at all (callers keep their last good set on error); evaluation never panics,
//! computes features once per PNR and allocates per rule only for hits; no error string
//! quotes personal data.

mod airports;
mod check;
mod config;
mod engine;
mod error;
mod features;
mod lawful;
mod names;
mod schema;
mod severity;
mod window;

pub(crate) use check::check_dir;
pub use check::{test_dir, TestReport};
pub use config::{RawRules, RulesConfig};
pub use engine::{ConditionOutcome, Evaluation, RuleHit, RuleSet, Section, Values};
pub use error::{RuleError, RuleFileError};
pub use features::{features, FeatureScope, Features};
pub use schema::{Condition, DataProtectionReview, Example, Expect, Rule};
pub use severity::Severity;
pub use window::Window;
