//! Every file of a site, named before it is rendered: [`plan`] lists the
//! path and [`PageId`] of each, and [`render`] renders one from the
//! [`Model`]. `build` renders the whole plan; `serve` renders the one file
//! a browser asks for, through the same function, so a served page is the
//! page `build` writes.
//!
//! Lists are cut so that no page grows with the whole history: the history
//! by year (`incidents/<year>.html`), open action items by due month
//! (`action-items-<yyyy-mm>.html`), done ones by their incident's year
//! (`action-items-done-<year>.html`), and each of those, the front page of
//! the history and of the action items, and each service and tag page at
//! most [`PAGE_ROWS`] rows, the rest on `….page-2.html`, `….page-3.html`.
//! A slug never holds a dot, so page names cannot meet a term's name.
//! Action-item pages stay at the site root, where the links inside item
//! texts point from, like the home page's.

use serde::Serialize;

use super::model::{GroupLink, Model};
use super::views::*;
use super::{docs, exports, print, stats, vcard, worksheet, OutputFile, Page, Renderer, Site};

/// Rows on one list page: a page of 500 history rows is about 700 kB.
pub const PAGE_ROWS: usize = 500;

/// One file of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageId {
    Home,
    /// The newest incidents, page `n` (1-based) of them.
    History,
    HistoryYear {
        year: String,
        page: usize,
    },
    /// The open action items, most urgent first.
    Actions,
    /// Open action items due in a month (`2027-01`, or `no-date`).
    ActionsDue {
        month: String,
        page: usize,
    },
    /// Done action items of the incidents of a year.
    ActionsDone {
        year: String,
        page: usize,
    },
    TaxonomyIndex {
        folder: &'static str,
    },
    Term {
        folder: &'static str,
        slug: String,
        page: usize,
    },
    Stats,
    Runbooks,
    ContactsIndex,
    Worksheet,
    Print,
    /// The page of the `n`th incident of the model.
    Incident(usize),
    Runbook(usize),
    Contacts(usize),
    VCards(usize),
    ContactsCsv(usize),
    IncidentsJson,
    Feed,
    SearchIndex,
    ActionsCsv,
    SyntaxCss,
    /// A built-in static file (`style.css`, `warroom.js`).
    Asset(&'static str),
}

/// `base.html` → `base.page-2.html` for pages after the first.
fn paged(base: &str, page: usize) -> String {
    if page <= 1 {
        base.to_string()
    } else {
        let stem = base.strip_suffix(".html").unwrap_or(base);
        format!("{stem}.page-{page}.html")
    }
}

fn pages_of(n: usize) -> usize {
    n.div_ceil(PAGE_ROWS).max(1)
}

/// Every file of the site with its path, in no particular order.
pub fn plan(site: &Site, model: &Model) -> Vec<(String, PageId)> {
    let mut out: Vec<(String, PageId)> = vec![
        ("index.html".into(), PageId::Home),
        ("incidents/index.html".into(), PageId::History),
        ("action-items.html".into(), PageId::Actions),
        ("services/index.html".into(), PageId::TaxonomyIndex { folder: "services" }),
        ("tags/index.html".into(), PageId::TaxonomyIndex { folder: "tags" }),
        ("stats.html".into(), PageId::Stats),
        ("runbooks/index.html".into(), PageId::Runbooks),
        ("contacts/index.html".into(), PageId::ContactsIndex),
        ("worksheet.html".into(), PageId::Worksheet),
        ("print.html".into(), PageId::Print),
        ("incidents.json".into(), PageId::IncidentsJson),
        ("feed.xml".into(), PageId::Feed),
        ("search-index.js".into(), PageId::SearchIndex),
        ("action-items.csv".into(), PageId::ActionsCsv),
        ("syntax.css".into(), PageId::SyntaxCss),
    ];
    out.extend(super::templates::DEFAULT_STATIC.iter().map(|(n, _)| (n.to_string(), PageId::Asset(n))));
    for (year, count) in &model.index.years {
        for page in 1..=pages_of(*count) {
            out.push((paged(&year_url(year), page), PageId::HistoryYear { year: year.clone(), page }));
        }
    }
    for (month, items) in &model.index.due {
        for page in 1..=pages_of(items.len()) {
            out.push((paged(&due_url(month), page), PageId::ActionsDue { month: month.clone(), page }));
        }
    }
    for (year, items) in &model.index.done {
        for page in 1..=pages_of(items.len()) {
            out.push((paged(&done_url(year), page), PageId::ActionsDone { year: year.clone(), page }));
        }
    }
    for ((folder, slug), term) in &model.index.terms {
        for page in 1..=pages_of(term.incidents.len()) {
            out.push((paged(&term.url, page), PageId::Term { folder, slug: slug.clone(), page }));
        }
    }
    for (n, inc) in model.incidents.iter().enumerate() {
        out.push((inc.row.url.clone(), PageId::Incident(n)));
    }
    for (n, rb) in model.runbooks.iter().enumerate() {
        out.push((rb.url.clone(), PageId::Runbook(n)));
    }
    for (n, c) in model.lists.iter().enumerate() {
        out.push((c.url.clone(), PageId::Contacts(n)));
        if site.lib.docs[model.contacts_idx[n]].contacts().is_some() {
            out.push((c.vcf_url.clone(), PageId::VCards(n)));
            out.push((c.csv_url.clone(), PageId::ContactsCsv(n)));
        }
    }
    out
}

fn year_url(year: &str) -> String {
    format!("incidents/{year}.html")
}

pub(crate) fn due_url(month: &str) -> String {
    format!("action-items-{month}.html")
}

pub(crate) fn done_url(year: &str) -> String {
    format!("action-items-done-{year}.html")
}

/// A link to one page of a paged list.
#[derive(Serialize)]
struct PageLink {
    n: usize,
    url: String,
    current: bool,
}

/// Where a page stands among the pages of its list; `pages` is empty when
/// the list fits on one.
#[derive(Serialize)]
struct Pager {
    current: usize,
    total: usize,
    pages: Vec<PageLink>,
    prev: Option<String>,
    next: Option<String>,
}

fn pager(base: &str, page: usize, rows: usize) -> Pager {
    let total = pages_of(rows);
    let url = |n: usize| paged(base, n);
    Pager {
        current: page,
        total,
        pages: if total > 1 {
            (1..=total).map(|n| PageLink { n, url: url(n), current: n == page }).collect()
        } else {
            Vec::new()
        },
        prev: (page > 1).then(|| url(page - 1)),
        next: (page < total).then(|| url(page + 1)),
    }
}

/// The rows of page `page` of a list.
fn page_slice<T>(all: &[T], page: usize) -> &[T] {
    let start = (page.saturating_sub(1) * PAGE_ROWS).min(all.len());
    &all[start..(start + PAGE_ROWS).min(all.len())]
}

#[derive(Serialize)]
struct YearLink {
    year: String,
    count: usize,
    url: String,
    current: bool,
}

#[derive(Serialize)]
struct Filters {
    severities: Vec<String>,
    services: Vec<String>,
    statuses: Vec<&'static str>,
}

/// The history page: `incidents.html`.
#[derive(Serialize)]
struct History<'a> {
    /// Every incident of the site.
    incident_count: usize,
    /// Empty on the front page of the history.
    year: String,
    /// The pre-rendered rows of this page.
    rows: Vec<&'a str>,
    years: Vec<YearLink>,
    pager: Pager,
    filters: Filters,
    /// Whether the page shows fewer incidents than the site has.
    partial: bool,
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
/// incident, borrowed, so 100,000 items cost no copies.
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

impl<'a> ListedAction<'a> {
    /// Item `k` of the `n`th incident of the model.
    fn of(model: &'a Model, (n, k): (usize, usize)) -> ListedAction<'a> {
        let inc = &model.incidents[n];
        ListedAction {
            item: &inc.action_items[k],
            incident: LinkRef { title: &inc.row.title, url: &inc.row.url, kind: "postmortem" },
        }
    }
}

/// An action-item page: `action-items.html`.
#[derive(Serialize)]
struct Actions<'a> {
    /// `open` (the front page), `due` (a month) or `done` (a year).
    scope: &'static str,
    /// The month or year of this page; empty on the front page.
    key: String,
    heading: String,
    items: Vec<ListedAction<'a>>,
    /// Counts across the whole site.
    open_count: usize,
    overdue_count: usize,
    done_count: usize,
    owners: &'a [String],
    months: &'a [GroupLink],
    done_years: &'a [GroupLink],
    pager: Pager,
    /// Whether the page shows fewer items than its scope has.
    partial: bool,
}

#[derive(Serialize)]
struct TermPage<'a> {
    taxonomy: &'static str,
    name: &'a str,
    url: &'a str,
    rows: Vec<&'a str>,
    runbooks: Vec<LinkView>,
    incident_count: usize,
    last_incident: String,
    mean_ttr: Option<DurationView>,
    pager: Pager,
}

#[derive(Serialize)]
struct TermSummary<'a> {
    name: &'a str,
    url: &'a str,
    incident_count: usize,
    runbook_count: usize,
}

/// Renders one file of the plan into `r`'s output.
pub(crate) fn render(site: &Site, model: &Model, r: &Renderer, path: &str, id: &PageId) -> anyhow::Result<()> {
    let out = r.out;
    let text = |s: String| out.file(OutputFile::text(path, s));
    match id {
        PageId::Home => {
            r.page(Page::new("index.html", path, site.config.title.clone(), "home").with("home", &home(site, model)))
        }
        PageId::History => r.page(history(site, model, path, None, 1)),
        PageId::HistoryYear { year, page } => r.page(history(site, model, path, Some(year), *page)),
        PageId::Actions => r.page(actions(model, path, "open", "", 1)),
        PageId::ActionsDue { month, page } => r.page(actions(model, path, "due", month, *page)),
        PageId::ActionsDone { year, page } => r.page(actions(model, path, "done", year, *page)),
        PageId::TaxonomyIndex { folder } => r.page(taxonomy_index(model, path, folder)),
        PageId::Term { folder, slug, page } => match model.index.terms.get(&(*folder, slug.clone())) {
            Some(term) => r.page(term_page(model, term, path, *page)),
            None => Ok(()),
        },
        PageId::Stats => r.page(
            Page::new("stats.html", path, "Statistics", "stats").with("stats", &stats::build(site, &model.incidents)),
        ),
        PageId::Runbooks => r.page(
            Page::new("runbooks.html", path, "Runbooks", "runbooks").with("runbooks", &model.runbook_summaries()),
        ),
        PageId::ContactsIndex => {
            r.page(Page::new("contacts-index.html", path, "Phone lists", "contacts-index").with("lists", &model.lists))
        }
        PageId::Worksheet => r.page(worksheet::page(site)?),
        PageId::Print => r.page(print::page(
            site,
            &model.incident_docs,
            &model.runbooks_idx,
            &model.contacts_idx,
            &model.index.backlinks,
        )),
        PageId::Incident(n) => {
            let i = model.incident_docs[*n];
            let Some(mut inc) = docs::incident_view_with(site, i, docs::Mode::Page, model.incidents[*n].row.clone())
            else {
                return Ok(());
            };
            inc.related_incidents = model.index.related.links_of(i, &model.incidents);
            r.page(Page::new("incident.html", path, inc.row.title.clone(), "incident").with("doc", &inc))
        }
        PageId::Runbook(n) => {
            let rb = &model.runbooks[*n];
            r.page(Page::new("runbook.html", path, rb.title.clone(), "runbook").with("doc", rb))
        }
        PageId::Contacts(n) => {
            let c = &model.lists[*n];
            r.page(Page::new("contacts.html", path, c.title.clone(), "contacts").with("doc", c))
        }
        PageId::VCards(n) | PageId::ContactsCsv(n) => {
            let doc = &site.lib.docs[model.contacts_idx[*n]];
            let Some(data) = doc.contacts() else {
                return Ok(());
            };
            text(match id {
                PageId::VCards(_) => vcard::vcards(&doc.title, data),
                _ => vcard::csv(data),
            })
        }
        PageId::IncidentsJson => {
            let plain = model.plain_actions(site);
            out.stream(path, &mut |w| exports::incidents_json(&model.incidents, plain, w))
        }
        PageId::ActionsCsv => {
            let plain = model.plain_actions(site);
            out.stream(path, &mut |w| exports::action_items_csv(&model.incidents, plain, w))
        }
        PageId::Feed => text(exports::feed(site, &model.incidents)),
        PageId::SearchIndex => text(exports::search_index(&model.incidents, &model.runbook_summaries(), &model.lists)),
        PageId::SyntaxCss => text(crate::highlight::stylesheet()),
        PageId::Asset(name) => {
            let css = super::templates::DEFAULT_STATIC.iter().find(|(n, _)| n == name).map_or("", |(_, t)| t);
            let mut body = css.to_string();
            if *name == "style.css" && site.config.paper == crate::config::Paper::Letter {
                body.push_str("\n@page { size: Letter; }\n");
            }
            text(body)
        }
    }
}

fn home<'a>(site: &Site, model: &'a Model) -> Home<'a> {
    let incidents = &model.incidents;
    let open = &model.index.open_actions;
    let cutoff = site.today - chrono::Duration::days(90);
    let recent90: Vec<&IncidentView> = incidents
        .iter()
        .map(|i| &**i)
        .filter(|i| crate::time::parse_date(&i.row.date).is_some_and(|d| d >= cutoff))
        .collect();
    let median = |f: &dyn Fn(&IncidentView) -> Option<i64>| {
        let v: Vec<i64> = recent90.iter().filter_map(|i| f(i)).collect();
        stats::median(&v).map(DurationView::new)
    };
    let mut reviews: Vec<ReviewView> =
        model.runbooks_idx.iter().chain(&model.contacts_idx).filter_map(|&i| docs::review_reminder(site, i)).collect();
    reviews.sort_by(|a, b| a.due.cmp(&b.due));
    Home {
        recent: incidents.iter().take(10).map(|i| &i.row).collect(),
        overdue_count: model.index.overdue,
        open_actions: open.iter().take(15).map(|&a| ListedAction::of(model, a)).collect(),
        reviews_due: reviews,
        last90: Last90 {
            count: recent90.len(),
            median_ttd: median(&|i| i.time_to_detect.as_ref().map(|d| d.seconds)),
            median_ttr: median(&|i| i.time_to_resolve.as_ref().map(|d| d.seconds)),
        },
        counts: Counts {
            incidents: incidents.len(),
            runbooks: model.runbooks.len(),
            contacts: model.lists.len(),
            open_actions: open.len(),
        },
        lists: model
            .lists
            .iter()
            .map(|l| LinkView { title: l.title.clone(), url: l.url.clone(), kind: "contacts" })
            .collect(),
    }
}

fn history(site: &Site, model: &Model, path: &str, year: Option<&str>, page: usize) -> Page {
    let years = &model.index.years;
    // The positions of this page's incidents.
    let (range, base) = match year {
        None => (0..model.incidents.len().min(PAGE_ROWS), "incidents/index.html".to_string()),
        Some(y) => {
            let start: usize = years.iter().take_while(|(k, _)| k != y).map(|(_, n)| n).sum();
            let count = years.iter().find(|(k, _)| k == y).map_or(0, |(_, n)| *n);
            (start..start + count, year_url(y))
        }
    };
    let in_scope = range.len();
    let rows: Vec<&str> = page_slice(&model.rows[range], page).iter().map(|r| &**r).collect();
    let title = match year {
        None => "Incidents".to_string(),
        Some(y) if page > 1 => format!("Incidents of {y}, page {page}"),
        Some(y) => format!("Incidents of {y}"),
    };
    let view = History {
        incident_count: model.incidents.len(),
        year: year.unwrap_or("").to_string(),
        partial: rows.len() < model.incidents.len(),
        rows,
        years: years
            .iter()
            .map(|(y, n)| YearLink { year: y.clone(), count: *n, url: year_url(y), current: Some(y.as_str()) == year })
            .collect(),
        pager: if year.is_some() { pager(&base, page, in_scope) } else { pager(&base, 1, 0) },
        filters: Filters {
            severities: site.config.severities.clone(),
            services: model.index.services.clone(),
            statuses: vec!["draft", "review", "final"],
        },
    };
    Page::new("incidents.html", path, title, "incidents").with("history", &view)
}

fn actions(model: &Model, path: &str, scope: &'static str, key: &str, page: usize) -> Page {
    let none: &[(usize, usize)] = &[];
    let (all, base, heading): (&[(usize, usize)], String, String) = match scope {
        "due" => (
            model.index.due.get(key).map_or(none, Vec::as_slice),
            due_url(key),
            if key == "no-date" {
                "Open action items with no due date".into()
            } else {
                format!("Open action items due {key}")
            },
        ),
        "done" => (
            model.index.done.get(key).map_or(none, Vec::as_slice),
            done_url(key),
            format!("Done action items of {key}'s incidents"),
        ),
        _ => (
            &model.index.open_actions[..model.index.open_actions.len().min(PAGE_ROWS)],
            "action-items.html".into(),
            "Action items".into(),
        ),
    };
    let items: Vec<ListedAction> = page_slice(all, page).iter().map(|&a| ListedAction::of(model, a)).collect();
    let heading = if page > 1 { format!("{heading}, page {page}") } else { heading };
    let view = Actions {
        scope,
        key: key.to_string(),
        heading: heading.clone(),
        partial: items.len() < if scope == "open" { model.index.open_actions.len() } else { all.len() },
        open_count: model.index.open_actions.len(),
        overdue_count: model.index.overdue,
        done_count: model.index.done.values().map(Vec::len).sum(),
        owners: &model.index.owners,
        months: &model.index.due_links,
        done_years: &model.index.done_links,
        pager: if scope == "open" { pager(&base, 1, 0) } else { pager(&base, page, all.len()) },
        items,
    };
    Page::new("action-items.html", path, heading, "action-items").with("actions", &view)
}

fn taxonomy_index(model: &Model, path: &str, folder: &'static str) -> Page {
    let terms: Vec<TermSummary> = model
        .index
        .terms
        .iter()
        .filter(|((f, _), _)| *f == folder)
        .map(|(_, t)| TermSummary {
            name: &t.name,
            url: &t.url,
            incident_count: t.incidents.len(),
            runbook_count: t.runbooks.len(),
        })
        .collect();
    let (taxonomy, title) = if folder == "services" { ("service", "Services") } else { ("tag", "Tags") };
    Page::new("taxonomy-index.html", path, title, "taxonomy-index").with("taxonomy", &taxonomy).with("terms", &terms)
}

fn term_page(model: &Model, term: &super::model::Term, path: &str, page: usize) -> Page {
    let rows: Vec<&str> = page_slice(&term.incidents, page).iter().map(|&n| &*model.rows[n]).collect();
    let ttrs: Vec<i64> =
        term.incidents.iter().filter_map(|&n| model.incidents[n].row.duration.as_ref().map(|d| d.seconds)).collect();
    let view = TermPage {
        taxonomy: term.taxonomy,
        name: &term.name,
        url: &term.url,
        rows,
        runbooks: term
            .runbooks
            .iter()
            .map(|&n| {
                let rb = &model.runbooks[n];
                LinkView { title: rb.title.clone(), url: rb.url.clone(), kind: "runbook" }
            })
            .collect(),
        incident_count: term.incidents.len(),
        last_incident: term.incidents.first().map(|&n| model.incidents[n].row.date.clone()).unwrap_or_default(),
        mean_ttr: stats::mean(&ttrs).map(DurationView::new),
        pager: pager(&term.url, page, term.incidents.len()),
    };
    let title = if page > 1 { format!("{}, page {page}", term.name) } else { term.name.clone() };
    Page::new("taxonomy.html", path, title, "taxonomy").with("term", &view)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn later_pages_take_a_name_no_slug_can_have() {
        assert_eq!(paged("services/db.html", 1), "services/db.html");
        assert_eq!(paged("services/db.html", 2), "services/db.page-2.html");
        assert_eq!(pages_of(0), 1);
        assert_eq!(pages_of(PAGE_ROWS), 1);
        assert_eq!(pages_of(PAGE_ROWS + 1), 2);
    }

    #[test]
    fn a_page_slice_never_runs_past_the_list() {
        let all: Vec<usize> = (0..PAGE_ROWS + 3).collect();
        assert_eq!(page_slice(&all, 1).len(), PAGE_ROWS);
        assert_eq!(page_slice(&all, 2), &[PAGE_ROWS, PAGE_ROWS + 1, PAGE_ROWS + 2]);
        assert!(page_slice(&all, 3).is_empty());
    }
}
