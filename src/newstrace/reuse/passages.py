"""Shared passages: how much of an article's own text another article carries word for word.

A copy of a wire story keeps long runs of the story's own wording; articles that merely
cover the same event share names, dates and the same widely quoted sentences, but few long
runs of reporting prose. So the evidence is the share of an article's **own** tokens (text
outside quotations and page furniture) that lie in runs of at least :data:`RUN_MIN_TOKENS`
consecutive tokens also found in the other article (passim and other text-reuse detectors
use the same idea: local alignment of long shared passages, not bag-of-words overlap).

Runs are found from word 5-grams: a position of A is shared when its 5-gram occurs in B; a
run of consecutive shared positions covers its tokens. Quotations and furniture break the
token sequence (no 5-gram spans them). Hashes are Python's own string hash, so they are
compared within one process only (every pair is scored where both articles are indexed).
Written here because no kept library scores local text reuse between two documents.
"""
from __future__ import annotations

import re

import numpy as np

from ..model import Span

__all__ = ["GRAM", "RUN_MIN_TOKENS", "own_grams", "passage_share"]

TOKEN = re.compile(r"[a-z0-9']+")
GRAM = 5
#: A shared run must cover at least this many tokens to count as a copied passage.
RUN_MIN_TOKENS = 10


def own_grams(text: str, excluded: list[Span] = ()) -> np.ndarray:
    """Hashes of the word 5-grams of ``text`` outside the ``excluded`` spans, in text order;
    a gap (an excluded span) ends a token sequence, so no 5-gram straddles it. A sequence
    break is stored as a 0 entry (no real 5-gram hashes to 0 in practice)."""
    spans = sorted((s.start, s.end) for s in excluded)
    out: list[int] = []
    seq: list[str] = []
    k = 0
    low = text.lower()

    def flush() -> None:
        for i in range(len(seq) - GRAM + 1):
            out.append(hash(" ".join(seq[i:i + GRAM])))
        if out and out[-1] != 0:
            out.append(0)
        seq.clear()

    for m in TOKEN.finditer(low):
        while k < len(spans) and spans[k][1] <= m.start():
            k += 1
        if k < len(spans) and spans[k][0] <= m.start():
            if seq:
                flush()
            continue
        seq.append(m.group())
    flush()
    return np.asarray(out, dtype=np.int64)


def _covered_tokens(grams: np.ndarray, present: np.ndarray) -> tuple[int, int]:
    """(own tokens of the article, tokens inside shared runs of at least RUN_MIN_TOKENS)."""
    real = grams != 0
    # each maximal sequence of n real grams holds n + GRAM - 1 tokens
    edges = np.diff(np.concatenate(([0], real.astype(np.int8), [0])))
    starts, ends = np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0]
    total = int(((ends - starts) + GRAM - 1).sum())
    hit = present & real
    edges = np.diff(np.concatenate(([0], hit.astype(np.int8), [0])))
    rs, re_ = np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0]
    lengths = (re_ - rs) + GRAM - 1
    return total, int(lengths[lengths >= RUN_MIN_TOKENS].sum())


def passage_share(a: np.ndarray, b: np.ndarray) -> float:
    """Share of A's own tokens that lie in runs shared with B (``a``, ``b``: :func:`own_grams`)."""
    if len(a) == 0 or len(b) == 0:
        return 0.0
    total, covered = _covered_tokens(a, np.isin(a, b))
    return covered / total if total else 0.0
