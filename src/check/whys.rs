//! `too-few-whys`: the first ordered list of the root-cause section is the
//! chain of whys, and it must reach `postmortem.min_whys`.
//!
//! A missing or empty root-cause section is reported by the section rules, so
//! this rule stays quiet then rather than saying the same thing twice.

use crate::content::Document;
use crate::diagnostic::Diagnostic;

use super::Context;

/// Whether a why says something besides asking: a template's untouched
/// `1. Why? -` or `**Why?**` asks and answers nothing.
fn answers(text: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric()).any(|w| !w.is_empty() && !w.eq_ignore_ascii_case("why"))
}

pub(crate) fn check(cx: &Context, doc: &Document, out: &mut Vec<Diagnostic>) {
    let Some(pm) = doc.postmortem() else { return };
    let min = cx.config.min_whys;
    let answered = pm.whys.iter().filter(|w| answers(&w.text)).count();
    if answered >= min {
        return;
    }
    let Some(section) = doc.body.sections.iter().find(|s| s.key.as_deref() == Some("root-cause") && s.has_content)
    else {
        return;
    };
    let relax = pm.is_draft();
    let draft_note = if relax { " (a warning while the post-mortem is a draft)" } else { "" };
    let unanswered = pm.whys.iter().find(|w| !answers(&w.text));
    let diagnostic = match (pm.whys.first(), unanswered) {
        (Some(_), Some(empty)) => Diagnostic::new(
            "too-few-whys",
            &doc.file,
            empty.line,
            format!(
                "the whys chain has {answered} of the {min} whys required: `{}` asks why without an answer{draft_note}",
                super::shorten(&empty.text, 40)
            ),
        )
        .hint("write each why with its answer: `1. **Why did ...?** Because ...`"),
        (Some(first), None) => Diagnostic::new(
            "too-few-whys",
            &doc.file,
            first.line,
            format!("the whys chain has {} of the {min} whys required{draft_note}", pm.whys.len()),
        )
        .hint(format!(
            "keep asking why until you reach something the team can change: add {} more numbered item{}",
            min - pm.whys.len(),
            if min - pm.whys.len() == 1 { "" } else { "s" }
        )),
        (None, _) => Diagnostic::new(
            "too-few-whys",
            &doc.file,
            section.line,
            format!("section `{}` has no numbered list of whys ({min} required){draft_note}", section.title),
        )
        .hint(format!("write the whys as a numbered list: `1. **Why did ...?** Because ...`, {min} items or more")),
    };
    out.push(diagnostic.relaxed(relax));
}

#[cfg(test)]
mod tests {
    use crate::check::testing::*;
    use crate::config::Config;
    use crate::diagnostic::Level;

    const F: &str = "content/incidents/a.md";

    #[test]
    fn short_chain_fires_at_the_first_item() {
        let text = PM.replace("5. **Why did nobody notice?** No alert on archive lag.\n", "");
        let found = rule(&[(F, &text)], "too-few-whys");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 29);
        assert_eq!(found[0].message, "the whys chain has 4 of the 5 whys required");
        assert!(found[0].hint.as_deref().unwrap_or("").contains("add 1 more numbered item"));
        assert_eq!(found[0].level, Level::Error);
    }

    #[test]
    fn whys_that_only_ask_do_not_count() {
        let start = PM.find("1. **Why did writes").unwrap_or(0);
        let end = PM.find("## Resolution").unwrap_or(0);
        let chain = "1. Why? -\n2. Why? -\n3. **Why?**\n4. Why?\n5. Why? —\n\n";
        let text = format!("{}{chain}{}", &PM[..start], &PM[end..]);
        let found = rule(&[(F, &text)], "too-few-whys");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].line, 29);
        assert!(
            found[0].message.starts_with("the whys chain has 0 of the 5 whys required: `Why? -` asks"),
            "{}",
            found[0].message
        );
        // One answered why among them counts; the finding names the first that only asks.
        let text = text.replace("4. Why?\n", "4. Why? Because the disk was never resized.\n");
        let found = rule(&[(F, &text)], "too-few-whys");
        assert!(found[0].message.starts_with("the whys chain has 1 of the 5"), "{}", found[0].message);
    }

    #[test]
    fn five_whys_pass() {
        assert!(rule(&[(F, PM)], "too-few-whys").is_empty());
    }

    #[test]
    fn prose_without_a_list_says_so() {
        let start = PM.find("1. **Why did writes").unwrap_or(0);
        let end = PM.find("## Resolution").unwrap_or(0);
        let text = format!("{}The credentials expired.\n\n{}", &PM[..start], &PM[end..]);
        let found = rule(&[(F, &text)], "too-few-whys");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 27);
        assert!(found[0].message.contains("no numbered list"));
    }

    #[test]
    fn drafts_and_config_relax_it() {
        let text = PM
            .replace("status: final", "status: draft")
            .replace("5. **Why did nobody notice?** No alert on archive lag.\n", "");
        assert_eq!(rule(&[(F, &text)], "too-few-whys")[0].level, Level::Warning);
        let config = Config::parse("postmortem: { min_whys: 3 }\n", "warroom.yaml").expect("valid config");
        assert!(rule_with(&[(F, &text)], "too-few-whys", &config).is_empty());
    }

    #[test]
    fn empty_root_cause_is_left_to_empty_section() {
        let start = PM.find("1. **Why did writes").unwrap_or(0);
        let end = PM.find("## Resolution").unwrap_or(0);
        let text = format!("{}{}", &PM[..start], &PM[end..]);
        assert!(rule(&[(F, &text)], "too-few-whys").is_empty());
        assert_eq!(rule(&[(F, &text)], "empty-section").len(), 1);
    }
}
