//! Term shards: the merged dictionary cut into small files of sorted term
//! ranges, so a query loads only the shards holding its terms.
//!
//! Shard payload: one digit string; per term (front-coded against the
//! previous term of the shard, lengths in UTF-16 units):
//! `prefix suffix_len suffix field_mask` then, per field of the mask,
//! `df*2+out_of_line` and either the postings inline or, for a big entry,
//! a content hash naming its out-of-line files (`p-<hash>`: the document
//! list; `q-<hash>-<i>`: positions of postings `64i..64i+63`), followed for
//! positional fields by the first document of every position block.
//!
//! A posting is `delta*2 + (tf>1)`, `tf-2` when tf>1, the fieldnorm id
//! (scored fields), then the positions (first absolute, then gaps minus 1).
//! A filter-only field (`tag`) stores document deltas alone.

use super::super::error::SearchError;
use super::encode::{content_hash, js_len, Digits};
use super::files::{js_string, FileSink};
use super::walk::{BundleField, FieldKind, FieldPostings, TermEntry};

/// Target size of a term shard in bytes.
pub const SHARD_BYTES: usize = 8 * 1024;
/// A field's postings bigger than this move out of line.
pub const OUT_OF_LINE_BYTES: usize = SHARD_BYTES / 2;
/// Postings per position block of an out-of-line entry.
pub const BLOCK_POSTINGS: usize = 512;
/// Target size of a dictionary page (shard boundaries) in bytes.
pub const DICT_PAGE_BYTES: usize = 4 * 1024;

/// How [`encode_docs`] encodes a run of postings.
struct DocsEncoding {
    /// With each posting's field-length norm.
    norms: bool,
    /// With each posting's positions.
    positions: bool,
    /// Give up once the payload is longer than this (bytes).
    limit: usize,
}

/// Encodes the postings `range` of `postings` into `out`; `pos_at` is where
/// the positions of the range's first posting start in `postings.positions`.
/// Returns false, with `out` cut short, when the payload passes the limit.
fn encode_docs(
    postings: &FieldPostings,
    kind: FieldKind,
    range: std::ops::Range<usize>,
    mut pos_at: usize,
    encoding: &DocsEncoding,
    out: &mut Digits,
) -> bool {
    let mut prev = 0u32;
    for i in range {
        if out.len() > encoding.limit {
            return false;
        }
        let doc = postings.docs[i];
        let delta = u64::from(doc - prev);
        prev = doc;
        if kind == FieldKind::DocsOnly {
            out.num(delta);
            continue;
        }
        let tf = postings.tfs[i];
        out.num(delta * 2 + u64::from(tf > 1));
        if tf > 1 {
            out.num(u64::from(tf - 2));
        }
        if encoding.norms {
            out.num(u64::from(postings.norms[i]));
        }
        if kind == FieldKind::Positions {
            let doc_positions = &postings.positions[pos_at..pos_at + tf as usize];
            pos_at += tf as usize;
            if encoding.positions {
                let mut last = None;
                for &p in doc_positions {
                    out.num(match last {
                        None => u64::from(p),
                        Some(l) => u64::from(p - l - 1),
                    });
                    last = Some(p);
                }
            }
        }
    }
    out.len() <= encoding.limit
}

/// Cuts the merged dictionary into shards as terms stream by.
pub struct ShardWriter<'a> {
    sink: &'a mut FileSink,
    fields: &'a [BundleField],
    current: Digits,
    first_key: Option<String>,
    prev_key: Vec<u16>,
    /// (first term, shard hash) of every shard written.
    shards: Vec<(String, String)>,
}

impl<'a> ShardWriter<'a> {
    pub fn new(sink: &'a mut FileSink, fields: &'a [BundleField]) -> ShardWriter<'a> {
        ShardWriter {
            sink,
            fields,
            current: Digits::new(),
            first_key: None,
            prev_key: Vec::new(),
            shards: Vec::new(),
        }
    }

    /// Adds the next term (terms arrive in byte order).
    pub fn push(&mut self, entry: TermEntry) -> Result<(), SearchError> {
        let mut body = Digits::new();
        let mask = entry.fields.iter().fold(0u64, |m, f| m | 1 << f.field);
        body.num(mask);
        for postings in &entry.fields {
            self.encode_field(postings, &mut body)?;
        }
        if !self.current.is_empty()
            && self.current.len() + body.len() + entry.key.len() > SHARD_BYTES
        {
            self.flush()?;
        }
        let key: Vec<u16> = entry.key.encode_utf16().collect();
        let shared = self
            .prev_key
            .iter()
            .zip(&key)
            .take_while(|(a, b)| a == b)
            .count();
        let suffix = String::from_utf16_lossy(&key[shared..]);
        self.current
            .num(shared as u64)
            .num(js_len(&suffix) as u64)
            .raw(&suffix)
            .append(&body);
        self.prev_key = key;
        self.first_key.get_or_insert(entry.key);
        Ok(())
    }

    fn encode_field(
        &mut self,
        postings: &FieldPostings,
        out: &mut Digits,
    ) -> Result<(), SearchError> {
        let kind = self.fields[postings.field].kind;
        let df = postings.docs.len();
        let scored = kind != FieldKind::DocsOnly;
        let mut inline = Digits::new();
        let inline_encoding = DocsEncoding {
            norms: scored,
            positions: true,
            limit: OUT_OF_LINE_BYTES,
        };
        // Every posting takes at least a digit per number: a term sure to
        // be too large for its shard is not tried inline.
        let fewest_digits = df * (1 + usize::from(scored))
            + if kind == FieldKind::Positions {
                postings.positions.len()
            } else {
                0
            };
        if fewest_digits <= OUT_OF_LINE_BYTES
            && encode_docs(postings, kind, 0..df, 0, &inline_encoding, &mut inline)
        {
            out.num(df as u64 * 2).append(&inline);
            return Ok(());
        }
        let mut docs = Digits::new();
        let docs_encoding = DocsEncoding {
            norms: scored,
            positions: false,
            limit: usize::MAX,
        };
        encode_docs(postings, kind, 0..df, 0, &docs_encoding, &mut docs);
        let mut blocks = Vec::new();
        if kind == FieldKind::Positions {
            let block_encoding = DocsEncoding {
                norms: false,
                positions: true,
                limit: usize::MAX,
            };
            let mut pos_at = 0;
            for start in (0..df).step_by(BLOCK_POSTINGS) {
                let range = start..(start + BLOCK_POSTINGS).min(df);
                let mut block = Digits::new();
                encode_docs(
                    postings,
                    kind,
                    range.clone(),
                    pos_at,
                    &block_encoding,
                    &mut block,
                );
                pos_at += postings.tfs[range]
                    .iter()
                    .map(|&tf| tf as usize)
                    .sum::<usize>();
                blocks.push((postings.docs[start], block));
            }
        }
        let mut parts: Vec<&[u8]> = vec![docs.as_str().as_bytes()];
        parts.extend(blocks.iter().map(|(_, b)| b.as_str().as_bytes()));
        let hash = content_hash(&parts);
        self.sink
            .write(&format!("p-{hash}"), &js_string(docs.as_str()))?;
        for (i, (_, block)) in blocks.iter().enumerate() {
            self.sink
                .write(&format!("q-{hash}-{i}"), &js_string(block.as_str()))?;
        }
        out.num(df as u64 * 2 + 1).raw(&hash);
        let mut prev = 0;
        for (first, _) in &blocks {
            out.num(u64::from(first - prev));
            prev = *first;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), SearchError> {
        let payload = js_string(self.current.as_str());
        let hash = content_hash(&[payload.as_bytes()]);
        self.sink.write(&format!("t-{hash}"), &payload)?;
        self.shards
            .push((self.first_key.take().unwrap_or_default(), hash));
        self.current = Digits::new();
        self.prev_key.clear();
        Ok(())
    }

    /// Writes the last shard and the dictionary pages; returns the manifest's
    /// top level: (first term, page hash) per page.
    pub fn finish(mut self) -> Result<Vec<(String, String)>, SearchError> {
        if !self.current.is_empty() {
            self.flush()?;
        }
        let mut pages = Vec::new();
        let mut page: Vec<&(String, String)> = Vec::new();
        let mut size = 0;
        let shards = std::mem::take(&mut self.shards);
        for shard in &shards {
            let entry_size = shard.0.len() + shard.1.len() + 6;
            if !page.is_empty() && size + entry_size > DICT_PAGE_BYTES {
                pages.push(self.write_page(&page)?);
                page.clear();
                size = 0;
            }
            page.push(shard);
            size += entry_size;
        }
        if !page.is_empty() {
            pages.push(self.write_page(&page)?);
        }
        Ok(pages)
    }

    fn write_page(
        &mut self,
        shards: &[&(String, String)],
    ) -> Result<(String, String), SearchError> {
        let flat: Vec<&str> = shards
            .iter()
            .flat_map(|(k, h)| [k.as_str(), h.as_str()])
            .collect();
        let payload =
            serde_json::to_string(&flat).map_err(|e| SearchError::Bundle(e.to_string()))?;
        let hash = content_hash(&[payload.as_bytes()]);
        self.sink.write(&format!("d-{hash}"), &payload)?;
        Ok((shards[0].0.clone(), hash))
    }
}
