//! Markdown → HTML in one pass: GFM tables, task lists, footnotes, heading
//! anchors, highlighted code, rewritten links and escaped raw HTML.
//!
//! The output is split by H2 section so templates can place each section and
//! leave out the parts they draw themselves (see `content::body`).

use std::ops::Range;

use pulldown_cmark::{html, CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};

use crate::highlight;
use crate::slug::Anchors;

mod raw_html;

/// The parser with the extensions warroom supports.
pub fn parser(text: &str) -> Parser<'_> {
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_FOOTNOTES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    opts.insert(Options::ENABLE_TASKLISTS);
    opts.insert(Options::ENABLE_HEADING_ATTRIBUTES);
    Parser::new_ext(text, opts)
}

/// How links are rewritten: given a destination, the new one, or `None` to keep it.
pub type LinkRewriter<'a> = &'a (dyn Fn(&str) -> Option<String> + Sync);

/// How Markdown is rendered: raw HTML allowed or escaped, links rewritten,
/// heading anchors prefixed.
pub struct RenderOptions<'a> {
    pub unsafe_html: bool,
    pub rewrite: LinkRewriter<'a>,
    /// Put before every heading anchor, so documents combined in one page
    /// (the print binder) keep unique ids.
    pub anchor_prefix: &'a str,
}

/// A section's HTML.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SectionHtml {
    pub anchor: String,
    /// The section's whole content.
    pub html: String,
    /// With blocks left out (see [`Part::skips`]): the HTML before the first
    /// block, between blocks and after the last, one more piece than blocks;
    /// empty when nothing was left out.
    pub pieces: Vec<String>,
}

/// Where to cut the body: each section's heading range (left out; empty
/// for a section opened by a bold label) with the blocks that templates
/// draw their own way (timeline lists, whys, action-item tables).
pub struct Part {
    pub heading: Range<usize>,
    pub title: String,
    /// Byte ranges of the blocks, in order, inside the section.
    pub skips: Vec<Range<usize>>,
}

/// A rendered body.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RenderedBody {
    pub preamble_html: String,
    pub sections: Vec<SectionHtml>,
}

/// Renders a body split at the given H2 headings (from `content::body`), in
/// one pass: each part's events are written as they come, and only a part
/// with a structured range to leave out keeps its events to write them twice.
pub fn render_body(text: &str, parts: &[Part], opts: &RenderOptions) -> RenderedBody {
    let mut anchors = Anchors::default();
    let sections = parts
        .iter()
        .map(|p| SectionHtml {
            anchor: format!("{}{}", opts.anchor_prefix, anchors.unique(&p.title)),
            ..SectionHtml::default()
        })
        .collect();
    let mut out = RenderedBody { preamble_html: String::new(), sections };
    let mut events = Buckets {
        events: transform(parser(text).into_offset_iter(), opts, &mut anchors),
        parts,
        next: None,
        in_heading: false,
    };
    for bucket in 0..=parts.len() {
        // Room for the part's source and as much again for markup, so the
        // string seldom grows.
        let source = match bucket {
            0 => parts.first().map_or(text.len(), |p| p.heading.start),
            b => parts.get(b).map_or(text.len(), |p| p.heading.start).saturating_sub(parts[b - 1].heading.end),
        };
        let mut html = String::with_capacity(source * 2);
        let mut pieces = Vec::new();
        match bucket.checked_sub(1).map(|i| &parts[i].skips).filter(|s| !s.is_empty()) {
            Some(skips) => {
                // Which block an event falls in, if any.
                let kept: Vec<(Event, Option<usize>)> = events
                    .bucket(bucket)
                    .map(|(e, r)| {
                        let block = skips.iter().position(|b| r.start >= b.start && r.start < b.end);
                        (e, block)
                    })
                    .collect();
                html::push_html(&mut html, kept.iter().map(|(e, _)| e.clone()));
                pieces = vec![String::new(); skips.len() + 1];
                // Events before the first block go to piece 0, after block `b` to piece `b + 1`.
                let mut current = 0;
                let mut run: Vec<Event> = Vec::new();
                for (e, block) in kept {
                    match block {
                        Some(b) => {
                            if !run.is_empty() {
                                html::push_html(&mut pieces[current], run.drain(..));
                            }
                            current = (b + 1).min(skips.len());
                        }
                        None => run.push(e),
                    }
                }
                if !run.is_empty() {
                    html::push_html(&mut pieces[current], run.drain(..));
                }
            }
            None => html::push_html(&mut html, events.bucket(bucket).map(|(e, _)| e)),
        }
        match bucket {
            0 => out.preamble_html = html,
            b => {
                out.sections[b - 1].html = html;
                out.sections[b - 1].pieces = pieces;
            }
        }
    }
    out
}

/// Hands out a body's events part by part: the preamble is bucket 0 and
/// section `i` bucket `i + 1`. The events of a part come together, in order,
/// since a top-level H2 closes every block before it. The H2 headings
/// themselves are left out: templates print the titles.
struct Buckets<'p, I: Iterator> {
    events: I,
    parts: &'p [Part],
    /// An event read ahead that belongs to a later bucket.
    next: Option<(I::Item, usize)>,
    /// Inside an H2 heading that is left out.
    in_heading: bool,
}

impl<'a, 'p, I: Iterator<Item = (Event<'a>, Range<usize>)>> Buckets<'p, I> {
    /// The bucket of the next event, reading it if need be; `None` at the end.
    fn peek(&mut self) -> Option<usize> {
        while self.next.is_none() {
            let (event, range) = self.events.next()?;
            let part = self.parts.iter().rposition(|p| p.heading.start <= range.start);
            if let Some(i) = part {
                let heading = &self.parts[i].heading;
                if !heading.is_empty() && range.start >= heading.start && range.end <= heading.end {
                    self.in_heading = true;
                }
            }
            if self.in_heading {
                if matches!(event, Event::End(TagEnd::Heading(_))) {
                    self.in_heading = false;
                }
                continue;
            }
            self.next = Some(((event, range), part.map_or(0, |i| i + 1)));
        }
        self.next.as_ref().map(|(_, b)| *b)
    }

    /// The events of `bucket`. An event of an earlier bucket, which the
    /// order above rules out, would be written here rather than lost.
    fn bucket(&mut self, bucket: usize) -> impl Iterator<Item = (Event<'a>, Range<usize>)> + use<'a, 'p, '_, I> {
        std::iter::from_fn(move || {
            if self.peek()? > bucket {
                return None;
            }
            self.next.take().map(|(e, _)| e)
        })
    }
}

/// Renders a whole Markdown text (phone list notes, fragments).
pub fn render(text: &str, opts: &RenderOptions) -> String {
    let mut anchors = Anchors::default();
    let mut out = String::new();
    html::push_html(&mut out, transform(parser(text).into_offset_iter(), opts, &mut anchors).map(|(e, _)| e));
    out
}

/// Renders a short fragment such as a timeline entry; a lone paragraph loses its `<p>`.
pub fn render_inline(text: &str, opts: &RenderOptions) -> String {
    let html = render(text, opts);
    let trimmed = html.trim_end();
    if let Some(inner) = trimmed.strip_prefix("<p>").and_then(|s| s.strip_suffix("</p>")) {
        if !inner.contains("<p>") {
            return inner.to_string();
        }
    }
    html
}

/// The text of Markdown without markup, for summaries and the search index.
pub fn plain_text(text: &str) -> String {
    let mut out = String::new();
    for event in parser(text) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_)) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The event rewrites shared by every renderer.
fn transform<'a: 'o, 'o>(
    events: impl Iterator<Item = (Event<'a>, Range<usize>)> + 'o,
    opts: &'o RenderOptions<'o>,
    anchors: &'o mut Anchors,
) -> impl Iterator<Item = (Event<'a>, Range<usize>)> + 'o {
    Transform { events, opts, anchors, code: None, heading: None, ready: std::collections::VecDeque::new() }
}

/// The state of [`transform`]: most events pass through one for one; a
/// heading is held until its end (its anchor comes from its text) and a code
/// block until its end (it is highlighted whole).
struct Transform<'a, 'o, I> {
    events: I,
    opts: &'o RenderOptions<'o>,
    anchors: &'o mut Anchors,
    code: Option<(String, String, Range<usize>)>,
    heading: Option<Vec<(Event<'a>, Range<usize>)>>,
    /// A finished heading's events, waiting to be handed out.
    ready: std::collections::VecDeque<(Event<'a>, Range<usize>)>,
}

impl<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>> Iterator for Transform<'a, '_, I> {
    type Item = (Event<'a>, Range<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(e) = self.ready.pop_front() {
                return Some(e);
            }
            let (event, range) = self.events.next()?;
            if let Some(out) = self.step(event, range) {
                return Some(out);
            }
        }
    }
}

impl<'a, I> Transform<'a, '_, I> {
    /// Takes one event; gives what to emit now, if anything.
    fn step(&mut self, event: Event<'a>, range: Range<usize>) -> Option<(Event<'a>, Range<usize>)> {
        let opts = self.opts;
        // Collect heading contents to give it an anchor from its text.
        if let Some(buf) = self.heading.as_mut() {
            let end = matches!(event, Event::End(TagEnd::Heading(_)));
            buf.push((event, range));
            if end {
                let mut buf = self.heading.take().unwrap_or_default();
                let text: String = buf
                    .iter()
                    .filter_map(|(e, _)| match e {
                        Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                        _ => None,
                    })
                    .collect();
                if let (Event::Start(Tag::Heading { id, .. }), _) = &mut buf[0] {
                    let anchor = match id {
                        Some(given) => self.anchors.unique(given),
                        None => self.anchors.unique(&text),
                    };
                    *id = Some(CowStr::from(format!("{}{anchor}", opts.anchor_prefix)));
                }
                self.ready.extend(buf);
            }
            return None;
        }
        match event {
            Event::Start(Tag::Heading { level, .. }) if level != pulldown_cmark::HeadingLevel::H2 => {
                self.heading = Some(vec![(event, range)]);
                None
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(l) => l.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((lang, String::new(), range));
                None
            }
            Event::Text(t) if self.code.is_some() => {
                if let Some((_, buf, _)) = self.code.as_mut() {
                    buf.push_str(&t);
                }
                None
            }
            Event::End(TagEnd::CodeBlock) => self.code.take().map(|(lang, body, start)| {
                let html = highlight::code_block(&body, &lang);
                (Event::Html(html.into()), start.start..range.end)
            }),
            Event::Html(h) | Event::InlineHtml(h) if !opts.unsafe_html => {
                // Comments are dropped; a safe subset renders; other markup is shown as text.
                let html = raw_html::render(&h);
                (!html.is_empty()).then(|| (Event::InlineHtml(html.into()), range))
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let dest = rewrite(&dest_url, opts);
                Some((Event::Start(Tag::Link { link_type, dest_url: dest, title, id }), range))
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                let dest = rewrite(&dest_url, opts);
                Some((Event::Start(Tag::Image { link_type, dest_url: dest, title, id }), range))
            }
            other => Some((other, range)),
        }
    }
}

fn rewrite<'a>(dest: &CowStr<'a>, opts: &RenderOptions) -> CowStr<'a> {
    if is_dangerous(dest) {
        return CowStr::from("#");
    }
    match (opts.rewrite)(dest) {
        Some(new) => CowStr::from(new),
        None => dest.clone(),
    }
}

/// `javascript:`, `vbscript:` and `data:` (except images) URLs never reach a page.
pub fn is_dangerous(url: &str) -> bool {
    // The scheme as a browser reads it, whitespace and control characters
    // left out and in any case: its first eleven characters are enough.
    let mut head = [0u8; 11];
    let mut n = 0;
    for c in url.chars().filter(|c| !c.is_whitespace() && !c.is_control()).take(head.len()) {
        // No scheme has a character outside ASCII.
        head[n] = if c.is_ascii() { (c as u8).to_ascii_lowercase() } else { 0 };
        n += 1;
    }
    let head = &head[..n];
    head.starts_with(b"javascript:")
        || head.starts_with(b"vbscript:")
        || (head.starts_with(b"data:") && !head.starts_with(b"data:image/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Links to `.md` files become `.html`, as the site's rewriter does.
    pub(super) fn opts() -> RenderOptions<'static> {
        RenderOptions {
            unsafe_html: false,
            rewrite: &|d: &str| d.strip_suffix(".md").map(|s| format!("{s}.html")),
            anchor_prefix: "",
        }
    }

    #[test]
    fn gfm_and_anchors() {
        let html = render("### Hello world\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\n~~old~~\n", &opts());
        assert!(html.contains("<h3 id=\"hello-world\">"), "{html}");
        assert!(html.contains("<table>"));
        assert!(html.contains("checkbox"));
        assert!(html.contains("<del>old</del>"));
    }

    #[test]
    fn raw_html_escaped_and_js_links_dropped() {
        let html =
            render("<script>alert(1)</script>\n\nhi <b>x</b> [a](javascript:alert(1)) [b]( JaVaScRiPt:x)\n", &opts());
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("&lt;script&gt;"));
        assert!(!html.to_lowercase().contains("javascript:"), "{html}");
        let unsafe_opts = RenderOptions { unsafe_html: true, ..opts() };
        assert!(render("<b>x</b>\n", &unsafe_opts).contains("<b>x</b>"));
    }

    #[test]
    fn links_are_rewritten_and_code_highlighted() {
        let html = render("[r](../runbooks/a.md)\n\n```bash\necho hi\n```\n", &opts());
        assert!(html.contains("href=\"../runbooks/a.html\""), "{html}");
        assert!(html.contains("<pre class=\"code\" data-lang=\"bash\">"), "{html}");
    }

    #[test]
    fn sections_split_around_their_blocks() {
        let text = "pre\n\n## Timeline\n\nintro\n\n- 14:05 a\n- 14:06 b\n\nafter\n\n## Other\n\nx\n";
        let tl_start = text.find("## Timeline").unwrap();
        let list_start = text.find("- 14:05").unwrap();
        let list_end = text.find("\nafter").unwrap();
        let other = text.find("## Other").unwrap();
        let parts = vec![
            Part {
                heading: tl_start..tl_start + 12,
                title: "Timeline".into(),
                skips: std::iter::once(list_start..list_end).collect(),
            },
            Part { heading: other..other + 9, title: "Other".into(), skips: Vec::new() },
        ];
        let r = render_body(text, &parts, &opts());
        assert_eq!(r.preamble_html, "<p>pre</p>\n");
        assert_eq!(r.sections[0].anchor, "timeline");
        assert!(r.sections[0].html.contains("<li>14:05 a</li>"));
        // Text before and after the block stays on its side of it.
        assert_eq!(r.sections[0].pieces, vec!["<p>intro</p>\n".to_string(), "<p>after</p>\n".to_string()]);
        assert!(r.sections[1].pieces.is_empty());
        assert!(!r.sections[0].html.contains("<h2"));
        assert_eq!(r.sections[1].html, "<p>x</p>\n");
    }

    #[test]
    fn plain_fragments_render_as_written() {
        for text in ["Rolled back the deploy at 14:05 (v1.2.3).", "Zoë’s fix — 50% of traffic", "a"] {
            assert_eq!(render_inline(text, &opts()), text);
            assert_eq!(plain_text(text), text);
        }
        assert_eq!(plain_text("x  y"), "x y");
    }

    /// The renderer before it streamed: every part's events buffered, and
    /// both HTML strings written for every part.
    fn render_body_buffered(text: &str, parts: &[Part], opts: &RenderOptions) -> RenderedBody {
        let mut anchors = Anchors::default();
        let mut out = RenderedBody {
            preamble_html: String::new(),
            sections: parts
                .iter()
                .map(|p| SectionHtml {
                    anchor: format!("{}{}", opts.anchor_prefix, anchors.unique(&p.title)),
                    ..SectionHtml::default()
                })
                .collect(),
        };
        // bucket: None = preamble, Some(i) = section i.
        let mut buckets: Vec<Vec<(Event, bool)>> = vec![Vec::new(); parts.len() + 1];
        let mut skip_heading = false;
        for (event, range) in transform(parser(text).into_offset_iter(), opts, &mut anchors) {
            let idx = parts.iter().rposition(|p| p.heading.start <= range.start);
            if let Some(i) = idx {
                if range.start >= parts[i].heading.start && range.end <= parts[i].heading.end {
                    // The H2 itself: the template prints the title.
                    skip_heading = true;
                }
            }
            if skip_heading {
                if matches!(event, Event::End(TagEnd::Heading(_))) {
                    skip_heading = false;
                }
                continue;
            }
            let bucket = idx.map_or(0, |i| i + 1);
            let skipped =
                idx.is_some_and(|i| parts[i].skips.iter().any(|s| range.start >= s.start && range.start < s.end));
            buckets[bucket].push((event, skipped));
        }
        for (b, events) in buckets.into_iter().enumerate() {
            let mut all = String::new();
            let mut rest = String::new();
            let has_skip = events.iter().any(|(_, s)| *s);
            html::push_html(&mut all, events.iter().map(|(e, _)| e.clone()));
            if has_skip {
                html::push_html(&mut rest, events.into_iter().filter(|(_, s)| !s).map(|(e, _)| e));
            } else {
                rest = all.clone();
            }
            if b == 0 {
                out.preamble_html = all;
            } else {
                out.sections[b - 1].html = all;
                out.sections[b - 1].pieces = if parts[b - 1].skips.is_empty() { Vec::new() } else { vec![rest] };
            }
        }
        out
    }

    /// Streaming part by part gives what buffering every part gave, on
    /// bodies cut the way `content::body` cuts them.
    #[test]
    fn streamed_body_matches_buffered_body() {
        use proptest::prelude::*;
        let line = prop_oneof![
            Just("## Timeline".to_string()),
            Just("## Root cause".to_string()),
            Just("Other\n---".to_string()),
            Just("### Sub".to_string()),
            Just("- 14:05 item".to_string()),
            Just("1. **Why?** `x`".to_string()),
            Just("  - nested".to_string()),
            Just("> ## quoted".to_string()),
            Just("| a | b |\n|---|---|\n| 1 | [l](x.md) |".to_string()),
            Just("```bash\necho ## no\n```".to_string()),
            Just("<!-- c -->".to_string()),
            Just(String::new()),
            "[a-z #*`\\[\\]()-]{0,12}",
        ];
        proptest!(ProptestConfig::with_cases(2000), |(lines in proptest::collection::vec(line, 0..14), skip_first in any::<bool>())| {
            let text = lines.join("\n");
            let body = crate::content::body::analyse(&text, 1, &|t: &str| Some(t.to_lowercase()));
            let parts: Vec<Part> = body
                .sections
                .iter()
                .enumerate()
                .map(|(i, s)| Part {
                    heading: s.heading.clone(),
                    title: s.title.clone(),
                    skips: (skip_first || i > 0).then(|| s.lists.first().map(|l| l.range.clone())).into_iter().flatten().collect(),
                })
                .collect();
            let streamed = render_body(&text, &parts, &opts());
            let buffered = render_body_buffered(&text, &parts, &opts());
            prop_assert_eq!(&streamed.preamble_html, &buffered.preamble_html);
            prop_assert_eq!(streamed.sections.len(), buffered.sections.len());
            for (a, b) in streamed.sections.iter().zip(&buffered.sections) {
                prop_assert_eq!(&a.anchor, &b.anchor);
                prop_assert_eq!(&a.html, &b.html);
                prop_assert_eq!(a.pieces.concat(), b.pieces.concat());
            }
        });
    }

    /// The scheme check reads the same URLs as dangerous as lowercasing the
    /// whole URL without its whitespace would.
    #[test]
    fn dangerous_urls_as_a_browser_reads_them() {
        use proptest::prelude::*;
        let slow = |url: &str| {
            let cleaned: String =
                url.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect::<String>().to_ascii_lowercase();
            cleaned.starts_with("javascript:")
                || cleaned.starts_with("vbscript:")
                || (cleaned.starts_with("data:") && !cleaned.starts_with("data:image/"))
        };
        for url in
            ["javascript:x", " JaVa\tScRiPt:x", "vbscript:", "data:text/html,x", "DATA:IMAGE/png", "https://x", "é:"]
        {
            assert_eq!(is_dangerous(url), slow(url), "{url}");
        }
        proptest!(ProptestConfig::with_cases(5000), |(url in "(java|vb|JAVA|Vb|data|DaTa)?[ \t\n\u{1}]?(script|SCRIPT|scrİpt|:image/|:IMAGE|é)?[: /a-z]{0,6}")| {
            prop_assert_eq!(is_dangerous(&url), slow(&url));
        });
    }

    #[test]
    fn inline_fragment_loses_paragraph() {
        assert_eq!(render_inline("**bold** text", &opts()), "<strong>bold</strong> text");
    }
}
