//! The driver: computes every feature of one PNR, one area at a time.
//!
//! Each area fills its slots of the PNR row; the few facts that several areas need (the
//! legs, the first departure, the travellers' name tokens, their ages) are computed once
//! here and passed down.
//!
//! Invariants: never panics and never fails (a value that cannot be derived stays
//! `Null`); runs once per PNR on the hot path, so areas borrow what they read and nothing
//! is copied between them.

use chrono::Utc;

use super::catalogue::Pf;
use super::value::{Features, Row};
use super::{booking, itinerary, payment, traveller};
use crate::pnr::model::Pnr;
use crate::rules::window::Window;

/// Computes every feature of `pnr` (the catalogue's `PNR_FEATURES` and
/// `TRAVELLER_FEATURES`), with cross-PNR counts from `window` as of `now`.
pub fn features(pnr: &Pnr, window: &Window, now: chrono::DateTime<Utc>) -> Features {
    let mut row = Row::<Pf>::new();
    let legs = itinerary::legs(pnr);
    let first_dep = legs.first().map(|l| l.dep);
    itinerary::itinerary(&legs, &mut row);
    booking::lead_times(pnr, first_dep, now, &mut row);
    booking::ticketing(pnr, &mut row);
    itinerary::cabin(pnr, &mut row);
    let names = traveller::names(pnr);
    payment::payment(pnr, &names, &mut row);
    let ages = traveller::party(pnr, &names, first_dep, now, &mut row);
    traveller::baggage(pnr, &mut row);
    let origin_country = legs.first().and_then(|l| l.from).map(|a| a.country);
    booking::agency(pnr, origin_country, &mut row);
    traveller::loyalty_and_documents(pnr, &mut row);
    booking::history(pnr, &mut row);
    booking::shared(pnr, window, now, &mut row);
    let last_travel_day = legs.last().map(|l| l.end().date_naive());
    Features {
        pnr: row.into_values(),
        travellers: traveller::rows(pnr, &ages, last_travel_day),
    }
}
