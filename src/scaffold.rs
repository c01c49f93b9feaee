//! `warroom init` and `warroom new`: files from templates compiled into the
//! binary, so neither needs a network. Neither ever overwrites a file.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};
use chrono::{Datelike, NaiveDate};

use crate::slug::slugify;

/// The starter site written by `init`.
const SITE: &[(&str, &str)] = &[
    ("warroom.yaml", include_str!("scaffold/site/warroom.yaml")),
    (
        "content/incidents/2026-01-15-example-database-failover.md",
        include_str!("scaffold/site/content/incidents/2026-01-15-example-database-failover.md"),
    ),
    (
        "content/runbooks/example-restart-service.md",
        include_str!("scaffold/site/content/runbooks/example-restart-service.md"),
    ),
    ("content/contacts/oncall.md", include_str!("scaffold/site/content/contacts/oncall.md")),
    ("static/.gitkeep", ""),
    ("templates/.gitkeep", ""),
    (".gitignore", "/public\n/binder.pdf\n"),
];

/// Writes the starter site into `dir`, which must not already hold a site.
pub fn init(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    if dir.join("warroom.yaml").exists() || dir.join("content").exists() {
        bail!("`{}` already holds a site (warroom.yaml or content/ exists); nothing was written", dir.display());
    }
    for (path, _) in SITE {
        if dir.join(path).exists() {
            bail!("`{}` already exists; nothing was written", dir.join(path).display());
        }
    }
    let mut written = Vec::new();
    for (path, text) in SITE {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).with_context(|| format!("cannot create `{}`", parent.display()))?;
        }
        fs::write(&target, text).with_context(|| format!("cannot write `{}`", target.display()))?;
        written.push(target);
    }
    Ok(written)
}

/// What `new` can create.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum NewKind {
    /// A post-mortem (`new postmortem` is the same).
    #[value(alias = "postmortem", alias = "post-mortem")]
    Incident,
    Runbook,
    Contacts,
}

/// Escapes a title for a double-quoted YAML scalar.
fn yaml_quoted(s: &str) -> String {
    s.chars().filter(|c| !c.is_control()).collect::<String>().replace('\\', "\\\\").replace('"', "\\\"")
}

/// The file name and text of a new document; `id` is a new incident's id
/// (see [`next_incident_id`]), unused by the other kinds.
pub fn new_document(kind: NewKind, title: &str, today: NaiveDate, id: &str) -> (String, String) {
    let slug = slugify(title);
    let date = today.format("%Y-%m-%d").to_string();
    let (folder, name, template) = match kind {
        NewKind::Incident => ("incidents", format!("{date}-{slug}"), include_str!("scaffold/new/incident.md")),
        NewKind::Runbook => ("runbooks", slug.clone(), include_str!("scaffold/new/runbook.md")),
        NewKind::Contacts => ("contacts", slug.clone(), include_str!("scaffold/new/contacts.md")),
    };
    let text = template
        .replace("{{title}}", &yaml_quoted(title))
        .replace("{{date}}", &date)
        .replace("{{id}}", &yaml_quoted(id));
    (format!("content/{folder}/{name}.md"), text)
}

/// Writes a new document under `root`; refuses to overwrite. `id_format`
/// is `postmortem.id_format` from the config.
pub fn new(root: &Path, kind: NewKind, title: &str, today: NaiveDate, id_format: &str) -> anyhow::Result<PathBuf> {
    if title.trim().is_empty() {
        bail!("the title is empty; run `warroom new incident \"Disk full on db-1\"`");
    }
    let id = match kind {
        NewKind::Incident => next_incident_id(root, id_format, today.year()),
        _ => String::new(),
    };
    let (rel, text) = new_document(kind, title, today, &id);
    let target = root.join(&rel);
    if target.exists() {
        bail!("`{}` already exists; choose another title or edit that file", target.display());
    }
    if let Some(parent) = target.parent() {
        fs::create_dir_all(parent).with_context(|| format!("cannot create `{}`", parent.display()))?;
    }
    fs::write(&target, text).with_context(|| format!("cannot write `{}`", target.display()))?;
    Ok(target)
}

/// The id of the next incident: `id_format` with `{year}` and `{seq}` (or
/// `{seq:03}`, zero-padded to 3) filled in, `seq` one more than the highest
/// of the ids of that year under `content/incidents/`.
pub fn next_incident_id(root: &Path, id_format: &str, year: i32) -> String {
    let highest = walkdir::WalkDir::new(root.join("content/incidents"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .filter_map(|e| {
            let text = fs::read_to_string(e.path()).ok();
            let stem = e.path().file_stem()?.to_string_lossy().into_owned();
            let id = text.as_deref().and_then(front_matter_id).unwrap_or(stem);
            seq_of(id_format, year, &id)
        })
        .max()
        .unwrap_or(0);
    format_id(id_format, year, highest + 1)
}

/// The `id:` of a file's front matter, unquoted.
fn front_matter_id(text: &str) -> Option<String> {
    let text = text.trim_start_matches('\u{feff}');
    let mut lines = text.lines();
    if lines.next()?.trim_end() != "---" {
        return None;
    }
    lines.take_while(|l| l.trim_end() != "---").find_map(|l| {
        let value = l.strip_prefix("id:")?;
        let value = value.split(" #").next().unwrap_or("").trim().trim_matches(['"', '\'']);
        (!value.is_empty()).then(|| value.to_string())
    })
}

/// The `{seq}` placeholder of an id format: its text and zero-padded width.
fn seq_placeholder(id_format: &str) -> (String, usize) {
    let Some(start) = id_format.find("{seq") else {
        return ("{seq}".into(), 0);
    };
    let end = id_format[start..].find('}').map_or(id_format.len(), |e| start + e + 1);
    let spec = &id_format[start..end];
    let width = spec.strip_prefix("{seq:").and_then(|w| w.trim_end_matches('}').parse().ok()).unwrap_or(0);
    (spec.to_string(), width)
}

fn format_id(id_format: &str, year: i32, seq: u32) -> String {
    let (spec, width) = seq_placeholder(id_format);
    id_format.replace("{year}", &year.to_string()).replace(&spec, &format!("{seq:0width$}"))
}

/// The sequence number of `id` when it follows `id_format` for `year`.
fn seq_of(id_format: &str, year: i32, id: &str) -> Option<u32> {
    let (spec, _) = seq_placeholder(id_format);
    let pattern = id_format.replace("{year}", &year.to_string());
    let (prefix, suffix) = pattern.split_once(&spec)?;
    let digits = id.strip_prefix(prefix)?.strip_suffix(suffix)?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::content::Document;

    #[test]
    fn new_files_are_named_and_parse() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        for kind in [NewKind::Incident, NewKind::Runbook, NewKind::Contacts] {
            let (path, text) = new_document(kind, "Disk \"full\" on db-1", today, "INC-2026-001");
            let doc = Document::parse(&text, &path, &Config::default()).unwrap();
            // A new phone list is not verified until someone rings it.
            let errors: Vec<_> = doc
                .diagnostics
                .iter()
                .filter(|d| d.level == crate::diagnostic::Level::Error)
                .filter(|d| !(kind == NewKind::Contacts && d.message.contains("last_verified")))
                .collect();
            assert!(errors.is_empty(), "{kind:?}: {errors:?}");
            assert_eq!(doc.title, "Disk \"full\" on db-1");
        }
        assert_eq!(
            new_document(NewKind::Incident, "Disk full", today, "INC-2026-001").0,
            "content/incidents/2026-11-22-disk-full.md"
        );
    }

    #[test]
    fn incident_ids_follow_the_format() {
        assert_eq!(format_id("INC-{year}-{seq:03}", 2026, 7), "INC-2026-007");
        assert_eq!(format_id("PM{seq}", 2026, 12), "PM12");
        assert_eq!(seq_of("INC-{year}-{seq:03}", 2026, "INC-2026-041"), Some(41));
        assert_eq!(seq_of("INC-{year}-{seq:03}", 2026, "INC-2025-041"), None);
        assert_eq!(seq_of("INC-{year}-{seq:03}", 2026, "INC-2026-04x"), None);
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(next_incident_id(dir.path(), "INC-{year}-{seq:03}", 2026), "INC-2026-001");
        let incidents = dir.path().join("content/incidents/2026");
        fs::create_dir_all(&incidents).unwrap();
        fs::write(incidents.join("a.md"), "---\nid: \"INC-2026-009\"\ntitle: a\n---\n").unwrap();
        fs::write(incidents.join("INC-2026-010.md"), "---\ntitle: b\n---\n").unwrap();
        fs::write(incidents.join("c.md"), "---\nid: INC-2025-050\n---\n").unwrap();
        assert_eq!(next_incident_id(dir.path(), "INC-{year}-{seq:03}", 2026), "INC-2026-011");
    }

    #[test]
    fn init_refuses_existing_site() {
        let dir = tempfile::tempdir().unwrap();
        init(dir.path()).unwrap();
        assert!(init(dir.path()).is_err());
    }
}
