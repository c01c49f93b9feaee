//! The top-level blocks of a timeline section in the order they are
//! written: lists with their items, tables with their rows, paragraphs and
//! headings. Nested lists, block quotes and code are left alone: lines
//! indented under an item belong to that item.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::content::body::{clean_cell, strip_marker};
use crate::markdown;

/// One top-level block; ranges are relative to the section text.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Block {
    List { range: Range<usize>, items: Vec<Line> },
    Table { range: Range<usize>, header: Vec<String>, rows: Vec<(usize, Vec<String>)> },
    Paragraph { range: Range<usize>, line: usize },
    Heading { text: String },
}

/// A list item: its line and its Markdown without the marker.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Line {
    pub line: usize,
    pub text: String,
}

/// File lines of byte offsets in a text.
struct Lines {
    newlines: Vec<usize>,
    first: usize,
}

impl Lines {
    fn new(text: &str, first: usize) -> Lines {
        Lines { newlines: text.match_indices('\n').map(|(i, _)| i).collect(), first }
    }

    fn line(&self, offset: usize) -> usize {
        self.first + self.newlines.partition_point(|n| *n < offset)
    }
}

/// `range` without the whitespace at its end.
fn trimmed(text: &str, range: Range<usize>) -> Range<usize> {
    let end = range.start + text[range.clone()].trim_end().len();
    range.start..end
}

/// Reads the blocks of `text`, whose first line is file line `first_line`.
pub(super) fn read(text: &str, first_line: usize) -> Vec<Block> {
    let lines = Lines::new(text, first_line);
    let mut blocks = Vec::new();
    let mut depth = 0usize;
    let mut item: Option<(usize, Range<usize>, bool)> = None;
    let mut row: Option<(usize, Vec<String>)> = None;
    let mut in_head = false;
    let mut heading: Option<String> = None;
    for (event, range) in markdown::parser(text).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                if depth == 0 {
                    match tag {
                        Tag::List(_) => {
                            blocks.push(Block::List { range: trimmed(text, range.clone()), items: Vec::new() })
                        }
                        Tag::Table(_) => blocks.push(Block::Table {
                            range: trimmed(text, range.clone()),
                            header: Vec::new(),
                            rows: Vec::new(),
                        }),
                        Tag::Paragraph => blocks.push(Block::Paragraph {
                            range: trimmed(text, range.clone()),
                            line: lines.line(range.start),
                        }),
                        Tag::Heading { .. } => heading = Some(String::new()),
                        _ => {}
                    }
                } else if depth == 1 {
                    match (&tag, blocks.last()) {
                        (Tag::Item, Some(Block::List { .. })) => {
                            item = Some((lines.line(range.start), range.clone(), false));
                        }
                        (Tag::TableHead, Some(Block::Table { .. })) => {
                            in_head = true;
                            row = Some((lines.line(range.start), Vec::new()));
                        }
                        (Tag::TableRow, Some(Block::Table { .. })) => row = Some((lines.line(range.start), Vec::new())),
                        _ => {}
                    }
                } else if depth == 2 && matches!(tag, Tag::TableCell) {
                    if let Some((_, cells)) = row.as_mut() {
                        cells.push(clean_cell(&text[range.clone()]));
                    }
                }
                depth += 1;
            }
            Event::End(end) => {
                depth = depth.saturating_sub(1);
                match (depth, end) {
                    (0, TagEnd::Heading(_)) => {
                        if let Some(h) = heading.take() {
                            blocks.push(Block::Heading { text: h });
                        }
                    }
                    (1, TagEnd::Item) => {
                        if let (Some((line, r, task)), Some(Block::List { items, .. })) =
                            (item.take(), blocks.last_mut())
                        {
                            items.push(Line { line, text: strip_marker(&text[r], task) });
                        }
                    }
                    (1, TagEnd::TableHead) => {
                        in_head = false;
                        if let (Some((_, cells)), Some(Block::Table { header, .. })) = (row.take(), blocks.last_mut()) {
                            *header = cells;
                        }
                    }
                    (1, TagEnd::TableRow) if !in_head => {
                        if let (Some(r), Some(Block::Table { rows, .. })) = (row.take(), blocks.last_mut()) {
                            rows.push(r);
                        }
                    }
                    _ => {}
                }
            }
            Event::TaskListMarker(_) => {
                if let Some((_, _, task)) = item.as_mut() {
                    *task = true;
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = heading.as_mut() {
                    h.push_str(&t);
                }
            }
            _ => {}
        }
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_in_order_with_lines() {
        let text = "\nIntro.\n\n### Oct 21\n\n- 14:05 a\n  more of a\n  - nested\n- 14:10 b\n\n| Time | What |\n|---|---|\n| 14:20 | c |\n\n> 14:30 quoted\n";
        let blocks = read(text, 10);
        assert_eq!(blocks.len(), 4, "{blocks:?}");
        assert_eq!(blocks[0], Block::Paragraph { range: 1..7, line: 11 });
        assert_eq!(blocks[1], Block::Heading { text: "Oct 21".into() });
        let Block::List { range, items } = &blocks[2] else { panic!("{:?}", blocks[2]) };
        assert_eq!(&text[range.clone()], "- 14:05 a\n  more of a\n  - nested\n- 14:10 b");
        assert_eq!(items[0], Line { line: 15, text: "14:05 a\n  more of a\n  - nested".into() });
        assert_eq!(items[1].line, 18);
        let Block::Table { header, rows, .. } = &blocks[3] else { panic!() };
        assert_eq!(header, &["Time", "What"]);
        assert_eq!(rows, &[(22, vec!["14:20".to_string(), "c".to_string()])]);
    }
}
