//! Carrying the date and zone from one entry to the next, and the table
//! columns that hold the time: how the blocks of a timeline section become
//! entries and findings.

use std::ops::Range;

use chrono::{Datelike, NaiveDate, NaiveTime, Offset, TimeZone, Timelike};

use super::entry::{self, date_line, parse_entry, RawEntry, ZoneMark};
use super::{Context, Entry, Timeline, FORMS_HINT};
use crate::diagnostic::Diagnostic;
use crate::time::{self, WrittenDate, Zone};

/// A line of a nested list without its indentation and marker.
pub(super) fn strip_list_marker(line: &str) -> &str {
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
pub(super) struct Columns {
    time: usize,
    date: Option<usize>,
    pub(super) zone: Option<Zone>,
}

impl Columns {
    pub(super) fn new(header: &[String], ctx: &Context) -> Columns {
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
    pub(super) fn entry_text(&self, cells: &[String]) -> String {
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
pub(super) struct Reader<'a> {
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
    pub(super) fn new(ctx: &'a Context<'a>, section_zone: Option<Zone>) -> Reader<'a> {
        Reader { ctx, section_zone, date: ctx.date, date_zone: None, out: Timeline::default(), candidates: 0 }
    }

    /// The timeline, and how many items, rows and time-led lines were seen.
    pub(super) fn finish(self) -> (Timeline, usize) {
        (self.out, self.candidates)
    }

    /// A date (and zone) for the entries after it.
    pub(super) fn set_date(&mut self, date: WrittenDate, zone: Option<Zone>) {
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
    pub(super) fn item(&mut self, line: usize, text: &str, block: &Range<usize>, block_zone: Option<Zone>) {
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
    pub(super) fn paragraph(&mut self, first_line: usize, lines: &[&str], block: &Range<usize>) {
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
                            "a time with an offset reads the same all year: `{} UTC{}`",
                            time::clock(raw.clock),
                            a.tz()
                                .offset_from_local_datetime(&local)
                                .earliest()
                                .map(|o| o.fix().to_string())
                                .unwrap_or_default()
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
