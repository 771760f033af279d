//! Building and opening the tantivy index (`<root>/.shiori/index`).

use std::fs;
use std::path::{Path, PathBuf};

use tantivy::indexer::NoMergePolicy;
use tantivy::schema::Value;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument};

use super::chars::CharIndex;
use super::error::SearchError;
use super::schema::{register_tokenizers, SearchSchema, INDEX_FORMAT};
use super::tokenizer::normalize;
use super::SectionDoc;

/// The file in the index directory naming the index format.
pub(crate) const FORMAT_MARKER: &str = "shiori-index-format";

/// Indexing memory: large enough that a site of 10,000 notes fits one
/// segment, so document ids are simply the order of the input.
const WRITER_MEMORY_BYTES: usize = 1 << 30;

/// An opened search index.
pub struct SearchIndex {
    pub(crate) reader: IndexReader,
    pub(crate) schema: SearchSchema,
    /// The postings of one-character queries.
    pub(crate) chars: CharIndex,
    /// The first document of every page, and the document count last:
    /// page `p` holds documents `page_starts[p]..page_starts[p + 1]`.
    pub(crate) page_starts: Vec<u32>,
    pub(crate) dir: PathBuf,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("dir", &self.dir)
            .finish()
    }
}

/// (Re)creates the index in `index_dir` from `docs`; document ids follow the
/// order of `docs`.
pub fn build_index(docs: &[SectionDoc], index_dir: &Path) -> Result<SearchIndex, SearchError> {
    let mut writing = IndexWriting::create(index_dir)?;
    for doc in docs {
        writing.add(doc)?;
    }
    writing.finish()
}

/// An index being written: documents are added in order (tantivy indexes
/// them on its own thread meanwhile, while their characters are counted on
/// the caller's), then committed.
pub(crate) struct IndexWriting {
    index: Index,
    writer: IndexWriter,
    schema: SearchSchema,
    chars: CharIndex,
    dir: PathBuf,
    added: u64,
    /// The page of the last document added, and its ordinal.
    page: Option<(String, u64)>,
}

impl IndexWriting {
    /// (Re)creates an empty index in `index_dir`.
    pub(crate) fn create(index_dir: &Path) -> Result<IndexWriting, SearchError> {
        prepare_dir(index_dir)?;
        let schema = SearchSchema::new();
        let index = Index::create_in_dir(index_dir, schema.schema.clone())?;
        register_tokenizers(&index);
        let writer: IndexWriter = index.writer_with_num_threads(1, WRITER_MEMORY_BYTES)?;
        writer.set_merge_policy(Box::new(NoMergePolicy));
        Ok(IndexWriting {
            index,
            writer,
            schema,
            chars: CharIndex::default(),
            dir: index_dir.to_path_buf(),
            added: 0,
            page: None,
        })
    }

    /// Adds the next document: its id is the number added before it.
    pub(crate) fn add(&mut self, doc: &SectionDoc) -> Result<(), SearchError> {
        // A page's documents come one after another: a new key, a new page.
        if self
            .page
            .as_ref()
            .is_none_or(|(key, _)| *key != doc.note_id)
        {
            let next = self.page.as_ref().map_or(0, |(_, p)| p + 1);
            self.page = Some((doc.note_id.clone(), next));
        }
        let page = self.page.as_ref().map_or(0, |(_, p)| *p);
        self.writer
            .add_document(self.schema.document(self.added, page, doc))?;
        self.chars.add(doc);
        self.added += 1;
        Ok(())
    }

    /// Commits the documents added and opens the index.
    pub(crate) fn finish(mut self) -> Result<SearchIndex, SearchError> {
        self.writer.commit()?;
        merge_in_input_order(&self.index, &mut self.writer)?;
        self.writer.wait_merging_threads()?;
        self.chars.save(&self.dir)?;
        let marker = self.dir.join(FORMAT_MARKER);
        fs::write(&marker, INDEX_FORMAT).map_err(SearchError::io(&marker))?;
        SearchIndex::new(self.index, self.schema, self.chars, &self.dir)
    }
}

/// Opens the index in `index_dir`; fails with [`SearchError::IndexVersion`]
/// when it was written in another format (the caller then rebuilds it).
pub fn open_index(index_dir: &Path) -> Result<SearchIndex, SearchError> {
    let found = fs::read_to_string(index_dir.join(FORMAT_MARKER)).unwrap_or_default();
    if found != INDEX_FORMAT {
        return Err(SearchError::IndexVersion {
            path: index_dir.to_path_buf(),
            found,
            expected: INDEX_FORMAT,
        });
    }
    let index = Index::open_in_dir(index_dir)?;
    register_tokenizers(&index);
    let schema = SearchSchema::from_index(&index)?;
    let chars = CharIndex::load(index_dir)?;
    SearchIndex::new(index, schema, chars, index_dir)
}

impl SearchIndex {
    fn new(
        index: Index,
        schema: SearchSchema,
        chars: CharIndex,
        dir: &Path,
    ) -> Result<SearchIndex, SearchError> {
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        if reader.searcher().segment_readers().len() > 1 {
            return Err(SearchError::Bundle(
                "the index has several segments; rebuild it".into(),
            ));
        }
        if chars.num_docs() != reader.searcher().num_docs() as u32 {
            return Err(SearchError::Bundle(
                "the index and its character counts disagree; rebuild it".into(),
            ));
        }
        let page_starts = page_starts(&reader.searcher())?;
        Ok(SearchIndex {
            reader,
            schema,
            chars,
            page_starts,
            dir: dir.to_path_buf(),
        })
    }

    /// Number of indexed sections.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }
}

impl SearchSchema {
    fn document(&self, ord: u64, page: u64, doc: &SectionDoc) -> TantivyDocument {
        // The body is most of a document; the rest fits tantivy's default.
        let mut out = TantivyDocument::with_capacity(doc.body.len() + 1024);
        out.add_text(self.note_id, &doc.note_id);
        out.add_text(self.url, &doc.url);
        out.add_u64(self.ord, ord);
        out.add_u64(self.page, page);
        let [title, tags, headings, body] = self.text;
        out.add_text(title, &doc.title);
        for tag in &doc.tags {
            out.add_text(tags, tag);
            out.add_text(self.tag, normalize_tag(tag));
        }
        for heading in &doc.heading_path {
            out.add_text(headings, heading);
        }
        out.add_text(body, &doc.body);
        out
    }
}

impl SearchSchema {
    /// A stored section document read back: what [`SearchSchema::document`] wrote.
    pub(crate) fn read_section(&self, doc: &TantivyDocument) -> SectionDoc {
        let first = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string()
        };
        let all = |field| {
            doc.get_all(field)
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect::<Vec<_>>()
        };
        let [title, tags, headings, body] = self.text;
        SectionDoc {
            note_id: first(self.note_id),
            url: first(self.url),
            title: first(title),
            heading_path: all(headings),
            tags: all(tags),
            body: first(body),
        }
    }
}

/// The first document of every page, then the document count (see
/// [`SearchIndex::page_starts`]).
fn page_starts(searcher: &tantivy::Searcher) -> Result<Vec<u32>, SearchError> {
    let Some(segment) = searcher.segment_readers().first() else {
        return Ok(vec![0]);
    };
    let column = segment.fast_fields().u64("page")?;
    let mut starts = Vec::new();
    let mut last = None;
    for doc in 0..segment.max_doc() {
        let page = column.first(doc);
        if page != last {
            starts.push(doc);
            last = page;
        }
    }
    starts.push(segment.max_doc());
    Ok(starts)
}

/// A tag as `tag:` filters compare it: NFKC, lowercase, trimmed.
pub fn normalize_tag(tag: &str) -> String {
    normalize(tag).trim().to_string()
}

/// Refuses to wipe a directory that is not an index; empties one that is.
fn prepare_dir(dir: &Path) -> Result<(), SearchError> {
    if dir.exists() {
        let mut entries = fs::read_dir(dir).map_err(SearchError::io(dir))?;
        let is_empty = entries.next().is_none();
        let is_index = dir.join("meta.json").exists() || dir.join(FORMAT_MARKER).exists();
        if !is_empty && !is_index {
            return Err(SearchError::NotAnIndexDir(dir.to_path_buf()));
        }
        fs::remove_dir_all(dir).map_err(SearchError::io(dir))?;
    }
    fs::create_dir_all(dir).map_err(SearchError::io(dir))
}

/// Merges all segments into one, ordered by the first input ordinal each
/// holds, so that document ids equal input order even for a huge site.
fn merge_in_input_order(index: &Index, writer: &mut IndexWriter) -> Result<(), SearchError> {
    let reader = index.reader()?;
    let searcher = reader.searcher();
    if searcher.segment_readers().len() <= 1 {
        return Ok(());
    }
    let mut segments = Vec::new();
    for segment in searcher.segment_readers() {
        let first = segment.fast_fields().u64("ord")?.first(0).unwrap_or(0);
        segments.push((first, segment.segment_id()));
    }
    segments.sort_by_key(|&(first, _)| first);
    let ids: Vec<_> = segments.into_iter().map(|(_, id)| id).collect();
    writer.merge(&ids).wait()?;
    Ok(())
}
