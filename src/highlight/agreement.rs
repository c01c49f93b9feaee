//! The hand-written lexers measured against syntect, which they stand in for
//! (for speed) in the common languages.
//!
//! For each language a realistic sample in `tests/fixtures/highlight/` is
//! classified by both: the lexer, and syntect's grammar with its scopes
//! mapped onto the same [`Token`]s as for every other language. The share
//! of non-blank characters given the same class must stay at or above a
//! floor set a little under what was measured, so a lexer change that
//! drifts from the grammars fails here. The two are not expected to agree
//! everywhere: the grammars colour some things the lexers leave plain
//! (operators, struct fields) and the other way round.

use super::lexers::{self, Lang};
use super::{find_syntax, syntect_tokens, Sink, Token};

/// Every character's class, in order.
#[derive(Default)]
struct Classes(Vec<Token>);

impl Sink for Classes {
    fn token(&mut self, token: Token, text: &str) {
        self.0.extend(text.chars().map(|_| token));
    }
}

/// Language, its syntect name, the sample, and the least agreement allowed:
/// two or three points under what was measured on 2026-12-05 (bash 82.0%,
/// SQL 85.7, YAML 100, JSON 100, TOML 92.8, INI 91.3, Python 78.1, Go 88.8,
/// JavaScript 89.0, TypeScript 85.1, Rust 81.8, Java 88.3, C 83.0, C++ 81.5,
/// Dockerfile 92.9, diff 97.1, Terraform 93.0).
const SAMPLES: &[(Lang, &str, &str, f64)] = &[
    (Lang::Bash, "bash", "bash.sh", 0.80),
    (Lang::Sql, "sql", "sql.sql", 0.83),
    (Lang::Yaml, "yaml", "yaml.yaml", 0.97),
    (Lang::Json, "json", "json.json", 0.97),
    (Lang::Toml, "toml", "toml.toml", 0.90),
    (Lang::Ini, "ini", "ini.ini", 0.89),
    (Lang::Python, "python", "python.py", 0.76),
    (Lang::Go, "go", "go.go", 0.86),
    (Lang::JavaScript, "javascript", "javascript.js", 0.87),
    (Lang::TypeScript, "typescript", "typescript.ts", 0.83),
    (Lang::Rust, "rust", "rust.rs", 0.79),
    (Lang::Java, "java", "java.java", 0.86),
    (Lang::C, "c", "c.c", 0.81),
    (Lang::Cpp, "cpp", "cpp.cpp", 0.79),
    (Lang::Dockerfile, "dockerfile", "Dockerfile", 0.90),
    (Lang::Diff, "diff", "diff.diff", 0.95),
    (Lang::Terraform, "terraform", "terraform.tf", 0.91),
];

/// Classes that name one thing in two conventions, per language: the
/// lexer's class, then the class syntect's grammar gives the same text.
const SAME_THING: &[(Lang, Token, Token)] = &[
    // The JSON grammar scopes property names as strings.
    (Lang::Json, Token::Key, Token::String),
    // The INI grammar scopes keys as keywords and unquoted values as strings.
    (Lang::Ini, Token::Key, Token::Keyword),
    (Lang::Ini, Token::Plain, Token::String),
    // The Terraform grammar leaves attribute names plain.
    (Lang::Terraform, Token::Key, Token::Plain),
    // The Diff grammar leaves `diff --git` and `index` lines plain.
    (Lang::Diff, Token::DiffHeader, Token::Plain),
];

/// The share of non-blank characters of `code` both classify alike.
fn agreement(lang: Lang, syntax: &str, code: &str) -> f64 {
    let mut ours = Classes::default();
    lexers::lex(lang, code, &mut ours);
    let mut theirs = Classes::default();
    let syntax = find_syntax(syntax).unwrap_or_else(|| panic!("syntect has no `{syntax}` syntax"));
    syntect_tokens(code, syntax, &mut theirs).expect("the grammar reads the sample");
    assert_eq!(ours.0.len(), theirs.0.len(), "both classify every character");
    let (mut same, mut total) = (0usize, 0usize);
    for ((c, a), b) in code.chars().zip(&ours.0).zip(&theirs.0) {
        if !c.is_whitespace() {
            total += 1;
            same += usize::from(a == b || SAME_THING.contains(&(lang, *a, *b)));
        }
    }
    same as f64 / total as f64
}

#[test]
fn lexers_agree_with_syntect_on_real_code() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/highlight");
    let mut below = Vec::new();
    for &(lang, syntax, file, floor) in SAMPLES {
        let code = std::fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        let rate = agreement(lang, syntax, &code);
        println!("{lang:?}: {:.1}% (floor {:.0}%)", rate * 100.0, floor * 100.0);
        if rate < floor {
            below.push(format!(
                "{lang:?} agrees with syntect on {:.1}% of {file}, under {:.0}%",
                rate * 100.0,
                floor * 100.0
            ));
        }
    }
    assert!(below.is_empty(), "{}", below.join("\n"));
}
