//! `warroom pdf`: the binder printed to PDF by a local headless Chromium or
//! Chrome, offline. The site is rendered into a private temporary folder and
//! `print.html` opened from disk; paper size, page breaks and the footer on
//! every page come from the theme's print stylesheet, so the PDF is exactly
//! what the browser's own print dialog would produce.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _};
use chrono::NaiveDate;

use crate::site::{self, Loaded};

const BROWSERS: &[&str] = &["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"];

/// How long a browser may take to print before it is stopped: a hung browser
/// must not hang CI.
const PRINT_TIMEOUT: Duration = Duration::from_secs(120);

/// Flags that make a headless browser quiet, self-contained and runnable as
/// root in a container. Shared with the browser tests through [`headless_args`].
const HEADLESS_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-quic",
];

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

/// The flags warroom passes to every headless browser run, with `profile` as
/// a private, throw-away user data folder.
pub fn headless_args(profile: &Path) -> Vec<String> {
    let mut args: Vec<String> = HEADLESS_FLAGS.iter().map(|f| f.to_string()).collect();
    args.push(format!("--user-data-dir={}", profile.display()));
    args
}

/// A `file://` URL for an absolute path, percent-encoding what a URL cannot
/// hold literally (spaces, `#`, `?`, `%`, non-ASCII).
pub fn file_url(path: &Path) -> String {
    let mut url = String::from("file://");
    let text = path.to_string_lossy();
    if !text.starts_with('/') {
        // Windows drive paths: file:///C:/…
        url.push('/');
    }
    for b in text.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~:".contains(&b) {
            url.push(b as char);
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url
}

/// Prints `page` (a file on disk) to `out` as PDF with a headless browser.
pub fn print_to_pdf(browser: &Path, page: &Path, out: &Path) -> anyhow::Result<()> {
    let page = std::path::absolute(page).with_context(|| format!("cannot resolve `{}`", page.display()))?;
    let out = std::path::absolute(out).with_context(|| format!("cannot resolve `{}`", out.display()))?;
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    }
    // Chromium leaves a stale file alone on failure; remove it so success is
    // judged by the file existing.
    let _ = std::fs::remove_file(&out);
    let profile = tempdir("profile")?;
    let result = run_browser(browser, &profile, &page, &out);
    let _ = std::fs::remove_dir_all(&profile);
    let stderr = result?;
    if !out.is_file() {
        bail!(
            "`{}` did not print `{}`: {}\n  hint: run it by hand with `--headless --print-to-pdf` to see why, \
             or pass another browser with `--browser PATH`",
            browser.display(),
            page.display(),
            last_line(&stderr)
        );
    }
    Ok(())
}

/// Runs the browser to completion (or the timeout) and returns its stderr.
fn run_browser(browser: &Path, profile: &Path, page: &Path, out: &Path) -> anyhow::Result<String> {
    let stderr_path = profile.join("stderr.log");
    let stderr_file =
        std::fs::File::create(&stderr_path).with_context(|| format!("cannot create `{}`", stderr_path.display()))?;
    let mut child = Command::new(browser)
        .args(headless_args(profile))
        .args(["--no-pdf-header-footer", "--run-all-compositor-stages-before-draw"])
        .arg(format!("--print-to-pdf={}", out.display()))
        .arg(file_url(page))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(stderr_file)
        .spawn()
        .with_context(|| {
            format!("cannot start `{}`; is it installed? Pass another browser with `--browser PATH`", browser.display())
        })?;
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().context("cannot wait for the browser")? {
            break status;
        }
        if started.elapsed() > PRINT_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            bail!(
                "`{}` did not finish printing `{}` within {} s and was stopped",
                browser.display(),
                page.display(),
                PRINT_TIMEOUT.as_secs()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let stderr = std::fs::read_to_string(&stderr_path).unwrap_or_default();
    if !status.success() {
        bail!("`{}` failed to print `{}` ({status}): {}", browser.display(), page.display(), last_line(&stderr));
    }
    Ok(stderr)
}

fn last_line(text: &str) -> &str {
    text.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("no output")
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_url_escapes_what_a_url_cannot_hold() {
        assert_eq!(file_url(Path::new("/tmp/site/print.html")), "file:///tmp/site/print.html");
        assert_eq!(file_url(Path::new("/tmp/my site/#1?/ü.html")), "file:///tmp/my%20site/%231%3F/%C3%BC.html");
    }

    #[test]
    fn a_missing_browser_is_an_error_that_names_it() {
        let dir = tempdir("test-missing").unwrap();
        let page = dir.join("print.html");
        std::fs::write(&page, "<p>x</p>").unwrap();
        let err = print_to_pdf(Path::new("/nonexistent/chromium"), &page, &dir.join("out.pdf")).unwrap_err();
        let _ = std::fs::remove_dir_all(&dir);
        assert!(format!("{err:#}").contains("/nonexistent/chromium"), "{err:#}");
    }

    #[test]
    fn headless_args_use_the_given_profile() {
        let args = headless_args(Path::new("/tmp/p"));
        assert!(args.contains(&"--headless".to_string()));
        assert!(args.contains(&"--user-data-dir=/tmp/p".to_string()));
    }
}
