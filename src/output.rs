//! Writing the built site: into a temporary folder beside the output, then
//! swapped in, so a failed or interrupted build leaves the previous output
//! exactly as it was.
//!
//! warroom only ever replaces a folder it created itself (it holds the
//! marker file [`MARKER`]) or an empty one, and refuses output folders that
//! are, contain, or sit inside the site's sources.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{anyhow, bail, Context as _};
use rayon::prelude::*;
use rustc_hash::FxHashSet;

/// One file of the built site.
#[derive(Debug, Clone, PartialEq)]
pub struct OutputFile {
    /// Path under the output folder, `/`-separated.
    pub path: String,
    pub bytes: Vec<u8>,
}

impl OutputFile {
    pub(crate) fn text(path: impl Into<String>, text: String) -> OutputFile {
        OutputFile { path: path.into(), bytes: text.into_bytes() }
    }
}

/// What produces a file's bytes into a writer.
pub type WriteFn<'w> = dyn FnMut(&mut dyn std::io::Write) -> anyhow::Result<()> + 'w;

/// Where rendered files go, from several threads at once.
pub trait Emit: Sync {
    /// Takes a file rendered in memory.
    fn file(&self, f: OutputFile) -> anyhow::Result<()>;

    /// Takes a file as `write` produces it; by default collected in memory
    /// and handed to [`Emit::file`]. Writers to disk stream it instead.
    fn stream(&self, path: &str, write: &mut WriteFn) -> anyhow::Result<()> {
        let mut bytes = Vec::new();
        write(&mut bytes)?;
        self.file(OutputFile { path: path.to_string(), bytes })
    }
}

/// The file that marks a folder as warroom's output.
pub const MARKER: &str = ".warroom-output";

/// Why an output folder is refused; maps to exit code 2.
#[derive(Debug)]
pub struct UnsafeOutput(pub String);

impl std::fmt::Display for UnsafeOutput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UnsafeOutput {}

fn absolute(p: &Path) -> anyhow::Result<PathBuf> {
    let joined = if p.is_absolute() { p.to_path_buf() } else { std::env::current_dir()?.join(p) };
    // Resolve `.` and `..` lexically first, so `x/../content` is `content` even when `x` does not exist.
    let mut abs = PathBuf::new();
    for c in joined.components() {
        match c {
            std::path::Component::ParentDir => {
                abs.pop();
            }
            std::path::Component::CurDir => {}
            other => abs.push(other),
        }
    }
    // Canonicalise the longest existing ancestor so symlinks are resolved.
    let mut existing = abs.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = fs::canonicalize(&existing).unwrap_or(existing);
    for part in rest.into_iter().rev() {
        out.push(part);
    }
    Ok(out)
}

/// Checks that `out` may be replaced by a build of the site at `root`.
pub fn check_output_dir(root: &Path, out: &Path) -> anyhow::Result<PathBuf> {
    let root = absolute(root)?;
    let out = absolute(out)?;
    let shown = out.display();
    if out == root {
        bail!(UnsafeOutput(format!("refusing to build into `{shown}`: it is the site root; use `--out public`")));
    }
    if root.starts_with(&out) {
        bail!(UnsafeOutput(format!(
            "refusing to build into `{shown}`: it contains the site; pick a folder inside it such as `public`"
        )));
    }
    for source in ["content", "templates", "themes", "static", ".git"] {
        if out.starts_with(root.join(source)) {
            bail!(UnsafeOutput(format!(
                "refusing to build into `{shown}`: it is inside the site's `{source}/` folder"
            )));
        }
    }
    if out.exists() {
        if !out.is_dir() {
            bail!(UnsafeOutput(format!("refusing to build into `{shown}`: it is a file, not a folder")));
        }
        let mut entries = fs::read_dir(&out).with_context(|| format!("cannot read `{shown}`"))?;
        let empty = entries.next().is_none();
        if !empty && !out.join(MARKER).is_file() {
            bail!(UnsafeOutput(format!(
                "refusing to replace `{shown}`: it is not empty and warroom did not create it (no `{MARKER}` file); \
                 move it away or choose another `--out`"
            )));
        }
    }
    Ok(out)
}

/// Writes `files` into `out` atomically (see the module comment).
pub fn write_site(out: &Path, files: &[OutputFile]) -> anyhow::Result<()> {
    let staging = Staging::new(out)?;
    files.par_iter().try_for_each(|f| staging.write(f))?;
    staging.commit()
}

/// A build being written: files go into a temporary folder beside `out` as
/// they are rendered, so the whole site never has to sit in memory, and
/// [`Staging::commit`] swaps it in. Dropped without a commit, it removes the
/// temporary folder and leaves `out` untouched.
pub struct Staging {
    out: PathBuf,
    tmp: PathBuf,
    old: PathBuf,
    /// Folders already created and paths already written (for the count and
    /// so a later file of the same path replaces an earlier one cleanly).
    /// Folders are kept as their relative path, whose hash is cheaper than a
    /// `Path`'s (one per component); FxHash for both, as for the library.
    folders: Mutex<FxHashSet<String>>,
    paths: Mutex<FxHashSet<String>>,
    committed: bool,
}

impl Staging {
    /// Creates an empty temporary folder beside `out`.
    pub fn new(out: &Path) -> anyhow::Result<Staging> {
        let parent = out.parent().ok_or_else(|| anyhow!("`{}` has no parent folder", out.display()))?;
        fs::create_dir_all(parent).with_context(|| format!("cannot create `{}`", parent.display()))?;
        let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
        recover_interrupted(parent, &name, out);
        let tmp = parent.join(format!(".{name}.warroom-tmp-{}", std::process::id()));
        let old = parent.join(format!(".{name}.warroom-old-{}", std::process::id()));
        if tmp.exists() {
            fs::remove_dir_all(&tmp).with_context(|| format!("cannot clear `{}`", tmp.display()))?;
        }
        fs::create_dir_all(&tmp).with_context(|| format!("cannot create `{}`", tmp.display()))?;
        Ok(Staging {
            out: out.to_path_buf(),
            tmp,
            old,
            folders: Mutex::new(FxHashSet::default()),
            paths: Mutex::new(FxHashSet::default()),
            committed: false,
        })
    }

    /// Writes one file; a later file of the same path replaces the earlier.
    /// Safe to call from many threads.
    pub fn write(&self, f: &OutputFile) -> anyhow::Result<()> {
        self.write_with(&f.path, &mut |w| w.write_all(&f.bytes).map_err(Into::into))
    }

    /// Writes the file at `rel` with what `write` produces, streamed to disk
    /// through a buffer, so a big page never sits in memory whole.
    pub fn write_with(&self, rel: &str, write: &mut WriteFn) -> anyhow::Result<()> {
        if !is_safe_relative(rel) {
            bail!("refusing to write `{rel}`: the path leaves the output folder");
        }
        let path = self.tmp.join(rel);
        if let (Some(folder), Some((rel_folder, _))) = (path.parent(), rel.rsplit_once('/')) {
            // A poisoned lock only means another writer panicked; the set is still usable.
            let known = self.folders.lock().unwrap_or_else(|e| e.into_inner()).contains(rel_folder);
            if !known {
                fs::create_dir_all(folder).with_context(|| format!("cannot create `{}`", folder.display()))?;
                self.folders.lock().unwrap_or_else(|e| e.into_inner()).insert(rel_folder.to_string());
            }
        }
        let cannot_write = || format!("cannot write `{}`", path.display());
        let file = fs::File::create(&path).with_context(cannot_write)?;
        // Templates write in small pieces; a buffer the size of a typical
        // page (incident pages are 15-60 kB) makes most files one write call,
        // while a big export still streams.
        let mut out = WriteErrors { inner: std::io::BufWriter::with_capacity(64 * 1024, file), first: None };
        if let Err(e) = write(&mut out) {
            // A failed write (disk full, file too large) is reported as such;
            // any other error says itself what went wrong (a template, say).
            return Err(match out.first.take() {
                Some(io) => anyhow::Error::new(io).context(cannot_write()),
                None => e,
            });
        }
        out.flush().with_context(cannot_write)?;
        self.paths.lock().unwrap_or_else(|e| e.into_inner()).insert(rel.to_string());
        Ok(())
    }

    /// How many distinct files have been written.
    pub fn count(&self) -> usize {
        self.paths.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    /// Writes the marker and swaps the new folder in for `out`.
    pub fn commit(mut self) -> anyhow::Result<()> {
        fs::write(self.tmp.join(MARKER), "This folder is built by warroom and replaced on every build.\n")
            .with_context(|| format!("cannot write the marker in `{}`", self.tmp.display()))?;
        self.committed = true;
        let result = swap(&self.tmp, &self.out, &self.old);
        if result.is_err() && self.tmp.exists() {
            let _ = fs::remove_dir_all(&self.tmp);
        }
        result
    }
}

/// Tidies up after a build that was killed: its staging folders
/// (`.NAME.warroom-tmp-PID`) are removed, and a previous output that was moved
/// aside (`.NAME.warroom-old-PID`, holding the marker) is put back when the
/// output itself is missing, or removed when the swap had finished.
fn recover_interrupted(parent: &Path, name: &str, out: &Path) {
    let Ok(entries) = fs::read_dir(parent) else { return };
    let tmp_prefix = format!(".{name}.warroom-tmp-");
    let old_prefix = format!(".{name}.warroom-old-");
    let ours = |file: &str, prefix: &str| {
        file.strip_prefix(prefix).is_some_and(|pid| !pid.is_empty() && pid.chars().all(|c| c.is_ascii_digit()))
    };
    let mut olds = Vec::new();
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if !path.is_dir() || path.is_symlink() {
            continue;
        }
        if ours(&file, &tmp_prefix) {
            let _ = fs::remove_dir_all(&path);
        } else if ours(&file, &old_prefix) && path.join(MARKER).is_file() {
            olds.push(path);
        }
    }
    olds.sort();
    for old in olds {
        if !out.exists() {
            let _ = fs::rename(&old, out);
        } else {
            let _ = fs::remove_dir_all(&old);
        }
    }
}

/// A writer that keeps its first I/O error, which producers such as Tera
/// wrap in their own errors.
struct WriteErrors<W> {
    inner: W,
    first: Option<std::io::Error>,
}

impl<W: std::io::Write> std::io::Write for WriteErrors<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.inner.write(buf).inspect_err(|e| self.keep(e))
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush().inspect_err(|e| self.keep(e))
    }
}

impl<W> WriteErrors<W> {
    fn keep(&mut self, e: &std::io::Error) {
        if self.first.is_none() {
            self.first = Some(std::io::Error::new(e.kind(), e.to_string()));
        }
    }
}

impl Emit for Staging {
    fn file(&self, f: OutputFile) -> anyhow::Result<()> {
        self.write(&f)
    }

    fn stream(&self, path: &str, write: &mut WriteFn) -> anyhow::Result<()> {
        self.write_with(path, write)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed && self.tmp.exists() {
            let _ = fs::remove_dir_all(&self.tmp);
        }
    }
}

fn swap(tmp: &Path, out: &Path, old: &Path) -> anyhow::Result<()> {
    if out.exists() {
        fs::rename(out, old).with_context(|| format!("cannot move the previous output `{}` aside", out.display()))?;
        if let Err(e) = fs::rename(tmp, out) {
            // Put the previous output back.
            let _ = fs::rename(old, out);
            return Err(e).with_context(|| format!("cannot move the new output into `{}`", out.display()));
        }
        // Only ever remove the folder we just moved aside, which held our marker or nothing.
        fs::remove_dir_all(old).with_context(|| format!("cannot remove the previous output `{}`", old.display()))?;
    } else {
        fs::rename(tmp, out).with_context(|| format!("cannot move the new output into `{}`", out.display()))?;
    }
    Ok(())
}

/// A relative path with no `..`, no root and no empty parts.
pub fn is_safe_relative(p: &str) -> bool {
    !p.is_empty()
        && !p.starts_with('/')
        && !p.contains('\\')
        && !p.contains('\0')
        && p.split('/').all(|part| !part.is_empty() && part != ".." && part != ".")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile { path: path.into(), bytes: text.as_bytes().to_vec() }
    }

    #[test]
    fn writes_and_replaces_atomically() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[file("a/b.html", "one"), file("index.html", "i")]).unwrap();
        assert_eq!(fs::read_to_string(out.join("a/b.html")).unwrap(), "one");
        write_site(&out, &[file("c.html", "two")]).unwrap();
        assert!(!out.join("a/b.html").exists());
        assert_eq!(fs::read_to_string(out.join("c.html")).unwrap(), "two");
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(leftovers.len(), 1, "{leftovers:?}");
    }

    #[test]
    fn failed_write_keeps_previous_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[file("index.html", "old")]).unwrap();
        assert!(write_site(&out, &[file("../escape.html", "x")]).is_err());
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "old");
        assert!(!dir.path().join("escape.html").exists());
    }

    #[test]
    fn refuses_dangerous_output_folders() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        fs::create_dir_all(root.join("content/incidents")).unwrap();
        fs::create_dir_all(root.join("docs")).unwrap();
        fs::write(root.join("docs/readme.txt"), "mine").unwrap();
        assert!(check_output_dir(&root, &root).is_err());
        assert!(check_output_dir(&root, dir.path()).is_err());
        assert!(check_output_dir(&root, &root.join("content")).is_err());
        assert!(check_output_dir(&root, &root.join("content/incidents/out")).is_err());
        assert!(check_output_dir(&root, &root.join("docs")).is_err());
        assert!(check_output_dir(&root, &root.join("public")).is_ok());
        assert!(check_output_dir(&root, &root.join("x/../content")).is_err());
    }

    #[test]
    fn an_interrupted_build_is_tidied_and_recovered() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[file("index.html", "old")]).unwrap();
        // A build killed between the two renames: the output moved aside, no new one.
        fs::rename(&out, dir.path().join(".public.warroom-old-123")).unwrap();
        fs::create_dir_all(dir.path().join(".public.warroom-tmp-456/incidents")).unwrap();
        fs::create_dir_all(dir.path().join(".public.warroom-tmp-notapid")).unwrap();
        recover_interrupted(dir.path(), "public", &out);
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "old");
        assert!(!dir.path().join(".public.warroom-tmp-456").exists());
        assert!(dir.path().join(".public.warroom-tmp-notapid").exists(), "only our own names are removed");
    }

    #[test]
    fn safe_relative_paths() {
        assert!(is_safe_relative("incidents/a.html"));
        assert!(!is_safe_relative("../a.html"));
        assert!(!is_safe_relative("/etc/passwd"));
        assert!(!is_safe_relative("a//b"));
    }
}
