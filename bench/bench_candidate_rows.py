"""How many rows the Spark candidate joins emit on bench_spark's synthetic corpus at N
articles — the cost model behind the 10k / 50k / 100k figures of docs/spark.md, counted
without Spark (plain Python and numpy, a few minutes for 100k):

    python bench/bench_candidate_rows.py 10000 50000 100000

* **shared rare shingles** (:func:`newstrace.scale.candidates.shared_key_pairs`): a word
  3-shingle held by ``d`` articles, 2 <= d <= ``MAX_DF``, joins with itself into C(d, 2)
  pair rows before they are counted per pair. In the synthetic corpus article *i* rewrites
  base *i* mod 924, so a family has about N / 924 members and most of its shingles have
  ``d`` near that: the rows grow with the square of the family size;
* **MinHash-LSH** (:func:`newstrace.scale.candidates.minhash_pairs`): one min-hash per table,
  ``MINHASH_TABLES`` tables; articles with the same value in a table join: C(size, 2) rows
  per bucket. Hash functions of MLlib's form ((1 + index) * a + b) mod 2038074743 over
  feature indices (here crc32 of the shingle mod 2^20, not Spark's murmur3: the counts are
  the same in distribution, not row for row);
* **pivots** (what the job does since 6 Dec 2026, ``--pivots``, default 4; the shared-shingle
  column is the rows with ``--pivots 0``): each rare shingle pairs its holders only with its
  ``m`` holders of smallest (hashed) id — m·d rows instead of d²/2 — which keeps every family
  connected through the same few pivots (:func:`newstrace.scale.candidates.key_pair_rows`).

Tokens: lower-cased runs of letters and digits, as the job's RegexTokenizer splits them.
"""
from __future__ import annotations

import argparse
import re
import sys
import zlib
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
import bench_spark as B  # noqa: E402

from newstrace.scale.candidates import MAX_DF, MINHASH_TABLES, NUM_FEATURES, SEED  # noqa: E402

_SPLIT = re.compile(r"[\W_]+")
PRIME = 2038074743


def shingles(text: str) -> set[str]:
    t = [w for w in _SPLIT.split(text.lower()) if w]
    return {" ".join(t[i:i + 3]) for i in range(len(t) - 2)}


def count(n: int, bases, pivots=(2, 4, 8)) -> dict:
    rng = np.random.default_rng(SEED)
    a = rng.integers(1, PRIME, MINHASH_TABLES, dtype=np.int64)
    b = rng.integers(0, PRIME, MINHASH_TABLES, dtype=np.int64)
    df: Counter = Counter()
    buckets = [Counter() for _ in range(MINHASH_TABLES)]
    for i in range(n):
        _, text = bases[i % len(bases)]
        sh = shingles(B.rewrite(text, i // len(bases)))
        if not sh:
            continue
        keys = [zlib.crc32(s.encode("utf-8")) for s in sh]
        df.update(keys)
        idx = np.unique(np.array(keys, dtype=np.int64) % NUM_FEATURES)
        mh = (((1 + idx)[None, :] * a[:, None] + b[:, None]) % PRIME).min(axis=1)
        for t in range(MINHASH_TABLES):
            buckets[t][int(mh[t])] += 1
    rare = [d for d in df.values() if 2 <= d <= MAX_DF]
    return {"articles": n, "family size": round(n / len(bases), 1), "distinct shingles": len(df),
            "shingles over max_df": sum(1 for d in df.values() if d > MAX_DF),
            "shared-shingle pair rows": sum(d * (d - 1) // 2 for d in rare),
            "minhash pair rows": sum(s * (s - 1) // 2 for bk in buckets for s in bk.values()),
            **{f"pivot rows m={m}": sum(d * (d - 1) // 2 if d <= m else m * d - m * (m + 1) // 2 for d in rare)
               for m in pivots}}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sizes", type=int, nargs="+")
    args = ap.parse_args(argv)
    bases = B.base_articles()
    for n in args.sizes:
        r = count(n, bases)
        print("  ".join(f"{k} {v:,}" if isinstance(v, int) else f"{k} {v}" for k, v in r.items()), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
