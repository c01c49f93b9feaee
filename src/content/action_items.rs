//! Action items (SPEC §2, §9): the follow-ups a post-mortem promises, read
//! from every list and every table with an action column of the
//! action-items section, in document order.
//!
//! Tables name their columns in the header, as the public templates and a
//! Jira export write them (`Action Item | Type | Owner | Bug`, `Key |
//! Summary | Assignee | Status | Due Date`); columns that map to no field
//! are kept as [`ActionItem::extra`]. List items carry their fields in the
//! text (`@sam`, `Owner: Sam Lee`, `due 2024-04-01`, a ticket link), read in
//! [`list_item`]. An item is closed by a ticked box, strike-through, or a
//! status word in a status, ticket or other cell — never by the words of
//! the action itself ("fixed the retry loop" is not a status).

mod list_item;

use std::ops::Range;

use chrono::{Datelike, NaiveDate};

use crate::config::Config;
use crate::content::body::{Row, Section, Table};
use crate::time;

/// How an item was written, so that hints name the fix in the same form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Form {
    /// A table row.
    #[default]
    Table,
    /// A list item without a task box.
    List,
    /// A GFM task list item (`- [ ]`, `- [x]`).
    TaskList,
}

/// One follow-up promised by a post-mortem.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ActionItem {
    /// File line of the row or list item.
    pub line: usize,
    /// Index of the list or table it came from in the blocks [`parse`] returns.
    pub block: usize,
    pub form: Form,
    /// Markdown text of the action.
    pub action: String,
    pub owner: Option<String>,
    pub due: Option<NaiveDate>,
    /// A due date that cannot be read, as written, kept to report it.
    pub bad_due: Option<String>,
    /// Markdown: a link, a URL or an issue key.
    pub ticket: Option<String>,
    /// The type (mitigate, prevent, detect, process …), lowercase.
    pub kind: Option<String>,
    pub done: bool,
    /// Table columns that map to no field: header as written, cell text.
    pub extra: Vec<(String, String)>,
}

/// A field of an action item that a column header or a list item key names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    Action,
    Owner,
    Due,
    Ticket,
    Status,
    Type,
}

impl Field {
    const ALL: [Field; 6] = [Field::Action, Field::Owner, Field::Due, Field::Ticket, Field::Status, Field::Type];

    /// The key `postmortem.action_item_columns` uses.
    fn key(self) -> &'static str {
        match self {
            Field::Action => "action",
            Field::Owner => "owner",
            Field::Due => "due",
            Field::Ticket => "ticket",
            Field::Status => "status",
            Field::Type => "type",
        }
    }

    /// Built-in column names, normalised: the public templates' and Jira's.
    fn names(self) -> &'static [&'static str] {
        match self {
            Field::Action => &[
                "action",
                "actions",
                "action item",
                "action items",
                "item",
                "items",
                "description",
                "task",
                "tasks",
                "summary",
                "title",
                "what",
                "remediation",
                "remediations",
                "repair item",
                "repair items",
                "follow-up",
                "follow-ups",
                "follow up",
                "followup",
                "corrective action",
                "corrective actions",
                "next step",
                "next steps",
            ],
            Field::Owner => &[
                "owner",
                "owners",
                "assignee",
                "assignees",
                "who",
                "dri",
                "responsible",
                "driver",
                "assigned to",
                "owned by",
            ],
            Field::Due => &[
                "due",
                "due date",
                "deadline",
                "target date",
                "target",
                "eta",
                "by when",
                "when",
                "date due",
                "due by",
                "target completion date",
                "target completion",
                "estimated completion",
                "estimated completion date",
                "expected completion",
            ],
            Field::Ticket => &[
                "ticket",
                "tickets",
                "issue",
                "issues",
                "link",
                "links",
                "bug",
                "bugs",
                "jira",
                "key",
                "tracking",
                "issue key",
                "ticket/bug",
                "bug/ticket",
                "issue link",
                "jira ticket",
                "tracking issue",
                "tracking ticket",
            ],
            Field::Status => &["status", "state", "resolution", "done", "complete", "completed"],
            Field::Type => &["type", "kind", "category", "issue type", "action type", "item type"],
        }
    }
}

/// Normalises a column name or list item key the way headings are.
pub(crate) fn normalise(name: &str) -> String {
    // Column names are normalised like headings (SPEC §9): `Bug #` is
    // `bug`, `Type (Mitigate/Prevent)` is `type`, `Owner(s):` is `owner`.
    crate::config::normalise_heading(name)
}

/// The field a column header names: `postmortem.action_item_columns` first
/// (normalised when the config is read), then the built-in names
/// (normalised once per process).
pub(crate) fn field_for(name: &str, config: &Config) -> Option<Field> {
    static BUILT_IN: std::sync::OnceLock<Vec<(Field, String)>> = std::sync::OnceLock::new();
    let n = normalise(name);
    let configured = Field::ALL
        .into_iter()
        .find(|f| config.action_item_columns.get(f.key()).is_some_and(|names| names.contains(&n)));
    configured.or_else(|| {
        BUILT_IN
            .get_or_init(|| {
                Field::ALL.into_iter().flat_map(|f| f.names().iter().map(move |b| (f, normalise(b)))).collect()
            })
            .iter()
            .find(|(_, b)| *b == n)
            .map(|(f, _)| *f)
    })
}

/// What reading an item needs besides its text.
pub(crate) struct Reading<'a> {
    config: &'a Config,
    /// The post-mortem's date: a due date written without a year is the
    /// first such day on or after it.
    written_on: Option<NaiveDate>,
}

/// The action items of a section in document order, and the byte range of
/// every list and table they came from (each item's `block` indexes it).
pub fn parse(
    section: &Section,
    config: &Config,
    written_on: Option<NaiveDate>,
) -> (Vec<ActionItem>, Vec<Range<usize>>) {
    let cx = Reading { config, written_on };
    enum Block<'s> {
        Table(&'s Table),
        List(&'s crate::content::body::List),
    }
    let mut blocks: Vec<(Range<usize>, Block)> = section
        .tables
        .iter()
        .filter(|t| t.header.iter().any(|h| field_for(h, config) == Some(Field::Action)))
        .map(|t| (t.range.clone(), Block::Table(t)))
        .chain(section.lists.iter().map(|l| (l.range.clone(), Block::List(l))))
        .collect();
    blocks.sort_by_key(|(r, _)| r.start);
    let mut items = Vec::new();
    for (i, (_, block)) in blocks.iter().enumerate() {
        match block {
            Block::Table(t) => items.extend(table_items(t, i, &cx)),
            Block::List(l) => items
                .extend(l.items.iter().filter(|it| !it.text.trim().is_empty()).map(|it| list_item::read(it, i, &cx))),
        }
    }
    (items, blocks.into_iter().map(|(r, _)| r).collect())
}

/// The rows of a table, each an item; wholly empty rows are skipped.
fn table_items(table: &Table, block: usize, cx: &Reading) -> Vec<ActionItem> {
    // A second column of the same field (Summary and Description) is kept
    // as an extra column; every status column (Status and Resolution) counts.
    let mut seen = Vec::new();
    let roles: Vec<Option<Field>> = table
        .header
        .iter()
        .map(|h| {
            let f = field_for(h, cx.config)?;
            if f != Field::Status && seen.contains(&f) {
                return None;
            }
            seen.push(f);
            Some(f)
        })
        .collect();
    table
        .rows
        .iter()
        .filter(|r| r.cells.iter().any(|c| !c.trim().is_empty()))
        .map(|row| row_item(row, &table.header, &roles, block, cx))
        .collect()
}

fn row_item(row: &Row, header: &[String], roles: &[Option<Field>], block: usize, cx: &Reading) -> ActionItem {
    let mut item = ActionItem { line: row.line, block, ..ActionItem::default() };
    for (i, cell) in row.cells.iter().enumerate() {
        match roles.get(i).copied().flatten() {
            Some(Field::Action) => {
                item.action = cell.clone();
                item.done |= is_struck(cell);
            }
            // `@sam` in a cell is sam, as in a list item, so one person is
            // one owner on the action-item pages whichever form named them.
            Some(Field::Owner) => {
                item.owner = value(cell)
                    .map(|o| o.trim_matches('*').trim().trim_start_matches('@').to_string())
                    .filter(|o| !o.is_empty())
            }
            Some(Field::Due) => match read_due(cell, cx.written_on) {
                Ok(due) => item.due = due,
                // `Done` in the Due column.
                Err(_) if cell_status(cell) == Some(true) => item.done = true,
                Err(bad) => item.bad_due = Some(bad),
            },
            Some(Field::Ticket) => {
                let (ticket, marked) = strip_status_marker(cell, false);
                item.done |= marked == Some(true) || cell_status(&ticket) == Some(true);
                item.ticket = value(&ticket).map(str::to_string);
            }
            Some(Field::Status) => item.done |= status_words(cell) == Some(true),
            Some(Field::Type) => item.kind = value(cell).map(|k| plain(k).to_lowercase()),
            None => {
                item.done |= cell_status(cell) == Some(true);
                let name = header.get(i).map_or("", |h| h.trim().trim_matches('*').trim());
                if !name.is_empty() {
                    item.extra.push((name.to_string(), cell.clone()));
                }
            }
        }
    }
    item
}

/// A cell or field value, `None` when it only says "nobody" or "nothing".
pub(crate) fn value(text: &str) -> Option<&str> {
    let t = text.trim();
    let bare = plain(t).to_lowercase();
    let empty = matches!(
        bare.as_str(),
        "" | "-" | "—" | "–" | "?" | "n/a" | "na" | "none" | "tbd" | "tba" | "unassigned" | "nobody" | "no one"
    );
    (!empty).then_some(t)
}

/// Text without emphasis markers and backticks, trimmed.
fn plain(text: &str) -> String {
    text.replace(['*', '`'], "").trim().trim_matches('_').trim().to_string()
}

/// Whether the whole text is struck through (`~~…~~`).
pub(crate) fn is_struck(text: &str) -> bool {
    let t = text.trim();
    t.len() > 4 && t.starts_with("~~") && t.ends_with("~~") && !t[2..t.len() - 2].contains("~~")
}

/// Reads a due date in any written form; a date without a year takes the
/// first such day on or after `written_on`. `Ok(None)` for an empty value,
/// `Err` with the text when it cannot be read.
pub(crate) fn read_due(text: &str, written_on: Option<NaiveDate>) -> Result<Option<NaiveDate>, String> {
    let Some(t) = value(text) else { return Ok(None) };
    let t = t.trim_matches(['*', '_']).trim();
    let bad = || Err(t.to_string());
    if let Some(date) = jira_date(t) {
        return Ok(Some(date));
    }
    let Some((written, len)) = time::take_date(t) else { return bad() };
    // A time may follow (`2024-04-01 17:00`), nothing else.
    let rest = t[len..].trim().trim_end_matches(['.', ')']);
    if !rest.is_empty() && time::parse_clock(rest.split_whitespace().next().unwrap_or("")).is_none() {
        return bad();
    }
    if written.year.is_some() {
        return written.full().map(Some).ok_or_else(|| t.to_string());
    }
    let Some(on) = written_on else { return bad() };
    match written.in_year(on.year()) {
        Some(d) if d >= on => Ok(Some(d)),
        _ => written.in_year(on.year() + 1).map(Some).ok_or_else(|| t.to_string()),
    }
}

/// Jira's own date form, `01/Apr/24` or `01/Apr/2024`, perhaps with a time.
fn jira_date(text: &str) -> Option<NaiveDate> {
    let first = text.split_whitespace().next()?;
    let mut parts = first.split('/');
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || !m.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let (written, _) = time::take_date(&format!("{d} {m} {}", if y.len() == 2 { format!("20{y}") } else { y.into() }))?;
    written.full()
}

/// Words that keep an item open; checked before the closing ones, so that
/// "not done" stays open.
const OPEN: &[&[&str]] = &[
    &["not", "done"],
    &["not", "started"],
    &["not", "fixed"],
    &["not", "complete"],
    &["in", "progress"],
    &["to", "do"],
    &["todo"],
    &["open"],
    &["reopened"],
    &["unresolved"],
    &["pending"],
    &["ongoing"],
    &["wip"],
    &["blocked"],
    &["backlog"],
];

/// Words that close an item.
const CLOSED: &[&[&str]] = &[
    &["done"],
    &["closed"],
    &["resolved"],
    &["fixed"],
    &["complete"],
    &["completed"],
    &["won't", "do"],
    &["won't", "fix"],
    &["wont", "do"],
    &["wont", "fix"],
    &["wontfix"],
    &["cancelled"],
    &["canceled"],
    &["duplicate"],
];

/// Lowercase words of a text: letters, digits and apostrophes.
fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .replace('’', "'")
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .map(|w| w.trim_matches('\''))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// `words(text).len()` without making the words (ASCII text, which
/// lower-casing leaves split the same way; any other goes through `words`).
fn word_count(text: &str) -> usize {
    if !text.is_ascii() {
        return words(text).len();
    }
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'')).filter(|w| !w.trim_matches('\'').is_empty()).count()
}

fn has_phrase(words: &[String], phrase: &[&str]) -> bool {
    words.windows(phrase.len()).any(|w| w.iter().zip(phrase).all(|(a, b)| a == b))
}

/// What a status text says: `Some(true)` closed, `Some(false)` open,
/// `None` neither. Open words win ("not done", "in progress").
pub(crate) fn status_words(text: &str) -> Option<bool> {
    let w = words(text);
    if OPEN.iter().any(|p| has_phrase(&w, p)) {
        return Some(false);
    }
    let tick = text.contains(['✅', '✔', '☑', '✓'])
        || matches!(plain(text).to_lowercase().as_str(), "[x]" | "x" | "yes" | "y" | "true");
    if tick || CLOSED.iter().any(|p| has_phrase(&w, p)) {
        return Some(true);
    }
    None
}

/// The status a cell that is not a status column shows: a short cell
/// (`Bug 5554823 DONE`) is read whole, a longer one only by its marked
/// words (`**DONE**`, `(closed)`, `[won't fix]`), so that a note such as
/// "will be fixed after the freeze" closes nothing.
pub(crate) fn cell_status(text: &str) -> Option<bool> {
    if word_count(text) <= 4 {
        return status_words(text);
    }
    let mut found = None;
    for (open, close) in [("**", "**"), ("__", "__"), ("(", ")"), ("[", "]")] {
        let mut rest = text;
        while let Some(s) = rest.find(open) {
            let after = &rest[s + open.len()..];
            let Some(e) = after.find(close) else { break };
            let inner = &after[..e];
            if word_count(inner) <= 3 {
                match status_words(inner) {
                    Some(true) => return Some(true),
                    Some(false) => found = Some(false),
                    None => {}
                }
            }
            rest = &after[e + close.len()..];
        }
    }
    found
}

/// Strips status markers from the ends of a text: `**DONE**`, `(done)`,
/// `[closed]`, `✅` at either end and, with `separated`, a trailing
/// `— done`, `- in progress` or `: done`. Returns the rest and what the
/// markers said (closed wins).
pub(crate) fn strip_status_marker(text: &str, separated: bool) -> (String, Option<bool>) {
    let mut t = text.trim().to_string();
    let mut said: Option<bool> = None;
    let mut note = |s: bool| said = Some(said == Some(true) || s);
    loop {
        let before = t.len();
        for (open, close) in [("**", "**"), ("__", "__"), ("(", ")"), ("[", "]")] {
            // At the end.
            if let Some(body) = t.strip_suffix(close) {
                if let Some(s) = body.rfind(open) {
                    let inner = &body[s + open.len()..];
                    if word_count(inner) <= 3 && !inner.contains(['(', '[', ']']) {
                        if let Some(st) = status_words(inner) {
                            note(st);
                            t = t[..s].trim_end().to_string();
                        }
                    }
                }
            }
            // At the start; `[x](url)` is a link, not a marker.
            if let Some(body) = t.strip_prefix(open) {
                if let Some(e) = body.find(close) {
                    let inner = &body[..e];
                    let after = &body[e + close.len()..];
                    let link = after.starts_with(['(', '[']) && open == "[";
                    if !link && word_count(inner) <= 3 {
                        if let Some(st) = status_words(inner) {
                            note(st);
                            t = after.trim_start_matches([':', ' ', '—', '–', '-']).to_string();
                        }
                    }
                }
            }
        }
        for tick in ['✅', '✔', '☑'] {
            if let Some(rest) = t.strip_suffix(tick).or_else(|| t.strip_prefix(tick)) {
                note(true);
                t = rest.trim().to_string();
            }
        }
        if separated {
            for sep in [" — ", " – ", " - ", ": ", " | ", "—", "–"] {
                if let Some(s) = t.rfind(sep) {
                    let tail = &t[s + sep.len()..];
                    if !tail.is_empty() && word_count(tail) <= 3 && !tail.contains(['(', '[', '`']) {
                        if let Some(st) = status_words(tail) {
                            note(st);
                            t = t[..s].trim_end().to_string();
                            break;
                        }
                    }
                }
            }
        }
        if t.len() == before {
            return (t, said);
        }
    }
}

#[cfg(test)]
mod tests;
