"""Round-9 held-out layouts for aggregator-page splitting (issue #3).

KEEP THIS FILE CLOSED if you work on a splitter (the rules of
:mod:`newstrace.ingest.segment` or a learned splitter): the layouts below are a blind test.
Score a splitter with ``python -m evals.segmentation.score_held_out --round 9 --splitter MODULE:FUNCTION``, which prints
aggregate numbers only.

The round-9 layouts were written to be a never-seen test for *both* the rule splitter
(tuned on the round 1-8 layouts' train twins and ``random_train``) and a learned splitter
trained on pages drawn from :func:`evals.segmentation.random_layouts.random_layout`. Their pages
are built from PolNeAR **dev** articles with RNG seed :data:`ROUND9_SEED` (41; the harness
uses 13 to 20, 8001/8002 and 9001/9002, the learned-splitter experiment 20001/20002 and
30001/30002).

What ``random_layout``'s grammar can produce (read from ``random_layouts.py``): every page
starts with the first article (a kicker label at most); between two articles there is a
gap of 2-4 newlines, or ONE separator line (a rule, spaced rule, a few words with or
without a mark, or "<Word>: <next title>", "<Word> k of n", "k/n", "<Word> #k") with
1-3 newlines around it, plus optionally the same separator after the last article; each
title is on its own line(s) (optionally repeated, upper-cased, prefixed by a section
label, heading marker, bullet, bold markers or a number, suffixed by a publisher, date,
"[LABEL]" or time, sentence-cased, hard-wrapped), followed by 1-3 newlines; under it an
optional byline or block of 2-3 *metadata* lines (author, date, publisher-date, read
time, caption credit); paragraphs joined by 1-3 newlines, an optional dateline prefix
on the first one, an optional one-line interstitial (1-2 capitalised words, or
"<Label>: <headline>") inside the body, and an optional closing credit line (copyright,
publisher-date, words + publisher, tags, words + author). Nothing else: there is never
text before the first article other than a kicker, never text after the last one other
than a repeated separator, never a block of several lines between articles, never a
title sharing its line with body text, and never a list of prose items under a title.

The layouts, and the feature that puts each outside that grammar (and unlike every round
1-8 layout, none of which has any of these features):

1. ``toc-masthead`` - an e-mail newsletter: a masthead line (newsletter name and date)
   and an "In this issue:" list repeating every article's title as a "- " item open the
   page (part of no article), then the articles, bare titles, blank-line gaps. Outside the
   grammar: page-level text before the first article (the grammar allows only a
   per-article kicker line there), and each title printed twice far apart (the grammar's
   ``repeat_title`` repeats it only directly under itself; its "<Word>: <next title>"
   separator names only the next article, one line before it).
2. ``run-in-title`` - a digest in which each title runs into its article's lead on the
   same line ("<Title> — <lead paragraph>"); articles separated by a blank line. Outside the
   grammar: the title never has a line of its own (``title_body_gap`` is always 1-3
   newlines there); the gold title span ends inside a line.
3. ``highlights-under-title`` - each title followed by two or three "• " bullet
   highlights (short clauses taken from the article's paragraphs, no final full stop, as
   "Story highlights" boxes print them), then the body; the bullets are part of the
   article. Outside the grammar: the lines under a title are only metadata lines
   (author/date/publisher/read time/caption) there; bullets occur only as a *title*
   decoration, and a list of several prose-like, title-shaped lines inside an article
   never occurs.
4. ``sponsor-block-and-footer`` - bare titles and blank-line gaps, one multi-line
   sponsored block (a "SPONSORED" label, an ad headline in title case, a sentence of ad
   copy, a "Learn more" line) between two of the articles, and an e-mail footer
   (subscription notice, unsubscribe line, postal address) after the last article; the
   block and the footer are part of no article. Outside the grammar: text between two
   articles is at most one separator line there (here a block of four lines whose second
   is headline-shaped, on one boundary only), and nothing but a repeated separator may
   follow the last article.

Gold: every title is printed verbatim (the ``title`` column of PolNeAR's metadata), so its
gold span is exactly the title text; the body span runs from the first character after
the title's gap (the highlights for layout 3, the lead for layout 2) to the end of the
last paragraph. :func:`check_gold` asserts this for every page.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from newstrace.eval.segmentation import Page
from newstrace.ingest.segment import Segment
from newstrace.model import Span

from .layouts import Layout, PageText, SourceArticle, _fmt_date, _key, build_pages

#: RNG seed of the round-9 pages (not used anywhere in the other page generators).
ROUND9_SEED = 41


@dataclass(frozen=True, slots=True)
class Round9Layout(Layout):
    """A :class:`Layout` with the page-level elements of round 9 (built by
    :func:`build_round9_page`, which supports only ``gap_between``, ``paragraph_join`` and
    ``title_body_gap`` of the base fields besides these)."""

    # text before the first article (part of no article), from the page's articles
    preamble: Callable[[Sequence[SourceArticle]], str] | None = None
    preamble_gap: str = "\n\n"
    # the title runs into the first paragraph on the same line, joined by this text
    run_in: str | None = None
    # lines between the title and the body, part of the body
    highlights: Callable[[SourceArticle], Sequence[str]] | None = None
    highlights_gap: str = "\n\n"
    # one block of lines between two articles (part of no article): (after article k, text)
    between_block: Callable[[Sequence[SourceArticle]], tuple[int, str]] | None = None
    # text after the last article (part of no article)
    footer: Callable[[Sequence[SourceArticle]], str] | None = None
    footer_gap: str = "\n\n"


@dataclass(slots=True)
class Round9Page(Page):
    """A round-9 page, with what :func:`check_gold` needs: each article's printed title and
    its paragraphs."""

    titles: list[str] = field(default_factory=list)
    paragraphs: list[tuple[str, ...]] = field(default_factory=list)


# ---------------------------------------------------------------------------------------
# generator data (the splitters never see it)

_NEWSLETTERS = ("THE DAILY BRIEFING", "Politics Today", "The Campaign Roundup", "MORNING BALLOT",
                "The Capitol Digest", "Election Watch Weekly")
_TOC_HEADS = ("In this issue:", "In today's edition:", "Today's stories:", "Inside this issue:")
_ADS = (
    ("Refinance Your Home at Today's Low Rates",
     "Homeowners are cutting their monthly payments by hundreds of dollars."),
    ("The One Credit Card Experts Keep Recommending",
     "No annual fee, and cash back on every purchase you make."),
    ("Travel Deals You Can Still Book This Fall",
     "Save up to 40 percent on hotels in more than 200 cities."),
    ("Why Smart Investors Are Rethinking Their Portfolios",
     "Our free guide explains what to do before the end of the year."),
    ("Learn a New Language in Just 15 Minutes a Day",
     "Join millions of learners who practise with our app every morning."),
    ("Meal Kits Delivered to Your Door",
     "Fresh ingredients and easy recipes, with your first box half price."),
)
_AD_SITES = ("example-offers.com", "deals.example.net", "learnmore.example.org")
_FOOTER_SITES = ("dailybriefing.example.com", "politicstoday.example.com", "roundup.example.org")


def _page_key(arts: Sequence[SourceArticle]) -> int:
    return _key("|".join(a.name for a in arts))


def _toc_masthead(arts: Sequence[SourceArticle]) -> str:
    """``<Newsletter> | Friday, March 11, 2016``, a blank line, then "In this issue:" and
    one "- <title>" line per article."""
    h = _page_key(arts)
    when = _fmt_date(arts[0].published, "weekday")
    head = f"{_NEWSLETTERS[h % len(_NEWSLETTERS)]} | {when}"
    toc = [_TOC_HEADS[(h // 7) % len(_TOC_HEADS)]] + [f"- {a.title}" for a in arts]
    return head + "\n\n" + "\n".join(toc)


def _clause(p: str, max_words: int = 16) -> str:
    """A paragraph's first sentence or clause, at most ``max_words`` words, without final
    punctuation (a highlight bullet)."""
    words: list[str] = []
    for w in p.split():
        words.append(w)
        if len(words) >= max_words or (len(words) >= 6 and w[-1:] in ".?!;:"):
            break
    return " ".join(words).rstrip(".,;:!?\"'”’ ")


def _highlights(a: SourceArticle) -> list[str]:
    """Two or three "• <clause>" lines from the article's first prose paragraphs after the
    lead (at least eight words: no photo credit or one-word line), or from its lead if it has
    no other."""
    prose = [p for p in a.paragraphs if len(p.split()) >= 8]
    paras = prose[1:] or prose or list(a.paragraphs)
    n = 3 if _key(a.name) % 2 else 2
    out = [c for c in (_clause(p) for p in paras[:n]) if c]
    if not out:
        out = [_clause(a.paragraphs[0]) or a.title]
    return ["• " + c for c in out]


def _sponsor_block(arts: Sequence[SourceArticle]) -> tuple[int, str]:
    """A four-line sponsored block after the first or the second article."""
    h = _page_key(arts)
    head, copy = _ADS[h % len(_ADS)]
    site = _AD_SITES[(h // 11) % len(_AD_SITES)]
    after = 1 + (h // 5) % min(2, len(arts) - 1)
    return after, f"SPONSORED\n{head}\n{copy}\nLearn more at {site}"


def _email_footer(arts: Sequence[SourceArticle]) -> str:
    h = _page_key(arts)
    site = _FOOTER_SITES[h % len(_FOOTER_SITES)]
    return (f"You are receiving this email because you subscribed at {site}.\n"
            "Unsubscribe | Update your preferences | View in browser\n"
            "1000 Pennsylvania Avenue NW, Suite 400, Washington, DC 20004")


#: The round-9 held-out layouts (dev). Nothing in the splitters may be tuned on them.
ROUND9_HELD_OUT_LAYOUTS: tuple[Round9Layout, ...] = (
    Round9Layout("toc-masthead", preamble=_toc_masthead),
    Round9Layout("run-in-title", run_in=" — "),
    Round9Layout("highlights-under-title", highlights=_highlights),
    Round9Layout("sponsor-block-and-footer", between_block=_sponsor_block, footer=_email_footer),
)


def build_round9_page(articles: Sequence[SourceArticle], layout: Round9Layout) -> Round9Page:
    """Concatenate ``articles`` in ``layout``; gold title = the printed title, gold body =
    from the first character after the title's gap to the end of the last paragraph."""
    gold: list[Segment] = []

    page = PageText()
    put = page.put

    if layout.preamble is not None:
        put(layout.preamble(articles) + layout.preamble_gap)
    block_after, block = layout.between_block(articles) if layout.between_block else (-1, "")
    for k, art in enumerate(articles):
        if k > 0:
            put(layout.gap_between)
            if k == block_after:
                put(block + layout.gap_between)
        t0 = put(art.title)
        title = Span(t0, page.pos)
        put(layout.run_in if layout.run_in is not None else layout.title_body_gap)
        b0 = page.pos
        if layout.highlights is not None and layout.run_in is None:
            put("\n".join(layout.highlights(art)) + layout.highlights_gap)
        put(layout.paragraph_join.join(art.paragraphs))
        gold.append(Segment(Span(b0, page.pos), title))
    if layout.footer is not None:
        put(layout.footer_gap + layout.footer(articles))
    return Round9Page(layout.name, page.text(), gold, layout,
                      titles=[a.title for a in articles],
                      paragraphs=[tuple(a.paragraphs) for a in articles])


def round9_held_out_pages(dev: Sequence[SourceArticle], pages_per_layout: int = 40,
                          seed: int = ROUND9_SEED) -> list[Round9Page]:
    """``pages_per_layout`` pages per round-9 layout, each of 3-6 PolNeAR dev articles drawn
    without replacement (as :func:`evals.segmentation.layouts.build_pages` draws them)."""
    return build_pages(dev, ROUND9_HELD_OUT_LAYOUTS, pages_per_layout, seed, build=build_round9_page)


def check_gold(page: Round9Page) -> None:
    """Assert the page's gold is exact: one segment per article, in page order and
    disjoint; each title span is exactly the printed title and starts a line; each body span
    starts right after the title's gap, holds the article's paragraphs in order, ends with
    the last one, and has no surrounding whitespace; the text outside the segments holds no
    article paragraph (other than inside a title)."""
    text, gold = page.text, page.gold
    assert len(gold) == len(page.titles) == len(page.paragraphs) >= 3, page.layout
    prev_end = 0
    for seg, title, paras in zip(gold, page.titles, page.paragraphs):
        t, b = seg.title, seg.body
        assert t is not None
        assert text[t.start:t.end] == title, (page.layout, "title span")
        assert t.start == 0 or text[t.start - 1] == "\n", (page.layout, "title starts a line")
        assert prev_end <= t.start < t.end <= b.start < b.end, (page.layout, "order")
        assert text[t.end:b.start].strip(" —\n") == "", (page.layout, "title-body gap")
        assert_body(page, b, paras)
        prev_end = b.end
    rest = text_outside(page)
    for paras in page.paragraphs:
        for p in paras:
            if len(p) >= 40:
                assert p not in rest, (page.layout, "paragraph outside segments")


def assert_body(page: Page, b: Span, paras: Sequence[str]) -> None:
    """Assert that the body span ``b`` holds the article's printed paragraphs in order, ends
    with the last one, and has no surrounding whitespace (the check every round shares)."""
    body = page.text[b.start:b.end]
    assert body == body.strip(), (page.layout, "body whitespace")
    assert body.endswith(paras[-1]), (page.layout, "body end")
    at = 0
    for p in paras:
        j = body.find(p, at)
        assert j >= 0, (page.layout, "paragraph in body")
        at = j + len(p)
    assert body[at:] == "", (page.layout, "body tail")


def text_outside(page: Round9Page) -> str:
    """The page's text outside every gold segment (before each title, after each body),
    with every printed title taken out (a title may contain a paragraph: a PolNeAR
    subtitle)."""
    outside, last = [], 0
    for seg in page.gold:
        outside.append(page.text[last:seg.title.start])
        last = seg.body.end
    outside.append(page.text[last:])
    rest = "\n".join(outside)
    for title in page.titles:
        rest = rest.replace(title, "")
    return rest


def check_each(pages: Sequence[Page], check: Callable[[Page], None]) -> int:
    """``check`` on every page; the number of pages checked."""
    for page in pages:
        check(page)
    return len(pages)


def check_all_gold(pages: Sequence[Round9Page]) -> int:
    """:func:`check_gold` on every page; the number of pages checked."""
    return check_each(pages, check_gold)
