//! Phone numbers → E.164, the form phones dial from a `tel:` link or vCard.
//!
//! Accepted: a leading `+` and country code, then digits with spaces, dots,
//! dashes and parentheses; a national trunk prefix written `(0)` is dropped;
//! an extension as `x123`, `ext 123` or `;ext=123`.

/// A normalised number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone {
    /// `+` and 8–15 digits.
    pub e164: String,
    pub extension: Option<String>,
}

impl Phone {
    /// A `tel:` URI (RFC 3966).
    pub fn tel_uri(&self) -> String {
        match &self.extension {
            Some(ext) => format!("tel:{};ext={ext}", self.e164),
            None => format!("tel:{}", self.e164),
        }
    }
}

/// Normalises a number, or says what is wrong with it.
pub fn normalise(text: &str) -> Result<Phone, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("the phone number is empty".into());
    }
    let (main, extension) = split_extension(t)?;
    let main = main.replace("(0)", "");
    let main = main.trim();
    let Some(rest) = main.strip_prefix('+') else {
        return Err(format!("`{t}` has no country code; write it as `+44 20 7946 0018` (E.164 starts with `+`)"));
    };
    let mut digits = String::with_capacity(16);
    for c in rest.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '.' | '-' | '(' | ')' | '\u{a0}' => {}
            other => {
                return Err(format!(
                    "`{t}` contains `{other}`; only digits, spaces, dots, dashes and parentheses are allowed"
                ))
            }
        }
    }
    if digits.starts_with('0') {
        return Err(format!("`{t}`: a country code never starts with 0"));
    }
    if !(8..=15).contains(&digits.len()) {
        return Err(format!("`{t}` has {} digits; an international number has 8 to 15", digits.len()));
    }
    Ok(Phone { e164: format!("+{digits}"), extension })
}

fn split_extension(t: &str) -> Result<(&str, Option<String>), String> {
    let lower = t.to_ascii_lowercase();
    let markers = [";ext=", " ext.", " ext", "ext.", " x", "x"];
    for m in markers {
        if let Some(i) = lower.find(m) {
            let ext: String = lower[i + m.len()..].trim().trim_start_matches(['.', ':', '=']).trim().to_string();
            if ext.is_empty() || !ext.chars().all(|c| c.is_ascii_digit()) {
                return Err(format!("`{t}`: the extension must be digits, as in `x123` or `;ext=123`"));
            }
            return Ok((&t[..i], Some(ext)));
        }
    }
    Ok((t, None))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_common_forms() {
        assert_eq!(normalise("+44 20 7946 0018").unwrap().e164, "+442079460018");
        assert_eq!(normalise("+1 (206) 555-0142").unwrap().e164, "+12065550142");
        assert_eq!(normalise("+49 (0)30 901820").unwrap().e164, "+4930901820");
        assert_eq!(normalise("+33.1.23.45.67.89").unwrap().e164, "+33123456789");
    }

    #[test]
    fn extensions() {
        let p = normalise("+1 206 555 0142 x123").unwrap();
        assert_eq!(p.extension.as_deref(), Some("123"));
        assert_eq!(p.tel_uri(), "tel:+12065550142;ext=123");
        assert_eq!(normalise("+1 206 555 0142;ext=77").unwrap().extension.as_deref(), Some("77"));
        assert_eq!(normalise("+1 206 555 0142 ext. 9").unwrap().extension.as_deref(), Some("9"));
        assert!(normalise("+1 206 555 0142 xab").is_err());
    }

    #[test]
    fn rejects_bad_numbers() {
        assert!(normalise("020 7946 0018").unwrap_err().contains("country code"));
        assert!(normalise("+44 20 7946 O018").unwrap_err().contains("`O`"));
        assert!(normalise("+44 123").unwrap_err().contains("8 to 15"));
        assert!(normalise("+1234567890123456").is_err());
        assert!(normalise("").is_err());
        assert!(normalise("+0 20 7946 0018").is_err());
    }
}
