//! Command-line arguments (clap derive).

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::check::report::Format;
use crate::scaffold::NewKind;

/// Incident post-mortems, runbooks and phone lists in Markdown → a checked,
/// static, print-friendly site.
#[derive(Debug, Parser)]
#[command(name = "warroom", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    #[command(flatten)]
    pub global: Global,
}

/// Options for every command.
#[derive(Debug, Args)]
pub struct Global {
    /// Site root (default: the nearest folder upwards holding warroom.yaml, else the current one)
    #[arg(long, global = true, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Print only findings and errors
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// Print more about what happens
    #[arg(long, short, global = true)]
    pub verbose: bool,
    /// When to colour output
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
}

/// Colour choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new site with example content (needs no network)
    Init {
        /// Folder to create the site in (default: the current folder)
        dir: Option<PathBuf>,
    },
    /// Create a document from the kind's skeleton
    New {
        /// incident (or postmortem), runbook or contacts
        #[arg(value_enum)]
        kind: NewKind,
        /// The document's title
        title: String,
        /// The date used in the file name and front matter (default: today)
        #[arg(long, value_parser = parse_date)]
        today: Option<NaiveDate>,
    },
    /// Check every post-mortem, runbook and phone list
    Check {
        /// Check only these files (links are still resolved against the whole site)
        paths: Vec<PathBuf>,
        /// Output format
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Treat warnings as errors (`--deny warnings`)
        #[arg(long, value_name = "LEVEL", value_parser = ["warnings"])]
        deny: Option<String>,
        /// The date "today" for overdue and staleness rules (YYYY-MM-DD)
        #[arg(long, value_parser = parse_date)]
        today: Option<NaiveDate>,
    },
    /// Check and build the site into a folder
    Build {
        /// Output folder (default: public/ in the site root)
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// The date "today" for overdue marks and review states (YYYY-MM-DD)
        #[arg(long, value_parser = parse_date)]
        today: Option<NaiveDate>,
        /// Include draft post-mortems
        #[arg(long)]
        drafts: bool,
    },
    /// Serve the site with live reload while you write
    Serve {
        /// Port to listen on (0 picks a free one)
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Address to listen on; anything but loopback shares the preview on the network
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Open the site in the default browser
        #[arg(long)]
        open: bool,
        /// The date "today" for overdue and staleness rules (YYYY-MM-DD)
        #[arg(long, value_parser = parse_date)]
        today: Option<NaiveDate>,
    },
    /// Print the binder to PDF through a local Chromium or Chrome
    Pdf {
        /// Output file (default: binder.pdf in the site root)
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Browser executable (default: chromium, chromium-browser, google-chrome on the PATH)
        #[arg(long, value_name = "PATH")]
        browser: Option<PathBuf>,
        #[arg(long, value_parser = parse_date)]
        today: Option<NaiveDate>,
    },
    /// Timeline entries from a Slack export, PagerDuty log entries or a CSV file
    Timeline {
        /// A Slack workspace export (zip or folder), PagerDuty `log_entries` JSON, or a CSV file with a header
        source: PathBuf,
        /// Leave out what happened before this time (RFC 3339, or YYYY-MM-DD HH:MM[:SS] in --zone)
        #[arg(long, value_name = "TIME")]
        from: Option<String>,
        /// Leave out what happened after this time (inclusive, same forms as --from)
        #[arg(long, value_name = "TIME")]
        to: Option<String>,
        /// The Slack channel to read (needed when several have messages in the window)
        #[arg(long, value_name = "NAME")]
        channel: Option<String>,
        /// Zone of times written without one (CSV cells, --from, --to); default the post-mortem's, then the site's
        #[arg(long, value_name = "ZONE")]
        zone: Option<String>,
        /// Add the entries to this post-mortem's timeline section instead of printing them
        #[arg(long, value_name = "FILE")]
        into: Option<PathBuf>,
    },
    /// Turn Markdown post-mortems without front matter into documents under content/incidents/
    Import {
        /// Markdown files, or folders whose `*.md` files are all imported
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// The site to import into (default: the site root, `--root` or found upwards)
        #[arg(long, value_name = "DIR")]
        into: Option<PathBuf>,
        /// Print what would be imported; write nothing
        #[arg(long)]
        dry_run: bool,
    },
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    crate::time::parse_date(s).ok_or_else(|| format!("`{s}` is not a date; write YYYY-MM-DD, e.g. 2026-03-01"))
}
