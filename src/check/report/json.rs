//! The JSON reporter: an array of findings with exactly the keys `rule`,
//! `level`, `file`, `line`, `column`, `message` and `hint` (null when none).

use serde::Serialize;

use crate::diagnostic::Diagnostic;

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

pub(super) fn render(diags: &[Diagnostic]) -> String {
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

#[cfg(test)]
mod tests {
    use crate::check::report::samples::{files, sample, source};
    use crate::check::report::{render, Format};

    #[test]
    fn json_has_exactly_the_documented_keys() {
        let out = render(&sample(), Format::Json, &files(3), &source, false);
        let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
        let first = v.as_array().and_then(|a| a.first()).and_then(|f| f.as_object()).expect("an object");
        let keys: Vec<&str> = first.keys().map(String::as_str).collect();
        assert_eq!(keys.len(), 7);
        for k in ["rule", "level", "file", "line", "column", "message", "hint"] {
            assert!(keys.contains(&k), "{k}");
        }
        assert_eq!(first["level"], "error");
        assert_eq!(v[1]["hint"], serde_json::Value::Null);
        assert_eq!(render(&[], Format::Json, &files(0), &source, false), "[]\n");
    }
}
