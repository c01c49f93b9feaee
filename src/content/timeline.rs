//! The timeline: every list, table and time-led paragraph of the timeline
//! section → entries at absolute UTC instants.
//!
//! An entry is `[date] time [zone] [separator] [[milestone]] text` (see
//! [`entry`]). Entries without a date take the date of the entry or date
//! line before them (the first takes the post-mortem's `date`); an entry
//! that goes back in time without a new date is reported, never silently
//! wrapped past midnight. The section may name its zone in its heading
//! (`Timeline (all times UTC)`), in a sentence ("All times Pacific"), in a
//! date line (`2015-10-21 (PDT)`) or in a table's time column (`Time (UTC)`).
//!
//! Nothing is dropped in silence: an item or row whose time cannot be read
//! is `timeline-entry-invalid`, and a section with text but no entry at all
//! is `empty-section`. What depends on a wrong front matter `date` or
//! `timezone` is skipped, not reported again.

use std::collections::BTreeMap;
use std::ops::Range;

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike, Utc};

use crate::content::body::has_content;
use crate::diagnostic::Diagnostic;
use crate::time::{self, WrittenDate, Zone};

mod blocks;
pub mod entry;

use blocks::Block;
pub use entry::{date_line, parse_entry, RawEntry, ZoneMark};

/// A milestone label that can supply a front matter timestamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Milestone {
    Started,
    Detected,
    Mitigated,
    Resolved,
}

impl Milestone {
    pub const ALL: [Milestone; 4] =
        [Milestone::Started, Milestone::Detected, Milestone::Mitigated, Milestone::Resolved];

    pub fn as_str(self) -> &'static str {
        match self {
            Milestone::Started => "started",
            Milestone::Detected => "detected",
            Milestone::Mitigated => "mitigated",
            Milestone::Resolved => "resolved",
        }
    }

    fn parse(label: &str) -> Option<Milestone> {
        let label = label.trim();
        [
            (Milestone::Started, "started", "start"),
            (Milestone::Detected, "detected", "detect"),
            (Milestone::Mitigated, "mitigated", "mitigate"),
            (Milestone::Resolved, "resolved", "resolve"),
        ]
        .into_iter()
        .find(|(_, word, short)| label.eq_ignore_ascii_case(word) || label.eq_ignore_ascii_case(short))
        .map(|(m, ..)| m)
    }
}

/// A resolved timeline entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub line: usize,
    /// Index into [`Timeline::blocks`] of the list, table or paragraph it
    /// was written in.
    pub block: usize,
    /// Local date and clock as written (or carried forward).
    pub date: NaiveDate,
    pub clock: NaiveTime,
    /// The entry's own zone when it names one.
    pub zone: Option<Zone>,
    pub at: chrono::DateTime<Utc>,
    pub milestone: Option<Milestone>,
    pub text: String,
}

/// What the timeline section is read against.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The post-mortem's `date`; `None` when missing or invalid (already
    /// reported at its line, so entries that need it are skipped quietly).
    pub date: Option<NaiveDate>,
    /// The post-mortem's zone (its `timezone`, else the config's).
    pub zone: Zone,
    /// True when `timezone:` was written but is not a zone (already
    /// reported): `zone` is then a fallback, and entries that do not exist
    /// in it are skipped quietly.
    pub zone_invalid: bool,
    /// `timezone_abbreviations` from the config, uppercase.
    pub abbreviations: &'a BTreeMap<String, Zone>,
    pub file: &'a str,
    /// A draft's empty timeline is a warning.
    pub draft: bool,
}

/// A timeline section, read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Timeline {
    pub entries: Vec<Entry>,
    /// Byte ranges in the body of each list, table or time-led paragraph
    /// that gave entries, in order; the renderer draws the entries in their
    /// place and leaves every other text of the section as written.
    pub blocks: Vec<Range<usize>>,
    pub diagnostics: Vec<Diagnostic>,
    /// The zone the section names for itself (heading parenthesis or a
    /// sentence such as "All times are UTC"), when it does.
    pub zone_note: Option<Zone>,
}

/// Reads a timeline section. `section_text` is the section's Markdown,
/// starting at byte `offset` of the body and on file line `first_line`;
/// the heading is `heading_title` on line `heading_line`. Returned ranges
/// are relative to the body.
pub fn read(
    section_text: &str,
    offset: usize,
    first_line: usize,
    heading_title: &str,
    heading_line: usize,
    ctx: &Context,
) -> Timeline {
    let blocks = blocks::read(section_text, first_line);
    let zone_note = time::zone_from_heading(heading_title, ctx.abbreviations).or_else(|| {
        blocks.iter().find_map(|b| match b {
            Block::Paragraph { range, .. } => {
                let text = &section_text[range.clone()];
                let prose = paragraph_lines(text, ctx).is_none() && date_line(text, ctx.abbreviations).is_none();
                prose.then(|| time::zone_from_phrase(text, ctx.abbreviations)).flatten()
            }
            _ => None,
        })
    });
    let mut r = Reader::new(ctx, zone_note);
    for block in &blocks {
        match block {
            Block::Heading { text } => {
                if let Some((d, z)) = date_line(text, ctx.abbreviations) {
                    r.set_date(d, z);
                }
            }
            Block::List { range, items } => {
                let range = shift(range, offset);
                for item in items {
                    r.item(item.line, &item.text, &range, None);
                }
            }
            Block::Table { range, header, rows } => {
                let range = shift(range, offset);
                let columns = Columns::new(header, ctx);
                for (line, cells) in rows {
                    if cells.iter().all(|c| c.is_empty()) {
                        continue;
                    }
                    r.item(*line, &columns.entry_text(cells), &range, columns.zone);
                }
            }
            Block::Paragraph { range, line } => {
                let text = &section_text[range.clone()];
                if let Some((d, z)) = date_line(text, ctx.abbreviations) {
                    r.set_date(d, z);
                } else if let Some(lines) = paragraph_lines(text, ctx) {
                    r.paragraph(*line, &lines, &shift(range, offset));
                }
            }
        }
    }
    let (mut timeline, candidates) = r.finish();
    timeline.zone_note = zone_note;
    // With items or rows that gave no entry, each was reported (or skipped
    // for a cause reported elsewhere): one finding per cause.
    if timeline.entries.is_empty() && candidates == 0 && has_content(section_text) {
        let first = section_text.lines().map(str::trim).find(|l| !l.is_empty() && !l.starts_with("<!--"));
        let shown: String = first.unwrap_or_default().chars().take(40).collect();
        timeline.diagnostics.push(
            Diagnostic::new(
                "empty-section",
                ctx.file,
                heading_line,
                format!("section `{heading_title}` has no timeline entry: no time could be read in it (it starts `{shown}`)"),
            )
            .hint(FORMS_HINT)
            .relaxed(ctx.draft),
        );
    }
    timeline
}

/// Resolves entries given as `(line, text)` pairs (list items without
/// their markers) from `start_date` in `zone`, with the built-in zone
/// abbreviations only: what [`read`] does with one list.
pub fn resolve(
    items: &[(usize, String)],
    start_date: Option<NaiveDate>,
    zone: &Zone,
    file: &str,
) -> (Vec<Entry>, Vec<Diagnostic>) {
    static NONE: BTreeMap<String, Zone> = BTreeMap::new();
    let ctx = Context { date: start_date, zone: *zone, zone_invalid: false, abbreviations: &NONE, file, draft: false };
    let mut r = Reader::new(&ctx, None);
    for (line, text) in items {
        r.item(*line, text, &(0..0), None);
    }
    let (t, _) = r.finish();
    (t.entries, t.diagnostics)
}

const FORMS_HINT: &str = "start each entry with a time: `- 14:05 what happened`, `- 2:05 PM ...`, \
    `- 2024-03-01 23:58 ...`, `- Oct 21 14:51 ...`, or use a table whose first column is the time";

fn shift(range: &Range<usize>, offset: usize) -> Range<usize> {
    range.start + offset..range.end + offset
}

/// The lines of a time-led paragraph, or `None` for prose: its first line
/// opens with a time (after a date line, perhaps).
fn paragraph_lines<'t>(text: &'t str, ctx: &Context) -> Option<Vec<&'t str>> {
    let lines: Vec<&str> = text.lines().map(|l| l.trim().trim_end_matches('\\').trim_end()).collect();
    let first = lines.iter().position(|l| date_line(l, ctx.abbreviations).is_none())?;
    parse_entry(lines[first], ctx.abbreviations).map(|_| lines)
}

/// A line of a nested list without its indentation and marker.
fn strip_list_marker(line: &str) -> &str {
    let l = line.trim();
    if let Some(rest) = l.strip_prefix(['-', '*', '+']).filter(|r| r.starts_with(' ')) {
        return rest.trim_start();
    }
    let digits = l.bytes().take_while(u8::is_ascii_digit).count();
    match l[digits..].strip_prefix(['.', ')']) {
        Some(rest) if digits > 0 && rest.starts_with(' ') => rest.trim_start(),
        _ => l,
    }
}

/// Which columns of a timeline table hold the time, a separate date, and
/// the text; and the zone the time column's header names.
struct Columns {
    time: usize,
    date: Option<usize>,
    zone: Option<Zone>,
}

impl Columns {
    fn new(header: &[String], ctx: &Context) -> Columns {
        let names: Vec<String> = header.iter().map(|h| column_name(h)).collect();
        let is_time = |n: &str| {
            matches!(n, "time" | "timestamp" | "when" | "date-time" | "date/time" | "datetime" | "date and time")
                || n.starts_with("time ")
        };
        let time = names.iter().position(|n| is_time(n)).unwrap_or(0);
        let date = names.iter().position(|n| n == "date" || n == "day").filter(|d| *d != time);
        let zone = header.get(time).and_then(|h| {
            let open = h.rfind('(')?;
            let inner = h[open + 1..].trim_end().strip_suffix(')')?;
            time::zone_from_phrase(inner, ctx.abbreviations)
        });
        Columns { time, date, zone }
    }

    /// `date time | other cells — joined`, for [`parse_entry`].
    fn entry_text(&self, cells: &[String]) -> String {
        let mut head = String::new();
        if let Some(d) = self.date.and_then(|d| cells.get(d)).filter(|d| !d.is_empty()) {
            head.push_str(d);
            head.push(' ');
        }
        head.push_str(cells.get(self.time).map(String::as_str).unwrap_or_default());
        let rest: Vec<&str> = cells
            .iter()
            .enumerate()
            .filter(|(i, c)| *i != self.time && Some(*i) != self.date && !c.is_empty())
            .map(|(_, c)| c.as_str())
            .collect();
        if rest.is_empty() {
            head
        } else {
            format!("{head} | {}", rest.join(" — "))
        }
    }
}

/// A header cell normalised like headings: lowercase, spaces collapsed, a
/// trailing parenthesis and colon dropped.
fn column_name(header: &str) -> String {
    let h = header.trim().trim_matches(['*', '_']).trim_end_matches(':');
    let h = match h.rfind('(') {
        Some(open) if h.ends_with(')') => &h[..open],
        _ => h,
    };
    h.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// Carries the date and zone from one entry to the next.
struct Reader<'a> {
    ctx: &'a Context<'a>,
    section_zone: Option<Zone>,
    date: Option<NaiveDate>,
    /// The zone named by the last date line.
    date_zone: Option<Zone>,
    out: Timeline,
    /// Items, rows and time-led lines seen.
    candidates: usize,
}

impl<'a> Reader<'a> {
    fn new(ctx: &'a Context<'a>, section_zone: Option<Zone>) -> Reader<'a> {
        Reader { ctx, section_zone, date: ctx.date, date_zone: None, out: Timeline::default(), candidates: 0 }
    }

    /// The timeline, and how many items, rows and time-led lines were seen.
    fn finish(self) -> (Timeline, usize) {
        (self.out, self.candidates)
    }

    /// A date (and zone) for the entries after it.
    fn set_date(&mut self, date: WrittenDate, zone: Option<Zone>) {
        if let Some(d) = self.full_date(date) {
            self.date = Some(d);
        }
        if zone.is_some() {
            self.date_zone = zone;
        }
    }

    /// A written date with its year, from the date before it when it has
    /// none (`Jan 1` after `Dec 31` is the next year).
    fn full_date(&self, date: WrittenDate) -> Option<NaiveDate> {
        if date.year.is_some() {
            return date.full();
        }
        let base = self.date?;
        let d = date.in_year(base.year())?;
        if (base - d).num_days() > 180 {
            date.in_year(base.year() + 1)
        } else {
            Some(d)
        }
    }

    /// A list item or table row.
    fn item(&mut self, line: usize, text: &str, block: &Range<usize>, block_zone: Option<Zone>) {
        self.candidates += 1;
        let head = text.lines().next().unwrap_or_default();
        if let Some((d, z)) = date_line(head, self.ctx.abbreviations) {
            // A day's item with its entries nested under it:
            // `- **Oct 21**` then `  - 14:05 ...`.
            let lines: Vec<&str> = text.lines().map(strip_list_marker).collect();
            if lines.len() == 1 {
                self.set_date(d, z);
            } else {
                self.paragraph(line, &lines, block);
            }
            return;
        }
        match parse_entry(text, self.ctx.abbreviations) {
            Some(raw) => self.add(line, raw, block, block_zone),
            None => self.unreadable(line, text),
        }
    }

    /// The lines of a time-led paragraph: each line that opens with a time
    /// is an entry; a date line sets the date; another line continues the
    /// entry before it.
    fn paragraph(&mut self, first_line: usize, lines: &[&str], block: &Range<usize>) {
        let mut last_added: Option<usize> = None;
        for (i, text) in lines.iter().enumerate() {
            let line = first_line + i;
            if let Some((d, z)) = date_line(text, self.ctx.abbreviations) {
                self.set_date(d, z);
                last_added = None;
            } else if let Some(raw) = parse_entry(text, self.ctx.abbreviations) {
                self.candidates += 1;
                let before = self.out.entries.len();
                self.add(line, raw, block, None);
                last_added = (self.out.entries.len() > before).then_some(before);
            } else if entry::looks_timed(text) {
                self.candidates += 1;
                self.unreadable(line, text);
                last_added = None;
            } else if let Some(e) = last_added.and_then(|i| self.out.entries.get_mut(i)) {
                e.text.push('\n');
                e.text.push_str(text);
            }
        }
    }

    fn unreadable(&mut self, line: usize, text: &str) {
        let shown: String = text.lines().next().unwrap_or_default().chars().take(40).collect();
        self.out.diagnostics.push(
            Diagnostic::new(
                "timeline-entry-invalid",
                self.ctx.file,
                line,
                format!("timeline entry `{shown}` has no readable time"),
            )
            .hint(FORMS_HINT),
        );
    }

    fn invalid(&mut self, line: usize, message: String, hint: impl Into<String>) {
        self.out.diagnostics.push(Diagnostic::new("timeline-entry-invalid", self.ctx.file, line, message).hint(hint));
    }

    /// Resolves an entry's date and zone and adds it.
    fn add(&mut self, line: usize, raw: RawEntry, block: &Range<usize>, block_zone: Option<Zone>) {
        let ctx = self.ctx;
        let date = match raw.date {
            Some(written) => match self.full_date(written) {
                Some(d) => d,
                // Without the post-mortem's date a date without a year has
                // nothing to count from; the `date` field is reported already.
                None if written.year.is_none() && self.date.is_none() => return,
                None => {
                    let year = self.date.map_or(0, |d| d.year());
                    return self.invalid(
                        line,
                        format!("{}-{:02}-{:02} is not a date", year, written.month, written.day),
                        "check the day of the month",
                    );
                }
            },
            None => match self.date {
                Some(d) => d,
                None => return,
            },
        };
        self.date = Some(date);
        let local = date.and_time(raw.clock);
        let own_zone = match raw.zone {
            None => None,
            Some(ZoneMark::Zone(z)) => Some(z),
            Some(ZoneMark::Abbreviation(a)) => match a.check(local) {
                Ok(()) => Some(a.entry_zone()),
                Err(e) => {
                    return self.invalid(
                        line,
                        e,
                        format!(
                            "write the zone as it was on {}, or as an offset such as `14:05-07:00`",
                            time::ymd(date)
                        ),
                    )
                }
            },
            Some(ZoneMark::Unknown(word)) => {
                let message = match time::ambiguous(&word) {
                    Some(means) => format!("`{word}` is not a zone warroom can read: it may mean {means}"),
                    None => format!("`{word}` is not a zone abbreviation warroom knows"),
                };
                return self.invalid(
                    line,
                    message,
                    format!(
                        "write the offset (`{} +05:30`) or say what it means in warroom.yaml: `timezone_abbreviations: {{ {word}: \"+05:30\" }}`",
                        time::clock(raw.clock)
                    ),
                );
            }
        };
        let zone = own_zone.or(block_zone).or(self.date_zone).or(self.section_zone).unwrap_or(ctx.zone);
        let at = match zone.to_utc(local) {
            Ok(at) => at,
            // In a fallback zone the gap is not the entry's fault.
            Err(_) if ctx.zone_invalid && zone == ctx.zone => return,
            Err(e) => {
                return self.invalid(
                    line,
                    e,
                    "check the time around the daylight-saving change, or write it in UTC: `02:30 UTC`",
                )
            }
        };
        if let Some(prev) = self.out.entries.last() {
            if at < prev.at {
                let d = out_of_order(ctx.file, line, date, raw.clock, raw.date.is_none(), prev);
                self.out.diagnostics.push(d);
            }
        }
        if self.out.blocks.last() != Some(block) {
            self.out.blocks.push(block.clone());
        }
        self.out.entries.push(Entry {
            line,
            block: self.out.blocks.len() - 1,
            date,
            clock: raw.clock,
            zone: own_zone,
            at,
            milestone: raw.milestone,
            text: raw.text,
        });
    }
}

fn out_of_order(file: &str, line: usize, date: NaiveDate, clock: NaiveTime, carried: bool, prev: &Entry) -> Diagnostic {
    let d = Diagnostic::new(
        "timeline-out-of-order",
        file,
        line,
        format!(
            "timeline entry at {} is earlier than the entry before it ({}, line {})",
            fmt_local(date, clock),
            fmt_local(prev.date, prev.clock),
            prev.line
        ),
    );
    if !carried {
        return d.hint("put the entries in the order they happened");
    }
    let next = date.succ_opt().unwrap_or(date);
    let wrapped = prev.clock.hour() >= 18 && clock.hour() < 12;
    let lead = if wrapped {
        "if the incident went past midnight"
    } else {
        "put the entries in the order they happened; if this one is on a later day"
    };
    d.hint(format!("{lead}, write the date: `- {} {} ...`", next.format("%Y-%m-%d"), clock.format("%H:%M")))
}

fn fmt_local(date: NaiveDate, clock: NaiveTime) -> String {
    // `trim_end_matches(":00")` would eat the minutes of `11:00:00` too.
    let fmt = if clock.second() == 0 { "%H:%M" } else { "%H:%M:%S" };
    format!("{} {}", date.format("%Y-%m-%d"), clock.format(fmt))
}

#[cfg(test)]
mod tests {
    use super::*;

    const NO_ABBREVIATIONS: &BTreeMap<String, Zone> = &BTreeMap::new();

    fn d(s: &str) -> NaiveDate {
        time::parse_date(s).unwrap()
    }

    fn ctx(date: Option<&str>, zone: Zone) -> Context<'static> {
        Context {
            date: date.map(d),
            zone,
            zone_invalid: false,
            abbreviations: NO_ABBREVIATIONS,
            file: "f.md",
            draft: false,
        }
    }

    /// Reads `md` as the section under `## {title}` on line 1 (so the
    /// section's text starts on line 2).
    fn read_as(md: &str, title: &str, cx: &Context) -> Timeline {
        read(md, 0, 2, title, 1, cx)
    }

    fn run(md: &str, date: &str) -> Timeline {
        read_as(md, "Timeline", &ctx(Some(date), Zone::default()))
    }

    fn utc(t: &Timeline) -> Vec<String> {
        t.entries.iter().map(|e| time::iso_utc(e.at)).collect()
    }

    fn rules(t: &Timeline) -> Vec<(&str, usize)> {
        t.diagnostics.iter().map(|d| (d.rule, d.line)).collect()
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
        let t = run("\n- 23:50 deploy\n- 23:58 errors\n- 2024-03-02 00:10 rollback\n- 00:20 all clear\n", "2024-03-01");
        assert!(t.diagnostics.is_empty(), "{:?}", t.diagnostics);
        assert_eq!(t.entries[3].at.to_rfc3339(), "2024-03-02T00:20:00+00:00");
        assert_eq!(t.entries.iter().map(|e| e.line).collect::<Vec<_>>(), [3, 4, 5, 6]);
    }

    #[test]
    fn silent_wrap_is_out_of_order_with_hint() {
        let t = run("\n- 23:50 deploy\n- 00:10 rollback\n", "2024-03-01");
        assert_eq!(rules(&t), [("timeline-out-of-order", 4)]);
        assert!(t.diagnostics[0].hint.as_deref().unwrap().contains("2024-03-02 00:10"));
    }

    #[test]
    fn out_of_order_message_keeps_whole_hours() {
        let t = run("\n- 11:00 a\n- 09:50 b\n", "2024-03-01");
        assert!(t.diagnostics[0].message.contains("(2024-03-01 11:00, line 3)"), "{}", t.diagnostics[0].message);
    }

    #[test]
    fn dst_fall_back_and_spring_forward() {
        let berlin = Zone::parse("Europe/Berlin").unwrap();
        // Spring forward: 01:59 CET then 03:01 CEST are two minutes apart.
        let t = read_as("\n- 01:59 a\n- 03:01 b\n", "Timeline", &ctx(Some("2024-03-31"), berlin));
        assert!(t.diagnostics.is_empty());
        assert_eq!((t.entries[1].at - t.entries[0].at).num_minutes(), 2);
        // A time inside the skipped hour is reported...
        let t = read_as("\n- 02:30 a\n", "Timeline", &ctx(Some("2024-03-31"), berlin));
        assert_eq!(rules(&t), [("timeline-entry-invalid", 3)]);
        // ...unless the zone is a fallback for an invalid `timezone:`.
        let cx = Context { zone_invalid: true, ..ctx(Some("2024-03-31"), berlin) };
        assert!(read_as("\n- 02:30 a\n", "Timeline", &cx).diagnostics.is_empty());
    }

    #[test]
    fn entry_zone_overrides() {
        let ny = Zone::parse("America/New_York").unwrap();
        let t = read_as("\n- 10:00 a\n- 15:40 UTC b\n- 11:45 c\n", "Timeline", &ctx(Some("2025-10-08"), ny));
        assert!(t.diagnostics.is_empty(), "{:?}", t.diagnostics);
        assert_eq!(t.entries[1].at.to_rfc3339(), "2025-10-08T15:40:00+00:00");
        assert_eq!(t.entries[1].zone, Some(Zone::default()));
        assert_eq!(t.entries[2].zone, None);
    }

    #[test]
    fn unreadable_items_are_reported_each() {
        let t =
            run("\n- 09:00 queue grows\n- sometime later: it broke\n- then the pager\n- 09:30 fixed\n", "2024-03-01");
        assert_eq!(rules(&t), [("timeline-entry-invalid", 4), ("timeline-entry-invalid", 5)]);
        assert_eq!(t.diagnostics[0].message, "timeline entry `sometime later: it broke` has no readable time");
        assert_eq!(t.entries.len(), 2);
    }

    #[test]
    fn twelve_hour_times_resolve() {
        let t =
            run("\n- 11:58 a.m. cache warms\n- 12:00 PM noon deploy\n- 2:05 PM paged\n- 11:59pm quiet\n", "2024-03-01");
        assert!(t.diagnostics.is_empty(), "{:?}", t.diagnostics);
        assert_eq!(
            utc(&t),
            ["2024-03-01T11:58:00Z", "2024-03-01T12:00:00Z", "2024-03-01T14:05:00Z", "2024-03-01T23:59:00Z"]
        );
        let t = run("\n- 12:00 AM midnight job\n- 12:30 AM job ends\n", "2024-03-01");
        assert_eq!(utc(&t), ["2024-03-01T00:00:00Z", "2024-03-01T00:30:00Z"]);
    }

    #[test]
    fn written_dates_take_the_year_of_the_post_mortem() {
        let t = run(
            "\n- Oct 21 14:51 queue backs up\n- 22 Oct 09:00 replay done\n- 2015/10/23 10:00 review\n- Saturday, October 24, 2015 11:00 closed\n- 2015-10-25T12:00:00Z archived\n",
            "2015-10-21",
        );
        assert!(t.diagnostics.is_empty(), "{:?}", t.diagnostics);
        assert_eq!(
            utc(&t),
            [
                "2015-10-21T14:51:00Z",
                "2015-10-22T09:00:00Z",
                "2015-10-23T10:00:00Z",
                "2015-10-24T11:00:00Z",
                "2015-10-25T12:00:00Z"
            ]
        );
        // New year's eve into the next year.
        let t = run("\n- Dec 31 23:50 fireworks deploy\n- Jan 1 00:10 rollback\n", "2024-12-31");
        assert!(t.diagnostics.is_empty(), "{:?}", t.diagnostics);
        assert_eq!(t.entries[1].date, d("2025-01-01"));
    }

    #[test]
    fn abbreviations_are_checked_against_the_date() {
        let t = run("\n- March 2, 2026 4:07 PM PST failover\n- 4:30 PM PST traffic back\n", "2026-03-02");
        assert!(t.diagnostics.is_empty(), "{:?}", t.diagnostics);
        assert_eq!(utc(&t), ["2026-03-03T00:07:00Z", "2026-03-03T00:30:00Z"]);
        let t = run("\n- 10:00 PST failover\n- 10:05 PDT traffic back\n", "2024-07-04");
        assert_eq!(rules(&t), [("timeline-entry-invalid", 3)]);
        assert_eq!(
            t.diagnostics[0].message,
            "PST is UTC-08:00, but on 2024-07-04 Los Angeles keeps PDT (UTC-07:00); write PDT or the offset"
        );
        assert_eq!(utc(&t), ["2024-07-04T17:05:00Z"]);
        let t = run("\n- 10:00 PDT failover\n", "2024-01-10");
        assert!(t.diagnostics[0].message.starts_with("PDT is UTC-07:00, but on 2024-01-10 Los Angeles keeps PST"));
    }

    #[test]
    fn unknown_abbreviations_say_how_to_add_them() {
        let t = run("\n- 10:00 XST failover\n- 10:05 IST traffic back\n- 10:10 DNS settles\n", "2024-07-04");
        assert_eq!(rules(&t), [("timeline-entry-invalid", 3), ("timeline-entry-invalid", 4)]);
        assert_eq!(t.diagnostics[0].message, "`XST` is not a zone abbreviation warroom knows");
        assert!(t.diagnostics[0].hint.as_deref().unwrap().contains("timezone_abbreviations: { XST: \"+05:30\" }"));
        assert!(t.diagnostics[1].message.contains("India"), "{}", t.diagnostics[1].message);
        assert_eq!(t.entries.len(), 1);
        assert_eq!(t.entries[0].text, "DNS settles");
        let extra = BTreeMap::from([("IST".to_string(), Zone::parse("+05:30").unwrap())]);
        let cx = Context { abbreviations: &extra, ..ctx(Some("2024-07-04"), Zone::default()) };
        let t = read_as("\n- 10:05 IST traffic back\n", "Timeline", &cx);
        assert!(t.diagnostics.is_empty(), "{:?}", t.diagnostics);
        assert_eq!(utc(&t), ["2024-07-04T04:35:00Z"]);
    }

    #[test]
    fn the_section_names_its_zone() {
        let la = Zone::parse("America/Los_Angeles").unwrap();
        for (title, md) in [
            ("Timeline (all times PDT)", "\n- 09:00 a\n"),
            ("Timeline (Pacific)", "\n- 09:00 a\n"),
            ("Timeline", "\nAll times are in Pacific time.\n\n- 09:00 a\n"),
            ("Timeline", "\n- 09:00 a\n\n*All times PST.*\n"),
            ("Timeline", "\nTimes in America/Los_Angeles\n\n- 09:00 a\n"),
        ] {
            let t = read_as(md, title, &ctx(Some("2024-07-04"), Zone::default()));
            assert!(t.diagnostics.is_empty(), "{title} {md:?}: {:?}", t.diagnostics);
            assert_eq!(utc(&t), ["2024-07-04T16:00:00Z"], "{title} {md:?}");
            assert_eq!(t.zone_note, Some(la), "{title} {md:?}");
        }
        // The heading's UTC wins over the post-mortem's zone.
        let t = read_as("\n- 09:00 a\n", "Timeline (all times UTC)", &ctx(Some("2024-07-04"), la));
        assert_eq!(utc(&t), ["2024-07-04T09:00:00Z"]);
    }

    #[test]
    fn tables_read_their_time_column_and_its_zone() {
        let md = "\n| Who | Time (UTC) | What |\n|---|---|---|\n| ana | 09:00 | paged |\n| bo | 09:10 | rollback |\n";
        let t = read_as(md, "Timeline", &ctx(Some("2024-07-04"), Zone::parse("Europe/Berlin").unwrap()));
        assert!(t.diagnostics.is_empty(), "{:?}", t.diagnostics);
        assert_eq!(utc(&t), ["2024-07-04T09:00:00Z", "2024-07-04T09:10:00Z"]);
        assert_eq!(t.entries[0].text, "ana — paged");
        assert_eq!(t.entries[1].line, 6);
        assert_eq!(&md[t.blocks[0].clone()], md.trim());
        // A separate date column, and a row that cannot be read.
        let md = "\n| Date | Time | Event |\n|---|---|---|\n| 2024-07-04 | 23:50 | deploy |\n| 2024-07-05 | 00:10 | errors |\n| | soon | more |\n";
        let t = run(md, "2024-07-04");
        assert_eq!(utc(&t), ["2024-07-04T23:50:00Z", "2024-07-05T00:10:00Z"]);
        assert_eq!(rules(&t), [("timeline-entry-invalid", 7)]);
    }

    #[test]
    fn date_lines_between_lists_set_the_date_and_zone() {
        let md = "\n### Monday, March 4, 2024\n\n- 22:00 batch starts\n- 23:30 batch slows\n\n**March 5, 2024 (all times UTC)**\n\n- 06:00 batch fails\n\nWe waited for the vendor here.\n\n2024-03-06\n\n- 08:00 vendor patch\n";
        let t = read_as(md, "Timeline", &ctx(Some("2024-03-04"), Zone::parse("-05:00").unwrap()));
        assert!(t.diagnostics.is_empty(), "{:?}", t.diagnostics);
        assert_eq!(
            utc(&t),
            ["2024-03-05T03:00:00Z", "2024-03-05T04:30:00Z", "2024-03-05T06:00:00Z", "2024-03-06T08:00:00Z"]
        );
        let dates: Vec<String> = t.entries.iter().map(|e| time::ymd(e.date)).collect();
        assert_eq!(dates, ["2024-03-04", "2024-03-04", "2024-03-05", "2024-03-06"]);
        assert_eq!(t.blocks.len(), 3);
        assert_eq!(t.entries.iter().map(|e| e.block).collect::<Vec<_>>(), [0, 0, 1, 2]);
        assert_eq!(&md[t.blocks[1].clone()], "- 06:00 batch fails");
        for b in &t.blocks {
            assert!(!md[b.clone()].contains("vendor here"));
        }
    }

    #[test]
    fn multi_day_lists_with_written_dates() {
        let md = "\n- Oct 21 23:00 disk alarms\n- 23:40 cleanup\n\nNotes from the night shift.\n\n- Oct 22 06:00 day shift takes over\n- 07:15 resolved\n";
        let t = run(md, "2015-10-21");
        assert!(t.diagnostics.is_empty(), "{:?}", t.diagnostics);
        assert_eq!(t.blocks.len(), 2);
        assert_eq!(t.entries[3].at.to_rfc3339(), "2015-10-22T07:15:00+00:00");
    }

    #[test]
    fn paragraph_timelines_read_line_by_line() {
        let md = "\nThe night went like this.\n\n**14:05** Alerts fire on the checkout API\n14:09 - on-call acks\nand opens a bridge\n14:30 rollback\n\nAfterwards we slept.\n";
        let t = run(md, "2024-05-01");
        assert!(t.diagnostics.is_empty(), "{:?}", t.diagnostics);
        assert_eq!(t.entries.iter().map(|e| e.line).collect::<Vec<_>>(), [5, 6, 8]);
        assert_eq!(t.entries[1].text, "on-call acks\nand opens a bridge");
        assert_eq!(t.blocks.len(), 1);
        assert_eq!(
            &md[t.blocks[0].clone()],
            "**14:05** Alerts fire on the checkout API\n14:09 - on-call acks\nand opens a bridge\n14:30 rollback"
        );
    }

    #[test]
    fn blocks_are_body_ranges() {
        let body = "## Summary\n\nShort.\n\n## Timeline\n\nIntro line.\n\n- 10:00 a\n- 10:05 b\n\nMiddle.\n\n| Time | What |\n|---|---|\n| 10:10 | c |\n";
        let start = body.find("## Timeline").unwrap() + "## Timeline\n".len();
        let t = read(&body[start..], start, 6, "Timeline", 5, &ctx(Some("2024-01-01"), Zone::default()));
        assert_eq!(t.blocks.len(), 2);
        assert_eq!(&body[t.blocks[0].clone()], "- 10:00 a\n- 10:05 b");
        assert_eq!(&body[t.blocks[1].clone()], "| Time | What |\n|---|---|\n| 10:10 | c |");
        assert_eq!(t.entries.iter().map(|e| (e.line, e.block)).collect::<Vec<_>>(), [(9, 0), (10, 0), (16, 1)]);
    }

    #[test]
    fn prose_only_timeline_is_one_empty_section() {
        let md = "\nWe did not keep a log that night; the bridge ran for two hours.\n\nSee the chat export.\n";
        let t = run(md, "2024-05-01");
        assert_eq!(rules(&t), [("empty-section", 1)]);
        assert!(t.diagnostics[0].message.contains("no time could be read"));
        assert!(t.diagnostics[0].message.contains("We did not keep a log"));
        assert_eq!(t.diagnostics[0].level, crate::diagnostic::Level::Error);
        let cx = Context { draft: true, ..ctx(Some("2024-05-01"), Zone::default()) };
        assert_eq!(read_as(md, "Timeline", &cx).diagnostics[0].level, crate::diagnostic::Level::Warning);
        // Items without a time are each reported instead.
        let t = run("\n- the bridge opened\n- the fix went out\n", "2024-05-01");
        assert_eq!(rules(&t), [("timeline-entry-invalid", 3), ("timeline-entry-invalid", 4)]);
        // An empty section is `check::sections`' to report.
        assert!(run("\n<!-- fill in -->\n", "2024-05-01").diagnostics.is_empty());
    }

    #[test]
    fn no_date_no_cascade() {
        let md = "\n- 10:00 a\n- Oct 21 10:05 b\n- 2024-03-01 10:10 c\n- 10:20 d\n";
        let t = read_as(md, "Timeline", &ctx(None, Zone::default()));
        assert!(t.diagnostics.is_empty(), "{:?}", t.diagnostics);
        assert_eq!(t.entries.iter().map(|e| e.text.as_str()).collect::<Vec<_>>(), ["c", "d"]);
    }

    #[test]
    fn days_with_entries_nested_under_them() {
        let md = "\n- **Oct 21**\n  - 23:10 cache fills\n  - 23:40 evictions\n- **Oct 22**\n  - 00:15 cache flushed\n";
        let t = run(md, "2015-10-21");
        assert!(t.diagnostics.is_empty(), "{:?}", t.diagnostics);
        assert_eq!(utc(&t), ["2015-10-21T23:10:00Z", "2015-10-21T23:40:00Z", "2015-10-22T00:15:00Z"]);
        assert_eq!(t.entries.iter().map(|e| e.line).collect::<Vec<_>>(), [4, 5, 7]);
        assert_eq!(t.entries[2].text, "cache flushed");
    }
}
