//! `timeline --into FILE`: new entries added to a post-mortem's timeline
//! section, in time order among the entries already there, with dates
//! written where the day changes, and no other line of the file touched.
//!
//! Work is by whole lines of the file as it is on disk (a BOM and CRLF
//! line endings stay), placed after the existing entry each new one
//! follows; a file without a timeline section gets one where the kind's
//! skeleton has it, before the root cause.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{anyhow, bail, Context as _};
use chrono::NaiveDate;

use super::{render_one, Event, Line};
use crate::config::Config;
use crate::content::body::Section;
use crate::content::timeline::{self, Milestone};
use crate::content::Document;
use crate::time::Zone;

/// Sections the skeleton puts after the timeline, in order.
const AFTER_TIMELINE: [&str; 4] = ["root-cause", "resolution", "action-items", "lessons"];

/// The new text of a post-mortem and what changed.
#[derive(Debug, Clone)]
pub struct Plan {
    pub text: String,
    /// The zone the entries were written in.
    pub zone: Zone,
    /// The 1-based file lines of the added entries, in the new text.
    pub added: Vec<usize>,
    /// Things worth telling the user; the plan is still good.
    pub warnings: Vec<String>,
}

/// Lines added at one place: blank lines or a heading around the entries.
#[derive(Debug, Clone, Default)]
struct Block {
    before: Vec<String>,
    entries: Vec<String>,
    after: Vec<String>,
}

/// How the entry an insertion follows is written.
#[derive(Debug, Clone)]
enum Style {
    /// A list item: its marker (`- `, `* `, `1. `).
    Item(String),
    /// A table row with this many columns.
    Row(usize),
}

/// Where an existing entry sits in the file.
#[derive(Debug, Clone)]
struct Anchor {
    first_line: usize,
    last_line: usize,
    style: Style,
    /// True when the entry writes its own date (so nothing carries onto it).
    dated: bool,
}

/// The zone a post-mortem's timeline is written in: a zone named in the
/// heading's parentheses (`## Timeline (all times UTC)`), else its own.
pub fn zone_of(doc: &Document) -> Option<Zone> {
    let pm = doc.postmortem()?;
    let from_heading = timeline_section(doc).and_then(|s| {
        let inner = s.title.rsplit_once('(')?.1.trim_end_matches(')');
        Zone::parse(inner.rsplit(' ').next()?)
    });
    Some(from_heading.unwrap_or(pm.timezone))
}

/// [`zone_of`] for a post-mortem's text; `file` names it in errors.
pub fn zone(original: &str, file: &str, config: &Config) -> anyhow::Result<Zone> {
    let doc = parse(original, file, config)?;
    Ok(zone_of(&doc).expect("parse checked it is a post-mortem"))
}

fn parse(original: &str, file: &str, config: &Config) -> anyhow::Result<Document> {
    let stem = Path::new(file).file_name().and_then(|n| n.to_str()).unwrap_or("x.md");
    let doc = Document::parse(original, &format!("content/incidents/{stem}"), config)
        .ok_or_else(|| anyhow!("`{file}` is not a post-mortem"))?;
    if doc.postmortem().is_none() {
        bail!("`{file}` is not a post-mortem (its front matter cannot be read or names another kind)");
    }
    Ok(doc)
}

/// The timeline section: headings are matched by the config's aliases after
/// normalising, so `## Timeline (all times UTC)` is found like `## Timeline`.
fn timeline_section(doc: &Document) -> Option<&Section> {
    doc.body.sections.iter().find(|s| s.key.as_deref() == Some("timeline"))
}

/// Plans adding `events` (in time order) to the post-mortem `original`.
/// `file` names it in messages. Does no I/O.
pub fn plan(original: &str, file: &str, config: &Config, events: &[Event]) -> anyhow::Result<Plan> {
    let doc = parse(original, file, config)?;
    let pm = doc.postmortem().expect("parse checked it is a post-mortem");
    let zone = zone_of(&doc).unwrap_or(pm.timezone);
    let mut warnings = Vec::new();
    let section = timeline_section(&doc);
    // A parsed document keeps only the positions of its lists and tables:
    // read the timeline section's items and rows again.
    let full = crate::content::body::analyse(doc.body_text(), doc.body_line, &|_| None);
    let full_section = section.and_then(|s| full.sections.iter().find(|f| f.line == s.line));
    let anchors: Vec<Anchor> = match full_section {
        Some(s) => pm.timeline.iter().map(|e| anchor(&doc, s, e.line)).collect(),
        None => Vec::new(),
    };
    // Where new lines go when no entry is there to follow: (index of the
    // line they go before, lines before them, lines after them).
    let fresh = match section {
        Some(s) => {
            let last = last_content_line(&doc, s);
            let next_blank = original.lines().nth(last).is_none_or(|l| l.trim().is_empty());
            (last, vec![String::new()], if next_blank { vec![] } else { vec![String::new()] })
        }
        None => {
            let before = doc
                .body
                .sections
                .iter()
                .find(|s| s.key.as_deref().is_some_and(|k| AFTER_TIMELINE.contains(&k)))
                .map(|s| s.line - 1);
            match before {
                Some(i) => {
                    let prev_blank = i == 0 || original.lines().nth(i - 1).is_none_or(|l| l.trim().is_empty());
                    let mut head = if prev_blank { vec![] } else { vec![String::new()] };
                    head.extend(["## Timeline".to_string(), String::new()]);
                    (i, head, vec![String::new()])
                }
                None => {
                    let n = original.lines().count();
                    let last_blank = original.lines().last().is_none_or(|l| l.trim().is_empty());
                    let mut head = if last_blank { vec![] } else { vec![String::new()] };
                    head.extend(["## Timeline".to_string(), String::new()]);
                    (n, head, vec![])
                }
            }
        }
    };

    let mut groups: BTreeMap<usize, Block> = BTreeMap::new();
    let mut prev_date: Option<NaiveDate> = pm.date;
    let mut j = 0;
    for e in events {
        while j < pm.timeline.len() && pm.timeline[j].at <= e.at {
            prev_date = Some(pm.timeline[j].date);
            j += 1;
        }
        let e = &keep_label_if_consistent(e, pm, &mut warnings);
        let line = render_one(e, &zone, prev_date);
        prev_date = Some(line.date);
        let (at, style) = if j > 0 {
            (anchors[j - 1].last_line, anchors[j - 1].style.clone())
        } else if let Some(first) = anchors.first() {
            (first.first_line - 1, first.style.clone())
        } else {
            (fresh.0, Style::Item("- ".to_string()))
        };
        if let Some(next) = anchors.get(j).filter(|a| !a.dated) {
            if pm.timeline[j].date != line.date {
                warnings.push(format!(
                    "the entry at line {} carries its date from the entry before it, which is now one on {}; \
                     write its date to keep it on {}",
                    next.first_line,
                    crate::time::ymd(line.date),
                    crate::time::ymd(pm.timeline[j].date)
                ));
            }
        }
        let group = groups.entry(at).or_insert_with(|| {
            if anchors.is_empty() {
                Block { before: fresh.1.clone(), entries: Vec::new(), after: fresh.2.clone() }
            } else {
                Default::default()
            }
        });
        group.entries.push(entry_line(&line, &style));
    }
    if let (Some(d), Some(first)) = (pm.date, events.first()) {
        if zone.local_date(first.at) < d {
            warnings.push(format!("entries begin before the post-mortem's date {}", crate::time::ymd(d)));
        }
    }

    let eol = if original.contains("\r\n") { "\r\n" } else { "\n" };
    let mut out = String::with_capacity(original.len() + events.len() * 80);
    let mut added = Vec::new();
    let mut line_no = 0;
    let mut emit = |out: &mut String, group: &Block, line_no: &mut usize| {
        if !out.is_empty() && !out.ends_with('\n') {
            out.push_str(eol);
        }
        for (k, part) in [&group.before, &group.entries, &group.after].into_iter().enumerate() {
            for l in part {
                out.push_str(l);
                out.push_str(eol);
                *line_no += 1;
                if k == 1 {
                    added.push(*line_no);
                }
            }
        }
    };
    for (i, l) in original.split_inclusive('\n').enumerate() {
        if let Some(g) = groups.get(&i) {
            emit(&mut out, g, &mut line_no);
        }
        out.push_str(l);
        line_no += 1;
    }
    let n = original.split_inclusive('\n').count();
    for (_, g) in groups.range(n..) {
        emit(&mut out, g, &mut line_no);
    }
    Ok(Plan { text: out, zone, added, warnings })
}

/// A list item or table row for a rendered entry.
fn entry_line(line: &Line, style: &Style) -> String {
    match style {
        Style::Item(marker) => format!("{marker}{}", line.text()),
        Style::Row(cols) => {
            let mut row = format!("| {} | {} |", line.time, line.body);
            for _ in 2..*cols {
                row.push_str("  |");
            }
            row
        }
    }
}

/// Drops a milestone label that would disagree with the post-mortem's own
/// timestamp for it (the entry stays).
fn keep_label_if_consistent(
    e: &Event,
    pm: &crate::content::postmortem::Postmortem,
    warnings: &mut Vec<String>,
) -> Event {
    let milestone = Milestone::ALL.into_iter().find(|m| Some(m.as_str()) == e.label);
    if let Some(m) = milestone {
        if let Some(have) = pm.stamp(m) {
            if have != e.at {
                warnings.push(format!(
                    "left out the [{}] label of an entry: the post-mortem already says {} {}",
                    m.as_str(),
                    m.as_str(),
                    crate::time::iso_utc(have)
                ));
                return Event { label: None, ..e.clone() };
            }
        }
    }
    e.clone()
}

/// Where the existing entry written at `line` sits, and how it is written.
fn anchor(doc: &Document, s: &Section, line: usize) -> Anchor {
    let body = doc.body_text();
    for list in &s.lists {
        if let Some(item) = list.items.iter().find(|i| i.line == line) {
            let src = &body[item.range.clone()];
            let content_end = item.range.start + src.trim_end().len();
            let last_line = doc.body_line + newlines(&body[..content_end.max(item.range.start + 1) - 1]);
            let first = src.lines().next().unwrap_or("");
            let marker_len = first.len() - first.trim_start().len() + first.trim_start().find(' ').map_or(2, |k| k + 1);
            let mut marker = first.get(..marker_len).unwrap_or("- ").to_string();
            if !marker.ends_with(' ') {
                marker.push(' ');
            }
            let dated = timeline::parse_entry(&item.text, &Default::default()).is_some_and(|r| r.date.is_some());
            return Anchor { first_line: line, last_line, style: Style::Item(marker), dated };
        }
    }
    for table in &s.tables {
        if let Some(row) = table.rows.iter().find(|r| r.line == line) {
            let dated = row
                .cells
                .first()
                .and_then(|c| timeline::parse_entry(&format!("{c} x"), &Default::default()))
                .is_some_and(|r| r.date.is_some());
            return Anchor { first_line: line, last_line: line, style: Style::Row(table.header.len().max(2)), dated };
        }
    }
    let text = doc.source.lines().nth(line - 1).unwrap_or("");
    let dated = timeline::parse_entry(text.trim_start_matches(['-', '*', '+', ' ']), &Default::default())
        .is_some_and(|r| r.date.is_some());
    Anchor { first_line: line, last_line: line, style: Style::Item("- ".to_string()), dated }
}

/// The file line of the last non-blank line of a section (its heading
/// when it is empty).
fn last_content_line(doc: &Document, s: &Section) -> usize {
    let body = doc.body_text();
    let text = &body[s.range.clone()];
    let content = text.trim_end().len();
    if content == 0 {
        return s.line;
    }
    doc.body_line + newlines(&body[..s.range.start + content - 1])
}

fn newlines(s: &str) -> usize {
    s.bytes().filter(|b| *b == b'\n').count()
}

/// Writes `text` to `path` through a temporary file in the same folder, so
/// the file is either the old one or the new one, never half of each.
pub fn write_atomic(path: &Path, text: &str) -> anyhow::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name =
        path.file_name().and_then(|n| n.to_str()).ok_or_else(|| anyhow!("`{}` names no file", path.display()))?;
    let tmp = dir.join(format!(".{name}.warroom-{}.tmp", std::process::id()));
    std::fs::write(&tmp, text).with_context(|| format!("cannot write `{}`", tmp.display()))?;
    if let Ok(meta) = std::fs::metadata(path) {
        let _ = std::fs::set_permissions(&tmp, meta.permissions());
    }
    if let Err(e) = std::fs::rename(&tmp, path) {
        let _ = std::fs::remove_file(&tmp);
        bail!("cannot replace `{}`: {e}", path.display());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> chrono::DateTime<chrono::Utc> {
        chrono::DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&chrono::Utc)
    }

    const HEAD: &str = "---\ntitle: T\ndate: 2026-11-01\nseverity: SEV3\nstatus: draft\nservices: [x]\n---\n\n";

    #[test]
    fn table_timelines_get_rows() {
        let text = format!(
            "{HEAD}## Timeline\n\n| Time | Event | Who |\n|---|---|---|\n| 04:00 | Start | a |\n| 04:02:30 | Mid | b |\n\nProse.\n"
        );
        let ev =
            [Event { at: at("2026-11-01T04:01:00Z"), author: Some("Sam".into()), label: None, text: "a | b".into() }];
        let plan = plan(&text, "t.md", &Config::default(), &ev).unwrap();
        assert!(
            plan.text.contains("| 04:00 | Start | a |\n| 04:01 | Sam: a \\| b |  |\n| 04:02:30 | Mid | b |\n"),
            "{}",
            plan.text
        );
    }

    #[test]
    fn crlf_files_keep_their_line_endings() {
        let text = format!("{HEAD}## Timeline\n\n- 04:00 Start\n\n## Root cause\n").replace('\n', "\r\n");
        let ev = [Event { at: at("2026-11-01T05:00:00Z"), author: None, label: Some("resolved"), text: "Done".into() }];
        let plan = plan(&text, "t.md", &Config::default(), &ev).unwrap();
        assert_eq!(plan.text, text.replace("- 04:00 Start\r\n", "- 04:00 Start\r\n- 05:00 [resolved] Done\r\n"));
    }

    #[test]
    fn new_entries_follow_the_item_they_come_after_continuation_lines_included() {
        let text = format!("{HEAD}## Timeline\n\n* 04:00 Start\n  still starting\n* 04:10 Next\n\n## Root cause\n");
        let ev = [
            Event { at: at("2026-11-01T04:05:00Z"), author: None, label: None, text: "Between".into() },
            Event { at: at("2026-11-02T01:00:00Z"), author: None, label: None, text: "Next day".into() },
        ];
        let plan = plan(&text, "t.md", &Config::default(), &ev).unwrap();
        assert!(
            plan.text.contains(
                "* 04:00 Start\n  still starting\n* 04:05 Between\n* 04:10 Next\n* 2026-11-02 01:00 Next day\n\n## Root cause"
            ),
            "{}",
            plan.text
        );
        assert_eq!(plan.added, [13, 15]);
    }

    #[test]
    fn a_label_that_disagrees_with_front_matter_is_left_out() {
        let text = HEAD.replace("services: [x]\n", "services: [x]\ndetected: 2026-11-01 03:00\n")
            + "## Timeline\n\n- 02:00 Start\n";
        let ev = [Event {
            at: at("2026-11-01T03:10:00Z"),
            author: None,
            label: Some("detected"),
            text: "Alert fired".into(),
        }];
        let plan = plan(&text, "t.md", &Config::default(), &ev).unwrap();
        assert!(plan.text.ends_with("- 02:00 Start\n- 03:10 Alert fired\n"), "{}", plan.text);
        assert_eq!(plan.warnings.len(), 1, "{:?}", plan.warnings);
        assert!(plan.warnings[0].contains("[detected]"), "{:?}", plan.warnings);
    }
}
