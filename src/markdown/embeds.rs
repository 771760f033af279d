//! Where Obsidian's `![[note]]` can show the note it names.
//!
//! An embed shows a block of HTML (the target's content), which may not
//! stand inside a paragraph, a heading or a table cell. An embed that is
//! all its paragraph holds (the way embeds are written: one per line) takes
//! the paragraph's place; so does one that is the whole text of a list
//! item. Written among other text it stays what it was before
//! transclusion: a link to the note.

use super::wikilinks::Spanned;
use pulldown_cmark::{CowStr, Event, Tag};
use std::collections::HashSet;

/// The `id` [`super::wikilinks::repair`] gives the link event an embed
/// became. It starts with a marker character authors cannot write
/// ([`super::slots::without_markers`]), so no link of theirs carries it.
pub(super) const EMBED_ID: &str = "\u{FDDE}embed";

pub(super) fn is_embed(id: &str) -> bool {
    id == EMBED_ID
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Paragraph,
    /// A list item or a definition: blocks may stand in it.
    Item,
    /// A container of blocks (the note, a quote, a list, a footnote).
    Blocks,
    /// A heading, a cell, emphasis, a link: inline content only.
    Inline,
    /// Inside an embed's own text.
    Embed,
}

struct Frame {
    place: Place,
    start: usize,
    /// Nothing but embeds and white space so far.
    only_embeds: bool,
    /// Embeds standing directly in this frame (indices of their start events).
    embeds: Vec<usize>,
}

fn place_of(tag: &Tag<'_>) -> Place {
    match tag {
        Tag::Paragraph => Place::Paragraph,
        Tag::Item | Tag::DefinitionListDefinition => Place::Item,
        Tag::BlockQuote(_)
        | Tag::List(_)
        | Tag::FootnoteDefinition(_)
        | Tag::DefinitionList
        | Tag::HtmlBlock => Place::Blocks,
        Tag::Link { id, .. } if is_embed(id) => Place::Embed,
        _ => Place::Inline,
    }
}

/// `events` with each embed either standing as a block (its paragraph
/// removed) or turned back into an ordinary wikilink.
pub(super) fn place(events: Vec<Spanned<'_>>) -> Vec<Spanned<'_>> {
    let mut frames = vec![Frame {
        place: Place::Blocks,
        start: 0,
        only_embeds: false,
        embeds: Vec::new(),
    }];
    let mut dropped: HashSet<usize> = HashSet::new();
    let mut inline: HashSet<usize> = HashSet::new();
    for (i, (event, _)) in events.iter().enumerate() {
        let top = frames.last_mut().expect("the note's frame stays");
        match event {
            Event::Start(tag) => {
                let place = place_of(tag);
                if top.place != Place::Embed {
                    if place == Place::Embed {
                        top.embeds.push(i);
                    } else if place == Place::Inline {
                        top.only_embeds = false;
                    }
                }
                frames.push(Frame {
                    place,
                    start: i,
                    only_embeds: true,
                    embeds: Vec::new(),
                });
            }
            Event::End(_) => {
                if frames.len() == 1 {
                    continue;
                }
                let frame = frames.pop().expect("more than one frame");
                match frame.place {
                    Place::Paragraph if frame.only_embeds && !frame.embeds.is_empty() => {
                        dropped.insert(frame.start);
                        dropped.insert(i);
                    }
                    Place::Item if frame.only_embeds => {}
                    Place::Blocks | Place::Embed => {}
                    _ => inline.extend(frame.embeds),
                }
            }
            Event::Text(text) => {
                if top.place != Place::Embed && !text.trim().is_empty() {
                    top.only_embeds = false;
                }
            }
            Event::SoftBreak | Event::HardBreak => {}
            _ => {
                if top.place != Place::Embed {
                    top.only_embeds = false;
                }
            }
        }
    }
    // Embeds left in unclosed frames (not expected from pulldown-cmark) stay links.
    for frame in frames.into_iter().skip(1) {
        inline.extend(frame.embeds);
    }
    let mut out = Vec::with_capacity(events.len());
    for (i, (mut event, range)) in events.into_iter().enumerate() {
        if dropped.contains(&i) {
            continue;
        }
        if inline.contains(&i) {
            if let Event::Start(Tag::Link { id, .. }) = &mut event {
                *id = CowStr::Borrowed("");
            }
        }
        out.push((event, range));
    }
    out
}
