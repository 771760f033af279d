#!/usr/bin/env bash
# Same-run comparison of shiori binaries on one site: full clean builds,
# alternating (A, B, C, A, B, C, ...) so that drift in the machine's load
# hits every binary alike. Prints, per binary, the median (min–max) of wall
# time, CPU time (user+sys) and peak RSS, and the files and bytes written.
#
#   scripts/bench-ab.sh SITE_DIR RUNS OUT_PARENT NAME=BINARY [NAME=BINARY ...]
#
# OUT_PARENT decides the file system the output is written to (a folder on
# disk, or under /dev/shm for tmpfs); each build writes OUT_PARENT/NAME,
# removed before the run, with a pause after the removal so the file system
# has written it back. SOURCE_DATE_EPOCH is fixed, so two binaries that
# should agree can be compared with `diff -r` afterwards.
set -euo pipefail
[ $# -ge 4 ] || { sed -n '2,13p' "$0" >&2; exit 2; }
site="$1" runs="$2" parent="$3"
shift 3
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-1796000000}"
mkdir -p "$parent"
declare -A bin
names=()
for pair in "$@"; do
  names+=("${pair%%=*}")
  bin[${pair%%=*}]="${pair#*=}"
done
raw="$(mktemp -d)"
echo "site $site; output under $parent ($(stat -f -c %T "$parent")); $runs runs each; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
for run in $(seq 1 "$runs"); do
  for name in "${names[@]}"; do
    out="$parent/$name"
    rm -rf "$out"
    sync
    sleep 2
    /usr/bin/time -f '%e %U %S %M' -o "$raw/$name.$run" \
      "${bin[$name]}" --root "$site" build --out "$out" >"$raw/$name.$run.log" 2>&1 ||
      { echo "$name run $run failed:"; tail -5 "$raw/$name.$run.log"; exit 1; }
    echo "run $run $name: $(cat "$raw/$name.$run")"
  done
done
echo "load at end $(cut -d' ' -f1-3 /proc/loadavg)"
for name in "${names[@]}"; do
  python3 - "$name" "$raw" "$runs" "$parent/$name" <<'EOF'
import os, statistics, sys
name, raw, runs, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
rows = [list(map(float, open(f"{raw}/{name}.{r}").read().split())) for r in range(1, runs + 1)]
wall = [r[0] for r in rows]
cpu = [r[1] + r[2] for r in rows]
rss = [r[3] / 1024 for r in rows]
files = 0
size = 0
for root, _, names in os.walk(out):
    for n in names:
        files += 1
        size += os.path.getsize(os.path.join(root, n))
fmt = lambda v, u: f"{statistics.median(v):.2f}{u} ({min(v):.2f}–{max(v):.2f})"
print(f"{name}: wall {fmt(wall, ' s')}, CPU {fmt(cpu, ' s')}, peak RSS {statistics.median(rss):.0f} MB; {files} files, {size / 1e6:.1f} MB")
EOF
done
