//! Helpers shared by the integration test binaries: the repository root,
//! the fixed "today", copying fixture sites and reading output trees.

// Each test binary uses only some of these helpers.
#![allow(dead_code)]

pub mod browser;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// The "today" every test builds with, so overdue and stale marks are fixed.
pub const TODAY: &str = "2026-11-22";

/// The repository root, which is also the example site.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies a folder tree (a fixture site) into `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir` with its bytes, keyed by its path under `dir`.
pub fn all_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned(), fs::read(e.path()).unwrap()))
        .collect()
}

/// Runs the warroom binary in `cwd` with `SOURCE_DATE_EPOCH` unset.
pub fn warroom(args: &[&str], cwd: &Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_warroom"))
        .args(args)
        .current_dir(cwd)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("run warroom")
}

/// `warroom check --format json --today TODAY` on a site: the findings as
/// JSON objects and the exit code. Output that is not JSON fails the test
/// with what the binary printed.
pub fn check_json(site: &Path, today: &str) -> (Vec<serde_json::Value>, Option<i32>) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_warroom"))
        .arg("--root")
        .arg(site)
        .args(["check", "--format", "json", "--today", today])
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("the warroom binary runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "`{}`: stdout is not JSON ({e}); exit {:?}\nstdout:\n{stdout}\nstderr:\n{}",
            site.display(),
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (json.as_array().expect("a JSON array").clone(), out.status.code())
}

/// A site of `n` small incidents: the even ones in 2025, the odd ones in
/// 2026, all on service `db`, each with one open action item due in
/// January 2027 and one done.
pub fn many_incidents(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("warroom.yaml"), "title: Many\npostmortem:\n  min_whys: 3\n").unwrap();
    let folder = dir.path().join("content/incidents");
    std::fs::create_dir_all(&folder).unwrap();
    for k in 0..n {
        let year = 2025 + k % 2;
        let day = 1 + (k / 2) % 28;
        let text = format!(
            "---\nid: INC-{k:05}\ntitle: Incident number {k}\ndate: {year}-03-{day:02}\nseverity: SEV{sev}\n\
             status: final\nservices: [db]\ntags: [paging]\n---\n## Summary\n\nShort.\n\n## Impact\n\nSome.\n\n\
             ## Timeline\n\n- 10:00 [started] began\n- 10:05 [detected] paged\n- 10:30 [resolved] fixed\n\n\
             ## Root cause\n\n1. Why? Because.\n2. Why? Because.\n3. Why? Because.\n\n## Resolution\n\nFixed.\n\n## Lessons learned\n\nMany.\n\n## Action items\n\n\
             - [ ] Fix the thing {k} — @owner{o} — due 2027-01-{day:02}\n- [x] Done thing {k} — @owner{o} — due 2025-12-01\n",
            sev = 1 + k % 4,
            o = k % 7
        );
        std::fs::write(folder.join(format!("inc-{k:05}.md")), text).unwrap();
    }
    dir
}

/// `warroom build --today TODAY` of the site at `root` into a new
/// temporary folder: the folder (keep it alive) and its `public/`. A build
/// that fails fails the test with what the binary printed.
pub fn build_site(root: &Path, today: &str) -> (tempfile::TempDir, PathBuf) {
    let out = tempfile::tempdir().expect("a temporary folder");
    let public = out.path().join("public");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_warroom"))
        .arg("--root")
        .arg(root)
        .args(["build", "--today", today, "--out"])
        .arg(&public)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("the warroom binary runs");
    assert!(o.status.success(), "`{}` does not build:\n{}", root.display(), String::from_utf8_lossy(&o.stderr));
    (out, public)
}
