//! Name symbols: spellings that string similarity misses but that name the same name.
//!
//! Two tables are compiled in: transliteration families (`data/variants.txt`, e.g.
//! MOHAMMED / MUHAMMAD / MOHAMED, YOUSSEF / YUSUF) and given-name nicknames
//! (`data/nicknames.csv`, Apache-2.0, e.g. WILLIAM / BILL, ROBERT / BOB). Tokens that share
//! a family or a nickname group are treated as near-equal by the scorer.
//!
//! Invariants: tables are built once per process; lookups take folded upper-case tokens and
//! never allocate.

use std::collections::HashMap;
use std::sync::OnceLock;

const VARIANTS: &str = include_str!("data/variants.txt");
const NICKNAMES: &str = include_str!("data/nicknames.csv");

/// How two tokens are related through the tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// Spellings of one name (transliteration family).
    Variant,
    /// A given name and one of its nicknames.
    Nickname,
}

#[derive(Default)]
struct Tables {
    /// token → transliteration family ids.
    variant: HashMap<String, Vec<u32>>,
    /// token → nickname group ids (a formal name with its nicknames).
    nickname: HashMap<String, Vec<u32>>,
    /// family id → members.
    variant_members: Vec<Vec<String>>,
    nickname_members: Vec<Vec<String>>,
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut t = Tables::default();
        for line in VARIANTS
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
        {
            let id = u32::try_from(t.variant_members.len()).unwrap_or(u32::MAX);
            let members: Vec<String> = line
                .split_whitespace()
                .map(str::to_ascii_uppercase)
                .collect();
            for m in &members {
                t.variant.entry(m.clone()).or_default().push(id);
            }
            t.variant_members.push(members);
        }
        let mut groups: HashMap<String, u32> = HashMap::new();
        for line in NICKNAMES.lines().filter(|l| !l.starts_with('#')).skip(1) {
            let mut parts = line.split(',');
            let (Some(name), Some(_), Some(nick)) = (parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            let (name, nick) = (
                name.trim().to_ascii_uppercase(),
                nick.trim().to_ascii_uppercase(),
            );
            if name.is_empty() || nick.is_empty() {
                continue;
            }
            let next = u32::try_from(t.nickname_members.len()).unwrap_or(u32::MAX);
            let id = *groups.entry(name.clone()).or_insert(next);
            if id == next {
                t.nickname_members.push(vec![name.clone()]);
                t.nickname.entry(name).or_default().push(id);
            }
            if let Some(members) = t.nickname_members.get_mut(id as usize) {
                members.push(nick.clone());
            }
            t.nickname.entry(nick).or_default().push(id);
        }
        t
    })
}

/// How `a` and `b` are related through the tables, if at all (variants first).
pub fn relation(a: &str, b: &str) -> Option<Relation> {
    let t = tables();
    let shares = |map: &HashMap<String, Vec<u32>>| match (map.get(a), map.get(b)) {
        (Some(x), Some(y)) => x.iter().any(|i| y.contains(i)),
        _ => false,
    };
    if shares(&t.variant) {
        Some(Relation::Variant)
    } else if shares(&t.nickname) {
        Some(Relation::Nickname)
    } else {
        None
    }
}

/// The formal given names of the nickname table (for synthetic data).
pub fn formal_names() -> Vec<String> {
    tables()
        .nickname_members
        .iter()
        .filter_map(|m| m.first().cloned())
        .collect()
}

/// Every token related to `token` (excluding itself), for retrieval.
pub fn related(token: &str) -> impl Iterator<Item = &'static str> + '_ {
    let t = tables();
    let variants = t
        .variant
        .get(token)
        .into_iter()
        .flatten()
        .filter_map(|i| t.variant_members.get(*i as usize))
        .flatten();
    let nicknames = t
        .nickname
        .get(token)
        .into_iter()
        .flatten()
        .filter_map(|i| t.nickname_members.get(*i as usize))
        .flatten();
    variants
        .chain(nicknames)
        .map(String::as_str)
        .filter(move |m| *m != token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families_and_nicknames() {
        assert_eq!(relation("MUHAMMAD", "MOHAMED"), Some(Relation::Variant));
        assert_eq!(relation("YUSUF", "YOUSSEF"), Some(Relation::Variant));
        assert_eq!(relation("WILLIAM", "BILL"), Some(Relation::Nickname));
        assert_eq!(relation("ROBERT", "BOB"), Some(Relation::Nickname));
        assert_eq!(relation("MOHAMMED", "MEHDI"), None);
        assert!(related("BOB").any(|r| r == "ROBERT"));
        assert!(related("OSAMA").any(|r| r == "USAMA"));
    }
}
