//! One list item of the action-items section → an [`ActionItem`].
//!
//! The fields sit in the text as people write them: `@sam`, `Owner: Sam
//! Lee`, `(owner: sam, due April 1)`, `**DRI:** Sam`, `due:2024-04-01`,
//! `Due: April 1, 2024`, `ETA: 2024-04-01`, a ticket as a trailing link,
//! a bare URL or an issue key in brackets (`(OPS-123)`, `[#1094]`), and a
//! status as `Status: done` or a trailing `— done`, `(done)`, `**DONE**`.
//! What is left is the action. Links, inline code and URLs are never cut:
//! a link is either wholly in the action or wholly the ticket.

use std::ops::Range;

use crate::content::body::Item;

use super::{
    field_for, is_struck, normalise, read_due, status_words, strip_status_marker, value, ActionItem, Field, Form,
    Reading,
};

/// Keys too common in prose to be read as a field in a list item
/// ("rotate the signing key: it expired").
const NOT_LIST_KEYS: &[&str] =
    &["key", "when", "who", "what", "done", "link", "links", "state", "title", "item", "items", "summary", "kind"];

/// A field named in the text.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Key {
    Field(Field),
    /// `Priority: P2`, kept as an extra column.
    Priority,
}

/// Reads one list item; `block` is the index of its list.
pub(super) fn read(it: &Item, block: usize, cx: &Reading) -> ActionItem {
    let form = if it.checked.is_some() { Form::TaskList } else { Form::List };
    let mut item = ActionItem { line: it.line, block, form, done: it.checked == Some(true), ..ActionItem::default() };
    let (first, rest) = first_paragraph(&it.text);
    let mut found = Found::default();
    let action = scan(&first, cx, &mut found);
    // Lines under the first paragraph (`  - Owner: sam`) add fields only.
    for line in rest.lines() {
        let line = strip_list_marker(line.trim());
        if !line.is_empty() {
            scan(line, cx, &mut found);
        }
    }
    let (action, marked) = strip_status_marker(&action, true);
    let mut action = tidy(&action);
    let mut marked = marked;
    if !found.has_due() {
        if let Some((rest, date)) = trailing_date(&action) {
            found.set(Key::Field(Field::Due), "due", &date, cx);
            // What the date kept from the end: `- @sam - 2027-01-22 - done`.
            let rest = strip_trailing_mention(&tidy(&rest), found.mention.as_deref());
            let (rest, said) = strip_status_marker(&rest, true);
            marked = marked.or(said);
            action = tidy(&rest);
        }
    }
    item.done |= is_struck(&action) || marked == Some(true) || found.closed;
    item.action = action;
    item.owner = found.owner.or(found.mention);
    (item.due, item.bad_due, item.ticket, item.kind, item.extra) =
        (found.due, found.bad_due, found.ticket, found.kind, found.extra);
    item
}

/// The fields found so far; the first of each wins.
#[derive(Default, Clone)]
struct Found {
    owner: Option<String>,
    /// The first `@handle`, the owner when no key names one.
    mention: Option<String>,
    due: Option<chrono::NaiveDate>,
    bad_due: Option<String>,
    ticket: Option<String>,
    kind: Option<String>,
    closed: bool,
    extra: Vec<(String, String)>,
}

impl Found {
    fn has_due(&self) -> bool {
        self.due.is_some() || self.bad_due.is_some()
    }

    /// Whether a value for `key` would be taken (the first of each wins; a
    /// later one stays in the text rather than being lost).
    fn takes(&self, key: Key) -> bool {
        match key {
            Key::Field(Field::Owner) => self.owner.is_none(),
            Key::Field(Field::Due) => !self.has_due(),
            Key::Field(Field::Ticket) => self.ticket.is_none(),
            Key::Field(Field::Type) => self.kind.is_none(),
            Key::Field(Field::Status) | Key::Priority => true,
            Key::Field(Field::Action) => false,
        }
    }

    fn set(&mut self, key: Key, name: &str, text: &str, cx: &Reading) {
        let text = text.trim().trim_end_matches(['.', ',', ';']).trim();
        match key {
            Key::Field(Field::Owner) => {
                if self.owner.is_none() {
                    self.owner = value(text).map(|o| o.trim_matches('*').trim().trim_start_matches('@').to_string());
                }
            }
            Key::Field(Field::Due) if !self.has_due() => match read_due(text, cx.written_on) {
                Ok(d) => self.due = d,
                // `Due: done`; a longer text is kept to report it.
                Err(_) if is_status_only(text) => self.closed = true,
                Err(bad) => self.bad_due = Some(bad),
            },
            Key::Field(Field::Ticket) => {
                let (ticket, said) = strip_status_marker(text, false);
                self.closed |= said == Some(true);
                if self.ticket.is_none() {
                    self.ticket = value(&ticket).map(str::to_string);
                }
            }
            Key::Field(Field::Status) => self.closed |= status_words(text) == Some(true),
            Key::Field(Field::Type) => {
                if self.kind.is_none() {
                    self.kind = value(text).map(|k| k.replace(['*', '`'], "").trim().to_lowercase());
                }
            }
            Key::Priority => self.extra.push((name.trim().trim_matches('*').trim().to_string(), text.to_string())),
            Key::Field(_) => {}
        }
    }
}

/// The item's first paragraph, and the lines after it (nested lists,
/// further paragraphs).
fn first_paragraph(text: &str) -> (String, &str) {
    let mut end = text.len();
    let mut offset = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let t = line.trim();
        if i > 0 && (t.is_empty() || strip_list_marker(t).len() != t.len()) {
            end = offset;
            break;
        }
        offset += line.len();
    }
    (text[..end].trim().to_string(), &text[end..])
}

/// A line without its list marker (`-`, `*`, `+`, `1.`, `1)`) and task box.
fn strip_list_marker(line: &str) -> &str {
    let rest = if let Some(r) = line.strip_prefix(['-', '*', '+']).filter(|r| r.is_empty() || r.starts_with(' ')) {
        r
    } else {
        let digits = line.bytes().take_while(u8::is_ascii_digit).count();
        match line[digits..].strip_prefix(['.', ')']) {
            Some(r) if digits > 0 && (r.is_empty() || r.starts_with(' ')) => r,
            _ => return line,
        }
    };
    let rest = rest.trim_start();
    for task in ["[ ]", "[x]", "[X]"] {
        if let Some(r) = rest.strip_prefix(task) {
            return r.trim_start();
        }
    }
    rest
}

/// Collapses the spaces that cut fields leave and trims separators at the
/// ends.
fn tidy(text: &str) -> String {
    // A lone `.` or `,` is what is left of "Owner: Sam. Due: May 1.".
    let words: Vec<&str> = text.split_whitespace().filter(|w| !matches!(*w, "." | "," | ";")).collect();
    let joined = words.join(" ");
    let mut t = joined.as_str();
    loop {
        let before = t.len();
        t = t.trim_end_matches([' ', ',', ';', ':', '|', '—', '–', '-']);
        t = t.trim_start_matches([' ', ',', ';', ':', '|', '—', '–', '-']);
        t = t.strip_suffix("()").unwrap_or(t);
        if t.len() == before {
            return t.to_string();
        }
    }
}

/// Byte ranges that are never cut: inline links and images, inline code,
/// autolinks and bare URLs.
fn protected(p: &str) -> Vec<Range<usize>> {
    let b = p.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'`' => {
                let n = b[i..].iter().take_while(|c| **c == b'`').count();
                let fence = &p[i..i + n];
                match p[i + n..].find(fence) {
                    Some(e) => {
                        out.push(i..i + n + e + n);
                        i += n + e + n;
                    }
                    None => i += n,
                }
            }
            b'[' => match link_end(p, i) {
                Some(end) => {
                    let start = if i > 0 && b[i - 1] == b'!' { i - 1 } else { i };
                    out.push(start..end);
                    i = end;
                }
                None => i += 1,
            },
            b'<' if p[i + 1..].starts_with("http") => match p[i..].find('>') {
                Some(e) => {
                    out.push(i..i + e + 1);
                    i += e + 1;
                }
                None => i += 1,
            },
            b'h' if (p[i..].starts_with("http://") || p[i..].starts_with("https://"))
                && (i == 0 || !b[i - 1].is_ascii_alphanumeric()) =>
            {
                let mut end =
                    p[i..].find(|c: char| c.is_whitespace() || "<[]\"`".contains(c)).map_or(p.len(), |e| i + e);
                // A URL in parentheses or at a sentence's end keeps neither.
                while end > i && matches!(b[end - 1], b'.' | b',' | b';' | b':' | b')') {
                    if b[end - 1] == b')' && p[i..end].matches('(').count() >= p[i..end].matches(')').count() {
                        break;
                    }
                    end -= 1;
                }
                out.push(i..end);
                i = end.max(i + 1);
            }
            _ => i += 1,
        }
    }
    out
}

/// The end of an inline link `[text](dest)` opening at `i`.
fn link_end(p: &str, i: usize) -> Option<usize> {
    let close = matching(p, i, b'[', b']')?;
    match p.as_bytes().get(close + 1) {
        Some(b'(') => matching(p, close + 1, b'(', b')').map(|e| e + 1),
        _ => None,
    }
}

/// The byte index of the bracket closing the one at `i`.
fn matching(p: &str, i: usize, open: u8, close: u8) -> Option<usize> {
    let mut depth = 0usize;
    let b = p.as_bytes();
    let mut j = i;
    while j < b.len() {
        match b[j] {
            b'\\' => j += 1,
            c if c == open => depth += 1,
            c if c == close => {
                depth -= 1;
                if depth == 0 {
                    return Some(j);
                }
            }
            _ => {}
        }
        j += 1;
    }
    None
}

/// An issue key as teams write them: `OPS-123`, `JIRA-1094`, `#1094`,
/// `Bug 5554823`, or several separated by commas.
fn is_issue_key(text: &str) -> bool {
    let one = |k: &str| {
        let k = k.trim();
        if let Some(n) = k.strip_prefix('#') {
            return !n.is_empty() && n.bytes().all(|c| c.is_ascii_digit());
        }
        if let Some(n) = k.strip_prefix("Bug ").or_else(|| k.strip_prefix("bug ")) {
            return !n.is_empty() && n.bytes().all(|c| c.is_ascii_digit());
        }
        let Some((project, number)) = k.rsplit_once('-') else { return false };
        project.len() >= 2
            && project.starts_with(|c: char| c.is_ascii_uppercase())
            && project.bytes().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == b'_')
            && !number.is_empty()
            && number.bytes().all(|c| c.is_ascii_digit())
    };
    !text.trim().is_empty() && text.split(',').all(one)
}

/// Whether a link reads as a ticket: its text is an issue key or number,
/// or its address is an issue tracker's.
fn is_ticket_link(link: &str) -> bool {
    let Some(close) = matching(link, link.find('[').unwrap_or(0), b'[', b']') else { return false };
    let text = &link[link.find('[').unwrap_or(0) + 1..close];
    let dest = link[close + 1..].to_lowercase();
    is_issue_key(text.trim_matches(['`', '*']))
        || text.bytes().all(|c| c.is_ascii_digit())
        || ["/issues/", "/browse/", "/pull/", "/merge_requests/", "/ticket", "show_bug", "/bug/", "jira"]
            .iter()
            .any(|t| dest.contains(t))
}

/// Whether the text of a whole parenthesis or bracket is a ticket: an
/// issue key, a single link or a URL.
fn is_ticket(inner: &str, spans: &[Range<usize>], offset: usize) -> bool {
    let t = inner.trim();
    let lead = inner.len() - inner.trim_start().len();
    let whole_span = spans.iter().any(|s| s.start == offset + lead && s.end == offset + lead + t.len());
    is_issue_key(t) || (whole_span && (t.starts_with('[') || t.starts_with("http") || t.starts_with('<')))
}

/// Whether a word may start at byte `i`.
fn word_start(p: &str, i: usize) -> bool {
    p[..i].chars().next_back().is_none_or(|c| c.is_whitespace() || "(,;|*—–[".contains(c))
}

/// A key at `i` (`Owner:`, `**DRI:**`, `due:`, `Assigned to:`): the key and
/// where its value starts.
fn key_at(p: &str, i: usize, cx: &Reading) -> Option<(Key, usize)> {
    let s = &p[i..];
    let colon = s.find(':').filter(|c| *c <= 32)?;
    let name = &s[..colon];
    if !name.chars().all(|c| c.is_alphabetic() || " */-_".contains(c)) || name.split_whitespace().count() > 3 {
        return None;
    }
    let n = normalise(name);
    let key = if n == "priority" {
        Key::Priority
    } else {
        match field_for(name, cx.config) {
            Some(Field::Action) | None => return None,
            Some(_) if NOT_LIST_KEYS.contains(&n.as_str()) => return None,
            Some(f) => Key::Field(f),
        }
    };
    let mut v = i + colon + 1;
    if p[v..].starts_with("**") {
        v += 2;
    }
    Some((key, v))
}

/// `due 2024-04-01`, `due by April 1`, `ETA Apr 1 2024` (no colon): the
/// date's range.
fn due_without_colon(p: &str, i: usize) -> Option<Range<usize>> {
    let lower = p[i..].chars().take(9).collect::<String>().to_lowercase();
    let word = ["due ", "eta ", "deadline "].into_iter().find(|w| lower.starts_with(w))?;
    date_after(p, i + word.len())
}

/// The range of a date at `v`, after spaces and a `by` or `on`.
fn date_after(p: &str, v: usize) -> Option<Range<usize>> {
    let mut v = v + (p[v..].len() - p[v..].trim_start().len());
    for filler in ["by ", "on "] {
        if p[v..].get(..3).is_some_and(|w| w.eq_ignore_ascii_case(filler)) {
            v += filler.len();
        }
    }
    let (_, len) = crate::time::take_date(&p[v..])?;
    Some(v..v + len)
}

/// `owner @sam`, `assigned to @sam` (no colon): the handle's range.
fn owner_without_colon(p: &str, i: usize) -> Option<Range<usize>> {
    let lower = p[i..].chars().take(13).collect::<String>().to_lowercase();
    let word =
        ["owner @", "owned by @", "assignee @", "assigned to @", "dri @"].into_iter().find(|w| lower.starts_with(w))?;
    let at = i + word.len();
    let len = p[at..].find(|c: char| !(c.is_alphanumeric() || "._-".contains(c))).unwrap_or(p.len() - at);
    let handle = p[at..at + len].trim_end_matches(['.', '-']);
    is_handle(handle).then(|| at..at + handle.len())
}

/// Where a field's value ends: at `,` `;` `)` `(` `|` `—` `–`, a sentence
/// end, a line end, or the next key.
fn value_end(p: &str, from: usize, spans: &[Range<usize>], cx: &Reading) -> usize {
    let mut i = from;
    while i < p.len() {
        if let Some(s) = spans.iter().find(|s| s.start == i) {
            i = s.end;
            continue;
        }
        let c = p[i..].chars().next().unwrap_or(' ');
        if ",;()|—–\n".contains(c) || (c == '.' && p[i + 1..].starts_with(char::is_whitespace)) {
            return i;
        }
        if i > from
            && word_start(p, i)
            && !c.is_whitespace()
            && (key_at(p, i, cx).is_some() || due_without_colon(p, i).is_some() || owner_without_colon(p, i).is_some())
        {
            return i;
        }
        i += c.len_utf8();
    }
    p.len()
}

/// Reads the fields of `p` into `found` and returns the text left: the action.
fn scan(p: &str, cx: &Reading, found: &mut Found) -> String {
    let spans = protected(p);
    let mut cuts: Vec<Range<usize>> = Vec::new();
    // `@handle`s with their ranges, in order.
    let mut mentions: Vec<Range<usize>> = Vec::new();
    let mut i = 0;
    while i < p.len() {
        if let Some(s) = spans.iter().find(|s| s.start == i) {
            i = s.end;
            continue;
        }
        let c = p[i..].chars().next().unwrap_or(' ');
        if !word_start(p, i) || c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        if c == '(' || (c == '[' && !spans.iter().any(|s| s.contains(&i))) {
            let close = if c == '(' { matching(p, i, b'(', b')') } else { matching(p, i, b'[', b']') };
            if let Some(close) = close {
                let inner = &p[i + 1..close];
                let t = inner.trim();
                let keyed = key_at(t, 0, cx).is_some() || due_without_colon(t, 0).is_some();
                // Fields in brackets are cut only when all of it was read.
                let mut trial = found.clone();
                if keyed && tidy(&scan(t, cx, &mut trial)).is_empty() {
                    *found = trial;
                } else if is_ticket(inner, &spans, i + 1) {
                    if found.ticket.is_none() {
                        found.ticket = Some(t.to_string());
                    }
                } else if let Some(st) = (t.split_whitespace().count() <= 3
                    && !spans.iter().any(|s| i < s.start && s.start < close))
                .then(|| status_words(t))
                .flatten()
                {
                    found.closed |= st;
                } else if let Some(h) = t.strip_prefix('@').filter(|h| is_handle(h)) {
                    found.mention.get_or_insert_with(|| h.to_string());
                } else {
                    i += 1;
                    continue;
                }
                cuts.push(i..close + 1);
                i = close + 1;
                continue;
            }
        }
        if let Some((key, v)) = key_at(p, i, cx).filter(|(key, _)| found.takes(*key)) {
            // A date ends itself (`Due: April 1, 2024` holds a comma).
            let date = (key == Key::Field(Field::Due)).then(|| date_after(p, v)).flatten();
            let end = date.map_or_else(|| value_end(p, v, &spans, cx), |d| d.end);
            let name = &p[i..p[i..].find(':').map_or(i, |c| i + c)];
            found.set(key, name, p[v..end].trim_start_matches('*'), cx);
            cuts.push(i..end);
            i = end.max(i + 1);
            continue;
        }
        if let Some(handle) = owner_without_colon(p, i).filter(|_| found.owner.is_none()) {
            found.set(Key::Field(Field::Owner), "owner", &p[handle.clone()], cx);
            cuts.push(i..handle.end);
            i = handle.end;
            continue;
        }
        if let Some(date) = due_without_colon(p, i).filter(|_| !found.has_due()) {
            found.set(Key::Field(Field::Due), "due", &p[date.clone()], cx);
            cuts.push(i..date.end);
            i = date.end;
            continue;
        }
        if c == '@' {
            let len = p[i + 1..].find(|c: char| !(c.is_alphanumeric() || "._-".contains(c))).unwrap_or(p.len() - i - 1);
            let handle = p[i + 1..i + 1 + len].trim_end_matches(['.', '-']);
            if is_handle(handle) {
                let end = i + 1 + handle.len();
                let end = full_name_end(p, i + 1, end).unwrap_or(end);
                mentions.push(i..end);
                found.mention.get_or_insert_with(|| p[i + 1..end].to_string());
                i = end;
                continue;
            }
        }
        i += c.len_utf8();
    }
    // Mentions, tickets as links or URLs: cut only at either end of what is
    // left, so that "ask @dana to review [the plan](…)" reads as written.
    let mut ends: Vec<Range<usize>> = mentions;
    ends.extend(spans.iter().filter(|s| is_link_or_url(&p[s.start..s.end])).cloned());
    ends.sort_by_key(|r| r.start);
    loop {
        let before = cuts.len();
        for r in &ends {
            if cuts.iter().any(|c| c.start <= r.start && r.end <= c.end) {
                continue;
            }
            let at_end = only_separators(p, r.end..p.len(), &cuts);
            let at_start = only_separators(p, 0..r.start, &cuts);
            if !(at_end || at_start) {
                continue;
            }
            let text = &p[r.clone()];
            if text.starts_with('@') {
                cuts.push(r.clone());
            } else if found.ticket.is_none() && (!text.starts_with('[') || is_ticket_link(text)) {
                found.ticket = Some(text.trim_start_matches('<').trim_end_matches('>').to_string());
                cuts.push(r.clone());
            }
        }
        if cuts.len() == before {
            break;
        }
    }
    let mut action = String::new();
    let mut last = 0;
    cuts.sort_by_key(|r| r.start);
    for r in &cuts {
        if r.start >= last {
            action.push_str(&p[last..r.start]);
            action.push(' ');
        }
        last = last.max(r.end);
    }
    action.push_str(&p[last.min(p.len())..]);
    action
}

/// Words after which a date at the end of an item tells when something
/// happened, not when it is due ("revert the change made on Oct 21").
const NOT_DUE_BEFORE: &[&str] = &[
    "on", "since", "from", "of", "after", "at", "in", "between", "and", "until", "till", "to", "during", "than", "was",
    "were", "is",
];

/// A date standing alone at the end of an item, as GitLab's corrective
/// actions ("`<issue link>` - action - @owner - 2027-01-22") and Confluence
/// task lists ("… @Sam Lee 29 Jan 2027") write the due date: the text
/// before it (without a `by` or `before` that leads it) and the date. A
/// date after a word such as "on" or "since" is part of the sentence.
fn trailing_date(action: &str) -> Option<(String, String)> {
    let t = action.trim_end_matches(|c: char| c.is_whitespace() || ".,;".contains(c));
    let starts = t.char_indices().filter(|(i, c)| {
        !c.is_whitespace() && t[..*i].chars().next_back().is_none_or(|p| p.is_whitespace() || "(,;|—–-".contains(p))
    });
    for (i, _) in starts {
        let Some((_, len)) = crate::time::take_date(&t[i..]) else { continue };
        // The date must end the text (a trailing `)` of `(2027-01-22)` too).
        let after = t[i + len..].trim();
        if !(after.is_empty() || (after == ")" && t[..i].trim_end().ends_with('('))) {
            continue;
        }
        let before = t[..i].trim_end().trim_end_matches('(').trim_end();
        let word_start = before
            .char_indices()
            .rfind(|(_, c)| c.is_whitespace() || "(,;|—–".contains(*c))
            .map_or(0, |(k, c)| k + c.len_utf8());
        let word = before[word_start..].to_lowercase();
        if NOT_DUE_BEFORE.contains(&word.as_str()) || (!word.is_empty() && word.chars().all(|c| c.is_ascii_digit())) {
            return None;
        }
        let keep = if word == "by" || word == "before" { &before[..word_start] } else { before };
        let date = t[i..i + len].trim_end_matches(',').to_string();
        return Some((keep.to_string(), date));
    }
    None
}

/// The text without a `@handle` at its end when it is the item's owner.
fn strip_trailing_mention(text: &str, mention: Option<&str>) -> String {
    let Some(handle) = mention else { return text.to_string() };
    let t = text.trim_end();
    match t.strip_suffix(handle).and_then(|r| r.strip_suffix('@')) {
        Some(rest) if rest.is_empty() || rest.ends_with(|c: char| c.is_whitespace() || "(,;|—–-".contains(c)) => {
            rest.to_string()
        }
        _ => text.to_string(),
    }
}

/// A short text that is only a closing status (`done`, `won't fix`).
fn is_status_only(text: &str) -> bool {
    super::words(text).len() <= 3 && !text.contains(['[', '<', '`', '(']) && status_words(text) == Some(true)
}

/// Where a mention by full name ends, as Confluence and Notion export them
/// (`@Tobias Lang 29 Jan 2027`): a capitalised handle of letters followed by
/// one or two capitalised words, and then nothing, a separator or a date.
/// `None` when the mention is the handle alone (`@Sam Add alerts` names Sam).
fn full_name_end(p: &str, start: usize, handle_end: usize) -> Option<usize> {
    let capitalised = |w: &str| {
        let mut cs = w.chars();
        cs.next().is_some_and(char::is_uppercase) && cs.all(|c| c.is_alphabetic() || c == '\'' || c == '-')
    };
    if !capitalised(&p[start..handle_end]) {
        return None;
    }
    let mut end = handle_end;
    let mut found = None;
    for _ in 0..2 {
        let rest = &p[end..];
        let Some(next) = rest.strip_prefix(' ') else { break };
        let word_at = end + rest.len() - next.len();
        let word_len = p[word_at..].find(|c: char| c.is_whitespace() || ",;)".contains(c)).unwrap_or(p.len() - word_at);
        if word_len == 0 || !capitalised(&p[word_at..word_at + word_len]) {
            break;
        }
        end = word_at + word_len;
        let after = p[end..].trim_start();
        let closes = after.is_empty()
            || after.starts_with([',', ';', ')', '—', '–', '-', '|'])
            || date_after(p, end).is_some_and(|d| p[d.end..].trim().is_empty());
        if closes {
            found = Some(end);
        }
    }
    found
}

fn is_handle(h: &str) -> bool {
    h.starts_with(|c: char| c.is_alphanumeric()) && h.chars().all(|c| c.is_alphanumeric() || "._-".contains(c))
}

fn is_link_or_url(text: &str) -> bool {
    text.starts_with('[') || text.starts_with("http") || text.starts_with("<http")
}

/// Whether `range` of `p` holds nothing but cut text, spaces and separators.
fn only_separators(p: &str, range: Range<usize>, cuts: &[Range<usize>]) -> bool {
    p[range.clone()].char_indices().all(|(k, c)| {
        let at = range.start + k;
        c.is_whitespace() || ",;:|—–-.()".contains(c) || cuts.iter().any(|r| r.contains(&at))
    })
}
