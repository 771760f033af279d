// Save → the open page showing the change, measured in the browser: starts
// `shiori serve` on SITE_DIR, opens one note in headless Chromium, then
// SAVES times appends a unique word to that note (written to a temporary
// file renamed over it, as editors save) and times how long until the open
// page shows the word. The time is taken inside the page, at the first
// animation frame after the word is in the DOM, whether the page was
// reloaded or patched. Prints the median and p95, and where the time went
// (save → the new document starts loading, → the word is shown).
//
//   node scripts/bench-serve-browser.mjs SITE_DIR [--saves 20] [--bin target/debug/shiori] [--note content/x.md] [--no-settle | --pause MS]
//
// Between saves it waits for the server's background work (site-wide pages
// and the search index, `-v` prints when they are done) unless
// --no-settle (300 ms) or --pause MS (a fixed pause, for a binary whose log
// does not say when that work ends, e.g. an older release). The note is restored at the end. SITE_DIR is modified while
// the script runs: use a copy.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { Browser, sleep } from "../tests/js/cdp.mjs";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args.splice(at, 2)[1] : fallback;
};
const saves = Number(option("--saves", "20"));
const bin = option("--bin", "target/debug/shiori");
const chosen = option("--note", null);
const pause = Number(option("--pause", "0"));
const settle = !args.includes("--no-settle") && !pause;
const site = args.filter((a) => !a.startsWith("--"))[0];
if (!site) {
  console.error("usage: bench-serve-browser.mjs SITE_DIR [--saves 20] [--bin PATH] [--note content/x.md] [--no-settle | --pause MS]");
  process.exit(2);
}

const note = chosen ? path.join(site, chosen) : middleNote(path.join(site, "content"));
const original = fs.readFileSync(note, "utf8");
const pagePath = path.relative(path.join(site, "content"), note).replace(/\\/g, "/").replace(/\.md$/, ".html");

const started = Date.now();
const server = spawn(bin, ["--root", site, "-v", "serve", "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
const url = await new Promise((resolve, reject) => {
  readline.createInterface({ input: server.stdout }).on("line", (line) => {
    const found = line.match(/serving (http:\/\/\S+)/);
    if (found) resolve(found[1]);
  });
  server.once("exit", (code) => reject(new Error(`shiori serve exited with ${code}`)));
});
// The server's log, timestamped: rebuild times and when background work ends.
const log = [];
readline.createInterface({ input: server.stderr }).on("line", (line) => log.push({ at: Date.now(), line }));
console.log(`serving ${url} after ${((Date.now() - started) / 1000).toFixed(1)} s; page ${pagePath}`);

const browser = await Browser.launch();
const page = await browser.newPage();
// Runs in every document the tab loads: notes when the expected word is
// shown (and when that document's navigation started) in sessionStorage,
// which survives reloads.
await page.send("Page.addScriptToEvaluateOnNewDocument", {
  source: `(() => {
    const check = () => {
      const marker = sessionStorage.getItem("bench-marker");
      if (!marker || sessionStorage.getItem("bench-shown") || !document.body) return;
      if (!document.body.textContent.includes(marker)) return;
      sessionStorage.setItem("bench-shown", "pending");
      requestAnimationFrame(() => setTimeout(() => {
        sessionStorage.setItem("bench-shown", String(Date.now()));
        sessionStorage.setItem("bench-origin", String(Math.round(performance.timeOrigin)));
        const nav = performance.getEntriesByType("navigation")[0];
        if (nav) sessionStorage.setItem("bench-nav", JSON.stringify({ response: Math.round(nav.responseEnd), interactive: Math.round(nav.domInteractive), now: Math.round(performance.now()) }));
      }, 0));
    };
    new MutationObserver(check).observe(document, { childList: true, subtree: true, characterData: true });
    document.addEventListener("DOMContentLoaded", check);
  })();`,
});
await page.goto(url + pagePath);
await settled(0);

const total = [];
const toLoad = [];
const rebuilt = [];
let failures = 0;
try {
  for (let i = 0; i < saves; i++) {
    const marker = `benchword${i}x${Math.random().toString(36).slice(2, 8)}`;
    await page.eval(`sessionStorage.setItem("bench-marker", ${JSON.stringify(marker)}); sessionStorage.removeItem("bench-shown"); true`);
    const logFrom = log.length;
    const t0 = Date.now();
    save(note, `${original}\n\n追記 ${marker}\n`);
    let shown = null;
    let origin = null;
    let nav = null;
    const deadline = Date.now() + 60000;
    while (Date.now() < deadline) {
      await sleep(20);
      const state = await page
        .eval(`JSON.stringify([sessionStorage.getItem("bench-shown"), sessionStorage.getItem("bench-origin"), sessionStorage.getItem("bench-nav")])`)
        .catch(() => null);
      if (!state) continue;
      const [s, o, n] = JSON.parse(state);
      if (s && s !== "pending") {
        shown = Number(s);
        origin = Number(o);
        nav = n;
        break;
      }
    }
    if (shown === null) {
      failures++;
      console.log(`save ${i + 1}: not shown within 60 s`);
      continue;
    }
    total.push(shown - t0);
    // A patched page keeps its document: its origin is older than the save.
    if (origin >= t0) toLoad.push(origin - t0);
    const line = log.slice(logFrom).find((l) => /rebuilt \d+ page/.test(l.line));
    const ms = line && line.line.match(/in (\d+) ms/);
    if (ms) rebuilt.push(Number(ms[1]));
    console.log(`save ${i + 1}: shown after ${shown - t0} ms${origin >= t0 ? ` (new document after ${origin - t0} ms)` : ""}${ms ? `; server rebuild ${ms[1]} ms` : ""}${process.env.BENCH_NAV && nav ? ` ${nav}` : ""}`);
    if (settle) await settled(logFrom);
    else await sleep(pause || 300);
  }
} finally {
  fs.writeFileSync(note, original);
  await browser.close();
  server.kill();
}

console.log(`\n${saves} saves of ${pagePath}: ${failures} never shown`);
report("save → change shown", total);
if (toLoad.length) report("save → new document starts", toLoad);
if (rebuilt.length) report("server's rebuild (its log)", rebuilt);
console.log("load average:", fs.readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" "));
process.exit(failures ? 1 : 0);

function report(what, values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  console.log(`${what}: median ${median.toFixed(0)} ms, p95 ${at(0.95).toFixed(0)} ms, min ${sorted[0]} ms, max ${sorted[sorted.length - 1]} ms (n=${sorted.length})`);
}

/** Waits until the server logged the end of the background work that followed `from`. */
async function settled(from) {
  const deadline = Date.now() + 300000;
  while (Date.now() < deadline) {
    if (from === 0) {
      // The first build is done before the server prints its address.
      await sleep(1000);
      return;
    }
    if (log.slice(from).some((l) => l.line.includes("site-wide pages"))) {
      await sleep(200);
      return;
    }
    await sleep(50);
  }
  throw new Error("the server never finished its background work");
}

function save(file, text) {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.bench-tmp`);
  fs.writeFileSync(temp, text);
  fs.renameSync(temp, file);
}

function middleNote(content) {
  const notes = [];
  (function walk(dir) {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith(".")) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".md") && !entry.name.startsWith("_") && entry.name !== "index.md") notes.push(full);
    }
  })(content);
  return notes[Math.floor(notes.length / 2)];
}
