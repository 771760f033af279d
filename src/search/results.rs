//! Running a query: the fallback cascade, ranked hits and their excerpts.

use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::{DocAddress, TantivyDocument};

use super::error::SearchError;
use super::excerpt::{excerpt, ExcerptPiece};
use super::index::{normalize_tag, SearchIndex};
use super::query::{parse, MatchMode, ParsedQuery, Plan, QueryBuilder};

/// Options of a search besides the query text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryOptions {
    /// Keep only sections carrying all of these tags.
    pub tags: Vec<String>,
    /// At most this many hits (at least 1).
    pub limit: usize,
}

impl Default for QueryOptions {
    fn default() -> Self {
        QueryOptions {
            tags: Vec::new(),
            limit: 10,
        }
    }
}

/// One ranked section.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// Document id: the section's position in the indexed list.
    pub doc: u32,
    /// The page's unique key, its output path (`network/snat.html`).
    pub note_id: String,
    /// Site-relative URL with the heading anchor.
    pub url: String,
    /// The page title.
    pub title: String,
    /// Headings from the page's top down to the section.
    pub heading_path: Vec<String>,
    /// The note's tags.
    pub tags: Vec<String>,
    /// BM25 score as tantivy computes it.
    pub score: f32,
    /// Section text around the matches.
    pub excerpt: Vec<ExcerptPiece>,
}

/// The answer to a query.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// Hits, best first.
    pub hits: Vec<Hit>,
    /// Number of matching sections (hits are the first `limit`).
    pub total: usize,
    /// Which step of the cascade produced the hits.
    pub mode: MatchMode,
    /// AND found nothing: these are the results of OR.
    pub or_fallback: bool,
    /// The tag filters applied (from `tag:` and the options), normalised.
    pub tags: Vec<String>,
}

/// The query's `tag:` filters and the options' tags, normalised, each once.
pub(crate) fn merged_tags(parsed: &ParsedQuery, opts: &QueryOptions) -> Vec<String> {
    let mut tags = parsed.tags.clone();
    for tag in opts.tags.iter().map(|t| normalize_tag(t)) {
        if !tag.is_empty() && !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    tags
}

impl SearchIndex {
    /// Runs `query` section by section: strict AND, then AND with loosened phrases, then OR.
    pub fn search(&self, query: &str, opts: &QueryOptions) -> Result<SearchResults, SearchError> {
        let parsed = parse(query);
        let tags = merged_tags(&parsed, opts);
        let searcher = self.reader.searcher();
        let builder = QueryBuilder {
            schema: &self.schema,
            chars: &self.chars,
            searcher: &searcher,
        };
        let mut plans = parsed.plans();
        if parsed.words.is_empty() && tags.is_empty() {
            plans.clear();
        }
        let limit = opts.limit.max(1);
        let mut last_mode = MatchMode::All;
        for plan in &plans {
            last_mode = plan.mode;
            let query = builder.build(plan, &tags)?;
            let (top, total) = searcher.search(&query, &(TopDocs::with_limit(limit), Count))?;
            if total == 0 {
                continue;
            }
            let hits = top
                .into_iter()
                .map(|(score, address)| self.hit(&searcher, address, score, plan))
                .collect::<Result<_, _>>()?;
            return Ok(SearchResults {
                hits,
                total,
                mode: plan.mode,
                or_fallback: plan.mode == MatchMode::Any,
                tags,
            });
        }
        Ok(SearchResults {
            hits: Vec::new(),
            total: 0,
            mode: last_mode,
            or_fallback: false,
            tags,
        })
    }

    /// A section as a hit, its excerpt centred on the plan's words.
    pub(crate) fn hit(
        &self,
        searcher: &tantivy::Searcher,
        address: DocAddress,
        score: f32,
        plan: &Plan,
    ) -> Result<Hit, SearchError> {
        let doc: TantivyDocument = searcher.doc(address)?;
        let section = self.schema.read_section(&doc);
        Ok(Hit {
            doc: address.doc_id,
            excerpt: excerpt(&section.body, &plan.words),
            note_id: section.note_id,
            url: section.url,
            title: section.title,
            heading_path: section.heading_path,
            tags: section.tags,
            score,
        })
    }
}
