//! `yaml::parse`: any text is a tree or an error with a position, within
//! the node and depth budgets, never a panic, a stack overflow or a hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    match warroom::yaml::parse(text) {
        Ok(node) => {
            let _ = node.as_scalar_text();
        }
        Err(e) => assert!(!e.message.is_empty()),
    }
});
