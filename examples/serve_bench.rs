//! Times what `warroom serve` does after a one-file edit, without a server.
//!
//! `cargo run --release --example serve_bench -- DIR` loads the site at DIR
//! (make one with `cargo run --release --example gen_site -- --incidents
//! 10000 --out DIR`), edits one incident in memory, and prints how long each
//! step of the incremental path takes: re-parse, library re-index, check,
//! rendering that incident's page on request, and the copy of the library
//! the server keeps for the next edit. It then checks the page equals the
//! one a full render gives, and times that full render for comparison.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use warroom::content::Document;
use warroom::render::{self, Site};
use warroom::{check, site};

fn main() -> ExitCode {
    let Some(root) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: serve_bench SITE_DIR");
        return ExitCode::from(2);
    };
    match run(&root) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn ms(since: Instant) -> String {
    format!("{:.1} ms", since.elapsed().as_secs_f64() * 1000.0)
}

fn run(root: &std::path::Path) -> anyhow::Result<()> {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("a date");
    let t = Instant::now();
    let mut loaded = site::load(root)?;
    let tera = render::templates::load(&loaded.root, &loaded.config.theme)?;
    println!("load {} documents + templates: {}", loaded.lib.docs.len(), ms(t));
    let t = Instant::now();
    let before = check::run(&loaded.lib, &loaded.config, today);
    println!("first check ({} findings): {}", before.len(), ms(t));

    // The edit: the middle incident gets a new title.
    let incidents: Vec<usize> =
        (0..loaded.lib.docs.len()).filter(|i| loaded.lib.docs[*i].postmortem().is_some()).collect();
    let target = incidents[incidents.len() / 2];
    let file = loaded.lib.docs[target].file.clone();
    let text = std::fs::read_to_string(root.join(&file))?;
    let edited = text.replacen("title: ", "title: Edited while serving — ", 1);

    // The server has rendered pages before an edit: load the highlighter now.
    let warm = Site { lib: &loaded.lib, config: &loaded.config, today, commit: String::new(), drafts: true };
    render::render_page(&warm, &tera, &loaded.lib.docs[incidents[0]].url)?;

    let total = Instant::now();
    let t = Instant::now();
    let doc = Document::parse(&edited, &file, &loaded.config).expect("an incident");
    println!("(a) re-parse {file}: {}", ms(t));
    let t = Instant::now();
    assert!(loaded.lib.replace(vec![doc]));
    println!("(a) library re-index: {}", ms(t));
    let t = Instant::now();
    let found = check::run(&loaded.lib, &loaded.config, today);
    println!("(a) check ({} findings): {}", found.len(), ms(t));
    let url = loaded.lib.docs.iter().find(|d| d.file == file).map(|d| d.url.clone()).expect("the edited file");
    let site = Site { lib: &loaded.lib, config: &loaded.config, today, commit: String::new(), drafts: true };
    let t = Instant::now();
    let page = render::render_page(&site, &tera, &url)?.expect("a document page");
    println!("(b) render {url} on request: {}", ms(t));
    println!("edit → page served, in total: {}", ms(total));
    assert!(String::from_utf8_lossy(&page.bytes).contains("Edited while serving"));

    let t = Instant::now();
    let copy = loaded.clone();
    println!("copy of the loaded site kept for the next edit (after publishing): {}", ms(t));
    drop(copy);

    let t = Instant::now();
    let all = render::render(&site, &tera)?;
    println!("full render ({} files), for comparison: {}", all.len(), ms(t));
    let full = all.iter().find(|f| f.path == url).expect("the page in the full render");
    anyhow::ensure!(full.bytes == page.bytes, "the page rendered on request differs from the full render");
    println!("the page rendered on request equals the full render's");
    Ok(())
}
