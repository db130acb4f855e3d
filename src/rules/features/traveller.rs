//! Traveller features: the party as a whole (size, minors, surnames, group, unaccompanied
//! minor, baggage, documents, frequent flyers) and one row per traveller.
//!
//! Ages are counted at the first departure (the screening day without segments); a minor
//! is under 18 or typed child/infant by the carrier. Surnames are compared as name tokens
//! ([`crate::rules::names`]) and never put in a feature.
//!
//! Invariants: one row per traveller, in traveller order; a traveller index that points
//! at no traveller (unaccompanied minor, SSR, bag) marks nobody; the main document is the
//! first passport, else the first document; visas never count as the expiring document.

use std::collections::BTreeSet;

use chrono::{NaiveDate, Utc};

use super::catalogue::{Pf, Tf, GROUP_SIZE};
use super::value::{FeatureValue, Row};
use crate::pnr::model::{self, CheckInStatus, PassengerType, Pnr};
use crate::rules::names::name_tokens;

/// Each traveller's (surname, given names) tokens, in traveller order.
pub(super) fn names(pnr: &Pnr) -> Vec<(Vec<String>, Vec<String>)> {
    pnr.travellers
        .iter()
        .map(|t| {
            (
                name_tokens(&t.name.surname),
                name_tokens(&t.name.given_names),
            )
        })
        .collect()
}

/// Each traveller's age and minor flag, as the party features counted them.
pub(super) struct Ages {
    ages: Vec<Option<i64>>,
    minors: Vec<bool>,
}

/// Party size, adults and minors, distinct surnames, group, split and unaccompanied minor.
pub(super) fn party(
    pnr: &Pnr,
    traveller_names: &[(Vec<String>, Vec<String>)],
    first_dep: Option<chrono::DateTime<Utc>>,
    now: chrono::DateTime<Utc>,
    row: &mut Row<Pf>,
) -> Ages {
    let first_day = first_dep.map_or(now.date_naive(), |d| d.date_naive());
    let ages: Vec<Option<i64>> = pnr
        .travellers
        .iter()
        .map(|t| t.date_of_birth.and_then(|d| age_at(d, first_day)))
        .collect();
    let minor_flags: Vec<bool> = pnr
        .travellers
        .iter()
        .zip(&ages)
        .map(|(t, a)| {
            // A year or month of birth that leaves the age open is a minor when even the
            // oldest it can be is under 18.
            a.is_some_and(|a| a < 18)
                || t.date_of_birth
                    .is_some_and(|d| age_on(d.bounds().0, first_day) < 18)
                || matches!(
                    t.passenger_type,
                    Some(PassengerType::Child | PassengerType::Infant)
                )
        })
        .collect();
    let minors = minor_flags.iter().filter(|m| **m).count();
    let party = pnr.travellers.len();
    row.set(Pf::PartySize, FeatureValue::count(party));
    row.set(Pf::MinorCount, FeatureValue::count(minors));
    row.set(Pf::AdultCount, FeatureValue::count(party - minors));
    let surnames: BTreeSet<String> = traveller_names
        .iter()
        .filter(|(s, _)| !s.is_empty())
        .map(|(s, _)| s.join(" "))
        .collect();
    row.set(Pf::DistinctSurnames, FeatureValue::count(surnames.len()));
    let ssr = |code: &str| {
        pnr.special_services
            .iter()
            .any(|s| s.code.trim().eq_ignore_ascii_case(code))
    };
    row.set(
        Pf::GroupBooking,
        FeatureValue::Bool(party >= GROUP_SIZE || ssr("GRPS")),
    );
    row.set(
        Pf::SplitPnr,
        FeatureValue::Bool(
            pnr.split
                .as_ref()
                .is_some_and(|s| !s.record_locators.is_empty()),
        ),
    );
    row.set(
        Pf::NumberInPartyMismatch,
        FeatureValue::Bool(pnr.number_in_party.is_some_and(|n| n as usize != party)),
    );
    let um = pnr.unaccompanied_minor.is_some() || ssr("UMNR");
    row.set(Pf::UnaccompaniedMinor, FeatureValue::Bool(um));
    let guardian = pnr.unaccompanied_minor.as_ref().map_or(Some(false), |u| {
        let given = |g: &Option<String>| g.as_deref().is_some_and(|s| !s.trim().is_empty());
        Some(given(&u.guardian_departure) && given(&u.guardian_arrival))
    });
    row.set(
        Pf::UmGuardianInfo,
        FeatureValue::opt_bool(if um { guardian } else { None }),
    );
    Ages {
        ages,
        minors: minor_flags,
    }
}

/// Checked bags: count, weight and bags per traveller.
pub(super) fn baggage(pnr: &Pnr, row: &mut Row<Pf>) {
    let party = pnr.travellers.len();
    let bags: u64 = pnr.baggage.iter().map(|b| u64::from(b.pieces)).sum();
    row.set(Pf::BagCount, FeatureValue::Number(bags as f64));
    let weight = pnr
        .baggage
        .iter()
        .filter_map(|b| b.weight_kg.filter(|w| w.is_finite()))
        .fold(None, |acc: Option<f64>, w| Some(acc.unwrap_or(0.0) + w));
    row.set(Pf::BagWeightKg, FeatureValue::opt_num(weight));
    if party > 0 {
        row.set(
            Pf::BagsPerTraveller,
            FeatureValue::opt_num(Some(bags as f64 / party as f64)),
        );
    }
}

/// Travellers with a frequent-flyer number, and travellers without a travel document.
pub(super) fn loyalty_and_documents(pnr: &Pnr, row: &mut Row<Pf>) {
    row.set(
        Pf::FrequentFlyerCount,
        FeatureValue::count(
            pnr.travellers
                .iter()
                .filter(|t| !t.frequent_flyer.is_empty())
                .count(),
        ),
    );
    row.set(
        Pf::TravellersWithoutDocument,
        FeatureValue::count(
            pnr.travellers
                .iter()
                .filter(|t| t.documents.is_empty())
                .count(),
        ),
    );
}

/// One row of traveller features per traveller. `last_travel_day` is the day the
/// itinerary ends (documents must be valid until then).
pub(super) fn rows(
    pnr: &Pnr,
    ages: &Ages,
    last_travel_day: Option<NaiveDate>,
) -> Vec<Vec<FeatureValue>> {
    pnr.travellers
        .iter()
        .enumerate()
        .map(|(i, t)| traveller(pnr, i, t, ages, last_travel_day))
        .collect()
}

/// The features of traveller `i`.
fn traveller(
    pnr: &Pnr,
    i: usize,
    t: &model::Traveller,
    ages: &Ages,
    last_travel_day: Option<NaiveDate>,
) -> Vec<FeatureValue> {
    let mut row = Row::<Tf>::new();
    row.set(
        Tf::Age,
        FeatureValue::opt_num(ages.ages.get(i).copied().flatten().map(|a| a as f64)),
    );
    row.set(
        Tf::Minor,
        FeatureValue::Bool(ages.minors.get(i).copied().unwrap_or(false)),
    );
    row.set(
        Tf::PassengerType,
        t.passenger_type.map_or(FeatureValue::Null, |p| {
            FeatureValue::Symbol(passenger_type(p))
        }),
    );
    let is_um = pnr
        .unaccompanied_minor
        .as_ref()
        .is_some_and(|u| u.traveller == i)
        || pnr
            .special_services
            .iter()
            .any(|s| s.traveller == Some(i) && s.code.trim().eq_ignore_ascii_case("UMNR"));
    row.set(Tf::IsUnaccompaniedMinor, FeatureValue::Bool(is_um));
    row.set(
        Tf::Nationality,
        FeatureValue::opt_text(t.nationality.as_ref().map(|c| c.as_str())),
    );
    row.set(
        Tf::ResidenceCountry,
        FeatureValue::opt_text(t.residence_country.as_ref().map(|c| c.as_str())),
    );
    documents(t, last_travel_day, &mut row);
    row.set(
        Tf::FrequentFlyer,
        FeatureValue::Bool(!t.frequent_flyer.is_empty()),
    );
    row.set(
        Tf::FrequentFlyerTier,
        FeatureValue::opt_text(t.frequent_flyer.first().and_then(|f| f.tier.as_deref())),
    );
    row.set(
        Tf::CheckInStatus,
        t.check_in
            .map_or(FeatureValue::Null, |c| FeatureValue::Symbol(check_in(c))),
    );
    let own_bags: u64 = pnr
        .baggage
        .iter()
        .filter(|b| b.traveller == Some(i))
        .map(|b| u64::from(b.pieces))
        .sum();
    row.set(Tf::TravellerBagCount, FeatureValue::Number(own_bags as f64));
    row.into_values()
}

/// The traveller's documents: issuer, type, validity after travel, issuer vs nationality.
fn documents(t: &model::Traveller, last_travel_day: Option<NaiveDate>, row: &mut Row<Tf>) {
    let is_passport = |d: &&model::TravelDocument| d.doc_type.trim().eq_ignore_ascii_case("P");
    let main_doc = t.documents.iter().find(is_passport).or(t.documents.first());
    row.set(
        Tf::DocumentIssuingCountry,
        FeatureValue::opt_text(
            main_doc
                .and_then(|d| d.issuing_country.as_ref())
                .map(|c| c.as_str()),
        ),
    );
    let issuer = main_doc.and_then(|d| d.issuing_country);
    row.set(
        Tf::DocumentIssuedByResidenceCountry,
        FeatureValue::opt_bool(issuer.zip(t.residence_country).map(|(i, r)| i == r)),
    );
    row.set(
        Tf::DocumentType,
        FeatureValue::opt_text(t.documents.first().map(|d| d.doc_type.as_str())),
    );
    row.set(Tf::HasDocument, FeatureValue::Bool(!t.documents.is_empty()));
    let expiry = t
        .documents
        .iter()
        .filter(|d| !d.doc_type.trim().eq_ignore_ascii_case("V"))
        .filter_map(|d| d.expires_on.map(|e| e.0))
        .min();
    if let (Some(e), Some(last)) = (expiry, last_travel_day) {
        row.set(
            Tf::DocumentDaysValidAfterTravel,
            FeatureValue::Number((e - last).num_days() as f64),
        );
    }
    let mut differs = None;
    if let Some(nat) = t.nationality {
        for d in t.documents.iter().filter(is_passport) {
            if let Some(issuer) = d.issuing_country {
                differs = Some(differs.unwrap_or(false) || issuer != nat);
            }
        }
    }
    row.set(
        Tf::DocumentIssuerDiffersFromNationality,
        FeatureValue::opt_bool(differs),
    );
}

/// The age on `on` of someone born on `born`, when its precision decides it: a year or a
/// month of birth gives an age only when every day it spans gives the same one.
fn age_at(born: model::BirthDate, on: NaiveDate) -> Option<i64> {
    let (earliest, latest) = born.bounds();
    let age = age_on(latest, on);
    (age_on(earliest, on) == age).then_some(age)
}

fn age_on(born: NaiveDate, on: NaiveDate) -> i64 {
    use chrono::Datelike;
    let mut years = i64::from(on.year() - born.year());
    if (on.month(), on.day()) < (born.month(), born.day()) {
        years -= 1;
    }
    years
}

fn passenger_type(p: PassengerType) -> &'static str {
    match p {
        PassengerType::Adult => "adult",
        PassengerType::Child => "child",
        PassengerType::Infant => "infant",
        PassengerType::Other => "other",
    }
}

fn check_in(c: CheckInStatus) -> &'static str {
    match c {
        CheckInStatus::NotCheckedIn => "not_checked_in",
        CheckInStatus::CheckedIn => "checked_in",
        CheckInStatus::Boarded => "boarded",
        CheckInStatus::NoShow => "no_show",
        CheckInStatus::GoShow => "go_show",
        CheckInStatus::Other => "other",
    }
}
