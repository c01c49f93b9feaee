//! Syntax highlighting of fenced code, loaded once and shared by all threads.
//!
//! Code is split into a small set of [`Token`] kinds, written as short CSS
//! classes (`hl-k`, `hl-s`, ...), never inline colours, so the generated
//! `syntax.css` colours code for light, dark and print, and a highlighted page
//! stays a few times the size of its code rather than tens of times.
//!
//! The languages incident write-ups use most (shell, SQL, YAML, JSON, TOML,
//! Python and more, see [`lexers`]) go through hand-written lexers, which run
//! at hundreds of megabytes a second; every other language (nginx, Ruby,
//! XML, ...) goes through syntect with two-face's syntaxes, its scopes mapped
//! onto the same tokens.

#[cfg(test)]
mod agreement;
pub mod lexers;

use std::str::FromStr;
use std::sync::OnceLock;

use syntect::highlighting::{
    Color, HighlightIterator, HighlightState, Highlighter, ScopeSelectors, StyleModifier, Theme, ThemeItem,
    ThemeSettings,
};
use syntect::parsing::{ParseState, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

/// What a piece of code is, as far as colouring goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Token {
    /// Identifiers, operators, punctuation, whitespace: not coloured.
    Plain,
    Comment,
    /// Keywords and storage words (`if`, `def`, `SELECT`, `let`).
    Keyword,
    /// String literals, quotes included.
    String,
    /// An escape or interpolation inside a string (`\n`, `%s`).
    Escape,
    Number,
    /// Language constants: `true`, `false`, `null`, `None`.
    Literal,
    /// A function's name where it is defined or called.
    Function,
    /// A type or class name.
    Type,
    /// Variables set apart by the language (`$HOME`, `self`, parameters).
    Variable,
    /// A key in a mapping: YAML and TOML keys, JSON property names, attributes.
    Key,
    /// Section headers: TOML tables, INI sections, Markdown headings.
    Heading,
    /// Decorators, annotations, preprocessor lines, shebangs.
    Meta,
    /// Lines a diff adds.
    Inserted,
    /// Lines a diff removes.
    Deleted,
    /// Diff file headers and hunk ranges.
    DiffHeader,
}

impl Token {
    const ALL: [Token; 16] = [
        Token::Plain,
        Token::Comment,
        Token::Keyword,
        Token::String,
        Token::Escape,
        Token::Number,
        Token::Literal,
        Token::Function,
        Token::Type,
        Token::Variable,
        Token::Key,
        Token::Heading,
        Token::Meta,
        Token::Inserted,
        Token::Deleted,
        Token::DiffHeader,
    ];

    /// The CSS class, `None` for plain text.
    pub fn class(self) -> Option<&'static str> {
        Some(match self {
            Token::Plain => return None,
            Token::Comment => "hl-c",
            Token::Keyword => "hl-k",
            Token::String => "hl-s",
            Token::Escape => "hl-e",
            Token::Number => "hl-n",
            Token::Literal => "hl-l",
            Token::Function => "hl-f",
            Token::Type => "hl-t",
            Token::Variable => "hl-v",
            Token::Key => "hl-a",
            Token::Heading => "hl-h",
            Token::Meta => "hl-m",
            Token::Inserted => "hl-gi",
            Token::Deleted => "hl-gd",
            Token::DiffHeader => "hl-gh",
        })
    }
}

/// Where a lexer hands its tokens, in order, covering every byte of the code.
pub trait Sink {
    fn token(&mut self, token: Token, text: &str);
}

/// Writes tokens as escaped HTML spans, merging neighbours of one kind and
/// letting whitespace join the span it follows.
struct HtmlSink<'a> {
    out: &'a mut String,
    open: Token,
}

impl<'a> HtmlSink<'a> {
    fn new(out: &'a mut String) -> HtmlSink<'a> {
        HtmlSink { out, open: Token::Plain }
    }

    fn finish(self) {
        if self.open != Token::Plain {
            self.out.push_str("</span>");
        }
    }
}

impl Sink for HtmlSink<'_> {
    fn token(&mut self, token: Token, text: &str) {
        if text.is_empty() {
            return;
        }
        let blank = text.bytes().all(|b| b == b' ' || b == b'\t');
        if token != self.open && !blank {
            if self.open != Token::Plain {
                self.out.push_str("</span>");
            }
            if let Some(class) = token.class() {
                self.out.push_str("<span class=\"");
                self.out.push_str(class);
                self.out.push_str("\">");
            }
            self.open = token;
        }
        crate::escape::html_into(self.out, text);
    }
}

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(two_face::syntax::extra_newlines)
}

/// TextMate scope selectors → tokens. The best-scoring selector wins, so the
/// specific entries (a YAML key is `entity.name.tag.yaml` inside a string)
/// override the general ones.
const SCOPE_TOKENS: &[(&str, Token)] = &[
    ("comment", Token::Comment),
    ("string, string.quoted, string.regexp, string.unquoted.heredoc", Token::String),
    ("constant.character.escape, constant.other.placeholder, string meta.interpolation", Token::Escape),
    ("constant.numeric", Token::Number),
    ("constant.language, support.constant", Token::Literal),
    ("keyword, storage.type, storage.modifier, keyword.operator.word, keyword.operator.logical", Token::Keyword),
    ("keyword.operator, variable.parameter.option", Token::Plain),
    ("punctuation.definition.variable", Token::Variable),
    ("entity.name.function, support.function, variable.function, meta.function-call.identifier", Token::Function),
    (
        "entity.name.type, entity.name.class, entity.name.struct, entity.name.enum, entity.name.trait, \
         entity.name.interface, entity.other.inherited-class, support.type, support.class",
        Token::Type,
    ),
    (
        "variable.parameter, variable.language, source.shell variable.other, variable.other.readwrite.shell",
        Token::Variable,
    ),
    (
        "entity.name.tag.yaml, meta.mapping.key, meta.mapping.key string, support.type.property-name, \
         entity.other.attribute-name, entity.name.tag.toml, meta.tag.key",
        Token::Key,
    ),
    ("entity.name.tag", Token::Keyword),
    ("entity.name.section, markup.heading, meta.section.table entity.name, entity.name.table", Token::Heading),
    ("meta.annotation, meta.decorator, entity.name.function.decorator, meta.preprocessor", Token::Meta),
    ("markup.inserted", Token::Inserted),
    ("markup.deleted", Token::Deleted),
    ("meta.diff.range, meta.diff.header, meta.header.from-file, meta.header.to-file", Token::DiffHeader),
];

/// A theme whose "colours" are token numbers, so syntect's own scope
/// matching (cached per scope stack) picks each piece's token.
fn token_theme() -> &'static Theme {
    static THEME: OnceLock<Theme> = OnceLock::new();
    THEME.get_or_init(|| {
        let colour = |t: Token| Color { r: t as u8, g: 0, b: 0, a: 0xff };
        let scopes = SCOPE_TOKENS
            .iter()
            .map(|(selectors, token)| ThemeItem {
                scope: ScopeSelectors::from_str(selectors).expect("scope selectors are valid"),
                style: StyleModifier { foreground: Some(colour(*token)), background: None, font_style: None },
            })
            .collect();
        Theme {
            settings: ThemeSettings { foreground: Some(colour(Token::Plain)), ..ThemeSettings::default() },
            scopes,
            ..Theme::default()
        }
    })
}

/// Longest code block that is highlighted; longer ones are shown plain so a
/// pathological file cannot stall the build.
const MAX_HIGHLIGHT_BYTES: usize = 256 * 1024;

/// The canonical name of a fence's language word, `None` for plain text.
fn canonical(lang: &str) -> Option<String> {
    let lang = lang.trim().to_ascii_lowercase();
    Some(match lang.as_str() {
        "" | "text" | "plain" | "txt" | "console" | "output" | "log" => return None,
        "shell" | "sh" | "zsh" => "bash".to_string(),
        "yml" => "yaml".to_string(),
        "tf" | "hcl" => "terraform".to_string(),
        "docker" => "dockerfile".to_string(),
        "conf" => "ini".to_string(),
        _ => lang,
    })
}

/// The syntect syntax for a canonical language name.
fn find_syntax(name: &str) -> Option<&'static SyntaxReference> {
    let set = syntaxes();
    set.find_syntax_by_token(name).or_else(|| set.find_syntax_by_name(name))
}

/// Renders a code block as `<pre class="code"><code class="language-x">`.
pub fn code_block(code: &str, lang: &str) -> String {
    let lang_word = lang.split([' ', ',', '{']).next().unwrap_or("").trim();
    let class = crate::slug::slugify(lang_word);
    let mut out = String::with_capacity(code.len() * 2 + 64);
    if lang_word.is_empty() {
        out.push_str("<pre class=\"code\"><code>");
    } else {
        out.push_str(&format!("<pre class=\"code\" data-lang=\"{class}\"><code class=\"language-{class}\">"));
    }
    if code.len() > MAX_HIGHLIGHT_BYTES || !highlight_into(&mut out, code, lang_word) {
        crate::escape::html_into(&mut out, code);
    }
    out.push_str("</code></pre>\n");
    out
}

/// Highlights `code` into `out`; false (with `out` untouched) when the
/// language is unknown or the grammar fails on this code.
fn highlight_into(out: &mut String, code: &str, lang_word: &str) -> bool {
    let Some(name) = canonical(lang_word) else {
        return false;
    };
    if let Some(lang) = lexers::lang_for(&name) {
        let mut sink = HtmlSink::new(out);
        lexers::lex(lang, code, &mut sink);
        sink.finish();
        return true;
    }
    let Some(syntax) = find_syntax(&name) else {
        return false;
    };
    let mut html = String::with_capacity(code.len() * 3);
    let mut sink = HtmlSink::new(&mut html);
    if syntect_tokens(code, syntax, &mut sink).is_err() {
        return false;
    }
    sink.finish();
    out.push_str(&html);
    true
}

/// Feeds syntect's parse of `code` to `sink` as tokens.
fn syntect_tokens(code: &str, syntax: &SyntaxReference, sink: &mut dyn Sink) -> Result<(), syntect::Error> {
    let highlighter = Highlighter::new(token_theme());
    let mut parse = ParseState::new(syntax);
    let mut state = HighlightState::new(&highlighter, ScopeStack::new());
    for line in LinesWithEndings::from(code) {
        let ops = parse.parse_line(line, syntaxes())?;
        for (style, text) in HighlightIterator::new(&mut state, &ops, line, &highlighter) {
            let token = Token::ALL.get(style.foreground.r as usize).copied().unwrap_or(Token::Plain);
            sink.token(token, text);
        }
    }
    Ok(())
}

pub use crate::escape::html as escape;

/// Colours of each token: (light, dark).
const PALETTE: &[(Token, &str, &str)] = &[
    (Token::Comment, "color: #6a737d; font-style: italic", "color: #8b949e; font-style: italic"),
    (Token::Keyword, "color: #cf222e", "color: #ff7b72"),
    (Token::String, "color: #0a3069", "color: #a5d6ff"),
    (Token::Escape, "color: #116329", "color: #7ee787"),
    (Token::Number, "color: #0550ae", "color: #79c0ff"),
    (Token::Literal, "color: #0550ae", "color: #79c0ff"),
    (Token::Function, "color: #8250df", "color: #d2a8ff"),
    (Token::Type, "color: #953800", "color: #ffa657"),
    (Token::Variable, "color: #953800", "color: #ffa657"),
    (Token::Key, "color: #116329", "color: #7ee787"),
    (Token::Heading, "color: #0550ae; font-weight: bold", "color: #79c0ff; font-weight: bold"),
    (Token::Meta, "color: #6639ba", "color: #d2a8ff"),
    (Token::Inserted, "color: #116329; background-color: #dafbe1", "color: #aff5b4; background-color: #033a16"),
    (Token::Deleted, "color: #82071e; background-color: #ffebe9", "color: #ffdcd7; background-color: #67060c"),
    (Token::DiffHeader, "color: #0550ae; font-weight: bold", "color: #79c0ff; font-weight: bold"),
];

/// The stylesheet for highlighted code: light by default, dark under
/// `prefers-color-scheme: dark` on screen, light again in print.
pub fn stylesheet() -> String {
    let mut css = String::from("/* Generated by warroom: syntax colours for light, dark and print. */\n");
    for (token, light, _) in PALETTE {
        css.push_str(&format!(".{} {{ {light}; }}\n", token.class().unwrap_or_default()));
    }
    css.push_str("@media screen and (prefers-color-scheme: dark) {\n");
    for (token, _, dark) in PALETTE {
        css.push_str(&format!("  .{} {{ {dark}; }}\n", token.class().unwrap_or_default()));
    }
    css.push_str("}\n");
    css
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_with_classes() {
        let html = code_block("SELECT 1;\n", "sql");
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(!html.contains("style="), "{html}");
        assert!(html.starts_with("<pre class=\"code\" data-lang=\"sql\">"));
    }

    #[test]
    fn syntect_scopes_become_tokens() {
        // Ruby has no hand-written lexer: this goes through syntect.
        assert!(lexers::lang_for("ruby").is_none());
        let html = code_block("# note\ndef go(x)\n  puts \"hi #{x}\" if x > 1\nend\n", "ruby");
        assert!(html.contains("<span class=\"hl-c\"># note"), "{html}");
        assert!(html.contains("<span class=\"hl-k\">def"), "{html}");
        assert!(html.contains("<span class=\"hl-f\">go</span>"), "{html}");
        assert!(html.contains("<span class=\"hl-s\">&quot;hi "), "{html}");
        assert!(html.contains("<span class=\"hl-n\">1</span>"), "{html}");
    }

    #[test]
    fn every_token_has_a_colour() {
        let css = stylesheet();
        for t in Token::ALL.iter().filter_map(|t| t.class()) {
            assert!(css.contains(&format!(".{t} {{")), "{t}");
        }
    }

    #[test]
    fn runbook_languages_are_known() {
        for lang in ["bash", "toml", "dockerfile", "nginx", "terraform", "ini", "yaml", "json", "sql", "python"] {
            assert!(find_syntax(lang).is_some(), "{lang}");
        }
    }

    #[test]
    fn unknown_language_is_escaped_plain() {
        let html = code_block("<script>x</script>\n", "nosuchlang");
        assert!(html.contains("&lt;script&gt;"));
    }

    #[test]
    fn stylesheet_has_dark_mode() {
        let css = stylesheet();
        assert!(css.contains(".hl-"));
        assert!(css.contains("prefers-color-scheme: dark"));
    }
}
