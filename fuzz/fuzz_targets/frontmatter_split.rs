//! `content::frontmatter::normalise` + `split`: any text either splits into
//! slices of itself with sane line numbers or is refused, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use warroom::content::frontmatter;

fuzz_target!(|text: &str| {
    let normalised = frontmatter::normalise(text);
    if let Ok(split) = frontmatter::split(&normalised) {
        assert!(split.yaml_line >= 2);
        assert!(split.body_line > split.yaml_line);
        assert!(normalised.ends_with(split.body));
        assert!(split.yaml.len() + split.body.len() <= normalised.len());
    }
});
