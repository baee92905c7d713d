"""An article found on a page: as the API gives it (:class:`Segment`, spans in the page) and as
the line layouts find it (:class:`_Piece`, line indices), with what measures and builds them.
"""
from __future__ import annotations

from dataclasses import dataclass

from ...model import Span
from .lines import _Line
from .rules import _rules
from .shapes import _norm


@dataclass(frozen=True, slots=True)
class Segment:
    """One article found on a page: ``text[body]`` becomes ``Article.text``."""

    body: Span          # the article's text span in the page (what becomes Article.text)
    title: Span | None  # the title's span in the page, if any


@dataclass(frozen=True, slots=True)
class _Piece:
    """An article as line indices: optional title line, body lines ``[body_start, body_end)``."""

    title: int | None
    body_start: int
    body_end: int


def _skip_repeat(lines: list[_Line], title: int, end: int) -> int:
    """Index of the first body line after a title (and its repetition, if the page repeats it)."""
    j = title + 1
    if j < end and _norm(lines[j].text) == _norm(lines[title].text):
        j += 1
    return j


def _body_chars(lines: list[_Line], a: int, b: int) -> int:
    return sum(len(ln.text) for ln in lines[a:b])


def _has_chars(lines: list[_Line], a: int, b: int, n: int) -> bool:
    """``_body_chars(lines, a, b) >= n``, stopping as soon as it is known."""
    total = 0
    for i in range(a, b):
        total += len(lines[i].text)
        if total >= n:
            return True
    return n <= 0


def _articles_at(spans: list[Span], titles: list[int], skip: int) -> list[Segment] | None:
    """One article per title line (indices into ``spans``, the page's line spans in order):
    its body runs from the line ``skip`` lines under the title to the line before the next
    title (or the page's last line). ``None`` if an article has no body or one shorter than
    ``article_min_body_chars``: then the page is not of the layout that found the titles."""
    segs = []
    for n, k in enumerate(titles):
        last = (titles[n + 1] if n + 1 < len(titles) else len(spans)) - 1
        if last < k + skip:
            return None
        body = Span(spans[k + skip].start, spans[last].end)
        if len(body) < _rules().article_min_body_chars:
            return None
        segs.append(Segment(body, spans[k]))
    return segs


def _cut_at_titles(text: str, segs: list[Segment], other: list[Segment]) -> list[Segment]:
    """``segs`` with each one cut where a title of ``other`` falls inside its body: the part
    before keeps the segment's title, the part from that title on is a new segment (its body
    as ``other`` has it, ending where the cut segment ended)."""
    out = []
    cuts = sorted((o for o in other if o.title is not None), key=lambda o: o.title.start)
    for seg in segs:
        inside = [o for o in cuts if seg.body.start < o.title.start and o.title.end <= seg.body.end]
        cur = seg
        for o in inside:
            before = Span(cur.body.start, o.title.start).strip(text)
            out.append(Segment(before, cur.title))
            cur = Segment(Span(o.body.start, seg.body.end), o.title)
        out.append(cur)
    return out
