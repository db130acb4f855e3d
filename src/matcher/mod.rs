//! Fuzzy matching of travellers against a watchlist snapshot.
//!
//! The matcher is pure and synchronous: given a [`Traveller`] and an immutable
//! [`Snapshot`] it returns scored, explained [`Match`]es. It knows nothing about Kafka or
//! tokio; [`crate::pipeline`] runs it on rayon, off the async threads.
//!
//! How a traveller is scored (v1, "correct before clever"):
//! 1. Both sides are normalised into tokens ([`normalize`]); list surnames are marked.
//! 2. Token similarity is Jaro-Winkler (strsim). Each traveller token is compared once
//!    with every distinct list token; pairs below [`TOKEN_FLOOR`] count as unmatched.
//! 3. A list name is a candidate only if one of its non-particle tokens is within the
//!    floor of a traveller token. Because a name without such a token scores 0, this
//!    retrieval loses nothing relative to scoring every name.
//! 4. The name score aligns tokens greedily (best pairs first, each token used once) and
//!    weighs them by length; unmatched traveller tokens cost fully, unmatched list tokens
//!    (extra middle names, nisbas) cost a quarter, particles count half and surname
//!    tokens a quarter more.
//! 5. DOB, nationality, gender and document evidence ([`evidence`]) adjust the score by
//!    documented amounts ([`Weights`]); a document match is strong on its own.
//!
//! Invariants: scores are in `0.0..=1.0`; per traveller the work is O(tokens × distinct
//! list tokens + candidates × tokens²); the snapshot is never mutated after `build`.

pub mod evidence;
pub mod normalize;

use std::collections::HashMap;

use serde::Serialize;

use crate::pnr::model::Traveller;
use crate::watchlist::{NameQuality, Watchlist};
use evidence::{Feature, Outcome};
use normalize::NameToken;

/// Token pairs below this Jaro-Winkler similarity are not aligned.
pub const TOKEN_FLOOR: f64 = 0.80;
/// Similarity credited to an initial (`J`) against a token with the same first letter.
const INITIAL_SIMILARITY: f64 = 0.85;
/// Weight of unmatched list-side tokens relative to traveller-side ones.
const EXTRA_LIST_TOKEN_WEIGHT: f64 = 0.25;
/// Weight of particles (AL, BIN, VAN, …) relative to other tokens.
const PARTICLE_WEIGHT: f64 = 0.5;
/// Extra weight of tokens known to be (or aligned with) a surname.
const SURNAME_WEIGHT: f64 = 1.25;

/// How evidence moves the name score. Documented in the README; exposed in each alert.
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

/// How strong a hit is for the reviewing analyst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    /// Name hit corroborated by a document or date of birth.
    Strong,
    /// Name hit without corroboration (or with unknowns).
    Possible,
}

/// One aligned token pair, for the explanation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TokenPair {
    pub traveller: String,
    pub list: String,
    pub similarity: f64,
}

/// The name comparison behind a match.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NameEvidence {
    pub result: Outcome,
    pub score: f64,
    /// The traveller's name as normalised.
    pub traveller: String,
    /// The list name that scored best, as normalised.
    pub list: String,
    pub pairs: Vec<TokenPair>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unmatched_traveller_tokens: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unmatched_list_tokens: Vec<String>,
}

/// A scored match of one traveller against one list entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Match {
    /// Index into [`Snapshot::lists`].
    #[serde(skip)]
    pub list: usize,
    /// Index into that list's entries.
    #[serde(skip)]
    pub entry: usize,
    /// Index into the entry's names.
    #[serde(skip)]
    pub name: usize,
    pub score: f64,
    pub band: Band,
    pub name_evidence: NameEvidence,
    pub date_of_birth: Feature,
    pub nationality: Feature,
    pub gender: Feature,
    pub document: Feature,
}

#[derive(Debug, Clone, Copy)]
struct TokenRef {
    id: u32,
    surname: bool,
    particle: bool,
    len: u8,
}

#[derive(Debug)]
struct PreparedName {
    list: u16,
    entry: u32,
    name: u16,
    quality: NameQuality,
    tokens: Vec<TokenRef>,
}

/// Every list of one load, with the index built over them. Immutable once built.
#[derive(Debug)]
pub struct Snapshot {
    pub lists: Vec<Watchlist>,
    settings: Settings,
    /// Distinct list tokens.
    dictionary: Vec<String>,
    names: Vec<PreparedName>,
    /// Token id → prepared-name ids containing it (non-particle tokens only).
    postings: Vec<Vec<u32>>,
    /// Normalised document number → (list, entry).
    documents: HashMap<String, Vec<(u16, u32)>>,
    /// When the snapshot was built.
    pub loaded_at: chrono::DateTime<chrono::Utc>,
}

impl Snapshot {
    /// Builds the index over the given lists.
    pub fn build(lists: Vec<Watchlist>, settings: Settings) -> Self {
        let mut token_ids: HashMap<String, u32> = HashMap::new();
        let mut dictionary: Vec<String> = Vec::new();
        let mut names = Vec::new();
        let mut documents: HashMap<String, Vec<(u16, u32)>> = HashMap::new();
        for (li, list) in lists.iter().enumerate() {
            let li = u16::try_from(li).unwrap_or(u16::MAX);
            for (ei, entry) in list.entries.iter().enumerate() {
                let ei = u32::try_from(ei).unwrap_or(u32::MAX);
                for (ni, name) in entry.names.iter().enumerate() {
                    let tokens = match (&name.surname, &name.given) {
                        (Some(s), g) => normalize::tokens_split(s, g.as_deref().unwrap_or("")),
                        (None, _) => normalize::tokens_full(&name.full),
                    };
                    if tokens.is_empty() {
                        continue;
                    }
                    let tokens = tokens
                        .into_iter()
                        .map(|t| {
                            let next = u32::try_from(dictionary.len()).unwrap_or(u32::MAX);
                            let id = *token_ids.entry(t.text.clone()).or_insert_with(|| {
                                dictionary.push(t.text.clone());
                                next
                            });
                            TokenRef {
                                id,
                                surname: t.surname,
                                particle: t.particle,
                                len: u8::try_from(t.text.len()).unwrap_or(u8::MAX),
                            }
                        })
                        .collect();
                    names.push(PreparedName {
                        list: li,
                        entry: ei,
                        name: u16::try_from(ni).unwrap_or(u16::MAX),
                        quality: name.quality,
                        tokens,
                    });
                }
                for doc in &entry.documents {
                    let key = evidence::normalize_document(&doc.number);
                    if key.len() >= 4 {
                        documents.entry(key).or_default().push((li, ei));
                    }
                }
            }
        }
        let mut postings = vec![Vec::new(); dictionary.len()];
        for (ni, name) in names.iter().enumerate() {
            let ni = u32::try_from(ni).unwrap_or(u32::MAX);
            for t in name.tokens.iter().filter(|t| !t.particle && t.len >= 2) {
                if let Some(p) = postings.get_mut(t.id as usize) {
                    if p.last() != Some(&ni) {
                        p.push(ni);
                    }
                }
            }
        }
        Snapshot {
            lists,
            settings,
            dictionary,
            names,
            postings,
            documents,
            loaded_at: chrono::Utc::now(),
        }
    }

    /// The evidence weights in force.
    pub fn weights(&self) -> Weights {
        self.settings.weights
    }

    /// Number of indexed names (primary names and aliases) across all lists.
    pub fn name_count(&self) -> usize {
        self.names.len()
    }

    /// Screens one traveller; returns hits at or above each list's threshold, best first.
    pub fn screen(&self, traveller: &Traveller) -> Vec<Match> {
        let query = normalize::tokens_split(&traveller.name.surname, &traveller.name.given_names);
        let sims = self.token_similarities(&query);

        // Candidate names: those sharing a near token with the traveller.
        let mut candidates: Vec<u32> = Vec::new();
        for row in &sims {
            for &tid in row.keys() {
                if let Some(p) = self.postings.get(tid as usize) {
                    candidates.extend_from_slice(p);
                }
            }
        }
        candidates.sort_unstable();
        candidates.dedup();

        // Best name per entry.
        let mut best: HashMap<(u16, u32), (f64, u32)> = HashMap::new();
        for &ni in &candidates {
            let Some(name) = self.names.get(ni as usize) else {
                continue;
            };
            let mut score = self.align(&query, &sims, name).score;
            if name.quality == NameQuality::Weak {
                score *= self.settings.weights.weak_alias_factor;
            }
            let slot = best.entry((name.list, name.entry)).or_insert((0.0, ni));
            if score > slot.0 {
                *slot = (score, ni);
            }
        }
        // Entries reached through a document number, whatever their name score.
        for doc in &traveller.documents {
            let key = evidence::normalize_document(&doc.number);
            if let Some(hits) = self.documents.get(&key) {
                for &(li, ei) in hits {
                    if let Some(ni) = self.first_name_of(li, ei) {
                        best.entry((li, ei)).or_insert((0.0, ni));
                    }
                }
            }
        }

        let mut matches: Vec<Match> = best
            .into_iter()
            .filter_map(|((li, ei), (_, ni))| self.evaluate(traveller, &query, &sims, li, ei, ni))
            .collect();
        matches.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(a.list.cmp(&b.list))
                .then(a.entry.cmp(&b.entry))
        });
        matches.truncate(self.settings.max_matches);
        matches
    }

    fn first_name_of(&self, list: u16, entry: u32) -> Option<u32> {
        let i = self
            .names
            .partition_point(|n| (n.list, n.entry) < (list, entry));
        let n = self.names.get(i)?;
        ((n.list, n.entry) == (list, entry)).then(|| u32::try_from(i).unwrap_or(u32::MAX))
    }

    /// Per traveller token: similar dictionary tokens (id → Jaro-Winkler ≥ floor).
    fn token_similarities(&self, query: &[NameToken]) -> Vec<HashMap<u32, f64>> {
        query
            .iter()
            .map(|q| {
                let mut row = HashMap::new();
                if q.text.len() < 2 || q.particle {
                    return row; // initials and particles are aligned, never retrieved
                }
                for (id, t) in self.dictionary.iter().enumerate() {
                    let s = strsim::jaro_winkler(&q.text, t);
                    if s >= TOKEN_FLOOR {
                        row.insert(u32::try_from(id).unwrap_or(u32::MAX), s);
                    }
                }
                row
            })
            .collect()
    }

    fn token_text(&self, id: u32) -> &str {
        self.dictionary
            .get(id as usize)
            .map(String::as_str)
            .unwrap_or("")
    }

    fn pair_similarity(&self, q: &NameToken, sims: &HashMap<u32, f64>, t: &TokenRef) -> f64 {
        let text = self.token_text(t.id);
        if q.text.len() == 1 || t.len == 1 {
            let same_initial = q.text.as_bytes().first() == text.as_bytes().first();
            return if same_initial {
                INITIAL_SIMILARITY
            } else {
                0.0
            };
        }
        if q.particle || t.particle {
            return if q.text == text { 1.0 } else { 0.0 };
        }
        sims.get(&t.id).copied().unwrap_or(0.0)
    }

    /// Greedy best-pairs alignment of the traveller's tokens with one list name.
    fn align(
        &self,
        query: &[NameToken],
        sims: &[HashMap<u32, f64>],
        name: &PreparedName,
    ) -> Alignment {
        let mut pairs: Vec<(f64, usize, usize)> =
            Vec::with_capacity(query.len() * name.tokens.len());
        for (qi, q) in query.iter().enumerate() {
            let Some(row) = sims.get(qi) else { continue };
            for (ti, t) in name.tokens.iter().enumerate() {
                let s = self.pair_similarity(q, row, t);
                if s >= TOKEN_FLOOR {
                    pairs.push((s, qi, ti));
                }
            }
        }
        pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        let mut q_used = vec![false; query.len()];
        let mut t_used = vec![false; name.tokens.len()];
        let mut aligned = Vec::new();
        for (s, qi, ti) in pairs {
            if !q_used[qi] && !t_used[ti] {
                q_used[qi] = true;
                t_used[ti] = true;
                aligned.push((s, qi, ti));
            }
        }
        let weight = |len: usize, particle: bool, surname: bool| {
            let mut w = len as f64;
            if particle {
                w *= PARTICLE_WEIGHT;
            }
            if surname {
                w *= SURNAME_WEIGHT;
            }
            w
        };
        let mut num = 0.0;
        let mut den = 0.0;
        let mut substantive = 0;
        for &(s, qi, ti) in &aligned {
            let (q, t) = (&query[qi], &name.tokens[ti]);
            let surname = q.surname || t.surname;
            let w = weight(q.text.len(), q.particle, surname)
                + weight(usize::from(t.len), t.particle, surname);
            num += s * w;
            den += w;
            if !q.particle && !t.particle && q.text.len() > 1 && t.len > 1 {
                substantive += 1;
            }
        }
        for (qi, q) in query.iter().enumerate() {
            if !q_used[qi] {
                den += 2.0 * weight(q.text.len(), q.particle, q.surname);
            }
        }
        for (ti, t) in name.tokens.iter().enumerate() {
            if !t_used[ti] {
                den += 2.0
                    * EXTRA_LIST_TOKEN_WEIGHT
                    * weight(usize::from(t.len), t.particle, t.surname);
            }
        }
        let score = if substantive == 0 || den == 0.0 {
            0.0
        } else {
            (num / den).clamp(0.0, 1.0)
        };
        Alignment {
            score,
            aligned,
            q_used,
            t_used,
        }
    }

    fn evaluate(
        &self,
        traveller: &Traveller,
        query: &[NameToken],
        sims: &[HashMap<u32, f64>],
        li: u16,
        ei: u32,
        ni: u32,
    ) -> Option<Match> {
        let list = self.lists.get(usize::from(li))?;
        let entry = list.entries.get(ei as usize)?;
        let name = self.names.get(ni as usize)?;
        let w = &self.settings.weights;
        let alignment = self.align(query, sims, name);
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
        let gender = evidence::gender(traveller.gender, entry.gender);
        let document = evidence::document(&traveller.documents, &entry.documents);

        let mut score = name_score;
        score += match dob.result {
            Outcome::Match => w.dob_match,
            Outcome::Mismatch => w.dob_mismatch,
            Outcome::Unknown => 0.0,
        };
        score += match nationality.result {
            Outcome::Match => w.nationality_match,
            Outcome::Mismatch => w.nationality_mismatch,
            Outcome::Unknown => 0.0,
        };
        if gender.result == Outcome::Mismatch {
            score += w.gender_mismatch;
        }
        if document.result == Outcome::Match {
            score = score.max(w.document_match_floor);
        }
        let score = (score.clamp(0.0, 1.0) * 10_000.0).round() / 10_000.0;
        if score < list.threshold {
            return None;
        }
        let band = if document.result == Outcome::Match
            || (dob.result == Outcome::Match && name_score >= list.threshold)
        {
            Band::Strong
        } else {
            Band::Possible
        };
        let name_evidence = NameEvidence {
            result: if name_score >= list.threshold {
                Outcome::Match
            } else {
                Outcome::Mismatch
            },
            score: (name_score * 10_000.0).round() / 10_000.0,
            traveller: join(query.iter().map(|t| t.text.as_str())),
            list: join(name.tokens.iter().map(|t| self.token_text(t.id))),
            pairs: alignment
                .aligned
                .iter()
                .map(|&(s, qi, ti)| TokenPair {
                    traveller: query[qi].text.clone(),
                    list: self.token_text(name.tokens[ti].id).to_owned(),
                    similarity: (s * 10_000.0).round() / 10_000.0,
                })
                .collect(),
            unmatched_traveller_tokens: query
                .iter()
                .zip(&alignment.q_used)
                .filter(|(_, used)| !**used)
                .map(|(t, _)| t.text.clone())
                .collect(),
            unmatched_list_tokens: name
                .tokens
                .iter()
                .zip(&alignment.t_used)
                .filter(|(_, used)| !**used)
                .map(|(t, _)| self.token_text(t.id).to_owned())
                .collect(),
        };
        Some(Match {
            list: usize::from(li),
            entry: ei as usize,
            name: usize::from(name.name),
            score,
            band,
            name_evidence,
            date_of_birth: dob,
            nationality,
            gender,
            document,
        })
    }
}

struct Alignment {
    score: f64,
    aligned: Vec<(f64, usize, usize)>,
    q_used: Vec<bool>,
    t_used: Vec<bool>,
}

fn join<'a>(parts: impl Iterator<Item = &'a str>) -> String {
    parts.collect::<Vec<_>>().join(" ")
}
