#!/usr/bin/env bash
# Full-build benchmark of shiori against its peers (Hugo + Pagefind, mdBook,
# Zola), each building the same generated corpus with its search index.
#
#   scripts/bench-build.sh                    # N = 1,000 / 10,000 / 50,000
#   NOTES="1000 10000" RUNS=5 scripts/bench-build.sh
#
# Settings (environment):
#   NOTES          corpus sizes                         [1000 10000 50000]
#   RUNS           runs per tool and size (median)      [3]
#   TOOLS          tools to measure                     [shiori hugo mdbook zola]
#   PEERS_MAX_NOTES  skip the peers above this size     [unset: no limit]
#   SKIP           "tool@N ..." pairs to skip, e.g. "mdbook@50000 zola@50000"
#   SKIP_REASON    why (printed with each skip in the report)
#   TIMEOUT        seconds before one build is abandoned [1800]
#   SLOW_SECS      a build whose first run takes longer is measured once [300]
#   MIN_FREE_GB    abandon a build when the disk's free space falls below [8]
#   SEED           corpus seed                          [1]
#   JAPANESE       1: the Japanese-heavy corpus (gen-corpus.py --japanese,
#                  ~52 % CJK characters, like a real Japanese wiki)   [0]
#   OUTPUT         disk: each site is written inside its corpus folder (on the
#                  disk that holds BENCH_DIR, as a user's build is); tmpfs:
#                  under /dev/shm/shiori-bench-out   [disk]
#   OUT_DIR        where the tools write their sites (overrides OUTPUT);
#                  see the note on ext4 in bench_tool
#   SETTLE_SECS    pause after deleting an output written to disk, before the
#                  next build [400; 0 on a tmpfs]
#   SHIORI_REV     commit to build from a clean export (`git archive`), or
#                  `worktree` for `cargo build --release` in the repo as it is [HEAD]
#   SHIORI_BIN     use this shiori binary instead of building one
#   BENCH_DIR      corpora, outputs, raw results        [/tmp/shiori-bench]
#   TOOLS_DIR      where peers are installed            [/tmp/shiori-bench-tools]
#   INSTALL        1: install missing peers (apt, npm, cargo); 0: only use what is there [1]
#   ZOLA_INSTALL_TIMEOUT / MDBOOK_INSTALL_TIMEOUT  seconds for `cargo install` [900 / 1800]
#   RESULTS        Markdown report                      [scripts/bench-results.md]
#   MERGE          raw folders of earlier runs (BENCH_DIR/raw-*) to merge into the
#                  report: per tool and size, the latest run that measured it wins
#
# Every build is a full clean build: the output folder is removed first. Wall
# time and peak RSS come from GNU time (`/usr/bin/time -v`); for Hugo the
# search step (`pagefind --site public`) is a second process: the times add
# up and the peak RSS is the larger of the two.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"

NOTES="${NOTES:-1000 10000 50000}"
RUNS="${RUNS:-3}"
TOOLS="${TOOLS:-shiori hugo mdbook zola}"
PEERS_MAX_NOTES="${PEERS_MAX_NOTES:-}"
SKIP="${SKIP:-}"
TIMEOUT="${TIMEOUT:-1800}"
SLOW_SECS="${SLOW_SECS:-300}"
MIN_FREE_GB="${MIN_FREE_GB:-8}"
SEED="${SEED:-1}"
OUTPUT="${OUTPUT:-disk}"
JAPANESE="${JAPANESE:-0}"
if [ -z "${OUT_DIR+set}" ] && [ "$OUTPUT" = tmpfs ]; then
  OUT_DIR=/dev/shm/shiori-bench-out
fi
OUT_DIR="${OUT_DIR:-}"
if [ -n "$OUT_DIR" ] && [ "$(stat -f -c %T "$(dirname "$OUT_DIR")" 2>/dev/null)" = tmpfs ]; then
  SETTLE_SECS="${SETTLE_SECS:-0}"
else
  SETTLE_SECS="${SETTLE_SECS:-400}"
fi
BENCH_DIR="${BENCH_DIR:-/tmp/shiori-bench}"
TOOLS_DIR="${TOOLS_DIR:-/tmp/shiori-bench-tools}"
INSTALL="${INSTALL:-1}"
ZOLA_INSTALL_TIMEOUT="${ZOLA_INSTALL_TIMEOUT:-900}"
MDBOOK_INSTALL_TIMEOUT="${MDBOOK_INSTALL_TIMEOUT:-1800}"
RESULTS="${RESULTS:-$here/bench-results.md}"
SHIORI_REV="${SHIORI_REV:-HEAD}"

mkdir -p "$BENCH_DIR" "$TOOLS_DIR"
# Each run keeps its raw measurements in its own folder; MERGE names earlier
# ones whose figures the report keeps for the tools and sizes this run did
# not measure (e.g. re-measure only shiori after a change: TOOLS=shiori
# MERGE=/tmp/shiori-bench/raw-20260101T120000).
raw="$BENCH_DIR/raw-$(date +%Y%m%dT%H%M%S)"
mkdir -p "$raw"
meta="$raw/meta.tsv"       # key <TAB> value
runs_tsv="$raw/runs.tsv"   # tool n run step wall_s rss_kb exit
stages_tsv="$raw/stages.tsv"  # n run stage ms
outputs_tsv="$raw/outputs.tsv"  # tool n bytes files html_pages html_median html_max html_max_name
skips_tsv="$raw/skips.tsv"  # tool n reason
: >"$meta" ; : >"$runs_tsv" ; : >"$stages_tsv" ; : >"$outputs_tsv" ; : >"$skips_tsv"

log() { printf '[bench] %s\n' "$*" >&2; }
meta() { printf '%s\t%s\n' "$1" "$2" >>"$meta"; }
is_root() { [ "$(id -u)" = 0 ]; }

# ---------------------------------------------------------------- tools ----

declare -A BIN=()      # tool -> command
declare -A WHY=()      # tool -> why it is not available

if [ ! -x /usr/bin/time ] && [ "$INSTALL" = 1 ] && is_root; then
  apt-get install -y time >/dev/null 2>&1 || true
fi
[ -x /usr/bin/time ] || { echo "bench-build: GNU time (/usr/bin/time) is needed: apt-get install -y time" >&2; exit 2; }

# shiori: a given binary, the work tree as it is, or (default) a clean export
# of one commit built in $BENCH_DIR, so the figures belong to a known commit
# even while others edit the work tree.
if [ -n "${SHIORI_BIN:-}" ]; then
  BIN[shiori]="$SHIORI_BIN"
  meta shiori_commit "binary from SHIORI_BIN ($SHIORI_BIN); the repository is at $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)"
elif [ "$SHIORI_REV" = worktree ]; then
  log "cargo build --release (shiori, work tree)"
  (cd "$repo" && cargo build --release --quiet)
  dirty="$(git -C "$repo" status --porcelain -- src themes build.rs Cargo.toml Cargo.lock 2>/dev/null | awk '{print $2}' | tr '\n' ' ')"
  meta shiori_commit "$(git -C "$repo" rev-parse --short HEAD)${dirty:+ + uncommitted changes in the work tree: $dirty}"
  BIN[shiori]="$repo/target/release/shiori"
else
  rev="$(git -C "$repo" rev-parse --short "$SHIORI_REV")"
  log "building shiori $rev (clean export of $SHIORI_REV) in $BENCH_DIR/build"
  rm -rf "$BENCH_DIR/build/src"
  mkdir -p "$BENCH_DIR/build/src"
  git -C "$repo" archive "$rev" | tar -x -C "$BENCH_DIR/build/src"
  CARGO_TARGET_DIR="$BENCH_DIR/build/target" cargo build --release --quiet --manifest-path "$BENCH_DIR/build/src/Cargo.toml"
  meta shiori_commit "$rev ($(git -C "$repo" log -1 --format=%s "$rev" | cut -c1-80))"
  BIN[shiori]="$BENCH_DIR/build/target/release/shiori"
fi
# A private copy: a concurrent `cargo build` must not swap the binary mid-run.
cp "${BIN[shiori]}" "$raw/shiori"
BIN[shiori]="$raw/shiori"

want() { [[ " $TOOLS " == *" $1 "* ]]; }

setup_hugo() {
  if ! command -v hugo >/dev/null && [ "$INSTALL" = 1 ] && is_root; then
    log "apt-get install -y hugo"
    apt-get install -y hugo >/dev/null 2>&1 || true
  fi
  if ! command -v hugo >/dev/null; then WHY[hugo]="hugo is not installed (apt-get install -y hugo)"; return; fi
  local pf="$TOOLS_DIR/pagefind/node_modules/.bin/pagefind"
  if [ ! -x "$pf" ] && [ "$INSTALL" = 1 ] && command -v npm >/dev/null; then
    log "npm install --prefix $TOOLS_DIR/pagefind pagefind"
    mkdir -p "$TOOLS_DIR/pagefind"
    [ -f "$TOOLS_DIR/pagefind/package.json" ] || echo '{"private": true}' >"$TOOLS_DIR/pagefind/package.json"
    npm install --prefix "$TOOLS_DIR/pagefind" pagefind >"$TOOLS_DIR/pagefind-install.log" 2>&1 || true
  fi
  if [ ! -x "$pf" ]; then WHY[hugo]="pagefind could not be installed with npm (see $TOOLS_DIR/pagefind-install.log)"; return; fi
  BIN[hugo]="$(command -v hugo)"
  BIN[pagefind]="$pf"
  meta hugo_version "$(hugo version | head -1)"
  meta pagefind_version "$("$pf" --version 2>&1 | head -1)"
}

# cargo_tool NAME TIMEOUT: a binary from `cargo install NAME --locked` into $TOOLS_DIR/NAME.
cargo_tool() {
  local name="$1" limit="$2" bin="$TOOLS_DIR/$1/bin/$1"
  if [ -x "$bin" ]; then BIN[$name]="$bin"; return; fi
  if command -v "$name" >/dev/null; then BIN[$name]="$(command -v "$name")"; return; fi
  if [ "$INSTALL" != 1 ]; then WHY[$name]="not installed and INSTALL=0"; return; fi
  if ! command -v cargo >/dev/null; then WHY[$name]="cargo is not available"; return; fi
  log "cargo install $name --locked (at most ${limit}s; log: $TOOLS_DIR/$name-install.log)"
  local start=$SECONDS rc=0
  CARGO_TARGET_DIR="$TOOLS_DIR/cargo-target" timeout "$limit" \
    cargo install "$name" --locked --root "$TOOLS_DIR/$name" >"$TOOLS_DIR/$name-install.log" 2>&1 || rc=$?
  if [ -x "$bin" ]; then
    BIN[$name]="$bin"
    meta "${name}_install" "cargo install took $((SECONDS - start)) s"
  elif [ "$rc" = 124 ]; then
    WHY[$name]="cargo install $name did not finish within ${limit}s"
  else
    WHY[$name]="cargo install $name failed (exit $rc): $(grep -m1 -E '^error' "$TOOLS_DIR/$name-install.log" || tail -1 "$TOOLS_DIR/$name-install.log")"
  fi
}

want hugo && setup_hugo
if want mdbook; then
  cargo_tool mdbook "$MDBOOK_INSTALL_TIMEOUT"
  [ -n "${BIN[mdbook]:-}" ] && meta mdbook_version "$("${BIN[mdbook]}" --version)"
fi
if want zola; then
  cargo_tool zola "$ZOLA_INSTALL_TIMEOUT"
  [ -n "${BIN[zola]:-}" ] && meta zola_version "$("${BIN[zola]}" --version)"
fi

# -------------------------------------------------------------- machine ----

meta date "$(date -u +%Y-%m-%dT%H:%MZ)"
meta cpus "$(nproc)"
meta cpu_model "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
meta memory "$(free -g | awk '/^Mem:/ {print $2 " GiB"}')"
meta load_start "$(cut -d' ' -f1-3 /proc/loadavg)"
if [ -n "$OUT_DIR" ]; then
  meta out_dir "$OUT_DIR ($(stat -f -c %T "$(dirname "$OUT_DIR")"))"
else
  meta out_dir "each corpus folder under $BENCH_DIR ($(stat -f -c %T "$BENCH_DIR"), pause of ${SETTLE_SECS}s after each deletion)"
fi
meta runs "$RUNS"
meta seed "$SEED"
meta corpus_kind "$([ "$JAPANESE" = 1 ] && echo 'Japanese-heavy (gen-corpus.py --japanese)' || echo 'generated (gen-corpus.py)')"

# --------------------------------------------------------------- corpus ----

gen_hash="$(sha256sum "$here/gen-corpus.py" | cut -c1-12)"
corpus() {  # corpus N -> folder with shiori/ mdbook/ zola/ hugo/
  local n="$1" dir="$BENCH_DIR/corpus-$1" ja=()
  if [ "$JAPANESE" = 1 ]; then dir="$BENCH_DIR/corpus-ja-$1"; ja=(--japanese); fi
  local stamp="notes=$n seed=$SEED gen=$gen_hash japanese=$JAPANESE"
  if [ "$(cat "$dir/.bench-stamp" 2>/dev/null)" != "$stamp" ]; then
    log "generating the $n-note corpus in $dir"
    local start=$SECONDS
    python3 "$here/gen-corpus.py" --notes "$n" --seed "$SEED" --out "$dir" --format all "${ja[@]}"
    echo "$stamp" >"$dir/.bench-stamp"
    meta "corpus_${n}_generated" "$((SECONDS - start)) s"
  fi
  echo "$dir"
}

# ------------------------------------------------------------- measuring ---

# timed TOOL N RUN STEP LOG CMD...: one process under GNU time, a timeout and a
# disk guard. Appends to runs.tsv; returns the command's exit status.
timed() {
  local tool="$1" n="$2" run="$3" step="$4" out="$5"; shift 5
  local tf="$raw/time.$tool.$n.$run.$step"
  local rc=0
  /usr/bin/time -v -o "$tf" timeout "$TIMEOUT" "$@" >"$out" 2>&1 &
  local pid=$!
  # Abandon the build if the disk fills up (a page that grows with the site
  # makes the output grow with N²).
  while kill -0 "$pid" 2>/dev/null; do
    local free_kb
    free_kb=$(df --output=avail -k "$BENCH_DIR" | tail -1)
    if [ "$free_kb" -lt $((MIN_FREE_GB * 1024 * 1024)) ]; then
      log "free disk below ${MIN_FREE_GB} GB: stopping $tool"
      pkill -TERM -P "$pid" 2>/dev/null || true   # the timeout process, child of time
      echo "disk" >"$tf.abandoned"
      break
    fi
    sleep 0.5
  done
  wait "$pid" || rc=$?
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$tf")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tf")
  [ -f "$tf.abandoned" ] && rc=125
  [ "$rc" = 124 ] && rc=124
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$n" "$run" "$step" "${wall:-0}" "${rss:-0}" "$rc" >>"$runs_tsv"
  return "$rc"
}

# output_stats TOOL N DIR: size, file count and HTML page sizes of an output.
output_stats() {
  python3 - "$1" "$2" "$3" >>"$outputs_tsv" <<'EOF'
import os, statistics, sys
tool, n, root = sys.argv[1:4]
total = files = 0
pages = []
for d, _, fs in os.walk(root):
    for f in fs:
        p = os.path.join(d, f)
        s = os.path.getsize(p)
        total += s
        files += 1
        if f.endswith(".html"):
            pages.append((s, os.path.relpath(p, root)))
pages.sort()
med = statistics.median(s for s, _ in pages) if pages else 0
big = pages[-1] if pages else (0, "-")
note = [s for s, p in pages if os.path.basename(p).startswith("n0")]
note_med = statistics.median(note) if note else 0
# Pages that exist once per site, to see which of them grow with it.
named = {p: s for s, p in pages if "/" not in p or p.startswith("tags/index")}
named["largest note page"] = max(note) if note else 0
extra = ";".join(f"{k}={v}" for k, v in sorted(named.items()))
print(f"{tool}\t{n}\t{total}\t{files}\t{len(pages)}\t{med:.0f}\t{note_med:.0f}\t{big[0]}\t{big[1]}\t{extra}")
EOF
}

skip_reason() {  # skip_reason TOOL N -> prints a reason or nothing
  local tool="$1" n="$2"
  [ -n "${WHY[$tool]:-}" ] && { echo "${WHY[$tool]}"; return; }
  [[ " $SKIP " == *" $tool@$n "* ]] && { echo "skipped by SKIP=\"$SKIP\"${SKIP_REASON:+: $SKIP_REASON}"; return; }
  if [ "$tool" != shiori ] && [ -n "$PEERS_MAX_NOTES" ] && [ "$n" -gt "$PEERS_MAX_NOTES" ]; then
    echo "peers skipped above PEERS_MAX_NOTES=$PEERS_MAX_NOTES"; return
  fi
  # A tool that already failed or was abandoned at a smaller size is not tried bigger.
  if awk -F'\t' -v t="$tool" -v n="$n" '$1==t && $2<n && $7!=0 {f=1} END {exit !f}' "$runs_tsv"; then
    echo "failed or was abandoned at a smaller size"; return
  fi
}

bench_tool() {  # bench_tool TOOL N CORPUS
  local tool="$1" n="$2" c="$3" run rc log
  local why
  why="$(skip_reason "$tool" "$n")"
  if [ -n "$why" ]; then
    log "$tool @ $n: skipped: $why"
    printf '%s\t%s\t%s\n' "$tool" "$n" "$why" >>"$skips_tsv"
    return
  fi
  local outdir
  if [ -n "$OUT_DIR" ]; then
    mkdir -p "$OUT_DIR"
    outdir="$OUT_DIR/$tool-$n"
  else
    case "$tool" in
      shiori) outdir="$c/shiori/public" ;;
      hugo)   outdir="$c/hugo/public" ;;
      mdbook) outdir="$c/mdbook/book" ;;
      zola)   outdir="$c/zola/public" ;;
    esac
  fi
  for run in $(seq 1 "$RUNS"); do
    # Every run starts from the same file system: the previous output is
    # deleted first. On ext4 without a journal (this machine's disk), the
    # inode allocator skips inodes deleted in the last 60 s, or the last
    # 360 s while their inode table block is dirty — and creating files
    # next to them keeps those blocks dirty. After deleting 120,000 files,
    # creating 30,000 took 8-10 s for over 3 minutes instead of 1 s. Moving
    # old outputs aside is no fairer: later runs allocate among more used
    # inodes (the third build of 50,000 notes spent three times the system
    # time of the first). The default is still the disk, because a user's
    # build writes to one (#22), with a pause after each deletion that must
    # outlast that window (SETTLE_SECS); OUTPUT=tmpfs writes every site to
    # a tmpfs, where creating a file costs the same in every run.
    clear_output "$outdir"
    log="$raw/log.$tool.$n.$run"
    rc=0
    case "$tool" in
      shiori)
        timed shiori "$n" "$run" build "$log" "${BIN[shiori]}" --root "$c/shiori" -v build --out "$outdir" || rc=$?
        # "  parse      1000.1 ms" lines of `shiori build -v`
        awk -v n="$n" -v r="$run" '/^  [a-z]+ +[0-9.]+ ms$/ {printf "%s\t%s\t%s\t%s\n", n, r, $1, $2}' "$log" >>"$stages_tsv"
        ;;
      hugo)
        (cd "$c/hugo" && timed hugo "$n" "$run" build "$log" "${BIN[hugo]}" --quiet --destination "$outdir") || rc=$?
        if [ "$rc" = 0 ]; then
          (cd "$c/hugo" && timed hugo "$n" "$run" search "$log.pagefind" "${BIN[pagefind]}" --site "$outdir") || rc=$?
        fi
        ;;
      mdbook)
        timed mdbook "$n" "$run" build "$log" "${BIN[mdbook]}" build "$c/mdbook" --dest-dir "$outdir" || rc=$?
        ;;
      zola)
        (cd "$c/zola" && timed zola "$n" "$run" build "$log" "${BIN[zola]}" build --output-dir "$outdir") || rc=$?
        ;;
    esac
    if [ "$rc" != 0 ]; then
      log "$tool @ $n run $run failed (exit $rc); log: $log"
      tail -5 "$log" >&2 || true
      printf '%s\t%s\t%s\n' "$tool" "$n" "build failed (exit $rc; 124 = timeout after ${TIMEOUT}s, 125 = disk guard): $(grep -m1 -iE 'error' "$log" | cut -c1-200)" >>"$skips_tsv"
      break
    fi
    local took
    took="$(awk -F'\t' -v t="$tool" -v n="$n" -v r="$run" '$1==t && $2==n && $3==r {s+=$5} END {printf "%.2f", s}' "$runs_tsv")"
    log "$tool @ $n run $run: $took s"
    if [ "$run" = 1 ] && [ "$RUNS" -gt 1 ] && awk -v t="$took" -v m="$SLOW_SECS" 'BEGIN {exit !(t > m)}'; then
      log "$tool @ $n: the first run took more than ${SLOW_SECS}s: one run only"
      printf '%s\t%s\t%s\n' "$tool" "$n" "measured once: the first run took ${took}s (> SLOW_SECS=${SLOW_SECS}s)" >>"$skips_tsv"
      break
    fi
  done
  if [ "$rc" = 0 ]; then
    output_stats "$tool" "$n" "$outdir"
  fi
  # The next tool starts on a settled file system too.
  clear_output "$outdir"
}

clear_output() {  # clear_output DIR: delete, write back, let the deletion settle
  [ -e "$1" ] || return 0
  rm -rf "$1"
  sync
  sleep "$SETTLE_SECS"
}

for n in $NOTES; do
  c="$(corpus "$n")"
  # The corpus must be valid for shiori: no errors (the content is checked once).
  if ! "${BIN[shiori]}" --root "$c/shiori" check --format json >"$raw/check.$n.json" 2>/dev/null; then
    log "shiori check reports problems in the $n-note corpus (see $raw/check.$n.json)"
  fi
  meta "check_$n" "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["errors"], "errors,", d["warnings"], "warnings")' "$raw/check.$n.json" 2>/dev/null || echo 'check failed')"
  meta "corpus_$n" "$(python3 - "$c/shiori" <<'EOF'
import os, sys
root = os.path.join(sys.argv[1], "content")
notes = sections = size = 0
for d, _, fs in os.walk(root):
    for f in fs:
        if f == "_index.md":
            sections += 1
        elif f.endswith(".md"):
            notes += 1
            size += os.path.getsize(os.path.join(d, f))
print(f"{notes} notes, {sections - 1} sections, {size / 1e6:.1f} MB of Markdown")
EOF
)"
  for tool in $TOOLS; do
    bench_tool "$tool" "$n" "$c"
  done
done
meta load_end "$(cut -d' ' -f1-3 /proc/loadavg)"

# shellcheck disable=SC2086  # MERGE is a list of folders
python3 "$here/bench-report.py" ${MERGE:-} "$raw" "$RESULTS" >/dev/null
cat "$RESULTS"
log "results: $RESULTS"
