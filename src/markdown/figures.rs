//! Diagrams and formulas among a note's events: drawn ([`mermaid`],
//! [`math`]), or, when their source is wrong, shown as that source with a
//! diagnostic at its line — the page is never broken.
//!
//! Their markup is held aside while the note is written ([`SetAside`]):
//! the sanitiser cleans what authors wrote, and this markup was already
//! cleaned by an allowlist of its own ([`super::foreign`]), which admits
//! SVG and MathML that the one for authors' HTML does not.

use super::sanitize::SetAside;
use super::{math, mermaid, Highlighter};
use crate::diagnostics::{Code, Diagnostic, Location};
use std::ops::Range;
use std::path::Path;

/// The file a note's spans point into, to place diagnostics.
#[derive(Clone, Copy)]
pub(super) struct Place<'a> {
    pub file: &'a Path,
    pub text: &'a str,
}

/// A figure ready for the page: its HTML (a placeholder, see
/// [`SetAside`]), its searchable text, and what was wrong with it.
pub(super) struct Figure {
    pub html: String,
    pub text: String,
    pub diagnostic: Option<Diagnostic>,
}

/// The text of a fenced code block and where its pieces were written.
#[derive(Default)]
pub(super) struct CodeText {
    pub text: String,
    /// (offset in `text`, offset in the file) of each piece of text.
    pub pieces: Vec<(usize, usize)>,
}

impl CodeText {
    pub fn push(&mut self, piece: &str, file_offset: usize) {
        self.pieces.push((self.text.len(), file_offset));
        self.text.push_str(piece);
    }

    /// The file offset of `offset` in the block's text.
    fn file_offset(&self, offset: usize) -> usize {
        let k = self.pieces.partition_point(|&(at, _)| at <= offset);
        match k.checked_sub(1).map(|k| self.pieces[k]) {
            Some((at, file)) => file + (offset - at),
            None => self.pieces.first().map_or(0, |&(_, file)| file),
        }
    }

    /// The offset in the block's text of a 1-based line and column.
    fn offset_of(&self, line: usize, column: usize) -> usize {
        let mut offset = 0;
        for (n, text) in self.text.split_inclusive('\n').enumerate() {
            if n + 1 == line {
                let into: usize = text
                    .chars()
                    .take(column.saturating_sub(1))
                    .map(char::len_utf8)
                    .sum();
                return offset + into.min(text.trim_end_matches('\n').len());
            }
            offset += text.len();
        }
        0
    }
}

/// A ```` ```mermaid ```` block: its SVG, or its source as a code block.
pub(super) fn diagram(
    code: &CodeText,
    place: Place<'_>,
    highlighter: &Highlighter,
    held: &mut SetAside,
) -> Figure {
    match mermaid::render(&code.text) {
        Ok(diagram) => Figure {
            html: held.keep(diagram.html),
            text: diagram.text,
            diagnostic: None,
        },
        Err(error) => {
            let at = code.offset_of(error.line, error.column);
            let line_end = code.text[at..]
                .find('\n')
                .map_or(code.text.len(), |e| at + e);
            let span = code.file_offset(at)..code.file_offset(line_end);
            let location = Location::in_text(place.file, place.text, span);
            let diagnostic = Diagnostic::error(
                Code::Diagram,
                location,
                format!("the Mermaid diagram cannot be drawn: {}", error.message),
            )
            .with_help("the page shows the diagram's source until it is fixed");
            Figure {
                html: highlighter.highlight("mermaid", &code.text),
                text: code.text.clone(),
                diagnostic: Some(diagnostic),
            }
        }
    }
}

/// Whether the `$…$` pulldown-cmark read at `span` is prose between two
/// prices (`$10 です。$5`): a closing `$` followed by a digit does not
/// close a formula (Pandoc's rule; pulldown-cmark has only the one about
/// spaces inside the dollars).
pub(super) fn is_price(place: Place<'_>, span: &Range<usize>) -> bool {
    place
        .text
        .get(span.end..)
        .and_then(|rest| rest.chars().next())
        .is_some_and(|c| c.is_ascii_digit())
}

/// A `$…$` (or, `display`, `$$…$$`) formula written at `span` of the file:
/// its MathML, or its source as code.
pub(super) fn formula(
    latex: &str,
    display: bool,
    span: Range<usize>,
    place: Place<'_>,
    held: &mut SetAside,
) -> Figure {
    match math::render(latex, display) {
        Ok(formula) => Figure {
            html: held.keep(formula.html),
            // A display formula is not prose: search and excerpts skip it.
            text: if display { String::new() } else { formula.text },
            diagnostic: None,
        },
        Err(error) => {
            let delimiter = if display { "$$" } else { "$" };
            let start = span.start + delimiter.len();
            // The formula's place in the file, when it was written in one
            // piece (not across the `> ` of a quote's lines).
            let exact = place.text.get(start..start + latex.len()) == Some(latex);
            let at = if exact {
                start + error.offset
            } else {
                span.start
            };
            let location = Location::in_text(place.file, place.text, at..span.end.max(at));
            let diagnostic = Diagnostic::error(
                Code::Math,
                location,
                format!("the formula cannot be read: {}", error.message),
            )
            .with_help("the page shows the formula's source until it is fixed");
            let class = if display {
                "math-source math-display"
            } else {
                "math-source"
            };
            let mut html = format!("<code class=\"{class}\">");
            super::push_escaped(&mut html, &format!("{delimiter}{latex}{delimiter}"));
            html.push_str("</code>");
            Figure {
                html,
                text: String::new(),
                diagnostic: Some(diagnostic),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_offset_maps_to_its_piece_in_the_file() {
        let mut code = CodeText::default();
        code.push("graph LR\n", 100);
        code.push("  A --> B\n", 120);
        assert_eq!(code.offset_of(2, 3), 11);
        assert_eq!(code.file_offset(11), 122);
        assert_eq!(code.file_offset(0), 100);
    }
}
