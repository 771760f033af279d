//! The tantivy schema: one document per heading section.
//!
//! Four text fields are searched as words + CJK bigrams, with positions for
//! phrases. Their CJK unigrams, for one-character queries, are counted
//! beside the index (see `chars`). A raw `tag` field serves `tag:` filters.

use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, STORED,
    STRING,
};
use tantivy::Index;

use super::tokenizer::{ShioriTokenizer, TOKENIZER};

/// The searched fields in ranking order, with their BM25 boosts:
/// title > tags > headings > body.
pub const SEARCHED_FIELDS: [(&str, f32); 4] = [
    ("title", 3.0),
    ("tags", 2.0),
    ("headings", 1.5),
    ("body", 1.0),
];

/// Bumped whenever the schema or the tokenizer changes: an index with another
/// format is rebuilt rather than read.
pub const INDEX_FORMAT: &str = "shiori-search-4";

/// Field handles of the search schema.
#[derive(Debug, Clone)]
pub struct SearchSchema {
    pub(crate) schema: Schema,
    pub(crate) note_id: Field,
    pub(crate) url: Field,
    pub(crate) ord: Field,
    /// The ordinal of the document's page (note or section page): a page's
    /// documents are consecutive, so this numbers them 0, 1, 2...
    pub(crate) page: Field,
    /// title, tags, headings, body: words and bigrams, with positions.
    pub(crate) text: [Field; 4],
    /// Normalised tag names, untokenized, for `tag:` filters.
    pub(crate) tag: Field,
}

impl SearchSchema {
    /// Builds the schema.
    pub fn new() -> SearchSchema {
        let mut builder = Schema::builder();
        let note_id = builder.add_text_field("note_id", STRING | STORED);
        let url = builder.add_text_field("url", STORED);
        let ord = builder.add_u64_field("ord", NumericOptions::default().set_fast());
        let page = builder.add_u64_field("page", NumericOptions::default().set_fast());
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions);
        let options = TextOptions::default()
            .set_indexing_options(indexing)
            .set_stored();
        let text = SEARCHED_FIELDS.map(|(name, _)| builder.add_text_field(name, options.clone()));
        let tag = builder.add_text_field("tag", STRING);
        SearchSchema {
            schema: builder.build(),
            note_id,
            url,
            ord,
            page,
            text,
            tag,
        }
    }

    /// Reads the field handles back from an opened index.
    pub fn from_index(index: &Index) -> tantivy::Result<SearchSchema> {
        let schema = index.schema();
        let field = |name: &str| schema.get_field(name);
        let text = [
            field("title")?,
            field("tags")?,
            field("headings")?,
            field("body")?,
        ];
        Ok(SearchSchema {
            note_id: field("note_id")?,
            url: field("url")?,
            ord: field("ord")?,
            page: field("page")?,
            text,
            tag: field("tag")?,
            schema,
        })
    }
}

impl Default for SearchSchema {
    fn default() -> Self {
        SearchSchema::new()
    }
}

/// Registers the shiori tokenizers on an index.
pub fn register_tokenizers(index: &Index) {
    index
        .tokenizers()
        .register(TOKENIZER, ShioriTokenizer::default());
}
