//! Every form of action item the public templates and Jira exports write,
//! in invented content.

use chrono::NaiveDate;

use super::*;
use crate::content::body;

fn section(md: &str) -> Section {
    body::analyse(md, 1, &|_| None).sections.remove(0)
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a date")
}

/// Items read with the default config, written on 2026-11-01.
fn items(md: &str) -> Vec<ActionItem> {
    parse(&section(md), &Config::default(), Some(ymd(2026, 11, 1))).0
}

#[test]
fn table_with_aliased_columns() {
    let s = section("## Action items\n\n| Item | Assignee | Due date | Issue | Status | Type |\n|---|---|---|---|---|---|\n| Add alert | @sam | 2024-05-01 | [OPS-1](https://t/1) | done | detect |\n| Fix it | | soon | | open | prevent |\n");
    let (items, blocks) = parse(&s, &Config::default(), None);
    assert_eq!(blocks.len(), 1);
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].owner.as_deref(), Some("sam"), "a table's `@sam` is the owner a list item's would be");
    assert_eq!(items[0].due, Some(ymd(2024, 5, 1)));
    assert_eq!(items[0].ticket.as_deref(), Some("[OPS-1](https://t/1)"));
    assert!(items[0].done);
    assert_eq!(items[0].kind.as_deref(), Some("detect"));
    assert_eq!(items[0].line, 5);
    assert_eq!(items[0].form, Form::Table);
    assert_eq!(items[1].owner, None);
    assert_eq!(items[1].bad_due.as_deref(), Some("soon"));
    assert!(!items[1].done);
}

#[test]
fn numbered_items_with_owner_and_due_in_every_spelling() {
    let found = items(
        "## Follow-up actions\n\n\
         1. Add a queue depth alert @mira due:2027-01-04\n\
         2. Shard the ledger table. Owner: Tomas Berg. Due: March 3, 2027.\n\
         3. Document the failover (owner: kwame, due 2027-02-14)\n\
         4. Rehearse the restore Assignee: Ana Diaz; Due date: 2027/02/20\n\
         5. **DRI:** Lin — cap the connection pool, ETA: 12 Jan 2027\n\
         6. Retire the cron host (due Jan 20) @omar\n\
         7. Mail ops@corp.test about the new pager due 2027-03-01\n",
    );
    assert_eq!(found.len(), 7);
    let got: Vec<(&str, Option<&str>, Option<NaiveDate>)> =
        found.iter().map(|i| (i.action.as_str(), i.owner.as_deref(), i.due)).collect();
    assert_eq!(
        got,
        vec![
            ("Add a queue depth alert", Some("mira"), Some(ymd(2027, 1, 4))),
            ("Shard the ledger table.", Some("Tomas Berg"), Some(ymd(2027, 3, 3))),
            ("Document the failover", Some("kwame"), Some(ymd(2027, 2, 14))),
            ("Rehearse the restore", Some("Ana Diaz"), Some(ymd(2027, 2, 20))),
            ("cap the connection pool", Some("Lin"), Some(ymd(2027, 1, 12))),
            // Written in November 2026 without a year: the next January 20.
            ("Retire the cron host", Some("omar"), Some(ymd(2027, 1, 20))),
            ("Mail ops@corp.test about the new pager", None, Some(ymd(2027, 3, 1))),
        ]
    );
    assert!(found.iter().all(|i| i.form == Form::List && !i.done && i.bad_due.is_none()));
    assert_eq!(found[2].line, 5);
}

#[test]
fn a_due_date_without_year_and_no_postmortem_date_is_reported() {
    let (found, _) = parse(&section("## Action items\n\n- Rotate keys @ana due April 2\n"), &Config::default(), None);
    assert_eq!(found[0].due, None);
    assert_eq!(found[0].bad_due.as_deref(), Some("April 2"));
    let bad = items("## Action items\n\n- Rotate keys @ana Due: next sprint\n");
    assert_eq!(bad[0].bad_due.as_deref(), Some("next sprint"));
    assert_eq!(bad[0].action, "Rotate keys");
}

#[test]
fn task_list_keeps_ticket_links_whole() {
    let found = items(
        "## Action items\n\n\
         - [x] Add disk alert @priya due:2024-04-01 [OPS-7](https://t/7)\n\
         - [ ] Fix the thing ([#1094](https://example.org/1094)) @infra\n\
         - [ ] Read [the retry guide](https://wiki.test/retries) before @sam changes it due:2027-01-01\n\
         - [ ] Pin the base image (PLAT-88) @dev due:2027-02-01 type:prevent\n\
         - [ ] Track https://tracker.test/issues/51 @dev due:2027-02-01\n",
    );
    assert!(found[0].done);
    assert_eq!(found[0].form, Form::TaskList);
    assert_eq!(found[0].ticket.as_deref(), Some("[OPS-7](https://t/7)"));
    assert_eq!(found[0].action, "Add disk alert");
    assert_eq!(found[1].action, "Fix the thing");
    assert_eq!(found[1].ticket.as_deref(), Some("[#1094](https://example.org/1094)"));
    assert_eq!(found[1].owner.as_deref(), Some("infra"));
    // A link in the sentence stays there, and so does a mention inside it.
    assert_eq!(found[2].action, "Read [the retry guide](https://wiki.test/retries) before @sam changes it");
    assert_eq!(found[2].owner.as_deref(), Some("sam"));
    assert_eq!(found[2].ticket, None);
    assert_eq!(found[3].ticket.as_deref(), Some("PLAT-88"));
    assert_eq!(found[3].kind.as_deref(), Some("prevent"));
    assert_eq!(found[3].action, "Pin the base image");
    assert_eq!(found[4].ticket.as_deref(), Some("https://tracker.test/issues/51"));
    assert_eq!(found[4].action, "Track");
}

#[test]
fn jira_export_table() {
    let found = items(
        "## Corrective actions\n\n\
         | Issue Type | Key | Summary | Assignee | Status | Resolution | Priority | Due Date | Labels |\n\
         |---|---|---|---|---|---|---|---|---|\n\
         | Task | [SRE-410](https://jira.test/browse/SRE-410) | Cap retries in the billing client | Noor Haddad | Done | Fixed | P2 | 14/Dec/26 | postmortem |\n\
         | Story | SRE-411 | Load test the queue | Unassigned | To Do | Unresolved | P3 | | |\n\
         | Bug | SRE-412 | Drop the stale feature flag | Eli Park | Closed | Won't Do | P4 | | cleanup |\n",
    );
    assert_eq!(found.len(), 3);
    assert_eq!(found[0].action, "Cap retries in the billing client");
    assert_eq!(found[0].ticket.as_deref(), Some("[SRE-410](https://jira.test/browse/SRE-410)"));
    assert_eq!(found[0].owner.as_deref(), Some("Noor Haddad"));
    assert_eq!(found[0].due, Some(ymd(2026, 12, 14)));
    assert_eq!(found[0].kind.as_deref(), Some("task"));
    assert!(found[0].done);
    assert_eq!(
        found[0].extra,
        vec![("Priority".to_string(), "P2".to_string()), ("Labels".to_string(), "postmortem".to_string())]
    );
    assert_eq!(found[1].owner, None, "Unassigned is nobody");
    assert!(!found[1].done);
    assert_eq!(found[1].due, None);
    assert_eq!(found[1].bad_due, None);
    assert!(found[2].done);
}

#[test]
fn sre_book_table_with_status_in_the_bug_cell() {
    let found = items(
        "## Action Items\n\n\
         | Action Item | Type | Owner | Bug |\n\
         |---|---|---|---|\n\
         | Write the runbook page for cascading overload | mitigate | rosa | n/a **DONE** |\n\
         | Shed load at the frontend when queues grow | prevent | ivo | Bug 7731002 **TODO** |\n\
         | Plug the socket leak in the ranking job | prevent | ivo | Bug 7731003 **DONE** |\n",
    );
    assert_eq!(found.len(), 3);
    assert!(found[0].done);
    assert_eq!(found[0].ticket, None);
    assert_eq!(found[0].kind.as_deref(), Some("mitigate"));
    assert!(!found[1].done);
    assert_eq!(found[1].ticket.as_deref(), Some("Bug 7731002"));
    assert!(found[2].done);
    assert_eq!(found[2].ticket.as_deref(), Some("Bug 7731003"));
    assert_eq!(found[2].owner.as_deref(), Some("ivo"));
}

#[test]
fn follow_up_list_with_fields_on_lines_below() {
    let found = items(
        "## Follow-ups\n\n\
         - Page on consumer lag, not only on errors\n  - Owner: @hana\n  - Due: 2027-01-08\n  - Ticket: [MON-5](https://tracker.test/MON-5)\n\n\
         - Add a canary stage to the deploy — Owner: Raj, Due: Jan 15, 2027 — done\n\
         - Review the paging policy @vik due 2027-02-02 (in progress)\n",
    );
    assert_eq!(found.len(), 3);
    assert_eq!(found[0].action, "Page on consumer lag, not only on errors");
    assert_eq!(found[0].owner.as_deref(), Some("hana"));
    assert_eq!(found[0].due, Some(ymd(2027, 1, 8)));
    assert_eq!(found[0].ticket.as_deref(), Some("[MON-5](https://tracker.test/MON-5)"));
    assert_eq!(found[1].action, "Add a canary stage to the deploy");
    assert_eq!(found[1].owner.as_deref(), Some("Raj"));
    assert_eq!(found[1].due, Some(ymd(2027, 1, 15)));
    assert!(found[1].done);
    assert_eq!(found[2].action, "Review the paging policy");
    assert!(!found[2].done, "in progress stays open");
}

#[test]
fn extra_and_configured_columns() {
    let mut config = Config::default();
    config.action_item_columns.insert("owner".into(), vec!["driver".into()]);
    config.action_item_columns.insert("due".into(), vec!["ship by".into()]);
    let s = section(
        "## Action items\n\n| # | **Task** | Driver | Ship by | Notes |\n|---|---|---|---|---|\n| 1 | Add a circuit breaker | Zoe | 2027-01-30 | will be fixed after the freeze |\n",
    );
    let (found, _) = parse(&s, &config, None);
    assert_eq!(found[0].action, "Add a circuit breaker");
    assert_eq!(found[0].owner.as_deref(), Some("Zoe"));
    assert_eq!(found[0].due, Some(ymd(2027, 1, 30)));
    assert_eq!(
        found[0].extra,
        vec![("#".to_string(), "1".to_string()), ("Notes".to_string(), "will be fixed after the freeze".to_string())]
    );
    assert!(!found[0].done, "a long note is not a status");
}

#[test]
fn closed_by_a_word_in_any_cell_but_the_action() {
    let found = items(
        "## Action items\n\n| Action | Owner | Due | Ticket | Notes |\n|---|---|---|---|---|\n\
         | Make sure the fixed config ships | ana | 2027-01-01 | OPS-1 | |\n\
         | Remove the flag | ana | | OPS-2 Resolved | |\n\
         | Rename the queue | ana | | OPS-3 | Won’t fix |\n\
         | Move the cron job | ana | | OPS-4 | ✅ |\n\
         | Merge the two dashboards | ana | | OPS-5 | Duplicate |\n\
         | Drop the old index | ana | | OPS-6 | not done |\n",
    );
    let done: Vec<bool> = found.iter().map(|i| i.done).collect();
    assert_eq!(done, vec![false, true, true, true, true, false]);
}

#[test]
fn strike_through_closes() {
    let found = items(
        "## Action items\n\n- ~~Rebuild the staging cluster~~ @li due:2027-01-01\n\n| Action | Owner |\n|---|---|\n| ~~Retire the VPN~~ | li |\n| Rotate ~~all~~ the keys | li |\n",
    );
    assert_eq!(found.len(), 3);
    assert!(found[0].done);
    assert_eq!(found[0].action, "~~Rebuild the staging cluster~~");
    assert!(found[1].done);
    assert!(!found[2].done, "a struck word is not a struck item");
}

#[test]
fn status_words_and_their_order() {
    for (text, want) in [
        ("Done", Some(true)),
        ("closed", Some(true)),
        ("Won't Do", Some(true)),
        ("wontfix", Some(true)),
        ("Cancelled", Some(true)),
        ("canceled", Some(true)),
        ("complete", Some(true)),
        ("✅", Some(true)),
        ("Not done", Some(false)),
        ("In Progress", Some(false)),
        ("To Do", Some(false)),
        ("TODO", Some(false)),
        ("not started", Some(false)),
        ("Open", Some(false)),
        ("Unresolved", Some(false)),
        ("soon", None),
        ("doneness", None),
    ] {
        assert_eq!(status_words(text), want, "{text}");
    }
}

#[test]
fn every_list_and_action_table_in_document_order() {
    let md = "## Action items\n\nShort term:\n\n- Raise the disk alarm @bo due:2027-01-02\n\n| Action | Owner | Due |\n|---|---|---|\n| Split the volume | bo | 2027-02-01 |\n\n| Metric | Before |\n|---|---|\n| p99 | 2s |\n\nLong term:\n\n1. Move to managed storage @cy due:2027-06-01\n";
    let (found, blocks) = parse(&section(md), &Config::default(), None);
    let actions: Vec<(&str, usize)> = found.iter().map(|i| (i.action.as_str(), i.block)).collect();
    assert_eq!(actions, vec![("Raise the disk alarm", 0), ("Split the volume", 1), ("Move to managed storage", 2)]);
    assert_eq!(blocks.len(), 3);
    for (b, want) in blocks.iter().zip(["- Raise", "| Action", "1. Move"]) {
        let in_section = md.get(b.clone()).unwrap_or("");
        assert!(in_section.starts_with(want), "{in_section:?}");
    }
}

#[test]
fn column_names_are_normalised() {
    let c = Config::default();
    for (name, want) in [
        ("**Action Item(s)**", Some(Field::Action)),
        ("Owner:", Some(Field::Owner)),
        ("DRI", Some(Field::Owner)),
        ("Assigned To", Some(Field::Owner)),
        ("Target Date", Some(Field::Due)),
        ("By when?", Some(Field::Due)),
        ("Ticket/Bug", Some(Field::Ticket)),
        ("Issue key", Some(Field::Ticket)),
        ("Resolution", Some(Field::Status)),
        ("Issue Type", Some(Field::Type)),
        ("Priority", None),
    ] {
        assert_eq!(field_for(name, &c), want, "{name}");
    }
}

#[test]
fn template_list_forms() {
    let found = items(
        "## Corrective actions\n\n\
         - https://git.test/infra/-/issues/88 - Add alerting on replica lag - @ops.lead\n\
         - **Owner:** Sam Lee **Due:** 2027-04-01 Fix the flaky probe\n\
         - [ ] @kim: raise the file descriptor limit, due: 2027-01-05\n\
         - Reduce the TTL to 60s (Completed)\n\
         - Add a second DNS provider (Estimated completion: March 2027)\n\
         - Rotate the signing key: it expired. Owner: @sec due 2027-01-09\n\
         - Write the ADR [OPS-77] — owner @arch, due 2027-02-01 — in progress\n\
         - `kubectl drain --force` must not be used (owner: @k8s; due: 2027-03-01; status: won't fix)\n",
    );
    let got: Vec<(&str, Option<&str>, Option<&str>, bool)> =
        found.iter().map(|i| (i.action.as_str(), i.owner.as_deref(), i.ticket.as_deref(), i.done)).collect();
    assert_eq!(
        got,
        vec![
            ("Add alerting on replica lag", Some("ops.lead"), Some("https://git.test/infra/-/issues/88"), false),
            ("Fix the flaky probe", Some("Sam Lee"), None, false),
            ("raise the file descriptor limit", Some("kim"), None, false),
            ("Reduce the TTL to 60s", None, None, true),
            ("Add a second DNS provider", None, None, false),
            ("Rotate the signing key: it expired.", Some("sec"), None, false),
            ("Write the ADR", Some("arch"), Some("OPS-77"), false),
            ("`kubectl drain --force` must not be used", Some("k8s"), None, true),
        ]
    );
    assert_eq!(found[1].due, Some(ymd(2027, 4, 1)));
    assert_eq!(found[4].bad_due.as_deref(), Some("March 2027"), "a month is not a day");
    assert_eq!(found[6].due, Some(ymd(2027, 2, 1)));
}

proptest::proptest! {
    /// No text makes the list reader panic, and a link in the first
    /// paragraph is never cut in half: it ends up whole in one field.
    #[test]
    fn list_items_never_panic_nor_cut_links(pieces in proptest::collection::vec(proptest::sample::select(&[
        "[a](https://l.test/b)", "[", "]", "(", ")", "](", "@", "@ann", "owner:", "Owner: ", "due ", "due:", "2027-01-02",
        "Jan 3", "é", "İ", "`", "~~", "**", "https://u.test/x)", " ", "—", "-", "OPS-1", "#12", "done", "in progress",
        ":", ",", ";", ".", "\n", "<http://a.test>", "[x]", "✅", "(owner: bo)", "ETA ", "by ",
    ][..]), 0..14)) {
        let text = pieces.concat();
        let md = format!("## Action items\n\n- {}\n", text.replace('\n', "\n  "));
        let found = items(&md);
        // Later paragraphs of an item only add fields; the first is checked.
        if text.contains("[a](https://l.test/b)") && !text.contains('\n') && found.len() == 1 {
            let i = &found[0];
            let mut fields = vec![i.action.clone()];
            fields.extend(i.owner.clone());
            fields.extend(i.ticket.clone());
            fields.extend(i.bad_due.clone());
            fields.extend(i.extra.iter().map(|e| e.1.clone()));
            let all = fields.join("\u{0}");
            proptest::prop_assert!(all.contains("[a](https://l.test/b)"), "{:?} → {:?}", md, i);
        }
    }
}

#[test]
fn a_date_standing_alone_at_the_end_is_the_due_date() {
    // GitLab's RCA template: issue link - action - owner - estimated date.
    let got = items(
        "## Corrective actions\n\n\
         - https://git.example/reg/-/issues/51 - Keep the check in the transaction - @hana - 2027-01-22\n\
         - https://git.example/reg/-/issues/52 - Fix the runbook - @hana - 2026-11-20 - done\n\
         - [ ] Review refresh timing with the vendor @tobias 29 Jan 2027\n\
         - Add a race test to CI, owner @mo, by March 5, 2027\n",
    );
    let read: Vec<_> = got.iter().map(|i| (i.action.as_str(), i.owner.as_deref(), i.due, i.done)).collect();
    assert_eq!(
        read,
        [
            ("Keep the check in the transaction", Some("hana"), Some(ymd(2027, 1, 22)), false),
            ("Fix the runbook", Some("hana"), Some(ymd(2026, 11, 20)), true),
            ("Review refresh timing with the vendor", Some("tobias"), Some(ymd(2027, 1, 29)), false),
            ("Add a race test to CI", Some("mo"), Some(ymd(2027, 3, 5)), false),
        ]
    );
    assert_eq!(got[0].ticket.as_deref(), Some("https://git.example/reg/-/issues/51"));
}

#[test]
fn a_date_that_tells_when_something_happened_is_no_due_date() {
    for text in [
        "- Revert the change made on Oct 21 @sam",
        "- Audit every key rotated since 2026-10-03 @sam",
        "- Replay the events of 2026-10-03 @sam",
        "- Rotate keys @sam due: 2027-01-05 and again after 2027-03-01",
    ] {
        let got = items(&format!("## Action items\n\n{text}\n"));
        let due = got[0].due;
        assert!(due.is_none() || due == Some(ymd(2027, 1, 5)), "{text}: {due:?}");
        assert_eq!(got[0].owner.as_deref(), Some("sam"), "{text}");
    }
}

#[test]
fn word_count_counts_what_words_makes() {
    for text in [
        "",
        "Done",
        "won't fix",
        "'quoted' words, and -- dashes",
        "Bug 5554823 **DONE**",
        "Add a canary stage to the deploy pipeline before Friday",
        "it’s done",
        "İstanbul office ÉTÉ closed",
        "'' ' '''",
        "x1 y_2 z-3",
    ] {
        assert_eq!(word_count(text), words(text).len(), "{text:?}");
    }
}

#[test]
fn mentions_by_full_name_as_confluence_exports_them() {
    let found = items(
        "## Action items\n\n\
         - [ ] Review the refresh timing with the vendors @Tobias Lang 29 Jan 2027\n\
         - [x] Restore the metadata snapshot @Mireille Dubois\n\
         - [ ] @Sam Add alerts on replication lag due 2027-02-01\n\
         - [ ] Ask @Dana Review the rollout plan, due 2027-02-03\n\
         - [ ] Rotate the signing keys @Ana María López, due 2027-03-01\n",
    );
    let read: Vec<_> = found.iter().map(|i| (i.action.as_str(), i.owner.as_deref())).collect();
    assert_eq!(
        read,
        [
            ("Review the refresh timing with the vendors", Some("Tobias Lang")),
            ("Restore the metadata snapshot", Some("Mireille Dubois")),
            ("Add alerts on replication lag", Some("Sam")),
            ("Ask @Dana Review the rollout plan", Some("Dana")),
            ("Rotate the signing keys", Some("Ana María López")),
        ]
    );
    assert_eq!(found[0].due, Some(ymd(2027, 1, 29)));
}
