//! The human reporter: rustc-style findings drawn by `annotate-snippets`
//! (the renderer rustc and cargo use), then a one-line summary.
//!
//! Each finding hands the renderer only its own source line, taken from a
//! per-file line index built once, so the cost stays linear in the number of
//! findings however long the file is.

use std::collections::BTreeMap;

use annotate_snippets::{AnnotationKind, Group, Level as Severity, Origin, Renderer, Snippet};

use crate::diagnostic::{Diagnostic, Level};

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

pub(super) fn render(
    diags: &[Diagnostic],
    files_checked: usize,
    source: &dyn Fn(&str) -> Option<String>,
    color: bool,
) -> String {
    let renderer = if color { Renderer::styled() } else { Renderer::plain() };
    // Each file is read and indexed by line once, however many findings it has.
    let mut texts: BTreeMap<&str, Option<Indexed>> = BTreeMap::new();
    let mut out = String::new();
    for d in diags {
        let text = texts.entry(d.file.as_str()).or_insert_with(|| source(&d.file).map(Indexed::new));
        let line_text = text.as_ref().and_then(|t| t.line(d.line));
        out.push_str(&renderer.render(&[group(d, line_text)]));
        out.push_str("\n\n");
    }
    let errors = diags.iter().filter(|d| d.level == Level::Error).count();
    let warnings = diags.len() - errors;
    out.push_str(&format!(
        "checked {}: {}, {}\n",
        plural(files_checked, "file"),
        plural(errors, "error"),
        plural(warnings, "warning")
    ));
    out
}

/// One finding as a renderer group: the title `level[rule]: message`, the
/// place (with the source line and a caret when the line is known), the hint.
fn group<'a>(d: &'a Diagnostic, line_text: Option<&'a str>) -> Group<'a> {
    let severity = match d.level {
        Level::Error => Severity::ERROR,
        Level::Warning => Severity::WARNING,
    };
    let title = severity.primary_title(d.message.as_str()).id(d.rule);
    let group = match (d.line, line_text) {
        (0, _) => title.element(Origin::path(d.file.as_str())),
        (line, Some(text)) => {
            let (text, at) = excerpt(text, byte_at_column(text, d.column));
            let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
            title.element(
                Snippet::source(text)
                    .line_start(line)
                    .path(d.file.as_str())
                    .annotation(AnnotationKind::Primary.span(at..end)),
            )
        }
        (line, None) => {
            let origin = Origin::path(d.file.as_str()).line(line);
            title.element(if d.column > 0 { origin.char_column(d.column) } else { origin })
        }
    };
    match &d.hint {
        Some(hint) => group.element(Severity::HELP.with_name("hint").message(hint.as_str())),
        None => group,
    }
}

/// The byte offset of a 1-based char column (0, unknown, is the line's
/// start; past the end is the line's end).
fn byte_at_column(line: &str, column: usize) -> usize {
    line.char_indices().nth(column.saturating_sub(1)).map_or(line.len(), |(i, _)| i)
}

/// Bytes either side of the column handed to the renderer: more than it
/// shows (it cuts a long line to the terminal's width around the caret and
/// marks the cut with `...`), so a finding on a 5 MB minified line costs what
/// one on a short line does.
const CONTEXT: usize = 1024;

/// The part of `line` around byte `at`, and `at` within it.
fn excerpt(line: &str, at: usize) -> (&str, usize) {
    let mut start = at.saturating_sub(CONTEXT);
    while !line.is_char_boundary(start) {
        start += 1;
    }
    let mut end = (at + CONTEXT).min(line.len());
    while !line.is_char_boundary(end) {
        end -= 1;
    }
    (&line[start..end], at - start)
}

/// A file's text with the byte offset where each line starts.
struct Indexed {
    text: String,
    starts: Vec<usize>,
}

impl Indexed {
    fn new(text: String) -> Indexed {
        let skip = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
        let mut starts = vec![skip];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Indexed { text, starts }
    }

    /// Line `n` (1-based) without its line ending or trailing whitespace.
    fn line(&self, n: usize) -> Option<&str> {
        let start = *self.starts.get(n.checked_sub(1)?)?;
        let end = self.starts.get(n).map_or(self.text.len(), |next| next - 1);
        Some(self.text[start..end].trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::report::samples::{files, sample, source};
    use crate::check::report::{render, Format};

    #[test]
    fn lines_come_from_an_index_built_once() {
        let text = Indexed::new("\u{feff}one\r\ntwo\n\nfour".to_string());
        let lines: Vec<_> = (0..=5).map(|n| text.line(n)).collect();
        assert_eq!(lines, vec![None, Some("one"), Some("two"), Some(""), Some("four"), None]);
    }

    #[test]
    fn human_looks_like_rustc() {
        let out = render(&sample()[..1], Format::Human, &files(14), &source, false);
        let want = "error[missing-section]: required section `Timeline` is missing
  --> content/incidents/x.md:12:1
   |
12 | ## Impact
   | ^
   |
   = hint: add a `## Timeline` section after `## Impact`

checked 14 files: 1 error, 0 warnings
";
        assert_eq!(out, want);
    }

    #[test]
    fn human_carets_follow_tabs_and_skip_missing_lines() {
        let out = render(&sample(), Format::Human, &files(1), &source, false);
        assert!(out.contains("3 |     line 3\n  |          ^\n"), "{out}");
        assert!(out.contains("--> content/a,b:c.md\n\n"), "{out}");
        assert!(out.ends_with("checked 1 file: 2 errors, 1 warning\n"), "{out}");
        let coloured = render(&sample(), Format::Human, &files(1), &source, true);
        assert!(coloured.contains("\x1b[91merror[missing-section]\x1b[0m"), "{coloured:?}");
        assert!(!out.contains('\x1b'));
        let beyond = vec![Diagnostic::new("missing-section", "content/incidents/x.md", 99, "m")];
        let out = render(&beyond, Format::Human, &files(1), &source, false);
        assert!(out.contains("--> content/incidents/x.md:99:1\n") && !out.contains("99 |"), "{out}");
    }

    #[test]
    fn long_lines_are_cut_and_wide_chars_counted() {
        let line = format!("{}X{}", "a".repeat(5000), "b".repeat(5000));
        let long = vec![Diagnostic::new("blame-language", "long.md", 1, "m").column(5001)];
        let out = render(&long, Format::Human, &files(1), &|_| Some(line.clone()), false);
        let shown = out.lines().find(|l| l.starts_with("1 |")).unwrap();
        assert!(shown.len() < 200 && shown.contains("aX") && shown.ends_with("..."), "{out}");
        let wide = vec![Diagnostic::new("blame-language", "w.md", 1, "m").column(3)];
        let out = render(&wide, Format::Human, &files(1), &|_| Some("日本x語".to_string()), false);
        assert!(out.contains("1 | 日本x語\n  |     ^\n"), "{out}");
    }
}
