use super::*;
use crate::content::Document;
use crate::diagnostic::Diagnostic;

fn import(text: &str) -> Imported {
    import_text(text, "notes.md", &Config::default())
}

/// The value front matter gives a key, as written.
fn line_of(i: &Imported, key: &str) -> Option<String> {
    i.front_matter.lines().find_map(|l| l.strip_prefix(&format!("{key}: ")).map(str::to_string))
}

fn source_line(i: &Imported, field: &str) -> Option<usize> {
    i.inferred.iter().find(|x| x.field == field).map(|x| x.line)
}

/// What `check`'s loader finds in the imported text.
fn findings(i: &Imported) -> Vec<Diagnostic> {
    let file = format!("content/incidents/{}", i.file_name);
    Document::parse(&i.text(), &file, &Config::default()).map(|d| d.diagnostics).unwrap_or_default()
}

const SRE: &str = "# Shakespeare Sonnet++ Postmortem (incident #465)\n\n**Date:** 2015-10-21\n\n**Authors:** jennifer, martym, agoogler\n\n**Status:** Complete, action items in progress\n\n**Summary:** Shakespeare Search down for 66 minutes.\n\n## Action Items\n\n- none\n";

#[test]
fn bold_labels_as_in_the_sre_book() {
    let i = import(SRE);
    assert_eq!(line_of(&i, "title").unwrap(), "\"Shakespeare Sonnet++ Postmortem (incident #465)\"");
    assert_eq!(line_of(&i, "date").unwrap(), "2015-10-21");
    assert_eq!(line_of(&i, "status").unwrap(), "final  # was \"Complete, action items in progress\"");
    assert_eq!(line_of(&i, "authors").unwrap(), "[\"jennifer\", \"martym\", \"agoogler\"]");
    assert_eq!(line_of(&i, "severity").unwrap(), "TODO");
    assert_eq!(line_of(&i, "services").unwrap(), "[TODO]");
    assert_eq!(i.to_fill, ["severity", "services"]);
    assert_eq!(
        (source_line(&i, "title"), source_line(&i, "date"), source_line(&i, "status")),
        (Some(1), Some(3), Some(7))
    );
    assert_eq!(i.file_name, "2015-10-21-shakespeare-sonnet-postmortem-incident-465.md");
    // The H1 and the blank line after it go; every other byte stays.
    assert_eq!(i.body, &SRE["# Shakespeare Sonnet++ Postmortem (incident #465)\n\n".len()..]);
}

#[test]
fn plain_lines_and_list_items() {
    let text = "# Cache stampede\n\nDate: 2024-03-01\nSeverity: SEV2\nStatus: Draft\n\n- **Services:** api, web\n* Incident commander: Ana Lima\n\n## Summary\n";
    let i = import(text);
    assert_eq!(line_of(&i, "date").unwrap(), "2024-03-01");
    assert_eq!(line_of(&i, "severity").unwrap(), "\"SEV2\"");
    assert_eq!(line_of(&i, "status").unwrap(), "draft");
    assert_eq!(line_of(&i, "services").unwrap(), "[\"api\", \"web\"]");
    assert_eq!(line_of(&i, "commander").unwrap(), "\"Ana Lima\"");
    assert!(i.to_fill.is_empty());
    assert_eq!(source_line(&i, "services"), Some(7));
}

#[test]
fn a_two_column_table() {
    let text = "# Queue backlog\n\n| Incident | HOT-1234 |\n|---|---|\n| Incident date | Oct 21, 2015 |\n| Owner | Priya Raman |\n| Severity | Sev 1 |\n| Affected services | billing; ledger |\n\n## Incident summary\n";
    let i = import(text);
    assert_eq!(line_of(&i, "id").unwrap(), "\"HOT-1234\"");
    assert_eq!(line_of(&i, "date").unwrap(), "2015-10-21");
    assert_eq!(line_of(&i, "authors").unwrap(), "[\"Priya Raman\"]");
    assert_eq!(line_of(&i, "severity").unwrap(), "\"SEV1\"");
    assert_eq!(line_of(&i, "services").unwrap(), "[\"billing\", \"ledger\"]");
    assert_eq!(source_line(&i, "date"), Some(5));
}

#[test]
fn notion_property_lines() {
    let text = "# Login loop\n\nStatus: In review\nIC: Bo Chen\nDate: 21 October 2015\nService: auth\n\nSome prose.\n";
    let i = import(text);
    assert_eq!(line_of(&i, "status").unwrap(), "review  # was \"In review\"");
    assert_eq!(line_of(&i, "commander").unwrap(), "\"Bo Chen\"");
    assert_eq!(line_of(&i, "date").unwrap(), "2015-10-21");
    assert_eq!(line_of(&i, "services").unwrap(), "[\"auth\"]");
    assert_eq!(i.body, "Status: In review\nIC: Bo Chen\nDate: 21 October 2015\nService: auth\n\nSome prose.\n");
}

#[test]
fn every_date_form_gives_the_date() {
    for form in ["2015-10-21", "2015/10/21", "Oct 21, 2015", "21 October 2015", "Wednesday, October 21, 2015"] {
        let i = import(&format!("# Outage\n\n**Date:** {form}\n"));
        assert_eq!(line_of(&i, "date").as_deref(), Some("2015-10-21"), "{form}");
        assert!(i.file_name.starts_with("2015-10-21-outage"), "{form}");
    }
}

#[test]
fn timestamps_with_zones() {
    let text =
        "# Outage\n\n- Start time: 2024-03-01 14:05 UTC\n- Detected: 2024-03-01 14:20 UTC\n- Resolved: 15:30 UTC\n";
    let i = import(text);
    assert_eq!(line_of(&i, "timezone").unwrap(), "\"UTC\"");
    assert_eq!(line_of(&i, "started").unwrap(), "2024-03-01 14:05");
    assert_eq!(line_of(&i, "detected").unwrap(), "2024-03-01 14:20");
    assert_eq!(line_of(&i, "resolved").unwrap(), "2024-03-01 15:30");
    // The date comes from the start when no line gives it.
    assert_eq!(line_of(&i, "date").unwrap(), "2024-03-01");
    assert_eq!(source_line(&i, "date"), Some(3));

    let text = "# Outage\n\n**Date:** March 2, 2026 4:07 PM PST\n**Mitigated:** March 2, 2026 5:10 PM PST\n";
    let i = import(text);
    assert_eq!(line_of(&i, "date").unwrap(), "2026-03-02");
    assert_eq!(line_of(&i, "started").unwrap(), "2026-03-02T16:07:00-08:00");
    assert_eq!(line_of(&i, "mitigated").unwrap(), "2026-03-02T17:10:00-08:00");
    assert_eq!(line_of(&i, "timezone"), None);

    let text = "# Outage\n\nStarted: 2024-03-01 14:05 Europe/Berlin\nResolved: 2024-03-01 15:00 +01:00\n";
    let i = import(text);
    assert_eq!(line_of(&i, "started").unwrap(), "2024-03-01 14:05 Europe/Berlin");
    assert_eq!(line_of(&i, "resolved").unwrap(), "2024-03-01 15:00 +01:00");
    assert!(findings(&i).iter().all(|d| d.rule != "invalid-field" || !d.message.contains("started")));

    let text = "# Outage\n\n| Field | Value |\n|--|--|\n| Date | 2024-03-01 |\n| Start time (UTC) | 09:15 |\n";
    let i = import(text);
    assert_eq!(line_of(&i, "started").unwrap(), "2024-03-01 09:15");
    assert_eq!(line_of(&i, "timezone").unwrap(), "\"UTC\"");
}

#[test]
fn statuses_keep_their_wording_as_a_comment() {
    for (written, expected) in [
        ("Final", "final"),
        ("Completed", "final  # was \"Completed\""),
        ("Published", "final  # was \"Published\""),
        ("Ready for review", "review  # was \"Ready for review\""),
        ("Action items open", "draft  # was \"Action items open\""),
    ] {
        let i = import(&format!("# Outage\n\n**Status**: {written}\n"));
        assert_eq!(line_of(&i, "status").as_deref(), Some(expected), "{written}");
    }
}

#[test]
fn commander_spellings() {
    for key in ["Incident commander", "IC", "Incident lead", "Incident manager", "Commander"] {
        let i = import(&format!("# Outage\n\n**{key}:** Sam Lee\n"));
        assert_eq!(line_of(&i, "commander").as_deref(), Some("\"Sam Lee\""), "{key}");
    }
}

#[test]
fn nothing_to_infer_leaves_todos_that_check_reports() {
    let i = import_text("Just some notes.\n", "db-failover.md", &Config::default());
    assert_eq!(line_of(&i, "title").unwrap(), "\"Db failover\"");
    assert_eq!(i.to_fill, ["date", "severity", "status", "services"]);
    assert_eq!(i.front_matter, "title: \"Db failover\"\ndate: TODO\nseverity: TODO\nstatus: TODO\nservices: [TODO]\n");
    assert_eq!(i.file_name, "db-failover.md");
    assert_eq!(i.body, "Just some notes.\n");
    let found = findings(&i);
    for field in ["date", "severity", "status", "services"] {
        assert!(found.iter().any(|d| d.message.contains(field) && d.message.contains("TODO")), "{field}: {found:?}");
    }
}

#[test]
fn titles_survive_yaml_and_placeholders_are_skipped() {
    let text = "# Outage #42: \"cache\" \\ miss\n\n**Date:** [YYYY-MM-DD]\n**Severity:** [P0/P1/P2]\n**Incident Commander:** [Name]\n";
    let i = import(text);
    assert_eq!(i.to_fill, ["date", "severity", "status", "services"]);
    assert_eq!(line_of(&i, "commander"), None);
    let doc = Document::parse(&i.text(), "content/incidents/x.md", &Config::default()).unwrap();
    assert_eq!(doc.title, "Outage #42: \"cache\" \\ miss");
}

#[test]
fn unconfigured_severity_is_kept_with_a_note() {
    let i = import("# Outage\n\n**Severity:** P1\n");
    assert_eq!(line_of(&i, "severity").unwrap(), "\"P1\"");
    assert!(i.notes[0].contains("severity_aliases"), "{:?}", i.notes);
}

#[test]
fn a_setext_title_and_a_file_name_date() {
    let text = "Postmortem: disk full\n=====================\n\nSeverity: SEV3\n";
    let i = import_text(text, "2024-05-06-disk.md", &Config::default());
    assert_eq!(line_of(&i, "title").unwrap(), "\"Postmortem: disk full\"");
    assert_eq!(line_of(&i, "date").unwrap(), "2024-05-06");
    assert_eq!(i.body, "Severity: SEV3\n");
    assert_eq!(i.file_name, "2024-05-06-postmortem-disk-full.md");
}

#[test]
fn a_section_heading_in_h1_is_not_the_title() {
    let text = "# Summary\n\nThe queue stalled.\n";
    let i = import_text(text, "queue.md", &Config::default());
    assert_eq!(line_of(&i, "title").unwrap(), "\"Queue\"");
    assert_eq!(i.body, text);
}

#[test]
fn crlf_bodies_stay_as_written() {
    let text = "# Outage\r\n\r\nDate: 2024-03-01\r\nbody\r\n";
    let i = import(text);
    assert_eq!(line_of(&i, "date").unwrap(), "2024-03-01");
    assert_eq!(i.body, "Date: 2024-03-01\r\nbody\r\n");
    assert_eq!(line_of(&i, "title").unwrap(), "\"Outage\"");
}

#[test]
fn the_report_names_fields_and_lines() {
    let i = import(SRE);
    let o = Outcome::Imported {
        source: "notes/sre.md".into(),
        target: format!("content/incidents/{}", i.file_name),
        imported: Box::new(i),
        written: true,
    };
    let r = o.report(false);
    assert!(r.starts_with("imported notes/sre.md → content/incidents/2015-10-21-"), "{r}");
    assert!(r.contains("  date      2015-10-21"), "{r}");
    assert!(r.contains("from line 3 (**Date:** 2015-10-21)"), "{r}");
    assert!(r.contains("from line 7 (**Status:** Complete, action items in progress)"), "{r}");
    assert!(r.contains("  to fill   severity, services (written as TODO"), "{r}");
    assert_eq!(o.report(true), "");
}

#[test]
fn prose_labels_that_name_a_timestamp_give_one_only_when_they_hold_a_time() {
    let text = "# Outage\n\n**Detection:** Borgmon paged on-call.\n**Resolution:** 2015-10-21 15:57\n**Detect time:** 2015-10-21 14:53\n";
    let i = import(text);
    assert_eq!(line_of(&i, "detected").unwrap(), "2015-10-21 14:53");
    assert_eq!(line_of(&i, "resolved").unwrap(), "2015-10-21 15:57");
    assert_eq!(source_line(&i, "detected"), Some(5));
}

#[test]
fn an_abbreviation_that_disagrees_with_the_date_gets_a_note() {
    let i = import("# Outage\n\nStarted: July 4, 2024 9:00 AM PST\n");
    assert_eq!(line_of(&i, "started").unwrap(), "2024-07-04T09:00:00-08:00");
    assert!(i.notes.iter().any(|n| n.contains("PST") && n.contains("line 3")), "{:?}", i.notes);
}

#[test]
fn a_sentence_naming_the_zone_of_every_time() {
    // Etsy Morgue's fields, with its note on the zone its times are shown in.
    let text = "# Checkout errors\n\nAll times are currently shown in America/New_York time.\n\n\
                **Start time:** 10/14/2026 3:12PM\n**Detect time:** 10/14/2026 3:20PM\n**End time:** 10/14/2026 4:05PM\n";
    let i = import(text);
    assert_eq!(line_of(&i, "timezone").unwrap(), "\"America/New_York\"");
    assert_eq!(line_of(&i, "started").unwrap(), "2026-10-14 15:12");
    assert_eq!(line_of(&i, "detected").unwrap(), "2026-10-14 15:20");
    // A zone written with a time wins over the sentence.
    let text = "# Outage\n\n*All times UTC.*\n\nStarted: 2024-03-01 14:05 Europe/Berlin\n";
    let i = import(text);
    assert_eq!(line_of(&i, "timezone").unwrap(), "\"Europe/Berlin\"");
    assert_eq!(line_of(&i, "started").unwrap(), "2024-03-01 14:05");
    // Without such a sentence, nothing is assumed.
    let text = "# Outage\n\nStarted: 2024-03-01 14:05\nThe times of the graphs are approximate.\n";
    assert_eq!(line_of(&import(text), "timezone"), None);
}
