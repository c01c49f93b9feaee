//! The JUnit reporter: one test suite, one test case per file checked; a
//! file's errors are failures, its warnings go to the case's `system-out`,
//! and a clean file is a passing case.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::diagnostic::{Diagnostic, Level};

use crate::escape::xml;

pub(super) fn render(diags: &[Diagnostic], files: &[String]) -> String {
    let mut by_file: BTreeMap<&str, Vec<&Diagnostic>> = files.iter().map(|f| (f.as_str(), Vec::new())).collect();
    for d in diags {
        by_file.entry(d.file.as_str()).or_default().push(d);
    }
    let failing = by_file.values().filter(|ds| ds.iter().any(|d| d.level == Level::Error)).count();
    let tests = by_file.len();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(out, "<testsuites name=\"warroom\" tests=\"{tests}\" failures=\"{failing}\" errors=\"0\">");
    let _ = writeln!(
        out,
        "  <testsuite name=\"warroom check\" tests=\"{tests}\" failures=\"{failing}\" errors=\"0\" skipped=\"0\">"
    );
    for (file, ds) in &by_file {
        let _ = writeln!(out, "    <testcase classname=\"warroom\" name=\"{}\">", xml(file));
        for d in ds.iter().filter(|d| d.level == Level::Error) {
            let _ = writeln!(
                out,
                "      <failure message=\"{}\" type=\"{}\">{}</failure>",
                xml(&d.message),
                xml(d.rule),
                xml(&finding_text(d))
            );
        }
        let warnings: Vec<String> = ds.iter().filter(|d| d.level == Level::Warning).map(|d| finding_text(d)).collect();
        if !warnings.is_empty() {
            let _ = writeln!(out, "      <system-out>{}</system-out>", xml(&warnings.join("\n")));
        }
        out.push_str("    </testcase>\n");
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

/// `file:line:col: level[rule]: message (hint: ...)`, one line.
fn finding_text(d: &Diagnostic) -> String {
    let mut s = format!("{}:{}:{}: {}[{}]: {}", d.file, d.line, d.column, d.level.as_str(), d.rule, d.message);
    if let Some(h) = &d.hint {
        let _ = write!(s, " (hint: {h})");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::report::samples::{files, sample, source};
    use crate::check::report::{render, Format};

    #[test]
    fn junit_has_a_case_per_file_and_escapes() {
        let out = render(&sample(), Format::Junit, &files(14), &source, false);
        assert!(out.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
        // 14 clean files plus the 2 with findings: one case each.
        assert!(out.contains("<testsuite name=\"warroom check\" tests=\"16\" failures=\"2\""), "{out}");
        assert_eq!(out.matches("<testcase ").count(), 16);
        assert!(
            out.contains("<testcase classname=\"warroom\" name=\"content/incidents/f0.md\">\n    </testcase>"),
            "{out}"
        );
        assert!(out.contains("<failure message=\"required section `Timeline` is missing\" type=\"missing-section\">"));
        assert!(out.contains("<system-out>content/incidents/x.md:3:7: warning[blame-language]: `careless`, 100% &lt;bad&gt; &amp; &quot;worse&quot;\nnext</system-out>"), "{out}");
        assert!(!xml("a\u{1}b").contains('\u{1}'));
    }
}
