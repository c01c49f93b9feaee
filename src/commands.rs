//! The commands: each turns parsed arguments into work and an exit code.
//! Reports go to stdout, progress to stderr; nothing else prints.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context as _};

use crate::check::report::Format;
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
    if matches!(
        cli.command,
        Command::Check { .. } | Command::Build { .. } | Command::Serve { .. } | Command::Pdf { .. }
    ) {
        require_site(&root)?;
    }
    let explicit_root = cli.global.root.is_some();
    match cli.command {
        Command::Init { dir } => {
            let dir = dir.unwrap_or(cwd);
            let written = scaffold::init(&dir)?;
            if !quiet {
                eprintln!("created a new site in `{}` ({} files)", dir.display(), written.len());
                eprintln!("next steps:");
                eprintln!("  cd {}", shell_quoted(&dir));
                eprintln!("  warroom new incident \"Disk full on db-1\"   # a post-mortem to fill in");
                eprintln!("  warroom build                              # checks, then writes public/");
                eprintln!("  open public/index.html                     # or `warroom serve` for a live preview");
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::New { kind, title, today } => {
            let today = site::today(today)?;
            let config = crate::config::Config::load(&root)?;
            let path = scaffold::new(&root, kind, &title, today, &config.id_format)?;
            if !quiet {
                eprintln!("created `{}`", path.strip_prefix(&root).unwrap_or(&path).display());
                for line in next_after_new(kind) {
                    eprintln!("{line}");
                }
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
            let text = site::report(&loaded, &diags, format, &checked, color);
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
                let checked = site::files_checked(&loaded.lib);
                let color = color && std::io::stderr().is_terminal();
                let text = site::report(&loaded, &report.diagnostics, Format::Human, &checked, color);
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
                        eprintln!(
                            "open `{}` in a browser, or run `warroom serve` for a live preview",
                            out.join("index.html").display()
                        );
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
                let text = site::report(&loaded, &diags, Format::Human, &site::files_checked(&loaded.lib), color);
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
        Command::Timeline { source, from, to, channel, zone, into } => {
            let args = TimelineArgs { source, from, to, channel, zone, into };
            timeline(&args, &root, explicit_root, &cwd, quiet)
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

/// Refuses to check, build, serve or print a folder that holds no site, so a
/// command run in the wrong folder says so instead of writing an empty site.
fn require_site(root: &Path) -> anyhow::Result<()> {
    if root.join("warroom.yaml").exists() || root.join("content").exists() {
        return Ok(());
    }
    bail!(
        "no warroom site here (`{}` has no warroom.yaml and no content/); run `warroom init` to create one",
        root.display()
    )
}

/// What to do after `warroom new`, one line each.
fn next_after_new(kind: scaffold::NewKind) -> &'static [&'static str] {
    use scaffold::NewKind;
    match kind {
        NewKind::Incident => &[
            "next: fill in the front matter (title, severity, services, commander, started/detected/mitigated/resolved)",
            "      and every section: summary, impact, timeline, root cause (the whys), resolution, action items, lessons;",
            "      replace every guidance line; `warroom check` lists what is left. Set `status: review`, then `final`.",
        ],
        NewKind::Runbook => &[
            "next: fill in services, owner and contacts, then when to use, steps, verification, rollback and escalation;",
            "      replace every guidance line; `warroom check` lists what is left.",
        ],
        NewKind::Contacts => &[
            "next: replace every example name, number and address with real ones (the examples reach no one),",
            "      ring each number and set `last_verified` to that day; `warroom check` lists what is left.",
        ],
    }
}

/// A path as it can be pasted into a shell.
fn shell_quoted(p: &Path) -> String {
    let s = p.display().to_string();
    if s.chars().all(|c| c.is_ascii_alphanumeric() || "/._-+:@".contains(c)) {
        s
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// `warroom timeline`'s arguments.
struct TimelineArgs {
    source: PathBuf,
    from: Option<String>,
    to: Option<String>,
    channel: Option<String>,
    zone: Option<String>,
    into: Option<PathBuf>,
}

/// `warroom timeline`: prints entries, or adds them to a post-mortem.
fn timeline(a: &TimelineArgs, root: &Path, explicit_root: bool, cwd: &Path, quiet: bool) -> anyhow::Result<ExitCode> {
    use crate::sources::{self, into};
    let into_path = a.into.as_ref().map(|p| if p.is_absolute() { p.clone() } else { cwd.join(p) });
    // The post-mortem's own site decides section names and the default zone.
    let root = match (&into_path, explicit_root) {
        (Some(p), false) => site::find_root(p.parent().unwrap_or(cwd)),
        _ => root.to_path_buf(),
    };
    let config = crate::config::Config::load(&root)?;
    let target = match (&a.into, &into_path) {
        (Some(shown), Some(p)) => {
            let text = std::fs::read_to_string(p).with_context(|| format!("cannot read `{}`", shown.display()))?;
            let zone = into::zone(&text, &shown.display().to_string(), &config)?;
            Some((shown, p, text, zone))
        }
        _ => None,
    };
    let zone = match &a.zone {
        Some(z) => crate::time::Zone::parse(z).ok_or_else(|| {
            anyhow::anyhow!(
                "`--zone {z}` is not a time zone; write an IANA name (Europe/Berlin), UTC or an offset (+02:00)"
            )
        })?,
        None => target.as_ref().map_or(config.timezone, |t| t.3),
    };
    let bound = |t: &Option<String>, flag: &str, end: bool| -> anyhow::Result<_> {
        t.as_deref()
            .map(|t| sources::parse_bound(t, &zone, end).map_err(|e| anyhow::anyhow!("`--{flag}`: {e}")))
            .transpose()
    };
    let opts = sources::Options {
        from: bound(&a.from, "from", false)?,
        to: bound(&a.to, "to", true)?,
        channel: a.channel.clone(),
        zone,
    };
    let events = sources::read(&a.source, &opts)?;
    let Some((shown, path, text, _)) = target else {
        let lines = sources::render(&events, sources::Render { zone: &zone, date: None });
        let out: String = lines.iter().map(|l| format!("- {}\n", l.text())).collect();
        print_out(&out)?;
        if events.is_empty() && !quiet {
            eprintln!("no entries in `{}` for this window", a.source.display());
        }
        return Ok(ExitCode::SUCCESS);
    };
    if events.is_empty() {
        if !quiet {
            eprintln!("no entries in `{}` for this window; `{}` is unchanged", a.source.display(), shown.display());
        }
        return Ok(ExitCode::SUCCESS);
    }
    let plan = into::plan(&text, &shown.display().to_string(), &config, &events)?;
    into::write_atomic(path, &plan.text)?;
    for w in &plan.warnings {
        eprintln!("warning: `{}`: {w}", shown.display());
    }
    if !quiet {
        let (first, last) = (plan.added.first().copied().unwrap_or(0), plan.added.last().copied().unwrap_or(0));
        eprintln!(
            "added {} entries to `{}` (lines {first}–{last}, times in {})",
            plan.added.len(),
            shown.display(),
            plan.zone.name()
        );
    }
    Ok(ExitCode::SUCCESS)
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
