//! Metadata lines near the top of a document: `**Date:** …`, `**Date**: …`,
//! `Date: …`, `- **Severity:** …`, `* IC: …`, Notion's `Property: value`
//! lines and the rows of a two-column table (`| Incident date | … |`), each
//! matched by its key to the front matter field it gives.

/// A front matter field that a metadata line can give.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Field {
    Title,
    Date,
    Severity,
    Status,
    Services,
    Id,
    Started,
    Detected,
    Mitigated,
    Resolved,
    Commander,
    Authors,
}

impl Field {
    /// The front matter key.
    pub fn name(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Date => "date",
            Field::Severity => "severity",
            Field::Status => "status",
            Field::Services => "services",
            Field::Id => "id",
            Field::Started => "started",
            Field::Detected => "detected",
            Field::Mitigated => "mitigated",
            Field::Resolved => "resolved",
            Field::Commander => "commander",
            Field::Authors => "authors",
        }
    }
}

/// The keys each field is written under, normalised (lowercase, no
/// emphasis, no trailing colon or `(s)`). `Duration` gives nothing: it is
/// derived from the timestamps.
const KEYS: &[(Field, &[&str])] = &[
    (Field::Title, &["title", "incident title", "incident name"]),
    (
        Field::Date,
        &[
            "date",
            "incident date",
            "date of incident",
            "start date",
            "date/time",
            "date and time",
            "incident date/time",
            "incident date and time",
            "when",
        ],
    ),
    (
        Field::Severity,
        &["severity", "sev", "priority", "impact level", "severity level", "incident severity", "incident priority"],
    ),
    (Field::Status, &["status", "document status", "postmortem status", "post-mortem status", "report status"]),
    (
        Field::Services,
        &[
            "services",
            "service",
            "affected services",
            "services affected",
            "affected service",
            "service affected",
            "impacted services",
            "services impacted",
            "components",
            "affected components",
            "components affected",
            "systems affected",
            "affected systems",
            "impacted systems",
        ],
    ),
    (Field::Id, &["incident id", "incident", "incident number", "incident #", "incident no", "id", "incident ticket"]),
    (
        Field::Started,
        &[
            "started",
            "start time",
            "incident start",
            "incident start time",
            "began",
            "start",
            "started at",
            "time started",
        ],
    ),
    (
        Field::Detected,
        &[
            "detected",
            "detection",
            "detection time",
            "detect time",
            "time detected",
            "time of detection",
            "detected at",
            "alerted",
            "alerted at",
            "time alerted",
        ],
    ),
    (
        Field::Mitigated,
        &["mitigated", "mitigation", "mitigation time", "mitigate time", "time mitigated", "mitigated at"],
    ),
    (
        Field::Resolved,
        &[
            "resolved",
            "resolution",
            "resolution time",
            "resolve time",
            "time resolved",
            "resolved at",
            "end time",
            "ended",
            "end",
            "incident end",
            "incident end time",
        ],
    ),
    (
        Field::Commander,
        &["incident commander", "ic", "incident lead", "incident manager", "commander", "incident coordinator"],
    ),
    (
        Field::Authors,
        &[
            "authors",
            "author",
            "written by",
            "owner",
            "document owner",
            "postmortem owner",
            "post-mortem owner",
            "prepared by",
        ],
    ),
];

/// How far down metadata is looked for (SPEC: "near the top").
const SCAN_LINES: usize = 40;

/// One metadata line that gives a field.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct MetaLine {
    /// 1-based line in the source.
    pub line: usize,
    pub field: Field,
    /// The value as written, without its Markdown marks.
    pub value: String,
    /// A zone named in the key's parenthesis (`Start time (UTC)`).
    pub key_zone: Option<String>,
    /// The source line, trimmed, for the report.
    pub source: String,
}

/// The metadata lines of a document, in order: the first lines up to
/// [`SCAN_LINES`], outside code fences, ending at the first heading after
/// one was found (so a metadata list under `## Summary` counts, but the
/// sections below it do not).
pub(crate) fn metadata_lines(text: &str) -> Vec<MetaLine> {
    let mut out: Vec<MetaLine> = Vec::new();
    let mut fence: Option<&str> = None;
    for (i, raw) in text.lines().enumerate().take(SCAN_LINES) {
        let line = raw.trim_end_matches('\r');
        let trimmed = line.trim_start();
        if let Some(f) = fence {
            if trimmed.starts_with(f) {
                fence = None;
            }
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(&trimmed[..3]);
            continue;
        }
        if trimmed.starts_with('#') {
            if !out.is_empty() && !trimmed.starts_with("# ") {
                break;
            }
            continue;
        }
        for (key, value) in key_values(trimmed) {
            let Some((field, key_zone)) = field_for(&key) else { continue };
            out.push(MetaLine { line: i + 1, field, value, key_zone, source: line.trim().to_string() });
        }
    }
    out
}

/// The field a key names, with a zone from a trailing parenthesis.
pub(crate) fn field_for(key: &str) -> Option<(Field, Option<String>)> {
    let mut k = key.trim().trim_matches(['*', '_', '`']).trim().trim_end_matches(':').trim().to_lowercase();
    let mut key_zone = None;
    k = k.replace("(s)", "");
    if k.ends_with(')') {
        if let Some(open) = k.rfind('(') {
            let inner = k[open + 1..k.len() - 1].trim().to_string();
            key_zone = inner.split_whitespace().last().map(str::to_string);
            k.truncate(open);
        }
    }
    let k = k.split_whitespace().collect::<Vec<_>>().join(" ");
    KEYS.iter().find(|(_, keys)| keys.contains(&k.as_str())).map(|(f, _)| (*f, key_zone))
}

/// The `(key, value)` pairs a line writes: one for a label line, one per
/// two cells of a table row.
pub(crate) fn key_values(line: &str) -> Vec<(String, String)> {
    let t = line.trim();
    if t.starts_with('|') {
        return table_pairs(t);
    }
    let t = strip_list_marker(t);
    for mark in ["**", "__", "*", "_"] {
        let Some(inner) = t.strip_prefix(mark) else { continue };
        let Some(close) = inner.find(mark) else { continue };
        let label = &inner[..close];
        let after = &inner[close + mark.len()..];
        // `**Key:** value` or `**Key**: value`.
        if let Some(key) = label.strip_suffix(':') {
            return vec![(key.to_string(), super::values::clean(after))];
        }
        if let Some(value) = after.strip_prefix(':') {
            return vec![(label.to_string(), super::values::clean(value))];
        }
        return Vec::new();
    }
    // `Key: value`: a short key, and a value that is not a URL's rest.
    let Some(colon) = t.find(':') else { return Vec::new() };
    let (key, value) = (&t[..colon], &t[colon + 1..]);
    if key.len() > 40 || key.is_empty() || !(value.is_empty() || value.starts_with([' ', '\t'])) {
        return Vec::new();
    }
    vec![(key.to_string(), super::values::clean(value))]
}

/// `- `, `* `, `+ `, `1. `, `1) ` at the start of a list item.
fn strip_list_marker(t: &str) -> &str {
    for m in ["- ", "* ", "+ "] {
        if let Some(rest) = t.strip_prefix(m) {
            return rest.trim_start();
        }
    }
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=3).contains(&digits) {
        if let Some(rest) = t[digits..].strip_prefix(". ").or_else(|| t[digits..].strip_prefix(") ")) {
            return rest.trim_start();
        }
    }
    t
}

/// A table row's cells in pairs: `| Date | 2024-03-01 |`, also
/// `| Severity | SEV2 | Status | Final |`. A separator row gives none.
fn table_pairs(row: &str) -> Vec<(String, String)> {
    let inner = row.trim().trim_start_matches('|');
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let cells: Vec<&str> = inner.split('|').map(str::trim).collect();
    if cells.iter().all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' '))) {
        return Vec::new();
    }
    if cells.len() % 2 != 0 {
        return Vec::new();
    }
    cells.chunks(2).map(|pair| (pair[0].to_string(), super::values::clean(pair[1]))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(line: &str) -> Vec<(String, String)> {
        key_values(line)
    }

    fn kv(k: &str, v: &str) -> Vec<(String, String)> {
        vec![(k.to_string(), v.to_string())]
    }

    #[test]
    fn every_label_style() {
        assert_eq!(pairs("**Date:** 2015-10-21"), kv("Date", "2015-10-21"));
        assert_eq!(pairs("**Date**: 2015-10-21  "), kv("Date", "2015-10-21"));
        assert_eq!(pairs("Date: 2015-10-21"), kv("Date", "2015-10-21"));
        assert_eq!(pairs("- **Severity:** SEV2"), kv("Severity", "SEV2"));
        assert_eq!(pairs("* IC: Ana Lima"), kv("IC", "Ana Lima"));
        assert_eq!(pairs("1. Status: Draft"), kv("Status", "Draft"));
        assert_eq!(pairs("__Authors:__ jo, al"), kv("Authors", "jo, al"));
        assert_eq!(pairs("| Incident date | 2024-03-01 |"), kv("Incident date", "2024-03-01"));
        assert_eq!(pairs("| **Owner** | Sam |"), kv("**Owner**", "Sam"));
        assert_eq!(pairs("| --- | :--- |"), vec![]);
        assert_eq!(pairs("| Severity | SEV2 | Status | Final |").len(), 2);
        assert_eq!(pairs("See https://example.com"), vec![]);
        assert_eq!(pairs("**Impact**"), vec![]);
    }

    #[test]
    fn keys_name_fields() {
        assert_eq!(field_for("Incident date").map(|f| f.0), Some(Field::Date));
        assert_eq!(field_for("**Sev**").map(|f| f.0), Some(Field::Severity));
        assert_eq!(field_for("Author(s)").map(|f| f.0), Some(Field::Authors));
        assert_eq!(field_for("Service(s) affected").map(|f| f.0), Some(Field::Services));
        for ic in ["Incident commander", "IC", "Incident lead", "incident Manager"] {
            assert_eq!(field_for(ic).map(|f| f.0), Some(Field::Commander), "{ic}");
        }
        assert_eq!(field_for("Start time (UTC)"), Some((Field::Started, Some("utc".to_string()))));
        assert_eq!(field_for("Duration"), None);
        assert_eq!(field_for("Impact"), None);
    }

    #[test]
    fn scanning_stops_at_the_first_heading_after_metadata() {
        let text = "# Outage\n\n**Date:** 2024-03-01\n\n## Summary\n\nStatus: this is prose\n";
        let found = metadata_lines(text);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].line, found[0].field), (3, Field::Date));
        let text =
            "# Outage\n\n## Summary\n\n- **Severity**: SEV1\n- **Status**: Final\n\n## Impact\nDate: 2024-01-01\n";
        let fields: Vec<Field> = metadata_lines(text).iter().map(|m| m.field).collect();
        assert_eq!(fields, [Field::Severity, Field::Status]);
        let text = "```\nDate: 2024-01-01\n```\n";
        assert!(metadata_lines(text).is_empty());
    }
}
