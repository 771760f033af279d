/*
 * shiori search runtime, 3 of 5: reading the bundle (src/search/bundle/).
 * Bundle files are classic scripts that call shiori.register(), loaded by
 * inserting <script> tags, so search works over http and from file://.
 * Every file a query needs is named one step ahead — shards from the
 * manifest, out-of-line postings from the shards, fragments from the page
 * list — so a query's requests come in three waves.
 */
(function (global) {
  "use strict";

  var shiori = global.shiori || (global.shiori = {});
  var _ = shiori._ || (shiori._ = {});
  /* From the scripts loaded before this one. */
  var PREFIX_MAX_TERMS = _.PREFIX_MAX_TERMS;

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

  /* Index of the last of the sorted `keys` that is <= key (0 if none). */
  function floorKey(keys, key) {
    var lo = 0, hi = keys.length - 1, found = 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (cmp(keys[mid], key) <= 0) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return found;
  }

  /* The manifest's front-coded shard keys (see terms.rs). */
  function shardKeys(data) {
    var r = new Reader(data || "");
    var keys = [], prev = "";
    while (!r.done()) {
      var shared = r.num();
      prev = prev.slice(0, shared) + r.raw(r.num());
      keys.push(prev);
    }
    return keys;
  }

  /* Sorts after every term starting with a prefix (U+10FFFF). */
  var AFTER_PREFIX = "\udbff\udfff";

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

  function parseShard(data, fields) {
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
          e.full = e.list;
        } else {
          e.hash = r.raw(10);
          if (kind === KIND_POSITIONS) {
            var nb = r.num();
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

  /* The searcher over one manifest: its shards and postings as loaded
   * (search-rank.js adds the scoring). */
  function Searcher(m) {
    this.m = m;
    this.fields = m.fields;
    this.shards = Object.create(null);
    this.keys = shardKeys(m.shards);
  }

  /* Term shard `i` (named by its group's hash, see terms.rs). */
  Searcher.prototype.shard = function (i) {
    var self = this;
    if (self.shards[i]) return Promise.resolve(self.shards[i]);
    var name = "t-" + self.m.shardGroups[Math.floor(i / self.m.shardGroup)] + "-" + i;
    return load(name).then(function (data) {
      return (self.shards[i] = self.shards[i] || parseShard(data, self.fields));
    });
  };

  /* The shard that would hold `key`: known from the manifest alone. */
  Searcher.prototype.locate = function (key) {
    return floorKey(this.keys, key);
  };

  /* The entry of a term: per field, postings or where to find them. */
  Searcher.prototype.entry = function (key) {
    if (!this.keys.length) return Promise.resolve([]);
    return this.shard(this.locate(key)).then(function (shard) {
      return shard.entries[key] || [];
    });
  };

  /* The shards holding the terms that start with `prefix`: the first
   * `first` of them requested at once, then one by one. Calls
   * visit(key, entry) in term order until it returns true. */
  Searcher.prototype.scanPrefix = async function (prefix, first, visit) {
    if (!this.keys.length) return;
    var lo = this.locate(prefix), hi = this.locate(prefix + AFTER_PREFIX);
    var ahead = [];
    for (var i = lo; i <= hi && i < lo + first; i++) ahead.push(this.shard(i));
    await Promise.all(ahead);
    for (var s = lo; s <= hi; s++) {
      var shard = await this.shard(s);
      for (var k = 0; k < shard.keys.length; k++) {
        var key = shard.keys[k];
        if (cmp(key, prefix) < 0) continue;
        if (key.slice(0, prefix.length) !== prefix) return;
        if (visit(key, shard.entries[key])) return;
      }
    }
  };

  /* The first PREFIX_MAX terms starting with `prefix` that occur in a text
   * field (two shards requested at once hold them but for short prefixes
   * of common letters). */
  Searcher.prototype.expand = async function (prefix) {
    var out = [];
    await this.scanPrefix(prefix, 2, function (key, entry) {
      if (entry[0] || entry[1] || entry[2] || entry[3]) out.push(key);
      return out.length >= PREFIX_MAX_TERMS;
    });
    return out;
  };

  /* The document list of a field entry (inline or its p- file). */
  Searcher.prototype.docList = function (e) {
    if (e.full) return Promise.resolve(e.full);
    if (e.docs) return Promise.resolve(e.docs);
    return load("p-" + e.hash).then(function (data) {
      return (e.docs = e.docs || readPostings(new Reader(data), e.df, e.kind, e.kind !== KIND_DOCS, false));
    });
  };

  /* Position block `b` of an out-of-line entry. */
  Searcher.prototype.block = function (e, b) {
    if (e.blockLists[b]) return Promise.resolve(e.blockLists[b]);
    return load("q-" + e.hash + "-" + b).then(function (data) {
      if (e.blockLists[b]) return e.blockLists[b];
      var r = new Reader(data);
      return (e.blockLists[b] = readPostings(r, r.num(), e.kind, true, true));
    });
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

  /* Loads the position blocks of `e` holding `docs` (all its blocks when
   * `docs` is null: then `e.full` is its whole posting list). */
  Searcher.prototype.loadBlocks = async function (e, docs) {
    if (e.list) return;
    var self = this;
    var need = [];
    if (docs) {
      var seen = {};
      docs.forEach(function (d) {
        var b = blockOf(e, d);
        if (!seen[b]) { seen[b] = true; need.push(b); }
      });
    } else {
      for (var b = 0; b < e.blocks.length; b++) need.push(b);
    }
    var lists = await Promise.all(need.map(function (b) { return self.block(e, b); }));
    if (!docs && !e.full) e.full = concatLists(lists);
  };

  /* One posting list of consecutive blocks. */
  function concatLists(lists) {
    var out = { docs: [], tfs: [], norms: [], posStart: [], pos: [] };
    lists.forEach(function (l) {
      for (var i = 0; i < l.docs.length; i++) {
        out.docs.push(l.docs[i]);
        out.tfs.push(l.tfs[i]);
        out.norms.push(l.norms[i]);
        out.posStart.push(out.pos.length);
        for (var k = l.posStart[i]; k < l.posStart[i + 1]; k++) out.pos.push(l.pos[k]);
      }
    });
    out.posStart.push(out.pos.length);
    return out;
  }

  /* The posting of `doc` in a term's field entry ({tf, norm, pos}) or
   * null; the blocks holding it must have been loaded. */
  function postingOf(e, doc) {
    var list = e.full || e.blockLists[blockOf(e, doc)];
    var i = lowerBound(list.docs, doc);
    if (list.docs[i] !== doc) return null;
    return { tf: list.tfs[i], norm: list.norms[i], pos: list.pos.slice(list.posStart[i], list.posStart[i + 1]) };
  }

  /* Sorted documents in both sorted lists. */
  function intersect(a, b) {
    var out = [];
    for (var i = 0, j = 0; i < a.length && j < b.length;) {
      if (a[i] < b[j]) i++;
      else if (a[i] > b[j]) j++;
      else { out.push(a[i]); i++; j++; }
    }
    return out;
  }

  /* The page list (see fragments.rs): the first document of every page,
   * then the document count (page p holds documents starts[p] ..
   * starts[p + 1] - 1), the hashes naming the fragment packs, and the
   * first document of every pack. */
  Searcher.prototype.pageStarts = function () {
    var self = this;
    if (self.starts) return Promise.resolve(self.starts);
    return load("n-" + self.m.pages).then(function (data) {
      if (self.starts) return self.starts;
      self.fragmentGroups = data[1];
      self.packStarts = runningStarts(data[2]);
      return (self.starts = runningStarts(data[0]));
    });
  };

  /* [0, a, a + b, …] of a digit string of counts a, b, …. */
  function runningStarts(digits) {
    var r = new Reader(digits);
    var starts = [0], at = 0;
    while (!r.done()) { at += r.num(); starts.push(at); }
    return starts;
  }

  /* Where documents' display data lives: [{doc, note, section}], `note`
   * the page number (so hits can be grouped by page before any fragment
   * is loaded), `section` the document's place in its page. */
  Searcher.prototype.places = async function (docs) {
    var starts = await this.pageStarts();
    return docs.map(function (doc) {
      var page = lowerBound(starts, doc + 1) - 1;
      return { doc: doc, note: page, section: doc - starts[page] };
    });
  };

  /* Display data of documents: {doc, url, title, headings, tags, text},
   * from the packs of consecutive documents holding them (see
   * fragments.rs), named from the page list; a pack is loaded once however
   * many of its documents are shown. */
  Searcher.prototype.fragments = async function (docs) {
    await this.pageStarts();
    var groups = this.fragmentGroups, size = this.m.fragmentGroup, packs = this.packStarts;
    return Promise.all(docs.map(async function (doc) {
      var first = packs[lowerBound(packs, doc + 1) - 1];
      var pack = await load("f-" + groups[Math.floor(first / size)] + "-" + first);
      var at = doc - first, f = pack[at];
      /* A section of the same page as the one before it in the pack shares
       * its title and tags (written as 0). */
      var named = at;
      while (pack[named][0] === 0) named--;
      return { doc: doc, url: f[2], title: pack[named][0], headings: f[3], tags: pack[named][1], text: f[4] };
    }));
  };

  /* Fragments for showing results of `words`: the same (each fragment
   * holds its section's whole text, so an excerpt can centre on a match
   * anywhere, as the CLI's does). */
  Searcher.prototype.fragmentsFor = function (docs) {
    return this.fragments(docs);
  };

  _.Searcher = Searcher;
  _.intersect = intersect;
  _.lowerBound = lowerBound;
  _.manifest = manifest;
  _.postingOf = postingOf;
})(typeof window !== "undefined" ? window : globalThis);
