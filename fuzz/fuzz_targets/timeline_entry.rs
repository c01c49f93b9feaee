//! `content::timeline::parse_entry` and `resolve`: any list of entries
//! resolves to UTC instants and findings, never a panic; findings always
//! name the file and the entry's line.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use warroom::content::timeline;
use warroom::time::Zone;

fuzz_target!(|data: &str| {
    let mut lines = data.lines();
    // The first line picks the zone, so IANA zones and DST edges get exercised.
    let zone = lines.next().and_then(Zone::parse).unwrap_or_default();
    let items: Vec<(usize, String)> = lines.enumerate().map(|(i, l)| (i + 2, l.to_string())).collect();
    for (_, text) in &items {
        let _ = timeline::parse_entry(text);
    }
    let start = NaiveDate::from_ymd_opt(2024, 3, 31);
    let (entries, diags) = timeline::resolve(&items, start, &zone, "f.md");
    assert!(entries.len() <= items.len());
    assert!(entries.windows(2).all(|w| w[0].line < w[1].line));
    for d in &diags {
        assert_eq!(d.file, "f.md");
        assert!(d.line >= 2);
    }
});
