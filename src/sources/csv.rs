//! A CSV file with a header row: a time column and a text column, and
//! optionally author and label columns, recognised by common names.
//!
//! Times are RFC 3339 or `YYYY-MM-DD HH:MM[:SS]` in the `--zone` (a zone
//! in the time column's header, `Time (UTC)`, wins for that column); a
//! separate date column and a time column of clocks are read together.

use anyhow::{anyhow, bail};
use chrono::{DateTime, Utc};

use super::{label_of, Event};
use crate::time::{self, Zone};

const TIME: &[&str] = &[
    "time",
    "timestamp",
    "datetime",
    "date",
    "createdat",
    "created",
    "when",
    "at",
    "ts",
    "occurredat",
    "timeutc",
    "eventtime",
    "loggedat",
];
const TEXT: &[&str] = &[
    "text",
    "message",
    "description",
    "summary",
    "event",
    "note",
    "notes",
    "what",
    "details",
    "action",
    "entry",
    "body",
    "content",
    "msg",
];
const AUTHOR: &[&str] = &["author", "user", "who", "name", "by", "person", "actor", "username", "from", "owner"];
const LABEL: &[&str] = &["label", "milestone", "tag", "kind", "type", "phase"];

/// Parses CSV text; `file` names it in errors, `zone` reads naive times.
pub fn parse(text: &str, file: &str, zone: &Zone) -> anyhow::Result<Vec<Event>> {
    let delimiter = if file.to_ascii_lowercase().ends_with(".tsv") { b'\t' } else { b',' };
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .trim(::csv::Trim::All)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| anyhow!("`{file}`: cannot read the header row: {e}"))?
        .iter()
        .map(String::from)
        .collect();
    let keys: Vec<(String, Option<Zone>)> = header.iter().map(|h| column_key(h)).collect();
    let find = |names: &[&str]| names.iter().find_map(|n| keys.iter().position(|(k, _)| k == n));
    let date_col = keys.iter().position(|(k, _)| k == "date");
    let time_col = find(TIME).ok_or_else(|| {
        anyhow!(
            "`{file}`: no time column in the header ({}); name one `time`, `timestamp` or `date`",
            header.join(", ")
        )
    })?;
    let text_col = find(TEXT).ok_or_else(|| {
        anyhow!(
            "`{file}`: no text column in the header ({}); name one `text`, `message` or `description`",
            header.join(", ")
        )
    })?;
    let author_col = find(AUTHOR);
    let label_col = find(LABEL).filter(|c| *c != text_col);
    let mut events = Vec::new();
    for (i, record) in reader.records().enumerate() {
        // The header is line 1; a quoted cell may span lines, so ask csv.
        let record = record.map_err(|e| anyhow!("`{file}`: row {}: {e}", i + 2))?;
        let line = record.position().map_or(i + 2, |p| p.line() as usize);
        let cell = |c: usize| record.get(c).unwrap_or("").trim();
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let col_zone = keys[time_col].1.unwrap_or(*zone);
        let mut when = cell(time_col).to_string();
        let mut at = parse_time(&when, &col_zone);
        if let Some(d) = date_col.filter(|d| *d != time_col && at.is_none()) {
            when = format!("{} {when}", cell(d));
            at = parse_time(&when, &col_zone);
        }
        let at = at.ok_or_else(|| {
            anyhow!("`{file}`: line {line}: `{when}` is not a time; write RFC 3339 or `YYYY-MM-DD HH:MM[:SS]`")
        })?;
        let mut text = cell(text_col).to_string();
        let mut label = label_col.and_then(|c| label_of(cell(c)));
        // `[detected] …` at the start of the text is the label, written inline.
        if let Some(rest) = text.strip_prefix('[') {
            if let Some((word, after)) = rest.split_once(']') {
                if let Some(l) = label_of(word) {
                    label = label.or(Some(l));
                    text = after.trim().to_string();
                }
            }
        }
        let author = author_col.map(cell).filter(|a| !a.is_empty()).map(String::from);
        events.push(Event { at, author, label, text });
    }
    if events.is_empty() && header.is_empty() {
        bail!("`{file}` is empty");
    }
    Ok(events)
}

/// A header normalised for matching (`Created At` → `createdat`), and a
/// zone named in parentheses (`Time (UTC)`).
fn column_key(header: &str) -> (String, Option<Zone>) {
    let (name, zone) = match header.split_once('(') {
        Some((n, z)) => {
            let inner = z.trim_end_matches(')').trim();
            let word = inner.rsplit(' ').next().unwrap_or(inner);
            (n, Zone::parse(word))
        }
        None => (header, None),
    };
    (name.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect(), zone)
}

/// RFC 3339, `YYYY-MM-DD HH:MM[:SS]` (optionally with a zone of its own),
/// or Unix seconds.
fn parse_time(text: &str, zone: &Zone) -> Option<DateTime<Utc>> {
    let t = text.trim();
    if let Ok(at) = time::parse_timestamp(t, zone) {
        return Some(at);
    }
    if !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || c == '.') {
        let secs: f64 = t.parse().ok()?;
        return DateTime::from_timestamp(secs.trunc() as i64, 0);
    }
    written(t, zone)
}

/// A spreadsheet's spelling: a date as people write it (`11/1/2026`,
/// `Nov 1, 2026`, `2026/11/01`), a clock (`0:20`, `12:20:05 AM`) and an
/// optional zone.
fn written(t: &str, zone: &Zone) -> Option<DateTime<Utc>> {
    let (w, len) = time::take_date(t)?;
    let date = w.full()?;
    let mut words = t[len..].trim_start_matches([',', ' ', 'T']).split_whitespace();
    let mut clock = time::parse_clock(words.next()?)?;
    let mut rest: Vec<&str> = words.collect();
    if let Some(m) = rest.first().map(|w| w.to_ascii_lowercase().replace('.', "")) {
        if m == "am" || m == "pm" {
            use chrono::Timelike as _;
            let h = clock.hour() % 12 + if m == "pm" { 12 } else { 0 };
            clock = clock.with_hour(h)?;
            rest.remove(0);
        }
    }
    let zone = match rest.as_slice() {
        [] => *zone,
        [z] => Zone::parse(z)?,
        _ => return None,
    };
    zone.to_utc(date.and_time(clock)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_found_by_name() {
        let csv = "When (UTC),Who,What\n2026-03-01 10:00,Priya,\"paged, twice\"\n2026-03-01T10:05:00+01:00,,[resolved] fixed\n";
        let ev = parse(csv, "log.csv", &Zone::parse("Europe/Berlin").unwrap()).unwrap();
        assert_eq!(ev[0].at.to_rfc3339(), "2026-03-01T10:00:00+00:00");
        assert_eq!((ev[0].author.as_deref(), ev[0].text.as_str()), (Some("Priya"), "paged, twice"));
        assert_eq!((ev[1].label, ev[1].author.as_deref(), ev[1].text.as_str()), (Some("resolved"), None, "fixed"));
        assert_eq!(ev[1].at.to_rfc3339(), "2026-03-01T09:05:00+00:00");
    }

    #[test]
    fn spreadsheet_spellings_are_read() {
        let z = Zone::parse("America/New_York").unwrap();
        let at = |t: &str| parse_time(t, &z).map(|a| a.to_rfc3339());
        assert_eq!(at("11/1/2026 0:20:05").as_deref(), Some("2026-11-01T04:20:05+00:00"));
        assert_eq!(at("Nov 1, 2026 12:20 AM").as_deref(), Some("2026-11-01T04:20:00+00:00"));
        assert_eq!(at("2026/11/01 2:05 pm UTC").as_deref(), Some("2026-11-01T14:05:00+00:00"));
        assert_eq!(at("25/12/2026 10:00").as_deref(), Some("2026-12-25T15:00:00+00:00"));
        assert_eq!(at("1762000000").as_deref(), Some("2025-11-01T12:26:40+00:00"));
        assert_eq!(at("soon"), None);
    }

    #[test]
    fn a_date_and_a_clock_column_are_read_together() {
        let csv = "Date,Time,Event\n2026-03-01,23:59,late\n";
        let ev = parse(csv, "log.csv", &Zone::default()).unwrap();
        assert_eq!(ev[0].at.to_rfc3339(), "2026-03-01T23:59:00+00:00");
    }

    #[test]
    fn an_unreadable_time_names_the_line() {
        let err = parse("time,text\n2026-03-01 10:00,a\nlater,b\n", "log.csv", &Zone::default()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "`log.csv`: line 3: `later` is not a time; write RFC 3339 or `YYYY-MM-DD HH:MM[:SS]`"
        );
        assert!(parse("who,when\n", "x.csv", &Zone::default()).unwrap_err().to_string().contains("no text column"));
    }
}
