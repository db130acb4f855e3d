//! Lawful by construction: what a rule condition may read, checked when rules load.
//!
//! Directive (EU) 2016/681 Art. 6(4) and 13(4) and the CJEU (C-817/19, 2022) require
//! pre-determined criteria that are specific, deterministic, explainable, non-discriminatory
//! and never based on sensitive data. This module enforces that on every condition:
//!
//! - the expression is parsed with the engine's own parser and every identifier it reads
//!   must be a feature of the catalogue ([`mod@super::features`]); names that point at
//!   sensitive data (meal or medical requests, SSRs, free-text remarks, religion, health,
//!   ethnicity, sex…) are refused with the legal reason, other unknown names with a hint;
//! - string literals that are sensitive SSR codes (`MOML`, `WCHR`…) are refused;
//! - `$root`, assignments, `rand()` and clock/date functions are refused (the criteria must
//!   name what they read and give the same answer for the same PNR);
//! - the expression is type-checked against the catalogue's types and must yield a bool.
//!
//! The rule-level check (`proxy_only`) flags rules whose criteria read nothing but
//! nationality-style features; [`super::schema`] refuses them unless a data-protection
//! review is recorded.
//!
//! Invariants: checking never panics on any input (expression length and nesting depth are
//! bounded); every refusal says why in one line without quoting personal data.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashSet};
use std::rc::Rc;

use zen_expression::expression::Standard;
use zen_expression::functions::{FunctionKind, InternalFunction};
use zen_expression::intellisense::diagnostic::Severity as DiagSeverity;
use zen_expression::intellisense::IntelliSense;
use zen_expression::parser::Node;
use zen_expression::variable::VariableType;
use zen_expression::Expression;

use super::features::{
    resolve, FeatureKind, FeatureRef, FeatureScope, PNR_FEATURES, TRAVELLER_FEATURES,
};

/// Longest accepted condition, in bytes.
pub(crate) const MAX_EXPRESSION_BYTES: usize = 4096;
/// Deepest accepted expression nesting.
const MAX_DEPTH: usize = 64;

/// Crime categories a rule may serve: Directive (EU) 2016/681 Annex II, plus terrorism
/// (Art. 3(8)). `(slug used in rule files, wording of the Annex)`.
pub(crate) const CATEGORIES: &[(&str, &str)] = &[
    ("terrorism", "terrorist offences (Art. 3(8), Directive (EU) 2017/541)"),
    ("participation_in_criminal_organisation", "participation in a criminal organisation"),
    ("trafficking_in_human_beings", "trafficking in human beings"),
    ("child_sexual_exploitation", "sexual exploitation of children and child pornography"),
    ("drug_trafficking", "illicit trafficking in narcotic drugs and psychotropic substances"),
    ("weapons_trafficking", "illicit trafficking in weapons, munitions and explosives"),
    ("corruption", "corruption"),
    ("fraud", "fraud, including that against the financial interests of the Union"),
    ("money_laundering", "laundering of the proceeds of crime and counterfeiting of currency, including the euro"),
    ("cybercrime", "computer-related crime/cybercrime"),
    ("environmental_crime", "environmental crime, including illicit trafficking in endangered animal species and in endangered plant species and varieties"),
    ("migrant_smuggling", "facilitation of unauthorised entry and residence (targets facilitators, not migrants: no border-control use, C-817/19)"),
    ("murder_grievous_bodily_injury", "murder, grievous bodily injury"),
    ("organ_trafficking", "illicit trade in human organs and tissue"),
    ("kidnapping_hostage_taking", "kidnapping, illegal restraint and hostage-taking"),
    ("organised_armed_robbery", "organised and armed robbery"),
    ("cultural_goods_trafficking", "illicit trafficking in cultural goods, including antiques and works of art"),
    ("counterfeiting_product_piracy", "counterfeiting and piracy of products"),
    ("document_forgery", "forgery of administrative documents and trafficking therein"),
    ("hormone_trafficking", "illicit trafficking in hormonal substances and other growth promoters"),
    ("nuclear_materials_trafficking", "illicit trafficking in nuclear or radioactive materials"),
    ("rape", "rape"),
    ("icc_crimes", "crimes within the jurisdiction of the International Criminal Court"),
    ("unlawful_seizure_of_aircraft_ships", "unlawful seizure of aircraft/ships"),
    ("sabotage", "sabotage"),
    ("stolen_vehicle_trafficking", "trafficking in stolen vehicles"),
    ("industrial_espionage", "industrial espionage"),
];

/// Looks a category slug up; returns the slug with `'static` lifetime.
pub(crate) fn category(slug: &str) -> Option<&'static str> {
    CATEGORIES.iter().find(|(s, _)| *s == slug).map(|(s, _)| *s)
}

/// SSR codes that reveal religion, health or disability (meal, medical, assistance codes).
/// The decoder drops them; a rule naming one is refused.
pub(crate) const SENSITIVE_SSR_CODES: &[&str] = &[
    // Meals (religion, health).
    "AVML", "BBML", "BLML", "CHML", "DBML", "FPML", "GFML", "HFML", "HNML", "JNML", "JPML", "KSML",
    "LCML", "LFML", "LPML", "LSML", "MOML", "NBML", "NFML", "NLML", "ORML", "PFML", "RVML", "SFML",
    "SPML", "VGML", "VJML", "VLML", "VOML", "SPMLS",
    // Health, disability, assistance.
    "BLND", "DEAF", "DPNA", "MAAS", "MEDA", "MEQT", "OXYG", "STCR", "WCBD", "WCBW", "WCHC", "WCHR",
    "WCHS", "WCMP", "WCOB", "LEGL", "LEGR", "PRGN", "SVAN", "ESAN", // Free text.
    "OTHS",
];

/// `(stem, whole-token only, reason)`: names matching a stem are refused with the reason.
const SENSITIVE: &[(&str, bool, &str)] = &[
    ("meal", false, MEAL),
    ("diet", false, MEAL),
    ("vegetar", false, MEAL),
    ("vegan", false, MEAL),
    ("kosher", false, RELIGION),
    ("halal", false, RELIGION),
    ("religio", false, RELIGION),
    ("faith", false, RELIGION),
    ("belief", false, RELIGION),
    ("church", false, RELIGION),
    ("mosque", false, RELIGION),
    ("synagog", false, RELIGION),
    ("pray", true, RELIGION),
    ("health", false, HEALTH),
    ("medic", false, HEALTH),
    ("disab", false, HEALTH),
    ("wheelchair", false, HEALTH),
    ("pregnan", false, HEALTH),
    ("illness", false, HEALTH),
    ("diagnos", false, HEALTH),
    ("oxygen", false, HEALTH),
    ("blind", true, HEALTH),
    ("deaf", true, HEALTH),
    ("ssr", true, SSR),
    ("ssrs", true, SSR),
    ("special_service", false, SSR),
    ("service_request", false, SSR),
    ("remark", false, FREE_TEXT),
    ("osi", true, FREE_TEXT),
    ("free_text", false, FREE_TEXT),
    ("freetext", false, FREE_TEXT),
    ("comment", false, FREE_TEXT),
    ("note", true, FREE_TEXT),
    ("notes", true, FREE_TEXT),
    ("race", true, ETHNIC),
    ("racial", false, ETHNIC),
    ("ethnic", false, ETHNIC),
    ("skin", true, ETHNIC),
    ("tribe", false, ETHNIC),
    ("caste", false, ETHNIC),
    ("politic", false, POLITICS),
    ("union", true, POLITICS),
    ("trade_union", false, POLITICS),
    ("philosoph", false, RELIGION),
    ("sexual", false, SEX_LIFE),
    ("orientation", false, SEX_LIFE),
    ("sex", true, SEX),
    ("gender", false, SEX),
    ("biometric", false, BIOMETRIC),
    ("genetic", false, BIOMETRIC),
    ("surname", true, IDENTIFIER),
    ("given_name", false, IDENTIFIER),
    ("name", true, IDENTIFIER),
    ("card_number", false, IDENTIFIER),
    ("card_holder", false, IDENTIFIER),
    ("document_number", false, IDENTIFIER),
    ("passport_number", false, IDENTIFIER),
    ("email", true, IDENTIFIER),
    ("phone", true, IDENTIFIER),
    ("address", false, IDENTIFIER),
];

const MEAL: &str = "meal and diet requests reveal religion or health: processing them is \
                    prohibited (Directive 2016/681 Art. 13(4)); they are dropped on decode";
const RELIGION: &str = "religion or philosophical beliefs may never be a criterion \
                        (Directive 2016/681 Art. 6(4), 13(4))";
const HEALTH: &str = "health data may never be a criterion (Directive 2016/681 Art. 6(4), 13(4))";
const SSR: &str = "special service requests may reveal religion or health (Art. 13(4)); \
                   only allow-listed codes survive decoding and rules read them through \
                   derived features such as `unaccompanied_minor`";
const FREE_TEXT: &str = "free-text remarks are not Annex I data (C-817/19) and are dropped \
                         on decode; only unaccompanied-minor information is kept";
const ETHNIC: &str =
    "racial or ethnic origin may never be a criterion (Directive 2016/681 Art. 6(4))";
const POLITICS: &str = "political opinions or trade-union membership may never be a \
                        criterion (Directive 2016/681 Art. 6(4))";
const SEX_LIFE: &str = "sex life or sexual orientation may never be a criterion \
                        (Directive 2016/681 Art. 6(4))";
const SEX: &str = "sex is a prohibited ground of discrimination (Charter Art. 21, \
                   C-817/19): criteria must not target it";
const BIOMETRIC: &str = "biometric and genetic data are not PNR data and may never be a criterion";
const IDENTIFIER: &str = "names, documents, cards and contacts identify people: they are \
                          matched against watchlists, not used as criteria (derived features \
                          such as `payer_not_traveller` or `card_shared_pnrs` expose the \
                          pattern without the value)";

/// Why a name is sensitive, if it is.
pub(crate) fn sensitive_reason(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    SENSITIVE.iter().find_map(|(stem, whole, reason)| {
        let hit = if *whole {
            lower
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|t| t == *stem)
        } else {
            lower.contains(stem)
        };
        hit.then_some(*reason)
    })
}

/// A valid condition: compiled, with what it reads.
#[derive(Debug, Clone)]
pub(crate) struct Analysis {
    /// Features read, sorted by name, without repeats.
    pub(crate) reads: Vec<FeatureRef>,
    pub(crate) compiled: Expression<Standard>,
}

/// Checks one condition expression; on refusal returns every reason found.
pub(crate) fn check_expression(source: &str, scope: FeatureScope) -> Result<Analysis, Vec<String>> {
    if source.trim().is_empty() {
        return Err(vec!["the expression is empty".to_owned()]);
    }
    if source.len() > MAX_EXPRESSION_BYTES {
        return Err(vec![format!(
            "the expression is {} bytes long, over the limit of {MAX_EXPRESSION_BYTES}",
            source.len()
        )]);
    }
    let compiled = match zen_expression::compile_expression(source) {
        Ok(c) => c,
        Err(e) => return Err(vec![format!("syntax error: {e}")]),
    };
    let mut intellisense = IntelliSense::new().with_strict(true);
    let walked = intellisense.with_ast(source, false, |ast, _| {
        let mut w = Walker::default();
        w.walk(ast, 0);
        w
    });
    let Some(walker) = walked else {
        return Err(vec![
            "syntax error: the expression does not parse".to_owned()
        ]);
    };
    let mut errors = walker.errors;
    for r in &walker.reads {
        if scope == FeatureScope::Pnr {
            if let FeatureRef::Traveller(_) = r {
                errors.push(format!(
                    "`{}` is a traveller feature: set `scope = \"traveller\"` to use it",
                    r.def().name
                ));
            }
        }
    }
    if errors.is_empty() && walker.reads.is_empty() {
        errors.push("the condition reads no feature (a constant is not a criterion)".to_owned());
    }
    if errors.is_empty() {
        let analysis = intellisense.analyze(source, &catalogue_type());
        for d in &analysis.diagnostics {
            if matches!(d.severity, DiagSeverity::Error | DiagSeverity::Warning) {
                errors.push(format!(
                    "type error at column {}: {}",
                    d.span.0 + 1,
                    d.message
                ));
            }
        }
        if errors.is_empty()
            && !matches!(analysis.return_type, VariableType::Bool | VariableType::Any)
        {
            errors.push(format!(
                "a condition must be true or false, this one yields {}",
                analysis.return_type
            ));
        }
    }
    if errors.is_empty() {
        let mut reads: Vec<FeatureRef> = walker.reads.into_iter().collect();
        reads.sort_by_key(|r| r.def().name);
        Ok(Analysis { reads, compiled })
    } else {
        errors.dedup();
        Err(errors)
    }
}

/// True when every feature read is nationality-style (and at least one is read).
pub(crate) fn proxy_only<'a>(reads: impl IntoIterator<Item = &'a FeatureRef>) -> bool {
    let mut any = false;
    for r in reads {
        if !r.def().proxy {
            return false;
        }
        any = true;
    }
    any
}

/// The catalogue as the type checker's object type.
fn catalogue_type() -> VariableType {
    let object = VariableType::Object(Rc::new(RefCell::new(Default::default())));
    let VariableType::Object(fields) = &object else {
        return object;
    };
    let mut fields = fields.borrow_mut();
    for d in PNR_FEATURES.iter().chain(TRAVELLER_FEATURES) {
        let ty = match d.kind {
            FeatureKind::Bool => VariableType::Bool,
            FeatureKind::Number => VariableType::Number,
            FeatureKind::Text => VariableType::String,
            FeatureKind::Enum(values) => {
                VariableType::Enum(None, values.iter().map(|v| Rc::from(*v)).collect())
            }
            FeatureKind::TextList => VariableType::String.array(),
            FeatureKind::NumberList => VariableType::Number.array(),
        };
        fields.insert(Rc::from(d.name), ty);
    }
    drop(fields);
    object
}

#[derive(Default)]
struct Walker {
    reads: BTreeSet<FeatureRef>,
    errors: Vec<String>,
    aliases: Vec<String>,
    unknown: HashSet<String>,
}

impl Walker {
    fn refuse(&mut self, msg: String) {
        if !self.errors.contains(&msg) {
            self.errors.push(msg);
        }
    }

    fn identifier(&mut self, name: &str) {
        if self.aliases.iter().any(|a| a == name) {
            return;
        }
        if let Some(reason) = sensitive_reason(name) {
            self.refuse(format!("`{name}` is refused: {reason}"));
            return;
        }
        match resolve(name) {
            Some(r) => {
                self.reads.insert(r);
            }
            None => {
                if self.unknown.insert(name.to_owned()) {
                    let hint = closest_feature(name)
                        .map(|n| format!(" (did you mean `{n}`?)"))
                        .unwrap_or_default();
                    self.refuse(format!(
                        "`{name}` is not an allow-listed feature{hint}; the list is in rules/README.md"
                    ));
                }
            }
        }
    }

    fn walk(&mut self, node: &Node<'_>, depth: usize) {
        if depth > MAX_DEPTH {
            self.refuse(format!(
                "the expression is nested more than {MAX_DEPTH} levels deep"
            ));
            return;
        }
        let d = depth + 1;
        match node {
            Node::Null | Node::Bool(_) | Node::Number(_) | Node::Pointer => {}
            Node::String(s) => {
                let code = s.trim().to_ascii_uppercase();
                if SENSITIVE_SSR_CODES.contains(&code.as_str()) {
                    self.refuse(format!(
                        "the literal \"{code}\" is a sensitive SSR code (meal, medical or free \
                         text): {MEAL}"
                    ));
                }
            }
            Node::Identifier(name) => self.identifier(name),
            Node::Root => self.refuse(
                "`$root` is refused: a condition must name the features it reads".to_owned(),
            ),
            Node::Assignments { .. } => self.refuse(
                "assignments (`x = …;`) are refused: a condition is a single expression".to_owned(),
            ),
            Node::TemplateString(parts) | Node::Array(parts) => {
                for p in parts.iter() {
                    self.walk(p, d);
                }
            }
            Node::Object(pairs) => {
                for (k, v) in pairs.iter() {
                    self.walk(k, d);
                    self.walk(v, d);
                }
            }
            Node::Closure { body, alias } => {
                let pushed = alias.map(|a| self.aliases.push(a.to_owned())).is_some();
                self.walk(body, d);
                if pushed {
                    self.aliases.pop();
                }
            }
            Node::Parenthesized(n) => self.walk(n, d),
            Node::Member { node, property } => {
                self.walk(node, d);
                match property {
                    Node::String(field) => {
                        if let Some(reason) = sensitive_reason(field) {
                            self.refuse(format!("`{field}` is refused: {reason}"));
                        }
                    }
                    other => self.walk(other, d),
                }
            }
            Node::Slice { node, from, to } => {
                self.walk(node, d);
                for n in [from, to].into_iter().flatten() {
                    self.walk(n, d);
                }
            }
            Node::Interval { left, right, .. } => {
                self.walk(left, d);
                self.walk(right, d);
            }
            Node::Conditional {
                condition,
                on_true,
                on_false,
            } => {
                self.walk(condition, d);
                self.walk(on_true, d);
                self.walk(on_false, d);
            }
            Node::Unary { node, .. } => self.walk(node, d),
            Node::Binary { left, right, .. } => {
                self.walk(left, d);
                self.walk(right, d);
            }
            Node::FunctionCall { kind, arguments } => {
                match kind {
                    FunctionKind::Internal(InternalFunction::Rand) => self.refuse(
                        "`rand()` is refused: criteria must give the same answer for the same PNR"
                            .to_owned(),
                    ),
                    FunctionKind::Internal(InternalFunction::Date)
                    | FunctionKind::Deprecated(_) => self.refuse(
                        "date/time functions are refused: they read the clock; use the \
                             time features (`hours_booked_before_departure`, …)"
                            .to_owned(),
                    ),
                    _ => {}
                }
                for a in arguments.iter() {
                    self.walk(a, d);
                }
            }
            Node::MethodCall { .. } => self.refuse(
                "method calls (date methods) are refused: use the time features".to_owned(),
            ),
            Node::Error { .. } => {
                self.refuse("syntax error: the expression does not parse".to_owned())
            }
        }
    }
}

/// The catalogue name closest to a misspelt one (Jaro-Winkler ≥ 0.85).
fn closest_feature(name: &str) -> Option<&'static str> {
    PNR_FEATURES
        .iter()
        .chain(TRAVELLER_FEATURES)
        .map(|d| (strsim::jaro_winkler(name, d.name), d.name))
        .filter(|(s, _)| *s >= 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, n)| n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(expr: &str) -> String {
        check_expression(expr, FeatureScope::Traveller)
            .expect_err("should be refused")
            .join("; ")
    }

    #[test]
    fn accepts_allow_listed_features_and_reports_reads() {
        let a = check_expression(
            "hours_booked_before_departure <= 48 and paid_cash and trip_type == \"one_way\"",
            FeatureScope::Pnr,
        )
        .expect("valid");
        let names: Vec<&str> = a.reads.iter().map(|r| r.def().name).collect();
        assert_eq!(
            names,
            ["hours_booked_before_departure", "paid_cash", "trip_type"]
        );
        check_expression(
            "some(transit_airports, # in [\"IST\", \"DXB\"])",
            FeatureScope::Pnr,
        )
        .expect("closures over lists");
        check_expression("some(connection_minutes as m, m < 90)", FeatureScope::Pnr)
            .expect("closure alias is not a feature");
        check_expression(
            "age < 18 and not is_unaccompanied_minor",
            FeatureScope::Traveller,
        )
        .expect("traveller scope");
    }

    #[test]
    fn refuses_sensitive_names_with_the_reason() {
        assert!(refused("meal == \"MOML\"").contains("Art. 13(4)"));
        assert!(refused("contains(ssr_codes, \"WCHR\")").contains("special service"));
        assert!(refused("len(remarks) > 0").contains("free-text"));
        assert!(refused("religion == \"X\"").contains("religion"));
        assert!(refused("medical_assistance").contains("health"));
        assert!(refused("gender == \"F\" and paid_cash").contains("Charter Art. 21"));
        assert!(refused("special_services.code == \"X\"").contains("special service"));
        assert!(refused("paid_cash and \"KSML\" in airports").contains("sensitive SSR code"));
        assert!(refused("traveller.ethnicity == \"x\"").contains("ethnic"));
        assert!(refused("surname == \"SMITH\"").contains("watchlists"));
    }

    #[test]
    fn refuses_unknown_unsafe_and_ill_typed_conditions() {
        assert!(refused("hours_bookd_before_departure < 48").contains("did you mean"));
        assert!(refused("$root.paid_cash").contains("$root"));
        assert!(refused("rand(10) > 5 and paid_cash").contains("rand()"));
        assert!(refused("x = 1; paid_cash").contains("assignments"));
        assert!(refused("paid_cash > 3").contains("type error"));
        assert!(
            refused("trip_type == \"oneway\"").contains("type error"),
            "typo in an enum value"
        );
        assert!(refused("party_size").contains("true or false"));
        assert!(refused("1 == 1").contains("reads no feature"));
        assert!(refused("party_size >=").contains("syntax error"));
        assert!(refused("").contains("empty"));
        assert!(refused(&"(".repeat(5000)).contains("limit"));
        let e = check_expression("age < 18", FeatureScope::Pnr).expect_err("scope");
        assert!(e[0].contains("scope = \"traveller\""), "{e:?}");
    }

    #[test]
    fn deep_nesting_does_not_panic() {
        let deep = format!("{}paid_cash{}", "(".repeat(200), ")".repeat(200));
        let _ = check_expression(&deep, FeatureScope::Pnr);
        let deep = format!("{}paid_cash", "not ".repeat(500));
        let _ = check_expression(&deep, FeatureScope::Pnr);
    }

    #[test]
    fn proxy_only_needs_every_read_to_be_a_proxy() {
        let nat = resolve("nationality").expect("feature");
        let cash = resolve("paid_cash").expect("feature");
        assert!(proxy_only(&[nat]));
        assert!(!proxy_only(&[nat, cash]));
        assert!(!proxy_only(&[]));
    }

    #[test]
    fn categories_are_annex_two_plus_terrorism() {
        assert_eq!(CATEGORIES.len(), 27);
        assert_eq!(category("drug_trafficking"), Some("drug_trafficking"));
        assert_eq!(category("illegal_immigration"), None);
    }
}
