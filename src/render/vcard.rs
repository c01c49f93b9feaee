//! Phone lists as vCard 3.0 (RFC 2426), which phones import, and as CSV.

use crate::content::contacts::{Contact, Contacts};
use crate::render::exports::csv_field;

/// Escapes a vCard text value (RFC 2426 §4: `\`, `,`, `;` and newlines).
fn esc(s: &str) -> String {
    s.replace('\\', "\\\\").replace(',', "\\,").replace(';', "\\;").replace('\r', "").replace('\n', "\\n")
}

/// Folds a content line at 75 octets, continuation lines starting with a space.
fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut count = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if count + len > 75 {
            out.push_str("\r\n ");
            count = 1;
        }
        out.push(c);
        count += len;
    }
    out.push_str("\r\n");
    out
}

fn card(c: &Contact, list_title: &str, group: &str) -> String {
    let mut lines: Vec<String> = vec!["BEGIN:VCARD".into(), "VERSION:3.0".into()];
    let fn_ = c.display_name();
    lines.push(format!("FN:{}", esc(fn_)));
    if c.name.is_empty() {
        lines.push(format!("N:{};;;;", esc(fn_)));
    } else {
        // "Priya Raman" → family "Raman", given "Priya".
        let (given, family) = c.name.rsplit_once(' ').unwrap_or(("", &c.name));
        lines.push(format!("N:{};{};;;", esc(family), esc(given)));
    }
    if !c.org.is_empty() {
        lines.push(format!("ORG:{}", esc(&c.org)));
    }
    if !c.role.is_empty() {
        lines.push(format!("TITLE:{}", esc(&c.role)));
    }
    // An extension follows a comma, the pause phones dial before it; a bare `;`
    // would split the value in many importers.
    if let Some(p) = &c.phone {
        let ext = p.extension.as_ref().map(|e| format!(",{e}")).unwrap_or_default();
        lines.push(format!("TEL;TYPE=WORK,VOICE,PREF:{}{ext}", p.e164));
    }
    if let Some(p) = &c.alt_phone {
        let ext = p.extension.as_ref().map(|e| format!(",{e}")).unwrap_or_default();
        lines.push(format!("TEL;TYPE=CELL,VOICE:{}{ext}", p.e164));
    }
    if !c.email.is_empty() {
        lines.push(format!("EMAIL;TYPE=INTERNET:{}", esc(&c.email)));
    }
    let mut note = Vec::new();
    if !c.hours.is_empty() {
        note.push(format!("Hours: {}", c.hours));
    }
    if !c.escalation.is_empty() {
        note.push(format!("Escalation: {}", c.escalation));
    }
    if !c.account.is_empty() {
        note.push(format!("Account: {}", c.account));
    }
    if !c.notes.is_empty() {
        note.push(c.notes.clone());
    }
    if !note.is_empty() {
        lines.push(format!("NOTE:{}", esc(&note.join("\n"))));
    }
    let category = if group.is_empty() { list_title.to_string() } else { format!("{list_title} – {group}") };
    lines.push(format!("CATEGORIES:{}", esc(&category)));
    lines.push("END:VCARD".into());
    lines.iter().map(|l| fold(l)).collect()
}

/// All contacts of a list as one `.vcf` file.
pub fn vcards(title: &str, list: &Contacts) -> String {
    list.groups.iter().flat_map(|g| g.contacts.iter().map(move |c| card(c, title, &g.name))).collect()
}

/// All contacts of a list as CSV.
pub fn csv(list: &Contacts) -> String {
    let mut out = String::from(
        "group,name,org,role,phone,phone_e164,alt_phone,alt_phone_e164,email,hours,escalation,account,notes\r\n",
    );
    for g in &list.groups {
        for c in &g.contacts {
            let e164 = c.phone.as_ref().map(|p| p.e164.clone()).unwrap_or_default();
            let alt = c.alt_phone.as_ref().map(|p| p.e164.clone()).unwrap_or_default();
            let row = [
                &g.name,
                &c.name,
                &c.org,
                &c.role,
                &c.phone_text,
                &e164,
                &c.alt_phone_text,
                &alt,
                &c.email,
                &c.hours,
                &c.escalation,
                &c.account,
                &c.notes,
            ];
            out.push_str(&row.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(","));
            out.push_str("\r\n");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::contacts::Group;
    use crate::content::phone;

    fn list() -> Contacts {
        let c = Contact {
            name: "Priya Raman".into(),
            role: "Incident commander, primary".into(),
            phone_text: "+44 20 7946 0018".into(),
            phone: phone::normalise("+44 20 7946 0018").ok(),
            alt_phone: phone::normalise("+1 206 555 0142 x12").ok(),
            email: "priya@example.com".into(),
            hours: "24x7".into(),
            notes: "Long note ".repeat(12),
            ..Contact::default()
        };
        Contacts {
            last_verified: None,
            last_verified_line: 1,
            verify_every: 90,
            groups: vec![Group { name: "On-call".into(), contacts: vec![c] }],
        }
    }

    #[test]
    fn vcard_is_valid_3_0() {
        let v = vcards("Escalation", &list());
        assert!(v.starts_with("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Priya Raman\r\nN:Raman;Priya;;;\r\n"), "{v}");
        assert!(v.contains("TITLE:Incident commander\\, primary\r\n"));
        assert!(v.contains("TEL;TYPE=WORK,VOICE,PREF:+442079460018\r\n"));
        assert!(v.contains("TEL;TYPE=CELL,VOICE:+12065550142,12\r\n"));
        assert!(v.ends_with("END:VCARD\r\n"));
        for line in v.split("\r\n") {
            assert!(line.len() <= 75, "line too long: {line}");
        }
    }

    #[test]
    fn csv_has_header_and_row() {
        let c = csv(&list());
        let lines: Vec<&str> = c.split("\r\n").collect();
        assert!(lines[0].starts_with("group,name"));
        assert!(
            lines[1].starts_with("On-call,Priya Raman,,\"Incident commander, primary\",+44 20 7946 0018,+442079460018")
        );
    }
}
