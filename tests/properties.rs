//! Property tests of the two parsers whose mistakes hurt most during an
//! incident: the timeline (ordering across midnight and time zones) and
//! phone numbers (the number a responder dials).
//!
//! Timeline: any increasing list of local times, written with a date only
//! when the day changes, resolves to non-decreasing UTC instants with no
//! finding; one step back without a date gives exactly one
//! `timeline-out-of-order`. Phones: any formatting of a valid number with
//! spaces, dots, dashes and parentheses normalises to the same E.164, and
//! whatever is accepted matches `^\+[1-9][0-9]{7,14}$`.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use proptest::prelude::*;
use warroom::content::{phone, timeline};
use warroom::time::Zone;

const ZONES: [&str; 7] =
    ["UTC", "+05:30", "-08:00", "+14:00", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe"];

fn start_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 3, 30).unwrap()
}

/// Local times from the start date's midnight, increasing by the given steps
/// (seconds, zero allowed), dropped where the zone skips them for DST.
fn local_times(steps: &[u32], zone: &Zone) -> Vec<NaiveDateTime> {
    let mut t = start_date().and_hms_opt(0, 0, 0).unwrap();
    let mut out = Vec::new();
    for step in steps {
        t += Duration::seconds(i64::from(*step));
        if zone.to_utc(t).is_ok() {
            out.push(t);
        }
    }
    out
}

/// Timeline items: a date only when the day changes (or when `always_date` says so).
fn items(times: &[NaiveDateTime], always_date: &[bool]) -> Vec<(usize, String)> {
    let mut current = start_date();
    times
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let clock = t.format("%H:%M:%S");
            let text = if t.date() != current || always_date.get(i).copied().unwrap_or(false) {
                current = t.date();
                format!("{} {clock} — step {i}", t.date().format("%Y-%m-%d"))
            } else {
                format!("{clock} step {i}")
            };
            (10 + i, text)
        })
        .collect()
}

/// Whether a normalised number has the E.164 shape `^\+[1-9][0-9]{7,14}$`.
fn is_e164(s: &str) -> bool {
    let Some(digits) = s.strip_prefix('+') else { return false };
    (8..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) && !digits.starts_with('0')
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn increasing_times_resolve_in_order(
        steps in prop::collection::vec(prop_oneof![0u32..120, 0u32..7200, 0u32..90_000], 1..60),
        always_date in prop::collection::vec(any::<bool>(), 0..60),
        zone in prop::sample::select(&ZONES[..]),
    ) {
        let zone = Zone::parse(zone).unwrap();
        let times = local_times(&steps, &zone);
        let items = items(&times, &always_date);
        let (entries, diags) = timeline::resolve(&items, Some(start_date()), &zone, "f.md");
        prop_assert!(diags.is_empty(), "{:?}\n{:?}", diags, items);
        prop_assert_eq!(entries.len(), times.len());
        for (e, t) in entries.iter().zip(&times) {
            prop_assert_eq!(e.date.and_time(e.clock), *t, "{:?}", items);
        }
        for w in entries.windows(2) {
            prop_assert!(w[0].at <= w[1].at, "{} then {} in {:?}", w[0].at, w[1].at, items);
        }
    }

    #[test]
    fn one_step_back_without_a_date_is_one_finding(
        steps in prop::collection::vec(prop_oneof![0u32..120, 0u32..7200, 0u32..90_000], 1..40),
        at in any::<prop::sample::Index>(),
        back in any::<prop::sample::Index>(),
        zone in prop::sample::select(&ZONES[..4]),
    ) {
        let zone = Zone::parse(zone).unwrap();
        let times = local_times(&steps, &zone);
        let k = at.index(times.len()) + 1; // insert after entry k - 1
        let prev = times[k - 1];
        let secs_of_day = prev.time().signed_duration_since(chrono::NaiveTime::MIN).num_seconds();
        prop_assume!(secs_of_day > 0);
        // An earlier clock on the same day, written without a date.
        let earlier = prev - Duration::seconds(1 + back.index(secs_of_day as usize) as i64);
        let mut list = items(&times, &[]);
        list.insert(k, (5000, format!("{} went back", earlier.format("%H:%M:%S"))));
        let (entries, diags) = timeline::resolve(&list, Some(start_date()), &zone, "f.md");
        prop_assert_eq!(diags.len(), 1, "{:?}\n{:?}", diags, list);
        prop_assert_eq!(diags[0].rule, "timeline-out-of-order");
        prop_assert_eq!(diags[0].line, 5000);
        prop_assert_eq!(entries.len(), list.len());
    }

    #[test]
    fn any_formatting_of_a_number_gives_the_same_e164(
        first in 1u8..=9,
        rest in prop::collection::vec(0u8..=9, 7..=14),
        cuts in prop::collection::vec(1usize..=4, 1..16),
        seps in prop::collection::vec(prop::sample::select(&["", " ", ".", "-", "  ", " - ", "\u{a0}"][..]), 16),
        parens in prop::collection::vec(any::<bool>(), 16),
        after_plus in prop::sample::select(&["", " ", "("][..]),
    ) {
        let digits: String = std::iter::once(first).chain(rest).map(|d| char::from(b'0' + d)).collect();
        // Cut the digits into groups, each maybe in parentheses, joined by separators.
        let mut groups = Vec::new();
        let mut i = 0;
        for c in cuts.iter().cycle() {
            if i >= digits.len() {
                break;
            }
            let end = (i + c).min(digits.len());
            groups.push(&digits[i..end]);
            i = end;
        }
        let mut text = String::from("+");
        if after_plus == "(" {
            text.push_str("( ");
        } else {
            text.push_str(after_plus);
        }
        for (g, group) in groups.iter().enumerate() {
            if g > 0 {
                text.push_str(seps[g % seps.len()]);
            }
            // `(0)` is the documented national trunk prefix, which is dropped.
            if parens[g % parens.len()] && *group != "0" {
                text.push_str(&format!("({group})"));
            } else {
                text.push_str(group);
            }
        }
        if after_plus == "(" {
            text.push(')');
        }
        let p = phone::normalise(&text).map_err(|e| TestCaseError::fail(format!("{text:?}: {e}")))?;
        prop_assert_eq!(&p.e164, &format!("+{digits}"), "{:?}", text);
        prop_assert!(is_e164(&p.e164));
        prop_assert_eq!(p.extension, None);
    }

    #[test]
    fn whatever_is_accepted_is_e164(text in "\\PC{0,40}|[+0-9 ().x;ext=-]{0,30}") {
        if let Ok(p) = phone::normalise(&text) {
            prop_assert!(is_e164(&p.e164), "{:?} → {:?}", text, p);
            if let Some(ext) = &p.extension {
                prop_assert!(!ext.is_empty() && ext.bytes().all(|b| b.is_ascii_digit()), "{:?} → {:?}", text, p);
            }
        }
    }
}
