//! `content::action_items::parse_task`: any task text yields an item whose
//! fields are pieces of the input, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use warroom::content::action_items;

fuzz_target!(|text: &str| {
    let item = action_items::parse_task(text, 7, false);
    assert_eq!(item.line, 7);
    if let Some(owner) = &item.owner {
        assert!(!owner.is_empty());
    }
});
