//! Zone abbreviations (`PST`, `CEST`) and the phrases people use to name a
//! zone for a whole timeline ("All times are UTC", "times in Pacific").
//!
//! An abbreviation names one offset, standard or summer time, of one IANA
//! zone. Written beside a date, it must be the one that zone kept on that
//! date: `PST` on a July date in Los Angeles is a mistake worth reporting,
//! because the reader cannot tell whether the clock or the label is wrong.
//! Abbreviations that mean different places (`IST`: India, Ireland or
//! Israel) are left out; `timezone_abbreviations:` in the config adds them.

use std::collections::BTreeMap;

use chrono::{FixedOffset, LocalResult, NaiveDateTime, Offset, TimeZone};
use chrono_tz::Tz;

use super::{parse_offset, Zone};

/// One entry of [`ABBREVIATIONS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Abbreviation {
    /// As written, uppercase: `PST`.
    pub name: &'static str,
    /// Minutes east of UTC; `None` for a generic name (`PT`) that follows
    /// the zone's daylight saving.
    pub offset_minutes: Option<i32>,
    /// The IANA zone it belongs to.
    pub zone: &'static str,
}

/// The zone abbreviations warroom reads, each with its UTC offset and the
/// IANA zone whose standard or summer time it names.
///
/// | abbreviation | offset | zone |
/// |---|---|---|
/// | UTC, UT, Z, GMT | +00:00 | Etc/UTC (no daylight saving) |
/// | BST | +01:00 | Europe/London (summer) |
/// | WET / WEST | +00:00 / +01:00 | Europe/Lisbon |
/// | CET / CEST | +01:00 / +02:00 | Europe/Berlin |
/// | EET / EEST | +02:00 / +03:00 | Europe/Athens |
/// | MSK | +03:00 | Europe/Moscow |
/// | NST / NDT | -03:30 / -02:30 | America/St_Johns |
/// | AST / ADT | -04:00 / -03:00 | America/Halifax |
/// | EST / EDT, ET | -05:00 / -04:00 | America/New_York |
/// | CST / CDT, CT | -06:00 / -05:00 | America/Chicago |
/// | MST / MDT, MT | -07:00 / -06:00 | America/Denver |
/// | PST / PDT, PT | -08:00 / -07:00 | America/Los_Angeles |
/// | AKST / AKDT | -09:00 / -08:00 | America/Anchorage |
/// | HST | -10:00 | Pacific/Honolulu |
/// | SAST | +02:00 | Africa/Johannesburg |
/// | SGT | +08:00 | Asia/Singapore |
/// | HKT | +08:00 | Asia/Hong_Kong |
/// | AWST | +08:00 | Australia/Perth |
/// | JST | +09:00 | Asia/Tokyo |
/// | KST | +09:00 | Asia/Seoul |
/// | ACST / ACDT | +09:30 / +10:30 | Australia/Adelaide |
/// | AEST / AEDT | +10:00 / +11:00 | Australia/Sydney |
/// | NZST / NZDT | +12:00 / +13:00 | Pacific/Auckland |
///
/// `ET`, `CT`, `MT` and `PT` name no offset: they follow the zone's daylight
/// saving. `CST` is US Central, not China; `IST` is left out (India, Ireland
/// and Israel all use it).
pub const ABBREVIATIONS: &[Abbreviation] = &[
    abbr("UTC", 0, "Etc/UTC"),
    abbr("UT", 0, "Etc/UTC"),
    abbr("Z", 0, "Etc/UTC"),
    abbr("GMT", 0, "Etc/UTC"),
    abbr("BST", 60, "Europe/London"),
    abbr("WET", 0, "Europe/Lisbon"),
    abbr("WEST", 60, "Europe/Lisbon"),
    abbr("CET", 60, "Europe/Berlin"),
    abbr("CEST", 120, "Europe/Berlin"),
    abbr("EET", 120, "Europe/Athens"),
    abbr("EEST", 180, "Europe/Athens"),
    abbr("MSK", 180, "Europe/Moscow"),
    abbr("NST", -210, "America/St_Johns"),
    abbr("NDT", -150, "America/St_Johns"),
    abbr("AST", -240, "America/Halifax"),
    abbr("ADT", -180, "America/Halifax"),
    abbr("EST", -300, "America/New_York"),
    abbr("EDT", -240, "America/New_York"),
    generic("ET", "America/New_York"),
    abbr("CST", -360, "America/Chicago"),
    abbr("CDT", -300, "America/Chicago"),
    generic("CT", "America/Chicago"),
    abbr("MST", -420, "America/Denver"),
    abbr("MDT", -360, "America/Denver"),
    generic("MT", "America/Denver"),
    abbr("PST", -480, "America/Los_Angeles"),
    abbr("PDT", -420, "America/Los_Angeles"),
    generic("PT", "America/Los_Angeles"),
    abbr("AKST", -540, "America/Anchorage"),
    abbr("AKDT", -480, "America/Anchorage"),
    abbr("HST", -600, "Pacific/Honolulu"),
    abbr("SAST", 120, "Africa/Johannesburg"),
    abbr("SGT", 480, "Asia/Singapore"),
    abbr("HKT", 480, "Asia/Hong_Kong"),
    abbr("AWST", 480, "Australia/Perth"),
    abbr("JST", 540, "Asia/Tokyo"),
    abbr("KST", 540, "Asia/Seoul"),
    abbr("ACST", 570, "Australia/Adelaide"),
    abbr("ACDT", 630, "Australia/Adelaide"),
    abbr("AEST", 600, "Australia/Sydney"),
    abbr("AEDT", 660, "Australia/Sydney"),
    abbr("NZST", 720, "Pacific/Auckland"),
    abbr("NZDT", 780, "Pacific/Auckland"),
];

const fn abbr(name: &'static str, minutes: i32, zone: &'static str) -> Abbreviation {
    Abbreviation { name, offset_minutes: Some(minutes), zone }
}

const fn generic(name: &'static str, zone: &'static str) -> Abbreviation {
    Abbreviation { name, offset_minutes: None, zone }
}

/// Abbreviations people write that mean more than one place, with what they
/// may mean, so the error can say why warroom does not guess.
const AMBIGUOUS: &[(&str, &str)] =
    &[("IST", "India (+05:30), Ireland (+01:00) or Israel (+02:00)"), ("BT", "Baghdad or Bhutan time")];

/// The built-in abbreviation spelled `name` (uppercase).
pub fn abbreviation(name: &str) -> Option<&'static Abbreviation> {
    ABBREVIATIONS.iter().find(|a| a.name == name)
}

/// What an ambiguous abbreviation may mean, for the error message.
pub fn ambiguous(name: &str) -> Option<&'static str> {
    AMBIGUOUS.iter().find(|(n, _)| *n == name).map(|(_, m)| *m)
}

impl Abbreviation {
    /// The IANA zone it belongs to.
    pub fn tz(&self) -> Tz {
        self.zone.parse().unwrap_or(Tz::UTC)
    }

    /// The offset it names, `None` for `PT` and the like.
    pub fn offset(&self) -> Option<FixedOffset> {
        FixedOffset::east_opt(self.offset_minutes? * 60)
    }

    /// The zone an entry written with it is in: its fixed offset, or the
    /// IANA zone for a generic name.
    pub fn entry_zone(&self) -> Zone {
        match self.offset() {
            Some(o) if o.local_minus_utc() == 0 => Zone::default(),
            Some(o) => Zone::Fixed(o),
            None => Zone::Iana(self.tz()),
        }
    }

    /// The zone it means for a whole timeline: its IANA zone (`PST` means
    /// Los Angeles, summer or not).
    pub fn section_zone(&self) -> Zone {
        if self.zone == "Etc/UTC" {
            Zone::default()
        } else {
            Zone::Iana(self.tz())
        }
    }

    /// Checks it against the offset its zone kept at a local time: `Err`
    /// with a sentence saying what it means and what the zone kept then.
    pub fn check(&self, local: NaiveDateTime) -> Result<(), String> {
        let Some(offset) = self.offset() else {
            return Ok(());
        };
        let tz = self.tz();
        // In the repeated hour of a change back both offsets are right.
        let kept = match tz.offset_from_local_datetime(&local) {
            LocalResult::Single(o) => o.fix(),
            LocalResult::Ambiguous(a, b) if a.fix() == offset || b.fix() == offset => return Ok(()),
            LocalResult::Ambiguous(a, _) => a.fix(),
            LocalResult::None => return Ok(()),
        };
        if kept == offset {
            return Ok(());
        }
        let kept_name = ABBREVIATIONS
            .iter()
            .find(|a| a.zone == self.zone && a.offset() == Some(kept))
            .map(|a| format!("{} (UTC{kept})", a.name))
            .unwrap_or_else(|| format!("UTC{kept}"));
        let write = ABBREVIATIONS
            .iter()
            .find(|a| a.zone == self.zone && a.offset() == Some(kept))
            .map(|a| format!("write {} or the offset", a.name))
            .unwrap_or_else(|| "write the offset".to_string());
        Err(format!(
            "{} is UTC{offset}, but on {} {} keeps {kept_name}; {write}",
            self.name,
            super::ymd(local.date()),
            city(self.zone)
        ))
    }
}

/// `America/Los_Angeles` → `Los Angeles`.
fn city(zone: &str) -> String {
    zone.rsplit('/').next().unwrap_or(zone).replace('_', " ")
}

/// The US zone names people write for a whole timeline.
const REGION_NAMES: &[(&str, &str)] = &[
    ("pacific", "America/Los_Angeles"),
    ("mountain", "America/Denver"),
    ("central", "America/Chicago"),
    ("eastern", "America/New_York"),
];

/// The zone one word names for a whole timeline: `UTC`, `PST` (its IANA
/// zone), `Pacific`, `Europe/Berlin`, `+02:00`, `UTC+2`, or an abbreviation
/// from the config (`extra`, uppercase keys).
pub fn zone_word(word: &str, extra: &BTreeMap<String, Zone>) -> Option<Zone> {
    let w = word.trim_matches(|c: char| matches!(c, '(' | ')' | '.' | ',' | ';' | ':' | '*' | '_' | '`'));
    if w.is_empty() {
        return None;
    }
    let upper = w.to_ascii_uppercase();
    if let Some(z) = extra.get(&upper) {
        return Some(*z);
    }
    if w.eq_ignore_ascii_case("utc") || w.eq_ignore_ascii_case("gmt") || w == "Z" {
        return Some(Zone::default());
    }
    if w.len() >= 2 && w.bytes().all(|b| b.is_ascii_uppercase()) {
        if let Some(a) = abbreviation(w) {
            return Some(a.section_zone());
        }
    }
    if let Some((_, zone)) = REGION_NAMES.iter().find(|(n, _)| w.eq_ignore_ascii_case(n)) {
        return zone.parse().ok().map(Zone::Iana);
    }
    if let Some(offset) = utc_plus(w) {
        return Some(Zone::Fixed(offset));
    }
    if w.contains('/') {
        return w.parse::<Tz>().ok().map(Zone::Iana);
    }
    None
}

/// `UTC+2`, `GMT-05:00`, `UTC+5:30`, or a bare `+02:00`.
pub fn utc_plus(word: &str) -> Option<FixedOffset> {
    let rest = ["UTC", "GMT", "utc", "gmt"].iter().find_map(|p| word.strip_prefix(p)).unwrap_or(word);
    if let Some(o) = parse_offset(rest) {
        return Some(o);
    }
    // One-digit hours: `+2`, `-5`, `+5:30`.
    let (sign, digits) = match rest.as_bytes().first()? {
        b'+' => (1, &rest[1..]),
        b'-' => (-1, &rest[1..]),
        _ => return None,
    };
    let (h, m) = digits.split_once(':').unwrap_or((digits, "00"));
    if h.is_empty() || h.len() > 2 || m.len() != 2 || !h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
    (h <= 14 && m < 60).then(|| FixedOffset::east_opt(sign * (h * 3600 + m * 60))).flatten()
}

/// Words that may stand between "times" and the zone: "All times are in UTC",
/// "times shown in Pacific".
const FILLER: &[&str] = &[
    "are",
    "is",
    "in",
    "shown",
    "currently",
    "given",
    "listed",
    "written",
    "expressed",
    "below",
    "above",
    "here",
    "the",
    "local",
    "reported",
    "recorded",
    "use",
    "using",
    "zone",
    "timezone",
    "time",
];

/// The zone a phrase names for a whole timeline: "All times are UTC", "all
/// times in PST", "All times Pacific", "times in America/New_York", "Time
/// zone: CET", or the zone alone (`PDT`, `UTC`). `None` when it names none.
pub fn zone_from_phrase(text: &str, extra: &BTreeMap<String, Zone>) -> Option<Zone> {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() == 1 || (words.len() == 2 && words[1].trim_end_matches(['.', ')']).eq_ignore_ascii_case("time")) {
        return zone_word(words[0], extra);
    }
    for (i, w) in words.iter().enumerate() {
        let lw = w.trim_matches(|c: char| !c.is_alphanumeric()).to_ascii_lowercase();
        let opens = matches!(lw.as_str(), "times" | "timestamps" | "timezone") || (lw == "zone" && i > 0);
        if !opens {
            continue;
        }
        let mut rest = words[i + 1..].iter().map(|w| w.trim_end_matches([':', ',']));
        let found = rest.find(|w| !FILLER.contains(&w.to_ascii_lowercase().as_str()));
        if let Some(z) = found.and_then(|w| zone_word(w, extra)) {
            return Some(z);
        }
    }
    None
}

/// The zone a heading names in a trailing parenthesis: `Timeline (all times
/// UTC)`, `Timeline (PDT)`, `Timeline (times in America/New_York)`.
pub fn zone_from_heading(title: &str, extra: &BTreeMap<String, Zone>) -> Option<Zone> {
    let t = title.trim().trim_end_matches([':', '.']).trim_end();
    let inner = t.strip_suffix(')')?;
    let open = inner.rfind('(')?;
    zone_from_phrase(&inner[open + 1..], extra)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(y: i32, m: u32, d: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d).unwrap().and_hms_opt(12, 0, 0).unwrap()
    }

    #[test]
    fn every_zone_in_the_table_exists() {
        for a in ABBREVIATIONS {
            assert!(a.zone.parse::<Tz>().is_ok(), "{}", a.zone);
            assert_eq!(a.name, a.name.to_ascii_uppercase());
        }
    }

    #[test]
    fn summer_and_winter_abbreviations_are_checked_against_the_date() {
        let pst = abbreviation("PST").unwrap();
        assert!(pst.check(at(2024, 1, 10)).is_ok());
        let err = pst.check(at(2024, 7, 4)).unwrap_err();
        assert_eq!(
            err,
            "PST is UTC-08:00, but on 2024-07-04 Los Angeles keeps PDT (UTC-07:00); write PDT or the offset"
        );
        assert!(abbreviation("PDT").unwrap().check(at(2024, 1, 10)).is_err());
        assert!(abbreviation("CEST").unwrap().check(at(2024, 7, 4)).is_ok());
        assert!(abbreviation("CET").unwrap().check(at(2024, 7, 4)).unwrap_err().contains("keeps CEST"));
        // Sydney's summer is in January.
        assert!(abbreviation("AEDT").unwrap().check(at(2025, 1, 15)).is_ok());
        assert!(abbreviation("GMT").unwrap().check(at(2025, 7, 15)).is_ok());
        assert!(abbreviation("PT").unwrap().check(at(2025, 7, 15)).is_ok());
        assert!(abbreviation("HST").unwrap().check(at(2025, 7, 15)).is_ok());
        // 01:30 on the night Los Angeles falls back happens twice.
        let repeated = NaiveDate::from_ymd_opt(2024, 11, 3).unwrap().and_hms_opt(1, 30, 0).unwrap();
        assert!(pst.check(repeated).is_ok());
        assert!(abbreviation("PDT").unwrap().check(repeated).is_ok());
    }

    #[test]
    fn phrases_name_zones() {
        let none = BTreeMap::new();
        let la = Some(Zone::Iana("America/Los_Angeles".parse().unwrap()));
        assert_eq!(zone_from_phrase("All times are UTC.", &none), Some(Zone::default()));
        assert_eq!(zone_from_phrase("All times in PST", &none), la);
        assert_eq!(zone_from_phrase("All times Pacific", &none), la);
        assert_eq!(zone_from_phrase("all times are shown in Pacific time.", &none), la);
        assert_eq!(
            zone_from_phrase("Times in America/New_York", &none),
            Some(Zone::Iana("America/New_York".parse().unwrap()))
        );
        assert_eq!(zone_from_phrase("Time zone: CET", &none), Some(Zone::Iana("Europe/Berlin".parse().unwrap())));
        assert_eq!(zone_from_phrase("All times UTC+2", &none), Zone::parse("+02:00"));
        assert_eq!(zone_from_phrase("We spent many times in meetings", &none), None);
        assert_eq!(zone_from_phrase("The deploy went out", &none), None);
        let extra = BTreeMap::from([("AEST".to_string(), Zone::parse("+10:00").unwrap())]);
        assert_eq!(zone_from_phrase("all times AEST", &extra), Zone::parse("+10:00"));
    }

    #[test]
    fn headings_name_zones_in_a_trailing_parenthesis() {
        let none = BTreeMap::new();
        assert_eq!(zone_from_heading("Timeline (all times UTC)", &none), Some(Zone::default()));
        assert_eq!(
            zone_from_heading("Timeline (PDT)", &none),
            Some(Zone::Iana("America/Los_Angeles".parse().unwrap()))
        );
        assert_eq!(
            zone_from_heading("Timeline (times in America/New_York):", &none),
            Some(Zone::Iana("America/New_York".parse().unwrap()))
        );
        assert_eq!(zone_from_heading("Timeline", &none), None);
        assert_eq!(zone_from_heading("Timeline (approximate)", &none), None);
    }
}
