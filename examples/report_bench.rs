//! Times `warroom check`'s human report on many findings, without a site on
//! disk.
//!
//! `cargo run --release --example report_bench [FINDINGS]` (default 60,000)
//! makes findings spread over 2,000 files of 300 lines, then all of them in
//! one file, then 1,000 on one 1 MB line, and prints how long the human
//! report takes for each (the median of five runs). Each file's text comes
//! from memory, as `check` hands it from the loaded site.

use std::time::{Duration, Instant};

use warroom::check::report::{render, Format};
use warroom::diagnostic::Diagnostic;

/// Lines in each generated file.
const LINES: usize = 300;

fn main() {
    let findings: usize = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(60_000);
    let text: String = (1..=LINES)
        .map(|n| format!("- 14:{:02} Line {n} of the timeline, with a careless remark.\n", n % 60))
        .collect();
    let source = |_: &str| Some(text.clone());

    let spread = diagnostics(findings, 2_000);
    time("2,000 files", &spread, &source);
    let one = diagnostics(findings, 1);
    time("one file", &one, &source);

    let line = "word ".repeat(200_000);
    let long: Vec<Diagnostic> = (1..=1_000)
        .map(|i| Diagnostic::new("blame-language", "long.md", 1, "`careless` blames a person").column(i * 997))
        .collect();
    time("one 1 MB line", &long, &|_: &str| Some(line.clone()));
}

/// `n` findings spread evenly over `files` files, on lines that exist.
fn diagnostics(n: usize, files: usize) -> Vec<Diagnostic> {
    let mut diags: Vec<Diagnostic> = (0..n)
        .map(|i| {
            let file = format!("content/incidents/f{:05}.md", i % files);
            let line = (i / files) % LINES + 1;
            Diagnostic::new("blame-language", &file, line, "`careless` blames a person")
                .column(46)
                .hint("describe what the system allowed, not who slipped")
        })
        .collect();
    warroom::diagnostic::sort(&mut diags);
    diags
}

fn time(label: &str, diags: &[Diagnostic], source: &dyn Fn(&str) -> Option<String>) {
    let files: Vec<String> = Vec::new();
    let mut runs: Vec<Duration> = Vec::new();
    let mut bytes = 0;
    for _ in 0..5 {
        let start = Instant::now();
        bytes = render(diags, Format::Human, &files, source, false).len();
        runs.push(start.elapsed());
    }
    runs.sort();
    println!(
        "{:>7} findings, {label:<14} {:>8.3} s  ({} KB of text)",
        diags.len(),
        runs[2].as_secs_f64(),
        bytes / 1024
    );
}
