//! Tests that need a real browser or poppler: the built site opened from
//! `file://` with the network blocked, client-side search, the binder printed
//! to PDF (content, paper size, one-sheet phone lists, the footer on every
//! page) and the vCards phones import.
//!
//! Chromium and poppler-utils (`pdftotext`, `pdfinfo`) are found on the PATH
//! (`WARROOM_BROWSER` names another browser). When one is missing each test
//! prints a loud `SKIPPED` line and passes, unless `WARROOM_REQUIRE_BROWSER=1`
//! (set in CI), where a missing tool fails the test. The checks that need no
//! browser (the offline scanner's own tests, vCards) always run.

mod common;

use common::{copy_dir, repo, TODAY};

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

const SKIP_HINT: &str = "apt-get install chromium poppler-utils";
/// A browser or poppler run that takes longer than this has hung.
const TOOL_TIMEOUT: Duration = Duration::from_secs(120);

// ---------------------------------------------------------------------------
// Tools, runs and builds
// ---------------------------------------------------------------------------

struct Tools {
    chromium: PathBuf,
    pdftotext: PathBuf,
    pdfinfo: PathBuf,
}

fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|d| d.join(name)).find(|p| p.is_file())
}

/// The browser and poppler tools, or `None` after a loud skip message.
/// Panics instead of skipping when `WARROOM_REQUIRE_BROWSER=1`.
fn tools() -> Option<Tools> {
    let chromium = std::env::var_os("WARROOM_BROWSER").map(PathBuf::from).or_else(warroom::pdf::find_browser);
    let pdftotext = on_path("pdftotext");
    let pdfinfo = on_path("pdfinfo");
    let missing = match (&chromium, &pdftotext, &pdfinfo) {
        (None, _, _) => "chromium",
        (_, None, _) => "pdftotext",
        (_, _, None) => "pdfinfo",
        (Some(c), Some(t), Some(i)) => {
            return Some(Tools { chromium: c.clone(), pdftotext: t.clone(), pdfinfo: i.clone() });
        }
    };
    let message = format!("SKIPPED: {missing} not found ({SKIP_HINT})");
    if std::env::var("WARROOM_REQUIRE_BROWSER").as_deref() == Ok("1") {
        panic!("{message}, and WARROOM_REQUIRE_BROWSER=1 requires it");
    }
    // Straight to the stderr stream: the test harness captures `eprintln!`
    // of passing tests, and a skip must be seen.
    let banner = "*".repeat(72);
    let _ = writeln!(std::io::stderr().lock(), "\n{banner}\n  {message}\n{banner}\n");
    None
}

struct Run {
    ok: bool,
    stdout: String,
    stderr: String,
}

/// Runs a command to completion with its output in files (a DOM dump can
/// exceed a pipe's buffer) and a timeout, so a hung browser fails the test.
fn run(cmd: &mut Command) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let (out_path, err_path) = (dir.path().join("stdout"), dir.path().join("stderr"));
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(fs::File::create(&out_path).unwrap())
        .stderr(fs::File::create(&err_path).unwrap())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}"));
    let started = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if started.elapsed() > TOOL_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{cmd:?} did not finish within {} s", TOOL_TIMEOUT.as_secs());
        }
        std::thread::sleep(Duration::from_millis(25));
    };
    Run {
        ok: status.success(),
        stdout: String::from_utf8_lossy(&fs::read(&out_path).unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&fs::read(&err_path).unwrap()).into_owned(),
    }
}

fn warroom(root: &Path, args: &[&str]) -> Run {
    let r = run(Command::new(env!("CARGO_BIN_EXE_warroom"))
        .arg("--root")
        .arg(root)
        .args(args)
        .current_dir(root)
        .env_remove("SOURCE_DATE_EPOCH"));
    assert!(r.ok, "warroom {args:?} failed in `{}`:\n{}", root.display(), r.stderr);
    r
}

/// A fresh folder under target/tmp, for output kept between tests of this run.
fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser-tests").join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// The example site (repository root), built once per test run.
fn example_site() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| {
        let out = scratch("example").join("public");
        warroom(&repo(), &["build", "--today", TODAY, "--out", out.to_str().unwrap()]);
        out
    })
}

/// A private copy of a fixture site.
fn copy_fixture(rel: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("tests/fixtures").join(rel), dir.path());
    dir
}

fn read(p: &Path) -> String {
    fs::read_to_string(p).unwrap_or_else(|e| panic!("cannot read `{}`: {e}", p.display()))
}

/// The `title:` of a content file's front matter.
fn front_matter_title(file: &Path) -> String {
    read(file)
        .lines()
        .skip(1)
        .take_while(|l| l.trim_end() != "---")
        .find_map(|l| l.strip_prefix("title:"))
        .map(|t| t.trim().trim_matches('"').to_string())
        .unwrap_or_else(|| panic!("no title in `{}`", file.display()))
}

/// Every `phone:` and `alt_phone:` value of the phone lists in `dir`.
fn phone_numbers(dir: &Path) -> Vec<String> {
    let mut phones = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            for line in read(&path).lines() {
                let line = line.trim_start().trim_start_matches("- ");
                if let Some(v) = line.strip_prefix("phone:").or_else(|| line.strip_prefix("alt_phone:")) {
                    phones.push(v.trim().trim_matches('"').to_string());
                }
            }
        }
    }
    assert!(!phones.is_empty(), "no phone numbers in `{}`", dir.display());
    phones
}

/// Text without any whitespace, so line wraps and spacing do not matter.
fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Whitespace runs (including pdftotext's line breaks) as single spaces.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

// ---------------------------------------------------------------------------
// Browser and poppler helpers
// ---------------------------------------------------------------------------

/// The DOM of `url` after its scripts ran, with every network request
/// failing: all traffic goes to a dead proxy and no host name resolves.
fn dump_dom(tools: &Tools, url: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    let r = run(Command::new(&tools.chromium)
        .args(warroom::pdf::headless_args(profile.path()))
        .args([
            "--proxy-server=127.0.0.1:9",
            "--proxy-bypass-list=<-loopback>",
            "--host-resolver-rules=MAP * ~NOTFOUND",
        ])
        .arg("--dump-dom")
        .arg(url));
    assert!(r.ok && r.stdout.contains("</html>"), "chromium --dump-dom {url} failed:\n{}", r.stderr);
    r.stdout
}

fn page_url(site: &Path, page: &str) -> String {
    warroom::pdf::file_url(&site.join(page))
}

/// `warroom pdf` on a site: the binder as a PDF file in `out_dir`.
fn print_binder(tools: &Tools, root: &Path, out_dir: &Path) -> PathBuf {
    let pdf = out_dir.join("binder.pdf");
    let browser = tools.chromium.to_str().unwrap();
    warroom(root, &["pdf", "--today", TODAY, "--browser", browser, "--out", pdf.to_str().unwrap()]);
    assert!(pdf.is_file(), "warroom pdf wrote no `{}`", pdf.display());
    pdf
}

fn pdf_text(tools: &Tools, pdf: &Path) -> String {
    let r = run(Command::new(&tools.pdftotext).arg(pdf).arg("-"));
    assert!(r.ok, "pdftotext `{}` failed: {}", pdf.display(), r.stderr);
    r.stdout
}

/// The text of each page (pdftotext separates pages with form feeds).
fn pdf_pages(tools: &Tools, pdf: &Path) -> Vec<String> {
    let text = pdf_text(tools, pdf);
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

struct PdfInfo {
    pages: usize,
    width: f64,
    height: f64,
}

fn pdf_info(tools: &Tools, pdf: &Path) -> PdfInfo {
    let r = run(Command::new(&tools.pdfinfo).arg(pdf));
    assert!(r.ok, "pdfinfo `{}` failed: {}", pdf.display(), r.stderr);
    let field = |name: &str| {
        r.stdout
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .map(str::trim)
            .unwrap_or_else(|| panic!("pdfinfo printed no `{name}`:\n{}", r.stdout))
            .to_string()
    };
    let pages = field("Pages:").parse().unwrap();
    // "594.96 x 841.92 pts (A4)"
    let size = field("Page size:");
    let mut nums = size.split_whitespace().filter_map(|w| w.parse::<f64>().ok());
    PdfInfo { pages, width: nums.next().unwrap(), height: nums.next().unwrap() }
}

/// One word of `pdftotext -bbox` output, coordinates in points from the top.
#[derive(Debug)]
struct Word {
    y_min: f64,
    y_max: f64,
    text: String,
}

/// The words of every page, with their boxes.
fn pdf_words(tools: &Tools, pdf: &Path) -> Vec<Vec<Word>> {
    let r = run(Command::new(&tools.pdftotext).arg("-bbox").arg(pdf).arg("-"));
    assert!(r.ok, "pdftotext -bbox failed: {}", r.stderr);
    let attr = |tag: &str, name: &str| -> f64 {
        let start = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        tag[start..].split('"').next().unwrap().parse().unwrap()
    };
    r.stdout
        .split("<page ")
        .skip(1)
        .map(|page| {
            page.split("<word ")
                .skip(1)
                .map(|w| {
                    let (tag, rest) = w.split_once('>').unwrap();
                    let text = rest.split("</word>").next().unwrap().to_string();
                    Word { y_min: attr(tag, "yMin"), y_max: attr(tag, "yMax"), text }
                })
                .collect()
        })
        .collect()
}

fn git(dir: &Path, args: &[&str]) -> String {
    let r = run(Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=warroom tests", "-c", "user.email=tests@example.com", "-c", "commit.gpgsign=false"])
        .args(args));
    assert!(r.ok, "git {args:?} failed: {}", r.stderr);
    r.stdout.trim().to_string()
}

// ---------------------------------------------------------------------------
// Offline: nothing loads from another host
// ---------------------------------------------------------------------------

/// True for a URL that names another host (a scheme with a network
/// location, or protocol-relative `//host`).
fn is_external(url: &str) -> bool {
    let u = url.trim().to_ascii_lowercase();
    ["http:", "https:", "//", "ftp:", "ws:", "wss:"].iter().any(|p| u.starts_with(p))
}

/// References in CSS that load from another host: `url(…)` and `@import`.
fn external_in_css(css: &str) -> Vec<String> {
    let mut text = String::new();
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        text.push_str(&rest[..start]);
        rest = rest[start..].find("*/").map_or("", |end| &rest[start + end + 2..]);
    }
    text.push_str(rest);
    let lower = text.to_ascii_lowercase();
    let mut found = Vec::new();
    for (i, _) in lower.match_indices("url(") {
        let value = text[i + 4..].split(')').next().unwrap_or("").trim().trim_matches(['"', '\'']);
        if is_external(value) {
            found.push(format!("url({value})"));
        }
    }
    for (i, _) in lower.match_indices("@import") {
        found.push(text[i..].lines().next().unwrap_or("@import").to_string());
    }
    found
}

/// Attributes whose URL a browser fetches on its own.
const FETCHING_ATTRS: &[&str] =
    &["src", "srcset", "poster", "data", "action", "formaction", "background", "ping", "manifest", "longdesc"];

/// References in HTML that make a browser fetch from another host. Links
/// a reader may follow (`<a href="https://…">`) are allowed.
fn external_in_html(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        let start = i + off;
        if html[start..].starts_with("<!--") {
            i = html[start..].find("-->").map_or(html.len(), |e| start + e + 3);
            continue;
        }
        let Some(len) = html[start..].find('>') else { break };
        let tag = &html[start + 1..start + len];
        i = start + len + 1;
        if !tag.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let name_end = tag.find(|c: char| c.is_whitespace() || c == '/').unwrap_or(tag.len());
        let name = tag[..name_end].to_ascii_lowercase();
        for (attr, value) in attributes(&tag[name_end..]) {
            let external = match attr.as_str() {
                "href" | "xlink:href" => name != "a" && name != "area" && is_external(&value),
                "srcset" => value.split(',').any(|item| is_external(item.trim())),
                "style" => !external_in_css(&value).is_empty(),
                "content" => name == "meta" && value.to_ascii_lowercase().contains("url=http"),
                a if FETCHING_ATTRS.contains(&a) => is_external(&value),
                _ => false,
            };
            if external {
                found.push(format!("<{name} {attr}=\"{value}\">"));
            }
        }
        // The bodies of <style> and <script> are code, not text.
        if name == "style" || name == "script" {
            let close = format!("</{name}");
            let end = html[i..].to_ascii_lowercase().find(&close).map_or(html.len(), |e| i + e);
            let body = &html[i..end];
            if name == "style" {
                found.extend(external_in_css(body));
            } else {
                found.extend(external_in_js(body));
            }
            i = end;
        }
    }
    found
}

/// `name=value` pairs of a tag's attribute text, values unquoted and with
/// `&amp;` decoded.
fn attributes(mut s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    loop {
        s = s.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if s.is_empty() {
            return out;
        }
        let name_end = s.find(|c: char| c.is_whitespace() || c == '=' || c == '/').unwrap_or(s.len());
        let name = s[..name_end].to_ascii_lowercase();
        s = s[name_end..].trim_start();
        let mut value = String::new();
        if let Some(rest) = s.strip_prefix('=') {
            let rest = rest.trim_start();
            let (v, after) = match rest.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let body = &rest[1..];
                    let end = body.find(q).unwrap_or(body.len());
                    (&body[..end], body.get(end + 1..).unwrap_or(""))
                }
                _ => {
                    let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                    (&rest[..end], &rest[end..])
                }
            };
            value = v.replace("&amp;", "&");
            s = after;
        }
        out.push((name, value));
    }
}

/// Network access in JavaScript: absolute URLs and the APIs that fetch.
fn external_in_js(js: &str) -> Vec<String> {
    ["http://", "https://", "fetch(", "XMLHttpRequest", "WebSocket", "EventSource", "sendBeacon", "importScripts"]
        .iter()
        .filter(|needle| js.contains(*needle))
        .map(|needle| format!("script uses `{needle}`"))
        .collect()
}

#[test]
fn offline_scanner_flags_fetches_from_other_hosts_but_not_links() {
    let bad = [
        r#"<link rel="stylesheet" href="https://cdn.example/x.css">"#,
        r#"<script src="//cdn.example/x.js"></script>"#,
        r#"<img alt="x" src='http://img.example/a.png'>"#,
        r#"<img srcset="a.png 1x, https://img.example/b.png 2x">"#,
        r#"<div style="background: url( 'https://img.example/bg.png' )"></div>"#,
        r#"<style>@import "theme.css"; body { color: red }</style>"#,
        r#"<style>@font-face { src: url(https://fonts.example/f.woff2) }</style>"#,
        r#"<script>fetch("/api")</script>"#,
        r#"<iframe src=https://evil.example></iframe>"#,
        r#"<meta http-equiv="refresh" content="0; url=https://elsewhere.example/">"#,
    ];
    for html in bad {
        assert!(!external_in_html(html).is_empty(), "not flagged: {html}");
    }
    let good = [
        r#"<a href="https://jira.example/browse/X-1">X-1</a>"#,
        r#"<a href="../runbooks/a.html">a</a> <img src="img/a.png" alt="">"#,
        r#"<svg xmlns="http://www.w3.org/2000/svg"></svg>"#,
        r#"<pre><code>curl https://api.example/v1</code></pre>"#,
        r#"<!-- <script src="https://cdn.example/x.js"></script> -->"#,
        r#"<link rel="stylesheet" href="../style.css"><script src="../warroom.js" defer></script>"#,
    ];
    for html in good {
        assert_eq!(external_in_html(html), Vec::<String>::new(), "flagged: {html}");
    }
    assert!(!external_in_css("a { background: url(//x.example/y.png) }").is_empty());
    assert!(external_in_css("/* url(https://x) */ a { background: url(\"img/y.png\") }").is_empty());
}

#[test]
fn built_site_references_no_other_host() {
    let site = example_site();
    let mut problems = Vec::new();
    let mut counts = (0, 0, 0);
    for entry in walkdir::WalkDir::new(site) {
        let entry = entry.unwrap();
        let path = entry.path();
        let rel = path.strip_prefix(site).unwrap().display().to_string();
        let Some(ext) = path.extension().and_then(|e| e.to_str()) else { continue };
        let found = match ext {
            "html" => {
                counts.0 += 1;
                external_in_html(&read(path))
            }
            "css" => {
                counts.1 += 1;
                external_in_css(&read(path))
            }
            "js" if rel == "search-index.js" => {
                counts.2 += 1;
                search_index_problems(&read(path))
            }
            "js" => {
                counts.2 += 1;
                external_in_js(&read(path))
            }
            _ => continue,
        };
        problems.extend(found.into_iter().map(|f| format!("{rel}: {f}")));
    }
    assert!(counts.0 > 20 && counts.1 >= 2 && counts.2 >= 2, "too few files scanned: {counts:?}");
    assert!(problems.is_empty(), "the built site loads from other hosts:\n{}", problems.join("\n"));
}

/// The search index is data: one JSON array assigned to a global, every
/// entry pointing at a page of the site by a relative URL.
fn search_index_problems(js: &str) -> Vec<String> {
    let Some(json) = js.trim().strip_prefix("window.WARROOM_SEARCH = ") else {
        return vec!["search-index.js does not start with `window.WARROOM_SEARCH = `".into()];
    };
    let entries: Vec<serde_json::Value> = match serde_json::from_str(json.trim_end_matches(';')) {
        Ok(v) => v,
        Err(e) => return vec![format!("search-index.js is not a JSON array: {e}")],
    };
    entries
        .iter()
        .filter_map(|e| match e["u"].as_str() {
            None => Some(format!("search entry without a `u`: {e}")),
            Some(u) if is_external(u) || u.contains(':') => Some(format!("search entry points elsewhere: {u}")),
            Some(_) => None,
        })
        .collect()
}

#[test]
fn pages_read_fully_from_file_urls_with_the_network_blocked() {
    let Some(tools) = tools() else { return };
    let site = example_site();
    let root = repo();
    let incidents: Vec<serde_json::Value> = serde_json::from_str(&read(&site.join("incidents.json"))).unwrap();
    let incident = &incidents[incidents.len() / 2];
    let (incident_url, incident_title) = (incident["url"].as_str().unwrap(), incident["title"].as_str().unwrap());
    let runbook_title = front_matter_title(&root.join("content/runbooks/kafka-consumer-lag.md"));
    let list_title = front_matter_title(&root.join("content/contacts/oncall-escalation.md"));
    let phone = &phone_numbers(&root.join("content/contacts"))[0];
    let site_title = "Northwind Parcel incident handbook";

    let pages: [(&str, Vec<&str>); 6] = [
        ("index.html", vec![site_title, "Recent incidents"]),
        (incident_url, vec![incident_title, "Timeline"]),
        ("runbooks/kafka-consumer-lag.html", vec![&runbook_title, "Rollback"]),
        ("contacts/oncall-escalation.html", vec![&list_title, phone]),
        ("incidents/index.html", vec![incident_title, "SEV1"]),
        ("print.html", vec![&runbook_title, &list_title, phone]),
    ];
    for (page, expected) in pages {
        let dom = dump_dom(&tools, &page_url(site, page));
        for text in expected {
            assert!(dom.contains(&html_escape(text)), "{page} from file:// lacks {text:?}");
        }
        // warroom.js ran (it marks <html class="js">): scripts load from disk.
        assert!(dom.contains("class=\" js\"") || dom.contains("class=\"js\""), "{page}: warroom.js did not run");
        assert!(dom.contains("rel=\"stylesheet\" href=\""), "{page}: no stylesheet link");
    }
}

// ---------------------------------------------------------------------------
// Search
// ---------------------------------------------------------------------------

/// The inner HTML of the search results box of a dumped DOM.
fn search_results(dom: &str) -> &str {
    let start = dom.find("id=\"search-results\"").expect("the page has no #search-results");
    let open_end = start + dom[start..].find('>').unwrap();
    let attrs = &dom[start..open_end];
    assert!(!attrs.contains(" hidden"), "search results are still hidden: {attrs}");
    let body = &dom[open_end + 1..];
    &body[..body.find("</div>").unwrap_or(body.len())]
}

#[test]
fn search_from_the_url_shows_results_in_the_browser() {
    let Some(tools) = tools() else { return };
    let site = example_site();
    let root = repo();
    let runbook = front_matter_title(&root.join("content/runbooks/kafka-consumer-lag.md"));
    let incident =
        front_matter_title(&root.join("content/incidents/2025/2025-06-12-kafka-consumer-lag-after-broker-upgrade.md"));

    let dom = dump_dom(&tools, &format!("{}?q=kafka", page_url(site, "index.html")));
    let results = search_results(&dom);
    assert!(results.contains("class=\"sr-item"), "no result items for ?q=kafka:\n{results}");
    for title in [&runbook, &incident] {
        assert!(results.contains(&html_escape(title)), "?q=kafka does not list {title:?}:\n{results}");
    }
    assert!(!results.contains("sr-empty"), "?q=kafka says no results:\n{results}");
    // Result links are relative to the page, so they work from file://.
    assert!(results.contains("href=\"runbooks/kafka-consumer-lag.html\""), "{results}");

    // The fragment form, from a page one folder down, with several words.
    let dom = dump_dom(&tools, &format!("{}#search=consumer%20lag", page_url(site, "runbooks/index.html")));
    let results = search_results(&dom);
    assert!(results.contains(&html_escape(&runbook)), "#search=consumer lag misses {runbook:?}:\n{results}");
    assert!(results.contains("href=\"../runbooks/kafka-consumer-lag.html\""), "{results}");

    let dom = dump_dom(&tools, &format!("{}?q=zzqxj-nothing", page_url(site, "index.html")));
    let results = search_results(&dom);
    assert!(results.contains("class=\"sr-empty\""), "a query matching nothing shows no 'no results':\n{results}");
    assert!(!results.contains("sr-item"), "a query matching nothing lists results:\n{results}");
}

#[test]
fn history_filters_count_the_matches_of_every_year_from_a_partial_page() {
    let Some(tools) = tools() else { return };
    // 1,210 incidents: the history is cut into pages, and SEV1 is every
    // fourth incident (k % 4 == 0: all even, so all in 2025).
    let site = common::many_incidents(1_210);
    warroom(site.path(), &["build", "--today", TODAY]);
    let dom =
        dump_dom(&tools, &format!("{}?severity=SEV1", page_url(&site.path().join("public"), "incidents/2026.html")));
    let start = dom.find("class=\"filter-elsewhere").expect("no .filter-elsewhere on a year page");
    let note = &dom[start..start + dom[start..].find("</p>").unwrap()];
    assert!(!note.contains(" hidden"), "the note on other years stays hidden: {note}");
    assert!(note.contains("303 matches across all years"), "{note}");
    assert!(note.contains("href=\"../incidents/2025.html?severity=SEV1\""), "{note}");
    assert!(!note.contains("2026.html"), "a year without a match is listed: {note}");
    // On this page itself no row matches.
    assert!(dom.contains("0 of 500 incidents on this page"), "the count on the page is wrong");
}

// ---------------------------------------------------------------------------
// Print to PDF
// ---------------------------------------------------------------------------

const A4: (f64, f64) = (595.0, 842.0);
const LETTER: (f64, f64) = (612.0, 792.0);

fn assert_paper(info: &PdfInfo, (w, h): (f64, f64), what: &str) {
    assert!(
        (info.width - w).abs() < 1.5 && (info.height - h).abs() < 1.5,
        "{what}: page size {} x {} pts, expected {w} x {h}",
        info.width,
        info.height
    );
}

#[test]
fn binder_pdf_has_every_phone_number_and_runbook_on_a4() {
    let Some(tools) = tools() else { return };
    let root = repo();
    let out = scratch("binder");
    let pdf = print_binder(&tools, &root, &out);
    let text = pdf_text(&tools, &pdf);
    let flat = squash(&text);
    for phone in phone_numbers(&root.join("content/contacts")) {
        assert!(flat.contains(&squash(&phone)), "the binder lacks the phone number {phone:?}");
    }
    let words = collapse(&text);
    let mut runbooks = 0;
    for entry in fs::read_dir(root.join("content/runbooks")).unwrap() {
        let title = front_matter_title(&entry.unwrap().path());
        assert!(words.contains(&title), "the binder lacks the runbook {title:?}");
        runbooks += 1;
    }
    let info = pdf_info(&tools, &pdf);
    // A title page, then every phone list and runbook on pages of its own.
    let lists = fs::read_dir(root.join("content/contacts")).unwrap().count();
    assert!(
        info.pages > lists + runbooks && info.pages <= 3 * (lists + runbooks),
        "the binder has {} pages for {lists} phone lists and {runbooks} runbooks",
        info.pages
    );
    assert_paper(&info, A4, "the example binder");
    // Screen furniture stays off paper.
    assert!(!words.contains("Skip to content") && !words.contains("Print this binder"), "screen-only text printed");
}

#[test]
fn binder_pdf_uses_letter_paper_when_configured() {
    let Some(tools) = tools() else { return };
    let site = copy_fixture("build/basic");
    let config = site.path().join("warroom.yaml");
    fs::write(&config, format!("{}\nprint: {{ paper: Letter }}\n", read(&config))).unwrap();
    let pdf = print_binder(&tools, site.path(), site.path());
    assert_paper(&pdf_info(&tools, &pdf), LETTER, "a binder with `print: { paper: Letter }`");

    let a4 = copy_fixture("build/basic");
    let pdf = print_binder(&tools, a4.path(), a4.path());
    assert_paper(&pdf_info(&tools, &pdf), A4, "a binder without `print.paper`");
}

#[test]
fn a_phone_list_of_a_dozen_people_prints_on_one_sheet() {
    let Some(tools) = tools() else { return };
    let fixture = repo().join("tests/fixtures/print");
    // The fixture really is a dozen people, not a short list that fits anyway.
    let people =
        read(&fixture.join("content/contacts/team.md")).lines().filter(|l| l.trim().starts_with("phone:")).count();
    assert!((12..=15).contains(&people), "the fixture lists {people} contacts");
    let out = scratch("one-sheet");
    let site = out.join("public");
    warroom(&fixture, &["build", "--today", TODAY, "--out", site.to_str().unwrap()]);
    // Letter is 18 mm shorter than A4: the same list must still fit.
    let letter = copy_fixture("print");
    let config = letter.path().join("warroom.yaml");
    fs::write(&config, read(&config).replace("paper: A4", "paper: Letter")).unwrap();
    let letter_site = out.join("letter");
    warroom(letter.path(), &["build", "--today", TODAY, "--out", letter_site.to_str().unwrap()]);
    for (page, phones) in [
        (site.join("contacts/team.html"), fixture.join("content/contacts")),
        (letter_site.join("contacts/team.html"), fixture.join("content/contacts")),
        (example_site().join("contacts/oncall-escalation.html"), repo().join("content/contacts")),
    ] {
        let pdf = out.join(format!("{}.pdf", page.display().to_string().replace(['/', '.'], "-")));
        warroom::pdf::print_to_pdf(&tools.chromium, &page, &pdf).unwrap();
        let info = pdf_info(&tools, &pdf);
        assert_eq!(info.pages, 1, "`{}` prints on {} pages, not one", page.display(), info.pages);
        let paper = if page.starts_with(&letter_site) { LETTER } else { A4 };
        assert_paper(&info, paper, &page.display().to_string());
        let flat = squash(&pdf_text(&tools, &pdf));
        let list = read(&page);
        for phone in phone_numbers(&phones).iter().filter(|p| list.contains(&html_escape(p))) {
            assert!(flat.contains(&squash(phone)), "`{}` printed without {phone:?}", page.display());
        }
    }
}

#[test]
fn every_printed_page_shows_the_date_and_commit_below_the_content() {
    let Some(tools) = tools() else { return };
    let site = copy_fixture("print");
    git(site.path(), &["init", "-q"]);
    git(site.path(), &["add", "-A"]);
    git(site.path(), &["commit", "-q", "-m", "fixture"]);
    let commit = git(site.path(), &["rev-parse", "--short=12", "HEAD"]);
    assert_eq!(commit.len(), 12);
    let pdf = print_binder(&tools, site.path(), site.path());
    let pages = pdf_pages(&tools, &pdf);
    assert!(pages.len() >= 4, "the long runbook should span pages; the binder has {}", pages.len());
    for (n, page) in pages.iter().enumerate() {
        assert!(page.contains(TODAY), "page {} lacks the generated date:\n{page}", n + 1);
        assert!(page.contains(&commit), "page {} lacks the commit {commit}:\n{page}", n + 1);
    }

    // The footer sits below everything else on the page but the page counter.
    for (n, words) in pdf_words(&tools, &pdf).iter().enumerate() {
        let footer = words
            .iter()
            .filter(|w| w.text == commit)
            .max_by(|a, b| a.y_min.total_cmp(&b.y_min))
            .unwrap_or_else(|| panic!("page {}: no footer with the commit", n + 1));
        let covered: Vec<&Word> =
            words.iter().filter(|w| w.y_min < footer.y_min - 1.0 && w.y_max > footer.y_min + 0.5).collect();
        assert!(covered.is_empty(), "page {}: the footer overlaps {covered:?}", n + 1);
        let footer_words = ["Generated", TODAY, "from", "commit", commit.as_str(), "by", "warroom"];
        let on_footer_line: Vec<&Word> = words
            .iter()
            .filter(|w| (w.y_min - footer.y_min).abs() <= 1.0 && !footer_words.contains(&w.text.as_str()))
            .collect();
        assert!(on_footer_line.is_empty(), "page {}: content printed over the footer: {on_footer_line:?}", n + 1);
        let below: Vec<&Word> = words.iter().filter(|w| w.y_min > footer.y_max).collect();
        assert!(
            below.iter().all(|w| w.text == "page" || w.text == "of" || w.text.parse::<u32>().is_ok()),
            "page {}: content printed below the footer: {below:?}",
            n + 1
        );
    }
}

// ---------------------------------------------------------------------------
// vCards (RFC 2426)
// ---------------------------------------------------------------------------

/// Problems with a vCard 3.0 file: CRLF line ends, lines of at most 75
/// octets, BEGIN/VERSION/FN/N/END in every card, TEL values in E.164.
fn vcard_problems(bytes: &[u8]) -> (usize, Vec<String>) {
    let mut problems = Vec::new();
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => return (0, vec![format!("not UTF-8: {e}")]),
    };
    if !text.ends_with("\r\n") {
        problems.push("the file does not end with CRLF".into());
    }
    let raw: Vec<&str> = text.split("\r\n").collect();
    for (i, line) in raw.iter().enumerate() {
        if line.contains('\n') || line.contains('\r') {
            problems.push(format!("line {}: a bare LF or CR", i + 1));
        }
        if line.len() > 75 {
            problems.push(format!("line {}: {} octets, more than 75", i + 1, line.len()));
        }
    }
    // Unfold: a line starting with a space or tab continues the one before.
    let mut lines: Vec<String> = Vec::new();
    for line in raw.iter().filter(|l| !l.is_empty()) {
        match (line.strip_prefix([' ', '\t']), lines.last_mut()) {
            (Some(rest), Some(prev)) => prev.push_str(rest),
            _ => lines.push(line.to_string()),
        }
    }
    let mut cards = 0;
    let mut card: Option<Vec<&str>> = None;
    for line in &lines {
        match (line.as_str(), &mut card) {
            ("BEGIN:VCARD", None) => card = Some(Vec::new()),
            ("BEGIN:VCARD", Some(_)) => problems.push("BEGIN:VCARD inside a card".into()),
            ("END:VCARD", Some(props)) => {
                cards += 1;
                problems.extend(card_problems(cards, props));
                card = None;
            }
            (_, Some(props)) => props.push(line),
            (other, None) => problems.push(format!("outside a card: {other:?}")),
        }
    }
    if card.is_some() {
        problems.push("the last card has no END:VCARD".into());
    }
    (cards, problems)
}

fn card_problems(n: usize, props: &[&str]) -> Vec<String> {
    let mut problems = Vec::new();
    if props.first() != Some(&"VERSION:3.0") {
        problems.push(format!("card {n}: VERSION:3.0 is not the first property"));
    }
    let name = |p: &&str| p.split([':', ';']).next().unwrap_or("").to_ascii_uppercase();
    for required in ["FN", "N"] {
        let count = props.iter().filter(|p| name(p) == required).count();
        if count != 1 {
            problems.push(format!("card {n}: {count} {required} properties, expected 1"));
        }
    }
    if props.iter().any(|p| name(p) == "FN" && p.trim_end() == "FN:") {
        problems.push(format!("card {n}: empty FN"));
    }
    let tels: Vec<&&str> = props.iter().filter(|p| name(p) == "TEL").collect();
    if tels.is_empty() {
        problems.push(format!("card {n}: no TEL"));
    }
    for tel in tels {
        let value = tel.split_once(':').map_or("", |(_, v)| v);
        // An extension follows a comma (a dialling pause).
        let (number, ext) = value.split_once(',').unwrap_or((value, "0"));
        let digits = number.strip_prefix('+').unwrap_or("");
        let e164 = (8..=15).contains(&digits.len())
            && digits.bytes().all(|b| b.is_ascii_digit())
            && !digits.starts_with('0')
            && !ext.is_empty()
            && ext.bytes().all(|b| b.is_ascii_digit());
        if !e164 {
            problems.push(format!("card {n}: TEL value {value:?} is not E.164"));
        }
    }
    problems
}

#[test]
fn vcard_checker_catches_broken_cards() {
    let good = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nN:;Ada;;;\r\nTEL;TYPE=WORK:+442079460018\r\nEND:VCARD\r\n";
    assert_eq!(vcard_problems(good.as_bytes()), (1, vec![]));
    let long =
        format!("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{}\r\nN:;A;;;\r\nTEL:+442079460018\r\nEND:VCARD\r\n", "A".repeat(80));
    for bad in [
        good.replace("\r\n", "\n"),
        good.replace("VERSION:3.0", "VERSION:4.0"),
        good.replace("FN:Ada\r\n", ""),
        good.replace("+442079460018", "020 7946 0018"),
        good.replace("END:VCARD\r\n", ""),
        long,
    ] {
        assert!(!vcard_problems(bad.as_bytes()).1.is_empty(), "accepted: {bad:?}");
    }
}

#[test]
fn vcards_of_the_example_site_follow_rfc_2426() {
    let site = example_site();
    let content = repo().join("content/contacts");
    let mut files = 0;
    for entry in fs::read_dir(&content).unwrap() {
        let source = entry.unwrap().path();
        let slug = source.file_stem().unwrap().to_str().unwrap();
        let vcf = site.join("contacts").join(format!("{slug}.vcf"));
        let (cards, problems) = vcard_problems(&fs::read(&vcf).unwrap());
        assert!(problems.is_empty(), "`{}`:\n{}", vcf.display(), problems.join("\n"));
        let contacts = read(&source).lines().filter(|l| l.trim_start().starts_with("phone:")).count();
        assert_eq!(cards, contacts, "`{}` has {cards} cards for {contacts} contacts", vcf.display());
        files += 1;
    }
    assert!(files >= 2, "no phone lists in the example site");
}
