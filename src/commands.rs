//! The commands: each turns parsed arguments into work and an exit code.
//! Reports go to stdout, progress to stderr; nothing else prints.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context as _};

use crate::check::report::{self, Format};
use crate::cli::{Cli, Color, Command};
use crate::diagnostic::{Diagnostic, Level};
use crate::{pdf, scaffold, site};

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let cwd = std::env::current_dir().context("cannot read the current folder")?;
    let root = match &cli.global.root {
        Some(r) => {
            if !r.is_dir() {
                bail!("`--root {}`: no such folder", r.display());
            }
            r.clone()
        }
        None => site::find_root(&cwd),
    };
    let color = match cli.global.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let quiet = cli.global.quiet;
    match cli.command {
        Command::Init { dir } => {
            let dir = dir.unwrap_or(cwd);
            let written = scaffold::init(&dir)?;
            if !quiet {
                eprintln!("created a new site in `{}` ({} files)", dir.display(), written.len());
                eprintln!("next: cd {} && warroom new incident \"Disk full\" && warroom build", dir.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::New { kind, title, today } => {
            let today = site::today(today)?;
            let path = scaffold::new(&root, kind, &title, today)?;
            if !quiet {
                eprintln!("created `{}`", path.strip_prefix(&root).unwrap_or(&path).display());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Check { paths, format, deny, today } => {
            let today = site::today(today)?;
            let loaded = site::load(&root)?;
            let rel: Vec<String> =
                paths.iter().map(|p| relative_to_root(&root, &cwd, p)).collect::<anyhow::Result<_>>()?;
            let diags = site::check(&loaded, today, &rel);
            let checked = if rel.is_empty() { site::files_checked(&loaded.lib) } else { rel.clone() };
            let text = report::render(&diags, format, &checked, &|f| source_of(&loaded, f), color);
            print_out(&text)?;
            let code = exit_for(&diags, deny.is_some());
            exit_without_freeing(loaded);
            Ok(code)
        }
        Command::Build { out, today, drafts } => {
            let today = site::today(today)?;
            let load_started = std::time::Instant::now();
            let loaded = site::load(&root)?;
            let load_ms = load_started.elapsed().as_millis();
            let out = out.map(|o| if o.is_absolute() { o } else { cwd.join(o) }).unwrap_or_else(|| root.join("public"));
            let report = site::build(&loaded, &site::BuildOptions { out: out.clone(), today, drafts })?;
            if cli.global.verbose {
                eprintln!("load: {load_ms} ms ({} documents)", loaded.lib.docs.len());
                for (name, ms) in &report.phases {
                    eprintln!("{name}: {ms} ms");
                }
            }
            if !report.diagnostics.is_empty() {
                let text = report::render(
                    &report.diagnostics,
                    Format::Human,
                    &site::files_checked(&loaded.lib),
                    &|f| source_of(&loaded, f),
                    color && std::io::stderr().is_terminal(),
                );
                eprint!("{text}");
            }
            match report.written {
                None => {
                    eprintln!("error: the site has errors; nothing was written and `{}` is unchanged", out.display());
                    Ok(ExitCode::from(1))
                }
                Some(n) => {
                    if !quiet {
                        let drafts = if report.drafts_skipped > 0 {
                            format!(
                                " ({} draft post-mortem(s) left out; add --drafts to include them)",
                                report.drafts_skipped
                            )
                        } else {
                            String::new()
                        };
                        eprintln!("built {n} files into `{}` in {} ms{drafts}", out.display(), report.millis);
                    }
                    exit_without_freeing(loaded);
                    Ok(ExitCode::SUCCESS)
                }
            }
        }
        Command::Serve { port, bind, open, today } => {
            crate::serve::run(&crate::serve::Options { root, port, bind, open, color, quiet, today })
        }
        Command::Pdf { out, browser, today } => {
            let today = site::today(today)?;
            let loaded = site::load(&root)?;
            let diags = site::check(&loaded, today, &[]);
            if diags.iter().any(|d| d.level == Level::Error) {
                let text = report::render(
                    &diags,
                    Format::Human,
                    &site::files_checked(&loaded.lib),
                    &|f| source_of(&loaded, f),
                    color,
                );
                eprint!("{text}");
                eprintln!("error: the site has errors; no PDF was written");
                return Ok(ExitCode::from(1));
            }
            let out =
                out.map(|o| if o.is_absolute() { o } else { cwd.join(o) }).unwrap_or_else(|| root.join("binder.pdf"));
            pdf::print_binder(&loaded, today, &out, browser.as_deref())?;
            if !quiet {
                eprintln!("wrote `{}`", out.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Import { paths, into, dry_run } => {
            let root = into.map(|d| if d.is_absolute() { d } else { cwd.join(d) }).unwrap_or(root);
            let config = crate::config::Config::load(&root)?;
            let outcomes = crate::import::import_paths(&paths, &root, &config, dry_run)?;
            let text: String = outcomes.iter().map(|o| o.report(quiet)).collect();
            print_out(&text)?;
            if !quiet {
                let imported = outcomes.iter().filter(|o| matches!(o, crate::import::Outcome::Imported { .. })).count();
                let skipped = outcomes.len() - imported;
                let verb = if dry_run { "would import" } else { "imported" };
                let into = root.join("content").join("incidents");
                let dry = if dry_run { "; a dry run, nothing was written" } else { "" };
                eprintln!("{verb} {imported} file(s) into `{}`, skipped {skipped}{dry}", into.display());
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Exit code for findings: 1 on errors (or warnings when denied), else 0.
fn exit_for(diags: &[Diagnostic], deny_warnings: bool) -> ExitCode {
    let failing = diags.iter().any(|d| d.level == Level::Error || deny_warnings);
    if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The process ends once a command returns: freeing a loaded library
/// (10,000 documents take about 0.1 s, on one thread) would only delay it, so
/// the operating system takes the memory back instead.
fn exit_without_freeing(loaded: site::Loaded) {
    std::mem::forget(loaded);
}

pub(crate) fn source_of(loaded: &site::Loaded, file: &str) -> Option<String> {
    // Documents are sorted by file, so a binary search finds the source.
    let docs = &loaded.lib.docs;
    docs.binary_search_by(|d| d.file.as_str().cmp(file)).ok().map(|i| docs[i].source.clone()).or_else(|| {
        let p = loaded.root.join(file);
        std::fs::read_to_string(p).ok()
    })
}

/// A path given on the command line, as a `/`-separated path from the site root.
fn relative_to_root(root: &Path, cwd: &Path, p: &Path) -> anyhow::Result<String> {
    let abs: PathBuf = if p.is_absolute() { p.to_path_buf() } else { cwd.join(p) };
    let abs = std::fs::canonicalize(&abs).with_context(|| format!("`{}`: no such file", p.display()))?;
    let root = std::fs::canonicalize(root).with_context(|| format!("cannot read `{}`", root.display()))?;
    match abs.strip_prefix(&root) {
        Ok(rel) => Ok(crate::content::rel_path(Path::new(""), rel)),
        Err(_) => bail!("`{}` is outside the site root `{}`", p.display(), root.display()),
    }
}

/// Prints to stdout; a closed pipe (`warroom check | head`) is not an error.
fn print_out(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("cannot write to standard output"),
    }
}
