//! The shapes templates see (documented in docs/templates.md).
//!
//! Views are plain serializable structs built once per document and shared
//! by every page that shows the document.

use serde::Serialize;

/// A link to a document, relative to the site root.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LinkView {
    pub title: String,
    pub url: String,
    pub kind: &'static str,
}

/// A service or tag.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TermRef {
    pub name: String,
    pub url: String,
}

/// An instant shown in the incident's zone and in UTC.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TimeView {
    pub local: String,
    pub utc: String,
    pub iso: String,
}

/// The milestone times of an incident page, worked out once here rather
/// than by string surgery in the template: a row per milestone (acknowledged
/// only when it was recorded), the date written only where it changes from
/// the row above, and a UTC column only when some time reads differently in UTC.
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct MilestoneTable {
    /// Whether the table has a UTC column.
    pub utc: bool,
    pub rows: Vec<MilestoneRow>,
}

/// One row of a [`MilestoneTable`]; the text fields are empty for a
/// milestone without a time.
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct MilestoneRow {
    /// `started`, `detected`, `acknowledged`, `mitigated` or `resolved`.
    pub key: &'static str,
    pub iso: String,
    /// The local date, when it differs from the row above's.
    pub day: String,
    /// The local time and zone abbreviation (`17:05 CET`).
    pub clock: String,
    /// The UTC date, when it differs from the local one.
    pub utc_day: String,
    /// The UTC time (`16:05 UTC`).
    pub utc_clock: String,
}

/// A length of time.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DurationView {
    pub seconds: i64,
    pub human: String,
}

impl DurationView {
    pub fn new(seconds: i64) -> DurationView {
        DurationView { seconds, human: crate::time::human_duration(seconds) }
    }
}

/// One section of a document body.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct SectionView {
    pub key: String,
    pub title: String,
    /// The heading level to print (2 to 4), or 0 for a section opened by a
    /// bold label, whose label is part of its text.
    pub level: u8,
    pub anchor: String,
    pub html: String,
    /// When the template draws blocks of the section itself (timeline
    /// entries, whys, action items): the HTML before, between and after
    /// those blocks, one piece more than blocks. Empty otherwise.
    pub pieces: Vec<String>,
    /// The index of the section's first block among those of its key
    /// (timeline entries and action items name their block by that index):
    /// items of a second action-items section start after the first's.
    pub first_block: usize,
}

/// A timeline entry.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EntryView {
    pub date: String,
    pub time: String,
    pub utc: String,
    pub iso: String,
    pub milestone: &'static str,
    pub text_html: String,
    pub new_day: bool,
    pub line: usize,
    /// Which block of the timeline section the entry was read from.
    pub block: usize,
}

/// One why of the chain.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct WhyView {
    pub n: usize,
    pub html: String,
}

/// An action item.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ActionView {
    pub action_html: String,
    pub owner: String,
    pub due: String,
    pub ticket: String,
    pub ticket_url: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub status: &'static str,
    pub overdue: bool,
    pub line: usize,
    /// Which block of the action-items section the item was read from.
    pub block: usize,
    /// Table columns that map to no field, in order: header as written and
    /// the cell's Markdown.
    pub extra: Vec<ExtraView>,
}

/// An action item's column that maps to no field (`Priority`, `Labels`).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ExtraView {
    pub name: String,
    /// The cell's Markdown, as written.
    pub text: String,
    /// The cell rendered inline, like `action_html`.
    pub html: String,
}

/// An incident on its own page: the list row plus everything the page shows.
/// Templates see one flat object (`doc.title`, `doc.timeline`, ...).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct IncidentView {
    #[serde(flatten)]
    pub row: IncidentSummary,
    pub commander: String,
    pub authors: Vec<String>,
    pub responders: Vec<String>,
    pub customer_summary: String,
    pub timezone: String,
    pub started: Option<TimeView>,
    pub detected: Option<TimeView>,
    pub acknowledged: Option<TimeView>,
    pub mitigated: Option<TimeView>,
    pub resolved: Option<TimeView>,
    pub time_to_detect: Option<DurationView>,
    /// Acknowledged − detected.
    pub time_to_acknowledge: Option<DurationView>,
    pub time_to_mitigate: Option<DurationView>,
    pub time_to_resolve: Option<DurationView>,
    /// The milestone times as the incident page's table shows them.
    pub milestone_table: MilestoneTable,
    pub preamble_html: String,
    pub sections: Vec<SectionView>,
    pub timeline: Vec<EntryView>,
    pub whys: Vec<WhyView>,
    pub action_items: Vec<ActionView>,
    pub related: Vec<LinkView>,
    pub related_incidents: Vec<LinkView>,
    pub edit_path: String,
    /// Unique anchor of the document inside the print binder.
    pub anchor: String,
}

/// An incident in list pages (history, home, taxonomies): only what a row shows,
/// so a list of 10,000 incidents stays small in the template context.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct IncidentSummary {
    pub id: String,
    pub title: String,
    pub url: String,
    pub date: String,
    pub year: String,
    pub severity: String,
    pub severity_rank: usize,
    pub status: &'static str,
    pub services: Vec<TermRef>,
    pub tags: Vec<TermRef>,
    pub duration: Option<DurationView>,
    pub summary: String,
    pub open_actions: usize,
}

/// A contact of a phone list.
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct ContactView {
    pub name: String,
    pub org: String,
    pub role: String,
    pub phone: String,
    pub phone_e164: String,
    pub phone_tel: String,
    pub alt_phone: String,
    pub alt_e164: String,
    pub alt_tel: String,
    pub email: String,
    pub hours: String,
    pub escalation: String,
    pub account: String,
    pub notes: String,
}

/// A group of a phone list.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct GroupView {
    pub name: String,
    pub anchor: String,
    pub contacts: Vec<ContactView>,
}

/// A phone list.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ContactsView {
    pub id: String,
    pub title: String,
    pub url: String,
    pub vcf_url: String,
    pub csv_url: String,
    pub last_verified: String,
    pub verify_every: i64,
    pub verify_due: String,
    pub review_state: &'static str,
    pub body_html: String,
    pub count: usize,
    pub groups: Vec<GroupView>,
    /// Which optional columns hold something in at least one row, so a
    /// column empty for everyone takes no room on screen or paper.
    pub columns: ContactColumns,
    pub edit_path: String,
    pub anchor: String,
}

/// The optional columns of a phone list that are used.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct ContactColumns {
    pub role: bool,
    pub alt_phone: bool,
    pub email: bool,
    pub hours: bool,
    pub escalation: bool,
    pub account: bool,
    pub notes: bool,
}

/// A runbook.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RunbookView {
    pub id: String,
    pub title: String,
    pub url: String,
    pub services: Vec<TermRef>,
    pub tags: Vec<TermRef>,
    pub owner: String,
    pub last_reviewed: String,
    pub review_every: i64,
    pub review_due: String,
    pub review_state: &'static str,
    pub preamble_html: String,
    pub sections: Vec<SectionView>,
    pub related: Vec<LinkView>,
    pub contacts: Vec<ContactsView>,
    pub referenced_by: Vec<LinkView>,
    /// The incidents that used the runbook, newest first, with their dates.
    pub used_in: Vec<UseView>,
    pub edit_path: String,
    pub anchor: String,
}

/// An incident that used a runbook, for the runbook's "Used in" list.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct UseView {
    pub id: String,
    pub title: String,
    pub url: String,
    pub date: String,
    /// Used after the runbook's `last_reviewed`: the runbook awaits revision.
    pub since_review: bool,
}

/// A runbook or phone list due for review, on the home page.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ReviewView {
    pub title: String,
    pub url: String,
    pub kind: &'static str,
    pub due: String,
    pub state: &'static str,
}
