//! Slugs for file names, anchors and taxonomy pages.
//!
//! A slug is never empty, never contains a path separator or a dot, and so
//! can never place a file outside the output folder. A slug is never a name
//! the output or an operating system reserves either: `index` (the folder
//! pages) and Windows device names (`con`, `nul`, `com1`, ...) get a trailing
//! `_`, so `id: index` or `services: [CON]` cannot replace or fail to write a page.

use std::collections::HashMap;

/// Lowercase letters and digits, words joined by `-`; `untitled` when nothing
/// is left; reserved names end in `_` (see the module comment).
pub fn slugify(text: &str) -> String {
    let out = words(text);
    if is_reserved(&out) {
        format!("{out}_")
    } else {
        out
    }
}

/// Names that must not be a file's stem: `index` is every folder's list page,
/// the others are devices on Windows whatever the extension.
fn is_reserved(slug: &str) -> bool {
    let numbered = |prefix: &str| {
        slug.strip_prefix(prefix).is_some_and(|n| n.len() == 1 && n.as_bytes()[0].is_ascii_digit() && n != "0")
    };
    matches!(slug, "index" | "con" | "prn" | "aux" | "nul") || numbered("com") || numbered("lpt")
}

/// The slug's words without the reserved-name guard: anchors are not files.
fn words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else if c == '_' && !out.is_empty() {
            dash = false;
            out.push('_');
        } else {
            dash = true;
        }
        if out.len() > 100 {
            break;
        }
    }
    if out.is_empty() {
        "untitled".to_string()
    } else {
        out
    }
}

/// Hands out anchors unique within one page: `timeline`, `timeline-1`, ...
#[derive(Debug, Default)]
pub struct Anchors {
    /// How many times each anchor was handed out. A page has a few dozen;
    /// FxHash is cheaper than SipHash for them.
    seen: HashMap<String, usize, rustc_hash::FxBuildHasher>,
}

impl Anchors {
    pub fn unique(&mut self, text: &str) -> String {
        let base = words(text);
        let Some(n) = self.seen.get_mut(&base) else {
            self.seen.insert(base.clone(), 1);
            return base;
        };
        let anchor = format!("{base}-{n}");
        *n += 1;
        // A generated `x-1` may collide with a heading literally named `x-1`.
        if self.seen.contains_key(&anchor) {
            return self.unique(&anchor);
        }
        self.seen.entry(anchor.clone()).or_insert(1);
        anchor
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_safe() {
        assert_eq!(slugify("Root cause (DB)"), "root-cause-db");
        assert_eq!(slugify("../../etc/passwd"), "etc-passwd");
        assert_eq!(slugify("..."), "untitled");
        assert_eq!(slugify("Ünïcode Straße"), "ünïcode-straße");
        assert_eq!(slugify("api_gateway"), "api_gateway");
    }

    #[test]
    fn reserved_names_get_an_underscore() {
        assert_eq!(slugify("index"), "index_");
        assert_eq!(slugify("Index"), "index_");
        assert_eq!(slugify("CON"), "con_");
        assert_eq!(slugify("nul"), "nul_");
        assert_eq!(slugify("COM1"), "com1_");
        assert_eq!(slugify("lpt9"), "lpt9_");
        assert_eq!(slugify("com0"), "com0");
        assert_eq!(slugify("com10"), "com10");
        assert_eq!(slugify("console"), "console");
        assert_eq!(slugify("index page"), "index-page");
        let mut a = Anchors::default();
        assert_eq!(a.unique("Index"), "index");
    }

    #[test]
    fn anchors_are_unique() {
        let mut a = Anchors::default();
        assert_eq!(a.unique("Steps"), "steps");
        assert_eq!(a.unique("Steps"), "steps-1");
        assert_eq!(a.unique("Steps 1"), "steps-1-1");
    }
}
