//! The timeline: list items or table rows → entries at absolute UTC instants.
//!
//! An entry is `[date] time [zone] [separator] [[milestone]] text`. Entries
//! without a date take the previous entry's date (the first takes the
//! post-mortem's `date`); an entry that goes back in time without a new date
//! is reported, never silently wrapped past midnight.

use chrono::{DateTime, NaiveDate, NaiveTime, Timelike, Utc};

use crate::content::body::Section;
use crate::diagnostic::Diagnostic;
use crate::time::{self, Zone};

/// A milestone label that can supply a front matter timestamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Milestone {
    Started,
    Detected,
    Acknowledged,
    Mitigated,
    Resolved,
}

impl Milestone {
    pub const ALL: [Milestone; 5] =
        [Milestone::Started, Milestone::Detected, Milestone::Acknowledged, Milestone::Mitigated, Milestone::Resolved];

    pub fn as_str(self) -> &'static str {
        match self {
            Milestone::Started => "started",
            Milestone::Detected => "detected",
            Milestone::Acknowledged => "acknowledged",
            Milestone::Mitigated => "mitigated",
            Milestone::Resolved => "resolved",
        }
    }

    fn parse(label: &str) -> Option<Milestone> {
        let label = label.trim();
        [
            (Milestone::Started, "started", "start"),
            (Milestone::Detected, "detected", "detect"),
            (Milestone::Acknowledged, "acknowledged", "acknowledge"),
            (Milestone::Mitigated, "mitigated", "mitigate"),
            (Milestone::Resolved, "resolved", "resolve"),
        ]
        .into_iter()
        .find(|(_, word, short)| label.eq_ignore_ascii_case(word) || label.eq_ignore_ascii_case(short))
        .map(|(m, ..)| m)
    }
}

/// An entry as written, before dates are carried forward.
#[derive(Debug, Clone, PartialEq)]
pub struct RawEntry {
    pub date: Option<NaiveDate>,
    pub clock: NaiveTime,
    pub zone: Option<Zone>,
    pub milestone: Option<Milestone>,
    /// The entry's text (Markdown) after the time and label.
    pub text: String,
}

/// A resolved timeline entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub line: usize,
    /// Local date and clock as written (or carried forward).
    pub date: NaiveDate,
    pub clock: NaiveTime,
    /// The entry's own zone when it names one.
    pub zone: Option<Zone>,
    pub at: DateTime<Utc>,
    pub milestone: Option<Milestone>,
    pub text: String,
}

/// Parses the text of one entry. `None` when it does not start with a time.
pub fn parse_entry(text: &str) -> Option<RawEntry> {
    let mut s = text.trim();
    let mut milestone = None;
    if let Some((m, rest)) = take_label(s) {
        milestone = Some(m);
        s = rest;
    }
    s = strip_emphasis(s);
    let mut date = None;
    if s.len() >= 10 && s.is_char_boundary(10) {
        if let Some(d) = time::parse_date(&s[..10]) {
            date = Some(d);
            s = s[10..].trim_start_matches([' ', 'T', ',']);
            s = strip_emphasis(s);
        }
    }
    let mut clock_len = s.find(|c: char| !(c.is_ascii_digit() || c == ':')).unwrap_or(s.len());
    if s[..clock_len].ends_with(':') {
        clock_len -= 1;
    }
    let clock = time::parse_clock(&s[..clock_len])?;
    s = &s[clock_len..];
    let mut zone = None;
    // A zone glued on (`14:05Z`, `14:05+02:00`) or after a space (`14:05 UTC`).
    if let Some(rest) = s.strip_prefix('Z').filter(|r| r.is_empty() || r.starts_with([' ', '*', '`'])) {
        zone = Some(Zone::default());
        s = rest;
    } else if s.starts_with(['+', '-']) && s[1..].starts_with(|c: char| c.is_ascii_digit()) {
        let end = 1 + s[1..].find(|c: char| !(c.is_ascii_digit() || c == ':')).unwrap_or(s.len() - 1);
        zone = Some(Zone::Fixed(time::parse_offset(&s[..end])?));
        s = &s[end..];
    }
    s = strip_emphasis(s);
    if zone.is_none() {
        let word_end = s.find(' ').unwrap_or(s.len());
        let word = s[..word_end].trim_end_matches([',', ')', ':', '|']);
        let looks_like_zone =
            matches!(word, "UTC" | "GMT" | "Z") || (word.contains('/') && word.starts_with(char::is_uppercase));
        if looks_like_zone {
            if let Some(z) = Zone::parse(word.trim_start_matches('(')) {
                zone = Some(z);
                s = s[word_end..].trim_start();
            }
        }
    }
    s = s.trim_start();
    s = strip_separator(s);
    if milestone.is_none() {
        if let Some((m, rest)) = take_label(s) {
            milestone = Some(m);
            s = strip_separator(rest.trim_start());
        }
    }
    Some(RawEntry { date, clock, zone, milestone, text: s.trim().to_string() })
}

fn strip_emphasis(s: &str) -> &str {
    // `trim_start_matches("**")`, without building a substring searcher each time.
    fn stars(mut s: &str) -> &str {
        while let Some(rest) = s.strip_prefix("**") {
            s = rest;
        }
        s
    }
    stars(stars(s.trim_start()).trim_start_matches('`')).trim_start()
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

/// The raw items of a timeline section: its first list or table, whichever comes first.
/// Returns `(line, text)` pairs and the byte range of the block.
pub fn items(section: &Section) -> (Vec<(usize, String)>, Option<std::ops::Range<usize>>) {
    let list = section.lists.first().filter(|l| !l.items.is_empty());
    let table = section.tables.first().filter(|t| !t.rows.is_empty());
    let use_table = match (list, table) {
        (Some(l), Some(t)) => t.range.start < l.range.start,
        (None, Some(_)) => true,
        _ => false,
    };
    if use_table {
        let t = table.expect("checked above");
        let rows = t
            .rows
            .iter()
            .map(|r| {
                let head = r.cells.first().cloned().unwrap_or_default();
                let rest: Vec<&str> = r.cells.iter().skip(1).map(String::as_str).filter(|c| !c.is_empty()).collect();
                (r.line, format!("{head} | {}", rest.join(" — ")))
            })
            .collect();
        (rows, Some(t.range.clone()))
    } else if let Some(l) = list {
        (l.items.iter().map(|i| (i.line, i.text.clone())).collect(), Some(l.range.clone()))
    } else {
        (Vec::new(), None)
    }
}

/// Parses and resolves entries, reporting unreadable and out-of-order ones.
pub fn resolve(
    items: &[(usize, String)],
    start_date: Option<NaiveDate>,
    zone: &Zone,
    file: &str,
) -> (Vec<Entry>, Vec<Diagnostic>) {
    let mut entries: Vec<Entry> = Vec::with_capacity(items.len());
    let mut diags = Vec::new();
    let mut current = start_date;
    for (line, text) in items {
        let Some(raw) = parse_entry(text) else {
            let shown: String = text.chars().take(40).collect();
            diags.push(
                Diagnostic::new(
                    "timeline-entry-invalid",
                    file,
                    *line,
                    format!("timeline entry `{shown}` has no readable time"),
                )
                .hint("start each entry with a time: `- 14:05 what happened` or `- 2024-03-01 23:58 what happened`"),
            );
            continue;
        };
        let date = match raw.date.or(current) {
            Some(d) => d,
            None => {
                diags.push(
                    Diagnostic::new("timeline-entry-invalid", file, *line, "timeline entry has no date to count from")
                        .hint("give the post-mortem a `date:` or write this entry's date: `- 2024-03-01 14:05 ...`"),
                );
                continue;
            }
        };
        current = Some(date);
        let entry_zone = raw.zone.unwrap_or(*zone);
        let at = match entry_zone.to_utc(date.and_time(raw.clock)) {
            Ok(at) => at,
            Err(e) => {
                diags.push(
                    Diagnostic::new("timeline-entry-invalid", file, *line, e)
                        .hint("check the time around the daylight-saving change, or write it in UTC: `02:30 UTC`"),
                );
                continue;
            }
        };
        if let Some(prev) = entries.last() {
            if at < prev.at {
                let mut d = Diagnostic::new(
                    "timeline-out-of-order",
                    file,
                    *line,
                    format!(
                        "timeline entry at {} is earlier than the entry before it ({}, line {})",
                        fmt_local(date, raw.clock),
                        fmt_local(prev.date, prev.clock),
                        prev.line
                    ),
                );
                if raw.date.is_none() {
                    let next = date.succ_opt().unwrap_or(date);
                    let wrapped = prev.clock.hour() >= 18 && raw.clock.hour() < 12;
                    let lead = if wrapped {
                        "if the incident went past midnight"
                    } else {
                        "put the entries in the order they happened; if this one is on a later day"
                    };
                    d = d.hint(format!(
                        "{lead}, write the date: `- {} {} ...`",
                        next.format("%Y-%m-%d"),
                        raw.clock.format("%H:%M")
                    ));
                } else {
                    d = d.hint("put the entries in the order they happened");
                }
                diags.push(d);
            }
        }
        entries.push(Entry {
            line: *line,
            date,
            clock: raw.clock,
            zone: raw.zone,
            at,
            milestone: raw.milestone,
            text: raw.text,
        });
    }
    (entries, diags)
}

fn fmt_local(date: NaiveDate, clock: NaiveTime) -> String {
    // `trim_end_matches(":00")` would eat the minutes of `11:00:00` too.
    let fmt = if clock.second() == 0 { "%H:%M" } else { "%H:%M:%S" };
    format!("{} {}", date.format("%Y-%m-%d"), clock.format(fmt))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        time::parse_date(s).unwrap()
    }

    #[test]
    fn entry_forms() {
        let e = parse_entry("14:05 Alerts fire").unwrap();
        assert_eq!(e.clock.to_string(), "14:05:00");
        assert_eq!(e.text, "Alerts fire");
        let e = parse_entry("14:05:30 — Paged").unwrap();
        assert_eq!(e.clock.to_string(), "14:05:30");
        assert_eq!(e.text, "Paged");
        let e = parse_entry("2024-03-01 23:58 | Deploy").unwrap();
        assert_eq!(e.date, Some(d("2024-03-01")));
        assert_eq!(e.text, "Deploy");
        let e = parse_entry("**14:05** [detected] - Pager fires").unwrap();
        assert_eq!(e.milestone, Some(Milestone::Detected));
        assert_eq!(e.text, "Pager fires");
        let e = parse_entry("[resolved] 15:00: All clear").unwrap();
        assert_eq!(e.milestone, Some(Milestone::Resolved));
        assert_eq!(e.text, "All clear");
        let e = parse_entry("14:05 UTC: x").unwrap();
        assert_eq!(e.zone, Some(Zone::default()));
        let e = parse_entry("14:05+02:00 x").unwrap();
        assert_eq!(e.zone.unwrap().name(), "+02:00");
        assert!(parse_entry("Around lunch, things broke").is_none());
        assert!(parse_entry("25:00 nope").is_none());
        assert!(parse_entry("").is_none());
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

    #[test]
    fn milestone_labels_in_any_case() {
        for (label, m) in [
            ("started", Some(Milestone::Started)),
            (" START ", Some(Milestone::Started)),
            ("Detected", Some(Milestone::Detected)),
            ("detect", Some(Milestone::Detected)),
            ("MITIGATE", Some(Milestone::Mitigated)),
            ("mitigated", Some(Milestone::Mitigated)),
            ("Resolved", Some(Milestone::Resolved)),
            ("resolve", Some(Milestone::Resolved)),
            ("resolveD ", Some(Milestone::Resolved)),
            ("resolving", None),
            ("", None),
            ("ſtart", None),
        ] {
            assert_eq!(Milestone::parse(label), m, "{label:?}");
        }
    }

    #[test]
    fn carries_dates_across_midnight() {
        let items = vec![
            (1, "23:50 deploy".to_string()),
            (2, "23:58 errors".to_string()),
            (3, "2024-03-02 00:10 rollback".to_string()),
            (4, "00:20 all clear".to_string()),
        ];
        let (entries, diags) = resolve(&items, Some(d("2024-03-01")), &Zone::default(), "f.md");
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(entries[3].at.to_rfc3339(), "2024-03-02T00:20:00+00:00");
    }

    #[test]
    fn silent_wrap_is_out_of_order_with_hint() {
        let items = vec![(1, "23:50 deploy".to_string()), (2, "00:10 rollback".to_string())];
        let (_, diags) = resolve(&items, Some(d("2024-03-01")), &Zone::default(), "f.md");
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].rule, "timeline-out-of-order");
        assert_eq!(diags[0].line, 2);
        assert!(diags[0].hint.as_deref().unwrap().contains("2024-03-02 00:10"));
    }

    #[test]
    fn out_of_order_message_keeps_whole_hours() {
        let items = vec![(1, "11:00 a".to_string()), (2, "09:50 b".to_string())];
        let (_, diags) = resolve(&items, Some(d("2024-03-01")), &Zone::default(), "f.md");
        assert!(diags[0].message.contains("(2024-03-01 11:00, line 1)"), "{}", diags[0].message);
    }

    #[test]
    fn dst_fall_back_and_spring_forward() {
        let berlin = Zone::parse("Europe/Berlin").unwrap();
        // Spring forward: 01:59 CET then 03:01 CEST are two minutes apart.
        let items = vec![(1, "01:59 a".to_string()), (2, "03:01 b".to_string())];
        let (e, diags) = resolve(&items, Some(d("2024-03-31")), &berlin, "f.md");
        assert!(diags.is_empty());
        assert_eq!((e[1].at - e[0].at).num_minutes(), 2);
        // A time inside the skipped hour is reported.
        let items = vec![(1, "02:30 a".to_string())];
        let (_, diags) = resolve(&items, Some(d("2024-03-31")), &berlin, "f.md");
        assert_eq!(diags[0].rule, "timeline-entry-invalid");
    }

    #[test]
    fn entry_zone_overrides() {
        let ny = Zone::parse("America/New_York").unwrap();
        let items = vec![(1, "10:00 a".to_string()), (2, "15:40 UTC b".to_string()), (3, "11:45 c".to_string())];
        let (e, diags) = resolve(&items, Some(d("2025-10-08")), &ny, "f.md");
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(e[1].at.to_rfc3339(), "2025-10-08T15:40:00+00:00");
    }

    #[test]
    fn unreadable_entry_is_reported() {
        let items = vec![(7, "sometime later: it broke".to_string())];
        let (e, diags) = resolve(&items, Some(d("2024-03-01")), &Zone::default(), "f.md");
        assert!(e.is_empty());
        assert_eq!(diags[0].rule, "timeline-entry-invalid");
        assert_eq!(diags[0].line, 7);
    }
}
