"""Sentence alignment between two articles.

For every sentence of A and every sentence of B (and every pair of adjacent B sentences,
so that a sentence split in two or two sentences merged into one still meet their
counterpart) the calibrated same-fact model gives a probability. Order plays no part,
so reordering costs nothing. The probability is directional: P(a|b) asks whether b
carries the facts of a, which is what support needs.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .corpus import IndexedArticle
from .features import FEATURE_NAMES, pair_features
from .scoring import SameFactModel



@dataclass(slots=True)
class PairAlignment:
    """Probabilities for one ordered pair of articles (A, B).

    ``ab[i, j]``: B's sentence j carries the facts of A's sentence i.
    ``ba[i, j]``: A's sentence i carries the facts of B's sentence j.
    ``ab_win[i, j]``: B's sentences j and j+1 together carry A's sentence i.
    ``ba_win[i, j]``: A's sentences i and i+1 together carry B's sentence j.
    ``quote[i, j]``: overlap of the quoted words of A_i and B_j (0 without quotes)."""

    ab: np.ndarray
    ba: np.ndarray
    ab_win: np.ndarray
    ba_win: np.ndarray
    quote: np.ndarray

    def support_a(self) -> np.ndarray:
        """Best evidence in B for each sentence of A."""
        return _rowmax(self.ab, self.ab_win)

    def support_b(self) -> np.ndarray:
        """Best evidence in A for each sentence of B."""
        return _rowmax(self.ba.T, self.ba_win.T)

    def link(self) -> np.ndarray:
        """Symmetric link strength between A_i and B_j: either carries the other."""
        return np.maximum(self.ab, self.ba)


def _rowmax(single: np.ndarray, window: np.ndarray) -> np.ndarray:
    n = single.shape[0]
    if n == 0:
        return np.zeros(0)
    best = single.max(axis=1) if single.shape[1] else np.zeros(n)
    if window.size:
        best = np.maximum(best, window.max(axis=1))
    return best


def _cos(a: IndexedArticle, b: IndexedArticle) -> np.ndarray | None:
    if a.emb is None or b.emb is None or len(a.emb) != len(a.sentences) or len(b.emb) != len(b.sentences):
        return None
    return a.emb @ b.emb.T


def _window_vecs(emb: np.ndarray) -> np.ndarray:
    if len(emb) < 2:
        return np.zeros((0, emb.shape[1]), dtype=emb.dtype)
    v = emb[:-1] + emb[1:]
    n = np.linalg.norm(v, axis=1, keepdims=True)
    n[n == 0] = 1.0
    return v / n


def _features(facts_a, facts_b, cos: np.ndarray | None) -> np.ndarray:
    X = np.zeros((len(facts_a), len(facts_b), len(FEATURE_NAMES)))
    for i, fa in enumerate(facts_a):
        for j, fb in enumerate(facts_b):
            X[i, j] = pair_features(fa, fb, float(cos[i, j]) if cos is not None else 0.0)
    return X


def _swap_features(facts_a, facts_b, X: np.ndarray) -> np.ndarray:
    """Features of the reversed pairs (b_j, a_i), laid out like X (rows a, columns b)."""
    Y = _features(facts_b, facts_a, None).transpose(1, 0, 2).copy()
    Y[..., 0] = X[..., 0]  # cosine is symmetric
    return Y


def align_pair(a: IndexedArticle, b: IndexedArticle, model: SameFactModel) -> PairAlignment:
    """Same-fact probabilities between all sentences (and adjacent pairs) of a and b."""
    na, nb = len(a.facts), len(b.facts)
    use_cos = "cosine" in model.features
    cos = _cos(a, b) if use_cos else None
    X = _features(a.facts, b.facts, cos)
    ab = model.proba(X) if na and nb else np.zeros((na, nb))
    ba = model.proba(_swap_features(a.facts, b.facts, X)) if na and nb else np.zeros((na, nb))
    # B windows (j, j+1) against A sentences, and A windows against B sentences
    b_win = [b.facts[j].merged(b.facts[j + 1]) for j in range(nb - 1)]
    a_win = [a.facts[i].merged(a.facts[i + 1]) for i in range(na - 1)]
    cos_bw = a.emb @ _window_vecs(b.emb).T if cos is not None and nb > 1 else None
    cos_aw = _window_vecs(a.emb) @ b.emb.T if cos is not None and na > 1 else None
    ab_win = model.proba(_features(a.facts, b_win, cos_bw)) if na and b_win else np.zeros((na, 0))
    # rows are A windows, columns B sentences; reversed so cover_a is B_j's coverage
    ba_win = (model.proba(_swap_features(a_win, b.facts, _features(a_win, b.facts, cos_aw)))
              if nb and a_win else np.zeros((max(0, na - 1), nb)))
    quote = np.zeros((na, nb))
    for i, fa in enumerate(a.facts):
        if not fa.quoted:
            continue
        for j, fb in enumerate(b.facts):
            if fb.quoted:
                # quoted words shared, relative to the shorter quote
                quote[i, j] = len(fa.quoted & fb.quoted) / max(1, min(len(fa.quoted), len(fb.quoted)))
    return PairAlignment(ab, ba, ab_win, ba_win, quote)


MIN_INFORMATIVE_WORDS = 4


def informative(facts) -> np.ndarray:
    """Sentences that can carry a fact: enough content words ("Keep reading", "A broader
    critique is unavoidable." do not count as evidence that two articles share a report)."""
    return np.array([len(f.content) >= MIN_INFORMATIVE_WORDS for f in facts], dtype=bool)


def pair_coverage(al: PairAlignment, threshold: float, a: IndexedArticle, b: IndexedArticle
                  ) -> tuple[float, float, int]:
    """(share of A's informative sentences supported by B, share of B's supported by A,
    matched count on the side with the higher share)."""
    ia, ib = informative(a.facts), informative(b.facts)
    sa, sb = al.support_a()[ia], al.support_b()[ib]
    ca = float((sa >= threshold).mean()) if len(sa) else 0.0
    cb = float((sb >= threshold).mean()) if len(sb) else 0.0
    if ca >= cb:
        return ca, cb, int((sa >= threshold).sum())
    return ca, cb, int((sb >= threshold).sum())
