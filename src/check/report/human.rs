//! The human reporter: rustc-style findings with the source line and a
//! caret under the column, then a one-line summary.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::diagnostic::{Diagnostic, Level};

/// ANSI styles, or nothing when colour is off.
struct Paint {
    on: bool,
}

impl Paint {
    fn wrap(&self, code: &str, text: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
    fn level_code(level: Level) -> &'static str {
        match level {
            Level::Error => "1;31",
            Level::Warning => "1;33",
        }
    }
    fn level(&self, level: Level) -> String {
        self.wrap(Paint::level_code(level), level.as_str())
    }
    fn bold(&self, text: &str) -> String {
        self.wrap("1", text)
    }
    fn gutter(&self, text: &str) -> String {
        self.wrap("1;34", text)
    }
    fn caret(&self, level: Level, text: &str) -> String {
        self.wrap(Paint::level_code(level), text)
    }
}

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
    let paint = Paint { on: color };
    // Each file is read and indexed by line once, however many findings it has.
    let mut texts: BTreeMap<&str, Option<Indexed>> = BTreeMap::new();
    let mut out = String::new();
    for d in diags {
        let text = texts.entry(d.file.as_str()).or_insert_with(|| source(&d.file).map(Indexed::new));
        let line_text = text.as_ref().and_then(|t| t.line(d.line));
        let width = if d.line > 0 { d.line.to_string().len() } else { 1 };
        let pad = " ".repeat(width);
        let _ = writeln!(out, "{}{}", paint.level(d.level), paint.bold(&format!("[{}]: {}", d.rule, d.message)));
        let place = match (d.line, d.column) {
            (0, _) => d.file.clone(),
            (l, 0) => format!("{}:{l}", d.file),
            (l, c) => format!("{}:{l}:{c}", d.file),
        };
        let _ = writeln!(out, "{pad}{} {place}", paint.gutter("-->"));
        if let Some(line_text) = line_text {
            let (window, column) = window(line_text, d.column);
            let shown = window.replace('\t', "    ");
            let caret_pad: String = window
                .chars()
                .take(column.saturating_sub(1))
                .map(|c| if c == '\t' { "    ".to_string() } else { " ".repeat(char_width(c)) })
                .collect();
            let _ = writeln!(out, "{pad} {}", paint.gutter("|"));
            let _ = writeln!(out, "{} {shown}", paint.gutter(&format!("{} |", d.line)));
            let _ = writeln!(out, "{pad} {} {caret_pad}{}", paint.gutter("|"), paint.caret(d.level, "^"));
        }
        if let Some(hint) = &d.hint {
            let _ = writeln!(out, "{pad} {} {}{hint}", paint.gutter("="), paint.bold("hint: "));
        }
        out.push('\n');
    }
    let errors = diags.iter().filter(|d| d.level == Level::Error).count();
    let warnings = diags.len() - errors;
    let _ = writeln!(
        out,
        "checked {}: {}, {}",
        plural(files_checked, "file"),
        plural(errors, "error"),
        plural(warnings, "warning")
    );
    out
}

/// Chars of a source line shown at most; a longer line is cut around the column.
const MAX_SHOWN: usize = 120;

/// The part of a line to show and the column within it: a long line (a
/// minified blob, a 5 MB paragraph) is cut to a window around the column,
/// with `…` marking what was left out.
fn window(line: &str, column: usize) -> (String, usize) {
    let count = line.chars().count();
    if count <= MAX_SHOWN {
        return (line.to_string(), column);
    }
    let col = column.max(1) - 1;
    let start = col.saturating_sub(MAX_SHOWN / 2).min(count.saturating_sub(MAX_SHOWN));
    let end = (start + MAX_SHOWN).min(count);
    let mut shown: String = line.chars().skip(start).take(end - start).collect();
    let mut column = col - start + 1;
    if start > 0 {
        shown.insert(0, '…');
        column += 1;
    }
    if end < count {
        shown.push('…');
    }
    (shown, column)
}

/// Line `n` (1-based) of a text, trailing whitespace and `\r` removed.
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

    /// Line `n` (1-based) without its line ending.
    fn line(&self, n: usize) -> Option<&str> {
        let start = *self.starts.get(n.checked_sub(1)?)?;
        let end = self.starts.get(n).map_or(self.text.len(), |next| next - 1);
        Some(self.text[start..end].trim_end())
    }
}

/// Terminal cells a char takes, roughly: wide for East Asian scripts and emoji.
fn char_width(c: char) -> usize {
    match c as u32 {
        0x1100..=0x115F
        | 0x2E80..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x1F300..=0x1FAFF
        | 0x20000..=0x3FFFD => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::report::samples::{files, sample, source};
    use crate::check::report::{render, Format};

    #[test]
    fn long_lines_are_cut_around_the_column() {
        let line = format!("{}X{}", "a".repeat(5000), "b".repeat(5000));
        let (shown, column) = window(&line, 5001);
        assert!(shown.chars().count() <= MAX_SHOWN + 2);
        assert_eq!(shown.chars().nth(column - 1), Some('X'));
        assert!(shown.starts_with('…') && shown.ends_with('…'));
        assert_eq!(window("short", 3), ("short".to_string(), 3));
    }

    #[test]
    fn lines_come_from_an_index_built_once() {
        let text = Indexed::new("\u{feff}one\r\ntwo\n\nfour".to_string());
        let lines: Vec<_> = (0..=5).map(|n| text.line(n)).collect();
        assert_eq!(lines, vec![None, Some("one"), Some("two"), Some(""), Some("four"), None]);
        // 100,000 findings in one file stay linear: this runs in well under a second.
        let big = (1..=100_000).map(|i| format!("line {i}\n")).collect::<String>();
        let index = Indexed::new(big);
        assert_eq!(index.line(99_999), Some("line 99999"));
    }

    #[test]
    fn human_looks_like_rustc() {
        let out = render(&sample()[..1], Format::Human, &files(14), &source, false);
        let want = "error[missing-section]: required section `Timeline` is missing
  --> content/incidents/x.md:12:1
   |
12 | ## Impact
   | ^
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
        assert!(coloured.contains("\x1b[1;31merror\x1b[0m"));
        assert!(!out.contains('\x1b'));
        let beyond = vec![Diagnostic::new("missing-section", "content/incidents/x.md", 99, "m")];
        assert!(!render(&beyond, Format::Human, &files(1), &source, false).contains("99 |"));
    }
}
