//! Typed reading of front matter fields, reporting as it goes.
//!
//! [`Fields`] wraps the front matter mapping. Each getter returns the value in
//! the wanted type or records a finding (`missing-field`, `invalid-field`,
//! `front-matter-invalid`) with the field's line, and marks the key as known so
//! that [`Fields::finish`] can report the rest as `unknown-field`.

use chrono::NaiveDate;

use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::time::{self, Zone};
use crate::yaml::{Node, Value};

/// A reference to another document (`related`, `contacts`), with its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub target: String,
    pub line: usize,
}

/// Reads front matter fields of one file and collects findings.
pub struct Fields<'a> {
    entries: &'a [(String, Node)],
    file: &'a str,
    /// Line of the first YAML line in the file, to turn YAML lines into file lines.
    line_offset: usize,
    /// Keys asked for, in the order asked (repeats included); sorted in
    /// [`Fields::finish`]. A front matter has a few dozen at most.
    known: Vec<&'static str>,
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> Fields<'a> {
    pub fn new(entries: &'a [(String, Node)], file: &'a str, yaml_line: usize) -> Fields<'a> {
        Fields { entries, file, line_offset: yaml_line - 1, known: Vec::new(), diagnostics: Vec::new() }
    }

    /// The file line of a YAML node.
    pub fn line(&self, node: &Node) -> usize {
        node.pos.line + self.line_offset
    }

    /// The line of the front matter's opening `---`, for missing fields.
    pub fn top_line(&self) -> usize {
        1
    }

    fn find(&mut self, key: &'static str) -> Option<&'a Node> {
        self.known.push(key);
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| v).filter(|v| v.value != Value::Null)
    }

    /// Records a finding at a node.
    pub fn report(&mut self, rule: &'static str, node: &Node, message: String, hint: Option<String>) {
        let mut d = Diagnostic::new(rule, self.file, self.line(node), message).column(node.pos.column.max(1));
        d.hint = hint;
        self.diagnostics.push(d);
    }

    fn missing(&mut self, key: &str, hint: &str) {
        self.diagnostics.push(
            Diagnostic::new("missing-field", self.file, self.top_line(), format!("required field `{key}` is missing"))
                .hint(hint.to_string()),
        );
    }

    /// Marks a key as known without reading it (fields of the shared model).
    pub fn allow(&mut self, key: &'static str) {
        self.known.push(key);
    }

    /// A one-line text field.
    pub fn text(&mut self, key: &'static str, required: bool) -> Option<String> {
        let Some(node) = self.find(key) else {
            if required {
                self.missing(key, &format!("add `{key}: ...` to the front matter"));
            }
            return None;
        };
        // Text is trimmed in place; numbers and booleans are written out first.
        let written;
        let scalar = match &node.value {
            Value::String(s) => Some(s.as_str()),
            _ => {
                written = node.as_scalar_text();
                written.as_deref()
            }
        };
        match scalar {
            Some(t) if !t.trim().is_empty() => Some(t.trim().to_string()),
            Some(_) => {
                if required {
                    self.report(
                        "invalid-field",
                        node,
                        format!("`{key}` is empty"),
                        Some(format!("give `{key}` a value")),
                    );
                }
                None
            }
            None => {
                let msg = format!("`{key}` must be text, not {}", node.value.type_name());
                self.report("front-matter-invalid", node, msg, None);
                None
            }
        }
    }

    /// A list of text values; a single text value is taken as a list of one.
    pub fn list(&mut self, key: &'static str, required: bool) -> Vec<String> {
        self.list_with_lines(key, required).into_iter().map(|r| r.target).collect()
    }

    /// A list of text values with the line of each.
    pub fn list_with_lines(&mut self, key: &'static str, required: bool) -> Vec<Reference> {
        let Some(node) = self.find(key) else {
            if required {
                self.missing(key, &format!("add `{key}: [name]` to the front matter"));
            }
            return Vec::new();
        };
        let items: Vec<&Node> = match &node.value {
            Value::Seq(items) => items.iter().collect(),
            Value::String(_) | Value::Number(_) => vec![node],
            other => {
                let msg = format!("`{key}` must be a list, not {}", other.type_name());
                self.report("front-matter-invalid", node, msg, Some(format!("write `{key}: [a, b]`")));
                return Vec::new();
            }
        };
        let mut out = Vec::new();
        for item in items {
            match item.as_scalar_text() {
                // `warroom import` writes `services: [TODO]` for a list it could not infer.
                Some(t) if required && t.trim() == "TODO" => {
                    let msg = format!("`{key}` is still `TODO`");
                    let hint = format!("list them: `{key}: [name, other-name]`");
                    self.report("invalid-field", item, msg, Some(hint));
                    return Vec::new();
                }
                Some(t) if !t.trim().is_empty() => {
                    out.push(Reference { target: t.trim().to_string(), line: self.line(item) })
                }
                _ => {
                    let msg = format!("every item of `{key}` must be text, not {}", item.value.type_name());
                    self.report("front-matter-invalid", item, msg, None);
                }
            }
        }
        if required && out.is_empty() {
            self.report(
                "invalid-field",
                node,
                format!("`{key}` must not be empty"),
                Some(format!("list at least one: `{key}: [name]`")),
            );
        }
        out
    }

    /// A `YYYY-MM-DD` date.
    pub fn date(&mut self, key: &'static str, required: bool) -> Option<NaiveDate> {
        let text = self.text(key, required)?;
        let node = self.find(key)?;
        match time::parse_date(&text) {
            Some(d) => Some(d),
            None => {
                self.report(
                    "invalid-field",
                    node,
                    format!("`{key}: {text}` is not a date"),
                    Some("write dates as YYYY-MM-DD, e.g. 2024-03-01".into()),
                );
                None
            }
        }
    }

    /// A whole number of days or items.
    pub fn number(&mut self, key: &'static str) -> Option<i64> {
        let node = self.find(key)?;
        match &node.value {
            Value::Number(n) if n.fract() == 0.0 && *n >= 0.0 && *n < 1e9 => Some(*n as i64),
            _ => {
                self.report("invalid-field", node, format!("`{key}` must be a whole number of days"), None);
                None
            }
        }
    }

    /// A time zone name or offset.
    pub fn zone(&mut self, key: &'static str) -> Option<Zone> {
        let text = self.text(key, false)?;
        let node = self.find(key)?;
        match Zone::parse(&text) {
            Some(z) => Some(z),
            None => {
                self.report(
                    "invalid-field",
                    node,
                    format!("`{key}: {text}` is not a time zone"),
                    Some("use an IANA name such as `Europe/Berlin` or an offset such as `+02:00`".into()),
                );
                None
            }
        }
    }

    /// The raw node of a field, marked as known.
    pub fn node(&mut self, key: &'static str) -> Option<&'a Node> {
        self.find(key)
    }

    /// Reports every key no getter asked for as `unknown-field`.
    pub fn finish(mut self) -> Vec<Diagnostic> {
        if self.entries.iter().all(|(key, _)| self.known.contains(&key.as_str())) {
            return self.diagnostics;
        }
        let mut known = std::mem::take(&mut self.known);
        known.sort_unstable();
        known.dedup();
        for (key, node) in self.entries {
            if known.binary_search(&key.as_str()).is_ok() {
                continue;
            }
            let hint = match did_you_mean(key, known.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("known fields: {}", known.join(", ")),
            };
            let line = self.line(node);
            self.diagnostics
                .push(Diagnostic::new("unknown-field", self.file, line, format!("unknown field `{key}`")).hint(hint));
        }
        self.diagnostics
    }
}
