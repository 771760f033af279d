//! A note's HTML as the parse stage leaves it: finished markup with holes
//! where the page that shows the note has its say.
//!
//! Parse knows only the note's own text, so a link's href, an unlabelled
//! wikilink's text and an image's source are *slots*, filled once the link
//! stage has resolved them and render knows which page shows the note (its
//! own page, the print edition, an embedding note). Every `id="…"` and every
//! `href`/`src` value already in the markup is marked too, so a page that
//! shows several notes can prefix their ids and rebase their links without
//! searching the HTML as text.
//!
//! While the HTML is being written, slots are Unicode noncharacters
//! (U+FDD0…U+FDDF, reserved for a program's internal use) around the slot's
//! number: they survive pulldown-cmark's writer and ammonia untouched. The
//! same characters written by an author are replaced beforehand
//! ([`without_markers`]), so nobody can forge one.

use std::borrow::Cow;

/// What a link written in a note is, as written: nothing resolved.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LinkSlot {
    pub kind: SlotKind,
    /// The destination as written (`snat#対策`, `../a.md`, `doc:fargate`).
    pub dest: String,
    /// The link's title attribute, as written.
    pub title: String,
    /// The link's text as plain words, kept only where it says where the
    /// link leads: Hugo's glossary links `[term](g)` ([`BY_TEXT_DEST`]).
    pub text: String,
    /// Where it was written, in bytes of the note's file.
    pub span: std::ops::Range<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SlotKind {
    /// `[[dest]]` (`labelled`: `[[dest|text]]`).
    Wikilink { labelled: bool },
    /// `[text](dest)` and autolinks.
    Link,
    /// `![alt](dest)`, or Obsidian's `![[dest]]` (`embed`), which names a
    /// file anywhere in the vault.
    Image { embed: bool },
    /// Obsidian's `![[note]]`, `![[note#heading]]`, `![[note#^block]]`
    /// standing as a block of its own: the page shows the target's content
    /// there (transclusion). Resolved as a wikilink; written inline, among
    /// other text, it stays a wikilink.
    Embed { labelled: bool },
}

impl LinkSlot {
    /// Written as `[[…]]` (an embed of a note included): resolved by name.
    pub fn is_wikilink(&self) -> bool {
        matches!(
            self.kind,
            SlotKind::Wikilink { .. } | SlotKind::Embed { .. }
        )
    }
}

/// A hole or a marked place in a note's HTML.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mark {
    /// The opening tag of link slot `n` (`<a …>`, or a span when it is broken).
    Open(u32),
    /// Its closing tag.
    Close(u32),
    /// The text of an unlabelled wikilink: the target's title.
    Label(u32),
    /// The `src` attribute value of image slot `n`.
    Src(u32),
    /// The start of an `id` attribute's value.
    Id,
    /// An `href` or `src` attribute value of `len` bytes already written.
    Href { len: u32 },
}

/// Finished HTML and where its marks are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct NoteHtml {
    pub(super) text: String,
    /// Byte offsets into `text`, ascending.
    pub(super) marks: Vec<(u32, Mark)>,
}

/// What a page writes into the marks of a note's HTML.
pub trait FillHtml {
    fn open(&self, slot: usize, out: &mut String);
    fn close(&self, slot: usize, out: &mut String);
    /// Unlabelled wikilink text, escaped for HTML text.
    fn label(&self, slot: usize, out: &mut String);
    /// An image's source, escaped for an attribute.
    fn src(&self, slot: usize, out: &mut String);
    /// Written before every id; nothing on the note's own page.
    fn id_prefix(&self, _out: &mut String) {}
    /// An href or src already in the markup; as it is on the note's own page.
    fn href(&self, value: &str, out: &mut String) {
        out.push_str(value);
    }
}

/// The destination of a link that leads where its text says: Hugo's
/// glossary convention, `[page resources](g)`.
pub const BY_TEXT_DEST: &str = "g";

const MARKER_LEAD: [u8; 2] = [0xEF, 0xB7];
const OPEN: char = '\u{FDD0}';
const CLOSE: char = '\u{FDD1}';
const LABEL: char = '\u{FDD2}';
const END: char = '\u{FDDF}';
/// An image's source is an attribute value, which pulldown-cmark writes
/// percent-encoded: its slot is this ASCII fragment followed by the number.
pub(crate) const SRC_PREFIX: &str = "#shiori-slot-";

/// `text` with the marker characters an author may have written replaced
/// by U+FFFD, which is as long in UTF-8: every byte offset stays the same.
pub fn without_markers(text: &str) -> Cow<'_, str> {
    if !has_marker(text) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.replace(is_marker, "\u{FFFD}"))
}

/// Whether `text` holds a marker character, looked for by its first two
/// bytes (a test of every character was a twentieth of parse).
fn has_marker(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memmem::find_iter(bytes, &MARKER_LEAD)
        .any(|at| bytes.get(at + 2).is_some_and(|b| (0x90..=0x9F).contains(b)))
}

fn is_marker(c: char) -> bool {
    ('\u{FDD0}'..='\u{FDDF}').contains(&c)
}

/// The marker opening link slot `n`.
pub(crate) fn open_marker(n: usize) -> String {
    format!("{OPEN}{n}{END}")
}

pub(crate) fn close_marker(n: usize) -> String {
    format!("{CLOSE}{n}{END}")
}

/// The marker standing for the text of unlabelled wikilink `n`, in HTML and
/// in the plain text of headings, search sections and the summary.
pub(crate) fn label_marker(n: usize) -> String {
    format!("{LABEL}{n}{END}")
}

pub(crate) fn src_marker(n: usize) -> String {
    format!("{SRC_PREFIX}{n}")
}

/// Plain text with its label markers replaced by `label(n)`.
pub fn fill_labels<'a>(text: &'a str, label: &dyn Fn(usize) -> &'a str) -> Cow<'a, str> {
    if !text.contains(LABEL) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 32);
    let mut rest = text;
    while let Some(at) = rest.find(LABEL) {
        out.push_str(&rest[..at]);
        let after = &rest[at + LABEL.len_utf8()..];
        let Some(end) = after.find(END) else {
            rest = after;
            continue;
        };
        if let Ok(n) = after[..end].parse::<usize>() {
            out.push_str(label(n));
        }
        rest = &after[end + END.len_utf8()..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Whether plain text holds a label marker.
pub fn has_labels(text: &str) -> bool {
    text.contains(LABEL)
}

impl NoteHtml {
    /// Takes the markers out of `html` and marks every id, href and src of its tags.
    pub fn new(html: &str) -> NoteHtml {
        Indexer::default().run(html)
    }

    /// The HTML as the note's own page shows it, with `fill` writing the slots.
    pub fn write(&self, fill: &dyn FillHtml, out: &mut String) {
        out.reserve(self.text.len() + self.marks.len() * 24);
        let mut at = 0usize;
        for &(offset, mark) in &self.marks {
            let offset = offset as usize;
            out.push_str(&self.text[at..offset]);
            at = offset;
            match mark {
                Mark::Open(n) => fill.open(n as usize, out),
                Mark::Close(n) => fill.close(n as usize, out),
                Mark::Label(n) => fill.label(n as usize, out),
                Mark::Src(n) => fill.src(n as usize, out),
                Mark::Id => fill.id_prefix(out),
                Mark::Href { len } => {
                    let end = offset + len as usize;
                    fill.href(&self.text[offset..end], out);
                    at = end;
                }
            }
        }
        out.push_str(&self.text[at..]);
    }

    /// The markup without its slots (tests and debugging).
    pub fn skeleton(&self) -> &str {
        &self.text
    }

    pub fn marks(&self) -> &[(u32, Mark)] {
        &self.marks
    }
}

/// One pass over finished HTML: text is copied as it is (markers aside),
/// tags are read attribute by attribute.
#[derive(Default)]
struct Indexer {
    out: String,
    marks: Vec<(u32, Mark)>,
    /// Slots whose opening marker was kept, to drop a closing one whose
    /// opening the sanitiser removed (with a `<script>` around it).
    open: Vec<u32>,
}

impl Indexer {
    fn run(mut self, html: &str) -> NoteHtml {
        self.out.reserve(html.len());
        let bytes = html.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let Some(next) = memchr::memchr2(b'<', MARKER_LEAD[0], &bytes[i..]) else {
                self.out.push_str(&html[i..]);
                break;
            };
            let at = i + next;
            self.out.push_str(&html[i..at]);
            i = if bytes[at] == b'<' {
                self.tag(html, at)
            } else {
                self.marker(html, at)
            };
        }
        // An opening marker whose closing one was lost: no link at all.
        let unmatched: Vec<u32> = self.open.clone();
        if !unmatched.is_empty() {
            self.marks
                .retain(|(_, m)| !matches!(m, Mark::Open(n) if unmatched.contains(n)));
        }
        NoteHtml {
            text: self.out,
            marks: self.marks,
        }
    }

    fn here(&self) -> u32 {
        self.out.len() as u32
    }

    /// At a 0xEF byte: a slot marker, or an ordinary character.
    fn marker(&mut self, html: &str, at: usize) -> usize {
        let rest = &html[at..];
        let Some(c) = rest.chars().next() else {
            return html.len();
        };
        let after = at + c.len_utf8();
        if !matches!(c, OPEN | CLOSE | LABEL) {
            self.out.push(c);
            return after;
        }
        let Some(end) = html[after..].find(END) else {
            return after;
        };
        let Ok(n) = html[after..after + end].parse::<u32>() else {
            return after + end + END.len_utf8();
        };
        let mark = match c {
            OPEN => {
                self.open.push(n);
                Some(Mark::Open(n))
            }
            CLOSE => match self.open.iter().rposition(|&o| o == n) {
                Some(k) => {
                    self.open.remove(k);
                    Some(Mark::Close(n))
                }
                None => None,
            },
            _ => Some(Mark::Label(n)),
        };
        if let Some(mark) = mark {
            self.marks.push((self.here(), mark));
        }
        after + end + END.len_utf8()
    }

    /// At a `<`: a comment, a tag (its attributes marked), or a lone `<`.
    fn tag(&mut self, html: &str, at: usize) -> usize {
        let bytes = html.as_bytes();
        let rest = &html[at..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            let end = comment.find("-->").map_or(html.len(), |e| at + 4 + e + 3);
            self.out.push_str(&html[at..end]);
            return end;
        }
        let closing = bytes.get(at + 1) == Some(&b'/');
        let name_start = at + 1 + usize::from(closing);
        if !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
            self.out.push('<');
            return at + 1;
        }
        let mut i = name_start;
        while i < bytes.len() && !matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r' | b'/' | b'>') {
            i += 1;
        }
        // Names are compared ignoring case rather than lowercased: an
        // allocation per tag and attribute was a third of this pass.
        let name = &html[name_start..i];
        self.out.push_str(&html[at..i]);
        // Attributes, up to the tag's `>`.
        loop {
            let start = i;
            while i < bytes.len() && matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r' | b'/') {
                i += 1;
            }
            self.out.push_str(&html[start..i]);
            if i >= bytes.len() {
                return i;
            }
            if bytes[i] == b'>' {
                self.out.push('>');
                i += 1;
                break;
            }
            let attr_start = i;
            while i < bytes.len()
                && !matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r' | b'/' | b'>' | b'=')
            {
                i += 1;
            }
            let attr = &html[attr_start..i];
            self.out.push_str(&html[attr_start..i]);
            if bytes.get(i) != Some(&b'=') {
                continue;
            }
            self.out.push('=');
            i += 1;
            let quote = match bytes.get(i) {
                Some(&q @ (b'"' | b'\'')) => q,
                _ => {
                    // An unquoted value: copied as it is.
                    let v = i;
                    while i < bytes.len() && !matches!(bytes[i], b' ' | b'\t' | b'\n' | b'>') {
                        i += 1;
                    }
                    self.out.push_str(&html[v..i]);
                    continue;
                }
            };
            self.out.push(quote as char);
            i += 1;
            let value_start = i;
            let value_end = memchr::memchr(quote, &bytes[i..]).map_or(bytes.len(), |e| i + e);
            let value = &html[value_start..value_end];
            if !closing {
                self.attribute(attr, value);
            } else {
                self.out.push_str(value);
            }
            i = value_end;
            if i < bytes.len() {
                self.out.push(quote as char);
                i += 1;
            }
        }
        let raw_text = ["script", "style", "textarea", "title"]
            .iter()
            .any(|raw| name.eq_ignore_ascii_case(raw));
        if !closing && raw_text {
            // Raw text (only with `allow_raw_html`): copied up to its end tag.
            let close = format!("</{name}");
            let end = html[i..]
                .char_indices()
                .find(|&(k, _)| {
                    html[i + k..]
                        .get(..close.len())
                        .is_some_and(|s| s.eq_ignore_ascii_case(&close))
                })
                .map_or(html.len(), |(k, _)| i + k);
            self.out.push_str(&html[i..end]);
            return end;
        }
        i
    }

    fn attribute(&mut self, attr: &str, value: &str) {
        if attr.eq_ignore_ascii_case("id") {
            self.marks.push((self.here(), Mark::Id));
            self.out.push_str(value);
            return;
        }
        let src = attr.eq_ignore_ascii_case("src");
        if src || attr.eq_ignore_ascii_case("href") {
            if let Some(n) = value
                .strip_prefix(SRC_PREFIX)
                .and_then(|n| n.parse::<u32>().ok())
                .filter(|_| src)
            {
                self.marks.push((self.here(), Mark::Src(n)));
            } else {
                self.marks.push((
                    self.here(),
                    Mark::Href {
                        len: value.len() as u32,
                    },
                ));
                self.out.push_str(value);
            }
            return;
        }
        // An SVG reference to an id of the same fragment (a diagram's
        // arrowheads): prefixed with the id it names.
        if let Some(id) = value.strip_prefix("url(#").filter(|_| {
            matches!(
                attr,
                "marker-start" | "marker-mid" | "marker-end" | "clip-path" | "fill" | "stroke"
            )
        }) {
            self.out.push_str("url(#");
            self.marks.push((self.here(), Mark::Id));
            self.out.push_str(id);
            return;
        }
        self.out.push_str(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Print;

    impl FillHtml for Print {
        fn open(&self, slot: usize, out: &mut String) {
            out.push_str(&format!("<a href=\"s{slot}\">"));
        }
        fn close(&self, _slot: usize, out: &mut String) {
            out.push_str("</a>");
        }
        fn label(&self, slot: usize, out: &mut String) {
            out.push_str(&format!("L{slot}"));
        }
        fn src(&self, slot: usize, out: &mut String) {
            out.push_str(&format!("i{slot}.png"));
        }
        fn id_prefix(&self, out: &mut String) {
            out.push_str("n1-");
        }
        fn href(&self, value: &str, out: &mut String) {
            out.push_str(&format!("[{value}]"));
        }
    }

    fn filled(html: &str) -> String {
        let mut out = String::new();
        NoteHtml::new(html).write(&Print, &mut out);
        out
    }

    #[test]
    fn slots_are_filled_and_attributes_marked() {
        let html = format!(
            "<h2 id=\"a\">x<a class=\"heading-anchor\" href=\"#a\">#</a></h2><p>{}{}{}</p><img src=\"{}\" alt=\"y\" />",
            open_marker(0),
            label_marker(0),
            close_marker(0),
            src_marker(1)
        );
        assert_eq!(
            filled(&html),
            "<h2 id=\"n1-a\">x<a class=\"heading-anchor\" href=\"[#a]\">#</a></h2><p><a href=\"s0\">L0</a></p><img src=\"i1.png\" alt=\"y\" />"
        );
    }

    #[test]
    fn text_that_looks_like_attributes_is_left_alone() {
        let html = "<p><code>&lt;a href=&quot;snat.html&quot; id=&quot;top&quot;&gt;</code> href=\"x\" id=\"y\"</p>";
        assert_eq!(filled(html), html);
    }

    #[test]
    fn comments_raw_text_and_single_quotes() {
        let html =
            "<!-- id=\"c\" --><span id='q'>a</span><script>if (a<b) x = \" id=\\\"z\\\"\"</script>";
        assert_eq!(
            filled(html),
            "<!-- id=\"c\" --><span id='n1-q'>a</span><script>if (a<b) x = \" id=\\\"z\\\"\"</script>"
        );
    }

    #[test]
    fn a_closing_marker_without_its_opening_is_dropped() {
        let html = format!("<p>a{}b{}c</p>", close_marker(3), open_marker(4));
        assert_eq!(filled(&html), "<p>abc</p>");
    }

    #[test]
    fn authors_cannot_write_markers() {
        let text = "a\u{FDD0}0\u{FDDF}b";
        let clean = without_markers(text);
        assert_eq!(clean.len(), text.len());
        assert!(!clean.contains(is_marker));
        // Neighbours of the markers in UTF-8 are text, kept as written.
        let text = "（全角）\u{FDCF}\u{FDE0}\u{FFFD}";
        assert!(matches!(without_markers(text), Cow::Borrowed(t) if t == text));
        assert_eq!(without_markers("x\u{FDDF}"), "x\u{FFFD}");
    }

    #[test]
    fn labels_fill_plain_text() {
        let text = format!("見る {} と {}", label_marker(0), label_marker(2));
        let names = ["外部 SNAT", "", "VPC CNI"];
        assert_eq!(
            fill_labels(&text, &|n| names[n]),
            "見る 外部 SNAT と VPC CNI"
        );
        assert!(matches!(fill_labels("plain", &|_| ""), Cow::Borrowed(_)));
    }
}
