//! Rendering: the library → the files of the site, in memory.
//!
//! Nothing here writes to disk; `output` does. Document views are built once
//! in parallel, then every page is rendered in parallel from them.

pub mod docs;
pub mod exports;
pub mod model;
pub mod pages;
pub mod print;
pub mod stats;
pub mod templates;
pub mod vcard;
pub mod views;
pub mod worksheet;

use std::collections::HashMap;

use anyhow::anyhow;
use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::config::Config;
use crate::content::postmortem::Status;
use crate::content::{Kind, Library};
pub use crate::output::{Emit, OutputFile, WriteFn};
use model::Model;
use pages::PageId;
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

    fn with(mut self, key: &'static str, value: &impl Serialize) -> Page {
        self.ctx.insert(key, value);
        self
    }
}

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
    let model = Model::new(site, templates)?;
    let mut plan = pages::plan(site, &model);
    // The biggest files first, so no thread is left with one at the end.
    plan.sort_by_key(|(_, id)| !matches!(id, PageId::IncidentsJson | PageId::ActionsCsv | PageId::SearchIndex));
    let r = Renderer { templates, site_view: site_view(site), out };
    plan.par_iter().with_max_len(64).try_for_each(|(path, id)| pages::render(site, &model, &r, path, id))?;
    drop(r);
    // Freeing the model takes a while on one thread (tens of ms at 10,000
    // incidents); another thread does it while the last files are written.
    rayon::spawn(move || drop(model));
    Ok(())
}

/// Every file of a site by path, for rendering one at a time (`serve`).
pub struct Plan(HashMap<String, PageId>);

impl Plan {
    pub fn new(site: &Site, model: &Model) -> Plan {
        Plan(pages::plan(site, model).into_iter().collect())
    }

    /// Whether the site has a file at `path`.
    pub fn contains(&self, path: &str) -> bool {
        self.0.contains_key(path)
    }

    /// Renders the file at `path` exactly as [`render`] does; `None` when
    /// the site has no such file.
    pub fn render(
        &self,
        site: &Site,
        model: &Model,
        templates: &Templates,
        path: &str,
    ) -> anyhow::Result<Option<OutputFile>> {
        let Some(id) = self.0.get(path) else {
            return Ok(None);
        };
        let files = Collect(std::sync::Mutex::new(Vec::new()));
        let r = Renderer { templates, site_view: site_view(site), out: &files };
        pages::render(site, model, &r, path, id)?;
        Ok(files.0.into_inner().unwrap_or_else(|e| e.into_inner()).pop())
    }
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

/// Renders one page straight into `out`.
fn stream_one(tera: &Tera, site_view: &SiteView, mut page: Page, out: &dyn Emit) -> anyhow::Result<()> {
    shared_context(site_view, &mut page);
    out.stream(&page.path, &mut |w| tera.render_to(page.template, &page.ctx, w).map_err(|e| render_error(&page, &e)))
}
