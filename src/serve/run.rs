//! The server's life: bind, first build, watch, serve, stop on Ctrl-C.
//!
//! The port is bound before the first build so a busy port fails at once;
//! connections wait in the listen queue until the first build is published.
//! Ctrl-C (or SIGTERM) stops accepting, ends the live-reload streams and lets
//! open requests finish for up to three seconds. [`Terminal`] is the one place
//! that prints what a rebuild found.

use std::io::IsTerminal;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::process::{ExitCode, Stdio};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{bail, Context as _};
use tokio::sync::watch;

use super::http::{self, Served};
use super::state::{self, SiteState};
use super::watch::Watcher;
use super::Options;
use crate::diagnostic::Diagnostic;

/// How long open connections may take to finish after Ctrl-C.
const GRACE: Duration = Duration::from_secs(3);

pub(super) fn run(opts: &Options) -> anyhow::Result<ExitCode> {
    let ip = parse_bind(&opts.bind)?;
    // Watch events carry the path as watched: use the real one.
    let root = std::fs::canonicalize(&opts.root).unwrap_or_else(|_| opts.root.clone());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the server's runtime")?;
    let listener = runtime.block_on(bind(SocketAddr::new(ip, opts.port)))?;
    let bound = listener.local_addr().context("cannot read the address the server listens on")?;

    // Listen for Ctrl-C before the first build, so it stops cleanly then too.
    let (stop_tx, stop_rx) = watch::channel(false);
    runtime.spawn(async move {
        stop_signal().await;
        stop_tx.send_replace(true);
    });
    let site = Arc::new(SiteState::new(stop_rx.clone()));
    let color = opts.color && std::io::stderr().is_terminal();
    let builder = state::Builder::new(&root, color, opts.today)?;
    let mut terminal = Terminal::new(Arc::clone(&site), builder, opts.quiet);
    let watcher = match Watcher::start(&root) {
        Ok(w) => Some(w),
        Err(err) => {
            eprintln!("warning: {err:#}; edits will not show until you restart `warroom serve`");
            None
        }
    };
    terminal.rebuild(&[]);
    if let Some(watcher) = watcher {
        watcher.spawn(terminal)?;
    }

    if !ip.is_loopback() {
        eprintln!(
            "warning: listening on {ip}, so other machines can read these incidents; \
             drop `--bind` to keep the preview on this machine"
        );
    }
    let url = format!("http://{bound}/");
    let local_url = if ip.is_unspecified() {
        let local = SocketAddr::new(
            if ip.is_ipv4() { Ipv4Addr::LOCALHOST.into() } else { Ipv6Addr::LOCALHOST.into() },
            bound.port(),
        );
        eprintln!("serving at {url} (on this machine: http://{local}/)");
        format!("http://{local}/")
    } else {
        eprintln!("serving at {url}");
        url
    };
    if !opts.quiet {
        eprintln!("watching content/, templates/, themes/, static/ and warroom.yaml; press Ctrl-C to stop");
    }
    if opts.open {
        open_browser(&local_url);
    }

    let served = Served { site, local_only: ip.is_loopback() };
    let result = runtime.block_on(serve(listener, served, stop_rx));
    runtime.shutdown_timeout(Duration::from_secs(1));
    result?;
    if !opts.quiet {
        eprintln!("stopped");
    }
    Ok(ExitCode::SUCCESS)
}

/// `--bind`: an IP address, or `localhost`.
fn parse_bind(bind: &str) -> anyhow::Result<IpAddr> {
    if bind.eq_ignore_ascii_case("localhost") {
        return Ok(IpAddr::V4(Ipv4Addr::LOCALHOST));
    }
    bind.trim_matches(['[', ']']).parse().map_err(|_| {
        anyhow::anyhow!("`--bind {bind}` is not an IP address; write e.g. `--bind 127.0.0.1` or `--bind 0.0.0.0`")
    })
}

async fn bind(addr: SocketAddr) -> anyhow::Result<tokio::net::TcpListener> {
    match tokio::net::TcpListener::bind(addr).await {
        Ok(listener) => Ok(listener),
        Err(err) if err.kind() == std::io::ErrorKind::AddrInUse => {
            let next = addr.port().checked_add(1).unwrap_or(0);
            bail!("port {} is in use; try `warroom serve --port {next}`", addr.port())
        }
        Err(err) => Err(err).with_context(|| format!("cannot listen on {addr}; check `--bind` and `--port`")),
    }
}

/// Serves until Ctrl-C, then stops within [`GRACE`].
async fn serve(
    listener: tokio::net::TcpListener,
    served: Served,
    stop_rx: watch::Receiver<bool>,
) -> anyhow::Result<()> {
    let stopping = |mut rx: watch::Receiver<bool>| async move {
        // An error means the sender is gone, which happens only once stopping.
        let _ = rx.wait_for(|stop| *stop).await;
    };
    let server = axum::serve(listener, http::router(served)).with_graceful_shutdown(stopping(stop_rx.clone()));
    let deadline = async {
        stopping(stop_rx).await;
        tokio::time::sleep(GRACE).await;
    };
    tokio::select! {
        result = async { server.await } => result.context("the server failed"),
        () = deadline => {
            eprintln!("warning: some connections were still open after {} s; stopping anyway", GRACE.as_secs());
            Ok(())
        }
    }
}

/// Ctrl-C, or SIGTERM on Unix.
async fn stop_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            // No handler could be installed: the default one still ends the process.
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut sig) => {
                sig.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
}

/// Opens the default browser, if the platform's opener is there; failure is ignored.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    let spawned = std::process::Command::new(opener)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    if let Ok(mut child) = spawned {
        // Reap it so it leaves no zombie behind.
        std::thread::spawn(move || child.wait());
    }
}

/// Runs rebuilds, publishes them and prints what they found.
pub(crate) struct Terminal {
    site: Arc<SiteState>,
    builder: state::Builder,
    quiet: bool,
    /// The findings printed last, so unchanged warnings are not repeated.
    last: Option<Vec<Diagnostic>>,
}

impl Terminal {
    fn new(site: Arc<SiteState>, builder: state::Builder, quiet: bool) -> Terminal {
        Terminal { site, builder, quiet, last: None }
    }

    /// Rebuilds the site after `changed` (paths from the root; empty for the
    /// first build) and publishes the result.
    pub fn rebuild(&mut self, changed: &[String]) {
        if !self.quiet && !changed.is_empty() {
            const SHOWN: usize = 5;
            let more = changed.len().saturating_sub(SHOWN);
            let more = if more > 0 { format!(" and {more} more") } else { String::new() };
            eprintln!("changed: {}{more}", changed[..changed.len().min(SHOWN)].join(", "));
        }
        let rebuilt = self.builder.rebuild(changed);
        if rebuilt.unchanged {
            return;
        }
        let failed = rebuilt.built.is_err();
        if failed || self.last.as_ref() != Some(&rebuilt.diagnostics) {
            eprint!("{}", rebuilt.report);
        }
        match (&rebuilt.built, rebuilt.updated) {
            (Ok(_), Some(n)) if !self.quiet => {
                eprintln!("read {n} changed file(s) again in {} ms; pages render when asked for", rebuilt.millis);
            }
            (Ok(_), None) if !self.quiet => eprintln!("built the site in memory in {} ms", rebuilt.millis),
            (Ok(_), _) => {}
            (Err(problems), _) => {
                let keep = if self.site.snapshot().build.is_some() {
                    "still serving the last good build"
                } else {
                    "nothing to serve until it builds"
                };
                eprintln!(
                    "error: the site did not build ({} error(s)); {keep}, with the errors shown on every page",
                    problems.len()
                );
            }
        }
        self.last = Some(rebuilt.diagnostics);
        self.site.publish(rebuilt.built);
        // Off the path of the pages of an edit; at once after a full build,
        // which no open page is waiting for.
        self.builder.keep_copy(rebuilt.updated.is_some());
    }

    /// Reports watcher errors (a rebuild follows, in case events were lost).
    pub fn watch_failed(&self, failures: &[String]) {
        for failure in failures {
            eprintln!("warning: file watcher: {failure}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bind_takes_ip_addresses_and_localhost() {
        assert_eq!(parse_bind("localhost").unwrap(), IpAddr::V4(Ipv4Addr::LOCALHOST));
        assert_eq!(parse_bind("0.0.0.0").unwrap().to_string(), "0.0.0.0");
        assert_eq!(parse_bind("[::1]").unwrap().to_string(), "::1");
        let err = parse_bind("example.org").unwrap_err().to_string();
        assert!(err.contains("`--bind example.org` is not an IP address"), "{err}");
    }

    #[test]
    fn a_busy_port_names_the_next_one() {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            let taken = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let addr = taken.local_addr().unwrap();
            let err = bind(addr).await.unwrap_err().to_string();
            assert_eq!(err, format!("port {} is in use; try `warroom serve --port {}`", addr.port(), addr.port() + 1));
        });
    }
}
