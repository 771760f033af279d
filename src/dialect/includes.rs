//! Include directives (mdBook `{{#include f:2:10}}` and `{{#include f:anchor}}`,
//! MkDocs `--8<-- "f"`, Hugo `{{% include "f" %}}`, GitBook `{% include "f" %}`):
//! the file's text, read at load time from inside `content/`, in place of the
//! directive. Markdown is translated like the note; other files are code.

use super::blocks::blocks;
use super::{Context, Line, Out};
use crate::content::includes::{directive_spec, file_part};

/// The lines of `text` that `spec` selects: `f:2` one line, `f:2:10` a range
/// (either end may be left out), `f:name` the lines between `ANCHOR: name`
/// and `ANCHOR_END: name`. Anchor marker lines are never shown.
pub(crate) fn select(text: &str, spec: &str) -> Result<String, String> {
    let lines: Vec<&str> = text.lines().collect();
    let mut parts = spec.split(':').skip(1);
    let picked: Vec<&str> = match (parts.next(), parts.next()) {
        (None, _) => lines,
        (Some(a), None) if a.chars().all(|c| c.is_ascii_digit()) && !a.is_empty() => {
            let n: usize = a.parse().map_err(|_| format!("bad line `{a}`"))?;
            lines
                .get(n.saturating_sub(1)..n)
                .unwrap_or_default()
                .to_vec()
        }
        (Some(name), None) => {
            let start = lines
                .iter()
                .position(|l| anchor_of(l, "ANCHOR:") == Some(name))
                .ok_or_else(|| format!("no `ANCHOR: {name}` in the file"))?;
            let end = lines[start..]
                .iter()
                .position(|l| anchor_of(l, "ANCHOR_END:") == Some(name))
                .map_or(lines.len(), |e| start + e);
            lines[start + 1..end].to_vec()
        }
        (Some(a), Some(b)) => {
            let from: usize = if a.is_empty() {
                1
            } else {
                a.parse().map_err(|_| format!("bad line `{a}`"))?
            };
            let to: usize = if b.is_empty() {
                lines.len()
            } else {
                b.parse().map_err(|_| format!("bad line `{b}`"))?
            };
            lines
                .get(from.saturating_sub(1).min(lines.len())..to.min(lines.len()))
                .unwrap_or_default()
                .to_vec()
        }
    };
    let kept: Vec<&str> = picked
        .into_iter()
        .filter(|l| !l.contains("ANCHOR:") && !l.contains("ANCHOR_END:"))
        .collect();
    Ok(kept.join("\n"))
}

fn anchor_of<'a>(line: &'a str, marker: &str) -> Option<&'a str> {
    let at = line.find(marker)?;
    line[at + marker.len()..].split_whitespace().next()
}

/// The text a directive names, or a warning about why it cannot be shown.
fn included(cx: &mut Context<'_>, line: Line<'_>, spec: &str) -> Option<String> {
    let file = file_part(spec);
    let found = cx
        .note
        .includes
        .iter()
        .find(|i| i.written == file)
        .map(|i| i.text.clone());
    let text = match found {
        Some(Ok(text)) => text,
        Some(Err(why)) => {
            cx.warn(
                line.at,
                line.text.len(),
                format!("cannot include `{file}`: {why}"),
                "",
            );
            return None;
        }
        None => {
            cx.warn(
                line.at,
                line.text.len(),
                format!("cannot include `{file}` here"),
                "",
            );
            return None;
        }
    };
    match select(&text, spec) {
        Ok(t) => Some(t),
        Err(why) => {
            cx.warn(
                line.at,
                line.text.len(),
                format!("cannot include `{spec}`: {why}"),
                "",
            );
            None
        }
    }
}

fn is_markdown(file: &str) -> bool {
    let lower = file.to_ascii_lowercase();
    [".md", ".markdown", ".mdx"]
        .iter()
        .any(|e| lower.ends_with(e))
}

/// An include directive on a line of its own, outside code.
pub(crate) fn block(
    cx: &mut Context<'_>,
    lines: &[Line<'_>],
    i: usize,
    out: &mut Out,
    pad: &str,
) -> Option<usize> {
    let line = lines[i];
    let spec = directive_spec(line.trimmed())?;
    let Some(text) = included(cx, line, &spec) else {
        return Some(1);
    };
    let pin = out.pin(line.at);
    let lower = file_part(&spec).to_ascii_lowercase();
    if lower.ends_with(".html") || lower.ends_with(".htm") {
        // An HTML fragment goes in as raw HTML (sanitised like any other).
        out.emit(line.at, "\n");
        for l in text.lines().filter(|l| !l.trim().is_empty()) {
            out.emit(line.at, &format!("{pad}{l}\n"));
        }
        out.emit(line.at, "\n");
    } else if is_markdown(file_part(&spec)) {
        let inner: Vec<Line<'_>> = text
            .lines()
            .map(|t| Line {
                at: line.at,
                text: t,
            })
            .collect();
        blocks(cx, &inner, out, pad);
    } else {
        let lang = file_part(&spec).rsplit_once('.').map_or("", |(_, e)| e);
        out.emit(line.at, &format!("{pad}````{lang}\n"));
        for l in text.lines() {
            out.emit(line.at, &format!("{pad}{l}\n"));
        }
        out.emit(line.at, &format!("{pad}````\n"));
    }
    out.unpin(pin);
    Some(1)
}

/// A line inside a code fence: an mdBook or snippet include is replaced by
/// the lines it names (mdBook expands them there too); `\{{#include}}` shows
/// the directive itself. Anything else is copied as it is.
pub(crate) fn code_line(cx: &mut Context<'_>, line: Line<'_>, out: &mut Out, pad: &str) {
    let t = line.trimmed();
    if let Some(escaped) = t.strip_prefix('\\').filter(|r| r.starts_with("{{#")) {
        let indent = &line.text[..line.text.len() - line.text.trim_start().len()];
        out.emit(line.at, &format!("{pad}{indent}{escaped}\n"));
        return;
    }
    let code_include = t.starts_with("{{#include")
        || t.starts_with("{{#rustdoc_include")
        || t.starts_with("--8<--");
    match directive_spec(t).filter(|_| code_include) {
        Some(spec) => {
            if let Some(text) = included(cx, line, &spec) {
                for l in text.lines() {
                    out.emit(line.at, &format!("{pad}{l}\n"));
                }
            }
        }
        None => out.line(line, pad),
    }
}
