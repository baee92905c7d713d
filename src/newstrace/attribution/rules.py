"""A rule baseline: quote marks plus reporting verbs, sentence by sentence.

Kept as the simpler alternative the tagger is measured against
(``evaluate_polnear(dir, system="rules")`` in :mod:`newstrace.eval.attribution`). Rules:

* A sentence (split at ``. ! ?`` followed by space and a capital or quote, or at line breaks)
  holding a reporting verb from ``reporting_verbs.txt`` is an attribution with that verb as cue.
* If the sentence holds a quotation (:func:`.quotes.find_quotes`), the quotation is the content
  and the source is the words between the quotation and the verb (``"…," Smith said``) or
  the words before the verb (``Smith said: "…"``).
* Otherwise, with the verb after a comma at the end (``…, Smith said.``) the content is the
  part before the comma; else the source is what precedes the verb and the content follows it.

Hand-written because it is a baseline: its point is to be simple.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ..model import Article, Attribution, Span
from .decode import kind_of
from .quotes import find_quotes

_SENT_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’)]))\s+(?=[\"“‘(A-Z0-9])|\n+")


@lru_cache(maxsize=1)
def _verb_pattern() -> re.Pattern:
    words = [w.strip() for w in (Path(__file__).with_name("reporting_verbs.txt")).read_text(encoding="utf-8").splitlines()
             if w.strip() and not w.startswith("#")]
    words.sort(key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)


def sentences(text: str) -> list[Span]:
    out, s = [], 0
    for m in _SENT_END.finditer(text):
        if m.start() > s:
            out.append(Span(s, m.start()))
        s = m.end()
    if s < len(text):
        out.append(Span(s, len(text)))
    return [sp for sp in (x.strip(text) for x in out) if len(sp)]


def _clean(span: Span, text: str) -> Span | None:
    s, e = span.start, span.end
    while s < e and (text[s].isspace() or text[s] in ",:;—–-"):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",:;—–-."):
        e -= 1
    return Span(s, e) if e > s else None


def rule_attributions(article: Article) -> list[Attribution]:
    text = article.text
    quotes = find_quotes(text)
    verb = _verb_pattern()
    found: list[tuple[Span | None, Span, Span]] = []
    for sent in sentences(text):
        m = verb.search(text, sent.start, sent.end)
        if not m:
            continue
        cue = Span(m.start(), m.end())
        qs = [q.span for q in quotes if sent.start <= q.span.start < sent.end and not q.span.overlaps(cue)]
        if qs:
            content = Span(qs[0].start, qs[-1].end) if qs[-1].end <= cue.start or qs[0].start >= cue.end else qs[0]
            if content.end <= cue.start:
                source = _clean(Span(content.end, cue.start), text) if cue.start - content.end < 60 else None
                if source is None or not source:
                    tail = _clean(Span(cue.end, sent.end), text)
                    source = tail if tail and len(tail) < 60 else None
            else:
                source = _clean(Span(sent.start, min(cue.start, content.start)), text)
        else:
            before = _clean(Span(sent.start, cue.start), text)
            comma = text.rfind(",", sent.start, cue.start)
            if comma > sent.start and cue.start - comma < 60 and sent.end - cue.end < 40:
                content = _clean(Span(sent.start, comma), text)
                source = _clean(Span(comma + 1, cue.start), text)
            else:
                after = Span(cue.end, sent.end)
                content = _clean(after, text)
                source = before
        if content is None:
            continue
        found.append((source, cue, content))
    out = []
    for n, (source, cue, content) in enumerate(sorted(found, key=lambda t: t[2]), start=1):
        out.append(Attribution(article.id, f"{article.id}:a{n}", content, kind_of(content, text), source, cue))
    return out
