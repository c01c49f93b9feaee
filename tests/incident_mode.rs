//! SPEC §10, "During an incident", end to end: a runbook run in a real
//! headless Chromium from `file://` (Start, tick, reload, copy as timeline,
//! the copied lines read by `check`), the incident log sheet printed to one
//! A4 and one Letter page, and time to acknowledge in `incidents.json`.
//!
//! The browser is driven through the DevTools protocol over a pipe (see
//! `tests/common/browser.rs`), so a click, a reload and the DOM after them
//! are real, with no server and no extra crate. As in `tests/browser.rs`, a
//! missing Chromium or poppler prints a loud `SKIPPED` line and passes,
//! unless `WARROOM_REQUIRE_BROWSER=1`, where it fails.

mod common;

use common::browser::{chromium, on_path, require, Browser};
use common::{copy_dir, repo, TODAY};

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value};

/// Runs warroom in `root`; panics with its stderr unless it exits 0.
fn warroom(root: &Path, args: &[&str]) -> std::process::Output {
    let out = Command::new(env!("CARGO_BIN_EXE_warroom"))
        .arg("--root")
        .arg(root)
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("the warroom binary runs");
    assert!(
        out.status.success(),
        "warroom {args:?} in `{}` exited {:?}:\n{}{}",
        root.display(),
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// A copy of the example site (content and config) in a fresh folder, with
/// `edit` applied to its `warroom.yaml`.
fn example_copy(edit: &dyn Fn(String) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("content"), &dir.path().join("content"));
    let config = fs::read_to_string(repo().join("warroom.yaml")).unwrap();
    fs::write(dir.path().join("warroom.yaml"), edit(config)).unwrap();
    dir
}

fn build(root: &Path) -> PathBuf {
    let out = root.join("public");
    warroom(root, &["build", "--today", TODAY, "--out", out.to_str().unwrap()]);
    out
}

// ---------------------------------------------------------------------------
// Run mode
// ---------------------------------------------------------------------------

const RUNBOOK: &str = "runbooks/postgres-failover.html";

/// What the page shows of the run: per step, whether it is ticked and its stamp.
fn run_state(b: &mut Browser) -> Vec<(bool, String)> {
    let v = b.eval(
        "Array.from(document.querySelectorAll('section.section-steps li')).filter(li => !li.parentNode.closest('li'))\
         .map(li => { const c = li.querySelector('input.run-check'); const t = li.querySelector('.run-time');\
                      return [!!(c && c.checked), t ? t.getAttribute('data-stamp') : ''] })",
    );
    v.as_array()
        .expect("a list of steps")
        .iter()
        .map(|s| (s[0].as_bool().unwrap(), s[1].as_str().unwrap().to_string()))
        .collect()
}

#[test]
fn a_runbook_run_survives_a_reload_from_file_and_its_timeline_passes_check() {
    let Some(chromium) = chromium() else { return };
    let site = example_copy(&|c| c);
    let out = build(site.path());
    let url = warroom::pdf::file_url(&out.join(RUNBOOK));

    let mut b = Browser::start(&chromium);
    // A zone with a negative, half-hour offset: the lines must carry it.
    b.call("Emulation.setTimezoneOverride", json!({ "timezoneId": "America/St_Johns" }));
    b.call("Page.enable", json!({}));
    b.load(Some(&url));
    assert_eq!(b.eval("location.protocol"), json!("file:"));
    b.eval("localStorage.clear()");
    b.load(None);

    // Before Start: the page reads as before, with only the Start button.
    assert_eq!(b.eval("document.querySelector('[data-run-controls]').hidden"), json!(false));
    assert_eq!(b.eval("document.querySelectorAll('input.run-check').length"), json!(0));
    assert_eq!(b.eval("document.querySelector('[data-run=\"copy\"]').hidden"), json!(true));

    b.eval("document.querySelector('[data-run=\"start\"]').click()");
    let steps = run_state(&mut b);
    assert_eq!(steps.len(), 7, "the example runbook has seven steps: {steps:?}");
    assert!(steps.iter().all(|(ticked, _)| !ticked));
    b.eval("document.querySelectorAll('input.run-check')[0].click()");
    b.eval("document.querySelectorAll('input.run-check')[2].click()");
    let ticked = run_state(&mut b);
    let stamp = |n: usize| ticked[n].1.clone();
    assert!(ticked[0].0 && ticked[2].0 && !ticked[1].0, "{ticked:?}");
    for n in [0, 2] {
        // `YYYY-MM-DD HH:MM-03:30`: the local date and time with the zone's offset.
        let s = stamp(n);
        assert_eq!(s.len(), 22, "{s:?}");
        assert!(s.ends_with("-03:30"), "not in the St John's zone: {s:?}");
    }
    // The tick's instant, to the minute, in UTC: what `check` must read.
    let utc_of = |b: &mut Browser, n: usize| {
        b.eval(&format!(
            "(() => {{ const s = JSON.parse(localStorage.getItem('warroom-run:' + location.pathname)).ticks['{n}'];\
              return new Date(Math.floor(s.at / 60000) * 60000).toISOString().replace('.000Z', 'Z') }})()"
        ))
        .as_str()
        .expect("a stored tick")
        .to_string()
    };
    let utc = [utc_of(&mut b, 1), utc_of(&mut b, 3)];

    // Reload: the ticks and their times are still there.
    b.load(None);
    let after = run_state(&mut b);
    assert_eq!(after, ticked, "a reload lost the run");
    assert_eq!(b.eval("document.querySelector('[data-run=\"start\"]').hidden"), json!(true));

    // Copy as timeline: the lines are shown in the text box.
    b.eval("document.querySelector('[data-run=\"copy\"]').click()");
    b.wait_for("document.querySelector('#run-timeline-text').value.length > 0");
    assert_eq!(b.eval("document.querySelector('[data-run-timeline]').hidden"), json!(false));
    let text = b.eval("document.querySelector('#run-timeline-text').value").as_str().unwrap().to_string();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(
        lines[0].starts_with(&format!("- {} Step 1: Declare the incident and open the bridge", stamp(0))),
        "{text}"
    );
    assert!(lines[1].starts_with(&format!("- {} Step 3: Confirm the candidate is healthy", stamp(2))), "{text}");

    // Reset, clicked twice, clears the run and what the browser kept.
    b.eval("document.querySelector('[data-run=\"reset\"]').click()");
    b.eval("document.querySelector('[data-run=\"reset\"]').click()");
    assert_eq!(b.eval("document.querySelectorAll('input.run-check').length"), json!(0));
    b.load(None);
    assert!(run_state(&mut b).iter().all(|s| *s == (false, String::new())));
    assert_eq!(b.eval("document.querySelector('[data-run=\"start\"]').hidden"), json!(false));
    drop(b);

    // Pasted into a post-mortem's timeline, `check` reads the lines.
    let pm_site = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("tests/fixtures/check/runbook-used-since-review/good"), pm_site.path());
    let pm_path = pm_site.path().join("content/incidents/2026-11-01-disk-full.md");
    let pm = fs::read_to_string(&pm_path).unwrap();
    let anchor = "- 11:00 [resolved] Writes recover.\n";
    assert!(pm.contains(anchor));
    fs::write(&pm_path, pm.replace(anchor, &format!("{anchor}{text}\n"))).unwrap();
    let check = warroom(pm_site.path(), &["check", "--format", "json", "--today", TODAY]);
    let findings: Value = serde_json::from_slice(&check.stdout).unwrap();
    assert_eq!(findings, json!([]), "the pasted timeline is not clean");
    let page = fs::read_to_string(build(pm_site.path()).join("incidents/2026-11-01-disk-full.html")).unwrap();
    for (iso, step) in utc.iter().zip(["Step 1: Declare the incident", "Step 3: Confirm the candidate"]) {
        let entry = page.split("</li>").find(|e| e.contains(step)).unwrap_or_else(|| panic!("no entry {step:?}"));
        assert!(entry.contains(&format!("datetime=\"{iso}\"")), "the entry {step:?} is not at {iso}:\n{entry}");
    }
}

#[test]
fn without_javascript_a_runbook_reads_as_before_and_prints_a_box_and_time_per_step() {
    let site = example_copy(&|c| c);
    let out = build(site.path());
    let html = fs::read_to_string(out.join(RUNBOOK)).unwrap();
    // The run controls are in the page but hidden until warroom.js shows them.
    assert!(html.contains("<div class=\"run-controls\" data-run-controls hidden>"), "{html}");
    assert!(html.contains("data-run-timeline hidden"));
    let css = fs::read_to_string(out.join("style.css")).unwrap();
    let print = &css[css.rfind("@media print").unwrap()..];
    assert!(print.contains(".section-steps li:not(li li)::before"), "no box per step in print");
    assert!(print.contains("content: \"time: ________\""), "no time blank per step in print");
}

// ---------------------------------------------------------------------------
// The incident log sheet
// ---------------------------------------------------------------------------

/// Prints `page` of a built site to PDF and returns (pages, width, height, text).
fn print(chromium: &Path, page: &Path, pdfinfo: &Path, pdftotext: &Path) -> (usize, f64, f64, String) {
    let pdf = page.with_extension("pdf");
    warroom::pdf::print_to_pdf(chromium, page, &pdf).unwrap();
    let info = Command::new(pdfinfo).arg(&pdf).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout).into_owned();
    let field = |name: &str| info.lines().find_map(|l| l.strip_prefix(name)).map(str::trim).unwrap().to_string();
    let pages = field("Pages:").parse().unwrap();
    let size = field("Page size:");
    let mut nums = size.split_whitespace().filter_map(|w| w.parse::<f64>().ok());
    let text = Command::new(pdftotext).arg("-layout").arg(&pdf).arg("-").output().unwrap();
    (pages, nums.next().unwrap(), nums.next().unwrap(), String::from_utf8_lossy(&text.stdout).into_owned())
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_worksheet_prints_on_one_a4_and_one_letter_page() {
    let Some(chromium) = chromium() else { return };
    let Some(pdfinfo) = require("pdfinfo", on_path("pdfinfo")) else { return };
    let Some(pdftotext) = require("pdftotext", on_path("pdftotext")) else { return };
    for (paper, (w, h)) in [("A4", (595.0, 842.0)), ("Letter", (612.0, 792.0))] {
        let site = example_copy(&|c| c.replace("paper: A4", &format!("paper: {paper}")));
        let out = build(site.path());
        let (pages, width, height, text) = print(&chromium, &out.join("worksheet.html"), &pdfinfo, &pdftotext);
        assert_eq!(pages, 1, "the worksheet takes {pages} {paper} pages:\n{text}");
        assert!((width - w).abs() < 2.0 && (height - h).abs() < 2.0, "{paper}: the page is {width} x {height}");
        let flat = collapse(&text);
        for stage in
            ["1. Respond 15m", "2. Diagnose 30m", "3. Mitigate 1h", "4. Verify 15m", "5. Roll back or keep (decide)"]
        {
            assert!(flat.contains(stage), "{paper}: no stage {stage:?} in:\n{text}");
        }
        for role in ["Call leader", "Scribe", "Communications"] {
            assert!(flat.contains(role), "{paper}: no role {role:?} in:\n{text}");
        }
        // A role is followed by its blank, not by a name.
        assert!(!flat.contains("Call leader Priya"), "{paper}: a role is filled in");
        // Table heads print in capitals.
        assert!(flat.to_lowercase().contains("time who what"), "{paper}: no ruled log in:\n{text}");
        for heading in ["Incident command", "Priya Raman", "+44 20 7946 0018"] {
            assert!(flat.contains(heading), "{paper}: no {heading:?} in:\n{text}");
        }
        // In the binder the sheet is one page of its own, after the contents.
        let (_, _, _, binder) = print(&chromium, &out.join("print.html"), &pdfinfo, &pdftotext);
        let pages: Vec<&str> = binder.split('\u{c}').collect();
        assert!(
            pages[1].trim_start().starts_with("Incident log sheet"),
            "{paper}: page 2 of the binder:\n{}",
            pages[1]
        );
        assert!(collapse(pages[1]).contains("+44 20 7946 0018"), "{paper}: the sheet spills over:\n{}", pages[1]);
        assert!(pages[2].contains("On-call escalation") && !pages[2].contains("Call leader"), "{}", pages[2]);
    }
}

#[test]
fn a_long_escalation_group_still_leaves_the_worksheet_on_one_letter_page() {
    let Some(chromium) = chromium() else { return };
    let Some(pdfinfo) = require("pdfinfo", on_path("pdfinfo")) else { return };
    let Some(pdftotext) = require("pdftotext", on_path("pdftotext")) else { return };
    let site = example_copy(&|c| {
        c.replace("paper: A4", "paper: Letter")
            .replace("worksheet_contacts: oncall-escalation", "worksheet_contacts: big")
    });
    let mut list =
        String::from("---\ntitle: Big rota\nlast_verified: 2026-11-02\ngroups:\n  - name: Everyone\n    contacts:\n");
    for n in 0..10 {
        list.push_str(&format!(
            "      - name: Person Number {n} With A Long Name\n        role: Incident commander for the whole of the night shift\n        phone: \"+44 20 7946 01{n:02}\"\n        alt_phone: \"+44 7700 9001{n:02}\"\n"
        ));
    }
    list.push_str("---\n");
    fs::write(site.path().join("content/contacts/big.md"), list).unwrap();
    let out = build(site.path());
    let (pages, _, _, text) = print(&chromium, &out.join("worksheet.html"), &pdfinfo, &pdftotext);
    assert_eq!(pages, 1, "a group of 10 takes {pages} Letter pages:\n{text}");
    let flat = collapse(&text);
    assert!(flat.contains("Person Number 7") && !flat.contains("Person Number 8"), "{text}");
    assert!(flat.contains("and 2 more on the phone list"), "{text}");
}

#[test]
fn the_worksheet_is_in_the_binder_and_names_a_missing_list_clearly() {
    let site = example_copy(&|c| c);
    let out = build(site.path());
    let binder = fs::read_to_string(out.join("print.html")).unwrap();
    assert!(binder.contains("<section class=\"binder-doc binder-worksheet\" id=\"worksheet\">"));
    assert!(binder.contains("href=\"#worksheet\""), "the contents do not list the sheet");
    assert!(binder.contains("href=\"#contacts-oncall-escalation\""), "the sheet does not link its phone list");
    let home = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(home.contains("href=\"worksheet.html\""));

    let bad = example_copy(&|c| c.replace("worksheet_contacts: oncall-escalation", "worksheet_contacts: oncall"));
    let run = Command::new(env!("CARGO_BIN_EXE_warroom"))
        .arg("--root")
        .arg(bad.path())
        .args(["build", "--today", TODAY])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(!run.status.success());
    assert!(stderr.contains("`incident.worksheet_contacts: oncall` names no phone list"), "{stderr}");
}

// ---------------------------------------------------------------------------
// Time to acknowledge
// ---------------------------------------------------------------------------

const PM: &str = "---
title: Night page
date: 2026-11-01
severity: SEV2
status: final
services: [db]
timezone: America/New_York
started: 2026-11-01 23:40
detected: 2026-11-01 23:52
ACK
resolved: 2026-11-02 01:00
---
## Summary

Paged at night.

## Impact

None.

## Timeline

- 23:40 [started] Disk fills.
- 23:52 [detected] Alert fires.
LABEL- 2026-11-02 01:00 [resolved] Fixed.

## Root cause

1. a
2. b
3. c
4. d
5. e

## Resolution

Fixed.

## Action items

| Action | Owner | Due |
|---|---|---|
| Alert | @a | 2027-01-01 |

## Lessons learned

Some.
";

#[test]
fn time_to_acknowledge_is_exact_across_a_zone_and_midnight() {
    let dir = tempfile::tempdir().unwrap();
    let incidents = dir.path().join("content/incidents");
    fs::create_dir_all(&incidents).unwrap();
    // 23:52 EST (the clocks went back that morning) is 04:52 UTC on the 2nd;
    // each incident is acknowledged 15 minutes later, after local midnight,
    // written three ways.
    let cases = [
        ("label", PM.replace("ACK\n", "").replace("LABEL", "- 2026-11-02 00:07 [acknowledged] Paged back.\n")),
        ("utc", PM.replace("ACK", "acknowledged: 2026-11-02T05:07:00Z").replace("LABEL", "")),
        ("offset", PM.replace("ACK", "acknowledged: 2026-11-02T06:07:00+01:00").replace("LABEL", "")),
        ("none", PM.replace("ACK\n", "").replace("LABEL", "")),
    ];
    for (name, text) in &cases {
        fs::write(incidents.join(format!("{name}.md")), text).unwrap();
    }
    let out = build(dir.path());
    let list: Vec<Value> = serde_json::from_str(&fs::read_to_string(out.join("incidents.json")).unwrap()).unwrap();
    for (name, _) in &cases {
        let inc = list.iter().find(|i| i["id"] == json!(name)).unwrap_or_else(|| panic!("no {name}"));
        assert_eq!(inc["detected"], json!("2026-11-02T04:52:00Z"), "{name}");
        if *name == "none" {
            assert_eq!(inc["acknowledged"], Value::Null);
            assert_eq!(inc["time_to_acknowledge_s"], Value::Null);
        } else {
            assert_eq!(inc["acknowledged"], json!("2026-11-02T05:07:00Z"), "{name}");
            assert_eq!(inc["time_to_acknowledge_s"], json!(900), "{name}");
        }
    }
    let page = fs::read_to_string(out.join("incidents/label.html")).unwrap();
    assert!(page.contains("<th scope=\"row\">Acknowledged</th>"), "the page shows no acknowledged time");
    assert!(page.contains(">TTA</abbr>"), "the page shows no time to acknowledge");
    let stats = fs::read_to_string(out.join("stats.html")).unwrap();
    assert!(stats.contains("Median time to acknowledge per quarter (target 15m)"), "{stats}");
    assert!(stats.contains("<strong>100%</strong> of\n  3 acknowledged incidents"), "{stats}");
}
