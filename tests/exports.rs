//! Integration tests of the machine-readable outputs and the insight pages:
//! `incidents.json` against its documented shape, `feed.xml` as Atom XML,
//! the CSV exports, statistics, taxonomies and backlinks.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn build_example() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let o = Command::new(env!("CARGO_BIN_EXE_warroom"))
        .args(["--root", repo.to_str().unwrap(), "build", "--today", "2026-11-22", "--out"])
        .arg(out.path().join("public"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    out
}

fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join("public").join(file)).unwrap()
}

fn is_rfc3339_utc(v: &Value) -> bool {
    v.is_null()
        || v.as_str()
            .is_some_and(|s| s.len() == 20 && s.ends_with('Z') && chrono::DateTime::parse_from_rfc3339(s).is_ok())
}

fn is_opt_string(v: &Value) -> bool {
    v.is_null() || v.is_string()
}

#[test]
fn incidents_json_matches_the_documented_shape() {
    let out = build_example();
    let json: Value = serde_json::from_str(&read(out.path(), "incidents.json")).unwrap();
    let list = json.as_array().expect("an array");
    assert!(list.len() >= 6);
    let keys = [
        "id",
        "title",
        "url",
        "date",
        "severity",
        "status",
        "services",
        "tags",
        "started",
        "detected",
        "mitigated",
        "resolved",
        "time_to_detect_s",
        "time_to_mitigate_s",
        "time_to_resolve_s",
        "action_items",
    ];
    let mut previous_date = "9999-99-99".to_string();
    for inc in list {
        let obj = inc.as_object().unwrap();
        let mut got: Vec<&str> = obj.keys().map(String::as_str).collect();
        got.sort();
        let mut want = keys.to_vec();
        want.sort();
        assert_eq!(got, want, "keys of {}", inc["id"]);
        for k in ["id", "title", "url", "date", "severity", "status"] {
            assert!(inc[k].is_string(), "{k} of {}", inc["id"]);
        }
        assert!(out.path().join("public").join(inc["url"].as_str().unwrap()).is_file(), "url points at a page");
        assert!(["draft", "review", "final"].contains(&inc["status"].as_str().unwrap()));
        let date = inc["date"].as_str().unwrap().to_string();
        assert!(date <= previous_date, "newest first");
        previous_date = date;
        for k in ["services", "tags"] {
            assert!(inc[k].as_array().unwrap().iter().all(Value::is_string));
        }
        for k in ["started", "detected", "mitigated", "resolved"] {
            assert!(is_rfc3339_utc(&inc[k]), "{k} of {}: {}", inc["id"], inc[k]);
        }
        for (k, from, to) in [
            ("time_to_detect_s", "started", "detected"),
            ("time_to_mitigate_s", "started", "mitigated"),
            ("time_to_resolve_s", "started", "resolved"),
        ] {
            match (inc[from].as_str(), inc[to].as_str()) {
                (Some(a), Some(b)) => {
                    let a = chrono::DateTime::parse_from_rfc3339(a).unwrap();
                    let b = chrono::DateTime::parse_from_rfc3339(b).unwrap();
                    assert_eq!(inc[k].as_i64(), Some((b - a).num_seconds()), "{k} of {}", inc["id"]);
                }
                _ => assert!(inc[k].is_null(), "{k} of {} must be null", inc["id"]),
            }
        }
        for item in inc["action_items"].as_array().unwrap() {
            let mut got: Vec<&str> = item.as_object().unwrap().keys().map(String::as_str).collect();
            got.sort();
            assert_eq!(got, ["action", "due", "extra", "owner", "status", "ticket", "type"]);
            assert!(item["action"].is_string());
            assert!(item["extra"].as_object().unwrap().values().all(serde_json::Value::is_string));
            for k in ["owner", "due", "ticket", "type"] {
                assert!(is_opt_string(&item[k]), "{k}");
            }
            assert!(["open", "done"].contains(&item["status"].as_str().unwrap()));
        }
    }
    // The midnight-spanning incident of the example: resolved on the next day.
    let kafka = list.iter().find(|i| i["id"] == "INC-2025-022").unwrap();
    assert_eq!(kafka["started"], "2025-06-12T21:40:00Z");
    assert_eq!(kafka["resolved"], "2025-06-13T00:55:00Z");
    assert_eq!(kafka["time_to_resolve_s"], 11700);
}

#[test]
fn feed_is_valid_atom() {
    let out = build_example();
    let xml = read(out.path(), "feed.xml");
    let doc = roxmltree::Document::parse(&xml).expect("feed.xml is well-formed XML");
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().name(), "feed");
    assert_eq!(feed.tag_name().namespace(), Some("http://www.w3.org/2005/Atom"));
    for required in ["id", "title", "updated"] {
        assert!(feed.children().any(|c| c.tag_name().name() == required), "feed lacks <{required}>");
    }
    let entries: Vec<_> = feed.children().filter(|c| c.tag_name().name() == "entry").collect();
    assert!(entries.len() >= 6);
    for e in &entries {
        for required in ["id", "title", "updated", "link", "author"] {
            assert!(e.children().any(|c| c.tag_name().name() == required), "entry lacks <{required}>");
        }
        let updated = e.children().find(|c| c.tag_name().name() == "updated").unwrap().text().unwrap();
        assert!(chrono::DateTime::parse_from_rfc3339(updated).is_ok(), "{updated}");
    }
}

#[test]
fn csv_exports_have_consistent_columns() {
    let out = build_example();
    for file in ["action-items.csv", "contacts/oncall-escalation.csv", "contacts/vendors.csv"] {
        let text = read(out.path(), file);
        let header_cols = text.lines().next().unwrap().split(',').count();
        assert!(text.lines().count() > 1, "{file} has rows");
        for line in text.lines().filter(|l| !l.contains('"')) {
            assert_eq!(line.split(',').count(), header_cols, "{file}: {line}");
        }
    }
}

#[test]
fn insight_pages_show_numbers() {
    let out = build_example();
    let stats = read(out.path(), "stats.html");
    assert_eq!(stats.matches("<svg").count(), 3, "three charts");
    assert!(stats.contains("<table"), "numbers beside the charts");
    let service = read(out.path(), "services/kafka.html");
    assert!(service.contains("INC-2025-022") || service.contains("Tracking updates delayed"));
    let runbook = read(out.path(), "runbooks/kafka-consumer-lag.html");
    assert!(runbook.contains("Tracking updates delayed"), "backlink from the incident that names it");
    let actions = read(out.path(), "action-items.html");
    assert!(actions.contains("data-owner="));
    let home = read(out.path(), "index.html");
    assert!(home.contains("incidents/inc-"), "recent incidents on the home page");
    let search = read(out.path(), "search-index.js");
    assert!(search.starts_with("window.WARROOM_SEARCH = ["));
    assert!(!search.contains('<'), "the index cannot carry markup");
}
