//! Name symbols: spellings that string similarity misses but that name the same name.
//!
//! Three tables are compiled in: transliteration families (`data/variants.txt`, e.g.
//! MOHAMMED / MUHAMMAD / MOHAMED, YOUSSEF / YUSUF), given-name nicknames
//! (`data/nicknames.csv`, Apache-2.0, e.g. WILLIAM / BILL, ROBERT / BOB; with Spanish and
//! Russian diminutives, `data/diminutives.txt`, e.g. JOSE / PEPE, ALEKSANDR / SASHA) and
//! one given name in several languages (`data/equivalents.txt`, e.g. JOSE / JOSEPH /
//! GIUSEPPE).
//! Tokens that share a family, a formal name with each of its nicknames (or with the
//! nicknames of its other forms: FRANCISCO / FRANK), and two forms of one given name are
//! treated as near-equal by the scorer. A fourth table, the pinyin syllables
//! (`data/pinyin.txt`), tells which tokens are spelled as Chinese given names are, one
//! syllable per character ([`is_pinyin`]).
//!
//! Invariants: tables are built once per process; lookups take folded upper-case tokens and
//! never allocate.

use foldhash::{HashMap, HashMapExt};
use std::sync::OnceLock;

const VARIANTS: &str = include_str!("data/variants.txt");
const NICKNAMES: &str = include_str!("data/nicknames.csv");
const DIMINUTIVES: &str = include_str!("data/diminutives.txt");
const EQUIVALENTS: &str = include_str!("data/equivalents.txt");
const PINYIN_SYLLABLES: &str = include_str!("data/pinyin.txt");

/// How two tokens are related through the tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Relation {
    /// Spellings of one name (transliteration family).
    Variant,
    /// A given name and one of its nicknames, or two languages' forms of one given name
    /// (JOSE / JOSEPH).
    Nickname,
}

/// The families and groups one token belongs to.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Groups {
    /// Transliteration family ids.
    variant: Vec<u32>,
    /// Nickname group ids (a formal name with its nicknames).
    nickname: Vec<u32>,
    /// The nickname groups this token heads (as their formal name).
    heads: Vec<u32>,
    /// Given-name equivalence ids (one name in several languages).
    equivalent: Vec<u32>,
}

impl Groups {
    /// How the tokens owning `self` and `other` are related, if at all (variants first).
    /// A nickname relates to the formal name of its group, not to the group's other
    /// nicknames: STACY (of ANASTASIA) is not ANA, JON (of JONATHAN) is not NATHAN.
    pub(crate) fn relation(&self, other: &Groups) -> Option<Relation> {
        let shares = |x: &[u32], y: &[u32]| x.iter().any(|i| y.contains(i));
        if shares(&self.variant, &other.variant) {
            Some(Relation::Variant)
        } else if shares(&self.heads, &other.nickname)
            || shares(&other.heads, &self.nickname)
            || shares(&self.equivalent, &other.equivalent)
        {
            Some(Relation::Nickname)
        } else {
            None
        }
    }
}

#[derive(Default)]
struct Tables {
    /// token → its families and groups (tokens in neither table are absent).
    groups: HashMap<String, Groups>,
    /// family id → members.
    variant_members: Vec<Vec<String>>,
    nickname_members: Vec<Vec<String>>,
    equivalent_members: Vec<Vec<String>>,
    /// The largest length difference between two members of one family or group.
    spread: usize,
}

fn tables() -> &'static Tables {
    static TABLES: OnceLock<Tables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut t = Tables::default();
        t.variant_members = families(VARIANTS, &mut t.groups, |g| &mut g.variant);
        let mut groups: HashMap<String, u32> = HashMap::new();
        let csv = NICKNAMES
            .lines()
            .filter(|l| !l.starts_with('#'))
            .skip(1)
            .filter_map(|line| {
                let mut parts = line.split(',');
                let (name, _, nick) = (parts.next()?, parts.next()?, parts.next()?);
                Some((name, nick))
            });
        let diminutives = DIMINUTIVES
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|line| line.split_once(':'))
            .flat_map(|(names, nicks)| {
                names
                    .split_whitespace()
                    .flat_map(move |name| nicks.split_whitespace().map(move |nick| (name, nick)))
            });
        for (name, nick) in csv.chain(diminutives) {
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
                let groups = t.groups.entry(name).or_default();
                groups.nickname.push(id);
                groups.heads.push(id);
            }
            if let Some(members) = t.nickname_members.get_mut(id as usize) {
                members.push(nick.clone());
            }
            t.groups.entry(nick).or_default().nickname.push(id);
        }
        t.equivalent_members = families(EQUIVALENTS, &mut t.groups, |g| &mut g.equivalent);
        // One name's forms share its nicknames: FRANCISCO / FRANK as FRANCIS / FRANK.
        for family in &t.equivalent_members {
            let headed: Vec<u32> = family
                .iter()
                .filter_map(|m| t.groups.get(m))
                .flat_map(|g| g.heads.iter().copied())
                .collect();
            for id in headed {
                let Some(members) = t.nickname_members.get_mut(id as usize) else {
                    continue;
                };
                for m in family {
                    if !members.contains(m) {
                        members.push(m.clone());
                        let g = t.groups.entry(m.clone()).or_default();
                        g.nickname.push(id);
                        g.heads.push(id);
                    }
                }
            }
        }
        t.spread = t
            .variant_members
            .iter()
            .chain(&t.nickname_members)
            .chain(&t.equivalent_members)
            .map(|m| {
                let lens = m.iter().map(String::len);
                lens.clone().max().unwrap_or(0) - lens.min().unwrap_or(0)
            })
            .max()
            .unwrap_or(0);
        t
    })
}

/// The families of a table of one family per line (space-separated names; `#` comments),
/// each member's family ids recorded in `groups` through `ids`.
fn families(
    table: &str,
    groups: &mut HashMap<String, Groups>,
    ids: impl Fn(&mut Groups) -> &mut Vec<u32>,
) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    for line in table
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let id = u32::try_from(out.len()).unwrap_or(u32::MAX);
        let members: Vec<String> = line
            .split_whitespace()
            .map(str::to_ascii_uppercase)
            .collect();
        for m in &members {
            ids(groups.entry(m.clone()).or_default()).push(id);
        }
        out.push(members);
    }
    out
}

/// The families and groups of `token`, if it is in any table (one lookup).
pub(crate) fn groups(token: &str) -> Option<&'static Groups> {
    tables().groups.get(token)
}

/// How `a` and `b` are related through the tables, if at all (variants first).
pub(crate) fn relation(a: &str, b: &str) -> Option<Relation> {
    groups(a)?.relation(groups(b)?)
}

/// The largest length difference (in bytes) between two related tokens: a token related
/// to `x` is at most `x.len() + length_spread()` long (used by the retrieval bound).
pub(crate) fn length_spread() -> usize {
    tables().spread
}

/// The formal given names of the nickname table (for synthetic data).
#[cfg(feature = "testkit")]
pub(crate) fn formal_names() -> Vec<String> {
    tables()
        .nickname_members
        .iter()
        .filter_map(|m| m.first().cloned())
        .collect()
}

/// Every token related to `token` (excluding itself), for retrieval.
pub(crate) fn related(token: &str) -> impl Iterator<Item = &'static str> + '_ {
    let t = tables();
    let g = groups(token);
    let variants = g
        .into_iter()
        .flat_map(|g| &g.variant)
        .filter_map(|i| t.variant_members.get(*i as usize))
        .flatten();
    let nicknames = g
        .into_iter()
        .flat_map(|g| &g.nickname)
        .filter_map(|i| t.nickname_members.get(*i as usize))
        .flatten();
    let equivalents = g
        .into_iter()
        .flat_map(|g| &g.equivalent)
        .filter_map(|i| t.equivalent_members.get(*i as usize))
        .flatten();
    variants
        .chain(nicknames)
        .chain(equivalents)
        .map(String::as_str)
        .filter(move |m| *m != token)
}

/// Longest pinyin syllable (ZHUANG, CHUANG, SHUANG).
const SYLLABLE_MAX_LEN: usize = 6;

/// The pinyin syllables (`data/pinyin.txt`), as passports print Chinese names and as
/// [`super::normalize`] spells names written in Han.
fn pinyin() -> &'static foldhash::HashSet<&'static str> {
    static PINYIN: OnceLock<foldhash::HashSet<&'static str>> = OnceLock::new();
    PINYIN.get_or_init(|| {
        PINYIN_SYLLABLES
            .lines()
            .filter(|l| !l.starts_with('#'))
            .flat_map(str::split_whitespace)
            .collect()
    })
}

/// Whether `token` (folded upper-case) is one pinyin syllable.
pub(crate) fn is_syllable(token: &str) -> bool {
    pinyin().contains(token)
}

/// Whether `token` (folded upper-case) is spelled wholly of pinyin syllables (ZHIQIANG is
/// ZHI QIANG; JIANLIANG is JIAN LIANG). Many short Latin names are too (ANA, JULIAN): a
/// caller uses this only to judge how far apart two such tokens are.
pub(crate) fn is_pinyin(token: &str) -> bool {
    const MAX_LEN: usize = 4 * SYLLABLE_MAX_LEN;
    let len = token.len();
    if len == 0 || len > MAX_LEN || !token.is_ascii() {
        return false;
    }
    let table = pinyin();
    // split[i]: the first i letters split into syllables.
    let mut split = [false; MAX_LEN + 1];
    split[0] = true;
    for end in 1..=len {
        let ends_syllable = (end.saturating_sub(SYLLABLE_MAX_LEN)..end).any(|start| {
            split.get(start) == Some(&true)
                && token.get(start..end).is_some_and(|s| table.contains(s))
        });
        if let Some(x) = split.get_mut(end) {
            *x = ends_syllable;
        }
    }
    split.get(len) == Some(&true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinyin_runs() {
        for t in ["ZHIQIANG", "JIANLIANG", "XIAOXUN", "ZHUANG", "LI", "JULIAN"] {
            assert!(is_pinyin(t), "{t}");
        }
        // deunicode's Japanese readings and lone consonants are not in the table.
        for t in [
            "MOHAMMED",
            "STELLARIS",
            "LADIN",
            "KUNUGI",
            "N",
            "",
            "zhi",
            "ZHÌ",
        ] {
            assert!(!is_pinyin(t), "{t}");
        }
        assert!(!is_pinyin(&"A".repeat(4 * SYLLABLE_MAX_LEN + 1)));
        let table = pinyin();
        assert_eq!(table.len(), 396);
        assert!(table
            .iter()
            .all(|s| (1..=SYLLABLE_MAX_LEN).contains(&s.len())
                && s.bytes().all(|b| b.is_ascii_uppercase())));
    }

    #[test]
    fn families_and_nicknames() {
        assert_eq!(relation("MUHAMMAD", "MOHAMED"), Some(Relation::Variant));
        assert_eq!(relation("YUSUF", "YOUSSEF"), Some(Relation::Variant));
        // Urdu spellings of Persian names.
        assert_eq!(relation("RAZA", "REZA"), Some(Relation::Variant));
        assert_eq!(relation("MURTAZA", "MORTEZA"), Some(Relation::Variant));
        assert_eq!(relation("WILLIAM", "BILL"), Some(Relation::Nickname));
        assert_eq!(relation("ROBERT", "BOB"), Some(Relation::Nickname));
        assert_eq!(relation("MOHAMMED", "MEHDI"), None);
        // Two nicknames of one formal name are not related to each other.
        assert_eq!(relation("STACY", "ANA"), None);
        assert_eq!(relation("NATHAN", "JON"), None);
        assert_eq!(relation("ANASTASIA", "ANA"), Some(Relation::Nickname));
        assert!(related("BOB").any(|r| r == "ROBERT"));
        assert!(related("OSAMA").any(|r| r == "USAMA"));
        // Korean syllables as McCune-Reischauer (the UN list) and Revised Romanization
        // (South Korean passports) write them.
        for (mr, rr) in [
            ("RI", "LEE"),
            ("CHOL", "CHEOL"),
            ("CHIN", "JIN"),
            ("KYU", "GYU"),
            ("PYONG", "BYEONG"),
            ("RYU", "YU"),
        ] {
            assert_eq!(relation(mr, rr), Some(Relation::Variant), "{mr} / {rr}");
        }
        // Two languages' forms of one given name relate both ways; their nicknames do not.
        assert_eq!(relation("JOSE", "JOSEPH"), Some(Relation::Nickname));
        assert_eq!(relation("GIUSEPPE", "JOSE"), Some(Relation::Nickname));
        assert_eq!(relation("JUAN", "JOHN"), Some(Relation::Nickname));
        assert_eq!(relation("JOSE", "JUAN"), None);
        // They share the nicknames of their forms, both ways.
        assert_eq!(relation("FRANCISCO", "FRANK"), Some(Relation::Nickname));
        assert_eq!(relation("TONY", "ANTONIO"), Some(Relation::Nickname));
        assert!(related("FRANK").any(|r| r == "FRANCISCO"));
        assert_eq!(relation("FRANK", "PACO"), None);
        // Spanish and Russian diminutives, for each spelling of the formal name.
        assert_eq!(relation("PEPE", "JOSE"), Some(Relation::Nickname));
        assert_eq!(relation("DMITRIY", "DIMA"), Some(Relation::Nickname));
        assert_eq!(relation("SASHA", "ALEXANDER"), Some(Relation::Nickname));
        assert_eq!(relation("SASHA", "MISHA"), None);
        assert!(related("PEDRO").any(|r| r == "PETER"));
    }
}
