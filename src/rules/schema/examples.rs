//! Validates a rule's embedded examples (`[[examples]]`): their PNRs, window PNRs, screening
//! moment and traveller.
//!
//! Example PNRs are decoded exactly as the service decodes messages; a decoding error is
//! reported on the line of the JSON where it is (the decoder's line, offset by where the
//! string starts in the file).
//!
//! Invariants: problems never quote example values (the decoder's errors are redacted); an
//! example without `now` is screened at the PNR's last change, else its booking, else one
//! day before its first departure, else the Unix epoch.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use toml::Spanned;

use super::context::{line_of, Ctx};
use super::raw::RawExample;
use super::rule::Example;
use crate::pnr::decode::{decode_json, DecodeError, DecodeLimits};
use crate::pnr::model::Pnr;
use crate::rules::error::RuleFileError;
use crate::rules::features::FeatureScope;

/// The examples whose PNR decodes (the others are reported in `cx`), in file order.
pub(super) fn examples(
    cx: &mut Ctx<'_>,
    raw: Vec<Spanned<RawExample>>,
    scope: FeatureScope,
) -> Vec<Example> {
    let limits = DecodeLimits::default();
    let mut examples = Vec::with_capacity(raw.len());
    for ex in raw {
        if let Some(example) = example(cx, ex, scope, &limits) {
            examples.push(example);
        }
    }
    examples
}

fn example(
    cx: &mut Ctx<'_>,
    ex: Spanned<RawExample>,
    scope: FeatureScope,
    limits: &DecodeLimits,
) -> Option<Example> {
    let ex_span = ex.span();
    let ex_line = line_of(cx.src, ex_span.start);
    let ex = ex.into_inner();
    let name = ex.name.trim().to_owned();
    let now = match &ex.now {
        Some(v) => match instant(v.get_ref()) {
            Some(t) => Some(t),
            None => {
                cx.err(
                    Some(v.span()),
                    format!(
                        "example `{name}`: `now` must be a date-time such as 2026-11-28T12:00:00Z"
                    ),
                );
                None
            }
        },
        None => None,
    };
    let pnr = decode(cx, &ex.pnr, &name, "`pnr`", limits);
    let window: Vec<Option<Pnr>> = ex
        .window
        .iter()
        .map(|w| decode(cx, w, &name, "a `window` entry", limits))
        .collect();
    let pnr = pnr?;
    if let Some(t) = ex.traveller {
        if scope == FeatureScope::Pnr {
            cx.err(
                Some(ex_span.clone()),
                format!(
                    "example `{name}`: `traveller` is only for rules with `scope = \"traveller\"`"
                ),
            );
        } else if t >= pnr.travellers.len() {
            cx.err(
                Some(ex_span.clone()),
                format!(
                    "example `{name}`: `traveller = {t}` but the PNR has {} traveller(s)",
                    pnr.travellers.len()
                ),
            );
        }
    }
    let now = now.unwrap_or_else(|| default_now(&pnr));
    Some(Example {
        name,
        line: ex_line,
        expect: ex.expect,
        traveller: ex.traveller,
        now,
        pnr,
        window: window.into_iter().flatten().collect(),
    })
}

/// Decodes one example PNR (`what` names it in the problem); a problem points at the
/// line of the JSON where the decoder stopped.
fn decode(
    cx: &mut Ctx<'_>,
    text: &Spanned<String>,
    name: &str,
    what: &str,
    limits: &DecodeLimits,
) -> Option<Pnr> {
    let src = cx.src;
    // An example is written by hand: a field the service would leave out as unusable is
    // a mistake in the example, refused like a syntax error.
    let decoded = decode_json(text.get_ref().as_bytes(), limits).and_then(|d| {
        match d.pnr.data_quality.first() {
            None => Ok(d),
            Some(flag) => Err(DecodeError::Field {
                path: flag.path.clone(),
                reason: format!("unusable ({})", flag.problem.as_str()),
            }),
        }
    });
    match decoded {
        Ok(d) => Some(d.pnr),
        Err(e) => {
            let start = text.span().start;
            let mut line = line_of(src, start);
            if let DecodeError::Syntax { line: l, .. } = &e {
                let opens_on_own_line = src
                    .get(start..)
                    .is_some_and(|s| s.starts_with("'''\n") || s.starts_with("\"\"\"\n"));
                line += l.saturating_sub(usize::from(!opens_on_own_line));
            }
            cx.errors.push(RuleFileError {
                path: cx.path.to_owned(),
                line,
                reason: format!("example `{name}`: {what} is not a valid PNR: {e}"),
            });
            None
        }
    }
}

/// Parses a point in time: RFC 3339, or a date-time / date without offset taken as UTC.
fn instant(v: &toml::Value) -> Option<DateTime<Utc>> {
    let text = match v {
        toml::Value::Datetime(d) => d.to_string(),
        toml::Value::String(s) => s.trim().to_owned(),
        _ => return None,
    };
    if let Ok(t) = DateTime::parse_from_rfc3339(&text) {
        return Some(t.with_timezone(&Utc));
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(&text, fmt) {
            return Some(t.and_utc());
        }
    }
    NaiveDate::parse_from_str(&text, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc())
}

/// The screening moment of an example without `now`: the last change, else the booking,
/// else one day before the first departure, else the Unix epoch.
fn default_now(pnr: &Pnr) -> DateTime<Utc> {
    let to_utc = |t: &crate::pnr::model::DateTime| match t {
        crate::pnr::model::DateTime::Zoned(z) => z.with_timezone(&Utc),
        crate::pnr::model::DateTime::Local(_) | crate::pnr::model::DateTime::Day(_) => {
            t.naive_local().and_utc()
        }
    };
    pnr.last_modified_at
        .as_ref()
        .or(pnr.booked_at.as_ref())
        .map(to_utc)
        .or_else(|| {
            pnr.segments
                .first()
                .and_then(|s| to_utc(&s.departure).checked_sub_signed(chrono::TimeDelta::days(1)))
        })
        .unwrap_or(DateTime::<Utc>::UNIX_EPOCH)
}
