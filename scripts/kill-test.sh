#!/usr/bin/env bash
# Kills `shiori build` at random moments and checks that the output is always
# a complete site: byte-identical to the previous build or to the new one,
# never a mix, and that the next build cleans up what the killed one left.
#
#   scripts/kill-test.sh [ITERATIONS] [NOTES]      (defaults: 25, 3000)
#
# Each iteration appends a line to one note, makes a clean reference build of
# the new version (a copy of the site without its .shiori cache, into a
# separate folder: its manifest of file hashes is "new"), starts `shiori build`
# on the site, sends SIGKILL after a random delay spanning the whole build (as
# long as the reference build took, and 10% more), and compares public/ with
# the "old" and "new" manifests. Then a normal build must succeed, leave no
# .public.staging-* or .public.old-* folder, and produce the "new" site.
# Folders a killed build leaves in the .shiori cache are counted too.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
iterations="${1:-25}"
notes="${2:-3000}"

cargo build --release --quiet -j1
export SOURCE_DATE_EPOCH=1790000000

work=$(mktemp -d "${TMPDIR:-/tmp}/shiori-kill-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
# A copy, so a `cargo build` during the run cannot swap the binary under test.
bin="$work/shiori"
cp "$repo/target/release/shiori" "$bin"
site="$work/site"
out="$site/public"

if [ -f scripts/gen-corpus.py ]; then
  python3 scripts/gen-corpus.py --notes "$notes" --out "$site" >/dev/null
else
  # A plain generator for when scripts/gen-corpus.py is not there.
  python3 - "$site" "$notes" <<'PY'
import os, sys
root, count = sys.argv[1], int(sys.argv[2])
os.makedirs(os.path.join(root, "content"), exist_ok=True)
for s in range(max(1, count // 100)):
    d = os.path.join(root, "content", f"s{s:03}")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "_index.md"), "w") as f:
        f.write(f"---\ntitle: セクション {s}\n---\nセクション {s} の説明。\n")
for n in range(count):
    s = n % max(1, count // 100)
    other = (n * 7 + 1) % count
    body = "\n\n".join(
        f"## 見出し {h}\n\nEKS のノード {n} とポッドの話。[[n{other:05}]] を参照。" * 3
        for h in range(4))
    with open(os.path.join(root, "content", f"s{s:03}", f"n{n:05}.md"), "w") as f:
        f.write(f"---\ntitle: ノート {n}\ntags: [t{n % 17}, t{n % 5}]\n---\n{body}\n")
PY
fi

ref="$work/ref-site"
mkdir -p "$ref"
cp -r "$site/content" "$ref/content"
[ -f "$site/site.yaml" ] && cp "$site/site.yaml" "$ref/site.yaml"

manifest() { # the file list with hashes, and the folders, of $1
  (cd "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum && find . -type d | LC_ALL=C sort)
}
leftovers() {
  find "$site" -maxdepth 1 \( -name '.public.staging-*' -o -name '.public.old-*' \) | wc -l
}
cache_leftovers() { # index folders of killed builds in .shiori
  find "$site/.shiori" -mindepth 1 -maxdepth 1 ! -name index ! -name serve 2>/dev/null | wc -l
}
now() { date +%s.%N; }

start=$(now)
"$bin" --quiet --root "$site" build
build_seconds=$(awk -v a="$start" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }')
manifest "$out" >"$work/old.manifest"
files=$(grep -c '^[0-9a-f]\{64\} ' "$work/old.manifest")
echo "site: $notes notes, $files output files; a full build takes ${build_seconds}s"

mapfile -t note_files < <(cd "$site" && find content -name '*.md' ! -name '_index.md' | LC_ALL=C sort)
landed_old=0 landed_new=0 finished=0 left_over=0 failures=0 max_cache_left=0
for i in $(seq 1 "$iterations"); do
  note="${note_files[$((RANDOM % ${#note_files[@]}))]}"
  printf '\nkill-test iteration %d\n' "$i" >>"$site/$note"
  cp "$site/$note" "$ref/$note"
  rm -rf "$work/ref-out" "$ref/.shiori"
  start=$(now)
  "$bin" --quiet --root "$ref" build --out "$work/ref-out"
  build_seconds=$(awk -v a="$start" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }')
  manifest "$work/ref-out" >"$work/new.manifest"

  # A delay from 0 to 1.1 times the build time, so kills land in every stage
  # and now and then after the build finished.
  delay=$(awk -v t="$build_seconds" -v r="$RANDOM" 'BEGIN { printf "%.3f", t * 1.1 * r / 32767 }')
  "$bin" --quiet --root "$site" build &
  pid=$!
  sleep "$delay"
  kill -KILL "$pid" 2>/dev/null || true
  status=0
  wait "$pid" 2>/dev/null || status=$?
  [ "$status" -eq 0 ] && finished=$((finished + 1))

  manifest "$out" >"$work/seen.manifest"
  stale=$(leftovers)
  [ "$stale" -gt 0 ] && left_over=$((left_over + 1))
  if cmp -s "$work/seen.manifest" "$work/old.manifest"; then
    landed="old"; landed_old=$((landed_old + 1))
  elif cmp -s "$work/seen.manifest" "$work/new.manifest"; then
    landed="new"; landed_new=$((landed_new + 1))
  else
    landed="MIXED"; failures=$((failures + 1))
    diff "$work/old.manifest" "$work/seen.manifest" | head -20 || true
  fi

  # The next build must succeed, clean up, and give the new site.
  if ! "$bin" --quiet --root "$site" build; then
    echo "iteration $i: the build after the kill FAILED"; failures=$((failures + 1))
  fi
  after=$(leftovers)
  cache_left=$(cache_leftovers)
  [ "$cache_left" -gt "$max_cache_left" ] && max_cache_left=$cache_left
  manifest "$out" >"$work/old.manifest"
  if [ "$after" -ne 0 ]; then
    echo "iteration $i: $after leftover folder(s) after the next build"; failures=$((failures + 1))
  fi
  if ! cmp -s "$work/old.manifest" "$work/new.manifest"; then
    echo "iteration $i: the build after the kill differs from a clean build"; failures=$((failures + 1))
  fi
  printf 'iteration %2d: build %6.2fs, killed after %6.2fs (exit %3d) -> %-5s leftovers %d -> %d, in .shiori %d\n' \
    "$i" "$build_seconds" "$delay" "$status" "$landed" "$stale" "$after" "$cache_left"
done

echo
echo "iterations: $iterations; landed old: $landed_old, new: $landed_new; build finished before the kill: $finished"
echo "killed builds that left a staging/old folder: $left_over (all removed by the next build unless reported above)"
echo "most folders left in .shiori by killed builds (not removed by later builds): $max_cache_left"
echo "failures: $failures"
[ "$failures" -eq 0 ]
