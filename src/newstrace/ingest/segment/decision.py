"""The page-level decision: which layout's split a page gets, tried from two ordered lists.

:func:`segment_rules` finds the splits of the line layouts (separator lines, numbered titles,
bare titles) and takes the first answer of :data:`_RULE_LAYOUTS`. :func:`segment_page` tries
:data:`_PAGE_LAYOUTS` in order, the rules' split among them, and keeps the first that finds the
page's articles; where none does, the page stays whole. An intro before the first article
hides its title from the rules, which are tried again on the rest
(:func:`_rules_after_intro`). Each entry of a list names a layout and the function that tries
it: the function gets what it needs of the page (:class:`_LineSplits`, :class:`_Page`) and
returns its split, or ``None`` to pass the page on to the next entry.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from ...model import Span
from ..segment_model import learned_split
from .articles import Segment, _cut_at_titles, _Piece
from .bare_titles import _bare_layout
from .chrome import _trim_trailing_blocks, _without_chrome
from .evidence import _sections_of_one_article
from .lines import _drop_kickers, _furniture_at, _Line, _lines, _recurring_closing_lines, _unwrap
from .numbered_titles import _NUMBERED, _numbered_layout
from .page_layouts import (_indented_layout, _listed_titles_layout, _mask_line_prefix, _run_in_layout,
                           _stacked_block_layout, _underlined_layout)
from .rules import _rules
from .separator import _separator_layout
from .shapes import _final_char, _is_byline, _is_title_after_separator, _norm, _titlecase_ratio, is_title_shaped


def _is_page_headline(s: str) -> bool:
    """Whether a page's first line reads as its headline: headline-shaped, or a title-case
    headline exported with a full stop (as in PolNeAR's files)."""
    if is_title_shaped(s):
        return True
    words = s.split()
    return (_final_char(s) == "." and len(words) <= 20 and len(s) <= _rules().title_max_chars
            and _titlecase_ratio(words) >= _rules().titlecase_strong and "://" not in s)


def _first_line_title(lines: list[_Line]) -> Span | None:
    """The title of an unsplit page: its first non-empty line, if it reads as a headline."""
    if len(lines) < 2:
        return None
    return lines[0].span if _is_page_headline(lines[0].text) and not lines[0].furniture else None


# ------------------------------------------------------------------------------ the rules

@dataclass(frozen=True, slots=True)
class _LineSplits:
    """What the line layouts find on a page's logical lines: each one's split, or ``None``, and
    how many kinds of layout evidence mark the bare titles (0: title shape alone)."""

    lines: list[_Line]
    separator: list[_Piece] | None
    numbered: list[_Piece] | None
    bare: list[_Piece] | None
    bare_level: int


def _numbered_titles(s: _LineSplits) -> list[_Piece] | None:
    """The numbered-title split if it finds at least as many articles as the separator split
    (a counter running through the titles is the stronger evidence: a short line such as
    "Related:" that two articles share is not)."""
    numbered, sep = s.numbered, s.separator
    if numbered is None or (sep is not None and len(numbered) < len(sep)):
        return None
    if sep is not None and [p.title for p in sep] == [p.title for p in numbered]:
        return sep  # the same titles, after separator lines: those belong to no article
    return numbered


def _bare_over_closing_line(s: _LineSplits) -> list[_Piece] | None:
    """The bare-title split where the separator split's "separator" reads as a sentence (a
    sign-off such as "Follow X on Twitter @x." that two articles of one author share; a
    navigation label or rule does not end in a full stop) or is byline- or date-shaped (a
    credit line closing two articles), and the bare-title split finds every one of its titles
    and more."""
    sep, bare, lines = s.separator, s.bare, s.lines
    if sep is None or bare is None:
        return None
    sep_line = lines[sep[1].title - 1].text if sep[1].title is not None else ""
    sign_off = _final_char(sep_line) == "." and len(sep_line.split()) >= 3
    # A date or credit line ("Politico — 14 January 2016") that two articles happen to share
    # closes an article; it is not a separator either.
    # So is a recurring closing line ("Read the full story at Politico") that two articles of
    # one source share word for word.
    credit = _is_byline(sep_line) or (sep[1].title - 1) in _recurring_closing_lines(lines)
    sep_titles = {p.title for p in sep[1:]}
    bare_titles = {p.title for p in bare[1:]}
    if (sign_off or credit) and sep_titles < bare_titles:
        return bare
    return None


def _bare_over_shared_line(s: _LineSplits) -> list[_Piece] | None:
    """The bare-title split, marked by layout evidence, over a separator split whose
    "separator" is a short line that two articles happen to share."""
    sep, bare, lines = s.separator, s.bare, s.lines
    if sep is None or bare is None:
        return None
    sep_titles = {p.title for p in sep[1:]}
    bare_titles = {p.title for p in bare[1:]}
    # A short line that two articles happen to share ('"Related:"') against titles marked by
    # layout evidence (bylines, extra blank lines): if the bare split finds as many articles and
    # most of the "separator" titles are not among its titles, the line is no separator. (Its
    # titles must all differ: where extra blank lines set a real separator off, the bare
    # split's "titles" are the separator lines.)
    if (s.bare_level > 0 and len(bare) >= len(sep) and 2 * len(sep_titles & bare_titles) < len(sep_titles)
            and len({_norm(lines[t].text) for t in bare_titles}) == len(bare_titles)):
        return bare
    return None


def _separator_lines(s: _LineSplits) -> list[_Piece] | None:
    """The separator split."""
    return s.separator


def _bare_titles(s: _LineSplits) -> list[_Piece] | None:
    """The bare-title split, on a page without a separator split."""
    return s.bare


#: The rules' decision, in order: the first of these that answers is the rules' split.
#: Numbered titles win where they find at least as many articles as the separator; the
#: separator's split stands unless its line closes articles rather than separating them, or
#: is a short line two articles share against titles with layout evidence; bare titles split
#: a page without separator lines.
_RULE_LAYOUTS: tuple[tuple[str, Callable[[_LineSplits], list[_Piece] | None]], ...] = (
    ("numbered titles", _numbered_titles),
    ("bare titles over a closing line", _bare_over_closing_line),
    ("bare titles over a shared short line", _bare_over_shared_line),
    ("separator lines", _separator_lines),
    ("bare titles", _bare_titles),
)


def _line_splits(lines: list[_Line]) -> _LineSplits:
    sep = _separator_layout(lines)
    numbered = _numbered_layout(lines)
    bare_split = _bare_layout(lines)
    bare, bare_level = bare_split if bare_split is not None else (None, 0)
    return _LineSplits(lines, sep, numbered, bare, bare_level)


def segment_rules(text: str) -> list[Segment]:
    """Split a page into its articles by the rules alone (the line layouts, tried in the order
    of :data:`_RULE_LAYOUTS`).

    A page that is not an aggregator gives exactly one segment whose body is the whole text
    (``Span(0, len(text))``) and whose title is the first line if it is headline-shaped. An
    aggregator page gives one segment per article: the title line's span and the body after
    it, without separator lines. Never raises on odd input; degrades to one segment.
    """
    if not isinstance(text, str):
        raise TypeError("segment_rules expects str")
    whole = [Segment(Span(0, len(text)), None)]
    try:
        lines = _drop_kickers(_unwrap(_lines(text)))
        if not lines:
            return whole
        splits = _line_splits(lines)
        pieces = None
        for _name, layout in _RULE_LAYOUTS:
            pieces = layout(splits)
            if pieces is not None:
                break
        if not pieces:
            return [Segment(Span(0, len(text)), _first_line_title(lines))]
        segs = []
        for p in pieces:
            body = Span(lines[p.body_start].span.start, lines[p.body_end - 1].span.end)
            title = lines[p.title].span if p.title is not None else None
            segs.append(Segment(body, title))
        return segs
    except (ValueError, IndexError, RecursionError):  # pragma: no cover - defensive
        return whole


def _rules_after_intro(text: str, lines: list[_Line]) -> list[Segment] | None:
    """The rules' split of the page without its first one to ``intro_max_blocks`` blocks
    (paragraphs set off by blank lines, at most ``intro_max_chars`` characters in all), where
    the rest splits into at least ``bare_min_boundaries + 1`` articles: a newsletter's
    welcome note, a "view in browser" line or a masthead over the articles hides the page's
    first title from the rules, which want a page to open with one. The rest must open with a
    headline-shaped title, its titles must differ, and none may carry a counter (see below).
    The skipped text belongs to no article. (Otherwise the rules keep single articles whole
    whatever paragraph they open with: the ``body_only`` negatives.)"""
    r = _rules()
    opens = [ln.span.start for k, ln in enumerate(lines) if k > 0 and ln.blank_before > 0]
    for start in opens[:r.intro_max_blocks]:
        if start > r.intro_max_chars:
            break
        tail = text[start:]
        rest = segment_rules(tail)
        titles = [g.title.text(tail) for g in rest if g.title is not None]
        # The rest must open with a headline-shaped title (that is what the intro hid; a
        # sentence such as "Mr. Trump, I have a deal for you." is an article's first
        # paragraph, the intro its title and byline), its titles must all differ (a line
        # recurring inside the articles is no title), and none may carry a counter (an intro
        # over a numbered list is a listicle: "Things to know today: 1. ...").
        if (len(rest) >= r.bare_min_boundaries + 1 and rest[0].title is not None
                and is_title_shaped(titles[0]) and len({_norm(t) for t in titles}) == len(titles)
                and not any(_NUMBERED.match(t) for t in titles)):
            return [Segment(Span(g.body.start + start, g.body.end + start),
                            Span(g.title.start + start, g.title.end + start) if g.title else None)
                    for g in rest]
    return None


def _extend_rules_split(text: str, segs: list[Segment], listed: list[Segment] | None,
                        stacked: list[Segment] | None, lines: list[_Line]) -> list[Segment]:
    """The rules' split, or a page-level layout where it is the stronger evidence: a list of
    the titles before the articles that finds as many articles; stacks under the titles that
    find every title the rules found and more (the rules' segments are then cut at the
    other titles, those that are headline-shaped: position settles no doubt there)."""
    if listed and len(listed) >= len(segs):
        return _trim_trailing_blocks(text, listed, lines)
    if stacked and len(stacked) > len(segs) and {g.title for g in segs} <= {g.title for g in stacked}:
        shaped = [o for o in stacked if _is_title_after_separator(o.title.text(text))]
        return _trim_trailing_blocks(text, _cut_at_titles(text, segs, shaped), lines)
    return segs


def _learned_segments(text: str) -> list[Segment] | None:
    """The learned line classifier's split, if its first title reads as a headline by the
    test the rules give a page's first line: a lower-case line ("convention notebook") or a
    sentence ("It was a long night in the Senate.") over an article with subheads is no
    title; the rules open a page with such a line only on extra evidence, and the model is
    held to the same. A headline over numbered titles is a listicle (:func:`_is_listicle`)."""
    learned = learned_split(text)
    if learned is None or not _is_page_headline(learned[0][0].text(text)):
        return None
    furniture = _furniture_at(text)
    if any(title.start in furniture for title, _ in learned):
        return None  # page furniture ("Image 2 of 5", a related teaser) is no title
    titles = [title.text(text) for title, _ in learned]
    if _is_listicle(titles):
        return None
    return [Segment(body, title) for title, body in learned]


def _is_listicle(titles: list[str]) -> bool:
    """Whether titles read as one article's numbered items: all but the first carry a
    counter ("2. ...", "3) ..."), the first does not (the article's headline or intro over
    its list: "Things to know today", then "1. ...")."""
    return (len(titles) > 2 and not _NUMBERED.match(titles[0])
            and all(_NUMBERED.match(t) for t in titles[1:]))


# ------------------------------------------------------------------------------ the page

class _Page:
    """A page as the page-level layouts see it: its text, the rules' split, its logical lines
    and the layouts that compete with the rules' split, each found once, when first asked for."""

    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def rules(self) -> list[Segment]:
        return segment_rules(self.text)

    @cached_property
    def lines(self) -> list[_Line]:
        return _unwrap(_lines(self.text))

    @cached_property
    def listed(self) -> list[Segment] | None:
        return _listed_titles_layout(self.lines)

    @cached_property
    def stacked(self) -> list[Segment] | None:
        return _stacked_block_layout(self.lines)

    def without_chrome(self, segs: list[Segment] | None) -> list[Segment] | None:
        """A layout's split without the text that belongs to no article (:func:`_without_chrome`),
        or ``None`` where the layout found no split."""
        return None if segs is None else _without_chrome(self.text, segs, self.lines)


def _decorated_lines(page: _Page) -> list[Segment] | None:
    """A decoration on every line (:func:`_mask_line_prefix`): the page read without it,
    where that splits it."""
    masked = _mask_line_prefix(page.text)
    if masked is not None:
        inner = segment_page(masked)
        if len(inner) > 1:
            return inner
    return None


def _marked_titles(page: _Page) -> list[Segment] | None:
    """Indentation or underlining is the page's own mark of its titles where it holds
    throughout: the indented or underlined split, where it finds at least as many articles
    as the rules."""
    segs, lines = page.rules, page.lines
    marked = _indented_layout(page.text) or _underlined_layout(_lines(page.text))
    if marked is not None and len(marked) >= len(segs):
        return _trim_trailing_blocks(page.text, marked, lines)
    return None


def _rules_split(page: _Page) -> list[Segment] | None:
    """Where the rules split the page, their split stands, unless a list of the titles before
    the articles or stacks of short lines under the titles find more
    (:func:`_extend_rules_split`)."""
    # both are found here, whether or not the rules split the page: the layouts after this
    # one use them too
    listed, stacked = page.listed, page.stacked
    if len(page.rules) > 1:
        return _extend_rules_split(page.text, page.without_chrome(page.rules), listed, stacked, page.lines)
    return None


def _listed_titles(page: _Page) -> list[Segment] | None:
    """A list of the titles before the articles (:func:`_listed_titles_layout`)."""
    if page.listed is not None:
        return _trim_trailing_blocks(page.text, page.listed, page.lines)
    return None


def _run_in_titles(page: _Page) -> list[Segment] | None:
    """Titles run into their leads (:func:`_run_in_layout`)."""
    return page.without_chrome(_run_in_layout(page.text, page.lines))


def _learned_titles(page: _Page) -> list[Segment] | None:
    """The line classifier of :mod:`newstrace.ingest.segment_model` (:func:`_learned_segments`)."""
    return page.without_chrome(_learned_segments(page.text))


def _titles_after_intro(page: _Page) -> list[Segment] | None:
    """The rules' split of the page after an intro that hides its first title
    (:func:`_rules_after_intro`)."""
    return page.without_chrome(_rules_after_intro(page.text, page.lines))


def _stacked_titles(page: _Page) -> list[Segment] | None:
    """Stacks of short lines under the titles (:func:`_stacked_block_layout`)."""
    return page.without_chrome(page.stacked)


@dataclass(frozen=True, slots=True)
class _PageLayout:
    """One entry of :data:`_PAGE_LAYOUTS`: a name and the function that tries the layout."""

    name: str
    find: Callable[[_Page], list[Segment] | None]
    # An error while it is tried leaves the page to the rules' split. The decorated-line step
    # is tried before the rules, on another page whose own layouts are guarded so.
    guarded: bool = True


#: The page's decision, in order: the first layout that finds the page's articles wins; a
#: page that none of them splits keeps the rules' verdict (one segment, the page whole).
#: After the decorated lines and the page's own marks (indented or underlined titles), the
#: rules' split stands where there is one; where the rules keep the page whole, listed
#: titles, run-in titles, the learned split, the rules after an intro and, last, stacks
#: under the titles are tried.
_PAGE_LAYOUTS: tuple[_PageLayout, ...] = (
    _PageLayout("decorated lines", _decorated_lines, guarded=False),
    _PageLayout("indented or underlined titles", _marked_titles),
    _PageLayout("the rules' split", _rules_split),
    _PageLayout("listed titles", _listed_titles),
    _PageLayout("run-in titles", _run_in_titles),
    _PageLayout("learned split", _learned_titles),
    _PageLayout("titles after an intro", _titles_after_intro),
    _PageLayout("stacks under titles", _stacked_titles),
)


def segment_page(text: str) -> list[Segment]:
    """Split a page into its articles: the rules, the page-level layouts, the learned splitter,
    tried in the order of :data:`_PAGE_LAYOUTS`.

    1. A decoration on every line ("> " in a quoted e-mail) is read as blank where the page so
       read splits (:func:`_mask_line_prefix`); indented or underlined titles win where they
       find at least as many articles as the rules (:func:`_indented_layout`,
       :func:`_underlined_layout`).
    2. The line rules (:func:`segment_rules`); where they split the page, their split stands,
       unless a list of the titles before the articles or stacks of short lines under the
       titles find more (:func:`_extend_rules_split`).
    3. Where they keep it whole: a list of the titles before the articles
       (:func:`_listed_titles_layout`), then titles run into their leads
       (:func:`_run_in_layout`), then the line classifier of
       :mod:`newstrace.ingest.segment_model` (three or more articles, every line before the
       first title outside any article, its first title headline-like), then the rules after
       an intro (:func:`_rules_after_intro`), then stacks of short lines under the titles
       (:func:`_stacked_block_layout`; last, because a title printed twice over its stack
       would end the article above).
    4. On every split, text that belongs to no article is left out of every segment
       (:func:`_without_chrome`): a table of contents or masthead before the first article,
       a box of short glued lines closing an article (an advertisement, an e-mail footer).
    5. A split whose "articles" read as one article's sections on the evidence of the whole
       page (:func:`_sections_of_one_article`) is passed over for the next layout. Page
       furniture (:mod:`newstrace.ingest.furniture`) is never a title or separator in any
       layout.

    A page that is not an aggregator gives exactly one segment whose body is the whole text
    (``Span(0, len(text))``) and whose title is the first line if it is headline-shaped (the
    rules decide that title). An aggregator page gives one segment per article: the title's
    span and the body after it, without separator lines or page chrome. Never raises on odd
    input; degrades to one segment.
    """
    page = _Page(text)
    for layout in _PAGE_LAYOUTS:
        if not layout.guarded:
            found = layout.find(page)
        else:
            try:
                found = layout.find(page)
            except (ValueError, IndexError, RecursionError):  # pragma: no cover - defensive
                return page.rules
        if found is not None and not _sections_of_one_article(text, found, page.lines):
            return found
    return page.rules if len(page.rules) == 1 else _whole_page(text)


def _whole_page(text: str) -> list[Segment]:
    """The page as one article, its first line the title if it reads as a headline (as
    :func:`segment_rules` gives a page it does not split)."""
    lines = _drop_kickers(_unwrap(_lines(text)))
    return [Segment(Span(0, len(text)), _first_line_title(lines) if lines else None)]
