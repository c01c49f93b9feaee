//! `action-item-incomplete`, `action-item-overdue`, `no-action-items`, and
//! `postmortem-overdue`: the follow-ups a post-mortem promises and the
//! post-mortem itself being finished in time.

use chrono::Duration;

use crate::content::postmortem::{Postmortem, Status};
use crate::content::timeline::Milestone;
use crate::content::Document;
use crate::diagnostic::Diagnostic;

use super::{days, field_line, shorten, Context};

pub(crate) fn check(cx: &Context, doc: &Document, out: &mut Vec<Diagnostic>) {
    let Some(pm) = doc.postmortem() else { return };
    let task_list = is_task_list(doc, pm);
    for item in &pm.action_items {
        // Only worked out for an item with something to report.
        let name = || if item.action.trim().is_empty() { "(untitled)".to_string() } else { shorten(&item.action, 50) };
        let mut lacks = Vec::new();
        if item.owner.is_none() {
            lacks.push("owner");
        }
        if item.due.is_none() && item.bad_due.is_none() {
            lacks.push("due date");
        }
        if !lacks.is_empty() {
            let hint = match (task_list, item.owner.is_none(), item.due.is_none() && item.bad_due.is_none()) {
                (true, true, true) => "add `@owner due:YYYY-MM-DD` to the item",
                (true, true, false) => "add `@owner` to the item",
                (true, false, _) => "add `due:YYYY-MM-DD` to the item",
                (false, true, true) => "fill in its Owner and Due cells (add the columns if the table has none)",
                (false, true, false) => "fill in its Owner cell (add an Owner column if the table has none)",
                (false, false, _) => "fill in its Due cell as YYYY-MM-DD (add a Due column if the table has none)",
            };
            out.push(
                Diagnostic::new(
                    "action-item-incomplete",
                    &doc.file,
                    item.line,
                    format!("action item `{}` has no {}", name(), lacks.join(" and no ")),
                )
                .hint(hint),
            );
        }
        if let Some(bad) = &item.bad_due {
            out.push(
                Diagnostic::new(
                    "action-item-incomplete",
                    &doc.file,
                    item.line,
                    format!("action item `{}` has due date `{}`, which is not YYYY-MM-DD", name(), shorten(bad, 30)),
                )
                .hint("write the due date as YYYY-MM-DD, e.g. 2026-12-01"),
            );
        }
        if let Some(due) = item.due.filter(|due| !item.done && *due < cx.today) {
            let late = (cx.today - due).num_days();
            out.push(
                Diagnostic::new(
                    "action-item-overdue",
                    &doc.file,
                    item.line,
                    format!("action item `{}` was due {due} and is {} overdue", name(), days(late)),
                )
                .hint(if task_list {
                    "tick it (`- [x]`) if it is done, or agree a new `due:` date with its owner"
                } else {
                    "mark its Status `done` if it is finished, or agree a new due date with its owner"
                }),
            );
        }
    }
    no_items(cx, doc, pm, out);
    overdue_postmortem(cx, doc, pm, out);
}

/// Whether the items came from a task list (else a table), to word the hints.
fn is_task_list(doc: &Document, pm: &Postmortem) -> bool {
    pm.action_items_range
        .clone()
        .and_then(|r| doc.body_text().get(r))
        .is_some_and(|t| t.trim_start().starts_with(['-', '*', '+']))
}

fn no_items(cx: &Context, doc: &Document, pm: &Postmortem, out: &mut Vec<Diagnostic>) {
    if pm.status != Some(Status::Final) || !pm.action_items.is_empty() {
        return;
    }
    let section = doc.body.sections.iter().find(|s| s.key.as_deref() == Some("action-items"));
    let line = section.map_or(doc.body_line, |s| s.line);
    let mut hint = "list each follow-up in a table with Action, Owner and Due columns, or as a task list item \
                    `- [ ] what @owner due:YYYY-MM-DD`"
        .to_string();
    match section {
        None => {
            let name = cx.config.postmortem_sections.display_name("action-items");
            hint = format!("add a `## {name}` section and {hint}");
        }
        Some(s) if !s.lists.is_empty() || !s.tables.is_empty() => {
            // There is a list or table, just not one read as action items.
            hint = format!("a plain list or a table without an Action column is not read as action items; {hint}");
        }
        Some(_) => {}
    }
    out.push(
        Diagnostic::new("no-action-items", &doc.file, line, "the post-mortem is final but lists no action items")
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
    use crate::diagnostic::Level;

    const F: &str = "content/incidents/a.md";

    #[test]
    fn missing_owner_fires() {
        let text = PM.replace("| @sam |", "| |");
        let found = rule(&[(F, &text)], "action-item-incomplete");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].message, "action item `Alert on archive lag` has no owner");
        assert_eq!(found[0].line, 43);
        assert!(rule(&[(F, PM)], "action-item-incomplete").is_empty());
    }

    #[test]
    fn task_items_lacking_both_and_bad_dates() {
        let start = PM.find("| Action |").unwrap_or(0);
        let end = PM.find("## Lessons").unwrap_or(0);
        let tasks =
            "- [ ] Alert on archive lag\n- [ ] Rotate keys @sam due:soon\n- [x] Add disk alert @sam due:2026-11-10\n\n";
        let text = format!("{}{tasks}{}", &PM[..start], &PM[end..]);
        let found = rule(&[(F, &text)], "action-item-incomplete");
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].message, "action item `Alert on archive lag` has no owner and no due date");
        assert_eq!(found[0].hint.as_deref(), Some("add `@owner due:YYYY-MM-DD` to the item"));
        assert!(found[1].message.contains("`soon`, which is not YYYY-MM-DD"), "{}", found[1].message);
        assert!(rule(&[(F, &text)], "action-item-overdue").is_empty(), "done items are never overdue");
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
    fn final_without_items_fires() {
        let start = PM.find("| Action |").unwrap_or(0);
        let end = PM.find("## Lessons").unwrap_or(0);
        let text = format!("{}None needed.\n\n{}", &PM[..start], &PM[end..]);
        let found = rule(&[(F, &text)], "no-action-items");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 39);
        assert!(!found[0].hint.as_deref().unwrap_or("").contains("plain list"));
        let listed = format!("{}- Alert on archive lag\n\n{}", &PM[..start], &PM[end..]);
        let found = rule(&[(F, &listed)], "no-action-items");
        assert!(found[0].hint.as_deref().unwrap_or("").starts_with("a plain list"), "{found:?}");
        let review = text.replace("status: final", "status: review");
        assert!(rule(&[(F, &review)], "no-action-items").is_empty());
        assert!(rule(&[(F, PM)], "no-action-items").is_empty());
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
