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
    // Most of a Japanese text, answered by the first ranges tried.
    nfkc_stable_script(c)
        || matches!(c as u32,
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
    // ASCII, kana and kanji never do (the combining voiced marks U+3099 and
    // U+309A are outside `is_cjk`): most characters skip the table look-up.
    if c.is_ascii() || nfkc_stable_script(c) {
        return false;
    }
    matches!(c as u32, 0xFF9E | 0xFF9F | 0x1160..=0x11FF) || (!is_cjk(c) && is_combining_mark(c))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Cjk,
    Word,
    Separator,
}

fn classify(c: char) -> Class {
    if c.is_ascii() {
        if c.is_ascii_alphanumeric() {
            Class::Word
        } else {
            Class::Separator
        }
    } else if is_cjk(c) {
        Class::Cjk
    } else if c.is_alphanumeric() {
        Class::Word
    } else {
        Class::Separator
    }
}

/// A normalised character with the byte span of the chunk it came from.
#[derive(Debug, Clone)]
struct NormChar {
    c: char,
    start: usize,
    end: usize,
    /// The chunk is this character alone, as written: a token made of such
    /// characters is a slice of the text.
    verbatim: bool,
}

/// NFKC + lowercase, chunk by chunk, keeping each chunk's source span.
fn normalized_chars(text: &str) -> Vec<NormChar> {
    let mut out = Vec::new();
    normalize_into(text, &mut out);
    out
}

/// [`normalized_chars`] into `out` (emptied first).
fn normalize_into(text: &str, out: &mut Vec<NormChar>) {
    out.clear();
    out.reserve(text.len());
    for_each_normalized(text, |c, start, end, verbatim| {
        out.push(NormChar {
            c,
            start,
            end,
            verbatim,
        })
    });
}

/// Calls `each(c, start, end, verbatim)` with every normalised character of
/// `text`, the byte span of the chunk it came from and whether that chunk
/// is `c` as written, in order.
#[inline]
fn for_each_normalized(text: &str, mut each: impl FnMut(char, usize, usize, bool)) {
    let bytes = text.as_bytes();
    let mut iter = text.char_indices().peekable();
    while let Some((start, first)) = iter.next() {
        // The common case first: an ASCII character not followed by a
        // combining mark (only a non-ASCII character can be one).
        if first.is_ascii() && bytes.get(start + 1).is_none_or(u8::is_ascii) {
            each(
                first.to_ascii_lowercase(),
                start,
                start + 1,
                !first.is_ascii_uppercase(),
            );
            continue;
        }
        let mut end = text.len();
        let mut alone = true;
        while let Some(&(next, c)) = iter.peek() {
            if continues_chunk(c) {
                iter.next();
                alone = false;
            } else {
                end = next;
                break;
            }
        }
        // A character alone that NFKC leaves as it is (most of a text) is
        // only lowercased; kana and kanji have no case.
        if alone && nfkc_stable_script(first) {
            let folded = fold_kana(first);
            each(folded, start, end, folded == first);
            continue;
        }
        if alone && nfkc_stable(first) {
            if first.is_ascii() {
                each(
                    first.to_ascii_lowercase(),
                    start,
                    end,
                    !first.is_ascii_uppercase(),
                );
            } else if is_cjk(first) {
                let folded = fold_kana(first);
                each(folded, start, end, folded == first);
            } else {
                first
                    .to_lowercase()
                    .for_each(|c| each(c, start, end, false));
            }
            continue;
        }
        let normalized: String = text[start..end].nfkc().collect::<String>().to_lowercase();
        normalized
            .chars()
            .for_each(|c| each(fold_kana(c), start, end, false));
    }
}

/// Hiragana as katakana (ぷらいべーと is プライベート, ゝ is ヽ): a reader
/// types either for the same word, so both are one form in the index and
/// in queries. Other characters are returned as they are.
#[inline]
pub fn fold_kana(c: char) -> char {
    match c as u32 {
        0x3041..=0x3096 | 0x309D..=0x309E => char::from_u32(c as u32 + 0x60).unwrap_or(c),
        _ => c,
    }
}

/// Hiragana, katakana, kanji and hangul syllables that NFKC leaves as they
/// are (it changes ゟ, ヿ, compatibility ideographs and jamo, outside these
/// ranges): answered without the normalisation tables.
fn nfkc_stable_script(c: char) -> bool {
    matches!(c as u32,
        0x3041..=0x3096 | 0x30A1..=0x30FA | 0x30FC..=0x30FE
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7A3)
}

/// Whether NFKC leaves `c` as it is: ASCII, kana and kanji without the
/// normalisation tables, the rest through them.
fn nfkc_stable(c: char) -> bool {
    c.is_ascii()
        || nfkc_stable_script(c)
        || is_nfkc_quick(std::iter::once(c)) == unicode_normalization::IsNormalized::Yes
}

/// Normalises a whole string the way the tokenizer normalises each chunk:
/// used for query parsing and tag names.
pub fn normalize(text: &str) -> String {
    normalized_chars(text).into_iter().map(|n| n.c).collect()
}

/// A token as a slice of the normalised characters: (first, count).
type Span = (usize, usize);

/// Tokenizes `text` per the shared specification.
pub fn tokenize(text: &str) -> Vec<Token> {
    TokenizerKind::Text.run(text)
}

/// Every CJK character of `text` as its own token: the unigram fields that
/// let a one-character query (鍵) find every section containing it.
pub fn cjk_unigrams(text: &str) -> Vec<Token> {
    TokenizerKind::CjkUnigram.run(text)
}

/// Calls `each` with every CJK character of `text`, normalised: the texts
/// of the [`cjk_unigrams`] tokens, in order.
pub fn cjk_chars(text: &str, mut each: impl FnMut(char)) {
    if text.is_ascii() {
        return;
    }
    for_each_normalized(text, |c, _, _, _| {
        if !c.is_ascii() && is_cjk(c) {
            each(c);
        }
    });
}

/// Words and CJK bigrams, in emission order, into `spans`.
fn word_spans(chars: &[NormChar], spans: &mut Vec<Span>) {
    // At most one token per character.
    spans.reserve(chars.len());
    let mut run_start = 0;
    let mut run_class = Class::Separator;
    for i in 0..=chars.len() {
        let class = chars.get(i).map_or(Class::Separator, |n| classify(n.c));
        if class == run_class && i < chars.len() {
            continue;
        }
        let len = i - run_start;
        match run_class {
            Class::Separator => {}
            Class::Word if len > MAX_WORD_CHARS => {}
            Class::Word => spans.push((run_start, len)),
            Class::Cjk if len == 1 => spans.push((run_start, 1)),
            Class::Cjk => spans.extend((run_start..i - 1).map(|first| (first, 2))),
        }
        run_start = i;
        run_class = class;
    }
}

/// Every CJK character on its own, into `spans`.
fn unigram_spans(chars: &[NormChar], spans: &mut Vec<Span>) {
    spans.extend(
        (0..chars.len())
            .filter(|&i| is_cjk(chars[i].c))
            .map(|i| (i, 1)),
    );
}

/// Writes the token of `span` into `token` (reusing its text buffer).
fn fill_token(
    text: &str,
    chars: &[NormChar],
    (first, len): Span,
    position: usize,
    token: &mut TantivyToken,
) {
    let part = &chars[first..first + len];
    token.text.clear();
    if part.iter().all(|n| n.verbatim) {
        // Chunks tile the text: the characters are one slice of it.
        token.text.push_str(&text[part[0].start..part[len - 1].end]);
    } else {
        token.text.extend(part.iter().map(|n| n.c));
    }
    token.offset_from = part[0].start;
    token.offset_to = part[len - 1].end;
    token.position = position;
    token.position_length = 1;
}

/// The name the tokenizer is registered under in tantivy.
pub const TOKENIZER: &str = "shiori";

/// Which of the two token streams a text is cut into: words and bigrams
/// (tantivy's fields, queries), or unigrams (excerpts of one-character queries).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TokenizerKind {
    /// Words and CJK bigrams ([`tokenize`]).
    Text,
    /// CJK unigrams only ([`cjk_unigrams`]).
    CjkUnigram,
}

impl TokenizerKind {
    fn run(self, text: &str) -> Vec<Token> {
        let mut buffers = Buffers::default();
        let mut stream = buffers.stream(self, text);
        let mut tokens = Vec::with_capacity(stream.spans.len());
        while stream.advance() {
            let t = &stream.current;
            tokens.push(Token {
                text: t.text.clone(),
                position: t.position as u32,
                start: t.offset_from,
                end: t.offset_to,
            });
        }
        tokens
    }
}

/// What tokenizing a text needs besides the text, kept from one text to
/// the next: tantivy tokenizes hundreds of thousands of field values, and
/// allocating these afresh for each was a good part of the work.
#[derive(Debug, Clone, Default)]
struct Buffers {
    chars: Vec<NormChar>,
    spans: Vec<Span>,
    token: TantivyToken,
}

impl Buffers {
    fn stream<'a>(&'a mut self, kind: TokenizerKind, text: &'a str) -> ShioriTokenStream<'a> {
        normalize_into(text, &mut self.chars);
        self.spans.clear();
        match kind {
            TokenizerKind::Text => word_spans(&self.chars, &mut self.spans),
            TokenizerKind::CjkUnigram => unigram_spans(&self.chars, &mut self.spans),
        }
        ShioriTokenStream {
            text,
            chars: &self.chars,
            spans: &self.spans,
            next: 0,
            current: &mut self.token,
        }
    }
}

/// The shiori tokenizer (words and CJK bigrams) as a tantivy [`Tokenizer`].
#[derive(Debug, Clone, Default)]
pub struct ShioriTokenizer {
    buffers: Buffers,
}

/// Token stream over the spans of one normalised text; every token is
/// written into the same buffer.
pub struct ShioriTokenStream<'a> {
    text: &'a str,
    chars: &'a [NormChar],
    spans: &'a [Span],
    next: usize,
    current: &'a mut TantivyToken,
}

impl Tokenizer for ShioriTokenizer {
    type TokenStream<'a> = ShioriTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ShioriTokenStream<'a> {
        self.buffers.stream(TokenizerKind::Text, text)
    }
}

impl TokenStream for ShioriTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let Some(&span) = self.spans.get(self.next) else {
            return false;
        };
        fill_token(self.text, self.chars, span, self.next, self.current);
        self.next += 1;
        true
    }

    fn token(&self) -> &TantivyToken {
        self.current
    }

    fn token_mut(&mut self) -> &mut TantivyToken {
        self.current
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
        assert_eq!(texts("EKSのFargate"), ["eks", "ノ", "fargate"]);
    }

    #[test]
    fn hiragana_and_katakana_are_one_form() {
        assert_eq!(texts("ぷらいべーと"), texts("プライベート"));
        assert_eq!(texts("ｸﾗｽﾀｰ"), texts("くらすたー"));
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
    fn scripts_taken_as_stable_are_left_alone_by_nfkc() {
        let ranges = [
            0x3041..=0x3096,
            0x30A1..=0x30FA,
            0x30FC..=0x30FE,
            0x3400..=0x4DBF,
            0x4E00..=0x9FFF,
            0xAC00..=0xD7A3,
        ];
        for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
            assert!(nfkc_stable_script(c));
            assert_eq!(
                c.to_string().nfkc().collect::<String>(),
                c.to_string(),
                "{c}"
            );
        }
    }

    #[test]
    fn combining_marks_and_conjoining_jamo_join_the_character_before() {
        assert_eq!(texts("e\u{301}cole"), ["école"]);
        assert_eq!(texts("\u{1100}\u{1161}"), ["가"]);
        assert_eq!(texts("か\u{3099}き"), ["ガキ"]);
        assert_eq!(tokenize("か\u{3099}き")[0].end, "か\u{3099}き".len());
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
        assert_eq!(chars, ["合", "鍵", "ト"]);
    }

    #[test]
    fn counted_characters_are_the_unigram_tokens() {
        let texts = [
            "合鍵とkey",
            "ｶﾞｲﾄﾞとガイド、ＡＢＣ１２３",
            "か\u{3099}き\u{309A}く",
            "e\u{301}と\u{301}x",
            "\u{3099}先頭のマーク",
            "한국어 ᄒ\u{1161}\u{11AB} 漢字",
            "㍿ ㌔ ゟ ヿ 々〆〇 〻 豈 𠮷野家",
            "Straße İstanbul ǅ ΣΑΣ",
            "ｶ",
            "ﾞ",
        ];
        for text in texts {
            let mut chars = Vec::new();
            cjk_chars(text, |c| chars.push(c.to_string()));
            let unigrams: Vec<String> = cjk_unigrams(text).into_iter().map(|t| t.text).collect();
            assert_eq!(chars, unigrams, "{text}");
        }
        // Mixtures of the same pieces, drawn by a fixed generator.
        let pieces = [
            "a", " ", "ｶ", "ﾞ", "ﾟ", "か", "\u{3099}", "\u{301}", "漢", "ー", "ゟ", "々", "Ａ", "ᄒ",
            "\u{1161}", "한", "㍿", "、", "𠮷", "É",
        ];
        let mut seed = 12345u32;
        for _ in 0..2000 {
            let mut text = String::new();
            for _ in 0..8 {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
                text.push_str(pieces[(seed >> 16) as usize % pieces.len()]);
            }
            let mut chars = Vec::new();
            cjk_chars(&text, |c| chars.push(c.to_string()));
            let unigrams: Vec<String> = cjk_unigrams(&text).into_iter().map(|t| t.text).collect();
            assert_eq!(chars, unigrams, "{text:?}");
        }
    }
}
