//! `content::Document::parse` with the default config: any text becomes a
//! document and findings, never a panic; every finding names the file and
//! the page never leaves its kind's folder.
#![no_main]

use libfuzzer_sys::fuzz_target;
use warroom::config::Config;
use warroom::content::Document;

fuzz_target!(|text: &str| {
    let config = Config::default();
    for file in ["content/incidents/fuzz.md", "content/runbooks/fuzz.md", "content/contacts/fuzz.md"] {
        let doc = Document::parse(text, file, &config).expect("a file under a kind folder is a document");
        assert!(warroom::output::is_safe_relative(&doc.url), "{}", doc.url);
        for d in &doc.diagnostics {
            assert_eq!(d.file, file);
        }
        let _ = doc.body_text();
    }
});
