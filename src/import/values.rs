//! The values of metadata lines as people write them: moments (a date, a
//! time of day and a zone in any written form), statuses, severities and
//! lists of names, each read into what front matter wants.

use chrono::{NaiveDate, NaiveTime};

use crate::config::Config;
use crate::time::{self, Zone};

/// The zone a moment was written in.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum WrittenZone {
    /// An IANA name, an offset, or UTC/GMT/Z: front matter can name it as `timezone`.
    Named(Zone),
    /// An abbreviation (`PST`) that stands for a zone: written out as RFC 3339.
    Abbreviation(String, Zone),
}

/// A date, a time of day and a zone, each perhaps missing.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Moment {
    pub date: Option<NaiveDate>,
    pub clock: Option<NaiveTime>,
    pub zone: Option<WrittenZone>,
}

/// Reads `2015-10-21`, `Wednesday, October 21, 2015 2:51 PM PST`,
/// `2024-03-01T14:05:00+02:00`, `14:05 UTC`. `None` when the text opens with
/// neither a date nor a time; text after the moment is ignored.
pub(crate) fn moment(text: &str, config: &Config) -> Option<Moment> {
    let mut s = text.trim();
    let mut m = Moment::default();
    if let Some((written, len)) = time::take_date(s) {
        m.date = Some(written.full()?);
        s = &s[len..];
        s = s.trim_start_matches([' ', ',', 'T', '@']);
        s = s.strip_prefix("at ").unwrap_or(s).trim_start();
    }
    if let Some((clock, len)) = time::take_time(s) {
        m.clock = Some(clock);
        s = &s[len..];
        m.zone = take_zone(s, config);
    }
    (m.date.is_some() || m.clock.is_some()).then_some(m)
}

/// A zone right after a time: `Z`, `+02:00` glued on, or a word (in
/// parentheses or not) that is UTC, GMT, an abbreviation, an IANA name or
/// an offset.
fn take_zone(s: &str, config: &Config) -> Option<WrittenZone> {
    if s.starts_with('Z') && !s[1..].starts_with(|c: char| c.is_alphanumeric()) {
        return Some(WrittenZone::Named(Zone::default()));
    }
    if s.starts_with(['+', '-']) {
        let end = s.find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '+' || c == '-')).unwrap_or(s.len());
        // `14:00-15:30` is a range, not the offset -15:30: real offsets stay within ±14 hours.
        let offset = time::parse_offset(&s[..end]).filter(|o| o.local_minus_utc().abs() <= 14 * 3600)?;
        return Some(WrittenZone::Named(Zone::Fixed(offset)));
    }
    let word = s.trim_start().trim_start_matches('(');
    let word = &word[..word.find([' ', ')', ',', ';']).unwrap_or(word.len())];
    let word = word.trim_end_matches(['.', ':']);
    if word.is_empty() {
        return None;
    }
    zone_word(word, config)
}

/// A zone named by one word: UTC, an abbreviation from `time`'s table or
/// the config, an IANA name, an offset, `UTC+2`.
pub(crate) fn zone_word(word: &str, config: &Config) -> Option<WrittenZone> {
    let upper = word.to_ascii_uppercase();
    if matches!(upper.as_str(), "UTC" | "GMT" | "Z") {
        return Some(WrittenZone::Named(Zone::default()));
    }
    if let Some(zone) = config.timezone_abbreviations.get(&upper) {
        return Some(WrittenZone::Abbreviation(upper, *zone));
    }
    if let Some(a) = time::abbreviation(&upper) {
        return Some(WrittenZone::Abbreviation(upper, a.entry_zone()));
    }
    if let Some(offset) = time::utc_plus(word).filter(|o| o.local_minus_utc().abs() <= 14 * 3600) {
        return Some(WrittenZone::Named(Zone::Fixed(offset)));
    }
    if word.contains('/') {
        return Zone::parse(word).map(WrittenZone::Named);
    }
    None
}

/// What a status as written maps to, and whether the wording differs (then
/// it is kept as a YAML comment). SPEC §9: complete, completed, closed or
/// published → final; review → review; anything else → draft.
pub(crate) fn status(written: &str) -> (&'static str, bool) {
    let lower = written.trim().to_lowercase();
    for exact in ["draft", "review", "final"] {
        if lower == exact {
            return (exact, false);
        }
    }
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let says = |w: &str| words.contains(&w);
    let status = if ["complete", "completed", "closed", "published"].into_iter().any(says) {
        "final"
    } else if says("review") {
        "review"
    } else {
        "draft"
    };
    (status, true)
}

/// The severity to write for one as written: the configured name when the
/// text names one (also as `Sev 1`, `SEV-1`, `Severity 1`) or an alias maps
/// it, else the text as found (`check` then reports it). The second value is
/// true when the severity is configured.
pub(crate) fn severity(written: &str, config: &Config) -> (String, bool) {
    let whole = written.trim();
    // `SEV2 (major)`, `SEV-2 - partial outage`: the leading word counts too.
    let lead = whole.split(['(', ',', ';', '—', '–']).next().unwrap_or(whole);
    let lead = lead.split(" - ").next().unwrap_or(lead).trim();
    for candidate in [whole, lead] {
        if candidate.is_empty() {
            continue;
        }
        if let Some(s) = config.severity(candidate) {
            let configured = config.severities.iter().any(|c| c == s);
            // An alias keeps the team's word, which `check` accepts and shows as configured.
            return if config.severities.iter().any(|c| c.eq_ignore_ascii_case(candidate)) {
                (s.to_string(), configured)
            } else {
                (candidate.to_string(), true)
            };
        }
        let compact = compact_severity(candidate);
        if let Some(s) = config.severities.iter().find(|s| compact_severity(s) == compact) {
            return (s.clone(), true);
        }
    }
    (lead.to_string(), false)
}

/// `Sev 1`, `SEV-1`, `Severity 1`, `sev1` → `sev1`.
fn compact_severity(s: &str) -> String {
    let lower = s.to_lowercase();
    let lower = lower.replacen("severity", "sev", 1);
    lower.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Names in one value: split on `,`, `;`, `&` and ` and `.
pub(crate) fn names(text: &str) -> Vec<String> {
    text.split([',', ';', '&'])
        .flat_map(|part| part.split(" and "))
        .map(|n| clean(n).to_string())
        .filter(|n| !n.is_empty() && !is_placeholder(n))
        .collect()
}

/// A value without the Markdown around it: surrounding emphasis and code
/// marks, a hard line break (`<br>`, trailing `\`), link syntax
/// (`[Sam](mailto:…)` → `Sam`).
pub(crate) fn clean(text: &str) -> String {
    let mut t = text.trim();
    loop {
        let before = t;
        for tail in ["<br>", "<br/>", "<br />", "\\"] {
            t = t.strip_suffix(tail).unwrap_or(t).trim_end();
        }
        for mark in ["**", "__", "*", "_", "`"] {
            if t.len() > 2 * mark.len() {
                if let Some(inner) = t.strip_prefix(mark).and_then(|r| r.strip_suffix(mark)) {
                    t = inner.trim();
                }
            }
        }
        if t == before {
            break;
        }
    }
    unlink(t)
}

/// `[text](url)` → `text`, everywhere in a value.
fn unlink(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    let mut rest = t;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let Some(close) = after.find("](") else { break };
        let Some(end) = after[close + 2..].find(')') else { break };
        out.push_str(&rest[..open]);
        out.push_str(&after[..close]);
        rest = &after[close + 2 + end + 1..];
    }
    out.push_str(rest);
    out
}

/// A template's placeholder rather than a value: empty, `[Name]`,
/// `<date>`, `{{ severity }}`, `TBD`, `N/A`, `YYYY-MM-DD`.
pub(crate) fn is_placeholder(value: &str) -> bool {
    let t = value.trim();
    let wrapped = |open: char, close: char| t.starts_with(open) && t.ends_with(close) && !t.contains("](");
    t.is_empty()
        || wrapped('[', ']')
        || wrapped('<', '>')
        || wrapped('{', '}')
        || t.contains("YYYY")
        || t.contains("HH:MM")
        || ["tbd", "todo", "n/a", "na", "-", "—", "–", "?", "none", "xxx", "..."]
            .iter()
            .any(|p| t.eq_ignore_ascii_case(p))
}

/// A value that can be a document id: one word with a digit (`HOT-1234`, `INC-2024-017`).
pub(crate) fn is_id_like(value: &str) -> bool {
    !value.is_empty()
        && value.len() <= 60
        && value.chars().any(|c| c.is_ascii_digit())
        && value.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '#'))
}

/// A double-quoted YAML scalar: `"Outage #42"` survives where a plain one
/// would be cut at ` #`.
pub(crate) fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Moment {
        moment(text, &Config::default()).unwrap_or_else(|| panic!("{text}"))
    }

    fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    fn hm(h: u32, m: u32) -> Option<NaiveTime> {
        NaiveTime::from_hms_opt(h, m, 0)
    }

    #[test]
    fn every_date_form() {
        for text in [
            "2015-10-21",
            "2015/10/21",
            "Oct 21, 2015",
            "21 October 2015",
            "Wednesday, October 21, 2015",
            "October 21st, 2015",
        ] {
            let m = at(text);
            assert_eq!(m.date, ymd(2015, 10, 21), "{text}");
            assert_eq!(m.clock, None, "{text}");
        }
    }

    #[test]
    fn dates_with_times_and_zones() {
        let m = at("2015-10-21 14:51 UTC");
        assert_eq!((m.date, m.clock), (ymd(2015, 10, 21), hm(14, 51)));
        assert_eq!(m.zone, Some(WrittenZone::Named(Zone::default())));
        let m = at("March 2, 2026 4:07 PM PST");
        assert_eq!((m.date, m.clock), (ymd(2026, 3, 2), hm(16, 7)));
        assert!(matches!(m.zone, Some(WrittenZone::Abbreviation(ref a, _)) if a == "PST"));
        let m = at("2024-03-01T14:05:30+02:00");
        assert_eq!(m.clock, NaiveTime::from_hms_opt(14, 5, 30));
        assert_eq!(m.zone, Some(WrittenZone::Named(Zone::parse("+02:00").unwrap())));
        let m = at("21 Oct 2015 at 11:58 a.m. (Europe/Berlin)");
        assert_eq!(m.clock, hm(11, 58));
        assert_eq!(m.zone, Some(WrittenZone::Named(Zone::parse("Europe/Berlin").unwrap())));
        assert_eq!(at("12:05am").clock, hm(0, 5));
        assert_eq!(at("2024-03-01 2pm").clock, hm(14, 0));
        assert_eq!(at("12:05 pm").clock, hm(12, 5));
        assert_eq!(at("14:05 (approx.)").zone, None);
        assert_eq!(at("14:00-15:30 UTC").zone, None);
        assert_eq!(moment("two hours", &Config::default()), None);
        assert_eq!(moment("13:05 PM", &Config::default()), None);
    }

    #[test]
    fn config_abbreviations_count() {
        let mut config = Config::default();
        config.timezone_abbreviations.insert("AEST".into(), Zone::parse("+10:00").unwrap());
        let m = moment("2024-05-01 09:00 AEST", &config).unwrap();
        assert!(matches!(m.zone, Some(WrittenZone::Abbreviation(ref a, _)) if a == "AEST"));
    }

    #[test]
    fn statuses_map_as_the_spec_says() {
        assert_eq!(status("final"), ("final", false));
        assert_eq!(status("Draft"), ("draft", false));
        assert_eq!(status("Complete, action items in progress"), ("final", true));
        assert_eq!(status("Closed"), ("final", true));
        assert_eq!(status("Published 2024-03-04"), ("final", true));
        assert_eq!(status("In review"), ("review", true));
        assert_eq!(status("Incomplete"), ("draft", true));
        assert_eq!(status("Resolved / Monitoring"), ("draft", true));
    }

    #[test]
    fn severities_map_to_configured_names() {
        let config = Config::default();
        assert_eq!(severity("SEV1", &config), ("SEV1".into(), true));
        assert_eq!(severity("sev2", &config), ("SEV2".into(), true));
        assert_eq!(severity("Sev 1", &config), ("SEV1".into(), true));
        assert_eq!(severity("SEV-3 (minor)", &config), ("SEV3".into(), true));
        assert_eq!(severity("Severity 2", &config), ("SEV2".into(), true));
        assert_eq!(severity("P1", &config), ("P1".into(), false));
        assert_eq!(severity("High", &config), ("High".into(), false));
        let mut aliased = Config::default();
        aliased.severity_aliases.insert("p1".into(), "SEV1".into());
        assert_eq!(severity("P1", &aliased), ("P1".into(), true));
    }

    #[test]
    fn names_split_and_clean() {
        assert_eq!(names("jennifer, martym, agoogler"), ["jennifer", "martym", "agoogler"]);
        assert_eq!(names("Ana Lima and **Bo Chen**; [Cy](mailto:cy@example.com)"), ["Ana Lima", "Bo Chen", "Cy"]);
        assert!(names("[Name]").is_empty());
    }

    #[test]
    fn placeholders_and_quoting() {
        for p in ["", "[YYYY-MM-DD]", "<name>", "{{ severity }}", "TBD", "n/a"] {
            assert!(is_placeholder(p), "{p}");
        }
        assert!(!is_placeholder("[Sam](mailto:sam@example.com)"));
        assert_eq!(quoted("Outage #42 \"db\" \\ x"), r#""Outage #42 \"db\" \\ x""#);
        assert_eq!(clean("**SEV2**  <br>"), "SEV2");
        assert!(is_id_like("HOT-1234"));
        assert!(!is_id_like("Database outage"));
    }
}
