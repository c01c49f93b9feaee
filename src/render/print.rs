//! `print.html`, the binder: every phone list, then every runbook (and,
//! with `print.include_incidents`, post-mortems), built from views in binder
//! mode so ids are unique and links between documents become in-page anchors.
//! The incident log sheet comes first, ready to copy for the next call.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::render::docs::{self, Mode};
use crate::render::views::*;
use crate::render::worksheet::{self, WorksheetView};
use crate::render::{Page, Site};

#[derive(Serialize)]
struct TocEntry {
    title: String,
    anchor: String,
    kind: &'static str,
}

#[derive(Serialize)]
struct Binder {
    toc: Vec<TocEntry>,
    worksheet: Option<WorksheetView>,
    contacts: Vec<ContactsView>,
    runbooks: Vec<RunbookView>,
    incidents: Vec<IncidentView>,
}

/// The binder page.
pub(crate) fn page(
    site: &Site,
    incidents_idx: &[usize],
    runbooks_idx: &[usize],
    contacts_idx: &[usize],
    backlinks: &BTreeMap<usize, Vec<usize>>,
) -> Page {
    let contacts: Vec<ContactsView> =
        contacts_idx.iter().filter_map(|&i| docs::contacts_view(site, i, Mode::Binder)).collect();
    let mut runbooks: Vec<RunbookView> = runbooks_idx
        .iter()
        .filter_map(|&i| docs::runbook_view(site, i, Mode::Binder, true, backlinks.get(&i).map_or(&[], Vec::as_slice)))
        .collect();
    // The phone lists are printed once at the front; runbooks refer to them.
    for rb in &mut runbooks {
        for c in &mut rb.contacts {
            c.groups.clear();
            c.body_html.clear();
        }
    }
    let mut incidents: Vec<IncidentView> = if site.config.include_incidents {
        incidents_idx.iter().filter_map(|&i| docs::incident_view(site, i, Mode::Binder)).collect()
    } else {
        Vec::new()
    };
    crate::render::newest_first(&mut incidents);
    // A wrong `incident.worksheet_contacts` fails the worksheet page itself.
    let worksheet = worksheet::view(site).ok();
    let mut toc = Vec::new();
    if worksheet.is_some() {
        toc.push(TocEntry { title: "Incident log sheet".into(), anchor: "worksheet".into(), kind: "worksheet" });
    }
    toc.extend(contacts.iter().map(|d| TocEntry {
        title: d.title.clone(),
        anchor: d.anchor.clone(),
        kind: "contacts",
    }));
    toc.extend(runbooks.iter().map(|d| TocEntry { title: d.title.clone(), anchor: d.anchor.clone(), kind: "runbook" }));
    toc.extend(incidents.iter().map(|d| TocEntry {
        title: d.row.title.clone(),
        anchor: d.anchor.clone(),
        kind: "postmortem",
    }));
    Page::new("print.html", "print.html", "Print binder", "print")
        .with("binder", &Binder { toc, worksheet, contacts, runbooks, incidents })
}
