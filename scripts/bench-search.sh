#!/usr/bin/env bash
# Search benchmark (not a timed test): generated sites of N notes (default
# 1,000 and 10,000), built by shiori (release), indexed by Pagefind too
# (npm package `pagefind`, installed into the work folder), then measured in
# headless Chromium side by side:
#   - index + bundle build time (shiori's `search` stage; Pagefind's run),
#   - total bundle size (raw and gzip),
#   - bytes a cold first query transfers, from page load to results on
#     screen (runtime + manifest + shards/chunks + fragments; raw and gzip;
#     median over the queries of scripts/bench-search.mjs),
#   - warm query latency p50/p95.
# Usage: scripts/bench-search.sh [N ...]     (BENCH_DIR=... to choose the work folder)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
work=${BENCH_DIR:-$repo/target/bench-search}
mkdir -p "$work"
command -v chromium >/dev/null || { echo "chromium is required" >&2; exit 1; }
command -v node >/dev/null || { echo "node is required" >&2; exit 1; }

cargo build --release --quiet --bin shiori --example gen_corpus
if [ ! -x "$work/npm/node_modules/.bin/pagefind" ]; then
  mkdir -p "$work/npm"
  (cd "$work/npm" && npm init -y >/dev/null && npm install --no-audit --no-fund --silent pagefind)
fi
pagefind=$work/npm/node_modules/.bin/pagefind

# Total size of files matching a find(1) expression, raw and gzip -9.
sizes() {
  local dir=$1; shift
  local raw gz
  raw=$(find "$dir" -type f "$@" -printf '%s\n' | awk '{s+=$1} END {print s+0}')
  gz=$(find "$dir" -type f "$@" -exec sh -c 'for f; do gzip -9 -c "$f" | wc -c; done' _ {} + | awk '{s+=$1} END {print s+0}')
  echo "$raw $gz"
}

counts=("$@")
[ ${#counts[@]} -eq 0 ] && counts=(1000 10000)
for n in "${counts[@]}"; do
  site=$work/site-$n
  rm -rf "$site"
  ./target/release/examples/gen_corpus "$n" "$site"
  printf -- "---\ntitle: 生成コーパス\n---\n" > "$site/content/_index.md"
  echo "== $n notes" >&2
  build_log=$(./target/release/shiori --root "$site" build -v 2>&1)
  search_ms=$(echo "$build_log" | awk '$1 == "search" {print $2}')
  build_line=$(echo "$build_log" | grep '^built')
  start=$(date +%s.%N)
  "$pagefind" --site "$site/public" --output-subdir _pagefind --quiet >/dev/null
  pagefind_s=$(echo "$(date +%s.%N) - $start" | bc)
  read -r shiori_raw shiori_gz < <(sizes "$site/public/search" -name '*-*.js')
  read -r pf_raw pf_gz < <(sizes "$site/public/_pagefind")
  shiori_files=$(find "$site/public/search" -name '*-*.js' | wc -l)
  pf_files=$(find "$site/public/_pagefind" -type f | wc -l)
  node scripts/bench-search.mjs "$site/public" > "$work/result-$n.json"
  node - "$work/result-$n.json" "$n" "$search_ms" "$pagefind_s" "$shiori_raw" "$shiori_gz" "$shiori_files" "$pf_raw" "$pf_gz" "$pf_files" "$build_line" <<'JS'
const fs = require("fs");
const [file, n, searchMs, pfS, sRaw, sGz, sFiles, pRaw, pGz, pFiles, buildLine] = process.argv.slice(2);
const r = JSON.parse(fs.readFileSync(file, "utf8"));
const kb = (b) => (b / 1024).toFixed(1) + " KB";
const mb = (b) => (b / 1048576).toFixed(1) + " MB";
console.log(`\n### ${n} notes (${buildLine})\n`);
console.log("| | shiori | Pagefind 1.x |");
console.log("|---|---|---|");
console.log(`| index + bundle build | ${(searchMs / 1000).toFixed(1)} s | ${(+pfS).toFixed(1)} s |`);
console.log(`| bundle size (raw / gzip) | ${mb(sRaw)} / ${mb(sGz)} in ${sFiles} files | ${mb(pRaw)} / ${mb(pGz)} in ${pFiles} files |`);
console.log(`| cold first query, median (raw / gzip) | ${kb(r.shiori.coldMedian.raw)} / ${kb(r.shiori.coldMedian.gzip)} (${r.shiori.coldMedian.files} files) | ${kb(r.pagefind.coldMedian.raw)} / ${kb(r.pagefind.coldMedian.gzip)} (${r.pagefind.coldMedian.files} files) |`);
console.log(`| warm query latency p50 / p95 | ${r.shiori.warm.p50} / ${r.shiori.warm.p95} ms | ${r.pagefind.warm.p50} / ${r.pagefind.warm.p95} ms |`);
console.log("\n| query | shiori gzip | Pagefind gzip |");
console.log("|---|---|---|");
r.shiori.cold.forEach((c, i) => console.log(`| ${c.query} | ${kb(c.gzip)} | ${kb(r.pagefind.cold[i].gzip)} |`));
JS
done
