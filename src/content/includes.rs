//! Files a note pulls in with an include directive (mdBook `{{#include}}`,
//! MkDocs `--8<--` snippets, Hugo's `include` shortcode, GitBook's
//! `{% include %}`), read while loading so the parse stage stays a function
//! of the note alone. Only files inside `content/` are read.

use super::parent_dir;
use std::path::Path;
use std::sync::Arc;

/// One include target as written, and its text or why it could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Included {
    pub written: String,
    pub text: Result<Arc<str>, String>,
}

/// The file part of the include directives in `body` (ranges and anchors cut off).
pub fn targets(body: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in body.lines() {
        let t = line.trim();
        let t = t.strip_prefix('\\').map_or(t, |_| "");
        if let Some(spec) = directive_spec(t) {
            let file = file_part(&spec);
            if !file.is_empty() && !found.iter().any(|f| f == file) {
                found.push(file.to_string());
            }
        }
    }
    found
}

/// The argument of an include directive filling the line `t`, as written.
pub fn directive_spec(t: &str) -> Option<String> {
    let inner = if let Some(r) = t.strip_prefix("{{#include") {
        r.strip_suffix("}}")
    } else if let Some(r) = t
        .strip_prefix("{{#rustdoc_include")
        .or_else(|| t.strip_prefix("{{#playground"))
    {
        r.strip_suffix("}}")
    } else if let Some(r) = t.strip_prefix("--8<--") {
        Some(r)
    } else if let Some(r) = t
        .strip_prefix("{{% include")
        .or_else(|| t.strip_prefix("{{< include"))
    {
        r.strip_suffix("%}}").or_else(|| r.strip_suffix(">}}"))
    } else if let Some(r) = t
        .strip_prefix("{{% readfile")
        .or_else(|| t.strip_prefix("{{< readfile"))
    {
        r.strip_suffix("%}}")
            .or_else(|| r.strip_suffix(">}}"))
            .map(|a| a.trim().trim_start_matches("file="))
    } else if let Some(r) = t.strip_prefix("{% include") {
        r.strip_suffix("%}")
    } else if let Some(path) = codeblock_import(t) {
        return Some(path.to_string());
    } else {
        None
    }?;
    // Words after the file (`{{#playground f.rs editable}}`) are options.
    let spec = inner.split_whitespace().next()?.trim_matches(['"', '\'']);
    (!spec.is_empty()).then(|| spec.to_string())
}

/// The file of GitBook's include-codeblock line `[import, title:"x"](src/x.js)`
/// (also `[include]`): a link filling the line whose text is that word,
/// alone or followed by its options.
fn codeblock_import(t: &str) -> Option<&str> {
    let rest = t.strip_prefix('[')?;
    let word_end = rest.find(|c: char| !c.is_ascii_alphabetic())?;
    if !matches!(&rest[..word_end], "import" | "include") {
        return None;
    }
    if !matches!(rest[word_end..].chars().next(), Some(',' | ' ' | ':' | ']')) {
        return None;
    }
    let (_, after) = rest.rsplit_once("](")?;
    let path = after.strip_suffix(')')?.trim();
    (!path.is_empty() && !path.contains(char::is_whitespace) && !path.contains("://"))
        .then_some(path)
}

/// `file.rs` of `file.rs:2:10` or `file.rs:anchor`.
pub fn file_part(spec: &str) -> &str {
    spec.split(':').next().unwrap_or(spec)
}

/// `path` joined to `dir` with `.` and `..` resolved; `None` when it climbs out of `content/`.
fn normalize(dir: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = if path.starts_with('/') {
        Vec::new()
    } else {
        dir.split('/').filter(|p| !p.is_empty()).collect()
    };
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// Where a target may be, relative to `content/`: next to the note, then from the content root.
fn candidates(path_id: &str, written: &str) -> Vec<String> {
    let dir = parent_dir(path_id);
    let mut out = Vec::new();
    out.extend(normalize(dir, written));
    out.extend(normalize("", written.trim_start_matches('/')));
    out.dedup();
    out
}

/// Reads every target of a note through `read` (a path relative to `content/` → its bytes).
pub fn collect(
    path_id: &str,
    body: &str,
    mut read: impl FnMut(&str) -> Option<Vec<u8>>,
) -> Vec<Included> {
    targets(body)
        .into_iter()
        .map(|written| {
            let places = candidates(path_id, &written);
            let text = if places.is_empty() {
                Err("it is outside `content/`".to_string())
            } else {
                places
                    .iter()
                    .find_map(|p| read(p))
                    .ok_or_else(|| "no such file in `content/`".to_string())
                    .and_then(|bytes| {
                        String::from_utf8(bytes)
                            .map(|s| Arc::from(s.trim_start_matches('\u{feff}')))
                            .map_err(|_| "it is not UTF-8 text".to_string())
                    })
            };
            Included { written, text }
        })
        .collect()
}

/// Reads a target from disk, refusing anything that leaves `content_dir` (symlinks included).
pub fn read_on_disk(content_dir: &Path, rel: &str) -> Option<Vec<u8>> {
    let path = content_dir.join(rel);
    let real = path.canonicalize().ok()?;
    let root = content_dir.canonicalize().ok()?;
    if !real.starts_with(&root) || !real.is_file() {
        return None;
    }
    std::fs::read(real).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gitbook_codeblock_imports_name_their_file() {
        assert_eq!(
            directive_spec(r#"[import, title:"index.js"](./src/index.js)"#).as_deref(),
            Some("./src/index.js")
        );
        assert_eq!(directive_spec("[import](a.js)").as_deref(), Some("a.js"));
        assert_eq!(directive_spec("[important](a.js)"), None);
        assert_eq!(directive_spec("[import](https://x.org/a.js)"), None);
    }
}
