/*
 * shiori search runtime, 5 of 5: the public entry points (shiori.search,
 * shiori.searchPages, shiori.fragments, ...) over the manifest on the page.
 * The search box (search-ui.js) and the tests use only these.
 */
(function (global) {
  "use strict";

  var shiori = global.shiori || (global.shiori = {});
  var _ = shiori._ || (shiori._ = {});
  /* From the scripts loaded before this one. */
  var Searcher = _.Searcher,
    excerpt = _.excerpt,
    manifest = _.manifest,
    matchSpans = _.matchSpans,
    mergeSpans = _.mergeSpans,
    normalize = _.normalize,
    parseQuery = _.parseQuery,
    plans = _.plans,
    tokenize = _.tokenize;

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

  /* shiori serve rebuilt the index: forget the manifest and load it again
   * from `url`; queries wait for it, then search the new index (a new
   * manifest gets a new Searcher). The other bundle files are named by
   * their content, so those already loaded stay valid. */
  shiori.reloadManifest = function (url) {
    shiori.manifest = null;
    shiori.loadScript(url + (url.indexOf("?") < 0 ? "?" : "&") + "at=" + Date.now(), function () {});
  };
})(typeof window !== "undefined" ? window : globalThis);
