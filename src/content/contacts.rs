//! Phone lists (`kind: contacts`): groups of contacts with normalised numbers.

use chrono::{Duration, NaiveDate};

use crate::config::Config;
use crate::content::fields::Fields;
use crate::content::phone::{self, Phone};
use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::yaml::{Node, Value};

/// A phone list.
#[derive(Debug, Clone, PartialEq)]
pub struct Contacts {
    pub last_verified: Option<NaiveDate>,
    pub last_verified_line: usize,
    pub verify_every: i64,
    pub groups: Vec<Group>,
}

impl Contacts {
    pub fn verify_due(&self) -> Option<NaiveDate> {
        self.last_verified.map(|d| d + Duration::days(self.verify_every))
    }

    pub fn count(&self) -> usize {
        self.groups.iter().map(|g| g.contacts.len()).sum()
    }
}

/// A named group of contacts.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Group {
    pub name: String,
    pub contacts: Vec<Contact>,
}

/// One person or organisation to call.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Contact {
    pub line: usize,
    pub name: String,
    pub org: String,
    pub role: String,
    pub phone_text: String,
    pub phone: Option<Phone>,
    pub alt_phone_text: String,
    pub alt_phone: Option<Phone>,
    pub email: String,
    pub hours: String,
    pub escalation: String,
    pub account: String,
    pub notes: String,
}

impl Contact {
    /// The name to show: the person, else the organisation.
    pub fn display_name(&self) -> &str {
        if self.name.is_empty() {
            &self.org
        } else {
            &self.name
        }
    }
}

const CONTACT_FIELDS: &[&str] =
    &["name", "org", "role", "phone", "alt_phone", "email", "hours", "escalation", "account", "notes"];

/// Reads a phone list's fields, reporting bad numbers and missing phones.
pub fn parse(fields: &mut Fields, config: &Config, file: &str) -> (Contacts, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let last_verified = fields.date("last_verified", true);
    let last_verified_line = fields.node("last_verified").map(|n| fields.line(n)).unwrap_or(1);
    let verify_every = fields.number("verify_every").unwrap_or(config.verify_every);
    let mut groups = Vec::new();
    let offset = fields.line(&Node { pos: crate::yaml::Pos::new(0, 0), value: Value::Null, source: None });
    let line = |n: &Node| n.pos.line + offset;
    if let Some(node) = fields.node("groups") {
        match &node.value {
            Value::Seq(items) => {
                for g in items {
                    let name = g.get("name").and_then(Node::as_scalar_text).unwrap_or_default();
                    match g.get("contacts").map(|c| &c.value) {
                        Some(Value::Seq(list)) => {
                            let contacts = list.iter().map(|c| contact(c, file, &line, &mut diags)).collect();
                            groups.push(Group { name, contacts });
                        }
                        _ => diags.push(
                            Diagnostic::new("front-matter-invalid", file, line(g), "a group needs a `contacts:` list")
                                .hint("write `- name: On-call\\n  contacts:\\n    - name: ...`"),
                        ),
                    }
                    if let Value::Map(entries) = &g.value {
                        for (k, v) in entries {
                            if k != "name" && k != "contacts" {
                                diags.push(
                                    Diagnostic::new(
                                        "unknown-field",
                                        file,
                                        line(v),
                                        format!("unknown group field `{k}`"),
                                    )
                                    .hint("a group has `name` and `contacts`"),
                                );
                            }
                        }
                    }
                }
            }
            other => diags.push(
                Diagnostic::new(
                    "front-matter-invalid",
                    file,
                    line(node),
                    format!("`groups` must be a list, not {}", other.type_name()),
                )
                .hint("write `groups:` followed by `- name: ...` items"),
            ),
        }
    }
    if let Some(node) = fields.node("contacts") {
        // Shorthand: a single unnamed group.
        if let Value::Seq(list) = &node.value {
            let contacts = list.iter().map(|c| contact(c, file, &line, &mut diags)).collect();
            groups.push(Group { name: String::new(), contacts });
        }
    }
    if groups.iter().all(|g| g.contacts.is_empty()) {
        diags.push(
            Diagnostic::new("missing-field", file, 1, "the phone list has no contacts")
                .hint("add `groups:` with `contacts:` (see the README's phone list example)"),
        );
    }
    (Contacts { last_verified, last_verified_line, verify_every, groups }, diags)
}

fn contact(node: &Node, file: &str, line: &dyn Fn(&Node) -> usize, diags: &mut Vec<Diagnostic>) -> Contact {
    let mut c = Contact { line: line(node), ..Contact::default() };
    let Value::Map(entries) = &node.value else {
        diags.push(Diagnostic::new(
            "front-matter-invalid",
            file,
            line(node),
            "a contact must be a mapping such as `name: ..., phone: ...`",
        ));
        return c;
    };
    for (key, value) in entries {
        let text = match value.as_scalar_text() {
            Some(t) => t.trim().to_string(),
            None if value.value == Value::Null => String::new(),
            None => {
                diags.push(Diagnostic::new(
                    "front-matter-invalid",
                    file,
                    line(value),
                    format!("`{key}` must be text, not {}", value.value.type_name()),
                ));
                continue;
            }
        };
        let slot = match key.as_str() {
            "name" => &mut c.name,
            "org" => &mut c.org,
            "role" => &mut c.role,
            "phone" => &mut c.phone_text,
            "alt_phone" => &mut c.alt_phone_text,
            "email" => &mut c.email,
            "hours" => &mut c.hours,
            "escalation" => &mut c.escalation,
            "account" => &mut c.account,
            "notes" => &mut c.notes,
            other => {
                let hint = match did_you_mean(other, CONTACT_FIELDS.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("a contact has {}", CONTACT_FIELDS.join(", ")),
                };
                diags.push(
                    Diagnostic::new("unknown-field", file, line(value), format!("unknown contact field `{other}`"))
                        .hint(hint),
                );
                continue;
            }
        };
        *slot = text;
    }
    if c.name.is_empty() && c.org.is_empty() {
        diags.push(Diagnostic::new("missing-field", file, c.line, "a contact needs a `name` or an `org`"));
    }
    let who = c.display_name().to_string();
    if c.phone_text.is_empty() {
        diags.push(
            Diagnostic::new("contact-missing-phone", file, c.line, format!("contact `{who}` has no phone"))
                .hint("add `phone: \"+44 20 7946 0018\"`; a phone list is for calling"),
        );
    } else {
        c.phone = check_phone(&c.phone_text, entries, "phone", file, line, diags);
    }
    if !c.alt_phone_text.is_empty() {
        c.alt_phone = check_phone(&c.alt_phone_text, entries, "alt_phone", file, line, diags);
    }
    c
}

fn check_phone(
    text: &str,
    entries: &[(String, Node)],
    key: &str,
    file: &str,
    line: &dyn Fn(&Node) -> usize,
    diags: &mut Vec<Diagnostic>,
) -> Option<Phone> {
    match phone::normalise(text) {
        Ok(p) => Some(p),
        Err(e) => {
            let node = entries.iter().find(|(k, _)| k == key).map(|(_, v)| v);
            let (l, col) = node.map(|n| (line(n), n.pos.column)).unwrap_or((1, 1));
            diags.push(
                Diagnostic::new("phone-invalid", file, l, format!("`{key}`: {e}"))
                    .column(col.max(1))
                    .hint("numbers must normalise to E.164: `+`, country code, 8-15 digits; extensions as `x123`"),
            );
            None
        }
    }
}
