//! `runbook-stale` and `contacts-stale`: a runbook past its review date, a
//! phone list past its verification date. Both count from `--today`, so
//! output is reproducible.

use crate::content::Document;
use crate::diagnostic::Diagnostic;

use super::{days, Context};

pub(crate) fn check(cx: &Context, doc: &Document, out: &mut Vec<Diagnostic>) {
    if let Some(rb) = doc.runbook() {
        if let (Some(last), Some(due)) = (rb.last_reviewed, rb.review_due()) {
            if due < cx.today {
                out.push(
                    Diagnostic::new(
                        "runbook-stale",
                        &doc.file,
                        rb.last_reviewed_line,
                        format!(
                            "runbook was last reviewed {last} and was due for review {due} ({} ago)",
                            days((cx.today - due).num_days())
                        ),
                    )
                    .hint(format!("walk through the steps, fix what changed, then set `last_reviewed: {}`", cx.today)),
                );
            }
        }
    }
    if let Some(c) = doc.contacts() {
        if let (Some(last), Some(due)) = (c.last_verified, c.verify_due()) {
            if due < cx.today {
                out.push(
                    Diagnostic::new(
                        "contacts-stale",
                        &doc.file,
                        c.last_verified_line,
                        format!(
                            "phone list was last verified {last} and was due for verification {due} ({} ago)",
                            days((cx.today - due).num_days())
                        ),
                    )
                    .hint(format!(
                        "call or message each contact to confirm the numbers, then set `last_verified: {}`",
                        cx.today
                    )),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::testing::*;
    use crate::diagnostic::Level;

    const R: &str = "content/runbooks/failover.md";
    const C: &str = "content/contacts/oncall.md";

    #[test]
    fn old_review_makes_a_runbook_stale() {
        let text = RUNBOOK.replace("2026-10-01", "2026-06-01");
        let found = rule(&[(R, &text), (C, CONTACTS)], "runbook-stale");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 5);
        assert_eq!(found[0].level, Level::Warning);
        assert_eq!(
            found[0].message,
            "runbook was last reviewed 2026-06-01 and was due for review 2026-08-30 (84 days ago)"
        );
        assert!(rule(&[(R, RUNBOOK), (C, CONTACTS)], "runbook-stale").is_empty());
    }

    #[test]
    fn review_every_stretches_the_deadline() {
        let text = RUNBOOK.replace("2026-10-01", "2026-06-01").replace("owner: SRE", "owner: SRE\nreview_every: 365");
        assert!(rule(&[(R, &text), (C, CONTACTS)], "runbook-stale").is_empty());
    }

    #[test]
    fn old_verification_makes_a_phone_list_stale() {
        let text = CONTACTS.replace("2026-10-01", "2025-10-01");
        let found = rule(&[(C, &text)], "contacts-stale");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 3);
        assert!(found[0].message.starts_with("phone list was last verified 2025-10-01"));
        assert!(rule(&[(C, CONTACTS)], "contacts-stale").is_empty());
    }

    #[test]
    fn due_today_is_not_stale() {
        let text = CONTACTS.replace("2026-10-01", "2026-08-24");
        assert!(rule(&[(C, &text)], "contacts-stale").is_empty());
    }
}
