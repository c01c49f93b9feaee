//! What every list page, stats page and export is built from, computed once
//! per build (and kept by `serve` between edits): the incidents without
//! their bodies, newest first, each with its history row already rendered;
//! runbook and phone-list views; which incidents link to each document; the
//! services and tags.
//!
//! A page renders from the model alone, so `build` renders every page from
//! one model and `serve` renders the page a browser asks for from the same
//! model; after an edit, [`Model::update`] rebuilds only what the edited
//! documents changed.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rayon::prelude::*;

use super::docs::{self, Mode};
use super::views::*;
use super::{root_of, site_view, templates::Templates, Site};
use crate::content::Kind;
use crate::slug::slugify;

/// The internal template that renders one history row through
/// `macros.html`'s `incident_row` component, so a theme's is used everywhere.
pub(crate) const ROW_TEMPLATE: &str = "__warroom/incident-row.html";
pub(crate) const ROW_TEMPLATE_TEXT: &str = "{{<incident_row i={i} root={root} show_services={true} />}}";

/// Rows are rendered for pages one folder below the site root
/// (`incidents/`, `services/`, `tags/`), where every list of rows lives.
pub(crate) const ROW_PAGE_DEPTH: &str = "incidents/x.html";

/// An incident as list pages see it, with its history row.
struct Listed {
    doc: usize,
    view: Arc<IncidentView>,
    row: Arc<str>,
    source: Arc<str>,
    /// Taken whole from the previous model.
    reused: bool,
}

/// A service or tag with what it lists.
pub struct Term {
    pub taxonomy: &'static str,
    pub name: String,
    pub url: String,
    /// Positions in [`Model::incidents`], newest first.
    pub incidents: Vec<usize>,
    /// Positions in [`Model::runbooks`].
    pub runbooks: Vec<usize>,
}

/// See the module documentation.
pub struct Model {
    /// Visible incidents without their bodies, newest first (date, then id).
    pub incidents: Vec<Arc<IncidentView>>,
    /// The library index of each of `incidents`.
    pub incident_docs: Vec<usize>,
    /// The history row (`<tr>`) of each of `incidents`, for pages one folder deep.
    pub rows: Vec<Arc<str>>,
    /// The source each view was made from, to reuse it when unchanged;
    /// empty in a model made for one build.
    sources: Vec<Arc<str>>,
    /// The sources runbook and phone-list views were made from.
    runbook_sources: Vec<Arc<str>>,
    contacts_sources: Vec<Arc<str>>,
    /// Runbooks as their pages show them, in library order.
    pub runbooks: Vec<RunbookView>,
    pub runbooks_idx: Vec<usize>,
    /// Phone lists as their pages show them, in library order.
    pub lists: Vec<ContactsView>,
    pub contacts_idx: Vec<usize>,
    /// How the lists group the incidents; shared with the previous model
    /// when an edit moved no incident and changed nothing they are grouped by.
    pub index: Arc<Index>,
    /// Every document's file and URL, in library order. While each file
    /// still there keeps its URL, the view of an unchanged document stays
    /// the same: its links resolved when it was published, and a new
    /// document takes no URL another had. (A deleted one may leave a link
    /// dangling, so a deletion remakes every view.)
    urls: Vec<(String, String)>,
    /// Overdue marks and review states depend on the day.
    today: chrono::NaiveDate,
    /// The plain text of every action item, made once for the two exports
    /// that need it (see [`Model::plain_actions`]).
    plain_actions: std::sync::OnceLock<Vec<Vec<String>>>,
}

/// What list pages group and count incidents by: positions in
/// [`Model::incidents`] by document linked, term, due month and year.
/// Nothing here holds a title or any other text an edit commonly changes.
pub struct Index {
    /// The incidents in library order, and the documents each links to or names.
    incidents_idx: Vec<usize>,
    targets: Vec<Vec<usize>>,
    /// Which incidents link to or name each document (document → incidents).
    pub backlinks: BTreeMap<usize, Vec<usize>>,
    /// `services`/`tags` → slug → term.
    pub terms: BTreeMap<(&'static str, String), Term>,
    /// Services and tags an incident shares with others, for "related".
    pub related: RelatedIndex,
    /// Action items (incident position, item index), open ones by due
    /// date (no date last), then owner.
    pub open_actions: Vec<(usize, usize)>,
    /// Open items by due month (`2027-01`, `no-date`), in the same order.
    pub due: BTreeMap<String, Vec<(usize, usize)>>,
    /// Done items by their incident's year (`undated` without a date).
    pub done: BTreeMap<String, Vec<(usize, usize)>>,
    /// The owners of open items, sorted, once each.
    pub owners: Vec<String>,
    /// How many open items are overdue.
    pub overdue: usize,
    /// Links to every month of `due`, and every year of `done`, newest first.
    pub due_links: Vec<GroupLink>,
    pub done_links: Vec<GroupLink>,
    /// The years of the history, newest first, with how many incidents each.
    pub years: Vec<(String, usize)>,
    /// Every service of an incident, sorted.
    pub services: Vec<String>,
}

impl Model {
    /// Builds the model of a whole site, for one build.
    pub fn new(site: &Site, templates: &Templates) -> anyhow::Result<Model> {
        Model::build(site, templates, None, false)
    }

    /// [`Model::new`], keeping a copy of each source so that [`Model::update`]
    /// can tell which views still hold (`serve`).
    pub fn for_updates(site: &Site, templates: &Templates) -> anyhow::Result<Model> {
        Model::build(site, templates, None, true)
    }

    /// The model after an edit: incidents whose source is unchanged keep
    /// their view and row, unless a document was deleted or moved to
    /// another URL (a view names other documents' URLs; see `urls`);
    /// everything cheap is rebuilt.
    pub fn update(&self, site: &Site, templates: &Templates) -> anyhow::Result<Model> {
        Model::build(site, templates, Some(self), true)
    }

    fn build(site: &Site, templates: &Templates, previous: Option<&Model>, keep: bool) -> anyhow::Result<Model> {
        let lib = site.lib;
        let incidents_idx = site.of_kind(Kind::Postmortem);
        let runbooks_idx = site.of_kind(Kind::Runbook);
        let contacts_idx = site.of_kind(Kind::Contacts);

        // Reusable views: same documents, same source.
        let reuse: HashMap<&str, usize> = match previous {
            Some(p)
                if p.today == site.today
                    && p.sources.len() == p.incidents.len()
                    && p.urls.iter().all(|(file, url)| {
                        lib.docs.binary_search_by(|d| d.file.as_str().cmp(file)).is_ok_and(|i| lib.docs[i].url == *url)
                    }) =>
            {
                (0..p.incidents.len()).map(|n| (p.urls[p.incident_docs[n]].0.as_str(), n)).collect()
            }
            _ => HashMap::new(),
        };
        let sv = site_view(site);
        let root = root_of(ROW_PAGE_DEPTH);
        let mut listed: Vec<Listed> = incidents_idx
            .par_iter()
            .filter_map(|&i| {
                let d = &lib.docs[i];
                if let Some(p) = previous {
                    if let Some(&n) = reuse.get(d.file.as_str()).filter(|&&n| *p.sources[n] == *d.source) {
                        return Some(Ok(Listed {
                            doc: i,
                            view: Arc::clone(&p.incidents[n]),
                            row: Arc::clone(&p.rows[n]),
                            source: Arc::clone(&p.sources[n]),
                            reused: true,
                        }));
                    }
                }
                let view = docs::incident_listing(site, i, Mode::Root)?;
                let mut ctx = tera::Context::new();
                ctx.insert("i", &view.row);
                ctx.insert("root", &root);
                ctx.insert("site", &sv);
                Some(
                    templates
                        .tera
                        .render(ROW_TEMPLATE, &ctx)
                        .map(|row| Listed {
                            doc: i,
                            view: Arc::new(view),
                            row: row.into(),
                            source: if keep { d.source.as_str().into() } else { Arc::default() },
                            reused: false,
                        })
                        .map_err(|e| {
                            anyhow::anyhow!(
                                "cannot render the history row of `{}` with component `incident_row` of `macros.html`: {}",
                                d.file,
                                super::templates::error_chain(&e)
                            )
                        }),
                )
            })
            .collect::<anyhow::Result<_>>()?;
        listed.sort_by(|a, b| super::newer(&a.view, &b.view));
        // Incidents whose view was made again (edited, new, or all of them).
        let remade: std::collections::HashSet<usize> = listed.iter().filter(|l| !l.reused).map(|l| l.doc).collect();
        let mut incidents = Vec::with_capacity(listed.len());
        let mut incident_docs = Vec::with_capacity(listed.len());
        let mut rows = Vec::with_capacity(listed.len());
        let mut sources = Vec::with_capacity(if keep { listed.len() } else { 0 });
        for l in listed {
            incidents.push(l.view);
            incident_docs.push(l.doc);
            rows.push(l.row);
            if keep {
                sources.push(l.source);
            }
        }

        // The index of the previous model holds while every incident stays
        // at its position and no view made again changed what it is grouped by.
        let same_places = |p: &Model| {
            !reuse.is_empty()
                && p.urls.len() == lib.docs.len()
                && p.incident_docs == incident_docs
                && p.runbooks_idx == runbooks_idx
                && p.contacts_idx == contacts_idx
        };
        let shared: Option<Arc<Index>> = previous.filter(|p| same_places(p)).and_then(|p| {
            let ix = &p.index;
            let holds = ix.incidents_idx == incidents_idx
                && incidents.iter().enumerate().filter(|(n, _)| remade.contains(&incident_docs[*n])).all(|(n, v)| {
                    let i = incident_docs[n];
                    grouped_by(v) == grouped_by(&p.incidents[n])
                        && incidents_idx
                            .binary_search(&i)
                            .is_ok_and(|k| crate::content::usage::targets(lib, i) == ix.targets[k])
                });
            holds.then(|| Arc::clone(ix))
        });
        let fresh_backlinks;
        let (targets, backlinks) = match &shared {
            Some(index) => (None, &index.backlinks),
            None => {
                let targets: Vec<Vec<usize>> =
                    incidents_idx.par_iter().map(|&i| crate::content::usage::targets(lib, i)).collect();
                let mut backlinks: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
                for (&i, targets) in incidents_idx.iter().zip(&targets) {
                    for &t in targets {
                        backlinks.entry(t).or_default().push(i);
                    }
                }
                fresh_backlinks = backlinks;
                (Some(targets), &fresh_backlinks)
            }
        };

        // A runbook's view shows its own text, the phone lists it names and
        // the incidents that use it: it is kept while none of them changed.
        let contacts_sources: Vec<Arc<str>> =
            contacts_idx.iter().map(|&i| Arc::from(lib.docs[i].source.as_str())).collect();
        let kept_runbooks: HashMap<&str, usize> = match previous {
            Some(p)
                if !reuse.is_empty()
                    && p.contacts_sources == contacts_sources
                    && p.runbook_sources.len() == p.runbooks.len() =>
            {
                (0..p.runbooks.len()).map(|n| (p.urls[p.runbooks_idx[n]].0.as_str(), n)).collect()
            }
            _ => HashMap::new(),
        };
        let runbooks: Vec<RunbookView> = runbooks_idx
            .par_iter()
            .filter_map(|&i| {
                let users = backlinks.get(&i).map_or(&[][..], Vec::as_slice);
                let d = &lib.docs[i];
                if let (Some(p), Some(&n)) = (previous, kept_runbooks.get(d.file.as_str())) {
                    let before = p.index.backlinks.get(&p.runbooks_idx[n]).map_or(&[][..], Vec::as_slice);
                    let same_users = before.len() == users.len()
                        && before
                            .iter()
                            .zip(users)
                            .all(|(&b, &u)| p.urls[b].0 == lib.docs[u].file && !remade.contains(&u));
                    if same_users && *p.runbook_sources[n] == *d.source {
                        return Some(p.runbooks[n].clone());
                    }
                }
                docs::runbook_view(site, i, Mode::Page, true, users)
            })
            .collect();
        let runbook_sources = if keep {
            runbooks_idx.iter().map(|&i| Arc::from(lib.docs[i].source.as_str())).collect()
        } else {
            Vec::new()
        };
        let lists: Vec<ContactsView> =
            contacts_idx.par_iter().filter_map(|&i| docs::contacts_view(site, i, Mode::Page)).collect();
        // Runbooks are listed by their services and tags too.
        let index = match shared {
            Some(index)
                if previous.is_some_and(|p| {
                    p.runbooks.len() == runbooks.len()
                        && p.runbooks.iter().zip(&runbooks).all(|(a, b)| runbook_terms(a) == runbook_terms(b))
                }) =>
            {
                index
            }
            _ => {
                let targets = match targets {
                    Some(t) => t,
                    None => incidents_idx.par_iter().map(|&i| crate::content::usage::targets(lib, i)).collect(),
                };
                let backlinks = backlinks.clone();
                Arc::new(Index::new(site, &incidents, &incident_docs, &runbooks, (incidents_idx, targets), backlinks))
            }
        };
        let urls = lib.docs.iter().map(|d| (d.file.clone(), d.url.clone())).collect();
        Ok(Model {
            incidents,
            incident_docs,
            rows,
            sources,
            runbook_sources,
            contacts_sources,
            runbooks,
            runbooks_idx,
            lists,
            contacts_idx,
            index,
            urls,
            today: site.today,
            plain_actions: std::sync::OnceLock::new(),
        })
    }

    /// The plain text of every action item, per incident and in order,
    /// made by the first export that asks (`incidents.json` and
    /// `action-items.csv` render at the same time; the second waits).
    pub fn plain_actions(&self, site: &Site) -> &[Vec<String>] {
        self.plain_actions.get_or_init(|| super::exports::plain_actions(site, &self.incidents))
    }

    /// Runbooks as list pages show them: no body.
    pub fn runbook_summaries(&self) -> Vec<RunbookView> {
        self.runbooks
            .iter()
            .map(|r| RunbookView {
                sections: Vec::new(),
                preamble_html: String::new(),
                contacts: Vec::new(),
                ..r.clone()
            })
            .collect()
    }
}

impl Index {
    fn new(
        site: &Site,
        incidents: &[Arc<IncidentView>],
        incident_docs: &[usize],
        runbooks: &[RunbookView],
        (incidents_idx, targets): (Vec<usize>, Vec<Vec<usize>>),
        backlinks: BTreeMap<usize, Vec<usize>>,
    ) -> Index {
        // The terms and the related index are made while the action items sort.
        let ((terms, related), mut all_actions) = rayon::join(
            || (terms(incidents, runbooks), RelatedIndex::new(site, incident_docs)),
            || {
                incidents
                    .iter()
                    .enumerate()
                    .flat_map(|(n, inc)| (0..inc.action_items.len()).map(move |k| (n, k)))
                    .collect::<Vec<(usize, usize)>>()
            },
        );
        all_actions.par_sort_by(|&(n1, k1), &(n2, k2)| {
            let (a, b) = (&incidents[n1].action_items[k1], &incidents[n2].action_items[k2]);
            (a.due.is_empty(), &a.due, &a.owner).cmp(&(b.due.is_empty(), &b.due, &b.owner))
        });
        let mut open_actions = Vec::new();
        let mut due: BTreeMap<String, Vec<(usize, usize)>> = BTreeMap::new();
        let mut done: BTreeMap<String, Vec<(usize, usize)>> = BTreeMap::new();
        for (n, k) in all_actions {
            let item = &incidents[n].action_items[k];
            if item.status == "open" {
                due.entry(due_month(&item.due)).or_default().push((n, k));
                open_actions.push((n, k));
            } else {
                done.entry(year_key(&incidents[n].row.year)).or_default().push((n, k));
            }
        }
        let item = |&(n, k): &(usize, usize)| &incidents[n].action_items[k];
        let mut owners: Vec<String> = open_actions.iter().map(|a| item(a).owner.clone()).collect();
        owners.sort_unstable();
        owners.dedup();
        let overdue_in = |list: &[(usize, usize)]| list.iter().filter(|a| item(a).overdue).count();
        let overdue = overdue_in(&open_actions);
        let link = |key: &String, list: &Vec<(usize, usize)>, url: String| GroupLink {
            key: key.clone(),
            label: if key == "no-date" { "no due date".into() } else { key.clone() },
            count: list.len(),
            overdue: overdue_in(list),
            url,
        };
        let due_links = due.iter().map(|(k, l)| link(k, l, super::pages::due_url(k))).collect();
        let done_links = done.iter().rev().map(|(k, l)| link(k, l, super::pages::done_url(k))).collect();
        let mut years: Vec<(String, usize)> = Vec::new();
        for inc in incidents {
            let y = year_key(&inc.row.year);
            match years.last_mut() {
                Some((last, count)) if *last == y => *count += 1,
                _ => years.push((y, 1)),
            }
        }
        let mut services: Vec<String> =
            incidents.iter().flat_map(|i| i.row.services.iter().map(|s| s.name.clone())).collect();
        services.sort();
        services.dedup();
        Index {
            incidents_idx,
            targets,
            backlinks,
            terms,
            related,
            open_actions,
            due,
            done,
            owners,
            overdue,
            due_links,
            done_links,
            years,
            services,
        }
    }
}

/// What an incident is grouped and counted by on list pages.
fn grouped_by(v: &IncidentView) -> impl Eq + '_ {
    let r = &v.row;
    fn names(t: &[TermRef]) -> Vec<&str> {
        t.iter().map(|t| t.name.as_str()).collect()
    }
    let actions: Vec<_> =
        v.action_items.iter().map(|a| (a.due.as_str(), a.owner.as_str(), a.status, a.overdue)).collect();
    (r.date.as_str(), r.id.as_str(), r.year.as_str(), names(&r.services), names(&r.tags), actions)
}

/// What a runbook is listed by on service and tag pages.
fn runbook_terms(r: &RunbookView) -> (Vec<&str>, Vec<&str>) {
    (r.services.iter().map(|t| t.name.as_str()).collect(), r.tags.iter().map(|t| t.name.as_str()).collect())
}

/// The services and tags of incidents (newest first) and runbooks, by
/// folder and slug, each with the positions that name it.
fn terms(incidents: &[Arc<IncidentView>], runbooks: &[RunbookView]) -> BTreeMap<(&'static str, String), Term> {
    type Terms = BTreeMap<(&'static str, String), Term>;
    fn term<'t>(terms: &'t mut Terms, folder: &'static str, taxonomy: &'static str, t: &TermRef) -> &'t mut Term {
        terms.entry((folder, slugify(&t.name))).or_insert_with(|| Term {
            taxonomy,
            name: t.name.clone(),
            url: t.url.clone(),
            incidents: Vec::new(),
            runbooks: Vec::new(),
        })
    }
    let mut terms = Terms::new();
    for (folder, taxonomy) in [("services", "service"), ("tags", "tag")] {
        // A position goes in once, however often its document names the term.
        let push = |list: &mut Vec<usize>, n: usize| {
            if list.last() != Some(&n) {
                list.push(n);
            }
        };
        for (n, inc) in incidents.iter().enumerate() {
            for t in if folder == "services" { &inc.row.services } else { &inc.row.tags } {
                push(&mut term(&mut terms, folder, taxonomy, t).incidents, n);
            }
        }
        for (n, rb) in runbooks.iter().enumerate() {
            for t in if folder == "services" { &rb.services } else { &rb.tags } {
                push(&mut term(&mut terms, folder, taxonomy, t).runbooks, n);
            }
        }
    }
    terms
}

/// A month or year of action items, linked from every action-item page.
#[derive(serde::Serialize)]
pub struct GroupLink {
    /// `2027-01`, `no-date`, or a year.
    pub key: String,
    pub label: String,
    pub count: usize,
    pub overdue: usize,
    pub url: String,
}

/// `2027-01` for a due date in January 2027; `no-date` without one.
pub fn due_month(due: &str) -> String {
    match due.get(..7) {
        Some(m) if m.as_bytes().get(4) == Some(&b'-') => m.to_string(),
        _ => "no-date".to_string(),
    }
}

/// An incident's year, or `undated`.
pub fn year_key(year: &str) -> String {
    if year.is_empty() {
        "undated".to_string()
    } else {
        year.to_string()
    }
}

/// "Has this happened before?": the incidents sharing a service or tag;
/// each page asks for its up to 6 related incidents, newest first.
pub struct RelatedIndex {
    /// `s:<service>` / `t:<tag>` → positions in the model's incidents, ascending.
    by_term: HashMap<String, Vec<usize>>,
    /// Document index → position.
    position: HashMap<usize, usize>,
    terms: Vec<Vec<String>>,
}

impl RelatedIndex {
    fn new(site: &Site, docs: &[usize]) -> RelatedIndex {
        let mut by_term: HashMap<String, Vec<usize>> = HashMap::new();
        let mut terms = Vec::with_capacity(docs.len());
        for (n, &doc) in docs.iter().enumerate() {
            let t = related_terms(site, doc);
            for term in &t {
                by_term.entry(term.clone()).or_default().push(n);
            }
            terms.push(t);
        }
        let position = docs.iter().enumerate().map(|(n, &doc)| (doc, n)).collect();
        RelatedIndex { by_term, position, terms }
    }

    /// The related incidents of document `i` (none if it is no listed
    /// incident), linked with their date and title from `incidents`.
    pub fn links_of(&self, i: usize, incidents: &[Arc<IncidentView>]) -> Vec<LinkView> {
        let Some(&n) = self.position.get(&i) else {
            return Vec::new();
        };
        let mut picked: Vec<usize> = Vec::new();
        for t in &self.terms[n] {
            for &m in self.by_term.get(t).into_iter().flatten().filter(|m| **m != n).take(6) {
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
                let row = &incidents[m].row;
                LinkView { title: format!("{} — {}", row.date, row.title), url: row.url.clone(), kind: "postmortem" }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_months_come_from_dates_only() {
        assert_eq!(due_month("2027-01-15"), "2027-01");
        assert_eq!(due_month(""), "no-date");
        assert_eq!(due_month("soon"), "no-date");
    }
}
