//! Order files of other tools: Docusaurus's `_category_.json` /
//! `_category_.yml` (a folder's label and position) and MkDocs's `nav` in
//! `mkdocs.yml` (the whole site's order, section titles and the labels the
//! navigation shows). They set what the folder's notes do not set
//! themselves: a note's own `weight` (or `sidebar_position`) and an index
//! note's title win.

use super::{parent_dir, SourceNote, SourceSection, CONTENT_DIR};
use crate::diagnostics::{Code, Diagnostic, Location};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// The files of `content/` (and `mkdocs.yml` beside it) this module reads.
pub(crate) fn is_order_file(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    matches!(
        name,
        "_category_.json" | "_category_.yml" | "_category_.yaml"
    ) || matches!(rel, "mkdocs.yml" | "mkdocs.yaml")
}

/// The front-matter key of the label the navigation shows for a note
/// (Docusaurus's own; Starlight's `sidebar.label` and a MkDocs nav title
/// are read into it).
pub const NAV_LABEL: &str = "sidebar_label";

/// The label the sidebar shows for `note`: its navigation label, else its title.
pub fn nav_label(note: &SourceNote) -> &str {
    note.front
        .extra
        .get(NAV_LABEL)
        .and_then(Value::as_str)
        .or_else(|| {
            note.front
                .extra
                .get("sidebar")
                .and_then(|s| s.get("label"))
                .and_then(Value::as_str)
        })
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .unwrap_or(&note.title)
}

fn parse_yaml_or_json(rel: &str, text: &str, diagnostics: &mut Vec<Diagnostic>) -> Option<Value> {
    let parsed = if rel.ends_with(".json") {
        serde_json::from_str::<Value>(text).map_err(|e| e.to_string())
    } else {
        // MkDocs files carry `!!python/name:` tags: read as their plain values.
        serde_yaml::from_str::<serde_yaml::Value>(text)
            .map_err(|e| e.to_string())
            .map(untag)
            .and_then(|v| serde_json::to_value(v).map_err(|e| e.to_string()))
    };
    match parsed {
        Ok(v) => Some(v),
        Err(e) => {
            diagnostics.push(Diagnostic::warning(
                Code::Config,
                Location::file(&Path::new(CONTENT_DIR).join(rel)),
                format!("`{rel}` is not read: {e}"),
            ));
            None
        }
    }
}

fn untag(value: serde_yaml::Value) -> serde_yaml::Value {
    use serde_yaml::Value as Y;
    match value {
        Y::Tagged(tagged) => untag(tagged.value),
        Y::Sequence(items) => Y::Sequence(items.into_iter().map(untag).collect()),
        Y::Mapping(map) => Y::Mapping(map.into_iter().map(|(k, v)| (k, untag(v))).collect()),
        other => other,
    }
}

/// Applies every order file to the sections (by folder) and the notes.
pub(super) fn apply(
    files: &BTreeMap<String, String>,
    sections: &mut BTreeMap<String, SourceSection>,
    notes: &mut [(String, SourceNote)],
    diagnostics: &mut Vec<Diagnostic>,
) {
    for (rel, text) in files {
        if rel.starts_with("mkdocs.") {
            continue;
        }
        let Some(category) = parse_yaml_or_json(rel, text, diagnostics) else {
            continue;
        };
        let Some(section) = sections.get_mut(parent_dir(rel)) else {
            continue;
        };
        if section
            .index
            .as_ref()
            .is_none_or(|i| i.front.title.is_none())
        {
            if let Some(label) = category.get("label").and_then(Value::as_str) {
                section.title = label.to_string();
            }
        }
        if section.weight.is_none() {
            section.weight = category.get("position").and_then(number);
        }
        if section.description.is_none() {
            section.description = category
                .get("description")
                .or_else(|| category.get("link").and_then(|l| l.get("description")))
                .and_then(Value::as_str)
                .map(str::to_string);
        }
    }
    let nav = ["mkdocs.yml", "mkdocs.yaml"]
        .iter()
        .find_map(|name| files.get(*name).map(|t| (*name, t)))
        .and_then(|(rel, text)| parse_yaml_or_json(rel, text, diagnostics))
        .and_then(|config| config.get("nav").cloned());
    if let Some(nav) = nav {
        let mut walk = NavWalk::default();
        walk.items(&nav);
        walk.apply(sections, notes);
    }
}

fn number(v: &Value) -> Option<i64> {
    v.as_i64()
        .or_else(|| v.as_f64().map(|f| f.round() as i64))
        .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
}

/// What a MkDocs `nav` says, in its order.
#[derive(Default)]
struct NavWalk {
    /// Note path ids (without extension) with their place and nav title.
    notes: Vec<(String, Option<String>)>,
    /// Section folders with the title the nav gives them, in first-mention order.
    sections: Vec<(String, String)>,
}

impl NavWalk {
    /// `items`: a list of `path.md`, `{title: path.md}` or `{title: [items]}`.
    /// Returns the folders of the pages listed.
    fn items(&mut self, items: &Value) -> Vec<String> {
        let mut dirs = Vec::new();
        for item in items.as_array().into_iter().flatten() {
            match item {
                Value::String(path) => dirs.extend(self.page(path, None)),
                Value::Object(map) => {
                    for (title, value) in map {
                        match value {
                            Value::String(path) => {
                                dirs.extend(self.page(path, Some(title.clone())))
                            }
                            Value::Array(_) => {
                                let inner = self.items(value);
                                // The section is the folder its pages share.
                                if let Some(dir) = common_dir(&inner) {
                                    if !dir.is_empty()
                                        && !self.sections.iter().any(|(d, _)| *d == dir)
                                    {
                                        self.sections.push((dir.clone(), title.clone()));
                                    }
                                }
                                dirs.extend(inner);
                            }
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        dirs
    }

    /// A page of the nav: its folder, unless it is a URL.
    fn page(&mut self, path: &str, title: Option<String>) -> Option<String> {
        let path = path.trim().trim_start_matches("./");
        if path.contains("://") || path.starts_with('/') {
            return None;
        }
        let stem = path
            .strip_suffix(".md")
            .or_else(|| path.strip_suffix(".mdx"))
            .unwrap_or(path)
            .to_string();
        let dir = parent_dir(&stem).to_string();
        self.notes.push((stem, title));
        Some(dir)
    }

    fn apply(
        self,
        sections: &mut BTreeMap<String, SourceSection>,
        notes: &mut [(String, SourceNote)],
    ) {
        let mut place: HashMap<&str, (i64, Option<&String>)> = HashMap::new();
        for (i, (stem, title)) in self.notes.iter().enumerate() {
            place.entry(stem).or_insert((i as i64 + 1, title.as_ref()));
        }
        for (_, note) in notes.iter_mut() {
            let Some(&(weight, title)) = place.get(note.path_id.as_str()) else {
                continue;
            };
            if note.front.weight.is_none() {
                note.front.weight = Some(weight);
            }
            if let Some(title) = title {
                note.front
                    .extra
                    .entry(NAV_LABEL.to_string())
                    .or_insert_with(|| Value::from(title.clone()));
            }
        }
        // Sections in the order the nav first lists a page of theirs.
        let mut first: HashMap<String, i64> = HashMap::new();
        for (i, (stem, _)) in self.notes.iter().enumerate() {
            let mut dir = parent_dir(stem);
            while !dir.is_empty() {
                first.entry(dir.to_string()).or_insert(i as i64 + 1);
                dir = parent_dir(dir);
            }
        }
        for (dir, section) in sections.iter_mut() {
            if section.weight.is_none() {
                section.weight = first.get(dir).copied();
            }
        }
        for (dir, title) in self.sections {
            if let Some(section) = sections.get_mut(&dir) {
                if section
                    .index
                    .as_ref()
                    .is_none_or(|i| i.front.title.is_none())
                {
                    section.title = title;
                }
            }
        }
    }
}

/// The deepest folder every path in `dirs` is in.
fn common_dir(dirs: &[String]) -> Option<String> {
    let first = dirs.first()?;
    let mut common: Vec<&str> = first.split('/').filter(|s| !s.is_empty()).collect();
    for dir in &dirs[1..] {
        let parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
        let same = common
            .iter()
            .zip(&parts)
            .take_while(|(a, b)| a == b)
            .count();
        common.truncate(same);
    }
    Some(common.join("/"))
}
