//! YAML parsing, kept behind this one module so the YAML crate can be swapped.
//!
//! Front matter and `warroom.yaml` are parsed into a [`Node`] tree in which every
//! value remembers the line and column it came from. The typed layers above
//! (`content::fields`, `config`) read this tree and report wrong types and
//! unknown keys themselves, with positions, instead of failing on the first
//! problem as a derived `Deserialize` would.
//!
//! The crate behind it is `serde-saphyr`: pure safe Rust, fuzzed, with limits
//! against alias bombs, duplicate keys rejected and errors carrying a position.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

/// A position in a source file, both 1-based. Line 0 means "unknown".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, serde::Serialize)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

impl Pos {
    pub fn new(line: usize, column: usize) -> Pos {
        Pos { line, column }
    }
}

/// A YAML value with its position.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub pos: Pos,
    pub value: Value,
    /// A number's text as written (`007`, `1.10`, `+4930901820`), so that
    /// where text is wanted it is not rewritten as `7`, `1.1`, `4930901820`.
    pub source: Option<String>,
}

/// The shapes a YAML value can take once parsed.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// Integers and floats keep their source text so `007` stays `007`
    /// where a string is wanted.
    Number(f64),
    String(String),
    Seq(Vec<Node>),
    /// Keys in source order, each with the position of its value.
    Map(Vec<(String, Node)>),
}

impl Value {
    /// A short name of the value's type for error messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "nothing",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "text",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }
}

impl Node {
    /// The value as text when it is a scalar (numbers and booleans included,
    /// since YAML authors rarely quote `90` or `yes`).
    pub fn as_scalar_text(&self) -> Option<String> {
        match &self.value {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(self.source.clone().unwrap_or_else(|| format_number(*n))),
            // `title: yes` is the title "yes", not "true".
            Value::Bool(b) => Some(self.source.clone().unwrap_or_else(|| b.to_string())),
            _ => None,
        }
    }

    /// Looks a key up in a mapping node.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

/// A YAML syntax or structure error with its position inside the YAML text.
#[derive(Debug, Clone, PartialEq)]
pub struct YamlError {
    pub pos: Pos,
    pub message: String,
}

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message)
    }
}

/// Most YAML values in one document, counted after aliases are expanded, so
/// a "billion laughs" alias bomb is refused in a fraction of a second instead
/// of filling memory. A 500-contact phone list has about 6,000.
pub const MAX_NODES: usize = 50_000;

/// Deepest nesting of lists and mappings, so hostile input cannot exhaust the
/// stack. Deserialising one level takes about 50 KB of stack in a debug build
/// (40 levels overflowed the 2 MB stack of a rayon or test thread); front
/// matter needs 4 levels (a phone list's groups → contacts → fields).
pub const MAX_DEPTH: usize = 16;

/// Parses one YAML document. An empty document is `Null`.
/// Positions are relative to `text` (line 1 is its first line).
pub fn parse(text: &str) -> Result<Node, YamlError> {
    if text.trim().is_empty() {
        return Ok(Node { pos: Pos::new(1, 1), value: Value::Null, source: None });
    }
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_nodes: MAX_NODES,
            max_depth: MAX_DEPTH,
        },
    };
    match serde_saphyr::from_str_with_options::<Spanned<Value>>(text, options) {
        Ok(spanned) => {
            let mut root = node(spanned);
            let lines: Vec<&str> = text.lines().collect();
            keep_number_text(&mut root, &lines);
            Ok(root)
        }
        Err(err) => {
            let pos =
                err.location().map(|l| Pos::new(l.line() as usize, l.column() as usize)).unwrap_or(Pos::new(1, 1));
            Err(YamlError { pos, message: first_line(&err.to_string()) })
        }
    }
}

fn first_line(message: &str) -> String {
    // serde-saphyr renders a source snippet below the message; the check
    // reporter draws its own, so keep the message alone.
    let line = message.lines().find(|l| !l.trim().is_empty()).unwrap_or(message);
    let line = line.trim().trim_start_matches("error: ");
    // The position is reported separately (and relative to the whole file).
    let line = strip_position(line);
    if line.starts_with("budget breached") || line.starts_with("recursion limit exceeded") {
        return format!(
            "the YAML is too big or too deeply nested (at most {MAX_NODES} values after expanding aliases, \
             {MAX_DEPTH} levels deep)"
        );
    }
    // Advice meant for programs using the crate, not for authors.
    let line = line.split(", set DuplicateKeyPolicy").next().unwrap_or(line);
    line.to_string()
}

/// `line 3 column 1: duplicate ...` → `duplicate ...`.
fn strip_position(message: &str) -> &str {
    let Some(rest) = message.strip_prefix("line ") else { return message };
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    let Some(rest) = rest.strip_prefix(" column ") else { return message };
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    rest.strip_prefix(':').map_or(message, str::trim_start)
}

fn pos_of<T>(s: &Spanned<T>) -> Pos {
    Pos::new(s.referenced.line() as usize, s.referenced.column() as usize)
}

fn node(s: Spanned<Value>) -> Node {
    Node { pos: pos_of(&s), value: s.value, source: None }
}

/// Fills [`Node::source`] of every number from the text at its position.
fn keep_number_text(node: &mut Node, lines: &[&str]) {
    match &mut node.value {
        Value::Number(n) => node.source = number_text(lines, node.pos, *n),
        Value::Bool(_) => node.source = token_at(lines, node.pos),
        Value::Seq(items) => items.iter_mut().for_each(|i| keep_number_text(i, lines)),
        Value::Map(entries) => entries.iter_mut().for_each(|(_, v)| keep_number_text(v, lines)),
        _ => {}
    }
}

/// The plain scalar at `pos` as written (`yes`, `On`), for booleans read
/// where text is wanted.
fn token_at(lines: &[&str], pos: Pos) -> Option<String> {
    let line = lines.get(pos.line.checked_sub(1)?)?;
    let token: String = line
        .chars()
        .skip(pos.column.checked_sub(1)?)
        .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | ']' | '}' | '#'))
        .collect();
    (!token.is_empty()).then_some(token)
}

/// The plain scalar at `pos` when it reads as the number `n`; `None` for
/// forms such as `0x1F`, `.inf` or an alias, which keep the formatted value.
fn number_text(lines: &[&str], pos: Pos, n: f64) -> Option<String> {
    token_at(lines, pos).filter(|token| token.parse::<f64>().ok() == Some(n))
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v as f64))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v as f64))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Number(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Value>>()? {
            items.push(node(item));
        }
        Ok(Value::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries: Vec<(String, Node)> = Vec::new();
        while let Some(key) = map.next_key::<KeyText>()? {
            let value = map.next_value::<Spanned<Value>>()?;
            entries.push((key.0, node(value)));
        }
        Ok(Value::Map(entries))
    }
}

/// A mapping key read as text whatever its YAML type (`2024: x` has key "2024").
struct KeyText(String);

impl<'de> Deserialize<'de> for KeyText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<KeyText, D::Error> {
        let v = Value::deserialize(d)?;
        match v {
            Value::String(s) => Ok(KeyText(s)),
            Value::Number(n) => Ok(KeyText(format_number(n))),
            Value::Bool(b) => Ok(KeyText(b.to_string())),
            Value::Null => Ok(KeyText(String::new())),
            _ => Err(de::Error::custom("a mapping key must be plain text")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_positions_of_nested_values() {
        let n = parse("title: Hello\nlist:\n  - a\n  - b: 1\n").unwrap();
        let Value::Map(entries) = &n.value else { panic!("not a map") };
        assert_eq!(entries[0].0, "title");
        assert_eq!(entries[0].1.pos.line, 1);
        let Value::Seq(items) = &entries[1].1.value else { panic!("not a seq") };
        assert_eq!(items[0].pos.line, 3);
        assert_eq!(items[1].get("b").unwrap().pos.line, 4);
    }

    #[test]
    fn dates_and_times_stay_text() {
        let n = parse("date: 2024-03-01\nat: 14:05\nwhen: 2024-03-01 14:05\n").unwrap();
        assert_eq!(n.get("date").unwrap().as_scalar_text().unwrap(), "2024-03-01");
        assert_eq!(n.get("at").unwrap().as_scalar_text().unwrap(), "14:05");
        assert_eq!(n.get("when").unwrap().as_scalar_text().unwrap(), "2024-03-01 14:05");
    }

    #[test]
    fn syntax_error_has_position() {
        let err = parse("title: a\nservices: [a, b\n").unwrap_err();
        assert!(err.pos.line >= 2, "{err:?}");
    }

    #[test]
    fn duplicate_keys_are_errors() {
        let err = parse("a: 1\na: 2\n").unwrap_err();
        assert_eq!(err.pos.line, 2);
        assert!(!err.message.contains("DuplicateKeyPolicy"), "{}", err.message);
        assert!(!err.message.starts_with("line "), "{}", err.message);
    }

    #[test]
    fn too_deep_nesting_is_refused_with_a_plain_message() {
        let deep = format!("a: {}1{}\n", "[".repeat(200), "]".repeat(200));
        let err = parse(&deep).unwrap_err();
        assert!(err.message.contains("too deeply nested"), "{}", err.message);
    }

    #[test]
    fn nesting_up_to_the_limit_does_not_overflow_a_small_stack() {
        // Regression: 50 nested flow lists overflowed the 2 MB stack of a
        // test or rayon thread (the limit was 64) and aborted the whole process.
        for (n, open, close) in [(MAX_DEPTH - 1, "[", "]"), (MAX_DEPTH - 1, "{a: ", "}"), (MAX_DEPTH + 40, "[", "]")] {
            let text = format!("a: {}1{}\n", open.repeat(n), close.repeat(n));
            let result = std::thread::Builder::new()
                .stack_size(2 * 1024 * 1024)
                .spawn(move || parse(&text).is_ok())
                .unwrap()
                .join()
                .expect("parse must not overflow a 2 MB stack");
            assert_eq!(result, n < MAX_DEPTH, "depth {n}");
        }
        let mut block = String::new();
        for i in 0..MAX_DEPTH + 10 {
            block.push_str(&format!("{}k{i}:\n", "  ".repeat(i)));
        }
        assert!(parse(&block).is_err());
    }

    #[test]
    fn position_prefix_is_stripped() {
        assert_eq!(strip_position("line 3 column 14: bad thing"), "bad thing");
        assert_eq!(strip_position("line of text"), "line of text");
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut s = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            s.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let err = parse(&s).unwrap_err();
        assert!(err.message.contains("too big"), "{}", err.message);
    }

    #[test]
    fn numbers_keep_their_text() {
        // Regression: `id: 007` made the page `7.html` and `title: 1.10` read `1.1`.
        let n = parse("id: 007\ntitle: 1.10\nphone: +4930901820\nlist: [1.50, 2]\nhex: 0x1F\ndays: 90 # a comment\n")
            .unwrap();
        let text = |k: &str| n.get(k).unwrap().as_scalar_text().unwrap();
        assert_eq!(text("id"), "007");
        assert_eq!(text("title"), "1.10");
        assert_eq!(text("phone"), "+4930901820");
        assert_eq!(text("hex"), "31");
        assert_eq!(text("days"), "90");
        assert_eq!(n.get("days").unwrap().value, Value::Number(90.0));
        let Value::Seq(items) = &n.get("list").unwrap().value else { panic!("not a list") };
        assert_eq!(items[0].as_scalar_text().unwrap(), "1.50");
        assert_eq!(items[1].as_scalar_text().unwrap(), "2");
    }

    #[test]
    fn empty_is_null() {
        assert_eq!(parse("  \n").unwrap().value, Value::Null);
    }
}
