"""Quoted passages for rewrite analysis, independent of the attribution tagger.

Rewrite analysis needs quotes even when no attribution model ran (``same-quote`` links,
quote drift). They come from the one quote scanner of the project,
:func:`newstrace.attribution.quotes.find_quotes` (curly, straight and unbalanced marks,
apostrophes, pairing never crossing a paragraph), keeping only what a comparison between
articles can use: closed quotations, outermost only (a single-quoted phrase inside a
double-quoted one is part of it), of at least ``min_words`` words. It never raises.
"""
from __future__ import annotations

from ..attribution.quotes import find_quotes as _scan
from ..model import Span


def find_quotes(text: str, min_words: int = 2) -> list[Span]:
    """Spans of quoted content (between the marks, whitespace stripped) of every closed
    quotation of at least ``min_words`` words, sorted and disjoint."""
    if not text:
        return []
    closed = sorted((q for q in _scan(text) if q.closed), key=lambda q: (q.span.start, -q.span.end))
    out: list[Span] = []
    reach = -1
    for q in closed:
        if q.span.start < reach:  # nested inside (or overlapping) a quotation already kept
            continue
        reach = q.span.end
        inner = q.inner.strip(text)
        if len(text[inner.start:inner.end].split()) >= min_words:
            out.append(inner)
    return out
