//! Itinerary features: trip shape, airports and countries, durations, connections,
//! distances and cabin.
//!
//! The segments become [`Leg`]s (airports resolved with [`airports::lookup`], times in
//! UTC); the legs are split into journeys at stopovers (>= [`STOPOVER_MINUTES`]) and
//! surface sectors; the first journey's last leg is the turnaround.
//!
//! Invariants: local airport times of unknown airports are taken as UTC; a day without a
//! time is taken at local noon and gives no connection time; a value that
//! needs an unknown airport (country, distance) is `Null`; codes are trimmed, upper-cased
//! and listed in order of travel without repeats.

use chrono::Utc;

use super::catalogue::{Pf, LONG_HAUL_KM, PREMIUM_CLASSES, STOPOVER_MINUTES};
use super::value::{FeatureValue, Row};
use crate::pnr::model::{self, Pnr};
use crate::rules::airports::{self, Airport};

/// A point in time of the itinerary, in UTC.
pub(super) fn utc(t: &model::DateTime, airport: Option<&Airport>) -> chrono::DateTime<Utc> {
    match t {
        model::DateTime::Zoned(z) => z.with_timezone(&Utc),
        model::DateTime::Local(_) | model::DateTime::Day(_) => {
            let l = t.naive_local();
            let offset = airport.map_or(0, |a| i64::from(a.utc_offset_minutes));
            l.checked_sub_signed(chrono::Duration::minutes(offset))
                .unwrap_or(l)
                .and_utc()
        }
    }
}

/// Whether two airport codes may name the same airport, for splitting journeys. An IATA
/// code (3 letters) and an ICAO code (4 characters), or an unknown (empty) code, cannot be
/// compared without a table that has both, so they count as the same: a mix of code kinds
/// must not invent a surface sector.
fn same_airport(a: &str, b: &str) -> bool {
    a.trim().len() != b.trim().len() || a.trim().eq_ignore_ascii_case(b.trim())
}

fn minutes(from: chrono::DateTime<Utc>, to: chrono::DateTime<Utc>) -> i64 {
    (to - from).num_minutes()
}

pub(super) fn hours(from: chrono::DateTime<Utc>, to: chrono::DateTime<Utc>) -> f64 {
    minutes(from, to) as f64 / 60.0
}

/// One segment with its airports resolved and times in UTC.
pub(super) struct Leg<'a> {
    origin: &'a str,
    destination: &'a str,
    pub(super) from: Option<&'static Airport>,
    to: Option<&'static Airport>,
    pub(super) dep: chrono::DateTime<Utc>,
    arr: Option<chrono::DateTime<Utc>>,
    /// Departure and arrival (when given) carry a time of day, not only a day.
    timed: bool,
}

impl Leg<'_> {
    fn km(&self) -> Option<f64> {
        Some(airports::distance_km(self.from?, self.to?))
    }
    /// Arrival, or departure when the arrival is not given.
    pub(super) fn end(&self) -> chrono::DateTime<Utc> {
        self.arr.unwrap_or(self.dep)
    }
}

/// The segments of `pnr` as legs, in order.
pub(super) fn legs(pnr: &Pnr) -> Vec<Leg<'_>> {
    pnr.segments
        .iter()
        .map(|s| {
            let from = airports::lookup(s.origin.as_str());
            let to = airports::lookup(s.destination.as_str());
            Leg {
                origin: s.origin.as_str(),
                destination: s.destination.as_str(),
                from,
                to,
                dep: utc(&s.departure, from),
                arr: s.arrival.as_ref().map(|a| utc(a, to)),
                timed: s.departure.has_time() && s.arrival.as_ref().is_none_or(|a| a.has_time()),
            }
        })
        .collect()
}

/// The legs split into journeys at stopovers and surface sectors.
struct Journeys {
    /// Index of the first leg of each journey.
    starts: Vec<usize>,
    /// Ground minutes of every connection (under 24 h) whose arrival is known, in order.
    connections: Vec<f64>,
    /// Airports where the traveller connects.
    transit: Vec<String>,
    /// The first journey ends with a surface sector (not with a stopover).
    surface_at_turnaround: bool,
}

fn journeys(legs: &[Leg<'_>]) -> Journeys {
    let mut journey_starts = Vec::with_capacity(4);
    let mut connections: Vec<f64> = Vec::new();
    let mut transit: Vec<String> = Vec::new();
    let mut surface_at_turnaround = false;
    if !legs.is_empty() {
        journey_starts.push(0);
    }
    for i in 1..legs.len() {
        let (prev, cur) = (&legs[i - 1], &legs[i]);
        let ground = minutes(prev.end(), cur.dep);
        let surface = !same_airport(prev.destination, cur.origin);
        if surface || ground >= STOPOVER_MINUTES {
            if journey_starts.len() == 1 {
                surface_at_turnaround = surface;
            }
            journey_starts.push(i);
        } else {
            if prev.arr.is_some() && prev.timed && cur.timed {
                connections.push(ground as f64);
            }
            push_unique(&mut transit, cur.origin);
        }
    }
    Journeys {
        starts: journey_starts,
        connections,
        transit,
        surface_at_turnaround,
    }
}

/// Every itinerary feature but the cabin: trip shape, places, durations, connections and
/// distances.
pub(super) fn itinerary(legs: &[Leg<'_>], row: &mut Row<Pf>) {
    let Journeys {
        starts: journey_starts,
        connections,
        transit,
        surface_at_turnaround,
    } = journeys(legs);
    let first_journey_end = journey_starts
        .get(1)
        .map_or(legs.len(), |&s| s)
        .saturating_sub(1);
    let turnaround = legs.get(first_journey_end.min(legs.len().saturating_sub(1)));
    trip_shape(
        legs,
        journey_starts.len(),
        surface_at_turnaround,
        turnaround,
        row,
    );
    places(legs, turnaround, transit, row);
    if let (Some(o), Some(l)) = (legs.first(), legs.last()) {
        row.set(
            Pf::TripDurationHours,
            FeatureValue::opt_num(Some(hours(o.dep, l.end()))),
        );
    }
    if let (Some(end), Some(next)) = (
        legs.get(first_journey_end),
        journey_starts.get(1).and_then(|&s| legs.get(s)),
    ) {
        row.set(
            Pf::StayHours,
            FeatureValue::opt_num(Some(hours(end.end(), next.dep))),
        );
    }
    let min_conn = connections.iter().copied().reduce(f64::min);
    let max_conn = connections.iter().copied().reduce(f64::max);
    row.set(Pf::MinConnectionMinutes, FeatureValue::opt_num(min_conn));
    row.set(Pf::MaxConnectionMinutes, FeatureValue::opt_num(max_conn));
    row.set(Pf::ConnectionMinutes, FeatureValue::NumberList(connections));
    distances(legs, first_journey_end, turnaround, row);
}

/// Trip type, segment and journey counts, and the origin, turnaround and final airports.
fn trip_shape(
    legs: &[Leg<'_>],
    journeys: usize,
    surface_at_turnaround: bool,
    turnaround: Option<&Leg<'_>>,
    row: &mut Row<Pf>,
) {
    let (origin, final_dest) = (legs.first(), legs.last());
    let back_home = match (origin, final_dest) {
        // Back home only when the codes say so: an IATA and an ICAO code cannot tell.
        (Some(o), Some(l)) => !o.origin.is_empty() && o.origin.eq_ignore_ascii_case(l.destination),
        _ => false,
    };
    let trip_type = match journeys {
        0 => "none",
        1 => "one_way",
        2 if back_home && !surface_at_turnaround => "round_trip",
        2 if back_home || !surface_at_turnaround => "open_jaw",
        _ => "multi_city",
    };
    row.set(Pf::TripType, FeatureValue::Symbol(trip_type));
    row.set(Pf::SegmentCount, FeatureValue::count(legs.len()));
    row.set(Pf::JourneyCount, FeatureValue::count(journeys));
    row.set(
        Pf::OriginAirport,
        FeatureValue::opt_text(origin.map(|l| l.origin)),
    );
    row.set(
        Pf::DestinationAirport,
        FeatureValue::opt_text(turnaround.map(|l| l.destination)),
    );
    row.set(
        Pf::FinalAirport,
        FeatureValue::opt_text(final_dest.map(|l| l.destination)),
    );
}

/// Airports, transit airports, countries, and whether a border is crossed.
fn places(legs: &[Leg<'_>], turnaround: Option<&Leg<'_>>, transit: Vec<String>, row: &mut Row<Pf>) {
    let mut all_airports = Vec::with_capacity(legs.len() + 1);
    let mut countries = Vec::with_capacity(4);
    for l in legs {
        push_unique(&mut all_airports, l.origin);
        push_unique(&mut all_airports, l.destination);
        for a in [l.from, l.to].into_iter().flatten() {
            push_unique(&mut countries, a.country);
        }
    }
    row.set(Pf::Airports, FeatureValue::TextList(all_airports));
    row.set(Pf::TransitAirports, FeatureValue::TextList(transit));
    row.set(Pf::RouteCountries, FeatureValue::TextList(countries));
    row.set(
        Pf::OriginCountry,
        FeatureValue::opt_text(legs.first().and_then(|l| l.from).map(|a| a.country)),
    );
    row.set(
        Pf::DestinationCountry,
        FeatureValue::opt_text(turnaround.and_then(|l| l.to).map(|a| a.country)),
    );
    let mut international = Some(false);
    for l in legs {
        match (l.from, l.to) {
            (Some(a), Some(b)) if a.country != b.country => {
                international = Some(true);
                break;
            }
            (Some(_), Some(_)) => {}
            _ => international = None,
        }
    }
    if legs.is_empty() {
        international = None;
    }
    row.set(Pf::International, FeatureValue::opt_bool(international));
}

/// Great-circle distances: total, longest segment, long haul, and the first journey's
/// route ratio.
fn distances(
    legs: &[Leg<'_>],
    first_journey_end: usize,
    turnaround: Option<&Leg<'_>>,
    row: &mut Row<Pf>,
) {
    let kms: Vec<Option<f64>> = legs.iter().map(Leg::km).collect();
    let total_km = if kms.is_empty() {
        None
    } else {
        kms.iter().copied().sum::<Option<f64>>()
    };
    row.set(Pf::TotalKm, FeatureValue::opt_num(total_km.map(f64::round)));
    let max_km = kms.iter().flatten().copied().reduce(f64::max);
    row.set(
        Pf::MaxSegmentKm,
        FeatureValue::opt_num(max_km.map(f64::round)),
    );
    let long_haul = match max_km {
        Some(k) if k >= LONG_HAUL_KM => Some(true),
        _ if !kms.is_empty() && kms.iter().all(Option::is_some) => Some(false),
        _ => None,
    };
    row.set(Pf::LongHaul, FeatureValue::opt_bool(long_haul));
    if let (Some(o), Some(t)) = (legs.first(), turnaround) {
        let flown: Option<f64> = kms
            .get(..=first_journey_end)
            .and_then(|k| k.iter().copied().sum());
        let direct = o.from.zip(t.to).map(|(a, b)| airports::distance_km(a, b));
        if let (Some(flown), Some(direct)) = (flown, direct) {
            if direct >= 1.0 {
                row.set(Pf::RouteRatio, FeatureValue::opt_num(Some(flown / direct)));
            }
        }
    }
}

/// Booking classes of the segments and whether one is a premium cabin.
pub(super) fn cabin(pnr: &Pnr, row: &mut Row<Pf>) {
    let mut classes = Vec::with_capacity(2);
    for s in &pnr.segments {
        if let Some(c) = s.booking_class.as_deref() {
            push_unique(&mut classes, c);
        }
    }
    let premium = classes
        .iter()
        .any(|c| PREMIUM_CLASSES.contains(&c.as_str()));
    row.set(Pf::PremiumCabin, FeatureValue::Bool(premium));
    row.set(Pf::BookingClasses, FeatureValue::TextList(classes));
}

fn push_unique<S: AsRef<str>>(list: &mut Vec<String>, code: S) {
    let code = code.as_ref().trim();
    if code.is_empty() || list.iter().any(|c| c.eq_ignore_ascii_case(code)) {
        return;
    }
    list.push(code.to_ascii_uppercase());
}
