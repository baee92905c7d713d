"""Candidate article pairs for rewrite families, without comparing every pair.

Three sources, each sub-quadratic:

* MinHash-LSH (datasketch ``MinHashLSHEnsemble``) over word 3-gram shingles, queried by
  containment so a short rewrite inside a longer piece is found;
* shared rare keys: words of quotes (as trigrams), multi-word names, and numbers with
  their neighbouring word. Keys held by too many articles are ignored (they mark a topic,
  not a report), so each key contributes at most ``max_df**2`` pairs;
* sentence embeddings: the article's mean MiniLM vector hashed by random hyperplanes in
  bands (cosine LSH; datasketch has none, hence the dozen lines here), buckets capped.
"""
from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict

import numpy as np

from .corpus import IndexedArticle
from .features import words

_SPACE = re.compile(r"\s+")


def shingles(text: str, k: int = 3) -> set[str]:
    toks = [w.lower() for w in words(text)]
    if len(toks) < k:
        return {" ".join(toks)} if toks else set()
    return {" ".join(toks[i:i + k]) for i in range(len(toks) - k + 1)}


def minhash_candidates(arts: list[IndexedArticle], threshold: float = 0.25, num_perm: int = 64,
                       num_part: int = 16) -> set[tuple[int, int]]:
    """Pairs (i, j), i < j, where one article's shingles are contained in the other's at
    about ``threshold`` or more (LSH Ensemble estimate)."""
    from datasketch import MinHash, MinHashLSHEnsemble

    sets = [shingles(a.text) for a in arts]
    entries = []
    hashes = MinHash.bulk([[s.encode("utf-8") for s in S] for S in sets], num_perm=num_perm)
    for i, (S, m) in enumerate(zip(sets, hashes)):
        if S:
            entries.append((i, m, len(S)))
    if len(entries) < 2:
        return set()
    lsh = MinHashLSHEnsemble(threshold=threshold, num_perm=num_perm, num_part=min(num_part, len(entries)))
    lsh.index(entries)
    out: set[tuple[int, int]] = set()
    for i, m, size in entries:
        for j in lsh.query(m, size):
            if j != i:
                out.add((min(i, j), max(i, j)))
    return out


def article_keys(a: IndexedArticle) -> set[str]:
    """Rare-ish keys a rewrite keeps: quote trigrams, multi-word names, numbers in context."""
    keys: set[str] = set()
    for q in a.quotes:
        toks = [w.lower() for w in words(a.text[q.start:q.end])]
        for i in range(len(toks) - 2):
            keys.add("q:" + " ".join(toks[i:i + 3]))
    for s in a.sentences:
        toks = words(a.text[s.start:s.end])
        for i in range(1, len(toks)):
            t0, t1 = toks[i - 1], toks[i]
            if t0[:1].isupper() and t1[:1].isupper() and (i > 1 or len(toks) > 2):
                keys.add("n:" + t0.lower() + " " + t1.lower())
            if any(c.isdigit() for c in t1) and len(t1) >= 2:
                keys.add("d:" + t0.lower() + " " + t1)
    return keys


def key_candidates(arts: list[IndexedArticle], min_shared: int = 3, max_df: int = 50) -> set[tuple[int, int]]:
    """Pairs sharing at least ``min_shared`` keys, each key held by at most ``max_df`` articles."""
    inv: dict[str, list[int]] = defaultdict(list)
    for i, a in enumerate(arts):
        for k in article_keys(a):
            inv[k].append(i)
    counts: Counter = Counter()
    for holders in inv.values():
        if 1 < len(holders) <= max_df:
            for i, j in itertools.combinations(holders, 2):
                counts[(i, j)] += 1
    return {p for p, c in counts.items() if c >= min_shared}


def embedding_candidates(arts: list[IndexedArticle], bands: int = 16, bits: int = 10,
                         max_bucket: int = 100, seed: int = 13) -> set[tuple[int, int]]:
    """Pairs whose mean sentence embeddings share a band of random-hyperplane signs.

    With 10 bits × 16 bands, two articles at cosine 0.9 collide in some band with
    probability ~0.97, at cosine 0.5 with ~0.1; buckets over ``max_bucket`` are skipped
    (a whole topic, not a report)."""
    vecs, ids = [], []
    for i, a in enumerate(arts):
        v = a.doc_vec
        if v is not None:
            vecs.append(v)
            ids.append(i)
    if len(vecs) < 2:
        return set()
    V = np.vstack(vecs)
    rng = np.random.default_rng(seed)
    planes = rng.standard_normal((V.shape[1], bands * bits)).astype(V.dtype)
    signs = (V @ planes) > 0
    weights = 1 << np.arange(bits)
    out: set[tuple[int, int]] = set()
    for b in range(bands):
        codes = signs[:, b * bits:(b + 1) * bits] @ weights
        buckets: dict[int, list[int]] = defaultdict(list)
        for row, c in enumerate(codes.tolist()):
            buckets[c].append(ids[row])
        for members in buckets.values():
            if 1 < len(members) <= max_bucket:
                for i, j in itertools.combinations(members, 2):
                    out.add((min(i, j), max(i, j)))
    return out


def candidate_pairs(arts: list[IndexedArticle], use_embeddings: bool = True) -> set[tuple[int, int]]:
    """Union of the three candidate sources."""
    pairs = minhash_candidates(arts) | key_candidates(arts)
    if use_embeddings:
        pairs |= embedding_candidates(arts)
    return pairs
