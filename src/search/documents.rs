//! The search document model: every page with text — notes, section pages
//! (`_index.md`, leaf `index.md`) and the home page — becomes the same kind
//! of documents, one per heading section, keyed by the page's output path.
//!
//! The output path is the page key because it is unique in a site (two
//! `faq.md` in different folders share a file stem, never an output path),
//! so no title, fragment or hit can belong to another page.
//!
//! A `description` from the front matter (written for Hugo, Zola, Docusaurus
//! or Obsidian) is text a reader expects to find: it leads the page's first
//! document, as it leads the page.

use crate::content::SourceNote;
use crate::links::{Library, NoteParse, Section};
use crate::urls::{encode_fragment, encode_path};

use super::SectionDoc;

/// One document per heading section of every page, in reading order:
/// the notes first, then the section pages that have text of their own.
pub fn site_docs(library: &Library) -> Vec<SectionDoc> {
    let mut docs = Vec::new();
    for note in &library.notes {
        note_docs(&note.source, &note.parse, &mut docs);
    }
    section_page_docs(&library.sections, &mut docs);
    docs
}

/// The documents of one note, appended to `docs`: one per heading
/// section, or one for the title alone.
pub(crate) fn note_docs(source: &SourceNote, parse: &NoteParse, docs: &mut Vec<SectionDoc>) {
    let page = Page {
        key: &source.output,
        title: &source.title,
        tags: &source.front.tags,
        description: source.front.description.as_deref(),
    };
    // A note of only a title is still found by its title.
    page.push_docs(Some(parse), true, docs);
}

/// The documents of the section pages with text (an intro or a
/// description), appended to `docs` in section order. A folder without
/// either is only a list of notes: it has nothing to find.
pub(crate) fn section_page_docs(sections: &[Section], docs: &mut Vec<SectionDoc>) {
    for section in sections {
        let source = &section.source;
        let no_tags = Vec::new();
        let page = Page {
            key: &source.output,
            title: &source.title,
            tags: source.index.as_ref().map_or(&no_tags, |i| &i.front.tags),
            description: source.description.as_deref(),
        };
        page.push_docs(section.intro.as_ref(), false, docs);
    }
}

/// What every document of one page shares.
struct Page<'a> {
    /// The output path, e.g. `network/snat.html`: the page's unique key.
    key: &'a str,
    title: &'a str,
    tags: &'a [String],
    description: Option<&'a str>,
}

impl Page<'_> {
    fn doc(&self, url: String, heading_path: Vec<String>, body: String) -> SectionDoc {
        SectionDoc {
            note_id: self.key.to_string(),
            url,
            title: self.title.to_string(),
            heading_path,
            tags: self.tags.to_vec(),
            body,
        }
    }

    /// Appends the documents of the page's text (its heading sections,
    /// with the titles of the notes it names in); `always` keeps a page
    /// without text as one document of its title.
    fn push_docs(&self, text: Option<&NoteParse>, always: bool, docs: &mut Vec<SectionDoc>) {
        let sections = text.map_or(&[][..], |t| &t.parsed.sections[..]);
        let fill = |s: &str| text.map_or_else(|| s.to_string(), |t| t.text(s).into_owned());
        let url = encode_path(self.key);
        let description = self.description.map(str::trim).filter(|d| !d.is_empty());
        let has_lead = sections.first().is_some_and(|s| s.anchor.is_none());
        if !has_lead && (description.is_some() || (always && sections.is_empty())) {
            let body = description.unwrap_or_default().to_string();
            docs.push(self.doc(url.clone(), Vec::new(), body));
        }
        for (i, section) in sections.iter().enumerate() {
            // Past a megabyte, a section's text is on the page but not indexed.
            let text = super::site::indexed_body(&section.text);
            let body = match description {
                Some(d) if i == 0 && has_lead => format!("{d}\n{}", fill(text)),
                _ => fill(text),
            };
            let url = match &section.anchor {
                Some(anchor) => format!("{url}#{}", encode_fragment(anchor)),
                None => url.clone(),
            };
            let heading_path = section.heading_path.iter().map(|h| fill(h)).collect();
            docs.push(self.doc(url, heading_path, body));
        }
    }
}
