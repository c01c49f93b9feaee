//! A deterministic generator of large warroom sites, for benchmarks.
//!
//! `cargo run --release --example gen_site -- --incidents N --out DIR [--seed S] [--hugo DIR]`
//! writes a complete site: N post-mortems of about 5 KB that pass
//! `warroom check --today 2026-11-22` without errors (every section, five
//! whys, a timeline, action items due in 2027 or later, two unique code
//! blocks each), about N/50 runbooks with code, and a phone list, spread over
//! sub-folders by year. With `--hugo DIR` it also writes the same Markdown as
//! a minimal Hugo site (content/posts/*.md, a trivial layout, highlighting on)
//! so both tools can be timed on identical input.
//!
//! The same arguments always produce byte-identical files: randomness comes
//! from a small seeded generator, never from the clock.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// SplitMix64: tiny, seedable and good enough to vary text.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const SERVICES: &[&str] = &[
    "api-gateway",
    "tracking-api",
    "payments",
    "auth",
    "postgres",
    "redis",
    "kafka",
    "cdn",
    "dns",
    "search",
    "label-service",
    "notifications",
    "billing",
    "warehouse-sync",
    "carrier-events",
    "quote-engine",
];
const TAGS: &[&str] =
    &["latency", "release", "config", "capacity", "certificate", "dependency", "cache", "network", "database", "data"];
const PEOPLE: &[&str] = &[
    "Priya Raman",
    "Tom Okafor",
    "Mei Lin Chen",
    "Daniel Hughes",
    "Sofia Marques",
    "Jonas Weber",
    "Aisha Bello",
    "Lucas Moreau",
    "Hana Sato",
    "Omar Haddad",
];
const HANDLES: &[&str] =
    &["@priya", "@tom.okafor", "@mei.lin", "@daniel.h", "@sofia.m", "@jonas", "@aisha", "@lucas", "@hana", "@omar"];
const SYMPTOMS: &[&str] = &[
    "elevated error rates on checkout",
    "slow tracking lookups",
    "failed label purchases",
    "rejected login tokens",
    "stale search results",
    "duplicate notification emails",
    "timeouts at the gateway",
    "missing carrier events",
];
const CAUSES: &[&str] = &[
    "a connection pool that was sized for last year's traffic",
    "a cache key family stored without a TTL",
    "a certificate that expired on a forgotten intermediate host",
    "a schema migration that took a long table lock",
    "a retry loop without jitter that amplified a short blip",
    "a DNS weight change applied to the wrong record set",
    "a consumer group that rebalanced on every deploy",
    "a disk that filled with uncompressed write-ahead logs",
];
const SENTENCES: &[&str] = &[
    "The on-call engineer followed the runbook and confirmed the signal on the dashboard.",
    "Traffic stayed within normal bounds, so capacity alone did not explain the change.",
    "We compared the release notes with the deploy log to narrow the window.",
    "The alert fired within the expected time, but its description pointed at the wrong system.",
    "Customers saw retries succeed after a few seconds in most regions.",
    "Support opened a status page entry and kept it updated every thirty minutes.",
    "The fix was small once found; most of the time went on finding it.",
    "Metrics from the replicas showed the queue building up minute by minute.",
    "No data was lost, and every delayed message was delivered once service recovered.",
    "We paused deploys for the affected services until the follow-ups landed.",
];

fn paragraph(rng: &mut Rng, n: usize) -> String {
    let mut p = String::new();
    for k in 0..n {
        if k > 0 {
            p.push(' ');
        }
        p.push_str(rng.pick(SENTENCES));
    }
    p
}

/// A code block whose text is unique to `(seed, n, which)`.
fn code_block(rng: &mut Rng, n: usize, which: usize) -> String {
    let lang = ["sql", "bash", "yaml", "python", "json", "toml"][(n + which) % 6];
    let svc = rng.pick(SERVICES);
    let v = rng.below(90_000) + 10_000;
    let body = match lang {
        "sql" => format!(
            "-- incident {n}, query {which}\nSELECT shard_id, count(*) AS waiting, max(now() - query_start) AS oldest\n  FROM pg_stat_activity\n WHERE state = 'active'\n   AND application_name = '{svc}'\n   AND query_start < now() - interval '{v} milliseconds'\n GROUP BY shard_id\n ORDER BY waiting DESC\n LIMIT 20;\n"
        ),
        "bash" => format!(
            "# incident {n}, step {which}\nset -euo pipefail\nfor host in $(kubectl get pods -l app={svc} -o name); do\n  kubectl exec \"$host\" -- curl -sf http://localhost:8080/healthz || echo \"$host unhealthy\"\ndone\nkubectl rollout status deploy/{svc} --timeout=300s\nkubectl scale deploy/{svc} --replicas={}\necho \"checked at $(date -u +%FT%TZ) build {v}\"\n",
            rng.below(20) + 3
        ),
        "yaml" => format!(
            "# incident {n}, config {which}\nservice: {svc}\npool:\n  max_connections: {}\n  idle_timeout: {v}ms\nretry:\n  attempts: 3\n  backoff: exponential\n  jitter: true\nalerts:\n  - name: {svc}-latency\n    threshold_ms: {}\n",
            rng.below(400) + 50,
            rng.below(900) + 100
        ),
        "python" => format!(
            "# incident {n}, script {which}\nimport time\n\ndef drain(queue, batch={}):\n    \"\"\"Drain {svc} backlog in batches.\"\"\"\n    while queue.depth() > 0:\n        items = queue.take(batch)\n        for item in items:\n            item.replay(reason=\"INC-{v}\")\n        time.sleep(0.25)\n    return True\n",
            rng.below(900) + 100
        ),
        "json" => format!(
            "{{\n  \"incident\": {n},\n  \"block\": {which},\n  \"service\": \"{svc}\",\n  \"limits\": {{\n    \"rps\": {},\n    \"burst\": {v}\n  }},\n  \"regions\": [\"eu-west-2\", \"us-east-1\"],\n  \"enabled\": true\n}}\n",
            rng.below(5000) + 100
        ),
        _ => format!(
            "# incident {n}, settings {which}\n[service]\nname = \"{svc}\"\nreplicas = {}\n\n[limits]\nmax_body = {v}\ntimeout_ms = 2500\n\n[flags]\nquote_cache = false\n",
            rng.below(20) + 2
        ),
    };
    format!("```{lang}\n{body}```\n")
}

struct Incident {
    rel: String,
    front: String,
    body: String,
    title: String,
    date: String,
    services: Vec<String>,
    tags: Vec<String>,
}

fn incident(rng: &mut Rng, n: usize, total: usize, runbooks: usize) -> Incident {
    // Spread dates over 2019-01-01 .. 2026-10-31, in order of n.
    let span_days = 2860i64;
    let day = (n as i64 * span_days) / total.max(1) as i64;
    let date = chrono_like_date(day);
    let year = &date[..4];
    let symptom = rng.pick(SYMPTOMS);
    let cause = rng.pick(CAUSES);
    let svc_a = rng.pick(SERVICES);
    let mut svc_b = rng.pick(SERVICES);
    if svc_b == svc_a {
        svc_b = "api-gateway";
    }
    let services: Vec<String> = if svc_a == svc_b { vec![svc_a.into()] } else { vec![svc_a.into(), svc_b.into()] };
    let tag_a = rng.pick(TAGS);
    let tags = vec![tag_a.to_string()];
    let title = format!("{} {} caused by {}", cap(symptom), format_args!("(#{n})"), cause);
    let id = format!("INC-{year}-{n:05}");
    let sev = ["SEV1", "SEV2", "SEV3", "SEV4"][rng.below(4)];
    let commander = rng.pick(PEOPLE);
    let h0 = 8 + rng.below(10);
    let m0 = rng.below(50);
    let detect = 3 + rng.below(20);
    let mitigate = detect + 12 + rng.below(60);
    let resolve = mitigate + 10 + rng.below(120);
    let at = |mins: usize| format!("{date} {:02}:{:02}", h0 + (m0 + mins) / 60, (m0 + mins) % 60);
    let runbook = format!("rb-{:04}", n % runbooks.max(1));
    let mut related = vec![runbook.clone()];
    if n > 0 {
        // An earlier incident, by id, as teams do.
        let prev = n - 1 - rng.below(n.min(20));
        let prev_day = (prev as i64 * span_days) / total.max(1) as i64;
        related.push(format!("INC-{}-{prev:05}", &chrono_like_date(prev_day)[..4]));
    }

    let mut front = String::new();
    let _ = writeln!(front, "id: {id}");
    let _ = writeln!(front, "title: \"{title}\"");
    let _ = writeln!(front, "date: {date}");
    let _ = writeln!(front, "severity: {sev}");
    let _ = writeln!(front, "status: final");
    let _ = writeln!(front, "services: [{}]", services.join(", "));
    let _ = writeln!(front, "timezone: UTC");
    let _ = writeln!(front, "started: {}", at(0));
    let _ = writeln!(front, "detected: {}", at(detect));
    let _ = writeln!(front, "mitigated: {}", at(mitigate));
    let _ = writeln!(front, "resolved: {}", at(resolve));
    let _ = writeln!(front, "commander: {commander}");
    let _ = writeln!(front, "authors: [{commander}]");
    let _ = writeln!(front, "responders: [{}, {}]", rng.pick(PEOPLE), rng.pick(PEOPLE));
    let _ = writeln!(front, "tags: [{}]", tags.join(", "));
    let _ = writeln!(front, "related: [{}]", related.join(", "));
    let _ = writeln!(front, "customer_summary: \"For {} minutes, customers saw {symptom}.\"", mitigate);

    let mut b = String::new();
    let _ = writeln!(
        b,
        "## Summary\n\n{} {}\n",
        format_args!("Customers saw {symptom}, caused by {cause}."),
        paragraph(rng, 3)
    );
    let _ = writeln!(
        b,
        "## Impact\n\n- **Duration:** {mitigate} minutes of degraded service.\n- **Services:** `{}`.\n- **Requests affected:** about {} in total.\n- {}\n",
        services.join("`, `"),
        rng.below(500_000) + 1000,
        paragraph(rng, 1)
    );
    let _ = writeln!(b, "## Timeline\n\nAll times UTC.\n");
    let marks = [
        (0, "[started] "),
        (detect, "[detected] "),
        (detect + 2, ""),
        (detect + 9, ""),
        (mitigate, "[mitigated] "),
        (mitigate + 5, ""),
        (resolve, "[resolved] "),
    ];
    for (mins, label) in marks {
        let t = at(mins);
        let _ = writeln!(b, "- {} {label}{}", &t[11..], rng.pick(SENTENCES));
    }
    let _ = writeln!(b, "\n## Root cause\n\nThe investigation started from this query:\n\n{}", code_block(rng, n, 0));
    let whys = [
        format!("**Why did customers see {symptom}?** Requests to `{svc_a}` timed out under normal load."),
        format!("**Why did requests time out?** The service waited on {cause}."),
        "**Why was that possible?** Nothing in review or testing exercised the failure mode.".to_string(),
        "**Why did testing miss it?** Staging traffic is too low to reproduce the pressure.".to_string(),
        "**Why was there no alert earlier?** We alerted on totals, not on the signal that moved first.".to_string(),
    ];
    for (k, w) in whys.iter().enumerate() {
        let _ = writeln!(b, "{}. {w} {}", k + 1, rng.pick(SENTENCES));
    }
    let _ = writeln!(
        b,
        "\nSee the [runbook](../../runbooks/{runbook}.md) for the recovery steps.\n\n## Resolution\n\n{}\n\nThe change applied during recovery:\n\n{}",
        paragraph(rng, 3),
        code_block(rng, n, 1)
    );
    let _ =
        writeln!(b, "## Action items\n\n| Action | Owner | Due | Ticket | Status | Type |\n|---|---|---|---|---|---|");
    for k in 0..4 {
        let kind = ["prevent", "detect", "mitigate", "process"][k];
        let status = if k == 0 { "done" } else { "open" };
        let _ = writeln!(
            b,
            "| Follow-up {k} for incident {n}: harden `{}` against {} | {} | 2027-{:02}-{:02} | [REL-{n}{k}](https://jira.example.com/browse/REL-{n}{k}) | {status} | {kind} |",
            rng.pick(SERVICES),
            rng.pick(CAUSES),
            rng.pick(HANDLES),
            1 + rng.below(12),
            1 + rng.below(28)
        );
    }
    let _ = writeln!(
        b,
        "\n## Lessons learned\n\n### What went well\n\n- {}\n- {}\n\n### What went wrong\n\n- {}\n\n### Where we got lucky\n\n- {}",
        rng.pick(SENTENCES),
        rng.pick(SENTENCES),
        paragraph(rng, 2),
        rng.pick(SENTENCES)
    );
    let slug = format!("{date}-incident-{n:05}");
    Incident { rel: format!("incidents/{year}/{slug}.md"), front, body: b, title, date: date.clone(), services, tags }
}

fn cap(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
}

/// `2019-01-01` plus `day` days, without a date library.
fn chrono_like_date(day: i64) -> String {
    let (mut y, mut d) = (2019i64, day);
    loop {
        let len = if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 { 366 } else { 365 };
        if d < len {
            break;
        }
        d -= len;
        y += 1;
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let months = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut m = 0;
    while d >= months[m] {
        d -= months[m];
        m += 1;
    }
    format!("{y:04}-{:02}-{:02}", m + 1, d + 1)
}

fn runbook(rng: &mut Rng, n: usize) -> (String, String) {
    let svc = rng.pick(SERVICES);
    let front = format!(
        "title: \"Recover {svc} (runbook {n})\"\nservices: [{svc}]\nowner: Platform SRE ({})\nlast_reviewed: 2026-11-{:02}\nreview_every: 90\ntags: [{}]\ncontacts: [escalation]\n",
        rng.pick(PEOPLE),
        1 + rng.below(20),
        rng.pick(TAGS)
    );
    let body = format!(
        "{}\n\n## When to use\n\n- {}\n- Alerts for `{svc}` fire repeatedly.\n\n## Steps\n\n1. Check the health of every instance:\n\n{}\n2. Apply the safe settings:\n\n{}\n## Verification\n\n- {}\n\n## Rollback\n\n- Revert the last change and redeploy. {}\n\n## Escalation\n\n- Phone the [escalation list](../contacts/escalation.md).\n",
        paragraph(rng, 2),
        cap(rng.pick(SYMPTOMS)),
        code_block(rng, 1_000_000 + n, 0),
        code_block(rng, 1_000_000 + n, 1),
        rng.pick(SENTENCES),
        rng.pick(SENTENCES)
    );
    (format!("runbooks/rb-{n:04}.md"), format!("---\n{front}---\n{body}"))
}

const CONTACTS: &str = r#"---
title: Production escalation
last_verified: 2026-11-01
verify_every: 90
groups:
  - name: On-call escalation
    contacts:
      - name: Priya Raman
        role: Incident commander (primary)
        phone: "+44 20 7946 0018"
        alt_phone: "+44 7700 900123"
        email: priya@example.com
        hours: 24x7
        escalation: 1
      - name: Tom Okafor
        role: Database on-call
        phone: "+44 20 7946 0019"
        email: tom@example.com
        hours: 24x7
        escalation: 2
  - name: Vendors
    contacts:
      - org: Example Cloud Support
        phone: "+1 206 555 0142"
        account: "Enterprise 3345-1120"
        notes: Say "production down" to reach severity 1.
---
Call in escalation order; leave a voicemail and move on after two minutes.
"#;

// The generated phone list uses numbers reserved for fiction, on purpose.
const CONFIG: &str = "title: Generated benchmark handbook\ntimezone: UTC\n\
overrides:\n  - { paths: [\"content/contacts/**\"], rules: { placeholder: off } }\n";

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| format!("cannot create `{}`: {e}", parent.display()))?;
    }
    fs::write(path, text).map_err(|e| format!("cannot write `{}`: {e}", path.display()))
}

fn yaml_list(items: &[String]) -> String {
    items.iter().map(|s| format!("\"{s}\"")).collect::<Vec<_>>().join(", ")
}

const HUGO_CONFIG: &str = r#"baseURL = "http://example.org/"
title = "Generated benchmark handbook"
disableKinds = ["RSS", "sitemap", "robotsTXT", "404"]
[markup.highlight]
  codeFences = true
  noClasses = false
[taxonomies]
  tag = "tags"
  service = "services"
"#;
const HUGO_SINGLE: &str =
    "<!doctype html><html><head><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1>{{ .Content }}</body></html>\n";
const HUGO_LIST: &str = "<!doctype html><html><head><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ul></body></html>\n";

struct Args {
    incidents: usize,
    out: PathBuf,
    seed: u64,
    hugo: Option<PathBuf>,
}

fn parse_args() -> Result<Args, String> {
    let mut incidents = None;
    let mut out = None;
    let mut seed = 7u64;
    let mut hugo = None;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("`{a}` needs a value"));
        match a.as_str() {
            "--incidents" => {
                let v = value()?;
                incidents = Some(v.parse().map_err(|_| format!("`--incidents {v}` is not a number"))?);
            }
            "--out" => out = Some(PathBuf::from(value()?)),
            "--seed" => {
                let v = value()?;
                seed = v.parse().map_err(|_| format!("`--seed {v}` is not a number"))?;
            }
            "--hugo" => hugo = Some(PathBuf::from(value()?)),
            "-h" | "--help" => {
                return Err("usage: gen_site --incidents N --out DIR [--seed S] [--hugo DIR]".into());
            }
            other => return Err(format!("unknown argument `{other}`; see --help")),
        }
    }
    Ok(Args {
        incidents: incidents.ok_or("`--incidents N` is required")?,
        out: out.ok_or("`--out DIR` is required")?,
        seed,
        hugo,
    })
}

fn run(args: &Args) -> Result<(), String> {
    let mut rng = Rng(args.seed);
    let n_runbooks = (args.incidents / 50).max(1);
    let content = args.out.join("content");
    if content.exists() {
        return Err(format!("`{}` already exists; generate into a fresh folder", content.display()));
    }
    write(&args.out.join("warroom.yaml"), CONFIG)?;
    write(&content.join("contacts/escalation.md"), CONTACTS)?;
    if let Some(h) = &args.hugo {
        write(&h.join("hugo.toml"), HUGO_CONFIG)?;
        write(&h.join("layouts/_default/single.html"), HUGO_SINGLE)?;
        write(&h.join("layouts/_default/list.html"), HUGO_LIST)?;
        write(&h.join("layouts/index.html"), HUGO_LIST)?;
    }
    for n in 0..n_runbooks {
        let (rel, text) = runbook(&mut rng, n);
        write(&content.join(rel), &text)?;
    }
    for n in 0..args.incidents {
        let inc = incident(&mut rng, n, args.incidents, n_runbooks);
        write(&content.join(&inc.rel), &format!("---\n{}---\n\n{}", inc.front, inc.body))?;
        if let Some(h) = &args.hugo {
            let front = format!(
                "title: \"{}\"\ndate: {}\ntags: [{}]\nservices: [{}]\n",
                inc.title,
                inc.date,
                yaml_list(&inc.tags),
                yaml_list(&inc.services)
            );
            let name = inc.rel.rsplit('/').next().unwrap_or(&inc.rel);
            write(&h.join("content/posts").join(name), &format!("---\n{front}---\n\n{}", inc.body))?;
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("gen_site: {e}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(()) => {
            eprintln!("gen_site: wrote {} incidents to `{}`", args.incidents, args.out.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen_site: {e}");
            ExitCode::FAILURE
        }
    }
}
