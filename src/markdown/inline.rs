//! A fast path for short inline fragments (timeline entries, whys, action
//! items): a strictly limited subset of inline Markdown rendered without
//! building a parser, byte for byte as pulldown-cmark renders it.
//!
//! The subset, on one line:
//! - plain text: the characters `is_plain` accepts;
//! - code spans: `` `code` ``, one backtick each side;
//! - strong: `**text**`, not nested, holding plain text and code spans;
//! - links: `[text](url)`, plain text and a url of safe characters.
//!
//! Anything else gives `None` and the caller falls back to the parser. The
//! rules are narrower than CommonMark's wherever CommonMark gets subtle
//! (delimiter flanking, brackets, spaces), so every fragment accepted here is
//! one the parser renders the obvious way.

use pulldown_cmark_escape::{escape_href, escape_html_body_text};

use super::{is_dangerous, Options2};

/// One piece of a fragment in the subset.
enum Piece<'a> {
    /// Text with no character HTML escapes.
    Text(&'a str),
    /// A code span's content.
    Code(&'a str),
    StrongStart,
    StrongEnd,
    /// `[text](url)`; `text` is plain like [`Piece::Text`].
    Link {
        text: &'a str,
        url: &'a str,
    },
}

/// What `render_inline` gives for `text`, or `None` if `text` is outside the subset.
pub(super) fn render(text: &str, opts: &Options2) -> Option<String> {
    let mut out = String::with_capacity(text.len() + 32);
    // Writing to a String cannot fail, hence the ignored results. The
    // rewriter may run for a fragment that then falls back; it is a pure
    // function of the destination, so that only costs the call.
    pieces(text, |piece| match piece {
        Piece::Text(t) => out.push_str(t),
        Piece::Code(c) => {
            out.push_str("<code>");
            let _ = escape_html_body_text(&mut out, c);
            out.push_str("</code>");
        }
        Piece::StrongStart => out.push_str("<strong>"),
        Piece::StrongEnd => out.push_str("</strong>"),
        Piece::Link { text, url } => {
            // As `Transform::step` and `rewrite` do, then the HTML writer.
            out.push_str("<a href=\"");
            if is_dangerous(url) {
                out.push('#');
            } else {
                let _ = match (opts.rewrite)(url) {
                    Some(new) => escape_href(&mut out, &new),
                    None => escape_href(&mut out, url),
                };
            }
            out.push_str("\">");
            out.push_str(text);
            out.push_str("</a>");
        }
    })?;
    Some(out)
}

/// What `plain_text` gives for `text`, or `None` if `text` is outside the subset.
pub(super) fn plain(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    pieces(text, |piece| match piece {
        Piece::Text(t) | Piece::Code(t) | Piece::Link { text: t, .. } => out.push_str(t),
        Piece::StrongStart | Piece::StrongEnd => {}
    })?;
    // No whitespace but single spaces, none at either end, and markup never
    // sits between two spaces: already what `split_whitespace` would give.
    Some(out)
}

/// Splits `text` into pieces in order, handing each to `emit`; `None` as soon
/// as `text` turns out to be outside the subset (some pieces may have been
/// handed out by then).
fn pieces<'a>(text: &'a str, mut emit: impl FnMut(Piece<'a>)) -> Option<()> {
    let bytes = text.as_bytes();
    // A letter, backtick, `**` or `[` first: never the start of a block
    // (list item, heading, quote, HTML block, thematic break, indented code).
    let first = text.chars().next()?;
    if !(first.is_alphabetic() || first == '`' || first == '[' || text.starts_with("**")) {
        return None;
    }
    // Spaces at the ends or doubled are kept or dropped depending on where
    // they are; leave them to the parser.
    if text.ends_with(' ') || text.contains("  ") {
        return None;
    }
    let mut i = 0;
    let mut in_strong = false;
    while i < bytes.len() {
        match bytes[i] {
            b'`' => {
                // One backtick, content, one backtick.
                let len = text[i + 1..].find('`')?;
                let content = &text[i + 1..i + 1 + len];
                let end = i + 2 + len;
                if content.is_empty()
                    || content.starts_with(' ')
                    || content.ends_with(' ')
                    || bytes.get(end) == Some(&b'`')
                    || !is_code_str(content)
                {
                    return None;
                }
                emit(Piece::Code(content));
                i = end;
            }
            b'*' => {
                // Exactly `**`, in a place where it can only open (outside
                // strong) or only close (inside).
                if bytes.get(i + 1) != Some(&b'*') || bytes.get(i + 2) == Some(&b'*') {
                    return None;
                }
                let before = text[..i].chars().next_back();
                let after = text[i + 2..].chars().next();
                if in_strong {
                    let word_before = before.is_some_and(is_word_char);
                    let before_ok = word_before || before.is_some_and(|c| "`?.!:)".contains(c));
                    let after_ok = match after {
                        None | Some(' ') => true,
                        Some(c) => word_before && ".,;:?!)".contains(c),
                    };
                    if !(before_ok && after_ok) {
                        return None;
                    }
                    emit(Piece::StrongEnd);
                } else {
                    let before_ok = before.is_none_or(|c| c == ' ');
                    let after_ok = after.is_some_and(|c| is_word_char(c) || c == '`');
                    if !(before_ok && after_ok) {
                        return None;
                    }
                    emit(Piece::StrongStart);
                }
                in_strong = !in_strong;
                i += 2;
            }
            b'[' => {
                // `[text](url)`, outside strong.
                if in_strong {
                    return None;
                }
                let close = i + 1 + text[i + 1..].find(']')?;
                let label = &text[i + 1..close];
                if label.is_empty()
                    || label.starts_with(' ')
                    || label.ends_with(' ')
                    || !is_plain_str(label)
                    || bytes.get(close + 1) != Some(&b'(')
                {
                    return None;
                }
                let url_start = close + 2;
                let url_end = url_start + text[url_start..].find(')')?;
                let url = &text[url_start..url_end];
                if url.is_empty() || !url.bytes().all(is_url_byte) {
                    return None;
                }
                emit(Piece::Link { text: label, url });
                i = url_end + 1;
            }
            _ => {
                // Plain text up to the next markup (or anything else, which
                // then ends up here with an empty run).
                let start = i;
                while i < bytes.len() && (bytes[i] >= 0x80 || PLAIN_ASCII[bytes[i] as usize]) {
                    i += 1;
                }
                let run = &text[start..i];
                if run.is_empty() || !is_plain_str(run) {
                    return None;
                }
                emit(Piece::Text(run));
            }
        }
    }
    (!in_strong).then_some(())
}

/// The ASCII characters `is_plain` accepts: no meaning in Markdown, nothing to escape.
const PLAIN_ASCII: [bool; 128] = {
    let mut table = [false; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    let punct = b" ,.;:?()/'%+=@-";
    let mut i = 0;
    while i < punct.len() {
        table[punct[i] as usize] = true;
        i += 1;
    }
    table
};

/// Whether `s` is all characters `is_plain` accepts.
fn is_plain_str(s: &str) -> bool {
    s.bytes().all(|b| b >= 0x80 || PLAIN_ASCII[b as usize])
        && (s.is_ascii() || s.chars().all(|c| c.is_ascii() || c.is_alphanumeric() || "–—’“”…°€£".contains(c)))
}

/// A letter or digit next to `**`, where CommonMark's flanking rules make it
/// open or close. Non-ASCII only from the Latin letter blocks: some
/// characters Rust calls alphanumeric (circled letters) count as punctuation
/// in CommonMark.
fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || (('À'..='ɏ').contains(&c) && c != '×' && c != '÷')
}

/// What a code span may hold: anything literal but control characters
/// (NUL becomes U+FFFD) and whitespace other than a space.
fn is_code_str(s: &str) -> bool {
    s.bytes().all(|b| b >= 0x80 || (b' '..=b'~').contains(&b))
        && (s.is_ascii() || s.chars().all(|c| c == ' ' || !(c.is_control() || c.is_whitespace())))
}

/// What a link destination may hold: nothing the parser unescapes or stops at.
fn is_url_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"/:._~-#?=%+".contains(&b)
}

#[cfg(test)]
mod tests {
    use super::super::tests::opts;
    use super::super::{plain_text, plain_text_parsed, render_inline, render_inline_parsed};
    use super::*;

    /// The fast path agrees with the parser wherever it answers; gives its answer.
    fn agrees(text: &str) -> Result<Option<String>, String> {
        let o = opts();
        let fast = render(text, &o);
        let fast_plain = plain(text);
        if fast.is_some() != fast_plain.is_some() {
            return Err(format!("{text:?}: render {fast:?} but plain {fast_plain:?}"));
        }
        if let Some(html) = &fast {
            let slow = render_inline_parsed(text, &o);
            if *html != slow {
                return Err(format!("{text:?}: fast {html:?}, parser {slow:?}"));
            }
            // Raw HTML passed through changes nothing: the subset has none.
            let raw = Options2 { unsafe_html: true, ..opts() };
            if render(text, &raw).as_ref() != Some(html) || render_inline_parsed(text, &raw) != *html {
                return Err(format!("{text:?}: differs with unsafe_html"));
            }
        }
        if let Some(p) = &fast_plain {
            let slow = plain_text_parsed(text);
            if *p != slow {
                return Err(format!("{text:?}: fast plain {p:?}, parser {slow:?}"));
            }
        }
        // And the public functions, fast paths included, still give the parser's answer.
        if render_inline(text, &o) != render_inline_parsed(text, &o) || plain_text(text) != plain_text_parsed(text) {
            return Err(format!("{text:?}: render_inline or plain_text differs from the parser"));
        }
        Ok(fast)
    }

    #[test]
    fn realistic_fragments_take_the_fast_path() {
        let cases = [
            (
                "**Why did requests time out?** The service waited on a schema migration. Requests to `billing` timed out.",
                "<strong>Why did requests time out?</strong> The service waited on a schema migration. Requests to <code>billing</code> timed out.",
            ),
            (
                "Follow-up 3 for incident 9766: harden `billing` against a certificate that expired",
                "Follow-up 3 for incident 9766: harden <code>billing</code> against a certificate that expired",
            ),
            (
                "[REL-5610](https://jira.example.com/browse/REL-5610)",
                "<a href=\"https://jira.example.com/browse/REL-5610\">REL-5610</a>",
            ),
            (
                "See the [runbook](../runbooks/rb-0001.md) for steps.",
                "See the <a href=\"../runbooks/rb-0001.html\">runbook</a> for steps.",
            ),
            ("`Vec<u8>` & co", ""),
            ("Ran `a && b > c` twice", "Ran <code>a &amp;&amp; b &gt; c</code> twice"),
            ("**Zoë’s fix** — done", "<strong>Zoë’s fix</strong> — done"),
            ("A **bold `code`** end", "A <strong>bold <code>code</code></strong> end"),
            ("**`x`**", "<strong><code>x</code></strong>"),
            ("It **works**.", "It <strong>works</strong>."),
            ("x [a](javascript:alert) y", "x <a href=\"#\">a</a> y"),
        ];
        for (text, want) in cases {
            let fast = render(text, &opts());
            if want.is_empty() {
                assert_eq!(fast, None, "{text}");
            } else {
                assert_eq!(fast.as_deref(), Some(want), "{text}");
                assert!(plain(text).is_some(), "{text}");
            }
            assert!(agrees(text).is_ok(), "{:?}", agrees(text));
        }
        assert_eq!(
            plain("**Why?** Requests to `billing` and [REL-1](https://x.example/REL-1) timed out.").as_deref(),
            Some("Why? Requests to billing and REL-1 timed out.")
        );
    }

    #[test]
    fn the_rewritten_destination_is_escaped_as_the_parser_escapes_it() {
        let rewrite = |d: &str| Some(format!("../incidents/{d}.html#frag 'x'&y<z>\"é[]`"));
        let o = Options2 { unsafe_html: false, rewrite: &rewrite, anchor_prefix: "" };
        let text = "See [it](inc-1) now";
        assert_eq!(render(text, &o), Some(render_inline_parsed(text, &o)));
        let o = Options2 { unsafe_html: true, ..opts() };
        let text = "a [b](c.md) `<b>x</b>` **d**";
        assert_eq!(render(text, &o), Some(render_inline_parsed(text, &o)));
    }

    #[test]
    fn near_misses_fall_back() {
        for text in [
            "**a **b** c**",
            "**foo*",
            "*x*",
            "** x**",
            "**x **",
            "**",
            "****",
            "***x***",
            "**x**y",
            "**x**_",
            "**(x)**",
            "**x (y)**, z",
            "**x'**",
            "a**x**",
            "(**x**)",
            "`",
            "`a``b`",
            "``a``",
            "` a`",
            "`a `",
            "``",
            "`a\tb`",
            "`a\u{a0}b`",
            "`a\0b`",
            "`a  b`",
            "1. item",
            "1) item",
            "- x",
            "+ x",
            "# x",
            "> x",
            "=x",
            " x",
            "x ",
            "x  y",
            "a_b_",
            "a\nb",
            "a\r\nb",
            "[a](b c)",
            "[a]",
            "[a] (b)",
            "[a][b]",
            "[](b)",
            "[a]()",
            "[ a](b)",
            "[a ](b)",
            "[a](<b>)",
            "[a](b \"t\")",
            "[a](b&c)",
            "[a](b(c))",
            "[*a*](b)",
            "[`a`](b)",
            "[a]: b",
            "[^a]",
            "**[a](b)**",
            "![a](b)",
            "a & b",
            "a < b",
            "a > b",
            "a \"b\"",
            "a\\b",
            "a ~b~",
            "a | b",
            "a ! b",
            "a # b",
            "a]b",
            "a\u{a0}b",
        ] {
            assert_eq!(render(text, &opts()), None, "{text:?}");
            assert_eq!(plain(text), None, "{text:?}");
            assert!(agrees(text).is_ok(), "{:?}", agrees(text));
        }
    }

    /// Fragments where CommonMark's precedence rules matter (code spans
    /// before raw HTML, autolinks, brackets and `**`): the fast path answers
    /// for the first list, as the parser does, and leaves the second to it.
    #[test]
    fn precedence_cases_agree() {
        for text in [
            "`<a b='`x`'>`",
            "`<a b='` x `'>`",
            "`<http://x`a`>`",
            "`<b>`x`</b>`",
            "`<!--`x`-->`",
            "`[`[a](b)",
            "[a](b)`]`",
            "**a `b**` c**",
            "`a\\`",
            "`&amp;` `&#42;`",
            "x `a|b` y",
            "a [b](c~d) e",
            "a [b](c~~d~~) e",
            "[a](b)[c](d)",
            "[a(b](c)",
            "[a)](c)",
            "**a** **b**",
            "**a.** b",
            "**a?**",
            "**a):** b",
            "**a**) b",
        ] {
            assert!(matches!(agrees(text), Ok(Some(_))), "{text:?}: {:?}", agrees(text));
        }
        for text in ["`[a`](b)", "**a `b** c`", "`a **b` c**"] {
            assert_eq!(agrees(text), Ok(None), "{text:?}");
        }
    }

    /// Strings from an alphabet rich in characters that mean something, and
    /// strings built from pieces the fast path takes, against the parser.
    #[test]
    fn fast_path_agrees_with_the_parser() {
        use proptest::prelude::*;
        use std::cell::Cell;

        // How often the fast path answered, and with strong, a link or a code span.
        let fired = [Cell::new(0u32), Cell::new(0), Cell::new(0), Cell::new(0)];
        let check = |text: &str| -> Result<(), TestCaseError> {
            let html = agrees(text).map_err(TestCaseError::fail)?;
            if let Some(html) = html {
                for (n, mark) in fired.iter().zip(["", "<strong>", "<a ", "<code>"]) {
                    n.set(n.get() + u32::from(html.contains(mark)));
                }
            }
            Ok(())
        };
        let counts = || fired.iter().map(Cell::get).collect::<Vec<_>>();

        // Raw characters: the fast path rarely answers, but when it does it must be right.
        proptest!(ProptestConfig::with_cases(8000), |(text in "[a-zA-Z0-9 *`\\[\\]()?.!:,;_\\\\<>&\"'#~|=+/%@\\-é’–\u{a0}\u{3000}\u{24b6}\0\t]{0,24}")| {
            check(&text)?;
        });
        eprintln!("raw: fast path fired (any, strong, link, code) {:?}", counts());

        // Pieces: words, punctuation, `**`, code spans, links, stray markup.
        let piece = prop_oneof![
            6 => prop::sample::select(vec![
                "a", "Ab", "x1", "9766", "é", "Zoë", "’s", "ⓐ", "—", "…", "€", "(", ")", "?", ".", "!", ":", ",", ";",
                "'", "-", "/", "%", "=", "+", "@",
            ]).prop_map(str::to_string),
            4 => Just(" ".to_string()),
            3 => Just("**".to_string()),
            1 => prop::sample::select(vec!["*", "`", "[", "]", "_", "\\", "<", ">", "&", "\"", "#", "~", "|", "1.", "- "])
                .prop_map(str::to_string),
            2 => "[a-z<>&\"'*_\\[\\]()\\\\ !#é\u{a0}\t|~]{1,6}".prop_map(|c| format!("`{c}`")),
            2 => ("[a-zA-Z0-9 ()'?.:-]{0,8}", "[a-zA-Z0-9/:._~#?=%+\\-]{0,12}", prop::bool::ANY).prop_map(|(t, u, md)| {
                format!("[{t}]({u}{})", if md { ".md" } else { "" })
            }),
            1 => prop::sample::select(vec!["javascript:x", "JavaScript:a", "data:text", "data:image/png", "vbscript:y"])
                .prop_map(|u| format!("[go]({u})")),
        ];
        let pieces_text = prop::collection::vec(piece, 1..12).prop_map(|v| v.concat());
        proptest!(ProptestConfig::with_cases(12000), |(text in pieces_text)| {
            check(&text)?;
        });
        eprintln!("pieces: fast path fired {:?}", counts());

        // Fragments built from well-formed constructs joined by spaces or
        // punctuation (or nothing), so the fast path fires often and the
        // edges of `**`, code spans and links meet every neighbour.
        let word = prop::sample::select(vec![
            "Requests", "timed", "out", "the", "DB", "9766", "Zoë", "fix", "v1.2", "(v2)", "it's", "a/b", "50%", "—",
        ]);
        let words = prop::collection::vec(word, 1..4).prop_map(|w| w.join(" "));
        let code = "[a-zA-Z0-9 <>&\"'*_\\[\\]()!#|~.:\\\\-]{1,8}".prop_map(|c| format!("`{c}`"));
        let url = prop::sample::select(vec![
            "x.md",
            "../runbooks/rb-0001.md",
            "https://a.example/b?c=1#d",
            "#frag",
            "x.md#y",
            "javascript:x",
            "a~b",
        ]);
        let link = (words.clone(), url).prop_map(|(t, u)| format!("[{t}]({u})"));
        let inner = prop_oneof![
            words.clone(),
            code.clone(),
            (words.clone(), code.clone()).prop_map(|(w, c)| format!("{w} {c}")),
            (code.clone(), words.clone()).prop_map(|(c, w)| format!("{c} {w}")),
        ];
        let end = prop::sample::select(vec!["", "", "", "", "?", ".", ":", ")", "'", "!", " ", ","]);
        let strong = (inner, end).prop_map(|(a, p)| format!("**{a}{p}**"));
        let segment = prop_oneof![3 => words, 2 => code, 4 => strong, 2 => link];
        let joiner = prop_oneof![
            6 => Just(" "),
            2 => prop::sample::select(vec![". ", ", ", ": ", "? ", ") "]),
            1 => prop::sample::select(vec!["", ".", ",", ")", ";", "!", "?"]),
        ];
        let shaped = prop::collection::vec((segment, joiner), 1..5).prop_map(|v| {
            let mut text = String::new();
            for (i, (seg, join)) in v.iter().enumerate() {
                text.push_str(seg);
                if i + 1 < v.len() || join.trim().len() == 1 {
                    text.push_str(join);
                }
            }
            text
        });
        proptest!(ProptestConfig::with_cases(10000), |(text in shaped)| {
            check(&text)?;
        });
        eprintln!("shaped: fast path fired {:?}", counts());

        // 30,000 cases in all; the fast path must have answered for a good
        // share, with each construct.
        let [any, strong, link, code] = counts()[..] else { unreachable!() };
        assert!(any > 3000 && strong > 1000 && link > 1000 && code > 1000, "fast path fired {:?}", counts());
    }
}
