//! Fragments: what a result shows (title, tags, heading path, URL and the
//! section's whole text, so an excerpt centres on a match anywhere in
//! it), one file per section, loaded only for the sections on screen.
//!
//! A result shows up to three sections of its page: one file per section
//! sends those and nothing else (a file per page sent every section of a
//! long page, then the rest of a long section one round trip later).
//! Fragment payload: `[title, [tags], url, [headings], text]`. Fragments
//! are named in groups of [`FRAGMENT_GROUP`] documents: `f-<hash of the
//! group>-<document number>`, so the name of any section's fragment is
//! known from the page list alone and a query's fragments are one wave of
//! requests after its ranking. The page list `n-<hash>` is `[counts,
//! [group hashes]]`: a digit string of each page's number of documents
//! (page `p` holds the documents after those of the pages before it), and
//! the hash of every group of fragments.

use tantivy::{DocAddress, Searcher, TantivyDocument};

use super::super::error::SearchError;
use super::super::schema::SearchSchema;
use super::super::SectionDoc;
use super::encode::{content_hash, Digits};
use super::files::FileSink;

/// Documents whose fragments are named by one hash.
pub const FRAGMENT_GROUP: usize = 128;

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

/// The pages of `docs` (the indexed documents, in document order): a
/// page's documents are consecutive, with one key — the rule the index's
/// `page` field follows.
fn pages(docs: &[SectionDoc]) -> Vec<&[SectionDoc]> {
    let mut out = Vec::new();
    let mut rest = docs;
    while let Some(first) = rest.first() {
        let count = rest
            .iter()
            .take_while(|d| d.note_id == first.note_id)
            .count();
        let (page, after) = rest.split_at(count);
        out.push(page);
        rest = after;
    }
    out
}

fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> Result<String, SearchError> {
    serde_json::to_string(value)
        .map_err(|e| SearchError::Bundle(format!("a fragment could not be written: {e}")))
}

/// Writes the fragments of `docs` (the indexed documents, in document
/// order) and the page list; returns the page list's hash (`n-<hash>`).
pub fn write_fragments(sink: &mut FileSink, docs: &[SectionDoc]) -> Result<String, SearchError> {
    let mut groups = Vec::new();
    for (g, group) in docs.chunks(FRAGMENT_GROUP).enumerate() {
        let payloads = group
            .iter()
            .map(|s| to_json(&(&s.title, &s.tags, &s.url, &s.heading_path, &s.body)))
            .collect::<Result<Vec<_>, _>>()?;
        let parts: Vec<&[u8]> = payloads.iter().map(|p| p.as_bytes()).collect();
        let hash = content_hash(&parts);
        for (i, payload) in payloads.iter().enumerate() {
            sink.write(&format!("f-{hash}-{}", g * FRAGMENT_GROUP + i), payload)?;
        }
        groups.push(hash);
    }
    let mut counts = Digits::new();
    for page in pages(docs) {
        counts.num(page.len() as u64);
    }
    let payload = to_json(&(counts.as_str(), groups))?;
    let hash = content_hash(&[payload.as_bytes()]);
    sink.write(&format!("n-{hash}"), &payload)?;
    Ok(hash)
}
