//! Machine-readable outputs: `incidents.json`, `feed.xml` (Atom),
//! `search-index.js` and `action-items.csv`.
//!
//! `incidents.json` is read by dashboards and bots; its shape is documented
//! in the README and must stay stable.

use std::io::Write;
use std::sync::Arc;

use serde::Serialize;

use crate::escape::xml as xml_escape;
use crate::render::views::*;
use crate::render::Site;

#[derive(Serialize)]
struct JsonAction<'a> {
    action: &'a str,
    owner: Option<&'a str>,
    due: Option<&'a str>,
    ticket: Option<&'a str>,
    #[serde(rename = "type")]
    kind: Option<&'a str>,
    status: &'a str,
    /// Columns that map to no field, as an object in column order.
    extra: JsonExtra<'a>,
}

/// `extra: { "Priority": "P2" }`, keys in the table's order (a map would
/// sort them).
struct JsonExtra<'a>(&'a [ExtraView]);

impl Serialize for JsonExtra<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|e| (e.name.as_str(), e.text.as_str())))
    }
}

#[derive(Serialize)]
struct JsonIncident<'a> {
    id: &'a str,
    title: &'a str,
    url: &'a str,
    date: &'a str,
    severity: &'a str,
    status: &'a str,
    services: Vec<&'a str>,
    tags: Vec<&'a str>,
    started: Option<&'a str>,
    detected: Option<&'a str>,
    acknowledged: Option<&'a str>,
    mitigated: Option<&'a str>,
    resolved: Option<&'a str>,
    time_to_detect_s: Option<i64>,
    time_to_acknowledge_s: Option<i64>,
    time_to_mitigate_s: Option<i64>,
    time_to_resolve_s: Option<i64>,
    action_items: Vec<JsonAction<'a>>,
}

fn opt(s: &str) -> Option<&str> {
    (!s.is_empty()).then_some(s)
}

/// The plain text of every action item, per incident and in order: views
/// keep only the HTML, and the exports alone need the text.
pub fn plain_actions(site: &Site, incidents: &[Arc<IncidentView>]) -> Vec<Vec<String>> {
    incidents
        .iter()
        .map(|inc| {
            let pm = site.lib.by_url(&inc.row.url).and_then(|d| site.lib.docs[d].postmortem());
            let items = pm.map(|pm| pm.action_items.as_slice()).unwrap_or_default();
            items.iter().map(|a| crate::markdown::plain_text(&a.action)).collect()
        })
        .collect()
}

/// The action items of an incident with their plain texts (empty if the
/// text is missing).
fn with_text<'a>(inc: &'a IncidentView, plain: &'a [String]) -> impl Iterator<Item = (&'a ActionView, &'a str)> {
    inc.action_items.iter().zip(plain.iter().map(String::as_str).chain(std::iter::repeat("")))
}

/// `incidents.json`: one object per post-mortem, newest first (SPEC §7);
/// `plain` comes from [`plain_actions`].
pub fn incidents_json(incidents: &[Arc<IncidentView>], plain: &[Vec<String>], w: &mut dyn Write) -> anyhow::Result<()> {
    let list: Vec<JsonIncident> = incidents
        .iter()
        .zip(plain)
        .map(|(i, plain)| JsonIncident {
            id: &i.row.id,
            title: &i.row.title,
            url: &i.row.url,
            date: &i.row.date,
            severity: &i.row.severity,
            status: i.row.status,
            services: i.row.services.iter().map(|s| s.name.as_str()).collect(),
            tags: i.row.tags.iter().map(|s| s.name.as_str()).collect(),
            started: i.started.as_ref().map(|t| t.iso.as_str()),
            detected: i.detected.as_ref().map(|t| t.iso.as_str()),
            acknowledged: i.acknowledged.as_ref().map(|t| t.iso.as_str()),
            mitigated: i.mitigated.as_ref().map(|t| t.iso.as_str()),
            resolved: i.resolved.as_ref().map(|t| t.iso.as_str()),
            time_to_detect_s: i.time_to_detect.as_ref().map(|d| d.seconds),
            time_to_acknowledge_s: i.time_to_acknowledge.as_ref().map(|d| d.seconds),
            time_to_mitigate_s: i.time_to_mitigate.as_ref().map(|d| d.seconds),
            time_to_resolve_s: i.time_to_resolve.as_ref().map(|d| d.seconds),
            action_items: with_text(i, plain)
                .map(|(a, action)| JsonAction {
                    action,
                    owner: opt(&a.owner),
                    due: opt(&a.due),
                    ticket: opt(if a.ticket_url.is_empty() { &a.ticket } else { &a.ticket_url }),
                    kind: opt(&a.kind),
                    status: a.status,
                    extra: JsonExtra(&a.extra),
                })
                .collect(),
        })
        .collect();
    // serde_json writes a few bytes at a time: a buffer of a known type
    // takes them without a call through `dyn Write` each.
    let mut buffered = std::io::BufWriter::with_capacity(64 * 1024, &mut *w);
    serde_json::to_writer_pretty(&mut buffered, &list)?;
    buffered.write_all(b"\n")?;
    buffered.flush()?;
    Ok(())
}

/// `feed.xml`: Atom feed of the newest 50 incidents.
pub fn feed(site: &Site, incidents: &[Arc<IncidentView>]) -> String {
    let base = site.config.base_url.trim_end_matches('/');
    let href = |url: &str| if base.is_empty() { url.to_string() } else { format!("{base}/{url}") };
    let updated_of = |i: &Arc<IncidentView>| {
        i.resolved.as_ref().map(|t| t.iso.clone()).unwrap_or_else(|| format!("{}T00:00:00Z", i.row.date))
    };
    let updated = incidents
        .iter()
        .map(updated_of)
        .max()
        .unwrap_or_else(|| format!("{}T00:00:00Z", site.today.format("%Y-%m-%d")));
    let mut out =
        String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    out.push_str(&format!("  <title>{}: incidents</title>\n", xml_escape(&site.config.title)));
    out.push_str(&format!("  <id>urn:warroom:{}</id>\n", xml_escape(&crate::slug::slugify(&site.config.title))));
    out.push_str(&format!("  <updated>{updated}</updated>\n"));
    out.push_str(&format!("  <link rel=\"alternate\" href=\"{}\"/>\n", xml_escape(&href("incidents/index.html"))));
    out.push_str("  <generator>warroom</generator>\n");
    for i in incidents.iter().take(50) {
        out.push_str("  <entry>\n");
        out.push_str(&format!("    <title>[{}] {}</title>\n", xml_escape(&i.row.severity), xml_escape(&i.row.title)));
        out.push_str(&format!("    <id>urn:warroom:incident:{}</id>\n", xml_escape(&i.row.id)));
        out.push_str(&format!("    <link rel=\"alternate\" href=\"{}\"/>\n", xml_escape(&href(&i.row.url))));
        out.push_str(&format!("    <published>{}T00:00:00Z</published>\n", xml_escape(&i.row.date)));
        out.push_str(&format!("    <updated>{}</updated>\n", xml_escape(&updated_of(i))));
        let author = if i.commander.is_empty() { "warroom" } else { &i.commander };
        out.push_str(&format!("    <author><name>{}</name></author>\n", xml_escape(author)));
        for s in &i.row.services {
            out.push_str(&format!("    <category term=\"{}\"/>\n", xml_escape(&s.name)));
        }
        let mut summary = format!("{} · {}", i.row.severity, i.row.status);
        if let Some(d) = &i.row.duration {
            summary.push_str(&format!(" · resolved in {}", d.human));
        }
        if !i.row.summary.is_empty() {
            summary.push_str(". ");
            summary.push_str(&i.row.summary);
        }
        out.push_str(&format!("    <summary>{}</summary>\n", xml_escape(&summary)));
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

#[derive(Serialize)]
struct SearchEntry<'a> {
    t: &'a str,
    u: &'a str,
    k: &'a str,
    s: String,
    x: String,
    /// An incident's year, for the history's filters across years.
    #[serde(skip_serializing_if = "str::is_empty")]
    y: &'a str,
}

/// `search-index.js`: defines `window.WARROOM_SEARCH`, loaded by a script
/// tag so search works from `file://`.
pub fn search_index(incidents: &[Arc<IncidentView>], runbooks: &[RunbookView], lists: &[ContactsView]) -> String {
    let mut entries = Vec::with_capacity(incidents.len() + runbooks.len() + lists.len());
    for i in incidents {
        let mut x: Vec<&str> = vec![&i.row.id, &i.row.severity, i.row.status];
        x.extend(i.row.services.iter().map(|s| s.name.as_str()));
        x.extend(i.row.tags.iter().map(|s| s.name.as_str()));
        entries.push(SearchEntry {
            t: &i.row.title,
            u: &i.row.url,
            k: "postmortem",
            s: crate::render::docs::truncate(&i.row.summary, 160),
            x: x.join(" "),
            y: &i.row.year,
        });
    }
    for r in runbooks {
        let mut x: Vec<&str> = vec![&r.id, &r.owner];
        x.extend(r.services.iter().map(|s| s.name.as_str()));
        x.extend(r.tags.iter().map(|s| s.name.as_str()));
        entries.push(SearchEntry {
            t: &r.title,
            u: &r.url,
            k: "runbook",
            s: format!("Owner {}", r.owner),
            x: x.join(" "),
            y: "",
        });
    }
    for l in lists {
        let names: Vec<&str> = l
            .groups
            .iter()
            .flat_map(|g| g.contacts.iter().map(|c| if c.name.is_empty() { c.org.as_str() } else { c.name.as_str() }))
            .collect();
        entries.push(SearchEntry {
            t: &l.title,
            u: &l.url,
            k: "contacts",
            s: format!("{} contacts", l.count),
            x: names.join(" "),
            y: "",
        });
    }
    // serde_json escapes quotes and control characters; `<` is escaped too so
    // the file stays inert even if someone inlines it into a page.
    let json = serde_json::to_string(&entries).unwrap_or_else(|_| "[]".into()).replace('<', "\\u003c");
    format!("window.WARROOM_SEARCH = {json};\n")
}

/// Quotes a CSV field; a leading `=`, `@`, tab or CR is neutralised so a
/// spreadsheet does not run it as a formula.
pub fn csv_field(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    push_csv_field(&mut out, s);
    out
}

/// [`csv_field`], appended to `out`.
pub fn push_csv_field(out: &mut String, s: &str) {
    let formula = if s.starts_with(['=', '@', '\t', '\r']) { "'" } else { "" };
    if s.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(formula);
        for (i, part) in s.split('"').enumerate() {
            if i > 0 {
                out.push_str("\"\"");
            }
            out.push_str(part);
        }
        out.push('"');
    } else {
        out.push_str(formula);
        out.push_str(s);
    }
}

/// `action-items.csv`: every action item of every published incident;
/// `plain` comes from [`plain_actions`].
pub fn action_items_csv(
    incidents: &[Arc<IncidentView>],
    plain: &[Vec<String>],
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    out.write_all(b"incident_id,incident_title,action,owner,due,ticket,type,status,overdue\r\n")?;
    let mut line = String::new();
    for (i, plain) in incidents.iter().zip(plain) {
        for (a, action) in with_text(i, plain) {
            let ticket = if a.ticket_url.is_empty() { &a.ticket } else { &a.ticket_url };
            let overdue = if a.overdue { "yes" } else { "no" };
            let row: [&str; 9] =
                [&i.row.id, &i.row.title, action, &a.owner, &a.due, ticket, &a.kind, a.status, overdue];
            line.clear();
            for (n, field) in row.iter().enumerate() {
                if n > 0 {
                    line.push(',');
                }
                push_csv_field(&mut line, field);
            }
            line.push_str("\r\n");
            out.write_all(line.as_bytes())?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_and_neutralises_formulas() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(csv_field("=A1,\"x\""), "\"'=A1,\"\"x\"\"\"");
        assert_eq!(csv_field("@a\nb"), "\"'@a\nb\"");
        assert_eq!(csv_field(""), "");
    }

    #[test]
    fn search_index_cannot_close_script() {
        let js = search_index(&[], &[], &[]);
        assert_eq!(js, "window.WARROOM_SEARCH = [];\n");
    }
}
