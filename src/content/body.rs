//! The structure of a Markdown body: its sections, their lists and tables,
//! and every link, each with its source line.
//!
//! A section opens at a heading of level 2 to 4 whose text names a section
//! key (`### Root causes`), at any other level-2 heading (a section without
//! a key), or at a paragraph that opens with a bold label such as
//! `**Impact:** …` naming a key. A heading section runs to the next heading
//! of the same or a higher level, or to the next recognised one; a deeper
//! heading that names no key stays inside it. A bold-label section runs to
//! the next heading or bold label. Level-1 headings open a section only when
//! they name a key (documents exported from Google Docs use them so).
//!
//! This is analysis only; HTML comes from `markdown.rs`. Positions are kept as
//! byte ranges into the body so the renderer can leave out the parts that
//! templates draw in their own way (the timeline list, the whys, the action
//! item table).

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::markdown;

/// A body with its sections and links.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Body {
    /// Byte range of the text before the first H2.
    pub preamble: Range<usize>,
    pub sections: Vec<Section>,
    pub links: Vec<Link>,
}

/// One section.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Section {
    /// The heading or bold label's text, as written (without `:`).
    pub title: String,
    /// The heading level (1 to 4); 0 for a section opened by a bold label,
    /// whose label stays in its text, or for the text after one.
    pub level: u8,
    /// The section key from config aliases, if the heading names one.
    pub key: Option<String>,
    /// File line of the heading.
    pub line: usize,
    /// Byte range of the heading line; empty (at the section's start) for a
    /// bold-label section, whose label is part of the content.
    pub heading: Range<usize>,
    /// Byte range of the content after the heading, up to the next section.
    pub range: Range<usize>,
    /// True when the section holds something besides whitespace and comments.
    pub has_content: bool,
    /// Top-level lists in order.
    pub lists: Vec<List>,
    /// Top-level tables in order.
    pub tables: Vec<Table>,
}

/// A top-level list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct List {
    pub range: Range<usize>,
    pub ordered: bool,
    pub items: Vec<Item>,
}

/// One list item.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Item {
    pub line: usize,
    pub range: Range<usize>,
    /// The item's Markdown without its marker (and task box), trimmed.
    pub text: String,
    /// `Some` for task list items: whether the box is ticked.
    pub checked: Option<bool>,
}

/// A table with its header cells and rows of cell source text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    pub range: Range<usize>,
    pub header: Vec<String>,
    pub rows: Vec<Row>,
}

/// A table row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Row {
    pub line: usize,
    pub cells: Vec<String>,
}

/// A link or image destination.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub dest: String,
    pub line: usize,
    pub column: usize,
}

/// Maps byte offsets in a body to file lines and columns, counting the
/// newlines between the offset asked for and the one before: the parser's
/// events come in order, so a body is scanned about once.
struct Lines<'a> {
    text: &'a str,
    /// The last offset asked for, and its line.
    offset: usize,
    line: usize,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str, first_line: usize) -> Lines<'a> {
        Lines { text, offset: 0, line: first_line }
    }

    /// File line (1-based) of a byte offset: the first line plus the
    /// newlines before it.
    fn line(&mut self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        let bytes = self.text.as_bytes();
        if offset >= self.offset {
            self.line += newlines(&bytes[self.offset..offset]);
        } else {
            self.line -= newlines(&bytes[offset..self.offset]);
        }
        self.offset = offset;
        self.line
    }

    /// File line (1-based) and column (1-based, in chars) of a byte offset.
    fn at(&mut self, offset: usize) -> (usize, usize) {
        let line = self.line(offset);
        let before = &self.text.as_bytes()[..offset.min(self.text.len())];
        let start = before.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
        let col = self.text.get(start..offset).map(|s| s.chars().count()).unwrap_or(0) + 1;
        (line, col)
    }
}

fn newlines(bytes: &[u8]) -> usize {
    // Counting 32 bytes at a time into a `u8` lets the compiler use SIMD.
    let mut chunks = bytes.chunks_exact(32);
    let mut n: usize = (&mut chunks).map(|c| usize::from(c.iter().map(|b| u8::from(*b == b'\n')).sum::<u8>())).sum();
    n += chunks.remainder().iter().filter(|b| **b == b'\n').count();
    n
}

/// A heading being read: its range, level and line.
struct OpenHeading {
    range: Range<usize>,
    level: u8,
    line: usize,
}

/// A top-level paragraph being read, to find a bold label at its start.
#[derive(Default)]
struct OpenParagraph {
    start: usize,
    line: usize,
    /// The events seen so far: 0 before anything, 1 inside the opening
    /// `**`, 2 after it, 3 when the paragraph does not open with one.
    stage: u8,
    label: String,
    /// Text right after the label, up to 2 chars, to see a `:` there.
    after: String,
}

/// Analyses a body. `key_for` maps a heading or bold label to a section key.
pub fn analyse(text: &str, first_line: usize, key_for: &dyn Fn(&str) -> Option<String>) -> Body {
    let mut lines = Lines::new(text, first_line);
    let mut body = Body { preamble: 0..text.len(), ..Body::default() };
    let mut list_depth = 0usize;
    let mut quote_depth = 0usize;
    let mut heading: Option<OpenHeading> = None;
    let mut heading_text = String::new();
    let mut para: Option<OpenParagraph> = None;
    let mut cur_item: Option<Item> = None;
    let mut item_depth = 0usize;
    let mut table: Option<Table> = None;
    let mut row: Option<Row> = None;
    let mut in_header = false;

    for (event, range) in markdown::parser(text).into_offset_iter() {
        if let Some(p) = para.as_mut() {
            match (&event, p.stage) {
                (Event::Start(Tag::Strong), 0) => p.stage = 1,
                (Event::End(TagEnd::Strong), 1) => p.stage = 2,
                (Event::Text(t) | Event::Code(t), 1) => p.label.push_str(t),
                (Event::Text(t), 2) if p.after.len() < 2 => p.after.push_str(t),
                (Event::End(TagEnd::Paragraph), _) => {}
                (_, 0) => p.stage = 3,
                _ => {}
            }
        }
        match event {
            Event::Start(Tag::Heading { level, .. }) if list_depth == 0 && quote_depth == 0 => {
                heading = Some(OpenHeading { range: range.clone(), level: level as u8, line: lines.line(range.start) });
                heading_text.clear();
            }
            Event::End(TagEnd::Heading(_)) if heading.is_some() => {
                let h = heading.take().expect("checked above");
                let title = heading_text.trim().to_string();
                let key = if h.level <= 4 { key_for(&title) } else { None };
                let current = body.sections.last().map(|s| (s.level, s.key.is_some()));
                let opens = match (key.is_some(), h.level, current) {
                    (true, _, _) => true,
                    (false, 2, _) => true,
                    // An unnamed heading closes a section of its level or deeper.
                    (false, level, Some((open, true))) => level <= 4 && (open == 0 || level <= open),
                    (false, 1, Some(_)) => true,
                    _ => false,
                };
                if opens {
                    open_section(&mut body, text, h.range.clone(), h.range.end, title, key, h.level, h.line);
                }
            }
            Event::Text(t) | Event::Code(t) if heading.is_some() => heading_text.push_str(&t),
            Event::Start(Tag::Paragraph) if list_depth == 0 && quote_depth == 0 => {
                para = Some(OpenParagraph {
                    start: range.start,
                    line: lines.line(range.start),
                    ..OpenParagraph::default()
                });
            }
            Event::End(TagEnd::Paragraph) if para.is_some() => {
                let p = para.take().expect("checked above");
                let label = p.label.trim();
                let colon = label.ends_with(':') || p.after.starts_with(':');
                if p.stage == 2 && colon && !label.trim_end_matches(':').trim().is_empty() {
                    let title = label.trim_end_matches(':').trim().to_string();
                    let key = key_for(&title);
                    let in_label_section = body.sections.last().is_some_and(|s| s.level == 0);
                    if key.is_some() || in_label_section {
                        open_section(&mut body, text, p.start..p.start, p.start, title, key, 0, p.line);
                    }
                }
            }
            Event::Start(Tag::BlockQuote(_)) => quote_depth += 1,
            Event::End(TagEnd::BlockQuote(_)) => quote_depth = quote_depth.saturating_sub(1),
            Event::Start(Tag::List(first)) => {
                list_depth += 1;
                if list_depth == 1 && quote_depth == 0 {
                    if let Some(s) = body.sections.last_mut() {
                        s.lists.push(List { range: range.clone(), ordered: first.is_some(), items: Vec::new() });
                    }
                }
            }
            Event::End(TagEnd::List(_)) => list_depth = list_depth.saturating_sub(1),
            Event::Start(Tag::Item) => {
                item_depth += 1;
                if list_depth == 1 && item_depth == 1 && quote_depth == 0 {
                    cur_item = Some(Item { line: lines.line(range.start), range: range.clone(), ..Item::default() });
                }
            }
            Event::TaskListMarker(checked) => {
                if let Some(item) = cur_item.as_mut().filter(|_| item_depth == 1) {
                    item.checked = Some(checked);
                }
            }
            Event::End(TagEnd::Item) => {
                if item_depth == 1 {
                    if let Some(mut item) = cur_item.take() {
                        item.text = strip_marker(&text[item.range.clone()], item.checked.is_some());
                        if let Some(list) = body.sections.last_mut().and_then(|s| s.lists.last_mut()) {
                            list.items.push(item);
                        }
                    }
                }
                item_depth = item_depth.saturating_sub(1);
            }
            Event::Start(Tag::Table(_)) if list_depth == 0 && quote_depth == 0 => {
                table = Some(Table { range: range.clone(), ..Table::default() });
            }
            Event::End(TagEnd::Table) => {
                if let (Some(t), Some(s)) = (table.take(), body.sections.last_mut()) {
                    s.tables.push(t);
                }
            }
            Event::Start(Tag::TableHead) => {
                in_header = true;
                row = Some(Row { line: lines.line(range.start), cells: Vec::new() });
            }
            Event::End(TagEnd::TableHead) => {
                in_header = false;
                if let (Some(r), Some(t)) = (row.take(), table.as_mut()) {
                    t.header = r.cells;
                }
            }
            Event::Start(Tag::TableRow) => row = Some(Row { line: lines.line(range.start), cells: Vec::new() }),
            Event::End(TagEnd::TableRow) if !in_header => {
                if let (Some(r), Some(t)) = (row.take(), table.as_mut()) {
                    t.rows.push(r);
                }
            }
            Event::Start(Tag::TableCell) => {
                if let Some(r) = row.as_mut() {
                    r.cells.push(clean_cell(&text[range.clone()]));
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. }) => {
                let (line, column) = lines.at(range.start);
                body.links.push(Link { dest: dest_url.to_string(), line, column });
            }
            _ => {}
        }
    }
    for s in &mut body.sections {
        s.has_content = has_content(&text[s.range.clone()]);
    }
    body
}

/// Closes the section before and opens one; `heading` is left out of the
/// section's content, which starts at `content_start`.
#[allow(clippy::too_many_arguments)] // one call per way to open a section
fn open_section(
    body: &mut Body,
    text: &str,
    heading: Range<usize>,
    content_start: usize,
    title: String,
    key: Option<String>,
    level: u8,
    line: usize,
) {
    if body.sections.is_empty() {
        body.preamble = 0..heading.start;
    } else if let Some(prev) = body.sections.last_mut() {
        prev.range.end = heading.start;
    }
    body.sections.push(Section {
        key,
        title,
        level,
        line,
        range: content_start..text.len(),
        heading,
        ..Section::default()
    });
}

/// A table cell's source text, trimmed, with `\\|` unescaped.
pub(crate) fn clean_cell(src: &str) -> String {
    let cell = src.trim().trim_matches('|').trim();
    if cell.contains('\\') {
        cell.replace("\\|", "|")
    } else {
        cell.to_string()
    }
}

/// Strips a list marker (`-`, `*`, `+`, `1.`, `1)`) and a task box.
pub(crate) fn strip_marker(src: &str, task: bool) -> String {
    let s = src.trim_start();
    let s = if let Some(rest) = s.strip_prefix(['-', '*', '+']) {
        rest
    } else {
        let digits = s.chars().take_while(|c| c.is_ascii_digit()).count();
        let rest = &s[digits..];
        rest.strip_prefix(['.', ')']).unwrap_or(s)
    };
    let mut s = s.trim_start();
    if task {
        if let Some(close) = s.find(']').filter(|_| s.starts_with('[')) {
            s = s[close + 1..].trim_start();
        }
    }
    s.trim_end().to_string()
}

/// Whether text holds more than whitespace and HTML comments.
pub fn has_content(text: &str) -> bool {
    let mut rest = text;
    loop {
        let t = rest.trim_start();
        if t.is_empty() {
            return false;
        }
        if !t.starts_with("<!--") {
            return true;
        }
        // Searched from the `<!--`, so `<!-->` closes itself.
        match t.find("-->") {
            Some(end) => rest = &t[end + 3..],
            None => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(t: &str) -> Option<String> {
        match t.to_lowercase().as_str() {
            "timeline" => Some("timeline".into()),
            "summary" => Some("summary".into()),
            _ => None,
        }
    }

    #[test]
    fn sections_lists_tables_and_lines() {
        let text = "Intro.\n\n## Summary\n\nIt broke.\n\n## Timeline\n\n- 14:05 one\n- 14:10 two\n  more\n\n| Time | What |\n|---|---|\n| 14:20 | three |\n\n## Notes\n\n<!-- nothing -->\n";
        let b = analyse(text, 10, &key);
        assert_eq!(&text[b.preamble.clone()], "Intro.\n\n");
        assert_eq!(b.sections.len(), 3);
        let tl = &b.sections[1];
        assert_eq!(tl.key.as_deref(), Some("timeline"));
        assert_eq!(tl.line, 16);
        assert_eq!(tl.lists[0].items.len(), 2);
        assert_eq!(tl.lists[0].items[0].text, "14:05 one");
        assert_eq!(tl.lists[0].items[0].line, 18);
        assert_eq!(tl.lists[0].items[1].text, "14:10 two\n  more");
        assert_eq!(tl.tables[0].header, vec!["Time", "What"]);
        assert_eq!(tl.tables[0].rows[0].cells, vec!["14:20", "three"]);
        assert_eq!(tl.tables[0].rows[0].line, 24);
        assert!(!b.sections[2].has_content);
        assert!(b.sections[0].has_content);
    }

    #[test]
    fn task_items_and_links() {
        let text = "## A\n\n- [x] done [t](https://x/1)\n- [ ] open\n\nSee [r](../runbooks/a.md).\n";
        let b = analyse(text, 1, &key);
        let items = &b.sections[0].lists[0].items;
        assert_eq!(items[0].checked, Some(true));
        assert_eq!(items[0].text, "done [t](https://x/1)");
        assert_eq!(items[1].checked, Some(false));
        assert_eq!(b.links.len(), 2);
        assert_eq!(b.links[1], Link { dest: "../runbooks/a.md".into(), line: 6, column: 5 });
    }

    /// Line and column as found before, from a table of line starts.
    fn reference_at(text: &str, first_line: usize, offset: usize) -> (usize, usize) {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let idx = starts.partition_point(|s| *s <= offset).saturating_sub(1);
        let col = text.get(starts[idx]..offset).map(|s| s.chars().count()).unwrap_or(0) + 1;
        (idx + first_line, col)
    }

    #[test]
    fn lines_and_columns_in_any_order() {
        let text = "a\nbé c\n\n".repeat(40) + "a last line with no newline";
        let ends = text.len() + 3;
        let mut lines = Lines::new(&text, 7);
        let forwards = 0..ends;
        let backwards = (0..ends).rev();
        let jumps = [0, 1, 2, 5, 3, 100, 40, 41, 250, text.len(), text.len() + 10, 0, 4, 33, 32, 31, 64];
        for offset in forwards.chain(backwards).chain(jumps) {
            assert_eq!(lines.at(offset), reference_at(&text, 7, offset), "offset {offset}");
            assert_eq!(lines.line(offset), reference_at(&text, 7, offset).0, "offset {offset}");
        }
    }

    /// `has_content` as written before.
    fn reference_has_content(text: &str) -> bool {
        let mut rest = text;
        while let Some(start) = rest.find("<!--") {
            if !rest[..start].trim().is_empty() {
                return true;
            }
            match rest[start..].find("-->") {
                Some(end) => rest = &rest[start + end + 3..],
                None => return false,
            }
        }
        !rest.trim().is_empty()
    }

    #[test]
    fn content_is_anything_but_space_and_comments() {
        for text in [
            "",
            " \n\t",
            "x",
            "  <!-- a -->",
            "<!-- a --> x",
            "<!-- a",
            "<!-->",
            "<!-->x",
            "<!--->",
            "<!-- a --> <!-- b -->\n",
            "<!-- a --> <!-- b",
            "x <!-- a",
            "\u{a0}<!-- a -->",
            "<!-- <!-- --> -->",
            "<!- x -->",
            "-->",
            "<!-- a -->\u{3000}",
        ] {
            assert_eq!(has_content(text), reference_has_content(text), "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn content_test_agrees_with_the_old_one(pieces in proptest::collection::vec(
            proptest::sample::select(&["<!--", "-->", "<!-", "--", ">", " ", "\n", "x", "\u{a0}", "-"][..]), 0..8)) {
            let text = pieces.concat();
            proptest::prop_assert_eq!(has_content(&text), reference_has_content(&text), "{:?}", text);
        }
    }

    fn config_key(t: &str) -> Option<String> {
        crate::config::SectionConfig::postmortem().key_for(t).map(str::to_string)
    }

    fn outline(b: &Body) -> Vec<(String, Option<String>, u8)> {
        b.sections.iter().map(|s| (s.title.clone(), s.key.clone(), s.level)).collect()
    }

    #[test]
    fn sections_open_at_levels_two_to_four() {
        let text = "# Outage of the week\n\nIntro.\n\n## Summary\n\nIt broke.\n\n### Timeline (all times UTC)\n\n- 14:05 one\n\n#### Notes on the graph\n\nStill timeline.\n\n### Unrelated aside\n\nProse.\n\n## Appendix\n\n### Root Cause(s):\n\n1. why\n";
        let b = analyse(text, 1, &config_key);
        let o = outline(&b);
        assert_eq!(
            o,
            vec![
                ("Summary".into(), Some("summary".into()), 2),
                ("Timeline (all times UTC)".into(), Some("timeline".into()), 3),
                ("Unrelated aside".into(), None, 3),
                ("Appendix".into(), None, 2),
                ("Root Cause(s):".into(), Some("root-cause".into()), 3),
            ]
        );
        assert!(text[b.preamble.clone()].starts_with("# Outage of the week"));
        assert!(text[b.sections[1].range.clone()].contains("Still timeline."));
        assert_eq!(b.sections[1].lists.len(), 1);
        assert_eq!(b.sections[4].lists[0].items.len(), 1);
    }

    #[test]
    fn bold_labels_open_sections() {
        let text = "**Summary:** The sonnet service fell over.\n\n**Impact**: 1.2 billion queries lost.\n\n**Trigger:** a latent bug.\n\n**Root causes:**\n\n1. why one\n2. why two\n\nSome **bold:** text later.\n\n## Timeline\n\n**Note:** times are UTC.\n\n- 14:05 x\n";
        let b = analyse(text, 1, &config_key);
        let o = outline(&b);
        assert_eq!(
            o,
            vec![
                ("Summary".into(), Some("summary".into()), 0),
                ("Impact".into(), Some("impact".into()), 0),
                ("Trigger".into(), None, 0),
                ("Root causes".into(), Some("root-cause".into()), 0),
                ("Timeline".into(), Some("timeline".into()), 2),
            ]
        );
        // The label stays in the section's text.
        assert_eq!(&text[b.sections[0].range.clone()], "**Summary:** The sonnet service fell over.\n\n");
        assert_eq!(b.sections[0].heading, 0..0);
        assert_eq!(b.sections[3].lists[0].items.len(), 2);
        assert!(text[b.sections[3].range.clone()].contains("Some **bold:** text later."));
        assert!(
            text[b.sections[4].range.clone()].contains("**Note:**"),
            "an unknown label inside a heading section is text"
        );
    }

    #[test]
    fn nested_and_quoted_lists_are_not_top_level() {
        let text = "## A\n\n> - quoted\n\n1. one\n   - nested\n2. two\n";
        let b = analyse(text, 1, &key);
        assert_eq!(b.sections[0].lists.len(), 1);
        assert!(b.sections[0].lists[0].ordered);
        assert_eq!(b.sections[0].lists[0].items.len(), 2);
    }
}
