//! A part of a note's HTML that another note embeds: the section under a
//! heading (`![[note#heading]]`) or one block (`![[note#^block]]`).
//!
//! The HTML is the parse stage's own markup, so it is cut on what that
//! markup is known to be: headings are `<hN id="…">`, a block id is a
//! `<span id="block-…">` just inside its `<p>` or `<li>`. Text and code
//! never hold a raw `<`: pulldown-cmark escapes it.

use super::slots::{Mark, NoteHtml};

/// A part of a note's HTML, with its own slots and marks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub html: NoteHtml,
    /// The part is one list item (`<li>…</li>`): it needs a list around it.
    pub list_item: bool,
}

impl NoteHtml {
    /// The part of this HTML whose element has id `id`: a heading and what
    /// follows it up to the next heading of its level or above, or the
    /// paragraph or list item a block id marks. `None` when no element has it.
    pub fn part(&self, id: &str) -> Option<Part> {
        let value_at = self.marks.iter().find_map(|&(at, mark)| {
            let at = at as usize;
            (mark == Mark::Id && self.text[at..].starts_with(id) && {
                let after = self.text.as_bytes().get(at + id.len());
                matches!(after, Some(b'"' | b'\''))
            })
            .then_some(at)
        })?;
        let tag_start = self.text[..value_at].rfind('<')?;
        let tag = &self.text[tag_start + 1..value_at];
        let name: String = tag
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        let (start, end, list_item) = match name.as_str() {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level = name.as_bytes()[1];
                let end = next_heading(&self.text, value_at, level).unwrap_or(self.text.len());
                (tag_start, end, false)
            }
            "span" => {
                let before = &self.text[..tag_start];
                let (open, list_item) = if before.ends_with("<p>") {
                    ("<p>", false)
                } else if before.ends_with("<li>") {
                    ("<li>", true)
                } else {
                    return None;
                };
                let start = tag_start - open.len();
                let end = if list_item {
                    closing_li(&self.text, value_at)?
                } else {
                    self.text[value_at..]
                        .find("</p>")
                        .map(|e| value_at + e + 4)?
                };
                (start, end, list_item)
            }
            _ => return None,
        };
        Some(Part {
            html: self.slice(start, end),
            list_item,
        })
    }

    /// The HTML from byte `start` to `end`, with the marks inside.
    fn slice(&self, start: usize, end: usize) -> NoteHtml {
        let marks = self
            .marks
            .iter()
            .filter(|(at, _)| (start..end).contains(&(*at as usize)))
            .map(|&(at, mark)| (at - start as u32, mark))
            .collect();
        NoteHtml {
            text: self.text[start..end].to_string(),
            marks,
        }
    }
}

/// Where the next heading of level `level` or above starts after `from`.
fn next_heading(text: &str, from: usize, level: u8) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = from;
    while let Some(k) = text[i..].find("<h") {
        let at = i + k;
        match (bytes.get(at + 2), bytes.get(at + 3)) {
            (Some(&d @ b'1'..=b'6'), Some(b' ' | b'>')) if d <= level => return Some(at),
            _ => i = at + 2,
        }
    }
    None
}

/// The end of the `<li>` element open at `from` (after its closing tag).
fn closing_li(text: &str, from: usize) -> Option<usize> {
    let mut depth = 1usize;
    let mut i = from;
    loop {
        let open = text[i..].find("<li").map(|k| i + k);
        let close = text[i..].find("</li>").map(|k| i + k)?;
        match open {
            Some(o) if o < close => {
                depth += 1;
                i = o + 3;
            }
            _ => {
                depth -= 1;
                i = close + 5;
                if depth == 0 {
                    return Some(i);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_heading_part_ends_at_the_next_heading_of_its_level() {
        let html = NoteHtml::new(
            "<p>a</p><h2 id=\"x\">X</h2><p>b</p><h3 id=\"y\">Y</h3><p>c</p><h2 id=\"z\">Z</h2><p>d</p>",
        );
        let part = html.part("x").unwrap();
        assert_eq!(
            part.html.skeleton(),
            "<h2 id=\"x\">X</h2><p>b</p><h3 id=\"y\">Y</h3><p>c</p>"
        );
        assert_eq!(
            html.part("z").unwrap().html.skeleton(),
            "<h2 id=\"z\">Z</h2><p>d</p>"
        );
        assert!(html.part("nope").is_none());
    }

    #[test]
    fn a_block_part_is_its_paragraph_or_list_item() {
        let html = NoteHtml::new(
            "<p>a</p><p><span id=\"block-p1\" class=\"block-anchor\"></span>para</p><ul><li><span id=\"block-i1\" class=\"block-anchor\"></span>item<ul><li>sub</li></ul></li><li>other</li></ul>",
        );
        let p = html.part("block-p1").unwrap();
        assert!(!p.list_item);
        assert_eq!(
            p.html.skeleton(),
            "<p><span id=\"block-p1\" class=\"block-anchor\"></span>para</p>"
        );
        let li = html.part("block-i1").unwrap();
        assert!(li.list_item);
        assert!(li.html.skeleton().ends_with("<ul><li>sub</li></ul></li>"));
    }
}
