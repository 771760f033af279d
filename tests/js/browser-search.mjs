// Drives the search UI of a built site in headless Chromium, over http and
// over file://, and prints what a reader saw as JSON (for
// tests/search_browser.rs).
//   node tests/js/browser-search.mjs SITE_DIR
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Browser, recordWaves } from "./cdp.mjs";

const site = path.resolve(process.argv[2]);
const QUERIES = ["プライベートクラスター", "fargate", "制限", "クラスター", "CNI アップグレード"];
// The queries needing the most requests: many words, a long run of
// kana/kanji (many bigrams), a typo among other words, a phrase with other
// words, a prefix, tag filters.
const WAVE_QUERIES = [
  "eks クラスター ノード fargate アップグレード 制限 ネットワーク ロール",
  "プライベートクラスターのエンドポイントアクセスの制限事項",
  "kubernets アップグレード",
  "\"node group\" クラスター",
  "farg",
  "ノード tag:compute tag:cost",
];

function serve(dir) {
  const types = { html: "text/html; charset=utf-8", js: "text/javascript; charset=utf-8", css: "text/css; charset=utf-8", svg: "image/svg+xml" };
  const server = http.createServer((req, res) => {
    let rel = decodeURIComponent(new URL(req.url, "http://x").pathname).replace(/^\/+/, "");
    if (rel === "" || rel.endsWith("/")) rel += "index.html";
    const file = path.join(dir, rel);
    if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404);
      res.end("not found");
      return;
    }
    res.writeHead(200, { "Content-Type": types[rel.split(".").pop()] || "application/octet-stream" });
    res.end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

const HITS = `Array.from(document.querySelectorAll("#search-results .search-hit"), (a) => ({
  title: a.querySelector(".search-hit-title").textContent,
  heading: (a.querySelector(".search-hit-heading") || {}).textContent || "",
  href: a.getAttribute("href"),
  marks: Array.from(a.querySelectorAll("mark"), (m) => m.textContent),
}))`;

async function typeQuery(page, base, query) {
  await page.goto(base + "index.html");
  await page.waitFor(() => page.eval("!!(window.shiori && window.shiori.manifest)"), 30000, "manifest");
  await page.key("/"); // "/" focuses the box
  const focused = await page.eval("document.activeElement && document.activeElement.id");
  await page.type(query);
  await page.waitFor(() => page.eval(`document.querySelectorAll("#search-results .search-hit").length > 0 || /${"見つかりません"}/.test(document.getElementById("search-results").textContent)`), 30000, `results for ${query}`);
  return { focused, hits: await page.eval(HITS) };
}

async function scenario(browser, name, base) {
  const page = await browser.newPage();
  const out = { name, queries: {}, errors: [] };
  for (const query of QUERIES) {
    out.queries[query] = await typeQuery(page, base, query);
  }
  // Arrow keys + Enter open the second result's heading.
  const typed = await typeQuery(page, base, "クラスター");
  await page.key("ArrowDown");
  await page.key("ArrowDown");
  const chosen = await page.eval(`document.querySelector("#search-results .is-active").getAttribute("href")`);
  await page.key("Enter");
  const decodedChosen = decodeURIComponent(chosen);
  await page.waitFor(() => page.eval(`decodeURIComponent(location.href).endsWith(${JSON.stringify(decodedChosen)})`), 30000, "navigation by Enter");
  out.enter = { chosen: decodedChosen, landed: await page.eval("decodeURIComponent(location.pathname.split('/').slice(-2).join('/') + location.search + location.hash)") };
  // Clicking the first result lands on its heading.
  const clicked = await typeQuery(page, base, "fargate");
  const target = clicked.hits[0].href;
  await page.click("#search-results .search-hit");
  // Wait for the new page to be parsed, not only for its URL: its <head> loads theme.js
  // before the body, so the heading exists a moment after the URL changed.
  await page.waitFor(() => page.eval(`decodeURIComponent(location.href).endsWith(${JSON.stringify(decodeURIComponent(target))}) && document.readyState !== "loading"`), 30000, "navigation by click");
  // The page marks the query's words and scrolls to the first; Escape clears them.
  await page.waitFor(() => page.eval(`document.querySelectorAll("mark.search-mark").length > 0`), 30000, "marks on the page");
  out.marks = {
    count: await page.eval(`document.querySelectorAll("mark.search-mark").length`),
    texts: await page.eval(`Array.from(document.querySelectorAll("mark.search-mark"), (m) => m.textContent).slice(0, 5)`),
    firstVisible: await page.eval(`(() => { const r = document.querySelector("mark.search-mark-first").getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; })()`),
  };
  await page.key("Escape");
  out.marks.afterEscape = await page.eval(`document.querySelectorAll("mark.search-mark").length`);
  out.click = {
    href: target,
    hash: await page.eval("decodeURIComponent(location.hash)"),
    headingText: await page.eval(`(() => { const id = decodeURIComponent(location.hash.slice(1)); const el = id && document.getElementById(id); return el ? el.textContent.trim() : null; })()`),
    expectedHeading: clicked.hits[0].heading,
  };
  // The dropdown: at most 8 pages, a count and a link to every result.
  const common = await typeQuery(page, base, "eks");
  out.dropdown = {
    pages: common.hits.length,
    count: await page.eval(`(document.querySelector("#search-results .search-count") || {}).textContent || ""`),
    all: await page.eval(`(document.querySelector("#search-results .search-all") || { getAttribute: () => "" }).getAttribute("href")`),
  };
  // A typo is corrected and said so; hiragana finds katakana.
  const typo = await typeQuery(page, base, "fargte ");
  out.typo = {
    hits: typo.hits.map((h) => h.title),
    suggestion: await page.eval(`(document.querySelector("#search-results .search-suggestion") || {}).textContent || ""`),
  };
  out.kana = (await typeQuery(page, base, "ぷらいべーと")).hits.map((h) => h.title);
  await typeQuery(page, base, "zzzzzzqq");
  out.noResultsHint = await page.eval(`(document.querySelector("#search-results .search-hint") || {}).textContent || ""`);
  // Escape closes the box.
  await typeQuery(page, base, "eks");
  await page.key("Escape");
  out.escapeCloses = await page.eval(`document.getElementById("search-results").hidden`);
  // The results page, linkable, with a tag filter.
  await page.goto(base + "search.html?q=" + encodeURIComponent("クラスター") + "&tag=network");
  await page.waitFor(() => page.eval(`document.querySelectorAll("#search-page-results .search-hit").length > 0`), 30000, "search.html results");
  out.searchPage = await page.eval(`Array.from(document.querySelectorAll("#search-page-results .search-hit"), (a) => a.getAttribute("href"))`);
  out.searchPageChips = await page.eval(`Array.from(document.querySelectorAll("#search-page-results .search-chip[aria-pressed=true]"), (c) => c.textContent)`);
  out.typed = typed.hits.length;
  // Sequential waves of search requests of a cold query, from the first
  // key to the results on screen (a fresh browser context each), over
  // http only: Chromium delays http requests as asked, so waves stand
  // apart, but not file:// reads, whose instant answers blur them.
  out.waves = {};
  for (const q of base.startsWith("http") ? WAVE_QUERIES : []) {
    const { browserContextId } = await browser.send("Target.createBrowserContext");
    const cold = await browser.newPage(browserContextId);
    // 200 ms a request: waves stand apart even on a loaded machine.
    const recorder = await recordWaves(browser, cold, 200);
    await cold.goto(base + "index.html");
    await cold.waitFor(() => cold.eval("!!(window.shiori && window.shiori.manifest)"), 30000, "manifest");
    recorder.start();
    // The whole query at once (pasted): typing would start a search per
    // key, each with its own requests.
    await cold.eval(`(() => { const box = document.getElementById("search-input"); box.focus(); box.value = ${JSON.stringify(q)}; box.dispatchEvent(new Event("input")); })()`);
    await cold.waitFor(() => cold.eval(`document.querySelectorAll("#search-results .search-hit").length > 0 || !!document.querySelector("#search-results .search-hint")`), 30000, `results of ${q}`);
    await new Promise((r) => setTimeout(r, 300));
    out.waves[q] = recorder.waves((p) => /\/search\/[a-z]-[^/]*\.js$/.test(p));
    await browser.send("Target.disposeBrowserContext", { browserContextId });
  }
  out.errors = page.errors;
  return out;
}

const browser = await Browser.launch();
const server = await serve(site);
try {
  const results = [];
  results.push(await scenario(browser, "http", `http://127.0.0.1:${server.address().port}/`));
  results.push(await scenario(browser, "file", pathToFileURL(site).href + "/"));
  process.stdout.write(JSON.stringify(results, null, 1));
} finally {
  server.close();
  await browser.close();
}
