//! Hugo's headless content: a note with `headless: true` or
//! `build: {render: never, list: never}` (`_build` in older sites), and
//! every note below an `_index.md` that cascades that, is neither a page
//! nor listed — its text is there to be included elsewhere (the `_common`
//! snippets an include shortcode reads). Such notes are left out of the
//! site. A note Hugo does not render but lists (`list: local`, the
//! glossary terms its section page shows) keeps its page: shiori lists a
//! section's notes by linking to them.

use super::{parent_dir, SourceNote};
use serde_json::{Map, Value};
use std::collections::HashSet;

/// Whether these front-matter keys say the page is neither rendered nor listed.
fn not_rendered(keys: &Map<String, Value>) -> bool {
    if keys.get("headless").and_then(Value::as_bool) == Some(true) {
        return true;
    }
    let never = |build: &Value, key: &str| {
        build
            .get(key)
            .is_some_and(|r| r.as_bool() == Some(false) || r.as_str() == Some("never"))
    };
    ["build", "_build"]
        .iter()
        .filter_map(|k| keys.get(*k))
        .any(|build| never(build, "render") && never(build, "list"))
}

/// Whether an index's `cascade` (a map, or a list of maps) says so for its folder.
fn cascades_not_rendered(keys: &Map<String, Value>) -> bool {
    match keys.get("cascade") {
        Some(Value::Object(map)) => not_rendered(map),
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(Value::as_object)
            .any(|m| not_rendered(m) && !m.contains_key("_target") && !m.contains_key("target")),
        _ => false,
    }
}

/// The `path_id`s of the notes that are no page: headless themselves, or
/// below an index (`is_index`) cascading it.
pub(super) fn hidden<'a>(
    notes: impl Iterator<Item = (&'a SourceNote, bool)> + Clone,
) -> HashSet<String> {
    let dirs: Vec<String> = notes
        .clone()
        .filter(|(n, is_index)| *is_index && cascades_not_rendered(&n.front.extra))
        .map(|(n, _)| parent_dir(&n.path_id).to_string())
        .collect();
    let below = |path_id: &str| {
        dirs.iter().any(|d| {
            d.is_empty() || path_id.starts_with(d.as_str()) && path_id[d.len()..].starts_with('/')
        })
    };
    notes
        .filter(|(n, _)| not_rendered(&n.front.extra) || below(&n.path_id))
        .map(|(n, _)| n.path_id.clone())
        .collect()
}
