//! `broken-link`: Markdown links and images, `related` entries and a
//! runbook's `contacts` must each name something that exists.
//!
//! Links are resolved by the library exactly as the renderer resolves them, so
//! a link that passes here is a link that works in the built site. Hints
//! suggest the nearest existing document, written the way the author wrote
//! the reference (a relative path for links, an id for references).

use crate::content::{Document, Kind, Library, LinkTarget};
use crate::diagnostic::{did_you_mean, Diagnostic};

use super::Context;

pub(crate) fn check(cx: &Context, doc: &Document, out: &mut Vec<Diagnostic>) {
    let lib = cx.lib;
    for link in &doc.body.links {
        if lib.resolve_link(doc, &link.dest) != LinkTarget::Broken {
            continue;
        }
        let hint = match suggest_link(lib, doc, &link.dest) {
            Some(s) => format!("did you mean `{s}`?"),
            None => "link to another document by its path relative to this file, such as `../runbooks/failover.md`, \
                     or to a file under static/"
                .to_string(),
        };
        out.push(
            Diagnostic::new(
                "broken-link",
                &doc.file,
                link.line,
                format!("link `{}` points to no content file, id or static file", link.dest),
            )
            .column(link.column.max(1))
            .hint(hint),
        );
    }
    for r in &doc.related {
        if lib.resolve_ref(&r.target).is_some() {
            continue;
        }
        let all: Vec<&Document> = lib.docs.iter().collect();
        let hint = match suggest_ref(&r.target, &all) {
            Some(s) => format!("did you mean `{s}`?"),
            None => {
                "name a document by its id or by its path under content/ without `.md`, such as `runbooks/failover`"
                    .to_string()
            }
        };
        out.push(
            Diagnostic::new(
                "broken-link",
                &doc.file,
                r.line,
                format!("`related` entry `{}` names no document", r.target),
            )
            .hint(hint),
        );
    }
    if let Some(rb) = doc.runbook() {
        let lists: Vec<&Document> = lib.docs.iter().filter(|d| d.kind == Kind::Contacts).collect();
        for r in &rb.contacts {
            let message = match lib.resolve_ref(&r.target).map(|i| &lib.docs[i]) {
                Some(target) if target.kind == Kind::Contacts => continue,
                Some(target) => format!(
                    "`contacts` entry `{}` names the {} `{}`, not a phone list",
                    r.target,
                    target.kind.as_str(),
                    target.file
                ),
                None => format!("`contacts` entry `{}` names no phone list", r.target),
            };
            let hint = match suggest_ref(&r.target, &lists) {
                Some(s) => format!("did you mean `{s}`?"),
                None if lists.is_empty() => "add a phone list under content/contacts/, or remove the entry".to_string(),
                None => {
                    let ids: Vec<String> = lists.iter().take(6).map(|d| format!("`{}`", d.id)).collect();
                    format!("phone lists: {}", ids.join(", "))
                }
            };
            out.push(Diagnostic::new("broken-link", &doc.file, r.line, message).hint(hint));
        }
    }
}

/// The nearest of `candidates` to `word`, a match in all but case first.
fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .find(|c| c.eq_ignore_ascii_case(word))
        .copied()
        .or_else(|| did_you_mean(word, candidates.iter().copied()))
}

/// The last path component of a document's path under content/.
fn stem(rel: &str) -> &str {
    rel.rsplit('/').next().unwrap_or(rel)
}

/// An id or path for a reference that resolved to nothing.
fn suggest_ref(target: &str, docs: &[&Document]) -> Option<String> {
    let t = target.trim().trim_start_matches("content/").trim_end_matches(".md");
    let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
    let rels: Vec<&str> = docs.iter().map(|d| d.rel.as_str()).collect();
    let stems: Vec<&str> = docs.iter().map(|d| stem(&d.rel)).collect();
    if t.contains('/') {
        closest(t, &rels).or_else(|| closest(stem(t), &stems)).map(str::to_string)
    } else {
        closest(t, &ids).or_else(|| closest(t, &stems)).map(str::to_string)
    }
}

/// A working relative link for a broken one, when a document's name is near.
fn suggest_link(lib: &Library, from: &Document, dest: &str) -> Option<String> {
    let (path, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, format!("#{f}")),
        None => (dest, String::new()),
    };
    let path = path.split('?').next().unwrap_or(path).trim_end_matches('/');
    let name = path.rsplit('/').next().unwrap_or(path);
    let name = name.strip_suffix(".md").or_else(|| name.strip_suffix(".html")).unwrap_or(name);
    if name.is_empty() {
        return None;
    }
    let stems: Vec<&str> = lib.docs.iter().map(|d| stem(&d.rel)).collect();
    let ids: Vec<&str> = lib.docs.iter().map(|d| d.id.as_str()).collect();
    let slugs: Vec<&str> = lib.docs.iter().map(|d| d.slug.as_str()).collect();
    let target = closest(name, &stems)
        .and_then(|s| lib.docs.iter().find(|d| stem(&d.rel) == s))
        .or_else(|| closest(name, &ids).and_then(|s| lib.docs.iter().find(|d| d.id == s)))
        .or_else(|| closest(name, &slugs).and_then(|s| lib.docs.iter().find(|d| d.slug == s)));
    if let Some(t) = target {
        return Some(format!("{}{fragment}", relative(&from.file, &t.file)));
    }
    let file_name = path.rsplit('/').next().unwrap_or(path);
    let statics: Vec<&str> = lib.static_files.iter().map(|s| s.rsplit('/').next().unwrap_or(s)).collect();
    let found = closest(file_name, &statics)?;
    let full = lib.static_files.iter().find(|s| s.rsplit('/').next() == Some(found))?;
    Some(relative(&from.file, &format!("static/{full}")))
}

/// The path from the folder of `from` to `to`, both relative to the site root.
fn relative(from: &str, to: &str) -> String {
    let from_dir: Vec<&str> = from.split('/').collect::<Vec<_>>().split_last().map_or(Vec::new(), |(_, d)| d.to_vec());
    let to: Vec<&str> = to.split('/').collect();
    let common = from_dir.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = vec![".."; from_dir.len() - common];
    parts.extend(&to[common..]);
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::relative;
    use crate::check::testing::*;

    const I: &str = "content/incidents/2026/a.md";
    const R: &str = "content/runbooks/failover.md";
    const C: &str = "content/contacts/oncall.md";

    fn with_body(extra: &str) -> String {
        PM.replace("## Resolution\n", &format!("## Resolution\n\n{extra}\n"))
    }

    #[test]
    fn relative_paths() {
        assert_eq!(relative("content/incidents/2026/a.md", "content/runbooks/x.md"), "../../runbooks/x.md");
        assert_eq!(relative("content/runbooks/a.md", "content/runbooks/x.md"), "x.md");
        assert_eq!(relative("content/a.md", "static/img/x.png"), "../static/img/x.png");
    }

    #[test]
    fn broken_body_link_suggests_the_right_path() {
        let text = with_body("See [failover](../runbooks/failover.md#steps).");
        let found = rule(&[(I, &text), (R, RUNBOOK), (C, CONTACTS)], "broken-link");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].line, 37);
        assert_eq!(found[0].column, 5);
        assert_eq!(
            found[0].message,
            "link `../runbooks/failover.md#steps` points to no content file, id or static file"
        );
        assert_eq!(found[0].hint.as_deref(), Some("did you mean `../../runbooks/failover.md#steps`?"));
        let fixed = with_body("See [failover](../../runbooks/failover.md#steps) and [web](https://example.com).");
        assert!(rule(&[(I, &fixed), (R, RUNBOOK), (C, CONTACTS)], "broken-link").is_empty());
    }

    #[test]
    fn broken_related_entry_suggests_an_id() {
        let text = PM.replace("services: [db]", "services: [db]\nrelated: [failovr]");
        let found = rule(&[(I, &text), (R, RUNBOOK), (C, CONTACTS)], "broken-link");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 7);
        assert_eq!(found[0].message, "`related` entry `failovr` names no document");
        assert_eq!(found[0].hint.as_deref(), Some("did you mean `failover`?"));
        let fixed = PM.replace("services: [db]", "services: [db]\nrelated: [runbooks/failover, oncall]");
        assert!(rule(&[(I, &fixed), (R, RUNBOOK), (C, CONTACTS)], "broken-link").is_empty());
    }

    #[test]
    fn runbook_contacts_must_be_phone_lists() {
        let found = rule(&[(R, RUNBOOK)], "broken-link");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].message, "`contacts` entry `oncall` names no phone list");
        let text = RUNBOOK.replace("contacts: [oncall]", "contacts: [a]");
        let found = rule(&[(I, PM), (R, &text), (C, CONTACTS)], "broken-link");
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("names the postmortem `content/incidents/2026/a.md`, not a phone list"));
        assert_eq!(found[0].hint.as_deref(), Some("phone lists: `oncall`"));
        assert!(rule(&[(R, RUNBOOK), (C, CONTACTS)], "broken-link").is_empty());
    }

    #[test]
    fn odd_destinations_do_not_panic() {
        let text = with_body("[a](%zz) [b](%aé) [c](/) [d](../../../../x) [e](<>) [f](#top)");
        let found = rule(&[(I, &text)], "broken-link");
        assert!(found.len() >= 3, "{found:?}");
    }
}
