//! `warroom.yaml` → [`Config`]: defaults for every key, unknown keys rejected.
//!
//! A config error names the key and its line and makes the command exit 2,
//! so a typo never silently falls back to a default.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use crate::diagnostic::{did_you_mean, Level, RULES};
use crate::time::Zone;
use crate::yaml::{self, Node, Value};

/// Paper size for print styles and PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    A4,
    Letter,
}

impl Paper {
    pub fn as_str(self) -> &'static str {
        match self {
            Paper::A4 => "A4",
            Paper::Letter => "Letter",
        }
    }
}

/// How a rule's level was set in `rules:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleSetting {
    Level(Level),
    Off,
}

mod incident;
mod sections;
pub use incident::{budget_text, parse_budget, IncidentConfig, Stage};
pub use sections::{normalise_heading, SectionConfig};

/// The site configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    pub base_url: String,
    pub timezone: Zone,
    pub theme: String,
    pub severities: Vec<String>,
    pub postmortem_sections: SectionConfig,
    pub min_whys: usize,
    pub final_within_days: i64,
    pub runbook_sections: SectionConfig,
    pub review_every: i64,
    pub verify_every: i64,
    pub blame_phrases: Vec<String>,
    pub rules: BTreeMap<String, RuleSetting>,
    pub include_incidents: bool,
    pub paper: Paper,
    pub unsafe_html: bool,
    /// `severity_aliases`: a team's word, lowercase → the configured severity.
    pub severity_aliases: BTreeMap<String, String>,
    /// `timezone_abbreviations`: zone abbreviations added to the built-in
    /// table, uppercase → the zone they stand for.
    pub timezone_abbreviations: BTreeMap<String, Zone>,
    /// `postmortem.action_item_columns`: an action-item column key (`owner`,
    /// `due`, …) → more header names for it, lowercase.
    pub action_item_columns: BTreeMap<String, Vec<String>>,
    /// `postmortem.id_format`: the id pattern of `warroom new incident`.
    pub id_format: String,
    /// `overrides:` settings for documents whose path matches, in order.
    pub overrides: Vec<Override>,
    /// `incident:` stages, response target and worksheet phone list (SPEC §10).
    pub incident: IncidentConfig,
}

/// One entry of `overrides:`: settings that win for the documents whose path
/// under the site root matches one of its globs (SPEC §9, "Older documents").
#[derive(Debug, Clone)]
pub struct Override {
    /// The globs as written, for messages.
    pub paths: Vec<String>,
    set: globset::GlobSet,
    pub rules: BTreeMap<String, RuleSetting>,
    pub required_sections: Option<Vec<String>>,
    pub min_whys: Option<usize>,
    pub final_within_days: Option<i64>,
}

/// The column keys `postmortem.action_item_columns` may name.
pub const ACTION_ITEM_COLUMNS: &[&str] = &["action", "owner", "due", "ticket", "status", "type"];

impl Default for Config {
    fn default() -> Config {
        Config {
            title: "Incident handbook".into(),
            base_url: String::new(),
            timezone: Zone::default(),
            theme: "default".into(),
            severities: ["SEV1", "SEV2", "SEV3", "SEV4"].map(String::from).to_vec(),
            postmortem_sections: SectionConfig::postmortem(),
            min_whys: 5,
            final_within_days: 14,
            runbook_sections: SectionConfig::runbook(),
            review_every: 90,
            verify_every: 90,
            blame_phrases: [
                "human error",
                "should have known",
                "careless",
                "whose fault",
                "should have been more careful",
            ]
            .map(String::from)
            .to_vec(),
            rules: BTreeMap::new(),
            include_incidents: false,
            paper: Paper::A4,
            unsafe_html: false,
            severity_aliases: BTreeMap::new(),
            timezone_abbreviations: BTreeMap::new(),
            action_item_columns: BTreeMap::new(),
            id_format: "INC-{year}-{seq:03}".into(),
            overrides: Vec::new(),
            incident: IncidentConfig::default(),
        }
    }
}

/// A problem in `warroom.yaml`.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// Reads `warroom.yaml` in `root`, or the defaults when it is absent.
    pub fn load(root: &Path) -> anyhow::Result<Config> {
        let path = root.join("warroom.yaml");
        match std::fs::read(&path) {
            Ok(bytes) => {
                let text =
                    String::from_utf8(bytes).map_err(|_| anyhow::anyhow!("`{}` is not valid UTF-8", path.display()))?;
                Ok(Config::parse(&text, "warroom.yaml")?)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(e) => Err(anyhow::anyhow!("cannot read `{}`: {e}", path.display())),
        }
    }

    /// Parses config text; `file` names it in errors. Does no I/O.
    pub fn parse(text: &str, file: &str) -> Result<Config, ConfigError> {
        let text = text.trim_start_matches('\u{feff}').replace("\r\n", "\n");
        let root = yaml::parse(&text).map_err(|e| ConfigError {
            file: file.into(),
            line: e.pos.line,
            message: format!("invalid YAML: {}", e.message),
        })?;
        let mut cfg = Config::default();
        let r = Reader { file };
        let entries = match &root.value {
            Value::Null => return Ok(cfg),
            Value::Map(entries) => entries,
            other => {
                return Err(r.err(&root, format!("the config must be a mapping of keys, not {}", other.type_name())))
            }
        };
        const TOP: &[&str] = &[
            "title",
            "base_url",
            "timezone",
            "theme",
            "severities",
            "postmortem",
            "runbook",
            "contacts",
            "blameless",
            "rules",
            "print",
            "markdown",
            "severity_aliases",
            "timezone_abbreviations",
            "overrides",
            "incident",
        ];
        for (key, node) in entries {
            match key.as_str() {
                "title" => cfg.title = r.text(node, key)?,
                "base_url" => cfg.base_url = r.text(node, key)?,
                "timezone" => {
                    let t = r.text(node, key)?;
                    cfg.timezone = Zone::parse(&t).ok_or_else(|| {
                        r.err(node, format!("`timezone: {t}` is not an IANA zone such as `Europe/Berlin` or an offset such as `+02:00`"))
                    })?;
                }
                "theme" => cfg.theme = r.slug_text(node, key)?,
                "severities" => {
                    cfg.severities = r.list(node, key)?;
                    if cfg.severities.is_empty() {
                        return Err(r.err(node, "`severities` must list at least one severity".into()));
                    }
                }
                "postmortem" => {
                    let required = node.get("required_sections").and_then(|n| r.list(n, "required_sections").ok());
                    for (k, v) in r.map(
                        node,
                        key,
                        &[
                            "required_sections",
                            "section_aliases",
                            "min_whys",
                            "final_within_days",
                            "action_item_columns",
                            "id_format",
                        ],
                    )? {
                        match k.as_str() {
                            "required_sections" => cfg.postmortem_sections.required = r.list(v, k)?,
                            "section_aliases" => r.aliases(v, &mut cfg.postmortem_sections, required.as_deref())?,
                            "min_whys" => cfg.min_whys = r.number(v, k)? as usize,
                            "action_item_columns" => {
                                for (col, names) in r.map(v, k, ACTION_ITEM_COLUMNS)? {
                                    let names =
                                        r.list(names, col)?.iter().map(|n| normalise_heading(n)).collect::<Vec<_>>();
                                    cfg.action_item_columns.entry(col.clone()).or_default().extend(names);
                                }
                            }
                            "id_format" => {
                                let f = r.text(v, k)?;
                                if !f.contains("{seq") {
                                    return Err(r.err(v, format!("`postmortem.id_format: {f}` has no `{{seq}}`; write it like `INC-{{year}}-{{seq:03}}`")));
                                }
                                cfg.id_format = f;
                            }
                            _ => cfg.final_within_days = r.number(v, k)?,
                        }
                    }
                    r.known_sections(node, &cfg.postmortem_sections)?;
                }
                "runbook" => {
                    let required = node.get("required_sections").and_then(|n| r.list(n, "required_sections").ok());
                    for (k, v) in r.map(node, key, &["review_every", "required_sections", "section_aliases"])? {
                        match k.as_str() {
                            "review_every" => cfg.review_every = r.number(v, k)?,
                            "required_sections" => cfg.runbook_sections.required = r.list(v, k)?,
                            _ => r.aliases(v, &mut cfg.runbook_sections, required.as_deref())?,
                        }
                    }
                    r.known_sections(node, &cfg.runbook_sections)?;
                }
                "contacts" => {
                    for (k, v) in r.map(node, key, &["verify_every"])? {
                        cfg.verify_every = r.number(v, k)?;
                    }
                }
                "blameless" => {
                    for (k, v) in r.map(node, key, &["phrases"])? {
                        cfg.blame_phrases = r.list(v, k)?.into_iter().map(|p| p.to_lowercase()).collect();
                    }
                }
                "rules" => cfg.rules.extend(r.rules(node, key)?),
                "incident" => r.incident(node, &mut cfg.incident)?,
                "overrides" => {
                    let Value::Seq(items) = &node.value else {
                        return Err(r.err(
                            node,
                            "`overrides` must be a list of `{ paths: [...], rules: {...}, postmortem: {...} }`".into(),
                        ));
                    };
                    for item in items {
                        cfg.overrides.push(r.override_entry(item)?);
                    }
                }
                "print" => {
                    for (k, v) in r.map(node, key, &["include_incidents", "paper"])? {
                        match k.as_str() {
                            "include_incidents" => cfg.include_incidents = r.boolean(v, k)?,
                            _ => {
                                cfg.paper = match r.text(v, k)?.to_ascii_lowercase().as_str() {
                                    "a4" => Paper::A4,
                                    "letter" => Paper::Letter,
                                    other => {
                                        return Err(r.err(v, format!("`print.paper: {other}` must be `A4` or `Letter`")))
                                    }
                                }
                            }
                        }
                    }
                }
                "markdown" => {
                    for (k, v) in r.map(node, key, &["unsafe_html"])? {
                        cfg.unsafe_html = r.boolean(v, k)?;
                    }
                }
                "severity_aliases" => {
                    let Value::Map(entries) = &node.value else {
                        return Err(r.err(
                            node,
                            "`severity_aliases` must map a word to a severity, such as `{ P1: SEV1 }`".into(),
                        ));
                    };
                    for (word, target) in entries {
                        let target_text = r.text(target, word)?;
                        cfg.severity_aliases.insert(word.trim().to_lowercase(), target_text);
                    }
                }
                "timezone_abbreviations" => {
                    let Value::Map(entries) = &node.value else {
                        return Err(r.err(node, "`timezone_abbreviations` must map an abbreviation to a zone, such as `{ AEST: \"+10:00\" }`".into()));
                    };
                    for (abbr, zone) in entries {
                        let t = r.text(zone, abbr)?;
                        let z = Zone::parse(&t).ok_or_else(|| {
                            r.err(zone, format!("`timezone_abbreviations.{abbr}: {t}` is not an IANA zone or an offset such as `+10:00`"))
                        })?;
                        cfg.timezone_abbreviations.insert(abbr.trim().to_uppercase(), z);
                    }
                }
                other => return Err(r.unknown(node, other, TOP, "")),
            }
        }
        for (word, target) in &cfg.severity_aliases {
            if !cfg.severities.contains(target) {
                let node = root.get("severity_aliases").and_then(|n| n.get(word)).unwrap_or(&root);
                return Err(r.err(
                    node,
                    format!(
                        "`severity_aliases` maps `{word}` to `{target}`, which is not one of the severities ({})",
                        cfg.severities.join(", ")
                    ),
                ));
            }
        }
        Ok(cfg)
    }

    /// The configured severity a written one stands for: itself, or what
    /// `severity_aliases` maps it to (any case); `None` when neither.
    pub fn severity(&self, written: &str) -> Option<&str> {
        let w = written.trim();
        if let Some(s) = self.severities.iter().find(|s| s.as_str() == w) {
            return Some(s);
        }
        if let Some(s) = self.severities.iter().find(|s| s.eq_ignore_ascii_case(w)) {
            return Some(s);
        }
        self.severity_aliases.get(&w.to_lowercase()).map(String::as_str)
    }

    /// This config as it applies to one file (a path from the site root such
    /// as `content/incidents/2019/a.md`): the `overrides:` entries whose
    /// globs match it applied in order, later ones winning.
    pub fn for_file(&self, file: &str) -> std::borrow::Cow<'_, Config> {
        let mut matching = self.overrides.iter().filter(|o| o.set.is_match(file)).peekable();
        if matching.peek().is_none() {
            return std::borrow::Cow::Borrowed(self);
        }
        let mut cfg = Config { overrides: Vec::new(), ..self.clone() };
        for o in matching {
            cfg.rules.extend(o.rules.iter().map(|(k, v)| (k.clone(), *v)));
            if let Some(r) = &o.required_sections {
                cfg.postmortem_sections.required = r.clone();
            }
            if let Some(n) = o.min_whys {
                cfg.min_whys = n;
            }
            if let Some(n) = o.final_within_days {
                cfg.final_within_days = n;
            }
        }
        std::borrow::Cow::Owned(cfg)
    }

    /// The level a rule reports at, after `rules:` in config; `None` when off.
    pub fn rule_level(&self, rule: &str, level: Level) -> Option<Level> {
        match self.rules.get(rule) {
            Some(RuleSetting::Off) => None,
            Some(RuleSetting::Level(l)) => Some(*l),
            None => Some(level),
        }
    }
}

struct Reader<'a> {
    file: &'a str,
}

impl Reader<'_> {
    fn err(&self, node: &Node, message: String) -> ConfigError {
        ConfigError { file: self.file.into(), line: node.pos.line, message }
    }

    fn unknown(&self, node: &Node, key: &str, known: &[&str], parent: &str) -> ConfigError {
        let full = if parent.is_empty() { key.to_string() } else { format!("{parent}.{key}") };
        let mut message = format!("unknown key `{full}`");
        if let Some(s) = did_you_mean(key, known.iter().copied()) {
            message.push_str(&format!("; did you mean `{s}`?"));
        } else {
            message.push_str(&format!("; known keys here: {}", known.join(", ")));
        }
        // The key sits on the line of its value or the line before it.
        ConfigError { file: self.file.into(), line: node.pos.line, message }
    }

    fn text(&self, node: &Node, key: &str) -> Result<String, ConfigError> {
        node.as_scalar_text()
            .ok_or_else(|| self.err(node, format!("`{key}` must be text, not {}", node.value.type_name())))
    }

    fn slug_text(&self, node: &Node, key: &str) -> Result<String, ConfigError> {
        let t = self.text(node, key)?;
        if t.is_empty() || t.contains(['/', '\\']) || t.starts_with('.') {
            return Err(self.err(node, format!("`{key}: {t}` must be a plain folder name")));
        }
        Ok(t)
    }

    fn number(&self, node: &Node, key: &str) -> Result<i64, ConfigError> {
        match &node.value {
            Value::Number(n) if n.fract() == 0.0 && *n >= 0.0 && *n < 1e9 => Ok(*n as i64),
            _ => Err(self.err(node, format!("`{key}` must be a whole number of zero or more"))),
        }
    }

    fn boolean(&self, node: &Node, key: &str) -> Result<bool, ConfigError> {
        match &node.value {
            Value::Bool(b) => Ok(*b),
            _ => Err(self.err(node, format!("`{key}` must be `true` or `false`"))),
        }
    }

    fn list(&self, node: &Node, key: &str) -> Result<Vec<String>, ConfigError> {
        match &node.value {
            Value::Seq(items) => items.iter().map(|i| self.text(i, key)).collect(),
            _ => Err(self.err(node, format!("`{key}` must be a list such as `[a, b]`"))),
        }
    }

    fn map<'n>(&self, node: &'n Node, key: &str, known: &[&str]) -> Result<Vec<(&'n String, &'n Node)>, ConfigError> {
        let Value::Map(entries) = &node.value else {
            if node.value == Value::Null {
                return Ok(Vec::new());
            }
            return Err(self.err(node, format!("`{key}` must be a mapping of keys")));
        };
        let mut out = Vec::new();
        for (k, v) in entries {
            if !known.contains(&k.as_str()) {
                return Err(self.unknown(v, k, known, key));
            }
            out.push((k, v));
        }
        Ok(out)
    }

    /// A `rules:` mapping of rule names to `error`, `warning` or `off`.
    fn rules(&self, node: &Node, key: &str) -> Result<BTreeMap<String, RuleSetting>, ConfigError> {
        let mut names: Vec<&str> = RULES.iter().map(|(n, _)| *n).collect();
        names.push("action-item-incomplete");
        let mut out = BTreeMap::new();
        for (k, v) in self.map(node, key, &names)? {
            let setting = match self.text(v, k)?.as_str() {
                "error" => RuleSetting::Level(Level::Error),
                "warning" | "warn" => RuleSetting::Level(Level::Warning),
                "off" | "false" => RuleSetting::Off,
                other => return Err(self.err(v, format!("`{key}.{k}: {other}` must be `error`, `warning` or `off`"))),
            };
            // The rule that became two (SPEC §9) still sets both.
            if k == "action-item-incomplete" {
                out.insert("action-item-no-owner".to_string(), setting);
                out.insert("action-item-no-due".to_string(), setting);
            } else {
                out.insert(k.clone(), setting);
            }
        }
        Ok(out)
    }

    /// One entry of `overrides:`.
    fn override_entry(&self, node: &Node) -> Result<Override, ConfigError> {
        let mut o = Override {
            paths: Vec::new(),
            set: globset::GlobSet::empty(),
            rules: BTreeMap::new(),
            required_sections: None,
            min_whys: None,
            final_within_days: None,
        };
        let mut builder = globset::GlobSetBuilder::new();
        for (k, v) in self.map(node, "overrides", &["paths", "rules", "postmortem"])? {
            match k.as_str() {
                "paths" => {
                    for glob in self.list(v, "paths")? {
                        let g = globset::GlobBuilder::new(&glob).literal_separator(true).build().map_err(|e| {
                            self.err(v, format!("`overrides.paths`: `{glob}` is not a glob: {}", e.kind()))
                        })?;
                        builder.add(g);
                        o.paths.push(glob);
                    }
                }
                "rules" => o.rules = self.rules(v, "overrides.rules")?,
                _ => {
                    for (pk, pv) in
                        self.map(v, "overrides.postmortem", &["required_sections", "min_whys", "final_within_days"])?
                    {
                        match pk.as_str() {
                            "required_sections" => {
                                let list = self.list(pv, pk)?;
                                let known = SectionConfig::postmortem();
                                if let Some(bad) = list.iter().find(|k| !known.aliases.contains_key(*k)) {
                                    let hint = did_you_mean(bad, known.aliases.keys().map(String::as_str))
                                        .map(|s| format!("; did you mean `{s}`?"))
                                        .unwrap_or_default();
                                    return Err(self.err(pv, format!("`overrides.postmortem.required_sections` names `{bad}`, which is no section key{hint}")));
                                }
                                o.required_sections = Some(list);
                            }
                            "min_whys" => o.min_whys = Some(self.number(pv, pk)? as usize),
                            _ => o.final_within_days = Some(self.number(pv, pk)?),
                        }
                    }
                }
            }
        }
        if o.paths.is_empty() {
            return Err(
                self.err(node, "an `overrides` entry needs `paths:`, globs such as `content/incidents/2019/**`".into())
            );
        }
        o.set = builder.build().map_err(|e| self.err(node, format!("`overrides.paths`: {e}")))?;
        Ok(o)
    }

    /// `section_aliases`: more headings for known keys. A key that is not
    /// known is allowed only when `required_sections` (read first, from
    /// `required`) names it. A built-in heading listed under another key
    /// moves to it; one heading listed under two keys is an error, since a
    /// heading can open only one section.
    fn aliases(
        &self,
        node: &Node,
        sections: &mut SectionConfig,
        required: Option<&[String]>,
    ) -> Result<(), ConfigError> {
        let Value::Map(entries) = &node.value else {
            return Err(self.err(node, "`section_aliases` must map a section key to a list of headings".into()));
        };
        let mut given: Vec<(String, String)> = Vec::new();
        for (k, v) in entries {
            let new_key = !sections.aliases.contains_key(k);
            if new_key && !required.is_some_and(|r| r.contains(k)) {
                let known: Vec<&str> = sections.aliases.keys().map(String::as_str).collect();
                let mut message = format!("`section_aliases` names `{k}`, which is no section key");
                match did_you_mean(k, known.iter().copied()) {
                    Some(s) => message.push_str(&format!("; did you mean `{s}`?")),
                    None => message.push_str(&format!(
                        " (known: {}; a new key must also be listed in `required_sections`)",
                        known.join(", ")
                    )),
                }
                return Err(self.err(v, message));
            }
            let extra = self.list(v, k)?;
            for heading in &extra {
                let normal = normalise_heading(heading);
                if let Some((_, other)) = given.iter().find(|(h, key)| *h == normal && key != k) {
                    return Err(self.err(
                        v,
                        format!("`section_aliases.{k}` lists `{heading}`, which `section_aliases.{other}` lists too; a heading can name only one section"),
                    ));
                }
                given.push((normal.clone(), k.clone()));
                // A built-in heading given to another key moves there: Etsy
                // Morgue's "Remediation" is its list of tickets, not the fix.
                sections.remove_alias(&normal);
            }
            sections.add_aliases(k, &extra);
        }
        Ok(())
    }

    fn known_sections(&self, node: &Node, sections: &SectionConfig) -> Result<(), ConfigError> {
        for key in &sections.required {
            if !sections.aliases.contains_key(key) {
                let known: Vec<&str> = sections.aliases.keys().map(String::as_str).collect();
                let mut message = format!("`required_sections` names `{key}`, which is no section key");
                if let Some(s) = did_you_mean(key, known.iter().copied()) {
                    message.push_str(&format!("; did you mean `{s}`?"));
                } else {
                    message.push_str(&format!(" (known: {}; add new ones under `section_aliases`)", known.join(", ")));
                }
                return Err(self.err(node, message));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_when_empty() {
        let c = Config::parse("", "warroom.yaml").unwrap();
        assert_eq!(c.min_whys, 5);
        assert_eq!(c.severities.len(), 4);
        assert_eq!(c.postmortem_sections.key_for("Five Whys"), Some("root-cause"));
    }

    #[test]
    fn full_example_parses() {
        let text = "title: Example\ntimezone: Europe/Berlin\nseverities: [P1, P2]\npostmortem:\n  min_whys: 3\n  section_aliases: { root-cause: [\"Why did it happen\"] }\nrunbook: { review_every: 30 }\nrules: { blame-language: error, runbook-stale: off }\nprint: { include_incidents: true, paper: Letter }\nmarkdown: { unsafe_html: true }\n";
        let c = Config::parse(text, "warroom.yaml").unwrap();
        assert_eq!(c.min_whys, 3);
        assert_eq!(c.paper, Paper::Letter);
        assert_eq!(c.postmortem_sections.key_for("Why did it happen"), Some("root-cause"));
        assert_eq!(c.rule_level("runbook-stale", Level::Warning), None);
        assert_eq!(c.rule_level("blame-language", Level::Warning), Some(Level::Error));
    }

    #[test]
    fn unknown_key_names_line_and_suggests() {
        let e = Config::parse("title: x\nseverites: [a]\n", "warroom.yaml").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("did you mean `severities`"), "{}", e.message);
        let e = Config::parse("postmortem:\n  min_why: 3\n", "warroom.yaml").unwrap_err();
        assert!(e.message.contains("postmortem.min_why"), "{}", e.message);
        let e = Config::parse("rules:\n  blame-languag: off\n", "warroom.yaml").unwrap_err();
        assert!(e.message.contains("blame-language"), "{}", e.message);
    }

    #[test]
    fn bad_values_are_errors() {
        assert!(Config::parse("timezone: Mars/Base\n", "w").is_err());
        assert!(Config::parse("postmortem: { min_whys: many }\n", "w").is_err());
        assert!(Config::parse("print: { paper: A3 }\n", "w").is_err());
        assert!(Config::parse("rules: { broken-link: loud }\n", "w").is_err());
        assert!(Config::parse("postmortem: { required_sections: [sumary] }\n", "w").is_err());
    }

    #[test]
    fn overrides_win_for_matching_paths() {
        let text = "rules: { blame-language: error }\noverrides:\n  - paths: [\"content/incidents/2019/**\"]\n    rules: { action-item-incomplete: off }\n    postmortem: { min_whys: 0, required_sections: [summary, timeline] }\n  - { paths: [\"content/incidents/2019/b.md\"], postmortem: { min_whys: 2 } }\n";
        let c = Config::parse(text, "warroom.yaml").unwrap();
        let old = c.for_file("content/incidents/2019/a.md");
        assert_eq!(old.min_whys, 0);
        assert_eq!(old.rule_level("action-item-no-due", Level::Error), None);
        assert_eq!(old.rule_level("blame-language", Level::Warning), Some(Level::Error));
        assert_eq!(old.postmortem_sections.required, vec!["summary", "timeline"]);
        assert_eq!(c.for_file("content/incidents/2019/b.md").min_whys, 2, "later entries win");
        let new = c.for_file("content/incidents/2024/a.md");
        assert!(matches!(new, std::borrow::Cow::Borrowed(_)));
        assert_eq!(new.min_whys, 5);
        assert!(c.for_file("content/incidents/2019/deeper/x.md").min_whys == 0);
        let e = Config::parse("overrides:\n  - { paths: [\"a/**\"], postmortem: { min_why: 1 } }\n", "w").unwrap_err();
        assert!(e.message.contains("min_whys"), "{}", e.message);
        let e = Config::parse("overrides:\n  - { rules: { broken-link: off } }\n", "w").unwrap_err();
        assert!(e.message.contains("needs `paths:`"), "{}", e.message);
    }

    #[test]
    fn section_aliases_are_checked() {
        let e = Config::parse("postmortem:\n  section_aliases: { root-cuase: [Why] }\n", "w").unwrap_err();
        assert!(e.message.contains("did you mean `root-cause`"), "{}", e.message);
        assert_eq!(e.line, 2);
        let e = Config::parse("postmortem:\n  section_aliases: { impact: [Scope], summary: [\"scope:\"] }\n", "w")
            .unwrap_err();
        assert!(e.message.contains("which `section_aliases.impact` lists too"), "{}", e.message);
        let c = Config::parse("postmortem:\n  section_aliases: { action-items: [Remediation] }\n", "w").unwrap();
        assert_eq!(c.postmortem_sections.key_for("Remediation"), Some("action-items"));
        let c = Config::parse(
            "postmortem:\n  required_sections: [summary, detection]\n  section_aliases: { detection: [How we noticed] }\n",
            "w",
        )
        .unwrap();
        assert_eq!(c.postmortem_sections.key_for("How we noticed?"), Some("detection"));
        assert_eq!(c.postmortem_sections.display_name("detection"), "How we noticed");
        assert!(Config::parse("title: [unclosed\n", "w").is_err());
    }
}
