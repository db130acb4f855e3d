//! The cross-PNR window: which recent PNRs share a payment card or a contact.
//!
//! Rules such as "same card across unrelated PNRs" need memory of other bookings. The
//! window keeps, for a bounded time and a bounded number of entries, only keyed hashes:
//! card fingerprints ([`CardNumber::fingerprint`], already salted per process), normalised
//! e-mail addresses and phone numbers, record locators and surnames, each hashed with a
//! random per-process key. No card number, contact, name or locator is stored, so nothing
//! here can be read back or leaves the process.
//!
//! Invariants: at most `max_entries` live observations (one per identifier per PNR) and
//! never more than twice that in the eviction queue; observations older than `max_age`
//! (relative to the `now` of the latest call) are dropped on write and ignored on read; a
//! PNR never counts as sharing with itself (same record locator); all methods take
//! `&self` (interior `RwLock`), never panic, and survive a poisoned lock.
//!
//! [`CardNumber::fingerprint`]: crate::pnr::model::CardNumber::fingerprint

use std::collections::{HashMap, VecDeque};
use std::hash::{BuildHasher, RandomState};
use std::sync::{OnceLock, PoisonError, RwLock};

use chrono::{DateTime, TimeDelta, Utc};

use super::names::name_tokens;
use crate::pnr::model::{ContactKind, Pnr};

/// Default bound on live observations.
pub(crate) const DEFAULT_MAX_ENTRIES: usize = 100_000;
/// Default age bound: 7 days.
pub(crate) const DEFAULT_MAX_AGE: std::time::Duration =
    std::time::Duration::from_secs(7 * 24 * 3600);

/// Bounded, in-memory memory of recent PNRs' cards and contacts (hashed).
#[derive(Debug)]
pub struct Window {
    max_entries: usize,
    max_age: TimeDelta,
    inner: RwLock<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    by_key: HashMap<u64, Vec<Observation>>,
    order: VecDeque<Slot>,
    live: usize,
    seq: u64,
}

#[derive(Debug)]
struct Observation {
    pnr: u64,
    surnames: Box<[u64]>,
    at: DateTime<Utc>,
    seq: u64,
}

#[derive(Debug, Clone, Copy)]
struct Slot {
    key: u64,
    pnr: u64,
    seq: u64,
    at: DateTime<Utc>,
}

/// What the window knows about one PNR's identifiers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct SharedCounts {
    /// Other PNRs with one of this PNR's cards.
    pub(crate) card_pnrs: usize,
    /// Of those, PNRs with no traveller surname in common.
    pub(crate) card_unrelated_pnrs: usize,
    /// Other PNRs with one of this PNR's e-mail addresses or phone numbers.
    pub(crate) contact_pnrs: usize,
    /// Of those, PNRs with no traveller surname in common.
    pub(crate) contact_unrelated_pnrs: usize,
}

impl Default for Window {
    fn default() -> Self {
        Window::new(DEFAULT_MAX_ENTRIES, DEFAULT_MAX_AGE)
    }
}

/// The hashed identity of one PNR as the window sees it.
struct Keys {
    pnr: u64,
    surnames: Vec<u64>,
    cards: Vec<u64>,
    contacts: Vec<u64>,
}

fn hasher() -> &'static RandomState {
    static STATE: OnceLock<RandomState> = OnceLock::new();
    STATE.get_or_init(RandomState::new)
}

fn keyed<T: std::hash::Hash>(tag: u8, value: T) -> u64 {
    hasher().hash_one((tag, value))
}

/// E-mail: trimmed and lower-cased; must hold an `@`.
pub(crate) fn normalise_email(raw: &str) -> Option<String> {
    let e = raw.trim().to_lowercase();
    (e.len() >= 3 && e.contains('@')).then_some(e)
}

/// Phone: digits only, the last nine kept, then leading zeros (international `00`, trunk
/// `0`) dropped, so that `+20 2 555 0100`, `0020 2 5550100` and `02 5550100` agree; fewer
/// than 6 significant digits is not a phone number.
pub(crate) fn normalise_phone(raw: &str) -> Option<String> {
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    let last = digits[digits.len().saturating_sub(9)..].trim_start_matches('0');
    (last.len() >= 6).then(|| last.to_owned())
}

impl Keys {
    fn of(pnr: &Pnr) -> Keys {
        let mut surnames: Vec<u64> = pnr
            .travellers
            .iter()
            .map(|t| name_tokens(&t.name.surname).join(" "))
            .filter(|s| !s.is_empty())
            .map(|s| keyed(b's', s))
            .collect();
        surnames.sort_unstable();
        surnames.dedup();
        let mut cards: Vec<u64> = pnr
            .payments
            .iter()
            .filter_map(|p| p.card_number.as_ref())
            .map(|c| keyed(b'c', c.fingerprint()))
            .collect();
        cards.sort_unstable();
        cards.dedup();
        let mut contacts: Vec<u64> = pnr
            .contacts
            .iter()
            .filter_map(|c| match c.kind {
                ContactKind::Email => normalise_email(&c.value).map(|e| keyed(b'e', e)),
                ContactKind::Phone => normalise_phone(&c.value).map(|p| keyed(b'p', p)),
                // A kind no table knows: an address if it reads as one, else a number.
                ContactKind::Other => normalise_email(&c.value)
                    .map(|e| keyed(b'e', e))
                    .or_else(|| normalise_phone(&c.value).map(|p| keyed(b'p', p))),
            })
            .collect();
        contacts.sort_unstable();
        contacts.dedup();
        Keys {
            pnr: keyed(b'r', pnr.record_locator.trim().to_ascii_uppercase()),
            surnames,
            cards,
            contacts,
        }
    }
}

impl Window {
    /// A window keeping at most `max_entries` observations for at most `max_age`.
    pub fn new(max_entries: usize, max_age: std::time::Duration) -> Window {
        Window {
            max_entries,
            max_age: TimeDelta::from_std(max_age).unwrap_or(TimeDelta::MAX),
            inner: RwLock::new(Inner::default()),
        }
    }

    /// Live observations (one per card or contact per PNR).
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.inner
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .live
    }

    #[cfg(test)]
    pub(crate) fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Forgets everything.
    #[cfg(test)]
    pub(crate) fn clear(&self) {
        *self.inner.write().unwrap_or_else(PoisonError::into_inner) = Inner::default();
    }

    fn horizon(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        now.checked_sub_signed(self.max_age)
            .unwrap_or(DateTime::<Utc>::MIN_UTC)
    }

    /// Remembers `pnr`'s cards and contacts as seen at `now` (an update of the same record
    /// locator replaces its earlier observation), then evicts what is too old or too many.
    pub fn record(&self, pnr: &Pnr, now: DateTime<Utc>) {
        let keys = Keys::of(pnr);
        let horizon = self.horizon(now);
        let mut inner = self.inner.write().unwrap_or_else(PoisonError::into_inner);
        let inner = &mut *inner;
        if self.max_entries > 0 {
            for &key in keys.cards.iter().chain(&keys.contacts) {
                inner.seq += 1;
                let seq = inner.seq;
                let list = inner.by_key.entry(key).or_default();
                match list.iter_mut().find(|o| o.pnr == keys.pnr) {
                    Some(o) => {
                        o.surnames = keys.surnames.clone().into_boxed_slice();
                        o.at = now;
                        o.seq = seq;
                    }
                    None => {
                        list.push(Observation {
                            pnr: keys.pnr,
                            surnames: keys.surnames.clone().into_boxed_slice(),
                            at: now,
                            seq,
                        });
                        inner.live += 1;
                    }
                }
                inner.order.push_back(Slot {
                    key,
                    pnr: keys.pnr,
                    seq,
                    at: now,
                });
            }
        }
        while let Some(front) = inner.order.front().copied() {
            let over = inner.live > self.max_entries
                || inner.order.len() > self.max_entries.saturating_mul(2);
            if !over && front.at >= horizon {
                break;
            }
            inner.order.pop_front();
            if let Some(list) = inner.by_key.get_mut(&front.key) {
                let before = list.len();
                list.retain(|o| !(o.pnr == front.pnr && o.seq == front.seq));
                inner.live -= before - list.len();
                if list.is_empty() {
                    inner.by_key.remove(&front.key);
                }
            }
        }
    }

    /// Counts other PNRs in the window sharing a card or a contact with `pnr`.
    pub(crate) fn lookup(&self, pnr: &Pnr, now: DateTime<Utc>) -> SharedCounts {
        if pnr.payments.is_empty() && pnr.contacts.is_empty() {
            return SharedCounts::default();
        }
        let keys = Keys::of(pnr);
        let horizon = self.horizon(now);
        let inner = self.inner.read().unwrap_or_else(PoisonError::into_inner);
        let count = |ids: &[u64]| {
            let mut pnrs: Vec<(u64, bool)> = Vec::new();
            for id in ids {
                for o in inner.by_key.get(id).into_iter().flatten() {
                    if o.pnr == keys.pnr || o.at < horizon || pnrs.iter().any(|p| p.0 == o.pnr) {
                        continue;
                    }
                    let related = o.surnames.iter().any(|s| keys.surnames.contains(s));
                    pnrs.push((o.pnr, related));
                }
            }
            (pnrs.len(), pnrs.iter().filter(|p| !p.1).count())
        };
        let (card_pnrs, card_unrelated_pnrs) = count(&keys.cards);
        let (contact_pnrs, contact_unrelated_pnrs) = count(&keys.contacts);
        SharedCounts {
            card_pnrs,
            card_unrelated_pnrs,
            contact_pnrs,
            contact_unrelated_pnrs,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pnr::decode::{decode_json, DecodeLimits};

    fn pnr(locator: &str, surname: &str, card: &str, email: &str) -> Pnr {
        let json = format!(
            r#"{{"record_locator":"{locator}","travellers":[{{"surname":"{surname}"}}],
                "payments":[{{"form":"card","card_number":"{card}"}}],
                "contacts":[{{"type":"email","value":"{email}"}}]}}"#
        );
        decode_json(json.as_bytes(), &DecodeLimits::default())
            .expect("test PNR decodes")
            .pnr
    }

    fn t(h: i64) -> DateTime<Utc> {
        DateTime::<Utc>::UNIX_EPOCH + TimeDelta::hours(h)
    }

    #[test]
    fn counts_other_pnrs_and_unrelated_ones() {
        let w = Window::default();
        let a = pnr("AAA111", "ALPHA", "4111111111111111", "x@example.org");
        let b = pnr("BBB222", "BRAVO", "4111 1111 1111 1111", "y@example.org");
        let c = pnr("CCC333", "ALPHA", "4111-1111-1111-1111", " X@Example.org ");
        w.record(&a, t(0));
        w.record(&b, t(1));
        // Recording the same PNR again is an update, not a new PNR.
        w.record(&a, t(2));
        assert_eq!(w.len(), 4, "a and b: one card and one e-mail each");
        let s = w.lookup(&c, t(3));
        assert_eq!(s.card_pnrs, 2);
        assert_eq!(s.card_unrelated_pnrs, 1, "BRAVO is unrelated, ALPHA is not");
        assert_eq!(s.contact_pnrs, 1);
        assert_eq!(s.contact_unrelated_pnrs, 0);
        // A PNR does not share with itself.
        assert_eq!(w.lookup(&a, t(3)).card_pnrs, 1);
    }

    #[test]
    fn bounded_by_entries_and_age() {
        let w = Window::new(4, std::time::Duration::from_secs(10 * 3600));
        for i in 0..10 {
            let p = pnr(&format!("L{i}"), "S", &format!("55554444333322{i:02}"), "");
            w.record(&p, t(i));
        }
        assert_eq!(w.len(), 4, "only the newest 4 cards are kept");
        let probe = pnr("PROBE", "Z", "5555444433332209", "");
        assert_eq!(w.lookup(&probe, t(9)).card_pnrs, 1);
        let old = pnr("PROBE", "Z", "5555444433332205", "");
        assert_eq!(
            w.lookup(&old, t(9)).card_pnrs,
            0,
            "evicted by the size bound"
        );
        // Age: ignored on read past max_age, dropped on the next write.
        assert_eq!(w.lookup(&probe, t(30)).card_pnrs, 0);
        w.record(&pnr("NEW", "N", "4000000000000002", ""), t(30));
        assert_eq!(w.len(), 1);
        w.clear();
        assert!(w.is_empty());
        let none = Window::new(0, DEFAULT_MAX_AGE);
        none.record(&probe, t(0));
        assert!(none.is_empty());
    }

    #[test]
    fn contact_normalisation() {
        assert_eq!(
            normalise_phone("+20 2 555 0100"),
            normalise_phone("02-555-0100")
        );
        assert_eq!(
            normalise_phone("0020 2 5550100").as_deref(),
            Some("25550100")
        );
        assert_eq!(normalise_phone("12"), None);
        assert_eq!(
            normalise_email(" A.Smith@Example.ORG").as_deref(),
            Some("a.smith@example.org")
        );
        assert_eq!(normalise_email("nope"), None);
    }

    #[test]
    fn window_is_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Window>();
    }
}
