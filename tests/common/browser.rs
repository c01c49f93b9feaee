//! A headless Chromium driven over the DevTools protocol through a pipe
//! (`--remote-debugging-pipe`: JSON messages ending in NUL on file
//! descriptors 3 and 4), shared by the browser test binaries, and the loud
//! skip when Chromium or poppler is missing (a failure under
//! `WARROOM_REQUIRE_BROWSER=1`).

use std::io::{BufRead, BufReader, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

pub const SKIP_HINT: &str = "apt-get install chromium poppler-utils";
/// A browser answer or page state that takes longer than this has hung.
pub const TIMEOUT: Duration = Duration::from_secs(60);

// ---------------------------------------------------------------------------
// Tools and the site
// ---------------------------------------------------------------------------

pub fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|d| d.join(name)).find(|p| p.is_file())
}

/// `tool` found by `find`, or `None` after a loud skip message (a panic
/// under `WARROOM_REQUIRE_BROWSER=1`).
pub fn require(tool: &str, found: Option<PathBuf>) -> Option<PathBuf> {
    if found.is_some() {
        return found;
    }
    let message = format!("SKIPPED: {tool} not found ({SKIP_HINT})");
    if std::env::var("WARROOM_REQUIRE_BROWSER").as_deref() == Ok("1") {
        panic!("{message}, and WARROOM_REQUIRE_BROWSER=1 requires it");
    }
    let banner = "*".repeat(72);
    let _ = writeln!(std::io::stderr().lock(), "\n{banner}\n  {message}\n{banner}\n");
    None
}

pub fn chromium() -> Option<PathBuf> {
    require("chromium", std::env::var_os("WARROOM_BROWSER").map(PathBuf::from).or_else(warroom::pdf::find_browser))
}

// ---------------------------------------------------------------------------
// The DevTools protocol over a pipe
// ---------------------------------------------------------------------------

/// A headless Chromium driven over `--remote-debugging-pipe`, attached to one
/// page. Dropping it stops the browser.
pub struct Browser {
    child: Child,
    to: ChildStdin,
    from: Receiver<Value>,
    next: u64,
    session: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts Chromium with a private profile and opens a blank page.
    pub fn start(chromium: &Path) -> Browser {
        let profile = tempfile::tempdir().unwrap();
        // The protocol runs on fds 3 (to the browser) and 4 (from it): the
        // shell hands our stdin and stdout pipes over as those.
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(r#"exec "$0" "$@" 3<&0 4>&1 0</dev/null 1>/dev/null"#)
            .arg(chromium)
            .args(warroom::pdf::headless_args(profile.path()))
            .args(["--remote-debugging-pipe", "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start `{}`: {e}", chromium.display()));
        let to = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            let mut buf = Vec::new();
            while reader.read_until(0, &mut buf).map(|n| n > 0).unwrap_or(false) {
                if buf.last() == Some(&0) {
                    buf.pop();
                }
                if let Ok(v) = serde_json::from_slice::<Value>(&buf) {
                    if tx.send(v).is_err() {
                        return;
                    }
                }
                buf.clear();
            }
        });
        let mut b = Browser { child, to, from: rx, next: 0, session: String::new(), _profile: profile };
        let target = b.call("Target.createTarget", json!({ "url": "about:blank" }));
        let target_id = target["targetId"].as_str().expect("a target id").to_string();
        let attached = b.call("Target.attachToTarget", json!({ "targetId": target_id, "flatten": true }));
        b.session = attached["sessionId"].as_str().expect("a session id").to_string();
        b
    }

    /// Sends a command (to the page once attached) and waits for its result.
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        self.try_call(method, params).unwrap_or_else(|e| panic!("{method} failed: {e}"))
    }

    /// [`Browser::call`], with the protocol's error as `Err`.
    pub fn try_call(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        self.next += 1;
        let id = self.next;
        let mut msg = json!({ "id": id, "method": method, "params": params });
        if !self.session.is_empty() {
            msg["sessionId"] = json!(self.session);
        }
        let mut bytes = serde_json::to_vec(&msg).unwrap();
        bytes.push(0);
        self.to.write_all(&bytes).and_then(|_| self.to.flush()).expect("the browser takes commands");
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let v = self.from.recv_timeout(left).unwrap_or_else(|_| panic!("no answer to {method} within {TIMEOUT:?}"));
            if v["id"] == json!(id) {
                return match v.get("error") {
                    Some(e) => Err(e.clone()),
                    None => Ok(v["result"].clone()),
                };
            }
        }
    }

    /// Evaluates JavaScript in the page: its value, or `Err` with the
    /// exception (or the protocol error while a page is being replaced).
    pub fn try_eval(&mut self, expression: &str) -> Result<Value, Value> {
        let r = self.try_call(
            "Runtime.evaluate",
            json!({ "expression": expression, "returnByValue": true, "awaitPromise": true, "userGesture": true }),
        )?;
        match r.get("exceptionDetails") {
            Some(e) => Err(e.clone()),
            None => Ok(r["result"]["value"].clone()),
        }
    }

    /// Evaluates JavaScript in the page and returns its value.
    pub fn eval(&mut self, expression: &str) -> Value {
        self.try_eval(expression).unwrap_or_else(|e| panic!("`{expression}` failed: {e}"))
    }

    /// Waits until `expression` is true in the page (errors while a page
    /// loads count as not yet).
    pub fn wait_for(&mut self, expression: &str) {
        let deadline = Instant::now() + TIMEOUT;
        while self.try_eval(&format!("!!({expression})")) != Ok(json!(true)) {
            assert!(Instant::now() < deadline, "the page never got to `{expression}`");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Opens `url` (or reloads the page when `None`) and waits until it has
    /// loaded anew and warroom.js has run.
    pub fn load(&mut self, url: Option<&str>) {
        self.eval("window.__warroomOldPage = true");
        match url {
            Some(url) => self.call("Page.navigate", json!({ "url": url })),
            None => self.call("Page.reload", json!({})),
        };
        self.wait_for(
            "!window.__warroomOldPage && document.readyState === 'complete' && / js\\b/.test(document.documentElement.className)",
        );
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
