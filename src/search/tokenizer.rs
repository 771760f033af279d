//! The shiori tokenizer: one specification, implemented here for tantivy and
//! in `themes/default/static/search/shiori-search.js` for the browser. Both
//! are checked against `tests/data/tokenizer_cases.json`.
//!
//! The text is cut into *chunks* (a character plus the combining marks that
//! follow it), each chunk is NFKC-normalised and lowercased on its own (so
//! every token can point back at the original text), then:
//! - a run of CJK characters (kana, kanji, hangul) becomes overlapping
//!   character bigrams, a lone CJK character a unigram;
//! - a run of other letters and digits becomes one word;
//! - everything else separates tokens.
//!
//! Bigrams give Japanese substring search without a dictionary:
//! クラスター finds プライベートクラスター.

use tantivy::tokenizer::{Token as TantivyToken, TokenStream, Tokenizer};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{is_nfkc_quick, UnicodeNormalization};

/// Words longer than this (in characters) are dropped: they are hashes,
/// base64 blobs or minified code, not something anyone types.
pub const MAX_WORD_CHARS: usize = 64;

/// One token of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The normalised token text (a term of the index).
    pub text: String,
    /// Token position: 0, 1, 2, ... in emission order.
    pub position: u32,
    /// Byte offset of the token's first chunk in the original text.
    pub start: usize,
    /// Byte offset just past the token's last chunk in the original text.
    pub end: usize,
}

/// Whether `c` is one of the characters that form bigram runs.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3005..=0x3007          // 々 〆 〇
        | 0x303B                 // 〻
        | 0x3041..=0x3096        // hiragana
        | 0x309D..=0x309F        // ゝ ゞ ゟ
        | 0x30A1..=0x30FA        // katakana (not ・)
        | 0x30FC..=0x30FF        // ー ヽ ヾ ヿ
        | 0x31F0..=0x31FF        // katakana phonetic extensions
        | 0x3400..=0x4DBF        // CJK extension A
        | 0x4E00..=0x9FFF        // CJK unified ideographs
        | 0xF900..=0xFAFF        // CJK compatibility ideographs
        | 0x20000..=0x3FFFF      // CJK extensions B and later
        | 0x1100..=0x11FF        // hangul jamo
        | 0x3131..=0x318E        // hangul compatibility jamo
        | 0xA960..=0xA97F        // hangul jamo extended A
        | 0xAC00..=0xD7A3        // hangul syllables
        | 0xD7B0..=0xD7FF        // hangul jamo extended B
    )
}

/// Whether `c` belongs to the chunk of the character before it: combining
/// marks, the half-width voiced sound marks (ｶﾞ), hangul medial/final jamo.
fn continues_chunk(c: char) -> bool {
    is_combining_mark(c) || matches!(c as u32, 0xFF9E | 0xFF9F | 0x1160..=0x11FF)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Cjk,
    Word,
    Separator,
}

fn classify(c: char) -> Class {
    if is_cjk(c) {
        Class::Cjk
    } else if c.is_alphanumeric() {
        Class::Word
    } else {
        Class::Separator
    }
}

/// A normalised character with the byte span of the chunk it came from.
struct NormChar {
    c: char,
    start: usize,
    end: usize,
}

/// NFKC + lowercase, chunk by chunk, keeping each chunk's source span.
fn normalized_chars(text: &str) -> Vec<NormChar> {
    let mut out = Vec::with_capacity(text.len());
    let mut iter = text.char_indices().peekable();
    while let Some((start, _)) = iter.next() {
        let mut end = text.len();
        while let Some(&(next, c)) = iter.peek() {
            if continues_chunk(c) {
                iter.next();
            } else {
                end = next;
                break;
            }
        }
        let chunk = &text[start..end];
        match single_stable_char(chunk) {
            Some(c) if c.is_ascii() => out.push(NormChar {
                c: c.to_ascii_lowercase(),
                start,
                end,
            }),
            // Kana and kanji have no case.
            Some(c) if is_cjk(c) => out.push(NormChar { c, start, end }),
            Some(c) => out.extend(c.to_lowercase().map(|c| NormChar { c, start, end })),
            None => {
                let normalized: String = chunk.nfkc().collect::<String>().to_lowercase();
                out.extend(normalized.chars().map(|c| NormChar { c, start, end }));
            }
        }
    }
    out
}

/// The chunk's character when the chunk is one character that NFKC leaves
/// as it is (ASCII, most kana and kanji): the common case, normalised
/// without allocating.
fn single_stable_char(chunk: &str) -> Option<char> {
    let mut chars = chunk.chars();
    let c = chars.next()?;
    let alone = chars.next().is_none();
    let stable = c.is_ascii()
        || is_nfkc_quick(std::iter::once(c)) == unicode_normalization::IsNormalized::Yes;
    (alone && stable).then_some(c)
}

/// Normalises a whole string the way the tokenizer normalises each chunk:
/// used for query parsing and tag names.
pub fn normalize(text: &str) -> String {
    normalized_chars(text).into_iter().map(|n| n.c).collect()
}

/// Tokenizes `text` per the shared specification.
pub fn tokenize(text: &str) -> Vec<Token> {
    let chars = normalized_chars(text);
    let mut tokens = Vec::new();
    let mut run_start = 0;
    let mut run_class = Class::Separator;
    for i in 0..=chars.len() {
        let class = chars.get(i).map_or(Class::Separator, |n| classify(n.c));
        if class == run_class && i < chars.len() {
            continue;
        }
        emit_run(&chars[run_start..i], run_class, &mut tokens);
        run_start = i;
        run_class = class;
    }
    tokens
}

fn emit_run(run: &[NormChar], class: Class, tokens: &mut Vec<Token>) {
    let mut push = |part: &[NormChar]| {
        tokens.push(Token {
            text: part.iter().map(|n| n.c).collect(),
            position: tokens.len() as u32,
            start: part[0].start,
            end: part[part.len() - 1].end,
        })
    };
    match class {
        Class::Separator => {}
        Class::Word if run.len() > MAX_WORD_CHARS => {}
        Class::Word => push(run),
        Class::Cjk if run.len() == 1 => push(run),
        Class::Cjk => run.windows(2).for_each(push),
    }
}

/// Every CJK character of `text` as its own token: the unigram fields that
/// let a one-character query (鍵) find every section containing it.
pub fn cjk_unigrams(text: &str) -> Vec<Token> {
    normalized_chars(text)
        .into_iter()
        .filter(|n| is_cjk(n.c))
        .enumerate()
        .map(|(i, n)| Token {
            text: n.c.to_string(),
            position: i as u32,
            start: n.start,
            end: n.end,
        })
        .collect()
}

/// Which of the two token streams a tantivy field uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenizerKind {
    /// Words and CJK bigrams ([`tokenize`]).
    Text,
    /// CJK unigrams only ([`cjk_unigrams`]).
    CjkUnigram,
}

impl TokenizerKind {
    /// The name the tokenizer is registered under in tantivy.
    pub fn name(self) -> &'static str {
        match self {
            TokenizerKind::Text => "shiori",
            TokenizerKind::CjkUnigram => "shiori_cjk1",
        }
    }

    fn run(self, text: &str) -> Vec<Token> {
        match self {
            TokenizerKind::Text => tokenize(text),
            TokenizerKind::CjkUnigram => cjk_unigrams(text),
        }
    }
}

/// The shiori tokenizer as a tantivy [`Tokenizer`].
#[derive(Debug, Clone, Copy)]
pub struct ShioriTokenizer(pub TokenizerKind);

/// Token stream over pre-computed tokens.
pub struct ShioriTokenStream {
    tokens: std::vec::IntoIter<Token>,
    current: TantivyToken,
}

impl Tokenizer for ShioriTokenizer {
    type TokenStream<'a> = ShioriTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ShioriTokenStream {
        ShioriTokenStream {
            tokens: self.0.run(text).into_iter(),
            current: TantivyToken::default(),
        }
    }
}

impl TokenStream for ShioriTokenStream {
    fn advance(&mut self) -> bool {
        match self.tokens.next() {
            Some(token) => {
                self.current = TantivyToken {
                    offset_from: token.start,
                    offset_to: token.end,
                    position: token.position as usize,
                    text: token.text,
                    position_length: 1,
                };
                true
            }
            None => false,
        }
    }

    fn token(&self) -> &TantivyToken {
        &self.current
    }

    fn token_mut(&mut self) -> &mut TantivyToken {
        &mut self.current
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<String> {
        tokenize(text).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn japanese_run_becomes_bigrams() {
        assert_eq!(texts("クラスター"), ["クラ", "ラス", "スタ", "ター"]);
    }

    #[test]
    fn lone_cjk_character_is_a_unigram() {
        assert_eq!(texts("EKSのFargate"), ["eks", "の", "fargate"]);
    }

    #[test]
    fn full_width_ascii_is_folded() {
        assert_eq!(texts("ＡＷＳ"), ["aws"]);
    }

    #[test]
    fn half_width_katakana_with_voiced_mark_keeps_one_chunk() {
        let tokens = tokenize("ｶﾞｲﾄﾞ");
        assert_eq!(tokens[0].text, "ガイ");
        // ｶﾞ is one chunk of 6 bytes: the bigram starts at 0 and ends after ｲ.
        assert_eq!((tokens[0].start, tokens[0].end), (0, 9));
    }

    #[test]
    fn offsets_point_into_the_original_text() {
        let text = "設定 --balance-similar-node-groups";
        for token in tokenize(text) {
            assert_eq!(normalize(&text[token.start..token.end]), token.text);
        }
    }

    #[test]
    fn unigrams_cover_every_cjk_character() {
        let chars: Vec<String> = cjk_unigrams("合鍵とkey")
            .into_iter()
            .map(|t| t.text)
            .collect();
        assert_eq!(chars, ["合", "鍵", "と"]);
    }
}
