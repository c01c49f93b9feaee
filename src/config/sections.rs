//! Section keys and the headings that name them (SPEC §2, §3, §9).
//!
//! Headings are compared after [`normalise_heading`], so `## 3. Root
//! Cause(s):`, `### 🔥 Root causes` and `**Root cause:**` all name
//! `root-cause`. The built-in aliases cover the headings of the public
//! post-mortem templates teams already use (Google SRE book, PagerDuty,
//! Atlassian, GitLab incident review, Azure PIR, Etsy Morgue,
//! dastergon/Kehoe), so their documents need no config.

use std::collections::BTreeMap;

/// Which sections a kind requires and the headings that name each section.
#[derive(Debug, Clone, PartialEq)]
pub struct SectionConfig {
    /// Section keys that must be present, in the order they are reported.
    pub required: Vec<String>,
    /// Every known section key with its aliases, normalised.
    pub aliases: BTreeMap<String, Vec<String>>,
    /// The heading shown for each key in messages (`Root cause`).
    names: BTreeMap<String, String>,
}

impl SectionConfig {
    fn new(required: &[&str], list: &[(&str, &[&str])]) -> SectionConfig {
        SectionConfig {
            required: required.iter().map(|s| s.to_string()).collect(),
            aliases: list
                .iter()
                .map(|(k, a)| (k.to_string(), a.iter().map(|s| normalise_heading(s)).collect()))
                .collect(),
            names: list
                .iter()
                .map(|(k, a)| (k.to_string(), a.first().map_or(k.to_string(), |s| s.to_string())))
                .collect(),
        }
    }

    /// A post-mortem's sections with the built-in aliases.
    pub fn postmortem() -> SectionConfig {
        SectionConfig::new(
            &["summary", "impact", "timeline", "root-cause", "resolution", "action-items", "lessons"],
            POSTMORTEM_ALIASES,
        )
    }

    /// A runbook's sections with the built-in aliases.
    pub fn runbook() -> SectionConfig {
        SectionConfig::new(&["when", "steps", "verification", "rollback"], RUNBOOK_ALIASES)
    }

    /// The key of the section a heading names, if any.
    pub fn key_for(&self, heading: &str) -> Option<&str> {
        let h = normalise_heading(heading);
        if h.is_empty() {
            return None;
        }
        self.aliases.iter().find(|(key, aliases)| h == **key || aliases.contains(&h)).map(|(k, _)| k.as_str())
    }

    /// The heading shown for a key in messages ("add a `## Timeline` section").
    pub fn display_name(&self, key: &str) -> String {
        self.names.get(key).cloned().unwrap_or_else(|| key.to_string())
    }

    /// Takes a normalised heading away from whichever key has it.
    pub fn remove_alias(&mut self, alias: &str) {
        for aliases in self.aliases.values_mut() {
            aliases.retain(|a| a != alias);
        }
    }

    /// Adds headings to a key (a new key is shown by its first heading).
    pub fn add_aliases(&mut self, key: &str, headings: &[String]) {
        if !self.names.contains_key(key) {
            self.names.insert(key.to_string(), headings.first().cloned().unwrap_or_else(|| key.to_string()));
        }
        self.aliases.entry(key.to_string()).or_default().extend(headings.iter().map(|h| normalise_heading(h)));
    }
}

/// Post-mortem section keys and their headings; the first is the name shown.
const POSTMORTEM_ALIASES: &[(&str, &[&str])] = &[
    (
        "summary",
        &[
            "Summary",
            "Executive summary",
            "Overview",
            "Incident summary",
            "Incident overview",
            "What happened",
            "Description",
            "Incident description",
            "Issue summary",
            "Synopsis",
            "TL;DR",
            "TLDR",
            "Abstract",
            "Background",
            "Postmortem summary",
            "Post-mortem summary",
            "Post-incident summary",
            "Outage description",
        ],
    ),
    (
        "impact",
        &[
            "Impact",
            "Customer impact",
            "User impact",
            "Business impact",
            "Impact assessment",
            "Impact summary",
            "Scope of impact",
            "Scope",
            "Who was affected",
            "Affected customers",
            "Affected services",
            "Customer experience",
            "Severity and impact",
            "Impact and severity",
            "Incident impact",
            "Summary of impact",
            "Impact and metrics",
            "Affected users",
        ],
    ),
    (
        "timeline",
        &[
            "Timeline",
            "Incident timeline",
            "Timeline of events",
            "Detailed timeline",
            "Sequence of events",
            "Chronology",
            "Chronology of events",
            "Event timeline",
            "Events",
            "Timeline and response",
            "How did we respond",
            "How we responded",
            "Response timeline",
            "Chain of events",
        ],
    ),
    (
        "root-cause",
        &[
            "Root cause",
            "Root causes",
            "Root cause analysis",
            "RCA",
            "Five whys",
            "5 whys",
            "The five whys",
            "Why it happened",
            "Why did it happen",
            "What went wrong and why",
            "What were the root causes",
            "What was the root cause",
            "What caused the incident",
            "What caused the outage",
            "What caused it",
            "Why did this happen",
            "Cause",
            "Causes",
            "Contributing factors",
            "Root causes and contributing factors",
            "Root cause and contributing factors",
            "Causes and contributing factors",
            "Root cause and trigger",
            "Root cause and mitigation",
            "Contributing conditions",
            "Contributing conditions analysis",
            "Analysis",
            "Incident analysis",
            "Technical analysis",
            "Investigation",
            "Problem analysis",
        ],
    ),
    (
        "resolution",
        &[
            "Resolution",
            "Resolution and recovery",
            "Remediation",
            "Recovery",
            "Mitigation",
            "Mitigation and resolution",
            "Resolution and mitigation",
            "Mitigation and recovery",
            "How it was resolved",
            "How was it resolved",
            "How was the incident resolved",
            "How we fixed it",
            "Fix",
            "Recovery steps",
            "Response and recovery",
            "Detection and recovery",
        ],
    ),
    (
        "action-items",
        &[
            "Action items",
            "Corrective actions",
            "Corrective and preventative actions",
            "Corrective and preventive actions",
            "Preventive actions",
            "Preventative actions",
            "Follow-ups",
            "Follow-up actions",
            "Follow-up items",
            "Follow-up tasks",
            "Followups",
            "Follow up",
            "Next steps",
            "Action plan",
            "Remediation items",
            "Remediations",
            "Repair items",
            "Tasks",
            "Action items and follow-ups",
            "Action items and followups",
            "Follow-up action items",
            "Prevention",
            "How are we making incidents like this less likely or less impactful",
            "What are we doing to prevent this",
            "What we are doing about it",
            "What we're doing about it",
            "Improvements",
            "Corrective and preventative measures",
            "Corrective and preventive measures",
            "Preventative measures",
            "Preventive measures",
            "Corrective measures",
            "Recommendations",
        ],
    ),
    (
        "lessons",
        &[
            "Lessons learned",
            "Lessons",
            "Lessons learnt",
            "Learnings",
            "Key learnings",
            "Takeaways",
            "Key takeaways",
            "What we learned",
            "What went well",
            "What went wrong",
            "Where we got lucky",
            "What didn't go so well",
            "What did not go well",
            "What went poorly",
            "What went badly",
            "What didn't go well",
            "Where did we get lucky",
            "What could have gone better",
            "What could be improved",
            "What can be improved",
            "Things that went well",
            "Things that went wrong",
            "Things that could have gone better",
            "Where we were lucky",
            "Retrospective",
            "Reflections",
        ],
    ),
];

/// Runbook section keys and their headings.
const RUNBOOK_ALIASES: &[(&str, &[&str])] = &[
    ("when", &["When to use", "Symptoms", "Trigger", "When to use this runbook", "Triggers", "Alerts", "Overview"]),
    ("steps", &["Steps", "Procedure", "Instructions", "How to", "Process", "Resolution steps", "Remediation steps"]),
    ("verification", &["Verification", "Verify", "Validation", "How to verify", "Check", "Checks"]),
    ("rollback", &["Rollback", "Back out", "Roll back", "Backout", "Undo", "Revert", "Rollback plan"]),
    ("escalation", &["Escalation", "Contacts", "Escalation path", "Who to call", "Escalations"]),
];

/// A heading as compared with aliases: lowercase, without surrounding space,
/// a leading number (`1.`, `2)`, `IV.`), emoji and symbols, a trailing
/// parenthesis (`(all times UTC)`), a trailing `(s)` or `:` `?` `.`; `&`
/// reads as `and`, `-` and `_` as spaces, curly quotes as straight ones.
pub fn normalise_heading(h: &str) -> String {
    let mut t = h.trim();
    // A trailing parenthesis is ignored for matching (its zone is read by the timeline).
    loop {
        let before = t;
        t = t.trim_end_matches([':', '?', '.', '!', ' ', '\t', '*']);
        if let Some(stripped) = t.strip_suffix(')') {
            if let Some(open) = stripped.rfind('(') {
                let inner = &stripped[open + 1..];
                // `(s)` is a plural; any other parenthesis is a note.
                t = if inner.eq_ignore_ascii_case("s") { &stripped[..open] } else { stripped[..open].trim_end() };
            }
        }
        if t == before {
            break;
        }
    }
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    for c in t.chars() {
        let c = match c {
            '’' | '‘' | '`' => '\'',
            '-' | '_' | '/' => ' ',
            c => c,
        };
        if c.is_alphanumeric() || c == '\'' || c == ';' {
            word.extend(c.to_lowercase());
        } else if c == '&' || c == '+' {
            push_word(&mut words, &mut word);
            words.push("and".into());
        } else {
            push_word(&mut words, &mut word);
        }
    }
    push_word(&mut words, &mut word);
    // A leading number: `1.`, `2)`, `IV.`, `3 -`; `5 whys` keeps its number.
    let raw = h.trim_start().trim_start_matches(|c: char| !c.is_alphanumeric());
    let token_end = raw.find(|c: char| !c.is_alphanumeric()).unwrap_or(raw.len());
    let (token, after) = (&raw[..token_end], raw[token_end..].trim_start());
    let digits = !token.is_empty() && token.chars().all(|c| c.is_ascii_digit());
    let roman = !token.is_empty() && token.len() <= 4 && token.chars().all(|c| "ivxIVX".contains(c));
    let marked = after.starts_with(['.', ')']) || (digits && after.starts_with([':', '-', '–', '—']));
    if words.len() > 1 && (digits || roman) && marked {
        words.remove(0);
    }
    words.join(" ")
}

fn push_word(words: &mut Vec<String>, word: &mut String) {
    let w = word.trim_matches(['\'', ';']);
    if !w.is_empty() {
        words.push(w.to_string());
    }
    word.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The README's table of built-in headings lists exactly these, so a
    /// heading added here cannot go undocumented.
    #[test]
    fn readme_lists_every_built_in_heading() {
        let readme = include_str!("../../README.md");
        for (key, aliases) in POSTMORTEM_ALIASES {
            let row = format!("| {key} | {} |", aliases.join(", "));
            assert!(readme.lines().any(|l| l == row), "README.md should have the row\n{row}");
        }
    }

    #[test]
    fn headings_normalise_as_the_spec_says() {
        for (heading, normal) in [
            ("Root cause", "root cause"),
            ("  ROOT CAUSE:  ", "root cause"),
            ("Root Cause(s)", "root cause"),
            ("3. Root causes", "root causes"),
            ("2) Impact", "impact"),
            ("IV. Lessons learned", "lessons learned"),
            ("🔥 Timeline", "timeline"),
            ("Timeline (all times UTC)", "timeline"),
            ("What happened?", "what happened"),
            ("Lessons Learned.", "lessons learned"),
            ("Detection & Recovery", "detection and recovery"),
            ("Follow-ups", "follow ups"),
            ("5 Whys", "5 whys"),
            ("What didn’t go so well?", "what didn't go so well"),
            ("TL;DR", "tl;dr"),
            ("**Impact**", "impact"),
            ("", ""),
            ("1.", "1"),
        ] {
            assert_eq!(normalise_heading(heading), normal, "{heading:?}");
        }
    }

    #[test]
    fn built_in_aliases_name_their_keys() {
        let pm = SectionConfig::postmortem();
        for (heading, key) in [
            ("What went wrong and why?", Some("root-cause")),
            ("How did we respond?", Some("timeline")),
            ("Root Causes", Some("root-cause")),
            ("Action Items", Some("action-items")),
            ("5. Follow-up actions", Some("action-items")),
            ("Timeline (all times UTC)", Some("timeline")),
            ("Where we got lucky", Some("lessons")),
            // dastergon's collection and GitLab's RCA issue template.
            ("Timeline(all times in Pacific Time)", Some("timeline")),
            ("Corrective and Preventative Measures", Some("action-items")),
            ("Summary of impact", Some("impact")),
            ("Root cause and mitigation", Some("root-cause")),
            ("Contributing Conditions Analysis", Some("root-cause")),
            ("Recommendations", Some("action-items")),
            ("Chain of Events", Some("timeline")),
            ("Impact & Metrics", Some("impact")),
            ("What can be improved", Some("lessons")),
            ("Summary of the week", None),
        ] {
            assert_eq!(pm.key_for(heading), key, "{heading:?}");
        }
        assert_eq!(pm.display_name("root-cause"), "Root cause");
        let mut seen = BTreeMap::new();
        for (key, aliases) in &pm.aliases {
            for a in aliases {
                assert!(seen.insert(a.clone(), key.clone()).is_none(), "`{a}` names two keys");
            }
        }
    }
}
