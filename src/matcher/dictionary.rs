//! The snapshot's token dictionary: every distinct list token and joined run, interned.
//!
//! Texts live in one string (`text[at[id]..at[id + 1]]`) and are found through a hash
//! table of ids hashed by their text, so a token costs its bytes plus about ten: at a
//! million names the dictionary holds millions of joined runs, and one allocation (and
//! a second copy as a map key) per entry dominated the index's memory.
//!
//! Invariants: ids are dense, in insertion order, and never change; `id(text)` finds
//! exactly the texts interned.

use std::hash::BuildHasher;

#[derive(Debug, Default)]
pub(crate) struct Dictionary {
    text: String,
    at: Vec<u32>,
    by_text: hashbrown::HashTable<u32>,
    hasher: foldhash::fast::RandomState,
}

impl Dictionary {
    /// Number of ids interned.
    pub(crate) fn len(&self) -> usize {
        self.at.len().saturating_sub(1)
    }

    /// Whether nothing is interned (only the tests ask).
    #[cfg(test)]
    pub(crate) fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The text of `id` (empty for an unknown id).
    pub(crate) fn get(&self, id: u32) -> &str {
        slice(&self.text, &self.at, id)
    }

    /// The id of `text`, if interned.
    pub(crate) fn id(&self, text: &str) -> Option<u32> {
        let hash = self.hasher.hash_one(text);
        self.by_text.find(hash, |&id| self.get(id) == text).copied()
    }

    /// The id of `text`, interning it if new.
    pub(crate) fn intern(&mut self, text: &str) -> u32 {
        if let Some(id) = self.id(text) {
            return id;
        }
        if self.at.is_empty() {
            self.at.push(0);
        }
        let id = u32::try_from(self.len()).unwrap_or(u32::MAX);
        self.text.push_str(text);
        self.at
            .push(u32::try_from(self.text.len()).unwrap_or(u32::MAX));
        let Dictionary {
            text: all,
            at,
            by_text,
            hasher,
        } = self;
        by_text.insert_unique(hasher.hash_one(text), id, |&other| {
            hasher.hash_one(slice(all, at, other))
        });
        id
    }

    /// Every (id, text), in id order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (u32, &str)> + '_ {
        (0..u32::try_from(self.len()).unwrap_or(u32::MAX)).map(|id| (id, self.get(id)))
    }

    /// Releases spare capacity once building is done.
    pub(crate) fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.at.shrink_to_fit();
        let Dictionary {
            text,
            at,
            by_text,
            hasher,
        } = self;
        by_text.shrink_to_fit(|&id| hasher.hash_one(slice(text, at, id)));
    }
}

fn slice<'a>(text: &'a str, at: &[u32], id: u32) -> &'a str {
    let i = id as usize;
    match (at.get(i), at.get(i + 1)) {
        (Some(&a), Some(&b)) => text.get(a as usize..b as usize).unwrap_or(""),
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interns_once_and_finds_exactly_what_was_interned() {
        let mut d = Dictionary::default();
        assert!(d.is_empty());
        let a = d.intern("SMITH");
        let b = d.intern("JOHN");
        assert_eq!(d.intern("SMITH"), a);
        assert_eq!((d.get(a), d.get(b)), ("SMITH", "JOHN"));
        assert_eq!(d.id("JOHN"), Some(b));
        assert_eq!(d.id("JOHNS"), None);
        assert_eq!(d.id("SMIT"), None);
        for i in 0..10_000 {
            d.intern(&format!("T{i}"));
        }
        d.shrink_to_fit();
        assert_eq!(d.len(), 10_002);
        assert_eq!(d.id("T9999").map(|id| d.get(id)), Some("T9999"));
        assert_eq!(d.get(99_999), "");
    }
}
