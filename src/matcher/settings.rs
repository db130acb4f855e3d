//! The matcher's settings: how evidence moves the name score ([`Weights`]) and how many
//! matches a traveller may have ([`Settings`]), as the configuration gives them.
//!
//! Invariants: plain data, copied into the snapshot at build and into each alert; the
//! defaults here are the documented ones (README configuration table).

use serde::Serialize;

/// How evidence moves the name score and where the bands lie. Documented in the README;
/// copied into each alert.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Weights {
    #[serde(default = "w_dob_match")]
    pub dob_match: f64,
    #[serde(default = "w_dob_mismatch")]
    pub dob_mismatch: f64,
    #[serde(default = "w_nationality_match")]
    pub nationality_match: f64,
    #[serde(default = "w_nationality_mismatch")]
    pub nationality_mismatch: f64,
    #[serde(default = "w_gender_mismatch")]
    pub gender_mismatch: f64,
    /// Weak aliases (OFAC quoted a.k.a., UN "Low") have their name score multiplied by this.
    #[serde(default = "w_weak_alias")]
    pub weak_alias_factor: f64,
    /// Floor applied to the score when a travel document matches.
    #[serde(default = "w_document_match")]
    pub document_match_floor: f64,
    /// Years of tolerance around a list's approximate ("circa") year of birth.
    #[serde(default = "w_circa_years")]
    pub circa_years: i32,
    /// Score at or above which a hit with two agreeing tokens or a matching DOB is `strong`.
    #[serde(default = "w_strong")]
    pub strong_threshold: f64,
}

const fn w_dob_match() -> f64 {
    0.05
}
const fn w_dob_mismatch() -> f64 {
    -0.15
}
const fn w_nationality_match() -> f64 {
    0.02
}
const fn w_nationality_mismatch() -> f64 {
    -0.05
}
const fn w_gender_mismatch() -> f64 {
    -0.10
}
const fn w_weak_alias() -> f64 {
    0.95
}
const fn w_document_match() -> f64 {
    0.98
}
const fn w_circa_years() -> i32 {
    2
}
const fn w_strong() -> f64 {
    0.95
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            dob_match: w_dob_match(),
            dob_mismatch: w_dob_mismatch(),
            nationality_match: w_nationality_match(),
            nationality_mismatch: w_nationality_mismatch(),
            gender_mismatch: w_gender_mismatch(),
            weak_alias_factor: w_weak_alias(),
            document_match_floor: w_document_match(),
            circa_years: w_circa_years(),
            strong_threshold: w_strong(),
        }
    }
}

/// Matcher settings taken from the configuration.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    pub weights: Weights,
    /// At most this many matches are reported per traveller (best first).
    pub max_matches: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            weights: Weights::default(),
            max_matches: 10,
        }
    }
}
