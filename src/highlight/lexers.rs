//! Hand-written lexers for the languages incident write-ups use most.
//!
//! syntect (Sublime grammars on onig regexes) manages about a megabyte a
//! second, which made highlighting the bulk of a build. These lexers make a
//! single forward pass over the bytes of a code block, with no regexes and no
//! allocation per token, and hand each piece to a [`Sink`] as one of the
//! [`Token`] kinds the syntect fallback also produces, so both paths share one
//! stylesheet.
//!
//! Design:
//! - A small engine, `Cur`, holds the code, a byte position and a *mark*: the
//!   start of text not yet handed to the sink. Lexers move the position with
//!   helpers (`eat_while`, `eat_line`, `starts`, ...) and call `emit(start,
//!   token)`, which first hands `mark..start` over as [`Token::Plain`] and then
//!   `start..pos` as `token`. Every byte therefore reaches the sink exactly
//!   once, in order; `emit` also nudges positions onto char boundaries, so no
//!   input can make it slice inside a UTF-8 character.
//! - Shared pieces: quoted strings with escapes and interpolation (shell
//!   `$VAR`, Python f-string `{..}`, JavaScript `${..}`, HCL `${..}`),
//!   numbers, and keyword tables written as `match` on `&str` (SQL lower-cases
//!   words into a stack buffer first).
//! - Per-language functions: bash, SQL, YAML, JSON, TOML, INI, Python,
//!   Dockerfile (its `RUN` lines go through the bash lexer), diff, Terraform
//!   (HCL), and one C-family lexer configured per language for Go,
//!   JavaScript, TypeScript, Rust, Java, C and C++.
//!
//! The lexers aim for what a reader needs (comments, strings, keywords,
//! keys, numbers), not for a full parse: a wrong guess costs a colour, never
//! text. Any language [`lang_for`] does not know (nginx, XML, ...) falls back
//! to syntect in the parent module.

use super::{Sink, Token};

/// A language the fast lexers know.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Bash,
    Sql,
    Yaml,
    Json,
    Toml,
    Ini,
    Python,
    Go,
    JavaScript,
    TypeScript,
    Rust,
    Java,
    C,
    Cpp,
    Dockerfile,
    Diff,
    Terraform,
}

/// The fast lexer for a fence's language word (already lower-cased, trimmed
/// and with the parent module's aliases applied), if there is one.
pub fn lang_for(word: &str) -> Option<Lang> {
    Some(match word {
        "bash" | "sh" | "shell" | "zsh" => Lang::Bash,
        "sql" | "psql" | "postgresql" | "postgres" | "mysql" | "sqlite" | "plpgsql" => Lang::Sql,
        "yaml" | "yml" => Lang::Yaml,
        "json" | "jsonc" | "json5" | "geojson" => Lang::Json,
        "toml" => Lang::Toml,
        "ini" | "conf" | "cfg" | "properties" | "dosini" | "systemd" => Lang::Ini,
        "python" | "py" | "python3" => Lang::Python,
        "go" | "golang" => Lang::Go,
        "javascript" | "js" | "mjs" | "cjs" | "jsx" => Lang::JavaScript,
        "typescript" | "ts" | "tsx" => Lang::TypeScript,
        "rust" | "rs" => Lang::Rust,
        "java" => Lang::Java,
        "c" => Lang::C,
        "cpp" | "c++" | "h" | "hpp" | "cc" | "cxx" => Lang::Cpp,
        "dockerfile" | "docker" => Lang::Dockerfile,
        "diff" | "patch" | "udiff" => Lang::Diff,
        "terraform" | "tf" | "hcl" => Lang::Terraform,
        _ => return None,
    })
}

/// Splits `code` into tokens, handing every byte of it to `sink` in order.
pub fn lex(lang: Lang, code: &str, sink: &mut dyn Sink) {
    let mut c = Cur::new(code, sink);
    match lang {
        Lang::Bash => bash(&mut c),
        Lang::Sql => sql(&mut c),
        Lang::Yaml => yaml(&mut c),
        Lang::Json => json(&mut c),
        Lang::Toml => toml(&mut c),
        Lang::Ini => ini(&mut c),
        Lang::Python => python(&mut c),
        Lang::Go => c_family(&mut c, &GO),
        Lang::JavaScript => c_family(&mut c, &JAVASCRIPT),
        Lang::TypeScript => c_family(&mut c, &TYPESCRIPT),
        Lang::Rust => c_family(&mut c, &RUST),
        Lang::Java => c_family(&mut c, &JAVA),
        Lang::C => c_family(&mut c, &C),
        Lang::Cpp => c_family(&mut c, &CPP),
        Lang::Dockerfile => dockerfile(&mut c),
        Lang::Diff => diff(&mut c),
        Lang::Terraform => terraform(&mut c),
    }
    c.finish();
}

// ---------------------------------------------------------------------------
// Engine
// ---------------------------------------------------------------------------

/// A byte cursor over the code with a mark: everything before `mark` has
/// been handed to the sink, everything from `mark` to `pos` is pending.
struct Cur<'a, 's> {
    src: &'a str,
    b: &'a [u8],
    pos: usize,
    mark: usize,
    sink: &'s mut dyn Sink,
}

/// Length of the UTF-8 sequence a lead byte starts (1 for anything else).
#[inline]
fn utf8_len(b: u8) -> usize {
    match b {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

#[inline]
fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

#[inline]
fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

#[inline]
fn is_blank(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r')
}

/// Whitespace or the end of the code (`at` returns 0 past the end).
#[inline]
fn is_ws_or_end(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | 0)
}

/// Lower-cases an ASCII word into `buf`; `None` if it is too long or not
/// ASCII (so it cannot be a keyword).
#[inline]
fn lower<'b>(word: &str, buf: &'b mut [u8; 32]) -> Option<&'b str> {
    let bytes = word.as_bytes();
    if bytes.len() > buf.len() || !word.is_ascii() {
        return None;
    }
    let out = &mut buf[..bytes.len()];
    for (o, b) in out.iter_mut().zip(bytes) {
        *o = b.to_ascii_lowercase();
    }
    std::str::from_utf8(out).ok()
}

/// Whether a capitalised word looks like a type name (`Foo`, `T`), not a
/// constant (`MAX_LEN`).
#[inline]
fn is_capitalised(w: &str) -> bool {
    let b = w.as_bytes();
    b.first().is_some_and(u8::is_ascii_uppercase) && (b.len() == 1 || b.iter().any(u8::is_ascii_lowercase))
}

/// What a string may contain besides text.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Interp {
    None,
    /// Shell `$VAR`, `${..}`, `$(`.
    Shell,
    /// Python f-string `{..}` (`{{` is a literal brace).
    Braces,
    /// JavaScript template `${..}`.
    Dollar,
    /// HCL `${..}` and `%{..}` (`$${` is literal).
    Hcl,
}

/// How a quoted string ends and what is special inside it.
#[derive(Clone, Copy)]
struct Quote {
    close: &'static [u8],
    /// Backslash escapes are coloured as [`Token::Escape`].
    esc: bool,
    /// A backslash protects the next char without being an escape (raw strings).
    skip: bool,
    multiline: bool,
    interp: Interp,
}

impl Quote {
    const fn new(close: &'static [u8]) -> Quote {
        Quote { close, esc: true, skip: false, multiline: false, interp: Interp::None }
    }
    const fn raw(close: &'static [u8]) -> Quote {
        Quote { close, esc: false, skip: false, multiline: false, interp: Interp::None }
    }
    const fn multi(mut self) -> Quote {
        self.multiline = true;
        self
    }
    const fn interp(mut self, interp: Interp) -> Quote {
        self.interp = interp;
        self
    }
}

const DQ: &[u8] = b"\"";
const SQ: &[u8] = b"'";
const BQ: &[u8] = b"`";
const DQ3: &[u8] = b"\"\"\"";
const SQ3: &[u8] = b"'''";

impl<'a, 's> Cur<'a, 's> {
    fn new(src: &'a str, sink: &'s mut dyn Sink) -> Self {
        Cur { src, b: src.as_bytes(), pos: 0, mark: 0, sink }
    }

    #[inline]
    fn more(&self) -> bool {
        self.pos < self.b.len()
    }

    /// The byte `off` ahead of the position, 0 past the end.
    #[inline]
    fn at(&self, off: usize) -> u8 {
        self.b.get(self.pos + off).copied().unwrap_or(0)
    }

    #[inline]
    fn peek(&self) -> u8 {
        self.at(0)
    }

    /// The byte before the position; a newline at the start.
    #[inline]
    fn prev(&self) -> u8 {
        match self.pos.checked_sub(1) {
            Some(i) => self.b.get(i).copied().unwrap_or(b'\n'),
            None => b'\n',
        }
    }

    #[inline]
    fn starts(&self, s: &[u8]) -> bool {
        self.b.get(self.pos..).is_some_and(|rest| rest.starts_with(s))
    }

    #[inline]
    fn eat_while(&mut self, f: impl Fn(u8) -> bool) {
        while self.pos < self.b.len() && f(self.b[self.pos]) {
            self.pos += 1;
        }
    }

    /// Moves to the next newline (not past it), or the end.
    #[inline]
    fn eat_line(&mut self) {
        let rest = self.b.get(self.pos..).unwrap_or_default();
        self.pos = match rest.iter().position(|&b| b == b'\n') {
            Some(i) => self.pos + i,
            None => self.b.len(),
        };
    }

    /// Moves past a newline if there is one.
    #[inline]
    fn eat_newline(&mut self) {
        if self.peek() == b'\n' {
            self.pos += 1;
        }
    }

    /// Moves to just after the next occurrence of `s`, or the end.
    fn eat_past(&mut self, s: &[u8]) {
        while self.pos < self.b.len() {
            if self.starts(s) {
                self.pos += s.len();
                return;
            }
            self.pos += 1;
        }
    }

    /// Moves over one whole char.
    #[inline]
    fn bump(&mut self) {
        if let Some(&b) = self.b.get(self.pos) {
            self.pos = (self.pos + utf8_len(b)).min(self.b.len());
        }
    }

    /// The first byte after spaces and tabs from the position, 0 at the end.
    #[inline]
    fn after_blanks(&self) -> u8 {
        let mut i = self.pos;
        while i < self.b.len() && matches!(self.b[i], b' ' | b'\t') {
            i += 1;
        }
        self.b.get(i).copied().unwrap_or(0)
    }

    /// Only spaces and tabs between the start of the line and the position.
    fn line_lead(&self) -> bool {
        let mut i = self.pos.min(self.b.len());
        while i > 0 && matches!(self.b[i - 1], b' ' | b'\t') {
            i -= 1;
        }
        i == 0 || self.b[i - 1] == b'\n'
    }

    /// Hands pending text before `start` over as plain, then `start..pos` as
    /// `token`.
    fn emit(&mut self, start: usize, token: Token) {
        self.pos = self.pos.min(self.b.len());
        while !self.src.is_char_boundary(self.pos) {
            self.pos += 1;
        }
        let mut start = start.clamp(self.mark, self.pos);
        while !self.src.is_char_boundary(start) {
            start += 1;
        }
        if start > self.mark {
            self.sink.token(Token::Plain, &self.src[self.mark..start]);
        }
        if self.pos > start {
            self.sink.token(token, &self.src[start..self.pos]);
        }
        self.mark = self.pos;
    }

    fn finish(&mut self) {
        self.pos = self.b.len();
        self.emit(self.pos, Token::Plain);
    }

    /// A comment from the position to the end of the line.
    fn line_comment(&mut self) {
        let s = self.pos;
        self.eat_line();
        self.emit(s, Token::Comment);
    }

    /// A comment from the position to just after `close`.
    fn block_comment(&mut self, open: usize, close: &[u8]) {
        let s = self.pos;
        self.pos += open;
        self.eat_past(close);
        self.emit(s, Token::Comment);
    }

    /// A quoted string: `start` is where its token begins (prefix and
    /// opening quote), the position is just past the opening quote.
    fn quoted(&mut self, start: usize, q: Quote) {
        let mut seg = start;
        while self.pos < self.b.len() {
            let c = self.b[self.pos];
            if c == q.close[0] && self.starts(q.close) {
                self.pos += q.close.len();
                break;
            }
            if c == b'\n' && !q.multiline {
                break;
            }
            if c == b'\\' && (q.esc || q.skip) {
                if q.esc {
                    self.emit(seg, Token::String);
                    let e = self.pos;
                    self.pos += 1;
                    self.bump();
                    self.emit(e, Token::Escape);
                    seg = self.pos;
                } else {
                    self.pos += 1;
                    self.bump();
                }
                continue;
            }
            let open = match q.interp {
                Interp::None => false,
                Interp::Shell => c == b'$',
                Interp::Braces => c == b'{',
                Interp::Dollar => c == b'$' && self.at(1) == b'{',
                Interp::Hcl => {
                    if (c == b'$' || c == b'%') && self.at(1) == c {
                        self.pos += 2;
                        continue;
                    }
                    (c == b'$' || c == b'%') && self.at(1) == b'{'
                }
            };
            if open {
                if q.interp == Interp::Braces && self.at(1) == b'{' {
                    self.pos += 2;
                    continue;
                }
                self.emit(seg, Token::String);
                if q.interp == Interp::Shell {
                    if !self.dollar() {
                        self.pos += 1;
                    }
                } else {
                    let e = self.pos;
                    self.braces(q.close[0], q.multiline);
                    self.emit(e, Token::Escape);
                }
                seg = self.mark;
                continue;
            }
            self.pos += 1;
        }
        self.emit(seg, Token::String);
    }

    /// Moves over `{...}` (after an optional sigil) with nesting, stopping
    /// early at `stop` or, unless `multiline`, at a newline.
    fn braces(&mut self, stop: u8, multiline: bool) {
        if self.peek() != b'{' {
            self.pos += 1;
        }
        let mut depth = 0usize;
        while self.pos < self.b.len() {
            let c = self.b[self.pos];
            if (c == b'\n' && !multiline) || (c == stop && depth > 0 && c != b'{' && c != b'}') {
                break;
            }
            self.pos += 1;
            if c == b'{' {
                depth += 1;
            } else if c == b'}' {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    break;
                }
            }
        }
    }

    /// A shell expansion at `$`: `$name`, `${...}`, `$(`, `$1`, `$?`.
    /// Emits it as a variable and returns true, or returns false (nothing
    /// moved) when the `$` stands alone.
    fn dollar(&mut self) -> bool {
        let s = self.pos;
        match self.at(1) {
            b'{' => {
                self.pos += 1;
                self.braces(b'\n', false);
            }
            b'(' => self.pos += if self.at(2) == b'(' { 3 } else { 2 },
            c if is_ident_start(c) => {
                self.pos += 1;
                self.eat_while(is_ident);
            }
            c if c.is_ascii_digit() || b"?@#$!*-".contains(&c) => self.pos += 2,
            _ => return false,
        }
        self.emit(s, Token::Variable);
        true
    }

    /// A number starting at `start` (a sign, say), the position at its
    /// first digit or dot: digits with `_`, hex/octal/binary prefixes, one
    /// fraction, an exponent and a letter suffix (`10u64`, `1.5f`, `10j`).
    fn number(&mut self, start: usize) {
        if self.peek() == b'0' && matches!(self.at(1), b'x' | b'X' | b'b' | b'B' | b'o' | b'O') {
            self.pos += 2;
            self.eat_while(is_ident);
        } else {
            self.eat_while(|b| b.is_ascii_digit() || b == b'_');
            if self.peek() == b'.' && self.at(1) != b'.' && !is_ident_start(self.at(1)) {
                self.pos += 1;
                self.eat_while(|b| b.is_ascii_digit() || b == b'_');
            }
            if matches!(self.peek(), b'e' | b'E')
                && (self.at(1).is_ascii_digit() || (matches!(self.at(1), b'+' | b'-') && self.at(2).is_ascii_digit()))
            {
                self.pos += 2;
                self.eat_while(|b| b.is_ascii_digit() || b == b'_');
            }
            self.eat_while(is_ident);
        }
        self.emit(start, Token::Number);
    }

    /// The word from `start` to the position.
    #[inline]
    fn word(&self, start: usize) -> &'a str {
        self.src.get(start..self.pos).unwrap_or("")
    }
}

// ---------------------------------------------------------------------------
// Bash
// ---------------------------------------------------------------------------

fn bash_keyword(w: &str) -> bool {
    matches!(
        w,
        "if" | "then"
            | "else"
            | "elif"
            | "fi"
            | "for"
            | "while"
            | "until"
            | "do"
            | "done"
            | "case"
            | "esac"
            | "in"
            | "function"
            | "select"
            | "time"
            | "return"
            | "exit"
            | "break"
            | "continue"
            | "local"
            | "export"
            | "readonly"
            | "declare"
            | "typeset"
            | "set"
            | "unset"
            | "source"
            | "shift"
            | "trap"
            | "eval"
            | "exec"
    )
}

/// Bytes that end a shell word.
#[inline]
fn bash_word_byte(b: u8) -> bool {
    !matches!(
        b,
        b' ' | b'\t'
            | b'\n'
            | b'\r'
            | b';'
            | b'&'
            | b'|'
            | b'('
            | b')'
            | b'<'
            | b'>'
            | b'"'
            | b'\''
            | b'`'
            | b'$'
            | b'\\'
    )
}

fn bash(c: &mut Cur) {
    if c.starts(b"#!") {
        c.eat_line();
        c.emit(0, Token::Meta);
    }
    // A heredoc whose body starts on the next line: delimiter range, `<<-`.
    let mut heredoc: Option<(usize, usize, bool)> = None;
    while c.more() {
        let ch = c.peek();
        match ch {
            b'\n' => {
                c.pos += 1;
                if let Some((ds, de, strip)) = heredoc.take() {
                    heredoc_body(c, ds, de, strip);
                }
            }
            b' ' | b'\t' | b'\r' => c.pos += 1,
            b'#' if matches!(c.prev(), b' ' | b'\t' | b'\n' | b'\r' | b';' | b'&' | b'|' | b'(' | b')') => {
                c.line_comment()
            }
            b'\'' => {
                let s = c.pos;
                c.pos += 1;
                c.quoted(s, Quote::raw(SQ).multi());
            }
            b'"' => {
                let s = c.pos;
                c.pos += 1;
                c.quoted(s, Quote::new(DQ).multi().interp(Interp::Shell));
            }
            b'$' => {
                if c.at(1) == b'\'' {
                    let s = c.pos;
                    c.pos += 2;
                    c.quoted(s, Quote::new(SQ).multi());
                } else if !c.dollar() {
                    c.pos += 1;
                }
            }
            b'\\' => {
                c.pos += 1;
                c.bump();
            }
            b'<' if c.starts(b"<<<") => c.pos += 3,
            b'<' if c.at(1) == b'<' => {
                c.pos += 2;
                let strip = c.peek() == b'-';
                if strip {
                    c.pos += 1;
                }
                c.eat_while(|b| b == b' ' || b == b'\t');
                let s = c.pos;
                let quote = c.peek();
                if quote == b'\'' || quote == b'"' {
                    c.pos += 1;
                }
                let ds = c.pos;
                c.eat_while(|b| is_ident(b) || b == b'-' || b == b'.');
                let de = c.pos;
                if de > ds {
                    if (quote == b'\'' || quote == b'"') && c.peek() == quote {
                        c.pos += 1;
                    }
                    c.emit(s, Token::Keyword);
                    heredoc = Some((ds, de, strip));
                }
            }
            b if bash_word_byte(b) => {
                let s = c.pos;
                c.eat_while(is_ident);
                let id_end = c.pos;
                if id_end > s && is_ident_start(ch) && (c.peek() == b'=' || c.starts(b"+=")) {
                    c.emit(s, Token::Variable);
                    continue;
                }
                c.eat_while(bash_word_byte);
                if c.pos == s {
                    c.bump();
                    continue;
                }
                let w = c.word(s);
                if w.bytes().all(|b| b.is_ascii_digit()) {
                    c.emit(s, Token::Number);
                } else if id_end == c.pos && bash_keyword(w) {
                    c.emit(s, Token::Keyword);
                }
            }
            _ => c.bump(),
        }
    }
}

/// The lines after a heredoc's command, up to its delimiter line.
fn heredoc_body(c: &mut Cur, ds: usize, de: usize, strip: bool) {
    let b = c.b;
    let delim = b.get(ds..de).unwrap_or_default();
    let body = c.pos;
    while c.more() {
        let ls = c.pos;
        c.eat_line();
        let le = c.pos;
        let mut line = b.get(ls..le).unwrap_or_default();
        if let Some(l) = line.strip_suffix(b"\r") {
            line = l;
        }
        let mut text = line;
        if strip {
            while let Some(l) = text.strip_prefix(b"\t") {
                text = l;
            }
        }
        if text == delim {
            c.pos = ls;
            c.emit(body, Token::String);
            c.pos = le;
            c.emit(ls, Token::Keyword);
            return;
        }
        c.eat_newline();
    }
    c.emit(body, Token::String);
}

// ---------------------------------------------------------------------------
// SQL
// ---------------------------------------------------------------------------

fn sql_word(w: &str) -> Option<Token> {
    Some(match w {
        "true" | "false" | "null" => Token::Literal,
        "int" | "integer" | "int2" | "int4" | "int8" | "bigint" | "smallint" | "tinyint" | "mediumint" | "text"
        | "varchar" | "char" | "character" | "varying" | "boolean" | "bool" | "timestamp" | "timestamptz" | "date"
        | "time" | "timetz" | "datetime" | "numeric" | "decimal" | "serial" | "bigserial" | "smallserial" | "uuid"
        | "json" | "jsonb" | "real" | "float" | "float4" | "float8" | "double" | "precision" | "bytea" | "blob"
        | "clob" | "money" | "inet" | "cidr" | "macaddr" | "xml" | "tsvector" | "tsquery" | "bit" | "varbit"
        | "longtext" | "mediumtext" | "tinytext" | "regclass" | "oid" => Token::Type,
        "select" | "from" | "where" | "join" | "left" | "right" | "inner" | "outer" | "full" | "cross" | "natural"
        | "lateral" | "on" | "using" | "as" | "and" | "or" | "not" | "is" | "in" | "exists" | "between" | "like"
        | "ilike" | "similar" | "any" | "some" | "all" | "insert" | "into" | "values" | "update" | "set" | "delete"
        | "merge" | "replace" | "create" | "alter" | "drop" | "rename" | "table" | "index" | "view"
        | "materialized" | "concurrently" | "if" | "group" | "by" | "order" | "having" | "limit" | "offset"
        | "fetch" | "first" | "next" | "rows" | "only" | "union" | "intersect" | "except" | "distinct" | "case"
        | "when" | "then" | "else" | "end" | "begin" | "commit" | "rollback" | "savepoint" | "release" | "start"
        | "transaction" | "work" | "primary" | "key" | "foreign" | "references" | "default" | "constraint"
        | "unique" | "check" | "with" | "recursive" | "returning" | "explain" | "analyze" | "analyse" | "verbose"
        | "vacuum" | "grant" | "revoke" | "to" | "lock" | "truncate" | "cascade" | "restrict" | "asc" | "desc"
        | "nulls" | "last" | "interval" | "column" | "add" | "schema" | "database" | "sequence" | "trigger"
        | "function" | "procedure" | "returns" | "language" | "declare" | "execute" | "do" | "loop" | "for"
        | "while" | "return" | "raise" | "exception" | "perform" | "partition" | "over" | "window" | "range"
        | "preceding" | "following" | "unbounded" | "current" | "filter" | "collate" | "cast" | "conflict"
        | "nothing" | "temporary" | "temp" | "unlogged" | "tablespace" | "owner" | "role" | "privileges" | "show"
        | "use" | "describe" | "auto_increment" | "engine" | "isolation" | "level" | "read" | "write" | "committed"
        | "uncommitted" | "serializable" | "repeatable" | "share" | "exclusive" | "mode" | "nowait" | "skip"
        | "locked" | "of" | "at" | "zone" | "cluster" | "reindex" | "refresh" | "copy" | "generated" | "always"
        | "identity" | "stored" | "elsif" | "notify" | "listen" | "statement" | "each" | "row" | "before" | "after"
        | "instead" | "deferrable" | "initially" | "deferred" | "immediate" | "escape" | "extension" | "type"
        | "enum" | "owned" | "no" | "action" | "valid" | "validate" | "tables" | "attach" | "detach" | "inherits"
        | "unsigned" | "pragma" | "without" | "local" | "global" => Token::Keyword,
        _ => return None,
    })
}

fn sql(c: &mut Cur) {
    while c.more() {
        let ch = c.peek();
        match ch {
            b'-' if c.at(1) == b'-' => c.line_comment(),
            b'/' if c.at(1) == b'*' => c.block_comment(2, b"*/"),
            b'\'' => {
                let s = c.pos;
                sql_string(c, s);
            }
            b'"' | b'`' => {
                c.pos += 1;
                while c.more() && c.peek() != ch {
                    c.pos += 1;
                }
                c.pos += usize::from(c.more());
            }
            b'$' if c.at(1).is_ascii_digit() => {
                let s = c.pos;
                c.pos += 1;
                c.eat_while(|b| b.is_ascii_digit());
                c.emit(s, Token::Variable);
            }
            b'$' => {
                // Dollar quoting: `$$...$$`, `$tag$...$tag$`.
                let s = c.pos;
                c.pos += 1;
                c.eat_while(is_ident);
                if c.peek() == b'$' {
                    c.pos += 1;
                    let tag = c.b.get(s..c.pos).unwrap_or_default();
                    c.eat_past(tag);
                    c.emit(s, Token::String);
                }
            }
            b':' if c.at(1) == b':' => c.pos += 2,
            b':' | b'@' if is_ident_start(c.at(1)) || (ch == b'@' && c.at(1) == b'@') => {
                let s = c.pos;
                c.pos += 1;
                c.eat_while(|b| is_ident(b) || b == b'@');
                c.emit(s, Token::Variable);
            }
            b'?' => {
                let s = c.pos;
                c.pos += 1;
                c.emit(s, Token::Variable);
            }
            b'0'..=b'9' => {
                let s = c.pos;
                c.number(s);
            }
            b'.' if c.at(1).is_ascii_digit() && !is_ident(c.prev()) => {
                let s = c.pos;
                c.number(s);
            }
            b if is_ident_start(b) => {
                let s = c.pos;
                c.eat_while(|b| is_ident(b) || b == b'$');
                if c.peek() == b'\''
                    && c.pos - s == 1
                    && matches!(b, b'e' | b'E' | b'n' | b'N' | b'x' | b'X' | b'b' | b'B')
                {
                    sql_string(c, s);
                    continue;
                }
                let mut buf = [0u8; 32];
                let kind = lower(c.word(s), &mut buf).and_then(sql_word);
                match kind {
                    Some(t) => c.emit(s, t),
                    None if c.peek() == b'(' => c.emit(s, Token::Function),
                    None => {}
                }
            }
            _ => c.bump(),
        }
    }
}

/// A `'...'` string with `''` (and, for `E'..'`, backslash) escapes; the
/// position is at the opening quote or its one-letter prefix.
fn sql_string(c: &mut Cur, s: usize) {
    while c.peek() != b'\'' && c.more() {
        c.pos += 1;
    }
    c.pos += 1;
    while c.more() {
        match c.peek() {
            b'\'' if c.at(1) == b'\'' => c.pos += 2,
            b'\'' => {
                c.pos += 1;
                break;
            }
            b'\\' => {
                c.pos += 1;
                c.bump();
            }
            _ => c.pos += 1,
        }
    }
    c.emit(s, Token::String);
}

// ---------------------------------------------------------------------------
// YAML
// ---------------------------------------------------------------------------

fn yaml(c: &mut Cur) {
    let mut flow = 0u32;
    while c.more() {
        let line = c.pos;
        c.eat_while(|b| b == b' ');
        let indent = c.pos - line;
        if c.pos == line && flow == 0 && (c.starts(b"---") || c.starts(b"...")) && is_ws_or_end(c.at(3)) {
            c.pos += 3;
            c.emit(line, Token::Meta);
        } else if c.pos == line && c.peek() == b'%' {
            c.eat_line();
            c.emit(line, Token::Meta);
        }
        yaml_line(c, indent, &mut flow);
    }
}

/// The rest of one YAML line (and, for a block scalar, its body).
fn yaml_line(c: &mut Cur, indent: usize, flow: &mut u32) {
    let mut expect_key = true;
    while c.more() {
        let ch = c.peek();
        match ch {
            b'\n' => {
                c.pos += 1;
                return;
            }
            b' ' | b'\t' | b'\r' => c.pos += 1,
            b'#' if matches!(c.prev(), b' ' | b'\t' | b'\n') => c.line_comment(),
            b'-' | b'?' if expect_key && is_ws_or_end(c.at(1)) => c.pos += 1,
            b'{' | b'[' => {
                *flow += 1;
                c.pos += 1;
                expect_key = true;
            }
            b'}' | b']' => {
                *flow = flow.saturating_sub(1);
                c.pos += 1;
                expect_key = false;
            }
            b',' if *flow > 0 => {
                c.pos += 1;
                expect_key = true;
            }
            b'&' | b'*' | b'!' => {
                let s = c.pos;
                c.pos += 1;
                let in_flow = *flow > 0;
                c.eat_while(|b| !(is_ws_or_end(b) || (in_flow && b",[]{}".contains(&b))));
                c.emit(s, Token::Meta);
            }
            b'|' | b'>' if !expect_key && block_scalar(c, indent) => return,
            b'"' | b'\'' => {
                let s = c.pos;
                let end = yaml_quoted_end(c.b, s, ch);
                let mut after = end;
                while after < c.b.len() && matches!(c.b[after], b' ' | b'\t') {
                    after += 1;
                }
                let is_key = expect_key
                    && c.b.get(after) == Some(&b':')
                    && is_ws_or_end(c.b.get(after + 1).copied().unwrap_or(0));
                if is_key {
                    c.pos = end;
                    c.emit(s, Token::Key);
                } else if ch == b'"' {
                    c.pos += 1;
                    c.quoted(s, Quote::new(DQ).multi());
                } else {
                    c.pos = end;
                    c.emit(s, Token::String);
                }
                expect_key = false;
            }
            _ => {
                yaml_scalar(c, expect_key, *flow > 0);
                expect_key = false;
            }
        }
    }
}

/// Just past the closing quote of a YAML quoted scalar starting at `s`.
fn yaml_quoted_end(b: &[u8], s: usize, q: u8) -> usize {
    let mut i = s + 1;
    while i < b.len() {
        let c = b[i];
        if c == b'\\' && q == b'"' {
            i += 2;
            continue;
        }
        if c == q {
            if q == b'\'' && b.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i += 1;
    }
    b.len()
}

/// A plain scalar: a key (`name:`) when keys are expected, else a value
/// coloured by what it looks like.
fn yaml_scalar(c: &mut Cur, expect_key: bool, in_flow: bool) {
    let b = c.b;
    let s = c.pos;
    let mut i = s;
    let mut key = false;
    while i < b.len() {
        let ch = b[i];
        if ch == b'\n' || (ch == b'#' && i > s && matches!(b[i - 1], b' ' | b'\t')) {
            break;
        }
        if ch == b':' {
            let next = b.get(i + 1).copied().unwrap_or(0);
            if is_ws_or_end(next) || (in_flow && b",[]{}".contains(&next)) {
                if expect_key {
                    key = true;
                    break;
                }
                if in_flow {
                    break;
                }
            }
        }
        if in_flow && b",[]{}".contains(&ch) {
            break;
        }
        i += 1;
    }
    let mut end = i;
    while end > s && is_blank(b[end - 1]) {
        end -= 1;
    }
    c.pos = end;
    if key {
        c.emit(s, Token::Key);
        c.pos = i + 1;
        return;
    }
    if end == s {
        c.pos = i.max(s);
        if c.pos == s {
            c.bump();
        }
        return;
    }
    let token = yaml_value_token(c.word(s));
    c.emit(s, token);
}

fn yaml_value_token(v: &str) -> Token {
    match v {
        "true" | "True" | "TRUE" | "false" | "False" | "FALSE" | "yes" | "Yes" | "YES" | "no" | "No" | "NO" | "on"
        | "On" | "ON" | "off" | "Off" | "OFF" | "null" | "Null" | "NULL" | "~" => Token::Literal,
        _ if yaml_number(v.as_bytes()) => Token::Number,
        _ => Token::String,
    }
}

fn yaml_number(v: &[u8]) -> bool {
    let v = match v.first() {
        Some(b'+' | b'-') => &v[1..],
        _ => v,
    };
    if matches!(v, b".inf" | b".Inf" | b".INF" | b".nan" | b".NaN" | b".NAN") {
        return true;
    }
    if let Some(hex) = v.strip_prefix(b"0x") {
        return !hex.is_empty() && hex.iter().all(|b| b.is_ascii_hexdigit() || *b == b'_');
    }
    if let Some(oct) = v.strip_prefix(b"0o") {
        return !oct.is_empty() && oct.iter().all(|b| (b'0'..=b'7').contains(b));
    }
    let (mut digits, mut dot, mut exp, mut exp_digits) = (0, false, false, 0);
    let mut i = 0;
    while i < v.len() {
        match v[i] {
            b'0'..=b'9' => {
                digits += 1;
                if exp {
                    exp_digits += 1;
                }
            }
            b'_' if !exp => {}
            b'.' if !dot && !exp => dot = true,
            b'e' | b'E' if digits > 0 && !exp => {
                exp = true;
                if matches!(v.get(i + 1), Some(b'+' | b'-')) {
                    i += 1;
                }
            }
            _ => return false,
        }
        i += 1;
    }
    digits > 0 && (!exp || exp_digits > 0)
}

/// A `|` or `>` block scalar header at the position; if it is one, lexes it
/// and the indented lines after it as a string and returns true.
fn block_scalar(c: &mut Cur, indent: usize) -> bool {
    let b = c.b;
    let mut j = c.pos + 1;
    while j < b.len() && matches!(b[j], b'-' | b'+' | b'0'..=b'9') {
        j += 1;
    }
    if !is_ws_or_end(b.get(j).copied().unwrap_or(0)) {
        return false;
    }
    c.pos = j;
    c.eat_while(is_blank);
    if c.peek() == b'#' {
        c.line_comment();
    }
    c.eat_while(is_blank);
    c.eat_newline();
    let body = c.pos;
    while c.more() {
        let ls = c.pos;
        c.eat_while(|b| b == b' ');
        let ind = c.pos - ls;
        c.eat_while(is_blank);
        let blank = !c.more() || c.peek() == b'\n';
        if blank || ind > indent {
            c.eat_line();
            c.eat_newline();
        } else {
            c.pos = ls;
            break;
        }
    }
    c.emit(body, Token::String);
    true
}

// ---------------------------------------------------------------------------
// JSON
// ---------------------------------------------------------------------------

fn json(c: &mut Cur) {
    while c.more() {
        let ch = c.peek();
        match ch {
            b'"' | b'\'' => {
                let s = c.pos;
                let b = c.b;
                let mut i = s + 1;
                while i < b.len() && b[i] != ch && b[i] != b'\n' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                let end = if i < b.len() && b[i] == ch { i + 1 } else { i.min(b.len()) };
                let mut after = end;
                while after < b.len() && b[after].is_ascii_whitespace() {
                    after += 1;
                }
                if b.get(after) == Some(&b':') {
                    c.pos = end;
                    c.emit(s, Token::Key);
                } else {
                    c.pos += 1;
                    c.quoted(s, Quote::new(if ch == b'"' { DQ } else { SQ }));
                }
            }
            b'/' if c.at(1) == b'/' => c.line_comment(),
            b'/' if c.at(1) == b'*' => c.block_comment(2, b"*/"),
            b'-' | b'+' if c.at(1).is_ascii_digit() => {
                let s = c.pos;
                c.pos += 1;
                c.number(s);
            }
            b'0'..=b'9' => {
                let s = c.pos;
                c.number(s);
            }
            b if is_ident_start(b) || b == b'$' => {
                let s = c.pos;
                c.eat_while(|b| is_ident(b) || b == b'$');
                match c.word(s) {
                    "true" | "false" | "null" => c.emit(s, Token::Literal),
                    "NaN" | "Infinity" => c.emit(s, Token::Number),
                    _ if c.after_blanks() == b':' => c.emit(s, Token::Key),
                    _ => {}
                }
            }
            _ => c.bump(),
        }
    }
}

// ---------------------------------------------------------------------------
// TOML
// ---------------------------------------------------------------------------

/// Open brackets as a bit stack: 1 for an inline table, 0 for an array.
#[derive(Default)]
struct Nesting {
    bits: u64,
    depth: u32,
}

impl Nesting {
    fn push(&mut self, table: bool) {
        if self.depth < 64 {
            self.bits = (self.bits << 1) | u64::from(table);
        }
        self.depth += 1;
    }
    fn pop(&mut self) {
        if self.depth == 0 {
            return;
        }
        self.depth -= 1;
        if self.depth < 64 {
            self.bits >>= 1;
        }
    }
    fn in_table(&self) -> bool {
        self.depth > 0 && self.depth <= 64 && self.bits & 1 == 1
    }
}

#[inline]
fn toml_bare(b: u8) -> bool {
    is_ident(b) || b == b'-'
}

fn toml(c: &mut Cur) {
    let mut nest = Nesting::default();
    let mut expect_key = true;
    while c.more() {
        let ch = c.peek();
        match ch {
            b'\n' => {
                c.pos += 1;
                expect_key = nest.depth == 0;
            }
            b' ' | b'\t' | b'\r' => c.pos += 1,
            b'#' => c.line_comment(),
            b'[' if expect_key && nest.depth == 0 => {
                let s = c.pos;
                let mut quote = 0u8;
                c.pos += 1;
                while c.more() {
                    let b = c.peek();
                    if b == b'\n' {
                        break;
                    }
                    c.pos += 1;
                    if quote != 0 {
                        if b == quote {
                            quote = 0;
                        }
                    } else if b == b'"' || b == b'\'' {
                        quote = b;
                    } else if b == b']' {
                        if c.peek() == b']' {
                            c.pos += 1;
                        }
                        break;
                    }
                }
                c.emit(s, Token::Heading);
                expect_key = false;
            }
            _ if expect_key && (toml_bare(ch) || ch == b'"' || ch == b'\'') => {
                expect_key = false;
                toml_key(c);
            }
            b'"' => {
                let s = c.pos;
                if c.starts(DQ3) {
                    c.pos += 3;
                    c.quoted(s, Quote::new(DQ3).multi());
                } else {
                    c.pos += 1;
                    c.quoted(s, Quote::new(DQ));
                }
            }
            b'\'' => {
                let s = c.pos;
                if c.starts(SQ3) {
                    c.pos += 3;
                    c.quoted(s, Quote::raw(SQ3).multi());
                } else {
                    c.pos += 1;
                    c.quoted(s, Quote::raw(SQ));
                }
            }
            b'[' => {
                nest.push(false);
                c.pos += 1;
            }
            b'{' => {
                nest.push(true);
                c.pos += 1;
                expect_key = true;
            }
            b']' | b'}' => {
                nest.pop();
                c.pos += 1;
            }
            b',' => {
                c.pos += 1;
                expect_key = nest.in_table();
            }
            b'0'..=b'9' => toml_number(c),
            b'+' | b'-' if c.at(1).is_ascii_digit() || matches!(c.at(1), b'i' | b'n') => toml_number(c),
            b if is_ident_start(b) => {
                let s = c.pos;
                c.eat_while(toml_bare);
                match c.word(s) {
                    "true" | "false" => c.emit(s, Token::Literal),
                    "inf" | "nan" => c.emit(s, Token::Number),
                    _ => {}
                }
            }
            _ => c.bump(),
        }
    }
}

/// A key (bare, quoted or dotted) if one is followed by `=`; otherwise
/// nothing moves and the text is lexed as a value.
fn toml_key(c: &mut Cur) {
    let b = c.b;
    let s = c.pos;
    let mut i = s;
    while i < b.len() {
        match b[i] {
            x if toml_bare(x) => i += 1,
            b' ' | b'\t' | b'.' => i += 1,
            q @ (b'"' | b'\'') => {
                i += 1;
                while i < b.len() && b[i] != q && b[i] != b'\n' {
                    i += if q == b'"' && b[i] == b'\\' { 2 } else { 1 };
                }
                if i < b.len() && b[i] == q {
                    i += 1;
                } else {
                    return;
                }
            }
            _ => break,
        }
    }
    if b.get(i) == Some(&b'=') {
        let mut e = i;
        while e > s && matches!(b[e - 1], b' ' | b'\t') {
            e -= 1;
        }
        c.pos = e;
        c.emit(s, Token::Key);
    }
}

/// Integers, floats, `inf`/`nan` and dates/times, all as one number.
fn toml_number(c: &mut Cur) {
    let s = c.pos;
    let part = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b':' | b'+' | b'-');
    c.eat_while(part);
    if c.peek() == b' ' && c.at(1).is_ascii_digit() && c.at(2).is_ascii_digit() && c.at(3) == b':' {
        c.pos += 1;
        c.eat_while(part);
    }
    c.emit(s, Token::Number);
}

// ---------------------------------------------------------------------------
// INI
// ---------------------------------------------------------------------------

fn ini(c: &mut Cur) {
    while c.more() {
        c.eat_while(|b| matches!(b, b' ' | b'\t' | b'\r'));
        match c.peek() {
            b';' | b'#' => c.line_comment(),
            b'[' => {
                let s = c.pos;
                while c.more() && !matches!(c.peek(), b']' | b'\n') {
                    c.pos += 1;
                }
                if c.peek() == b']' {
                    c.pos += 1;
                }
                c.emit(s, Token::Heading);
                c.eat_line();
            }
            _ => {
                let s = c.pos;
                let b = c.b;
                let mut i = s;
                while i < b.len() && !matches!(b[i], b'=' | b':' | b'\n') {
                    i += 1;
                }
                if i < b.len() && b[i] != b'\n' && i > s {
                    let mut e = i;
                    while e > s && is_blank(b[e - 1]) {
                        e -= 1;
                    }
                    c.pos = e;
                    c.emit(s, Token::Key);
                    c.pos = i + 1;
                    c.eat_while(|b| b == b' ' || b == b'\t');
                    let q = c.peek();
                    if q == b'"' || q == b'\'' {
                        let vs = c.pos;
                        c.pos += 1;
                        c.quoted(vs, Quote::raw(if q == b'"' { DQ } else { SQ }));
                    }
                }
                c.eat_line();
            }
        }
        c.eat_newline();
    }
}

// ---------------------------------------------------------------------------
// Python
// ---------------------------------------------------------------------------

fn python_word(w: &str) -> Option<Token> {
    Some(match w {
        "False" | "None" | "True" => Token::Literal,
        "self" | "cls" => Token::Variable,
        "and" | "as" | "assert" | "async" | "await" | "break" | "class" | "continue" | "def" | "del" | "elif"
        | "else" | "except" | "finally" | "for" | "from" | "global" | "if" | "import" | "in" | "is" | "lambda"
        | "nonlocal" | "not" | "or" | "pass" | "raise" | "return" | "try" | "while" | "with" | "yield" => {
            Token::Keyword
        }
        _ => return None,
    })
}

/// A Python string prefix: (raw, formatted).
fn python_prefix(w: &str) -> Option<(bool, bool)> {
    let mut buf = [0u8; 32];
    Some(match lower(w, &mut buf)? {
        "r" => (true, false),
        "u" | "b" => (false, false),
        "f" => (false, true),
        "rb" | "br" => (true, false),
        "fr" | "rf" => (true, true),
        _ => return None,
    })
}

fn python(c: &mut Cur) {
    // After `def` the next name is a function, after `class` a type.
    let mut pending = Token::Plain;
    while c.more() {
        let ch = c.peek();
        match ch {
            b' ' | b'\t' | b'\r' | b'\n' => c.pos += 1,
            b'#' => c.line_comment(),
            b'"' | b'\'' => {
                let s = c.pos;
                python_string(c, s, false, false);
                pending = Token::Plain;
            }
            b'@' if c.line_lead() && is_ident_start(c.at(1)) => {
                let s = c.pos;
                c.pos += 1;
                c.eat_while(|b| is_ident(b) || b == b'.');
                c.emit(s, Token::Meta);
            }
            b'0'..=b'9' => {
                let s = c.pos;
                c.number(s);
                pending = Token::Plain;
            }
            b'.' if c.at(1).is_ascii_digit() && !is_ident(c.prev()) => {
                let s = c.pos;
                c.number(s);
            }
            b if is_ident_start(b) => {
                let s = c.pos;
                c.eat_while(is_ident);
                let w = c.word(s);
                let q = c.peek();
                if (q == b'"' || q == b'\'') && w.len() <= 2 {
                    if let Some((raw, f)) = python_prefix(w) {
                        python_string(c, s, raw, f);
                        pending = Token::Plain;
                        continue;
                    }
                }
                let token = if pending != Token::Plain {
                    pending
                } else if let Some(t) = python_word(w) {
                    t
                } else if c.peek() == b'(' {
                    Token::Function
                } else if matches!(w, "match" | "case") && c.line_lead_of(s) && python_soft_keyword(c) {
                    Token::Keyword
                } else {
                    Token::Plain
                };
                pending = match w {
                    "def" => Token::Function,
                    "class" => Token::Type,
                    _ => Token::Plain,
                };
                if token != Token::Plain {
                    c.emit(s, token);
                }
            }
            _ => {
                c.bump();
                pending = Token::Plain;
            }
        }
    }
}

/// After `match`/`case` at the start of a line: followed by a subject, not by
/// an assignment or attribute access.
fn python_soft_keyword(c: &Cur) -> bool {
    matches!(c.peek(), b' ' | b'\t') && !matches!(c.after_blanks(), b'=' | b'.' | b',' | b')' | b':' | b'\n' | 0)
}

impl Cur<'_, '_> {
    /// Whether only blanks precede `at` on its line.
    fn line_lead_of(&self, at: usize) -> bool {
        let mut i = at.min(self.b.len());
        while i > 0 && matches!(self.b[i - 1], b' ' | b'\t') {
            i -= 1;
        }
        i == 0 || self.b[i - 1] == b'\n'
    }
}

/// A Python string at the position (its quote), its token from `s`.
fn python_string(c: &mut Cur, s: usize, raw: bool, f: bool) {
    let q = c.peek();
    let triple = c.at(1) == q && c.at(2) == q;
    let close = match (q, triple) {
        (b'"', true) => DQ3,
        (b'"', false) => DQ,
        (_, true) => SQ3,
        (_, false) => SQ,
    };
    c.pos += close.len();
    let mut quote = if raw { Quote::raw(close) } else { Quote::new(close) };
    quote.skip = raw;
    quote.multiline = triple;
    if f {
        quote.interp = Interp::Braces;
    }
    c.quoted(s, quote);
}

// ---------------------------------------------------------------------------
// C family: Go, JavaScript, TypeScript, Rust, Java, C, C++
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum Backtick {
    None,
    /// Go raw strings.
    Raw,
    /// JavaScript template literals with `${..}`.
    Template,
}

struct CFamily {
    /// Keywords, built-in types, literals and special variables.
    word: fn(&str) -> Option<Token>,
    backtick: Backtick,
    /// Rust lifetimes, raw and byte strings, macros, attributes.
    rust: bool,
    /// `@Annotation` / `@decorator` → meta.
    at_meta: bool,
    /// `#include` lines → meta.
    preproc: bool,
    /// Capitalised identifiers are types.
    caps_types: bool,
    /// Lower-case names after `struct`/`type` are types too.
    lower_type_names: bool,
    /// `$` is an identifier char.
    dollar: bool,
    /// Strings may span lines.
    multiline_strings: bool,
}

const GO: CFamily = CFamily {
    word: go_word,
    backtick: Backtick::Raw,
    rust: false,
    at_meta: false,
    preproc: false,
    caps_types: false,
    lower_type_names: true,
    dollar: false,
    multiline_strings: false,
};
const JAVASCRIPT: CFamily = CFamily {
    word: js_word,
    backtick: Backtick::Template,
    rust: false,
    at_meta: true,
    preproc: false,
    caps_types: true,
    lower_type_names: false,
    dollar: true,
    multiline_strings: false,
};
const TYPESCRIPT: CFamily = CFamily { word: ts_word, ..JAVASCRIPT };
const RUST: CFamily = CFamily {
    word: rust_word,
    backtick: Backtick::None,
    rust: true,
    at_meta: false,
    preproc: false,
    caps_types: true,
    lower_type_names: false,
    dollar: false,
    multiline_strings: true,
};
const JAVA: CFamily = CFamily {
    word: java_word,
    backtick: Backtick::None,
    rust: false,
    at_meta: true,
    preproc: false,
    caps_types: true,
    lower_type_names: false,
    dollar: false,
    multiline_strings: false,
};
const C: CFamily = CFamily {
    word: c_word,
    backtick: Backtick::None,
    rust: false,
    at_meta: false,
    preproc: true,
    caps_types: false,
    lower_type_names: true,
    dollar: false,
    multiline_strings: false,
};
const CPP: CFamily = CFamily { word: cpp_word, caps_types: true, ..C };

fn go_word(w: &str) -> Option<Token> {
    Some(match w {
        "break" | "case" | "chan" | "const" | "continue" | "default" | "defer" | "else" | "fallthrough" | "for"
        | "func" | "go" | "goto" | "if" | "import" | "interface" | "map" | "package" | "range" | "return"
        | "select" | "struct" | "switch" | "type" | "var" => Token::Keyword,
        "any" | "bool" | "byte" | "complex64" | "complex128" | "error" | "float32" | "float64" | "int" | "int8"
        | "int16" | "int32" | "int64" | "rune" | "string" | "uint" | "uint8" | "uint16" | "uint32" | "uint64"
        | "uintptr" => Token::Type,
        "true" | "false" | "nil" | "iota" => Token::Literal,
        _ => return None,
    })
}

fn js_word(w: &str) -> Option<Token> {
    Some(match w {
        "async" | "await" | "break" | "case" | "catch" | "class" | "const" | "continue" | "debugger" | "default"
        | "delete" | "do" | "else" | "export" | "extends" | "finally" | "for" | "from" | "function" | "if"
        | "import" | "in" | "instanceof" | "let" | "new" | "of" | "return" | "static" | "switch" | "throw" | "try"
        | "typeof" | "var" | "void" | "while" | "with" | "yield" => Token::Keyword,
        "true" | "false" | "null" | "undefined" | "NaN" | "Infinity" => Token::Literal,
        "this" | "super" | "arguments" => Token::Variable,
        _ => return None,
    })
}

fn ts_word(w: &str) -> Option<Token> {
    if let Some(t) = js_word(w) {
        return Some(t);
    }
    Some(match w {
        "abstract" | "as" | "declare" | "enum" | "implements" | "interface" | "keyof" | "namespace" | "private"
        | "protected" | "public" | "readonly" | "type" | "satisfies" | "is" | "infer" | "module" | "override" => {
            Token::Keyword
        }
        "any" | "boolean" | "never" | "number" | "object" | "string" | "symbol" | "unknown" | "bigint" => Token::Type,
        _ => return None,
    })
}

fn rust_word(w: &str) -> Option<Token> {
    Some(match w {
        "as" | "async" | "await" | "break" | "const" | "continue" | "crate" | "dyn" | "else" | "enum" | "extern"
        | "fn" | "for" | "if" | "impl" | "in" | "let" | "loop" | "match" | "mod" | "move" | "mut" | "pub" | "ref"
        | "return" | "static" | "struct" | "super" | "trait" | "type" | "unsafe" | "use" | "where" | "while"
        | "yield" | "macro_rules" => Token::Keyword,
        "bool" | "char" | "f32" | "f64" | "i8" | "i16" | "i32" | "i64" | "i128" | "isize" | "str" | "u8" | "u16"
        | "u32" | "u64" | "u128" | "usize" | "Self" => Token::Type,
        "true" | "false" => Token::Literal,
        "self" => Token::Variable,
        _ => return None,
    })
}

fn java_word(w: &str) -> Option<Token> {
    Some(match w {
        "abstract" | "assert" | "break" | "case" | "catch" | "class" | "const" | "continue" | "default" | "do"
        | "else" | "enum" | "extends" | "final" | "finally" | "for" | "goto" | "if" | "implements" | "import"
        | "instanceof" | "interface" | "native" | "new" | "package" | "private" | "protected" | "public" | "return"
        | "static" | "strictfp" | "switch" | "synchronized" | "throw" | "throws" | "transient" | "try" | "var"
        | "volatile" | "while" | "record" | "yield" | "sealed" | "permits" => Token::Keyword,
        "boolean" | "byte" | "char" | "double" | "float" | "int" | "long" | "short" | "void" => Token::Type,
        "true" | "false" | "null" => Token::Literal,
        "this" | "super" => Token::Variable,
        _ => return None,
    })
}

fn c_word(w: &str) -> Option<Token> {
    Some(match w {
        "auto" | "break" | "case" | "const" | "continue" | "default" | "do" | "else" | "enum" | "extern" | "for"
        | "goto" | "if" | "inline" | "register" | "restrict" | "return" | "sizeof" | "static" | "struct" | "switch"
        | "typedef" | "union" | "volatile" | "while" => Token::Keyword,
        "char" | "double" | "float" | "int" | "long" | "short" | "signed" | "unsigned" | "void" | "bool" | "_Bool"
        | "size_t" | "ssize_t" | "int8_t" | "int16_t" | "int32_t" | "int64_t" | "uint8_t" | "uint16_t" | "uint32_t"
        | "uint64_t" | "intptr_t" | "uintptr_t" | "off_t" | "pid_t" | "FILE" => Token::Type,
        "true" | "false" | "NULL" | "nullptr" => Token::Literal,
        _ => return None,
    })
}

fn cpp_word(w: &str) -> Option<Token> {
    if let Some(t) = c_word(w) {
        return Some(t);
    }
    Some(match w {
        "alignas" | "alignof" | "asm" | "catch" | "class" | "concept" | "consteval" | "constexpr" | "constinit"
        | "const_cast" | "co_await" | "co_return" | "co_yield" | "decltype" | "delete" | "dynamic_cast"
        | "explicit" | "export" | "friend" | "mutable" | "namespace" | "new" | "noexcept" | "operator" | "override"
        | "private" | "protected" | "public" | "reinterpret_cast" | "requires" | "static_assert" | "static_cast"
        | "template" | "throw" | "try" | "typeid" | "typename" | "using" | "virtual" | "final" => Token::Keyword,
        "wchar_t" | "char8_t" | "char16_t" | "char32_t" => Token::Type,
        "this" => Token::Variable,
        _ => return None,
    })
}

fn c_family(c: &mut Cur, conf: &CFamily) {
    let ident_start = |b: u8| is_ident_start(b) || (conf.dollar && b == b'$');
    let ident = |b: u8| is_ident(b) || (conf.dollar && b == b'$');
    let string = Quote { multiline: conf.multiline_strings, ..Quote::new(DQ) };
    // After `fn`/`func`/`function` a function name, after `struct` & co a type.
    let mut pending = Token::Plain;
    while c.more() {
        let ch = c.peek();
        match ch {
            b' ' | b'\t' | b'\r' | b'\n' => {
                c.pos += 1;
                continue;
            }
            b'/' if c.at(1) == b'/' => c.line_comment(),
            b'/' if c.at(1) == b'*' => c.block_comment(2, b"*/"),
            b'"' => {
                let s = c.pos;
                c.pos += 1;
                c.quoted(s, string);
            }
            b'\'' if conf.rust && is_ident_start(c.at(1)) && c.at(2) != b'\'' => {
                // A lifetime or loop label.
                c.pos += 1;
                c.eat_while(is_ident);
            }
            b'\'' => {
                let s = c.pos;
                c.pos += 1;
                c.quoted(s, Quote::new(SQ));
            }
            b'`' if conf.backtick != Backtick::None => {
                let s = c.pos;
                c.pos += 1;
                let q = if conf.backtick == Backtick::Raw {
                    Quote::raw(BQ).multi()
                } else {
                    Quote::new(BQ).multi().interp(Interp::Dollar)
                };
                c.quoted(s, q);
            }
            b'#' if conf.rust && (c.at(1) == b'[' || (c.at(1) == b'!' && c.at(2) == b'[')) => {
                let s = c.pos;
                let mut depth = 0usize;
                while c.more() {
                    let b = c.peek();
                    c.pos += 1;
                    if b == b'[' {
                        depth += 1;
                    } else if b == b']' {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            break;
                        }
                    }
                }
                c.emit(s, Token::Meta);
            }
            b'#' if conf.preproc && c.line_lead() => {
                let s = c.pos;
                loop {
                    c.eat_line();
                    let mut e = c.pos;
                    while e > s && is_blank(c.b[e - 1]) {
                        e -= 1;
                    }
                    if e > s && c.b[e - 1] == b'\\' && c.more() {
                        c.pos += 1;
                    } else {
                        break;
                    }
                }
                c.emit(s, Token::Meta);
            }
            b'@' if conf.at_meta && is_ident_start(c.at(1)) => {
                let s = c.pos;
                c.pos += 1;
                c.eat_while(|b| is_ident(b) || b == b'.');
                c.emit(s, Token::Meta);
            }
            b'0'..=b'9' => {
                let s = c.pos;
                c.number(s);
            }
            b'.' if c.at(1).is_ascii_digit() && !ident(c.prev()) => {
                let s = c.pos;
                c.number(s);
            }
            b if ident_start(b) => {
                let s = c.pos;
                c.eat_while(ident);
                let w = c.word(s);
                if conf.rust && rust_literal_prefix(c, s, w) {
                    pending = Token::Plain;
                    continue;
                }
                let token = if conf.rust && c.peek() == b'!' && c.at(1) != b'=' {
                    c.pos += 1;
                    Token::Function
                } else if pending == Token::Function {
                    Token::Function
                } else if pending == Token::Type && (conf.lower_type_names || is_capitalised(w)) {
                    Token::Type
                } else if let Some(t) = (conf.word)(w) {
                    t
                } else if c.peek() == b'(' {
                    Token::Function
                } else if conf.caps_types && is_capitalised(w) {
                    Token::Type
                } else {
                    Token::Plain
                };
                pending = if token == Token::Keyword {
                    match w {
                        "fn" | "func" | "function" => Token::Function,
                        "type" | "struct" | "class" | "interface" | "enum" | "trait" | "impl" | "union" | "record" => {
                            Token::Type
                        }
                        _ => Token::Plain,
                    }
                } else {
                    Token::Plain
                };
                if token != Token::Plain {
                    c.emit(s, token);
                }
                continue;
            }
            _ => c.bump(),
        }
        pending = Token::Plain;
    }
}

/// Rust `r"..."`, `r#"..."#`, `b"..."`, `b'x'`, `br"..."`, `c"..."` after
/// the prefix word `w` (from `s`); returns whether it was one.
fn rust_literal_prefix(c: &mut Cur, s: usize, w: &str) -> bool {
    let next = c.peek();
    match w {
        "r" | "br" | "cr" if next == b'"' || next == b'#' => {
            let mut hashes = 0;
            while c.at(hashes) == b'#' {
                hashes += 1;
            }
            if c.at(hashes) != b'"' {
                return false;
            }
            c.pos += hashes + 1;
            let b = c.b;
            while c.more() {
                if c.peek() == b'"' && (1..=hashes).all(|k| b.get(c.pos + k) == Some(&b'#')) {
                    c.pos += 1 + hashes;
                    break;
                }
                c.pos += 1;
            }
            c.emit(s, Token::String);
            true
        }
        "b" | "c" if next == b'"' => {
            c.pos += 1;
            c.quoted(s, Quote::new(DQ).multi());
            true
        }
        "b" if next == b'\'' => {
            c.pos += 1;
            c.quoted(s, Quote::new(SQ));
            true
        }
        _ => false,
    }
}

// ---------------------------------------------------------------------------
// Dockerfile
// ---------------------------------------------------------------------------

fn docker_instruction(w: &str) -> bool {
    let mut buf = [0u8; 32];
    matches!(
        lower(w, &mut buf),
        Some(
            "from"
                | "run"
                | "cmd"
                | "copy"
                | "add"
                | "env"
                | "arg"
                | "expose"
                | "workdir"
                | "user"
                | "entrypoint"
                | "label"
                | "volume"
                | "healthcheck"
                | "shell"
                | "onbuild"
                | "stopsignal"
                | "maintainer"
        )
    )
}

fn dockerfile(c: &mut Cur) {
    // The previous line ended with `\`: this one continues an instruction.
    let mut cont = false;
    while c.more() {
        c.eat_while(|b| matches!(b, b' ' | b'\t'));
        if c.peek() == b'#' {
            c.line_comment();
            c.eat_newline();
            continue;
        }
        let mut is_from = false;
        if !cont {
            let s = c.pos;
            c.eat_while(|b| b.is_ascii_alphabetic());
            let w = c.word(s);
            if docker_instruction(w) {
                c.emit(s, Token::Keyword);
                is_from = w.eq_ignore_ascii_case("from");
                let shell_form = c.after_blanks() != b'[';
                if shell_form && ["run", "cmd", "entrypoint"].iter().any(|i| w.eq_ignore_ascii_case(i)) {
                    docker_shell(c);
                    cont = false;
                    continue;
                }
            }
        }
        while c.more() && c.peek() != b'\n' {
            let ch = c.peek();
            match ch {
                b'"' | b'\'' => {
                    let s = c.pos;
                    c.pos += 1;
                    c.quoted(s, Quote::new(if ch == b'"' { DQ } else { SQ }).interp(Interp::Shell));
                }
                b'$' => {
                    if !c.dollar() {
                        c.pos += 1;
                    }
                }
                b if is_ident_start(b) => {
                    let s = c.pos;
                    c.eat_while(|b| is_ident(b) || b == b'-' || b == b'.');
                    if is_from && c.word(s).eq_ignore_ascii_case("as") {
                        c.emit(s, Token::Keyword);
                    }
                }
                _ => c.bump(),
            }
        }
        let mut e = c.pos;
        while e > 0 && is_blank(c.b[e - 1]) {
            e -= 1;
        }
        cont = e > 0 && c.b[e - 1] == b'\\';
        c.eat_newline();
    }
}

/// The rest of a shell-form `RUN`/`CMD`/`ENTRYPOINT`, continuation lines
/// included, through the bash lexer.
fn docker_shell(c: &mut Cur) {
    let s = c.pos;
    loop {
        c.eat_line();
        let mut e = c.pos;
        while e > s && is_blank(c.b[e - 1]) {
            e -= 1;
        }
        if e > s && c.b[e - 1] == b'\\' && c.more() {
            c.pos += 1;
        } else {
            break;
        }
    }
    let end = c.pos;
    c.pos = s;
    c.emit(s, Token::Plain);
    if let Some(code) = c.src.get(s..end) {
        let mut sub = Cur::new(code, &mut *c.sink);
        bash(&mut sub);
        sub.finish();
        c.mark = end;
    }
    c.pos = end;
    c.eat_newline();
}

// ---------------------------------------------------------------------------
// Diff
// ---------------------------------------------------------------------------

fn diff(c: &mut Cur) {
    while c.more() {
        let s = c.pos;
        let token = if c.starts(b"+++") || c.starts(b"---") {
            if matches!(c.at(3), b' ' | b'\t' | b'\n' | b'\r' | 0) {
                Token::DiffHeader
            } else if c.peek() == b'+' {
                Token::Inserted
            } else {
                Token::Deleted
            }
        } else if c.starts(b"@@")
            || c.starts(b"diff ")
            || c.starts(b"index ")
            || c.starts(b"new file")
            || c.starts(b"deleted file")
            || c.starts(b"old mode")
            || c.starts(b"new mode")
            || c.starts(b"rename ")
            || c.starts(b"similarity ")
        {
            Token::DiffHeader
        } else if c.peek() == b'+' {
            Token::Inserted
        } else if c.peek() == b'-' {
            Token::Deleted
        } else if c.peek() == b'\\' {
            Token::Comment
        } else {
            Token::Plain
        };
        c.eat_line();
        c.eat_newline();
        c.emit(s, token);
    }
}

// ---------------------------------------------------------------------------
// Terraform (HCL)
// ---------------------------------------------------------------------------

fn terraform(c: &mut Cur) {
    while c.more() {
        let ch = c.peek();
        match ch {
            b'#' => c.line_comment(),
            b'/' if c.at(1) == b'/' => c.line_comment(),
            b'/' if c.at(1) == b'*' => c.block_comment(2, b"*/"),
            b'"' => {
                let s = c.pos;
                c.pos += 1;
                c.quoted(s, Quote::new(DQ).interp(Interp::Hcl));
            }
            b'<' if c.at(1) == b'<' && (is_ident_start(c.at(2)) || (c.at(2) == b'-' && is_ident_start(c.at(3)))) => {
                let s = c.pos;
                c.pos += 2;
                if c.peek() == b'-' {
                    c.pos += 1;
                }
                let ds = c.pos;
                c.eat_while(is_ident);
                let b = c.b;
                let delim = b.get(ds..c.pos).unwrap_or_default();
                c.eat_line();
                while c.more() {
                    c.eat_newline();
                    let ls = c.pos;
                    c.eat_line();
                    let line = b.get(ls..c.pos).unwrap_or_default();
                    if line.trim_ascii() == delim {
                        break;
                    }
                }
                c.emit(s, Token::String);
            }
            b'0'..=b'9' => {
                let s = c.pos;
                c.number(s);
            }
            b if is_ident_start(b) => {
                let s = c.pos;
                c.eat_while(|b| is_ident(b) || b == b'-');
                let w = c.word(s);
                let next = c.after_blanks();
                let token = match w {
                    "true" | "false" | "null" => Token::Literal,
                    _ if next == b'=' && !matches!(c.at_after_blanks(1), b'=' | b'>') => Token::Key,
                    _ if c.line_lead_of(s) && (next == b'{' || next == b'"') => Token::Keyword,
                    "for" | "in" | "if" | "else" | "endif" | "endfor" => Token::Keyword,
                    _ if c.peek() == b'(' => Token::Function,
                    _ => Token::Plain,
                };
                if token != Token::Plain {
                    c.emit(s, token);
                }
            }
            _ => c.bump(),
        }
    }
}

impl Cur<'_, '_> {
    /// The byte `off` after the first non-blank from the position.
    fn at_after_blanks(&self, off: usize) -> u8 {
        let mut i = self.pos;
        while i < self.b.len() && matches!(self.b[i], b' ' | b'\t') {
            i += 1;
        }
        self.b.get(i + off).copied().unwrap_or(0)
    }
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Lang; 17] = [
        Lang::Bash,
        Lang::Sql,
        Lang::Yaml,
        Lang::Json,
        Lang::Toml,
        Lang::Ini,
        Lang::Python,
        Lang::Go,
        Lang::JavaScript,
        Lang::TypeScript,
        Lang::Rust,
        Lang::Java,
        Lang::C,
        Lang::Cpp,
        Lang::Dockerfile,
        Lang::Diff,
        Lang::Terraform,
    ];

    /// Records tokens, merging neighbours of one kind.
    #[derive(Default)]
    struct Rec(Vec<(Token, String)>);

    impl Sink for Rec {
        fn token(&mut self, token: Token, text: &str) {
            if text.is_empty() {
                return;
            }
            if let Some(last) = self.0.last_mut() {
                if last.0 == token {
                    last.1.push_str(text);
                    return;
                }
            }
            self.0.push((token, text.to_string()));
        }
    }

    /// Records raw pieces, for the round trip.
    #[derive(Default)]
    struct Concat(String);

    impl Sink for Concat {
        fn token(&mut self, _: Token, text: &str) {
            self.0.push_str(text);
        }
    }

    fn toks(lang: Lang, code: &str) -> Vec<(Token, String)> {
        let mut rec = Rec::default();
        lex(lang, code, &mut rec);
        rec.0
    }

    #[track_caller]
    fn check(lang: Lang, code: &str, text: &str, token: Token) {
        let t = toks(lang, code);
        assert!(
            t.iter().any(|(k, s)| *k == token && s == text),
            "{lang:?} {code:?}: expected {text:?} as {token:?}, got {t:?}"
        );
    }

    #[track_caller]
    fn check_not(lang: Lang, code: &str, text: &str, token: Token) {
        let t = toks(lang, code);
        assert!(
            !t.iter().any(|(k, s)| *k == token && s.contains(text)),
            "{lang:?} {code:?}: did not expect {text:?} as {token:?}, got {t:?}"
        );
    }

    #[test]
    fn bash() {
        let l = Lang::Bash;
        check(l, "echo \"$HOME\"\n", "$HOME", Token::Variable);
        check(l, "echo \"$HOME\"\n", "\"", Token::String);
        check(l, "#!/bin/bash\nset -e\n", "#!/bin/bash", Token::Meta);
        check(l, "ls # list\n", "# list", Token::Comment);
        check_not(l, "echo $# a#b ${#x}\n", "#", Token::Comment);
        check(l, "echo ${#x}\n", "${#x}", Token::Variable);
        check(l, "echo 'a $b'\n", "'a $b'", Token::String);
        check(l, "echo \"a\\nb\"\n", "\\n", Token::Escape);
        check(l, "if [ -f x ]; then exit 1; fi\n", "then", Token::Keyword);
        check(l, "if [ -f x ]; then exit 1; fi\n", "1", Token::Number);
        check_not(l, "kubectl --replicas=3 -n prod\n", "3", Token::Number);
        check(l, "FOO=bar cmd\n", "FOO", Token::Variable);
        check(l, "echo $(date) $1 $?\n", "$(", Token::Variable);
        check(l, "echo $1\n", "$1", Token::Variable);
        let here = "cat <<EOF\nhello $x\nEOF\necho done\n";
        check(l, here, "hello $x\n", Token::String);
        check(l, here, "EOF", Token::Keyword);
        check(l, "cat <<-'END'\n\tbody\n\tEND\nls\n", "\tbody\n", Token::String);
        check_not(l, "echo done-ish\n", "done", Token::Keyword);
    }

    #[test]
    fn sql() {
        let l = Lang::Sql;
        check(l, "SELECT 1;", "SELECT", Token::Keyword);
        check(l, "select 'it''s' from t", "'it''s'", Token::String);
        check(l, "SELECT count(*) FROM t", "count", Token::Function);
        check(l, "CREATE TABLE t (id BIGINT, n VARCHAR(20))", "VARCHAR", Token::Type);
        check(l, "WHERE x IS NULL", "NULL", Token::Literal);
        check(l, "-- note\nSELECT 1", "-- note", Token::Comment);
        check(l, "/* a\nb */ SELECT 1", "/* a\nb */", Token::Comment);
        check(l, "WHERE id = $1 AND n = :name OR ?", "$1", Token::Variable);
        check(l, "WHERE id = $1 AND n = :name OR ?", ":name", Token::Variable);
        check(l, "SELECT 1.5e3", "1.5e3", Token::Number);
        check_not(l, "SELECT \"select\" FROM t", "select", Token::Keyword);
        check(l, "SELECT x::int", "int", Token::Type);
        check(l, "AS $$ BEGIN RETURN 1; END $$", "$$ BEGIN RETURN 1; END $$", Token::String);
    }

    #[test]
    fn yaml() {
        let l = Lang::Yaml;
        check(l, "name: web\n", "name", Token::Key);
        check(l, "name: web\n", "web", Token::String);
        check(l, "- image: nginx:1.25\n", "image", Token::Key);
        check(l, "- image: nginx:1.25\n", "nginx:1.25", Token::String);
        check(l, "replicas: 3\n", "3", Token::Number);
        check(l, "enabled: true\n", "true", Token::Literal);
        check(l, "x: ~\n", "~", Token::Literal);
        check(l, "---\na: 1\n", "---", Token::Meta);
        check(l, "a: &base\nb: *base\n", "&base", Token::Meta);
        check(l, "a: !!str 1\n", "!!str", Token::Meta);
        check(l, "a: 1 # note\n", "# note", Token::Comment);
        check(l, "url: http://x#y\n", "http://x#y", Token::String);
        check(l, "\"quoted key\": 1\n", "\"quoted key\"", Token::Key);
        check(l, "a: \"x\\ny\"\n", "\\n", Token::Escape);
        let block = "script: |\n  echo a\n  echo b\nnext: 1\n";
        check(l, block, "  echo a\n  echo b\n", Token::String);
        check(l, block, "next", Token::Key);
        check(l, "env: {a: 1, b: [x, y]}\n", "b", Token::Key);
        check(l, "version: 1.2.3\n", "1.2.3", Token::String);
    }

    #[test]
    fn json() {
        let l = Lang::Json;
        let code = "{\"name\": \"web\", \"n\": -1.5e3, \"ok\": true, \"v\": null}";
        check(l, code, "\"name\"", Token::Key);
        check(l, code, "\"web\"", Token::String);
        check(l, code, "-1.5e3", Token::Number);
        check(l, code, "true", Token::Literal);
        check(l, code, "null", Token::Literal);
        check(l, "[\"a\\\"b\"]", "\\\"", Token::Escape);
        check(l, "{\n  // c\n  \"a\": 1 /* d */\n}", "// c", Token::Comment);
        check(l, "{\n  // c\n  \"a\": 1 /* d */\n}", "/* d */", Token::Comment);
    }

    #[test]
    fn toml() {
        let l = Lang::Toml;
        check(l, "[server]\nport = 8080\n", "[server]", Token::Heading);
        check(l, "[[bin]]\nname = \"x\"\n", "[[bin]]", Token::Heading);
        check(l, "[server]\nport = 8080\n", "port", Token::Key);
        check(l, "[server]\nport = 8080\n", "8080", Token::Number);
        check(l, "a.b.\"c\" = 'lit'\n", "a.b.\"c\"", Token::Key);
        check(l, "a.b.\"c\" = 'lit'\n", "'lit'", Token::String);
        check(l, "s = \"x\\ty\"\n", "\\t", Token::Escape);
        check(l, "m = \"\"\"\nline\n\"\"\"\n", "\"\"\"\nline\n\"\"\"", Token::String);
        check(l, "d = 1979-05-27T07:32:00Z\n", "1979-05-27T07:32:00Z", Token::Number);
        check(l, "n = 1_000\n", "1_000", Token::Number);
        check(l, "ok = true # yes\n", "true", Token::Literal);
        check(l, "ok = true # yes\n", "# yes", Token::Comment);
        check(l, "t = { a = 1, b = [1, 2] }\n", "b", Token::Key);
        check_not(l, "arr = [\n  [1],\n]\n", "[1]", Token::Heading);
    }

    #[test]
    fn ini() {
        let l = Lang::Ini;
        check(l, "[Unit]\nDescription=Web\n", "[Unit]", Token::Heading);
        check(l, "[Unit]\nDescription=Web\n", "Description", Token::Key);
        check(l, "; note\nkey = \"v\"\n", "; note", Token::Comment);
        check(l, "; note\nkey = \"v\"\n", "\"v\"", Token::String);
        check(l, "# note\nhost: db\n", "host", Token::Key);
    }

    #[test]
    fn python() {
        let l = Lang::Python;
        check(l, "def foo(x):\n    pass\n", "foo", Token::Function);
        check(l, "def foo(x):\n    pass\n", "def", Token::Keyword);
        check(l, "class Foo(Base):\n", "Foo", Token::Type);
        check(l, "@app.route(\"/\")\ndef f(): pass\n", "@app.route", Token::Meta);
        check(l, "x = f\"a {b} c\"\n", "{b}", Token::Escape);
        check(l, "x = f\"a {{b}} c\"\n", "f\"a {{b}} c\"", Token::String);
        check(l, "x = r\"\\d+\"\n", "r\"\\d+\"", Token::String);
        check(l, "x = \"a\\nb\"\n", "\\n", Token::Escape);
        check(l, "s = '''a\nb'''\n", "'''a\nb'''", Token::String);
        check(l, "return None\n", "None", Token::Literal);
        check(l, "self.x = 1_000\n", "self", Token::Variable);
        check(l, "self.x = 1_000\n", "1_000", Token::Number);
        check(l, "y = 0x1f + 1e-3 + 10j\n", "1e-3", Token::Number);
        check(l, "print(len(x))\n", "print", Token::Function);
        check(l, "# c\n", "# c", Token::Comment);
        check(l, "match cmd:\n    case 1:\n", "match", Token::Keyword);
        check_not(l, "match = re.match(p, s)\n", "match =", Token::Keyword);
    }

    #[test]
    fn go() {
        let l = Lang::Go;
        check(l, "var s = `raw\n\\n`", "`raw\n\\n`", Token::String);
        check(l, "func main() {\n}", "func", Token::Keyword);
        check(l, "func main() {\n}", "main", Token::Function);
        check(l, "type Server struct {}", "Server", Token::Type);
        check(l, "var x int64 = 0x1F", "int64", Token::Type);
        check(l, "var x int64 = 0x1F", "0x1F", Token::Number);
        check(l, "if err != nil { return }", "nil", Token::Literal);
        check(l, "c := 'x' // hi", "'x'", Token::String);
        check(l, "c := 'x' // hi", "// hi", Token::Comment);
    }

    #[test]
    fn javascript() {
        let l = Lang::JavaScript;
        check(l, "const x = `a ${b} c`;", "${b}", Token::Escape);
        check(l, "const x = `a ${b} c`;", "const", Token::Keyword);
        check(l, "fetch('/api').then(r => r.json())", "fetch", Token::Function);
        check(l, "fetch('/api')", "'/api'", Token::String);
        check(l, "let $el = null; /* c */", "null", Token::Literal);
        check(l, "let $el = null; /* c */", "/* c */", Token::Comment);
        check(l, "let n = 123n;", "123n", Token::Number);
    }

    #[test]
    fn typescript() {
        let l = Lang::TypeScript;
        check(l, "interface Props { name: string }", "interface", Token::Keyword);
        check(l, "interface Props { name: string }", "Props", Token::Type);
        check(l, "interface Props { name: string }", "string", Token::Type);
        check(l, "@Component({})\nclass A {}", "@Component", Token::Meta);
        check(l, "function retry<T>(f: () => T): T {}", "retry", Token::Function);
    }

    #[test]
    fn rust() {
        let l = Lang::Rust;
        check(l, "fn main() { println!(\"hi {}\", x); }", "println!", Token::Function);
        check(l, "fn main() {}", "main", Token::Function);
        check(l, "let s = r#\"a \"b\" c\"#;", "r#\"a \"b\" c\"#", Token::String);
        check(l, "let b = b\"xy\";", "b\"xy\"", Token::String);
        check(l, "fn f<'a>(x: &'a str) -> char { 'c' }", "'c'", Token::String);
        check_not(l, "fn f<'a>(x: &'a str) {}", "'a", Token::String);
        check(l, "#[derive(Debug)]\nstruct Foo;", "#[derive(Debug)]", Token::Meta);
        check(l, "#[derive(Debug)]\nstruct Foo;", "Foo", Token::Type);
        check(l, "let n: u64 = 10u64 + 1_000;", "10u64", Token::Number);
        check(l, "let n: u64 = 10u64 + 1_000;", "u64", Token::Type);
        check(l, "impl Display for Server {}", "Server", Token::Type);
        check(l, "for i in 0..10 {}", "0", Token::Number);
        check(l, "self.x", "self", Token::Variable);
    }

    #[test]
    fn java() {
        let l = Lang::Java;
        check(l, "@Override\npublic void run() {}", "@Override", Token::Meta);
        check(l, "@Override\npublic void run() {}", "public", Token::Keyword);
        check(l, "@Override\npublic void run() {}", "void", Token::Type);
        check(l, "@Override\npublic void run() {}", "run", Token::Function);
        check(l, "class Foo extends Bar {}", "Foo", Token::Type);
        check(l, "char c = '\\n';", "\\n", Token::Escape);
    }

    #[test]
    fn c_and_cpp() {
        check(Lang::C, "#include <stdio.h>\nint main(void) { return 0; }", "#include <stdio.h>", Token::Meta);
        check(Lang::C, "#define X \\\n  1\nint y;", "#define X \\\n  1", Token::Meta);
        check(Lang::C, "int main(void) { return 0; }", "main", Token::Function);
        check(Lang::C, "struct conn *c = NULL;", "conn", Token::Type);
        check(Lang::C, "struct conn *c = NULL;", "NULL", Token::Literal);
        check(Lang::C, "float f = 1.5f;", "1.5f", Token::Number);
        check(Lang::Cpp, "template <typename T> class Pool {};", "template", Token::Keyword);
        check(Lang::Cpp, "template <typename T> class Pool {};", "Pool", Token::Type);
        check(Lang::Cpp, "auto p = nullptr; // x", "nullptr", Token::Literal);
    }

    #[test]
    fn dockerfile() {
        let l = Lang::Dockerfile;
        let code = "# build\nFROM rust:1.80 AS build\nRUN cargo build --release \\\n    && echo \"$HOME\"\nENV PATH=${PATH}:/x\nCMD [\"./app\"]\n";
        check(l, code, "FROM", Token::Keyword);
        check(l, code, "AS", Token::Keyword);
        check(l, code, "RUN", Token::Keyword);
        check(l, code, "# build", Token::Comment);
        check(l, code, "$HOME", Token::Variable);
        check(l, code, "${PATH}", Token::Variable);
        check(l, code, "\"./app\"", Token::String);
        check_not(l, code, "echo", Token::Keyword);
        check(l, "from alpine as base\n", "as", Token::Keyword);
    }

    #[test]
    fn diff() {
        let l = Lang::Diff;
        let code = "diff --git a/x b/x\nindex 1..2 100644\n--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@ fn\n-old\n+new\n same\n";
        check(
            l,
            code,
            "diff --git a/x b/x\nindex 1..2 100644\n--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@ fn\n",
            Token::DiffHeader,
        );
        check(l, code, "-old\n", Token::Deleted);
        check(l, code, "+new\n", Token::Inserted);
        check(l, code, " same\n", Token::Plain);
        check(l, "+a\n-b", "-b", Token::Deleted);
    }

    #[test]
    fn terraform() {
        let l = Lang::Terraform;
        let code = "resource \"aws_instance\" \"web\" {\n  ami = \"ami-${var.x}\" # c\n  count = 2\n  \
                    tags = merge(local.t, {})\n  on = true\n}\n";
        check(l, code, "resource", Token::Keyword);
        check(l, code, "\"aws_instance\"", Token::String);
        check(l, code, "ami", Token::Key);
        check(l, code, "${var.x}", Token::Escape);
        check(l, code, "# c", Token::Comment);
        check(l, code, "2", Token::Number);
        check(l, code, "merge", Token::Function);
        check(l, code, "true", Token::Literal);
        check(l, "x = <<EOT\nhello\nEOT\ny = 1\n", "<<EOT\nhello\nEOT", Token::String);
    }

    #[test]
    fn aliases() {
        let cases = [
            ("bash", Lang::Bash),
            ("sql", Lang::Sql),
            ("psql", Lang::Sql),
            ("postgresql", Lang::Sql),
            ("postgres", Lang::Sql),
            ("mysql", Lang::Sql),
            ("sqlite", Lang::Sql),
            ("plpgsql", Lang::Sql),
            ("yaml", Lang::Yaml),
            ("json", Lang::Json),
            ("jsonc", Lang::Json),
            ("json5", Lang::Json),
            ("geojson", Lang::Json),
            ("toml", Lang::Toml),
            ("ini", Lang::Ini),
            ("cfg", Lang::Ini),
            ("properties", Lang::Ini),
            ("dosini", Lang::Ini),
            ("systemd", Lang::Ini),
            ("python", Lang::Python),
            ("py", Lang::Python),
            ("python3", Lang::Python),
            ("go", Lang::Go),
            ("golang", Lang::Go),
            ("javascript", Lang::JavaScript),
            ("js", Lang::JavaScript),
            ("mjs", Lang::JavaScript),
            ("cjs", Lang::JavaScript),
            ("jsx", Lang::JavaScript),
            ("typescript", Lang::TypeScript),
            ("ts", Lang::TypeScript),
            ("tsx", Lang::TypeScript),
            ("rust", Lang::Rust),
            ("rs", Lang::Rust),
            ("java", Lang::Java),
            ("c", Lang::C),
            ("cpp", Lang::Cpp),
            ("c++", Lang::Cpp),
            ("h", Lang::Cpp),
            ("hpp", Lang::Cpp),
            ("dockerfile", Lang::Dockerfile),
            ("diff", Lang::Diff),
            ("patch", Lang::Diff),
            ("udiff", Lang::Diff),
            ("terraform", Lang::Terraform),
        ];
        for (word, lang) in cases {
            assert_eq!(lang_for(word), Some(lang), "{word}");
        }
        for word in ["nginx", "xml", "brainfuck", "", "text", "html"] {
            assert_eq!(lang_for(word), None, "{word}");
        }
    }

    #[track_caller]
    fn round_trip(lang: Lang, code: &str) {
        let mut out = Concat::default();
        lex(lang, code, &mut out);
        assert_eq!(out.0, code, "{lang:?}");
    }

    #[test]
    fn round_trip_tricky() {
        let inputs = [
            "",
            "\"abc",
            "'abc",
            "/* x",
            "\\",
            "$",
            "${",
            "$(",
            "'''",
            "\"\"\"",
            "r#\"",
            "r#",
            "br##\"x\"#",
            "<<EOF",
            "cat <<EOF\nx\n",
            "cat <<-",
            "@",
            "#",
            "#!",
            "#[",
            "é—日本語 🚀",
            "a: é\n- 🚀: x\n",
            "\"é\\é\"",
            "'\\🚀'",
            "a = 1\r\nb = 2\r\n",
            "key: |\r\n  x\r\n",
            "\"abc\\",
            "'abc\\",
            "f\"{",
            "`${",
            "x = \"${",
            "[",
            "[[",
            "{\"a\":",
            "--- ",
            "@@",
            "+++",
            "0x",
            "1e",
            "1.e+",
            ".5",
            "$$",
            "$tag$ body",
            "-- c",
            "&",
            "!",
            ":",
            "? ",
            "|",
            ">-\n",
            "'a",
            "b'",
            "\u{0}",
            "\t\n\r",
            "FROM",
            "RUN \\",
            "RUN \\\n",
            "E'",
            "x = <<EOT\n",
        ];
        for lang in ALL {
            for code in inputs {
                round_trip(lang, code);
            }
        }
    }

    #[test]
    fn round_trip_random() {
        const PIECES: [&str; 48] = [
            "\"", "'", "`", "\\", "$", "#", "{", "}", "[", "]", "(", ")", "/", "*", "-", "+", "@", ":", "=", "!", "<",
            ">", " ", "\n", "\t", "é", "a", "0", "x", "_", "<<", "EOF", "\r\n", "日", "🚀", "|", ".", "r", "f", "b",
            "%", ",", ";", "?", "e", "'''", "---", "#[",
        ];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut code = String::new();
        for lang in ALL {
            for _ in 0..2000 {
                code.clear();
                let len = next() % 40;
                for _ in 0..len {
                    code.push_str(PIECES[(next() % PIECES.len() as u64) as usize]);
                }
                round_trip(lang, &code);
            }
        }
    }
}
