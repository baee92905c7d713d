"""Rewrite families: articles that rewrite one underlying report, kept apart from articles
that merely cover the same event.

On one event's coverage every article shares names, dates and the same widely quoted
sentences with every other, so "they share facts" cannot be the test. Two kinds of evidence
make an edge between two candidate articles:

* **copy** — the share of one article's own text (outside quotations, :mod:`.passages`) that
  lies in long runs of wording the other carries is at least :data:`COPY_SHARE`. Wire copies,
  write-throughs and cut-down reprints have it; articles that only quote the same people do
  not. Copy edges are trusted: their connected components are families.
* **rewrite** — a paraphrase keeps the report's facts but not its wording (seeds 000/001
  share few 5-grams). For each article, the candidate with the most similar vocabulary
  (tf-idf cosine over the content words of its sentences, among its candidates) is aligned
  sentence by sentence (:mod:`.align`); the edge holds when the other carries at least
  :data:`REWRITE_COVERAGE` of its informative sentences that are not quotations, and at
  least :data:`REWRITE_MATCHES` of them (or most of a short article, at least
  :data:`SHORT_MATCHES`). Rewrite edges are weak
  one by one, so they join clusters by **average linkage**: two clusters merge only when the
  mean edge weight over all their member pairs (a missing edge counts 0) reaches
  :data:`LINKAGE`. One paraphrase link cannot chain two wire families together.

Every step is linear in the candidate pairs (at most a few per article for the aligned
ones), never in the square of a family or a story. The thresholds were set on
``../shared/data/helsinki/helsinki_dev.jsonl`` (real coverage of one event, its lexical
reference) and the seeds, and are reported on the synthetic rewrites and ECB+ (docs/reuse.md).
"""
from __future__ import annotations

import hashlib
import heapq
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import scipy.sparse as sp

from ..model import Family
from .align import PairAlignment, align_pair, informative
from .candidates import candidate_pairs
from .corpus import IndexedArticle
from .passages import GRAM, passage_share
from .scoring import SameFactModel

__all__ = ["COPY_SHARE", "Edge", "LINKAGE", "REWRITE_COVERAGE", "REWRITE_MATCHES", "confirm_pairs",
           "family_id", "find_families", "own_sentences", "pair_edge"]

#: Share of an article's own tokens in runs the other carries that makes a copy edge.
COPY_SHARE = 0.45
#: Share of an article's informative, unquoted sentences the other carries (rewrite edge).
REWRITE_COVERAGE = 0.2
#: ... and at least this many of them,
REWRITE_MATCHES = 5
#: or, for a short article, this share and this many.
SHORT_COVERAGE = 0.6
SHORT_MATCHES = 3
#: A sentence counts as carried at this same-fact probability (the support decision itself
#: uses the model's calibrated threshold).
CONFIRM_PROBABILITY = 0.7
#: How many vocabulary neighbours of each article are aligned for rewrite evidence.
REWRITE_NEIGHBOURS = 1
#: Mean edge weight over all member pairs at which two clusters merge on rewrite edges.
LINKAGE = REWRITE_COVERAGE


@dataclass(slots=True)
class Edge:
    """Evidence that articles ``i`` and ``j`` rewrite one report. ``carried_i``: the share of
    i's own text (copy) or unquoted sentences (rewrite) that j carries; ``carried_j`` the
    other way round; ``weight`` the larger."""

    i: int
    j: int
    kind: Literal["copy", "rewrite"]
    carried_i: float
    carried_j: float
    alignment: PairAlignment | None = field(default=None, repr=False)

    @property
    def weight(self) -> float:
        return max(self.carried_i, self.carried_j)

    def carried(self, k: int) -> float:
        """Share of article ``k``'s text (``k`` is i or j) that the other article carries."""
        return self.carried_i if k == self.i else self.carried_j


def own_sentences(a: IndexedArticle) -> np.ndarray:
    """Informative sentences that are not mostly quotation (the article's own reporting)."""
    inf = informative(a.facts)
    if not len(inf):
        return inf
    quoted = np.array([sum(c.end - c.start for c in cl) >= 0.5 * (s.end - s.start)
                       for s, cl in zip(a.sentences, a.sentence_quotes)], dtype=bool)
    return inf & ~quoted


def _gram_set(a: IndexedArticle) -> frozenset:
    if a.gram_set is None:
        a.gram_set = frozenset(a.grams.tolist()) - {0} if a.grams is not None else frozenset()
    return a.gram_set


def _copy_edge(arts: list[IndexedArticle], i: int, j: int) -> Edge | None:
    a, b = arts[i].grams, arts[j].grams
    if a is None or b is None or not len(a) or not len(b):
        return None
    # cheap bound first: shared tokens are at most GRAM per shared 5-gram, so most pairs of
    # one event's coverage are rejected by a set intersection
    shared = len(_gram_set(arts[i]) & _gram_set(arts[j]))
    if GRAM * shared < COPY_SHARE * min(len(a), len(b)):
        return None
    ci, cj = passage_share(a, b), passage_share(b, a)
    return Edge(i, j, "copy", ci, cj) if max(ci, cj) >= COPY_SHARE else None


def _rewrite_edge(arts: list[IndexedArticle], i: int, j: int, model: SameFactModel) -> Edge | None:
    a, b = arts[i], arts[j]
    if not a.facts or not b.facts:
        return None
    oa, ob = own_sentences(a), own_sentences(b)
    if not oa.any() or not ob.any():
        return None
    al = align_pair(a, b, model)
    th = max(model.threshold, CONFIRM_PROBABILITY)
    ha, hb = al.support_a()[oa] >= th, al.support_b()[ob] >= th
    ci, cj = float(ha.mean()), float(hb.mean())
    matched = int(ha.sum()) if ci >= cj else int(hb.sum())
    # REWRITE_MATCHES sentences carried, or most of a short article (at least SHORT_MATCHES):
    # two short pieces on one statement or interview share a sentence or two by nature
    if (max(ci, cj) >= REWRITE_COVERAGE and matched >= REWRITE_MATCHES) or \
            (max(ci, cj) >= SHORT_COVERAGE and matched >= SHORT_MATCHES):
        return Edge(i, j, "rewrite", ci, cj, al)
    return None


def pair_edge(arts: list[IndexedArticle], i: int, j: int, model: SameFactModel) -> Edge | None:
    """The edge between two articles, if any: copy evidence first, then rewrite evidence."""
    return _copy_edge(arts, i, j) or _rewrite_edge(arts, i, j, model)


def confirm_pairs(arts: list[IndexedArticle], pairs, model: SameFactModel) -> list[Edge]:
    """The edges among the given pairs, each judged alone (no neighbour gating): what the
    Spark job uses to group articles before the families are found within each group."""
    out = []
    for i, j in sorted(pairs):
        e = pair_edge(arts, i, j, model)
        if e is not None:
            out.append(e)
        for x in (i, j):
            arts[x].mats = None
    return out


def _own_terms(a: IndexedArticle):
    """Each own sentence's content words, names and numbers (the vocabulary's terms)."""
    for f, k in zip(a.facts, own_sentences(a)):
        if k:
            yield f.content | f.names | f.numbers


def vocabulary_terms(a: IndexedArticle) -> set[str]:
    """The terms of an article's vocabulary row (what :func:`_vocabulary` weighs; the Spark
    job counts their document frequency over the whole run with this function)."""
    return set().union(*_own_terms(a))


#: Document frequencies of the vocabulary over the articles analysed: ``(number of
#: articles, {term: df})``; a term missing from the dict is held by one article.
TermDF = tuple[int, dict[str, int]]


def _vocabulary(arts: list[IndexedArticle], term_df: TermDF | None = None) -> sp.csr_matrix:
    """Unit tf-idf rows over the content words, names and numbers of each article's own
    sentences. The idf is over ``arts``, or over the whole run when ``term_df`` gives its
    document frequencies (the Spark job analyses one group of articles at a time: with the
    run's idf, each article picks the same vocabulary neighbours as in one CLI run)."""
    vocab: dict[str, int] = {}
    rows, cols, vals = [], [], []
    for r, a in enumerate(arts):
        counts: dict[int, int] = defaultdict(int)
        for terms in _own_terms(a):
            for w in terms:
                counts[vocab.setdefault(w, len(vocab))] += 1
        for c, n in counts.items():
            rows.append(r)
            cols.append(c)
            vals.append(1.0 + np.log(n))
    X = sp.csr_matrix((vals, (rows, cols)), shape=(len(arts), max(1, len(vocab))), dtype=np.float64)
    if term_df is None:
        n_docs, df = len(arts), np.bincount(X.indices, minlength=X.shape[1])
    else:
        n_docs, given = term_df
        df = np.ones(X.shape[1], dtype=np.float64)
        for w, c in vocab.items():
            df[c] = given.get(w, 1)
    X = X.multiply(np.log((1 + n_docs) / (1 + df)) + 1.0).tocsr()
    norms = np.sqrt(np.asarray(X.multiply(X).sum(axis=1)).ravel())
    return sp.diags(1.0 / np.maximum(norms, 1e-12)) @ X


def _neighbour_pairs(arts: list[IndexedArticle], pairs: list[tuple[int, int]], k: int,
                     term_df: TermDF | None = None) -> set[tuple[int, int]]:
    """The candidate pairs in which one article is among the other's ``k`` most similar
    candidates by vocabulary."""
    if not pairs:
        return set()
    X = _vocabulary(arts, term_df)
    ii = np.fromiter((p[0] for p in pairs), dtype=np.int64, count=len(pairs))
    jj = np.fromiter((p[1] for p in pairs), dtype=np.int64, count=len(pairs))
    cos = np.asarray(X[ii].multiply(X[jj]).sum(axis=1)).ravel()
    best: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for n, (i, j) in enumerate(pairs):
        for x in (i, j):
            heapq.heappush(best[x], (cos[n], n))
            if len(best[x]) > k:
                heapq.heappop(best[x])
    return {pairs[n] for heap in best.values() for _, n in heap}


class _Clusters:
    """Union-find over articles with the members of each cluster."""

    def __init__(self, n: int):
        self.parent = list(range(n))
        self.members: dict[int, list[int]] = {x: [x] for x in range(n)}

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, x: int, y: int) -> int:
        rx, ry = self.find(x), self.find(y)
        if rx == ry:
            return rx
        if len(self.members[rx]) < len(self.members[ry]):
            rx, ry = ry, rx
        self.parent[ry] = rx
        self.members[rx].extend(self.members.pop(ry))
        return rx


def _average_linkage(clusters: _Clusters, edges: list[Edge], threshold: float) -> None:
    """Merge clusters joined by weak edges, best mean first, while the mean edge weight over
    all member pairs of the two clusters (missing edges count 0) reaches ``threshold``.
    A sparse graph of clusters with a heap: each merge costs the smaller side's degree."""
    adj: dict[int, dict[int, float]] = defaultdict(dict)
    for e in edges:
        x, y = clusters.find(e.i), clusters.find(e.j)
        if x != y:
            adj[x][y] = adj[x].get(y, 0.0) + e.weight
            adj[y][x] = adj[x][y]

    def mean(x: int, y: int) -> float:
        return adj[x][y] / (len(clusters.members[x]) * len(clusters.members[y]))

    heap = [(-mean(x, y), x, y) for x in adj for y in adj[x] if x < y]
    heapq.heapify(heap)
    while heap:
        neg, x, y = heapq.heappop(heap)
        if -neg < threshold:
            break
        if y not in adj.get(x, {}) or abs(mean(x, y) + neg) > 1e-12:
            continue  # stale: a side was merged since, or its mean changed
        if len(adj[x]) < len(adj[y]):
            x, y = y, x
        root = clusters.union(x, y)
        gone = y if root == x else x
        for z, w in adj.pop(gone).items():
            del adj[z][gone]
            if z == root:
                continue
            adj[root][z] = adj[root].get(z, 0.0) + w
            adj[z][root] = adj[root][z]
        for z in adj[root]:
            heapq.heappush(heap, (-mean(root, z), min(root, z), max(root, z)))


def family_id(article_ids: list[str]) -> str:
    h = hashlib.sha1("\0".join(sorted(article_ids)).encode("utf-8")).hexdigest()[:12]
    return f"fam-{h}"


def find_families(arts: list[IndexedArticle], model: SameFactModel, use_embeddings: bool = True,
                  pairs=None, term_df: TermDF | None = None) -> tuple[list[Family], list[list[int]], list[Edge]]:
    """Families (each with two or more articles), their members (indexes into ``arts``, in
    the order of the families) and the edges inside them. ``term_df``: the run's document
    frequencies when ``arts`` is only part of it (see :func:`_vocabulary`)."""
    if pairs is None:
        pairs = candidate_pairs(arts, use_embeddings=use_embeddings and model.features[0] == "cosine")
    pairs = sorted(pairs)
    clusters = _Clusters(len(arts))
    edges: list[Edge] = []
    for i, j in pairs:
        e = _copy_edge(arts, i, j)
        if e is not None:
            edges.append(e)
            clusters.union(i, j)
    rewrites = []
    for i, j in sorted(_neighbour_pairs(arts, pairs, REWRITE_NEIGHBOURS, term_df)):
        if clusters.find(i) != clusters.find(j):
            e = _rewrite_edge(arts, i, j, model)
            if e is not None:
                rewrites.append(e)
    _average_linkage(clusters, rewrites, LINKAGE)
    edges.extend(rewrites)
    groups = sorted((sorted(m) for m in clusters.members.values() if len(m) > 1),
                    key=lambda g: sorted(arts[k].id for k in g))
    where = {k: n for n, g in enumerate(groups) for k in g}
    inside = [e for e in edges if e.i in where and where[e.i] == where.get(e.j)]
    fams = []
    for n, g in enumerate(groups):
        ws = [e.weight for e in inside if where[e.i] == n]
        ids = sorted(arts[k].id for k in g)
        fams.append(Family(id=family_id(ids), articles=ids, score=sum(ws) / max(1, len(ws))))
    return fams, groups, inside
