// Scores search engines on the evaluation set (queries.json): for each
// query, the pages judged relevant by reading the corpus (before any engine
// was run), and where each engine ranks them in its top 10.
//
//   node scripts/search-eval/score.mjs --shiori target/debug/shiori \
//        --sites DIR [--pagefind PATH/TO/pagefind] [--json OUT.json]
//
// DIR holds one site folder per corpus of the set (js-primer-ja, react-ja),
// each built by shiori into DIR/<corpus>/public. Engines:
//   - cli:      `shiori search QUERY --limit 10 --json` (pages, best first);
//   - browser:  the site's own search runtime in headless Chromium over
//               http (`shiori.searchPages`), as the search box runs it;
//   - pagefind: (with --pagefind) Pagefind over a copy of the same pages
//               whose <main> carries data-pagefind-body (so it indexes the
//               page content, not the sidebar every page repeats; the print
//               edition, map, search and 404 pages are left out, as shiori
//               leaves them out).
// Metrics per query kind: MRR@10 (1/rank of the first relevant page),
// R@10 (share of the relevant pages in the top 10), S@1 (first is relevant).
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Browser } from "../../tests/js/cdp.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith("--") ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []),
);
const queries = JSON.parse(fs.readFileSync(path.join(here, "queries.json"), "utf8"));
const sites = path.resolve(args.sites || "target/search-eval");
const shioriBin = path.resolve(args.shiori || "target/debug/shiori");

/* A page's output path from an engine's URL: no leading slash, no query
 * or anchor, a folder as its index.html, percent-escapes decoded. */
function pagePath(url) {
  let p = decodeURIComponent(url.split("#")[0].split("?")[0]).replace(/^\/+/, "");
  if (p === "" || p.endsWith("/")) p += "index.html";
  return p;
}

function serve(dir) {
  const types = { html: "text/html; charset=utf-8", js: "text/javascript; charset=utf-8", css: "text/css; charset=utf-8", json: "application/json", wasm: "application/wasm" };
  const server = http.createServer((req, res) => {
    let rel = decodeURIComponent(new URL(req.url, "http://x").pathname).replace(/^\/+/, "");
    if (rel === "" || rel.endsWith("/")) rel += "index.html";
    const file = path.join(dir, rel);
    if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, { "Content-Type": types[rel.split(".").pop()] || "application/octet-stream" });
    res.end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

function cli(root, query) {
  const run = spawnSync(shioriBin, ["-q", "--root", root, "search", query, "--limit", "10", "--json"], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`shiori search ${query}: ${run.stderr}`);
  return JSON.parse(run.stdout).notes.map((n) => pagePath(n.note_id));
}

async function browserRanks(browser, dir, cases) {
  const server = await serve(dir);
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${server.address().port}/index.html`);
    await page.waitFor(() => page.eval("!!(window.shiori && window.shiori.manifest)"), 30000, "manifest");
    const out = [];
    for (const c of cases) {
      const expr = `shiori.searchPages(${JSON.stringify(c.query)}, { limit: 10 })
        .then((r) => shiori.fragments(r.pages.map((p) => p.sections[0].doc)))
        .then((fs) => JSON.stringify(fs.map((f) => f.url)))`;
      out.push(JSON.parse(await page.eval(expr)).map(pagePath));
    }
    return out;
  } finally {
    server.close();
  }
}

/* A copy of the site for Pagefind: <main> marked as the body to index. */
function pagefindSite(publicDir, pagefind) {
  const copy = publicDir + "-pagefind";
  fs.rmSync(copy, { recursive: true, force: true });
  fs.cpSync(publicDir, copy, { recursive: true });
  for (const entry of fs.readdirSync(copy, { recursive: true })) {
    // Site-wide pages are not content: the print edition holds every page.
    if (!entry.endsWith(".html") || /^(print(-\d+)?|search|404|map)\.html$/.test(entry)) continue;
    const file = path.join(copy, entry);
    const html = fs.readFileSync(file, "utf8");
    fs.writeFileSync(file, html.replace("<main ", "<main data-pagefind-body "));
  }
  const run = spawnSync(pagefind, ["--site", copy, "--output-subdir", "_pagefind", "--quiet"], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`pagefind: ${run.stderr}`);
  return copy;
}

async function pagefindRanks(browser, dir, cases) {
  const server = await serve(dir);
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${server.address().port}/index.html`);
    await page.eval(`import("/_pagefind/pagefind.js").then((m) => { window.__pf = m; return m.init && m.init(); }).then(() => true)`);
    const out = [];
    for (const c of cases) {
      const expr = `window.__pf.search(${JSON.stringify(c.query)})
        .then((r) => Promise.all(r.results.slice(0, 10).map((x) => x.data())))
        .then((ds) => JSON.stringify(ds.map((d) => d.url)))`;
      out.push(JSON.parse(await page.eval(expr)).map(pagePath));
    }
    return out;
  } finally {
    server.close();
  }
}

function score(ranked, relevant) {
  const top = ranked.slice(0, 10);
  const first = top.findIndex((p) => relevant.includes(p));
  return {
    rr: first < 0 ? 0 : 1 / (first + 1),
    recall: relevant.filter((r) => top.includes(r)).length / relevant.length,
    s1: first === 0 ? 1 : 0,
    rank: first < 0 ? null : first + 1,
  };
}

/* A judged page as this build names it: a GitBook chapter's README.md
 * is its folder's index.html once shiori reads README.md as the folder's
 * page (the set was judged when it was README.html). */
function builtPath(root, page) {
  const publicDir = path.join(sites, root, "public");
  if (fs.existsSync(path.join(publicDir, page))) return page;
  const index = page.replace(/README\.html$/, "index.html");
  return fs.existsSync(path.join(publicDir, index)) ? index : page;
}
for (const q of queries) q.relevant = q.relevant.map((p) => builtPath(q.corpus, p));

const engines = ["cli", "browser"].concat(args.pagefind ? ["pagefind"] : []);
const results = {};
const browser = await Browser.launch();
try {
  for (const corpus of [...new Set(queries.map((q) => q.corpus))]) {
    const root = path.join(sites, corpus);
    const publicDir = path.join(root, "public");
    const cases = queries.filter((q) => q.corpus === corpus);
    results.cli = (results.cli || []).concat(cases.map((c) => cli(root, c.query)));
    results.browser = (results.browser || []).concat(await browserRanks(browser, publicDir, cases));
    if (args.pagefind) {
      const copy = pagefindSite(publicDir, path.resolve(args.pagefind));
      results.pagefind = (results.pagefind || []).concat(await pagefindRanks(browser, copy, cases));
    }
  }
} finally {
  await browser.close();
}

// Queries in corpus order, as the results were gathered.
const ordered = [...new Set(queries.map((q) => q.corpus))].flatMap((c) => queries.filter((q) => q.corpus === c));
const perQuery = ordered.map((q, i) => ({
  ...q,
  ...Object.fromEntries(engines.map((e) => [e, { ...score(results[e][i], q.relevant), top: results[e][i].slice(0, 3) }])),
}));
const kinds = [...new Set(ordered.map((q) => q.kind))].concat(["all"]);
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1);
console.log(`| kind | n | ${engines.map((e) => `${e} MRR@10 | ${e} R@10 | ${e} S@1`).join(" | ")} |`);
console.log(`|---|---|${engines.map(() => "---|---|---").join("|")}|`);
for (const kind of kinds) {
  const rows = perQuery.filter((q) => kind === "all" || q.kind === kind);
  const cells = engines.map((e) => [mean(rows.map((r) => r[e].rr)), mean(rows.map((r) => r[e].recall)), mean(rows.map((r) => r[e].s1))].map((x) => x.toFixed(3)).join(" | "));
  console.log(`| ${kind} | ${rows.length} | ${cells.join(" | ")} |`);
}
const misses = perQuery.filter((q) => engines.some((e) => q[e].rank !== 1));
if (misses.length) {
  console.log("\nQueries whose first result is not relevant for some engine (rank of the first relevant page):\n");
  for (const q of misses) {
    console.log(`- ${q.corpus} ${q.kind} \`${q.query}\`: ${engines.map((e) => `${e} ${q[e].rank ?? "-"} (${q[e].top[0] || "nothing"})`).join(", ")}`);
  }
}
const cliBrowserDiffer = perQuery.filter((q, i) => JSON.stringify(results.cli[i]) !== JSON.stringify(results.browser[i]));
console.log(`\nCLI and browser top 10 differ on ${cliBrowserDiffer.length} of ${perQuery.length} queries${cliBrowserDiffer.length ? ": " + cliBrowserDiffer.map((q) => q.query).join(", ") : ""}.`);
if (args.json) fs.writeFileSync(args.json, JSON.stringify({ perQuery, results }, null, 1));
