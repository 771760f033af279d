#!/usr/bin/env bash
# shiori on real folders written for other tools (../shared/corpora/*): wall
# and CPU time, CPU share, peak RSS, output files and bytes, time per MB of
# Markdown and the stages, beside the generated corpus at a similar size so
# the cost per byte of real text can be compared.
#
#   SHIORI_BIN=target/release/shiori scripts/bench-real.sh
#
# Settings (environment):
#   SHIORI_BIN   the binary to measure                    [target/release/shiori]
#   CORPORA      folders that hold content/               [/work/shared/corpora/*]
#   RUNS         runs per folder (median)                 [5]
#   OUTPUT       disk (under BENCH_DIR) or tmpfs (/dev/shm) [disk]
#   SETTLE_SECS  pause after deleting an output on disk   [30]
#   BENCH_DIR    copies of the folders and outputs        [/tmp/shiori-bench-real]
#
# The peers are not run here: each folder is written for one tool and the
# others cannot read it. Each folder is copied first (the corpora are
# read-only and a build writes .shiori/ into its root).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
SHIORI_BIN="${SHIORI_BIN:-$repo/target/release/shiori}"
RUNS="${RUNS:-5}"
OUTPUT="${OUTPUT:-disk}"
SETTLE_SECS="${SETTLE_SECS:-30}"
BENCH_DIR="${BENCH_DIR:-/tmp/shiori-bench-real}"
if [ -z "${CORPORA:-}" ]; then
  CORPORA="$(ls -d /work/shared/corpora/*/ 2>/dev/null | tr '\n' ' ')"
fi
[ "$OUTPUT" = tmpfs ] && SETTLE_SECS=0
mkdir -p "$BENCH_DIR"
bin="$BENCH_DIR/shiori"
cp "$SHIORI_BIN" "$bin"

echo "## Real folders (shiori only)"
echo
echo "- $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start;" \
  "output on $OUTPUT; median of $RUNS runs; binary: $SHIORI_BIN"
echo
echo "| folder | notes | Markdown | CJK | wall | CPU | CPU share | s per MB | peak RSS | files | bytes | stages (median ms) |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
for src in $CORPORA; do
  name="$(basename "$src")"
  site="$BENCH_DIR/$name"
  rm -rf "$site"
  cp -r "$src" "$site"
  if [ "$OUTPUT" = tmpfs ]; then out="/dev/shm/shiori-bench-real-$name"; else out="$site/public"; fi
  stats="$(python3 - "$site/content" <<'EOF'
import os, re, sys
notes = size = cjk = chars = 0
for d, _, fs in os.walk(sys.argv[1]):
    for f in fs:
        if f.endswith((".md", ".mdx", ".markdown")):
            notes += 1
            t = open(os.path.join(d, f), encoding="utf-8", errors="replace").read()
            size += len(t.encode())
            t = re.sub(r"\s", "", t)
            chars += len(t)
            cjk += sum(1 for c in t if "\u3000" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef")
print(notes, size, round(100 * cjk / max(1, chars)))
EOF
)"
  read -r notes size cjk <<<"$stats"
  : >"$BENCH_DIR/$name.runs"
  : >"$BENCH_DIR/$name.stages"
  for run in $(seq 1 "$RUNS"); do
    rm -rf "$out"; sync; sleep "$SETTLE_SECS"
    /usr/bin/time -f "%e %U %S %P %M" -o "$BENCH_DIR/$name.time" \
      "$bin" --root "$site" -v build --out "$out" >"$BENCH_DIR/$name.log" 2>&1 || true
    cat "$BENCH_DIR/$name.time" >>"$BENCH_DIR/$name.runs"
    awk -v r="$run" '/^  [a-z]+ +[0-9.]+ ms$/ {print r, $1, $2}' "$BENCH_DIR/$name.log" >>"$BENCH_DIR/$name.stages"
  done
  files_bytes="$(find "$out" -type f -printf '%s\n' | awk '{n++; s+=$1} END {print n, s}')"
  rm -rf "$out"
  python3 - "$name" "$notes" "$size" "$cjk" "$files_bytes" "$BENCH_DIR/$name.runs" "$BENCH_DIR/$name.stages" <<'EOF'
import statistics as st, sys
name, notes, size, cjk, fb, runs, stages = sys.argv[1:8]
files, nbytes = map(int, fb.split())
rows = [l.split() for l in open(runs) if l.strip()]
med = lambda i: st.median(float(r[i].rstrip("%")) for r in rows)
wall, cpu = med(0), st.median(float(r[1]) + float(r[2]) for r in rows)
by = {}
for l in open(stages):
    _, stage, ms = l.split()
    by.setdefault(stage, []).append(float(ms))
stage_text = ", ".join(f"{k} {st.median(v):.0f}" for k, v in by.items())
mb = int(size) / 1e6
print(f"| {name} | {notes} | {mb:.1f} MB | {cjk} % | {wall:.2f} s | {cpu:.2f} s | {med(3):.0f} % | "
      f"{cpu / mb:.2f} | {med(4) / 1024:.0f} MB | {files:,} | {nbytes / 1e6:.1f} MB | {stage_text} |")
EOF
done
echo
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg); s per MB = CPU seconds per MB of Markdown"
