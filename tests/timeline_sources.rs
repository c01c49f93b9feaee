//! `warroom timeline` (SPEC §11) against the real binary: a Slack export (a
//! folder, and the same zipped), PagerDuty log entries and a CSV file, each
//! across a midnight and a daylight-saving change in the post-mortem's zone;
//! hostile message text that must stay text after `build`; `--into`
//! followed by `check`; and malformed exports that must change nothing.
//!
//! Fixtures live in `tests/fixtures/sources/`: `slack/` is an unpacked
//! workspace export (America/New_York incident over the 2026-11-01 fall
//! back), `pagerduty-log-entries.json` a `log_entries` response
//! (Europe/Berlin over the 2026-03-29 spring forward), `csv-timeline.csv` a
//! spreadsheet export, and `site/` the post-mortems they go into.

mod common;

use common::{copy_dir, repo, TODAY};

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn warroom(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_warroom"))
        .args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("run warroom");
    Run {
        code: out.status.code().expect("exited"),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn fixture(name: &str) -> String {
    repo().join("tests/fixtures/sources").join(name).display().to_string()
}

/// The test site copied into a temporary folder.
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("tests/fixtures/sources/site"), dir.path());
    dir
}

const SLACK: &str = "\
- 2026-10-31 23:40 priya: @here checkout 5xx are climbing, see the dashboard (https://grafana.example.com/d/checkout) \\& #general
- 23:41:07 PagerDuty: Triggered #4242: checkout 5xx \\> 5%
- 2026-11-01 00:02 Sam Lee: I'm on it, rolling back \\`web-4521\\` \\<now\\>
- 00:03 priya: @Sam Lee thanks, ping @oncall-db if the DB lags
- 01:30-04:00 deploybot: Rollback of web-4521 finished
- 01:45-04:00 alexk: Replica lag back under 1s
- 01:50-04:00 priya: @priya set the channel topic: SEV2 checkout
- 01:10-05:00 Sam Lee: \\- \\[x\\] done \\| \\`rm -rf /\\` \\<script\\>alert(1)\\</script\\> \\*bold\\* # not a heading
- 02:15 priya: is writing the post-mortem
- 02:20 Sam Lee: shared 5xx graph
";

const SLACK_ARGS: [&str; 6] =
    ["--channel", "inc-checkout-5xx", "--from", "2026-10-31 23:00", "--zone", "America/New_York"];

#[test]
fn slack_folder_gives_names_readable_text_thread_order_and_local_times() {
    let dir = tempfile::tempdir().unwrap();
    let slack = fixture("slack");
    let mut args = vec!["timeline", slack.as_str()];
    args.extend(SLACK_ARGS);
    let run = warroom(dir.path(), &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Joins and leaves are gone, the thread reply from 05:45Z sits between
    // the bot post and the topic change, and the repeated hour of the fall
    // back carries its offset.
    assert_eq!(run.stdout, SLACK);
}

/// Zips `from` under `prefix` (as a re-zipped export folder has it).
fn zip_dir(from: &Path, to: &Path, prefix: &str) {
    let mut zip = zip::ZipWriter::new(fs::File::create(to).unwrap());
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(from).unwrap().to_string_lossy().replace('\\', "/");
            zip.start_file(format!("{prefix}{rel}"), opts).unwrap();
            zip.write_all(&fs::read(entry.path()).unwrap()).unwrap();
        }
    }
    zip.finish().unwrap();
}

#[test]
fn slack_zip_reads_like_the_folder_with_or_without_a_top_folder() {
    let dir = tempfile::tempdir().unwrap();
    let slack = repo().join("tests/fixtures/sources/slack");
    for (name, prefix) in [("export.zip", ""), ("nested.zip", "Example Slack export Oct 31 2026 - Nov 1 2026/")] {
        let zip_path = dir.path().join(name);
        zip_dir(&slack, &zip_path, prefix);
        let zip_arg = zip_path.display().to_string();
        let mut args = vec!["timeline", zip_arg.as_str()];
        args.extend(SLACK_ARGS);
        let run = warroom(dir.path(), &args);
        assert_eq!(run.code, 0, "{name}: {}", run.stderr);
        assert_eq!(run.stdout, SLACK, "{name}");
    }
}

#[test]
fn slack_with_two_busy_channels_asks_for_one() {
    let dir = tempfile::tempdir().unwrap();
    let slack = fixture("slack");
    let run = warroom(dir.path(), &["timeline", &slack, "--from", "2026-11-01T00:00:00Z"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("general (1 messages), inc-checkout-5xx (10 messages)"), "{}", run.stderr);
    assert!(run.stderr.contains("--channel NAME"), "{}", run.stderr);
    let run = warroom(dir.path(), &["timeline", &slack, "--channel", "#nope"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no channel `nope`; its channels are: general, inc-checkout-5xx"), "{}", run.stderr);
    // The window decides: before the incident only one channel spoke.
    let run = warroom(dir.path(), &["timeline", &slack, "--to", "2026-10-31 22:00", "--zone", "America/New_York"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "- 2026-10-31 16:05 priya: Quiet evening so far.\n");
}

const PAGERDUTY: &str = "\
- 2026-03-28 23:50 [detected] Database (prod): Disk usage above 95% on db-primary-1
- 2026-03-29 00:02 [acknowledged] Priya Raman: Acknowledged by Priya Raman.
- 00:10 Escalated to Sam Lee by escalation policy Databases.
- 01:30 Sam Lee: Freed 40 GB by rotating \\<b\\>logs\\</b\\> \\| see \\`du -sh\\`
- 03:05 Priya Raman: Reassigned to Team Storage by Priya Raman.
- 03:20 Sam Lee: Acknowledged by Sam Lee.
- 03:40 [resolved] Priya Raman: Resolved by Priya Raman.
";

#[test]
fn pagerduty_entries_get_labels_the_alert_text_and_berlin_times() {
    let dir = tempfile::tempdir().unwrap();
    let pd = fixture("pagerduty-log-entries.json");
    let run = warroom(dir.path(), &["timeline", &pd, "--zone", "Europe/Berlin"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The notification is dropped; 01:05Z is 03:05 because 02:00 CET
    // became 03:00 CEST.
    assert_eq!(run.stdout, PAGERDUTY);
    // The window is inclusive at both ends and read in --zone.
    let run = warroom(
        dir.path(),
        &["timeline", &pd, "--zone", "Europe/Berlin", "--from", "2026-03-29 01:30", "--to", "2026-03-29T01:05:00Z"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        "- 2026-03-29 01:30 Sam Lee: Freed 40 GB by rotating \\<b\\>logs\\</b\\> \\| see \\`du -sh\\`\n\
         - 03:05 Priya Raman: Reassigned to Team Storage by Priya Raman.\n"
    );
}

const CSV: &str = "\
- 2026-10-31 23:55 [started] Priya Raman: Customers report failed card payments
- 2026-11-01 00:20 Sam Lee: Paged the payments vendor, ticket \"VEN-88\"
- 01:30-05:00 \\<script\\>alert('x')\\</script\\> - leading dash
- 02:05 [resolved] Bot: \\- \\[x\\] \\| a \\| b \\| \\`code\\` \\[x\\]
";

#[test]
fn csv_rows_read_in_the_zone_with_labels_and_authors() {
    let dir = tempfile::tempdir().unwrap();
    let csv = fixture("csv-timeline.csv");
    let run = warroom(dir.path(), &["timeline", &csv, "--zone", "America/New_York"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, CSV);
}

/// `new` minus the lines at `added` (1-based) is `old`, and every added line
/// lies between the timeline heading and the next heading.
fn assert_only_timeline_grew(old: &str, new: &str, added: usize) {
    let new_lines: Vec<&str> = new.lines().collect();
    let old_lines: Vec<&str> = old.lines().collect();
    assert_eq!(new_lines.len(), old_lines.len() + added, "{new}");
    // Walk both: every old line appears in order; the extra ones are the additions.
    let mut extra = Vec::new();
    let mut o = 0;
    for (i, l) in new_lines.iter().enumerate() {
        if o < old_lines.len() && *l == old_lines[o] {
            o += 1;
        } else {
            extra.push(i);
        }
    }
    assert_eq!(o, old_lines.len(), "an old line changed:\n{new}");
    let heading = new_lines.iter().position(|l| *l == "## Timeline").expect("a timeline heading");
    let next = new_lines.iter().skip(heading + 1).position(|l| l.starts_with("## ")).map(|p| p + heading + 1).unwrap();
    assert!(
        extra.iter().all(|i| *i >= heading && *i < next),
        "lines {extra:?} outside the timeline ({heading}..{next}):\n{new}"
    );
}

fn check_json(dir: &Path) -> Vec<serde_json::Value> {
    let run = warroom(dir, &["check", "--format", "json", "--today", TODAY]);
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

/// Findings about timelines in the post-mortems that `files` names.
fn timeline_findings(findings: &[serde_json::Value], files: &[&str]) -> Vec<String> {
    findings
        .iter()
        .filter(|f| files.contains(&f["file"].as_str().unwrap_or("")))
        .filter(|f| {
            let rule = f["rule"].as_str().unwrap_or("");
            rule.starts_with("timeline") || rule == "timestamps-inconsistent" || rule == "missing-section"
        })
        .map(|f| f.to_string())
        .collect()
}

#[test]
fn slack_into_merges_by_time_and_checks_clean() {
    let site = site();
    let file = "content/incidents/2026-10-31-checkout.md";
    let before = fs::read_to_string(site.path().join(file)).unwrap();
    let slack = fixture("slack");
    let mut args = vec!["timeline", slack.as_str(), "--into", file];
    args.extend(&SLACK_ARGS[..4]);
    let run = warroom(site.path(), &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("added 10 entries"), "{}", run.stderr);
    let after = fs::read_to_string(site.path().join(file)).unwrap();
    assert_only_timeline_grew(&before, &after, 10);
    // Between the existing 23:30 and 2026-11-01 02:40 entries, dates only
    // where the day changes, in the post-mortem's zone (no --zone given).
    let timeline: Vec<&str> = after.lines().skip_while(|l| *l != "## Timeline").skip(2).take(12).collect();
    let mut expected = vec!["- 23:30 [started] Deploy web-4521 reached all checkout hosts."];
    let new: Vec<String> = SLACK.lines().map(|l| l.replace("- 2026-10-31 23:40", "- 23:40")).collect();
    expected.extend(new.iter().map(String::as_str));
    expected.push("- 2026-11-01 02:40 Incident channel archived.");
    assert_eq!(timeline, expected);
    assert_eq!(timeline_findings(&check_json(site.path()), &[file]), Vec::<String>::new());
}

#[test]
fn pagerduty_into_a_file_without_timeline_adds_the_section_before_root_cause() {
    let site = site();
    let file = "content/incidents/2026-03-28-db-disk.md";
    let before = fs::read_to_string(site.path().join(file)).unwrap();
    let pd = fixture("pagerduty-log-entries.json");
    let run = warroom(site.path(), &["timeline", &pd, "--into", file]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let after = fs::read_to_string(site.path().join(file)).unwrap();
    let section = format!("## Timeline\n\n{}\n## Root cause\n", PAGERDUTY.replace("- 2026-03-28 23:50", "- 23:50"));
    assert!(after.contains(&format!("Writes slowed for two hours; no data was lost.\n\n{section}")), "{after}");
    assert_eq!(after.replace(&section, "## Root cause\n"), before);
    assert_eq!(timeline_findings(&check_json(site.path()), &[file]), Vec::<String>::new());
}

#[test]
fn csv_into_an_empty_timeline_then_build_keeps_hostile_text_inert() {
    let site = site();
    let file = "content/incidents/2026-10-31-payments.md";
    let before = fs::read_to_string(site.path().join(file)).unwrap();
    let csv = fixture("csv-timeline.csv");
    let run = warroom(site.path(), &["timeline", &csv, "--into", file]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let after = fs::read_to_string(site.path().join(file)).unwrap();
    assert_only_timeline_grew(&before, &after, 5);
    let slack = fixture("slack");
    let mut args = vec!["timeline", slack.as_str(), "--into", "content/incidents/2026-10-31-checkout.md"];
    args.extend(&SLACK_ARGS[..4]);
    assert_eq!(warroom(site.path(), &args).code, 0);
    let checkout = "content/incidents/2026-10-31-checkout.md";
    assert_eq!(timeline_findings(&check_json(site.path()), &[file, checkout]), Vec::<String>::new());
    // `build` stops at errors: give the third post-mortem its timeline too.
    let pd = fixture("pagerduty-log-entries.json");
    assert_eq!(warroom(site.path(), &["timeline", &pd, "--into", "content/incidents/2026-03-28-db-disk.md"]).code, 0);

    let run = warroom(site.path(), &["build", "--today", TODAY, "--out", "public"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (page, entries, hostile) in [
        (
            "2026-10-31-payments.html",
            4,
            ["&lt;script&gt;alert('x')&lt;/script&gt; - leading dash", "Bot: - [x] | a | b | `code` [x]"],
        ),
        (
            "2026-10-31-checkout.html",
            12,
            [
                "Sam Lee: - [x] done | `rm -rf /` &lt;script&gt;alert(1)&lt;/script&gt; *bold* # not a heading",
                "&lt;now&gt;",
            ],
        ),
    ] {
        let html = fs::read_to_string(site.path().join("public/incidents").join(page)).unwrap();
        for h in hostile {
            assert!(html.contains(h), "{page}: {h} missing");
        }
        assert!(!html.contains("<script>alert"), "{page}");
        assert!(!html.contains("<code>rm") && !html.contains("<code>code") && !html.contains("<em>bold"), "{page}");
        assert!(!html.contains("type=\"checkbox\""), "{page}");
        assert_eq!(html.matches("class=\"tl-body\"").count(), entries, "{page}");
    }
}

fn assert_malformed(site: &Path, source: &str, expect: &[&str]) {
    let file = site.join("content/incidents/2026-10-31-checkout.md");
    let before = fs::read(&file).unwrap();
    let run = warroom(
        site,
        &["timeline", source, "--channel", "inc-checkout-5xx", "--into", "content/incidents/2026-10-31-checkout.md"],
    );
    assert_eq!(run.code, 2, "{source}: {}", run.stderr);
    for e in expect {
        assert!(run.stderr.contains(e), "{source}: `{e}` not in {}", run.stderr);
    }
    assert_eq!(fs::read(&file).unwrap(), before, "{source}: the post-mortem changed");
    assert!(run.stdout.is_empty());
}

#[test]
fn malformed_exports_name_the_file_and_entry_and_change_nothing() {
    let site = site();
    let bad = site.path().join("bad");
    // A Slack message without `ts`.
    let export = bad.join("slack");
    copy_dir(&repo().join("tests/fixtures/sources/slack"), &export);
    let day = export.join("inc-checkout-5xx/2026-11-01.json");
    let mut messages: Vec<serde_json::Value> = serde_json::from_str(&fs::read_to_string(&day).unwrap()).unwrap();
    messages[2].as_object_mut().unwrap().remove("ts");
    fs::write(&day, serde_json::to_string(&messages).unwrap()).unwrap();
    assert_malformed(
        site.path(),
        &export.display().to_string(),
        &["inc-checkout-5xx/2026-11-01.json`: message 3 has no `ts`"],
    );
    // The same zipped.
    let zip_path = bad.join("export.zip");
    zip_dir(&export, &zip_path, "");
    assert_malformed(
        site.path(),
        &zip_path.display().to_string(),
        &["export.zip:inc-checkout-5xx/2026-11-01.json`: message 3 has no `ts`"],
    );
    // Broken JSON in users.json.
    fs::write(export.join("users.json"), "[{\"id\": \"U1\",").unwrap();
    assert_malformed(site.path(), &export.display().to_string(), &["users.json` is not valid JSON"]);
    // A zip that is not one.
    fs::write(&zip_path, "PK not really").unwrap();
    assert_malformed(site.path(), &zip_path.display().to_string(), &["export.zip` is not a readable zip file"]);
    // PagerDuty: an entry without `created_at`, and JSON cut short.
    let pd = bad.join("log_entries.json");
    fs::write(&pd, r#"{"log_entries": [{"id": "R01", "type": "trigger_log_entry", "created_at": "2026-11-01T04:00:00Z"}, {"id": "R02", "type": "acknowledge_log_entry"}]}"#).unwrap();
    assert_malformed(
        site.path(),
        &pd.display().to_string(),
        &["log_entries.json`: log entry 2 (R02) has no `created_at`"],
    );
    fs::write(&pd, r#"{"log_entries": [{"id": "R01""#).unwrap();
    assert_malformed(site.path(), &pd.display().to_string(), &["log_entries.json` is not valid JSON"]);
    // CSV: a time nobody can read.
    let csv = bad.join("log.csv");
    fs::write(&csv, "time,text\n2026-11-01 00:10,fine\nhalf past,not fine\n").unwrap();
    assert_malformed(site.path(), &csv.display().to_string(), &["log.csv`: line 3: `half past` is not a time"]);
}

#[test]
fn a_missing_users_file_shows_ids_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let export: PathBuf = dir.path().join("slack");
    copy_dir(&repo().join("tests/fixtures/sources/slack"), &export);
    fs::remove_file(export.join("users.json")).unwrap();
    let run = warroom(
        dir.path(),
        &[
            "timeline",
            &export.display().to_string(),
            "--channel",
            "inc-checkout-5xx",
            "--from",
            "2026-11-01T04:02:00Z",
            "--to",
            "2026-11-01T04:03:00Z",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Priya's name comes from the profile her messages carry inline; Sam's
    // messages carry none, so his id stays.
    assert_eq!(run.stdout, "- 2026-11-01 04:02 U02SAM: I'm on it, rolling back \\`web-4521\\` \\<now\\>\n- 04:03 priya: @U02SAM thanks, ping @oncall-db if the DB lags\n");
}
