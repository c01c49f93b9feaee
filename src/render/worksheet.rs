//! `worksheet.html`, the incident log sheet (SPEC §10): the roles with
//! blanks, the stages with their time budgets from `incident.stages`, a
//! ruled time / who / what log and the first escalation group of a phone
//! list, on one printed page. The same view is a page of the binder.

use anyhow::anyhow;
use serde::Serialize;

use crate::config::budget_text;
use crate::content::Kind;
use crate::render::docs::{self, Mode};
use crate::render::views::GroupView;
use crate::render::{Page, Site};

/// The roles of an incident call, each printed with a blank for a name.
const ROLES: [&str; 3] = ["Call leader", "Scribe", "Communications"];

/// Ruled lines of the log: as many as fit under the rest on a Letter page,
/// the shorter of the two papers, with up to 3 contacts; each contact more
/// takes the place of a line.
const LOG_LINES: usize = 16;

/// Contacts of the escalation group printed before "and N more".
const MAX_CONTACTS: usize = 8;

/// A stage of the response.
#[derive(Debug, Serialize)]
pub struct StageView {
    pub n: usize,
    pub name: String,
    /// `15m`, or empty for a stage with no budget (a decision point).
    pub budget: String,
}

/// The phone list's first group on the sheet.
#[derive(Debug, Serialize)]
pub struct SheetContacts {
    pub title: String,
    pub url: String,
    /// The list's anchor in the binder.
    pub anchor: String,
    pub group: GroupView,
    /// Contacts of the group left off the sheet.
    pub more: usize,
}

/// The incident log sheet.
#[derive(Debug, Serialize)]
pub struct WorksheetView {
    pub roles: Vec<&'static str>,
    pub stages: Vec<StageView>,
    pub response_target: String,
    pub log_lines: Vec<usize>,
    pub contacts: Option<SheetContacts>,
}

/// The sheet's view; an error when `incident.worksheet_contacts` names no
/// phone list of the site.
pub fn view(site: &Site) -> anyhow::Result<WorksheetView> {
    let cfg = &site.config.incident;
    let list = match &cfg.worksheet_contacts {
        Some(name) => Some(
            site.lib
                .resolve_ref(name)
                .filter(|i| site.lib.docs[*i].kind == Kind::Contacts && site.visible(*i))
                .ok_or_else(|| {
                    anyhow!(
                        "warroom.yaml: `incident.worksheet_contacts: {name}` names no phone list; \
                         use the id or path of one under `content/contacts/`"
                    )
                })?,
        ),
        // Documents are sorted by path: the first phone list by path.
        None => (0..site.lib.docs.len()).find(|&i| site.lib.docs[i].kind == Kind::Contacts && site.visible(i)),
    };
    let contacts = list.and_then(|i| docs::contacts_view(site, i, Mode::Root)).and_then(|c| {
        let mut group = c.groups.into_iter().next()?;
        let more = group.contacts.len().saturating_sub(MAX_CONTACTS);
        group.contacts.truncate(MAX_CONTACTS);
        Some(SheetContacts { title: c.title, url: c.url, anchor: c.anchor, group, more })
    });
    let shown = contacts.as_ref().map_or(0, |c| c.group.contacts.len());
    Ok(WorksheetView {
        roles: ROLES.to_vec(),
        stages: cfg
            .stages
            .iter()
            .enumerate()
            .map(|(n, s)| StageView {
                n: n + 1,
                name: s.name.clone(),
                budget: s.budget.map(budget_text).unwrap_or_default(),
            })
            .collect(),
        response_target: budget_text(cfg.response_target),
        log_lines: (1..=LOG_LINES - shown.saturating_sub(3)).collect(),
        contacts,
    })
}

/// The `worksheet.html` page.
pub(crate) fn page(site: &Site) -> anyhow::Result<Page> {
    Ok(Page::new("worksheet.html", "worksheet.html", "Incident log sheet", "worksheet").with("ws", &view(site)?))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use chrono::NaiveDate;

    use super::*;
    use crate::config::Config;
    use crate::content::{Document, Library};

    fn list(title: &str, people: usize) -> String {
        let mut text =
            format!("---\ntitle: {title}\nlast_verified: 2026-10-01\ngroups:\n  - name: First\n    contacts:\n");
        for n in 0..people {
            text.push_str(&format!("      - name: P{n}\n        phone: \"+44 20 7946 01{n:02}\"\n"));
        }
        text.push_str(
            "  - name: Second\n    contacts:\n      - name: Later\n        phone: \"+44 20 7946 0999\"\n---\n",
        );
        text
    }

    fn sheet(config: &Config) -> anyhow::Result<WorksheetView> {
        let files = [("content/contacts/b.md", list("B list", 2)), ("content/contacts/a.md", list("A list", 10))];
        let docs = files.iter().map(|(f, t)| Document::parse(t, f, config).expect("a phone list")).collect();
        let lib = Library::new(docs, BTreeSet::new(), Vec::new());
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).expect("a date");
        view(&Site { lib: &lib, config, today, commit: String::new(), drafts: false })
    }

    #[test]
    fn the_first_group_of_the_first_list_by_path_by_default() {
        let ws = sheet(&Config::default()).unwrap();
        let c = ws.contacts.expect("a phone list");
        assert_eq!((c.title.as_str(), c.group.name.as_str()), ("A list", "First"));
        assert_eq!((c.group.contacts.len(), c.more), (MAX_CONTACTS, 2));
        assert_eq!(ws.log_lines.len(), LOG_LINES - (MAX_CONTACTS - 3), "each contact past 3 takes a line");
        assert_eq!(ws.stages[0].name, "Respond");
        assert_eq!(ws.stages[0].budget, "15m");
        assert_eq!(ws.stages[4].budget, "", "the rollback decision has no budget");
        assert_eq!(ws.roles, ["Call leader", "Scribe", "Communications"]);
    }

    #[test]
    fn worksheet_contacts_picks_the_list_or_says_it_names_none() {
        let config = Config::parse("incident: { worksheet_contacts: b }\n", "warroom.yaml").unwrap();
        let ws = sheet(&config).unwrap();
        let c = ws.contacts.expect("a phone list");
        assert_eq!((c.title.as_str(), c.group.contacts.len(), c.more), ("B list", 2, 0));
        assert_eq!(ws.log_lines.len(), LOG_LINES);
        let config = Config::parse("incident: { worksheet_contacts: nobody }\n", "warroom.yaml").unwrap();
        let e = sheet(&config).unwrap_err().to_string();
        assert!(e.contains("`incident.worksheet_contacts: nobody` names no phone list"), "{e}");
    }
}
