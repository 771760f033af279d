//! Typo suggestions ("もしかして: fargate"): when a query finds nothing
//! and one of its Latin words is in no section, the indexed term closest
//! to it is suggested and searched instead.
//!
//! The rule, shared with the browser runtime (`typoCandidates` in
//! `shiori-search.js`): a word of at least [`TYPO_MIN_CHARS`] ASCII letters
//! and digits that no text field holds (a prefix being typed: that no term
//! starts with); candidates are the terms of the four text fields sharing
//! its first [`TYPO_KEEP_CHARS`] characters — so the browser reads only the
//! term shards of that prefix — within edit distance 1 (words of up to 5
//! characters) or 2; the closest wins, then the one in most sections, then
//! the first in term order.

use std::collections::BTreeMap;

use super::error::SearchError;
use super::query::{is_query_space, ParsedQuery, QueryBuilder, Word};
use super::tokenizer::{normalize, tokenize};

/// Shorter words are too often a real word of their own to be corrected.
pub const TYPO_MIN_CHARS: usize = 4;
/// Characters a suggestion shares with the word typed.
pub const TYPO_KEEP_CHARS: usize = 3;

/// The largest edit distance accepted for a word of `len` characters.
fn max_distance(len: usize) -> usize {
    if len <= 5 {
        1
    } else {
        2
    }
}

/// Levenshtein distance between two ASCII words.
fn distance(a: &[u8], b: &[u8]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, &x) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &y) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(x != y))
                .min(row[j] + 1)
                .min(above + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

/// The best candidate for `word` among `(term, documents holding it)`.
pub(crate) fn closest<'t>(
    word: &str,
    candidates: impl IntoIterator<Item = (&'t str, u64)>,
) -> Option<&'t str> {
    let limit = max_distance(word.len());
    let mut best: Option<(usize, u64, &str)> = None;
    for (term, docs) in candidates {
        if term.len().abs_diff(word.len()) > limit
            || !term.bytes().all(|b| b.is_ascii_alphanumeric())
        {
            continue;
        }
        let d = distance(word.as_bytes(), term.as_bytes());
        if d == 0 || d > limit {
            continue;
        }
        // Closest, then most documents, then first in term order.
        let better = best.is_none_or(|(bd, bdocs, bterm)| {
            (d, std::cmp::Reverse(docs), term) < (bd, std::cmp::Reverse(bdocs), bterm)
        });
        if better {
            best = Some((d, docs, term));
        }
    }
    best.map(|(_, _, term)| term)
}

/// Whether a word may be corrected, and its text.
fn correctable(word: &Word) -> Option<&str> {
    let text = match word {
        Word::Term(text) | Word::Prefix(text) => text,
        _ => return None,
    };
    let latin = text.len() >= TYPO_MIN_CHARS && text.bytes().all(|b| b.is_ascii_alphanumeric());
    latin.then_some(text.as_str())
}

/// A query with its unknown Latin words corrected.
pub(crate) struct Correction {
    /// The words, corrected ones as exact terms.
    pub(crate) parsed: ParsedQuery,
    /// The query as the reader would have typed it, for "もしかして".
    pub(crate) text: String,
}

impl QueryBuilder<'_> {
    /// Every term of the four text fields starting with `prefix`, with the
    /// number of documents holding it (summed over the fields).
    fn terms_with_prefix(&self, prefix: &str) -> Result<BTreeMap<String, u64>, SearchError> {
        let mut terms = BTreeMap::new();
        let Some(segment) = self.searcher.segment_readers().first() else {
            return Ok(terms);
        };
        for field in self.schema.text {
            let inverted = segment.inverted_index(field)?;
            let mut stream = inverted
                .terms()
                .range()
                .ge(prefix.as_bytes())
                .into_stream()
                .map_err(|e| SearchError::Index(e.into()))?;
            while stream.advance() {
                if !stream.key().starts_with(prefix.as_bytes()) {
                    break;
                }
                let key = String::from_utf8_lossy(stream.key()).into_owned();
                *terms.entry(key).or_insert(0) += u64::from(stream.value().doc_freq);
            }
        }
        Ok(terms)
    }

    /// The query with each word that matches nothing replaced by its
    /// closest indexed term; `None` when no word could be corrected.
    pub(crate) fn correct(
        &self,
        query: &str,
        parsed: &ParsedQuery,
    ) -> Result<Option<Correction>, SearchError> {
        let mut corrected = parsed.clone();
        let mut replaced: Vec<(String, String)> = Vec::new();
        for word in &mut corrected.words {
            let Some(text) = correctable(word) else {
                continue;
            };
            let known = self.terms_with_prefix(text)?;
            let matches = match word {
                Word::Prefix(_) => !known.is_empty(),
                _ => known.contains_key(text),
            };
            if matches {
                continue;
            }
            let candidates = self.terms_with_prefix(&text[..TYPO_KEEP_CHARS])?;
            let Some(best) = closest(text, candidates.iter().map(|(t, &d)| (t.as_str(), d))) else {
                continue;
            };
            replaced.push((text.to_string(), best.to_string()));
            *word = Word::Term(best.to_string());
        }
        if replaced.is_empty() {
            return Ok(None);
        }
        Ok(Some(Correction {
            parsed: corrected,
            text: corrected_text(query, &replaced),
        }))
    }
}

/// The normalised query, each whitespace-separated part that is exactly one
/// replaced word rewritten, joined by single spaces.
fn corrected_text(query: &str, replaced: &[(String, String)]) -> String {
    normalize(query)
        .split(is_query_space)
        .filter(|part| !part.is_empty())
        .map(|part| {
            let tokens = tokenize(part);
            match (
                tokens.as_slice(),
                replaced
                    .iter()
                    .find(|(w, _)| tokens.first().is_some_and(|t| &t.text == w)),
            ) {
                ([_], Some((wrong, right))) => part.replacen(wrong.as_str(), right, 1),
                _ => part.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_insertions_deletions_and_substitutions() {
        assert_eq!(distance(b"fargte", b"fargate"), 1);
        assert_eq!(distance(b"kubernets", b"kubernetes"), 1);
        assert_eq!(distance(b"ingres", b"ingress"), 1);
        assert_eq!(distance(b"abcd", b"abdc"), 2);
    }

    #[test]
    fn the_closest_then_the_most_common_term_wins() {
        let candidates = [("fargate", 30), ("fargates", 2), ("farget", 1)];
        assert_eq!(closest("fargte", candidates), Some("fargate"));
        let tie = [("nodes", 3), ("nodeb", 9)];
        assert_eq!(closest("nodex", tie), Some("nodeb"));
        assert_eq!(closest("cluster", [("clusterxyz", 50)]), None);
    }

    #[test]
    fn the_typed_text_keeps_the_other_words() {
        let replaced = [("fargte".to_string(), "fargate".to_string())];
        assert_eq!(corrected_text("EKS  Fargte", &replaced), "eks fargate");
    }
}
