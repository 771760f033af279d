//! Full-text search: a tantivy index of heading sections, queried by
//! `shiori search`, and compiled into a browser bundle (`public/search/`)
//! whose JavaScript runtime ranks exactly as tantivy does.
//!
//! - [`tokenizer`]: the shared tokenizer (NFKC, lowercase, words, CJK bigrams).
//! - `documents`: every page with text as search documents.
//! - [`schema`]: one tantivy document per section, fields and boosts.
//! - [`index`]: building and opening the index.
//! - [`chars`]: the one-character index kept beside it.
//! - [`query`]: the query language and its translation to tantivy queries.
//! - `notes`: page-level matching, what readers see: a page holding every
//!   word, with its best sections as sub-results.
//! - [`results`]: running a query section by section, with its fallbacks,
//!   hits and excerpts.
//! - `typo`: suggestions for mistyped Latin words ("もしかして").
//! - [`bundle`]: compiling the index into the browser bundle.
//! - [`site`]: the search stage of a site build (`.shiori/index`, `public/search/`).

mod bundle;
mod chars;
mod documents;
mod error;
mod excerpt;
mod index;
mod notes;
pub mod query;
mod results;
pub mod schema;
pub mod site;
pub mod tokenizer;
mod typo;

pub use bundle::BundleInfo;
pub use error::SearchError;
pub use excerpt::ExcerptPiece;
pub use index::{build_index, open_index, SearchIndex};
pub use notes::{NoteHit, NoteResults, SUB_RESULTS};
pub use results::{Hit, QueryOptions, SearchResults};

/// One heading section of a page (a note, a section page, the home page):
/// the unit of search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionDoc {
    /// The page's unique key, its output path: `networking/snat.html`.
    pub note_id: String,
    /// Site-relative URL including the anchor: `networking/snat.html#対策`
    /// (no anchor for the note's lead section).
    pub url: String,
    /// The note title.
    pub title: String,
    /// Headings from the note's top down to this section (empty for the lead section).
    pub heading_path: Vec<String>,
    /// The note's tags.
    pub tags: Vec<String>,
    /// Plain text of the section.
    pub body: String,
}
