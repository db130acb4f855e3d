//! The problem collector every validator of a rule file reports through.
//!
//! [`Ctx`] holds the file's path and text and the problems found so far; its helpers
//! check the common field shapes (required text, date) and turn a TOML span into the
//! file's line.
//!
//! Invariants: a problem is recorded, never returned early, so one file reports every
//! problem it has; lines are 1-based, and 0 means the file as a whole.

use std::ops::Range;
use std::path::Path;

use chrono::NaiveDate;
use toml::Spanned;

use crate::rules::error::RuleFileError;

/// 1-based line of a byte offset.
pub(super) fn line_of(src: &str, offset: usize) -> usize {
    let end = offset.min(src.len());
    src.as_bytes()[..end]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// A rule id (with `extra` characters allowed) or a condition id (none extra).
pub(super) fn valid_id(s: &str, extra: &[char]) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || extra.contains(&c))
}

pub(super) struct Ctx<'a> {
    pub(super) path: &'a Path,
    pub(super) src: &'a str,
    pub(super) errors: Vec<RuleFileError>,
}

impl<'a> Ctx<'a> {
    pub(super) fn new(path: &'a Path, src: &'a str) -> Self {
        Ctx {
            path,
            src,
            errors: Vec::new(),
        }
    }
}

impl Ctx<'_> {
    pub(super) fn err(&mut self, span: Option<Range<usize>>, reason: impl Into<String>) {
        self.errors.push(RuleFileError {
            path: self.path.to_owned(),
            line: span.map_or(0, |s| line_of(self.src, s.start)),
            reason: reason.into(),
        });
    }

    /// A required non-empty text field.
    pub(super) fn text(
        &mut self,
        field: &str,
        v: Option<Spanned<String>>,
        max: usize,
    ) -> Option<String> {
        let Some(v) = v else {
            self.err(Some(0..0), format!("missing required field `{field}`"));
            return None;
        };
        let span = v.span();
        let s = v.into_inner().trim().to_owned();
        if s.is_empty() {
            self.err(Some(span), format!("`{field}` must not be empty"));
            return None;
        }
        if s.chars().count() > max {
            self.err(
                Some(span),
                format!("`{field}` is longer than {max} characters"),
            );
            return None;
        }
        Some(s)
    }

    pub(super) fn date(
        &mut self,
        field: &str,
        v: Option<Spanned<toml::Value>>,
    ) -> Option<NaiveDate> {
        let Some(v) = v else {
            self.err(Some(0..0), format!("missing required field `{field}`"));
            return None;
        };
        let span = v.span();
        let parsed = match v.get_ref() {
            toml::Value::Datetime(d) if d.time.is_none() => {
                NaiveDate::parse_from_str(&d.to_string(), "%Y-%m-%d").ok()
            }
            toml::Value::String(s) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok(),
            _ => None,
        };
        if parsed.is_none() {
            self.err(
                Some(span),
                format!("`{field}` must be a date such as 2026-11-28"),
            );
        }
        parsed
    }
}
