//! Findings as data: what `check` reports and what stops a `build`.
//!
//! Every parser and rule produces [`Diagnostic`] values; nothing prints while
//! the site is loaded. The reporters in `check::report` turn them into text.

use serde::Serialize;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
        }
    }
}

/// Every rule warroom knows, with its default level (SPEC §6).
pub const RULES: &[(&str, Level)] = &[
    ("front-matter-missing", Level::Error),
    ("front-matter-invalid", Level::Error),
    ("missing-field", Level::Error),
    ("invalid-field", Level::Error),
    ("unknown-field", Level::Warning),
    ("missing-section", Level::Error),
    ("empty-section", Level::Error),
    ("duplicate-section", Level::Warning),
    ("timeline-entry-invalid", Level::Error),
    ("timeline-out-of-order", Level::Error),
    ("timestamps-inconsistent", Level::Error),
    ("too-few-whys", Level::Error),
    ("action-item-no-owner", Level::Error),
    ("action-item-no-due", Level::Error),
    ("action-item-overdue", Level::Warning),
    ("no-action-items", Level::Error),
    ("postmortem-overdue", Level::Warning),
    ("runbook-stale", Level::Warning),
    ("contacts-stale", Level::Warning),
    ("phone-invalid", Level::Error),
    ("contact-missing-phone", Level::Error),
    ("broken-link", Level::Error),
    ("duplicate-id", Level::Error),
    ("blame-language", Level::Warning),
    ("placeholder", Level::Error),
    ("front-matter-suspicious", Level::Warning),
    ("runbook-used-since-review", Level::Warning),
];

/// The default level of a rule; unknown names are errors (they never reach here
/// from config, which validates rule names).
pub fn default_level(rule: &str) -> Level {
    RULES.iter().find(|(name, _)| *name == rule).map(|(_, level)| *level).unwrap_or(Level::Error)
}

/// One finding: a rule broken at a place in a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub rule: &'static str,
    pub level: Level,
    /// Path relative to the site root, with `/` separators.
    pub file: String,
    /// 1-based; 0 when the finding is about the whole file.
    pub line: usize,
    /// 1-based; 0 when unknown.
    pub column: usize,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A finding at the rule's default level.
    pub fn new(rule: &'static str, file: &str, line: usize, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            rule,
            level: default_level(rule),
            file: file.to_string(),
            line,
            column: if line > 0 { 1 } else { 0 },
            message: message.into(),
            hint: None,
        }
    }

    pub fn column(mut self, column: usize) -> Diagnostic {
        self.column = column;
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    /// Downgrades an error to a warning, as drafts do for unfinished sections.
    pub fn relaxed(mut self, relax: bool) -> Diagnostic {
        if relax && self.level == Level::Error {
            self.level = Level::Warning;
        }
        self
    }
}

/// Orders findings by file, line, column, then rule, so output is stable.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.rule, &a.message).cmp(&(&b.file, b.line, b.column, b.rule, &b.message))
    });
}

/// The closest candidate within a small edit distance, for "did you mean".
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.to_ascii_lowercase();
    candidates
        .into_iter()
        .map(|c| (edit_distance(&word, &c.to_ascii_lowercase()), c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 4) && *d > 0)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance over chars.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_misses_only() {
        let fields = ["severity", "services", "status"];
        assert_eq!(did_you_mean("sevrity", fields), Some("severity"));
        assert_eq!(did_you_mean("servics", fields), Some("services"));
        assert_eq!(did_you_mean("colour", fields), None);
    }

    #[test]
    fn every_rule_has_a_default() {
        assert_eq!(default_level("unknown-field"), Level::Warning);
        assert_eq!(default_level("broken-link"), Level::Error);
        assert_eq!(RULES.len(), 27);
    }
}
