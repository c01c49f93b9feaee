//! Raw HTML in Markdown when `markdown.unsafe_html` is off: a safe subset
//! renders (`<br>`, `<sub>`, `<sup>`, `<kbd>`, `<mark>`, `<abbr title>`,
//! `<ins>`, `<del>`, `<u>`, `<details>`/`<summary>`), everything else is
//! shown as text, and comments are dropped.
//!
//! The parser hands raw HTML over tag by tag (`<sub>`, text, `</sub>`), so a
//! fragment is cut into tags and text here; each opening tag of the subset
//! goes through ammonia, which keeps only the attributes allowed for it.

use std::collections::HashSet;
use std::sync::LazyLock;

/// Tags that render; every other tag is shown as text.
const TAGS: &[&str] = &["br", "sub", "sup", "kbd", "mark", "abbr", "ins", "del", "u", "details", "summary"];

/// The sanitiser for one opening tag of the subset.
static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::empty();
    b.tags(TAGS.iter().copied().collect::<HashSet<_>>());
    b.add_tag_attributes("abbr", ["title"]);
    b.add_tag_attributes("details", ["open"]);
    b
});

/// A raw HTML fragment as it may appear on a page.
pub fn render(fragment: &str) -> String {
    let mut out = String::with_capacity(fragment.len() + 16);
    let mut rest = fragment;
    while let Some(open) = rest.find('<') {
        crate::escape::html_into(&mut out, &rest[..open]);
        let after = &rest[open..];
        if let Some(end) = after.strip_prefix("<!--").and_then(|c| c.find("-->")) {
            rest = &after[4 + end + 3..];
            continue;
        }
        match after.find('>').map(|close| &after[..=close]).filter(|tag| !tag[1..].contains('<')) {
            Some(tag) => {
                match allowed(tag) {
                    Some(html) => out.push_str(&html),
                    None => crate::escape::html_into(&mut out, tag),
                }
                rest = &after[tag.len()..];
            }
            None => {
                out.push_str("&lt;");
                rest = &after[1..];
            }
        }
    }
    crate::escape::html_into(&mut out, rest);
    out
}

/// The tag as it renders when it is one of the subset.
fn allowed(tag: &str) -> Option<String> {
    let inner = tag.strip_prefix('<')?.strip_suffix('>')?;
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(i) => (true, i),
        None => (false, inner),
    };
    let name_len = inner.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(inner.len());
    let name = inner[..name_len].to_ascii_lowercase();
    if !TAGS.contains(&name.as_str()) {
        return None;
    }
    if closing {
        // Browsers read a stray `</br>` as a line break too.
        return Some(if name == "br" { "<br>".to_string() } else { format!("</{name}>") });
    }
    if name == "br" {
        return Some("<br>".to_string());
    }
    // Ammonia sees a whole element and gives it back with only the allowed
    // attributes; the closing tag it adds is cut off again.
    let cleaned = CLEANER.clean(&format!("{tag}</{name}>")).to_string();
    cleaned.strip_suffix(&format!("</{name}>")).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn the_subset_renders_and_the_rest_is_text() {
        assert_eq!(render("<br>"), "<br>");
        assert_eq!(render("<BR/>"), "<br>");
        assert_eq!(render("</br>"), "<br>");
        assert_eq!(render("<sub>"), "<sub>");
        assert_eq!(render("</sub>"), "</sub>");
        assert_eq!(render("<kbd>Ctrl</kbd>"), "<kbd>Ctrl</kbd>");
        assert_eq!(render(r#"<abbr title="Time to detect" onclick="x()">"#), r#"<abbr title="Time to detect">"#);
        assert_eq!(
            render("<details open>\n<summary>Logs</summary>\n"),
            "<details open=\"\">\n<summary>Logs</summary>\n"
        );
        assert_eq!(render("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
        assert_eq!(render(r#"<img src=x onerror="alert(1)">"#), "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
        assert_eq!(render("<mark style=\"color:red\">"), "<mark>");
        assert_eq!(render("<!-- note --><u>"), "<u>");
        assert_eq!(render("a < b"), "a &lt; b");
        assert_eq!(render("<sub <script>"), "&lt;sub &lt;script&gt;");
    }
}
