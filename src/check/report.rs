//! Reporters: findings → text in one of four formats.
//!
//! `human` looks like rustc (the source line with a caret under the column),
//! `json` is a stable array for tools, `github` is workflow commands that
//! annotate a pull request, `junit` is one test case per file for CI test
//! views. Rendering is pure: the caller supplies file text and writes the
//! result.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Level};

/// Output format of `warroom check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Github,
    Junit,
}

/// Renders findings. `source(file)` returns the file's text for the caret
/// display (may be `None`); `files_checked` is for the summary line.
pub fn render(
    diags: &[Diagnostic],
    format: Format,
    files_checked: usize,
    source: &dyn Fn(&str) -> Option<String>,
    color: bool,
) -> String {
    match format {
        Format::Human => human(diags, files_checked, source, color),
        Format::Json => json(diags),
        Format::Github => github(diags),
        Format::Junit => junit(diags, files_checked),
    }
}

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
    fn level(&self, level: Level) -> String {
        self.wrap(
            if level == Level::Error {
                "1;31"
            } else {
                "1;33"
            },
            level.as_str(),
        )
    }
    fn bold(&self, text: &str) -> String {
        self.wrap("1", text)
    }
    fn gutter(&self, text: &str) -> String {
        self.wrap("1;34", text)
    }
    fn caret(&self, level: Level, text: &str) -> String {
        self.wrap(
            if level == Level::Error {
                "1;31"
            } else {
                "1;33"
            },
            text,
        )
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn human(
    diags: &[Diagnostic],
    files_checked: usize,
    source: &dyn Fn(&str) -> Option<String>,
    color: bool,
) -> String {
    let paint = Paint { on: color };
    let mut texts: BTreeMap<&str, Option<String>> = BTreeMap::new();
    let mut out = String::new();
    for d in diags {
        let text = texts
            .entry(d.file.as_str())
            .or_insert_with(|| source(&d.file));
        let line_text = text.as_deref().and_then(|t| source_line(t, d.line));
        let width = if d.line > 0 {
            d.line.to_string().len()
        } else {
            1
        };
        let pad = " ".repeat(width);
        let _ = writeln!(
            out,
            "{}{}",
            paint.level(d.level),
            paint.bold(&format!("[{}]: {}", d.rule, d.message))
        );
        let place = match (d.line, d.column) {
            (0, _) => d.file.clone(),
            (l, 0) => format!("{}:{l}", d.file),
            (l, c) => format!("{}:{l}:{c}", d.file),
        };
        let _ = writeln!(out, "{pad}{} {place}", paint.gutter("-->"));
        if let Some(line_text) = line_text {
            let shown = line_text.replace('\t', "    ");
            let caret_pad: String = line_text
                .chars()
                .take(d.column.saturating_sub(1))
                .map(|c| {
                    if c == '\t' {
                        "    ".to_string()
                    } else {
                        " ".repeat(char_width(c))
                    }
                })
                .collect();
            let _ = writeln!(out, "{pad} {}", paint.gutter("|"));
            let _ = writeln!(out, "{} {shown}", paint.gutter(&format!("{} |", d.line)));
            let _ = writeln!(
                out,
                "{pad} {} {caret_pad}{}",
                paint.gutter("|"),
                paint.caret(d.level, "^")
            );
        }
        if let Some(hint) = &d.hint {
            let _ = writeln!(
                out,
                "{pad} {} {}{hint}",
                paint.gutter("="),
                paint.bold("hint: ")
            );
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

/// Line `n` (1-based) of a text, trailing whitespace and `\r` removed.
fn source_line(text: &str, n: usize) -> Option<&str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.split('\n').nth(n.checked_sub(1)?).map(str::trim_end)
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

/// One JSON finding; the shape is documented and stable.
#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'a str,
    level: &'a str,
    file: &'a str,
    line: usize,
    column: usize,
    message: &'a str,
    hint: Option<&'a str>,
}

fn json(diags: &[Diagnostic]) -> String {
    let findings: Vec<JsonFinding> = diags
        .iter()
        .map(|d| JsonFinding {
            rule: d.rule,
            level: d.level.as_str(),
            file: &d.file,
            line: d.line,
            column: d.column,
            message: &d.message,
            hint: d.hint.as_deref(),
        })
        .collect();
    // Serialising plain strings and numbers cannot fail.
    let mut out = serde_json::to_string_pretty(&findings).unwrap_or_else(|_| "[]".to_string());
    out.push('\n');
    out
}

/// Escapes workflow command data (the message).
fn gh_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes workflow command properties (file, title).
fn gh_property(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn github(diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diags {
        let command = if d.level == Level::Error {
            "error"
        } else {
            "warning"
        };
        let mut props = vec![format!("file={}", gh_property(&d.file))];
        if d.line > 0 {
            props.push(format!("line={}", d.line));
            if d.column > 0 {
                props.push(format!("col={}", d.column));
            }
        }
        props.push(format!("title={}", gh_property(d.rule)));
        let mut message = d.message.clone();
        if let Some(hint) = &d.hint {
            message.push_str(" — hint: ");
            message.push_str(hint);
        }
        let _ = writeln!(
            out,
            "::{command} {}::{}",
            props.join(","),
            gh_data(&message)
        );
    }
    out
}

/// Escapes text for XML attributes and content, dropping chars XML 1.0 forbids.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

fn junit(diags: &[Diagnostic], files_checked: usize) -> String {
    let mut by_file: BTreeMap<&str, Vec<&Diagnostic>> = BTreeMap::new();
    for d in diags {
        by_file.entry(d.file.as_str()).or_default().push(d);
    }
    let failing = by_file
        .values()
        .filter(|ds| ds.iter().any(|d| d.level == Level::Error))
        .count();
    let tests = files_checked.max(by_file.len());
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"warroom\" tests=\"{tests}\" failures=\"{failing}\" errors=\"0\">"
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"warroom check\" tests=\"{tests}\" failures=\"{failing}\" errors=\"0\" skipped=\"0\">"
    );
    for (file, ds) in &by_file {
        let _ = writeln!(
            out,
            "    <testcase classname=\"warroom\" name=\"{}\">",
            xml(file)
        );
        for d in ds.iter().filter(|d| d.level == Level::Error) {
            let _ = writeln!(
                out,
                "      <failure message=\"{}\" type=\"{}\">{}</failure>",
                xml(&d.message),
                xml(d.rule),
                xml(&finding_text(d))
            );
        }
        let warnings: Vec<String> = ds
            .iter()
            .filter(|d| d.level == Level::Warning)
            .map(|d| finding_text(d))
            .collect();
        if !warnings.is_empty() {
            let _ = writeln!(
                out,
                "      <system-out>{}</system-out>",
                xml(&warnings.join("\n"))
            );
        }
        out.push_str("    </testcase>\n");
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

/// `file:line:col: level[rule]: message (hint: ...)`, one line.
fn finding_text(d: &Diagnostic) -> String {
    let mut s = format!(
        "{}:{}:{}: {}[{}]: {}",
        d.file,
        d.line,
        d.column,
        d.level.as_str(),
        d.rule,
        d.message
    );
    if let Some(h) = &d.hint {
        let _ = write!(s, " (hint: {h})");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<Diagnostic> {
        vec![
            Diagnostic::new(
                "missing-section",
                "content/incidents/x.md",
                12,
                "required section `Timeline` is missing",
            )
            .hint("add a `## Timeline` section after `## Impact`"),
            Diagnostic::new(
                "blame-language",
                "content/incidents/x.md",
                3,
                "`careless`, 100% <bad> & \"worse\"\nnext",
            )
            .column(7),
            Diagnostic::new(
                "front-matter-invalid",
                "content/a,b:c.md",
                0,
                "cannot read the file",
            ),
        ]
    }

    fn source(file: &str) -> Option<String> {
        (file == "content/incidents/x.md").then(|| {
            (1..=20)
                .map(|n| {
                    if n == 12 {
                        "## Impact".to_string()
                    } else {
                        format!("\tline {n}")
                    }
                })
                .collect::<Vec<_>>()
                .join("\r\n")
        })
    }

    #[test]
    fn human_looks_like_rustc() {
        let out = render(&sample()[..1], Format::Human, 14, &source, false);
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
        let out = render(&sample(), Format::Human, 1, &source, false);
        assert!(out.contains("3 |     line 3\n  |          ^\n"), "{out}");
        assert!(out.contains("--> content/a,b:c.md\n\n"), "{out}");
        assert!(
            out.ends_with("checked 1 file: 2 errors, 1 warning\n"),
            "{out}"
        );
        let coloured = render(&sample(), Format::Human, 1, &source, true);
        assert!(coloured.contains("\x1b[1;31merror\x1b[0m"));
        assert!(!out.contains('\x1b'));
        let beyond = vec![Diagnostic::new(
            "missing-section",
            "content/incidents/x.md",
            99,
            "m",
        )];
        assert!(!render(&beyond, Format::Human, 1, &source, false).contains("99 |"));
    }

    #[test]
    fn json_has_exactly_the_documented_keys() {
        let out = render(&sample(), Format::Json, 3, &source, false);
        let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
        let first = v
            .as_array()
            .and_then(|a| a.first())
            .and_then(|f| f.as_object())
            .expect("an object");
        let keys: Vec<&str> = first.keys().map(String::as_str).collect();
        assert_eq!(keys.len(), 7);
        for k in ["rule", "level", "file", "line", "column", "message", "hint"] {
            assert!(keys.contains(&k), "{k}");
        }
        assert_eq!(first["level"], "error");
        assert_eq!(v[1]["hint"], serde_json::Value::Null);
        assert_eq!(render(&[], Format::Json, 0, &source, false), "[]\n");
    }

    #[test]
    fn github_escapes_data_and_properties() {
        let out = render(&sample(), Format::Github, 3, &source, false);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines[0],
            "::error file=content/incidents/x.md,line=12,col=1,title=missing-section::required section `Timeline` is missing — hint: add a `## Timeline` section after `## Impact`"
        );
        assert_eq!(
            lines[1],
            "::warning file=content/incidents/x.md,line=3,col=7,title=blame-language::`careless`, 100%25 <bad> & \"worse\"%0Anext"
        );
        assert_eq!(
            lines[2],
            "::error file=content/a%2Cb%3Ac.md,title=front-matter-invalid::cannot read the file"
        );
    }

    #[test]
    fn junit_has_a_case_per_file_and_escapes() {
        let out = render(&sample(), Format::Junit, 14, &source, false);
        assert!(out.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
        assert!(
            out.contains("<testsuite name=\"warroom check\" tests=\"14\" failures=\"2\""),
            "{out}"
        );
        assert_eq!(out.matches("<testcase ").count(), 2);
        assert!(out.contains(
            "<failure message=\"required section `Timeline` is missing\" type=\"missing-section\">"
        ));
        assert!(out.contains("<system-out>content/incidents/x.md:3:7: warning[blame-language]: `careless`, 100% &lt;bad&gt; &amp; &quot;worse&quot;\nnext</system-out>"), "{out}");
        assert!(!xml("a\u{1}b").contains('\u{1}'));
    }
}
