//! How fast `warroom serve` shows an edit, measured from the save, through
//! the file watcher, the way a browser sees it.
//!
//! ```text
//! cargo build --release --bin warroom --example gen_site --example serve_bench
//! target/release/examples/gen_site --incidents 10000 --out /tmp/site
//! target/release/examples/serve_bench /tmp/site
//! ```
//!
//! Starts `target/release/warroom serve` on the site, then three times
//! changes the title and severity of the newest incident and saves it. From
//! the moment of each save it polls, in parallel, the pages that show that
//! incident (its own page, the home page, the history, the action-item page
//! listing its open item, the stats page and its service's page) until each
//! answers with the change, and listens to the live-reload events to time
//! when an open page would reload. It then adds a new incident file and times
//! until the history lists it. Prints each time and the medians. The site's
//! files are put back as they were at the end.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(30);

fn main() -> ExitCode {
    let Some(root) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: serve_bench SITE_DIR");
        return ExitCode::from(2);
    };
    match run(&root) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// The server, killed on drop.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// One GET over HTTP/1.0 (no chunking): status and body.
fn get(addr: &str, path: &str) -> anyhow::Result<(u16, String)> {
    let mut s = TcpStream::connect(addr)?;
    write!(s, "GET /{path} HTTP/1.0\r\nHost: {addr}\r\n\r\n")?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw)?;
    let text = String::from_utf8_lossy(&raw);
    let status = text.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let body = text.split_once("\r\n\r\n").map_or("", |(_, b)| b).to_string();
    Ok((status, body))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Polls `path` until `ok` holds; the time from `since`.
fn until(addr: &str, path: &str, since: Instant, ok: impl Fn(&str) -> bool) -> anyhow::Result<Duration> {
    loop {
        let (status, body) = get(addr, path)?;
        if status == 200 && ok(&body) {
            return Ok(since.elapsed());
        }
        anyhow::ensure!(since.elapsed() < TIMEOUT, "/{path} never showed the change");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// The first of `paths` (each followed by its `.page-N` pages) whose body holds `needle`.
fn page_with(addr: &str, bases: &[String], needle: &str) -> anyhow::Result<String> {
    for base in bases {
        for n in 1.. {
            let path = if n == 1 { base.clone() } else { base.replace(".html", &format!(".page-{n}.html")) };
            let (status, body) = get(addr, &path)?;
            if status != 200 {
                break;
            }
            if body.contains(needle) {
                return Ok(path);
            }
        }
    }
    anyhow::bail!("no page among {bases:?} shows {needle}")
}

/// `text` with the front matter fields named set to new values.
fn with_fields(text: &str, fields: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    for line in text.lines() {
        match fields.iter().find(|(k, _)| line.strip_prefix(k).is_some_and(|r| r.starts_with(':'))) {
            Some((k, v)) => out.push_str(&format!("{k}: {v}")),
            None => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

fn run(root: &Path) -> anyhow::Result<()> {
    let exe = std::env::current_exe()?;
    let bin = exe.parent().and_then(Path::parent).map(|d| d.join("warroom")).filter(|p| p.is_file());
    let bin = bin.ok_or_else(|| anyhow::anyhow!("build the server first: cargo build --release --bin warroom"))?;

    // The newest incident, its service and its first open action item's month.
    let loaded = warroom::site::load(root)?;
    let (file, url, service, due) = loaded
        .lib
        .docs
        .iter()
        .filter_map(|d| {
            let pm = d.postmortem()?;
            let item = pm.action_items.iter().find(|a| !a.done)?;
            Some((pm.date?, d.id.clone(), d, item))
        })
        .max_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)))
        .map(|(_, _, d, item)| {
            let pm = d.postmortem().expect("an incident");
            let service = pm.services.first().map(|s| warroom::slug::slugify(s)).unwrap_or_default();
            let due = item.due.map(|d| d.format("%Y-%m").to_string()).unwrap_or_else(|| "no-date".into());
            (d.file.clone(), d.url.clone(), service, due)
        })
        .ok_or_else(|| anyhow::anyhow!("the site has no incident with an open action item"))?;
    drop(loaded);
    let path = root.join(&file);
    let original = std::fs::read_to_string(&path)?;

    let t = Instant::now();
    let mut child = Command::new(&bin)
        .args(["--root", root.to_str().unwrap_or("."), "--color", "never", "serve", "--port", "0"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()?;
    let stderr = child.stderr.take().expect("piped stderr");
    let _server = Server(child);
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let addr = loop {
        let line = rx.recv_timeout(TIMEOUT)?;
        if let Some(rest) = line.split("serving at http://").nth(1) {
            break rest.split('/').next().unwrap_or("").to_string();
        }
    };
    until(&addr, "index.html", t, |_| true)?;
    println!("server up, first page served: {:.0} ms", ms(t.elapsed()));
    // The server's own account of each rebuild, shown as it comes.
    std::thread::spawn(move || {
        while let Ok(line) = rx.recv() {
            if !line.starts_with("changed:") {
                println!("  server: {line}");
            }
        }
    });

    let actions = page_with(&addr, &["action-items.html".into(), format!("action-items-{due}.html")], &url)?;
    let pages: Vec<String> = vec![
        url.clone(),
        "index.html".into(),
        "incidents/index.html".into(),
        actions,
        "stats.html".into(),
        format!("services/{service}.html"),
    ];

    // Live-reload events: each `data:` line is a new generation.
    let (events_tx, events_rx) = mpsc::channel::<Instant>();
    {
        let addr = addr.clone();
        std::thread::spawn(move || -> anyhow::Result<()> {
            let mut s = TcpStream::connect(&addr)?;
            write!(s, "GET /__warroom/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n")?;
            for line in BufReader::new(s).lines() {
                if line?.contains("data:") {
                    let _ = events_tx.send(Instant::now());
                }
            }
            Ok(())
        });
    }
    std::thread::sleep(Duration::from_millis(300));
    while events_rx.try_recv().is_ok() {}

    let mut per_page: Vec<Vec<f64>> = vec![Vec::new(); pages.len()];
    let mut reloads = Vec::new();
    let result = (|| -> anyhow::Result<()> {
        for round in 1..=3 {
            let before: Vec<String> = pages.iter().map(|p| get(&addr, p).map(|r| r.1)).collect::<Result<_, _>>()?;
            let title = format!("Edited for the serve benchmark, round {round}");
            let sev = ["SEV1", "SEV3", "SEV2"][round - 1];
            let edited = with_fields(&original, &[("title", &title), ("severity", sev)]);
            std::fs::write(&path, edited)?;
            let saved = Instant::now();
            // Polling hundreds of big pages a second would slow the server
            // it measures: wait for the reload event, which comes once the
            // change is published, then ask for each page as a browser would.
            let event = events_rx.recv_timeout(TIMEOUT)?;
            let reload = event.saturating_duration_since(saved);
            let times: Vec<anyhow::Result<Duration>> = std::thread::scope(|s| {
                let handles: Vec<_> = pages
                    .iter()
                    .zip(&before)
                    .map(|(p, old)| {
                        let (addr, title) = (&addr, &title);
                        s.spawn(move || {
                            until(addr, p, saved, |b| b != old && (p == "stats.html" || b.contains(title.as_str())))
                        })
                    })
                    .collect();
                handles.into_iter().map(|h| h.join().expect("a poller")).collect()
            });
            // An open page reloads on the event and asks for itself again.
            let fetched = Instant::now();
            get(&addr, &pages[0])?;
            let repaint = reload + fetched.elapsed();
            reloads.push(ms(repaint));
            print!("edit {round}: reload event {:.0} ms, + page fetch {:.0} ms;", ms(reload), ms(repaint));
            for ((p, t), all) in pages.iter().zip(times).zip(per_page.iter_mut()) {
                let t = ms(t?);
                all.push(t);
                print!(" {p} {t:.0} ms;");
            }
            println!();
            std::thread::sleep(Duration::from_millis(400));
            while events_rx.try_recv().is_ok() {}
        }
        println!("medians from the save:");
        for (p, all) in pages.iter().zip(&per_page) {
            println!("  {p}: {:.0} ms", median(all.clone()));
        }
        println!("  open page reloaded with the change: {:.0} ms", median(reloads.clone()));

        // A new file.
        let new_file = path.with_file_name("serve-bench-new-incident.md");
        let new_text = with_fields(&original, &[("title", "Added by the serve benchmark"), ("id", "SERVE-BENCH-NEW")]);
        std::fs::write(&new_file, new_text)?;
        let saved = Instant::now();
        events_rx.recv_timeout(TIMEOUT)?;
        let shown = until(&addr, "incidents/index.html", saved, |b| b.contains("Added by the serve benchmark"));
        std::fs::remove_file(&new_file)?;
        println!("new file listed in the history: {:.0} ms", ms(shown?));
        Ok(())
    })();
    std::fs::write(&path, &original)?;
    result
}
