//! The one place that sequences a run: config → load → check → render → write.
//!
//! `check` stops after the check; `build` goes on only when the check found
//! no error, so a broken site never replaces the previous output.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context as _;
use chrono::NaiveDate;

use crate::check;
use crate::config::Config;
use crate::content::{self, Library};
use crate::diagnostic::{Diagnostic, Level};
use crate::output;
use crate::render::{self, OutputFile, Site};

/// A loaded site.
#[derive(Clone)]
pub struct Loaded {
    pub root: PathBuf,
    pub config: Config,
    pub lib: Library,
}

/// Reads config and content.
pub fn load(root: &Path) -> anyhow::Result<Loaded> {
    let config = Config::load(root)?;
    let lib = content::load(root, &config)?;
    Ok(Loaded { root: root.to_path_buf(), config, lib })
}

/// The files a check looked at: every document and every unreadable file, sorted.
pub fn files_checked(lib: &Library) -> Vec<String> {
    let files: BTreeSet<&String> =
        lib.docs.iter().map(|d| &d.file).chain(lib.diagnostics.iter().map(|d| &d.file)).collect();
    files.into_iter().cloned().collect()
}

/// Runs the check pass, on every file or only on `paths` (relative to the root).
pub fn check(loaded: &Loaded, today: NaiveDate, paths: &[String]) -> Vec<Diagnostic> {
    if paths.is_empty() {
        check::run(&loaded.lib, &loaded.config, today)
    } else {
        let only: BTreeSet<String> = paths.iter().cloned().collect();
        check::run_files(&loaded.lib, &loaded.config, today, &only)
    }
}

/// Options of `build`.
pub struct BuildOptions {
    pub out: PathBuf,
    pub today: NaiveDate,
    pub drafts: bool,
}

/// What a build did.
pub struct BuildReport {
    pub diagnostics: Vec<Diagnostic>,
    /// `None` when errors stopped the build before writing.
    pub written: Option<usize>,
    pub drafts_skipped: usize,
    pub millis: u128,
    /// How long each phase took, in milliseconds, for `--verbose`.
    pub phases: Vec<(&'static str, u128)>,
}

/// The report of `diagnostics` in `format`, quoting source lines from the
/// loaded documents (or from disk, for a file that is no document).
pub fn report(
    loaded: &Loaded,
    diagnostics: &[Diagnostic],
    format: check::report::Format,
    checked: &[String],
    color: bool,
) -> String {
    check::report::render(diagnostics, format, checked, &|f| loaded.source_of(f), color)
}

impl Loaded {
    /// The text of a file of the site: a document's source as loaded, or
    /// the file read from disk.
    pub fn source_of(&self, file: &str) -> Option<String> {
        // Documents are sorted by file, so a binary search finds the source.
        let docs = &self.lib.docs;
        docs.binary_search_by(|d| d.file.as_str().cmp(file))
            .ok()
            .map(|i| docs[i].source.clone())
            .or_else(|| std::fs::read_to_string(self.root.join(file)).ok())
    }
}

/// Checks, renders and writes the site.
pub fn build(loaded: &Loaded, opts: &BuildOptions) -> anyhow::Result<BuildReport> {
    let started = Instant::now();
    let mut phases = Vec::new();
    let mut lap = Instant::now();
    let mut phase = |name: &'static str| {
        phases.push((name, lap.elapsed().as_millis()));
        lap = Instant::now();
    };
    let out = output::check_output_dir(&loaded.root, &opts.out)?;
    // Templates compile, and git names the commit, while the documents are checked.
    let (diagnostics, (templates, commit)) = rayon::join(
        || check::run(&loaded.lib, &loaded.config, opts.today),
        || (render::templates::load(&loaded.root, &loaded.config.theme), git_commit(&loaded.root)),
    );
    phase("check and templates");
    if diagnostics.iter().any(|d| d.level == Level::Error) {
        return Ok(BuildReport {
            diagnostics,
            written: None,
            drafts_skipped: 0,
            millis: started.elapsed().as_millis(),
            phases,
        });
    }
    let templates = templates?;
    let site = Site { lib: &loaded.lib, config: &loaded.config, today: opts.today, commit, drafts: opts.drafts };
    let drafts_skipped =
        (0..loaded.lib.docs.len()).filter(|i| loaded.lib.docs[*i].postmortem().is_some() && !site.visible(*i)).count();
    // Pages stream into the staging folder as they render; static files come
    // last so that, as in `render_files`, they replace built-in files of the same path.
    let staging = output::Staging::new(&out)?;
    render::render_into(&site, &templates, &staging)?;
    for f in static_files(&loaded.root, &loaded.config.theme)? {
        staging.write(&f)?;
    }
    phase("render and write");
    let written = staging.count();
    staging.commit()?;
    phase("swap");
    Ok(BuildReport {
        diagnostics,
        written: Some(written),
        drafts_skipped,
        millis: started.elapsed().as_millis(),
        phases,
    })
}

/// Renders the site in memory without writing (for tests and `serve`).
pub fn render_files(loaded: &Loaded, today: NaiveDate, drafts: bool) -> anyhow::Result<Vec<OutputFile>> {
    let tera = render::templates::load(&loaded.root, &loaded.config.theme)?;
    let site = Site { lib: &loaded.lib, config: &loaded.config, today, commit: git_commit(&loaded.root), drafts };
    let mut files = render::render(&site, &tera)?;
    files.extend(static_files(&loaded.root, &loaded.config.theme)?);
    dedupe_keep_last(&mut files);
    Ok(files)
}

/// Later files replace earlier ones of the same path: theme static over
/// built-in, site static over theme.
fn dedupe_keep_last(files: &mut Vec<OutputFile>) {
    let mut seen = BTreeSet::new();
    let mut kept: Vec<OutputFile> = Vec::with_capacity(files.len());
    for f in files.drain(..).rev() {
        if seen.insert(f.path.clone()) {
            kept.push(f);
        }
    }
    kept.reverse();
    kept.sort_by(|a, b| a.path.cmp(&b.path));
    *files = kept;
}

/// The theme's and the site's `static/` files, in that order: a later file
/// replaces a rendered or earlier one of the same path.
pub fn static_files(root: &Path, theme: &str) -> anyhow::Result<Vec<OutputFile>> {
    let mut files = Vec::new();
    for dir in [root.join("themes").join(theme).join("static"), root.join("static")] {
        if !dir.is_dir() {
            continue;
        }
        for entry in walkdir::WalkDir::new(&dir).follow_links(true).sort_by_file_name() {
            let entry = entry.with_context(|| format!("cannot read `{}`", dir.display()))?;
            if entry.file_type().is_file() {
                let path = content::rel_path(&dir, entry.path());
                if path.ends_with(".gitkeep") {
                    continue;
                }
                let bytes =
                    std::fs::read(entry.path()).with_context(|| format!("cannot read `{}`", entry.path().display()))?;
                files.push(OutputFile { path, bytes });
            }
        }
    }
    Ok(files)
}

/// The short commit of the site's git repository, or empty when it is none.
pub fn git_commit(root: &Path) -> String {
    std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["rev-parse", "--short=12", "HEAD"])
        .stderr(std::process::Stdio::null())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default()
}

/// "Today": `--today`, else `SOURCE_DATE_EPOCH`, else the clock (UTC).
pub fn today(flag: Option<NaiveDate>) -> anyhow::Result<NaiveDate> {
    if let Some(d) = flag {
        return Ok(d);
    }
    if let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") {
        let secs: i64 =
            epoch.trim().parse().with_context(|| format!("SOURCE_DATE_EPOCH=`{epoch}` is not a number of seconds"))?;
        return chrono::DateTime::from_timestamp(secs, 0)
            .map(|t| t.date_naive())
            .with_context(|| format!("SOURCE_DATE_EPOCH=`{epoch}` is out of range"));
    }
    Ok(chrono::Utc::now().date_naive())
}

/// Finds the site root: the nearest folder upwards holding warroom.yaml, else `start`.
pub fn find_root(start: &Path) -> PathBuf {
    let mut cur = Some(start);
    while let Some(dir) = cur {
        if dir.join("warroom.yaml").is_file() {
            return dir.to_path_buf();
        }
        cur = dir.parent();
    }
    start.to_path_buf()
}
