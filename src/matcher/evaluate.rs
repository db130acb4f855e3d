//! Scoring one candidate: its name aligned with the traveller's (token similarities served
//! from the retrieval rows), then the evidence beside the name, the [`Band`] and the
//! explanation, as a [`Match`].
//!
//! Invariants: a pair's similarity is the row's when the traveller token has a row and
//! the list token is substantive (the row holds every such pair at or above the floor),
//! else [`pair_similarity`](super::score::pair_similarity)'s: either way the same pairs
//! align at the same similarity, so indexed and exhaustive screening score alike; scores
//! are clamped to `0.0..=1.0` and rounded to 4 decimals; a match below its list's
//! threshold is never returned.

use super::evidence::{self, Feature, Outcome};
use super::index::{PreparedName, Snapshot};
use super::normalize::NameToken;
use super::report::{Band, Match, NameEvidence, TokenPair};
use super::row::Row;
use super::score::{self, Alignment, Token};
use super::settings::Weights;
use super::similarity::Kind;
use crate::pnr::model::Traveller;
use crate::watchlist::NameQuality;

impl Snapshot {
    /// Similarity of traveller token `qi` and list token `li`: substantive pairs come from
    /// the retrieval row (absent = below the floor), others are computed.
    pub(crate) fn pair_similarity(
        &self,
        q: &[Token],
        rows: &[Option<Row>],
        l: &[Token],
        name: &PreparedName,
        qi: usize,
        li: usize,
    ) -> (f64, Kind) {
        let (Some(qt), Some(lt), Some(r)) = (q.get(qi), l.get(li), name.tokens.get(li)) else {
            return (0.0, Kind::Fuzzy);
        };
        match rows.get(qi).and_then(Option::as_ref) {
            Some(row) if !r.particle && lt.text.len() >= 2 => row.similarity(r.id),
            _ => score::pair_similarity(qt, lt),
        }
    }

    /// The full alignment of the traveller's tokens with prepared name `name`.
    fn align_candidate(&self, q: &[Token], rows: &[Option<Row>], name: &PreparedName) -> Alignment {
        let l = self.list_tokens(name);
        score::align(q, &l, |qi, li| {
            self.pair_similarity(q, rows, &l, name, qi, li)
        })
    }

    /// The match of the traveller against entry `ei` of list `li` through its prepared name
    /// `ni`, if it reaches the list's threshold: name score, evidence, band, explanation.
    pub(crate) fn evaluate(
        &self,
        traveller: &Traveller,
        query: &[NameToken],
        q: &[Token],
        rows: &[Option<Row>],
        (li, ei, ni): (u16, u32, u32),
    ) -> Option<Match> {
        let list = self.lists.get(usize::from(li))?;
        let entry = list.entries.get(ei as usize)?;
        let name = self.names.get(ni as usize)?;
        let w = &self.settings.weights;
        let alignment = self.align_candidate(q, rows, name);
        let mut name_score = alignment.score;
        if name.quality == NameQuality::Weak {
            name_score *= w.weak_alias_factor;
        }
        let dob = evidence::date_of_birth(
            traveller.date_of_birth,
            &entry.dates_of_birth,
            w.circa_years,
        );
        let nationality = evidence::nationality(
            traveller.nationality,
            &traveller.documents,
            &entry.nationalities,
        );
        let gender = evidence::gender(
            traveller.gender,
            traveller.name.title.as_deref(),
            entry.gender,
        );
        let document = evidence::document(&traveller.documents, &entry.documents);

        let total = total_score(name_score, w, [&dob, &nationality, &gender, &document]);
        if total < list.threshold {
            return None;
        }
        let band = if document.result == Outcome::Match
            || (total >= w.strong_threshold
                && (alignment.agreeing >= 2 || dob.result == Outcome::Match))
        {
            Band::Strong
        } else {
            Band::Possible
        };
        let name_evidence = self.name_evidence(query, name, &alignment, name_score, list.threshold);
        Some(Match {
            list: usize::from(li),
            entry: ei as usize,
            name: usize::from(name.name),
            score: total,
            band,
            name_evidence,
            date_of_birth: dob,
            nationality,
            gender,
            document,
        })
    }

    /// The name comparison behind a match, token by token, in normalised text.
    fn name_evidence(
        &self,
        query: &[NameToken],
        name: &PreparedName,
        alignment: &Alignment,
        name_score: f64,
        threshold: f64,
    ) -> NameEvidence {
        let l_text = |i: usize| name.tokens.get(i).map_or("", |t| self.token_text(t.id));
        let join = |texts: Vec<&str>| texts.join(" ");
        NameEvidence {
            result: if name_score >= threshold {
                Outcome::Match
            } else if alignment.agreeing > 0 {
                Outcome::Partial
            } else {
                Outcome::Mismatch
            },
            score: round4(name_score),
            traveller: join(query.iter().map(|t| t.text.as_str()).collect()),
            list: join((0..name.tokens.len()).map(l_text).collect()),
            pairs: alignment
                .units
                .iter()
                .map(|u| TokenPair {
                    traveller: join(
                        query[u.query.clone()]
                            .iter()
                            .map(|t| t.text.as_str())
                            .collect(),
                    ),
                    list: join(u.list.clone().map(l_text).collect()),
                    similarity: round4(u.similarity),
                    kind: u.kind,
                })
                .collect(),
            unmatched_traveller_tokens: query
                .iter()
                .zip(&alignment.query_used)
                .filter(|(_, used)| !**used)
                .map(|(t, _)| t.text.clone())
                .collect(),
            unmatched_list_tokens: (0..name.tokens.len())
                .zip(&alignment.list_used)
                .filter(|(_, used)| !**used)
                .map(|(i, _)| l_text(i).to_owned())
                .collect(),
        }
    }
}

/// The alert score: the name score moved by the evidence ([`Weights`]: DOB and
/// nationality match or mismatch, gender mismatch; a document match is a floor), clamped
/// and rounded to 4 decimals.
fn total_score(
    name_score: f64,
    w: &Weights,
    [dob, nationality, gender, document]: [&Feature; 4],
) -> f64 {
    let mut total = name_score;
    total += match dob.result {
        Outcome::Match => w.dob_match,
        Outcome::Mismatch => w.dob_mismatch,
        Outcome::Partial | Outcome::Unknown => 0.0,
    };
    total += match nationality.result {
        Outcome::Match => w.nationality_match,
        Outcome::Mismatch => w.nationality_mismatch,
        Outcome::Partial | Outcome::Unknown => 0.0,
    };
    if gender.result == Outcome::Mismatch {
        total += w.gender_mismatch;
    }
    if document.result == Outcome::Match {
        total = total.max(w.document_match_floor);
    }
    round4(total.clamp(0.0, 1.0))
}

/// `x` rounded to 4 decimals.
fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}
