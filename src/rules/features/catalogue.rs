//! The feature catalogue: every name a rule condition may read, with its type and meaning.
//!
//! Two tables, [`PNR_FEATURES`] (the whole booking) and [`TRAVELLER_FEATURES`] (one row
//! per traveller), generated with the enums `Pf` and `Tf` whose discriminants are the
//! tables' indices, so the computation fills a slot without looking a name up. The
//! catalogue *is* the allow-list of [`crate::rules::lawful`]: a name not in it cannot be
//! referenced, and nothing sensitive (SSR codes, free text, names, contacts, card numbers,
//! sex) is ever put in it. This file is data; `rules/README.md` documents every entry.
//!
//! Invariants: feature names are stable (rules reference them), snake case and unique
//! across both scopes; `Pf as usize` / `Tf as usize` is the entry's index in its table.

/// The type of a feature as rules see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FeatureKind {
    Bool,
    Number,
    Text,
    /// A text value from a closed set.
    Enum(&'static [&'static str]),
    TextList,
    NumberList,
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
pub(crate) struct FeatureDef {
    pub(crate) name: &'static str,
    pub(crate) kind: FeatureKind,
    pub(crate) unit: &'static str,
    pub(crate) meaning: &'static str,
    /// Nationality-style feature: a rule whose criteria read only such features needs a
    /// recorded data-protection review (indirect discrimination, C-817/19).
    pub(crate) proxy: bool,
}

/// Values of trip types.
pub(crate) const TRIP_TYPES: &[&str] = &["none", "one_way", "round_trip", "open_jaw", "multi_city"];
/// Values of payment forms.
pub(crate) const PAYMENT_FORMS: &[&str] = &["none", "cash", "card", "other"];
/// Values of agency types.
pub(crate) const AGENCY_TYPES: &[&str] = &["airline", "travel_agent"];
/// Values of check-in states.
pub(crate) const CHECK_IN_STATES: &[&str] = &[
    "not_checked_in",
    "checked_in",
    "boarded",
    "no_show",
    "go_show",
    "other",
];
/// Values of passenger types.
pub(crate) const PASSENGER_TYPES: &[&str] = &["adult", "child", "infant", "other"];

/// Connections of at least this many minutes are stopovers (they split the journey).
pub(crate) const STOPOVER_MINUTES: i64 = 24 * 60;
/// A segment of at least this many kilometres is long-haul.
pub(crate) const LONG_HAUL_KM: f64 = 4000.0;
/// First and business booking classes (the common RBD convention).
pub(crate) const PREMIUM_CLASSES: &[&str] = &["F", "A", "P", "J", "C", "D", "I", "Z", "R"];
/// Parties of at least this size are group bookings.
pub(crate) const GROUP_SIZE: usize = 10;

/// A catalogue enum (`Pf` or `Tf`): each variant names one entry of its table.
pub(super) trait Slot: Copy {
    /// Entries in the table.
    const COUNT: usize;
    /// The entry's index in its table.
    fn index(self) -> usize;
}

macro_rules! catalogue {
    ($enum:ident, $table:ident, $doc:literal,
     $($var:ident => $name:literal, $kind:expr, $unit:literal, $proxy:literal, $meaning:literal;)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[allow(clippy::enum_variant_names)]
        pub(super) enum $enum { $($var),* }

        impl Slot for $enum {
            const COUNT: usize = $table.len();
            fn index(self) -> usize {
                self as usize
            }
        }

        #[doc = $doc]
        pub(crate) const $table: &[FeatureDef] = &[$(FeatureDef {
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
