//! `runbook-used-since-review`: a post-mortem used a runbook (linked to it
//! or named it in `related`) on a day after the runbook's `last_reviewed`,
//! so the plan has not been revised since it was last used (SPEC §10).
//!
//! Reported once per runbook, at its `last_reviewed` line, naming every such
//! incident, newest first. A library-level pass: each post-mortem's targets
//! are resolved once, not once per runbook.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::content::{usage, Library};
use crate::diagnostic::Diagnostic;

/// How many incidents a message names before it says "and N more".
const NAMED: usize = 5;

pub(crate) fn check(lib: &Library) -> Vec<Diagnostic> {
    // (runbook, date, id) for each use after the runbook's review; links are
    // resolved in parallel, as the per-document rules are.
    let found: Vec<(usize, NaiveDate, &str)> = lib
        .docs
        .par_iter()
        .enumerate()
        .filter_map(|(i, doc)| Some((i, doc, doc.postmortem()?.date?)))
        .flat_map_iter(|(i, doc, date)| {
            usage::targets(lib, i).into_iter().filter_map(move |t| {
                let reviewed = lib.docs[t].runbook()?.last_reviewed?;
                (date > reviewed).then_some((t, date, doc.id.as_str()))
            })
        })
        .collect();
    let mut uses: BTreeMap<usize, Vec<(NaiveDate, &str)>> = BTreeMap::new();
    for (t, date, id) in found {
        uses.entry(t).or_default().push((date, id));
    }
    uses.into_iter()
        .map(|(t, mut incidents)| {
            let doc = &lib.docs[t];
            let rb = doc.runbook().expect("only runbooks are collected");
            let reviewed = rb.last_reviewed.expect("only reviewed runbooks are collected");
            incidents.sort_by(|a, b| b.cmp(a));
            let mut named: Vec<String> =
                incidents.iter().take(NAMED).map(|(date, id)| format!("{id} ({date})")).collect();
            if incidents.len() > NAMED {
                named.push(format!("{} more", incidents.len() - NAMED));
            }
            let count =
                if incidents.len() == 1 { "an incident".to_string() } else { format!("{} incidents", incidents.len()) };
            Diagnostic::new(
                "runbook-used-since-review",
                &doc.file,
                rb.last_reviewed_line,
                format!("runbook was last reviewed {reviewed} and used since in {count}: {}", named.join(", ")),
            )
            .hint(format!(
                "revise the runbook with what {} taught, then set `last_reviewed:` to the day of that review",
                if incidents.len() == 1 { "that incident" } else { "those incidents" }
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::check::testing::*;
    use crate::diagnostic::Level;

    const R: &str = "content/runbooks/failover.md";
    const C: &str = "content/contacts/oncall.md";
    const RULE: &str = "runbook-used-since-review";

    fn incident(id: &str, date: &str, uses: &str) -> String {
        PM.replace("title: Disk full", &format!("title: Disk full\nid: {id}"))
            .replace("date: 2026-11-01", &format!("date: {date}"))
            .replace("services: [db]", &format!("services: [db]\n{uses}"))
    }

    #[test]
    fn an_incident_after_the_review_that_names_the_runbook_fires_at_last_reviewed() {
        let a = incident("INC-1", "2026-11-01", "related: [failover]");
        let found = rule(&[("content/incidents/a.md", &a), (R, RUNBOOK), (C, CONTACTS)], RULE);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].file, R);
        assert_eq!(found[0].line, 5);
        assert_eq!(found[0].level, Level::Warning);
        assert_eq!(
            found[0].message,
            "runbook was last reviewed 2026-10-01 and used since in an incident: INC-1 (2026-11-01)"
        );
    }

    #[test]
    fn links_count_and_every_incident_is_named_newest_first() {
        let a = incident("INC-1", "2026-10-20", "related: [runbooks/failover]");
        let b = incident("INC-2", "2026-11-03", "tags: [db]").replace(
            "Removed archived WAL",
            "Followed [the failover runbook](../runbooks/failover.md#steps) and removed archived WAL",
        );
        let found =
            rule(&[("content/incidents/a.md", &a), ("content/incidents/b.md", &b), (R, RUNBOOK), (C, CONTACTS)], RULE);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].message.ends_with("in 2 incidents: INC-2 (2026-11-03), INC-1 (2026-10-20)"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn incidents_on_or_before_the_review_or_not_using_it_do_not_fire() {
        let same_day = incident("INC-1", "2026-10-01", "related: [failover]");
        let before = incident("INC-2", "2026-09-12", "related: [failover]");
        let unrelated = incident("INC-3", "2026-11-05", "tags: [db]");
        let files = [
            ("content/incidents/a.md", same_day.as_str()),
            ("content/incidents/b.md", before.as_str()),
            ("content/incidents/c.md", unrelated.as_str()),
            (R, RUNBOOK),
            (C, CONTACTS),
        ];
        assert!(rule(&files, RULE).is_empty());
        let reviewed_later = RUNBOOK.replace("last_reviewed: 2026-10-01", "last_reviewed: 2026-11-10");
        let after = incident("INC-4", "2026-11-05", "related: [failover]");
        assert!(rule(&[("content/incidents/a.md", &after), (R, &reviewed_later), (C, CONTACTS)], RULE).is_empty());
    }

    #[test]
    fn naming_another_incident_or_a_phone_list_does_not_fire() {
        let a = incident("INC-1", "2026-11-01", "related: [oncall, INC-2]");
        let b = incident("INC-2", "2026-11-02", "tags: [db]");
        assert!(rule(
            &[("content/incidents/a.md", &a), ("content/incidents/b.md", &b), (R, RUNBOOK), (C, CONTACTS)],
            RULE
        )
        .is_empty());
    }
}
