//! A small built-in airport table: IATA code → country, standard UTC offset, position.
//!
//! Derived features need three facts about an airport that a PNR does not carry: the
//! country (for `route_countries`, `international`), the UTC offset (local departure times
//! are airport time) and the position (great-circle distances, `long_haul`,
//! `route_ratio`). This table holds about 230 large international airports; an airport
//! that is not in it simply has unknown country/offset/position, and the features that
//! need them become `null` (rules then do not hold on them; see `rules/README.md`).
//!
//! Invariants: codes are sorted and unique (binary search; checked by a test); countries are
//! ISO 3166-1 alpha-3 known to `crate::pnr::country`; offsets are standard time in minutes
//! (daylight saving is ignored: times may be off by one hour in summer); positions are
//! approximate (±0.05°), which is ample for distance classes.

/// One airport row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Airport {
    pub(crate) iata: &'static str,
    pub(crate) country: &'static str,
    /// Standard-time UTC offset in minutes.
    pub(crate) utc_offset_minutes: i32,
    pub(crate) lat: f64,
    pub(crate) lon: f64,
}

/// Looks an airport up by IATA code (upper-case).
pub(crate) fn lookup(iata: &str) -> Option<&'static Airport> {
    AIRPORTS
        .binary_search_by(|a| a.iata.cmp(iata))
        .ok()
        .and_then(|i| AIRPORTS.get(i))
}

/// Great-circle distance in kilometres (haversine, mean Earth radius).
pub(crate) fn distance_km(a: &Airport, b: &Airport) -> f64 {
    let (la1, lo1, la2, lo2) = (
        a.lat.to_radians(),
        a.lon.to_radians(),
        b.lat.to_radians(),
        b.lon.to_radians(),
    );
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}

macro_rules! airports {
    ($(($iata:literal, $country:literal, $off:literal, $lat:literal, $lon:literal)),* $(,)?) => {
        /// The table, sorted by IATA code.
        static AIRPORTS: &[Airport] = &[$(Airport {
            iata: $iata,
            country: $country,
            utc_offset_minutes: $off,
            lat: $lat,
            lon: $lon,
        }),*];
    };
}

airports![
    ("ABJ", "CIV", 0, 5.26, -3.93),
    ("ABV", "NGA", 60, 9.01, 7.26),
    ("ACC", "GHA", 0, 5.61, -0.17),
    ("ADD", "ETH", 180, 8.98, 38.80),
    ("AGP", "ESP", 60, 36.67, -4.50),
    ("AKL", "NZL", 720, -37.01, 174.79),
    ("ALA", "KAZ", 300, 43.35, 77.04),
    ("ALG", "DZA", 60, 36.69, 3.22),
    ("AMM", "JOR", 180, 31.72, 35.99),
    ("AMS", "NLD", 60, 52.31, 4.76),
    ("ARN", "SWE", 60, 59.65, 17.92),
    ("ASB", "TKM", 300, 37.99, 58.36),
    ("ASU", "PRY", -180, -25.24, -57.52),
    ("ATH", "GRC", 120, 37.94, 23.94),
    ("ATL", "USA", -300, 33.64, -84.43),
    ("AUA", "ABW", -240, 12.50, -70.02),
    ("AUH", "ARE", 240, 24.43, 54.65),
    ("AYT", "TUR", 180, 36.90, 30.80),
    ("BAH", "BHR", 180, 26.27, 50.63),
    ("BCN", "ESP", 60, 41.30, 2.08),
    ("BEG", "SRB", 60, 44.82, 20.31),
    ("BER", "DEU", 60, 52.37, 13.50),
    ("BEY", "LBN", 120, 33.82, 35.49),
    ("BGW", "IRQ", 180, 33.26, 44.23),
    ("BHX", "GBR", 0, 52.45, -1.75),
    ("BJL", "GMB", 0, 13.34, -16.65),
    ("BKK", "THA", 420, 13.69, 100.75),
    ("BKO", "MLI", 0, 12.53, -7.95),
    ("BLR", "IND", 330, 13.20, 77.71),
    ("BNE", "AUS", 600, -27.38, 153.12),
    ("BOG", "COL", -300, 4.70, -74.15),
    ("BOM", "IND", 330, 19.09, 72.87),
    ("BOS", "USA", -300, 42.36, -71.01),
    ("BRU", "BEL", 60, 50.90, 4.48),
    ("BSB", "BRA", -180, -15.87, -47.92),
    ("BUD", "HUN", 60, 47.44, 19.26),
    ("CAI", "EGY", 120, 30.12, 31.41),
    ("CAN", "CHN", 480, 23.39, 113.30),
    ("CAY", "GUF", -180, 4.82, -52.36),
    ("CCS", "VEN", -240, 10.60, -66.99),
    ("CCU", "IND", 330, 22.65, 88.45),
    ("CDG", "FRA", 60, 49.01, 2.55),
    ("CGK", "IDN", 420, -6.13, 106.66),
    ("CGN", "DEU", 60, 50.87, 7.14),
    ("CKY", "GIN", 0, 9.58, -13.61),
    ("CMB", "LKA", 330, 7.18, 79.88),
    ("CMN", "MAR", 60, 33.37, -7.59),
    ("COK", "IND", 330, 10.15, 76.40),
    ("COO", "BEN", 60, 6.36, 2.38),
    ("CPH", "DNK", 60, 55.62, 12.66),
    ("CPT", "ZAF", 120, -33.97, 18.60),
    ("CTG", "COL", -300, 10.44, -75.51),
    ("CTU", "CHN", 480, 30.58, 103.95),
    ("CUN", "MEX", -300, 21.04, -86.87),
    ("CUR", "CUW", -240, 12.19, -68.96),
    ("DAC", "BGD", 360, 23.84, 90.40),
    ("DAM", "SYR", 180, 33.41, 36.52),
    ("DAR", "TZA", 180, -6.88, 39.20),
    ("DEL", "IND", 330, 28.56, 77.10),
    ("DEN", "USA", -420, 39.86, -104.67),
    ("DFW", "USA", -360, 32.90, -97.04),
    ("DKR", "SEN", 0, 14.67, -17.07),
    ("DLA", "CMR", 60, 4.01, 9.72),
    ("DME", "RUS", 180, 55.41, 37.91),
    ("DMK", "THA", 420, 13.91, 100.61),
    ("DMM", "SAU", 180, 26.47, 49.80),
    ("DOH", "QAT", 180, 25.27, 51.61),
    ("DPS", "IDN", 480, -8.75, 115.17),
    ("DSS", "SEN", 0, 14.74, -17.49),
    ("DUB", "IRL", 0, 53.42, -6.27),
    ("DUR", "ZAF", 120, -29.61, 31.12),
    ("DUS", "DEU", 60, 51.29, 6.77),
    ("DXB", "ARE", 240, 25.25, 55.36),
    ("DYU", "TJK", 300, 38.54, 68.82),
    ("EBB", "UGA", 180, 0.04, 32.44),
    ("EBL", "IRQ", 180, 36.24, 43.96),
    ("EDI", "GBR", 0, 55.95, -3.37),
    ("ESB", "TUR", 180, 40.13, 32.99),
    ("EVN", "ARM", 240, 40.15, 44.40),
    ("EWR", "USA", -300, 40.69, -74.17),
    ("EZE", "ARG", -180, -34.82, -58.54),
    ("FCO", "ITA", 60, 41.80, 12.25),
    ("FDF", "MTQ", -240, 14.59, -61.00),
    ("FIH", "COD", 60, -4.39, 15.44),
    ("FNA", "SLE", 0, 8.62, -13.20),
    ("FOR", "BRA", -180, -3.78, -38.53),
    ("FRA", "DEU", 60, 50.03, 8.57),
    ("FRU", "KGZ", 360, 43.06, 74.48),
    ("GDL", "MEX", -360, 20.52, -103.31),
    ("GEO", "GUY", -240, 6.50, -58.25),
    ("GIG", "BRA", -180, -22.81, -43.25),
    ("GLA", "GBR", 0, 55.87, -4.43),
    ("GMP", "KOR", 540, 37.56, 126.79),
    ("GRU", "BRA", -180, -23.43, -46.47),
    ("GUA", "GTM", -360, 14.58, -90.53),
    ("GVA", "CHE", 60, 46.24, 6.11),
    ("GYD", "AZE", 240, 40.47, 50.05),
    ("GYE", "ECU", -300, -2.16, -79.88),
    ("HAM", "DEU", 60, 53.63, 9.99),
    ("HAN", "VNM", 420, 21.22, 105.81),
    ("HAV", "CUB", -300, 22.99, -82.41),
    ("HEL", "FIN", 120, 60.32, 24.96),
    ("HKG", "HKG", 480, 22.31, 113.91),
    ("HKT", "THA", 420, 8.11, 98.32),
    ("HND", "JPN", 540, 35.55, 139.78),
    ("HRE", "ZWE", 120, -17.93, 31.09),
    ("HRG", "EGY", 120, 27.18, 33.80),
    ("HYD", "IND", 330, 17.24, 78.43),
    ("IAD", "USA", -300, 38.95, -77.46),
    ("IAH", "USA", -360, 29.98, -95.34),
    ("ICN", "KOR", 540, 37.46, 126.44),
    ("IKA", "IRN", 210, 35.42, 51.15),
    ("ISB", "PAK", 300, 33.55, 72.83),
    ("IST", "TUR", 180, 41.26, 28.74),
    ("JED", "SAU", 180, 21.68, 39.16),
    ("JFK", "USA", -300, 40.64, -73.78),
    ("JIB", "DJI", 180, 11.55, 43.16),
    ("JNB", "ZAF", 120, -26.14, 28.25),
    ("KBL", "AFG", 270, 34.57, 69.21),
    ("KBP", "UKR", 120, 50.35, 30.89),
    ("KEF", "ISL", 0, 63.99, -22.62),
    ("KGL", "RWA", 120, -1.97, 30.14),
    ("KHI", "PAK", 300, 24.91, 67.16),
    ("KIN", "JAM", -300, 17.94, -76.79),
    ("KIV", "MDA", 120, 46.93, 28.93),
    ("KIX", "JPN", 540, 34.43, 135.24),
    ("KRK", "POL", 60, 50.08, 19.78),
    ("KRT", "SDN", 120, 15.59, 32.55),
    ("KTM", "NPL", 345, 27.70, 85.36),
    ("KUL", "MYS", 480, 2.75, 101.71),
    ("KWI", "KWT", 180, 29.24, 47.97),
    ("LAD", "AGO", 60, -8.86, 13.23),
    ("LAX", "USA", -480, 33.94, -118.41),
    ("LCA", "CYP", 120, 34.88, 33.63),
    ("LED", "RUS", 180, 59.80, 30.26),
    ("LFW", "TGO", 0, 6.17, 1.25),
    ("LGW", "GBR", 0, 51.15, -0.19),
    ("LHE", "PAK", 300, 31.52, 74.40),
    ("LHR", "GBR", 0, 51.47, -0.45),
    ("LIM", "PER", -300, -12.02, -77.11),
    ("LIN", "ITA", 60, 45.45, 9.28),
    ("LIS", "PRT", 0, 38.77, -9.13),
    ("LJU", "SVN", 60, 46.22, 14.46),
    ("LOS", "NGA", 60, 6.58, 3.32),
    ("LPB", "BOL", -240, -16.51, -68.19),
    ("LTN", "GBR", 0, 51.87, -0.37),
    ("LUN", "ZMB", 120, -15.33, 28.45),
    ("LUX", "LUX", 60, 49.63, 6.21),
    ("LYS", "FRA", 60, 45.73, 5.08),
    ("MAA", "IND", 330, 12.99, 80.17),
    ("MAD", "ESP", 60, 40.47, -3.57),
    ("MAN", "GBR", 0, 53.35, -2.27),
    ("MBA", "KEN", 180, -4.03, 39.59),
    ("MBJ", "JAM", -300, 18.50, -77.91),
    ("MCT", "OMN", 240, 23.59, 58.28),
    ("MDE", "COL", -300, 6.16, -75.42),
    ("MEL", "AUS", 600, -37.67, 144.84),
    ("MEX", "MEX", -360, 19.44, -99.07),
    ("MFM", "MAC", 480, 22.15, 113.59),
    ("MGA", "NIC", -360, 12.14, -86.17),
    ("MGQ", "SOM", 180, 2.01, 45.30),
    ("MIA", "USA", -300, 25.80, -80.29),
    ("MLA", "MLT", 60, 35.86, 14.48),
    ("MLE", "MDV", 300, 4.19, 73.53),
    ("MNL", "PHL", 480, 14.51, 121.02),
    ("MPM", "MOZ", 120, -25.92, 32.57),
    ("MRS", "FRA", 60, 43.44, 5.22),
    ("MRU", "MUS", 240, -20.43, 57.68),
    ("MSQ", "BLR", 180, 53.88, 28.03),
    ("MUC", "DEU", 60, 48.35, 11.79),
    ("MVD", "URY", -180, -34.84, -56.03),
    ("MXP", "ITA", 60, 45.63, 8.72),
    ("NAP", "ITA", 60, 40.88, 14.29),
    ("NAS", "BHS", -300, 25.04, -77.47),
    ("NBO", "KEN", 180, -1.32, 36.93),
    ("NCE", "FRA", 60, 43.66, 7.21),
    ("NDJ", "TCD", 60, 12.13, 15.03),
    ("NIM", "NER", 60, 13.48, 2.18),
    ("NQZ", "KAZ", 300, 51.02, 71.47),
    ("NRT", "JPN", 540, 35.77, 140.39),
    ("OPO", "PRT", 0, 41.24, -8.68),
    ("ORD", "USA", -360, 41.98, -87.90),
    ("ORY", "FRA", 60, 48.72, 2.38),
    ("OSL", "NOR", 60, 60.19, 11.10),
    ("OTP", "ROU", 120, 44.57, 26.08),
    ("OUA", "BFA", 0, 12.35, -1.51),
    ("PAP", "HTI", -300, 18.58, -72.29),
    ("PBM", "SUR", -180, 5.45, -55.19),
    ("PEK", "CHN", 480, 40.08, 116.58),
    ("PER", "AUS", 480, -31.94, 115.97),
    ("PKX", "CHN", 480, 39.51, 116.41),
    ("PMI", "ESP", 60, 39.55, 2.74),
    ("PNH", "KHM", 420, 11.55, 104.84),
    ("POS", "TTO", -240, 10.60, -61.34),
    ("PRG", "CZE", 60, 50.10, 14.26),
    ("PTP", "GLP", -240, 16.27, -61.53),
    ("PTY", "PAN", -300, 9.07, -79.38),
    ("PUJ", "DOM", -240, 18.57, -68.36),
    ("PVG", "CHN", 480, 31.14, 121.81),
    ("RAK", "MAR", 60, 31.61, -8.04),
    ("REC", "BRA", -180, -8.13, -34.92),
    ("RGN", "MMR", 390, 16.91, 96.13),
    ("RIX", "LVA", 120, 56.92, 23.97),
    ("ROB", "LBR", 0, 6.23, -10.36),
    ("RUH", "SAU", 180, 24.96, 46.70),
    ("SAH", "YEM", 180, 15.48, 44.22),
    ("SAL", "SLV", -360, 13.44, -89.06),
    ("SAW", "TUR", 180, 40.90, 29.31),
    ("SCL", "CHL", -240, -33.39, -70.79),
    ("SDQ", "DOM", -240, 18.43, -69.67),
    ("SEA", "USA", -480, 47.45, -122.31),
    ("SFO", "USA", -480, 37.62, -122.38),
    ("SGN", "VNM", 420, 10.82, 106.66),
    ("SHA", "CHN", 480, 31.20, 121.34),
    ("SHJ", "ARE", 240, 25.33, 55.52),
    ("SIN", "SGP", 480, 1.36, 103.99),
    ("SJJ", "BIH", 60, 43.82, 18.33),
    ("SJO", "CRI", -360, 9.99, -84.20),
    ("SKP", "MKD", 60, 41.96, 21.62),
    ("SOF", "BGR", 120, 42.70, 23.41),
    ("SSA", "BRA", -180, -12.91, -38.33),
    ("SSH", "EGY", 120, 27.98, 34.39),
    ("STN", "GBR", 0, 51.89, 0.24),
    ("STR", "DEU", 60, 48.69, 9.22),
    ("SVO", "RUS", 180, 55.97, 37.41),
    ("SYD", "AUS", 600, -33.95, 151.18),
    ("SZX", "CHN", 480, 22.64, 113.81),
    ("TAS", "UZB", 300, 41.26, 69.28),
    ("TBS", "GEO", 240, 41.67, 44.95),
    ("TGU", "HND", -360, 14.06, -87.22),
    ("TIA", "ALB", 60, 41.41, 19.72),
    ("TIP", "LBY", 120, 32.66, 13.16),
    ("TLL", "EST", 120, 59.41, 24.83),
    ("TLV", "ISR", 120, 32.01, 34.89),
    ("TNR", "MDG", 180, -18.80, 47.48),
    ("TPE", "TWN", 480, 25.08, 121.23),
    ("TUN", "TUN", 60, 36.85, 10.23),
    ("UIO", "ECU", -300, -0.13, -78.36),
    ("ULN", "MNG", 480, 47.65, 106.82),
    ("VCE", "ITA", 60, 45.51, 12.35),
    ("VIE", "AUT", 60, 48.11, 16.57),
    ("VNO", "LTU", 120, 54.63, 25.29),
    ("VTE", "LAO", 420, 17.99, 102.56),
    ("VVI", "BOL", -240, -17.64, -63.14),
    ("WAW", "POL", 60, 52.17, 20.97),
    ("YUL", "CAN", -300, 45.47, -73.74),
    ("YVR", "CAN", -480, 49.19, -123.18),
    ("YYZ", "CAN", -300, 43.68, -79.63),
    ("ZAG", "HRV", 60, 45.74, 16.07),
    ("ZRH", "CHE", 60, 47.46, 8.55),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_unique_and_countries_are_known() {
        for w in AIRPORTS.windows(2) {
            assert!(w[0].iata < w[1].iata, "{} before {}", w[0].iata, w[1].iata);
        }
        for a in AIRPORTS {
            assert_eq!(a.iata.len(), 3);
            let code = crate::pnr::country::to_alpha3(a.country);
            assert_eq!(
                code.as_ref().map(|c| &c[..]),
                Some(a.country.as_bytes()),
                "{} {}",
                a.iata,
                a.country
            );
            assert!((-90.0..=90.0).contains(&a.lat) && (-180.0..=180.0).contains(&a.lon));
            assert!((-720..=840).contains(&a.utc_offset_minutes));
        }
    }

    #[test]
    fn distances_are_plausible() {
        let d = |a: &str, b: &str| {
            distance_km(
                lookup(a).expect("known airport"),
                lookup(b).expect("known airport"),
            )
        };
        // Reference great-circle distances (±3 %).
        for (a, b, km) in [
            ("LHR", "JFK", 5540.0),
            ("FRA", "IST", 1865.0),
            ("CAI", "IST", 1230.0),
        ] {
            let got = d(a, b);
            assert!((got - km).abs() / km < 0.03, "{a}-{b}: {got}");
        }
        assert!(lookup("XXX").is_none());
    }
}
