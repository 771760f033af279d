//! Fragments: what a result shows (title, heading path, URL, excerpt text),
//! one file per note, loaded only for the results on screen; and the
//! fragment directory that maps document ids to those files.
//!
//! Fragment payload: `[title, [tags], [[url, [headings], text], ...], rest?]`,
//! sections in document order, each text cut after [`FRAGMENT_TEXT_CHARS`]
//! characters; `rest`, when a section is longer, names `x-<rest>`: the
//! remaining text of every section (`""` for short ones). Directory page payload (one page per
//! `DIR_PAGE_DOCS` documents): a digit string of runs
//! `count section_start hash`: the next `count` documents are sections
//! `section_start..` of the fragment `f-<hash>`. The pages are small, so
//! they are named as a group: `r-<hash of all pages>-<i>`; the manifest
//! holds that one hash. The page list `n-<hash>` gives each page's number
//! of documents.

use std::collections::HashMap;

use tantivy::{DocAddress, Searcher, TantivyDocument};

use super::super::error::SearchError;
use super::super::schema::SearchSchema;
use super::super::SectionDoc;
use super::encode::{content_hash, Digits};
use super::files::{js_string, FileSink};

/// Documents per fragment-directory page.
pub const DIR_PAGE_DOCS: u32 = 128;
/// Characters of a section's text kept for excerpts.
pub const FRAGMENT_TEXT_CHARS: usize = 1200;

struct Note<'d> {
    title: &'d str,
    tags: &'d [String],
    sections: Vec<&'d SectionDoc>,
}

/// A section's text split after its first [`FRAGMENT_TEXT_CHARS`]
/// characters: what every result shows, and the rest.
fn split_text(body: &str) -> (&str, &str) {
    match body.char_indices().nth(FRAGMENT_TEXT_CHARS) {
        Some((end, _)) => body.split_at(end),
        None => (body, ""),
    }
}

/// The indexed documents as the index stored them, in document order.
pub fn stored_sections(
    searcher: &Searcher,
    schema: &SearchSchema,
) -> Result<Vec<SectionDoc>, SearchError> {
    let max_doc = searcher
        .segment_readers()
        .first()
        .map_or(0, |s| s.max_doc());
    (0..max_doc)
        .map(|doc_id| {
            let doc: TantivyDocument = searcher.doc(DocAddress::new(0, doc_id))?;
            Ok(schema.read_section(&doc))
        })
        .collect()
}

/// Writes the page list: a digit string of the number of documents of each
/// page, in page order (a page's documents are consecutive, with one key:
/// the rule the index's `page` field follows). Page-level search reads it
/// to gather a page's sections. Returns its hash (`n-<hash>`).
pub fn write_page_list(sink: &mut FileSink, docs: &[SectionDoc]) -> Result<String, SearchError> {
    let mut list = Digits::new();
    let mut i = 0;
    while i < docs.len() {
        let key = &docs[i].note_id;
        let count = docs[i..].iter().take_while(|d| &d.note_id == key).count();
        list.num(count as u64);
        i += count;
    }
    let payload = js_string(list.as_str());
    let hash = content_hash(&[payload.as_bytes()]);
    sink.write(&format!("n-{hash}"), &payload)?;
    Ok(hash)
}

fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> Result<String, SearchError> {
    serde_json::to_string(value)
        .map_err(|e| SearchError::Bundle(format!("a fragment could not be written: {e}")))
}

/// Writes the fragments and directory pages of `docs` (the indexed
/// documents, in document order); returns the directory's group hash.
pub fn write_fragments(sink: &mut FileSink, docs: &[SectionDoc]) -> Result<String, SearchError> {
    let mut notes: Vec<Note> = Vec::new();
    let mut note_of: HashMap<&str, usize> = HashMap::new();
    // (note index, section index) of every document.
    let mut placement = Vec::with_capacity(docs.len());
    for section in docs {
        let index = *note_of.entry(&section.note_id).or_insert_with(|| {
            notes.push(Note {
                title: &section.title,
                tags: &section.tags,
                sections: Vec::new(),
            });
            notes.len() - 1
        });
        let note = &mut notes[index];
        placement.push((index, note.sections.len()));
        note.sections.push(section);
    }
    let mut hashes = Vec::with_capacity(notes.len());
    for note in &notes {
        let split: Vec<(&str, &str)> = note.sections.iter().map(|s| split_text(&s.body)).collect();
        let sections: Vec<_> = note
            .sections
            .iter()
            .zip(&split)
            .map(|(s, (head, _))| (&s.url, &s.heading_path, head))
            .collect();
        // The rest of long sections, loaded only when a result's words are
        // not all in the first part, so an excerpt can centre on any match.
        let rests: Vec<&str> = split.iter().map(|(_, rest)| *rest).collect();
        let rest = if rests.iter().any(|r| !r.is_empty()) {
            let payload = to_json(&rests)?;
            let hash = content_hash(&[payload.as_bytes()]);
            sink.write(&format!("x-{hash}"), &payload)?;
            Some(hash)
        } else {
            None
        };
        let payload = match &rest {
            Some(rest) => to_json(&(note.title, note.tags, sections, rest))?,
            None => to_json(&(note.title, note.tags, sections))?,
        };
        let hash = content_hash(&[payload.as_bytes()]);
        sink.write(&format!("f-{hash}"), &payload)?;
        hashes.push(hash);
    }
    let mut pages = Vec::new();
    for chunk in placement.chunks(DIR_PAGE_DOCS as usize) {
        let mut page = Digits::new();
        let mut i = 0;
        while i < chunk.len() {
            let (note, start) = chunk[i];
            let mut count = 1;
            while i + count < chunk.len() && chunk[i + count] == (note, start + count) {
                count += 1;
            }
            page.num(count as u64).num(start as u64).raw(&hashes[note]);
            i += count;
        }
        pages.push(js_string(page.as_str()));
    }
    let parts: Vec<&[u8]> = pages.iter().map(|p| p.as_bytes()).collect();
    let group = content_hash(&parts);
    for (i, payload) in pages.iter().enumerate() {
        sink.write(&format!("r-{group}-{i}"), payload)?;
    }
    Ok(group)
}
