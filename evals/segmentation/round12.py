"""Round-12 held-out layouts for aggregator-page splitting (issue #3).

KEEP THIS FILE CLOSED if you work on a splitter (the rules of
:mod:`newstrace.ingest.segment` or a learned splitter): the layouts below are a blind test.
Score a splitter with ``python -m evals.segmentation.score_held_out --round 12 --splitter MODULE:FUNCTION``, which prints
aggregate numbers only.

Round 12 measures whether the changes made for the kinds of structure rounds 9 to 11
exposed (:mod:`evals.segmentation.round9`, :mod:`evals.segmentation.round10`,
:mod:`evals.segmentation.round11`) generalise to new surface forms: one layout per
kind, each unlike the round-9, 10 and 11 layouts of that kind. Its pages are built from
PolNeAR **dev** articles with RNG seed :data:`ROUND12_SEED` (73589; round 9 uses 41, round
10 6271, round 11 52817, the harness 13 to 20, 8001/8002 and 9001/9002, the learned-splitter
experiment 20001/20002 and 30001/30002), 3-6 articles per page drawn as rounds 9 to 11 draw
them.

The grammar of :func:`evals.segmentation.random_layouts.random_layout` is summarised in the
round-9 module's docstring: no page-level text before the first article other than a
kicker, nothing after the last one other than a repeated separator, at most ONE separator
line between two articles, a title always on its own line(s) and starting its line (after
a decoration at most), only metadata lines (author/date/publisher/read time/caption)
between a title and its body, gaps of 2-4 newlines between articles when there is no
separator, never any indentation, never a line prefix on body lines, never a record
format.

1. ``site-navigation-chrome`` (kind 1, page-level text before the first article): the text
   of a web section front copied from a browser. Two or three lines glued by single
   newlines (on most pages an accessibility "skip" line, always a navigation menu whose
   items are joined by " | ", " · " or " / ", and a breadcrumb trail joined by "›", "»" or
   ">"), a blank line, one listing line ("Showing 1–5 of 142 stories, newest first" and
   the like), two blank lines, then the articles: bare titles, a blank line under each
   title, blank-line paragraphs, THREE blank lines between articles. Part of no article.
   Unlike round 9 (masthead + list of titles), round 10 (utility line + prose welcome
   paragraph) and round 11 (clips label, compiler, notice): menu and breadcrumb lines full
   of separator marks, a detached listing/count line, wider gaps. Outside the grammar:
   page-level text before the first article.
2. ``run-in-pipe`` (kind 2, title on the lead's line): each title, as PolNeAR prints it
   (mixed case), runs into its lead on the same line joined by " | " (whatever the
   title's last character); paragraphs joined by single newlines, articles by two blank
   lines. Unlike round 9 (" — "), round 10 (". ") and round 11 (capitals, ": "): a
   vertical bar, no sentence punctuation, no case change. Outside the grammar: the title
   has no line of its own; its span ends inside a line.
3. ``arrow-points-after-blank`` (kind 3, article-owned lines under the title): a blank
   line under each title, then three or four lines "→ <sentence>" (the first sentence of
   some of the article's prose paragraphs, after the lead where there are enough, with its
   final stop, shortened with an ellipsis when over 18 words; fewer lines where the
   article has fewer paragraphs) glued by single newlines, no heading line, a blank line,
   then the paragraphs; three blank lines between articles. The arrow lines are part of
   the body. Unlike round 9 ("• " clauses glued under the title), round 10 ("<Label>:
   <sentence>" glued under the title) and round 11 (a label line and numbered items glued
   under the title): an arrow mark (one of the grammar's separator marks), full sentences,
   up to four lines, set off from the title by a blank line. Outside the grammar: several
   prose lines under a title that are not metadata lines.
4. ``most-read-list-and-reader-poll`` (kind 4, non-article blocks between and after
   articles): after the second article a "most read" box: a label line, a blank line, then
   three numbered invented headlines "1. <headline>" (no body: a list of links); after the
   last article a reader poll: a label, a question, three or four "( ) <option>" lines and
   a closing call to vote, glued. Bare titles glued to their leads (single newline),
   blank-line paragraphs, two blank lines between articles and around the blocks. Part of
   no article. Unlike round 9 (sponsored ad + e-mail footer), round 10 (quote box +
   sign-off) and round 11 (poll-tracker and calendar boxes, nothing after the last):
   headline-shaped numbered items (the shape of the grammar's numbered titles) inside a
   block with a blank line, a form-like poll after the last article. Outside the grammar:
   multi-line blocks between articles and text after the last one.
5. ``clip-service-box-headers`` (kind 5, a page-chrome block before every article): a
   clipping service's print-out: before each article an ASCII box of four lines (a
   "+---+" rule, "| <PUBLISHER> ... <d Mon yyyy> |", "| Section: <section> ... <Page An or
   Web edition> |", the rule again), a blank line, the title, a blank line, the
   paragraphs; two blank lines between articles. The box is part of no article. Unlike
   round 10 (centred "k of n DOCUMENTS" lines, field lines under the title) and round 11
   (flush-left source / saved-at / URL lines glued to the title): a framed block made of
   rule and bordered lines, set off from the title by a blank line, no counter, no URL.
   Outside the grammar: a multi-line chrome block before every title (rule lines the
   grammar knows only as single separators).
6. ``centred-titles-wrapped-no-blank-lines`` (kind 6, no blank line anywhere): a
   typewritten-style page: every paragraph hard-wrapped at 76 columns, each title on one
   line CENTRED in 78 columns (at least four leading spaces); title, its paragraph lines
   and the next title all joined by single newlines. The gold title span is the title
   without its leading spaces. Unlike round 10 (indented paragraph lines, flush-left
   titles) and round 11 (titles underlined by a rule line): the titles carry the
   indentation and the paragraphs are hard-wrapped (so a short line is no cue).
   Outside the grammar: no blank line ever separates articles; indentation of the title
   line is the only cue.
7. ``json-array-export`` (kind 7, a structured-record export): a JSON array as
   ``json.dumps(records, indent=2, ensure_ascii=False)`` writes it, one object per article
   with the fields ``id``, ``source``, ``author``, ``published``, ``title``, ``content``,
   ``url`` and ``word_count`` in that order; the paragraphs are inside the ``content``
   string, joined by the escaped "\\n\\n". Gold title span = the title string's content as
   printed (JSON-escaped, without the quotes); gold body = the ``content`` string's content
   as printed, from its first character to the end of its last (escaped) paragraph; the
   brackets, braces, keys, other fields and quotes are part of no article. Unlike round 11
   (CSV, one record a line with the text quoted across lines): one field a line with its
   key, the whole body on one physical line, nothing of the article on the title's line.
   Outside the grammar: record delimiters and keys instead of line structure; the title
   does not start its line and the text between title and body holds letters (a key).
8. ``syslog-prefixed-lines`` (kind 8, every line carries the same prefix): a digest as a
   mail job logged it: every line of an otherwise plain page (bare titles glued to their
   leads by a single newline, blank-line paragraphs, three blank lines between articles)
   carries the same syslog header "<Mon> <d> <hh:mm:ss> <host> <program>[<pid>]: " (per
   page), and every empty line is that header right-stripped. Gold title span = the title
   text after the header; gold body = from the first character of the lead (after its
   header) to the end of the last paragraph (the headers inside the body are part of it).
   Unlike round 11 ("> " quoting): a long alphanumeric prefix with a timestamp, host and
   process id, not a quote mark. Outside the grammar (and every earlier round but 11):
   there is no empty line at all, every line starts with the same prefix, and a title
   never starts its line.

Gold: every title is printed as PolNeAR's ``title`` column gives it (JSON-escaped for
layout 7), so its gold span is exactly the printed title; the body span runs from the
first character of the article's own content after the title (the arrow lines for layout
3, the lead for layouts 2 and 8, the start of the ``content`` string for layout 7) to the
end of its last paragraph. :func:`check_gold` asserts this for every page.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from newstrace.ingest.segment import Segment
from newstrace.model import Span

from .layouts import PageText, SourceArticle, _hard_wrap, _key, _publisher, build_pages
from .round9 import assert_body, check_each, text_outside
from .round10 import _point
from .round11 import Round11Layout, Round11Page, _prefix_lines, _url

#: RNG seed of the round-12 pages (used nowhere else in the repository).
ROUND12_SEED = 73589


@dataclass(frozen=True, slots=True)
class Round12Layout(Round11Layout):
    """A :class:`Round11Layout` with the elements of round 12 (built by
    :func:`build_round12_page`)."""

    # leading spaces of each title line, as a function of the title (part of no article)
    title_indent: Callable[[str], str] | None = None
    # the page is a JSON array export (one object per article)
    json_export: bool = False
    # every line of the page is prefixed by this text, chosen per page (an empty line by it,
    # right-stripped)
    line_prefix_for: Callable[[Sequence[SourceArticle]], str] | None = None


@dataclass(slots=True)
class Round12Page(Round11Page):
    """A round-12 page (the fields of :class:`Round11Page`)."""


# ---------------------------------------------------------------------------------------
# generator data (the splitters never see it)

def _page_key(arts: Sequence[SourceArticle]) -> int:
    return _key("round12|" + "|".join(a.name for a in arts))


def _date(a: SourceArticle) -> date | None:
    try:
        return date.fromisoformat(a.published)
    except ValueError:
        return None


_SKIP_LINES = ("Skip to main content", "Skip to content", "Jump to navigation")
_MENUS = ("Home | U.S. | World | Politics | Business | Opinion | Video",
          "News · Politics · Opinion · Health · Tech · Podcasts · Newsletters",
          "Home / Nation / Politics / Elections / Congress / White House",
          "Top Stories | Politics | Economy | Investigations | Polls | Subscribe")
_CRUMBS = ("You are here: Home › Politics › Election 2016",
           "Politics » Campaign 2016",
           "Home > News > Politics > The Presidential Race",
           "Politics › Elections")
_LISTINGS = ("Showing 1–{n} of {total} stories, newest first",
             "Latest stories ({n} of {total}) · Sort by: Most recent",
             "Page 1 of {pages} — {total} results",
             "{total} articles in this section, most recent first")


def _site_chrome(arts: Sequence[SourceArticle]) -> str:
    """(A skip line,) a menu and a breadcrumb glued, a blank line, a listing line."""
    h = _page_key(arts)
    n = len(arts)
    total = 60 + h % 240
    lines = [] if h % 4 == 3 else [_SKIP_LINES[h % 3]]
    lines += [_MENUS[(h // 7) % len(_MENUS)], _CRUMBS[(h // 29) % len(_CRUMBS)]]
    listing = _LISTINGS[(h // 31) % len(_LISTINGS)].format(n=n, total=total,
                                                           pages=(total + n - 1) // n)
    return "\n".join(lines) + "\n\n" + listing


def _arrow_points(a: SourceArticle) -> list[str]:
    """Three or four "→ <sentence>" lines from the article's prose paragraphs (after the
    lead where there are enough)."""
    prose = [p for p in a.paragraphs if len(p.split()) >= 8]
    n = 3 + _key("arrows|" + a.name) % 2
    paras = prose[1:] if len(prose) > n else (prose or list(a.paragraphs))
    items = [c for c in (_point(" ".join(p.split()), 18) for p in paras[:n]) if c]
    if not items:
        items = [_point(" ".join(a.paragraphs[0].split()), 18) or a.title]
    return [f"→ {c[:1].upper()}{c[1:]}" for c in items]


_MOST_READ_LABELS = ("MOST READ", "Most popular right now", "TRENDING", "Readers' picks")
_HEADLINES = (
    "Early voting turnout breaks records in several states",
    "What the latest jobs numbers mean for the economy",
    "Senate leaders trade blame as spending deadline nears",
    "Inside the ground game: how campaigns find new voters",
    "Five things to watch in the final weeks of the race",
    "Governors split over new federal education rules",
    "Fact-checking the claims from the Sunday shows",
    "Why many young voters are still undecided",
    "A small town's factory closes, and its politics shift",
    "The lawyers preparing for a disputed election night",
)
_POLL_LABELS = ("READER POLL", "Quick poll", "HAVE YOUR SAY")
_POLLS = (
    ("Which issue matters most to your vote this year?",
     ("The economy and jobs", "National security", "Health care", "Immigration")),
    ("How closely are you following the presidential race?",
     ("Very closely", "Somewhat closely", "Not at all")),
    ("Do you plan to vote early this year?",
     ("Yes, by mail", "Yes, in person", "No, on Election Day", "Not sure yet")),
    ("Should there be more than three presidential debates?",
     ("Yes", "No", "No opinion")),
)
_POLL_CLOSINGS = ("Vote online to see the results so far.",
                  "Results will be published in Friday's edition.",
                  "Cast your vote on our website; one vote per reader.")


def _most_read(arts: Sequence[SourceArticle]) -> tuple[int, str]:
    """A label, a blank line and three numbered headlines, after the second article."""
    h = _page_key(arts) // 3
    first = h % len(_HEADLINES)
    items = [_HEADLINES[(first + 3 * j) % len(_HEADLINES)] for j in range(3)]
    return 2, (_MOST_READ_LABELS[(h // 11) % len(_MOST_READ_LABELS)] + "\n\n"
               + "\n".join(f"{k}. {t}" for k, t in enumerate(items, 1)))


def _reader_poll(arts: Sequence[SourceArticle]) -> str:
    h = _page_key(arts) // 5
    question, options = _POLLS[h % len(_POLLS)]
    return "\n".join((_POLL_LABELS[(h // 7) % len(_POLL_LABELS)], question,
                      *(f"( ) {o}" for o in options),
                      _POLL_CLOSINGS[(h // 13) % len(_POLL_CLOSINGS)]))


_PRINT_PUBLISHERS = {"nyt", "wash-post", "usa-today", "parc"}
_CLIP_SECTIONS = ("Politics", "Nation", "Campaign 2016", "National News", "Elections", "Opinion")
_BOX_INNER = 66


def _clip_box(a: SourceArticle, k: int, n: int) -> str:
    """A four-line ASCII box: rule, publisher and date, section and page, rule."""
    h = _key("clip|" + a.name)
    d = _date(a)
    when = f"{d.day} {d.strftime('%b')} {d.year}" if d else "2016"
    where = f"Page A{1 + h % 19}" if a.publisher in _PRINT_PUBLISHERS else "Web edition"
    section = f"Section: {_CLIP_SECTIONS[(h // 19) % len(_CLIP_SECTIONS)]}"
    rule = "+" + "-" * (_BOX_INNER + 2) + "+"
    w = _BOX_INNER - 26
    return "\n".join((rule, f"| {_publisher(a).upper():<{w}}{when:>26} |",
                      f"| {section:<{w}}{where:>26} |", rule))


def _centre_indent(title: str, width: int = 78) -> str:
    return " " * max(4, (width - len(title)) // 2)


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_HOSTS = ("newsdesk", "feedbox", "ingest-02", "mailer01")
_PROGRAMS = ("digest-mailer", "newsfeed", "clipper", "morningbrief")


def _syslog_prefix(arts: Sequence[SourceArticle]) -> str:
    """``Sep 27 06:00:01 newsdesk digest-mailer[2231]: `` (syslog pads a one-digit day)."""
    h = _page_key(arts)
    d = _date(arts[0])
    month, day = (_MONTHS[d.month - 1], d.day) if d else ("Sep", 27)
    return (f"{month} {day:>2} {5 + h % 3:02d}:{(h // 3) % 60:02d}:{(h // 181) % 60:02d} "
            f"{_HOSTS[(h // 7) % len(_HOSTS)]} {_PROGRAMS[(h // 37) % len(_PROGRAMS)]}"
            f"[{1000 + (h // 11) % 30000}]: ")


#: The round-12 held-out layouts (dev), in the order of the kinds (``layout_1`` is kind 1).
#: Nothing in the splitters may be tuned on them.
ROUND12_HELD_OUT_LAYOUTS: tuple[Round12Layout, ...] = (
    Round12Layout("site-navigation-chrome", preamble=_site_chrome, preamble_gap="\n\n\n",
                  gap_between="\n\n\n\n"),
    Round12Layout("run-in-pipe", run_in_for=lambda t: " | ", paragraph_join="\n",
                  gap_between="\n\n\n"),
    Round12Layout("arrow-points-after-blank", highlights=_arrow_points, title_body_gap="\n\n",
                  highlights_gap="\n\n", gap_between="\n\n\n\n"),
    Round12Layout("most-read-list-and-reader-poll", between_block=_most_read,
                  footer=_reader_poll, footer_gap="\n\n\n", title_body_gap="\n",
                  gap_between="\n\n\n"),
    Round12Layout("clip-service-box-headers", header=_clip_box, header_gap="\n\n",
                  gap_between="\n\n\n"),
    Round12Layout("centred-titles-wrapped-no-blank-lines", title_indent=_centre_indent, wrap=76,
                  title_body_gap="\n", paragraph_join="\n", gap_between="\n"),
    Round12Layout("json-array-export", json_export=True),
    Round12Layout("syslog-prefixed-lines", line_prefix_for=_syslog_prefix, title_body_gap="\n",
                  gap_between="\n\n\n\n"),
)


def _json_str(s: str) -> str:
    """``s`` as ``json.dumps(..., ensure_ascii=False)`` prints it inside its quotes."""
    return json.dumps(s, ensure_ascii=False)[1:-1]


def _build_json_page(articles: Sequence[SourceArticle], layout: Round12Layout) -> Round12Page:
    base = 20000 + _page_key(articles) % 70000
    records = []
    for k, art in enumerate(articles):
        records.append({"id": base + 7 * k, "source": _publisher(art), "author": art.author,
                        "published": art.published or "2016", "title": art.title,
                        "content": "\n\n".join(art.paragraphs), "url": _url(art),
                        "word_count": sum(len(p.split()) for p in art.paragraphs)})
    text = json.dumps(records, indent=2, ensure_ascii=False)
    gold: list[Segment] = []
    titles, printed, gaps, prefixes = [], [], [], []
    at = 0
    title_key, body_key = '\n    "title": "', '",\n    "content": "'
    for art in articles:
        t_inner = _json_str(art.title)
        paras = tuple(_json_str(p) for p in art.paragraphs)
        body = "\\n\\n".join(paras)
        t0 = text.index(title_key + t_inner + body_key + body + '",\n', at) + len(title_key)
        b0 = t0 + len(t_inner) + len(body_key)
        gold.append(Segment(Span(b0, b0 + len(body)), Span(t0, t0 + len(t_inner))))
        at = b0 + len(body)
        titles.append(t_inner)
        printed.append(paras)
        gaps.append(body_key)
        prefixes.append(title_key[1:])
    return Round12Page(layout.name, text, gold, layout, titles=titles, paragraphs=printed,
                       gaps=gaps, title_prefixes=prefixes)


def build_round12_page(articles: Sequence[SourceArticle], layout: Round12Layout) -> Round12Page:
    """Concatenate ``articles`` in ``layout``; gold title = the printed title, gold body =
    from the first character of the article's own content after the title to the end of
    its last paragraph."""
    if layout.json_export:
        return _build_json_page(articles, layout)
    gold: list[Segment] = []
    titles: list[str] = []
    printed: list[tuple[str, ...]] = []
    gaps: list[str] = []
    prefixes: list[str] = []

    page = PageText()
    put = page.put

    n = len(articles)
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
        indent = layout.title_indent(art.title) if layout.title_indent is not None else ""
        put(indent)
        t0 = put(art.title)
        title = Span(t0, page.pos)
        gap = layout.run_in_for(art.title) if layout.run_in_for is not None else layout.title_body_gap
        put(gap)
        b0 = page.pos
        if layout.highlights is not None and layout.run_in_for is None:
            put(layout.highlights_join.join(layout.highlights(art)) + layout.highlights_gap)
        paras = tuple(art.paragraphs)
        if layout.wrap is not None:
            paras = tuple(_hard_wrap(p, layout.wrap) for p in paras)
        put(layout.paragraph_join.join(paras))
        gold.append(Segment(Span(b0, page.pos), title))
        titles.append(art.title)
        printed.append(paras)
        gaps.append(gap)
        prefixes.append(indent)
    if layout.footer is not None:
        put(layout.footer_gap + layout.footer(articles))
    page = Round12Page(layout.name, page.text(), gold, layout, titles=titles,
                       paragraphs=printed, gaps=gaps, title_prefixes=prefixes)
    if layout.line_prefix_for is not None:
        p = _prefix_lines(page, layout.line_prefix_for(articles))
        page = Round12Page(p.layout, p.text, p.gold, p.spec, titles=p.titles,
                           paragraphs=p.paragraphs, gaps=p.gaps, title_prefixes=p.title_prefixes)
    return page


def round12_held_out_pages(dev: Sequence[SourceArticle], pages_per_layout: int = 40,
                           seed: int = ROUND12_SEED) -> list[Round12Page]:
    """``pages_per_layout`` pages per round-12 layout, each of 3-6 PolNeAR dev articles
    drawn without replacement (as rounds 9 to 11 and
    :func:`evals.segmentation.layouts.build_pages` draw them)."""
    return build_pages(dev, ROUND12_HELD_OUT_LAYOUTS, pages_per_layout, seed, build=build_round12_page)


def check_gold(page: Round12Page) -> None:
    """Assert the page's gold is exact: one segment per article, in page order and
    disjoint; each title span is exactly the printed title and the text between the start
    of its line and the span is exactly the layout's prefix; the text between a title span
    and its body span is exactly the layout's joiner or gap (no letter or digit but in
    the page's line prefix, and but for the record export, whose gap is a closing quote
    and the next key); each body span
    holds the article's printed paragraphs in order, ends with the last one, and has no
    surrounding whitespace; the text outside the segments holds no article paragraph line
    (other than inside a title); layout 6 and 8 pages have no empty line and layout 8
    pages no line without the page's prefix."""
    text, gold = page.text, page.gold
    assert len(gold) == len(page.titles) == len(page.paragraphs) == len(page.gaps) \
        == len(page.title_prefixes) >= 3, page.layout
    spec = page.spec
    assert isinstance(spec, Round12Layout), page.layout
    line_prefix = page.title_prefixes[0] if spec.line_prefix_for is not None else ""
    if spec.title_indent is not None or line_prefix:
        assert "\n\n" not in text, (page.layout, "no empty line")
    if line_prefix:
        assert all(ln.startswith(line_prefix.rstrip()) for ln in text.split("\n")), \
            (page.layout, "line prefix")
    prev_end = 0
    for seg, title, paras, gap, prefix in zip(gold, page.titles, page.paragraphs, page.gaps,
                                              page.title_prefixes):
        t, b = seg.title, seg.body
        assert t is not None
        assert text[t.start:t.end] == title, (page.layout, "title span")
        assert title == title.strip() and "\n" not in title, (page.layout, "title whitespace")
        line_start = text.rfind("\n", 0, t.start) + 1
        assert text[line_start:t.start] == prefix, (page.layout, "title line prefix")
        assert prev_end <= line_start, (page.layout, "title line after the previous body")
        assert prev_end <= t.start < t.end <= b.start < b.end, (page.layout, "order")
        assert text[t.end:b.start] == gap, (page.layout, "title-body gap")
        if not spec.json_export:   # (the page's line prefix aside)
            bare_gap = gap.replace(line_prefix.rstrip(), "") if line_prefix else gap
            assert not any(c.isalnum() for c in bare_gap), (page.layout, "gap text")
        assert_body(page, b, paras)
        prev_end = b.end
    rest = text_outside(page)
    for paras in page.paragraphs:
        for p in paras:
            for line in p.split("\n"):
                if line_prefix and line.startswith(line_prefix.rstrip()):
                    line = line[len(line_prefix.rstrip()):]
                line = line.strip()
                if len(line) >= 40:
                    assert line not in rest, (page.layout, "paragraph outside segments")


def check_all_gold(pages: Sequence[Round12Page]) -> int:
    """:func:`check_gold` on every page; the number of pages checked."""
    return check_each(pages, check_gold)
