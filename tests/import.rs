//! `warroom import` through the real binary: a folder of post-mortems
//! without front matter → documents under `content/incidents/`, bodies kept
//! byte for byte, a report per file, `--dry-run`, never overwriting, and
//! `check` reporting what was left as `TODO`.

mod common;

use common::warroom;

use std::fs;
use std::path::Path;
use std::process::Output;

/// Bold labels as in the Google SRE book's example.
const LABELS: &str = "# Gift card redemptions failed\n\n**Date:** Wednesday, March 4, 2026\n**Severity:** SEV2\n**Status:** Complete, follow-ups open\n**Incident commander:** Lena Ortiz\n\n## Summary\n\nRedemptions returned errors for 40 minutes after a certificate rotated.\n\n## Timeline\n\n- 09:12 [started] the new certificate went live\n- 09:20 [detected] the redemption error alert fired\n- 09:52 [resolved] the old certificate was restored\n";

/// A Confluence-style two-column table.
const TABLE: &str = "# Search index lag\n\n| Incident date | 2026/02/11 |\n|---|---|\n| Owner | Tom Weiss |\n| Affected services | search; catalog |\n| Status | In review |\n\n## Summary\n\nNew products took two hours to appear in search.\n";

/// Notes with nothing to infer but a title: the rest is left as `TODO`.
const BARE: &str =
    "Printer queue stuck\n===================\n\nNobody could print the shipping labels on Monday morning.\n";

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A site in `dir/site` and three documents in `dir/notes`.
fn setup(dir: &Path) {
    fs::create_dir_all(dir.join("site")).unwrap();
    fs::write(dir.join("site/warroom.yaml"), "title: Imported history\n").unwrap();
    fs::create_dir_all(dir.join("notes/older")).unwrap();
    fs::write(dir.join("notes/gift-cards.md"), LABELS).unwrap();
    fs::write(dir.join("notes/older/search-lag.md"), TABLE).unwrap();
    fs::write(dir.join("notes/printer.md"), BARE).unwrap();
}

/// The body of an imported file: everything after the closing `---`.
fn body(file: &Path) -> String {
    let text = fs::read_to_string(file).unwrap();
    let rest = text.strip_prefix("---\n").expect("front matter opens the file");
    let end = rest.find("\n---\n").expect("front matter is closed");
    rest[end + 5..].to_string()
}

#[test]
fn a_folder_imports_with_bodies_kept_and_a_report() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    setup(dir);
    let out = warroom(&["--root", "site", "import", "notes"], dir);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report = stdout(&out);

    let incidents = dir.join("site/content/incidents");
    let gift = incidents.join("2026-03-04-gift-card-redemptions-failed.md");
    let search = incidents.join("2026-02-11-search-index-lag.md");
    let printer = incidents.join("printer-queue-stuck.md");
    assert_eq!(body(&gift), LABELS.strip_prefix("# Gift card redemptions failed\n\n").unwrap());
    assert_eq!(body(&search), TABLE.strip_prefix("# Search index lag\n\n").unwrap());
    assert_eq!(body(&printer), BARE.strip_prefix("Printer queue stuck\n===================\n\n").unwrap());

    let front = fs::read_to_string(&gift).unwrap();
    assert!(front.contains("title: \"Gift card redemptions failed\"\n"), "{front}");
    assert!(front.contains("status: final  # was \"Complete, follow-ups open\"\n"), "{front}");
    assert!(front.contains("commander: \"Lena Ortiz\"\n"), "{front}");
    assert!(front.contains("services: [TODO]\n"), "{front}");
    let front = fs::read_to_string(&search).unwrap();
    assert!(front.contains("services: [\"search\", \"catalog\"]\n"), "{front}");
    assert!(front.contains("authors: [\"Tom Weiss\"]\n"), "{front}");
    assert!(front.contains("status: review  # was \"In review\"\n"), "{front}");

    assert!(
        report.contains("imported notes/gift-cards.md → content/incidents/2026-03-04-gift-card-redemptions-failed.md"),
        "{report}"
    );
    assert!(report.contains("from line 3 (**Date:** Wednesday, March 4, 2026)"), "{report}");
    assert!(report.contains("  commander Lena Ortiz"), "{report}");
    assert!(report.contains("from line 6 (**Incident commander:** Lena Ortiz)"), "{report}");
    assert!(report.contains("from line 3 (| Incident date | 2026/02/11 |)"), "{report}");
    assert!(report.contains("to fill   date, severity, status, services"), "{report}");
    // Folders are read in sorted order.
    let order: Vec<usize> = ["notes/gift-cards.md", "notes/older/search-lag.md", "notes/printer.md"]
        .iter()
        .map(|f| report.find(f).unwrap())
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{report}");
}

#[test]
fn a_dry_run_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    setup(dir);
    let out = warroom(&["import", "--into", "site", "--dry-run", "notes"], dir);
    assert!(out.status.success());
    assert!(stdout(&out).contains("would import notes/printer.md → content/incidents/printer-queue-stuck.md"));
    assert!(!dir.join("site/content").exists());
}

#[test]
fn a_second_run_never_overwrites_and_front_matter_is_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    setup(dir);
    assert!(warroom(&["--root", "site", "import", "notes"], dir).status.success());
    let target = dir.join("site/content/incidents/printer-queue-stuck.md");
    fs::write(&target, "edited by hand\n").unwrap();
    fs::write(dir.join("notes/done.md"), "---\ntitle: Already done\n---\nBody\n").unwrap();

    let out = warroom(&["--root", "site", "import", "notes"], dir);
    assert!(out.status.success(), "skips are not failures");
    let report = stdout(&out);
    assert!(
        report.contains("skipped notes/printer.md: `content/incidents/printer-queue-stuck.md` already exists"),
        "{report}"
    );
    assert!(report.contains("skipped notes/done.md: it already has front matter"), "{report}");
    assert!(!report.contains("imported "), "{report}");
    assert_eq!(fs::read_to_string(&target).unwrap(), "edited by hand\n");
    assert!(!dir.join("site/content/incidents/done.md").exists());
}

#[test]
fn check_reports_every_todo() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    setup(dir);
    assert!(warroom(&["--root", "site", "import", "notes/printer.md"], dir).status.success());
    let out = warroom(&["--root", "site", "check", "--color", "never", "--today", common::TODAY], dir);
    assert_eq!(out.status.code(), Some(1));
    let report = stdout(&out);
    for line in ["date: TODO", "severity: TODO", "status: TODO", "services: [TODO]"] {
        assert!(report.contains(line), "check does not point at `{line}`:\n{report}");
    }
    assert!(report.contains("`services` is still `TODO`"), "{report}");
}

#[test]
fn a_missing_path_is_an_error_that_names_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    setup(dir);
    let out = warroom(&["--root", "site", "import", "notes", "nowhere.md"], dir);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("`nowhere.md`"));
    assert!(!dir.join("site/content").exists(), "nothing is written when a path is missing");
}
