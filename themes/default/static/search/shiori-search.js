/*
 * shiori search runtime: the tokenizer, the query language, bundle loading
 * and BM25 exactly as tantivy computes it. Plain classic script, no
 * dependencies: bundle files are scripts that call shiori.register(), loaded
 * by inserting <script> tags, so search works over http and from file://.
 *
 * The tokenizer and the query rules mirror src/search/tokenizer.rs and
 * src/search/query.rs; tests/data/tokenizer_cases.json and the parity test
 * hold both implementations to the same answers.
 */
(function (global) {
  "use strict";

  var shiori = global.shiori || (global.shiori = {});

  /* ------------------------------------------------------------------ */
  /* Tokenizer                                                           */
  /* ------------------------------------------------------------------ */

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

  /* ------------------------------------------------------------------ */
  /* Query language (mirrors src/search/query.rs)                        */
  /* ------------------------------------------------------------------ */

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

  /* ------------------------------------------------------------------ */
  /* Bundle loading                                                      */
  /* ------------------------------------------------------------------ */

  var files = Object.create(null);

  function fileEntry(name) {
    var entry = files[name];
    if (!entry) {
      entry = files[name] = { payload: undefined, loaded: false, waiters: [] };
    }
    return entry;
  }

  /* Called by every bundle file. */
  shiori.register = function (name, payload) {
    var entry = fileEntry(name);
    entry.payload = payload;
    entry.loaded = true;
    if (name.charAt(0) === "m" && name.charAt(1) === "-") shiori.manifest = payload;
    var waiters = entry.waiters;
    entry.waiters = [];
    waiters.forEach(function (w) { w[0](payload); });
  };

  /* Where bundle files live: the directory of this script, unless set. */
  (function () {
    var cs = global.document && global.document.currentScript;
    if (cs && cs.src) shiori.base = cs.src.replace(/[^\/]*$/, "");
  })();

  /* Inserts a classic script; replaced by tests running under node. */
  shiori.loadScript = function (url, onError) {
    var script = global.document.createElement("script");
    script.src = url;
    script.async = true;
    script.onerror = onError;
    global.document.head.appendChild(script);
  };

  /* Names of the files requested so far (for byte accounting in tests). */
  shiori.requested = [];

  function load(name) {
    var entry = fileEntry(name);
    if (entry.loaded) return Promise.resolve(entry.payload);
    return new Promise(function (resolve, reject) {
      var first = entry.waiters.length === 0;
      entry.waiters.push([resolve, reject]);
      if (!first) return;
      shiori.requested.push(name + ".js");
      shiori.loadScript((shiori.base || "") + name + ".js", function () {
        var waiters = entry.waiters;
        entry.waiters = [];
        waiters.forEach(function (w) { w[1](new Error("cannot load " + name + ".js")); });
      });
    });
  }

  /* Waits for the manifest (its script is on the page, usually deferred). */
  function manifest() {
    if (shiori.manifest) return Promise.resolve(shiori.manifest);
    return new Promise(function (resolve, reject) {
      var tries = 0;
      (function poll() {
        if (shiori.manifest) return resolve(shiori.manifest);
        if (++tries > 200) return reject(new Error("search manifest not loaded"));
        setTimeout(poll, 25);
      })();
    });
  }

  /* shiori serve rebuilt the index: forget the manifest and load it again
   * from `url`; queries wait for it, then use the new index. The other
   * bundle files are named by their content, so those already loaded stay
   * valid. */
  shiori.reloadManifest = function (url) {
    shiori.manifest = null;
    shiori.loadScript(url + (url.indexOf("?") < 0 ? "?" : "&") + "at=" + Date.now(), function () {});
  };

  /* Reads the base-45 digit coding of src/search/bundle/encode.rs. */
  function Reader(s) { this.s = s; this.i = 0; }
  Reader.prototype.num = function () {
    var n = 0, scale = 1;
    for (;;) {
      var c = this.s.charCodeAt(this.i++);
      var d = c - 35 - (c > 92 ? 1 : 0);
      if (d < 45) return n + d * scale;
      n += (d - 45) * scale;
      scale *= 45;
    }
  };
  Reader.prototype.raw = function (len) {
    var t = this.s.substr(this.i, len);
    this.i += len;
    return t;
  };
  Reader.prototype.done = function () { return this.i >= this.s.length; };

  /* Code point order (the order of tantivy's UTF-8 term dictionary). */
  function cmp(a, b) {
    var n = Math.min(a.length, b.length);
    for (var i = 0; i < n; i++) {
      var x = a.charCodeAt(i), y = b.charCodeAt(i);
      if (x !== y) return fix(x) - fix(y);
    }
    return a.length - b.length;
  }
  function fix(u) {
    if (u >= 0xd800 && u <= 0xdfff) return u + 0x2000;
    if (u >= 0xe000) return u - 0x800;
    return u;
  }

  /* Index of the last boundary <= key in a flat [key, hash, key, hash...]. */
  function floorPair(flat, key) {
    var lo = 0, hi = flat.length / 2 - 1, found = 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (cmp(flat[mid * 2], key) <= 0) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return found;
  }

  var KIND_POSITIONS = 0, KIND_FREQS = 1, KIND_DOCS = 2;

  /* Decodes postings: docs, tfs, norms and (optionally) positions. */
  function readPostings(r, count, kind, norms, positions) {
    var out = { docs: new Array(count), tfs: null, norms: null, posStart: null, pos: null };
    if (kind !== KIND_DOCS) out.tfs = new Array(count);
    if (norms) out.norms = new Array(count);
    if (positions) { out.posStart = new Array(count + 1); out.pos = []; }
    var doc = 0;
    for (var i = 0; i < count; i++) {
      if (kind === KIND_DOCS) {
        doc += r.num();
        out.docs[i] = doc;
        continue;
      }
      var w = r.num();
      doc += Math.floor(w / 2);
      out.docs[i] = doc;
      var tf = w % 2 ? r.num() + 2 : 1;
      out.tfs[i] = tf;
      if (norms) out.norms[i] = r.num();
      if (positions) {
        out.posStart[i] = out.pos.length;
        var p = -1;
        for (var k = 0; k < tf; k++) {
          p = k === 0 ? r.num() : p + 1 + r.num();
          out.pos.push(p);
        }
      }
    }
    if (positions) out.posStart[count] = out.pos.length;
    return out;
  }

  function parseShard(data, fields, block) {
    var r = new Reader(data);
    var keys = [];
    var entries = Object.create(null);
    var prev = "";
    while (!r.done()) {
      var shared = r.num();
      var suffixLen = r.num();
      var key = prev.slice(0, shared) + r.raw(suffixLen);
      prev = key;
      var mask = r.num();
      var entry = [];
      for (var f = 0; f < fields.length; f++) {
        if (!(mask & (1 << f))) continue;
        var kind = fields[f][2];
        var head = r.num();
        var df = Math.floor(head / 2);
        var e = { field: f, df: df, kind: kind, hash: null, blocks: null, list: null };
        if (head % 2 === 0) {
          e.list = readPostings(r, df, kind, kind !== KIND_DOCS, kind === KIND_POSITIONS);
        } else {
          e.hash = r.raw(10);
          if (kind === KIND_POSITIONS) {
            var nb = Math.ceil(df / block);
            e.blocks = new Array(nb);
            var first = 0;
            for (var b = 0; b < nb; b++) { first += r.num(); e.blocks[b] = first; }
            e.blockLists = new Array(nb);
          }
        }
        entry[f] = e;
      }
      keys.push(key);
      entries[key] = entry;
    }
    return { keys: keys, entries: entries };
  }

  /* ------------------------------------------------------------------ */
  /* The searcher over one manifest                                      */
  /* ------------------------------------------------------------------ */

  var f32 = Math.fround;
  var K1 = f32(1.2), B = f32(0.75), ONE_PLUS_K1 = f32(1 + K1), ONE_MINUS_B = f32(1 - B);
  /* tantivy's fieldnorm id -> field length table (src/fieldnorm/code.rs). */
  var FIELD_NORMS = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
    16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31,
    32, 33, 34, 35, 36, 37, 38, 39, 40, 42, 44, 46, 48, 50, 52, 54,
    56, 60, 64, 68, 72, 76, 80, 84, 88, 96, 104, 112, 120, 128, 136, 144,
    152, 168, 184, 200, 216, 232, 248, 264, 280, 312, 344, 376, 408, 440, 472, 504,
    536, 600, 664, 728, 792, 856, 920, 984, 1048, 1176, 1304, 1432, 1560, 1688, 1816, 1944,
    2072, 2328, 2584, 2840, 3096, 3352, 3608, 3864, 4120, 4632, 5144, 5656, 6168, 6680, 7192, 7704,
    8216, 9240, 10264, 11288, 12312, 13336, 14360, 15384, 16408, 18456, 20504, 22552, 24600, 26648, 28696, 30744,
    32792, 36888, 40984, 45080, 49176, 53272, 57368, 61464, 65560, 73752, 81944, 90136, 98328, 106520, 114712, 122904,
    131096, 147480, 163864, 180248, 196632, 213016, 229400, 245784, 262168, 294936, 327704, 360472, 393240, 426008, 458776, 491544,
    524312, 589848, 655384, 720920, 786456, 851992, 917528, 983064, 1048600, 1179672, 1310744, 1441816, 1572888, 1703960, 1835032, 1966104,
    2097176, 2359320, 2621464, 2883608, 3145752, 3407896, 3670040, 3932184, 4194328, 4718616, 5242904, 5767192, 6291480, 6815768, 7340056, 7864344,
    8388632, 9437208, 10485784, 11534360, 12582936, 13631512, 14680088, 15728664, 16777240, 18874392, 20971544, 23068696, 25165848, 27263000, 29360152, 31457304,
    33554456, 37748760, 41943064, 46137368, 50331672, 54525976, 58720280, 62914584, 67108888, 75497496, 83886104, 92274712, 100663320, 109051928, 117440536, 125829144,
    134217752, 150994968, 167772184, 184549400, 201326616, 218103832, 234881048, 251658264, 268435480, 301989912, 335544344, 369098776, 402653208, 436207640, 469762072, 503316504,
    536870936, 603979800, 671088664, 738197528, 805306392, 872415256, 939524120, 1006632984, 1073741848, 1207959576, 1342177304, 1476395032, 1610612760, 1744830488, 1879048216, 2013265944
  ];

  function idf(df, n) {
    var x = f32(f32(f32(n - df) + 0.5) / f32(f32(df) + 0.5));
    return f32(Math.log(f32(1 + x)));
  }

  function Searcher(m) {
    this.m = m;
    this.fields = m.fields;
    this.shards = Object.create(null);
    this.caches = this.fields.map(function (field) {
      var avg = f32(f32(field[3]) / f32(m.docs));
      return FIELD_NORMS.map(function (len) {
        return f32(K1 * f32(ONE_MINUS_B + f32(f32(B * f32(len)) / avg)));
      });
    });
  }

  Searcher.prototype.shard = function (hash) {
    var self = this;
    if (self.shards[hash]) return Promise.resolve(self.shards[hash]);
    return load("t-" + hash).then(function (data) {
      return (self.shards[hash] = self.shards[hash] || parseShard(data, self.fields, self.m.block));
    });
  };

  /* The (page, shard) location of the shard that would hold `key`. */
  Searcher.prototype.locate = function (key) {
    var dict = this.m.dict;
    var page = floorPair(dict, key);
    return load("d-" + dict[page * 2 + 1]).then(function (shards) {
      return { page: page, shards: shards, index: floorPair(shards, key) };
    });
  };

  /* The entry of a term: per field, postings or where to find them. */
  Searcher.prototype.entry = function (key) {
    var self = this;
    if (!self.m.dict.length) return Promise.resolve([]);
    return self.locate(key).then(function (at) {
      return self.shard(at.shards[at.index * 2 + 1]);
    }).then(function (shard) {
      return shard.entries[key] || [];
    });
  };

  /* The first PREFIX_MAX terms starting with `prefix` that occur in a text field. */
  Searcher.prototype.expand = async function (prefix) {
    var out = [];
    var dict = this.m.dict;
    if (!dict.length) return out;
    var at = await this.locate(prefix);
    var page = at.page, shards = at.shards, index = at.index;
    for (;;) {
      var shard = await this.shard(shards[index * 2 + 1]);
      for (var i = 0; i < shard.keys.length; i++) {
        var key = shard.keys[i];
        if (cmp(key, prefix) < 0) continue;
        if (key.slice(0, prefix.length) !== prefix) return out;
        var entry = shard.entries[key];
        if (entry[0] || entry[1] || entry[2] || entry[3]) {
          out.push(key);
          if (out.length >= PREFIX_MAX_TERMS) return out;
        }
      }
      index++;
      if (index * 2 >= shards.length) {
        page++;
        if (page * 2 >= dict.length) return out;
        shards = await load("d-" + dict[page * 2 + 1]);
        index = 0;
      }
    }
  };

  /* The document list of a field entry (inline or its p- file). */
  Searcher.prototype.docList = function (e) {
    if (e.list) return Promise.resolve(e.list);
    if (e.docs) return Promise.resolve(e.docs);
    return load("p-" + e.hash).then(function (data) {
      return (e.docs = e.docs || readPostings(new Reader(data), e.df, e.kind, e.kind !== KIND_DOCS, false));
    });
  };

  /* Position block `b` of an out-of-line entry. */
  Searcher.prototype.block = function (e, b) {
    if (e.blockLists[b]) return Promise.resolve(e.blockLists[b]);
    var count = Math.min(this.m.block, e.df - b * this.m.block);
    return load("q-" + e.hash + "-" + b).then(function (data) {
      return (e.blockLists[b] = e.blockLists[b] || readPostings(new Reader(data), count, e.kind, false, true));
    });
  };

  function weight(idfValue, boost) {
    return f32(f32(idfValue * ONE_PLUS_K1) * f32(boost));
  }

  function bm25(w, cache, normId, tf) {
    return f32(w * f32(tf / f32(tf + cache[normId])));
  }

  /* A term's part in one field: {docs, values} sorted by doc (cached on
   * the entry: warm queries and typing reuse it). */
  Searcher.prototype.termPart = async function (e, boost) {
    e.parts = e.parts || {};
    if (e.parts[boost]) return e.parts[boost];
    var list = await this.docList(e);
    var w = weight(idf(e.df, this.m.docs), boost);
    var cache = this.caches[e.field];
    var values = new Float64Array(list.docs.length);
    for (var i = 0; i < values.length; i++) values[i] = bm25(w, cache, list.norms[i], list.tfs[i]);
    return (e.parts[boost] = { docs: list.docs, values: values, lazy: false });
  };

  function lowerBound(arr, x) {
    var lo = 0, hi = arr.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (arr[mid] < x) lo = mid + 1; else hi = mid; }
    return lo;
  }

  function blockOf(e, doc) {
    var b = lowerBound(e.blocks, doc + 1) - 1;
    return b < 0 ? 0 : b;
  }

  /* Positions of `doc` in a term's field entry, or null when absent. The
   * blocks needed must have been loaded (see loadBlocks). */
  function positionsOf(e, doc) {
    var list = e.list;
    if (!list) list = e.blockLists[blockOf(e, doc)];
    var i = lowerBound(list.docs, doc);
    if (list.docs[i] !== doc) return null;
    return list.pos.slice(list.posStart[i], list.posStart[i + 1]);
  }

  Searcher.prototype.loadBlocks = function (e, docs) {
    if (e.list) return Promise.resolve();
    var need = {};
    var self = this;
    docs.forEach(function (d) { need[blockOf(e, d)] = true; });
    return Promise.all(Object.keys(need).map(function (b) { return self.block(e, +b); }));
  };

  /* A part of a query: one term or phrase in one field, as {docs, values}
   * sorted by doc. A phrase over out-of-line terms is lazy: its values are
   * upper bounds, and resolve(docs) -> Promise<Map doc -> exact score>
   * loads positions only for the documents that can still reach the top. */
  Searcher.prototype.phrasePart = async function (entries, field, boost) {
    var self = this;
    var terms = [];
    for (var i = 0; i < entries.length; i++) {
      var e = entries[i][field];
      if (!e) return { docs: [], values: [], lazy: false };
      terms.push({ e: e, offset: i });
    }
    var idfSum = 0;
    terms.forEach(function (t) { idfSum = f32(idfSum + idf(t.e.df, self.m.docs)); });
    var w = weight(idfSum, boost);
    var cache = self.caches[field];
    var order = terms.slice().sort(function (a, b) { return a.e.df - b.e.df || a.offset - b.offset; });
    var rarest = await self.docList(order[0].e);
    // Candidates: the rarest term's documents that every inline term also
    // holds. The phrase occurs at most min(tf) times: an upper bound.
    var docs = rarest.docs.slice(), tfs = rarest.tfs.slice(), norms = rarest.norms.slice();
    order.slice(1).forEach(function (t) {
      if (!t.e.list) return;
      var other = t.e.list;
      var k = 0, j = 0;
      for (var c = 0; c < docs.length; c++) {
        while (j < other.docs.length && other.docs[j] < docs[c]) j++;
        if (other.docs[j] !== docs[c]) continue;
        docs[k] = docs[c];
        tfs[k] = Math.min(tfs[c], other.tfs[j]);
        norms[k] = norms[c];
        k++;
      }
      docs.length = tfs.length = norms.length = k;
    });
    var normOf = new Map();
    docs.forEach(function (d, k) { normOf.set(d, norms[k]); });
    var values = new Float64Array(docs.length);
    for (var v = 0; v < docs.length; v++) values[v] = bm25(w, cache, norms[v], tfs[v]);
    // Exact scores: phrase starts kept term by term, rarest first.
    var resolve = async function (need) {
      var starts = new Map();
      var alive = need;
      // Two waves: the rarest term's position blocks, which rule out most
      // candidates, then every other term's for the candidates left (one
      // wave per term cost a round trip each; all at once, the blocks the
      // rarest term would have spared).
      for (var t = 0; t < order.length && alive.length; t++) {
        var term = order[t];
        // The two rarest terms' position blocks one after the other (they
        // rule out most candidates), then every other term's at once for
        // the candidates left: three waves at most, few blocks spared.
        if (t < 2) await self.loadBlocks(term.e, alive);
        else if (t === 2) {
          var left = alive;
          await Promise.all(order.slice(2).map(function (r) { return self.loadBlocks(r.e, left); }));
        }
        var next = [];
        for (var c = 0; c < alive.length; c++) {
          var doc = alive[c];
          var pos = positionsOf(term.e, doc);
          if (!pos) continue;
          var kept;
          if (t === 0) {
            kept = pos.map(function (p) { return p - term.offset; });
          } else {
            var set = new Set(pos);
            kept = starts.get(doc).filter(function (x) { return set.has(x + term.offset); });
          }
          if (kept.length) { starts.set(doc, kept); next.push(doc); }
        }
        alive = next;
      }
      var out = new Map();
      alive.forEach(function (doc) { out.set(doc, bm25(w, cache, normOf.get(doc), starts.get(doc).length)); });
      return out;
    };
    if (terms.every(function (t) { return t.e.list; })) {
      var exact = await resolve(docs);
      var ds = docs.filter(function (d) { return exact.has(d); });
      return { docs: ds, values: ds.map(function (d) { return exact.get(d); }), lazy: false };
    }
    return { docs: docs, values: values, lazy: true, resolve: resolve, verified: new Map(), tried: new Set() };
  };

  /* The parts of one query word, in the order of QueryBuilder::push_parts
   * (a clause's score is their left fold, as in tantivy). Everything a
   * word needs is requested at once — its fields, its prefix's terms, a
   * phrase's tokens — so a query costs a few waves of requests, not one
   * per term and field. */
  Searcher.prototype.wordParts = async function (word) {
    var self = this;
    var fields = self.fields;
    var flat = function (lists) { return [].concat.apply([], lists); };
    var termParts = function (entry, base) {
      var parts = [];
      for (var f = base; f < base + 4; f++) {
        if (entry[f]) parts.push(self.termPart(entry[f], fields[f][1]));
      }
      return Promise.all(parts);
    };
    if (word.t === "term" || word.t === "char") {
      return termParts(await self.entry(word.text), word.t === "term" ? 0 : 4);
    }
    if (word.t === "prefix") {
      var terms = await self.expand(word.text);
      var entries = await Promise.all(terms.map(function (t) { return self.entry(t); }));
      return flat(await Promise.all(entries.map(function (e) { return termParts(e, 0); })));
    }
    if (word.t === "phrase") {
      var tokens = await Promise.all(word.tokens.map(function (t) { return self.entry(t); }));
      return Promise.all([0, 1, 2, 3].map(function (f) { return self.phrasePart(tokens, f, fields[f][1]); }));
    }
    if (word.t === "any") {
      return flat(await Promise.all(word.words.map(function (w) { return self.wordParts(w); })));
    }
    return [];
  };

  /* The parts of every word of a plan, requested together. */
  Searcher.prototype.planParts = function (plan) {
    var self = this;
    return Promise.all(plan.words.map(function (w) { return self.wordParts(w); }));
  };

  /* Resolves the lazy parts' candidates `need(part)` (all parts at once). */
  function resolveLazy(lazyParts, need) {
    return Promise.all(lazyParts.map(async function (part) {
      var docs = need(part);
      if (!docs.length) return;
      var found = await part.resolve(docs);
      docs.forEach(function (x) {
        part.tried.add(x);
        if (found.has(x)) part.verified.set(x, found.get(x));
      });
    }));
  }

  /* Documents carrying every tag, or null for no filter. */
  Searcher.prototype.tagFilter = async function (tags) {
    var allowed = null;
    for (var i = 0; i < tags.length; i++) {
      var entry = await this.entry(tags[i]);
      var docs = entry[8] ? (await this.docList(entry[8])).docs : [];
      var set = new Set(docs);
      if (allowed) allowed = new Set(Array.from(allowed).filter(function (d) { return set.has(d); }));
      else allowed = set;
    }
    return allowed;
  };

  /* A part's exact score for a document (verified for lazy parts), or
   * undefined when it does not match. */
  function partScore(part, doc) {
    var i = lowerBound(part.docs, doc);
    if (part.docs[i] !== doc) return undefined;
    if (!part.lazy) return part.values[i];
    return part.verified.get(doc);
  }

  function fold(values) {
    var sum;
    for (var i = 0; i < values.length; i++) {
      var v = values[i];
      if (v === undefined) continue;
      sum = sum === undefined ? v : f32(sum + v);
    }
    return sum;
  }

  function exactScore(clauses, mode, doc) {
    var scores = clauses.map(function (parts) {
      return fold(parts.map(function (p) { return partScore(p, doc); }));
    });
    if (mode !== "any" && scores.some(function (x) { return x === undefined; })) return undefined;
    return fold(scores);
  }

  function better(a, b) {
    return a.score > b.score || (a.score === b.score && a.doc < b.doc);
  }

  /* The best `limit` of scored documents, kept sorted; push returns false
   * once a document cannot enter. */
  function TopK(limit) { this.limit = limit; this.items = []; }
  TopK.prototype.kth = function () {
    return this.items.length >= this.limit ? this.items[this.limit - 1] : null;
  };
  TopK.prototype.offer = function (doc, score) {
    var kth = this.kth();
    if (kth && (score < kth.score || (score === kth.score && doc > kth.doc))) return;
    this.push({ doc: doc, score: score });
  };
  TopK.prototype.push = function (item) {
    var kth = this.kth();
    if (kth && !better(item, kth)) return;
    var i = this.items.length;
    this.items.push(item);
    while (i > 0 && better(item, this.items[i - 1])) { this.items[i] = this.items[i - 1]; i--; }
    this.items[i] = item;
    if (this.items.length > this.limit) this.items.length = this.limit;
  };

  /* A clause's score per document (the left fold of its parts; NaN where
   * none matches) and whether a lazy part contributed (an upper bound). */
  function accumulate(parts, acc, marks) {
    acc.fill(NaN);
    marks.fill(0);
    for (var p = 0; p < parts.length; p++) {
      var docs = parts[p].docs, values = parts[p].values, lazy = parts[p].lazy ? 1 : 0;
      for (var k = 0; k < docs.length; k++) {
        var d = docs[k], v = values[k], a = acc[d];
        acc[d] = a !== a ? v : f32(a + v);
        if (lazy) marks[d] = 1;
      }
    }
  }

  /* Combines clause scores per document: exact ones go to `top`, bounds
   * to the pending lists. Returns the number of exact matches. */
  function scan(n, sums, allowed, any, top, pendingDocs, pendingScores) {
    var exact = 0;
    var clauses = sums.length;
    for (var d = 0; d < n; d++) {
      if (allowed && !allowed.has(d)) continue;
      var sum = NaN, lazy = false, ok = true;
      for (var c = 0; c < clauses; c++) {
        var v = sums[c].acc[d];
        if (v !== v) {
          if (!any) { ok = false; break; }
          continue;
        }
        sum = sum !== sum ? v : f32(sum + v);
        if (sums[c].marks[d]) lazy = true;
      }
      if (!ok || sum !== sum) continue;
      if (lazy) { pendingDocs.push(d); pendingScores.push(sum); }
      else { exact++; top.offer(d, sum); }
    }
    return exact;
  }

  /* A max-heap of (doc, bound) in ranking order (bound desc, doc asc). */
  function BoundHeap(docs, scores) {
    this.docs = docs;
    this.scores = scores;
    this.size = docs.length;
    for (var i = (this.size >> 1) - 1; i >= 0; i--) this.down(i);
  }
  BoundHeap.prototype.above = function (i, j) {
    var a = this.scores[i], b = this.scores[j];
    return a > b || (a === b && this.docs[i] < this.docs[j]);
  };
  BoundHeap.prototype.swap = function (i, j) {
    var d = this.docs[i]; this.docs[i] = this.docs[j]; this.docs[j] = d;
    var s = this.scores[i]; this.scores[i] = this.scores[j]; this.scores[j] = s;
  };
  BoundHeap.prototype.down = function (i) {
    for (;;) {
      var l = 2 * i + 1, r = l + 1, m = i;
      if (l < this.size && this.above(l, m)) m = l;
      if (r < this.size && this.above(r, m)) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  };
  BoundHeap.prototype.peek = function () {
    return { doc: this.docs[0], score: this.scores[0] };
  };
  BoundHeap.prototype.pop = function () {
    var top = this.peek();
    this.size--;
    this.swap(0, this.size);
    this.down(0);
    return top;
  };

  /* Candidates verified per round after the first `limit`. */
  var BATCH = 8;

  /* The top `limit` documents of a plan, exactly as tantivy ranks them.
   * Clause scores are summed in dense arrays (upper bounds where a lazy
   * phrase contributes); lazy candidates are then verified by decreasing
   * bound until none left can enter the top. `total` is exact only when
   * every candidate was verified. */
  Searcher.prototype.planTop = async function (plan, allowed, limit) {
    var n = this.m.docs;
    var clauses = await this.planParts(plan);
    var lazyParts = [];
    clauses.forEach(function (parts) {
      parts.forEach(function (part) { if (part.lazy) lazyParts.push(part); });
    });
    var pool = this.pool || (this.pool = []);
    var sums = clauses.map(function (parts, ci) {
      // Per-clause buffers are reused across queries (no garbage per query).
      var buffers = pool[ci] || (pool[ci] = { acc: new Float64Array(n), marks: new Uint8Array(n) });
      accumulate(parts, buffers.acc, buffers.marks);
      return buffers;
    });
    var top = new TopK(limit);
    var pendingDocs = [], pendingScores = [];
    var exactCount = scan(n, sums, allowed, plan.mode === "any", top, pendingDocs, pendingScores);
    // Lazy candidates come out of a heap by decreasing bound: only the few
    // that are verified are ever ordered.
    var heap = new BoundHeap(pendingDocs, pendingScores);
    var verifiedCount = 0;
    var lazyMatches = 0;
    for (;;) {
      var kth = top.kth();
      var size = verifiedCount === 0 ? Math.max(limit, BATCH) : BATCH;
      var batch = [];
      while (heap.size && batch.length < size) {
        if (kth && better(kth, heap.peek())) break;
        batch.push(heap.pop().doc);
      }
      if (!batch.length) break;
      verifiedCount += batch.length;
      await resolveLazy(lazyParts, function (part) {
        return batch.filter(function (x) {
          var k = lowerBound(part.docs, x);
          return part.docs[k] === x && !part.tried.has(x);
        });
      });
      batch.forEach(function (x) {
        var score = exactScore(clauses, plan.mode, x);
        if (score === undefined) return;
        lazyMatches++;
        top.push({ doc: x, score: score });
      });
    }
    var total = exactCount + lazyMatches;
    return {
      hits: top.items,
      total: total,
      totalExact: heap.size === 0,
      totalMax: total + heap.size
    };
  };

  /* Runs a query with the fallback cascade of the CLI. */
  Searcher.prototype.search = async function (query, opts) {
    opts = opts || {};
    var parsed = parseQuery(query);
    var tags = parsed.tags.slice();
    (opts.tags || []).forEach(function (t) {
      t = normalizeTag(t);
      if (t && tags.indexOf(t) < 0) tags.push(t);
    });
    var limit = Math.max(opts.limit || 10, 1);
    var allowed = tags.length ? await this.tagFilter(tags) : null;
    var result = { hits: [], total: 0, totalExact: true, totalMax: 0, mode: "all", orFallback: false, tags: tags, words: [] };
    if (!parsed.words.length) {
      if (allowed) {
        var docs = Array.from(allowed).sort(function (a, b) { return a - b; });
        result.total = docs.length;
        result.hits = docs.slice(0, limit).map(function (d) { return { doc: d, score: 0 }; });
      }
      return result;
    }
    var ps = plans(parsed);
    for (var i = 0; i < ps.length; i++) {
      var top = await this.planTop(ps[i], allowed, limit);
      result.mode = ps[i].mode;
      if (!top.hits.length) continue;
      result.hits = top.hits;
      result.total = top.total;
      result.totalExact = top.totalExact;
      result.totalMax = top.totalMax;
      result.orFallback = ps[i].mode === "any";
      result.words = ps[i].words;
      return result;
    }
    return result;
  };

  /* ------------------------------------------------------------------ */
  /* Page-level search (mirrors src/search/notes.rs)                     */
  /* ------------------------------------------------------------------ */

  var SUB_RESULTS = 3;

  /* The first document of every page, then the document count: page p
   * holds documents starts[p] .. starts[p + 1] - 1. */
  Searcher.prototype.pageStarts = function () {
    var self = this;
    if (self.starts) return Promise.resolve(self.starts);
    return load("n-" + self.m.pages).then(function (data) {
      if (self.starts) return self.starts;
      var r = new Reader(data);
      var starts = [0], at = 0;
      while (!r.done()) { at += r.num(); starts.push(at); }
      return (self.starts = starts);
    });
  };

  /* A clause's exact score for a document, or undefined. */
  function clauseScore(parts, doc) {
    return fold(parts.map(function (p) { return partScore(p, doc); }));
  }

  /* A page's exact score: each clause's best section score, summed in
   * clause order; undefined when the page does not match. */
  function exactPageScore(clauses, mode, from, to, allowed) {
    var sum;
    for (var c = 0; c < clauses.length; c++) {
      var best = undefined;
      for (var d = from; d < to; d++) {
        if (allowed && !allowed.has(d)) continue;
        var v = clauseScore(clauses[c], d);
        if (v !== undefined && (best === undefined || v > best)) best = v;
      }
      if (best === undefined) {
        if (mode !== "any") return undefined;
        continue;
      }
      sum = sum === undefined ? best : f32(sum + best);
    }
    return sum;
  }

  /* The page's sections holding a word, best first (their score sums the
   * clauses they hold), at most SUB_RESULTS. */
  function bestSections(clauses, from, to, allowed) {
    var out = [];
    for (var d = from; d < to; d++) {
      if (allowed && !allowed.has(d)) continue;
      var sum = clauses.length ? fold(clauses.map(function (parts) { return clauseScore(parts, d); })) : 0;
      if (sum !== undefined) out.push({ doc: d, score: sum });
    }
    out.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
    return out.slice(0, SUB_RESULTS);
  }

  /* The top `limit` pages of a plan, exactly as notes.rs ranks them. Pages
   * whose sections hold a lazy phrase's candidates start as upper bounds
   * and are verified by decreasing bound, as in planTop. */
  Searcher.prototype.pageTop = async function (plan, allowed, limit, starts) {
    var n = this.m.docs;
    var clauses = await this.planParts(plan);
    var lazyParts = [];
    clauses.forEach(function (parts) {
      parts.forEach(function (part) { if (part.lazy) lazyParts.push(part); });
    });
    var pool = this.pool || (this.pool = []);
    var sums = clauses.map(function (parts, ci) {
      var buffers = pool[ci] || (pool[ci] = { acc: new Float64Array(n), marks: new Uint8Array(n) });
      accumulate(parts, buffers.acc, buffers.marks);
      return buffers;
    });
    var any = plan.mode === "any";
    var top = new TopK(limit);
    var pendingPages = [], pendingBounds = [];
    var exactCount = 0;
    for (var p = 0; p + 1 < starts.length; p++) {
      var from = starts[p], to = starts[p + 1];
      var sum = NaN, ok = true, lazy = false;
      for (var c = 0; c < sums.length && ok; c++) {
        var acc = sums[c].acc, marks = sums[c].marks, best = NaN;
        for (var d = from; d < to; d++) {
          var v = acc[d];
          if (v !== v || (allowed && !allowed.has(d))) continue;
          if (marks[d]) lazy = true;
          if (best !== best || v > best) best = v;
        }
        if (best !== best) { if (!any) ok = false; continue; }
        sum = sum !== sum ? best : f32(sum + best);
      }
      if (!ok || sum !== sum) continue;
      if (lazy) { pendingPages.push(p); pendingBounds.push(sum); }
      else { exactCount++; top.offer(p, sum); }
    }
    var heap = new BoundHeap(pendingPages, pendingBounds);
    var verifiedCount = 0, lazyMatches = 0, rounds = 0;
    for (;;) {
      var kth = top.kth();
      // Each round is a wave of requests: the batches double, so a long
      // tail of candidates costs few waves.
      var size = Math.max(limit, BATCH) << Math.min(rounds++, 2);
      var batch = [];
      while (heap.size && batch.length < size) {
        if (kth && better(kth, heap.peek())) break;
        batch.push(heap.pop().doc);
      }
      if (!batch.length) break;
      verifiedCount += batch.length;
      await resolveLazy(lazyParts, function (part) {
        var need = [];
        batch.forEach(function (page) {
          for (var x = starts[page]; x < starts[page + 1]; x++) {
            var k = lowerBound(part.docs, x);
            if (part.docs[k] === x && !part.tried.has(x)) need.push(x);
          }
        });
        return need;
      });
      batch.forEach(function (page) {
        var score = exactPageScore(clauses, plan.mode, starts[page], starts[page + 1], allowed);
        if (score === undefined) return;
        lazyMatches++;
        top.push({ doc: page, score: score });
      });
    }
    var total = exactCount + lazyMatches;
    return {
      pages: top.items.map(function (item) {
        return {
          page: item.doc,
          score: item.score,
          sections: bestSections(clauses, starts[item.doc], starts[item.doc + 1], allowed)
        };
      }),
      total: total,
      totalExact: heap.size === 0,
      totalMax: total + heap.size
    };
  };

  /* Typo suggestions (mirrors src/search/typo.rs). */
  var TYPO_MIN_CHARS = 4, TYPO_KEEP_CHARS = 3;

  function editDistance(a, b) {
    var row = [];
    for (var j = 0; j <= b.length; j++) row.push(j);
    for (var i = 0; i < a.length; i++) {
      var diagonal = row[0];
      row[0] = i + 1;
      for (var k = 0; k < b.length; k++) {
        var above = row[k + 1];
        row[k + 1] = Math.min(diagonal + (a[i] === b[k] ? 0 : 1), row[k] + 1, above + 1);
        diagonal = above;
      }
    }
    return row[b.length];
  }

  /* The closest of [[term, docs]] (in term order), then the one in most
   * documents, then the first; null when none is close enough. */
  function closestTerm(word, candidates) {
    var limit = word.length <= 5 ? 1 : 2;
    var best = null;
    candidates.forEach(function (c) {
      var term = c[0], docs = c[1];
      if (Math.abs(term.length - word.length) > limit || !/^[0-9a-z]+$/i.test(term)) return;
      var d = editDistance(word, term);
      if (d === 0 || d > limit) return;
      if (!best || d < best.d || (d === best.d && docs > best.docs)) best = { d: d, docs: docs, term: term };
    });
    return best && best.term;
  }

  /* Every term of a text field starting with `prefix`: [[term, docs]]. */
  Searcher.prototype.termsWithPrefix = async function (prefix) {
    var out = [];
    var dict = this.m.dict;
    if (!dict.length) return out;
    var at = await this.locate(prefix);
    var page = at.page, shards = at.shards, index = at.index;
    for (;;) {
      var shard = await this.shard(shards[index * 2 + 1]);
      for (var i = 0; i < shard.keys.length; i++) {
        var key = shard.keys[i];
        if (cmp(key, prefix) < 0) continue;
        if (key.slice(0, prefix.length) !== prefix) return out;
        var entry = shard.entries[key], docs = 0, found = false;
        for (var f = 0; f < 4; f++) if (entry[f]) { docs += entry[f].df; found = true; }
        if (found) out.push([key, docs]);
      }
      index++;
      if (index * 2 >= shards.length) {
        page++;
        if (page * 2 >= dict.length) return out;
        shards = await load("d-" + dict[page * 2 + 1]);
        index = 0;
      }
    }
  };

  /* The query with each Latin word that matches nothing replaced by its
   * closest term: {parsed, text}, or null. */
  Searcher.prototype.correct = async function (query, parsed) {
    var replaced = [];
    var words = [];
    for (var i = 0; i < parsed.words.length; i++) {
      var word = parsed.words[i];
      words.push(word);
      if ((word.t !== "term" && word.t !== "prefix") || word.text.length < TYPO_MIN_CHARS || !/^[0-9a-z]+$/i.test(word.text)) continue;
      var known = await this.termsWithPrefix(word.text);
      var matches = word.t === "prefix" ? known.length > 0 : known.some(function (k) { return k[0] === word.text; });
      if (matches) continue;
      var best = closestTerm(word.text, await this.termsWithPrefix(word.text.slice(0, TYPO_KEEP_CHARS)));
      if (!best) continue;
      replaced.push([word.text, best]);
      words[i] = { t: "term", text: best };
    }
    if (!replaced.length) return null;
    var text = normalize(query).split(/[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/).filter(Boolean).map(function (part) {
      var tokens = tokenize(part);
      var hit = tokens.length === 1 && replaced.filter(function (r) { return r[0] === tokens[0].text; })[0];
      return hit ? part.replace(hit[0], hit[1]) : part;
    }).join(" ");
    return { parsed: { words: words, tags: parsed.tags }, text: text };
  };

  /* Runs a query page by page with the fallback cascade of the CLI:
   * {pages: [{page, score, sections: [{doc, score}]}], total, totalExact,
   * totalMax, mode, loosened, orFallback, tags, words}. */
  Searcher.prototype.searchPages = async function (query, opts) {
    opts = opts || {};
    var self = this;
    // Starts loading a word's dictionary pages and shards (errors are
    // reported where the word is used).
    var warm = function (w) {
      if (w.t === "any") return w.words.forEach(warm);
      var keys = w.t === "phrase" ? w.tokens : [w.text];
      keys.forEach(function (k) { self.entry(k).catch(function () {}); });
    };
    var startsLoading = this.pageStarts();
    var parsed = parseQuery(query);
    var tags = parsed.tags.slice();
    (opts.tags || []).forEach(function (t) {
      t = normalizeTag(t);
      if (t && tags.indexOf(t) < 0) tags.push(t);
    });
    var limit = Math.max(opts.limit || 10, 1);
    var allowedLoading = tags.length ? this.tagFilter(tags) : Promise.resolve(null);
    // The words' files are requested with the page list, not after it.
    if (parsed.words.length) plans(parsed).forEach(function (p) { p.words.forEach(function (w) { warm(w); }); });
    var starts = await startsLoading;
    var allowed = await allowedLoading;
    var result = { pages: [], total: 0, totalExact: true, totalMax: 0, mode: "all", loosened: false, orFallback: false, suggestion: null, tags: tags, words: [] };
    if (!parsed.words.length) {
      if (!allowed) return result;
      for (var p = 0; p + 1 < starts.length; p++) {
        var sections = bestSections([], starts[p], starts[p + 1], allowed);
        if (!sections.length) continue;
        result.total++;
        if (result.pages.length < limit) result.pages.push({ page: p, score: 0, sections: sections });
      }
      result.totalMax = result.total;
      return result;
    }
    var tryPlans = async function (ps) {
      for (var i = 0; i < ps.length; i++) {
        var top = await self.pageTop(ps[i], allowed, limit, starts);
        result.mode = ps[i].mode;
        if (!top.pages.length) continue;
        result.pages = top.pages;
        result.total = top.total;
        result.totalExact = top.totalExact;
        result.totalMax = top.totalMax;
        result.loosened = ps[i].mode === "all_loose";
        result.orFallback = ps[i].mode === "any";
        result.words = ps[i].words;
        return true;
      }
      return false;
    };
    var ps = plans(parsed);
    var isAny = function (p) { return p.mode === "any"; };
    if (await tryPlans(ps.filter(function (p) { return !isAny(p); }))) return result;
    // No page has every word: a mistyped Latin word is corrected first.
    var correction = await this.correct(query, parsed);
    if (correction && await tryPlans(plans(correction.parsed))) {
      result.suggestion = correction.text;
      return result;
    }
    await tryPlans(ps.filter(isAny));
    return result;
  };

  /* Where documents' display data lives: [{doc, note, section}], `note`
   * naming the note's fragment file (so hits can be grouped by note before
   * any fragment is loaded). Loads fragment-directory pages only. */
  Searcher.prototype.places = async function (docs) {
    var m = this.m;
    return Promise.all(docs.map(async function (doc) {
      var page = Math.floor(doc / m.dirDocs);
      var runs = await load("r-" + m.dir + "-" + page);
      var r = new Reader(runs);
      var at = page * m.dirDocs;
      for (;;) {
        var count = r.num(), start = r.num(), hash = r.raw(10);
        if (doc < at + count) return { doc: doc, note: hash, section: start + doc - at };
        at += count;
      }
    }));
  };

  /* Display data of documents: {doc, url, title, headings, tags, text}. */
  Searcher.prototype.fragments = async function (docs) {
    var places = await this.places(docs);
    return Promise.all(places.map(async function (p) {
      var frag = await load("f-" + p.note);
      var s = frag[2][p.section];
      return {
        doc: p.doc, url: s[0], title: frag[0], headings: s[1], tags: frag[1], text: s[2],
        rest: frag[3] ? { file: "x-" + frag[3], section: p.section } : null
      };
    }));
  };

  /* Fragments for showing results of `words`: a long section whose first
   * part lacks some of the words gets the rest of its text, so its excerpt
   * can centre on a match anywhere in the section (as the CLI's does). */
  Searcher.prototype.fragmentsFor = async function (docs, words) {
    var frags = await this.fragments(docs);
    var leaves = leafCount(words);
    await Promise.all(frags.map(async function (f) {
      if (!f.rest || distinctMatched(f.text, words) >= leaves) return;
      var rests = await load(f.rest.file);
      f.text += rests[f.rest.section];
    }));
    frags.forEach(function (f) { delete f.rest; });
    return frags;
  };

  /* ------------------------------------------------------------------ */
  /* Excerpts (mirrors src/search/excerpt.rs)                            */
  /* ------------------------------------------------------------------ */

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

  function leafCount(words) {
    var n = 0;
    words.forEach(function (w) { n += w.t === "any" ? leafCount(w.words) : 1; });
    return n;
  }

  /* How many different words of the query match in `text`. */
  function distinctMatched(text, words) {
    var seen = Object.create(null), n = 0;
    matchSpans(text, words).forEach(function (s) {
      if (!seen[s[2]]) { seen[s[2]] = true; n++; }
    });
    return n;
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

  /* ------------------------------------------------------------------ */
  /* Public API                                                          */
  /* ------------------------------------------------------------------ */

  var searcher = null;

  function current() {
    return manifest().then(function (m) {
      if (!searcher || searcher.m !== m) searcher = new Searcher(m);
      return searcher;
    });
  }

  /* shiori.search(query, {tags, limit}) -> {hits: [{doc, score}], total,
   * mode, orFallback, tags, words} */
  shiori.search = function (query, opts) {
    return current().then(function (s) { return s.search(query, opts); });
  };
  /* shiori.searchPages(query, {tags, limit}) -> {pages: [{page, score,
   * sections: [{doc, score}]}], total, mode, loosened, orFallback, tags, words} */
  shiori.searchPages = function (query, opts) {
    return current().then(function (s) { return s.searchPages(query, opts); });
  };
  /* shiori.fragments([doc]) -> [{doc, url, title, headings, tags, text}] */
  shiori.fragments = function (docs) {
    return current().then(function (s) { return s.fragments(docs); });
  };
  /* shiori.locate([doc]) -> [{doc, note, section}] */
  shiori.locate = function (docs) {
    return current().then(function (s) { return s.places(docs); });
  };
  /* shiori.fragmentsFor([doc], words) -> fragments with enough text for
   * an excerpt of `words` */
  shiori.fragmentsFor = function (docs, words) {
    return current().then(function (s) { return s.fragmentsFor(docs, words); });
  };
  shiori.excerpt = excerpt;
  /* shiori.matchRanges(text, words) -> [[start, end]] (UTF-16 offsets,
   * overlapping matches joined): where to mark the words in a text. */
  shiori.matchRanges = function (text, words) { return mergeSpans(matchSpans(text, words)); };
  shiori.tokenize = tokenize;
  shiori.normalize = normalize;
  shiori.parseQuery = parseQuery;
  shiori.plans = plans;
})(typeof window !== "undefined" ? window : globalThis);
