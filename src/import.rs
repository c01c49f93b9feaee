//! `warroom import`: Markdown post-mortems without front matter → documents
//! under `content/incidents/` (SPEC §9).
//!
//! Front matter is inferred from the first H1 (the title) and from metadata
//! lines near the top (see [`metadata`]); what cannot be inferred among the
//! required fields is written as `TODO`, which `check` reports. The body is
//! kept byte for byte, except the H1 that became the title. [`import_text`]
//! does the work without a disk; [`import_paths`] (in `files`) reads and
//! writes files and never overwrites one.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use chrono::{NaiveDate, NaiveDateTime};

use crate::config::Config;
use crate::slug::slugify;

mod files;
mod metadata;
mod values;

pub use files::{import_paths, Outcome};

use metadata::Field;
use values::{Moment, WrittenZone};

/// A document turned into a post-mortem.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The YAML between the `---` fences, one `key: value` a line.
    pub front_matter: String,
    /// The source after the title's H1, byte for byte.
    pub body: String,
    /// `2015-10-21-shakespeare-sonnet-outage.md`, or `<slug>.md` without a date.
    pub file_name: String,
    /// Each inferred field with where it came from, in front matter order.
    pub inferred: Vec<Inferred>,
    /// Required fields written as `TODO`.
    pub to_fill: Vec<&'static str>,
    /// Things worth knowing about values written as found (`severity "P1"
    /// is not configured`).
    pub notes: Vec<String>,
}

impl Imported {
    /// The whole post-mortem: front matter between fences, then the body.
    pub fn text(&self) -> String {
        format!("---\n{}---\n{}", self.front_matter, self.body)
    }
}

/// One inferred field and its source.
#[derive(Debug, Clone, PartialEq)]
pub struct Inferred {
    pub field: &'static str,
    /// The value as the report shows it.
    pub value: String,
    /// 1-based source line; 0 for the file name.
    pub line: usize,
    /// The source line, trimmed (or the file name).
    pub source: String,
}

/// Front matter's required post-mortem fields, in the order they are written.
const REQUIRED: [&str; 5] = ["title", "date", "severity", "status", "services"];

/// The first H1 of a document: its text and the byte range it (and one
/// blank line after it) takes.
struct Heading {
    text: String,
    line: usize,
    source: String,
    range: std::ops::Range<usize>,
}

/// A timestamp field as read: local date and time, and the zone written.
struct Stamp {
    field: Field,
    at: NaiveDateTime,
    zone: Option<WrittenZone>,
}

/// The zone a sentence of the document names for all of its times (Etsy
/// Morgue's "All times are currently shown in America/New_York time.", "All
/// times UTC"), for the times written without one.
fn document_zone(text: &str, config: &Config) -> Option<crate::time::Zone> {
    text.lines()
        .filter(|l| {
            let l = l.to_ascii_lowercase();
            l.contains("times") || l.contains("time zone") || l.contains("timezone")
        })
        .find_map(|l| {
            // Emphasis around the sentence is not part of it (an IANA name keeps its `_`).
            let plain = l.replace(['*', '`'], " ");
            crate::time::zone_from_phrase(plain.trim().trim_matches('_'), &config.timezone_abbreviations)
        })
}

/// Infers front matter for `text` (a file named `file_name`) and keeps its body.
pub fn import_text(text: &str, file_name: &str, config: &Config) -> Imported {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let heading = first_h1(text).filter(|h| config.postmortem_sections.key_for(&h.text).is_none());
    let mut inferred: Vec<Inferred> = Vec::new();
    let mut notes = Vec::new();
    let mut taken: BTreeSet<Field> = BTreeSet::new();
    let mut yaml_values: Vec<(Field, String)> = Vec::new();
    let mut stamps: Vec<(Stamp, usize, String)> = Vec::new();
    let mut dateless: Vec<(Field, chrono::NaiveTime, Option<WrittenZone>, usize, String)> = Vec::new();
    let mut date: Option<(NaiveDate, usize, String)> = None;

    let name = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    let stem = name.strip_suffix(".md").or_else(|| name.strip_suffix(".markdown")).unwrap_or(name);
    if let Some(h) = &heading {
        taken.insert(Field::Title);
        yaml_values.push((Field::Title, values::quoted(&h.text)));
        inferred.push(Inferred {
            field: "title",
            value: values::quoted(&h.text),
            line: h.line,
            source: h.source.clone(),
        });
    }

    let document_zone = document_zone(text, config);
    for meta in metadata::metadata_lines(text) {
        if taken.contains(&meta.field) || values::is_placeholder(&meta.value) {
            continue;
        }
        let zone_of = |m: &mut Moment| {
            if m.zone.is_none() {
                m.zone = meta.key_zone.as_deref().and_then(|z| values::zone_word(z, config));
            }
            if m.zone.is_none() {
                m.zone = document_zone.map(WrittenZone::Named);
            }
        };
        let shown = match meta.field {
            Field::Title => {
                yaml_values.push((Field::Title, values::quoted(&meta.value)));
                values::quoted(&meta.value)
            }
            Field::Date => {
                let Some(mut m) = values::moment(&meta.value, config) else { continue };
                let Some(d) = m.date else { continue };
                zone_of(&mut m);
                date = Some((d, meta.line, meta.source.clone()));
                // `Date: 2015-10-21 14:51 UTC` also says when it started.
                if let Some(clock) = m.clock {
                    let stamp = Stamp { field: Field::Started, at: d.and_time(clock), zone: m.zone };
                    stamps.push((stamp, meta.line, meta.source.clone()));
                }
                crate::time::ymd(d)
            }
            Field::Severity => {
                let (sev, configured) = values::severity(&meta.value, config);
                if !configured {
                    notes.push(format!(
                        "severity {} is not one of {}: `warroom check` reports it; map it with `severity_aliases: {{ {}: {} }}` in warroom.yaml",
                        values::quoted(&sev),
                        config.severities.join(", "),
                        if sev.chars().all(|c| c.is_ascii_alphanumeric()) { sev.clone() } else { values::quoted(&sev) },
                        config.severities.first().map_or("SEV1", String::as_str),
                    ));
                }
                yaml_values.push((Field::Severity, values::quoted(&sev)));
                sev
            }
            Field::Status => {
                let (status, reworded) = values::status(&meta.value);
                let line = if reworded {
                    format!("{status}  # was {}", values::quoted(&meta.value))
                } else {
                    status.to_string()
                };
                yaml_values.push((Field::Status, line));
                status.to_string()
            }
            Field::Services | Field::Authors => {
                let names = values::names(&meta.value);
                if names.is_empty() {
                    continue;
                }
                let list: Vec<String> = names.iter().map(|n| values::quoted(n)).collect();
                yaml_values.push((meta.field, format!("[{}]", list.join(", "))));
                names.join(", ")
            }
            Field::Commander => {
                yaml_values.push((Field::Commander, values::quoted(&meta.value)));
                meta.value.clone()
            }
            Field::Id => {
                if !values::is_id_like(&meta.value) {
                    continue;
                }
                yaml_values.push((Field::Id, values::quoted(&meta.value)));
                meta.value.clone()
            }
            Field::Started | Field::Detected | Field::Mitigated | Field::Resolved => {
                let Some(mut m) = values::moment(&meta.value, config) else { continue };
                let Some(clock) = m.clock else { continue };
                zone_of(&mut m);
                match m.date {
                    Some(d) => {
                        let stamp = Stamp { field: meta.field, at: d.and_time(clock), zone: m.zone };
                        stamps.retain(|(s, ..)| s.field != meta.field);
                        stamps.push((stamp, meta.line, meta.source.clone()));
                    }
                    None => dateless.push((meta.field, clock, m.zone, meta.line, meta.source.clone())),
                }
                taken.insert(meta.field);
                continue;
            }
        };
        taken.insert(meta.field);
        inferred.push(Inferred { field: meta.field.name(), value: shown, line: meta.line, source: meta.source });
    }

    // The title falls back to the file name; the date to the file name's
    // leading date or to the day the incident started.
    let (name_date, name_title) = split_file_date(stem);
    if !taken.contains(&Field::Title) {
        let title = name_title;
        yaml_values.push((Field::Title, values::quoted(&title)));
        let value = values::quoted(&title);
        inferred.push(Inferred { field: "title", value, line: 0, source: format!("the file name ({name})") });
    }
    if date.is_none() {
        if let Some(d) = name_date {
            date = Some((d, 0, format!("the file name ({name})")));
        } else if let Some((s, line, source)) = stamps.iter().find(|(s, ..)| s.field == Field::Started) {
            date = Some((s.at.date(), *line, source.clone()));
        }
        if let Some((d, line, source)) = &date {
            let value = crate::time::ymd(*d);
            inferred.push(Inferred { field: "date", value, line: *line, source: source.clone() });
        }
    }
    // Times written without a date take the incident's date.
    for (field, clock, zone, line, source) in dateless {
        match &date {
            Some((d, ..)) => {
                stamps.retain(|(s, ..)| s.field != field);
                stamps.push((Stamp { field, at: d.and_time(clock), zone }, line, source));
            }
            None => notes.push(format!("`{}` on line {line} has a time but no date, so it was left out", field.name())),
        }
    }
    stamps.sort_by_key(|(s, ..)| s.field);
    for (stamp, line, _) in &stamps {
        if let Some(WrittenZone::Abbreviation(name, _)) = &stamp.zone {
            if let Some(Err(why)) = crate::time::abbreviation(name).map(|a| a.check(stamp.at)) {
                notes.push(format!("`{}` on line {line}: {why}; converted with {name} as written", stamp.field.name()));
            }
        }
    }
    let (timezone, stamp_lines) = stamp_values(&stamps);
    for ((stamp, line, source), value) in stamps.iter().zip(&stamp_lines) {
        inferred.push(Inferred {
            field: stamp.field.name(),
            value: value.clone(),
            line: *line,
            source: source.clone(),
        });
    }

    let mut yaml = String::new();
    let mut to_fill = Vec::new();
    let value_of = |f: Field| yaml_values.iter().find(|(field, _)| *field == f).map(|(_, v)| v.clone());
    for key in REQUIRED {
        let field = match key {
            "title" => Field::Title,
            "date" => Field::Date,
            "severity" => Field::Severity,
            "status" => Field::Status,
            _ => Field::Services,
        };
        let value = match field {
            Field::Date => date.as_ref().map(|(d, ..)| crate::time::ymd(*d)),
            _ => value_of(field),
        };
        let value = value.unwrap_or_else(|| {
            to_fill.push(key);
            if field == Field::Services {
                "[TODO]".to_string()
            } else {
                "TODO".to_string()
            }
        });
        let _ = writeln!(yaml, "{key}: {value}");
    }
    if let Some(id) = value_of(Field::Id) {
        let _ = writeln!(yaml, "id: {id}");
    }
    if let Some(zone) = timezone {
        let _ = writeln!(yaml, "timezone: {}", values::quoted(&zone));
        inferred.push(Inferred {
            field: "timezone",
            value: zone,
            line: 0,
            source: "the zone every timestamp was written in".into(),
        });
    }
    for ((stamp, ..), value) in stamps.iter().zip(&stamp_lines) {
        let _ = writeln!(yaml, "{}: {value}", stamp.field.name());
    }
    for field in [Field::Commander, Field::Authors] {
        if let Some(v) = value_of(field) {
            let _ = writeln!(yaml, "{}: {v}", field.name());
        }
    }

    let body = match &heading {
        Some(h) => format!("{}{}", &text[..h.range.start], &text[h.range.end..]),
        None => text.to_string(),
    };
    let title_slug = slugify(&unquote(&value_of(Field::Title).unwrap_or_default()));
    let file_name = match &date {
        Some((d, ..)) => format!("{}-{title_slug}.md", crate::time::ymd(*d)),
        None => format!("{title_slug}.md"),
    };
    inferred.sort_by_key(|i| order(i.field));
    Imported { front_matter: yaml, body, file_name, inferred, to_fill, notes }
}

/// Where a field sits in front matter, for the report's order.
fn order(field: &str) -> usize {
    ["title", "date", "severity", "status", "services", "id", "timezone", "started", "detected", "mitigated"]
        .iter()
        .chain(&["resolved", "commander", "authors"])
        .position(|f| *f == field)
        .unwrap_or(usize::MAX)
}

/// The front matter values of the timestamps, and the `timezone` to write.
/// Stamps in one IANA zone or offset share it as `timezone` and are written
/// `YYYY-MM-DD HH:MM`; stamps in different ones name their own zone; an
/// abbreviation (`PST`) becomes RFC 3339 with its offset.
fn stamp_values(stamps: &[(Stamp, usize, String)]) -> (Option<String>, Vec<String>) {
    let named: BTreeSet<String> = stamps
        .iter()
        .filter_map(|(s, ..)| match &s.zone {
            Some(WrittenZone::Named(z)) => Some(z.name()),
            _ => None,
        })
        .collect();
    let shared = (named.len() == 1).then(|| named.iter().next().cloned()).flatten();
    let lines = stamps
        .iter()
        .map(|(s, ..)| {
            let local = wall_clock(s.at);
            match &s.zone {
                None => local,
                Some(WrittenZone::Named(_)) if shared.is_some() => local,
                Some(WrittenZone::Named(z)) => format!("{local} {}", z.name()),
                Some(WrittenZone::Abbreviation(_, z)) => rfc3339(s.at, z).unwrap_or(local),
            }
        })
        .collect();
    (shared, lines)
}

/// `YYYY-MM-DD HH:MM`, with seconds when they are not zero.
fn wall_clock(at: NaiveDateTime) -> String {
    format!("{} {}", crate::time::ymd(at.date()), crate::time::clock(at.time()))
}

/// `2015-10-21T14:51:00-07:00`: a local time with the offset its zone has then.
fn rfc3339(local: NaiveDateTime, zone: &crate::time::Zone) -> Option<String> {
    let utc = zone.to_utc(local).ok()?;
    let offset = (local - utc.naive_utc()).num_seconds();
    let offset = chrono::FixedOffset::east_opt(i32::try_from(offset).ok()?)?;
    Some(utc.with_timezone(&offset).to_rfc3339())
}

fn unquote(v: &str) -> String {
    let inner = v.strip_prefix('"').and_then(|s| s.strip_suffix('"')).unwrap_or(v);
    inner.replace("\\\"", "\"").replace("\\\\", "\\")
}

/// A file name's leading date and the rest as a title:
/// `2015-10-21-sonnet-outage` → (2015-10-21, "Sonnet outage").
fn split_file_date(stem: &str) -> (Option<NaiveDate>, String) {
    let (date, rest) = match stem.get(..10).and_then(crate::time::parse_date) {
        Some(d) => (Some(d), stem[10..].trim_start_matches(['-', '_', ' '])),
        None => (None, stem),
    };
    let words = rest.replace(['-', '_'], " ");
    let words = words.trim();
    let mut chars = words.chars();
    let title = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => stem.to_string(),
    };
    (date, title)
}

/// The first H1 outside code fences: `# Title` or a Setext `Title` over `===`.
fn first_h1(text: &str) -> Option<Heading> {
    let lines: Vec<(usize, &str)> = text
        .split_inclusive('\n')
        .scan(0, |at, l| {
            let start = *at;
            *at += l.len();
            Some((start, l))
        })
        .collect();
    let content = |l: &str| l.trim_end_matches(['\n', '\r']).to_string();
    let blank_after = |i: usize| lines.get(i).filter(|(_, l)| l.trim().is_empty()).map(|(s, l)| s + l.len());
    let mut fence: Option<String> = None;
    for (i, (start, raw)) in lines.iter().enumerate() {
        let line = content(raw);
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if let Some(f) = &fence {
            if trimmed.starts_with(f.as_str()) {
                fence = None;
            }
            continue;
        }
        if indent < 4 && (trimmed.starts_with("```") || trimmed.starts_with("~~~")) {
            fence = Some(trimmed[..3].to_string());
            continue;
        }
        let end_of = |k: usize| lines[k].0 + lines[k].1.len();
        if indent < 4 && (trimmed.starts_with("# ") || trimmed == "#") {
            let mut title = trimmed[1..].trim();
            // A closing sequence of `#`s is not part of the title.
            let closed = title.trim_end_matches('#');
            if closed.is_empty() || closed.ends_with(' ') {
                title = closed.trim_end();
            }
            if title.is_empty() {
                continue;
            }
            let end = blank_after(i + 1).unwrap_or(end_of(i));
            return Some(Heading {
                text: title.to_string(),
                line: i + 1,
                source: line.trim().to_string(),
                range: *start..end,
            });
        }
        // Setext: a one-line paragraph underlined with `=`.
        let underline = lines.get(i + 1).map(|(_, l)| content(l)).unwrap_or_default();
        let under = underline.trim();
        let starts_paragraph = i == 0 || lines[i - 1].1.trim().is_empty();
        if starts_paragraph
            && indent < 4
            && !trimmed.is_empty()
            && !under.is_empty()
            && under.chars().all(|c| c == '=')
            && !trimmed.starts_with(['-', '*', '+', '>', '|', '#'])
        {
            let end = blank_after(i + 2).unwrap_or(end_of(i + 1));
            let source = format!("{} / {}", trimmed.trim_end(), under);
            return Some(Heading { text: trimmed.trim().to_string(), line: i + 1, source, range: *start..end });
        }
    }
    None
}

#[cfg(test)]
mod tests;
