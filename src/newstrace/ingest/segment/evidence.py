"""Page-level evidence that a split's "articles" are the sections of one article.

A layout may find titles where a single web page has subheads, gallery captions or the posts
of a live blog; the line shapes alone cannot tell them apart, but the page as a whole can.
:func:`_sections_of_one_article` vetoes a split (the page stays whole) where:

* two of its articles have the same title (a gallery headline printed over each photo);
* an article's title stands right under a bare clock time ("09:51", "9:50 a.m."): the post
  head of a live blog, one page's running story;
* the page's own head carries what one article's head carries — a byline, a timestamp, a
  photo credit, a share bar, a comment count (page furniture, :mod:`newstrace.ingest.furniture`)
  — before its first prose line, and no other "article" has any such line in its head: one
  article's metadata over the page, then its subheads. (Where every article of an aggregator
  page has a byline or date under its title, so do the others; where none has, neither has
  the first.)
"""
from __future__ import annotations

import re
from bisect import bisect_left

from .articles import Segment
from .lines import _Line
from .rules import _rules
from .shapes import _final_char, _is_byline, _is_prose, _norm

# "09:51", "9:50 a.m.", "10:15 AM ET": a clock time alone on its line.
_CLOCK_LINE = re.compile(r"^\d{1,2}[:.]\d\d\s*(?:[ap]\.?\s?m\.?)?\s*(?:[A-Z]{2,4})?$", re.IGNORECASE)

#: The furniture of an article's head: who wrote it, when, its photo, its share bar and
#: comment count (a site's navigation or a newsletter prompt says nothing of one article).
_HEAD_KINDS = frozenset({"byline", "dateline", "credit", "caption-credit", "caption", "share", "comment", "gallery"})

#: How many lines under a title its head may hold before the first prose line.
_HEAD_MAX_LINES = 8


def _head(lines: list[_Line], starts: list[int], seg: Segment) -> list[_Line]:
    """The lines of an article (``seg``) under its title before its first paragraph: a prose
    line of at least twice ``prose_min_chars`` that is no furniture (a standfirst or a
    highlight is shorter); at most ``_HEAD_MAX_LINES``. ``starts``: where the lines start."""
    first = max(seg.body.start, seg.title.end if seg.title is not None else 0)
    out = []
    for ln in lines[bisect_left(starts, first):]:
        if ln.span.end > seg.body.end or len(out) >= _HEAD_MAX_LINES:
            break
        if _is_prose(ln.text) and not ln.furniture and len(ln.text) >= 2 * _rules().prose_min_chars:
            break
        out.append(ln)
    return out


def _is_metadata(ln: _Line, title: str) -> bool:
    """Whether a line in an article's head may be its metadata: page furniture, a byline or
    date, or any short line that is no sentence and leads into nothing ("Jane Roe,
    2016-09-16", a standfirst); the title printed again is not."""
    t = ln.text
    if _norm(t) == _norm(title) or (t[:1] in "([" and t[-1:] in ")]"):
        return False  # (nor is a stage direction, "(OVERTALK)")
    return bool(ln.furniture) or _is_byline(t) or (len(t.split()) <= 12 and _final_char(t) not in {".", "!", "?", ":"})


def _sections_of_one_article(text: str, segs: list[Segment], lines: list[_Line]) -> bool:
    """Whether a split (``segs``, at least two) reads as one article's sections (see the module
    docstring). ``lines``: the page's logical lines."""
    if len(segs) < 2:
        return False
    titles = [_norm(s.title.text(text)) for s in segs if s.title is not None]
    if len(set(titles)) < len(titles):
        return True
    starts = [ln.span.start for ln in lines]
    at = {start: k for k, start in enumerate(starts)}
    idx = [at.get(s.title.start) if s.title is not None else None for s in segs]
    if any(k is not None and k > 0 and _CLOCK_LINE.match(lines[k - 1].text) for k in idx[1:]):
        return True
    if not any(ln.furniture in _HEAD_KINDS and not _CLOCK_LINE.match(ln.text) for ln in _head(lines, starts, segs[0])):
        return False
    return not any(_is_metadata(ln, s.title.text(text) if s.title else "")
                   for s in segs[1:] for ln in _head(lines, starts, s))
