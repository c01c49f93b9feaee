//! Message text made safe for one timeline list item: one line, and every
//! character Markdown could act on escaped, so a chat message renders as the
//! words that were typed and never as a list, a table, a link or HTML.

/// Escapes plain text for use inside a Markdown list item line.
///
/// Line breaks and tabs become spaces and runs of spaces one space; the ASCII
/// punctuation that opens inline markup (`\` `` ` `` `*` `_` `[` `]` `<` `>`
/// `|` `~` `&` `!`) is escaped with a backslash, which CommonMark turns back
/// into the character itself. An `_` inside a word (`db_primary`) opens no
/// emphasis and is left alone.
pub fn escape_inline(text: &str) -> String {
    let chars: Vec<char> = text.chars().map(|c| if c.is_whitespace() || c.is_control() { ' ' } else { c }).collect();
    let mut out = String::with_capacity(text.len() + 8);
    let mut last_space = true;
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
            continue;
        }
        last_space = false;
        let escape = match c {
            '\\' | '`' | '*' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '!' | '$' => true,
            '_' => {
                let word = |j: Option<usize>| j.and_then(|j| chars.get(j)).is_some_and(|c| c.is_alphanumeric());
                !(word(i.checked_sub(1)) && word(Some(i + 1)))
            }
            // At the very start, these would read as a heading, a list
            // marker or a timeline separator.
            '#' | '-' | '+' | ':' | '=' if out.is_empty() => true,
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out
}

/// True when escaped text, written straight after an entry's time, could
/// be read as part of the time: a zone or AM/PM word, a number, a dash.
pub(crate) fn needs_separator(text: &str) -> bool {
    let word = text.split(' ').next().unwrap_or("");
    let word = word.trim_end_matches([',', '.', ')', ':']);
    // Zone abbreviations (`CET`, `Z`) are short and upper case; AM/PM in any case.
    let zone_like = (1..=5).contains(&word.len()) && word.chars().all(|c| c.is_ascii_uppercase());
    let meridiem = ["am", "pm", "a.m", "p.m", "a", "p"].iter().any(|m| word.eq_ignore_ascii_case(m));
    zone_like || meridiem || text.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '—' | '–' | '('))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped() {
        assert_eq!(escape_inline("<script>alert(1)</script>"), "\\<script\\>alert(1)\\</script\\>");
        assert_eq!(escape_inline("- [x] done | `rm -rf` *now*"), "\\- \\[x\\] done \\| \\`rm -rf\\` \\*now\\*");
        assert_eq!(escape_inline("# heading"), "\\# heading");
        assert_eq!(escape_inline("a & b ~~c~~ ![i](x)"), "a \\& b \\~\\~c\\~\\~ \\!\\[i\\](x)");
    }

    #[test]
    fn one_line_and_words_left_alone() {
        assert_eq!(escape_inline("line one\nline two\r\n\tthree  "), "line one line two three");
        assert_eq!(escape_inline("db_primary is _down_"), "db_primary is \\_down\\_");
        assert_eq!(escape_inline("C:\\temp"), "C:\\\\temp");
    }

    #[test]
    fn separators_guard_words_check_reads_as_time() {
        assert!(needs_separator("PM rollout"));
        assert!(needs_separator("EST"));
        assert!(needs_separator("5 pods"));
        assert!(!needs_separator("Rolled back"));
        assert!(!needs_separator("Checkout errors"));
        assert!(!needs_separator("Next day"));
        assert!(needs_separator("pm: rollout"));
    }
}
