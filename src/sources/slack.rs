//! A Slack workspace export, zipped or unpacked: `users.json` and
//! `channels.json` (with `groups.json`, `mpims.json`, `dms.json` when the
//! export has them) and one folder per channel of `YYYY-MM-DD.json` files,
//! each an array of messages.
//!
//! Messages become events with the author's display name (the real name
//! when that is empty, a bot's own name for bot posts), mentions, channel
//! links and `<url|label>` made readable, and joins, leaves and other
//! channel noise dropped. Thread replies sit in the day file of their own
//! `ts`, so sorting by time puts them in order.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Read as _;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context as _};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde_json::Value;

use super::{Event, Options};

/// Subtypes that record something about the channel, not the incident.
const NOISE: &[&str] = &[
    "channel_join",
    "channel_leave",
    "group_join",
    "group_leave",
    "channel_archive",
    "channel_unarchive",
    "group_archive",
    "group_unarchive",
    "channel_name",
    "group_name",
    "channel_purpose",
    "group_purpose",
    "pinned_item",
    "unpinned_item",
    "bot_add",
    "bot_remove",
    "bot_enable",
    "bot_disable",
    "reminder_add",
    "reminder_delete",
    "message_changed",
    "message_deleted",
    "message_replied",
    "tombstone",
    "joiner_notification",
    "channel_convert_to_private",
    "sh_room_created",
];

/// Reads the messages of one channel of an export.
pub fn read(path: &Path, opts: &Options) -> anyhow::Result<Vec<Event>> {
    let mut export = Export::open(path)?;
    let users = export.users()?;
    let mut channels = BTreeMap::new();
    for file in ["channels.json", "groups.json", "mpims.json", "dms.json"] {
        export.channel_names(file, &mut channels)?;
    }
    let folders = export.channel_folders();
    if folders.is_empty() {
        bail!(
            "`{}` holds no channel folders of `YYYY-MM-DD.json` files; is it a Slack workspace export?",
            path.display()
        );
    }
    let names = Names { users: &users, channels: &channels };
    if let Some(wanted) = &opts.channel {
        let w = wanted.trim().trim_start_matches('#');
        let folder = folders
            .keys()
            .find(|f| f.eq_ignore_ascii_case(w) || channels.get(w).is_some_and(|n| n.eq_ignore_ascii_case(f)))
            .cloned()
            .ok_or_else(|| {
                let list: Vec<&str> = folders.keys().map(String::as_str).collect();
                anyhow!("`{}` has no channel `{w}`; its channels are: {}", path.display(), list.join(", "))
            })?;
        return export.messages(&folders[&folder], opts, &names);
    }
    let mut found: Vec<(String, Vec<Event>)> = Vec::new();
    for (folder, days) in &folders {
        let events = export.messages(days, opts, &names)?;
        if !events.is_empty() {
            found.push((folder.clone(), events));
        }
    }
    match found.len() {
        0 => Ok(Vec::new()),
        1 => Ok(found.pop().map(|(_, e)| e).unwrap_or_default()),
        _ => {
            let list: Vec<String> = found.iter().map(|(f, e)| format!("{f} ({} messages)", e.len())).collect();
            bail!(
                "`{}` has messages in more than one channel in this window: {}; pick one with `--channel NAME`",
                path.display(),
                list.join(", ")
            )
        }
    }
}

/// Ids to names, for authors and for mentions in text.
struct Names<'a> {
    users: &'a HashMap<String, String>,
    channels: &'a BTreeMap<String, String>,
}

enum Store {
    Dir(PathBuf),
    Zip(Box<zip::ZipArchive<std::fs::File>>),
}

/// An export's files, by path under its top folder.
struct Export {
    store: Store,
    shown: String,
    /// The folder inside a zip that holds the export (`""` or `name/`).
    prefix: String,
    files: BTreeSet<String>,
}

impl Export {
    fn open(path: &Path) -> anyhow::Result<Export> {
        let shown = path.display().to_string();
        let (store, mut all) = if path.is_dir() {
            let mut files = BTreeSet::new();
            for entry in walkdir::WalkDir::new(path).max_depth(2) {
                let entry = entry.with_context(|| format!("cannot read `{shown}`"))?;
                if entry.file_type().is_file() {
                    let rel = entry.path().strip_prefix(path).unwrap_or(entry.path());
                    files.insert(crate::content::rel_path(Path::new(""), rel));
                }
            }
            (Store::Dir(path.to_path_buf()), files)
        } else {
            let file = std::fs::File::open(path).with_context(|| format!("cannot read `{shown}`"))?;
            let zip = zip::ZipArchive::new(file).map_err(|e| anyhow!("`{shown}` is not a readable zip file: {e}"))?;
            let files: BTreeSet<String> = zip
                .file_names()
                .filter(|n| !n.ends_with('/') && !n.starts_with("__MACOSX/"))
                .map(String::from)
                .collect();
            (Store::Zip(Box::new(zip)), files)
        };
        // A folder zipped again has the export one level down.
        let prefix = if all.contains("channels.json") || all.contains("users.json") {
            String::new()
        } else {
            all.iter()
                .find_map(|f| f.strip_suffix("channels.json").or_else(|| f.strip_suffix("users.json")))
                .filter(|p| p.ends_with('/') && p.matches('/').count() == 1)
                .unwrap_or("")
                .to_string()
        };
        if !prefix.is_empty() {
            all = all.iter().filter_map(|f| f.strip_prefix(&prefix)).map(String::from).collect();
        }
        Ok(Export { store, shown, prefix, files: all })
    }

    /// How a file of the export is named in messages.
    fn name(&self, rel: &str) -> String {
        match self.store {
            Store::Dir(_) => format!("{}/{rel}", self.shown.trim_end_matches('/')),
            Store::Zip(_) => format!("{}:{}{rel}", self.shown, self.prefix),
        }
    }

    /// A file's text, or `None` when the export does not have it.
    fn read(&mut self, rel: &str) -> anyhow::Result<Option<String>> {
        if !self.files.contains(rel) {
            return Ok(None);
        }
        let name = self.name(rel);
        let bytes = match &mut self.store {
            Store::Dir(dir) => std::fs::read(dir.join(rel)).with_context(|| format!("cannot read `{name}`"))?,
            Store::Zip(zip) => {
                let mut f = zip.by_name(&format!("{}{rel}", self.prefix)).map_err(|e| anyhow!("`{name}`: {e}"))?;
                let mut bytes = Vec::new();
                f.read_to_end(&mut bytes).with_context(|| format!("cannot read `{name}`"))?;
                bytes
            }
        };
        let text = String::from_utf8(bytes).map_err(|_| anyhow!("`{name}` is not valid UTF-8"))?;
        Ok(Some(text))
    }

    /// A JSON file of the export that must hold an array.
    fn array(&mut self, rel: &str) -> anyhow::Result<Option<Vec<Value>>> {
        let Some(text) = self.read(rel)? else { return Ok(None) };
        let name = self.name(rel);
        match serde_json::from_str::<Value>(text.trim_start_matches('\u{feff}')) {
            Ok(Value::Array(items)) => Ok(Some(items)),
            Ok(_) => bail!("`{name}` is not a JSON array as Slack exports write it"),
            Err(e) => bail!("`{name}` is not valid JSON: {e}"),
        }
    }

    /// `users.json`: user id → the name Slack shows. A missing file is not
    /// an error: authors then show as their ids.
    fn users(&mut self) -> anyhow::Result<HashMap<String, String>> {
        let Some(users) = self.array("users.json")? else { return Ok(HashMap::new()) };
        let mut map = HashMap::new();
        for (i, u) in users.iter().enumerate() {
            let Some(id) = u.get("id").and_then(Value::as_str) else {
                bail!("`{}`: user {} has no `id`", self.name("users.json"), i + 1);
            };
            let profile = u.get("profile");
            let name = first_text(&[
                profile.and_then(|p| p.get("display_name")),
                profile.and_then(|p| p.get("real_name")),
                u.get("real_name"),
                u.get("name"),
            ])
            .unwrap_or(id);
            map.insert(id.to_string(), name.to_string());
        }
        Ok(map)
    }

    /// Adds `id → name` from `channels.json` and its kin.
    fn channel_names(&mut self, file: &str, map: &mut BTreeMap<String, String>) -> anyhow::Result<()> {
        let Some(items) = self.array(file)? else { return Ok(()) };
        for c in &items {
            if let Some(id) = c.get("id").and_then(Value::as_str) {
                let name = c.get("name").and_then(Value::as_str).filter(|n| !n.is_empty()).unwrap_or(id);
                map.insert(id.to_string(), name.to_string());
            }
        }
        Ok(())
    }

    /// Channel folder → its day files, in date order.
    fn channel_folders(&self) -> BTreeMap<String, Vec<(NaiveDate, String)>> {
        let mut out: BTreeMap<String, Vec<(NaiveDate, String)>> = BTreeMap::new();
        for f in &self.files {
            let Some((folder, day)) = f.split_once('/') else { continue };
            let Some(date) = day.strip_suffix(".json").and_then(crate::time::parse_date) else { continue };
            out.entry(folder.to_string()).or_default().push((date, f.clone()));
        }
        out
    }

    /// The events of one channel's day files that may hold the window.
    fn messages(
        &mut self,
        days: &[(NaiveDate, String)],
        opts: &Options,
        names: &Names<'_>,
    ) -> anyhow::Result<Vec<Event>> {
        // Day files follow the exporting workspace's zone, up to a day
        // away from UTC either side.
        let first = opts.from.map(|f| (f - Duration::days(1)).date_naive());
        let last = opts.to.map(|t| (t + Duration::days(1)).date_naive());
        let mut files = Vec::new();
        for (date, rel) in days {
            if first.is_some_and(|f| *date < f) || last.is_some_and(|l| *date > l) {
                continue;
            }
            files.push((self.name(rel), self.array(rel)?.unwrap_or_default()));
        }
        // Users that `users.json` does not list (it may be missing, or they
        // came from another workspace) still carry their profile inline.
        let mut users = names.users.clone();
        for m in files.iter().flat_map(|(_, messages)| messages) {
            if let (Some(id), Some(p)) = (m.get("user").and_then(Value::as_str), m.get("user_profile")) {
                if !users.contains_key(id) {
                    if let Some(n) = first_text(&[p.get("display_name"), p.get("real_name"), p.get("name")]) {
                        users.insert(id.to_string(), n.to_string());
                    }
                }
            }
        }
        let names = Names { users: &users, channels: names.channels };
        let mut events = Vec::new();
        let mut seen = BTreeSet::new();
        for (name, messages) in &files {
            for (i, m) in messages.iter().enumerate() {
                let Some(event) = message(m, &names).map_err(|why| anyhow!("`{name}`: message {} {why}", i + 1))?
                else {
                    continue;
                };
                let key = (event.at, event.author.clone(), event.text.clone());
                if opts.contains(event.at) && seen.insert(key) {
                    events.push(event);
                }
            }
        }
        Ok(events)
    }
}

/// One message, or `None` for noise.
fn message(m: &Value, names: &Names<'_>) -> Result<Option<Event>, String> {
    if !m.is_object() {
        return Err("is not a JSON object".to_string());
    }
    let ts = m.get("ts").ok_or("has no `ts`")?;
    let at = parse_ts(ts).ok_or_else(|| format!("has a `ts` that is not a Slack timestamp: {ts}"))?;
    let subtype = m.get("subtype").and_then(Value::as_str).unwrap_or("");
    if NOISE.contains(&subtype) || m.get("hidden").and_then(Value::as_bool) == Some(true) {
        return Ok(None);
    }
    let author = author(m, subtype, names);
    let mut text = readable(m.get("text").and_then(Value::as_str).unwrap_or(""), names);
    if text.trim().is_empty() {
        text = attachments_text(m, names);
    }
    if let Some(files) = m.get("files").and_then(Value::as_array) {
        let shared: Vec<&str> = files.iter().filter_map(|f| first_text(&[f.get("title"), f.get("name")])).collect();
        if !shared.is_empty() {
            let list = shared.join(", ");
            text = if text.trim().is_empty() { format!("shared {list}") } else { format!("{text} (shared {list})") };
        }
    }
    if text.trim().is_empty() {
        return Ok(None);
    }
    Ok(Some(Event { at, author, label: None, text }))
}

/// The author of a message: a bot post's own name, else the user's name.
fn author(m: &Value, subtype: &str, names: &Names<'_>) -> Option<String> {
    let user = m.get("user").and_then(Value::as_str).filter(|u| !u.is_empty() && *u != "USLACKBOT");
    let bot_name = || first_text(&[m.get("username"), m.get("bot_profile").and_then(|b| b.get("name"))]);
    if subtype == "bot_message" || user.is_none() {
        if let Some(n) = bot_name() {
            return Some(n.to_string());
        }
    }
    if let Some(u) = user {
        if let Some(n) = names.users.get(u) {
            return Some(n.clone());
        }
        let p = m.get("user_profile");
        if let Some(n) = first_text(&[p.and_then(|p| p.get("display_name")), p.and_then(|p| p.get("real_name"))]) {
            return Some(n.to_string());
        }
        return Some(bot_name().unwrap_or(u).to_string());
    }
    if m.get("user").and_then(Value::as_str) == Some("USLACKBOT") {
        return Some("Slackbot".to_string());
    }
    m.get("bot_id").and_then(Value::as_str).map(String::from)
}

/// Text of a message that has only attachments (alerts posted by bots).
fn attachments_text(m: &Value, names: &Names<'_>) -> String {
    let Some(atts) = m.get("attachments").and_then(Value::as_array) else { return String::new() };
    let parts: Vec<String> = atts
        .iter()
        .filter_map(|a| first_text(&[a.get("fallback"), a.get("pretext"), a.get("title"), a.get("text")]))
        .map(|t| readable(t, names))
        .collect();
    parts.join(" / ")
}

/// The first of some JSON values that is a non-blank string.
fn first_text<'v>(values: &[Option<&'v Value>]) -> Option<&'v str> {
    values.iter().flatten().filter_map(|v| v.as_str()).map(str::trim).find(|s| !s.is_empty())
}

/// `"1709300712.000200"` (or a number) → an instant.
fn parse_ts(ts: &Value) -> Option<DateTime<Utc>> {
    let text = match ts {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    let (secs, frac) = text.split_once('.').unwrap_or((&text, ""));
    let secs: i64 = secs.parse().ok()?;
    let frac: String = frac.chars().chain(std::iter::repeat('0')).take(9).collect();
    let nanos: u32 = frac.parse().ok()?;
    DateTime::from_timestamp(secs, nanos)
}

/// Slack's mrkdwn made readable: `<@U1>` → `@Priya`, `<#C1|ops>` → `#ops`,
/// `<!here>` → `@here`, `<url|label>` → `label (url)`, entities decoded.
fn readable(text: &str, names: &Names<'_>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('>') else {
            out.push_str(&rest[open..]);
            rest = "";
            break;
        };
        out.push_str(&token(&after[..close], names));
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

/// One `<…>` token of mrkdwn.
fn token(inner: &str, names: &Names<'_>) -> String {
    let (target, label) = match inner.split_once('|') {
        Some((t, l)) => (t, Some(l).filter(|l| !l.is_empty())),
        None => (inner, None),
    };
    if let Some(id) = target.strip_prefix('@') {
        let name = label.map(|l| l.trim_start_matches('@').to_string());
        return format!("@{}", name.or_else(|| names.users.get(id).cloned()).unwrap_or_else(|| id.to_string()));
    }
    if let Some(id) = target.strip_prefix('#') {
        let name = label.map(str::to_string).or_else(|| names.channels.get(id).cloned());
        return format!("#{}", name.unwrap_or_else(|| id.to_string()));
    }
    if let Some(special) = target.strip_prefix('!') {
        if let Some(l) = label {
            return l.to_string();
        }
        let word = special.split('^').next().unwrap_or(special);
        return match word {
            "subteam" => format!("@{}", special.split('^').nth(1).unwrap_or("group")),
            "date" => special.split('^').nth(1).unwrap_or("").to_string(),
            w => format!("@{w}"),
        };
    }
    let url = target;
    let plain = url.strip_prefix("mailto:").unwrap_or(url);
    match label {
        Some(l) if l == url || l == plain || url.trim_end_matches('/').ends_with(l) => l.to_string(),
        Some(l) => format!("{l} ({plain})"),
        None => plain.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> (HashMap<String, String>, BTreeMap<String, String>) {
        let users = HashMap::from([("U1".to_string(), "Priya".to_string())]);
        let channels = BTreeMap::from([("C1".to_string(), "ops".to_string())]);
        (users, channels)
    }

    #[test]
    fn mrkdwn_becomes_readable() {
        let (users, channels) = names();
        let n = Names { users: &users, channels: &channels };
        assert_eq!(
            readable("<@U1> see <#C1> and <#C2|db>, <!here> <!subteam^S9|@oncall>", &n),
            "@Priya see #ops and #db, @here @oncall"
        );
        assert_eq!(
            readable("<https://status.example.com/x|status page> &amp; <https://a.example/>", &n),
            "status page (https://status.example.com/x) & https://a.example/"
        );
        assert_eq!(readable("<mailto:ops@example.com|ops@example.com> &lt;b&gt;", &n), "ops@example.com <b>");
        assert_eq!(readable("a < b", &n), "a < b");
    }

    #[test]
    fn ts_keeps_microseconds() {
        let at = parse_ts(&Value::String("1709300712.000200".into())).unwrap();
        assert_eq!(at.timestamp(), 1_709_300_712);
        assert_eq!(at.timestamp_subsec_micros(), 200);
        assert!(parse_ts(&Value::String("soon".into())).is_none());
    }
}
