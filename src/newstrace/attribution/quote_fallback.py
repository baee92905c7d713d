"""Quote-mark fallback: quotations the tagger left untouched, tied to a nearby cue.

PolNeAR has few attributions introduced by nouns ("whose emphasis on ‘…’", "his remark that
‘…’"), so the tagger can miss them. A closed quotation of four or more words that overlaps no
tagged span gets an attribution when its sentence offers a cue: a tagged cue in the same
sentence, else the nearest introducer word (``introducers.txt``) before the quotation in that
sentence. Its source is the tagged source nearest that cue in the sentence, if any. Without a
cue nothing is added (precision first: scare quotes and titles stay unattributed).
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ..model import Span
from .decode import Linked, RoleSpan
from .quotes import find_quotes

_SENT_BREAK = re.compile(r"[.!?][\"”’]?\s+(?=[\"“‘A-Z])|\n")
MIN_WORDS = 4


@lru_cache(maxsize=1)
def _introducers() -> re.Pattern:
    words = [w.strip() for w in Path(__file__).with_name("introducers.txt").read_text(encoding="utf-8").splitlines()
             if w.strip() and not w.startswith("#")]
    words.sort(key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)


def _sentence(text: str, span: Span) -> Span:
    """The sentence around ``span``, from the last break before it to the first break after it."""
    start = 0
    for m in _SENT_BREAK.finditer(text, max(0, span.start - 600), span.start):
        start = m.end()
    m = _SENT_BREAK.search(text, span.end)
    return Span(start, m.start() + 1 if m else len(text))


def fallback_links(text: str, spans: list[RoleSpan]) -> list[Linked]:
    """Extra attributions for untouched closed quotations (see module doc)."""
    out = []
    taken = [r.span for r in spans]
    for q in find_quotes(text):
        if not q.closed or len(text[q.inner.start:q.inner.end].split()) < MIN_WORDS:
            continue
        if any(q.span.overlaps(t) for t in taken):
            continue
        sent = _sentence(text, q.span)
        cues = [r.span for r in spans if r.role == "cue" and sent.contains(r.span)]
        cue = min(cues, key=lambda c: abs(c.start - q.span.start), default=None)
        if cue is None:
            found = [m for m in _introducers().finditer(text, sent.start, q.span.start)]
            if found and q.span.start - found[-1].end() <= 40:
                cue = Span(found[-1].start(), found[-1].end())
        if cue is None:
            continue
        sources = [r.span for r in spans if r.role == "source" and sent.contains(r.span)]
        source = min(sources, key=lambda s: abs(s.start - cue.start), default=None)
        out.append(Linked(source, cue, q.span, [q.span]))
        taken.append(q.span)
    return out
