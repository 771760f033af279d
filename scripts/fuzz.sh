#!/usr/bin/env bash
# Fuzzes load → parse → link → render (fuzz/fuzz_targets/note.rs) for SECONDS
# (default 1800) on one core, then prints how many inputs ran and what was found.
#
#   scripts/fuzz.sh [SECONDS]
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`). On a stable toolchain the
# nightly flags cargo-fuzz passes are allowed through RUSTC_BOOTSTRAP=1.
# The corpus (fuzz/corpus/note) is seeded from content/**/*.md on first use and
# grows across runs; findings land in fuzz/artifacts/note/. To replay one:
#   RUSTC_BOOTSTRAP=1 cargo fuzz run -s none note fuzz/artifacts/note/<file>
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-1800}"
corpus=fuzz/corpus/note
artifacts=fuzz/artifacts/note
log=fuzz/artifacts/fuzz-$(date +%Y%m%d-%H%M%S).log
mkdir -p "$corpus" "$artifacts"

if ! command -v cargo-fuzz >/dev/null 2>&1; then
  echo "cargo-fuzz is missing: cargo install cargo-fuzz" >&2
  exit 2
fi

if [ -z "$(ls -A "$corpus")" ]; then
  # Seeds in the input format of fuzz/src/lib.rs: two header bytes, then files
  # separated by two NUL bytes. Links are pointed at the other note of the
  # seed so that most seeds build without errors and reach the render stage.
  python3 - "$corpus" <<'PY'
import glob, hashlib, os, re, sys
out = sys.argv[1]
SEP = b"\0\0"
catalog = open("content/official-docs.yaml", "rb").read()
notes = sorted(p for p in glob.glob("content/**/*.md", recursive=True)
               if not p.endswith("_index.md"))
def retarget(text, slug, rel):
    text = re.sub(r"\[\[(?!doc:)[^\]|#]+", "[[" + slug, text)
    return re.sub(r"\]\((?!https?:)[^)#]*\.md", "](" + rel, text)
def seed(flags, pick, files):
    data = bytes([flags, pick]) + SEP.join(files)
    name = hashlib.sha1(data).hexdigest()
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)
for i, path in enumerate(notes):
    text = open(path, "rb").read().decode("utf-8")
    index = open(os.path.join(os.path.dirname(path), "_index.md"), "rb").read()
    other = open(notes[(i + 1) % len(notes)], "rb").read().decode("utf-8")
    # 2 notes at a.md and net/b.md, with the catalog.
    seed(0b0000_1001, 0, [catalog, retarget(text, "b", "net/b.md").encode(),
                         retarget(other, "a", "../a.md").encode()])
    # The note as written, its section's _index.md, English UI; no catalog.
    seed(0b0011_0001, 0b1000_0001, [index, text.encode()])
# Small hand-made notes touching each feature.
feature = """---
title: 機能 <b>見本</b>
tags: [network, "Tag With Space", 日本語]
docs: [private-clusters]
aliases: [見本, sample]
weight: 3
reviewed: 2020-01-31
draft: false
summary: 要約
slug: sample
extra_key: {nested: [1, 2]}
---
# 見出し

## 制限事項 {#limits .warn}

[[b]] [[b#本文|別名]] [[doc:private-clusters]] [x](net/b.md#本文) <https://docs.aws.amazon.com/ja_jp/eks/latest/userguide/cluster-endpoint.html>

> [!WARNING]
> 注意

| a | b |
|---|:-:|
| `x` | ~~y~~ |

- [x] done[^1]
- [ ] todo

[^1]: 脚注

```yaml
key: value
```

<details><summary>s</summary><script>alert(1)</script><a href="javascript:alert(1)">x</a></details>
![画像](img.png "t")
"""
other = """+++
title = "TOML のノート"
tags = ["network"]
+++
## 本文

[[sample]] [[機能 <b>見本</b>]] [戻る](../a.md)
"""
seed(0b0000_1001, 0, [catalog, feature.encode(), other.encode()])
seed(0b0110_1001, 0, [catalog, feature.encode(), other.encode()])
seed(0b0001_1010, 0b0100_0000, [b"---\ntitle: ROOT\n---\nintro [[b]]\n", feature.encode(), other.encode()])
PY
  echo "seeded $(ls "$corpus" | wc -l) inputs into $corpus"
fi

before=$(ls "$artifacts" | grep -cE '^(crash|timeout|oom|leak)-' || true)
echo "fuzzing for ${seconds}s on one core; log: $log"
# -fork=1 with -ignore_*: one worker process at a time, and the run goes on
# after a finding (each one is saved to $artifacts).
RAYON_NUM_THREADS=1 CARGO_BUILD_JOBS=1 SOURCE_DATE_EPOCH=1790000000 RUSTC_BOOTSTRAP=1 \
  cargo fuzz run -s none note "$corpus" -- \
    -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -dict=fuzz/note.dict -print_final_stats=1 \
    >"$log" 2>&1 || true

after=$(ls "$artifacts" | grep -cE '^(crash|timeout|oom|leak)-' || true)
last=$(grep -E '^#[0-9]+: cov:' "$log" | tail -1 || true)
echo "last status: ${last:-none (see $log)}"
execs=$(sed -nE 's/^#([0-9]+): cov:.*/\1/p' "$log" | tail -1)
echo "executions: ${execs:-unknown} in ${seconds}s"
echo "corpus: $(ls "$corpus" | wc -l) inputs"
echo "new findings: $((after - before)) (total in $artifacts: $after)"
ls -1 "$artifacts" | grep -E '^(crash|timeout|oom|leak)-' || true
