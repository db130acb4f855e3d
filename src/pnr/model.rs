//! The canonical PNR model: the 19 data elements of EU Directive 2016/681 Annex I.
//!
//! Every field that can be invalid is a parsed type (`Date`, `DateTime`, `CountryCode`,
//! `Gender`, `PersonName`), so a value of [`Pnr`] is valid by construction; the JSON wire
//! format is these types' serde form (see `deploy/schemas/pnr.v1.schema.json`).
//!
//! A value that failed validation is never in the model: the decoder leaves it out (unknown),
//! or keeps an unknown code as `other`, and records the problem in [`Pnr::data_quality`].
//!
//! Invariants: card numbers never exist unmasked in a [`Payment`] (masked in
//! [`CardNumber`]'s deserializer); only allow-listed SSR codes survive decoding
//! (see [`crate::pnr::decode`]); countries are ISO 3166-1 alpha-3 or ICAO 9303 codes;
//! [`Pnr::data_quality`] holds field paths and problem codes, and raw values only of codes
//! and dates (never names, numbers or free text).

use std::fmt;

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// One passenger name record, as screened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pnr {
    /// Annex I 1: the record locator.
    pub record_locator: String,
    /// Annex I 2: date of reservation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booked_at: Option<DateTime>,
    /// Last change to the PNR (from the history).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified_at: Option<DateTime>,
    /// The airline that pushed the PNR (IATA code).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carrier: Option<String>,
    /// Annex I 4, 17, 18: names, other travellers, API data.
    pub travellers: Vec<Traveller>,
    /// Annex I 3, 7, 15: travel dates, full itinerary, code share.
    #[serde(default)]
    pub segments: Vec<Segment>,
    /// Annex I 5: contact information.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contacts: Vec<Contact>,
    /// Annex I 5: addresses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub addresses: Vec<Address>,
    /// Annex I 6: forms of payment, billing address.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub payments: Vec<Payment>,
    /// Annex I 9: travel agency / agent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agency: Option<Agency>,
    /// Annex I 11: split / divided PNR information.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub split: Option<SplitPnr>,
    /// Annex I 2, 13: ticketing field information.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tickets: Vec<Ticket>,
    /// Annex I 16: baggage information.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub baggage: Vec<Baggage>,
    /// Annex I 17: number of travellers on the PNR as the carrier states it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number_in_party: Option<u32>,
    /// Annex I 12: unaccompanied-minor information (the only general remark kept).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unaccompanied_minor: Option<UnaccompaniedMinor>,
    /// Special service requests whose code is on the allow-list.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub special_services: Vec<SpecialService>,
    /// Annex I 19: history of changes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<HistoryEvent>,
    /// What the decoder found wrong and left out or kept as `other` (not part of the wire
    /// format; filled by [`crate::pnr::decode`]).
    #[serde(skip)]
    pub data_quality: Vec<QualityFlag>,
}

/// One problem the decoder found in a received PNR.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QualityFlag {
    /// Where: the JSON path (`travellers[0].date_of_birth`).
    pub path: String,
    pub problem: Problem,
    /// The value as received, kept for codes and dates only (`ZZZ`, `1951-02-30`): never
    /// a name, a number or free text, and at most 40 characters.
    pub raw: Option<String>,
}

/// What was wrong with a received field: a closed set, used as a metric label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    /// A JSON type other than the one expected (a number for a string, …); left out.
    WrongType,
    /// Not in any accepted format; left out.
    InvalidFormat,
    /// A code that no table knows (a country, a passenger type, …): left out, or kept as
    /// `other` where the field has that value.
    UnknownCode,
    /// A date that does not exist (`1951-02-30`, `0000-00-00`); left out.
    ImpossibleDate,
    /// A required part is missing, so the element it belongs to is left out.
    Missing,
    /// Longer than the field allows; left out.
    TooLong,
    /// A departure or arrival given as a day without a time: kept at day precision.
    DateWithoutTime,
    /// `name` and `surname`/`given_names` disagree: both are screened.
    NamesDisagree,
    /// The traveller's name cannot be screened (see [`UnusableName`]).
    UnusableName,
}

impl Problem {
    pub fn as_str(&self) -> &'static str {
        match self {
            Problem::WrongType => "wrong_type",
            Problem::InvalidFormat => "invalid_format",
            Problem::UnknownCode => "unknown_code",
            Problem::ImpossibleDate => "impossible_date",
            Problem::Missing => "missing",
            Problem::TooLong => "too_long",
            Problem::DateWithoutTime => "date_without_time",
            Problem::NamesDisagree => "names_disagree",
            Problem::UnusableName => "unusable_name",
        }
    }

    /// Every problem, for initialising metric series.
    pub const ALL: [Problem; 9] = [
        Problem::WrongType,
        Problem::InvalidFormat,
        Problem::UnknownCode,
        Problem::ImpossibleDate,
        Problem::Missing,
        Problem::TooLong,
        Problem::DateWithoutTime,
        Problem::NamesDisagree,
        Problem::UnusableName,
    ];
}

/// Why a traveller's name cannot be screened; such a traveller is alerted as unscreenable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnusableName {
    /// No name at all (no `surname`, no `name`, or only blanks).
    Missing,
    /// Only placeholders: `FNU`, `LNU`, `UNKNOWN`, `*`, `/`, `-`, `?`, `X`.
    Placeholder,
    /// Nothing a name is made of is left after normalisation (digits, symbols, single
    /// letters).
    NoLetters,
}

impl UnusableName {
    pub fn as_str(&self) -> &'static str {
        match self {
            UnusableName::Missing => "missing",
            UnusableName::Placeholder => "placeholder",
            UnusableName::NoLetters => "no_letters",
        }
    }

    pub const ALL: [UnusableName; 3] = [
        UnusableName::Missing,
        UnusableName::Placeholder,
        UnusableName::NoLetters,
    ];
}

/// A traveller on the PNR.
///
/// It is deserialized through its wire shape (split names or the airline name form), in
/// [`crate::pnr::decode`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Traveller {
    #[serde(flatten)]
    pub name: PersonName,
    /// The airline name form (`name`) when it disagrees with `surname`/`given_names`:
    /// both are screened.
    #[serde(skip)]
    pub other_name: Option<PersonName>,
    /// Set when the name cannot be screened; the traveller is then alerted as such.
    #[serde(skip)]
    pub unusable_name: Option<UnusableName>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<BirthDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "optional_country"
    )]
    pub nationality: Option<CountryCode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passenger_type: Option<PassengerType>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "optional_country"
    )]
    pub residence_country: Option<CountryCode>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<TravelDocument>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub frequent_flyer: Vec<FrequentFlyer>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub seats: Vec<Seat>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check_in: Option<CheckInStatus>,
}

impl Traveller {
    /// A traveller known by name only (no API data, no documents).
    pub fn named(name: PersonName) -> Self {
        Traveller {
            name,
            other_name: None,
            unusable_name: None,
            date_of_birth: None,
            gender: None,
            nationality: None,
            passenger_type: None,
            residence_country: None,
            documents: Vec::new(),
            frequent_flyer: Vec::new(),
            seats: Vec::new(),
            check_in: None,
        }
    }
}

/// A person's name split into surname and given names, keeping the received form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonName {
    pub surname: String,
    #[serde(default)]
    pub given_names: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The name exactly as the carrier sent it (`SMITH/JOHN MR` or `SMITH`, `JOHN`).
    #[serde(rename = "name", default, skip_serializing_if = "String::is_empty")]
    pub as_received: String,
}

/// An identity or travel document (SSR DOCS / DOCO, PAXLST DOC).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TravelDocument {
    /// Document type code: P passport, I identity card, V visa, …
    #[serde(rename = "type")]
    pub doc_type: String,
    pub number: String,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "optional_country"
    )]
    pub issuing_country: Option<CountryCode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_on: Option<Date>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrequentFlyer {
    pub airline: String,
    pub number: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seat {
    /// Index into [`Pnr::segments`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment: Option<usize>,
    pub seat: String,
}

/// Annex I 10: travel status of the passenger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckInStatus {
    NotCheckedIn,
    CheckedIn,
    Boarded,
    NoShow,
    GoShow,
    /// A status no table knows (the code is in [`Pnr::data_quality`]).
    Other,
}

/// The passenger type.
///
/// The IATA codes airlines send are read too: `ADT`; `CHD`, `CNN`, `CH`; `INF`, `INS`
/// (an infant with a seat); upper or lower case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PassengerType {
    #[serde(alias = "ADT", alias = "adt")]
    Adult,
    #[serde(
        alias = "CHD",
        alias = "chd",
        alias = "CNN",
        alias = "cnn",
        alias = "CH",
        alias = "ch"
    )]
    Child,
    #[serde(alias = "INF", alias = "inf", alias = "INS", alias = "ins")]
    Infant,
    /// A type no table knows (the code is in [`Pnr::data_quality`]).
    Other,
}

/// One flight segment of the itinerary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Segment {
    /// IATA airport code.
    pub origin: String,
    pub destination: String,
    pub departure: DateTime,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arrival: Option<DateTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marketing_carrier: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flight_number: Option<String>,
    /// Annex I 15: the operating carrier when it differs (code share).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operating_carrier: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operating_flight_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booking_class: Option<String>,
    /// Segment status code (HK confirmed, HL waitlisted, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    #[serde(rename = "type")]
    pub kind: ContactKind,
    pub value: String,
}

/// What a contact is.
///
/// The kinds PNRGOV and airline systems send are read too: a mobile, home, business or fax
/// number is a phone (`mobile`, `fax`, `home`, `business`, `CTCM`, `CTCH`, `CTCB`), and
/// `e-mail` or `CTCE` an email address; upper or lower case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactKind {
    #[serde(
        alias = "PHONE",
        alias = "mobile",
        alias = "MOBILE",
        alias = "fax",
        alias = "FAX",
        alias = "home",
        alias = "HOME",
        alias = "business",
        alias = "BUSINESS",
        alias = "CTCM",
        alias = "CTCH",
        alias = "CTCB"
    )]
    Phone,
    #[serde(alias = "EMAIL", alias = "e-mail", alias = "E-MAIL", alias = "CTCE")]
    Email,
    /// A kind no table knows (the code is in [`Pnr::data_quality`]); the value is kept.
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "optional_country"
    )]
    pub country: Option<CountryCode>,
}

/// Annex I 6: one form of payment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Payment {
    pub form: PaymentForm,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_vendor: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_number: Option<CardNumber>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_holder: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing_address: Option<Address>,
}

/// The form of payment.
///
/// The PNRGOV form-of-payment codes are read too: `CC` card, `CA` cash, `CK` cheque, `MS`
/// (miscellaneous) other; upper or lower case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentForm {
    #[serde(alias = "CARD", alias = "CC", alias = "cc")]
    Card,
    #[serde(alias = "CASH", alias = "CA", alias = "ca")]
    Cash,
    #[serde(alias = "CHEQUE", alias = "CK", alias = "ck")]
    Cheque,
    #[serde(alias = "INVOICE")]
    Invoice,
    #[serde(alias = "MILES")]
    Miles,
    #[serde(alias = "OTHER", alias = "MS", alias = "ms")]
    Other,
}

/// A card number, masked on decode: only the last four characters are kept, plus a
/// fingerprint (a salted hash of the full number, salt random per process) so that the
/// same card can be recognised across PNRs within this process's memory, never stored.
#[derive(Clone, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub struct CardNumber {
    masked: String,
    fingerprint: u64,
}

/// Per-process salt of card fingerprints.
fn card_salt() -> &'static [u8; 16] {
    static SALT: std::sync::OnceLock<[u8; 16]> = std::sync::OnceLock::new();
    SALT.get_or_init(rand::random)
}

impl CardNumber {
    /// Masks a received card number, keeping only its last four characters.
    pub fn mask(raw: &str) -> Self {
        use sha2::Digest as _;
        let chars: Vec<char> = raw.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
        let keep = chars.len().min(4);
        let mut masked = "X".repeat(chars.len() - keep);
        masked.extend(&chars[chars.len() - keep..]);
        let mut h = sha2::Sha256::new();
        h.update(card_salt());
        h.update(chars.iter().collect::<String>().as_bytes());
        let digest = h.finalize();
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        CardNumber {
            masked,
            fingerprint: u64::from_be_bytes(first),
        }
    }

    /// The masked number (`XXXXXXXXXXXX1234`).
    pub fn as_str(&self) -> &str {
        &self.masked
    }

    /// Same card ⇔ same fingerprint (within this process).
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }
}

impl PartialEq for CardNumber {
    fn eq(&self, other: &Self) -> bool {
        self.masked == other.masked
    }
}

impl Eq for CardNumber {}

impl From<String> for CardNumber {
    fn from(raw: String) -> Self {
        CardNumber::mask(&raw)
    }
}

impl From<CardNumber> for String {
    fn from(c: CardNumber) -> String {
        c.masked
    }
}

impl fmt::Debug for CardNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CardNumber({})", self.masked)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agency {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iata_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub office_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "optional_country"
    )]
    pub country: Option<CountryCode>,
    /// `airline` or `travel_agent`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub originator_type: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SplitPnr {
    /// Record locators of the PNRs split off from (or into) this one.
    pub record_locators: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ticket {
    pub number: String,
    /// Index into [`Pnr::travellers`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub traveller: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued_at: Option<DateTime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub one_way: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_amount: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Baggage {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub traveller: Option<usize>,
    pub pieces: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight_kg: Option<f64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnaccompaniedMinor {
    /// Index into [`Pnr::travellers`].
    pub traveller: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guardian_departure: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guardian_arrival: Option<String>,
}

/// A special service request whose code is on the allow-list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpecialService {
    pub code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub traveller: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEvent {
    pub at: DateTime,
    /// `added`, `cancelled` or `changed`.
    pub action: String,
    /// What changed: `segment`, `traveller`, `payment`, `contact`, …
    pub element: String,
}

/// A calendar date, `YYYY-MM-DD` on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Date(pub NaiveDate);

impl TryFrom<String> for Date {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        match date_numbers(s.trim()) {
            Some((y, m, d)) => calendar_date(y, m, d).map(Date),
            None => Err("expected a date as YYYY-MM-DD".to_owned()),
        }
    }
}

impl From<Date> for String {
    fn from(d: Date) -> String {
        d.0.format("%Y-%m-%d").to_string()
    }
}

/// What an impossible calendar date is told by, in parse errors (the decoder's problem
/// code [`Problem::ImpossibleDate`] keys on it).
pub(crate) const IMPOSSIBLE_DATE: &str = "no such date";

/// Reads `YYYY-MM-DD` or `YYYYMMDD` into its numbers, without checking the calendar.
fn date_numbers(s: &str) -> Option<(i32, u32, u32)> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        let part = s.get(r)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse::<u32>().ok())?
    };
    let (y, m, d) = match b.len() {
        10 if b[4] == b'-' && b[7] == b'-' => (digits(0..4)?, digits(5..7)?, digits(8..10)?),
        8 => (digits(0..4)?, digits(4..6)?, digits(6..8)?),
        _ => return None,
    };
    Some((i32::try_from(y).ok()?, m, d))
}

/// A calendar date from its numbers, or why not.
fn calendar_date(y: i32, m: u32, d: u32) -> Result<NaiveDate, String> {
    if y == 0 {
        return Err(format!("{IMPOSSIBLE_DATE} (year 0)"));
    }
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| IMPOSSIBLE_DATE.to_owned())
}

/// A date of birth at the precision it was given: a day, a month or a year.
///
/// On the wire: `YYYY-MM-DD` or `YYYYMMDD`; `YYYY-MM`; `YYYY`. API data writes an unknown
/// month or day as `00` (`1951-00-00`, `1951-06-00`), read as year or month precision.
/// A date that does not exist (`1951-02-30`, `0000-00-00`) is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum BirthDate {
    Day(NaiveDate),
    Month { year: i32, month: u32 },
    Year(i32),
}

impl BirthDate {
    /// The earliest and the latest day the date of birth can be.
    pub fn bounds(&self) -> (NaiveDate, NaiveDate) {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN);
        match *self {
            BirthDate::Day(d) => (d, d),
            BirthDate::Month { year, month } => {
                let first = day(year, month, 1);
                let last = first
                    .checked_add_months(chrono::Months::new(1))
                    .and_then(|n| n.pred_opt())
                    .unwrap_or(first);
                (first, last)
            }
            BirthDate::Year(y) => (day(y, 1, 1), day(y, 12, 31)),
        }
    }
}

impl TryFrom<String> for BirthDate {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        const EXPECTED: &str = "expected a date of birth as YYYY-MM-DD, YYYYMMDD, YYYY-MM or YYYY";
        let s = s.trim();
        let year = |t: &str| {
            (t.len() == 4 && t.bytes().all(|c| c.is_ascii_digit()))
                .then(|| t.parse::<i32>().ok())
                .flatten()
        };
        if let Some(y) = year(s) {
            return if y == 0 {
                Err(format!("{IMPOSSIBLE_DATE} (year 0)"))
            } else {
                Ok(BirthDate::Year(y))
            };
        }
        if s.len() == 7 && s.as_bytes()[4] == b'-' {
            let (y, m) = (year(&s[..4]), s[5..].parse::<u32>().ok());
            return match (y, m) {
                (Some(0), Some(_)) => Err(format!("{IMPOSSIBLE_DATE} (year 0)")),
                (Some(y), Some(0)) => Ok(BirthDate::Year(y)),
                (Some(y), Some(m @ 1..=12)) => Ok(BirthDate::Month { year: y, month: m }),
                (Some(_), Some(_)) => Err(IMPOSSIBLE_DATE.to_owned()),
                _ => Err(EXPECTED.to_owned()),
            };
        }
        let (y, m, d) = date_numbers(s).ok_or_else(|| EXPECTED.to_owned())?;
        match (m, d) {
            _ if y == 0 => Err(format!("{IMPOSSIBLE_DATE} (year 0)")),
            (0, 0) => Ok(BirthDate::Year(y)),
            (1..=12, 0) => Ok(BirthDate::Month { year: y, month: m }),
            _ => calendar_date(y, m, d).map(BirthDate::Day),
        }
    }
}

impl From<BirthDate> for String {
    fn from(d: BirthDate) -> String {
        d.to_string()
    }
}

impl fmt::Display for BirthDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BirthDate::Day(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            BirthDate::Month { year, month } => write!(f, "{year:04}-{month:02}"),
            BirthDate::Year(y) => write!(f, "{y:04}"),
        }
    }
}

/// A point in time: RFC 3339 with an offset, or a local date-time (airport time) without
/// one, or only the local day when no time was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum DateTime {
    Zoned(chrono::DateTime<chrono::FixedOffset>),
    Local(NaiveDateTime),
    /// A local day without a time (`2026-03-01`).
    Day(NaiveDate),
}

impl DateTime {
    /// The wall-clock time, ignoring any offset (for day arithmetic on local times); a day
    /// without a time is taken at noon, at most twelve hours off.
    pub fn naive_local(&self) -> NaiveDateTime {
        match self {
            DateTime::Zoned(t) => t.naive_local(),
            DateTime::Local(t) => *t,
            DateTime::Day(d) => d.and_time(chrono::NaiveTime::MIN) + chrono::Duration::hours(12),
        }
    }

    /// Whether the time of day is known (not [`DateTime::Day`]).
    pub fn has_time(&self) -> bool {
        !matches!(self, DateTime::Day(_))
    }
}

impl TryFrom<String> for DateTime {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        if let Ok(t) = chrono::DateTime::parse_from_rfc3339(&s) {
            return Ok(DateTime::Zoned(t));
        }
        if let Ok(t) = chrono::DateTime::parse_from_str(&s, "%Y-%m-%dT%H:%M%:z") {
            return Ok(DateTime::Zoned(t));
        }
        for fmt in [
            "%Y-%m-%dT%H:%M:%S",
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%d %H:%M",
        ] {
            if let Ok(t) = NaiveDateTime::parse_from_str(&s, fmt) {
                return Ok(DateTime::Local(t));
            }
        }
        if let Some((y, m, d)) = date_numbers(s.trim()) {
            return calendar_date(y, m, d).map(DateTime::Day);
        }
        Err(
            "expected an RFC 3339 date-time, a local date-time YYYY-MM-DDTHH:MM[:SS] or a day \
             YYYY-MM-DD"
                .to_owned(),
        )
    }
}

impl From<DateTime> for String {
    fn from(d: DateTime) -> String {
        match d {
            DateTime::Zoned(t) => t.to_rfc3339(),
            DateTime::Local(t) => t.format("%Y-%m-%dT%H:%M:%S").to_string(),
            DateTime::Day(d) => d.format("%Y-%m-%d").to_string(),
        }
    }
}

/// An ISO 3166-1 alpha-3 country code (`GBR`; alpha-2 and the `D` of German documents are
/// converted), or a code of ICAO Doc 9303 that travel documents carry for what is not a
/// country (`XXA` stateless, `XXB` refugee, `UNO`, `GBN`, …; Kosovo is `RKS`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CountryCode([u8; 3]);

impl CountryCode {
    /// Parses an alpha-3 or alpha-2 code (case-insensitive); `D` (Germany on
    /// machine-readable documents) is accepted as `DEU`.
    pub fn parse(s: &str) -> Option<Self> {
        crate::pnr::country::to_alpha3(s.trim()).map(CountryCode)
    }

    /// Builds a code from three known-valid upper-case ASCII letters.
    pub(crate) fn from_alpha3_bytes(b: [u8; 3]) -> Self {
        CountryCode(b)
    }

    /// Whether the code names a state, rather than a status or an organisation (`XXA`,
    /// `UNO`, `GBN`, …) that says nothing of a nationality.
    pub fn is_state(&self) -> bool {
        crate::pnr::country::is_state(self.0)
    }

    pub fn as_str(&self) -> &str {
        // The bytes are always three ASCII upper-case letters (checked in `parse`).
        std::str::from_utf8(&self.0).unwrap_or("???")
    }
}

impl TryFrom<String> for CountryCode {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        CountryCode::parse(&s).ok_or_else(|| COUNTRY_EXPECTED.to_owned())
    }
}

/// What a country field accepts, for error messages.
const COUNTRY_EXPECTED: &str = "expected an ISO 3166-1 alpha-3 country code";

/// Reads an optional country field, where an empty string means that none was given.
///
/// # Errors
/// The value is not a string, or not a known code.
pub(crate) fn optional_country<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<CountryCode>, D::Error> {
    let raw: Option<String> = Option::deserialize(deserializer)?;
    match raw.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(code) => CountryCode::parse(code)
            .map(Some)
            .ok_or_else(|| serde::de::Error::custom(COUNTRY_EXPECTED)),
    }
}

impl From<CountryCode> for String {
    fn from(c: CountryCode) -> String {
        c.as_str().to_owned()
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Gender {
    Male,
    Female,
    /// `X`: unspecified / non-binary as printed on travel documents.
    Unspecified,
}

impl Gender {
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_uppercase().as_str() {
            "M" | "MI" | "MALE" => Some(Gender::Male),
            "F" | "FI" | "FEMALE" => Some(Gender::Female),
            "X" | "U" | "UNSPECIFIED" => Some(Gender::Unspecified),
            _ => None,
        }
    }

    /// The gender an airline name title states: MR and MSTR (a boy) male; MRS, MS and
    /// MISS female; others (DR, PROF, CHD, INF) none.
    pub fn of_title(title: &str) -> Option<Self> {
        let is = |titles: &[&str]| titles.iter().any(|t| t.eq_ignore_ascii_case(title.trim()));
        if is(&["MR", "MSTR", "MSTER"]) {
            Some(Gender::Male)
        } else if is(&["MRS", "MS", "MISS"]) {
            Some(Gender::Female)
        } else {
            None
        }
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            Gender::Male => "M",
            Gender::Female => "F",
            Gender::Unspecified => "X",
        }
    }
}

impl TryFrom<String> for Gender {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        Gender::parse(&s).ok_or_else(|| "expected M, F or X".to_owned())
    }
}

impl From<Gender> for String {
    fn from(g: Gender) -> String {
        g.as_str().to_owned()
    }
}
