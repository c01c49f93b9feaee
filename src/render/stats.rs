//! `stats.html`: incidents per month by severity, time to detect and to
//! resolve per quarter, time to acknowledge per quarter against the response
//! target, top services — inline SVG drawn at build time, each chart with its
//! numbers in a table beside it.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;

use serde::Serialize;

use crate::render::views::IncidentView;
use crate::render::Site;
use crate::time::human_duration;

/// One chart with its data table.
#[derive(Debug, Serialize)]
pub struct Chart {
    pub title: String,
    pub svg_html: String,
    pub table: ChartNumbers,
}

/// The numbers a chart draws, as a plain table beside it.
#[derive(Debug, Serialize)]
pub struct ChartNumbers {
    pub head: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// The statistics page's context.
#[derive(Debug, Serialize)]
pub struct Stats {
    pub charts: Vec<Chart>,
    pub total: usize,
    /// Time to acknowledge over every incident that has it.
    pub response: Response,
}

/// Time to acknowledge across all incidents, against `incident.response_target`.
#[derive(Debug, Serialize, PartialEq)]
pub struct Response {
    /// The target, as configured (`15m`).
    pub target: String,
    /// Incidents with both `detected` and `acknowledged`.
    pub acknowledged: usize,
    /// Of those, acknowledged within the target.
    pub within: usize,
    /// `within` as a whole percentage of `acknowledged`, or `None` when none.
    pub share: Option<u32>,
    pub median: Option<String>,
}

/// The share of `within` in `of`, as a whole percentage rounded down, so
/// "100%" means every one.
fn percent(within: usize, of: usize) -> Option<u32> {
    (of > 0).then(|| (within * 100 / of) as u32)
}

/// The median of whole numbers (the lower middle of an even count's pair averaged).
pub fn median(values: &[i64]) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    let mut v = values.to_vec();
    v.sort_unstable();
    let n = v.len();
    Some(if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2 })
}

/// The arithmetic mean, rounded to whole seconds.
pub fn mean(values: &[i64]) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    Some((values.iter().map(|v| *v as i128).sum::<i128>() / values.len() as i128) as i64)
}

const PALETTE: [&str; 6] = ["#c62828", "#ef6c00", "#f9a825", "#607d8b", "#6a1b9a", "#00838f"];

/// Builds every chart.
pub fn build(site: &Site, incidents: &[Arc<IncidentView>]) -> Stats {
    let sevs = &site.config.severities;
    // Incidents per month by severity, the last 24 months that have any.
    let mut months: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for i in incidents {
        if i.row.date.len() >= 7 {
            let row = months.entry(i.row.date[..7].to_string()).or_insert_with(|| vec![0; sevs.len() + 1]);
            row[i.row.severity_rank.min(sevs.len())] += 1;
        }
    }
    let months: Vec<(String, Vec<usize>)> = fill_months(months).into_iter().rev().take(24).rev().collect();
    // An "other" series only when some incident has a severity not in the config.
    let other = months.iter().any(|(_, c)| c.last().is_some_and(|n| *n > 0));
    let mut series_names: Vec<String> = sevs.clone();
    if other {
        series_names.push("other".into());
    }
    let width = series_names.len();
    let per_month = Chart {
        title: "Incidents per month by severity".into(),
        svg_html: stacked_bars(&months, &series_names),
        table: ChartNumbers {
            head: std::iter::once("Month".to_string())
                .chain(series_names.iter().cloned())
                .chain(["Total".to_string()])
                .collect(),
            // The chart shows the quiet months; the table lists the months that had incidents.
            rows: months
                .iter()
                .filter(|(_, counts)| counts.iter().any(|c| *c > 0))
                .rev()
                .map(|(m, counts)| {
                    std::iter::once(m.clone())
                        .chain(counts.iter().take(width).map(|c| c.to_string()))
                        .chain([counts.iter().sum::<usize>().to_string()])
                        .collect()
                })
                .collect(),
        },
    };

    // Time to detect and resolve per quarter.
    let mut quarters: BTreeMap<String, (Vec<i64>, Vec<i64>)> = BTreeMap::new();
    for i in incidents {
        let Some(q) = quarter_of(&i.row.date) else { continue };
        let e = quarters.entry(q).or_default();
        if let Some(d) = &i.time_to_detect {
            e.0.push(d.seconds);
        }
        if let Some(d) = &i.time_to_resolve {
            e.1.push(d.seconds);
        }
    }
    let q_rows: Vec<(String, [Option<i64>; 4])> = fill_quarters(quarters)
        .iter()
        .map(|(q, (ttd, ttr))| (q.clone(), [median(ttd), mean(ttd), median(ttr), mean(ttr)]))
        .collect();
    let fmt = |v: Option<i64>| v.map(human_duration).unwrap_or_else(|| "–".into());
    let ttx = Chart {
        title: "Median time to detect and to resolve per quarter".into(),
        svg_html: grouped_bars(
            &q_rows.iter().map(|(q, v)| (q.clone(), vec![v[0].unwrap_or(0), v[2].unwrap_or(0)])).collect::<Vec<_>>(),
            &["median time to detect", "median time to resolve"],
        ),
        table: ChartNumbers {
            head: ["Quarter", "Median TTD", "Mean TTD", "Median TTR", "Mean TTR"].map(String::from).to_vec(),
            rows: q_rows.iter().map(|(q, v)| vec![q.clone(), fmt(v[0]), fmt(v[1]), fmt(v[2]), fmt(v[3])]).collect(),
        },
    };

    let (tta, response) = acknowledge_chart(site, incidents);

    // Top services.
    let mut services: BTreeMap<&str, usize> = BTreeMap::new();
    for i in incidents {
        for s in &i.row.services {
            *services.entry(s.name.as_str()).or_default() += 1;
        }
    }
    let mut top: Vec<(&str, usize)> = services.into_iter().collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    top.truncate(12);
    let top_services = Chart {
        title: "Services with the most incidents".into(),
        svg_html: horizontal_bars(&top),
        table: ChartNumbers {
            head: vec!["Service".into(), "Incidents".into()],
            rows: top.iter().map(|(s, n)| vec![s.to_string(), n.to_string()]).collect(),
        },
    };
    Stats { charts: vec![per_month, ttx, tta, top_services], total: incidents.len(), response }
}

/// The quarter an incident's `YYYY-MM-DD` date falls in (`2026 Q4`).
fn quarter_of(date: &str) -> Option<String> {
    let month = date.get(5..7)?.parse::<u32>().ok().filter(|m| (1..=12).contains(m))?;
    Some(format!("{} Q{}", date.get(..4)?, (month - 1) / 3 + 1))
}

/// Median time to acknowledge per quarter and the share within the
/// response target, as a chart and as the totals over every quarter.
fn acknowledge_chart(site: &Site, incidents: &[Arc<IncidentView>]) -> (Chart, Response) {
    let target = site.config.incident.response_target;
    let mut quarters: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    let mut all = Vec::new();
    for i in incidents {
        let (Some(d), Some(q)) = (&i.time_to_acknowledge, quarter_of(&i.row.date)) else { continue };
        quarters.entry(q).or_default().push(d.seconds);
        all.push(d.seconds);
    }
    let within = |v: &[i64]| v.iter().filter(|s| **s <= target).count();
    let target_text = crate::config::budget_text(target);
    let rows: Vec<(String, Option<i64>, usize, usize)> =
        fill_quarters(quarters).iter().map(|(q, v)| (q.clone(), median(v), within(v), v.len())).collect();
    let chart = Chart {
        title: format!("Median time to acknowledge per quarter (target {target_text})"),
        svg_html: grouped_bars(
            &rows.iter().map(|(q, m, ..)| (q.clone(), vec![m.unwrap_or(0)])).collect::<Vec<_>>(),
            &["median time to acknowledge"],
        ),
        table: ChartNumbers {
            head: vec!["Quarter".into(), "Median TTA".into(), format!("Within {target_text}"), "Acknowledged".into()],
            rows: rows
                .iter()
                .map(|(q, m, w, n)| {
                    let share = percent(*w, *n).map(|p| format!("{p}%")).unwrap_or_default();
                    vec![q.clone(), m.map(human_duration).unwrap_or_else(|| "–".into()), share, n.to_string()]
                })
                .collect(),
        },
    };
    let response = Response {
        target: target_text,
        acknowledged: all.len(),
        within: within(&all),
        share: percent(within(&all), all.len()),
        median: median(&all).map(human_duration),
    };
    (chart, response)
}

/// Every quarter from the first to the last (`2024 Q3` … `2026 Q1`), a
/// quarter without incidents as `V::default()`, so a quiet quarter shows as
/// a gap instead of vanishing from the axis.
fn fill_quarters<V: Default + Clone>(quarters: BTreeMap<String, V>) -> Vec<(String, V)> {
    let index =
        |q: &str| -> Option<i32> { Some(q.get(..4)?.parse::<i32>().ok()? * 4 + q.get(6..7)?.parse::<i32>().ok()? - 1) };
    let (Some(first), Some(last)) =
        (quarters.keys().next().and_then(|q| index(q)), quarters.keys().last().and_then(|q| index(q)))
    else {
        return quarters.into_iter().collect();
    };
    (first..=last.min(first + 4000))
        .map(|n| {
            let key = format!("{:04} Q{}", n.div_euclid(4), n.rem_euclid(4) + 1);
            let value = quarters.get(&key).cloned().unwrap_or_default();
            (key, value)
        })
        .collect()
}

/// Adds empty months between the first and last so gaps show.
fn fill_months(months: BTreeMap<String, Vec<usize>>) -> Vec<(String, Vec<usize>)> {
    let width = months.values().next().map_or(0, Vec::len);
    let (Some(first), Some(last)) = (months.keys().next().cloned(), months.keys().last().cloned()) else {
        return Vec::new();
    };
    let parse = |m: &str| -> Option<(i32, u32)> { Some((m.get(..4)?.parse().ok()?, m.get(5..7)?.parse().ok()?)) };
    let (Some(mut cur), Some(end)) = (parse(&first), parse(&last)) else { return months.into_iter().collect() };
    let mut out = Vec::new();
    let mut guard = 0;
    while cur <= end && guard < 1200 {
        let key = format!("{:04}-{:02}", cur.0, cur.1);
        out.push((key.clone(), months.get(&key).cloned().unwrap_or_else(|| vec![0; width])));
        cur = if cur.1 == 12 { (cur.0 + 1, 1) } else { (cur.0, cur.1 + 1) };
        guard += 1;
    }
    out
}

/// Charts are drawn in CSS pixels across a width given in percent, not in a
/// scaled `viewBox`: on a phone the bars get narrower and the labels keep
/// their size, instead of the whole drawing (text too) shrinking to a third.
const FONT_PX: u32 = 12;

/// A percentage of the chart's width, for an `x` or `width` attribute.
fn pct(v: f64) -> String {
    format!("{:.2}%", v.clamp(0.0, 100.0))
}

fn svg_open(h: u32, label: &str) -> String {
    format!(
        "<svg class=\"chart\" width=\"100%\" height=\"{h}\" style=\"height:{h}px\" role=\"img\" aria-label=\"{}\" xmlns=\"http://www.w3.org/2000/svg\" font-size=\"{FONT_PX}\" fill=\"currentColor\">",
        crate::escape::html(label)
    )
}

/// The colour keys, as an HTML list under the chart (it wraps on a phone
/// where a row of keys drawn in the SVG would run off its edge); series
/// `n` has colour `PALETTE[n + first_colour]`.
fn legend(names: &[&str], first_colour: usize) -> String {
    let mut out = String::from("<ul class=\"chart-legend\">");
    for (n, name) in names.iter().enumerate() {
        let _ = write!(
            out,
            "<li><span class=\"chart-key\" style=\"background:{}\"></span>{}</li>",
            PALETTE[(n + first_colour) % PALETTE.len()],
            crate::escape::html(name)
        );
    }
    out.push_str("</ul>");
    out
}

/// The x axis at height `y`, and the top of the scale at `top` labelled `max`.
fn axes(out: &mut String, top: u32, y: u32, max: &str) {
    let _ = write!(
        out,
        "<line x1=\"0\" y1=\"{y}\" x2=\"100%\" y2=\"{y}\" stroke=\"currentColor\" stroke-opacity=\"0.5\"/>\
         <line x1=\"0\" y1=\"{top}\" x2=\"100%\" y2=\"{top}\" stroke=\"currentColor\" stroke-opacity=\"0.2\" stroke-dasharray=\"3 3\"/>\
         <text x=\"0\" y=\"{}\">{}</text>",
        top - 4,
        crate::escape::html(max)
    );
}

/// Every `step`-th label, so at most six fit under a phone-wide chart.
fn label_step(n: usize) -> usize {
    n.div_ceil(6).max(1)
}

fn stacked_bars(rows: &[(String, Vec<usize>)], series: &[String]) -> String {
    let (h, top, bottom) = (230u32, 20u32, 24u32);
    let mut out = svg_open(h, "Incidents per month by severity");
    if rows.is_empty() {
        out.push_str("<text x=\"0\" y=\"20\">No incidents yet.</text></svg>");
        return out;
    }
    let max = rows.iter().map(|(_, c)| c.iter().sum::<usize>()).max().unwrap_or(1).max(1);
    let plot_h = h - top - bottom;
    let slot = 100.0 / rows.len() as f64;
    let step = label_step(rows.len());
    axes(&mut out, top, top + plot_h, &format!("{max} incident{}", if max == 1 { "" } else { "s" }));
    for (n, (month, counts)) in rows.iter().enumerate() {
        let x = n as f64 * slot + slot * 0.15;
        let mut y = top + plot_h;
        for (s, c) in counts.iter().enumerate() {
            if *c == 0 {
                continue;
            }
            let bh = (*c as u32 * plot_h) / max as u32;
            y -= bh;
            let _ = write!(
                out,
                "<rect x=\"{}\" y=\"{y}\" width=\"{}\" height=\"{bh}\" fill=\"{}\"><title>{month}: {c} {}</title></rect>",
                pct(x),
                pct(slot * 0.7),
                PALETTE[s % PALETTE.len()],
                crate::escape::html(&series[s])
            );
        }
        if n % step == 0 {
            let _ = write!(
                out,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"{}\">{}</text>",
                pct(if n == 0 { x } else { x + slot * 0.35 }),
                h - 6,
                if n == 0 { "start" } else { "middle" },
                month.get(2..).unwrap_or(month)
            );
        }
    }
    out.push_str("</svg>");
    let names: Vec<&str> = series.iter().map(String::as_str).collect();
    out.push_str(&legend(&names, 0));
    out
}

fn grouped_bars(rows: &[(String, Vec<i64>)], series: &[&str]) -> String {
    let (h, top, bottom) = (230u32, 20u32, 38u32);
    let mut out = svg_open(h, &format!("{} per quarter", series.join(" and ")));
    if rows.is_empty() {
        out.push_str("<text x=\"0\" y=\"20\">No timed incidents yet.</text></svg>");
        return out;
    }
    let max = rows.iter().flat_map(|(_, v)| v.iter().copied()).max().unwrap_or(1).max(1);
    let plot_h = h - top - bottom;
    // A slot is at most a quarter of the width, the bars centred, so one
    // quarter is not drawn as one bar across the whole chart.
    let slot = 100.0 / rows.len().max(4) as f64;
    let offset = (100.0 - slot * rows.len() as f64) / 2.0;
    let bar = slot * 0.8 / series.len() as f64;
    axes(&mut out, top, top + plot_h, &human_duration(max));
    for (n, (label, values)) in rows.iter().enumerate() {
        let x0 = offset + n as f64 * slot + slot * 0.1;
        for (s, v) in values.iter().enumerate() {
            let bh = ((*v).max(0) as u64 * plot_h as u64 / max as u64) as u32;
            let _ = write!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{bh}\" fill=\"{}\"><title>{label}: {} {}</title></rect>",
                pct(x0 + s as f64 * bar),
                top + plot_h - bh,
                pct(bar),
                PALETTE[(s + 3) % PALETTE.len()],
                series[s],
                human_duration(*v)
            );
        }
        // `2026 Q3` as `Q3` over its year; the year only at Q1 and the first
        // quarter, and past twelve quarters only those, so labels never collide.
        let (year, q) = label.split_once(' ').unwrap_or(("", label));
        let first_of_year = n == 0 || q == "Q1";
        let mid = pct(x0 + slot * 0.4);
        if rows.len() <= 12 || first_of_year {
            let _ = write!(out, "<text x=\"{mid}\" y=\"{}\" text-anchor=\"middle\">{q}</text>", h - bottom + 16);
        }
        if first_of_year {
            let _ = write!(out, "<text x=\"{mid}\" y=\"{}\" text-anchor=\"middle\">{year}</text>", h - 4);
        }
    }
    out.push_str("</svg>");
    out.push_str(&legend(series, 3));
    out
}

fn horizontal_bars(rows: &[(&str, usize)]) -> String {
    // A row is the service and its count on a line, then its bar.
    let row_h = 34u32;
    let h = 4 + row_h * rows.len().max(1) as u32;
    let mut out = svg_open(h, "Services with the most incidents");
    if rows.is_empty() {
        out.push_str("<text x=\"0\" y=\"20\">No incidents yet.</text></svg>");
        return out;
    }
    let max = rows.iter().map(|r| r.1).max().unwrap_or(1).max(1);
    for (n, (name, count)) in rows.iter().enumerate() {
        let y = n as u32 * row_h;
        let _ = write!(
            out,
            "<text x=\"0\" y=\"{}\">{} <tspan font-weight=\"700\">{count}</tspan></text>",
            y + 14,
            crate::escape::html(name)
        );
        let _ = write!(
            out,
            "<rect x=\"0\" y=\"{}\" width=\"{}\" height=\"12\" fill=\"{}\"/>",
            y + 19,
            pct(*count as f64 * 100.0 / max as f64),
            PALETTE[3]
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_and_mean() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[5, 1, 3]), Some(3));
        assert_eq!(median(&[1, 2, 3, 10]), Some(2));
        assert_eq!(mean(&[1, 2, 3, 10]), Some(4));
    }

    #[test]
    fn quarters_and_shares() {
        assert_eq!(quarter_of("2026-12-31").as_deref(), Some("2026 Q4"));
        assert_eq!(quarter_of("2026-01-01").as_deref(), Some("2026 Q1"));
        assert_eq!(quarter_of("2026-13-01"), None);
        assert_eq!(percent(2, 3), Some(66));
        assert_eq!(percent(0, 0), None);
    }

    #[test]
    fn months_are_filled() {
        let mut m = BTreeMap::new();
        m.insert("2024-11".to_string(), vec![1]);
        m.insert("2025-02".to_string(), vec![2]);
        let filled = fill_months(m);
        let keys: Vec<&str> = filled.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["2024-11", "2024-12", "2025-01", "2025-02"]);
    }

    #[test]
    fn quarters_are_filled_across_a_year() {
        let mut q = BTreeMap::new();
        q.insert("2024 Q3".to_string(), vec![1]);
        q.insert("2025 Q2".to_string(), vec![2]);
        let filled = fill_quarters(q);
        let keys: Vec<&str> = filled.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["2024 Q3", "2024 Q4", "2025 Q1", "2025 Q2"]);
        assert_eq!(filled[1].1, Vec::<i64>::new());
        assert_eq!(filled[3].1, vec![2]);
    }
}
