//! The query language, shared by `shiori search` and the browser runtime
//! (which implements the same rules in `shiori-search.js`):
//!
//! - whitespace separates words; all words must match (AND);
//! - a word that tokenizes into several tokens (a Japanese run becomes its
//!   bigrams, `route53:AssociateVPC` two words) is a phrase; when the query
//!   finds nothing, such phrases are loosened to the OR of their tokens;
//! - `"quoted text"` is a phrase that is never loosened;
//! - `tag:name` keeps only sections carrying that tag;
//! - the last word, while being typed, also matches as a prefix;
//! - a single CJK character (鍵) matches every section containing it;
//! - when AND finds nothing, the OR of the words is shown, and said so.

use std::collections::BTreeSet;

use serde::Serialize;
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Searcher, Term};

use super::chars::{CharIndex, CharQuery};
use super::error::SearchError;
use super::index::normalize_tag;
use super::schema::{SearchSchema, SEARCHED_FIELDS};
use super::tokenizer::{is_cjk, normalize, tokenize};

/// A prefix shorter than this (in characters) matches only itself.
pub const PREFIX_MIN_CHARS: usize = 2;
/// A prefix expands to at most this many terms, the first in term order.
pub const PREFIX_MAX_TERMS: usize = 16;

/// One word of a query, after tokenization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Word {
    /// One token, matched exactly.
    Term(String),
    /// The last word being typed: every term starting with it.
    Prefix(String),
    /// One CJK character: matched in the one-character index.
    Char(String),
    /// Consecutive tokens.
    Phrase {
        /// The tokens, in order.
        tokens: Vec<String>,
        /// A `"quoted"` phrase is never loosened.
        quoted: bool,
    },
    /// Any of these (a loosened phrase).
    Any(Vec<Word>),
}

/// A parsed query: words and tag filters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedQuery {
    /// The words, in query order.
    pub words: Vec<Word>,
    /// Normalised tag names from `tag:` items.
    pub tags: Vec<String>,
}

/// How the words of a plan are combined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchMode {
    /// Every word, phrases as phrases.
    All,
    /// Every word, unquoted phrases loosened to any of their tokens.
    AllLoose,
    /// Any word (AND found nothing).
    Any,
}

/// One attempt of the fallback cascade.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// How the words combine.
    pub mode: MatchMode,
    /// The words (loosened for [`MatchMode::AllLoose`] and [`MatchMode::Any`]).
    pub words: Vec<Word>,
}

/// The whitespace that separates words (the same list as the JS runtime).
pub fn is_query_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{85}' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202f}'
                | '\u{205f}'
                | '\u{3000}'
                | '\u{feff}'
    )
}

struct Item {
    text: String,
    quoted: bool,
}

fn split_items(query: &str) -> Vec<Item> {
    let mut items = Vec::new();
    let mut chars = query.chars().peekable();
    while let Some(&c) = chars.peek() {
        if is_query_space(c) {
            chars.next();
        } else if c == '"' {
            chars.next();
            let text: String = chars.by_ref().take_while(|&c| c != '"').collect();
            items.push(Item { text, quoted: true });
        } else {
            let mut text = String::new();
            while let Some(&c) = chars.peek() {
                if is_query_space(c) || c == '"' {
                    break;
                }
                text.push(c);
                chars.next();
            }
            items.push(Item {
                text,
                quoted: false,
            });
        }
    }
    items
}

fn single_token_word(token: String, prefix: bool) -> Word {
    let mut chars = token.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if is_cjk(c) => Word::Char(token),
        _ if prefix => Word::Prefix(token),
        _ => Word::Term(token),
    }
}

/// Parses a query string.
pub fn parse(query: &str) -> ParsedQuery {
    let query = normalize(query);
    let ends_open = query
        .chars()
        .last()
        .is_some_and(|c| !is_query_space(c) && c != '"');
    let items = split_items(&query);
    let mut parsed = ParsedQuery::default();
    let last = items.len().saturating_sub(1);
    for (i, item) in items.into_iter().enumerate() {
        if !item.quoted {
            if let Some(tag) = item.text.strip_prefix("tag:") {
                let tag = normalize_tag(tag);
                if !tag.is_empty() && !parsed.tags.contains(&tag) {
                    parsed.tags.push(tag);
                }
                continue;
            }
        }
        let mut tokens: Vec<String> = tokenize(&item.text).into_iter().map(|t| t.text).collect();
        let word = match tokens.len() {
            0 => continue,
            1 => {
                let token = tokens.pop().unwrap_or_default();
                let prefix = !item.quoted
                    && i == last
                    && ends_open
                    && token.chars().count() >= PREFIX_MIN_CHARS
                    && !token.chars().any(is_cjk);
                single_token_word(token, prefix)
            }
            _ => Word::Phrase {
                tokens,
                quoted: item.quoted,
            },
        };
        parsed.words.push(word);
    }
    parsed
}

impl Word {
    /// The word with an unquoted phrase replaced by any of its tokens.
    pub fn loosened(&self) -> Word {
        match self {
            Word::Phrase {
                tokens,
                quoted: false,
            } => {
                let mut seen = BTreeSet::new();
                let words = tokens
                    .iter()
                    .filter(|t| seen.insert(t.as_str()))
                    .map(|t| single_token_word(t.clone(), false))
                    .collect();
                Word::Any(words)
            }
            other => other.clone(),
        }
    }

    fn is_loosenable(&self) -> bool {
        matches!(self, Word::Phrase { quoted: false, .. })
    }
}

impl ParsedQuery {
    /// The fallback cascade: strict AND, AND with loosened phrases, OR.
    pub fn plans(&self) -> Vec<Plan> {
        let loose: Vec<Word> = self.words.iter().map(Word::loosened).collect();
        let mut plans = vec![Plan {
            mode: MatchMode::All,
            words: self.words.clone(),
        }];
        if self.words.iter().any(Word::is_loosenable) {
            plans.push(Plan {
                mode: MatchMode::AllLoose,
                words: loose.clone(),
            });
        }
        if self.words.len() > 1 {
            plans.push(Plan {
                mode: MatchMode::Any,
                words: loose,
            });
        }
        plans
    }
}

/// Translates plans into tantivy queries over one searcher.
pub(crate) struct QueryBuilder<'a> {
    pub(crate) schema: &'a SearchSchema,
    pub(crate) chars: &'a CharIndex,
    pub(crate) searcher: &'a Searcher,
}

impl QueryBuilder<'_> {
    /// The terms a prefix expands to: the first [`PREFIX_MAX_TERMS`] terms,
    /// in byte order, of the union of the four text fields' dictionaries.
    pub(crate) fn expand_prefix(&self, prefix: &str) -> Result<Vec<String>, SearchError> {
        let mut terms = BTreeSet::new();
        let Some(segment) = self.searcher.segment_readers().first() else {
            return Ok(Vec::new());
        };
        for field in self.schema.text {
            let inverted = segment.inverted_index(field)?;
            let mut stream = inverted
                .terms()
                .range()
                .ge(prefix.as_bytes())
                .into_stream()
                .map_err(|e| SearchError::Index(e.into()))?;
            let mut taken = 0;
            while taken < PREFIX_MAX_TERMS && stream.advance() {
                let key = stream.key();
                if !key.starts_with(prefix.as_bytes()) {
                    break;
                }
                terms.insert(String::from_utf8_lossy(key).into_owned());
                taken += 1;
            }
        }
        Ok(terms.into_iter().take(PREFIX_MAX_TERMS).collect())
    }

    /// The tantivy query for a plan and tag filters.
    ///
    /// Sums are built as left-deep binary trees: a union or intersection of
    /// two scorers adds exactly `a + b` whatever order tantivy visits them
    /// in, so every f32 sum is the left fold the browser computes.
    pub(crate) fn build(
        &self,
        plan: &Plan,
        tags: &[String],
    ) -> Result<Box<dyn Query>, SearchError> {
        let mut clauses = Vec::new();
        for word in &plan.words {
            clauses.push(self.clause(word)?);
        }
        let occur = match plan.mode {
            MatchMode::All | MatchMode::AllLoose => Occur::Must,
            MatchMode::Any => Occur::Should,
        };
        let mut musts = Vec::new();
        if !clauses.is_empty() {
            musts.push(left_deep(clauses, occur));
        }
        for tag in tags {
            let term = Term::from_field_text(self.schema.tag, tag);
            let filter = TermQuery::new(term, IndexRecordOption::Basic);
            // A filter adds nothing to the score (and adding 0.0 is exact).
            musts.push(Box::new(ConstScoreQuery::new(Box::new(filter), 0.0)));
        }
        Ok(left_deep(musts, Occur::Must))
    }

    /// The query of one word: the sum of its parts (each term or phrase in
    /// each field, boosted), as a left-deep tree.
    pub(crate) fn clause(&self, word: &Word) -> Result<Box<dyn Query>, SearchError> {
        let mut parts = Vec::new();
        self.push_parts(word, &mut parts)?;
        Ok(left_deep(parts, Occur::Should))
    }

    fn push_parts(&self, word: &Word, parts: &mut Vec<Box<dyn Query>>) -> Result<(), SearchError> {
        let boosted = |field: Field, boost: f32, text: &str| -> Box<dyn Query> {
            let term = TermQuery::new(
                Term::from_field_text(field, text),
                IndexRecordOption::WithFreqs,
            );
            Box::new(BoostQuery::new(Box::new(term), boost))
        };
        let boosts = SEARCHED_FIELDS.map(|(_, boost)| boost);
        match word {
            Word::Term(text) => {
                for (field, boost) in self.schema.text.into_iter().zip(boosts) {
                    parts.push(boosted(field, boost, text));
                }
            }
            Word::Char(text) => {
                let c = text.chars().next().unwrap_or_default();
                let total_docs = u64::from(
                    self.searcher
                        .segment_readers()
                        .first()
                        .map_or(0, |s| s.max_doc()),
                );
                for (i, boost) in boosts.into_iter().enumerate() {
                    let query = CharQuery::new(self.chars.field(i), c, total_docs);
                    parts.push(Box::new(BoostQuery::new(Box::new(query), boost)));
                }
            }
            Word::Prefix(prefix) => {
                for text in self.expand_prefix(prefix)? {
                    for (field, boost) in self.schema.text.into_iter().zip(boosts) {
                        parts.push(boosted(field, boost, &text));
                    }
                }
            }
            Word::Phrase { tokens, .. } => {
                for (field, boost) in self.schema.text.into_iter().zip(boosts) {
                    let terms = tokens
                        .iter()
                        .map(|t| Term::from_field_text(field, t))
                        .collect();
                    let phrase = PhraseQuery::new(terms);
                    parts.push(Box::new(BoostQuery::new(Box::new(phrase), boost)));
                }
            }
            Word::Any(words) => {
                for word in words {
                    self.push_parts(word, parts)?;
                }
            }
        }
        Ok(())
    }
}

/// `((q0 op q1) op q2) op ...`; nothing matches an empty list.
fn left_deep(queries: Vec<Box<dyn Query>>, occur: Occur) -> Box<dyn Query> {
    let mut queries = queries.into_iter();
    let Some(first) = queries.next() else {
        return Box::new(EmptyQuery);
    };
    queries.fold(first, |acc, q| {
        Box::new(BooleanQuery::new(vec![(occur, acc), (occur, q)]))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(t: &str) -> Word {
        Word::Term(t.into())
    }

    #[test]
    fn japanese_run_is_a_phrase_of_bigrams() {
        let parsed = parse("制限事項 ");
        assert_eq!(
            parsed.words,
            [Word::Phrase {
                tokens: vec!["制限".into(), "限事".into(), "事項".into()],
                quoted: false
            }]
        );
    }

    #[test]
    fn last_word_is_a_prefix_while_typing() {
        assert_eq!(
            parse("eks farg").words,
            [term("eks"), Word::Prefix("farg".into())]
        );
        assert_eq!(parse("eks farg ").words, [term("eks"), term("farg")]);
        assert_eq!(parse("eks f").words, [term("eks"), term("f")]);
    }

    #[test]
    fn tags_and_quotes() {
        let parsed = parse("TAG:Network \"node group\" 鍵");
        assert_eq!(parsed.tags, ["network"]);
        assert_eq!(
            parsed.words,
            [
                Word::Phrase {
                    tokens: vec!["node".into(), "group".into()],
                    quoted: true
                },
                Word::Char("鍵".into())
            ]
        );
    }

    #[test]
    fn cascade_loosens_phrases_then_ors_words() {
        let parsed = parse("クラスタ eks");
        let modes: Vec<MatchMode> = parsed.plans().iter().map(|p| p.mode).collect();
        assert_eq!(modes, [MatchMode::All, MatchMode::AllLoose, MatchMode::Any]);
        assert_eq!(
            parsed.plans()[1].words[0],
            Word::Any(vec![term("クラ"), term("ラス"), term("スタ")])
        );
    }

    #[test]
    fn quoted_phrase_is_never_loosened() {
        let parsed = parse("\"node group\"");
        assert_eq!(parsed.plans().len(), 1);
    }
}
