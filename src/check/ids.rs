//! `duplicate-id`: every document needs its own id and its own output page.
//!
//! The library keeps the first document (by file path) for each id and URL;
//! every later one is reported, naming the file it collides with.

use std::collections::HashMap;

use crate::content::Library;
use crate::diagnostic::Diagnostic;

pub(crate) fn check(lib: &Library) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut ids: HashMap<&str, usize> = HashMap::new();
    let mut urls: HashMap<&str, usize> = HashMap::new();
    for (i, doc) in lib.docs.iter().enumerate() {
        let first_id = *ids.entry(doc.id.as_str()).or_insert(i);
        let first_url = if doc.url.is_empty() { i } else { *urls.entry(doc.url.as_str()).or_insert(i) };
        if first_id != i {
            let other = &lib.docs[first_id];
            out.push(
                Diagnostic::new(
                    "duplicate-id",
                    &doc.file,
                    doc.id_line,
                    format!("id `{}` is also used by `{}`", doc.id, other.file),
                )
                .hint(if doc.id_line > 1 {
                    "change this document's `id:` so every document has its own".to_string()
                } else {
                    format!("the id comes from the file name; rename the file or add an `id:` other than `{}`", doc.id)
                }),
            );
        } else if first_url != i {
            let other = &lib.docs[first_url];
            out.push(
                Diagnostic::new(
                    "duplicate-id",
                    &doc.file,
                    doc.id_line,
                    format!("page `{}` would also be written by `{}` (id `{}`)", doc.url, other.file, other.id),
                )
                .hint("ids that differ only in case or punctuation make the same page; change this document's `id:`"),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::check::testing::*;

    #[test]
    fn same_id_fires_on_the_later_file() {
        let a = PM.replace("status: final", "status: final\nid: INC-1");
        let found = rule(&[("content/incidents/b.md", &a), ("content/incidents/a.md", &a)], "duplicate-id");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].file, "content/incidents/b.md");
        assert_eq!(found[0].line, 6);
        assert_eq!(found[0].message, "id `INC-1` is also used by `content/incidents/a.md`");
    }

    #[test]
    fn same_file_name_in_two_folders_fires() {
        let found = rule(&[("content/incidents/2025/x.md", PM), ("content/incidents/2026/x.md", PM)], "duplicate-id");
        assert_eq!(found.len(), 1);
        assert!(found[0].hint.as_deref().unwrap_or("").contains("rename the file"));
    }

    #[test]
    fn ids_differing_only_in_case_share_a_page() {
        let a = PM.replace("status: final", "status: final\nid: INC-1");
        let b = PM.replace("status: final", "status: final\nid: inc-1");
        let found = rule(&[("content/incidents/a.md", &a), ("content/incidents/b.md", &b)], "duplicate-id");
        assert_eq!(found.len(), 1);
        assert!(found[0].message.starts_with("page `incidents/inc-1.html`"), "{}", found[0].message);
    }

    #[test]
    fn distinct_ids_pass() {
        let found = rule(&[("content/incidents/a.md", PM), ("content/incidents/b.md", PM)], "duplicate-id");
        assert!(found.is_empty());
    }
}
