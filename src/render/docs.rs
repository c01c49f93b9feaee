//! Views of single documents: incidents, runbooks and phone lists, for
//! their own pages (links to sibling pages) or the print binder (links to
//! in-page anchors).

use chrono::{DateTime, NaiveDate, Utc};

use crate::content::action_items::ActionItem;
use crate::content::postmortem::Postmortem;
use crate::content::timeline::Milestone;
use crate::content::{Document, Kind, LinkTarget};
use crate::markdown::{self, Part, RenderOptions};
use crate::render::views::*;
use crate::render::Site;
use crate::slug::slugify;
use crate::time::Zone;

/// Where a view will be shown, which decides how links are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Its own page, one folder below the site root.
    Page,
    /// Inside `print.html` at the site root.
    Binder,
    /// In a list at the site root (action items on `action-items.html` and
    /// the home page): links go to document pages, relative to the root.
    Root,
}

/// The unique anchor of a document inside the binder.
pub fn binder_anchor(doc: &Document) -> String {
    format!("{}-{}", doc.kind.folder(), doc.slug)
}

/// The URL of `target` as seen from a page at depth 1, or in the binder.
fn doc_href(site: &Site, target: usize, fragment: Option<&str>, mode: Mode) -> String {
    let doc = &site.lib.docs[target];
    match mode {
        Mode::Page => match fragment {
            Some(f) => format!("../{}#{f}", doc.url),
            None => format!("../{}", doc.url),
        },
        Mode::Binder if site.in_binder(target) => match fragment {
            Some(f) => format!("#{}-{f}", binder_anchor(doc)),
            None => format!("#{}", binder_anchor(doc)),
        },
        Mode::Binder | Mode::Root => match fragment {
            Some(f) => format!("{}#{f}", doc.url),
            None => doc.url.clone(),
        },
    }
}

/// A link rewriter for documents of `doc`.
pub fn rewriter<'a>(site: &'a Site<'a>, doc: &'a Document, mode: Mode) -> impl Fn(&str) -> Option<String> + Sync + 'a {
    move |dest: &str| match site.lib.resolve_link(doc, dest) {
        LinkTarget::Doc(i, frag) => Some(doc_href(site, i, frag.as_deref(), mode)),
        LinkTarget::Static(path) => Some(match mode {
            Mode::Page => format!("../{path}"),
            Mode::Binder | Mode::Root => path,
        }),
        LinkTarget::External | LinkTarget::Broken => None,
    }
}

/// Links for `related` references that resolve.
fn related(site: &Site, doc: &Document, mode: Mode) -> Vec<LinkView> {
    doc.related
        .iter()
        .filter_map(|r| site.lib.resolve_ref(&r.target))
        .filter(|i| site.visible(*i))
        .map(|i| link(site, i, mode))
        .collect()
}

/// A link view of a document.
pub fn link(site: &Site, i: usize, mode: Mode) -> LinkView {
    let d = &site.lib.docs[i];
    let url = match mode {
        Mode::Page | Mode::Root => d.url.clone(),
        Mode::Binder => doc_href(site, i, None, mode),
    };
    LinkView { title: d.title.clone(), url, kind: d.kind.as_str() }
}

fn terms(names: &[String], folder: &str) -> Vec<TermRef> {
    names.iter().map(|n| TermRef { name: n.clone(), url: format!("{folder}/{}.html", slugify(n)) }).collect()
}

/// The rendered preamble and sections of a document. `blocks` names, per
/// section key, the byte ranges of the blocks a template draws its own way,
/// in order; each section holds those that lie inside it.
fn body_sections(
    site: &Site,
    doc: &Document,
    mode: Mode,
    blocks: &[(&str, &[std::ops::Range<usize>])],
) -> (String, Vec<SectionView>) {
    let prefix = match mode {
        Mode::Page | Mode::Root => String::new(),
        Mode::Binder => format!("{}-", binder_anchor(doc)),
    };
    let rewrite = rewriter(site, doc, mode);
    let opts = RenderOptions { unsafe_html: site.config.unsafe_html, rewrite: &rewrite, anchor_prefix: &prefix };
    // Each section holds the blocks of its key that lie inside it; its first
    // is counted among all of its key's.
    let (parts, first_blocks): (Vec<Part>, Vec<usize>) = doc
        .body
        .sections
        .iter()
        .map(|s| {
            let key = s.key.as_deref().unwrap_or("");
            let ranges = blocks.iter().find(|(k, _)| *k == key).map_or(&[][..], |(_, r)| *r);
            let inside = |r: &std::ops::Range<usize>| s.range.contains(&r.start);
            let skips = ranges.iter().filter(|r| inside(r)).cloned().collect();
            let first = ranges.iter().position(inside).unwrap_or(0);
            (Part { heading: s.heading.clone(), title: s.title.clone(), skips }, first)
        })
        .unzip();
    let rendered = markdown::render_body(doc.body_text(), &parts, &opts);
    let sections = doc
        .body
        .sections
        .iter()
        .zip(rendered.sections)
        .zip(first_blocks)
        .map(|((s, r), first_block)| SectionView {
            key: s.key.clone().unwrap_or_default(),
            title: s.title.clone(),
            level: if s.level == 0 { 0 } else { s.level.clamp(2, 4) },
            anchor: r.anchor,
            html: r.html,
            pieces: r.pieces,
            first_block,
        })
        .collect();
    (rendered.preamble_html, sections)
}

/// An instant for display.
pub fn time_view(at: DateTime<Utc>, zone: &Zone) -> TimeView {
    let (local, abbr) = zone.format_local(at, "%Y-%m-%d %H:%M");
    TimeView {
        local: format!("{local} {abbr}"),
        utc: format!("{} UTC", crate::time::ymd_hm(at.naive_utc())),
        iso: crate::time::iso_utc(at),
    }
}

/// The [`MilestoneTable`] of the times of [`Milestone::ALL`], in that order.
fn milestone_table(times: [Option<&TimeView>; Milestone::ALL.len()]) -> MilestoneTable {
    // "2026-10-30 17:05 CET" → ("2026-10-30", "17:05 CET").
    fn split(text: &str) -> (&str, &str) {
        text.split_once(' ').unwrap_or((text, ""))
    }
    // Date and time, without the zone.
    fn date_time(text: &str) -> (Option<&str>, Option<&str>) {
        let mut words = text.split(' ');
        (words.next(), words.next())
    }
    let utc = times.iter().flatten().any(|t| date_time(&t.local) != date_time(&t.utc));
    let mut last_day = "";
    let rows = Milestone::ALL
        .into_iter()
        .zip(times)
        .filter(|(m, t)| t.is_some() || *m != Milestone::Acknowledged)
        .map(|(m, t)| {
            let key = m.as_str();
            let Some(t) = t else { return MilestoneRow { key, ..MilestoneRow::default() } };
            let ((day, clock), (utc_day, utc_clock)) = (split(&t.local), split(&t.utc));
            let row = MilestoneRow {
                key,
                iso: t.iso.clone(),
                day: if day != last_day { day.to_string() } else { String::new() },
                clock: clock.to_string(),
                utc_day: if utc_day != day { utc_day.to_string() } else { String::new() },
                utc_clock: utc_clock.to_string(),
            };
            last_day = day;
            row
        })
        .collect();
    MilestoneTable { utc, rows }
}

fn review_state(due: Option<NaiveDate>, today: NaiveDate) -> &'static str {
    match due {
        Some(d) if d < today => "overdue",
        Some(d) if (d - today).num_days() <= 14 => "due-soon",
        Some(_) => "ok",
        None => "unknown",
    }
}

fn date_text(d: Option<NaiveDate>) -> String {
    d.map(crate::time::ymd).unwrap_or_default()
}

/// Splits a ticket cell into its text and URL.
fn ticket_parts(ticket: &str) -> (String, String) {
    let t = ticket.trim();
    if let (Some(open), true) = (t.find("]("), t.starts_with('[') && t.ends_with(')')) {
        let text = t[1..open].to_string();
        let url = t[open + 2..t.len() - 1].trim().to_string();
        if markdown::is_dangerous(&url) {
            return (text, String::new());
        }
        return (text, url);
    }
    if (t.starts_with("http://") || t.starts_with("https://")) && !t.contains(char::is_whitespace) {
        return (t.to_string(), t.to_string());
    }
    (markdown::plain_text(t), String::new())
}

/// An action item view.
pub fn action_view(site: &Site, doc: &Document, item: &ActionItem, mode: Mode) -> ActionView {
    let rewrite = rewriter(site, doc, mode);
    let opts = RenderOptions { unsafe_html: site.config.unsafe_html, rewrite: &rewrite, anchor_prefix: "" };
    let (ticket, ticket_url) = item.ticket.as_deref().map(ticket_parts).unwrap_or_default();
    ActionView {
        action_html: markdown::render_inline(&item.action, &opts),
        owner: item.owner.clone().unwrap_or_default(),
        due: date_text(item.due),
        ticket,
        ticket_url,
        kind: item.kind.clone().unwrap_or_default(),
        status: if item.done { "done" } else { "open" },
        overdue: !item.done && item.due.is_some_and(|d| d < site.today),
        line: item.line,
        block: item.block,
        extra: item
            .extra
            .iter()
            .map(|(name, text)| ExtraView {
                name: name.clone(),
                text: text.clone(),
                html: markdown::render_inline(text, &opts),
            })
            .collect(),
    }
}

/// The one-paragraph summary of an incident for lists and the feed.
fn summary(doc: &Document, pm: &Postmortem) -> String {
    if let Some(s) = doc.body.sections.iter().find(|s| s.key.as_deref() == Some("summary")) {
        let text = &doc.body_text()[s.range.clone()];
        let para = text.trim_start().split("\n\n").next().unwrap_or("");
        let plain = markdown::plain_text(para);
        if !plain.is_empty() {
            return truncate(&plain, 300);
        }
    }
    pm.customer_summary.clone().unwrap_or_default()
}

/// Cuts text at a word boundary.
pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map(|(a, _)| a).unwrap_or(&cut);
    format!("{cut}…")
}

/// An incident view (without `related_incidents`, which needs the whole list).
pub fn incident_view(site: &Site, i: usize, mode: Mode) -> Option<IncidentView> {
    incident_view_with(site, i, mode, incident_row(site, i)?)
}

/// [`incident_view`] around a list row already made (rows are the same in every mode).
pub fn incident_view_with(site: &Site, i: usize, mode: Mode, row: IncidentSummary) -> Option<IncidentView> {
    let mut view = listing_with(site, i, mode, row)?;
    let doc = &site.lib.docs[i];
    let pm = doc.postmortem()?;
    let stamp = |m: Milestone| pm.stamp(m).map(|at| time_view(at, &pm.timezone));
    (view.started, view.detected, view.mitigated, view.resolved) = (
        stamp(Milestone::Started),
        stamp(Milestone::Detected),
        stamp(Milestone::Mitigated),
        stamp(Milestone::Resolved),
    );
    view.acknowledged = stamp(Milestone::Acknowledged);
    view.milestone_table = milestone_table(Milestone::ALL.map(|m| match m {
        Milestone::Started => view.started.as_ref(),
        Milestone::Detected => view.detected.as_ref(),
        Milestone::Acknowledged => view.acknowledged.as_ref(),
        Milestone::Mitigated => view.mitigated.as_ref(),
        Milestone::Resolved => view.resolved.as_ref(),
    }));
    view.authors = pm.authors.clone();
    view.responders = pm.responders.clone();
    view.customer_summary = pm.customer_summary.clone().unwrap_or_default();
    view.related = related(site, doc, mode);
    view.edit_path = doc.file.clone();
    let rewrite = rewriter(site, doc, mode);
    let opts = RenderOptions { unsafe_html: site.config.unsafe_html, rewrite: &rewrite, anchor_prefix: "" };
    // Until every reader returns its blocks, one block spans each structured range.
    let timeline_blocks = &pm.timeline_blocks;
    let whys_blocks: Vec<std::ops::Range<usize>> = pm.whys_range.clone().into_iter().collect();
    let action_blocks = &pm.action_item_blocks;
    (view.preamble_html, view.sections) = body_sections(
        site,
        doc,
        mode,
        &[
            ("timeline", if pm.timeline.is_empty() { &[] } else { timeline_blocks }),
            ("root-cause", &whys_blocks),
            ("action-items", action_blocks),
        ],
    );
    let mut prev_date = None;
    view.timeline = pm
        .timeline
        .iter()
        .map(|e| {
            let new_day = prev_date != Some(e.date);
            prev_date = Some(e.date);
            let mut time = crate::time::clock(e.clock);
            if let Some(z) = e.zone {
                time.push(' ');
                time.push_str(&z.name());
            }
            EntryView {
                date: crate::time::ymd(e.date),
                time,
                // No UTC time where it reads as the local one (a zone at
                // UTC+0 that day); its date only when it is not the entry's own.
                utc: if e.at.naive_utc() == e.date.and_time(e.clock) {
                    String::new()
                } else if e.at.date_naive() == e.date {
                    format!("{} UTC", crate::time::clock(e.at.time()))
                } else {
                    format!("{} UTC", crate::time::ymd_hm(e.at.naive_utc()))
                },
                iso: crate::time::iso_utc(e.at),
                milestone: e.milestone.map(Milestone::as_str).unwrap_or(""),
                text_html: markdown::render_inline(&e.text, &opts),
                new_day,
                line: e.line,
                block: e.block,
            }
        })
        .collect();
    view.whys = pm
        .whys
        .iter()
        .enumerate()
        .map(|(n, w)| WhyView { n: n + 1, html: markdown::render_inline(&w.text, &opts) })
        .collect();
    Some(view)
}

/// An incident as list pages, stats and exports read it: the row, action
/// items, durations, the commander, and times as `iso` only; no body,
/// people, related links or source path. Cheap, and small to keep for
/// 10,000 incidents.
pub fn incident_listing(site: &Site, i: usize, mode: Mode) -> Option<IncidentView> {
    listing_with(site, i, mode, incident_row(site, i)?)
}

/// An incident's row in list pages, the same in every mode.
pub fn incident_row(site: &Site, i: usize) -> Option<IncidentSummary> {
    let doc = &site.lib.docs[i];
    let pm = doc.postmortem()?;
    let severity = pm.severity.clone().unwrap_or_default();
    let date = date_text(pm.date);
    Some(IncidentSummary {
        id: doc.id.clone(),
        title: doc.title.clone(),
        url: doc.url.clone(),
        year: date.get(..4).unwrap_or("").to_string(),
        date,
        severity_rank: site
            .config
            .severities
            .iter()
            .position(|s| *s == severity)
            .unwrap_or(site.config.severities.len()),
        severity,
        status: pm.status.map(|s| s.as_str()).unwrap_or("draft"),
        services: terms(&pm.services, "services"),
        tags: terms(&doc.tags, "tags"),
        duration: pm.time_to_resolve().map(DurationView::new),
        summary: summary(doc, pm),
        open_actions: pm.action_items.iter().filter(|a| !a.done).count(),
    })
}

/// [`incident_listing`] around its row.
fn listing_with(site: &Site, i: usize, mode: Mode, row: IncidentSummary) -> Option<IncidentView> {
    let doc = &site.lib.docs[i];
    let pm = doc.postmortem()?;
    let zone = pm.timezone;
    let action_items: Vec<ActionView> = pm.action_items.iter().map(|a| action_view(site, doc, a, mode)).collect();
    let stamp = |m: Milestone| {
        pm.stamp(m).map(|at| TimeView { local: String::new(), utc: String::new(), iso: crate::time::iso_utc(at) })
    };
    Some(IncidentView {
        row,
        commander: pm.commander.clone().unwrap_or_default(),
        authors: Vec::new(),
        responders: Vec::new(),
        customer_summary: String::new(),
        timezone: zone.name(),
        started: stamp(Milestone::Started),
        detected: stamp(Milestone::Detected),
        acknowledged: stamp(Milestone::Acknowledged),
        mitigated: stamp(Milestone::Mitigated),
        resolved: stamp(Milestone::Resolved),
        time_to_detect: pm.time_to_detect().map(DurationView::new),
        time_to_acknowledge: pm.time_to_acknowledge().map(DurationView::new),
        time_to_mitigate: pm.time_to_mitigate().map(DurationView::new),
        time_to_resolve: pm.time_to_resolve().map(DurationView::new),
        milestone_table: MilestoneTable::default(),
        preamble_html: String::new(),
        sections: Vec::new(),
        timeline: Vec::new(),
        whys: Vec::new(),
        action_items,
        related: Vec::new(),
        related_incidents: Vec::new(),
        edit_path: String::new(),
        anchor: binder_anchor(doc),
    })
}

/// A phone list view.
pub fn contacts_view(site: &Site, i: usize, mode: Mode) -> Option<ContactsView> {
    let doc = &site.lib.docs[i];
    let c = doc.contacts()?;
    let rewrite = rewriter(site, doc, mode);
    let prefix = match mode {
        Mode::Page | Mode::Root => String::new(),
        Mode::Binder => format!("{}-", binder_anchor(doc)),
    };
    let opts = RenderOptions { unsafe_html: site.config.unsafe_html, rewrite: &rewrite, anchor_prefix: &prefix };
    let mut anchors = crate::slug::Anchors::default();
    let groups: Vec<GroupView> = c
        .groups
        .iter()
        .map(|g| GroupView {
            name: g.name.clone(),
            anchor: format!("{prefix}{}", anchors.unique(if g.name.is_empty() { "contacts" } else { &g.name })),
            contacts: g
                .contacts
                .iter()
                .map(|c| ContactView {
                    name: c.name.clone(),
                    org: c.org.clone(),
                    role: c.role.clone(),
                    phone: c.phone_text.clone(),
                    phone_e164: c.phone.as_ref().map(|p| p.e164.clone()).unwrap_or_default(),
                    phone_tel: c.phone.as_ref().map(|p| p.tel_uri()).unwrap_or_default(),
                    alt_phone: c.alt_phone_text.clone(),
                    alt_e164: c.alt_phone.as_ref().map(|p| p.e164.clone()).unwrap_or_default(),
                    alt_tel: c.alt_phone.as_ref().map(|p| p.tel_uri()).unwrap_or_default(),
                    email: c.email.clone(),
                    hours: c.hours.clone(),
                    escalation: c.escalation.clone(),
                    account: c.account.clone(),
                    notes: c.notes.clone(),
                })
                .collect(),
        })
        .collect();
    let base = doc.url.trim_end_matches(".html");
    let rows = || groups.iter().flat_map(|g: &GroupView| g.contacts.iter());
    let columns = ContactColumns {
        role: rows().any(|c| !c.role.is_empty()),
        alt_phone: rows().any(|c| !c.alt_phone.is_empty()),
        email: rows().any(|c| !c.email.is_empty()),
        hours: rows().any(|c| !c.hours.is_empty()),
        escalation: rows().any(|c| !c.escalation.is_empty()),
        account: rows().any(|c| !c.account.is_empty()),
        notes: rows().any(|c| !c.notes.is_empty()),
    };
    Some(ContactsView {
        columns,
        id: doc.id.clone(),
        title: doc.title.clone(),
        url: doc.url.clone(),
        vcf_url: format!("{base}.vcf"),
        csv_url: format!("{base}.csv"),
        last_verified: date_text(c.last_verified),
        verify_every: c.verify_every,
        verify_due: date_text(c.verify_due()),
        review_state: review_state(c.verify_due(), site.today),
        body_html: markdown::render(doc.body_text(), &opts),
        count: c.count(),
        groups,
        edit_path: doc.file.clone(),
        anchor: binder_anchor(doc),
    })
}

/// A runbook view; `with_body` false leaves out sections (index pages).
pub fn runbook_view(
    site: &Site,
    i: usize,
    mode: Mode,
    with_body: bool,
    referenced_by: &[usize],
) -> Option<RunbookView> {
    let doc = &site.lib.docs[i];
    let rb = doc.runbook()?;
    let (preamble_html, sections) =
        if with_body { body_sections(site, doc, mode, &[]) } else { (String::new(), Vec::new()) };
    let contacts = if with_body {
        rb.contacts
            .iter()
            .filter_map(|r| site.lib.resolve_ref(&r.target))
            .filter(|j| site.lib.docs[*j].kind == Kind::Contacts)
            .filter_map(|j| contacts_view(site, j, mode))
            .collect()
    } else {
        Vec::new()
    };
    Some(RunbookView {
        id: doc.id.clone(),
        title: doc.title.clone(),
        url: doc.url.clone(),
        services: terms(&rb.services, "services"),
        tags: terms(&doc.tags, "tags"),
        owner: rb.owner.clone().unwrap_or_default(),
        last_reviewed: date_text(rb.last_reviewed),
        review_every: rb.review_every,
        review_due: date_text(rb.review_due()),
        review_state: review_state(rb.review_due(), site.today),
        preamble_html,
        sections,
        related: related(site, doc, mode),
        contacts,
        referenced_by: referenced_by.iter().filter(|j| site.visible(**j)).map(|j| link(site, *j, mode)).collect(),
        used_in: used_in(site, rb.last_reviewed, referenced_by, mode),
        edit_path: doc.file.clone(),
        anchor: binder_anchor(doc),
    })
}

/// The incidents among `referenced_by` that are published, newest first
/// (date, then id), each marked when it came after `last_reviewed`.
fn used_in(site: &Site, last_reviewed: Option<NaiveDate>, referenced_by: &[usize], mode: Mode) -> Vec<UseView> {
    let mut uses: Vec<(NaiveDate, usize)> = referenced_by
        .iter()
        .filter(|j| site.visible(**j))
        .filter_map(|&j| Some((site.lib.docs[j].postmortem()?.date?, j)))
        .collect();
    uses.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| site.lib.docs[b.1].id.cmp(&site.lib.docs[a.1].id)));
    uses.into_iter()
        .map(|(date, j)| {
            let l = link(site, j, mode);
            UseView {
                id: site.lib.docs[j].id.clone(),
                title: l.title,
                url: l.url,
                date: crate::time::ymd(date),
                since_review: last_reviewed.is_some_and(|r| date > r),
            }
        })
        .collect()
}

/// A review reminder for the home page.
pub fn review_reminder(site: &Site, i: usize) -> Option<ReviewView> {
    let doc = &site.lib.docs[i];
    let due = match &doc.data {
        Some(crate::content::Data::Runbook(r)) => r.review_due(),
        Some(crate::content::Data::Contacts(c)) => c.verify_due(),
        _ => None,
    }?;
    let state = review_state(Some(due), site.today);
    (state != "ok").then(|| ReviewView {
        title: doc.title.clone(),
        url: doc.url.clone(),
        kind: doc.kind.as_str(),
        due: crate::time::ymd(due),
        state,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(local: &str, utc: &str) -> TimeView {
        TimeView { local: local.into(), utc: utc.into(), iso: format!("iso {utc}") }
    }

    fn cells(t: &MilestoneTable) -> Vec<String> {
        t.rows.iter().map(|r| format!("{}|{}|{}|{}|{}", r.key, r.day, r.clock, r.utc_day, r.utc_clock)).collect()
    }

    #[test]
    fn milestone_dates_show_where_they_change_and_utc_only_when_it_differs() {
        // Berlin, across midnight UTC; no acknowledged time: no row for it,
        // and a missing resolved time keeps its row.
        let started = at("2026-03-02 00:30 CET", "2026-03-01 23:30 UTC");
        let detected = at("2026-03-02 00:40 CET", "2026-03-01 23:40 UTC");
        let mitigated = at("2026-03-02 02:00 CET", "2026-03-02 01:00 UTC");
        let t = milestone_table([Some(&started), Some(&detected), None, Some(&mitigated), None]);
        assert!(t.utc);
        assert_eq!(
            cells(&t),
            [
                "started|2026-03-02|00:30 CET|2026-03-01|23:30 UTC",
                "detected||00:40 CET|2026-03-01|23:40 UTC",
                "mitigated||02:00 CET||01:00 UTC",
                "resolved||||",
            ]
        );
        assert_eq!(t.rows[0].iso, "iso 2026-03-01 23:30 UTC");
        assert!(t.rows[3].iso.is_empty());

        // GMT in winter reads as UTC: no UTC column, whatever the abbreviation.
        let a = at("2026-01-05 10:00 GMT", "2026-01-05 10:00 UTC");
        let b = at("2026-01-06 09:00 GMT", "2026-01-06 09:00 UTC");
        let t = milestone_table([Some(&a), Some(&a), Some(&b), Some(&b), Some(&b)]);
        assert!(!t.utc);
        assert_eq!(t.rows.len(), 5);
        assert_eq!(t.rows.iter().map(|r| r.day.as_str()).collect::<Vec<_>>(), ["2026-01-05", "", "2026-01-06", "", ""]);
    }
}
