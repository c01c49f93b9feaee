//! Integration tests: run the real `warroom` binary on fixture sites and on
//! the example site at the repository root, and assert on what it writes.

mod common;

use common::{all_files, copy_dir, many_incidents, repo, warroom, TODAY};

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures/build").join(name)
}

/// Copies a fixture into a temporary folder so tests may change it.
fn copy_fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture(name), dir.path());
    dir
}

fn build(root: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["--root", root.to_str().unwrap(), "build", "--today", TODAY, "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    warroom(&args, root)
}

fn read(p: &Path) -> String {
    fs::read_to_string(p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
}

#[test]
fn example_site_builds_cleanly_with_every_page() {
    let out = tempfile::tempdir().unwrap();
    let o = build(&repo(), &out.path().join("public"), &[]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{stderr}");
    // The example shows one finding on purpose: a runbook used by an
    // incident since its last review (SPEC §10).
    let unexpected = stderr.matches("warning[").count() - stderr.matches("warning[runbook-used-since-review]").count();
    assert!(stderr.contains("0 errors, 0 warnings") || unexpected == 0, "example site has findings:\n{stderr}");
    let public = out.path().join("public");
    for page in [
        "index.html",
        "incidents/index.html",
        "runbooks/index.html",
        "contacts/index.html",
        "contacts/oncall-escalation.html",
        "contacts/oncall-escalation.vcf",
        "contacts/oncall-escalation.csv",
        "contacts/vendors.html",
        "action-items.html",
        "action-items.csv",
        "services/index.html",
        "tags/index.html",
        "stats.html",
        "print.html",
        "worksheet.html",
        "feed.xml",
        "incidents.json",
        "search-index.js",
        "style.css",
        "syntax.css",
        "warroom.js",
    ] {
        assert!(public.join(page).is_file(), "missing {page}");
    }
    let incidents: serde_json::Value = serde_json::from_str(&read(&public.join("incidents.json"))).unwrap();
    assert!(incidents.as_array().unwrap().len() >= 6);
    // Offline: nothing is loaded from another host.
    for (path, bytes) in all_files(&public) {
        if path.ends_with(".html") {
            let html = String::from_utf8(bytes).unwrap();
            for bad in ["src=\"http", "src=\"//", "<link rel=\"stylesheet\" href=\"http", "@import"] {
                assert!(!html.contains(bad), "{path} loads from another host: {bad}");
            }
        }
    }
}

#[test]
fn incident_page_has_timeline_whys_actions_and_metrics() {
    let site = fixture("basic");
    let out = tempfile::tempdir().unwrap();
    let o = build(&site, out.path(), &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let page = read(&out.path().join("incidents/inc-1.html"));
    assert!(page.contains("Backlog drained"), "timeline entry missing");
    assert!(page.contains("2024-03-31"), "date carried across midnight");
    assert!(page.contains("Why did the backlog grow?"));
    assert!(page.contains("Move the batch job"));
    assert!(page.contains("https://tickets.example/Q-1"));
    // Relative link between content files is rewritten to the page.
    assert!(page.contains("href=\"../runbooks/failover.html#steps\""), "link not rewritten");
    // Raw HTML in Markdown is escaped.
    assert!(!page.contains("<script>alert"));
    assert!(page.contains("&lt;script&gt;"));
    // Metrics across midnight and the DST change (Europe/Berlin, 2024-03-31).
    let json: serde_json::Value = serde_json::from_str(&read(&out.path().join("incidents.json"))).unwrap();
    let inc = &json[0];
    assert_eq!(inc["id"], "INC-1");
    assert_eq!(inc["started"], "2024-03-30T22:30:00Z");
    assert_eq!(inc["resolved"], "2024-03-31T01:10:00Z");
    assert_eq!(inc["time_to_detect_s"], 900);
    assert_eq!(inc["time_to_mitigate_s"], 8400);
    assert_eq!(inc["time_to_resolve_s"], 9600);
    assert_eq!(inc["action_items"][1]["status"], "done");
    // The draft is left out unless asked for.
    assert_eq!(json.as_array().unwrap().len(), 1);
    assert!(!out.path().join("incidents/2024-05-01-draft.html").exists());
}

#[test]
fn drafts_flag_includes_drafts() {
    let out = tempfile::tempdir().unwrap();
    let o = build(&fixture("basic"), out.path(), &["--drafts"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(out.path().join("incidents/2024-05-01-draft.html").is_file());
}

#[test]
fn runbook_and_phone_list_pages() {
    let out = tempfile::tempdir().unwrap();
    let o = build(&fixture("basic"), out.path(), &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let rb = read(&out.path().join("runbooks/failover.html"));
    assert!(rb.contains("class=\"hl-"), "code is highlighted with classes");
    assert!(rb.contains("queuectl"));
    assert!(rb.contains("Queue backlog across midnight"), "backlink from the incident");
    assert!(rb.contains("tel:+442079460018"), "the named phone list is shown");
    let c = read(&out.path().join("contacts/oncall.html"));
    assert!(c.contains("href=\"tel:+442079460018\""));
    assert!(c.contains("href=\"tel:+4930901820\""), "trunk prefix (0) dropped");
    assert!(c.contains("tel:+12065550142;ext=123"));
    let vcf = read(&out.path().join("contacts/oncall.vcf"));
    assert_eq!(vcf.matches("BEGIN:VCARD").count(), 2);
    assert!(vcf.contains("TEL;TYPE=WORK,VOICE,PREF:+442079460018\r\n"));
    let csv = read(&out.path().join("contacts/oncall.csv"));
    assert!(csv.lines().nth(1).unwrap().contains("+442079460018"));
    let print = read(&out.path().join("print.html"));
    assert!(print.contains("id=\"contacts-oncall\""));
    assert!(print.contains("id=\"runbooks-failover\""));
}

#[test]
fn output_is_deterministic() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    assert!(build(&repo(), &a.path().join("one"), &[]).status.success());
    assert!(build(&repo(), &b.path().join("two"), &[]).status.success());
    let one = all_files(&a.path().join("one"));
    let two = all_files(&b.path().join("two"));
    assert_eq!(one.keys().collect::<Vec<_>>(), two.keys().collect::<Vec<_>>());
    for (path, bytes) in &one {
        assert!(bytes == &two[path], "{path} differs between builds");
    }
}

#[test]
fn errors_stop_the_build_and_keep_previous_output() {
    let site = copy_fixture("basic");
    let out = site.path().join("public");
    assert!(build(site.path(), &out, &[]).status.success());
    let before = all_files(&out);
    let file = site.path().join("content/incidents/2024-03-31-dst-midnight.md");
    fs::write(&file, read(&file).replace("severity: SEV2\n", "")).unwrap();
    let o = build(site.path(), &out, &[]);
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("missing-field"), "{stderr}");
    assert!(stderr.contains("content/incidents/2024-03-31-dst-midnight.md"), "{stderr}");
    assert_eq!(all_files(&out), before, "previous output changed");
}

#[test]
fn refuses_output_folders_that_hold_sources() {
    let site = copy_fixture("basic");
    let before = all_files(site.path());
    for bad in ["content", ".", "content/incidents", ".."] {
        let o = build(site.path(), &site.path().join(bad), &[]);
        assert_eq!(o.status.code(), Some(2), "--out {bad} was accepted");
        assert!(String::from_utf8_lossy(&o.stderr).contains("refusing"), "--out {bad}");
    }
    fs::create_dir_all(site.path().join("notes")).unwrap();
    fs::write(site.path().join("notes/mine.txt"), "keep me").unwrap();
    let o = build(site.path(), &site.path().join("notes"), &[]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(read(&site.path().join("notes/mine.txt")), "keep me");
    let mut after = all_files(site.path());
    after.remove("notes/mine.txt");
    assert_eq!(after, before);
}

#[test]
fn config_error_names_key_and_line() {
    let site = copy_fixture("basic");
    fs::write(site.path().join("warroom.yaml"), "title: x\nseverites: [P1]\n").unwrap();
    let o = build(site.path(), &site.path().join("public"), &[]);
    assert_eq!(o.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("warroom.yaml:2"), "{stderr}");
    assert!(stderr.contains("did you mean `severities`"), "{stderr}");
}

#[test]
fn site_template_overrides_theme() {
    let site = copy_fixture("basic");
    fs::create_dir_all(site.path().join("templates")).unwrap();
    fs::write(
        site.path().join("templates/base.html"),
        // Tera 2: a layout defines every block its children fill (`title`, `content`).
        "<!doctype html><title>{% block title %}{{ page_title }}{% endblock title %}</title>OVERRIDDEN \
         {% block content %}{% endblock content %}",
    )
    .unwrap();
    let out = site.path().join("public");
    let o = build(site.path(), &out, &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(read(&out.join("index.html")).contains("OVERRIDDEN"));
}

#[test]
fn built_in_templates_copied_into_the_site_change_nothing() {
    let plain = copy_fixture("basic");
    let copied = copy_fixture("basic");
    let theme = repo().join("themes/default/templates");
    fs::create_dir_all(copied.path().join("templates")).unwrap();
    let mut names = Vec::new();
    for entry in fs::read_dir(&theme).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        // A comment at the end renders nothing, in a layout or a child template alike.
        fs::write(copied.path().join("templates").join(&name), read(&path) + "{# a copy of the theme's file #}")
            .unwrap();
        names.push(name);
    }
    assert!(names.len() >= 17 && names.iter().any(|n| n == "footer.html"), "{names:?}");
    let outputs: Vec<_> = [&plain, &copied]
        .iter()
        .map(|site| {
            let out = site.path().join("public");
            let o = build(site.path(), &out, &[]);
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
            all_files(&out)
        })
        .collect();
    assert_eq!(outputs[0].keys().collect::<Vec<_>>(), outputs[1].keys().collect::<Vec<_>>());
    for (file, bytes) in &outputs[0] {
        assert!(outputs[1][file] == *bytes, "`{file}` differs when the templates are copied into the site");
    }
}

#[test]
fn the_example_site_overrides_the_footer() {
    let out = tempfile::tempdir().unwrap();
    let o = build(&repo(), &out.path().join("public"), &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let index = read(&out.path().join("public/index.html"));
    assert!(index.contains("footer comes from <code>templates/footer.html</code>"), "{index}");
}

#[test]
fn template_error_names_template_and_line() {
    let site = copy_fixture("basic");
    fs::create_dir_all(site.path().join("templates")).unwrap();
    fs::write(site.path().join("templates/stats.html"), "ok\n{% if %}\n").unwrap();
    let o = build(site.path(), &site.path().join("public"), &[]);
    assert_eq!(o.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("stats.html") && stderr.contains("2:"), "{stderr}");
}

#[test]
fn init_new_build_works_offline() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("x");
    let o = warroom(&["init", site.to_str().unwrap()], dir.path());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let o = warroom(&["new", "incident", "Disk full", "--today", TODAY], &site);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let created = site.join("content/incidents/2026-11-22-disk-full.md");
    assert!(created.is_file());
    assert!(warroom(&["new", "runbook", "Clean a full disk", "--today", TODAY], &site).status.success());
    assert!(warroom(&["new", "contacts", "Storage vendors", "--today", TODAY], &site).status.success());
    // A second `new` with the same title never overwrites.
    assert_eq!(warroom(&["new", "incident", "Disk full", "--today", TODAY], &site).status.code(), Some(2));
    let o = warroom(&["check", "--today", TODAY, "--format", "json"], &site);
    let findings: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    // An untouched runbook or phone list is the skeleton's text and fictional
    // numbers: errors until it is filled in, so it is not built here.
    let untouched = ["content/runbooks/clean-a-full-disk.md", "content/contacts/storage-vendors.md"];
    let errors: Vec<_> = findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["level"] == "error" && !untouched.contains(&f["file"].as_str().unwrap()))
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    for file in untouched {
        std::fs::remove_file(site.join(file)).unwrap();
    }
    let o = warroom(&["build", "--today", TODAY, "--drafts"], &site);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // The page is named after the id, `INC-2026-002` after the starter's 001.
    assert!(site.join("public/incidents/inc-2026-002.html").is_file());
    // `init` refuses an existing site.
    assert_eq!(warroom(&["init", site.to_str().unwrap()], dir.path()).status.code(), Some(2));
}

/// The local links (`href`, `src`) of every HTML page, with where each resolves to.
fn local_links(out: &Path) -> Vec<(String, String, PathBuf)> {
    let mut links = Vec::new();
    for (path, bytes) in all_files(out) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(&bytes);
        let folder = Path::new(&path).parent().map(Path::to_path_buf).unwrap_or_default();
        for attr in ["href=\"", "src=\""] {
            for (at, _) in html.match_indices(attr) {
                let rest = &html[at + attr.len()..];
                let value = &rest[..rest.find('"').unwrap_or(rest.len())];
                let target = value.split(['#', '?']).next().unwrap_or("");
                let external = value.contains("://") || value.starts_with("mailto:") || value.starts_with("tel:");
                if external || target.is_empty() || value.starts_with("data:") {
                    continue;
                }
                links.push((path.clone(), value.to_string(), out.join(&folder).join(target)));
            }
        }
    }
    links
}

#[test]
fn every_local_link_resolves_from_its_page() {
    // An action item linking to a runbook shows on its incident (one folder
    // down) and on the action-items and home pages (at the root).
    let site = copy_fixture("basic");
    let file = site.path().join("content/incidents/2024-03-31-dst-midnight.md");
    let text = read(&file)
        .replace("| Move the batch job |", "| Move the batch job, see [failover](../runbooks/failover.md) |");
    fs::write(&file, text).unwrap();
    for (root, name) in [(site.path().to_path_buf(), "fixture"), (repo(), "example")] {
        let out = tempfile::tempdir().unwrap();
        let o = build(&root, &out.path().join("public"), &[]);
        assert!(o.status.success(), "{name}: {}", String::from_utf8_lossy(&o.stderr));
        let links = local_links(&out.path().join("public"));
        assert!(links.len() > 50, "{name}: only {} local links found", links.len());
        let broken: Vec<String> =
            links.iter().filter(|(_, _, to)| !to.exists()).map(|(page, href, _)| format!("{page}: {href}")).collect();
        assert!(broken.is_empty(), "{name}: broken links:\n{}", broken.join("\n"));
        if name == "fixture" {
            let from_root = links.iter().filter(|(page, href, _)| {
                (page == "action-items.html" || page == "index.html") && href.ends_with("runbooks/failover.html")
            });
            assert_eq!(from_root.count(), 2, "the action item's link is on both root pages");
        }
    }
}

/// The history rows of a built page.
fn incident_rows(out: &Path, page: &str) -> usize {
    read(&out.join(page)).matches("<tr class=\"incident-row").count()
}

#[test]
fn long_lists_are_cut_into_pages_of_500_rows_with_every_link_resolving() {
    let site = many_incidents(1_210);
    let out = site.path().join("public");
    let o = build(site.path(), &out, &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // The history: the newest 500 across years, then each year in pages of 500.
    assert_eq!(incident_rows(&out, "incidents/index.html"), 500);
    assert_eq!(incident_rows(&out, "incidents/2026.html"), 500);
    assert_eq!(incident_rows(&out, "incidents/2026.page-2.html"), 105);
    assert_eq!(incident_rows(&out, "incidents/2025.html") + incident_rows(&out, "incidents/2025.page-2.html"), 605);
    assert!(!out.join("incidents/2026.page-3.html").exists());
    let year = read(&out.join("incidents/2026.html"));
    assert!(
        year.contains("href=\"../incidents/2026.page-2.html\"") && year.contains("href=\"../incidents/2025.html\"")
    );
    // A service and a tag, paged the same way.
    assert_eq!(incident_rows(&out, "services/db.html"), 500);
    assert_eq!(incident_rows(&out, "services/db.page-3.html"), 210);
    assert_eq!(incident_rows(&out, "tags/paging.page-3.html"), 210);
    assert!(read(&out.join("services/db.page-3.html")).contains(">1210<"), "the counts span every page");
    // Action items: the most urgent 500 open ones in front, then by month and year.
    let rows = |page: &str| read(&out.join(page)).matches("<tr class=\"action-item").count();
    assert_eq!(rows("action-items.html"), 500);
    assert_eq!(rows("action-items-2027-01.html") + rows("action-items-2027-01.page-2.html"), 1_000);
    assert_eq!(rows("action-items-2027-01.page-3.html"), 210);
    assert_eq!(rows("action-items-done-2025.html") + rows("action-items-done-2025.page-2.html"), 605);
    assert!(read(&out.join("action-items.html")).contains("href=\"action-items-done-2026.html\""));
    // Nothing grows with the history.
    for (path, bytes) in all_files(&out) {
        if path.ends_with(".html") {
            assert!(bytes.len() < 1_000_000, "{path} is {} bytes", bytes.len());
        }
    }
    let broken: Vec<String> = local_links(&out)
        .into_iter()
        .filter(|(_, _, to)| !to.exists())
        .map(|(page, href, _)| format!("{page}: {href}"))
        .collect();
    assert!(broken.is_empty(), "broken links:\n{}", broken[..broken.len().min(20)].join("\n"));
}
