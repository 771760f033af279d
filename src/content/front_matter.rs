//! Splitting a note into front matter and body, and reading the fields shiori
//! knows out of it with a diagnostic for every value of the wrong shape.

use crate::date::Date;
use crate::diagnostics::{Code, Diagnostic, Location};
use serde_json::{Map, Value};
use std::ops::Range;
use std::path::Path;

/// The delimiter family of a front-matter block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `---` YAML, shiori's own format.
    Yaml,
    /// `+++` TOML, as Zola and Hugo write it.
    Toml,
}

/// Where the parts of a note are inside its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    pub format: Option<Format>,
    /// The front matter between the delimiters (empty without front matter).
    pub front: Range<usize>,
    /// The Markdown body.
    pub body: Range<usize>,
}

/// Finds the front matter block at the very start of `text`.
///
/// An opening `---` without a closing one is a thematic break, not front
/// matter: the whole text is then the body and `unclosed` is true.
pub fn split(text: &str) -> (Split, bool) {
    let no_front = Split {
        format: None,
        front: 0..0,
        body: 0..text.len(),
    };
    // Zola reads `+++` after blank lines too; `+++` means nothing else in
    // Markdown, while `---` after a blank line is a rule.
    let lead = text.len() - text.trim_start_matches(['\n', '\r', ' ', '\t']).len();
    let lead = text[..lead].rfind('\n').map_or(0, |i| i + 1);
    let (format, fence, start) = if starts_with_fence(text, "---") {
        (Format::Yaml, "---", 0)
    } else if starts_with_fence(&text[lead..], "+++") {
        (Format::Toml, "+++", lead)
    } else {
        return (no_front, false);
    };
    let first_line_end = text[start..]
        .find('\n')
        .map_or(text.len(), |i| start + i + 1);
    let mut offset = first_line_end;
    for line in text[first_line_end..].split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == fence || (format == Format::Yaml && trimmed == "...") {
            let split = Split {
                format: Some(format),
                front: first_line_end..offset,
                body: offset + line.len()..text.len(),
            };
            return (split, false);
        }
        offset += line.len();
    }
    (no_front, true)
}

fn starts_with_fence(text: &str, fence: &str) -> bool {
    text.strip_prefix(fence).is_some_and(|rest| {
        rest.trim_start_matches([' ', '\t'])
            .starts_with(['\n', '\r'])
    })
}

/// The front-matter fields shiori understands; everything else is kept in `extra`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub tags: Vec<String>,
    pub docs: Vec<String>,
    pub aliases: Vec<String>,
    pub weight: Option<i64>,
    pub reviewed: Option<Date>,
    pub draft: bool,
    pub summary: Option<String>,
    /// Overrides the output file name (not the folder).
    pub slug: Option<String>,
    /// A one-line description: a section's, or any page's written for
    /// another tool (Hugo, Zola, Docusaurus, Obsidian); searched as the
    /// page's first text.
    pub description: Option<String>,
    /// Unknown keys, handed to templates as `note.extra`.
    pub extra: Map<String, Value>,
}

/// A note's text as the loader sees it, for diagnostics about front matter.
pub struct FrontSource<'a> {
    pub file: &'a Path,
    pub text: &'a str,
    pub split: &'a Split,
}

impl FrontSource<'_> {
    /// The location of `key:` inside the front matter, or of the block itself.
    pub fn key_location(&self, key: &str) -> Location {
        let front = &self.text[self.split.front.clone()];
        let mut offset = self.split.front.start;
        for line in front.split_inclusive('\n') {
            let bare = line.trim_start_matches(['"', '\'']);
            if let Some(rest) = bare.strip_prefix(key) {
                let rest = rest.trim_start_matches(['"', '\'']).trim_start();
                if rest.starts_with(':') || rest.starts_with('=') {
                    let start = offset + (line.len() - bare.len());
                    return Location::in_text(self.file, self.text, start..start + key.len());
                }
            }
            offset += line.len();
        }
        Location::in_text(
            self.file,
            self.text,
            self.split.front.start.saturating_sub(4)..self.split.front.start,
        )
    }

    /// The location of `value` written after `key:` (for list items such as a doc id).
    pub fn value_location(&self, key: &str, value: &str) -> Location {
        let key_loc = self.key_location(key);
        let from = key_loc.span.start;
        let front_end = self.split.front.end.max(from);
        match self.text[from..front_end].find(value) {
            Some(i) => Location::in_text(self.file, self.text, from + i..from + i + value.len()),
            None => key_loc,
        }
    }
}

/// Parses the front matter of `source` into fields, pushing a diagnostic for each problem.
pub fn parse(source: &FrontSource<'_>, out: &mut Vec<Diagnostic>) -> FrontMatter {
    let raw = &source.text[source.split.front.clone()];
    let map = match source.split.format {
        None => return FrontMatter::default(),
        Some(Format::Yaml) => parse_yaml(raw, source, out),
        Some(Format::Toml) => parse_toml(raw, source, out),
    };
    let Some(map) = map else {
        return FrontMatter::default();
    };
    fields(map, source, out)
}

fn parse_yaml(
    raw: &str,
    source: &FrontSource<'_>,
    out: &mut Vec<Diagnostic>,
) -> Option<Map<String, Value>> {
    if raw.trim().is_empty() {
        return Some(Map::new());
    }
    if let Some(at) = crate::yaml::depth::too_deep(raw) {
        let offset = source.split.front.start + at;
        out.push(crate::yaml::depth::diagnostic(
            Code::FrontMatter,
            source.file,
            source.text,
            offset,
        ));
        return None;
    }
    match serde_yaml::from_str::<serde_yaml::Value>(raw) {
        Ok(serde_yaml::Value::Mapping(m)) => Some(yaml_mapping_to_json(m)),
        Ok(serde_yaml::Value::Null) => Some(Map::new()),
        Ok(_) => {
            out.push(Diagnostic::error(
                Code::FrontMatter,
                Location::in_text(
                    source.file,
                    source.text,
                    source.split.front.start..source.split.front.start,
                ),
                "front matter must be a mapping of `key: value` lines",
            ));
            None
        }
        Err(e) => {
            let mut d = crate::yaml::diagnostic(&e, raw, source.file);
            if let Some(loc) = e.location() {
                // Re-anchor the YAML error position from the block to the whole file. An
                // error found at the end of the block (an unclosed bracket) belongs to its last line.
                let line_offset = source.text[..source.split.front.start]
                    .matches('\n')
                    .count();
                let block_lines = raw.lines().count().max(1);
                let (line, column) = if loc.line() > block_lines {
                    let last = raw.lines().last().unwrap_or("");
                    (block_lines, last.chars().count() + 1)
                } else {
                    (loc.line(), loc.column())
                };
                d.location =
                    Location::at_line(source.file, source.text, line + line_offset, column);
            }
            d.code = Code::FrontMatter;
            d.message = format!("invalid YAML in front matter: {}", d.message);
            out.push(d);
            None
        }
    }
}

fn parse_toml(
    raw: &str,
    source: &FrontSource<'_>,
    out: &mut Vec<Diagnostic>,
) -> Option<Map<String, Value>> {
    match toml::from_str::<toml::Table>(raw) {
        Ok(table) => match serde_json::to_value(table) {
            Ok(Value::Object(map)) => Some(map),
            _ => Some(Map::new()),
        },
        Err(e) => {
            let start = source.split.front.start + e.span().map_or(0, |s| s.start);
            out.push(Diagnostic::error(
                Code::FrontMatter,
                Location::in_text(source.file, source.text, start..start + 1),
                format!("invalid TOML in front matter: {}", e.message()),
            ));
            None
        }
    }
}

/// YAML allows any scalar as a key and tags on values; templates want plain JSON.
fn yaml_mapping_to_json(mapping: serde_yaml::Mapping) -> Map<String, Value> {
    mapping
        .into_iter()
        .map(|(k, v)| (yaml_key(&k), yaml_to_json(v)))
        .collect()
}

fn yaml_key(key: &serde_yaml::Value) -> String {
    match key {
        serde_yaml::Value::String(s) => s.clone(),
        serde_yaml::Value::Bool(b) => b.to_string(),
        serde_yaml::Value::Number(n) => n.to_string(),
        serde_yaml::Value::Null => "null".to_string(),
        other => serde_yaml::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_string(),
    }
}

fn yaml_to_json(value: serde_yaml::Value) -> Value {
    match value {
        serde_yaml::Value::Null => Value::Null,
        serde_yaml::Value::Bool(b) => Value::Bool(b),
        serde_yaml::Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                n.as_f64()
                    .and_then(serde_json::Number::from_f64)
                    .map_or(Value::Null, Value::Number)
            }
        }
        serde_yaml::Value::String(s) => Value::String(s),
        serde_yaml::Value::Sequence(items) => {
            Value::Array(items.into_iter().map(yaml_to_json).collect())
        }
        serde_yaml::Value::Mapping(m) => Value::Object(yaml_mapping_to_json(m)),
        serde_yaml::Value::Tagged(tagged) => yaml_to_json(tagged.value),
    }
}

fn fields(
    mut map: Map<String, Value>,
    source: &FrontSource<'_>,
    out: &mut Vec<Diagnostic>,
) -> FrontMatter {
    let mut front = FrontMatter {
        title: take_text(&mut map, "title", source, out),
        summary: take_text(&mut map, "summary", source, out),
        description: take_text(&mut map, "description", source, out),
        slug: take_text(&mut map, "slug", source, out),
        tags: take_list(&mut map, "tags", source, out),
        docs: take_list(&mut map, "docs", source, out),
        aliases: take_list(&mut map, "aliases", source, out),
        ..FrontMatter::default()
    };
    if let Some(value) = map.remove("weight") {
        match value {
            Value::Number(n) if n.as_i64().is_some() => front.weight = n.as_i64(),
            Value::Null => {}
            other => out.push(type_error(
                source,
                "weight",
                "a whole number such as `10`",
                &other,
            )),
        }
    }
    if let Some(value) = map.remove("draft") {
        match value {
            Value::Bool(b) => front.draft = b,
            Value::Null => {}
            other => out.push(type_error(source, "draft", "`true` or `false`", &other)),
        }
    }
    if let Some(value) = map.remove("reviewed") {
        match &value {
            Value::String(s) => match Date::parse(s) {
                Some(d) => front.reviewed = Some(d),
                None => out.push(type_error(
                    source,
                    "reviewed",
                    "a date written `YYYY-MM-DD`",
                    &value,
                )),
            },
            Value::Null => {}
            other => out.push(type_error(
                source,
                "reviewed",
                "a date written `YYYY-MM-DD`",
                other,
            )),
        }
    }
    front.slug = front.slug.take().and_then(super::source_keys::site_slug);
    if let Some(slug) = &front.slug {
        if slug.is_empty()
            || slug.contains(['/', '\\'])
            || slug == "."
            || slug == ".."
            || slug.starts_with('.')
            || slug.chars().any(char::is_control)
        {
            out.push(
                Diagnostic::error(
                    Code::Path,
                    source.key_location("slug"),
                    format!(
                        "slug `{slug}` is not a plain file name; it could escape the output folder"
                    ),
                )
                .with_help("use letters, digits and `-`, without `/` or a leading `.`"),
            );
            front.slug = None;
        }
    }
    front.extra = map;
    front
}

/// A text field; numbers and booleans are accepted as text with a warning.
fn take_text(
    map: &mut Map<String, Value>,
    key: &str,
    source: &FrontSource<'_>,
    out: &mut Vec<Diagnostic>,
) -> Option<String> {
    match map.remove(key)? {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Null => None,
        scalar @ (Value::Number(_) | Value::Bool(_)) => {
            out.push(Diagnostic::warning(
                Code::FieldType,
                source.key_location(key),
                format!(
                    "`{key}` should be text, found {}; using `{scalar}`",
                    kind(&scalar)
                ),
            ));
            Some(scalar.to_string())
        }
        other => {
            out.push(type_error(source, key, "text", &other));
            None
        }
    }
}

/// A list field; a single text is accepted as a comma-separated list with a warning.
fn take_list(
    map: &mut Map<String, Value>,
    key: &str,
    source: &FrontSource<'_>,
    out: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let Some(value) = map.remove(key) else {
        return Vec::new();
    };
    let mut items = Vec::new();
    match value {
        Value::Array(values) => {
            for v in values {
                match v {
                    Value::String(s) => items.push(s),
                    Value::Number(_) | Value::Bool(_) => items.push(v.to_string()),
                    Value::Null => {}
                    other => out.push(type_error(source, key, "a list of texts", &other)),
                }
            }
        }
        Value::String(s) => {
            out.push(
                Diagnostic::warning(
                    Code::FieldType,
                    source.key_location(key),
                    format!("`{key}` should be a list, found a text"),
                )
                .with_help(format!(
                    "write `{key}: [{}]`",
                    s.split(',').map(str::trim).collect::<Vec<_>>().join(", ")
                )),
            );
            items.extend(s.split(',').map(str::to_string));
        }
        Value::Null => {}
        other => out.push(type_error(source, key, "a list such as `[a, b]`", &other)),
    }
    let mut seen = std::collections::HashSet::new();
    items
        .into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty() && seen.insert(s.clone()))
        .collect()
}

fn type_error(source: &FrontSource<'_>, key: &str, expected: &str, found: &Value) -> Diagnostic {
    Diagnostic::error(
        Code::FieldType,
        source.key_location(key),
        format!(
            "`{key}` must be {expected}, found {} `{}`",
            kind(found),
            short(found)
        ),
    )
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "the text",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

fn short(value: &Value) -> String {
    let text = match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if text.chars().count() > 40 {
        text.chars().take(40).collect::<String>() + "…"
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> (FrontMatter, Vec<Diagnostic>) {
        let (split, _) = split(text);
        let mut out = Vec::new();
        let source = FrontSource {
            file: Path::new("n.md"),
            text,
            split: &split,
        };
        (parse(&source, &mut out), out)
    }

    #[test]
    fn splits_yaml_and_keeps_offsets() {
        let text = "---\r\ntitle: a\r\n---\r\n# body\n";
        let (s, unclosed) = split(text);
        assert!(!unclosed);
        assert_eq!(&text[s.front.clone()], "title: a\r\n");
        assert_eq!(&text[s.body.clone()], "# body\n");
    }

    #[test]
    fn an_unclosed_fence_is_a_thematic_break() {
        let (s, unclosed) = split("---\njust text\n");
        assert!(unclosed);
        assert_eq!(s.format, None);
    }

    #[test]
    fn reads_known_fields_and_keeps_the_rest() {
        let (fm, diags) = parse_text(
            "---\ntitle: プライベートクラスター\ntags: [cluster, network]\ndocs: [private-clusters]\nweight: 30\nreviewed: 2020-07-19\nowner: sre\n---\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(fm.title.as_deref(), Some("プライベートクラスター"));
        assert_eq!(fm.tags, ["cluster", "network"]);
        assert_eq!(fm.weight, Some(30));
        assert_eq!(fm.reviewed.unwrap().to_string(), "2020-07-19");
        assert_eq!(fm.extra["owner"], "sre");
    }

    #[test]
    fn wrong_types_are_located_at_their_key() {
        let (fm, diags) = parse_text("---\ntitle: 123\ntags: \"a, b\"\nreviewed: tomorrow\n---\n");
        assert_eq!(fm.title.as_deref(), Some("123"));
        assert_eq!(fm.tags, ["a", "b"]);
        let lines: Vec<_> = diags
            .iter()
            .map(|d| (d.location.line, d.severity))
            .collect();
        use crate::diagnostics::Severity::*;
        assert_eq!(lines, [(2, Warning), (3, Warning), (4, Error)]);
        assert!(diags[2].message.contains("YYYY-MM-DD"));
    }

    #[test]
    fn broken_yaml_points_into_the_file() {
        let (_, diags) = parse_text("---\ntitle: ok\ntags: [a, b\n---\nbody\n");
        assert_eq!(diags.len(), 1);
        assert!(diags[0].location.line >= 3, "{:?}", diags[0].location);
        assert!(diags[0].message.starts_with("invalid YAML"));
    }

    #[test]
    fn toml_front_matter_may_follow_blank_lines_and_hold_them() {
        let text = "\n  \n+++\ntitle = \"apollo\"\n\n[extra]\nrepository = \"r\"\n+++        \n\n# apollo\n";
        let (s, unclosed) = split(text);
        assert!(!unclosed);
        assert_eq!(s.format, Some(Format::Toml));
        assert_eq!(&text[s.body.clone()], "\n# apollo\n");
        let (fm, diags) = parse_text(text);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(fm.title.as_deref(), Some("apollo"));
        assert_eq!(fm.extra["extra"]["repository"], "r");
        // `---` after a blank line is a thematic break.
        assert_eq!(split("\n---\ntitle: x\n---\n").0.format, None);
    }

    #[test]
    fn toml_front_matter_is_read() {
        let (fm, diags) = parse_text("+++\ntitle = \"Zola page\"\nweight = 5\n+++\nbody\n");
        assert!(diags.is_empty());
        assert_eq!(fm.title.as_deref(), Some("Zola page"));
        assert_eq!(fm.weight, Some(5));
    }
}
