//! Walking the tantivy index: every term of every bundled field, merged into
//! one sorted dictionary, with its postings (documents, term frequencies,
//! fieldnorm ids, positions) exactly as tantivy stored them.

use std::sync::Arc;

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::Postings;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocSet, InvertedIndexReader, SegmentReader, TERMINATED};

use super::super::error::SearchError;
use super::super::schema::{SearchSchema, SEARCHED_FIELDS};

/// What the browser needs of a field's postings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// Scored, with positions (phrases): the text fields.
    Positions = 0,
    /// Scored, term frequencies only: the CJK unigram fields.
    Freqs = 1,
    /// Filter only, documents alone: `tag`.
    DocsOnly = 2,
}

/// A field as the bundle describes it.
#[derive(Debug, Clone)]
pub struct BundleField {
    pub name: String,
    pub boost: f32,
    pub kind: FieldKind,
    pub field: Field,
    /// tantivy's token total for the field (BM25's average field length).
    pub total_tokens: u64,
}

/// The bundled fields, in the order the manifest lists them.
pub fn bundle_fields(
    schema: &SearchSchema,
    segment: Option<&SegmentReader>,
) -> Result<Vec<BundleField>, SearchError> {
    let mut fields = Vec::new();
    for (i, (name, boost)) in SEARCHED_FIELDS.iter().enumerate() {
        fields.push((
            name.to_string(),
            *boost,
            FieldKind::Positions,
            schema.text[i],
        ));
    }
    for (i, (name, boost)) in SEARCHED_FIELDS.iter().enumerate() {
        fields.push((
            format!("{name}_cjk"),
            *boost,
            FieldKind::Freqs,
            schema.cjk[i],
        ));
    }
    fields.push(("tag".to_string(), 0.0, FieldKind::DocsOnly, schema.tag));
    fields
        .into_iter()
        .map(|(name, boost, kind, field)| {
            let total_tokens = match segment {
                Some(segment) => segment.inverted_index(field)?.total_num_tokens(),
                None => 0,
            };
            Ok(BundleField {
                name,
                boost,
                kind,
                field,
                total_tokens,
            })
        })
        .collect()
}

/// One field's postings of a term.
#[derive(Debug, Clone, Default)]
pub struct FieldPostings {
    /// Index of the field in the bundle's field list.
    pub field: usize,
    pub docs: Vec<u32>,
    pub tfs: Vec<u32>,
    pub norms: Vec<u8>,
    /// Positions of each document, concatenated (`tfs[i]` of them per doc).
    pub positions: Vec<u32>,
}

/// A term of the merged dictionary.
#[derive(Debug, Clone)]
pub struct TermEntry {
    pub key: String,
    /// Postings per field, in field order; only fields holding the term.
    pub fields: Vec<FieldPostings>,
}

struct Source<'a> {
    stream: tantivy::termdict::TermStreamer<'a>,
    key: Option<Vec<u8>>,
}

impl Source<'_> {
    fn advance(&mut self) {
        self.key = if self.stream.advance() {
            Some(self.stream.key().to_vec())
        } else {
            None
        };
    }
}

/// Calls `visit` with every term of `fields`, in byte order of the term.
pub fn for_each_term(
    segment: &SegmentReader,
    fields: &[BundleField],
    mut visit: impl FnMut(TermEntry) -> Result<(), SearchError>,
) -> Result<(), SearchError> {
    let inverted: Vec<Arc<InvertedIndexReader>> = fields
        .iter()
        .map(|f| segment.inverted_index(f.field))
        .collect::<Result<_, _>>()?;
    let norms: Vec<Option<FieldNormReader>> = fields
        .iter()
        .map(|f| match f.kind {
            FieldKind::DocsOnly => Ok(None),
            _ => segment.get_fieldnorms_reader(f.field).map(Some),
        })
        .collect::<Result<_, _>>()?;
    let io = |e: std::io::Error| SearchError::Index(e.into());
    let mut sources = Vec::new();
    for reader in &inverted {
        let mut source = Source {
            stream: reader.terms().stream().map_err(io)?,
            key: None,
        };
        source.advance();
        sources.push(source);
    }
    loop {
        let Some(min) = sources.iter().filter_map(|s| s.key.clone()).min() else {
            return Ok(());
        };
        let mut entry = TermEntry {
            key: String::from_utf8(min.clone())
                .map_err(|_| SearchError::Bundle("a term is not UTF-8".into()))?,
            fields: Vec::new(),
        };
        for (i, source) in sources.iter_mut().enumerate() {
            if source.key.as_deref() != Some(&min[..]) {
                continue;
            }
            let record = match fields[i].kind {
                FieldKind::Positions => IndexRecordOption::WithFreqsAndPositions,
                FieldKind::Freqs => IndexRecordOption::WithFreqs,
                FieldKind::DocsOnly => IndexRecordOption::Basic,
            };
            let mut postings = inverted[i]
                .read_postings_from_terminfo(source.stream.value(), record)
                .map_err(io)?;
            let mut out = FieldPostings {
                field: i,
                ..FieldPostings::default()
            };
            let mut doc = postings.doc();
            let mut buffer = Vec::new();
            while doc != TERMINATED {
                out.docs.push(doc);
                if fields[i].kind != FieldKind::DocsOnly {
                    out.tfs.push(postings.term_freq());
                    out.norms
                        .push(norms[i].as_ref().map_or(0, |n| n.fieldnorm_id(doc)));
                }
                if fields[i].kind == FieldKind::Positions {
                    postings.positions(&mut buffer);
                    out.positions.extend_from_slice(&buffer);
                }
                doc = postings.advance();
            }
            entry.fields.push(out);
            source.advance();
        }
        visit(entry)?;
    }
}
