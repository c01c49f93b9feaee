//! Rendering: the library → the files of the site, in memory.
//!
//! Nothing here writes to disk; `output` does. Document views are built once
//! in parallel, then every page is rendered in parallel from them.

pub mod docs;
pub mod exports;
pub mod print;
pub mod stats;
pub mod templates;
pub mod vcard;
pub mod views;
pub mod worksheet;

use std::collections::{BTreeMap, HashMap};

use anyhow::anyhow;
use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::config::Config;
use crate::content::postmortem::Status;
use crate::content::{Kind, Library};
use crate::slug::slugify;
use docs::Mode;
use templates::Templates;
use views::*;

/// Everything a render needs besides the templates.
pub struct Site<'a> {
    pub lib: &'a Library,
    pub config: &'a Config,
    /// "Now" for overdue marks and review states.
    pub today: NaiveDate,
    /// Short commit of the site's repository, or empty.
    pub commit: String,
    /// Whether draft post-mortems get pages.
    pub drafts: bool,
}

impl Site<'_> {
    /// Whether a document is published in this build.
    pub fn visible(&self, i: usize) -> bool {
        let d = &self.lib.docs[i];
        match d.postmortem() {
            Some(pm) => self.drafts || pm.status.is_some_and(|s| s != Status::Draft),
            None => d.data.is_some(),
        }
    }

    /// Whether a document is part of the print binder.
    pub fn in_binder(&self, i: usize) -> bool {
        self.visible(i)
            && match self.lib.docs[i].kind {
                Kind::Postmortem => self.config.include_incidents,
                Kind::Runbook | Kind::Contacts => true,
            }
    }

    fn of_kind(&self, kind: Kind) -> Vec<usize> {
        (0..self.lib.docs.len()).filter(|i| self.lib.docs[*i].kind == kind && self.visible(*i)).collect()
    }
}

/// One file of the built site.
#[derive(Debug, Clone, PartialEq)]
pub struct OutputFile {
    /// Path under the output folder, `/`-separated.
    pub path: String,
    pub bytes: Vec<u8>,
}

impl OutputFile {
    fn text(path: impl Into<String>, text: String) -> OutputFile {
        OutputFile { path: path.into(), bytes: text.into_bytes() }
    }
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    generated: String,
    commit: &'a str,
    paper: &'a str,
    severities: &'a [String],
}

/// A page to render: template, output path, title, kind and its own context.
pub(crate) struct Page {
    template: &'static str,
    path: String,
    title: String,
    kind: &'static str,
    ctx: Context,
}

impl Page {
    fn new(template: &'static str, path: impl Into<String>, title: impl Into<String>, kind: &'static str) -> Page {
        Page { template, path: path.into(), title: title.into(), kind, ctx: Context::new() }
    }

    fn with(mut self, key: &str, value: &impl Serialize) -> Page {
        self.ctx.insert(key, value);
        self
    }
}

/// A page whose context is built only when it is rendered, so the contexts
/// of big list pages (every incident, many times over) never coexist in memory.
pub(crate) type LazyPage<'a> = Box<dyn FnOnce(&Renderer) -> anyhow::Result<()> + Send + 'a>;

/// Renders pages into an [`Emit`] through the templates.
pub(crate) struct Renderer<'a> {
    templates: &'a Templates,
    site_view: SiteView<'a>,
    out: &'a dyn Emit,
}

impl Renderer<'_> {
    /// Renders a page through Tera.
    fn page(&self, page: Page) -> anyhow::Result<()> {
        stream_one(&self.templates.tera, &self.site_view, page, self.out)
    }
}

/// The incidents sorted newest first (date, then id).
pub(crate) fn newest_first(list: &mut [IncidentView]) {
    list.sort_by(newer);
}

/// The order of [`newest_first`].
fn newer(a: &IncidentView, b: &IncidentView) -> std::cmp::Ordering {
    b.row.date.cmp(&a.row.date).then_with(|| b.row.id.cmp(&a.row.id))
}

/// What produces a file's bytes into a writer.
pub type WriteFn<'w> = dyn FnMut(&mut dyn std::io::Write) -> anyhow::Result<()> + 'w;

/// Where rendered files go, from several threads at once.
pub trait Emit: Sync {
    /// Takes a file rendered in memory.
    fn file(&self, f: OutputFile) -> anyhow::Result<()>;

    /// Takes a file as `write` produces it; by default collected in memory
    /// and handed to [`Emit::file`]. Writers to disk stream it instead.
    fn stream(&self, path: &str, write: &mut WriteFn) -> anyhow::Result<()> {
        let mut bytes = Vec::new();
        write(&mut bytes)?;
        self.file(OutputFile { path: path.to_string(), bytes })
    }
}

/// Collects a site in memory.
struct Collect(std::sync::Mutex<Vec<OutputFile>>);

impl Emit for Collect {
    fn file(&self, f: OutputFile) -> anyhow::Result<()> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).push(f);
        Ok(())
    }
}

/// Renders the whole site into memory, sorted by path.
pub fn render(site: &Site, templates: &Templates) -> anyhow::Result<Vec<OutputFile>> {
    let files = Collect(std::sync::Mutex::new(Vec::new()));
    render_into(site, templates, &files)?;
    let mut files = files.0.into_inner().unwrap_or_else(|e| e.into_inner());
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Renders the whole site, handing each file to `out` as soon as it is
/// ready (from several threads), so a large site never sits in memory whole.
pub fn render_into(site: &Site, templates: &Templates, out: &dyn Emit) -> anyhow::Result<()> {
    let emit = |f: OutputFile| out.file(f);
    let lib = site.lib;
    let incidents_idx = site.of_kind(Kind::Postmortem);
    let runbooks_idx = site.of_kind(Kind::Runbook);
    let contacts_idx = site.of_kind(Kind::Contacts);

    // Backlinks: which incidents link to or name each document.
    let targets: Vec<Vec<usize>> = incidents_idx.par_iter().map(|&i| incident_targets(site, i)).collect();
    let mut backlinks: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (&i, targets) in incidents_idx.iter().zip(targets) {
        for t in targets {
            backlinks.entry(t).or_default().push(i);
        }
    }

    let runbooks: Vec<RunbookView> = runbooks_idx
        .par_iter()
        .filter_map(|&i| docs::runbook_view(site, i, Mode::Page, true, backlinks.get(&i).map_or(&[], Vec::as_slice)))
        .collect();
    let lists: Vec<ContactsView> =
        contacts_idx.par_iter().filter_map(|&i| docs::contacts_view(site, i, Mode::Page)).collect();
    // Each page's context is built inside its task and dropped once the page
    // is written, so contexts never pile up.
    let r = Renderer { templates, site_view: site_view(site), out };
    // List pages, stats and exports are built from incidents without their
    // bodies (cheap to build, small to keep), newest first; incident pages
    // take their rows from them.
    let mut listed: Vec<(usize, IncidentView)> =
        incidents_idx.par_iter().filter_map(|&i| docs::incident_listing(site, i, Mode::Root).map(|v| (i, v))).collect();
    listed.sort_by(|a, b| newer(&a.1, &b.1));
    let (listed_idx, summaries): (Vec<usize>, Vec<IncidentView>) = listed.into_iter().unzip();
    let mut row_of: Vec<Option<&IncidentSummary>> = vec![None; lib.docs.len()];
    for (&i, s) in listed_idx.iter().zip(&summaries) {
        row_of[i] = Some(&s.row);
    }
    // Every other page and export is written on one side while the incident
    // pages, which each need little and free it at once, take the other
    // cores (rayon lends idle threads to either side).
    let (others, incidents) = rayon::join(
        || -> anyhow::Result<()> {
            list_pages(site, &r, &summaries, (&runbooks, &runbooks_idx), (&lists, &contacts_idx))?;
            runbooks.par_iter().try_for_each(|rb| {
                r.page(Page::new("runbook.html", rb.url.clone(), rb.title.clone(), "runbook").with("doc", rb))
            })?;
            lists.par_iter().try_for_each(|c| {
                r.page(Page::new("contacts.html", c.url.clone(), c.title.clone(), "contacts").with("doc", c))
            })?;
            r.page(worksheet::page(site)?)?;
            r.page(print::page(site, &incidents_idx, &runbooks_idx, &contacts_idx, &backlinks))
        },
        || incident_pages(site, &incidents_idx, &row_of, &r),
    );
    others?;
    incidents?;
    drop(r);
    // Freeing every summary takes a while on one thread (about 30 ms at
    // 10,000); another thread does it while the last files are written.
    drop(row_of);
    rayon::spawn(move || drop(summaries));
    for c in &lists {
        if let Some(i) = lib.by_id(&c.id).or_else(|| lib.by_url(&c.url)) {
            if let Some(data) = lib.docs[i].contacts() {
                emit(OutputFile::text(c.vcf_url.clone(), vcard::vcards(&lib.docs[i].title, data)))?;
                emit(OutputFile::text(c.csv_url.clone(), vcard::csv(data)))?;
            }
        }
    }
    emit(OutputFile::text("syntax.css", crate::highlight::stylesheet()))?;
    let mut style = templates::DEFAULT_STATIC.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect::<Vec<_>>();
    if site.config.paper == crate::config::Paper::Letter {
        if let Some((_, css)) = style.iter_mut().find(|(n, _)| n == "style.css") {
            css.push_str("\n@page { size: Letter; }\n");
        }
    }
    style.into_iter().try_for_each(|(n, t)| emit(OutputFile::text(n, t)))
}

/// The list pages, stats and exports, from the incidents' summaries (newest
/// first): the two pages listing every incident or action item come first,
/// one after the other, then the exports, then the other list pages in parallel.
/// Runbooks and phone lists come as views with their documents' indexes.
fn list_pages(
    site: &Site,
    r: &Renderer,
    summaries: &[IncidentView],
    (runbooks, runbooks_idx): (&[RunbookView], &[usize]),
    (lists, contacts_idx): (&[ContactsView], &[usize]),
) -> anyhow::Result<()> {
    let runbook_summaries: Vec<RunbookView> = runbooks
        .iter()
        .map(|r| RunbookView { sections: Vec::new(), preamble_html: String::new(), contacts: Vec::new(), ..r.clone() })
        .collect();
    let rows: Vec<&IncidentSummary> = summaries.iter().map(|i| &i.row).collect();
    let (whole, mut pages) = index_pages(site, summaries, &rows, &runbook_summaries, lists, runbooks_idx, contacts_idx);
    pages.extend(taxonomy_pages(&rows, &runbook_summaries));
    pages.push(Box::new(move |r| {
        r.page(
            Page::new("stats.html", "stats.html", "Statistics", "stats").with("stats", &stats::build(site, summaries)),
        )
    }));
    whole.into_iter().try_for_each(|page| page(r))?;
    exports::all(site, summaries, &runbook_summaries, lists, r.out)?;
    pages.into_par_iter().try_for_each(|page| page(r))
}

/// The incident pages: each full view is built, rendered and dropped in one
/// task, so full views never pile up in memory. Related incidents come from
/// the library.
fn incident_pages(
    site: &Site,
    incidents_idx: &[usize],
    row_of: &[Option<&IncidentSummary>],
    r: &Renderer,
) -> anyhow::Result<()> {
    let related = RelatedIndex::new(site, incidents_idx);
    incidents_idx.par_iter().try_for_each(|&i| {
        let view = match row_of[i] {
            Some(row) => docs::incident_view_with(site, i, Mode::Page, row.clone()),
            None => docs::incident_view(site, i, Mode::Page),
        };
        let Some(mut inc) = view else {
            return Ok(());
        };
        inc.related_incidents = related.links_of(site, i);
        r.page(Page::new("incident.html", inc.row.url.clone(), inc.row.title.clone(), "incident").with("doc", &inc))
    })
}

/// "Has this happened before?": the incidents sharing a service or tag,
/// indexed once for a whole build or for a single page; each page asks for
/// its up to 6 related incidents, newest first, when it renders.
struct RelatedIndex {
    /// Incidents newest first, as in the history.
    order: Vec<usize>,
    /// `s:<service>` / `t:<tag>` → positions in `order`, ascending.
    by_term: HashMap<String, Vec<usize>>,
    /// Document index → position in `order`.
    position: HashMap<usize, usize>,
}

impl RelatedIndex {
    fn new(site: &Site, incidents_idx: &[usize]) -> RelatedIndex {
        let lib = site.lib;
        let mut order: Vec<usize> =
            incidents_idx.iter().copied().filter(|&i| lib.docs[i].postmortem().is_some()).collect();
        let date_of = |i: usize| lib.docs[i].postmortem().and_then(|p| p.date);
        order.sort_by(|&a, &b| date_of(b).cmp(&date_of(a)).then_with(|| lib.docs[b].id.cmp(&lib.docs[a].id)));
        let mut by_term: HashMap<String, Vec<usize>> = HashMap::new();
        for (n, &i) in order.iter().enumerate() {
            for t in related_terms(site, i) {
                by_term.entry(t).or_default().push(n);
            }
        }
        let position = order.iter().enumerate().map(|(n, &i)| (i, n)).collect();
        RelatedIndex { order, by_term, position }
    }

    /// The related incidents of document `i` (none if it is no incident).
    fn links_of(&self, site: &Site, i: usize) -> Vec<LinkView> {
        self.position.get(&i).map(|&n| self.links(site, n)).unwrap_or_default()
    }

    /// The related incidents of the incident at position `n` of `order`.
    fn links(&self, site: &Site, n: usize) -> Vec<LinkView> {
        let lib = site.lib;
        let i = self.order[n];
        let mut picked: Vec<usize> = Vec::new();
        for t in related_terms(site, i) {
            for &m in self.by_term.get(&t).into_iter().flatten().filter(|m| **m != n).take(6) {
                if !picked.contains(&m) {
                    picked.push(m);
                }
            }
        }
        picked.sort_unstable();
        picked.truncate(6);
        picked
            .into_iter()
            .map(|m| {
                let d = &lib.docs[self.order[m]];
                let date = d.postmortem().and_then(|p| p.date).map(crate::time::ymd);
                LinkView {
                    title: format!("{} — {}", date.unwrap_or_default(), d.title),
                    url: d.url.clone(),
                    kind: "postmortem",
                }
            })
            .collect()
    }
}

/// The services and tags an incident is related to others by.
fn related_terms(site: &Site, i: usize) -> Vec<String> {
    let d = &site.lib.docs[i];
    let services = d.postmortem().map(|p| p.services.as_slice()).unwrap_or(&[]);
    services
        .iter()
        .map(|s| format!("s:{}", slugify(s)))
        .chain(d.tags.iter().map(|t| format!("t:{}", slugify(t))))
        .collect()
}

/// The other documents an incident links to or names in `related`, sorted.
fn incident_targets(site: &Site, i: usize) -> Vec<usize> {
    crate::content::usage::targets(site.lib, i)
}

fn site_view<'a>(site: &'a Site) -> SiteView<'a> {
    SiteView {
        title: &site.config.title,
        generated: site.today.format("%Y-%m-%d").to_string(),
        commit: &site.commit,
        paper: site.config.paper.as_str(),
        severities: &site.config.severities,
    }
}

/// Adds the context every page shares.
fn shared_context(site_view: &SiteView, page: &mut Page) {
    page.ctx.insert("root", &root_of(&page.path));
    page.ctx.insert("site", site_view);
    page.ctx.insert("page_kind", page.kind);
    page.ctx.insert("page_title", &page.title);
}

/// The way from a page at `path` back to the site root: `""`, `"../"`, ...
fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

fn render_error(page: &Page, e: &tera::Error) -> anyhow::Error {
    anyhow!("cannot render `{}` with template `{}`: {}", page.path, page.template, templates::error_chain(e))
}

/// Renders one page in memory.
fn render_one(tera: &Tera, site_view: &SiteView, mut page: Page) -> anyhow::Result<OutputFile> {
    shared_context(site_view, &mut page);
    let html = tera.render(page.template, &page.ctx).map_err(|e| render_error(&page, &e))?;
    Ok(OutputFile::text(page.path, html))
}

/// Renders one page straight into `out`.
fn stream_one(tera: &Tera, site_view: &SiteView, mut page: Page, out: &dyn Emit) -> anyhow::Result<()> {
    shared_context(site_view, &mut page);
    out.stream(&page.path, &mut |w| tera.render_to(page.template, &page.ctx, w).map_err(|e| render_error(&page, &e)))
}

/// Renders the page of the one document published at `path` (an incident,
/// runbook or phone list page, `incidents/x.html`) exactly as [`render`]
/// would, computing its related incidents and backlinks for it alone; `None`
/// when `path` is no document's page (index pages, exports, static files),
/// which only a full [`render`] produces. For `warroom serve`, which renders
/// pages on request after an edit.
pub fn render_page(site: &Site, templates: &Templates, path: &str) -> anyhow::Result<Option<OutputFile>> {
    let lib = site.lib;
    let Some(i) = lib.by_url(path).filter(|i| site.visible(*i)) else {
        return Ok(None);
    };
    let page = match lib.docs[i].kind {
        Kind::Postmortem => {
            let Some(mut inc) = docs::incident_view(site, i, Mode::Page) else {
                return Ok(None);
            };
            inc.related_incidents = RelatedIndex::new(site, &site.of_kind(Kind::Postmortem)).links_of(site, i);
            Page::new("incident.html", inc.row.url.clone(), inc.row.title.clone(), "incident").with("doc", &inc)
        }
        Kind::Runbook => {
            let referenced_by: Vec<usize> = site
                .of_kind(Kind::Postmortem)
                .into_par_iter()
                .filter(|j| incident_targets(site, *j).contains(&i))
                .collect();
            let Some(rb) = docs::runbook_view(site, i, Mode::Page, true, &referenced_by) else {
                return Ok(None);
            };
            Page::new("runbook.html", rb.url.clone(), rb.title.clone(), "runbook").with("doc", &rb)
        }
        Kind::Contacts => {
            let Some(c) = docs::contacts_view(site, i, Mode::Page) else {
                return Ok(None);
            };
            Page::new("contacts.html", c.url.clone(), c.title.clone(), "contacts").with("doc", &c)
        }
    };
    render_one(&templates.tera, &site_view(site), page).map(Some)
}

#[derive(Serialize)]
struct YearView<'a> {
    year: String,
    incidents: Vec<&'a IncidentSummary>,
}

#[derive(Serialize)]
struct Filters {
    severities: Vec<String>,
    services: Vec<String>,
    statuses: Vec<&'static str>,
}

#[derive(Serialize)]
struct Last90 {
    count: usize,
    median_ttd: Option<DurationView>,
    median_ttr: Option<DurationView>,
}

#[derive(Serialize)]
struct Counts {
    incidents: usize,
    runbooks: usize,
    contacts: usize,
    open_actions: usize,
}

#[derive(Serialize)]
struct Home<'a> {
    recent: Vec<&'a IncidentSummary>,
    open_actions: Vec<ListedAction<'a>>,
    overdue_count: usize,
    reviews_due: Vec<ReviewView>,
    last90: Last90,
    counts: Counts,
    lists: Vec<LinkView>,
}

/// An action item in a list across incidents: the item and a link to its
/// incident, borrowed, so 40,000 items cost no copies.
#[derive(Serialize, Clone, Copy)]
pub struct ListedAction<'a> {
    #[serde(flatten)]
    pub item: &'a ActionView,
    pub incident: LinkRef<'a>,
}

/// A borrowed [`LinkView`].
#[derive(Serialize, Clone, Copy)]
pub struct LinkRef<'a> {
    pub title: &'a str,
    pub url: &'a str,
    pub kind: &'static str,
}

/// Every action item across incidents, by due date (no date last).
pub fn listed_actions(incidents: &[IncidentView]) -> Vec<ListedAction<'_>> {
    let mut items: Vec<ListedAction> = incidents
        .iter()
        .flat_map(|inc| {
            let incident = LinkRef { title: &inc.row.title, url: &inc.row.url, kind: "postmortem" };
            inc.action_items.iter().map(move |item| ListedAction { item, incident })
        })
        .collect();
    items.sort_by(|a, b| {
        let (a, b) = (a.item, b.item);
        (a.due.is_empty(), &a.due, &a.owner).cmp(&(b.due.is_empty(), &b.due, &b.owner))
    });
    items
}

fn index_pages<'a>(
    site: &'a Site,
    incidents: &'a [IncidentView],
    rows: &'a [&'a IncidentSummary],
    runbooks: &'a [RunbookView],
    lists: &'a [ContactsView],
    runbooks_idx: &[usize],
    contacts_idx: &[usize],
) -> (Vec<LazyPage<'a>>, Vec<LazyPage<'a>>) {
    let mut years: Vec<YearView> = Vec::new();
    for &inc in rows {
        match years.last_mut() {
            Some(y) if y.year == inc.year => y.incidents.push(inc),
            _ => years.push(YearView { year: inc.year.clone(), incidents: vec![inc] }),
        }
    }
    let mut services: Vec<String> =
        incidents.iter().flat_map(|i| i.row.services.iter().map(|s| s.name.clone())).collect();
    services.sort();
    services.dedup();
    let filters =
        Filters { severities: site.config.severities.clone(), services, statuses: vec!["draft", "review", "final"] };

    let all_items = listed_actions(incidents);
    let open: Vec<ListedAction> = all_items.iter().filter(|a| a.item.status == "open").copied().collect();
    let done_count = all_items.len() - open.len();
    let overdue_count = open.iter().filter(|a| a.item.overdue).count();
    let mut owners: Vec<&str> = open.iter().map(|a| a.item.owner.as_str()).collect();
    owners.sort();
    owners.dedup();

    let cutoff = site.today - chrono::Duration::days(90);
    let recent90: Vec<&IncidentView> =
        incidents.iter().filter(|i| crate::time::parse_date(&i.row.date).is_some_and(|d| d >= cutoff)).collect();
    let median = |f: &dyn Fn(&IncidentView) -> Option<i64>| {
        let v: Vec<i64> = recent90.iter().filter_map(|i| f(i)).collect();
        stats::median(&v).map(DurationView::new)
    };
    let mut reviews: Vec<ReviewView> =
        runbooks_idx.iter().chain(contacts_idx).filter_map(|&i| docs::review_reminder(site, i)).collect();
    reviews.sort_by(|a, b| a.due.cmp(&b.due));
    let home = Home {
        recent: rows.iter().take(10).copied().collect(),
        open_actions: open.iter().take(15).copied().collect(),
        overdue_count,
        reviews_due: reviews,
        last90: Last90 {
            count: recent90.len(),
            median_ttd: median(&|i| i.time_to_detect.as_ref().map(|d| d.seconds)),
            median_ttr: median(&|i| i.time_to_resolve.as_ref().map(|d| d.seconds)),
        },
        counts: Counts {
            incidents: incidents.len(),
            runbooks: runbooks.len(),
            contacts: lists.len(),
            open_actions: open.len(),
        },
        lists: lists
            .iter()
            .map(|l| LinkView { title: l.title.clone(), url: l.url.clone(), kind: "contacts" })
            .collect(),
    };
    let open_count = open.len();
    let whole: Vec<LazyPage> = vec![
        Box::new(move |r| {
            let page = Page::new("incidents.html", "incidents/index.html", "Incidents", "incidents");
            r.page(page.with("incident_count", &rows.len()).with("years", &years).with("filters", &filters))
        }),
        Box::new(move |r| {
            let page = Page::new("action-items.html", "action-items.html", "Action items", "action-items");
            r.page(
                page.with("items", &open)
                    .with("owners", &owners)
                    .with("done_count", &done_count)
                    .with("open_count", &open_count)
                    .with("overdue_count", &overdue_count),
            )
        }),
    ];
    let rest: Vec<LazyPage> = vec![
        Box::new(move |r| {
            r.page(Page::new("index.html", "index.html", site.config.title.clone(), "home").with("home", &home))
        }),
        Box::new(move |r| {
            r.page(
                Page::new("runbooks.html", "runbooks/index.html", "Runbooks", "runbooks").with("runbooks", &runbooks),
            )
        }),
        Box::new(move |r| {
            r.page(
                Page::new("contacts-index.html", "contacts/index.html", "Phone lists", "contacts-index")
                    .with("lists", &lists),
            )
        }),
    ];
    (whole, rest)
}

#[derive(Serialize)]
struct TermView<'a> {
    taxonomy: &'static str,
    name: String,
    url: String,
    incidents: Vec<&'a IncidentSummary>,
    runbooks: Vec<LinkView>,
    incident_count: usize,
    last_incident: String,
    mean_ttr: Option<DurationView>,
}

#[derive(Serialize)]
struct TermSummary {
    name: String,
    url: String,
    incident_count: usize,
    runbook_count: usize,
}

fn taxonomy_pages<'a>(incidents: &'a [&'a IncidentSummary], runbooks: &[RunbookView]) -> Vec<LazyPage<'a>> {
    let mut pages: Vec<LazyPage<'a>> = Vec::new();
    for (taxonomy, folder, title) in [("service", "services", "Services"), ("tag", "tags", "Tags")] {
        let mut terms: BTreeMap<String, TermView> = BTreeMap::new();
        let pick = |inc_terms: &[TermRef]| inc_terms.to_vec();
        for &inc in incidents {
            let list = if taxonomy == "service" { pick(&inc.services) } else { pick(&inc.tags) };
            for t in list {
                let e = terms.entry(slugify(&t.name)).or_insert_with(|| new_term(taxonomy, &t));
                e.incidents.push(inc);
            }
        }
        for rb in runbooks {
            let list = if taxonomy == "service" { pick(&rb.services) } else { pick(&rb.tags) };
            for t in list {
                let e = terms.entry(slugify(&t.name)).or_insert_with(|| new_term(taxonomy, &t));
                e.runbooks.push(LinkView { title: rb.title.clone(), url: rb.url.clone(), kind: "runbook" });
            }
        }
        let mut summaries = Vec::new();
        for (_, mut term) in terms {
            term.incident_count = term.incidents.len();
            term.last_incident = term.incidents.first().map(|i| i.date.clone()).unwrap_or_default();
            let ttrs: Vec<i64> = term.incidents.iter().filter_map(|i| i.duration.as_ref().map(|d| d.seconds)).collect();
            term.mean_ttr = stats::mean(&ttrs).map(DurationView::new);
            summaries.push(TermSummary {
                name: term.name.clone(),
                url: term.url.clone(),
                incident_count: term.incident_count,
                runbook_count: term.runbooks.len(),
            });
            pages.push(Box::new(move |r| {
                let page = Page::new("taxonomy.html", term.url.clone(), term.name.clone(), "taxonomy");
                r.page(page.with("term", &term))
            }));
        }
        pages.push(Box::new(move |r| {
            r.page(
                Page::new("taxonomy-index.html", format!("{folder}/index.html"), title, "taxonomy-index")
                    .with("taxonomy", &taxonomy)
                    .with("terms", &summaries),
            )
        }));
    }
    pages
}

fn new_term<'a>(taxonomy: &'static str, t: &TermRef) -> TermView<'a> {
    TermView {
        taxonomy,
        name: t.name.clone(),
        url: t.url.clone(),
        incidents: Vec::new(),
        runbooks: Vec::new(),
        incident_count: 0,
        last_incident: String::new(),
        mean_ttr: None,
    }
}
