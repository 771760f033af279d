// The build-error overlay of `shiori serve` as a writer meets it (driven by
// tests/testsuite/serve_browser.rs, which starts the server and breaks the
// build): opens PAGE, waits for the overlay, reads its language, title and
// the order of its entries, and runs axe-core on it in the light and the
// dark colour scheme.
//
//   node tests/browser/serve-overlay.mjs BASE_URL PAGE
//
// Prints JSON; exits 1 on a serious or critical violation (colour contrast
// is one), 2 on a usage error. CHROMIUM=/path/to/chromium overrides the browser.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const [base, pagePath] = process.argv.slice(2);
if (!pagePath) {
  console.error("usage: node tests/browser/serve-overlay.mjs BASE_URL PAGE");
  process.exit(2);
}
const axeSource = await readFile(require.resolve("axe-core/axe.min.js"), "utf8");
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const report = { schemes: {}, overlay: null };
let failed = false;
try {
  for (const scheme of ["light", "dark"]) {
    // axe is injected as an inline script, which the site's CSP forbids.
    const context = await browser.newContext({ bypassCSP: true, colorScheme: scheme, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(base + pagePath, { waitUntil: "load" });
    await page.waitForSelector("#shiori-overlay li", { timeout: 15000 });
    // The overlay's stylesheet is added by live.js: wait until it applies.
    await page.waitForFunction(() => getComputedStyle(document.getElementById("shiori-overlay")).position === "fixed");
    if (!report.overlay) {
      report.overlay = await page.evaluate(() => {
        const overlay = document.getElementById("shiori-overlay");
        return {
          lang: overlay.getAttribute("lang"),
          title: overlay.querySelector("h2").textContent,
          entries: [...overlay.querySelectorAll("li")].map((li) => ({
            severity: li.querySelector(".severity").textContent,
            where: li.querySelector("code").textContent,
            message: li.querySelector(".message").textContent,
          })),
        };
      });
    }
    await page.addScriptTag({ content: axeSource });
    const violations = await page.evaluate(async () => {
      const result = await window.axe.run({ include: ["#shiori-overlay"] }, { resultTypes: ["violations"] });
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => `${n.target.join(" ")}: ${n.failureSummary}`) }));
    });
    report.schemes[scheme] = violations;
    if (violations.some((v) => v.impact === "serious" || v.impact === "critical")) failed = true;
    await context.close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(report, null, 2));
process.exit(failed ? 1 : 0);
