//! A new user's first hour: `init`, `new`, `check` and `build` as the README
//! tells them, run through the real binary in a temporary folder.

mod common;

use common::{warroom, TODAY};

use std::fs;
use std::process::Output;

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A site with a warroom.yaml and nothing else.
fn empty_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("warroom.yaml"), "title: Test\n").unwrap();
    dir
}

#[test]
fn an_untouched_skeleton_set_to_final_fails_check_with_placeholders() {
    let site = empty_site();
    let o = warroom(&["new", "incident", "Disk full on db-1", "--today", "2026-11-20"], site.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let file = site.path().join("content/incidents/2026-11-20-disk-full-on-db-1.md");
    let text = fs::read_to_string(&file).unwrap().replace("status: draft", "status: final");
    fs::write(&file, text).unwrap();
    let o = warroom(&["check", "--today", TODAY, "--format", "json"], site.path());
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let findings: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let findings = findings.as_array().unwrap();
    let placeholders: Vec<_> = findings.iter().filter(|f| f["rule"] == "placeholder").collect();
    assert!(placeholders.len() >= 10, "{findings:#?}");
    assert!(placeholders.iter().all(|f| f["level"] == "error"));
    for quoted in ["Answer here.", "@you", "Describe what happened first."] {
        assert!(placeholders.iter().any(|f| f["message"].as_str().unwrap().contains(quoted)), "{quoted}");
    }
    // One finding per cause: nothing else about the skeleton's own text.
    let others: Vec<_> = findings.iter().filter(|f| f["rule"] != "placeholder").collect();
    assert!(others.is_empty(), "{others:#?}");
}

#[test]
fn a_new_draft_is_only_warned_about() {
    let site = empty_site();
    let o = warroom(&["new", "incident", "Disk full", "--today", TODAY], site.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let o = warroom(&["check", "--today", TODAY], site.path());
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("warning[placeholder]"), "{}", stdout(&o));
}

#[test]
fn new_postmortem_is_new_incident() {
    let site = empty_site();
    let o = warroom(&["new", "postmortem", "Disk full", "--today", TODAY], site.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let text = fs::read_to_string(site.path().join("content/incidents/2026-11-22-disk-full.md")).unwrap();
    assert!(text.contains("id: \"INC-2026-001\""), "{text}");
    let err = stderr(&o);
    assert!(err.contains("created `content/incidents/2026-11-22-disk-full.md`"), "{err}");
    assert!(err.contains("warroom check"), "{err}");
    let o = warroom(&["-q", "new", "postmortem", "Disk full again", "--today", TODAY], site.path());
    assert!(o.status.success());
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
}

#[test]
fn new_incident_ids_follow_id_format_after_the_highest() {
    let site = tempfile::tempdir().unwrap();
    fs::write(site.path().join("warroom.yaml"), "postmortem:\n  id_format: \"PM-{year}-{seq:04}\"\n").unwrap();
    let incidents = site.path().join("content/incidents");
    fs::create_dir_all(incidents.join("2026")).unwrap();
    fs::write(incidents.join("2026/a.md"), "---\nid: PM-2026-0007\ntitle: A\n---\n").unwrap();
    fs::write(incidents.join("2026/PM-2026-0003.md"), "---\ntitle: B\n---\n").unwrap();
    fs::write(incidents.join("old.md"), "---\nid: \"PM-2025-0040\"\ntitle: C\n---\n").unwrap();
    let o = warroom(&["new", "incident", "Cache storm", "--today", TODAY], site.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let text = fs::read_to_string(incidents.join("2026-11-22-cache-storm.md")).unwrap();
    assert!(text.contains("id: \"PM-2026-0008\""), "{text}");
    let o = warroom(&["new", "incident", "New year", "--today", "2027-01-02"], site.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let text = fs::read_to_string(incidents.join("2027-01-02-new-year.md")).unwrap();
    assert!(text.contains("id: \"PM-2027-0001\""), "{text}");
}

#[test]
fn commands_refuse_a_folder_without_a_site_and_write_nothing() {
    let empty = tempfile::tempdir().unwrap();
    let root = empty.path().to_str().unwrap();
    let runs: [&[&str]; 5] = [
        &["--root", root, "build", "--today", TODAY],
        &["--root", root, "check", "--today", TODAY],
        &["--root", root, "serve", "--port", "0"],
        &["--root", root, "pdf"],
        &["build"],
    ];
    for args in runs {
        let o = warroom(args, empty.path());
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(
            err.contains("error: no warroom site here (`")
                && err.contains("` has no warroom.yaml and no content/); run `warroom init` to create one"),
            "{args:?}: {err}"
        );
        assert_eq!(fs::read_dir(empty.path()).unwrap().count(), 0, "{args:?} wrote into the folder");
    }
}

#[test]
fn init_prints_next_steps_and_its_site_checks_without_errors() {
    let dir = tempfile::tempdir().unwrap();
    let o = warroom(&["init", "site"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    for step in ["cd ", "warroom new incident", "warroom build", "public/index.html"] {
        assert!(err.contains(step), "{step}: {err}");
    }
    let site = dir.path().join("site");
    let o = warroom(&["check", "--today", TODAY], &site);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let o = warroom(&["build", "--today", TODAY], &site);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("index.html"), "{}", stderr(&o));
    assert!(site.join("public/index.html").is_file());
}
