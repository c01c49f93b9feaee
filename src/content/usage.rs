//! Which documents a post-mortem uses: the ones it links to in its body or
//! names in `related`. One source for the runbook pages' "Used in" list, the
//! backlinks of every page and the `runbook-used-since-review` rule.

use crate::content::{Library, LinkTarget};

/// The other documents document `i` links to or names in `related`, sorted
/// and without repeats.
pub fn targets(lib: &Library, i: usize) -> Vec<usize> {
    let d = &lib.docs[i];
    let mut targets: Vec<usize> = d
        .body
        .links
        .iter()
        .filter_map(|l| match lib.resolve_link(d, &l.dest) {
            LinkTarget::Doc(t, _) => Some(t),
            _ => None,
        })
        .chain(d.related.iter().filter_map(|r| lib.resolve_ref(&r.target)))
        .filter(|t| *t != i)
        .collect();
    targets.sort_unstable();
    targets.dedup();
    targets
}
