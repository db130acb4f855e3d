//! Booking features: lead times, ticket and travel status, the booking agency, the change
//! history, and the links to other bookings in the cross-PNR [`Window`].
//!
//! Invariants: lead times are measured to the first departure (in UTC) and are `Null`
//! without segments; booking and issue times without an offset are taken as UTC; the
//! window is only read here (recording is the caller's job).

use chrono::Utc;

use super::catalogue::{Pf, AGENCY_TYPES};
use super::itinerary::{hours, utc};
use super::value::{FeatureValue, Row};
use crate::pnr::model::{self, CheckInStatus, Pnr};
use crate::rules::window::Window;

/// Time from booking, from ticketing and from `now` to the first departure.
pub(super) fn lead_times(
    pnr: &Pnr,
    first_dep: Option<chrono::DateTime<Utc>>,
    now: chrono::DateTime<Utc>,
    row: &mut Row<Pf>,
) {
    let Some(dep) = first_dep else {
        return;
    };
    let booked = pnr.booked_at.as_ref().map(|b| utc(b, None));
    row.set(
        Pf::HoursBookedBeforeDeparture,
        FeatureValue::opt_num(booked.map(|b| hours(b, dep))),
    );
    row.set(
        Pf::DaysBookedBeforeDeparture,
        FeatureValue::opt_num(booked.map(|b| hours(b, dep) / 24.0)),
    );
    let ticketed = pnr
        .tickets
        .iter()
        .filter_map(|t| t.issued_at.as_ref().map(|i| utc(i, None)))
        .min();
    row.set(
        Pf::HoursTicketedBeforeDeparture,
        FeatureValue::opt_num(ticketed.map(|t| hours(t, dep))),
    );
    row.set(
        Pf::HoursUntilDeparture,
        FeatureValue::opt_num(Some(hours(now, dep))),
    );
}

/// Go-show travellers and one-way tickets.
pub(super) fn ticketing(pnr: &Pnr, row: &mut Row<Pf>) {
    row.set(
        Pf::GoShow,
        FeatureValue::Bool(
            pnr.travellers
                .iter()
                .any(|t| t.check_in == Some(CheckInStatus::GoShow)),
        ),
    );
    row.set(
        Pf::TicketOneWay,
        FeatureValue::Bool(pnr.tickets.iter().any(|t| t.one_way == Some(true))),
    );
}

/// The booking agency, and whether it books from outside the origin airport's country.
pub(super) fn agency(pnr: &Pnr, origin_country: Option<&str>, row: &mut Row<Pf>) {
    let Some(a) = &pnr.agency else {
        return;
    };
    row.set(
        Pf::AgencyIata,
        FeatureValue::opt_text(a.iata_number.as_deref()),
    );
    row.set(
        Pf::AgencyOfficeId,
        FeatureValue::opt_text(a.office_id.as_deref()),
    );
    row.set(
        Pf::AgencyCountry,
        FeatureValue::opt_text(a.country.as_ref().map(|c| c.as_str())),
    );
    let kind = a.originator_type.as_deref().map(str::trim).and_then(|t| {
        AGENCY_TYPES
            .iter()
            .find(|k| k.eq_ignore_ascii_case(t))
            .copied()
    });
    row.set(
        Pf::AgencyType,
        kind.map_or(FeatureValue::Null, FeatureValue::Symbol),
    );
    if let (Some(ac), Some(oc)) = (a.country.as_ref(), origin_country) {
        row.set(
            Pf::BookedOutsideOriginCountry,
            FeatureValue::Bool(ac.as_str() != oc),
        );
    }
}

/// Changes and cancellations in the history, and how many touched the itinerary.
pub(super) fn history(pnr: &Pnr, row: &mut Row<Pf>) {
    let changes: Vec<&model::HistoryEvent> = pnr
        .history
        .iter()
        .filter(|h| {
            let a = h.action.trim();
            a.eq_ignore_ascii_case("changed") || a.eq_ignore_ascii_case("cancelled")
        })
        .collect();
    row.set(Pf::ChangeCount, FeatureValue::count(changes.len()));
    row.set(
        Pf::ItineraryChangeCount,
        FeatureValue::count(
            changes
                .iter()
                .filter(|h| {
                    let e = h.element.trim();
                    ["segment", "itinerary", "flight"]
                        .iter()
                        .any(|k| e.eq_ignore_ascii_case(k))
                })
                .count(),
        ),
    );
}

/// Other PNRs in the window sharing a card or a contact with this one.
pub(super) fn shared(pnr: &Pnr, window: &Window, now: chrono::DateTime<Utc>, row: &mut Row<Pf>) {
    let shared = window.lookup(pnr, now);
    row.set(Pf::CardSharedPnrs, FeatureValue::count(shared.card_pnrs));
    row.set(
        Pf::CardSharedUnrelatedPnrs,
        FeatureValue::count(shared.card_unrelated_pnrs),
    );
    row.set(
        Pf::ContactSharedPnrs,
        FeatureValue::count(shared.contact_pnrs),
    );
    row.set(
        Pf::ContactSharedUnrelatedPnrs,
        FeatureValue::count(shared.contact_unrelated_pnrs),
    );
}
