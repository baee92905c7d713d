"""Quote drift: the same quote, or the same speaker's quote, worded differently in two articles.

Quotes are compared as word sequences (case and edge punctuation ignored) with difflib;
a pair is the same quote when its similarity ratio, or the share of the shorter quote
found in the longer, is high enough, and it drifted when the words are not identical.
``changes`` is a short word-level diff: ``-removed`` / ``+added`` chunks in order.
"""
from __future__ import annotations

import difflib
import itertools
import re
from collections import defaultdict

from ..model import Drift, Span
from .corpus import IndexedArticle

_TOKEN = re.compile(r"\S+")
_EDGE = "\"'“”‘’«»„.,;:!?()[]—–-…"
MIN_WORDS = 3
MIN_SIMILARITY = 0.6
MAX_CHANGES_CHARS = 300


def quote_words(text: str) -> list[str]:
    toks = [t.strip(_EDGE) for t in _TOKEN.findall(text)]
    return [t for t in toks if t]


def _norm(ws: list[str]) -> list[str]:
    return [w.lower().replace("’", "'") for w in ws]


def similarity(a: list[str], b: list[str]) -> tuple[float, float]:
    """(difflib ratio, share of the shorter quote's words matched in order)."""
    if not a or not b:
        return 0.0, 0.0
    sm = difflib.SequenceMatcher(a=_norm(a), b=_norm(b), autojunk=False)
    matched = sum(bl.size for bl in sm.get_matching_blocks())
    return sm.ratio(), matched / min(len(a), len(b))


def word_diff(a: list[str], b: list[str]) -> str:
    """Short word-level diff from a to b, e.g. ``-On -Ukraine -we +We``-style chunks."""
    sm = difflib.SequenceMatcher(a=_norm(a), b=_norm(b), autojunk=False)
    parts = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op in ("replace", "delete"):
            parts.append("-[" + " ".join(a[i1:i2]) + "]")
        if op in ("replace", "insert"):
            parts.append("+[" + " ".join(b[j1:j2]) + "]")
    out = " ".join(parts)
    return out if len(out) <= MAX_CHANGES_CHARS else out[: MAX_CHANGES_CHARS - 1] + "…"


def _quotes(art: IndexedArticle) -> list[tuple[Span, list[str]]]:
    out = []
    for q in art.quotes:
        ws = quote_words(art.text[q.start:q.end])
        if len(ws) >= MIN_WORDS:
            out.append((q, ws))
    return out


def _speaker(art: IndexedArticle, span: Span) -> str | None:
    for s, name in art.speakers.items():
        if s.overlaps(span):
            return name
    return None


def drift_between(a: IndexedArticle, b: IndexedArticle, same_speaker_only: bool = False) -> list[Drift]:
    """For each quote of a, its best match among b's quotes, if same but reworded."""
    out = []
    qb = _quotes(b)
    for sa, wa in _quotes(a):
        best = None
        for sb, wb in qb:
            ratio, contain = similarity(wa, wb)
            score = max(ratio, contain)
            if score >= MIN_SIMILARITY and (best is None or score > best[0]):
                best = (score, ratio, sb, wb)
        if best is None:
            continue
        _, ratio, sb, wb = best
        if _norm(wa) == _norm(wb):
            continue
        spk_a, spk_b = _speaker(a, sa), _speaker(b, sb)
        if same_speaker_only and not (spk_a and spk_a == spk_b):
            continue
        out.append(Drift(a=a.id, b=b.id, a_span=sa, b_span=sb, speaker=spk_a or spk_b,
                         similarity=ratio, changes=word_diff(wa, wb)))
    return out


def find_drift(arts: list[IndexedArticle], families: list[list[int]], max_group: int = 50) -> list[Drift]:
    """Drift within each family, plus between same-speaker quotes of articles that are in
    no common family (only where the attribution stage named the speaker)."""
    out: list[Drift] = []
    seen: set[tuple[int, int]] = set()
    for fam in families:
        for i, j in itertools.combinations(sorted(fam), 2):
            seen.add((i, j))
            out.extend(drift_between(arts[i], arts[j]))
    by_speaker: dict[str, set[int]] = defaultdict(set)
    for k, a in enumerate(arts):
        for name in a.speakers.values():
            by_speaker[name].add(k)
    for members in by_speaker.values():
        if len(members) > max_group:
            continue
        for i, j in itertools.combinations(sorted(members), 2):
            if (i, j) not in seen:
                seen.add((i, j))
                out.extend(drift_between(arts[i], arts[j], same_speaker_only=True))
    return out
