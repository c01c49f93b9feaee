//! warroom: incident post-mortems, runbooks and phone lists in Markdown →
//! a checked, static, print-friendly site.
//!
//! The pipeline runs one way: config → load (`content`) → check → render →
//! write (`output`), sequenced by `site`.

pub mod check;
pub mod cli;
pub mod commands;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod escape;
pub mod highlight;
pub mod import;
pub mod markdown;
pub mod output;
pub mod pdf;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod site;
pub mod slug;
pub mod sources;
pub mod time;
pub mod yaml;
