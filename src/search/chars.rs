//! The one-character index: which sections hold each CJK character, how
//! often, and how many CJK characters each section has.
//!
//! A one-character query (鍵) must find every section containing that
//! character, and inside a Japanese run a character only occurs in bigrams.
//! Its postings are those of a field of CJK unigrams without positions,
//! scored by BM25 like any term. They are counted here, next to the tantivy
//! index rather than in it: tantivy would tokenize every text a second time
//! and push each character through its generic postings writer, which was
//! a third of the time of the longest step of a build. The browser bundle
//! and `shiori search` read these postings as the `*_cjk` fields.
//!
//! Postings are kept encoded (varint document-id deltas and frequencies), in
//! memory while the index is built and in `chars.bin` beside it.

use std::collections::HashMap;
use std::fs;
use std::path::Path;
use std::sync::Arc;

use tantivy::fieldnorm::FieldNormReader;
use tantivy::query::{Bm25Weight, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TantivyError, TERMINATED};

use super::error::SearchError;
use super::tokenizer::cjk_chars;
use super::SectionDoc;

/// The file beside the tantivy index holding the one-character index.
pub(crate) const CHARS_FILE: &str = "chars.bin";

const MAGIC: &[u8] = b"shiori-chars-1\n";

/// No postings yet (see [`CharField`]).
const NONE: u32 = u32::MAX;

/// The postings of one character in one field.
#[derive(Debug, Clone, Default)]
struct CharPostings {
    /// Number of documents.
    docs: u32,
    /// The last document added (for the next delta).
    last: u32,
    /// `(doc delta, term frequency)` varint pairs.
    bytes: Vec<u8>,
    /// Occurrences in the document being added (0 between documents).
    tf: u32,
}

/// The one-character postings of one searched field.
#[derive(Debug, Clone, Default)]
pub(crate) struct CharField {
    postings: Vec<(char, CharPostings)>,
    /// Where each character of the Basic Multilingual Plane is in
    /// `postings` (`NONE` for none yet): CJK text is almost all there, and
    /// a table is faster than hashing every character of every section.
    bmp: Vec<u32>,
    /// Where the characters beyond it are.
    astral: HashMap<char, u32>,
    /// Each document's number of CJK characters, as a tantivy fieldnorm id.
    norms: Vec<u8>,
    /// All CJK characters of the field (BM25's average field length).
    total: u64,
    /// The `postings` met in the document being added (kept to reuse its buffer).
    met: Vec<u32>,
}

/// One character's postings, decoded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct CharHits {
    pub docs: Vec<u32>,
    pub tfs: Vec<u32>,
    pub norms: Vec<u8>,
}

/// The one-character index of the four searched fields (in
/// [`SEARCHED_FIELDS`] order), documents numbered as in the tantivy index.
#[derive(Debug, Clone, Default)]
pub(crate) struct CharIndex {
    fields: [CharField; 4],
}

impl CharIndex {
    /// Adds the next document: its id is the number added before it.
    pub(crate) fn add(&mut self, doc: &SectionDoc) {
        let [title, tags, headings, body] = &mut self.fields;
        title.add([doc.title.as_str()]);
        tags.add(doc.tags.iter().map(String::as_str));
        headings.add(doc.heading_path.iter().map(String::as_str));
        body.add([doc.body.as_str()]);
    }

    /// Number of documents.
    pub(crate) fn num_docs(&self) -> u32 {
        self.fields[0].norms.len() as u32
    }

    /// The field of [`SEARCHED_FIELDS`] at `i`.
    pub(crate) fn field(&self, i: usize) -> &CharField {
        &self.fields[i]
    }

    /// Writes the index into `dir` as [`CHARS_FILE`].
    pub(crate) fn save(&self, dir: &Path) -> Result<(), SearchError> {
        let mut out = MAGIC.to_vec();
        for field in &self.fields {
            out.extend_from_slice(&field.total.to_le_bytes());
            out.extend_from_slice(&(field.norms.len() as u32).to_le_bytes());
            out.extend_from_slice(&field.norms);
            out.extend_from_slice(&(field.postings.len() as u32).to_le_bytes());
            for (c, postings) in field.sorted() {
                out.extend_from_slice(&(c as u32).to_le_bytes());
                out.extend_from_slice(&postings.docs.to_le_bytes());
                out.extend_from_slice(&postings.last.to_le_bytes());
                out.extend_from_slice(&(postings.bytes.len() as u32).to_le_bytes());
                out.extend_from_slice(&postings.bytes);
            }
        }
        let path = dir.join(CHARS_FILE);
        fs::write(&path, out).map_err(SearchError::io(&path))
    }

    /// Reads [`CHARS_FILE`] back from `dir`.
    pub(crate) fn load(dir: &Path) -> Result<CharIndex, SearchError> {
        let path = dir.join(CHARS_FILE);
        let bytes = fs::read(&path).map_err(SearchError::io(&path))?;
        let corrupt =
            || SearchError::Bundle(format!("{} is damaged; rebuild the index", path.display()));
        let mut input = Reader {
            bytes: bytes.strip_prefix(MAGIC).ok_or_else(corrupt)?,
        };
        let mut index = CharIndex::default();
        for field in &mut index.fields {
            field.total = input.u64().ok_or_else(corrupt)?;
            let docs = input.u32().ok_or_else(corrupt)? as usize;
            field.norms = input.take(docs).ok_or_else(corrupt)?.to_vec();
            let chars = input.u32().ok_or_else(corrupt)?;
            for _ in 0..chars {
                let c = input.u32().and_then(char::from_u32).ok_or_else(corrupt)?;
                let docs = input.u32().ok_or_else(corrupt)?;
                let last = input.u32().ok_or_else(corrupt)?;
                let len = input.u32().ok_or_else(corrupt)? as usize;
                let bytes = input.take(len).ok_or_else(corrupt)?.to_vec();
                *field.postings_mut(c) = CharPostings {
                    docs,
                    last,
                    bytes,
                    tf: 0,
                };
            }
        }
        if !input.bytes.is_empty() {
            return Err(corrupt());
        }
        Ok(index)
    }
}

impl CharField {
    /// Adds the next document, made of `texts` (a field with several values
    /// counts the characters of all of them).
    fn add<'a>(&mut self, texts: impl IntoIterator<Item = &'a str>) {
        let doc = self.norms.len() as u32;
        // Each character is counted where its postings are: no sorting.
        let mut met = std::mem::take(&mut self.met);
        met.clear();
        let mut count = 0u32;
        for text in texts {
            cjk_chars(text, |c| {
                count += 1;
                let at = self.slot(c);
                let postings = &mut self.postings[at].1;
                if postings.tf == 0 {
                    met.push(at as u32);
                }
                postings.tf += 1;
            });
        }
        self.norms.push(FieldNormReader::fieldnorm_to_id(count));
        self.total += u64::from(count);
        for &at in &met {
            let postings = &mut self.postings[at as usize].1;
            let delta = if postings.docs == 0 {
                doc
            } else {
                doc - postings.last
            };
            push_varint(&mut postings.bytes, delta);
            push_varint(&mut postings.bytes, postings.tf);
            postings.docs += 1;
            postings.last = doc;
            postings.tf = 0;
        }
        self.met = met;
    }

    /// All CJK characters of the field (BM25's average field length).
    pub(crate) fn total_tokens(&self) -> u64 {
        self.total
    }

    /// The postings of `c`, added empty if `c` has none yet.
    fn postings_mut(&mut self, c: char) -> &mut CharPostings {
        let at = self.slot(c);
        &mut self.postings[at].1
    }

    /// Where the postings of `c` are in `postings`, added empty if `c` has
    /// none yet.
    fn slot(&mut self, c: char) -> usize {
        let next = self.postings.len() as u32;
        let at = match u16::try_from(c as u32) {
            Ok(bmp) => {
                if self.bmp.is_empty() {
                    self.bmp = vec![NONE; 1 << 16];
                }
                let slot = &mut self.bmp[usize::from(bmp)];
                if *slot == NONE {
                    *slot = next;
                }
                *slot
            }
            Err(_) => *self.astral.entry(c).or_insert(next),
        };
        if at == next {
            self.postings.push((c, CharPostings::default()));
        }
        at as usize
    }

    fn get(&self, c: char) -> Option<&CharPostings> {
        let at = match u16::try_from(c as u32) {
            Ok(bmp) => *self.bmp.get(usize::from(bmp))?,
            Err(_) => *self.astral.get(&c)?,
        };
        self.postings.get(at as usize).map(|(_, p)| p)
    }

    fn sorted(&self) -> Vec<(char, &CharPostings)> {
        let mut chars: Vec<_> = self.postings.iter().map(|(c, p)| (*c, p)).collect();
        chars.sort_unstable_by_key(|&(c, _)| c);
        chars
    }

    /// The characters of the field, in the byte order of their UTF-8 (which
    /// is code point order).
    pub(crate) fn chars(&self) -> Vec<char> {
        self.sorted().into_iter().map(|(c, _)| c).collect()
    }

    /// The postings of `c` (empty when no document holds it).
    pub(crate) fn hits(&self, c: char) -> CharHits {
        let mut hits = CharHits::default();
        let Some(postings) = self.get(c) else {
            return hits;
        };
        let mut bytes = postings.bytes.as_slice();
        let mut doc = 0;
        for i in 0..postings.docs {
            let (Some(delta), Some(tf)) = (read_varint(&mut bytes), read_varint(&mut bytes)) else {
                break;
            };
            doc = if i == 0 { delta } else { doc + delta };
            hits.docs.push(doc);
            hits.tfs.push(tf);
            hits.norms
                .push(self.norms.get(doc as usize).copied().unwrap_or(0));
        }
        hits
    }
}

fn push_varint(out: &mut Vec<u8>, mut value: u32) {
    while value >= 0x80 {
        out.push(value as u8 | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

fn read_varint(bytes: &mut &[u8]) -> Option<u32> {
    let mut value = 0u32;
    for shift in (0..35).step_by(7) {
        let (&byte, rest) = bytes.split_first()?;
        *bytes = rest;
        value |= u32::from(byte & 0x7f).checked_shl(shift)?;
        if byte < 0x80 {
            return Some(value);
        }
    }
    None
}

struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.bytes.len() < n {
            return None;
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Some(head)
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
}

/// The name of the one-character field of the searched field `name`, as the
/// bundle's manifest lists it.
pub(crate) fn field_name(name: &str) -> String {
    format!("{name}_cjk")
}

/// A one-character query on one field, as a tantivy query: it matches the
/// documents of [`CharField::hits`] and scores them with BM25 exactly as a
/// `TermQuery` on a field of CJK unigrams would (boost it with a
/// `BoostQuery`, like a term). The index has one segment.
#[derive(Clone)]
pub(crate) struct CharQuery {
    hits: Arc<CharHits>,
    bm25: Bm25Weight,
}

impl CharQuery {
    /// The query for `c` in `field`, among `total_docs` documents.
    pub(crate) fn new(field: &CharField, c: char, total_docs: u64) -> CharQuery {
        let hits = field.hits(c);
        let average = field.total as Score / total_docs.max(1) as Score;
        let bm25 = Bm25Weight::for_one_term(hits.docs.len() as u64, total_docs, average);
        CharQuery {
            hits: Arc::new(hits),
            bm25,
        }
    }
}

impl std::fmt::Debug for CharQuery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CharQuery")
            .field("docs", &self.hits.docs.len())
            .finish()
    }
}

impl Query for CharQuery {
    fn weight(&self, _scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }
}

impl Weight for CharQuery {
    fn scorer(&self, _segment: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let bm25 = self.bm25.boost_by(boost);
        let hits = &self.hits;
        let scores = (hits.tfs.iter().zip(&hits.norms))
            .map(|(&tf, &norm)| bm25.score(norm, tf))
            .collect();
        Ok(Box::new(CharScorer {
            hits: Arc::clone(&self.hits),
            scores,
            at: 0,
        }))
    }

    fn explain(&self, _segment: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let hits = &self.hits;
        match hits.docs.binary_search(&doc) {
            Ok(i) => Ok(self.bm25.explain(hits.norms[i], hits.tfs[i])),
            Err(_) => Err(TantivyError::InvalidArgument(format!(
                "document {doc} does not hold the character"
            ))),
        }
    }
}

/// The documents of a [`CharQuery`] with their scores.
struct CharScorer {
    hits: Arc<CharHits>,
    scores: Vec<Score>,
    at: usize,
}

impl DocSet for CharScorer {
    fn advance(&mut self) -> DocId {
        self.at = (self.at + 1).min(self.hits.docs.len());
        self.doc()
    }

    fn doc(&self) -> DocId {
        self.hits.docs.get(self.at).copied().unwrap_or(TERMINATED)
    }

    fn size_hint(&self) -> u32 {
        self.hits.docs.len() as u32
    }
}

impl Scorer for CharScorer {
    fn score(&mut self) -> Score {
        self.scores.get(self.at).copied().unwrap_or(0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(title: &str, tags: &[&str], body: &str) -> SectionDoc {
        SectionDoc {
            note_id: "n".into(),
            url: "n.html".into(),
            title: title.into(),
            heading_path: vec!["見出し".into()],
            tags: tags.iter().map(|t| t.to_string()).collect(),
            body: body.into(),
        }
    }

    #[test]
    fn characters_are_counted_per_document_and_field() {
        let mut index = CharIndex::default();
        index.add(&doc("鍵の管理", &["鍵"], "KMS の鍵と鍵ポリシー。ｶｷﾞ"));
        index.add(&doc("EKS", &[], "no Japanese here"));
        index.add(&doc("合鍵", &[], "鍵 𠮷野家"));
        let body = index.field(3);
        assert_eq!(
            body.hits('鍵'),
            CharHits {
                docs: vec![0, 2],
                tfs: vec![2, 1],
                norms: vec![
                    FieldNormReader::fieldnorm_to_id(10),
                    FieldNormReader::fieldnorm_to_id(4)
                ],
            }
        );
        // Half-width katakana is folded (NFKC) as the tokenizer does.
        assert_eq!(body.hits('ギ').docs, vec![0]);
        // Beyond the Basic Multilingual Plane.
        assert_eq!(body.hits('𠮷').docs, vec![2]);
        assert_eq!(body.total_tokens(), 14);
        assert_eq!(index.field(0).hits('鍵').docs, vec![0, 2]);
        assert_eq!(index.field(1).hits('鍵').docs, vec![0]);
        assert_eq!(index.field(2).hits('見').tfs, vec![1, 1, 1]);
        assert!(body.hits('錠').docs.is_empty());
        assert_eq!(index.num_docs(), 3);
    }

    #[test]
    fn saved_index_reads_back_the_same() {
        let mut index = CharIndex::default();
        for i in 0..300 {
            index.add(&doc("鍵", &[], &"鍵と錠𠮷".repeat(i % 7)));
        }
        let dir = tempfile::tempdir().unwrap();
        index.save(dir.path()).unwrap();
        let loaded = CharIndex::load(dir.path()).unwrap();
        for i in 0..4 {
            assert_eq!(loaded.field(i).chars(), index.field(i).chars());
            assert_eq!(
                loaded.field(i).total_tokens(),
                index.field(i).total_tokens()
            );
            for c in index.field(i).chars() {
                assert_eq!(loaded.field(i).hits(c), index.field(i).hits(c));
            }
        }
        assert_eq!(loaded.field(3).hits('錠').docs.len(), 300 - 300 / 7 - 1);
    }

    #[test]
    fn a_damaged_file_is_an_error_not_a_panic() {
        let mut index = CharIndex::default();
        index.add(&doc("鍵", &[], "鍵と錠"));
        let dir = tempfile::tempdir().unwrap();
        index.save(dir.path()).unwrap();
        let path = dir.path().join(CHARS_FILE);
        let bytes = fs::read(&path).unwrap();
        for cut in [0, 5, MAGIC.len() + 3, bytes.len() - 1] {
            fs::write(&path, &bytes[..cut]).unwrap();
            let err = CharIndex::load(dir.path()).unwrap_err().to_string();
            assert!(err.contains("chars.bin"), "{err}");
        }
    }
}
