//! The GitHub reporter: one workflow command per finding, so Actions
//! annotates the pull request at the file and line.

use std::fmt::Write as _;

use crate::diagnostic::{Diagnostic, Level};

/// Escapes workflow command data (the message).
fn gh_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes workflow command properties (file, title).
fn gh_property(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub(super) fn render(diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diags {
        let command = if d.level == Level::Error { "error" } else { "warning" };
        let mut props = vec![format!("file={}", gh_property(&d.file))];
        if d.line > 0 {
            props.push(format!("line={}", d.line));
            if d.column > 0 {
                props.push(format!("col={}", d.column));
            }
        }
        props.push(format!("title={}", gh_property(d.rule)));
        let mut message = d.message.clone();
        if let Some(hint) = &d.hint {
            message.push_str(" — hint: ");
            message.push_str(hint);
        }
        let _ = writeln!(out, "::{command} {}::{}", props.join(","), gh_data(&message));
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::check::report::samples::{files, sample, source};
    use crate::check::report::{render, Format};

    #[test]
    fn github_escapes_data_and_properties() {
        let out = render(&sample(), Format::Github, &files(3), &source, false);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines[0],
            "::error file=content/incidents/x.md,line=12,col=1,title=missing-section::required section `Timeline` is missing — hint: add a `## Timeline` section after `## Impact`"
        );
        assert_eq!(
            lines[1],
            "::warning file=content/incidents/x.md,line=3,col=7,title=blame-language::`careless`, 100%25 <bad> & \"worse\"%0Anext"
        );
        assert_eq!(lines[2], "::error file=content/a%2Cb%3Ac.md,title=front-matter-invalid::cannot read the file");
    }
}
