//! Derived features: what rule conditions read, computed once per PNR.
//!
//! A rule never sees the raw [`Pnr`]: it sees the named values of this module's catalogue
//! ([`PNR_FEATURES`] for the whole booking, [`TRAVELLER_FEATURES`] per traveller). The
//! catalogue *is* the allow-list of [`super::lawful`]: a name not in it cannot be referenced,
//! and nothing sensitive (SSR codes, free text, names, contacts, card numbers, sex) is ever
//! put in it. Cross-PNR counts come from the bounded [`Window`].
//!
//! Invariants: feature names are stable (rules reference them) and unique across both
//! scopes; [`features`] never panics and never fails: a value that cannot be derived is
//! [`FeatureValue::Null`]; times are normalised to UTC with the airport table (local airport
//! times of unknown airports are taken as UTC); numbers are rounded to 2 decimals.

use std::collections::BTreeSet;

use chrono::{NaiveDate, Utc};
use serde_json::Value as Json;
use zen_expression::variable::{ToVariable, Variable, VariableMap};

use super::airports::{self, Airport};
use super::names::name_tokens;
use super::window::Window;
use crate::pnr::model::{self, CheckInStatus, PassengerType, PaymentForm, Pnr};

/// The type of a feature as rules see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeatureKind {
    Bool,
    Number,
    Text,
    /// A text value from a closed set.
    Enum(&'static [&'static str]),
    TextList,
    NumberList,
}

impl FeatureKind {
    /// A short name for documentation (`bool`, `number`, `text`, `list of text`, …).
    pub fn as_str(&self) -> &'static str {
        match self {
            FeatureKind::Bool => "bool",
            FeatureKind::Number => "number",
            FeatureKind::Text => "text",
            FeatureKind::Enum(_) => "enum",
            FeatureKind::TextList => "list of text",
            FeatureKind::NumberList => "list of numbers",
        }
    }
}

/// Whether a feature describes the whole PNR or one traveller.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeatureScope {
    Pnr,
    Traveller,
}

/// One entry of the feature catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeatureDef {
    pub name: &'static str,
    pub kind: FeatureKind,
    pub unit: &'static str,
    pub meaning: &'static str,
    /// Nationality-style feature: a rule whose criteria read only such features needs a
    /// recorded data-protection review (indirect discrimination, C-817/19).
    pub proxy: bool,
}

/// Values of trip types.
pub const TRIP_TYPES: &[&str] = &["none", "one_way", "round_trip", "open_jaw", "multi_city"];
/// Values of payment forms.
pub const PAYMENT_FORMS: &[&str] = &["none", "cash", "card", "other"];
/// Values of agency types.
pub const AGENCY_TYPES: &[&str] = &["airline", "travel_agent"];
/// Values of check-in states.
pub const CHECK_IN_STATES: &[&str] = &[
    "not_checked_in",
    "checked_in",
    "boarded",
    "no_show",
    "go_show",
];
/// Values of passenger types.
pub const PASSENGER_TYPES: &[&str] = &["adult", "child", "infant"];

/// Connections of at least this many minutes are stopovers (they split the journey).
pub const STOPOVER_MINUTES: i64 = 24 * 60;
/// A segment of at least this many kilometres is long-haul.
pub const LONG_HAUL_KM: f64 = 4000.0;
/// First and business booking classes (the common RBD convention).
pub const PREMIUM_CLASSES: &[&str] = &["F", "A", "P", "J", "C", "D", "I", "Z", "R"];
/// Parties of at least this size are group bookings.
pub const GROUP_SIZE: usize = 10;

macro_rules! catalogue {
    ($enum:ident, $table:ident, $doc:literal,
     $($var:ident => $name:literal, $kind:expr, $unit:literal, $proxy:literal, $meaning:literal;)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[allow(clippy::enum_variant_names)]
        pub(crate) enum $enum { $($var),* }

        #[doc = $doc]
        pub const $table: &[FeatureDef] = &[$(FeatureDef {
            name: $name,
            kind: $kind,
            unit: $unit,
            meaning: $meaning,
            proxy: $proxy,
        }),*];
    };
}

use FeatureKind::{Bool, Number, NumberList, Text, TextList};

catalogue! { Pf, PNR_FEATURES, "Features of the whole PNR, in documentation order.",
    HoursBookedBeforeDeparture => "hours_booked_before_departure", Number, "hours", false,
        "Time from the reservation (`booked_at`) to the first departure.";
    DaysBookedBeforeDeparture => "days_booked_before_departure", Number, "days", false,
        "The same in days (hours / 24, fractional).";
    HoursTicketedBeforeDeparture => "hours_ticketed_before_departure", Number, "hours", false,
        "Time from the earliest ticket issue to the first departure.";
    HoursUntilDeparture => "hours_until_departure", Number, "hours", false,
        "Time from the screening moment (`now`) to the first departure; negative once departed.";
    TripType => "trip_type", FeatureKind::Enum(TRIP_TYPES), "", false,
        "`one_way` (one journey), `round_trip` (two journeys, back to the start), `open_jaw` (two journeys with a surface sector at the turnaround or a return to another airport), `multi_city` (anything else), `none` (no segments). Journeys are split at stopovers (>= 24 h) and surface sectors.";
    GoShow => "go_show", Bool, "", false,
        "A traveller's travel status is go-show (turned up at the airport without a prior booking status).";
    TicketOneWay => "ticket_one_way", Bool, "", false,
        "A ticket on the PNR is flagged one-way by the carrier.";
    SegmentCount => "segment_count", Number, "segments", false,
        "Number of flight segments.";
    JourneyCount => "journey_count", Number, "journeys", false,
        "Number of journeys (the itinerary split at stopovers and surface sectors).";
    OriginAirport => "origin_airport", Text, "IATA code", false,
        "Origin of the first segment.";
    DestinationAirport => "destination_airport", Text, "IATA code", false,
        "Where the first journey ends (the turnaround point of a round trip; the final destination of a one-way trip).";
    FinalAirport => "final_airport", Text, "IATA code", false,
        "Destination of the last segment.";
    Airports => "airports", TextList, "IATA codes", false,
        "Every airport of the itinerary, in order of travel, without repeats.";
    TransitAirports => "transit_airports", TextList, "IATA codes", false,
        "Airports where the traveller connects (ground time under 24 h).";
    RouteCountries => "route_countries", TextList, "ISO 3166-1 alpha-3", false,
        "Countries of the itinerary's airports (built-in airport table), in order, without repeats.";
    OriginCountry => "origin_country", Text, "ISO 3166-1 alpha-3", false,
        "Country of the origin airport.";
    DestinationCountry => "destination_country", Text, "ISO 3166-1 alpha-3", false,
        "Country of `destination_airport`.";
    International => "international", Bool, "", false,
        "A segment crosses a border (null when an airport's country is unknown).";
    TripDurationHours => "trip_duration_hours", Number, "hours", false,
        "First departure to last arrival (last departure when the arrival is missing).";
    StayHours => "stay_hours", Number, "hours", false,
        "Time at the turnaround: arrival of the first journey to departure of the second (null for a single journey).";
    ConnectionMinutes => "connection_minutes", NumberList, "minutes", false,
        "Ground time of every connection (under 24 h), in order.";
    MinConnectionMinutes => "min_connection_minutes", Number, "minutes", false,
        "Shortest connection (null without connections).";
    MaxConnectionMinutes => "max_connection_minutes", Number, "minutes", false,
        "Longest connection (null without connections).";
    TotalKm => "total_km", Number, "km", false,
        "Great-circle length of all segments (null if an airport is unknown).";
    MaxSegmentKm => "max_segment_km", Number, "km", false,
        "Longest segment (great circle).";
    RouteRatio => "route_ratio", Number, "ratio", false,
        "Flown distance of the first journey / direct distance between its ends (1.0 = direct; circuitous routing is well above 1.5).";
    LongHaul => "long_haul", Bool, "", false,
        "A segment is at least 4000 km long.";
    BookingClasses => "booking_classes", TextList, "RBD codes", false,
        "Booking classes (RBD letters) of the segments, in order, without repeats.";
    PremiumCabin => "premium_cabin", Bool, "", false,
        "A segment is booked in a first or business class RBD (F, A, P, J, C, D, I, Z, R: the common convention; carriers vary).";
    PaymentForm => "payment_form", FeatureKind::Enum(PAYMENT_FORMS), "", false,
        "`cash` if any payment is cash, else `card` if any is by card, else `other` (cheque, invoice, miles…), `none` without payment.";
    PaidCash => "paid_cash", Bool, "", false,
        "Some payment is cash.";
    PaidCard => "paid_card", Bool, "", false,
        "Some payment is by card.";
    PaymentCount => "payment_count", Number, "payments", false,
        "Forms of payment on the PNR (1 = a single payer).";
    PaymentTotal => "payment_total", Number, "currency units as sent", false,
        "Sum of payment amounts (currencies are not converted).";
    CashAmount => "cash_amount", Number, "currency units as sent", false,
        "Sum of cash payment amounts.";
    PayerNotTraveller => "payer_not_traveller", Bool, "", false,
        "A card holder's name matches no traveller (null when no holder name is given). Names are compared, never exposed.";
    CardCount => "card_count", Number, "cards", false,
        "Distinct payment cards on the PNR.";
    PartySize => "party_size", Number, "travellers", false,
        "Travellers on the PNR.";
    AdultCount => "adult_count", Number, "travellers", false,
        "Travellers who are not minors.";
    MinorCount => "minor_count", Number, "travellers", false,
        "Travellers under 18 at the first departure (or typed child/infant).";
    DistinctSurnames => "distinct_surnames", Number, "surnames", false,
        "Different surnames among the travellers (a party of unrelated people has as many as travellers).";
    GroupBooking => "group_booking", Bool, "", false,
        "10 travellers or more, or a group (GRPS) request.";
    SplitPnr => "split_pnr", Bool, "", false,
        "The PNR was split from or into other PNRs.";
    NumberInPartyMismatch => "number_in_party_mismatch", Bool, "", false,
        "The carrier's `number_in_party` differs from the travellers listed.";
    UnaccompaniedMinor => "unaccompanied_minor", Bool, "", false,
        "The PNR carries an unaccompanied minor (UMNR request or UM record).";
    UmGuardianInfo => "um_guardian_info", Bool, "", false,
        "Both the departure and the arrival guardian of the unaccompanied minor are given (null without a UM).";
    BagCount => "bag_count", Number, "pieces", false,
        "Checked bags on the PNR.";
    BagWeightKg => "bag_weight_kg", Number, "kg", false,
        "Total weight of checked bags (null when no weight is given).";
    BagsPerTraveller => "bags_per_traveller", Number, "pieces", false,
        "`bag_count` / `party_size`.";
    AgencyIata => "agency_iata", Text, "IATA agency number", false,
        "Booking agency's IATA number.";
    AgencyOfficeId => "agency_office_id", Text, "office id", false,
        "Booking office (pseudo-city / office id).";
    AgencyCountry => "agency_country", Text, "ISO 3166-1 alpha-3", false,
        "Country of the booking office (point of sale).";
    AgencyType => "agency_type", FeatureKind::Enum(AGENCY_TYPES), "", false,
        "`airline` (booked with the carrier) or `travel_agent`.";
    BookedOutsideOriginCountry => "booked_outside_origin_country", Bool, "", false,
        "The booking office is in another country than the origin airport.";
    FrequentFlyerCount => "frequent_flyer_count", Number, "travellers", false,
        "Travellers with a frequent-flyer number.";
    TravellersWithoutDocument => "travellers_without_document", Number, "travellers", false,
        "Travellers with no travel document (API data) on the PNR.";
    ChangeCount => "change_count", Number, "changes", false,
        "History entries that changed or cancelled an element.";
    ItineraryChangeCount => "itinerary_change_count", Number, "changes", false,
        "Of those, changes to segments (flights, dates).";
    CardSharedPnrs => "card_shared_pnrs", Number, "PNRs", false,
        "Other PNRs in the window paid with a card of this PNR.";
    CardSharedUnrelatedPnrs => "card_shared_unrelated_pnrs", Number, "PNRs", false,
        "Of those, PNRs sharing no traveller surname with this one.";
    ContactSharedPnrs => "contact_shared_pnrs", Number, "PNRs", false,
        "Other PNRs in the window with an e-mail or phone of this PNR (normalised).";
    ContactSharedUnrelatedPnrs => "contact_shared_unrelated_pnrs", Number, "PNRs", false,
        "Of those, PNRs sharing no traveller surname with this one.";
}

catalogue! { Tf, TRAVELLER_FEATURES, "Features of one traveller (rules with `scope = \"traveller\"`).",
    Age => "age", Number, "years", false,
        "Age at the first departure (from the date of birth; null if unknown).";
    Minor => "minor", Bool, "", false,
        "Under 18 at the first departure, or typed child/infant.";
    PassengerType => "passenger_type", FeatureKind::Enum(PASSENGER_TYPES), "", false,
        "`adult`, `child` or `infant` as the carrier typed the traveller.";
    IsUnaccompaniedMinor => "is_unaccompanied_minor", Bool, "", false,
        "This traveller is the unaccompanied minor of the PNR.";
    Nationality => "nationality", Text, "ISO 3166-1 alpha-3", true,
        "Nationality (API data).";
    ResidenceCountry => "residence_country", Text, "ISO 3166-1 alpha-3", true,
        "Country of residence.";
    DocumentIssuingCountry => "document_issuing_country", Text, "ISO 3166-1 alpha-3", true,
        "Issuing country of the first passport (else first document).";
    DocumentType => "document_type", Text, "document code", false,
        "Type of the first document (`P` passport, `I` identity card, …).";
    HasDocument => "has_document", Bool, "", false,
        "The traveller has at least one travel document on the PNR.";
    DocumentDaysValidAfterTravel => "document_days_valid_after_travel", Number, "days", false,
        "Days from the last travel date to the earliest document expiry (visas excepted); negative = expires during the trip.";
    DocumentIssuedByResidenceCountry => "document_issued_by_residence_country", Bool, "", false,
        "The first passport (else document) is issued by the country of residence (refugee travel documents, residents' passports); null if either is unknown.";
    DocumentIssuerDiffersFromNationality => "document_issuer_differs_from_nationality", Bool, "", false,
        "A passport is issued by another country than the stated nationality.";
    FrequentFlyer => "frequent_flyer", Bool, "", false,
        "The traveller has a frequent-flyer number.";
    FrequentFlyerTier => "frequent_flyer_tier", Text, "tier name", false,
        "Tier of the first frequent-flyer account (upper case).";
    CheckInStatus => "check_in_status", FeatureKind::Enum(CHECK_IN_STATES), "", false,
        "Travel status: `not_checked_in`, `checked_in`, `boarded`, `no_show`, `go_show`.";
    TravellerBagCount => "traveller_bag_count", Number, "pieces", false,
        "Checked bags assigned to this traveller.";
}

/// Where a name resolved in the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum FeatureRef {
    Pnr(usize),
    Traveller(usize),
}

impl FeatureRef {
    pub(crate) fn def(self) -> &'static FeatureDef {
        match self {
            FeatureRef::Pnr(i) => &PNR_FEATURES[i],
            FeatureRef::Traveller(i) => &TRAVELLER_FEATURES[i],
        }
    }
}

/// Resolves a feature name.
pub(crate) fn resolve(name: &str) -> Option<FeatureRef> {
    if let Some(i) = PNR_FEATURES.iter().position(|d| d.name == name) {
        return Some(FeatureRef::Pnr(i));
    }
    TRAVELLER_FEATURES
        .iter()
        .position(|d| d.name == name)
        .map(FeatureRef::Traveller)
}

/// A computed feature value.
#[derive(Debug, Clone, PartialEq)]
pub enum FeatureValue {
    Null,
    Bool(bool),
    Number(f64),
    /// A value from a closed set.
    Symbol(&'static str),
    Text(String),
    TextList(Vec<String>),
    NumberList(Vec<f64>),
}

impl FeatureValue {
    fn opt_num(v: Option<f64>) -> Self {
        v.map_or(FeatureValue::Null, |n| FeatureValue::Number(round2(n)))
    }

    fn opt_bool(v: Option<bool>) -> Self {
        v.map_or(FeatureValue::Null, FeatureValue::Bool)
    }

    fn opt_text(v: Option<&str>) -> Self {
        match v.map(str::trim) {
            Some(s) if !s.is_empty() => FeatureValue::Text(s.to_ascii_uppercase()),
            _ => FeatureValue::Null,
        }
    }

    fn count(n: usize) -> Self {
        FeatureValue::Number(n as f64)
    }

    pub fn is_null(&self) -> bool {
        matches!(self, FeatureValue::Null)
    }

    /// The JSON form used in explanations.
    pub fn to_json(&self) -> Json {
        match self {
            FeatureValue::Null => Json::Null,
            FeatureValue::Bool(b) => Json::Bool(*b),
            FeatureValue::Number(n) => num_json(*n),
            FeatureValue::Symbol(s) => Json::String((*s).to_owned()),
            FeatureValue::Text(s) => Json::String(s.clone()),
            FeatureValue::TextList(v) => Json::Array(v.iter().cloned().map(Json::String).collect()),
            FeatureValue::NumberList(v) => Json::Array(v.iter().map(|n| num_json(*n)).collect()),
        }
    }

    /// The expression engine's form.
    pub(crate) fn to_variable(&self) -> Variable {
        match self {
            FeatureValue::Null => Variable::Null,
            FeatureValue::Bool(b) => Variable::Bool(*b),
            FeatureValue::Number(n) => number_variable(*n),
            FeatureValue::Symbol(s) => s.to_variable(),
            FeatureValue::Text(s) => s.as_str().to_variable(),
            FeatureValue::TextList(v) => {
                Variable::from_array(v.iter().map(|s| s.as_str().to_variable()).collect())
            }
            FeatureValue::NumberList(v) => {
                Variable::from_array(v.iter().map(|n| number_variable(*n)).collect())
            }
        }
    }
}

/// Whole numbers convert exactly and cheaply through `i64`; others through `f64`.
fn number_variable(n: f64) -> Variable {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        (n as i64).to_variable()
    } else {
        n.to_variable()
    }
}

/// Integral numbers print as integers in explanations (`3`, not `3.0`).
fn num_json(n: f64) -> Json {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        Json::from(n as i64)
    } else {
        serde_json::Number::from_f64(n).map_or(Json::Null, Json::Number)
    }
}

fn round2(n: f64) -> f64 {
    (n * 100.0).round() / 100.0
}

/// Every feature of one PNR: the PNR-level values and one row per traveller.
#[derive(Debug, Clone, PartialEq)]
pub struct Features {
    pnr: Vec<FeatureValue>,
    travellers: Vec<Vec<FeatureValue>>,
}

impl Features {
    /// A PNR-level feature by name.
    pub fn get(&self, name: &str) -> Option<&FeatureValue> {
        PNR_FEATURES
            .iter()
            .position(|d| d.name == name)
            .and_then(|i| self.pnr.get(i))
    }

    /// A traveller-level feature by traveller index and name.
    pub fn traveller(&self, index: usize, name: &str) -> Option<&FeatureValue> {
        let i = TRAVELLER_FEATURES.iter().position(|d| d.name == name)?;
        self.travellers.get(index)?.get(i)
    }

    /// Number of travellers (rows of traveller features).
    pub fn traveller_count(&self) -> usize {
        self.travellers.len()
    }

    /// `{"pnr": {name: value…}, "travellers": [{name: value…}…]}` for display and debugging.
    pub fn to_json(&self) -> Json {
        let row = |defs: &[FeatureDef], vals: &[FeatureValue]| {
            Json::Object(
                defs.iter()
                    .zip(vals)
                    .map(|(d, v)| (d.name.to_owned(), v.to_json()))
                    .collect(),
            )
        };
        serde_json::json!({
            "pnr": row(PNR_FEATURES, &self.pnr),
            "travellers": self.travellers.iter().map(|t| row(TRAVELLER_FEATURES, t)).collect::<Vec<_>>(),
        })
    }

    /// The value a condition read (traveller features need the traveller index).
    pub(crate) fn value(&self, r: FeatureRef, traveller: Option<usize>) -> &FeatureValue {
        static NULL: FeatureValue = FeatureValue::Null;
        match r {
            FeatureRef::Pnr(i) => self.pnr.get(i).unwrap_or(&NULL),
            FeatureRef::Traveller(i) => traveller
                .and_then(|t| self.travellers.get(t))
                .and_then(|row| row.get(i))
                .unwrap_or(&NULL),
        }
    }

    /// The PNR-level features as the expression engine's object.
    pub(crate) fn pnr_map(&self) -> VariableMap {
        let mut map = VariableMap::with_capacity(PNR_FEATURES.len() + TRAVELLER_FEATURES.len());
        for (d, v) in PNR_FEATURES.iter().zip(&self.pnr) {
            map.insert(
                zen_expression::variable::Symbol::from_static(d.name),
                v.to_variable(),
            );
        }
        map
    }

    /// The PNR-level object plus one traveller's features.
    pub(crate) fn traveller_variable(&self, base: &VariableMap, index: usize) -> Variable {
        let mut map = base.clone();
        if let Some(row) = self.travellers.get(index) {
            for (d, v) in TRAVELLER_FEATURES.iter().zip(row) {
                map.insert(
                    zen_expression::variable::Symbol::from_static(d.name),
                    v.to_variable(),
                );
            }
        }
        Variable::from_object(map)
    }
}

/// A point in time of the itinerary, in UTC.
fn utc(t: &model::DateTime, airport: Option<&Airport>) -> chrono::DateTime<Utc> {
    match t {
        model::DateTime::Zoned(z) => z.with_timezone(&Utc),
        model::DateTime::Local(l) => {
            let offset = airport.map_or(0, |a| i64::from(a.utc_offset_minutes));
            l.checked_sub_signed(chrono::Duration::minutes(offset))
                .unwrap_or(*l)
                .and_utc()
        }
    }
}

fn minutes(from: chrono::DateTime<Utc>, to: chrono::DateTime<Utc>) -> i64 {
    (to - from).num_minutes()
}

fn hours(from: chrono::DateTime<Utc>, to: chrono::DateTime<Utc>) -> f64 {
    minutes(from, to) as f64 / 60.0
}

/// One segment with its airports resolved and times in UTC.
struct Leg<'a> {
    origin: &'a str,
    destination: &'a str,
    from: Option<&'static Airport>,
    to: Option<&'static Airport>,
    dep: chrono::DateTime<Utc>,
    arr: Option<chrono::DateTime<Utc>>,
}

impl Leg<'_> {
    fn km(&self) -> Option<f64> {
        Some(airports::distance_km(self.from?, self.to?))
    }
    /// Arrival, or departure when the arrival is not given.
    fn end(&self) -> chrono::DateTime<Utc> {
        self.arr.unwrap_or(self.dep)
    }
}

/// Computes every feature of `pnr` (see [`PNR_FEATURES`], [`TRAVELLER_FEATURES`]).
pub fn features(pnr: &Pnr, window: &Window, now: chrono::DateTime<Utc>) -> Features {
    let mut f = vec![FeatureValue::Null; PNR_FEATURES.len()];
    let mut set = |k: Pf, v: FeatureValue| {
        if let Some(slot) = f.get_mut(k as usize) {
            *slot = v;
        }
    };

    // Itinerary.
    let legs: Vec<Leg<'_>> = pnr
        .segments
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
            }
        })
        .collect();
    let first_dep = legs.first().map(|l| l.dep);
    // Journeys: start index of each; connections (ground minutes, airport index).
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
        let surface = !prev.destination.eq_ignore_ascii_case(cur.origin);
        if surface || ground >= STOPOVER_MINUTES {
            if journey_starts.len() == 1 {
                surface_at_turnaround = surface;
            }
            journey_starts.push(i);
        } else {
            if prev.arr.is_some() {
                connections.push(ground as f64);
            }
            push_unique(&mut transit, cur.origin);
        }
    }
    let journeys = journey_starts.len();
    let first_journey_end = journey_starts
        .get(1)
        .map_or(legs.len(), |&s| s)
        .saturating_sub(1);
    let (origin, final_dest) = (legs.first(), legs.last());
    let turnaround = legs.get(first_journey_end.min(legs.len().saturating_sub(1)));
    let back_home = match (origin, final_dest) {
        (Some(o), Some(l)) => o.origin.eq_ignore_ascii_case(l.destination),
        _ => false,
    };
    let trip_type = match journeys {
        0 => "none",
        1 => "one_way",
        2 if back_home && !surface_at_turnaround => "round_trip",
        2 if back_home || !surface_at_turnaround => "open_jaw",
        _ => "multi_city",
    };
    set(Pf::TripType, FeatureValue::Symbol(trip_type));
    set(Pf::SegmentCount, FeatureValue::count(legs.len()));
    set(Pf::JourneyCount, FeatureValue::count(journeys));
    set(
        Pf::OriginAirport,
        FeatureValue::opt_text(origin.map(|l| l.origin)),
    );
    set(
        Pf::DestinationAirport,
        FeatureValue::opt_text(turnaround.map(|l| l.destination)),
    );
    set(
        Pf::FinalAirport,
        FeatureValue::opt_text(final_dest.map(|l| l.destination)),
    );
    let mut all_airports = Vec::with_capacity(legs.len() + 1);
    let mut countries = Vec::with_capacity(4);
    for l in &legs {
        push_unique(&mut all_airports, l.origin);
        push_unique(&mut all_airports, l.destination);
        for a in [l.from, l.to].into_iter().flatten() {
            push_unique(&mut countries, a.country);
        }
    }
    set(Pf::Airports, FeatureValue::TextList(all_airports));
    set(Pf::TransitAirports, FeatureValue::TextList(transit));
    set(Pf::RouteCountries, FeatureValue::TextList(countries));
    set(
        Pf::OriginCountry,
        FeatureValue::opt_text(origin.and_then(|l| l.from).map(|a| a.country)),
    );
    set(
        Pf::DestinationCountry,
        FeatureValue::opt_text(turnaround.and_then(|l| l.to).map(|a| a.country)),
    );
    let mut international = Some(false);
    for l in &legs {
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
    set(Pf::International, FeatureValue::opt_bool(international));
    if let (Some(o), Some(l)) = (origin, final_dest) {
        set(
            Pf::TripDurationHours,
            FeatureValue::opt_num(Some(hours(o.dep, l.end()))),
        );
    }
    if let (Some(end), Some(next)) = (
        legs.get(first_journey_end),
        journey_starts.get(1).and_then(|&s| legs.get(s)),
    ) {
        set(
            Pf::StayHours,
            FeatureValue::opt_num(Some(hours(end.end(), next.dep))),
        );
    }
    let min_conn = connections.iter().copied().reduce(f64::min);
    let max_conn = connections.iter().copied().reduce(f64::max);
    set(Pf::MinConnectionMinutes, FeatureValue::opt_num(min_conn));
    set(Pf::MaxConnectionMinutes, FeatureValue::opt_num(max_conn));
    set(Pf::ConnectionMinutes, FeatureValue::NumberList(connections));
    let kms: Vec<Option<f64>> = legs.iter().map(Leg::km).collect();
    let total_km = if kms.is_empty() {
        None
    } else {
        kms.iter().copied().sum::<Option<f64>>()
    };
    set(Pf::TotalKm, FeatureValue::opt_num(total_km.map(f64::round)));
    let max_km = kms.iter().flatten().copied().reduce(f64::max);
    set(
        Pf::MaxSegmentKm,
        FeatureValue::opt_num(max_km.map(f64::round)),
    );
    let long_haul = match max_km {
        Some(k) if k >= LONG_HAUL_KM => Some(true),
        _ if !kms.is_empty() && kms.iter().all(Option::is_some) => Some(false),
        _ => None,
    };
    set(Pf::LongHaul, FeatureValue::opt_bool(long_haul));
    if let (Some(o), Some(t)) = (origin, turnaround) {
        let flown: Option<f64> = kms
            .get(..=first_journey_end)
            .and_then(|k| k.iter().copied().sum());
        let direct = o.from.zip(t.to).map(|(a, b)| airports::distance_km(a, b));
        if let (Some(flown), Some(direct)) = (flown, direct) {
            if direct >= 1.0 {
                set(Pf::RouteRatio, FeatureValue::opt_num(Some(flown / direct)));
            }
        }
    }

    // Booking and ticketing times.
    if let Some(dep) = first_dep {
        let booked = pnr.booked_at.as_ref().map(|b| utc(b, None));
        set(
            Pf::HoursBookedBeforeDeparture,
            FeatureValue::opt_num(booked.map(|b| hours(b, dep))),
        );
        set(
            Pf::DaysBookedBeforeDeparture,
            FeatureValue::opt_num(booked.map(|b| hours(b, dep) / 24.0)),
        );
        let ticketed = pnr
            .tickets
            .iter()
            .filter_map(|t| t.issued_at.as_ref().map(|i| utc(i, None)))
            .min();
        set(
            Pf::HoursTicketedBeforeDeparture,
            FeatureValue::opt_num(ticketed.map(|t| hours(t, dep))),
        );
        set(
            Pf::HoursUntilDeparture,
            FeatureValue::opt_num(Some(hours(now, dep))),
        );
    }
    set(
        Pf::GoShow,
        FeatureValue::Bool(
            pnr.travellers
                .iter()
                .any(|t| t.check_in == Some(CheckInStatus::GoShow)),
        ),
    );
    set(
        Pf::TicketOneWay,
        FeatureValue::Bool(pnr.tickets.iter().any(|t| t.one_way == Some(true))),
    );

    let mut classes = Vec::with_capacity(2);
    for s in &pnr.segments {
        if let Some(c) = s.booking_class.as_deref() {
            push_unique(&mut classes, c);
        }
    }
    let premium = classes
        .iter()
        .any(|c| PREMIUM_CLASSES.contains(&c.as_str()));
    set(Pf::PremiumCabin, FeatureValue::Bool(premium));
    set(Pf::BookingClasses, FeatureValue::TextList(classes));

    // Payment.
    set(Pf::PaymentCount, FeatureValue::count(pnr.payments.len()));
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
    set(Pf::PaymentForm, FeatureValue::Symbol(form));
    set(Pf::PaidCash, FeatureValue::Bool(has(PaymentForm::Cash)));
    set(Pf::PaidCard, FeatureValue::Bool(has(PaymentForm::Card)));
    let sum = |cash_only: bool| {
        pnr.payments
            .iter()
            .filter(|p| !cash_only || p.form == PaymentForm::Cash)
            .filter_map(|p| p.amount.filter(|a| a.is_finite()))
            .fold(None, |acc: Option<f64>, a| Some(acc.unwrap_or(0.0) + a))
    };
    set(Pf::PaymentTotal, FeatureValue::opt_num(sum(false)));
    set(Pf::CashAmount, FeatureValue::opt_num(sum(true)));
    let traveller_names: Vec<(Vec<String>, Vec<String>)> = pnr
        .travellers
        .iter()
        .map(|t| {
            (
                name_tokens(&t.name.surname),
                name_tokens(&t.name.given_names),
            )
        })
        .collect();
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
    set(
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
    set(Pf::CardCount, FeatureValue::count(cards.len()));

    // Party.
    let first_day = first_dep.map_or(now.date_naive(), |d| d.date_naive());
    let ages: Vec<Option<i64>> = pnr
        .travellers
        .iter()
        .map(|t| t.date_of_birth.map(|d| age_on(d.0, first_day)))
        .collect();
    let minor_flags: Vec<bool> = pnr
        .travellers
        .iter()
        .zip(&ages)
        .map(|(t, a)| {
            a.is_some_and(|a| a < 18)
                || matches!(
                    t.passenger_type,
                    Some(PassengerType::Child | PassengerType::Infant)
                )
        })
        .collect();
    let minors = minor_flags.iter().filter(|m| **m).count();
    let party = pnr.travellers.len();
    set(Pf::PartySize, FeatureValue::count(party));
    set(Pf::MinorCount, FeatureValue::count(minors));
    set(Pf::AdultCount, FeatureValue::count(party - minors));
    let surnames: BTreeSet<String> = traveller_names
        .iter()
        .filter(|(s, _)| !s.is_empty())
        .map(|(s, _)| s.join(" "))
        .collect();
    set(Pf::DistinctSurnames, FeatureValue::count(surnames.len()));
    let ssr = |code: &str| {
        pnr.special_services
            .iter()
            .any(|s| s.code.trim().eq_ignore_ascii_case(code))
    };
    set(
        Pf::GroupBooking,
        FeatureValue::Bool(party >= GROUP_SIZE || ssr("GRPS")),
    );
    set(
        Pf::SplitPnr,
        FeatureValue::Bool(
            pnr.split
                .as_ref()
                .is_some_and(|s| !s.record_locators.is_empty()),
        ),
    );
    set(
        Pf::NumberInPartyMismatch,
        FeatureValue::Bool(pnr.number_in_party.is_some_and(|n| n as usize != party)),
    );
    let um = pnr.unaccompanied_minor.is_some() || ssr("UMNR");
    set(Pf::UnaccompaniedMinor, FeatureValue::Bool(um));
    let guardian = pnr.unaccompanied_minor.as_ref().map_or(Some(false), |u| {
        let given = |g: &Option<String>| g.as_deref().is_some_and(|s| !s.trim().is_empty());
        Some(given(&u.guardian_departure) && given(&u.guardian_arrival))
    });
    set(
        Pf::UmGuardianInfo,
        FeatureValue::opt_bool(if um { guardian } else { None }),
    );

    // Baggage.
    let bags: u64 = pnr.baggage.iter().map(|b| u64::from(b.pieces)).sum();
    set(Pf::BagCount, FeatureValue::Number(bags as f64));
    let weight = pnr
        .baggage
        .iter()
        .filter_map(|b| b.weight_kg.filter(|w| w.is_finite()))
        .fold(None, |acc: Option<f64>, w| Some(acc.unwrap_or(0.0) + w));
    set(Pf::BagWeightKg, FeatureValue::opt_num(weight));
    if party > 0 {
        set(
            Pf::BagsPerTraveller,
            FeatureValue::opt_num(Some(bags as f64 / party as f64)),
        );
    }

    // Agency.
    if let Some(a) = &pnr.agency {
        set(
            Pf::AgencyIata,
            FeatureValue::opt_text(a.iata_number.as_deref()),
        );
        set(
            Pf::AgencyOfficeId,
            FeatureValue::opt_text(a.office_id.as_deref()),
        );
        set(
            Pf::AgencyCountry,
            FeatureValue::opt_text(a.country.as_ref().map(|c| c.as_str())),
        );
        let kind = a.originator_type.as_deref().map(str::trim).and_then(|t| {
            AGENCY_TYPES
                .iter()
                .find(|k| k.eq_ignore_ascii_case(t))
                .copied()
        });
        set(
            Pf::AgencyType,
            kind.map_or(FeatureValue::Null, FeatureValue::Symbol),
        );
        let origin_country = origin.and_then(|l| l.from).map(|a| a.country);
        if let (Some(ac), Some(oc)) = (a.country.as_ref(), origin_country) {
            set(
                Pf::BookedOutsideOriginCountry,
                FeatureValue::Bool(ac.as_str() != oc),
            );
        }
    }

    set(
        Pf::FrequentFlyerCount,
        FeatureValue::count(
            pnr.travellers
                .iter()
                .filter(|t| !t.frequent_flyer.is_empty())
                .count(),
        ),
    );
    set(
        Pf::TravellersWithoutDocument,
        FeatureValue::count(
            pnr.travellers
                .iter()
                .filter(|t| t.documents.is_empty())
                .count(),
        ),
    );

    // History.
    let changes: Vec<&model::HistoryEvent> = pnr
        .history
        .iter()
        .filter(|h| {
            let a = h.action.trim();
            a.eq_ignore_ascii_case("changed") || a.eq_ignore_ascii_case("cancelled")
        })
        .collect();
    set(Pf::ChangeCount, FeatureValue::count(changes.len()));
    set(
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

    // Cross-PNR window.
    let shared = window.lookup(pnr, now);
    set(Pf::CardSharedPnrs, FeatureValue::count(shared.card_pnrs));
    set(
        Pf::CardSharedUnrelatedPnrs,
        FeatureValue::count(shared.card_unrelated_pnrs),
    );
    set(
        Pf::ContactSharedPnrs,
        FeatureValue::count(shared.contact_pnrs),
    );
    set(
        Pf::ContactSharedUnrelatedPnrs,
        FeatureValue::count(shared.contact_unrelated_pnrs),
    );

    // Travellers.
    let last_travel_day = legs.last().map(|l| l.end().date_naive());
    let travellers = pnr
        .travellers
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let mut row = vec![FeatureValue::Null; TRAVELLER_FEATURES.len()];
            let mut put = |k: Tf, v: FeatureValue| {
                if let Some(slot) = row.get_mut(k as usize) {
                    *slot = v;
                }
            };
            put(
                Tf::Age,
                FeatureValue::opt_num(ages.get(i).copied().flatten().map(|a| a as f64)),
            );
            put(
                Tf::Minor,
                FeatureValue::Bool(minor_flags.get(i).copied().unwrap_or(false)),
            );
            put(
                Tf::PassengerType,
                t.passenger_type.map_or(FeatureValue::Null, |p| {
                    FeatureValue::Symbol(passenger_type(p))
                }),
            );
            let is_um =
                pnr.unaccompanied_minor
                    .as_ref()
                    .is_some_and(|u| u.traveller == i)
                    || pnr.special_services.iter().any(|s| {
                        s.traveller == Some(i) && s.code.trim().eq_ignore_ascii_case("UMNR")
                    });
            put(Tf::IsUnaccompaniedMinor, FeatureValue::Bool(is_um));
            put(
                Tf::Nationality,
                FeatureValue::opt_text(t.nationality.as_ref().map(|c| c.as_str())),
            );
            put(
                Tf::ResidenceCountry,
                FeatureValue::opt_text(t.residence_country.as_ref().map(|c| c.as_str())),
            );
            let is_passport =
                |d: &&model::TravelDocument| d.doc_type.trim().eq_ignore_ascii_case("P");
            let main_doc = t.documents.iter().find(is_passport).or(t.documents.first());
            put(
                Tf::DocumentIssuingCountry,
                FeatureValue::opt_text(
                    main_doc
                        .and_then(|d| d.issuing_country.as_ref())
                        .map(|c| c.as_str()),
                ),
            );
            let issuer = main_doc.and_then(|d| d.issuing_country);
            put(
                Tf::DocumentIssuedByResidenceCountry,
                FeatureValue::opt_bool(issuer.zip(t.residence_country).map(|(i, r)| i == r)),
            );
            put(
                Tf::DocumentType,
                FeatureValue::opt_text(t.documents.first().map(|d| d.doc_type.as_str())),
            );
            put(Tf::HasDocument, FeatureValue::Bool(!t.documents.is_empty()));
            let expiry = t
                .documents
                .iter()
                .filter(|d| !d.doc_type.trim().eq_ignore_ascii_case("V"))
                .filter_map(|d| d.expires_on.map(|e| e.0))
                .min();
            if let (Some(e), Some(last)) = (expiry, last_travel_day) {
                put(
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
            put(
                Tf::DocumentIssuerDiffersFromNationality,
                FeatureValue::opt_bool(differs),
            );
            put(
                Tf::FrequentFlyer,
                FeatureValue::Bool(!t.frequent_flyer.is_empty()),
            );
            put(
                Tf::FrequentFlyerTier,
                FeatureValue::opt_text(t.frequent_flyer.first().and_then(|f| f.tier.as_deref())),
            );
            put(
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
            put(Tf::TravellerBagCount, FeatureValue::Number(own_bags as f64));
            row
        })
        .collect();
    Features { pnr: f, travellers }
}

fn push_unique<S: AsRef<str>>(list: &mut Vec<String>, code: S) {
    let code = code.as_ref().trim();
    if code.is_empty() || list.iter().any(|c| c.eq_ignore_ascii_case(code)) {
        return;
    }
    list.push(code.to_ascii_uppercase());
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
    }
}

fn check_in(c: CheckInStatus) -> &'static str {
    match c {
        CheckInStatus::NotCheckedIn => "not_checked_in",
        CheckInStatus::CheckedIn => "checked_in",
        CheckInStatus::Boarded => "boarded",
        CheckInStatus::NoShow => "no_show",
        CheckInStatus::GoShow => "go_show",
    }
}

/// A card holder is a traveller when the holder's name holds the traveller's surname
/// tokens and, if the traveller has given names, a token with the first given name's
/// initial (`ANNA SMITH`, `A SMITH`, `SMITH ANNA MRS`).
fn holder_matches(holder: &[String], surname: &[String], given: &[String]) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pnr::parse::{decode_json, DecodeLimits};

    fn pnr(json: &str) -> Pnr {
        decode_json(json.as_bytes(), &DecodeLimits::default())
            .expect("test PNR decodes")
            .pnr
    }

    fn now() -> chrono::DateTime<Utc> {
        chrono::DateTime::parse_from_rfc3339("2026-11-21T09:00:00Z")
            .expect("valid")
            .with_timezone(&Utc)
    }

    fn example() -> Features {
        let json = std::fs::read_to_string("tests/data/pnr/example.json").expect("fixture");
        features(&pnr(&json), &Window::default(), now())
    }

    fn num(f: &Features, name: &str) -> f64 {
        match f.get(name) {
            Some(FeatureValue::Number(n)) => *n,
            other => panic!("{name}: {other:?}"),
        }
    }

    #[test]
    fn catalogue_names_are_unique_snake_case_and_not_sensitive() {
        let mut seen = std::collections::HashSet::new();
        for d in PNR_FEATURES.iter().chain(TRAVELLER_FEATURES) {
            assert!(seen.insert(d.name), "duplicate feature {}", d.name);
            assert!(d
                .name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'));
            assert!(
                super::super::lawful::sensitive_reason(d.name).is_none(),
                "{} looks sensitive",
                d.name
            );
            assert!(!d.meaning.is_empty());
        }
    }

    #[test]
    fn example_pnr_features() {
        let f = example();
        // Booked 2026-11-20T10:15Z; CAI departure 09:15 local (07:15Z) on 2026-12-03.
        assert_eq!(num(&f, "hours_booked_before_departure"), 309.0);
        assert_eq!(num(&f, "days_booked_before_departure"), 12.88);
        assert_eq!(num(&f, "hours_ticketed_before_departure"), 308.92);
        assert_eq!(f.get("trip_type"), Some(&FeatureValue::Symbol("one_way")));
        assert_eq!(f.get("ticket_one_way"), Some(&FeatureValue::Bool(true)));
        // Arrive IST 11:05 local (08:05Z), leave 13:40+03:00 (10:40Z): 155 minutes.
        assert_eq!(
            f.get("connection_minutes"),
            Some(&FeatureValue::NumberList(vec![155.0]))
        );
        assert_eq!(
            f.get("transit_airports"),
            Some(&FeatureValue::TextList(vec!["IST".into()]))
        );
        assert_eq!(
            f.get("route_countries"),
            Some(&FeatureValue::TextList(vec![
                "EGY".into(),
                "TUR".into(),
                "DEU".into()
            ]))
        );
        assert_eq!(
            f.get("destination_airport"),
            Some(&FeatureValue::Text("FRA".into()))
        );
        assert_eq!(f.get("international"), Some(&FeatureValue::Bool(true)));
        assert_eq!(f.get("payment_form"), Some(&FeatureValue::Symbol("card")));
        // The card holder (ANNA SMITH) is traveller 1.
        assert_eq!(
            f.get("payer_not_traveller"),
            Some(&FeatureValue::Bool(false))
        );
        assert_eq!(num(&f, "party_size"), 2.0);
        assert_eq!(num(&f, "distinct_surnames"), 2.0);
        assert_eq!(num(&f, "bag_count"), 1.0);
        assert_eq!(f.get("split_pnr"), Some(&FeatureValue::Bool(true)));
        assert_eq!(
            f.get("booked_outside_origin_country"),
            Some(&FeatureValue::Bool(false))
        );
        assert_eq!(num(&f, "itinerary_change_count"), 1.0);
        assert_eq!(num(&f, "travellers_without_document"), 1.0);
        assert!(num(&f, "route_ratio") > 1.0 && num(&f, "route_ratio") < 1.2);
        assert_eq!(f.traveller(0, "age"), Some(&FeatureValue::Number(75.0)));
        assert_eq!(f.traveller(1, "age"), Some(&FeatureValue::Number(38.0)));
        assert_eq!(
            f.traveller(0, "document_issuer_differs_from_nationality"),
            Some(&FeatureValue::Bool(false))
        );
        assert_eq!(
            f.traveller(0, "frequent_flyer_tier"),
            Some(&FeatureValue::Text("GOLD".into()))
        );
        assert_eq!(
            f.traveller(1, "has_document"),
            Some(&FeatureValue::Bool(false))
        );
        // No feature exposes the meal request the decoder dropped.
        let json = f.to_json().to_string();
        assert!(!json.contains("MOML") && !json.contains("SMITH"), "{json}");
    }

    #[test]
    fn trip_types_and_stays() {
        let seg = |o: &str, d: &str, dep: &str, arr: &str| {
            format!(
                r#"{{"origin":"{o}","destination":"{d}","departure":"{dep}","arrival":"{arr}"}}"#
            )
        };
        let build = |segs: Vec<String>| {
            pnr(&format!(
                r#"{{"record_locator":"T1","travellers":[{{"surname":"A"}}],"segments":[{}]}}"#,
                segs.join(",")
            ))
        };
        let ty = |p: &Pnr| {
            features(p, &Window::default(), now())
                .get("trip_type")
                .cloned()
        };
        let out = seg("LHR", "JFK", "2026-12-01T10:00", "2026-12-01T13:00");
        let back = seg("JFK", "LHR", "2026-12-03T18:00", "2026-12-04T06:00");
        let rt = build(vec![out.clone(), back]);
        assert_eq!(ty(&rt), Some(FeatureValue::Symbol("round_trip")));
        let f = features(&rt, &Window::default(), now());
        // Arrive JFK 13:00 local (18:00Z), leave 18:00 local on the 3rd (23:00Z): 53 h.
        assert_eq!(f.get("stay_hours"), Some(&FeatureValue::Number(53.0)));
        assert_eq!(f.get("long_haul"), Some(&FeatureValue::Bool(true)));
        let jaw = build(vec![
            out.clone(),
            seg("EWR", "LHR", "2026-12-05T18:00", "2026-12-06T06:00"),
        ]);
        assert_eq!(ty(&jaw), Some(FeatureValue::Symbol("open_jaw")));
        let multi = build(vec![
            out,
            seg("JFK", "MIA", "2026-12-05T08:00", "2026-12-05T11:00"),
            seg("MIA", "LHR", "2026-12-08T18:00", "2026-12-09T07:00"),
        ]);
        assert_eq!(ty(&multi), Some(FeatureValue::Symbol("multi_city")));
        let none = build(vec![]);
        assert_eq!(ty(&none), Some(FeatureValue::Symbol("none")));
        let f = features(&none, &Window::default(), now());
        assert!(f
            .get("hours_booked_before_departure")
            .is_some_and(FeatureValue::is_null));
        assert!(f.get("international").is_some_and(FeatureValue::is_null));
    }

    #[test]
    fn third_party_payment_and_minors() {
        let p = pnr(
            r#"{"record_locator":"T2","travellers":[{"name":"DOE/JANE MS","date_of_birth":"2012-01-01"},{"surname":"DOE","given_names":"JOHN"}],
               "segments":[{"origin":"CDG","destination":"DXB","departure":"2026-12-01T10:00"}],
               "payments":[{"form":"card","card_holder":"MR PETER BLOGGS","card_number":"5555444433331111"},{"form":"cash","amount":100}],
               "unaccompanied_minor":{"traveller":0,"guardian_departure":"X"}}"#,
        );
        let f = features(&p, &Window::default(), now());
        assert_eq!(
            f.get("payer_not_traveller"),
            Some(&FeatureValue::Bool(true))
        );
        assert_eq!(f.get("payment_form"), Some(&FeatureValue::Symbol("cash")));
        assert_eq!(f.get("cash_amount"), Some(&FeatureValue::Number(100.0)));
        assert_eq!(f.get("card_count"), Some(&FeatureValue::Number(1.0)));
        assert_eq!(f.get("minor_count"), Some(&FeatureValue::Number(1.0)));
        assert_eq!(f.get("distinct_surnames"), Some(&FeatureValue::Number(1.0)));
        assert_eq!(
            f.get("unaccompanied_minor"),
            Some(&FeatureValue::Bool(true))
        );
        assert_eq!(f.get("um_guardian_info"), Some(&FeatureValue::Bool(false)));
        assert_eq!(
            f.traveller(0, "is_unaccompanied_minor"),
            Some(&FeatureValue::Bool(true))
        );
        assert_eq!(f.traveller(0, "age"), Some(&FeatureValue::Number(14.0)));
        assert!(holder_matches(
            &name_tokens("A. SMITH"),
            &name_tokens("SMITH"),
            &name_tokens("ANNA")
        ));
        assert!(!holder_matches(
            &name_tokens("BOB SMITH"),
            &name_tokens("SMITH"),
            &name_tokens("ANNA")
        ));
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        let p = pnr(
            r#"{"record_locator":"ODD","booked_at":"9999-12-31T23:59:59+14:00",
               "travellers":[{"surname":"-","date_of_birth":"9999-12-31","documents":[{"type":"V","number":"1","expires_on":"0001-01-01"}]},
                             {"name":"/"}],
               "segments":[{"origin":"AKL","destination":"AKL","departure":"0001-01-01T00:00"},
                           {"origin":"xxx","destination":"HNL","departure":"9999-12-31T23:59","arrival":"0001-01-01T00:00"}],
               "payments":[{"form":"cash","amount":-1e308},{"form":"cash","amount":1e308},{"form":"card","card_holder":"   "}],
               "baggage":[{"pieces":4294967295},{"pieces":4294967295,"weight_kg":-5}],
               "unaccompanied_minor":{"traveller":99}}"#,
        );
        for now in [
            chrono::DateTime::<Utc>::MIN_UTC,
            chrono::DateTime::<Utc>::MAX_UTC,
            now(),
        ] {
            let w = Window::new(1, std::time::Duration::MAX);
            w.record(&p, now);
            let f = features(&p, &w, now);
            assert_eq!(f.traveller_count(), 2);
            let _ = f.to_json();
        }
    }
}
