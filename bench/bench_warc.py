"""Benchmark: reading WARC files streams, so memory stays flat as the file grows.

    python bench/bench_warc.py [--sizes 500 4000]

Writes WARC.gz files of N records (half news pages, a quarter 404s, a quarter images, as a
crawl mixes them) under a temporary folder, reads each with
:func:`newstrace.ingest.warc.read_warc` (articles are counted and dropped, as a consumer that
writes them out would), and prints records/s and the peak of Python's allocations
(tracemalloc) while reading, with the ratio of the largest file's peak to the smallest's and of
their sizes. Not a test: timings depend on the machine.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from warc_helpers import article_html, record  # noqa: E402

from newstrace.ingest.warc import read_warc  # noqa: E402


def write_crawl(path: Path, n: int) -> int:
    with open(path, "wb") as fh:
        for k in range(n):
            kind = k % 4
            if kind in (0, 1):
                fh.write(record(f"https://site{k % 37}.example.com/news/{k}", article_html(k)))
            elif kind == 2:
                fh.write(record(f"https://site{k % 37}.example.com/gone/{k}", b"<html>gone</html>", status=404))
            else:
                fh.write(record(f"https://site{k % 37}.example.com/img/{k}.png", os.urandom(20000), ctype="image/png"))
    return path.stat().st_size


def measure(path: Path) -> tuple[int, float, int, Counter]:
    skipped: Counter = Counter()
    tracemalloc.start()
    t0 = time.perf_counter()
    n = 0
    for item in read_warc(path, skipped=skipped):
        n += 1
    secs = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return n, secs, peak, skipped


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[500, 4000])
    args = ap.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        warm = Path(tmp) / "warm.warc.gz"  # imports and trafilatura's caches, outside the measure
        write_crawl(warm, 8)
        measure(warm)
        for n in args.sizes:
            path = Path(tmp) / f"crawl{n}.warc.gz"
            size = write_crawl(path, n)
            arts, secs, peak, skipped = measure(path)
            rows.append((n, size, arts, secs, peak))
            print(f"{n:6d} records  {size / 2**20:7.1f} MB  {arts:5d} articles  {n / secs:7.1f} records/s  "
                  f"peak {peak / 2**20:6.1f} MB  skipped {dict(skipped)}")
    (n0, s0, _, _, p0), (n1, s1, _, _, p1) = rows[0], rows[-1]
    print(f"file size x{s1 / s0:.1f}, peak memory x{p1 / p0:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
