//! Compiling the tantivy index into the browser bundle (`public/search/`).
//!
//! Every file is a classic script calling `shiori.register(name, payload)`,
//! loaded by inserting a `<script>` tag, so the bundle works over http and
//! from file:// alike. Names carry content hashes. The layout:
//!
//! - `m-<hash>.js` manifest (named by the caller in a site build, see
//!   `site::SearchInput`): document count, fields (boost, kind, token
//!   total), where every term shard starts and the hashes naming them,
//!   the page list's hash;
//! - `t-<group>-<i>.js` term shard (see [`terms`]);
//! - `p-<hash>.js`, `q-<hash>-<i>.js` out-of-line postings of big terms;
//! - `n-<hash>.js` the page list: how many documents each page has, the
//!   hashes naming the fragment packs and how many documents each holds;
//! - `f-<group>-<doc>.js` a pack of consecutive documents' fragments,
//!   starting at document `doc` (see [`fragments`]).
//!
//! Every name a query needs is known one step ahead: shards from the
//! manifest, out-of-line postings from the shards, fragments from the page
//! list (loaded with the shards). A query therefore costs three waves of
//! requests — shards and page list, postings, fragments — whatever its
//! words (see `docs/search.md` for the exceptions).

mod encode;
mod files;
mod fragments;
mod terms;
mod walk;

use std::path::Path;

use serde_json::json;

use super::chars::CharIndex;
use super::error::SearchError;
use super::excerpt::EXCERPT_CHARS;
use super::index::SearchIndex;
use super::query::{PREFIX_MAX_TERMS, PREFIX_MIN_CHARS};
pub(crate) use encode::content_hash;
use files::FileSink;
use fragments::{stored_sections, write_fragments};
use terms::{ShardTable, ShardWriter, SHARD_GROUP};
use walk::{bundle_fields, for_each_term};

/// Version of the bundle format, checked by the runtime.
pub const BUNDLE_FORMAT: u32 = 4;

/// What `write_bundle` wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleInfo {
    /// The content-hashed manifest script every page loads, e.g. `m-0a1b2c3d4e.js`.
    pub manifest: String,
    /// Every file written, manifest included, sorted.
    pub files: Vec<String>,
    /// Their total size in bytes.
    pub total_bytes: u64,
}

/// The fragments of a bundle, written (see [`write_fragment_files`]).
pub struct WrittenFragments {
    /// The hash of the page list.
    pages: String,
    sink: FileSink,
}

/// Writes the fragment files of `docs` (the documents indexed, in their
/// order) into `search_dir`. They need only the documents, not the index, so
/// a site build writes them while the index is being built.
pub fn write_fragment_files(
    docs: &[super::SectionDoc],
    search_dir: &Path,
) -> Result<WrittenFragments, SearchError> {
    let mut sink = FileSink::new(search_dir)?;
    let pages = write_fragments(&mut sink, docs)?;
    Ok(WrittenFragments { pages, sink })
}

impl SearchIndex {
    /// Writes the browser bundle into `search_dir` (e.g. `<staging>/search`).
    /// Same index, same bytes.
    pub fn write_bundle(&self, search_dir: &Path) -> Result<BundleInfo, SearchError> {
        self.write_bundle_as(search_dir, None)
    }

    /// Writes the bundle with its manifest named `manifest` (without `.js`)
    /// rather than by the hash of its content.
    pub fn write_bundle_named(
        &self,
        search_dir: &Path,
        manifest: &str,
    ) -> Result<BundleInfo, SearchError> {
        self.write_bundle_as(search_dir, Some(manifest))
    }

    /// Writes the bundle with its manifest named `manifest`, its fragments
    /// already written by [`write_fragment_files`] from the indexed documents.
    pub fn write_bundle_with_fragments(
        &self,
        search_dir: &Path,
        manifest: &str,
        fragments: WrittenFragments,
    ) -> Result<BundleInfo, SearchError> {
        self.write_bundle_from(search_dir, Some(manifest), Some(fragments))
    }

    fn write_bundle_as(
        &self,
        search_dir: &Path,
        manifest_name: Option<&str>,
    ) -> Result<BundleInfo, SearchError> {
        self.write_bundle_from(search_dir, manifest_name, None)
    }

    fn write_bundle_from(
        &self,
        search_dir: &Path,
        manifest_name: Option<&str>,
        fragments: Option<WrittenFragments>,
    ) -> Result<BundleInfo, SearchError> {
        let searcher = self.reader.searcher();
        // A site without notes has no segment: an empty bundle still works.
        let segment = searcher.segment_readers().first();
        let fields = bundle_fields(&self.schema, &self.chars, segment)?;
        let mut sink = FileSink::new(search_dir)?;
        // Terms and fragments are independent: written at the same time.
        let (shards, fragments) = rayon::join(
            || write_terms(segment, &self.chars, &fields, &mut sink),
            || match fragments {
                Some(written) => Ok(written),
                None => {
                    let docs = stored_sections(&searcher, &self.schema)?;
                    write_fragment_files(&docs, search_dir)
                }
            },
        );
        let (shards, fragments) = (shards?, fragments?);
        let page_list = fragments.pages;
        sink.absorb(fragments.sink);
        let field_table: Vec<_> = fields
            .iter()
            .map(|f| json!([f.name, f.boost, f.kind as u8, f.total_tokens]))
            .collect();
        let manifest = json!({
            "format": BUNDLE_FORMAT,
            "docs": segment.map_or(0, |s| s.max_doc()),
            "fields": field_table,
            "prefix": [PREFIX_MIN_CHARS, PREFIX_MAX_TERMS],
            "shards": shards.keys,
            "shardGroup": SHARD_GROUP,
            "shardGroups": shards.groups,
            "fragmentGroup": fragments::FRAGMENT_GROUP,
            "pages": page_list,
            "excerpt": EXCERPT_CHARS,
        })
        .to_string();
        let name = match manifest_name {
            Some(name) => name.to_string(),
            None => format!("m-{}", encode::content_hash(&[manifest.as_bytes()])),
        };
        sink.write(&name, &manifest)?;
        let (files, total_bytes) = sink.finish();
        Ok(BundleInfo {
            manifest: format!("{name}.js"),
            files,
            total_bytes,
        })
    }
}

/// Terms read from the index but not yet written to shards: enough to keep
/// both threads busy, few enough that memory stays flat.
const TERMS_IN_FLIGHT: usize = 256;

/// Writes the term shards; returns where they start. Reading the postings (one thread) and encoding, hashing and
/// writing them (this one) overlap, so the bundle, the last step of the
/// build, takes two cores once the pages are written.
fn write_terms(
    segment: Option<&tantivy::SegmentReader>,
    chars: &CharIndex,
    fields: &[walk::BundleField],
    sink: &mut FileSink,
) -> Result<ShardTable, SearchError> {
    let mut shards = ShardWriter::new(sink, fields);
    let Some(segment) = segment else {
        return shards.finish();
    };
    std::thread::scope(|scope| {
        let (terms, read) = std::sync::mpsc::sync_channel(TERMS_IN_FLIGHT);
        let walker = std::thread::Builder::new()
            .name("shiori-bundle-walk".into())
            .spawn_scoped(scope, move || {
                // A failed send means the writer stopped on an error of its
                // own, which it reports.
                for_each_term(segment, chars, fields, |entry| {
                    terms
                        .send(entry)
                        .map_err(|_| SearchError::Bundle("the shard writer stopped".into()))
                })
            })
            .map_err(|e| SearchError::Bundle(format!("cannot start a thread: {e}")))?;
        for entry in read {
            shards.push(entry)?;
        }
        walker
            .join()
            .map_err(|_| SearchError::Bundle("reading the index's terms failed".into()))??;
        shards.finish()
    })
}
