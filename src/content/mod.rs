//! Loading content: files → typed [`Document`]s → a [`Library`].
//!
//! `Document::parse` is pure (text in, document and findings out) and is what
//! the tests call; [`load`] walks `content/` and parses files in parallel.
//! Documents refer to each other by index into the library, never by
//! reference.

pub mod action_items;
pub mod body;
pub mod contacts;
pub mod fields;
pub mod frontmatter;
pub mod phone;
pub mod postmortem;
pub mod runbook;
pub mod timeline;
pub mod usage;

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::io::Read;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::slug::slugify;
use crate::yaml::{self, Value};
use body::Body;
use fields::{Fields, Reference};

/// Largest content file read; bigger ones are reported, not parsed.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// The three kinds of document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Postmortem,
    Runbook,
    Contacts,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Postmortem => "postmortem",
            Kind::Runbook => "runbook",
            Kind::Contacts => "contacts",
        }
    }

    /// The output folder of the kind's pages.
    pub fn folder(self) -> &'static str {
        match self {
            Kind::Postmortem => "incidents",
            Kind::Runbook => "runbooks",
            Kind::Contacts => "contacts",
        }
    }

    fn from_folder(folder: &str) -> Option<Kind> {
        match folder {
            "incidents" => Some(Kind::Postmortem),
            "runbooks" => Some(Kind::Runbook),
            "contacts" => Some(Kind::Contacts),
            _ => None,
        }
    }

    fn from_name(name: &str) -> Option<Kind> {
        match name {
            "postmortem" | "post-mortem" | "incident" => Some(Kind::Postmortem),
            "runbook" => Some(Kind::Runbook),
            "contacts" | "phone-list" => Some(Kind::Contacts),
            _ => None,
        }
    }
}

/// The typed part that depends on the kind.
#[derive(Debug, Clone, PartialEq)]
pub enum Data {
    Postmortem(Box<postmortem::Postmortem>),
    Runbook(runbook::Runbook),
    Contacts(contacts::Contacts),
}

/// One content file, parsed.
#[derive(Debug, Clone)]
pub struct Document {
    /// Path from the site root, `/`-separated: `content/incidents/x.md`.
    pub file: String,
    /// Path under `content/` without `.md`: `incidents/x`.
    pub rel: String,
    pub kind: Kind,
    pub id: String,
    pub id_line: usize,
    pub slug: String,
    /// Output path from the site root: `incidents/x.html`.
    pub url: String,
    pub title: String,
    pub tags: Vec<String>,
    pub related: Vec<Reference>,
    /// The whole file, normalised (no BOM, `\n` line endings).
    pub source: String,
    pub body_start: usize,
    pub body_line: usize,
    pub body: Body,
    /// `None` when the front matter could not be read at all.
    pub data: Option<Data>,
    /// Findings made while parsing.
    pub diagnostics: Vec<Diagnostic>,
}

impl Document {
    /// The Markdown body.
    pub fn body_text(&self) -> &str {
        &self.source[self.body_start..]
    }

    pub fn postmortem(&self) -> Option<&postmortem::Postmortem> {
        match &self.data {
            Some(Data::Postmortem(p)) => Some(p),
            _ => None,
        }
    }

    pub fn runbook(&self) -> Option<&runbook::Runbook> {
        match &self.data {
            Some(Data::Runbook(r)) => Some(r),
            _ => None,
        }
    }

    pub fn contacts(&self) -> Option<&contacts::Contacts> {
        match &self.data {
            Some(Data::Contacts(c)) => Some(c),
            _ => None,
        }
    }

    /// Parses a file's text. `file` is its path from the site root
    /// (`content/incidents/x.md`); no I/O happens here.
    pub fn parse(text: &str, file: &str, config: &Config) -> Option<Document> {
        Document::parse_normalised(frontmatter::normalise(text), file, &SectionKeys::new(config))
    }

    /// [`Document::parse`] of normalised text (see [`frontmatter::normalise`]),
    /// which becomes [`Document::source`] as it is; `keys` remembers section
    /// headings across the documents of one load.
    fn parse_normalised(source: String, file: &str, keys: &SectionKeys) -> Option<Document> {
        let config = keys.config;
        let rel = file.strip_prefix("content/").unwrap_or(file).trim_end_matches(".md").to_string();
        let folder_kind = rel.split('/').next().and_then(Kind::from_folder);
        let stem = rel.rsplit('/').next().unwrap_or(&rel).to_string();
        let mut diags = Vec::new();
        let mut doc = Document {
            file: file.to_string(),
            kind: folder_kind.unwrap_or(Kind::Postmortem),
            id: stem.clone(),
            id_line: 1,
            slug: slugify(&stem),
            url: String::new(),
            rel,
            title: stem.clone(),
            tags: Vec::new(),
            related: Vec::new(),
            body_start: 0,
            body_line: 1,
            body: Body::default(),
            data: None,
            diagnostics: Vec::new(),
            source: String::new(),
        };
        let split = match frontmatter::split(&source) {
            Ok(s) => s,
            Err(e) => {
                let (line, msg, hint) = match e {
                    frontmatter::SplitError::Missing => (
                        1,
                        "the file has no front matter".to_string(),
                        "start the file with a `---` line, the YAML fields, and another `---` line",
                    ),
                    frontmatter::SplitError::Unclosed => (
                        1,
                        "the front matter opened with `---` is never closed".to_string(),
                        "add a `---` line after the last front matter field",
                    ),
                };
                doc.diagnostics.push(Diagnostic::new("front-matter-missing", file, line, msg).hint(hint));
                doc.url = format!("{}/{}.html", doc.kind.folder(), doc.slug);
                doc.source = source;
                return folder_kind.map(|_| doc);
            }
        };
        doc.body_start = split.body.as_ptr() as usize - source.as_ptr() as usize;
        doc.body_line = split.body_line;
        let front = match yaml::parse(split.yaml) {
            Ok(n) => n,
            Err(e) => {
                doc.diagnostics.push(
                    Diagnostic::new(
                        "front-matter-invalid",
                        file,
                        e.pos.line + split.yaml_line - 1,
                        format!("front matter is not valid YAML: {}", e.message),
                    )
                    .column(e.pos.column.max(1))
                    .hint("check indentation, quotes and colons; quote values that contain `: ` or start with `@`, `*`, `[`"),
                );
                doc.url = format!("{}/{}.html", doc.kind.folder(), doc.slug);
                doc.source = source;
                return folder_kind.map(|_| doc);
            }
        };
        for (line, column, value) in frontmatter::cut_values(split.yaml, split.yaml_line) {
            let kept = value.split(" #").next().unwrap_or("").trim_end();
            doc.diagnostics.push(
                Diagnostic::new(
                    "front-matter-suspicious",
                    file,
                    line,
                    format!("`{value}` is read as `{kept}`: YAML takes ` #` and what follows as a comment"),
                )
                .column(column)
                .hint(format!("quote the value to keep all of it: \"{}\"", value.replace('"', "\\\""))),
            );
        }
        let empty = Vec::new();
        let entries = match &front.value {
            Value::Map(entries) => entries,
            Value::Null => &empty,
            other => {
                doc.diagnostics.push(
                    Diagnostic::new(
                        "front-matter-invalid",
                        file,
                        split.yaml_line,
                        format!("front matter must be `key: value` fields, not {}", other.type_name()),
                    )
                    .hint("write one field per line, such as `title: Database outage`"),
                );
                &empty
            }
        };
        let mut fields = Fields::new(entries, file, split.yaml_line);
        if let Some(kind_text) = fields.text("kind", false) {
            match Kind::from_name(&kind_text) {
                Some(k) => doc.kind = k,
                None => {
                    let node = fields.node("kind").expect("text() found it");
                    fields.report(
                        "invalid-field",
                        node,
                        format!("unknown kind `{kind_text}`"),
                        Some("use `postmortem`, `runbook` or `contacts`".into()),
                    );
                }
            }
        } else if folder_kind.is_none() {
            doc.diagnostics.push(
                Diagnostic::new("missing-field", file, 1, "cannot tell what kind of document this is")
                    .hint("put it under content/incidents/, content/runbooks/ or content/contacts/, or add `kind: postmortem|runbook|contacts`"),
            );
            doc.source = source;
            return Some(Document { url: String::new(), ..doc });
        }
        if let Some(id) = fields.text("id", false) {
            doc.id_line = fields.node("id").map(|n| fields.line(n)).unwrap_or(1);
            doc.slug = slugify(&id);
            doc.id = id;
        }
        doc.url = format!("{}/{}.html", doc.kind.folder(), doc.slug);
        doc.title = fields.text("title", true).unwrap_or(doc.title);
        doc.tags = fields.list("tags", false);
        doc.related = fields.list_with_lines("related", false);
        let body_text = &source[doc.body_start..];
        doc.body = body::analyse(body_text, doc.body_line, &|t| keys.key_for(doc.kind, t));
        let data = match doc.kind {
            Kind::Postmortem => {
                let (pm, d) = postmortem::parse(&mut fields, &mut doc.body, body_text, config, file);
                diags.extend(d);
                Data::Postmortem(Box::new(pm))
            }
            Kind::Runbook => Data::Runbook(runbook::parse(&mut fields, config)),
            Kind::Contacts => {
                let (c, d) = contacts::parse(&mut fields, config, file);
                diags.extend(d);
                Data::Contacts(c)
            }
        };
        doc.diagnostics.extend(fields.finish());
        doc.diagnostics.extend(diags);
        doc.data = Some(data);
        // The typed parts above hold what was read from lists and tables; keep
        // only their positions, which halves a large site's memory.
        for section in &mut doc.body.sections {
            section.lists.iter_mut().for_each(|l| l.items = Vec::new());
            section.tables.iter_mut().for_each(|t| {
                t.header = Vec::new();
                t.rows = Vec::new();
            });
        }
        doc.source = source;
        Some(doc)
    }
}

/// Heading text → section key.
type SeenKeys = HashMap<String, Option<String>, rustc_hash::FxBuildHasher>;

/// The section keys of H2 headings (`## Root cause` → `root-cause`) from the
/// config, remembered by heading text: most documents use the same few
/// headings, and the config's lookup normalises and compares every alias.
struct SectionKeys<'c> {
    config: &'c Config,
    /// Post-mortem and runbook headings.
    seen: [RefCell<SeenKeys>; 2],
}

impl<'c> SectionKeys<'c> {
    /// Headings remembered per kind; more distinct ones are looked up each time.
    const MAX_SEEN: usize = 1_000;

    fn new(config: &'c Config) -> SectionKeys<'c> {
        SectionKeys { config, seen: Default::default() }
    }

    fn key_for(&self, kind: Kind, heading: &str) -> Option<String> {
        let (seen, sections) = match kind {
            Kind::Postmortem => (&self.seen[0], &self.config.postmortem_sections),
            Kind::Runbook => (&self.seen[1], &self.config.runbook_sections),
            // Phone lists have no sections to find.
            Kind::Contacts => return None,
        };
        let mut seen = seen.borrow_mut();
        if let Some(key) = seen.get(heading) {
            return key.clone();
        }
        let key = sections.key_for(heading).map(str::to_string);
        if seen.len() < Self::MAX_SEEN {
            seen.insert(heading.to_string(), key.clone());
        }
        key
    }
}

/// Every document of a site, sorted by file path, with lookups by id and path.
#[derive(Debug, Default, Clone)]
pub struct Library {
    pub docs: Vec<Document>,
    by_id: KeyMap,
    by_rel: KeyMap,
    /// File name without `.md` → the first document (by path) with it.
    by_stem: KeyMap,
    by_url: KeyMap,
    /// Files under `static/` (and the theme's static), relative, `/`-separated.
    pub static_files: BTreeSet<String>,
    /// Findings about files that could not be read as documents.
    pub diagnostics: Vec<Diagnostic>,
}

/// A lookup by id or path. Keys come from the site's own files and lookups
/// stay in the process, so the hash need not resist chosen collisions:
/// rustc's FxHash is several times cheaper than the default SipHash here.
type KeyMap = HashMap<String, usize, rustc_hash::FxBuildHasher>;

/// Where a link in a document points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// Another document, with an optional `#fragment`.
    Doc(usize, Option<String>),
    /// A file copied from `static/`, relative to the output root.
    Static(String),
    /// A URL with a scheme, a fragment, or anything not to check.
    External,
    Broken,
}

impl Library {
    /// Builds the lookups. The first document with an id or path keeps it;
    /// the check pass reports the others as `duplicate-id`.
    pub fn new(mut docs: Vec<Document>, static_files: BTreeSet<String>, diagnostics: Vec<Diagnostic>) -> Library {
        docs.sort_by(|a, b| a.file.cmp(&b.file));
        let map = || KeyMap::with_capacity_and_hasher(docs.len(), Default::default());
        let mut lib = Library {
            static_files,
            diagnostics,
            by_id: map(),
            by_rel: map(),
            by_stem: map(),
            by_url: map(),
            ..Library::default()
        };
        // The first document keeps a key: a later one neither replaces it nor copies its key.
        fn first(map: &mut KeyMap, key: &str, i: usize) {
            if !map.contains_key(key) {
                map.insert(key.to_string(), i);
            }
        }
        for (i, d) in docs.iter().enumerate() {
            first(&mut lib.by_id, &d.id, i);
            first(&mut lib.by_rel, &d.rel, i);
            first(&mut lib.by_stem, d.rel.rsplit('/').next().unwrap_or(&d.rel), i);
            if !d.url.is_empty() {
                first(&mut lib.by_url, &d.url, i);
            }
        }
        lib.docs = docs;
        lib
    }

    /// Applies an edit made while serving: documents read anew (from files
    /// already in the library or new ones) and files deleted, then rebuilds
    /// the lookups if an id, URL or file changed. Findings about files that
    /// could not be read are dropped for the files named here.
    ///
    /// Returns whether every document kept its place, kind, id and URL, so
    /// that what other documents' links resolve to, and so their findings,
    /// still hold.
    pub fn update(&mut self, docs: Vec<Document>, removed: &[String]) -> bool {
        let mut same_keys = removed.is_empty();
        let mut touched: Vec<String> = removed.to_vec();
        for d in docs {
            touched.push(d.file.clone());
            match self.docs.binary_search_by(|e| e.file.as_str().cmp(&d.file)) {
                Ok(i) => {
                    let old = &self.docs[i];
                    same_keys &= old.id == d.id && old.url == d.url && old.kind == d.kind && old.slug == d.slug;
                    self.docs[i] = d;
                }
                Err(i) => {
                    same_keys = false;
                    self.docs.insert(i, d);
                }
            }
        }
        for file in removed {
            if let Ok(i) = self.docs.binary_search_by(|e| e.file.as_str().cmp(file)) {
                self.docs.remove(i);
            }
        }
        self.diagnostics.retain(|d| !touched.contains(&d.file));
        // The file, and so `rel` and the stem, stay: only a new id or URL
        // moves a lookup.
        if same_keys {
            return true;
        }
        let docs = std::mem::take(&mut self.docs);
        let static_files = std::mem::take(&mut self.static_files);
        let diagnostics = std::mem::take(&mut self.diagnostics);
        *self = Library::new(docs, static_files, diagnostics);
        false
    }

    /// Looks up a reference from `related` or `contacts`: an id, or a path
    /// under content/ with or without `.md`.
    pub fn resolve_ref(&self, target: &str) -> Option<usize> {
        let t = target.trim().trim_start_matches("content/").trim_start_matches('/');
        let t = t.strip_suffix(".md").unwrap_or(t);
        // `contacts: [oncall]` may name a phone list by its file name alone.
        self.by_id.get(t).or_else(|| self.by_rel.get(t)).or_else(|| self.by_stem.get(t)).copied()
    }

    /// The document holding an id, if any.
    pub fn by_id(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The document whose page is at a URL, if any.
    pub fn by_url(&self, url: &str) -> Option<usize> {
        self.by_url.get(url).copied()
    }

    /// Resolves a link destination written in the document at `from`.
    pub fn resolve_link(&self, from: &Document, dest: &str) -> LinkTarget {
        let dest = dest.trim();
        if dest.is_empty() || dest.starts_with('#') || dest.starts_with("//") || has_scheme(dest) {
            return LinkTarget::External;
        }
        let (path, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(f.to_string())),
            None => (dest, None),
        };
        let path = path.split('?').next().unwrap_or(path);
        let path = percent_decode(path);
        let base = Path::new(&from.file).parent().unwrap_or(Path::new(""));
        let joined = if let Some(abs) = path.strip_prefix('/') { PathBuf::from(abs) } else { base.join(&path) };
        let Some(norm) = normalise_path(&joined) else { return LinkTarget::Broken };
        if let Some(under) = norm.strip_prefix("content/") {
            if let Some(rel) = under.strip_suffix(".md") {
                return self.by_rel.get(rel).map_or(LinkTarget::Broken, |i| LinkTarget::Doc(*i, fragment));
            }
            if let Some(i) = self.by_url.get(under) {
                return LinkTarget::Doc(*i, fragment);
            }
        }
        if let Some(s) = norm.strip_prefix("static/") {
            if self.static_files.contains(s) {
                return LinkTarget::Static(s.to_string());
            }
        }
        if self.static_files.contains(&norm) {
            return LinkTarget::Static(norm);
        }
        // A link written against the built site: `../runbooks/x.html`.
        if let Some(i) = self.by_url.get(norm.trim_start_matches("content/")) {
            return LinkTarget::Doc(*i, fragment);
        }
        LinkTarget::Broken
    }
}

fn has_scheme(dest: &str) -> bool {
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty()
                && scheme.chars().all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '-' || c == '.')
                && !dest[..i].contains('/')
        }
        None => false,
    }
}

/// A link's path decoded as browsers read it: a `%` that starts no escape
/// stays as written, and bytes that are not UTF-8 become U+FFFD (so the link
/// is reported broken, naming what was written, instead of refused).
fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// Resolves `.` and `..` without touching the disk; `None` when the path
/// climbs above the site root.
fn normalise_path(p: &Path) -> Option<String> {
    let mut parts: Vec<std::borrow::Cow<str>> = Vec::new();
    for c in p.components() {
        match c {
            Component::Normal(s) => parts.push(s.to_string_lossy()),
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(parts.join("/"))
}

/// Walks `content/` and `static/` under `root` and parses every Markdown
/// file in parallel.
pub fn load(root: &Path, config: &Config) -> anyhow::Result<Library> {
    let content = root.join("content");
    let mut files = Vec::new();
    let mut diags = Vec::new();
    if content.is_dir() {
        for entry in walkdir::WalkDir::new(&content).follow_links(true).sort_by_file_name() {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let path = e.path().map(|p| rel_path(root, p)).unwrap_or_else(|| "content".into());
                    let msg = if e.loop_ancestor().is_some() {
                        "a symbolic link loops back to a folder above it; it was skipped".to_string()
                    } else {
                        format!("cannot read: {e}")
                    };
                    diags.push(Diagnostic::new("front-matter-invalid", &path, 0, msg));
                    continue;
                }
            };
            if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == "md") {
                files.push(entry.into_path());
            }
        }
    }
    let read_all = || -> Vec<Result<Option<Document>, Diagnostic>> {
        files
            .par_iter()
            .map_init(
                || SectionKeys::new(config),
                |keys, path| {
                    let file = rel_path(root, path);
                    let bytes = read_file(path, &file)?;
                    let text = String::from_utf8(bytes).map_err(|e| {
                        let upto = &e.as_bytes()[..e.utf8_error().valid_up_to()];
                        let line = upto.iter().filter(|b| **b == b'\n').count() + 1;
                        Diagnostic::new("front-matter-invalid", &file, line, "the file is not valid UTF-8 text")
                            .hint("save it as UTF-8; binary files do not belong under content/")
                    })?;
                    if let Some(nul) = text.find('\0') {
                        let line = text[..nul].matches('\n').count() + 1;
                        return Err(Diagnostic::new(
                            "front-matter-invalid",
                            &file,
                            line,
                            "the file contains NUL bytes; is it binary?",
                        )
                        .hint("only Markdown text files belong under content/"));
                    }
                    Ok(Document::parse_normalised(frontmatter::normalise_owned(text), &file, keys))
                },
            )
            .collect()
    };
    let results = match reading_pool() {
        Some(pool) => pool.install(read_all),
        None => read_all(),
    };
    let mut docs = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(Some(d)) if d.url.is_empty() => diags.extend(d.diagnostics),
            Ok(Some(d)) => docs.push(d),
            Ok(None) => {}
            Err(d) => diags.push(d),
        }
    }
    let static_files = list_static(&root.join("static"));
    Ok(Library::new(docs, static_files, diags))
}

/// The threads that read and parse the content files. Files not in the
/// page cache (a cold start, a network drive) keep a thread waiting on the
/// disk; with four threads a core, more reads are in flight and parsing
/// fills the waits. `RAYON_NUM_THREADS`, when set, is obeyed instead.
fn reading_pool() -> Option<rayon::ThreadPool> {
    if std::env::var_os("RAYON_NUM_THREADS").is_some() {
        return None;
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    rayon::ThreadPoolBuilder::new().num_threads((cores * 4).clamp(4, 64)).build().ok()
}

/// Reads a content file of at most [`MAX_FILE_BYTES`]. One open serves the
/// size check and the read; when the open fails, the file's size by path
/// still decides between "too big" and "cannot read", as a separate size
/// check before the read would.
fn read_file(path: &Path, file: &str) -> Result<Vec<u8>, Diagnostic> {
    let cannot =
        |e: std::io::Error| Diagnostic::new("front-matter-invalid", file, 0, format!("cannot read the file: {e}"));
    let too_big = |len: u64| {
        Diagnostic::new(
            "front-matter-invalid",
            file,
            0,
            format!(
                "the file is {:.1} MB; content files are limited to {} MB",
                len as f64 / 1_048_576.0,
                MAX_FILE_BYTES / 1_048_576
            ),
        )
        .hint("split it into several documents, or move large attachments to static/")
    };
    let mut f = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => {
            let len = std::fs::metadata(path).map_err(cannot)?.len();
            return Err(if len > MAX_FILE_BYTES { too_big(len) } else { cannot(e) });
        }
    };
    let len = f.metadata().map_err(cannot)?.len();
    if len > MAX_FILE_BYTES {
        return Err(too_big(len));
    }
    // Read the size found, then probe for more in case the file grew.
    let mut bytes = Vec::new();
    bytes.try_reserve_exact(len as usize).map_err(|e| cannot(e.into()))?;
    bytes.resize(len as usize, 0);
    let mut filled = 0;
    let mut probe = [0u8; 64];
    loop {
        let buf = if filled < bytes.len() { &mut bytes[filled..] } else { &mut probe[..] };
        match f.read(buf) {
            Ok(0) => break,
            Ok(n) if filled < bytes.len() => filled += n,
            Ok(n) => {
                bytes.extend_from_slice(&probe[..n]);
                f.read_to_end(&mut bytes).map_err(cannot)?;
                return Ok(bytes);
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(cannot(e)),
        }
    }
    bytes.truncate(filled);
    Ok(bytes)
}

fn list_static(dir: &Path) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    if dir.is_dir() {
        for entry in walkdir::WalkDir::new(dir).follow_links(true).into_iter().flatten() {
            if entry.file_type().is_file() {
                out.insert(rel_path(dir, entry.path()));
            }
        }
    }
    out
}

/// A path relative to `base`, `/`-separated.
pub fn rel_path(base: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    // A plain relative path (`content/incidents/x.md`) is already in that form.
    if let Some(text) = rel.to_str() {
        if std::path::MAIN_SEPARATOR == '/' && text.split('/').all(|c| !c.is_empty() && c != ".") {
            return text.to_string();
        }
    }
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str, file: &str) -> Document {
        Document::parse(text, file, &Config::default()).unwrap()
    }

    #[test]
    fn link_paths_are_decoded_leniently() {
        assert_eq!(percent_decode("runbooks/db%20failover.md"), "runbooks/db failover.md");
        assert_eq!(percent_decode("caf%C3%A9.md"), "caf\u{e9}.md");
        // A `%` that starts no escape stays; bytes that are not UTF-8 become U+FFFD.
        assert_eq!(percent_decode("100%.md%zz%4"), "100%.md%zz%4");
        assert_eq!(percent_decode("a%ffb.md"), "a\u{fffd}b.md");
    }

    #[test]
    fn remembered_section_keys_are_the_configs() {
        let config = Config::default();
        let keys = SectionKeys::new(&config);
        let headings = ["Timeline", "timeline", " Root Cause: ", "Action items", "Steps", "Summary", "Whatever", ""];
        for _ in 0..2 {
            for h in headings {
                let pm = config.postmortem_sections.key_for(h).map(str::to_string);
                assert_eq!(keys.key_for(Kind::Postmortem, h), pm, "{h:?}");
                let rb = config.runbook_sections.key_for(h).map(str::to_string);
                assert_eq!(keys.key_for(Kind::Runbook, h), rb, "{h:?}");
                assert_eq!(keys.key_for(Kind::Contacts, h), None, "{h:?}");
            }
        }
        assert_eq!(keys.key_for(Kind::Postmortem, "Root cause").as_deref(), Some("root-cause"));
        for i in 0..SectionKeys::MAX_SEEN + 10 {
            assert_eq!(keys.key_for(Kind::Runbook, &format!("Heading {i}")), None);
        }
        assert_eq!(keys.seen[1].borrow().len(), SectionKeys::MAX_SEEN);
        assert_eq!(keys.key_for(Kind::Postmortem, "Timeline").as_deref(), Some("timeline"));
    }

    #[test]
    fn files_are_read_whole_or_refused_with_the_reason() {
        let dir = tempfile::tempdir().unwrap();
        let path = |name: &str| dir.path().join(name);
        std::fs::write(path("a.md"), "---\ntitle: x\n---\nbody\n").unwrap();
        assert_eq!(read_file(&path("a.md"), "content/a.md").unwrap(), b"---\ntitle: x\n---\nbody\n");
        std::fs::write(path("empty.md"), "").unwrap();
        assert_eq!(read_file(&path("empty.md"), "content/empty.md").unwrap(), b"");
        let big = std::fs::File::create(path("big.md")).unwrap();
        big.set_len(MAX_FILE_BYTES + 1).unwrap();
        let e = read_file(&path("big.md"), "content/big.md").unwrap_err();
        assert_eq!((e.rule, e.file.as_str(), e.line), ("front-matter-invalid", "content/big.md", 0));
        assert_eq!(e.message, "the file is 8.0 MB; content files are limited to 8 MB");
        assert!(e.hint.as_deref().unwrap().starts_with("split it into several documents"));
        let e = read_file(&path("gone.md"), "content/gone.md").unwrap_err();
        assert_eq!(e.message, format!("cannot read the file: {}", std::fs::read(path("gone.md")).unwrap_err()));
        let e = read_file(dir.path(), "content").unwrap_err();
        assert_eq!(e.message, format!("cannot read the file: {}", std::fs::read(dir.path()).unwrap_err()));
    }

    #[test]
    fn relative_paths_are_slash_separated() {
        let base = Path::new("/site");
        for (path, rel) in [
            ("/site/content/incidents/a.md", "content/incidents/a.md"),
            ("/site/content//incidents/./a.md", "content/incidents/a.md"),
            ("/site/content/incidents/", "content/incidents"),
            ("/site/content/../x.md", "content/../x.md"),
            ("/site", ""),
            ("/elsewhere/a.md", "//elsewhere/a.md"),
            ("./a/b", "./a/b"),
            ("a/./b", "a/b"),
            ("é/ü.md", "é/ü.md"),
        ] {
            assert_eq!(rel_path(base, Path::new(path)), rel, "{path}");
            let slow: Vec<_> = Path::new(path)
                .strip_prefix(base)
                .unwrap_or(Path::new(path))
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect();
            assert_eq!(rel_path(base, Path::new(path)), slow.join("/"), "{path}");
        }
    }

    #[test]
    fn kind_from_folder_and_override() {
        let d = doc("---\ntitle: x\n---\n", "content/runbooks/a.md");
        assert_eq!(d.kind, Kind::Runbook);
        let d = doc("---\ntitle: x\nkind: contacts\n---\n", "content/runbooks/a.md");
        assert_eq!(d.kind, Kind::Contacts);
        assert_eq!(d.url, "contacts/a.html");
    }

    #[test]
    fn id_from_field_or_file() {
        let d = doc("---\ntitle: x\nid: INC-2024-017\n---\n", "content/incidents/2024/a.md");
        assert_eq!(d.id, "INC-2024-017");
        assert_eq!(d.url, "incidents/inc-2024-017.html");
        assert_eq!(d.rel, "incidents/2024/a");
        let d = doc("---\ntitle: x\n---\n", "content/incidents/2024-03-01-disk.md");
        assert_eq!(d.id, "2024-03-01-disk");
    }

    #[test]
    fn missing_front_matter_and_bad_yaml() {
        let d = doc("# Hello\n", "content/incidents/a.md");
        assert_eq!(d.diagnostics[0].rule, "front-matter-missing");
        let d = doc("---\ntitle: x\nservices: [a\n---\n", "content/incidents/a.md");
        assert_eq!(d.diagnostics[0].rule, "front-matter-invalid");
        assert!(d.diagnostics[0].line >= 3, "{:?}", d.diagnostics[0]);
    }

    #[test]
    fn text_fields_keep_words_yaml_reads_as_booleans() {
        for front in ["title: yes\nservices: [yes, No]\n", "title: yes\nservices:\n  - yes\n  - No\n"] {
            let d = doc(&format!("---\n{front}date: 2026-01-02\n---\n"), "content/incidents/a.md");
            assert_eq!(d.title, "yes");
            assert_eq!(d.postmortem().unwrap().services, vec!["yes", "No"]);
        }
    }

    #[test]
    fn unknown_field_suggests() {
        let d = doc("---\ntitle: x\nsevrity: SEV1\n---\n", "content/incidents/a.md");
        let u = d.diagnostics.iter().find(|d| d.rule == "unknown-field").unwrap();
        assert_eq!(u.line, 3);
        assert_eq!(u.hint.as_deref(), Some("did you mean `severity`?"));
    }

    #[test]
    fn bad_dates_and_times_are_reported_with_their_text() {
        let text = "---\ntitle: x\ndate: 2024-02-30\nseverity: SEV2\nstatus: final\nservices: [db]\nstarted: 2024-03-01 24:10\n---\n## Timeline\n\n- 25:00 nope\n\n## Action items\n\n| Action | Due |\n|---|---|\n| Fix | 2024-13-01 |\n";
        let d = doc(text, "content/incidents/a.md");
        let find = |rule: &str, line: usize| {
            d.diagnostics
                .iter()
                .find(|x| x.rule == rule && x.line == line)
                .unwrap_or_else(|| panic!("{rule} at {line}: {:?}", d.diagnostics))
        };
        let date = find("invalid-field", 3);
        assert_eq!(date.message, "`date: 2024-02-30` is not a date");
        assert_eq!(date.hint.as_deref(), Some("write dates as YYYY-MM-DD, e.g. 2024-03-01"));
        assert_eq!(find("invalid-field", 7).message, "`started`: `2024-03-01 24:10` is not a timestamp");
        assert_eq!(find("timeline-entry-invalid", 11).message, "timeline entry `25:00 nope` has no readable time");
        let pm = d.postmortem().unwrap();
        assert_eq!(pm.action_items[0].bad_due.as_deref(), Some("2024-13-01"));
    }

    #[test]
    fn postmortem_parses_fully() {
        let text = "---\ntitle: Disk full\ndate: 2024-03-01\nseverity: SEV2\nstatus: final\nservices: [db]\ntimezone: Europe/Berlin\nstarted: 2024-03-01 23:50\n---\n## Timeline\n\n- 23:50 [started] disk fills\n- 23:58 [detected] alert\n- 2024-03-02 00:30 [resolved] cleaned\n\n## Root cause\n\n1. **Why?** a\n2. **Why?** b\n\n## Action items\n\n| Action | Owner | Due |\n|---|---|---|\n| Alert | @a | 2024-04-01 |\n";
        let d = doc(text, "content/incidents/a.md");
        assert!(d.diagnostics.is_empty(), "{:?}", d.diagnostics);
        let pm = d.postmortem().unwrap();
        assert_eq!(pm.timeline.len(), 3);
        assert_eq!(pm.whys.len(), 2);
        assert_eq!(pm.action_items.len(), 1);
        assert_eq!(pm.time_to_detect(), Some(8 * 60));
        assert_eq!(pm.time_to_resolve(), Some(40 * 60));
    }

    #[test]
    fn links_resolve_relative_to_the_file() {
        let a = doc("---\ntitle: a\n---\n", "content/incidents/2024/a.md");
        let r = doc("---\ntitle: r\n---\n", "content/runbooks/failover.md");
        let lib = Library::new(vec![a.clone(), r], ["img/x.png".to_string()].into(), Vec::new());
        let rb = lib.resolve_ref("runbooks/failover").unwrap();
        assert_eq!(lib.resolve_link(&a, "../../runbooks/failover.md#steps"), LinkTarget::Doc(rb, Some("steps".into())));
        assert_eq!(lib.resolve_link(&a, "../runbooks/failover.md"), LinkTarget::Broken);
        assert_eq!(lib.resolve_link(&a, "/static/img/x.png"), LinkTarget::Static("img/x.png".into()));
        assert_eq!(lib.resolve_link(&a, "https://example.com"), LinkTarget::External);
        assert_eq!(lib.resolve_link(&a, "mailto:x@y"), LinkTarget::External);
        assert_eq!(lib.resolve_link(&a, "../../../../etc/passwd"), LinkTarget::Broken);
        assert_eq!(lib.resolve_ref("failover"), Some(rb));
    }
}
