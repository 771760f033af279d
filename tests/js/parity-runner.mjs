// Runs queries through the JS runtime against a bundle on disk and prints
// the results as JSON, for tests/search_parity.rs.
//   node tests/js/parity-runner.mjs BUNDLE_DIR QUERIES.json
// QUERIES.json: [{"query": "...", "tags": ["..."]}]
// Output: [{"hits": [[doc, score]...], "total": n, "mode": "all", "bytes": {...},
//           "pages": [[page, score, [[doc, score]...]]...], "pagesTotal": n, ...,
//           "pagesWaves": sequential request waves of the page-level query}]
import fs from "node:fs";
import { loadRuntime, transferSize } from "./runtime.mjs";

const [bundleDir, queriesFile] = process.argv.slice(2);
const queries = JSON.parse(fs.readFileSync(queriesFile, "utf8"));
const out = [];
for (const q of queries) {
  // A fresh runtime per query: every query is a cold one.
  const shiori = loadRuntime(bundleDir);
  const result = await shiori.search(q.query, { tags: q.tags || [], limit: q.limit || 10 });
  const hits = Array.from(result.hits, (h) => [h.doc, h.score]);
  const fragments = await shiori.fragments(Array.from(result.hits, (h) => h.doc));
  const files = [shiori.manifestFile, ...shiori.requested];
  // Page-level search, also cold, as the search box runs it.
  const cold = loadRuntime(bundleDir, { waves: true });
  const byPage = await cold.searchPages(q.query, { tags: q.tags || [], limit: q.limit || 10 });
  const searchWaves = cold.waves();
  const pageFiles = [cold.manifestFile, ...cold.requested];
  // The excerpt the search box shows for each page's best section.
  const best = await cold.fragmentsFor(Array.from(byPage.pages, (p) => p.sections[0].doc), byPage.words);
  const pageExcerpts = best.map((f) =>
    Array.from(cold.excerpt(f.text, byPage.words, cold.manifest.excerpt), (p) => (p.match ? `[${p.text}]` : p.text)).join(""),
  );
  out.push({
    pages: Array.from(byPage.pages, (p) => [p.page, p.score, Array.from(p.sections, (s) => [s.doc, s.score])]),
    pagesTotal: byPage.total,
    pagesTotalExact: byPage.totalExact,
    pagesTotalMax: byPage.totalMax,
    pagesMode: byPage.mode,
    pagesSuggestion: byPage.suggestion,
    pagesBytes: transferSize(bundleDir, pageFiles),
    // Waves of requests until the ranking is known, and until the results'
    // text (fragments) is there too.
    pagesWaves: searchWaves,
    pagesWavesShown: cold.waves(),
    pageExcerpts,
    hits,
    total: result.total,
    totalExact: result.totalExact,
    totalMax: result.totalMax,
    mode: result.mode,
    urls: Array.from(fragments, (f) => f.url),
    titles: Array.from(fragments, (f) => f.title),
    files: files.length,
    bytes: transferSize(bundleDir, files),
  });
}
process.stdout.write(JSON.stringify(out));
