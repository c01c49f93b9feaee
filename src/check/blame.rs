//! `blame-language`: phrases from `blameless.phrases` in a post-mortem's text.
//!
//! Post-mortems describe systems and conditions, not people's failings. The
//! scan is case-insensitive and skips what is quoted as code (fenced blocks,
//! inline code spans) and HTML comments, where a phrase is usually a log line
//! or guidance to the author. Runbooks and phone lists are not scanned: they
//! may name "human error" as a risk to design out, which is not blame.

use crate::content::{Document, Kind};
use crate::diagnostic::Diagnostic;

use super::Context;

pub(crate) fn check(cx: &Context, doc: &Document, out: &mut Vec<Diagnostic>) {
    if doc.kind != Kind::Postmortem || cx.config.blame_phrases.is_empty() {
        return;
    }
    // Most post-mortems hold no phrase at all: a cheap whole-text search
    // first, before the phrases are made ready for the line by line scan.
    let lower = doc.body_text().to_lowercase();
    let found = |p: &String| {
        let p = p.trim();
        !p.is_empty() && (p.bytes().any(|b| b.is_ascii_uppercase() || !b.is_ascii()) || lower.contains(p))
    };
    if !cx.config.blame_phrases.iter().any(found) {
        return;
    }
    let phrases: Vec<(String, Vec<char>)> = cx
        .config
        .blame_phrases
        .iter()
        .map(|p| p.trim().to_lowercase())
        .filter(|p| !p.is_empty())
        .map(|p| (p.clone(), p.chars().collect()))
        .collect();
    let mut masker = Masker::default();
    for (i, line) in doc.body_text().lines().enumerate() {
        let chars = masker.visible(line);
        for (phrase, wanted) in &phrases {
            for column in find_all(&chars, wanted) {
                out.push(
                    Diagnostic::new(
                        "blame-language",
                        &doc.file,
                        doc.body_line + i,
                        format!("`{phrase}` puts the cause on a person"),
                    )
                    .column(column + 1)
                    .hint("describe the system and the conditions that made the mistake possible, not the person"),
                );
            }
        }
    }
}

/// Lowercased chars of a line with masked parts as `None`, one per char of
/// the original line so indexes are columns.
type Visible = Vec<Option<char>>;

/// Tracks fenced code blocks and comments across lines.
#[derive(Default)]
struct Masker {
    /// The fence that opened the current code block: its char and length.
    fence: Option<(char, usize)>,
    in_comment: bool,
}

impl Masker {
    fn visible(&mut self, line: &str) -> Visible {
        let chars: Vec<char> = line.chars().collect();
        let trimmed = line.trim_start();
        let fence_char = trimmed.chars().next().filter(|c| *c == '`' || *c == '~');
        if let Some(c) = fence_char {
            let len = trimmed.chars().take_while(|x| *x == c).count();
            // A backtick fence's info string never holds a backtick (CommonMark).
            let info_ok = c == '~' || !trimmed.trim_start_matches('`').contains('`');
            if len >= 3 && info_ok && !self.in_comment {
                match self.fence {
                    None => self.fence = Some((c, len)),
                    Some((open, open_len))
                        if open == c && len >= open_len && trimmed.trim_end().chars().all(|x| x == c) =>
                    {
                        self.fence = None
                    }
                    Some(_) => {}
                }
                return vec![None; chars.len()];
            }
        }
        if self.fence.is_some() {
            return vec![None; chars.len()];
        }
        let mut out: Visible = Vec::with_capacity(chars.len());
        let mut i = 0;
        while i < chars.len() {
            if self.in_comment {
                if starts_with(&chars[i..], "-->") {
                    self.in_comment = false;
                    out.extend([None; 3]);
                    i += 3;
                } else {
                    out.push(None);
                    i += 1;
                }
            } else if starts_with(&chars[i..], "<!--") {
                self.in_comment = true;
                out.extend([None; 4]);
                i += 4;
            } else if chars[i] == '`' {
                let run = chars[i..].iter().take_while(|c| **c == '`').count();
                let close = (i + run..chars.len()).find(|&j| {
                    chars[j..].iter().take_while(|c| **c == '`').count() == run && (j == 0 || chars[j - 1] != '`')
                });
                // An unclosed run is literal backticks, not code.
                let end = close.map_or(i + run, |j| j + run);
                out.extend(std::iter::repeat_n(None, end - i));
                i = end;
            } else {
                let c = chars[i];
                let mut lower = c.to_lowercase();
                out.push(Some(if lower.len() == 1 { lower.next().unwrap_or(c) } else { c }));
                i += 1;
            }
        }
        out
    }
}

fn starts_with(chars: &[char], s: &str) -> bool {
    let mut it = chars.iter();
    s.chars().all(|c| it.next() == Some(&c))
}

/// Char indexes where `wanted` starts at a word boundary in `text`.
fn find_all(text: &Visible, wanted: &[char]) -> Vec<usize> {
    if wanted.is_empty() || text.len() < wanted.len() {
        return Vec::new();
    }
    (0..=text.len() - wanted.len())
        .filter(|&i| {
            let boundary = i == 0 || !text[i - 1].is_some_and(char::is_alphanumeric);
            boundary && wanted.iter().enumerate().all(|(k, w)| text[i + k] == Some(*w))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::check::testing::*;
    use crate::config::Config;
    use crate::diagnostic::Level;

    const F: &str = "content/incidents/a.md";

    fn impact(text: &str) -> String {
        PM.replace("Writes failed for an hour.", text)
    }

    #[test]
    fn phrase_fires_with_line_and_column() {
        let found = rule(&[(F, &impact("Writes failed. Root cause: Human Error by the DBA."))], "blame-language");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 18);
        assert_eq!(found[0].column, 28);
        assert_eq!(found[0].message, "`human error` puts the cause on a person");
        assert_eq!(found[0].level, Level::Warning);
        assert!(rule(&[(F, PM)], "blame-language").is_empty());
    }

    #[test]
    fn every_occurrence_counts() {
        let found = rule(&[(F, &impact("Careless. Really careless, and carelessly so."))], "blame-language");
        assert_eq!(found.iter().map(|d| d.column).collect::<Vec<_>>(), vec![1, 18, 32]);
    }

    #[test]
    fn code_and_comments_are_skipped() {
        let text = impact("The log said `human error` here.\n\n```\nhuman error\n```\n\n<!-- avoid\nhuman error -->\n\n~~~~\n```\ncareless\n~~~~");
        assert!(rule(&[(F, &text)], "blame-language").is_empty());
        let after = format!("{text}\n\nThen human error.\n");
        assert_eq!(rule(&[(F, &after)], "blame-language").len(), 1);
    }

    #[test]
    fn word_boundaries_and_config_phrases() {
        assert!(rule(&[(F, &impact("Inhuman errors."))], "blame-language").is_empty());
        let config =
            Config::parse("blameless: { phrases: [\"Operator Error\"] }\n", "warroom.yaml").expect("valid config");
        let text = impact("An operator error and human error.");
        let found = rule_with(&[(F, &text)], "blame-language", &config);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].column, 4);
    }

    #[test]
    fn runbooks_are_not_scanned() {
        let text = RUNBOOK.replace("Writes succeed.", "Automation removes human error.");
        assert!(rule(&[("content/runbooks/r.md", &text)], "blame-language").is_empty());
    }

    #[test]
    fn unclosed_backticks_and_unicode_do_not_panic() {
        let text = impact("``` not a fence `` İstanbul human error ẞ `x");
        assert_eq!(rule(&[(F, &text)], "blame-language").len(), 1);
    }
}
