//! `warroom check` against fixture sites: `tests/fixtures/check/<rule>/bad`
//! must report the rule and `…/good` must not.
//!
//! Every folder under `tests/fixtures/check/` is picked up, so a new rule's
//! fixture needs no code here; every rule warroom knows must have one. The
//! same fixtures run through the library (`check::run`) and through the real
//! binary (`--format json`), so the rules and the CLI are tested apart.

mod common;

use common::TODAY;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use warroom::check;
use warroom::config::Config;
use warroom::content;
use warroom::diagnostic::{Level, RULES};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/check")
}

/// Every `(rule, folder)` fixture, sorted.
fn cases() -> Vec<(String, PathBuf)> {
    let mut out: Vec<(String, PathBuf)> = std::fs::read_dir(fixtures())
        .expect("tests/fixtures/check exists")
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
        .collect();
    out.sort();
    out
}

/// Findings as `(rule, level)` pairs, through the library.
fn check_with_library(site: &Path) -> Vec<(String, Level)> {
    let config = Config::load(site).unwrap_or_else(|e| panic!("`{}`: {e}", site.display()));
    let lib = content::load(site, &config).unwrap_or_else(|e| panic!("`{}`: {e}", site.display()));
    let today = NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").expect("a date");
    check::run(&lib, &config, today).into_iter().map(|d| (d.rule.to_string(), d.level)).collect()
}

/// Findings as `(rule, level)` pairs, through the binary, with its exit code.
fn check_with_binary(site: &Path) -> (Vec<(String, Level)>, Option<i32>) {
    let (json, code) = common::check_json(site, TODAY);
    let findings = json
        .iter()
        .map(|f| {
            let level = if f["level"] == "error" { Level::Error } else { Level::Warning };
            (f["rule"].as_str().expect("a rule name").to_string(), level)
        })
        .collect();
    (findings, code)
}

fn assert_fixture(rule: &str, dir: &Path, run: &dyn Fn(&Path) -> Vec<(String, Level)>) {
    let bad = run(&dir.join("bad"));
    assert!(bad.iter().any(|(r, _)| r == rule), "{rule}/bad should report `{rule}`, got {bad:?}");
    let good = run(&dir.join("good"));
    assert!(!good.iter().any(|(r, _)| r == rule), "{rule}/good should not report `{rule}`, got {good:?}");
}

#[test]
fn every_rule_has_a_fixture() {
    let names: Vec<String> = cases().into_iter().map(|(n, _)| n).collect();
    for (rule, _) in RULES {
        assert!(names.iter().any(|n| n == rule), "no fixture tests/fixtures/check/{rule}/");
    }
    for (name, dir) in cases() {
        assert!(RULES.iter().any(|(r, _)| *r == name), "fixture `{name}` names no rule");
        assert!(
            dir.join("bad/content").is_dir() && dir.join("good/content").is_dir(),
            "{name} needs bad/ and good/ sites"
        );
    }
}

#[test]
fn fixtures_through_the_library() {
    for (rule, dir) in cases() {
        assert_fixture(&rule, &dir, &check_with_library);
    }
}

#[test]
fn fixtures_through_the_binary() {
    for (rule, dir) in cases() {
        let run = |site: &Path| {
            let (findings, code) = check_with_binary(site);
            let want = if findings.iter().any(|(_, l)| *l == Level::Error) { 1 } else { 0 };
            assert_eq!(code, Some(want), "`{}`: exit code for {findings:?}", site.display());
            findings
        };
        assert_fixture(&rule, &dir, &run);
    }
}

#[test]
fn good_fixtures_are_clean_of_errors() {
    for (rule, dir) in cases() {
        let errors: Vec<_> =
            check_with_library(&dir.join("good")).into_iter().filter(|(_, l)| *l == Level::Error).collect();
        assert!(errors.is_empty(), "{rule}/good has errors: {errors:?}");
    }
}

#[test]
fn example_site_has_no_errors() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = Config::load(root).expect("warroom.yaml loads");
    let lib = content::load(root, &config).expect("content loads");
    let today = NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").expect("a date");
    let errors: Vec<_> = check::run(&lib, &config, today).into_iter().filter(|d| d.level == Level::Error).collect();
    assert!(errors.is_empty(), "{errors:#?}");
}
