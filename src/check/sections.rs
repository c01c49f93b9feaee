//! `missing-section`, `empty-section`, `duplicate-section`: the H2 sections a
//! post-mortem or runbook must have, keyed through the config's aliases.
//!
//! A draft post-mortem may still be missing sections or have empty ones; both
//! are warnings until its status moves on.

use crate::config::{normalise_heading, SectionConfig};
use crate::content::body::Section;
use crate::content::{Document, Kind};
use crate::diagnostic::Diagnostic;

use super::Context;

pub(crate) fn check(cx: &Context, doc: &Document, out: &mut Vec<Diagnostic>) {
    if doc.data.is_none() {
        // Without readable front matter the body was not analysed.
        return;
    }
    let (sections, relax) = match doc.kind {
        Kind::Postmortem => (&cx.config.postmortem_sections, doc.postmortem().is_none_or(|p| p.is_draft())),
        Kind::Runbook => (&cx.config.runbook_sections, false),
        Kind::Contacts => return,
    };
    missing(doc, sections, relax, out);
    empty(doc, sections, relax, out);
    duplicate(doc, out);
}

fn first_with_key<'a>(doc: &'a Document, key: &str) -> Option<&'a Section> {
    doc.body.sections.iter().find(|s| s.key.as_deref() == Some(key))
}

fn missing(doc: &Document, config: &SectionConfig, relax: bool, out: &mut Vec<Diagnostic>) {
    let draft_note = if relax { " (a warning while the post-mortem is a draft)" } else { "" };
    for (i, key) in config.required.iter().enumerate() {
        if first_with_key(doc, key).is_some() {
            continue;
        }
        let name = config.display_name(key);
        // Place it after the nearest earlier required section that exists,
        // else before the nearest later one, else at the top of the body.
        let before = config.required[..i].iter().rev().find_map(|k| first_with_key(doc, k));
        let after = config.required[i + 1..].iter().find_map(|k| first_with_key(doc, k));
        let (line, hint) = match (before, after) {
            (Some(b), _) => (b.line, format!("add a `## {name}` section after `## {}`", b.title)),
            (None, Some(a)) => (doc.body_line, format!("add a `## {name}` section before `## {}`", a.title)),
            (None, None) => (doc.body_line, format!("add a `## {name}` section")),
        };
        let hint = match near_match(doc, config, key) {
            Some(near) => {
                let kind = if doc.kind == Kind::Runbook { "runbook" } else { "postmortem" };
                let marks = if near.level == 0 { "**".to_string() } else { "#".repeat(near.level.into()) + " " };
                let close = if near.level == 0 { "**" } else { "" };
                format!(
                    "`{marks}{title}{close}` on line {line} may be it: to read it as the {name} section, add to warroom.yaml \
                     `{kind}: {{ section_aliases: {{ {key}: [\"{title}\"] }} }}`; otherwise {hint}",
                    title = near.title.replace('"', "'"),
                    line = near.line,
                )
            }
            None => hint,
        };
        out.push(
            Diagnostic::new(
                "missing-section",
                &doc.file,
                line,
                format!("required section `{name}` is missing{draft_note}"),
            )
            .hint(hint)
            .relaxed(relax),
        );
    }
}

/// Whether section `inner` sits under the heading of section `outer`: it
/// comes later, with a deeper heading, and no heading of `outer`'s level or
/// higher comes between (`### What went well` under `## Lessons learned`).
fn nested_in(sections: &[Section], outer: usize, inner: usize) -> bool {
    let level = sections[outer].level;
    level > 0
        && inner > outer
        && sections[outer + 1..=inner].iter().all(|s| s.level > level || (s.level == 0 && s.key.is_some()))
}

/// Words too common in headings to tell sections apart.
const COMMON_WORDS: &[&str] = &[
    "the", "and", "of", "a", "an", "what", "how", "we", "our", "this", "incident", "it", "to", "for", "in", "on",
    "did", "was",
];

/// A heading of the document that names no section but nearly names `key`:
/// within a small edit distance of one of its headings, or sharing a
/// telling word with one (`## Chronology of the outage` for `Chronology`).
fn near_match<'d>(doc: &'d Document, config: &SectionConfig, key: &str) -> Option<&'d Section> {
    let aliases = config.aliases.get(key)?;
    let score = |title: &str| -> usize {
        let h = normalise_heading(title);
        if h.is_empty() {
            return 0;
        }
        let words: Vec<&str> = h.split(' ').filter(|w| w.len() > 3 && !COMMON_WORDS.contains(w)).collect();
        aliases
            .iter()
            .map(|a| {
                let distance = crate::diagnostic::edit_distance(&h, a);
                if distance <= 2.max(a.len() / 4) {
                    return 3;
                }
                let close = |w: &str| {
                    words
                        .iter()
                        .any(|h| crate::diagnostic::edit_distance(h, w) <= (w.len() / 6).max(usize::from(w.len() > 5)))
                };
                let shared =
                    a.split(' ').filter(|w| w.len() > 3 && !COMMON_WORDS.contains(w)).filter(|w| close(w)).count();
                shared.min(2)
            })
            .max()
            .unwrap_or(0)
    };
    doc.body
        .sections
        .iter()
        .filter(|s| s.key.is_none() && !s.title.is_empty())
        .map(|s| (score(&s.title), s))
        .filter(|(score, _)| *score > 0)
        .max_by_key(|(score, s)| (*score, std::cmp::Reverse(s.line)))
        .map(|(_, s)| s)
}

fn empty(doc: &Document, config: &SectionConfig, relax: bool, out: &mut Vec<Diagnostic>) {
    let sections = &doc.body.sections;
    for (i, s) in sections.iter().enumerate() {
        let Some(key) = s.key.as_deref() else {
            continue;
        };
        if s.has_content || !config.required.iter().any(|k| k == key) {
            continue;
        }
        // A heading whose content is in the sections under it.
        if (i + 1 < sections.len() && nested_in(sections, i, i + 1)) && sections[i + 1].has_content {
            continue;
        }
        out.push(
            Diagnostic::new("empty-section", &doc.file, s.line, format!("section `{}` is empty", s.title))
                .hint(format!(
                    "write the {} under `## {}`, or remove the heading if it does not apply",
                    what(key),
                    s.title
                ))
                .relaxed(relax),
        );
    }
}

/// What a section should hold, for the empty-section hint.
fn what(key: &str) -> &'static str {
    match key {
        "summary" => "summary: what happened and how it ended",
        "impact" => "impact: who was affected, how and for how long",
        "timeline" => "timeline: one `- HH:MM what happened` entry per event",
        "root-cause" => "root cause as a numbered list of whys",
        "resolution" => "resolution: what stopped the impact",
        "action-items" => "action items with an owner and a due date each",
        "lessons" => "lessons learned",
        "when" => "symptoms that call for this runbook",
        "steps" => "steps as a numbered list",
        "verification" => "checks that show the steps worked",
        "rollback" => "steps that undo the change",
        _ => "section's content",
    }
}

fn duplicate(doc: &Document, out: &mut Vec<Diagnostic>) {
    for (i, s) in doc.body.sections.iter().enumerate() {
        let Some(key) = s.key.as_deref() else {
            continue;
        };
        // Different headings of one key are parts of it, as the public
        // templates write them ("Overview" then "What happened", "Five whys"
        // then "Root cause", "What went well" then "What went wrong"); the
        // same heading twice is a duplicate.
        let earlier = doc.body.sections[..i].iter().enumerate().find(|(j, e)| {
            e.key.as_deref() == Some(key)
                && !nested_in(&doc.body.sections, *j, i)
                && normalise_heading(&e.title) == normalise_heading(&s.title)
        });
        let earlier = earlier.map(|(_, e)| e);
        if let Some(e) = earlier {
            let message = format!("section `{}` appears twice (first on line {})", s.title, e.line);
            out.push(
                Diagnostic::new("duplicate-section", &doc.file, s.line, message)
                    .hint(format!("merge it into `## {}` on line {}", e.title, e.line)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::testing::*;
    use crate::diagnostic::Level;

    const F: &str = "content/incidents/a.md";

    #[test]
    fn missing_section_fires_after_the_previous_heading() {
        let text = PM.replace("## Timeline\n", "## Happenings\n");
        let found = rule(&[(F, &text)], "missing-section");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].message, "required section `Timeline` is missing");
        assert_eq!(found[0].line, 16, "the `## Impact` heading");
        assert_eq!(found[0].hint.as_deref(), Some("add a `## Timeline` section after `## Impact`"));
        assert_eq!(found[0].level, Level::Error);
    }

    #[test]
    fn missing_section_names_a_near_match_and_the_alias_line() {
        let text = PM.replace("## Timeline\n", "## Timelime of the outage\n");
        let found = rule(&[(F, &text)], "missing-section");
        assert_eq!(found.len(), 1, "{found:?}");
        let hint = found[0].hint.as_deref().unwrap();
        assert!(hint.starts_with("`## Timelime of the outage` on line 20 may be it"), "{hint}");
        assert!(
            hint.contains("`postmortem: { section_aliases: { timeline: [\"Timelime of the outage\"] } }`"),
            "{hint}"
        );
        let text = PM.replace("## Timeline\n", "## Sequence of what broke\n");
        let hint = rule(&[(F, &text)], "missing-section")[0].hint.clone().unwrap();
        assert!(hint.starts_with("`## Sequence of what broke` on line 20 may be it"), "{hint}");
        let text = PM.replace("## Timeline\n", "## Happenings\n");
        let hint = rule(&[(F, &text)], "missing-section")[0].hint.clone().unwrap();
        assert!(!hint.contains("may be it"), "{hint}");
    }

    #[test]
    fn missing_first_section_points_at_the_body() {
        let text = PM.replace("## Summary\n", "## Intro\n");
        let found = rule(&[(F, &text)], "missing-section");
        assert_eq!(found[0].line, 12);
        assert_eq!(found[0].hint.as_deref(), Some("add a `## Summary` section before `## Impact`"));
    }

    #[test]
    fn missing_section_passes_with_aliases() {
        let text = PM.replace("## Summary", "## Executive summary").replace("## Root cause", "## Five whys");
        assert!(rule(&[(F, &text)], "missing-section").is_empty());
    }

    #[test]
    fn drafts_relax_missing_and_empty() {
        let text = PM.replace("status: final", "status: draft").replace("## Timeline\n", "## Happenings\n");
        let found = rule(&[(F, &text)], "missing-section");
        assert_eq!(found[0].level, Level::Warning);
        assert!(found[0].message.contains("draft"));
    }

    #[test]
    fn runbook_sections_are_required() {
        let text = RUNBOOK.replace("## Rollback\n\nDemote it again.\n", "");
        let found = rule(&[("content/runbooks/r.md", &text)], "missing-section");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].message, "required section `Rollback` is missing");
        assert!(rule(&[("content/runbooks/r.md", RUNBOOK)], "missing-section").is_empty());
    }

    #[test]
    fn empty_section_fires_at_the_heading() {
        let text = PM.replace("Writes failed for an hour.", "<!-- fill in -->");
        let found = rule(&[(F, &text)], "empty-section");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 16);
        assert_eq!(found[0].message, "section `Impact` is empty");
        assert!(rule(&[(F, PM)], "empty-section").is_empty());
    }

    #[test]
    fn optional_sections_may_be_empty() {
        let text = format!("{PM}\n## Appendix\n");
        assert!(rule(&[(F, &text)], "empty-section").is_empty());
    }

    #[test]
    fn duplicate_section_fires_for_the_second() {
        let text = format!("{PM}\n## Impact:\n\nMore.\n");
        let found = rule(&[(F, &text)], "duplicate-section");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].message, "section `Impact:` appears twice (first on line 16)");
        assert_eq!(found[0].level, Level::Warning);
    }

    #[test]
    fn other_headings_of_a_key_are_its_parts() {
        let text = format!("{PM}\n## What happened\n\nMore summary.\n\n## Contributing factors\n\nAlso.\n");
        assert!(rule(&[(F, &text)], "duplicate-section").is_empty());
    }

    #[test]
    fn lessons_may_come_in_parts() {
        let text = PM.replace("## Lessons learned", "## What went well\n\nFast alerts.\n\n## What went wrong");
        assert!(rule(&[(F, &text)], "duplicate-section").is_empty());
        assert!(rule(&[(F, PM)], "duplicate-section").is_empty());
    }

    #[test]
    fn unreadable_front_matter_reports_no_sections() {
        assert!(rule(&[(F, "---\ntitle: [x\n---\n")], "missing-section").is_empty());
    }
}
