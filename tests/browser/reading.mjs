// Reading aids of a built site in headless Chromium (playwright-core, the
// system's /usr/bin/chromium): the menu at 390 px, the table of contents at
// 1024 px, hover and focus previews, the theme toggle, copy buttons, tabs,
// redirect pages from file://, the 404 page at a nested URL, line breaks.
//
//   node tests/browser/reading.mjs <fixture-site> <bundled-site>
//
// <fixture-site> is built with base_url https://example.github.io/wiki/ and is
// served under /wiki/ (as GitHub Pages serves a project); <bundled-site> has
// no base_url and is served under /eks/. Misses get the site's 404.html with
// status 404, as hosts do. Prints a JSON report; exits 1 on any problem.

import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const [fixtureArg, bundledArg] = process.argv.slice(2);
if (!fixtureArg || !bundledArg || !existsSync(path.join(fixtureArg, "404.html"))) {
  console.error("usage: node tests/browser/reading.mjs <fixture-site> <bundled-site>");
  process.exit(2);
}
const sites = { "/wiki/": path.resolve(fixtureArg), "/eks/": path.resolve(bundledArg) };
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".svg": "image/svg+xml",
  ".xml": "application/xml",
};

function serve() {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://x");
    const mount = Object.keys(sites).find((m) => url.pathname.startsWith(m));
    if (!mount) {
      res.writeHead(404, { "Content-Type": "text/plain" });
      return res.end("not found");
    }
    const root = sites[mount];
    try {
      let rel = decodeURIComponent(url.pathname.slice(mount.length));
      if (rel === "" || rel.endsWith("/")) rel += "index.html";
      const file = path.resolve(root, rel);
      if (!file.startsWith(root + path.sep) || !(await stat(file)).isFile()) throw new Error("missing");
      res.writeHead(200, { "Content-Type": TYPES[path.extname(file)] ?? "application/octet-stream" });
      res.end(await readFile(file));
    } catch {
      res.writeHead(404, { "Content-Type": TYPES[".html"] });
      res.end(await readFile(path.join(root, "404.html")));
    }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

const server = await serve();
const http = `http://127.0.0.1:${server.address().port}`;
const fixtureFile = pathToFileURL(sites["/wiki/"]).href + "/";
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});

const report = { checks: [] };
let failed = false;

/** Runs one named check: a function returning (or throwing) problems. */
async function check(name, run) {
  const problems = [];
  const expect = (ok, message) => {
    if (!ok) problems.push(message);
  };
  try {
    await run(expect);
  } catch (e) {
    problems.push(`threw: ${e && e.stack ? e.stack.split("\n").slice(0, 3).join(" ") : e}`);
  }
  report.checks.push({ name, problems });
  if (problems.length) failed = true;
  console.error(`${problems.length ? "FAIL" : "ok  "} ${name}${problems.length ? "\n     " + problems.join("\n     ") : ""}`);
}

/** A page that records console errors, failed loads and CSP violations. */
async function open(context, url) {
  const page = await context.newPage();
  page.errors = [];
  page.on("console", (m) => {
    if (m.type() === "error") page.errors.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => page.errors.push(`page error: ${e.message}`));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window.__csp ||= []).push(`${e.violatedDirective} ${e.blockedURI}`);
    });
    document.addEventListener("DOMContentLoaded", () => {
      window.__atReady = {
        theme: document.documentElement.getAttribute("data-theme"),
        background: getComputedStyle(document.body).backgroundColor,
      };
    });
  });
  if (url) await page.goto(url, { waitUntil: "load" });
  return page;
}

async function cspViolations(page) {
  return page.evaluate(() => window.__csp || []);
}

const visible = (page, selector) =>
  page.evaluate((s) => {
    const el = document.querySelector(s);
    if (!el) return false;
    const box = el.getBoundingClientRect();
    return getComputedStyle(el).display !== "none" && getComputedStyle(el).visibility !== "hidden" && box.width > 0 && box.height > 0;
  }, selector);
const rect = (page, selector) =>
  page.evaluate((s) => {
    const r = document.querySelector(s).getBoundingClientRect();
    return { top: r.top, left: r.left, right: r.right, bottom: r.bottom, width: r.width, height: r.height };
  }, selector);

const NOTE = "/eks/endpoint-and-auth/private-cluster.html";

try {
  await check("menu at 390 px: a compact header that stays, a button opening the sidebar", async (expect) => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await open(context, http + NOTE);
    const header = await rect(page, ".site-header");
    expect(header.height <= 64, `header is ${header.height}px tall`);
    await page.mouse.wheel(0, 3000);
    await page.waitForTimeout(200);
    expect((await rect(page, ".site-header")).top === 0, "the header scrolled away");
    expect(await visible(page, ".menu-button"), "no menu button");
    expect(!(await visible(page, "#site-nav")), "the sidebar shows before the menu is opened");
    const button = page.locator(".menu-button");
    expect((await button.getAttribute("aria-expanded")) === "false", "aria-expanded is not false");
    expect((await button.getAttribute("role")) === "button", "the menu link is not a button for assistive tech");
    await button.click();
    expect(await visible(page, "#site-nav"), "clicking the button did not open the sidebar");
    expect((await button.getAttribute("aria-expanded")) === "true", "aria-expanded is not true when open");
    expect(await page.evaluate(() => document.getElementById("site-nav").contains(document.activeElement)), "focus did not move into the menu");
    expect(await page.evaluate(() => document.activeElement.getAttribute("aria-current") === "page"), "focus is not on the current note");
    const nav = await rect(page, "#site-nav");
    expect(nav.left === 0 && nav.width <= 390, `the menu is not a drawer on screen: ${JSON.stringify(nav)}`);
    await page.keyboard.press("Escape");
    expect(!(await visible(page, "#site-nav")), "Escape did not close the menu");
    expect(await page.evaluate(() => document.activeElement.classList.contains("menu-button")), "focus did not return to the button");
    await page.keyboard.press("Enter");
    expect(await visible(page, "#site-nav"), "Enter on the button did not open the menu");
    await page.locator(".menu-close").click();
    expect(!(await visible(page, "#site-nav")), "the close link did not close the menu");
    await page.focus(".menu-button");
    await page.keyboard.press(" ");
    expect(await visible(page, "#site-nav"), "Space on the button did not open the menu");
    expect((await page.errors).length === 0, `console: ${page.errors.join(" | ")}`);
    await context.close();

    // Without JavaScript the button is a link to the sidebar, shown as the target.
    const plain = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
    const noJs = await open(plain, http + NOTE);
    await noJs.locator(".menu-button").click();
    expect(noJs.url().endsWith("#site-nav"), `without JS the link went to ${noJs.url()}`);
    expect(await visible(noJs, "#site-nav"), "without JS the sidebar does not show as the link's target");
    await plain.close();
  });

  await check("search results at 390 and 768 px stay on screen", async (expect) => {
    for (const width of [390, 768]) {
      const context = await browser.newContext({ viewport: { width, height: 844 } });
      const page = await open(context, http + "/eks/index.html");
      await page.locator("#search-input").click();
      await page.keyboard.type("fargate");
      await page.waitForSelector("#search-results:not([hidden]) [role=option]", { timeout: 5000 });
      const box = await rect(page, "#search-results");
      expect(box.left >= 0 && box.right <= width, `${width}px: the results span ${box.left}–${box.right}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow <= 0, `${width}px: the page scrolls sideways by ${overflow}px`);
      await context.close();
    }
  });

  await check("table of contents: first and folded at 1024 and 390 px, beside the note at 1280 px", async (expect) => {
    for (const width of [1024, 390]) {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await open(context, http + NOTE);
      const toc = await rect(page, "details.toc");
      const title = await rect(page, ".note h1");
      expect(toc.bottom <= title.top, `${width}px: the TOC (top ${toc.top}) is not before the title (top ${title.top})`);
      expect(!(await page.evaluate(() => document.querySelector("details.toc").open)), `${width}px: the TOC is not folded`);
      await page.locator("details.toc > summary").click();
      expect(await page.evaluate(() => document.querySelector("details.toc").open), `${width}px: the summary does not unfold it`);
      expect(await visible(page, "details.toc li a"), `${width}px: unfolded TOC shows no entries`);
      await context.close();
    }
    const wide = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await open(wide, http + NOTE);
    const toc = await rect(page, "details.toc");
    const content = await rect(page, "main");
    expect(toc.left >= content.right, `1280px: the TOC (left ${toc.left}) is not beside the content (right ${content.right})`);
    expect(await visible(page, "details.toc li a"), "1280px: the TOC entries are not shown");
    await wide.close();
  });

  await check("the map page and the note map keep labels at 12 px or more at 390 and 1280 px", async (expect) => {
    for (const width of [390, 1280]) {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      for (const url of ["/eks/map.html", NOTE]) {
        const page = await open(context, http + url);
        const smallest = await page.evaluate(() => {
          let min = Infinity;
          for (const text of document.querySelectorAll("svg.map text")) {
            const box = text.getBoundingClientRect();
            const size = parseFloat(getComputedStyle(text).fontSize);
            const svg = text.ownerSVGElement;
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            if (box.width > 0) min = Math.min(min, size * scale);
          }
          return min;
        });
        expect(smallest >= 12, `${url} at ${width}px: a map label is drawn at ${smallest.toFixed(1)}px`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow <= 0, `${url} at ${width}px: the page scrolls sideways by ${overflow}px (only the map should)`);
        if (url === "/eks/map.html") {
          const lists = await rect(page, ".map-lists");
          expect(lists.width >= Math.min(width - 40, 600), `${url} at ${width}px: the lists are squeezed to ${lists.width}px`);
        }
        await page.close();
      }
      await context.close();
    }
  });

  for (const [where, base] of [["http", http + "/wiki/"], ["file://", fixtureFile]]) {
    await check(`previews over ${where}: hover and focus show the linked note, Escape hides it, nothing moves`, async (expect) => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await open(context, base + "guide/setup.html");
      const before = await page.evaluate(() => [document.querySelector("main").getBoundingClientRect().toJSON(), document.documentElement.scrollWidth]);
      const scriptsBefore = await page.evaluate(() => document.querySelectorAll('script[src*="previews/"]').length);
      expect(scriptsBefore === 0, "preview data was loaded before any hover");
      await page.locator('.note-body a[href="network.html"]').first().hover();
      const card = page.locator(".link-preview");
      await card.waitFor({ state: "visible", timeout: 3000 });
      const text = await card.innerText();
      expect(text.includes("ネットワークの制約"), `the preview shows ${JSON.stringify(text)}`);
      expect(text.includes("ポッドが使う IP"), `the preview lacks the summary: ${JSON.stringify(text)}`);
      const link = page.locator('.note-body a[href="network.html"]').first();
      expect((await link.getAttribute("aria-describedby")) === "link-preview", "the link is not described by the preview");
      const after = await page.evaluate(() => [document.querySelector("main").getBoundingClientRect().toJSON(), document.documentElement.scrollWidth]);
      expect(JSON.stringify(before) === JSON.stringify(after), `the layout moved: ${JSON.stringify(before)} → ${JSON.stringify(after)}`);
      await page.keyboard.press("Escape");
      expect(!(await card.isVisible()), "Escape did not hide the preview");
      // A link to a heading shows that section.
      await page.mouse.move(5, 5);
      await page.locator('.note-body a[href^="network.html#"]').first().focus();
      await card.waitFor({ state: "visible", timeout: 3000 });
      const section = await card.innerText();
      expect(section.includes("制限事項") && section.includes("サブネット"), `focus on the heading link shows ${JSON.stringify(section)}`);
      await page.keyboard.press("Escape");
      expect(!(await card.isVisible()), "Escape did not hide the focus preview");
      expect(page.errors.length === 0, `console: ${page.errors.join(" | ")}`);
      await context.close();
    });
  }

  await check("previews are not shown on a touch-only device", async (expect) => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
    const page = await open(context, http + "/wiki/guide/setup.html");
    const hover = await page.evaluate(() => matchMedia("(any-hover: hover)").matches);
    expect(!hover, "the emulated phone reports a hover-capable pointer; the check would prove nothing");
    await page.locator('.note-body a[href="network.html"]').first().focus();
    await page.waitForTimeout(500);
    expect(!(await page.locator(".link-preview").isVisible().catch(() => false)), "a preview showed on a touch-only device");
    await context.close();
  });

  await check("theme toggle: system → light → dark, remembered across pages (http and file://), no flash, CSP clean", async (expect) => {
    for (const base of [http + "/wiki/", fixtureFile]) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: "light" });
      const page = await open(context, base + "guide/setup.html");
      const toggle = page.locator(".theme-toggle");
      expect(await toggle.isVisible(), "no visible toggle");
      await toggle.click();
      expect((await page.evaluate(() => document.documentElement.getAttribute("data-theme"))) === "light", "first click did not choose light");
      await toggle.click();
      expect((await page.evaluate(() => document.documentElement.getAttribute("data-theme"))) === "dark", "second click did not choose dark");
      expect((await toggle.getAttribute("aria-label")).includes("ダーク"), `the label says ${await toggle.getAttribute("aria-label")}`);
      const dark = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(dark === "rgb(20, 23, 28)", `dark chosen on a light system: background ${dark}`);
      const next = await open(context, base + "guide/network.html");
      const ready = await next.evaluate(() => window.__atReady);
      expect(ready && ready.theme === "dark" && ready.background === "rgb(20, 23, 28)", `${base}: the next page was not dark when it first showed: ${JSON.stringify(ready)}`);
      const code = await next.evaluate(() => {
        const el = document.querySelector("pre.code span[class^=hl-]");
        return el ? getComputedStyle(el).color : null;
      });
      await next.locator(".theme-toggle").click();
      expect((await next.evaluate(() => document.documentElement.getAttribute("data-theme"))) === null, "third click did not go back to the system setting");
      const third = await open(context, base + "index.html");
      expect((await third.evaluate(() => window.__atReady.theme)) === null, "the system setting was not remembered");
      for (const p of [page, next, third]) {
        expect(p.errors.length === 0, `console: ${p.errors.join(" | ")}`);
        expect((await cspViolations(p)).length === 0, `CSP: ${(await cspViolations(p)).join(" | ")}`);
      }
      expect(code !== null, "no highlighted code to check the dark colours on");
      await context.close();
    }
    // Light chosen on a dark system.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: "dark" });
    const page = await open(context, http + "/wiki/guide/setup.html");
    await page.locator(".theme-toggle").click();
    const light = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(light === "rgb(255, 255, 255)", `light chosen on a dark system: background ${light}`);
    await context.close();
  });

  await check("copy buttons: one per code block, by mouse and keyboard, announced", async (expect) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: http });
    const page = await open(context, http + "/wiki/guide/setup.html");
    const counts = await page.evaluate(() => [document.querySelectorAll("pre.code").length, document.querySelectorAll(".copy-button").length]);
    expect(counts[0] > 0 && counts[0] === counts[1], `code blocks and buttons: ${counts}`);
    const button = page.locator(".copy-button").first();
    await button.click();
    // The clipboard answers asynchronously.
    await page.waitForFunction(() => document.querySelector(".copy-button").textContent !== "コピー", null, { timeout: 3000 }).catch(() => {});
    expect((await button.innerText()) === "コピーしました", `the button says ${await button.innerText()}`);
    expect((await page.locator("[role=status]").first().innerText()) === "コピーしました", "success is not announced");
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied === "kubectl get nodes\naws eks update-kubeconfig --name demo", `the clipboard holds ${JSON.stringify(copied)}`);
    await page.waitForTimeout(2200);
    await page.evaluate(() => navigator.clipboard.writeText(""));
    await button.focus();
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelector(".copy-button").textContent !== "コピー", null, { timeout: 3000 }).catch(() => {});
    expect((await page.evaluate(() => navigator.clipboard.readText())).startsWith("kubectl"), "Enter did not copy");
    await context.close();
  });

  for (const js of [true, false]) {
    await check(`content tabs ${js ? "with" : "without"} JavaScript: a click or the arrow keys switch the panel`, async (expect) => {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: js });
      const page = await open(context, http + "/wiki/guide/setup.html");
      const shown = () => page.evaluate(() => [...document.querySelectorAll(".tabs .tab-panel")].map((p) => getComputedStyle(p).display !== "none"));
      expect(JSON.stringify(await shown()) === "[true,false,false]", `first panel only at first: ${await shown()}`);
      await page.locator(".tabs .tab-label", { hasText: "Linux" }).click();
      expect(JSON.stringify(await shown()) === "[false,true,false]", `after clicking Linux: ${await shown()}`);
      await page.keyboard.press("ArrowRight");
      expect(JSON.stringify(await shown()) === "[false,false,true]", `after ArrowRight: ${await shown()}`);
      const labels = await page.evaluate(() => [...document.querySelectorAll(".tabs .tab-label")].map((l) => Math.round(l.getBoundingClientRect().top)));
      expect(new Set(labels).size === 1, `the labels are not in one row: ${labels}`);
      await context.close();
    });
  }

  await check("redirect pages from file:// send the reader to the note", async (expect) => {
    const context = await browser.newContext();
    for (const [from, to] of [["old/setup/index.html", "guide/setup.html"], ["old/legacy.html", "guide/network.html"]]) {
      const page = await context.newPage();
      await page.goto(fixtureFile + from);
      await page.waitForURL((url) => url.href.endsWith(to), { timeout: 5000 }).catch(() => {});
      expect(page.url().endsWith(to), `${from} ended at ${page.url()}`);
      await page.close();
    }
    await context.close();
  });

  await check("404 at a nested URL over http: with base_url whole and linked, without it styled", async (expect) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await open(context);
    const response = await page.goto(http + "/wiki/no/such/deep/page.html", { waitUntil: "load" });
    expect(response.status() === 404, `status ${response.status()}`);
    expect((await page.evaluate(() => getComputedStyle(document.querySelector(".site-header")).position)) === "sticky", "style.css did not load");
    expect(await visible(page, "#site-nav"), "the sidebar is missing");
    const links = await page.evaluate(() => [...document.querySelectorAll("a[href]")].map((a) => a.href).filter((h) => !h.includes("#")));
    const broken = [];
    for (const href of new Set(links)) {
      if (!href.startsWith(http)) continue;
      const status = await page.evaluate(async (u) => (await fetch(u)).status, href);
      if (status !== 200) broken.push(`${href} → ${status}`);
    }
    expect(links.length > 10 && broken.length === 0, `${links.length} links, broken: ${broken.join(", ")}`);
    const unexpected = page.errors.filter((e) => !e.includes("404 (Not Found)") && !e.includes("status of 404"));
    expect(unexpected.length === 0, `console: ${unexpected.join(" | ")}`);
    expect((await page.evaluate(() => document.documentElement.getAttribute("data-theme"))) === null && (await visible(page, ".theme-toggle")), "reading.js did not run");

    const bare = await open(context);
    const missing = await bare.goto(http + "/eks/a/b/c/missing.html", { waitUntil: "load" });
    expect(missing.status() === 404, `bundled: status ${missing.status()}`);
    const styled = await bare.evaluate(() => [getComputedStyle(document.querySelector("h1")).fontSize, getComputedStyle(document.querySelector(".layout")).maxWidth]);
    expect(styled[0] === "30.4px" && styled[1] === "800px", `without base_url the page is not styled: ${styled}`);
    expect((await cspViolations(bare)).length === 0, `CSP: ${(await cspViolations(bare)).join(" | ")}`);
    expect((await bare.locator("main a").getAttribute("href")) === "/", "the home link is not the host's root");
    await context.close();
  });

  await check("no orphan of one or two kana on a line in the sidebar, buttons and pager (390 and 1280 px)", async (expect) => {
    const notes = [];
    const walk = (dir, rel) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory() && !["tags", "search", "previews"].includes(entry.name)) walk(path.join(dir, entry.name), rel + entry.name + "/");
        else if (entry.name.endsWith(".html") && rel !== "" && entry.name !== "index.html") notes.push(rel + entry.name);
      }
    };
    walk(sites["/eks/"], "");
    for (const width of [390, 1280]) {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      for (const note of ["index.html", ...notes]) {
        await page.goto(`${http}/eks/${note}`, { waitUntil: "load" });
        if (width === 390) await page.locator(".menu-button").click();
        const orphans = await page.evaluate(() => {
          const kana = /^[\u3041-\u30ff]{1,2}$/;
          const found = [];
          for (const el of document.querySelectorAll(".nav-note a, .nav-section-title, .pager-title, .menu-button, .copy-button, .tab-label, .section-card h3 a, .toc a")) {
            const lines = [];
            const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
            let node;
            while ((node = walker.nextNode())) {
              for (let i = 0; i < node.data.length; i++) {
                const range = document.createRange();
                range.setStart(node, i);
                range.setEnd(node, i + 1);
                const box = range.getClientRects()[0];
                if (!box || box.width === 0) continue;
                const line = lines.find((l) => Math.abs(l.top - box.top) < 4);
                if (line) line.text += node.data[i];
                else lines.push({ top: box.top, text: node.data[i] });
              }
            }
            const last = lines.length > 1 ? lines[lines.length - 1].text.trim() : "";
            if (kana.test(last)) found.push(`${el.textContent.trim()} → …/${last}`);
          }
          return found;
        });
        for (const orphan of orphans) expect(false, `${width}px ${note}: ${orphan}`);
      }
      await context.close();
    }
  });
} finally {
  await browser.close();
  server.close();
}

console.log(JSON.stringify(report, null, 2));
process.exit(failed ? 1 : 0);
