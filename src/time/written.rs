//! Dates as people write them in documents exported from Google Docs,
//! Confluence or Notion: `2015-10-21`, `2015/10/21`, `Oct 21`, `21 Oct 2015`,
//! `October 21, 2015`, `Wednesday, October 21, 2015`, `Oct. 21st 2015`.
//!
//! [`take_date`] reads one at the start of a text and says where it ended,
//! so callers can go on to read a time after it. A date written without a
//! year takes one from the caller ([`WrittenDate::in_year`]).
//!
//! [`take_time`] does the same for times: `14:05`, `14:05:30`, `9:05`,
//! `2:05 PM`, `2:05pm`, `11:58 a.m.`, `2pm`.

use chrono::{NaiveDate, NaiveTime};

/// A date as written, perhaps without its year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WrittenDate {
    pub year: Option<i32>,
    pub month: u32,
    pub day: u32,
}

impl WrittenDate {
    /// The date, taking `year` when none was written; `None` when the day
    /// does not exist (`February 30`).
    pub fn in_year(self, year: i32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year.unwrap_or(year), self.month, self.day)
    }

    /// The date when its year was written.
    pub fn full(self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year?, self.month, self.day)
    }
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

const WEEKDAYS: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/// The month a word names: the full name or its first three letters
/// (`Sept` too), any case, with an optional trailing `.`.
fn month(word: &str) -> Option<u32> {
    let w = word.trim_end_matches(['.', ',']).to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTHS.iter().position(|m| *m == w || (m.starts_with(&w) && (w.len() == 3 || w == "sept"))).map(|i| i as u32 + 1)
}

fn is_weekday(word: &str) -> bool {
    let w = word.trim_end_matches(['.', ',']).to_ascii_lowercase();
    w.len() >= 3 && WEEKDAYS.iter().any(|d| *d == w || (w.len() == 3 && d.starts_with(&w)))
}

/// A word of the text with its byte range; words are split on spaces and
/// a comma ends the word it follows.
fn words(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
        if out.len() >= 6 {
            return out;
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

/// A day of the month: `21`, `21st`, `2nd`, `21,`, `21**` (bold closing).
fn day(word: &str) -> Option<u32> {
    let w = word.trim_end_matches([',', '.', '*', '_']);
    let w = ["st", "nd", "rd", "th"].iter().find_map(|s| w.strip_suffix(s)).unwrap_or(w);
    (!w.is_empty() && w.len() <= 2 && w.bytes().all(|b| b.is_ascii_digit()))
        .then(|| w.parse().ok())
        .flatten()
        .filter(|d| (1..=31).contains(d))
}

/// A four-digit year: `2015`, `2015,`, `2015**`.
fn year(word: &str) -> Option<i32> {
    let w = word.trim_end_matches([',', '.', '*', '_']);
    (w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit())).then(|| w.parse().ok()).flatten()
}

/// Reads a numeric date `2015-10-21` or `2015/10/21` at the start.
fn numeric(text: &str) -> Option<(WrittenDate, usize)> {
    let b = text.as_bytes();
    if b.len() < 8 || !b[..4].iter().all(u8::is_ascii_digit) || !matches!(b[4], b'-' | b'/') {
        return None;
    }
    let sep = b[4];
    let rest = &text[5..];
    let m_len = rest.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=2).contains(&m_len) || rest.as_bytes().get(m_len) != Some(&sep) {
        return None;
    }
    let rest2 = &rest[m_len + 1..];
    let d_len = rest2.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=2).contains(&d_len) {
        return None;
    }
    let end = 5 + m_len + 1 + d_len;
    // `2015-10-21T14:51` goes on with a time; `2015-10-210` is no date.
    if text[end..].starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let date = WrittenDate {
        year: text[..4].parse().ok(),
        month: rest[..m_len].parse().ok()?,
        day: rest2[..d_len].parse().ok()?,
    };
    date.in_year(2000)?;
    Some((date, end))
}

/// Reads a date at the start of `text`. Returns it with the byte length it
/// took (a trailing comma included), or `None` when the text does not open
/// with a date.
pub fn take_date(text: &str) -> Option<(WrittenDate, usize)> {
    if let Some(found) = numeric(text).or_else(|| slashed(text)) {
        return Some(found);
    }
    let w = words(text);
    let word = |i: usize| w.get(i).map(|(s, e)| &text[*s..*e]);
    let mut i = 0;
    if word(0).is_some_and(is_weekday) {
        i = 1;
    }
    let end_of = |k: usize| w[k].1;
    // Month first: `October 21, 2015`, `Oct 21`, `Oct. 21st 2015`.
    if let Some(m) = word(i).and_then(month) {
        let d = word(i + 1).and_then(day)?;
        let found = match word(i + 2).and_then(year) {
            Some(y) => (WrittenDate { year: Some(y), month: m, day: d }, end_of(i + 2)),
            None => (WrittenDate { year: None, month: m, day: d }, end_of(i + 1)),
        };
        found.0.in_year(2000)?;
        return Some(found);
    }
    // Day first: `21 Oct 2015`, `21st October, 2015`, `21 Oct`.
    let d = word(i).and_then(day)?;
    let m = word(i + 1).and_then(month)?;
    let found = match word(i + 2).and_then(year) {
        Some(y) => (WrittenDate { year: Some(y), month: m, day: d }, end_of(i + 2)),
        None => (WrittenDate { year: None, month: m, day: d }, end_of(i + 1)),
    };
    found.0.in_year(2000)?;
    Some(found)
}

/// A whole text that is one date with its year, in any form [`take_date`]
/// reads (`April 1, 2024`, `2024/04/01`).
pub fn parse_written_date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    let (date, len) = take_date(t)?;
    t[len..].trim().is_empty().then_some(())?;
    date.full()
}

/// Reads a time of day at the start of `text`: `H:MM`, `HH:MM`, `HH:MM:SS`,
/// each optionally followed by a 12-hour marker (`2:05 PM`, `2:05pm`,
/// `11:58 a.m.`), or an hour with a marker alone (`2pm`, `11 AM`). Returns
/// it with the byte length it took. `12:00 AM` is midnight, `12:30 PM`
/// half past noon; a 12-hour time past 12 (`13:05 PM`) is no time.
pub fn take_time(text: &str) -> Option<(NaiveTime, usize)> {
    let b = text.as_bytes();
    let h_len = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if !(1..=2).contains(&h_len) {
        return None;
    }
    let hour: u32 = text[..h_len].parse().ok()?;
    let mut end = h_len;
    let mut minute = None;
    let mut second = 0;
    if b.get(end) == Some(&b':') && two_digits(b, end + 1) {
        minute = Some(u32::from(b[end + 1] - b'0') * 10 + u32::from(b[end + 2] - b'0'));
        end += 3;
        if b.get(end) == Some(&b':') && two_digits(b, end + 1) {
            second = u32::from(b[end + 1] - b'0') * 10 + u32::from(b[end + 2] - b'0');
            end += 3;
        }
        if b.get(end).is_some_and(u8::is_ascii_digit) {
            return None;
        }
    }
    let (pm, marker_len) = match meridiem(&text[end..]) {
        Some(found) => found,
        None => {
            // An hour alone is a number, not a time.
            let minute = minute?;
            return NaiveTime::from_hms_opt(hour, minute, second).map(|t| (t, end));
        }
    };
    if !(1..=12).contains(&hour) {
        return None;
    }
    let hour = match (hour, pm) {
        (12, false) => 0,
        (12, true) => 12,
        (h, false) => h,
        (h, true) => h + 12,
    };
    NaiveTime::from_hms_opt(hour, minute.unwrap_or(0), second).map(|t| (t, end + marker_len))
}

fn two_digits(b: &[u8], at: usize) -> bool {
    b.get(at).is_some_and(u8::is_ascii_digit) && b.get(at + 1).is_some_and(u8::is_ascii_digit)
}

/// `AM`/`PM` at the start (after at most one space): `pm`, ` PM`, ` a.m.`.
/// Returns whether it is PM and the byte length taken.
fn meridiem(text: &str) -> Option<(bool, usize)> {
    let space = usize::from(text.starts_with(' '));
    let t = &text[space..];
    let pm = match t.as_bytes().first()?.to_ascii_lowercase() {
        b'a' => false,
        b'p' => true,
        _ => return None,
    };
    let rest = &t[1..];
    let len = if rest.as_bytes().get(..2).is_some_and(|b| b.eq_ignore_ascii_case(b".m")) {
        if rest[2..].starts_with('.') {
            4
        } else {
            3
        }
    } else if rest.starts_with(['m', 'M']) {
        2
    } else {
        return None;
    };
    // `2:05 pmx` or `2:05 amazon` is not a marker.
    if t[len..].starts_with(|c: char| c.is_alphanumeric()) {
        return None;
    }
    Some((pm, space + len))
}

/// Reads `M/D/YYYY` at the start, as US tools write dates (Etsy Morgue's
/// `10/14/2026 3:12PM`, a spreadsheet's `5/11/2026`), or `D/M/YYYY` when
/// the first number cannot be a month (`20/10/2026`); `warroom timeline`
/// reads a CSV cell's date with it too. The year has four digits.
fn slashed(text: &str) -> Option<(WrittenDate, usize)> {
    let b = text.as_bytes();
    let first = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if !(1..=2).contains(&first) || b.get(first) != Some(&b'/') {
        return None;
    }
    let second = b[first + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
    let at = first + 1 + second;
    if !(1..=2).contains(&second) || b.get(at) != Some(&b'/') {
        return None;
    }
    let year = b[at + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
    let end = at + 1 + year;
    // `5/11/2026` and no more: not `5/11/20261`, not `5/11/2026/3`; a
    // spreadsheet's `5/11/2026T10:00` is a date and a time.
    let time_follows = b.get(end) == Some(&b'T') && b.get(end + 1).is_some_and(u8::is_ascii_digit);
    if year != 4 || (!time_follows && b.get(end).is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'/')) {
        return None;
    }
    let a: u32 = text[..first].parse().ok()?;
    let c: u32 = text[first + 1..at].parse().ok()?;
    let (month, day) = if a > 12 { (c, a) } else { (a, c) };
    let date = WrittenDate { year: text[at + 1..end].parse().ok(), month, day };
    date.in_year(2000)?;
    Some((date, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn every_written_form() {
        for text in [
            "2015-10-21",
            "2015/10/21",
            "2015-10-21,",
            "21 Oct 2015",
            "21 October 2015",
            "21st October, 2015",
            "Oct 21, 2015",
            "Oct. 21 2015",
            "October 21, 2015",
            "october 21st, 2015",
            "Wednesday, October 21, 2015",
            "Wed Oct 21 2015",
        ] {
            let (d, _) = take_date(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(d.full(), Some(ymd(2015, 10, 21)), "{text}");
        }
        assert_eq!(parse_written_date("Sept 3, 2024"), Some(ymd(2024, 9, 3)));
        assert_eq!(parse_written_date("2024/4/1"), Some(ymd(2024, 4, 1)));
    }

    #[test]
    fn us_slashed_dates() {
        // Month first, as Etsy Morgue and US spreadsheets write it; day first
        // only when the first number cannot be a month.
        assert_eq!(parse_written_date("10/14/2026"), Some(ymd(2026, 10, 14)));
        assert_eq!(parse_written_date("5/11/2026"), Some(ymd(2026, 5, 11)));
        assert_eq!(parse_written_date("20/10/2026"), Some(ymd(2026, 10, 20)));
        let text = "05/11/2026 8:02 PM deploy";
        let (d, len) = take_date(text).unwrap();
        assert_eq!(d.full(), Some(ymd(2026, 5, 11)));
        assert_eq!(&text[len..], " 8:02 PM deploy");
        assert_eq!(take_date("5/11/2026T10:00").map(|(_, len)| len), Some(9));
        for text in ["13/13/2026", "2/30/2026", "5/11/26", "5/11/20261", "1/2", "5/11/2026/3", "123/1/2026"] {
            assert_eq!(take_date(text), None, "{text}");
        }
    }

    #[test]
    fn the_rest_of_the_text_is_left() {
        let text = "Oct 21 14:51 deploy";
        let (d, len) = take_date(text).unwrap();
        assert_eq!(d, WrittenDate { year: None, month: 10, day: 21 });
        assert_eq!(&text[len..], " 14:51 deploy");
        assert_eq!(d.in_year(2015), Some(ymd(2015, 10, 21)));
        let text = "March 2, 2026 4:07 PM PST";
        let (d, len) = take_date(text).unwrap();
        assert_eq!(d.full(), Some(ymd(2026, 3, 2)));
        assert_eq!(&text[len..], " 4:07 PM PST");
        let text = "2015-10-21T14:51";
        assert_eq!(&text[take_date(text).unwrap().1..], "T14:51");
    }

    #[test]
    fn not_dates() {
        for text in [
            "",
            "14:05 deploy",
            "May the team",
            "2015-13-01",
            "February 30, 2024",
            "31 Junk",
            "Mar",
            "2015-10-211",
            "12 monkeys",
        ] {
            assert_eq!(parse_written_date(text), None, "{text}");
        }
        assert_eq!(take_date("May the team"), None);
        assert_eq!(take_date("2015-13-01"), None);
    }

    #[test]
    fn times_in_every_form() {
        let t = |h, m, s| NaiveTime::from_hms_opt(h, m, s).unwrap();
        for (text, time, rest) in [
            ("14:05 deploy", t(14, 5, 0), " deploy"),
            ("14:05:30", t(14, 5, 30), ""),
            ("9:05 x", t(9, 5, 0), " x"),
            ("2:05 PM paged", t(14, 5, 0), " paged"),
            ("2:05pm paged", t(14, 5, 0), " paged"),
            ("11:58 a.m. x", t(11, 58, 0), " x"),
            ("11:58 p.m: x", t(23, 58, 0), ": x"),
            ("12:00 AM", t(0, 0, 0), ""),
            ("12:30 PM", t(12, 30, 0), ""),
            ("12:30:15 pm", t(12, 30, 15), ""),
            ("2pm: call", t(14, 0, 0), ": call"),
            ("11 AM", t(11, 0, 0), ""),
            ("14:05: x", t(14, 5, 0), ": x"),
            ("2:05 amazon", t(2, 5, 0), " amazon"),
            ("14:05Z", t(14, 5, 0), "Z"),
        ] {
            let (got, len) = take_time(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!((got, &text[len..]), (time, rest), "{text}");
        }
        for text in ["", "x 14:05", "25:00", "14:60", "13:05 PM", "0:30 am", "2 people", "14:051", "123:00", "14:5"] {
            assert_eq!(take_time(text), None, "{text}");
        }
    }
}
