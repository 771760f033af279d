//! Fragments: what a result shows (title, heading path, URL, excerpt text),
//! one file per note, loaded only for the results on screen; and the
//! fragment directory that maps document ids to those files.
//!
//! Fragment payload: `[title, [tags], [[url, [headings], text], ...]]`,
//! sections in document order. Directory page payload (one page per
//! `DIR_PAGE_DOCS` documents): a digit string of runs
//! `count section_start hash`: the next `count` documents are sections
//! `section_start..` of the fragment `f-<hash>`. The pages are small, so
//! they are named as a group: `r-<hash of all pages>-<i>`; the manifest
//! holds that one hash.

use std::collections::HashMap;

use serde_json::json;
use tantivy::{DocAddress, Searcher, TantivyDocument};

use super::super::error::SearchError;
use super::super::schema::SearchSchema;
use super::encode::{content_hash, Digits};
use super::files::{js_string, FileSink};

/// Documents per fragment-directory page.
pub const DIR_PAGE_DOCS: u32 = 128;
/// Characters of a section's text kept for excerpts.
pub const FRAGMENT_TEXT_CHARS: usize = 1200;

struct Section {
    url: String,
    headings: Vec<String>,
    text: String,
}

struct Note {
    title: String,
    tags: Vec<String>,
    sections: Vec<Section>,
}

/// Writes fragments and directory pages; returns the directory's group hash.
pub fn write_fragments(
    sink: &mut FileSink,
    searcher: &Searcher,
    schema: &SearchSchema,
) -> Result<String, SearchError> {
    let max_doc = searcher
        .segment_readers()
        .first()
        .map_or(0, |s| s.max_doc());
    let mut notes: Vec<Note> = Vec::new();
    let mut note_of: HashMap<String, usize> = HashMap::new();
    // (note index, section index) of every document.
    let mut placement = Vec::with_capacity(max_doc as usize);
    for doc_id in 0..max_doc {
        let doc: TantivyDocument = searcher.doc(DocAddress::new(0, doc_id))?;
        let section = schema.read_section(&doc);
        let index = *note_of.entry(section.note_id).or_insert_with(|| {
            notes.push(Note {
                title: section.title,
                tags: section.tags,
                sections: Vec::new(),
            });
            notes.len() - 1
        });
        let text: String = section.body.chars().take(FRAGMENT_TEXT_CHARS).collect();
        let note = &mut notes[index];
        placement.push((index, note.sections.len()));
        note.sections.push(Section {
            url: section.url,
            headings: section.heading_path,
            text,
        });
    }
    let mut hashes = Vec::with_capacity(notes.len());
    for note in &notes {
        let sections: Vec<_> = note
            .sections
            .iter()
            .map(|s| json!([s.url, s.headings, s.text]))
            .collect();
        let payload = json!([note.title, note.tags, sections]).to_string();
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
