"""Candidate article pairs for rewrite families, without comparing every pair.

Three sources, each sub-quadratic:

* MinHash-LSH (datasketch ``MinHashLSHEnsemble``) over word 3-gram shingles, queried by
  containment so a short rewrite inside a longer piece is found;
* shared rare keys: words of quotes (as trigrams), multi-word names, and numbers with
  their neighbouring word. Keys held by too many articles are ignored (they mark a topic,
  not a report), so each key contributes at most ``max_df**2`` pairs;
* sentence embeddings: the article's mean MiniLM vector hashed by random hyperplanes in
  bands (cosine LSH; datasketch has none, hence the dozen lines here), buckets capped.

The thresholds are module constants so that the Spark job applies the same ones.
"""
from __future__ import annotations

import functools
import itertools
import re
from collections import defaultdict

import numpy as np

from .corpus import IndexedArticle
from .features import words

_SPACE = re.compile(r"\s+")


def shingles(text: str, k: int = 3) -> set[str]:
    toks = [w.lower() for w in words(text)]
    if len(toks) < k:
        return {" ".join(toks)} if toks else set()
    return {" ".join(toks[i:i + k]) for i in range(len(toks) - k + 1)}


def _containment(a: np.ndarray, b: np.ndarray) -> float:
    """Share of the smaller of two sorted unique hash arrays found in the other."""
    if len(a) == 0 or len(b) == 0:
        return 0.0
    return len(np.intersect1d(a, b, assume_unique=True)) / min(len(a), len(b))


def minhash_candidates(arts: list[IndexedArticle], threshold: float = 0.25, num_perm: int = 64,
                       num_part: int = 16, batch: int = 2000) -> set[tuple[int, int]]:
    """Pairs (i, j), i < j, where one article's shingles are contained in the other's at
    ``threshold`` or more.

    The LSH Ensemble proposes pairs whose containment is *about* the threshold; each
    proposal is then checked against the exact containment of the two shingle sets (kept
    as sorted 64-bit hashes, 8 bytes per shingle). Without the check, the LSH's false
    positives grow about with the square of the corpus (1,061 proposals at 1k synthetic
    articles, 50,091 at 10k; the 100k run did not finish), and each costs a sentence
    alignment downstream. Shingle sets are
    hashed a batch at a time and only signatures and hashes are kept."""
    from datasketch import LeanMinHash, MinHash, MinHashLSHEnsemble

    entries: list[tuple[int, LeanMinHash, int]] = []
    hashed: list[np.ndarray] = [np.zeros(0, dtype=np.int64)] * len(arts)
    for start in range(0, len(arts), batch):
        sets = [shingles(a.text) for a in arts[start:start + batch]]
        hashes = MinHash.bulk([[s.encode("utf-8") for s in S] for S in sets], num_perm=num_perm)
        for k, (S, m) in enumerate(zip(sets, hashes)):
            if S:
                entries.append((start + k, LeanMinHash(m), len(S)))
                hashed[start + k] = np.unique(np.fromiter((hash(x) for x in S), dtype=np.int64, count=len(S)))
    if len(entries) < 2:
        return set()
    lsh = MinHashLSHEnsemble(threshold=threshold, num_perm=num_perm, num_part=min(num_part, len(entries)))
    lsh.index(entries)
    out: set[tuple[int, int]] = set()
    for i, m, size in entries:
        for j in lsh.query(m, size):
            if j != i:
                p = (min(i, j), max(i, j))
                if p not in out and _containment(hashed[p[0]], hashed[p[1]]) >= threshold:
                    out.add(p)
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


KEY_MIN_SHARED = 3
KEY_MAX_DF = 50


def key_candidates(arts: list[IndexedArticle], min_shared: int = KEY_MIN_SHARED,
                   max_df: int = KEY_MAX_DF) -> set[tuple[int, int]]:
    """Pairs sharing at least ``min_shared`` keys, each key held by at most ``max_df`` articles."""
    inv: dict[str, list[int]] = defaultdict(list)
    for i, a in enumerate(arts):
        for k in article_keys(a):
            inv[k].append(i)
    # Pair occurrences are counted as int64 codes i * n + j in numpy arrays (8 bytes each)
    # rather than a Counter of tuples (~150 bytes each): at 100k articles there are tens of
    # millions of them, nearly all with count 1.
    n = len(arts)
    chunks: list[np.ndarray] = []
    for holders in inv.values():
        if 1 < len(holders) <= max_df:
            h = np.asarray(holders, dtype=np.int64)  # ascending: articles were added in order
            ii, jj = np.triu_indices(len(h), k=1)
            chunks.append(h[ii] * n + h[jj])
    del inv
    if not chunks:
        return set()
    codes, counts = np.unique(np.concatenate(chunks), return_counts=True)
    keep = codes[counts >= min_shared]
    return {(int(c // n), int(c % n)) for c in keep}


EMB_BANDS, EMB_BITS, EMB_MAX_BUCKET, EMB_SEED = 16, 10, 100, 13


@functools.lru_cache(maxsize=4)
def _planes(dim: int, bands: int, bits: int, seed: int, dtype: str) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal((dim, bands * bits)).astype(dtype)


def embedding_band_codes(V: np.ndarray, bands: int = EMB_BANDS, bits: int = EMB_BITS,
                         seed: int = EMB_SEED) -> np.ndarray:
    """``codes[k, b]``: the ``bits``-bit random-hyperplane sign code of row k of ``V`` in band
    b. Rows are independent, so a distributed job can compute one article's codes alone and
    join on them (``newstrace.scale.candidates``)."""
    V = np.atleast_2d(np.asarray(V))
    signs = (V @ _planes(V.shape[1], bands, bits, seed, str(V.dtype))) > 0
    weights = 1 << np.arange(bits)
    return np.stack([signs[:, b * bits:(b + 1) * bits] @ weights for b in range(bands)], axis=1)


def embedding_candidates(arts: list[IndexedArticle], bands: int = EMB_BANDS, bits: int = EMB_BITS,
                         max_bucket: int = EMB_MAX_BUCKET, seed: int = EMB_SEED) -> set[tuple[int, int]]:
    """Pairs whose mean sentence embeddings share a band of random-hyperplane signs.

    With 10 bits × 16 bands, two articles at cosine 0.9 collide in some band with
    probability ~0.97, at cosine 0.5 with ~0.1; buckets over ``max_bucket`` are skipped
    (a whole topic, not a report). Hand-written: datasketch has no cosine LSH."""
    vecs, ids = [], []
    for i, a in enumerate(arts):
        v = a.doc_vec
        if v is not None:
            vecs.append(v)
            ids.append(i)
    if len(vecs) < 2:
        return set()
    codes = embedding_band_codes(np.vstack(vecs), bands, bits, seed)
    out: set[tuple[int, int]] = set()
    for b in range(bands):
        buckets: dict[int, list[int]] = defaultdict(list)
        for row, c in enumerate(codes[:, b].tolist()):
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
