//! PagerDuty incident log entries: the JSON of the REST API's
//! `GET /incidents/{id}/log_entries` (`{"log_entries": […], "more": …}`),
//! a bare array of entries, or an array of such pages.
//!
//! A trigger becomes `[detected]` with the alert's own text, the first
//! acknowledgement `[acknowledged]`, the resolve `[resolved]`; notes show
//! their text, escalations and reassignments their summary. Notifications
//! (who was paged by SMS) are dropped.

use anyhow::bail;
use chrono::{DateTime, Utc};
use serde_json::Value;

use super::Event;

/// Entry types that say nothing a post-mortem timeline needs.
const DROPPED: &[&str] = &["notify_log_entry"];

/// Parses log entries; `file` names the file in errors.
pub fn parse(text: &str, file: &str) -> anyhow::Result<Vec<Event>> {
    let root: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => bail!("`{file}` is not valid JSON: {e}"),
    };
    let mut entries = Vec::new();
    collect(&root, &mut entries);
    if entries.is_empty() && !is_empty_page(&root) {
        bail!("`{file}` holds no PagerDuty log entries (expected `{{\"log_entries\": [...]}}` or an array of entries)");
    }
    let mut events = Vec::new();
    let mut labelled = [false; 3];
    for (i, e) in entries.iter().enumerate() {
        let id = e.get("id").and_then(Value::as_str).map(|id| format!(" ({id})")).unwrap_or_default();
        let Some(kind) = e.get("type").and_then(Value::as_str) else {
            bail!("`{file}`: log entry {}{id} has no `type`", i + 1);
        };
        let Some(created) = e.get("created_at") else {
            bail!("`{file}`: log entry {}{id} has no `created_at`", i + 1);
        };
        let at = created
            .as_str()
            .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
            .map(|t| t.with_timezone(&Utc))
            .ok_or_else(|| {
                anyhow::anyhow!("`{file}`: log entry {}{id}: `created_at` {created} is not an RFC 3339 time", i + 1)
            })?;
        if DROPPED.contains(&kind) {
            continue;
        }
        let (slot, label) = match kind {
            "trigger_log_entry" => (Some(0), "detected"),
            "acknowledge_log_entry" => (Some(1), "acknowledged"),
            "resolve_log_entry" => (Some(2), "resolved"),
            _ => (None, ""),
        };
        // One label of each kind: a re-acknowledgement after a timeout is
        // an entry, not a second milestone.
        let label = slot.filter(|s| !std::mem::replace(&mut labelled[*s], true)).map(|_| label);
        let author = text_at(e, &["agent", "summary"]).map(String::from);
        let text = match kind {
            "trigger_log_entry" => trigger_text(e),
            "annotate_log_entry" => first(&[
                text_at(e, &["channel", "summary"]),
                text_at(e, &["channel", "notes"]),
                text_at(e, &["note", "content"]),
                text_at(e, &["note"]),
                text_at(e, &["summary"]),
            ])
            .map(String::from),
            _ => text_at(e, &["summary"]).map(String::from),
        }
        .unwrap_or_else(|| kind.trim_end_matches("_log_entry").replace('_', " "));
        events.push(Event { at, author, label, text });
    }
    Ok(events)
}

/// The log entries of a page, an array of entries, or an array of pages.
fn collect<'v>(v: &'v Value, out: &mut Vec<&'v Value>) {
    match v {
        Value::Object(o) if o.contains_key("log_entries") => {
            if let Some(items) = o.get("log_entries").and_then(Value::as_array) {
                out.extend(items);
            }
        }
        Value::Object(o) if o.contains_key("log_entry") => out.extend(o.get("log_entry")),
        Value::Object(o) if o.contains_key("type") && o.contains_key("created_at") => out.push(v),
        Value::Array(items) => {
            for item in items {
                match item {
                    Value::Object(o) if o.contains_key("log_entries") => collect(item, out),
                    _ => out.push(item),
                }
            }
        }
        _ => {}
    }
}

/// `{"log_entries": []}` or `[]`: a window with nothing in it.
fn is_empty_page(v: &Value) -> bool {
    match v {
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.get("log_entries").and_then(Value::as_array).is_some_and(Vec::is_empty),
        _ => false,
    }
}

/// What a trigger says: the alert, not "Triggered through the API".
fn trigger_text(e: &Value) -> Option<String> {
    let alert = first(&[
        text_at(e, &["event_details", "description"]),
        text_at(e, &["channel", "description"]),
        text_at(e, &["channel", "subject"]),
        text_at(e, &["channel", "summary"]),
        text_at(e, &["channel", "details", "description"]),
        text_at(e, &["incident", "summary"]),
    ]);
    let summary = text_at(e, &["summary"]);
    match (alert, summary) {
        (Some(a), _) => Some(a.to_string()),
        (None, s) => s.map(String::from),
    }
}

fn first<'v>(options: &[Option<&'v str>]) -> Option<&'v str> {
    options.iter().flatten().copied().find(|s| !s.trim().is_empty())
}

/// A non-blank string at a path of object keys.
fn text_at<'v>(v: &'v Value, path: &[&str]) -> Option<&'v str> {
    path.iter().try_fold(v, |v, k| v.get(k))?.as_str().map(str::trim).filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn triggers_show_the_alert_and_notifications_drop() {
        let json = r#"{"log_entries": [
          {"id": "R1", "type": "trigger_log_entry", "created_at": "2026-03-01T10:00:00Z",
           "summary": "Triggered through the API.", "agent": {"type": "service_reference", "summary": "checkout"},
           "channel": {"type": "api", "summary": "5xx above 5% on checkout"}},
          {"id": "R2", "type": "notify_log_entry", "created_at": "2026-03-01T10:00:05Z", "summary": "Notified Sam"},
          {"id": "R3", "type": "annotate_log_entry", "created_at": "2026-03-01T10:07:00Z", "summary": "Note added",
           "agent": {"summary": "Sam"}, "channel": {"type": "note", "summary": "rolling back"}}
        ], "more": false}"#;
        let ev = parse(json, "pd.json").unwrap();
        assert_eq!(ev.len(), 2);
        assert_eq!(
            (ev[0].label, ev[0].text.as_str(), ev[0].author.as_deref()),
            (Some("detected"), "5xx above 5% on checkout", Some("checkout"))
        );
        assert_eq!(ev[1].text, "rolling back");
    }

    #[test]
    fn a_malformed_entry_is_named() {
        let err = parse(r#"[{"id": "R9", "type": "trigger_log_entry"}]"#, "pd.json").unwrap_err().to_string();
        assert!(err.contains("`pd.json`: log entry 1 (R9) has no `created_at`"), "{err}");
        assert!(parse("{", "pd.json").unwrap_err().to_string().contains("`pd.json` is not valid JSON"));
    }
}
