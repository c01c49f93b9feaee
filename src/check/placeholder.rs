//! `placeholder`: text that is still the skeleton's own.
//!
//! `warroom new` writes skeletons full of guidance ("_What happened, in two
//! or three sentences…_", "Answer here.", an owner `@you`) and phone lists
//! with numbers from the ranges reserved for fiction. A document that keeps
//! any of it is not finished, whatever its `status` says. The guidance is
//! read from the shipped skeletons themselves (`include_str!`), so a new
//! skeleton sentence is known without being typed twice.
//!
//! Found: a paragraph that is all guidance, a skeleton "Describe …" line,
//! "Answer here.", `@you`, and the words TODO, TBD and FIXME (upper case,
//! whole words) in the body and in front matter values; in phone lists also
//! numbers in the reserved fictional ranges and `example.com`-style
//! addresses. Code (fenced blocks, inline spans) and HTML comments are not
//! read: a `TODO` in a runbook's script is code, and a comment is invisible.
//!
//! One finding per cause: a required section holding nothing but guidance
//! gets the placeholder finding only, so `empty-section`, `too-few-whys` and
//! `no-action-items` at its heading are dropped.

use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::OnceLock;

use aho_corasick::AhoCorasick;

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::content::body::has_content;
use crate::content::contacts::Contact;
use crate::content::{Document, Kind};
use crate::diagnostic::{Diagnostic, Level};
use crate::markdown;

use super::{shorten, Context};

/// The skeletons `warroom new` writes.
const SKELETONS: &[&str] = &[
    include_str!("../scaffold/new/incident.md"),
    include_str!("../scaffold/new/runbook.md"),
    include_str!("../scaffold/new/contacts.md"),
];

/// Front matter values of the skeletons that name nothing real yet.
const SKELETON_VALUES: &[&str] = &["example-service", "@your-team"];

/// Words that mark text as unfinished.
const MARKERS: &[&str] = &["TODO", "TBD", "FIXME"];

const ANSWER_HERE: &str = "Answer here.";

/// Rules that would report a guidance-only section a second time.
const SAME_CAUSE: &[&str] = &["empty-section", "too-few-whys", "no-action-items"];

/// What the skeletons say to the author, read once.
#[derive(Debug)]
struct Guidance {
    /// Whole guidance paragraphs (the italic ones), whitespace collapsed.
    paragraphs: BTreeSet<String>,
    /// Skeleton lines that open with "Describe ", as written.
    describe: Vec<String>,
    /// Everything [`may_hold_placeholders`] looks for, found in one pass.
    quick: AhoCorasick,
}

fn guidance() -> &'static Guidance {
    static GUIDANCE: OnceLock<Guidance> = OnceLock::new();
    GUIDANCE.get_or_init(|| {
        let mut paragraphs = BTreeSet::new();
        let mut describe: Vec<String> = Vec::new();
        for skeleton in SKELETONS {
            let body = skeleton.splitn(3, "---\n").nth(2).unwrap_or(skeleton);
            for block in blocks(body) {
                if block.all_emphasis && !block.text.contains("{{") {
                    paragraphs.insert(block.text);
                }
            }
            let mut emphasis = 0usize;
            for event in markdown::parser(body) {
                match event {
                    Event::Start(Tag::Emphasis) => emphasis += 1,
                    Event::End(TagEnd::Emphasis) => emphasis = emphasis.saturating_sub(1),
                    Event::Text(t) if emphasis == 0 => {
                        if let Some(i) = word_at(&t, "Describe ") {
                            let line = t[i..].trim().to_string();
                            if !line.contains("{{") && !describe.contains(&line) {
                                describe.push(line);
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        let mut looked_for: Vec<&str> = MARKERS.to_vec();
        looked_for.extend(["@you", ANSWER_HERE, "Describe "]);
        looked_for.extend(paragraphs.iter().map(|p| opening(p)));
        let quick = AhoCorasick::new(&looked_for).expect("fixed patterns build");
        Guidance { paragraphs, describe, quick }
    })
}

/// A paragraph's readable text and whether all of it is emphasised.
struct Block {
    range: Range<usize>,
    text: String,
    all_emphasis: bool,
}

/// The paragraphs of a Markdown text.
fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut cur: Option<Block> = None;
    let mut emphasis = 0usize;
    for (event, range) in markdown::parser(text).into_offset_iter() {
        match event {
            Event::Start(Tag::Paragraph) => {
                cur = Some(Block { range, text: String::new(), all_emphasis: true });
            }
            Event::End(TagEnd::Paragraph) => {
                if let Some(mut b) = cur.take() {
                    b.text = b.text.split_whitespace().collect::<Vec<_>>().join(" ");
                    b.all_emphasis &= !b.text.is_empty();
                    out.push(b);
                }
            }
            Event::Start(Tag::Emphasis) => emphasis += 1,
            Event::End(TagEnd::Emphasis) => emphasis = emphasis.saturating_sub(1),
            Event::Text(t) | Event::Code(t) => {
                if let Some(b) = cur.as_mut() {
                    b.text.push_str(&t);
                    if emphasis == 0 && !t.trim().is_empty() {
                        b.all_emphasis = false;
                    }
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(b) = cur.as_mut() {
                    b.text.push(' ');
                }
            }
            Event::InlineHtml(_) | Event::Html(_) => {}
            _ => {
                if let Some(b) = cur.as_mut().filter(|_| emphasis == 0) {
                    // Links, images and the like are the author's own text.
                    if matches!(event, Event::Start(Tag::Link { .. } | Tag::Image { .. })) {
                        b.all_emphasis = false;
                    }
                }
            }
        }
    }
    out
}

/// Whether a paragraph is guidance: a skeleton paragraph, or any paragraph
/// that is all emphasis and opens with "Describe ".
fn is_guidance(block: &Block) -> bool {
    block.all_emphasis && (guidance().paragraphs.contains(&block.text) || block.text.starts_with("Describe "))
}

/// Byte index of `word` in `text` where it starts a word.
fn word_at(text: &str, word: &str) -> Option<usize> {
    text.match_indices(word).map(|(i, _)| i).find(|&i| !text[..i].chars().next_back().is_some_and(is_word_char))
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Every placeholder in a piece of plain text: `(byte offset, text found,
/// hint)`. `@you` and the markers must stand as whole words.
fn find_in_text(text: &str) -> Vec<(usize, String, &'static str)> {
    // Every pattern at once: the markers, `@you`, "Answer here." and the
    // skeletons' "Describe …" lines, in one pass over the text.
    static PATTERNS: OnceLock<(AhoCorasick, Vec<String>)> = OnceLock::new();
    let (searcher, patterns) = PATTERNS.get_or_init(|| {
        let patterns: Vec<String> = MARKERS
            .iter()
            .map(|m| m.to_string())
            .chain(["@you".to_string(), ANSWER_HERE.to_string()])
            .chain(guidance().describe.iter().cloned())
            .collect();
        (AhoCorasick::new(&patterns).expect("fixed patterns build"), patterns)
    });
    let mut found = Vec::new();
    let whole = |i: usize, len: usize, tail: &dyn Fn(char) -> bool| {
        !text[..i].chars().next_back().is_some_and(is_word_char) && !text[i + len..].chars().next().is_some_and(tail)
    };
    for m in searcher.find_overlapping_iter(text) {
        let (i, p) = (m.start(), m.pattern().as_usize());
        let pattern = &patterns[p];
        if p < MARKERS.len() {
            if whole(i, pattern.len(), &is_word_char) {
                found.push((i, pattern.clone(), "write what it stands for, or delete it"));
            }
        } else if p == MARKERS.len() {
            if whole(i, 4, &|c| is_word_char(c) || c == '-' || c == '.') {
                found.push((i, pattern.clone(), "name the owner: `@handle` of the person who will do it"));
            }
        } else if p == MARKERS.len() + 1 {
            found.push((i, pattern.clone(), "write the answer to the question before it"));
        } else {
            found.push((i, pattern.clone(), "write what happened in its place"));
        }
    }
    found.sort();
    found
}

pub(crate) fn check(cx: &Context, doc: &Document, out: &mut Vec<Diagnostic>) {
    if doc.data.is_none() {
        return;
    }
    let relax = doc.kind == Kind::Postmortem && doc.postmortem().is_none_or(|p| p.is_draft());
    let mut found = Vec::new();
    front_matter(doc, &mut found);
    let guidance_ranges = body(doc, &mut found);
    if let Some(c) = doc.contacts() {
        for contact in c.groups.iter().flat_map(|g| &g.contacts) {
            fictional(doc, contact, &mut found);
        }
    }
    if cx.config.rule_level("placeholder", Level::Error).is_some() {
        drop_same_cause(doc, &guidance_ranges, out);
        // The skeleton's own action item row (`@you`, due the day it was
        // made) is one unfinished row, not also an overdue or ownerless one.
        let lines: Vec<usize> = found.iter().map(|d| d.line).collect();
        // So is a template's timeline row of `HH:MM` (no time to read).
        out.retain(|d| {
            !(d.file == doc.file
                && (d.rule.starts_with("action-item-") || d.rule == "timeline-entry-invalid")
                && lines.contains(&d.line))
        });
        // `severity: TODO`, as `warroom import` writes for a field left to
        // fill, is a placeholder rather than an unknown severity.
        // In a draft the placeholder is only a warning, while a required
        // field left `TODO` must still fail: there the field's own error
        // stays and is the one finding.
        let front: Vec<usize> = lines.into_iter().filter(|l| *l < doc.body_line).collect();
        if relax {
            let invalid: Vec<usize> = out
                .iter()
                .filter(|d| d.file == doc.file && d.rule == "invalid-field" && front.contains(&d.line))
                .map(|d| d.line)
                .collect();
            found.retain(|d| !invalid.contains(&d.line));
        } else {
            out.retain(|d| !(d.file == doc.file && d.rule == "invalid-field" && front.contains(&d.line)));
        }
    }
    out.extend(found.into_iter().map(|d| d.relaxed(relax)));
}

/// Line and column of a byte offset in the document's source.
fn position(doc: &Document, offset: usize) -> (usize, usize) {
    let before = &doc.source[..offset.min(doc.source.len())];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}

fn finding(doc: &Document, offset: usize, message: String, hint: &str) -> Diagnostic {
    let (line, column) = position(doc, offset);
    Diagnostic::new("placeholder", &doc.file, line, message).column(column).hint(hint)
}

/// Front matter values (comments left out: they are not part of the value).
fn front_matter(doc: &Document, found: &mut Vec<Diagnostic>) {
    let mut offset = 0;
    for (i, line) in doc.source.split_inclusive('\n').enumerate() {
        if i + 1 >= doc.body_line {
            break;
        }
        let value = without_comment(line);
        let mut hits = find_in_text(value);
        for v in SKELETON_VALUES {
            for (j, _) in value.match_indices(v) {
                let end = j + v.len();
                if !value[end..].chars().next().is_some_and(|c| is_word_char(c) || c == '-') {
                    hits.push((j, v.to_string(), "replace the skeleton's example with the real name"));
                }
            }
        }
        for (j, text, hint) in hits {
            found.push(finding(
                doc,
                offset + j,
                format!("`{text}` in the front matter is a placeholder, not a value"),
                hint,
            ));
        }
        offset += line.len();
    }
}

/// A YAML line up to its comment: a `#` at the start or after a space,
/// outside quotes.
fn without_comment(line: &str) -> &str {
    let mut quote: Option<char> = None;
    let mut prev = ' ';
    for (i, c) in line.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '#' && prev.is_whitespace() => return &line[..i],
            None => {}
        }
        prev = c;
    }
    line
}

/// The body: guidance paragraphs, then placeholders in the other text.
/// Returns the byte ranges (in the source) of the guidance paragraphs.
fn body(doc: &Document, found: &mut Vec<Diagnostic>) -> Vec<Range<usize>> {
    let text = doc.body_text();
    let base = doc.body_start;
    let template = if doc.kind == Kind::Postmortem { template_placeholders(text) } else { Vec::new() };
    let template_findings = |guidance_ranges: &[Range<usize>], found: &mut Vec<Diagnostic>| {
        for (i, hit, hint) in &template {
            if !guidance_ranges.iter().any(|r| r.contains(&(base + i))) {
                let message = format!("`{}` is a placeholder left from the template", shorten(hit, 60));
                found.push(finding(doc, base + i, message, hint));
            }
        }
    };
    if !may_hold_placeholders(text) {
        template_findings(&[], found);
        return Vec::new();
    }
    let mut guidance_ranges = Vec::new();
    for block in blocks(text) {
        if is_guidance(&block) {
            found.push(finding(
                doc,
                base + block.range.start,
                format!("`{}` is the skeleton's guidance, not yet replaced", shorten(&block.text, 60)),
                "write what it asks for in its place; `warroom check` lists what is left",
            ));
            guidance_ranges.push(base + block.range.start..base + block.range.end);
        }
    }
    template_findings(&guidance_ranges, found);
    // In an action item, `TODO` is a status (the Google SRE book's
    // `Bug 5554824 **TODO**`): the item is open, which its own rules cover.
    let action_blocks = doc.postmortem().map(|p| p.action_item_blocks.clone()).unwrap_or_default();
    let mut code = 0usize;
    for (event, range) in markdown::parser(text).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => code += 1,
            Event::End(TagEnd::CodeBlock) => code = code.saturating_sub(1),
            Event::Text(t) if code == 0 => {
                let at = base + range.start;
                if guidance_ranges.iter().any(|r| r.contains(&at)) {
                    continue;
                }
                // Offsets are exact when the text is the source as written
                // (no escapes or entities); else the finding marks its start.
                let exact = text.get(range.clone()) == Some(&*t);
                let in_action_item = action_blocks.iter().any(|b| b.contains(&range.start));
                for (i, hit, hint) in find_in_text(&t) {
                    if in_action_item && MARKERS.contains(&hit.as_str()) {
                        continue;
                    }
                    found.push(finding(
                        doc,
                        if exact { at + i } else { at },
                        if MARKERS.contains(&hit.as_str()) {
                            format!("`{hit}` marks something still to be written")
                        } else {
                            format!("`{}` is a placeholder left from the skeleton", shorten(&hit, 60))
                        },
                        hint,
                    ));
                }
            }
            _ => {}
        }
    }
    guidance_ranges
}

/// Date and time formats that templates write where a date or time goes.
const FORMAT_TOKENS: &[&str] =
    &["YYYY-MM-DD", "YYYY/MM/DD", "MM/DD/YYYY", "DD/MM/YYYY", "DD.MM.YYYY", "HH:MM:SS", "HH:MM", "hh:mm"];

/// The bytes that can open what [`line_placeholder`] looks for: inline
/// code, a comment or brackets, and the first letter of each format token.
const STARTS: &[u8] = b"`<[YMDHh";

/// [`STARTS`] as a table by byte value.
const IS_START: [bool; 256] = {
    let mut table = [false; 256];
    let mut k = 0;
    while k < STARTS.len() {
        table[STARTS[k] as usize] = true;
        k += 1;
    }
    table
};

/// Single words that templates put in angle brackets for a value to fill in
/// (`<owner>`); no HTML element has these names.
const ANGLE_WORDS: &[&str] = &[
    "owner",
    "author",
    "authors",
    "name",
    "names",
    "date",
    "link",
    "team",
    "service",
    "services",
    "title",
    "summary",
    "description",
    "person",
    "who",
    "ticket",
    "url",
    "handle",
    "severity",
    "impact",
    "event",
];

/// Placeholders of the public templates, read from the source of a
/// post-mortem's body outside code and comments: date and time formats
/// (`YYYY-MM-DD`, `HH:MM`), and brackets that ask for text (`[Summary
/// here]`, `[Insert graph]`, `<Bare issue link>`, `<owner>`). A link
/// (`[text](url)`), a task box, a milestone label or a status in brackets
/// (`[started]`, `[Completed]`) is none of these. At most one per line.
fn template_placeholders(text: &str) -> Vec<(usize, String, &'static str)> {
    let mut found = Vec::new();
    let mut fence: Option<String> = None;
    let mut comment = false;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let t = line.trim_start();
        let marker: String = t.chars().take_while(|c| *c == '`' || *c == '~').collect();
        if let Some(open) = &fence {
            if t.starts_with(open.as_str()) && t.trim_end().chars().all(|c| c == open.chars().next().unwrap_or('`')) {
                fence = None;
            }
            continue;
        }
        if marker.len() >= 3 {
            fence = Some(marker);
            continue;
        }
        if let Some(hit) = line_placeholder(line, &mut comment) {
            found.push((start + hit.0, hit.1, hit.2));
        }
    }
    found
}

/// The first placeholder of one source line outside inline code and HTML
/// comments (`comment` carries an open comment to the next line).
fn line_placeholder(line: &str, comment: &mut bool) -> Option<(usize, String, &'static str)> {
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if *comment {
            match line[i..].find("-->") {
                Some(e) => {
                    *comment = false;
                    i += e + 3;
                    continue;
                }
                None => return None,
            }
        }
        // Only these (ASCII) bytes can start what is looked for; any other
        // byte, a UTF-8 continuation byte included, is passed over at once.
        match b[i..].iter().position(|c| IS_START[usize::from(*c)]) {
            Some(n) => i += n,
            None => return None,
        }
        let rest = &line[i..];
        if rest.starts_with("<!--") {
            *comment = true;
            i += 4;
            continue;
        }
        if b[i] == b'`' {
            let n = rest.bytes().take_while(|c| *c == b'`').count();
            match line[i + n..].find(&rest[..n]) {
                Some(e) => i += n + e + n,
                None => i += n,
            }
            continue;
        }
        let word_start = line[..i].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
        if word_start {
            if let Some(token) = FORMAT_TOKENS.iter().find(|t| rest.starts_with(**t)) {
                if !rest[token.len()..].starts_with(|c: char| c.is_alphanumeric()) {
                    return Some((i, token.to_string(), "write the date or time it stands for"));
                }
            }
        }
        if b[i] == b'[' || b[i] == b'<' {
            let close = if b[i] == b'[' { ']' } else { '>' };
            if let Some(e) = rest[1..].find(close) {
                let inner = &rest[1..1 + e];
                let after = &rest[2 + e..];
                let link = close == ']' && after.starts_with(['(', '[', ':']);
                if !link && asks_for_text(inner, close == '>') {
                    return Some((i, rest[..2 + e].to_string(), "write what it asks for in its place"));
                }
            }
        }
        i += 1;
    }
    None
}

/// Whether the text in brackets asks for something to be written:
/// "Summary here", "Insert the graph", "Enter date", "Your name"; in angle
/// brackets also a lone word such as `owner` or `author`.
fn asks_for_text(inner: &str, angle: bool) -> bool {
    let t = inner.trim().to_lowercase();
    let words: Vec<&str> = t.split_whitespace().collect();
    if words.is_empty() || words.len() > 8 || t.contains(['[', ']', '<', '>', '(', ')', '`', '/', ':', '=', '"']) {
        return false;
    }
    let last = words[words.len() - 1].trim_end_matches(['.', '…']);
    let asks = last == "here"
        || ["insert", "enter", "describe", "your", "add"].contains(&words[0])
        || (words.len() >= 2 && words[0] == "link" && words[1] == "to");
    asks || (angle && words.len() == 1 && ANGLE_WORDS.contains(&words[0]))
        || (angle && words.len() > 1 && words.iter().any(|w| ["link", "name", "date", "owner"].contains(w)))
}

/// A quick look for anything the scan could find, so that the Markdown of a
/// finished document (nearly all of them) is not parsed again.
fn may_hold_placeholders(text: &str) -> bool {
    guidance().quick.is_match(text)
}

/// The first words of a guidance paragraph, short enough to sit on its first
/// source line.
fn opening(paragraph: &str) -> &str {
    let mut end = paragraph.len().min(24);
    while !paragraph.is_char_boundary(end) {
        end -= 1;
    }
    paragraph[..end].trim_end()
}

/// Drops the other findings about a required section that holds nothing but
/// guidance: the placeholder finding already says it is unwritten.
fn drop_same_cause(doc: &Document, guidance: &[Range<usize>], out: &mut Vec<Diagnostic>) {
    if guidance.is_empty() {
        return;
    }
    let lines: Vec<usize> = doc
        .body
        .sections
        .iter()
        .filter(|s| {
            let start = doc.body_start + s.range.start;
            let end = doc.body_start + s.range.end;
            let mut rest = String::new();
            let mut at = start;
            for r in guidance.iter().filter(|r| r.start >= start && r.end <= end) {
                rest.push_str(&doc.source[at..r.start]);
                at = r.end;
            }
            at > start && {
                rest.push_str(&doc.source[at..end]);
                !has_content(&rest)
            }
        })
        .map(|s| s.line)
        .collect();
    out.retain(|d| !(d.file == doc.file && SAME_CAUSE.contains(&d.rule) && lines.contains(&d.line)));
}

/// A phone list entry: numbers in the reserved fictional ranges and
/// addresses at domains reserved for examples.
fn fictional(doc: &Document, c: &Contact, found: &mut Vec<Diagnostic>) {
    for (key, text, phone) in [("phone", &c.phone_text, &c.phone), ("alt_phone", &c.alt_phone_text, &c.alt_phone)] {
        if let Some(range) = phone.as_ref().and_then(|p| fictional_range(&p.e164)) {
            found.push(field_finding(
                doc,
                c.line,
                key,
                text,
                format!("`{key}: {text}` is in {range}, reserved for fiction: it reaches no one"),
                "write the real number, then ring it and set `last_verified` to that day",
            ));
        }
    }
    if example_address(&c.email) {
        found.push(field_finding(
            doc,
            c.line,
            "email",
            &c.email,
            format!("`email: {}` is at a domain reserved for examples: mail to it reaches no one", c.email),
            "write the real address",
        ));
    }
}

/// The finding at the line of `key: text` at or after a contact's line.
fn field_finding(doc: &Document, from: usize, key: &str, text: &str, message: String, hint: &str) -> Diagnostic {
    let mut offset = 0;
    for (i, line) in doc.source.split_inclusive('\n').enumerate() {
        if i + 1 >= doc.body_line {
            break;
        }
        let field = line.trim_start().trim_start_matches("- ").trim_start();
        if i + 1 >= from && field.starts_with(key) && field[key.len()..].trim_start().starts_with(':') {
            if let Some(j) = line.find(text) {
                return finding(doc, offset + j, message, hint);
            }
        }
        offset += line.len();
    }
    Diagnostic::new("placeholder", &doc.file, from, message).hint(hint)
}

/// The reserved range an E.164 number falls in, named for the message.
pub(crate) fn fictional_range(e164: &str) -> Option<&'static str> {
    let d = e164.strip_prefix('+')?;
    if d.len() == 12 && d.starts_with("442079460") {
        return Some("the UK drama range +44 20 7946 0000-0999");
    }
    if d.len() == 12 && d.starts_with("447700900") {
        return Some("the UK drama range +44 7700 900000-900999");
    }
    if d.len() == 11 && d.starts_with('1') && &d[4..9] == "55501" {
        return Some("the North American range 555-0100-0199");
    }
    None
}

/// `example.com`, `example.org`, `example.net` and any `.example` domain.
pub(crate) fn example_address(email: &str) -> bool {
    let Some((_, domain)) = email.trim().rsplit_once('@') else {
        return false;
    };
    let domain = domain.trim_end_matches('.').to_ascii_lowercase();
    let reserved = ["example.com", "example.org", "example.net"];
    reserved.iter().any(|r| domain == *r || domain.ends_with(&format!(".{r}")))
        || domain == "example"
        || domain.ends_with(".example")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::*;
    use crate::scaffold::{new_document, NewKind};

    const F: &str = "content/incidents/a.md";

    fn skeleton(kind: NewKind) -> (String, String) {
        new_document(kind, "Disk full", today(), "INC-2026-001")
    }

    #[test]
    fn guidance_is_read_from_the_skeletons() {
        let g = guidance();
        assert!(g.paragraphs.contains("What happened, in two or three sentences, and how it ended."), "{g:?}");
        assert!(g.describe.iter().any(|d| d == "Describe what happened first."));
        assert!(g.describe.iter().any(|d| d == "Describe the first follow-up"));
        for v in SKELETON_VALUES {
            assert!(SKELETONS.iter().any(|s| s.contains(v)), "{v} is in no skeleton");
        }
    }

    #[test]
    fn public_template_placeholders_are_found() {
        assert!(FORMAT_TOKENS.iter().all(|t| STARTS.contains(&t.as_bytes()[0])), "STARTS misses a token's first byte");
        let hits = |t: &str| template_placeholders(t).into_iter().map(|(i, hit, _)| (i, hit)).collect::<Vec<_>>();
        assert_eq!(hits("### Summary\n\n[Summary here]\n"), [(13, "[Summary here]".to_string())]);
        assert_eq!(hits("By <author>, on YYYY-MM-DD\n"), [(3, "<author>".to_string())]);
        assert_eq!(
            hits("YYYY-MM-DD (all times UTC)\n- HH:MM [event]\n"),
            [(0, "YYYY-MM-DD".into()), (29, "HH:MM".into())]
        );
        assert_eq!(hits("- <Bare issue link> - [Insert the graph]\n").len(), 1);
        for fine in [
            "- 14:05 [started] paged\n- [x] Add alert @sam\n",
            "- Fix the lease renewal [Completed]\n- Add a gate [Estimated completion: October 2026]\n",
            "See [the dashboard here](https://g.example/d) and [notes here][1].\n",
            "Line one<br>line two, <kbd>Ctrl</kbd>\n",
            "Dates are written `YYYY-MM-DD` in `HH:MM`.\n",
            "```\nls <name> # YYYY-MM-DD\n```\n",
            "<!-- [Summary here] -->\n",
            "The HH:MMs of the night; YYYY-MM-DDT is no token.\n",
        ] {
            assert!(hits(fine).is_empty(), "{fine:?}: {:?}", hits(fine));
        }
    }

    #[test]
    fn an_untouched_public_template_fails_with_placeholders() {
        // The SRE book's headings, left as a template leaves them.
        let text = PM
            .replace("The database disk filled up.", "[Summary here]")
            .replace("- 11:00 [resolved] Writes recover.\n", "- 11:00 [resolved] Writes recover.\n- HH:MM [event]\n");
        let found = rule(&[(F, &text)], "placeholder");
        let hits: Vec<&str> = found.iter().map(|d| d.message.as_str()).collect();
        assert!(hits.iter().any(|m| m.starts_with("`[Summary here]`")), "{hits:?}");
        assert!(hits.iter().any(|m| m.starts_with("`HH:MM`")), "{hits:?}");
        assert!(found.iter().all(|d| d.level == Level::Error));
        // The `HH:MM` row is one finding, not also an unreadable entry.
        let line = found.iter().find(|d| d.message.starts_with("`HH:MM`")).map(|d| d.line);
        let invalid = rule(&[(F, &text)], "timeline-entry-invalid");
        assert!(invalid.iter().all(|d| Some(d.line) != line), "{invalid:?}");
        assert_eq!(invalid.len(), 0, "{invalid:?}");
        // A runbook may name a format in its prose: only post-mortems are read so.
        let runbook = "---\ntitle: Restore\nservices: [db]\nowner: dba\nlast_reviewed: 2026-11-01\n---\n\
                       ## When to use\n\nBackups are named YYYY-MM-DD.\n";
        assert!(rule(&[("content/runbooks/r.md", runbook)], "placeholder").is_empty());
    }

    #[test]
    fn an_untouched_final_skeleton_is_all_placeholders() {
        let (path, text) = skeleton(NewKind::Incident);
        let text = text.replace("status: draft", "status: final");
        let found = rule(&[(&path, &text)], "placeholder");
        let answers = found.iter().filter(|d| d.message.contains("Answer here.")).count();
        assert_eq!(answers, 5, "{found:#?}");
        assert!(found.iter().any(|d| d.message.contains("`@you`")), "{found:#?}");
        assert!(found.iter().any(|d| d.message.contains("Describe what happened first.")));
        assert!(found.iter().any(|d| d.message.contains("What was done to stop the impact")));
        assert!(found.iter().any(|d| d.message.contains("example-service")));
        assert!(found.iter().all(|d| d.level == Level::Error));
        // Guidance-only sections are reported once, by this rule.
        let all = crate::check::run(&library(&[(&path, &text)]), &crate::config::Config::default(), today());
        for other in SAME_CAUSE {
            assert!(!all.iter().any(|d| d.rule == *other), "{other}: {all:#?}");
        }
    }

    #[test]
    fn drafts_get_warnings() {
        let (path, text) = skeleton(NewKind::Incident);
        let found = rule(&[(&path, &text)], "placeholder");
        assert!(!found.is_empty());
        assert!(found.iter().all(|d| d.level == Level::Warning));
    }

    #[test]
    fn answer_here_is_found_at_its_line_and_column() {
        let text = PM.replace("The disk was full.", "Answer here.");
        let found = rule(&[(F, &text)], "placeholder");
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!((found[0].line, found[0].column), (29, 29));
        assert!(rule(&[(F, PM)], "placeholder").is_empty());
    }

    #[test]
    fn a_guidance_only_section_is_one_finding() {
        let text =
            PM.replace("Removed archived WAL and rotated the credentials.", "_Describe what stopped the impact._");
        let lib = library(&[(F, &text)]);
        let all = crate::check::run(&lib, &crate::config::Config::default(), today());
        assert_eq!(all.len(), 1, "{all:#?}");
        assert_eq!(all[0].rule, "placeholder");
        assert_eq!(all[0].line, 37);
        let text = PM.replace(
            "Alerts on the symptom were fast; alerts on the cause were missing.",
            "_What went well, what went wrong, and where we got lucky._",
        );
        assert_eq!(rule(&[(F, &text)], "placeholder").len(), 1);
        // Whys left as the skeleton's guidance: no "no numbered list" besides.
        let start = PM.find("1. **Why did writes").unwrap_or(0);
        let end = PM.find("## Resolution").unwrap_or(0);
        let guidance = "_Ask \"why?\" until you reach something the team can change. \
                        Describe systems and decisions, not people._\n\n";
        let text = format!("{}{guidance}{}", &PM[..start], &PM[end..]);
        let all = crate::check::run(&library(&[(F, &text)]), &crate::config::Config::default(), today());
        assert_eq!(all.iter().map(|d| d.rule).collect::<Vec<_>>(), ["placeholder"], "{all:#?}");
    }

    #[test]
    fn todo_as_an_action_item_status_is_no_placeholder() {
        let text = PM.replace("| open |", "| **TODO** |");
        assert!(rule(&[(F, &text)], "placeholder").is_empty());
        let text = PM.replace("| @sam |", "| @you |");
        assert_eq!(rule(&[(F, &text)], "placeholder").len(), 1);
    }

    #[test]
    fn markers_are_whole_upper_case_words_outside_code() {
        let text = PM.replace("Writes failed for an hour.", "TODO: count. TBD; FIXME. todo TODOS `TODO`");
        let found = rule(&[(F, &text)], "placeholder");
        let words: Vec<&str> = found.iter().map(|d| d.message.split('`').nth(1).unwrap_or("")).collect();
        assert_eq!(words, ["TODO", "TBD", "FIXME"]);
        let runbook = RUNBOOK.replace("1. Promote the replica.", "1. Promote:\n\n   ```sh\n   # TODO retry\n   ```");
        assert!(rule(&[("content/runbooks/r.md", &runbook)], "placeholder").is_empty());
        let runbook = RUNBOOK.replace("Writes succeed.", "TBD");
        assert_eq!(rule(&[("content/runbooks/r.md", &runbook)], "placeholder")[0].level, Level::Error);
    }

    #[test]
    fn front_matter_values_but_not_comments() {
        let text = PM.replace("services: [db]", "services: [db]\ncommander: TODO   # fill in\n# owner: TODO");
        let found = rule(&[(F, &text)], "placeholder");
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!((found[0].line, found[0].column), (7, 12));
        let text = PM.replace("@sam", "@you");
        assert_eq!(rule(&[(F, &text)], "placeholder").len(), 1);
        let text = PM.replace("severity: SEV2", "severity: TODO");
        let all = crate::check::run(&library(&[(F, &text)]), &crate::config::Config::default(), today());
        assert_eq!(all.iter().map(|d| d.rule).collect::<Vec<_>>(), ["placeholder"], "{all:#?}");
        let text = PM.replace("@sam", "@young");
        assert!(rule(&[(F, &text)], "placeholder").is_empty());
    }

    #[test]
    fn comments_are_not_read() {
        let text = PM.replace("Writes failed for an hour.", "Writes failed for an hour.\n<!-- TODO: Answer here. -->");
        assert!(rule(&[(F, &text)], "placeholder").is_empty());
    }

    #[test]
    fn fictional_numbers_and_example_addresses() {
        assert!(fictional_range("+442079460000").is_some());
        assert!(fictional_range("+442079460999").is_some());
        assert!(fictional_range("+442079461000").is_none());
        assert!(fictional_range("+447700900123").is_some());
        assert!(fictional_range("+447700901000").is_none());
        assert!(fictional_range("+12065550142").is_some());
        assert!(fictional_range("+13125550199").is_some());
        assert!(fictional_range("+12065550200").is_none());
        assert!(fictional_range("+12065551234").is_none());
        assert!(example_address("a@example.com"));
        assert!(example_address("a@mail.EXAMPLE.org"));
        assert!(example_address("a@corp.example"));
        assert!(!example_address("a@example.co.uk"));
        assert!(!example_address("a@myexample.com"));
        let text = CONTACTS
            .replace("+44 1632 960018", "+1 206 555 0142")
            .replace("        phone:", "        email: priya@example.com\n        phone:");
        let found = rule(&[("content/contacts/oncall.md", &text)], "placeholder");
        assert_eq!(found.len(), 2, "{found:#?}");
        assert_eq!((found[0].line, found[0].column), (8, 16));
        assert_eq!((found[1].line, found[1].column), (9, 17));
        assert!(found.iter().all(|d| d.level == Level::Error));
    }

    #[test]
    fn new_contacts_is_caught() {
        let (path, text) = skeleton(NewKind::Contacts);
        let found = rule(&[(&path, &text)], "placeholder");
        assert!(found.len() >= 4, "{found:#?}");
    }
}
