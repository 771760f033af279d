// Accessibility check of a built site: serves <site-dir> on an ephemeral
// loopback port, opens every kind of page in headless Chromium
// (playwright-core, the system's /usr/bin/chromium, no browser download),
// runs axe-core on each at 390 and 1280 px in the light and the dark colour
// scheme (the phone's menu open too), and checks the search box with the
// keyboard when the site has search.
//
//   node tests/browser/a11y.mjs <site-dir>
//
// Prints JSON: violations by impact for every page. Exits 1 on any serious or
// critical violation or a failed keyboard check, 2 on a usage error.
// CHROMIUM=/path/to/chromium overrides the browser.

import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const siteDir = process.argv[2];
if (!siteDir || !existsSync(path.join(siteDir, "index.html"))) {
  console.error("usage: node tests/browser/a11y.mjs <site-dir>  (a built site with index.html)");
  process.exit(2);
}
const root = path.resolve(siteDir);

const PAGES = [
  { name: "home", path: "index.html" },
  { name: "note", path: "endpoint-and-auth/private-cluster.html" },
  { name: "official docs", path: "official-docs.html" },
  { name: "map", path: "map.html" },
  { name: "section", path: "networking/index.html" },
  { name: "tag index", path: "tags/index.html" },
  { name: "tag", path: "tags/network.html" },
  { name: "note, menu open", path: "endpoint-and-auth/private-cluster.html", menu: true, widths: [390] },
  { name: "note, table of contents unfolded", path: "endpoint-and-auth/private-cluster.html", toc: true, widths: [1024] },
  { name: "print", path: "print.html" },
  { name: "404", path: "404.html" },
  { name: "search results", path: "search.html?q=fargate", needs: "search.html", search: true },
];
const SCHEMES = ["light", "dark"];
const WIDTHS = [390, 1280];
const FAILING = new Set(["serious", "critical"]);
// Serious violations known and reported but not fixed yet: [page name, rule].
// They are listed in the report and do not fail the run; when one is gone,
// the run says so, and the entry should be removed. Keep this list empty:
// an entry is a debt with a reason written next to it.
const KNOWN = [];
const isKnown = (page, rule) => KNOWN.some(([p, r]) => p === page && r === rule);

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".xml": "application/xml",
};

/** A static server for `root` on 127.0.0.1 and a port the system picks. */
function serve() {
  const server = createServer(async (req, res) => {
    try {
      let rel = decodeURIComponent(new URL(req.url, "http://x").pathname).replace(/^\/+/, "");
      if (rel === "" || rel.endsWith("/")) rel += "index.html";
      const file = path.resolve(root, rel);
      if (!file.startsWith(root + path.sep) || !(await stat(file)).isFile()) throw new Error("outside");
      const body = await readFile(file);
      res.writeHead(200, { "Content-Type": TYPES[path.extname(file)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404, { "Content-Type": "text/plain" });
      res.end("not found");
    }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/** axe's result, kept to what a reader of the report needs. */
function summarize(violations) {
  const byImpact = {};
  for (const v of violations) {
    (byImpact[v.impact ?? "unknown"] ??= []).push({
      id: v.id,
      help: v.help,
      nodes: v.nodes.length,
      examples: v.nodes.slice(0, 3).map((n) => ({
        target: n.target.join(" "),
        html: n.html.slice(0, 200),
        summary: n.failureSummary?.split("\n").slice(0, 3).join(" "),
      })),
    });
  }
  return byImpact;
}

const axeSource = await readFile(require.resolve("axe-core/axe.min.js"), "utf8");

async function runAxe(page, include) {
  if (!(await page.evaluate(() => typeof window.axe !== "undefined"))) {
    await page.addScriptTag({ content: axeSource });
  }
  return page.evaluate(async (include) => {
    const context = include ? { include: [include] } : document;
    const result = await window.axe.run(context, { resultTypes: ["violations"] });
    return result.violations;
  }, include);
}

/** Waits for the search results of a search page, if any show up. */
async function waitForSearchPage(page) {
  await page
    .waitForSelector("#search-page-results a, #search-page-results p", { timeout: 5000 })
    .catch(() => {});
}

/** `/` focuses the box, typing shows results, ArrowDown + Enter opens the first. */
async function keyboardCheck(page, base, report) {
  const problems = [];
  await page.goto(base + "index.html", { waitUntil: "load" });
  if ((await page.$("#search-input")) === null) {
    report.keyboard = { skipped: "no search box on the home page" };
    return problems;
  }
  await page.locator("body").click({ position: { x: 5, y: 5 } }).catch(() => {});
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  await page.keyboard.press("/");
  const focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
  if (focused !== "search-input") problems.push(`"/" focused ${JSON.stringify(focused)}, not #search-input`);
  await page.keyboard.type("fargate", { delay: 20 });
  const option = await page
    .waitForSelector("#search-results:not([hidden]) [role=option]", { timeout: 5000 })
    .catch(() => null);
  if (option === null) {
    problems.push('typing "fargate" showed no results');
    report.keyboard = { problems };
    return problems;
  }
  // The open dropdown is part of the page a reader meets: check it too.
  report.pages.push({
    page: "home, search dropdown open",
    url: page.url(),
    scheme: "light",
    violations: summarize(await runAxe(page, ".site-search")),
  });
  await page.keyboard.press("ArrowDown");
  const active = await page.evaluate(() => {
    const input = document.getElementById("search-input");
    const id = input.getAttribute("aria-activedescendant");
    const el = id && document.getElementById(id);
    return el ? el.href : null;
  });
  if (!active) {
    problems.push("ArrowDown did not mark an option active (aria-activedescendant)");
  } else {
    await Promise.all([
      page.waitForURL((url) => url.href !== base + "index.html", { timeout: 5000 }).catch(() => {}),
      page.keyboard.press("Enter"),
    ]);
    const landed = new URL(page.url());
    const wanted = new URL(active);
    if (landed.pathname !== wanted.pathname) {
      problems.push(`Enter went to ${landed.pathname}, not the active option ${wanted.pathname}`);
    }
  }
  report.keyboard = { checked: ["/ focuses", "typing shows results", "ArrowDown + Enter opens"], problems };
  return problems;
}

const server = await serve();
const base = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
  ],
});
// axe is injected as an inline script, which the site's CSP (rightly) forbids.
const context = await browser.newContext({ bypassCSP: true });
const report = { site: root, pages: [], skipped: [], keyboard: null };
let failed = false;
try {
  for (const entry of PAGES) {
    if (entry.needs && !existsSync(path.join(root, entry.needs))) {
      report.skipped.push(`${entry.name} (${entry.path}): ${entry.needs} is not in the site (no search yet)`);
      console.error(`SKIPPED ${entry.name}: ${entry.needs} missing`);
      continue;
    }
    for (const width of entry.widths ?? WIDTHS) {
      for (const scheme of SCHEMES) {
        const page = await context.newPage();
        await page.setViewportSize({ width, height: 900 });
        await page.emulateMedia({ colorScheme: scheme });
        const response = await page.goto(base + entry.path, { waitUntil: "load" });
        if (!response || !response.ok()) {
          report.pages.push({ page: entry.name, url: base + entry.path, width, scheme, error: `HTTP ${response?.status()}` });
          failed = true;
          await page.close();
          continue;
        }
        if (entry.search) await waitForSearchPage(page);
        if (entry.menu) await page.locator(".menu-button").click();
        if (entry.toc) await page.locator("details.toc > summary").click();
        report.pages.push({
          page: entry.name,
          url: base + entry.path,
          width,
          scheme,
          violations: summarize(await runAxe(page)),
        });
        await page.close();
      }
    }
  }
  if (existsSync(path.join(root, "search.html"))) {
    const page = await context.newPage();
    const problems = await keyboardCheck(page, base, report);
    if (problems.length) failed = true;
    await page.close();
  } else {
    report.keyboard = { skipped: "search.html is not in the site (no search yet)" };
    console.error("SKIPPED keyboard check of the search box: no search yet");
  }
} finally {
  await browser.close();
  server.close();
}

const totals = {};
const seenKnown = new Set();
report.known = [];
for (const p of report.pages) {
  for (const [impact, list] of Object.entries(p.violations ?? {})) {
    totals[impact] = (totals[impact] ?? 0) + list.length;
    for (const v of list) {
      if (!FAILING.has(impact)) continue;
      if (isKnown(p.page, v.id)) {
        seenKnown.add(`${p.page}|${v.id}`);
        report.known.push(`${p.page} (${p.width}px, ${p.scheme}): ${v.id}, ${v.nodes} element(s)`);
      } else {
        failed = true;
      }
    }
  }
}
report.totals = totals;
for (const [page, rule] of KNOWN) {
  if (!seenKnown.has(`${page}|${rule}`) && report.pages.some((p) => p.page === page)) {
    console.error(`known issue gone: ${page} / ${rule}; remove it from KNOWN in tests/browser/a11y.mjs`);
  }
}
if (report.known.length) console.error(`known serious violations (not failing):\n  ${report.known.join("\n  ")}`);
console.log(JSON.stringify(report, null, 2));
console.error(
  `a11y: ${report.pages.length} page checks, violations by impact ${JSON.stringify(totals)}` +
    (failed ? " -> FAILED (serious/critical violations or keyboard problems)" : " -> ok"),
);
process.exit(failed ? 1 : 0);
