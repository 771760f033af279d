/*
 * shiori search runtime, 2 of 5: the query language (mirrors
 * src/search/query.rs: words, phrases, prefixes, tags, the loosened and
 * any-word plans) and where a query's words match in a text (excerpts and
 * the marks on a page, mirroring src/search/excerpt.rs).
 */
(function (global) {
  "use strict";

  var shiori = global.shiori || (global.shiori = {});
  var _ = shiori._ || (shiori._ = {});
  /* From the scripts loaded before this one. */
  var cjkUnigrams = _.cjkUnigrams,
    isCjk = _.isCjk,
    normalize = _.normalize,
    tokenize = _.tokenize;

  var SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]$/;

  var PREFIX_MIN_CHARS = 2, PREFIX_MAX_TERMS = 16;

  function isSpace(ch) { return SPACE.test(ch); }

  function normalizeTag(tag) {
    return normalize(tag).replace(/^[\s\u0085]+|[\s\u0085]+$/g, "");
  }

  function splitItems(query) {
    var chars = Array.from(query);
    var items = [];
    var i = 0;
    while (i < chars.length) {
      var c = chars[i];
      if (isSpace(c)) {
        i++;
      } else if (c === '"') {
        var j = i + 1;
        while (j < chars.length && chars[j] !== '"') j++;
        items.push({ text: chars.slice(i + 1, j).join(""), quoted: true });
        i = j + 1;
      } else {
        var k = i;
        while (k < chars.length && !isSpace(chars[k]) && chars[k] !== '"') k++;
        items.push({ text: chars.slice(i, k).join(""), quoted: false });
        i = k;
      }
    }
    return items;
  }

  function singleTokenWord(token, prefix) {
    var cps = Array.from(token);
    if (cps.length === 1 && isCjk(cps[0].codePointAt(0))) return { t: "char", text: token };
    return prefix ? { t: "prefix", text: token } : { t: "term", text: token };
  }

  function parseQuery(query) {
    var q = normalize(query);
    var chars = Array.from(q);
    var lastChar = chars[chars.length - 1];
    var endsOpen = chars.length > 0 && !isSpace(lastChar) && lastChar !== '"';
    var items = splitItems(q);
    var parsed = { words: [], tags: [] };
    var last = Math.max(items.length - 1, 0);
    items.forEach(function (item, i) {
      if (!item.quoted && item.text.indexOf("tag:") === 0) {
        var tag = normalizeTag(item.text.slice(4));
        if (tag && parsed.tags.indexOf(tag) < 0) parsed.tags.push(tag);
        return;
      }
      var tokens = tokenize(item.text).map(function (t) { return t.text; });
      if (tokens.length === 0) return;
      if (tokens.length === 1) {
        var token = tokens[0];
        var cps = Array.from(token);
        var prefix = !item.quoted && i === last && endsOpen &&
          cps.length >= PREFIX_MIN_CHARS &&
          !cps.some(function (c) { return isCjk(c.codePointAt(0)); });
        parsed.words.push(singleTokenWord(token, prefix));
      } else {
        parsed.words.push({ t: "phrase", tokens: tokens, quoted: item.quoted });
      }
    });
    return parsed;
  }

  function loosened(word) {
    if (word.t !== "phrase" || word.quoted) return word;
    var seen = {};
    var words = [];
    word.tokens.forEach(function (t) {
      if (seen[t] === true) return;
      seen[t] = true;
      words.push(singleTokenWord(t, false));
    });
    // Rust dedups in a BTreeSet but keeps first-occurrence order: same list.
    return { t: "any", words: words };
  }

  function plans(parsed) {
    var loose = parsed.words.map(loosened);
    var out = [{ mode: "all", words: parsed.words }];
    if (parsed.words.some(function (w) { return w.t === "phrase" && !w.quoted; })) {
      out.push({ mode: "all_loose", words: loose });
    }
    if (parsed.words.length > 1) out.push({ mode: "any", words: loose });
    return out;
  }

  var CONTEXT_CHARS = 24;

  /* Spans [start, end, word] (UTF-16 offsets) that the words match. */
  function matchSpans(text, words) {
    var tokens = tokenize(text);
    var unigrams = null;
    var spans = [];
    var stack = words.slice().reverse();
    var leaf = 0;
    while (stack.length) {
      var word = stack.pop();
      if (word.t === "any") {
        stack.push.apply(stack, word.words.slice().reverse());
        continue;
      }
      if (word.t === "term" || word.t === "prefix") {
        tokens.forEach(function (t) {
          if (word.t === "term" ? t.text === word.text : t.text.indexOf(word.text) === 0) spans.push([t.start, t.end, leaf]);
        });
      } else if (word.t === "char") {
        unigrams = unigrams || cjkUnigrams(text);
        unigrams.forEach(function (t) { if (t.text === word.text) spans.push([t.start, t.end, leaf]); });
      } else if (word.t === "phrase") {
        var n = word.tokens.length;
        for (var i = 0; i + n <= tokens.length; i++) {
          var ok = true;
          for (var k = 0; k < n && ok; k++) ok = tokens[i + k].text === word.tokens[k];
          if (ok) spans.push([tokens[i].start, tokens[i + n - 1].end, leaf]);
        }
      }
      leaf++;
    }
    spans.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || a[2] - b[2]; });
    return spans;
  }

  function mergeSpans(spans) {
    var merged = [];
    spans.forEach(function (s) {
      var last = merged[merged.length - 1];
      if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
      else merged.push([s[0], s[1]]);
    });
    return merged;
  }

  /* Pieces [{text, match}] of `text` around the matches of `words`. */
  function excerpt(text, words, length) {
    length = length || 120;
    var cps = Array.from(text);
    var unitToChar = new Map();
    var unit = 0;
    cps.forEach(function (c, i) { unitToChar.set(unit, i); unit += c.length; });
    unitToChar.set(unit, cps.length);
    var spans = matchSpans(text, words).map(function (s) {
      return [unitToChar.get(s[0]), unitToChar.get(s[1]), s[2]];
    });
    // The window with the most different words, then the most matches.
    var best = [0, 0, 0];
    spans.forEach(function (s, i) {
      var from = Math.max(s[0] - CONTEXT_CHARS, 0);
      var seen = {}, distinct = 0, count = 0;
      for (var k = i; k < spans.length; k++) {
        if (spans[k][1] > from + length) continue;
        count++;
        if (!seen[spans[k][2]]) { seen[spans[k][2]] = true; distinct++; }
      }
      if (distinct > best[1] || (distinct === best[1] && count > best[2])) best = [from, distinct, count];
    });
    spans = mergeSpans(spans);
    var from = best[0], to = Math.min(from + length, cps.length);
    var pieces = [];
    function push(t, match) {
      t = t.replace(/\s+/g, " ");
      if (!t) return;
      var last = pieces[pieces.length - 1];
      if (last && last.match === match) last.text += t;
      else pieces.push({ text: t, match: match });
    }
    if (from > 0) push("…", false);
    var at = from;
    spans.forEach(function (s) {
      var a = Math.max(s[0], from), b = Math.min(s[1], to);
      if (a >= b) return;
      push(cps.slice(at, a).join(""), false);
      push(cps.slice(a, b).join(""), true);
      at = b;
    });
    push(cps.slice(at, to).join(""), false);
    if (to < cps.length) push("…", false);
    return pieces;
  }

  _.PREFIX_MAX_TERMS = PREFIX_MAX_TERMS;
  _.excerpt = excerpt;
  _.loosened = loosened;
  _.matchSpans = matchSpans;
  _.mergeSpans = mergeSpans;
  _.normalizeTag = normalizeTag;
  _.parseQuery = parseQuery;
  _.plans = plans;
})(typeof window !== "undefined" ? window : globalThis);
