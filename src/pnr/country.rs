//! Country names and codes → ISO 3166-1 alpha-3.
//!
//! PNRs carry alpha-3 (sometimes alpha-2) codes; watchlists carry English names in their
//! own styles ("Korea, North", "Iran (Islamic Republic of)", "Syrian Arab Republic").
//! Lookups go through `celes` (codes, official names, aliases) after folding case, spaces
//! and punctuation, with a few list-style forms celes does not know.
//!
//! Travel documents also carry the codes of ICAO Doc 9303 that are not ISO 3166-1 countries
//! ([`ICAO_CODES`]: stateless persons and refugees, UN and EU documents, British nationality
//! classes, international organisations); they are kept as given. Kosovo is `RKS`, the ICAO
//! code, whether a document prints `RKS`, `UNK` (issued by UNMIK) or `XKX`, or a list writes
//! "Kosovo".
//!
//! Invariant: every value returned is three upper-case ASCII letters.

use celes::Country;

/// Codes of ICAO Doc 9303 (Part 3) that are not ISO 3166-1 countries, with their meaning.
/// Only [`KOSOVO`] among them names a state; the others say nothing of a nationality.
pub(crate) const ICAO_CODES: &[(&str, &str)] = &[
    ("XXA", "stateless person (1954 Convention)"),
    ("XXB", "refugee (1951 Convention)"),
    ("XXC", "refugee (other)"),
    ("XXX", "person of unspecified nationality"),
    ("UNO", "United Nations official"),
    (
        "UNA",
        "official of a specialised agency of the United Nations",
    ),
    ("RKS", "Kosovo"),
    ("EUE", "European Union"),
    ("GBD", "British Overseas Territories citizen"),
    ("GBN", "British National (Overseas)"),
    ("GBO", "British Overseas citizen"),
    ("GBP", "British protected person"),
    ("GBS", "British subject"),
    ("XOM", "Sovereign Military Order of Malta"),
    ("XPO", "Interpol"),
    ("XBA", "African Development Bank"),
    ("XIM", "African Export-Import Bank"),
    ("XCC", "Caribbean Community"),
    ("XCE", "Council of Europe"),
    ("XCO", "Common Market for Eastern and Southern Africa"),
    ("XEC", "Economic Community of West African States"),
    ("XES", "Organisation of Eastern Caribbean States"),
    ("XMP", "Parliamentary Assembly of the Mediterranean"),
];

/// Kosovo's code on travel documents (ICAO Doc 9303); UNMIK documents print `UNK`.
pub(crate) const KOSOVO: [u8; 3] = *b"RKS";

/// Converts an alpha-3 or alpha-2 code, or a code of ICAO Doc 9303 (case-insensitive), to
/// alpha-3.
pub(crate) fn to_alpha3(code: &str) -> Option<[u8; 3]> {
    let upper = code.to_ascii_uppercase();
    let country = match upper.len() {
        3 => Country::from_alpha3(&upper).ok(),
        2 => Country::from_alpha2(&upper).ok(),
        // Machine-readable German documents print `D`.
        1 if upper == "D" => Country::from_alpha3("DEU").ok(),
        _ => None,
    };
    match country {
        // celes knows Kosovo by the user-assigned XK / XKX; documents print RKS.
        Some(country) if country.alpha3 == "XKX" => Some(KOSOVO),
        Some(country) => alpha3_bytes(&country),
        None => match upper.as_str() {
            "UNK" | "XKX" | "XK" => Some(KOSOVO),
            _ => ICAO_CODES
                .iter()
                .find(|(c, _)| *c == upper)
                .map(|(c, _)| [c.as_bytes()[0], c.as_bytes()[1], c.as_bytes()[2]]),
        },
    }
}

/// Whether a code names a state (an ISO 3166-1 country or Kosovo) rather than a status or
/// an organisation (`XXA`, `UNO`, `GBN`, …), which says nothing of a nationality.
pub(crate) fn is_state(code: [u8; 3]) -> bool {
    code == KOSOVO || !ICAO_CODES.iter().any(|(c, _)| c.as_bytes() == code)
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
        "kosovo" => Some("RKS"),
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
        assert_eq!(n("Kosovo").as_deref(), Some("RKS"));
    }

    #[test]
    fn travel_document_codes_of_icao_9303_are_kept() {
        for (code, _) in ICAO_CODES {
            assert_eq!(
                to_alpha3(code).map(|b| b.to_vec()),
                Some(code.as_bytes().to_vec())
            );
            assert_eq!(to_alpha3(&code.to_ascii_lowercase()), to_alpha3(code));
        }
        assert_eq!(to_alpha3("UNK"), Some(KOSOVO));
        assert_eq!(to_alpha3("XKX"), Some(KOSOVO));
        assert_eq!(to_alpha3("d"), Some(*b"DEU"));
        assert_eq!(to_alpha3("deu"), Some(*b"DEU"));
        assert!(is_state(*b"DEU") && is_state(KOSOVO));
        assert!(!is_state(*b"XXA") && !is_state(*b"UNO") && !is_state(*b"GBN"));
    }
}
