//! The served site: the last good build, the errors of the latest one, and a
//! generation number that goes up whenever what a browser sees changes.
//!
//! A full rebuild runs the same pipeline as `warroom build` without the
//! writing: load → check → render into memory. An edit of documents that
//! already exist takes a shorter way: just those files are read and parsed
//! again into the last loaded site, the site is checked (only the edited
//! documents' own rules run again while every id and URL stays; rules across
//! files run in full), and the result is published with no page rendered;
//! a [`Build`] renders the page a browser asks for, so the page being edited
//! is back in tens of milliseconds however big the site. A result is
//! published by replacing one `Arc<Snapshot>` behind a lock, so a request
//! sees either the old build or the new one, never half of each.

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::Instant;

use crate::render::templates::Templates;
use axum::body::Bytes;
use chrono::NaiveDate;
use tokio::sync::watch;

use crate::check::report::Format;
use crate::check::{self, Findings};
use crate::content::Document;
use crate::diagnostic::{Diagnostic, Level};
use crate::render::model::Model;
use crate::render::{self, Plan, Site};
use crate::site::{self, Loaded};

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
    pub build: Option<Arc<Build>>,
    /// Errors of the latest build; empty when it succeeded.
    pub problems: Arc<Vec<Problem>>,
}

/// A good build: the site as loaded, its templates and static files, and
/// the model every page renders from. Pages are rendered when a browser
/// asks for them (and kept), each through the same function as `warroom
/// build`, so no request waits for the rest of the site.
pub(crate) struct Build {
    loaded: Loaded,
    templates: Arc<Templates>,
    /// The theme's and the site's static files; they win over rendered ones.
    statics: Arc<FileMap>,
    commit: String,
    findings: Arc<Findings>,
    today: NaiveDate,
    model: Model,
    plan: Plan,
    /// Files rendered so far.
    pages: Mutex<FileMap>,
}

impl Build {
    fn new(latest: Latest, today: NaiveDate, previous: Option<&Model>) -> anyhow::Result<Build> {
        let made = Build::model(&latest, today, previous)?;
        Ok(Build::with(latest, today, made))
    }

    /// The model and plan of a site as loaded, from the last model when there is one.
    fn model(latest: &Latest, today: NaiveDate, previous: Option<&Model>) -> anyhow::Result<(Model, Plan)> {
        let loaded = &latest.loaded;
        let site =
            Site { lib: &loaded.lib, config: &loaded.config, today, commit: latest.commit.clone(), drafts: true };
        let model = match previous {
            Some(p) => p.update(&site, &latest.templates)?,
            None => Model::for_updates(&site, &latest.templates)?,
        };
        let plan = Plan::new(&site, &model);
        Ok((model, plan))
    }

    fn with(latest: Latest, today: NaiveDate, (model, plan): (Model, Plan)) -> Build {
        let Latest { loaded, templates, statics, commit, findings } = latest;
        Build { loaded, templates, statics, commit, findings, today, model, plan, pages: Mutex::new(FileMap::new()) }
    }

    fn site(&self) -> Site<'_> {
        Site {
            lib: &self.loaded.lib,
            config: &self.loaded.config,
            today: self.today,
            commit: self.commit.clone(),
            drafts: true,
        }
    }

    /// The file at `path` (`incidents/x.html`), rendering it when it must;
    /// `None` when the site has no such file. Call it off the async runtime.
    pub fn file(&self, path: &str) -> anyhow::Result<Option<Bytes>> {
        if let Some(bytes) = self.statics.get(path) {
            return Ok(Some(bytes.clone()));
        }
        if let Some(bytes) = self.pages.lock().unwrap_or_else(PoisonError::into_inner).get(path) {
            return Ok(Some(bytes.clone()));
        }
        let Some(file) = self.plan.render(&self.site(), &self.model, &self.templates, path)? else {
            return Ok(None);
        };
        let bytes = Bytes::from(file.bytes);
        self.pages.lock().unwrap_or_else(PoisonError::into_inner).insert(path.to_string(), bytes.clone());
        Ok(Some(bytes))
    }

    /// A build of ready-made files, for tests.
    #[cfg(test)]
    pub fn of_files(files: FileMap) -> Build {
        let loaded =
            Loaded { root: Default::default(), config: crate::config::Config::default(), lib: Default::default() };
        let latest = Latest {
            loaded,
            templates: Arc::new(Templates::empty()),
            statics: Arc::new(files),
            commit: String::new(),
            findings: Arc::default(),
        };
        Build::new(latest, NaiveDate::default(), None).expect("an empty site has a model")
    }
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
        let empty = Snapshot { generation: 0, build: None, problems: Arc::new(Vec::new()) };
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

    /// Publishes a build result: a new build on success, or the previous
    /// build with the new errors. Returns the new generation, or `None` when
    /// the browser would see nothing different.
    pub fn publish(&self, built: Result<Arc<Build>, Vec<Problem>>) -> Option<u64> {
        let mut current = self.current.write().unwrap_or_else(PoisonError::into_inner);
        let (build, problems) = match built {
            Ok(build) => (Some(build), Vec::new()),
            Err(problems) => (current.build.clone(), problems),
        };
        let same = match (&build, &current.build) {
            (Some(new), Some(old)) => Arc::ptr_eq(new, old),
            (None, None) => true,
            _ => false,
        };
        if current.generation > 0 && same && *current.problems == problems {
            return None;
        }
        let generation = current.generation + 1;
        let previous =
            std::mem::replace(&mut *current, Arc::new(Snapshot { generation, build, problems: Arc::new(problems) }));
        drop(current);
        self.generation.send_replace(generation);
        // The previous snapshot may hold the last reference to the previous
        // build, a whole site in memory: freeing it takes 40-70 ms at 10,000
        // documents, which neither the reload event nor a page should wait for.
        free_elsewhere(previous);
        Some(generation)
    }
}

/// Drops `value` on a thread of its own; if no thread can start, the
/// closure holding it is dropped, and the value with it, here.
fn free_elsewhere<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new().name("warroom-free".into()).spawn(move || drop(value));
}

/// The result of one rebuild, for the server and for the terminal.
pub(crate) struct Rebuild {
    /// The build, or the errors that stopped it.
    pub built: Result<Arc<Build>, Vec<Problem>>,
    /// Every finding (warnings too); compared between builds to print only news.
    pub diagnostics: Vec<Diagnostic>,
    /// What to print on the terminal about the findings or the failure.
    pub report: String,
    pub millis: u128,
    /// How many files were read again when only documents changed; `None`
    /// after a full rebuild.
    pub updated: Option<usize>,
    /// The changed files read the same as before: nothing to publish.
    pub unchanged: bool,
}

/// What the next edit is applied to: the site as last read, with templates.
struct Latest {
    loaded: Loaded,
    templates: Arc<Templates>,
    statics: Arc<FileMap>,
    commit: String,
    /// The check of `loaded`, per document, for checking only what the
    /// next edit changes.
    findings: Arc<Findings>,
}

/// Runs rebuilds, drafts included (a preview is where a draft gets written).
/// An edit, addition or deletion of documents under `content/` re-reads
/// just those files into the last loaded site, re-checks the site, updates
/// the model from the last one (only the changed documents' views are made
/// again) and publishes it with no page rendered; anything else (config,
/// templates, static files) loads and checks the whole site again.
pub(crate) struct Builder {
    root: PathBuf,
    color: bool,
    /// `--today`; `None` takes `SOURCE_DATE_EPOCH` or the clock at each rebuild.
    today: Option<NaiveDate>,
    latest: Option<Latest>,
    /// The last build published; its site still has to be copied into
    /// `latest` when `latest` is `None`, and its model is the base of the next.
    published: Option<Arc<Build>>,
    /// That copy, being made on another thread.
    copying: Option<Copying>,
}

/// A copy of the published site for the next edit, made on its own thread;
/// after an edit, once the browser has had [`COPY_AFTER`] to fetch the
/// pages it changed (on a 10,000-document site the copy takes about 100 ms
/// of a core), or at once when the next edit comes first.
struct Copying {
    now: std::sync::mpsc::Sender<()>,
    copy: std::thread::JoinHandle<Latest>,
}

const COPY_AFTER: std::time::Duration = std::time::Duration::from_millis(300);

impl Latest {
    fn of(build: &Build) -> Latest {
        Latest {
            loaded: build.loaded.clone(),
            templates: Arc::clone(&build.templates),
            statics: Arc::clone(&build.statics),
            commit: build.commit.clone(),
            findings: Arc::clone(&build.findings),
        }
    }
}

impl Builder {
    pub fn new(root: &Path, color: bool, today: Option<NaiveDate>) -> anyhow::Result<Builder> {
        Ok(Builder { root: root.to_path_buf(), color, today, latest: None, published: None, copying: None })
    }

    /// Rebuilds after `changed` (paths from the root; empty for the first
    /// build). Never panics: a bug met while building is reported like any
    /// other error, and the server goes on.
    pub fn rebuild(&mut self, changed: &[String]) -> Rebuild {
        let started = Instant::now();
        self.take_copy();
        let result = std::panic::catch_unwind(AssertUnwindSafe(|| match self.update(changed, started) {
            Some(rebuilt) => rebuilt,
            None => self.full(started),
        }));
        result.unwrap_or_else(|_| {
            self.latest = None;
            self.published = None;
            let err = anyhow::anyhow!(
                "warroom crashed while building the site (a bug; please report it with the file you changed)"
            );
            Rebuild {
                report: format!("error: {err}\n"),
                built: Err(vec![Problem::from_error(&err)]),
                diagnostics: Vec::new(),
                millis: started.elapsed().as_millis(),
                updated: None,
                unchanged: false,
            }
        })
    }

    /// Starts copying the site of the build just published, to apply the
    /// next edit to; called after publishing, so the copy never delays a
    /// page. After an edit (`after_edit`) it waits [`COPY_AFTER`] first.
    pub fn keep_copy(&mut self, after_edit: bool) {
        if self.latest.is_some() || self.copying.is_some() {
            return;
        }
        let Some(build) = self.published.clone() else {
            return;
        };
        let (now, wait) = std::sync::mpsc::channel::<()>();
        let spawned = std::thread::Builder::new().name("warroom-copy".into()).spawn(move || {
            if after_edit {
                let _ = wait.recv_timeout(COPY_AFTER);
            }
            Latest::of(&build)
        });
        // Without a thread, the next rebuild makes the copy itself.
        self.copying = spawned.ok().map(|copy| Copying { now, copy });
    }

    /// The copy of the published site, waiting for it or making it here.
    fn take_copy(&mut self) {
        if let Some(Copying { now, copy }) = self.copying.take() {
            let _ = now.send(());
            if let Ok(latest) = copy.join() {
                self.latest.get_or_insert(latest);
            }
        }
        if self.latest.is_none() {
            self.latest = self.published.as_deref().map(Latest::of);
        }
    }

    /// Applies an edit of documents in place; `None` when the change needs
    /// a full rebuild.
    fn update(&mut self, changed: &[String], started: Instant) -> Option<Rebuild> {
        let latest = self.latest.as_mut()?;
        if changed.is_empty() {
            return None;
        }
        let mut docs = Vec::new();
        let mut removed = Vec::new();
        for file in changed {
            let path = self.root.join(file);
            if !file.ends_with(".md") || !file.starts_with("content/") {
                // Only Markdown files under content/ are read; another file
                // there changes nothing, but config, templates, static files
                // and folders do.
                if file.starts_with("content/") && path.is_file() {
                    continue;
                }
                // A file that came and went (an editor's or `sed -i`'s
                // temporary file) changes nothing; a folder gone with
                // documents in it does.
                let folder = format!("{file}/");
                let gone = !path.exists() && !latest.loaded.lib.docs.iter().any(|d| d.file.starts_with(&folder));
                if file.starts_with("content/") && gone {
                    continue;
                }
                return None;
            }
            if !path.exists() {
                removed.push(file.clone());
                continue;
            }
            let text = read_document(&path)?;
            let doc = Document::parse(&text, file, &latest.loaded.config).filter(|d| !d.url.is_empty())?;
            docs.push(doc);
        }
        let lib = &latest.loaded.lib;
        let find = |file: &str| lib.docs.binary_search_by(|e| e.file.as_str().cmp(file)).ok();
        let unchanged = removed.iter().all(|f| find(f).is_none())
            && docs.iter().all(|d| find(&d.file).is_some_and(|i| lib.docs[i].source == d.source));
        let today = site::today(self.today).ok()?;
        let updated = docs.len() + removed.len();
        if unchanged {
            return Some(Rebuild {
                built: Err(Vec::new()),
                diagnostics: Vec::new(),
                report: String::new(),
                millis: started.elapsed().as_millis(),
                updated: Some(0),
                unchanged: true,
            });
        }
        let edited: Vec<String> = docs.iter().map(|d| d.file.clone()).collect();
        // While every document keeps its id and URL, only the edited ones
        // are checked again.
        let same_keys = latest.loaded.lib.update(docs, &removed);
        let lib = &latest.loaded.lib;
        let edited: Vec<usize> =
            edited.iter().filter_map(|f| lib.docs.binary_search_by(|d| d.file.as_str().cmp(f)).ok()).collect();
        let before = same_keys.then(|| (&*latest.findings, edited.as_slice()));
        // The model is made while the site is checked; it is dropped if
        // the check finds errors.
        let previous = self.published.as_ref().map(|b| &b.model);
        let color = self.color;
        let ((diagnostics, report, errors, findings), made) =
            rayon::join(|| check(&latest.loaded, today, color, before), || Build::model(latest, today, previous));
        latest.findings = Arc::new(findings);
        if !errors.is_empty() {
            return Some(Rebuild {
                built: Err(errors),
                diagnostics,
                report,
                millis: started.elapsed().as_millis(),
                updated: Some(updated),
                unchanged: false,
            });
        }
        let latest = self.latest.take()?;
        let built = made.map(|made| Arc::new(Build::with(latest, today, made)));
        Some(self.finish(built, diagnostics, report, started, Some(updated)))
    }

    /// Publishes a build made, or reports why it could not be.
    fn finish(
        &mut self,
        built: anyhow::Result<Arc<Build>>,
        diagnostics: Vec<Diagnostic>,
        report: String,
        started: Instant,
        updated: Option<usize>,
    ) -> Rebuild {
        match built {
            Ok(build) => {
                self.published = Some(Arc::clone(&build));
                Rebuild {
                    built: Ok(build),
                    diagnostics,
                    report,
                    millis: started.elapsed().as_millis(),
                    updated,
                    unchanged: false,
                }
            }
            Err(err) => {
                self.latest = None;
                self.published = None;
                Rebuild {
                    report: format!("{report}error: {err:#}\n"),
                    built: Err(vec![Problem::from_error(&err)]),
                    diagnostics,
                    millis: started.elapsed().as_millis(),
                    updated,
                    unchanged: false,
                }
            }
        }
    }

    /// Loads and checks the whole site and makes its model.
    fn full(&mut self, started: Instant) -> Rebuild {
        self.latest = None;
        self.published = None;
        let failed = |err: anyhow::Error, diagnostics: Vec<Diagnostic>, report: String| Rebuild {
            report: format!("{report}error: {err:#}\n"),
            built: Err(vec![Problem::from_error(&err)]),
            diagnostics,
            millis: started.elapsed().as_millis(),
            updated: None,
            unchanged: false,
        };
        let today = match site::today(self.today) {
            Ok(today) => today,
            Err(err) => return failed(err, Vec::new(), String::new()),
        };
        let loaded = match site::load(&self.root) {
            Ok(loaded) => loaded,
            Err(err) => return failed(err, Vec::new(), String::new()),
        };
        let (diagnostics, report, errors, findings) = check(&loaded, today, self.color, None);
        let templates = render::templates::load(&loaded.root, &loaded.config.theme).and_then(|templates| {
            let statics = site::static_files(&loaded.root, &loaded.config.theme)?;
            Ok((templates, statics.into_iter().map(|f| (f.path, Bytes::from(f.bytes))).collect::<FileMap>()))
        });
        let (templates, statics) = match templates {
            Ok(t) => t,
            Err(err) => return failed(err, diagnostics, report),
        };
        let commit = site::git_commit(&loaded.root);
        let latest = Latest {
            loaded,
            templates: Arc::new(templates),
            statics: Arc::new(statics),
            commit,
            findings: Arc::new(findings),
        };
        if !errors.is_empty() {
            // Broken content: the next edit may fix it in place.
            self.latest = Some(latest);
            return Rebuild {
                built: Err(errors),
                diagnostics,
                report,
                millis: started.elapsed().as_millis(),
                updated: None,
                unchanged: false,
            };
        }
        let built = Build::new(latest, today, None).map(Arc::new);
        self.finish(built, diagnostics, report, started, None)
    }
}

/// Every finding, the terminal report of them, the errors among them, and
/// the findings per document for the next check (see [`check::run_reusing`]).
fn check(
    loaded: &Loaded,
    today: NaiveDate,
    color: bool,
    previous: Option<(&Findings, &[usize])>,
) -> (Vec<Diagnostic>, String, Vec<Problem>, Findings) {
    let (diagnostics, findings) = check::run_reusing(&loaded.lib, &loaded.config, today, previous);
    let report = if diagnostics.is_empty() {
        String::new()
    } else {
        site::report(loaded, &diagnostics, Format::Human, &site::files_checked(&loaded.lib), color)
    };
    let errors = diagnostics.iter().filter(|d| d.level == Level::Error).map(Problem::from_diagnostic).collect();
    (diagnostics, report, errors, findings)
}

/// A content file's text, or `None` when it cannot be read as a document
/// (too big, not UTF-8, binary): the full rebuild then reports why.
fn read_document(path: &Path) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() > crate::content::MAX_FILE_BYTES {
        return None;
    }
    let text = String::from_utf8(std::fs::read(path).ok()?).ok()?;
    (!text.contains('\0')).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(pairs: &[(&str, &str)]) -> Arc<Build> {
        Arc::new(Build::of_files(pairs.iter().map(|(p, b)| (p.to_string(), Bytes::from(b.to_string()))).collect()))
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
        let index = snap.build.as_ref().and_then(|b| b.file("index.html").unwrap());
        assert_eq!(index.as_deref(), Some(&b"v1"[..]));
        assert_eq!(snap.problems.len(), 1);
        assert_eq!(state.publish(Ok(files(&[("index.html", "v2")]))), Some(3));
        assert!(state.snapshot().problems.is_empty());
        assert_eq!(*state.subscribe().borrow(), 3);
    }

    #[test]
    fn an_unchanged_build_publishes_no_new_generation() {
        let (_tx, rx) = watch::channel(false);
        let state = SiteState::new(rx);
        let build = files(&[("a.html", "x")]);
        assert_eq!(state.publish(Ok(Arc::clone(&build))), Some(1));
        assert_eq!(state.publish(Ok(build)), None);
        assert_eq!(state.publish(Err(vec![problem("b.md")])), Some(2));
        assert_eq!(state.publish(Err(vec![problem("b.md")])), None);
    }

    #[test]
    fn a_first_build_that_fails_is_published_without_files() {
        let (_tx, rx) = watch::channel(false);
        let state = SiteState::new(rx);
        assert_eq!(state.publish(Err(vec![problem("warroom.yaml")])), Some(1));
        assert!(state.snapshot().build.is_none());
    }

    #[test]
    fn rebuild_reports_a_config_error_instead_of_failing() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("warroom.yaml"), "title: [unclosed\n").unwrap();
        let rebuilt = Builder::new(dir.path(), false, None).unwrap().rebuild(&[]);
        let problems = rebuilt.built.err().unwrap();
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.contains("warroom.yaml"), "{}", problems[0].message);
        assert!(rebuilt.report.starts_with("error: "), "{}", rebuilt.report);
    }
}
