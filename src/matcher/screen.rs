//! Screening one traveller, start to end: the entry points [`Snapshot::screen`] (and its
//! exhaustive reference), in the order a traveller flows through the matcher.
//!
//! The traveller's name is normalised into tokens, each substantive token gets its
//! retrieval row (`retrieve`), the candidates are enumerated (`candidates`), each is
//! aligned and the best name per entry kept, and the entries whose name score (plus the
//! evidence bonus this traveller's data can earn) reaches the threshold are evaluated
//! into [`Match`]es (`evaluate`), best first.
//!
//! Invariants: [`Snapshot::screen`] returns the same hits (list, entry, score) as
//! [`Snapshot::screen_exhaustive`] (`tests/it/equivalence.rs`); the scoring loop allocates
//! only while its buffers grow; at most `max_matches` matches are returned.

use foldhash::{HashMap, HashMapExt};

use super::index::{name_parts, Snapshot};
use super::normalize::{self, NameToken};
use super::report::Match;
use super::row::Row;
use super::score::{self, Alignment, Token};
use super::similarity::TAIL_NAME_MIN_LEN;
use super::symbols;
use crate::pnr::model::Traveller;
use crate::watchlist::NameQuality;

impl Snapshot {
    /// Screens one traveller; returns hits at or above each list's threshold, best first.
    pub fn screen(&self, traveller: &Traveller) -> Vec<Match> {
        self.screen_with(traveller, false)
    }

    /// Screens one traveller by scoring every indexed name (no retrieval): the reference
    /// the indexed [`Snapshot::screen`] must equal (tests and benchmarks only; slow).
    pub fn screen_exhaustive(&self, traveller: &Traveller) -> Vec<Match> {
        self.screen_with(traveller, true)
    }

    /// Screens one traveller, or says that nothing in the name can be screened (`None`): no
    /// token of two or more characters with a letter, not a particle, is left after
    /// normalisation.
    pub fn try_screen(&self, traveller: &Traveller) -> Option<Vec<Match>> {
        let query = normalize::tokens_split(&traveller.name.surname, &traveller.name.given_names);
        let screenable = query
            .iter()
            .any(|t| t.substantive() && t.text.chars().any(|c| c.is_ascii_alphabetic()));
        screenable.then(|| self.screen_query(traveller, query, false))
    }

    /// Most matches reported per traveller (`matcher.max_matches_per_traveller`).
    pub fn max_matches(&self) -> usize {
        self.settings.max_matches
    }

    /// Whether `word`, as a booking writes it, is a name the lists or the name tables know
    /// (`ALEKSANDR`), rather than a name with something glued to it (`AYMANDR`).
    pub fn knows_name(&self, word: &str) -> bool {
        let folded = normalize::fold(word);
        let token = folded.trim();
        !token.is_empty()
            && !token.contains(' ')
            && (self.dictionary.id(token).is_some() || symbols::groups(token).is_some())
    }

    /// [`Self::screen`], or [`Self::screen_exhaustive`] when `exhaustive`.
    fn screen_with(&self, traveller: &Traveller, exhaustive: bool) -> Vec<Match> {
        let query = normalize::tokens_split(&traveller.name.surname, &traveller.name.given_names);
        self.screen_query(traveller, query, exhaustive)
    }

    /// Screens a traveller whose name is already normalised into `query`.
    fn screen_query(
        &self,
        traveller: &Traveller,
        query: Vec<NameToken>,
        exhaustive: bool,
    ) -> Vec<Match> {
        let q = self.traveller_tokens(&query, traveller);
        let rows = self.rows_for(&q, exhaustive);
        let doc_entries = self.document_entries(traveller);
        let slack = self.evidence_slack(traveller);

        let mut best: HashMap<(u16, u32), (f64, u32)> = HashMap::new();
        let mut list_tokens = Vec::new();
        let mut scratch = score::Scratch::default();
        let mut consider = |ni: u32, joins, best: &mut HashMap<(u16, u32), (f64, u32)>| {
            let Some(name) = self.names.get(ni as usize) else {
                return;
            };
            self.fill_list_tokens(name, &mut list_tokens);
            let (mut s, _) = score::align_score(
                &q,
                &list_tokens,
                |qi, li| self.pair_similarity(&q, &rows, &list_tokens, name, qi, li),
                joins,
                &mut scratch,
            );
            if name.quality == NameQuality::Weak {
                s *= self.settings.weights.weak_alias_factor;
            }
            let slot = best.entry((name.list, name.entry)).or_insert((-1.0, ni));
            if s > slot.0 {
                *slot = (s, ni);
            }
        };
        if exhaustive {
            for ni in 0..u32::try_from(self.names.len()).unwrap_or(u32::MAX) {
                consider(ni, score::Joins::ALL, &mut best);
            }
        } else {
            for (ni, joins) in self.candidates(&query, &q, &rows, &doc_entries, slack) {
                consider(ni, joins, &mut best);
            }
        }
        // Entries reached through a document number, whatever their name score.
        for &(li, ei) in &doc_entries {
            if let Some(ni) = self.first_name_of(li, ei) {
                best.entry((li, ei)).or_insert((0.0, ni));
            }
        }

        // Only entries whose name score can still reach the threshold (or that a document
        // reached) are evaluated and explained. The exhaustive reference allows any
        // traveller the largest bonus, so that tests comparing both check this traveller's.
        let slack = if exhaustive {
            self.slack(true, true)
        } else {
            slack
        };
        let mut matches: Vec<Match> = best
            .into_iter()
            .filter(|(key, (s, _))| {
                let threshold = self
                    .lists
                    .get(usize::from(key.0))
                    .map_or(0.0, |l| l.threshold);
                s + slack >= threshold || doc_entries.contains(key)
            })
            .filter_map(|((li, ei), (_, ni))| {
                self.evaluate(traveller, &query, &q, &rows, (li, ei, ni))
            })
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

    /// A traveller's name tokens, and the tokens to align: the last one is marked as a
    /// possible cut ([`score::Token::tail`]) when the name is long enough to have been cut.
    fn traveller_tokens<'a>(
        &self,
        query: &'a [NameToken],
        traveller: &Traveller,
    ) -> Vec<Token<'a>> {
        let name = &traveller.name;
        let long =
            name.surname.trim().chars().count() + 1 + name.given_names.trim().chars().count()
                >= TAIL_NAME_MIN_LEN;
        let mut q = self.tokens(query);
        // Only the booking's last word can be cut: not when a title or a repeated token
        // ended the name and normalising dropped it.
        let raw = if name.given_names.trim().is_empty() {
            &name.surname
        } else {
            &name.given_names
        };
        let last_word = raw
            .rsplit(|c: char| !c.is_alphanumeric())
            .find(|w| !w.is_empty())
            .unwrap_or("");
        if let Some(last) = q
            .last_mut()
            .filter(|t| long && !t.particle && last_word.eq_ignore_ascii_case(t.text))
        {
            last.tail = true;
        }
        q
    }

    /// Tokens to align, each with its rarity in the watchlists.
    fn tokens<'a>(&self, tokens: &'a [NameToken]) -> Vec<Token<'a>> {
        tokens
            .iter()
            .map(|t| Token {
                text: &t.text,
                surname: t.surname,
                particle: t.particle,
                rarity: self.rarity(&t.text),
                tail: false,
                part: score::NamePart::Whole,
            })
            .collect()
    }

    /// The traveller tokens' retrieval rows: one per substantive token (none when
    /// `exhaustive`, or for particles and initials).
    fn rows_for(&self, q: &[Token], exhaustive: bool) -> Vec<Option<Row>> {
        if exhaustive {
            return vec![None; q.len()];
        }
        q.iter()
            .map(|t| {
                (t.text.len() >= 2 && !t.particle).then(|| self.similar_tokens(t.text, t.tail))
            })
            .collect()
    }

    /// How far below a threshold a traveller's name score can be and still make a hit:
    /// evidence adds at most the DOB bonus (if the traveller has a DOB) and the nationality
    /// bonus (if a nationality or document country), and alert scores are rounded to 4
    /// decimals. Bookings made days before departure often carry neither.
    fn evidence_slack(&self, traveller: &Traveller) -> f64 {
        let country = traveller.nationality.is_some()
            || traveller
                .documents
                .iter()
                .any(|d| d.issuing_country.is_some());
        self.slack(traveller.date_of_birth.is_some(), country)
    }

    /// [`Self::evidence_slack`] for a traveller with or without a DOB and a country.
    fn slack(&self, dob: bool, country: bool) -> f64 {
        let w = &self.settings.weights;
        let bonus = |given: bool, weight: f64| if given { weight.max(0.0) } else { 0.0 };
        bonus(dob, w.dob_match) + bonus(country, w.nationality_match) + 0.5e-4 + 1e-9
    }

    /// How many indexed names the traveller is aligned with (diagnostics for benchmarks:
    /// the retrieval's selectivity).
    pub fn candidate_count(&self, traveller: &Traveller) -> usize {
        let query = normalize::tokens_split(&traveller.name.surname, &traveller.name.given_names);
        let q = self.traveller_tokens(&query, traveller);
        let rows = self.rows_for(&q, false);
        let doc_entries = self.document_entries(traveller);
        let slack = self.evidence_slack(traveller);
        self.candidates(&query, &q, &rows, &doc_entries, slack)
            .len()
    }

    /// Aligns two names with this snapshot's token rarities: the name score used for
    /// screening, exposed for pairwise evaluation. The query is not a booking, so its last
    /// token is never read as a cut (`score::Token::tail`); a `person`'s list name has
    /// middle and family names (`score::name_parts`).
    pub fn name_score(&self, query: &[NameToken], list: &[NameToken], person: bool) -> Alignment {
        let q = self.tokens(query);
        let mut l = self.tokens(list);
        for (t, part) in l.iter_mut().zip(name_parts(list, person)) {
            t.part = part;
        }
        score::align(&q, &l, |i, j| score::pair_similarity(&q[i], &l[j]))
    }
}
