//! Payment features: form of payment, amounts, cards, and whether the payer travels.
//!
//! Card holders are compared with the travellers as name tokens
//! ([`crate::rules::names`]); card numbers only as their fingerprints. Neither is put in
//! a feature: only the comparison's outcome is.
//!
//! Invariants: amounts are summed as sent (currencies are not converted) and non-finite
//! amounts are ignored; `payer_not_traveller` is `Null` when no card holder name is given.

use super::catalogue::Pf;
use super::value::{FeatureValue, Row};
use crate::pnr::model::{self, PaymentForm, Pnr};
use crate::rules::names::name_tokens;

/// Every payment feature. `traveller_names` holds each traveller's (surname, given names)
/// tokens, in traveller order.
pub(super) fn payment(
    pnr: &Pnr,
    traveller_names: &[(Vec<String>, Vec<String>)],
    row: &mut Row<Pf>,
) {
    row.set(Pf::PaymentCount, FeatureValue::count(pnr.payments.len()));
    let has = |form: PaymentForm| pnr.payments.iter().any(|p| p.form == form);
    let form = if has(PaymentForm::Cash) {
        "cash"
    } else if has(PaymentForm::Card) {
        "card"
    } else if pnr.payments.is_empty() {
        "none"
    } else {
        "other"
    };
    row.set(Pf::PaymentForm, FeatureValue::Symbol(form));
    row.set(Pf::PaidCash, FeatureValue::Bool(has(PaymentForm::Cash)));
    row.set(Pf::PaidCard, FeatureValue::Bool(has(PaymentForm::Card)));
    let sum = |cash_only: bool| {
        pnr.payments
            .iter()
            .filter(|p| !cash_only || p.form == PaymentForm::Cash)
            .filter_map(|p| p.amount.filter(|a| a.is_finite()))
            .fold(None, |acc: Option<f64>, a| Some(acc.unwrap_or(0.0) + a))
    };
    row.set(Pf::PaymentTotal, FeatureValue::opt_num(sum(false)));
    row.set(Pf::CashAmount, FeatureValue::opt_num(sum(true)));
    let mut payer_not_traveller = None;
    for holder in pnr.payments.iter().filter_map(|p| p.card_holder.as_deref()) {
        let tokens = name_tokens(holder);
        if tokens.is_empty() {
            continue;
        }
        let matched = traveller_names
            .iter()
            .any(|(s, g)| holder_matches(&tokens, s, g));
        payer_not_traveller = Some(payer_not_traveller.unwrap_or(false) || !matched);
    }
    row.set(
        Pf::PayerNotTraveller,
        FeatureValue::opt_bool(payer_not_traveller),
    );
    let mut cards: Vec<u64> = pnr
        .payments
        .iter()
        .filter_map(|p| p.card_number.as_ref().map(model::CardNumber::fingerprint))
        .collect();
    cards.sort_unstable();
    cards.dedup();
    row.set(Pf::CardCount, FeatureValue::count(cards.len()));
}

/// A card holder is a traveller when the holder's name holds the traveller's surname
/// tokens and, if the traveller has given names, a token with the first given name's
/// initial (`ANNA SMITH`, `A SMITH`, `SMITH ANNA MRS`).
pub(super) fn holder_matches(holder: &[String], surname: &[String], given: &[String]) -> bool {
    if surname.is_empty() || !surname.iter().all(|s| holder.contains(s)) {
        return false;
    }
    let Some(initial) = given.first().and_then(|g| g.chars().next()) else {
        return true;
    };
    holder
        .iter()
        .filter(|t| !surname.contains(t))
        .any(|t| t.starts_with(initial))
}
