//! Fragments: what a result shows (title, tags, heading path, URL and the
//! section's whole text, so an excerpt centres on a match anywhere in
//! it), packed into files of consecutive documents, loaded only for the
//! sections on screen.
//!
//! A result shows up to three sections of its page, which are consecutive
//! documents: packing consecutive documents into files of up to
//! [`PACK_BYTES`] sends those together and keeps the number of files small
//! (one per section was 53,000 files for 10,000 notes). A document bigger
//! than that has a file of its own. Packs never cross a group of
//! [`FRAGMENT_GROUP`] documents, whose payloads one hash names: the pack
//! starting at document `d` is `f-<hash of its group>-<d>`, so the name of
//! any section's pack is known from the page list alone and a query's
//! fragments are one wave of requests after its ranking.
//!
//! Pack payload: an array of `[title, [tags], url, [headings], text]`, one
//! per document; a document of the same page as the one before it in the
//! pack writes `0` for the title and tags it shares. The page list
//! `n-<hash>` is `[counts, [group hashes], packs]`: a digit string of each
//! page's number of documents (page `p` holds the documents after those of
//! the pages before it), the hash of every group, and a digit string of
//! each pack's number of documents, in document order.

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

/// Pack size: consecutive documents share a file up to this many bytes.
/// A result list of ten pages then costs at most ten such files, about 5 KB
/// gzipped each.
pub const PACK_BYTES: usize = 16 * 1024;

/// The payload of one document in a pack; `same_page`: the document before
/// it in the pack belongs to the same page (title and tags left out).
fn payload(doc: &SectionDoc, same_page: bool) -> Result<String, SearchError> {
    if same_page {
        to_json(&(0, 0, &doc.url, &doc.heading_path, &doc.body))
    } else {
        to_json(&(
            &doc.title,
            &doc.tags,
            &doc.url,
            &doc.heading_path,
            &doc.body,
        ))
    }
}

/// The documents of `group` cut into packs: (first document's index in the
/// group, payloads), each pack up to [`PACK_BYTES`] unless one document
/// alone is bigger.
fn packs(group: &[SectionDoc]) -> Result<Vec<(usize, Vec<String>)>, SearchError> {
    let mut packs: Vec<(usize, Vec<String>)> = Vec::new();
    let mut bytes = 0;
    for (i, doc) in group.iter().enumerate() {
        let fresh = payload(doc, false)?;
        let open = packs
            .last()
            .is_some_and(|(_, pack)| !pack.is_empty() && bytes + fresh.len() <= PACK_BYTES);
        if !open {
            bytes = fresh.len();
            packs.push((i, vec![fresh]));
            continue;
        }
        let same_page = i > 0 && group[i - 1].note_id == doc.note_id;
        let entry = if same_page {
            payload(doc, true)?
        } else {
            fresh
        };
        bytes += entry.len() + 1;
        packs.last_mut().expect("a pack is open").1.push(entry);
    }
    Ok(packs)
}

/// Writes the fragments of `docs` (the indexed documents, in document
/// order) and the page list; returns the page list's hash (`n-<hash>`).
pub fn write_fragments(sink: &mut FileSink, docs: &[SectionDoc]) -> Result<String, SearchError> {
    let mut groups = Vec::new();
    let mut pack_sizes = Digits::new();
    for (g, group) in docs.chunks(FRAGMENT_GROUP).enumerate() {
        let packs = packs(group)?;
        let parts: Vec<&[u8]> = packs
            .iter()
            .flat_map(|(_, pack)| pack.iter().map(|p| p.as_bytes()))
            .collect();
        let hash = content_hash(&parts);
        for (first, pack) in &packs {
            let name = format!("f-{hash}-{}", g * FRAGMENT_GROUP + first);
            sink.write(&name, &format!("[{}]", pack.join(",")))?;
            pack_sizes.num(pack.len() as u64);
        }
        groups.push(hash);
    }
    let mut counts = Digits::new();
    for page in pages(docs) {
        counts.num(page.len() as u64);
    }
    let payload = to_json(&(counts.as_str(), groups, pack_sizes.as_str()))?;
    let hash = content_hash(&[payload.as_bytes()]);
    sink.write(&format!("n-{hash}"), &payload)?;
    Ok(hash)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(note: u32, body: &str) -> SectionDoc {
        SectionDoc {
            note_id: note.to_string(),
            url: format!("n{note}.html"),
            title: format!("題名 {note}"),
            heading_path: Vec::new(),
            tags: Vec::new(),
            body: body.to_string(),
        }
    }

    #[test]
    fn consecutive_documents_share_a_pack_up_to_its_size() {
        let big = "あ".repeat(PACK_BYTES);
        let group = [
            doc(1, "a"),
            doc(1, "b"),
            doc(2, "c"),
            doc(3, &big),
            doc(4, "d"),
        ];
        let packs = packs(&group).unwrap();
        let firsts: Vec<usize> = packs.iter().map(|(first, _)| *first).collect();
        // The big document has a file of its own; the small ones around it share.
        assert_eq!(firsts, [0, 3, 4]);
        assert_eq!(packs[0].1.len(), 3);
        // The second section of page 1 leaves out the title and tags it shares.
        assert!(
            packs[0].1[1].starts_with("[0,0,\"n1.html\""),
            "{}",
            packs[0].1[1]
        );
        assert!(
            packs[0].1[2].starts_with("[\"題名 2\""),
            "{}",
            packs[0].1[2]
        );
    }
}
