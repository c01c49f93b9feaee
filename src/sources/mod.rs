//! Timelines from where they happened (SPEC §11): a Slack export, PagerDuty
//! log entries or a CSV file read into [`Event`]s, cut to a window, and
//! written as Markdown timeline entries that `check` reads back.
//!
//! Each source module turns its file into events and nothing else; this
//! module picks the source, cuts the window and renders lines; `into` adds
//! the lines to a post-mortem without touching any other line.

use std::path::Path;

use anyhow::{bail, Context as _};
use chrono::{DateTime, LocalResult, NaiveDate, Offset, TimeZone, Timelike, Utc};

use crate::time::{self, Zone};

pub mod csv;
pub mod into;
pub mod pagerduty;
pub mod slack;
mod text;

pub use text::escape_inline;

/// The milestone labels a source may give an event.
pub const LABELS: [&str; 5] = ["started", "detected", "acknowledged", "mitigated", "resolved"];

/// One thing that happened, at an absolute instant.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub at: DateTime<Utc>,
    /// Who did or said it: a display name, a bot's name, a PagerDuty agent.
    pub author: Option<String>,
    /// A milestone label (`detected`, `acknowledged`, `resolved` …).
    pub label: Option<&'static str>,
    /// Plain text, not Markdown: rendering escapes it.
    pub text: String,
}

/// What to read and how to cut it.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Inclusive window ends.
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    /// The Slack channel to read (by name or id).
    pub channel: Option<String>,
    /// The zone of times written without one (CSV cells).
    pub zone: Zone,
}

impl Options {
    /// True when `at` lies inside the window (both ends inclusive).
    pub fn contains(&self, at: DateTime<Utc>) -> bool {
        self.from.is_none_or(|f| at >= f) && self.to.is_none_or(|t| at <= t)
    }
}

/// The kind of a source file, from its shape on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Slack,
    PagerDuty,
    Csv,
}

impl Kind {
    /// A folder or a `.zip` is a Slack export, `.csv`/`.tsv` a CSV file, and
    /// any other file PagerDuty JSON.
    pub fn of(path: &Path) -> Kind {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
        if path.is_dir() || ext == "zip" {
            Kind::Slack
        } else if ext == "csv" || ext == "tsv" {
            Kind::Csv
        } else {
            Kind::PagerDuty
        }
    }
}

/// Reads a source into events inside the window, in time order.
pub fn read(path: &Path, opts: &Options) -> anyhow::Result<Vec<Event>> {
    if !path.exists() {
        bail!("`{}`: no such file or folder", path.display());
    }
    let mut events = match Kind::of(path) {
        Kind::Slack => slack::read(path, opts)?,
        Kind::PagerDuty => {
            let text = read_text(path)?;
            pagerduty::parse(&text, &path.display().to_string())?
        }
        Kind::Csv => {
            let text = read_text(path)?;
            csv::parse(&text, &path.display().to_string(), &opts.zone)?
        }
    };
    events.retain(|e| opts.contains(e.at));
    // Stable: events of the same instant keep the order the source gave them.
    events.sort_by_key(|e| e.at);
    Ok(events)
}

/// A file's text, with its path in the error.
pub(crate) fn read_text(path: &Path) -> anyhow::Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read `{}`", path.display()))?;
    let text = String::from_utf8(bytes).map_err(|_| anyhow::anyhow!("`{}` is not valid UTF-8", path.display()))?;
    Ok(text.trim_start_matches('\u{feff}').to_string())
}

/// Parses a `--from`/`--to` value: RFC 3339, or `YYYY-MM-DD HH:MM[:SS]` in
/// `zone`; a bare date means its first (for `--from`) or last (`--to`) second.
pub fn parse_bound(text: &str, zone: &Zone, end: bool) -> Result<DateTime<Utc>, String> {
    let t = text.trim();
    if let Some(d) = time::parse_date(t) {
        let clock =
            if end { chrono::NaiveTime::from_hms_opt(23, 59, 59) } else { chrono::NaiveTime::from_hms_opt(0, 0, 0) };
        return zone.to_utc(d.and_time(clock.expect("valid clock")));
    }
    time::parse_timestamp(t, zone)
        .map_err(|_| format!("`{t}` is not a time; write RFC 3339 (2026-03-01T14:05:00Z) or `YYYY-MM-DD HH:MM[:SS]`"))
}

/// How lines are written: where the day stands before the first one.
#[derive(Debug, Clone, Copy)]
pub struct Render<'a> {
    pub zone: &'a Zone,
    /// The local date in force before the first line (`None`: write it).
    pub date: Option<NaiveDate>,
}

/// One rendered entry: its time and its words, and its local date.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// `14:05`, `2026-03-02 00:10:30`, `01:10-05:00`.
    pub time: String,
    /// `[detected] Priya: text`, escaped.
    pub body: String,
    pub date: NaiveDate,
}

impl Line {
    /// The entry after its list marker: `14:05 [detected] Priya: text`.
    pub fn text(&self) -> String {
        format!("{} {}", self.time, self.body)
    }
}

/// Renders events as timeline entries, each with the date written when it
/// differs from the one before.
pub fn render(events: &[Event], how: Render<'_>) -> Vec<Line> {
    let mut date = how.date;
    events
        .iter()
        .map(|e| {
            let line = render_one(e, how.zone, date);
            date = Some(line.date);
            line
        })
        .collect()
}

/// One entry: `[YYYY-MM-DD ]HH:MM[:SS][±HH:MM] [label] Author: text`.
pub fn render_one(e: &Event, zone: &Zone, prev_date: Option<NaiveDate>) -> Line {
    let (local, offset, ambiguous) = local_parts(e.at, zone);
    let mut time = String::new();
    if prev_date != Some(local.date()) {
        time.push_str(&time::ymd(local.date()));
        time.push(' ');
    }
    time.push_str(&time::clock(local.time().with_nanosecond(0).unwrap_or(local.time())));
    // In the hour a DST change repeats, the wall clock alone names two
    // instants: the offset says which.
    if ambiguous {
        time.push_str(&offset);
    }
    Line { time, body: entry_body(e), date: local.date() }
}

/// `[label] Author: text`, escaped; a separator guards text that `check`
/// could read as part of the time (a zone, `PM`, a separator).
fn entry_body(e: &Event) -> String {
    let text = escape_inline(&e.text);
    let mut out = String::new();
    if let Some(label) = e.label {
        out.push('[');
        out.push_str(label);
        out.push_str("] ");
    }
    match e.author.as_deref().map(escape_inline).filter(|a| !a.is_empty()) {
        Some(author) => {
            out.push_str(&author);
            out.push_str(": ");
        }
        None if e.label.is_none() && text::needs_separator(&text) => out.push_str("— "),
        None => {}
    }
    out.push_str(&text);
    out.trim_end().to_string()
}

/// The local wall-clock time of an instant, its offset (`-05:00`), and
/// whether that wall-clock time names two instants in the zone.
fn local_parts(at: DateTime<Utc>, zone: &Zone) -> (chrono::NaiveDateTime, String, bool) {
    match zone {
        Zone::Fixed(o) => (at.with_timezone(o).naive_local(), o.to_string(), false),
        Zone::Iana(tz) => {
            let l = at.with_timezone(tz);
            let naive = l.naive_local();
            let ambiguous = matches!(tz.from_local_datetime(&naive), LocalResult::Ambiguous(..));
            (naive, l.offset().fix().to_string(), ambiguous)
        }
    }
}

/// Parses a label word (`detected`, `Acknowledged`, `ack`) into a label.
pub fn label_of(word: &str) -> Option<&'static str> {
    let w = word.trim().trim_matches(['[', ']']).trim().to_ascii_lowercase();
    let w = match w.as_str() {
        "start" => "started",
        "detect" | "triggered" | "trigger" => "detected",
        "ack" | "acknowledge" | "acked" => "acknowledged",
        "mitigate" => "mitigated",
        "resolve" => "resolved",
        other => other,
    };
    LABELS.iter().copied().find(|l| *l == w)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn ev(s: &str, author: Option<&str>, label: Option<&'static str>, text: &str) -> Event {
        Event { at: at(s), author: author.map(str::to_string), label, text: text.to_string() }
    }

    #[test]
    fn dates_are_written_when_the_day_changes() {
        let zone = Zone::parse("Europe/Berlin").unwrap();
        let events = [
            ev("2026-03-28T22:58:00Z", Some("Priya"), None, "paging"),
            ev("2026-03-28T23:05:30Z", Some("Sam"), Some("detected"), "alert"),
            ev("2026-03-29T01:10:00Z", None, Some("resolved"), "done"),
        ];
        let lines: Vec<String> =
            render(&events, Render { zone: &zone, date: None }).into_iter().map(|l| l.text()).collect();
        assert_eq!(
            lines,
            [
                "2026-03-28 23:58 Priya: paging",
                "2026-03-29 00:05:30 [detected] Sam: alert",
                // 01:10 UTC is after the spring-forward: CEST, +02:00.
                "03:10 [resolved] done",
            ]
        );
    }

    #[test]
    fn the_repeated_hour_carries_its_offset() {
        let zone = Zone::parse("America/New_York").unwrap();
        let events =
            [ev("2026-11-01T05:30:00Z", Some("A"), None, "x"), ev("2026-11-01T06:10:00Z", Some("B"), None, "y")];
        let lines: Vec<String> = render(&events, Render { zone: &zone, date: NaiveDate::from_ymd_opt(2026, 11, 1) })
            .into_iter()
            .map(|l| l.text())
            .collect();
        assert_eq!(lines, ["01:30-04:00 A: x", "01:10-05:00 B: y"]);
    }

    #[test]
    fn text_that_looks_like_a_zone_gets_a_separator() {
        let zone = Zone::default();
        let e = ev("2026-01-01T10:00:00Z", None, None, "CET cluster down");
        assert_eq!(render_one(&e, &zone, NaiveDate::from_ymd_opt(2026, 1, 1)).text(), "10:00 — CET cluster down");
        let e = ev("2026-01-01T10:00:00Z", None, None, "Rolled back the deploy");
        assert_eq!(render_one(&e, &zone, NaiveDate::from_ymd_opt(2026, 1, 1)).text(), "10:00 Rolled back the deploy");
    }

    #[test]
    fn bounds_read_rfc3339_local_times_and_dates() {
        let zone = Zone::parse("Europe/Berlin").unwrap();
        assert_eq!(parse_bound("2026-03-29 01:00", &zone, false).unwrap(), at("2026-03-29T00:00:00Z"));
        assert_eq!(parse_bound("2026-03-29T01:00:00Z", &zone, false).unwrap(), at("2026-03-29T01:00:00Z"));
        assert_eq!(parse_bound("2026-03-29", &zone, true).unwrap(), at("2026-03-29T21:59:59Z"));
        assert!(parse_bound("yesterday", &zone, false).is_err());
    }
}
