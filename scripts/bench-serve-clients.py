#!/usr/bin/env python3
"""Many keep-alive clients against a running `shiori serve`.

Usage: scripts/bench-serve-clients.py BASE_URL [--clients 200] [--requests 20]

Each client opens one HTTP/1.1 connection and sends REQUESTS requests on
it, one after another, for pages of the site (the home page and the pages
it links to). Prints errors (a failed connection, a status other than 200,
a reply that took more than 10 s), requests per second and latency
percentiles. Only for a server on this machine.
"""
import argparse, asyncio, re, statistics, time, urllib.parse, urllib.request


async def client(host, port, paths, n, times, errors):
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), 10)
    except Exception as e:  # noqa: BLE001 - any failure to connect is an error
        errors.append(f"connect: {e}")
        return
    for i in range(n):
        path = paths[i % len(paths)]
        start = time.monotonic()
        writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode())
        try:
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
            status = int(head.split(b" ", 2)[1])
            length = int(re.search(rb"(?i)content-length:\s*(\d+)", head).group(1))
            await asyncio.wait_for(reader.readexactly(length), 10)
        except Exception as e:  # noqa: BLE001
            errors.append(f"{path}: {e!r}")
            break
        if status != 200:
            errors.append(f"{path}: status {status}")
        times.append(time.monotonic() - start)
    writer.close()


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("base")
    ap.add_argument("--clients", type=int, default=200)
    ap.add_argument("--requests", type=int, default=20)
    args = ap.parse_args()
    url = urllib.parse.urlparse(args.base)
    if url.hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("only a server on this machine")
    home = urllib.request.urlopen(args.base).read().decode()
    paths = sorted({urllib.parse.urljoin(url.path, h) for h in re.findall(r'href="([^"#?]+\.html)"', home)})
    paths = [p for p in paths if not p.startswith("http")] or [url.path]
    times, errors = [], []
    start = time.monotonic()
    await asyncio.gather(*(client(url.hostname, url.port, paths, args.requests, times, errors)
                           for _ in range(args.clients)))
    wall = time.monotonic() - start
    times.sort()
    pick = lambda q: times[min(len(times) - 1, int(q * len(times)))] * 1000
    print(f"{args.clients} clients x {args.requests} requests over {len(paths)} pages: "
          f"{len(errors)} errors, {len(times)} replies in {wall:.2f} s = {len(times) / wall:.0f} req/s, "
          f"p50 {pick(0.5):.1f} ms, p99 {pick(0.99):.1f} ms, max {times[-1] * 1000:.1f} ms")
    for e in errors[:5]:
        print("  ", e)


asyncio.run(main())
