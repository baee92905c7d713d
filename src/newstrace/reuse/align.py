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
from .features import FactMatrices, _intersections, fact_matrices, pair_feature_matrix, window_matrices
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


def _mats(art: IndexedArticle) -> tuple[FactMatrices, FactMatrices | None]:
    """Sparse fact matrices of an article and of its adjacent-sentence windows (cached)."""
    if art.mats is None or len(art.mats[0]) != len(art.facts):
        fm = fact_matrices(art.facts)
        art.mats = (fm, window_matrices(fm) if len(art.facts) > 1 else None)
    return art.mats


def align_pair(a: IndexedArticle, b: IndexedArticle, model: SameFactModel) -> PairAlignment:
    """Same-fact probabilities between all sentences (and adjacent pairs) of a and b."""
    na, nb = len(a.facts), len(b.facts)
    if na == 0 or nb == 0:
        z = np.zeros((na, nb))
        return PairAlignment(z, z.copy(), np.zeros((na, max(0, nb - 1))), np.zeros((max(0, na - 1), nb)), z.copy())
    ma, wa = _mats(a)
    mb, wb = _mats(b)
    cos = _cos(a, b) if "cosine" in model.features else None
    X = pair_feature_matrix(ma, mb, cos)
    Xr = pair_feature_matrix(mb, ma, cos.T if cos is not None else None)  # (b_j, a_i)
    ab = model.proba(X)
    ba = model.proba(Xr).T
    if wb is not None:
        cos_bw = a.emb @ _window_vecs(b.emb).T if cos is not None else None
        ab_win = model.proba(pair_feature_matrix(ma, wb, cos_bw))
    else:
        ab_win = np.zeros((na, 0))
    if wa is not None:
        cos_aw = b.emb @ _window_vecs(a.emb).T if cos is not None else None  # (b_j, window_i)
        ba_win = model.proba(pair_feature_matrix(mb, wa, cos_aw)).T  # rows A windows
    else:
        ba_win = np.zeros((0, nb))
    quote = np.zeros((na, nb))
    qa, qb = ma.n_quoted > 0, mb.n_quoted > 0
    if qa.any() and qb.any():
        inter = _intersections(ma.quoted, mb.quoted)
        den = np.maximum(1.0, np.minimum(ma.n_quoted[:, None], mb.n_quoted[None, :]))
        # quoted words shared, relative to the shorter quote
        quote = np.where(qa[:, None] & qb[None, :], inter / den, 0.0)
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
