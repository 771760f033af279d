//! Term shards: the merged dictionary cut into small files of sorted term
//! ranges, so a query loads only the shards holding its terms.
//!
//! The manifest holds where every shard starts (see [`ShardTable`]), so the
//! shard of any term — and every shard of a prefix's range — is known
//! before anything is loaded: a query's shards are one wave of requests.
//! Shards are named in groups of [`SHARD_GROUP`]: `t-<hash of the group's
//! payloads>-<shard number>`, so the manifest carries one hash per group,
//! not per shard, and a change renames only its group's shards.
//!
//! Shard payload: one digit string; per term (front-coded against the
//! previous term of the shard, lengths in UTF-16 units):
//! `prefix suffix_len suffix field_mask` then, per field of the mask,
//! `df*2+out_of_line` and either the postings inline or, for a big entry,
//! a content hash naming its out-of-line files (`p-<hash>`: the document
//! list; `q-<hash>-<i>`: block `i` of its postings with their fieldnorm
//! ids and positions, so a phrase can take all its postings from the
//! blocks: the block's posting count, then the postings, cut at about
//! [`BLOCK_BYTES`]), followed for positional fields by the number of
//! blocks and the first document of every block.
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
/// Target size of a position block of an out-of-line entry (bytes): most
/// big terms of a 10,000-note site fit in one, so a query over them costs
/// a file per term rather than ten.
pub const BLOCK_BYTES: usize = 32 * 1024;
/// Shards named by one hash (see the module doc).
pub const SHARD_GROUP: usize = 32;

/// Where the shards start, for the manifest.
pub struct ShardTable {
    /// Per shard, front-coded against the previous one (`shared
    /// suffix_len suffix`, UTF-16 units): the shortest prefix of its first
    /// term that sorts after the previous shard's last term (`""` for the
    /// first shard). A term lives in the last shard whose key is <= it.
    pub keys: String,
    /// The hash of every group of [`SHARD_GROUP`] shards.
    pub groups: Vec<String>,
}

/// How [`encode_docs`] encodes a run of postings.
struct DocsEncoding {
    /// With each posting's field-length norm.
    norms: bool,
    /// With each posting's positions.
    positions: bool,
    /// Stop once the payload is this long (bytes).
    limit: usize,
}

/// Encodes the postings `range` of `postings` into `out`; `pos_at` is where
/// the positions of the range's first posting start in `postings.positions`.
/// Stops early, after at least one posting, once the payload reaches the
/// limit; returns the index after the last posting encoded.
fn encode_docs(
    postings: &FieldPostings,
    kind: FieldKind,
    range: std::ops::Range<usize>,
    mut pos_at: usize,
    encoding: &DocsEncoding,
    out: &mut Digits,
) -> usize {
    let mut prev = 0u32;
    let start = range.start;
    for i in range.clone() {
        if i > start && out.len() >= encoding.limit {
            return i;
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
    range.end
}

/// Cuts the merged dictionary into shards as terms stream by.
pub struct ShardWriter<'a> {
    sink: &'a mut FileSink,
    fields: &'a [BundleField],
    current: Digits,
    first_key: Option<String>,
    prev_key: Vec<u16>,
    /// The last term of the previous shard (separators sort after it).
    last_key: String,
    /// The current term's key, once pushed (the next shard's `last_key`).
    key: String,
    /// Front-coded shard keys so far, and the previous one.
    keys: Digits,
    prev_separator: Vec<u16>,
    /// Payloads of the group being filled.
    pending: Vec<String>,
    shards: usize,
    groups: Vec<String>,
}

impl<'a> ShardWriter<'a> {
    pub fn new(sink: &'a mut FileSink, fields: &'a [BundleField]) -> ShardWriter<'a> {
        ShardWriter {
            sink,
            fields,
            current: Digits::new(),
            first_key: None,
            prev_key: Vec::new(),
            last_key: String::new(),
            key: String::new(),
            keys: Digits::new(),
            prev_separator: Vec::new(),
            pending: Vec::new(),
            shards: 0,
            groups: Vec::new(),
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
        self.key.clone_from(&entry.key);
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
            && encode_docs(postings, kind, 0..df, 0, &inline_encoding, &mut inline) == df
            && inline.len() <= OUT_OF_LINE_BYTES
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
                norms: scored,
                positions: true,
                limit: BLOCK_BYTES,
            };
            let (mut start, mut pos_at) = (0, 0);
            while start < df {
                let mut postings_of_block = Digits::new();
                let end = encode_docs(
                    postings,
                    kind,
                    start..df,
                    pos_at,
                    &block_encoding,
                    &mut postings_of_block,
                );
                pos_at += postings.tfs[start..end]
                    .iter()
                    .map(|&tf| tf as usize)
                    .sum::<usize>();
                let mut block = Digits::new();
                block.num((end - start) as u64).append(&postings_of_block);
                blocks.push((postings.docs[start], block));
                start = end;
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
        if kind == FieldKind::Positions {
            out.num(blocks.len() as u64);
        }
        let mut prev = 0;
        for (first, _) in &blocks {
            out.num(u64::from(first - prev));
            prev = *first;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), SearchError> {
        let first = self.first_key.take().unwrap_or_default();
        let separator = if self.shards == 0 {
            ""
        } else {
            shortest_after(&first, &self.last_key)
        };
        let separator: Vec<u16> = separator.encode_utf16().collect();
        let shared = self
            .prev_separator
            .iter()
            .zip(&separator)
            .take_while(|(a, b)| a == b)
            .count();
        let suffix = String::from_utf16_lossy(&separator[shared..]);
        self.keys
            .num(shared as u64)
            .num(js_len(&suffix) as u64)
            .raw(&suffix);
        self.prev_separator = separator;
        self.pending.push(js_string(self.current.as_str()));
        self.shards += 1;
        if self.pending.len() == SHARD_GROUP {
            self.write_group()?;
        }
        self.last_key = std::mem::take(&mut self.key);
        self.current = Digits::new();
        self.prev_key.clear();
        Ok(())
    }

    fn write_group(&mut self) -> Result<(), SearchError> {
        let parts: Vec<&[u8]> = self.pending.iter().map(|p| p.as_bytes()).collect();
        let hash = content_hash(&parts);
        let first = self.shards - self.pending.len();
        for (i, payload) in self.pending.iter().enumerate() {
            self.sink
                .write(&format!("t-{hash}-{}", first + i), payload)?;
        }
        self.pending.clear();
        self.groups.push(hash);
        Ok(())
    }

    /// Writes the last shards; returns the manifest's shard table.
    pub fn finish(mut self) -> Result<ShardTable, SearchError> {
        if !self.current.is_empty() {
            self.flush()?;
        }
        if !self.pending.is_empty() {
            self.write_group()?;
        }
        Ok(ShardTable {
            keys: self.keys.as_str().to_string(),
            groups: self.groups,
        })
    }
}

/// The shortest prefix of `first` (whole characters) that sorts after
/// `last`, given `last < first`.
fn shortest_after<'k>(first: &'k str, last: &str) -> &'k str {
    first
        .char_indices()
        .map(|(i, c)| &first[..i + c.len_utf8()])
        .find(|prefix| *prefix > last)
        .unwrap_or(first)
}

#[cfg(test)]
mod tests {
    use super::shortest_after;

    #[test]
    fn a_shard_key_is_the_shortest_prefix_after_the_previous_shard() {
        assert_eq!(shortest_after("fargate", "eks"), "f");
        assert_eq!(shortest_after("fargate", "fable"), "far");
        assert_eq!(shortest_after("クラスター", "クラ"), "クラス");
        assert_eq!(shortest_after("abc", "ab"), "abc");
    }
}
