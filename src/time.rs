//! Time zones, timestamps and durations.
//!
//! Post-mortems write local times; everything derived (ordering, metrics,
//! exports) uses absolute UTC instants. This module owns the conversion,
//! including the two awkward hours of daylight-saving changes.

use chrono::{
    DateTime, Datelike, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Timelike, Utc,
};
use chrono_tz::Tz;

mod abbreviations;
mod written;
pub use abbreviations::{
    abbreviation, ambiguous, utc_plus, zone_from_heading, zone_from_phrase, zone_word, Abbreviation, ABBREVIATIONS,
};
pub use written::{parse_written_date, take_date, take_time, WrittenDate};

/// A time zone as written in front matter or config.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Zone {
    Iana(Tz),
    Fixed(FixedOffset),
}

impl Default for Zone {
    fn default() -> Zone {
        Zone::Fixed(FixedOffset::east_opt(0).expect("zero offset"))
    }
}

impl Zone {
    /// Parses `Europe/Berlin`, `UTC`, `Z`, `+02:00`, `-0530`.
    pub fn parse(text: &str) -> Option<Zone> {
        let t = text.trim();
        if t.eq_ignore_ascii_case("utc") || t == "Z" || t.eq_ignore_ascii_case("gmt") {
            return Some(Zone::default());
        }
        if let Some(offset) = parse_offset(t) {
            return Some(Zone::Fixed(offset));
        }
        t.parse::<Tz>().ok().map(Zone::Iana)
    }

    /// The zone's name for display: `Europe/Berlin` or `+02:00`.
    pub fn name(&self) -> String {
        match self {
            Zone::Iana(tz) => tz.name().to_string(),
            Zone::Fixed(o) if o.local_minus_utc() == 0 => "UTC".to_string(),
            Zone::Fixed(o) => o.to_string(),
        }
    }

    /// Converts a local wall-clock time to UTC. In the repeated hour of a
    /// DST change the earlier instant is taken; a time in the skipped hour
    /// does not exist and is an error.
    pub fn to_utc(&self, local: NaiveDateTime) -> Result<DateTime<Utc>, String> {
        match self {
            Zone::Fixed(o) => single(o.from_local_datetime(&local), local, &self.name()),
            Zone::Iana(tz) => single(tz.from_local_datetime(&local), local, &self.name()),
        }
    }

    /// Formats an instant as local wall-clock time with the zone abbreviation.
    pub fn format_local(&self, at: DateTime<Utc>, fmt: &str) -> (String, String) {
        match self {
            Zone::Fixed(o) => {
                let l = at.with_timezone(o);
                let abbr = if o.local_minus_utc() == 0 { "UTC".to_string() } else { o.to_string() };
                (local_text(l.naive_local(), fmt), abbr)
            }
            Zone::Iana(tz) => {
                let l = at.with_timezone(tz);
                let abbr = l.offset().to_string();
                let abbr = if abbr.starts_with(['+', '-']) { l.offset().fix().to_string() } else { abbr };
                (local_text(l.naive_local(), fmt), abbr)
            }
        }
    }

    /// The local calendar date of an instant.
    pub fn local_date(&self, at: DateTime<Utc>) -> NaiveDate {
        match self {
            Zone::Fixed(o) => at.with_timezone(o).date_naive(),
            Zone::Iana(tz) => at.with_timezone(tz).date_naive(),
        }
    }
}

/// `YYYY-MM-DD`. Rendering formats dates tens of thousands of times, and
/// chrono's `format` re-parses its pattern on every call.
pub fn ymd(d: NaiveDate) -> String {
    let mut out = String::with_capacity(20);
    push_ymd(&mut out, d);
    out
}

/// `YYYY-MM-DD HH:MM`.
pub fn ymd_hm(t: NaiveDateTime) -> String {
    let mut out = String::with_capacity(20);
    push_ymd(&mut out, t.date());
    out.push(' ');
    push_clock(&mut out, t.time(), false);
    out
}

/// `HH:MM`, or `HH:MM:SS` when the seconds are not zero.
pub fn clock(t: NaiveTime) -> String {
    let mut out = String::with_capacity(8);
    push_clock(&mut out, t, t.second() != 0);
    out
}

/// Appends `HH:MM`, or `HH:MM:SS` with `seconds`.
fn push_clock(out: &mut String, t: NaiveTime, seconds: bool) {
    push_two(out, t.hour());
    out.push(':');
    push_two(out, t.minute());
    if seconds {
        out.push(':');
        push_two(out, t.second());
    }
}

/// Appends `YYYY-MM-DD` (the year as `{:04}` writes it, sign included).
fn push_ymd(out: &mut String, d: NaiveDate) {
    match u32::try_from(d.year()) {
        Ok(y) if y <= 9999 => {
            push_two(out, y / 100);
            push_two(out, y % 100);
        }
        _ => {
            use std::fmt::Write as _;
            let _ = write!(out, "{:04}", d.year());
        }
    }
    out.push('-');
    push_two(out, d.month());
    out.push('-');
    push_two(out, d.day());
}

/// Appends a number below 100 as two digits.
fn push_two(out: &mut String, n: u32) {
    out.push(char::from(b'0' + (n / 10 % 10) as u8));
    out.push(char::from(b'0' + (n % 10) as u8));
}

/// RFC 3339 in UTC to the second: `YYYY-MM-DDTHH:MM:SSZ`.
pub fn iso_utc(at: DateTime<Utc>) -> String {
    let t = at.naive_utc();
    let mut out = String::with_capacity(20);
    push_ymd(&mut out, t.date());
    out.push('T');
    push_clock(&mut out, t.time(), true);
    out.push('Z');
    out
}

/// A local time in `fmt`, with the common pattern formatted directly.
fn local_text(t: NaiveDateTime, fmt: &str) -> String {
    if fmt == "%Y-%m-%d %H:%M" {
        ymd_hm(t)
    } else {
        t.format(fmt).to_string()
    }
}

fn single<T: TimeZone>(r: LocalResult<DateTime<T>>, local: NaiveDateTime, zone: &str) -> Result<DateTime<Utc>, String> {
    match r {
        LocalResult::Single(t) => Ok(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(earliest, _) => Ok(earliest.with_timezone(&Utc)),
        LocalResult::None => Err(format!(
            "{} does not exist in {zone} (the clocks skip it for daylight saving)",
            local.format("%Y-%m-%d %H:%M")
        )),
    }
}

/// Parses `+02:00`, `-05:30`, `+0200`, `+02`.
pub fn parse_offset(t: &str) -> Option<FixedOffset> {
    let (sign, rest) = match t.as_bytes().first()? {
        b'+' => (1, &t[1..]),
        b'-' => (-1, &t[1..]),
        _ => return None,
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    if !digits.chars().all(|c| c.is_ascii_digit()) || !(digits.len() == 2 || digits.len() == 4) || rest.len() > 5 {
        return None;
    }
    let h: i32 = digits[..2].parse().ok()?;
    let m: i32 = if digits.len() == 4 { digits[2..].parse().ok()? } else { 0 };
    if h > 18 || m > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

/// Parses a `YYYY-MM-DD` date.
///
/// The usual spelling is read directly: chrono's `parse_from_str` reads its
/// format string anew on every call. Other 10-character spellings chrono
/// takes for `%Y-%m-%d` (`+999-01-01`, `2024- 3- 1`) still go through it.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    if t.len() != 10 {
        return None;
    }
    let b = t.as_bytes();
    if b[4] == b'-' && b[7] == b'-' {
        if let (Some(y), Some(m), Some(d)) = (digits(&b[..4]), digits(&b[5..7]), digits(&b[8..])) {
            return NaiveDate::from_ymd_opt(y as i32, m, d);
        }
    }
    // chrono reads nothing but digits, signs, the dashes and spaces here.
    if !t.chars().all(|c| c.is_ascii_digit() || c == '-' || c == '+' || c.is_whitespace()) {
        return None;
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d").ok()
}

/// Parses `HH:MM` or `HH:MM:SS`.
///
/// Two-digit fields are read directly; other spellings chrono takes (`9:05`)
/// and leap seconds (`23:59:60`) go through chrono.
pub fn parse_clock(text: &str) -> Option<NaiveTime> {
    let t = text.trim();
    let ok_shape = matches!(t.len(), 4 | 5 | 7 | 8) && t.contains(':');
    if !ok_shape {
        return None;
    }
    let b = t.as_bytes();
    if b.len() >= 5 && b[2] == b':' {
        if let (Some(h), Some(m)) = (digits(&b[..2]), digits(&b[3..5])) {
            match b.get(5..) {
                Some([]) => return NaiveTime::from_hms_opt(h, m, 0),
                Some([b':', sec @ ..]) => {
                    if let Some(s) = digits(sec).filter(|s| *s != 60) {
                        return NaiveTime::from_hms_opt(h, m, s);
                    }
                }
                _ => {}
            }
        }
    }
    // chrono reads nothing but digits, the colons and spaces here.
    if !t.chars().all(|c| c.is_ascii_digit() || c == ':' || c.is_whitespace()) {
        return None;
    }
    NaiveTime::parse_from_str(t, "%H:%M:%S").or_else(|_| NaiveTime::parse_from_str(t, "%H:%M")).ok()
}

/// The value of a run of ASCII digits; `None` if any byte is not one.
fn digits(bytes: &[u8]) -> Option<u32> {
    bytes.iter().try_fold(0u32, |n, b| b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0')))
}

/// Parses a front matter timestamp: RFC 3339, or `YYYY-MM-DD HH:MM[:SS]`
/// (also with `T`) in `zone`, optionally followed by a zone of its own.
pub fn parse_timestamp(text: &str, zone: &Zone) -> Result<DateTime<Utc>, String> {
    let t = text.trim();
    if let Ok(dt) = DateTime::parse_from_rfc3339(t) {
        return Ok(dt.with_timezone(&Utc));
    }
    let (date_part, rest) = t.split_at(t.find([' ', 'T']).unwrap_or(t.len()));
    let date = parse_date(date_part).ok_or_else(|| format!("`{t}` is not a timestamp"))?;
    let rest = rest.trim_start_matches(['T', ' ']);
    let (clock, own_zone) = split_clock_and_zone(rest);
    let clock = parse_clock(clock).ok_or_else(|| format!("`{t}` is not a timestamp"))?;
    let zone = match own_zone {
        Some(z) => Zone::parse(z).ok_or_else(|| format!("`{z}` is not a time zone"))?,
        None => *zone,
    };
    zone.to_utc(date.and_time(clock))
}

/// Splits `14:05`, `14:05 UTC`, `14:05+02:00`, `14:05Z` into the clock and
/// an optional zone text.
pub fn split_clock_and_zone(text: &str) -> (&str, Option<&str>) {
    let t = text.trim();
    if let Some(space) = t.find(' ') {
        let (c, z) = t.split_at(space);
        return (c, Some(z.trim()).filter(|z| !z.is_empty()));
    }
    if let Some(stripped) = t.strip_suffix('Z') {
        return (stripped, Some("Z"));
    }
    // An offset glued to the clock: find a sign after the first colon.
    if let Some(i) = t.char_indices().skip(3).find(|(_, c)| *c == '+' || *c == '-').map(|(i, _)| i) {
        return (&t[..i], Some(&t[i..]));
    }
    (t, None)
}

/// A length of time for humans: `45s`, `12m`, `1h 05m`, `2d 3h`.
pub fn human_duration(seconds: i64) -> String {
    let neg = seconds < 0;
    let s = seconds.unsigned_abs();
    let text = if s < 60 {
        format!("{s}s")
    } else if s < 3600 {
        format!("{}m", s / 60)
    } else if s < 86_400 {
        format!("{}h {:02}m", s / 3600, (s % 3600) / 60)
    } else {
        format!("{}d {}h", s / 86_400, (s % 86_400) / 3600)
    };
    if neg {
        format!("-{text}")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn direct_formatters_match_chrono() {
        let at = Utc.with_ymd_and_hms(2026, 3, 9, 7, 5, 4).unwrap();
        assert_eq!(ymd(at.date_naive()), at.format("%Y-%m-%d").to_string());
        assert_eq!(ymd_hm(at.naive_utc()), at.format("%Y-%m-%d %H:%M").to_string());
        assert_eq!(iso_utc(at), at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
        assert_eq!(clock(at.time()), "07:05:04");
        assert_eq!(clock(NaiveTime::from_hms_opt(23, 0, 0).unwrap()), "23:00");
        assert_eq!(ymd(NaiveDate::from_ymd_opt(7, 1, 2).unwrap()), "0007-01-02");
    }

    use super::*;

    /// The direct formatters write what `format!` writes.
    #[test]
    fn direct_formatting_matches_format() {
        for (y, m, d) in
            [(2026, 11, 23), (1, 1, 1), (0, 2, 29), (-44, 3, 15), (9999, 12, 31), (10000, 1, 1), (-10000, 6, 9)]
        {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(ymd(date), format!("{:04}-{:02}-{:02}", y, m, d));
            for (h, min, sec) in [(0, 0, 0), (9, 5, 7), (23, 59, 59), (12, 30, 0)] {
                let t = date.and_hms_opt(h, min, sec).unwrap();
                assert_eq!(ymd_hm(t), format!("{:04}-{:02}-{:02} {h:02}:{min:02}", y, m, d));
                assert_eq!(iso_utc(t.and_utc()), format!("{:04}-{:02}-{:02}T{h:02}:{min:02}:{sec:02}Z", y, m, d));
                let c = if sec == 0 { format!("{h:02}:{min:02}") } else { format!("{h:02}:{min:02}:{sec:02}") };
                assert_eq!(clock(t.time()), c);
            }
        }
    }

    #[test]
    fn zones_parse() {
        assert!(matches!(Zone::parse("Europe/Berlin"), Some(Zone::Iana(_))));
        assert_eq!(Zone::parse("+02:00").unwrap().name(), "+02:00");
        assert_eq!(Zone::parse("UTC").unwrap().name(), "UTC");
        assert!(Zone::parse("Mars/Olympus").is_none());
        assert!(Zone::parse("+25:00").is_none());
    }

    #[test]
    fn timestamps_in_zone_and_rfc3339() {
        let berlin = Zone::parse("Europe/Berlin").unwrap();
        let t = parse_timestamp("2024-03-01 14:05", &berlin).unwrap();
        assert_eq!(t.to_rfc3339(), "2024-03-01T13:05:00+00:00");
        let t = parse_timestamp("2024-07-01T14:05:00+02:00", &Zone::default()).unwrap();
        assert_eq!(t.to_rfc3339(), "2024-07-01T12:05:00+00:00");
        let t = parse_timestamp("2024-07-01 14:05 UTC", &berlin).unwrap();
        assert_eq!(t.to_rfc3339(), "2024-07-01T14:05:00+00:00");
        assert!(parse_timestamp("yesterday", &berlin).is_err());
        assert!(parse_timestamp("2024-02-30 10:00", &berlin).is_err());
    }

    #[test]
    fn dst_gap_is_an_error_and_overlap_takes_earliest() {
        let berlin = Zone::parse("Europe/Berlin").unwrap();
        assert!(parse_timestamp("2024-03-31 02:30", &berlin).is_err());
        let t = parse_timestamp("2024-10-27 02:30", &berlin).unwrap();
        assert_eq!(t.to_rfc3339(), "2024-10-27T00:30:00+00:00");
    }

    /// Dates and clocks as chrono reads them, to check the direct readers.
    fn chrono_date(t: &str) -> Option<NaiveDate> {
        let t = t.trim();
        (t.len() == 10).then(|| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok()).flatten()
    }

    fn chrono_clock(t: &str) -> Option<NaiveTime> {
        let t = t.trim();
        if !(matches!(t.len(), 4 | 5 | 7 | 8) && t.contains(':')) {
            return None;
        }
        NaiveTime::parse_from_str(t, "%H:%M:%S").or_else(|_| NaiveTime::parse_from_str(t, "%H:%M")).ok()
    }

    #[test]
    fn dates_read_directly_as_chrono_reads_them() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(parse_date("2024-03-01"), d(2024, 3, 1));
        assert_eq!(parse_date(" 2024-02-29 "), d(2024, 2, 29));
        assert_eq!(parse_date("0000-01-01"), d(0, 1, 1));
        assert_eq!(parse_date("+999-01-01"), d(999, 1, 1));
        assert_eq!(parse_date("2024- 3- 1"), d(2024, 3, 1));
        for bad in ["2023-02-29", "2024-13-01", "2024-00-10", "2024-01-00", "2024-01-32", "2024-1-01", "2024/01/01"] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
        for bad in ["", "2024-03-01x", "20240301", "２０２４-03-01", "yesterday", "2024-03-01 10:00", "abcd-ef-gh"]
        {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
        for odd in ["-999-01-01", "+2024-1-01", "2024-+1-01", " 2024-1-1 ", "2024-1- 1", "2024-\u{a0}1-1", "12:37 [sta"]
        {
            assert_eq!(parse_date(odd), chrono_date(odd), "{odd}");
        }
        // Every month and day field, and years around the edges.
        for y in ["0000", "0001", "1969", "1999", "2000", "2024", "2100", "9999"] {
            for m in 0..=13 {
                for day in 0..=32 {
                    let t = format!("{y}-{m:02}-{day:02}");
                    assert_eq!(parse_date(&t), chrono_date(&t), "{t}");
                }
            }
        }
    }

    #[test]
    fn clocks_read_directly_as_chrono_reads_them() {
        let t = |h, m, s| NaiveTime::from_hms_opt(h, m, s);
        assert_eq!(parse_clock("14:05"), t(14, 5, 0));
        assert_eq!(parse_clock("00:00:00"), t(0, 0, 0));
        assert_eq!(parse_clock("23:59:59"), t(23, 59, 59));
        assert_eq!(parse_clock("9:05"), t(9, 5, 0));
        assert_eq!(parse_clock("23:59:60"), chrono_clock("23:59:60"));
        assert!(parse_clock("23:59:60").is_some(), "a leap second, as chrono reads it");
        for bad in ["24:00", "12:60", "25:00:00", "12:00:61", "1405", "14-05", "ab:cd", "14:05:", "14:05 UTC", ""] {
            assert_eq!(parse_clock(bad), None, "{bad}");
        }
        for h in 0..=25 {
            for m in [0, 1, 9, 10, 30, 59, 60, 99] {
                let hm = format!("{h:02}:{m:02}");
                assert_eq!(parse_clock(&hm), chrono_clock(&hm), "{hm}");
                for s in [0, 1, 30, 59, 60, 61, 99] {
                    let hms = format!("{hm}:{s:02}");
                    assert_eq!(parse_clock(&hms), chrono_clock(&hms), "{hms}");
                }
            }
        }
        for odd in ["1 :2", "1: 2", "\u{a0}1:02", "1:\u{3000}2", "-1:02", "1:02\u{a0}", "1:0x"] {
            assert_eq!(parse_clock(odd), chrono_clock(odd), "{odd}");
        }
        for odd in [
            "1:2:3", "01:2:3", "1:02:03", "+1:02", " 14:05 ", "14:0５", "12:3", "14:5", "12:345", "12:34:5", "12:34x56",
        ] {
            assert_eq!(parse_clock(odd), chrono_clock(odd), "{odd}");
        }
    }

    proptest::proptest! {
        #[test]
        fn odd_dates_and_clocks_read_as_chrono_reads_them(t in "[0-9 +:\\-\u{a0}x]{3,11}") {
            proptest::prop_assert_eq!(parse_date(&t), chrono_date(&t), "{:?}", t);
            proptest::prop_assert_eq!(parse_clock(&t), chrono_clock(&t), "{:?}", t);
        }
    }

    #[test]
    fn bad_timestamps_say_what_is_wrong() {
        let utc = Zone::default();
        assert_eq!(parse_timestamp("2024-02-30 10:00", &utc).unwrap_err(), "`2024-02-30 10:00` is not a timestamp");
        assert_eq!(parse_timestamp("2024-03-01 25:00", &utc).unwrap_err(), "`2024-03-01 25:00` is not a timestamp");
        assert_eq!(parse_timestamp("2024-03-01", &utc).unwrap_err(), "`2024-03-01` is not a timestamp");
        assert_eq!(parse_timestamp("2024-03-01 10:00 Mars/Base", &utc).unwrap_err(), "`Mars/Base` is not a time zone");
        assert_eq!(parse_timestamp("2024-03-01 10:00:30", &utc).unwrap().to_rfc3339(), "2024-03-01T10:00:30+00:00");
        assert_eq!(parse_timestamp("2024-03-01T10:00", &utc).unwrap().to_rfc3339(), "2024-03-01T10:00:00+00:00");
    }

    #[test]
    fn durations_read_well() {
        assert_eq!(human_duration(42), "42s");
        assert_eq!(human_duration(600), "10m");
        assert_eq!(human_duration(3900), "1h 05m");
        assert_eq!(human_duration(93_600), "1d 2h");
    }

    #[test]
    fn local_format_has_abbreviation() {
        let ny = Zone::parse("America/New_York").unwrap();
        let t = parse_timestamp("2024-07-01 09:00", &ny).unwrap();
        let (s, abbr) = ny.format_local(t, "%H:%M");
        assert_eq!(s, "09:00");
        assert_eq!(abbr, "EDT");
    }
}
