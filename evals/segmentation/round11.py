"""Round-11 held-out layouts for aggregator-page splitting (issue #3).

KEEP THIS FILE CLOSED if you work on a splitter (the rules of
:mod:`newstrace.ingest.segment` or a learned splitter): the layouts below are a blind test.
Score a splitter with ``python -m evals.segmentation.score_held_out --round 11 --splitter MODULE:FUNCTION``, which prints
aggregate numbers only.

Round 11 measures whether the changes made for the kinds of structure rounds 9 and 10
exposed (:mod:`evals.segmentation.round9`, :mod:`evals.segmentation.round10`)
generalise to new surface forms, and adds two kinds unlike any round 1-10 layout. Its pages
are built from PolNeAR **dev** articles with RNG seed :data:`ROUND11_SEED` (52817; round 9
uses 41, round 10 6271, the harness 13 to 20, 8001/8002 and 9001/9002, the learned-splitter
experiment 20001/20002 and 30001/30002), 3-6 articles per page drawn as rounds 9 and 10
draw them.

The grammar of :func:`evals.segmentation.random_layouts.random_layout` is summarised in the
round-9 module's docstring: no page-level text before the first article other than a
kicker, nothing after the last one other than a repeated separator, at most ONE separator
line between two articles, a title always on its own line(s) and starting its line (after
a decoration at most), only metadata lines (author/date/publisher/read time/caption)
between a title and its body, gaps of 2-4 newlines between articles when there is no
separator, never any indentation, never a line prefix on body lines.

Group A: a new instance of each round-9/10 kind, in a surface form unlike both earlier ones.

1. ``clips-memo-header`` (kind 1, page-level text before the first article): a press
   office's morning "clips" sheet. Three or four short header lines glued by single
   newlines (a clips label with the weekday date, who prepared it, an internal-use notice,
   sometimes a compiled-at time and item count), a blank line, then the articles with bare
   titles and blank-line gaps. Part of no article. Unlike round 9 (masthead + list of
   titles) and round 10 (utility line + prose welcome paragraph): a block of short,
   title-shaped lines, no list of titles, no prose paragraph. Outside the grammar:
   page-level text before the first article.
2. ``caps-run-in-colon`` (kind 2, title on the lead's line): a newspaper "briefs" column:
   each title printed in CAPITALS and run into its lead on the same line, joined by ": "
   (a space alone when the title ends in ".", "?" or "!"); paragraphs joined by blank
   lines, articles by two blank lines. The gold title span is the capitalised title as
   printed. Unlike round 9 (" — ") and round 10 (". ", single-newline paragraphs).
   Outside the grammar: the title has no line of its own; its span ends inside a line.
3. ``numbered-takeaways-under-title`` (kind 3, article-owned lines under the title):
   directly under each title (single newline) a label line ("What to know:", "In brief:",
   "The short version:", "Key takeaways:"), then two or three numbered items "1. <short
   sentence>" (a paragraph's first sentence, at most 14 words, shortened with an ellipsis
   when longer), a blank line, then the paragraphs; one blank line between articles (as
   between paragraphs). The label and items are part of the body. Unlike round 9 ("• "
   clauses) and round 10 ("<Label>: <sentence>" lines): a heading line and numbered items
   (the shape of the grammar's numbered titles). Outside the grammar: several prose lines
   under a title that are not metadata lines.
4. ``poll-tracker-and-calendar-boxes`` (kind 4, non-article blocks between articles): a
   "poll tracker" box (a label and two or three "<race>: <candidate> <n>, <candidate> <n>"
   lines) between the first and the second article, and an "on the calendar" box (a label
   and two or three "<Weekday>: <event>" lines) between the second-to-last and the last
   article (so on a three-article page every boundary has a box); nothing after the last
   article; blank-line gaps, bare titles. Part of no
   article. Unlike round 9 (one ad block + e-mail footer) and round 10 (quote box before
   the last article + sign-off after it): two boxes, none after the last article.
   Outside the grammar: multi-line blocks between articles.
5. ``feed-reader-item-headers`` (kind 5, a page-chrome block before every article): a
   feed-reader / read-later export: before each title, three lines glued by single
   newlines (source with its domain, "Saved <weekday>, <d Mon yyyy> at <hh:mm>", the
   article's URL whose slug repeats the title's words), then the title directly under them,
   a blank line and the paragraphs; two blank lines between articles. The block is part of
   no article. Unlike round 10 (centred "k of n DOCUMENTS" block with blank lines, field
   lines under the title): flush-left, glued to the title, a URL line, nothing under the
   title. Outside the grammar (and rounds 1-9): a multi-line chrome block before every title.
6. ``underlined-titles-no-blank-lines`` (kind 6, no blank line anywhere): a single-spaced
   plain-text page; each title is underlined by a line of "=" or "-" (per page, as long as
   the title, setext style); paragraphs, title-underline-body and articles all joined by a
   single newline; no indentation. Unlike round 10 (indentation of the paragraph lines is
   the cue). Outside the grammar: no blank line ever separates articles; the underline
   (a rule line, which the grammar only knows as a separator) is the only title cue.

Group B: kinds unlike any round 1-10 layout.

7. ``csv-export`` - a CSV export of a news dataset (``id,source,published,title,text,url``
   header line, one record per article, fields quoted only when needed, as
   ``csv.QUOTE_MINIMAL`` writes them: the text always, the title when it holds a comma or a
   quote; inner quotes doubled; "\\n" line ends). The paragraphs stay inside the quoted
   ``text`` field, joined by blank lines. Gold title span = the title field's content as
   printed (inside the quotes if quoted, inner quotes doubled); gold body = from the first
   character of the text field to the end of its last paragraph (the closing quote, the
   URL field and the header line are part of no article). Outside the grammar: the title
   starts after other fields on its line and the lead starts on the same line; record
   delimiters instead of line structure.
8. ``quoted-reply`` - a digest quoted in an e-mail reply: every line of an otherwise plain
   page (bare titles, blank-line gaps and paragraphs) carries the quote prefix "> ", and
   every empty line is a lone ">". Gold title span = the title text after "> "; gold body =
   from the first character of the lead (after its "> ") to the end of the last paragraph
   (the quote prefixes inside the body are part of it). Outside the grammar (and every
   earlier round): there is no empty line at all, every line starts with the same
   punctuation prefix, and a title never starts its line.

Gold: every title is printed as the page shows it (PolNeAR's ``title`` column; capitalised
for layout 2, CSV-escaped for layout 7), so its gold span is exactly the printed title; the
body span runs from the first character of the article's own content after the title (the
label and numbered items for layout 3, the lead for layouts 2 and 7) to the end of its last
paragraph. :func:`check_gold` asserts this for every page.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from newstrace.ingest.segment import Segment
from newstrace.model import Span

from .layouts import PageText, SourceArticle, _key, _publisher, build_pages
from .round9 import assert_body, check_each, text_outside
from .round10 import Round10Layout, Round10Page, _point

#: RNG seed of the round-11 pages (used nowhere else in the repository).
ROUND11_SEED = 52817


@dataclass(frozen=True, slots=True)
class Round11Layout(Round10Layout):
    """A :class:`Round10Layout` with the elements of round 11 (built by
    :func:`build_round11_page`; ``title_style`` of the base fields prints the title)."""

    # a second block between two articles (part of no article): (before article k, text)
    between_block_2: Callable[[Sequence[SourceArticle]], tuple[int, str]] | None = None
    # a rule character per page; the title is then underlined by a line of it (its length)
    underline: Callable[[Sequence[SourceArticle]], str] | None = None
    # the page is a CSV export (header line, one record per article)
    csv_export: bool = False
    # every line of the page is prefixed by this text (an empty line by it, right-stripped)
    line_prefix: str | None = None


@dataclass(slots=True)
class Round11Page(Round10Page):
    """A round-11 page: ``titles`` and ``paragraphs`` as printed; ``gaps`` the exact text
    between each title span and its body span; ``title_prefixes`` the exact text between
    the start of a title's line and the title span."""

    title_prefixes: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------
# generator data (the splitters never see it)

def _page_key(arts: Sequence[SourceArticle]) -> int:
    return _key("round11|" + "|".join(a.name for a in arts))


def _long_date(iso: str) -> str:
    try:
        d = date.fromisoformat(iso)
    except ValueError:
        return "September 2016"
    return f"{d.strftime('%A')}, {d.strftime('%B')} {d.day}, {d.year}"


_CLIPS_LABELS = ("MORNING CLIPS", "Daily News Clips", "PRESS CLIPS", "Morning Clips Packet")
_PREPARED = ("Prepared by the Office of Communications", "Compiled by the press office",
             "Prepared by the communications staff", "Compiled by the research desk")
_INTERNAL = ("For internal use only. Please do not forward.",
             "Internal distribution only - not for publication.",
             "Staff use only; do not circulate outside the office.",
             "Confidential: for staff and volunteers only.")


def _clips_header(arts: Sequence[SourceArticle]) -> str:
    """Three or four short lines: label and date, compiler, notice, (time and item count)."""
    h = _page_key(arts)
    lines = [f"{_CLIPS_LABELS[h % len(_CLIPS_LABELS)]} - {_long_date(arts[0].published)}",
             _PREPARED[(h // 5) % len(_PREPARED)],
             _INTERNAL[(h // 19) % len(_INTERNAL)]]
    if (h // 41) % 2:
        lines.append(f"Compiled {5 + (h // 83) % 3}:{(h // 7) % 6}0 a.m. | {len(arts)} items")
    return "\n".join(lines)


def _run_in_colon(title: str) -> str:
    return " " if title.rstrip()[-1:] in ".?!" else ": "


_TAKEAWAY_LABELS = ("What to know:", "In brief:", "The short version:", "Key takeaways:")


def _numbered_takeaways(a: SourceArticle) -> list[str]:
    """A label line and two or three "k. <short sentence>" lines from the article's prose
    paragraphs (after the lead where it has enough)."""
    prose = [p for p in a.paragraphs if len(p.split()) >= 8]
    n = 2 + _key("takeaways|" + a.name) % 2
    paras = prose[1:] if len(prose) > n else (prose or list(a.paragraphs))
    items = [c for c in (_point(" ".join(p.split()), 14) for p in paras[:n]) if c]
    if not items:
        items = [_point(a.paragraphs[0], 14) or a.title]
    label = _TAKEAWAY_LABELS[_key(a.title) % len(_TAKEAWAY_LABELS)]
    return [label] + [f"{k}. {c[:1].upper()}{c[1:]}" for k, c in enumerate(items, 1)]


_TRACKER_LABELS = ("POLL TRACKER", "Poll tracker", "BY THE NUMBERS: THE POLLS", "Polling average")
_RACES = ("National", "Florida", "Ohio", "Pennsylvania", "North Carolina", "Nevada", "Iowa",
          "Colorado", "New Hampshire", "Arizona")
_CALENDAR_LABELS = ("ON THE CALENDAR", "The week ahead", "COMING UP", "On the calendar")
_EVENTS = (
    "The House returns from recess and takes up a stopgap spending bill.",
    "The Senate Judiciary Committee holds a hearing at 10 a.m.",
    "Early voting begins in two battleground states.",
    "Both campaigns hold rallies in the Philadelphia suburbs.",
    "The Commerce Department releases its monthly jobs report.",
    "Candidates file their quarterly fundraising reports.",
    "A town hall forum is scheduled at a university in Missouri.",
    "The deadline to register to vote passes in several states.",
)
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")


def _poll_tracker(arts: Sequence[SourceArticle]) -> tuple[int, str]:
    """A label and two or three race lines, between the first and the second article."""
    h = _page_key(arts)
    lines = [_TRACKER_LABELS[h % len(_TRACKER_LABELS)]]
    for j in range(2 + (h // 3) % 2):
        race = _RACES[(h // 11 + 3 * j) % len(_RACES)]
        a, b = 40 + (h >> (j + 4)) % 9, 38 + (h >> (j + 9)) % 9
        lines.append(f"{race}: Clinton {a}, Trump {b}")
    return 1, "\n".join(lines)


def _calendar(arts: Sequence[SourceArticle]) -> tuple[int, str]:
    """A label and two or three "<Weekday>: <event>" lines, between the second-to-last and
    the last article."""
    h = _page_key(arts) // 13
    lines = [_CALENDAR_LABELS[h % len(_CALENDAR_LABELS)]]
    d0 = (h // 7) % 2
    for j in range(2 + (h // 5) % 2):
        lines.append(f"{_DAYS[d0 + 2 * j]}: {_EVENTS[(h // 17 + 3 * j) % len(_EVENTS)]}")
    return len(arts) - 1, "\n".join(lines)


_DOMAINS = {"breitbart": "breitbart.com", "huff-post": "huffingtonpost.com",
            "nyt": "nytimes.com", "parc": "wsj.com", "politico": "politico.com",
            "usa-today": "usatoday.com", "wash-post": "washingtonpost.com",
            "west-journal": "westernjournalism.com"}


def _domain(a: SourceArticle) -> str:
    return _DOMAINS.get(a.publisher, (a.publisher or "news") + ".example.com")


def _slug(title: str, words: int = 9) -> str:
    parts = re.findall(r"[a-z0-9]+", title.lower().replace("’", "").replace("'", ""))
    return "-".join(parts[:words]) or "story"


def _url(a: SourceArticle) -> str:
    try:
        d = date.fromisoformat(a.published)
        path = f"{d.year}/{d.month:02d}/{d.day:02d}"
    except ValueError:
        path = "2016"
    return f"https://www.{_domain(a)}/{path}/{_slug(a.title)}"


def _feed_item_header(a: SourceArticle, k: int, n: int) -> str:
    """Source and domain, the saved-at date and time, the URL (glued lines)."""
    h = _key("feed|" + a.name)
    try:
        d = date.fromisoformat(a.published)
        when = f"{d.strftime('%a')}, {d.day} {d.strftime('%b')} {d.year}"
    except ValueError:
        when = "2016"
    return "\n".join((f"{_publisher(a)} ({_domain(a)})",
                      f"Saved {when} at {h % 24:02d}:{(h // 24) % 60:02d}",
                      _url(a)))


def _underline_char(arts: Sequence[SourceArticle]) -> str:
    return "=-"[_page_key(arts) % 2]


def _csv_field(s: str) -> tuple[str, str]:
    """(the field as ``csv.QUOTE_MINIMAL`` writes it, its content as printed)."""
    if any(c in s for c in ',"\n\r'):
        inner = s.replace('"', '""')
        return f'"{inner}"', inner
    return s, s


#: The round-11 held-out layouts (dev). Nothing in the splitters may be tuned on them.
ROUND11_HELD_OUT_LAYOUTS: tuple[Round11Layout, ...] = (
    Round11Layout("clips-memo-header", preamble=_clips_header, preamble_gap="\n\n"),
    Round11Layout("caps-run-in-colon", title_style=str.upper, run_in_for=_run_in_colon,
                  gap_between="\n\n\n"),
    Round11Layout("numbered-takeaways-under-title", highlights=_numbered_takeaways,
                  title_body_gap="\n", highlights_gap="\n\n"),
    Round11Layout("poll-tracker-and-calendar-boxes", between_block=_poll_tracker,
                  between_block_2=_calendar),
    Round11Layout("feed-reader-item-headers", header=_feed_item_header, header_gap="\n",
                  gap_between="\n\n\n"),
    Round11Layout("underlined-titles-no-blank-lines", underline=_underline_char,
                  gap_between="\n", paragraph_join="\n"),
    Round11Layout("csv-export", csv_export=True),
    Round11Layout("quoted-reply", line_prefix="> ", gap_between="\n\n\n"),
)


def _build_csv_page(articles: Sequence[SourceArticle], layout: Round11Layout) -> Round11Page:
    parts = ["id,source,published,title,text,url\n"]
    pos = len(parts[0])
    gold: list[Segment] = []
    titles, printed, gaps, prefixes = [], [], [], []
    base = 1000 + _page_key(articles) % 90000
    for k, art in enumerate(articles):
        prefix = ",".join((str(base + k), _csv_field(_publisher(art))[0], art.published or "2016")) + ","
        t_field, t_inner = _csv_field(art.title)
        paras = tuple(p.replace('"', '""') for p in art.paragraphs)
        body = layout.paragraph_join.join(paras)
        if t_field != t_inner:
            prefix += '"'
            gap = '","'
        else:
            gap = ',"'
        row_start = pos
        t0 = row_start + len(prefix)
        b0 = t0 + len(t_inner) + len(gap)
        row = prefix + t_inner + gap + body + '",' + _url(art) + "\n"
        parts.append(row)
        pos += len(row)
        gold.append(Segment(Span(b0, b0 + len(body)), Span(t0, t0 + len(t_inner))))
        titles.append(t_inner)
        printed.append(paras)
        gaps.append(gap)
        prefixes.append(prefix)
    return Round11Page(layout.name, "".join(parts), gold, layout, titles=titles,
                       paragraphs=printed, gaps=gaps, title_prefixes=prefixes)


def _prefix_lines(page: Round11Page, prefix: str) -> Round11Page:
    """The page with every line prefixed by ``prefix`` (an empty line by it right-stripped),
    its spans moved accordingly."""
    text = page.text
    bare = prefix.rstrip()
    out: list[str] = []
    new_at: list[int] = []   # new index of each old character
    n = 0
    line_start = True
    for c in text:
        if line_start:
            p = bare if c == "\n" else prefix
            out.append(p)
            n += len(p)
        new_at.append(n)
        out.append(c)
        n += 1
        line_start = c == "\n"
    if line_start:
        out.append(bare)

    def move(s: Span) -> Span:
        return Span(new_at[s.start], new_at[s.end - 1] + 1)

    def relined(s: str) -> str:
        """``s`` (starting inside a line, followed by a character that is no newline) as
        the prefixed page prints it."""
        lines = s.split("\n")
        last = len(lines) - 1
        return "\n".join([lines[0]] + [prefix + ln if ln or k == last else bare
                                        for k, ln in enumerate(lines[1:], 1)])

    gold = [Segment(move(g.body), move(g.title) if g.title is not None else None)
            for g in page.gold]
    paras = [tuple(relined(p) for p in ps) for ps in page.paragraphs]
    gaps = [relined(g) for g in page.gaps]
    return Round11Page(page.layout, "".join(out), gold, page.spec, titles=page.titles,
                       paragraphs=paras, gaps=gaps, title_prefixes=[prefix] * len(gold))


def build_round11_page(articles: Sequence[SourceArticle], layout: Round11Layout) -> Round11Page:
    """Concatenate ``articles`` in ``layout``; gold title = the printed title, gold body =
    from the first character of the article's own content after the title to the end of
    its last paragraph."""
    if layout.csv_export:
        return _build_csv_page(articles, layout)
    gold: list[Segment] = []
    titles: list[str] = []
    printed: list[tuple[str, ...]] = []
    gaps: list[str] = []

    page = PageText()
    put = page.put

    n = len(articles)
    rule = layout.underline(articles) if layout.underline is not None else ""
    if layout.preamble is not None:
        put(layout.preamble(articles) + layout.preamble_gap)
    blocks: list[tuple[int, str]] = []
    for make in (layout.between_block, layout.between_block_2):
        if make is not None:
            blocks.append(make(articles))
    for k, art in enumerate(articles):
        if k > 0:
            put(layout.gap_between)
            for at, block in blocks:
                if at == k:
                    put(block + layout.gap_between)
        if layout.header is not None:
            put(layout.header(art, k + 1, n) + layout.header_gap)
        shown = layout.title_style(art.title) if layout.title_style is not None else art.title
        t0 = put(shown)
        title = Span(t0, page.pos)
        if layout.run_in_for is not None:
            gap = layout.run_in_for(shown)
        elif rule:
            gap = "\n" + rule * len(shown) + "\n"
        else:
            gap = layout.title_body_gap
        put(gap)
        b0 = page.pos
        if layout.highlights is not None and layout.run_in_for is None:
            put(layout.highlights_join.join(layout.highlights(art)) + layout.highlights_gap)
        paras = tuple(art.paragraphs)
        put(layout.paragraph_join.join(paras))
        gold.append(Segment(Span(b0, page.pos), title))
        titles.append(shown)
        printed.append(paras)
        gaps.append(gap)
    if layout.footer is not None:
        put(layout.footer_gap + layout.footer(articles))
    page = Round11Page(layout.name, page.text(), gold, layout, titles=titles,
                       paragraphs=printed, gaps=gaps, title_prefixes=[""] * len(gold))
    if layout.line_prefix is not None:
        page = _prefix_lines(page, layout.line_prefix)
    return page


def round11_held_out_pages(dev: Sequence[SourceArticle], pages_per_layout: int = 40,
                           seed: int = ROUND11_SEED) -> list[Round11Page]:
    """``pages_per_layout`` pages per round-11 layout, each of 3-6 PolNeAR dev articles
    drawn without replacement (as rounds 9 and 10 and
    :func:`evals.segmentation.layouts.build_pages` draw them)."""
    return build_pages(dev, ROUND11_HELD_OUT_LAYOUTS, pages_per_layout, seed, build=build_round11_page)


def check_gold(page: Round11Page) -> None:
    """Assert the page's gold is exact: one segment per article, in page order and
    disjoint; each title span is exactly the printed title and the text between the start
    of its line and the span is exactly the layout's prefix; the text between a title span
    and its body span is exactly the layout's joiner or gap (no letter or digit); each body
    span holds the article's printed paragraphs in order, ends with the last one, and has
    no surrounding whitespace; the text outside the segments holds no article paragraph
    line (other than inside a title); layout 6 and 8 pages have no empty line."""
    text, gold = page.text, page.gold
    assert len(gold) == len(page.titles) == len(page.paragraphs) == len(page.gaps) \
        == len(page.title_prefixes) >= 3, page.layout
    spec = page.spec
    if isinstance(spec, Round11Layout) and (spec.underline is not None or spec.line_prefix):
        assert "\n\n" not in text, (page.layout, "no empty line")
    prev_end = 0
    for seg, title, paras, gap, prefix in zip(gold, page.titles, page.paragraphs, page.gaps,
                                              page.title_prefixes):
        t, b = seg.title, seg.body
        assert t is not None
        assert text[t.start:t.end] == title, (page.layout, "title span")
        line_start = text.rfind("\n", 0, t.start) + 1
        assert text[line_start:t.start] == prefix, (page.layout, "title line prefix")
        assert prev_end <= line_start, (page.layout, "title line after the previous body")
        assert prev_end <= t.start < t.end <= b.start < b.end, (page.layout, "order")
        assert text[t.end:b.start] == gap, (page.layout, "title-body gap")
        assert not any(c.isalnum() for c in gap), (page.layout, "gap text")
        assert_body(page, b, paras)
        prev_end = b.end
    rest = text_outside(page)
    for paras in page.paragraphs:
        for p in paras:
            for line in p.split("\n"):
                line = line.strip().lstrip("> ")
                if len(line) >= 40:
                    assert line not in rest, (page.layout, "paragraph outside segments")


def check_all_gold(pages: Sequence[Round11Page]) -> int:
    """:func:`check_gold` on every page; the number of pages checked."""
    return check_each(pages, check_gold)
