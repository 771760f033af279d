// Loads the classic-script search runtime into a fresh vm context, as a
// browser would run it, optionally wired to a bundle directory on disk.
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import zlib from "node:zlib";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
// The runtime's classic scripts, in the order pages load them.
export const RUNTIME_FILES = ["search-text.js", "search-query.js", "search-bundle.js", "search-rank.js", "shiori-search.js"].map((f) =>
  path.join(here, "../../themes/default/static/search", f),
);

// With `waves`, files load asynchronously, as over a network: every
// request made before the previous ones arrive joins one wave, and
// `shiori.waves()` counts the waves (sequential round trips) so far.
export function loadRuntime(bundleDir, options = {}) {
  const context = vm.createContext({ console, setTimeout, clearTimeout });
  for (const file of RUNTIME_FILES) vm.runInContext(fs.readFileSync(file, "utf8"), context, { filename: file });
  const shiori = context.shiori;
  if (bundleDir) {
    shiori.base = bundleDir + path.sep;
    // <script> insertion, done synchronously from disk.
    const run = (url, onError) => {
      let code;
      try {
        code = fs.readFileSync(url, "utf8");
      } catch {
        onError();
        return;
      }
      vm.runInContext(code, context, { filename: url });
    };
    let waves = 0;
    let pending = [];
    shiori.loadScript = run;
    shiori.waves = () => waves;
    if (options.waves) {
      shiori.loadScript = (url, onError) => {
        pending.push([url, onError]);
        if (pending.length > 1) return;
        setTimeout(() => {
          const batch = pending;
          pending = [];
          waves++;
          for (const [u, e] of batch) run(u, e);
        }, 0);
      };
    }
    const manifest = fs.readdirSync(bundleDir).find((f) => /^m-[0-9a-v]+\.js$/.test(f));
    if (!manifest) throw new Error(`no manifest in ${bundleDir}`);
    run(path.join(bundleDir, manifest), () => {});
    shiori.manifestFile = manifest;
  }
  return shiori;
}

// Raw and gzip size of bundle files, as a browser would transfer them.
export function transferSize(dir, names) {
  let raw = 0;
  let gzip = 0;
  for (const name of names) {
    const bytes = fs.readFileSync(path.join(dir, name));
    raw += bytes.length;
    gzip += zlib.gzipSync(bytes, { level: 9 }).length;
  }
  return { raw, gzip };
}
