//! Dialect translation: the directives other tools write into Markdown
//! (MkDocs admonitions and tabs, Docusaurus/VitePress/Starlight `:::`
//! containers, Obsidian callouts and comments, Hugo and Zola shortcodes, MDX
//! imports and components) rewritten as CommonMark plus the few HTML shapes
//! shiori renders itself, before pulldown-cmark sees the note.
//!
//! The pass keeps a map from every byte it writes back to the byte of the
//! note it came from, so a diagnostic about the translated text still points
//! at what the author wrote (file:line:column).

mod admonitions;
mod blocks;
mod cjk;
mod includes;
mod inline;
mod mdx;
mod shortcode_tags;
mod shortcodes;
mod tabs;

use crate::config::Language;
use crate::content::SourceNote;
use crate::diagnostics::{Code, Diagnostic, Location};
use std::borrow::Cow;
use std::ops::Range;

/// A note's body as pulldown-cmark should read it, with the way back to the source.
pub struct Translated<'a> {
    body: Cow<'a, str>,
    /// Sorted by `out`; empty when the body is the note's own text.
    anchors: Vec<Anchor>,
    body_start: usize,
    /// Warnings about constructs that were removed or unwrapped.
    pub diagnostics: Vec<Diagnostic>,
}

/// A run of output text and where it came from: `len` bytes copied as they
/// are from `orig`, or (with `len` 0) text written for the construct at `orig`.
#[derive(Debug, Clone, Copy)]
struct Anchor {
    out: usize,
    orig: usize,
    len: usize,
}

impl Translated<'_> {
    /// The text to hand to pulldown-cmark.
    pub fn body(&self) -> &str {
        &self.body
    }

    /// The byte range of the whole note's text that `range` (in [`Self::body`]) came from.
    pub fn span(&self, range: Range<usize>) -> Range<usize> {
        if self.anchors.is_empty() {
            return range.start + self.body_start..range.end + self.body_start;
        }
        let start = self.offset(range.start);
        let end = self.offset(range.end).max(start);
        start..end
    }

    fn offset(&self, at: usize) -> usize {
        let i = self.anchors.partition_point(|a| a.out <= at);
        match i.checked_sub(1).map(|i| self.anchors[i]) {
            Some(a) => a.orig + (at - a.out).min(a.len),
            None => self.body_start,
        }
    }
}

/// Rewrites the directives of other tools in `note`'s body; a body with none
/// of them is handed back as it is.
pub fn translate<'n>(
    note: &'n SourceNote,
    language: Language,
    book: &crate::content::book_variables::BookVariables,
) -> Translated<'n> {
    let body = note.body();
    let body_start = note.split.body.start;
    if note.properties.is_empty() && !may_hold_directives(body) {
        return Translated {
            body: Cow::Borrowed(body),
            anchors: Vec::new(),
            body_start,
            diagnostics: Vec::new(),
        };
    }
    let mut cx = Context {
        note,
        language,
        book,
        mdx: note
            .file
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("mdx")),
        diagnostics: Vec::new(),
        groups: 0,
    };
    let lines = split_lines(body, body_start);
    let mut out = Out::default();
    write_properties(note, &mut out, body_start);
    blocks::blocks(&mut cx, &lines, &mut out, "");
    Translated {
        body: Cow::Owned(out.text),
        anchors: out.anchors,
        body_start,
        diagnostics: cx.diagnostics,
    }
}

/// An Obsidian note's properties, as a list the page shows and search
/// reads; `[[links]]` in them are links.
fn write_properties(note: &SourceNote, out: &mut Out, at: usize) {
    if note.properties.is_empty() {
        return;
    }
    out.block(at, "", "<div class=\"properties\">");
    for (key, value) in &note.properties {
        let key = key.replace(['*', '_', '[', ']', '`'], "");
        let value = value.replace('\n', " ");
        out.emit(at, &format!("- **{key}**: {value}\n"));
    }
    out.block(at, "", "</div>");
}

/// A quick look for anything the pass could change, in one pass over the
/// bytes, so plain notes cost little more than a scan.
fn may_hold_directives(body: &str) -> bool {
    let b = body.as_bytes();
    let at = |i: usize, p: &[u8]| b[i..].starts_with(p);
    let mut line_start = true;
    let mut star = false;
    let mut non_ascii = false;
    for (i, &c) in b.iter().enumerate() {
        let found = match c {
            b'<' => true,
            b'!' => at(i, b"!!!") || at(i, b"![[") && inline::base_embed(&body[i..]).is_some(),
            b'?' => at(i, b"???"),
            b'=' => at(i, b"=="),
            b':' => at(i, b":::"),
            b'[' => at(i, b"[!") || line_start && (at(i, b"[import") || at(i, b"[include")),
            b'{' => at(i, b"{{") || at(i, b"{%") || at(i, b"{/*"),
            b'%' => at(i, b"%%"),
            b'-' => at(i, b"--8<--"),
            b'i' => line_start && at(i, b"import "),
            b'e' => line_start && at(i, b"export "),
            // A title heading with an explicit id (`# Title {#id}`) keeps that anchor.
            b'#' if line_start && at(i, b"# ") => {
                let end = body[i..].find('\n').map_or(b.len(), |e| i + e);
                body[i..end].contains("{#")
            }
            b'*' => {
                star = true;
                // `2*3` is a product, which the pass escapes.
                i > 0 && b[i - 1].is_ascii_digit() && b.get(i + 1).is_some_and(u8::is_ascii_digit)
            }
            _ => {
                non_ascii |= c >= 0x80;
                false
            }
        };
        if found {
            return true;
        }
        line_start = c == b'\n';
    }
    star && non_ascii
}

/// What the pass knows while it walks one note.
pub(crate) struct Context<'a> {
    note: &'a SourceNote,
    language: Language,
    /// GitBook's book variables, by name after `book.`.
    book: &'a crate::content::book_variables::BookVariables,
    /// An `.mdx` file: JSX components and expressions are expected.
    mdx: bool,
    diagnostics: Vec<Diagnostic>,
    /// Tab groups written so far, for ids unique within the note.
    groups: usize,
}

impl Context<'_> {
    /// Warns about a construct at `at..at + len` (offsets in the note's text).
    fn warn(&mut self, at: usize, len: usize, message: String, help: &str) {
        let location = Location::in_text(&self.note.file, &self.note.text, at..at + len);
        let mut d = Diagnostic::warning(Code::Directive, location, message);
        if !help.is_empty() {
            d = d.with_help(help);
        }
        self.diagnostics.push(d);
    }

    fn ja(&self) -> bool {
        self.language == Language::Ja
    }

    /// A fresh id prefix for one tab group; the note's path keeps it unique on
    /// pages that show several notes (the print edition).
    fn next_group(&mut self) -> String {
        self.groups += 1;
        let mut id = String::from("tabs-");
        for c in self.note.path_id.chars() {
            id.push(if c.is_alphanumeric() { c } else { '-' });
        }
        id.push('-');
        id.push_str(&self.groups.to_string());
        id
    }
}

/// One source line: its text without the line break, and where it starts in the note.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Line<'a> {
    pub at: usize,
    pub text: &'a str,
}

impl<'a> Line<'a> {
    /// Leading whitespace in columns (a tab counts as 4).
    pub fn indent(&self) -> usize {
        let mut cols = 0;
        for c in self.text.chars() {
            match c {
                ' ' => cols += 1,
                '\t' => cols += 4,
                _ => break,
            }
        }
        cols
    }

    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }

    pub fn trimmed(&self) -> &'a str {
        self.text.trim()
    }

    /// The line with up to `cols` columns of leading whitespace removed.
    pub fn dedent(&self, cols: usize) -> Line<'a> {
        let mut taken = 0;
        let mut bytes = 0;
        for c in self.text.chars() {
            let w = match c {
                ' ' => 1,
                '\t' => 4,
                _ => break,
            };
            if taken + w > cols {
                break;
            }
            taken += w;
            bytes += 1;
        }
        Line {
            at: self.at + bytes,
            text: &self.text[bytes..],
        }
    }

    /// The part of the line from byte `from` on.
    pub fn from(&self, from: usize) -> Line<'a> {
        Line {
            at: self.at + from,
            text: &self.text[from..],
        }
    }
}

fn split_lines(body: &str, body_start: usize) -> Vec<Line<'_>> {
    let mut lines = Vec::new();
    let mut at = 0;
    for raw in body.split_inclusive('\n') {
        let text = raw.trim_end_matches('\n').trim_end_matches('\r');
        lines.push(Line {
            at: body_start + at,
            text,
        });
        at += raw.len();
    }
    lines
}

/// The translated text being written, with its anchors.
#[derive(Default)]
pub(crate) struct Out {
    text: String,
    anchors: Vec<Anchor>,
    /// While set, everything written counts as made for the construct at this
    /// offset (text included from another file has no place in the note).
    pinned: Option<usize>,
}

impl Out {
    /// Copies `text`, which starts at `at` in the note, as it is.
    pub fn copy(&mut self, at: usize, text: &str) {
        if text.is_empty() {
            return;
        }
        if let Some(pin) = self.pinned {
            self.anchors.push(Anchor {
                out: self.text.len(),
                orig: pin,
                len: 0,
            });
            self.text.push_str(text);
            return;
        }
        self.anchors.push(Anchor {
            out: self.text.len(),
            orig: at,
            len: text.len(),
        });
        self.text.push_str(text);
    }

    /// Writes `text` made for the construct that starts at `at`.
    pub fn emit(&mut self, at: usize, text: &str) {
        if text.is_empty() {
            return;
        }
        self.anchors.push(Anchor {
            out: self.text.len(),
            orig: self.pinned.unwrap_or(at),
            len: 0,
        });
        self.text.push_str(text);
    }

    /// Pins what follows to `at` (see `pinned`); returns the pin to restore.
    pub fn pin(&mut self, at: usize) -> Option<usize> {
        self.pinned.replace(self.pinned.unwrap_or(at))
    }

    pub fn unpin(&mut self, previous: Option<usize>) {
        self.pinned = previous;
    }

    /// Writes a whole line of HTML (or other made-up text) as its own block:
    /// blank lines around it so the Markdown next to it is still Markdown.
    pub fn block(&mut self, at: usize, pad: &str, html: &str) {
        self.emit(at, &format!("\n{pad}{html}\n\n"));
    }

    /// Copies a source line as it is, after `pad`.
    pub fn line(&mut self, line: Line<'_>, pad: &str) {
        self.emit(line.at, pad);
        self.copy(line.at, line.text);
        self.emit(line.at + line.text.len(), "\n");
    }
}

/// Escapes text for HTML content and attributes.
pub(crate) fn escape(text: &str) -> String {
    crate::markdown::escape_html(text)
}

#[cfg(test)]
mod tests;
