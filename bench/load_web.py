"""Bounded load test of the web app on 127.0.0.1: requests/s, p50/p99 latency per page, failures.

    python bench/make_synthetic_store.py --articles 10000 --out build/synthetic.duckdb
    python bench/load_web.py --db build/synthetic.duckdb --requests 4000 --concurrency 8 --max-seconds 300

Starts ``uvicorn`` serving :func:`newstrace.web.app.create_app` on a free port of 127.0.0.1
(loopback only, never another address) in a child process, then sends a fixed number of GET
requests from ``--concurrency`` threads sharing one ``httpx`` client, cycling through the
article, speaker, search (quote and speaker) and corpus pages with ids drawn at random from
the store. It stops by itself after ``--requests`` requests or ``--max-seconds``, whichever
comes first, stops the server, and prints a table. A request fails when it raises or returns
anything but 200; the exit status is 1 if any failed. A static file
(``/static/newstrace.css``), served by the same server in the same run, is the baseline:
each page's p50 is also printed as a ratio to it, so numbers from a busy machine can be
compared with numbers from an idle one.
"""
from __future__ import annotations

import argparse
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

HOST = "127.0.0.1"  # loopback only: the load must never leave this machine
SERVER = """
import sys, uvicorn
from newstrace.web.app import create_app
uvicorn.run(create_app(sys.argv[1]), host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
"""
SEARCH_WORDS = ["budget", "minister", "election", "police", "health care", "tax plan", "union", "court"]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def sample_ids(db: Path, k: int, rng: random.Random) -> dict[str, list[str]]:
    """Random article ids, speaker entity ids and speaker surnames from the store."""
    from newstrace.store import Store

    with Store(db, read_only=True) as s:
        arts = [r[0] for r in s.con.execute(f"SELECT id FROM articles USING SAMPLE {k} ROWS").fetchall()]
        ents = s.con.execute("SELECT id, name FROM entities").fetchall()
        pages = max(1, s.count_articles() // 50)
    rng.shuffle(ents)
    return {"articles": arts, "entities": [e for e, _ in ents[:k]],
            "names": [n.split()[-1].split("-")[0] for _, n in ents[:k]], "pages": [str(pages)]}


def make_urls(ids: dict[str, list[str]], n: int, rng: random.Random, baseline: bool) -> list[tuple[str, str]]:
    """``n`` (page kind, path) pairs, kinds in round-robin, ids at random."""
    from urllib.parse import quote, urlencode

    last_page = int(ids["pages"][0])
    kinds = ["article", "speaker", "search quote", "search speaker", "corpus"] + (["static"] if baseline else [])
    out = []
    for i in range(n):
        kind = kinds[i % len(kinds)]
        if kind == "article":
            path = "/article/" + quote(rng.choice(ids["articles"]), safe="")
        elif kind == "speaker":
            path = "/speaker/" + quote(rng.choice(ids["entities"]), safe="")
        elif kind == "search quote":
            path = "/search?" + urlencode({"q": rng.choice(SEARCH_WORDS), "by": "quote"})
        elif kind == "search speaker":
            path = "/search?" + urlencode({"q": rng.choice(ids["names"]), "by": "speaker"})
        elif kind == "corpus":
            path = "/?" + urlencode({"page": rng.randint(1, last_page)})
        else:
            path = "/static/newstrace.css"
        out.append((kind, path))
    return out


def start_server(db: Path, port: int, timeout: float = 120) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", SERVER, str(db), str(port)])
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with {proc.returncode} before answering")
        try:
            if httpx.get(f"http://{HOST}:{port}/static/newstrace.css", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"the server did not answer on {HOST}:{port} within {timeout} s")


def peak_rss_mb(pid: int) -> float | None:
    """Peak resident memory of a live process (Linux /proc), in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def run_load(base: str, urls: list[tuple[str, str]], concurrency: int, max_seconds: float) -> dict:
    """Send the requests; returns per-kind latencies (s), failures and totals."""
    lat: dict[str, list[float]] = defaultdict(list)
    failed: dict[str, int] = defaultdict(int)
    examples: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + max_seconds
    sent = 0
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    with httpx.Client(base_url=base, timeout=60, limits=limits) as client:
        def one(item: tuple[str, str]) -> None:
            nonlocal sent
            if time.monotonic() > deadline:
                return
            kind, path = item
            t = time.perf_counter()
            try:
                r = client.get(path)
                ok = r.status_code == 200 and len(r.content) > 0
                why = f"{r.status_code} {path}"
            except httpx.HTTPError as e:
                ok, why = False, f"{type(e).__name__} {path}"
            dt = time.perf_counter() - t
            with lock:
                sent += 1
                lat[kind].append(dt)
                if not ok:
                    failed[kind] += 1
                    if len(examples) < 5:
                        examples.append(why)

        t0 = time.perf_counter()
        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            list(pool.map(one, urls))
        wall = time.perf_counter() - t0
    return {"lat": lat, "failed": failed, "examples": examples, "sent": sent, "wall": wall,
            "stopped_by_time": sent < len(urls)}


def percentile(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, int(round(q / 100 * len(xs) + 0.5)) - 1))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", type=Path, required=True, help="store to serve (make one with make_synthetic_store.py)")
    ap.add_argument("--requests", type=int, default=2000, help="total requests (the load stops after these)")
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--max-seconds", type=float, default=300, help="hard time cap for the load")
    ap.add_argument("--warmup", type=int, default=40, help="requests sent first and not counted")
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args(argv)
    if not args.db.is_file():
        print(f"no store at {args.db}: run bench/make_synthetic_store.py first", file=sys.stderr)
        return 2
    rng = random.Random(args.seed)
    ids = sample_ids(args.db, 2000, rng)
    port = free_port()
    server = start_server(args.db, port)
    base = f"http://{HOST}:{port}"
    try:
        run_load(base, make_urls(ids, args.warmup, rng, True), args.concurrency, args.max_seconds)
        res = run_load(base, make_urls(ids, args.requests, rng, True), args.concurrency, args.max_seconds)
        rss = peak_rss_mb(server.pid)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()

    total_failed = sum(res["failed"].values())
    ref = statistics.median(res["lat"]["static"]) if True and res["lat"].get("static") else None
    print(f"server {base} on {args.db} ({args.db.stat().st_size / 1e6:.1f} MB), concurrency {args.concurrency}")
    print(f"{'page':16s} {'requests':>8s} {'p50 ms':>8s} {'p99 ms':>8s} {'failed':>6s}" + ("  p50/static" if ref else ""))
    for kind, xs in res["lat"].items():
        p50 = statistics.median(xs) * 1000
        line = f"{kind:16s} {len(xs):8d} {p50:8.1f} {percentile(xs, 99) * 1000:8.1f} {res['failed'][kind]:6d}"
        print(line + (f"  {p50 / (ref * 1000):9.1f}" if ref else ""))
    print(f"sent {res['sent']} requests in {res['wall']:.1f} s: {res['sent'] / res['wall']:.1f} requests/s; "
          f"failed {total_failed}" + ("; stopped by --max-seconds" if res["stopped_by_time"] else ""))
    if rss is not None:
        print(f"server peak RSS {rss:.0f} MB")
    for e in res["examples"]:
        print("  failed:", e)
    return 1 if total_failed else 0


if __name__ == "__main__":
    sys.exit(main())
