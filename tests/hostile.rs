//! Hostile and broken input against the real binary, plus the promises of
//! `build` about its output: atomic replacement and byte-identical results.
//!
//! Every hostile case runs `check --format json` and `build` under a timeout
//! and must end with a finding or an error that names the file — never a
//! panic (exit 101), a signal (stack overflow), a hang, a file written outside
//! the output folder, or text that becomes markup. Small cases live in
//! `tests/fixtures/hostile/`; big ones (megabytes, symlink loops) are
//! generated into a temporary folder at test time.

mod common;

use common::{all_files, TODAY};

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(60);

/// What one run of the binary did.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs warroom with a timeout, failing the test on a hang, a panic or a signal.
fn run(args: &[&str], env: &[(&str, &str)]) -> Run {
    let logs = tempfile::tempdir().unwrap();
    let (out, err) = (logs.path().join("stdout"), logs.path().join("stderr"));
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_warroom"));
    cmd.args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("RAYON_NUM_THREADS")
        .stdin(Stdio::null())
        // Files, not pipes: a full pipe would block the child while we poll.
        .stdout(File::create(&out).unwrap())
        .stderr(File::create(&err).unwrap());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let started = Instant::now();
    let mut child = cmd.spawn().expect("run warroom");
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("warroom {args:?} hung: still running after {TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stdout = String::from_utf8_lossy(&fs::read(&out).unwrap()).into_owned();
    let stderr = String::from_utf8_lossy(&fs::read(&err).unwrap()).into_owned();
    let Some(code) = status.code() else { panic!("warroom {args:?} was killed by a signal ({status}):\n{stderr}") };
    assert_ne!(code, 101, "warroom {args:?} panicked:\n{stderr}");
    assert!(!stderr.contains("panicked at"), "warroom {args:?} panicked:\n{stderr}");
    Run { code, stdout, stderr }
}

/// A finding from `check --format json`.
#[derive(Debug)]
struct Finding {
    rule: String,
    level: String,
    file: String,
    line: u64,
    message: String,
}

/// A throwaway site in a temporary folder.
struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    fn new() -> Site {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("warroom.yaml"), "title: Hostile handbook\n").unwrap();
        fs::create_dir_all(dir.path().join("content/incidents")).unwrap();
        Site { dir }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> &Site {
        let path = self.root().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
        self
    }

    fn with_fixture(&self, name: &str) -> &Site {
        self.write(&format!("content/incidents/{name}"), fs::read(fixtures().join(name)).unwrap())
    }

    fn check(&self) -> (Run, Vec<Finding>) {
        let r = run(&["--root", self.root().to_str().unwrap(), "check", "--format", "json", "--today", TODAY], &[]);
        assert!(matches!(r.code, 0 | 1), "check exited {}:\n{}", r.code, r.stderr);
        let json: serde_json::Value = serde_json::from_str(&r.stdout)
            .unwrap_or_else(|e| panic!("check --format json printed no JSON ({e}):\n{}", r.stdout));
        let findings = json
            .as_array()
            .expect("a JSON array")
            .iter()
            .map(|f| Finding {
                rule: f["rule"].as_str().unwrap().to_string(),
                level: f["level"].as_str().unwrap().to_string(),
                file: f["file"].as_str().unwrap().to_string(),
                line: f["line"].as_u64().unwrap(),
                message: f["message"].as_str().unwrap().to_string(),
            })
            .collect();
        (r, findings)
    }

    fn build(&self, out: &Path, env: &[(&str, &str)]) -> Run {
        let args = ["--root", self.root().to_str().unwrap(), "build", "--today", TODAY, "--out", out.to_str().unwrap()];
        run(&args, env)
    }
}

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile")
}

/// Compares two output trees, naming the files that differ instead of dumping bytes.
fn assert_same_files(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>, what: &str) {
    let differ: Vec<&String> = a
        .keys()
        .chain(b.keys())
        .filter(|k| a.get(*k) != b.get(*k))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert!(differ.is_empty(), "{what}: these files differ: {differ:?}");
}

/// Everything under `dir` except the given subfolder, to prove nothing was written elsewhere.
fn files_outside(dir: &Path, except: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| !e.path().starts_with(except))
        .map(|e| e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned())
        .collect()
}

/// A complete, valid post-mortem with extra front matter and a summary.
fn postmortem(front: &str, summary: &str, timeline: &str) -> String {
    format!(
        "---\n{front}date: 2024-01-01\nseverity: SEV2\nstatus: final\nservices: [checkout]\n---\n\
         ## Summary\n\n{summary}\n\n## Impact\n\nSlow checkout.\n\n## Timeline\n\n{timeline}\n\n\
         ## Root cause\n\n1. a\n2. b\n3. c\n4. d\n5. e\n\n## Resolution\n\nFixed.\n\n\
         ## Action items\n\n- [ ] Add a check @sam due:2099-01-01\n\n## Lessons learned\n\nSome.\n"
    )
}

/// A complete, valid runbook whose steps are `steps`.
fn runbook(title: &str, steps: &str) -> String {
    format!(
        "---\ntitle: {title}\nservices: [db]\nowner: Ada\nlast_reviewed: 2026-11-01\n---\n\
         ## When to use\n\nAlways.\n\n## Steps\n\n{steps}\n\n## Verification\n\nLook.\n\n## Rollback\n\nUndo.\n"
    )
}

/// A broken file must be a finding of `rule` naming it, and must stop `build`
/// with exit 1, naming it, without creating the output folder.
fn assert_reported(site: &Site, file: &str, rule: &str) -> Vec<Finding> {
    let (r, findings) = site.check();
    let mine: Vec<Finding> = findings.into_iter().filter(|f| f.file == file).collect();
    assert!(
        mine.iter().any(|f| f.rule == rule && f.level == "error"),
        "expected an error `{rule}` naming `{file}`, got {mine:#?}"
    );
    assert_eq!(r.code, 1);
    let out = site.root().join("public");
    let b = site.build(&out, &[]);
    assert_eq!(b.code, 1, "build of a site with `{file}` exited {}:\n{}", b.code, b.stderr);
    assert!(b.stderr.contains(file), "build errors do not name `{file}`:\n{}", b.stderr);
    assert!(!out.exists(), "a failed build created its output folder");
    mine
}

fn fixture_is_reported(name: &str, rule: &str) -> Vec<Finding> {
    let site = Site::new();
    site.with_fixture(name);
    assert_reported(&site, &format!("content/incidents/{name}"), rule)
}

#[test]
fn binary_file_named_md() {
    let f = fixture_is_reported("binary-png.md", "front-matter-invalid");
    assert!(f[0].message.contains("UTF-8"), "{f:?}");
}

#[test]
fn invalid_utf8_names_the_line() {
    let f = fixture_is_reported("invalid-utf8.md", "front-matter-invalid");
    assert_eq!(f[0].line, 2);
}

#[test]
fn nul_byte_names_the_line() {
    let f = fixture_is_reported("nul-byte.md", "front-matter-invalid");
    assert_eq!(f[0].line, 2, "{f:?}");
}

#[test]
fn empty_lone_and_unclosed_fences() {
    for name in ["empty.md", "lone-fence.md", "unclosed-fence.md"] {
        fixture_is_reported(name, "front-matter-missing");
    }
}

#[test]
fn yaml_alias_bomb_is_refused_quickly() {
    let started = Instant::now();
    let f = fixture_is_reported("alias-bomb.md", "front-matter-invalid");
    assert!(f[0].message.contains("too big"), "{f:?}");
    assert!(started.elapsed() < Duration::from_secs(30), "alias bomb took {:?}", started.elapsed());
}

#[test]
fn yaml_duplicate_keys_name_the_second_key() {
    let f = fixture_is_reported("duplicate-keys.md", "front-matter-invalid");
    assert_eq!(f[0].line, 4, "{f:?}");
    assert!(f[0].message.contains("duplicate"), "{f:?}");
}

#[test]
fn yaml_tags_are_plain_values_never_code() {
    // `!!python/object` and `!custom` are ignored; the rest of the file is still checked.
    fixture_is_reported("yaml-custom-tag.md", "missing-section");
    fixture_is_reported("yaml-binary-tag.md", "missing-section");
}

#[test]
fn huge_numbers() {
    fixture_is_reported("huge-numbers.md", "front-matter-invalid");
    let site = Site::new();
    site.with_fixture("huge-integer.md");
    let (_, findings) = site.check();
    assert!(findings.iter().any(|f| f.rule == "unknown-field" && f.line == 7), "{findings:#?}");
}

#[test]
fn deeply_nested_yaml_is_refused_not_a_stack_overflow() {
    let site = Site::new();
    let n = 5000;
    site.write("content/incidents/deep.md", format!("---\ntitle: x\na: {}1{}\n---\n", "[".repeat(n), "]".repeat(n)));
    let block: String = (0..300).map(|i| format!("{}k{i}:\n", " ".repeat(i))).collect();
    site.write("content/incidents/block.md", format!("---\ntitle: x\n{block}---\n"));
    let f = assert_reported(&site, "content/incidents/deep.md", "front-matter-invalid");
    assert!(f[0].message.contains("too deeply nested"), "{f:?}");
    assert_reported(&site, "content/incidents/block.md", "front-matter-invalid");
}

#[test]
fn oversized_file_is_reported_not_read() {
    let site = Site::new();
    let big = "x".repeat(9 * 1024 * 1024);
    site.write("content/incidents/huge.md", format!("---\ntitle: big\n---\n{big}"));
    let f = assert_reported(&site, "content/incidents/huge.md", "front-matter-invalid");
    assert!(f[0].message.contains("9.0 MB") && f[0].message.contains("8 MB"), "{f:?}");
}

#[test]
fn symlink_loop_in_content_is_reported() {
    let site = Site::new();
    site.write("content/incidents/ok.md", postmortem("title: Fine\n", "Fine.", "- 10:00 a"));
    #[cfg(unix)]
    std::os::unix::fs::symlink("..", site.root().join("content/incidents/loop")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("self", site.root().join("content/incidents/self")).unwrap();
    #[cfg(unix)]
    assert_reported(&site, "content/incidents/loop", "front-matter-invalid");
}

#[test]
fn crlf_and_bom_are_accepted() {
    let site = Site::new();
    site.with_fixture("crlf-bom.md");
    let (r, findings) = site.check();
    assert_eq!(r.code, 0, "{findings:#?}");
    assert!(findings.is_empty(), "{findings:#?}");
    let out = site.root().join("public");
    assert_eq!(site.build(&out, &[]).code, 0);
    let page = fs::read_to_string(out.join("incidents/crlf-bom.html")).unwrap();
    assert!(page.contains("CRLF and a byte-order mark"));
    assert!(!page.contains('\r') && !page.contains('\u{feff}'));
}

/// Every `href`/`src` value in real tags of a page: escaped text never matches `<a `.
fn link_targets(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\"", "action=\"", "formaction=\""] {
        for (i, _) in html.match_indices(attr) {
            let inside_tag = html[..i].rfind('<') > html[..i].rfind('>');
            if inside_tag {
                let value = &html[i + attr.len()..];
                out.push(value[..value.find('"').unwrap_or(value.len())].to_string());
            }
        }
    }
    out
}

/// Whether a URL would run script or render HTML, as a browser reads it.
fn is_scripting(url: &str) -> bool {
    let cleaned: String = url
        .replace("&#58;", ":")
        .replace("&colon;", ":")
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:text", "data:application"].iter().any(|s| cleaned.starts_with(s))
}

#[test]
fn script_in_front_matter_is_escaped_everywhere() {
    let site = Site::new();
    site.with_fixture("script-title.md");
    let out = site.root().join("public");
    let b = site.build(&out, &[]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    let files = all_files(&out);
    let mut title_seen = BTreeMap::new();
    for (path, bytes) in &files {
        if !(path.ends_with(".html") || path.ends_with(".xml") || path.ends_with(".js")) {
            continue;
        }
        let text = String::from_utf8_lossy(bytes);
        for needle in ["<script>alert", "<img src=x", "<b>tag", "</title><!--", "\"><script"] {
            assert!(!text.contains(needle), "`{needle}` reached {path} unescaped");
        }
        if text.contains("&lt;script&gt;alert(&quot;title&quot;)") || text.contains("\\u003cscript>alert(\\\"title") {
            title_seen.insert(path.clone(), ());
        }
    }
    for page in ["index.html", "incidents/index.html", "incidents/inc-xss.html", "feed.xml", "search-index.js"] {
        assert!(title_seen.contains_key(page), "the escaped title is not in {page}");
    }
}

#[test]
fn dangerous_links_are_dropped() {
    let site = Site::new();
    site.with_fixture("dangerous-links.md");
    let (_, findings) = site.check();
    assert!(findings.is_empty(), "{findings:#?}");
    let out = site.root().join("public");
    assert_eq!(site.build(&out, &[]).code, 0);
    let mut links = 0;
    for (path, bytes) in all_files(&out) {
        if path.ends_with(".html") {
            for url in link_targets(&String::from_utf8_lossy(&bytes)) {
                assert!(!is_scripting(&url), "{path} links to `{url}`");
                links += 1;
            }
        }
    }
    assert!(links > 20, "the link scan found only {links} links");
    let page = fs::read_to_string(out.join("incidents/dangerous-links.html")).unwrap();
    assert!(page.contains("href=\"https://example.com/ok\""), "safe links must survive");
}

#[test]
fn ids_never_leave_the_output_folder() {
    let site = Site::new();
    for name in ["id-traversal.md", "id-con.md", "id-dotdot.md", "id-backslash.md", "id-index.md"] {
        site.with_fixture(name);
    }
    let (r, findings) = site.check();
    assert_eq!(r.code, 0, "{findings:#?}");
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("nested/public");
    let b = site.build(&out, &[]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    let files = all_files(&out);
    for page in [
        "incidents/etc-passwd.html",
        "incidents/con_.html",
        "incidents/untitled.html",
        "incidents/windows-win-ini.html",
        "incidents/index_.html",
    ] {
        assert!(files.contains_key(page), "{page} missing from {:?}", files.keys());
    }
    assert!(String::from_utf8_lossy(&files["incidents/index.html"]).contains("Incidents"));
    assert_eq!(files_outside(parent.path(), &out), ["", "nested"]);
    assert!(files.keys().all(|p| !p.contains("..") && !p.contains('\\')), "{:?}", files.keys());
}

#[test]
fn two_documents_one_page_is_duplicate_id() {
    let site = Site::new();
    site.with_fixture("id-dotdot.md").with_fixture("id-dots.md");
    assert_reported(&site, "content/incidents/id-dots.md", "duplicate-id");
}

#[test]
fn five_megabyte_line_and_deep_markdown_build() {
    let site = Site::new();
    site.write("content/runbooks/line.md", runbook("Line", &"word ".repeat(1_000_000)));
    site.write("content/runbooks/quotes.md", runbook("Quotes", &format!("{} deep", ">".repeat(50_000))));
    site.write("content/runbooks/bullets.md", runbook("Bullets", &format!("{}x", "- ".repeat(20_000))));
    site.write("content/runbooks/ordered.md", runbook("Ordered", &format!("{}x", "1. ".repeat(20_000))));
    let indented: String = (0..1000).map(|i| format!("{}- item {i}\n", "  ".repeat(i))).collect();
    site.write("content/runbooks/indented.md", runbook("Indented", &indented));
    let emphasis = format!("{}{}{}", "*a **".repeat(50_000), "[x".repeat(20_000), "](#y)".repeat(1000));
    site.write("content/runbooks/emphasis.md", runbook("Emphasis", &emphasis));
    let (r, findings) = site.check();
    assert_eq!(r.code, 0, "{findings:#?}");
    let out = site.root().join("public");
    let b = site.build(&out, &[]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    for page in ["line", "quotes", "bullets", "ordered", "indented", "emphasis"] {
        assert!(out.join(format!("runbooks/{page}.html")).is_file(), "{page}");
    }
}

/// `n` timeline entries one second apart from 2024-01-01 00:00:00, writing
/// the date whenever it changes.
fn long_timeline(n: usize) -> String {
    let mut out = String::with_capacity(n * 40);
    for i in 0..n {
        let (day, secs) = (i / 86_400, i % 86_400);
        let clock = format!("{:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60);
        if secs == 0 {
            out.push_str(&format!("- 2024-01-{:02} {clock} step {i}\n", day + 1));
        } else {
            out.push_str(&format!("- {clock} step {i}\n"));
        }
    }
    out
}

#[test]
fn hundred_thousand_timeline_entries() {
    let site = Site::new();
    site.write("content/incidents/long.md", postmortem("title: Long\n", "Long.", &long_timeline(100_000)));
    // The same list without dates goes back past midnight once: one finding, not 100,000.
    let undated = long_timeline(100_000).replace("- 2024-01-02 ", "- ");
    site.write("content/incidents/wrap.md", postmortem("title: Wrap\n", "Wrap.", &undated));
    let (_, findings) = site.check();
    let long: Vec<_> = findings.iter().filter(|f| f.file.ends_with("long.md")).collect();
    assert!(long.is_empty(), "{long:#?}");
    let wrap: Vec<_> = findings.iter().filter(|f| f.file.ends_with("wrap.md")).collect();
    assert_eq!(wrap.len(), 1, "{wrap:#?}");
    assert_eq!(wrap[0].rule, "timeline-out-of-order");
    fs::remove_file(site.root().join("content/incidents/wrap.md")).unwrap();
    let out = site.root().join("public");
    let b = site.build(&out, &[]);
    assert_eq!(b.code, 0, "{}", b.stderr);
    let page = fs::read_to_string(out.join("incidents/long.html")).unwrap();
    assert!(page.contains("step 99999"));
}

#[test]
fn whole_hostile_corpus_at_once() {
    // One site holding every fixture, as CI would meet it: one run, every file named.
    let site = Site::new();
    let mut names = Vec::new();
    for entry in fs::read_dir(fixtures()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.ends_with(".md") {
            site.with_fixture(&name);
            names.push(name);
        }
    }
    let (r, findings) = site.check();
    assert_eq!(r.code, 1);
    for f in &findings {
        assert!(f.file.starts_with("content/incidents/"), "{f:?}");
    }
    let clean = [
        "crlf-bom.md",
        "script-title.md",
        "dangerous-links.md",
        "id-traversal.md",
        "id-con.md",
        "id-dotdot.md",
        "id-backslash.md",
        "id-index.md",
    ];
    for name in &names {
        let named = findings.iter().any(|f| f.file == format!("content/incidents/{name}"));
        assert_eq!(named, !clean.contains(&name.as_str()), "{name}: {findings:#?}");
    }
    let b = site.build(&site.root().join("public"), &[]);
    assert_eq!(b.code, 1);
}

// ---- atomic output -------------------------------------------------------

/// A site big enough that writing it takes a while: many incidents with long timelines.
fn big_site() -> Site {
    let site = Site::new();
    let timeline = long_timeline(3000);
    for i in 0..60 {
        site.write(
            &format!("content/incidents/inc-{i:03}.md"),
            postmortem(&format!("title: Incident {i}\n"), "Big.", &timeline),
        );
    }
    site
}

#[test]
fn killed_build_leaves_previous_output_intact() {
    let site = big_site();
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("public");
    assert_eq!(site.build(&out, &[]).code, 0);
    let before = all_files(&out);
    // Change the content so a completed build would differ.
    site.write("content/incidents/inc-000.md", postmortem("title: Changed\n", "Changed.", "- 10:00 a"));
    let mut killed_mid_write = false;
    let mut seen = Vec::new();
    for delay_ms in [0u64, 50, 150, 300, 600, 1000] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_warroom"))
            .args(["--root", site.root().to_str().unwrap(), "build", "--today", TODAY, "--out"])
            .arg(&out)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let tmp = parent.path().join(format!(".public.warroom-tmp-{}", child.id()));
        let started = Instant::now();
        // Kill once the temporary folder appears (plus a varying delay), while files are written.
        while !tmp.exists() && started.elapsed() < TIMEOUT && child.try_wait().unwrap().is_none() {
            std::thread::sleep(Duration::from_millis(1));
        }
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        let status = child.wait().unwrap();
        killed_mid_write |= status.code().is_none() && tmp.exists();
        seen.push((delay_ms, all_files(&out)));
        if status.code().is_some() {
            break; // it finished before the kill: later delays would too
        }
    }
    assert!(killed_mid_write, "the build finished before it could be interrupted; make the site bigger");
    // The next build succeeds and replaces the output.
    assert_eq!(site.build(&out, &[]).code, 0);
    let after = all_files(&out);
    assert!(String::from_utf8_lossy(&after["incidents/inc-000.html"]).contains("Changed"));
    // After every kill the output was the previous build or, when the kill
    // came after the swap, the complete new one — never a mix or nothing.
    for (delay_ms, files) in &seen {
        if files != &after {
            assert_same_files(files, &before, &format!("output after a kill {delay_ms} ms into writing"));
        }
    }
}

#[cfg(unix)]
#[test]
fn failed_write_leaves_previous_output_intact() {
    let site = Site::new();
    site.write("content/incidents/a.md", postmortem("title: A\n", "A.", "- 10:00 a"));
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("public");
    assert_eq!(site.build(&out, &[]).code, 0);
    let before = all_files(&out);
    // A page bigger than the file size limit makes a write fail half-way
    // (EFBIG, since SIGXFSZ is ignored), even for root, who ignores read-only folders.
    site.write("content/runbooks/big.md", runbook("Big", &"word ".repeat(400_000)));
    let script = format!(
        "trap '' XFSZ; ulimit -f 200; exec \"$0\" --root '{}' build --today {TODAY} --out '{}'",
        site.root().display(),
        out.display()
    );
    let o = Command::new("sh").arg("-c").arg(&script).arg(env!("CARGO_BIN_EXE_warroom")).output().unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("cannot write"), "{stderr}");
    assert_same_files(&all_files(&out), &before, "a failed write");
    let names: Vec<String> =
        fs::read_dir(parent.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(names, ["public"], "a failed build left its temporary folder behind");
}

#[test]
fn output_folder_marker_rules() {
    let site = Site::new();
    site.write("content/incidents/a.md", postmortem("title: A\n", "A.", "- 10:00 a"));
    let parent = tempfile::tempdir().unwrap();
    // An empty folder is taken and gets the marker.
    let empty = parent.path().join("empty");
    fs::create_dir(&empty).unwrap();
    assert_eq!(site.build(&empty, &[]).code, 0);
    assert!(empty.join(".warroom-output").is_file());
    // A file, a folder whose "marker" is a folder, and a symlink to the sources are refused.
    let file = parent.path().join("file");
    fs::write(&file, "mine").unwrap();
    let fake = parent.path().join("fake");
    fs::create_dir_all(fake.join(".warroom-output")).unwrap();
    fs::write(fake.join("keep.txt"), "mine").unwrap();
    let mut refused = vec![file.clone(), fake.clone()];
    #[cfg(unix)]
    {
        let link = parent.path().join("link");
        std::os::unix::fs::symlink(site.root().join("content"), &link).unwrap();
        refused.push(link);
    }
    let sources = all_files(site.root());
    for out in &refused {
        let b = site.build(out, &[]);
        assert_eq!(b.code, 2, "{} was accepted", out.display());
        assert!(b.stderr.contains("refusing"), "{}", b.stderr);
    }
    assert_eq!(fs::read_to_string(&file).unwrap(), "mine");
    assert_eq!(fs::read_to_string(fake.join("keep.txt")).unwrap(), "mine");
    assert_same_files(&all_files(site.root()), &sources, "a refused build touched the sources");
    // The folder a build made is replaced by the next one, with nothing left beside it.
    assert_eq!(site.build(&empty, &[]).code, 0);
    let names: Vec<String> =
        fs::read_dir(parent.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(names.iter().all(|n| !n.contains("warroom")), "{names:?}");
}

// ---- determinism ---------------------------------------------------------

#[test]
fn output_is_byte_identical_across_threads_and_paths() {
    let site = big_site();
    site.with_fixture("script-title.md").with_fixture("id-traversal.md");
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let one = a.path().join("one");
    let two = b.path().join("deeper/two");
    assert_eq!(site.build(&one, &[("RAYON_NUM_THREADS", "1")]).code, 0);
    std::thread::sleep(Duration::from_millis(1100)); // a timestamp would now differ
    assert_eq!(site.build(&two, &[("RAYON_NUM_THREADS", "4")]).code, 0);
    let (one, two) = (all_files(&one), all_files(&two));
    assert_same_files(&one, &two, "RAYON_NUM_THREADS=1 and =4 into different folders");
    for (path, bytes) in &one {
        let text = String::from_utf8_lossy(bytes);
        let tmp = a.path().to_string_lossy();
        assert!(!text.contains(tmp.as_ref()), "{path} contains the output path");
    }
}

#[test]
fn source_date_epoch_fixes_today() {
    let site = Site::new();
    site.write("content/incidents/a.md", postmortem("title: A\n", "A.", "- 10:00 a"));
    let dir = tempfile::tempdir().unwrap();
    let args = |out: &Path| {
        vec![
            "--root".to_string(),
            site.root().to_string_lossy().into(),
            "build".into(),
            "--out".into(),
            out.to_string_lossy().into(),
        ]
    };
    let epoch = "1795305600"; // 2026-11-22T00:00:00Z
    let mut outputs = Vec::new();
    for name in ["a", "b"] {
        let out = dir.path().join(name);
        let args = args(&out);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        assert_eq!(run(&args, &[("SOURCE_DATE_EPOCH", epoch)]).code, 0);
        outputs.push(all_files(&out));
    }
    let with_today = dir.path().join("c");
    assert_eq!(site.build(&with_today, &[]).code, 0);
    assert_same_files(&outputs[0], &outputs[1], "two builds with one SOURCE_DATE_EPOCH");
    assert_same_files(&outputs[0], &all_files(&with_today), "SOURCE_DATE_EPOCH and --today");
}
