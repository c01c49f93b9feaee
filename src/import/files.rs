//! Reading source files and writing imported post-mortems: every path is
//! read before anything is written, and an existing file is never replaced.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};

use super::{import_text, Imported};
use crate::config::Config;
use crate::content::frontmatter;

/// What happened to one source file.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Imported (or, in a dry run, would be) to `target`, a path from the site root.
    Imported { source: String, target: String, imported: Box<Imported>, written: bool },
    /// Left alone, with the reason.
    Skipped { source: String, reason: String },
}

impl Outcome {
    /// The report `import` prints for this file; `quiet` keeps only skips.
    pub fn report(&self, quiet: bool) -> String {
        let mut out = String::new();
        match self {
            Outcome::Skipped { source, reason } => {
                let _ = writeln!(out, "skipped {source}: {reason}");
            }
            Outcome::Imported { .. } if quiet => {}
            Outcome::Imported { source, target, imported, written } => {
                let verb = if *written { "imported" } else { "would import" };
                let _ = writeln!(out, "{verb} {source} → {target}");
                for i in &imported.inferred {
                    let from = if i.line == 0 {
                        format!("from {}", i.source)
                    } else {
                        format!("from line {} ({})", i.line, i.source)
                    };
                    let _ = writeln!(out, "  {:<9} {:<32} {from}", i.field, i.value);
                }
                for note in &imported.notes {
                    let _ = writeln!(out, "  note      {note}");
                }
                if !imported.to_fill.is_empty() {
                    let _ = writeln!(
                        out,
                        "  to fill   {} (written as TODO; `warroom check` lists them)",
                        imported.to_fill.join(", ")
                    );
                }
            }
        }
        out
    }
}

/// The Markdown files a path names: the file itself, or every `*.md` under
/// a folder, sorted.
fn markdown_files(path: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let meta = std::fs::metadata(path).with_context(|| format!("`{}`: no such file or folder", path.display()))?;
    if !meta.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(path).sort_by_file_name() {
        let entry = entry.with_context(|| format!("cannot read `{}`", path.display()))?;
        let is_md = entry.path().extension().is_some_and(|e| e.eq_ignore_ascii_case("md") || e == "markdown");
        if entry.file_type().is_file() && is_md {
            files.push(entry.into_path());
        }
    }
    Ok(files)
}

/// Imports every Markdown file `paths` name into `root`'s
/// `content/incidents/`. Every path is read before anything is written, so
/// a path that cannot be read stops the run with nothing written. An
/// existing file is never overwritten; `dry_run` writes nothing at all.
pub fn import_paths(paths: &[PathBuf], root: &Path, config: &Config, dry_run: bool) -> anyhow::Result<Vec<Outcome>> {
    let mut sources = Vec::new();
    for path in paths {
        for file in markdown_files(path)? {
            let bytes = std::fs::read(&file).with_context(|| format!("cannot read `{}`", file.display()))?;
            let text = String::from_utf8(bytes).map_err(|_| {
                anyhow::anyhow!("`{}` is not UTF-8 text; save it as UTF-8 and import again", file.display())
            })?;
            sources.push((file, text));
        }
    }
    if sources.is_empty() {
        bail!(
            "no Markdown files in {}",
            paths.iter().map(|p| format!("`{}`", p.display())).collect::<Vec<_>>().join(", ")
        );
    }
    let folder = root.join("content").join("incidents");
    let mut planned: BTreeSet<String> = BTreeSet::new();
    let mut outcomes = Vec::new();
    for (file, text) in sources {
        let source = file.display().to_string();
        if has_front_matter(&text) {
            let reason = "it already has front matter (a `---` block at the top); left alone".to_string();
            outcomes.push(Outcome::Skipped { source, reason });
            continue;
        }
        let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let imported = import_text(&text, &name, config);
        let target = format!("content/incidents/{}", imported.file_name);
        let path = folder.join(&imported.file_name);
        if path.exists() || planned.contains(&target) {
            let reason = format!("`{target}` already exists; import never overwrites (rename or remove it first)");
            outcomes.push(Outcome::Skipped { source, reason });
            continue;
        }
        planned.insert(target.clone());
        if !dry_run {
            write_new(&folder, &path, &imported.text())?;
        }
        outcomes.push(Outcome::Imported { source, target, imported: Box::new(imported), written: !dry_run });
    }
    Ok(outcomes)
}

/// True when a file opens with a closed `---` block.
fn has_front_matter(text: &str) -> bool {
    frontmatter::split(&frontmatter::normalise(text)).is_ok()
}

/// Writes a file that must not exist yet.
fn write_new(folder: &Path, path: &Path, text: &str) -> anyhow::Result<()> {
    use std::io::Write as _;
    std::fs::create_dir_all(folder).with_context(|| format!("cannot create `{}`", folder.display()))?;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .with_context(|| format!("cannot create `{}`", path.display()))?;
    file.write_all(text.as_bytes()).with_context(|| format!("cannot write `{}`", path.display()))
}
