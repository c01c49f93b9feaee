//! Dates as people write them in documents exported from Google Docs,
//! Confluence or Notion: `2015-10-21`, `2015/10/21`, `Oct 21`, `21 Oct 2015`,
//! `October 21, 2015`, `Wednesday, October 21, 2015`, `Oct. 21st 2015`.
//!
//! [`take_date`] reads one at the start of a text and says where it ended,
//! so callers can go on to read a time after it. A date written without a
//! year takes one from the caller ([`WrittenDate::in_year`]).

use chrono::NaiveDate;

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

/// A day of the month: `21`, `21st`, `2nd`, `21,`.
fn day(word: &str) -> Option<u32> {
    let w = word.trim_end_matches([',', '.']);
    let w = ["st", "nd", "rd", "th"].iter().find_map(|s| w.strip_suffix(s)).unwrap_or(w);
    (!w.is_empty() && w.len() <= 2 && w.bytes().all(|b| b.is_ascii_digit()))
        .then(|| w.parse().ok())
        .flatten()
        .filter(|d| (1..=31).contains(d))
}

/// A four-digit year: `2015`, `2015,`.
fn year(word: &str) -> Option<i32> {
    let w = word.trim_end_matches([',', '.']);
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
    if let Some(found) = numeric(text) {
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
}
