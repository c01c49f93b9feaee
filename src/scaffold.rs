//! `warroom init` and `warroom new`: files from templates compiled into the
//! binary, so neither needs a network. Neither ever overwrites a file.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _};
use chrono::NaiveDate;

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
    Incident,
    Runbook,
    Contacts,
}

/// Escapes a title for a double-quoted YAML scalar.
fn yaml_quoted(s: &str) -> String {
    s.chars().filter(|c| !c.is_control()).collect::<String>().replace('\\', "\\\\").replace('"', "\\\"")
}

/// The file name and text of a new document.
pub fn new_document(kind: NewKind, title: &str, today: NaiveDate) -> (String, String) {
    let slug = slugify(title);
    let date = today.format("%Y-%m-%d").to_string();
    let (folder, name, template) = match kind {
        NewKind::Incident => ("incidents", format!("{date}-{slug}"), include_str!("scaffold/new/incident.md")),
        NewKind::Runbook => ("runbooks", slug.clone(), include_str!("scaffold/new/runbook.md")),
        NewKind::Contacts => ("contacts", slug.clone(), include_str!("scaffold/new/contacts.md")),
    };
    let text = template.replace("{{title}}", &yaml_quoted(title)).replace("{{date}}", &date).replace("{{id}}", &name);
    (format!("content/{folder}/{name}.md"), text)
}

/// Writes a new document under `root`; refuses to overwrite.
pub fn new(root: &Path, kind: NewKind, title: &str, today: NaiveDate) -> anyhow::Result<PathBuf> {
    if title.trim().is_empty() {
        bail!("the title is empty; run `warroom new incident \"Disk full on db-1\"`");
    }
    let (rel, text) = new_document(kind, title, today);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::content::Document;

    #[test]
    fn new_files_are_named_and_parse() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        for kind in [NewKind::Incident, NewKind::Runbook, NewKind::Contacts] {
            let (path, text) = new_document(kind, "Disk \"full\" on db-1", today);
            let doc = Document::parse(&text, &path, &Config::default()).unwrap();
            let errors: Vec<_> =
                doc.diagnostics.iter().filter(|d| d.level == crate::diagnostic::Level::Error).collect();
            assert!(errors.is_empty(), "{kind:?}: {errors:?}");
            assert_eq!(doc.title, "Disk \"full\" on db-1");
        }
        assert_eq!(new_document(NewKind::Incident, "Disk full", today).0, "content/incidents/2026-11-22-disk-full.md");
    }

    #[test]
    fn init_refuses_existing_site() {
        let dir = tempfile::tempdir().unwrap();
        init(dir.path()).unwrap();
        assert!(init(dir.path()).is_err());
    }
}
