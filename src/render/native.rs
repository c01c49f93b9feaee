//! The default theme's busiest pages (incident pages, the history, the
//! action-items page and the service and tag pages) written straight from
//! their views, byte for byte what the theme's Tera templates produce.
//!
//! Tera interprets a template node by node and looks every variable up in a
//! JSON copy of the view, which made it most of the cost of a large build.
//! These writers are used only while the page's template and `macros.html`
//! are the built-in ones ([`Templates::native`]); a theme or site that
//! replaces either gets Tera, as before. The page around the content
//! (`base.html`) is still rendered by Tera, with markers where the title and
//! content go: once per kind of page for the built-in `base.html`, once per
//! page (with the page's whole context) for a replaced one. The tests at the
//! bottom render sites both ways and compare every file.
//!
//! Each function names the template or macro it stands for; a change to one
//! must be made to the other, and the comparison test fails until it is.

use std::io::Write;

use super::views::{ActionView, DurationView, IncidentSummary, IncidentView, LinkView, TermRef, TimeView};
use super::{ListedAction, TermView, YearView};
use crate::escape;

/// Where the title and the content of a page go in its rendered shell. No
/// variable can write them: every variable of `base.html` is escaped, so
/// none can produce a `<`.
const TITLE_MARK: &str = "<warroom-title>";
const CONTENT_MARK: &str = "<warroom-content>";

/// Child templates of `base.html` that fill the title and content blocks
/// with markers, added beside the theme's templates.
pub(crate) const SHELL_TEMPLATES: &[(&str, &str)] = &[
    (
        "__warroom/shell-titled.html",
        "{% extends \"base.html\" %}{% block title %}<warroom-title>{% endblock title %}\
         {% block content %}<warroom-content>{% endblock content %}",
    ),
    ("__warroom/shell.html", "{% extends \"base.html\" %}{% block content %}<warroom-content>{% endblock content %}"),
];

/// The name of the shell template, for pages that set their title or not.
pub(crate) fn shell_template(titled: bool) -> &'static str {
    SHELL_TEMPLATES[usize::from(!titled)].0
}

/// `base.html` rendered around markers: the text before the title (when the
/// page sets its own title), before the content, and after it.
#[derive(Debug, Clone)]
pub(crate) struct Shell {
    pub before_title: Option<String>,
    pub before_content: String,
    pub after_content: String,
}

impl Shell {
    /// Splits a shell rendered from [`SHELL_TEMPLATES`]; `None` when the
    /// markers are not there once each.
    pub fn split(rendered: &str, titled: bool) -> Option<Shell> {
        let (before_title, rest) = if titled {
            let (a, b) = rendered.split_once(TITLE_MARK)?;
            (Some(a.to_string()), b)
        } else {
            (None, rendered)
        };
        let (before_content, after_content) = rest.split_once(CONTENT_MARK)?;
        if [before_content, after_content].iter().any(|p| p.contains(TITLE_MARK) || p.contains(CONTENT_MARK)) {
            return None;
        }
        Some(Shell {
            before_title,
            before_content: before_content.to_string(),
            after_content: after_content.to_string(),
        })
    }
}

/// A page being written: text is gathered and handed to the file in large
/// pieces, so a page of 40,000 rows never sits in memory whole.
pub(crate) struct Out<'w> {
    buf: String,
    w: &'w mut dyn Write,
}

impl<'w> Out<'w> {
    pub fn new(w: &'w mut dyn Write) -> Out<'w> {
        Out { buf: String::with_capacity(32 * 1024), w }
    }

    /// Markup, as is.
    fn raw(&mut self, s: &str) -> &mut Self {
        self.buf.push_str(s);
        self
    }

    /// Text, escaped as Tera's autoescape does (`crate::escape::html`).
    fn text(&mut self, s: &str) -> &mut Self {
        escape::html_into(&mut self.buf, s);
        self
    }

    /// Text lowercased, then escaped (Tera's `| lower`).
    fn lower(&mut self, s: &str) -> &mut Self {
        if s.is_ascii() {
            // Lowercased where it lands: the escapes are lowercase already.
            let start = self.buf.len();
            escape::html_into(&mut self.buf, s);
            self.buf[start..].make_ascii_lowercase();
        } else {
            escape::html_into(&mut self.buf, &s.to_lowercase());
        }
        self
    }

    /// Text, escaped, or `markup` for no text.
    fn text_or(&mut self, s: &str, markup: &str) -> &mut Self {
        if s.is_empty() {
            self.raw(markup)
        } else {
            self.text(s)
        }
    }

    fn num(&mut self, n: impl std::fmt::Display) -> &mut Self {
        use std::fmt::Write as _;
        let _ = write!(self.buf, "{n}");
        self
    }

    /// Tera's `| pluralize`: `s` unless the count is one.
    fn plural(&mut self, n: usize) -> &mut Self {
        if n != 1 {
            self.buf.push('s');
        }
        self
    }

    /// Hands what is gathered to the file once it is large.
    fn spill(&mut self) -> std::io::Result<()> {
        if self.buf.len() >= 32 * 1024 {
            self.w.write_all(self.buf.as_bytes())?;
            self.buf.clear();
        }
        Ok(())
    }

    pub fn finish(self) -> std::io::Result<()> {
        self.w.write_all(self.buf.as_bytes())
    }
}

/// Writes a page: its shell, the title (when the page sets one) and the content.
pub(crate) fn page(
    w: &mut dyn Write,
    shell: &Shell,
    title: Option<&dyn Fn(&mut Out)>,
    content: &mut dyn FnMut(&mut Out) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut out = Out::new(w);
    if let (Some(before), Some(title)) = (&shell.before_title, title) {
        out.raw(before);
        title(&mut out);
    }
    out.raw(&shell.before_content);
    content(&mut out)?;
    out.raw(&shell.after_content);
    out.finish()
}

// --- incident.html -----------------------------------------------------------

/// `incident.html`'s title block.
pub(crate) fn incident_title(out: &mut Out, doc: &IncidentView, site_title: &str) {
    out.text(&doc.row.title).raw(" · ").text(site_title);
}

/// `incident.html`'s content block.
pub(crate) fn incident(out: &mut Out, doc: &IncidentView, root: &str) {
    let row = &doc.row;
    out.raw("\n<article class=\"doc incident\" data-id=\"").text(&row.id).raw("\">\n");
    out.raw("  <nav class=\"breadcrumb\" aria-label=\"Breadcrumb\"><a href=\"").text(root);
    out.raw("incidents/index.html\">Incidents</a> › ").text(&row.date).raw("</nav>\n");
    out.raw("  <h1 class=\"doc-title\">");
    severity_badge(out, &row.severity, row.severity_rank);
    out.raw(" ").text(&row.title).raw("</h1>\n  ");
    if row.status != "final" {
        out.raw("<p class=\"notice notice-").text(row.status).raw("\">This post-mortem is <strong>");
        out.text(row.status).raw("</strong>");
        out.raw(if row.status == "draft" { " and may be incomplete or wrong" } else { " and may still change" });
        out.raw(".</p>");
    }
    out.raw("\n  ");
    incident_body(out, doc, root);
    out.raw("\n\n  ");
    if !doc.related.is_empty() || !doc.related_incidents.is_empty() {
        out.raw("\n  <aside class=\"related-box\">\n    ");
        let boxes = [
            ("Related runbooks and documents", &doc.related),
            ("Incidents sharing a service or tag", &doc.related_incidents),
        ];
        for (n, (heading, links)) in boxes.into_iter().enumerate() {
            if n > 0 {
                out.raw("\n    ");
            }
            if !links.is_empty() {
                out.raw("\n    <section>\n      <h2>").raw(heading).raw("</h2>\n      ");
                link_list(out, links, root);
                out.raw("\n    </section>\n    ");
            }
        }
        out.raw("\n  </aside>\n  ");
    }
    out.raw("\n  ");
    if !doc.edit_path.is_empty() {
        out.raw("<p class=\"source-path\">Source: <code>").text(&doc.edit_path).raw("</code></p>");
    }
    out.raw("\n</article>\n");
}

/// Macro `incident_body`.
fn incident_body(out: &mut Out, doc: &IncidentView, root: &str) {
    incident_meta(out, doc, root);
    out.raw("\n");
    if !doc.customer_summary.is_empty() {
        out.raw("<div class=\"customer-summary\"><h2 class=\"label\">Customer summary</h2><p>");
        out.text(&doc.customer_summary).raw("</p></div>");
    }
    out.raw("\n");
    if !doc.preamble_html.is_empty() {
        out.raw("<div class=\"preamble prose\">").raw(&doc.preamble_html).raw("</div>");
    }
    out.raw("\n<div class=\"prose\">\n");
    sections(out, doc, root);
    out.raw("\n</div>");
}

/// Macro `incident_meta`.
fn incident_meta(out: &mut Out, doc: &IncidentView, root: &str) {
    let row = &doc.row;
    out.raw("<div class=\"incident-head\">\n<dl class=\"meta incident-meta\">\n");
    out.raw("  <div><dt>Severity</dt><dd>");
    severity_badge(out, &row.severity, row.severity_rank);
    out.raw("</dd></div>\n  <div><dt>Status</dt><dd>");
    status_pill(out, row.status);
    out.raw("</dd></div>\n  <div><dt>Date</dt><dd><time datetime=\"").text(&row.date).raw("\">").text(&row.date);
    out.raw("</time></dd></div>\n  <div><dt>ID</dt><dd><code>").text(&row.id).raw("</code></dd></div>\n");
    out.raw("  <div class=\"wide\"><dt>Services</dt><dd>");
    term_links(out, &row.services, root);
    out.raw("</dd></div>\n  ");
    if !row.tags.is_empty() {
        out.raw("<div class=\"wide\"><dt>Tags</dt><dd>");
        term_links(out, &row.tags, root);
        out.raw("</dd></div>");
    }
    out.raw("\n  ");
    if !doc.commander.is_empty() {
        out.raw("<div><dt>Commander</dt><dd>").text(&doc.commander).raw("</dd></div>");
    }
    out.raw("\n  ");
    if !doc.authors.is_empty() {
        out.raw("<div><dt>Authors</dt><dd>").text(&doc.authors.join(", ")).raw("</dd></div>");
    }
    out.raw("\n  ");
    if !doc.responders.is_empty() {
        out.raw("<div class=\"wide\"><dt>Responders</dt><dd>").text(&doc.responders.join(", ")).raw("</dd></div>");
    }
    out.raw("\n</dl>\n<div class=\"table-wrap\">\n<table class=\"times\">\n");
    out.raw("  <thead><tr><th scope=\"col\">Milestone</th><th scope=\"col\">Local");
    if !doc.timezone.is_empty() {
        out.raw(" (").text(&doc.timezone).raw(")");
    }
    out.raw("</th><th scope=\"col\">UTC</th></tr></thead>\n  <tbody>\n");
    for (class, label, t) in [
        ("started", "Started", &doc.started),
        ("detected", "Detected", &doc.detected),
        ("mitigated", "Mitigated", &doc.mitigated),
        ("resolved", "Resolved", &doc.resolved),
    ] {
        out.raw("    <tr class=\"ms-").raw(class).raw("\"><th scope=\"row\">").raw(label).raw("</th>");
        time_cells(out, t.as_ref());
        out.raw("</tr>\n");
    }
    out.raw("  </tbody>\n</table>\n</div>\n");
    metrics(out, doc);
    out.raw("\n</div>");
}

/// Macro `time_cells`.
fn time_cells(out: &mut Out, t: Option<&TimeView>) {
    match t {
        Some(t) => {
            out.raw("<td><time datetime=\"").text(&t.iso).raw("\">").text(&t.local);
            out.raw("</time></td><td class=\"utc\">").text(&t.utc).raw("</td>");
        }
        None => {
            out.raw("<td class=\"muted\">—</td><td class=\"muted\">—</td>");
        }
    }
}

/// Macro `metrics`.
fn metrics(out: &mut Out, doc: &IncidentView) {
    out.raw("<ul class=\"metrics\">\n");
    for (title, abbr, d) in [
        ("Time to detect", "TTD", &doc.time_to_detect),
        ("Time to mitigate", "TTM", &doc.time_to_mitigate),
        ("Time to resolve", "TTR", &doc.time_to_resolve),
    ] {
        out.raw("  <li><span class=\"metric-label\"><abbr title=\"").raw(title).raw("\">").raw(abbr);
        out.raw("</abbr></span> ");
        duration(out, d.as_ref());
        out.raw("</li>\n");
    }
    out.raw("  ");
    if doc.row.open_actions > 0 {
        out.raw("<li><span class=\"metric-label\">Open actions</span> ").num(doc.row.open_actions).raw("</li>");
    }
    out.raw("\n</ul>");
}

/// Macro `sections`, for an incident.
fn sections(out: &mut Out, doc: &IncidentView, root: &str) {
    let tz = doc.timezone.as_str();
    let show_utc = tz != "UTC" && tz != "Etc/UTC" && tz != "Z" && tz != "+00:00";
    out.raw("\n");
    for s in &doc.sections {
        out.raw("\n<section class=\"doc-section");
        if !s.key.is_empty() {
            out.raw(" section-").text(&s.key);
        }
        out.raw("\">\n  <h2 id=\"").text(&s.anchor).raw("\">").text(&s.title);
        out.raw("<a class=\"anchor\" href=\"#")
            .text(&s.anchor)
            .raw("\" aria-label=\"Link to this section\">#</a></h2>\n  ");
        if s.key == "timeline" && !doc.timeline.is_empty() {
            timeline(out, doc, show_utc);
            out.raw("\n    ").raw(s.rest_html());
        } else if s.key == "root-cause" && !doc.whys.is_empty() {
            out.raw("<ol class=\"whys\">\n");
            for w in &doc.whys {
                out.raw("\n  <li class=\"why\"><div class=\"why-n\">Why ").num(w.n);
                out.raw("</div><div class=\"why-body\">").raw(&w.html).raw("</div></li>\n");
            }
            out.raw("\n</ol>");
            out.raw("\n    ").raw(s.rest_html());
        } else if s.key == "action-items" && !doc.action_items.is_empty() {
            action_item_table(out, &doc.action_items, root);
            out.raw("\n    ").raw(s.rest_html());
        } else {
            out.raw(&s.html);
        }
        out.raw("\n</section>\n");
    }
}

/// Macro `timeline`.
fn timeline(out: &mut Out, doc: &IncidentView, show_utc: bool) {
    out.raw("<ol class=\"timeline\">\n");
    for (n, e) in doc.timeline.iter().enumerate() {
        out.raw("\n  ");
        if e.new_day {
            out.raw("<li class=\"tl-day\"><h3 class=\"tl-date\">").text(&e.date).raw("</h3></li>");
        }
        out.raw("\n  <li class=\"tl-entry");
        if !e.milestone.is_empty() {
            out.raw(" tl-milestone ms-").text(e.milestone);
        }
        out.raw("\" id=\"tl-").num(n + 1).raw("\">\n    <div class=\"tl-when\"><time class=\"tl-time\" datetime=\"");
        out.text(&e.iso).raw("\" title=\"").text(&e.utc).raw("\">").text(&e.time).raw("</time>");
        if show_utc && !e.utc.is_empty() {
            out.raw("<span class=\"tl-utc\">").text(&e.utc).raw("</span>");
        }
        out.raw("</div>\n    <div class=\"tl-rail\" aria-hidden=\"true\"><span class=\"tl-dot\"></span></div>\n");
        out.raw("    <div class=\"tl-body\">");
        if !e.milestone.is_empty() {
            out.raw("<span class=\"badge milestone ms-").text(e.milestone).raw("\">").text(e.milestone).raw("</span> ");
        }
        out.raw(&e.text_html).raw("</div>\n  </li>\n");
    }
    out.raw("\n</ol>");
}

/// Macro `action_item_table` (without the incident column).
fn action_item_table(out: &mut Out, items: &[ActionView], root: &str) {
    action_item_table_start(out, false);
    out.raw("\n  ");
    for a in items {
        out.raw("\n");
        action_item_row(out, a, None, root);
        out.raw("\n  ");
    }
    out.raw("\n");
    action_item_table_end(out);
}

/// Macro `action_item_table_start`.
fn action_item_table_start(out: &mut Out, show_incident: bool) {
    out.raw("<div class=\"table-wrap\">\n<table class=\"action-items\">\n  <thead><tr>\n");
    out.raw("    <th scope=\"col\">Action</th><th scope=\"col\">Owner</th><th scope=\"col\">Due</th>\n");
    out.raw("    <th scope=\"col\">Ticket</th><th scope=\"col\">Type</th><th scope=\"col\">Status</th>\n    ");
    if show_incident {
        out.raw("<th scope=\"col\">Incident</th>");
    }
    out.raw("\n  </tr></thead>\n  <tbody>");
}

/// Macro `action_item_row`; `incident` is the link of the incident column, when shown.
fn action_item_row(out: &mut Out, a: &ActionView, incident: Option<(&str, &str)>, root: &str) {
    out.raw("<tr class=\"action-item status-").text(a.status);
    if a.overdue {
        out.raw(" overdue");
    }
    out.raw("\" data-owner=\"").text(&a.owner).raw("\" data-status=\"").text(a.status);
    out.raw("\" data-due=\"").text(&a.due).raw("\">\n");
    out.raw("    <td class=\"action\" data-label=\"Action\">").raw(&a.action_html).raw("</td>\n");
    out.raw("    <td class=\"owner nowrap\" data-label=\"Owner\">");
    out.text_or(&a.owner, "<span class=\"missing\">no owner</span>");
    out.raw("</td>\n    <td class=\"due nowrap\" data-label=\"Due\">");
    if a.due.is_empty() {
        out.raw("<span class=\"missing\">no date</span>");
    } else {
        out.raw("<time datetime=\"").text(&a.due).raw("\">").text(&a.due).raw("</time>");
    }
    if a.overdue {
        out.raw(" <span class=\"badge overdue-label\">overdue</span>");
    }
    out.raw("</td>\n    <td class=\"ticket\" data-label=\"Ticket\">");
    if !a.ticket_url.is_empty() {
        out.raw("<a href=\"").text(&a.ticket_url).raw("\">");
        out.text(if a.ticket.is_empty() { &a.ticket_url } else { &a.ticket });
        out.raw("</a>");
    } else if !a.ticket.is_empty() {
        out.text(&a.ticket);
    }
    out.raw("</td>\n    <td class=\"type\" data-label=\"Type\">");
    if !a.kind.is_empty() {
        out.raw("<span class=\"type-label type-").lower(&a.kind).raw("\">").text(&a.kind).raw("</span>");
    }
    out.raw("</td>\n    <td class=\"status nowrap\" data-label=\"Status\">");
    out.raw(if a.status == "done" {
        "<span class=\"badge pill item-done\">done</span>"
    } else {
        "<span class=\"badge pill item-open\">open</span>"
    });
    out.raw("</td>\n    ");
    if let Some((title, url)) = incident {
        out.raw("<td class=\"incident\" data-label=\"Incident\"><a href=\"").text(root).text(url).raw("\">");
        out.text(title).raw("</a></td>");
    }
    out.raw("\n  </tr>");
}

/// Macro `action_item_table_end`.
fn action_item_table_end(out: &mut Out) {
    out.raw("</tbody>\n</table>\n</div>");
}

// --- incidents.html, action-items.html, taxonomy.html -----------------------

/// What `incidents.html` shows.
pub(crate) struct History<'a> {
    pub page_title: &'a str,
    pub years: &'a [YearView<'a>],
    pub incident_count: usize,
    pub severities: &'a [String],
    pub services: &'a [String],
    pub statuses: &'a [&'static str],
}

/// `incidents.html`'s content block.
pub(crate) fn history(out: &mut Out, h: &History, root: &str) -> std::io::Result<()> {
    out.raw("\n<h1>").text(h.page_title).raw("</h1>\n<p class=\"lede\">").num(h.incident_count);
    out.raw(" post-mortem").plural(h.incident_count).raw(", newest first.\n  ");
    if h.years.len() > 1 {
        out.raw("Jump to\n  ");
        for (n, y) in h.years.iter().enumerate() {
            out.raw("<a href=\"#year-").text(&y.year).raw("\">").text(&y.year).raw("</a>");
            if n + 1 < h.years.len() {
                out.raw(", ");
            }
        }
        out.raw(".");
    }
    out.raw("\n  <a href=\"").text(root).raw("incidents.json\">JSON</a> · <a href=\"").text(root);
    out.raw("feed.xml\">Atom feed</a></p>\n\n<form class=\"filters\" id=\"incident-filters\" hidden>\n");
    out.raw("  <label>Severity\n    <select data-filter=\"severity\">\n      <option value=\"\">All</option>\n      ");
    options(out, h.severities.iter().map(String::as_str));
    out.raw("\n    </select>\n  </label>\n  <label>Service\n    <select data-filter=\"services\">\n");
    out.raw("      <option value=\"\">All</option>\n      ");
    options(out, h.services.iter().map(String::as_str));
    out.raw("\n    </select>\n  </label>\n  <label>Status\n    <select data-filter=\"status\">\n");
    out.raw("      <option value=\"\">All</option>\n      ");
    options(out, h.statuses.iter().copied());
    out.raw("\n    </select>\n  </label>\n  <label class=\"grow\">Text\n");
    out.raw("    <input type=\"search\" data-filter=\"text\" placeholder=\"Filter by title, id, service…\" autocomplete=\"off\">\n");
    out.raw("  </label>\n  <button type=\"reset\" class=\"btn\">Clear</button>\n");
    out.raw("  <output class=\"filter-count\" aria-live=\"polite\"></output>\n</form>\n\n");
    if h.years.is_empty() {
        out.raw("\n<p class=\"empty\">No post-mortems yet. Create one with <code>warroom new incident \"Title\"</code>.</p>\n");
    } else {
        out.raw("\n");
        for y in h.years {
            out.raw("\n<section class=\"year-group\" id=\"year-").text(&y.year).raw("\">\n  <h2>").text(&y.year);
            out.raw(" <span class=\"count\">").num(y.incidents.len()).raw("</span></h2>\n  ");
            incident_table(out, &y.incidents, root)?;
            out.raw("\n</section>\n");
        }
        out.raw("\n<p class=\"empty filter-empty\" hidden>No incident matches these filters.</p>\n");
    }
    out.raw("\n");
    Ok(())
}

fn options<'s>(out: &mut Out, values: impl Iterator<Item = &'s str>) {
    for v in values {
        out.raw("<option value=\"").text(v).raw("\">").text(v).raw("</option>");
    }
}

/// What `action-items.html` shows.
pub(crate) struct ActionItems<'a> {
    pub page_title: &'a str,
    pub items: &'a [ListedAction<'a>],
    pub owners: usize,
    pub open_count: usize,
    pub overdue_count: usize,
    pub done_count: usize,
}

/// `action-items.html`'s content block.
pub(crate) fn action_items(out: &mut Out, p: &ActionItems, root: &str) -> std::io::Result<()> {
    out.raw("\n<h1>").text(p.page_title).raw("</h1>\n<ul class=\"stat-cards\">\n");
    out.raw("  <li class=\"card\"><span class=\"card-value\">").num(p.open_count);
    out.raw("</span><span class=\"card-label\">open</span></li>\n  <li class=\"card");
    if p.overdue_count > 0 {
        out.raw(" card-alert");
    }
    out.raw("\"><span class=\"card-value\">").num(p.overdue_count);
    out.raw("</span><span class=\"card-label\">overdue</span></li>\n");
    out.raw("  <li class=\"card\"><span class=\"card-value\">").num(p.done_count);
    out.raw("</span><span class=\"card-label\">done</span></li>\n");
    out.raw("  <li class=\"card\"><span class=\"card-value\">").num(p.owners);
    out.raw("</span><span class=\"card-label\">owner").plural(p.owners).raw("</span></li>\n</ul>\n");
    if p.items.is_empty() {
        out.raw("\n<p class=\"empty\">No open action items.</p>\n");
    } else {
        out.raw("\n<div class=\"toolbar\" id=\"action-toolbar\" hidden>\n");
        out.raw("  <label class=\"toggle\"><input type=\"checkbox\" id=\"group-by-owner\"> Group by owner</label>\n");
        out.raw("</div>\n<div id=\"action-items\">\n");
        action_item_table_start(out, true);
        out.raw("\n");
        for a in p.items {
            out.raw("\n");
            action_item_row(out, a.item, Some((a.incident.title, a.incident.url)), root);
            out.raw("\n");
            out.spill()?;
        }
        out.raw("\n");
        action_item_table_end(out);
        out.raw("\n</div>\n");
    }
    out.raw("\n");
    Ok(())
}

/// `taxonomy.html`'s content block.
pub(crate) fn taxonomy(out: &mut Out, term: &TermView, root: &str) -> std::io::Result<()> {
    let (label, index_url, index_label) = if term.taxonomy == "tag" || term.taxonomy == "tags" {
        ("Tag", "tags/index.html", "Tags")
    } else {
        ("Service", "services/index.html", "Services")
    };
    out.raw("\n\n<nav class=\"breadcrumb\" aria-label=\"Breadcrumb\"><a href=\"").text(root).raw(index_url);
    out.raw("\">").raw(index_label).raw("</a></nav>\n<h1><span class=\"muted\">").raw(label).raw(":</span> ");
    out.text(&term.name).raw("</h1>\n<ul class=\"stat-cards\">\n  <li class=\"card\"><span class=\"card-value\">");
    out.num(term.incident_count).raw("</span><span class=\"card-label\">incident").plural(term.incident_count);
    out.raw("</span></li>\n  <li class=\"card\"><span class=\"card-value\">");
    out.text_or(&term.last_incident, "—");
    out.raw("</span><span class=\"card-label\">last incident</span></li>\n");
    out.raw("  <li class=\"card\"><span class=\"card-value\">");
    match &term.mean_ttr {
        Some(d) => out.text(&d.human),
        None => out.raw("—"),
    };
    out.raw("</span><span class=\"card-label\">mean time to resolve</span></li>\n");
    out.raw("  <li class=\"card\"><span class=\"card-value\">").num(term.runbooks.len());
    out.raw("</span><span class=\"card-label\">runbook").plural(term.runbooks.len()).raw("</span></li>\n</ul>\n\n");
    if !term.runbooks.is_empty() {
        out.raw("\n<section aria-labelledby=\"h-runbooks\">\n  <h2 id=\"h-runbooks\">Runbooks</h2>\n  ");
        link_list(out, &term.runbooks, root);
        out.raw("\n</section>\n");
    }
    out.raw("\n\n<section aria-labelledby=\"h-incidents\">\n  <h2 id=\"h-incidents\">Incidents</h2>\n  ");
    if term.incidents.is_empty() {
        out.raw("\n  <p class=\"empty\">No incidents with this ").lower(label).raw(".</p>\n  ");
    } else {
        out.raw("\n  ");
        incident_table(out, &term.incidents, root)?;
        out.raw("\n  ");
    }
    out.raw("\n</section>\n");
    Ok(())
}

/// Macro `incident_table` with services and no caption.
fn incident_table(out: &mut Out, incidents: &[&IncidentSummary], root: &str) -> std::io::Result<()> {
    out.raw("<div class=\"table-wrap\">\n<table class=\"incidents sortable\">\n  \n  <thead><tr>\n");
    out.raw("    <th scope=\"col\">Date</th><th scope=\"col\">Incident</th><th scope=\"col\">Severity</th>\n");
    out.raw("    <th scope=\"col\">Status</th><th scope=\"col\">Duration</th><th scope=\"col\">Services</th>\n");
    out.raw("  </tr></thead>\n  <tbody>\n");
    for i in incidents {
        incident_row(out, i, root);
        out.spill()?;
    }
    out.raw("\n  </tbody>\n</table>\n</div>");
    Ok(())
}

/// One row of macro `incident_rows`, with services.
fn incident_row(out: &mut Out, i: &IncidentSummary, root: &str) {
    out.raw("\n<tr class=\"incident-row sev-row-").text(&i.severity).raw("\" data-severity=\"").text(&i.severity);
    out.raw("\" data-status=\"").text(i.status).raw("\"\n    data-services=\"");
    names(out, &i.services, false);
    out.raw("\"\n    data-text=\"").lower(&i.id).raw(" ").lower(&i.title);
    if !i.summary.is_empty() {
        out.raw(" ").lower(&i.summary);
    }
    out.raw(" ");
    names(out, &i.services, true);
    if !i.tags.is_empty() {
        out.raw(" ");
        names(out, &i.tags, true);
    }
    out.raw("\">\n  <td class=\"date nowrap\" data-sort=\"").text(&i.date).raw("\">").text(&i.date).raw("</td>\n");
    out.raw("  <td class=\"title-cell\"><a href=\"").text(root).text(&i.url).raw("\">").text(&i.title).raw("</a>");
    if i.open_actions > 0 {
        out.raw(" <span class=\"badge open-actions\" title=\"").num(i.open_actions).raw(" open action item");
        out.plural(i.open_actions).raw("\">").num(i.open_actions).raw(" open</span>");
    }
    out.raw("\n    <span class=\"incident-id\">").text(&i.id).raw("</span></td>\n");
    out.raw("  <td class=\"nowrap\" data-sort=\"").num(i.severity_rank).raw("\">");
    severity_badge(out, &i.severity, i.severity_rank);
    out.raw("</td>\n  <td class=\"nowrap\" data-sort=\"").text(i.status).raw("\">");
    status_pill(out, i.status);
    out.raw("</td>\n  <td class=\"nowrap num\" data-sort=\"");
    match &i.duration {
        Some(d) => out.num(d.seconds),
        None => out.raw("-1"),
    };
    out.raw("\">");
    duration(out, i.duration.as_ref());
    out.raw("</td>\n  <td class=\"services\">");
    term_links(out, &i.services, root);
    out.raw("</td>\n</tr>");
}

/// `terms | map(attribute="name") | join(sep=" ")`, lowercased or not.
fn names(out: &mut Out, terms: &[TermRef], lower: bool) {
    for (n, t) in terms.iter().enumerate() {
        if n > 0 {
            out.raw(" ");
        }
        if lower {
            out.lower(&t.name);
        } else {
            out.text(&t.name);
        }
    }
}

// --- small macros ------------------------------------------------------------

/// Macro `severity_badge` (the rank is always given).
fn severity_badge(out: &mut Out, sev: &str, rank: usize) {
    out.raw("<span class=\"badge sev sev-").text(sev).raw(" sev-rank-").num(rank).raw("\">").text(sev).raw("</span>");
}

/// Macro `status_pill`.
fn status_pill(out: &mut Out, status: &str) {
    out.raw("<span class=\"badge pill status-").text(status).raw("\">").text(status).raw("</span>");
}

/// Macro `term_links`.
fn term_links(out: &mut Out, terms: &[TermRef], root: &str) {
    for (n, t) in terms.iter().enumerate() {
        out.raw("<a class=\"term\" href=\"").text(root).text(&t.url).raw("\">").text(&t.name).raw("</a>");
        if n + 1 < terms.len() {
            out.raw(", ");
        }
    }
}

/// Macro `link_list`.
fn link_list(out: &mut Out, links: &[LinkView], root: &str) {
    out.raw("<ul class=\"link-list\">\n");
    for l in links {
        out.raw("  <li><a href=\"").text(root).text(&l.url).raw("\">").text(&l.title);
        out.raw("</a> <span class=\"kind kind-").text(l.kind).raw("\">");
        match l.kind {
            "postmortem" => out.raw("Post-mortem"),
            "runbook" => out.raw("Runbook"),
            "contacts" => out.raw("Phone list"),
            other => out.text(other),
        };
        out.raw("</span></li>\n");
    }
    out.raw("</ul>");
}

/// Macro `duration`.
fn duration(out: &mut Out, d: Option<&DurationView>) {
    match d {
        Some(d) => {
            out.raw("<span class=\"duration\" data-seconds=\"").num(d.seconds).raw("\">").text(&d.human).raw("</span>");
        }
        None => {
            out.raw("<span class=\"muted\">—</span>");
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::render::{render, templates, Site};

    /// Renders the site at `root` natively and through Tera only, and
    /// requires every file to be the same byte for byte.
    fn same_both_ways(root: &Path, drafts: bool) -> usize {
        let loaded = crate::site::load(root).unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let site = Site { lib: &loaded.lib, config: &loaded.config, today, commit: "abc123".into(), drafts };
        let native = templates::load(root, &loaded.config.theme).unwrap();
        assert!(native.native("incident.html"));
        // Two documents with one id share a page path (a site `check`
        // refuses to build); such files come out in either order.
        let sorted = |mut files: Vec<crate::render::OutputFile>| {
            files.sort_by(|a, b| (&a.path, &a.bytes).cmp(&(&b.path, &b.bytes)));
            files
        };
        let fast = sorted(render(&site, &native).unwrap());
        let slow = sorted(render(&site, &native.tera_only()).unwrap());
        let paths = |files: &[crate::render::OutputFile]| files.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
        assert_eq!(paths(&fast), paths(&slow), "{}", root.display());
        for (a, b) in fast.iter().zip(&slow) {
            if a.bytes != b.bytes {
                let (x, y) = (String::from_utf8_lossy(&a.bytes), String::from_utf8_lossy(&b.bytes));
                let line = x.lines().zip(y.lines()).position(|(x, y)| x != y).unwrap_or(0);
                panic!(
                    "{}: `{}` differs from Tera's at line {}:\n native: {:?}\n tera:   {:?}",
                    root.display(),
                    a.path,
                    line + 1,
                    x.lines().nth(line),
                    y.lines().nth(line)
                );
            }
        }
        fast.len()
    }

    fn repo() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
    }

    #[test]
    fn example_site_is_the_same_as_through_tera() {
        assert!(same_both_ways(&repo(), false) > 30);
        same_both_ways(&repo(), true);
    }

    #[test]
    fn fixture_sites_are_the_same_as_through_tera() {
        let mut roots = vec![repo().join("tests/fixtures/build/basic"), repo().join("tests/fixtures/print")];
        for rule in std::fs::read_dir(repo().join("tests/fixtures/check")).unwrap() {
            let rule = rule.unwrap().path();
            roots.extend(["bad", "good"].iter().map(|k| rule.join(k)).filter(|p| p.is_dir()));
        }
        assert!(roots.len() > 40);
        for root in roots {
            same_both_ways(&root, true);
        }
    }

    /// Writes `text` to `rel` under `root`, making its folders.
    fn write_file(root: &std::path::Path, rel: &str, text: &str) {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Text that needs escaping, odd case, empty and missing fields, drafts,
    /// zones without UTC and pages with and without related documents.
    #[test]
    fn awkward_content_is_the_same_as_through_tera() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let write = |rel: &str, text: &str| write_file(root, rel, text);
        write("warroom.yaml", "title: \"Ops <&> 'Σίσυφος' \\\"handbook\\\"\"\ntimezone: Europe/Berlin\n");
        write(
            "content/incidents/a.md",
            "---\nid: INC-<1>\ntitle: \"ÀΣ <b>bold</b> & 'quoted'\"\ndate: 2026-03-01\nseverity: SEV1\nstatus: draft\n\
             services: [\"Api & <Web>\", ΣΊΣΥΦΟΣ]\ntags: []\ncommander: \"A & B\"\nauthors: [\"<x>\", y]\n\
             customer_summary: \"Users <saw> errors & \\\"retries\\\"\"\ntimezone: America/New_York\n\
             started: 2026-03-01T10:00:00Z\nresolved: 2026-03-01T12:30:00Z\n---\n\
             Preamble *text*.\n\n## Summary\n\nA <span>raw</span> & text.\n\n## Timeline\n\n\
             - 10:00 [started] Began & <went> wrong\n- 23:59 Late\n- 2026-03-02 00:10 [resolved] Next day\n\n\
             After the timeline.\n\n## Root cause\n\n1. Why one\n2. Why <two>\n\nMore.\n\n## Action items\n\n\
             - [ ] Fix it <now> (owner: @Zoë, due: 2026-01-01, ticket: OPS-1, type: Mitigate)\n\
             - [x] Done one (owner: bob, type: PREVENT)\n- [ ] No owner\n\n## Odd section\n\nText.\n",
        );
        write(
            "content/incidents/b.md",
            "---\nid: INC-2\ntitle: Plain\ndate: 2025-12-31\nseverity: SEV3\nstatus: final\nservices: [\"Api & <Web>\"]\n\
             tags: [db]\nrelated: [INC-<1>]\n---\n## Summary\n\nSee [a](a.md).\n",
        );
        write(
            "content/runbooks/r.md",
            "---\ntitle: \"Runbook <r>\"\nowner: ops\nservices: [\"Api & <Web>\"]\ntags: [db]\nlast_reviewed: 2026-01-01\n---\n\
             ## Steps\n\nDo it.\n",
        );
        same_both_ways(root, true);
        same_both_ways(root, false);
    }

    /// A replaced `base.html` keeps the native content: one that calls
    /// `super()`, one that reads the page's own context, one without a title
    /// block and one that shows the markers' text.
    #[test]
    fn replaced_base_templates_are_the_same_as_through_tera() {
        let bases = [
            "{% extends \"base.html\" %}{% block footer %}Example Corp. {{ super() }}{% endblock footer %}",
            "<title>{% block title %}{{ page_title }}{% endblock title %}</title>{% if doc %}<meta name=\"d\" \
             content=\"{{ doc.title }} {{ doc.timeline | length }}\">{% endif %}{% if term %}{{ term.name }}{% endif %}\
             <main>{% block content %}{% endblock content %}</main><footer>{% block footer %}Ours{% endblock %}</footer>",
            "<body>{% block content %}{% endblock content %}</body>",
            "{% raw %}<warroom-content>{% endraw %}{% block title %}{% endblock title %}{% block content %}{% endblock content %}",
        ];
        for (n, base) in bases.iter().enumerate() {
            let dir = tempfile::tempdir().unwrap();
            let root = dir.path();
            let write = |rel: &str, text: &str| write_file(root, rel, text);
            if n == 0 {
                // A layout that extends the built-in one, kept under another name.
                write("templates/base.html", &base.replace("base.html", "layout.html"));
                write("templates/layout.html", templates::DEFAULT_TEMPLATES[0].1);
            } else {
                write("templates/base.html", base);
            }
            for entry in std::fs::read_dir(repo().join("content/incidents/2025")).unwrap().take(2) {
                let path = entry.unwrap().path();
                write(
                    &format!("content/incidents/{}", path.file_name().unwrap().to_string_lossy()),
                    &std::fs::read_to_string(&path).unwrap(),
                );
            }
            same_both_ways(root, true);
        }
    }

    #[test]
    fn shells_split_once_per_marker() {
        let shell = Shell::split("a<warroom-title>b<warroom-content>c", true).unwrap();
        assert_eq!(shell.before_title.as_deref(), Some("a"));
        assert_eq!((shell.before_content.as_str(), shell.after_content.as_str()), ("b", "c"));
        assert!(Shell::split("a<warroom-content>b<warroom-content>c", false).is_none());
        assert!(Shell::split("no markers", false).is_none());
    }

    #[test]
    fn a_replaced_template_turns_its_pages_back_to_tera() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("templates")).unwrap();
        std::fs::write(dir.path().join("templates/taxonomy.html"), "custom").unwrap();
        let t = templates::load(dir.path(), "default").unwrap();
        assert!(!t.native("taxonomy.html"));
        assert!(t.native("incident.html"));
        std::fs::write(dir.path().join("templates/macros.html"), "").unwrap();
        assert!(!templates::load(dir.path(), "default").unwrap().native("incident.html"));
    }
}
