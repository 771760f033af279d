//! shiori turns a folder of Markdown notes into a static knowledge-base site
//! with full-text search that works on any static host and from file://.
//!
//! The pipeline runs in one direction, one module per stage:
//! [`content`] (load) → [`markdown`] (parse) → [`links`] (link) → [`search`] (index, bundle) → render → emit.

pub mod build;
pub mod config;
pub mod content;
pub mod date;
pub mod diagnostics;
pub mod emit;
pub mod incremental;
pub mod links;
pub mod map;
pub mod markdown;
pub mod progress;
pub mod render;
pub mod search;
pub mod serve;
pub mod suggest;
pub mod urls;
