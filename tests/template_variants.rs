//! More post-mortems in the structure of the public templates (SPEC §9),
//! beside `tests/templates.rs`: the other templates of dastergon's
//! collection, Azure's older status-history PIRs, GitLab's RCA issue
//! template, a Confluence export and the untouched skeletons. Each site
//! under `tests/fixtures/template-variants/` is a small config and one or
//! more incidents written in our own words in that template's structure.
//!
//! A filled-in site checks with no finding at all; a skeleton fails with
//! the findings a reader would expect. Each test also looks at what the
//! build reads from the body (action items, timeline entries).

mod common;

use std::path::{Path, PathBuf};

use serde_json::Value;

const TODAY: &str = "2026-12-05";

fn site(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/template-variants").join(name)
}

/// `(file name, line, rule)` of every finding, and the exit code.
fn findings(name: &str) -> (Vec<(String, u64, String)>, Option<i32>) {
    let (json, code) = common::check_json(&site(name), TODAY);
    let mut found: Vec<(String, u64, String)> = json
        .iter()
        .map(|f| {
            let file = f["file"].as_str().unwrap_or_default();
            let file = file.rsplit('/').next().unwrap_or_default().to_string();
            (file, f["line"].as_u64().unwrap_or_default(), f["rule"].as_str().unwrap_or_default().to_string())
        })
        .collect();
    found.sort();
    (found, code)
}

fn assert_clean(name: &str) {
    let (found, code) = findings(name);
    assert!(found.is_empty(), "{name} should check clean, got {found:#?}");
    assert_eq!(code, Some(0), "{name}: exit code");
}

/// A site built into a temporary folder, and its `public/`.
fn build(name: &str) -> (tempfile::TempDir, PathBuf) {
    common::build_site(&site(name), TODAY)
}

/// `incidents.json` of a site's build, by incident id.
fn incidents(name: &str) -> std::collections::BTreeMap<String, Value> {
    let (_out, public) = build(name);
    let json = std::fs::read_to_string(public.join("incidents.json")).expect("incidents.json is written");
    let json: Value = serde_json::from_str(&json).expect("incidents.json is JSON");
    json.as_array()
        .expect("an array")
        .iter()
        .map(|i| (i["id"].as_str().unwrap_or_default().to_string(), i.clone()))
        .collect()
}

/// `(owner, due, status)` of an incident's action items, in order.
fn items(incident: &Value) -> Vec<(Option<String>, Option<String>, String)> {
    incident["action_items"]
        .as_array()
        .expect("action_items")
        .iter()
        .map(|a| {
            let s = |k: &str| a[k].as_str().map(str::to_string);
            (s("owner"), s("due"), s("status").unwrap_or_default())
        })
        .collect()
}

fn owned(owner: &str, due: &str, status: &str) -> (Option<String>, Option<String>, String) {
    (Some(owner.to_string()), Some(due.to_string()), status.to_string())
}

/// dastergon's Google API infrastructure ("Corrective and Preventative
/// Measures", `Timeline(all times in Pacific Time)`), cloud book ("Contributing
/// Conditions Analysis", "Recommendations") and Elastic Cloud ("Chain of
/// Events" under "What Happened") templates.
#[test]
fn dastergon_collection_checks_clean() {
    assert_clean("dastergon");
    let all = incidents("dastergon");
    assert_eq!(
        items(&all["INC-2026-201"]),
        [owned("ptran", "2027-01-15", "open"), owned("mnovak", "2027-02-15", "open")]
    );
    assert_eq!(
        items(&all["INC-2026-233"]),
        [owned("Grace Obi", "2027-01-20", "open"), owned("Luis Mena", "2027-01-08", "open")]
    );
    assert_eq!(items(&all["INC-2026-240"]).len(), 2);
}

/// Azure's older PIRs: `**Summary of impact:**`, `**Root cause:**`,
/// `**Next steps:**` labels, and dastergon's Azure headings (`### Summary of
/// impact`, `### Root cause and mitigation`, `### Next steps`).
#[test]
fn azure_legacy_pirs_check_clean() {
    assert_clean("azure-legacy");
    let all = incidents("azure-legacy");
    let status = |id: &str| items(&all[id]).into_iter().map(|i| i.2).collect::<Vec<_>>();
    assert_eq!(status("PIR-2026-0714"), ["done", "open", "open"]);
    assert_eq!(status("PIR-2026-0730"), ["done", "open"]);
}

/// GitLab's RCA issue template: `## Impact & Metrics`, `## What can be
/// improved`, and corrective actions written as `- <issue link> - action -
/// @owner - YYYY-MM-DD`, with the date standing alone as the due date.
#[test]
fn gitlab_rca_checks_clean() {
    assert_clean("gitlab-rca");
    let all = incidents("gitlab-rca");
    let inc = &all["INC-2026-031"];
    assert_eq!(
        items(inc),
        [
            owned("hbauer", "2026-12-18", "open"),
            owned("mokoro", "2027-01-22", "open"),
            owned("hbauer", "2026-11-20", "done")
        ]
    );
    assert_eq!(inc["action_items"][0]["action"], "Keep the reference check inside the push transaction");
    assert_eq!(inc["action_items"][0]["ticket"], "https://gitlab.example.net/registry/-/issues/5120");
}

/// Atlassian's template from Confluence: the task list under `### Action
/// items (task list)` below the `## Corrective actions` table is read too,
/// its due dates written after the mention (`@Name 29 Jan 2027`).
#[test]
fn confluence_export_reads_every_action_items_section() {
    assert_clean("confluence");
    let all = incidents("confluence");
    let got = items(&all["INC-2026-077"]);
    let due: Vec<_> = got.iter().map(|i| (i.1.as_deref(), i.2.as_str())).collect();
    assert_eq!(
        due,
        [
            (Some("2026-12-15"), "open"),
            (Some("2027-01-22"), "open"),
            (Some("2026-12-04"), "done"),
            (Some("2027-01-29"), "open"),
            (Some("2026-10-20"), "done"),
        ]
    );
    // Mentions by full name, in the table's cells and the task list alike.
    let owners: Vec<_> = got.iter().map(|i| i.0.as_deref().unwrap_or_default()).collect();
    assert_eq!(owners, ["Mireille Dubois", "Tobias Lang", "Mireille Dubois", "Tobias Lang", "Mireille Dubois"]);
}

/// Each action-items section lays out its own items as a table in its own
/// place, once: the Confluence export's table and the task list under it,
/// and a section that only introduces the table of a nested `### Follow-ups`
/// (whose items were once drawn in the first section as well).
#[test]
fn every_action_items_section_lays_out_its_own_items_once() {
    assert_clean("split-actions");
    for (name, page, tables) in [
        ("confluence", "incidents/inc-2026-077.html", [3, 2]),
        ("split-actions", "incidents/inc-2026-001.html", [0, 2]),
    ] {
        let (_out, public) = build(name);
        let html = std::fs::read_to_string(public.join(page)).expect("the incident page");
        let sections: Vec<&str> = html
            .split("<section class=\"doc-section section-action-items")
            .skip(1)
            .map(|s| s.split("</section>").next().unwrap_or(""))
            .collect();
        let rows: Vec<usize> = sections.iter().map(|s| s.matches("<tr class=\"action-item ").count()).collect();
        assert_eq!(rows, tables, "{name}: action-item rows per action-items section");
        assert_eq!(html.matches("<tr class=\"action-item ").count(), tables.iter().sum::<usize>(), "{name}");
    }
}

/// Kehoe's template as a US team fills it in: `Date/Time` cells such as
/// `05/11/2026 8:02 PM` (month first, as Etsy Morgue and US spreadsheets
/// write dates) and `Due Date` cells such as `01/29/2027`.
#[test]
fn kehoe_with_us_dates_checks_clean() {
    assert_clean("kehoe-us-dates");
    let all = incidents("kehoe-us-dates");
    let inc = &all["INC-2026-118"];
    let dues: Vec<_> = items(inc).into_iter().map(|i| i.1).collect();
    assert_eq!(dues, [Some("2027-01-29".to_string()), Some("2027-02-12".to_string())]);
}

/// The templates as published, with only front matter added: each fails,
/// and each placeholder (`[Summary here]`, `<author>`, `YYYY-MM-DD`,
/// `HH:MM`, `TBD`), empty section and empty table is reported at its line.
#[test]
fn untouched_templates_fail_with_their_placeholders() {
    let (found, code) = findings("skeletons");
    assert_eq!(code, Some(1));
    let found: Vec<(&str, u64, &str)> = found.iter().map(|(f, l, r)| (f.as_str(), *l, r.as_str())).collect();
    let gitlab = "2026-11-20-gitlab-rca.md";
    let kehoe = "2026-11-20-kehoe.md";
    let sre = "2026-11-20-sre-book.md";
    assert_eq!(
        found,
        [
            (gitlab, 26, "placeholder"), // YYYY-MM-DD
            (gitlab, 30, "timeline-entry-invalid"),
            (gitlab, 42, "placeholder"), // TBD
            (gitlab, 50, "action-item-no-due"),
            (gitlab, 50, "action-item-no-owner"),
            (gitlab, 51, "action-item-no-due"),
            (gitlab, 51, "action-item-no-owner"),
            (kehoe, 16, "empty-section"),
            (kehoe, 32, "empty-section"),
            (kehoe, 34, "empty-section"),
            (kehoe, 36, "empty-section"),
            (kehoe, 38, "empty-section"),
            (kehoe, 40, "no-action-items"),
            (sre, 13, "placeholder"), // YYYY-MM-DD
            (sre, 17, "placeholder"), // <author>
            (sre, 21, "placeholder"), // TBD
            (sre, 25, "placeholder"), // [Summary here]
            (sre, 29, "placeholder"), // [Impact here]
            (sre, 33, "placeholder"),
            (sre, 39, "placeholder"),
            (sre, 43, "no-action-items"),
            (sre, 49, "empty-section"),
            (sre, 51, "empty-section"),
            (sre, 53, "empty-section"),
            (sre, 55, "empty-section"),
            (sre, 59, "placeholder"), // YYYY-MM-DD (all times UTC)
            (sre, 61, "placeholder"), // - HH:MM [event], not also timeline-entry-invalid
        ]
    );
}
