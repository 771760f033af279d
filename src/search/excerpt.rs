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

/// Byte spans of `body` that the words match.
fn match_spans(body: &str, words: &[Word]) -> Vec<(usize, usize)> {
    let tokens = tokenize(body);
    let mut unigrams: Option<Vec<Token>> = None;
    let mut spans = Vec::new();
    let mut stack: Vec<&Word> = words.iter().collect();
    while let Some(word) = stack.pop() {
        match word {
            Word::Term(text) => spans.extend(
                tokens
                    .iter()
                    .filter(|t| &t.text == text)
                    .map(|t| (t.start, t.end)),
            ),
            Word::Prefix(prefix) => spans.extend(
                tokens
                    .iter()
                    .filter(|t| t.text.starts_with(prefix.as_str()))
                    .map(|t| (t.start, t.end)),
            ),
            Word::Char(c) => {
                let unigrams = unigrams.get_or_insert_with(|| cjk_unigrams(body));
                spans.extend(
                    unigrams
                        .iter()
                        .filter(|t| &t.text == c)
                        .map(|t| (t.start, t.end)),
                );
            }
            Word::Phrase { tokens: phrase, .. } => {
                for window in tokens.windows(phrase.len()) {
                    if window.iter().zip(phrase).all(|(t, p)| &t.text == p) {
                        spans.push((window[0].start, window[window.len() - 1].end));
                    }
                }
            }
            Word::Any(words) => stack.extend(words),
        }
    }
    spans.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
    for (start, end) in spans {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    merged
}

/// The excerpt of `body` for a query's words.
pub fn excerpt(body: &str, words: &[Word]) -> Vec<ExcerptPiece> {
    // Work in characters so the window length means what a reader sees.
    let bytes: Vec<usize> = body.char_indices().map(|(i, _)| i).collect();
    let char_at = |byte: usize| bytes.partition_point(|&b| b < byte);
    let spans: Vec<(usize, usize)> = match_spans(body, words)
        .into_iter()
        .map(|(s, e)| (char_at(s), char_at(e)))
        .collect();
    let total = bytes.len();
    // The window that holds the most whole matches, earliest first.
    let mut best = (0, 0usize);
    for (i, &(start, _)) in spans.iter().enumerate() {
        let from = start.saturating_sub(CONTEXT_CHARS);
        let count = spans[i..]
            .iter()
            .take_while(|&&(_, end)| end <= from + EXCERPT_CHARS)
            .count();
        if count > best.1 {
            best = (from, count);
        }
    }
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

fn collapse_space(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    if space && !out.is_empty() {
        out.push(' ');
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
    fn long_text_is_cut_around_the_match() {
        let body = format!("{}fargate{}", "あ".repeat(300), "い".repeat(300));
        let pieces = excerpt(&body, &parse("fargate ").words);
        let text = render(&pieces);
        assert!(text.starts_with('…') && text.ends_with('…'), "{text}");
        assert!(text.contains("[fargate]"));
    }
}
