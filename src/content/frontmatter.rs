//! Splitting a content file into its YAML front matter and Markdown body.

/// A content file cut in two. Line numbers are 1-based in the whole file.
#[derive(Debug, Clone, PartialEq)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// Line of the first YAML line (the line after the opening `---`).
    pub yaml_line: usize,
    pub body: &'a str,
    /// Line of the first body line.
    pub body_line: usize,
}

/// `front-matter-suspicious`: plain values that YAML cut at ` #`, reading
/// the rest as a comment (`title: Outage #42` is the title "Outage"). Only a
/// `#` glued to what follows counts: `severity: SEV2  # was SEV1` is a
/// comment written as one. Returns `(line, column, value as written)`.
pub fn cut_values(yaml: &str, yaml_line: usize) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    for (i, line) in yaml.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('#') {
            continue;
        }
        // The value of `key: value` or of a list item `- value`.
        let value_at = if let Some(rest) = trimmed.strip_prefix("- ") {
            line.len() - rest.len()
        } else {
            match trimmed.find(": ") {
                Some(colon) if !trimmed[..colon].contains(['"', '\'', '#', ' ']) => {
                    line.len() - trimmed.len() + colon + 2
                }
                _ => continue,
            }
        };
        let value = line[value_at..].trim_start();
        if value.is_empty() || value.starts_with(['"', '\'', '[', '{', '|', '>', '&', '*', '!', '#', '%', '@', '`']) {
            continue;
        }
        if value.find(" #").is_some_and(|h| value[h + 2..].starts_with(|c: char| !c.is_whitespace())) {
            let column = line.len() - value.len() + 1;
            out.push((yaml_line + i, column, value.trim_end().to_string()));
        }
    }
    out
}

/// Why a file has no usable front matter.
#[derive(Debug, Clone, PartialEq)]
pub enum SplitError {
    /// The file does not open with `---`.
    Missing,
    /// An opening `---` with no closing one.
    Unclosed,
}

/// Normalises line endings and drops a byte-order mark, keeping line numbers.
pub fn normalise(text: &str) -> String {
    let t = text.strip_prefix('\u{feff}').unwrap_or(text);
    if t.contains('\r') {
        t.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        t.to_string()
    }
}

/// [`normalise`] for text the caller owns: the usual file, with no BOM and
/// no `\r`, is kept as it is instead of copied.
pub fn normalise_owned(text: String) -> String {
    if text.starts_with('\u{feff}') || text.contains('\r') {
        normalise(&text)
    } else {
        text
    }
}

/// Splits normalised text (see [`normalise`]) at the `---` fences.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        return Err(SplitError::Missing);
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    for (line, l) in (2..).zip(lines) {
        let trimmed = l.trim_end();
        if trimmed == "---" || trimmed == "..." {
            let body_start = offset + l.len();
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[body_start..],
                body_line: line + 1,
            });
        }
        offset += l.len();
    }
    Err(SplitError::Unclosed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_cut_at_a_hash_are_found() {
        let yaml = "title: Outage #42\nseverity: SEV2  # was SEV1\nquoted: \"Outage #42\"\nservices:\n  - api #v2\n  - web\n# title: x #1\nurl: https://x/#frag\n";
        let found = cut_values(yaml, 2);
        assert_eq!(found, vec![(2, 8, "Outage #42".to_string()), (6, 5, "api #v2".to_string())]);
    }

    #[test]
    fn splits_yaml_and_body_with_lines() {
        let s = split("---\ntitle: x\n---\n# Body\n").unwrap();
        assert_eq!(s.yaml, "title: x\n");
        assert_eq!(s.body, "# Body\n");
        assert_eq!(s.yaml_line, 2);
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn crlf_bom_and_trailing_spaces() {
        let t = normalise("\u{feff}---  \r\ntitle: x\r\n---\t\r\nbody\r\n");
        let s = split(&t).unwrap();
        assert_eq!(s.yaml, "title: x\n");
        assert_eq!(s.body, "body\n");
    }

    #[test]
    fn owned_text_normalises_alike() {
        for t in ["---\ntitle: x\n---\n", "\u{feff}---\r\ntitle: x\r\n---\r\n", "a\rb", "\u{feff}", "", "x\u{feff}"] {
            assert_eq!(normalise_owned(t.to_string()), normalise(t), "{t:?}");
        }
    }

    #[test]
    fn missing_and_unclosed() {
        assert_eq!(split("# no front matter\n"), Err(SplitError::Missing));
        assert_eq!(split(""), Err(SplitError::Missing));
        assert_eq!(split("---\ntitle: x\n"), Err(SplitError::Unclosed));
        assert_eq!(split("---"), Err(SplitError::Unclosed));
    }

    #[test]
    fn empty_front_matter_and_no_body() {
        let s = split("---\n---").unwrap();
        assert_eq!(s.yaml, "");
        assert_eq!(s.body, "");
    }
}
