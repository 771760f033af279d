/*
 * shiori search runtime, 1 of 5: the tokenizer (mirrors
 * src/search/tokenizer.rs; tests/data/tokenizer_cases.json holds both to
 * the same tokens). NFKC and lowercase per character cluster, kana folded,
 * CJK runs as overlapping bigrams, other letters and digits as words.
 *
 * The runtime is five classic scripts sharing the `shiori` global (their
 * internals under `shiori._`), loaded in order by every page — no build
 * step, no ES modules (Chromium refuses module scripts from file://):
 * search-text.js, search-query.js, search-bundle.js, search-rank.js, then
 * shiori-search.js, the public entry points.
 */
(function (global) {
  "use strict";

  var shiori = global.shiori || (global.shiori = {});
  var _ = shiori._ || (shiori._ = {});

  var MAX_WORD_CHARS = 64;

  var MARK = /\p{M}/u;

  var ALNUM = /[\p{Alphabetic}\p{N}]/u;

  function isCjk(cp) {
    return (cp >= 0x3005 && cp <= 0x3007) || cp === 0x303b ||
      (cp >= 0x3041 && cp <= 0x3096) || (cp >= 0x309d && cp <= 0x309f) ||
      (cp >= 0x30a1 && cp <= 0x30fa) || (cp >= 0x30fc && cp <= 0x30ff) ||
      (cp >= 0x31f0 && cp <= 0x31ff) || (cp >= 0x3400 && cp <= 0x4dbf) ||
      (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0x20000 && cp <= 0x3ffff) || (cp >= 0x1100 && cp <= 0x11ff) ||
      (cp >= 0x3131 && cp <= 0x318e) || (cp >= 0xa960 && cp <= 0xa97f) ||
      (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xd7b0 && cp <= 0xd7ff);
  }

  function continuesChunk(cp) {
    return MARK.test(String.fromCodePoint(cp)) || cp === 0xff9e || cp === 0xff9f ||
      (cp >= 0x1160 && cp <= 0x11ff);
  }

  var CJK = 1, WORD = 2, SEPARATOR = 0;

  function classify(ch) {
    var cp = ch.codePointAt(0);
    if (isCjk(cp)) return CJK;
    return ALNUM.test(ch) ? WORD : SEPARATOR;
  }

  /* Hiragana as katakana (mirrors fold_kana in tokenizer.rs). */
  function foldKana(ch) {
    var cp = ch.codePointAt(0);
    if ((cp >= 0x3041 && cp <= 0x3096) || cp === 0x309d || cp === 0x309e) return String.fromCodePoint(cp + 0x60);
    return ch;
  }

  /* NFKC + lowercase chunk by chunk; each character keeps its chunk's
   * UTF-16 span in the original text. */
  function normalizedChars(text) {
    var out = [];
    var i = 0;
    while (i < text.length) {
      var start = i;
      var end = i + (text.codePointAt(i) > 0xffff ? 2 : 1);
      while (end < text.length) {
        var cp = text.codePointAt(end);
        if (!continuesChunk(cp)) break;
        end += cp > 0xffff ? 2 : 1;
      }
      var norm = text.slice(start, end).normalize("NFKC").toLowerCase();
      for (var ch of norm) out.push({ c: foldKana(ch), start: start, end: end });
      i = end;
    }
    return out;
  }

  function normalize(text) {
    return normalizedChars(text).map(function (n) { return n.c; }).join("");
  }

  /* Tokens {text, position, start, end}; offsets in UTF-16 units. */
  function tokenize(text) {
    var chars = normalizedChars(text);
    var tokens = [];
    function push(part) {
      tokens.push({
        text: part.map(function (n) { return n.c; }).join(""),
        position: tokens.length,
        start: part[0].start,
        end: part[part.length - 1].end
      });
    }
    function emit(run, cls) {
      if (cls === WORD) {
        if (run.length <= MAX_WORD_CHARS) push(run);
      } else if (cls === CJK) {
        if (run.length === 1) push(run);
        else for (var k = 0; k + 1 < run.length; k++) push(run.slice(k, k + 2));
      }
    }
    var runStart = 0, runClass = SEPARATOR;
    for (var i = 0; i <= chars.length; i++) {
      var cls = i < chars.length ? classify(chars[i].c) : SEPARATOR;
      if (cls === runClass && i < chars.length) continue;
      emit(chars.slice(runStart, i), runClass);
      runStart = i;
      runClass = cls;
    }
    return tokens;
  }

  function cjkUnigrams(text) {
    return normalizedChars(text).filter(function (n) {
      return isCjk(n.c.codePointAt(0));
    }).map(function (n, i) {
      return { text: n.c, position: i, start: n.start, end: n.end };
    });
  }

  _.cjkUnigrams = cjkUnigrams;
  _.isCjk = isCjk;
  _.normalize = normalize;
  _.tokenize = tokenize;
})(typeof window !== "undefined" ? window : globalThis);
