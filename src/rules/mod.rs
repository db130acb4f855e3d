//! Risk rules: analyst-written, explainable, lawful pre-determined criteria.
//!
//! Watchlists find known people; rules screen every PNR against criteria written by
//! analysts ("one-way ticket paid in cash, booked within 48 hours of departure") as
//! Directive (EU) 2016/681 Art. 6(3)(b) allows and the CJEU (C-817/19) constrains. A PNR
//! flows through this module in four steps, one file each:
//!
//! 1. [`schema`]: `rules/*.toml` → validated [`Rule`]s (metadata, conditions, examples);
//!    every error of every file is collected with its file and line.
//! 2. [`lawful`]: each condition is parsed with the expression engine's parser; it may
//!    read only allow-listed features, never sensitive data, and must be deterministic.
//! 3. [`mod@features`]: the PNR → named values (computed once per PNR, and per traveller),
//!    with cross-PNR counts from the bounded [`window`].
//! 4. [`engine`]: [`RuleSet::evaluate`] runs every rule's `all`/`any` conditions, then its
//!    exonerating conditions, and returns [`RuleHit`]s that say which conditions held and
//!    with which values. A hit suppressed by an exonerating condition is not returned by
//!    `evaluate` ([`RuleSet::evaluate_full`] lists it apart).
//!
//! [`check`] holds the `rules check` / `rules test` tooling. The expression language is
//! ZEN expressions (`zen-expression`, MIT): no loops or statements, compiled once at load.
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

pub mod airports;
pub mod check;
pub mod engine;
pub mod error;
pub mod features;
pub mod lawful;
mod names;
pub mod schema;
pub mod severity;
pub mod window;

pub use check::{check_dir, test_dir, test_set, ExampleResult, RuleSummary, TestReport};
pub use engine::{ConditionOutcome, Evaluation, RuleHit, RuleSet, Section, Values};
pub use error::{RuleError, RuleFileError};
pub use features::{
    features, FeatureDef, FeatureKind, FeatureScope, FeatureValue, Features, PNR_FEATURES,
    TRAVELLER_FEATURES,
};
pub use schema::{Condition, DataProtectionReview, Example, Expect, Rule};
pub use severity::Severity;
pub use window::{SharedCounts, Window};
