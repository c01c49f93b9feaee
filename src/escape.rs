//! Escaping text for HTML and XML: the one place every page, feed and report
//! turns user text into markup-safe text.

/// Escapes text for HTML content and double- or single-quoted attributes.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    html_into(&mut out, text);
    out
}

/// [`html`], appending to `out`: runs of safe text are copied whole. Text is
/// scanned eight bytes at a time, since most of it needs no escaping.
pub fn html_into(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    out.reserve(bytes.len());
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let end = if let Some(chunk) = bytes.get(i..i + 8) {
            let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
            if !has_special(word) {
                i += 8;
                continue;
            }
            i + 8
        } else {
            bytes.len()
        };
        while i < end {
            let rep = match bytes[i] {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                b'\'' => "&#39;",
                _ => {
                    i += 1;
                    continue;
                }
            };
            out.push_str(&text[start..i]);
            out.push_str(rep);
            i += 1;
            start = i;
        }
    }
    out.push_str(&text[start..]);
}

/// Whether any of the eight bytes is one [`html_into`] escapes. A byte equal
/// to `c` is a zero byte of `word ^ (c in every byte)`; the usual bit trick
/// finds a zero byte (it may also flag a byte next to a true one, which only
/// sends the chunk to the byte loop).
fn has_special(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let zero_in = |c: u8| {
        let x = word ^ (ONES * u64::from(c));
        x.wrapping_sub(ONES) & !x & HIGHS
    };
    (zero_in(b'&') | zero_in(b'<') | zero_in(b'>') | zero_in(b'"') | zero_in(b'\'')) != 0
}

/// Escapes text for XML content and attributes, dropping the characters
/// XML 1.0 forbids (control characters other than tab, LF and CR).
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_markup_and_quotes() {
        assert_eq!(html("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    }

    /// The chunked scan gives what escaping byte by byte gives.
    #[test]
    fn html_matches_byte_by_byte_escaping() {
        use proptest::prelude::*;
        let slow = |text: &str| {
            text.chars()
                .map(|c| match c {
                    '&' => "&amp;".to_string(),
                    '<' => "&lt;".to_string(),
                    '>' => "&gt;".to_string(),
                    '"' => "&quot;".to_string(),
                    '\'' => "&#39;".to_string(),
                    c => c.to_string(),
                })
                .collect::<String>()
        };
        proptest!(ProptestConfig::with_cases(5000), |(text in "[a-z &<>\"'\u{e9}\u{2019}\u{1f600}%=]{0,40}")| {
            prop_assert_eq!(html(&text), slow(&text));
        });
        let long = "safe text without specials, ".repeat(5) + "<b>&'\"</b>" + &"tail ".repeat(3);
        assert_eq!(html(&long), slow(&long));
    }

    #[test]
    fn xml_drops_forbidden_chars() {
        assert_eq!(xml("a<b & \"c\"\u{1}\n"), "a&lt;b &amp; &quot;c&quot;\n");
    }
}
