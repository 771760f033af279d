/*
 * shiori search runtime, 4 of 5: matching and ranking, exactly as tantivy
 * and src/search/notes.rs do (BM25 in f32 with tantivy's fieldnorm table,
 * phrases checked on positions, sums folded in tantivy's order), the
 * fallback cascade and typo corrections (mirrors src/search/typo.rs).
 */
(function (global) {
  "use strict";

  var shiori = global.shiori || (global.shiori = {});
  var _ = shiori._ || (shiori._ = {});
  /* From the scripts loaded before this one. */
  var Searcher = _.Searcher,
    intersect = _.intersect,
    loosened = _.loosened,
    lowerBound = _.lowerBound,
    normalize = _.normalize,
    normalizeTag = _.normalizeTag,
    parseQuery = _.parseQuery,
    plans = _.plans,
    postingOf = _.postingOf,
    tokenize = _.tokenize;

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

  /* BM25's per-fieldnorm cache of a field, as tantivy's Bm25Weight has it. */
  Searcher.prototype.normCache = function (field) {
    var m = this.m;
    var caches = this.caches || (this.caches = []);
    if (caches[field]) return caches[field];
    var avg = f32(f32(this.fields[field][3]) / f32(m.docs));
    return (caches[field] = FIELD_NORMS.map(function (len) {
      return f32(K1 * f32(ONE_MINUS_B + f32(f32(B * f32(len)) / avg)));
    }));
  };

  function idf(df, n) {
    var x = f32(f32(f32(n - df) + 0.5) / f32(f32(df) + 0.5));
    return f32(Math.log(f32(1 + x)));
  }

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
    var cache = this.normCache(e.field);
    var values = new Float64Array(list.docs.length);
    for (var i = 0; i < values.length; i++) values[i] = bm25(w, cache, list.norms[i], list.tfs[i]);
    return (e.parts[boost] = { docs: list.docs, values: values });
  };

  /* A part of a query: one phrase in one field, as {docs, values} sorted
   * by doc, exact. Its positions come in one wave: the blocks of its
   * out-of-line terms that hold the documents every inline term holds, or,
   * when every term is out of line, all their blocks (the candidates are
   * spread over the documents, so nearly every block would be needed
   * anyway, and a second wave would cost a round trip). */
  Searcher.prototype.phrasePart = async function (entries, field, boost) {
    var self = this;
    var terms = [];
    for (var i = 0; i < entries.length; i++) {
      var e = entries[i][field];
      if (!e) return { docs: [], values: [] };
      terms.push({ e: e, offset: i });
    }
    var idfSum = 0;
    terms.forEach(function (t) { idfSum = f32(idfSum + idf(t.e.df, self.m.docs)); });
    var w = weight(idfSum, boost);
    var cache = self.normCache(field);
    var within = null;
    terms.forEach(function (t) {
      if (t.e.list) within = within ? intersect(within, t.e.list.docs) : t.e.list.docs;
    });
    if (within && !within.length) return { docs: [], values: [] };
    await Promise.all(terms.map(function (t) { return self.loadBlocks(t.e, within); }));
    // Candidates: the documents of the rarest term that the others hold.
    var order = terms.slice().sort(function (a, b) { return a.e.df - b.e.df || a.offset - b.offset; });
    var candidates = within || order[0].e.full.docs;
    var docs = [], values = [];
    for (var c = 0; c < candidates.length; c++) {
      var doc = candidates[c], starts = null, norm = 0;
      for (var t = 0; t < order.length; t++) {
        var posting = postingOf(order[t].e, doc);
        if (!posting) { starts = null; break; }
        norm = posting.norm;
        var off = order[t].offset;
        if (!starts) starts = posting.pos.map(function (p) { return p - off; });
        else {
          var set = new Set(posting.pos);
          starts = starts.filter(function (x) { return set.has(x + off); });
        }
        if (!starts.length) break;
      }
      if (!starts || !starts.length) continue;
      docs.push(doc);
      values.push(bm25(w, cache, norm, starts.length));
    }
    return { docs: docs, values: values };
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
  Searcher.prototype.planParts = async function (plan) {
    var self = this;
    // A word in no shard cannot match: its plan needs no postings (and a
    // typo's correction gets the next wave, not the one after).
    if (plan.mode !== "any") {
      var present = await Promise.all(plan.words.map(function (w) { return self.present(w); }));
      if (present.indexOf(false) >= 0) return null;
    }
    return Promise.all(plan.words.map(function (w) { return self.wordParts(w); }));
  };

  /* Whether a word's terms are in the dictionary (shards only). */
  Searcher.prototype.present = async function (word) {
    var self = this;
    var has = function (entry, base) {
      for (var f = base; f < base + 4; f++) if (entry[f]) return true;
      return false;
    };
    if (word.t === "term" || word.t === "char") return has(await self.entry(word.text), word.t === "term" ? 0 : 4);
    if (word.t === "prefix") return (await self.expand(word.text)).length > 0;
    if (word.t === "phrase") {
      var entries = await Promise.all(word.tokens.map(function (t) { return self.entry(t); }));
      return entries.every(function (e) { return has(e, 0); });
    }
    if (word.t === "any") {
      var subs = await Promise.all(word.words.map(function (w) { return self.present(w); }));
      return subs.indexOf(true) >= 0;
    }
    return false;
  };

  /* Documents carrying every tag, or null for no filter. */
  Searcher.prototype.tagFilter = async function (tags) {
    var self = this;
    // Every tag's postings at once: two waves, however many tags.
    var lists = await Promise.all(tags.map(async function (tag) {
      var entry = await self.entry(tag);
      return entry[8] ? (await self.docList(entry[8])).docs : [];
    }));
    var allowed = null;
    lists.forEach(function (docs) {
      var set = new Set(docs);
      if (allowed) allowed = new Set(Array.from(allowed).filter(function (d) { return set.has(d); }));
      else allowed = set;
    });
    return allowed;
  };

  /* A part's score for a document, or undefined when it does not match. */
  function partScore(part, doc) {
    var i = lowerBound(part.docs, doc);
    return part.docs[i] === doc ? part.values[i] : undefined;
  }

  /* The left fold (f32 sums in order) of the values that are defined. */
  function fold(values) {
    var sum;
    for (var i = 0; i < values.length; i++) {
      var v = values[i];
      if (v === undefined) continue;
      sum = sum === undefined ? v : f32(sum + v);
    }
    return sum;
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

  /* A clause's score per document: the left fold of its parts, NaN where
   * none matches. */
  function accumulate(parts, acc) {
    acc.fill(NaN);
    for (var p = 0; p < parts.length; p++) {
      var docs = parts[p].docs, values = parts[p].values;
      for (var k = 0; k < docs.length; k++) {
        var d = docs[k], v = values[k], a = acc[d];
        acc[d] = a !== a ? v : f32(a + v);
      }
    }
  }

  /* Clause sums in dense per-document arrays, reused across queries (no
   * garbage per query). */
  Searcher.prototype.clauseSums = function (clauses) {
    var n = this.m.docs;
    var pool = this.pool || (this.pool = []);
    return clauses.map(function (parts, ci) {
      var acc = pool[ci] || (pool[ci] = new Float64Array(n));
      accumulate(parts, acc);
      return acc;
    });
  };

  /* The top `limit` documents of a plan, exactly as tantivy ranks them,
   * and how many match. */
  Searcher.prototype.planTop = async function (plan, allowed, limit) {
    var none = { hits: [], total: 0, totalExact: true, totalMax: 0 };
    var clauses = await this.planParts(plan);
    if (!clauses) return none;
    var sums = this.clauseSums(clauses);
    var any = plan.mode === "any";
    var top = new TopK(limit);
    var total = 0;
    for (var d = 0; d < this.m.docs; d++) {
      if (allowed && !allowed.has(d)) continue;
      var sum = NaN, ok = true;
      for (var c = 0; c < sums.length; c++) {
        var v = sums[c][d];
        if (v !== v) {
          if (!any) { ok = false; break; }
          continue;
        }
        sum = sum !== sum ? v : f32(sum + v);
      }
      if (!ok || sum !== sum) continue;
      total++;
      top.offer(d, sum);
    }
    return { hits: top.items, total: total, totalExact: true, totalMax: total };
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

  var SUB_RESULTS = 3;

  /* A clause's exact score for a document, or undefined. */
  function clauseScore(parts, doc) {
    return fold(parts.map(function (p) { return partScore(p, doc); }));
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

  /* The top `limit` pages of a plan, exactly as notes.rs ranks them. */
  Searcher.prototype.pageTop = async function (plan, allowed, limit, starts) {
    var none = { pages: [], total: 0, totalExact: true, totalMax: 0 };
    var clauses = await this.planParts(plan);
    if (!clauses) return none;
    var sums = this.clauseSums(clauses);
    var any = plan.mode === "any";
    var top = new TopK(limit);
    var total = 0;
    for (var p = 0; p + 1 < starts.length; p++) {
      var from = starts[p], to = starts[p + 1];
      var sum = NaN, ok = true;
      for (var c = 0; c < sums.length && ok; c++) {
        var acc = sums[c], best = NaN;
        for (var d = from; d < to; d++) {
          var v = acc[d];
          if (v !== v || (allowed && !allowed.has(d))) continue;
          if (best !== best || v > best) best = v;
        }
        if (best !== best) { if (!any) ok = false; continue; }
        sum = sum !== sum ? best : f32(sum + best);
      }
      if (!ok || sum !== sum) continue;
      total++;
      top.offer(p, sum);
    }
    return {
      pages: top.items.map(function (item) {
        return {
          page: item.doc,
          score: item.score,
          sections: bestSections(clauses, starts[item.doc], starts[item.doc + 1], allowed)
        };
      }),
      total: total,
      totalExact: true,
      totalMax: total
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

  /* Every term of a text field starting with `prefix`: [[term, docs]]
   * (all the shards of its range requested at once). */
  Searcher.prototype.termsWithPrefix = async function (prefix) {
    var out = [];
    await this.scanPrefix(prefix, Infinity, function (key, entry) {
      var docs = 0, found = false;
      for (var f = 0; f < 4; f++) if (entry[f]) { docs += entry[f].df; found = true; }
      if (found) out.push([key, docs]);
      return false;
    });
    return out;
  };

  /* Whether a Latin word may be corrected (see typo.rs). */
  function correctable(word) {
    return (word.t === "term" || word.t === "prefix") && word.text.length >= TYPO_MIN_CHARS && /^[0-9a-z]+$/i.test(word.text);
  }

  /* The query with each Latin word that matches nothing replaced by its
   * closest term: {parsed, text}, or null. */
  Searcher.prototype.correct = async function (query, parsed) {
    var replaced = [];
    var words = [];
    for (var i = 0; i < parsed.words.length; i++) {
      var word = parsed.words[i];
      words.push(word);
      if (!correctable(word) || await this.present(word)) continue;
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
    // Starts loading a word's shards (errors are
    // reported where the word is used).
    var warm = function (w) {
      if (w.t === "any") return w.words.forEach(warm);
      var keys = w.t === "phrase" ? w.tokens : [w.text];
      keys.forEach(function (k) { self.entry(k).catch(function () {}); });
      if (w.t === "prefix") self.expand(w.text).catch(function () {});
      // The shards a correction would read, should the word match nothing.
      if (correctable(w)) self.termsWithPrefix(w.text.slice(0, TYPO_KEEP_CHARS)).catch(function () {});
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
})(typeof window !== "undefined" ? window : globalThis);
