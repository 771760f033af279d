// Measures shiori's search and Pagefind's side by side on one built site, in
// headless Chromium: bytes transferred by a cold first query (everything the
// search needs, from page load to results on screen; raw and gzip) and warm
// query latency (p50/p95), and the sequential request waves of a cold query
// (each request is one step after the latest request that had arrived
// before it was sent; every request is delayed by LATENCY ms so that the
// waves stand apart). Used by scripts/bench-search.sh.
//   node scripts/bench-search.mjs SITE_PUBLIC_DIR > result.json
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { Browser, recordWaves, sleep } from "../tests/js/cdp.mjs";

const site = path.resolve(process.argv[2]);
// BENCH_QUERIES=file.json (a list of strings) replaces the default queries,
// e.g. the evaluation set's queries for a real corpus.
const QUERIES = process.env.BENCH_QUERIES
  ? JSON.parse(fs.readFileSync(process.env.BENCH_QUERIES, "utf8"))
  : [
      "クラスター", "プライベートクラスター", "fargate", "制限", "CNI アップグレード", "ノードグループ",
      "鍵", "eks", "kubectl", "ネットワークの制限", "バージョン", "IRSA ロール",
    ];
const WARM_RUNS = +(process.env.BENCH_WARM_RUNS || 5);
const LATENCY = 40;

function serve(dir) {
  const types = { html: "text/html; charset=utf-8", js: "text/javascript; charset=utf-8", mjs: "text/javascript; charset=utf-8", css: "text/css; charset=utf-8", json: "application/json", wasm: "application/wasm" };
  const server = http.createServer((req, res) => {
    let rel = decodeURIComponent(new URL(req.url, "http://x").pathname).replace(/^\/+/, "");
    if (rel === "" || rel.endsWith("/")) rel += "index.html";
    const file = path.join(dir, rel);
    if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, { "Content-Type": types[rel.split(".").pop()] || "application/octet-stream", "Cache-Control": "max-age=3600" });
    res.end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

// What a server would send: gzip unless the file is already compressed.
const sizeCache = new Map();
function sizes(file) {
  if (!sizeCache.has(file)) {
    const bytes = fs.readFileSync(file);
    sizeCache.set(file, { raw: bytes.length, gzip: Math.min(bytes.length, zlib.gzipSync(bytes, { level: 9 }).length) });
  }
  return sizeCache.get(file);
}

/* The whole query put in the box at once (typing would start a search per
 * key, each with its own requests, for either engine). */
function paste(selector, query) {
  return `(() => { const box = document.querySelector(${JSON.stringify(selector)}); box.focus(); box.value = ${JSON.stringify(query)}; box.dispatchEvent(new Event("input", { bubbles: true })); })()`;
}

function pagefindPage() {
  fs.writeFileSync(path.join(site, "pagefind-bench.html"), `<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8">
<link href="_pagefind/pagefind-ui.css" rel="stylesheet"><script src="_pagefind/pagefind-ui.js"></script></head>
<body><div id="search"></div><script src="pagefind-bench.js"></script></body></html>`);
  fs.writeFileSync(path.join(site, "pagefind-bench.js"), `window.__ui = new PagefindUI({ element: "#search", showSubResults: true });`);
}

async function coldQuery(browser, engine, base, query) {
  const { browserContextId } = await browser.send("Target.createBrowserContext");
  const page = await browser.newPage(browserContextId);
  // Every request is delayed LATENCY ms so that its waves stand apart.
  const recorder = await recordWaves(browser, page, LATENCY);
  const t0 = Date.now();
  if (engine === "shiori") {
    await page.goto(base + "index.html");
    await page.waitFor(() => page.eval("!!(window.shiori && window.shiori.manifest)"), 20000, "manifest");
    await sleep(200);
    recorder.start();
    await page.eval(paste("#search-input", query));
    await page.waitFor(() => page.eval(`document.querySelectorAll("#search-results .search-hit").length > 0 || /見つかりません/.test(document.getElementById("search-results").textContent)`), 60000, `shiori results for ${query}`);
  } else {
    await page.goto(base + "pagefind-bench.html");
    await page.waitFor(() => page.eval(`!!document.querySelector(".pagefind-ui__search-input")`), 20000, "pagefind ui");
    await sleep(200);
    recorder.start();
    await page.eval(paste(".pagefind-ui__search-input", query));
    await page.waitFor(() => page.eval(`document.querySelectorAll(".pagefind-ui__result-link").length > 0 || !!document.querySelector(".pagefind-ui__message") && /No results|見つかりません|ありません|ませんでした/.test(document.querySelector(".pagefind-ui__message").textContent)`), 60000, `pagefind results for ${query}`);
  }
  await sleep(300); // let trailing fragment loads finish
  const elapsed = Date.now() - t0;
  const hits = await page.eval(engine === "shiori"
    ? `document.querySelectorAll("#search-results .search-hit").length`
    : `document.querySelectorAll(".pagefind-ui__result").length`);
  await browser.send("Target.disposeBrowserContext", { browserContextId });
  const prefix = engine === "shiori" ? "/search/" : "/_pagefind/";
  let raw = 0, gzip = 0, files = 0;
  for (const url of recorder.urls()) {
    const p = decodeURIComponent(new URL(url).pathname);
    if (!p.startsWith(prefix)) continue;
    const s = sizes(path.join(site, p));
    raw += s.raw;
    gzip += s.gzip;
    files++;
  }
  return { query, files, raw, gzip, hits, ms: elapsed, waves: recorder.waves((p) => p.startsWith(prefix)) };
}

async function warmLatency(browser, engine, base) {
  const page = await browser.newPage();
  if (engine === "shiori") {
    await page.goto(base + "index.html");
    await page.waitFor(() => page.eval("!!(window.shiori && window.shiori.manifest)"), 20000, "manifest");
  } else {
    await page.goto(base + "pagefind-bench.html");
    await page.eval(`import("./_pagefind/pagefind.js").then((m) => { window.__pf = m; return m.init && m.init(); })`);
  }
  const one = engine === "shiori"
    ? `async (q) => {
        // What the search box does: 8 pages with their sub-results.
        const r = await shiori.searchPages(q, { limit: 8 });
        const docs = [].concat(...r.pages.map((p) => p.sections.map((s) => s.doc)));
        const f = await shiori.fragmentsFor(docs, r.words);
        return f.length;
      }`
    : `async (q) => {
        const s = await window.__pf.search(q);
        const d = await Promise.all(s.results.slice(0, 8).map((r) => r.data()));
        return d.length;
      }`;
  const times = await page.eval(`(async () => {
    const one = ${one};
    const qs = ${JSON.stringify(QUERIES)};
    for (const q of qs) await one(q); // warm-up: every file loaded once
    const times = [];
    for (let i = 0; i < ${WARM_RUNS}; i++) for (const q of qs) {
      const t = performance.now();
      await one(q);
      times.push(performance.now() - t);
    }
    return times;
  })()`);
  times.sort((a, b) => a - b);
  const pct = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
  return { p50: +pct(0.5).toFixed(2), p95: +pct(0.95).toFixed(2), samples: times.length };
}

function median(values) {
  const v = [...values].sort((a, b) => a - b);
  return v[v.length >> 1];
}

pagefindPage();
const server = await serve(site);
const base = `http://127.0.0.1:${server.address().port}/`;
const browser = await Browser.launch();
const result = {};
try {
  for (const engine of (process.env.ENGINES || "shiori,pagefind").split(",")) {
    const cold = [];
    for (const q of QUERIES) cold.push(await coldQuery(browser, engine, base, q));
    const warm = await warmLatency(browser, engine, base);
    result[engine] = {
      cold,
      coldMedian: { raw: median(cold.map((c) => c.raw)), gzip: median(cold.map((c) => c.gzip)), files: median(cold.map((c) => c.files)), waves: median(cold.map((c) => c.waves)) },
      warm,
    };
  }
} finally {
  server.close();
  await browser.close();
}
process.stdout.write(JSON.stringify(result, null, 1) + "\n");
