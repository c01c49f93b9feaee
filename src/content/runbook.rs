//! Runbooks (`kind: runbook`): owner, review schedule and the phone lists to show.

use chrono::{Duration, NaiveDate};

use crate::config::Config;
use crate::content::fields::{Fields, Reference};

/// A runbook's typed front matter.
#[derive(Debug, Clone, PartialEq)]
pub struct Runbook {
    pub services: Vec<String>,
    pub owner: Option<String>,
    pub last_reviewed: Option<NaiveDate>,
    pub last_reviewed_line: usize,
    pub review_every: i64,
    pub contacts: Vec<Reference>,
}

impl Runbook {
    /// The day the next review is due.
    pub fn review_due(&self) -> Option<NaiveDate> {
        self.last_reviewed.map(|d| d + Duration::days(self.review_every))
    }
}

/// Reads a runbook's fields.
pub fn parse(fields: &mut Fields, config: &Config) -> Runbook {
    let services = fields.list("services", true);
    let owner = fields.text("owner", true);
    let last_reviewed = fields.date("last_reviewed", true);
    let last_reviewed_line = fields.node("last_reviewed").map(|n| fields.line(n)).unwrap_or(1);
    let review_every = fields.number("review_every").unwrap_or(config.review_every);
    let contacts = fields.list_with_lines("contacts", false);
    Runbook { services, owner, last_reviewed, last_reviewed_line, review_every, contacts }
}
