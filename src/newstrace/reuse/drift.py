"""Quote drift: the same quote, or the same speaker's quote, worded differently in two articles.

Quotes are compared as word sequences (case and edge punctuation ignored) with difflib;
a pair is the same quote when its similarity ratio, or the share of the shorter quote
found in the longer, is high enough, and it drifted when the words are not identical.
``changes`` is a short word-level diff: ``-removed`` / ``+added`` chunks in order.
"""
from __future__ import annotations

import difflib
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


def find_drift(arts: list[IndexedArticle], copy_pairs: list[tuple[int, int]] = (),
               order: dict[int, int] | None = None) -> list[Drift]:
    """Quote drift, bounded by the number of quotations (never pairs of a family or a story):

    * along each copy in a family (``copy_pairs``: (source, copy) indexes), the copy's
      quotes against its source's;
    * across the whole run, quotations are grouped by their wording (MinHash LSH on their
      words): in each group every occurrence worded differently from the group's most common
      wording (the earliest such occurrence in ``order``, article index → rank) gets one drift
      record against it, where both speakers agree or one is unknown. A quote repeated by 200
      outlets is one group and at most 199 records, not 20,000 pairs."""
    out: list[Drift] = []
    seen: set[tuple[str, str, Span, Span]] = set()

    def add(d: Drift) -> None:
        key = (d.a, d.b, d.a_span, d.b_span)
        if key not in seen:
            seen.add(key)
            out.append(d)

    for src, cp in copy_pairs:
        for d in drift_between(arts[src], arts[cp]):
            add(d)
    for d in _quote_group_drift(arts, order or {}):
        add(d)
    return out


#: MinHash LSH of quotations' word sets: quotes at this Jaccard or more fall in one group.
GROUP_JACCARD = 0.5
_PERM = 64


def _quote_group_drift(arts: list[IndexedArticle], order: dict[int, int]) -> list[Drift]:
    from datasketch import MinHash, MinHashLSH

    occ: list[tuple[int, Span, list[str]]] = [(k, q, ws) for k, a in enumerate(arts) for q, ws in _quotes(a)]
    if len(occ) < 2:
        return []
    sets = [{w.lower().replace("’", "'") for w in ws} for _, _, ws in occ]
    hashes = MinHash.bulk([[w.encode("utf-8") for w in s_] for s_ in sets], num_perm=_PERM)
    lsh = MinHashLSH(threshold=GROUP_JACCARD, num_perm=_PERM)
    parent = list(range(len(occ)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for n, m in enumerate(hashes):
        # leader clustering: a quote joins the first group whose leader it resembles, else it
        # leads a new group; only leaders are indexed, so a quote repeated by every outlet
        # costs one lookup per occurrence, not a list of all its repeats
        found = lsh.query(m)
        if found:
            parent[n] = find(min(found))
        else:
            lsh.insert(n, m)
    groups: dict[int, list[int]] = defaultdict(list)
    for n in range(len(occ)):
        groups[find(n)].append(n)
    out: list[Drift] = []
    for members in groups.values():
        if len({occ[n][0] for n in members}) < 2:
            continue
        wording: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for n in members:
            wording[tuple(_norm(occ[n][2]))].append(n)
        def rank(n: int) -> tuple[int, int]:
            return order.get(occ[n][0], occ[n][0]), occ[n][1].start

        # the most common wording; among equals, the one quoted first
        canon_words = min(wording, key=lambda w: (-len(wording[w]), min(rank(n) for n in wording[w])))
        c = min(wording[canon_words], key=rank)
        ck, cspan, cws = occ[c]
        for w, ns in wording.items():
            if w == canon_words:
                continue
            for n in ns:
                k, span, ws = occ[n]
                if k == ck:
                    continue
                ratio, contain = similarity(cws, ws)
                if max(ratio, contain) < MIN_SIMILARITY:
                    continue
                spk_c, spk_n = _speaker(arts[ck], cspan), _speaker(arts[k], span)
                if spk_c and spk_n and spk_c != spk_n:
                    continue
                out.append(Drift(a=arts[ck].id, b=arts[k].id, a_span=cspan, b_span=span, speaker=spk_c or spk_n,
                                 similarity=ratio, changes=word_diff(cws, ws)))
    return out
