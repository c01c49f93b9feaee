//! Integration tests for `warroom serve`: start the real binary on a copy of a
//! fixture site with `--port 0`, read the bound address from stderr, and talk
//! HTTP/1.1 to it over a plain `TcpStream`. Every server is killed when its
//! guard drops, whether the test passed or not.

#![cfg(feature = "serve")]

mod common;

use common::copy_dir;

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// 2026-11-22 12:00 UTC: the server has no `--today`, so fix "now" this way.
const TODAY_EPOCH: &str = "1795348800";
const INCIDENT: &str = "content/incidents/2024-03-31-dst-midnight.md";
const WAIT: Duration = Duration::from_secs(15);

/// A running `warroom serve`, killed on drop.
struct Server {
    child: Child,
    addr: String,
    stderr: Arc<Mutex<String>>,
    _site: tempfile::TempDir,
}

impl Server {
    /// Starts a server on a copy of `tests/fixtures/build/<fixture>`, after
    /// `prepare` has had a chance to change the copy.
    fn start(fixture: &str, prepare: impl FnOnce(&Path)) -> Server {
        let site = tempfile::tempdir().unwrap();
        copy_dir(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/build").join(fixture), site.path());
        prepare(site.path());
        let mut child = Command::new(env!("CARGO_BIN_EXE_warroom"))
            .args(["--root", site.path().to_str().unwrap(), "--color", "never", "serve", "--port", "0"])
            .env("SOURCE_DATE_EPOCH", TODAY_EPOCH)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start warroom serve");
        let stderr = Arc::new(Mutex::new(String::new()));
        let pipe = child.stderr.take().unwrap();
        let sink = Arc::clone(&stderr);
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                let mut all = sink.lock().unwrap();
                all.push_str(&line);
                all.push('\n');
            }
        });
        let mut server = Server { child, addr: String::new(), stderr, _site: site };
        let started = Instant::now();
        loop {
            let text = server.stderr();
            if let Some(rest) = text.split("serving at http://").nth(1) {
                server.addr = rest.split('/').next().unwrap().to_string();
                return server;
            }
            if started.elapsed() > WAIT * 2 {
                panic!("the server printed no address:\n{text}");
            }
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!("the server exited with {status}:\n{text}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn root(&self) -> &Path {
        self._site.path()
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    fn get(&self, path: &str) -> Response {
        request(&self.addr, "GET", path)
    }

    /// Fetches `path` until `ok` holds for the response, for up to [`WAIT`].
    fn wait_for(&self, path: &str, what: &str, ok: impl Fn(&Response) -> bool) -> Response {
        let started = Instant::now();
        loop {
            let resp = self.get(path);
            if ok(&resp) {
                return resp;
            }
            if started.elapsed() > WAIT {
                panic!("{path} never showed {what}; last response:\n{}\nserver said:\n{}", resp.body, self.stderr());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Rewrites a file of the site through `edit`.
fn edit(root: &Path, file: &str, edit: impl FnOnce(String) -> String) {
    let path = root.join(file);
    let text = fs::read_to_string(&path).unwrap();
    let changed = edit(text.clone());
    assert_ne!(text, changed, "the edit of {file} changed nothing");
    fs::write(&path, changed).unwrap();
}

#[derive(Debug)]
struct Response {
    status: u16,
    /// Header block, names lowercased.
    headers: String,
    body: String,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.lines().find_map(|l| l.strip_prefix(&format!("{name}: ")))
    }
}

/// One HTTP/1.1 request on a fresh connection (`Connection: close`).
fn request(addr: &str, method: &str, path: &str) -> Response {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(WAIT)).unwrap();
    write!(stream, "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read the response");
    let raw = String::from_utf8_lossy(&raw).to_string();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let headers = head.lines().skip(1).map(|l| l.to_ascii_lowercase()).collect::<Vec<_>>().join("\n");
    let body = if headers.contains("transfer-encoding: chunked") { dechunk(body) } else { body.to_string() };
    Response { status, headers, body }
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if size == 0 || rest.len() < size {
            break;
        }
        out.push_str(&rest[..size]);
        body = rest[size..].trim_start_matches("\r\n");
    }
    out
}

/// A subscription to the live-reload events.
struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    fn open(addr: &str) -> Events {
        let mut stream = TcpStream::connect(addr).expect("connect");
        stream.set_read_timeout(Some(WAIT)).unwrap();
        write!(stream, "GET /__warroom/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n").unwrap();
        Events { reader: BufReader::new(stream) }
    }

    /// The generation announced by the next `reload` event.
    fn next(&mut self) -> u64 {
        let mut line = String::new();
        loop {
            line.clear();
            let n = self.reader.read_line(&mut line).expect("an event within the wait");
            assert!(n > 0, "the event stream closed");
            if let Some(data) = line.trim_end().strip_prefix("data: ") {
                return data.parse().expect("a generation number");
            }
        }
    }
}

#[test]
fn serves_pages_with_the_reload_script_and_refuses_everything_else() {
    let server = Server::start("basic", |_| {});

    let home = server.get("/");
    assert_eq!(home.status, 200, "{home:?}");
    assert_eq!(home.header("content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(home.header("cache-control"), Some("no-store"));
    assert!(home.body.contains("Fixture handbook"), "{}", home.body);
    assert!(home.body.contains("/__warroom/events"), "no reload script: {}", home.body);
    let script = home.body.find("/__warroom/events").unwrap();
    assert!(script < home.body.rfind("</body>").unwrap(), "the script must sit before </body>");
    assert!(!home.body.contains("warroom-overlay"));

    let incident = server.get("/incidents/inc-1.html");
    assert_eq!(incident.status, 200);
    assert!(incident.body.contains("Queue backlog across midnight"), "{}", incident.body);
    assert!(incident.body.contains("/__warroom/events"));
    assert_eq!(server.get("/incidents/").status, 200);
    let folder = server.get("/incidents");
    assert_eq!((folder.status, folder.header("location")), (308, Some("/incidents/")));

    let draft = server.get("/incidents/2024-05-01-draft.html");
    assert_eq!(draft.status, 200, "drafts are previewed");
    assert!(draft.body.contains("An unfinished draft"));

    let vcard = server.get("/contacts/oncall.vcf");
    assert_eq!(vcard.header("content-type"), Some("text/vcard; charset=utf-8"));
    assert!(vcard.body.starts_with("BEGIN:VCARD") && !vcard.body.contains("__warroom"));
    assert_eq!(server.get("/style.css").header("content-type"), Some("text/css; charset=utf-8"));
    assert_eq!(server.get("/incidents.json").header("content-type"), Some("application/json"));

    let head = request(&server.addr, "HEAD", "/");
    assert_eq!(head.status, 200);
    assert_eq!(head.body, "");
    let length: usize = head.header("content-length").expect("HEAD announces the length").parse().unwrap();
    assert_eq!(length, home.body.len());

    let post = request(&server.addr, "POST", "/");
    assert_eq!(post.status, 405);
    assert_eq!(post.header("allow"), Some("get, head"));
    assert_eq!(request(&server.addr, "DELETE", "/index.html").status, 405);

    for path in ["/../Cargo.toml", "/%2e%2e/warroom.yaml", "/..%2fwarroom.yaml", "/incidents/..%2F..%2Fwarroom.yaml"] {
        let refused = server.get(path);
        assert!(matches!(refused.status, 400 | 404), "{path} gave {}", refused.status);
        assert!(!refused.body.contains("Fixture handbook") && !refused.body.contains("title:"), "{path} leaked");
    }
    assert_eq!(server.get("/warroom.yaml").status, 404);
    assert_eq!(server.get("/nope.html").status, 404);

    assert!(!server.root().join("public").exists(), "serve must not write public/");
    assert!(server.stderr().contains("built "), "{}", server.stderr());
}

#[test]
fn an_edit_shows_up_and_announces_a_new_generation() {
    let server = Server::start("basic", |_| {});
    let mut events = Events::open(&server.addr);
    let first = events.next();

    edit(server.root(), INCIDENT, |t| t.replace("title: Queue backlog across midnight", "title: Renamed backlog"));
    let page = server.wait_for("/incidents/inc-1.html", "the new title", |r| r.body.contains("Renamed backlog"));
    assert_eq!(page.status, 200);
    let next = events.next();
    assert!(next > first, "generation {next} after {first}");
    assert!(server.stderr().contains(&format!("changed: {INCIDENT}")), "{}", server.stderr());
}

/// Regression: the build reads every source, and the watcher once took those
/// reads for edits, rebuilding in a loop.
#[test]
fn building_does_not_wake_the_watcher() {
    let server = Server::start("basic", |_| {});
    let mut events = Events::open(&server.addr);
    assert_eq!(events.next(), 1);
    server.get("/");
    events.reader.get_ref().set_read_timeout(Some(Duration::from_millis(1500))).unwrap();
    let mut line = String::new();
    let quiet = loop {
        line.clear();
        match events.reader.read_line(&mut line) {
            Err(e) => break matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut),
            Ok(0) => break false,
            Ok(_) if line.starts_with("data: ") => break false,
            Ok(_) => {}
        }
    };
    assert!(quiet, "a new generation without an edit: {line:?}\n{}", server.stderr());
    assert_eq!(server.stderr().matches("built ").count(), 1, "{}", server.stderr());
}

#[test]
fn a_broken_file_shows_the_overlay_until_it_is_fixed() {
    let server = Server::start("basic", |_| {});
    let good = server.get("/incidents/inc-1.html");
    assert!(!good.body.contains("warroom-overlay"));

    edit(server.root(), INCIDENT, |t| t.replace("severity: SEV2\n", ""));
    let broken = server.wait_for("/incidents/inc-1.html", "the overlay", |r| r.body.contains("warroom-overlay"));
    assert_eq!(broken.status, 200, "the last good build stays up");
    assert!(broken.body.contains("Queue backlog across midnight"), "{}", broken.body);
    assert!(broken.body.contains(INCIDENT), "the overlay names the file: {}", broken.body);
    assert!(broken.body.contains("[missing-field]"), "the overlay names the rule: {}", broken.body);
    assert!(server.get("/").body.contains("warroom-overlay"), "every page shows it");
    assert!(server.stderr().contains("missing-field"), "the terminal shows it too:\n{}", server.stderr());

    edit(server.root(), INCIDENT, |t| t.replace("status: final\n", "severity: SEV2\nstatus: final\n"));
    let fixed = server.wait_for("/incidents/inc-1.html", "no overlay", |r| !r.body.contains("warroom-overlay"));
    assert_eq!(fixed.status, 200);
    assert!(fixed.body.contains("/__warroom/events"));
}

#[test]
fn a_site_that_never_built_is_served_as_an_error_page_until_it_builds() {
    let server = Server::start("basic", |root| {
        fs::write(root.join("warroom.yaml"), "title: Fixture handbook\ntimezone: Europe/Berlin\nseverities: SEV1\n")
            .unwrap();
    });
    let broken = server.get("/");
    assert_eq!(broken.status, 503, "{broken:?}");
    assert!(broken.body.contains("warroom-overlay") && broken.body.contains("severities"), "{}", broken.body);
    assert!(broken.body.contains("/__warroom/events"));

    let good = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/build/basic/warroom.yaml");
    fs::write(server.root().join("warroom.yaml"), fs::read_to_string(good).unwrap()).unwrap();
    let fixed = server.wait_for("/", "the site", |r| r.status == 200);
    assert!(fixed.body.contains("Fixture handbook") && !fixed.body.contains("warroom-overlay"));
}

#[test]
fn a_busy_port_is_a_clear_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let site = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/build/basic");
    let mut child = Command::new(env!("CARGO_BIN_EXE_warroom"))
        .args(["--root", site.to_str().unwrap(), "serve", "--port", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > WAIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("warroom serve kept running on a busy port");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    assert_eq!(status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(&format!("port {port} is in use; try `warroom serve --port {}`", port + 1)), "{stderr}");
}

#[test]
fn built_pages_carry_no_reload_script() {
    let site = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/build/basic");
    let out = tempfile::tempdir().unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_warroom"))
        .args(["--root", site.to_str().unwrap(), "--quiet", "build", "--today", "2026-11-22", "--out"])
        .arg(out.path())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    for entry in walkdir::WalkDir::new(out.path()).into_iter().map(Result::unwrap) {
        if entry.file_type().is_file() {
            let text = String::from_utf8_lossy(&fs::read(entry.path()).unwrap()).to_string();
            assert!(!text.contains("__warroom"), "{} carries the reload script", entry.path().display());
        }
    }
}

#[test]
fn an_edit_of_one_incident_is_read_alone_and_its_page_rendered_on_request() {
    let server = Server::start("basic", |_| {});
    assert!(server.get("/").body.contains("Queue backlog across midnight"));

    edit(server.root(), INCIDENT, |t| t.replace("title: Queue backlog across midnight", "title: Renamed in place"));
    let page = server.wait_for("/incidents/inc-1.html", "the new title", |r| r.body.contains("Renamed in place"));
    assert_eq!(page.status, 200);
    assert!(page.body.contains("/__warroom/events") && !page.body.contains("warroom-overlay"));
    let said = server.stderr();
    assert!(said.contains("read 1 changed file(s) again"), "not the incremental path:\n{said}");
    assert_eq!(said.matches("built ").count(), 1, "a full rebuild ran:\n{said}");
    // Pages other than the document's own come from a full render on request.
    let home = server.get("/");
    assert!(home.body.contains("Renamed in place"), "{}", home.body);
    assert_eq!(server.get("/incidents.json").status, 200);
    assert_eq!(server.get("/nope.html").status, 404);
}

/// Every file `warroom build --drafts` writes for the site as it is now,
/// by path.
fn built_files(root: &Path) -> Vec<(String, Vec<u8>)> {
    let out = tempfile::tempdir().unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_warroom"))
        .args(["--root", root.to_str().unwrap(), "--color", "never", "build", "--drafts"])
        .args(["--out", out.path().join("site").to_str().unwrap()])
        .env("SOURCE_DATE_EPOCH", TODAY_EPOCH)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "warroom build failed");
    common::all_files(&out.path().join("site")).into_iter().collect()
}

/// Asserts every file of a build is served, the same bytes but for the
/// reload script the server adds to HTML pages.
fn assert_served_as_built(server: &Server, when: &str) {
    let built = built_files(server.root());
    assert!(built.iter().any(|(p, _)| p == "incidents/index.html"), "{when}: no history page built");
    // The marker that tells `build` the folder is its own is no page.
    for (path, bytes) in built.into_iter().filter(|(p, _)| p != ".warroom-output") {
        let resp = server.get(&format!("/{path}"));
        assert_eq!(resp.status, 200, "{when}: /{path} is not served");
        let built = String::from_utf8_lossy(&bytes);
        if path.ends_with(".html") {
            let at = built.rfind("</body>").unwrap_or(built.len());
            let ok = resp.body.starts_with(&built[..at]) && resp.body.ends_with(&built[at..]);
            assert!(ok, "{when}: /{path} differs from the built file");
        } else {
            assert_eq!(resp.body, built, "{when}: /{path} differs from the built file");
        }
    }
}

#[test]
fn after_an_edit_a_new_file_and_a_deletion_every_served_file_equals_the_build() {
    let server = Server::start("basic", |_| {});
    assert_served_as_built(&server, "at start");

    edit(server.root(), INCIDENT, |t| {
        t.replace("title: Queue backlog across midnight", "title: Renamed in place")
            .replace("severity: SEV2", "severity: SEV1")
    });
    server.wait_for("/incidents/index.html", "the new title", |r| r.body.contains("Renamed in place"));
    assert_served_as_built(&server, "after an edit");

    // An edit of what lists group incidents by (a tag, an item's status and
    // owner, the date that orders the history) regroups every list.
    edit(server.root(), INCIDENT, |t| {
        t.replace("tags: [capacity]", "tags: [capacity, regrouped]")
            .replace("| Move the batch job | @ada | 2099-01-01 |", "| Move the batch job | @cy | 2099-02-01 |")
            .replace(
                "| Add a lock alert | @bo | 2024-04-01 | | done |",
                "| Add a lock alert | @bo | 2024-04-01 | | open |",
            )
    });
    server.wait_for("/tags/regrouped.html", "the new tag", |r| r.status == 200);
    assert_served_as_built(&server, "after regrouping");

    let new = fs::read_to_string(server.root().join(INCIDENT))
        .unwrap()
        .replace("id: INC-1", "id: INC-9")
        .replace("title: Renamed in place", "title: Added while serving")
        .replace("date: 2024-03-30", "date: 2025-02-01")
        .replace("2024-03-31 01:50", "2025-02-02 01:50");
    fs::write(server.root().join("content/incidents/2025-02-01-added.md"), new).unwrap();
    server.wait_for("/services/queue.html", "the new incident", |r| r.body.contains("Added while serving"));
    assert_served_as_built(&server, "after a new file");

    fs::remove_file(server.root().join("content/incidents/2025-02-01-added.md")).unwrap();
    server.wait_for("/incidents/index.html", "the deletion", |r| !r.body.contains("Added while serving"));
    assert_eq!(server.get("/incidents/2025.html").status, 404, "the emptied year's page is still served");
    assert_served_as_built(&server, "after a deletion");
    let said = server.stderr();
    assert_eq!(said.matches("built ").count(), 1, "a full rebuild ran:\n{said}");
}
