//! The `<img>` of a Markdown or Obsidian image, its source left as a slot.

use super::{push_escaped, slots};

/// An image whose source is slot `slot`. Obsidian's `![[picture.png|200]]`
/// (`|200x100`) gives a size where Markdown gives a text: the file name is
/// the text then.
pub(super) fn image_tag(slot: usize, dest: &str, alt: &str, title: &str, embed: bool) -> String {
    let size = embed.then(|| image_size(alt)).flatten();
    let mut tag = format!("<img src=\"{}\" alt=\"", slots::src_marker(slot));
    let alt = match size {
        Some(_) => dest.rsplit('/').next().unwrap_or(dest),
        None => alt,
    };
    push_escaped(&mut tag, alt);
    tag.push('"');
    if !title.is_empty() {
        tag.push_str(" title=\"");
        push_escaped(&mut tag, title);
        tag.push('"');
    }
    if let Some((width, height)) = size {
        tag.push_str(&format!(" width=\"{width}\""));
        if let Some(height) = height {
            tag.push_str(&format!(" height=\"{height}\""));
        }
    }
    tag.push_str(" />");
    tag
}

/// `200` or `200x100`: an Obsidian image size.
fn image_size(text: &str) -> Option<(u32, Option<u32>)> {
    let (width, height) = match text.trim().split_once('x') {
        Some((w, h)) => (w, Some(h)),
        None => (text.trim(), None),
    };
    let width = width.parse().ok()?;
    let height = match height {
        Some(h) => Some(h.parse().ok()?),
        None => None,
    };
    Some((width, height))
}
