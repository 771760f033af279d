//! Page-level search: what a reader sees. A page (a note, a section page,
//! the home page) matches when it holds every word of the query, each in
//! any of its heading sections — a phrase still within one section — and
//! its best sections are its sub-results, linking to their headings.
//!
//! A page's score is the sum, word by word in query order, of the word's
//! best score in any of its sections (each word's score in a section is
//! exactly tantivy's BM25 for that word's query). The browser runtime
//! computes the same sums from the same per-section scores, in the same f32
//! order, so both rank pages alike.

use serde::Serialize;
use tantivy::query::{EnableScoring, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocSet, Searcher, SegmentReader, Term, TERMINATED};

use super::error::SearchError;
use super::index::SearchIndex;
use super::query::{parse, MatchMode, Plan, QueryBuilder};
use super::results::{merged_tags, Hit, QueryOptions};

/// Sections shown under each page.
pub const SUB_RESULTS: usize = 3;

/// One ranked page with its best sections.
#[derive(Debug, Clone, Serialize)]
pub struct NoteHit {
    /// The page's ordinal among the indexed pages (its documents are
    /// consecutive).
    pub page: u32,
    /// The page's unique key, its output path.
    pub note_id: String,
    /// The page title.
    pub title: String,
    /// The page's tags.
    pub tags: Vec<String>,
    /// The page's score: each word's best section score, summed.
    pub score: f32,
    /// The sections holding the most of the query, best first (at most
    /// [`SUB_RESULTS`]); the first is where the page's link goes.
    pub sections: Vec<Hit>,
}

/// The answer to a query, by page.
#[derive(Debug, Clone, Serialize)]
pub struct NoteResults {
    /// Pages, best first (the first `limit`).
    pub notes: Vec<NoteHit>,
    /// Number of matching pages.
    pub total: usize,
    /// Which step of the cascade produced the pages.
    pub mode: MatchMode,
    /// Every word matched only once Japanese runs were loosened to their
    /// character pairs, which may lie apart: say so.
    pub loosened: bool,
    /// No page has every word: these pages have some of them.
    pub or_fallback: bool,
    /// Nothing matched the query as typed: these are the results of this
    /// corrected query ("もしかして").
    pub suggestion: Option<String>,
    /// The tag filters applied, normalised.
    pub tags: Vec<String>,
}

/// Scores of one word per document (NaN where it does not match).
type WordScores = Vec<f32>;

/// What every plan of one search shares.
struct Run<'a> {
    searcher: &'a Searcher,
    builder: &'a QueryBuilder<'a>,
    segment: &'a SegmentReader,
    allowed: Option<&'a [bool]>,
    limit: usize,
}

impl SearchIndex {
    /// Runs `query` page by page: strict AND, AND with loosened phrases,
    /// then OR; `opts.limit` counts pages.
    pub fn search_notes(
        &self,
        query: &str,
        opts: &QueryOptions,
    ) -> Result<NoteResults, SearchError> {
        let parsed = parse(query);
        let tags = merged_tags(&parsed, opts);
        let searcher = self.reader.searcher();
        let mut results = NoteResults {
            notes: Vec::new(),
            total: 0,
            mode: MatchMode::All,
            loosened: false,
            or_fallback: false,
            suggestion: None,
            tags: tags.clone(),
        };
        let Some(segment) = searcher.segment_readers().first() else {
            return Ok(results);
        };
        let allowed = self.tag_filter(&searcher, segment, &tags)?;
        let limit = opts.limit.max(1);
        if parsed.words.is_empty() {
            if let Some(allowed) = &allowed {
                self.tagged_pages(&searcher, allowed, limit, &mut results)?;
            }
            return Ok(results);
        }
        let builder = QueryBuilder {
            schema: &self.schema,
            chars: &self.chars,
            searcher: &searcher,
        };
        let run = Run {
            searcher: &searcher,
            builder: &builder,
            segment,
            allowed: allowed.as_deref(),
            limit,
        };
        let (every, any): (Vec<Plan>, Vec<Plan>) = parsed
            .plans()
            .into_iter()
            .partition(|p| p.mode != MatchMode::Any);
        if self.run_plans(&run, every, &mut results)? {
            return Ok(results);
        }
        // No page has every word: a mistyped Latin word is corrected and
        // the query searched again, before pages with only some words.
        if let Some(correction) = builder.correct(query, &parsed)? {
            if self.run_plans(&run, correction.parsed.plans(), &mut results)? {
                results.suggestion = Some(correction.text);
                return Ok(results);
            }
        }
        self.run_plans(&run, any, &mut results)?;
        Ok(results)
    }

    /// Runs `plans` in turn into `results`; whether one matched.
    fn run_plans(
        &self,
        run: &Run,
        plans: Vec<Plan>,
        results: &mut NoteResults,
    ) -> Result<bool, SearchError> {
        for plan in plans {
            results.mode = plan.mode;
            let words = plan
                .words
                .iter()
                .map(|word| {
                    word_scores(
                        run.searcher,
                        run.segment,
                        run.builder.clause(word)?.as_ref(),
                    )
                })
                .collect::<Result<Vec<_>, _>>()?;
            let mut ranked = Vec::new();
            for page in 0..self.page_starts.len().saturating_sub(1) {
                let docs = self.page_docs(page as u32, run.allowed);
                if let Some(score) = page_score(&words, &docs, plan.mode) {
                    ranked.push((score, page as u32));
                }
            }
            if ranked.is_empty() {
                continue;
            }
            // Best first; equal scores in page order (tantivy's doc order).
            ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            results.total = ranked.len();
            ranked.truncate(run.limit);
            for (score, page) in ranked {
                let docs = self.page_docs(page, run.allowed);
                let hit = self.note_hit(run.searcher, &plan, &words, page, &docs, score)?;
                results.notes.push(hit);
            }
            results.loosened = plan.mode == MatchMode::AllLoose;
            results.or_fallback = plan.mode == MatchMode::Any;
            return Ok(true);
        }
        Ok(false)
    }

    /// The documents of page `page` that the tag filter lets through.
    fn page_docs(&self, page: u32, allowed: Option<&[bool]>) -> Vec<u32> {
        let (start, end) = (
            self.page_starts[page as usize],
            self.page_starts[page as usize + 1],
        );
        (start..end)
            .filter(|&d| allowed.is_none_or(|a| a[d as usize]))
            .collect()
    }

    /// Which documents carry every tag (`None`: no filter).
    fn tag_filter(
        &self,
        searcher: &Searcher,
        segment: &SegmentReader,
        tags: &[String],
    ) -> Result<Option<Vec<bool>>, SearchError> {
        if tags.is_empty() {
            return Ok(None);
        }
        let max_doc = segment.max_doc() as usize;
        let mut allowed = vec![true; max_doc];
        for tag in tags {
            let term = Term::from_field_text(self.schema.tag, tag);
            let query = TermQuery::new(term, IndexRecordOption::Basic);
            let mut has = vec![false; max_doc];
            let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
            let mut docs = weight.scorer(segment, 1.0)?;
            while docs.doc() != TERMINATED {
                has[docs.doc() as usize] = true;
                docs.advance();
            }
            allowed.iter_mut().zip(has).for_each(|(a, h)| *a &= h);
        }
        Ok(Some(allowed))
    }

    /// A query of tags only: every tagged page in page order, unscored.
    fn tagged_pages(
        &self,
        searcher: &Searcher,
        allowed: &[bool],
        limit: usize,
        results: &mut NoteResults,
    ) -> Result<(), SearchError> {
        let plan = Plan {
            mode: MatchMode::All,
            words: Vec::new(),
        };
        for page in 0..self.page_starts.len().saturating_sub(1) {
            let docs = self.page_docs(page as u32, Some(allowed));
            if docs.is_empty() {
                continue;
            }
            results.total += 1;
            if results.notes.len() < limit {
                let hit = self.note_hit(searcher, &plan, &[], page as u32, &docs, 0.0)?;
                results.notes.push(hit);
            }
        }
        Ok(())
    }

    fn note_hit(
        &self,
        searcher: &Searcher,
        plan: &Plan,
        words: &[WordScores],
        page: u32,
        docs: &[u32],
        score: f32,
    ) -> Result<NoteHit, SearchError> {
        let mut sections = Vec::with_capacity(SUB_RESULTS);
        for (doc, section_score) in best_sections(words, docs) {
            let address = DocAddress::new(0, doc);
            sections.push(self.hit(searcher, address, section_score, plan)?);
        }
        let first = sections.first();
        Ok(NoteHit {
            page,
            note_id: first.map(|s| s.note_id.clone()).unwrap_or_default(),
            title: first.map(|s| s.title.clone()).unwrap_or_default(),
            tags: first.map(|s| s.tags.clone()).unwrap_or_default(),
            score,
            sections,
        })
    }
}

/// Every document's score for one word's query (NaN where it does not match).
fn word_scores(
    searcher: &Searcher,
    segment: &SegmentReader,
    query: &dyn Query,
) -> Result<WordScores, SearchError> {
    let mut scores = vec![f32::NAN; segment.max_doc() as usize];
    let weight = query.weight(EnableScoring::enabled_from_searcher(searcher))?;
    let mut scorer = weight.scorer(segment, 1.0)?;
    while scorer.doc() != TERMINATED {
        scores[scorer.doc() as usize] = scorer.score();
        scorer.advance();
    }
    Ok(scores)
}

/// A page's score: each word's best score among `docs`, summed in word
/// order; `None` when the page does not match in `mode`.
fn page_score(words: &[WordScores], docs: &[u32], mode: MatchMode) -> Option<f32> {
    let mut sum: Option<f32> = None;
    for scores in words {
        let best = docs
            .iter()
            .map(|&d| scores[d as usize])
            .filter(|s| !s.is_nan())
            .reduce(f32::max);
        match best {
            Some(best) => sum = Some(sum.map_or(best, |s| s + best)),
            None if mode != MatchMode::Any => return None,
            None => {}
        }
    }
    sum
}

/// The page's sections that hold a word, by their score (the sum of the
/// words they hold, in word order), best first, at most [`SUB_RESULTS`].
/// Without words (a tag filter alone), the first sections.
fn best_sections(words: &[WordScores], docs: &[u32]) -> Vec<(u32, f32)> {
    let mut scored: Vec<(u32, f32)> = docs
        .iter()
        .filter_map(|&d| {
            let present = words.iter().map(|s| s[d as usize]).filter(|s| !s.is_nan());
            let sum = present.reduce(|a, b| a + b);
            match sum {
                Some(sum) => Some((d, sum)),
                None if words.is_empty() => Some((d, 0.0)),
                None => None,
            }
        })
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    scored.truncate(SUB_RESULTS);
    scored
}
