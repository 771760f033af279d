//! Plain-text helpers of the Markdown stage: a note's title heading,
//! heading ids, HTML escaping, whitespace and length limits.

use super::parser_options;
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
use std::collections::HashMap;
use std::ops::Range;

/// The first `#` heading of `body` (an ATX `# x` or setext `x\n===`
/// heading, not one inside code, HTML or a comment): its plain text and its
/// byte range inside `body`.
pub fn first_heading(body: &str) -> Option<(String, Range<usize>)> {
    let mut events = Parser::new_ext(body, parser_options(false)).into_offset_iter();
    while let Some((event, range)) = events.next() {
        if !matches!(
            event,
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            })
        ) {
            continue;
        }
        let mut text = String::new();
        for (event, _) in events.by_ref() {
            match event {
                Event::End(TagEnd::Heading(_)) => break,
                Event::Text(t) | Event::Code(t) => text.push_str(&t),
                Event::SoftBreak | Event::HardBreak => text.push(' '),
                // A line break written as HTML (`a<br>b`) separates words.
                Event::InlineHtml(h) if h.trim_start_matches('<').starts_with("br") => {
                    text.push(' ')
                }
                _ => {}
            }
        }
        let text = collapse_whitespace(&text);
        if !text.is_empty() {
            return Some((text, range));
        }
    }
    None
}

/// The `#` heading a body opens with: [`first_heading`] when nothing but
/// blank lines, HTML comments and MDX `import`/`export` lines stands before
/// it (the heading a Docusaurus or Zola page writes under its front-matter
/// title).
pub fn opening_heading(body: &str) -> Option<(String, Range<usize>)> {
    let (text, range) = first_heading(body)?;
    let mut before = &body[..range.start];
    while let Some(open) = before.find("<!--") {
        let (head, rest) = before.split_at(open);
        if !only_module_lines(head) {
            return None;
        }
        before = rest.find("-->").map_or("", |close| &rest[close + 3..]);
    }
    only_module_lines(before).then_some((text, range))
}

/// Whether every non-blank line of `text` is an MDX `import` or `export`.
fn only_module_lines(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .all(|line| line.is_empty() || line.starts_with("import ") || line.starts_with("export "))
}

/// An anchor id for a heading: lower case, spaces as `-`, punctuation dropped,
/// letters of every script kept (`制限事項` stays `制限事項`).
pub fn heading_id(text: &str) -> String {
    let mut id = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '_' || c == '-' {
            id.extend(c.to_lowercase());
        } else if c.is_whitespace() && !id.ends_with('-') {
            id.push('-');
        }
    }
    let id = id.trim_matches('-').to_string();
    if id.is_empty() {
        "section".to_string()
    } else {
        id
    }
}

/// Escapes text for HTML content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped(&mut out, text);
    out
}

/// Appends `text` to `out`, escaped for HTML content and attribute values.
pub fn push_escaped(out: &mut String, text: &str) {
    // Writing to a String cannot fail.
    let _ = write_escaped(out, text);
}

/// Writes `text` escaped for HTML: the runs between the five special
/// characters are written as they are, in one piece.
pub fn write_escaped<W: std::fmt::Write + ?Sized>(out: &mut W, text: &str) -> std::fmt::Result {
    let mut written = 0;
    for (at, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.write_str(&text[written..at])?;
        out.write_str(entity)?;
        written = at + 1;
    }
    out.write_str(&text[written..])
}

pub(crate) fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Shortens `text` to at most `max` characters, ending with "…" when cut.
pub fn truncate(text: &str, max: usize) -> String {
    // Only the first `max` characters are looked at: previews truncate
    // whole heading sections, and counting them all was most of the work.
    let mut ends = text.char_indices().map(|(i, _)| i);
    match ends.nth(max.saturating_sub(1)) {
        Some(cut) if ends.next().is_some() => text[..cut].to_string() + "…",
        _ => text.to_string(),
    }
}

/// `base`, or `base-1`, `base-2`, ... when taken; `ids` maps each base to its next suffix.
pub(super) fn unique_id(ids: &mut HashMap<String, usize>, base: String) -> String {
    let mut next = match ids.get(&base) {
        None => {
            ids.insert(base.clone(), 1);
            return base;
        }
        Some(&n) => n,
    };
    loop {
        let candidate = format!("{base}-{next}");
        next += 1;
        if !ids.contains_key(&candidate) {
            ids.insert(base, next);
            ids.insert(candidate.clone(), 1);
            return candidate;
        }
    }
}
