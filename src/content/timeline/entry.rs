//! One timeline line as written: `[date] time [zone] [separator] [[label]]
//! text`, and the lines that hold only a date (`**October 21, 2015**`,
//! `2015-10-21 (all times UTC)`).
//!
//! Reading here knows nothing of the lines around: a date without a year, a
//! zone abbreviation that must agree with the date, and the zone the entry
//! falls back to are settled by the caller.

use std::collections::BTreeMap;

use chrono::NaiveTime;

use super::Milestone;
use crate::time::{self, WrittenDate, Zone};

/// The zone an entry names after its time.
#[derive(Debug, Clone, PartialEq)]
pub enum ZoneMark {
    /// `Z`, `UTC`, an offset, an IANA name, or an abbreviation the config adds.
    Zone(Zone),
    /// An abbreviation of the built-in table (checked against the date later).
    Abbreviation(&'static time::Abbreviation),
    /// An all-caps word that looks like a zone abbreviation but is not one
    /// warroom knows.
    Unknown(String),
}

/// An entry as written, before dates are carried forward.
#[derive(Debug, Clone, PartialEq)]
pub struct RawEntry {
    pub date: Option<WrittenDate>,
    pub clock: NaiveTime,
    pub zone: Option<ZoneMark>,
    pub milestone: Option<Milestone>,
    /// The entry's text (Markdown) after the time and label.
    pub text: String,
}

/// All-caps words that end like a zone abbreviation but are words of an
/// incident timeline (`14:05 POST /login fails`).
const NOT_ZONES: &[&str] = &[
    "AT", "IT", "GET", "PUT", "POST", "REST", "TEST", "LIST", "HOST", "BOT", "GIT", "LAST", "FIRST", "JUST", "MUST",
    "BEST", "MOST", "LOST", "COST", "PAST", "FAST", "EAST", "BURST", "TRUST", "BOOST", "GHOST", "WORST", "NOT", "OUT",
    "BUT", "SET", "LET", "YET", "HIT", "CUT", "KIT", "ACT", "EXIT", "EDIT", "UNIT", "WAIT", "CERT", "PORT", "SORT",
    "SENT", "WENT", "NEXT", "TEXT", "CHAT", "QUIT", "BOLT",
];

/// Parses the text of one entry. `None` when it does not start with a time
/// (after an optional date). `extra` holds the config's abbreviations.
pub fn parse_entry(text: &str, extra: &BTreeMap<String, Zone>) -> Option<RawEntry> {
    let mut s = text.trim();
    let mut milestone = None;
    if let Some((m, rest)) = take_label(s) {
        milestone = Some(m);
        s = rest;
    }
    s = strip_emphasis(s);
    s = s.strip_prefix(['[', '(', '~']).unwrap_or(s);
    let mut date = None;
    let mut iso = false;
    if let Some((d, len)) = time::take_date(s) {
        date = Some(d);
        iso = s[len..].starts_with('T');
        s = after_date(&s[len..]);
    }
    let (clock, len) = time::take_time(s)?;
    let with_seconds = s[..len].matches(':').count() == 2;
    s = &s[len..];
    let mut zone = None;
    if let Some(rest) = s.strip_prefix('Z').filter(|r| !r.starts_with(char::is_alphanumeric)) {
        zone = Some(ZoneMark::Zone(Zone::default()));
        s = rest;
    } else if let Some((offset, rest)) = glued_offset(s, iso || with_seconds) {
        zone = Some(ZoneMark::Zone(Zone::Fixed(offset)));
        s = rest;
    }
    s = strip_closers(s);
    if zone.is_none() {
        if let Some((mark, rest)) = zone_after(s, extra) {
            zone = Some(mark);
            s = strip_closers(rest);
        }
    }
    // Azure's post-incident reviews write the date after the time:
    // `02:45 UTC on 25 January 2023 – impact began`.
    if date.is_none() {
        let after_on = s.trim_start().strip_prefix("on ");
        if let Some((rest, (d, len))) = after_on.and_then(|r| time::take_date(r).map(|found| (r, found))) {
            date = Some(d);
            s = &rest[len..];
        }
    }
    s = strip_separator(s.trim_start());
    if milestone.is_none() {
        if let Some((m, rest)) = take_label(s) {
            milestone = Some(m);
            s = strip_separator(rest.trim_start());
        }
    }
    let mut text = s.trim().to_string();
    if milestone.is_none() {
        if let Some((m, range)) = label_within(&text) {
            milestone = Some(m);
            let after = text[range.end..].trim_start().to_string();
            text.truncate(range.start);
            let before = text.trim_end();
            text = match (before.is_empty(), after.is_empty()) {
                (true, _) => after,
                (false, true) => before.trim_end_matches(['—', '–', '|']).trim_end().to_string(),
                (false, false) => format!("{before} {after}"),
            };
        }
    }
    Some(RawEntry { date, clock, zone, milestone, text })
}

/// A milestone label later in the text (`Latency alert fires [detected]`,
/// a table cell `[mitigated] Traffic shifted`), not a link (`[resolved](…)`).
fn label_within(text: &str) -> Option<(Milestone, std::ops::Range<usize>)> {
    let mut from = 0;
    while let Some(open) = text[from..].find('[').map(|i| i + from) {
        let close = open + text[open..].find(']')?;
        let is_link = text[close + 1..].starts_with(['(', '[']);
        if let Some(m) = Milestone::parse(&text[open + 1..close]).filter(|_| !is_link) {
            return Some((m, open..close + 1));
        }
        from = open + 1;
    }
    None
}

/// What follows a date before its time: `T`, `, `, ` at `, emphasis.
fn after_date(s: &str) -> &str {
    let s = s.strip_prefix('T').filter(|r| r.starts_with(|c: char| c.is_ascii_digit())).unwrap_or(s);
    let s = s.trim_start_matches(['*', '_', ',', ' ']);
    let s = s.strip_prefix("at ").or_else(|| s.strip_prefix("@ ")).unwrap_or(s);
    s.trim_start_matches(['*', '_', ' '])
}

/// An offset glued to the time: `+02:00`, `+0200`, and with `minus` (ISO
/// dates, or times with seconds) `-07:00`: `14:05-14:30` is a range.
fn glued_offset(s: &str, minus: bool) -> Option<(chrono::FixedOffset, &str)> {
    if !(s.starts_with('+') || (minus && s.starts_with('-'))) {
        return None;
    }
    let end = 1 + s[1..].find(|c: char| !(c.is_ascii_digit() || c == ':')).unwrap_or(s.len() - 1);
    Some((time::parse_offset(&s[..end])?, &s[end..]))
}

/// A zone word after the time, with the text after it: `UTC`, `(PST)`,
/// `Europe/Berlin`, `-0500`, `UTC+2`, an abbreviation.
fn zone_after<'a>(s: &'a str, extra: &BTreeMap<String, Zone>) -> Option<(ZoneMark, &'a str)> {
    let s = s.trim_start();
    let end = s.find(char::is_whitespace).unwrap_or(s.len());
    let raw = &s[..end];
    let word = raw.trim_start_matches('(').trim_end_matches([',', ')', ':', '|', '.', '*', '`', ';']);
    let rest = &s[end..];
    if word.is_empty() {
        return None;
    }
    // `14:05 UTC: x` keeps its separator for the text.
    let rest = if raw.ends_with(':') && !word.ends_with(':') { &s[end - 1..] } else { rest };
    let upper = word.to_ascii_uppercase();
    let all_caps = word.bytes().all(|b| b.is_ascii_uppercase());
    if let Some(z) = extra.get(&upper).filter(|_| all_caps) {
        return Some((ZoneMark::Zone(*z), rest));
    }
    if word.eq_ignore_ascii_case("utc") || word.eq_ignore_ascii_case("gmt") {
        return Some((ZoneMark::Zone(Zone::default()), rest));
    }
    if let Some(o) = time::utc_plus(word).filter(|_| !word.starts_with(['+', '-']) || word.len() >= 5) {
        return Some((ZoneMark::Zone(Zone::Fixed(o)), rest));
    }
    if word.contains('/') && word.starts_with(char::is_uppercase) {
        return word.parse().ok().map(|tz| (ZoneMark::Zone(Zone::Iana(tz)), rest));
    }
    if !(2..=5).contains(&word.len()) || !all_caps {
        return None;
    }
    if let Some(a) = time::abbreviation(word).filter(|a| a.name != "Z") {
        return Some((ZoneMark::Abbreviation(a), rest));
    }
    if time::ambiguous(word).is_some() {
        return Some((ZoneMark::Unknown(word.to_string()), rest));
    }
    let next = rest.trim_start();
    let ends_phrase = next.is_empty() || next.starts_with(['—', '–', '-', ':', '|', ')', ',']) || raw != word;
    let looks_like_zone = word.len() >= 3
        && (word.ends_with("ST") || word.ends_with("DT") || (word.ends_with('T') && word.len() <= 4 && ends_phrase));
    (looks_like_zone && !NOT_ZONES.contains(&word)).then(|| (ZoneMark::Unknown(word.to_string()), rest))
}

/// A line that holds only a date, perhaps with a zone: `**October 21,
/// 2015**`, `2015-10-21 (all times UTC)`, `Wednesday, Oct 21:`, `Oct 22 PDT`.
pub fn date_line(text: &str, extra: &BTreeMap<String, Zone>) -> Option<(WrittenDate, Option<Zone>)> {
    let marks = ['*', '_', '`', ' ', '\t', '\n'];
    let t = text.trim().trim_start_matches('#').trim_matches(marks).trim_end_matches(':').trim_matches(marks);
    let (date, len) = time::take_date(t)?;
    let rest = t[len..].trim_matches(marks).trim_start_matches(['—', '–', '-', ',']).trim_matches(marks);
    let rest = rest.trim_end_matches(':').trim_end();
    if rest.is_empty() {
        return Some((date, None));
    }
    if let Some(inner) = rest.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        return Some((date, time::zone_from_phrase(inner, extra)));
    }
    if !rest.contains(char::is_whitespace) {
        return time::zone_word(rest, extra).map(|z| (date, Some(z)));
    }
    None
}

/// Whether a line opens like a time (`25:00`, `9:7`), readable or not.
pub fn looks_timed(text: &str) -> bool {
    let t = strip_emphasis(text.trim());
    let t = t.strip_prefix(['[', '(', '~']).unwrap_or(t);
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    (1..=2).contains(&digits) && t[digits..].starts_with(':')
}

pub(super) fn strip_emphasis(s: &str) -> &str {
    // `trim_start_matches("**")`, without building a substring searcher each time.
    fn stars(mut s: &str) -> &str {
        while let Some(rest) = s.strip_prefix("**") {
            s = rest;
        }
        s
    }
    stars(stars(s.trim_start()).trim_start_matches('`')).trim_start()
}

/// Closes what opened before the time: `**14:05**`, `` `14:05` ``, `[14:05]`.
fn strip_closers(s: &str) -> &str {
    s.trim_start_matches(['*', '_', '`', ']', ')'])
}

fn strip_separator(s: &str) -> &str {
    for sep in ["—", "–", "-", ":", "|"] {
        if let Some(rest) = s.strip_prefix(sep) {
            return rest.trim_start();
        }
    }
    s
}

fn take_label(s: &str) -> Option<(Milestone, &str)> {
    let inner = s.strip_prefix('[')?;
    let close = inner.find(']')?;
    let m = Milestone::parse(&inner[..close])?;
    Some((m, inner[close + 1..].trim_start()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Option<RawEntry> {
        parse_entry(text, &BTreeMap::new())
    }

    fn hm(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn wd(year: Option<i32>, month: u32, day: u32) -> Option<WrittenDate> {
        Some(WrittenDate { year, month, day })
    }

    #[test]
    fn entry_forms() {
        let e = parse("14:05 Alerts fire").unwrap();
        assert_eq!(e.clock.to_string(), "14:05:00");
        assert_eq!(e.text, "Alerts fire");
        let e = parse("14:05:30 — Paged").unwrap();
        assert_eq!(e.clock.to_string(), "14:05:30");
        assert_eq!(e.text, "Paged");
        let e = parse("2024-03-01 23:58 | Deploy").unwrap();
        assert_eq!(e.date, wd(Some(2024), 3, 1));
        assert_eq!(e.text, "Deploy");
        let e = parse("**14:05** [detected] - Pager fires").unwrap();
        assert_eq!(e.milestone, Some(Milestone::Detected));
        assert_eq!(e.text, "Pager fires");
        let e = parse("[resolved] 15:00: All clear").unwrap();
        assert_eq!(e.milestone, Some(Milestone::Resolved));
        assert_eq!(e.text, "All clear");
        let e = parse("14:05 UTC: x").unwrap();
        assert_eq!(e.zone, Some(ZoneMark::Zone(Zone::default())));
        assert_eq!(e.text, "x");
        let e = parse("14:05+02:00 x").unwrap();
        assert_eq!(e.zone, Some(ZoneMark::Zone(Zone::parse("+02:00").unwrap())));
        assert!(parse("Around lunch, things broke").is_none());
        assert!(parse("25:00 nope").is_none());
        assert!(parse("").is_none());
    }

    #[test]
    fn labels_later_in_the_text() {
        let e = parse("10:02 AM **Latency alert fires** [detected]").unwrap();
        assert_eq!((e.milestone, e.text.as_str()), (Some(Milestone::Detected), "**Latency alert fires**"));
        let e = parse("17:40 | ana — [mitigated] Traffic shifted").unwrap();
        assert_eq!((e.milestone, e.text.as_str()), (Some(Milestone::Mitigated), "ana — Traffic shifted"));
        let e = parse("17:40 see [resolved](https://tickets/1)").unwrap();
        assert_eq!(e.milestone, None);
    }

    #[test]
    fn twelve_hour_times() {
        for (text, clock) in [
            ("2:05 PM Cache cluster evicts", hm(14, 5)),
            ("2:05pm Cache cluster evicts", hm(14, 5)),
            ("11:58 a.m. — Cache cluster evicts", hm(11, 58)),
            ("12:00 AM Cache cluster evicts", hm(0, 0)),
            ("12:30 PM: Cache cluster evicts", hm(12, 30)),
            ("**3:15 PM** Cache cluster evicts", hm(15, 15)),
        ] {
            let e = parse(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!((e.clock, e.text.as_str()), (clock, "Cache cluster evicts"), "{text}");
        }
    }

    #[test]
    fn date_forms_before_the_time() {
        for (text, date) in [
            ("Oct 21 14:51 queue backs up", wd(None, 10, 21)),
            ("21 Oct 2015 14:51 queue backs up", wd(Some(2015), 10, 21)),
            ("2015/10/21 14:51 queue backs up", wd(Some(2015), 10, 21)),
            ("2015-10-21 14:51 queue backs up", wd(Some(2015), 10, 21)),
            ("Wednesday, October 21, 2015 14:51 queue backs up", wd(Some(2015), 10, 21)),
            ("October 21, 2015 at 2:51 PM queue backs up", wd(Some(2015), 10, 21)),
            ("**Oct 21** 14:51 — queue backs up", wd(None, 10, 21)),
        ] {
            let e = parse(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!((e.date, e.clock, e.text.as_str()), (date, hm(14, 51), "queue backs up"), "{text}");
        }
        let e = parse("2015-10-21T14:51:00Z queue backs up").unwrap();
        assert_eq!((e.date, e.zone), (wd(Some(2015), 10, 21), Some(ZoneMark::Zone(Zone::default()))));
        let e = parse("2015-10-21T14:51-07:00 queue backs up").unwrap();
        assert_eq!(e.zone, Some(ZoneMark::Zone(Zone::parse("-07:00").unwrap())));
        assert!(parse("Oct 21: the queue backed up").is_none());
        let e = parse("02:45 UTC on 25 January 2023 – Customer impact began").unwrap();
        assert_eq!((e.date, e.text.as_str()), (wd(Some(2023), 1, 25), "Customer impact began"));
        assert_eq!(e.zone, Some(ZoneMark::Zone(Zone::default())));
    }

    #[test]
    fn combined_forms_and_abbreviations() {
        let e = parse("March 2, 2026 4:07 PM PST Failover starts").unwrap();
        assert_eq!(e.date, wd(Some(2026), 3, 2));
        assert_eq!(e.clock, hm(16, 7));
        assert_eq!(e.zone, Some(ZoneMark::Abbreviation(time::abbreviation("PST").unwrap())));
        assert_eq!(e.text, "Failover starts");
        let e = parse("16:07 (CEST) Failover starts").unwrap();
        assert_eq!(e.zone, Some(ZoneMark::Abbreviation(time::abbreviation("CEST").unwrap())));
        assert_eq!(e.text, "Failover starts");
        let e = parse("16:07 Europe/Berlin Failover starts").unwrap();
        assert!(matches!(e.zone, Some(ZoneMark::Zone(Zone::Iana(_)))));
        let e = parse("16:07 UTC+2 Failover starts").unwrap();
        assert_eq!(e.zone, Some(ZoneMark::Zone(Zone::parse("+02:00").unwrap())));
        let e = parse("16:07 XYST Failover starts").unwrap();
        assert_eq!(e.zone, Some(ZoneMark::Unknown("XYST".into())));
        let e = parse("16:07 IST Failover starts").unwrap();
        assert_eq!(e.zone, Some(ZoneMark::Unknown("IST".into())));
        let extra = BTreeMap::from([("IST".to_string(), Zone::parse("+05:30").unwrap())]);
        let e = parse_entry("16:07 IST Failover starts", &extra).unwrap();
        assert_eq!(e.zone, Some(ZoneMark::Zone(Zone::parse("+05:30").unwrap())));
    }

    #[test]
    fn capital_words_that_are_not_zones_stay_text() {
        for text in [
            "14:05 DNS fails",
            "14:05 API errors climb",
            "14:05 POST /login returns 500",
            "14:05 ALERT: disk full",
            "14:05 SRE paged",
            "14:05 GET requests time out",
            "14:05 IT desk calls",
            "14:05 BOT: deploy finished",
            "14:05 - 14:30 maintenance window",
        ] {
            let e = parse(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(e.zone, None, "{text}");
            assert!(text.ends_with(&e.text), "{text}: {}", e.text);
        }
    }

    #[test]
    fn date_lines() {
        let none = BTreeMap::new();
        assert_eq!(date_line("**October 21, 2015**", &none), Some((wd(Some(2015), 10, 21).unwrap(), None)));
        assert_eq!(
            date_line("2015-10-21 (all times UTC)", &none),
            Some((wd(Some(2015), 10, 21).unwrap(), Some(Zone::default())))
        );
        assert_eq!(date_line("Wednesday, Oct 21:", &none), Some((wd(None, 10, 21).unwrap(), None)));
        assert!(date_line("Oct 22 PDT", &none).unwrap().1.is_some());
        assert_eq!(date_line("October 21, 2015 was a long day", &none), None);
        assert_eq!(date_line("14:05 deploy", &none), None);
    }

    #[test]
    fn emphasis_is_stripped_as_before() {
        let before = |s: &str| {
            s.trim_start()
                .trim_start_matches("**")
                .trim_start_matches('`')
                .trim_start_matches("**")
                .trim_start()
                .to_string()
        };
        for s in ["**14:05**", " ***x", "****`` **y", "`*`", "** ` x", "x**", "", "*", "**", "`**`**", " \u{a0}**a"] {
            assert_eq!(strip_emphasis(s), before(s), "{s:?}");
        }
    }
}
