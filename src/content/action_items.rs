//! Action items from a table (columns named in the header) or a GFM task list
//! (`- [ ] Do X @owner due:2024-05-01 [JIRA-1](https://...)`).

use chrono::NaiveDate;

use crate::content::body::Section;
use crate::time;

/// One follow-up promised by a post-mortem.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ActionItem {
    pub line: usize,
    /// Markdown text of the action.
    pub action: String,
    pub owner: Option<String>,
    pub due: Option<NaiveDate>,
    /// A due date that is not `YYYY-MM-DD`, kept to report it.
    pub bad_due: Option<String>,
    /// Markdown: a link, a URL or an issue key.
    pub ticket: Option<String>,
    pub kind: Option<String>,
    pub done: bool,
}

#[derive(Clone, Copy, PartialEq)]
enum Column {
    Action,
    Owner,
    Due,
    Ticket,
    Status,
    Type,
    Other,
}

fn column(header: &str) -> Column {
    let h = header.trim().trim_matches('*').trim().to_lowercase();
    match h.as_str() {
        "action" | "item" | "description" | "action item" | "task" | "what" => Column::Action,
        "owner" | "assignee" | "who" => Column::Owner,
        "due" | "due date" | "deadline" | "when" => Column::Due,
        "ticket" | "issue" | "link" | "tracking" | "jira" => Column::Ticket,
        "status" | "state" | "done" => Column::Status,
        "type" | "kind" | "category" => Column::Type,
        _ => Column::Other,
    }
}

fn is_done(status: &str) -> bool {
    let s = status.trim().to_lowercase();
    matches!(s.as_str(), "done" | "closed" | "complete" | "completed" | "fixed" | "resolved" | "[x]" | "✅" | "yes")
        || s.starts_with("done")
}

fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty() && t != "-" && t != "—" && t != "?" && !t.eq_ignore_ascii_case("tbd")).then(|| t.to_string())
}

fn parse_due(text: &str, item: &mut ActionItem) {
    if let Some(t) = non_empty(text) {
        match time::parse_date(&t) {
            Some(d) => item.due = Some(d),
            None => item.bad_due = Some(t),
        }
    }
}

/// The action items of a section and the byte range of the block they came from.
pub fn parse(section: &Section) -> (Vec<ActionItem>, Option<std::ops::Range<usize>>) {
    let table = section.tables.iter().find(|t| t.header.iter().any(|h| column(h) == Column::Action));
    let tasks = section.lists.iter().find(|l| l.items.iter().any(|i| i.checked.is_some()));
    let use_table = match (table, tasks) {
        (Some(t), Some(l)) => t.range.start < l.range.start,
        (Some(_), None) => true,
        _ => false,
    };
    if use_table {
        let t = table.expect("checked above");
        let cols: Vec<Column> = t.header.iter().map(|h| column(h)).collect();
        let items = t
            .rows
            .iter()
            .map(|row| {
                let mut item = ActionItem { line: row.line, ..ActionItem::default() };
                for (col, cell) in cols.iter().zip(&row.cells) {
                    match col {
                        Column::Action => item.action = cell.clone(),
                        Column::Owner => item.owner = non_empty(cell),
                        Column::Due => parse_due(cell, &mut item),
                        Column::Ticket => item.ticket = non_empty(cell),
                        Column::Status => item.done = is_done(cell),
                        Column::Type => item.kind = non_empty(cell).map(|k| k.to_lowercase()),
                        Column::Other => {}
                    }
                }
                item
            })
            .collect();
        return (items, Some(t.range.clone()));
    }
    if let Some(list) = tasks {
        let items = list.items.iter().map(|i| parse_task(&i.text, i.line, i.checked == Some(true))).collect();
        return (items, Some(list.range.clone()));
    }
    (Vec::new(), None)
}

/// Parses one task list item's text.
pub fn parse_task(text: &str, line: usize, done: bool) -> ActionItem {
    let mut item = ActionItem { line, done, ..ActionItem::default() };
    let mut words = Vec::new();
    for word in text.split_whitespace() {
        let bare = word.trim_end_matches([',', ';', ')']).trim_start_matches('(');
        if let Some(owner) = bare.strip_prefix('@').filter(|o| !o.is_empty() && item.owner.is_none()) {
            item.owner = Some(owner.to_string());
        } else if let Some(due) = bare.strip_prefix("due:").or_else(|| bare.strip_prefix("Due:")) {
            parse_due(due, &mut item);
        } else if let Some(kind) = bare.strip_prefix("type:") {
            item.kind = non_empty(kind).map(|k| k.to_lowercase());
        } else if item.ticket.is_none() && (bare.starts_with("http://") || bare.starts_with("https://")) {
            item.ticket = Some(bare.to_string());
        } else {
            words.push(word);
        }
    }
    let mut action = words.join(" ");
    // A Markdown link at the end is the ticket: `... [OPS-12](https://...)`.
    if item.ticket.is_none() && action.ends_with(')') {
        if let Some(open) = action.rfind("](") {
            if let Some(start) = action[..open].rfind('[') {
                item.ticket = Some(action[start..].to_string());
                action = action[..start].trim_end().to_string();
            }
        }
    }
    item.action = action.trim().trim_end_matches([' ', '—', '-', '–']).trim().to_string();
    item
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::body;

    fn section(md: &str) -> Section {
        body::analyse(md, 1, &|_| None).sections.remove(0)
    }

    #[test]
    fn table_with_aliased_columns() {
        let s = section("## Action items\n\n| Item | Assignee | Due date | Issue | Status | Type |\n|---|---|---|---|---|---|\n| Add alert | @sam | 2024-05-01 | [OPS-1](https://t/1) | done | detect |\n| Fix it | | soon | | open | prevent |\n");
        let (items, range) = parse(&s);
        assert!(range.is_some());
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].owner.as_deref(), Some("@sam"));
        assert_eq!(items[0].due.unwrap().to_string(), "2024-05-01");
        assert!(items[0].done);
        assert_eq!(items[0].kind.as_deref(), Some("detect"));
        assert_eq!(items[0].line, 5);
        assert_eq!(items[1].owner, None);
        assert_eq!(items[1].bad_due.as_deref(), Some("soon"));
        assert!(!items[1].done);
    }

    #[test]
    fn task_list_items() {
        let s = section("## Follow-ups\n\n- [x] Add disk alert @priya due:2024-04-01 [OPS-7](https://t/7)\n- [ ] Write runbook @sam due:2024-06-01 type:process\n- [ ] Nobody owns this\n");
        let (items, _) = parse(&s);
        assert_eq!(items.len(), 3);
        assert!(items[0].done);
        assert_eq!(items[0].owner.as_deref(), Some("priya"));
        assert_eq!(items[0].ticket.as_deref(), Some("[OPS-7](https://t/7)"));
        assert_eq!(items[0].action, "Add disk alert");
        assert_eq!(items[1].kind.as_deref(), Some("process"));
        assert_eq!(items[2].owner, None);
        assert_eq!(items[2].due, None);
    }

    #[test]
    fn plain_list_is_not_action_items() {
        let (items, range) = parse(&section("## Action items\n\n- just a note\n"));
        assert!(items.is_empty());
        assert!(range.is_none());
    }
}
