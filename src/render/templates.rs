//! Template loading: built-in default theme → `themes/<name>/templates` →
//! the site's `templates/`, a later file replacing an earlier one of the same
//! name. Loaded and compiled once per build.

use std::collections::{BTreeMap, BTreeSet};
use std::error::Error as _;
use std::path::Path;

use anyhow::{anyhow, Context as _};
use tera::Tera;

/// The default theme's templates, compiled into the binary.
pub const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../themes/default/templates/base.html")),
    ("footer.html", include_str!("../../themes/default/templates/footer.html")),
    ("macros.html", include_str!("../../themes/default/templates/macros.html")),
    ("index.html", include_str!("../../themes/default/templates/index.html")),
    ("incidents.html", include_str!("../../themes/default/templates/incidents.html")),
    ("incident.html", include_str!("../../themes/default/templates/incident.html")),
    ("runbooks.html", include_str!("../../themes/default/templates/runbooks.html")),
    ("runbook.html", include_str!("../../themes/default/templates/runbook.html")),
    ("contacts-index.html", include_str!("../../themes/default/templates/contacts-index.html")),
    ("contacts.html", include_str!("../../themes/default/templates/contacts.html")),
    ("action-items.html", include_str!("../../themes/default/templates/action-items.html")),
    ("taxonomy.html", include_str!("../../themes/default/templates/taxonomy.html")),
    ("taxonomy-index.html", include_str!("../../themes/default/templates/taxonomy-index.html")),
    ("stats.html", include_str!("../../themes/default/templates/stats.html")),
    ("print.html", include_str!("../../themes/default/templates/print.html")),
    ("worksheet.html", include_str!("../../themes/default/templates/worksheet.html")),
    ("worksheet-macros.html", include_str!("../../themes/default/templates/worksheet-macros.html")),
];

/// The default theme's static files, compiled into the binary.
pub const DEFAULT_STATIC: &[(&str, &str)] = &[
    ("style.css", include_str!("../../themes/default/static/style.css")),
    ("warroom.js", include_str!("../../themes/default/static/warroom.js")),
];

/// Reads every `.html` file under `dir` into `into`, keyed by its path under `dir`.
fn read_dir_templates(dir: &Path, into: &mut BTreeMap<String, (String, String)>) -> anyhow::Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.with_context(|| format!("cannot read templates in `{}`", dir.display()))?;
        let path = entry.path();
        if entry.file_type().is_file() && path.extension().is_some_and(|e| e == "html" || e == "xml") {
            let name = crate::content::rel_path(dir, path);
            let text =
                std::fs::read_to_string(path).with_context(|| format!("cannot read template `{}`", path.display()))?;
            into.insert(name, (text, path.display().to_string()));
        }
    }
    Ok(())
}

/// A site's compiled templates, and which of them a theme or the site replaced.
pub struct Templates {
    pub tera: Tera,
    /// Names of the built-in templates a theme or the site replaced.
    replaced: BTreeSet<String>,
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Templates").field("replaced", &self.replaced).finish()
    }
}

impl Templates {
    /// Whether a theme or the site replaced the built-in `template`.
    pub fn replaced(&self, template: &str) -> bool {
        self.replaced.contains(template)
    }

    /// No templates at all (for tests of code that never renders).
    #[cfg(test)]
    pub fn empty() -> Templates {
        Templates { tera: Tera::default(), replaced: BTreeSet::new() }
    }
}

/// Loads and compiles the templates for a site.
pub fn load(root: &Path, theme: &str) -> anyhow::Result<Templates> {
    let mut sources: BTreeMap<String, (String, String)> = DEFAULT_TEMPLATES
        .iter()
        .map(|(n, t)| (n.to_string(), (t.to_string(), format!("built-in theme `{n}`"))))
        .collect();
    let theme_dir = root.join("themes").join(theme);
    if theme != "default" && !theme_dir.is_dir() {
        return Err(anyhow!(
            "theme `{theme}` not found: `{}` does not exist (set `theme: default` in warroom.yaml or add the theme)",
            theme_dir.display()
        ));
    }
    read_dir_templates(&theme_dir.join("templates"), &mut sources)?;
    read_dir_templates(&root.join("templates"), &mut sources)?;
    sources.insert(
        super::model::ROW_TEMPLATE.to_string(),
        (super::model::ROW_TEMPLATE_TEXT.to_string(), "warroom itself".to_string()),
    );
    let replaced: BTreeSet<String> = DEFAULT_TEMPLATES
        .iter()
        .filter(|(n, t)| sources.get(*n).is_none_or(|(text, _)| text != t))
        .map(|(n, _)| n.to_string())
        .collect();
    Ok(Templates { tera: compile(&sources)?, replaced })
}

/// What only a Tera 1 template holds: macros and their calls, and the
/// filters Tera 2 removed.
const TERA1_SIGNS: &[&str] = &[
    "{% macro",
    "{%- macro",
    "{% import",
    "{%- import",
    "::",
    "trim_end_matches",
    "map(attribute",
    "filter(attribute",
    "slice(start",
    "slice(end",
    "concat(",
];

fn compile(sources: &BTreeMap<String, (String, String)>) -> anyhow::Result<Tera> {
    let mut tera = Tera::default();
    tera.autoescape_on([".html", ".xml"]);
    // Tera's default also escapes `/`, which makes every URL unreadable in the source.
    tera.set_escape_fn(escape);
    let raw = sources.iter().map(|(n, (t, _))| (n.as_str(), t.as_str()));
    tera.add_raw_templates(raw).map_err(|e| {
        // Tera names the template in its report (` --> name:line:col`); add where it came from.
        let name = match e.kind() {
            tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => Some(r.filename()),
            _ => None,
        };
        let chain = error_chain(&e);
        // Several templates can fail at once (one report each).
        let failing: Vec<&(String, String)> = sources
            .iter()
            .filter(|(n, _)| {
                name == Some(n.as_str()) || chain.contains(&format!(" --> {n}:")) || chain.contains(&format!("'{n}'"))
            })
            .map(|(_, v)| v)
            .collect();
        let origin = if failing.is_empty() {
            String::new()
        } else {
            format!(" (from {})", failing.iter().map(|(_, o)| o.as_str()).collect::<Vec<_>>().join("; "))
        };
        let mut hint = String::new();
        // A template written for Tera 1 (macros, `import`, `m::name(..)` calls) gets the way out.
        if failing.iter().any(|(text, _)| TERA1_SIGNS.iter().any(|p| text.contains(p))) {
            hint.push_str(
                "\n  = help: this template looks written for Tera 1: warroom now uses Tera 2, where macros are \
                 components; see \"Templates written for warroom before Tera 2\" in docs/templates.md",
            );
        }
        if chain.contains("is not defined in any parent template") {
            hint.push_str(
                "\n  = help: with Tera 2 a template may only fill the blocks its parent defines; if you \
                 replaced `base.html` (or another parent), keep every block the templates extending it fill \
                 (see docs/templates.md)",
            );
        }
        anyhow!("template error{origin}: {chain}{hint}")
    })?;
    Ok(tera)
}

/// HTML escaping as [`crate::escape::html`] does it (`/` is left alone),
/// written straight to Tera's output.
fn escape(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let bytes = input.as_bytes();
    let mut start = 0;
    for (i, b) in bytes.iter().enumerate() {
        let rep: &[u8] = match b {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\'' => b"&#39;",
            _ => continue,
        };
        out.write_all(&bytes[start..i])?;
        out.write_all(rep)?;
        start = i + 1;
    }
    out.write_all(&bytes[start..])
}

/// Tera's error (a report naming the template, line and column) with all
/// its causes on one line each.
pub fn error_chain(e: &tera::Error) -> String {
    // Tera's report starts with its own `error: `; ours already says it.
    let text = e.to_string();
    let mut out = text.strip_prefix("error: ").unwrap_or(&text).to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        out.push_str(&format!("\n  caused by: {c}"));
        cur = c.source();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_theme_compiles() {
        let dir = tempfile::tempdir().unwrap();
        load(dir.path(), "default").unwrap();
    }

    #[test]
    fn site_template_overrides_theme() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("templates")).unwrap();
        std::fs::write(dir.path().join("templates/stats.html"), "custom {{ 1 + 1 }}").unwrap();
        let tera = load(dir.path(), "default").unwrap().tera;
        let out = tera.render("stats.html", &tera::Context::new()).unwrap();
        assert_eq!(out, "custom 2");
    }

    #[test]
    fn syntax_error_names_template_and_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("templates")).unwrap();
        std::fs::write(dir.path().join("templates/stats.html"), "line one\n{% if %}\n").unwrap();
        let err = load(dir.path(), "default").unwrap_err().to_string();
        assert!(err.contains("stats.html"), "{err}");
        assert!(err.contains("2:"), "{err}");
    }

    #[test]
    fn a_tera_1_template_gets_the_migration_hint() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("templates")).unwrap();
        std::fs::write(
            dir.path().join("templates/stats.html"),
            "{% extends \"base.html\" %}\n{% import \"macros.html\" as m %}\n{% block content %}{% endblock content %}",
        )
        .unwrap();
        let err = load(dir.path(), "default").unwrap_err().to_string();
        assert!(err.contains("stats.html:2:"), "{err}");
        assert!(err.contains("from ") && err.contains("templates/stats.html"), "{err}");
        assert!(err.contains("macros are components"), "{err}");
    }

    #[test]
    fn escape_matches_warroom_escape_and_keeps_slashes() {
        for text in ["", "a/b", "<a href='x'>&\"</a>", "plain text with no specials", "é<ü>"] {
            let mut out = Vec::new();
            escape(text, &mut out).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), crate::escape::html(text));
        }
    }

    #[test]
    fn missing_theme_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        assert!(load(dir.path(), "fancy").unwrap_err().to_string().contains("theme `fancy` not found"));
    }
}
