#!/usr/bin/env python3
"""How well shiori builds folders written for other tools.

For each site folder (a root holding content/), builds it with the given
shiori binary and reports what a reader would meet:

  exit      the build's exit code
  pages     notes built, HTML pages written
  no page   Markdown/MDX files with no page of their own name (folder
            indexes, 404.md and SUMMARY.md count as pages of their folder)
  warnings  by kind, from `shiori check --format json`
  raw       source-tool constructs left in the text of note pages (code
            blocks and code spans aside)
  dead      internal links of note bodies rendered unresolved, in %; links
            whose target the folder does not contain at all (an Obsidian
            link to a note never written) are counted apart
  images    <img> in note bodies whose file is not in the output

Usage: scripts/corpus-report.py SHIORI OUT_DIR FOLDER... [--json FILE]
"""

import collections
import html
import json
import os
import re
import subprocess
import sys
import time

RAW = ["{{", "{{<", "{{%", "{{#", "{%", ":::", "!!!", "???", "[!", "%%", "==", "<Tabs", "<TabItem",
       "--8<--", "[[", "]]"]

BODY = re.compile(r'<div class="(?:note-body|section-intro)">(.*?)\n  </div>', re.S)
CODE = re.compile(r"<pre\b.*?</pre>|<code\b.*?</code>", re.S)
TAG = re.compile(r"<[^>]+>")
ANCHOR = re.compile(r'<a\s([^>]*)>')
BROKEN = re.compile(r'<span class="broken-link">(.*?)</span>', re.S)
HREF = re.compile(r'href="([^"]*)"')
IMG = re.compile(r'<img\s[^>]*src="([^"]*)"')
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
INDEX_NAMES = {"_index", "index", "readme", "summary", "404"}


def markdown_files(content):
    out = []
    for dirpath, dirs, files in os.walk(content):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for f in files:
            if f.lower().endswith((".md", ".mdx", ".markdown")):
                out.append(os.path.relpath(os.path.join(dirpath, f), content))
    return sorted(out)


def has_page(rel, out):
    stem, _ = os.path.splitext(rel)
    folder, name = os.path.split(stem)
    if name.lower() in INDEX_NAMES:
        return os.path.exists(os.path.join(out, folder, "index.html")) or (
            name == "404" and os.path.exists(os.path.join(out, "404.html")))
    # Number prefixes and slugs rename files: any page of that name in the folder.
    return os.path.exists(os.path.join(out, stem + ".html")) or os.path.exists(
        os.path.join(out, stem, "index.html"))


def pages(out):
    for dirpath, _, files in os.walk(out):
        for f in files:
            if f.endswith(".html"):
                yield os.path.join(dirpath, f)


def file_names(content):
    names = set()
    for dirpath, dirs, files in os.walk(content):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for f in files:
            names.add(f.lower())
            names.add(os.path.splitext(f)[0].lower())
    return names


def report(shiori, root, out):
    name = os.path.basename(os.path.normpath(root))
    target = os.path.join(out, name)
    started = time.time()
    run = subprocess.run([shiori, "build", "--root", root, "--out", target],
                         capture_output=True, text=True)
    seconds = time.time() - started
    check = subprocess.run([shiori, "--root", root, "check", "--format", "json"],
                           capture_output=True, text=True)
    kinds = collections.Counter()
    absent = 0
    names = file_names(os.path.join(root, "content"))
    try:
        diagnostics = json.loads(check.stdout)["diagnostics"]
    except (ValueError, KeyError):
        diagnostics = []
    for d in diagnostics:
        kinds[d["code"]] += 1
        m = re.match(r"no (?:note is named|note at|file at|page at) `([^`]*)`", d.get("message", ""))
        if d["code"] == "broken-link" and m:
            wanted = m.group(1).split("#")[0].rstrip("/").split("/")[-1].strip().lower()
            stem, ext = os.path.splitext(wanted)
            if ext not in (".md", ".mdx", ".markdown"):
                stem = wanted
            if wanted and wanted not in names and stem not in names:
                absent += 1
    files = markdown_files(os.path.join(root, "content"))
    no_page = [f for f in files if run.returncode == 0 and not has_page(f, target)]
    raw = collections.Counter()
    raw_examples = {}
    links = broken = images_missing = 0
    broken_texts = collections.Counter()
    html_pages = 0
    if run.returncode == 0:
        for page in pages(target):
            html_pages += 1
            text = open(page, encoding="utf-8").read()
            for body in BODY.findall(text):
                for attrs in ANCHOR.findall(body):
                    m = HREF.search(attrs)
                    if not m or "heading-anchor" in attrs or "footnote" in attrs:
                        continue
                    href = m.group(1)
                    if SCHEME.match(href) or href.startswith(("//", "#")):
                        continue
                    links += 1
                for b in BROKEN.findall(body):
                    broken += 1
                    broken_texts[TAG.sub("", b)[:40]] += 1
                for src in IMG.findall(body):
                    if SCHEME.match(src) or src.startswith("//") or not src:
                        continue
                    path = os.path.normpath(os.path.join(
                        os.path.dirname(page), html.unescape(src).split("#")[0]))
                    from urllib.parse import unquote
                    if not os.path.exists(unquote(path)):
                        images_missing += 1
                plain = html.unescape(TAG.sub(" ", CODE.sub(" ", body)))
                for pattern in RAW:
                    n = plain.count(pattern)
                    if n:
                        raw[pattern] += n
                        if pattern not in raw_examples:
                            at = plain.find(pattern)
                            raw_examples[pattern] = (os.path.relpath(page, target),
                                                     " ".join(plain[max(0, at - 40):at + 40].split()))
    total = links + broken
    notes = re.search(r"built (\d+) notes, (\d+) pages", run.stderr)
    return {
        "folder": name,
        "exit": run.returncode,
        "seconds": round(seconds, 1),
        "notes": int(notes.group(1)) if notes else None,
        "html_pages": html_pages,
        "markdown_files": len(files),
        "files_without_page": no_page,
        "warnings": dict(kinds.most_common()),
        "raw": dict(raw.most_common()),
        "raw_examples": raw_examples,
        "internal_links": total,
        "unresolved": broken,
        "unresolved_pct": round(100 * broken / total, 2) if total else 0.0,
        "absent_targets": absent,
        "unresolved_pct_present": round(100 * max(broken - absent, 0) / total, 2) if total else 0.0,
        "top_unresolved": broken_texts.most_common(8),
        "images_missing": images_missing,
        "stderr_tail": run.stderr.strip().splitlines()[-3:] if run.returncode else [],
    }


def main(argv):
    json_out = None
    if "--json" in argv:
        i = argv.index("--json")
        json_out = argv[i + 1]
        del argv[i:i + 2]
    shiori, out, folders = argv[1], argv[2], argv[3:]
    rows = [report(shiori, f, out) for f in folders]
    for r in rows:
        print(f"== {r['folder']}: exit {r['exit']}, {r['notes']} notes, {r['html_pages']} HTML pages, "
              f"{r['markdown_files']} Markdown files ({len(r['files_without_page'])} without a page), "
              f"{r['seconds']} s")
        print(f"   warnings: {r['warnings']}")
        print(f"   raw left: {r['raw'] or 'none'}")
        for p, (page, ctx) in r["raw_examples"].items():
            print(f"      {p!r} {page}: …{ctx}…")
        print(f"   unresolved: {r['unresolved']} of {r['internal_links']} internal links "
              f"({r['unresolved_pct']} %); {r['absent_targets']} name something the folder does not "
              f"contain → {r['unresolved_pct_present']} % otherwise")
        if r["top_unresolved"]:
            print(f"      most: {r['top_unresolved']}")
        if r["files_without_page"]:
            print(f"   without a page: {r['files_without_page'][:8]}")
        print(f"   images missing: {r['images_missing']}")
        for line in r["stderr_tail"]:
            print(f"   ! {line}")
    if json_out:
        with open(json_out, "w", encoding="utf-8") as f:
            json.dump(rows, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main(sys.argv)
