//! Obsidian's embeds shown: `![[note]]`, `![[note#heading]]` and
//! `![[note#^block]]` standing as a block of their own show the target's
//! content there, in a marked box headed by a link to the source.
//!
//! The embedded HTML is the target's parse, written for the embedding page:
//! its links lead from that page, its ids carry a prefix unique on the page
//! (so they never clash with the page's own), and links to its own
//! headings lead to the source page, where they are. An embed inside an
//! embed is shown too, [`MAX_DEPTH`] deep at most; one that would show a
//! note already shown around it (a cycle) stays a link, as does an embed
//! on a page that shows no embeds (the print edition).

use super::note_html::Hrefs;
use crate::links::{Href, LinkTarget, Note, NoteId, NoteParse};
use crate::markdown::{Part, SlotKind};
use crate::urls;

/// How many embeds deep a page shows: deeper ones are links.
pub const MAX_DEPTH: usize = 4;

/// What a page needs to show embeds.
#[derive(Clone)]
pub struct Embedding<'a> {
    pub notes: &'a [Note],
    /// The output path of the page.
    page: &'a str,
    /// The notes shown around the HTML being written, outermost first.
    chain: Vec<NoteId>,
    /// Written before the ids of that HTML.
    prefix: String,
}

impl<'a> Embedding<'a> {
    /// For the page at `page` showing note `own` (or a section intro: `None`).
    pub fn new(notes: &'a [Note], page: &'a str, own: Option<NoteId>) -> Embedding<'a> {
        Embedding {
            notes,
            page,
            chain: own.into_iter().collect(),
            prefix: String::new(),
        }
    }

    pub(super) fn prefix(&self) -> &str {
        &self.prefix
    }

    fn inside(&self, note: NoteId, slot: usize) -> Embedding<'a> {
        let mut chain = self.chain.clone();
        chain.push(note);
        Embedding {
            notes: self.notes,
            page: self.page,
            chain,
            prefix: format!("{}embed{slot}-", self.prefix),
        }
    }
}

/// What embed slot `slot` shows: the note, and its part when it names one.
struct Shown<'a> {
    id: NoteId,
    note: &'a Note,
    part: Option<Part>,
}

fn shown<'a>(embedding: &Embedding<'a>, parse: &NoteParse, slot: usize) -> Option<Shown<'a>> {
    let written = parse.parsed.links.get(slot)?;
    if !matches!(written.kind, SlotKind::Embed { .. }) {
        return None;
    }
    let link = parse.resolved.links.get(slot)?;
    let (LinkTarget::Note { note: id, .. }, Href::Page { fragment, .. }) =
        (&link.target, &link.href)
    else {
        return None;
    };
    if embedding.chain.contains(id) || embedding.chain.len() > MAX_DEPTH {
        return None;
    }
    let note = embedding.notes.get(id.0)?;
    let part = match fragment {
        Some(f) => Some(note.parse.parsed.html.part(&urls::decode(f))?),
        None => None,
    };
    Some(Shown {
        id: *id,
        note,
        part,
    })
}

/// Whether embed slot `slot` is shown here, not only linked.
pub(super) fn is_shown(page: &impl Hrefs, slot: usize) -> bool {
    page.embedding()
        .is_some_and(|e| shown(e, page.parse(), slot).is_some())
}

/// The box's start, up to the source link's `href` value.
pub(super) const OPEN: &str = "<div class=\"embed\"><p class=\"embed-source\"><a href=\"";

/// After the source link's text: the embedded HTML and the box's end.
pub(super) fn close(page: &impl Hrefs, slot: usize, out: &mut String) {
    let Some(embedding) = page.embedding() else {
        return;
    };
    let Some(shown) = shown(embedding, page.parse(), slot) else {
        return;
    };
    out.push_str("</a></p>\n<div class=\"embed-body\">\n");
    let inner = Embedded {
        parse: &shown.note.parse,
        page: embedding.page,
        source: &shown.note.source.output,
        embedding: embedding.inside(shown.id, slot),
    };
    match &shown.part {
        None => shown.note.parse.parsed.html.write(&inner, out),
        Some(part) if part.list_item => {
            out.push_str("<ul>");
            part.html.write(&inner, out);
            out.push_str("</ul>\n");
        }
        Some(part) => part.html.write(&inner, out),
    }
    out.push_str("</div></div>\n");
}

/// Another note's HTML shown inside an embed on page `page`.
struct Embedded<'a> {
    parse: &'a NoteParse,
    page: &'a str,
    /// The embedded note's own output path.
    source: &'a str,
    embedding: Embedding<'a>,
}

impl Hrefs for Embedded<'_> {
    fn parse(&self) -> &NoteParse {
        self.parse
    }

    fn href(&self, href: &Href) -> Option<String> {
        let from_here = |path: &str, fragment: Option<&str>| {
            let mut href = urls::relative(self.page, path);
            if let Some(f) = fragment {
                href.push('#');
                href.push_str(f);
            }
            href
        };
        match href {
            Href::None => None,
            Href::Url(url) => Some(url.clone()),
            // A heading of the embedded note: on its own page.
            Href::Fragment(f) => Some(from_here(self.source, Some(f))),
            Href::Page { path, fragment } => Some(from_here(path, fragment.as_deref())),
        }
    }

    fn id_prefix_of(&self, out: &mut String) {
        out.push_str(self.embedding.prefix());
    }

    fn raw_href(&self, value: &str, out: &mut String) {
        if let Some(fragment) = value.strip_prefix('#') {
            // A heading anchor or a footnote of the embedded HTML: its prefixed id.
            out.push('#');
            out.push_str(self.embedding.prefix());
            out.push_str(fragment);
            return;
        }
        if value.is_empty()
            || urls::has_scheme(value)
            || value.starts_with("//")
            || value.starts_with('/')
        {
            out.push_str(value);
            return;
        }
        let (path, fragment) = value
            .split_once('#')
            .map_or((value, None), |(p, f)| (p, Some(f)));
        match urls::join_relative(self.source, &urls::decode(path)) {
            Some(target) => {
                out.push_str(&urls::relative(self.page, &target));
                if let Some(f) = fragment {
                    out.push('#');
                    out.push_str(f);
                }
            }
            None => out.push_str(value),
        }
    }

    fn embedding(&self) -> Option<&Embedding<'_>> {
        Some(&self.embedding)
    }
}

/// The notes whose content the page of note `i` shows through its embeds
/// (embeds of embeds included, as deep as a page shows them): a change to
/// one of them changes that page.
pub fn shown_notes(notes: &[Note], i: usize) -> Vec<usize> {
    let mut shown: Vec<usize> = Vec::new();
    let mut frontier = vec![i];
    for _ in 0..=MAX_DEPTH {
        let mut next = Vec::new();
        for &n in &frontier {
            let Some(note) = notes.get(n) else { continue };
            let parse = &note.parse;
            for (written, link) in parse.parsed.links.iter().zip(&parse.resolved.links) {
                if let (SlotKind::Embed { .. }, LinkTarget::Note { note: t, .. }) =
                    (written.kind, &link.target)
                {
                    if t.0 != i && !shown.contains(&t.0) {
                        shown.push(t.0);
                        next.push(t.0);
                    }
                }
            }
        }
        if next.is_empty() {
            break;
        }
        frontier = next;
    }
    shown
}
