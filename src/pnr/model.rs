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

use serde::{Deserialize, Serialize};

pub use super::quality::{Problem, QualityFlag, UnusableName};
pub use super::time::{BirthDate, Date, DateTime};

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
