//! The file watcher: rebuilds the site when one of its sources changes.
//!
//! Watched are `content/`, `templates/`, `themes/` and `static/` (recursively)
//! and `warroom.yaml`; `public/`, `target/` and everything else at the root
//! are not, so a `warroom build` in another terminal triggers nothing.
//! Reading a file is no change (the build reads every source and must not
//! wake itself up). Events are debounced (30 ms of quiet) so an editor's
//! save-as-rename counts once, and a folder that appears later (`templates/`
//! created while serving) is picked up. Rebuilds run one after another on the
//! watcher's own thread; changes made during a rebuild go into the next one.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use notify::event::{AccessKind, AccessMode};
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};

use super::run::Terminal;

/// The folders under the root whose changes trigger a rebuild.
const WATCHED_DIRS: [&str; 4] = ["content", "templates", "themes", "static"];
const CONFIG_FILE: &str = "warroom.yaml";
/// A rebuild starts once no change has come for this long...
const DEBOUNCE: Duration = Duration::from_millis(30);
/// ...or this long after the first change, however busy the disk is.
const MAX_DELAY: Duration = Duration::from_secs(2);

/// What the file system reports.
enum News {
    Changed(Vec<PathBuf>),
    Failed(String),
}

/// A running watch on one site root.
pub(crate) struct Watcher {
    root: PathBuf,
    watcher: RecommendedWatcher,
    /// Folders of [`WATCHED_DIRS`] watched right now.
    watching: BTreeSet<PathBuf>,
    news: mpsc::Receiver<News>,
}

impl Watcher {
    /// Starts watching `root` (its folders that exist now and `warroom.yaml`).
    pub fn start(root: &Path) -> anyhow::Result<Watcher> {
        let (tx, news) = mpsc::channel();
        let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
            let news = match event {
                Ok(event) if is_change(&event.kind) => News::Changed(event.paths),
                Ok(_) => return,
                Err(err) => News::Failed(err.to_string()),
            };
            // The receiver is gone only while the server stops.
            let _ = tx.send(news);
        })
        .context("cannot start the file watcher")?;
        let mut watcher = Watcher { root: root.to_path_buf(), watcher, watching: BTreeSet::new(), news };
        watcher
            .watcher
            .watch(root, RecursiveMode::NonRecursive)
            .with_context(|| format!("cannot watch `{}`", root.display()))?;
        watcher.refresh(&[])?;
        Ok(watcher)
    }

    /// Runs on a thread of its own until the server stops: waits for a
    /// change to a source, lets the burst settle, then rebuilds.
    pub fn spawn(mut self, mut terminal: Terminal) -> anyhow::Result<()> {
        std::thread::Builder::new()
            .name("warroom watcher".into())
            .spawn(move || {
                while let Some((changed, failures)) = self.next_burst() {
                    terminal.watch_failed(&failures);
                    terminal.rebuild(&changed);
                }
            })
            .context("cannot start the watcher thread")?;
        Ok(())
    }

    /// Waits for the next burst of changes that matter: the sources changed
    /// (relative to the root) and the watcher's errors. `None` once the
    /// watcher is gone.
    fn next_burst(&mut self) -> Option<(Vec<String>, Vec<String>)> {
        loop {
            let mut batch = vec![self.news.recv().ok()?];
            let started = Instant::now();
            while started.elapsed() < MAX_DELAY {
                match self.news.recv_timeout(DEBOUNCE) {
                    Ok(news) => batch.push(news),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return None,
                }
            }
            let mut paths = BTreeSet::new();
            let mut failures = Vec::new();
            for news in batch {
                match news {
                    News::Changed(changed) => paths.extend(changed),
                    News::Failed(err) => failures.push(err),
                }
            }
            let paths: Vec<PathBuf> = paths.into_iter().collect();
            if let Err(err) = self.refresh(&paths) {
                failures.push(format!("{err:#}"));
            }
            let sources: Vec<String> = paths
                .iter()
                .filter(|p| is_source(&self.root, p))
                .map(|p| crate::content::rel_path(&self.root, p))
                .collect();
            // A watcher error may mean lost events: rebuild to be sure.
            if !sources.is_empty() || !failures.is_empty() {
                return Some((sources, failures));
            }
        }
    }

    /// Watches the folders of [`WATCHED_DIRS`] that exist, again when one of
    /// them was itself created or removed (`changed`), and forgets vanished ones.
    fn refresh(&mut self, changed: &[PathBuf]) -> anyhow::Result<()> {
        for name in WATCHED_DIRS {
            let dir = self.root.join(name);
            let touched = changed.contains(&dir);
            let watched = self.watching.contains(&dir);
            if watched && (touched || !dir.is_dir()) {
                // Fails when the folder is gone, which is what we want anyway.
                let _ = self.watcher.unwatch(&dir);
                self.watching.remove(&dir);
            }
            if dir.is_dir() && !self.watching.contains(&dir) {
                self.watcher
                    .watch(&dir, RecursiveMode::Recursive)
                    .with_context(|| format!("cannot watch `{}`", dir.display()))?;
                self.watching.insert(dir);
            }
        }
        Ok(())
    }
}

/// Whether an event changes a file: reading one (which the build itself
/// does) is no change; closing one written is.
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// Whether a change at `path` can change the site: `warroom.yaml` or a file
/// under a watched folder, but not an editor's swap or backup file.
fn is_source(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    if rel == Path::new(CONFIG_FILE) {
        return true;
    }
    let in_watched_dir = match rel.components().next() {
        Some(Component::Normal(first)) => WATCHED_DIRS.iter().any(|d| first == *d),
        _ => false,
    };
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let editor_scratch = name.starts_with(".#")
        || name.ends_with('~')
        || [".swp", ".swx", ".swo", ".tmp"].iter().any(|ext| name.ends_with(ext))
        || name == "4913";
    in_watched_dir && !editor_scratch
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_a_file_is_no_change() {
        use notify::event::{CreateKind, ModifyKind};
        assert!(!is_change(&EventKind::Access(AccessKind::Open(AccessMode::Any))));
        assert!(!is_change(&EventKind::Access(AccessKind::Close(AccessMode::Read))));
        assert!(is_change(&EventKind::Access(AccessKind::Close(AccessMode::Write))));
        assert!(is_change(&EventKind::Modify(ModifyKind::Any)));
        assert!(is_change(&EventKind::Create(CreateKind::File)));
    }

    #[test]
    fn only_site_sources_trigger_a_rebuild() {
        let root = Path::new("/site");
        assert!(is_source(root, Path::new("/site/warroom.yaml")));
        assert!(is_source(root, Path::new("/site/content/incidents/a.md")));
        assert!(is_source(root, Path::new("/site/content")));
        assert!(is_source(root, Path::new("/site/themes/default/templates/page.html")));
        assert!(is_source(root, Path::new("/site/static/logo.png")));
        assert!(!is_source(root, Path::new("/site/public/index.html")));
        assert!(!is_source(root, Path::new("/site/target/debug/warroom")));
        assert!(!is_source(root, Path::new("/site/content/incidents/.a.md.swp")));
        assert!(!is_source(root, Path::new("/site/content/incidents/a.md~")));
        assert!(!is_source(root, Path::new("/site/content/4913")));
        assert!(!is_source(root, Path::new("/elsewhere/content/a.md")));
        assert!(!is_source(root, Path::new("/site/warroom.yaml.bak")));
    }
}
