//! The file watcher: rebuilds the site when one of its sources changes.
//!
//! Watched are `content/`, `templates/`, `themes/` and `static/` (recursively)
//! and `warroom.yaml`; `public/`, `target/` and everything else at the root
//! are not, so a `warroom build` in another terminal triggers nothing.
//! Events are debounced (100 ms) so an editor's save-as-rename counts once,
//! and a folder that appears later (`templates/` created while serving) is
//! picked up. Rebuilds run one after another on the watcher's own thread;
//! changes made during a rebuild are gathered into the next one.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use anyhow::Context as _;
use notify_debouncer_mini::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_mini::{new_debouncer, DebounceEventResult, Debouncer};

use super::run::Terminal;

/// The folders under the root whose changes trigger a rebuild.
const WATCHED_DIRS: [&str; 4] = ["content", "templates", "themes", "static"];
const CONFIG_FILE: &str = "warroom.yaml";
const DEBOUNCE: Duration = Duration::from_millis(100);

/// What the debouncer reports.
enum News {
    Changed(Vec<PathBuf>),
    Failed(String),
}

/// A running watch on one site root.
pub(crate) struct Watcher {
    root: PathBuf,
    debouncer: Debouncer<RecommendedWatcher>,
    /// Folders of [`WATCHED_DIRS`] watched right now.
    watching: BTreeSet<PathBuf>,
    news: mpsc::Receiver<News>,
}

impl Watcher {
    /// Starts watching `root` (its folders that exist now and `warroom.yaml`).
    pub fn start(root: &Path) -> anyhow::Result<Watcher> {
        let (tx, news) = mpsc::channel();
        let debouncer = new_debouncer(DEBOUNCE, move |result: DebounceEventResult| {
            let news = match result {
                Ok(events) => News::Changed(events.into_iter().map(|e| e.path).collect()),
                Err(err) => News::Failed(err.to_string()),
            };
            // The receiver is gone only while the server stops.
            let _ = tx.send(news);
        })
        .context("cannot start the file watcher")?;
        let mut watcher = Watcher { root: root.to_path_buf(), debouncer, watching: BTreeSet::new(), news };
        watcher
            .debouncer
            .watcher()
            .watch(root, RecursiveMode::NonRecursive)
            .with_context(|| format!("cannot watch `{}`", root.display()))?;
        watcher.refresh(&[])?;
        Ok(watcher)
    }

    /// Runs forever on a thread of its own: waits for changes, then rebuilds.
    pub fn spawn(mut self, mut terminal: Terminal) -> anyhow::Result<()> {
        std::thread::Builder::new()
            .name("warroom watcher".into())
            .spawn(move || {
                while let Ok(first) = self.news.recv() {
                    let mut batch = vec![first];
                    batch.extend(self.news.try_iter());
                    let mut changed = BTreeSet::new();
                    let mut failures = Vec::new();
                    for news in batch {
                        match news {
                            News::Changed(paths) => changed.extend(paths),
                            News::Failed(err) => failures.push(err),
                        }
                    }
                    let changed: Vec<PathBuf> = changed.into_iter().collect();
                    if let Err(err) = self.refresh(&changed) {
                        failures.push(format!("{err:#}"));
                    }
                    let relevant: Vec<String> = changed
                        .iter()
                        .filter(|p| is_source(&self.root, p))
                        .map(|p| crate::content::rel_path(&self.root, p))
                        .collect();
                    // A watcher error may mean lost events: rebuild to be sure.
                    if relevant.is_empty() && failures.is_empty() {
                        continue;
                    }
                    terminal.watch_failed(&failures);
                    terminal.rebuild(&self.root, &relevant);
                }
            })
            .context("cannot start the watcher thread")?;
        Ok(())
    }

    /// Watches the folders of [`WATCHED_DIRS`] that exist, again when one of
    /// them was itself created or removed (`changed`), and forgets vanished ones.
    fn refresh(&mut self, changed: &[PathBuf]) -> anyhow::Result<()> {
        for name in WATCHED_DIRS {
            let dir = self.root.join(name);
            let touched = changed.iter().any(|p| *p == dir);
            let watched = self.watching.contains(&dir);
            if watched && (touched || !dir.is_dir()) {
                // Fails when the folder is gone, which is what we want anyway.
                let _ = self.debouncer.watcher().unwatch(&dir);
                self.watching.remove(&dir);
            }
            if dir.is_dir() && !self.watching.contains(&dir) {
                self.debouncer
                    .watcher()
                    .watch(&dir, RecursiveMode::Recursive)
                    .with_context(|| format!("cannot watch `{}`", dir.display()))?;
                self.watching.insert(dir);
            }
        }
        Ok(())
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
