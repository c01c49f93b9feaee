//! Post-mortems that teams already have (SPEC §9). Each public template has a
//! fixture under `tests/fixtures/templates/<template>/` written in that
//! template's structure; its README names the source, the planted defect and
//! its line.
//!
//! For each template:
//! - `good/` checks with no finding at all, neither error nor warning, under
//!   its config of at most 15 lines;
//! - `bad/` reports exactly one finding, the planted defect, at its line;
//! - the build writes the incident's action items (and, where the document
//!   gives timestamps, its metrics) to `incidents.json`, and the incident page
//!   renders the body as written.
//!
//! Everything runs through the real binary, the way a new user would try it.

mod common;

use std::path::{Path, PathBuf};

use serde_json::Value;

/// The "today" every check and build here uses: no open item in the fixtures
/// is due before it, so nothing is overdue.
const TODAY: &str = "2026-12-05";

/// Every template with a fixture.
const TEMPLATES: [&str; 8] =
    ["google-sre", "pagerduty", "atlassian", "gitlab", "azure", "etsy-morgue", "kehoe", "homegrown"];

fn site(template: &str, variant: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/templates").join(template).join(variant)
}

/// One finding of `check --format json`.
#[derive(Debug)]
struct Finding {
    rule: String,
    level: String,
    line: u64,
    message: String,
}

/// Runs `warroom check` on a fixture site: its findings and exit code.
fn check(template: &str, variant: &str) -> (Vec<Finding>, Option<i32>) {
    let root = site(template, variant);
    let (json, code) = common::check_json(&root, TODAY);
    let findings = json
        .iter()
        .map(|f| Finding {
            rule: f["rule"].as_str().unwrap_or_default().to_string(),
            level: f["level"].as_str().unwrap_or_default().to_string(),
            line: f["line"].as_u64().unwrap_or_default(),
            message: f["message"].as_str().unwrap_or_default().to_string(),
        })
        .collect();
    (findings, code)
}

/// `good/` checks clean: no error, no warning, exit 0.
fn assert_clean(template: &str) {
    let (findings, code) = check(template, "good");
    assert!(findings.is_empty(), "{template}/good should have no findings, got {findings:#?}");
    assert_eq!(code, Some(0), "{template}/good: exit code");
}

/// `bad/` reports its planted defect once, at its line, and nothing else.
fn assert_planted(template: &str, rule: &str, line: u64) {
    let (findings, code) = check(template, "bad");
    assert_eq!(findings.len(), 1, "{template}/bad should report only `{rule}` at line {line}, got {findings:#?}");
    let f = &findings[0];
    assert_eq!((f.rule.as_str(), f.line), (rule, line), "{template}/bad: {}", f.message);
    assert_eq!(f.level, "error", "{template}/bad: {f:#?}");
    assert_eq!(code, Some(1), "{template}/bad: exit code");
}

/// What `warroom build` wrote for a fixture's `good/` site.
struct Built {
    /// Holds the output folder until the test ends.
    _out: tempfile::TempDir,
    /// The one post-mortem's object in `incidents.json`.
    incident: Value,
    /// Its page, `incidents/<slug>.html`.
    page: String,
}

fn build(template: &str) -> Built {
    let root = site(template, "good");
    let (out, public) = common::build_site(&root, TODAY);
    let json = std::fs::read_to_string(public.join("incidents.json")).expect("incidents.json is written");
    let json: Value = serde_json::from_str(&json).expect("incidents.json is JSON");
    let all = json.as_array().expect("incidents.json is an array");
    assert_eq!(all.len(), 1, "{template}: one post-mortem");
    let incident = all[0].clone();
    let url = incident["url"].as_str().expect("a url").to_string();
    assert!(url.starts_with("incidents/") && url.ends_with(".html"), "{template}: url {url}");
    let page = std::fs::read_to_string(public.join(&url)).unwrap_or_else(|e| panic!("{template}: {url}: {e}"));
    Built { _out: out, incident, page }
}

/// An expected action item: owner, due date and status, in the order written.
type Item<'a> = (Option<&'a str>, Option<&'a str>, &'a str);

/// The incident's action items match `want`; an `@` before an owner's handle
/// does not matter.
fn assert_items(template: &str, incident: &Value, want: &[Item]) {
    let items = incident["action_items"].as_array().unwrap_or_else(|| panic!("{template}: no action_items array"));
    let got: Vec<Item> = items
        .iter()
        .map(|i| {
            (
                i["owner"].as_str().map(|o| o.trim_start_matches('@')),
                i["due"].as_str(),
                i["status"].as_str().unwrap_or("?"),
            )
        })
        .collect();
    assert_eq!(got, want, "{template}: action items (owner, due, status) in {items:#?}");
}

/// The action texts of the incident's items start as given.
fn assert_actions(template: &str, incident: &Value, starts: &[&str]) {
    let items = incident["action_items"].as_array().unwrap_or_else(|| panic!("{template}: no action_items array"));
    assert_eq!(items.len(), starts.len(), "{template}: {items:#?}");
    for (item, start) in items.iter().zip(starts) {
        let action = item["action"].as_str().unwrap_or_default();
        assert!(action.starts_with(start), "{template}: action `{action}` should start with `{start}`");
    }
}

/// Each text appears on the page after the one before it.
fn assert_in_order(template: &str, page: &str, texts: &[&str]) {
    let mut from = 0;
    for text in texts {
        match page[from..].find(text) {
            Some(at) => from += at + text.len(),
            None => panic!("{template}: `{text}` missing from the page after {texts:?}'s earlier texts"),
        }
    }
}

/// The timestamps and metrics in `incidents.json`.
fn assert_metrics(template: &str, incident: &Value, times: [Option<&str>; 4], seconds: [Option<i64>; 3]) {
    for (key, want) in ["started", "detected", "mitigated", "resolved"].iter().zip(times) {
        assert_eq!(incident[key].as_str(), want, "{template}: {key}");
        if want.is_none() {
            assert!(incident[key].is_null(), "{template}: {key} should be null");
        }
    }
    for (key, want) in ["time_to_detect_s", "time_to_mitigate_s", "time_to_resolve_s"].iter().zip(seconds) {
        assert_eq!(incident[key].as_i64(), want, "{template}: {key}");
        if want.is_none() {
            assert!(incident[key].is_null(), "{template}: {key} should be null");
        }
    }
}

#[test]
fn every_template_has_a_good_and_a_bad_site_with_a_short_config() {
    for template in TEMPLATES {
        for variant in ["good", "bad"] {
            let root = site(template, variant);
            let config = std::fs::read_to_string(root.join("warroom.yaml"))
                .unwrap_or_else(|e| panic!("{template}/{variant}/warroom.yaml: {e}"));
            assert!(config.lines().count() <= 15, "{template}/{variant}: config over 15 lines");
            let incidents: Vec<_> = std::fs::read_dir(root.join("content/incidents"))
                .unwrap_or_else(|e| panic!("{template}/{variant}: {e}"))
                .filter_map(Result::ok)
                .collect();
            assert_eq!(incidents.len(), 1, "{template}/{variant}: one post-mortem");
        }
        assert_eq!(
            std::fs::read_to_string(site(template, "good").join("warroom.yaml")).unwrap(),
            std::fs::read_to_string(site(template, "bad").join("warroom.yaml")).unwrap(),
            "{template}: good and bad share their config"
        );
    }
}

// --- Google SRE book, Appendix D ------------------------------------------

#[test]
fn google_sre_checks_clean() {
    assert_clean("google-sre");
}

#[test]
fn google_sre_time_going_backwards_is_found() {
    assert_planted("google-sre", "timeline-out-of-order", 67);
}

#[test]
fn google_sre_builds_its_action_items_and_page() {
    let b = build("google-sre");
    assert_eq!(b.incident["severity"], "SEV1");
    // No due column in the template; `**DONE**` in the Bug cell closes an item.
    assert_items(
        "google-sre",
        &b.incident,
        &[
            (Some("okafor"), None, "done"),
            (Some("pmendes"), None, "done"),
            (Some("lindqvist"), None, "open"),
            (Some("okafor"), None, "open"),
            (Some("haruto"), None, "open"),
        ],
    );
    assert_actions(
        "google-sre",
        &b.incident,
        &[
            "Write playbook steps for draining a cell",
            "Close the ingredient-store socket",
            "Shed load in the ranking frontend",
            "Rebuild the ingredient corpus",
            "Run a cascading-failure exercise",
        ],
    );
    // Bold-label sections and emphasis inside timeline entries render as written.
    assert!(b.page.contains("<strong>OUTAGE BEGINS</strong>"), "OUTAGE BEGINS is not bold");
    assert!(b.page.contains("<strong>OUTAGE ENDS</strong>"), "OUTAGE ENDS is not bold");
    assert!(!b.page.contains("**OUTAGE"), "literal asterisks on the page");
    assert_in_order(
        "google-sre",
        &b.page,
        &["A television segment links to the lost-dessert collection", "thirty minutes of normal error ratio reached"],
    );
    assert!(b.page.contains("A retry loop in the ranking frontend reopened a connection"), "root causes missing");
}

// --- PagerDuty ---------------------------------------------------------------

#[test]
fn pagerduty_checks_clean() {
    assert_clean("pagerduty");
}

#[test]
fn pagerduty_final_without_action_items_is_found() {
    assert_planted("pagerduty", "no-action-items", 72);
}

#[test]
fn pagerduty_builds_its_action_items_and_page() {
    let b = build("pagerduty");
    // `severity: SEV-2` through `severity_aliases` shows the configured name.
    assert_eq!(b.incident["severity"], "SEV2");
    // The Jira export: Key, Summary, Assignee, Status, Due Date, Priority.
    assert_items(
        "pagerduty",
        &b.incident,
        &[
            (Some("Lea Fontaine"), Some("2027-01-15"), "open"),
            (Some("Ravi Shah"), Some("2026-11-20"), "done"),
            (Some("Tomasz Wrona"), Some("2027-02-01"), "open"),
            (Some("Dana Whitfield"), None, "done"),
        ],
    );
    assert_actions(
        "pagerduty",
        &b.incident,
        &[
            "Validate carrier certificates against the published CA",
            "Count TLS handshake failures as hard failures",
            "Alert 30 days before any carrier certificate",
            "Send the internal email and publish the status-page post",
        ],
    );
    let tickets: Vec<&str> =
        b.incident["action_items"].as_array().unwrap().iter().map(|i| i["ticket"].as_str().unwrap_or("")).collect();
    assert_eq!(tickets, ["MSG-2231", "MSG-2232", "MSG-2233", "OPS-977"], "the Key column is the ticket");
    // Text around the timeline table and the action table stays where it was written.
    assert_in_order(
        "pagerduty",
        &b.page,
        &[
            "Times below come from the gateway logs and the incident channel",
            "Dana Whitfield takes command and forces failover to the secondary carrier",
            "Everything after 15:45 was follow-up work",
        ],
    );
    assert_in_order(
        "pagerduty",
        &b.page,
        &[
            "exported from the board below",
            "Count TLS handshake failures as hard failures",
            "The board is the source of truth",
        ],
    );
}

// --- Atlassian ---------------------------------------------------------------

#[test]
fn atlassian_checks_clean() {
    assert_clean("atlassian");
}

#[test]
fn atlassian_time_going_backwards_is_found() {
    assert_planted("atlassian", "timeline-out-of-order", 49);
}

#[test]
fn atlassian_builds_its_action_items_and_page() {
    let b = build("atlassian");
    // A numbered list with `Owner: …` and `Due: January 15, 2027` lines; a
    // closed item needs no due date.
    assert_items(
        "atlassian",
        &b.incident,
        &[
            (Some("Mireille Tan"), Some("2027-01-15"), "open"),
            (Some("Jonas Berg"), Some("2027-02-01"), "open"),
            (Some("Mireille Tan"), None, "done"),
        ],
    );
    assert_actions(
        "atlassian",
        &b.incident,
        &[
            "Move the pool definitions into the autoscaler deployment repository",
            "Fail the autoscaler rollout when any pool reads a limit of zero",
            "Add a capacity-per-pool panel",
        ],
    );
    assert_in_order(
        "atlassian",
        &b.page,
        &[
            "All times are in Pacific time",
            "Autoscaler 4.2 approved for the build cluster",
            "Queue times back under five minutes",
            "Why did CI jobs wait for agents?",
            "Why does the checklist miss the pool definitions?",
        ],
    );
}

// --- GitLab incident review ----------------------------------------------------

#[test]
fn gitlab_checks_clean() {
    assert_clean("gitlab");
}

#[test]
fn gitlab_action_item_without_owner_is_found() {
    assert_planted("gitlab", "action-item-no-owner", 88);
}

#[test]
fn gitlab_builds_its_action_items_and_page() {
    let b = build("gitlab");
    assert_items(
        "gitlab",
        &b.incident,
        &[
            (Some("package-infra"), Some("2027-01-29"), "open"),
            (Some("cmoreau"), Some("2027-01-08"), "open"),
            (Some("aokoye"), Some("2026-11-20"), "done"),
        ],
    );
    // `([#1094](…))` after the action is its ticket link: the action text and
    // the ticket keep none of the parentheses around it.
    for item in b.incident["action_items"].as_array().unwrap() {
        let action = item["action"].as_str().unwrap_or_default().trim_end();
        assert!(!action.ends_with('('), "gitlab: action `{action}` keeps a `(`");
        let ticket = item["ticket"].as_str().unwrap_or_default();
        assert!(!ticket.ends_with(')'), "gitlab: ticket `{ticket}` keeps a `)`");
    }
    assert_actions(
        "gitlab",
        &b.incident,
        &[
            "Validate regional configuration overrides in CI",
            "Alert on metadata database pool saturation",
            "Annotate registry dashboards with configuration deploys",
        ],
    );
    // The issue link in a task item is a working link.
    assert!(
        b.page.contains("href=\"https://gitlab.example.org/registry/-/issues/1094\""),
        "the #1094 link is not an <a href>"
    );
    assert!(b.page.contains("#1094</a>"), "the #1094 link text");
    assert!(!b.page.contains("[#1094]("), "the #1094 link is left as Markdown source");
    // Entries under both date lines are on the page, in order.
    assert_in_order(
        "gitlab",
        &b.page,
        &["Configuration cleanup deployed to the EU registry", "Incident review meeting held"],
    );
}

// --- Azure Post Incident Review ------------------------------------------------

#[test]
fn azure_checks_clean() {
    assert_clean("azure");
}

#[test]
fn azure_missing_root_cause_is_found() {
    assert_planted("azure", "missing-section", 8);
}

#[test]
fn azure_builds_its_action_items_and_page() {
    let b = build("azure");
    // Azure PIRs name no owner and no day; `(Completed)` closes an item.
    assert_items(
        "azure",
        &b.incident,
        &[(None, None, "done"), (None, None, "done"), (None, None, "open"), (None, None, "open")],
    );
    assert_in_order(
        "azure",
        &b.page,
        &[
            "Configuration change reached West Europe",
            "Rollback completed and error rates returned to normal",
            "We have rolled back the idle-timeout change in all regions",
            "Consider configuring a secondary origin group",
        ],
    );
}

// --- Etsy Morgue -----------------------------------------------------------------

#[test]
fn etsy_morgue_checks_clean() {
    assert_clean("etsy-morgue");
}

#[test]
fn etsy_morgue_final_without_action_items_is_found() {
    assert_planted("etsy-morgue", "no-action-items", 47);
}

#[test]
fn etsy_morgue_builds_its_metrics_action_items_and_page() {
    let b = build("etsy-morgue");
    // Start/Detect/End time in America/New_York (EDT, UTC-4).
    assert_metrics(
        "etsy-morgue",
        &b.incident,
        [Some("2026-10-14T19:12:00Z"), Some("2026-10-14T19:20:00Z"), None, Some("2026-10-14T20:41:00Z")],
        [Some(480), None, Some(5340)],
    );
    // The Remediation Jira table: Key, Summary, Assignee, Due Date, Status.
    assert_items(
        "etsy-morgue",
        &b.incident,
        &[
            (Some("Ines Duarte"), Some("2027-01-22"), "open"),
            (Some("Sam Okafor"), Some("2026-10-30"), "done"),
            (Some("Ines Duarte"), Some("2027-02-05"), "open"),
        ],
    );
    assert_actions(
        "etsy-morgue",
        &b.incident,
        &["Compare balancer defaults", "Add balancer queue depth", "Alert when the tokenizer request rate drops"],
    );
    assert_in_order(
        "etsy-morgue",
        &b.page,
        &["deploy of tokenizer behind the new balancer finishes", "connection limit raised to 4096 per backend"],
    );
}

// --- dastergon/postmortem-templates: Michael Kehoe ------------------------------

#[test]
fn kehoe_checks_clean() {
    assert_clean("kehoe");
}

#[test]
fn kehoe_action_item_without_owner_is_found() {
    assert_planted("kehoe", "action-item-no-owner", 92);
}

#[test]
fn kehoe_builds_its_metrics_action_items_and_page() {
    let b = build("kehoe");
    assert_eq!(b.incident["severity"], "SEV3");
    // The Incident Timing table's values, as front matter, in UTC.
    assert_metrics(
        "kehoe",
        &b.incident,
        [
            Some("2026-09-15T21:40:00Z"),
            Some("2026-09-15T22:05:00Z"),
            Some("2026-09-16T00:35:00Z"),
            Some("2026-09-16T01:10:00Z"),
        ],
        [Some(1500), Some(10500), Some(12600)],
    );
    // `Who` is the owner column, `Due Date` the due column.
    assert_items(
        "kehoe",
        &b.incident,
        &[
            (Some("Nora Lindgren"), Some("2027-01-31"), "open"),
            (Some("Marcus Ferreira"), Some("2027-01-15"), "open"),
            (Some("Aiko Tanaka"), Some("2027-02-28"), "open"),
        ],
    );
    let tickets: Vec<&str> =
        b.incident["action_items"].as_array().unwrap().iter().map(|i| i["ticket"].as_str().unwrap_or("")).collect();
    assert_eq!(tickets, ["SRCH-812", "SRCH-813", "SRCH-814"], "the `Bug #` column is the ticket");
    // `<br>` in a timeline table cell is a real line break, not escaped text.
    assert!(b.page.contains("begins to climb<br"), "<br> in a table cell is not rendered");
    assert!(!b.page.contains("&lt;br"), "<br> is escaped");
    assert_in_order(
        "kehoe",
        &b.page,
        &["Nightly reindex starts", "Fixed batching deployed; reindex resumed and completed normally"],
    );
}

// --- A home-grown Notion/Confluence export ----------------------------------------

#[test]
fn homegrown_checks_clean() {
    assert_clean("homegrown");
}

#[test]
fn homegrown_missing_root_cause_is_found() {
    assert_planted("homegrown", "missing-section", 24);
}

#[test]
fn homegrown_builds_its_action_items_and_page() {
    let b = build("homegrown");
    // `severity: P1` through `severity_aliases`.
    assert_eq!(b.incident["severity"], "SEV1");
    assert_items(
        "homegrown",
        &b.incident,
        &[
            (Some("Ana Silva"), Some("2027-01-20"), "open"),
            (Some("Ana Silva"), Some("2026-11-19"), "done"),
            (Some("Priya Raman"), Some("2027-02-10"), "open"),
        ],
    );
    assert_actions(
        "homegrown",
        &b.incident,
        &["Dead-letter events a consumer cannot parse", "Handle null amounts", "Alert when a partition"],
    );
    assert!(b.page.contains("<strong>OUTAGE BEGINS</strong>"), "OUTAGE BEGINS is not bold");
    assert!(b.page.contains("cannot parse<br"), "<br> in an action table cell is not rendered");
    assert!(!b.page.contains("&lt;br"), "<br> is escaped");
    // Text above and below the timeline and the action table stays in place.
    assert_in_order(
        "homegrown",
        &b.page,
        &[
            "Reconstructed from the #inc-webhooks channel",
            "Queue team finds the malformed event",
            "are follow-up work and are not part of the outage",
        ],
    );
    assert_in_order(
        "homegrown",
        &b.page,
        &["Handle null amounts in the currency formatter", "Items are reviewed at the Tuesday payments sync"],
    );
}
