//! `warroom pdf`: the binder printed to PDF by a local headless Chromium or
//! Chrome, offline. The site is rendered into a private temporary folder and
//! `print.html` opened from disk.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context as _};
use chrono::NaiveDate;

use crate::site::{self, Loaded};

const BROWSERS: &[&str] = &["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"];

/// Finds a browser on the PATH.
pub fn find_browser() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in BROWSERS {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

/// Prints `file://…/page` to `out` as PDF with a headless browser.
pub fn print_to_pdf(browser: &Path, page: &Path, out: &Path) -> anyhow::Result<()> {
    let profile = tempdir("profile")?;
    let url = format!("file://{}", page.display());
    let status = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--no-pdf-header-footer",
            "--run-all-compositor-stages-before-draw",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", out.display()))
        .arg(&url)
        .output()
        .with_context(|| format!("cannot start `{}`", browser.display()));
    let _ = std::fs::remove_dir_all(&profile);
    let status = status?;
    if !status.status.success() || !out.is_file() {
        bail!(
            "`{}` failed to print `{}`: {}",
            browser.display(),
            page.display(),
            String::from_utf8_lossy(&status.stderr).lines().last().unwrap_or("no output")
        );
    }
    Ok(())
}

fn tempdir(what: &str) -> anyhow::Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("warroom-{what}-{}-{}", std::process::id(), nanos()));
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    Ok(dir)
}

fn nanos() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0)
}

/// Renders the site and prints its binder to `out`.
pub fn print_binder(loaded: &Loaded, today: NaiveDate, out: &Path, browser: Option<&Path>) -> anyhow::Result<()> {
    let browser = match browser {
        Some(b) => b.to_path_buf(),
        None => find_browser().context(
            "no Chromium or Chrome found on the PATH; install one (Debian/Ubuntu: `apt-get install chromium`, \
             macOS: install Google Chrome) or pass `--browser /path/to/chrome`",
        )?,
    };
    let files = site::render_files(loaded, today, false)?;
    let dir = tempdir("pdf")?;
    let result = crate::output::write_site(&dir.join("site"), &files)
        .and_then(|()| print_to_pdf(&browser, &dir.join("site").join("print.html"), out));
    let _ = std::fs::remove_dir_all(&dir);
    result
}
