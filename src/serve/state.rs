//! The served site: the last good build, the errors of the latest one, and a
//! generation number that goes up whenever what a browser sees changes.
//!
//! A rebuild runs the same pipeline as `warroom build` without the writing:
//! load → check → render into memory. Its result is published by replacing
//! one `Arc<Snapshot>` behind a lock, so a request sees either the old build
//! or the new one, never half of each.

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::path::Path;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::Instant;

use axum::body::Bytes;
use tokio::sync::watch;

use crate::check::report::{self, Format};
use crate::diagnostic::{Diagnostic, Level};
use crate::site;

/// Served files by path under the site (`incidents/index.html`).
pub(crate) type FileMap = HashMap<String, Bytes>;

/// One error shown in the browser overlay.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Problem {
    /// Path relative to the site root; empty when the error names no file.
    pub file: String,
    /// 1-based; 0 when unknown.
    pub line: usize,
    /// The rule, or what failed (`config or template`).
    pub rule: String,
    pub message: String,
}

impl Problem {
    fn from_diagnostic(d: &Diagnostic) -> Problem {
        Problem { file: d.file.clone(), line: d.line, rule: d.rule.to_string(), message: d.message.clone() }
    }

    fn from_error(err: &anyhow::Error) -> Problem {
        Problem { file: String::new(), line: 0, rule: "config or template".to_string(), message: format!("{err:#}") }
    }
}

/// What the server shows at one moment.
pub(crate) struct Snapshot {
    /// Goes up by one with every change a browser should reload for.
    pub generation: u64,
    /// The last good build; `None` until one succeeds.
    pub files: Option<Arc<FileMap>>,
    /// Errors of the latest build; empty when it succeeded.
    pub problems: Arc<Vec<Problem>>,
}

/// The state shared by the router and the watcher.
pub(crate) struct SiteState {
    current: RwLock<Arc<Snapshot>>,
    generation: watch::Sender<u64>,
    /// Turns `true` when the server is stopping (live-reload streams end).
    pub stop: watch::Receiver<bool>,
}

impl SiteState {
    /// Empty state: no build yet, generation 0.
    pub fn new(stop: watch::Receiver<bool>) -> SiteState {
        let empty = Snapshot { generation: 0, files: None, problems: Arc::new(Vec::new()) };
        SiteState { current: RwLock::new(Arc::new(empty)), generation: watch::Sender::new(0), stop }
    }

    /// The snapshot to answer a request from.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        // The lock only guards swapping one `Arc`, so a panic elsewhere while
        // it was held cannot have left it half-written: take it back.
        Arc::clone(&self.current.read().unwrap_or_else(PoisonError::into_inner))
    }

    /// Receives every new generation number.
    pub fn subscribe(&self) -> watch::Receiver<u64> {
        self.generation.subscribe()
    }

    /// Publishes a build result: new files on success, or the previous files
    /// with the new errors. Returns the new generation, or `None` when the
    /// browser would see nothing different.
    pub fn publish(&self, built: Result<FileMap, Vec<Problem>>) -> Option<u64> {
        let mut current = self.current.write().unwrap_or_else(PoisonError::into_inner);
        let (files, problems) = match built {
            Ok(files) => (Some(Arc::new(files)), Vec::new()),
            Err(problems) => (current.files.clone(), problems),
        };
        let same_files = match (&files, &current.files) {
            (Some(new), Some(old)) => Arc::ptr_eq(new, old) || new == old,
            (None, None) => true,
            _ => false,
        };
        if current.generation > 0 && same_files && *current.problems == problems {
            return None;
        }
        let generation = current.generation + 1;
        *current = Arc::new(Snapshot { generation, files, problems: Arc::new(problems) });
        drop(current);
        self.generation.send_replace(generation);
        Some(generation)
    }
}

/// The result of one rebuild, for the server and for the terminal.
pub(crate) struct Rebuild {
    /// The files, or the errors that stopped the build.
    pub built: Result<FileMap, Vec<Problem>>,
    /// Every finding (warnings too); compared between builds to print only news.
    pub diagnostics: Vec<Diagnostic>,
    /// What to print on the terminal about the findings or the failure.
    pub report: String,
    pub millis: u128,
}

/// Loads, checks and renders the site at `root` into memory, drafts included
/// (a preview is where a draft gets written). Never panics: a bug met while
/// building is reported like any other error, and the server goes on.
pub(crate) fn rebuild(root: &Path, color: bool) -> Rebuild {
    let started = Instant::now();
    std::panic::catch_unwind(AssertUnwindSafe(|| build_in_memory(root, color, started))).unwrap_or_else(|_| {
        let err = anyhow::anyhow!(
            "warroom crashed while building the site (a bug; please report it with the file you changed)"
        );
        Rebuild {
            report: format!("error: {err}\n"),
            built: Err(vec![Problem::from_error(&err)]),
            diagnostics: Vec::new(),
            millis: started.elapsed().as_millis(),
        }
    })
}

fn build_in_memory(root: &Path, color: bool, started: Instant) -> Rebuild {
    let failed = |err: anyhow::Error, diagnostics: Vec<Diagnostic>, report: String| Rebuild {
        report: format!("{report}error: {err:#}\n"),
        built: Err(vec![Problem::from_error(&err)]),
        diagnostics,
        millis: started.elapsed().as_millis(),
    };
    let today = match site::today(None) {
        Ok(today) => today,
        Err(err) => return failed(err, Vec::new(), String::new()),
    };
    let loaded = match site::load(root) {
        Ok(loaded) => loaded,
        Err(err) => return failed(err, Vec::new(), String::new()),
    };
    let diagnostics = site::check(&loaded, today, &[]);
    let report = if diagnostics.is_empty() {
        String::new()
    } else {
        let source = |file: &str| crate::commands::source_of(&loaded, file);
        report::render(&diagnostics, Format::Human, &site::files_checked(&loaded.lib), &source, color)
    };
    let errors: Vec<Problem> =
        diagnostics.iter().filter(|d| d.level == Level::Error).map(Problem::from_diagnostic).collect();
    if !errors.is_empty() {
        return Rebuild { built: Err(errors), diagnostics, report, millis: started.elapsed().as_millis() };
    }
    match site::render_files(&loaded, today, true) {
        Ok(files) => Rebuild {
            built: Ok(files.into_iter().map(|f| (f.path, Bytes::from(f.bytes))).collect()),
            diagnostics,
            report,
            millis: started.elapsed().as_millis(),
        },
        Err(err) => failed(err, diagnostics, report),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(pairs: &[(&str, &str)]) -> FileMap {
        pairs.iter().map(|(p, b)| (p.to_string(), Bytes::from(b.to_string()))).collect()
    }

    fn problem(file: &str) -> Problem {
        Problem { file: file.into(), line: 3, rule: "missing-field".into(), message: "no severity".into() }
    }

    #[test]
    fn a_failed_build_keeps_the_last_good_files_and_shows_its_errors() {
        let (_tx, rx) = watch::channel(false);
        let state = SiteState::new(rx);
        assert_eq!(state.publish(Ok(files(&[("index.html", "v1")]))), Some(1));
        assert_eq!(state.publish(Err(vec![problem("content/a.md")])), Some(2));
        let snap = state.snapshot();
        assert_eq!(snap.files.as_ref().and_then(|f| f.get("index.html")).map(|b| &b[..]), Some(&b"v1"[..]));
        assert_eq!(snap.problems.len(), 1);
        assert_eq!(state.publish(Ok(files(&[("index.html", "v2")]))), Some(3));
        assert!(state.snapshot().problems.is_empty());
        assert_eq!(*state.subscribe().borrow(), 3);
    }

    #[test]
    fn an_unchanged_build_publishes_no_new_generation() {
        let (_tx, rx) = watch::channel(false);
        let state = SiteState::new(rx);
        assert_eq!(state.publish(Ok(files(&[("a.html", "x")]))), Some(1));
        assert_eq!(state.publish(Ok(files(&[("a.html", "x")]))), None);
        assert_eq!(state.publish(Err(vec![problem("b.md")])), Some(2));
        assert_eq!(state.publish(Err(vec![problem("b.md")])), None);
    }

    #[test]
    fn a_first_build_that_fails_is_published_without_files() {
        let (_tx, rx) = watch::channel(false);
        let state = SiteState::new(rx);
        assert_eq!(state.publish(Err(vec![problem("warroom.yaml")])), Some(1));
        assert!(state.snapshot().files.is_none());
    }

    #[test]
    fn rebuild_reports_a_config_error_instead_of_failing() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("warroom.yaml"), "title: [unclosed\n").unwrap();
        let rebuilt = rebuild(dir.path(), false);
        let problems = rebuilt.built.err().unwrap();
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.contains("warroom.yaml"), "{}", problems[0].message);
        assert!(rebuilt.report.starts_with("error: "), "{}", rebuilt.report);
    }
}
