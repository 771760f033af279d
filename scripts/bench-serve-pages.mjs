// Page loads against a running `shiori serve` in headless Chromium: TABS
// tabs stay open (each holding its keep-alive connections and its reload
// event stream, as a writer's browser does) while LOADS navigations go
// round the site's pages. A load whose `load` event does not fire within
// 10 s is a stall. Prints stalls and load-time percentiles.
//
//   node scripts/bench-serve-pages.mjs http://127.0.0.1:1111/ [LOADS=200] [TABS=4]
import { Browser } from "../tests/js/cdp.mjs";

const [base, loads = "200", tabs = "4"] = process.argv.slice(2);
if (!base) {
  console.error("usage: bench-serve-pages.mjs BASE_URL [LOADS] [TABS]");
  process.exit(2);
}
const browser = await Browser.launch();
const home = await browser.newPage();
await home.goto(base);
// Every page linked from the home page and the sidebar.
const pages = await home.eval(`[...new Set([...document.querySelectorAll("a[href]")]
  .map((a) => a.href).filter((h) => h.startsWith(${JSON.stringify(base)}) && h.endsWith(".html")))]`);
const open = [home];
for (let i = 1; i < Number(tabs); i++) open.push(await browser.newPage());
const times = [];
let stalls = 0;
for (let i = 0; i < Number(loads); i++) {
  const page = open[i % open.length];
  const url = pages[i % pages.length];
  const start = performance.now();
  try {
    await withTimeout(page.goto(url), 10000);
    // The search script and live.js must have run, not only the HTML.
    await page.waitFor(() => page.eval("document.readyState === 'complete'"), 10000, "complete");
    times.push(performance.now() - start);
  } catch (e) {
    stalls++;
    console.error(`stall: ${url}: ${e.message}`);
  }
}
times.sort((a, b) => a - b);
const at = (q) => times[Math.round((times.length - 1) * q)] ?? 0;
console.log(
  `${loads} page loads over ${open.length} tabs (${pages.length} distinct pages): ${stalls} stalls; load p50 ${at(0.5).toFixed(0)} ms, p99 ${at(0.99).toFixed(0)} ms, max ${at(1).toFixed(0)} ms`,
);
await browser.close();
process.exit(stalls ? 1 : 0);

function withTimeout(promise, ms) {
  return Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error(`no load event in ${ms} ms`)), ms))]);
}
