//! `warroom serve`: a live preview while you write a post-mortem.
//!
//! The site is built into memory (never into `public/`) and served over HTTP
//! on 127.0.0.1 unless another address is asked for. A watcher rebuilds it
//! whenever `content/`, `templates/`, `themes/`, `static/` or `warroom.yaml`
//! changes, and swaps the served files in one step; served HTML pages carry a
//! small script that reloads them when a new build is published. A bad edit
//! never stops the server: the last good build stays up with an overlay
//! listing the errors on every page until they are fixed.
//!
//! The parts: [`state`] holds the published build and runs a rebuild,
//! `page` decorates HTML (reload script, error overlay), `http` is the router,
//! `watch` the file watcher. All of it sits behind the cargo feature `serve`
//! (on by default); without it, `serve` explains how to get it and exits 2.

#[cfg(feature = "serve")]
mod http;
#[cfg(feature = "serve")]
mod page;
#[cfg(feature = "serve")]
mod run;
#[cfg(feature = "serve")]
mod state;
#[cfg(feature = "serve")]
mod watch;

use std::path::PathBuf;
use std::process::ExitCode;

/// What `warroom serve` was asked to do.
pub struct Options {
    /// The site root.
    pub root: PathBuf,
    /// Port to listen on; 0 picks a free one.
    pub port: u16,
    /// Address to listen on (`--bind`), 127.0.0.1 by default.
    pub bind: String,
    /// Open the browser once the server listens.
    pub open: bool,
    /// Colour the findings printed on the terminal.
    pub color: bool,
    /// Print only findings and errors.
    pub quiet: bool,
    /// `--today`: "now" for overdue and staleness rules.
    pub today: Option<chrono::NaiveDate>,
}

/// Builds the site into memory and serves it until Ctrl-C.
#[cfg(feature = "serve")]
pub fn run(opts: &Options) -> anyhow::Result<ExitCode> {
    run::run(opts)
}

/// Without the `serve` feature there is no server: say how to get one.
#[cfg(not(feature = "serve"))]
pub fn run(_opts: &Options) -> anyhow::Result<ExitCode> {
    anyhow::bail!(
        "this warroom was built without the `serve` feature; rebuild it with the default features \
         (or run `warroom build` and open public/index.html)"
    )
}
