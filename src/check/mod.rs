//! The validation pass: a loaded [`Library`] → every finding for the site.
//!
//! Parsers already report what they see while reading a file (front matter,
//! fields, timeline entries, phone numbers); this pass adds the rules that
//! need a whole document or the whole library, one rule family per file, then
//! applies the levels set under `rules:` in config and sorts the result.
//! Nothing here does I/O or prints; [`report`] turns findings into text.

mod action_items;
mod blame;
mod ids;
mod links;
mod placeholder;
pub mod report;
mod runbook_use;
mod sections;
mod staleness;
mod timestamps;
mod whys;

use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::config::Config;
use crate::content::{Document, Library};
use crate::diagnostic::{self, Diagnostic};

/// What every rule may look at besides the document itself.
pub(crate) struct Context<'a> {
    pub lib: &'a Library,
    pub config: &'a Config,
    pub today: NaiveDate,
}

/// All findings for the site: parse findings + every rule, config levels
/// applied (`config.rule_level(rule, level)`; `off` drops the finding),
/// sorted with [`diagnostic::sort`].
pub fn run(lib: &Library, config: &Config, today: NaiveDate) -> Vec<Diagnostic> {
    collect(lib, config, today, &|_| true, None).0
}

/// Same as [`run`], but only findings whose file is in `only` (paths relative
/// to the site root, `/`-separated). Links and ids are still resolved against
/// the whole library.
pub fn run_files(lib: &Library, config: &Config, today: NaiveDate, only: &BTreeSet<String>) -> Vec<Diagnostic> {
    collect(lib, config, today, &|file| only.contains(file), None).0
}

/// Each document's own findings from one check, kept so that the check
/// after an edit (`serve`) runs the per-document rules on the edited
/// documents only.
#[derive(Clone, Debug, Default)]
pub struct Findings {
    /// Per document, in library order, levels applied.
    per_doc: Vec<Arc<[Diagnostic]>>,
    today: Option<NaiveDate>,
}

/// [`run`] after an edit. `previous` is the check of the library before
/// the edit and `edited` the documents (library positions) changed since:
/// the findings of every other document are taken from `previous`. That
/// holds only while no document was added, removed or moved to another id
/// or URL (what a link resolves to) and the config is the same, so the
/// caller passes `None` otherwise; a new day checks everything again too
/// (staleness and due dates). Rules across documents (duplicate ids,
/// unused runbooks) run again in full.
pub fn run_reusing(
    lib: &Library,
    config: &Config,
    today: NaiveDate,
    previous: Option<(&Findings, &[usize])>,
) -> (Vec<Diagnostic>, Findings) {
    let previous = previous.filter(|(f, _)| f.today == Some(today) && f.per_doc.len() == lib.docs.len());
    collect(lib, config, today, &|_| true, previous)
}

fn collect(
    lib: &Library,
    config: &Config,
    today: NaiveDate,
    keep: &(dyn Fn(&str) -> bool + Sync),
    previous: Option<(&Findings, &[usize])>,
) -> (Vec<Diagnostic>, Findings) {
    // Levels come from the config as it applies to the finding's file (`overrides:`).
    let leveled = |config: &Config, mut d: Diagnostic| {
        d.level = config.rule_level(d.rule, d.level)?;
        Some(d)
    };
    let mut out: Vec<Diagnostic> = lib
        .diagnostics
        .iter()
        .filter(|d| keep(&d.file))
        .filter_map(|d| leveled(&config.for_file(&d.file), d.clone()))
        .collect();
    let check_one = |doc: &Document| -> Arc<[Diagnostic]> {
        if !keep(&doc.file) {
            return Arc::from([]);
        }
        let config = config.for_file(&doc.file);
        let cx = Context { lib, config: &config, today };
        let mut found = doc.diagnostics.clone();
        check_document(&cx, doc, &mut found);
        found.into_iter().filter_map(|d| leveled(&config, d)).collect()
    };
    // Documents are checked in parallel; each yields its own findings.
    let per_doc: Vec<Arc<[Diagnostic]>> = match previous {
        Some((before, edited)) => {
            let mut per_doc = before.per_doc.clone();
            for &i in edited {
                per_doc[i] = check_one(&lib.docs[i]);
            }
            per_doc
        }
        None => lib.docs.par_iter().map(check_one).collect(),
    };
    out.extend(per_doc.iter().flat_map(|found| found.iter().cloned()));
    // Library-level rules: each looks across documents once.
    out.extend(
        ids::check(lib)
            .into_iter()
            .chain(runbook_use::check(lib))
            .filter(|d| keep(&d.file))
            .filter_map(|d| leveled(&config.for_file(&d.file), d)),
    );
    diagnostic::sort(&mut out);
    out.dedup();
    (out, Findings { per_doc, today: Some(today) })
}

/// Every per-document rule.
fn check_document(cx: &Context, doc: &Document, out: &mut Vec<Diagnostic>) {
    sections::check(cx, doc, out);
    timestamps::check(doc, out);
    whys::check(cx, doc, out);
    action_items::check(cx, doc, out);
    staleness::check(cx, doc, out);
    links::check(cx, doc, out);
    blame::check(cx, doc, out);
    // Last: it drops what the others said about a section that holds only
    // the skeleton's guidance.
    placeholder::check(cx, doc, out);
}

/// The file line of a top-level front matter field, found by its key at the
/// start of a line; the typed model keeps lines only for some fields.
pub(crate) fn field_line(doc: &Document, key: &str) -> Option<usize> {
    doc.source
        .lines()
        .take(doc.body_line.saturating_sub(1))
        .position(|l| l.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with(':')))
        .map(|i| i + 1)
}

/// `1 day` / `3 days`.
pub(crate) fn days(n: i64) -> String {
    if n == 1 {
        "1 day".to_string()
    } else {
        format!("{n} days")
    }
}

/// Shortens text for a message: first line, at most `max` chars.
pub(crate) fn shorten(text: &str, max: usize) -> String {
    let line = text.lines().next().unwrap_or("").trim();
    if line.chars().count() <= max {
        line.to_string()
    } else {
        let cut: String = line.chars().take(max.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! Builders shared by the rule tests: documents from text, a library,
    //! and the findings of one rule.

    use super::*;

    /// The day "today" is in every rule test.
    pub fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).expect("valid date")
    }

    /// A complete, final post-mortem that breaks no rule.
    pub const PM: &str = "---
title: Disk full
date: 2026-11-01
severity: SEV2
status: final
services: [db]
started: 2026-11-01 10:00
detected: 2026-11-01 10:05
mitigated: 2026-11-01 10:30
resolved: 2026-11-01 11:00
---
## Summary

The database disk filled up.

## Impact

Writes failed for an hour.

## Timeline

- 10:00 [started] Disk reaches 100%.
- 10:05 [detected] Alert fires.
- 10:30 [mitigated] Old WAL removed.
- 11:00 [resolved] Writes recover.

## Root cause

1. **Why did writes fail?** The disk was full.
2. **Why was the disk full?** WAL files piled up.
3. **Why did WAL pile up?** Archiving was stuck.
4. **Why was archiving stuck?** The bucket credentials expired.
5. **Why did nobody notice?** No alert on archive lag.

## Resolution

Removed archived WAL and rotated the credentials.

## Action items

| Action | Owner | Due | Status |
|---|---|---|---|
| Alert on archive lag | @sam | 2027-01-15 | open |

## Lessons learned

Alerts on the symptom were fast; alerts on the cause were missing.
";

    /// A complete runbook that breaks no rule (names the `oncall` list).
    pub const RUNBOOK: &str = "---
title: Fail over the database
services: [db]
owner: SRE
last_reviewed: 2026-10-01
contacts: [oncall]
---
## When to use

The primary is down.

## Steps

1. Promote the replica.

## Verification

Writes succeed.

## Rollback

Demote it again.
";

    /// A phone list that breaks no rule. Its number is from Ofcom's 01632
    /// 960 drama range, which the `placeholder` rule does not read (it knows
    /// the ranges `warroom new contacts` writes and SPEC §4 names).
    pub const CONTACTS: &str = "---
title: On-call
last_verified: 2026-10-01
groups:
  - name: Escalation
    contacts:
      - name: Priya Raman
        phone: \"+44 1632 960018\"
---
";

    pub fn doc(text: &str, file: &str) -> Document {
        Document::parse(text, file, &Config::default()).expect("a kind folder")
    }

    pub fn library(files: &[(&str, &str)]) -> Library {
        Library::new(files.iter().map(|(file, text)| doc(text, file)).collect(), BTreeSet::new(), Vec::new())
    }

    /// The findings of one rule over the given files, with the default config.
    pub fn rule(files: &[(&str, &str)], rule: &str) -> Vec<Diagnostic> {
        rule_with(files, rule, &Config::default())
    }

    pub fn rule_with(files: &[(&str, &str)], rule: &str, config: &Config) -> Vec<Diagnostic> {
        let docs = files.iter().map(|(file, text)| Document::parse(text, file, config).expect("a kind folder"));
        let lib = Library::new(docs.collect(), BTreeSet::new(), Vec::new());
        run(&lib, config, today()).into_iter().filter(|d| d.rule == rule).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::testing::*;
    use super::*;
    use crate::diagnostic::Level;

    #[test]
    fn complete_documents_are_clean() {
        let lib = library(&[
            ("content/incidents/a.md", PM),
            ("content/runbooks/failover.md", RUNBOOK),
            ("content/contacts/oncall.md", CONTACTS),
        ]);
        let found = run(&lib, &Config::default(), today());
        assert!(found.is_empty(), "{found:#?}");
    }

    #[test]
    fn config_levels_apply_and_off_drops() {
        let text = PM.replace("status: final", "status: final\ncolour: red");
        let files = [("content/incidents/a.md", text.as_str())];
        assert_eq!(rule(&files, "unknown-field")[0].level, Level::Warning);
        let config = Config::parse("rules: { unknown-field: error }\n", "warroom.yaml").expect("valid config");
        assert_eq!(rule_with(&files, "unknown-field", &config)[0].level, Level::Error);
        let config = Config::parse("rules: { unknown-field: off }\n", "warroom.yaml").expect("valid config");
        assert!(rule_with(&files, "unknown-field", &config).is_empty());
    }

    #[test]
    fn a_check_after_an_edit_reuses_other_documents_findings_and_equals_a_full_check() {
        let files = [
            ("content/incidents/a.md", PM.to_string()),
            ("content/incidents/b.md", PM.replace("title: Disk full", "title: Disk full\ncolour: red")),
            ("content/runbooks/failover.md", RUNBOOK.to_string()),
            ("content/contacts/oncall.md", CONTACTS.to_string()),
        ];
        let pairs: Vec<(&str, &str)> = files.iter().map(|(f, t)| (*f, t.as_str())).collect();
        let mut lib = library(&pairs);
        let config = Config::default();
        let (first, findings) = run_reusing(&lib, &config, today(), None);
        assert_eq!(first, run(&lib, &config, today()));
        assert_eq!(first.len(), 1, "{first:#?}");
        // `a` gains a broken link and `b` is not edited: `b`'s finding is reused.
        let edited = PM.replace("The database disk filled up.", "The disk filled up ([runbook](../runbooks/nope.md)).");
        assert!(lib.update(vec![doc(&edited, "content/incidents/a.md")], &[]), "same ids and URLs");
        let a = lib.docs.iter().position(|d| d.file == "content/incidents/a.md").expect("a");
        let (again, _) = run_reusing(&lib, &config, today(), Some((&findings, &[a])));
        assert_eq!(again, run(&lib, &config, today()));
        let rules: Vec<&str> = again.iter().map(|d| d.rule).collect();
        assert_eq!(rules, ["broken-link", "unknown-field"]);
        // Reused findings are only as fresh as the edit list says: not naming
        // `a` keeps its old (empty) findings, which is why serve names every edit.
        let (stale, _) = run_reusing(&lib, &config, today(), Some((&findings, &[])));
        assert_eq!(stale.len(), 1);
        // Another day checks everything again.
        let tomorrow = today().succ_opt().expect("a day");
        let (next_day, _) = run_reusing(&lib, &config, tomorrow, Some((&findings, &[])));
        assert_eq!(next_day, run(&lib, &config, tomorrow));
    }

    #[test]
    fn run_files_keeps_only_the_named_files_but_resolves_against_all() {
        let a = PM.replace("services: [db]", "services: [db]\nrelated: [failover]");
        let lib = library(&[
            ("content/incidents/a.md", a.as_str()),
            ("content/incidents/b.md", "no front matter"),
            ("content/runbooks/failover.md", RUNBOOK),
            ("content/contacts/oncall.md", CONTACTS),
        ]);
        let only: BTreeSet<String> = ["content/incidents/a.md".to_string()].into();
        assert!(run_files(&lib, &Config::default(), today(), &only).is_empty());
        let only: BTreeSet<String> = ["content/incidents/b.md".to_string()].into();
        let found = run_files(&lib, &Config::default(), today(), &only);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].rule, "front-matter-missing");
    }

    #[test]
    fn findings_are_sorted() {
        let text = PM.replace("@sam", "").replace("## Impact", "## Impact\n\nIt was human error.");
        let lib = library(&[("content/incidents/b.md", text.as_str()), ("content/incidents/a.md", "x")]);
        let found = run(&lib, &Config::default(), today());
        let mut sorted = found.clone();
        diagnostic::sort(&mut sorted);
        assert_eq!(found, sorted);
        assert_eq!(found[0].file, "content/incidents/a.md");
    }

    #[test]
    fn truncated_and_mangled_input_does_not_panic() {
        let text = format!("{PM}\n[a](../x.md) `human error` é ```\n");
        let cuts = text.char_indices().map(|(i, _)| i).step_by(7);
        for cut in cuts {
            for variant in [text[..cut].to_string(), text[cut..].to_string(), text[..cut].replace('\n', "\r\n")] {
                let lib = library(&[("content/incidents/a.md", variant.as_str()), ("content/runbooks/r.md", &variant)]);
                let _ = run(&lib, &Config::default(), today());
            }
        }
    }

    #[test]
    fn field_line_finds_keys() {
        let d = doc(PM, "content/incidents/a.md");
        assert_eq!(field_line(&d, "status"), Some(5));
        assert_eq!(field_line(&d, "owner"), None);
    }

    #[test]
    fn shorten_cuts_long_text() {
        assert_eq!(shorten("short", 10), "short");
        assert_eq!(shorten("a much longer line", 8), "a much…");
        assert_eq!(days(1), "1 day");
        assert_eq!(days(3), "3 days");
    }
}
