//! Walking the tantivy index: every term of every bundled field, merged into
//! one sorted dictionary, with its postings (documents, term frequencies,
//! fieldnorm ids, positions) exactly as tantivy stored them.

use std::sync::Arc;

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::Postings;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocSet, InvertedIndexReader, SegmentReader, TERMINATED};

use super::super::chars::{field_name, CharField, CharIndex};
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

/// Where a bundled field's postings come from.
#[derive(Debug, Clone, Copy)]
pub enum FieldSource {
    /// A field of the tantivy index.
    Index(Field),
    /// A field of the one-character index (by [`SEARCHED_FIELDS`] position).
    Chars(usize),
}

/// A field as the bundle describes it.
#[derive(Debug, Clone)]
pub struct BundleField {
    pub name: String,
    pub boost: f32,
    pub kind: FieldKind,
    pub source: FieldSource,
    /// The field's token total (BM25's average field length).
    pub total_tokens: u64,
}

/// The bundled fields, in the order the manifest lists them: the text
/// fields, their one-character fields, `tag`.
pub fn bundle_fields(
    schema: &SearchSchema,
    chars: &CharIndex,
    segment: Option<&SegmentReader>,
) -> Result<Vec<BundleField>, SearchError> {
    let mut fields = Vec::new();
    for (i, (name, boost)) in SEARCHED_FIELDS.iter().enumerate() {
        fields.push((
            name.to_string(),
            *boost,
            FieldKind::Positions,
            FieldSource::Index(schema.text[i]),
        ));
    }
    for (i, (name, boost)) in SEARCHED_FIELDS.iter().enumerate() {
        fields.push((
            field_name(name),
            *boost,
            FieldKind::Freqs,
            FieldSource::Chars(i),
        ));
    }
    fields.push((
        "tag".to_string(),
        0.0,
        FieldKind::DocsOnly,
        FieldSource::Index(schema.tag),
    ));
    fields
        .into_iter()
        .map(|(name, boost, kind, source)| {
            let total_tokens = match (source, segment) {
                (FieldSource::Index(field), Some(segment)) => {
                    segment.inverted_index(field)?.total_num_tokens()
                }
                (FieldSource::Index(_), None) => 0,
                (FieldSource::Chars(i), _) => chars.field(i).total_tokens(),
            };
            Ok(BundleField {
                name,
                boost,
                kind,
                source,
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

/// A field's terms in byte order, read one at a time.
enum Cursor<'a> {
    Index {
        stream: Box<tantivy::termdict::TermStreamer<'a>>,
        inverted: &'a InvertedIndexReader,
        norms: Option<FieldNormReader>,
    },
    Chars {
        field: &'a CharField,
        chars: std::vec::IntoIter<char>,
        current: char,
    },
}

impl Cursor<'_> {
    /// The next term, if any.
    fn advance(&mut self) -> Option<Vec<u8>> {
        match self {
            Cursor::Index { stream, .. } => stream.advance().then(|| stream.key().to_vec()),
            Cursor::Chars { chars, current, .. } => {
                *current = chars.next()?;
                Some(current.to_string().into_bytes())
            }
        }
    }

    /// The postings of the current term.
    fn postings(&self, field: usize, kind: FieldKind) -> Result<FieldPostings, SearchError> {
        let mut out = FieldPostings {
            field,
            ..FieldPostings::default()
        };
        match self {
            Cursor::Chars { field, current, .. } => {
                let hits = field.hits(*current);
                out.docs = hits.docs;
                out.tfs = hits.tfs;
                out.norms = hits.norms;
            }
            Cursor::Index {
                stream,
                inverted,
                norms,
            } => {
                let record = match kind {
                    FieldKind::Positions => IndexRecordOption::WithFreqsAndPositions,
                    FieldKind::Freqs => IndexRecordOption::WithFreqs,
                    FieldKind::DocsOnly => IndexRecordOption::Basic,
                };
                let io = |e: std::io::Error| SearchError::Index(e.into());
                let info = stream.value();
                let mut postings = inverted
                    .read_postings_from_terminfo(info, record)
                    .map_err(io)?;
                let df = info.doc_freq as usize;
                out.docs.reserve_exact(df);
                if kind != FieldKind::DocsOnly {
                    out.tfs.reserve_exact(df);
                    out.norms.reserve_exact(df);
                }
                let mut doc = postings.doc();
                while doc != TERMINATED {
                    out.docs.push(doc);
                    if kind != FieldKind::DocsOnly {
                        out.tfs.push(postings.term_freq());
                        out.norms
                            .push(norms.as_ref().map_or(0, |n| n.fieldnorm_id(doc)));
                    }
                    if kind == FieldKind::Positions {
                        postings.append_positions_with_offset(0, &mut out.positions);
                    }
                    doc = postings.advance();
                }
            }
        }
        Ok(out)
    }
}

/// Calls `visit` with every term of `fields`, in byte order of the term.
pub fn for_each_term(
    segment: &SegmentReader,
    chars: &CharIndex,
    fields: &[BundleField],
    mut visit: impl FnMut(TermEntry) -> Result<(), SearchError>,
) -> Result<(), SearchError> {
    let inverted: Vec<Option<Arc<InvertedIndexReader>>> = fields
        .iter()
        .map(|f| match f.source {
            FieldSource::Index(field) => segment.inverted_index(field).map(Some),
            FieldSource::Chars(_) => Ok(None),
        })
        .collect::<Result<_, _>>()?;
    let io = |e: std::io::Error| SearchError::Index(e.into());
    let mut cursors = Vec::new();
    let mut keys = Vec::new();
    for (f, inverted) in fields.iter().zip(&inverted) {
        let mut cursor = match f.source {
            FieldSource::Chars(i) => {
                let field = chars.field(i);
                Cursor::Chars {
                    field,
                    chars: field.chars().into_iter(),
                    current: char::default(),
                }
            }
            FieldSource::Index(field) => {
                let Some(inverted) = inverted.as_deref() else {
                    return Err(SearchError::Bundle(format!("no postings for {}", f.name)));
                };
                Cursor::Index {
                    stream: Box::new(inverted.terms().stream().map_err(io)?),
                    inverted,
                    norms: match f.kind {
                        FieldKind::DocsOnly => None,
                        _ => Some(segment.get_fieldnorms_reader(field)?),
                    },
                }
            }
        };
        keys.push(cursor.advance());
        cursors.push(cursor);
    }
    loop {
        let Some(min) = keys.iter().flatten().min().cloned() else {
            return Ok(());
        };
        let mut entry = TermEntry {
            key: String::from_utf8(min.clone())
                .map_err(|_| SearchError::Bundle("a term is not UTF-8".into()))?,
            fields: Vec::new(),
        };
        for (i, cursor) in cursors.iter_mut().enumerate() {
            if keys[i].as_deref() != Some(&min[..]) {
                continue;
            }
            entry.fields.push(cursor.postings(i, fields[i].kind)?);
            keys[i] = cursor.advance();
        }
        visit(entry)?;
    }
}
