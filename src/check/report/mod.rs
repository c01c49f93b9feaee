//! Reporters: findings → text in one of four formats.
//!
//! `human` looks like rustc (the source line with a caret under the column),
//! `json` is a stable array for tools, `github` is workflow commands that
//! annotate a pull request, `junit` is one test case per file for CI test
//! views. Rendering is pure: the caller supplies file text and writes the
//! result.

mod github;
mod human;
mod json;
mod junit;

use crate::diagnostic::Diagnostic;

/// Output format of `warroom check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Github,
    Junit,
}

/// Renders findings. `files` are the files that were checked (the summary
/// line counts them; JUnit gives each a test case); `source(file)` returns a
/// file's text for the caret display (may be `None`).
pub fn render(
    diags: &[Diagnostic],
    format: Format,
    files: &[String],
    source: &dyn Fn(&str) -> Option<String>,
    color: bool,
) -> String {
    match format {
        Format::Human => human::render(diags, files.len(), source, color),
        Format::Json => json::render(diags),
        Format::Github => github::render(diags),
        Format::Junit => junit::render(diags, files),
    }
}

#[cfg(test)]
pub(crate) mod samples {
    //! Findings and file text shared by the reporter tests.

    use crate::diagnostic::Diagnostic;

    pub fn sample() -> Vec<Diagnostic> {
        vec![
            Diagnostic::new("missing-section", "content/incidents/x.md", 12, "required section `Timeline` is missing")
                .hint("add a `## Timeline` section after `## Impact`"),
            Diagnostic::new("blame-language", "content/incidents/x.md", 3, "`careless`, 100% <bad> & \"worse\"\nnext")
                .column(7),
            Diagnostic::new("front-matter-invalid", "content/a,b:c.md", 0, "cannot read the file"),
        ]
    }

    /// `n` file names, for the summary line.
    pub fn files(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("content/incidents/f{i}.md")).collect()
    }

    pub fn source(file: &str) -> Option<String> {
        (file == "content/incidents/x.md").then(|| {
            (1..=20)
                .map(|n| if n == 12 { "## Impact".to_string() } else { format!("\tline {n}") })
                .collect::<Vec<_>>()
                .join("\r\n")
        })
    }
}
