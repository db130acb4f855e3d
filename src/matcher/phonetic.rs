//! Spelling by sound: the [`phonetic_key`] that folds the letter groups romanisations and
//! airline agents write in several ways, so that ANEES / ANIS or PUTEEN / PUTIN meet.
//!
//! Invariants: a key is computed only for 3 to [`PHONETIC_MAX_LEN`] upper-case ASCII
//! letters and never allocates; equal keys mean "spelled alike by sound";
//! [`phonetic_hash`] is fixed within one process (the index is built and read there).

/// A token's spelling by sound, for tokens of 3 to [`PHONETIC_MAX_LEN`] ASCII letters:
/// the letter groups that romanisations and airline agents write in several ways are
/// folded to one (EE/II/Y → I, OO/OU → U, AI/AY/EI/EY → E, KH → H, PH → F, TH → T,
/// DH → D, GH/Q/CK/C → K (Persian writes one sound as GH and Q), CH/TCH → C but a final
/// ICH/ITCH → IK as IC, SH/SCH and an initial HS → X, DJ/DZH/ZH → J, W → V and OU → V
/// before a vowel at the start or after a vowel, a final AH → A), then doubled letters
/// to one. Tokens with equal keys sound alike.
pub(crate) fn phonetic_key(token: &str) -> Option<PhoneticKey> {
    let b = token.as_bytes();
    if !(3..=PHONETIC_MAX_LEN).contains(&b.len()) || !b.iter().all(u8::is_ascii_uppercase) {
        return None;
    }
    let mut key = PhoneticKey::default();
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        let next = b.get(i + 1).copied();
        let after = b.get(i + 2).copied();
        let prev = i.checked_sub(1).and_then(|p| b.get(p)).copied();
        let vowel = |x: Option<u8>| matches!(x, Some(b'A' | b'E' | b'I' | b'O' | b'U'));
        let (out, len) = match (c, next, after) {
            // Serbo-Croatian -IĆ / -IČ, folded to -IC, is the -ICH / -ITCH of French and
            // English spellings (TADIC / TADITCH, MILOSEVIC / MILOSEVICH).
            (b'T', Some(b'C'), Some(b'H')) if prev == Some(b'I') && i + 3 == b.len() => (b'K', 3),
            (b'C', Some(b'H'), None) if prev == Some(b'I') => (b'K', 2),
            // French spellings write W as OU before a vowel (OUALI / WALI, AOUADI / AWADI),
            // where a consonant does not precede it (LOUIS stays LUIS).
            (b'O', Some(b'U'), _) if vowel(after) && (i == 0 || vowel(prev)) => (b'V', 2),
            // Wade-Giles writes pinyin X as HS (HSIAO / XIAO, HSU / XU).
            (b'H', Some(b'S'), _) if i == 0 => (b'X', 2),
            (b'T', Some(b'C'), Some(b'H')) => (b'C', 3),
            (b'S', Some(b'C'), Some(b'H')) => (b'X', 3),
            (b'D', Some(b'Z'), Some(b'H')) => (b'J', 3),
            (b'E', Some(b'E'), _) | (b'I', Some(b'I'), _) => (b'I', 2),
            (b'O', Some(b'O' | b'U'), _) => (b'U', 2),
            (b'A' | b'E', Some(b'I' | b'Y'), _) => (b'E', 2),
            (b'K', Some(b'H'), _) => (b'H', 2),
            (b'P', Some(b'H'), _) => (b'F', 2),
            (b'T', Some(b'H'), _) => (b'T', 2),
            (b'D', Some(b'H'), _) => (b'D', 2),
            (b'G', Some(b'H'), _) => (b'K', 2),
            (b'C', Some(b'H'), _) => (b'C', 2),
            (b'S', Some(b'H'), _) => (b'X', 2),
            (b'C', Some(b'K'), _) => (b'K', 2),
            (b'D', Some(b'J'), _) | (b'Z', Some(b'H'), _) => (b'J', 2),
            (b'A', Some(b'H'), None) => (b'A', 2),
            (b'Y', _, _) => (b'I', 1),
            (b'Q' | b'C', _, _) => (b'K', 1),
            (b'W', _, _) => (b'V', 1),
            _ => (c, 1),
        };
        let n = usize::from(key.len);
        if n == 0 || key.bytes.get(n - 1) != Some(&out) {
            if let Some(slot) = key.bytes.get_mut(n) {
                *slot = out;
                key.len += 1;
            }
        }
        i += len;
    }
    Some(key)
}

/// Longest token [`phonetic_key`] spells.
pub(crate) const PHONETIC_MAX_LEN: usize = 24;

/// The output of [`phonetic_key`] (no allocation).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub(crate) struct PhoneticKey {
    bytes: [u8; PHONETIC_MAX_LEN],
    len: u8,
}

impl PhoneticKey {
    /// The key's letters (upper-case ASCII).
    pub(crate) fn as_str(&self) -> &str {
        let b = self.bytes.get(..usize::from(self.len)).unwrap_or(&[]);
        std::str::from_utf8(b).unwrap_or("")
    }
}

/// A fixed hash of a phonetic key (the index is built and read in one process).
pub(crate) fn phonetic_hash(key: &PhoneticKey) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::with_seed(0x5eed).hash_one(key)
}
