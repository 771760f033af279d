#!/usr/bin/env python3
"""Turns the raw measurements of scripts/bench-build.sh into a Markdown report.

    python3 scripts/bench-report.py RAW_DIR OUT.md

RAW_DIR holds meta.tsv, runs.tsv, stages.tsv, outputs.tsv and skips.tsv as
bench-build.sh writes them. The report is also printed on stdout.
"""

from __future__ import annotations

import collections
import os
import re
import statistics
import sys

PEERS = [("hugo", "Hugo + Pagefind"), ("mdbook", "mdBook"), ("zola", "Zola")]
NAMES = dict([("shiori", "shiori")] + PEERS)
# Targets of issue 7.
TARGET_10K_WALL = 3.0
TARGET_10K_RSS_MB = 500
TARGET_50K_OVER_10K = 5.5


def rows(path: str) -> list[list[str]]:
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip()]


def mb(kb: float) -> str:
    return f"{kb / 1024:.0f} MB"


def size(b: float) -> str:
    if b >= 1e9:
        return f"{b / 1e9:.2f} GB"
    if b >= 1e6:
        return f"{b / 1e6:.1f} MB"
    return f"{b / 1e3:.1f} KB"


def secs(s: float) -> str:
    return f"{s:.2f} s" if s < 100 else f"{s:.0f} s"


def load(raw: str) -> dict:
    """One run of bench-build.sh: everything keyed by (tool, notes)."""
    d: dict = {
        "meta": {k: v for k, v in rows(os.path.join(raw, "meta.tsv"))},
        # (tool, n) -> run -> [wall, rss, ok]; steps of one run add up (Hugo + Pagefind).
        "runs": collections.defaultdict(lambda: collections.defaultdict(lambda: [0.0, 0, True])),
        "steps": collections.defaultdict(lambda: collections.defaultdict(list)),
        # CPU time (user + sys) per run, from GNU time's files: less sensitive to
        # other load on the machine than wall time.
        "cpu": collections.defaultdict(lambda: collections.defaultdict(float)),
        "share": collections.defaultdict(list),
        "skips": {},
        "outputs": {},
        # shiori's stages: (shiori, n) -> stage -> [ms]
        "stages": collections.defaultdict(lambda: collections.defaultdict(list)),
    }
    for tool, n, run, step, wall, rss, rc in rows(os.path.join(raw, "runs.tsv")):
        r = d["runs"][(tool, int(n))][int(run)]
        r[0] += float(wall)
        r[1] = max(r[1], int(rss))
        r[2] = r[2] and rc == "0"
        d["steps"][(tool, int(n))][step].append(float(wall))
    for name in sorted(os.listdir(raw)):
        if not name.startswith("time.") or name.endswith(".abandoned"):
            continue
        _, tool, n, run, _step = name.split(".")
        fields = {}
        with open(os.path.join(raw, name), encoding="utf-8") as f:
            for line in f:
                key, _, value = line.strip().rpartition(": ")
                fields[key] = value
        try:
            d["cpu"][(tool, int(n))][int(run)] += float(fields["User time (seconds)"]) + float(fields["System time (seconds)"])
            d["share"][(tool, int(n))].append(int(fields["Percent of CPU this job got"].rstrip("%")))
        except (KeyError, ValueError):
            pass
    for t, n, why in rows(os.path.join(raw, "skips.tsv")):
        d["skips"][(t, int(n))] = why
    for row in rows(os.path.join(raw, "outputs.tsv")):
        d["outputs"][(row[0], int(row[1]))] = row[2:]
    for n, run, stage, ms in rows(os.path.join(raw, "stages.tsv")):
        d["stages"][("shiori", int(n))][stage].append(float(ms))
    return d


def main() -> int:
    if len(sys.argv) < 3:
        sys.exit("usage: bench-report.py RAW_DIR [RAW_DIR...] OUT.md  (a later run replaces an earlier one's figures per tool and size)")
    raws, out = sys.argv[1:-1], sys.argv[-1]
    loaded = [load(raw) for raw in raws]
    meta = loaded[-1]["meta"]

    # Merge: per (tool, n), the latest run that measured or skipped it wins.
    # A measurement beats a skip; among measurements (or among skips) the latest wins.
    source: dict = {}
    for i, d in enumerate(loaded):
        for key in d["skips"]:
            if key not in source or not loaded[source[key]]["runs"].get(key):
                source[key] = i
        for key in d["runs"]:
            source[key] = i
    runs, steps, cpu, share, skips, outputs, stages = {}, {}, {}, {}, {}, {}, {}
    for key, i in source.items():
        d = loaded[i]
        for name, into in [("runs", runs), ("steps", steps), ("cpu", cpu), ("share", share),
                           ("skips", skips), ("outputs", outputs), ("stages", stages)]:
            if key in d[name]:
                into[key] = d[name][key]
    steps = collections.defaultdict(dict, steps)
    stage_order: list[str] = []
    for key in sorted(stages):
        for stage in stages[key]:
            if stage not in stage_order:
                stage_order.append(stage)

    def complete(tool: str, n: int) -> list:
        return [v for v in runs.get((tool, n), {}).values() if v[2]]

    def wall(tool, n):
        ok = complete(tool, n)
        return statistics.median(v[0] for v in ok) if ok else None

    def rss(tool, n):
        ok = complete(tool, n)
        return statistics.median(v[1] for v in ok) if ok else None

    def cpu_time(tool, n):
        done = {run for run, v in runs.get((tool, n), {}).items() if v[2]}
        values = [t for run, t in cpu.get((tool, n), {}).items() if run in done]
        return statistics.median(values) if values else None

    sizes = sorted({n for _, n in source})

    def cell(tool, n):
        ok = complete(tool, n)
        if not ok:
            why = skips.get((tool, n))
            if not why:
                return "—"
            return "failed" if why.startswith("build failed") else "n/a"
        ws = sorted(v[0] for v in ok)
        spread = f" ({secs(ws[0])}–{secs(ws[-1])})" if len(ws) > 1 else " (1 run)"
        return f"{secs(statistics.median(ws))}{spread}"

    L: list[str] = []
    L.append("# shiori build benchmark")
    L.append("")
    L.append("Generated by `scripts/bench-build.sh` (corpus: `scripts/gen-corpus.py`). "
             "Full clean builds; every figure is the median of "
             f"{meta.get('runs', '?')} runs (min–max in brackets).")
    L.append("")
    L.append(f"- machine: {meta.get('cpus', '?')} cores ({meta.get('cpu_model', '?')}), {meta.get('memory', '?')}; "
             "see the CPU-time table for how much of the machine each tool used")
    for i, d in enumerate(loaded):
        m = d["meta"]
        what = sorted({(t, n) for (t, n), j in source.items() if j == i})
        if not what:
            continue
        tools = ", ".join(f"{NAMES.get(t, t)} {n:,}" for t, n in what)
        prefix = f"- run {i + 1} of {len(loaded)} ({tools}): " if len(loaded) > 1 else "- "
        L.append(f"{prefix}{m.get('date', '?')}, load average {m.get('load_start', '?')} at start, "
                 f"{m.get('load_end', '?')} at end; shiori {m.get('shiori_commit', '?')}; "
                 f"sites written to {m.get('out_dir', 'each corpus folder (disk)')}; "
                 f"corpus: {m.get('corpus_kind', 'generated (gen-corpus.py)')}")
    for key, label in [("hugo_version", "Hugo"), ("pagefind_version", "Pagefind"),
                       ("mdbook_version", "mdBook"), ("zola_version", "Zola")]:
        m = next((d["meta"] for d in reversed(loaded) if key in d["meta"]), {})
        if key in m:
            L.append(f"- {label}: {m[key]}")
    for n in sizes:
        m = next((d["meta"] for d in reversed(loaded) if f"corpus_{n}" in d["meta"]), {})
        if m:
            L.append(f"- corpus {n:,}: {m[f'corpus_{n}']}; `shiori check`: {m.get(f'check_{n}', '?')}")
    L.append("")

    L.append("## Full build with search index: wall time")
    L.append("")
    head = "| notes | shiori |" + "".join(f" {name} | ratio |" for _, name in PEERS)
    L.append(head)
    L.append("|---:|---:|" + "---:|---:|" * len(PEERS))
    for n in sizes:
        s = wall("shiori", n)
        line = f"| {n:,} | {cell('shiori', n)} |"
        for tool, _ in PEERS:
            w = wall(tool, n)
            ratio = f"{w / s:.1f}×" if (w and s) else "—"
            line += f" {cell(tool, n)} | {ratio} |"
        L.append(line)
    L.append("")
    L.append("ratio = peer time / shiori time (above 1: shiori is faster). "
             "Hugo + Pagefind = `hugo` then `pagefind --site public`.")
    L.append("")

    if any(steps.get(("hugo", n)) for n in sizes):
        L.append("Hugo's two steps (median): " + "; ".join(
            f"{n:,}: hugo {secs(statistics.median(steps[('hugo', n)]['build']))}"
            f" + pagefind {secs(statistics.median(steps[('hugo', n)]['search']))}"
            for n in sizes if steps.get(("hugo", n), {}).get("search")))
        L.append("")

    L.append("## CPU time (user + sys, median)")
    L.append("")
    L.append("Less sensitive than wall time to the other builds on the machine. "
             "\"CPU share\" is GNU time's \"Percent of CPU this job got\" (200% = both cores); "
             "a parallel tool below ~150% was held back by other load.")
    L.append("")
    L.append("| notes | shiori | CPU share |" + "".join(f" {name} | CPU share |" for _, name in PEERS))
    L.append("|---:|---:|---:|" + "---:|---:|" * len(PEERS))
    for n in sizes:
        line = f"| {n:,} |"
        for tool in ["shiori"] + [t for t, _ in PEERS]:
            c = cpu_time(tool, n)
            s = share.get((tool, n))
            line += f" {secs(c) if c is not None else '—'} | {str(int(statistics.median(s))) + '%' if s and c is not None else '—'} |"
        L.append(line)
    L.append("")

    L.append("## Peak memory (max RSS)")
    L.append("")
    L.append("| notes | shiori |" + "".join(f" {name} |" for _, name in PEERS))
    L.append("|---:|---:|" + "---:|" * len(PEERS))
    for n in sizes:
        line = f"| {n:,} |"
        for tool in ["shiori"] + [t for t, _ in PEERS]:
            r = rss(tool, n)
            line += f" {mb(r) if r else '—'} |"
        L.append(line)
    L.append("")

    L.append("## Output")
    L.append("")
    L.append("| tool | notes | total | files | HTML pages | median HTML page | median note page | largest page |")
    L.append("|---|---:|---:|---:|---:|---:|---:|---|")
    for tool in ["shiori"] + [t for t, _ in PEERS]:
        for n in sizes:
            o = outputs.get((tool, n))
            if not o:
                continue
            total, files, pages, med, note_med, big, big_name = o[:7]
            L.append(f"| {NAMES[tool]} | {n:,} | {size(float(total))} | {int(files):,} | {int(pages):,} | "
                     f"{size(float(med))} | {size(float(note_med))} | {size(float(big))} `{big_name}` |")
    L.append("")

    grown = [(n, dict(kv.split("=", 1) for kv in outputs[("shiori", n)][7].split(";") if "=" in kv))
             for n in sizes if ("shiori", n) in outputs and len(outputs[("shiori", n)]) > 7]
    # The print edition comes in parts of 200 notes, and a large site's
    # section list in pages of 48 sections: one row each, the largest page.
    numbered = [("print", "print*.html (largest part)"), ("index", "index*.html (largest page)")]
    def collapse_parts(pages):
        out = dict(pages)
        for stem, label in numbered:
            pattern = rf"{stem}(-\d+)?\.html"
            parts = [float(v) for k, v in pages.items() if re.fullmatch(pattern, k)]
            out = {k: v for k, v in out.items() if not re.fullmatch(pattern, k)}
            if parts:
                out[label] = max(parts)
        return out
    grown = [(n, collapse_parts(pages)) for n, pages in grown]
    if grown:
        names = sorted({k for _, pages in grown for k in pages})
        L.append("### shiori: size of the site-wide pages")
        L.append("")
        L.append("| page | " + " | ".join(f"{n:,} notes" for n, _ in grown) + " |")
        L.append("|---|" + "---:|" * len(grown))
        for name in names:
            L.append(f"| `{name}` | " + " | ".join(size(float(p[name])) if name in p else "—" for _, p in grown) + " |")
        L.append("")

    if stages:
        L.append("## shiori stages (`shiori build -v`, median ms)")
        L.append("")
        L.append("Stages overlap: `index` is counted from the first notes parsed and runs "
                 "alongside parse, link and render; `bundle` runs alongside render. "
                 "So the stages add up to more than the wall time.")
        L.append("")
        L.append("| notes | " + " | ".join(stage_order) + " | sum |")
        L.append("|---:|" + "---:|" * (len(stage_order) + 1))
        for n in sizes:
            if ("shiori", n) not in stages:
                continue
            st = stages[("shiori", n)]
            med = [statistics.median(st[s]) if st.get(s) else 0 for s in stage_order]
            L.append(f"| {n:,} | " + " | ".join(f"{m:,.0f}" for m in med) + f" | {sum(med):,.0f} |")
        L.append("")

    L.append("## Targets (issue 7)")
    L.append("")
    w10, r10, w50 = wall("shiori", 10000), rss("shiori", 10000), wall("shiori", 50000)

    def verdict(ok):
        return "**met**" if ok else "**missed**"

    if w10 is not None:
        L.append(f"- 10,000 notes in ≤ {TARGET_10K_WALL:.0f} s: {secs(w10)} — {verdict(w10 <= TARGET_10K_WALL)}")
        L.append(f"- 10,000 notes peak RSS ≤ {TARGET_10K_RSS_MB} MB: {mb(r10)} — {verdict(r10 / 1024 <= TARGET_10K_RSS_MB)}")
    else:
        L.append("- 10,000 notes: not measured")
    for n in sizes:
        s = wall("shiori", n)
        peers = [(name, wall(t, n)) for t, name in PEERS if wall(t, n)]
        if s and peers:
            slower = [f"{name} ({secs(w)})" for name, w in peers if w <= s]
            cs = cpu_time("shiori", n)
            cpu_ratios = ", ".join(f"{name} {cpu_time(t, n) / cs:.1f}×" for t, name in PEERS
                                   if cs and cpu_time(t, n))
            L.append(f"- faster than every peer at {n:,} notes: "
                     + (verdict(not slower) + ("" if not slower else " — not faster than " + ", ".join(slower)))
                     + (f" (peer CPU time / shiori CPU time: {cpu_ratios})" if cpu_ratios else ""))
    if w10 and w50:
        c10, c50 = cpu_time("shiori", 10000), cpu_time("shiori", 50000)
        by_cpu = f" (by CPU time: {c50 / c10:.1f}×)" if c10 and c50 else ""
        L.append(f"- 50,000 ≤ {TARGET_50K_OVER_10K} × 10,000: {w50 / w10:.1f}× by wall time{by_cpu} — "
                 f"{verdict(w50 / w10 <= TARGET_50K_OVER_10K)}")
    meds = [(n, outputs[("shiori", n)]) for n in sizes if ("shiori", n) in outputs]
    if meds:
        L.append("- no page grows with the site — median HTML page: "
                 + ", ".join(f"{n:,}: {size(float(o[3]))}" for n, o in meds)
                 + "; median note page: " + ", ".join(f"{n:,}: {size(float(o[4]))}" for n, o in meds)
                 + "; largest page: " + ", ".join(f"{n:,}: {size(float(o[5]))} `{o[6]}`" for n, o in meds))
    L.append("")

    if skips:
        L.append("## Skipped, failed or measured once")
        L.append("")
        for (tool, n), why in sorted(skips.items(), key=lambda kv: (kv[0][1], kv[0][0])):
            L.append(f"- {NAMES.get(tool, tool)} at {n:,} notes: {why}")
        L.append("")

    L.append("## How the peers build search")
    L.append("")
    L.append("- Hugo has no search of its own: Pagefind indexes the built HTML (`pagefind --site public`); "
             "it segments Japanese because the pages say `<html lang=\"ja\">`.")
    L.append("- mdBook's built-in search (elasticlunr, on by default) splits words on whitespace and "
             "punctuation: Japanese text is not segmented, so it cannot find words inside a Japanese sentence "
             "(rust-lang/mdBook#1081). It highlights code in the browser, not at build time.")
    if any("zola_version" in d["meta"] for d in loaded):
        L.append("- Zola's `build_search_index = true` (elasticlunr) with `default_language = \"ja\"`: Japanese "
                 "needs a Zola built with its Japanese indexing support; see the Zola row.")
    else:
        L.append("- Zola could not be measured here (see above): it is not published on crates.io, so "
                 "`cargo install zola` fails, and Debian has no package. Its `build_search_index` uses "
                 "elasticlunr too; Japanese needs a Zola built with Japanese indexing support.")
    L.append("- shiori highlights code at build time (syntect), like Hugo (Chroma) and Zola.")
    L.append("")

    text = "\n".join(L)
    with open(out, "w", encoding="utf-8") as f:
        f.write(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
