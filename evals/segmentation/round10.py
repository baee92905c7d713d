"""Round-10 held-out layouts for aggregator-page splitting (issue #3).

KEEP THIS FILE CLOSED if you work on a splitter (the rules of
:mod:`newstrace.ingest.segment` or a learned splitter): the layouts below are a blind test.
Score a splitter with ``python -m evals.segmentation.score_held_out --round 10 --splitter MODULE:FUNCTION``, which prints
aggregate numbers only.

Round 10 measures whether the changes made for the kinds of structure round 9 exposed
(:mod:`evals.segmentation.round9`) generalise. Its pages are built from PolNeAR
**dev** articles with RNG seed :data:`ROUND10_SEED` (6271; round 9 uses 41, the harness 13
to 20, 8001/8002 and 9001/9002, the learned-splitter experiment 20001/20002 and
30001/30002), 3-6 articles per page drawn as round 9 draws them.

The grammar of :func:`evals.segmentation.random_layouts.random_layout` is summarised in the
round-9 module's docstring: no page-level text before the first article other than a
kicker, nothing after the last one other than a repeated separator, at most ONE separator
line between two articles, a title always on its own line(s), only metadata lines
(author/date/publisher/read time/caption) between a title and its body, gaps of 2-4
newlines between articles when there is no separator, and never any indentation.

Group A: a new instance of each round-9 kind, in a different surface form.

1. ``welcome-note`` (round-9 kind 1, page-level text before the first article): a
   "view in browser" utility line, then an editor's welcome paragraph (prose, one long
   line naming the weekday and the number of stories), sometimes a sign-off line; then the
   articles with bare titles. Part of no article. Outside the grammar: page-level text
   before the first article (and, unlike round 9, it is prose, not a list of titles).
2. ``run-in-title-full-stop`` (round-9 kind 2, title on the lead's line): each title runs
   into its lead on the same line joined by a full stop and a space (by a space alone when
   the title already ends in ".", "?" or "!"), as digests with bold run-in heads print them
   in plain text; paragraphs joined by single newlines, articles by one blank line. Outside
   the grammar: the title has no line of its own; the gold title span ends inside a line
   (the joiner is between title and body, in neither span).
3. ``labelled-points-under-title`` (round-9 kind 3, article-owned lines under the title):
   directly under each title (single newline), two to four "<Label>: <sentence>" lines
   ("The gist", "Why it matters", "Key detail", "Worth noting"; the first sentence of one
   of the article's paragraphs, shortened with an ellipsis when long), a blank line, then the paragraphs; two blank lines between articles. The
   labelled lines belong to the article (body). Outside the grammar: several prose lines
   under a title that are not metadata lines.
4. ``quote-box-and-signoff`` (round-9 kind 4, non-article text between/after articles): a
   three-line "quote of the day" box (label, an invented quotation, an attribution line)
   just before the LAST article, and a two-line sign-off note after the last article;
   bare titles, blank-line gaps. Both are part of no article. Outside the grammar: a
   multi-line block between two articles, and prose after the last one.

Group B: kinds unlike any round 1-9 layout.

5. ``document-export-headers`` - a legal/news database export (Nexis style): before each
   article a centred header block, "k of n DOCUMENTS", the publication, the date with its
   weekday and an edition line (part of no article); the title flush left; under it
   "BYLINE: ..." (where the article has an author), "SECTION: ...; Pg. A<n>" and "LENGTH: <n> words" field lines separated by
   blank lines (part of the article: body), then the paragraphs. Outside the grammar (and
   every earlier round): a multi-line, indented, page-chrome block before EVERY title, and
   upper-case "FIELD: value" metadata lines.
6. ``indented-single-spaced`` - a single-spaced plain-text page with no blank line
   anywhere: titles flush left, every line of every paragraph indented (2-4 spaces or a
   tab, fixed per page), one newline between a title and its first paragraph, between
   paragraphs and between articles. Gold body starts at the first non-blank character of
   the first paragraph. Outside the grammar (and every earlier round): no blank line ever
   separates articles (the grammar always has 2-4 newlines or a separator line), and
   indentation is the only cue to titles.

Gold: every title is printed verbatim (the ``title`` column of PolNeAR's metadata), so its
gold span is exactly the title text; the body span runs from the first character of the
article's own content after the title (the labelled lines for layout 3, the field lines
for layout 5, the lead for layout 2) to the end of its last paragraph. :func:`check_gold`
asserts this for every page.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from newstrace.ingest.segment import Segment
from newstrace.model import Span

from .layouts import PageText, SourceArticle, _key, _publisher, build_pages
from .round9 import Round9Layout, Round9Page, assert_body, check_each, text_outside

#: RNG seed of the round-10 pages (used nowhere else in the repository).
ROUND10_SEED = 6271


@dataclass(frozen=True, slots=True)
class Round10Layout(Round9Layout):
    """A :class:`Round9Layout` with the elements of round 10 (built by
    :func:`build_round10_page`)."""

    # the joiner between a title and its lead, as a function of the title (run-in titles)
    run_in_for: Callable[[str], str] | None = None
    # how the lines under the title (``highlights``, part of the body) are joined
    highlights_join: str = "\n"
    # a block before each title (part of no article): (article, k from 1, n)
    header: Callable[[SourceArticle, int, int], str] | None = None
    header_gap: str = "\n\n"
    # indentation of every paragraph line, chosen per page (the paragraphs are then joined
    # by a single newline and the title-body gap is one newline)
    indent: Callable[[Sequence[SourceArticle]], str] | None = None


@dataclass(slots=True)
class Round10Page(Round9Page):
    """A round-10 page: ``paragraphs`` as printed; ``gaps`` the exact text between each
    title span and its body span."""

    gaps: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------
# generator data (the splitters never see it)

def _page_key(arts: Sequence[SourceArticle]) -> int:
    return _key("round10|" + "|".join(a.name for a in arts))


_NUMBER_WORDS = {3: "three", 4: "four", 5: "five", 6: "six"}
_UTILITY_LINES = ("View this email in your browser",
                  "Having trouble reading this email? View it online.",
                  "Open in browser | Forward to a friend",
                  "Not displaying correctly? Read the web version.")
_WELCOMES = (
    "Good morning, and happy {weekday}. Here are the {n} stories our editors are reading "
    "today, from the campaign trail to Capitol Hill.",
    "Welcome back. Today's roundup brings together {n} of the most talked-about political "
    "stories of the past 24 hours. Thanks for reading, and keep your tips coming by "
    "replying to this message.",
    "Hello, and welcome to this {weekday}'s edition. We have {n} stories for you today as "
    "the race for the White House enters a new phase.",
    "It's {weekday}. Below you will find {n} stories worth your time, chosen by our "
    "editors and reprinted in full.",
)
_SIGNOFFS = ("— The editors", "— Sarah Mitchell, editor", "Enjoy the read.",
             "— Tom Alvarez and the politics team")


def _weekday(iso: str) -> str:
    try:
        return date.fromisoformat(iso).strftime("%A")
    except ValueError:
        return "today"


def _welcome_note(arts: Sequence[SourceArticle]) -> str:
    """A utility line, a blank line, an editor's welcome paragraph, and (on half of the
    pages) a blank line and a sign-off line."""
    h = _page_key(arts)
    note = _WELCOMES[(h // 5) % len(_WELCOMES)].format(
        weekday=_weekday(arts[0].published), n=_NUMBER_WORDS.get(len(arts), str(len(arts))))
    out = _UTILITY_LINES[h % len(_UTILITY_LINES)] + "\n\n" + note
    if (h // 23) % 2:
        out += "\n\n" + _SIGNOFFS[(h // 47) % len(_SIGNOFFS)]
    return out


def _run_in_full_stop(title: str) -> str:
    return " " if title.rstrip()[-1:] in ".?!" else ". "


_POINT_LABELS = ("The gist", "Why it matters", "Key detail", "Worth noting")
_ABBREV = re.compile(r"^(?:[A-Z]\.)+$|^(?:Mr|Mrs|Ms|Dr|Gov|Sen|Rep|Gen|Lt|Col|St|Jr|Sr|Inc|Co|"
                     r"Jan|Feb|Aug|Sept|Oct|Nov|Dec|No|vs|Va|Fla|Calif|Ill|Pa|Mass|Wis|Mich)\.$")


def _point(p: str, max_words: int = 20) -> str:
    """A paragraph's first sentence with its final stop, or its first ``max_words - 4`` words
    and an ellipsis when that sentence is longer than ``max_words`` words."""
    words: list[str] = []
    for w in p.split():
        words.append(w)
        core = w.rstrip("\"'”’)")
        if len(words) >= 5 and core[-1:] in ".?!" and not _ABBREV.match(core.lstrip("(\"'“‘")):
            return " ".join(words)
        if len(words) > max_words:
            break
    if len(words) <= max_words:
        return " ".join(words).rstrip(",;: ") + ("" if words and words[-1][-1:] in ".?!”\"" else ".")
    return " ".join(words[:max_words - 4]).rstrip(",;:—- ") + "…"


def _labelled_points(a: SourceArticle) -> list[str]:
    """Two to four "<Label>: <sentence>" lines from the article's prose paragraphs (after
    the lead where it has enough), as "smart brevity" digests print them."""
    prose = [p for p in a.paragraphs if len(p.split()) >= 8]
    n = 2 + _key(a.name) % 3
    paras = prose[1:] if len(prose) > n else (prose or list(a.paragraphs))
    points = [c for c in (_point(p) for p in paras[:n]) if c]
    if not points:
        points = [_point(a.paragraphs[0]) or a.title]
    return [f"{_POINT_LABELS[k % len(_POINT_LABELS)]}: {c[:1].upper()}{c[1:]}"
            for k, c in enumerate(points)]


_QUOTE_LABELS = ("QUOTE OF THE DAY", "Quote of the day", "THEY SAID IT", "Overheard")
_QUOTES = (
    "“We are going to take this fight to every state, and we are not going to apologize for it.”",
    "“Nobody in this building thinks the next six weeks are going to be easy.”",
    "“I have been doing this for thirty years and I have never seen anything like it.”",
    "“The voters will decide, and frankly that is how it should be.”",
    "“We will look at the numbers on Monday and go from there.”",
)
_ATTRIBUTIONS = ("— A senior campaign adviser, speaking to reporters",
                 "— A longtime party strategist",
                 "— A member of the House leadership, off the record",
                 "— A volunteer at a field office in Ohio")
_CLOSINGS = (
    "That's all for today. Thanks for reading, and we'll be back in your inbox tomorrow "
    "morning.\nEnjoyed this edition? Forward it to a friend who follows politics.",
    "That's it from us. See you on the next edition.\nGot feedback? Hit reply and tell us "
    "what you think.",
    "Thanks for reading to the end.\nThis digest is put together by a small team of editors "
    "every weekday.",
)


def _quote_box(arts: Sequence[SourceArticle]) -> tuple[int, str]:
    """A three-line quote box just before the last article."""
    h = _page_key(arts)
    return len(arts) - 1, "\n".join((_QUOTE_LABELS[h % len(_QUOTE_LABELS)],
                                     _QUOTES[(h // 7) % len(_QUOTES)],
                                     _ATTRIBUTIONS[(h // 13) % len(_ATTRIBUTIONS)]))


def _signoff(arts: Sequence[SourceArticle]) -> str:
    return _CLOSINGS[(_page_key(arts) // 3) % len(_CLOSINGS)]


_EDITIONS = ("Regular Edition", "Final Edition", "Every Edition", "Main Edition", "Online")
_DOC_SECTIONS = ("NATIONAL", "POLITICS", "A-SECTION", "NEWS", "EDITORIAL", "U.S. NEWS")


def _centred(s: str, width: int = 72) -> str:
    return " " * max(0, (width - len(s)) // 2) + s


def _document_header(a: SourceArticle, k: int, n: int) -> str:
    """``k of n DOCUMENTS``, the publication, the date and edition, centred, as a database
    export prints them before each document."""
    try:
        d = date.fromisoformat(a.published)
        when = f"{d.strftime('%B')} {d.day}, {d.year} {d.strftime('%A')}"
    except ValueError:
        when = a.published or "2016"
    edition = _EDITIONS[_key(a.publisher or a.name) % len(_EDITIONS)]
    return "\n\n".join((_centred(f"{k} of {n} DOCUMENTS"), _centred(_publisher(a)),
                        _centred(when) + "\n" + _centred(edition)))


def _document_fields(a: SourceArticle) -> list[str]:
    h = _key(a.name)
    words = sum(len(p.split()) for p in a.paragraphs)
    byline = [] if a.author in ("", "None") else [f"BYLINE: {a.author}"]
    return [*byline,
            f"SECTION: {_DOC_SECTIONS[h % len(_DOC_SECTIONS)]}; Pg. A{1 + (h // 7) % 24}",
            f"LENGTH: {words} words"]


def _page_indent(arts: Sequence[SourceArticle]) -> str:
    return ("  ", "   ", "    ", "\t")[_page_key(arts) % 4]


#: The round-10 held-out layouts (dev). Nothing in the splitters may be tuned on them.
ROUND10_HELD_OUT_LAYOUTS: tuple[Round10Layout, ...] = (
    Round10Layout("welcome-note", preamble=_welcome_note, preamble_gap="\n\n\n"),
    Round10Layout("run-in-title-full-stop", run_in_for=_run_in_full_stop, paragraph_join="\n"),
    Round10Layout("labelled-points-under-title", highlights=_labelled_points, title_body_gap="\n",
                  gap_between="\n\n\n"),
    Round10Layout("quote-box-and-signoff", between_block=_quote_box, footer=_signoff),
    Round10Layout("document-export-headers", header=_document_header, header_gap="\n\n\n",
                  highlights=_document_fields, highlights_join="\n\n", highlights_gap="\n\n\n",
                  gap_between="\n\n\n\n"),
    Round10Layout("indented-single-spaced", indent=_page_indent, gap_between="\n",
                  title_body_gap="\n"),
)


def build_round10_page(articles: Sequence[SourceArticle], layout: Round10Layout) -> Round10Page:
    """Concatenate ``articles`` in ``layout``; gold title = the printed title, gold body =
    from the first character of the article's own content after the title to the end of
    its last paragraph."""
    gold: list[Segment] = []
    printed: list[tuple[str, ...]] = []
    gaps: list[str] = []

    page = PageText()
    put = page.put

    indent = layout.indent(articles) if layout.indent is not None else ""
    n = len(articles)
    if layout.preamble is not None:
        put(layout.preamble(articles) + layout.preamble_gap)
    block_after, block = layout.between_block(articles) if layout.between_block else (-1, "")
    for k, art in enumerate(articles):
        if k > 0:
            put(layout.gap_between)
            if k == block_after:
                put(block + layout.gap_between)
        if layout.header is not None:
            put(layout.header(art, k + 1, n) + layout.header_gap)
        t0 = put(art.title)
        title = Span(t0, page.pos)
        if layout.run_in_for is not None:
            gap = layout.run_in_for(art.title)
        elif layout.run_in is not None:
            gap = layout.run_in
        else:
            gap = layout.title_body_gap + indent
        put(gap)
        b0 = page.pos
        if layout.highlights is not None and layout.run_in is None and layout.run_in_for is None:
            put(layout.highlights_join.join(layout.highlights(art)) + layout.highlights_gap)
        if indent:
            paras = tuple(p.replace("\n", "\n" + indent) for p in art.paragraphs)
            put(("\n" + indent).join(paras))
        else:
            paras = tuple(art.paragraphs)
            put(layout.paragraph_join.join(paras))
        gold.append(Segment(Span(b0, page.pos), title))
        printed.append(paras)
        gaps.append(gap)
    if layout.footer is not None:
        put(layout.footer_gap + layout.footer(articles))
    return Round10Page(layout.name, page.text(), gold, layout,
                       titles=[a.title for a in articles], paragraphs=printed, gaps=gaps)


def round10_held_out_pages(dev: Sequence[SourceArticle], pages_per_layout: int = 40,
                           seed: int = ROUND10_SEED) -> list[Round10Page]:
    """``pages_per_layout`` pages per round-10 layout, each of 3-6 PolNeAR dev articles
    drawn without replacement (as round 9 and
    :func:`evals.segmentation.layouts.build_pages` draw them)."""
    return build_pages(dev, ROUND10_HELD_OUT_LAYOUTS, pages_per_layout, seed, build=build_round10_page)


def check_gold(page: Round10Page) -> None:
    """Assert the page's gold is exact: one segment per article, in page order and
    disjoint; each title span is exactly the printed title and starts a line; the text
    between a title span and its body span is exactly the layout's joiner or gap (no
    letter or digit); each body span holds the article's printed paragraphs in order, ends
    with the last one, and has no surrounding whitespace; the text outside the segments
    holds no article paragraph (other than inside a title)."""
    text, gold = page.text, page.gold
    assert len(gold) == len(page.titles) == len(page.paragraphs) == len(page.gaps) >= 3, page.layout
    prev_end = 0
    for seg, title, paras, gap in zip(gold, page.titles, page.paragraphs, page.gaps):
        t, b = seg.title, seg.body
        assert t is not None
        assert text[t.start:t.end] == title, (page.layout, "title span")
        assert t.start == 0 or text[t.start - 1] == "\n", (page.layout, "title starts a line")
        assert prev_end <= t.start < t.end <= b.start < b.end, (page.layout, "order")
        assert text[t.end:b.start] == gap, (page.layout, "title-body gap")
        assert not any(c.isalnum() for c in gap), (page.layout, "gap text")
        assert_body(page, b, paras)
        prev_end = b.end
    rest = text_outside(page)
    for paras in page.paragraphs:
        for p in paras:
            for line in p.split("\n"):
                if len(line.strip()) >= 40:
                    assert line.strip() not in rest, (page.layout, "paragraph outside segments")


def check_all_gold(pages: Sequence[Round10Page]) -> int:
    """:func:`check_gold` on every page; the number of pages checked."""
    return check_each(pages, check_gold)
