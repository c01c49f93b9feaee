//! `action-item-no-owner`, `action-item-no-due`, `action-item-overdue`,
//! `no-action-items`, and `postmortem-overdue`: the follow-ups a
//! post-mortem promises and the post-mortem itself being finished in time.
//!
//! Each cause is one finding: an item with neither owner nor due date gets
//! one of each rule, and a due date that cannot be read is reported instead
//! of "no due date", not besides it. A closed item needs no due date.

use chrono::Duration;

use crate::content::action_items::{ActionItem, Form};
use crate::content::postmortem::{Postmortem, Status};
use crate::content::timeline::Milestone;
use crate::content::Document;
use crate::diagnostic::Diagnostic;

use super::{days, field_line, shorten, Context};

pub(crate) fn check(cx: &Context, doc: &Document, out: &mut Vec<Diagnostic>) {
    let Some(pm) = doc.postmortem() else { return };
    for item in &pm.action_items {
        no_owner(doc, item, out);
        no_due(doc, item, out);
        overdue_item(cx, doc, item, out);
    }
    no_items(cx, doc, pm, out);
    overdue_postmortem(cx, doc, pm, out);
}

/// The action for a message: its first line, shortened.
fn name(item: &ActionItem) -> String {
    if item.action.trim().is_empty() {
        "(untitled)".to_string()
    } else {
        shorten(&item.action, 50)
    }
}

fn no_owner(doc: &Document, item: &ActionItem, out: &mut Vec<Diagnostic>) {
    if item.owner.is_some() {
        return;
    }
    let hint = match item.form {
        Form::Table => "fill in its Owner cell (add an Owner column if the table has none)",
        Form::List | Form::TaskList => "add `@owner` or `Owner: name` to the item",
    };
    out.push(
        Diagnostic::new(
            "action-item-no-owner",
            &doc.file,
            item.line,
            format!("action item `{}` has no owner", name(item)),
        )
        .hint(hint),
    );
}

fn no_due(doc: &Document, item: &ActionItem, out: &mut Vec<Diagnostic>) {
    if item.done || item.due.is_some() {
        return;
    }
    let (message, hint) = match &item.bad_due {
        Some(bad) => (
            format!("action item `{}` has due date `{}`, which cannot be read as a date", name(item), shorten(bad, 30)),
            "write the due date with its year, as YYYY-MM-DD or e.g. `April 1, 2026`",
        ),
        None => (
            format!("open action item `{}` has no due date", name(item)),
            match item.form {
                Form::Table => {
                    "fill in its Due cell (add a Due column if the table has none), or mark its Status `done` if it is finished"
                }
                Form::TaskList => "add `due:YYYY-MM-DD` to the item, or tick it (`- [x]`) if it is done",
                Form::List => "add `due:YYYY-MM-DD` to the item, or end it with `(done)` if it is finished",
            },
        ),
    };
    out.push(Diagnostic::new("action-item-no-due", &doc.file, item.line, message).hint(hint));
}

fn overdue_item(cx: &Context, doc: &Document, item: &ActionItem, out: &mut Vec<Diagnostic>) {
    let Some(due) = item.due.filter(|due| !item.done && *due < cx.today) else { return };
    let late = (cx.today - due).num_days();
    out.push(
        Diagnostic::new(
            "action-item-overdue",
            &doc.file,
            item.line,
            format!("action item `{}` was due {due} and is {} overdue", name(item), days(late)),
        )
        .hint(match item.form {
            Form::TaskList => "tick it (`- [x]`) if it is done, or agree a new `due:` date with its owner",
            Form::List => "end it with `(done)` if it is finished, or agree a new due date with its owner",
            Form::Table => "mark its Status `done` if it is finished, or agree a new due date with its owner",
        }),
    );
}

/// A final post-mortem whose required action-items section yields no item.
/// A missing section is `missing-section`'s finding, not this one's.
fn no_items(cx: &Context, doc: &Document, pm: &Postmortem, out: &mut Vec<Diagnostic>) {
    if pm.status != Some(Status::Final) || !pm.action_items.is_empty() {
        return;
    }
    if !cx.config.postmortem_sections.required.iter().any(|k| k == "action-items") {
        return;
    }
    let Some(section) = doc.body.sections.iter().find(|s| s.key.as_deref() == Some("action-items")) else {
        return;
    };
    let how = "list each follow-up as a list item `- what @owner due:YYYY-MM-DD`, or in a table with Action, \
               Owner and Due columns";
    let hint = if section.tables.is_empty() {
        how.to_string()
    } else {
        // There is a table, just not one read as action items.
        format!("a table is read only when a column is named Action (or Action item, Summary, Task …); {how}")
    };
    out.push(
        Diagnostic::new(
            "no-action-items",
            &doc.file,
            section.line,
            "the post-mortem is final but lists no action items",
        )
        .hint(hint),
    );
}

fn overdue_postmortem(cx: &Context, doc: &Document, pm: &Postmortem, out: &mut Vec<Diagnostic>) {
    let Some(status) = pm.status.filter(|s| *s != Status::Final) else {
        return;
    };
    let Some(resolved) = pm.stamps[Milestone::Resolved as usize] else {
        return;
    };
    let resolved_on = pm.timezone.local_date(resolved.at);
    let Some(due) = resolved_on.checked_add_signed(Duration::days(cx.config.final_within_days)) else {
        return;
    };
    if due >= cx.today {
        return;
    }
    let line = field_line(doc, "status").unwrap_or(resolved.line);
    out.push(
        Diagnostic::new(
            "postmortem-overdue",
            &doc.file,
            line,
            format!(
                "the post-mortem is still `{}` {} after the incident was resolved on {resolved_on} (due final by {due})",
                status.as_str(),
                days((cx.today - resolved_on).num_days())
            ),
        )
        .hint("finish the review and set `status: final`"),
    );
}

#[cfg(test)]
mod tests {
    use crate::check::testing::*;
    use crate::config::Config;
    use crate::diagnostic::Level;

    const F: &str = "content/incidents/a.md";

    /// `PM` with its action-items table replaced by `items`.
    fn with_items(items: &str) -> String {
        let start = PM.find("| Action |").unwrap_or(0);
        let end = PM.find("## Lessons").unwrap_or(0);
        format!("{}{items}\n{}", &PM[..start], &PM[end..])
    }

    #[test]
    fn missing_owner_is_one_finding_at_its_row() {
        let text = PM.replace("| @sam |", "| |");
        let found = rule(&[(F, &text)], "action-item-no-owner");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].message, "action item `Alert on archive lag` has no owner");
        assert_eq!(found[0].line, 43);
        assert_eq!(found[0].level, Level::Error);
        assert!(found[0].hint.as_deref().unwrap_or("").contains("Owner cell"));
        assert!(rule(&[(F, &text)], "action-item-no-due").is_empty());
        assert!(rule(&[(F, PM)], "action-item-no-owner").is_empty());
    }

    #[test]
    fn a_list_item_without_owner_is_an_action_item_not_prose() {
        let text = with_items("1. Page the storage team on archive lag due 2027-01-10\n2. Rotate the bucket keys (owner: dana, due: 2027-02-01)\n");
        let found = rule(&[(F, &text)], "action-item-no-owner");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].line, 41);
        assert_eq!(found[0].message, "action item `Page the storage team on archive lag` has no owner");
        assert_eq!(found[0].hint.as_deref(), Some("add `@owner` or `Owner: name` to the item"));
        assert!(rule(&[(F, &text)], "action-item-no-due").is_empty());
        assert!(rule(&[(F, &text)], "no-action-items").is_empty());
    }

    #[test]
    fn items_of_every_action_items_section_are_read() {
        // A Confluence page's task list under its own heading below the
        // Corrective actions table: both are action items.
        let text = with_items(
            "| Action | Owner | Due | Status |\n|---|---|---|---|\n| Alert on archive lag | @sam | 2027-01-15 | open |\n\n\
             ### Follow-ups\n\n- [ ] Review the bucket policy with the vendor\n- [x] Rotate the bucket keys @lee\n",
        );
        let found = rule(&[(F, &text)], "action-item-no-owner");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].message, "action item `Review the bucket policy with the vendor` has no owner");
        assert_eq!(found[0].line, 47);
        let found = rule(&[(F, &text)], "action-item-no-due");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].line, 47);
    }

    #[test]
    fn each_cause_once_and_closed_items_need_no_due_date() {
        let text = with_items(
            "- [ ] Alert on archive lag\n- [ ] Rotate keys @sam due:soon\n- [x] Add disk alert @sam\n- Retire the old bucket @lee (done)\n",
        );
        let owners = rule(&[(F, &text)], "action-item-no-owner");
        assert_eq!(owners.len(), 1, "{owners:?}");
        assert_eq!(owners[0].line, 41);
        let dues = rule(&[(F, &text)], "action-item-no-due");
        assert_eq!(dues.len(), 2, "{dues:?}");
        assert_eq!(dues[0].message, "open action item `Alert on archive lag` has no due date");
        assert_eq!(
            dues[0].hint.as_deref(),
            Some("add `due:YYYY-MM-DD` to the item, or tick it (`- [x]`) if it is done")
        );
        assert_eq!(dues[1].line, 42);
        assert!(dues[1].message.contains("`soon`, which cannot be read"), "{}", dues[1].message);
        assert!(rule(&[(F, &text)], "action-item-overdue").is_empty(), "done items are never overdue");
    }

    #[test]
    fn closed_table_row_without_due_date_is_fine() {
        let text = PM.replace("| 2027-01-15 | open |", "| | Won't fix |");
        assert!(rule(&[(F, &text)], "action-item-no-due").is_empty());
        let open = PM.replace("| 2027-01-15 | open |", "| | In progress |");
        let found = rule(&[(F, &open)], "action-item-no-due");
        assert_eq!(found.len(), 1);
        assert!(found[0].hint.as_deref().unwrap_or("").starts_with("fill in its Due cell"));
    }

    #[test]
    fn open_item_past_due_is_overdue() {
        let text = PM.replace("2027-01-15", "2026-11-12");
        let found = rule(&[(F, &text)], "action-item-overdue");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].message, "action item `Alert on archive lag` was due 2026-11-12 and is 10 days overdue");
        assert_eq!(found[0].level, Level::Warning);
        assert!(rule(&[(F, PM)], "action-item-overdue").is_empty());
        let done = text.replace("| open |", "| done |");
        assert!(rule(&[(F, &done)], "action-item-overdue").is_empty());
    }

    #[test]
    fn final_without_items_fires_only_when_the_section_is_there_and_required() {
        let text = with_items("None needed.\n");
        let found = rule(&[(F, &text)], "no-action-items");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 39);
        let table = with_items("| Step | Who |\n|---|---|\n| Alert on lag | sam |\n");
        let found = rule(&[(F, &table)], "no-action-items");
        assert!(found[0].hint.as_deref().unwrap_or("").starts_with("a table is read only"), "{found:?}");
        let review = text.replace("status: final", "status: review");
        assert!(rule(&[(F, &review)], "no-action-items").is_empty());
        assert!(rule(&[(F, PM)], "no-action-items").is_empty());
        let start = PM.find("## Action items").unwrap_or(0);
        let end = PM.find("## Lessons").unwrap_or(0);
        let missing = format!("{}{}", &PM[..start], &PM[end..]);
        assert!(rule(&[(F, &missing)], "no-action-items").is_empty(), "missing-section reports that");
        let mut config = Config::default();
        config.postmortem_sections.required.retain(|k| k != "action-items");
        assert!(rule_with(&[(F, &text)], "no-action-items", &config).is_empty());
    }

    #[test]
    fn unfinished_postmortem_past_the_deadline_fires() {
        let text = PM.replace("status: final", "status: review");
        let found = rule(&[(F, &text)], "postmortem-overdue");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 5);
        assert!(found[0].message.contains("still `review` 21 days after"), "{}", found[0].message);
        assert!(found[0].message.contains("due final by 2026-11-15"), "{}", found[0].message);
        let recent = text
            .replace("2026-11-01 11:00", "2026-11-10 11:00")
            .replace("11:00 [resolved]", "2026-11-10 11:00 [resolved]");
        assert!(rule(&[(F, &recent)], "postmortem-overdue").is_empty());
        assert!(rule(&[(F, PM)], "postmortem-overdue").is_empty());
    }
}
