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
pub mod dialect;
pub mod emit;
pub mod external;
mod fault;
pub mod history;
pub mod ids;
pub mod incremental;
pub mod links;
pub mod map;
pub mod markdown;
pub mod paths;
pub mod pipeline;
pub mod progress;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod settings;
pub mod suggest;
pub mod urls;
pub mod yaml;

/// Drops `value` on a thread of its own: freeing a large site's notes or
/// search documents takes a noticeable moment, which the caller (about to
/// write the bundle, report, or exit) need not wait for.
pub(crate) fn drop_in_background<T: Send + 'static>(value: T) {
    // When no thread can be started, `spawn` drops the value itself.
    let _ = std::thread::Builder::new()
        .name("shiori-drop".into())
        .spawn(move || drop(value));
}
