//! Wikilink syntax read the way its writers meant it, on pulldown-cmark's
//! events before the HTML is written.
//!
//! pulldown-cmark reads every `[[…]]` as a wikilink. CommonMark comes first:
//! `[[1]](https://…)` is a link whose text is `[1]`. GitLab's and
//! VitePress's `[[_TOC_]]` / `[[TOC]]` ask for the table of contents, which
//! the page shows already. Brackets around no name at all (`[[+]]`) are
//! text. In a table, `[[note\|text]]` escapes its pipe. Obsidian's block
//! ids (`… ^id` at the end of a paragraph or list item) become anchors that
//! `[[note#^id]]` leads to.

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};
use std::ops::Range;

pub(super) type Spanned<'a> = (Event<'a>, Range<usize>);

/// The anchor id of Obsidian block `^id`.
pub fn block_anchor(id: &str) -> String {
    format!("block-{}", id.to_lowercase())
}

/// Whether `html` is exactly a block anchor [`repair`] writes (so it needs
/// no sanitising: its id is letters, digits and `-` only).
pub(super) fn is_block_anchor(html: &str) -> bool {
    html.strip_prefix("<span id=\"block-")
        .and_then(|rest| rest.strip_suffix("\" class=\"block-anchor\"></span>"))
        .is_some_and(|id| {
            !id.is_empty()
                && id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        })
}

/// `events` with the forms above read as meant, and the anchors of the
/// blocks that carry an id.
pub(super) fn repair(events: Vec<Spanned<'_>>) -> (Vec<Spanned<'_>>, Vec<String>) {
    let mut out: Vec<Spanned<'_>> = Vec::with_capacity(events.len());
    let mut events = events.into_iter().peekable();
    // Where each open paragraph or list item starts in `out`.
    let mut blocks: Vec<usize> = Vec::new();
    // (index in `out` after which an anchor goes, its id)
    let mut anchors: Vec<(usize, String)> = Vec::new();
    while let Some((event, range)) = events.next() {
        match event {
            Event::Start(Tag::Link {
                link_type: LinkType::WikiLink { has_pothole },
                dest_url,
                title,
                id,
            }) => {
                let mut inner = Vec::new();
                let mut depth = 0usize;
                for (e, r) in events.by_ref() {
                    match &e {
                        Event::Start(_) => depth += 1,
                        Event::End(TagEnd::Link) if depth == 0 => break,
                        Event::End(_) => depth = depth.saturating_sub(1),
                        _ => {}
                    }
                    inner.push((e, r));
                }
                let url = match events.peek() {
                    Some((Event::Text(text), _)) => inline_destination(text).map(str::to_string),
                    _ => None,
                };
                let after = url.as_ref().map(|_| events.next().expect("peeked"));
                out.extend(wikilink(
                    has_pothole,
                    dest_url,
                    title,
                    id,
                    range,
                    inner,
                    url.zip(after),
                ));
            }
            // `![[note]]` embeds a note: a link marked as an embed, which
            // shows the note where it stands as a block of its own
            // (`embeds::place`), not a broken picture.
            Event::Start(Tag::Image {
                link_type: LinkType::WikiLink { has_pothole },
                dest_url,
                title,
                ..
            }) if !names_a_picture(&dest_url) => {
                out.push((
                    Event::Start(Tag::Link {
                        link_type: LinkType::WikiLink { has_pothole },
                        dest_url,
                        title,
                        id: CowStr::Borrowed(super::embeds::EMBED_ID),
                    }),
                    range,
                ));
                let mut depth = 0usize;
                for (e, r) in events.by_ref() {
                    match &e {
                        Event::Start(_) => depth += 1,
                        Event::End(TagEnd::Image) if depth == 0 => {
                            out.push((Event::End(TagEnd::Link), r));
                            break;
                        }
                        Event::End(_) => depth = depth.saturating_sub(1),
                        _ => {}
                    }
                    out.push((e, r));
                }
            }
            Event::Start(tag @ (Tag::Paragraph | Tag::Item)) => {
                blocks.push(out.len());
                out.push((Event::Start(tag), range));
            }
            Event::End(end @ (TagEnd::Paragraph | TagEnd::Item)) => {
                let start = blocks.pop();
                if let (Some(start), Some((Event::Text(text), _))) = (start, out.last_mut()) {
                    if let Some((kept, id)) = block_id(text) {
                        *text = CowStr::from(kept.to_string());
                        anchors.push((start, block_anchor(&id)));
                    }
                }
                out.push((Event::End(end), range));
            }
            other => out.push((other, range)),
        }
    }
    if anchors.is_empty() {
        return (super::embeds::place(out), Vec::new());
    }
    let ids: Vec<String> = anchors.iter().map(|(_, id)| id.clone()).collect();
    let mut with_anchors = Vec::with_capacity(out.len() + anchors.len());
    let mut next = anchors.into_iter().peekable();
    for (i, (event, range)) in out.into_iter().enumerate() {
        let at = range.start;
        with_anchors.push((event, range));
        while let Some((_, id)) = next.next_if(|(start, _)| *start == i) {
            let span = format!(
                "<span id=\"{}\" class=\"block-anchor\"></span>",
                super::escape_html(&id)
            );
            with_anchors.push((Event::Html(span.into()), at..at));
        }
    }
    (super::embeds::place(with_anchors), ids)
}

/// One wikilink and its text, as meant.
/// `url`: the `(url)` that follows it, and the text event that holds it.
fn wikilink<'a>(
    has_pothole: bool,
    dest: CowStr<'a>,
    title: CowStr<'a>,
    id: CowStr<'a>,
    range: Range<usize>,
    inner: Vec<Spanned<'a>>,
    url: Option<(String, Spanned<'a>)>,
) -> Vec<Spanned<'a>> {
    let at = range.clone();
    // `[[1]](url)`: CommonMark's link whose text is in brackets.
    if let Some((url, (Event::Text(text), text_range))) = url {
        let after = text[url.len() + 2..].to_string();
        let mut link = vec![(
            Event::Start(Tag::Link {
                link_type: LinkType::Inline,
                dest_url: url.into(),
                title: CowStr::Borrowed(""),
                id: CowStr::Borrowed(""),
            }),
            at.clone(),
        )];
        link.push((Event::Text("[".into()), at.clone()));
        link.extend(inner);
        link.push((Event::Text("]".into()), at.clone()));
        link.push((Event::End(TagEnd::Link), at.clone()));
        if !after.is_empty() {
            link.push((Event::Text(after.into()), text_range));
        }
        return link;
    }
    let name = dest.trim();
    let toc = ["toc", "_toc_"].contains(&name.to_ascii_lowercase().as_str());
    if toc && !has_pothole {
        // The page's own table of contents stands for it.
        return Vec::new();
    }
    if !name.chars().any(char::is_alphanumeric) && !name.starts_with('#') {
        // `[[+]]`: brackets, not a link.
        let mut text = vec![(Event::Text("[[".into()), at.clone())];
        text.extend(inner);
        text.push((Event::Text("]]".into()), at));
        return text;
    }
    // In a table the pipe before the label is escaped: `[[note\|text]]`.
    let dest = match dest.strip_suffix('\\') {
        Some(name) if has_pothole => CowStr::from(name.to_string()),
        _ => dest,
    };
    let mut link = vec![(
        Event::Start(Tag::Link {
            link_type: LinkType::WikiLink { has_pothole },
            dest_url: dest,
            title,
            id,
        }),
        range.clone(),
    )];
    link.extend(inner);
    link.push((Event::End(TagEnd::Link), range));
    link
}

/// Whether an embed names a picture (or other medium a browser shows
/// inline) rather than a note.
fn names_a_picture(dest: &str) -> bool {
    let name = dest.split(['#', '|']).next().unwrap_or(dest);
    let ext = name
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_lowercase();
    matches!(
        ext.as_str(),
        "png" | "jpg" | "jpeg" | "gif" | "svg" | "webp" | "avif" | "bmp" | "ico" | "tif" | "tiff"
    )
}

/// The URL of `(url)` at the start of `text`, when it is one: no spaces,
/// closed on the same line.
fn inline_destination(text: &str) -> Option<&str> {
    let rest = text.strip_prefix('(')?;
    let end = rest.find(')')?;
    let url = &rest[..end];
    (!url.is_empty() && !url.contains(char::is_whitespace)).then_some(url)
}

/// `text` ending in Obsidian's ` ^id`: the text without it, and the id.
fn block_id(text: &str) -> Option<(&str, String)> {
    let trimmed = text.trim_end();
    let caret = trimmed.rfind('^')?;
    let id = &trimmed[caret + 1..];
    let before = &trimmed[..caret];
    let valid = !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    (valid && (before.is_empty() || before.ends_with(char::is_whitespace)))
        .then(|| (before.trim_end(), id.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_ids_end_a_block_after_a_space() {
        assert_eq!(block_id("text ^abc-1"), Some(("text", "abc-1".into())));
        assert_eq!(block_id("2^10"), None);
        assert_eq!(block_id("x ^"), None);
        assert_eq!(block_id("x ^a_b"), None);
        assert_eq!(
            inline_destination("(https://a.b/c) and"),
            Some("https://a.b/c")
        );
        assert_eq!(inline_destination("(not a url)"), None);
    }
}
