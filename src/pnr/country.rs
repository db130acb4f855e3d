//! Country names and codes → ISO 3166-1 alpha-3.
//!
//! PNRs carry alpha-3 (sometimes alpha-2) codes; watchlists carry English names in their
//! own styles ("Korea, North", "Iran (Islamic Republic of)", "Syrian Arab Republic").
//! Lookups go through `celes` (codes, official names, aliases) after folding case, spaces
//! and punctuation, with a few list-style forms celes does not know.
//!
//! Invariant: every value returned is three upper-case ASCII letters.

use celes::Country;

/// Converts an alpha-3 or alpha-2 code (case-insensitive) to alpha-3.
pub(crate) fn to_alpha3(code: &str) -> Option<[u8; 3]> {
    let upper = code.to_ascii_uppercase();
    let country = match upper.len() {
        3 => Country::from_alpha3(&upper).ok(),
        2 => Country::from_alpha2(&upper).ok(),
        // Machine-readable German documents print `D`.
        1 if upper == "D" => Country::from_alpha3("DEU").ok(),
        _ => None,
    }
    .or_else(|| match upper.as_str() {
        // Codes used on travel documents and lists that are not ISO 3166-1 countries.
        "UNK" => Some(Country::from_alpha3("SRB").ok()?), // Kosovo documents; closest ISO entry
        _ => None,
    })?;
    alpha3_bytes(&country)
}

/// Converts a country name in any common English style (or a code) to alpha-3.
pub(crate) fn name_to_alpha3(name: &str) -> Option<[u8; 3]> {
    let trimmed = name.trim().trim_end_matches('.');
    if trimmed.is_empty() {
        return None;
    }
    if trimmed.len() <= 3 && trimmed.chars().all(|c| c.is_ascii_alphabetic()) {
        if let Some(code) = to_alpha3(trimmed) {
            return Some(code);
        }
    }
    // "Korea, North" → "North Korea"; drop parentheticals "(Islamic Republic of)".
    let without_parens: String = {
        let mut depth = 0u32;
        trimmed
            .chars()
            .filter(|c| {
                match c {
                    '(' => depth += 1,
                    ')' => depth = depth.saturating_sub(1),
                    _ => return depth == 0,
                }
                false
            })
            .collect()
    };
    let reordered = match without_parens.split_once(',') {
        Some((a, b)) => format!("{} {}", b.trim(), a.trim()),
        None => without_parens,
    };
    let key: String = reordered
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    let key = key.strip_prefix("the").unwrap_or(&key).to_owned();
    let extra = match key.as_str() {
        "iran" | "iranislamicrepublicof" => Some("IRN"),
        "burma" | "myanmar" => Some("MMR"),
        "northkorea" | "democraticpeoplesrepublicofkorea" => Some("PRK"),
        "southkorea" | "republicofkorea" => Some("KOR"),
        "westbank" | "gaza" | "gazastrip" | "palestinianterritories" | "stateofpalestine" => {
            Some("PSE")
        }
        "kosovo" => Some("SRB"),
        "laos" | "laopeoplesdemocraticrepublic" => Some("LAO"),
        "syria" | "syrianarabrepublic" => Some("SYR"),
        "russia" | "russianfederation" => Some("RUS"),
        "turkey" | "turkiye" => Some("TUR"),
        "vietnam" => Some("VNM"),
        "bolivia" | "venezuela" | "tanzania" | "moldova" => None,
        "congodemocraticrepublicofthe"
        | "democraticrepublicofthecongo"
        | "congodemocraticrepublic" => Some("COD"),
        "congo" | "republicofthecongo" | "congorepublicofthe" => Some("COG"),
        "ivorycoast" | "cotedivoire" => Some("CIV"),
        "unitedkingdom" | "uk" | "greatbritain" => Some("GBR"),
        "unitedstates" | "usa" | "unitedstatesofamerica" => Some("USA"),
        "uae" | "unitedarabemirates" => Some("ARE"),
        "sudansouth" | "southsudan" => Some("SSD"),
        _ => None,
    };
    if let Some(code) = extra {
        return to_alpha3(code);
    }
    let country = Country::from_name(&key)
        .or_else(|_| Country::from_alias(&key))
        .or_else(|_| Country::from_name(format!("the{key}")))
        .ok()?;
    alpha3_bytes(&country)
}

fn alpha3_bytes(country: &Country) -> Option<[u8; 3]> {
    let b = country.alpha3.as_bytes();
    (b.len() == 3 && b.iter().all(u8::is_ascii_uppercase)).then(|| [b[0], b[1], b[2]])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Option<String> {
        name_to_alpha3(s).map(|b| String::from_utf8(b.to_vec()).expect("ascii"))
    }

    #[test]
    fn codes_and_list_style_names_resolve() {
        assert_eq!(to_alpha3("gb"), Some(*b"GBR"));
        assert_eq!(to_alpha3("FRA"), Some(*b"FRA"));
        assert_eq!(to_alpha3("ZZZ"), None);
        assert_eq!(n("Iran").as_deref(), Some("IRN"));
        assert_eq!(n("Iran (Islamic Republic of)").as_deref(), Some("IRN"));
        assert_eq!(n("Korea, North").as_deref(), Some("PRK"));
        assert_eq!(
            n("Democratic People's Republic of Korea").as_deref(),
            Some("PRK")
        );
        assert_eq!(n("Syrian Arab Republic").as_deref(), Some("SYR"));
        assert_eq!(n("Afghanistan").as_deref(), Some("AFG"));
        assert_eq!(n("Russia").as_deref(), Some("RUS"));
        assert_eq!(n("United Kingdom").as_deref(), Some("GBR"));
        assert_eq!(n("Iraq").as_deref(), Some("IRQ"));
        assert_eq!(n("af").as_deref(), Some("AFG"));
        assert_eq!(n("Atlantis"), None);
    }
}
