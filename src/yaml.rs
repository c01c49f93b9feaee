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
    if let Some(node) = simple::parse(text) {
        return Ok(node);
    }
    parse_full(text)
}

/// [`parse`] through serde-saphyr alone, without the fast path for simple
/// front matter. The tests compare both.
fn parse_full(text: &str) -> Result<Node, YamlError> {
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

/// A fast reader for the front matter nearly every file has: one
/// `key: value` per line at the left margin, each value a one-line plain or
/// quoted scalar or a one-line flow list of them. It gives up (`None`) on
/// anything else and on anything it is not sure of, and [`parse`] then asks
/// serde-saphyr, which also reports every error. Where it does answer, the
/// node is the one serde-saphyr builds, positions included; the tests compare
/// both on every kind of line this accepts and on generated text.
mod simple {
    use super::{number_text, token_at, Node, Pos, Value};

    /// Larger front matter goes to serde-saphyr and its limits.
    const MAX_TEXT: usize = 64 * 1024;
    /// Most values (keys, scalars and list items) read here.
    const MAX_VALUES: usize = 1_000;
    const MAX_KEY: usize = 64;

    pub(super) fn parse(text: &str) -> Option<Node> {
        if text.len() > MAX_TEXT {
            return None;
        }
        let ascii = printable(text)?;
        let mut entries: Vec<(String, Node)> = Vec::with_capacity(text.bytes().filter(|b| *b == b'\n').count() + 1);
        let mut root = None;
        let mut values = 0usize;
        for (number, line) in (1..).zip(text.split('\n')) {
            let bytes = line.as_bytes();
            match bytes.first() {
                None | Some(b'#') => continue,
                Some(b' ') if bytes.iter().all(|b| *b == b' ') => continue,
                Some(c) if !c.is_ascii_alphabetic() => return None,
                Some(_) => {}
            }
            // The key ends at the first `:`, which must be followed by a space.
            let colon = line.find(':')?;
            if bytes.get(colon + 1) != Some(&b' ') {
                return None;
            }
            let key = &line[..colon];
            if key.len() > MAX_KEY
                || !key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
                || null_or_bool(key).is_some()
                || entries.iter().any(|(k, _)| k == key)
            {
                return None;
            }
            let start = colon + 2 + line[colon + 2..].bytes().take_while(|b| *b == b' ').count();
            let pos = Pos::new(number, column(ascii, line, start));
            let (value, end) = match *bytes.get(start)? {
                b'"' | b'\'' => {
                    let (s, end) = quoted(line, start)?;
                    (Value::String(s), end)
                }
                b'[' => flow_list(ascii, line, number, start, &mut values)?,
                c if is_indicator(c) => return None,
                _ => {
                    // A comment starts at a `#` after a space.
                    let rest = &line[start..];
                    let comment =
                        rest.match_indices('#').map(|(i, _)| i).find(|i| *i > 0 && rest.as_bytes()[i - 1] == b' ');
                    let v = rest[..comment.map_or(rest.len(), |i| i - 1)].trim_end_matches(' ');
                    let mapping = v.match_indices(':').any(|(i, _)| v.as_bytes().get(i + 1).is_none_or(|b| *b == b' '));
                    if mapping {
                        return None;
                    }
                    (classify(v)?, start + v.len())
                }
            };
            if !blank_or_comment(&line[end..]) {
                return None;
            }
            values += 2;
            if values > MAX_VALUES {
                return None;
            }
            root.get_or_insert(Pos::new(number, 1));
            let source = match value {
                Value::Number(n) => number_text(&[line], Pos::new(1, pos.column), n),
                Value::Bool(_) => token_at(&[line], Pos::new(1, pos.column)),
                _ => None,
            };
            entries.push((key.to_string(), Node { pos, value, source }));
        }
        Some(Node { pos: root?, value: Value::Map(entries), source: None })
    }

    /// A one-line flow list `[a, "b", 'c']` starting at byte `start` of
    /// `line`: the list and the byte after its `]`.
    fn flow_list(ascii: bool, line: &str, number: usize, start: usize, values: &mut usize) -> Option<(Value, usize)> {
        let bytes = line.as_bytes();
        let skip = |i: usize| i + bytes[i..].iter().take_while(|b| **b == b' ').count();
        let mut items = Vec::new();
        let mut i = skip(start + 1);
        if bytes.get(i) == Some(&b']') {
            return Some((Value::Seq(items), i + 1));
        }
        loop {
            let pos = Pos::new(number, column(ascii, line, i));
            let (value, end) = match *bytes.get(i)? {
                b'"' | b'\'' => {
                    let (s, end) = quoted(line, i)?;
                    (Value::String(s), end)
                }
                c if is_indicator(c) => return None,
                _ => {
                    let len = bytes[i..].iter().position(|b| matches!(b, b',' | b']'))?;
                    let raw = &line[i..i + len];
                    if raw.bytes().any(|b| matches!(b, b'#' | b':' | b'"' | b'\'' | b'[' | b'{' | b'}')) {
                        return None;
                    }
                    let v = raw.trim_end_matches(' ');
                    (classify(v)?, i + v.len())
                }
            };
            let source = match value {
                Value::Number(n) => number_text(&[line], Pos::new(1, pos.column), n),
                Value::Bool(_) => token_at(&[line], Pos::new(1, pos.column)),
                _ => None,
            };
            items.push(Node { pos, value, source });
            *values += 1;
            i = skip(end);
            match bytes.get(i) {
                Some(b']') => return Some((Value::Seq(items), i + 1)),
                // A trailing comma, `[a, ]`, is left to serde-saphyr.
                Some(b',') if !matches!(bytes.get(skip(i + 1)), Some(b']') | None) => i = skip(i + 1),
                _ => return None,
            }
        }
    }

    /// A one-line quoted scalar starting at byte `start` (its quote): the text
    /// and the byte after the closing quote. Escapes in double quotes are left
    /// to serde-saphyr.
    fn quoted(line: &str, start: usize) -> Option<(String, usize)> {
        let quote = line.as_bytes()[start];
        let rest = &line[start + 1..];
        if quote == b'"' {
            let close = rest.find(['"', '\\'])?;
            return (rest.as_bytes()[close] == b'"').then(|| (rest[..close].to_string(), start + close + 2));
        }
        let mut out = String::new();
        let mut from = 0;
        loop {
            let close = from + rest[from..].find('\'')?;
            out.push_str(&rest[from..close]);
            if rest.as_bytes().get(close + 1) == Some(&b'\'') {
                out.push('\'');
                from = close + 2;
            } else {
                return Some((out, start + close + 2));
            }
        }
    }

    /// What serde-saphyr makes of a plain scalar when asked for any value;
    /// `None` for the numeric forms not worth repeating here (floats, signs,
    /// `0x1F`, `1_000`, `.inf`).
    fn classify(t: &str) -> Option<Value> {
        if let Some(v) = null_or_bool(t) {
            return Some(v);
        }
        let unsigned = t.strip_prefix(['+', '-']).unwrap_or(t);
        let numeric = unsigned.len() != t.len() || unsigned.starts_with(|c: char| c.is_ascii_digit() || c == '.');
        if !numeric {
            return Some(Value::String(t.to_string()));
        }
        if (1..=18).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit()) {
            // `007` is not an integer to serde-saphyr but parses as a float.
            let n =
                if t.len() > 1 && t.starts_with('0') { t.parse::<f64>().ok()? } else { t.parse::<u64>().ok()? as f64 };
            return Some(Value::Number(n));
        }
        let radix = ["0x", "0X", "0o", "0O", "0b", "0B"].iter().any(|p| unsigned.starts_with(p));
        if unsigned.starts_with('.') || t.contains('_') || radix || t.parse::<f64>().is_ok() {
            return None;
        }
        // Neither an integer nor a float (`2024-03-01`, `14:05`, `+44 20 7946 0018`).
        Some(Value::String(t.to_string()))
    }

    /// The null and boolean spellings serde-saphyr reads by default (YAML
    /// 1.1 booleans, so `yes` and `off` too).
    fn null_or_bool(t: &str) -> Option<Value> {
        if t.len() > 5 {
            return None;
        }
        if matches!(t, "~" | "null" | "Null" | "NULL") {
            return Some(Value::Null);
        }
        let words = [("true", true), ("yes", true), ("y", true), ("on", true)];
        let words = words.into_iter().chain([("false", false), ("no", false), ("n", false), ("off", false)]);
        words.into_iter().find(|(w, _)| t.eq_ignore_ascii_case(w)).map(|(_, b)| Value::Bool(b))
    }

    /// YAML's indicator characters, which a plain scalar may not start with.
    fn is_indicator(c: u8) -> bool {
        b"-?:,[]{}#&*!|>'\"%@`".contains(&c)
    }

    /// Nothing, spaces, or spaces and a comment.
    fn blank_or_comment(rest: &str) -> bool {
        let t = rest.trim_start_matches(' ');
        t.is_empty() || (t.len() < rest.len() && t.starts_with('#'))
    }

    /// The 1-based column in chars of a byte offset, as serde-saphyr counts.
    fn column(ascii: bool, line: &str, byte: usize) -> usize {
        if ascii {
            byte + 1
        } else {
            line[..byte].chars().count() + 1
        }
    }

    /// Whether the text is ASCII, when it holds no tabs, carriage returns,
    /// control characters or other characters YAML treats specially
    /// (`\u{2028}`, a byte-order mark, ...); `None` when it does.
    fn printable(text: &str) -> Option<bool> {
        if text.bytes().all(|b| b == b'\n' || (b' '..=b'~').contains(&b)) {
            return Some(true);
        }
        text.chars()
            .all(|c| {
                c == '\n'
                    || (c >= ' '
                        && !('\u{7f}'..='\u{9f}').contains(&c)
                        && !matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'))
            })
            .then_some(false)
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

    /// Whether the fast path answered; where it did, it must equal serde-saphyr.
    fn fast_path_agrees(text: &str) -> bool {
        match simple::parse(text) {
            Some(fast) => {
                assert_eq!(Ok(fast), parse_full(text), "the fast path differs on {text:?}");
                true
            }
            None => false,
        }
    }

    #[test]
    fn fast_path_reads_common_front_matter_as_serde_saphyr_does() {
        for text in [
            "title: Disk full\ndate: 2024-03-01\nseverity: SEV2\n",
            "\n\n# a comment\ntitle: x\n  \n# another\nid: INC-1\n",
            "title: \"Timeouts (#561) caused by: a cert\"\nalt: 'it''s'\nempty: ''\nq: \"\"\n",
            "services: [billing, search]\nnone: []\nspaced: [ a ,  b c  ]\nmixed: [\"x\", 'y', z]\n",
            "started: 2019-06-10 12:37\nat: 14:05\nrfc: 2024-03-01T14:05:00Z\nphone: +44 20 7946 0018\n",
            "days: 90 # a comment\nid: 007\nzero: 0\nzeros: 00\nbig: 123456789012345678\nlist: [1, 02, x]\n",
            "draft: yes\nok: No\nflag: TRUE\nn1: ~\nn2: null\nn3: NULL\nlist: [y, off, Null]\n",
            "title: Ünïcode Straße — done\nnames: [Zoë, José Díaz, 1]\nafter: é [x] {y} a#b\n",
            "owner: Platform SRE (Aisha Bello)\ntitle: inf\nt2: nan\nt3: 1e\nt4: 1.2.3\nt5: 3rd\n",
            "title: a ] b\nx: C# and F#\npct: 50%\nz: a - b ? c\nw: it's \"quoted\"\n",
            "key-with-dash: 1\nkey_2: two\nv: x  \nw: [a]  # c\n",
        ] {
            assert!(fast_path_agrees(text), "the fast path gave up on {text:?}");
        }
    }

    #[test]
    fn fast_path_leaves_the_rest_to_serde_saphyr() {
        for text in [
            "a: 1\na: 2\n",
            "a:\n  - x\n",
            "a:\n",
            "a: x\n  continued\n",
            "a: b: c\n",
            "a: b:\n",
            "a:\tx\n",
            "a: x\r\n",
            "a: \"esc\\\"aped\"\n",
            "a: \"open\n",
            "a: [x,\n  y]\n",
            "a: [x, ]\n",
            "a: [x] y\n",
            "a: [[x]]\n",
            "a: [x: y]\n",
            "a: {x: 1}\n",
            "a: &anchor x\nb: *anchor\n",
            "a: !tag x\n",
            "a: |\n  text\n",
            "a: 1.5\n",
            "a: -3\n",
            "a: +5\n",
            "a: 0x1F\n",
            "a: 1_000\n",
            "a: .inf\n",
            "a: 1234567890123456789\n",
            "yes: x\n",
            "null: x\n",
            "  a: 1\n",
            "# only a comment\n",
            "---\na: 1\n",
            "a : 1\n",
            "a:x\n",
            "a: `x`\n",
            "a: @x\n",
            "a: x\u{2028}y\n",
            "a: \u{feff}x\n",
        ] {
            assert!(!fast_path_agrees(text), "the fast path answered {text:?}");
        }
    }

    #[test]
    fn fast_path_agrees_on_every_front_matter_in_the_repository() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut fast = 0;
        for dir in ["content", "tests/fixtures", "src/scaffold"] {
            for entry in walkdir::WalkDir::new(root.join(dir)).into_iter().flatten() {
                let Ok(text) = std::fs::read_to_string(entry.path()) else { continue };
                let text = crate::content::frontmatter::normalise(&text);
                if let Ok(split) = crate::content::frontmatter::split(&text) {
                    fast += usize::from(fast_path_agrees(split.yaml));
                }
            }
        }
        assert!(fast > 20, "only {fast} files took the fast path");
    }

    const KEYS: &[&str] = &["title", "id", "a-b", "x_1", "Title", "date", "tags", "k2", "services", "owner"];
    const ODD_KEYS: &[&str] = &["y", "on", "null", "k\u{e9}y", "_x", "1a", "a b", "-a", "a:b", ""];
    const SEPARATORS: &[&str] = &[":  ", ":", " : ", ":\t", ": \t", ":\u{a0}"];
    const PIECES: &[&str] = &[
        "a",
        "b c",
        "007",
        "12",
        "0",
        "1.5",
        "-3",
        "+44 20",
        "2024-03-01",
        "14:05",
        "yes",
        "No",
        "~",
        "null",
        "\"q\"",
        "'s'",
        "''",
        "'it''s'",
        "\"a\\\"b\"",
        "\"",
        "'",
        "[",
        "]",
        "[a, b]",
        "[1, 2.0, x]",
        "[]",
        "[ a ]",
        "[a,]",
        "[,]",
        "{a: 1}",
        "#",
        " # c",
        " #",
        "#x",
        ":",
        ": ",
        ",",
        ", ",
        "&x",
        "*x",
        "!t",
        "|",
        ">",
        "-",
        "- a",
        "?",
        "@",
        "`",
        "%",
        "\u{e9}",
        "\u{a0}",
        "\u{2028}",
        "\t",
        " ",
        "  ",
        "0x1F",
        "1_000",
        ".inf",
        "inf",
        "nan",
        "1e3",
        "1.",
        "...",
        "123456789012345678",
        "1234567890123456789",
        "TRUE",
        "off",
        "\\",
        "x y",
        "[a",
        "b]",
        "\"x y\"",
        "'x y'",
    ];
    const LINES: &[&str] = &["", "  ", "# comment", "  - item", "  nested: 1", "- x", "---", "...", "   # indented"];

    fn line_strategy() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        use proptest::sample::select;
        let key = prop_oneof![8 => select(KEYS), 1 => select(ODD_KEYS)];
        let separator = prop_oneof![8 => Just(": "), 1 => select(SEPARATORS)];
        let word = prop_oneof![2 => "[a-z0-9]{1,3}", 3 => select(PIECES).prop_map(str::to_string)];
        let value = prop_oneof![
            3 => proptest::collection::vec(word.clone(), 1..4).prop_map(|w| w.concat()),
            1 => proptest::collection::vec(word, 0..4).prop_map(|w| format!("[{}]", w.join(", "))),
        ];
        prop_oneof![
            1 => select(LINES).prop_map(str::to_string),
            8 => (key, separator, value).prop_map(|(k, sep, v)| format!("{k}{sep}{v}")),
        ]
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        #[test]
        fn fast_path_never_differs_from_serde_saphyr(lines in proptest::collection::vec(line_strategy(), 1..6)) {
            fast_path_agrees(&lines.join("\n"));
        }
    }
}
