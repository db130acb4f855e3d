//! Feature values: one computed value ([`FeatureValue`]) and all of a PNR's ([`Features`]).
//!
//! The computation fills one `Row` per PNR and per traveller, a slot per catalogue entry,
//! and hands them to [`Features`]; the engine then reads values by [`FeatureRef`] (no name
//! look-up on the hot path), converts them once to the expression engine's variables, and
//! quotes them as JSON in explanations.
//!
//! Invariants: a row has exactly one slot per entry of its table, in table order, `Null`
//! until set; numbers are rounded to 2 decimals when set; whole numbers print as integers
//! (`3`, not `3.0`).

use std::marker::PhantomData;

use serde_json::Value as Json;
use zen_expression::variable::{ToVariable, Variable, VariableMap};

use super::catalogue::{FeatureRef, Slot, PNR_FEATURES, TRAVELLER_FEATURES};

/// A computed feature value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum FeatureValue {
    Null,
    Bool(bool),
    Number(f64),
    /// A value from a closed set.
    Symbol(&'static str),
    Text(String),
    TextList(Vec<String>),
    NumberList(Vec<f64>),
}

impl FeatureValue {
    pub(super) fn opt_num(v: Option<f64>) -> Self {
        v.map_or(FeatureValue::Null, |n| FeatureValue::Number(round2(n)))
    }

    pub(super) fn opt_bool(v: Option<bool>) -> Self {
        v.map_or(FeatureValue::Null, FeatureValue::Bool)
    }

    pub(super) fn opt_text(v: Option<&str>) -> Self {
        match v.map(str::trim) {
            Some(s) if !s.is_empty() => FeatureValue::Text(s.to_ascii_uppercase()),
            _ => FeatureValue::Null,
        }
    }

    pub(super) fn count(n: usize) -> Self {
        FeatureValue::Number(n as f64)
    }

    pub(crate) fn is_null(&self) -> bool {
        matches!(self, FeatureValue::Null)
    }

    /// The JSON form used in explanations.
    pub(crate) fn to_json(&self) -> Json {
        match self {
            FeatureValue::Null => Json::Null,
            FeatureValue::Bool(b) => Json::Bool(*b),
            FeatureValue::Number(n) => num_json(*n),
            FeatureValue::Symbol(s) => Json::String((*s).to_owned()),
            FeatureValue::Text(s) => Json::String(s.clone()),
            FeatureValue::TextList(v) => Json::Array(v.iter().cloned().map(Json::String).collect()),
            FeatureValue::NumberList(v) => Json::Array(v.iter().map(|n| num_json(*n)).collect()),
        }
    }

    /// The expression engine's form.
    pub(crate) fn to_variable(&self) -> Variable {
        match self {
            FeatureValue::Null => Variable::Null,
            FeatureValue::Bool(b) => Variable::Bool(*b),
            FeatureValue::Number(n) => number_variable(*n),
            FeatureValue::Symbol(s) => s.to_variable(),
            FeatureValue::Text(s) => s.as_str().to_variable(),
            FeatureValue::TextList(v) => {
                Variable::from_array(v.iter().map(|s| s.as_str().to_variable()).collect())
            }
            FeatureValue::NumberList(v) => {
                Variable::from_array(v.iter().map(|n| number_variable(*n)).collect())
            }
        }
    }
}

/// Whole numbers convert exactly and cheaply through `i64`; others through `f64`.
fn number_variable(n: f64) -> Variable {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        (n as i64).to_variable()
    } else {
        n.to_variable()
    }
}

/// Integral numbers print as integers in explanations (`3`, not `3.0`).
fn num_json(n: f64) -> Json {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        Json::from(n as i64)
    } else {
        serde_json::Number::from_f64(n).map_or(Json::Null, Json::Number)
    }
}

fn round2(n: f64) -> f64 {
    (n * 100.0).round() / 100.0
}

/// Every feature of one PNR: the PNR-level values and one row per traveller.
#[derive(Debug, Clone, PartialEq)]
pub struct Features {
    pub(super) pnr: Vec<FeatureValue>,
    pub(super) travellers: Vec<Vec<FeatureValue>>,
}

impl Features {
    /// A PNR-level feature by name (tests read by name; the engine by [`FeatureRef`]).
    #[cfg(test)]
    pub(crate) fn get(&self, name: &str) -> Option<&FeatureValue> {
        PNR_FEATURES
            .iter()
            .position(|d| d.name == name)
            .and_then(|i| self.pnr.get(i))
    }

    /// A traveller-level feature by traveller index and name.
    #[cfg(test)]
    pub(crate) fn traveller(&self, index: usize, name: &str) -> Option<&FeatureValue> {
        let i = TRAVELLER_FEATURES.iter().position(|d| d.name == name)?;
        self.travellers.get(index)?.get(i)
    }

    /// Number of travellers (rows of traveller features).
    pub(crate) fn traveller_count(&self) -> usize {
        self.travellers.len()
    }

    /// `{"pnr": {name: value…}, "travellers": [{name: value…}…]}` for tests and debugging.
    #[cfg(test)]
    pub(crate) fn to_json(&self) -> Json {
        let row = |defs: &[super::catalogue::FeatureDef], vals: &[FeatureValue]| {
            Json::Object(
                defs.iter()
                    .zip(vals)
                    .map(|(d, v)| (d.name.to_owned(), v.to_json()))
                    .collect(),
            )
        };
        serde_json::json!({
            "pnr": row(PNR_FEATURES, &self.pnr),
            "travellers": self.travellers.iter().map(|t| row(TRAVELLER_FEATURES, t)).collect::<Vec<_>>(),
        })
    }

    /// The value a condition read (traveller features need the traveller index).
    pub(crate) fn value(&self, r: FeatureRef, traveller: Option<usize>) -> &FeatureValue {
        static NULL: FeatureValue = FeatureValue::Null;
        match r {
            FeatureRef::Pnr(i) => self.pnr.get(i).unwrap_or(&NULL),
            FeatureRef::Traveller(i) => traveller
                .and_then(|t| self.travellers.get(t))
                .and_then(|row| row.get(i))
                .unwrap_or(&NULL),
        }
    }

    /// The PNR-level features as the expression engine's object.
    pub(crate) fn pnr_map(&self) -> VariableMap {
        let mut map = VariableMap::with_capacity(PNR_FEATURES.len() + TRAVELLER_FEATURES.len());
        for (d, v) in PNR_FEATURES.iter().zip(&self.pnr) {
            map.insert(
                zen_expression::variable::Symbol::from_static(d.name),
                v.to_variable(),
            );
        }
        map
    }

    /// The PNR-level object plus one traveller's features.
    pub(crate) fn traveller_variable(&self, base: &VariableMap, index: usize) -> Variable {
        let mut map = base.clone();
        if let Some(row) = self.travellers.get(index) {
            for (d, v) in TRAVELLER_FEATURES.iter().zip(row) {
                map.insert(
                    zen_expression::variable::Symbol::from_static(d.name),
                    v.to_variable(),
                );
            }
        }
        Variable::from_object(map)
    }
}

/// One row of values being filled in: a slot per entry of the table of `K` (`Pf` for
/// [`PNR_FEATURES`], `Tf` for [`TRAVELLER_FEATURES`]), every slot `Null` until set.
pub(super) struct Row<K> {
    values: Vec<FeatureValue>,
    keys: PhantomData<K>,
}

impl<K: Slot> Row<K> {
    pub(super) fn new() -> Self {
        Row {
            values: vec![FeatureValue::Null; K::COUNT],
            keys: PhantomData,
        }
    }

    pub(super) fn set(&mut self, k: K, v: FeatureValue) {
        if let Some(slot) = self.values.get_mut(k.index()) {
            *slot = v;
        }
    }

    pub(super) fn into_values(self) -> Vec<FeatureValue> {
        self.values
    }
}
