//! The structure of a Markdown body: H2 sections, their first list and
//! table, and every link, each with its source line.
//!
//! This is analysis only; HTML comes from `markdown.rs`. Positions are kept as
//! byte ranges into the body so the renderer can leave out the parts that
//! templates draw in their own way (the timeline list, the whys, the action
//! item table).

use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};

use crate::markdown;

/// A body with its sections and links.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Body {
    /// Byte range of the text before the first H2.
    pub preamble: Range<usize>,
    pub sections: Vec<Section>,
    pub links: Vec<Link>,
}

/// One H2 section.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Section {
    pub title: String,
    /// The section key from config aliases, if the heading names one.
    pub key: Option<String>,
    /// File line of the heading.
    pub line: usize,
    /// Byte range of the heading line.
    pub heading: Range<usize>,
    /// Byte range of the content after the heading, up to the next H2.
    pub range: Range<usize>,
    /// True when the section holds something besides whitespace and comments.
    pub has_content: bool,
    /// Top-level lists in order.
    pub lists: Vec<List>,
    /// Top-level tables in order.
    pub tables: Vec<Table>,
}

impl Section {
    pub fn first_ordered_list(&self) -> Option<&List> {
        self.lists.iter().find(|l| l.ordered)
    }
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

/// Analyses a body. `key_for` maps an H2 title to a section key.
pub fn analyse(text: &str, first_line: usize, key_for: &dyn Fn(&str) -> Option<String>) -> Body {
    let mut lines = Lines::new(text, first_line);
    let mut body = Body { preamble: 0..text.len(), ..Body::default() };
    let mut list_depth = 0usize;
    let mut quote_depth = 0usize;
    // The heading being read and its line.
    let mut in_h2: Option<(Range<usize>, usize)> = None;
    let mut h2_text = String::new();
    let mut cur_item: Option<Item> = None;
    let mut item_depth = 0usize;
    let mut table: Option<Table> = None;
    let mut row: Option<Row> = None;
    let mut in_header = false;

    for (event, range) in markdown::parser(text).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level: HeadingLevel::H2, .. }) if list_depth == 0 && quote_depth == 0 => {
                in_h2 = Some((range.clone(), lines.line(range.start)));
                h2_text.clear();
            }
            Event::End(TagEnd::Heading(HeadingLevel::H2)) if in_h2.is_some() => {
                let (heading, line) = in_h2.take().unwrap_or_default();
                if body.sections.is_empty() {
                    body.preamble = 0..heading.start;
                } else if let Some(prev) = body.sections.last_mut() {
                    prev.range.end = heading.start;
                }
                let title = h2_text.trim().to_string();
                body.sections.push(Section {
                    key: key_for(&title),
                    title,
                    line,
                    range: heading.end..text.len(),
                    heading,
                    ..Section::default()
                });
            }
            Event::Text(t) | Event::Code(t) if in_h2.is_some() => h2_text.push_str(&t),
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

fn clean_cell(src: &str) -> String {
    let cell = src.trim().trim_matches('|').trim();
    if cell.contains('\\') {
        cell.replace("\\|", "|")
    } else {
        cell.to_string()
    }
}

/// Strips a list marker (`-`, `*`, `+`, `1.`, `1)`) and a task box.
fn strip_marker(src: &str, task: bool) -> String {
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

    #[test]
    fn nested_and_quoted_lists_are_not_top_level() {
        let text = "## A\n\n> - quoted\n\n1. one\n   - nested\n2. two\n";
        let b = analyse(text, 1, &key);
        assert_eq!(b.sections[0].lists.len(), 1);
        assert!(b.sections[0].lists[0].ordered);
        assert_eq!(b.sections[0].lists[0].items.len(), 2);
    }
}
