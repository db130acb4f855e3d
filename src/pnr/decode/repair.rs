//! Lenient decoding: a field that fails validation is taken out of the message (or an
//! unknown code replaced by `other`) and reported, so that the rest of the PNR, and every
//! traveller on it, is still screened.
//!
//! The decoder tries the message as it is; on a field error it hands the parsed JSON to
//! [`Repair::fix`], which removes the value at the error's path (or the array element or
//! optional object it belongs to), records a [`QualityFlag`] with the path as received and
//! a [`Problem`] code, and the decoder tries again.
//!
//! Invariants: only what screening cannot do without (the record locator, the travellers
//! array) is never removed: [`Repair::fix`] refuses instead; every fix removes or replaces
//! at least one value, so repairs end; a flag's raw value is kept only for code and date
//! fields ([`RAW_KEPT`]), never for names, numbers, free text or special services, and at
//! most [`RAW_MAX`] characters; flag paths use the indices of the message as received, even
//! after elements before them were removed.

use serde_json::Value;
use serde_path_to_error::{Path, Segment};

use crate::pnr::model::{Problem, QualityFlag};
use crate::pnr::time::IMPOSSIBLE_DATE;

/// Fields whose received value is kept in the flag (codes and dates).
const RAW_KEPT: &[&str] = &[
    "nationality",
    "residence_country",
    "issuing_country",
    "country",
    "date_of_birth",
    "expires_on",
    "gender",
    "passenger_type",
    "check_in",
    "form",
    "type",
    "origin",
    "destination",
    "departure",
    "arrival",
    "booked_at",
    "last_modified_at",
    "issued_at",
    "at",
    "currency",
    "carrier",
    "marketing_carrier",
    "operating_carrier",
    "status",
    "booking_class",
    "originator_type",
];

/// Longest raw value kept in a flag, in characters.
pub(super) const RAW_MAX: usize = 40;

/// Enumerations with an `other` value: an unknown code there is kept as `other`
/// (the path with indices removed, and the field).
const WITH_OTHER: &[(&str, &str)] = &[
    ("travellers[]", "passenger_type"),
    ("travellers[]", "check_in"),
    ("contacts[]", "type"),
    ("payments[]", "form"),
];

/// One path step, with array indices as they are now (after removals).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Key(String),
    Index(usize),
}

/// The repairs made to one message so far.
#[derive(Debug, Default)]
pub(super) struct Repair {
    pub(super) flags: Vec<QualityFlag>,
    /// Elements removed so far: the array's path as received, and the received index.
    removed: Vec<(String, usize)>,
}

/// Why a message cannot be repaired: the error is in what screening needs.
#[derive(Debug)]
pub(super) struct Essential;

impl Repair {
    /// Takes out (or replaces) the value that caused `message` at `path` and records the
    /// flag; the message is then one value smaller or one code plainer.
    ///
    /// # Errors
    /// The error is at the root, the record locator or the travellers array itself, or at
    /// a value that is not there to take out.
    pub(super) fn fix(
        &mut self,
        root: &mut Value,
        path: &Path,
        message: &str,
    ) -> Result<(), Essential> {
        let steps: Vec<Step> = path
            .iter()
            .filter_map(|s| match s {
                Segment::Seq { index } => Some(Step::Index(*index)),
                Segment::Map { key } => Some(Step::Key(key.clone())),
                Segment::Enum { .. } | Segment::Unknown => None,
            })
            .collect();
        match steps.as_slice() {
            [] => return Err(Essential),
            [Step::Key(k)] if k == "record_locator" || k == "travellers" => return Err(Essential),
            _ => {}
        }
        let received = self.received_path(&steps);
        let problem = classify(message, value_at(root, &steps));
        let (parent, last) = steps.split_at(steps.len() - 1);
        let field = match &last[0] {
            Step::Key(k) => k.as_str(),
            Step::Index(_) => "",
        };

        // A missing field of an element (or object) that we took out ourselves just before:
        // take the element out without a second flag.
        let ours = problem == Problem::Missing
            && message
                .strip_prefix("missing field `")
                .and_then(|rest| rest.split('`').next())
                .is_some_and(|missing| {
                    self.flags
                        .last()
                        .is_some_and(|f| f.path == format!("{received}.{missing}"))
                });

        // An unknown code of an enumeration that has `other`.
        if problem == Problem::UnknownCode
            && WITH_OTHER
                .iter()
                .any(|(p, f)| *f == field && shape(&self.received_path(parent)) == *p)
        {
            if let Some(v) = value_at_mut(root, &steps) {
                let raw = raw_of(field, &received, v);
                *v = Value::String("other".to_owned());
                self.flag(received, problem, raw);
                return Ok(());
            }
        }

        // A traveller that is no object at all stays a traveller, without a name.
        if let [Step::Key(k), Step::Index(_)] = steps.as_slice() {
            if k == "travellers" {
                let v = value_at_mut(root, &steps).ok_or(Essential)?;
                // A traveller's own errors are in its fields; one at the traveller itself
                // leaves it without data, to be alerted as unscreenable.
                let problem = if v.is_object() {
                    problem
                } else {
                    Problem::WrongType
                };
                *v = Value::Object(serde_json::Map::new());
                self.flag(received, problem, None);
                return Ok(());
            }
        }

        let raw = value_at(root, &steps).and_then(|v| raw_of(field, &received, v));
        let parent_value = value_at_mut(root, parent).ok_or(Essential)?;
        match (&last[0], parent_value) {
            (Step::Key(k), Value::Object(map)) => {
                map.remove(k).ok_or(Essential)?;
            }
            (Step::Index(i), Value::Array(items)) if *i < items.len() => {
                items.remove(*i);
                let array = self.received_path(parent);
                let original = self.original_index(&array, *i);
                self.removed.push((array, original));
            }
            _ => return Err(Essential),
        }
        if !ours {
            self.flag(received, problem, raw);
        }
        Ok(())
    }

    fn flag(&mut self, path: String, problem: Problem, raw: Option<String>) {
        self.flags.push(QualityFlag { path, problem, raw });
    }

    /// The received index of what is now element `now` of `array` (a received path).
    pub(super) fn original_index(&self, array: &str, now: usize) -> usize {
        let mut gone: Vec<usize> = self
            .removed
            .iter()
            .filter(|(a, _)| a == array)
            .map(|(_, i)| *i)
            .collect();
        gone.sort_unstable();
        let mut index = now;
        for g in gone {
            if g <= index {
                index += 1;
            }
        }
        index
    }

    /// The path as received (`travellers[2].documents[0].number`) of `steps`.
    fn received_path(&self, steps: &[Step]) -> String {
        let mut path = String::new();
        for step in steps {
            match step {
                Step::Key(k) => {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(k);
                }
                Step::Index(i) => {
                    let original = self.original_index(&path, *i);
                    path.push_str(&format!("[{original}]"));
                }
            }
        }
        path
    }
}

/// The path with array indices removed (`travellers[].documents[].number`): the metric
/// label of a flag.
pub(crate) fn shape(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_index = false;
    for c in path.chars() {
        match c {
            '[' => {
                in_index = true;
                out.push_str("[]");
            }
            ']' => in_index = false,
            _ if in_index => {}
            _ => out.push(c),
        }
    }
    out
}

/// The problem code of a serde error message about `value`.
fn classify(message: &str, value: Option<&Value>) -> Problem {
    let letters = || {
        value
            .and_then(Value::as_str)
            .is_some_and(|s| !s.trim().is_empty() && s.trim().chars().all(char::is_alphabetic))
    };
    if message.starts_with("invalid type") || message.starts_with("invalid length") {
        Problem::WrongType
    } else if message.starts_with("missing field") {
        Problem::Missing
    } else if message.starts_with("unknown variant") {
        Problem::UnknownCode
    } else if message.contains(IMPOSSIBLE_DATE) {
        Problem::ImpossibleDate
    } else if message.contains("too long") {
        Problem::TooLong
    } else if (message.contains("country code") || message.contains("expected M, F or X"))
        && letters()
    {
        Problem::UnknownCode
    } else {
        Problem::InvalidFormat
    }
}

/// The received value to keep in a flag: only for code and date fields, outside special
/// services, short scalars only.
fn raw_of(field: &str, path: &str, value: &Value) -> Option<String> {
    if !RAW_KEPT.contains(&field) || path.starts_with("special_services") {
        return None;
    }
    let text = match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => return None,
    };
    Some(text.chars().take(RAW_MAX).collect())
}

fn value_at<'v>(root: &'v Value, steps: &[Step]) -> Option<&'v Value> {
    steps.iter().try_fold(root, |v, step| match step {
        Step::Key(k) => v.get(k.as_str()),
        Step::Index(i) => v.get(*i),
    })
}

fn value_at_mut<'v>(root: &'v mut Value, steps: &[Step]) -> Option<&'v mut Value> {
    steps.iter().try_fold(root, |v, step| match step {
        Step::Key(k) => v.get_mut(k.as_str()),
        Step::Index(i) => v.get_mut(*i),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_drop_indices() {
        assert_eq!(
            shape("travellers[12].documents[0].number"),
            "travellers[].documents[].number"
        );
        assert_eq!(shape("record_locator"), "record_locator");
    }

    #[test]
    fn received_indices_survive_removals() {
        let mut r = Repair::default();
        r.removed.push(("segments".to_owned(), 1));
        r.removed.push(("segments".to_owned(), 3));
        // Now element 0 is received 0, 1 is received 2, 2 is received 4.
        assert_eq!(r.original_index("segments", 0), 0);
        assert_eq!(r.original_index("segments", 1), 2);
        assert_eq!(r.original_index("segments", 2), 4);
        assert_eq!(r.original_index("contacts", 2), 2);
    }
}
