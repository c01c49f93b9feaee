//! `timestamps-inconsistent`: started ≤ detected ≤ acknowledged ≤ mitigated
//! ≤ resolved, and timeline milestone labels that agree with the front matter.
//!
//! Only known timestamps are compared, each with the nearest earlier known
//! one, so one wrong value gives one finding.

use chrono::{DateTime, Utc};

use crate::content::postmortem::{Postmortem, Stamp};
use crate::content::timeline::Milestone;
use crate::content::Document;
use crate::diagnostic::Diagnostic;

pub(crate) fn check(doc: &Document, out: &mut Vec<Diagnostic>) {
    let Some(pm) = doc.postmortem() else { return };
    order(doc, pm, out);
    labels(doc, pm, out);
}

fn show(pm: &Postmortem, at: DateTime<Utc>) -> String {
    let (local, zone) = pm.timezone.format_local(at, "%Y-%m-%d %H:%M");
    format!("{local} {zone}")
}

fn source(stamp: &Stamp, m: Milestone) -> String {
    if stamp.from_timeline {
        format!("the timeline's `[{}]` entry", m.as_str())
    } else {
        format!("`{}:`", m.as_str())
    }
}

fn order(doc: &Document, pm: &Postmortem, out: &mut Vec<Diagnostic>) {
    let mut previous: Option<(Milestone, Stamp)> = None;
    for m in Milestone::ALL {
        let Some(stamp) = pm.stamps[m as usize] else {
            continue;
        };
        if let Some((pm_prev, prev)) = previous {
            if stamp.at < prev.at {
                out.push(
                    Diagnostic::new(
                        "timestamps-inconsistent",
                        &doc.file,
                        stamp.line,
                        format!(
                            "`{}` ({}) is before `{}` ({})",
                            m.as_str(),
                            show(pm, stamp.at),
                            pm_prev.as_str(),
                            show(pm, prev.at)
                        ),
                    )
                    .hint(format!(
                        "an incident is {} no earlier than it is {}; fix {} or {} (line {})",
                        m.as_str(),
                        pm_prev.as_str(),
                        source(&stamp, m),
                        source(&prev, pm_prev),
                        prev.line
                    )),
                );
            }
        }
        previous = Some((m, stamp));
    }
}

fn labels(doc: &Document, pm: &Postmortem, out: &mut Vec<Diagnostic>) {
    for entry in &pm.timeline {
        let Some(m) = entry.milestone else { continue };
        let Some(stamp) = pm.stamps[m as usize] else {
            continue;
        };
        if stamp.at == entry.at || stamp.line == entry.line {
            continue;
        }
        let (message, hint) = if stamp.from_timeline {
            (
                format!(
                    "the timeline marks `[{m}]` twice: {} here and {} on line {}",
                    show(pm, entry.at),
                    show(pm, stamp.at),
                    stamp.line,
                    m = m.as_str()
                ),
                format!("keep the `[{}]` label on one entry", m.as_str()),
            )
        } else {
            (
                format!(
                    "timeline entry `[{m}]` at {} disagrees with `{m}: {}` in the front matter (line {})",
                    show(pm, entry.at),
                    show(pm, stamp.at),
                    stamp.line,
                    m = m.as_str()
                ),
                format!("make the entry and `{}:` give the same time, or drop one of them", m.as_str()),
            )
        };
        out.push(Diagnostic::new("timestamps-inconsistent", &doc.file, entry.line, message).hint(hint));
    }
}

#[cfg(test)]
mod tests {
    use crate::check::testing::*;

    const F: &str = "content/incidents/a.md";

    #[test]
    fn out_of_order_front_matter_fires_at_the_later_stamp() {
        let text =
            PM.replace("detected: 2026-11-01 10:05", "detected: 2026-11-01 09:55").replace("10:05 [detected]", "10:05");
        let found = rule(&[(F, &text)], "timestamps-inconsistent");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].line, 8);
        assert_eq!(found[0].message, "`detected` (2026-11-01 09:55 UTC) is before `started` (2026-11-01 10:00 UTC)");
    }

    #[test]
    fn unknown_stamps_are_skipped() {
        let text = PM
            .replace("detected: 2026-11-01 10:05\nmitigated: 2026-11-01 10:30\n", "")
            .replace("10:05 [detected]", "10:05")
            .replace("10:30 [mitigated]", "10:30");
        assert!(rule(&[(F, &text)], "timestamps-inconsistent").is_empty());
        let text = text
            .replace("resolved: 2026-11-01 11:00", "resolved: 2026-11-01 09:00")
            .replace("11:00 [resolved]", "11:00");
        let found = rule(&[(F, &text)], "timestamps-inconsistent");
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("`resolved`"));
    }

    #[test]
    fn label_disagreeing_with_front_matter_fires_at_the_entry() {
        let text = PM.replace("10:30 [mitigated]", "10:40 [mitigated]");
        let found = rule(&[(F, &text)], "timestamps-inconsistent");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].line, 24);
        assert!(found[0].message.contains("disagrees with `mitigated: 2026-11-01 10:30 UTC`"), "{}", found[0].message);
    }

    #[test]
    fn labels_alone_supply_stamps() {
        let text = PM.replace(
            "started: 2026-11-01 10:00\ndetected: 2026-11-01 10:05\nmitigated: 2026-11-01 10:30\nresolved: 2026-11-01 11:00\n",
            "",
        );
        assert!(rule(&[(F, &text)], "timestamps-inconsistent").is_empty());
        assert!(rule(&[(F, PM)], "timestamps-inconsistent").is_empty());
    }

    #[test]
    fn acknowledged_sits_between_detected_and_mitigated() {
        let ok = PM.replace(
            "10:05 [detected] Alert fires.",
            "10:05 [detected] Alert fires.\n- 10:12 [acknowledged] Sam answers the page.",
        );
        assert!(rule(&[(F, &ok)], "timestamps-inconsistent").is_empty());
        let early =
            PM.replace("detected: 2026-11-01 10:05", "detected: 2026-11-01 10:05\nacknowledged: 2026-11-01 10:02");
        let found = rule(&[(F, &early)], "timestamps-inconsistent");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].message.starts_with("`acknowledged` (2026-11-01 10:02 UTC) is before `detected`"),
            "{}",
            found[0].message
        );
        let late =
            PM.replace("detected: 2026-11-01 10:05", "detected: 2026-11-01 10:05\nacknowledged: 2026-11-01 10:45");
        let found = rule(&[(F, &late)], "timestamps-inconsistent");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.starts_with("`mitigated`"), "{}", found[0].message);
    }

    #[test]
    fn a_label_used_twice_fires() {
        let text = PM
            .replace("11:00 [resolved] Writes recover.", "11:00 [resolved] Writes recover.\n- 11:10 [resolved] Again.");
        let text = text.replace("resolved: 2026-11-01 11:00\n", "");
        let found = rule(&[(F, &text)], "timestamps-inconsistent");
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("twice"));
    }
}
