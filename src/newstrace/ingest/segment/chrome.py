"""Page chrome: the text of a split page that belongs to no article.

On every split, text that belongs to no article is left out: a table of contents, masthead
or intro before the first article, a box of short glued lines closing an article (an
advertisement between two articles, an e-mail footer after the last).
"""
from __future__ import annotations

from ...model import Span
from .articles import Segment
from .lines import _Line
from .rules import _rules
from .shapes import _final_char, _is_prose, _norm, _starts_like_title, is_title_shaped


def _is_chrome(lines: list[_Line]) -> bool:
    """Whether the lines before a page's first article are page chrome (a masthead, an issue
    number, a date): none is prose and none is headline-shaped (a headline there would be the
    page's own, over one article)."""
    return not any(_is_prose(ln.text) or is_title_shaped(ln.text) for ln in lines)


def _is_table_of_contents(text: str, segs: list[Segment]) -> bool:
    """Whether the first segment lists the titles of the segments after it (a newsletter's
    "In this issue" block): at least two of them, and at least half, occur in its text."""
    later = [s.title.text(text) for s in segs[1:] if s.title is not None]
    first = _norm(text[(segs[0].title or segs[0].body).start:segs[0].body.end])
    hits = sum(_norm(t) in first for t in later if len(t.split()) >= 2)
    return hits >= 2 and 2 * hits >= len(later)


def _has_sentence(lines: list[_Line], span: Span) -> bool:
    """Whether the page's (logical) lines inside ``span`` hold prose: a sentence of at least
    ``sentence_min_words`` words ending in . ! or ?, or a line as long as a paragraph."""
    r = _rules()
    for ln in lines:
        if not (span.start <= ln.span.start and ln.span.end <= span.end):
            continue
        words = ln.text.split()
        if (len(words) >= r.sentence_min_words and _final_char(ln.text) in {".", "!", "?"}) \
                or len(ln.text) >= 2 * r.prose_min_chars:
            return True
    return False


def _drop_preamble(text: str, segs: list[Segment], lines: list[_Line]) -> list[Segment]:
    """The segments without a first one that is page chrome rather than an article: a table of
    contents of the articles below it, or lines none of which is prose (a masthead, a date
    line, a list of links) over at least ``bare_min_boundaries`` articles. Where the first
    segment has no title and opens with such chrome (:func:`_is_chrome`) over a headline-shaped
    line set off by blank lines, that line is its title and the chrome is cut off. Such text
    belongs to no article. ``lines``: the page's logical lines (a hard-wrapped paragraph is
    one line)."""
    if len(segs) >= _rules().bare_min_boundaries + 1 and (
            _is_table_of_contents(text, segs) or not _has_sentence(lines, segs[0].body)):
        return segs[1:]
    if segs[0].title is None and len(segs) > 1:
        # the first article found no title: page chrome over a headline-shaped line is the
        # page's masthead over the first article's title
        inside = [ln for ln in lines if segs[0].body.start <= ln.span.start and ln.span.end <= segs[0].body.end]
        k = next((k for k, ln in enumerate(inside) if _is_prose(ln.text) or is_title_shaped(ln.text)), 0)
        if (0 < k < len(inside) - 1 and is_title_shaped(inside[k].text) and inside[k].blank_before > 0
                and inside[k + 1].blank_before > 0):
            return [Segment(Span(inside[k + 1].span.start, segs[0].body.end), inside[k].span), *segs[1:]]
    return segs


def _trim_trailing_blocks(text: str, segs: list[Segment], lines: list[_Line]) -> list[Segment]:
    """The segments with each body's closing block cut off where it is page chrome rather than
    article text: a block of at least ``chrome_block_min_lines`` lines glued by single newlines,
    none as long as a paragraph, each opening like a line of its own (a capital or digit: no
    sentence wrapped on to it), after a blank line (an advertisement between two articles, an
    e-mail footer after the last). Article paragraphs are separated by blank lines on such a
    page; a stack of short glued lines is a box set into it. (Of the 924 PolNeAR articles,
    one ends so, in a list of related headlines.) ``lines``: the page's logical lines."""
    r = _rules()
    out = []
    for seg in segs:
        inside = [ln for ln in lines if seg.body.start <= ln.span.start and ln.span.end <= seg.body.end]
        opens = [k for k, ln in enumerate(inside) if k > 0 and ln.blank_before > 0]
        if opens:
            block = inside[opens[-1]:]
            if (len(block) >= r.chrome_block_min_lines
                    and all(ln.blank_before == 0 and _starts_like_title(ln.text.lstrip("—–-•·* "))
                            for ln in block[1:])
                    and all(len(ln.text) < 2 * r.prose_min_chars for ln in block)):
                seg = Segment(Span(seg.body.start, inside[opens[-1] - 1].span.end), seg.title)
        out.append(seg)
    return out


def _split_intro_at_gap(text: str, segs: list[Segment], lines: list[_Line]) -> list[Segment]:
    """The first segment cut where a line inside it is set off as the page's articles are:
    where every later title has the same number of blank lines before it, more than any
    paragraph inside the articles has, a headline-shaped line inside the first segment's
    body with that many blank lines before it opens an article the rules missed; where the
    articles are not set off so, a headline-shaped line inside it with more blank lines
    before it than any line outside it does (a "view in browser" line over a welcome note
    was read as the first title and body; a wider gap sets the note off). Where the rules took
    a sentence for the first title, the body's first line may be that line. What comes before
    it is page chrome if its body is shorter than ``article_min_body_chars``, else an
    article of its own."""
    r = _rules()
    if len(segs) < r.bare_min_boundaries + 1 or segs[0].title is None:
        return segs
    at = {ln.span.start: ln for ln in lines}
    first = segs[0]
    # the body's first line counts where the rules took a sentence for the first title (a
    # welcome note read as a headline over the first article's title)
    from_first = not is_title_shaped(first.title.text(text))
    inside = [k for k, ln in enumerate(lines)
              if (first.body.start < ln.span.start or (from_first and first.body.start == ln.span.start))
              and ln.span.end <= first.body.end]
    gaps = {at[g.title.start].blank_before for g in segs[1:] if g.title is not None and g.title.start in at}
    inner = max((ln.blank_before for g in segs[1:] for ln in lines
                 if g.body.start < ln.span.start and ln.span.end <= g.body.end), default=0)
    # the articles' own gap, where it sets them off; else a gap wider than any other on the
    # page, which sets the intro off from the articles
    gap = gaps.pop() if len(gaps) == 1 and min(gaps) > inner else None
    outside = set(inside)
    widest = max((ln.blank_before for k, ln in enumerate(lines) if k not in outside), default=0)
    for k in inside[:-1]:
        ln = lines[k]
        set_off = ln.blank_before == gap if gap is not None else ln.blank_before > widest
        if set_off and is_title_shaped(ln.text) and lines[k + 1].blank_before < ln.blank_before:
            rest = Segment(Span(lines[k + 1].span.start, first.body.end), ln.span)
            if ln.span.start == first.body.start:  # the "title" above was the intro
                return [rest, *segs[1:]] if len(first.title) < r.article_min_body_chars else segs
            before = Span(first.body.start, lines[k - 1].span.end)
            if len(before) < r.article_min_body_chars:
                return [rest, *segs[1:]]
            return [Segment(before, first.title), rest, *segs[1:]]
    return segs


def _without_chrome(text: str, segs: list[Segment], lines: list[_Line]) -> list[Segment]:
    """A split page's segments without the text that belongs to no article (``lines``: the
    page's logical lines, :func:`_unwrap`)."""
    segs = _drop_preamble(text, _split_intro_at_gap(text, segs, lines), lines)
    return _trim_trailing_blocks(text, segs, lines)
