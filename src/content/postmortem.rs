//! Post-mortems (`kind: postmortem`): typed front matter, the timeline, the
//! whys chain, action items and derived metrics.

use chrono::{DateTime, NaiveDate, Utc};

use crate::config::Config;
use crate::content::action_items::{self, ActionItem};
use crate::content::body::{Body, Item};
use crate::content::fields::Fields;
use crate::content::timeline::{self, Entry, Milestone};
use crate::diagnostic::Diagnostic;
use crate::time::{self, Zone};

/// Where a post-mortem is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    Draft,
    Review,
    Final,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Review => "review",
            Status::Final => "final",
        }
    }
}

/// A front matter timestamp with the line it was written on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stamp {
    pub at: DateTime<Utc>,
    pub line: usize,
    /// True when it came from a timeline milestone label, not front matter.
    pub from_timeline: bool,
}

/// A post-mortem's typed content.
#[derive(Debug, Clone, PartialEq)]
pub struct Postmortem {
    pub date: Option<NaiveDate>,
    pub severity: Option<String>,
    /// `None` when missing or invalid (treated as draft for relaxations).
    pub status: Option<Status>,
    pub services: Vec<String>,
    pub timezone: Zone,
    /// started, detected, acknowledged, mitigated, resolved (indexed by
    /// `Milestone as usize`).
    pub stamps: [Option<Stamp>; Milestone::ALL.len()],
    pub commander: Option<String>,
    pub authors: Vec<String>,
    pub responders: Vec<String>,
    pub customer_summary: Option<String>,
    pub timeline: Vec<Entry>,
    /// Byte ranges in the body of each list, table or time-led paragraph
    /// of the timeline that gave entries (`Entry::block` indexes it).
    pub timeline_blocks: Vec<std::ops::Range<usize>>,
    /// The zone the timeline section names for itself, if it does.
    pub timeline_zone: Option<Zone>,
    pub whys: Vec<Item>,
    pub whys_range: Option<std::ops::Range<usize>>,
    pub action_items: Vec<ActionItem>,
    /// Byte ranges of every list and table the action items came from, in
    /// order, across every action-items section (a nested `### Follow-ups`
    /// under `## Corrective actions` too): the page lays each section's
    /// items out in their place (`ActionItem::block` indexes them).
    pub action_item_blocks: Vec<std::ops::Range<usize>>,
}

impl Postmortem {
    pub fn is_draft(&self) -> bool {
        !matches!(self.status, Some(Status::Review | Status::Final))
    }

    pub fn stamp(&self, m: Milestone) -> Option<DateTime<Utc>> {
        self.stamps[m as usize].map(|s| s.at)
    }

    /// Seconds between two milestones, when both are known.
    pub fn between(&self, from: Milestone, to: Milestone) -> Option<i64> {
        Some((self.stamp(to)? - self.stamp(from)?).num_seconds())
    }

    pub fn time_to_detect(&self) -> Option<i64> {
        self.between(Milestone::Started, Milestone::Detected)
    }
    /// Acknowledged − detected: how long the first response took.
    pub fn time_to_acknowledge(&self) -> Option<i64> {
        self.between(Milestone::Detected, Milestone::Acknowledged)
    }
    pub fn time_to_mitigate(&self) -> Option<i64> {
        self.between(Milestone::Started, Milestone::Mitigated)
    }
    pub fn time_to_resolve(&self) -> Option<i64> {
        self.between(Milestone::Started, Milestone::Resolved)
    }
}

/// Reads a post-mortem's fields and structured sections from the body's
/// analysis and its text. The whys chain's items move out of `body` (the
/// document keeps only list positions).
pub fn parse(
    fields: &mut Fields,
    body: &mut Body,
    body_text: &str,
    config: &Config,
    file: &str,
) -> (Postmortem, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let date = fields.date("date", true);
    let written_severity = fields.text("severity", true);
    // `severity_aliases` and case: pages and exports show the configured name.
    let severity = written_severity.as_deref().map(|s| config.severity(s).unwrap_or(s).to_string());
    if let (Some(sev), Some(node)) = (&written_severity, fields.node("severity")) {
        if config.severity(sev).is_none() {
            let hint = match crate::diagnostic::did_you_mean(sev, config.severities.iter().map(String::as_str)) {
                Some(s) => format!("did you mean `{s}`? severities: {}", config.severities.join(", ")),
                None => format!(
                    "use one of {} (set `severities` in warroom.yaml to change them)",
                    config.severities.join(", ")
                ),
            };
            fields.report("invalid-field", node, format!("unknown severity `{sev}`"), Some(hint));
        }
    }
    let status_text = fields.text("status", true);
    let status = match status_text.as_deref() {
        None => None,
        Some("draft") => Some(Status::Draft),
        Some("review") => Some(Status::Review),
        Some("final") => Some(Status::Final),
        Some(other) => {
            if let Some(node) = fields.node("status") {
                fields.report(
                    "invalid-field",
                    node,
                    format!("unknown status `{other}`"),
                    Some("use `draft`, `review` or `final`".into()),
                );
            }
            None
        }
    };
    let services = fields.list("services", true);
    let written_zone = fields.zone("timezone");
    // Written but unreadable: reported once at its line.
    let zone_invalid = written_zone.is_none() && fields.node("timezone").is_some();
    let timezone = written_zone.unwrap_or(config.timezone);
    let mut stamps = [None; Milestone::ALL.len()];
    for m in Milestone::ALL {
        let key = m.as_str();
        if let Some(text) = fields.text(key, false) {
            let node = fields.node(key).expect("text() found it");
            match time::parse_timestamp(&text, &timezone) {
                Ok(at) => stamps[m as usize] = Some(Stamp { at, line: fields.line(node), from_timeline: false }),
                Err(e) => fields.report(
                    "invalid-field",
                    node,
                    format!("`{key}`: {e}"),
                    Some("write `2024-03-01 14:05` (in `timezone`) or RFC 3339 such as `2024-03-01T14:05:00Z`".into()),
                ),
            }
        }
    }
    let commander = fields.text("commander", false);
    let authors = fields.list("authors", false);
    let responders = fields.list("responders", false);
    let customer_summary = fields.text("customer_summary", false);

    let mut pm = Postmortem {
        date,
        severity,
        status,
        services,
        timezone,
        stamps,
        commander,
        authors,
        responders,
        customer_summary,
        timeline: Vec::new(),
        timeline_blocks: Vec::new(),
        timeline_zone: None,
        whys: Vec::new(),
        whys_range: None,
        action_items: Vec::new(),
        action_item_blocks: Vec::new(),
    };
    let mut timeline_read = false;
    for section in &mut body.sections {
        match section.key.as_deref() {
            Some("timeline") if !timeline_read => {
                timeline_read = true;
                let ctx = timeline::Context {
                    date,
                    zone: timezone,
                    zone_invalid,
                    abbreviations: &config.timezone_abbreviations,
                    file,
                    draft: pm.is_draft(),
                };
                let text = body_text.get(section.range.clone()).unwrap_or_default();
                let first_line =
                    section.line + body_text[section.heading.start..section.range.start].matches('\n').count();
                let t = timeline::read(text, section.range.start, first_line, &section.title, section.line, &ctx);
                diags.extend(t.diagnostics);
                pm.timeline = t.entries;
                pm.timeline_blocks = t.blocks;
                pm.timeline_zone = t.zone_note;
            }
            Some("root-cause") if pm.whys_range.is_none() => {
                if let Some(list) = section.lists.iter_mut().find(|l| l.ordered) {
                    pm.whys = std::mem::take(&mut list.items);
                    pm.whys_range = Some(list.range.clone());
                }
            }
            // Every action-items section is read: different headings of one
            // key are its parts ("Corrective actions" then "Follow-ups").
            Some("action-items") => {
                let (mut items, blocks) = action_items::parse(section, config, date);
                let offset = pm.action_item_blocks.len();
                for item in &mut items {
                    item.block += offset;
                }
                pm.action_items.extend(items);
                pm.action_item_blocks.extend(blocks);
            }
            _ => {}
        }
    }
    // Milestone labels supply missing timestamps.
    for entry in &pm.timeline {
        if let Some(m) = entry.milestone {
            if pm.stamps[m as usize].is_none() {
                pm.stamps[m as usize] = Some(Stamp { at: entry.at, line: entry.line, from_timeline: true });
            }
        }
    }
    (pm, diags)
}
