//! `incident:` in `warroom.yaml` (SPEC §10): the stages of a response with
//! their time budgets, the response target that time to acknowledge is
//! measured against, and the phone list printed on the incident log sheet.

use crate::yaml::{Node, Value};

use super::{ConfigError, Reader};

/// One stage of a response, as the worksheet prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stage {
    pub name: String,
    /// Seconds the stage may take; `None` for a decision point such as
    /// whether to roll back, which has no budget of its own.
    pub budget: Option<i64>,
}

/// The `incident:` settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncidentConfig {
    pub stages: Vec<Stage>,
    /// `response_target`: seconds from detected to acknowledged that count as
    /// a response in time (default 15 minutes, the guaranteed first response).
    pub response_target: i64,
    /// `worksheet_contacts`: the id (or content path) of the phone list on
    /// the worksheet; `None` takes the first list by path.
    pub worksheet_contacts: Option<String>,
}

impl Default for IncidentConfig {
    fn default() -> IncidentConfig {
        let stage = |name: &str, minutes: Option<i64>| Stage { name: name.into(), budget: minutes.map(|m| m * 60) };
        IncidentConfig {
            stages: vec![
                stage("Respond", Some(15)),
                stage("Diagnose", Some(30)),
                stage("Mitigate", Some(60)),
                stage("Verify", Some(15)),
                stage("Roll back or keep (decide)", None),
            ],
            response_target: 15 * 60,
            worksheet_contacts: None,
        }
    }
}

/// A budget such as `15m`, `1h`, `90s` or `1h30m` in seconds; `None` when it
/// is not one.
pub fn parse_budget(text: &str) -> Option<i64> {
    let t = text.trim().to_ascii_lowercase();
    if t.is_empty() {
        return None;
    }
    let (mut total, mut digits) = (0i64, String::new());
    for c in t.chars().filter(|c| !c.is_whitespace()) {
        match c {
            '0'..='9' => digits.push(c),
            'h' | 'm' | 's' if !digits.is_empty() => {
                let n: i64 = digits.parse().ok().filter(|n| *n < 1_000_000)?;
                total += n * match c {
                    'h' => 3600,
                    'm' => 60,
                    _ => 1,
                };
                digits.clear();
            }
            _ => return None,
        }
    }
    digits.is_empty().then_some(total)
}

/// A budget as the worksheet prints it: `15m`, `1h`, `1h 30m`, `90s`.
pub fn budget_text(seconds: i64) -> String {
    let (h, m, s) = (seconds / 3600, (seconds % 3600) / 60, seconds % 60);
    let mut parts = Vec::new();
    if h > 0 {
        parts.push(format!("{h}h"));
    }
    if m > 0 {
        parts.push(format!("{m}m"));
    }
    if s > 0 || parts.is_empty() {
        parts.push(format!("{s}s"));
    }
    parts.join(" ")
}

impl Reader<'_> {
    /// The `incident:` mapping.
    pub(super) fn incident(&self, node: &Node, into: &mut IncidentConfig) -> Result<(), ConfigError> {
        for (k, v) in self.map(node, "incident", &["stages", "response_target", "worksheet_contacts"])? {
            match k.as_str() {
                "stages" => into.stages = self.stages(v)?,
                "response_target" => {
                    into.response_target = self.budget(v, "incident.response_target")?;
                }
                _ => into.worksheet_contacts = Some(self.text(v, "incident.worksheet_contacts")?),
            }
        }
        Ok(())
    }

    fn budget(&self, node: &Node, key: &str) -> Result<i64, ConfigError> {
        let text = self.text(node, key)?;
        parse_budget(&text).filter(|s| *s > 0).ok_or_else(|| {
            self.err(node, format!("`{key}: {text}` is not a time budget; write it like `15m`, `1h`, `90s` or `1h30m`"))
        })
    }

    fn stages(&self, node: &Node) -> Result<Vec<Stage>, ConfigError> {
        let Value::Seq(items) = &node.value else {
            return Err(
                self.err(node, "`incident.stages` must be a list such as `[{ name: Respond, budget: 15m }]`".into())
            );
        };
        let mut stages = Vec::new();
        for item in items {
            let (mut name, mut budget) = (None, None);
            for (k, v) in self.map(item, "incident.stages", &["name", "budget"])? {
                match k.as_str() {
                    "name" => name = Some(self.text(v, "incident.stages.name")?),
                    _ => budget = Some(self.budget(v, "incident.stages.budget")?),
                }
            }
            let name = name.filter(|n| !n.trim().is_empty()).ok_or_else(|| {
                self.err(
                    item,
                    "every entry of `incident.stages` needs a `name:`, such as `{ name: Respond, budget: 15m }`".into(),
                )
            })?;
            stages.push(Stage { name, budget });
        }
        Ok(stages)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn budgets_parse_in_hours_minutes_and_seconds() {
        assert_eq!(parse_budget("15m"), Some(900));
        assert_eq!(parse_budget("1h"), Some(3600));
        assert_eq!(parse_budget("90s"), Some(90));
        assert_eq!(parse_budget("1h30m"), Some(5400));
        assert_eq!(parse_budget(" 1H 30M "), Some(5400));
        for bad in ["", "15", "m", "15 minutes", "-5m", "1.5h"] {
            assert_eq!(parse_budget(bad), None, "{bad:?}");
        }
        assert_eq!(budget_text(900), "15m");
        assert_eq!(budget_text(5400), "1h 30m");
        assert_eq!(budget_text(90), "1m 30s");
        assert_eq!(budget_text(3600), "1h");
    }

    #[test]
    fn defaults_follow_the_spec() {
        let c = Config::parse("", "warroom.yaml").unwrap();
        assert_eq!(c.incident.response_target, 900);
        assert_eq!(c.incident.stages[0], Stage { name: "Respond".into(), budget: Some(900) });
        assert_eq!(c.incident.stages.len(), 5);
        assert_eq!(c.incident.worksheet_contacts, None);
    }

    #[test]
    fn incident_keys_are_read() {
        let text = "incident:\n  stages: [{ name: Respond, budget: 10m }, { name: Fix, budget: 1h30m }, { name: Decide }]\n  response_target: 5m\n  worksheet_contacts: oncall-escalation\n";
        let c = Config::parse(text, "warroom.yaml").unwrap();
        assert_eq!(
            c.incident.stages,
            vec![
                Stage { name: "Respond".into(), budget: Some(600) },
                Stage { name: "Fix".into(), budget: Some(5400) },
                Stage { name: "Decide".into(), budget: None },
            ]
        );
        assert_eq!(c.incident.response_target, 300);
        assert_eq!(c.incident.worksheet_contacts.as_deref(), Some("oncall-escalation"));
    }

    #[test]
    fn bad_incident_values_name_the_key_and_line() {
        let e = Config::parse("title: x\nincident:\n  response_target: soon\n", "w").unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.message.contains("incident.response_target: soon"), "{}", e.message);
        let e = Config::parse("incident:\n  stage: []\n", "w").unwrap_err();
        assert!(e.message.contains("did you mean `stages`"), "{}", e.message);
        let e = Config::parse("incident:\n  stages: [{ name: A, budget: 5m, owner: x }]\n", "w").unwrap_err();
        assert!(e.message.contains("incident.stages.owner"), "{}", e.message);
        let e = Config::parse("incident:\n  stages: [{ budget: 5m }]\n", "w").unwrap_err();
        assert!(e.message.contains("needs a `name:`"), "{}", e.message);
        let e = Config::parse("incident:\n  stages: [{ name: A, budget: 15 }]\n", "w").unwrap_err();
        assert!(e.message.contains("like `15m`"), "{}", e.message);
    }
}
