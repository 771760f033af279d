//! Obsidian vaults: a folder whose front matter links notes (`categories:
//! "[[Books]]"`) is read as one. Its notes' properties are shown on their
//! pages (and so searched), and inline `#tags` in their text are tags.

use super::SourceNote;
use serde_json::Value;

/// Whether any note's front matter holds a `[[wikilink]]`: the mark of a vault.
pub(super) fn is_vault<'a>(mut notes: impl Iterator<Item = &'a SourceNote>) -> bool {
    notes.any(|n| n.front.extra.values().any(holds_wikilink))
}

fn holds_wikilink(v: &Value) -> bool {
    match v {
        Value::String(s) => s.contains("[["),
        Value::Array(items) => items.iter().any(holds_wikilink),
        _ => false,
    }
}

/// The note's properties as `(key, shown value)`, lists joined with commas;
/// nested values are left out.
fn properties(note: &SourceNote) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (key, value) in &note.front.extra {
        let shown = match value {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Array(items) => items
                .iter()
                .filter_map(|i| match i {
                    Value::String(s) => Some(s.clone()),
                    Value::Number(n) => Some(n.to_string()),
                    _ => None,
                })
                .collect::<Vec<_>>()
                .join(", "),
            _ => continue,
        };
        if !shown.trim().is_empty() {
            out.push((key.clone(), shown));
        }
    }
    out
}

/// `#tag` words of the text outside code: after a space or the line start,
/// not a heading, not only digits (Obsidian's rules).
fn inline_tags(body: &str) -> Vec<String> {
    let mut tags = Vec::new();
    let mut fence = false;
    for line in body.lines() {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = !fence;
            continue;
        }
        if fence {
            continue;
        }
        let mut prev = ' ';
        let mut in_code = false;
        for (i, c) in line.char_indices() {
            if c == '`' {
                in_code = !in_code;
            }
            if c == '#' && !in_code && prev.is_whitespace() {
                let tag: String = line[i + 1..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '/'))
                    .collect();
                if !tag.is_empty()
                    && !tag.chars().all(|c| c.is_ascii_digit())
                    && !tags.contains(&tag)
                {
                    tags.push(tag);
                }
            }
            prev = c;
        }
    }
    tags
}

/// Reads a vault's notes as Obsidian shows them.
pub(super) fn apply(note: &mut SourceNote) {
    note.properties = properties(note);
    for tag in inline_tags(note.body()) {
        if !note.front.tags.contains(&tag) {
            note.front.tags.push(tag);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::inline_tags;

    #[test]
    fn inline_tags_skip_headings_code_numbers_and_anchors() {
        let body = "# 見出し\n本文 #読書 と #book/fiction、`#code` と [a](#anchor) と #123\n```\n#fenced\n```\n";
        assert_eq!(inline_tags(body), ["読書", "book/fiction"]);
    }
}
