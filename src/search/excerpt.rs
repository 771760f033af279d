//! Excerpts: a window of a section's text around the matched terms, as
//! pieces marked matched or not, so the CLI can colour them and JSON or the
//! browser can carry them without any HTML.

use serde::Serialize;

use super::query::Word;
use super::tokenizer::{cjk_unigrams, tokenize, Token};

/// Characters of body text shown in an excerpt.
pub const EXCERPT_CHARS: usize = 120;
/// Characters shown before the first match of the window.
const CONTEXT_CHARS: usize = 24;

/// A piece of an excerpt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExcerptPiece {
    /// The text of the piece.
    pub text: String,
    /// Whether the piece is a matched term.
    #[serde(rename = "match")]
    pub is_match: bool,
}

/// Byte spans of `body` that the words match, each with the number of the
/// (leaf) word it matches, sorted.
fn match_spans(body: &str, words: &[Word]) -> Vec<(usize, usize, usize)> {
    let tokens = tokenize(body);
    let mut unigrams: Option<Vec<Token>> = None;
    let mut spans = Vec::new();
    let mut stack: Vec<&Word> = words.iter().rev().collect();
    let mut leaf = 0;
    while let Some(word) = stack.pop() {
        let mut push = |start, end| spans.push((start, end, leaf));
        match word {
            Word::Term(text) => tokens
                .iter()
                .filter(|t| &t.text == text)
                .for_each(|t| push(t.start, t.end)),
            Word::Prefix(prefix) => tokens
                .iter()
                .filter(|t| t.text.starts_with(prefix.as_str()))
                .for_each(|t| push(t.start, t.end)),
            Word::Char(c) => unigrams
                .get_or_insert_with(|| cjk_unigrams(body))
                .iter()
                .filter(|t| &t.text == c)
                .for_each(|t| push(t.start, t.end)),
            Word::Phrase { tokens: phrase, .. } => {
                for window in tokens.windows(phrase.len()) {
                    if window.iter().zip(phrase).all(|(t, p)| &t.text == p) {
                        push(window[0].start, window[window.len() - 1].end);
                    }
                }
            }
            Word::Any(words) => {
                stack.extend(words.iter().rev());
                continue;
            }
        }
        leaf += 1;
    }
    spans.sort_unstable();
    spans
}

/// Overlapping or touching spans joined.
fn merge(spans: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
    for &(start, end) in spans {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    merged
}

/// The excerpt of `body` for a query's words: the window holding the most
/// different matched words (then the most matches), earliest first.
pub fn excerpt(body: &str, words: &[Word]) -> Vec<ExcerptPiece> {
    // Work in characters so the window length means what a reader sees.
    let bytes: Vec<usize> = body.char_indices().map(|(i, _)| i).collect();
    let char_at = |byte: usize| bytes.partition_point(|&b| b < byte);
    let spans: Vec<(usize, usize, usize)> = match_spans(body, words)
        .into_iter()
        .map(|(s, e, w)| (char_at(s), char_at(e), w))
        .collect();
    let total = bytes.len();
    let mut best = (0, (0usize, 0usize));
    for (i, &(start, _, _)) in spans.iter().enumerate() {
        let from = start.saturating_sub(CONTEXT_CHARS);
        let inside: Vec<usize> = spans[i..]
            .iter()
            .filter(|&&(_, end, _)| end <= from + EXCERPT_CHARS)
            .map(|&(_, _, w)| w)
            .collect();
        let mut distinct = inside.clone();
        distinct.sort_unstable();
        distinct.dedup();
        let score = (distinct.len(), inside.len());
        if score > best.1 {
            best = (from, score);
        }
    }
    let spans = merge(&spans.iter().map(|&(s, e, _)| (s, e)).collect::<Vec<_>>());
    let from = best.0;
    let to = (from + EXCERPT_CHARS).min(total);
    let slice = |a: usize, b: usize| -> &str {
        let a = bytes.get(a).copied().unwrap_or(body.len());
        let b = bytes.get(b).copied().unwrap_or(body.len());
        &body[a..b]
    };
    let mut pieces = Vec::new();
    let mut push = |text: &str, is_match: bool| {
        let text = collapse_space(text);
        if !text.is_empty() {
            pieces.push(ExcerptPiece { text, is_match });
        }
    };
    if from > 0 {
        push("…", false);
    }
    let mut at = from;
    for &(start, end) in &spans {
        let (start, end) = (start.max(from), end.min(to));
        if start >= end {
            continue;
        }
        push(slice(at, start), false);
        push(slice(start, end), true);
        at = end;
    }
    push(slice(at, to), false);
    if to < total {
        push("…", false);
    }
    merge_neighbours(pieces)
}

/// Runs of whitespace (newlines of the plain text included) as one space.
fn collapse_space(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            if !space {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
    }
    out
}

fn merge_neighbours(pieces: Vec<ExcerptPiece>) -> Vec<ExcerptPiece> {
    let mut out: Vec<ExcerptPiece> = Vec::with_capacity(pieces.len());
    for piece in pieces {
        match out.last_mut() {
            Some(last) if last.is_match == piece.is_match => last.text.push_str(&piece.text),
            _ => out.push(piece),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::query::parse;

    fn render(pieces: &[ExcerptPiece]) -> String {
        pieces
            .iter()
            .map(|p| {
                if p.is_match {
                    format!("[{}]", p.text)
                } else {
                    p.text.clone()
                }
            })
            .collect()
    }

    #[test]
    fn marks_a_japanese_phrase_as_one_span() {
        let words = parse("クラスター ").words;
        let pieces = excerpt("プライベートクラスターでは制限がある", &words);
        assert_eq!(render(&pieces), "プライベート[クラスター]では制限がある");
    }

    #[test]
    fn marks_a_single_kanji() {
        let words = parse("鍵").words;
        let pieces = excerpt("合鍵と鍵穴", &words);
        assert_eq!(render(&pieces), "合[鍵]と[鍵]穴");
    }

    #[test]
    fn window_prefers_more_different_words() {
        let body = format!("cni cni cni {} cni アップグレード", "あ".repeat(200));
        let text = render(&excerpt(&body, &parse("CNI アップグレード").words));
        assert!(text.contains("[アップグレード]"), "{text}");
    }

    #[test]
    fn long_text_is_cut_around_the_match() {
        let body = format!("{}fargate{}", "あ".repeat(300), "い".repeat(300));
        let pieces = excerpt(&body, &parse("fargate ").words);
        let text = render(&pieces);
        assert!(text.starts_with('…') && text.ends_with('…'), "{text}");
        assert!(text.contains("[fargate]"));
    }
}
