//! Issue 20, the pages as a reader sees them: each point is measured in a
//! real headless Chromium at 390 and 1280 px wide (and 1600 for search), in
//! light and dark where colour matters, on the example site built from
//! `file://`. Layout is read from the browser (bounding rects, computed
//! styles), not from the HTML text, so a rule that looks right in the CSS
//! but loses to another one still fails here.
//!
//! As in the other browser tests, a missing Chromium or poppler prints a
//! loud `SKIPPED` line and passes, unless `WARROOM_REQUIRE_BROWSER=1`.

mod common;

use common::browser::{chromium, on_path, require, Browser};
use common::{copy_dir, repo, TODAY};

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::json;

/// The example site built into a fresh folder: (the folder, its `public/`).
fn example_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("content"), &dir.path().join("content"));
    fs::copy(repo().join("warroom.yaml"), dir.path().join("warroom.yaml")).unwrap();
    let out = dir.path().join("public");
    let run = Command::new(env!("CARGO_BIN_EXE_warroom"))
        .arg("--root")
        .arg(dir.path())
        .args(["build", "--today", TODAY, "--out"])
        .arg(&out)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("the warroom binary runs");
    assert!(run.status.success(), "build failed:\n{}", String::from_utf8_lossy(&run.stderr));
    (dir, out)
}

/// The built pages under `dir` (relative paths, sorted), e.g. every incident.
fn pages_in(out: &Path, dir: &str) -> Vec<String> {
    // A year of the history (`incidents/2025.html`) is a list, not a document.
    let list =
        |n: &str| n == "index.html" || n.split('.').next().is_some_and(|s| s.bytes().all(|b| b.is_ascii_digit()));
    let mut pages: Vec<String> = fs::read_dir(out.join(dir))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".html") && !list(n))
        .map(|n| format!("{dir}/{n}"))
        .collect();
    pages.sort();
    pages
}

/// Sets the viewport width and colour scheme, then opens `page` of `out`.
fn open(b: &mut Browser, out: &Path, page: &str, width: u32, dark: bool) {
    b.call(
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600 }),
    );
    b.call(
        "Emulation.setEmulatedMedia",
        json!({ "media": "screen", "features": [{ "name": "prefers-color-scheme", "value": if dark { "dark" } else { "light" } }] }),
    );
    let (file, query) = page.split_once('?').map_or((page, ""), |(f, q)| (f, q));
    let mut url = warroom::pdf::file_url(&out.join(file));
    if !query.is_empty() {
        url = format!("{url}?{query}");
    }
    b.load(Some(&url));
}

/// Runs `script` (an expression giving a list of problem strings) and
/// returns the problems, each prefixed with where it was seen.
fn problems(b: &mut Browser, script: &str, place: &str) -> Vec<String> {
    let v = b.eval(script);
    v.as_array()
        .unwrap_or_else(|| panic!("{place}: the script gave {v}"))
        .iter()
        .map(|p| format!("{place}: {}", p.as_str().map_or_else(|| p.to_string(), str::to_string)))
        .collect()
}

fn assert_none(problems: &[String], what: &str) {
    assert!(problems.is_empty(), "{what}:\n  {}", problems.join("\n  "));
}

fn start() -> Option<Browser> {
    chromium().map(|c| Browser::start(&c))
}

// ---------------------------------------------------------------------------
// Search
// ---------------------------------------------------------------------------

#[test]
fn search_results_open_within_the_screen_at_every_width() {
    let Some(mut b) = start() else { return };
    let (_site, out) = example_site();
    let mut found = Vec::new();
    // At 1000 px the search box wraps to the left of a row of its own; with
    // a longer nav (two more links, as a site's own template may add) it
    // does so at 1280 and 1600 px too.
    for page in ["index.html", "incidents/inc-2024-044.html", "stats.html"] {
        for (width, longer_nav) in [(390, false), (1000, false), (1280, false), (1280, true), (1600, true)] {
            open(&mut b, &out, &format!("{page}?q=postgres"), width, false);
            b.wait_for("!document.getElementById('search-results').hidden");
            if longer_nav {
                b.eval(
                    "(() => { const ul = document.querySelector('.site-nav ul');
                       for (const t of ['Incident history by year', 'Postmortem templates', 'Escalation policy'])
                         { const li = ul.lastElementChild.cloneNode(true); li.firstElementChild.textContent = t; ul.append(li) } })()",
                );
            }
            let place = format!("{page} at {width}px{}", if longer_nav { " with a longer nav" } else { "" });
            found.extend(problems(
                &mut b,
                "(() => { const r = document.getElementById('search-results').getBoundingClientRect();
                   const out = [];
                   if (r.width < 200) out.push('the results are ' + r.width + 'px wide');
                   if (r.left < 0 || r.right > innerWidth) out.push('the results span ' + r.left + '..' + r.right + 'px of ' + innerWidth);
                   return out })()",
                &place,
            ));
        }
    }
    assert_none(&found, "search results off the screen");
}

// ---------------------------------------------------------------------------
// Phone lists
// ---------------------------------------------------------------------------

const PHONE_LIST_PROBLEMS: &str = "(() => {
  const out = [];
  const texty = e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()) && e.getClientRects().length;
  for (const t of document.querySelectorAll('table.phone-table:not(.compact)')) {
    const heads = [...t.tHead.rows[0].cells];
    const rows = [...t.tBodies[0].rows];
    heads.forEach((h, i) => {
      if (rows.every(r => !r.cells[i] || !r.cells[i].textContent.trim()))
        out.push('the column ' + JSON.stringify(h.textContent.trim()) + ' is empty in every row');
    });
    for (const r of rows) {
      const name = r.querySelector('td.who').textContent.trim().split('\\n')[0];
      const phone = r.querySelector('a.phone:not(.alt)');
      const size = parseFloat(getComputedStyle(phone).fontSize);
      for (const e of r.querySelectorAll('*')) {
        if (texty(e) && e !== phone && parseFloat(getComputedStyle(e).fontSize) > size)
          out.push(name + ': ' + JSON.stringify(e.textContent.trim()) + ' is larger than the number');
      }
      for (const a of r.querySelectorAll('td.email a')) {
        const lines = new Set([...a.getClientRects()].filter(q => q.width > 0).map(q => Math.round(q.top)));
        if (lines.size > 1) out.push(name + ': the e-mail ' + a.textContent + ' takes ' + lines.size + ' lines');
        if (a.getBoundingClientRect().right > innerWidth) out.push(name + ': the e-mail runs off the screen');
      }
      if (r.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        out.push(name + ': the row runs off the screen (' + r.getBoundingClientRect().right + 'px)');
    }
  }
  return out })()";

#[test]
fn phone_lists_are_dense_with_the_dialled_number_largest() {
    let Some(mut b) = start() else { return };
    let (_site, out) = example_site();
    let mut found = Vec::new();
    for page in pages_in(&out, "contacts") {
        for width in [390, 1280] {
            open(&mut b, &out, &page, width, false);
            found.extend(problems(&mut b, PHONE_LIST_PROBLEMS, &format!("{page} at {width}px")));
        }
    }
    assert_none(&found, "phone lists");
}

// ---------------------------------------------------------------------------
// Stats
// ---------------------------------------------------------------------------

const STATS_PROBLEMS: &str = "(() => {
  const out = [];
  if (document.documentElement.scrollWidth > innerWidth) out.push('the page scrolls sideways');
  for (const box of document.querySelectorAll('.chart-table, .chart-figure')) {
    const title = box.closest('section').querySelector('h2').textContent;
    if (box.scrollWidth > box.clientWidth + 1) out.push(title + ': ' + box.className + ' is cut (' + box.scrollWidth + ' > ' + box.clientWidth + ')');
    const r = box.getBoundingClientRect();
    for (const c of box.querySelectorAll('table, svg')) {
      const q = c.getBoundingClientRect();
      if (q.right > r.right + 1 || q.left < r.left - 1) out.push(title + ': the ' + c.tagName + ' sticks out of its box');
    }
    for (const t of box.querySelectorAll('svg text')) {
      const px = parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a;
      if (px < 11) out.push(title + ': the label ' + JSON.stringify(t.textContent) + ' is ' + px.toFixed(1) + 'px');
    }
  }
  for (const table of document.querySelectorAll('.chart-table table')) {
    const head = table.tHead.rows[0].cells[0].textContent.trim();
    if (head !== 'Quarter') continue;
    const qs = [...table.tBodies[0].rows].map(r => r.cells[0].textContent.trim()).map(s => {
      const m = s.match(/^(\\d{4}) Q([1-4])$/); return m ? +m[1] * 4 + +m[2] - 1 : NaN });
    for (let i = 1; i < qs.length; i++)
      if (qs[i] !== qs[i - 1] + 1) out.push('quarters jump from ' + table.tBodies[0].rows[i - 1].cells[0].textContent + ' to ' + table.tBodies[0].rows[i].cells[0].textContent);
  }
  return out })()";

#[test]
fn stats_tables_and_charts_fit_their_boxes_with_readable_axes_and_every_quarter() {
    let Some(mut b) = start() else { return };
    let (_site, out) = example_site();
    let mut found = Vec::new();
    for width in [390, 1280] {
        open(&mut b, &out, "stats.html", width, false);
        found.extend(problems(&mut b, STATS_PROBLEMS, &format!("stats at {width}px")));
    }
    assert_none(&found, "stats");
}

// ---------------------------------------------------------------------------
// Contrast
// ---------------------------------------------------------------------------

/// Every visible piece of text whose colour against what is behind it is
/// below 4.5:1 (WCAG 2 contrast; opacity and translucent backgrounds blended).
const CONTRAST_PROBLEMS: &str = "(() => {
  const parse = s => { const m = s.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1] };
  const over = (top, under) => [0, 1, 2].map(i => top[i] * top[3] + under[i] * (1 - top[3])).concat([1]);
  const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4) };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]) };
  const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05) };
  const behind = el => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let bg = matchMedia('(prefers-color-scheme: dark)').matches ? [0, 0, 0, 1] : [255, 255, 255, 1];
    for (let i = layers.length - 1; i >= 0; i--) bg = over(layers[i], bg);
    return bg;
  };
  const opacity = el => { let o = 1; for (let e = el; e; e = e.parentElement) o *= parseFloat(getComputedStyle(e).opacity); return o };
  const out = [], seen = new Set();
  for (const el of document.body.querySelectorAll('*')) {
    if (!['SCRIPT', 'STYLE', 'TITLE'].includes(el.tagName) && [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) {
      const r = el.getBoundingClientRect();
      if (r.width < 2 || r.height < 2 || r.bottom < 0 || r.right < 0 || r.left > innerWidth) continue;
      if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
      if (el.closest('.visually-hidden, .skip-link')) continue;
      const o = opacity(el);
      if (o < 0.05) continue;
      const cs = getComputedStyle(el);
      const fg = parse(el instanceof SVGElement ? cs.fill : cs.color);
      if (!fg) continue;
      fg[3] *= o;
      const bg = behind(el);
      const c = ratio(over(fg, bg), bg);
      if (c < 4.5) {
        const text = [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent.trim()).join(' ').slice(0, 40);
        const key = el.tagName + '.' + el.className + cs.color;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(c.toFixed(2) + ':1 ' + el.tagName.toLowerCase() + (el.className && el.className.baseVal === undefined ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
          + ' ' + JSON.stringify(text) + ' ' + (el instanceof SVGElement ? cs.fill : cs.color) + ' on rgb(' + bg.slice(0, 3).map(Math.round).join(', ') + ')');
      }
    }
  }
  return out })()";

#[test]
fn all_text_and_badges_meet_4_5_to_1_in_light_and_dark() {
    let Some(mut b) = start() else { return };
    let (_site, out) = example_site();
    let mut found = Vec::new();
    let mut pages = vec!["index.html".to_string(), "stats.html".to_string(), "incidents/index.html".to_string()];
    pages.extend(pages_in(&out, "incidents"));
    pages.extend(pages_in(&out, "runbooks"));
    pages.extend(pages_in(&out, "contacts"));
    for page in &pages {
        for dark in [false, true] {
            for width in [390, 1280] {
                open(&mut b, &out, page, width, dark);
                // Hovering is not reading: the copy buttons count as they rest.
                let place = format!("{page} {} {width}px", if dark { "dark" } else { "light" });
                found.extend(problems(&mut b, CONTRAST_PROBLEMS, &place));
            }
        }
    }
    // The search results panel, open.
    for dark in [false, true] {
        open(&mut b, &out, "index.html?q=postgres", 1280, dark);
        b.wait_for("!document.getElementById('search-results').hidden");
        found.extend(problems(&mut b, CONTRAST_PROBLEMS, &format!("search results dark={dark}")));
    }
    found.sort();
    found.dedup();
    assert_none(&found, "text below 4.5:1");
}

// ---------------------------------------------------------------------------
// Code blocks
// ---------------------------------------------------------------------------

/// Every copy button that covers visible code text.
const COPY_BUTTON_PROBLEMS: &str = "(() => {
  const out = [];
  for (const pre of document.querySelectorAll('pre.has-copy')) {
    const btn = pre.querySelector('.copy-btn');
    const code = pre.querySelector('code') || pre;
    const b = btn.getBoundingClientRect();
    const p = pre.getBoundingClientRect();
    // What of the code shows: the box inside the pre's borders and scrollbar.
    const view = { left: p.left + pre.clientLeft, top: p.top + pre.clientTop,
                   right: p.left + pre.clientLeft + pre.clientWidth, bottom: p.top + pre.clientTop + pre.clientHeight };
    const range = document.createRange();
    range.selectNodeContents(code);
    for (const r of range.getClientRects()) {
      const left = Math.max(r.left, view.left, b.left), right = Math.min(r.right, view.right, b.right);
      const top = Math.max(r.top, view.top, b.top), bottom = Math.min(r.bottom, view.bottom, b.bottom);
      if (r.width > 0 && right - left > 0.5 && bottom - top > 0.5) {
        out.push('the copy button covers ' + JSON.stringify(code.textContent.trim().split('\\n')[0].slice(0, 50)));
        break;
      }
    }
  }
  return out })()";

#[test]
fn the_copy_button_is_clear_of_the_code_text() {
    let Some(mut b) = start() else { return };
    let (_site, out) = example_site();
    let mut found = Vec::new();
    let mut pages = pages_in(&out, "runbooks");
    pages.extend(pages_in(&out, "incidents"));
    let mut blocks = 0;
    for page in &pages {
        for width in [390, 1280] {
            open(&mut b, &out, page, width, false);
            blocks += b.eval("document.querySelectorAll('pre.has-copy').length").as_u64().unwrap();
            found.extend(problems(&mut b, COPY_BUTTON_PROBLEMS, &format!("{page} at {width}px")));
        }
    }
    assert!(blocks > 0, "no code block with a copy button in the example site");
    assert_none(&found, "copy buttons over code");
}

// ---------------------------------------------------------------------------
// Timeline and times
// ---------------------------------------------------------------------------

/// The timeline and the milestone table show times compactly: a date only
/// when the day changes, UTC only where it differs from the local time.
const TIME_PROBLEMS: &str = "(() => {
  const out = [];
  for (const ol of document.querySelectorAll('ol.timeline')) {
    let day = null;
    for (const li of ol.children) {
      if (li.classList.contains('tl-day')) {
        const d = li.textContent.trim();
        if (d === day) out.push('the day ' + d + ' is shown twice in a row');
        day = d;
        continue;
      }
      const time = li.querySelector('.tl-time'), t = time.textContent.trim();
      if (!/^\\d\\d:\\d\\d( [A-Za-z][\\w\\/+:-]*)?$/.test(t)) out.push('the entry time ' + JSON.stringify(t) + ' is not compact');
      const iso = time.getAttribute('datetime'), hm = iso.slice(11, 16), d = iso.slice(0, 10);
      const u = li.querySelector('.tl-utc');
      if (u && u.getClientRects().length) {
        const ut = u.textContent.trim();
        if (t.slice(0, 5) === hm && d === day) out.push(day + ' ' + t + ': the UTC time ' + ut + ' repeats the local time');
        if (d === day && ut.includes(d)) out.push(day + ' ' + t + ': the UTC time repeats the day: ' + ut);
      }
    }
  }
  const table = document.querySelector('table.times');
  if (table) {
    const wrap = table.closest('.table-wrap');
    if (wrap.scrollWidth > wrap.clientWidth + 1) out.push('the times table is cut (' + wrap.scrollWidth + ' > ' + wrap.clientWidth + ')');
    const heads = [...table.tHead.rows[0].cells].map(c => c.textContent.trim());
    const rows = [...table.tBodies[0].rows].filter(r => r.querySelector('time'));
    const same = rows.every(r => { const t = r.querySelector('time'); return t.textContent.includes(t.getAttribute('datetime').slice(11, 16)) });
    if (same && heads.includes('UTC')) out.push('a UTC column although every local time is UTC');
    let last = null;
    for (const r of rows) {
      const cells = [...r.cells].slice(1).map(c => c.textContent.trim());
      const dates = cells.map(c => (c.match(/\\d{4}-\\d\\d-\\d\\d/) || [null])[0]);
      if (dates[0] && dates[0] === last) out.push(r.cells[0].textContent + ': the date ' + dates[0] + ' again');
      if (dates[0]) last = dates[0];
      if (dates[1] && dates[1] === (dates[0] || last)) out.push(r.cells[0].textContent + ': the UTC cell repeats the date');
    }
  }
  return out })()";

#[test]
fn times_show_the_date_only_when_it_changes_and_utc_only_when_it_differs() {
    let Some(mut b) = start() else { return };
    let (_site, out) = example_site();
    let mut found = Vec::new();
    let incidents = pages_in(&out, "incidents");
    assert!(incidents.len() >= 5, "{incidents:?}");
    for page in &incidents {
        for width in [390, 1280] {
            open(&mut b, &out, page, width, false);
            assert!(
                b.eval("document.querySelectorAll('.tl-entry').length").as_u64().unwrap() > 0,
                "{page}: no timeline"
            );
            found.extend(problems(&mut b, TIME_PROBLEMS, &format!("{page} at {width}px")));
        }
    }
    assert_none(&found, "times");
}

// ---------------------------------------------------------------------------
// An incident on paper
// ---------------------------------------------------------------------------

/// The most A4 pages any incident of the example site may print on. Before
/// issue 20 five of them printed on 4 pages and one on 5.
const MAX_INCIDENT_PAGES: usize = 3;

#[test]
fn an_incident_prints_on_fewer_pages_with_every_section() {
    let Some(chromium) = chromium() else { return };
    let Some(pdfinfo) = require("pdfinfo", on_path("pdfinfo")) else { return };
    let Some(pdftotext) = require("pdftotext", on_path("pdftotext")) else { return };
    let (_site, out) = example_site();
    let mut found = Vec::new();
    let mut counts = Vec::new();
    for page in pages_in(&out, "incidents") {
        let html = fs::read_to_string(out.join(&page)).unwrap();
        let pdf = out.join(&page).with_extension("pdf");
        warroom::pdf::print_to_pdf(&chromium, &out.join(&page), &pdf).unwrap();
        let info = String::from_utf8_lossy(&Command::new(&pdfinfo).arg(&pdf).output().unwrap().stdout).into_owned();
        let pages: usize = info.lines().find_map(|l| l.strip_prefix("Pages:")).map(str::trim).unwrap().parse().unwrap();
        counts.push(format!("{page}: {pages}"));
        if pages > MAX_INCIDENT_PAGES {
            found.push(format!("{page} prints on {pages} pages"));
        }
        let text = String::from_utf8_lossy(&Command::new(&pdftotext).arg(&pdf).arg("-").output().unwrap().stdout)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        // Every section heading and every timeline entry's time survive.
        for piece in html.split("<h2 id=\"").skip(1) {
            let heading = &piece[piece.find('>').unwrap() + 1..piece.find('<').unwrap()];
            let heading = heading.replace("&#x27;", "'").replace("&amp;", "&");
            if !text.contains(&heading) {
                found.push(format!("{page}: the heading {heading:?} is not on paper"));
            }
        }
        for piece in html.split("class=\"tl-time\"").skip(1) {
            let time = &piece[piece.find('>').unwrap() + 1..piece.find('<').unwrap()];
            if !text.contains(time) {
                found.push(format!("{page}: the timeline time {time:?} is not on paper"));
            }
        }
    }
    assert_none(&found, &format!("incidents on paper ({})", counts.join(", ")));
}

/// The history as the browser shows it: how many incident tables, the
/// years of the rows in order, and whether the page is cut wider than the screen.
const HISTORY: &str = "(() => {
  const tables = document.querySelectorAll('table.incidents');
  const years = [...document.querySelectorAll('tr.incident-row')].map(r => r.getAttribute('data-year'));
  const wrap = document.querySelector('.table-wrap');
  return { tables: tables.length, years, cut: document.documentElement.scrollWidth > innerWidth + 1 || wrap.scrollWidth > wrap.clientWidth + 1 && getComputedStyle(wrap).overflowX !== 'auto' };
})()";

#[test]
fn the_history_is_one_grid_across_years_and_sorts_across_all_of_them() {
    let Some(mut b) = start() else { return };
    let (_site, out) = example_site();
    for width in [390, 1280] {
        open(&mut b, &out, "incidents/index.html", width, false);
        let h = b.eval(HISTORY);
        assert_eq!(h["tables"], 1, "at {width}px the history is not one table: {h}");
        let years: Vec<String> =
            h["years"].as_array().unwrap().iter().map(|y| y.as_str().unwrap().to_string()).collect();
        let mut distinct = years.clone();
        distinct.dedup();
        assert!(distinct.len() >= 2, "the example's history spans one year only: {years:?}");
        assert!(years.windows(2).all(|w| w[0] >= w[1]), "not newest first: {years:?}");
        assert_eq!(h["cut"], false, "at {width}px the history is cut: {h}");
        // One click on Date sorts every year's rows together, oldest first.
        b.eval("(() => { const th = [...document.querySelectorAll('table.incidents th')].find(t => t.textContent.trim() === 'Date'); th.click(); return 1 })()");
        let sorted: Vec<String> =
            b.eval(HISTORY)["years"].as_array().unwrap().iter().map(|y| y.as_str().unwrap().to_string()).collect();
        let mut expected = years.clone();
        expected.sort();
        let ascending = sorted == expected;
        expected.reverse();
        assert!(
            ascending || sorted == expected,
            "sorting by date did not order every year's rows together: {sorted:?}"
        );
        assert_ne!(sorted, years, "two clicks on Date left the order as it was");
    }
}

#[test]
fn the_example_site_has_the_pages_these_tests_read() {
    let (_site, out) = example_site();
    let stats = fs::read_to_string(out.join("stats.html")).unwrap();
    assert!(stats.contains("<th scope=\"col\">Quarter</th>"), "no quarter table");
    let runbooks =
        pages_in(&out, "runbooks").iter().map(|p| fs::read_to_string(out.join(p)).unwrap()).collect::<String>();
    assert!(runbooks.contains("<pre"), "no code block in the runbooks");
    assert_eq!(pages_in(&out, "contacts").len(), 2, "the example site has two phone lists");
}

// ---------------------------------------------------------------------------
// A fresh `init`
// ---------------------------------------------------------------------------

/// The site `warroom init` makes, built: (the folder, its `public/`).
fn init_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let run = common::warroom(&["init"], dir.path());
    assert!(run.status.success(), "init failed:\n{}", String::from_utf8_lossy(&run.stderr));
    let run = common::warroom(&["build", "--today", TODAY], dir.path());
    assert!(run.status.success(), "build failed:\n{}", String::from_utf8_lossy(&run.stderr));
    let out = dir.path().join("public");
    (dir, out)
}

#[test]
fn a_fresh_init_site_passes_the_same_checks() {
    let Some(mut b) = start() else { return };
    let (_site, out) = init_site();
    let mut found = Vec::new();
    let mut pages = vec!["index.html".to_string(), "stats.html".to_string(), "incidents/index.html".to_string()];
    for dir in ["incidents", "runbooks", "contacts"] {
        pages.extend(pages_in(&out, dir));
    }
    for page in &pages {
        for width in [390, 1280] {
            for dark in [false, true] {
                open(&mut b, &out, page, width, dark);
                let place = format!("{page} {} {width}px", if dark { "dark" } else { "light" });
                found.extend(problems(&mut b, CONTRAST_PROBLEMS, &place));
            }
            let place = format!("{page} at {width}px");
            for script in [PHONE_LIST_PROBLEMS, COPY_BUTTON_PROBLEMS, TIME_PROBLEMS] {
                found.extend(problems(&mut b, script, &place));
            }
            if page == "stats.html" {
                found.extend(problems(&mut b, STATS_PROBLEMS, &place));
            }
        }
        open(&mut b, &out, &format!("{page}?q=example"), 1280, false);
        b.wait_for("!document.getElementById('search-results').hidden");
        found.extend(problems(
            &mut b,
            "(() => { const r = document.getElementById('search-results').getBoundingClientRect();
               return r.left < 0 || r.right > innerWidth ? ['the results span ' + r.left + '..' + r.right] : [] })()",
            page,
        ));
    }
    found.sort();
    found.dedup();
    assert_none(&found, "a fresh init site");
}
