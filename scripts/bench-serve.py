#!/usr/bin/env python3
"""Time from saving one note to the reload event of `shiori serve`.

Usage: scripts/bench-serve.py SITE_DIR [--runs 7] [--bin target/release/shiori] [--log]

Starts `shiori serve --port 0` on SITE_DIR, subscribes to its event stream,
then repeatedly appends a line to one note and measures how long until the
`reload` event arrives (the page is rebuilt by then), and how long until the
site-wide pages are done (printed by the server with -v). Prints the median.
The note is restored at the end.
"""
import argparse, os, re, socket, statistics, subprocess, sys, threading, time, queue, glob

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("site")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--bin", default="target/release/shiori")
    ap.add_argument("--log", action="store_true", help="print the server's timing lines")
    args = ap.parse_args()
    notes = sorted(glob.glob(os.path.join(args.site, "content", "**", "*.md"), recursive=True))
    notes = [n for n in notes if not n.endswith("_index.md")]
    target = notes[len(notes) // 2]
    original = open(target, encoding="utf-8").read()
    start = time.monotonic()
    proc = subprocess.Popen([args.bin, "--root", args.site, "-v", "serve", "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    port = int(line.split("127.0.0.1:")[1].split("/")[0])
    print(f"initial build + start: {time.monotonic() - start:.2f} s ({len(notes)} notes)")
    site_lines = queue.Queue()
    threading.Thread(target=lambda: [site_lines.put((time.monotonic(), l)) for l in proc.stderr], daemon=True).start()
    sock = socket.create_connection(("127.0.0.1", port))
    sock.sendall(b"GET /__shiori/events HTTP/1.1\r\nHost: x\r\n\r\n")
    events = queue.Queue()
    def read_events():
        buf = b""
        while True:
            data = sock.recv(65536)
            if not data:
                return
            buf += data
            while b"\n\n" in buf:
                msg, buf = buf.split(b"\n\n", 1)
                for l in msg.decode("utf-8", "replace").splitlines():
                    if l.startswith("event: "):
                        events.put((time.monotonic(), l[7:]))
    threading.Thread(target=read_events, daemon=True).start()
    time.sleep(1.0)
    page_times, site_times, steps = [], [], {}
    try:
        for run in range(args.runs):
            while not site_lines.empty():
                site_lines.get()
            t0 = time.monotonic()
            with open(target, "w", encoding="utf-8") as f:
                f.write(original + f"\n\n追記 {run} benchmark-word-{run}\n")
            while True:
                t, event = events.get(timeout=60)
                if event in ("reload", "failed"):
                    break
            page_times.append((t - t0) * 1000)
            while True:
                t, l = site_lines.get(timeout=120)
                if args.log:
                    print("  server:", l.rstrip())
                for name, ms in re.findall(r"(\w+) (\d+) ms", l) if l.startswith("  ") and "site-wide" not in l else []:
                    steps.setdefault(name, []).append(int(ms))
                if "site-wide pages" in l:
                    site_times.append((t - t0) * 1000)
                    break
            time.sleep(0.5)
    finally:
        open(target, "w", encoding="utf-8").write(original)
        proc.kill()
    print(f"save → reload event: median {statistics.median(page_times):.0f} ms  (runs: {', '.join(f'{x:.0f}' for x in page_times)})")
    print(f"save → site-wide pages written: median {statistics.median(site_times):.0f} ms")
    if steps:
        print("steps (median ms): " + ", ".join(f"{k} {statistics.median(v):.0f}" for k, v in steps.items()))
    print("load average:", open("/proc/loadavg").read().split()[:3], f"({os.cpu_count()} cores)")

if __name__ == "__main__":
    main()
