// What a writer sees in the browser while `shiori serve` runs (driven by
// tests/testsuite/serve_browser.rs, which starts the server):
//
// 1. Two saves 0.3–1 s apart, RUNS times: the open page must end on the
//    second version and stay there (the first save's reload is usually
//    still loading when the second save's reload is sent).
// 2. A word saved into another note reaches the open page's search once
//    the background index is done, without reloading the page.
// 3. A save to the open note patches the page in place: the document, its
//    scroll position and the theme's aids (copy buttons, the table of
//    contents) stay; a save that changes the title (the sidebar, <title>)
//    reloads the page instead, which then shows the new title.
//
//   node tests/browser/serve-edits.mjs BASE_URL SITE_DIR PAGE NOTE OTHER_NOTE RUNS
//
// PAGE is the open page's path (net/snat.html), NOTE its source, OTHER_NOTE
// another note's source (both relative to SITE_DIR). Prints one JSON object;
// exits 1 when a check failed.
import fs from "node:fs";
import path from "node:path";
import { Browser, sleep } from "../js/cdp.mjs";

const [base, site, pagePath, note, otherNote, runsArg] = process.argv.slice(2);
if (!runsArg) {
  console.error("usage: serve-edits.mjs BASE_URL SITE_DIR PAGE NOTE OTHER_NOTE RUNS");
  process.exit(2);
}
const runs = Number(runsArg);
const notePath = path.join(site, note);
const original = fs.readFileSync(notePath, "utf8");

function save(file, text) {
  const temp = path.join(site, ".edit.tmp");
  fs.writeFileSync(temp, text);
  fs.renameSync(temp, file);
}

const browser = await Browser.launch();
const report = { runs, passed: 0, failures: [], gaps: [], settled: [], search: null, patch: null, errors: [] };
try {
  const page = await browser.newPage();
  await page.goto(base + pagePath);
  const bodyHas = (word) => page.eval(`document.body !== null && document.body.textContent.includes(${JSON.stringify(word)})`).catch(() => false);
  for (let i = 0; i < runs; i++) {
    const first = `firstversion${i}x`;
    const second = `secondversion${i}x`;
    // Spread over 0.3–1 s, the same spread every run of the suite.
    const gap = 300 + ((i * 337) % 701);
    report.gaps.push(gap);
    save(notePath, `${original}\n\n${first}\n`);
    await sleep(gap);
    const t0 = Date.now();
    save(notePath, `${original}\n\n${second}\n`);
    let shown = false;
    while (Date.now() - t0 < 8000) {
      if (await bodyHas(second)) {
        shown = true;
        break;
      }
      await sleep(25);
    }
    if (!shown) {
      const now = (await bodyHas(first)) ? "the first version" : "neither version";
      report.failures.push(`run ${i + 1} (gap ${gap} ms): after 8 s the page shows ${now}`);
      continue;
    }
    report.settled.push(Date.now() - t0);
    // It stays on the second version: no late reload to the first.
    await sleep(700);
    if (!(await bodyHas(second))) {
      report.failures.push(`run ${i + 1} (gap ${gap} ms): the page went back from the second version`);
      continue;
    }
    report.passed++;
  }

  // The search data of an open page follows the background index.
  const word = `searchrefresh${Date.now().toString(36)}`;
  await page.eval(`window.__notReloaded = true`);
  const other = path.join(site, otherNote);
  save(other, `${fs.readFileSync(other, "utf8")}\n\n${word}\n`);
  const t0 = Date.now();
  let found = null;
  while (Date.now() - t0 < 60000) {
    const urls = await page
      .eval(`window.shiori.searchPages(${JSON.stringify(word)}, { limit: 5 }).then((r) => Promise.all(r.pages.map((p) => window.shiori.fragments([p.sections[0].doc]))).then((f) => f.map((x) => x[0].url)))`)
      .catch(() => []);
    if (urls.length) {
      found = urls;
      break;
    }
    await sleep(200);
  }
  report.search = {
    found,
    reloaded: !(await page.eval(`window.__notReloaded === true`).catch(() => false)),
    ms: Date.now() - t0,
  };
  if (!found) report.failures.push(`the open page's search never found ${word}`);
  else if (report.search.reloaded) report.failures.push("the page reloaded to see the new index; it should not have to");

  // In place: a long note with a code block, scrolled down, saved again.
  const waitFor = async (expression, ms) => {
    const t = Date.now();
    while (Date.now() - t < ms) {
      if (await page.eval(expression).catch(() => false)) return true;
      await sleep(25);
    }
    return false;
  };
  const filler = Array.from({ length: 60 }, (_, i) => `段落 ${i}。`).join("\n\n");
  save(notePath, `${original}\n\n${filler}\n\n## 追加の節\n\n\`\`\`sh\necho patched-one\n\`\`\`\n`);
  await waitFor(`document.body.textContent.includes("patched-one")`, 8000);
  // The first version of a long page may have come by reload: start anew.
  await page.eval(`window.scrollTo(0, 400); window.__kept = "yes"; true`);
  save(notePath, `${original}\n\n${filler}\n\n## 追加の節\n\n\`\`\`sh\necho patched-two\n\`\`\`\n`);
  const patched = await waitFor(`document.body.textContent.includes("patched-two")`, 8000);
  const state = JSON.parse(
    await page.eval(`JSON.stringify({
      kept: window.__kept === "yes",
      scrollY: Math.round(window.scrollY),
      copyButtons: document.querySelectorAll("main .code-block > pre.code + button.copy-button").length,
      toc: Array.from(document.querySelectorAll("details.toc a")).map((a) => a.textContent),
    })`),
  );
  save(notePath, original.replace("title: 外部 SNAT", "title: 外部 SNAT 改"));
  const retitled = await waitFor(`document.title.includes("外部 SNAT 改") && document.querySelector("main h1").textContent.includes("外部 SNAT 改")`, 8000);
  const reloaded = !(await page.eval(`window.__kept === "yes"`).catch(() => false));
  report.patch = { patched, ...state, retitled, reloaded };
  if (!patched) report.failures.push("the second save of a long note never showed");
  else {
    if (!state.kept) report.failures.push("a save of the open note reloaded the page instead of patching it");
    if (state.scrollY !== 400) report.failures.push(`the patched page moved from 400 px to ${state.scrollY} px`);
    if (state.copyButtons !== 1) report.failures.push(`the patched code block has ${state.copyButtons} copy buttons`);
    if (!state.toc.includes("追加の節")) report.failures.push(`the table of contents of the patched page: ${state.toc}`);
  }
  if (!retitled) report.failures.push("a new title never showed");
  else if (!reloaded) report.failures.push("a new title (another sidebar) was patched in instead of reloading");
  report.errors = page.errors;
} finally {
  fs.writeFileSync(notePath, original);
  await browser.close();
}
console.log(JSON.stringify(report, null, 2));
process.exit(report.failures.length ? 1 : 0);
